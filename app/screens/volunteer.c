/* volunteer.c — volunteers checking in and out (docs/volunteers.md): the
 * choice behind the Volunteering tile (offer to help, or check in or out),
 * the events and the general shift open now, the number pad for the code
 * (dots, never digits; a USB badge scanner types into it too, see
 * app/kiosk/volunteers.c) and the welcome or goodbye. No list of
 * volunteers' names is ever shown: a name appears only after its own code
 * was typed, and only until the screen goes back to the start. */
#include "screens.h"
#include "../ui/theme.h"

#include <stdio.h>
#include <string.h>

#define CHOICE_MAX_W_DP 900
#define MESSAGE_LINES 3

size_t screen_open_events(const struct screen_ctx *sc, int *out, size_t max)
{
    if (!sc->clock_known || !sc->content)
        return 0;
    size_t n = content_events_open(sc->content, content_local_minute(sc->wall_ms), out, max);
    return WK_MIN(n, max);
}

void screen_volunteer(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    struct ui_rect r = ui_screen_rect(ui);
    screen_header(sc, &r, tr(sc->i18n, "Volunteering"), true, nav);
    r = ui_inset(r, ui_dp(ui, THEME_MARGIN));
    int w = WK_MIN(r.w, ui_dp(ui, CHOICE_MAX_W_DP));
    r = (struct ui_rect){ r.x + (r.w - w) / 2, r.y, w, r.h };
    struct ui_tile_desc tiles[2] = {
        /* TRANSLATORS: volunteering: open the form to offer help as a volunteer. */
        { .title = tr(sc->i18n, "Offer to help"),
          /* TRANSLATORS: volunteering: under "Offer to help". */
          .subtitle = tr(sc->i18n, "Tell the staff what you would like to do"), .pictogram = "volunteers" },
        /* TRANSLATORS: volunteering: a volunteer with a code starts or ends a shift or event. */
        { .title = tr(sc->i18n, "Check in or out"),
          /* TRANSLATORS: volunteering: under "Check in or out". */
          .subtitle = tr(sc->i18n, "With your volunteer code"), .pictogram = "clock" },
    };
    bool wide = r.w > r.h;
    int cols = wide ? 2 : 1, rows = wide ? 1 : 2, gap = ui_dp(ui, THEME_GAP);
    for (int i = 0; i < 2; i++) {
        struct ui_rect cell = ui_grid_cell(r, cols, rows, gap, i % cols, i / cols);
        if (!ui_tile(ui, cell, &tiles[i]))
            continue;
        if (i == 0)
            *nav = (struct nav){ .kind = NAV_START_FORM, .arg = FORM_VOLUNTEER };
        else
            *nav = (struct nav){ .kind = NAV_OPEN, .to = SCREEN_VOLUNTEER_EVENTS };
    }
}

/* "14:00–18:00" of an event today, or of the general shift's range now;
 * the place after it. */
static void event_subtitle(struct screen_ctx *sc, const struct content_event *e, char *out, size_t size)
{
    content_local_min now = content_local_minute(sc->wall_ms), end;
    char range[64] = "";
    if (!e->general) {
        format_range(sc, (int)(((e->starts % 1440) + 1440) % 1440), (int)(((e->ends % 1440) + 1440) % 1440),
                     range, sizeof range);
    } else if (content_event_open(e, now, &end)) {
        const struct content_day_hours *h = &e->week[content_weekday((int32_t)((end - e->margin_min) / 1440))];
        int closes = (int)(((end - e->margin_min) % 1440 + 1440) % 1440);
        for (int k = 0; k < h->count; k++)
            if (h->range[k].closes == closes || (closes == 0 && h->range[k].closes == 1440))
                format_range(sc, h->range[k].opens, h->range[k].closes, range, sizeof range);
    }
    const char *place = e->place.value ? e->place.value : e->place_plain;
    snprintf(out, size, "%s", range);
    if (place)
        screen_list_append(sc, out, size, place);
}

void screen_volunteer_events(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    struct ui_rect r = ui_screen_rect(ui);
    screen_header(sc, &r, tr(sc->i18n, "Check in or out"), true, nav);
    r = ui_inset(r, ui_dp(ui, THEME_MARGIN));
    int open[VOLUNTEER_MAX_OPEN];
    size_t n = screen_open_events(sc, open, VOLUNTEER_MAX_OPEN), count;
    const struct content_event *events = content_events(sc->content, &count);
    if (n == 0) {
        /* TRANSLATORS: volunteering: no event or shift takes check-ins at this time. */
        const char *says = tr(sc->i18n, "No event or shift is open for check-in now. Please ask at the "
                                        "reception desk.");
        screen_picture_and_words(ui, r, "clock", THEME_PRIMARY, says);
        return;
    }
    /* TRANSLATORS: volunteering: above the events open for check-in now. */
    const char *ask = tr(sc->i18n, "Where are you helping?");
    struct text_style as = { .size = ui_font(ui, THEME_TEXT_BODY), .max_lines = 2 };
    ui_label(ui, ui_cut_top(&r, ui_text_height(ui, r.w, ask, as)), ask, as, UI_VALIGN_TOP);
    ui_cut_top(&r, ui_dp(ui, THEME_GAP));
    char subtitles[VOLUNTEER_MAX_OPEN][192];
    struct ui_tile_desc tiles[VOLUNTEER_MAX_OPEN];
    int cols = r.w > r.h && n > 1 ? 2 : 1, gap = ui_dp(ui, THEME_GAP), tile_h = 0;
    int cell_w = (r.w - (cols - 1) * gap) / cols;
    for (size_t i = 0; i < n; i++) {
        const struct content_event *e = &events[open[i]];
        event_subtitle(sc, e, subtitles[i], sizeof subtitles[i]);
        tiles[i] = (struct ui_tile_desc){ .title = e->title.value ? e->title.value : e->id,
                                          .subtitle = subtitles[i][0] ? subtitles[i] : NULL,
                                          .pictogram = e->pictogram };
        tile_h = WK_MAX(tile_h, ui_tile_height(ui, cell_w, &tiles[i]));
    }
    int rows = (int)(n + (size_t)cols - 1) / cols;
    /* Tiles share the screen when they fit, else scroll at their height. */
    tile_h = WK_MAX(tile_h, WK_MIN((r.h - (rows - 1) * gap) / rows, ui_dp(ui, 220)));
    int h = rows * tile_h + (rows - 1) * gap;
    int top = ui_scroll_begin(ui, "volunteer-events", r, h);
    struct ui_rect grid = { r.x, top, r.w, h };
    for (size_t i = 0; i < n; i++) {
        struct ui_rect cell = ui_grid_cell(grid, cols, rows, gap, (int)i % cols, (int)i / cols);
        if (ui_tile(ui, cell, &tiles[i]))
            *nav = (struct nav){ .kind = NAV_OPEN, .to = SCREEN_VOLUNTEER_PAD, .arg = open[i] };
    }
    ui_scroll_end(ui);
}

/* What the pad says above its keys. */
static void pad_message(struct screen_ctx *sc, char *out, size_t size, bool *alert)
{
    const struct volunteer_view *v = sc->volunteer;
    *alert = true;
    if (v->locked_until_ms) {
        int seconds = (int)((v->locked_until_ms - sc->now_ms + 999) / 1000);
        int minutes = (seconds + 59) / 60;
        if (seconds < 60)
            snprintf(out, size,
                     /* TRANSLATORS: volunteering: the pad is locked after wrong codes; %d seconds. */
                     trn(sc->i18n, "Too many wrong codes. Try again in %d second.",
                         "Too many wrong codes. Try again in %d seconds.", (unsigned long)seconds), seconds);
        else
            snprintf(out, size,
                     /* TRANSLATORS: volunteering: the pad is locked after wrong codes; %d minutes. */
                     trn(sc->i18n, "Too many wrong codes. Try again in %d minute.",
                         "Too many wrong codes. Try again in %d minutes.", (unsigned long)minutes), minutes);
        screen_native(sc, out, size);
        return;
    }
    switch (v->state) {
    case VOLUNTEER_CHECKING:
        *alert = false;
        /* TRANSLATORS: volunteering: shown for a moment while the code is checked. */
        snprintf(out, size, "%s", tr(sc->i18n, "Checking your code"));
        return;
    case VOLUNTEER_WRONG:
        /* TRANSLATORS: volunteering: the code typed or scanned is not a volunteer's code. */
        snprintf(out, size, "%s", tr(sc->i18n, "This code is not right. Please try again."));
        return;
    case VOLUNTEER_NOT_SAVED:
        /* TRANSLATORS: volunteering: the check-in could not be saved on the kiosk. */
        snprintf(out, size, "%s", tr(sc->i18n, "This could not be saved. Please tell the staff."));
        return;
    case VOLUNTEER_TYPING:
        break;
    }
    *alert = false;
    /* TRANSLATORS: volunteering: above the number pad. */
    snprintf(out, size, "%s", tr(sc->i18n, "Type your volunteer code or scan your badge."));
}

void screen_volunteer_pad(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    struct volunteer_view *v = sc->volunteer;
    size_t count;
    const struct content_event *events = content_events(sc->content, &count);
    const struct content_event *e = sc->arg >= 0 && (size_t)sc->arg < count ? &events[sc->arg] : NULL;
    struct ui_rect r = ui_screen_rect(ui);
    screen_header(sc, &r, e && e->title.value ? e->title.value : tr(sc->i18n, "Check in or out"), true, nav);
    r = ui_inset(r, ui_dp(ui, THEME_MARGIN));
    char message[256];
    bool alert;
    pad_message(sc, message, sizeof message, &alert);
    struct text_style st = { .size = ui_font(ui, THEME_TEXT_BODY), .align = TEXT_ALIGN_CENTER,
                             .color = alert ? THEME_ACCENT : 0, .max_lines = MESSAGE_LINES };
    int mh = WK_MIN(ui_text_height(ui, r.w, message, st), r.h / 3);
    ui_label(ui, ui_cut_top(&r, mh), message, st, UI_VALIGN_CENTER);
    ui_cut_top(&r, ui_dp(ui, 4));
    if (v->locked_until_ms || v->state == VOLUNTEER_CHECKING)
        return;
    switch (screen_digit_pad(sc, r, v->typed, sizeof v->typed)) {
    case DIGIT_PAD_OK:
        nav->kind = NAV_VOLUNTEER_CHECK;
        break;
    case DIGIT_PAD_TYPED:
    case DIGIT_PAD_ERASED:
        v->state = VOLUNTEER_TYPING;
        nav->kind = NAV_REFRESH;
        break;
    case DIGIT_PAD_NONE:
        break;
    }
}

void screen_volunteer_done(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    const struct volunteer_view *v = sc->volunteer;
    struct ui_rect r = ui_screen_rect(ui);
    /* TRANSLATORS: volunteering: title after checking in / after checking out. */
    screen_header(sc, &r, v->checked_out ? tr(sc->i18n, "Checked out") : tr(sc->i18n, "Checked in"), false,
                  nav);
    r = ui_inset(r, ui_dp(ui, THEME_MARGIN));
    struct ui_rect bar = ui_cut_bottom(&r, ui_button_height(ui, UI_MIN_TOUCH_DP));
    ui_cut_bottom(&r, ui_dp(ui, THEME_GAP));
    int32_t day;
    int minute;
    content_local_time(v->at_ms, &day, &minute);
    char at[32], says[512];
    format_minutes(sc, minute, at, sizeof at);
    if (!v->checked_out) {
        /* TRANSLATORS: volunteering: %1$s a volunteer's first name, %2$s a time such as 14:02. */
        snprintf(says, sizeof says, tr(sc->i18n, "Welcome, %1$s — checked in at %2$s"), v->name, at);
    } else {
        char stay[64];
        /* TRANSLATORS: volunteering: a length of time, hours and minutes, such as "3 h 46 min". */
        snprintf(stay, sizeof stay, tr(sc->i18n, "%1$d h %2$d min"), v->stay_minutes / 60, v->stay_minutes % 60);
        screen_native(sc, stay, sizeof stay);
        /* TRANSLATORS: volunteering: %1$s a first name, %2$s a time such as 17:48, %3$s a length such as 3 h 46 min. */
        snprintf(says, sizeof says, tr(sc->i18n, "Goodbye, %1$s — checked out at %2$s (%3$s today)"), v->name,
                 at, stay);
    }
    screen_picture_and_words(ui, r, "check", THEME_OPEN, says);
    if (ui_button(ui, ui_cut_end(&bar, WK_MIN(bar.w, ui_dp(ui, 300))), &(struct ui_button_desc){
            .label = tr(sc->i18n, "Done"), .pictogram = "done" }) ||
        sc->now_ms - sc->shown_since_ms >= VOLUNTEER_DONE_MS)
        nav->kind = NAV_END_SESSION;
}
