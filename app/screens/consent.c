/* consent.c — the last pages of a form. Consent: the answers as they will
 * be sent, who reads them, why, how long they are kept, that they are
 * locked on this kiosk, and that saying no costs nothing; then Send or
 * Do not send. Receipt: a reference code to show at the desk and what
 * happens next. Not saved: plain words that the kiosk could not keep it
 * and that staff can help — never a silent loss. A kiosk with no hub key
 * pinned (a demo kiosk) says on the consent page, as on the form's first
 * page, that it is not set up to send, and after Send that nothing was
 * sent. The answers are drawn as secret text (text_forget_secrets). */
#include "screens.h"
#include "../ui/theme.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define ANSWER_BYTES 600
#define BUTTON_BAR_H_DP 64
/* TRANSLATORS: said on a form's first page and before Send on a kiosk that
   can show its forms but not send them (a demo kiosk). */
#define NOT_SET_UP N_("This kiosk is not set up to send forms.")
#define NOT_SET_UP_MORE N_("You can look at the questions, but nothing you answer here will be sent.")

/* An answer as the resident sees it: option labels, language names,
 * "Monday Morning", the number, the text. */
static void answer_text(struct screen_ctx *sc, const struct content_field *fd,
                        const struct form_answer *a, char *out, size_t size)
{
    static const char *const parts[FORM_AVAILABILITY_PARTS] = {
        N_("Morning"), N_("Afternoon"), N_("Evening") };
    out[0] = '\0';
    size_t count;
    const struct i18n_language *langs = i18n_languages(&count);
    switch (fd->type) {
    case FIELD_TEXT:
    case FIELD_PHONE: snprintf(out, size, "%s", a->text); break;
    case FIELD_NUMBER:
        snprintf(out, size, "%d", a->number);
        screen_native(sc, out, size);
        break;
    case FIELD_YESNO:
        if (a->chosen)
            snprintf(out, size, "%s", tr(sc->i18n, a->chosen & 1 ? "Yes" : "No"));
        break;
    case FIELD_CHOICE:
    case FIELD_MULTI:
        for (size_t i = 0; i < fd->option_count; i++)
            if (a->chosen & (1ULL << i))
                screen_list_append(sc, out, size, fd->options[i].label.value ? fd->options[i].label.value
                                                             : fd->options[i].value);
        break;
    case FIELD_LANGUAGES:
        for (size_t i = 0; i < count; i++)
            if (a->chosen & (1ULL << i))
                screen_list_append(sc, out, size, langs[i].endonym);
        break;
    case FIELD_AVAILABILITY:
        for (int i = 0; i < 7 * FORM_AVAILABILITY_PARTS; i++)
            if (a->availability & (1u << i)) {
                char slot[96];
                snprintf(slot, sizeof slot, "%s %s", weekday_name(sc, i / FORM_AVAILABILITY_PARTS),
                         tr(sc->i18n, parts[i % FORM_AVAILABILITY_PARTS]));
                screen_list_append(sc, out, size, slot);
            }
        break;
    default: break;
    }
    if (!out[0])
        snprintf(out, size, "\u2013");
}

struct line { const char *text; struct text_style style; int gap_dp; };

/* Measured (draw false) and drawn (draw true) by the same code. Returns
 * the height of it all; *explained is the height down to the end of who
 * reads the answers, why and for how long. */
static int consent_body(struct screen_ctx *sc, const struct content_form *f, struct ui_rect r,
                        bool draw, int *explained)
{
    struct ui *ui = sc->ui;
    int y = r.y;
    struct text_style head = { .size = ui_font(ui, THEME_TEXT_LABEL), .bold = true };
    struct text_style label = { .size = ui_font(ui, THEME_TEXT_SMALL), .color = THEME_INK_MUTED };
    struct text_style body = { .size = ui_font(ui, THEME_TEXT_BODY) };
    struct text_style secret = { .size = ui_font(ui, THEME_TEXT_BODY), .secret = true };
    struct text_style warning = { .size = ui_font(ui, THEME_TEXT_BODY), .bold = true,
                                  .color = THEME_ACCENT };
    char answer[ANSWER_BYTES], days[96];
    struct line lines[2 * CONTENT_MAX_FIELDS + 14];
    int n = 0;
    if (!sc->can_send) {
        lines[n++] = (struct line){ tr(sc->i18n, NOT_SET_UP), warning, 2 };
        lines[n++] = (struct line){ tr(sc->i18n, NOT_SET_UP_MORE), body, 12 };
    }
    /* Who reads the answers, why and for how long come first: they are
     * what the resident agrees to, and Send comes only after them. */
    snprintf(days, sizeof days, trn(sc->i18n, "%d day", "%d days", (unsigned long)f->keep_days),
             f->keep_days);
    screen_native(sc, days, sizeof days);
    lines[n++] = (struct line){ tr(sc->i18n, "Who reads them"), head, 4 };
    lines[n++] = (struct line){ f->recipient.value, content_text_style(&f->recipient, body), 12 };
    lines[n++] = (struct line){ tr(sc->i18n, "Why"), head, 4 };
    lines[n++] = (struct line){ f->purpose.value, content_text_style(&f->purpose, body), 12 };
    lines[n++] = (struct line){ tr(sc->i18n, "How long they are kept"), head, 4 };
    lines[n++] = (struct line){ ui_intern(ui, days), body, 16 };
    int explanation_lines = n;
    lines[n++] = (struct line){ tr(sc->i18n, "Your answers"), head, 8 };
    for (size_t i = 0; i < f->field_count; i++) {
        if (!form_field_shown(f, sc->form, i))
            continue;
        const struct content_field *fd = &f->fields[i];
        answer_text(sc, fd, &sc->form->answers[i], answer, sizeof answer);
        lines[n++] = (struct line){ fd->label.value ? fd->label.value : fd->name,
                                         content_text_style(&fd->label, label), 2 };
        lines[n++] = (struct line){ ui_intern(ui, answer), secret, 10 };
    }
    sodium_memzero(answer, sizeof answer);
    lines[n++] = (struct line){ tr(sc->i18n, "Your answers are locked (encrypted) on this kiosk. Only the people named above can open them. Nobody who uses this kiosk after you can see them."), body, 10 };
    lines[n++] = (struct line){ tr(sc->i18n, "You do not have to send this. Saying no changes nothing for your stay or your asylum procedure."), body, 10 };
    for (int i = 0; i < n; i++) {
        if (!lines[i].text)
            continue;
        int h = ui_text_height(ui, r.w, lines[i].text, lines[i].style);
        if (draw)
            ui_label(ui, (struct ui_rect){ r.x, y, r.w, h }, lines[i].text, lines[i].style,
                     UI_VALIGN_TOP);
        y += h + ui_dp(ui, lines[i].gap_dp);
        if (i == explanation_lines - 1)
            *explained = y - r.y;
    }
    return y - r.y;
}

void screen_consent(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    struct ui_rect r = ui_screen_rect(ui);
    const struct content_form *f = screen_current_form(sc);
    /* TRANSLATORS: title of the page that asks for consent before a form is sent. */
    screen_header(sc, &r, tr(sc->i18n, "Before you send"), true, nav);
    if (!f)
        return;
    r = ui_inset(r, ui_dp(ui, THEME_MARGIN));
    /* Send and Do not send come after who reads the answers, why and for
     * how long: in a bar at the foot of the screen when all of that shows
     * above it at once; else (large text on a small screen) at the end of
     * the page, reached by scrolling past it (the scroll hint says there
     * is more). */
    int bar_h = ui_button_height(ui, BUTTON_BAR_H_DP), gap = ui_dp(ui, THEME_GAP);
    int explained = 0;
    int h = consent_body(sc, f, (struct ui_rect){ r.x, 0, r.w, 0 }, false, &explained);
    bool fixed = explained <= r.h - gap - bar_h;
    struct ui_rect bar = { 0 };
    if (fixed) {
        bar = ui_cut_bottom(&r, bar_h);
        ui_cut_bottom(&r, gap);
    }
    int content_h = fixed ? h : WK_MAX(h + gap + bar_h, r.h);
    int top = ui_scroll_begin(ui, "consent", r, content_h);
    consent_body(sc, f, (struct ui_rect){ r.x, top, r.w, h }, true, &explained);
    if (fixed)
        ui_scroll_end(ui);
    else
        bar = (struct ui_rect){ r.x, top + content_h - bar_h, r.w, bar_h };
    if (ui_button(ui, ui_grid_cell(bar, 2, 1, gap, 0, 0), &(struct ui_button_desc){
            .label = tr(sc->i18n, "Do not send"), .pictogram = "close", .kind = UI_BUTTON_SECONDARY }))
        nav->kind = NAV_ABANDON_FORM;
    if (ui_button(ui, ui_grid_cell(bar, 2, 1, gap, 1, 0), &(struct ui_button_desc){
            .label = tr(sc->i18n, "Send"), .pictogram = "check" }))
        nav->kind = NAV_SUBMIT;
    if (!fixed)
        ui_scroll_end(ui);
}

/* What happens after each kind of form, in the resident's words. */
static const char *next_steps(enum content_form_kind kind)
{
    switch (kind) {
    case FORM_SIGNUP: return N_("The organisers now count on you. If you cannot come, please tell the reception desk.");
    case FORM_BUDDY: return N_("The buddy team looks for a buddy who fits you and will contact you. This can take a few weeks.");
    case FORM_VOLUNTEER: return N_("Someone will contact you about volunteer work that suits you.");
    case FORM_MESSAGE: return N_("The staff will answer you as soon as they can.");
    case FORM_KIND_COUNT: break;
    }
    return N_("The staff will contact you.");
}

/* What a sign-up was for, as the receipt repeats it. */
struct signup {
    const struct content_activity *activity;
    char day[96], time[32];
};

static bool signup_of(struct screen_ctx *sc, struct signup *out)
{
    size_t n = 0;
    const struct content_activity *acts = sc->content ? content_activities(sc->content, &n) : NULL;
    int a = sc->form ? sc->form->activity : -1;
    if (!acts || a < 0 || (size_t)a >= n)
        return false;
    out->activity = &acts[a];
    format_day(sc, sc->form->day, out->day, sizeof out->day);
    struct content_session session;
    const struct content_session *s = screen_session(sc, a, sc->form->day, &session);
    out->time[0] = '\0';
    if (s)
        format_range(sc, s->starts, s->ends, out->time, sizeof out->time);
    return true;
}

/* The activity's pictogram and name, then its day, time and place, each
 * on its own line with its pictogram, in a card: what the resident
 * signed up for, to check at a glance (and to show at the desk). Returns
 * the height, with the gap under it; draws when draw is set. */
#define SIGNUP_PICTOGRAM_DP 64
#define SIGNUP_PAD_DP 16
static int signup_summary(struct screen_ctx *sc, struct ui_rect r, const struct signup *s, bool draw)
{
    struct ui *ui = sc->ui;
    const struct content_activity *a = s->activity;
    int pad = ui_dp(ui, SIGNUP_PAD_DP), pic = ui_dp(ui, SIGNUP_PICTOGRAM_DP), gap = ui_dp(ui, THEME_GAP);
    struct ui_rect inner = { r.x + pad, r.y + pad, WK_MAX(r.w - 2 * pad, 1), r.h };
    const char *title = a->title.value ? a->title.value : a->id;
    struct text_style ts = content_text_style(&a->title, (struct text_style){
        .size = ui_font(ui, THEME_TEXT_TITLE), .bold = true, .align = TEXT_ALIGN_CENTER });
    struct text_style body = { .size = ui_font(ui, THEME_TEXT_BODY) };
    int th = ui_text_height(ui, inner.w, title, ts);
    struct ui_rect probe = inner;        /* measuring draws nothing */
    int facts = screen_fact(sc, &probe, "calendar", s->day, body, false) +
                (s->time[0] ? screen_fact(sc, &probe, "clock", s->time, body, false) : 0) +
                (a->place.value ? screen_fact(sc, &probe, "place", a->place.value, body, false) : 0);
    int h = 2 * pad + (a->pictogram ? pic + gap : 0) + th + gap + facts;
    if (draw) {
        ui_fill(ui, (struct ui_rect){ r.x, r.y, r.w, h }, THEME_CARD, ui_dp(ui, THEME_RADIUS));
        inner.h = h - 2 * pad;
        if (a->pictogram) {
            ui_image(ui, ui_cut_top(&inner, pic), a->pictogram, THEME_PRIMARY, false);
            ui_cut_top(&inner, gap);
        }
        ui_label(ui, ui_cut_top(&inner, th), title, ts, UI_VALIGN_TOP);
        ui_cut_top(&inner, gap);
        screen_fact(sc, &inner, "calendar", s->day, body, true);
        if (s->time[0])
            screen_fact(sc, &inner, "clock", s->time, body, true);
        if (a->place.value)
            screen_fact(sc, &inner, "place", a->place.value, content_text_style(&a->place, body),
                        true);
    }
    return h + gap;
}

void screen_receipt(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    struct ui_rect r = ui_screen_rect(ui);
    const struct content_form *f = screen_current_form(sc);
    /* TRANSLATORS: title of the page after a form was sent. */
    screen_header(sc, &r, tr(sc->i18n, "Sent"), false, nav);
    r = ui_inset(r, ui_dp(ui, THEME_MARGIN));
    struct ui_rect bar = ui_cut_bottom(&r, ui_button_height(ui, BUTTON_BAR_H_DP));
    ui_cut_bottom(&r, ui_dp(ui, THEME_GAP));
    struct text_style body = { .size = ui_font(ui, THEME_TEXT_BODY), .align = TEXT_ALIGN_CENTER };
    /* The code reads the same in every script: Latin, left to right. */
    struct text_style code = { .size = ui_font(ui, THEME_TEXT_HUGE), .bold = true, .lang = "en",
                               .rtl = false, .align = TEXT_ALIGN_CENTER };
    /* The code as the desk reads it: Latin, left to right, Western digits;
     * where the centre shows this language in its own digits, the same
     * code follows in those, so a resident who reads only ٠-٩ or ۰-۹ can
     * copy it too: "K7Q-X24 (K٧Q-X٢٤)". */
    const char *ref = sc->form ? sc->form->ref : "";
    char shown[sizeof sc->form->ref * 4];
    snprintf(shown, sizeof shown, "%s", ref);
    if (i18n_digits_differ(ref, screen_digits(sc))) {
        char native[sizeof sc->form->ref * 2];
        snprintf(native, sizeof native, "%s", ref);
        screen_native(sc, native, sizeof native);
        snprintf(shown, sizeof shown, "%s (%s)", ref, native);
    }
    /* The code first, where the eye lands; then what it is for. */
    const char *texts[] = {
        tr(sc->i18n, "Your reference code:"),
        shown,
        tr(sc->i18n, "Thank you. Your answers are saved on this kiosk and go to the staff as soon as the network allows."),
        tr(sc->i18n, next_steps(f ? f->kind : FORM_KIND_COUNT)),
    };
    const int gaps[] = { 4, 12, 12, 0 };
    enum { CODE = 1 };
    int icon = ui_dp(ui, 72), h = icon;
    for (size_t i = 0; i < WK_ARRAY_LEN(texts); i++)
        h += ui_text_height(ui, r.w, texts[i], i == CODE ? code : body) + ui_dp(ui, gaps[i]);
    struct signup signup;
    bool signed_up = f && f->kind == FORM_SIGNUP && signup_of(sc, &signup);
    if (signed_up)
        h += signup_summary(sc, (struct ui_rect){ r.x, 0, r.w, 0 }, &signup, false);
    int top = ui_scroll_begin(ui, "receipt", r, h);
    struct ui_rect flow = { r.x, top, r.w, h };
    ui_image(ui, ui_cut_top(&flow, icon), "check", THEME_OPEN, false);
    for (size_t i = 0; i < WK_ARRAY_LEN(texts); i++) {
        struct text_style st = i == CODE ? code : body;
        ui_label(ui, ui_cut_top(&flow, ui_text_height(ui, r.w, texts[i], st)), texts[i], st,
                 UI_VALIGN_TOP);
        ui_cut_top(&flow, ui_dp(ui, gaps[i]));
        /* Under the code: what it is for. */
        if (i == CODE && signed_up)
            ui_cut_top(&flow, signup_summary(sc, flow, &signup, true));
    }
    ui_scroll_end(ui);
    if (ui_button(ui, ui_cut_end(&bar, WK_MIN(bar.w, ui_dp(ui, 300))), &(struct ui_button_desc){
            .label = tr(sc->i18n, "Done"), .pictogram = "done" }))
        nav->kind = NAV_END_SESSION;
}

/* A page that says something went wrong: a title, a warning sign, a
 * headline and a line of explanation. Returns the bar for its buttons. */
static struct ui_rect warning_page(struct screen_ctx *sc, struct nav *nav, const char *title,
                                   const char *headline, const char *body)
{
    struct ui *ui = sc->ui;
    struct ui_rect r = ui_screen_rect(ui);
    screen_header(sc, &r, title, false, nav);
    r = ui_inset(r, ui_dp(ui, THEME_MARGIN));
    struct ui_rect bar = ui_cut_bottom(&r, ui_button_height(ui, BUTTON_BAR_H_DP));
    ui_cut_bottom(&r, ui_dp(ui, THEME_GAP));
    struct text_style big = { .size = ui_font(ui, THEME_TEXT_TITLE), .bold = true,
                              .align = TEXT_ALIGN_CENTER };
    struct text_style small = { .size = ui_font(ui, THEME_TEXT_BODY), .align = TEXT_ALIGN_CENTER };
    int icon = ui_dp(ui, 80), hh = ui_text_height(ui, r.w, headline, big);
    int bh = ui_text_height(ui, r.w, body, small);
    int h = icon + hh + ui_dp(ui, 12) + bh;
    int top = ui_scroll_begin(ui, "warning", r, h);
    struct ui_rect flow = { r.x, top, r.w, h };
    ui_image(ui, ui_cut_top(&flow, icon), "warning", THEME_ACCENT, false);
    ui_label(ui, ui_cut_top(&flow, hh), headline, big, UI_VALIGN_TOP);
    ui_cut_top(&flow, ui_dp(ui, 12));
    ui_label(ui, flow, body, small, UI_VALIGN_TOP);
    ui_scroll_end(ui);
    return bar;
}

/* After Send on a kiosk that cannot send: nothing was queued, and the
 * answers are already wiped (kiosk_send_form). */
static void not_set_up(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    struct ui_rect bar = warning_page(sc, nav,
        /* TRANSLATORS: title of the page after Send on a kiosk that cannot send forms. */
        tr(sc->i18n, "Not sent"), tr(sc->i18n, NOT_SET_UP),
        tr(sc->i18n, "Nothing was sent, and your answers are deleted from this kiosk. A member of staff can help you."));
    if (ui_button(ui, ui_cut_end(&bar, WK_MIN(bar.w, ui_dp(ui, 300))), &(struct ui_button_desc){
            .label = tr(sc->i18n, "Done"), .pictogram = "done" }))
        nav->kind = NAV_END_SESSION;
}

void screen_not_saved(struct screen_ctx *sc, struct nav *nav)
{
    if (!sc->can_send) {
        not_set_up(sc, nav);
        return;
    }
    struct ui *ui = sc->ui;
    struct ui_rect bar = warning_page(sc, nav,
        /* TRANSLATORS: title of the page shown when a form could not be saved. */
        tr(sc->i18n, "Not saved"), tr(sc->i18n, "Not saved \u2014 please ask staff."),
        tr(sc->i18n, "This kiosk could not keep your answers. A member of staff can help you. Your answers stay on this screen until you press Done."));
    int gap = ui_dp(ui, THEME_GAP);
    if (ui_button(ui, ui_grid_cell(bar, 2, 1, gap, 0, 0), &(struct ui_button_desc){
            .label = tr(sc->i18n, "Try again"), .pictogram = "sync", .kind = UI_BUTTON_SECONDARY }))
        nav->kind = NAV_SUBMIT;
    if (ui_button(ui, ui_grid_cell(bar, 2, 1, gap, 1, 0), &(struct ui_button_desc){
            .label = tr(sc->i18n, "Done"), .pictogram = "done" }))
        nav->kind = NAV_END_SESSION;
}
