/* whats_on.c — "What's on": the activities of today, tomorrow or the week
 * ahead, by day and time, with the places left; and one activity on one
 * day in full. Without a trusted clock there is no "today", and the
 * screen says so instead of guessing. */
#include "screens.h"
#include "../ui/theme.h"

#include <stdio.h>

#define WHATS_ON_MAX_SESSIONS 1024
#define SESSION_ROW_H_DP 96
#define DAY_HEADING_H_DP 48
#define WEEK_DAYS 7

enum whats_on_tab { TAB_TODAY, TAB_TOMORROW, TAB_WEEK, TAB_COUNT };

/* Places left: the bundle's count, minus what this kiosk has taken since. */
static int places_left(struct screen_ctx *sc, const struct content_session *s)
{
    if (s->places_left < 0)
        return -1;
    int here = sc->taken_here ? sc->taken_here(sc->kiosk, s->activity, s->day) : 0;
    return WK_MAX(s->places_left - here, 0);
}

static void places_label(struct screen_ctx *sc, int left, char *out, size_t size, uint32_t *fill)
{
    out[0] = '\0';
    if (left < 0)
        return;
    if (left == 0) {
        /* TRANSLATORS: badge on an activity with no places left; short. */
        snprintf(out, size, "%s", tr(sc->i18n, "Full"));
        *fill = THEME_CLOSED;
    } else {
        /* TRANSLATORS: badge on an activity: how many places are still free; short. */
        snprintf(out, size, trn(sc->i18n, "%d place left", "%d places left", (unsigned long)left), left);
        screen_native(sc, out, size);
        *fill = THEME_OPEN;
    }
}

/* The heading of a day's sessions: "Today"; "Tomorrow · Tuesday 6
 * January", so the date the Tomorrow tab means is on screen; else the
 * date. */
static void day_heading(struct screen_ctx *sc, int32_t day, char *out, size_t size)
{
    char date[96];
    if (day == sc->today) {
        snprintf(out, size, "%s", tr(sc->i18n, "Today"));
        return;
    }
    format_day(sc, day, date, sizeof date);
    if (day == sc->today + 1)
        /* TRANSLATORS: What's on: the heading over tomorrow's activities; %s is the
           date ("Tuesday 6 January"). Keep the dot between the two, or use the
           separator your language puts there. */
        snprintf(out, size, tr(sc->i18n, "Tomorrow · %s"), date);
    else
        snprintf(out, size, "%s", date);
}

static void tabs(struct screen_ctx *sc, struct ui_rect *r, struct nav *nav)
{
    /* TRANSLATORS: the three tabs of What's on: Today, Tomorrow, This week (the next
       7 days). Short: they share one row. "Today" also heads today in This week. */
    static const char *const names[TAB_COUNT] = { N_("Today"), N_("Tomorrow"), N_("This week") };
    static const char *const pictos[TAB_COUNT] = { "today", "tomorrow", "this-week" };
    struct ui *ui = sc->ui;
    int gap = ui_dp(ui, THEME_GAP), h = ui_button_height(ui, 64);
    struct ui_button_desc tab[TAB_COUNT];
    for (int i = 0; i < TAB_COUNT; i++) {
        tab[i] = (struct ui_button_desc){
            .label = tr(sc->i18n, names[i]), .pictogram = pictos[i], .mirror_pictogram = true,
            .kind = i == sc->arg ? UI_BUTTON_PRIMARY : UI_BUTTON_SECONDARY };
        /* Two lines beside the pictogram rather than a cut word. */
        h = WK_MAX(h, ui_button_fit_height(ui, (r->w - (TAB_COUNT - 1) * gap) / TAB_COUNT, &tab[i]));
    }
    struct ui_rect bar = ui_cut_top(r, h);
    ui_cut_top(r, gap);
    for (int i = 0; i < TAB_COUNT; i++) {
        struct ui_rect cell = ui_grid_cell(bar, TAB_COUNT, 1, gap, i, 0);
        if (ui_button(ui, cell, &tab[i]) && i != sc->arg) {
            nav->kind = NAV_REPLACE;
            nav->to = SCREEN_WHATS_ON;
            nav->arg = i;
        }
    }
}

static void message(struct screen_ctx *sc, struct ui_rect r, const char *text)
{
    ui_label(sc->ui, ui_inset(r, ui_dp(sc->ui, THEME_MARGIN)), text,
             (struct text_style){ .size = ui_font(sc->ui, THEME_TEXT_LABEL), .align = TEXT_ALIGN_CENTER },
             UI_VALIGN_CENTER);
}

/* The row of one session: its time, title, place and places left. */
static void session_row(struct screen_ctx *sc, const struct content_session *s,
                        const struct content_activity *acts, char time[32], char places[64],
                        struct ui_row_desc *d)
{
    const struct content_activity *a = &acts[s->activity];
    uint32_t fill = 0;
    format_range(sc, s->starts, s->ends, time, 32);
    places_label(sc, places_left(sc, s), places, 64, &fill);
    *d = (struct ui_row_desc){
        .title = a->title.value ? a->title.value : a->id, .subtitle = a->place.value,
        .note = fallback_note(sc, &a->title), .pictogram = a->pictogram, .lead = time,
        .badge = places[0] ? places : NULL, .badge_fill = fill, .badge_ink = THEME_ON_PRIMARY,
        .title_style = content_text_style(&a->title, (struct text_style){ 0 }),
        .subtitle_style = content_text_style(&a->place, (struct text_style){ 0 }) };
}

void screen_whats_on(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    struct ui_rect r = ui_screen_rect(ui);
    screen_header(sc, &r, tr(sc->i18n, "What's on"), true, nav);
    r = ui_inset(r, ui_dp(ui, THEME_MARGIN));
    tabs(sc, &r, nav);
    if (!sc->content) {
        message(sc, r, tr(sc->i18n, "There is no information on this kiosk yet. Please ask at the reception desk."));
        return;
    }
    if (!sc->clock_known) {
        message(sc, r, tr(sc->i18n, "This kiosk does not know today's date right now. Please ask at the reception desk what is on."));
        return;
    }
    int32_t first = sc->today + (sc->arg == TAB_TOMORROW);
    int32_t last = sc->arg == TAB_WEEK ? sc->today + WEEK_DAYS - 1 : first;
    struct content_session sessions[WHATS_ON_MAX_SESSIONS];
    size_t total = content_sessions(sc->content, first, last, sessions, WK_ARRAY_LEN(sessions));
    size_t n = 0;
    for (size_t i = 0; i < WK_MIN(total, WK_ARRAY_LEN(sessions)); i++)
        if (sessions[i].day != sc->today || sessions[i].ends > sc->minute)   /* not over yet */
            sessions[n++] = sessions[i];
    if (n == 0) {
        static const char *const nothing[TAB_COUNT] = {
            N_("Nothing more is planned today."), N_("Nothing is planned tomorrow."),
            N_("Nothing is planned this week."),
        };
        message(sc, r, tr(sc->i18n, nothing[WK_CLAMP(sc->arg, 0, TAB_COUNT - 1)]));
        return;
    }
    size_t count;
    const struct content_activity *acts = content_activities(sc->content, &count);
    int row_h = ui_dp(ui, SESSION_ROW_H_DP);
    for (size_t i = 0; i < n; i++) {
        char time[32], places[64];
        struct ui_row_desc d;
        session_row(sc, &sessions[i], acts, time, places, &d);
        row_h = WK_MAX(row_h, ui_row_height(ui, r.w, &d));
    }
    struct text_style hs = { .size = ui_font(ui, THEME_TEXT_LABEL), .bold = true, .max_lines = 1 };
    int head_h = WK_MAX(ui_dp(ui, DAY_HEADING_H_DP), ui_text_height(ui, r.w, "Hg", hs) + ui_dp(ui, 8));
    int gap = ui_dp(ui, THEME_GAP / 2);
    int days = 0;
    for (size_t i = 0; i < n; i++)
        days += i == 0 || sessions[i].day != sessions[i - 1].day;
    bool headings = sc->arg != TAB_TODAY;
    int content_h = (int)n * (row_h + gap) + (headings ? days * head_h : 0);
    int y = ui_scroll_begin(ui, "whats-on", r, content_h);
    for (size_t i = 0; i < n; i++) {
        const struct content_session *s = &sessions[i];
        if (headings && (i == 0 || s->day != sessions[i - 1].day)) {
            struct ui_rect head = { r.x, y, r.w, head_h };
            if (ui_is_visible(ui, head)) {
                char day[160];
                day_heading(sc, s->day, day, sizeof day);
                ui_text_fit(ui, head, day, hs, UI_VALIGN_CENTER);
            }
            y += head_h;
        }
        struct ui_rect row = { r.x, y, r.w, row_h };
        y += row_h + gap;
        if (!ui_is_visible(ui, row))
            continue;
        char time[32], places[64];
        struct ui_row_desc d;
        session_row(sc, s, acts, time, places, &d);
        if (ui_row(ui, row, &d)) {
            nav->kind = NAV_OPEN;
            nav->to = SCREEN_ACTIVITY;
            nav->arg = s->activity;
            nav->day = s->day;
        }
    }
    ui_scroll_end(ui);
}

void screen_activity(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    struct ui_rect r = ui_screen_rect(ui);
    size_t count = 0;
    const struct content_activity *all = sc->content ? content_activities(sc->content, &count) : NULL;
    if (!all || sc->arg < 0 || (size_t)sc->arg >= count) {
        screen_header(sc, &r, tr(sc->i18n, "What's on"), true, nav);
        return;
    }
    const struct content_activity *a = &all[sc->arg];
    screen_header(sc, &r, a->title.value ? a->title.value : a->id, true, nav);
    r = ui_inset(r, ui_dp(ui, THEME_MARGIN));

    /* The session this page is about: its times and places left. */
    struct content_session session;
    const struct content_session *s = screen_session(sc, sc->arg, sc->day, &session);
    char when[160] = "", day[96], time[32], places[64] = "";
    uint32_t fill = 0;
    if (s) {
        format_day(sc, s->day, day, sizeof day);
        format_range(sc, s->starts, s->ends, time, sizeof time);
        screen_list_append(sc, when, sizeof when, day);
        screen_list_append(sc, when, sizeof when, time);
        places_label(sc, places_left(sc, s), places, sizeof places, &fill);
    }
    struct text_style big = { .size = ui_font(ui, THEME_TEXT_LABEL), .bold = true };
    struct text_style body = { .size = ui_font(ui, THEME_TEXT_BODY) };
    int h = (when[0] ? screen_fact(sc, &r, "calendar", when, big, false) : 0) +
            (a->place.value ? screen_fact(sc, &r, "place", a->place.value, body, false) : 0) +
            (places[0] ? screen_fact(sc, &r, "people-count", places, body, false) : 0);
    /* Sign-up: when the activity takes it, the bundle has a sign-up form and
     * places are left. */
    bool can_sign_up = a->signup && s && places_left(sc, s) != 0 && sc->clock_known &&
                       content_form_of_kind(sc->content, FORM_SIGNUP) &&
                       (s->day > sc->today || (s->day == sc->today && s->starts > sc->minute));
    if (can_sign_up) {
        struct ui_rect bar = ui_cut_bottom(&r, ui_button_height(ui, 64));
        ui_cut_bottom(&r, ui_dp(ui, THEME_GAP));
        if (ui_button(ui, ui_cut_end(&bar, WK_MIN(bar.w, ui_dp(ui, 320))), &(struct ui_button_desc){
                .label = tr(sc->i18n, "Sign up"), .pictogram = "sign-up" })) {
            nav->kind = NAV_START_FORM;
            nav->arg = FORM_SIGNUP;
            nav->activity = sc->arg;
            nav->day = sc->day;
        }
    }
    const struct content_text *texts[] = { &a->summary, &a->body };
    for (size_t i = 0; i < WK_ARRAY_LEN(texts); i++)
        if (texts[i]->value)
            h += ui_text_height(ui, r.w, texts[i]->value, content_text_style(texts[i], body)) +
                 ui_dp(ui, 16);
    const char *note = fallback_note(sc, &a->body);
    struct text_style ns = { .size = ui_font(ui, THEME_TEXT_SMALL), .color = THEME_NOTE };
    if (note)
        h += ui_text_height(ui, r.w, note, ns);
    int top = ui_scroll_begin(ui, "activity", r, h + ui_dp(ui, 40));
    struct ui_rect flow = { r.x, top, r.w, h + ui_dp(ui, 40) };
    if (when[0])
        screen_fact(sc, &flow, "calendar", when, big, true);
    if (a->place.value)
        screen_fact(sc, &flow, "place", a->place.value, content_text_style(&a->place, body), true);
    if (places[0])
        screen_fact(sc, &flow, "people-count", places, body, true);
    for (size_t i = 0; i < WK_ARRAY_LEN(texts); i++) {
        if (!texts[i]->value)
            continue;
        struct text_style st = content_text_style(texts[i], body);
        int th = ui_text_height(ui, flow.w, texts[i]->value, st);
        ui_text(ui, ui_cut_top(&flow, th), texts[i]->value, st, UI_VALIGN_TOP);
        ui_cut_top(&flow, ui_dp(ui, 16));
    }
    if (note)
        ui_text(ui, flow, note, ns, UI_VALIGN_TOP);
    ui_scroll_end(ui);
}
