/* frame.h — the list of draw commands one UI pass produces. Screens emit it;
 * the platform walks it and draws (or a test reads it). Coordinates are
 * physical pixels of the drawable, already mirrored for right-to-left
 * languages. Strings point into the frame's own arena and live until the
 * next UI pass. */
#ifndef UI_FRAME_H
#define UI_FRAME_H

#include "../core/wk.h"
#include "../text/text.h"

struct ui_rect { int x, y, w, h; };

enum ui_cmd_kind {
    UI_CMD_RECT,      /* filled rectangle, optional rounded corners and border */
    UI_CMD_TEXT,      /* a text block; rect is exactly where its top-left goes
                         and its measured size */
    UI_CMD_IMAGE,     /* a pictogram scaled to fit rect, centred, recoloured */
    UI_CMD_CLIP,      /* from here on, draw only inside rect; w == 0 clears */
    UI_CMD_QR,        /* a QR code of `text` (UTF-8), dark modules in `color`
                         (0 = black) on white, with a quiet zone of 4 modules,
                         as large as fits in rect, centred; whole pixels per
                         module so it stays sharp. Never mirrored. */
};

struct ui_cmd {
    enum ui_cmd_kind kind;
    struct ui_rect rect;
    uint32_t color;          /* RECT fill, TEXT colour is in style, IMAGE and
                                QR ink */
    int radius;              /* RECT corner radius in pixels */
    uint32_t border_color;   /* RECT border, drawn inside rect; 0 = none */
    int border_width;
    const char *text;        /* TEXT and QR: UTF-8 */
    struct text_style style; /* TEXT */
    const char *image;       /* IMAGE: pictogram name, assets/pictograms/NAME.svg */
    bool mirror;             /* IMAGE: flip horizontally (arrows in RTL) */
    /* TEXT, what the text engine and the toolkit know about how it fits
     * (tests/test_layout.c reads them on every screen): */
    bool truncated;          /* it ends in an ellipsis */
    bool cut_ok;             /* ...and that is meant: a one-line preview of a
                                longer text the row opens, or typed text */
    bool overflows;          /* taller or wider than the box it was given */
    int missing;             /* code points no shipped font draws */
    uint32_t first_missing;
};

/* What a test can find on the screen by its label: every button, tile and
 * list row a person could touch, with where it is. */
enum ui_widget_kind {
    UI_WIDGET_BUTTON, UI_WIDGET_TILE, UI_WIDGET_ROW, UI_WIDGET_LABEL,
    UI_WIDGET_KEY,           /* a key of the on-screen keyboard (keyboard.h):
                                at least UI_MIN_TOUCH_DP high, but twelve
                                across a portrait screen are narrower */
    UI_WIDGET_FIELD,         /* a text field, recorded under its label */
    UI_WIDGET_AREA,          /* a touch area behind other widgets (the
                                attract screen, a dialog's backdrop) */
};

struct ui_widget {
    enum ui_widget_kind kind;
    const char *label;       /* the visible text, UTF-8 */
    struct ui_rect rect;     /* where it is on screen, physical pixels */
    bool enabled;
    bool in_header;          /* a button of the header bar (Back, Done...) */
    const char *lang;        /* the label's language when not the UI's
                                (a language's own name); NULL: the UI's */
};

struct ui_frame {
    int width, height;
    uint32_t background;     /* 0xRRGGBBAA */
    const struct ui_cmd *cmds;
    size_t cmd_count;
    const struct ui_widget *widgets;
    size_t widget_count;
    uint64_t fingerprint;    /* equal fingerprints = identical pictures */
    const char *title;       /* the header's title; NULL: no header */
};

#endif
