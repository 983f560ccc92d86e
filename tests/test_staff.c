/* test_staff.c — staff mode at the kiosk, headless, as a member of staff
 * uses it: a finger held in the top left corner of the attract screen, the
 * PIN the bundle carries (hashed by the real welkomctl code), the status
 * page and its buttons; wrong PINs and the lock, the way out after idle
 * time, and that a rejected row shows by its metadata and never by what
 * was in it. Also the PIN's hash as welkomctl makes it and a kiosk loads
 * it: bounded, so a bundle cannot make a check cost gigabytes. */
#include "harness.h"
#include "fixture.h"
#include "../app/content/content.h"
#include "../app/outbox/outbox.h"

#include <stdio.h>
#include <string.h>

#define PIN "246810"
#define HOLD "hold-at:12,12,3100;"
#define TYPE_PIN "tap:2;tap:4;tap:6;tap:8;tap:1;tap:0;tap:OK;"
#define WRONG_PIN "tap:1;tap:1;tap:1;tap:1;tap:1;tap:1;tap:OK;"
#define MINUTE_MS 60000

static const char CENTRE[] =
    "[bundle]\ncentre = Test centre (demo)\ncontent_version = 7\n"
    "created_at = 2026-01-01T00:00:00Z\ntimezone = Europe/Brussels\ndemo = yes\n"
    "[languages]\nnl = yes\nen = yes\nar = yes\nti = yes\nuk = yes\n"
    "[settings]\ndefault_language = en\n%s";

/* TMP/NAME.db with the staff PIN PIN (or none), signed with the test key. */
static void make_bundle(const char *name, bool with_pin, char out[FIXTURE_PATH_BYTES])
{
    char src[FIXTURE_PATH_BYTES], text[1024], hash[CONTENT_STAFF_HASH_BYTES], line[256] = "";
    char err[WK_ERR_MAX];
    if (with_pin) {
        CHECK_OK(content_staff_pin_hash(PIN, hash, err));
        snprintf(line, sizeof line, "staff_pin_hash = %s\n", hash);
    }
    fixture_paths(name, src, out);
    snprintf(text, sizeof text, CENTRE, line);
    fixture_put(src, "centre.ini", text);
    fixture_put(src, "categories.ini", "[work]\npictogram = work\nnl = Werk\nen = Work\n");
    fixture_bundle(src, out);
}

static void open_kiosk(struct harness *h, bool with_pin, const char *lang)
{
    static struct content_keys keys;
    static char bundle[FIXTURE_PATH_BYTES];
    keys = fixture_test_keys();
    make_bundle(with_pin ? "pin" : "nopin", with_pin, bundle);
    harness_open(h, &(struct harness_desc){ .bundle = bundle, .keys = &keys, .default_language = lang,
                                            .width = 800, .height = 480 });
}

/* The kiosk shows text anywhere: a text block or a widget's label. */
#define SHOWS(h, text) kiosk_shows_text((h)->kiosk, text)

TEST(a_finger_held_in_the_corner_and_the_pin_open_staff_mode)
{
    struct harness h;
    open_kiosk(&h, true, "en");
    harness_run(&h, HOLD "expect:Enter the staff PIN.");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_STAFF_PIN);
    harness_run(&h, TYPE_PIN "expect:Firmware;expect:0.1.0;expect:7 (demo);expect:none configured;"
                    "expect:0 waiting;expect:Send now");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_STAFF);
    /* Leave: the attract screen, and the PIN pad is empty next time. */
    harness_run(&h, "tap:Leave");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_ATTRACT);
    harness_run(&h, HOLD "tap:9;tap:Cancel;" HOLD TYPE_PIN "expect:Firmware");
    harness_close(&h);
}

TEST(a_short_press_in_the_corner_or_a_long_one_elsewhere_is_an_ordinary_touch)
{
    struct harness h;
    open_kiosk(&h, true, "en");
    harness_run(&h, "hold-at:12,12,1500");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_LANGUAGE);
    harness_run(&h, "wait:100000");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_ATTRACT);
    harness_run(&h, "hold-at:400,240,5000");
    CHECK(kiosk_screen(h.kiosk) != SCREEN_STAFF_PIN);
    harness_close(&h);
}

TEST(five_wrong_pins_lock_the_pad_for_five_minutes_then_ten)
{
    struct harness h;
    open_kiosk(&h, true, "en");
    harness_run(&h, HOLD WRONG_PIN "expect:Wrong PIN. 4 tries left.");
    harness_run(&h, WRONG_PIN WRONG_PIN WRONG_PIN "expect:Wrong PIN. 1 try left.");
    harness_run(&h, WRONG_PIN "expect:Too many wrong PINs. Try again in 5 minutes.");
    /* Locked: no keys to type the right PIN with, and not after leaving. */
    CHECK(kiosk_find_widget(h.kiosk, "OK") == NULL);
    harness_run(&h, "tap:Cancel;" HOLD "expect:Try again in 5 minutes.");
    CHECK(kiosk_find_widget(h.kiosk, "2") == NULL);
    /* The lock ends by itself; the pad had closed after its idle time. */
    harness_run(&h, "wait:301000");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_ATTRACT);
    harness_run(&h, HOLD "expect:Enter the staff PIN.");
    /* Five wrong again: the next lock is longer. */
    harness_run(&h, WRONG_PIN WRONG_PIN WRONG_PIN WRONG_PIN WRONG_PIN
                    "expect:Too many wrong PINs. Try again in 10 minutes.");
    harness_run(&h, "wait:301000;" HOLD "expect:Try again in 5 minutes.");
    harness_run(&h, "wait:301000;" HOLD TYPE_PIN "expect:Firmware");
    harness_close(&h);
}

TEST(staff_mode_goes_back_to_the_attract_screen_after_half_a_minute_without_a_touch)
{
    struct harness h;
    open_kiosk(&h, true, "en");
    harness_run(&h, HOLD TYPE_PIN "wait:20000;tap:Touch test;wait:20000");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_STAFF_TOUCH);
    harness_run(&h, "wait:10500");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_ATTRACT);
    /* The PIN pad on its own leaves too, without the resident's warning. */
    harness_run(&h, HOLD "tap:2;wait:30500");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_ATTRACT);
    CHECK(!kiosk_idle_warning_shown(h.kiosk));
    harness_close(&h);
}

/* A queued row whose payload holds readable words (a real one is sealed):
 * if the page read it, the words would show. */
static void queue_row(struct harness *h, const char *words, char ref[OUTBOX_REF_BYTES])
{
    char uuid[OUTBOX_UUID_BYTES], err[WK_ERR_MAX];
    CHECK_OK(outbox_new_ids(h->outbox, uuid, ref, err));
    CHECK_OK(outbox_add(h->outbox, &(struct outbox_record){ uuid, ref, "message", (const unsigned char *)words,
                                                            strlen(words), 0 },
                        NULL, wk_wall_ms() - 3 * 3600 * 1000LL, err));
    CHECK_OK(outbox_mark_rejected(h->outbox, uuid, "the hub does not know form kind message", err));
}

TEST(a_rejected_row_shows_by_its_metadata_and_reason_never_by_its_payload)
{
    struct harness h;
    char ref[OUTBOX_REF_BYTES], err[WK_ERR_MAX];
    open_kiosk(&h, true, "en");
    queue_row(&h, "My name is Secret Resident", ref);
    harness_run(&h, HOLD TYPE_PIN "expect:the hub does not know form kind message;expect:message ·");
    CHECK(SHOWS(&h, ref));
    CHECK(!SHOWS(&h, "Secret Resident"));
    const struct ui_frame *f = kiosk_frame(h.kiosk);
    for (size_t i = 0; i < f->cmd_count; i++)
        CHECK(f->cmds[i].kind != UI_CMD_TEXT || !strstr(f->cmds[i].text, "Secret"));
    /* Retry rejected: queued again, due now, and the page says so. */
    harness_run(&h, "tap:Retry rejected;expect:1 rejected submission is queued again.;expect:1 waiting");
    struct outbox_counts counts;
    CHECK_OK(outbox_counts(h.outbox, &counts, err));
    CHECK_INT_EQ(counts.queued, 1);
    CHECK_INT_EQ(counts.rejected, 0);
    CHECK(!SHOWS(&h, "Secret Resident"));
    harness_close(&h);
}

TEST(staff_mode_is_off_when_the_bundle_has_no_pin)
{
    struct harness h;
    open_kiosk(&h, false, "en");
    harness_run(&h, HOLD "expect:Staff mode is off: this content has no staff PIN.");
    CHECK(kiosk_find_widget(h.kiosk, "OK") == NULL);
    harness_run(&h, "tap:Cancel");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_ATTRACT);
    harness_close(&h);
}

TEST(the_touch_test_marks_each_touch_and_restart_ends_the_loop)
{
    struct harness h;
    open_kiosk(&h, true, "ar");
    harness_run(&h, HOLD "tap:2;tap:4;tap:6;tap:8;tap:1;tap:0");
    harness_tap(&h, tr(h.i18n, "OK"));
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_STAFF);
    const struct ui_widget *w = kiosk_find_widget(h.kiosk, tr(h.i18n, "Touch test"));
    CHECK(w != NULL);
    harness_run(&h, "tap-at:300,300;");     /* nothing there on the status page */
    char tap[64];
    snprintf(tap, sizeof tap, "tap-at:%d,%d;tap-at:333,222;expect:333, 222", w->rect.x + 4, w->rect.y + 4);
    harness_run(&h, tap);
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_STAFF_TOUCH);
    harness_tap(&h, tr(h.i18n, "Back"));
    harness_tap(&h, tr(h.i18n, "Restart"));
    CHECK(kiosk_quit_requested(h.kiosk));
    harness_close(&h);
}

TEST(a_staff_pin_is_six_to_twelve_digits_and_its_hash_is_bounded)
{
    char hash[CONTENT_STAFF_HASH_BYTES], err[WK_ERR_MAX];
    CHECK(content_staff_pin_hash("12345", hash, err) != 0);
    CHECK(content_staff_pin_hash("12345a", hash, err) != 0);
    CHECK(content_staff_pin_hash("1234567890123", hash, err) != 0);
    CHECK_OK(content_staff_pin_hash("123456", hash, err));
    CHECK(content_staff_pin_matches(hash, "123456"));
    CHECK(!content_staff_pin_matches(hash, "123457"));
    CHECK(!content_staff_pin_matches("", ""));
    CHECK_OK(content_staff_hash_valid(hash, err));
    /* A bundle asking 4 GiB per check, or another algorithm, is refused. */
    CHECK(content_staff_hash_valid("$argon2id$v=19$m=4194304,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaA", err) != 0);
    CHECK(strstr(err, "4194304 KiB") != NULL);
    CHECK(content_staff_hash_valid("$argon2i$v=19$m=65536,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaA", err) != 0);
    CHECK(!content_staff_pin_matches("$argon2id$v=19$m=4194304,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaA", "1"));
}

TEST(a_signed_bundle_whose_pin_hash_asks_too_much_is_refused_by_the_kiosk)
{
    char bundle[FIXTURE_PATH_BYTES], err[WK_ERR_MAX];
    make_bundle("greedy", true, bundle);
    fixture_sql(bundle, "UPDATE settings SET value = '$argon2id$v=19$m=4194304,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaA'"
                        " WHERE key = 'staff_pin_hash';");
    fixture_sign(bundle);
    struct content_keys keys = fixture_test_keys();
    struct content *c = NULL;
    CHECK(content_open(bundle, &keys, &c, err) != 0);
    CHECK(strstr(err, "staff_pin_hash") != NULL);
    /* welkomctl refuses it at build time, naming the line. */
    char src[FIXTURE_PATH_BYTES], out[FIXTURE_PATH_BYTES], report[FIXTURE_REPORT_BYTES];
    fixture_paths("greedy-src", src, out);
    char text[1024];
    snprintf(text, sizeof text, CENTRE, "staff_pin_hash = $argon2id$v=19$m=4194304,t=2,p=1$c2Fs$aGFz\n");
    fixture_put(src, "centre.ini", text);
    fixture_put(src, "categories.ini", "[work]\npictogram = work\nnl = Werk\nen = Work\n");
    CHECK(fixture_build(src, out, report) != 0);
    CHECK(strstr(report, "centre.ini:15") != NULL);
}
