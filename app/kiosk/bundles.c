/* bundles.c — which bundle a kiosk shows when it starts: the one named on
 * the command line, else the one installed in its state directory (not
 * older than the newest it ever installed, else the newest it kept that
 * is not), else the demo bundle the firmware ships, so a fresh or broken
 * kiosk is never blank. Each bundle that is refused is logged with its
 * reason, and a fallback (to a kept bundle or to the demo) is handed on
 * for staff to see (the heartbeat's last_error). The demo bundle's test
 * key is trusted for the demo bundle only. */
#include "bundles.h"
#include "../content/store.h"

#include <stdio.h>
#include <string.h>

static void opened(const char *what, const struct content *c)
{
    const struct content_meta *m = content_meta(c);
    wk_log(WK_LOG_INFO, "content: %s bundle %s, version %lld%s", what, content_path(c),
           (long long)m->content_version, m->demo ? " (demo)" : "");
}

static struct content *try_open(const char *what, const char *path, const struct content_keys *keys)
{
    char err[WK_ERR_MAX];
    struct content *c = NULL;
    int rc = content_open(path, keys, &c, err);
    if (rc == 0) {
        opened(what, c);
        return c;
    }
    if (rc == WK_ENOTFOUND && strcmp(what, "the given") != 0)
        wk_log(WK_LOG_INFO, "content: no %s bundle (%s)", what + 4, path);
    else
        wk_log(WK_LOG_WARN, "content: %s bundle refused: %s", what, err);
    return NULL;
}

/* The installed bundle; when it is refused (damaged, no longer trusted, or
 * older than one this kiosk had), the newest bundle kept beside it that
 * passes. why says what went wrong, for the fallback's warning. */
static struct content *open_installed(const char *state_dir, const struct content_keys *keys,
                                      char why[WK_ERR_MAX], char *warning)
{
    char err[WK_ERR_MAX], path[KIOSK_CONTENT_PATH_MAX + 64];
    struct content *c = NULL;
    int rc = content_store_open(state_dir, keys, &c, err);
    if (rc == 0) {
        opened("the installed", c);
        return c;
    }
    /* No bundle installed yet is the normal state of a fresh kiosk. */
    content_store_path(state_dir, path, sizeof path);
    if (rc == WK_ENOTFOUND) {
        wk_log(WK_LOG_INFO, "content: no installed bundle (%s)", path);
        wk_seterr(why, "no content installed");
        return NULL;
    }
    wk_log(WK_LOG_WARN, "content: the installed bundle refused: %s", err);
    wk_seterr(why, "installed bundle refused: %.160s", err);
    if (content_store_open_kept(state_dir, keys, &c, err) != 0) {
        wk_log(WK_LOG_INFO, "content: %s", err);
        return NULL;
    }
    opened("the kept", c);
    if (warning)
        snprintf(warning, WK_ERR_MAX, "showing a kept bundle (version %lld): %.160s",
                 (long long)content_meta(c)->content_version, why);
    return c;
}

struct content *kiosk_load_content(const struct kiosk_content_desc *d)
{
    char path[KIOSK_CONTENT_PATH_MAX + 64], why[WK_ERR_MAX] = "";
    struct content *c = NULL;
    if (d->warning)
        d->warning[0] = '\0';
    if (d->bundle && d->bundle[0])
        return try_open("the given", d->bundle, d->keys);
    if (d->state_dir && d->state_dir[0])
        c = open_installed(d->state_dir, d->keys, why, d->warning);
    if (!c && d->demo_dir && d->demo_dir[0]) {
        struct content_keys demo_keys = *d->keys;
        char err[WK_ERR_MAX];
        snprintf(path, sizeof path, "%s/publisher.pub", d->demo_dir);
        if (demo_keys.count < CONTENT_MAX_KEYS &&
            content_key_file_read(path, demo_keys.key[demo_keys.count], CONTENT_KEY_BYTES, err) == 0)
            demo_keys.count++;
        else
            wk_log(WK_LOG_WARN, "content: no demo key: %s", err);
        snprintf(path, sizeof path, "%s/bundle.db", d->demo_dir);
        c = try_open("the demo", path, &demo_keys);
        if (c && d->warning && d->state_dir && d->state_dir[0])
            snprintf(d->warning, WK_ERR_MAX, "showing the demo content: %.200s", why);
    }
    if (!c)
        wk_log(WK_LOG_ERROR, "content: no bundle could be opened; the kiosk shows no services");
    return c;
}
