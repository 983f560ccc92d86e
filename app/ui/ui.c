/* ui.c — the toolkit's context: one pass of a screen builds a frame of draw
 * commands and widget records; the pointer's press, drag and release are
 * tracked across passes so a tap is a press and a release on the same
 * widget without a drag in between. The strings a frame copies (ui_intern)
 * are wiped when the next pass begins: what a resident typed is not left
 * in the arena after the screen that showed it. */
#include "ui_internal.h"
#include "theme.h"

#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* The high contrast theme: each colour of theme.h and its counterpart,
 * white and yellow on black (every text pair 12:1 or better). White is
 * both a tile's fill and the ink on a blue button: both become black,
 * on black tiles and on yellow buttons. Colours not listed stay. */
static const uint32_t contrast_map[][2] = {
    { THEME_BACKGROUND, 0x000000ffu }, { THEME_SURFACE, 0x000000ffu },
    { THEME_INK, 0xffffffffu }, { THEME_INK_MUTED, 0xe8e8e8ffu },
    { THEME_PRIMARY, 0xffd60affu }, { THEME_PRIMARY_DOWN, 0xc9a800ffu },
    { THEME_BORDER, 0xffffffffu }, { THEME_PRESSED, 0x3a3a3affu },
    { THEME_ACCENT, 0xffa24dffu }, { THEME_OPEN, 0x8dffa8ffu }, { THEME_LATER, 0xffc47affu },
    { THEME_CLOSED, 0xd8d8d8ffu }, { THEME_NOTE, 0xffd58affu }, { THEME_CARD, 0x1c1c1cffu },
};

static uint32_t contrast(const struct ui *ui, uint32_t color)
{
    if (!ui->high_contrast || !color)
        return color;
    for (size_t i = 0; i < WK_ARRAY_LEN(contrast_map); i++)
        if (contrast_map[i][0] == color)
            return contrast_map[i][1];
    return color;
}

int ui_open(struct text_ctx *text, struct ui **out, char err[WK_ERR_MAX])
{
    struct ui *ui = wk_calloc(1, sizeof *ui);
    if (!ui) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    ui->text = text;
    ui->lang = "en";
    *out = ui;
    return 0;
}

static void free_arena(struct arena_chunk *c)
{
    while (c) {
        struct arena_chunk *next = c->next;
        sodium_memzero(c->data, c->used);
        free(c);
        c = next;
    }
}

void ui_close(struct ui *ui)
{
    if (!ui)
        return;
    free(ui->cmds);
    free(ui->widgets);
    free_arena(ui->arena);
    free(ui);
}

void ui_reset_interaction(struct ui *ui)
{
    ui->pressed_id = 0;
    ui->dragging = false;
    ui->drag_scroll_id = 0;
    memset(ui->scrolls, 0, sizeof ui->scrolls);
    ui->animating = false;
}

void ui_begin(struct ui *ui, int width, int height, bool rtl, const char *lang,
              int64_t now_ms, const struct wk_event *input)
{
    int long_side = WK_MAX(width, height), short_side = WK_MIN(width, height);
    ui->width = width;
    ui->height = height;
    ui->scale = fmin((double)long_side / UI_BASE_LONG_SIDE, (double)short_side / UI_BASE_SHORT_SIDE);
    ui->rtl = rtl;
    ui->lang = lang ? lang : "en";
    ui->now_ms = now_ms;
    ui->cmd_count = ui->widget_count = 0;
    ui->fingerprint = wk_hash(&(int[3]){ width, height, ui->high_contrast }, sizeof(int[3]),
                              WK_HASH_SEED);
    ui->clip = (struct ui_rect){ 0 };
    ui->out_of_memory = false;
    ui->in_header = false;
    ui->title = NULL;
    ui->animating = false;
    ui->input_blocked = false;
    /* Keep the first arena chunk, free the rest: a frame rarely needs more. */
    if (ui->arena) {
        free_arena(ui->arena->next);
        ui->arena->next = NULL;
        sodium_memzero(ui->arena->data, ui->arena->used);
        ui->arena->used = 0;
    }

    ui->event = WK_EV_NONE;
    if (!input)
        return;
    switch (input->type) {
    case WK_EV_POINTER_DOWN:
        ui->pointer_down = true;
        ui->press_x = ui->pointer_x = input->x;
        ui->press_y = ui->pointer_y = input->y;
        ui->pressed_id = 0;
        ui->dragging = false;
        ui->drag_scroll_id = 0;
        ui->move_ms[0] = ui->move_ms[1] = now_ms;
        ui->move_y[0] = ui->move_y[1] = input->y;
        ui->event = input->type;
        break;
    case WK_EV_POINTER_MOVE:
        if (!ui->pointer_down)
            break;
        ui->pointer_x = input->x;
        ui->pointer_y = input->y;
        ui->move_ms[0] = ui->move_ms[1];
        ui->move_y[0] = ui->move_y[1];
        ui->move_ms[1] = now_ms;
        ui->move_y[1] = input->y;
        if (abs(input->x - ui->press_x) > ui_dp(ui, UI_TOUCH_SLOP_DP) ||
            abs(input->y - ui->press_y) > ui_dp(ui, UI_TOUCH_SLOP_DP))
            ui->dragging = true;
        ui->event = input->type;
        break;
    case WK_EV_POINTER_UP:
        if (!ui->pointer_down)
            break;
        ui->pointer_down = false;
        ui->pointer_x = input->x;
        ui->pointer_y = input->y;
        ui->event = input->type;
        break;
    default:
        break;
    }
}

const struct ui_frame *ui_end(struct ui *ui)
{
    if (ui->event == WK_EV_POINTER_UP) {
        ui->pressed_id = 0;
        ui->drag_scroll_id = 0;
    }
    ui->frame = (struct ui_frame){
        .width = ui->width,
        .height = ui->height,
        .background = contrast(ui, THEME_BACKGROUND),
        .cmds = ui->cmds,
        .cmd_count = ui->cmd_count,
        .widgets = ui->widgets,
        .widget_count = ui->widget_count,
        .fingerprint = ui->fingerprint,
        .title = ui->title,
    };
    return &ui->frame;
}

void ui_block_input(struct ui *ui, bool blocked) { ui->input_blocked = blocked; }

void ui_cancel_press(struct ui *ui)
{
    ui->pressed_id = 0;
}

bool ui_animating(const struct ui *ui) { return ui->animating; }
int ui_dp(const struct ui *ui, double dp) { return (int)lround(dp * ui->scale); }

static const int text_step_pct[UI_TEXT_STEPS] = { 100, 125, 150 };

int ui_font(const struct ui *ui, double dp)
{
    return (int)lround(dp * ui->scale * text_step_pct[ui->text_step] / 100.0);
}

int ui_text_step(const struct ui *ui) { return ui->text_step; }
void ui_set_text_step(struct ui *ui, int step) { ui->text_step = WK_CLAMP(step, 0, UI_TEXT_STEPS - 1); }
void ui_set_high_contrast(struct ui *ui, bool on) { ui->high_contrast = on; }
bool ui_high_contrast(const struct ui *ui) { return ui->high_contrast; }
bool ui_portrait(const struct ui *ui) { return ui->height > ui->width; }


int ui_width(const struct ui *ui) { return ui->width; }
int ui_height(const struct ui *ui) { return ui->height; }
bool ui_rtl(const struct ui *ui) { return ui->rtl; }
const char *ui_lang(const struct ui *ui) { return ui->lang; }
struct text_ctx *ui_text_ctx(const struct ui *ui) { return ui->text; }

/* n bytes of the frame's arena, or NULL when memory runs out. */
static char *arena_alloc(struct ui *ui, size_t n)
{
    struct arena_chunk *c = ui->arena;
    while (c && c->size - c->used < n)
        c = c->next;
    if (!c) {
        size_t size = WK_MAX((size_t)UI_ARENA_CHUNK, n);
        c = wk_malloc(sizeof *c + size);
        if (!c) {
            ui->out_of_memory = true;
            return NULL;
        }
        c->size = size;
        c->used = 0;
        /* The first chunk stays first: it is the one kept between frames. */
        if (ui->arena) {
            c->next = ui->arena->next;
            ui->arena->next = c;
        } else {
            c->next = NULL;
            ui->arena = c;
        }
    }
    char *p = c->data + c->used;
    c->used += n;
    return p;
}

const char *ui_intern(struct ui *ui, const char *s)
{
    return ui_intern_join(ui, s, "");
}

const char *ui_intern_join(struct ui *ui, const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *p = arena_alloc(ui, na + nb + 1);
    if (!p)
        return "";
    memcpy(p, a, na);
    memcpy(p + na, b, nb + 1);
    return p;
}

static bool grow(void **items, size_t *cap, size_t count, size_t item_size)
{
    if (count < *cap)
        return true;
    size_t new_cap = *cap ? *cap * 2 : 128;
    void *p = wk_realloc(*items, new_cap * item_size);
    if (!p)
        return false;
    *items = p;
    *cap = new_cap;
    return true;
}

static uint64_t hash_str(const char *s, uint64_t h)
{
    return s ? wk_hash(s, strlen(s) + 1, h) : wk_hash("", 1, h);
}

void ui_push(struct ui *ui, const struct ui_cmd *cmd)
{
    if (!grow((void **)&ui->cmds, &ui->cmd_cap, ui->cmd_count, sizeof *cmd)) {
        ui->out_of_memory = true;
        return;
    }
    struct ui_cmd *c = &ui->cmds[ui->cmd_count++];
    *c = *cmd;
    if (ui->high_contrast) {
        if (c->kind != UI_CMD_QR)       /* a QR code stays dark on white */
            c->color = contrast(ui, c->color);
        c->border_color = contrast(ui, c->border_color);
        c->style.color = contrast(ui, c->style.color ? c->style.color : THEME_INK);
    }
    cmd = c;
    /* Hash the fields, not the struct: padding bytes are undefined. */
    int64_t numbers[] = {
        cmd->kind, cmd->rect.x, cmd->rect.y, cmd->rect.w, cmd->rect.h, cmd->color,
        cmd->radius, cmd->border_color, cmd->border_width, cmd->mirror,
        cmd->style.size, cmd->style.color, cmd->style.bold, cmd->style.rtl,
        cmd->style.max_width, cmd->style.max_lines, cmd->style.align,
    };
    uint64_t h = wk_hash(numbers, sizeof numbers, ui->fingerprint);
    h = hash_str(cmd->text, h);   /* a TEXT's words and a QR's payload */
    h = hash_str(cmd->style.lang, h);
    ui->fingerprint = hash_str(cmd->image, h);
}

void ui_push_widget(struct ui *ui, enum ui_widget_kind kind, const char *label,
                    struct ui_rect physical, bool enabled)
{
    if (!grow((void **)&ui->widgets, &ui->widget_cap, ui->widget_count, sizeof *ui->widgets)) {
        ui->out_of_memory = true;
        return;
    }
    ui->widgets[ui->widget_count++] = (struct ui_widget){
        .kind = kind, .label = label ? ui_intern(ui, label) : "", .rect = physical,
        .enabled = enabled, .in_header = ui->in_header,
    };
}

struct ui_interaction ui_interact(struct ui *ui, uint64_t id, struct ui_rect physical)
{
    struct ui_interaction in = { 0 };
    if (ui->input_blocked)
        return in;
    bool inside = ui_contains(physical, ui->pointer_x, ui->pointer_y) &&
                  (ui->clip.w == 0 || ui_contains(ui->clip, ui->pointer_x, ui->pointer_y));
    if (ui->event == WK_EV_POINTER_DOWN && inside)
        ui->pressed_id = id;
    if (ui->pressed_id != id || ui->dragging)
        return in;
    in.held = ui->pointer_down && inside;
    in.clicked = ui->event == WK_EV_POINTER_UP && inside;
    return in;
}

uint64_t ui_id(const char *s) { return hash_str(s, WK_HASH_SEED ^ 0x9e3779b97f4a7c15ULL); }
