/* crashloop.c — the kill-on-write and the budget of the power-cut loops
 * (crashloop.h). */
#include "crashloop.h"
#include "test.h"
#include "../app/core/wk.h"
#include "../app/content/store.h"

#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How long the watch waits for an event before it looks whether the
 * process ended or its work is done. */
#define CRASH_POLL_MS 50
#define CRASH_DIR_BYTES 1280
/* Whatever the budget, the case's own time limit leaves this much for a
 * slow machine (sanitizers) to finish its last iteration and checks. */
#define CRASH_LIMIT_SLACK_S 240

struct crash_run crash_kill_on_write(pid_t pid, int watch, const char *dir, uint32_t mask, int kill_after,
                                     bool (*settled)(void *user), void *user)
{
    struct crash_run r = { 0 };
    int status = 0;
    while (waitpid(pid, &status, WNOHANG) == 0) {
        struct pollfd p = { .fd = watch, .events = POLLIN };
        int ready = poll(&p, 1, CRASH_POLL_MS);
        if (ready > 0) {
            char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
            ssize_t n = read(watch, buf, sizeof buf);
            for (ssize_t at = 0; at < n;) {
                const struct inotify_event *e = (const struct inotify_event *)(buf + at);
                if ((e->mask & IN_CREATE) && (e->mask & IN_ISDIR) && e->len) {
                    char sub[CRASH_DIR_BYTES];
                    snprintf(sub, sizeof sub, "%s/%s", dir, e->name);
                    inotify_add_watch(watch, sub, mask);   /* it may be gone already */
                }
                r.writes++;
                at += (ssize_t)sizeof *e + e->len;
            }
        }
        bool done = ready == 0 && settled && settled(user);
        if (done || (kill_after > 0 && r.writes >= kill_after)) {
            kill(pid, SIGKILL);
            CHECK(waitpid(pid, &status, 0) == pid);
            r.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
            break;
        }
    }
    close(watch);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

pid_t crash_spawn(const char *const argv[], const char *log)
{
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        if (!freopen(log, "w", stderr) || !freopen("/dev/null", "w", stdout))
            _exit(90);
        execv(argv[0], (char *const *)argv);
        _exit(91);
    }
    return pid;
}

static long env_number(const char *name, long fallback)
{
    const char *v = getenv(name);
    char *end;
    long n = v && *v ? strtol(v, &end, 10) : fallback;
    if (v && *v && (*end || n < 0))
        test_fail(__FILE__, __LINE__, "%s=%s is not a whole number", name, v);
    return n;
}

void crash_budget_start(struct crash_budget *b, int default_seconds, long max_iterations)
{
    b->seconds = (int)env_number("CRASH_SECONDS", default_seconds);
    /* A time asked for without a count runs for that time. */
    bool timed = getenv("CRASH_SECONDS") && !getenv("CRASH_ITERATIONS");
    b->max_iterations = env_number("CRASH_ITERATIONS", timed ? LONG_MAX : max_iterations);
    b->seed = (unsigned)env_number("CRASH_SEED", (long)(time(NULL) & 0x7fffffff));
    b->iterations = 0;
    b->until_ms = wk_mono_ms() + (int64_t)b->seconds * 1000;
    test_time_limit(b->seconds * 2 + CRASH_LIMIT_SLACK_S);
    srand(b->seed);
    if (b->max_iterations == LONG_MAX)
        printf("  seed %u (CRASH_SEED=%u replays it), %d s\n", b->seed, b->seed, b->seconds);
    else
        printf("  seed %u (CRASH_SEED=%u replays it), %d s or %ld iterations\n", b->seed, b->seed, b->seconds,
               b->max_iterations);
    fflush(stdout);
}

bool crash_budget_next(struct crash_budget *b, long min_iterations)
{
    bool more = b->iterations < min_iterations ||
                (b->iterations < b->max_iterations && wk_mono_ms() < b->until_ms);
    b->iterations += more;
    return more;
}

int crash_random(int lo, int hi)
{
    return hi <= lo ? lo : lo + rand() % (hi - lo + 1);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

void crash_remove_tree(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void crash_state_at_version_1(const char *state, const char *v1, const struct content_keys *keys)
{
    char err[WK_ERR_MAX] = "";
    int64_t version = 0;
    crash_remove_tree(state);
    CHECK_OK(content_store_install(state, v1, keys, &version, err));
    CHECK_INT_EQ(version, 1);
}
