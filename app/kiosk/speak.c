/* speak.c — read-aloud in the session: the header's speaker reads the
 * screen's title and its main labels in order; a finger held still on any
 * text for KIOSK_HOLD_MS reads that text (and the lifted finger then taps
 * nothing); speech stops when the screen changes or the session ends
 * (kiosk.c). Each text is spoken from the bundle's recording of it, else
 * by espeak-ng in its language, else not at all (app/speech). */
#include "kiosk_internal.h"
#include "loop.h"
#include "../speech/speech.h"
#include "../content/content.h"
#include "../i18n/i18n.h"
#include "../ui/ui.h"
#include "../../platform/platform.h"

#include <stdlib.h>
#include <string.h>

/* The speaker of the platform, as app/speech sees it. */
static int out_start(void *user, int rate, char err[WK_ERR_MAX]) { return plat_audio_start(user, rate, err); }
static bool out_write(void *user, const int16_t *pcm, size_t n) { return plat_audio_write(user, pcm, n); }
static void out_stop(void *user) { plat_audio_stop(user); }

int kiosk_speech_open(struct plat *plat, int volume, struct speech **out, char err[WK_ERR_MAX])
{
    *out = NULL;
    if (volume <= 0)
        return 0;
    return speech_open(&(struct speech_config){
        .volume = volume,
        .out = { .user = plat, .start = out_start, .write = out_write, .stop = out_stop },
    }, out, err);
}

enum screen_voice kiosk_voice(const struct kiosk *k)
{
    if (!k->speech)
        return SCREEN_VOICE_OFF;
    const char *lang = i18n_current(k->i18n)->code;
    return speech_has_synth_voice(lang) || content_has_recordings(k->content, lang)
        ? SCREEN_VOICE : SCREEN_NO_VOICE;
}

bool kiosk_speaking(const struct kiosk *k) { return k->speech && speech_busy(k->speech); }

void kiosk_speech_stop(struct kiosk *k)
{
    k->holding = false;
    k->no_voice_until_ms = 0;
    if (k->speech)
        speech_stop(k->speech);
}

/* Says the texts (with their languages), each from its recording when the
 * bundle has one. */
static void say(struct kiosk *k, const char *const *texts, const char *const *langs, size_t n)
{
    struct speech_segment segs[SPEECH_MAX_SEGMENTS] = { 0 };
    void *recordings[SPEECH_MAX_SEGMENTS] = { 0 };
    n = WK_MIN(n, (size_t)SPEECH_MAX_SEGMENTS);
    for (size_t i = 0; i < n; i++) {
        segs[i] = (struct speech_segment){ .text = texts[i], .lang = langs[i] };
        if (content_recording(k->content, langs[i], texts[i], &recordings[i], &segs[i].recording_size) == 0)
            segs[i].recording = recordings[i];
    }
    char err[WK_ERR_MAX];
    if (speech_say(k->speech, segs, n, err))
        wk_log(WK_LOG_ERROR, "cannot read aloud: %s", err);
    for (size_t i = 0; i < n; i++)
        free(recordings[i]);
}

static bool on_screen(const struct ui_frame *f, struct ui_rect r)
{
    return r.w > 0 && r.h > 0 && r.x < f->width && r.y < f->height && r.x + r.w > 0 && r.y + r.h > 0;
}

/* What matters on the screen: the title, then every tile, row, button,
 * field and label a person could look at, in the order the screen drew
 * them (reading order), once each; not the header's buttons, the keys of
 * the keyboard or the touch areas behind. */
void kiosk_speak_screen(struct kiosk *k, int64_t now_ms)
{
    if (kiosk_voice(k) == SCREEN_VOICE_OFF)
        return;
    const struct ui_frame *f = k->frame;
    const char *ui_lang = i18n_current(k->i18n)->code;
    const char *texts[SPEECH_MAX_SEGMENTS], *langs[SPEECH_MAX_SEGMENTS];
    size_t n = 0;
    if (f->title && f->title[0]) {
        texts[n] = f->title;
        langs[n++] = ui_lang;
    }
    for (size_t i = 0; i < f->widget_count && n < SPEECH_MAX_SEGMENTS; i++) {
        const struct ui_widget *w = &f->widgets[i];
        if (w->in_header || !w->enabled || !w->label[0] || w->kind == UI_WIDGET_KEY ||
            w->kind == UI_WIDGET_AREA || !on_screen(f, w->rect))
            continue;
        bool seen = false;
        for (size_t j = 0; j < n && !seen; j++)
            seen = strcmp(texts[j], w->label) == 0;
        if (seen)
            continue;
        texts[n] = w->label;
        langs[n++] = w->lang ? w->lang : ui_lang;
    }
    /* The language picker reads the names in their own languages even when
     * the screen's language has no voice. */
    bool any = kiosk_voice(k) == SCREEN_VOICE;
    for (size_t i = 0; i < n && !any; i++)
        any = speech_has_synth_voice(langs[i]) || content_has_recordings(k->content, langs[i]);
    if (!any) {
        k->no_voice_until_ms = now_ms + KIOSK_NO_VOICE_NOTE_MS;
        speech_stop(k->speech);
        wk_log(WK_LOG_DEBUG, "read aloud: no voice for %s", ui_lang);
        return;
    }
    k->no_voice_until_ms = 0;
    say(k, texts, langs, n);
}

static bool inside(struct ui_rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

/* The text under a point: the topmost text block shown there (a text
 * scrolled out from under its clip is not), else the label of the widget
 * there (a pictogram button). */
static bool text_at(const struct ui_frame *f, int x, int y, const char **text, const char **lang)
{
    struct ui_rect clip = { 0 };
    *text = NULL;
    for (size_t i = 0; i < f->cmd_count; i++) {
        const struct ui_cmd *c = &f->cmds[i];
        if (c->kind == UI_CMD_CLIP)
            clip = c->rect;
        else if (c->kind == UI_CMD_TEXT && c->text && c->text[0] && inside(c->rect, x, y) &&
                 (clip.w == 0 || inside(clip, x, y))) {
            *text = c->text;
            *lang = c->style.lang;
        }
    }
    if (*text)
        return true;
    for (size_t i = f->widget_count; i-- > 0;) {
        const struct ui_widget *w = &f->widgets[i];
        if (w->label[0] && w->kind != UI_WIDGET_AREA && inside(w->rect, x, y)) {
            *text = w->label;
            *lang = w->lang;
            return true;
        }
    }
    return false;
}

void kiosk_speech_pointer(struct kiosk *k, const struct wk_event *event, int64_t now_ms)
{
    if (!k->speech)
        return;
    switch (event->type) {
    case WK_EV_POINTER_DOWN:
        k->holding = true;
        k->hold_since_ms = now_ms;
        k->hold_x = event->x;
        k->hold_y = event->y;
        break;
    case WK_EV_POINTER_MOVE:
        if (abs(event->x - k->hold_x) > ui_dp(k->ui, KIOSK_HOLD_SLOP_DP) ||
            abs(event->y - k->hold_y) > ui_dp(k->ui, KIOSK_HOLD_SLOP_DP))
            k->holding = false;
        break;
    default:
        k->holding = false;
        break;
    }
}

/* The finger has been still long enough: read what it holds, and let the
 * lifting of it tap nothing. */
void kiosk_speech_tick(struct kiosk *k, int64_t now_ms)
{
    if (!k->holding || now_ms - k->hold_since_ms < KIOSK_HOLD_MS || !k->frame)
        return;
    k->holding = false;
    const char *text, *lang;
    if (!text_at(k->frame, k->hold_x, k->hold_y, &text, &lang))
        return;
    ui_cancel_press(k->ui);
    if (!lang)
        lang = i18n_current(k->i18n)->code;
    if (!speech_has_synth_voice(lang) && !content_has_recordings(k->content, lang)) {
        k->no_voice_until_ms = now_ms + KIOSK_NO_VOICE_NOTE_MS;
        return;
    }
    say(k, &text, &lang, 1);
}

int64_t kiosk_speech_deadline(const struct kiosk *k, int64_t now_ms)
{
    int64_t next = KIOSK_NO_DEADLINE;
    if (k->holding)
        next = WK_MAX(k->hold_since_ms + KIOSK_HOLD_MS, now_ms);
    if (now_ms < k->no_voice_until_ms)
        next = WK_MIN(next, k->no_voice_until_ms);
    return next;
}
