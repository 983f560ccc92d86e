/* keyboard_layouts.h — the on-screen keyboards as data, shared by
 * keyboard.c and the tests. A page is up to KB_MAX_ROWS rows of keys, left
 * to right as on the physical keyboard the resident knows, separated by
 * one space; its last row is the bottom row (page, layout switch, space,
 * Done). A key is the text it inserts, or one of the special keys of
 * keyboard.h (UI_KB_KEY_SHIFT, ...). A key that starts with U+0640 ARABIC
 * TATWEEL followed by more inserts only what follows: a combining mark,
 * shown on the kashida it would sit on. */
#ifndef UI_KEYBOARD_LAYOUTS_H
#define UI_KEYBOARD_LAYOUTS_H

#include "keyboard.h"

#define KB_MAX_PAGES 3
#define KB_MAX_ROWS 4
/* The longest row (12 keys in Arabic, Dari and Pashto, 12 with shift and
 * backspace in Ukrainian) with room to spare; checked by a test. */
#define KB_MAX_ROW_KEYS 14
/* The longest key label, in bytes, with its NUL: a letter key is at most
 * 4 ("لا", a mark on its kashida), a layout's name in the chooser up to 20
 * ("Українська"). */
#define KB_MAX_KEY_BYTES 32

struct kb_page {
    const char *rows[KB_MAX_ROWS];
    /* With shift: the same keys, in the same places. NULL: the row does not
     * change with shift (or the page has no shift key). */
    const char *shifted[KB_MAX_ROWS];
    /* What the page key shows on the page before, to come here ("123"). */
    const char *name;
};

struct kb_layout {
    const char *name;        /* on the layout chooser, in its own script */
    const char *lang;        /* the language its keys are shown in */
    bool rtl;                /* its script's direction (names, not keys) */
    bool syllabary;          /* Ethiopic: page 0 picks a consonant row */
    bool grid;               /* phone pad: every key one cell; the last key
                                of a short row stretches to the end */
    int page_count;
    struct kb_page pages[KB_MAX_PAGES];
};

extern const struct kb_layout kb_layouts[UI_KB_LAYOUT_COUNT];

/* Ethiopic: the forms of a consonant's row beyond its seven vowel orders
 * (the labialised ones), as keys separated by spaces; "" if none. */
const char *kb_ethiopic_extra(uint32_t consonant);

/* The Ethiopic syllables of one consonant are consecutive code points: the
 * seven orders ä u i a e ə o are base + 0 .. 6. */
#define KB_ETHIOPIC_ORDERS 7

#endif
