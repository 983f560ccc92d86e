/* test_crash_sync.c — power cuts on the way between a kiosk and its hub,
 * in loops that bound their own time (crashloop.h: CRASH_SECONDS,
 * CRASH_ITERATIONS, CRASH_SEED; `make crash` runs them long):
 *
 * - the kiosk's sync worker (in a child process, on its own queue) is
 *   SIGKILLed while it delivers to the real hub, right after its k-th
 *   write to its queue or the hub's k-th write to hub.db or its log, so
 *   kills land between the hub's commit and the kiosk's note that the
 *   hub has the row, the point a random moment seldom hits;
 * - the worker is SIGKILLed while it downloads and installs a new bundle,
 *   after its k-th change to the state folder (a write of the download is
 *   one: random byte offsets);
 * - the hub is SIGKILLed while two kiosks deliver to it, after its k-th
 *   write, and started again on its port;
 * - welkomctl publish is SIGKILLed after its k-th change to the hub's
 *   folder (hub.db, bundles/): the hub offers the old bundle or the new,
 *   whole, and publishing again works and leaves no temp file.
 *
 * After every kill: the queue opens without repair and holds every row
 * the test put in it, whole; the hub's database opens and holds each
 * submission at most once, and every one a kiosk marked as delivered (the
 * hub answered 200); the kiosk shows a whole signed bundle at or above
 * its high-water mark. At the end, and at each epoch of a long run, the
 * rest is delivered and every submission is at the hub exactly once. */
#include "test.h"
#include "crashloop.h"
#include "fixture.h"
#include "hubproc.h"
#include "../app/content/store.h"
#include "../app/outbox/outbox.h"
#include "../app/sync/sync.h"
#include "../hub/store.h"

#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* A short budget in `make test`, beside everything else. */
#define CRASH_DEFAULT_SECONDS 3
#define CRASH_DEFAULT_ITERATIONS 100000
/* Even on a slow machine (sanitizers) a loop kills at least this often
 * (a download, two runs of a few hundred KiB under ThreadSanitizer, takes
 * more than a second), and, until a kill has landed where the loop
 * hunts (between the hub's commit and the kiosk's mark, inside a
 * download), up to the larger number. */
#define CRASH_MIN_ITERATIONS 8
#define CRASH_MIN_DOWNLOADS 3
#define CRASH_MIN_UNTIL_SEEN 64
/* Each iteration adds 1..this many submissions to a kiosk's queue. */
#define CRASH_MAX_NEW_ROWS 6
/* A long run starts again from empty queues and an empty hub every this
 * many submissions a kiosk, after checking that all of them arrived. */
#define CRASH_EPOCH_ROWS 300
#define CRASH_MAX_ROWS (CRASH_EPOCH_ROWS + 4 * CRASH_MAX_NEW_ROWS)
#define CRASH_HUB_UUIDS (2 * CRASH_MAX_ROWS)
#define CRASH_PAYLOAD_BYTES 64
/* Kiosks delivering to the hub at once while it is killed. */
#define CRASH_KIOSKS 2
#define CRASH_WAIT_MS 30000
#define CRASH_CREATED_MS 1767603600000LL

/* One kiosk's queue as the test knows it: every row it ever put there. */
struct kiosk {
    char name[32], dir[FIXTURE_PATH_BYTES], db[FIXTURE_PATH_BYTES + 16], token[64];
    char uuids[CRASH_MAX_ROWS][OUTBOX_UUID_BYTES];
    int rows;
    struct outbox *outbox;      /* the test's handle, when it keeps one */
    struct sync *sync;          /* a worker in this process (the hub loop) */
};

/* What the checks after the kills saw. */
struct tally {
    long kills, checks, rows_checked;
    long acked_not_marked;      /* the hub had it, the kiosk did not know yet */
};

/* The sealed bytes stand-in: the hub stores them as they are, and the
 * test knows from the uuid what they must be. */
static void payload_of(const char *uuid, unsigned char out[CRASH_PAYLOAD_BYTES])
{
    memset(out, 0, CRASH_PAYLOAD_BYTES);
    snprintf((char *)out, CRASH_PAYLOAD_BYTES, "crash payload %s", uuid);
}

static void kiosk_init(struct kiosk *k, const char *name, struct hubproc *hub)
{
    char copy[sizeof k->name];
    snprintf(copy, sizeof copy, "%s", name);            /* name may be k->name */
    memset(k, 0, sizeof *k);
    snprintf(k->name, sizeof k->name, "%s", copy);
    snprintf(k->dir, sizeof k->dir, "%s/%s", test_tmpdir(), name);
    snprintf(k->db, sizeof k->db, "%s/state.db", k->dir);
    crash_remove_tree(k->dir);
    CHECK(mkdir(k->dir, 0700) == 0);
    hubproc_enrol(hub, name, k->token);
}

/* Puts n new submissions into k's queue (through k->outbox if it is
 * open, else through a handle of its own, closed again: no SQLite handle
 * may cross a fork). */
static void kiosk_queue(struct kiosk *k, int n)
{
    char err[WK_ERR_MAX] = "", ref[OUTBOX_REF_BYTES];
    unsigned char payload[CRASH_PAYLOAD_BYTES];
    struct outbox *o = k->outbox;
    if (!o)
        CHECK_OK(outbox_open(k->db, &o, err));
    for (int i = 0; i < n; i++) {
        CHECK(k->rows < CRASH_MAX_ROWS);
        char *uuid = k->uuids[k->rows];
        CHECK_OK(outbox_new_ids(o, uuid, ref, err));
        payload_of(uuid, payload);
        if (outbox_add(o, &(struct outbox_record){ uuid, ref, "signup", payload, sizeof payload, 0 },
                       NULL, CRASH_CREATED_MS + k->rows, err))
            test_fail(__FILE__, __LINE__, "%s", err);
        k->rows++;
    }
    if (o != k->outbox)
        outbox_close(o);
}

static struct outbox_counts kiosk_counts(struct kiosk *k)
{
    char err[WK_ERR_MAX] = "";
    struct outbox *o = k->outbox;
    struct outbox_counts c;
    if (!o)
        CHECK_OK(outbox_open(k->db, &o, err));
    CHECK_OK(outbox_counts(o, &c, err));
    if (o != k->outbox)
        outbox_close(o);
    return c;
}

/* The workers' failed tries are what these cases cause, thousands of
 * times: only errors reach the case's output. */
static void quiet(void)
{
    wk_log_set_level(WK_LOG_ERROR);
}

/* --- the invariants ------------------------------------------------------ */

struct seen {
    const struct kiosk *k;
    char (*hub)[40];
    int hub_rows;
    int count[CRASH_MAX_ROWS];
    enum outbox_state state[CRASH_MAX_ROWS];
    bool payload_whole[CRASH_MAX_ROWS];
    int strangers;
};

static int find(const struct kiosk *k, const char *uuid)
{
    for (int i = k->rows - 1; i >= 0; i--)
        if (!strcmp(k->uuids[i], uuid))
            return i;
    return -1;
}

static int note_row(void *user, const struct outbox_row *row)
{
    struct seen *s = user;
    int i = find(s->k, row->uuid);
    if (i < 0) {
        s->strangers++;
        return 0;
    }
    unsigned char payload[CRASH_PAYLOAD_BYTES];
    payload_of(row->uuid, payload);
    s->count[i]++;
    s->state[i] = row->state;
    s->payload_whole[i] = row->payload_size == sizeof payload && !memcmp(row->payload, payload, sizeof payload);
    return 0;
}

static int compare_uuid(const void *a, const void *b)
{
    return strcmp(a, b);
}

static bool at_hub(const struct seen *s, const char *uuid)
{
    return bsearch(uuid, s->hub, (size_t)s->hub_rows, sizeof s->hub[0], compare_uuid) != NULL;
}

/* The hub's uuids, sorted; fails the test if hub.db does not open or a
 * uuid is in it twice. */
static int hub_uuids(struct hubproc *hub, char (*uuids)[40], const char *when)
{
    int n = hubproc_uuids(hub, uuids, CRASH_HUB_UUIDS);
    CHECK(n <= CRASH_HUB_UUIDS);
    for (int i = 1; i < n; i++)
        if (!strcmp(uuids[i], uuids[i - 1]))
            test_fail(__FILE__, __LINE__, "%s: the hub holds %s twice", when, uuids[i]);
    return n;
}

/* k's queue as it is now: it opens without repair and holds only the
 * test's rows. Read before the hub, which only ever gains rows, so that a
 * row a worker delivers meanwhile is at the hub when the test looks. */
static void read_queue(struct kiosk *k, struct seen *s, const char *when)
{
    char err[WK_ERR_MAX] = "";
    memset(s, 0, sizeof *s);
    s->k = k;
    struct outbox *o = k->outbox;
    if (!o) {
        CHECK_OK(outbox_open(k->db, &o, err));
        if (outbox_recovered(o))
            test_fail(__FILE__, __LINE__, "%s: %s's queue needed repair", when, k->name);
    }
    CHECK_OK(outbox_list(o, note_row, s, err));
    if (o != k->outbox)
        outbox_close(o);
    if (s->strangers)
        test_fail(__FILE__, __LINE__, "%s: %s's queue holds %d rows the test never put there", when, k->name,
                  s->strangers);
}

/* After a kill: k's queue (as read_queue saw it) holds each of the test's
 * rows once, whole while queued; a row marked delivered is at the hub;
 * none is lost (queued, or at the hub). all_delivered: and none is
 * queued, every one is at the hub. Returns the rows the hub holds of k. */
static int check_kiosk(const struct kiosk *k, struct seen *s, char (*hub)[40], int hub_rows, bool all_delivered,
                       struct tally *t, const char *when)
{
    s->hub = hub;
    s->hub_rows = hub_rows;
    int held = 0;
    for (int i = 0; i < k->rows; i++) {
        const char *u = k->uuids[i];
        bool there = at_hub(s, u);
        held += there;
        if (s->count[i] != 1)
            test_fail(__FILE__, __LINE__, "%s: %s's row %s is in its queue %d times", when, k->name, u,
                      s->count[i]);
        if (s->state[i] == OUTBOX_REJECTED)
            test_fail(__FILE__, __LINE__, "%s: the hub refused %s", when, u);
        if (s->state[i] == OUTBOX_DELIVERED && !there)
            test_fail(__FILE__, __LINE__, "%s: %s marked %s delivered (the hub answered 200) but the hub "
                      "does not have it", when, k->name, u);
        if (s->state[i] == OUTBOX_QUEUED && !s->payload_whole[i])
            test_fail(__FILE__, __LINE__, "%s: %s's queued row %s is not whole", when, k->name, u);
        if (all_delivered && (s->state[i] != OUTBOX_DELIVERED || !there))
            test_fail(__FILE__, __LINE__, "%s: %s's row %s is %s", when, k->name, u,
                      there ? "at the hub but still queued" : "not at the hub");
        t->acked_not_marked += s->state[i] == OUTBOX_QUEUED && there;
        t->rows_checked++;
    }
    t->checks++;
    return held;
}

/* Checks every kiosk (at most CRASH_KIOSKS) against the hub; no
 * submission at the hub that no kiosk queued. */
static void check_all(struct hubproc *hub, struct kiosk *ks, int n, bool all_delivered, struct tally *t,
                      const char *when)
{
    static char uuids[CRASH_HUB_UUIDS][40];
    static struct seen seen[CRASH_KIOSKS];
    CHECK(n <= CRASH_KIOSKS);
    for (int i = 0; i < n; i++)
        read_queue(&ks[i], &seen[i], when);
    int hub_rows = hub_uuids(hub, uuids, when), held = 0;
    for (int i = 0; i < n; i++)
        held += check_kiosk(&ks[i], &seen[i], uuids, hub_rows, all_delivered, t, when);
    if (held != hub_rows)
        test_fail(__FILE__, __LINE__, "%s: the hub holds %d submissions no kiosk queued", when, hub_rows - held);
}

/* --- a worker in a child process ----------------------------------------- */

static void on_notify(void *user)
{
    int fd = *(int *)user;
    if (write(fd, "!", 1) < 0) {
        /* the pipe is full: the reader is awake anyway */
    }
}

/* The child's part: a sync worker on k's queue (and state_dir, if not
 * NULL) that ends with status 0 once its queue is empty (want_version 0)
 * or once it installed want_version; 3 if neither came within the limit.
 * The parent kills it before, or lets it end. */
static void worker_child(const struct kiosk *k, const char *url, const char *state_dir, int64_t want_version)
{
    char err[WK_ERR_MAX] = "";
    int wake[2];
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (pipe(wake) != 0)
        _exit(2);
    struct content_keys keys = fixture_test_keys();
    struct sync_config c = {
        .hub_url = url, .token = k->token, .state_db = k->db, .state_dir = state_dir ? state_dir : k->dir,
        .publisher_keys = &keys, .firmware = "crash", .heartbeat_s = 3600, .poll_s = 3600,
        .first_poll_ms = want_version ? 1 : 3600 * 1000, .notify = on_notify, .notify_user = &wake[1],
    };
    struct sync *s;
    if (sync_start(&c, &s, err)) {
        fprintf(stderr, "%s\n", err);
        _exit(2);
    }
    int64_t until = wk_mono_ms() + CRASH_WAIT_MS;
    struct outbox *o = NULL;
    if (!want_version && outbox_open(k->db, &o, err))
        _exit(2);
    while (wk_mono_ms() < until) {
        struct pollfd p = { .fd = wake[0], .events = POLLIN };
        /* The queue says nothing when it empties: look every few ms. */
        if (poll(&p, 1, want_version ? (int)(until - wk_mono_ms()) : 2) > 0) {
            char buf[64];
            if (read(wake[0], buf, sizeof buf) < 0)
                _exit(2);
        }
        struct sync_event ev;
        while (want_version && sync_take_event(s, &ev))
            if (ev.type == SYNC_EV_CONTENT_INSTALLED && ev.content_version == want_version)
                _exit(0);
        struct outbox_counts counts;
        if (o && outbox_counts(o, &counts, err) == 0 && counts.queued == 0)
            _exit(0);
    }
    _exit(3);
}

/* Runs worker_child, killed at the kill_after-th event of mask in the
 * folders dirs (NULL-terminated; the first one's new folders too), or
 * let to finish (0). */
static struct crash_run run_worker(const struct kiosk *k, const char *url, const char *state_dir,
                                   int64_t want_version, const char *const *dirs, uint32_t mask, int kill_after)
{
    int watch = inotify_init1(IN_CLOEXEC);
    CHECK(watch >= 0);
    for (int i = 0; dirs[i]; i++)
        CHECK(inotify_add_watch(watch, dirs[i], mask) >= 0);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        worker_child(k, url, state_dir, want_version);
    struct crash_run r = crash_kill_on_write(pid, watch, dirs[0], mask, kill_after, NULL, NULL);
    if (!r.killed && r.status != 0)
        test_fail(__FILE__, __LINE__, "the worker ended with status %d", r.status);
    return r;
}

/* --- the kiosk killed while it delivers ----------------------------------- */

/* A new hub and a new kiosk, both empty (the start of an epoch). */
static void fresh_hub_and_kiosk(struct hubproc *hub, struct kiosk *k)
{
    unsigned port = hub->port;
    hubproc_stop(hub, SIGKILL);
    static const char *const files[] = { "", "-wal", "-shm" };
    char path[HUBPROC_PATH + 8];
    for (size_t i = 0; i < WK_ARRAY_LEN(files); i++) {
        snprintf(path, sizeof path, "%s%s", hub->db, files[i]);
        unlink(path);
    }
    hubproc_start(hub, port, NULL);
    kiosk_init(k, "hallway-1", hub);
}

TEST(sigkill_of_the_kiosk_while_it_delivers_loses_no_receipt_and_doubles_none_at_the_hub)
{
    quiet();
    static struct kiosk k;
    struct hubproc hub = { 0 };
    struct tally t = { 0 };
    hubproc_start(&hub, 0, NULL);
    kiosk_init(&k, "hallway-1", &hub);
    const char *dirs[] = { k.dir, test_tmpdir(), NULL };   /* the queue; hub.db and the hub's log */

    /* How many writes delivering a few rows takes: the kills land among
     * that many, after the rows of each run are queued. */
    kiosk_queue(&k, CRASH_MAX_NEW_ROWS);
    struct crash_run whole = run_worker(&k, hub.url, NULL, 0, dirs, IN_MODIFY, 0);
    CHECK(whole.writes >= 2 * CRASH_MAX_NEW_ROWS);
    check_all(&hub, &k, 1, true, &t, "after the first whole run");

    struct crash_budget b;
    crash_budget_start(&b, CRASH_DEFAULT_SECONDS, CRASH_DEFAULT_ITERATIONS);
    long epochs = 0, runs_finished = 0;
    while (crash_budget_next(&b, t.acked_not_marked ? CRASH_MIN_ITERATIONS : CRASH_MIN_UNTIL_SEEN)) {
        kiosk_queue(&k, crash_random(1, CRASH_MAX_NEW_ROWS));
        struct crash_run r = run_worker(&k, hub.url, NULL, 0, dirs, IN_MODIFY, crash_random(1, whole.writes));
        t.kills += r.killed;
        runs_finished += !r.killed;
        char when[96];
        snprintf(when, sizeof when, "after kill %ld (change %d, seed %u)", t.kills, r.writes, b.seed);
        check_all(&hub, &k, 1, false, &t, when);
        if (k.rows >= CRASH_EPOCH_ROWS) {
            /* Started again, unkilled, it delivers the rest, each once. */
            run_worker(&k, hub.url, NULL, 0, dirs, IN_MODIFY, 0);
            check_all(&hub, &k, 1, true, &t, "at the end of an epoch");
            fresh_hub_and_kiosk(&hub, &k);
            epochs++;
        }
    }
    run_worker(&k, hub.url, NULL, 0, dirs, IN_MODIFY, 0);
    check_all(&hub, &k, 1, true, &t, "at the end");
    printf("  deliver: %ld iterations, %ld kills (%ld runs ended first), %ld invariant checks over %ld rows, "
           "all passed; %ld times the hub had a row the kiosk had not yet marked; %ld epochs of %d rows\n",
           b.iterations, t.kills, runs_finished, t.checks, t.rows_checked, t.acked_not_marked, epochs,
           CRASH_EPOCH_ROWS);
    /* Kills land among the writes: some between the hub's commit and the
     * kiosk's mark, the retry the hub must take as "already". */
    CHECK(t.kills > 0);
    CHECK(t.acked_not_marked > 0);
    hubproc_stop(&hub, SIGTERM);
}

/* --- the hub killed while kiosks deliver ---------------------------------- */

/* Kiosks in this process, each with its worker, delivering to one hub. */
struct fleet {
    struct hubproc hub;
    struct kiosk k[CRASH_KIOSKS];
};

static void fleet_start(struct fleet *f)
{
    char err[WK_ERR_MAX] = "";
    struct content_keys keys = fixture_test_keys();
    for (int i = 0; i < CRASH_KIOSKS; i++) {
        struct kiosk *k = &f->k[i];
        CHECK_OK(outbox_open(k->db, &k->outbox, err));
        struct sync_config c = {
            .hub_url = f->hub.url, .token = k->token, .state_db = k->db, .state_dir = k->dir,
            .publisher_keys = &keys, .firmware = "crash", .heartbeat_s = 3600, .poll_s = 3600,
            .first_poll_ms = 3600 * 1000,
        };
        if (sync_start(&c, &k->sync, err))
            test_fail(__FILE__, __LINE__, "%s", err);
    }
}

static void fleet_stop(struct fleet *f)
{
    for (int i = 0; i < CRASH_KIOSKS; i++) {
        sync_stop(f->k[i].sync);
        outbox_close(f->k[i].outbox);
        f->k[i].sync = NULL;
        f->k[i].outbox = NULL;
    }
}

/* The hub is back (or a resident sent something): try now. */
static void fleet_wake(struct fleet *f)
{
    for (int i = 0; i < CRASH_KIOSKS; i++)
        sync_wake(f->k[i].sync);
}

static bool fleet_drained(void *user)
{
    struct fleet *f = user;
    for (int i = 0; i < CRASH_KIOSKS; i++)
        if (kiosk_counts(&f->k[i]).queued > 0)
            return false;
    return true;
}

static void fleet_wait_drained(struct fleet *f)
{
    int64_t until = wk_mono_ms() + CRASH_WAIT_MS;
    fleet_wake(f);
    while (!fleet_drained(f)) {
        if (wk_mono_ms() > until)
            test_fail(__FILE__, __LINE__, "the kiosks did not deliver within %d ms (last error: %s)",
                      CRASH_WAIT_MS, kiosk_counts(&f->k[0]).last_error);
        usleep(5 * 1000);
    }
}

/* Rows queued at every kiosk, the workers woken; the hub killed at its
 * kill_after-th write to its folder (hub.db, its log), or once the
 * kiosks have delivered everything (0: only then); started again. The
 * workers wait out their backoff until the next round or
 * fleet_wait_drained wakes them, so most checks see the kill's state. */
static struct crash_run fleet_round(struct fleet *f, int kill_after)
{
    for (int i = 0; i < CRASH_KIOSKS; i++)
        kiosk_queue(&f->k[i], crash_random(1, CRASH_MAX_NEW_ROWS));
    int watch = inotify_init1(IN_CLOEXEC);
    CHECK(watch >= 0);
    CHECK(inotify_add_watch(watch, test_tmpdir(), IN_MODIFY) >= 0);
    fleet_wake(f);
    struct crash_run r = crash_kill_on_write(f->hub.pid, watch, test_tmpdir(), IN_MODIFY, kill_after,
                                             fleet_drained, f);
    CHECK(r.killed);
    f->hub.pid = 0;
    hubproc_start(&f->hub, f->hub.port, NULL);
    return r;
}

TEST(sigkill_of_the_hub_while_kiosks_deliver_keeps_each_acknowledged_submission_once)
{
    quiet();
    static struct fleet f;
    struct tally t = { 0 };
    memset(&f, 0, sizeof f);
    hubproc_start(&f.hub, 0, NULL);
    for (int i = 0; i < CRASH_KIOSKS; i++) {
        char name[32];
        snprintf(name, sizeof name, "hallway-%d", i + 1);
        kiosk_init(&f.k[i], name, &f.hub);
    }
    fleet_start(&f);
    /* How many writes the hub makes for a round: the kills land among them. */
    struct crash_run whole = fleet_round(&f, 0);
    CHECK(whole.writes >= CRASH_KIOSKS);
    fleet_wait_drained(&f);
    check_all(&f.hub, f.k, CRASH_KIOSKS, true, &t, "after the first round");

    struct crash_budget b;
    crash_budget_start(&b, CRASH_DEFAULT_SECONDS, CRASH_DEFAULT_ITERATIONS);
    long epochs = 0, idle_kills = 0;
    while (crash_budget_next(&b, CRASH_MIN_ITERATIONS)) {
        struct crash_run r = fleet_round(&f, crash_random(1, whole.writes));
        t.kills++;
        idle_kills += r.writes < 1;
        char when[96];
        snprintf(when, sizeof when, "after hub kill %ld (write %d, seed %u)", t.kills, r.writes, b.seed);
        check_all(&f.hub, f.k, CRASH_KIOSKS, false, &t, when);
        bool full = false;
        for (int i = 0; i < CRASH_KIOSKS; i++)
            full |= f.k[i].rows >= CRASH_EPOCH_ROWS;
        if (full) {
            fleet_wait_drained(&f);
            check_all(&f.hub, f.k, CRASH_KIOSKS, true, &t, "at the end of an epoch");
            fleet_stop(&f);
            fresh_hub_and_kiosk(&f.hub, &f.k[0]);
            for (int i = 1; i < CRASH_KIOSKS; i++)
                kiosk_init(&f.k[i], f.k[i].name, &f.hub);
            fleet_start(&f);
            epochs++;
        }
    }
    fleet_wait_drained(&f);
    check_all(&f.hub, f.k, CRASH_KIOSKS, true, &t, "at the end");
    printf("  hub store: %ld iterations, %ld hub kills (%ld once all was delivered), %ld invariant checks "
           "over %ld rows, all passed; %ld times the hub had a row its kiosk had no answer for; %ld epochs\n",
           b.iterations, t.kills, idle_kills, t.checks, t.rows_checked, t.acked_not_marked, epochs);
    fleet_stop(&f);
    hubproc_stop(&f.hub, SIGTERM);
}

/* --- the kiosk killed while it downloads a bundle ------------------------- */

/* What a kiosk starting now shows: a whole signed bundle, 1 or 2, never
 * below the high-water mark. Returns its version. */
static int64_t check_shown(const char *state, const struct content_keys *keys, const char *when)
{
    struct content *c = NULL;
    char err[WK_ERR_MAX] = "";
    if (content_store_open(state, keys, &c, err))
        test_fail(__FILE__, __LINE__, "%s: the installed bundle does not open: %s", when, err);
    int64_t shown = content_meta(c)->content_version;
    content_close(c);
    if ((shown != 1 && shown != 2) || content_store_version(state) > shown)
        test_fail(__FILE__, __LINE__, "%s: shows version %lld, the mark is %lld", when, (long long)shown,
                  (long long)content_store_version(state));
    return shown;
}

TEST(sigkill_while_a_bundle_downloads_leaves_a_whole_bundle_and_the_next_start_finishes_it)
{
    quiet();
    static struct kiosk k;
    struct hubproc hub = { 0 };
    char v1[FIXTURE_PATH_BYTES], v2[FIXTURE_PATH_BYTES], key[FIXTURE_PATH_BYTES], pub[FIXTURE_PATH_BYTES + 8];
    char state[FIXTURE_PATH_BYTES], partial[FIXTURE_PATH_BYTES + 32], ctl[FIXTURE_PATH_BYTES];
    snprintf(key, sizeof key, "%s/assets/demo/keys/test-publisher", test_root());
    snprintf(pub, sizeof pub, "%s.pub", key);
    fixture_demo_version(1, key, v1);
    fixture_demo_version(2, key, v2);
    hubproc_start(&hub, 0, NULL);
    kiosk_init(&k, "hallway-1", &hub);
    snprintf(ctl, sizeof ctl, "%s/welkomctl", test_build_dir());
    const char *publish[] = { ctl, "publish", v2, "--key", pub, "--hub-db", hub.db, NULL };
    CHECK_INT_EQ(hubproc_run(publish), 0);
    snprintf(state, sizeof state, "%s/state", test_tmpdir());
    snprintf(partial, sizeof partial, "%s/download/bundle.db", state);
    struct content_keys keys = fixture_test_keys();
    struct stat st;
    CHECK(stat(v2, &st) == 0);
    const long long full = (long long)st.st_size;
    const uint32_t mask = IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE;
    const char *dirs[] = { state, NULL };

    /* How many changes a whole download and install makes. */
    crash_state_at_version_1(state, v1, &keys);
    struct crash_run whole = run_worker(&k, hub.url, state, 2, dirs, mask, 0);
    CHECK_INT_EQ(check_shown(state, &keys, "after a whole download"), 2);
    CHECK(whole.writes >= 8);           /* the download alone writes many times */

    struct crash_budget b;
    crash_budget_start(&b, CRASH_DEFAULT_SECONDS, CRASH_DEFAULT_ITERATIONS);
    long kills = 0, checks = 0, mid_download = 0, old_kept = 0, finished = 0;
    long long lowest = full, highest = 0;
    while (crash_budget_next(&b, mid_download ? CRASH_MIN_DOWNLOADS : CRASH_MIN_UNTIL_SEEN)) {
        crash_state_at_version_1(state, v1, &keys);
        struct crash_run r = run_worker(&k, hub.url, state, 2, dirs, mask, crash_random(1, whole.writes));
        kills += r.killed;
        char when[96];
        snprintf(when, sizeof when, "after kill %ld at change %d of %d (seed %u)", kills, r.writes, whole.writes,
                 b.seed);
        int64_t shown = check_shown(state, &keys, when);
        checks++;
        if (r.killed && stat(partial, &st) == 0 && st.st_size < full) {
            mid_download++;
            lowest = WK_MIN(lowest, (long long)st.st_size);
            highest = WK_MAX(highest, (long long)st.st_size);
        }
        if (shown == 1) {
            /* Started again, the kiosk fetches the whole bundle. */
            old_kept++;
            run_worker(&k, hub.url, state, 2, dirs, mask, 0);
            snprintf(when, sizeof when, "after the restart that followed kill %ld (seed %u)", kills, b.seed);
            if (check_shown(state, &keys, when) != 2)
                test_fail(__FILE__, __LINE__, "%s: version 2 is not installed", when);
            checks++;
            finished++;
        }
    }
    printf("  download: %ld iterations, %ld kills, %ld of them mid-download (partial files of %lld to %lld "
           "of %lld bytes); %ld invariant checks passed: each time a whole signed bundle at or above the "
           "mark; %ld times the old one stayed, and %ld restarts finished the download\n",
           b.iterations, kills, mid_download, mid_download ? lowest : 0, highest, full, checks, old_kept,
           finished);
    CHECK(kills > 0);
    CHECK(mid_download > 0);
    hubproc_stop(&hub, SIGTERM);
}

/* --- the power cut while staff publish ------------------------------------ */

/* What the hub offers kiosks now (its latest bundle): whole, the files
 * the bytes its row says. Returns its version. */
static int64_t check_published(const char *db, const char *when)
{
    char err[WK_ERR_MAX] = "", hex[HUB_SHA256_HEX + 1];
    struct hub_store *s;
    struct hub_bundle latest;
    int64_t size = 0;
    struct stat st;
    if (hub_store_open(db, false, &s, err) || hub_store_bundle_latest(s, &latest, err))
        test_fail(__FILE__, __LINE__, "%s: hub.db does not open or has no bundle: %s", when, err);
    hub_store_close(s);
    if (hub_store_bundle_sha256(latest.path, hex, &size, err) || size != latest.size ||
        strcmp(hex, latest.sha256) != 0 || stat(latest.sig_path, &st) != 0 || st.st_size != latest.sig_size)
        test_fail(__FILE__, __LINE__, "%s: the hub offers version %lld, but its files are not what its row "
                  "says (%s)", when, (long long)latest.version, err);
    return latest.version;
}

/* How many files in dir start with a dot: temp files left behind. */
static int dot_files(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    return n;
}

TEST(sigkill_while_staff_publish_leaves_the_hub_offering_a_whole_bundle_and_publishing_again_cleans_up)
{
    quiet();
    char v1[FIXTURE_PATH_BYTES], v2[FIXTURE_PATH_BYTES], key[FIXTURE_PATH_BYTES], pub[FIXTURE_PATH_BYTES + 8];
    char ctl[FIXTURE_PATH_BYTES], hub[FIXTURE_PATH_BYTES], db[FIXTURE_PATH_BYTES + 16];
    char bundles[FIXTURE_PATH_BYTES + 16], log[FIXTURE_PATH_BYTES], err[WK_ERR_MAX] = "";
    char keep_db[FIXTURE_PATH_BYTES + 16], keep_v1[FIXTURE_PATH_BYTES + 16], keep_sig[FIXTURE_PATH_BYTES + 16];
    char to[FIXTURE_PATH_BYTES + 32];
    snprintf(key, sizeof key, "%s/assets/demo/keys/test-publisher", test_root());
    snprintf(pub, sizeof pub, "%s.pub", key);
    fixture_demo_version(1, key, v1);
    fixture_demo_version(2, key, v2);
    snprintf(ctl, sizeof ctl, "%s/welkomctl", test_build_dir());
    snprintf(hub, sizeof hub, "%s/hub", test_tmpdir());
    snprintf(db, sizeof db, "%s/hub.db", hub);
    snprintf(bundles, sizeof bundles, "%s/bundles", hub);
    snprintf(log, sizeof log, "%s/publish.log", test_tmpdir());
    /* A hub with version 1 published, kept aside to start each run from. */
    struct hub_store *s;
    CHECK(mkdir(hub, 0700) == 0);
    CHECK_OK(hub_store_open(db, true, &s, err));
    hub_store_close(s);
    const char *publish_v1[] = { ctl, "publish", v1, "--key", pub, "--hub-db", db, NULL };
    const char *publish_v2[] = { ctl, "publish", v2, "--key", pub, "--hub-db", db, NULL };
    CHECK_INT_EQ(hubproc_run(publish_v1), 0);
    snprintf(keep_db, sizeof keep_db, "%s/kept-hub.db", test_tmpdir());
    snprintf(keep_v1, sizeof keep_v1, "%s/kept-1.db", test_tmpdir());
    snprintf(keep_sig, sizeof keep_sig, "%s/kept-1.db.sig", test_tmpdir());
    snprintf(to, sizeof to, "%s/1.db", bundles);
    fixture_copy(db, keep_db);
    fixture_copy(to, keep_v1);
    snprintf(to, sizeof to, "%s/1.db.sig", bundles);
    fixture_copy(to, keep_sig);
    const uint32_t mask = IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE;

    long kills = 0, checks = 0, old_offered = 0;
    int changes = 0;
    struct crash_budget b = { 0 };
    for (bool calibrating = true;
         calibrating || crash_budget_next(&b, old_offered ? CRASH_MIN_ITERATIONS : CRASH_MIN_UNTIL_SEEN);) {
        crash_remove_tree(hub);
        CHECK(mkdir(hub, 0700) == 0 && mkdir(bundles, 0755) == 0);
        fixture_copy(keep_db, db);
        snprintf(to, sizeof to, "%s/1.db", bundles);
        fixture_copy(keep_v1, to);
        snprintf(to, sizeof to, "%s/1.db.sig", bundles);
        fixture_copy(keep_sig, to);
        int watch = inotify_init1(IN_CLOEXEC);
        CHECK(watch >= 0);
        CHECK(inotify_add_watch(watch, hub, mask) >= 0 && inotify_add_watch(watch, bundles, mask) >= 0);
        /* The first run, whole, counts the changes a publish makes. */
        struct crash_run r = crash_kill_on_write(crash_spawn(publish_v2, log), watch, hub, mask,
                                                 calibrating ? 0 : crash_random(1, changes), NULL, NULL);
        if (calibrating) {
            CHECK_INT_EQ(r.status, 0);
            changes = r.writes;
            CHECK(changes >= 4);        /* two temp files written, renamed, the row */
            CHECK_INT_EQ(check_published(db, "after a whole publish"), 2);
            crash_budget_start(&b, CRASH_DEFAULT_SECONDS, CRASH_DEFAULT_ITERATIONS);
            calibrating = false;
            continue;
        }
        kills += r.killed;
        if (!r.killed)
            CHECK_INT_EQ(r.status, 0);
        char when[96];
        snprintf(when, sizeof when, "after kill %ld at change %d of %d (seed %u)", kills, r.writes, changes,
                 b.seed);
        int64_t offered = check_published(db, when);
        checks++;
        if (offered == 1) {
            /* Staff publish again: it works, and the hub offers version 2. */
            old_offered++;
            if (hubproc_run(publish_v2) != 0)
                test_fail(__FILE__, __LINE__, "%s: publishing again failed (see %s/cmd.log)", when,
                          test_tmpdir());
            if (check_published(db, when) != 2)
                test_fail(__FILE__, __LINE__, "%s: publishing again did not offer version 2", when);
            checks++;
        }
        /* A publish that finished removed what a killed one left: a temp
         * file is up to a bundle's size, and would stay for good. */
        if (dot_files(bundles) > 0)
            test_fail(__FILE__, __LINE__, "%s: a publish that finished left temp files in %s", when, bundles);
    }
    printf("  publish: %ld iterations, %ld kills, %ld invariant checks passed: the hub offered a whole "
           "bundle each time, version 1 after %ld kills; publishing again then worked and left no temp "
           "file\n", b.iterations, kills, checks, old_offered);
    CHECK(kills > 0);
    CHECK(old_offered > 0);
}
