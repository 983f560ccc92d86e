/* keyboard_edit.c — what a key of the on-screen keyboard does: a letter
 * is appended to the caller's buffer whole or not at all, backspace takes
 * the last grapheme cluster and wipes its bytes, and the other keys move
 * the keyboard between its pages, shift, the Ethiopic orders and the
 * layout chooser. */
#include "keyboard_internal.h"
#include "../core/utf8.h"
#include "../i18n/digits.h"

#include <stdio.h>
#include <string.h>

#define TATWEEL "\xd9\x80"   /* U+0640: a combining mark's key shows it on this */

/* Appends s whole or not at all: never past capacity, never past
 * max_chars, never half a UTF-8 sequence. Digits of either Arabic set go
 * in as Western ones: what a resident typed is kept, checked and sent in
 * the digits the desk reads, whichever digits the keys showed. */
static void buffer_insert(struct ui_text_buffer *buf, const char *in)
{
    if (!buf || !buf->text || buf->capacity == 0)
        return;
    char s[KB_MAX_KEY_BYTES];
    snprintf(s, sizeof s, "%s", in);
    i18n_western_digits(s);
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

bool kb_apply(struct ui_keyboard_state *st, const struct key *k, struct ui_text_buffer *buf)
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
    case KB_ZWNJ: buffer_insert(buf, UI_KB_KEY_ZWNJ); break;
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
