/* plat_headless.c — the backend without a window, for tests and
 * benchmarks: frames are drawn by the common drawing code into an ARGB8888
 * surface through SDL's software renderer, input comes only from
 * plat_inject, and time is a fake clock that moves only when the app waits
 * with nothing queued — so a test of a 30-minute idle timeout takes no time
 * and gives the same result every run. */
#include "../common/plat_internal.h"
#include "../common/draw.h"

#include <stdatomic.h>
#include <stdlib.h>

/* 2026-01-05 09:00 UTC, a Monday morning: the default fake wall clock. */
#define HEADLESS_DEFAULT_WALL_MS INT64_C(1767603600000)

struct headless {
    SDL_Surface *surface;        /* ARGB8888, plat->width x plat->height */
    SDL_Renderer *renderer;      /* software, drawing into surface */
    struct draw *draw;
    /* Atomic because plat_now_ms may be read from the sync thread. */
    _Atomic int64_t now_ms;
    _Atomic int64_t wall_ms;
};

static void headless_close(struct plat *plat)
{
    struct headless *h = plat->backend_state;
    if (!h)
        return;
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

/* Injected events were already looked at by plat_wait_event; with none
 * queued the fake clocks jump ahead by the whole timeout. */
static int headless_wait_event(struct plat *plat, int timeout_ms, struct wk_event *out)
{
    struct headless *h = plat->backend_state;
    (void)out;
    if (timeout_ms > 0) {
        atomic_fetch_add(&h->now_ms, timeout_ms);
        atomic_fetch_add(&h->wall_ms, timeout_ms);
    }
    return 0;
}

static int64_t headless_now_ms(const struct plat *plat)
{
    const struct headless *h = plat->backend_state;
    return atomic_load(&h->now_ms);
}

static int64_t headless_wall_ms(const struct plat *plat)
{
    const struct headless *h = plat->backend_state;
    return atomic_load(&h->wall_ms);
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
    .wake = NULL,
    .now_ms = headless_now_ms,
    .wall_ms = headless_wall_ms,
    .present = headless_present,
    .screenshot = headless_screenshot,
};
