/* widgets.c — what screens are built from: filled shapes, pictograms, QR
 * codes, text blocks, buttons, tiles and the header bar. Every widget a
 * person can touch is recorded with its label so tests and the script
 * runner can find it ("tap the button labelled Français"). */
#include "ui_internal.h"
#include "theme.h"

#include <string.h>

/* The part of a physical rectangle that the current clip lets through. */
static struct ui_rect visible_part(const struct ui *ui, struct ui_rect r)
{
    if (ui->clip.w == 0)
        return r;
    int x0 = WK_MAX(r.x, ui->clip.x), y0 = WK_MAX(r.y, ui->clip.y);
    int x1 = WK_MIN(r.x + r.w, ui->clip.x + ui->clip.w);
    int y1 = WK_MIN(r.y + r.h, ui->clip.y + ui->clip.h);
    return (struct ui_rect){ x0, y0, WK_MAX(x1 - x0, 0), WK_MAX(y1 - y0, 0) };
}

static void record(struct ui *ui, enum ui_widget_kind kind, const char *label,
                   struct ui_rect physical)
{
    struct ui_rect v = visible_part(ui, physical);
    if (v.w > 0 && v.h > 0)
        ui_push_widget(ui, kind, label, v, true);
}

void ui_frame_rect(struct ui *ui, struct ui_rect r, uint32_t fill, uint32_t border,
                   int border_width, int radius)
{
    ui_push(ui, &(struct ui_cmd){
        .kind = UI_CMD_RECT, .rect = ui_place(ui, r), .color = fill, .radius = radius,
        .border_color = border, .border_width = border_width,
    });
}

void ui_fill(struct ui *ui, struct ui_rect r, uint32_t color, int radius)
{
    ui_frame_rect(ui, r, color, 0, 0, radius);
}

void ui_image(struct ui *ui, struct ui_rect r, const char *pictogram, uint32_t ink,
              bool mirror_in_rtl)
{
    if (!pictogram)
        return;
    ui_push(ui, &(struct ui_cmd){
        .kind = UI_CMD_IMAGE, .rect = ui_place(ui, r), .color = ink,
        .image = ui_intern(ui, pictogram), .mirror = mirror_in_rtl && ui->rtl,
    });
}

/* Only the rectangle is placed (mirrored in RTL); .mirror stays false, since
 * a flipped QR code is a different, unreadable one. */
void ui_qr(struct ui *ui, struct ui_rect r, const char *text)
{
    if (!text || !*text)
        return;
    ui_push(ui, &(struct ui_cmd){
        .kind = UI_CMD_QR, .rect = ui_place(ui, r), .color = THEME_INK,
        .text = ui_intern(ui, text),
    });
}

/* Fills in what the pass knows (direction, language, wrap width) and, when
 * the text would overflow its box, limits it to the lines that fit so it
 * ends in an ellipsis instead of spilling over its neighbours. */
static struct text_style resolve_style(struct ui *ui, struct ui_rect r, const char *utf8,
                                       struct text_style style, struct text_metrics *m)
{
    if (!style.lang) {
        style.lang = ui->lang;
        style.rtl = ui->rtl;
    }
    if (!style.max_width)
        style.max_width = r.w;
    if (!style.size)
        style.size = ui_dp(ui, THEME_TEXT_BODY);
    text_measure(ui->text, utf8, &style, m);
    if (r.h > 0 && m->height > r.h && m->lines > 1) {
        int fit = WK_MAX(1, m->lines * r.h / m->height);
        if (!style.max_lines || fit < style.max_lines) {
            style.max_lines = fit;
            text_measure(ui->text, utf8, &style, m);
        }
    }
    return style;
}

int ui_text_height(struct ui *ui, int width, const char *utf8, struct text_style style)
{
    struct text_metrics m = { 0 };
    if (utf8 && *utf8)
        resolve_style(ui, (struct ui_rect){ 0, 0, width, 0 }, utf8, style, &m);
    return m.height;
}

struct text_metrics ui_text(struct ui *ui, struct ui_rect r, const char *utf8,
                            struct text_style style, enum ui_valign valign)
{
    struct text_metrics m = { 0 };
    if (!utf8 || !*utf8)
        return m;
    style = resolve_style(ui, r, utf8, style, &m);
    struct ui_rect box = { r.x, r.y, m.width, m.height };
    /* START/END are logical, those of the screen: START is r.x here and is
     * mirrored at placement, so an Arabic endonym in an English list lines
     * up with the list. */
    if (style.align == TEXT_ALIGN_CENTER)
        box.x += (r.w - m.width) / 2;
    else if (style.align == TEXT_ALIGN_END)
        box.x += r.w - m.width;
    if (valign == UI_VALIGN_CENTER)
        box.y += (r.h - m.height) / 2;
    else if (valign == UI_VALIGN_BOTTOM)
        box.y += r.h - m.height;
    ui_push(ui, &(struct ui_cmd){
        .kind = UI_CMD_TEXT, .rect = ui_place(ui, box), .text = ui_intern(ui, utf8),
        .style = style,
    });
    return m;
}

struct text_metrics ui_label(struct ui *ui, struct ui_rect r, const char *utf8,
                             struct text_style style, enum ui_valign valign)
{
    struct text_metrics m = ui_text(ui, r, utf8, style, valign);
    if (utf8 && *utf8)
        record(ui, UI_WIDGET_LABEL, utf8, ui_place(ui, r));
    return m;
}

bool ui_button(struct ui *ui, struct ui_rect r, const struct ui_button_desc *d)
{
    struct ui_rect physical = ui_place(ui, r);
    struct ui_interaction in = ui_interact(ui, ui_id(d->label) ^ (uint64_t)r.x << 32 ^ (uint64_t)r.y,
                                           visible_part(ui, physical));
    uint32_t fill = THEME_PRIMARY, ink = THEME_ON_PRIMARY, border = 0;
    if (d->kind == UI_BUTTON_SECONDARY) {
        fill = in.held ? THEME_PRESSED : THEME_SURFACE;
        ink = THEME_PRIMARY;
        border = THEME_PRIMARY;
    } else if (d->kind == UI_BUTTON_QUIET) {
        fill = in.held ? THEME_PRIMARY_DOWN : 0;
        ink = THEME_ON_PRIMARY;
    } else if (in.held) {
        fill = THEME_PRIMARY_DOWN;
    }
    if (fill || border)
        ui_frame_rect(ui, r, fill, border, border ? ui_dp(ui, 2) : 0, ui_dp(ui, THEME_RADIUS));

    int pad = ui_dp(ui, 12);
    int size = ui_dp(ui, d->text_size_dp ? d->text_size_dp : THEME_TEXT_LABEL);
    int icon = d->pictogram ? size * 3 / 2 : 0;
    int icon_gap = d->pictogram ? ui_dp(ui, 8) : 0;
    struct ui_rect inner = ui_inset(r, pad);
    struct text_style style = { .size = size, .bold = true, .color = ink, .max_lines = 2,
                                .align = TEXT_ALIGN_CENTER,
                                .max_width = WK_MAX(inner.w - icon - icon_gap, 1) };
    struct text_metrics m;
    style = resolve_style(ui, inner, d->label, style, &m);
    int group = icon + icon_gap + m.width;
    struct ui_rect slot = inner;
    ui_cut_start(&slot, WK_MAX((inner.w - group) / 2, 0));
    if (d->pictogram) {
        struct ui_rect pic = ui_cut_start(&slot, icon);
        ui_image(ui, pic, d->pictogram, ink, d->mirror_pictogram);
        ui_cut_start(&slot, icon_gap);
    }
    slot.w = m.width;
    ui_text(ui, slot, d->label, style, UI_VALIGN_CENTER);
    record(ui, UI_WIDGET_BUTTON, d->label, physical);
    return in.clicked;
}

bool ui_touch_area(struct ui *ui, struct ui_rect r, const char *label)
{
    struct ui_rect physical = ui_place(ui, r);
    struct ui_interaction in = ui_interact(ui, ui_id(label) ^ 0x7a11u, visible_part(ui, physical));
    record(ui, UI_WIDGET_BUTTON, label, physical);
    return in.clicked;
}

bool ui_tile(struct ui *ui, struct ui_rect r, const struct ui_tile_desc *d)
{
    struct ui_rect physical = ui_place(ui, r);
    struct ui_interaction in = ui_interact(ui, ui_id(d->title) ^ (uint64_t)r.x << 32 ^ (uint64_t)r.y,
                                           visible_part(ui, physical));
    ui_frame_rect(ui, r, in.held ? THEME_PRESSED : THEME_SURFACE, THEME_BORDER,
                  ui_dp(ui, 2), ui_dp(ui, THEME_RADIUS));
    uint32_t accent = d->accent ? d->accent : THEME_PRIMARY;
    struct ui_rect inner = ui_inset(r, ui_dp(ui, 14));
    struct text_style title = { .size = ui_dp(ui, THEME_TEXT_LABEL), .bold = true,
                                .lang = d->lang, .rtl = d->rtl, .max_lines = 2 };
    struct text_style sub = { .size = ui_dp(ui, THEME_TEXT_SMALL), .color = THEME_INK_MUTED,
                              .lang = d->lang, .rtl = d->rtl, .max_lines = 2 };
    bool wide = r.w > r.h * 2;
    if (wide) {
        /* Pictogram at the start edge, texts beside it. */
        int icon = d->pictogram ? WK_MIN(inner.h, ui_dp(ui, 56)) : 0;
        if (icon) {
            ui_image(ui, ui_cut_start(&inner, icon), d->pictogram, accent, false);
            ui_cut_start(&inner, ui_dp(ui, 14));
        }
        struct ui_rect top = ui_cut_top(&inner, d->subtitle ? inner.h * 11 / 20 : inner.h);
        ui_text(ui, top, d->title, title, d->subtitle ? UI_VALIGN_BOTTOM : UI_VALIGN_CENTER);
        if (d->subtitle)
            ui_text(ui, inner, d->subtitle, sub, UI_VALIGN_TOP);
    } else {
        /* Pictogram on top, texts centred under it. The texts get the
         * room they need (two lines of subtitle at most); the pictogram
         * takes what is left, within limits, and the group is centred. */
        title.align = sub.align = TEXT_ALIGN_CENTER;
        struct text_metrics tm, sm = { 0 };
        title = resolve_style(ui, (struct ui_rect){ 0, 0, inner.w, 0 }, d->title, title, &tm);
        if (d->subtitle)
            sub = resolve_style(ui, (struct ui_rect){ 0, 0, inner.w, 0 }, d->subtitle, sub, &sm);
        int gap = ui_dp(ui, 6);
        int icon = 0;
        if (d->pictogram) {
            /* From line heights, not this tile's text, so that every tile
             * of a screen has the same pictogram size. */
            struct text_metrics one, two;
            text_measure(ui->text, "Hg", &title, &one);
            text_measure(ui->text, "Hg\nHg", &sub, &two);
            icon = WK_CLAMP(inner.h - one.height - (d->subtitle ? two.height + gap : 0) - gap,
                            ui_dp(ui, 32), WK_MIN(inner.h * 2 / 5, inner.w / 2));
        }
        int group = icon + (icon ? gap : 0) + tm.height + (d->subtitle ? gap + sm.height : 0);
        ui_cut_top(&inner, WK_MAX((inner.h - group) / 2, 0));
        if (icon) {
            ui_image(ui, ui_cut_top(&inner, icon), d->pictogram, accent, false);
            ui_cut_top(&inner, gap);
        }
        ui_text(ui, ui_cut_top(&inner, tm.height), d->title, title, UI_VALIGN_TOP);
        if (d->subtitle) {
            ui_cut_top(&inner, gap);
            ui_text(ui, inner, d->subtitle, sub, UI_VALIGN_TOP);
        }
    }
    record(ui, UI_WIDGET_TILE, d->title, physical);
    return in.clicked;
}

/* As wide as its pictogram and label need, at least a comfortable touch
 * target and at most a third of the bar, so long translations still fit. */
static int header_button_width(struct ui *ui, struct ui_rect bar, const struct ui_button_desc *b)
{
    int size = ui_dp(ui, b->text_size_dp);
    struct text_metrics m;
    text_measure(ui->text, b->label, &(struct text_style){ .size = size, .bold = true,
                                                           .lang = ui->lang, .rtl = ui->rtl }, &m);
    int need = m.width + size * 3 / 2 + ui_dp(ui, 8) + 2 * ui_dp(ui, 12) + ui_dp(ui, 4);
    return WK_CLAMP(need, ui_dp(ui, 120), bar.w / 3);
}

enum ui_header_action ui_header(struct ui *ui, struct ui_rect r, const struct ui_header_desc *d)
{
    enum ui_header_action action = UI_HEADER_NONE;
    ui_fill(ui, r, THEME_PRIMARY, 0);
    struct ui_rect bar = ui_inset(r, ui_dp(ui, 8));
    struct ui_button_desc b = { .kind = UI_BUTTON_QUIET, .text_size_dp = THEME_TEXT_BODY };
    if (d->back_label) {
        b.label = d->back_label;
        b.pictogram = "back";
        b.mirror_pictogram = true;
        if (ui_button(ui, ui_cut_start(&bar, header_button_width(ui, bar, &b)), &b))
            action = UI_HEADER_BACK;
    }
    b.mirror_pictogram = false;
    if (d->done_label) {
        b.label = d->done_label;
        b.pictogram = "done";
        if (ui_button(ui, ui_cut_end(&bar, header_button_width(ui, bar, &b)), &b))
            action = UI_HEADER_DONE;
    }
    if (d->language_label) {
        b.label = d->language_label;
        b.pictogram = "language";
        if (ui_button(ui, ui_cut_end(&bar, header_button_width(ui, bar, &b)), &b))
            action = UI_HEADER_LANGUAGE;
    }
    if (d->title) {
        /* Centre the title on the screen, not on what the buttons left,
         * unless it only fits in all the room the buttons left. */
        struct text_style style = { .size = ui_dp(ui, THEME_TEXT_TITLE), .bold = true,
                                    .color = THEME_ON_PRIMARY, .max_lines = 1,
                                    .align = TEXT_ALIGN_CENTER };
        int side = WK_MAX(bar.x - r.x, r.x + r.w - (bar.x + bar.w));
        struct ui_rect title = { r.x + side, r.y, WK_MAX(r.w - 2 * side, 0), r.h };
        struct text_metrics m;
        text_measure(ui->text, d->title, &(struct text_style){ .size = style.size, .bold = true,
                                                               .lang = ui->lang, .rtl = ui->rtl },
                     &m);
        if (m.width > title.w)
            title = (struct ui_rect){ bar.x, r.y, bar.w, r.h };
        ui_label(ui, title, d->title, style, UI_VALIGN_CENTER);
    }
    return action;
}
