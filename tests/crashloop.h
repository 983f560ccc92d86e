/* crashloop.h — what the power-cut loops share (test_crash.c,
 * test_crash_sync.c): killing a process with SIGKILL right after its k-th
 * change to a watched folder (inotify), so each kill lands inside a write
 * or right after one; and the budget each loop bounds itself by: a time
 * (CRASH_SECONDS) or a count (CRASH_ITERATIONS), whichever ends first,
 * with a seed (CRASH_SEED, else the clock) printed so a failure can be
 * replayed. */
#ifndef TEST_CRASHLOOP_H
#define TEST_CRASHLOOP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* How a run of a process ended. */
struct crash_run { int writes; bool killed; int status; };

/* Watches, through the inotify descriptor watch (closed on return), for
 * the events of mask while the child pid runs; a directory made inside
 * dir is watched too. kill_after > 0: kills pid with SIGKILL the moment
 * kill_after events were seen; 0: lets it finish and counts the events.
 * settled (may be NULL): asked whenever nothing happened for a while;
 * when it says true the process is killed there and then (for a process
 * that never ends by itself, such as the hub, once its work is done). */
struct crash_run crash_kill_on_write(pid_t pid, int watch, const char *dir, uint32_t mask, int kill_after,
                                     bool (*settled)(void *user), void *user);

/* Starts argv[0] with argv, its stderr into log (made anew), its stdout
 * to /dev/null; returns its pid. */
pid_t crash_spawn(const char *const argv[], const char *log);

/* A loop's bounds, read from the environment: CRASH_SECONDS (else
 * default_seconds), CRASH_ITERATIONS (else max_iterations, or no count
 * at all when CRASH_SECONDS is given), CRASH_SEED (else the clock;
 * srand'ed and printed). Sets the case's time limit to fit. */
struct crash_budget {
    int64_t until_ms;
    long max_iterations, iterations;
    int seconds;
    unsigned seed;
};
void crash_budget_start(struct crash_budget *b, int default_seconds, long max_iterations);
/* Whether another iteration runs (and counts it): at least min_iterations,
 * then until the time or the count is spent. */
bool crash_budget_next(struct crash_budget *b, long min_iterations);
/* A random number in [lo, hi]. */
int crash_random(int lo, int hi);

/* Removes path and everything under it; nothing there is fine. */
void crash_remove_tree(const char *path);
/* A kiosk's state directory, from scratch, with v1 (a bundle of content
 * version 1) installed and nothing else. */
struct content_keys;
void crash_state_at_version_1(const char *state, const char *v1, const struct content_keys *keys);

#endif
