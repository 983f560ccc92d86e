/* test_golden.c — screenshots of the home screen in Arabic, Dari,
 * Tigrinya, Ukrainian and Dutch at two sizes, and of the attract and
 * language screens, compared with the approved pictures in tests/golden/.
 * A broken shaper (isolated Arabic letters), a lost font fallback (boxes
 * for Ethiopic), a wrong direction or a layout change moves far more
 * pixels than the tolerance allows. After an intended change, look at the
 * new pictures in build/golden-actual/ and approve them with
 * `WELKOM_UPDATE_GOLDEN=1 make test TESTS=golden`. */
#include "harness.h"
#include "fixture.h"
#include "../app/kiosk/kiosk_internal.h"

#include <SDL.h>
#include <SDL_image.h>
#include <sodium.h>
#include <stdlib.h>
#include <sys/stat.h>

/* A pixel differs when a channel moves by more than this; a picture
 * differs when more than this share of its pixels do. Same fonts, same
 * FreeType: identical; another FreeType build: a few antialiased edges. */
#define GOLDEN_CHANNEL_TOLERANCE 64
#define GOLDEN_MAX_DIFFERING 0.002

static double differing_share(SDL_Surface *a, SDL_Surface *b)
{
    SDL_Surface *x = SDL_ConvertSurfaceFormat(a, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_Surface *y = SDL_ConvertSurfaceFormat(b, SDL_PIXELFORMAT_ARGB8888, 0);
    CHECK(x && y);
    long differing = 0;
    for (int row = 0; row < x->h; row++) {
        const uint8_t *p = (const uint8_t *)x->pixels + row * x->pitch;
        const uint8_t *q = (const uint8_t *)y->pixels + row * y->pitch;
        for (int i = 0; i < x->w * 4; i += 4)
            for (int c = 0; c < 3; c++)
                if (abs(p[i + c] - q[i + c]) > GOLDEN_CHANNEL_TOLERANCE) {
                    differing++;
                    break;
                }
    }
    double share = (double)differing / ((double)x->w * x->h);
    SDL_FreeSurface(x);
    SDL_FreeSurface(y);
    return share;
}

/* Compares the screenshot at actual with tests/golden/NAME.png, or
 * approves it (WELKOM_UPDATE_GOLDEN). */
static void compare_golden(const char *name, const char *actual);

/* Takes the screenshot of h's screen, closes h and compares. */
static void shoot_golden(struct harness *h, const char *name)
{
    char actual_dir[1200], actual[1400], step[1500];
    snprintf(actual_dir, sizeof actual_dir, "%s/%s/golden-actual", test_root(), test_build_dir());
    mkdir(actual_dir, 0755);
    snprintf(actual, sizeof actual, "%s/%s.png", actual_dir, name);
    snprintf(step, sizeof step, "screenshot:%s", actual);
    harness_run(h, step);
    harness_close(h);
    compare_golden(name, actual);
}

/* Runs the script on a fresh kiosk and compares the screen with
 * tests/golden/NAME.png. */
static void check_golden(const char *name, int width, int height, const char *script)
{
    /* A kiosk set up to send (nothing is sent here): on the demo content
     * that is the TEST set-up of make run; any other kiosk's demo forms
     * carry a "not set up" line. */
    unsigned char pinned[KIOSK_HUB_KEY_BYTES], secret[crypto_box_SECRETKEYBYTES];
    fixture_test_hub_keys(pinned, secret);
    struct harness h;
    harness_open(&h, &(struct harness_desc){ .width = width, .height = height, .hub_key = pinned });
    if (script[0])
        harness_run(&h, script);
    shoot_golden(&h, name);
}

static void compare_golden(const char *name, const char *actual)
{
    char golden[1400], step[3000];
    snprintf(golden, sizeof golden, "%s/tests/golden/%s.png", test_root(), name);
    if (getenv("WELKOM_UPDATE_GOLDEN")) {
        snprintf(step, sizeof step, "cp '%s' '%s'", actual, golden);
        CHECK_INT_EQ(system(step), 0);
        return;
    }
    SDL_Surface *want = IMG_Load(golden), *got = IMG_Load(actual);
    if (!want)
        test_fail(__FILE__, __LINE__, "no golden picture %s (see the top of %s)", golden, __FILE__);
    CHECK(got != NULL);
    CHECK_INT_EQ(got->w, want->w);
    CHECK_INT_EQ(got->h, want->h);
    double share = differing_share(got, want);
    if (share > GOLDEN_MAX_DIFFERING)
        test_fail(__FILE__, __LINE__, "%s: %.2f%% of pixels differ from %s (allowed %.2f%%)",
                  actual, share * 100, golden, GOLDEN_MAX_DIFFERING * 100);
    SDL_FreeSurface(want);
    SDL_FreeSurface(got);
}

static void check_home(const char *lang_code, const char *endonym)
{
    char name[64], script[128];
    snprintf(script, sizeof script, "tap:%s", endonym);
    snprintf(name, sizeof name, "home-%s-1280x800", lang_code);
    check_golden(name, 1280, 800, script);
    snprintf(name, sizeof name, "home-%s-800x480", lang_code);
    check_golden(name, 800, 480, script);
}

TEST(golden_home_arabic) { check_home("ar", "العربية"); }
TEST(golden_home_dari) { check_home("fa", "دری"); }
TEST(golden_home_tigrinya) { check_home("ti", "ትግርኛ"); }
TEST(golden_home_ukrainian) { check_home("uk", "Українська"); }
TEST(golden_home_dutch) { check_home("nl", "Nederlands"); }

TEST(golden_attract_and_picker)
{
    check_golden("attract-1280x800", 1280, 800, "");
    check_golden("language-1080x1920", 1080, 1920, "tap-at:500,900");
    check_golden("idle-ps-1280x800", 1280, 800, "tap:پښتو;wait:62500");
}

/* The browse screens on the demo bundle at the fake clock's Monday 10:00:
 * a service page in Arabic (two columns mirrored, hours, QR code), What's
 * on for the week in Dari at 800x480, and the categories in Tigrinya. */
TEST(golden_browse_screens)
{
    char script[1024];
    struct harness h;
    harness_open(&h, &(struct harness_desc){ 0 });
    const char *services_ar = tr_in(h.i18n, "ar", "Services");
    char whats_on_fa[128], week_fa[128], services_ti[128];
    snprintf(whats_on_fa, sizeof whats_on_fa, "%s", tr_in(h.i18n, "fa", "What's on"));
    snprintf(week_fa, sizeof week_fa, "%s", tr_in(h.i18n, "fa", "This week"));
    snprintf(services_ti, sizeof services_ti, "%s", tr_in(h.i18n, "ti", "Services"));
    snprintf(script, sizeof script, "tap:العربية;tap:%s;tap:العمل;tap:Jobteam: مساعدة في إيجاد عمل",
             services_ar);
    harness_close(&h);
    check_golden("service-ar-1280x800", 1280, 800, script);
    snprintf(script, sizeof script, "tap:دری;tap:%s;tap:%s", whats_on_fa, week_fa);
    check_golden("whats-on-fa-800x480", 800, 480, script);
    snprintf(script, sizeof script, "tap:ትግርኛ;tap:%s", services_ti);
    check_golden("categories-ti-1280x800", 1280, 800, script);
}

/* Forms: a text question over the Arabic keyboard at 800x480, and the
 * Tigrinya keyboard showing the orders of a consonant. */
TEST(golden_form_screens)
{
    char script[1024], message_ar[128], next_ar[64], sign_up_ti[64], tomorrow_ti[64],
        whats_on_ti[64];
    struct harness h;
    harness_open(&h, &(struct harness_desc){ 0 });
    snprintf(message_ar, sizeof message_ar, "%s", tr_in(h.i18n, "ar", "Leave a message"));
    snprintf(next_ar, sizeof next_ar, "%s", tr_in(h.i18n, "ar", "Next"));
    snprintf(sign_up_ti, sizeof sign_up_ti, "%s", tr_in(h.i18n, "ti", "Sign up"));
    snprintf(tomorrow_ti, sizeof tomorrow_ti, "%s", tr_in(h.i18n, "ti", "Tomorrow"));
    snprintf(whats_on_ti, sizeof whats_on_ti, "%s", tr_in(h.i18n, "ti", "What's on"));
    harness_close(&h);
    snprintf(script, sizeof script, "tap:العربية;tap:%s;tap:موعد;tap:%s;tap:س;tap:ل;tap:ا;tap:م",
             message_ar, next_ar);
    check_golden("form-keyboard-ar-800x480", 800, 480, script);
    snprintf(script, sizeof script, "tap:ትግርኛ;tap:%s;tap:%s;tap:ምልላይ ምስ Jobteam;tap:%s;tap:ሰ;"
             "tap:ሰ;tap:ለ", whats_on_ti, tomorrow_ti, sign_up_ti);
    check_golden("form-keyboard-ti-800x480", 800, 480, script);
}

/* The demo centre with settings appended to its centre.ini ([settings] is
 * its last section), built and signed as NAME; its source dir and bundle. */
static void demo_bundle_with(const char *name, const char *settings, char src[FIXTURE_PATH_BYTES],
                             char bundle[FIXTURE_PATH_BYTES])
{
    char cmd[4 * FIXTURE_PATH_BYTES];
    fixture_paths(name, src, bundle);
    snprintf(cmd, sizeof cmd, "cp -R '%s/assets/demo' '%s' && printf '%s' >>'%s/centre.ini'",
             test_root(), src, settings, src);
    CHECK_INT_EQ(system(cmd), 0);
    fixture_bundle(src, bundle);
}

/* Native digits: the demo content with the centre's choice of ٠-٩ for
 * Arabic and ۰-۹ for Dari. What's on for the week in Dari (times, dates
 * and places left in ۰-۹), and the receipt of an Arabic sign-up (the
 * number of people in ٠-٩ before it; the reference code as the desk reads
 * it, then in ٠-٩ after it). */
TEST(golden_native_digits)
{
    char src[FIXTURE_PATH_BYTES], bundle[FIXTURE_PATH_BYTES];
    demo_bundle_with("digits", "digits_ar = arabic-indic\\ndigits_fa = extended-arabic-indic\\n", src, bundle);
    struct content_keys keys = fixture_test_keys();
    unsigned char pinned[KIOSK_HUB_KEY_BYTES], hub_secret[crypto_box_SECRETKEYBYTES];
    fixture_test_hub_keys(pinned, hub_secret);   /* the demo content sends only in the TEST set-up */

    struct harness h;
    harness_open(&h, &(struct harness_desc){ .width = 800, .height = 480, .bundle = bundle,
                                             .keys = &keys, .hub_key = pinned });
    char whats_on[128], week[128], script[1024];
    snprintf(whats_on, sizeof whats_on, "%s", tr_in(h.i18n, "fa", "What's on"));
    snprintf(week, sizeof week, "%s", tr_in(h.i18n, "fa", "This week"));
    snprintf(script, sizeof script, "tap:دری;tap:%s;tap:%s", whats_on, week);
    harness_run(&h, script);
    shoot_golden(&h, "whats-on-fa-digits-800x480");

    harness_open(&h, &(struct harness_desc){ .width = 800, .height = 480, .bundle = bundle,
                                             .keys = &keys, .hub_key = pinned });
    snprintf(script, sizeof script, "tap:العربية;tap:%s;tap:%s;tap:تعرّف على Jobteam;tap:%s;"
             "tap:س;tap:ل;tap:ا;tap:م;tap:⏎;expect:٢;tap:%s;tap:%s;tap:%s;"
             /* Send follows who reads the answers, why and how long. */
             "drag:%s:-2000;wait:3000;tap:%s",
             tr_in(h.i18n, "ar", "What's on"), tr_in(h.i18n, "ar", "Tomorrow"),
             tr_in(h.i18n, "ar", "Sign up"), tr_in(h.i18n, "ar", "Next"), "عبر مكتب الاستقبال",
             tr_in(h.i18n, "ar", "Next"), tr_in(h.i18n, "ar", "Who reads them"),
             tr_in(h.i18n, "ar", "Send"));
    harness_run(&h, script);
    CHECK(harness_shows(&h, h.kiosk->form.ref));
    /* The code is random; the picture shows a fixed one with digits. */
    snprintf(h.kiosk->form.ref, sizeof h.kiosk->form.ref, "%s", "K7Q-X24");
    harness_run(&h, "tap-at:400,150;expect:K7Q-X24 (K٧Q-X٢٤)");
    shoot_golden(&h, "receipt-ar-digits-800x480");
}

/* The attract screen's clock in the digits of the language its greeting
 * is in: ١٠:٠٠ under the Arabic welcome, 10:00 under the Dutch one. */
TEST(the_attract_clock_has_the_digits_of_the_greeting)
{
    char src[FIXTURE_PATH_BYTES], bundle[FIXTURE_PATH_BYTES];
    demo_bundle_with("attract-digits", "digits_ar = arabic-indic\\nmonths_ar = levantine\\n", src, bundle);
    struct content_keys keys = fixture_test_keys();
    struct harness h;
    harness_open(&h, &(struct harness_desc){ .bundle = bundle, .keys = &keys });
    CHECK(harness_shows(&h, "10:00"));
    CHECK(!harness_shows(&h, "\u0661\u0660:\u0660\u0660"));
    int waited = 0;
    while (!harness_shows(&h, tr_in(h.i18n, "ar", "Touch to start")) && waited < 20) {
        harness_wait(&h, ATTRACT_CYCLE_MS);
        waited++;
    }
    CHECK(harness_shows(&h, tr_in(h.i18n, "ar", "Touch to start")));
    CHECK(harness_shows(&h, "\u0661\u0660:\u0660\u0660"));          /* ١٠:٠٠ */
    CHECK(harness_shows(&h, "\u0665 \u0643\u0627\u0646\u0648\u0646 \u0627\u0644\u062b\u0627\u0646\u064a"));   /* ٥ كانون الثاني */
    CHECK(!harness_shows(&h, "10:00"));
    harness_close(&h);
}

/* Levantine month names, the centre's choice for residents from Syria and
 * Iraq: an activity's day in Arabic says كانون الثاني for January (the
 * fake clock's month), and without the setting يناير. */
TEST(arabic_months_are_levantine_where_the_centre_chooses)
{
    char src[FIXTURE_PATH_BYTES], bundle[FIXTURE_PATH_BYTES], cmd[6 * FIXTURE_PATH_BYTES], script[512];
    demo_bundle_with("months", "months_ar = levantine\\n", src, bundle);
    struct content_keys keys = fixture_test_keys();
    struct harness h;
    harness_open(&h, &(struct harness_desc){ .bundle = bundle, .keys = &keys });
    snprintf(script, sizeof script, "tap:العربية;tap:%s;tap:%s;tap:تعرّف على Jobteam",
             tr_in(h.i18n, "ar", "What's on"), tr_in(h.i18n, "ar", "Tomorrow"));
    harness_run(&h, script);
    CHECK(harness_shows(&h, "كانون الثاني"));
    CHECK(!harness_shows(&h, "يناير"));
    harness_close(&h);

    harness_open(&h, &(struct harness_desc){ 0 });
    harness_run(&h, script);
    CHECK(harness_shows(&h, "يناير"));
    CHECK(!harness_shows(&h, "كانون الثاني"));
    harness_close(&h);

    /* Another word is refused where staff build the bundle, with its line. */
    snprintf(cmd, sizeof cmd, "sed -i 's/^months_ar = .*/months_ar = egyptian/' '%s/centre.ini' && "
             "'%s/%s/welkomctl' bundle build '%s' -o '%s.bad' --quiet 2>&1 | "
             "grep -q 'centre.ini:[0-9]*: months_ar must be standard or levantine'",
             src, test_root(), test_build_dir(), src, bundle);
    CHECK_INT_EQ(system(cmd), 0);
}

/* The reading aids: home at the largest A+ step in Arabic and Tigrinya on
 * the smallest panel, and the high contrast theme on a service list. */
TEST(golden_larger_text_and_high_contrast)
{
    char script[512], larger_ar[32], larger_ti[32], contrast_uk[64], services_uk[64];
    struct harness h;
    harness_open(&h, &(struct harness_desc){ 0 });
    snprintf(larger_ar, sizeof larger_ar, "%s", tr_in(h.i18n, "ar", "A+"));
    snprintf(larger_ti, sizeof larger_ti, "%s", tr_in(h.i18n, "ti", "A+"));
    snprintf(contrast_uk, sizeof contrast_uk, "%s", tr_in(h.i18n, "uk", "High contrast"));
    snprintf(services_uk, sizeof services_uk, "%s", tr_in(h.i18n, "uk", "Services"));
    harness_close(&h);
    snprintf(script, sizeof script, "tap:العربية;tap:%s;tap:%s", larger_ar, larger_ar);
    check_golden("home-larger-ar-800x480", 800, 480, script);
    snprintf(script, sizeof script, "tap:ትግርኛ;tap:%s;tap:%s", larger_ti, larger_ti);
    check_golden("home-larger-ti-800x480", 800, 480, script);
    snprintf(script, sizeof script, "tap:Українська;tap:%s;tap:%s", contrast_uk, services_uk);
    check_golden("categories-contrast-uk-1280x800", 1280, 800, script);
}
