/* platform.h — what the app needs from the machine it runs on: a surface to
 * present frames on, input events, clocks and screenshots. Two backends
 * implement it: platform/sdl (a window: x11/wayland on a desktop, kmsdrm on a
 * Pi) and platform/headless (no window, a fake clock, scripted input, an
 * offscreen surface). Both draw through platform/common/draw.c, so a
 * headless screenshot is the picture the window would show. */
#ifndef PLATFORM_H
#define PLATFORM_H

#include "../app/core/wk.h"
#include "../app/core/event.h"
#include "../app/ui/frame.h"

struct plat;
struct text_ctx;

/* The smallest drawable the layout is designed for. */
#define PLAT_MIN_WIDTH 800
#define PLAT_MIN_HEIGHT 480
#define PLAT_DEFAULT_WIDTH 1280
#define PLAT_DEFAULT_HEIGHT 800

/* Zero means the sensible default for every field. */
struct plat_desc {
    bool headless;           /* no window: offscreen surface, fake clock */
    int width, height;       /* drawable size; 0 = 1280x800 (window) or the
                                display's mode (fullscreen) */
    bool fullscreen;
    int rotation;            /* 0, 90, 180 or 270 degrees, for portrait
                                kiosks on landscape panels */
    const char *assets_dir;  /* holds pictograms/ */
    int64_t wall_clock_ms;   /* headless: the fake wall clock at start, ms
                                since the epoch; 0 = 2026-01-05 09:00 UTC */
    bool real_clock;         /* headless: the machine's clocks, real waits,
                                SIGTERM/SIGINT as WK_EV_QUIT (no script) */
    const char *audio_out;   /* headless: write what the speaker plays to
                                this WAV file (NULL: nowhere) */
};

/* Opens the backend. A display that cannot be opened, or a drawable smaller
 * than PLAT_MIN_WIDTH x PLAT_MIN_HEIGHT, is an error with a message. */
int plat_open(const struct plat_desc *desc, struct text_ctx *text, struct plat **out,
              char err[WK_ERR_MAX]);
void plat_close(struct plat *plat);

/* The drawable size, in pixels, as the UI must lay out for it (after
 * rotation). */
void plat_size(const struct plat *plat, int *width, int *height);

/* Waits up to timeout_ms (-1 = forever) for the next event. Returns 1 with
 * *out filled, 0 when the time ran out. The headless backend on its fake
 * clock never sleeps: with no scripted event queued it advances the clock
 * by timeout_ms and returns 0 (a timeout of -1 returns 0 at once). On the
 * real clock it waits like a window. */
int plat_wait_event(struct plat *plat, int timeout_ms, struct wk_event *out);

/* Queues an event as if it had come from the user. Safe to call from any
 * thread (the SDL backend uses SDL_PushEvent). */
void plat_inject(struct plat *plat, const struct wk_event *event);

int64_t plat_now_ms(const struct plat *plat);    /* monotonic */
int64_t plat_wall_ms(const struct plat *plat);   /* wall clock, ms since epoch */

/* Draws the frame and shows it. Counts presented frames. */
void plat_present(struct plat *plat, const struct ui_frame *frame);
uint64_t plat_frames_presented(const struct plat *plat);

/* Writes the last presented frame as a PNG, drawn by the same code into an
 * offscreen surface. */
int plat_screenshot(struct plat *plat, const char *png_path, char err[WK_ERR_MAX]);

/* How often the service manager wants a sign of life: half of
 * WATCHDOG_USEC when systemd set one for this process, else 0 (no
 * watchdog; an idle kiosk then never wakes). */
int plat_watchdog_interval_ms(const struct plat *plat);

/* Tells the service manager we are alive (sd_notify WATCHDOG=1 when
 * NOTIFY_SOCKET is set); a no-op elsewhere. */
void plat_watchdog_ping(struct plat *plat);

/* The speaker (read-aloud), mono 16-bit PCM. plat_audio_start begins an
 * utterance at sample_rate and opens the device the first time (a window:
 * SDL audio; headless: none, the fake clock plays). plat_audio_write queues
 * samples, waiting while PLAT_AUDIO_RING_MS are queued already; it returns
 * false once plat_audio_stop was called (from any thread), which drops
 * what is queued and silences the speaker at once. */
int plat_audio_start(struct plat *plat, int sample_rate, char err[WK_ERR_MAX]);
bool plat_audio_write(struct plat *plat, const int16_t *pcm, size_t count);
void plat_audio_stop(struct plat *plat);
/* Samples queued and not yet played. */
size_t plat_audio_queued(struct plat *plat);

#endif
