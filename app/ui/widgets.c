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
    return ui->clip.w == 0 ? r : ui_rect_and(r, ui->clip);
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
        style.size = ui_font(ui, THEME_TEXT_BODY);
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

/* Pushes a text block at box (logical) with what the layout check needs
 * to know about it: cut, spilling out of r, glyphs no font has. */
static void push_text(struct ui *ui, struct ui_rect r, struct ui_rect box, const char *utf8,
                      struct text_style style, const struct text_metrics *m)
{
    ui_push(ui, &(struct ui_cmd){
        .kind = UI_CMD_TEXT, .rect = ui_place(ui, box), .text = ui_intern(ui, utf8),
        .style = style, .truncated = m->truncated, .cut_ok = style.secret,
        .overflows = (r.h > 0 && m->height > r.h) || m->width > r.w,
        .missing = m->missing, .first_missing = m->first_missing,
    });
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
    push_text(ui, r, box, utf8, style, &m);
    return m;
}

/* The largest size from style.size down to UI_FIT_MIN_PCT of it at which
 * utf8 fits r whole (wrapped to style.max_lines): labels of buttons and
 * headers shrink a little before they would ever end in an ellipsis. */
#define UI_FIT_MIN_PCT 70
#define UI_FIT_STEP_PCT 6
static struct text_style fit_style(struct ui *ui, struct ui_rect r, const char *utf8,
                                   struct text_style style, struct text_metrics *m)
{
    int full = style.size;
    struct text_style tried = style;
    for (int pct = 100; pct >= UI_FIT_MIN_PCT; pct -= UI_FIT_STEP_PCT) {
        tried = style;
        tried.size = WK_MAX(full * pct / 100, 1);
        tried = resolve_style(ui, r, utf8, tried, m);
        if (!m->truncated && m->height <= r.h && m->width <= r.w)
            break;
    }
    return tried;
}

struct text_metrics ui_text_fit(struct ui *ui, struct ui_rect r, const char *utf8,
                                struct text_style style, enum ui_valign valign)
{
    struct text_metrics m = { 0 };
    if (!utf8 || !*utf8)
        return m;
    return ui_text(ui, r, utf8, fit_style(ui, r, utf8, style, &m), valign);
}

struct text_metrics ui_label(struct ui *ui, struct ui_rect r, const char *utf8,
                             struct text_style style, enum ui_valign valign)
{
    struct text_metrics m = ui_text_fit(ui, r, utf8, style, valign);
    if (utf8 && *utf8)
        record(ui, UI_WIDGET_LABEL, utf8, ui_place(ui, r));
    return m;
}

int ui_button_fit_height(struct ui *ui, int width, const struct ui_button_desc *d)
{
    int size = ui_font(ui, d->text_size_dp ? d->text_size_dp : THEME_TEXT_LABEL);
    int icon = d->pictogram && !d->icon_only ? size * 3 / 2 + ui_dp(ui, 8) : 0;
    struct text_style style = { .size = size, .bold = true, .max_lines = 2,
                                .align = TEXT_ALIGN_CENTER };
    return ui_text_height(ui, WK_MAX(width - 2 * ui_dp(ui, 12) - icon, 1), d->label, style) +
           2 * ui_dp(ui, 4);
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
    int size = ui_font(ui, d->text_size_dp ? d->text_size_dp : THEME_TEXT_LABEL);
    if (d->icon_only) {
        int icon = WK_MIN(WK_MIN(r.w, r.h) - 2 * ui_dp(ui, 8), ui_dp(ui, 40));
        struct ui_rect pic = { r.x + (r.w - icon) / 2, r.y + (r.h - icon) / 2, icon, icon };
        ui_image(ui, pic, d->pictogram, ink, d->mirror_pictogram);
        record(ui, UI_WIDGET_BUTTON, d->label, physical);
        return in.clicked;
    }
    int icon = d->pictogram ? WK_MIN(size * 3 / 2, r.h - ui_dp(ui, 8)) : 0;
    int icon_gap = d->pictogram ? ui_dp(ui, 8) : 0;
    struct ui_rect inner = { r.x + pad, r.y + ui_dp(ui, 4), WK_MAX(r.w - 2 * pad, 1),
                             WK_MAX(r.h - 2 * ui_dp(ui, 4), 1) };
    struct text_style style = { .size = size, .bold = true, .color = ink, .max_lines = 2,
                                .align = TEXT_ALIGN_CENTER };
    struct text_metrics m;
    struct ui_rect text_box = inner;
    text_box.w = WK_MAX(inner.w - icon - icon_gap, 1);
    style = fit_style(ui, text_box, d->label, style, &m);
    int group = icon + icon_gap + m.width;
    struct ui_rect slot = inner;
    ui_cut_start(&slot, WK_MAX((inner.w - group) / 2, 0));
    if (d->pictogram) {
        struct ui_rect pic = ui_cut_start(&slot, icon);
        ui_image(ui, pic, d->pictogram, ink, d->mirror_pictogram);
        ui_cut_start(&slot, icon_gap);
    }
    slot.w = WK_MIN(WK_MAX(m.width, 1), text_box.w);
    ui_text(ui, slot, d->label, style, UI_VALIGN_CENTER);
    record(ui, UI_WIDGET_BUTTON, d->label, physical);
    return in.clicked;
}

int ui_button_height(struct ui *ui, int min_dp)
{
    /* A sample in the UI's script: Naskh and Ethiopic lines are taller. */
    const char *sample = ui->rtl ? "\u0645\u062b\u0627\u0644" : strncmp(ui->lang, "ti", 2) == 0
                         ? "\u1218\u1260\u1308" : "Hg";
    struct text_metrics m;
    text_measure(ui->text, sample, &(struct text_style){ .size = ui_font(ui, THEME_TEXT_LABEL),
                                                         .bold = true, .lang = ui->lang,
                                                         .rtl = ui->rtl }, &m);
    return WK_MAX(ui_dp(ui, min_dp), m.height + ui_dp(ui, 16));
}

bool ui_touch_area(struct ui *ui, struct ui_rect r, const char *label)
{
    struct ui_rect physical = ui_place(ui, r);
    struct ui_interaction in = ui_interact(ui, ui_id(label) ^ 0x7a11u, visible_part(ui, physical));
    record(ui, UI_WIDGET_AREA, label, physical);
    return in.clicked;
}

#define TILE_PAD_DP 14
#define TILE_GAP_DP 6
#define TILE_MIN_PAD_DP 6        /* above and below, when the pictogram needs it */

static struct text_style tile_title_style(struct ui *ui, const struct ui_tile_desc *d)
{
    return (struct text_style){ .size = ui_font(ui, THEME_TEXT_LABEL), .bold = true,
                                .lang = d->lang, .rtl = d->rtl, .align = TEXT_ALIGN_CENTER };
}

static struct text_style tile_sub_style(struct ui *ui, const struct ui_tile_desc *d)
{
    return (struct text_style){ .size = ui_font(ui, THEME_TEXT_SMALL), .color = THEME_INK_MUTED,
                                .lang = d->lang, .rtl = d->rtl, .align = TEXT_ALIGN_CENTER };
}

/* The height of a tile's title and subtitle, wrapped to width, whole. */
static int tile_texts_height(struct ui *ui, int width, const struct ui_tile_desc *d)
{
    int h = ui_text_height(ui, width, d->title, tile_title_style(ui, d));
    if (d->subtitle)
        h += ui_dp(ui, TILE_GAP_DP) + ui_text_height(ui, width, d->subtitle, tile_sub_style(ui, d));
    return h;
}

int ui_tile_texts_height(struct ui *ui, int width, const struct ui_tile_desc *d)
{
    return tile_texts_height(ui, width - 2 * ui_dp(ui, TILE_PAD_DP), d);
}

int ui_tile_height(struct ui *ui, int width, const struct ui_tile_desc *d)
{
    int pad = ui_dp(ui, TILE_PAD_DP);
    int fixed = 2 * pad + ui_dp(ui, TILE_GAP_DP) + tile_texts_height(ui, width - 2 * pad, d);
    /* The pictogram takes a third of the tile: the texts two thirds. */
    return d->pictogram ? fixed * 3 / 2 + 1 : fixed;
}

int ui_tile_least_height(struct ui *ui, int texts_h)
{
    int fixed = 2 * ui_dp(ui, TILE_MIN_PAD_DP) + ui_dp(ui, TILE_GAP_DP) + texts_h;
    return fixed * 3 / 2 + 3;           /* rounding in ui_tile: a pixel or two */
}

bool ui_tile(struct ui *ui, struct ui_rect r, const struct ui_tile_desc *d)
{
    struct ui_rect physical = ui_place(ui, r);
    struct ui_interaction in = ui_interact(ui, ui_id(d->title) ^ (uint64_t)r.x << 32 ^ (uint64_t)r.y,
                                           visible_part(ui, physical));
    ui_frame_rect(ui, r, in.held ? THEME_PRESSED : THEME_SURFACE, THEME_BORDER,
                  ui_dp(ui, 2), ui_dp(ui, THEME_RADIUS));
    uint32_t accent = d->accent ? d->accent : THEME_PRIMARY;
    struct ui_rect inner = ui_inset(r, ui_dp(ui, TILE_PAD_DP));
    struct text_style title = tile_title_style(ui, d), sub = tile_sub_style(ui, d);
    int gap = ui_dp(ui, TILE_GAP_DP);
    bool wide = r.w > r.h * 3;
    if (wide) {
        /* Pictogram at the start edge, texts beside it. */
        title.align = sub.align = TEXT_ALIGN_START;
        int icon = d->pictogram ? WK_MIN(inner.h, ui_dp(ui, 96)) : 0;
        if (icon) {
            struct ui_rect pic = ui_cut_start(&inner, icon);
            ui_image(ui, pic, d->pictogram, accent, false);
            ui_cut_start(&inner, ui_dp(ui, 14));
        }
        int th = ui_text_height(ui, inner.w, d->title, title);
        int sh = d->subtitle ? ui_text_height(ui, inner.w, d->subtitle, sub) + gap : 0;
        ui_cut_top(&inner, WK_MAX((inner.h - th - sh) / 2, 0));
        ui_text_fit(ui, ui_cut_top(&inner, WK_MIN(th, inner.h)), d->title, title, UI_VALIGN_TOP);
        if (d->subtitle) {
            ui_cut_top(&inner, gap);
            ui_text_fit(ui, inner, d->subtitle, sub, UI_VALIGN_TOP);
        }
    } else {
        /* Pictogram on top, texts centred under it, whole: the grid gives
         * the tile at least the height its texts need with a pictogram of
         * a third of the tile (ui_tile_height). What is left over goes to
         * the pictogram too, up to half the tile: it is what a resident
         * who reads little recognises at arm's length. */
        int own = tile_texts_height(ui, inner.w, d), texts = WK_MAX(own, d->texts_h);
        int third = WK_MIN((r.h + 2) / 3, inner.w / 2);     /* rounded up */
        /* Short of room for a third: the pads above and below give first. */
        if (d->pictogram && inner.h < third + gap + texts) {
            int pad = WK_MAX(ui_dp(ui, TILE_MIN_PAD_DP), (r.h - third - gap - texts) / 2);
            inner.y = r.y + pad;
            inner.h = WK_MAX(r.h - 2 * pad, 0);
        }
        int icon = d->pictogram ? WK_MIN(WK_MIN(r.h / 2, inner.w / 2), inner.h - gap - texts) : 0;
        /* A tile given less than ui_tile_height (a grid that must fit the
         * screen): the pictogram gives way to the texts, which stay whole,
         * down to UI_TILE_MIN_ICON_DP. */
        if (d->pictogram)
            icon = WK_MAX(icon, WK_MIN(third, ui_dp(ui, UI_TILE_MIN_ICON_DP)));
        int group = icon + (icon ? gap : 0) + texts;
        ui_cut_top(&inner, WK_MAX((inner.h - group) / 2, 0));
        if (icon) {
            ui_image(ui, ui_cut_top(&inner, icon), d->pictogram, accent, false);
            ui_cut_top(&inner, gap);
        }
        ui_cut_top(&inner, (texts - own) / 2);   /* shorter texts: centred in the grid's */
        struct text_metrics tm = ui_text(ui, inner, d->title, title, UI_VALIGN_TOP);
        if (d->subtitle) {
            ui_cut_top(&inner, tm.height + gap);
            ui_text(ui, inner, d->subtitle, sub, UI_VALIGN_TOP);
        }
    }
    size_t before = ui->widget_count;
    record(ui, UI_WIDGET_TILE, d->title, physical);
    if (d->lang && ui->widget_count > before)   /* read aloud in its own language */
        ui->widgets[before].lang = ui_intern(ui, d->lang);
    return in.clicked;
}

/* As wide as its pictogram and label need; with icon_only, a square
 * touch target. */
static int header_button_width(struct ui *ui, const struct ui_button_desc *b)
{
    if (b->icon_only)
        return ui_dp(ui, UI_MIN_TOUCH_DP + 12);
    int size = ui_font(ui, b->text_size_dp);
    struct text_metrics m;
    text_measure(ui->text, b->label, &(struct text_style){ .size = size, .bold = true,
                                                           .lang = ui->lang, .rtl = ui->rtl }, &m);
    return WK_MAX(m.width + size * 3 / 2 + ui_dp(ui, 8) + 2 * ui_dp(ui, 12) + ui_dp(ui, 4),
                  ui_dp(ui, UI_MIN_TOUCH_DP + 12));
}

#define HEADER_MAX_BUTTONS 5
struct header_button {
    const char *label, *pictogram;
    bool end, mirror;                /* at the end edge; arrow mirrored in RTL */
    enum ui_header_action action;
    bool icon_only;                  /* always its pictogram alone */
};

enum ui_header_action ui_header(struct ui *ui, struct ui_rect *rr, const struct ui_header_desc *d)
{
    enum ui_header_action action = UI_HEADER_NONE;
    struct ui_rect r = ui_cut_top(rr, ui_dp(ui, THEME_HEADER_DP));
    ui_fill(ui, r, THEME_PRIMARY, 0);
    struct ui_rect bar = ui_inset(r, ui_dp(ui, 8));
    struct header_button buttons[HEADER_MAX_BUTTONS];
    int n = 0;
    if (d->back_label)
        buttons[n++] = (struct header_button){ d->back_label, "back", false, true, UI_HEADER_BACK, false };
    if (d->home_label)
        buttons[n++] = (struct header_button){ d->home_label, "home", false, false, UI_HEADER_HOME, false };
    if (d->done_label)
        buttons[n++] = (struct header_button){ d->done_label, "done", true, false, UI_HEADER_DONE, false };
    if (d->language_label)
        buttons[n++] = (struct header_button){ d->language_label, "language", true, false,
                                             UI_HEADER_LANGUAGE, false };
    if (d->speak_label)
        buttons[n++] = (struct header_button){ d->speak_label,
                                             d->speak_no_voice ? "speaker-off" : "speaker",
                                             true, false, UI_HEADER_SPEAK, true };
    ui->title = d->title ? ui_intern(ui, d->title) : NULL;

    /* Labels when all of them and the title fit on one line, or at least
     * the labels and a third of the bar for the title in two; else
     * pictograms alone (and in portrait always). */
    struct text_style title = { .size = ui_font(ui, THEME_TEXT_TITLE), .bold = true,
                                .color = THEME_ON_PRIMARY, .align = TEXT_ALIGN_CENTER };
    struct text_metrics tm = { 0 };
    if (d->title)
        text_measure(ui->text, d->title, &(struct text_style){ .size = title.size, .bold = true,
                                                               .lang = ui->lang, .rtl = ui->rtl },
                     &tm);
    struct ui_button_desc b = { .kind = UI_BUTTON_QUIET, .text_size_dp = THEME_TEXT_BODY };
    int labels = 0;
    for (int i = 0; i < n; i++) {
        b.label = buttons[i].label;
        b.icon_only = buttons[i].icon_only;
        labels += header_button_width(ui, &b);
    }
    bool icon_only = ui_portrait(ui) || labels + WK_MIN(tm.width, bar.w / 3) > bar.w;
    ui->in_header = true;
    for (int i = 0; i < n; i++) {
        b.label = buttons[i].label;
        b.pictogram = buttons[i].pictogram;
        b.mirror_pictogram = buttons[i].mirror;
        b.icon_only = icon_only || buttons[i].icon_only;
        int w = header_button_width(ui, &b);
        struct ui_rect slot = buttons[i].end ? ui_cut_end(&bar, w) : ui_cut_start(&bar, w);
        if (ui_button(ui, slot, &b))
            action = buttons[i].action;
    }
    ui->in_header = false;
    if (!d->title || !*d->title)
        return action;
    /* Centre the title on the screen, not on what the buttons left,
     * unless it only fits in all the room the buttons left. */
    int side = WK_MAX(bar.x - r.x, r.x + r.w - (bar.x + bar.w));
    struct ui_rect centred = { r.x + side, bar.y, WK_MAX(r.w - 2 * side, 0), bar.h };
    struct ui_rect place = tm.width <= centred.w ? centred : bar;
    title.max_lines = 2;
    struct text_metrics m;
    struct text_style fitted = fit_style(ui, place, d->title, title, &m);
    if (ui_portrait(ui) || m.truncated || m.height > place.h || m.width > place.w) {
        /* Under the bar, on the page: two lines, smaller if need be, and
         * a third rather than an ellipsis. */
        title.color = THEME_INK;
        int width = rr->w - 2 * ui_dp(ui, THEME_MARGIN);
        struct ui_rect wide = { 0, 0, width, title.size * 3 };
        for (title.max_lines = 2; title.max_lines <= 3; title.max_lines++) {
            fitted = fit_style(ui, wide, d->title, title, &m);
            if (!m.truncated)
                break;
        }
        int h = m.height;
        struct ui_rect band = ui_cut_top(rr, h + 2 * ui_dp(ui, 10));
        ui_label(ui, (struct ui_rect){ band.x + ui_dp(ui, THEME_MARGIN), band.y + ui_dp(ui, 10),
                                       width, h },
                 d->title, fitted, UI_VALIGN_CENTER);
        return action;
    }
    ui_label(ui, place, d->title, fitted, UI_VALIGN_CENTER);
    return action;
}
