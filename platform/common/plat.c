/* plat.c — the public platform API, once for both backends: checks the
 * descriptor, keeps what both share (injected events, frame count, the last
 * frame, the watchdog) and forwards the rest to platform/sdl or
 * platform/headless. */
#include "plat_internal.h"

#include <stdlib.h>

#define PLAT_DEFAULT_ASSETS_DIR "assets"

int plat_check_size(int width, int height, char err[WK_ERR_MAX])
{
    if (width < PLAT_MIN_WIDTH || height < PLAT_MIN_HEIGHT) {
        wk_seterr(err, "the screen is %dx%d pixels, but welkom needs at least %dx%d "
                  "(after rotation)", width, height, PLAT_MIN_WIDTH, PLAT_MIN_HEIGHT);
        return WK_EINVAL;
    }
    return 0;
}

int plat_open(const struct plat_desc *desc, struct text_ctx *text, struct plat **out,
              char err[WK_ERR_MAX])
{
    static const struct plat_desc defaults = { 0 };
    int rc = WK_ENOMEM;
    bool queue_ok = false, audio_ok = false;
    struct plat *plat = NULL;

    *out = NULL;
    if (!desc)
        desc = &defaults;
    if (desc->rotation != 0 && desc->rotation != 90 && desc->rotation != 180 &&
        desc->rotation != 270) {
        wk_seterr(err, "rotation must be 0, 90, 180 or 270 degrees, not %d", desc->rotation);
        return WK_EINVAL;
    }
    if (desc->width < 0 || desc->height < 0) {
        wk_seterr(err, "a screen size cannot be negative (%dx%d)", desc->width, desc->height);
        return WK_EINVAL;
    }
    plat = wk_calloc(1, sizeof *plat);
    if (!plat) {
        wk_seterr(err, "out of memory opening the platform");
        goto out;
    }
    plat->backend = desc->headless ? &plat_headless_backend : &plat_sdl_backend;
    plat->text = text;
    plat->assets_dir = wk_strdup(desc->assets_dir ? desc->assets_dir : PLAT_DEFAULT_ASSETS_DIR);
    if (!plat->assets_dir) {
        wk_seterr(err, "out of memory opening the platform");
        goto out;
    }
    if ((rc = evqueue_init(&plat->queue, err)) != 0)
        goto out;
    queue_ok = true;
    if ((rc = audio_ring_init(&plat->audio, desc->audio_out, err)) != 0)
        goto out;
    audio_ok = true;
    watchdog_init(&plat->watchdog);
    if ((rc = plat->backend->open(plat, desc, err)) != 0)
        goto out;
    wk_log(WK_LOG_DEBUG, "platform %s: %dx%d", plat->backend->name, plat->width, plat->height);
    *out = plat;
    rc = 0;
out:
    if (rc && plat) {
        watchdog_close(&plat->watchdog);
        if (queue_ok)
            evqueue_destroy(&plat->queue);
        if (audio_ok)
            audio_ring_destroy(&plat->audio);
        free(plat->assets_dir);
        free(plat);
    }
    return rc;
}

void plat_close(struct plat *plat)
{
    if (!plat)
        return;
    plat_audio_stop(plat);
    plat->backend->close(plat);
    audio_ring_destroy(&plat->audio);
    watchdog_close(&plat->watchdog);
    evqueue_destroy(&plat->queue);
    free(plat->assets_dir);
    free(plat);
}

void plat_size(const struct plat *plat, int *width, int *height)
{
    if (width)
        *width = plat->width;
    if (height)
        *height = plat->height;
}

int plat_wait_event(struct plat *plat, int timeout_ms, struct wk_event *out)
{
    if (evqueue_pop(&plat->queue, out))
        return 1;
    return plat->backend->wait_event(plat, timeout_ms, out);
}

void plat_inject(struct plat *plat, const struct wk_event *event)
{
    if (evqueue_push(&plat->queue, event) && plat->backend->wake)
        plat->backend->wake(plat);
}

int64_t plat_now_ms(const struct plat *plat) { return plat->backend->now_ms(plat); }
int64_t plat_wall_ms(const struct plat *plat) { return plat->backend->wall_ms(plat); }

void plat_present(struct plat *plat, const struct ui_frame *frame)
{
    plat->backend->present(plat, frame);
    plat->last_frame = frame;
    plat->frames++;
}

uint64_t plat_frames_presented(const struct plat *plat) { return plat->frames; }

int plat_screenshot(struct plat *plat, const char *png_path, char err[WK_ERR_MAX])
{
    if (!plat->last_frame) {
        wk_seterr(err, "no frame has been presented yet, nothing to save to %s", png_path);
        return WK_EINVAL;
    }
    return plat->backend->screenshot(plat, png_path, err);
}

int plat_watchdog_interval_ms(const struct plat *plat)
{
    return plat->watchdog.enabled ? plat->watchdog.interval_ms : 0;
}

void plat_watchdog_ping(struct plat *plat)
{
    watchdog_ping(&plat->watchdog, plat->backend->now_ms(plat));
}
