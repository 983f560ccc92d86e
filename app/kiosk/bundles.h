/* bundles.h — choosing and opening the bundle a kiosk starts with. */
#ifndef KIOSK_BUNDLES_H
#define KIOSK_BUNDLES_H

#include "../content/content.h"

#define KIOSK_CONTENT_PATH_MAX 1024

/* Zero means "not there" for every field. */
struct kiosk_content_desc {
    const char *bundle;            /* this bundle and no other (--bundle) */
    const char *state_dir;         /* holds the installed bundle */
    const char *demo_dir;          /* bundle.db, .sig and publisher.pub */
    const struct content_keys *keys;   /* the pinned publisher keys */
    /* WK_ERR_MAX bytes, or NULL: why the kiosk does not show the bundle
     * installed in state_dir (none yet, or refused, and the demo is shown),
     * for the heartbeat's last_error (sync_config.content_warning); "" when
     * it does, or when a bundle was given. */
    char *warning;
};

/* The bundle to show, or NULL if none can be opened (logged). */
struct content *kiosk_load_content(const struct kiosk_content_desc *d);

#endif
