/* export.c — `welkomctl submissions export`: what residents sent, opened
 * with the hub's secret key and written for staff as CSV or JSON. This
 * file opens them and runs the command; export_format.c writes them.
 *
 * Each stored submission (oldest first, hub/store.h) is opened
 * (hub/export_open.c, shared with the staff console) and becomes one
 * record next to what the hub knows (uuid, kiosk, kind, ref, the kiosk's
 * and the hub's times). A payload that does not open, or opens to
 * something else, is still listed, with the reason in "error".
 *
 * The output is personal data: -o FILE is written 0600 through a temp file
 * and a rename (a reader never sees half an export), the plaintext in
 * memory is wiped (cJSON allocates through wiping hooks), and nothing of
 * a payload reaches stderr — errors name a submission by its uuid. */
#include "welkomctl.h"
#include "../../hub/export.h"
#include "../../app/content/content.h"
#include "../../app/core/json_wipe.h"
#include "../../hub/store.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define EXPORT_PATH_MAX 1100

struct exporter {
    const unsigned char *pk, *sk;
    struct export_writer w;
    int not_opened, unreadable;
};

/* --- the walk --------------------------------------------------------------------- */

static int on_submission(void *user, const struct hub_stored_submission *row)
{
    struct exporter *x = user;
    struct export_record r;
    cJSON *json = NULL;
    enum export_opened opened;
    int rc = export_open(x->pk, x->sk, row, &r, &json, &opened);
    if (rc)
        return rc;
    if (opened == EXPORT_NOT_OPENED)
        x->not_opened++;
    else if (opened == EXPORT_UNREADABLE)
        x->unreadable++;
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
int ctl_read_hub_key(const char *path, unsigned char sk[32], unsigned char pk[32])
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
    if (ctl_read_hub_key(key, sk, pk))
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
