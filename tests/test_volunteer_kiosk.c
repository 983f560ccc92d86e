/* test_volunteer_kiosk.c — a volunteer checks in and out at the kiosk
 * (docs/volunteers.md), on the demo bundle and its DEMO codes
 * (tests/volunteers_demo.h): Home → Volunteering → Check in or out → the
 * events open now → the code on the pad or typed by a USB badge scanner →
 * welcome or goodbye, then back to the start. Checking in twice, wrong
 * codes and the lock, the list outside every window, a code that reaches
 * no file and no log line, and the records delivered later to the real
 * hub, each stored once. */
#include "test.h"
#include "fixture.h"
#include "harness.h"
#include "hubproc.h"
#include "volunteers_demo.h"
#include "../app/outbox/seal.h"
#include "../app/sync/sync.h"
#include "../hub/store.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define WAIT_LIMIT_MS 30000
/* Saturday 2026-12-12, Brussels (UTC+1): the giveaway sorting is 14:00-18:00
 * with 30 min of margin; the centre's shift 10:00-14:00, also 30 min. */
#define AT_1400_LOCAL 1797080400000LL           /* 13:00 UTC: both open */
#define AT_1500_LOCAL (AT_1400_LOCAL + 3600000) /* only the sorting */
#define AT_0800_LOCAL (AT_1400_LOCAL - 6 * 3600000LL) /* nothing yet */

static unsigned char hub_pk[crypto_box_PUBLICKEYBYTES], hub_sk[crypto_box_SECRETKEYBYTES];

static void open_kiosk(struct harness *h, int64_t wall_ms)
{
    fixture_test_hub_keys(hub_pk, hub_sk);
    harness_open(h, &(struct harness_desc){ .wall_clock_ms = wall_ms, .hub_key = hub_pk,
                                            .width = 800, .height = 480 });
}

/* Amina's code as a scanner types it, then Enter. */
static void scan(struct harness *h, const char *code)
{
    char step[64];
    snprintf(step, sizeof step, "type:%s;key:enter;wait:10", code);
    harness_run(h, step);
}

static const char *AMINA, *JONAS;

static void codes(void)
{
    AMINA = DEMO_VOLUNTEERS[0].code;
    JONAS = DEMO_VOLUNTEERS[1].code;
}

TEST(volunteer_checks_in_with_a_scanned_badge_and_out_with_the_pad)
{
    struct harness h;
    codes();
    open_kiosk(&h, AT_1500_LOCAL);
    harness_run(&h, "tap:English;tap:Volunteering;expect:Offer to help;tap:Check in or out;"
                    "expect:Where are you helping?;expect:Sorting at the giveaway shop");
    CHECK(!harness_shows(&h, "Shift at the centre"));       /* closed at 14:30 */
    CHECK(!harness_shows(&h, "Amina"));                     /* no names, ever */
    harness_run(&h, "tap:Sorting at the giveaway shop;expect:Type your volunteer code or scan your badge.");
    scan(&h, AMINA);
    harness_run(&h, "expect:Welcome, Amina — checked in at 15:00");
    /* The welcome goes back to the start by itself. */
    harness_run(&h, "wait:6000");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_ATTRACT);

    /* 2 h 46 min later, on the pad: a check-out with the time of the stay. */
    harness_run(&h, "wait:9960000;tap:English;tap:Volunteering;tap:Check in or out;"
                    "tap:Sorting at the giveaway shop");
    for (const char *p = AMINA; *p; p++)
        if (*p != '-') {
            char step[16];
            snprintf(step, sizeof step, "tap:%c", *p);
            harness_run(&h, step);
        }
    harness_run(&h, "tap:OK;expect:Checking your code;wait:10;"
                    "expect:Goodbye, Amina — checked out at 17:46 (2 h 46 min today)");
    harness_close(&h);
}

/* Typed digits on the list go to the one event open; with two open, the
 * volunteer picks first. */
TEST(volunteer_badge_scanned_on_the_list_checks_in_at_the_one_event_open)
{
    struct harness h;
    codes();
    open_kiosk(&h, AT_1500_LOCAL);
    harness_run(&h, "tap:English;tap:Volunteering;tap:Check in or out");
    scan(&h, JONAS);
    harness_run(&h, "expect:Welcome, Jonas — checked in at 15:00");
    harness_close(&h);

    open_kiosk(&h, AT_1400_LOCAL);
    harness_run(&h, "tap:English;tap:Volunteering;tap:Check in or out;expect:Shift at the centre;"
                    "expect:Sorting at the giveaway shop");
    scan(&h, JONAS);
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_VOLUNTEER_EVENTS);
    CHECK(!harness_shows(&h, "Jonas"));
    harness_close(&h);
}

TEST(volunteer_list_says_when_no_event_is_open)
{
    struct harness h;
    open_kiosk(&h, AT_0800_LOCAL);
    harness_run(&h, "tap:English;tap:Volunteering;tap:Check in or out;"
                    "expect:No event or shift is open for check-in now. Please ask at the reception desk.");
    harness_close(&h);
}

static int presence_of(struct harness *h, uint32_t id, struct outbox_presence *p)
{
    char err[WK_ERR_MAX] = "";
    int found = outbox_presence_get(h->outbox, id, 0, p, err);
    CHECK(found >= 0);
    return found;
}

/* Checked in at the shift, the same code at the sorting: out there, in
 * here (two records); the same code again at the sorting: out. */
TEST(volunteer_checking_in_twice_moves_or_checks_out)
{
    struct harness h;
    struct outbox_presence p;
    codes();
    open_kiosk(&h, AT_1400_LOCAL);
    harness_run(&h, "tap:English;tap:Volunteering;tap:Check in or out;tap:Shift at the centre");
    scan(&h, AMINA);
    harness_run(&h, "expect:Welcome, Amina — checked in at 14:00");
    CHECK_INT_EQ(presence_of(&h, 1, &p), 1);
    CHECK_STR_EQ(p.event, "centre-shift");
    char first_checkin[OUTBOX_UUID_BYTES];
    snprintf(first_checkin, sizeof first_checkin, "%s", p.checkin);

    harness_run(&h, "tap:Done;tap:English;tap:Volunteering;tap:Check in or out;"
                    "tap:Sorting at the giveaway shop");
    scan(&h, AMINA);
    harness_run(&h, "expect:Welcome, Amina — checked in at 14:00");
    CHECK_INT_EQ(presence_of(&h, 1, &p), 1);
    CHECK_STR_EQ(p.event, "giveaway-sorting-12-12");
    CHECK(strcmp(p.checkin, first_checkin) != 0);
    char err[WK_ERR_MAX];
    struct outbox_counts c;
    CHECK_OK(outbox_counts(h.outbox, &c, err));
    CHECK_INT_EQ(c.queued, 3);                  /* in, out there, in here */

    harness_run(&h, "tap:Done;wait:60000;tap:English;tap:Volunteering;tap:Check in or out;"
                    "tap:Sorting at the giveaway shop");
    scan(&h, AMINA);
    harness_run(&h, "expect:Goodbye, Amina — checked out at 14:01 (0 h 1 min today)");
    CHECK_INT_EQ(presence_of(&h, 1, &p), 0);
    CHECK_OK(outbox_counts(h.outbox, &c, err));
    CHECK_INT_EQ(c.queued, 4);
    harness_close(&h);
}

TEST(volunteer_five_wrong_codes_lock_the_pad_for_longer_each_time)
{
    struct harness h;
    codes();
    open_kiosk(&h, AT_1500_LOCAL);
    harness_run(&h, "tap:English;tap:Volunteering;tap:Check in or out;tap:Sorting at the giveaway shop");
    /* Amina's number with wrong digits, an unknown number, a short code. */
    static const char *const wrong[] = { "0001-00000000", "9999-12345678", "0001", "0002-48213907",
                                         "0001-48213908" };
    for (int i = 0; i < 4; i++) {
        scan(&h, wrong[i]);
        harness_run(&h, "expect:This code is not right. Please try again.");
    }
    scan(&h, wrong[4]);
    harness_run(&h, "expect:Too many wrong codes. Try again in 30 seconds.");
    CHECK(!harness_shows(&h, "OK"));                        /* no pad while locked */
    /* The right code is not even looked at while locked. */
    scan(&h, AMINA);
    CHECK(!harness_shows(&h, "Welcome, Amina — checked in at 15:00"));
    /* Leaving and coming back does not lift the lock; the end of the
     * session neither. */
    harness_run(&h, "tap:Back;tap:Done;tap:English;tap:Volunteering;tap:Check in or out;"
                    "tap:Sorting at the giveaway shop;expect:Too many wrong codes.");
    harness_run(&h, "wait:30000;expect:Type your volunteer code or scan your badge.");
    for (int i = 0; i < 5; i++)
        scan(&h, wrong[0]);
    harness_run(&h, "expect:Too many wrong codes. Try again in 1 minute.");
    /* A minute later (the session ended meanwhile), the pad takes codes. */
    harness_run(&h, "wait:100000;tap:English;tap:Volunteering;tap:Check in or out;"
                    "tap:Sorting at the giveaway shop");
    scan(&h, AMINA);
    harness_run(&h, "expect:Welcome, Amina — checked in at 15:02");
    harness_close(&h);
}

/* Every file under dir; true if one holds needle. */
static bool tree_holds(const char *dir, const char *needle)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    bool found = false;
    while (d && !found && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char path[FIXTURE_PATH_BYTES];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (lstat(path, &st) != 0)
            continue;
        found = S_ISDIR(st.st_mode) ? tree_holds(path, needle) : S_ISREG(st.st_mode) && fixture_file_holds(path, needle);
    }
    if (d)
        closedir(d);
    return found;
}

/* A code typed (right, then wrong) is in no file of the kiosk's temp dir
 * (state.db, its WAL) and in no line of the log at debug level; nor is
 * the name or the number as the log would write it. */
TEST(volunteer_code_reaches_no_file_and_no_log)
{
    char log[FIXTURE_PATH_BYTES];
    snprintf(log, sizeof log, "%s/kiosk.log", test_tmpdir());
    fflush(stderr);
    int saved = dup(2), fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(saved >= 0 && fd >= 0);
    dup2(fd, 2);
    close(fd);
    wk_log_set_level(WK_LOG_DEBUG);
    struct harness h;
    codes();
    open_kiosk(&h, AT_1500_LOCAL);
    harness_run(&h, "tap:English;tap:Volunteering;tap:Check in or out;tap:Sorting at the giveaway shop");
    scan(&h, "0001-77777777");
    scan(&h, AMINA);
    harness_run(&h, "expect:Welcome, Amina");
    harness_close(&h);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    CHECK(fixture_file_holds(log, "queued a volunteer's check-in"));   /* the log was captured */
    static const char *const secrets[] = { "48213907", "000148213907", "77777777", "Amina", "volunteer 1",
                                           "0001" };
    char state[FIXTURE_PATH_BYTES];
    snprintf(state, sizeof state, "%s", test_tmpdir());
    for (size_t i = 0; i < WK_ARRAY_LEN(secrets); i++) {
        if (fixture_file_holds(log, secrets[i]))
            test_fail(__FILE__, __LINE__, "the log holds \"%s\"", secrets[i]);
        if (i < 4 && tree_holds(state, secrets[i]))
            test_fail(__FILE__, __LINE__, "a file of the state holds \"%s\"", secrets[i]);
    }
}

/* --- delivered later, once ------------------------------------------------ */

struct opened { int checkins, checkouts; char checkin_uuid[64], checkout_of[64]; int rows; };

static int open_row(void *user, const struct hub_stored_submission *row)
{
    struct opened *o = user;
    o->rows++;
    size_t n = row->sub.payload_size - crypto_box_SEALBYTES;
    char *plain = calloc(1, n + 1);
    CHECK(plain);
    CHECK(crypto_box_seal_open((unsigned char *)plain, row->sub.payload, row->sub.payload_size, hub_pk,
                               hub_sk) == 0);
    cJSON *j = cJSON_Parse(plain);
    CHECK(j);
    const char *kind = cJSON_GetStringValue(cJSON_GetObjectItem(j, "kind"));
    CHECK_STR_EQ(kind, row->sub.kind);
    CHECK_INT_EQ((long)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "volunteer")), 1);
    CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(j, "event")), "giveaway-sorting-12-12");
    CHECK(cJSON_IsNumber(cJSON_GetObjectItem(j, "at")));
    CHECK(!strstr(plain, "Amina") && !strstr(plain, "48213907"));
    if (!strcmp(kind, "checkin")) {
        o->checkins++;
        snprintf(o->checkin_uuid, sizeof o->checkin_uuid, "%s", row->sub.uuid);
    } else {
        o->checkouts++;
        snprintf(o->checkout_of, sizeof o->checkout_of, "%s",
                 cJSON_GetStringValue(cJSON_GetObjectItem(j, "checkin")));
    }
    cJSON_Delete(j);
    free(plain);
    return 0;
}

TEST(volunteer_check_in_and_out_with_the_hub_down_arrive_later_once)
{
    struct hubproc hub = { 0 };
    char token[64], err[WK_ERR_MAX] = "", state_dir[FIXTURE_PATH_BYTES], state_db[FIXTURE_PATH_BYTES];
    codes();
    hubproc_start(&hub, 0, NULL);
    hubproc_enrol(&hub, "hall-1", token);
    unsigned port = hub.port;
    hubproc_stop(&hub, SIGTERM);                        /* the network is down */

    struct harness h;
    open_kiosk(&h, AT_1500_LOCAL);
    snprintf(state_dir, sizeof state_dir, "%s/state", test_tmpdir());
    snprintf(state_db, sizeof state_db, "%s/state.db", test_tmpdir());
    struct content_keys keys = fixture_test_keys();
    struct sync *sync;
    struct sync_config config = { .hub_url = hub.url, .token = token, .state_db = state_db,
                                  .state_dir = state_dir, .publisher_keys = &keys, .firmware = "test",
                                  .heartbeat_s = 3600, .poll_s = 3600, .timeout_s = 5 };
    CHECK_OK(sync_start(&config, &sync, err));
    harness_run(&h, "tap:English;tap:Volunteering;tap:Check in or out;tap:Sorting at the giveaway shop");
    scan(&h, AMINA);
    harness_run(&h, "expect:Welcome, Amina;wait:7200000;tap:English;tap:Volunteering;tap:Check in or out;"
                    "tap:Sorting at the giveaway shop");
    scan(&h, AMINA);
    harness_run(&h, "expect:Goodbye, Amina — checked out at 17:00 (2 h 0 min today)");
    sync_wake(sync);
    struct sync_stats st;
    int64_t until = hubproc_now_ms() + WAIT_LIMIT_MS;
    for (sync_get_stats(sync, &st); st.failures < 1; sync_get_stats(sync, &st)) {
        CHECK(hubproc_now_ms() < until);
        usleep(20 * 1000);
    }
    struct outbox_counts c;
    CHECK_OK(outbox_counts(h.outbox, &c, err));
    CHECK_INT_EQ(c.queued, 2);

    hubproc_start(&hub, port, NULL);                    /* back */
    sync_wake(sync);
    until = hubproc_now_ms() + WAIT_LIMIT_MS;
    for (;;) {
        CHECK_OK(outbox_counts(h.outbox, &c, err));
        if (c.queued == 0)
            break;
        if (hubproc_now_ms() > until)
            test_fail(__FILE__, __LINE__, "still %d queued: %s", c.queued, c.last_error);
        usleep(20 * 1000);
        sync_wake(sync);
    }
    sync_stop(sync);
    struct hub_tally t;
    hubproc_tally(&hub, &t);
    CHECK_INT_EQ(t.rows, 2);
    CHECK_INT_EQ(t.most_copies, 1);
    struct opened o = { 0 };
    struct hub_store *s;
    CHECK_OK(hub_store_open(hub.db, false, &s, err));
    CHECK_OK(hub_store_submissions_each(s, NULL, open_row, &o, err));
    hub_store_close(s);
    CHECK_INT_EQ(o.checkins, 1);
    CHECK_INT_EQ(o.checkouts, 1);
    CHECK_STR_EQ(o.checkout_of, o.checkin_uuid);       /* the pair */
    harness_close(&h);
    hubproc_stop(&hub, SIGTERM);
}

/* A right code at a kiosk that cannot seal (no hub key pinned) is not
 * taken as a check-in: it says so, and nothing is queued or present. */
TEST(volunteer_check_in_that_cannot_be_saved_says_so)
{
    struct harness h;
    struct outbox_presence p;
    codes();
    harness_open(&h, &(struct harness_desc){ .wall_clock_ms = AT_1500_LOCAL, .width = 800, .height = 480 });
    harness_run(&h, "tap:English;tap:Volunteering;tap:Check in or out;tap:Sorting at the giveaway shop");
    scan(&h, AMINA);
    harness_run(&h, "expect:This could not be saved. Please tell the staff.");
    CHECK(!harness_shows(&h, "Amina"));
    CHECK_INT_EQ(presence_of(&h, 1, &p), 0);
    char err[WK_ERR_MAX];
    struct outbox_counts c;
    CHECK_OK(outbox_counts(h.outbox, &c, err));
    CHECK_INT_EQ(c.queued, 0);
    harness_close(&h);
}

/* The night the clocks go forward (2026-03-29, 02:00 → 03:00 in
 * Brussels): a night shift 01:00-04:00 local with 30 min of margin is on
 * the list until 04:30 local, which is 02:30 UTC that night. */
TEST(volunteer_list_follows_the_local_clock_the_night_it_changes)
{
    static char src[FIXTURE_PATH_BYTES], db[FIXTURE_PATH_BYTES];
    static struct content_keys keys;
    fixture_paths("dst", src, db);
    fixture_put(src, "centre.ini",
                "[bundle]\ncentre = Night centre\ncontent_version = 1\ncreated_at = 2026-01-01T00:00:00Z\n"
                "timezone = Europe/Brussels\n[languages]\nnl = yes\nen = yes\n[settings]\ndefault_language = en\n");
    fixture_put(src, "categories.ini", "[meet]\npictogram = people-count\nen = Meet\n");
    fixture_put(src, "organisations.ini", "[org.night]\nen = Night (test)\n");
    fixture_put(src, "events/night.ini",
                "[event]\norganisation = night\nstarts = 2026-03-29T01:00\nends = 2026-03-29T04:00\n"
                "margin_min = 30\n[en]\ntitle = Night watch\n");
    fixture_bundle(src, db);
    keys = fixture_test_keys();
    fixture_test_hub_keys(hub_pk, hub_sk);
    static const struct { int64_t utc_ms; bool open; } at[] = {
        { 1774740540000LL, false },         /* 2026-03-28 23:29 UTC, 00:29 local */
        { 1774740600000LL, true },          /* 23:30 UTC, 00:30 local */
        { 1774746000000LL, true },          /* 01:00 UTC, 03:00 local (02:00 never was) */
        { 1774751400000LL, true },          /* 02:30 UTC, 04:30 local */
        { 1774751460000LL, false },         /* 02:31 UTC */
    };
    for (size_t i = 0; i < WK_ARRAY_LEN(at); i++) {
        struct harness h;
        harness_open(&h, &(struct harness_desc){ .wall_clock_ms = at[i].utc_ms, .bundle = db, .keys = &keys,
                                                .hub_key = hub_pk, .width = 800, .height = 480 });
        harness_run(&h, "tap:English;tap:Volunteering;tap:Check in or out");
        if (harness_shows(&h, "Night watch") != at[i].open)
            test_fail(__FILE__, __LINE__, "case %zu: the night watch is %s the list", i,
                      at[i].open ? "not on" : "on");
        harness_close(&h);
    }
}
