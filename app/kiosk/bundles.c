/* bundles.c — which bundle a kiosk shows when it starts: the one named on
 * the command line, else the one installed in its state directory, else
 * the demo bundle the firmware ships, so a fresh or broken kiosk is never
 * blank. Each bundle that is refused is logged with its reason, and a
 * fallback is handed on for staff to see (the heartbeat's last_error). The
 * demo bundle's test key is trusted for the demo bundle only. */
#include "bundles.h"
#include "../content/store.h"

#include <stdio.h>
#include <string.h>

static struct content *try_open(const char *what, const char *path, const struct content_keys *keys,
                                char why[WK_ERR_MAX])
{
    char err[WK_ERR_MAX];
    struct content *c = NULL;
    wk_seterr(why, "no content installed");
    int rc = content_open(path, keys, &c, err);
    if (rc == 0) {
        const struct content_meta *m = content_meta(c);
        wk_log(WK_LOG_INFO, "content: %s bundle %s, version %lld%s", what, path,
               (long long)m->content_version, m->demo ? " (demo)" : "");
        return c;
    }
    /* No bundle installed yet is the normal state of a fresh kiosk. */
    if (rc == WK_ENOTFOUND && strcmp(what, "the given") != 0)
        wk_log(WK_LOG_INFO, "content: no %s bundle (%s)", what + 4, path);
    else {
        wk_log(WK_LOG_WARN, "content: %s bundle refused: %s", what, err);
        wk_seterr(why, "%s bundle refused: %.160s", what + 4, err);
    }
    return NULL;
}

struct content *kiosk_load_content(const struct kiosk_content_desc *d)
{
    char path[KIOSK_CONTENT_PATH_MAX + 64], why[WK_ERR_MAX] = "", ignored[WK_ERR_MAX];
    struct content *c = NULL;
    if (d->warning)
        d->warning[0] = '\0';
    if (d->bundle && d->bundle[0])
        return try_open("the given", d->bundle, d->keys, ignored);
    if (d->state_dir && d->state_dir[0]) {
        content_store_path(d->state_dir, path, sizeof path);
        c = try_open("the installed", path, d->keys, why);
    }
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
        c = try_open("the demo", path, &demo_keys, ignored);
        if (c && d->warning && d->state_dir && d->state_dir[0])
            snprintf(d->warning, WK_ERR_MAX, "showing the demo content: %.200s", why);
    }
    if (!c)
        wk_log(WK_LOG_ERROR, "content: no bundle could be opened; the kiosk shows no services");
    return c;
}
