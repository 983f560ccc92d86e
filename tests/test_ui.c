/* test_ui.c — the widget toolkit on its own: taps, drags that are not
 * taps, momentum scrolling that comes to rest, mirroring, and the frame
 * fingerprint that lets the loop skip unchanged frames. */
#include "test.h"
#include "../app/ui/ui.h"
#include "../app/ui/keyboard.h"
#include "../app/text/text.h"

#include <stdio.h>
#include <string.h>

#define ROWS 60
#define ROW_H 60

struct list_screen {
    struct ui *ui;
    struct text_ctx *text;
    int clicked;              /* row tapped in the last pass, or -1 */
    int rows;                 /* rows in the list; 0: ROWS */
    int64_t now;
};

static void open_list(struct list_screen *s)
{
    s->rows = 0;
    char fonts[1200], err[WK_ERR_MAX];
    snprintf(fonts, sizeof fonts, "%s/fonts", test_root());
    CHECK_OK(text_open(&(struct text_config){ .fonts_dir = fonts }, &s->text, err));
    CHECK_OK(ui_open(s->text, &s->ui, err));
    s->now = 1000;
}

/* A screen with one scrolling list of ROWS buttons in a 400 px window. */
static const struct ui_frame *pass(struct list_screen *s, enum wk_event_type type, int x, int y,
                                   bool rtl)
{
    struct wk_event ev = { .type = type, .x = x, .y = y };
    ui_begin(s->ui, 800, 480, rtl, rtl ? "ar" : "en", s->now, type ? &ev : NULL);
    struct ui_rect area = { 0, 40, 300, 400 };
    int rows = s->rows ? s->rows : ROWS;
    int top = ui_scroll_begin(s->ui, "list", area, rows * ROW_H);
    s->clicked = -1;
    for (int i = 0; i < rows; i++) {
        char label[32];
        snprintf(label, sizeof label, "Row %d", i);
        if (ui_button(s->ui, (struct ui_rect){ 0, top + i * ROW_H, 300, ROW_H - 4 },
                      &(struct ui_button_desc){ .label = label }))
            s->clicked = i;
    }
    ui_scroll_end(s->ui);
    return ui_end(s->ui);
}

static const struct ui_widget *find(const struct ui_frame *f, const char *label)
{
    for (size_t i = 0; i < f->widget_count; i++)
        if (strcmp(f->widgets[i].label, label) == 0)
            return &f->widgets[i];
    return NULL;
}

TEST(a_tap_is_a_press_and_release_on_the_same_widget)
{
    struct list_screen s;
    open_list(&s);
    pass(&s, WK_EV_NONE, 0, 0, false);
    pass(&s, WK_EV_POINTER_DOWN, 150, 40 + 2 * ROW_H + 20, false);
    CHECK_INT_EQ(s.clicked, -1);
    pass(&s, WK_EV_POINTER_UP, 150, 40 + 2 * ROW_H + 22, false);
    CHECK_INT_EQ(s.clicked, 2);
    /* Press on one row, release on another: nothing. */
    pass(&s, WK_EV_POINTER_DOWN, 150, 40 + 20, false);
    pass(&s, WK_EV_POINTER_UP, 150, 40 + ROW_H * 3 + 20, false);
    CHECK_INT_EQ(s.clicked, -1);
    ui_close(s.ui);
    text_close(s.text);
}

TEST(a_flick_scrolls_on_and_comes_to_rest)
{
    struct list_screen s;
    open_list(&s);
    const struct ui_frame *f = pass(&s, WK_EV_NONE, 0, 0, false);
    CHECK(find(f, "Row 0") != NULL);
    CHECK(find(f, "Row 20") == NULL);
    /* A finger flicks upwards by 200 px in 100 ms. */
    int y = 400;
    pass(&s, WK_EV_POINTER_DOWN, 150, y, false);
    for (int i = 0; i < 10; i++) {
        s.now += 10;
        y -= 20;
        pass(&s, WK_EV_POINTER_MOVE, 150, y, false);
    }
    s.now += 5;
    pass(&s, WK_EV_POINTER_UP, 150, y, false);
    CHECK_INT_EQ(s.clicked, -1);          /* a drag is not a tap */
    CHECK(ui_animating(s.ui));
    int passes = 0;
    while (ui_animating(s.ui) && passes < 1000) {
        s.now += 16;
        f = pass(&s, WK_EV_NONE, 0, 0, false);
        passes++;
    }
    CHECK(!ui_animating(s.ui));
    CHECK(passes > 10);                   /* it glided ... */
    CHECK(passes < 400);                  /* ... and stopped within seconds */
    /* It moved well past where the finger left it. */
    CHECK(find(f, "Row 0") == NULL);
    CHECK(find(f, "Row 12") != NULL || find(f, "Row 14") != NULL || find(f, "Row 16") != NULL);
    /* Rows outside the list's window are not touchable. */
    for (size_t i = 0; i < f->widget_count; i++)
        CHECK(f->widgets[i].rect.y >= 40 && f->widgets[i].rect.y + f->widgets[i].rect.h <= 440);
    ui_close(s.ui);
    text_close(s.text);
}

TEST(scrolling_stops_at_the_ends)
{
    struct list_screen s;
    open_list(&s);
    pass(&s, WK_EV_NONE, 0, 0, false);
    /* Pull down at the top: nothing moves past the start. */
    pass(&s, WK_EV_POINTER_DOWN, 150, 100, false);
    s.now += 50;
    const struct ui_frame *f = pass(&s, WK_EV_POINTER_MOVE, 150, 300, false);
    CHECK_INT_EQ(find(f, "Row 0")->rect.y, 40);
    pass(&s, WK_EV_POINTER_UP, 150, 300, false);
    /* A huge drag up stops at the last row. */
    pass(&s, WK_EV_POINTER_DOWN, 150, 430, false);
    s.now += 1000;
    pass(&s, WK_EV_POINTER_MOVE, 150, -20000, false);
    s.now += 1000;
    f = pass(&s, WK_EV_POINTER_UP, 150, -20000, false);
    const struct ui_widget *last = find(f, "Row 59");
    CHECK(last != NULL);
    CHECK_INT_EQ(last->rect.y + last->rect.h + 4, 440);
    ui_close(s.ui);
    text_close(s.text);
}

TEST(rtl_mirrors_rectangles)
{
    struct list_screen s;
    open_list(&s);
    const struct ui_frame *f = pass(&s, WK_EV_NONE, 0, 0, true);
    const struct ui_widget *row = find(f, "Row 0");
    CHECK(row != NULL);
    CHECK_INT_EQ(row->rect.x, 800 - 300);
    ui_close(s.ui);
    text_close(s.text);
}

TEST(the_fingerprint_tells_changed_frames_apart)
{
    struct list_screen s;
    open_list(&s);
    uint64_t a = pass(&s, WK_EV_NONE, 0, 0, false)->fingerprint;
    uint64_t b = pass(&s, WK_EV_NONE, 0, 0, false)->fingerprint;
    CHECK(a == b);
    /* A held button is drawn darker: a different picture. */
    uint64_t c = pass(&s, WK_EV_POINTER_DOWN, 150, 60, false)->fingerprint;
    CHECK(c != a);
    uint64_t d = pass(&s, WK_EV_NONE, 0, 0, true)->fingerprint;
    CHECK(d != a);
    ui_close(s.ui);
    text_close(s.text);
}

/* The scroll hint's arrow named pictogram in frame f, or NULL. */
static const struct ui_cmd *hint(const struct ui_frame *f, const char *pictogram)
{
    for (size_t i = 0; i < f->cmd_count; i++)
        if (f->cmds[i].kind == UI_CMD_IMAGE && strcmp(f->cmds[i].image, pictogram) == 0)
            return &f->cmds[i];
    return NULL;
}

/* Drags the list by dy pixels, slowly enough not to glide. */
static const struct ui_frame *drag(struct list_screen *s, int dy)
{
    pass(s, WK_EV_POINTER_DOWN, 150, 240, false);
    s->now += 1000;
    pass(s, WK_EV_POINTER_MOVE, 150, 240 + dy, false);
    s->now += 1000;
    return pass(s, WK_EV_POINTER_UP, 150, 240 + dy, false);
}

TEST(a_scroll_hint_shows_exactly_where_the_content_goes_on)
{
    struct list_screen s;
    open_list(&s);
    /* Six rows fill 360 of the 400 px: nothing continues, no hint. */
    s.rows = 6;
    const struct ui_frame *f = pass(&s, WK_EV_NONE, 0, 0, false);
    CHECK(hint(f, "more-below") == NULL);
    CHECK(hint(f, "more-above") == NULL);
    /* Sixty: at the top, an arrow down at the bottom edge of the list,
     * over a fade toward the background. */
    s.rows = ROWS;
    f = pass(&s, WK_EV_NONE, 0, 0, false);
    const struct ui_cmd *down = hint(f, "more-below");
    CHECK(down != NULL);
    CHECK(hint(f, "more-above") == NULL);
    CHECK(down->rect.y > 440 - 60 && down->rect.y + down->rect.h <= 440);
    CHECK(down->rect.x > 0 && down->rect.x + down->rect.w < 300);
    bool faded = false;
    for (size_t i = 0; i < f->cmd_count; i++)
        faded |= f->cmds[i].kind == UI_CMD_RECT && (f->cmds[i].color & 0xff) < 0xff &&
                 f->cmds[i].rect.y + f->cmds[i].rect.h == 440 && f->cmds[i].rect.w == 300;
    CHECK(faded);
    /* In the middle: both ways. */
    f = drag(&s, -600);
    CHECK(hint(f, "more-below") != NULL);
    const struct ui_cmd *up = hint(f, "more-above");
    CHECK(up != NULL);
    CHECK(up->rect.y >= 40 && up->rect.y < 40 + 60);
    /* At the end: only up. */
    f = drag(&s, -20000);
    CHECK(hint(f, "more-below") == NULL);
    CHECK(hint(f, "more-above") != NULL);
    /* Back at the top: only down again. */
    f = drag(&s, 20000);
    CHECK(hint(f, "more-below") != NULL);
    CHECK(hint(f, "more-above") == NULL);
    ui_close(s.ui);
    text_close(s.text);
}

/* One pass drawing a message box of width 500 at (100, 50), as tall as
 * ui_text_box_height says for 3 to 5 lines (or height, if given); returns
 * the frame and the box's height. */
static const struct ui_frame *box_pass(struct list_screen *s, bool rtl, const char *text,
                                       int height, int *box_h)
{
    ui_begin(s->ui, 800, 480, rtl, rtl ? "ar" : "en", s->now, NULL);
    *box_h = height ? height : ui_text_box_height(s->ui, 500, text, 3, 5);
    ui_text_box(s->ui, (struct ui_rect){ 100, 50, 500, *box_h }, "Message", text, true);
    return ui_end(s->ui);
}

static const struct ui_cmd *typed(const struct ui_frame *f)
{
    for (size_t i = 0; i < f->cmd_count; i++)
        if (f->cmds[i].kind == UI_CMD_TEXT)
            return &f->cmds[i];
    return NULL;
}

/* n copies of word, separated by spaces. */
static const char *words(char *out, size_t size, const char *word, int n)
{
    out[0] = '\0';
    for (int i = 0; i < n; i++)
        snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? " " : "", word);
    return out;
}

TEST(the_message_box_wraps_grows_from_three_to_five_lines_then_scrolls)
{
    struct list_screen s;
    open_list(&s);
    char text[2000];
    int empty_h, h;
    box_pass(&s, false, "", 0, &empty_h);
    /* A long message in Arabic, in Tigrinya, in Ukrainian: on lines that
     * wrap at the box's width, never wider. */
    static const char *const samples[] = { "مرحبا", "ሰላም ንኹልኩም", "Привіт" };
    for (size_t i = 0; i < 3; i++) {
        int one, few;
        box_pass(&s, i == 0, samples[i], 0, &one);
        box_pass(&s, i == 0, words(text, sizeof text, samples[i], 3), 0, &few);
        CHECK_INT_EQ(few, one);                           /* a few words: three lines' room */
        CHECK(one >= empty_h);
        const struct ui_frame *f = box_pass(&s, i == 0, words(text, sizeof text, samples[i], 40),
                                            0, &h);
        const struct ui_cmd *t = typed(f);
        CHECK(t != NULL);
        if (h <= one)
            test_fail(__FILE__, __LINE__, "%s: %d <= %d (text %dx%d, size %d)", samples[i], h, one, t->rect.w, t->rect.h, t->style.size);
        int left = i == 0 ? 800 - 600 : 100;             /* mirrored in the Arabic screen */
        CHECK(t->rect.w <= 500 && t->rect.x >= left && t->rect.x + t->rect.w <= left + 500);
        CHECK(t->rect.h > 2 * t->style.size);             /* more than one line */
        CHECK(t->style.max_width > 0 && t->style.max_width < 500);
        CHECK(t->style.secret);
        /* The caret follows the last character. */
        size_t n = strlen(t->text);
        CHECK(n > 0 && t->text[n - 1] == '|');
    }
    /* Five lines at most: a longer text keeps the box's height, shows its
     * last line on the box's bottom and goes out at the top. */
    int five;
    box_pass(&s, false, words(text, sizeof text, "Привіт", 60), 0, &five);
    const struct ui_frame *f = box_pass(&s, false, words(text, sizeof text, "Привіт", 120), 0, &h);
    CHECK_INT_EQ(h, five);
    CHECK(five > empty_h * 3 / 2);
    const struct ui_cmd *t = typed(f);
    CHECK(t->rect.y < 50);
    CHECK(t->rect.y + t->rect.h <= 50 + h && t->rect.y + t->rect.h > 50 + h - t->style.size);
    /* Direction: an Arabic message in an English screen starts at the
     * right, an English one in an Arabic screen at the left. */
    f = box_pass(&s, false, words(text, sizeof text, "مرحبا", 4), 0, &h);
    t = typed(f);
    CHECK(t->style.rtl);
    CHECK(600 - (t->rect.x + t->rect.w) < 40);
    f = box_pass(&s, true, words(text, sizeof text, "Hello", 4), 0, &h);
    t = typed(f);
    CHECK(!t->style.rtl);
    CHECK(t->rect.x - (800 - 600) < 40);                  /* the box mirrored: 200..700 */
    ui_close(s.ui);
    text_close(s.text);
}
