/* keyboard.c — the on-screen keyboard: turns a layout page (the data in
 * keyboard_layouts.c) into rows of keys, places them, takes the press and
 * applies it to the caller's buffer, then draws the keys of the state that
 * results. Keys keep the places of the physical keyboard (left to right)
 * in every UI direction; only the layout chooser, a menu, mirrors. */
#include "ui_internal.h"
#include "keyboard_layouts.h"
#include "theme.h"
#include "../core/utf8.h"

#include <math.h>
#include <string.h>

/* Key height in dp: preferred, and the most that still looks like keys. */
#define KB_KEY_DP 60
#define KB_MAX_KEY_DP 72
#define KB_GAP_DP 5
#define KB_PAD_DP 6
#define KB_RADIUS_DP 8
/* A phone pad wider than this only makes the thumb travel. */
#define KB_PHONE_MAX_WIDTH_DP 440
/* The layout chooser: names need this much width per column. */
#define KB_CHOOSER_MIN_CELL_DP 150
#define KB_CHOOSER_MAX_COLS 4
/* Rows on screen at once: a page's rows, or the chooser's (up to
 * ceil(7 / 2)) above the bottom row. */
#define KB_MAX_VIEW_ROWS 6
#define KB_MAX_VIEW_KEYS (KB_MAX_VIEW_ROWS * KB_MAX_ROW_KEYS)
/* Words on keys shrink to fit down to this size (dp), then are cut. */
#define KB_MIN_TEXT_DP 11
/* Arabic-script letters at this much the Latin size look the same size. */
#define KB_NASKH_SCALE 1.2
/* Keeps key ids apart from other widgets' ids. */
#define KB_ID_SALT 0x6b6579626f617264ULL

#define TATWEEL "\xd9\x80"   /* U+0640: a combining mark's key shows it on this */

enum kb_action {
    KB_INSERT, KB_SHIFT, KB_BACKSPACE, KB_SPACE, KB_PAGE, KB_LAYOUT, KB_DONE,
    KB_CONSONANTS, KB_CONSONANT, KB_CHOOSE,
};

struct key {
    char label[KB_MAX_KEY_BYTES];  /* recorded and, for letters, drawn */
    enum kb_action action;
    int arg;                  /* KB_CONSONANT: its place; KB_CHOOSE: a layout */
    double units;             /* width in key widths (flex keys: the least) */
    bool flex;                /* takes what the row leaves */
    bool follows_ui;          /* chooser: mirrored with the UI */
    struct ui_rect rect;      /* logical, keys left to right from r.x */
};

struct view {
    struct key keys[KB_MAX_VIEW_KEYS];
    int count;
    int row_end[KB_MAX_VIEW_ROWS];   /* one past each row's last key */
    int rows;
};

/* Sizes that hold for every page of a layout, so rows do not jump when
 * the page changes. Key widths are the page's own: the widest row fills
 * the keyboard. */
struct geometry {
    struct ui_rect inner;     /* r less the padding (phone: also narrower) */
    int key_h, gap;
    int rows;                 /* the most rows any page has */
};

struct kb {
    struct ui *ui;
    struct ui_rect r;
    const struct ui_keyboard_state *state;
    const struct kb_layout *layout;
    struct geometry g;
    double unit;              /* px of one key width in this view */
    const char *done_label;
};

/* --- the text buffer --- */

/* Appends s whole or not at all: never past capacity, never past
 * max_chars, never half a UTF-8 sequence. */
static void buffer_insert(struct ui_text_buffer *buf, const char *s)
{
    if (!buf || !buf->text || buf->capacity == 0)
        return;
    size_t len = strnlen(buf->text, buf->capacity);
    size_t add = strlen(s);
    if (len + add + 1 > buf->capacity)
        return;
    if (buf->max_chars &&
        wk_utf8_chars(buf->text, len) + wk_utf8_chars(s, add) > buf->max_chars)
        return;
    memcpy(buf->text + len, s, add + 1);
}

/* Removes the last grapheme cluster and wipes its bytes. */
static void buffer_backspace(struct ui_text_buffer *buf)
{
    if (!buf || !buf->text || buf->capacity == 0)
        return;
    size_t len = strnlen(buf->text, buf->capacity);
    if (len == 0 || len == buf->capacity)
        return;
    size_t start = text_last_grapheme_start(buf->text, len);
    memset(buf->text + start, 0, len - start);
}

/* --- layouts --- */

enum ui_keyboard_layout ui_keyboard_for_language(const char *lang)
{
    static const struct { const char *lang; enum ui_keyboard_layout layout; } map[] = {
        { "ar", UI_KB_ARABIC }, { "fa", UI_KB_DARI }, { "prs", UI_KB_DARI },
        { "ps", UI_KB_PASHTO }, { "ru", UI_KB_RUSSIAN }, { "uk", UI_KB_UKRAINIAN },
        { "ti", UI_KB_ETHIOPIC }, { "am", UI_KB_ETHIOPIC },
    };
    for (size_t i = 0; lang && i < WK_ARRAY_LEN(map); i++)
        if (strcmp(map[i].lang, lang) == 0)
            return map[i].layout;
    return UI_KB_LATIN;
}

const char *ui_keyboard_name(enum ui_keyboard_layout layout)
{
    return (int)layout >= 0 && layout < UI_KB_LAYOUT_COUNT ? kb_layouts[layout].name : "";
}

/* A state from an older firmware or a wiped session is made valid. */
static void normalise(struct ui_keyboard_state *st)
{
    if ((int)st->layout < 0 || st->layout >= UI_KB_LAYOUT_COUNT)
        st->layout = UI_KB_LATIN;
    const struct kb_layout *l = &kb_layouts[st->layout];
    if (st->page < 0 || st->page >= l->page_count)
        st->page = 0;
    if (!l->syllabary || st->page != 0 || st->ethiopic_row < 0)
        st->ethiopic_row = 0;
    if (st->layout == UI_KB_PHONE)
        st->choosing_layout = false;
}

/* --- building the rows of keys --- */

static bool add_key(struct view *v, const char *label, size_t len, const struct kb_layout *l,
                    bool consonants, int *consonant)
{
    if (v->count >= KB_MAX_VIEW_KEYS || len == 0 || len >= KB_MAX_KEY_BYTES)
        return false;
    struct key *k = &v->keys[v->count++];
    *k = (struct key){ .action = KB_INSERT, .units = 1 };
    memcpy(k->label, label, len);
    k->label[len] = '\0';
    static const struct { const char *label; enum kb_action action; double units; bool flex; }
    specials[] = {
        { UI_KB_KEY_SHIFT, KB_SHIFT, 1.25, true },
        { UI_KB_KEY_BACKSPACE, KB_BACKSPACE, 1.25, true },
        { UI_KB_KEY_SPACE, KB_SPACE, 3, true },
        { UI_KB_KEY_PAGE, KB_PAGE, 1.5, false },
        { UI_KB_KEY_LAYOUT, KB_LAYOUT, 1.25, false },
        { UI_KB_KEY_DONE, KB_DONE, 2, false },
        { UI_KB_KEY_CONSONANTS, KB_CONSONANTS, 2, true },
    };
    for (size_t i = 0; i < WK_ARRAY_LEN(specials); i++)
        if (strcmp(k->label, specials[i].label) == 0) {
            k->action = specials[i].action;
            k->units = specials[i].units;
            k->flex = specials[i].flex;
            break;
        }
    if (k->action == KB_INSERT && consonants) {
        k->action = KB_CONSONANT;
        k->arg = (*consonant)++;
    }
    if (l->grid) {
        k->units = 1;
        k->flex = false;
    }
    return true;
}

static void end_row(struct view *v)
{
    if (v->rows < KB_MAX_VIEW_ROWS && (v->rows == 0 || v->row_end[v->rows - 1] < v->count))
        v->row_end[v->rows++] = v->count;
}

/* Splits a row of the data at its spaces into keys. */
static void add_row(struct view *v, const char *row, const struct kb_layout *l, bool consonants,
                    int *consonant)
{
    for (const char *p = row; *p;) {
        size_t n = strcspn(p, " ");
        add_key(v, p, n, l, consonants, consonant);
        p += n;
        p += strspn(p, " ");
    }
    end_row(v);
}

/* The consonant at place n of page 0 of a syllabary, or 0. */
static uint32_t nth_consonant(const struct kb_layout *l, int n)
{
    struct view v = { .count = 0 };
    int place = 0;
    for (int i = 0; i < KB_MAX_ROWS && l->pages[0].rows[i]; i++)
        add_row(&v, l->pages[0].rows[i], l, true, &place);
    for (int i = 0; i < v.count; i++)
        if (v.keys[i].action == KB_CONSONANT && v.keys[i].arg == n)
        {
            uint32_t cp;
            wk_utf8_next(v.keys[i].label, strlen(v.keys[i].label), &cp);
            return cp;
        }
    return 0;
}

/* The keys of one page as the data has them (with shift if asked). */
static void page_view(const struct kb_layout *l, int page, bool shift, struct view *v)
{
    const struct kb_page *p = &l->pages[page];
    v->count = v->rows = 0;
    int consonant = 0;
    for (int i = 0; i < KB_MAX_ROWS && p->rows[i]; i++)
        add_row(v, shift && p->shifted[i] ? p->shifted[i] : p->rows[i], l,
                l->syllabary && page == 0, &consonant);
}

static const char *bottom_row(const struct kb_layout *l, int page)
{
    const char *bottom = NULL;
    for (int i = 0; i < KB_MAX_ROWS && l->pages[page].rows[i]; i++)
        bottom = l->pages[page].rows[i];
    return bottom;
}

/* Ethiopic, a consonant chosen: its seven orders, the labialised forms,
 * the way back, and the bottom row. */
static void orders_view(const struct kb_layout *l, uint32_t consonant, struct view *v)
{
    v->count = v->rows = 0;
    char s[WK_UTF8_MAX_BYTES];
    for (uint32_t i = 0; i < KB_ETHIOPIC_ORDERS; i++)
        add_key(v, s, wk_utf8_encode(consonant + i, s), l, false, NULL);
    end_row(v);
    add_row(v, kb_ethiopic_extra(consonant), l, false, NULL);
    add_row(v, UI_KB_KEY_CONSONANTS " " UI_KB_KEY_BACKSPACE, l, false, NULL);
    add_row(v, bottom_row(l, 0), l, false, NULL);
}

static void chooser_view(const struct kb *kb, struct view *v)
{
    v->count = v->rows = 0;
    int cols = WK_CLAMP(kb->g.inner.w / WK_MAX(ui_dp(kb->ui, KB_CHOOSER_MIN_CELL_DP), 1), 2,
                        KB_CHOOSER_MAX_COLS);
    int n = 0;
    for (int i = 0; i < UI_KB_LAYOUT_COUNT; i++) {
        if (i == UI_KB_PHONE)
            continue;
        const char *name = kb_layouts[i].name;
        if (add_key(v, name, strlen(name), kb->layout, false, NULL)) {
            struct key *k = &v->keys[v->count - 1];
            k->action = KB_CHOOSE;
            k->arg = i;
            k->follows_ui = true;
        }
        if (++n % cols == 0)
            end_row(v);
    }
    end_row(v);
    add_row(v, bottom_row(kb->layout, kb->state->page), kb->layout, false, NULL);
}

static void build_view(const struct kb *kb, struct view *v)
{
    const struct ui_keyboard_state *st = kb->state;
    const struct kb_layout *l = kb->layout;
    if (st->choosing_layout)
        chooser_view(kb, v);
    else if (l->syllabary && st->page == 0 && st->ethiopic_row > 0 &&
             nth_consonant(l, st->ethiopic_row - 1))
        orders_view(l, nth_consonant(l, st->ethiopic_row - 1), v);
    else
        page_view(l, st->page, st->shift, v);
}

/* --- geometry --- */

static double row_units(const struct view *v, int row, int *keys)
{
    int first = row ? v->row_end[row - 1] : 0;
    double units = 0;
    for (int i = first; i < v->row_end[row]; i++)
        units += v->keys[i].units;
    *keys = v->row_end[row] - first;
    return units;
}

static struct geometry measure(const struct ui *ui, struct ui_rect r, const struct kb_layout *l)
{
    struct geometry g = { .gap = ui_dp(ui, KB_GAP_DP) };
    g.inner = ui_inset(r, ui_dp(ui, KB_PAD_DP));
    if (l->grid && g.inner.w > ui_dp(ui, KB_PHONE_MAX_WIDTH_DP)) {
        int w = ui_dp(ui, KB_PHONE_MAX_WIDTH_DP);
        g.inner.x += (g.inner.w - w) / 2;
        g.inner.w = w;
    }
    struct view v;
    for (int p = 0; p < l->page_count; p++) {
        page_view(l, p, false, &v);
        g.rows = WK_MAX(g.rows, v.rows);
    }
    g.rows = WK_MAX(g.rows, 1);
    g.key_h = WK_MIN(ui_dp(ui, KB_MAX_KEY_DP), (g.inner.h - (g.rows - 1) * g.gap) / g.rows);
    return g;
}

/* The width of one key: the widest row of the view fills the keyboard.
 * The chooser's rows are cells of their own. */
static double key_unit(const struct geometry *g, const struct view *v)
{
    double unit = g->inner.w;
    for (int row = 0; row < v->rows; row++) {
        int keys;
        double units = row_units(v, row, &keys);
        if (units > 0 && v->keys[v->row_end[row] - 1].action != KB_CHOOSE)
            unit = fmin(unit, (g->inner.w - (keys - 1) * g->gap) / units);
    }
    return unit;
}

/* Rows from the bottom up, so the bottom row is always in its place. */
static double place(const struct kb *kb, struct view *v)
{
    const struct geometry *g = &kb->g;
    double unit = key_unit(g, v);
    for (int row = 0; row < v->rows; row++) {
        int first = row ? v->row_end[row - 1] : 0, last = v->row_end[row];
        int y = g->inner.y + g->inner.h - (v->rows - row) * g->key_h - (v->rows - row - 1) * g->gap;
        int keys;
        row_units(v, row, &keys);
        bool chooser = v->keys[first].action == KB_CHOOSE;
        if (chooser) {
            int cols = row == 0 ? keys : v->row_end[0];
            for (int i = first; i < last; i++)
                v->keys[i].rect = ui_grid_cell((struct ui_rect){ g->inner.x, y, g->inner.w, g->key_h },
                                               cols, 1, g->gap, i - first, 0);
            continue;
        }
        int fixed = 0, flex = 0;
        for (int i = first; i < last; i++) {
            if (v->keys[i].flex)
                flex++;
            else
                fixed += (int)lround(v->keys[i].units * unit);
        }
        int left = g->inner.w - fixed - (keys - 1) * g->gap;
        /* A phone pad's short row: its last key reaches the end. */
        bool stretch_last = kb->layout->grid && flex == 0 && left > 0;
        int x = g->inner.x + (flex || stretch_last ? 0 : left / 2);
        for (int i = first; i < last; i++) {
            struct key *k = &v->keys[i];
            int w = (int)lround(k->units * unit);
            if (k->flex) {
                w = left / flex;
                left -= w;
                flex--;
            } else if (stretch_last && i == last - 1) {
                w += left;
            }
            k->rect = (struct ui_rect){ x, y, w, g->key_h };
            x += w + g->gap;
        }
    }
    return unit;
}

/* Undoes the toolkit's mirroring: keys stay where the physical keyboard
 * has them. */
static struct ui_rect fixed_rect(const struct kb *kb, struct ui_rect x)
{
    if (ui_rtl(kb->ui))
        x.x = 2 * kb->r.x + kb->r.w - x.x - x.w;
    return x;
}

static struct ui_rect key_rect(const struct kb *kb, const struct key *k)
{
    return k->follows_ui ? k->rect : fixed_rect(kb, k->rect);
}

static uint64_t key_id(const struct key *k, int index)
{
    return ui_id(k->label) ^ KB_ID_SALT ^ (uint64_t)(index + 1) << 40 ^ (uint64_t)k->action << 56;
}

/* --- applying a press --- */

static bool apply(struct ui_keyboard_state *st, const struct key *k, struct ui_text_buffer *buf)
{
    const struct kb_layout *l = &kb_layouts[st->layout];
    switch (k->action) {
    case KB_INSERT: {
        const char *s = k->label;
        if (strncmp(s, TATWEEL, 2) == 0 && s[2])
            s += 2;              /* a mark's key types the mark alone */
        buffer_insert(buf, s);
        st->shift = false;
        st->ethiopic_row = 0;    /* an order typed: back to the consonants */
        break;
    }
    case KB_SHIFT: st->shift = !st->shift; break;
    case KB_BACKSPACE: buffer_backspace(buf); break;
    case KB_SPACE: buffer_insert(buf, " "); break;
    case KB_PAGE:
        st->page = (st->page + 1) % l->page_count;
        st->shift = false;
        st->ethiopic_row = 0;
        st->choosing_layout = false;
        break;
    case KB_LAYOUT: st->choosing_layout = !st->choosing_layout; break;
    case KB_DONE: st->choosing_layout = false; return true;
    case KB_CONSONANTS: st->ethiopic_row = 0; break;
    case KB_CONSONANT: st->ethiopic_row = k->arg + 1; break;
    case KB_CHOOSE:
        *st = (struct ui_keyboard_state){ .layout = (enum ui_keyboard_layout)k->arg };
        break;
    }
    return false;
}

/* --- drawing --- */

static void kb_fill(const struct kb *kb, struct ui_rect r, uint32_t color)
{
    ui_fill(kb->ui, fixed_rect(kb, r), color, 0);
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
    ui_image(kb->ui, fixed_rect(kb, p), name, ink, false);
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
    if (m.width > box.w)
        style.size = WK_MAX(size * box.w / m.width, ui_dp(ui, KB_MIN_TEXT_DP));
    style.max_lines = 1;
    style.max_width = box.w;
    ui_text(ui, follows_ui ? box : fixed_rect(kb, box), text, style, UI_VALIGN_CENTER);
}

static void draw_key(const struct kb *kb, const struct key *k, bool held)
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
    ui_frame_rect(ui, key_rect(kb, k), fill, border, border ? border_w : 0,
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
    case KB_SHIFT: draw_shift(kb, k->rect, ink); break;
    case KB_SPACE: draw_space(kb, k->rect, THEME_INK_MUTED); break;
    case KB_BACKSPACE: draw_picto(kb, k->rect, "back", ink); break;
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
            draw_picto(kb, k->rect, "done", ink);
        break;
    }
}

int ui_keyboard_height(const struct ui *ui)
{
    int rows = 4;   /* every text layout's letter page; the phone pad */
    int frame = 2 * ui_dp(ui, KB_PAD_DP) + (rows - 1) * ui_dp(ui, KB_GAP_DP);
    int want = frame + rows * ui_dp(ui, KB_KEY_DP);
    int least = frame + rows * ui_dp(ui, UI_MIN_TOUCH_DP);
    return WK_MAX(WK_MIN(want, ui_height(ui) * UI_KB_MAX_HEIGHT_PERCENT / 100), least);
}

bool ui_keyboard(struct ui *ui, struct ui_rect r, struct ui_keyboard_state *state,
                 struct ui_text_buffer *buf, const char *done_label)
{
    normalise(state);
    struct kb kb = { .ui = ui, .r = r, .state = state, .layout = &kb_layouts[state->layout],
                     .done_label = done_label };
    kb.g = measure(ui, r, kb.layout);
    struct view v;

    /* The press first, on the keys as they were drawn ... */
    build_view(&kb, &v);
    kb.unit = place(&kb, &v);
    bool held[KB_MAX_VIEW_KEYS] = { false };
    int clicked = -1;
    for (int i = 0; i < v.count; i++) {
        struct ui_interaction in = ui_interact(ui, key_id(&v.keys[i], i),
                                               ui_place(ui, key_rect(&kb, &v.keys[i])));
        held[i] = in.held;
        if (in.clicked)
            clicked = i;
    }
    bool done = false;
    if (clicked >= 0) {
        struct key k = v.keys[clicked];
        done = apply(state, &k, buf);
        kb.layout = &kb_layouts[state->layout];
        kb.g = measure(ui, r, kb.layout);
        build_view(&kb, &v);
        kb.unit = place(&kb, &v);
        memset(held, 0, sizeof held);
    }

    /* ... then the keys of the state that follows. */
    ui_fill(ui, r, THEME_CARD, 0);
    for (int i = 0; i < v.count; i++) {
        draw_key(&kb, &v.keys[i], held[i]);
        ui_push_widget(ui, UI_WIDGET_KEY, v.keys[i].label, ui_place(ui, key_rect(&kb, &v.keys[i])),
                       true);
    }
    return done;
}
