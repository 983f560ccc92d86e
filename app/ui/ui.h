/* ui.h — the immediate-mode widget toolkit. A screen is a function that,
 * each pass, calls these widgets with the state it shows; they emit draw
 * commands into a frame (frame.h) and report what the person touched.
 *
 * Layout is in logical pixels measured from the START edge: x = 0 is the
 * left edge in left-to-right languages and the right edge in right-to-left
 * ones. The toolkit mirrors every rectangle when it emits it, so a screen
 * written once mirrors as a whole in Arabic, Dari and Pashto. Sizes are
 * given in density-independent units through ui_dp(). */
#ifndef UI_H
#define UI_H

#include "frame.h"
#include "../core/event.h"

struct ui;
struct text_ctx;

/* The density-independent unit: 1 dp is 1 px on an 800x480 screen (the
 * smallest kiosk panel, 7"), and scales with the shorter of the two ratios
 * to that size, so the same layout fills 1280x800 or a portrait 1080x1920. */
#define UI_BASE_LONG_SIDE 800
#define UI_BASE_SHORT_SIDE 480

/* Smallest touch target: 9 mm is 47 px on a 7" 800x480 panel (133 ppi). */
#define UI_MIN_TOUCH_DP 48
/* The smallest pictogram of a tile that gives its room to long titles:
 * still a shape to recognise at arm's length. */
#define UI_TILE_MIN_ICON_DP 32

int ui_open(struct text_ctx *text, struct ui **out, char err[WK_ERR_MAX]);
void ui_close(struct ui *ui);

/* Starts a pass: the screen size, the language's direction and code, the
 * time, and at most one input event (NULL for none). */
void ui_begin(struct ui *ui, int width, int height, bool rtl, const char *lang,
              int64_t now_ms, const struct wk_event *input);
/* Ends the pass; the frame is valid until the next ui_begin(). */
const struct ui_frame *ui_end(struct ui *ui);

/* Forgets presses, drags and scroll positions: a new screen starts clean. */
void ui_reset_interaction(struct ui *ui);

/* The finger that is down no longer presses anything: lifting it taps
 * nothing (a tap-and-hold was taken to read a text aloud). */
void ui_cancel_press(struct ui *ui);

/* While blocked, widgets draw but take no touch: the screen under a modal
 * dialog. */
void ui_block_input(struct ui *ui, bool blocked);

/* True while something moves (momentum scrolling) and wants another pass. */
bool ui_animating(const struct ui *ui);

int ui_dp(const struct ui *ui, double dp);
/* A type size: dp scaled like ui_dp and then by the session's text step
 * (the A+ button): 100 %, 125 %, 150 %. Use it for every text size so
 * that A+ grows all text and nothing else. */
#define UI_TEXT_STEPS 3
int ui_font(const struct ui *ui, double dp);
int ui_text_step(const struct ui *ui);
/* Session preferences, set from the home screen and reset when the
 * session ends: the text step (0 .. UI_TEXT_STEPS - 1) and the high
 * contrast theme (white and yellow on black; every colour of theme.h is
 * mapped when the command is emitted, so screens need not know). */
void ui_set_text_step(struct ui *ui, int step);
void ui_set_high_contrast(struct ui *ui, bool on);
bool ui_high_contrast(const struct ui *ui);
/* Taller than wide: headers show icons, titles go under them. */
bool ui_portrait(const struct ui *ui);
int ui_width(const struct ui *ui);
int ui_height(const struct ui *ui);
bool ui_rtl(const struct ui *ui);
const char *ui_lang(const struct ui *ui);
struct text_ctx *ui_text_ctx(const struct ui *ui);

/* Copies a string into the frame's arena (lives until the next pass). */
const char *ui_intern(struct ui *ui, const char *s);

/* --- layout: cut slices off a rectangle (logical coordinates) --- */
struct ui_rect ui_cut_top(struct ui_rect *r, int h);
struct ui_rect ui_cut_bottom(struct ui_rect *r, int h);
struct ui_rect ui_cut_start(struct ui_rect *r, int w);
struct ui_rect ui_cut_end(struct ui_rect *r, int w);
struct ui_rect ui_inset(struct ui_rect r, int d);
/* Where a and b overlap (w or h 0 if nowhere), and whether they do. */
struct ui_rect ui_rect_and(struct ui_rect a, struct ui_rect b);
bool ui_rects_meet(struct ui_rect a, struct ui_rect b);
struct ui_rect ui_screen_rect(const struct ui *ui);
/* Cell (col, row) of a grid of cols x rows cells with gap between them. */
struct ui_rect ui_grid_cell(struct ui_rect area, int cols, int rows, int gap, int col, int row);
/* Logical to physical pixels (mirrors in RTL). */
struct ui_rect ui_to_screen(const struct ui *ui, struct ui_rect logical);

/* --- drawing --- */
void ui_fill(struct ui *ui, struct ui_rect r, uint32_t color, int radius);
void ui_frame_rect(struct ui *ui, struct ui_rect r, uint32_t fill, uint32_t border,
                   int border_width, int radius);
void ui_image(struct ui *ui, struct ui_rect r, const char *pictogram, uint32_t ink,
              bool mirror_in_rtl);
/* A QR code carrying text (UTF-8, plain text: a phone reads it without
 * internet), as large as fits in r and centred, dark modules in THEME_INK
 * on white. In right-to-left languages r is mirrored like any rectangle,
 * but the code itself never is: a mirrored QR code does not scan. Text too
 * long for a QR code draws nothing (the platform logs it). */
void ui_qr(struct ui *ui, struct ui_rect r, const char *text);

enum ui_valign { UI_VALIGN_CENTER = 0, UI_VALIGN_TOP, UI_VALIGN_BOTTOM };

/* Text inside r: wrapped to r's width unless style->max_width says
 * otherwise, aligned per style->align (START follows the language) and
 * vertically per valign. style's rtl and lang are filled from the pass. */
struct text_metrics ui_text(struct ui *ui, struct ui_rect r, const char *utf8,
                            struct text_style style, enum ui_valign valign);
/* The height ui_text would give utf8 wrapped to width (layouts before a
 * scroll area need it). */
int ui_text_height(struct ui *ui, int width, const char *utf8, struct text_style style);
/* Like ui_text, but a text that does not fit r whole (in style.max_lines,
 * 0 = as many as r holds) is drawn up to 30 % smaller before it would be
 * cut: for titles, names and labels, which must never end in "…". */
struct text_metrics ui_text_fit(struct ui *ui, struct ui_rect r, const char *utf8,
                                struct text_style style, enum ui_valign valign);
/* A label a test can find, drawn like ui_text. */
struct text_metrics ui_label(struct ui *ui, struct ui_rect r, const char *utf8,
                             struct text_style style, enum ui_valign valign);

/* --- widgets; each returns true on the pass the person lifts a finger
 * from it (a press that turned into a drag does not count) --- */
enum ui_button_kind { UI_BUTTON_PRIMARY = 0, UI_BUTTON_SECONDARY, UI_BUTTON_QUIET };

struct ui_button_desc {
    const char *label;
    const char *pictogram;       /* optional, before the label */
    enum ui_button_kind kind;
    bool mirror_pictogram;       /* arrows: mirrored in RTL */
    int text_size_dp;            /* 0 = 22 */
    bool icon_only;              /* draw the pictogram alone (a header in
                                    portrait); the label is still recorded */
};
bool ui_button(struct ui *ui, struct ui_rect r, const struct ui_button_desc *desc);
/* The height a button this wide needs for its label, whole in at most two
 * lines beside its pictogram: a row of buttons takes the tallest. */
int ui_button_fit_height(struct ui *ui, int width, const struct ui_button_desc *desc);
/* The height of a bar of buttons: at least min_dp, and a line of label
 * text in this language at the session's text step with room around it. */
int ui_button_height(struct ui *ui, int min_dp);

struct ui_tile_desc {
    const char *title;
    const char *subtitle;        /* optional, one or two short lines */
    const char *pictogram;
    uint32_t accent;             /* colour of the pictogram; 0 = theme */
    const char *lang;            /* text language if not the UI's (endonyms) */
    bool rtl;                    /* with lang: that language's direction */
    int texts_h;                 /* a grid's tallest ui_tile_texts_height, so
                                    that every tile's pictogram is the same
                                    size at the same place; 0: this tile's */
};
bool ui_tile(struct ui *ui, struct ui_rect r, const struct ui_tile_desc *desc);
/* The height of a tile's title and subtitle, whole, in a tile this wide. */
int ui_tile_texts_height(struct ui *ui, int width, const struct ui_tile_desc *desc);
/* The height a tile of this width needs to show its texts whole with a
 * pictogram at least a third of its height: grids take the tallest. */
int ui_tile_height(struct ui *ui, int width, const struct ui_tile_desc *desc);
/* The least height at which a tile of a grid whose tallest texts are
 * texts_h high (ui_tile_texts_height) still shows them whole with its
 * pictogram a third of the tile: the pads above and below give way first. */
int ui_tile_least_height(struct ui *ui, int texts_h);

/* An invisible area that reacts to a tap ("touch anywhere to start"),
 * recorded under label for tests. Widgets drawn after it over the same
 * place take the tap instead. */
bool ui_touch_area(struct ui *ui, struct ui_rect r, const char *label);

/* The header bar: back and home (start edge), title, then the actions at
 * the end.
 * Cut from the top of *r: the bar, and in portrait (or when the title
 * does not fit beside the buttons) a band under it that holds the title
 * on up to two lines. Buttons show their label when all fit, else their
 * pictogram alone. */
enum ui_header_action { UI_HEADER_NONE = 0, UI_HEADER_BACK, UI_HEADER_HOME, UI_HEADER_LANGUAGE,
                        UI_HEADER_DONE, UI_HEADER_SPEAK };
struct ui_header_desc {
    const char *title;
    const char *back_label;      /* NULL: no back button */
    const char *home_label;      /* NULL: no home button (a house, after back) */
    const char *language_label;  /* NULL: no language button */
    const char *done_label;      /* NULL: no done button */
    const char *speak_label;     /* NULL: no speaker; else always its
                                    pictogram alone, the label recorded */
    bool speak_no_voice;         /* the speaker crossed out */
};
enum ui_header_action ui_header(struct ui *ui, struct ui_rect *r, const struct ui_header_desc *desc);

/* A vertically scrolling area with touch drag and momentum. Everything
 * drawn between begin and end is clipped to r and shifted up by the scroll
 * offset; content_height is what the content needs. Returns r.y: lay the
 * content out from there as if it did not scroll. Where the content goes
 * on past an edge, ui_scroll_end draws the hint there: a fade and an
 * arrow pictogram ("more-below", "more-above"). */
int ui_scroll_begin(struct ui *ui, const char *id, struct ui_rect r, int content_height);
void ui_scroll_end(struct ui *ui);
/* How far the hint's fade reaches into an area this high: content that
 * must stay readable ends above it. */
int ui_scroll_fade_height(struct ui *ui, int area_h);
/* Moves the scroll area id so that offset px of its content are above its
 * top edge (as far as the content goes), from the next pass on: a button
 * that jumps to a part of a long page. */
void ui_scroll_to(struct ui *ui, const char *id, int offset);

/* True if any of the logical rectangle r shows (inside the screen, the
 * clip and the scroll area's window): long lists skip what is not seen. */
bool ui_is_visible(const struct ui *ui, struct ui_rect r);

/* A row of a list: one touch target the width of the list. */
struct ui_row_desc {
    const char *title;
    const char *subtitle;          /* optional, muted, under the title */
    const char *note;              /* optional, e.g. "Shown in English" */
    const char *pictogram;         /* optional, at the start edge */
    const char *lead;              /* optional, before the title: a time */
    const char *badge;             /* optional, at the end edge */
    uint32_t badge_fill, badge_ink;   /* 0: neutral */
    struct text_style title_style;    /* only lang/rtl are taken: texts */
    struct text_style subtitle_style; /* shown in a fallback language */
};
bool ui_row(struct ui *ui, struct ui_rect r, const struct ui_row_desc *d);
/* The height a row of this width needs for its title whole (two lines at
 * most), its subtitle (a preview: two lines, then "…") and note. */
int ui_row_height(struct ui *ui, int width, const struct ui_row_desc *d);

/* A pill with a short label ("Open now"). */
void ui_badge(struct ui *ui, struct ui_rect r, const char *label, uint32_t fill, uint32_t ink);
int ui_badge_width(struct ui *ui, const char *label);
/* The height of a badge with its label on as many lines as width needs. */
int ui_badge_height(struct ui *ui, const char *label, int width);

/* Identity of a widget for press tracking: a hash of a string. */
uint64_t ui_id(const char *s);

#endif
