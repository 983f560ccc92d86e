/* paths.h — where the kiosk looks for its fonts, pictograms, catalogs, demo
 * bundle and state when neither the config nor a flag says. */
#ifndef KIOSK_PATHS_H
#define KIOSK_PATHS_H

#include "../core/wk.h"

struct kiosk_paths {
    const char *data_dir;      /* holds fonts/ and assets/ */
    const char *locale_dir;    /* holds XX/LC_MESSAGES/welkom.mo */
    const char *demo_dir;      /* the firmware's demo bundle; NULL: DATA_DIR/demo */
    const char *state_dir;     /* the queue and the installed bundle */
    bool build_tree;           /* true: the binary runs from its build tree */
};

/* The defaults for this process: a binary still in the build tree it was
 * made in (`build/welkom` in a checkout) uses that checkout's fonts and
 * assets, the catalogs and demo bundle the build made, and BUILD/state, so
 * a developer's run needs no flags and never writes to /var/lib; an
 * installed binary uses the installed PREFIX and /var/lib/welkom. */
void kiosk_default_paths(struct kiosk_paths *out);

#endif
