/* test_forms.c — a resident filling in a form, end to end: signing up for
 * an activity with the on-screen keyboard, the answers checked page by
 * page, consent, the receipt's code, the places counted at once; leaving
 * a form, the idle wipe, a queue that cannot take it ("not saved"), and
 * the proof that what was typed reaches the queue only sealed: a marker
 * typed in a message is found nowhere on disk or in the log, yet the hub's
 * key opens it from the queue. The bundle is built from the demo forms.
 * The kiosk seals to the hub key pinned in its config (here the TEST hub
 * key of assets/demo/keys, whose secret half is public: a test set-up),
 * never to one a bundle names; without one it sends nothing and says so. */
#include "harness.h"
#include "fixture.h"
#include "../app/outbox/outbox.h"
#include "../app/content/store.h"
#include "../app/kiosk/config.h"

#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static const char CENTRE[] =
    "[bundle]\ncentre = Forms test (demo)\ncontent_version = 4\n"
    "created_at = 2026-01-01T00:00:00Z\ntimezone = Europe/Brussels\ndemo = no\n"
    "[languages]\nnl = yes\nen = yes\nar = yes\nti = yes\n"
    "[settings]\ndefault_language = nl\n";
static const char CATEGORIES[] = "[sport]\npictogram = football\nnl = Sport\nen = Sport\n";
/* Tuesday 6 January 2026 (tomorrow for the fake clock): 5 of 10 taken. */
static const char MATCH[] =
    "[activity]\ncategory = sport\npictogram = football\ncapacity = 10\nsignup = yes\n"
    "[dates]\n2026-01-06 = 18:00-20:00\n[taken]\n2026-01-06 = 5\n"
    "[nl]\ntitle = Voetbal\n[en]\ntitle = Test match\nplace = Hall (demo)\n";

static void copy_demo_form(const char *src, const char *name)
{
    char from[FIXTURE_PATH_BYTES], rel[64];
    snprintf(from, sizeof from, "%s/assets/demo/forms/%s", test_root(), name);
    size_t size;
    unsigned char *text = fixture_slurp(from, &size);
    snprintf(rel, sizeof rel, "forms/%s", name);
    fixture_put(src, rel, (const char *)text);
    free(text);
}

/* Builds the forms bundle into TMPDIR/name.db from the centre text. */
static void build_bundle(const char *centre, const char *name, char bundle[FIXTURE_PATH_BYTES])
{
    char src[FIXTURE_PATH_BYTES];
    snprintf(src, sizeof src, "%s/src-%s", test_tmpdir(), name);
    fixture_put(src, "centre.ini", centre);
    fixture_put(src, "categories.ini", CATEGORIES);
    fixture_put(src, "activities/match.ini", MATCH);
    copy_demo_form(src, "signup.ini");
    copy_demo_form(src, "message.ini");
    snprintf(bundle, FIXTURE_PATH_BYTES, "%s/%s.db", test_tmpdir(), name);
    fixture_bundle(src, bundle);
}

/* The kiosk on the forms bundle, sealing to the TEST hub key unless extra
 * says otherwise. */
static void open_kiosk(struct harness *h, const struct harness_desc *extra)
{
    static struct content_keys keys;
    static char bundle[FIXTURE_PATH_BYTES];
    static unsigned char pk[crypto_box_PUBLICKEYBYTES], sk[crypto_box_SECRETKEYBYTES];
    keys = fixture_test_keys();
    fixture_test_hub_keys(pk, sk);
    build_bundle(CENTRE, "forms", bundle);
    struct harness_desc d = extra ? *extra : (struct harness_desc){ 0 };
    if (!d.hub_key)
        d.hub_key = pk;
    d.bundle = bundle;
    d.keys = &keys;
    harness_open(h, &d);
}

/* Types a word letter by letter on the on-screen keyboard. */
static void type(struct harness *h, const char *word)
{
    for (const char *p = word; *p; p++) {
        char step[16];
        snprintf(step, sizeof step, "tap:%c", *p);
        harness_run(h, step);
    }
}

static void to_sign_up(struct harness *h)
{
    harness_run(h, "tap:English;tap:What's on;tap:Tomorrow;expect:5 places left;tap:Test match;"
                   "tap:Sign up;expect:What is your first name?");
}

struct found { int rows; struct outbox_row row; unsigned char payload[4096]; };

static int keep_last(void *user, const struct outbox_row *row)
{
    struct found *f = user;
    f->rows++;
    f->row = *row;
    f->row.payload = NULL;
    memcpy(f->payload, row->payload, WK_MIN(row->payload_size, sizeof f->payload));
    return 0;
}

/* The last queued submission opened with secret key sk, or NULL if it
 * does not open with it. */
static cJSON *open_last_with(struct harness *h, struct found *f, const unsigned char *sk)
{
    char err[WK_ERR_MAX] = "";
    memset(f, 0, sizeof *f);
    CHECK_OK(outbox_list(h->outbox, keep_last, f, err));
    CHECK(f->rows >= 1);
    unsigned char pk[crypto_box_PUBLICKEYBYTES];
    crypto_scalarmult_base(pk, sk);
    size_t n = f->row.payload_size - crypto_box_SEALBYTES;
    char *plain = calloc(1, n + 1);
    CHECK(plain != NULL);
    cJSON *json = NULL;
    if (crypto_box_seal_open((unsigned char *)plain, f->payload, f->row.payload_size, pk, sk) == 0)
        CHECK((json = cJSON_Parse(plain)) != NULL);
    free(plain);
    return json;
}

/* Opens the last queued submission with the hub's TEST secret key. */
static cJSON *open_last_submission(struct harness *h, struct found *f)
{
    unsigned char pk[crypto_box_PUBLICKEYBYTES], sk[crypto_box_SECRETKEYBYTES];
    fixture_test_hub_keys(pk, sk);
    cJSON *json = open_last_with(h, f, sk);
    CHECK(json != NULL);
    return json;
}

static const char *json_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

TEST(signing_up_for_an_activity_queues_it_sealed_and_counts_the_places)
{
    struct harness h;
    open_kiosk(&h, NULL);
    to_sign_up(&h);
    type(&h, "amina");
    harness_run(&h, "tap:⏎;expect:How many people are coming, including you?;tap:One more;tap:Next;"
                    "expect:How can we let you know?;tap:At the reception desk;tap:Next;"
                    "expect:Before you send;expect:amina;expect:At the reception desk;"
                    "expect:30 days;tap:Send;expect:Your reference code:");
    struct found f;
    cJSON *json = open_last_submission(&h, &f);
    CHECK_INT_EQ(f.rows, 1);
    CHECK_STR_EQ(f.row.kind, "signup");
    CHECK(harness_shows(&h, f.row.ref));                  /* the code on the receipt */
    /* ...and what it is for: the activity with its pictogram, its day,
     * time and place. */
    CHECK(harness_shows(&h, "Test match"));
    CHECK(harness_shows(&h, "Tuesday 6 January"));
    CHECK(harness_shows(&h, "18:00–20:00"));
    CHECK(harness_shows(&h, "Hall (demo)"));
    const struct ui_frame *frame = kiosk_frame(h.kiosk);
    bool pictogram = false;
    for (size_t i = 0; i < frame->cmd_count; i++)
        pictogram |= frame->cmds[i].kind == UI_CMD_IMAGE && !strcmp(frame->cmds[i].image, "football");
    CHECK(pictogram);
    CHECK_STR_EQ(json_str(json, "ref"), f.row.ref);
    CHECK_STR_EQ(json_str(json, "activity"), "match");
    CHECK_STR_EQ(json_str(json, "day"), "2026-01-06");
    CHECK_STR_EQ(json_str(json, "lang"), "en");
    /* Dated by the machine's clock, not the screens' fake one (2026-01-05). */
    struct tm tm = { 0 };
    CHECK(strptime(json_str(json, "created_at"), "%Y-%m-%dT%H:%M:%SZ", &tm) != NULL);
    CHECK(llabs((long long)timegm(&tm) - (long long)time(NULL)) < 600);
    CHECK(llabs(f.row.created_at_ms / 1000 - (long long)time(NULL)) < 600);
    const cJSON *answers = cJSON_GetObjectItemCaseSensitive(json, "answers");
    CHECK_STR_EQ(json_str(answers, "name"), "amina");
    CHECK_STR_EQ(json_str(answers, "contact"), "centre");
    CHECK_INT_EQ(cJSON_GetObjectItemCaseSensitive(answers, "people")->valueint, 2);
    CHECK(cJSON_GetObjectItemCaseSensitive(answers, "phone") == NULL);   /* not asked */
    cJSON_Delete(json);

    /* Two of the five places are gone, on this kiosk, at once. */
    harness_run(&h, "tap:Done;tap:English;tap:What's on;tap:Tomorrow;expect:3 places left");
    harness_close(&h);
}

TEST(a_missing_or_wrong_answer_is_named_and_the_phone_is_asked_only_when_chosen)
{
    struct harness h;
    open_kiosk(&h, NULL);
    to_sign_up(&h);
    harness_run(&h, "tap:⏎;expect:Please write an answer.");
    type(&h, "jo");
    harness_run(&h, "tap:⏎;tap:Next;tap:Next;expect:Please choose an answer.;"
                    "tap:Call or text me;tap:Next;expect:What is your phone number?");
    type(&h, "123");
    harness_run(&h, "tap:⏎;expect:This does not look like a phone number.");
    type(&h, "4567890");
    harness_run(&h, "tap:⏎;expect:Before you send;expect:1234567890");
    /* Back from consent, then choose the desk: the phone is no longer asked. */
    harness_run(&h, "tap:Back;tap:Back;tap:At the reception desk;tap:Next;expect:Before you send");
    CHECK(!harness_shows(&h, "1234567890"));
    harness_close(&h);
}

TEST(do_not_send_back_and_the_idle_timeout_wipe_the_answers)
{
    struct harness h;
    open_kiosk(&h, &(struct harness_desc){ .idle_timeout_ms = 30000 });
    to_sign_up(&h);
    type(&h, "zainab");
    harness_run(&h, "tap:⏎;tap:Next;tap:At the reception desk;tap:Next;tap:Do not send;"
                    "expect:Sign up;tap:Sign up");
    CHECK(!harness_shows(&h, "zainab"));                 /* a fresh form */
    type(&h, "yonas");
    harness_run(&h, "tap:Back");                         /* out of the first question */
    CHECK(harness_shows(&h, "Sign up"));
    harness_run(&h, "tap:Sign up");
    CHECK(!harness_shows(&h, "yonas"));
    type(&h, "olena");
    harness_wait(&h, 46000);                             /* 30 s + 15 s countdown */
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_ATTRACT);
    to_sign_up(&h);
    CHECK(!harness_shows(&h, "olena"));
    char err[WK_ERR_MAX];
    struct outbox_counts counts;
    CHECK_OK(outbox_counts(h.outbox, &counts, err));
    CHECK_INT_EQ(counts.queued, 0);                      /* nothing was sent */
    harness_close(&h);
}

TEST(a_queue_that_cannot_take_it_says_not_saved_and_keeps_the_answers_for_a_retry)
{
    struct harness h;
    open_kiosk(&h, NULL);
    char err[WK_ERR_MAX];
    /* The disk is full: no page more, and the pages there are are filled
     * with other (sealed, opaque) submissions. */
    CHECK_OK(outbox_set_max_pages(h.outbox, 1));
    int filler = 0;
    for (;; filler++) {
        char uuid[OUTBOX_UUID_BYTES], ref[OUTBOX_REF_BYTES];
        unsigned char opaque[200] = { 1 };
        CHECK_OK(outbox_new_ids(h.outbox, uuid, ref, err));
        if (outbox_add(h.outbox, &(struct outbox_record){ uuid, ref, "message", opaque, sizeof opaque, 0 },
                       NULL, 0, err))
            break;
    }
    CHECK(strstr(err, "disk is full") != NULL);
    to_sign_up(&h);
    type(&h, "ali");
    harness_run(&h, "tap:⏎;tap:Next;tap:At the reception desk;tap:Next;tap:Send;"
                    "expect:Not saved \u2014 please ask staff.;tap:Try again;"
                    "expect:Not saved \u2014 please ask staff.");
    struct outbox_counts counts;
    CHECK_OK(outbox_counts(h.outbox, &counts, err));
    CHECK_INT_EQ(counts.queued, filler);                 /* nothing lost, nothing half */
    CHECK_OK(outbox_set_max_pages(h.outbox, OUTBOX_MAX_PAGES));   /* staff made room */
    harness_run(&h, "tap:Try again;expect:Your reference code:");
    CHECK_OK(outbox_counts(h.outbox, &counts, err));
    CHECK_INT_EQ(counts.queued, filler + 1);
    harness_close(&h);

    /* No queue at all (state.db could not be opened): the same words. */
    open_kiosk(&h, &(struct harness_desc){ .no_outbox = true });
    to_sign_up(&h);
    type(&h, "ali");
    harness_run(&h, "tap:⏎;tap:Next;tap:At the reception desk;tap:Next;tap:Send;"
                    "expect:Not saved \u2014 please ask staff.;tap:Done");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_ATTRACT);
    harness_close(&h);
}

/* A file that is not there holds nothing. */
static bool file_contains(const char *path, const char *needle)
{
    return access(path, F_OK) == 0 && fixture_file_holds(path, needle);
}

/* The privacy promise, checked the hard way: a marker typed into a message
 * appears in no file of the state directory and not in the log, while
 * the hub's key finds it in the sealed row. */
TEST(what_a_resident_types_reaches_the_disk_only_sealed)
{
    static const char marker[] = "qzxwvjmarker";
    char log[FIXTURE_PATH_BYTES], path[FIXTURE_PATH_BYTES];
    snprintf(log, sizeof log, "%s/kiosk.log", test_tmpdir());
    CHECK(freopen(log, "w", stderr) != NULL);
    struct harness h;
    open_kiosk(&h, NULL);
    harness_run(&h, "tap:English;tap:Leave a message;tap:Something else;tap:Next");
    type(&h, marker);
    harness_run(&h, "tap:⏎");
    type(&h, "sam");
    harness_run(&h, "tap:⏎;tap:At the reception desk;tap:Next;tap:Send;expect:Your reference code:");
    struct found f;
    cJSON *json = open_last_submission(&h, &f);
    CHECK_STR_EQ(json_str(cJSON_GetObjectItemCaseSensitive(json, "answers"), "text"), marker);
    cJSON_Delete(json);
    harness_run(&h, "tap:Done");
    harness_close(&h);
    fflush(stderr);
    static const char *const files[] = { "state.db", "state.db-wal", "state.db-shm", "kiosk.log" };
    for (size_t i = 0; i < WK_ARRAY_LEN(files); i++) {
        snprintf(path, sizeof path, "%s/%s", test_tmpdir(), files[i]);
        if (file_contains(path, marker))
            test_fail(__FILE__, __LINE__, "the marker is in %s in plain text", files[i]);
    }
    CHECK(file_contains(log, "queued a message"));      /* the log was written to */
}

/* A message from the attract screen to the consent page, on the demo's
 * message form (the forms bundle has the same). */
#define MESSAGE_TO_CONSENT "tap:English;tap:Leave a message;tap:Something else;tap:Next"

static void write_message(struct harness *h)
{
    harness_run(h, MESSAGE_TO_CONSENT);
    type(h, "hello");
    harness_run(h, "tap:⏎");
    type(h, "sam");
    harness_run(h, "tap:⏎;tap:At the reception desk;tap:Next;expect:Before you send");
}

/* The last queued row opens with sk, the pinned key's secret, and not
 * with the TEST hub key's; its message is "hello". */
static void check_sealed_to(struct harness *h, const unsigned char *sk)
{
    unsigned char test_pk[crypto_box_PUBLICKEYBYTES], test_sk[crypto_box_SECRETKEYBYTES];
    fixture_test_hub_keys(test_pk, test_sk);
    struct found found;
    CHECK(open_last_with(h, &found, test_sk) == NULL);
    cJSON *json = open_last_with(h, &found, sk);
    CHECK(json != NULL);
    CHECK_STR_EQ(json_str(cJSON_GetObjectItemCaseSensitive(json, "answers"), "text"), "hello");
    cJSON_Delete(json);
}

static int queued(struct harness *h)
{
    char err[WK_ERR_MAX] = "";
    struct outbox_counts c;
    CHECK_OK(outbox_counts(h->outbox, &c, err));
    return c.queued;
}

/* The reproduction of issue 11: a centre's bundle is installed, one byte
 * of it is damaged on the card, the kiosk falls back to the demo, and a
 * resident sends a message. The demo once sealed it to the TEST hub key,
 * which anyone can open. Now: with no key pinned, nothing is queued and
 * the screen says why; with a real key pinned, the demo's forms send
 * nothing either. The fallback is there for staff to see. */
TEST(a_kiosk_that_falls_back_to_the_demo_seals_only_to_its_pinned_key)
{
    char bundle[FIXTURE_PATH_BYTES], state[FIXTURE_PATH_BYTES], path[FIXTURE_PATH_BYTES + 64];
    char err[WK_ERR_MAX] = "";
    struct content_keys keys = fixture_test_keys();
    build_bundle(CENTRE, "centre", bundle);
    snprintf(state, sizeof state, "%s/state", test_tmpdir());
    int64_t version = 0;
    CHECK_OK(content_store_install(state, bundle, &keys, &version, err));
    content_store_path(state, path, sizeof path);
    size_t size;
    unsigned char *bytes = fixture_slurp(path, &size);
    bytes[size / 2] ^= 0x01;                         /* one damaged byte */
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL && fwrite(bytes, 1, size, f) == size && fclose(f) == 0);
    free(bytes);

    /* Not set up to send: nothing is sealed, nothing is queued. */
    struct harness h;
    harness_open(&h, &(struct harness_desc){ .state_dir = state, .keys = &keys });
    CHECK(content_meta(kiosk_content(h.kiosk))->demo);
    CHECK(strstr(h.content_warning, "showing the demo") != NULL);
    CHECK(strstr(h.content_warning, "refused") != NULL);
    write_message(&h);
    harness_run(&h, "expect:This kiosk is not set up to send forms.;tap:Send;expect:Not sent;"
                    "expect:This kiosk is not set up to send forms.");
    CHECK(!harness_shows(&h, "Your reference code:"));
    CHECK_INT_EQ(queued(&h), 0);
    harness_run(&h, "tap:Done");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_ATTRACT);
    harness_close(&h);

    /* Pinned to this hub's own key, but showing the demo: the demo's
     * forms promise the demo's readers and keeping time, not the
     * centre's, so a real kiosk sends nothing from them either. (The
     * TEST set-up of make run does: tests/shell/kiosk_hub.sh.) With the
     * centre's own bundle, only the pinned key opens the row:
     * a_bundle_that_names_a_hub_key_does_not_choose_where_answers_go. */
    unsigned char pk[crypto_box_PUBLICKEYBYTES], sk[crypto_box_SECRETKEYBYTES];
    crypto_box_keypair(pk, sk);
    harness_open(&h, &(struct harness_desc){ .state_dir = state, .keys = &keys, .hub_key = pk });
    CHECK(content_meta(kiosk_content(h.kiosk))->demo);
    write_message(&h);
    harness_run(&h, "expect:This kiosk is not set up to send forms.;tap:Send;expect:Not sent");
    CHECK_INT_EQ(queued(&h), 0);
    harness_close(&h);
}

/* A bundle made before the kiosk pinned its key still names one
 * (hub_public_key): it opens as before, and the kiosk pays it no heed. */
TEST(a_bundle_that_names_a_hub_key_does_not_choose_where_answers_go)
{
    char bundle[FIXTURE_PATH_BYTES], cmd[FIXTURE_PATH_BYTES + 256];
    struct content_keys keys = fixture_test_keys();
    build_bundle(CENTRE, "old", bundle);
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"INSERT INTO settings VALUES ('hub_public_key', '%s')\"",
             bundle, CONFIG_TEST_HUB_PUBLIC_KEY);
    CHECK(system(cmd) == 0);
    fixture_sign(bundle);

    struct harness h;
    harness_open(&h, &(struct harness_desc){ .bundle = bundle, .keys = &keys });
    write_message(&h);
    harness_run(&h, "tap:Send;expect:Not sent");
    CHECK_INT_EQ(queued(&h), 0);
    harness_close(&h);

    unsigned char pk[crypto_box_PUBLICKEYBYTES], sk[crypto_box_SECRETKEYBYTES];
    crypto_box_keypair(pk, sk);
    harness_open(&h, &(struct harness_desc){ .bundle = bundle, .keys = &keys, .hub_key = pk });
    write_message(&h);
    harness_run(&h, "tap:Send;expect:Your reference code:");
    check_sealed_to(&h, sk);
    harness_close(&h);
}

/* A resident of a demo kiosk learns it before typing a word: the first
 * question and the consent page say so. */
TEST(a_kiosk_without_a_hub_key_says_so_on_the_first_question)
{
    char bundle[FIXTURE_PATH_BYTES];
    struct content_keys keys = fixture_test_keys();
    build_bundle(CENTRE, "nokey", bundle);
    struct harness h;
    harness_open(&h, &(struct harness_desc){ .bundle = bundle, .keys = &keys });
    to_sign_up(&h);
    CHECK(harness_shows(&h, "This kiosk is not set up to send forms."));
    type(&h, "amina");
    harness_run(&h, "tap:⏎;expect:How many people are coming, including you?");
    CHECK(!harness_shows(&h, "This kiosk is not set up to send forms."));   /* said once */
    harness_run(&h, "tap:Next;tap:At the reception desk;tap:Next;expect:Before you send;"
                    "expect:This kiosk is not set up to send forms.;"
                    "expect:nothing you answer here will be sent");
    harness_close(&h);
}

TEST(done_and_home_ask_before_erasing_what_was_typed_and_an_empty_form_just_goes)
{
    struct harness h;
    open_kiosk(&h, NULL);
    to_sign_up(&h);
    harness_run(&h, "tap:Done");                         /* nothing typed: nothing to ask */
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_ATTRACT);

    to_sign_up(&h);
    type(&h, "amina");
    harness_run(&h, "tap:Done;expect:Erase your answers?");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_FORM);
    harness_run(&h, "tap:x");                            /* the keyboard under it takes no tap */
    harness_run(&h, "tap:Keep my answers");
    CHECK(!harness_shows(&h, "Erase your answers?"));
    CHECK(harness_shows(&h, "amina"));                   /* all still there */
    CHECK(!harness_shows(&h, "aminax"));

    harness_run(&h, "tap:Home;expect:Erase your answers?;tap:Erase and leave");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_HOME);
    CHECK(harness_shows(&h, "Welcome"));                 /* the session goes on, in English */
    harness_run(&h, "tap:What's on;tap:Tomorrow;tap:Test match;tap:Sign up");
    CHECK(!harness_shows(&h, "amina"));                  /* a fresh form */

    /* On a later question the answers before it count. */
    type(&h, "jo");
    harness_run(&h, "tap:⏎;tap:Done;tap:Erase and leave");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_ATTRACT);
    harness_close(&h);
}

/* The height of the widget recorded as label, or 0. */
static int widget_height(struct harness *h, const char *label)
{
    const struct ui_widget *w = kiosk_find_widget(h->kiosk, label);
    return w ? w->rect.h : 0;
}

TEST(a_message_is_typed_in_a_box_that_wraps_and_grows_and_a_name_on_one_line)
{
    struct harness h;
    open_kiosk(&h, NULL);
    harness_run(&h, "tap:English;tap:Leave a message;tap:Something else;tap:Next");
    const char *question = "What would you like to tell us?";
    int empty = widget_height(&h, question);
    CHECK(empty > 3 * 20);                   /* three lines' room before a word */
    /* The 300 characters the form allows: four lines or more. */
    for (int i = 0; i < 50; i++) {
        type(&h, "hello");
        harness_run(&h, "tap:␣");
    }
    int grown = widget_height(&h, question);
    CHECK(grown > empty);
    /* The text wraps inside the box: no line runs past it. */
    const struct ui_widget *box = kiosk_find_widget(h.kiosk, question);
    const struct ui_frame *f = kiosk_frame(h.kiosk);
    bool seen = false;
    for (size_t i = 0; i < f->cmd_count; i++)
        if (f->cmds[i].kind == UI_CMD_TEXT && strncmp(f->cmds[i].text, "hello hello", 11) == 0) {
            seen = true;
            CHECK(f->cmds[i].rect.x >= box->rect.x);
            CHECK(f->cmds[i].rect.x + f->cmds[i].rect.w <= box->rect.x + box->rect.w);
            CHECK(f->cmds[i].rect.h > 3 * f->cmds[i].style.size);
        }
    CHECK(seen);
    /* The name is one line. */
    harness_run(&h, "tap:⏎;expect:What is your first name?");
    CHECK(widget_height(&h, "What is your first name?") < empty);
    harness_close(&h);
}
