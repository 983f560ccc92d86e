/* plat_sdl.c — the window backend: an SDL2 window (x11 or wayland on a
 * desktop, kmsdrm on a Pi without X), touch and mouse input translated into
 * app events, render on demand, and optional rotation for portrait kiosks
 * on landscape panels. Frames are drawn by platform/common/draw.c.
 *
 * Renderer: on kmsdrm (and wayland) the accelerated one (GLES2 through
 * Mesa's V3D driver on a Pi 4/5). On x11 — in practice Xvfb in tests and a
 * developer's desktop — or when SDL_FRAMEBUFFER_ACCELERATION=0, the software
 * renderer with SDL_FRAMEBUFFER_ACCELERATION=0 so its window framebuffer is
 * plain X11 shared memory: no libGL or Mesa is ever loaded. SDL_RENDER_DRIVER
 * in the environment still wins.
 *
 * Rotation r (90, 180, 270) turns the picture r degrees clockwise on the
 * panel: the UI lays out for the rotated size, the frame is drawn into a
 * target texture of that size and copied rotated; pointer positions are
 * mapped back into UI coordinates. desc->width/height are the window's
 * (the panel's) size, before rotation. */
#include "../common/plat_internal.h"
#include "../common/draw.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SDL_WINDOW_TITLE "welkom"
#define NO_DISPLAY_HINT "set DISPLAY, or run under xvfb-run, or use --headless"

struct sdl_state {
    SDL_Window *window;
    SDL_Renderer *renderer;
    SDL_Texture *target;         /* rotation != 0: frames are drawn here at UI size */
    struct draw *draw;
    Uint32 wake_event;           /* registered user event: "look at the queue" */
    int rotation;
    int panel_w, panel_h;        /* renderer output size, before rotation */
    bool finger_down;            /* the one finger we follow; others are ignored */
    SDL_TouchID touch_id;
    SDL_FingerID finger_id;
    /* The speaker: opened by the first utterance (the speech worker's
     * thread, which alone opens it), closed with the window. */
    bool audio_init;             /* SDL_INIT_AUDIO is ours to quit */
    SDL_AudioDeviceID audio;
    int audio_rate;
};

/* A device buffer of 1024 samples is 46 ms at 22050 Hz: the delay between
 * a sample leaving the ring and reaching the loudspeaker. */
#define SDL_AUDIO_BUFFER_SAMPLES 1024

static void SDLCALL audio_callback(void *user, Uint8 *stream, int len)
{
    struct plat *plat = user;
    audio_ring_take(&plat->audio, (int16_t *)stream, (size_t)len / 2);
}

static int sdl_audio_open(struct plat *plat, int sample_rate, char err[WK_ERR_MAX])
{
    struct sdl_state *s = plat->backend_state;
    if (s->audio && s->audio_rate == sample_rate)
        return 0;
    if (s->audio) {
        SDL_CloseAudioDevice(s->audio);
        s->audio = 0;
    }
    if (!s->audio_init) {
        if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
            wk_seterr(err, "no sound: %s", SDL_GetError());
            return WK_EIO;
        }
        s->audio_init = true;
    }
    SDL_AudioSpec want = { .freq = sample_rate, .format = AUDIO_S16SYS, .channels = 1,
                           .samples = SDL_AUDIO_BUFFER_SAMPLES, .callback = audio_callback,
                           .userdata = plat }, have;
    s->audio = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
    if (!s->audio) {
        wk_seterr(err, "no sound: %s", SDL_GetError());
        return WK_EIO;
    }
    s->audio_rate = sample_rate;
    SDL_PauseAudioDevice(s->audio, 0);
    wk_log(WK_LOG_INFO, "speaker opened: %s, %d Hz", SDL_GetCurrentAudioDriver(), sample_rate);
    return 0;
}

static bool hint_is_off(const char *value)
{
    return value && (strcmp(value, "0") == 0 || strcasecmp(value, "false") == 0 ||
                     strcasecmp(value, "software") == 0);
}

/* See the top of the file for why. SDL_GetHint also reads the environment. */
static bool want_software_renderer(const char *driver)
{
    if (hint_is_off(SDL_GetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION)))
        return true;
    return driver && (strcmp(driver, "x11") == 0 || strcmp(driver, "offscreen") == 0 ||
                      strcmp(driver, "dummy") == 0);
}

static int software_driver_index(void)
{
    for (int i = 0; i < SDL_GetNumRenderDrivers(); i++) {
        SDL_RendererInfo info;
        if (SDL_GetRenderDriverInfo(i, &info) == 0 && strcmp(info.name, "software") == 0)
            return i;
    }
    return -1;
}

static SDL_Renderer *create_renderer(SDL_Window *window, bool software)
{
    if (SDL_GetHint(SDL_HINT_RENDER_DRIVER))
        software = false;  /* the user chose; index -1 honours the hint */
    SDL_Renderer *renderer = software
        ? SDL_CreateRenderer(window, software_driver_index(), SDL_RENDERER_SOFTWARE)
        : SDL_CreateRenderer(window, -1, 0);
    if (!renderer) {
        wk_log(WK_LOG_WARN, "no %s renderer (%s); trying the %s one",
               software ? "software" : "accelerated", SDL_GetError(),
               software ? "default" : "software");
        renderer = software
            ? SDL_CreateRenderer(window, -1, 0)
            : SDL_CreateRenderer(window, software_driver_index(), SDL_RENDERER_SOFTWARE);
    }
    return renderer;
}

static bool rotated_sideways(const struct sdl_state *s)
{
    return s->rotation == 90 || s->rotation == 270;
}

/* Reads the drawable size, derives the UI size and (re)makes the rotation
 * target when that size changed. */
static int update_size(struct plat *plat, char err[WK_ERR_MAX])
{
    struct sdl_state *s = plat->backend_state;
    if (SDL_GetRendererOutputSize(s->renderer, &s->panel_w, &s->panel_h) != 0) {
        wk_seterr(err, "cannot read the drawable size: %s", SDL_GetError());
        return WK_EDISPLAY;
    }
    int ui_w = rotated_sideways(s) ? s->panel_h : s->panel_w;
    int ui_h = rotated_sideways(s) ? s->panel_w : s->panel_h;
    bool changed = ui_w != plat->width || ui_h != plat->height;
    plat->width = ui_w;
    plat->height = ui_h;
    if (s->rotation == 0 || (s->target && !changed))
        return 0;
    if (s->target)
        SDL_DestroyTexture(s->target);
    s->target = SDL_CreateTexture(s->renderer, SDL_PIXELFORMAT_ARGB8888,
                                  SDL_TEXTUREACCESS_TARGET, ui_w, ui_h);
    if (!s->target) {
        wk_seterr(err, "cannot make a %dx%d texture for rotation: %s", ui_w, ui_h,
                  SDL_GetError());
        return WK_EDISPLAY;
    }
    return 0;
}

static void sdl_close(struct plat *plat)
{
    struct sdl_state *s = plat->backend_state;
    if (!s)
        return;
    if (s->audio)
        SDL_CloseAudioDevice(s->audio);
    if (s->audio_init)
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    draw_destroy(s->draw);
    if (s->target)
        SDL_DestroyTexture(s->target);
    if (s->renderer)
        SDL_DestroyRenderer(s->renderer);
    if (s->window)
        SDL_DestroyWindow(s->window);
    SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
    free(s);
    plat->backend_state = NULL;
}

static int sdl_open(struct plat *plat, const struct plat_desc *desc, char err[WK_ERR_MAX])
{
    int rc = WK_EDISPLAY;
    struct sdl_state *s = wk_calloc(1, sizeof *s);
    if (!s) {
        wk_seterr(err, "out of memory opening the window");
        return WK_ENOMEM;
    }
    s->rotation = desc->rotation;

    /* A touch must arrive once, as a finger, not also as a mouse click. */
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    /* A fullscreen kiosk bypasses the compositor; a window on a developer's
     * desktop leaves it alone. */
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, desc->fullscreen ? "1" : "0");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        wk_seterr(err, "cannot open a display: %s (%s)", SDL_GetError(), NO_DISPLAY_HINT);
        free(s);
        return WK_EDISPLAY;
    }
    plat->backend_state = s;

    /* With no display SDL may fall back to its offscreen driver: a window
     * nobody sees is no display, unless that driver was asked for. */
    const char *driver = SDL_GetCurrentVideoDriver();
    const char *asked = SDL_GetHint(SDL_HINT_VIDEODRIVER);
    if (driver && (strcmp(driver, "offscreen") == 0 || strcmp(driver, "dummy") == 0) &&
        !(asked && strstr(asked, driver))) {
        wk_seterr(err, "cannot open a display: only SDL's %s video driver is available (%s)",
                  driver, NO_DISPLAY_HINT);
        goto out;
    }
    bool software = want_software_renderer(driver);
    if (software && !SDL_GetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION))
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");

    s->wake_event = SDL_RegisterEvents(1);
    if (s->wake_event == (Uint32)-1) {
        wk_seterr(err, "cannot register an SDL event type: %s", SDL_GetError());
        goto out;
    }

    int win_w = desc->width ? desc->width : PLAT_DEFAULT_WIDTH;
    int win_h = desc->height ? desc->height : PLAT_DEFAULT_HEIGHT;
    Uint32 flags = 0;
    if (desc->fullscreen) {
        /* The display's own mode: no mode switch, which panels handle badly. */
        SDL_DisplayMode mode;
        if (SDL_GetDesktopDisplayMode(0, &mode) == 0) {
            win_w = mode.w;
            win_h = mode.h;
        }
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    }
    s->window = SDL_CreateWindow(SDL_WINDOW_TITLE, SDL_WINDOWPOS_CENTERED,
                                 SDL_WINDOWPOS_CENTERED, win_w, win_h, flags);
    if (!s->window) {
        wk_seterr(err, "cannot open a %dx%d window on %s: %s (%s)", win_w, win_h,
                  driver ? driver : "?", SDL_GetError(), NO_DISPLAY_HINT);
        goto out;
    }
    s->renderer = create_renderer(s->window, software);
    if (!s->renderer) {
        wk_seterr(err, "cannot make a renderer on %s: %s", driver ? driver : "?",
                  SDL_GetError());
        goto out;
    }
    SDL_RendererInfo info = { 0 };
    SDL_GetRendererInfo(s->renderer, &info);
    if ((rc = update_size(plat, err)) != 0)
        goto out;
    if ((rc = plat_check_size(plat->width, plat->height, err)) != 0)
        goto out;
    struct draw_config config = { .renderer = s->renderer, .text = plat->text,
                                  .assets_dir = plat->assets_dir, .cache_text_textures = true };
    if ((rc = draw_create(&config, &s->draw, err)) != 0)
        goto out;
    if (desc->fullscreen)
        SDL_ShowCursor(SDL_DISABLE);
    wk_log(WK_LOG_INFO, "video driver %s, renderer %s, drawable %dx%d, rotation %d",
           driver ? driver : "?", info.name ? info.name : "?", s->panel_w, s->panel_h,
           s->rotation);
    rc = 0;
out:
    if (rc)
        sdl_close(plat);
    return rc;
}

/* Maps a point in drawable pixels to UI pixels, undoing the rotation. */
static void panel_to_ui(const struct plat *plat, float px, float py, int *x, int *y)
{
    const struct sdl_state *s = plat->backend_state;
    int ix = (int)px, iy = (int)py;
    switch (s->rotation) {
    case 90:  *x = iy;                    *y = s->panel_w - 1 - ix; break;
    case 180: *x = s->panel_w - 1 - ix;   *y = s->panel_h - 1 - iy; break;
    case 270: *x = s->panel_h - 1 - iy;   *y = ix;                  break;
    default:  *x = ix;                    *y = iy;                  break;
    }
    *x = WK_CLAMP(*x, 0, plat->width - 1);
    *y = WK_CLAMP(*y, 0, plat->height - 1);
}

/* Mouse positions are in window coordinates, which differ from drawable
 * pixels on high-density displays. */
static void mouse_to_ui(const struct plat *plat, int mx, int my, int *x, int *y)
{
    const struct sdl_state *s = plat->backend_state;
    int win_w = 0, win_h = 0;
    SDL_GetWindowSize(s->window, &win_w, &win_h);
    float sx = win_w > 0 ? (float)s->panel_w / (float)win_w : 1.0f;
    float sy = win_h > 0 ? (float)s->panel_h / (float)win_h : 1.0f;
    panel_to_ui(plat, (float)mx * sx, (float)my * sy, x, y);
}

static bool translate_key(const SDL_KeyboardEvent *key, struct wk_event *out)
{
    if (key->repeat)
        return false;
    int k = WK_KEY_NONE;
    switch (key->keysym.sym) {
    case SDLK_ESCAPE: case SDLK_AC_BACK: k = WK_KEY_BACK; break;
    case SDLK_RETURN: case SDLK_KP_ENTER: k = WK_KEY_ENTER; break;
    case SDLK_q: if (key->keysym.mod & KMOD_CTRL) k = WK_KEY_QUIT; break;
    default: break;
    }
    /* Digits by scancode, not by symbol: a USB badge scanner sends the
     * scancodes of a US keyboard, which on the Belgian AZERTY layout are
     * &, é, " ... without shift. The keypad's digits too. */
    SDL_Scancode sc = key->keysym.scancode;
    if (k == WK_KEY_NONE && sc >= SDL_SCANCODE_1 && sc <= SDL_SCANCODE_9)
        k = WK_KEY_DIGIT_0 + 1 + (int)(sc - SDL_SCANCODE_1);
    else if (k == WK_KEY_NONE && sc >= SDL_SCANCODE_KP_1 && sc <= SDL_SCANCODE_KP_9)
        k = WK_KEY_DIGIT_0 + 1 + (int)(sc - SDL_SCANCODE_KP_1);
    else if (k == WK_KEY_NONE && (sc == SDL_SCANCODE_0 || sc == SDL_SCANCODE_KP_0))
        k = WK_KEY_DIGIT_0;
    else if (k == WK_KEY_NONE && (sc == SDL_SCANCODE_MINUS || sc == SDL_SCANCODE_KP_MINUS))
        k = WK_KEY_DASH;
    else if (k == WK_KEY_NONE && sc == SDL_SCANCODE_BACKSPACE)
        k = WK_KEY_BACKSPACE;
    if (k == WK_KEY_NONE)
        return false;
    *out = (struct wk_event){ .type = WK_EV_KEY, .key = k };
    return true;
}

static bool translate_finger(struct plat *plat, const SDL_TouchFingerEvent *f,
                             struct wk_event *out)
{
    struct sdl_state *s = plat->backend_state;
    bool ours = s->finger_down && f->touchId == s->touch_id && f->fingerId == s->finger_id;
    enum wk_event_type type;
    if (f->type == SDL_FINGERDOWN) {
        if (s->finger_down)
            return false;  /* a second finger: ignored, kiosks are single-touch */
        s->finger_down = true;
        s->touch_id = f->touchId;
        s->finger_id = f->fingerId;
        type = WK_EV_POINTER_DOWN;
    } else if (!ours) {
        return false;
    } else if (f->type == SDL_FINGERUP) {
        s->finger_down = false;
        type = WK_EV_POINTER_UP;
    } else {
        type = WK_EV_POINTER_MOVE;
    }
    *out = (struct wk_event){ .type = type };
    panel_to_ui(plat, f->x * (float)s->panel_w, f->y * (float)s->panel_h, &out->x, &out->y);
    return true;
}

/* Turns an SDL event into an app event; false for the ones the app does
 * not care about. */
static bool translate(struct plat *plat, const SDL_Event *ev, struct wk_event *out)
{
    struct sdl_state *s = plat->backend_state;
    char err[WK_ERR_MAX];
    switch (ev->type) {
    case SDL_QUIT:
        *out = (struct wk_event){ .type = WK_EV_QUIT };
        return true;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
            if (update_size(plat, err) != 0)
                wk_log(WK_LOG_ERROR, "%s", err);
            else if (plat_check_size(plat->width, plat->height, err) != 0)
                wk_log(WK_LOG_WARN, "%s", err);
            *out = (struct wk_event){ .type = WK_EV_RESIZE, .width = plat->width,
                                      .height = plat->height };
            return true;
        }
        if (ev->window.event == SDL_WINDOWEVENT_EXPOSED) {
            *out = (struct wk_event){ .type = WK_EV_EXPOSE };
            return true;
        }
        return false;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        *out = (struct wk_event){ .type = WK_EV_EXPOSE };
        return true;
    case SDL_KEYDOWN:
        return translate_key(&ev->key, out);
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (ev->button.which == SDL_TOUCH_MOUSEID || ev->button.button != SDL_BUTTON_LEFT)
            return false;
        *out = (struct wk_event){ .type = ev->type == SDL_MOUSEBUTTONDOWN ? WK_EV_POINTER_DOWN
                                                                          : WK_EV_POINTER_UP };
        mouse_to_ui(plat, ev->button.x, ev->button.y, &out->x, &out->y);
        return true;
    case SDL_MOUSEMOTION:
        if (ev->motion.which == SDL_TOUCH_MOUSEID || !(ev->motion.state & SDL_BUTTON_LMASK))
            return false;
        *out = (struct wk_event){ .type = WK_EV_POINTER_MOVE };
        mouse_to_ui(plat, ev->motion.x, ev->motion.y, &out->x, &out->y);
        return true;
    case SDL_FINGERDOWN:
    case SDL_FINGERMOTION:
    case SDL_FINGERUP:
        return translate_finger(plat, &ev->tfinger, out);
    default:
        /* The doorbell of plat_inject; the event itself is in the queue
         * (it may already have been taken by an earlier wait). */
        return ev->type == s->wake_event && evqueue_pop(&plat->queue, out);
    }
}

/* Sleeps in SDL_WaitEventTimeout until an event the app cares about comes
 * or the time is up: an idle kiosk wakes for nothing. */
static int sdl_wait_event(struct plat *plat, int timeout_ms, struct wk_event *out)
{
    int64_t deadline = wk_mono_ms() + WK_MAX(timeout_ms, 0);
    for (;;) {
        int wait = -1;
        if (timeout_ms >= 0)
            wait = (int)WK_MAX(deadline - wk_mono_ms(), 0);
        SDL_Event ev;
        if (!SDL_WaitEventTimeout(&ev, wait))
            return 0;
        if (translate(plat, &ev, out))
            return 1;
        if (evqueue_pop(&plat->queue, out))
            return 1;
    }
}

/* Any thread: SDL_PushEvent is thread-safe. If SDL's queue is full the
 * event still waits in ours and is found on the next wait. */
static void sdl_wake(struct plat *plat)
{
    const struct sdl_state *s = plat->backend_state;
    SDL_Event ev = { .type = s->wake_event };
    if (SDL_PushEvent(&ev) < 0)
        wk_log(WK_LOG_WARN, "cannot wake the UI thread: %s", SDL_GetError());
}

static int64_t sdl_now_ms(const struct plat *plat)
{
    (void)plat;
    return wk_mono_ms();
}

static int64_t sdl_wall_ms(const struct plat *plat)
{
    (void)plat;
    return wk_wall_ms();
}

static void sdl_present(struct plat *plat, const struct ui_frame *frame)
{
    struct sdl_state *s = plat->backend_state;
    if (!s->target) {
        draw_frame(s->draw, frame);
    } else {
        SDL_SetRenderTarget(s->renderer, s->target);
        draw_frame(s->draw, frame);
        SDL_SetRenderTarget(s->renderer, NULL);
        SDL_SetRenderDrawColor(s->renderer, 0, 0, 0, 255);
        SDL_RenderClear(s->renderer);
        /* Rotated about its centre, the UI-sized rect lands on the panel. */
        SDL_Rect dst = { (s->panel_w - plat->width) / 2, (s->panel_h - plat->height) / 2,
                         plat->width, plat->height };
        SDL_RenderCopyEx(s->renderer, s->target, NULL, &dst, s->rotation, NULL, SDL_FLIP_NONE);
    }
    SDL_RenderPresent(s->renderer);
}

/* Drawn again by the same code with a software renderer, in UI
 * orientation (as the UI laid it out, not as the rotated panel shows it). */
static int sdl_screenshot(struct plat *plat, const char *png_path, char err[WK_ERR_MAX])
{
    return draw_screenshot(plat->last_frame, plat->text, plat->assets_dir, png_path, err);
}

const struct plat_backend plat_sdl_backend = {
    .name = "sdl",
    .open = sdl_open,
    .close = sdl_close,
    .wait_event = sdl_wait_event,
    .wake = sdl_wake,
    .now_ms = sdl_now_ms,
    .wall_ms = sdl_wall_ms,
    .present = sdl_present,
    .screenshot = sdl_screenshot,
    .audio_open = sdl_audio_open,
};
