/* load.c — reads a verified bundle's tables into the structs of content.h:
 * languages, categories, services with their opening hours, activities
 * with their schedules. Every row is checked against the limits and the
 * rules of docs/bundle.md; a bundle that breaks one is refused whole, with
 * the table and the item named. */
#include "content_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MINUTES_PER_DAY 1440

static int compare_ids(const void *a, const void *b)
{
    return strcmp(((const struct id_index *)a)->id, ((const struct id_index *)b)->id);
}

/* A sorted (id → index) table of n items whose first member is the id, so
 * schedules of 10,000 items find their item in log time. */
static struct id_index *index_ids(const void *items, size_t n, size_t stride)
{
    struct id_index *ix = wk_calloc(n ? n : 1, sizeof *ix);
    if (!ix)
        return NULL;
    for (size_t i = 0; i < n; i++)
        ix[i] = (struct id_index){ *(const char *const *)((const char *)items + i * stride), (int)i };
    qsort(ix, n, sizeof *ix, compare_ids);
    return ix;
}

int content_find(const struct id_index *ix, size_t n, const char *id)
{
    struct id_index key = { id, 0 };
    const struct id_index *hit = id ? bsearch(&key, ix, n, sizeof *ix, compare_ids) : NULL;
    return hit ? hit->index : -1;
}

static int prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, char err[WK_ERR_MAX])
{
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) {
        wk_seterr(err, "bundle does not match schema %d: %s", CONTENT_SCHEMA_VERSION, sqlite3_errmsg(db));
        return WK_EFORMAT;
    }
    return 0;
}

/* COUNT(*) of a table, refused above max. */
static int count_rows(sqlite3 *db, const char *table, size_t max, size_t *out, char err[WK_ERR_MAX])
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
    sqlite3_stmt *st;
    int rc = prepare(db, sql, &st, err);
    if (rc)
        return rc;
    sqlite3_int64 n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    if (n < 0 || (size_t)n > max) {
        wk_seterr(err, "bundle has %lld rows in %s; at most %zu are accepted", (long long)n, table, max);
        return WK_EFORMAT;
    }
    *out = (size_t)n;
    return 0;
}

/* A short text column (id, pictogram, contact field): NULL when empty,
 * refused when longer than CONTENT_MAX_FIELD_BYTES. */
static int field(struct content *c, sqlite3_stmt *st, int col, const char **out, char err[WK_ERR_MAX])
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    *out = NULL;
    if (!s || !s[0])
        return 0;
    if (strlen(s) >= CONTENT_MAX_FIELD_BYTES) {
        wk_seterr(err, "bundle field %s is longer than %d bytes", sqlite3_column_name(st, col),
                  CONTENT_MAX_FIELD_BYTES);
        return WK_EFORMAT;
    }
    *out = arena_strdup(&c->arena, s);
    if (!*out) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    return 0;
}

static int load_languages(struct content *c, char err[WK_ERR_MAX])
{
    sqlite3_stmt *st;
    int rc = count_rows(c->db, "languages", CONTENT_MAX_LANGUAGES, &c->language_count, err);
    if (rc || (rc = prepare(c->db, "SELECT code, endonym, direction, enabled FROM languages "
                                   "ORDER BY position, code", &st, err)))
        return rc;
    c->languages = wk_calloc(c->language_count + 1, sizeof *c->languages);
    size_t n = 0;
    while (c->languages && n < c->language_count && sqlite3_step(st) == SQLITE_ROW) {
        struct content_language *l = &c->languages[n++];
        snprintf(l->code, sizeof l->code, "%s", (const char *)sqlite3_column_text(st, 0));
        snprintf(l->endonym, sizeof l->endonym, "%s", (const char *)sqlite3_column_text(st, 1));
        const char *dir = (const char *)sqlite3_column_text(st, 2);
        l->rtl = dir && !strcmp(dir, "rtl");
        l->enabled = sqlite3_column_int(st, 3) != 0;
    }
    sqlite3_finalize(st);
    c->language_count = n;
    if (!c->languages) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    return 0;
}

static int load_categories(struct content *c, char err[WK_ERR_MAX])
{
    sqlite3_stmt *st;
    int rc = count_rows(c->db, "categories", CONTENT_MAX_CATEGORIES, &c->category_count, err);
    if (rc || (rc = prepare(c->db, "SELECT id, pictogram FROM categories ORDER BY position, id",
                            &st, err)))
        return rc;
    c->categories = wk_calloc(c->category_count + 1, sizeof *c->categories);
    size_t n = 0;
    rc = c->categories ? 0 : WK_ENOMEM;
    while (!rc && n < c->category_count && sqlite3_step(st) == SQLITE_ROW) {
        struct content_category *cat = &c->categories[n++];
        if (!(rc = field(c, st, 0, &cat->id, err)))
            rc = field(c, st, 1, &cat->pictogram, err);
        if (!rc && (!cat->id || !cat->pictogram)) {
            wk_seterr(err, "bundle has a category without id or pictogram");
            rc = WK_EFORMAT;
        }
    }
    sqlite3_finalize(st);
    c->category_count = n;
    if (rc == WK_ENOMEM)
        wk_seterr(err, "out of memory");
    return rc;
}

static int category_of(struct content *c, sqlite3_stmt *st, int col, const char *item, int *out,
                       char err[WK_ERR_MAX])
{
    const char *id = (const char *)sqlite3_column_text(st, col);
    *out = content_find(c->category_ix, c->category_count, id);
    if (*out < 0) {
        wk_seterr(err, "bundle item %s has an unknown category", item);
        return WK_EFORMAT;
    }
    return 0;
}

static int load_services(struct content *c, char err[WK_ERR_MAX])
{
    sqlite3_stmt *st;
    int rc = count_rows(c->db, "services", CONTENT_MAX_SERVICES, &c->service_count, err);
    if (rc || (rc = prepare(c->db, "SELECT id, pictogram, address, phone, email, website, "
                                   "category, has_hours FROM services ORDER BY position, id",
                            &st, err)))
        return rc;
    c->services = wk_calloc(c->service_count + 1, sizeof *c->services);
    size_t n = 0;
    rc = c->services ? 0 : WK_ENOMEM;
    while (!rc && n < c->service_count && sqlite3_step(st) == SQLITE_ROW) {
        struct content_service *s = &c->services[n++];
        const char **fields[] = { &s->id, &s->pictogram, &s->address, &s->phone, &s->email,
                                  &s->website };
        for (int i = 0; i < (int)WK_ARRAY_LEN(fields) && !rc; i++)
            rc = field(c, st, i, fields[i], err);
        if (!rc && (!s->id || !s->pictogram)) {
            wk_seterr(err, "bundle has a service without id or pictogram");
            rc = WK_EFORMAT;
        }
        if (!rc)
            rc = category_of(c, st, 6, s->id, &s->category, err);
        s->has_hours = sqlite3_column_int(st, 7) != 0;
    }
    sqlite3_finalize(st);
    c->service_count = n;
    if (rc == WK_ENOMEM)
        wk_seterr(err, "out of memory");
    return rc;
}

static int add_range(struct content_day_hours *h, int opens, int closes, const char *item,
                     char err[WK_ERR_MAX])
{
    bool ordered = h->count == 0 || h->range[h->count - 1].closes <= opens;
    if (opens < 0 || closes > MINUTES_PER_DAY || opens >= closes || !ordered ||
        h->count >= CONTENT_MAX_RANGES_PER_DAY) {
        wk_seterr(err, "bundle has bad opening hours for %s", item);
        return WK_EFORMAT;
    }
    h->range[h->count++] = (struct content_range){ (int16_t)opens, (int16_t)closes };
    return 0;
}

static int load_hours(struct content *c, const struct id_index *ix, char err[WK_ERR_MAX])
{
    sqlite3_stmt *st;
    size_t rows;
    int rc = count_rows(c->db, "opening_hours", CONTENT_MAX_SCHEDULE_ROWS, &rows, err);
    if (rc || (rc = prepare(c->db, "SELECT service, weekday, opens, closes FROM opening_hours "
                                   "ORDER BY service, weekday, opens", &st, err)))
        return rc;
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        int s = content_find(ix, c->service_count, id), wd = sqlite3_column_int(st, 1);
        if (s < 0 || wd < 0 || wd > 6) {
            wk_seterr(err, "bundle has opening hours for an unknown service or weekday");
            rc = WK_EFORMAT;
            break;
        }
        rc = add_range(&c->services[s].week[wd], sqlite3_column_int(st, 2),
                       sqlite3_column_int(st, 3), id, err);
    }
    sqlite3_finalize(st);
    return rc;
}

static int load_exceptions(struct content *c, const struct id_index *ix, char err[WK_ERR_MAX])
{
    sqlite3_stmt *st;
    size_t rows;
    int rc = count_rows(c->db, "opening_exceptions", CONTENT_MAX_SCHEDULE_ROWS, &rows, err);
    if (rc || (rc = prepare(c->db, "SELECT service, day, opens, closes FROM opening_exceptions "
                                   "ORDER BY service, day, opens", &st, err)))
        return rc;
    struct content_exception *all = arena_alloc(&c->arena, (rows + 1) * sizeof *all);
    size_t n = 0;
    int last_service = -1;
    rc = all ? 0 : WK_ENOMEM;
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        int s = content_find(ix, c->service_count, id);
        int32_t day = content_day_parse((const char *)sqlite3_column_text(st, 1));
        if (s < 0 || day < 0) {
            wk_seterr(err, "bundle has an opening exception for an unknown service or a bad date");
            rc = WK_EFORMAT;
            break;
        }
        struct content_service *svc = &c->services[s];
        if (s != last_service || all[n - 1].day != day) {
            if (s != last_service)
                svc->exceptions = &all[n];
            all[n++] = (struct content_exception){ .day = day };
            svc->exception_count++;
            last_service = s;
        }
        if (sqlite3_column_type(st, 2) != SQLITE_NULL)
            rc = add_range(&all[n - 1].hours, sqlite3_column_int(st, 2), sqlite3_column_int(st, 3),
                           id, err);
    }
    sqlite3_finalize(st);
    if (rc == WK_ENOMEM)
        wk_seterr(err, "out of memory");
    return rc;
}

static int load_activities(struct content *c, char err[WK_ERR_MAX])
{
    sqlite3_stmt *st;
    int rc = count_rows(c->db, "activities", CONTENT_MAX_ACTIVITIES, &c->activity_count, err);
    if (rc || (rc = prepare(c->db, "SELECT id, pictogram, category, capacity, signup "
                                   "FROM activities ORDER BY position, id", &st, err)))
        return rc;
    c->activities = wk_calloc(c->activity_count + 1, sizeof *c->activities);
    size_t n = 0;
    rc = c->activities ? 0 : WK_ENOMEM;
    while (!rc && n < c->activity_count && sqlite3_step(st) == SQLITE_ROW) {
        struct content_activity *a = &c->activities[n++];
        if (!(rc = field(c, st, 0, &a->id, err)))
            rc = field(c, st, 1, &a->pictogram, err);
        if (!rc && (!a->id || !a->pictogram)) {
            wk_seterr(err, "bundle has an activity without id or pictogram");
            rc = WK_EFORMAT;
        }
        if (!rc)
            rc = category_of(c, st, 2, a->id, &a->category, err);
        a->capacity = sqlite3_column_int(st, 3);
        a->signup = sqlite3_column_int(st, 4) != 0;
        if (!rc && (a->capacity < 0 || a->capacity > 100000)) {
            wk_seterr(err, "bundle activity %s has capacity %d", a->id, a->capacity);
            rc = WK_EFORMAT;
        }
    }
    sqlite3_finalize(st);
    c->activity_count = n;
    if (rc == WK_ENOMEM)
        wk_seterr(err, "out of memory");
    return rc;
}

/* One schedule table into an array of rows (activity index, day or weekday,
 * two numbers), checked row by row. */
enum schedule_table { WEEKLY, DATED, CANCELLED, TAKEN };

static int load_schedule(struct content *c, const struct id_index *ix, enum schedule_table which,
                         char err[WK_ERR_MAX])
{
    static const char *const table[] = { "activity_weekly", "activity_dates", "activity_cancelled",
                                         "activity_taken" };
    static const char *const sql[] = {
        "SELECT activity, weekday, starts, ends, valid_from, valid_until FROM activity_weekly",
        "SELECT activity, day, starts, ends FROM activity_dates",
        "SELECT activity, day FROM activity_cancelled",
        "SELECT activity, day, taken FROM activity_taken",
    };
    size_t rows, n = 0;
    sqlite3_stmt *st;
    int rc = count_rows(c->db, table[which], CONTENT_MAX_SCHEDULE_ROWS, &rows, err);
    if (rc || (rc = prepare(c->db, sql[which], &st, err)))
        return rc;
    void *array = wk_calloc(rows + 1, which == WEEKLY ? sizeof *c->weekly
                                   : which == DATED ? sizeof *c->dated : sizeof *c->taken);
    rc = array ? 0 : WK_ENOMEM;
    while (!rc && n < rows && sqlite3_step(st) == SQLITE_ROW) {
        int a = content_find(ix, c->activity_count, (const char *)sqlite3_column_text(st, 0));
        int32_t day = which == WEEKLY ? sqlite3_column_int(st, 1)
                                      : content_day_parse((const char *)sqlite3_column_text(st, 1));
        int starts = sqlite3_column_int(st, 2), ends = sqlite3_column_int(st, 3);
        bool times = which == WEEKLY || which == DATED;
        bool ok = a >= 0 && day >= 0 && (which != WEEKLY || day <= 6) &&
                  (!times || (starts >= 0 && starts < ends && ends <= MINUTES_PER_DAY)) &&
                  (which != TAKEN || starts >= 0);
        if (!ok) {
            wk_seterr(err, "bundle has a bad row in %s", table[which]);
            rc = WK_EFORMAT;
            break;
        }
        if (which == WEEKLY) {
            const char *from = (const char *)sqlite3_column_text(st, 4);
            const char *until = (const char *)sqlite3_column_text(st, 5);
            int32_t first = from ? content_day_parse(from) : INT32_MIN;
            int32_t last = until ? content_day_parse(until) : INT32_MAX;
            /* A from/until that is not a date would silently mean "always"
             * or "never": a bad row like any other. */
            if (first == -1 || last == -1) {
                wk_seterr(err, "bundle has a bad row in %s", table[which]);
                rc = WK_EFORMAT;
                break;
            }
            ((struct weekly_rule *)array)[n] = (struct weekly_rule){
                a, (int8_t)day, (int16_t)starts, (int16_t)ends, first, last };
        } else if (which == DATED) {
            ((struct dated_session *)array)[n] = (struct dated_session){ a, day, (int16_t)starts,
                                                                          (int16_t)ends };
        } else {
            ((struct day_mark *)array)[n] = (struct day_mark){ a, day, which == TAKEN ? starts : 0 };
        }
        n++;
    }
    sqlite3_finalize(st);
    if (rc == WK_ENOMEM)
        wk_seterr(err, "out of memory");
    switch (which) {
    case WEEKLY: c->weekly = array; c->weekly_count = n; break;
    case DATED: c->dated = array; c->dated_count = n; break;
    case CANCELLED: c->cancelled = array; c->cancelled_count = n; break;
    case TAKEN: c->taken = array; c->taken_count = n; break;
    }
    return rc;
}

static int compare_marks(const void *a, const void *b)
{
    const struct day_mark *x = a, *y = b;
    return x->activity != y->activity ? (x->activity > y->activity) - (x->activity < y->activity)
                                      : (x->day > y->day) - (x->day < y->day);
}

int content_load(struct content *c, char err[WK_ERR_MAX])
{
    int rc;
    if ((rc = load_languages(c, err)) || (rc = load_categories(c, err)))
        return rc;
    if (!(c->category_ix = index_ids(c->categories, c->category_count, sizeof *c->categories)))
        goto oom;
    if ((rc = load_services(c, err)) || (rc = load_activities(c, err)))
        return rc;
    c->service_ix = index_ids(c->services, c->service_count, sizeof *c->services);
    c->activity_ix = index_ids(c->activities, c->activity_count, sizeof *c->activities);
    if (!c->service_ix || !c->activity_ix)
        goto oom;
    if ((rc = load_hours(c, c->service_ix, err)) || (rc = load_exceptions(c, c->service_ix, err)))
        return rc;
    for (int t = WEEKLY; t <= TAKEN && !rc; t++)
        rc = load_schedule(c, c->activity_ix, (enum schedule_table)t, err);
    if (rc)
        return rc;
    qsort(c->cancelled, c->cancelled_count, sizeof *c->cancelled, compare_marks);
    qsort(c->taken, c->taken_count, sizeof *c->taken, compare_marks);
    sqlite3_stmt *st;
    if ((rc = prepare(c->db, "SELECT key, value FROM settings LIMIT 64", &st, err)))
        return rc;
    while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        const char *value = (const char *)sqlite3_column_text(st, 1);
        if (key && !strcmp(key, "idle_timeout_s"))
            c->meta.idle_timeout_s = WK_CLAMP(sqlite3_column_int(st, 1), 0, 600);
        else if (key && !strcmp(key, "bundle_poll_s"))
            c->meta.bundle_poll_s = WK_CLAMP(sqlite3_column_int(st, 1), CONTENT_MIN_POLL_S,
                                             CONTENT_MAX_POLL_S);
        else if (key && value && !strcmp(key, "hub_public_key")) {
            struct content_keys k = { 0 };
            if (content_keys_add(&k, value, err)) {
                wk_seterr(err, "bundle setting hub_public_key is not a 32-byte base64 key");
                rc = WK_EFORMAT;
            } else {
                memcpy(c->meta.hub_key, k.key[0], CONTENT_BOX_KEY_BYTES);
                c->meta.has_hub_key = true;
            }
        }
    }
    sqlite3_finalize(st);
    return rc;
oom:
    wk_seterr(err, "out of memory");
    return WK_ENOMEM;
}
