/* test_sync_backoff.c — the sync worker's wait after a failure outlives
 * the kiosk: it is kept with the row at the head of the queue
 * (next_attempt_at), a restarted worker waits it out, and a new
 * submission still goes at once. Against the real welkom-hub over
 * loopback, on a real state.db. */
#include "test.h"
#include "hubproc.h"
#include "../app/sync/sync.h"
#include "../app/outbox/outbox.h"

#include <signal.h>
#include <sodium.h>
#include <unistd.h>

#define WAIT_LIMIT_MS 30000
#define POLL_US (20 * 1000)
/* A payload the hub takes: it only checks the size of a sealed box. */
#define PAYLOAD_BYTES 64
#define A_YEAR_MS (365LL * 24 * 3600 * 1000)
/* A port nothing listens on: the kernel's first ephemeral ports are
 * above it, and binding it needs root. */
#define DEAD_URL "http://127.0.0.1:9"

struct rig {
    struct hubproc hub;
    char token[64];
    char state_db[1024], state_dir[1024];
    struct outbox *outbox;
    struct sync *sync;
    char uuid[OUTBOX_UUID_BYTES];
};

static void rig_open(struct rig *r)
{
    char err[WK_ERR_MAX] = "", ref[OUTBOX_REF_BYTES];
    unsigned char payload[PAYLOAD_BYTES];
    memset(r, 0, sizeof *r);
    snprintf(r->state_dir, sizeof r->state_dir, "%s/state", test_tmpdir());
    snprintf(r->state_db, sizeof r->state_db, "%s/state.db", test_tmpdir());
    if (outbox_open(r->state_db, &r->outbox, err))
        test_fail(__FILE__, __LINE__, "%s", err);
    randombytes_buf(payload, sizeof payload);
    CHECK_OK(outbox_new_ids(r->outbox, r->uuid, ref, err));
    CHECK_OK(outbox_add(r->outbox, &(struct outbox_record){ r->uuid, ref, "message", payload, sizeof payload,
                                                            0 },
                        NULL, wk_wall_ms(), err));
    hubproc_start(&r->hub, 0, NULL);
    hubproc_enrol(&r->hub, "hallway-1", r->token);
}

static void start(struct rig *r, const char *url)
{
    char err[WK_ERR_MAX] = "";
    struct sync_config c = {
        .hub_url = url, .token = r->token, .state_db = r->state_db, .state_dir = r->state_dir,
        .firmware = "test", .heartbeat_s = 3600, .poll_s = 3600,
    };
    if (sync_start(&c, &r->sync, err))
        test_fail(__FILE__, __LINE__, "%s", err);
}

static void rig_close(struct rig *r)
{
    sync_stop(r->sync);
    outbox_close(r->outbox);
    hubproc_stop(&r->hub, SIGTERM);
}

static struct sync_stats stats(struct rig *r)
{
    struct sync_stats st;
    sync_get_stats(r->sync, &st);
    return st;
}

static int head_row(void *user, const struct outbox_row *row)
{
    struct outbox_row *out = user;
    if (!out->uuid[0]) {
        memcpy(out->uuid, row->uuid, sizeof out->uuid);
        out->attempts = row->attempts;
        out->next_attempt_ms = row->next_attempt_ms;
        out->state = row->state;
    }
    return 0;
}

static struct outbox_row the_row(struct rig *r)
{
    char err[WK_ERR_MAX] = "";
    struct outbox_row row = { 0 };
    CHECK_OK(outbox_list(r->outbox, head_row, &row, err));
    return row;
}

/* Waits, bounded, until field of the worker's stats reaches n. */
#define WAIT_STAT(r, field, n)                                                              \
    do {                                                                                    \
        int64_t until_ = hubproc_now_ms() + WAIT_LIMIT_MS;                                  \
        while (stats(r).field < (n)) {                                                      \
            if (hubproc_now_ms() > until_)                                                  \
                test_fail(__FILE__, __LINE__, "%s stayed below %d", #field, (int)(n));     \
            usleep(POLL_US);                                                                \
        }                                                                                   \
    } while (0)

TEST(sync_keeps_its_wait_with_the_row_and_a_restart_waits_it_out_but_a_wake_sends_at_once)
{
    struct rig r;
    rig_open(&r);

    /* The hub is out of reach: the wait after the failure is stored with
     * the row, as a wall clock time at least the first wait ahead. */
    int64_t before = wk_wall_ms();
    start(&r, DEAD_URL);
    WAIT_STAT(&r, failures, 1);
    sync_stop(r.sync);
    r.sync = NULL;
    struct outbox_row row = the_row(&r);
    CHECK_STR_EQ(row.uuid, r.uuid);
    CHECK_INT_EQ(row.attempts, 1);
    CHECK(row.next_attempt_ms >= before + SYNC_FIRST_BACKOFF_MS / 2);

    /* The last run's trouble was long: ten minutes to wait. The kiosk
     * restarts against a hub that answers. Its first heartbeat is sent in
     * the same turn of the loop as a due row would be, and after it: so
     * once the heartbeat is in, the row was not sent. */
    char err[WK_ERR_MAX] = "";
    CHECK_OK(outbox_reschedule(r.outbox, r.uuid, wk_wall_ms() + SYNC_MAX_BACKOFF_MS, "hub down", err));
    start(&r, r.hub.url);
    WAIT_STAT(&r, heartbeats, 1);
    struct sync_stats st = stats(&r);
    CHECK_INT_EQ(st.attempts, 0);
    CHECK(st.backoff_ms > 0);
    CHECK(!hubproc_has(&r.hub, r.uuid));

    /* A resident sends something: the wait ends at once. */
    sync_wake(r.sync);
    WAIT_STAT(&r, delivered, 1);
    CHECK(hubproc_has(&r.hub, r.uuid));
    CHECK_INT_EQ(the_row(&r).state, OUTBOX_DELIVERED);
    rig_close(&r);
}

/* A wall clock far off when the wait was stored (a Pi before NTP) cannot
 * freeze the queue: the wait is never longer than the longest backoff. */
TEST(sync_waits_no_longer_than_the_longest_backoff_whatever_the_stored_time)
{
    struct rig r;
    rig_open(&r);
    char err[WK_ERR_MAX] = "";
    CHECK_OK(outbox_reschedule(r.outbox, r.uuid, wk_wall_ms() + A_YEAR_MS, "hub down", err));
    start(&r, r.hub.url);
    WAIT_STAT(&r, heartbeats, 1);
    struct sync_stats st = stats(&r);
    CHECK_INT_EQ(st.attempts, 0);
    CHECK(st.backoff_ms > 0 && st.backoff_ms <= SYNC_MAX_BACKOFF_MS);
    sync_wake(r.sync);
    WAIT_STAT(&r, delivered, 1);
    rig_close(&r);
}
