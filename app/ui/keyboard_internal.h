/* keyboard_internal.h — what the parts of the on-screen keyboard share:
 * keyboard.c (the rows of keys of a layout page, where they go, the press
 * and ui_keyboard itself), keyboard_edit.c (what a key does to the buffer
 * and the keyboard's state) and keyboard_draw.c (how a key looks). */
#ifndef UI_KEYBOARD_INTERNAL_H
#define UI_KEYBOARD_INTERNAL_H

#include "ui_internal.h"
#include "keyboard_layouts.h"

enum kb_action {
    KB_INSERT, KB_SHIFT, KB_BACKSPACE, KB_SPACE, KB_PAGE, KB_LAYOUT, KB_DONE,
    KB_CONSONANTS, KB_CONSONANT, KB_CHOOSE, KB_ZWNJ,
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

/* keyboard.c: r as the keyboard places it, the toolkit's mirroring
 * undone: keys stay where the physical keyboard has them. */
struct ui_rect kb_fixed_rect(const struct kb *kb, struct ui_rect r);
/* keyboard.c: where k is on screen (the chooser's keys follow the UI). */
struct ui_rect kb_key_rect(const struct kb *kb, const struct key *k);

/* keyboard_edit.c: applies the press of k to st and buf; true for Done. */
bool kb_apply(struct ui_keyboard_state *st, const struct key *k, struct ui_text_buffer *buf);

/* keyboard_draw.c: the key k, pressed down if held. */
void kb_draw_key(const struct kb *kb, const struct key *k, bool held);

#endif
