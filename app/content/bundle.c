/* bundle.c — opens a bundle the way docs/bundle.md promises: read the file
 * once into memory with a size cap, verify those very bytes against the
 * pinned keys, hand the same bytes to SQLite read-only (so nothing can
 * change between the check and the use), lock SQLite down, and check
 * integrity and schema version before anything is loaded. */
#include "content_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Files above this are read into memory the kernel maps in one go
 * (MAP_POPULATE): faulting 30 MB in page by page costs 5x more. */
#define CONTENT_MAP_THRESHOLD (1024 * 1024)

/* The longest string or blob SQLite may build while reading a bundle. */
#define CONTENT_SQLITE_MAX_LENGTH (1024 * 1024)

static unsigned char *file_alloc(size_t size)
{
    if (size <= CONTENT_MAP_THRESHOLD)
        return wk_malloc(size);
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
                   -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void content_file_free(unsigned char *bytes, size_t size)
{
    if (!bytes)
        return;
    if (size + 1 <= CONTENT_MAP_THRESHOLD)
        free(bytes);
    else
        munmap(bytes, size + 1);
}

int content_read_file(const char *path, size_t max, unsigned char **out, size_t *size, bool text,
                      char err[WK_ERR_MAX])
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        wk_seterr(err, "cannot open %s: %s", path, strerror(errno));
        return errno == ENOENT ? WK_ENOTFOUND : WK_EIO;
    }
    int rc = WK_EIO;
    unsigned char *buf = NULL;
    struct stat st = { 0 };
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        wk_seterr(err, "%s is not a regular file", path);
        goto out;
    }
    if ((size_t)st.st_size > max) {
        wk_seterr(err, "%s is %lld bytes; at most %zu are accepted", path, (long long)st.st_size, max);
        rc = WK_EINVAL;
        goto out;
    }
    buf = file_alloc((size_t)st.st_size + 1);
    if (!buf) {
        wk_seterr(err, "out of memory reading %s", path);
        rc = WK_ENOMEM;
        goto out;
    }
    size_t got = 0;
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            wk_seterr(err, "cannot read %s: %s", path, n ? strerror(errno) : "file shrank");
            goto out;
        }
        got += (size_t)n;
    }
    buf[got] = '\0';
    if (text && strlen((char *)buf) != got) {
        wk_seterr(err, "%s is not a text file", path);
        rc = WK_EFORMAT;
        goto out;
    }
    *out = buf;
    *size = got;
    buf = NULL;
    rc = 0;
out:
    content_file_free(buf, (size_t)st.st_size);
    close(fd);
    return rc;
}

static int lock_down(sqlite3 *db, char err[WK_ERR_MAX])
{
    static const int off[] = { SQLITE_DBCONFIG_TRUSTED_SCHEMA, SQLITE_DBCONFIG_ENABLE_TRIGGER,
                               SQLITE_DBCONFIG_ENABLE_VIEW, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION };
    for (size_t i = 0; i < WK_ARRAY_LEN(off); i++)
        sqlite3_db_config(db, off[i], 0, (int *)NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, CONTENT_SQLITE_MAX_LENGTH);
    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
    if (sqlite3_exec(db, "PRAGMA cell_size_check = ON; PRAGMA query_only = ON", NULL, NULL, NULL)) {
        wk_seterr(err, "cannot lock the bundle down: %s", sqlite3_errmsg(db));
        return WK_EFORMAT;
    }
    return 0;
}

static int check_integrity(sqlite3 *db, char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int rc = WK_EFORMAT;
    if (sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        wk_seterr(err, "not a readable SQLite bundle: %s", sqlite3_errmsg(db));
        goto out;
    }
    const char *verdict = (const char *)sqlite3_column_text(st, 0);
    if (!verdict || strcmp(verdict, "ok") != 0) {
        wk_seterr(err, "the bundle is damaged: %.120s", verdict ? verdict : "?");
        goto out;
    }
    rc = 0;
out:
    sqlite3_finalize(st);
    return rc;
}

/* A meta value the schema says is a whole number, from lo to hi. */
static int meta_number(const struct content_pair *pairs, size_t n, const char *key, int64_t lo,
                       int64_t hi, int64_t *out, char err[WK_ERR_MAX])
{
    const char *v = content_pair_value(pairs, n, key);
    char shown[CONTENT_MAX_FIELD_BYTES];
    if (!v) {
        wk_seterr(err, "bundle meta lacks %s", key);
        return WK_EFORMAT;
    }
    if (content_parse_whole(v, lo, hi, out)) {
        wk_seterr(err, "bundle meta %s \"%.40s\" is not a whole number from %lld to %lld", key,
                  content_printable(v, shown, sizeof shown), (long long)lo, (long long)hi);
        return WK_EFORMAT;
    }
    return 0;
}

/* A meta text value into out (size bytes), "" when absent; refused when
 * longer, not cut. */
static int meta_text(const struct content_pair *pairs, size_t n, const char *key, char *out,
                     size_t size, char err[WK_ERR_MAX])
{
    const char *v = content_pair_value(pairs, n, key);
    if (v && strlen(v) >= size) {
        wk_seterr(err, "bundle meta %s is longer than %zu bytes", key, size - 1);
        return WK_EFORMAT;
    }
    snprintf(out, size, "%s", v ? v : "");
    return 0;
}

/* An IANA zone name as the kiosk hands it to TZ: letters, digits and
 * "/_+-", not absolute, no "..": never a path of the kiosk's choosing. */
static bool timezone_ok(const char *tz)
{
    if (tz[0] == '/' || strstr(tz, ".."))
        return false;
    return strspn(tz, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_+-") ==
           strlen(tz);
}

/* Reads and checks the meta table: every key and value text, no key
 * twice, the schema version first (a newer schema is "update the
 * firmware", not "damaged"), then every value this firmware uses, each in
 * its form and range. */
static int read_meta(struct content *c, char err[WK_ERR_MAX])
{
    struct content_pair pairs[CONTENT_MAX_META_ROWS];
    struct content_meta *m = &c->meta;
    size_t n;
    int64_t schema, demo;
    char shown[CONTENT_MAX_FIELD_BYTES];
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(c->db, "SELECT key, value FROM meta LIMIT 0", -1, &st, NULL)) {
        wk_seterr(err, "not a welkom bundle (no meta table): %s", sqlite3_errmsg(c->db));
        return WK_EFORMAT;
    }
    sqlite3_finalize(st);
    int rc = content_read_pairs(c, "meta", pairs, WK_ARRAY_LEN(pairs), &n, err);
    if (rc)
        return rc;
    if (!content_pair_value(pairs, n, "schema_version")) {
        wk_seterr(err, "not a welkom bundle (no schema_version)");
        return WK_EFORMAT;
    }
    if ((rc = meta_number(pairs, n, "schema_version", 1, INT32_MAX, &schema, err)))
        return rc;
    if (schema > CONTENT_SCHEMA_VERSION) {
        wk_seterr(err, "bundle schema %lld is newer than this firmware reads (%d); update the firmware",
                  (long long)schema, CONTENT_SCHEMA_VERSION);
        return WK_EUNSUPPORTED;
    }
    m->schema_version = (int)schema;
    if ((rc = meta_number(pairs, n, "content_version", 1, CONTENT_MAX_VERSION, &m->content_version,
                          err)) ||
        (rc = meta_number(pairs, n, "created_at", 1, CONTENT_MAX_CREATED_AT, &m->created_at, err)) ||
        (rc = meta_text(pairs, n, "centre", m->centre, sizeof m->centre, err)) ||
        (rc = meta_text(pairs, n, "timezone", m->timezone, sizeof m->timezone, err)))
        return rc;
    const char *lang = content_pair_value(pairs, n, "default_language");
    if (!lang) {
        wk_seterr(err, "bundle meta lacks default_language");
        return WK_EFORMAT;
    }
    if (!content_language_code_ok(lang)) {
        wk_seterr(err, "bundle meta default_language \"%.40s\" is not a language code (2 or 3 "
                  "letters a-z)", content_printable(lang, shown, sizeof shown));
        return WK_EFORMAT;
    }
    snprintf(m->default_language, sizeof m->default_language, "%s", lang);
    if (!timezone_ok(m->timezone)) {
        wk_seterr(err, "bundle meta timezone \"%.40s\" is not a time zone like Europe/Brussels",
                  content_printable(m->timezone, shown, sizeof shown));
        return WK_EFORMAT;
    }
    demo = 0;
    if (content_pair_value(pairs, n, "demo") &&
        (rc = meta_number(pairs, n, "demo", 0, 1, &demo, err)))
        return rc;
    m->demo = demo;
    return 0;
}

int content_open(const char *path, const struct content_keys *keys, struct content **out,
                 char err[WK_ERR_MAX])
{
    struct content *c = wk_calloc(1, sizeof *c);
    if (!c) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    int rc;
    size_t size = 0;
    char sig_path[sizeof c->path + 8];
    snprintf(c->path, sizeof c->path, "%s", path);
    snprintf(sig_path, sizeof sig_path, "%s.sig", path);
    if ((rc = content_read_file(path, CONTENT_MAX_BUNDLE_BYTES, &c->bytes, &size, false, err)))
        goto fail;
    c->size = size;
    if ((rc = content_verify_bytes(c->bytes, size, sig_path, keys, err)))
        goto fail;
    rc = WK_EFORMAT;
    if (sqlite3_open_v2(":memory:", &c->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
        sqlite3_deserialize(c->db, "main", c->bytes, (sqlite3_int64)size, (sqlite3_int64)size,
                            SQLITE_DESERIALIZE_READONLY) != SQLITE_OK) {
        wk_seterr(err, "SQLite cannot take the bundle: %s", c->db ? sqlite3_errmsg(c->db) : "no memory");
        goto fail;
    }
    if ((rc = lock_down(c->db, err)) || (rc = check_integrity(c->db, err)) ||
        (rc = read_meta(c, err)) || (rc = content_load(c, err)) ||
        (rc = content_load_forms(c, err)) || (rc = content_check_texts(c, err)) ||
        (rc = content_load_texts(c, c->meta.default_language, err)))
        goto fail;
    *out = c;
    return 0;
fail:
    content_close(c);
    return rc;
}

void content_close(struct content *c)
{
    if (!c)
        return;
    sqlite3_close(c->db);
    content_file_free(c->bytes, c->size);
    arena_free(&c->arena);
    arena_free(&c->texts[0]);
    arena_free(&c->texts[1]);
    free(c->languages);
    free(c->categories);
    free(c->services);
    free(c->activities);
    free(c->category_ix);
    free(c->service_ix);
    free(c->activity_ix);
    free(c->forms);
    free(c->weekly);
    free(c->dated);
    free(c->cancelled);
    free(c->taken);
    content_free_volunteers(c);
    free(c);
}

const struct content_meta *content_meta(const struct content *c) { return &c->meta; }
const char *content_path(const struct content *c) { return c->path; }
const char *content_language_in_use(const struct content *c) { return c->language; }

const struct content_language *content_languages(const struct content *c, size_t *count)
{
    *count = c->language_count;
    return c->languages;
}

const struct content_category *content_categories(const struct content *c, size_t *count)
{
    *count = c->category_count;
    return c->categories;
}

const struct content_service *content_services(const struct content *c, size_t *count)
{
    *count = c->service_count;
    return c->services;
}

const struct content_activity *content_activities(const struct content *c, size_t *count)
{
    *count = c->activity_count;
    return c->activities;
}
