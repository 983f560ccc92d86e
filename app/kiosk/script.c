/* script.c — drives the kiosk as a person would, by what is on the screen:
 * "tap:Français" finds the widget labelled Français in the current frame
 * and presses and releases on its centre, through the platform's event
 * queue, so the same path as a real finger is taken. Used by --script,
 * the tests and the benchmarks. */
#include "loop.h"
#include "../../platform/platform.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SCRIPT_MAX_STEP 1024
/* A drag moves in steps like a finger sampled at 60 Hz. */
#define SCRIPT_DRAG_STEP_PX 12
#define SCRIPT_DRAG_STEP_MS 16
/* listen: the clock moves in steps this long while sound is queued; while
 * the voice is still being made, the real clock waits, at most this long. */
#define SCRIPT_LISTEN_STEP_MS 100
#define SCRIPT_LISTEN_REAL_MAX_MS 20000

const struct ui_widget *kiosk_find_widget(const struct kiosk *k, const char *label)
{
    const struct ui_frame *f = kiosk_frame(k);
    for (size_t i = f ? f->widget_count : 0; i-- > 0;)
        if (f->widgets[i].kind != UI_WIDGET_LABEL && strcmp(f->widgets[i].label, label) == 0)
            return &f->widgets[i];
    for (size_t i = f ? f->widget_count : 0; i-- > 0;)
        if (strcmp(f->widgets[i].label, label) == 0)
            return &f->widgets[i];
    return NULL;
}

bool kiosk_shows_text(const struct kiosk *k, const char *text)
{
    const struct ui_frame *f = kiosk_frame(k);
    for (size_t i = 0; f && i < f->cmd_count; i++)
        if (f->cmds[i].kind == UI_CMD_TEXT && strstr(f->cmds[i].text, text))
            return true;
    for (size_t i = 0; f && i < f->widget_count; i++)
        if (strstr(f->widgets[i].label, text))
            return true;
    return false;
}

/* Hands the event to the platform and lets the loop take it. */
static void feed(struct kiosk_loop *loop, enum wk_event_type type, int x, int y)
{
    plat_inject(loop->plat, &(struct wk_event){ .type = type, .x = x, .y = y });
    kiosk_loop_once(loop, 0);
}

static void wait_for(struct kiosk_loop *loop, int64_t ms)
{
    int64_t until = plat_now_ms(loop->plat) + ms;
    for (int64_t now; (now = plat_now_ms(loop->plat)) < until;)
        if (!kiosk_loop_once(loop, (int)(until - now)))
            break;
}

/* Plays what is read aloud: time passes while sound is queued; while the
 * voice is still being made (another thread), the real clock waits. Ends
 * when all is said and played, or after ms on the kiosk's clock. */
static int listen(struct kiosk_loop *loop, int64_t ms, char err[WK_ERR_MAX])
{
    int64_t until = plat_now_ms(loop->plat) + ms, give_up = wk_mono_ms() + SCRIPT_LISTEN_REAL_MAX_MS;
    while (plat_now_ms(loop->plat) < until) {
        bool queued = plat_audio_queued(loop->plat) > 0;
        if (!queued && !kiosk_speaking(loop->kiosk))
            return 0;
        if (queued) {
            kiosk_loop_once(loop, SCRIPT_LISTEN_STEP_MS);
            continue;
        }
        if (wk_mono_ms() > give_up) {
            wk_seterr(err, "listen: nothing was played for %d s", SCRIPT_LISTEN_REAL_MAX_MS / 1000);
            return WK_EIO;
        }
        nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
    }
    return 0;
}

/* A key pressed, the way a keyboard or a USB badge scanner sends it. */
static void feed_key(struct kiosk_loop *loop, int key)
{
    plat_inject(loop->plat, &(struct wk_event){ .type = WK_EV_KEY, .key = key });
    kiosk_loop_once(loop, 0);
}

/* key:NAME — enter, back, backspace, or one digit. */
static int key_named(const char *name)
{
    static const struct { const char *name; int key; } keys[] = {
        { "enter", WK_KEY_ENTER }, { "back", WK_KEY_BACK }, { "backspace", WK_KEY_BACKSPACE },
        { "-", WK_KEY_DASH },
    };
    for (size_t i = 0; i < WK_ARRAY_LEN(keys); i++)
        if (!strcmp(name, keys[i].name))
            return keys[i].key;
    if (name[0] >= '0' && name[0] <= '9' && !name[1])
        return WK_KEY_DIGIT_0 + (name[0] - '0');
    return WK_KEY_NONE;
}

static void list_labels(const struct kiosk *k, char err[WK_ERR_MAX], const char *label)
{
    const struct ui_frame *f = kiosk_frame(k);
    int n = snprintf(err, WK_ERR_MAX, "no widget labelled \"%s\"; on screen:", label);
    for (size_t i = 0; f && i < f->widget_count && n > 0 && n < WK_ERR_MAX; i++)
        n += snprintf(err + n, (size_t)(WK_ERR_MAX - n), " \"%s\"", f->widgets[i].label);
}

static int run_step(struct kiosk_loop *loop, char *step, char err[WK_ERR_MAX])
{
    char *arg = strchr(step, ':');
    if (!arg) {
        wk_seterr(err, "script step \"%s\" has no ':'", step);
        return WK_EINVAL;
    }
    *arg++ = '\0';
    if (strcmp(step, "tap") == 0 || strcmp(step, "drag") == 0 || strcmp(step, "hold") == 0) {
        int dy = 0, hold_ms = 0;
        bool hold = strcmp(step, "hold") == 0;
        char *colon = strcmp(step, "tap") != 0 ? strrchr(arg, ':') : NULL;
        if (colon) {
            *colon = '\0';
            *(hold ? &hold_ms : &dy) = atoi(colon + 1);
        }
        const struct ui_widget *w = kiosk_find_widget(loop->kiosk, arg);
        if (!w) {
            list_labels(loop->kiosk, err, arg);
            return WK_ENOTFOUND;
        }
        int x = w->rect.x + w->rect.w / 2, y = w->rect.y + w->rect.h / 2;
        feed(loop, WK_EV_POINTER_DOWN, x, y);
        if (hold_ms > 0)
            wait_for(loop, hold_ms);
        for (int moved = 0; moved != dy;) {
            int step_px = WK_MIN(abs(dy - moved), SCRIPT_DRAG_STEP_PX);
            moved += dy > 0 ? step_px : -step_px;
            wait_for(loop, SCRIPT_DRAG_STEP_MS);
            feed(loop, WK_EV_POINTER_MOVE, x, y + moved);
        }
        feed(loop, WK_EV_POINTER_UP, x, y + dy);
    } else if (strcmp(step, "tap-at") == 0) {
        int x, y;
        if (sscanf(arg, "%d,%d", &x, &y) != 2) {
            wk_seterr(err, "tap-at wants X,Y, not \"%s\"", arg);
            return WK_EINVAL;
        }
        feed(loop, WK_EV_POINTER_DOWN, x, y);
        feed(loop, WK_EV_POINTER_UP, x, y);
    } else if (strcmp(step, "hold-at") == 0) {
        int x, y, ms;
        if (sscanf(arg, "%d,%d,%d", &x, &y, &ms) != 3 || ms < 0) {
            wk_seterr(err, "hold-at wants X,Y,MS, not \"%s\"", arg);
            return WK_EINVAL;
        }
        feed(loop, WK_EV_POINTER_DOWN, x, y);
        wait_for(loop, ms);
        feed(loop, WK_EV_POINTER_UP, x, y);
    } else if (strcmp(step, "key") == 0) {
        int key = key_named(arg);
        if (key == WK_KEY_NONE) {
            wk_seterr(err, "key wants enter, back, backspace, - or a digit, not \"%s\"", arg);
            return WK_EINVAL;
        }
        feed_key(loop, key);
    } else if (strcmp(step, "type") == 0) {
        /* Each character a key, as a badge scanner types a code. */
        for (const char *c = arg; *c; c++) {
            char one[2] = { *c, '\0' };
            int key = key_named(one);
            if (key == WK_KEY_NONE) {
                wk_seterr(err, "type sends digits and -, not '%c'", *c);
                return WK_EINVAL;
            }
            feed_key(loop, key);
        }
    } else if (strcmp(step, "listen") == 0) {
        return listen(loop, atoll(arg), err);
    } else if (strcmp(step, "wait") == 0) {
        wait_for(loop, atoll(arg));
    } else if (strcmp(step, "expect") == 0) {
        if (!kiosk_shows_text(loop->kiosk, arg)) {
            wk_seterr(err, "expected \"%s\" on screen, it is not there", arg);
            return WK_ENOTFOUND;
        }
    } else if (strcmp(step, "screenshot") == 0) {
        return plat_screenshot(loop->plat, arg, err);
    } else {
        wk_seterr(err, "unknown script step \"%s\" (tap, tap-at, hold, hold-at, drag, key, type, wait, listen, expect, screenshot)",
                  step);
        return WK_EINVAL;
    }
    return 0;
}

int kiosk_script_run(struct kiosk_loop *loop, const char *script, char err[WK_ERR_MAX])
{
    /* Draw the first frame before the first step looks for widgets. */
    if (loop->first_frame_ms < 0)
        kiosk_loop_once(loop, 0);
    const char *p = script;
    while (*p) {
        size_t len = strcspn(p, ";\n");
        if (len >= SCRIPT_MAX_STEP) {
            wk_seterr(err, "script step longer than %d bytes", SCRIPT_MAX_STEP);
            return WK_EINVAL;
        }
        char step[SCRIPT_MAX_STEP];
        memcpy(step, p, len);
        step[len] = '\0';
        p += len + (p[len] != '\0');
        if (len == 0)
            continue;
        int rc = run_step(loop, step, err);
        if (rc)
            return rc;
    }
    return 0;
}
