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
    int h = WK_MIN(screen.h - ui_dp(ui, 40), ui_dp(ui, 380));
    struct ui_rect card = { (screen.w - w) / 2, (screen.h - h) / 2, w, h };
    ui_fill(ui, card, THEME_SURFACE, ui_dp(ui, THEME_RADIUS));
    struct ui_rect r = ui_inset(card, ui_dp(ui, 24));

    /* TRANSLATORS: idle warning title, after a minute without a touch; one line. */
    ui_label(ui, ui_cut_top(&r, ui_dp(ui, 48)), tr(sc->i18n, "Are you still there?"),
             (struct text_style){ .size = ui_dp(ui, THEME_TEXT_TITLE), .bold = true,
                                  .align = TEXT_ALIGN_CENTER, .max_lines = 1 },
             UI_VALIGN_CENTER);
    ui_text(ui, ui_cut_top(&r, ui_dp(ui, 56)), tr(sc->i18n, "Touch the screen to continue."),
            (struct text_style){ .size = ui_dp(ui, THEME_TEXT_BODY), .align = TEXT_ALIGN_CENTER },
            UI_VALIGN_CENTER);
    char countdown[256];
    int n = WK_MAX(sc->idle_seconds_left, 0);
    snprintf(countdown, sizeof countdown,
             /* TRANSLATORS: idle warning countdown; %d is the number of seconds left. */
             trn(sc->i18n, "Going back to the start in %d second.",
                 "Going back to the start in %d seconds.", (unsigned long)n), n);
    screen_native(sc, countdown, sizeof countdown);
    ui_label(ui, ui_cut_top(&r, ui_dp(ui, 64)), countdown,
             (struct text_style){ .size = ui_dp(ui, THEME_TEXT_LABEL), .bold = true,
                                  .color = THEME_ACCENT, .align = TEXT_ALIGN_CENTER },
             UI_VALIGN_CENTER);

    struct ui_rect buttons = ui_cut_bottom(&r, ui_dp(ui, 64));
    int gap = ui_dp(ui, THEME_GAP);
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
