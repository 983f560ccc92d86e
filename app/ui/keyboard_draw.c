/* keyboard_draw.c — how a key of the on-screen keyboard looks: letters as
 * large as the key allows (Naskh a little larger, so it looks the same
 * size as Latin), words on keys shrunk to fit, the special keys as
 * pictograms or drawn signs, Done and a held shift lit. Keys are drawn
 * where the physical keyboard has them (kb_fixed_rect); the layout
 * chooser's names follow the UI's direction. */
#include "keyboard_internal.h"
#include "theme.h"

#include <math.h>

#define KB_RADIUS_DP 8
/* Words on keys shrink to fit down to this size (dp), then are cut. */
#define KB_MIN_TEXT_DP 11
/* After the proportional guess, at most this many one-pixel steps down. */
#define KB_FIT_STEPS 4
/* The zero-width non-joiner's key: "half-space", the word Dari and
 * Pashto keyboards use for it, written with one (so it shows what it
 * does). */
#define KB_ZWNJ_LABEL "\u0646\u06cc\u0645\u200c\u0641\u0627\u0635\u0644\u0647"
/* Arabic-script letters at this much the Latin size look the same size. */
#define KB_NASKH_SCALE 1.2

static void kb_fill(const struct kb *kb, struct ui_rect r, uint32_t color)
{
    ui_fill(kb->ui, kb_fixed_rect(kb, r), color, 0);
}

/* ⇧, drawn: no shipped font has the arrow. A triangle of one-pixel
 * slices over a stem. */
static void draw_shift(const struct kb *kb, struct ui_rect r, uint32_t ink)
{
    int s = WK_MIN(r.w, r.h) * 9 / 20;
    int head = s / 2, stem_w = WK_MAX(s * 2 / 5, 2), stem_h = s - head;
    int cx = r.x + r.w / 2, top = r.y + (r.h - s) / 2;
    for (int y = 0; y < head; y++) {
        int half = (y + 1) * s / (2 * head);
        kb_fill(kb, (struct ui_rect){ cx - half, top + y, 2 * half, 1 }, ink);
    }
    kb_fill(kb, (struct ui_rect){ cx - stem_w / 2, top + head, stem_w, stem_h }, ink);
}

/* ␣, drawn: a bar with two ticks, the space bar's own sign. */
static void draw_space(const struct kb *kb, struct ui_rect r, uint32_t ink)
{
    int w = WK_MIN(r.w / 3, ui_dp(kb->ui, 60)), h = ui_dp(kb->ui, 10);
    int t = WK_MAX(ui_dp(kb->ui, 2), 1);
    int x = r.x + (r.w - w) / 2, y = r.y + (r.h - h) / 2;
    kb_fill(kb, (struct ui_rect){ x, y + h - t, w, t }, ink);
    kb_fill(kb, (struct ui_rect){ x, y, t, h }, ink);
    kb_fill(kb, (struct ui_rect){ x + w - t, y, t, h }, ink);
}

static void draw_picto(const struct kb *kb, struct ui_rect r, const char *name, uint32_t ink)
{
    int s = WK_MIN(r.w, r.h) / 2;
    struct ui_rect p = { r.x + (r.w - s) / 2, r.y + (r.h - s) / 2, s, s };
    ui_image(kb->ui, kb_fixed_rect(kb, p), name, ink, false);
}

/* A key's text, centred; a word too wide for its key ("123 ።" on a
 * narrow portrait key) is made smaller rather than cut. */
static void draw_text(const struct kb *kb, struct ui_rect r, bool follows_ui, const char *text,
                      const char *lang, bool rtl, int size, bool bold, uint32_t ink)
{
    struct ui *ui = kb->ui;
    int pad = ui_dp(ui, 4);
    struct ui_rect box = { r.x + pad, r.y, WK_MAX(r.w - 2 * pad, 1), r.h };
    struct text_style style = { .size = size, .bold = bold, .color = ink, .lang = lang,
                                .rtl = rtl, .align = TEXT_ALIGN_CENTER };
    struct text_metrics m;
    text_measure(ui->text, text, &style, &m);
    int min = ui_dp(ui, KB_MIN_TEXT_DP);
    if (m.width > box.w)
        style.size = WK_MAX(size * box.w / m.width, min);
    /* Naskh letters, drawn larger than Latin, are also taller. */
    if (m.height > box.h)
        style.size = WK_MIN(style.size, WK_MAX(size * box.h / m.height, min));
    /* Glyphs do not scale exactly with the size: a pixel or two more can
     * remain, and would end the word in "…". */
    for (int step = 0; step < KB_FIT_STEPS && style.size > min && style.size != size; step++) {
        text_measure(ui->text, text, &style, &m);
        if (m.width <= box.w)
            break;
        style.size--;
    }
    style.max_lines = 1;
    style.max_width = box.w;
    ui_text(ui, follows_ui ? box : kb_fixed_rect(kb, box), text, style, UI_VALIGN_CENTER);
}

void kb_draw_key(const struct kb *kb, const struct key *k, bool held)
{
    struct ui *ui = kb->ui;
    const struct ui_keyboard_state *st = kb->state;
    const struct kb_layout *l = kb->layout;
    bool special = k->action != KB_INSERT && k->action != KB_CONSONANT &&
                   k->action != KB_CHOOSE && k->action != KB_SPACE;
    bool lit = (k->action == KB_SHIFT && st->shift) ||
               (k->action == KB_LAYOUT && st->choosing_layout) || k->action == KB_DONE;
    uint32_t fill = held ? THEME_PRESSED : special ? THEME_BORDER : THEME_SURFACE;
    uint32_t ink = THEME_INK, border = special ? 0 : THEME_BORDER;
    int border_w = ui_dp(ui, 1);
    if (lit) {
        fill = held ? THEME_PRIMARY_DOWN : THEME_PRIMARY;
        ink = THEME_ON_PRIMARY;
        border = 0;
    }
    if (k->action == KB_CHOOSE && k->arg == (int)st->layout) {
        border = THEME_PRIMARY;
        border_w = ui_dp(ui, 3);
    }
    ui_frame_rect(ui, kb_key_rect(kb, k), fill, border, border ? border_w : 0,
                  ui_dp(ui, KB_RADIUS_DP));

    /* Letters as large as the key allows; words smaller. Naskh letters
     * are small for their pixel size next to Latin ones. */
    int letter = (int)fmin(k->rect.h * 0.45, kb->unit * 0.62);
    if (l->rtl)
        letter = (int)fmin(letter * KB_NASKH_SCALE, k->rect.h * 0.55);
    letter = WK_MAX(letter, ui_dp(ui, 16));
    int word = WK_MIN(ui_dp(ui, THEME_TEXT_BODY), letter);
    switch (k->action) {
    case KB_INSERT:
    case KB_CONSONANT:
        draw_text(kb, k->rect, false, k->label, l->lang, l->rtl, letter, false, ink);
        break;
    case KB_CHOOSE:
        draw_text(kb, k->rect, true, k->label, kb_layouts[k->arg].lang, kb_layouts[k->arg].rtl,
                  ui_dp(ui, THEME_TEXT_LABEL), true, ink);
        break;
    case KB_ZWNJ:
        draw_text(kb, k->rect, false, KB_ZWNJ_LABEL, l->lang, l->rtl, word, false, ink);
        break;
    case KB_SHIFT: draw_shift(kb, k->rect, ink); break;
    case KB_SPACE: draw_space(kb, k->rect, THEME_INK_MUTED); break;
    case KB_BACKSPACE: draw_picto(kb, k->rect, "backspace", ink); break;
    case KB_LAYOUT: draw_picto(kb, k->rect, "language", ink); break;
    case KB_PAGE: {
        const struct kb_page *next = &l->pages[(st->page + 1) % l->page_count];
        draw_text(kb, k->rect, false, next->name, l->lang, l->rtl, word, true, ink);
        break;
    }
    case KB_CONSONANTS:
        draw_text(kb, k->rect, false, l->pages[0].name, l->lang, l->rtl, word, true, ink);
        break;
    case KB_DONE:
        if (kb->done_label && *kb->done_label)
            draw_text(kb, k->rect, false, kb->done_label, ui->lang, ui->rtl, word, true, ink);
        else
            draw_picto(kb, k->rect, "check", ink);   /* typed: go on ("done" is leave) */
        break;
    }
}
