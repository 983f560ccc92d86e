/* idle.c — "are you still there?": after a minute without a touch, a
 * dialog with a countdown covers the screen (so the next person does not
 * read the last one's choices); any touch keeps the session, "Start again"
 * or the end of the countdown wipes it. */
#include "screens.h"
#include "../ui/theme.h"

#include <stdio.h>

void screen_idle_warning(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    struct ui_rect screen = ui_screen_rect(ui);
    ui_fill(ui, screen, THEME_SHADE, 0);
    /* TRANSLATORS: idle warning text, under "Are you still there?". */
    if (ui_touch_area(ui, screen, tr(sc->i18n, "Touch the screen to continue.")))
        nav->kind = NAV_KEEP_ALIVE;

    int w = WK_MIN(screen.w - ui_dp(ui, 40), ui_dp(ui, 620));
    int inner_w = w - 2 * ui_dp(ui, 24);
    char countdown[256];
    int n = WK_MAX(sc->idle_seconds_left, 0);
    snprintf(countdown, sizeof countdown,
             /* TRANSLATORS: idle warning countdown; %d is the number of seconds left. */
             trn(sc->i18n, "Going back to the start in %d second.",
                 "Going back to the start in %d seconds.", (unsigned long)n), n);
    screen_native(sc, countdown, sizeof countdown);
    struct text_style title = { .size = ui_font(ui, THEME_TEXT_TITLE), .bold = true,
                                .align = TEXT_ALIGN_CENTER, .max_lines = 2 };
    struct text_style body = { .size = ui_font(ui, THEME_TEXT_BODY), .align = TEXT_ALIGN_CENTER };
    struct text_style count = { .size = ui_font(ui, THEME_TEXT_LABEL), .bold = true,
                                .color = THEME_ACCENT, .align = TEXT_ALIGN_CENTER };
    /* TRANSLATORS: idle warning title, after a minute without a touch; one line. */
    const char *ask = tr(sc->i18n, "Are you still there?");
    const char *touch = tr(sc->i18n, "Touch the screen to continue.");
    /* TRANSLATORS: idle warning, under the countdown: what happens when it runs out. */
    const char *erased = tr(sc->i18n, "Then everything you typed will be erased.");
    int gap = ui_dp(ui, THEME_GAP), bar_h = ui_dp(ui, 12), buttons_h = ui_button_height(ui, 64);
    int icon = ui_dp(ui, 64);
    int texts = ui_text_height(ui, inner_w, ask, title) + ui_text_height(ui, inner_w, touch, body) +
                ui_text_height(ui, inner_w, countdown, count) +
                ui_text_height(ui, inner_w, erased, body) + bar_h + 5 * gap + buttons_h;
    int room = screen.h - ui_dp(ui, 40) - 2 * ui_dp(ui, 24);
    /* On a small screen with large text, the pictogram goes first, then
     * the line the buttons also say. */
    if (texts + icon + gap > room)
        icon = 0;
    if (texts > room) {
        texts -= ui_text_height(ui, inner_w, touch, body) + gap;
        touch = NULL;
    }
    /* Still too tall: the texts at the size before A+, which the whole
     * card then holds. */
    if (texts > room) {
        title.size = ui_dp(ui, THEME_TEXT_TITLE);
        body.size = ui_dp(ui, THEME_TEXT_BODY);
        count.size = ui_dp(ui, THEME_TEXT_LABEL);
        buttons_h = WK_MIN(buttons_h, ui_dp(ui, 64));
        texts = ui_text_height(ui, inner_w, ask, title) +
                ui_text_height(ui, inner_w, countdown, count) +
                ui_text_height(ui, inner_w, erased, body) + bar_h + 4 * gap + buttons_h;
    }
    int h = WK_MIN(texts + (icon ? icon + gap : 0), room) + 2 * ui_dp(ui, 24);
    struct ui_rect card = { (screen.w - w) / 2, (screen.h - h) / 2, w, h };
    ui_fill(ui, card, THEME_SURFACE, ui_dp(ui, THEME_RADIUS));
    struct ui_rect r = ui_inset(card, ui_dp(ui, 24));
    if (icon) {
        ui_image(ui, ui_cut_top(&r, icon), "clock", THEME_ACCENT, false);
        ui_cut_top(&r, gap);
    }
    ui_label(ui, ui_cut_top(&r, ui_text_height(ui, inner_w, ask, title)), ask, title, UI_VALIGN_TOP);
    ui_cut_top(&r, gap);
    if (touch) {
        ui_text(ui, ui_cut_top(&r, ui_text_height(ui, inner_w, touch, body)), touch, body,
                UI_VALIGN_TOP);
        ui_cut_top(&r, gap);
    }
    ui_label(ui, ui_cut_top(&r, ui_text_height(ui, inner_w, countdown, count)), countdown, count,
             UI_VALIGN_TOP);
    ui_cut_top(&r, gap);
    /* The countdown as a bar that shrinks toward the end edge: seen
     * without reading a number. */
    struct ui_rect bar = ui_cut_top(&r, bar_h);
    ui_fill(ui, bar, THEME_CARD, bar_h / 2);
    int total = WK_MAX(sc->idle_seconds_total, 1);
    bar.w = bar.w * WK_MIN(n, total) / total;
    ui_fill(ui, bar, THEME_ACCENT, bar_h / 2);
    ui_cut_top(&r, gap);
    ui_text(ui, ui_cut_top(&r, ui_text_height(ui, inner_w, erased, body)), erased, body,
            UI_VALIGN_TOP);
    ui_cut_top(&r, gap);
    struct ui_rect buttons = ui_cut_top(&r, buttons_h);
    if (ui_button(ui, ui_grid_cell(buttons, 2, 1, gap, 0, 0),
                  /* TRANSLATORS: idle warning button: stay in the session. */
                  &(struct ui_button_desc){ .label = tr(sc->i18n, "Continue") }))
        nav->kind = NAV_KEEP_ALIVE;
    if (ui_button(ui, ui_grid_cell(buttons, 2, 1, gap, 1, 0),
                  /* TRANSLATORS: idle warning button: end the session now and erase everything. */
                  &(struct ui_button_desc){ .label = tr(sc->i18n, "Start again"),
                                            .kind = UI_BUTTON_SECONDARY }))
        nav->kind = NAV_END_SESSION;
}
