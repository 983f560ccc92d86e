/* keyboard.c — the on-screen keyboard: turns a layout page (the data in
 * keyboard_layouts.c) into rows of keys, places them, takes the press
 * (applied by keyboard_edit.c), then draws (keyboard_draw.c) the keys of
 * the state that results. Keys keep the places of the physical keyboard
 * (left to right) in every UI direction; only the layout chooser, a menu,
 * mirrors. */
#include "keyboard_internal.h"
#include "theme.h"
#include "../core/utf8.h"

#include <math.h>
#include <string.h>

/* Key height in dp: preferred, and the most that still looks like keys. */
#define KB_KEY_DP 60
#define KB_MAX_KEY_DP 72
#define KB_GAP_DP 5
#define KB_PAD_DP 6
/* A phone pad wider than this only makes the thumb travel. */
#define KB_PHONE_MAX_WIDTH_DP 440
/* The layout chooser: names need this much width per column. */
#define KB_CHOOSER_MIN_CELL_DP 150
#define KB_CHOOSER_MAX_COLS 4
/* Keeps key ids apart from other widgets' ids. */
#define KB_ID_SALT 0x6b6579626f617264ULL
/* Rows on screen at once: a page's rows, or the chooser's (up to
 * ceil(7 / 2)) above the bottom row. */
#define KB_MAX_VIEW_ROWS 6
#define KB_MAX_VIEW_KEYS (KB_MAX_VIEW_ROWS * KB_MAX_ROW_KEYS)

/* The keys of what is shown, row by row. */
struct view {
    struct key keys[KB_MAX_VIEW_KEYS];
    int count;
    int row_end[KB_MAX_VIEW_ROWS];   /* one past each row's last key */
    int rows;
};

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

enum ui_keyboard_layout ui_keyboard_phone(enum i18n_digits d)
{
    return d == I18N_DIGITS_ARABIC_INDIC ? UI_KB_PHONE_ARABIC_INDIC
         : d == I18N_DIGITS_EXTENDED     ? UI_KB_PHONE_EXTENDED : UI_KB_PHONE;
}

bool ui_keyboard_is_phone(enum ui_keyboard_layout layout)
{
    return layout == UI_KB_PHONE || layout == UI_KB_PHONE_ARABIC_INDIC || layout == UI_KB_PHONE_EXTENDED;
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
    if (ui_keyboard_is_phone(st->layout))
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
        { UI_KB_KEY_ZWNJ, KB_ZWNJ, 2, false },
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
        if (ui_keyboard_is_phone((enum ui_keyboard_layout)i))
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

struct ui_rect kb_fixed_rect(const struct kb *kb, struct ui_rect x)
{
    if (ui_rtl(kb->ui))
        x.x = 2 * kb->r.x + kb->r.w - x.x - x.w;
    return x;
}

struct ui_rect kb_key_rect(const struct kb *kb, const struct key *k)
{
    return k->follows_ui ? k->rect : kb_fixed_rect(kb, k->rect);
}

static uint64_t key_id(const struct key *k, int index)
{
    return ui_id(k->label) ^ KB_ID_SALT ^ (uint64_t)(index + 1) << 40 ^ (uint64_t)k->action << 56;
}

/* Every text layout's letter page has four rows, and so has the phone pad. */
#define KB_ROWS 4

static int keyboard_frame(const struct ui *ui)
{
    return 2 * ui_dp(ui, KB_PAD_DP) + (KB_ROWS - 1) * ui_dp(ui, KB_GAP_DP);
}

int ui_keyboard_least_height(const struct ui *ui)
{
    return keyboard_frame(ui) + KB_ROWS * ui_dp(ui, UI_MIN_TOUCH_DP);
}

int ui_keyboard_height(const struct ui *ui)
{
    int want = keyboard_frame(ui) + KB_ROWS * ui_dp(ui, KB_KEY_DP);
    int least = ui_keyboard_least_height(ui);
    /* With large text on a small screen the question above needs the
     * room more than the keys need more than a finger. */
    if (ui_text_step(ui) > 0 && ui_height(ui) <= ui_dp(ui, UI_BASE_SHORT_SIDE))
        return least;
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
                                               ui_place(ui, kb_key_rect(&kb, &v.keys[i])));
        held[i] = in.held;
        if (in.clicked)
            clicked = i;
    }
    bool done = false;
    if (clicked >= 0) {
        struct key k = v.keys[clicked];
        done = kb_apply(state, &k, buf);
        kb.layout = &kb_layouts[state->layout];
        kb.g = measure(ui, r, kb.layout);
        build_view(&kb, &v);
        kb.unit = place(&kb, &v);
        memset(held, 0, sizeof held);
    }

    /* ... then the keys of the state that follows. */
    ui_fill(ui, r, THEME_CARD, 0);
    for (int i = 0; i < v.count; i++) {
        kb_draw_key(&kb, &v.keys[i], held[i]);
        ui_push_widget(ui, UI_WIDGET_KEY, v.keys[i].label, ui_place(ui, kb_key_rect(&kb, &v.keys[i])),
                       true);
    }
    return done;
}
