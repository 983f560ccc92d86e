/* staff_content.c — the editor's endpoints under /api/staff/content
 * (docs/protocol.md, "Content"): the draft source beside hub.db
 * (content_source.h) item by item, checking it with welkomctl's own
 * builder, publishing it (build, check, sign with the publisher key in the
 * editor's session, the next version, onto the hub where kiosks fetch
 * it), the history of published versions with who and when (the bundles
 * table and the audit log), restoring an earlier version's source as a
 * new version, and a preview rendered by the kiosk's binary
 * (staff_preview.c). staff_api.c has checked the session, the editor role
 * and, for a change, the CSRF token before any of this runs. An item is
 * sent and received as its ini entries, [section, key, value] in order;
 * the pages lay the languages side by side. */
#include "staff_internal.h"
#include "content_source.h"
#include "volunteer.h"
#include "store_internal.h"
#include "../app/content/content.h"
#include "../app/i18n/i18n.h"
#include "../tools/welkomctl/welkomctl.h"
#include "../tools/welkomctl/fields.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define HISTORY_SHOWN 100
/* The build's report lines sent back, at most. */
#define PROBLEMS_SHOWN 200

/* One editor at a time changes the draft or publishes. */
static pthread_mutex_t draft_lock = PTHREAD_MUTEX_INITIALIZER;

/* The audit log's line for what the editor did (never a text). */
static void audit(const struct staff_call *c, const char *action, const char *target)
{
    char err[WK_ERR_MAX];
    if (hub_staff_audit(c->st->store, c->who.name, action, target, c->now_ms, err))
        wk_log(WK_LOG_ERROR, "hub: %s", err);
}

static void draft_dir(const struct staff_call *c, char out[HUB_CONTENT_PATH_MAX])
{
    hub_content_path(c->st->store->path, "draft", out);
}

/* The file of kind/id in dir ("centre" and "categories" are files of
 * their own), or false for a kind or an id that is not one. */
static bool item_file(const char *dir, const char *kind, const char *id, char out[HUB_CONTENT_PATH_MAX])
{
    if (!strcmp(kind, "centre") || !strcmp(kind, "categories")) {
        if (id && id[0])
            return false;
        snprintf(out, HUB_CONTENT_PATH_MAX, "%s/%s.ini", dir, kind);
        return true;
    }
    for (int k = 0; k < HUB_CONTENT_KINDS; k++)
        if (!strcmp(kind, hub_content_kinds[k]) && id && ctl_valid_id(id)) {
            int n = snprintf(out, HUB_CONTENT_PATH_MAX, "%s/%s/%s.ini", dir, kind, id);
            return n > 0 && n < HUB_CONTENT_PATH_MAX;
        }
    return false;
}

int staff_read_ini(const char *path, bool strict, struct ini_file *f)
{
    FILE *null = fopen("/dev/null", "w");
    struct ctl_report r = { .out = null ? null : stderr, .quiet = true };
    int rc = ini_file_read(path, path, f, &r);
    if (null)
        fclose(null);
    if (rc == 0 && strict && r.errors) {
        ini_file_free(f);
        rc = WK_EINVAL;
    }
    return rc;
}

static const char *ini_value(struct ini_file *f, const char *section, const char *key)
{
    struct ini_entry *e = ini_get(f, section, key);
    return e ? e->value : NULL;
}

/* --- listing ---------------------------------------------------------------- */

/* The languages centre.ini enables, in its order, each with its
 * direction, and the default one. */
static void languages_json(cJSON *o, struct ini_file *centre)
{
    cJSON *list = cJSON_AddArrayToObject(o, "languages");
    for (size_t i = 0; list && i < centre->count; i++) {
        const struct ini_entry *e = &centre->entries[i];
        const struct i18n_language *l = i18n_find_language(e->key);
        bool on = false;
        if (strcmp(e->section, "languages") || !l || ctl_parse_bool(e->value, &on) || !on)
            continue;
        cJSON *x = cJSON_CreateObject();
        if (!x || !cJSON_AddItemToArray(list, x)) {
            cJSON_Delete(x);
            break;
        }
        cJSON_AddStringToObject(x, "code", l->code);
        cJSON_AddStringToObject(x, "endonym", l->endonym);
        cJSON_AddStringToObject(x, "dir", l->rtl ? "rtl" : "ltr");
    }
    const char *def = ini_value(centre, "settings", "default_language");
    cJSON_AddStringToObject(o, "default_language", def ? def : "");
}

/* An item's title as the list shows it: in lang, else English, else any. */
static const char *item_title(struct ini_file *f, const char *lang)
{
    const char *t = ini_value(f, lang, "title");
    if (!t)
        t = ini_value(f, "en", "title");
    for (size_t i = 0; !t && i < f->count; i++)
        if (!strcmp(f->entries[i].key, "title"))
            t = f->entries[i].value;
    return t ? t : "";
}

static int items_of(const char *dir, const char *kind, const char *lang, cJSON *list)
{
    char sub[HUB_CONTENT_PATH_MAX + 16];
    snprintf(sub, sizeof sub, "%s/%s", dir, kind);
    struct dirent **names = NULL;
    int n = scandir(sub, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        char id[HUB_CONTENT_PATH_MAX], path[HUB_CONTENT_PATH_MAX];
        size_t len = strlen(names[i]->d_name);
        if (len > 4 && !strcmp(names[i]->d_name + len - 4, ".ini")) {
            snprintf(id, sizeof id, "%.*s", (int)(len - 4), names[i]->d_name);
            struct ini_file f;
            cJSON *x = cJSON_CreateObject();
            if (x && cJSON_AddItemToArray(list, x) && item_file(dir, kind, id, path) && staff_read_ini(path, false, &f) == 0) {
                cJSON_AddStringToObject(x, "kind", kind);
                cJSON_AddStringToObject(x, "id", id);
                cJSON_AddStringToObject(x, "title", item_title(&f, lang));
                ini_file_free(&f);
            }
        }
        free(names[i]);
    }
    free(names);
    return n < 0 && errno != ENOENT ? WK_EIO : 0;
}

static void content_list(struct staff_call *c, struct hub_reply *r)
{
    char dir[HUB_CONTENT_PATH_MAX], path[HUB_CONTENT_PATH_MAX];
    draft_dir(c, dir);
    cJSON *o = cJSON_CreateObject(), *items = o ? cJSON_AddArrayToObject(o, "items") : NULL;
    if (!items) {
        cJSON_Delete(o);
        staff_error(r, 500, "out of memory");
        return;
    }
    pthread_mutex_lock(&draft_lock);
    struct ini_file centre;
    bool draft = item_file(dir, "centre", "", path) && access(path, F_OK) == 0 && staff_read_ini(path, false, &centre) == 0;
    cJSON_AddBoolToObject(o, "draft", draft);
    if (draft) {
        languages_json(o, &centre);
        const char *def = ini_value(&centre, "settings", "default_language");
        const char *v = ini_value(&centre, "bundle", "content_version");
        const char *name = ini_value(&centre, "bundle", "centre");
        cJSON_AddStringToObject(o, "centre", name ? name : "");
        cJSON_AddStringToObject(o, "draft_version", v ? v : "");
        for (int k = 0; k < HUB_CONTENT_KINDS; k++)
            items_of(dir, hub_content_kinds[k], def ? def : "en", items);
        ini_file_free(&centre);
    }
    pthread_mutex_unlock(&draft_lock);
    struct hub_bundle b;
    char err[WK_ERR_MAX];
    cJSON_AddNumberToObject(o, "published_version",
                            hub_store_bundle_latest(c->st->store, &b, err) == 0 ? (double)b.version : 0);
    cJSON_AddBoolToObject(o, "preview", c->st->kiosk_binary[0] != '\0');
    cJSON_AddBoolToObject(o, "publisher_key", c->who.keys[HUB_KEY_PUBLISHER]);
    staff_reply(r, 200, o);
}

/* --- one item ------------------------------------------------------------------ */

static void item_get(struct staff_call *c, const char *kind, const char *id, struct hub_reply *r)
{
    char dir[HUB_CONTENT_PATH_MAX], path[HUB_CONTENT_PATH_MAX];
    draft_dir(c, dir);
    if (!item_file(dir, kind, id, path)) {
        staff_error(r, 404, "no such kind of item, or not an id (a-z, 0-9 and '-')");
        return;
    }
    struct ini_file f;
    pthread_mutex_lock(&draft_lock);
    int rc = access(path, F_OK) == 0 ? staff_read_ini(path, false, &f) : WK_ENOTFOUND;
    pthread_mutex_unlock(&draft_lock);
    if (rc) {
        staff_error(r, 404, "the draft has no such item");
        return;
    }
    cJSON *o = cJSON_CreateObject(), *list = o ? cJSON_AddArrayToObject(o, "entries") : NULL;
    for (size_t i = 0; list && i < f.count; i++) {
        const char *row[3] = { f.entries[i].section, f.entries[i].key, f.entries[i].value };
        cJSON *x = cJSON_CreateStringArray(row, 3);
        if (!x || !cJSON_AddItemToArray(list, x))
            cJSON_Delete(x);
    }
    ini_file_free(&f);
    if (o) {
        cJSON_AddStringToObject(o, "kind", kind);
        cJSON_AddStringToObject(o, "id", id ? id : "");
    }
    staff_reply(r, list ? 200 : 500, o);
}

/* The body's "entries": [[section, key, value], ...], into e (pointing
 * into the body). */
static int body_entries(const struct staff_call *c, struct hub_content_entry **out, size_t *n)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(c->body, "entries"), *row;
    int count = cJSON_GetArraySize(list);
    if (!cJSON_IsArray(list) || count > HUB_CONTENT_ENTRIES_MAX)
        return WK_EINVAL;
    struct hub_content_entry *e = wk_calloc((size_t)count + 1, sizeof *e);
    if (!e)
        return WK_ENOMEM;
    size_t i = 0;
    cJSON_ArrayForEach(row, list) {
        const cJSON *s = cJSON_GetArrayItem(row, 0), *k = cJSON_GetArrayItem(row, 1), *v = cJSON_GetArrayItem(row, 2);
        if (!cJSON_IsArray(row) || cJSON_GetArraySize(row) != 3 || !cJSON_IsString(s) || !cJSON_IsString(k) ||
            !cJSON_IsString(v)) {
            free(e);
            return WK_EINVAL;
        }
        e[i++] = (struct hub_content_entry){ s->valuestring, k->valuestring, v->valuestring };
    }
    *out = e;
    *n = i;
    return 0;
}

static void item_save(struct staff_call *c, const char *kind, const char *id, struct hub_reply *r)
{
    char dir[HUB_CONTENT_PATH_MAX], path[HUB_CONTENT_PATH_MAX], err[WK_ERR_MAX];
    draft_dir(c, dir);
    if (!item_file(dir, kind, id, path)) {
        staff_error(r, 404, "no such kind of item, or not an id (a-z, 0-9 and '-')");
        return;
    }
    struct hub_content_entry *e = NULL;
    size_t n = 0;
    if (body_entries(c, &e, &n)) {
        staff_error(r, 400, "send \"entries\": [[section, key, value], ...]");
        return;
    }
    char comment[HUB_CONTENT_PATH_MAX + 64];
    snprintf(comment, sizeof comment, "%s — saved in the staff console", id && id[0] ? id : kind);
    pthread_mutex_lock(&draft_lock);
    struct stat s;
    int rc = stat(dir, &s) == 0 ? 0 : WK_ENOTFOUND;
    if (rc)
        wk_seterr(err, "there is no draft yet: import one (welkomctl content import DIR)");
    if (!rc)
        rc = hub_content_write(path, comment, e, n, err);
    pthread_mutex_unlock(&draft_lock);
    free(e);
    if (rc) {
        staff_error(r, rc == WK_EINVAL ? 400 : rc == WK_ENOTFOUND ? 409 : 500, err);
        return;
    }
    audit(c, "edited content", id && id[0] ? id : kind);
    staff_reply(r, 200, NULL);
}

static void item_delete(struct staff_call *c, const char *kind, const char *id, struct hub_reply *r)
{
    char dir[HUB_CONTENT_PATH_MAX], path[HUB_CONTENT_PATH_MAX];
    draft_dir(c, dir);
    if (!id || !id[0] || !item_file(dir, kind, id, path)) {
        staff_error(r, 404, "no such item (centre and categories are kept)");
        return;
    }
    pthread_mutex_lock(&draft_lock);
    int rc = unlink(path);
    pthread_mutex_unlock(&draft_lock);
    if (rc) {
        staff_error(r, 404, "the draft has no such item");
        return;
    }
    audit(c, "deleted content", id);
    staff_reply(r, 200, NULL);
}

/* --- building, checking, publishing ---------------------------------------------- */

/* Builds the source at src into bundle with welkomctl's builder; the
 * report's lines (errors and warnings) into *problems. Pictograms are
 * checked against the kiosk's set in assets (unless ""). */
static int build(const char *assets, const char *src, const char *bundle, cJSON **problems, char err[WK_ERR_MAX])
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    if (!out) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    struct ctl_report rep = { .out = out, .no_summary = true };
    struct ctl_build_options o = { .source_dir = src, .output = bundle, .assets_dir = assets[0] ? assets : NULL };
    int rc = ctl_build(&o, &rep, err);
    fclose(out);
    *problems = cJSON_CreateArray();
    int shown = 0;
    size_t skip = strlen(src) + 1;
    for (char *line = text, *next; line && *line && shown < PROBLEMS_SHOWN; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        /* Paths inside the hub's data directory mean nothing to an editor. */
        if (!strncmp(line, src, skip - 1) && line[skip - 1] == '/')
            line += skip;
        if (*problems && line[0])
            cJSON_AddItemToArray(*problems, cJSON_CreateString(line));
        shown++;
    }
    free(text);
    return rc;
}

/* A work directory for one build under DIR/content. */
static int work_dir(const struct staff_call *c, char out[HUB_CONTENT_PATH_MAX], char err[WK_ERR_MAX])
{
    hub_content_path(c->st->store->path, "", out);
    mkdir(out, 0700);
    size_t n = strlen(out);
    snprintf(out + n, HUB_CONTENT_PATH_MAX - n, "work-XXXXXX");
    if (!mkdtemp(out)) {
        wk_seterr(err, "cannot make a work directory in %s: %s", out, strerror(errno));
        return WK_EIO;
    }
    return 0;
}

static void work_remove(const char *work)
{
    hub_content_remove(work);
}

/* Copies the draft into WORK/src and builds it into WORK/bundle.db, the
 * version and the time of the build set first when version > 0. */
int staff_content_build(const struct staff_call *c, const char *work, int64_t version, cJSON **problems,
                        char err[WK_ERR_MAX])
{
    char dir[HUB_CONTENT_PATH_MAX], src[HUB_CONTENT_PATH_MAX + 8], bundle[HUB_CONTENT_PATH_MAX + 16];
    draft_dir(c, dir);
    snprintf(src, sizeof src, "%s/src", work);
    snprintf(bundle, sizeof bundle, "%s/bundle.db", work);
    *problems = NULL;
    int rc = hub_content_copy(dir, src, true, err);
    if (rc == 0 && version > 0) {
        char centre[HUB_CONTENT_PATH_MAX + 32], v[24], at[32];
        time_t now = (time_t)(c->now_ms / 1000);
        struct tm tm;
        snprintf(centre, sizeof centre, "%s/centre.ini", src);
        snprintf(v, sizeof v, "%lld", (long long)version);
        strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
        rc = hub_content_set_bundle(centre, "content_version", v, err);
        if (!rc)
            rc = hub_content_set_bundle(centre, "created_at", at, err);
    }
    if (!rc)
        rc = build(c->st->assets, src, bundle, problems, err);
    return rc;
}

int staff_content_build_draft(const struct staff_call *c, const char *work, cJSON **problems, char err[WK_ERR_MAX])
{
    pthread_mutex_lock(&draft_lock);
    int rc = staff_content_build(c, work, 0, problems, err);
    pthread_mutex_unlock(&draft_lock);
    return rc;
}

static void check(struct staff_call *c, struct hub_reply *r)
{
    char work[HUB_CONTENT_PATH_MAX], err[WK_ERR_MAX];
    cJSON *problems = NULL;
    pthread_mutex_lock(&draft_lock);
    int rc = work_dir(c, work, err);
    if (!rc) {
        rc = staff_content_build(c, work, 0, &problems, err);
        work_remove(work);
    }
    pthread_mutex_unlock(&draft_lock);
    cJSON *o = cJSON_CreateObject();
    if (o) {
        cJSON_AddBoolToObject(o, "ok", rc == 0);
        cJSON_AddItemToObject(o, "problems", problems ? problems : cJSON_CreateArray());
        if (rc && !problems)
            cJSON_AddStringToObject(o, "error", err);
    } else {
        cJSON_Delete(problems);
    }
    staff_reply(r, 200, o);
}

struct signing {
    const char *bundle, *sig;
    char err[WK_ERR_MAX];
};

/* Signs the bundle with the session's publisher key and opens it as a
 * kiosk would, trusting that key's public half. */
static int sign_with(void *user, const unsigned char *secret)
{
    struct signing *s = user;
    struct content_keys keys = { .count = 1 };
    char text[CONTENT_MAX_SIG_BYTES];
    FILE *in = fopen(s->bundle, "rb");
    unsigned char *bytes = wk_malloc(CONTENT_MAX_BUNDLE_BYTES + 1);
    size_t size = in && bytes ? fread(bytes, 1, CONTENT_MAX_BUNDLE_BYTES + 1, in) : 0;
    int rc = WK_EIO;
    if (in)
        fclose(in);
    if (!bytes || !size || size > CONTENT_MAX_BUNDLE_BYTES)
        wk_seterr(s->err, "cannot read the bundle just built");
    else if ((rc = content_sign(bytes, size, secret, text, sizeof text, s->err)) == 0) {
        FILE *out = fopen(s->sig, "w");
        if (!out || fputs(text, out) < 0 || fflush(out) || fsync(fileno(out))) {
            wk_seterr(s->err, "cannot write the signature: %s", strerror(errno));
            rc = WK_EIO;
        }
        if (out)
            fclose(out);
    }
    free(bytes);
    if (rc)
        return rc;
    hub_key_public(HUB_KEY_PUBLISHER, secret, keys.key[0]);
    struct content *opened;
    if ((rc = content_open(s->bundle, &keys, &opened, s->err)) == 0)
        content_close(opened);
    return rc;
}

/* Publishes the draft as the next version: built, signed, checked as a
 * kiosk checks it, onto the hub; its source kept in versions/N and the
 * draft's centre.ini given that version. Under draft_lock. */
static int publish_locked(struct staff_call *c, int64_t *version, cJSON **problems, char err[WK_ERR_MAX])
{
    struct hub_bundle latest;
    int rc = hub_store_bundle_latest(c->st->store, &latest, err);
    if (rc == WK_ENOTFOUND)
        latest.version = 0;
    else if (rc)
        return rc;
    *version = latest.version + 1;
    /* The roster as hub.db has it now (volunteers.ini, organisations.ini). */
    bool roster = false;
    if ((rc = hub_volunteers_write_draft(c->st->store, &roster, err)))
        return rc;
    char work[HUB_CONTENT_PATH_MAX], bundle[HUB_CONTENT_PATH_MAX + 16], sig[HUB_CONTENT_PATH_MAX + 16];
    if ((rc = work_dir(c, work, err)))
        return rc;
    snprintf(bundle, sizeof bundle, "%s/bundle.db", work);
    snprintf(sig, sizeof sig, "%s/bundle.db.sig", work);
    rc = staff_content_build(c, work, *version, problems, err);
    struct signing s = { .bundle = bundle, .sig = sig };
    if (!rc) {
        rc = hub_sessions_use_key(c->st->sessions, c->session, HUB_KEY_PUBLISHER, sign_with, &s);
        if (rc == WK_ENOTFOUND)
            wk_seterr(err, "your session holds no publisher key: ask an admin for a slot (welkomctl staff slot "
                           "--kind publisher), then log in again");
        else if (rc)
            wk_seterr(err, "a kiosk would refuse this bundle: %s", s.err);
    }
    char hex[HUB_SHA256_HEX + 1], src[HUB_CONTENT_PATH_MAX + 8], kept[HUB_CONTENT_PATH_MAX], name[32];
    int64_t size;
    if (!rc)
        rc = hub_store_bundle_sha256(bundle, hex, &size, err);
    if (!rc)
        rc = hub_store_bundle_publish(c->st->store, *version, bundle, sig, hex, c->now_ms, err);
    if (!rc) {
        /* The source as published, for the history and a restore. */
        snprintf(src, sizeof src, "%s/src", work);
        hub_content_path(c->st->store->path, "versions", kept);
        mkdir(kept, 0700);
        snprintf(name, sizeof name, "/%lld", (long long)*version);
        strncat(kept, name, sizeof kept - strlen(kept) - 1);
        hub_content_remove(kept);
        if (rename(src, kept) != 0)
            wk_log(WK_LOG_WARN, "hub: cannot keep the source of version %lld: %s", (long long)*version,
                   strerror(errno));
        char dir[HUB_CONTENT_PATH_MAX], centre[HUB_CONTENT_PATH_MAX + 16], v[24];
        draft_dir(c, dir);
        snprintf(centre, sizeof centre, "%s/centre.ini", dir);
        snprintf(v, sizeof v, "%lld", (long long)*version);
        char ignored[WK_ERR_MAX];
        hub_content_set_bundle(centre, "content_version", v, ignored);
    }
    work_remove(work);
    return rc;
}

static void publish_reply(struct staff_call *c, int rc, int64_t version, cJSON *problems, const char *err,
                          struct hub_reply *r)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) {
        cJSON_Delete(problems);
        staff_error(r, 500, "out of memory");
        return;
    }
    cJSON_AddItemToObject(o, "problems", problems ? problems : cJSON_CreateArray());
    if (rc) {
        cJSON_AddStringToObject(o, "error", err);
        staff_reply(r, rc == WK_ENOTFOUND ? 409 : problems && cJSON_GetArraySize(problems) ? 422 : 500, o);
        return;
    }
    char v[24];
    snprintf(v, sizeof v, "%lld", (long long)version);
    audit(c, "published version", v);
    wk_log(WK_LOG_INFO, "hub: %s published content version %s from the console", c->who.name, v);
    cJSON_AddNumberToObject(o, "version", (double)version);
    staff_reply(r, 200, o);
}

static void publish(struct staff_call *c, struct hub_reply *r)
{
    char err[WK_ERR_MAX] = "";
    int64_t version = 0;
    cJSON *problems = NULL;
    pthread_mutex_lock(&draft_lock);
    int rc = publish_locked(c, &version, &problems, err);
    pthread_mutex_unlock(&draft_lock);
    if (rc && problems && cJSON_GetArraySize(problems) == 0 && rc != WK_EINVAL) {
        cJSON_Delete(problems);
        problems = NULL;
    }
    publish_reply(c, rc, version, problems, err, r);
}

/* Restores version N's source as the draft and publishes it as a new
 * version. */
static void restore(struct staff_call *c, struct hub_reply *r)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->body, "version");
    char kept[HUB_CONTENT_PATH_MAX], dir[HUB_CONTENT_PATH_MAX], name[32], err[WK_ERR_MAX] = "";
    if (!cJSON_IsNumber(v) || v->valuedouble < 1 || v->valuedouble > (double)HUB_BUNDLE_VERSION_MAX) {
        staff_error(r, 400, "send \"version\": the number of a published version");
        return;
    }
    int64_t from = (int64_t)v->valuedouble, version = 0;
    hub_content_path(c->st->store->path, "versions", kept);
    snprintf(name, sizeof name, "/%lld", (long long)from);
    strncat(kept, name, sizeof kept - strlen(kept) - 1);
    draft_dir(c, dir);
    cJSON *problems = NULL;
    pthread_mutex_lock(&draft_lock);
    struct stat s;
    int rc = stat(kept, &s) == 0 ? 0 : WK_ENOTFOUND;
    if (!rc)
        rc = hub_content_replace(kept, dir, true, err);
    if (!rc)
        rc = publish_locked(c, &version, &problems, err);
    pthread_mutex_unlock(&draft_lock);
    if (stat(kept, &s) != 0 && !version) {
        cJSON_Delete(problems);
        staff_error(r, 404, "the hub has no source of that version (published with welkomctl, or never)");
        return;
    }
    if (!rc) {
        char target[64];
        snprintf(target, sizeof target, "%lld as %lld", (long long)from, (long long)version);
        audit(c, "restored version", target);
    }
    publish_reply(c, rc, version, problems, err, r);
}

/* --- history ------------------------------------------------------------------------ */

static void history(struct staff_call *c, struct hub_reply *r)
{
    struct hub_store *s = c->st->store;
    cJSON *o = cJSON_CreateObject(), *list = o ? cJSON_AddArrayToObject(o, "versions") : NULL;
    sqlite3_stmt *st = NULL;
    char kept[HUB_CONTENT_PATH_MAX];
    hub_content_path(s->path, "versions", kept);
    pthread_mutex_lock(&s->lock);
    int code = sqlite3_prepare_v2(
        s->db,
        "SELECT b.version, b.published_at, b.size,"
        " (SELECT staff FROM audit WHERE action = 'published version' AND target = CAST(b.version AS TEXT)"
        "  ORDER BY id DESC LIMIT 1),"
        " (SELECT target FROM audit WHERE action = 'restored version' AND target LIKE '% as ' || b.version"
        "  ORDER BY id DESC LIMIT 1)"
        " FROM bundles b ORDER BY b.version DESC LIMIT ?",
        -1, &st, NULL);
    if (code == SQLITE_OK)
        sqlite3_bind_int(st, 1, HISTORY_SHOWN);
    while (list && (code == SQLITE_OK || code == SQLITE_ROW) && (code = sqlite3_step(st)) == SQLITE_ROW) {
        cJSON *x = cJSON_CreateObject();
        if (!x || !cJSON_AddItemToArray(list, x)) {
            cJSON_Delete(x);
            break;
        }
        int64_t version = sqlite3_column_int64(st, 0);
        const char *who = (const char *)sqlite3_column_text(st, 3), *from = (const char *)sqlite3_column_text(st, 4);
        char path[HUB_CONTENT_PATH_MAX + 32];
        snprintf(path, sizeof path, "%s/%lld", kept, (long long)version);
        cJSON_AddNumberToObject(x, "version", (double)version);
        cJSON_AddNumberToObject(x, "published_at", (double)sqlite3_column_int64(st, 1));
        cJSON_AddNumberToObject(x, "size", (double)sqlite3_column_int64(st, 2));
        /* Published with welkomctl: no one in the audit log. */
        cJSON_AddStringToObject(x, "by", who ? who : "");
        cJSON_AddNumberToObject(x, "restored_from", from ? atof(from) : 0);
        cJSON_AddBoolToObject(x, "restorable", access(path, F_OK) == 0);
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    if (code != SQLITE_DONE && code != SQLITE_ROW) {
        cJSON_Delete(o);
        staff_error(r, 500, "cannot read the history");
        return;
    }
    staff_reply(r, 200, o);
}

/* --- routing ------------------------------------------------------------------------- */

void staff_content(struct staff_call *c, bool post, const char *path, struct hub_reply *r)
{
    /* path is what follows "content": "", "/check", "/KIND", "/KIND/ID",
     * "/KIND/ID/delete". */
    char kind[32] = "", id[HUB_CONTENT_PATH_MAX] = "", rest[16] = "";
    if (!*path) {
        if (!post)
            { content_list(c, r); return; }
    } else if (!strcmp(path, "/check") && post) {
        { check(c, r); return; }
    } else if (!strcmp(path, "/publish") && post) {
        { publish(c, r); return; }
    } else if (!strcmp(path, "/restore") && post) {
        { restore(c, r); return; }
    } else if (!strcmp(path, "/history") && !post) {
        { history(c, r); return; }
    } else if (!strcmp(path, "/preview") && !post) {
        { staff_content_preview(c, r); return; }
    } else if (path[0] == '/' && strlen(path) < sizeof id) {
        const char *p = path + 1, *slash = strchr(p, '/');
        size_t k = slash ? (size_t)(slash - p) : strlen(p);
        if (k < sizeof kind) {
            memcpy(kind, p, k);
            if (slash) {
                const char *slash2 = strchr(slash + 1, '/');
                size_t n = slash2 ? (size_t)(slash2 - slash - 1) : strlen(slash + 1);
                memcpy(id, slash + 1, n);
                if (slash2 && strlen(slash2 + 1) < sizeof rest)
                    strcpy(rest, slash2 + 1);
                else if (slash2)
                    strcpy(rest, "?");
            }
            if (!rest[0] && !post)
                { item_get(c, kind, id, r); return; }
            if (!rest[0] && post)
                { item_save(c, kind, id, r); return; }
            if (!strcmp(rest, "delete") && post)
                { item_delete(c, kind, id, r); return; }
        }
    }
    staff_error(r, 404, "no such endpoint");
}
