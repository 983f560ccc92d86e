/* bench_sync.c — the sync worker (app/sync) against the real welkom-hub
 * process over loopback, printed as name=value lines (bench/README.md
 * says what each means):
 *   - the drain: 10,000 sealed messages queued in a fresh state.db,
 *     build/welkom-hub started on a free port with a fresh hub.db, the
 *     kiosk enrolled with build/welkomctl, then sync_start in this process
 *     and the time until outbox_counts says nothing is queued; the hub's
 *     database is then read (hub/store.h) to check it holds every row;
 *   - `run fill-queue PATH N`, which queues N such messages for the real
 *     kiosk bench/sync.sh starts (hub down, hub back).
 * Every file is in bench_tmp_dir(), under /tmp. */
#include "bench.h"
#include "../app/content/content.h"
#include "../app/outbox/outbox.h"
#include "../app/outbox/seal.h"
#include "../app/sync/sync.h"
#include "../hub/store.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PATH_BYTES 1024
#define HUB_KEY "assets/demo/keys/test-hub.pub"
#define TEST_PUBLISHER_KEY "assets/demo/keys/test-publisher.pub"
#define DRAIN_ROWS 10000
/* A message or sign-up as residents send them: ~300 bytes of JSON
 * (bench_outbox.c's sign-up opens to ~290), 348 sealed. */
#define PLAIN_BYTES 300
#define PLAIN_MAX 1024
/* The hub's defaults (120 a minute, a burst of 60) would pace a backlog
 * at 2 rows a second, 10,000 in ~83 minutes: the figure would be the
 * throttle's, not the worker's and the hub's. Raised out of the way, as
 * bench/hub.sh and the sync tests do. */
#define HUB_RATE "1000000"
#define HUB_START_MS 10000
/* How often the worker's counters are read while it drains, and how long
 * it may go without a row delivered before the benchmark gives up. The
 * counters, not outbox_counts: counting a queue of 10,000 takes ~1.5 ms
 * of a core that the worker would then not have (outbox_counts is asked
 * once it says all are done). */
#define DRAIN_POLL_MS 5
#define DRAIN_STALL_MS 60000
/* The rate at the start (10,000 queued) and at the end (1,000 queued). */
#define DRAIN_SPAN_ROWS 1000
#define HUB_STOP_MS 10000

/* --- the queue ----------------------------------------------------------- */

/* Queues rows sealed messages, made one millisecond apart from now. */
static void fill(struct outbox *o, int rows)
{
    char err[WK_ERR_MAX] = "", plain[PLAIN_MAX];
    char uuid[OUTBOX_UUID_BYTES], ref[OUTBOX_REF_BYTES];
    unsigned char key[OUTBOX_HUB_KEY_BYTES];
    if (content_key_file_read(HUB_KEY, key, sizeof key, err))
        bench_die(HUB_KEY, err);
    int64_t made = wk_wall_ms();
    for (int i = 0; i < rows; i++) {
        if (outbox_new_ids(o, uuid, ref, err))
            bench_die("outbox_new_ids", err);
        size_t size = bench_message_json(plain, PLAIN_BYTES + 1, uuid, ref);
        unsigned char *sealed = NULL;
        size_t sealed_size = 0;
        if (outbox_seal(key, (const unsigned char *)plain, size, &sealed, &sealed_size, err))
            bench_die("outbox_seal", err);
        if (outbox_add(o, &(struct outbox_record){ uuid, ref, "message", sealed, sealed_size, 0 },
                       NULL, made + i, err))
            bench_die("outbox_add", err);
        free(sealed);
    }
}

static struct outbox_counts count(struct outbox *o)
{
    char err[WK_ERR_MAX] = "";
    struct outbox_counts c;
    if (outbox_counts(o, &c, err))
        bench_die("outbox_counts", err);
    return c;
}

void bench_fill_queue(const char *path, int rows)
{
    if (rows <= 0)
        bench_die("fill-queue", "usage: run fill-queue PATH ROWS (ROWS > 0)");
    wk_log_set_level(WK_LOG_WARN);
    struct outbox *o = bench_open_queue(path);
    fill(o, rows);
    if (count(o).queued < rows)
        bench_die(path, "does not hold the rows just queued");
    outbox_close(o);
}

/* --- the hub, a process of its own ---------------------------------------- */

/* The hub this process started, stopped at exit also when a benchmark
 * dies half way (atexit() takes no argument, hence process-wide). */
static struct { pid_t pid; } hub;

static void kill_hub(void)
{
    if (hub.pid > 0) {
        kill(hub.pid, SIGKILL);
        waitpid(hub.pid, NULL, 0);
        hub.pid = 0;
    }
}

/* Starts build/welkom-hub on a free loopback port; its URL into url. */
static void start_hub(const char *db, const char *log, char url[64])
{
    char bin[PATH_BYTES];
    snprintf(bin, sizeof bin, "%s/welkom-hub", bench_build_dir());
    const char *argv[] = { bin, "--db", db, "--listen", "127.0.0.1:0", "--rate-per-minute", HUB_RATE,
                           "--burst", HUB_RATE, NULL };
    static bool registered;
    if (!registered && atexit(kill_hub) == 0)
        registered = true;
    hub.pid = fork();
    if (hub.pid < 0)
        bench_die("fork", strerror(errno));
    if (hub.pid == 0) {
        /* A benchmark killed half way must not leave a hub listening. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
            _exit(90);
        execv(argv[0], (char *const *)argv);
        _exit(91);
    }
    /* It logs "hub: listening on 127.0.0.1:PORT, ..." once it listens. */
    static const char marker[] = "listening on 127.0.0.1:";
    for (double until = bench_now_ms() + HUB_START_MS; bench_now_ms() < until;) {
        FILE *f = fopen(log, "r");
        char line[1024];
        unsigned port = 0;
        while (f && fgets(line, sizeof line, f))
            if (strstr(line, marker))
                port = (unsigned)atoi(strstr(line, marker) + strlen(marker));
        if (f)
            fclose(f);
        if (port) {
            snprintf(url, 64, "http://127.0.0.1:%u", port);
            return;
        }
        if (waitpid(hub.pid, NULL, WNOHANG) == hub.pid) {
            hub.pid = 0;
            bench_die(log, "the hub exited before it listened");
        }
        usleep(20 * 1000);
    }
    bench_die(log, "the hub did not listen in time");
}

/* SIGTERM, as systemd stops it: requests in progress finish first. */
static void stop_hub(void)
{
    kill(hub.pid, SIGTERM);
    int status = 0;
    for (double until = bench_now_ms() + HUB_STOP_MS; bench_now_ms() < until; usleep(20 * 1000))
        if (waitpid(hub.pid, &status, WNOHANG) == hub.pid) {
            hub.pid = 0;
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                bench_die("welkom-hub", "did not exit 0 on SIGTERM");
            return;
        }
    bench_die("welkom-hub", "did not stop on SIGTERM");
}

/* CPU seconds the hub has used (utime + stime of /proc/PID/stat). */
static double hub_cpu_s(void)
{
    char path[64], text[2048];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)hub.pid);
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
    if (f)
        fclose(f);
    text[n] = '\0';
    /* The fields after the command, which may hold spaces, in its ( ). */
    const char *p = strrchr(text, ')');
    unsigned long utime = 0, stime = 0;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2)
        bench_die(path, "cannot read the hub's CPU time");
    return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

/* Enrols a kiosk as staff do: `welkomctl kiosk add NAME`, which prints
 * its token once, as "token = ...". */
static void enrol(const char *db, const char *name, char token[HUB_TOKEN_CHARS + 1])
{
    char cmd[PATH_BYTES * 2], line[512];
    snprintf(cmd, sizeof cmd, "'%s/welkomctl' kiosk add %s --hub-db '%s' 2>&1", bench_build_dir(), name, db);
    FILE *p = popen(cmd, "r");
    if (!p)
        bench_die("welkomctl kiosk add", strerror(errno));
    token[0] = '\0';
    while (fgets(line, sizeof line, p)) {
        line[strcspn(line, "\n")] = '\0';
        if (!strncmp(line, "token = ", 8) && strlen(line + 8) == HUB_TOKEN_CHARS)
            memcpy(token, line + 8, HUB_TOKEN_CHARS + 1);
    }
    if (pclose(p) != 0 || strlen(token) != HUB_TOKEN_CHARS)
        bench_die("welkomctl kiosk add", "failed or printed no token");
}

static int count_stored(void *user, const struct hub_stored_submission *row)
{
    (void)row;
    ++*(int *)user;
    return 0;
}

/* The submissions hub.db holds (read after the hub stopped). */
static int hub_rows(const char *db)
{
    char err[WK_ERR_MAX] = "";
    struct hub_store *s = NULL;
    int rows = 0;
    if (hub_store_open(db, false, &s, err) || hub_store_submissions_each(s, NULL, count_stored, &rows, err))
        bench_die(db, err);
    hub_store_close(s);
    return rows;
}

/* --- the drain ------------------------------------------------------------- */

void bench_sync(void)
{
    /* The worker logs only trouble at WARN; the figures stay readable. */
    wk_log_set_level(WK_LOG_WARN);
    const char *dir = bench_tmp_dir();
    char state_db[PATH_BYTES], state_dir[PATH_BYTES], hub_db[PATH_BYTES], hub_log[PATH_BYTES];
    char err[WK_ERR_MAX] = "", url[64], token[HUB_TOKEN_CHARS + 1];
    snprintf(state_db, sizeof state_db, "%s/sync-state.db", dir);
    snprintf(state_dir, sizeof state_dir, "%s/sync-state", dir);
    snprintf(hub_db, sizeof hub_db, "%s/sync-hub.db", dir);
    snprintf(hub_log, sizeof hub_log, "%s/sync-hub.log", dir);
    if (mkdir(state_dir, 0755) && errno != EEXIST)
        bench_die(state_dir, strerror(errno));

    struct outbox *o = bench_open_queue(state_db);
    fill(o, DRAIN_ROWS);
    enrol(hub_db, "bench-drain", token);
    start_hub(hub_db, hub_log, url);

    struct content_keys keys = bench_keys_from(TEST_PUBLISHER_KEY);
    /* Heartbeats and polls as rare as the worker allows; it still sends
     * one heartbeat at once and asks for the manifest ~2 s in (404:
     * nothing published), as a kiosk does after every start. */
    struct sync_config config = {
        .hub_url = url, .token = token, .state_db = state_db, .state_dir = state_dir,
        .publisher_keys = &keys, .firmware = "bench", .heartbeat_s = SYNC_MAX_HEARTBEAT_S,
        .poll_s = SYNC_MAX_HEARTBEAT_S,
    };
    struct rusage r0, r1;
    getrusage(RUSAGE_SELF, &r0);
    double hub_cpu0 = hub_cpu_s();
    struct sync *sync = NULL;
    struct sync_stats st;
    double t0 = bench_now_ms(), progress_ms = t0, first_span_ms = 0, last_span_from = 0;
    if (sync_start(&config, &sync, err))
        bench_die("sync_start", err);
    uint64_t done = 0;
    while (done < DRAIN_ROWS) {
        usleep(DRAIN_POLL_MS * 1000);
        sync_get_stats(sync, &st);
        double now = bench_now_ms();
        if (st.delivered + st.rejected > done)
            progress_ms = now;
        done = st.delivered + st.rejected;
        if (!first_span_ms && done >= DRAIN_SPAN_ROWS)
            first_span_ms = now - t0;
        if (!last_span_from && done >= DRAIN_ROWS - DRAIN_SPAN_ROWS)
            last_span_from = now;
        if (now - progress_ms > DRAIN_STALL_MS) {
            fprintf(stderr, "bench: %llu of %d rows done; last error: %s (hub log: %s)\n",
                    (unsigned long long)done, DRAIN_ROWS, st.last_error, hub_log);
            bench_die("drain", "no row delivered for 60 s");
        }
    }
    /* The worker counts a row once it is marked in state.db: nothing is
     * queued any more. */
    struct outbox_counts c = count(o);
    double end = bench_now_ms(), seconds = (end - t0) / 1000;
    getrusage(RUSAGE_SELF, &r1);
    double hub_cpu = hub_cpu_s() - hub_cpu0;
    sync_get_stats(sync, &st);
    sync_stop(sync);
    stop_hub();
    if (c.queued != 0 || c.delivered != DRAIN_ROWS || c.rejected != 0)
        bench_die("drain", "the worker is done but state.db does not say all 10,000 are delivered");

    double kiosk_cpu = (double)(r1.ru_utime.tv_sec - r0.ru_utime.tv_sec + r1.ru_stime.tv_sec -
                                r0.ru_stime.tv_sec) +
                       (double)(r1.ru_utime.tv_usec - r0.ru_utime.tv_usec + r1.ru_stime.tv_usec -
                                r0.ru_stime.tv_usec) / 1e6;
    printf("sync_drain_10000_s=%.2f\n", seconds);
    printf("sync_drain_rows_per_s=%.0f\n", DRAIN_ROWS / seconds);
    printf("sync_drain_first_1000_rows_per_s=%.0f\n", DRAIN_SPAN_ROWS / (first_span_ms / 1000));
    printf("sync_drain_last_1000_rows_per_s=%.0f\n", DRAIN_SPAN_ROWS / ((end - last_span_from) / 1000));
    printf("sync_drain_hub_rows=%d\n", hub_rows(hub_db));
    printf("sync_drain_retries=%llu\n", (unsigned long long)st.failures);
    printf("sync_drain_kiosk_cpu_s=%.2f\n", kiosk_cpu);
    printf("sync_drain_hub_cpu_s=%.2f\n", hub_cpu);
    outbox_close(o);
}
