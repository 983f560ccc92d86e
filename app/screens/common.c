/* common.c — what the screens of a session share: the header bar and what
 * its buttons do, the languages on offer, and how a text from the bundle
 * is shown when it is in another language than the resident's. */
#include "screens.h"
#include "../ui/theme.h"

#include <stdio.h>
#include <string.h>

enum i18n_digits screen_digits(const struct screen_ctx *sc)
{
    const struct i18n_language *l = i18n_current(sc->i18n);
    return content_digits(sc->content, l ? l->code : NULL);
}

void screen_native(const struct screen_ctx *sc, char *s, size_t size)
{
    /* Too long for its buffer in native digits: shown in Western ones,
     * which every buffer was sized for, rather than cut. */
    (void)i18n_native_digits(s, size, screen_digits(sc));
}

void screen_list_append(const struct screen_ctx *sc, char *out, size_t size, const char *item)
{
    const struct i18n_language *l = i18n_current(sc->i18n);
    /* What does not fit is left out whole: the list stays readable. */
    (void)i18n_list_append(out, size, l ? l->code : NULL, item);
}

void screen_header(struct screen_ctx *sc, struct ui_rect *r, const char *title, bool back,
                   struct nav *nav)
{
    struct ui *ui = sc->ui;
    enum ui_header_action a = ui_header(ui, r,
        &(struct ui_header_desc){
            .title = title,
            /* TRANSLATORS: button in the header: go one screen back. */
            .back_label = back ? tr(sc->i18n, "Back") : NULL,
            /* TRANSLATORS: button in the header (a house): back to the home tiles
               in one tap. */
            .home_label = sc->home_below ? tr(sc->i18n, "Home") : NULL,
            /* TRANSLATORS: button in the header: open the language picker. */
            .language_label = tr(sc->i18n, "Language"),
            /* TRANSLATORS: header button: end the session now; everything typed is erased. */
            .done_label = tr(sc->i18n, "Done"),
            .speak_label = screen_speak_label(sc),
            .speak_no_voice = sc->voice == SCREEN_NO_VOICE,
        });
    /* Leaving a form with answers in it erases them: a dialog asks first
     * (screen_leave_form). */
    if ((a == UI_HEADER_DONE || a == UI_HEADER_HOME) && sc->form &&
        form_has_answers(screen_current_form(sc), sc->form)) {
        sc->form->leaving = a == UI_HEADER_DONE ? FORM_LEAVE_DONE : FORM_LEAVE_HOME;
        nav->kind = NAV_REFRESH;
        return;
    }
    switch (a) {
    case UI_HEADER_BACK: nav->kind = NAV_BACK; break;
    case UI_HEADER_HOME: nav->kind = NAV_HOME; break;
    case UI_HEADER_DONE: nav->kind = NAV_END_SESSION; break;
    case UI_HEADER_LANGUAGE:
        nav->kind = NAV_OPEN;
        nav->to = SCREEN_LANGUAGE;
        break;
    case UI_HEADER_SPEAK: nav->kind = NAV_SPEAK; break;
    case UI_HEADER_NONE: break;
    }
}

const char *screen_speak_label(const struct screen_ctx *sc)
{
    switch (sc->voice) {
    /* TRANSLATORS: the speaker button in the header (a pictogram): read this screen aloud. */
    case SCREEN_VOICE: return tr(sc->i18n, "Read aloud");
    /* TRANSLATORS: the crossed-out speaker, and the note it shows when tapped:
     * the kiosk cannot speak this language. */
    case SCREEN_NO_VOICE: return tr(sc->i18n, "No voice for this language");
    case SCREEN_VOICE_OFF: break;
    }
    return NULL;
}

void screen_no_voice_note(struct screen_ctx *sc)
{
    struct ui *ui = sc->ui;
    if (!sc->no_voice_note)
        return;
    const char *say = tr(sc->i18n, "No voice for this language");
    struct ui_rect screen = ui_screen_rect(ui);
    int pad = ui_dp(ui, 16), icon = ui_dp(ui, 40);
    int w = WK_MIN(screen.w - 2 * ui_dp(ui, THEME_MARGIN), ui_dp(ui, 560));
    struct text_style body = { .size = ui_font(ui, THEME_TEXT_BODY), .bold = true };
    int th = ui_text_height(ui, w - 3 * pad - icon, say, body);
    int h = WK_MAX(th, icon) + 2 * pad;
    struct ui_rect box = { (screen.w - w) / 2, screen.h - h - ui_dp(ui, 24), w, h };
    ui_frame_rect(ui, box, THEME_SURFACE, THEME_BORDER, ui_dp(ui, 2), ui_dp(ui, 12));
    struct ui_rect in = ui_inset(box, pad);
    ui_image(ui, ui_cut_start(&in, icon), "speaker-off", THEME_INK, false);
    ui_cut_start(&in, pad);
    ui_label(ui, in, say, body, UI_VALIGN_CENTER);
}

size_t screen_languages(const struct screen_ctx *sc, const struct i18n_language **out, size_t max)
{
    size_t count, n = 0;
    const struct i18n_language *all = i18n_languages(&count);
    size_t bundle_count = 0;
    const struct content_language *bundle = sc->content
        ? content_languages(sc->content, &bundle_count) : NULL;
    for (size_t i = 0; i < bundle_count && n < max; i++) {
        const struct i18n_language *l = i18n_find_language(bundle[i].code);
        if (l && bundle[i].enabled)
            out[n++] = l;
    }
    /* No bundle, or one that enables nothing this firmware speaks. */
    for (size_t i = 0; n == 0 && i < count && i < max; i++)
        out[i] = &all[i];
    return n ? n : WK_MIN(count, max);
}

struct text_style content_text_style(const struct content_text *t, struct text_style style)
{
    const struct i18n_language *l = t->fallback ? i18n_find_language(t->lang) : NULL;
    if (l) {
        style.lang = l->code;
        style.rtl = l->rtl;
    }
    return style;
}

const char *fallback_note(struct screen_ctx *sc, const struct content_text *t)
{
    if (!t->value || !t->fallback)
        return NULL;
    const struct i18n_language *l = i18n_find_language(t->lang);
    char note[128];
    /* TRANSLATORS: under a text the centre has not translated yet; %s is
       the name of the language it is shown in, e.g. "English". */
    snprintf(note, sizeof note, tr(sc->i18n, "Shown in %s"),
             l ? tr(sc->i18n, l->english) : t->lang);
    return ui_intern(sc->ui, note);
}

const struct content_form *screen_current_form(const struct screen_ctx *sc)
{
    size_t n = 0;
    const struct content_form *forms = sc->content ? content_forms(sc->content, &n) : NULL;
    int i = sc->form ? sc->form->form : -1;
    return forms && i >= 0 && (size_t)i < n ? &forms[i] : NULL;
}

/* A line with a pictogram at the start edge. */
int screen_fact(struct screen_ctx *sc, struct ui_rect *r, const char *pictogram, const char *text,
                struct text_style st, bool draw)
{
    struct ui *ui = sc->ui;
    int icon = ui_dp(ui, 36), gap = ui_dp(ui, 12);
    int h = WK_MAX(icon, ui_text_height(ui, r->w - icon - gap, text, st));
    if (draw) {
        struct ui_rect line = ui_cut_top(r, h);
        struct ui_rect pic = ui_cut_start(&line, icon);
        pic.h = icon;
        ui_image(ui, pic, pictogram, THEME_PRIMARY, false);
        ui_cut_start(&line, gap);
        ui_label(ui, line, text, st, UI_VALIGN_CENTER);
        ui_cut_top(r, ui_dp(ui, 12));
    }
    return h + ui_dp(ui, 12);
}

const struct content_session *screen_session(const struct screen_ctx *sc, int activity, int32_t day,
                                             struct content_session *out)
{
    struct content_session sessions[SCREEN_MAX_SESSIONS_A_DAY];
    size_t n = sc->content ? content_sessions(sc->content, day, day, sessions,
                                              WK_ARRAY_LEN(sessions)) : 0;
    for (size_t i = 0; i < WK_MIN(n, WK_ARRAY_LEN(sessions)); i++)
        if (sessions[i].activity == activity) {
            *out = sessions[i];
            return out;
        }
    return NULL;
}

#define DIGIT_PAD_KEY_DP 56
#define DIGIT_PAD_KEY_W_DP 110
#define DIGIT_PAD_DOT_DP 14

/* The keys of a phone, in a phone's order; ⌫ is drawn as a pictogram. */
static const char *const PAD[12] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK" };

enum digit_pad_press screen_digit_pad(struct screen_ctx *sc, struct ui_rect r, char *typed, size_t size)
{
    struct ui *ui = sc->ui;
    /* One dot per digit typed: the digits themselves are never drawn. */
    struct ui_rect dots = ui_cut_top(&r, ui_dp(ui, 32));
    int n = (int)strlen(typed), dot = ui_dp(ui, DIGIT_PAD_DOT_DP), gap = ui_dp(ui, 10);
    int x0 = dots.x + (dots.w - n * dot - WK_MAX(n - 1, 0) * gap) / 2;
    for (int i = 0; i < n; i++)
        ui_fill(ui, (struct ui_rect){ x0 + i * (dot + gap), dots.y + (dots.h - dot) / 2, dot, dot },
                THEME_INK, dot / 2);

    int key = ui_dp(ui, DIGIT_PAD_KEY_DP), kgap = ui_dp(ui, 8);
    int pad_w = WK_MIN(r.w, 3 * ui_dp(ui, DIGIT_PAD_KEY_W_DP) + 2 * kgap);
    int pad_h = WK_MIN(r.h, 4 * key + 3 * kgap);
    struct ui_rect pad = { r.x + (r.w - pad_w) / 2, r.y + ui_dp(ui, 6), pad_w, pad_h };
    enum digit_pad_press press = DIGIT_PAD_NONE;
    for (int i = 0; i < 12; i++) {
        /* Keys stay where a phone has them, in every direction. */
        struct ui_rect cell = ui_grid_cell(pad, 3, 4, kgap, ui_rtl(ui) ? 2 - i % 3 : i % 3, i / 3);
        bool ok = i == 11, pressed;
        if (i == 9) {
            /* ⌫ as the keyboard draws it: the fonts have no glyph for it. */
            ui_frame_rect(ui, cell, THEME_SURFACE, THEME_PRIMARY, ui_dp(ui, 2), ui_dp(ui, THEME_RADIUS));
            ui_image(ui, ui_inset(cell, ui_dp(ui, 12)), "back", THEME_PRIMARY, false);
            pressed = ui_touch_area(ui, cell, PAD[i]);
        } else {
            pressed = ui_button(ui, cell, &(struct ui_button_desc){
                .label = ok ? tr(sc->i18n, "OK") : PAD[i], .text_size_dp = 26,
                .kind = ok ? UI_BUTTON_PRIMARY : UI_BUTTON_SECONDARY });
        }
        if (!pressed)
            continue;
        size_t len = strlen(typed);
        if (ok) {
            press = DIGIT_PAD_OK;
        } else if (i == 9) {
            if (len)
                typed[len - 1] = '\0';
            press = DIGIT_PAD_ERASED;
        } else if (len + 1 < size) {
            typed[len] = PAD[i][0];
            typed[len + 1] = '\0';
            press = DIGIT_PAD_TYPED;
        }
    }
    return press;
}

/* A picture over the words, centred: the words whole, the picture up to
 * half of what is left, giving way to them on a small screen. */
void screen_picture_and_words(struct ui *ui, struct ui_rect r, const char *pictogram, uint32_t color,
                              const char *says)
{
    struct text_style st = { .size = ui_font(ui, THEME_TEXT_TITLE), .align = TEXT_ALIGN_CENTER };
    int gap = ui_dp(ui, THEME_GAP), th = ui_text_height(ui, r.w, says, st);
    int pic = WK_MIN(r.h / 2, r.h - th - gap);
    if (pic >= ui_dp(ui, UI_TILE_MIN_ICON_DP)) {
        ui_image(ui, ui_cut_top(&r, pic), pictogram, color, false);
        ui_cut_top(&r, gap);
    }
    ui_label(ui, r, says, st, UI_VALIGN_TOP);
}
