/* plat_internal.h — what the two backends share behind platform.h: the one
 * struct plat, and the table of functions each backend fills in. plat.c
 * implements the public plat_* API once and forwards to the backend chosen
 * by desc->headless, so both backends can live in the same binary. Private
 * to platform/. */
#ifndef PLAT_INTERNAL_H
#define PLAT_INTERNAL_H

#include "../platform.h"
#include "evqueue.h"
#include "watchdog.h"
#include "audio.h"

struct plat_backend {
    const char *name;
    /* Fills plat->width/height (the UI's size) and plat->backend_state. */
    int (*open)(struct plat *plat, const struct plat_desc *desc, char err[WK_ERR_MAX]);
    void (*close)(struct plat *plat);
    /* Waits for an event that is not in plat->queue (the caller looked). */
    int (*wait_event)(struct plat *plat, int timeout_ms, struct wk_event *out);
    /* Called from any thread after an event was queued; may be NULL. */
    void (*wake)(struct plat *plat);
    int64_t (*now_ms)(const struct plat *plat);
    int64_t (*wall_ms)(const struct plat *plat);
    void (*present)(struct plat *plat, const struct ui_frame *frame);
    int (*screenshot)(struct plat *plat, const char *png_path, char err[WK_ERR_MAX]);
    /* Opens the audio device for sample_rate if it is not (any thread);
     * NULL: no device (headless). */
    int (*audio_open)(struct plat *plat, int sample_rate, char err[WK_ERR_MAX]);
};

extern const struct plat_backend plat_sdl_backend;
extern const struct plat_backend plat_headless_backend;

struct plat {
    const struct plat_backend *backend;
    void *backend_state;
    struct text_ctx *text;           /* may be NULL: text commands are skipped */
    char *assets_dir;                /* holds pictograms/ */
    int width, height;               /* what the UI lays out for */
    struct evqueue queue;            /* injected events, from any thread */
    struct watchdog watchdog;
    uint64_t frames;
    /* The frame last presented, for plat_screenshot. Its memory belongs to
     * the UI and stays valid until the next UI pass; screenshots are taken
     * right after a present, before that pass, so keeping the pointer is
     * enough and costs no copy of every string on every frame. */
    const struct ui_frame *last_frame;
    struct audio_ring audio;         /* audio.c */
};

/* Checks the UI size against PLAT_MIN_WIDTH x PLAT_MIN_HEIGHT. */
int plat_check_size(int width, int height, char err[WK_ERR_MAX]);

#endif
