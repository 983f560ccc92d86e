/* service.c — one service in full: what it is (summary and body), whether
 * it is open now, its week of opening hours and the holidays ahead, where
 * it is and how to get there, how to reach it, and a QR code that carries
 * all of that as text, so a resident keeps it on their phone without
 * internet (in the resident's language where the centre wrote it, else
 * saying which language it is in), with a button at the top that jumps
 * to it. Landscape screens show two columns, portrait one. */
#include "screens.h"
#include "../ui/theme.h"

#include <stdio.h>
#include <string.h>

#define QR_MAX_DP 240
#define TAKEAWAY_MAX_BYTES 1500
#define EXCEPTIONS_AHEAD_DAYS 14

/* A column laid out top to bottom, measured first (draw = false) so the
 * scroll area knows its height, then drawn with the same code. */
struct flow {
    struct screen_ctx *sc;
    int x, y, w;
    bool draw;
    int takeaway_y;          /* where "Take this with you" begins */
    int qr_end;              /* and where its code ends */
    bool jump;               /* the button at the top was tapped */
};

static void flow_text(struct flow *f, const char *text, struct text_style st, int gap_dp, bool label)
{
    if (!text || !*text)
        return;
    struct ui *ui = f->sc->ui;
    int h = ui_text_height(ui, f->w, text, st);
    struct ui_rect r = { f->x, f->y, f->w, h };
    if (f->draw && label)
        ui_label(ui, r, text, st, UI_VALIGN_TOP);
    else if (f->draw)
        ui_text(ui, r, text, st, UI_VALIGN_TOP);
    f->y += h + ui_dp(ui, gap_dp);
}

static void flow_heading(struct flow *f, const char *text)
{
    flow_text(f, text, (struct text_style){ .size = ui_font(f->sc->ui, THEME_TEXT_LABEL), .bold = true },
              6, true);
}

/* A bundle text and, under it, "Shown in English" when it is not in the
 * resident's language. */
static void flow_content(struct flow *f, const struct content_text *t, int size_dp, bool bold)
{
    if (!t->value)
        return;
    struct text_style st = content_text_style(t, (struct text_style){
        .size = ui_font(f->sc->ui, size_dp), .bold = bold });
    const char *note = fallback_note(f->sc, t);
    flow_text(f, t->value, st, note ? 2 : 14, false);
    flow_text(f, note, (struct text_style){ .size = ui_font(f->sc->ui, THEME_TEXT_SMALL),
                                            .color = THEME_NOTE }, 14, false);
}

static const char *format_range_at(const struct screen_ctx *sc, const struct content_day_hours *h, int i,
                                   char *out, size_t size)
{
    format_range(sc, h->range[i].opens, h->range[i].closes, out, size);
    return out;
}

/* "09:00–12:00, 13:00–16:30" or "closed", for the QR text. */
static void format_hours(const struct content_day_hours *h, struct screen_ctx *sc, char *out, size_t size)
{
    out[0] = '\0';
    if (h->count == 0)
        /* TRANSLATORS: a day without opening hours, after the weekday in the hours table
           and in the QR code's text ("Sunday: closed"). */
        snprintf(out, size, "%s", tr(sc->i18n, "closed"));
    for (int i = 0; i < h->count; i++) {
        char range[32];
        screen_list_append(sc, out, size, format_range_at(sc, h, i, range, sizeof range));
    }
}

/* One day of the week: its name at the start edge, each time range on a
 * line of its own at the end edge, so two ranges never crowd the name. */
static void flow_hours_day(struct flow *f, const char *day, const struct content_day_hours *h,
                           bool today)
{
    struct ui *ui = f->sc->ui;
    struct text_style st = { .size = ui_font(ui, THEME_TEXT_BODY), .bold = today, .max_lines = 1 };
    /* As tall as the day's name: Arabic and Ethiopic are drawn larger. */
    int line = WK_MAX(ui_text_height(ui, f->w, "Hg", st), ui_text_height(ui, f->w, day, st));
    int lines = WK_MAX(h->count, 1);
    if (f->draw) {
        struct ui_rect r = { f->x, f->y, f->w, line };
        ui_text(ui, r, day, st, UI_VALIGN_TOP);
        st.align = TEXT_ALIGN_END;
        char range[32];
        if (h->count == 0)
            ui_text(ui, r, tr(f->sc->i18n, "closed"), st, UI_VALIGN_TOP);
        for (int i = 0; i < h->count; i++, r.y += line)
            ui_text(ui, r, format_range_at(f->sc, h, i, range, sizeof range), st, UI_VALIGN_TOP);
    }
    f->y += lines * line + ui_dp(ui, 6);
}

static void flow_hours(struct flow *f, const struct content_service *s)
{
    struct screen_ctx *sc = f->sc;
    char day[96];
    /* TRANSLATORS: heading above a service's week of opening hours. */
    flow_heading(f, tr(sc->i18n, "Opening hours"));
    int today_wd = sc->clock_known ? content_weekday(sc->today) : -1;
    for (int wd = 0; wd < 7; wd++)
        flow_hours_day(f, weekday_name(sc, wd), &s->week[wd], wd == today_wd);
    /* Holidays and other changes in the two weeks ahead. */
    for (size_t i = 0; sc->clock_known && i < s->exception_count; i++) {
        const struct content_exception *e = &s->exceptions[i];
        if (e->day < sc->today || e->day > sc->today + EXCEPTIONS_AHEAD_DAYS)
            continue;
        format_day(sc, e->day, day, sizeof day);
        flow_hours_day(f, day, &e->hours, e->day == sc->today);
    }
    f->y += ui_dp(sc->ui, 14);
}

static bool in_own_language(const struct content_text *t)
{
    return t->value && !t->fallback;
}

/* The QR code's text, in the resident's language wherever the centre
 * wrote it: its own take-away text in that language; else the title,
 * summary, address, week and contact composed (the summary only if it too
 * is in that language, so the code holds one language); else the
 * take-away text it wrote in another language. Returns the code of the
 * language the text is in when that is not the resident's (the page says
 * so), else NULL. */
static const char *takeaway_text(struct screen_ctx *sc, const struct content_service *s, char *out,
                                 size_t size)
{
    if (in_own_language(&s->takeaway) || (s->takeaway.value && !in_own_language(&s->title))) {
        snprintf(out, size, "%s", s->takeaway.value);
        return s->takeaway.fallback ? s->takeaway.lang : NULL;
    }
    snprintf(out, size, "%s", s->title.value ? s->title.value : s->id);
    const char *summary = in_own_language(&s->summary) || !in_own_language(&s->title)
        ? s->summary.value : NULL;
    const char *lines[] = { summary, s->address, s->phone, s->email, s->website };
    for (size_t i = 0; i < WK_ARRAY_LEN(lines); i++)
        if (lines[i])
            snprintf(out + strlen(out), size - strlen(out), "\n%s", lines[i]);
    for (int wd = 0; s->has_hours && wd < 7; wd++) {
        char times[128];
        format_hours(&s->week[wd], sc, times, sizeof times);
        snprintf(out + strlen(out), size - strlen(out), "\n%s: %s", weekday_name(sc, wd), times);
    }
    return s->title.value && s->title.fallback ? s->title.lang : NULL;
}

/* "This text is in English" under a take-away code in another language
 * than the resident's, in the resident's words; NULL when it is theirs. */
static const char *takeaway_note(struct screen_ctx *sc, const char *lang)
{
    if (!lang)
        return NULL;
    const struct i18n_language *l = i18n_find_language(lang);
    char note[128];
    /* TRANSLATORS: under the take-away QR code when its text is not in the
       resident's language; %s is the language's name, e.g. "English". */
    snprintf(note, sizeof note, tr(sc->i18n, "This text is in %s."), l ? tr(sc->i18n, l->english) : lang);
    return ui_intern(sc->ui, note);
}

static void flow_info(struct flow *f, const struct content_service *s)
{
    struct screen_ctx *sc = f->sc;
    struct ui *ui = sc->ui;
    struct open_label open;
    service_open_label(sc, s, &open);
    if (open.badge) {
        int w = WK_MIN(ui_badge_width(ui, open.badge), f->w);
        int h = WK_MAX(ui_dp(ui, 40), ui_badge_height(ui, open.badge, w));
        if (f->draw)
            ui_badge(ui, (struct ui_rect){ f->x, f->y, w, h }, open.badge, open.fill, THEME_ON_PRIMARY);
        f->y += h + ui_dp(ui, 8);
        if (strcmp(open.detail, open.badge))
            flow_text(f, open.detail, (struct text_style){ .size = ui_font(ui, THEME_TEXT_BODY) }, 14, true);
        else
            f->y += ui_dp(ui, 6);
    } else if (s->has_hours && !sc->clock_known) {
        /* TRANSLATORS: on a service's page when the kiosk's clock is not set. */
        flow_text(f, tr(sc->i18n, "This kiosk does not know the time right now, so it cannot say whether this is open."),
                  (struct text_style){ .size = ui_font(ui, THEME_TEXT_SMALL), .color = THEME_INK_MUTED }, 14, true);
    }
    if (s->has_hours)
        flow_hours(f, s);
    if (s->address || s->directions.value) {
        /* TRANSLATORS: heading above a service's address and how to get there. */
        flow_heading(f, tr(sc->i18n, "Where"));
        flow_text(f, s->address, (struct text_style){ .size = ui_font(ui, THEME_TEXT_BODY) }, 6, false);
        flow_content(f, &s->directions, THEME_TEXT_BODY, false);
    }
    if (s->phone || s->email || s->website) {
        /* TRANSLATORS: heading above a service's phone number, e-mail and website. */
        flow_heading(f, tr(sc->i18n, "Contact"));
        const char *contact[] = { s->phone, s->email, s->website };
        for (size_t i = 0; i < WK_ARRAY_LEN(contact); i++)
            flow_text(f, contact[i], (struct text_style){ .size = ui_font(ui, THEME_TEXT_BODY) }, 4, false);
        f->y += ui_dp(ui, 10);
    }
    f->takeaway_y = f->y;
    /* TRANSLATORS: heading above a QR code that holds the service's address, hours
       and contact, to keep on a phone; also the button at the top of the page
       that jumps to it. */
    flow_heading(f, tr(sc->i18n, "Take this with you"));
    flow_text(f, tr(sc->i18n, "Scan the code with your phone's camera. It works without internet."),
              (struct text_style){ .size = ui_font(ui, THEME_TEXT_SMALL), .color = THEME_INK_MUTED }, 8, false);
    char text[TAKEAWAY_MAX_BYTES];
    const char *note = takeaway_note(sc, takeaway_text(sc, s, text, sizeof text));
    flow_text(f, note, (struct text_style){ .size = ui_font(ui, THEME_TEXT_SMALL), .bold = true,
                                            .color = THEME_NOTE }, 8, true);
    int qr = WK_MIN(f->w, ui_dp(ui, QR_MAX_DP));
    if (f->draw)
        ui_qr(ui, (struct ui_rect){ f->x, f->y, qr, qr }, text);
    f->y += qr;
    f->qr_end = f->y;
}

static void flow_about(struct flow *f, const struct content_service *s)
{
    /* The take-away code is at the end of the page: a button at its top
     * jumps there, for a resident who came for the address or the hours. */
    struct ui *ui = f->sc->ui;
    int h = ui_button_height(ui, UI_MIN_TOUCH_DP + 8);
    if (f->draw && ui_button(ui, (struct ui_rect){ f->x, f->y, f->w, h }, &(struct ui_button_desc){
            .label = tr(f->sc->i18n, "Take this with you"), .pictogram = "qr",
            .kind = UI_BUTTON_SECONDARY }))
        f->jump = true;
    f->y += h + ui_dp(ui, 14);
    flow_content(f, &s->summary, THEME_TEXT_LABEL, false);
    flow_content(f, &s->body, THEME_TEXT_BODY, false);
}

void screen_service(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    struct ui_rect r = ui_screen_rect(ui);
    size_t count = 0;
    const struct content_service *all = sc->content ? content_services(sc->content, &count) : NULL;
    if (!all || sc->arg < 0 || (size_t)sc->arg >= count) {
        screen_header(sc, &r, tr(sc->i18n, "Services"), true, nav);
        return;
    }
    const struct content_service *s = &all[sc->arg];
    screen_header(sc, &r, s->title.value ? s->title.value : s->id, true, nav);
    r = ui_inset(r, ui_dp(ui, THEME_MARGIN));

    bool two_columns = ui_width(ui) > ui_height(ui);
    int gap = ui_dp(ui, 28);
    int info_w = two_columns ? (r.w - gap) * 2 / 5 : r.w;
    int about_w = two_columns ? r.w - gap - info_w : r.w;
    struct flow about = { sc, r.x, 0, about_w, false, 0, 0, false };
    struct flow info = { sc, r.x, 0, info_w, false, 0, 0, false };
    flow_about(&about, s);
    flow_info(&info, s);
    int content_h = two_columns ? WK_MAX(about.y, info.y) : about.y + info.y;

    int top = ui_scroll_begin(ui, "service", r, content_h);
    about = (struct flow){ sc, r.x, top, about_w, true, 0, 0, false };
    flow_about(&about, s);
    info = (struct flow){ sc, two_columns ? r.x + about_w + gap : r.x,
                          two_columns ? top : about.y, info_w, true, 0, 0, false };
    if (two_columns)
        ui_fill(ui, (struct ui_rect){ info.x - gap / 2, top, ui_dp(ui, 1), content_h }, THEME_BORDER, 0);
    flow_info(&info, s);
    ui_scroll_end(ui);
    if (about.jump) {
        /* The heading a little under the top edge, clear of its fade;
         * on a short screen the code itself whole and clear of the bottom
         * fade, even if the heading goes up out of sight. */
        int fade = ui_dp(ui, 44);
        ui_scroll_to(ui, "service", WK_MAX(info.takeaway_y - top - fade,
                                           info.qr_end - top + fade - r.h));
        nav->kind = NAV_REFRESH;
    }
}
