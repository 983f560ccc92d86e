/* test_crash.c — power cuts during submissions. The real kiosk binary
 * signs residents up, one after another, from a script, and is killed
 * with SIGKILL at a random moment; again and again, until more than 1,000
 * receipts have been shown. After every kill the queue must open without
 * repair, every receipt the kiosk reported must be in it exactly once, and
 * every row must be whole: it opens with the hub's key and says its own
 * reference. A row without a receipt is allowed (the kill came between the
 * commit and the screen); a receipt without its row is the bug this hunts. */
#include "fixture.h"
#include "../app/outbox/outbox.h"

#include <cjson/cJSON.h>
#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CRASH_RECEIPTS 1000
#define CRASH_MAX_RUNS 400
#define CRASH_SCRIPT_BYTES 8000
/* Kills land anywhere from one submission to this many into a run. */
#define CRASH_KILL_SPREAD_SUBMISSIONS 20
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

static void check_queue(const char *state_db, const struct refs *logged, const unsigned char sk[32],
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
}

/* Runs the kiosk with its log in log; kills it with SIGKILL after kill_ms
 * (-1: lets it finish). Returns its exit status, or -1 if killed. */
static int run_kiosk(const char *const argv[], const char *log, int kill_ms)
{
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        if (!freopen(log, "w", stderr) || !freopen("/dev/null", "w", stdout))
            _exit(90);
        execv(argv[0], (char *const *)argv);
        _exit(91);
    }
    if (kill_ms >= 0) {
        usleep((useconds_t)kill_ms * 1000);
        kill(pid, SIGKILL);
    }
    int status;
    CHECK(waitpid(pid, &status, 0) == pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* One submission, from the attract screen back to it. */
#define ONE_SIGNUP "tap:English;tap:What's on;tap:Tomorrow;tap:Test match;tap:Sign up;" \
                   "tap:a;tap:⏎;tap:Yes;tap:Next;tap:Send;tap:Done;"

TEST(sigkill_during_a_thousand_submissions_loses_no_receipt_and_halves_no_row)
{
    char src[FIXTURE_PATH_BYTES], bundle[FIXTURE_PATH_BYTES], key[128];
    char state[FIXTURE_PATH_BYTES], state_db[FIXTURE_PATH_BYTES + 16], log[FIXTURE_PATH_BYTES];
    char err[WK_ERR_MAX] = "", path[FIXTURE_PATH_BYTES];
    unsigned char sk[32];
    test_time_limit(CRASH_TIME_LIMIT_S);
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
    srand((unsigned)time(NULL));
    snprintf(log, sizeof log, "%s/run.log", test_tmpdir());
    const char *argv[] = { binary, "--headless", "--size", "800x480", "--data-dir", test_root(),
                           "--locale-dir", locale, "--bundle", bundle, "--publisher-key", publisher,
                           "--state-dir", state, "--script", script,
                           "--hub-public-key", pub64,   /* the TEST hub key: a test set-up */
                           NULL };
    enum { SCRIPT_ARG = 15 };           /* where script is in argv */
    /* How long a submission takes here (a sanitizer build is slower): one
     * run of a few, to the end, sets how far into a run the kills land. */
    char calibration[CRASH_SCRIPT_BYTES] = "";
    for (int i = 0; i < CRASH_CALIBRATION_SUBMISSIONS; i++)
        strcat(calibration, ONE_SIGNUP);
    argv[SCRIPT_ARG] = calibration;
    int64_t t0 = wk_mono_ms();
    CHECK_INT_EQ(run_kiosk(argv, log, -1), 0);
    int per_ms = (int)((wk_mono_ms() - t0) / CRASH_CALIBRATION_SUBMISSIONS) + 1;
    read_log(log, &logged);
    CHECK_INT_EQ(logged.count, CRASH_CALIBRATION_SUBMISSIONS);
    argv[SCRIPT_ARG] = script;

    int run = 0;
    for (; logged.count < CRASH_RECEIPTS && run < CRASH_MAX_RUNS; run++) {
        run_kiosk(argv, log, per_ms + rand() % (per_ms * CRASH_KILL_SPREAD_SUBMISSIONS));
        read_log(log, &logged);
        check_queue(state_db, &logged, sk, run);
    }
    if (logged.count < CRASH_RECEIPTS)
        test_fail(__FILE__, __LINE__, "only %d receipts in %d runs", logged.count, run);
    printf("  %d receipts over %d kills, all in the queue once\n", logged.count, run);
}
