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

/* True when this process's executable sits in WELKOM_BUILD_DIR itself (not
 * a copy installed elsewhere). Both sides go through realpath, so a
 * symlinked checkout or a relative BUILD compares right. */
static bool running_from_build_tree(void)
{
#ifdef WELKOM_BUILD_DIR
    char exe[PATH_MAX], build[PATH_MAX];
    if (!realpath("/proc/self/exe", exe) || !realpath(WELKOM_BUILD_DIR, build))
        return false;
    char *slash = strrchr(exe, '/');
    if (!slash)
        return false;
    *slash = '\0';
    return strcmp(exe, build) == 0;
#else
    return false;
#endif
}

void kiosk_default_paths(struct kiosk_paths *out)
{
    *out = (struct kiosk_paths){ .data_dir = WELKOM_DATADIR, .locale_dir = WELKOM_LOCALEDIR,
                                 .demo_dir = NULL, .state_dir = WELKOM_STATEDIR };
#if defined(WELKOM_SOURCE_DIR) && defined(WELKOM_BUILD_DIR)
    if (running_from_build_tree())
        *out = (struct kiosk_paths){ .data_dir = WELKOM_SOURCE_DIR,
                                     .locale_dir = WELKOM_BUILD_DIR "/locale",
                                     .demo_dir = WELKOM_BUILD_DIR "/demo",
                                     .state_dir = WELKOM_BUILD_DIR "/state", .build_tree = true };
#endif
}
