/* test_volunteer_hours.c — the volunteers' hours at the hub
 * (hub/volunteer_hours.c, docs/volunteers.md "At the hub"): check-ins
 * paired with their check-outs, a retry stored twice counted once, a
 * forgotten check-out closed at the event's window end (ends + margin,
 * read from the draft's events/ in the centre's zone, also the day the
 * clocks go back) and marked so, the general shift closed at the end of
 * its day's hours, a check-out of no check-in reported and not counted,
 * and the hours of a stay counted in the days asked for only. Then end to
 * end: check-ins and check-outs sealed with the kiosk's own sealing
 * (outbox_seal, the outbox) to the demo hub key, posted to the real
 * welkom-hub, and `welkomctl volunteers hours` with the hub's secret key
 * gives the minutes that were tapped, and so does the console, which
 * also lists who is checked in now, in chromium too
 * (tests/browser/staff_volunteers.mjs: the roster, badges, hours). */
#include "test.h"
#include "fixture.h"
#include "hubproc.h"
#include "../app/outbox/outbox.h"
#include "../app/outbox/seal.h"
#include "../app/content/content.h"
#include "../hub/store.h"
#include "../hub/volunteer.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATH_BYTES 1024
#define MIN_MS 60000LL
#define HOUR_MS (60 * MIN_MS)
/* The console's page in chromium comes up within this, or the test fails. */
#define PAGE_WAIT_MS 60000
/* Saturday 2025-12-13 14:00 in Brussels (UTC+1): 13:00 UTC; in the past, so a window of that day has closed. */
#define SAT_1400 1765630800000LL
/* 2026-10-25 01:00 in Brussels, still summer time (UTC+2): 2026-10-24 23:00 UTC. */
#define OCT25_0100 1792882800000LL

static int uuid_n;

static struct hub_shift_record rec(enum hub_shift_kind kind, const char *uuid, const char *checkin, uint32_t v,
                                   const char *event, int64_t at_ms)
{
    struct hub_shift_record r = { .kind = kind, .volunteer = v, .at_ms = at_ms };
    snprintf(r.uuid, sizeof r.uuid, "%s", uuid);
    snprintf(r.checkin, sizeof r.checkin, "%s", checkin ? checkin : "");
    snprintf(r.event, sizeof r.event, "%s", event);
    return r;
}

/* A uuid of the form the kiosk makes, different each call. */
static const char *uuid(char out[40])
{
    snprintf(out, 40, "00000000-0000-4000-8000-%012d", ++uuid_n);
    return out;
}

/* A hub directory with a draft: centre.ini in Brussels and the events. */
static struct hub_store *hub_with_events(void)
{
    const char *t = test_tmpdir();
    char path[PATH_BYTES], err[WK_ERR_MAX];
    snprintf(path, sizeof path, "%s/content", t);
    CHECK(mkdir(path, 0700) == 0);
    snprintf(path, sizeof path, "%s/content/draft", t);
    CHECK(mkdir(path, 0700) == 0);
    snprintf(path, sizeof path, "%s/content/draft/events", t);
    CHECK(mkdir(path, 0700) == 0);
    static const struct { const char *name, *text; } files[] = {
        { "centre.ini", "[bundle]\ntimezone = Europe/Brussels\n[languages]\nen = yes\n" },
        { "events/sorting.ini", "[event]\norganisation = refu-interim\nstarts = 2025-12-13T14:00\n"
                                "ends = 2025-12-13T18:00\nmargin_min = 30\n[en]\ntitle = Sorting\n" },
        /* The night the clocks go back: 01:00 to 05:00 local is 5 hours. */
        { "events/night.ini", "[event]\norganisation = rode-kruis\nstarts = 2026-10-25T01:00\n"
                              "ends = 2026-10-25T05:00\nmargin_min = 0\n[en]\ntitle = Night shelter\n" },
        /* Open from 2020 to 2099: whoever checks in now is here. */
        { "events/always.ini", "[event]\norganisation = centre\nstarts = 2020-01-01T00:00\n"
                               "ends = 2099-12-31T23:00\nmargin_min = 0\n[en]\ntitle = Always\n" },
        { "events/centre-shift.ini", "[event]\norganisation = centre\ngeneral = yes\nmargin_min = 15\n"
                                     "[hours]\nsat = 10:00-12:00, 13:00-16:00\n[en]\ntitle = Shift\n" },
    };
    for (size_t i = 0; i < WK_ARRAY_LEN(files); i++) {
        snprintf(path, sizeof path, "%s/content/draft/%s", t, files[i].name);
        FILE *f = fopen(path, "w");
        CHECK(f);
        fputs(files[i].text, f);
        fclose(f);
    }
    struct hub_store *s = NULL;
    snprintf(path, sizeof path, "%s/hub.db", t);
    CHECK_OK(hub_store_open(path, true, &s, err));
    return s;
}

static const struct hub_hours_row *row_of(const struct hub_hours_row *rows, size_t n, uint32_t v, const char *event)
{
    for (size_t i = 0; i < n; i++)
        if (rows[i].volunteer == v && !strcmp(rows[i].event, event))
            return &rows[i];
    test_fail(__FILE__, __LINE__, "no row for volunteer %u at %s", (unsigned)v, event);
}

/* The hours of the days from..to (the caller frees *rows); how many rows. */
static size_t hours_between(const struct hub_shifts *h, const char *tz, const char *from, const char *to,
                            struct hub_hours_row **rows)
{
    int64_t from_ms, to_ms;
    size_t n = 0;
    CHECK_OK(hub_local_days(tz, from, to, &from_ms, &to_ms));
    CHECK_OK(hub_hours_sum(h, from_ms, to_ms, rows, &n));
    return n;
}

TEST(volunteer_hours_pair_checkouts_count_a_retry_once_and_close_a_forgotten_checkout_at_the_window_end)
{
    char err[WK_ERR_MAX], tz[64], a[40], b[40], c[40];
    struct hub_store *s = hub_with_events();
    struct hub_shifts h = { 0 };
    CHECK_OK(hub_shifts_load_events(s, &h, tz, err));
    CHECK_STR_EQ(tz, "Europe/Brussels");
    CHECK_INT_EQ(h.event_count, 4);

    /* Amina (1) checks in at 14:02 and out at 17:48: 3 h 46 min; her
     * check-in reached the hub twice (a retry), her check-out once. */
    uuid(a);
    struct hub_shift_record in = rec(HUB_CHECKIN, a, NULL, 1, "sorting", SAT_1400 + 2 * MIN_MS);
    CHECK_OK(hub_shifts_add(&h, &in));
    CHECK_OK(hub_shifts_add(&h, &in));
    struct hub_shift_record out = rec(HUB_CHECKOUT, uuid(b), a, 1, "sorting", SAT_1400 + 3 * HOUR_MS + 48 * MIN_MS);
    CHECK_OK(hub_shifts_add(&h, &out));
    /* Jo (2) checks in at 14:10 and forgets to check out: closed at
     * 18:00 + 30 min. */
    struct hub_shift_record jo = rec(HUB_CHECKIN, uuid(c), NULL, 2, "sorting", SAT_1400 + 10 * MIN_MS);
    CHECK_OK(hub_shifts_add(&h, &jo));

    /* At 18:29 Jo is still here; at 18:30 the window has closed. */
    CHECK_OK(hub_shifts_pair(&h, SAT_1400 + 4 * HOUR_MS + 29 * MIN_MS, tz));
    CHECK_INT_EQ(h.stay_count, 2);
    int open = 0;
    for (size_t i = 0; i < h.stay_count; i++)
        open += h.stays[i].end == HUB_STAY_OPEN && h.stays[i].volunteer == 2;
    CHECK_INT_EQ(open, 1);
    CHECK_OK(hub_shifts_pair(&h, SAT_1400 + 4 * HOUR_MS + 30 * MIN_MS, tz));
    CHECK_INT_EQ(h.count, 3);                   /* the retry is one record */
    CHECK_INT_EQ(h.orphans, 0);
    CHECK_INT_EQ(h.duplicates, 0);

    struct hub_hours_row *rows = NULL;
    size_t n = hours_between(&h, tz, "2025-12-01", "2025-12-31", &rows);
    CHECK_INT_EQ(n, 2);
    const struct hub_hours_row *amina = row_of(rows, n, 1, "sorting"), *j = row_of(rows, n, 2, "sorting");
    CHECK_INT_EQ(amina->minutes, 3 * 60 + 46);
    CHECK_INT_EQ(amina->stays, 1);
    CHECK_INT_EQ(amina->closed_by_window, 0);
    CHECK_STR_EQ(amina->organisation, "refu-interim");
    CHECK_INT_EQ(j->minutes, 4 * 60 + 20);      /* 14:10 to 18:30 */
    CHECK_INT_EQ(j->closed_by_window, 1);
    free(rows);

    /* Asked for the day after: nothing. */
    CHECK_INT_EQ(hours_between(&h, tz, "2025-12-14", "2025-12-14", &rows), 0);
    free(rows);
    int64_t from, to;
    CHECK_INT_EQ(hub_local_days(tz, "2026-12-13", "2026-12-12", &from, &to), WK_EINVAL);
    CHECK_INT_EQ(hub_local_days(tz, "2026-02-30", "2026-03-01", &from, &to), WK_EINVAL);
    hub_shifts_free(&h);
    hub_store_close(s);
}

TEST(volunteer_hours_on_the_night_the_clocks_go_back_count_the_hours_that_passed)
{
    char err[WK_ERR_MAX], tz[64], a[40], b[40];
    struct hub_store *s = hub_with_events();
    struct hub_shifts h = { 0 };
    CHECK_OK(hub_shifts_load_events(s, &h, tz, err));
    /* Checked in at 01:00 summer time, never out: the window ends at
     * 05:00 winter time, five hours later, not four. */
    struct hub_shift_record in = rec(HUB_CHECKIN, uuid(a), NULL, 7, "night", OCT25_0100);
    CHECK_OK(hub_shifts_add(&h, &in));
    /* Volunteer 8 in at 01:30 and out at 02:30 the second time (winter): 2 h. */
    struct hub_shift_record in8 = rec(HUB_CHECKIN, uuid(b), NULL, 8, "night", OCT25_0100 + 30 * MIN_MS);
    CHECK_OK(hub_shifts_add(&h, &in8));
    char c[40];
    struct hub_shift_record out8 = rec(HUB_CHECKOUT, uuid(c), b, 8, "night", OCT25_0100 + 150 * MIN_MS);
    CHECK_OK(hub_shifts_add(&h, &out8));
    CHECK_OK(hub_shifts_pair(&h, OCT25_0100 + 24 * HOUR_MS, tz));
    struct hub_hours_row *rows = NULL;
    int64_t from, to;
    CHECK_OK(hub_local_days(tz, "2026-10-24", "2026-10-25", &from, &to));
    CHECK_INT_EQ(to - from, 49 * HOUR_MS);      /* two local days, one of 25 hours */
    size_t n = hours_between(&h, tz, "2026-10-24", "2026-10-25", &rows);
    CHECK_INT_EQ(row_of(rows, n, 7, "night")->minutes, 5 * 60);
    CHECK_INT_EQ(row_of(rows, n, 7, "night")->closed_by_window, 1);
    CHECK_INT_EQ(row_of(rows, n, 8, "night")->minutes, 2 * 60);
    free(rows);
    hub_shifts_free(&h);
    hub_store_close(s);
}

TEST(volunteer_hours_report_a_checkout_without_checkin_and_close_the_general_shift_at_its_hours)
{
    char err[WK_ERR_MAX], tz[64], a[40], b[40], c[40], d[40], e[40];
    struct hub_store *s = hub_with_events();
    struct hub_shifts h = { 0 };
    CHECK_OK(hub_shifts_load_events(s, &h, tz, err));
    /* A check-out whose check-in never reached the hub; a second
     * check-out of one check-in. */
    struct hub_shift_record r[] = {
        rec(HUB_CHECKOUT, uuid(a), "00000000-0000-4000-8000-999999999999", 3, "sorting", SAT_1400),
        rec(HUB_CHECKIN, uuid(b), NULL, 4, "centre-shift", SAT_1400 - 3 * HOUR_MS),    /* Sat 11:00 */
        rec(HUB_CHECKIN, uuid(c), NULL, 5, "sorting", SAT_1400),
        rec(HUB_CHECKOUT, uuid(d), c, 5, "sorting", SAT_1400 + HOUR_MS),
        rec(HUB_CHECKOUT, uuid(e), c, 5, "sorting", SAT_1400 + 2 * HOUR_MS),
    };
    for (size_t i = 0; i < WK_ARRAY_LEN(r); i++)
        CHECK_OK(hub_shifts_add(&h, &r[i]));
    CHECK_OK(hub_shifts_pair(&h, SAT_1400 + 48 * HOUR_MS, tz));
    CHECK_INT_EQ(h.orphans, 1);
    CHECK_INT_EQ(h.duplicates, 1);
    struct hub_hours_row *rows = NULL;
    size_t n = hours_between(&h, tz, "2025-12-13", "2025-12-13", &rows);
    CHECK_INT_EQ(n, 2);
    /* The first check-out counts: 1 hour. */
    CHECK_INT_EQ(row_of(rows, n, 5, "sorting")->minutes, 60);
    /* Saturday's hours end at 16:00, + 15 min: 11:00 to 16:15. */
    CHECK_INT_EQ(row_of(rows, n, 4, "centre-shift")->minutes, 5 * 60 + 15);
    CHECK_STR_EQ(row_of(rows, n, 4, "centre-shift")->organisation, "centre");
    free(rows);
    hub_shifts_free(&h);
    hub_store_close(s);
}

/* --- end to end --------------------------------------------------------------------------- */

struct kiosk { struct outbox *o; unsigned char key[crypto_box_PUBLICKEYBYTES]; char token[64]; unsigned port; };

/* A record as the kiosk seals and queues it (docs/volunteers.md,
 * "Records"); its uuid into uuid_out. */
static void tap(struct kiosk *k, const char *kind, uint32_t v, const char *event, int64_t at_ms, const char *checkin,
                char uuid_out[OUTBOX_UUID_BYTES])
{
    char plain[512], ref[OUTBOX_REF_BYTES], err[WK_ERR_MAX] = "";
    unsigned char *sealed = NULL;
    size_t size = 0;
    CHECK_OK(outbox_new_ids(k->o, uuid_out, ref, err));
    int n = snprintf(plain, sizeof plain, "{\"format\": 1, \"kind\": \"%s\", \"volunteer\": %u, \"event\": \"%s\", "
                     "\"at\": %lld, \"content_version\": 7%s%s%s}", kind, (unsigned)v, event, (long long)at_ms,
                     checkin ? ", \"checkin\": \"" : "", checkin ? checkin : "", checkin ? "\"" : "");
    CHECK_OK(outbox_seal(k->key, (const unsigned char *)plain, (size_t)n, &sealed, &size, err));
    CHECK_OK(outbox_add(k->o, &(struct outbox_record){ uuid_out, ref, kind, sealed, size, 0 },
                        NULL, at_ms, err));
    free(sealed);
}

/* Posts a queued row twice: the second is a retry after a lost answer. */
static int post_row(void *user, const struct outbox_row *row)
{
    struct kiosk *k = user;
    for (int i = 0; i < 2; i++) {
        int code = hubproc_post_row(k->port, k->token, row);
        if (code != (i ? 200 : 201))
            test_fail(__FILE__, __LINE__, "posting %s %s got %d", row->kind, row->uuid, code);
    }
    return 0;
}

/* Posts the rows not posted yet (the hub answers 200 for the others). */
static int post_new_row(void *user, const struct outbox_row *row)
{
    struct kiosk *k = user;
    int code = hubproc_post_row(k->port, k->token, row);
    if (code != 201 && code != 200)
        test_fail(__FILE__, __LINE__, "posting %s %s got %d", row->kind, row->uuid, code);
    return 0;
}

TEST(volunteer_hours_at_the_hub_equal_the_taps_at_the_kiosk)
{
    static struct hubproc hub;
    const char *t = test_tmpdir();
    char path[PATH_BYTES], err[WK_ERR_MAX] = "";
    struct hub_store *s = hub_with_events();
    hub_store_close(s);
    char cmd[PATH_BYTES * 3];
    snprintf(path, sizeof path, "%s/roster.csv", t);
    FILE *f = fopen(path, "w");
    CHECK(f);
    fputs("first_name,organisation\nAmina,Refu Interim\n=Jo,Refu Interim\n<b>Nour</b>,Rode Kruis\n", f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "%s/welkomctl volunteers import %s --hub-db %s/hub.db >%s/codes.csv 2>&1",
             test_build_dir(), path, t, t);
    CHECK_INT_EQ(system(cmd), 0);
    hubproc_start(&hub, 0, NULL);
    struct kiosk k = { .port = hub.port };
    hubproc_enrol(&hub, "hall-1", k.token);
    snprintf(path, sizeof path, "%s/assets/demo/keys/test-hub.pub", test_root());
    CHECK_OK(content_key_file_read(path, k.key, sizeof k.key, err));
    snprintf(path, sizeof path, "%s/state.db", t);
    CHECK_OK(outbox_open(path, &k.o, err));

    /* Amina: 14:02-17:48 (226 min) and, the same afternoon, Jo checks in
     * at 14:30 and forgets to check out (closed at 18:30: 240 min);
     * volunteer 9 works the general shift Saturday 10:00-11:30 (90 min). */
    char a_in[OUTBOX_UUID_BYTES], a_out[OUTBOX_UUID_BYTES], jo[OUTBOX_UUID_BYTES], n_in[OUTBOX_UUID_BYTES],
         n_out[OUTBOX_UUID_BYTES];
    tap(&k, "checkin", 1, "sorting", SAT_1400 + 2 * MIN_MS, NULL, a_in);
    tap(&k, "checkin", 2, "sorting", SAT_1400 + 30 * MIN_MS, NULL, jo);
    tap(&k, "checkout", 1, "sorting", SAT_1400 + 3 * HOUR_MS + 48 * MIN_MS, a_in, a_out);
    tap(&k, "checkin", 9, "centre-shift", SAT_1400 - 4 * HOUR_MS, NULL, n_in);
    tap(&k, "checkout", 9, "centre-shift", SAT_1400 - 150 * MIN_MS, n_in, n_out);
    /* Nour (3) checks in now, at the event open all the time. */
    char nour[OUTBOX_UUID_BYTES];
    int64_t now = wk_wall_ms();
    tap(&k, "checkin", 3, "always", now, NULL, nour);
    CHECK_OK(outbox_list(k.o, post_row, &k, err));
    outbox_close(k.o);
    struct hub_tally tally;
    hubproc_tally(&hub, &tally);
    CHECK_INT_EQ(tally.rows, 6);
    CHECK_INT_EQ(tally.most_copies, 1);

    snprintf(cmd, sizeof cmd, "%s/welkomctl volunteers hours --from 2025-12-13 --to 2025-12-13 --key "
             "%s/assets/demo/keys/test-hub.key --hub-db %s >%s/hours.csv 2>%s/hours.err", test_build_dir(),
             test_root(), hub.db, t, t);
    CHECK_INT_EQ(system(cmd), 0);
    size_t size;
    snprintf(path, sizeof path, "%s/hours.csv", t);
    char *csv = (char *)fixture_slurp(path, &size);
    CHECK(csv);
    static const char want[] =
        "\"organisation\",\"event\",\"volunteer\",\"first_name\",\"hours\",\"minutes\",\"stays\",\"closed_by_window\"\r\n"
        "\"centre\",\"centre-shift\",\"9\",\"\",\"1.50\",\"90\",\"1\",\"0\"\r\n"
        "\"refu-interim\",\"sorting\",\"1\",\"Amina\",\"3.77\",\"226\",\"1\",\"0\"\r\n"
        "\"refu-interim\",\"sorting\",\"2\",\"'=Jo\",\"4.00\",\"240\",\"1\",\"1\"\r\n";
    CHECK_STR_EQ(csv, want);
    free(csv);
    /* The hub's public key in place of its secret one: refused, saying which is wanted. */
    snprintf(cmd, sizeof cmd, "%s/welkomctl volunteers hours --from 2025-12-13 --to 2025-12-13 --key "
             "%s/assets/demo/keys/test-hub.pub --hub-db %s >%s/hours.csv 2>%s/hours.err", test_build_dir(),
             test_root(), hub.db, t, t);
    CHECK(system(cmd) != 0);
    snprintf(path, sizeof path, "%s/hours.err", t);
    char *why = (char *)fixture_slurp(path, &size);
    CHECK(why && strstr(why, "secret key"));
    free(why);

    /* The console, as an admin with the hub key: the same hours, and
     * Nour here now (tests/shell/lib/volunteers_console.sh); when the page
     * in chromium shows her, she checks out at the kiosk, and the page
     * polling says nobody is here. */
    snprintf(cmd, sizeof cmd, "TEST_TMPDIR=%s WELKOM_BUILD=%s URL=%s bash %s/tests/shell/lib/volunteers_console.sh "
             "2025-12-13 >%s/console.out 2>&1", t, test_build_dir(), hub.url, test_root(), t);
    FILE *console = popen(cmd, "w");
    CHECK(console);
    snprintf(path, sizeof path, "%s/page-ready", t);
    for (int64_t until = hubproc_now_ms() + PAGE_WAIT_MS; access(path, F_OK) != 0 && hubproc_now_ms() < until;)
        usleep(50 * 1000);
    if (access(path, F_OK) == 0) {
        snprintf(path, sizeof path, "%s/state.db", t);
        CHECK_OK(outbox_open(path, &k.o, err));
        char bye[OUTBOX_UUID_BYTES];
        tap(&k, "checkout", 3, "always", wk_wall_ms(), nour, bye);
        CHECK_OK(outbox_list(k.o, post_new_row, &k, err));
        outbox_close(k.o);
    }
    int rc = pclose(console);
    snprintf(path, sizeof path, "%s/console.out", t);
    char *said = (char *)fixture_slurp(path, &size);
    if (rc != 0)
        test_fail(__FILE__, __LINE__, "the console: %s", said ? said : "");
    free(said);
    snprintf(path, sizeof path, "%s/hours.json", t);
    char *json = (char *)fixture_slurp(path, &size);
    CHECK(json);
    CHECK(strstr(json, "\"event\":\"sorting\",\"title\":\"Sorting\",\"volunteer\":1,\"first_name\":\"Amina\",\"minutes\":226,"));
    CHECK(strstr(json, "\"volunteer\":2,\"first_name\":\"=Jo\",\"minutes\":240,\"stays\":1,\"closed_by_window\":1"));
    CHECK(strstr(json, "\"volunteer\":9,\"first_name\":\"\",\"minutes\":90,"));
    free(json);
    snprintf(path, sizeof path, "%s/here.json", t);
    json = (char *)fixture_slurp(path, &size);
    char want_here[256];
    snprintf(want_here, sizeof want_here, "{\"events\":[{\"event\":\"always\",\"title\":\"Always\",\"organisation\":\"centre\",\"volunteers\":"
             "[{\"number\":3,\"first_name\":\"<b>Nour</b>\",\"since\":%lld}]}]", (long long)now);
    CHECK(json && !strncmp(json, want_here, strlen(want_here)));
    free(json);
    hubproc_stop(&hub, SIGTERM);
}
