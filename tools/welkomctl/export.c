/* export.c — `welkomctl submissions export`: what residents sent, opened
 * with the hub's secret key and written for staff as CSV or JSON.
 *
 * Each stored submission (oldest first, hub/store.h) is opened with
 * crypto_box_seal_open and its plaintext — the JSON app/kiosk/submit.c
 * seals: format, kind, form, uuid, ref, created_at, lang, content_version,
 * activity and day for a sign-up, answers, consent — becomes one record
 * next to what the hub knows (uuid, kiosk, kind, ref, the kiosk's and the
 * hub's times). A payload that does not open, or opens to something else,
 * is still listed, with the reason in "error" and nothing else of it.
 *
 * The output is personal data: -o FILE is written 0600 through a temp file
 * and a rename (a reader never sees half an export), the plaintext in
 * memory is wiped (cJSON allocates through wiping hooks), and nothing of
 * a payload reaches stderr — errors name a submission by its uuid. */
#include "welkomctl.h"
#include "../../app/content/content.h"
#include "../../hub/store.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The plaintext format of app/kiosk/submit.c this export reads. */
#define EXPORT_FORMAT_VERSION 1
#define EXPORT_WHY_MAX 160
#define EXPORT_PATH_MAX 1100
/* Past 2^53 a JSON number is no longer a whole number exactly. */
#define EXPORT_MAX_JSON_INT 9007199254740992.0

enum format { FORMAT_CSV, FORMAT_JSON };

/* CSV columns: these, then one per answer field, the union over every
 * exported submission in the order first seen (a form's own order, as the
 * kiosk seals its fields in form order). One column per field rather than
 * one "answers" column of JSON: staff read these in a spreadsheet, where
 * "phone" in a column of its own can be sorted, filtered and called; a
 * cell of JSON cannot. A field named like one of these columns (field
 * names are a-z, 0-9 and -) is headed "answer.NAME" instead. */
static const char *const fixed_columns[] = {
    "uuid", "kiosk", "kind", "ref", "created_at", "received_at", "error",
    "form", "lang", "content_version", "activity", "day", "consent",
};
enum { COL_ERROR = 6, COL_FORM, COL_LANG, COL_VERSION, COL_ACTIVITY, COL_DAY, COL_CONSENT, FIXED_COLUMNS };

/* Excel opens a CSV file as UTF-8 only when it starts with a byte order
 * mark; without one, Arabic and Tigrinya answers come out as mojibake.
 * LibreOffice and most CSV readers take it (Python: utf-8-sig). */
#define CSV_BOM "\xef\xbb\xbf"

/* One submission as it will be written. plain is the opened JSON text
 * (NULL for a row listed with error); kept as text rather than as a parsed
 * tree, which is several times larger, until the CSV columns are known. */
struct record {
    char *uuid, *kiosk, *kind, *ref;
    int64_t created_at_ms, received_at_ms;
    char *plain;
    size_t plain_size;
    char error[EXPORT_WHY_MAX];
};

struct exporter {
    const unsigned char *pk, *sk;
    enum format format;
    FILE *out;
    bool write_failed;
    int rows, not_opened, unreadable;
    /* CSV: every record and the answer columns, until the end */
    struct record *records;
    size_t count, capacity;
    char **columns;
    size_t column_count, column_capacity;
};

/* --- wiping memory --------------------------------------------------------- */

/* cJSON's allocations carry their size in front, so free can wipe them
 * (the same hooks as the kiosk's submit.c: answers are personal data). */
static void *wiping_malloc(size_t size)
{
    size_t *p = malloc(sizeof(size_t) + size);
    if (!p)
        return NULL;
    *p = size;
    return p + 1;
}

static void wiping_free(void *ptr)
{
    if (!ptr)
        return;
    size_t *p = (size_t *)ptr - 1;
    sodium_memzero(ptr, *p);
    free(p);
}

static void free_wiped(char *s, size_t size)
{
    if (s) {
        sodium_memzero(s, size);
        free(s);
    }
}

/* A growing string for one cell, wiped when freed. */
struct abuf { char *b; size_t len, cap; bool failed; };

static void ab_add(struct abuf *a, const char *s, size_t n)
{
    if (a->failed)
        return;
    if (a->len + n + 1 > a->cap) {
        size_t cap = a->cap ? a->cap : 64;
        while (cap < a->len + n + 1)
            cap *= 2;
        char *grown = malloc(cap);
        if (!grown) {
            a->failed = true;
            return;
        }
        if (a->b)
            memcpy(grown, a->b, a->len);
        free_wiped(a->b, a->cap);
        a->b = grown;
        a->cap = cap;
    }
    memcpy(a->b + a->len, s, n);
    a->len += n;
    a->b[a->len] = '\0';
}

static void ab_str(struct abuf *a, const char *s) { ab_add(a, s, strlen(s)); }
static const char *ab_text(const struct abuf *a) { return a->b && !a->failed ? a->b : ""; }
static void ab_clear(struct abuf *a) { if (a->b) sodium_memzero(a->b, a->cap); a->len = 0; }
static void ab_free(struct abuf *a) { free_wiped(a->b, a->cap); *a = (struct abuf){ 0 }; }

/* --- opening one payload ------------------------------------------------------ */

/* Well-formed UTF-8 (no overlong forms, no surrogates, nothing past
 * U+10FFFF) and no NUL: what the kiosk seals, and what a JSON or CSV file
 * for staff may carry. */
static bool utf8_text_ok(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
        if (c == 0 || len == 0 || i + len > n)
            return false;
        uint32_t cp = len == 1 ? c : c & (0x7fu >> len);
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3fu);
        }
        static const uint32_t least[] = { 0, 0, 0x80, 0x800, 0x10000 };
        if (cp < least[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += len;
    }
    return true;
}

static const char *string_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The plaintext as the submission object of format 1, or NULL with why.
 * why never quotes the plaintext. */
static cJSON *parse_plain(const char *plain, const char *uuid, char why[EXPORT_WHY_MAX])
{
    cJSON *json = cJSON_Parse(plain);
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(json, "format");
    const char *sealed_uuid = string_of(json, "uuid");
    if (!cJSON_IsObject(json))
        snprintf(why, EXPORT_WHY_MAX, "it opened, but to no JSON object");
    else if (!cJSON_IsNumber(format) || format->valuedouble < 1 || format->valuedouble != floor(format->valuedouble))
        snprintf(why, EXPORT_WHY_MAX, "it opened, but has no format number");
    else if (format->valuedouble != EXPORT_FORMAT_VERSION)
        snprintf(why, EXPORT_WHY_MAX, "it is of format %.0f; this welkomctl reads format %d",
                 format->valuedouble, EXPORT_FORMAT_VERSION);
    else if (!string_of(json, "form") || !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(json, "answers")))
        snprintf(why, EXPORT_WHY_MAX, "it opened, but has no form or no answers");
    else if (!sealed_uuid || strcmp(sealed_uuid, uuid) != 0)
        snprintf(why, EXPORT_WHY_MAX, "the uuid sealed inside is not the uuid it was stored under");
    else
        return json;
    cJSON_Delete(json);
    return NULL;
}

/* Opens row's payload into r and *json: r->plain (the checked JSON text)
 * and its tree, or r->error. Returns 0, 1 when it did not open, 2 when it
 * opened to something that is not a submission. */
static int open_payload(const struct exporter *x, const struct hub_stored_submission *row, struct record *r,
                        cJSON **json)
{
    const struct hub_submission *sub = &row->sub;
    if (!sub->payload || sub->payload_size <= crypto_box_SEALBYTES) {
        snprintf(r->error, sizeof r->error, "the payload is too short to be a sealed submission");
        return 1;
    }
    size_t n = sub->payload_size - crypto_box_SEALBYTES;
    unsigned char *plain = malloc(n + 1);
    if (!plain) {
        snprintf(r->error, sizeof r->error, "out of memory opening it");
        return 1;
    }
    if (crypto_box_seal_open(plain, sub->payload, sub->payload_size, x->pk, x->sk) != 0) {
        free(plain);
        snprintf(r->error, sizeof r->error, "it does not open with this key");
        return 1;
    }
    plain[n] = '\0';
    if (!utf8_text_ok(plain, n))
        snprintf(r->error, sizeof r->error, "it opened, but is not UTF-8 text");
    else
        *json = parse_plain((const char *)plain, sub->uuid, r->error);
    if (!*json) {
        free_wiped((char *)plain, n + 1);
        return 2;
    }
    r->plain = (char *)plain;
    r->plain_size = n + 1;
    return 0;
}

/* --- values as text ----------------------------------------------------------- */

static void iso_time(int64_t ms, char out[32])
{
    time_t t = (time_t)(ms / 1000 - (ms % 1000 < 0));     /* floor, also before 1970 */
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(out, 32, "%lld", (long long)ms);
}

/* One answer as a spreadsheet cell: text as it is, whole numbers without
 * a fraction, yes/no, nothing for null, a list as "a; b". */
static void cell_of(struct abuf *a, const cJSON *v)
{
    char num[32];
    if (cJSON_IsString(v)) {
        ab_str(a, v->valuestring);
    } else if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (d == floor(d) && fabs(d) <= EXPORT_MAX_JSON_INT)
            snprintf(num, sizeof num, "%lld", (long long)d);
        else
            snprintf(num, sizeof num, "%.17g", d);
        ab_str(a, num);
    } else if (cJSON_IsBool(v)) {
        ab_str(a, cJSON_IsTrue(v) ? "yes" : "no");
    } else if (cJSON_IsArray(v)) {
        const cJSON *item;
        bool first = true;
        cJSON_ArrayForEach(item, v) {
            if (!first)
                ab_str(a, "; ");
            first = false;
            cell_of(a, item);
        }
    } else if (cJSON_IsObject(v)) {
        char *text = cJSON_PrintUnformatted(v);
        ab_str(a, text ? text : "");
        cJSON_free(text);                   /* wiped by the hooks */
    }
}

/* --- CSV ----------------------------------------------------------------------- */

/* RFC 4180, every field quoted, quotes doubled. A cell that a spreadsheet
 * would take for a formula (= + - @, or a tab or CR before one) starts with
 * an apostrophe, which Excel and LibreOffice show as text and hide:
 * residents type these values, staff open the file. */
static void csv_cell(struct exporter *x, const char *s, bool last)
{
    FILE *f = x->out;
    fputc('"', f);
    if (s[0] && strchr("=+-@\t\r", s[0]))
        fputc('\'', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    if (fputs(last ? "\"\r\n" : "\",", f) == EOF)
        x->write_failed = true;
}

static bool is_fixed(const char *name)
{
    for (size_t i = 0; i < FIXED_COLUMNS; i++)
        if (!strcmp(name, fixed_columns[i]))
            return true;
    return false;
}

/* Adds the answer names of json to the columns, in first-seen order. */
static int add_columns(struct exporter *x, const cJSON *json)
{
    const cJSON *field;
    cJSON_ArrayForEach(field, cJSON_GetObjectItemCaseSensitive(json, "answers")) {
        size_t i = 0;
        while (i < x->column_count && strcmp(x->columns[i], field->string))
            i++;
        if (i < x->column_count)
            continue;
        if (x->column_count == x->column_capacity) {
            size_t cap = x->column_capacity ? x->column_capacity * 2 : 16;
            char **grown = realloc(x->columns, cap * sizeof *grown);
            if (!grown)
                return WK_ENOMEM;
            x->columns = grown;
            x->column_capacity = cap;
        }
        if (!(x->columns[x->column_count] = wk_strdup(field->string)))
            return WK_ENOMEM;
        x->column_count++;
    }
    return 0;
}

static void csv_record(struct exporter *x, const struct record *r, struct abuf *a)
{
    char created[32], received[32];
    iso_time(r->created_at_ms, created);
    iso_time(r->received_at_ms, received);
    const char *meta[] = { r->uuid, r->kiosk, r->kind, r->ref, created, received, r->error };
    size_t total = FIXED_COLUMNS + x->column_count;
    for (size_t i = 0; i < WK_ARRAY_LEN(meta); i++)
        csv_cell(x, meta[i], i + 1 == total);
    cJSON *json = r->plain ? cJSON_Parse(r->plain) : NULL;   /* checked when opened */
    const cJSON *answers = cJSON_GetObjectItemCaseSensitive(json, "answers");
    static const char *const keys[] = {
        [COL_FORM] = "form", [COL_LANG] = "lang", [COL_VERSION] = "content_version",
        [COL_ACTIVITY] = "activity", [COL_DAY] = "day", [COL_CONSENT] = "consent",
    };
    for (size_t i = COL_FORM; i < total; i++) {
        ab_clear(a);
        if (i < FIXED_COLUMNS)
            cell_of(a, cJSON_GetObjectItemCaseSensitive(json, keys[i]));
        else
            cell_of(a, cJSON_GetObjectItemCaseSensitive(answers, x->columns[i - FIXED_COLUMNS]));
        if (a->failed)
            x->write_failed = true;
        csv_cell(x, ab_text(a), i + 1 == total);
    }
    cJSON_Delete(json);
}

static void csv_write(struct exporter *x)
{
    struct abuf a = { 0 };
    size_t total = FIXED_COLUMNS + x->column_count;
    fputs(CSV_BOM, x->out);
    for (size_t i = 0; i < total; i++) {
        const char *name = i < FIXED_COLUMNS ? fixed_columns[i] : x->columns[i - FIXED_COLUMNS];
        ab_clear(&a);
        if (i >= FIXED_COLUMNS && is_fixed(name))
            ab_str(&a, "answer.");
        ab_str(&a, name);
        csv_cell(x, ab_text(&a), i + 1 == total);
    }
    for (size_t i = 0; i < x->count; i++)
        csv_record(x, &x->records[i], &a);
    ab_free(&a);
}

/* --- JSON ---------------------------------------------------------------------- */

/* One object per submission: what the hub knows, then either "error" or
 * the opened fields with their JSON types kept (answers as sealed), taken
 * out of json (NULL for an error row). */
static int json_record(struct exporter *x, const struct record *r, cJSON *json)
{
    char created[32], received[32];
    iso_time(r->created_at_ms, created);
    iso_time(r->received_at_ms, received);
    cJSON *o = cJSON_CreateObject();
    bool ok = o && cJSON_AddStringToObject(o, "uuid", r->uuid) && cJSON_AddStringToObject(o, "kiosk", r->kiosk) &&
              cJSON_AddStringToObject(o, "kind", r->kind) && cJSON_AddStringToObject(o, "ref", r->ref) &&
              cJSON_AddStringToObject(o, "created_at", created) &&
              cJSON_AddStringToObject(o, "received_at", received);
    if (ok && !json) {
        ok = cJSON_AddStringToObject(o, "error", r->error) != NULL;
    } else if (ok) {
        static const char *const keys[] = { "form", "lang", "content_version", "activity", "day", "answers",
                                            "consent" };
        for (size_t i = 0; i < WK_ARRAY_LEN(keys); i++) {
            cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(json, keys[i]);
            if (v)
                cJSON_AddItemToObject(o, keys[i], v);
        }
    }
    char *text = ok ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!text)
        return WK_ENOMEM;
    if (fprintf(x->out, "%s\n  %s", x->rows ? "," : "", text) < 0)
        x->write_failed = true;
    cJSON_free(text);
    return 0;
}

/* --- the walk --------------------------------------------------------------------- */

static void record_free(struct record *r)
{
    free(r->uuid);
    free(r->kiosk);
    free(r->kind);
    free(r->ref);
    free_wiped(r->plain, r->plain_size);
}

static int on_submission(void *user, const struct hub_stored_submission *row)
{
    struct exporter *x = user;
    struct record r = { .created_at_ms = row->sub.created_at_ms, .received_at_ms = row->received_at_ms };
    cJSON *json = NULL;
    int opened = open_payload(x, row, &r, &json);
    if (opened == 1)
        x->not_opened++;
    else if (opened == 2)
        x->unreadable++;
    r.uuid = wk_strdup(row->sub.uuid);
    r.kiosk = wk_strdup(row->kiosk);
    r.kind = wk_strdup(row->sub.kind);
    r.ref = wk_strdup(row->sub.ref);
    int rc = r.uuid && r.kiosk && r.kind && r.ref ? 0 : WK_ENOMEM;
    if (rc == 0 && x->format == FORMAT_JSON) {
        rc = json_record(x, &r, json);
    } else if (rc == 0) {
        rc = json ? add_columns(x, json) : 0;
        if (rc == 0 && x->count == x->capacity) {
            size_t cap = x->capacity ? x->capacity * 2 : 64;
            struct record *grown = realloc(x->records, cap * sizeof *grown);
            if (grown) {
                x->records = grown;
                x->capacity = cap;
            } else {
                rc = WK_ENOMEM;
            }
        }
        if (rc == 0) {
            x->records[x->count++] = r;
            r = (struct record){ 0 };
        }
    }
    cJSON_Delete(json);
    record_free(&r);
    x->rows++;
    return rc;
}

/* --- the command ----------------------------------------------------------------- */

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "welkomctl: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 1;
}

/* "2026-01-05" as milliseconds at 00:00 UTC that day. */
static int parse_day(const char *s, int64_t *ms)
{
    struct tm tm = { 0 };
    const char *end = strptime(s, "%Y-%m-%d", &tm);
    if (!end || *end || strlen(s) != 10)
        return WK_EINVAL;
    struct tm check = tm;
    time_t t = timegm(&tm);
    if (t == (time_t)-1 || tm.tm_mday != check.tm_mday || tm.tm_mon != check.tm_mon)
        return WK_EINVAL;       /* 2026-02-30 */
    *ms = (int64_t)t * 1000;
    return 0;
}

/* The hub's secret key and its public half. A file that says it holds a
 * public key is refused with a word on which file is wanted (the public
 * key decodes as well, and would only fail to open every submission). */
static int read_key(const char *path, unsigned char sk[crypto_box_SECRETKEYBYTES],
                    unsigned char pk[crypto_box_PUBLICKEYBYTES])
{
    char err[WK_ERR_MAX], head[256] = "";
    FILE *f = fopen(path, "r");
    if (f) {
        if (!fgets(head, sizeof head, f))
            head[0] = '\0';
        fclose(f);
    }
    if (head[0] == '#' && strstr(head, "public key") && !strstr(head, "SECRET"))
        return fail("%s is a public key: --key needs the hub's secret key (the NAME.key of "
                    "`welkomctl keygen NAME --box`)", path);
    if (content_key_file_read(path, sk, crypto_box_SECRETKEYBYTES, err))
        return fail("%s (--key needs the hub's secret key)", err);
    crypto_scalarmult_base(pk, sk);
    return 0;
}

/* A temp file beside path, mode 0600, for the rename at the end. */
static FILE *open_temp(const char *path, char temp[EXPORT_PATH_MAX])
{
    if ((size_t)snprintf(temp, EXPORT_PATH_MAX, "%s.XXXXXX", path) >= EXPORT_PATH_MAX) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    int fd = mkstemp(temp);
    if (fd < 0)
        return NULL;
    FILE *f = fchmod(fd, 0600) == 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        int saved = errno;
        close(fd);
        unlink(temp);
        errno = saved;
    }
    return f;
}

/* Flushes and closes the temp file, renames it over path and makes the
 * rename durable (fsync of the directory). */
static int commit_temp(FILE *f, const char *temp, const char *path)
{
    char dir[EXPORT_PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    int ok = fflush(f) == 0 && !ferror(f) && fsync(fileno(f)) == 0;
    ok = fclose(f) == 0 && ok && rename(temp, path) == 0;
    if (!ok)
        return -1;
    int dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return 0;
}

static int usage(void)
{
    return fail("usage: welkomctl submissions export --key HUB.key [--format csv|json] [-o FILE]\n"
                "         [--since YYYY-MM-DD] [--kind signup|buddy|volunteer|message] [--hub-db FILE]");
}

int ctl_cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {
        { "key", required_argument, NULL, 'k' }, { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' }, { "since", required_argument, NULL, 's' },
        { "kind", required_argument, NULL, 'K' }, { "hub-db", required_argument, NULL, 'd' }, { 0 } };
    const char *key = NULL, *output = NULL, *db = HUB_STORE_DEFAULT_PATH;
    struct hub_submission_filter filter = { 0 };
    struct exporter x = { .format = FORMAT_CSV, .out = stdout };
    int opt;
    while ((opt = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        if (opt == 'k') {
            key = optarg;
        } else if (opt == 'f' && (!strcmp(optarg, "csv") || !strcmp(optarg, "json"))) {
            x.format = !strcmp(optarg, "csv") ? FORMAT_CSV : FORMAT_JSON;
        } else if (opt == 'o') {
            output = optarg;
        } else if (opt == 's') {
            if (parse_day(optarg, &filter.since_ms))
                return fail("--since %s: give a day as YYYY-MM-DD (UTC)", optarg);
        } else if (opt == 'K') {
            if (content_form_kind_parse(optarg) < 0)
                return fail("--kind %s: a kind is signup, buddy, volunteer or message", optarg);
            filter.kind = optarg;
        } else if (opt == 'd') {
            db = optarg;
        } else {
            return usage();
        }
    }
    if (optind != argc || !key)
        return usage();
    if (sodium_init() < 0)
        return fail("libsodium could not start");
    cJSON_InitHooks(&(cJSON_Hooks){ .malloc_fn = wiping_malloc, .free_fn = wiping_free });

    unsigned char sk[crypto_box_SECRETKEYBYTES], pk[crypto_box_PUBLICKEYBYTES];
    char err[WK_ERR_MAX] = "", temp[EXPORT_PATH_MAX] = "";
    struct hub_store *s = NULL;
    int status = 1;
    if (read_key(key, sk, pk))
        goto out;
    x.sk = sk;
    x.pk = pk;
    if (hub_store_open(db, false, &s, err)) {
        fail("%s", err);
        goto out;
    }
    if (output && !(x.out = open_temp(output, temp))) {
        fail("cannot write the export beside %s: %s", output, strerror(errno));
        temp[0] = '\0';
        goto out;
    }
    if (x.format == FORMAT_JSON)
        fputs("[", x.out);
    if (hub_store_submissions_each(s, &filter, on_submission, &x, err)) {
        fail("%s", err[0] ? err : "out of memory");
        goto out;
    }
    if (x.format == FORMAT_JSON)
        fputs(x.rows ? "\n]\n" : "]\n", x.out);
    else
        csv_write(&x);
    if (output && !x.write_failed) {
        FILE *f = x.out;
        x.out = NULL;                       /* closed by commit_temp, whatever happens */
        if (commit_temp(f, temp, output) == 0)
            temp[0] = '\0';                 /* renamed: nothing to remove */
        else
            x.write_failed = true;
    } else if (!output && (fflush(stdout) != 0 || ferror(stdout))) {
        x.write_failed = true;
    }
    if (x.write_failed) {
        fail("the export could not be written whole: %s", strerror(errno ? errno : EIO));
        goto out;
    }
    if (output)
        printf("wrote %d submission%s to %s (mode 0600: it holds personal data)\n", x.rows,
               x.rows == 1 ? "" : "s", output);
    if (x.not_opened)
        fprintf(stderr, "%d submission%s could not be opened: is --key the hub's secret key?\n", x.not_opened,
                x.not_opened == 1 ? "" : "s");
    if (x.unreadable)
        fprintf(stderr, "%d submission%s opened but %s not what this welkomctl reads (see \"error\")\n",
                x.unreadable, x.unreadable == 1 ? "" : "s", x.unreadable == 1 ? "is" : "are");
    status = x.not_opened || x.unreadable ? 1 : 0;
out:
    if (x.out && x.out != stdout)
        fclose(x.out);
    if (temp[0])
        unlink(temp);
    for (size_t i = 0; i < x.count; i++)
        record_free(&x.records[i]);
    free(x.records);
    for (size_t i = 0; i < x.column_count; i++)
        free(x.columns[i]);
    free(x.columns);
    hub_store_close(s);
    sodium_memzero(sk, sizeof sk);
    return status;
}
