/* staff_preview.c — GET /api/staff/content/preview?kind=&id=&lang=: a
 * service or an activity of the draft as a kiosk shows it, drawn by the
 * kiosk's own binary. The draft is built as for a publish, signed with a
 * key made for this one preview (the kiosk run trusts only it), and the
 * kiosk runs headless on it in a work directory with an empty config and
 * its own state, walked there by a script the way a resident walks
 * (language, the Services or What's on tile, the category, the item),
 * ending in an expect: of the item's title so a walk that went astray is
 * an error, not a picture of something else. Bounded in time; the PNG is
 * the answer. Without a kiosk binary the answer says how to give one. */
#include "staff_internal.h"
#include "content_source.h"
#include "store_internal.h"
#include "../app/content/content.h"
#include "../app/i18n/i18n.h"
#include "../tools/welkomctl/welkomctl.h"
#include "../tools/welkomctl/fields.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The kiosk draws the preview at a portrait kiosk's size, where every
 * category fits on one screen. The home screen's first two tiles
 * (Services, What's on) are at these points, mirrored for right-to-left
 * languages. */
#define PREVIEW_SIZE "1080x1920"
#define PREVIEW_WIDTH 1080
#define PREVIEW_TILE_Y 778
#define PREVIEW_SERVICES_X 289
#define PREVIEW_ACTIVITIES_X 791
#define PREVIEW_TIMEOUT_MS 20000
#define PREVIEW_POLL_MS 20
#define PREVIEW_SCRIPT_MAX 2048
#define PREVIEW_LOG_MAX 600

void staff_kiosk_binary(const char *given, char out[PATH_MAX])
{
    out[0] = '\0';
    if (given) {
        if (given[0] && access(given, X_OK) == 0)
            snprintf(out, PATH_MAX, "%s", given);
        else if (given[0])
            wk_log(WK_LOG_WARN, "hub: no kiosk binary at %s: content previews are off", given);
        return;
    }
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return;
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    if (!slash)
        return;
    snprintf(slash + 1, sizeof self - (size_t)(slash + 1 - self), "welkom");
    if (access(self, X_OK) == 0)
        snprintf(out, PATH_MAX, "%s", self);
}

/* A text of f as the kiosk picks it for lang: lang, English, Dutch, the
 * default language. In a language section [LANG] key, or as key.LANG
 * (key "" for a category's title: LANG = ...) in section. */
static const char *text_for(struct ini_file *f, const char *section, const char *key, const char *lang,
                            const char *def)
{
    const char *order[] = { lang, "en", "nl", def };
    for (size_t i = 0; i < WK_ARRAY_LEN(order); i++) {
        char k[96];
        struct ini_entry *e;
        if (!order[i])
            continue;
        if (section) {
            snprintf(k, sizeof k, "%s%s%s", key, key[0] ? "." : "", order[i]);
            e = ini_get(f, section, k);
        } else {
            e = ini_get(f, order[i], key);
        }
        if (e && e->value[0])
            return e->value;
    }
    return NULL;
}

/* The first day from today on which the activity of f takes place, at
 * 06:00 UTC, for --time: [dates] keys, or a weekday of [weekly]. */
static void activity_day(struct ini_file *f, int64_t now_ms, char out[32])
{
    static const char *const days[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };
    time_t t = (time_t)(now_ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT06:00", &tm);
    for (int d = 0; d < 7; d++) {
        time_t day = t + (time_t)d * 86400;
        gmtime_r(&day, &tm);
        if (ini_get(f, "weekly", days[tm.tm_wday])) {
            strftime(out, 32, "%Y-%m-%dT06:00", &tm);
            return;
        }
    }
    for (size_t i = 0; i < f->count; i++)
        if (!strcmp(f->entries[i].section, "dates") && strlen(f->entries[i].key) == 10) {
            snprintf(out, 32, "%sT06:00", f->entries[i].key);
            return;
        }
}

/* The script that walks to the item, and the --time to walk it at. */
static int walk(const char *src, const char *kind, const char *id, const struct i18n_language *lang, int64_t now_ms,
                char script[PREVIEW_SCRIPT_MAX], char when[32], char err[WK_ERR_MAX])
{
    char path[HUB_CONTENT_PATH_MAX + 64];
    struct ini_file centre, item, cats;
    snprintf(path, sizeof path, "%s/centre.ini", src);
    if (staff_read_ini(path, true, &centre)) {
        wk_seterr(err, "the draft's centre.ini does not read");
        return WK_EINVAL;
    }
    struct ini_entry *d = ini_get(&centre, "settings", "default_language");
    char def[8];
    snprintf(def, sizeof def, "%s", d ? d->value : "nl");
    ini_file_free(&centre);
    snprintf(path, sizeof path, "%s/%s/%s.ini", src, kind, id);
    if (staff_read_ini(path, true, &item)) {
        wk_seterr(err, "the draft has no such item");
        return WK_ENOTFOUND;
    }
    bool service = !strcmp(kind, "services");
    const char *title = text_for(&item, NULL, "title", lang->code, def);
    struct ini_entry *cat = ini_get(&item, service ? "service" : "activity", "category");
    int x = service == !lang->rtl ? PREVIEW_SERVICES_X : PREVIEW_ACTIVITIES_X;
    int rc = 0;
    when[0] = '\0';
    if (!title || strchr(title, ';') || strchr(title, '\n')) {
        wk_seterr(err, "the item has no title the preview can find on screen");
        rc = WK_EINVAL;
    } else if (service) {
        /* Now, so that "open now" is the kiosk's answer at this moment. */
        time_t t = (time_t)(now_ms / 1000);
        struct tm tm;
        strftime(when, 32, "%Y-%m-%dT%H:%M", gmtime_r(&t, &tm));
        snprintf(path, sizeof path, "%s/categories.ini", src);
        const char *cat_title = NULL;
        if (cat && staff_read_ini(path, true, &cats) == 0) {
            cat_title = text_for(&cats, cat->value, "", lang->code, def);
            if (cat_title)
                snprintf(script, PREVIEW_SCRIPT_MAX, "tap:%s;tap-at:%d,%d;tap:%s;tap:%s;expect:%s", lang->endonym,
                         x, PREVIEW_TILE_Y, cat_title, title, title);
            ini_file_free(&cats);
        }
        if (!cat_title) {
            wk_seterr(err, "the service's category has no title");
            rc = WK_EINVAL;
        }
    } else {
        activity_day(&item, now_ms, when);
        snprintf(script, PREVIEW_SCRIPT_MAX, "tap:%s;tap-at:%d,%d;tap:%s;expect:%s", lang->endonym, x,
                 PREVIEW_TILE_Y, title, title);
    }
    ini_file_free(&item);
    return rc;
}

/* Signs WORK/bundle.db with a key made now; its public half, base64, in pk. */
static int sign_once(const char *work, char pk64[64], char err[WK_ERR_MAX])
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    char path[HUB_CONTENT_PATH_MAX + 32], sig[CONTENT_MAX_SIG_BYTES];
    crypto_sign_keypair(pk, sk);
    snprintf(path, sizeof path, "%s/bundle.db", work);
    FILE *in = fopen(path, "rb");
    unsigned char *bytes = wk_malloc(CONTENT_MAX_BUNDLE_BYTES + 1);
    size_t size = in && bytes ? fread(bytes, 1, CONTENT_MAX_BUNDLE_BYTES + 1, in) : 0;
    if (in)
        fclose(in);
    int rc = size && size <= CONTENT_MAX_BUNDLE_BYTES ? content_sign(bytes, size, sk, sig, sizeof sig, err) : WK_EIO;
    sodium_memzero(sk, sizeof sk);
    free(bytes);
    if (rc == 0) {
        snprintf(path, sizeof path, "%s/bundle.db.sig", work);
        FILE *out = fopen(path, "w");
        rc = out && fputs(sig, out) >= 0 ? 0 : WK_EIO;
        if (out)
            fclose(out);
    }
    if (rc == WK_EIO)
        wk_seterr(err, "cannot sign the preview's bundle");
    sodium_bin2base64(pk64, 64, pk, sizeof pk, sodium_base64_VARIANT_ORIGINAL);
    return rc;
}

/* Runs argv with stdout and stderr into log, for at most
 * PREVIEW_TIMEOUT_MS; its exit status, or WK_ENET (killed: it did not answer in time). */
static int run(char *const argv[], const char *log, char err[WK_ERR_MAX])
{
    pid_t pid = fork();
    if (pid < 0) {
        wk_seterr(err, "cannot start the kiosk: %s", strerror(errno));
        return WK_EIO;
    }
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int null = open("/dev/null", O_RDONLY);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        if (null >= 0)
            dup2(null, 0);
        /* Not the hub's sockets and database: only the three. */
        close_range(3, ~0U, 0);
        execv(argv[0], argv);
        _exit(127);
    }
    int64_t until = wk_mono_ms() + PREVIEW_TIMEOUT_MS;
    int status;
    for (;;) {
        pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : WK_EIO;
        if (done < 0 && errno != EINTR) {
            wk_seterr(err, "lost the kiosk: %s", strerror(errno));
            return WK_EIO;
        }
        if (wk_mono_ms() > until) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            wk_seterr(err, "the kiosk did not draw the preview within %d s", PREVIEW_TIMEOUT_MS / 1000);
            return WK_ENET;
        }
        struct timespec ts = { 0, PREVIEW_POLL_MS * 1000000L };
        nanosleep(&ts, NULL);
    }
}

/* The kiosk's last line (why it stopped), for the editor. */
static void last_line(const char *log, char out[PREVIEW_LOG_MAX])
{
    out[0] = '\0';
    FILE *f = fopen(log, "r");
    char line[PREVIEW_LOG_MAX];
    while (f && fgets(line, sizeof line, f))
        if (line[0] && line[0] != '\n')
            snprintf(out, PREVIEW_LOG_MAX, "%s", line);
    if (f)
        fclose(f);
    out[strcspn(out, "\n")] = '\0';
}

void staff_content_preview(struct staff_call *c, struct hub_reply *r)
{
    const struct hub_staff_request *q = c->req;
    const char *kind = q->arg(q->ctx, "kind"), *id = q->arg(q->ctx, "id"), *code = q->arg(q->ctx, "lang");
    const struct i18n_language *lang = code ? i18n_find_language(code) : NULL;
    if (!kind || (strcmp(kind, "services") && strcmp(kind, "activities")) || !id || !ctl_valid_id(id) || !lang) {
        staff_error(r, 400, "give kind (services or activities), id and lang");
        return;
    }
    if (!c->st->kiosk_binary[0]) {
        staff_error(r, 409, "previews need the kiosk's binary (welkom) on the hub: start welkom-hub with "
                            "--kiosk-binary");
        return;
    }
    char work[HUB_CONTENT_PATH_MAX], err[WK_ERR_MAX] = "", pk[64], script[PREVIEW_SCRIPT_MAX], when[32];
    cJSON *problems = NULL;
    hub_content_path(c->st->store->path, "", work);
    mkdir(work, 0700);
    strncat(work, "preview-XXXXXX", sizeof work - strlen(work) - 1);
    if (!mkdtemp(work)) {
        staff_error(r, 500, "cannot make a work directory");
        return;
    }
    char src[HUB_CONTENT_PATH_MAX + 8], bundle[HUB_CONTENT_PATH_MAX + 16], shot[HUB_CONTENT_PATH_MAX + 16],
        state[HUB_CONTENT_PATH_MAX + 16], conf[HUB_CONTENT_PATH_MAX + 16], log[HUB_CONTENT_PATH_MAX + 16];
    snprintf(src, sizeof src, "%s/src", work);
    snprintf(bundle, sizeof bundle, "%s/bundle.db", work);
    snprintf(shot, sizeof shot, "%s/shot.png", work);
    snprintf(state, sizeof state, "%s/state", work);
    snprintf(conf, sizeof conf, "%s/empty.conf", work);
    snprintf(log, sizeof log, "%s/kiosk.log", work);
    int rc = staff_content_build_draft(c, work, &problems, err);
    unsigned status = rc ? 422 : 500;
    if (!rc && (rc = walk(src, kind, id, lang, c->now_ms, script, when, err)))
        status = rc == WK_ENOTFOUND ? 404 : 422;
    if (!rc && (rc = sign_once(work, pk, err)))
        status = 500;
    FILE *empty = rc ? NULL : fopen(conf, "w");
    if (empty)
        fclose(empty);
    if (!rc) {
        char *argv[24] = { c->st->kiosk_binary, "--config", conf, "--state-dir", state, "--bundle", bundle,
                           "--publisher-key", pk, "--size", PREVIEW_SIZE, "--screenshot", shot, "--script", script };
        int n = 15;
        if (when[0]) {
            argv[n++] = "--time";
            argv[n++] = when;
        }
        argv[n] = NULL;
        rc = run(argv, log, err);
        if (rc > 0) {
            char line[PREVIEW_LOG_MAX];
            last_line(log, line);
            wk_seterr(err, "the kiosk could not show it: %s", line);
        }
        status = rc == WK_ENET ? 504 : 422;
    }
    int fd = rc ? -1 : open(shot, O_RDONLY | O_CLOEXEC);
    struct stat s;
    if (fd >= 0 && fstat(fd, &s) == 0 && s.st_size > 0) {
        r->staff = true;
        r->status = 200;
        r->file = true;
        r->fd = fd;
        r->file_size = (uint64_t)s.st_size;
        r->content_type = "image/png";
    } else {
        if (fd >= 0)
            close(fd);
        cJSON *o = cJSON_CreateObject();
        if (o) {
            cJSON_AddStringToObject(o, "error", err[0] ? err : "the kiosk drew nothing");
            cJSON_AddItemToObject(o, "problems", problems ? problems : cJSON_CreateArray());
            problems = NULL;
        }
        staff_reply(r, status, o);
    }
    cJSON_Delete(problems);
    unlink(log);
    unlink(conf);
    /* The open PNG stays readable after its name goes. */
    unlink(shot);
    unlink(bundle);
    snprintf(bundle, sizeof bundle, "%s/bundle.db.sig", work);
    unlink(bundle);
    hub_content_remove(src);
    char cmd_dir[HUB_CONTENT_PATH_MAX + 32];
    /* The kiosk's state: its queue and installed bundle (empty here). */
    snprintf(cmd_dir, sizeof cmd_dir, "%s", state);
    hub_content_remove(cmd_dir);
    rmdir(work);
}
