/* rows.c — how every loader of the content module reads a bundle table:
 * row by row until SQLITE_DONE and nothing else (any other step result
 * refuses the bundle), every column checked for the type the schema gives
 * it before it is used (a signed bundle can still hold a blob where an id
 * belongs, a real where a minute belongs, or a NULL anywhere its tables
 * were made without constraints), and every refusal naming the table, the
 * row and, once known, the item. Also the key/value tables (meta,
 * settings) and the one parser of whole numbers a bundle holds. */
#include "content_internal.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

_Static_assert(LONG_MAX >= CONTENT_MAX_VERSION, "a content_version must fit a long");

const char *content_printable(const char *s, char *out, size_t size)
{
    size_t n = 0;
    for (; s && s[n] && n + 1 < size; n++)
        out[n] = (unsigned char)s[n] < ' ' || s[n] == '\x7f' ? '?' : s[n];
    out[n] = '\0';
    return out;
}

/* "row 3 (a-desk)" or "row 3": where a refusal happened. */
static void where(const struct content_rows *r, char *out, size_t size)
{
    char item[CONTENT_MAX_FIELD_BYTES];
    if (r->item)
        snprintf(out, size, "row %lld (%.64s)", (long long)r->row,
                 content_printable(r->item, item, sizeof item));
    else
        snprintf(out, size, "row %lld", (long long)r->row);
}

int content_rows_fail(const struct content_rows *r, char err[WK_ERR_MAX], const char *what)
{
    char at[96];
    where(r, at, sizeof at);
    wk_seterr(err, "bundle table %s, %s: %s", r->table, at, what);
    return WK_EFORMAT;
}

int content_count_rows(sqlite3 *db, const char *table, size_t max, size_t *out, char err[WK_ERR_MAX])
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        wk_seterr(err, "bundle does not match schema %d: %s", CONTENT_SCHEMA_VERSION, sqlite3_errmsg(db));
        return WK_EFORMAT;
    }
    int step = sqlite3_step(st);
    sqlite3_int64 n = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    if (step != SQLITE_ROW)
        wk_seterr(err, "bundle table %s cannot be counted: %s", table, sqlite3_errmsg(db));
    else if ((uint64_t)n > max)
        wk_seterr(err, "bundle has %lld rows in %s; at most %zu are accepted", (long long)n, table, max);
    sqlite3_finalize(st);
    if (step != SQLITE_ROW || (uint64_t)n > max)
        return WK_EFORMAT;
    *out = (size_t)n;
    return 0;
}

int content_rows_open(sqlite3 *db, struct content_rows *r, const char *table, const char *sql,
                      char err[WK_ERR_MAX])
{
    *r = (struct content_rows){ .table = table };
    if (sqlite3_prepare_v2(db, sql, -1, &r->st, NULL) != SQLITE_OK) {
        wk_seterr(err, "bundle does not match schema %d: %s", CONTENT_SCHEMA_VERSION, sqlite3_errmsg(db));
        return WK_EFORMAT;
    }
    r->rowid_col = sqlite3_column_count(r->st) - 1;
    return 0;
}

int content_rows_next(struct content_rows *r, char err[WK_ERR_MAX])
{
    r->item = NULL;
    int step = sqlite3_step(r->st);
    if (step == SQLITE_ROW) {
        r->row = sqlite3_column_int64(r->st, r->rowid_col);
        return 1;
    }
    if (step == SQLITE_DONE)
        return 0;
    const char *why = sqlite3_errmsg(sqlite3_db_handle(r->st));
    if (r->row)
        wk_seterr(err, "bundle table %s cannot be read to the end (after row %lld): %s", r->table,
                  (long long)r->row, why);
    else
        wk_seterr(err, "bundle table %s cannot be read: %s", r->table, why);
    return WK_EFORMAT;
}

void content_rows_close(struct content_rows *r)
{
    sqlite3_finalize(r->st);
    r->st = NULL;
}

static const char *type_name(int type)
{
    switch (type) {
    case SQLITE_INTEGER: return "an integer";
    case SQLITE_FLOAT: return "a real";
    case SQLITE_TEXT: return "text";
    case SQLITE_BLOB: return "a blob";
    default: return "NULL";
    }
}

static int wrong_type(const struct content_rows *r, int col, int type, const char *want,
                      char err[WK_ERR_MAX])
{
    char what[128];
    snprintf(what, sizeof what, "%s is %s, not %s", sqlite3_column_name(r->st, col),
             type_name(type), want);
    return content_rows_fail(r, err, what);
}

int content_rows_text(const struct content_rows *r, int col, bool null_ok, size_t max,
                      const char **out, char err[WK_ERR_MAX])
{
    /* The stored type, asked before sqlite3_column_text converts it. */
    int type = sqlite3_column_type(r->st, col);
    *out = NULL;
    if (type == SQLITE_NULL && null_ok)
        return 0;
    if (type != SQLITE_TEXT)
        return wrong_type(r, col, type, "text", err);
    const char *s = (const char *)sqlite3_column_text(r->st, col);
    int bytes = sqlite3_column_bytes(r->st, col);
    char what[128];
    if (!s) {
        wk_seterr(err, "out of memory reading bundle table %s", r->table);
        return WK_ENOMEM;
    }
    /* "a-desk\0x" is another id to SQLite and the same one to C. */
    if (strlen(s) != (size_t)bytes) {
        snprintf(what, sizeof what, "%s holds a NUL byte", sqlite3_column_name(r->st, col));
        return content_rows_fail(r, err, what);
    }
    if ((size_t)bytes >= max) {
        snprintf(what, sizeof what, "%s is longer than %zu bytes", sqlite3_column_name(r->st, col),
                 max - 1);
        return content_rows_fail(r, err, what);
    }
    *out = s;
    return 0;
}

int content_rows_field(struct content *c, const struct content_rows *r, int col, bool required,
                       const char **out, char err[WK_ERR_MAX])
{
    const char *s;
    *out = NULL;
    int rc = content_rows_text(r, col, !required, CONTENT_MAX_FIELD_BYTES, &s, err);
    if (rc)
        return rc;
    if (!s || !s[0]) {
        char what[96];
        snprintf(what, sizeof what, "%s is empty", sqlite3_column_name(r->st, col));
        return required ? content_rows_fail(r, err, what) : 0;
    }
    if (!(*out = arena_strdup(&c->arena, s))) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    return 0;
}

int content_rows_int(const struct content_rows *r, int col, bool null_ok, int64_t lo, int64_t hi,
                     int64_t *out, char err[WK_ERR_MAX])
{
    int type = sqlite3_column_type(r->st, col);
    if (type == SQLITE_NULL && null_ok)
        return 0;
    if (type != SQLITE_INTEGER)
        return wrong_type(r, col, type, "an integer", err);
    sqlite3_int64 v = sqlite3_column_int64(r->st, col);
    if (v < lo || v > hi) {
        char what[160];
        snprintf(what, sizeof what, "%s is %lld, not from %lld to %lld", sqlite3_column_name(r->st, col),
                 (long long)v, (long long)lo, (long long)hi);
        return content_rows_fail(r, err, what);
    }
    *out = v;
    return 0;
}

int content_rows_small(const struct content_rows *r, int col, bool null_ok, int lo, int hi, int *out,
                       char err[WK_ERR_MAX])
{
    int64_t v = *out;
    int rc = content_rows_int(r, col, null_ok, lo, hi, &v, err);
    if (rc == 0)
        *out = (int)v;
    return rc;
}

int content_read_pairs(struct content *c, const char *table, struct content_pair *pairs, size_t max,
                       size_t *count, char err[WK_ERR_MAX])
{
    char sql[96];
    size_t rows;
    struct content_rows r;
    int rc = content_count_rows(c->db, table, max, &rows, err);
    snprintf(sql, sizeof sql, "SELECT key, value, rowid FROM %s", table);
    if (rc || (rc = content_rows_open(c->db, &r, table, sql, err)))
        return rc;
    size_t n = 0;
    while ((rc = content_rows_next(&r, err)) > 0) {
        const char *key, *value;
        if ((rc = content_rows_text(&r, 0, false, CONTENT_MAX_FIELD_BYTES, &key, err)))
            break;
        r.item = key;
        if ((rc = content_rows_text(&r, 1, false, CONTENT_MAX_FIELD_BYTES, &value, err)))
            break;
        for (size_t i = 0; i < n && !rc; i++)
            if (!strcmp(pairs[i].key, key))
                rc = content_rows_fail(&r, err, "the key is there twice");
        if (rc)
            break;
        if (n == max) {
            rc = content_rows_fail(&r, err, "more rows than were counted");
            break;
        }
        pairs[n].key = arena_strdup(&c->arena, key);
        pairs[n].value = arena_strdup(&c->arena, value);
        if (!pairs[n].key || !pairs[n].value) {
            wk_seterr(err, "out of memory");
            rc = WK_ENOMEM;
            break;
        }
        n++;
    }
    content_rows_close(&r);
    *count = n;
    return rc;
}

const char *content_pair_value(const struct content_pair *pairs, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(pairs[i].key, key))
            return pairs[i].value;
    return NULL;
}

int content_parse_whole(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
    /* Digits only: strtol would also take " 7", "+7" and "-0". */
    long v;
    if (!s || s[0] < '0' || s[0] > '9' || wk_parse_long(s, (long)lo, (long)hi, &v) != 0)
        return WK_EINVAL;
    *out = v;
    return 0;
}

int content_version_parse(const char *s, int64_t *out)
{
    return content_parse_whole(s, 1, CONTENT_MAX_VERSION, out);
}
