/* test_alloc_faults.c — every allocation point of three operations made
 * to fail in turn, as SQLite's and curl's torture runs do: queueing a
 * submission (outbox_add), opening a bundle (content_open) and a pass of
 * the UI that changes screens. For n = 0, 1, 2, ... the (n+1)th
 * allocation from the start of the operation fails, and every one after
 * it (app/core/wk.h's seam; SQLite and cJSON allocate through it too),
 * until the operation runs without meeting the limit. Each time it must
 * end with a clear error or succeed, lose nothing, and leave the process
 * able to go on; run under AddressSanitizer (`make asan TESTS=alloc`)
 * that also means no leak, no use after free. */
#include "test.h"
#include "fixture.h"
#include "harness.h"
#include "../app/outbox/outbox.h"
#include "../app/content/content.h"

#include <sodium.h>
#include <sqlite3.h>

/* Far more allocation points than any of the operations has: a walk
 * that reaches this has lost its way. */
#define MAX_FAULT_POINTS 100000
#define PAYLOAD_BYTES 300
#define PATH_BYTES 1200
/* A text cache this small keeps nothing past the frame that used it, so
 * every pass lays its text out again and meets the same allocations. */
#define TINY_TEXT_CACHE 1

/* Quiet: each refused allocation is logged as an error, and a walk
 * refuses thousands. */
static void quiet(void) { wk_log_set_level((enum wk_log_level)(WK_LOG_ERROR + 1)); }

/* --- outbox_add --------------------------------------------------------- */

struct find { const char *uuid; int found; bool whole; };

static int find_row(void *user, const struct outbox_row *row)
{
    struct find *f = user;
    if (!strcmp(row->uuid, f->uuid)) {
        f->found++;
        f->whole = row->payload_size == PAYLOAD_BYTES && row->payload && row->payload[0] == 'a' &&
                   row->payload[PAYLOAD_BYTES - 1] == 'a' && row->state == OUTBOX_QUEUED;
    }
    return 0;
}

static struct find rows_of(struct outbox *o, const char *uuid)
{
    char err[WK_ERR_MAX] = "";
    struct find f = { .uuid = uuid };
    if (outbox_list(o, find_row, &f, err))
        test_fail(__FILE__, __LINE__, "outbox_list: %s", err);
    return f;
}

/* The seam covers SQLite itself: with every allocation refused, SQLite
 * cannot open even an in-memory database. Without this the walks below
 * could pass while SQLite allocated on its own. */
TEST(alloc_faults_reach_sqlite_itself)
{
    CHECK_OK(outbox_use_wk_alloc());
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1)", NULL, NULL, NULL) == SQLITE_OK);
    wk_alloc_fail_after(0);
    long before = wk_alloc_failures();
    int code = sqlite3_exec(db, "INSERT INTO t SELECT zeroblob(100000)", NULL, NULL, NULL);
    long refused = wk_alloc_failures() - before;
    wk_alloc_fail_after(-1);
    CHECK(code == SQLITE_NOMEM);
    CHECK(refused > 0);
    sqlite3_close(db);
}

TEST(alloc_faults_outbox_add_saves_the_whole_row_or_nothing_and_a_retry_saves_it)
{
    CHECK_OK(outbox_use_wk_alloc());
    char path[PATH_BYTES], err[WK_ERR_MAX];
    snprintf(path, sizeof path, "%s/state.db", test_tmpdir());
    struct outbox *o = NULL;
    CHECK_OK(outbox_open(path, &o, err));
    unsigned char payload[PAYLOAD_BYTES];
    memset(payload, 'a', sizeof payload);
    struct outbox_signup signup = { .activity = "football", .day = 20458, .places = 2 };
    quiet();
    long n = 0;
    for (;; n++) {
        CHECK(n < MAX_FAULT_POINTS);
        char uuid[OUTBOX_UUID_BYTES], ref[OUTBOX_REF_BYTES];
        CHECK_OK(outbox_new_ids(o, uuid, ref, err));
        err[0] = '\0';
        wk_alloc_fail_after(n);
        int rc = outbox_add(o, &(struct outbox_record){ uuid, ref, "signup", payload, sizeof payload, 0 },
                            &signup, 1000 + n, err);
        long refused = wk_alloc_failures();
        wk_alloc_fail_after(-1);
        struct find f = rows_of(o, uuid);
        if (rc == 0) {
            if (f.found != 1 || !f.whole)
                test_fail(__FILE__, __LINE__, "n=%ld: saved, but the queue has %d rows of it", n, f.found);
        } else {
            if (!err[0] || f.found != 0)
                test_fail(__FILE__, __LINE__, "n=%ld: rc %d, \"%s\", %d rows of it", n, rc, err, f.found);
            /* The resident taps Try again: it is saved, once. */
            if (outbox_add(o, &(struct outbox_record){ uuid, ref, "signup", payload, sizeof payload, 0 },
                           &signup, 1000 + n, err))
                test_fail(__FILE__, __LINE__, "n=%ld: Try again: %s", n, err);
            f = rows_of(o, uuid);
            CHECK(f.found == 1 && f.whole);
        }
        if (refused == 0) {
            CHECK_OK(rc);
            break;
        }
    }
    CHECK_INT_EQ(outbox_signups(o, "football", 20458, 0), 2 * (n + 1));
    outbox_close(o);
    printf("  outbox_add: %ld allocation points\n", n);
}

/* --- content_open --------------------------------------------------------- */

TEST(alloc_faults_content_open_refuses_clearly_or_opens_the_whole_bundle)
{
    CHECK_OK(outbox_use_wk_alloc());
    char path[PATH_BYTES], err[WK_ERR_MAX];
    snprintf(path, sizeof path, "%s/%s/demo/bundle.db", test_root(), test_build_dir());
    struct content_keys keys = fixture_test_keys();
    struct content *whole = NULL;
    CHECK_OK(content_open(path, &keys, &whole, err));
    size_t forms = 0;
    content_forms(whole, &forms);
    content_close(whole);
    quiet();
    long n = 0;
    for (;; n++) {
        CHECK(n < MAX_FAULT_POINTS);
        struct content *c = NULL;
        err[0] = '\0';
        wk_alloc_fail_after(n);
        int rc = content_open(path, &keys, &c, err);
        long refused = wk_alloc_failures();
        wk_alloc_fail_after(-1);
        if (rc == 0) {
            size_t got = 0;
            content_forms(c, &got);
            CHECK_INT_EQ(got, forms);
            content_close(c);
        } else if (!err[0] || c != NULL) {
            test_fail(__FILE__, __LINE__, "n=%ld: rc %d, \"%s\"", n, rc, err);
        }
        if (refused == 0) {
            CHECK_OK(rc);
            break;
        }
    }
    printf("  content_open: %ld allocation points\n", n);
}

/* --- a pass of the UI ------------------------------------------------------- */

TEST(alloc_faults_a_ui_pass_draws_what_it_can_and_the_next_one_draws_it_all)
{
    CHECK_OK(outbox_use_wk_alloc());
    struct harness h;
    harness_open(&h, &(struct harness_desc){ .text_cache_bytes = TINY_TEXT_CACHE });
    harness_tap(&h, "English");
    CHECK(harness_shows(&h, "What are you looking for?"));
    quiet();
    long n = 0;
    for (;; n++) {
        CHECK(n < MAX_FAULT_POINTS);
        wk_alloc_fail_after(n);
        harness_tap(&h, "Services");
        long refused = wk_alloc_failures();
        wk_alloc_fail_after(-1);
        /* The next pass, with memory again, shows a whole screen: the
         * services, or home if the tap was lost with its frame. */
        harness_wait(&h, 1);
        bool services = kiosk_find_widget(h.kiosk, "Back") != NULL;
        if (!services && !harness_shows(&h, "What are you looking for?"))
            test_fail(__FILE__, __LINE__, "n=%ld: neither home nor the services after the fault", n);
        if (services)
            harness_tap(&h, "Back");
        CHECK(harness_shows(&h, "What are you looking for?"));
        if (refused == 0) {
            CHECK(services);
            break;
        }
    }
    harness_close(&h);
    printf("  ui pass: %ld allocation points\n", n);
}
