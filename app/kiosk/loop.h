/* loop.h — the main loop: render on demand. Wait for the next event or the
 * kiosk's next deadline, update, and present only a frame that changed; an
 * idle kiosk sleeps in the platform's wait and draws nothing. */
#ifndef KIOSK_LOOP_H
#define KIOSK_LOOP_H

#include "kiosk.h"

struct plat;
struct speech;

/* Read-aloud into the platform's speaker at volume (0..100); *out NULL at
 * volume 0 (no speaker button). Close with speech_close before the
 * platform. */
int kiosk_speech_open(struct plat *plat, int volume, struct speech **out, char err[WK_ERR_MAX]);

struct kiosk_loop {
    struct kiosk *kiosk;
    struct plat *plat;
    struct text_ctx *text;
    int64_t first_frame_ms;      /* platform time of the first present; -1 before */
    int64_t first_frame_wall_ms; /* the same on wk_mono_ms(), for start-up figures */
    bool quit_after_first_frame; /* for start-up benchmarks */
    /* Written ("VERSION PID") once the first frame is presented: how the
     * root helper welkom-update sees that a new package works. NULL: none. */
    const char *first_frame_file;
    /* Dimmed while the night screen shows; NULL: none. */
    struct backlight *backlight;
    int64_t hang_at_ms;          /* > 0: on wk_mono_ms(), the loop stops answering for good
                                    (--debug-hang-after: what the watchdog is for) */
    /* Called on the UI thread when another thread woke the loop
     * (plat_inject of WK_EV_WAKE): the sync worker's events. */
    void (*on_wake)(void *user);
    void *on_wake_user;
};

/* One turn: waits at most max_wait_ms (-1: until the next event or
 * deadline), then updates and presents if needed. Returns false once the
 * kiosk wants to quit. */
bool kiosk_loop_once(struct kiosk_loop *loop, int max_wait_ms);


/* Turns until the kiosk quits (window closed, SIGTERM, Ctrl+Q). */
void kiosk_loop_run(struct kiosk_loop *loop);

/* Runs a script of steps separated by ';' or newlines, as a person would
 * use the kiosk (see docs/ARCHITECTURE.md, "Seeing it"):
 *   tap:LABEL        press and release the widget showing LABEL
 *   tap-at:X,Y       press and release at a point
 *   hold-at:X,Y,MS   press at a point, keep the finger there MS ms, release
 *   drag:LABEL:DY    drag from the widget by DY pixels and let go
 *   key:NAME         press a key: enter, back, backspace, - or a digit
 *   type:DIGITS      press each digit (and -) in turn, as a USB badge
 *                    scanner types a code (then key:enter)
 *   wait:MS          let MS milliseconds pass
 *   hold:LABEL:MS    press the widget showing LABEL, keep the finger there MS ms
 *   listen:MS        let time pass while something is read aloud, until it
 *                    is all played or MS ms have passed
 *   expect:TEXT      fail unless TEXT is on screen
 *   screenshot:FILE  write the screen as a PNG */
int kiosk_script_run(struct kiosk_loop *loop, const char *script, char err[WK_ERR_MAX]);

/* The widget on screen whose label is exactly `label`, or NULL. */
const struct ui_widget *kiosk_find_widget(const struct kiosk *k, const char *label);
/* True if `text` is shown anywhere on screen (in a text block or label). */
bool kiosk_shows_text(const struct kiosk *k, const char *text);

#endif
