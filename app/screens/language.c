/* language.c — the language picker: every language by its own name in its
 * own script, big enough to find at a glance; no flags (a language is not
 * a country). */
#include "screens.h"
#include "../ui/theme.h"

#define LANGUAGE_TILE_MIN_DP 200
#define LANGUAGE_TILE_H_DP 76

void screen_language(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    struct ui_rect r = ui_screen_rect(ui);
    enum ui_header_action a = ui_header(ui, &r,
        &(struct ui_header_desc){
            /* TRANSLATORS: title of the language picker. */
            .title = tr(sc->i18n, "Choose your language"),
            .back_label = tr(sc->i18n, "Back"),
            .done_label = sc->came_from_attract ? NULL : tr(sc->i18n, "Done"),
            /* Always a voice here: it reads each language's own name in
             * that language, whichever this screen is shown in. */
            .speak_label = sc->voice != SCREEN_VOICE_OFF
                ? screen_speak_label(&(struct screen_ctx){ .i18n = sc->i18n, .voice = SCREEN_VOICE })
                : NULL,
        });
    if (a == UI_HEADER_SPEAK)
        nav->kind = NAV_SPEAK;
    else if (a == UI_HEADER_BACK)
        nav->kind = NAV_BACK;
    else if (a == UI_HEADER_DONE)
        nav->kind = NAV_END_SESSION;

    const struct i18n_language *langs[SCREEN_MAX_LANGUAGES];
    size_t count = screen_languages(sc, langs, SCREEN_MAX_LANGUAGES);
    struct ui_rect area = ui_inset(r, ui_dp(ui, THEME_MARGIN));
    int gap = ui_dp(ui, THEME_GAP);
    int cols = WK_CLAMP(area.w / ui_dp(ui, LANGUAGE_TILE_MIN_DP), 1, 4);
    int rows = ((int)count + cols - 1) / cols;
    int row_h = ui_dp(ui, LANGUAGE_TILE_H_DP);
    int content_h = rows * row_h + (rows - 1) * gap;
    int top = ui_scroll_begin(ui, "languages", area, content_h);
    struct ui_rect grid = { area.x, top, area.w, content_h };
    for (size_t i = 0; i < count; i++) {
        struct ui_rect cell = ui_grid_cell(grid, cols, rows, gap, (int)i % cols, (int)i / cols);
        if (ui_tile(ui, cell, &(struct ui_tile_desc){
                .title = langs[i]->endonym, .lang = langs[i]->code, .rtl = langs[i]->rtl })) {
            nav->kind = NAV_LANGUAGE_CHOSEN;
            nav->lang = langs[i]->code;
        }
    }
    ui_scroll_end(ui);
}
