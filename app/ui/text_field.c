/* text_field.c — a one-line text field: its label above a bordered box,
 * the text in the direction of its own first strong character (a Latin
 * name in an Arabic screen reads from the left), the end of the text in
 * view when it is longer than the box, and a caret at the logical end. No
 * blinking: the kiosk draws only when something changes. The text is what a
 * resident typed: it is drawn as secret text (text_forget_secrets). And a
 * text box of a few lines for a message, which wraps instead of running
 * off sideways and scrolls up as it fills. */
#include "ui_internal.h"
#include "keyboard.h"
#include "theme.h"

#define FIELD_BOX_DP 56
#define FIELD_MAX_BOX_DP 64
#define FIELD_LABEL_GAP_DP 6
#define FIELD_PAD_DP 12
#define FIELD_CARET_DP 2
#define FIELD_BORDER_DP 1
#define FIELD_FOCUS_BORDER_DP 3
/* Wide enough never to wrap: the field shows one line and clips it. */
#define FIELD_NO_WRAP (1 << 20)
#define FIELD_ID_SALT 0x6669656c64ULL

static struct text_style label_style(const struct ui *ui)
{
    return (struct text_style){ .size = ui_font(ui, THEME_TEXT_BODY), .bold = true, .max_lines = 1 };
}

static int label_height(const struct ui *ui)
{
    struct text_style s = label_style(ui);
    s.lang = ui->lang;
    s.rtl = ui->rtl;
    struct text_metrics m;
    text_measure(ui->text, "Hg", &s, &m);
    return m.height;
}

int ui_text_field_height(const struct ui *ui)
{
    return label_height(ui) + ui_dp(ui, FIELD_LABEL_GAP_DP) + ui_dp(ui, FIELD_BOX_DP);
}

/* Logical x of something w wide that sits px from the physical left edge
 * of r: the field places its text by the text's direction, not the UI's. */
static int from_left(const struct ui *ui, struct ui_rect r, int px, int w)
{
    return ui->rtl ? r.x + r.w - px - w : r.x + px;
}

static void clip_to(struct ui *ui, struct ui_rect physical)
{
    struct ui_rect c = physical;
    if (ui->clip.w) {
        int x0 = WK_MAX(c.x, ui->clip.x), y0 = WK_MAX(c.y, ui->clip.y);
        int x1 = WK_MIN(c.x + c.w, ui->clip.x + ui->clip.w);
        int y1 = WK_MIN(c.y + c.h, ui->clip.y + ui->clip.h);
        c = (struct ui_rect){ x0, y0, WK_MAX(x1 - x0, 1), WK_MAX(y1 - y0, 1) };
    }
    ui->clip = c;
    ui_push(ui, &(struct ui_cmd){ .kind = UI_CMD_CLIP, .rect = c });
}

static void unclip(struct ui *ui, struct ui_rect saved)
{
    ui->clip = saved;
    ui_push(ui, &(struct ui_cmd){ .kind = UI_CMD_CLIP, .rect = saved });
}

bool ui_text_field(struct ui *ui, struct ui_rect r, const char *label, const char *text,
                   const char *placeholder, bool focused)
{
    label = label ? label : "";
    struct ui_rect physical = ui_place(ui, r);
    struct ui_interaction in = ui_interact(ui, ui_id(label) ^ FIELD_ID_SALT ^ (uint64_t)r.y << 32,
                                           physical);
    struct ui_rect box = r;
    int line = label_height(ui), gap = ui_dp(ui, FIELD_LABEL_GAP_DP);
    /* As tall as a line of the UI's script at the session's text size. */
    int box_h = ui_button_height(ui, FIELD_MAX_BOX_DP);
    if (*label && r.h - line - gap >= box_h) {
        ui_text(ui, ui_cut_top(&box, line), label, label_style(ui), UI_VALIGN_BOTTOM);
        ui_cut_top(&box, gap);
    }
    box.h = WK_MIN(box.h, box_h);
    ui_frame_rect(ui, box, in.held ? THEME_PRESSED : THEME_SURFACE,
                  focused ? THEME_PRIMARY : THEME_INK_MUTED,
                  ui_dp(ui, focused ? FIELD_FOCUS_BORDER_DP : FIELD_BORDER_DP), ui_dp(ui, 8));

    int pad = ui_dp(ui, FIELD_PAD_DP), caret_w = WK_MAX(ui_dp(ui, FIELD_CARET_DP), 1);
    struct ui_rect inner = { box.x + pad, box.y, WK_MAX(box.w - 2 * pad, 1), box.h };
    int size = ui_font(ui, THEME_TEXT_LABEL);
    struct ui_rect saved = ui->clip;
    clip_to(ui, ui_place(ui, inner));
    if (!text || !*text) {
        /* The placeholder at the start edge of the screen, the caret before it. */
        struct ui_rect after = inner;
        if (focused)
            ui_cut_start(&after, caret_w + ui_dp(ui, 2));
        if (placeholder && *placeholder)
            ui_text(ui, after, placeholder, (struct text_style){ .size = size,
                    .color = THEME_INK_MUTED, .max_lines = 1 }, UI_VALIGN_CENTER);
        if (focused) {
            struct text_metrics m;
            text_measure(ui->text, "Hg", &(struct text_style){ .size = size, .lang = ui->lang,
                                                               .rtl = ui->rtl }, &m);
            ui_fill(ui, (struct ui_rect){ inner.x, inner.y + (inner.h - m.height) / 2, caret_w,
                                          m.height }, THEME_INK, 0);
        }
    } else {
        bool rtl = text_is_rtl(text, false);
        struct text_style style = { .size = size, .lang = ui->lang, .rtl = rtl,
                                    .max_width = FIELD_NO_WRAP, .max_lines = 1, .secret = true };
        struct text_metrics m;
        text_measure(ui->text, text, &style, &m);
        /* From the physical left of the box. Too long: the end shows, the
         * caret against the edge where the text ends. */
        bool fits = m.width + caret_w <= inner.w;
        int px = rtl ? (fits ? inner.w - m.width : caret_w)
                     : (fits ? 0 : inner.w - caret_w - m.width);
        int caret_px = rtl ? px - caret_w : px + m.width;
        ui_text(ui, (struct ui_rect){ from_left(ui, inner, px, m.width), inner.y, m.width, inner.h },
                text, style, UI_VALIGN_CENTER);
        if (focused)
            ui_fill(ui, (struct ui_rect){ from_left(ui, inner, caret_px, caret_w),
                                          inner.y + (inner.h - m.height) / 2, caret_w, m.height },
                    THEME_INK, 0);
    }
    unclip(ui, saved);
    ui_push_widget(ui, UI_WIDGET_FIELD, label, physical, true);
    return in.clicked;
}

/* The message box's caret: a bar after the last character, laid out with
 * the text so that it lands where the bidi algorithm ends the paragraph
 * (on the left of an Arabic line, the right of a Latin one) and wraps
 * with it. */
#define BOX_CARET "\u2009|"

static struct text_style box_style(const struct ui *ui, const char *text, int width)
{
    return (struct text_style){ .size = ui_font(ui, THEME_TEXT_BODY), .lang = ui->lang,
                                .rtl = text && *text ? text_is_rtl(text, false) : ui->rtl,
                                .max_width = WK_MAX(width, 1), .secret = true };
}

/* Above and below the lines: the focus border and a little air. */
static int box_vpad(const struct ui *ui)
{
    return ui_dp(ui, FIELD_FOCUS_BORDER_DP) + ui_dp(ui, 2);
}

/* The inner width of a box r.w wide. */
static int box_inner_width(const struct ui *ui, int width)
{
    return width - 2 * ui_dp(ui, FIELD_PAD_DP);
}

int ui_text_box_height(struct ui *ui, int width, const char *text, int min_lines, int max_lines)
{
    const char *shown = ui_intern_join(ui, text ? text : "", BOX_CARET);
    struct text_style style = box_style(ui, text, box_inner_width(ui, width));
    struct text_metrics m;
    text_measure(ui->text, shown, &style, &m);
    /* Lines as tall as the typed script's: Naskh and Ethiopic are taller. */
    int line = m.lines > 0 ? m.height / m.lines : m.height;
    int lines = WK_CLAMP(m.lines, min_lines, max_lines);
    return lines * line + 2 * box_vpad(ui);
}

bool ui_text_box(struct ui *ui, struct ui_rect r, const char *label, const char *text, bool focused)
{
    label = label ? label : "";
    text = text ? text : "";
    struct ui_rect physical = ui_place(ui, r);
    struct ui_interaction in = ui_interact(ui, ui_id(label) ^ FIELD_ID_SALT ^ (uint64_t)r.y << 32,
                                           physical);
    ui_frame_rect(ui, r, in.held ? THEME_PRESSED : THEME_SURFACE,
                  focused ? THEME_PRIMARY : THEME_INK_MUTED,
                  ui_dp(ui, focused ? FIELD_FOCUS_BORDER_DP : FIELD_BORDER_DP), ui_dp(ui, 8));
    int pad = ui_dp(ui, FIELD_PAD_DP), vpad = box_vpad(ui);
    struct ui_rect inner = { r.x + pad, r.y + vpad, WK_MAX(r.w - 2 * pad, 1),
                             WK_MAX(r.h - 2 * vpad, 1) };
    const char *shown = focused ? ui_intern_join(ui, text, BOX_CARET) : text;
    struct text_style style = box_style(ui, text, inner.w);
    struct ui_rect saved = ui->clip;
    clip_to(ui, ui_place(ui, inner));
    if (*shown) {
        struct text_metrics m;
        text_measure(ui->text, shown, &style, &m);
        /* Lines from the paragraph's own start edge; more than the box
         * holds: the last line sits on the box's bottom, where the typing
         * is, and the lines before it go up and out at the top (a part of
         * one showing says there is more above). */
        int y = inner.y + WK_MIN(0, inner.h - m.height);
        ui_text(ui, (struct ui_rect){ from_left(ui, inner, style.rtl ? inner.w - m.width : 0, m.width),
                                      y, m.width, 0 },
                shown, style, UI_VALIGN_TOP);
    }
    unclip(ui, saved);
    ui_push_widget(ui, UI_WIDGET_FIELD, label, physical, true);
    return in.clicked;
}
