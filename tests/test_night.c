/* test_night.c — night mode, headless on the fake clock: a bundle whose
 * [screen_hours] say Monday 08:00-20:00 (Brussels), and a kiosk watched at
 * the edges of those hours: dark at 07:59, the attract screen at 08:00
 * sharp, dark again at 20:00; a touch at night wakes it for a while; a day
 * without hours is dark; a clock that cannot be trusted keeps it on. */
#include "harness.h"
#include "fixture.h"
#include "../app/content/content.h"
#include "../platform/common/backlight.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 2026-01-05 is a Monday; Brussels is UTC+1 in January. */
#define MON_0000_LOCAL_MS 1767567600000LL
#define MINUTE_MS 60000LL
#define AT(h, m) (MON_0000_LOCAL_MS + ((h) * 60LL + (m)) * MINUTE_MS)

static const char CENTRE[] =
    "[bundle]\ncentre = Test centre (demo)\ncontent_version = 3\n"
    "created_at = 2026-01-01T00:00:00Z\ntimezone = Europe/Brussels\ndemo = yes\n"
    "[languages]\nnl = yes\nen = yes\n"
    "[settings]\ndefault_language = en\n"
    "[screen_hours]\n%s";

static void open_kiosk(struct harness *h, const char *hours, int64_t wall_ms)
{
    static struct content_keys keys;
    static char src[FIXTURE_PATH_BYTES], bundle[FIXTURE_PATH_BYTES];
    char text[1024];
    keys = fixture_test_keys();
    fixture_paths("night", src, bundle);
    snprintf(text, sizeof text, CENTRE, hours);
    fixture_put(src, "centre.ini", text);
    fixture_put(src, "categories.ini", "[work]\npictogram = work\nnl = Werk\nen = Work\n");
    fixture_bundle(src, bundle);
    harness_open(h, &(struct harness_desc){ .bundle = bundle, .keys = &keys, .default_language = "en",
                                            .wall_clock_ms = wall_ms, .width = 800, .height = 480 });
}

static bool dark(struct harness *h)
{
    return kiosk_screen(h->kiosk) == SCREEN_ATTRACT && harness_shows(h, "Touch to start") &&
           !harness_shows(h, "English");
}

/* The attract screen, awake: its language chips show. */
static bool awake(struct harness *h)
{
    return kiosk_screen(h->kiosk) == SCREEN_ATTRACT && harness_shows(h, "English");
}

TEST(the_screen_is_dark_at_0759_on_at_0800_and_dark_again_at_2000)
{
    struct harness h;
    open_kiosk(&h, "mon = 08:00-20:00\n", AT(7, 59));
    CHECK(dark(&h));
    /* Nothing to draw until the hours begin: the next look is at 08:00. */
    int64_t now = plat_now_ms(h.plat);
    CHECK_INT_EQ(kiosk_next_deadline(h.kiosk, now, AT(7, 59)) - now, MINUTE_MS);
    harness_wait(&h, MINUTE_MS - 1);
    CHECK(dark(&h));
    harness_wait(&h, 1);
    CHECK(awake(&h));
    harness_wait(&h, (20 * 60 - 8 * 60) * MINUTE_MS - 1);
    CHECK(awake(&h));
    harness_wait(&h, 1);
    CHECK(dark(&h));
    harness_close(&h);
}

TEST(a_touch_at_night_wakes_the_attract_screen_for_two_minutes)
{
    struct harness h;
    open_kiosk(&h, "mon = 08:00-20:00\n", AT(22, 0));
    CHECK(dark(&h));
    harness_run(&h, "tap-at:400,240");
    /* The waking touch only wakes: the attract screen, not the languages. */
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_ATTRACT);
    CHECK(awake(&h));
    harness_run(&h, "tap:English");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_HOME);
    /* The session ends by itself (idle warning and countdown); the woken
     * time is over by then. */
    harness_wait(&h, 3 * MINUTE_MS);
    CHECK(dark(&h));
    harness_close(&h);
}

TEST(a_weekday_without_hours_is_dark_and_an_untrusted_clock_keeps_the_screen_on)
{
    struct harness h;
    open_kiosk(&h, "mon = 08:00-20:00\n", AT(24 + 12, 0));     /* Tuesday noon */
    CHECK(dark(&h));
    harness_close(&h);
    open_kiosk(&h, "mon = 08:00-20:00\n", 86400000LL);          /* 1970: no NTP yet */
    CHECK(awake(&h));
    harness_close(&h);
}

TEST(screen_hours_next_change_finds_the_nearest_edge)
{
    struct content_meta m = { .has_screen_hours = true };
    m.screen_week[0] = (struct content_day_hours){ { { 8 * 60, 12 * 60 }, { 13 * 60, 24 * 60 } }, 2 };
    m.screen_week[1] = (struct content_day_hours){ { { 0, 60 } }, 1 };
    int32_t monday = content_day_from_ymd(2026, 1, 5);
    CHECK(!content_screen_on(&m, monday, 7 * 60 + 59));
    CHECK_INT_EQ(content_screen_next_change(&m, monday, 7 * 60 + 59), 1);
    CHECK_INT_EQ(content_screen_next_change(&m, monday, 12 * 60), 60);
    /* On from 13:00 through midnight into Tuesday until 01:00. */
    CHECK_INT_EQ(content_screen_next_change(&m, monday, 13 * 60), 11 * 60 + 60);
    CHECK(content_screen_on(&m, monday + 1, 0));
    /* Wednesday to Sunday dark: from Tuesday 01:00 the next is Monday 08:00. */
    CHECK_INT_EQ(content_screen_next_change(&m, monday + 1, 60), 6 * 24 * 60 + 7 * 60);
    struct content_meta always = { 0 };
    CHECK(content_screen_on(&always, monday, 0));
    CHECK_INT_EQ(content_screen_next_change(&always, monday, 0), -1);
}

TEST(welkomctl_refuses_screen_hours_that_are_not_hours)
{
    char src[FIXTURE_PATH_BYTES], out[FIXTURE_PATH_BYTES], report[FIXTURE_REPORT_BYTES], text[1024];
    fixture_paths("bad-hours", src, out);
    snprintf(text, sizeof text, CENTRE, "mon = 25:00-26:00\nsomeday = 08:00-09:00\n");
    fixture_put(src, "centre.ini", text);
    fixture_put(src, "categories.ini", "[work]\npictogram = work\nnl = Werk\nen = Work\n");
    CHECK(fixture_build(src, out, report) != 0);
    CHECK(strstr(report, "centre.ini:13") != NULL);
    CHECK(strstr(report, "someday") != NULL);
}

/* A panel's backlight as the kernel shows it, in this case's temp dir. */
static void fake_backlight(char dir[FIXTURE_PATH_BYTES], const char *brightness)
{
    snprintf(dir, FIXTURE_PATH_BYTES, "%s/backlight", test_tmpdir());
    fixture_put(dir, "rpi_backlight/max_brightness", "255\n");
    fixture_put(dir, "rpi_backlight/brightness", brightness);
}

static long brightness(const char *dir)
{
    char path[FIXTURE_PATH_BYTES + 64];
    snprintf(path, sizeof path, "%s/rpi_backlight/brightness", dir);
    size_t size;
    char *text = (char *)fixture_slurp(path, &size);
    long v = strtol(text, NULL, 10);
    free(text);
    return v;
}

TEST(the_backlight_dims_when_the_night_screen_begins_and_comes_back_at_0800)
{
    struct harness h;
    char dir[FIXTURE_PATH_BYTES];
    fake_backlight(dir, "200\n");
    open_kiosk(&h, "mon = 08:00-20:00\n", AT(7, 58));
    h.loop.backlight = backlight_open(dir);
    CHECK(h.loop.backlight != NULL);
    harness_wait(&h, MINUTE_MS);
    CHECK(dark(&h));
    CHECK_INT_EQ(brightness(dir), 255 * BACKLIGHT_NIGHT_PERCENT / 100);
    harness_wait(&h, MINUTE_MS);
    CHECK(awake(&h));
    CHECK_INT_EQ(brightness(dir), 200);
    /* A touch at night brings it back with the attract screen. */
    harness_wait(&h, (20 * 60 - 8 * 60) * MINUTE_MS);
    CHECK(dark(&h));
    CHECK_INT_EQ(brightness(dir), 255 * BACKLIGHT_NIGHT_PERCENT / 100);
    harness_run(&h, "tap-at:400,240");
    CHECK(awake(&h));
    CHECK_INT_EQ(brightness(dir), 200);
    backlight_close(h.loop.backlight);
    h.loop.backlight = NULL;
    harness_close(&h);
}

TEST(without_a_backlight_the_night_screen_is_dark_and_nothing_is_written)
{
    char dir[FIXTURE_PATH_BYTES];
    snprintf(dir, sizeof dir, "%s/no-backlight", test_tmpdir());
    fixture_put(dir, ".keep", "");
    CHECK(backlight_open(dir) == NULL);
    snprintf(dir, sizeof dir, "%s/does-not-exist", test_tmpdir());
    CHECK(backlight_open(dir) == NULL);
}
