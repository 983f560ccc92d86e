/* leave.c — "Erase your answers?": Done or Home on a form that has
 * answers in it would wipe what the resident typed and chose, so a dialog
 * asks first. Keeping them goes back to the question as it was; erasing
 * does what the button asked for. An empty form is left without a word. */
#include "screens.h"
#include "../ui/theme.h"

#define LEAVE_CARD_MAX_W_DP 620
#define LEAVE_PAD_DP 24
#define LEAVE_ICON_DP 64

/* The height a button's label needs in a button of this width, beside
 * its pictogram (as ui_button lays it out: padding, a pictogram 1.5 times
 * the type size, a gap). */
static int button_label_height(struct ui *ui, int width, const char *label)
{
    int size = ui_font(ui, THEME_TEXT_LABEL);
    int text_w = width - 2 * ui_dp(ui, 12) - size * 3 / 2 - ui_dp(ui, 8);
    return ui_text_height(ui, WK_MAX(text_w, 1), label, (struct text_style){ .size = size, .bold = true });
}

void screen_leave_form(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    struct ui_rect screen = ui_screen_rect(ui);
    ui_fill(ui, screen, THEME_SHADE, 0);
    /* TRANSLATORS: dialog after Done or Home on a half-filled form; one line. */
    const char *ask = tr(sc->i18n, "Erase your answers?");
    /* TRANSLATORS: under "Erase your answers?". */
    const char *why = tr(sc->i18n, "If you leave the form now, everything you typed and chose is erased.");
    int pad = ui_dp(ui, LEAVE_PAD_DP), gap = ui_dp(ui, THEME_GAP);
    int w = WK_MIN(screen.w - ui_dp(ui, 40), ui_dp(ui, LEAVE_CARD_MAX_W_DP));
    int inner_w = w - 2 * pad;
    struct text_style title = { .size = ui_font(ui, THEME_TEXT_TITLE), .bold = true,
                                .align = TEXT_ALIGN_CENTER, .max_lines = 2 };
    struct text_style body = { .size = ui_font(ui, THEME_TEXT_BODY), .align = TEXT_ALIGN_CENTER };
    /* TRANSLATORS: button of "Erase your answers?": stay on the form, nothing is erased. */
    const char *keep_label = tr(sc->i18n, "Keep my answers");
    /* TRANSLATORS: button of "Erase your answers?": erase them and do what Done or Home said. */
    const char *erase_label = tr(sc->i18n, "Erase and leave");
    int buttons_h = ui_button_height(ui, 64), icon = ui_dp(ui, LEAVE_ICON_DP);
    int room = screen.h - ui_dp(ui, 40) - 2 * pad;
    /* Two buttons side by side, or one above the other when a label
     * needs more than the height of a button there. */
    int half = (inner_w - gap) / 2;
    int need = WK_MAX(button_label_height(ui, half, keep_label), button_label_height(ui, half, erase_label));
    bool stacked = need > buttons_h - ui_dp(ui, 8);
    if (stacked)
        need = WK_MAX(button_label_height(ui, inner_w, keep_label),
                      button_label_height(ui, inner_w, erase_label));
    buttons_h = WK_MAX(buttons_h, need + ui_dp(ui, 8));
    int why_h = ui_text_height(ui, inner_w, why, body) + gap;
    int texts = ui_text_height(ui, inner_w, ask, title) + why_h + gap +
                buttons_h * (stacked ? 2 : 1) + (stacked ? gap : 0);
    /* Large text on a small screen: the pictogram goes first, then the
     * sentence that the title and the buttons also say. */
    if (texts + icon + gap > room)
        icon = 0;
    if (texts > room) {
        texts -= why_h;
        why = NULL;
    }
    int h = WK_MIN(texts + (icon ? icon + gap : 0), room) + 2 * pad;
    struct ui_rect card = { (screen.w - w) / 2, (screen.h - h) / 2, w, h };
    ui_fill(ui, card, THEME_SURFACE, ui_dp(ui, THEME_RADIUS));
    struct ui_rect r = ui_inset(card, pad);
    if (icon) {
        ui_image(ui, ui_cut_top(&r, icon), "warning", THEME_ACCENT, false);
        ui_cut_top(&r, gap);
    }
    ui_label(ui, ui_cut_top(&r, ui_text_height(ui, inner_w, ask, title)), ask, title, UI_VALIGN_TOP);
    ui_cut_top(&r, gap);
    if (why) {
        ui_text(ui, ui_cut_top(&r, why_h - gap), why, body, UI_VALIGN_TOP);
        ui_cut_top(&r, gap);
    }
    struct ui_rect keep, erase;
    if (stacked) {
        keep = ui_cut_top(&r, buttons_h);
        ui_cut_top(&r, gap);
        erase = ui_cut_top(&r, buttons_h);
    } else {
        struct ui_rect row = ui_cut_top(&r, buttons_h);
        keep = ui_grid_cell(row, 2, 1, gap, 0, 0);
        erase = ui_grid_cell(row, 2, 1, gap, 1, 0);
    }
    if (ui_button(ui, keep, &(struct ui_button_desc){ .label = keep_label,
                                                     .pictogram = "back", .mirror_pictogram = true })) {
        sc->form->leaving = FORM_LEAVE_NONE;
        nav->kind = NAV_REFRESH;
    }
    if (ui_button(ui, erase, &(struct ui_button_desc){ .label = erase_label,
                                                      .pictogram = "close",
                                                      .kind = UI_BUTTON_SECONDARY }))
        nav->kind = sc->form->leaving == FORM_LEAVE_HOME ? NAV_HOME : NAV_END_SESSION;
}
