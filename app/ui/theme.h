/* theme.h — colours and type sizes of the kiosk. High contrast (WCAG AA or
 * better for text on its background), calm, no meaning carried by colour
 * alone. Colours are 0xRRGGBBAA. */
#ifndef UI_THEME_H
#define UI_THEME_H

#define THEME_BACKGROUND   0xf6f3eeffu   /* warm off-white */
#define THEME_SURFACE      0xffffffffu   /* tiles, cards */
#define THEME_INK          0x1d1d1bffu   /* body text: 16:1 on background */
#define THEME_INK_MUTED    0x4a4a46ffu   /* secondary text: 8:1 */
#define THEME_PRIMARY      0x1f5f8bffu   /* buttons, header: 6.6:1 with white */
#define THEME_PRIMARY_DOWN 0x15415fffu
#define THEME_ON_PRIMARY   0xffffffffu
#define THEME_BORDER       0xd3cdc3ffu
#define THEME_PRESSED      0xe6e0d6ffu
#define THEME_ACCENT       0xc2410cffu   /* attention, the countdown */
#define THEME_SHADE        0x1d1d1bb0u   /* dims the screen under a dialog */
#define THEME_OPEN         0x1e6b34ffu   /* "open now": 6.6:1 with white */
#define THEME_LATER        0x8a4b00ffu   /* "opens at": 6.2:1 with white */
#define THEME_CLOSED       0x5b5b57ffu   /* "closed today": 6.9:1 with white */
#define THEME_NOTE         0x6b4e16ffu   /* "shown in English": 7:1 on white */
#define THEME_CARD         0xebe6dcffu   /* a quiet panel (hours, address) */

/* Type sizes in dp (ui_font). Nothing a resident reads is under 18 px on
 * the 7" 800x480 panel: smaller Ethiopic loses the marks that tell its
 * syllables apart. */
#define THEME_TEXT_HUGE   44
#define THEME_TEXT_TITLE  30
#define THEME_TEXT_LABEL  22
#define THEME_TEXT_BODY   20
#define THEME_TEXT_SMALL  18

/* Spacing in dp. */
#define THEME_GAP       12
#define THEME_MARGIN    20
#define THEME_RADIUS    12
#define THEME_HEADER_DP 72

#endif
