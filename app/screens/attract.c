/* attract.c — what the kiosk shows when nobody uses it: a welcome that
 * cycles through every language with "touch to start", the clock, and the
 * languages by their own names so a passer-by sees theirs is spoken here.
 * Touching a language name starts in that language; touching anywhere else
 * opens the language picker. */
#include "screens.h"
#include "../ui/theme.h"

size_t attract_language_index(const struct screen_ctx *sc, size_t language_count)
{
    int64_t elapsed = sc->now_ms - sc->shown_since_ms;
    return language_count ? (size_t)(WK_MAX(elapsed, 0) / ATTRACT_CYCLE_MS) % language_count : 0;
}

/* The clock and the date in the language the greeting is in at this
 * moment: its words, digits and month names. */
static void draw_clock(struct screen_ctx *sc, struct ui_rect r, const struct i18n_language *lang)
{
    struct ui *ui = sc->ui;
    char clock[16], date[128];
    format_clock(sc, lang->code, clock, sizeof clock);
    format_date(sc, lang->code, date, sizeof date);
    struct text_style cs = { .size = ui_font(ui, THEME_TEXT_HUGE), .bold = true,
                             .color = THEME_ON_PRIMARY, .align = TEXT_ALIGN_END, .max_lines = 1 };
    struct text_style ds = { .size = ui_font(ui, THEME_TEXT_BODY), .color = THEME_ON_PRIMARY,
                             .lang = lang->code, .rtl = lang->rtl, .align = TEXT_ALIGN_END,
                             .max_lines = 1 };
    /* The clock gives way to the date when the two are taller than r. */
    int dh = ui_text_height(ui, r.w, date, ds);
    struct ui_rect top = ui_cut_top(&r, WK_MAX(r.h - dh, 0));
    ui_text_fit(ui, top, clock, cs, UI_VALIGN_BOTTOM);
    ui_text_fit(ui, r, date, ds, UI_VALIGN_TOP);
}

static void draw_language_chips(struct screen_ctx *sc, struct ui_rect area, size_t highlighted,
                                struct nav *nav)
{
    struct ui *ui = sc->ui;
    const struct i18n_language *langs[SCREEN_MAX_LANGUAGES];
    size_t count = screen_languages(sc, langs, SCREEN_MAX_LANGUAGES);
    int cols = WK_CLAMP(area.w / ui_dp(ui, 126), 1, (int)count);
    int rows = ((int)count + cols - 1) / cols;
    int gap = ui_dp(ui, 8);
    for (size_t i = 0; i < count; i++) {
        struct ui_rect cell = ui_grid_cell(area, cols, rows, gap, (int)i % cols, (int)i / cols);
        bool lit = i == highlighted;
        ui_frame_rect(ui, cell, lit ? THEME_SURFACE : THEME_PRIMARY_DOWN, THEME_SURFACE,
                      ui_dp(ui, 2), ui_dp(ui, THEME_RADIUS));
        ui_text_fit(ui, ui_inset(cell, ui_dp(ui, 4)), langs[i]->endonym,
                (struct text_style){ .size = ui_font(ui, THEME_TEXT_BODY), .bold = true,
                                     .color = lit ? THEME_PRIMARY : THEME_ON_PRIMARY,
                                     .lang = langs[i]->code, .rtl = langs[i]->rtl,
                                     .align = TEXT_ALIGN_CENTER, .max_lines = 1 },
                UI_VALIGN_CENTER);
        if (ui_touch_area(ui, cell, langs[i]->endonym)) {
            nav->kind = NAV_LANGUAGE_CHOSEN;
            nav->lang = langs[i]->code;
        }
    }
}

void screen_attract(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    const struct i18n_language *langs[SCREEN_MAX_LANGUAGES];
    size_t count = screen_languages(sc, langs, SCREEN_MAX_LANGUAGES);
    size_t shown = attract_language_index(sc, count);
    const struct i18n_language *lang = langs[shown];
    /* TRANSLATORS: attract screen, under "Welcome"; shown in turn in every language.
       Keep it short: a person walking past must read it in one glance. */
    const char *touch = tr_in(sc->i18n, lang->code, "Touch to start");

    struct ui_rect screen = ui_screen_rect(ui);
    ui_fill(ui, screen, THEME_PRIMARY, 0);
    /* First, so the language chips drawn later take their own taps. */
    if (ui_touch_area(ui, screen, touch))
        nav->kind = NAV_OPEN, nav->to = SCREEN_LANGUAGE;

    struct ui_rect r = ui_inset(screen, ui_dp(ui, THEME_MARGIN));
    struct ui_rect top = ui_cut_top(&r, ui_dp(ui, 96));
    if (sc->clock_known)
        draw_clock(sc, ui_cut_end(&top, ui_dp(ui, 300)), lang);
    ui_image(ui, ui_cut_start(&top, ui_dp(ui, 64)), "language", THEME_ON_PRIMARY, false);

    int chip_rows_h = ui_dp(ui, 56) * (r.w / ui_dp(ui, 126) >= 6 ? 2 : 4) + ui_dp(ui, 24);
    struct ui_rect chips = ui_cut_bottom(&r, chip_rows_h);
    ui_cut_top(&chips, ui_dp(ui, 16));
    draw_language_chips(sc, chips, shown, nav);

    /* The welcome, in the language of this moment of the cycle. */
    struct ui_rect icon = ui_cut_top(&r, r.h * 2 / 5);
    ui_image(ui, icon, "touch", THEME_ON_PRIMARY, false);
    struct ui_rect title = ui_cut_top(&r, r.h / 2);
    struct text_style big = { .size = ui_font(ui, THEME_TEXT_HUGE), .bold = true,
                              .color = THEME_ON_PRIMARY, .lang = lang->code, .rtl = lang->rtl,
                              .align = TEXT_ALIGN_CENTER, .max_lines = 1 };
    /* TRANSLATORS: attract screen title, in very big letters on one line; shown in
       turn in every language. */
    ui_text_fit(ui, title, tr_in(sc->i18n, lang->code, "Welcome"), big, UI_VALIGN_BOTTOM);
    big.size = ui_font(ui, THEME_TEXT_TITLE);
    big.bold = false;
    big.max_lines = 2;
    ui_text_fit(ui, r, touch, big, UI_VALIGN_TOP);
}
