/* paths.c — the kiosk's default paths: the build tree it was made in when
 * it runs from there, else the installed locations (see paths.h). The
 * Makefile tells this file alone where the build tree is. */
#include "paths.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#ifndef WELKOM_DATADIR
#define WELKOM_DATADIR "/usr/local/share/welkom"
#endif
#ifndef WELKOM_LOCALEDIR
#define WELKOM_LOCALEDIR "/usr/local/share/locale"
#endif
#define WELKOM_STATEDIR "/var/lib/welkom"

void kiosk_default_paths(struct kiosk_paths *out)
{
    *out = (struct kiosk_paths){ .data_dir = WELKOM_DATADIR, .locale_dir = WELKOM_LOCALEDIR,
                                 .demo_dir = NULL, .state_dir = WELKOM_STATEDIR };
#if defined(WELKOM_SOURCE_DIR) && defined(WELKOM_BUILD_DIR)
    if (wk_exe_in_dir(WELKOM_BUILD_DIR))
        *out = (struct kiosk_paths){ .data_dir = WELKOM_SOURCE_DIR,
                                     .locale_dir = WELKOM_BUILD_DIR "/locale",
                                     .demo_dir = WELKOM_BUILD_DIR "/demo",
                                     .state_dir = WELKOM_BUILD_DIR "/state", .build_tree = true };
#endif
}
