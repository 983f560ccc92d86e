/* backlight.c — dimming the panel at night (backlight.h). The brightness
 * the panel had when night began is kept and written back when it ends,
 * so a level set by a technician survives the night. */
#include "backlight.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BACKLIGHT_PATH_MAX 1200

struct backlight {
    char brightness[BACKLIGHT_PATH_MAX];
    long max, day;
    bool dimmed;
};

static int read_long(const char *path, long *out)
{
    FILE *f = fopen(path, "r");
    int ok = f && fscanf(f, "%ld", out) == 1;
    if (f)
        fclose(f);
    return ok ? 0 : WK_EIO;
}

static int write_long(const char *path, long value)
{
    FILE *f = fopen(path, "w");
    bool ok = f && fprintf(f, "%ld\n", value) > 0;
    if ((f && fclose(f) != 0) || !ok) {
        wk_log(WK_LOG_WARN, "backlight: cannot write %s: %s (is the udev rule 99-welkom-backlight.rules "
               "installed?)", path, strerror(errno));
        return WK_EIO;
    }
    return 0;
}

struct backlight *backlight_open(const char *class_dir)
{
    DIR *d = opendir(class_dir);
    char name[256] = "", max_path[BACKLIGHT_PATH_MAX];
    for (struct dirent *e; d && (e = readdir(d));)
        if (e->d_name[0] != '.' && (!name[0] || strcmp(e->d_name, name) < 0))
            snprintf(name, sizeof name, "%s", e->d_name);
    if (d)
        closedir(d);
    if (!name[0]) {
        wk_log(WK_LOG_INFO, "backlight: none in %s; the night screen is dark but the panel stays lit", class_dir);
        return NULL;
    }
    struct backlight *b = wk_calloc(1, sizeof *b);
    if (!b)
        return NULL;
    snprintf(b->brightness, sizeof b->brightness, "%.900s/%.250s/brightness", class_dir, name);
    snprintf(max_path, sizeof max_path, "%.900s/%.250s/max_brightness", class_dir, name);
    if (read_long(max_path, &b->max) || b->max <= 0 || read_long(b->brightness, &b->day)) {
        wk_log(WK_LOG_WARN, "backlight: cannot read %s; the panel stays as it is", b->brightness);
        free(b);
        return NULL;
    }
    wk_log(WK_LOG_INFO, "backlight: %s (%ld of %ld), dimmed at night", b->brightness, b->day, b->max);
    return b;
}

void backlight_night(struct backlight *b, bool night)
{
    if (!b || night == b->dimmed)
        return;
    if (night) {
        long now;
        if (read_long(b->brightness, &now) == 0)
            b->day = now;
        long dim = WK_MAX(b->max * BACKLIGHT_NIGHT_PERCENT / 100, 1);
        if (write_long(b->brightness, WK_MIN(dim, b->day)) == 0)
            wk_log(WK_LOG_INFO, "backlight: dimmed for the night");
    } else if (write_long(b->brightness, b->day) == 0) {
        wk_log(WK_LOG_INFO, "backlight: restored to %ld", b->day);
    }
    b->dimmed = night;
}

void backlight_close(struct backlight *b)
{
    if (!b)
        return;
    backlight_night(b, false);
    free(b);
}
