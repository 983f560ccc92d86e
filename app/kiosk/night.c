/* night.c — night mode: outside the bundle's [screen_hours] the attract
 * screen gives way to a dark night screen that asks for no frame until
 * the hours begin again, so a hallway kiosk is not a bright advert all
 * night. A touch wakes it for a while (the ordinary attract screen); a
 * session in progress is never cut short, and a clock that cannot be
 * trusted keeps the screen on. */
#include "kiosk_internal.h"
#include "../content/content.h"

/* How long a touch at night keeps the attract screen up. */
#define NIGHT_WAKE_MS (2 * 60 * 1000)

/* The bundle's screen hours and the local day and minute, when the
 * attract screen shows and both are known; NULL otherwise. */
static const struct content_meta *hours_now(const struct kiosk *k, int64_t wall_ms, int32_t *day,
                                            int *minute)
{
    if (kiosk_current(k) != SCREEN_ATTRACT || !k->content)
        return NULL;
    const struct content_meta *m = content_meta(k->content);
    if (!m->has_screen_hours || !kiosk_clock_trusted(k->content, wall_ms))
        return NULL;
    content_local_time(wall_ms, day, minute);
    return m;
}

bool kiosk_night(const struct kiosk *k, int64_t now_ms, int64_t wall_ms)
{
    int32_t day;
    int minute;
    const struct content_meta *m = hours_now(k, wall_ms, &day, &minute);
    return m && now_ms >= k->night_woken_until_ms && !content_screen_on(m, day, minute);
}

bool kiosk_night_now(const struct kiosk *k, int64_t now_ms, int64_t wall_ms)
{
    return kiosk_night(k, now_ms, wall_ms);
}

bool kiosk_night_touch(struct kiosk *k, const struct wk_event *event, int64_t now_ms, int64_t wall_ms)
{
    if (event->type != WK_EV_POINTER_DOWN || !kiosk_night(k, now_ms, wall_ms))
        return false;
    k->night_woken_until_ms = now_ms + NIGHT_WAKE_MS;
    wk_log(WK_LOG_DEBUG, "night: woken by a touch");
    return true;
}

int64_t kiosk_night_deadline(const struct kiosk *k, int64_t now_ms, int64_t wall_ms)
{
    int64_t next = KIOSK_NO_DEADLINE;
    int32_t day;
    int minute;
    const struct content_meta *m = hours_now(k, wall_ms, &day, &minute);
    if (!m)
        return next;
    if (now_ms < k->night_woken_until_ms)
        next = k->night_woken_until_ms;
    int change = content_screen_next_change(m, day, minute);
    if (change > 0) {
        int64_t into_minute = (wall_ms % 60000 + 60000) % 60000;
        next = WK_MIN(next, now_ms + change * 60000LL - into_minute);
    }
    return next;
}
