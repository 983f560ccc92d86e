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

bool kiosk_night(const struct kiosk *k, int64_t now_ms, int64_t wall_ms)
{
    if (kiosk_current(k) != SCREEN_ATTRACT || !k->content || now_ms < k->night_woken_until_ms)
        return false;
    const struct content_meta *m = content_meta(k->content);
    if (!m->has_screen_hours || !kiosk_clock_trusted(k->content, wall_ms))
        return false;
    int32_t day;
    int minute;
    content_local_time(wall_ms, &day, &minute);
    return !content_screen_on(m, day, minute);
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
    if (kiosk_current(k) != SCREEN_ATTRACT || !k->content)
        return next;
    if (now_ms < k->night_woken_until_ms)
        next = k->night_woken_until_ms;
    const struct content_meta *m = content_meta(k->content);
    if (!m->has_screen_hours || !kiosk_clock_trusted(k->content, wall_ms))
        return next;
    int32_t day;
    int minute;
    content_local_time(wall_ms, &day, &minute);
    int change = content_screen_next_change(m, day, minute);
    if (change > 0) {
        int64_t into_minute = (wall_ms % 60000 + 60000) % 60000;
        next = WK_MIN(next, now_ms + change * 60000LL - into_minute);
    }
    return next;
}
