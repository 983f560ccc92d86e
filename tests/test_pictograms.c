/* test_pictograms.c — pictograms that carry meaning, for a resident who
 * reads little: every category, service, activity, form choice and action
 * has a picture of its own, and the home tiles' pictures are large enough
 * to recognise at arm's length. */
#include "harness.h"
#include "../app/ui/ui.h"
#include "../app/ui/keyboard.h"

#include <string.h>
#include <unistd.h>

/* ---- home: a third of the tile ---- */

/* The pictogram drawn inside a widget: the largest image command whose box
 * lies in the widget's rect (a chosen tile's tick is smaller); NULL if none. */
static const struct ui_cmd *picture_in(const struct ui_frame *f, struct ui_rect r)
{
    const struct ui_cmd *best = NULL;
    for (size_t i = 0; i < f->cmd_count; i++) {
        const struct ui_cmd *c = &f->cmds[i];
        if (c->kind != UI_CMD_IMAGE || !c->image || c->rect.x < r.x || c->rect.y < r.y ||
            c->rect.x + c->rect.w > r.x + r.w || c->rect.y + c->rect.h > r.y + r.h)
            continue;
        if (!best || c->rect.w * c->rect.h > best->rect.w * best->rect.h)
            best = c;
    }
    return best;
}

/* The whole tile behind a widget, which is only its visible part when the
 * grid scrolls: the tile's bordered frame, drawn unclipped. */
static struct ui_rect whole_tile(const struct ui_frame *f, const struct ui_widget *w)
{
    for (size_t i = 0; i < f->cmd_count; i++) {
        const struct ui_rect *r = &f->cmds[i].rect;
        if (f->cmds[i].kind == UI_CMD_RECT && f->cmds[i].border_width > 0 && r->x == w->rect.x &&
            r->w == w->rect.w && r->y <= w->rect.y && r->y + r->h >= w->rect.y + w->rect.h)
            return *r;
    }
    return w->rect;
}

/* Each home tile on screen has its topic's pictogram, with a box at least
 * `least` pixels high, and at least a third of the tile's height when
 * `third`. The box is what is checked: the drawing fills it less a margin
 * of about 3 of its 48 units (assets/pictograms/README.md). At the normal
 * text size all six tiles must be on screen; at the largest text step the
 * grid scrolls, and the tiles out of view are not checked. */
static void check_home_pictograms(struct harness *h, const char *lang, int width, int height,
                                  bool third, int least)
{
    const struct ui_frame *f = kiosk_frame(h->kiosk);
    size_t count;
    const struct home_topic *t = home_topics(&count);
    int seen = 0;
    CHECK_INT_EQ(kiosk_screen(h->kiosk), SCREEN_HOME);
    for (size_t i = 0; i < count; i++) {
        const char *title = tr_in(h->i18n, lang, t[i].title);
        const struct ui_widget *w = kiosk_find_widget(h->kiosk, title);
        if (!w && third)
            test_fail(__FILE__, __LINE__, "%s %dx%d: no tile \"%s\"", lang, width, height, title);
        if (!w)
            continue;
        seen++;
        struct ui_rect tile = whole_tile(f, w);
        const struct ui_cmd *pic = picture_in(f, tile);
        if (!pic || strcmp(pic->image, t[i].pictogram) != 0)
            test_fail(__FILE__, __LINE__, "%s %dx%d: tile \"%s\" shows %s, not \"%s\"", lang, width,
                      height, title, pic ? pic->image : "no pictogram", t[i].pictogram);
        if (third && pic->rect.h * 3 < tile.h)
            test_fail(__FILE__, __LINE__, "%s %dx%d: the pictogram of \"%s\" is %d px high on a "
                      "tile of %d px: under a third", lang, width, height, title, pic->rect.h, tile.h);
        if (pic->rect.h < least)
            test_fail(__FILE__, __LINE__, "%s %dx%d: the pictogram of \"%s\" is %d px, under %d",
                      lang, width, height, title, pic->rect.h, least);
    }
    CHECK(seen > 0);
}

/* At the normal text size, in every language at every size, each home
 * tile's pictogram is at least a third of the tile's height: the home
 * screen gives way with its subtitles and its question line first. At the
 * largest text step (A+), long words need the room: there the pictogram
 * may give way to the title, but never below UI_TILE_MIN_ICON_DP. */
TEST(home_pictograms_are_a_third_of_their_tile_in_every_language_and_size)
{
    static const int sizes[][2] = { { 800, 480 }, { 1280, 800 }, { 1920, 1080 }, { 1080, 1920 } };
    size_t count;
    const struct i18n_language *langs = i18n_languages(&count);
    for (size_t s = 0; s < WK_ARRAY_LEN(sizes); s++) {
        int width = sizes[s][0], height = sizes[s][1];
        double scale = WK_MIN((double)WK_MAX(width, height) / UI_BASE_LONG_SIDE,
                              (double)WK_MIN(width, height) / UI_BASE_SHORT_SIDE);
        int least = (int)(UI_TILE_MIN_ICON_DP * scale);
        struct harness h;
        harness_open(&h, &(struct harness_desc){ .width = width, .height = height });
        for (size_t i = 0; i < count; i++) {
            if (i == 0)
                harness_tap(&h, langs[i].endonym);
            else {
                harness_tap(&h, tr_in(h.i18n, langs[i - 1].code, "Language"));
                harness_tap(&h, langs[i].endonym);
            }
            check_home_pictograms(&h, langs[i].code, width, height, true, least);
        }
        /* The largest text step, in the last language and then in Arabic
         * (a larger script) and Tigrinya (long words). */
        const char *last = langs[count - 1].code;
        for (int step = 1; step < UI_TEXT_STEPS; step++)
            harness_tap(&h, tr_in(h.i18n, last, "A+"));
        check_home_pictograms(&h, last, width, height, false, least);
        harness_tap(&h, tr_in(h.i18n, last, "Language"));
        harness_tap(&h, "العربية");
        check_home_pictograms(&h, "ar", width, height, false, least);
        harness_tap(&h, tr_in(h.i18n, "ar", "Language"));
        harness_tap(&h, "ትግርኛ");
        check_home_pictograms(&h, "ti", width, height, false, least);
        harness_close(&h);
    }
}
