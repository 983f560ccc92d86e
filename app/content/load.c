/* load.c — reads a verified bundle's tables into the structs of content.h:
 * languages, categories, services with their opening hours, activities
 * with their schedules, settings. Every row is read through rows.c, so
 * each column is checked for its type before it is used, and against the
 * limits and the rules of docs/bundle.md; every loop ends on SQLITE_DONE.
 * A bundle that breaks one rule is refused whole, with the table, the row
 * and the item named. */
#include "content_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MINUTES_PER_DAY 1440
#define LAST_WEEKDAY 6                  /* 0 = Monday … 6 = Sunday */

static int compare_ids(const void *a, const void *b)
{
    return strcmp(((const struct id_index *)a)->id, ((const struct id_index *)b)->id);
}

/* A sorted (id → index) table of n items whose first member is the id, so
 * schedules of 10,000 items find their item in log time. An id that is
 * there twice is refused: rows that name it would belong to either. */
int content_index_ids(const void *items, size_t n, size_t stride, const char *table,
                     struct id_index **out, char err[WK_ERR_MAX])
{
    struct id_index *ix = wk_calloc(n ? n : 1, sizeof *ix);
    if (!ix) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        ix[i] = (struct id_index){ *(const char *const *)((const char *)items + i * stride), (int)i };
    qsort(ix, n, sizeof *ix, compare_ids);
    for (size_t i = 1; i < n; i++)
        if (!strcmp(ix[i - 1].id, ix[i].id)) {
            char id[CONTENT_MAX_FIELD_BYTES];
            wk_seterr(err, "bundle table %s has the id %s twice", table,
                      content_printable(ix[i].id, id, sizeof id));
            free(ix);
            return WK_EFORMAT;
        }
    *out = ix;
    return 0;
}

/* The index of id in a table built by content_index_ids, or -1. A table
 * the bundle does not have (no volunteering tables, say) has no index
 * and n = 0: a text naming one of its items finds nothing. */
int content_find(const struct id_index *ix, size_t n, const char *id)
{
    struct id_index key = { id, 0 };
    const struct id_index *hit = id && ix && n ? bsearch(&key, ix, n, sizeof *ix, compare_ids) : NULL;
    return hit ? hit->index : -1;
}

/* A failure with the column's name and its value quoted. */
static int bad_value(const struct content_rows *r, int col, const char *value, const char *why,
                     char err[WK_ERR_MAX])
{
    char what[WK_ERR_MAX], shown[CONTENT_MAX_FIELD_BYTES];
    snprintf(what, sizeof what, "%s \"%.64s\" %s", sqlite3_column_name(r->st, col),
             content_printable(value, shown, sizeof shown), why);
    return content_rows_fail(r, err, what);
}

/* The index of the item whose id is in column col, refused if none has it. */
int content_rows_item(const struct content_rows *r, int col, const struct id_index *ix, size_t n,
                   int *out, char err[WK_ERR_MAX])
{
    const char *id;
    int rc = content_rows_text(r, col, false, CONTENT_MAX_FIELD_BYTES, &id, err);
    if (rc)
        return rc;
    if ((*out = content_find(ix, n, id)) < 0)
        return bad_value(r, col, id, "is not one of the bundle's", err);
    return 0;
}

/* A day column, YYYY-MM-DD. */
static int day_of(const struct content_rows *r, int col, int32_t *out, char err[WK_ERR_MAX])
{
    const char *s;
    int rc = content_rows_text(r, col, false, CONTENT_MAX_FIELD_BYTES, &s, err);
    if (rc)
        return rc;
    if ((*out = content_day_parse(s)) < 0)
        return bad_value(r, col, s, "is not a date (YYYY-MM-DD)", err);
    return 0;
}

/* The order column of an item: an integer, any integer. */
static int position_of(const struct content_rows *r, int col, char err[WK_ERR_MAX])
{
    int64_t position;
    return content_rows_int(r, col, false, INT64_MIN, INT64_MAX, &position, err);
}

/* A loop that reads a row more than COUNT(*) said the table has. */
static int too_many(const struct content_rows *r, char err[WK_ERR_MAX])
{
    return content_rows_fail(r, err, "more rows than were counted");
}

bool content_language_code_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > CONTENT_MAX_LANGUAGE_CODE)
        return false;
    for (; *s; s++)
        if (*s < 'a' || *s > 'z')
            return false;
    return true;
}

/* One row of the languages table, checked like every other: a code, once;
 * an endonym (what the language screen shows) that is there and fits; a
 * direction that is ltr or rtl; an order and an enabled flag. */
static int language_row(struct content *c, struct content_rows *r, size_t n, char err[WK_ERR_MAX])
{
    struct content_language *l = &c->languages[n];
    const char *code, *endonym, *dir;
    int64_t enabled;
    int rc;
    if ((rc = content_rows_text(r, 0, false, CONTENT_MAX_FIELD_BYTES, &code, err)))
        return rc;
    r->item = code;
    if (!content_language_code_ok(code))
        return bad_value(r, 0, code, "is not a language code (2 or 3 letters a-z)", err);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(c->languages[i].code, code))
            return content_rows_fail(r, err, "the code is there twice");
    if ((rc = content_rows_text(r, 1, false, CONTENT_MAX_ENDONYM_BYTES, &endonym, err)) ||
        (rc = content_rows_text(r, 2, false, CONTENT_MAX_FIELD_BYTES, &dir, err)) ||
        (rc = content_rows_int(r, 3, false, 0, 1, &enabled, err)) || (rc = position_of(r, 4, err)))
        return rc;
    if (!endonym[0])
        return content_rows_fail(r, err, "endonym is empty");
    if (strcmp(dir, "ltr") && strcmp(dir, "rtl"))
        return bad_value(r, 2, dir, "is not ltr or rtl", err);
    snprintf(l->code, sizeof l->code, "%s", code);
    snprintf(l->endonym, sizeof l->endonym, "%s", endonym);
    l->rtl = !strcmp(dir, "rtl");
    l->enabled = enabled;
    return 0;
}

static int load_languages(struct content *c, char err[WK_ERR_MAX])
{
    struct content_rows r;
    int rc = content_count_rows(c->db, "languages", CONTENT_MAX_LANGUAGES, &c->language_count, err);
    if (rc || (rc = content_rows_open(c->db, &r, "languages", "SELECT code, endonym, direction, "
                                      "enabled, position, rowid FROM languages ORDER BY position, code",
                                      err)))
        return rc;
    c->languages = wk_calloc(c->language_count + 1, sizeof *c->languages);
    size_t n = 0;
    while (c->languages && (rc = content_rows_next(&r, err)) > 0) {
        if ((rc = n < c->language_count ? language_row(c, &r, n, err) : too_many(&r, err)))
            break;
        n++;
    }
    content_rows_close(&r);
    c->language_count = n;
    if (!c->languages) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    /* The language a kiosk starts in, and falls back to, is one it offers. */
    bool found = false;
    for (size_t i = 0; i < n; i++)
        found = found || (c->languages[i].enabled &&
                          !strcmp(c->languages[i].code, c->meta.default_language));
    if (!rc && !found) {
        wk_seterr(err, "bundle meta default_language \"%s\" is not an enabled language of the bundle",
                  c->meta.default_language);
        rc = WK_EFORMAT;
    }
    return rc;
}

static int category_row(struct content *c, struct content_rows *r, struct content_category *cat,
                        char err[WK_ERR_MAX])
{
    int rc = content_rows_field(c, r, 0, true, &cat->id, err);
    if (rc)
        return rc;
    r->item = cat->id;
    return (rc = content_rows_field(c, r, 1, true, &cat->pictogram, err)) ? rc : position_of(r, 2, err);
}

static int load_categories(struct content *c, char err[WK_ERR_MAX])
{
    struct content_rows r;
    int rc = content_count_rows(c->db, "categories", CONTENT_MAX_CATEGORIES, &c->category_count, err);
    if (rc || (rc = content_rows_open(c->db, &r, "categories", "SELECT id, pictogram, position, rowid "
                                      "FROM categories ORDER BY position, id", err)))
        return rc;
    c->categories = wk_calloc(c->category_count + 1, sizeof *c->categories);
    size_t n = 0;
    while (c->categories && (rc = content_rows_next(&r, err)) > 0) {
        if ((rc = n < c->category_count ? category_row(c, &r, &c->categories[n], err)
                                        : too_many(&r, err)))
            break;
        n++;
    }
    content_rows_close(&r);
    c->category_count = n;
    if (!c->categories || rc == WK_ENOMEM) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    return rc;
}

static int service_row(struct content *c, struct content_rows *r, struct content_service *s,
                       char err[WK_ERR_MAX])
{
    const char **contact[] = { &s->address, &s->phone, &s->email, &s->website };
    int64_t has_hours;
    int rc = content_rows_field(c, r, 0, true, &s->id, err);
    if (rc)
        return rc;
    r->item = s->id;
    if ((rc = content_rows_field(c, r, 1, true, &s->pictogram, err)))
        return rc;
    for (size_t i = 0; i < WK_ARRAY_LEN(contact); i++)
        if ((rc = content_rows_field(c, r, 2 + (int)i, false, contact[i], err)))
            return rc;
    if ((rc = content_rows_item(r, 6, c->category_ix, c->category_count, &s->category, err)) ||
        (rc = content_rows_int(r, 7, false, 0, 1, &has_hours, err)) || (rc = position_of(r, 8, err)))
        return rc;
    s->has_hours = has_hours;
    return 0;
}

static int load_services(struct content *c, char err[WK_ERR_MAX])
{
    struct content_rows r;
    int rc = content_count_rows(c->db, "services", CONTENT_MAX_SERVICES, &c->service_count, err);
    if (rc || (rc = content_rows_open(c->db, &r, "services", "SELECT id, pictogram, address, phone, "
                                      "email, website, category, has_hours, position, rowid "
                                      "FROM services ORDER BY position, id", err)))
        return rc;
    c->services = wk_calloc(c->service_count + 1, sizeof *c->services);
    size_t n = 0;
    while (c->services && (rc = content_rows_next(&r, err)) > 0) {
        if ((rc = n < c->service_count ? service_row(c, &r, &c->services[n], err) : too_many(&r, err)))
            break;
        n++;
    }
    content_rows_close(&r);
    c->service_count = n;
    if (!c->services || rc == WK_ENOMEM) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    return rc;
}

int content_add_range(struct content_day_hours *h, int opens, int closes, const struct content_rows *r,
                     char err[WK_ERR_MAX])
{
    bool ordered = h->count == 0 || h->range[h->count - 1].closes <= opens;
    if (opens >= closes || !ordered || h->count >= CONTENT_MAX_RANGES_PER_DAY)
        return content_rows_fail(r, err, "bad opening hours: a range that ends before it starts, "
                                 "overlaps the one before or is one too many for the day");
    h->range[h->count++] = (struct content_range){ (int16_t)opens, (int16_t)closes };
    return 0;
}

/* opens and closes of an hours row: minutes of the day. */
static int minutes_of(const struct content_rows *r, int col, bool null_ok, int *opens, int *closes,
                      char err[WK_ERR_MAX])
{
    int rc = content_rows_small(r, col, null_ok, 0, MINUTES_PER_DAY, opens, err);
    return rc ? rc : content_rows_small(r, col + 1, null_ok, 0, MINUTES_PER_DAY, closes, err);
}

static int load_hours(struct content *c, const struct id_index *ix, char err[WK_ERR_MAX])
{
    struct content_rows r;
    size_t rows, read = 0;
    int rc = content_count_rows(c->db, "opening_hours", CONTENT_MAX_SCHEDULE_ROWS, &rows, err);
    if (rc || (rc = content_rows_open(c->db, &r, "opening_hours", "SELECT service, weekday, opens, "
                                      "closes, rowid FROM opening_hours ORDER BY service, weekday, opens",
                                      err)))
        return rc;
    while ((rc = content_rows_next(&r, err)) > 0) {
        int s, wd, opens, closes;
        if ((rc = read++ == rows ? too_many(&r, err) : content_rows_item(&r, 0, ix, c->service_count, &s, err)))
            break;
        r.item = c->services[s].id;
        if ((rc = content_rows_small(&r, 1, false, 0, LAST_WEEKDAY, &wd, err)) ||
            (rc = minutes_of(&r, 2, false, &opens, &closes, err)) ||
            (rc = content_add_range(&c->services[s].week[wd], opens, closes, &r, err)))
            break;
    }
    content_rows_close(&r);
    return rc;
}

/* Exceptions are one slice of one array per service, in day order. The
 * query sorts by the service's bytes (COLLATE BINARY: a column declared
 * NOCASE would interleave "A" and "a"), and a service whose rows come in
 * two runs anyway is refused, so no slice can overlap another's. */
static int load_exceptions(struct content *c, const struct id_index *ix, char err[WK_ERR_MAX])
{
    struct content_rows r;
    size_t rows, read = 0;
    int rc = content_count_rows(c->db, "opening_exceptions", CONTENT_MAX_SCHEDULE_ROWS, &rows, err);
    if (rc || (rc = content_rows_open(c->db, &r, "opening_exceptions", "SELECT service, day, opens, "
                                      "closes, rowid FROM opening_exceptions ORDER BY service COLLATE "
                                      "BINARY, day COLLATE BINARY, opens", err)))
        return rc;
    struct content_exception *all = arena_alloc(&c->arena, (rows + 1) * sizeof *all);
    size_t n = 0;
    int last_service = -1;
    while (all && (rc = content_rows_next(&r, err)) > 0) {
        int s, opens = -1, closes = -1;
        int32_t day;
        if ((rc = read++ == rows ? too_many(&r, err) : content_rows_item(&r, 0, ix, c->service_count, &s, err)))
            break;
        struct content_service *svc = &c->services[s];
        r.item = svc->id;
        if ((rc = day_of(&r, 1, &day, err)) || (rc = minutes_of(&r, 2, true, &opens, &closes, err)))
            break;
        if ((opens < 0) != (closes < 0)) {
            rc = content_rows_fail(&r, err, "opens and closes are both there or both NULL (closed)");
            break;
        }
        if (s != last_service) {
            if (svc->exception_count > 0) {
                rc = content_rows_fail(&r, err, "the service's exceptions are not read in one run");
                break;
            }
            svc->exceptions = &all[n];
            last_service = s;
        } else if (day < all[n - 1].day) {
            rc = content_rows_fail(&r, err, "the service's exceptions are not read in day order");
            break;
        }
        if (svc->exception_count == 0 || all[n - 1].day != day) {
            all[n++] = (struct content_exception){ .day = day };
            svc->exception_count++;
        }
        if (opens >= 0 && (rc = content_add_range(&all[n - 1].hours, opens, closes, &r, err)))
            break;
    }
    content_rows_close(&r);
    if (!all || rc == WK_ENOMEM) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    return rc;
}

static int activity_row(struct content *c, struct content_rows *r, struct content_activity *a,
                        char err[WK_ERR_MAX])
{
    int64_t signup;
    int rc = content_rows_field(c, r, 0, true, &a->id, err);
    if (rc)
        return rc;
    r->item = a->id;
    a->capacity = 0;                    /* NULL: no limit */
    if ((rc = content_rows_field(c, r, 1, true, &a->pictogram, err)) ||
        (rc = content_rows_item(r, 2, c->category_ix, c->category_count, &a->category, err)) ||
        (rc = content_rows_small(r, 3, true, 0, CONTENT_MAX_CAPACITY, &a->capacity, err)) ||
        (rc = content_rows_int(r, 4, false, 0, 1, &signup, err)) || (rc = position_of(r, 5, err)))
        return rc;
    a->signup = signup;
    return 0;
}

static int load_activities(struct content *c, char err[WK_ERR_MAX])
{
    struct content_rows r;
    int rc = content_count_rows(c->db, "activities", CONTENT_MAX_ACTIVITIES, &c->activity_count, err);
    if (rc || (rc = content_rows_open(c->db, &r, "activities", "SELECT id, pictogram, category, "
                                      "capacity, signup, position, rowid FROM activities "
                                      "ORDER BY position, id", err)))
        return rc;
    c->activities = wk_calloc(c->activity_count + 1, sizeof *c->activities);
    size_t n = 0;
    while (c->activities && (rc = content_rows_next(&r, err)) > 0) {
        if ((rc = n < c->activity_count ? activity_row(c, &r, &c->activities[n], err)
                                        : too_many(&r, err)))
            break;
        n++;
    }
    content_rows_close(&r);
    c->activity_count = n;
    if (!c->activities || rc == WK_ENOMEM) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    return rc;
}

/* One schedule table into an array of rows (activity index, day or weekday,
 * two numbers), checked row by row. */
enum schedule_table { WEEKLY, DATED, CANCELLED, TAKEN };

/* The columns after activity and day of one schedule row into *row. */
static int schedule_row(const struct content_rows *r, enum schedule_table which, int a, int32_t day,
                        void *array, size_t n, char err[WK_ERR_MAX])
{
    int starts = 0, ends = 0, taken = 0, rc = 0;
    if (which == WEEKLY || which == DATED) {
        if ((rc = minutes_of(r, 2, false, &starts, &ends, err)))
            return rc;
        if (starts >= ends)
            return content_rows_fail(r, err, "the session ends before it starts");
    }
    if (which == WEEKLY) {
        /* A from/until that is not a date would silently mean "always"
         * or "never": a bad row like any other. */
        int32_t first = INT32_MIN, last = INT32_MAX;
        const char *from, *until;
        if ((rc = content_rows_text(r, 4, true, CONTENT_MAX_FIELD_BYTES, &from, err)) ||
            (rc = content_rows_text(r, 5, true, CONTENT_MAX_FIELD_BYTES, &until, err)))
            return rc;
        if (from && (first = content_day_parse(from)) < 0)
            return bad_value(r, 4, from, "is not a date (YYYY-MM-DD)", err);
        if (until && (last = content_day_parse(until)) < 0)
            return bad_value(r, 5, until, "is not a date (YYYY-MM-DD)", err);
        ((struct weekly_rule *)array)[n] = (struct weekly_rule){
            a, (int8_t)day, (int16_t)starts, (int16_t)ends, first, last };
    } else if (which == DATED) {
        ((struct dated_session *)array)[n] = (struct dated_session){ a, day, (int16_t)starts,
                                                                      (int16_t)ends };
    } else {
        if (which == TAKEN && (rc = content_rows_small(r, 2, false, 0, CONTENT_MAX_CAPACITY, &taken, err)))
            return rc;
        ((struct day_mark *)array)[n] = (struct day_mark){ a, day, taken };
    }
    return 0;
}

static int load_schedule(struct content *c, const struct id_index *ix, enum schedule_table which,
                         char err[WK_ERR_MAX])
{
    static const char *const table[] = { "activity_weekly", "activity_dates", "activity_cancelled",
                                         "activity_taken" };
    static const char *const sql[] = {
        "SELECT activity, weekday, starts, ends, valid_from, valid_until, rowid FROM activity_weekly",
        "SELECT activity, day, starts, ends, rowid FROM activity_dates",
        "SELECT activity, day, rowid FROM activity_cancelled",
        "SELECT activity, day, taken, rowid FROM activity_taken",
    };
    size_t rows, n = 0;
    struct content_rows r;
    int rc = content_count_rows(c->db, table[which], CONTENT_MAX_SCHEDULE_ROWS, &rows, err);
    if (rc || (rc = content_rows_open(c->db, &r, table[which], sql[which], err)))
        return rc;
    void *array = wk_calloc(rows + 1, which == WEEKLY ? sizeof *c->weekly
                                   : which == DATED ? sizeof *c->dated : sizeof *c->taken);
    while (array && (rc = content_rows_next(&r, err)) > 0) {
        int a, weekday = 0;
        int32_t day = 0;
        if ((rc = n == rows ? too_many(&r, err) : content_rows_item(&r, 0, ix, c->activity_count, &a, err)))
            break;
        r.item = c->activities[a].id;
        if ((rc = which == WEEKLY ? content_rows_small(&r, 1, false, 0, LAST_WEEKDAY, &weekday, err)
                                  : day_of(&r, 1, &day, err)) ||
            (rc = schedule_row(&r, which, a, which == WEEKLY ? weekday : day, array, n, err)))
            break;
        n++;
    }
    content_rows_close(&r);
    if (!array || rc == WK_ENOMEM) {
        wk_seterr(err, "out of memory");
        rc = WK_ENOMEM;
    }
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

/* Sorts the cancelled or taken days for bsearch; a day marked twice for
 * one activity is refused (which count of places taken would hold?). */
static int sort_marks(const struct content *c, struct day_mark *marks, size_t n, const char *table,
                      char err[WK_ERR_MAX])
{
    qsort(marks, n, sizeof *marks, compare_marks);
    for (size_t i = 1; i < n; i++)
        if (!compare_marks(&marks[i - 1], &marks[i])) {
            int y, m, d;
            content_day_to_ymd(marks[i].day, &y, &m, &d);
            wk_seterr(err, "bundle table %s has activity %s on %04d-%02d-%02d twice", table,
                      c->activities[marks[i].activity].id, y, m, d);
            return WK_EFORMAT;
        }
    return 0;
}

/* A setting in seconds from lo to hi into *out; absent leaves *out (0:
 * the kiosk's own). */
static int setting_seconds(const struct content_pair *pairs, size_t n, const char *key, int lo, int hi,
                           int *out, char err[WK_ERR_MAX])
{
    const char *v = content_pair_value(pairs, n, key);
    char shown[CONTENT_MAX_FIELD_BYTES];
    int64_t seconds;
    if (!v)
        return 0;
    if (content_parse_whole(v, lo, hi, &seconds)) {
        wk_seterr(err, "bundle setting %s \"%.32s\" is not %d to %d seconds", key,
                  content_printable(v, shown, sizeof shown), lo, hi);
        return WK_EFORMAT;
    }
    *out = (int)seconds;
    return 0;
}

/* The settings a bundle gives its kiosks; unknown keys are left for a
 * newer firmware. */
static int load_settings(struct content *c, char err[WK_ERR_MAX])
{
    struct content_pair pairs[CONTENT_MAX_META_ROWS];
    size_t n;
    int rc = content_read_pairs(c, "settings", pairs, WK_ARRAY_LEN(pairs), &n, err);
    if (!rc)
        rc = setting_seconds(pairs, n, "idle_timeout_s", CONTENT_MIN_IDLE_S, CONTENT_MAX_IDLE_S,
                             &c->meta.idle_timeout_s, err);
    if (!rc)
        rc = setting_seconds(pairs, n, "bundle_poll_s", CONTENT_MIN_POLL_S, CONTENT_MAX_POLL_S,
                             &c->meta.bundle_poll_s, err);
    static const char *const digit_langs[] = CONTENT_DIGIT_LANGUAGES;
    for (size_t i = 0; i < CONTENT_DIGIT_LANGUAGE_COUNT && !rc; i++) {
        char key[16], shown[CONTENT_MAX_FIELD_BYTES];
        snprintf(key, sizeof key, "digits_%s", digit_langs[i]);
        const char *v = content_pair_value(pairs, n, key);
        if (v && i18n_digits_parse(v, &c->meta.digits[i])) {
            wk_seterr(err, "bundle setting %s \"%.40s\" is not western, arabic-indic or "
                      "extended-arabic-indic", key, content_printable(v, shown, sizeof shown));
            rc = WK_EFORMAT;
        }
    }
    const char *months = rc ? NULL : content_pair_value(pairs, n, "months_ar");
    if (months && strcmp(months, "standard") && strcmp(months, "levantine")) {
        char shown[CONTENT_MAX_FIELD_BYTES];
        wk_seterr(err, "bundle setting months_ar \"%.40s\" is not standard or levantine",
                  content_printable(months, shown, sizeof shown));
        rc = WK_EFORMAT;
    }
    c->meta.levantine_months = months && !strcmp(months, "levantine");
    const char *pin_hash = rc ? NULL : content_pair_value(pairs, n, "staff_pin_hash");
    if (pin_hash && !(rc = content_staff_hash_valid(pin_hash, err)))
        snprintf(c->meta.staff_pin_hash, sizeof c->meta.staff_pin_hash, "%s", pin_hash);
    if (!rc)
        rc = content_load_screen_hours(&c->meta, pairs, n, err);
    /* hub_public_key, in bundles made before the kiosk pinned its hub
     * key, is read past: a bundle does not choose the sealing key. */
    return rc;
}

enum i18n_digits content_digits(const struct content *c, const char *lang)
{
    static const char *const digit_langs[] = CONTENT_DIGIT_LANGUAGES;
    for (size_t i = 0; c && lang && i < CONTENT_DIGIT_LANGUAGE_COUNT; i++)
        if (!strcmp(lang, digit_langs[i]))
            return c->meta.digits[i];
    return I18N_DIGITS_WESTERN;
}

int content_load(struct content *c, char err[WK_ERR_MAX])
{
    int rc;
    if ((rc = load_languages(c, err)) || (rc = load_categories(c, err)) ||
        (rc = content_index_ids(c->categories, c->category_count, sizeof *c->categories, "categories",
                        &c->category_ix, err)))
        return rc;
    if ((rc = load_services(c, err)) || (rc = load_activities(c, err)) ||
        (rc = content_index_ids(c->services, c->service_count, sizeof *c->services, "services",
                        &c->service_ix, err)) ||
        (rc = content_index_ids(c->activities, c->activity_count, sizeof *c->activities, "activities",
                        &c->activity_ix, err)))
        return rc;
    if ((rc = load_hours(c, c->service_ix, err)) || (rc = load_exceptions(c, c->service_ix, err)))
        return rc;
    for (int t = WEEKLY; t <= TAKEN && !rc; t++)
        rc = load_schedule(c, c->activity_ix, (enum schedule_table)t, err);
    if (rc || (rc = sort_marks(c, c->cancelled, c->cancelled_count, "activity_cancelled", err)) ||
        (rc = sort_marks(c, c->taken, c->taken_count, "activity_taken", err)))
        return rc;
    if ((rc = content_load_recordings(c, err)) || (rc = load_settings(c, err)))
        return rc;
    return content_load_volunteers(c, err);
}
