/* ui_internal.h — the toolkit's context, shared by its files only. */
#ifndef UI_INTERNAL_H
#define UI_INTERNAL_H

#include "ui.h"

/* Strings of one frame live in chunks that never move, so pointers handed
 * out by ui_intern() stay valid for the whole pass. */
#define UI_ARENA_CHUNK (16 * 1024)
#define UI_MAX_SCROLLS 16
/* A finger that moves less than this (dp) is still a tap, not a drag. */
#define UI_TOUCH_SLOP_DP 10

struct arena_chunk {
    struct arena_chunk *next;
    size_t used, size;
    char data[];
};

struct scroll_state {
    uint64_t id;
    double offset;           /* px scrolled from the top */
    double velocity;         /* px per ms, positive = content moves up */
    int max_offset;
    int64_t last_ms;         /* time of the last momentum step */
};

struct ui {
    struct text_ctx *text;
    int width, height;
    double scale;            /* px per dp */
    int text_step;           /* A+: 0 .. UI_TEXT_STEPS - 1 */
    bool high_contrast;
    bool rtl;
    const char *lang;
    int64_t now_ms;

    /* the frame being built */
    struct ui_cmd *cmds;
    size_t cmd_count, cmd_cap;
    struct ui_widget *widgets;
    size_t widget_count, widget_cap;
    struct arena_chunk *arena;
    uint64_t fingerprint;
    struct ui_frame frame;
    struct ui_rect clip;     /* physical; w == 0: none */
    bool out_of_memory;
    bool in_header;          /* widgets now recorded are the header's */
    const char *title;       /* the header's, interned */

    /* the pointer */
    enum wk_event_type event; /* this pass's pointer event, or WK_EV_NONE */
    int pointer_x, pointer_y;
    bool pointer_down;
    int press_x, press_y;
    uint64_t pressed_id;     /* widget the finger went down on */
    bool dragging;           /* the press turned into a drag */
    bool input_blocked;      /* under a modal dialog */
    uint64_t drag_scroll_id; /* scroll area under the press */
    double drag_start_offset;
    int64_t move_ms[2];      /* the last two move samples, for velocity */
    int move_y[2];

    /* scroll areas */
    struct scroll_state scrolls[UI_MAX_SCROLLS];
    struct scroll_state *scroll;   /* the one between begin and end */
    struct ui_rect scroll_rect;    /* its area, logical */
    int scroll_shift;              /* px the content is shifted up */
    struct ui_rect scroll_saved_clip;
    size_t scroll_cmd_from;        /* its first command: its content's texts */
    bool animating;
};

/* Appends a command (already in physical coordinates) and folds it into the
 * frame's fingerprint. */
void ui_push(struct ui *ui, const struct ui_cmd *cmd);
void ui_push_widget(struct ui *ui, enum ui_widget_kind kind, const char *label,
                    struct ui_rect physical, bool enabled);

struct ui_interaction { bool held; bool clicked; };
/* Press tracking for a widget at a physical rectangle. */
struct ui_interaction ui_interact(struct ui *ui, uint64_t id, struct ui_rect physical);

static inline bool ui_contains(struct ui_rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

/* a then b, copied into the frame's arena (wiped at the next pass). */
const char *ui_intern_join(struct ui *ui, const char *a, const char *b);

/* Logical rectangle shifted by the current scroll area, then mirrored. */
struct ui_rect ui_place(const struct ui *ui, struct ui_rect logical);

void ui_scroll_step(struct ui *ui);   /* advances momentum; in scroll.c */

#endif
