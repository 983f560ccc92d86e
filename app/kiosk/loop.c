/* loop.c — the main loop, shared by the window and the headless backend.
 * The wait is the platform's (SDL_WaitEventTimeout in a window, a fake
 * clock headless); the deadline is the kiosk's; so the same code runs
 * the real kiosk, the tests and the screenshot tool. */
#include "loop.h"
#include "../../platform/platform.h"
#include "../../platform/common/backlight.h"
#include "../text/text.h"
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* A wait this long (or for ever) is the kiosk at rest: it says so at debug
 * level, so a test can see an idle screen go to sleep instead of watching
 * the clock for frames that do not come. */
#define LOOP_REST_MS 10000

/* The first-frame report: PATH.new, then a rename, so the helper never
 * reads half of it. */
static void report_first_frame(const char *path)
{
    char tmp[1200];
    snprintf(tmp, sizeof tmp, "%s.new", path);
    FILE *f = fopen(tmp, "w");
    bool ok = f && fprintf(f, "%s %ld\n", WELKOM_VERSION, (long)getpid()) > 0;
    if ((f && fclose(f) != 0) || !ok || rename(tmp, path) != 0)
        wk_log(WK_LOG_WARN, "cannot report the first frame in %s: %s", path, strerror(errno));
}

bool kiosk_loop_once(struct kiosk_loop *loop, int max_wait_ms)
{
    struct kiosk *k = loop->kiosk;
    struct plat *p = loop->plat;
    if (loop->hang_at_ms > 0 && wk_mono_ms() >= loop->hang_at_ms) {
        wk_log(WK_LOG_WARN, "debug: the main loop hangs now (--debug-hang-after); no more watchdog pings");
        for (;;)
            pause();
    }
    int64_t now = plat_now_ms(p);
    int64_t deadline = kiosk_next_deadline(k, now, plat_wall_ms(p));
    int64_t wait = deadline == KIOSK_NO_DEADLINE ? -1 : WK_MAX(deadline - now, 0);
    int watchdog = plat_watchdog_interval_ms(p);
    if (watchdog > 0)
        wait = wait < 0 ? watchdog : WK_MIN(wait, watchdog);
    if (max_wait_ms >= 0)
        wait = wait < 0 ? max_wait_ms : WK_MIN(wait, max_wait_ms);
    /* The first frame is drawn at once, not at the first deadline. */
    if (loop->first_frame_ms < 0)
        wait = 0;

    if (wait < 0 || wait >= LOOP_REST_MS)
        wk_log(WK_LOG_DEBUG, "at rest: nothing to draw for %s", wait < 0 ? "ever" : "10 s or more");
    struct wk_event ev;
    int got = plat_wait_event(p, (int)WK_MIN(wait, INT_MAX), &ev);
    plat_watchdog_ping(p);
    if (got && ev.type == WK_EV_WAKE) {
        got = 0;
        if (loop->on_wake)
            loop->on_wake(loop->on_wake_user);
    }
    int width, height;
    plat_size(p, &width, &height);
    if (kiosk_update(k, got ? &ev : NULL, width, height, plat_now_ms(p), plat_wall_ms(p))) {
        plat_present(p, kiosk_frame(k));
        kiosk_mark_presented(k);
        if (loop->first_frame_ms < 0) {
            loop->first_frame_ms = plat_now_ms(p);
            loop->first_frame_wall_ms = wk_mono_ms();
            wk_log(WK_LOG_INFO, "first frame presented");
            if (loop->first_frame_file)
                report_first_frame(loop->first_frame_file);
        }
    }
    if (loop->backlight)
        backlight_night(loop->backlight, kiosk_night_now(k, plat_now_ms(p), plat_wall_ms(p)));
    text_end_frame(loop->text);
    if (loop->quit_after_first_frame && loop->first_frame_ms >= 0)
        return false;
    return !kiosk_quit_requested(k);
}

void kiosk_loop_run(struct kiosk_loop *loop)
{
    while (kiosk_loop_once(loop, -1)) {}
}
