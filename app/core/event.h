/* event.h — input and system events in the app's own types. The platform
 * translates SDL (or a test script) into these; app/ never sees SDL. */
#ifndef WK_EVENT_H
#define WK_EVENT_H

#include <stdint.h>

enum wk_event_type {
    WK_EV_NONE = 0,
    WK_EV_QUIT,            /* window closed, SIGTERM */
    WK_EV_POINTER_DOWN,    /* finger or mouse button down at (x, y) */
    WK_EV_POINTER_MOVE,    /* finger drag or mouse motion with the button held */
    WK_EV_POINTER_UP,
    WK_EV_KEY,             /* a hardware key, see enum wk_key */
    WK_EV_RESIZE,          /* the drawable is now width x height */
    WK_EV_EXPOSE,          /* the window must be drawn again (uncovered) */
    WK_EV_WAKE,            /* another thread asks the loop to look again */
};

enum wk_key {
    WK_KEY_NONE = 0,
    WK_KEY_BACK,           /* Escape / Back */
    WK_KEY_ENTER,
    WK_KEY_QUIT,           /* Ctrl+Q on a desktop build */
    WK_KEY_BACKSPACE,
    WK_KEY_DASH,           /* '-', as a badge scanner types "0427-83920571" */
    WK_KEY_DIGIT_0,        /* the digits, WK_KEY_DIGIT_0 + n, from the row or
                              the keypad (a USB QR scanner types like a keyboard) */
    WK_KEY_DIGIT_9 = WK_KEY_DIGIT_0 + 9,
};

struct wk_event {
    enum wk_event_type type;
    int x, y;              /* pointer position in drawable pixels */
    int key;               /* enum wk_key for WK_EV_KEY */
    int width, height;     /* for WK_EV_RESIZE */
};

#endif
