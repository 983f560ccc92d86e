/* list.c — rows of a list (services, activities) and small badges. A row
 * is one touch target the width of the list: a pictogram at the start
 * edge, an optional lead (a time), a title with a line under it, and a
 * badge at the end edge that says in words what a colour also shows. */
#include "ui_internal.h"
#include "theme.h"

bool ui_is_visible(const struct ui *ui, struct ui_rect logical)
{
    struct ui_rect r = ui_place(ui, logical);
    if (ui->clip.w == 0)
        return r.y + r.h > 0 && r.y < ui->height;
    return r.y + r.h > ui->clip.y && r.y < ui->clip.y + ui->clip.h;
}

int ui_badge_width(struct ui *ui, const char *label)
{
    struct text_metrics m;
    text_measure(ui->text, label, &(struct text_style){ .size = ui_dp(ui, THEME_TEXT_SMALL),
                                                        .bold = true, .lang = ui->lang,
                                                        .rtl = ui->rtl }, &m);
    return m.width + 2 * ui_dp(ui, 12);
}

void ui_badge(struct ui *ui, struct ui_rect r, const char *label, uint32_t fill, uint32_t ink)
{
    if (!label)
        return;
    ui_fill(ui, r, fill, r.h / 2);
    ui_text(ui, r, label, (struct text_style){ .size = ui_dp(ui, THEME_TEXT_SMALL), .bold = true,
                                               .color = ink, .align = TEXT_ALIGN_CENTER,
                                               .max_lines = 1 },
            UI_VALIGN_CENTER);
}

bool ui_row(struct ui *ui, struct ui_rect r, const struct ui_row_desc *d)
{
    if (!ui_is_visible(ui, r))
        return false;                 /* off screen: no commands, no touch */
    struct ui_rect physical = ui_place(ui, r);
    struct ui_rect seen = physical;
    if (ui->clip.w) {
        int y0 = WK_MAX(seen.y, ui->clip.y), y1 = WK_MIN(seen.y + seen.h, ui->clip.y + ui->clip.h);
        seen.y = y0;
        seen.h = WK_MAX(y1 - y0, 0);
    }
    struct ui_interaction in = ui_interact(ui, ui_id(d->title) ^ (uint64_t)r.y << 20 ^ 0x4f3u, seen);
    ui_frame_rect(ui, r, in.held ? THEME_PRESSED : THEME_SURFACE, THEME_BORDER, ui_dp(ui, 1),
                  ui_dp(ui, THEME_RADIUS));
    struct ui_rect inner = ui_inset(r, ui_dp(ui, 12));
    if (d->pictogram) {
        int icon = WK_MIN(inner.h, ui_dp(ui, 48));
        struct ui_rect pic = ui_cut_start(&inner, icon);
        pic.y += (pic.h - icon) / 2;
        pic.h = icon;
        ui_image(ui, pic, d->pictogram, THEME_PRIMARY, false);
        ui_cut_start(&inner, ui_dp(ui, 14));
    }
    if (d->lead) {
        struct text_style lead = { .size = ui_dp(ui, THEME_TEXT_LABEL), .bold = true, .max_lines = 1 };
        struct text_metrics m;
        text_measure(ui->text, d->lead, &(struct text_style){ .size = lead.size, .bold = true,
                                                              .lang = ui->lang, .rtl = ui->rtl }, &m);
        ui_text(ui, ui_cut_start(&inner, m.width), d->lead, lead, UI_VALIGN_CENTER);
        ui_cut_start(&inner, ui_dp(ui, 16));
    }
    if (d->badge) {
        int w = WK_MIN(ui_badge_width(ui, d->badge), inner.w / 3);
        struct ui_rect badge = ui_cut_end(&inner, w);
        int h = ui_dp(ui, 34);
        badge.y += (badge.h - h) / 2;
        badge.h = h;
        ui_badge(ui, badge, d->badge, d->badge_fill ? d->badge_fill : THEME_PRESSED,
                 d->badge_ink ? d->badge_ink : THEME_INK);
        ui_cut_end(&inner, ui_dp(ui, 12));
    }
    struct text_style title = d->title_style;
    title.size = ui_dp(ui, THEME_TEXT_LABEL);
    title.bold = true;
    title.max_lines = d->subtitle ? 1 : 2;
    struct text_style sub = d->subtitle_style;
    sub.size = ui_dp(ui, THEME_TEXT_SMALL);
    sub.color = THEME_INK_MUTED;
    sub.max_lines = d->note ? 1 : 2;
    struct ui_rect top = ui_cut_top(&inner, d->subtitle ? inner.h * 9 / 20 : inner.h);
    ui_text(ui, top, d->title, title, d->subtitle ? UI_VALIGN_BOTTOM : UI_VALIGN_CENTER);
    if (d->subtitle) {
        ui_cut_top(&inner, ui_dp(ui, 4));
        struct text_metrics m = ui_text(ui, inner, d->subtitle, sub, UI_VALIGN_TOP);
        ui_cut_top(&inner, m.height + ui_dp(ui, 2));
    }
    if (d->note)
        ui_text(ui, inner, d->note, (struct text_style){ .size = ui_dp(ui, THEME_TEXT_SMALL),
                                                         .color = THEME_NOTE, .max_lines = 1 },
                UI_VALIGN_TOP);
    if (seen.h > 0)
        ui_push_widget(ui, UI_WIDGET_ROW, d->title, seen, true);
    return in.clicked;
}
