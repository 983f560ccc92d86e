/* plat_headless.c — the backend without a window, for tests and
 * benchmarks: frames are drawn by the common drawing code into an ARGB8888
 * surface through SDL's software renderer, input comes only from
 * plat_inject, and time is a fake clock that moves only when the app waits
 * with nothing queued — so a test of a 30-minute idle timeout takes no time
 * and gives the same result every run.
 * With desc->real_clock (a kiosk without a screen, run as a service) it
 * uses the machine's clocks instead, sleeps until the next deadline or an
 * injected event, and turns SIGTERM and SIGINT into WK_EV_QUIT as the
 * window does. Neither clock has a speaker: the time that passes plays
 * the audio ring (into the --audio-out WAV file, if any). */
#include "../common/plat_internal.h"
#include "../common/draw.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

/* 2026-01-05 09:00 UTC, a Monday morning: the default fake wall clock. */
#define HEADLESS_DEFAULT_WALL_MS INT64_C(1767603600000)
/* Real clock: how often a wait wakes to play what is queued. */
#define HEADLESS_AUDIO_TICK_MS 20

struct headless {
    SDL_Surface *surface;        /* ARGB8888, plat->width x plat->height */
    SDL_Renderer *renderer;      /* software, drawing into surface */
    struct draw *draw;
    /* Atomic because plat_now_ms may be read from the sync thread. */
    _Atomic int64_t now_ms;
    _Atomic int64_t wall_ms;
    bool real_clock;
    /* real_clock: a byte on this pipe ends a wait (an injected event from
     * any thread, or a signal); both ends non-blocking. */
    int wake_pipe[2];
    struct sigaction old_term, old_int;
};

/* A signal handler can reach nothing but globals: the write end of the
 * one real-clock backend's pipe, and whether a quit was asked for. */
static volatile sig_atomic_t quit_signalled;
static volatile sig_atomic_t signal_wake_fd = -1;

static void on_quit_signal(int signo)
{
    int saved = errno;
    (void)signo;
    quit_signalled = 1;
    if (signal_wake_fd >= 0 && write(signal_wake_fd, "q", 1) < 0) {
        /* the pipe is full: a wake is pending anyway */
    }
    errno = saved;
}

/* The pipe and the signal handlers of a real-clock backend. */
static int open_real_clock(struct headless *h, char err[WK_ERR_MAX])
{
    if (pipe2(h->wake_pipe, O_NONBLOCK | O_CLOEXEC) != 0) {
        wk_seterr(err, "cannot make the headless wake pipe: %s", strerror(errno));
        h->wake_pipe[0] = h->wake_pipe[1] = -1;
        return WK_EIO;
    }
    quit_signalled = 0;
    signal_wake_fd = h->wake_pipe[1];
    struct sigaction sa = { .sa_handler = on_quit_signal, .sa_flags = SA_RESTART };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, &h->old_term);
    sigaction(SIGINT, &sa, &h->old_int);
    h->real_clock = true;
    return 0;
}

static void close_real_clock(struct headless *h)
{
    if (!h->real_clock)
        return;
    sigaction(SIGTERM, &h->old_term, NULL);
    sigaction(SIGINT, &h->old_int, NULL);
    signal_wake_fd = -1;
    close(h->wake_pipe[0]);
    close(h->wake_pipe[1]);
    h->real_clock = false;
}

static void headless_close(struct plat *plat)
{
    struct headless *h = plat->backend_state;
    if (!h)
        return;
    close_real_clock(h);
    draw_destroy(h->draw);
    if (h->renderer)
        SDL_DestroyRenderer(h->renderer);
    SDL_FreeSurface(h->surface);
    free(h);
    plat->backend_state = NULL;
}

/* No SDL_Init(VIDEO) here: a software renderer on a surface, SDL_image and
 * SDL_mutex all work without a video driver, so tests need no display. */
static int headless_open(struct plat *plat, const struct plat_desc *desc, char err[WK_ERR_MAX])
{
    int rc;
    struct headless *h = wk_calloc(1, sizeof *h);
    if (!h) {
        wk_seterr(err, "out of memory opening the headless platform");
        return WK_ENOMEM;
    }
    plat->backend_state = h;
    plat->width = desc->width ? desc->width : PLAT_DEFAULT_WIDTH;
    plat->height = desc->height ? desc->height : PLAT_DEFAULT_HEIGHT;
    if ((rc = plat_check_size(plat->width, plat->height, err)) != 0)
        goto out;
    atomic_init(&h->now_ms, 0);
    atomic_init(&h->wall_ms, desc->wall_clock_ms ? desc->wall_clock_ms : HEADLESS_DEFAULT_WALL_MS);
    if (desc->real_clock && (rc = open_real_clock(h, err)) != 0)
        goto out;

    rc = WK_EDISPLAY;
    h->surface = SDL_CreateRGBSurfaceWithFormat(0, plat->width, plat->height, 32,
                                                SDL_PIXELFORMAT_ARGB8888);
    if (!h->surface) {
        wk_seterr(err, "cannot make a %dx%d offscreen surface: %s", plat->width, plat->height,
                  SDL_GetError());
        goto out;
    }
    h->renderer = SDL_CreateSoftwareRenderer(h->surface);
    if (!h->renderer) {
        wk_seterr(err, "cannot make a software renderer: %s", SDL_GetError());
        goto out;
    }
    struct draw_config config = { .renderer = h->renderer, .text = plat->text,
                                  .assets_dir = plat->assets_dir, .cache_text_textures = true };
    rc = draw_create(&config, &h->draw, err);
out:
    if (rc)
        headless_close(plat);
    return rc;
}

/* Real clock: sleeps on the wake pipe until the timeout, an injected event
 * or a quit signal, whichever comes first. */
static int wait_real(struct plat *plat, struct headless *h, int timeout_ms, struct wk_event *out)
{
    struct pollfd pfd = { .fd = h->wake_pipe[0], .events = POLLIN };
    int64_t before = wk_mono_ms();
    /* While something is queued to be heard, wake to play it. */
    if (plat_audio_queued(plat) > 0)
        timeout_ms = timeout_ms < 0 ? HEADLESS_AUDIO_TICK_MS : WK_MIN(timeout_ms, HEADLESS_AUDIO_TICK_MS);
    if (!quit_signalled && poll(&pfd, 1, timeout_ms) < 0 && errno != EINTR)
        wk_log(WK_LOG_WARN, "headless wait: %s", strerror(errno));
    audio_ring_play_for(&plat->audio, wk_mono_ms() - before);
    char drain[64];
    while (read(h->wake_pipe[0], drain, sizeof drain) > 0) {}
    if (quit_signalled) {
        quit_signalled = 0;
        *out = (struct wk_event){ .type = WK_EV_QUIT };
        return 1;
    }
    return evqueue_pop(&plat->queue, out) ? 1 : 0;
}

/* Injected events were already looked at by plat_wait_event; with none
 * queued the fake clocks jump ahead by the whole timeout. */
static int headless_wait_event(struct plat *plat, int timeout_ms, struct wk_event *out)
{
    struct headless *h = plat->backend_state;
    if (h->real_clock)
        return wait_real(plat, h, timeout_ms, out);
    if (timeout_ms > 0) {
        atomic_fetch_add(&h->now_ms, timeout_ms);
        atomic_fetch_add(&h->wall_ms, timeout_ms);
        audio_ring_play_for(&plat->audio, timeout_ms);
    }
    return 0;
}

static void headless_wake(struct plat *plat)
{
    const struct headless *h = plat->backend_state;
    if (h->real_clock && write(h->wake_pipe[1], "w", 1) < 0) {
        /* the pipe is full: the UI thread has a wake pending anyway */
    }
}

static int64_t headless_now_ms(const struct plat *plat)
{
    const struct headless *h = plat->backend_state;
    return h->real_clock ? wk_mono_ms() : atomic_load(&h->now_ms);
}

static int64_t headless_wall_ms(const struct plat *plat)
{
    const struct headless *h = plat->backend_state;
    return h->real_clock ? wk_wall_ms() : atomic_load(&h->wall_ms);
}

static void headless_present(struct plat *plat, const struct ui_frame *frame)
{
    struct headless *h = plat->backend_state;
    draw_frame(h->draw, frame);
    SDL_RenderPresent(h->renderer);
}

/* The surface already holds the last presented frame, drawn by the same
 * code a screenshot would use. */
static int headless_screenshot(struct plat *plat, const char *png_path, char err[WK_ERR_MAX])
{
    struct headless *h = plat->backend_state;
    return draw_save_png(h->surface, png_path, err);
}

const struct plat_backend plat_headless_backend = {
    .name = "headless",
    .open = headless_open,
    .close = headless_close,
    .wait_event = headless_wait_event,
    .wake = headless_wake,
    .now_ms = headless_now_ms,
    .wall_ms = headless_wall_ms,
    .present = headless_present,
    .screenshot = headless_screenshot,
};
