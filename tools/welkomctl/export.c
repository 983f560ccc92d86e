/* export.c — `welkomctl submissions export`: what residents sent, opened
 * with the hub's secret key and written for staff as CSV or JSON. This
 * file opens them and runs the command; export_format.c writes them.
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
#include "export.h"
#include "../../app/content/content.h"
#include "../../app/core/json_wipe.h"
#include "../../app/core/utf8.h"
#include "../../hub/store.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The plaintext format of app/kiosk/submit.c this export reads. */
#define EXPORT_FORMAT_VERSION 1
#define EXPORT_PATH_MAX 1100

struct exporter {
    const unsigned char *pk, *sk;
    struct export_writer w;
    int not_opened, unreadable;
};

/* --- opening one payload ------------------------------------------------------ */

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
static int open_payload(const struct exporter *x, const struct hub_stored_submission *row, struct export_record *r,
                        cJSON **json)
{
    const struct hub_submission *sub = &row->sub;
    if (!sub->payload || sub->payload_size <= crypto_box_SEALBYTES) {
        snprintf(r->error, sizeof r->error, "the payload is too short to be a sealed submission");
        return 1;
    }
    size_t n = sub->payload_size - crypto_box_SEALBYTES;
    unsigned char *plain = wk_malloc(n + 1);
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
    if (!wk_utf8_valid((const char *)plain, n))
        snprintf(r->error, sizeof r->error, "it opened, but is not UTF-8 text");
    else
        *json = parse_plain((const char *)plain, sub->uuid, r->error);
    if (!*json) {
        export_free_wiped((char *)plain, n + 1);
        return 2;
    }
    r->plain = (char *)plain;
    r->plain_size = n + 1;
    return 0;
}

/* --- the walk --------------------------------------------------------------------- */

static int on_submission(void *user, const struct hub_stored_submission *row)
{
    struct exporter *x = user;
    struct export_record r = { .created_at_ms = row->sub.created_at_ms, .received_at_ms = row->received_at_ms };
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
    if (rc == 0)
        rc = export_add(&x->w, &r, json);
    cJSON_Delete(json);
    export_record_free(&r);
    return rc;
}

/* --- the command ----------------------------------------------------------------- */

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
        return ctl_fail("%s is a public key: --key needs the hub's secret key (the NAME.key of "
                    "`welkomctl keygen NAME --box`)", path);
    if (content_key_file_read(path, sk, crypto_box_SECRETKEYBYTES, err))
        return ctl_fail("%s (--key needs the hub's secret key)", err);
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
    wk_fsync_dir(dirname(dir));     /* best effort: the file is whole already */
    return 0;
}

int ctl_cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {
        { "key", required_argument, NULL, 'k' }, { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' }, { "since", required_argument, NULL, 's' },
        { "kind", required_argument, NULL, 'K' }, { "hub-db", required_argument, NULL, 'd' }, { 0 } };
    const char *key = NULL, *output = NULL, *db = HUB_STORE_DEFAULT_PATH;
    struct hub_submission_filter filter = { 0 };
    struct exporter x = { .w = { .format = EXPORT_CSV, .out = stdout } };
    int opt;
    while ((opt = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        if (opt == 'k') {
            key = optarg;
        } else if (opt == 'f' && (!strcmp(optarg, "csv") || !strcmp(optarg, "json"))) {
            x.w.format = !strcmp(optarg, "csv") ? EXPORT_CSV : EXPORT_JSON;
        } else if (opt == 'o') {
            output = optarg;
        } else if (opt == 's') {
            if (parse_day(optarg, &filter.since_ms))
                return ctl_fail("--since %s: give a day as YYYY-MM-DD (UTC)", optarg);
        } else if (opt == 'K') {
            if (content_form_kind_parse(optarg) < 0)
                return ctl_fail("--kind %s: a kind is signup, buddy, volunteer or message", optarg);
            filter.kind = optarg;
        } else if (opt == 'd') {
            db = optarg;
        } else {
            return ctl_usage_fail("submissions export");
        }
    }
    if (optind != argc || !key)
        return ctl_usage_fail("submissions export");
    if (sodium_init() < 0)
        return ctl_fail("libsodium could not start");
    wk_json_wipe_install();        /* answers are personal data */

    unsigned char sk[crypto_box_SECRETKEYBYTES], pk[crypto_box_PUBLICKEYBYTES];
    char err[WK_ERR_MAX] = "", temp[EXPORT_PATH_MAX] = "";
    struct hub_store *s = NULL;
    int status = 1;
    if (read_key(key, sk, pk))
        goto out;
    x.sk = sk;
    x.pk = pk;
    if (hub_store_open(db, false, &s, err)) {
        ctl_fail("%s", err);
        goto out;
    }
    if (output && !(x.w.out = open_temp(output, temp))) {
        ctl_fail("cannot write the export beside %s: %s", output, strerror(errno));
        temp[0] = '\0';
        goto out;
    }
    export_begin(&x.w);
    if (hub_store_submissions_each(s, &filter, on_submission, &x, err)) {
        ctl_fail("%s", err[0] ? err : "out of memory");
        goto out;
    }
    export_end(&x.w);
    if (output && !x.w.failed) {
        FILE *f = x.w.out;
        x.w.out = NULL;                       /* closed by commit_temp, whatever happens */
        if (commit_temp(f, temp, output) == 0)
            temp[0] = '\0';                 /* renamed: nothing to remove */
        else
            x.w.failed = true;
    } else if (!output && (fflush(stdout) != 0 || ferror(stdout))) {
        x.w.failed = true;
    }
    if (x.w.failed) {
        ctl_fail("the export could not be written whole: %s", strerror(errno ? errno : EIO));
        goto out;
    }
    if (output)
        printf("wrote %d submission%s to %s (mode 0600: it holds personal data)\n", x.w.rows,
               x.w.rows == 1 ? "" : "s", output);
    if (x.not_opened)
        fprintf(stderr, "%d submission%s could not be opened: is --key the hub's secret key?\n", x.not_opened,
                x.not_opened == 1 ? "" : "s");
    if (x.unreadable)
        fprintf(stderr, "%d submission%s opened but %s not what this welkomctl reads (see \"error\")\n",
                x.unreadable, x.unreadable == 1 ? "" : "s", x.unreadable == 1 ? "is" : "are");
    status = x.not_opened || x.unreadable ? 1 : 0;
out:
    if (x.w.out && x.w.out != stdout)
        fclose(x.w.out);
    if (temp[0])
        unlink(temp);
    export_writer_free(&x.w);
    hub_store_close(s);
    sodium_memzero(sk, sizeof sk);
    return status;
}
