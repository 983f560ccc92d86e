/* volunteers.c — the volunteering tables of a bundle (docs/volunteers.md):
 * organisations, the roster (volunteers: per number a salt, a verifier and
 * a sealed first name; never a code or a readable name), events and the
 * general shift's hours. Read as strictly as every other table (rows.c):
 * a value of the wrong type, size or range refuses the whole bundle with
 * the table and row named. A bundle without these tables has no
 * volunteering; one with some of them but not all is refused. Also when an
 * event's check-in window is open, on the centre's local clock. */
#include "content_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MINUTES_PER_DAY 1440
#define LAST_WEEKDAY 6

static const char *const TABLES[] = { "organisations", "volunteers", "events", "event_hours" };

static int tables_present(sqlite3 *db, int *count, char err[WK_ERR_MAX])
{
    *count = 0;
    for (size_t i = 0; i < WK_ARRAY_LEN(TABLES); i++) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", -1,
                               &st, NULL) != SQLITE_OK) {
            wk_seterr(err, "bundle cannot be read: %s", sqlite3_errmsg(db));
            return WK_EFORMAT;
        }
        sqlite3_bind_text(st, 1, TABLES[i], -1, SQLITE_STATIC);
        *count += sqlite3_step(st) == SQLITE_ROW;
        sqlite3_finalize(st);
    }
    return 0;
}

static int load_organisations(struct content *c, char err[WK_ERR_MAX])
{
    struct content_rows r;
    int rc = content_count_rows(c->db, "organisations", CONTENT_MAX_ORGANISATIONS, &c->organisation_count,
                                err);
    if (rc || (rc = content_rows_open(c->db, &r, "organisations", "SELECT id, position, rowid FROM "
                                      "organisations ORDER BY position, id", err)))
        return rc;
    c->organisations = wk_calloc(c->organisation_count + 1, sizeof *c->organisations);
    size_t n = 0;
    while (c->organisations && (rc = content_rows_next(&r, err)) > 0) {
        int64_t position;
        if (n == c->organisation_count) {
            rc = content_rows_fail(&r, err, "more rows than were counted");
            break;
        }
        if ((rc = content_rows_field(c, &r, 0, true, &c->organisations[n].id, err)))
            break;
        r.item = c->organisations[n].id;
        if ((rc = content_rows_int(&r, 1, false, INT64_MIN, INT64_MAX, &position, err)))
            break;
        n++;
    }
    content_rows_close(&r);
    c->organisation_count = n;
    if (!c->organisations || rc == WK_ENOMEM) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    return rc ? rc : content_index_ids(c->organisations, n, sizeof *c->organisations, "organisations",
                                       &c->organisation_ix, err);
}

/* A blob column of exactly size bytes (or, when !exact, more than min and at
 * most size) copied into out. */
static int blob_of(const struct content_rows *r, int col, unsigned char *out, size_t min, size_t size,
                   bool exact, size_t *len, char err[WK_ERR_MAX])
{
    char what[WK_ERR_MAX];
    size_t n = (size_t)sqlite3_column_bytes(r->st, col);
    if (sqlite3_column_type(r->st, col) != SQLITE_BLOB || (exact ? n != size : n <= min || n > size)) {
        snprintf(what, sizeof what, "%s is not a blob of %s%zu bytes", sqlite3_column_name(r->st, col),
                 exact ? "" : "at most ", size);
        return content_rows_fail(r, err, what);
    }
    memcpy(out, sqlite3_column_blob(r->st, col), n);
    *len = n;
    return 0;
}

static int compare_volunteers(const void *a, const void *b)
{
    const struct volunteer_sealed *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

static int load_roster(struct content *c, char err[WK_ERR_MAX])
{
    struct content_rows r;
    int rc = content_count_rows(c->db, "volunteers", VOLUNTEER_ID_MAX, &c->volunteer_count, err);
    if (rc || (rc = content_rows_open(c->db, &r, "volunteers", "SELECT id, organisation, salt, verifier, "
                                      "name, rowid FROM volunteers ORDER BY id", err)))
        return rc;
    c->volunteers = wk_calloc(c->volunteer_count + 1, sizeof *c->volunteers);
    size_t n = 0, len;
    while (c->volunteers && (rc = content_rows_next(&r, err)) > 0) {
        struct volunteer_sealed *v = &c->volunteers[n];
        int64_t id;
        int org;
        if (n == c->volunteer_count) {
            rc = content_rows_fail(&r, err, "more rows than were counted");
            break;
        }
        if ((rc = content_rows_int(&r, 0, false, 1, VOLUNTEER_ID_MAX, &id, err)) ||
            (rc = content_rows_item(&r, 1, c->organisation_ix, c->organisation_count, &org, err)) ||
            (rc = blob_of(&r, 2, v->salt, 0, sizeof v->salt, true, &len, err)) ||
            (rc = blob_of(&r, 3, v->verifier, 0, sizeof v->verifier, true, &len, err)) ||
            (rc = blob_of(&r, 4, v->name, VOLUNTEER_SEALED_NAME_MAX - VOLUNTEER_NAME_MAX, sizeof v->name,
                          false, &v->name_len, err)))
            break;
        v->id = (uint32_t)id;
        if (n > 0 && c->volunteers[n - 1].id == v->id) {
            rc = content_rows_fail(&r, err, "the volunteer's number is there twice");
            break;
        }
        n++;
    }
    content_rows_close(&r);
    c->volunteer_count = n;
    if (!c->volunteers || rc == WK_ENOMEM) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    return rc;
}

/* "2026-12-12T14:00" (as welkomctl writes it) into local minutes. */
static int local_of(const struct content_rows *r, int col, content_local_min *out, char err[WK_ERR_MAX])
{
    const char *s;
    char day[11], what[WK_ERR_MAX], shown[CONTENT_MAX_FIELD_BYTES];
    int rc = content_rows_text(r, col, false, CONTENT_MAX_FIELD_BYTES, &s, err);
    if (rc)
        return rc;
    int32_t d = -1;
    if (strlen(s) == 16 && s[10] == 'T' && s[13] == ':') {
        memcpy(day, s, 10);
        day[10] = '\0';
        d = content_day_parse(day);
    }
    int h = -1, m = -1;
    for (int i = 11; d >= 0 && i < 16; i++)
        if (i != 13 && (s[i] < '0' || s[i] > '9'))
            d = -1;
    if (d >= 0) {
        h = (s[11] - '0') * 10 + (s[12] - '0');
        m = (s[14] - '0') * 10 + (s[15] - '0');
    }
    if (d < 0 || h > 23 || m > 59) {
        snprintf(what, sizeof what, "%s \"%.40s\" is not a local time like 2026-12-12T14:00",
                 sqlite3_column_name(r->st, col), content_printable(s, shown, sizeof shown));
        return content_rows_fail(r, err, what);
    }
    *out = (content_local_min)d * MINUTES_PER_DAY + h * 60 + m;
    return 0;
}

static int event_row(struct content *c, struct content_rows *r, struct content_event *e,
                     char err[WK_ERR_MAX])
{
    int64_t general, position;
    int rc = content_rows_field(c, r, 0, true, &e->id, err);
    if (rc)
        return rc;
    r->item = e->id;
    if ((rc = content_rows_item(r, 1, c->organisation_ix, c->organisation_count, &e->organisation, err)) ||
        (rc = content_rows_field(c, r, 2, true, &e->pictogram, err)) ||
        (rc = content_rows_int(r, 3, false, 0, 1, &general, err)) ||
        (rc = content_rows_small(r, 6, false, 0, CONTENT_MAX_EVENT_MARGIN_MIN, &e->margin_min, err)) ||
        (rc = content_rows_field(c, r, 7, false, &e->place_plain, err)) ||
        (rc = content_rows_int(r, 8, false, INT64_MIN, INT64_MAX, &position, err)))
        return rc;
    e->general = general;
    if (e->general) {
        if (sqlite3_column_type(r->st, 4) != SQLITE_NULL || sqlite3_column_type(r->st, 5) != SQLITE_NULL)
            return content_rows_fail(r, err, "the general shift has hours, not starts and ends");
        return 0;
    }
    if ((rc = local_of(r, 4, &e->starts, err)) || (rc = local_of(r, 5, &e->ends, err)))
        return rc;
    if (e->ends <= e->starts)
        return content_rows_fail(r, err, "the event ends before it starts");
    if (e->ends - e->starts > (content_local_min)CONTENT_MAX_EVENT_DAYS * MINUTES_PER_DAY)
        return content_rows_fail(r, err, "the event is longer than the longest an event may be");
    return 0;
}

static int load_events(struct content *c, char err[WK_ERR_MAX])
{
    struct content_rows r;
    int rc = content_count_rows(c->db, "events", CONTENT_MAX_EVENTS, &c->event_count, err);
    if (rc || (rc = content_rows_open(c->db, &r, "events", "SELECT id, organisation, pictogram, general, "
                                      "starts, ends, margin_min, place, position, rowid FROM events "
                                      "ORDER BY position, id", err)))
        return rc;
    c->events = wk_calloc(c->event_count + 1, sizeof *c->events);
    size_t n = 0;
    while (c->events && (rc = content_rows_next(&r, err)) > 0) {
        if ((rc = n < c->event_count ? event_row(c, &r, &c->events[n], err)
                                     : content_rows_fail(&r, err, "more rows than were counted")))
            break;
        n++;
    }
    content_rows_close(&r);
    c->event_count = n;
    if (!c->events || rc == WK_ENOMEM) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    return rc ? rc : content_index_ids(c->events, n, sizeof *c->events, "events", &c->event_ix, err);
}

static int load_event_hours(struct content *c, char err[WK_ERR_MAX])
{
    struct content_rows r;
    size_t rows, read = 0;
    int rc = content_count_rows(c->db, "event_hours", CONTENT_MAX_SCHEDULE_ROWS, &rows, err);
    if (rc || (rc = content_rows_open(c->db, &r, "event_hours", "SELECT event, weekday, opens, closes, "
                                      "rowid FROM event_hours ORDER BY event, weekday, opens", err)))
        return rc;
    while ((rc = content_rows_next(&r, err)) > 0) {
        int e, wd, opens, closes;
        if ((rc = read++ == rows ? content_rows_fail(&r, err, "more rows than were counted")
                                 : content_rows_item(&r, 0, c->event_ix, c->event_count, &e, err)))
            break;
        r.item = c->events[e].id;
        if (!c->events[e].general) {
            rc = content_rows_fail(&r, err, "hours for an event that is not the general shift");
            break;
        }
        if ((rc = content_rows_small(&r, 1, false, 0, LAST_WEEKDAY, &wd, err)) ||
            (rc = content_rows_small(&r, 2, false, 0, MINUTES_PER_DAY, &opens, err)) ||
            (rc = content_rows_small(&r, 3, false, 0, MINUTES_PER_DAY, &closes, err)) ||
            (rc = content_add_range(&c->events[e].week[wd], opens, closes, &r, err)))
            break;
    }
    content_rows_close(&r);
    return rc;
}

/* The roster's cost from the settings (volunteer_cost_kib, _passes),
 * refused outside volunteer_cost_valid's bounds: a bundle cannot make one
 * check cost gigabytes. */
static int load_cost(struct content *c, char err[WK_ERR_MAX])
{
    struct content_pair pairs[CONTENT_MAX_META_ROWS];
    size_t n;
    int64_t kib, passes;
    int rc = content_read_pairs(c, "settings", pairs, WK_ARRAY_LEN(pairs), &n, err);
    if (rc)
        return rc;
    const char *k = content_pair_value(pairs, n, "volunteer_cost_kib");
    const char *p = content_pair_value(pairs, n, "volunteer_cost_passes");
    if (!k && !p && c->volunteer_count == 0)
        return 0;
    if (!k || !p || content_parse_whole(k, 0, UINT32_MAX, &kib) ||
        content_parse_whole(p, 0, UINT32_MAX, &passes)) {
        wk_seterr(err, "bundle settings volunteer_cost_kib and volunteer_cost_passes are not both "
                  "whole numbers");
        return WK_EFORMAT;
    }
    c->volunteer_cost = (struct volunteer_cost){ (uint32_t)kib, (uint32_t)passes };
    if ((rc = volunteer_cost_valid(c->volunteer_cost, err)))
        wk_seterr(err, "bundle settings: the roster's code cost is %u KiB and %u passes (allowed: "
                  "%d to %d KiB, 1 to %d passes)", (unsigned)kib, (unsigned)passes,
                  VOLUNTEER_COST_KIB_MIN, VOLUNTEER_COST_KIB_MAX, VOLUNTEER_COST_PASSES_MAX);
    return rc;
}

int content_load_volunteers(struct content *c, char err[WK_ERR_MAX])
{
    int present, rc = tables_present(c->db, &present, err);
    if (rc || present == 0)
        return rc;
    if (present != (int)WK_ARRAY_LEN(TABLES)) {
        wk_seterr(err, "bundle has some of the volunteering tables (organisations, volunteers, events, "
                  "event_hours) but not all");
        return WK_EFORMAT;
    }
    if ((rc = load_organisations(c, err)) || (rc = load_roster(c, err)) || (rc = load_events(c, err)) ||
        (rc = load_event_hours(c, err)))
        return rc;
    return load_cost(c, err);
}

struct content_text *content_volunteer_slot(struct content *c, const char *item, const char *field)
{
    if (!strncmp(item, "organisation:", 13)) {
        int i = content_find(c->organisation_ix, c->organisation_count, item + 13);
        return i >= 0 && !strcmp(field, "title") ? &c->organisations[i].title : NULL;
    }
    int i = content_find(c->event_ix, c->event_count, item + 6);     /* "event:" */
    if (i < 0)
        return NULL;
    return !strcmp(field, "title") ? &c->events[i].title
         : !strcmp(field, "place") ? &c->events[i].place : NULL;
}

void content_clear_volunteer_texts(struct content *c)
{
    for (size_t i = 0; i < c->organisation_count; i++)
        c->organisations[i].title = (struct content_text){ 0 };
    for (size_t i = 0; i < c->event_count; i++)
        c->events[i].title = c->events[i].place = (struct content_text){ 0 };
}

void content_free_volunteers(struct content *c)
{
    free(c->organisations);
    free(c->events);
    free(c->organisation_ix);
    free(c->event_ix);
    free(c->volunteers);
}

const struct content_organisation *content_organisations(const struct content *c, size_t *count)
{
    *count = c ? c->organisation_count : 0;
    return c ? c->organisations : NULL;
}

const struct content_event *content_events(const struct content *c, size_t *count)
{
    *count = c ? c->event_count : 0;
    return c ? c->events : NULL;
}

size_t content_volunteer_count(const struct content *c)
{
    return c ? c->volunteer_count : 0;
}

struct volunteer_cost content_volunteer_cost(const struct content *c)
{
    return c ? c->volunteer_cost : (struct volunteer_cost){ 0, 0 };
}

const struct volunteer_sealed *content_volunteer(const struct content *c, uint32_t id)
{
    if (!c || !c->volunteers)
        return NULL;
    struct volunteer_sealed key = { .id = id };
    return bsearch(&key, c->volunteers, c->volunteer_count, sizeof key, compare_volunteers);
}

bool content_event_open(const struct content_event *e, content_local_min now, content_local_min *window_end)
{
    if (!e->general) {
        if (now < e->starts - e->margin_min || now > e->ends + e->margin_min)
            return false;
        *window_end = e->ends + e->margin_min;
        return true;
    }
    /* Today's ranges, and yesterday's whose margin reaches past midnight. */
    int32_t today = (int32_t)(now / MINUTES_PER_DAY);
    for (int32_t day = today - 1; day <= today; day++) {
        const struct content_day_hours *h = &e->week[content_weekday(day)];
        for (int k = 0; k < h->count; k++) {
            content_local_min base = (content_local_min)day * MINUTES_PER_DAY;
            content_local_min from = base + h->range[k].opens - e->margin_min;
            content_local_min to = base + h->range[k].closes + e->margin_min;
            if (now >= from && now <= to) {
                *window_end = to;
                return true;
            }
        }
    }
    return false;
}

size_t content_events_open(const struct content *c, content_local_min now, int *out, size_t max)
{
    size_t n = 0;
    content_local_min end;
    for (size_t i = 0; c && i < c->event_count; i++)
        if (content_event_open(&c->events[i], now, &end)) {
            if (n < max)
                out[n] = (int)i;
            n++;
        }
    return n;
}

content_local_min content_local_minute(int64_t wall_ms)
{
    int32_t day;
    int minute;
    content_local_time(wall_ms, &day, &minute);
    return (content_local_min)day * MINUTES_PER_DAY + minute;
}
