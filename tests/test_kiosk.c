/* test_kiosk.c — the kiosk as a resident meets it: the attract screen,
 * picking a language by its own name, the home screen in that language,
 * the idle warning with its countdown and the wipe back to the start. */
#include "harness.h"
#include "../app/ui/ui.h"

TEST(attract_screen_cycles_through_every_language)
{
    struct harness h;
    harness_open(&h, &(struct harness_desc){ 0 });
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_ATTRACT);
    /* Every language's endonym is on the attract screen. */
    size_t count;
    const struct i18n_language *langs = i18n_languages(&count);
    for (size_t i = 0; i < count; i++)
        CHECK(kiosk_find_widget(h.kiosk, langs[i].endonym) != NULL);
    /* The welcome cycles: Dutch first, then English, then French. */
    CHECK(harness_shows(&h, tr_in(h.i18n, "nl", "Touch to start")));
    harness_wait(&h, ATTRACT_CYCLE_MS);
    CHECK(harness_shows(&h, "Touch to start"));
    harness_wait(&h, ATTRACT_CYCLE_MS);
    CHECK(harness_shows(&h, tr_in(h.i18n, "fr", "Touch to start")));
    harness_wait(&h, ATTRACT_CYCLE_MS * 4);
    CHECK(harness_shows(&h, tr_in(h.i18n, "ti", "Welcome")));
    harness_close(&h);
}

/* The clock's date follows the greeting: "Monday 5 January" under
 * "Welkom", "الاثنين 5 يناير" under "أهلاً وسهلاً", never the Dutch date
 * under another language's welcome. */
TEST(the_attract_date_is_in_the_language_of_the_greeting)
{
    struct harness h;
    harness_open(&h, &(struct harness_desc){ 0 });     /* Monday 5 January 2026, 10:00 */
    size_t count;
    const struct i18n_language *langs = i18n_languages(&count);
    for (size_t i = 0; i < count; i++) {
        const char *code = langs[i].code;
        char date[128];
        snprintf(date, sizeof date, tr_in(h.i18n, code, "%1$s %2$d %3$s"),
                 tr_in(h.i18n, code, "Monday"), 5, tr_in(h.i18n, code, "January"));
        CHECK(harness_shows(&h, tr_in(h.i18n, code, "Touch to start")));
        if (!harness_shows(&h, date))
            test_fail(__FILE__, __LINE__, "%s: the attract screen does not show \"%s\"", code, date);
        if (strcmp(code, "nl") != 0)
            CHECK(!harness_shows(&h, "januari"));
        harness_wait(&h, ATTRACT_CYCLE_MS);
    }
    harness_close(&h);
}

TEST(touching_a_language_on_the_attract_screen_starts_in_it)
{
    struct harness h;
    harness_open(&h, &(struct harness_desc){ 0 });
    harness_tap(&h, "ትግርኛ");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_HOME);
    CHECK_STR_EQ(kiosk_language(h.kiosk), "ti");
    CHECK(harness_shows(&h, tr_in(h.i18n, "ti", "Services")));
    harness_close(&h);
}

TEST(language_picker_then_home_in_french_then_done)
{
    struct harness h;
    harness_open(&h, &(struct harness_desc){ 0 });
    harness_run(&h, "tap-at:640,300");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_LANGUAGE);
    harness_tap(&h, "Français");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_HOME);
    CHECK_STR_EQ(kiosk_language(h.kiosk), "fr");
    CHECK(harness_shows(&h, tr_in(h.i18n, "fr", "What are you looking for?")));
    harness_tap(&h, tr_in(h.i18n, "fr", "Done"));
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_ATTRACT);
    CHECK_STR_EQ(kiosk_language(h.kiosk), "nl");
    harness_close(&h);
}

TEST(language_switches_at_run_time_without_restart)
{
    struct harness h;
    harness_open(&h, &(struct harness_desc){ 0 });
    harness_tap(&h, "English");
    CHECK(harness_shows(&h, "What are you looking for?"));
    harness_tap(&h, "Language");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_LANGUAGE);
    harness_tap(&h, "العربية");
    CHECK_STR_EQ(kiosk_language(h.kiosk), "ar");
    /* (The question above the tiles may give way to them in Arabic script;
     * a tile is always there.) */
    CHECK(harness_shows(&h, tr_in(h.i18n, "ar", "Services")));
    CHECK(!harness_shows(&h, "What are you looking for?"));
    CHECK(!harness_shows(&h, "Services"));
    harness_close(&h);
}

TEST(home_tiles_open_and_back_returns)
{
    struct harness h;
    harness_open(&h, &(struct harness_desc){ 0 });
    harness_tap(&h, "English");
    harness_tap(&h, "What's on");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_WHATS_ON);
    harness_tap(&h, "Back");
    harness_tap(&h, "Services");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_CATEGORIES);
    harness_tap(&h, "Back");
    harness_tap(&h, "Leave a message");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_FORM);
    harness_tap(&h, "Back");
    /* Help is a person: the reception desk, with a picture of it. */
    harness_tap(&h, "Help");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_SOON);
    CHECK(harness_shows(&h, "Ask at the reception desk. The staff there will help you."));
    CHECK(!harness_shows(&h, "coming soon"));
    const struct ui_frame *f = kiosk_frame(h.kiosk);
    bool desk = false;
    for (size_t i = 0; i < f->cmd_count; i++)
        desk |= f->cmds[i].kind == UI_CMD_IMAGE && !strcmp(f->cmds[i].image, "reception-desk");
    CHECK(desk);
    harness_tap(&h, "Back");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_HOME);
    harness_close(&h);
}

TEST(idle_timeout_warns_counts_down_and_wipes)
{
    struct harness h;
    harness_open(&h, &(struct harness_desc){ .idle_timeout_ms = 30000 });
    harness_tap(&h, "Українська");
    harness_wait(&h, 29000);
    CHECK(!kiosk_idle_warning_shown(h.kiosk));
    harness_wait(&h, 1500);
    CHECK(kiosk_idle_warning_shown(h.kiosk));
    CHECK(harness_shows(&h, tr_in(h.i18n, "uk", "Are you still there?")));
    /* The countdown is visible and goes down by the second: half a
     * second after it began, 15 seconds are (partly) left. */
    char expect[256];
    snprintf(expect, sizeof expect, trn(h.i18n, "Going back to the start in %d second.",
                                        "Going back to the start in %d seconds.", 15), 15);
    CHECK(harness_shows(&h, expect));
    harness_wait(&h, 10000);
    snprintf(expect, sizeof expect, trn(h.i18n, "Going back to the start in %d second.",
                                        "Going back to the start in %d seconds.", 5), 5);
    CHECK(harness_shows(&h, expect));
    harness_wait(&h, 5000);
    CHECK(!kiosk_idle_warning_shown(h.kiosk));
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_ATTRACT);
    CHECK_STR_EQ(kiosk_language(h.kiosk), "nl");
    harness_close(&h);
}

TEST(a_touch_during_the_warning_keeps_the_session)
{
    struct harness h;
    harness_open(&h, &(struct harness_desc){ 0 });
    harness_tap(&h, "English");
    harness_tap(&h, "Help");
    harness_wait(&h, KIOSK_DEFAULT_IDLE_TIMEOUT_MS + 2000);
    CHECK(kiosk_idle_warning_shown(h.kiosk));
    /* The screen under the dialog takes no touch: Back stays unpressed. */
    harness_tap(&h, "Continue");
    CHECK(!kiosk_idle_warning_shown(h.kiosk));
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_SOON);
    harness_wait(&h, KIOSK_DEFAULT_IDLE_TIMEOUT_MS - 5000);
    CHECK(!kiosk_idle_warning_shown(h.kiosk));
    harness_wait(&h, 6000);
    harness_tap(&h, "Start again");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_ATTRACT);
    harness_close(&h);
}

TEST(an_unchanged_screen_is_not_drawn_again)
{
    struct harness h;
    harness_open(&h, &(struct harness_desc){ 0 });
    harness_tap(&h, "English");
    uint64_t frames = plat_frames_presented(h.plat);
    struct text_stats before, after;
    text_get_stats(h.text, &before);
    /* Taps on nothing and moves change nothing on screen. */
    harness_run(&h, "tap-at:5,790;tap-at:6,791;wait:20000");
    text_get_stats(h.text, &after);
    CHECK_INT_EQ(plat_frames_presented(h.plat), frames);
    CHECK_INT_EQ(after.layouts, before.layouts);
    CHECK_INT_EQ(after.shaped_runs, before.shaped_runs);
    harness_close(&h);
}

TEST(an_idle_home_screen_has_no_deadline_before_the_idle_timeout)
{
    struct harness h;
    harness_open(&h, &(struct harness_desc){ 0 });
    harness_tap(&h, "English");
    int64_t now = plat_now_ms(h.plat);
    int64_t next = kiosk_next_deadline(h.kiosk, now, plat_wall_ms(h.plat));
    CHECK_INT_EQ(next - now, KIOSK_DEFAULT_IDLE_TIMEOUT_MS);
    harness_close(&h);
}

/* Every screen at every supported size: touch targets of at least 9 mm
 * (UI_MIN_TOUCH_DP), nothing outside the screen. */
static void check_targets(struct harness *h, int width, int height)
{
    const struct ui_frame *f = kiosk_frame(h->kiosk);
    double scale = WK_MIN((double)WK_MAX(width, height) / UI_BASE_LONG_SIDE,
                          (double)WK_MIN(width, height) / UI_BASE_SHORT_SIDE);
    int min_px = (int)(UI_MIN_TOUCH_DP * scale);
    for (size_t i = 0; i < f->widget_count; i++) {
        const struct ui_widget *w = &f->widgets[i];
        if (w->kind == UI_WIDGET_LABEL)
            continue;
        if (w->rect.w < min_px || w->rect.h < min_px)
            test_fail(__FILE__, __LINE__, "%dx%d: \"%s\" is %dx%d px, under %d px",
                      width, height, w->label, w->rect.w, w->rect.h, min_px);
        CHECK(w->rect.x >= 0 && w->rect.y >= 0);
        CHECK(w->rect.x + w->rect.w <= width && w->rect.y + w->rect.h <= height);
        /* A tap lands on one thing: a target that runs under another (a
         * tile under the footer's buttons) is cut where the eye sees it. */
        for (size_t j = i + 1; j < f->widget_count; j++) {
            const struct ui_widget *o = &f->widgets[j];
            if (o->kind == UI_WIDGET_LABEL || o->kind == UI_WIDGET_AREA || w->kind == UI_WIDGET_AREA)
                continue;
            if (w->rect.x < o->rect.x + o->rect.w && o->rect.x < w->rect.x + w->rect.w &&
                w->rect.y < o->rect.y + o->rect.h && o->rect.y < w->rect.y + w->rect.h)
                test_fail(__FILE__, __LINE__, "%dx%d: \"%s\" and \"%s\" overlap", width, height,
                          w->label, o->label);
        }
    }
}

TEST(touch_targets_fit_every_supported_size)
{
    static const int sizes[][2] = { { 800, 480 }, { 1280, 800 }, { 1920, 1080 }, { 1080, 1920 } };
    for (size_t s = 0; s < WK_ARRAY_LEN(sizes); s++) {
        struct harness h;
        harness_open(&h, &(struct harness_desc){ .width = sizes[s][0], .height = sizes[s][1] });
        check_targets(&h, sizes[s][0], sizes[s][1]);
        harness_run(&h, "tap-at:10,10");
        check_targets(&h, sizes[s][0], sizes[s][1]);
        /* Every language fits on the picker without scrolling. */
        size_t count;
        const struct i18n_language *langs = i18n_languages(&count);
        for (size_t i = 0; i < count; i++)
            CHECK(kiosk_find_widget(h.kiosk, langs[i].endonym) != NULL);
        harness_tap(&h, "پښتو");
        check_targets(&h, sizes[s][0], sizes[s][1]);
        harness_tap(&h, tr_in(h.i18n, "ps", "Help"));
        check_targets(&h, sizes[s][0], sizes[s][1]);
        harness_close(&h);
    }
}

/* At the normal text size every home tile is on screen whole, without
 * scrolling: its bordered frame is all in view (the widget is its visible
 * part), and its title is inside the window the tiles scroll in (the
 * frame's last clip) and under no band of a scroll hint's fade (a
 * see-through fill across the window, drawn after it). */
static void check_home_tiles_whole(struct harness *h, const char *lang, int width, int height)
{
    const struct ui_frame *f = kiosk_frame(h->kiosk);
    struct ui_rect window = { 0 };
    for (size_t i = 0; i < f->cmd_count; i++)
        if (f->cmds[i].kind == UI_CMD_CLIP && f->cmds[i].rect.w > 0)
            window = f->cmds[i].rect;
    CHECK(window.w > 0);
    size_t count;
    const struct home_topic *t = home_topics(&count);
    for (size_t i = 0; i < count; i++) {
        const char *title = tr_in(h->i18n, lang, t[i].title);
        const struct ui_widget *w = kiosk_find_widget(h->kiosk, title);
        if (!w)
            test_fail(__FILE__, __LINE__, "%s %dx%d: the tile \"%s\" is out of sight", lang,
                      width, height, title);
        for (size_t j = 0; j < f->cmd_count; j++) {
            const struct ui_cmd *c = &f->cmds[j];
            if (c->kind == UI_CMD_RECT && c->border_width > 0 && c->rect.x == w->rect.x &&
                c->rect.w == w->rect.w && c->rect.y <= w->rect.y &&
                c->rect.y + c->rect.h >= w->rect.y + w->rect.h && c->rect.h != w->rect.h)
                test_fail(__FILE__, __LINE__, "%s %dx%d: the tile \"%s\" shows %d of its %d px",
                          lang, width, height, title, w->rect.h, c->rect.h);
            if (c->kind != UI_CMD_TEXT || strcmp(c->text, title) != 0)
                continue;
            if (c->rect.y < window.y || c->rect.y + c->rect.h > window.y + window.h)
                test_fail(__FILE__, __LINE__, "%s %dx%d: the title \"%s\" (y %d..%d) is cut by "
                          "the edge of its window (y %d..%d)", lang, width, height, title,
                          c->rect.y, c->rect.y + c->rect.h, window.y, window.y + window.h);
            for (size_t k = j + 1; k < f->cmd_count; k++) {
                const struct ui_cmd *band = &f->cmds[k];
                if (band->kind == UI_CMD_RECT && band->border_width == 0 &&
                    (band->color & 0xffu) != 0xffu && band->rect.w == window.w &&
                    ui_rects_meet(band->rect, c->rect))
                    test_fail(__FILE__, __LINE__, "%s %dx%d: the title \"%s\" is under the "
                              "scroll hint's fade", lang, width, height, title);
            }
        }
    }
}

/* The home screen of every language at every size: six whole tiles and
 * the footer's buttons, none under another, none cut; at the normal text
 * size all six tiles in view at once, titles whole. */
TEST(home_fits_every_language_at_every_size)
{
    static const int sizes[][2] = { { 800, 480 }, { 1280, 800 }, { 1920, 1080 }, { 1080, 1920 } };
    size_t count;
    const struct i18n_language *langs = i18n_languages(&count);
    for (size_t s = 0; s < WK_ARRAY_LEN(sizes); s++)
        for (size_t i = 0; i < count; i++) {
            struct harness h;
            harness_open(&h, &(struct harness_desc){ .width = sizes[s][0], .height = sizes[s][1] });
            harness_tap(&h, langs[i].endonym);
            check_targets(&h, sizes[s][0], sizes[s][1]);
            check_home_tiles_whole(&h, langs[i].code, sizes[s][0], sizes[s][1]);
            harness_close(&h);
        }
}

static bool shows_image(const struct ui_frame *f, const char *pictogram)
{
    for (size_t i = 0; i < f->cmd_count; i++)
        if (f->cmds[i].kind == UI_CMD_IMAGE && strcmp(f->cmds[i].image, pictogram) == 0)
            return true;
    return false;
}

/* Home's tiles and texts against the window they scroll in (the frame's
 * last clip): the arrow down shows exactly when one of them goes on below
 * it, the arrow up exactly when one goes on above. */
static void check_home_hints(struct harness *h, const char *where)
{
    const struct ui_frame *f = kiosk_frame(h->kiosk);
    struct ui_rect window = { 0 };
    size_t from = 0, to = f->cmd_count;
    for (size_t i = 0; i < f->cmd_count; i++)
        if (f->cmds[i].kind == UI_CMD_CLIP && f->cmds[i].rect.w > 0)
            window = f->cmds[i].rect, from = i;
    for (size_t i = from + 1; i < f->cmd_count && to == f->cmd_count; i++)
        if (f->cmds[i].kind == UI_CMD_CLIP)
            to = i;
    CHECK(window.w > 0);
    bool below = false, above = false;
    int tiles = 0;
    for (size_t i = 0; i < f->widget_count; i++) {
        const struct ui_widget *w = &f->widgets[i];
        if (w->kind != UI_WIDGET_TILE)
            continue;
        tiles++;
        below |= w->rect.y + w->rect.h > window.y + window.h;
        above |= w->rect.y < window.y;
    }
    for (size_t i = from; i < to; i++)
        if (f->cmds[i].kind == UI_CMD_TEXT) {
            below |= f->cmds[i].rect.y + f->cmds[i].rect.h > window.y + window.h;
            above |= f->cmds[i].rect.y < window.y;
        }
    CHECK(tiles > 0);
    if (shows_image(f, "more-below") != below || shows_image(f, "more-above") != above)
        test_fail(__FILE__, __LINE__, "%s: the content goes on %s%s, the hints say %s%s", where,
                  below ? "below " : "", above ? "above" : "",
                  shows_image(f, "more-below") ? "below " : "",
                  shows_image(f, "more-above") ? "above" : "");
}

/* At the largest A+ step on 800x480 the home tiles scroll: the arrow
 * says so, in every language, until the last tile is in sight; at the
 * first step they all fit and nothing is hinted. */
TEST(home_says_when_its_tiles_go_on_past_the_screen)
{
    size_t count;
    const struct i18n_language *langs = i18n_languages(&count);
    int scrolled = 0;
    for (size_t i = 0; i < count; i++) {
        struct harness h;
        harness_open(&h, &(struct harness_desc){ .width = 800, .height = 480 });
        harness_tap(&h, langs[i].endonym);
        check_home_hints(&h, langs[i].code);
        CHECK(!shows_image(kiosk_frame(h.kiosk), "more-below"));
        for (int step = 1; step < UI_TEXT_STEPS; step++)
            harness_tap(&h, tr_in(h.i18n, langs[i].code, "A+"));
        check_home_hints(&h, langs[i].code);
        if (shows_image(kiosk_frame(h.kiosk), "more-below")) {
            scrolled++;
            const struct ui_frame *f = kiosk_frame(h.kiosk);
            const char *tile = NULL;
            for (size_t j = 0; j < f->widget_count && !tile; j++)
                if (f->widgets[j].kind == UI_WIDGET_TILE)
                    tile = f->widgets[j].label;
            char drag[300];
            snprintf(drag, sizeof drag, "drag:%s:-2000;wait:3000", tile);
            harness_run(&h, drag);
            check_home_hints(&h, langs[i].code);
            CHECK(shows_image(kiosk_frame(h.kiosk), "more-above"));
        }
        harness_close(&h);
    }
    CHECK(scrolled > 0);        /* the case the hint is for does happen */
}

TEST(the_layout_mirrors_in_right_to_left_languages)
{
    struct harness h;
    harness_open(&h, &(struct harness_desc){ 0 });
    harness_tap(&h, "English");
    harness_tap(&h, "Help");
    const struct ui_widget *back = kiosk_find_widget(h.kiosk, "Back");
    const struct ui_widget *done = kiosk_find_widget(h.kiosk, "Done");
    CHECK(back && done);
    CHECK(back->rect.x < 200 && done->rect.x > 1000);
    int back_x = back->rect.x;
    harness_tap(&h, "Language");
    harness_tap(&h, "دری");
    harness_tap(&h, tr_in(h.i18n, "fa", "Help"));
    back = kiosk_find_widget(h.kiosk, tr_in(h.i18n, "fa", "Back"));
    done = kiosk_find_widget(h.kiosk, tr_in(h.i18n, "fa", "Done"));
    CHECK(back && done);
    /* Back is on the right, Done on the left, at mirrored places. */
    CHECK_INT_EQ(back->rect.x + back->rect.w, 1280 - back_x);
    CHECK(done->rect.x < 200);
    harness_close(&h);
}
