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
    text_measure(ui->text, label, &(struct text_style){ .size = ui_font(ui, THEME_TEXT_SMALL),
                                                        .bold = true, .lang = ui->lang,
                                                        .rtl = ui->rtl }, &m);
    return m.width + 2 * ui_dp(ui, 12);
}

int ui_badge_height(struct ui *ui, const char *label, int width)
{
    struct text_metrics m;
    text_measure(ui->text, label, &(struct text_style){
        .size = ui_font(ui, THEME_TEXT_SMALL), .bold = true, .lang = ui->lang, .rtl = ui->rtl,
        .max_width = WK_MAX(width - ui_dp(ui, 8), 1) }, &m);
    return WK_MAX(ui_font(ui, THEME_TEXT_SMALL) * 2, m.height + ui_dp(ui, 10));
}

void ui_badge(struct ui *ui, struct ui_rect r, const char *label, uint32_t fill, uint32_t ink)
{
    if (!label)
        return;
    ui_fill(ui, r, fill, WK_MIN(r.h / 2, ui_dp(ui, 20)));
    ui_text_fit(ui, ui_inset(r, ui_dp(ui, 4)), label,
                (struct text_style){ .size = ui_font(ui, THEME_TEXT_SMALL), .bold = true,
                                     .color = ink, .align = TEXT_ALIGN_CENTER, .max_lines = 2 },
                UI_VALIGN_CENTER);
}

#define ROW_PAD_DP 12
#define ROW_ICON_DP 48

/* A row's texts and the room they get between pictogram, lead and badge.
 * When that leaves the title less than ROW_MIN_TEXT_PCT of the row (a
 * portrait screen, large text), the row stacks: the time above the title
 * and the badge under the texts. */
#define ROW_MIN_TEXT_PCT 45
struct row_texts {
    struct text_style title, sub, note, lead;
    int width, lead_w, lead_h, badge_w, badge_h;
    bool stacked;
};

static struct row_texts row_texts(struct ui *ui, int row_w, const struct ui_row_desc *d)
{
    struct row_texts t = { .title = d->title_style, .sub = d->subtitle_style };
    t.title.size = ui_font(ui, THEME_TEXT_LABEL);
    t.title.bold = true;
    t.title.max_lines = 3;
    t.sub.size = ui_font(ui, THEME_TEXT_SMALL);
    t.sub.color = THEME_INK_MUTED;
    t.sub.max_lines = 2;
    t.note = (struct text_style){ .size = ui_font(ui, THEME_TEXT_SMALL), .color = THEME_NOTE,
                                  .max_lines = 2 };
    t.lead = (struct text_style){ .size = t.title.size, .bold = true, .max_lines = 1 };
    int w = row_w - 2 * ui_dp(ui, ROW_PAD_DP);
    if (d->pictogram)
        w -= ui_dp(ui, ROW_ICON_DP) + ui_dp(ui, 14);
    int column = w;
    struct text_metrics m;
    if (d->lead) {
        text_measure(ui->text, d->lead, &(struct text_style){ .size = t.title.size, .bold = true,
                                                              .lang = ui->lang, .rtl = ui->rtl }, &m);
        t.lead_w = m.width;
        t.lead_h = m.height;
        w -= m.width + ui_dp(ui, 16);
    }
    if (d->badge) {
        t.badge_w = WK_MIN(ui_badge_width(ui, d->badge), w / 3);
        w -= t.badge_w + ui_dp(ui, 12);
    }
    if (w * 100 < column * ROW_MIN_TEXT_PCT) {
        t.stacked = true;
        w = column;
        t.badge_w = d->badge ? WK_MIN(ui_badge_width(ui, d->badge), w) : 0;
    }
    if (d->badge)
        t.badge_h = ui_badge_height(ui, d->badge, t.badge_w);
    t.width = WK_MAX(w, 1);
    return t;
}

static int row_texts_height(struct ui *ui, const struct row_texts *t, const struct ui_row_desc *d)
{
    int h = ui_text_height(ui, t->width, d->title, t->title);
    if (d->subtitle)
        h += ui_dp(ui, 4) + ui_text_height(ui, t->width, d->subtitle, t->sub);
    if (d->note)
        h += ui_dp(ui, 2) + ui_text_height(ui, t->width, d->note, t->note);
    if (t->stacked && d->lead)
        h += t->lead_h + ui_dp(ui, 4);
    if (t->stacked && d->badge)
        h += t->badge_h + ui_dp(ui, 6);
    return h;
}

int ui_row_height(struct ui *ui, int width, const struct ui_row_desc *d)
{
    struct row_texts t = row_texts(ui, width, d);
    return WK_MAX(row_texts_height(ui, &t, d), t.badge_h) + 2 * ui_dp(ui, ROW_PAD_DP);
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
    struct row_texts t = row_texts(ui, r.w, d);
    struct ui_rect inner = ui_inset(r, ui_dp(ui, ROW_PAD_DP));
    if (d->pictogram) {
        int icon = WK_MIN(inner.h, ui_dp(ui, ROW_ICON_DP));
        struct ui_rect pic = ui_cut_start(&inner, ui_dp(ui, ROW_ICON_DP));
        pic.y += (pic.h - icon) / 2;
        pic.h = icon;
        ui_image(ui, pic, d->pictogram, THEME_PRIMARY, false);
        ui_cut_start(&inner, ui_dp(ui, 14));
    }
    if (d->lead && !t.stacked) {
        ui_text(ui, ui_cut_start(&inner, t.lead_w), d->lead, t.lead, UI_VALIGN_CENTER);
        ui_cut_start(&inner, ui_dp(ui, 16));
    }
    uint32_t badge_fill = d->badge_fill ? d->badge_fill : THEME_PRESSED;
    uint32_t badge_ink = d->badge_ink ? d->badge_ink : THEME_INK;
    if (d->badge && !t.stacked) {
        struct ui_rect badge = ui_cut_end(&inner, t.badge_w);
        int h = WK_MIN(t.badge_h, badge.h);
        badge.y += (badge.h - h) / 2;
        badge.h = h;
        ui_badge(ui, badge, d->badge, badge_fill, badge_ink);
        ui_cut_end(&inner, ui_dp(ui, 12));
    }
    inner.w = t.width;
    ui_cut_top(&inner, WK_MAX((inner.h - row_texts_height(ui, &t, d)) / 2, 0));
    if (d->lead && t.stacked) {
        ui_text(ui, ui_cut_top(&inner, t.lead_h), d->lead, t.lead, UI_VALIGN_TOP);
        ui_cut_top(&inner, ui_dp(ui, 4));
    }
    struct text_metrics m = ui_text_fit(ui, inner, d->title, t.title, UI_VALIGN_TOP);
    ui_cut_top(&inner, m.height);
    if (d->subtitle) {
        /* A preview of what the row opens: it may end in "…". */
        ui_cut_top(&inner, ui_dp(ui, 4));
        m = ui_text(ui, inner, d->subtitle, t.sub, UI_VALIGN_TOP);
        if (ui->cmd_count && m.truncated)
            ui->cmds[ui->cmd_count - 1].cut_ok = true;
        ui_cut_top(&inner, m.height + ui_dp(ui, 2));
    }
    if (d->note) {
        m = ui_text(ui, inner, d->note, t.note, UI_VALIGN_TOP);
        ui_cut_top(&inner, m.height);
    }
    if (d->badge && t.stacked) {
        ui_cut_top(&inner, ui_dp(ui, 6));
        ui_badge(ui, (struct ui_rect){ inner.x, inner.y, t.badge_w, t.badge_h }, d->badge,
                 badge_fill, badge_ink);
    }
    if (seen.h > 0)
        ui_push_widget(ui, UI_WIDGET_ROW, d->title, seen, true);
    return in.clicked;
}
