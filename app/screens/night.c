/* night.c — the night screen: outside the centre's screen hours the
 * attract screen is dark but for one dim line, so the hallway is not lit
 * all night and the panel rests. A touch wakes it (app/kiosk/night.c). */
#include "screens.h"
#include "../ui/theme.h"

/* Dim grey on black: readable up close, no glow across a dark hallway. */
#define NIGHT_BACKGROUND 0x000000ffu
#define NIGHT_INK        0x4a4a46ffu

void screen_night(struct screen_ctx *sc, struct nav *nav)
{
    (void)nav;
    struct ui *ui = sc->ui;
    struct ui_rect screen = ui_screen_rect(ui);
    ui_fill(ui, screen, NIGHT_BACKGROUND, 0);
    /* The kiosk takes the waking touch itself; this names the screen for tests. */
    const char *touch = tr(sc->i18n, "Touch to start");
    ui_touch_area(ui, screen, touch);
    struct ui_rect line = { screen.x, screen.y + screen.h / 2 - ui_dp(ui, 20), screen.w, ui_dp(ui, 40) };
    ui_label(ui, line, touch, (struct text_style){ .size = ui_dp(ui, THEME_TEXT_BODY), .color = NIGHT_INK,
                                                   .align = TEXT_ALIGN_CENTER, .max_lines = 1 },
             UI_VALIGN_CENTER);
}
