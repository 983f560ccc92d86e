/* keyboard.h — on-screen keyboards and the text field they type into. A
 * resident types a name or a phone number with a finger, in their own
 * script: Latin with the accents nl/fr/tr/so need, Arabic, Dari (Persian
 * letters), Pashto, Cyrillic for Russian and for Ukrainian, Ethiopic for
 * Tigrinya (pick a consonant, then its vowel order), and a phone pad.
 *
 * Immediate mode like the rest of the toolkit: the caller owns the text
 * buffer and the small keyboard state (in the session, wiped with it);
 * ui_keyboard draws the keys and applies what was pressed to the buffer.
 *
 * Keys stand where they stand on the physical keyboard the resident knows,
 * left to right, whatever the direction of the UI or of the script: the
 * Arabic ض is on the Q key, top left, on Arabic keyboards too, and a Latin
 * keyboard in an Arabic screen is still QWERTY from the left. The toolkit's
 * mirroring is undone for the keys (the layout chooser does mirror: it is
 * a menu, not a keyboard). */
#ifndef UI_KEYBOARD_H
#define UI_KEYBOARD_H

#include "ui.h"
#include "../i18n/digits.h"

enum ui_keyboard_layout {
    UI_KB_LATIN = 0,        /* QWERTY, a second page with accents and digits */
    UI_KB_ARABIC,
    UI_KB_DARI,             /* Persian letters as used in Afghanistan */
    UI_KB_PASHTO,
    UI_KB_RUSSIAN,
    UI_KB_UKRAINIAN,
    UI_KB_ETHIOPIC,         /* Tigrinya: consonant, then vowel order */
    UI_KB_PHONE,            /* digits, +, space */
    UI_KB_PHONE_ARABIC_INDIC, /* the same pad with ٠-٩ on its keys */
    UI_KB_PHONE_EXTENDED,   /* the same pad with ۰-۹ (Dari, Pashto) */
    UI_KB_LAYOUT_COUNT
};

/* The labels the special keys are recorded under, so a test or a script
 * finds them whatever the language ("tap:⌫"). Letter keys are recorded
 * under what they type ("tap:ب"); a combining mark under the mark on a
 * kashida ("tap:ـَ", it types only the mark); an Ethiopic consonant under
 * itself, and then its orders under theirs; a layout in the chooser under
 * ui_keyboard_name(). What is drawn may differ (a pictogram, the name of
 * the next page, the Done label): the fonts have no glyph for these. */
#define UI_KB_KEY_SHIFT      "⇧"   /* Latin, Cyrillic: the next letter in capitals */
#define UI_KB_KEY_BACKSPACE  "⌫"   /* removes the last user-perceived character */
#define UI_KB_KEY_SPACE      "␣"
#define UI_KB_KEY_PAGE       "⋯"   /* the next page: accents, digits, rarer letters */
#define UI_KB_KEY_LAYOUT     "🌐"  /* opens (and closes) the layout chooser */
#define UI_KB_KEY_DONE       "⏎"   /* shows done_label; ui_keyboard returns true */
#define UI_KB_KEY_CONSONANTS "↩"   /* Ethiopic: back to the consonants, typing nothing */
/* Dari, Pashto: types U+200C ZERO WIDTH NON-JOINER, which keeps the letter
 * before it from joining the next ("می‌خواهم"); recorded under what it
 * types, drawn as the word for it. */
#define UI_KB_KEY_ZWNJ       "\u200c"

/* The keyboard a resident reading lang starts with (ar → Arabic, ti →
 * Ethiopic, ...); phone fields always get UI_KB_PHONE. */
enum ui_keyboard_layout ui_keyboard_for_language(const char *lang);
/* Its name in the layout chooser, in its own script ("ABC", "العربية",
 * "ትግርኛ"), so a Tigrinya speaker finds "ABC" to type an email address. */
const char *ui_keyboard_name(enum ui_keyboard_layout layout);
/* The phone pad whose keys show the digits d. Every pad, like every
 * keyboard, types Western digits into the buffer: a number typed as
 * ٠٤٧٠ or ۰۴۷۰ is kept and sent as 0470, the form the desk dials. */
enum ui_keyboard_layout ui_keyboard_phone(enum i18n_digits d);
bool ui_keyboard_is_phone(enum ui_keyboard_layout layout);

/* What a keyboard remembers between passes; zero is a fresh keyboard. */
struct ui_keyboard_state {
    enum ui_keyboard_layout layout;
    int page;               /* 0 letters; 1 digits, punctuation, accents or
                               the rarer letters */
    bool shift;             /* for the next letter only */
    int ethiopic_row;       /* -1 or 0: no consonant chosen; else the
                               consonant's place on page 0 (from 0, left to
                               right, top to bottom) + 1 */
    bool choosing_layout;   /* the layout switcher is open */
};

/* The text a field holds: the caller's buffer, NUL-terminated UTF-8. */
struct ui_text_buffer {
    char *text;
    size_t capacity;        /* bytes, with the NUL */
    size_t max_chars;       /* the form's limit in code points; 0: capacity */
};

/* The height a keyboard wants at this screen size: four rows of keys of a
 * comfortable size, at most UI_KB_MAX_HEIGHT_PERCENT of the screen, and
 * never keys under UI_MIN_TOUCH_DP. */
#define UI_KB_MAX_HEIGHT_PERCENT 55
int ui_keyboard_height(const struct ui *ui);
/* The least: four rows of keys UI_MIN_TOUCH_DP high. A screen short of
 * room (a message box over the keys at 800x480) takes the keyboard
 * down toward it; the keys fill whatever height they are given. */
int ui_keyboard_least_height(const struct ui *ui);

/* Draws the keyboard in r and applies this pass's key press to buf and
 * state (insert, backspace of one grapheme, space, shift, page, layout).
 * A key that would overflow buf (capacity or max_chars) does nothing. The
 * press is applied before the keys are drawn, so the keyboard shows its
 * new state in the same pass; call it before drawing what shows buf (or
 * run another pass when state or text changed). Returns true on the pass
 * the resident pressed the Done/Next key, which shows done_label (NULL: a
 * check mark). UI_KB_PHONE has no layout key: a phone field stays digits.
 * Keys are at least UI_MIN_TOUCH_DP high when r is ui_keyboard_height()
 * high; in portrait they may be narrower than that (12 keys across). */
bool ui_keyboard(struct ui *ui, struct ui_rect r, struct ui_keyboard_state *state,
                 struct ui_text_buffer *buf, const char *done_label);

/* A one-line text field showing buf with a caret at its logical end, in
 * the direction of its own first strong character (a Latin name in an
 * Arabic screen reads left to right, from the left), the placeholder when
 * empty. Text longer than the field shows its end, where the typing is.
 * The label is drawn above the box when r has room for both; the widget
 * is recorded under the label. Returns true when tapped. */
bool ui_text_field(struct ui *ui, struct ui_rect r, const char *label, const char *text,
                   const char *placeholder, bool focused);
/* The height a text field needs with its label above it. */
int ui_text_field_height(const struct ui *ui);

/* A box of several lines for a message: the text wraps to the box's width
 * (never scrolling sideways), its lines starting from the edge of its own
 * first strong character's direction, the caret after the last character
 * where bidi puts it. When the text needs more lines than the box holds,
 * its last lines show, where the typing is. No label is drawn (the
 * question above it is one); the widget is recorded under label. */
bool ui_text_box(struct ui *ui, struct ui_rect r, const char *label, const char *text, bool focused);
/* The height of a box width wide that shows text (and the caret) on as
 * many lines as it needs, at least min_lines and at most max_lines, as
 * tall as the lines of the script typed. */
int ui_text_box_height(struct ui *ui, int width, const char *text, int min_lines, int max_lines);

#endif
