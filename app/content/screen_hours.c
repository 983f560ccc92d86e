/* screen_hours.c — when a kiosk's screen is on: the bundle's
 * [screen_hours] (welkomctl stores each weekday as settings
 * screen_hours_mon = "450-1320,..." in minutes of the day), read strictly
 * like every other setting, and asked by the kiosk at each attract screen
 * (night mode, app/kiosk/night.c). */
#include "content_internal.h"

#include <stdio.h>
#include <string.h>

static const char *const DAYS[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

/* "450-720,780-1320" into h: ranges in order, each within the day, none
 * overlapping the one before; "" is a dark day. */
static int parse_day(const char *v, struct content_day_hours *h)
{
    *h = (struct content_day_hours){ 0 };
    const char *p = v;
    int last = -1;
    while (*p) {
        int opens, closes, used = 0;
        if (h->count == CONTENT_MAX_RANGES_PER_DAY || sscanf(p, "%4d-%4d%n", &opens, &closes, &used) != 2 ||
            used == 0 || strspn(p, "0123456789-") != (size_t)used || opens <= last || opens < 0 ||
            closes <= opens || closes > 24 * 60)
            return WK_EFORMAT;
        h->range[h->count++] = (struct content_range){ (int16_t)opens, (int16_t)closes };
        last = closes;
        p += used;
        if (*p == ',' && p[1])
            p++;
        else if (*p)
            return WK_EFORMAT;
    }
    return 0;
}

int content_load_screen_hours(struct content_meta *m, const struct content_pair *pairs, size_t n,
                              char err[WK_ERR_MAX])
{
    for (int wd = 0; wd < 7; wd++) {
        char key[32], shown[64];
        snprintf(key, sizeof key, "screen_hours_%s", DAYS[wd]);
        const char *v = content_pair_value(pairs, n, key);
        if (!v)
            continue;
        if (parse_day(v, &m->screen_week[wd])) {
            wk_seterr(err, "bundle setting %s \"%s\" is not opening ranges in minutes", key,
                      content_printable(v, shown, sizeof shown));
            return WK_EFORMAT;
        }
        m->has_screen_hours = true;
    }
    return 0;
}

bool content_screen_on(const struct content_meta *m, int32_t day, int minute)
{
    if (!m->has_screen_hours)
        return true;
    const struct content_day_hours *h = &m->screen_week[content_weekday(day)];
    for (int i = 0; i < h->count; i++)
        if (minute >= h->range[i].opens && minute < h->range[i].closes)
            return true;
    return false;
}

int content_screen_next_change(const struct content_meta *m, int32_t day, int minute)
{
    if (!m->has_screen_hours)
        return -1;
    bool now = content_screen_on(m, day, minute);
    /* The state only changes at an edge (an opening, a closing, midnight):
     * the earliest edge within a week and a day where it differs. */
    int best = -1;
    for (int d = 0; d <= 7; d++) {
        const struct content_day_hours *h = &m->screen_week[content_weekday(day + d)];
        int edges[2 * CONTENT_MAX_RANGES_PER_DAY + 1] = { 0 }, count = 1;
        for (int i = 0; i < h->count; i++) {
            edges[count++] = h->range[i].opens;
            edges[count++] = h->range[i].closes;
        }
        for (int i = 0; i < count; i++) {
            int at = d * 24 * 60 + edges[i];
            if (at > minute && (best < 0 || at - minute < best) &&
                content_screen_on(m, day + d + edges[i] / (24 * 60), edges[i] % (24 * 60)) != now)
                best = at - minute;
        }
    }
    return best;
}
