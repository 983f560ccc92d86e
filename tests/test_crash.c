/* test_crash.c — power cuts during submissions. The real kiosk binary
 * signs residents up, one after another, from a script, and is killed
 * with SIGKILL in the middle of writing its queue: the test watches the
 * queue's files (inotify) and kills the kiosk the moment it has written
 * to them a chosen number of times, so each kill lands inside a commit or
 * right after one (between the commit and the receipt), the points a
 * random moment seldom hits; again and again, a hundred times. After
 * every kill the queue must open without repair, every receipt the kiosk
 * reported must be in it exactly once, and every row must be whole: it
 * opens with the hub's key and says its own reference. A row without a
 * receipt is allowed (the kill came between the commit and the screen);
 * a receipt without its row is the bug this hunts.
 *
 * And power cuts while a new bundle is installed (app/content/store.c):
 * the same kill-on-write, in the state directory, hundreds of times in a
 * loop that bounds its own time; after each, what a kiosk would show on
 * start must be a whole signed bundle, the old or the new. */
#include "fixture.h"
#include "crashloop.h"
#include "../app/content/store.h"
#include "../app/outbox/outbox.h"

#include <cjson/cJSON.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define CRASH_KILLS 100
/* make crash runs it for its time, up to this many kills (the test keeps
 * every receipt, and looks for each in the queue after every kill). */
#define CRASH_MAX_KILLS 1500
#define CRASH_SCRIPT_BYTES 8000
/* Kills land after any write of the first this many submissions of a run
 * (opening the queue at start included). */
#define CRASH_KILL_SPREAD_SUBMISSIONS 6
#define CRASH_CALIBRATION_SUBMISSIONS 10
#define CRASH_MAX_REFS 8192
/* About 60 ms a submission under the sanitizers, plus the runs cut short. */
#define CRASH_TIME_LIMIT_S 400

static const char CENTRE[] =
    "[bundle]\ncentre = Crash test (demo)\ncontent_version = 1\n"
    "created_at = 2026-01-01T00:00:00Z\ntimezone = Europe/Brussels\ndemo = yes\n"
    "[languages]\nnl = yes\nen = yes\n"
    "[settings]\ndefault_language = nl\n";
static const char MATCH[] =
    "[activity]\ncategory = sport\ncapacity = 10000\nsignup = yes\n"
    "[dates]\n2026-01-06 = 18:00-20:00\n[nl]\ntitle = Voetbal\n[en]\ntitle = Test match\n";
static const char FORM[] =
    "[form]\nkind = signup\nkeep_days = 30\n"
    "[nl]\ntitle = Inschrijven\nrecipient = de begeleiders\npurpose = om te weten wie komt\n"
    "[en]\ntitle = Sign up\nrecipient = the organisers\npurpose = to know who comes\n"
    "[field.name]\ntype = text\nrequired = yes\nmax = 20\nlabel.nl = Naam\nlabel.en = Name\n"
    "[field.ok]\ntype = yesno\nrequired = yes\nlabel.nl = Kom je?\nlabel.en = Are you coming?\n";

struct refs { char ref[CRASH_MAX_REFS][OUTBOX_REF_BYTES]; int count; };

static const char *line_after(const char *text, const char *key, char *out, size_t size)
{
    const char *p = strstr(text, key);
    if (!p)
        return NULL;
    p += strlen(key);
    snprintf(out, size, "%.*s", OUTBOX_REF_LEN + 1, p);
    return p;
}

/* The references the kiosk logged as queued ("queued a signup, reference
 * K7Q-XM4"): each was committed before it was logged. */
static void read_log(const char *path, struct refs *r)
{
    size_t size;
    unsigned char *text = fixture_slurp(path, &size);
    char ref[OUTBOX_REF_BYTES];
    for (const char *p = (const char *)text; (p = line_after(p, "reference ", ref, sizeof ref));)
        if (r->count < CRASH_MAX_REFS && strlen(p) > OUTBOX_REF_LEN + 1 && p[OUTBOX_REF_LEN + 1] == ' ')
            memcpy(r->ref[r->count++], ref, sizeof ref);
    free(text);
}

struct check { const struct refs *logged; int seen[CRASH_MAX_REFS]; int rows;
               unsigned char pk[32], sk[32]; };

static int check_row(void *user, const struct outbox_row *row)
{
    struct check *c = user;
    c->rows++;
    CHECK(row->payload && row->payload_size > crypto_box_SEALBYTES);
    size_t n = row->payload_size - crypto_box_SEALBYTES;
    char *plain = calloc(1, n + 1);
    CHECK(plain != NULL);
    if (crypto_box_seal_open((unsigned char *)plain, row->payload, row->payload_size, c->pk, c->sk))
        test_fail(__FILE__, __LINE__, "row %s does not open: half-written?", row->ref);
    cJSON *json = cJSON_Parse(plain);
    free(plain);
    const cJSON *ref = cJSON_GetObjectItemCaseSensitive(json, "ref");
    CHECK(cJSON_IsString(ref) && !strcmp(ref->valuestring, row->ref));
    cJSON_Delete(json);
    for (int i = 0; i < c->logged->count; i++)
        if (!strcmp(c->logged->ref[i], row->ref))
            c->seen[i]++;
    return 0;
}

/* Checks the queue after kill `run`; returns how many rows it holds. */
static int check_queue(const char *state_db, const struct refs *logged, const unsigned char sk[32],
                       int run)
{
    static struct check c;
    char err[WK_ERR_MAX] = "";
    memset(&c, 0, sizeof c);
    c.logged = logged;
    memcpy(c.sk, sk, 32);
    crypto_scalarmult_base(c.pk, c.sk);
    struct outbox *o;
    CHECK_OK(outbox_open(state_db, &o, err));
    if (outbox_recovered(o))
        test_fail(__FILE__, __LINE__, "after kill %d the queue needed repair", run);
    CHECK_OK(outbox_list(o, check_row, &c, err));
    outbox_close(o);
    for (int i = 0; i < logged->count; i++)
        if (c.seen[i] != 1)
            test_fail(__FILE__, __LINE__, "after kill %d receipt %s is in the queue %d times", run,
                      logged->ref[i], c.seen[i]);
    return c.rows;
}

/* Runs the kiosk with its log in log, killed at its kill_after-th write
 * to the files in state (state.db and its write-ahead log), as
 * crash_kill_on_write. */
static struct crash_run run_kiosk(const char *const argv[], const char *state, const char *log, int kill_after)
{
    int watch = inotify_init1(IN_CLOEXEC);
    CHECK(watch >= 0);
    CHECK(inotify_add_watch(watch, state, IN_MODIFY) >= 0);
    pid_t pid = crash_spawn(argv, log);
    return crash_kill_on_write(pid, watch, state, IN_MODIFY, kill_after, NULL, NULL);
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The write-ahead log's frames of its current generation (its salts), and
 * whether frames follow the last commit frame: a transaction the kill cut
 * short, which SQLite drops when it opens the queue again. Read before
 * that (docs: sqlite.org/fileformat.html, "WAL file format"). */
struct wal_tail { uint64_t salts; size_t frames; bool uncommitted; };

static struct wal_tail wal_tail(const char *state_db)
{
    enum { WAL_HEADER = 32, WAL_PAGE_SIZE_AT = 8, WAL_SALTS_AT = 16,
           FRAME_HEADER = 24, FRAME_COMMIT_AT = 4, FRAME_SALTS_AT = 8 };
    char path[FIXTURE_PATH_BYTES + 32];
    snprintf(path, sizeof path, "%s-wal", state_db);
    struct wal_tail t = { 0 };
    size_t size = 0;
    if (access(path, F_OK) != 0)
        return t;                       /* killed before the queue's first write */
    unsigned char *wal = fixture_slurp(path, &size);
    if (size >= WAL_HEADER) {
        uint32_t page = be32(wal + WAL_PAGE_SIZE_AT);
        memcpy(&t.salts, wal + WAL_SALTS_AT, sizeof t.salts);
        for (size_t at = WAL_HEADER; page && at + FRAME_HEADER + page <= size; at += FRAME_HEADER + page) {
            if (memcmp(wal + at + FRAME_SALTS_AT, wal + WAL_SALTS_AT, sizeof t.salts) != 0)
                break;                  /* a frame of an earlier generation */
            t.frames++;
            t.uncommitted = be32(wal + at + FRAME_COMMIT_AT) == 0;
        }
    }
    free(wal);
    return t;
}

/* One submission, from the attract screen back to it. */
#define ONE_SIGNUP "tap:English;tap:What's on;tap:Tomorrow;tap:Test match;tap:Sign up;" \
                   "tap:a;tap:⏎;tap:Yes;tap:Next;tap:Send;tap:Done;"

TEST(sigkill_in_the_middle_of_writes_a_hundred_times_loses_no_receipt_and_halves_no_row)
{
    char src[FIXTURE_PATH_BYTES], bundle[FIXTURE_PATH_BYTES], key[128];
    char state[FIXTURE_PATH_BYTES], state_db[FIXTURE_PATH_BYTES + 16], log[FIXTURE_PATH_BYTES];
    char err[WK_ERR_MAX] = "", path[FIXTURE_PATH_BYTES];
    unsigned char sk[32];
    snprintf(path, sizeof path, "%s/assets/demo/keys/test-hub.key", test_root());
    CHECK_OK(content_key_file_read(path, sk, sizeof sk, err));
    snprintf(path, sizeof path, "%s/assets/demo/keys/test-hub.pub", test_root());
    CHECK_OK(content_key_file_read(path, (unsigned char *)key, 32, err));
    char pub64[64];
    sodium_bin2base64(pub64, sizeof pub64, (unsigned char *)key, 32, sodium_base64_VARIANT_ORIGINAL);
    snprintf(src, sizeof src, "%s/src", test_tmpdir());
    fixture_put(src, "centre.ini", CENTRE);
    fixture_put(src, "categories.ini", "[sport]\npictogram = football\nnl = Sport\nen = Sport\n");
    fixture_put(src, "activities/match.ini", MATCH);
    fixture_put(src, "forms/signup.ini", FORM);
    snprintf(bundle, sizeof bundle, "%s/crash.db", test_tmpdir());
    fixture_bundle(src, bundle);
    snprintf(state, sizeof state, "%s/state", test_tmpdir());
    snprintf(state_db, sizeof state_db, "%s/state.db", state);

    char script[CRASH_SCRIPT_BYTES] = "";
    while (strlen(script) + sizeof ONE_SIGNUP < sizeof script)
        strcat(script, ONE_SIGNUP);
    struct content_keys keys = fixture_test_keys();
    char publisher[64], binary[FIXTURE_PATH_BYTES], locale[FIXTURE_PATH_BYTES];
    sodium_bin2base64(publisher, sizeof publisher, keys.key[0], 32, sodium_base64_VARIANT_ORIGINAL);
    snprintf(binary, sizeof binary, "%s/%s/welkom", test_root(), test_build_dir());
    snprintf(locale, sizeof locale, "%s/%s/locale", test_root(), test_build_dir());

    static struct refs logged;
    struct crash_budget budget;
    crash_budget_start(&budget, 0, CRASH_KILLS);
    test_time_limit(CRASH_TIME_LIMIT_S + 2 * budget.seconds);
    CHECK(mkdir(state, 0700) == 0);
    snprintf(log, sizeof log, "%s/run.log", test_tmpdir());
    const char *argv[] = { binary, "--headless", "--size", "800x480", "--data-dir", test_root(),
                           "--locale-dir", locale, "--bundle", bundle, "--publisher-key", publisher,
                           "--state-dir", state, "--script", script,
                           "--hub-public-key", pub64,   /* the TEST hub key: a test set-up */
                           NULL };
    enum { SCRIPT_ARG = 15 };           /* where script is in argv */
    /* How often the kiosk writes to its queue: one run of a few
     * submissions, to the end, sets how far into a run the kills land. */
    char calibration[CRASH_SCRIPT_BYTES] = "";
    for (int i = 0; i < CRASH_CALIBRATION_SUBMISSIONS; i++)
        strcat(calibration, ONE_SIGNUP);
    argv[SCRIPT_ARG] = calibration;
    struct crash_run whole = run_kiosk(argv, state, log, 0);
    CHECK_INT_EQ(whole.status, 0);
    read_log(log, &logged);
    CHECK_INT_EQ(logged.count, CRASH_CALIBRATION_SUBMISSIONS);
    int spread = whole.writes * CRASH_KILL_SPREAD_SUBMISSIONS / CRASH_CALIBRATION_SUBMISSIONS;
    CHECK(spread >= CRASH_KILL_SPREAD_SUBMISSIONS);   /* at least a write a submission */
    argv[SCRIPT_ARG] = script;

    /* Where the kills landed: a transaction cut short in the log (counted
     * once, though the next run may leave it as it is), or between a
     * commit and its receipt (a row without one). */
    int rows_before = logged.count, mid_transaction = 0, before_receipt = 0;
    struct wal_tail last = { 0 };
    int kill = 0;
    for (; crash_budget_next(&budget, CRASH_KILLS) && kill < CRASH_MAX_KILLS; kill++) {
        struct crash_run r = run_kiosk(argv, state, log, 1 + rand() % spread);
        if (!r.killed)
            test_fail(__FILE__, __LINE__, "run %d was not killed: it ended (status %d) after %d writes", kill,
                      r.status, r.writes);
        struct wal_tail tail = wal_tail(state_db);
        mid_transaction += tail.uncommitted && (tail.salts != last.salts || tail.frames != last.frames);
        last = tail;
        int receipts_before = logged.count;
        read_log(log, &logged);
        int rows = check_queue(state_db, &logged, sk, kill);
        before_receipt += rows - rows_before > logged.count - receipts_before;
        rows_before = rows;
    }
    printf("  %d receipts over %d kills, all in the queue once; %d kills in a transaction, %d between "
           "a commit and its receipt\n", logged.count, kill, mid_transaction, before_receipt);
    CHECK(logged.count > kill);         /* the runs got as far as receipts */
    /* Both are some tens in a hundred: none at all means the kills no
     * longer land where the queue is written. */
    CHECK(mid_transaction > 0);
    CHECK(before_receipt > 0);
}

/* --- power cuts while a new bundle is installed --------------------------- */

/* The install loop runs until this many seconds have passed or it has
 * installed this often, whichever comes first, and at least the minimum
 * (CRASH_SECONDS and CRASH_ITERATIONS change the first two). */
#define CRASH_INSTALL_SECONDS 15
#define CRASH_INSTALL_MAX_RUNS 300
#define CRASH_INSTALL_MIN_RUNS 30

/* Runs content_store_install(state, bundle) in a child, killed at its
 * kill_after-th change to the state directory (a file or directory made,
 * written, renamed, also inside the directories it makes), as
 * crash_kill_on_write. */
static struct crash_run run_install(const char *state, const char *bundle, const struct content_keys *keys,
                              int kill_after)
{
    const uint32_t mask = IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE;
    int watch = inotify_init1(IN_CLOEXEC);
    CHECK(watch >= 0);
    CHECK(inotify_add_watch(watch, state, mask) >= 0);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        char err[WK_ERR_MAX];
        int64_t version;
        _exit(content_store_install(state, bundle, keys, &version, err) == 0 ? 0 : 1);
    }
    return crash_kill_on_write(pid, watch, state, mask, kill_after, NULL, NULL);
}

TEST(sigkill_while_a_bundle_is_installed_always_leaves_a_whole_bundle_to_show)
{
    char src[FIXTURE_PATH_BYTES], v1[FIXTURE_PATH_BYTES], v2[FIXTURE_PATH_BYTES], state[FIXTURE_PATH_BYTES];
    char centre[sizeof CENTRE];
    snprintf(src, sizeof src, "%s/src", test_tmpdir());
    fixture_put(src, "categories.ini", "[sport]\npictogram = football\nnl = Sport\nen = Sport\n");
    fixture_put(src, "activities/match.ini", MATCH);
    fixture_put(src, "forms/signup.ini", FORM);
    fixture_put(src, "centre.ini", CENTRE);
    snprintf(v1, sizeof v1, "%s/v1.db", test_tmpdir());
    fixture_bundle(src, v1);
    /* Version 2: the same content, one number up. */
    snprintf(centre, sizeof centre, "%s", CENTRE);
    char *v = strstr(centre, "content_version = 1");
    CHECK(v != NULL);
    v[strlen("content_version = ")] = '2';
    const char *v2_centre = centre;
    fixture_put(src, "centre.ini", v2_centre);
    snprintf(v2, sizeof v2, "%s/v2.db", test_tmpdir());
    fixture_bundle(src, v2);
    snprintf(state, sizeof state, "%s/state", test_tmpdir());
    struct content_keys keys = fixture_test_keys();

    /* How many changes a whole install makes: the kills land among them. */
    crash_state_at_version_1(state, v1, &keys);
    struct crash_run whole = run_install(state, v2, &keys, 0);
    CHECK_INT_EQ(whole.status, 0);
    CHECK(whole.writes >= 3);       /* its directory, the symlink, the high-water mark */

    struct crash_budget budget;
    crash_budget_start(&budget, CRASH_INSTALL_SECONDS, CRASH_INSTALL_MAX_RUNS);
    unsigned seed = budget.seed;
    printf("  %d changes a whole install\n", whole.writes);
    int kills = 0, showed_old = 0, showed_new = 0;
    crash_state_at_version_1(state, v1, &keys);
    while (crash_budget_next(&budget, CRASH_INSTALL_MIN_RUNS)) {
        struct crash_run r = run_install(state, v2, &keys, 1 + rand() % whole.writes);
        if (!r.killed)
            CHECK_INT_EQ(r.status, 0);      /* it finished before its kill: v2 is in */
        kills += r.killed;
        /* What a kiosk starting now shows: a whole, signed bundle, the old
         * one or the new one, and never older than the high-water mark. */
        struct content *c = NULL;
        char err[WK_ERR_MAX] = "";
        if (content_store_open(state, &keys, &c, err))
            test_fail(__FILE__, __LINE__, "after kill %d at change %d of %d (seed %u) the installed bundle "
                      "does not open: %s", kills, r.writes, whole.writes, seed, err);
        int64_t shown = content_meta(c)->content_version;
        CHECK(shown == 1 || shown == 2);
        CHECK(content_store_version(state) <= shown);
        CHECK(r.killed || shown == 2);
        content_close(c);
        if (shown == 2) {
            showed_new++;
            crash_state_at_version_1(state, v1, &keys);
        } else {
            showed_old++;   /* the next install starts over what this one left */
        }
    }
    printf("  %d installs, %d of them killed: %d left the old bundle, %d the new one; each opened whole\n",
           showed_old + showed_new, kills, showed_old, showed_new);
    /* Kills spread over the whole install land on both sides of the swap. */
    CHECK(showed_old > 0);
    CHECK(showed_new > 0);
}
