/* runner.c — runs every registered test case and every shell script in
 * tests/shell/, each in a forked child with a time limit, several at once
 * (`-j N`, default the number of online cores), and closes with one line
 * "N passed, N failed" so a run that tested nothing is visible.
 *
 * Each case runs in its own process group with its own temp dir (also its
 * TMPDIR) and its output captured; when it ends, its result line
 * ("ok   name (1.2 s)") is printed, then, for a failure (or with -v), its
 * output in full, so parallel cases never interleave. What is left of its
 * process group is killed. The longest cases of the previous run (their
 * times are kept in BUILD/tests/times; without them, a short list of files
 * known to be slow) start first, so the run does not end waiting on one
 * long case started last.
 *
 * Arguments that are not flags are substrings: only cases whose name or
 * file contains one of them run (`make test TESTS=golden`). */
#include "test.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A case that runs longer than this is stuck, not slow. Sanitizer builds
 * are several times slower, hence the margin. */
#define TEST_CASE_TIMEOUT_S 120
#define TEST_MAX_CASES 1024
#define TEST_MAX_SCRIPTS 256
#define TEST_MAX_JOBS 64
#define TEST_NAME_BYTES 256
#define TEST_PATH_BYTES 1024
#define TEST_SHELL_DIR "tests/shell"
/* The previous run's time of each case, "seconds name" a line. */
#define TEST_TIMES_FILE "tests/times"

struct test_case { const char *name; void (*fn)(void); const char *file; };

/* One case to run: a C case (fn) or a shell script (script). */
struct job {
    char name[TEST_NAME_BYTES];
    const struct test_case *tc;
    char script[TEST_PATH_BYTES];
    double hint_s;              /* the previous run's time; -1: unknown */
    pid_t pid;                  /* while it runs; also its process group */
    int out_fd;                 /* its captured stdout and stderr */
    char tmpdir[TEST_PATH_BYTES];
    double started_s, took_s;
    bool ran, ok;
};

static struct test_case cases[TEST_MAX_CASES];
static int case_count;
static char tmpdir[TEST_PATH_BYTES];
static char root[TEST_PATH_BYTES] = ".";
static char build_dir[TEST_PATH_BYTES] = "build";

static struct job jobs[TEST_MAX_CASES + TEST_MAX_SCRIPTS];
static int job_count;
/* The process groups running now, for the runner's own SIGINT/SIGTERM. */
static volatile pid_t running[TEST_MAX_JOBS];

void test_register(const char *name, void (*fn)(void), const char *file)
{
    if (case_count < TEST_MAX_CASES)
        cases[case_count++] = (struct test_case){ name, fn, file };
}

void test_time_limit(int seconds)
{
    alarm((unsigned)seconds);
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "  %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

const char *test_tmpdir(void) { return tmpdir; }
const char *test_root(void) { return root; }
const char *test_build_dir(void) { return build_dir; }

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(path);
}

static bool selected(const char *name, const char *file, int argc, char **argv, int first)
{
    if (first >= argc)
        return true;
    for (int i = first; i < argc; i++)
        if (strstr(name, argv[i]) || (file && strstr(file, argv[i])))
            return true;
    return false;
}

/* Ctrl-C, a kill of the runner or a reader gone (| head) ends the cases
 * it started, not only the runner: each runs in a process group of its
 * own. */
static void on_signal(int sig)
{
    for (int i = 0; i < TEST_MAX_JOBS; i++)
        if (running[i] > 0)
            kill(-running[i], SIGKILL);
    signal(sig, SIG_DFL);
    raise(sig);
}

#define TEST_TIMES_PATH_BYTES (TEST_PATH_BYTES + sizeof TEST_TIMES_FILE + 1)

static void times_path(const char *build, char out[TEST_TIMES_PATH_BYTES])
{
    snprintf(out, TEST_TIMES_PATH_BYTES, "%s/%s", build, TEST_TIMES_FILE);
}

/* Each job's time in the previous run, from BUILD/tests/times; false if
 * there is no such file. */
static bool read_hints(const char *build)
{
    char path[TEST_TIMES_PATH_BYTES], line[TEST_NAME_BYTES + 64], name[TEST_NAME_BYTES];
    times_path(build, path);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    double secs;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "%lf %255s", &secs, name) == 2)
            for (int i = 0; i < job_count; i++)
                if (!strcmp(jobs[i].name, name))
                    jobs[i].hint_s = secs;
    fclose(f);
    return true;
}

/* Where no run has timed a case yet (a fresh checkout, a new case), the
 * files known to hold long cases (waits on the network, many kills)
 * start first. Only an order: a stale entry costs nothing. */
static const char *const long_files[] = {
    "test_crash.c", "test_sync", "hub_api.sh", "xvfb_window.sh", "kiosk_hub.sh", "faultproxy.sh",
};
#define TEST_UNKNOWN_S 1e6
#define TEST_UNKNOWN_LONG_S 1e7

static void guess_unknown(void)
{
    for (int i = 0; i < job_count; i++) {
        struct job *j = &jobs[i];
        if (j->hint_s >= 0)
            continue;
        j->hint_s = TEST_UNKNOWN_S;
        const char *file = j->tc ? j->tc->file : j->name;
        for (size_t k = 0; k < sizeof long_files / sizeof long_files[0]; k++)
            if (strstr(file, long_files[k]))
                j->hint_s = TEST_UNKNOWN_LONG_S;
    }
}

/* Keeps this run's times, and the previous run's for cases that did not
 * run now (a run of a few cases does not forget the others). */
static void write_hints(void)
{
    char path[TEST_TIMES_PATH_BYTES], tmp[TEST_TIMES_PATH_BYTES + 16];
    times_path(build_dir, path);
    snprintf(tmp, sizeof tmp, "%s.%d", path, (int)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f)
        return;
    for (int i = 0; i < job_count; i++) {
        double secs = jobs[i].ran ? jobs[i].took_s : jobs[i].hint_s;
        if (secs >= 0 && secs < TEST_UNKNOWN_S)
            fprintf(f, "%.2f %s\n", secs, jobs[i].name);
    }
    if (fclose(f) == 0)
        rename(tmp, path);
    else
        remove(tmp);
}

/* The longest first (guess_unknown: unknown before known). */
static int by_hint(const void *a, const void *b)
{
    const struct job *x = a, *y = b;
    if (x->hint_s != y->hint_s)
        return x->hint_s < y->hint_s ? 1 : -1;
    return x < y ? -1 : x > y;
}

static int by_file_then_order(const void *a, const void *b)
{
    const struct test_case *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    return c ? c : (x < y ? -1 : x > y);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_jobs(int argc, char **argv, int first)
{
    qsort(cases, (size_t)case_count, sizeof cases[0], by_file_then_order);
    for (int i = 0; i < case_count; i++)
        if (selected(cases[i].name, cases[i].file, argc, argv, first)) {
            struct job *j = &jobs[job_count++];
            *j = (struct job){ .tc = &cases[i], .hint_s = -1, .out_fd = -1 };
            snprintf(j->name, sizeof j->name, "%s", cases[i].name);
        }

    char *scripts[TEST_MAX_SCRIPTS];
    int script_count = 0;
    DIR *dir = opendir(TEST_SHELL_DIR);
    struct dirent *de;
    while (dir && (de = readdir(dir)) && script_count < TEST_MAX_SCRIPTS) {
        size_t n = strlen(de->d_name);
        if (n > 3 && strcmp(de->d_name + n - 3, ".sh") == 0)
            scripts[script_count++] = strdup(de->d_name);
    }
    if (dir)
        closedir(dir);
    qsort(scripts, (size_t)script_count, sizeof scripts[0], by_name);
    for (int i = 0; i < script_count; i++) {
        if (selected(scripts[i], NULL, argc, argv, first)) {
            struct job *j = &jobs[job_count++];
            *j = (struct job){ .hint_s = -1, .out_fd = -1 };
            snprintf(j->name, sizeof j->name, "%s", scripts[i]);
            snprintf(j->script, sizeof j->script, "%s/%s", TEST_SHELL_DIR, scripts[i]);
        }
        free(scripts[i]);
    }
}

/* Starts job j in a child: its own process group, temp dir and output
 * file. Returns false (the job failed) if any of them cannot be made. */
static bool start_job(struct job *j)
{
    snprintf(j->tmpdir, sizeof j->tmpdir, "/tmp/welkom-test-XXXXXX");
    if (!mkdtemp(j->tmpdir)) {
        fprintf(stderr, "cannot make a temp dir: %s\n", strerror(errno));
        return false;
    }
    char out[TEST_PATH_BYTES + 8];
    snprintf(out, sizeof out, "%s.out", j->tmpdir);
    j->out_fd = open(out, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (j->out_fd < 0) {
        fprintf(stderr, "cannot make %s: %s\n", out, strerror(errno));
        return false;
    }
    unlink(out);
    fflush(stdout);
    fflush(stderr);
    j->started_s = now_s();
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "cannot fork: %s\n", strerror(errno));
        return false;
    }
    if (pid == 0) {
        setpgid(0, 0);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        signal(SIGPIPE, SIG_DFL);
        if (dup2(j->out_fd, STDOUT_FILENO) < 0 || dup2(j->out_fd, STDERR_FILENO) < 0)
            _exit(126);
        setvbuf(stdout, NULL, _IOLBF, 0);
        int null = open("/dev/null", O_RDONLY);
        if (null >= 0)
            dup2(null, STDIN_FILENO);
        snprintf(tmpdir, sizeof tmpdir, "%s", j->tmpdir);
        setenv("TMPDIR", tmpdir, 1);
        alarm(TEST_CASE_TIMEOUT_S);
        if (j->script[0]) {
            setenv("TEST_TMPDIR", tmpdir, 1);
            execlp("bash", "bash", j->script, (char *)NULL);
            _exit(127);
        }
        j->tc->fn();
        exit(0);
    }
    setpgid(pid, pid);              /* both sides: whichever runs first */
    j->pid = pid;
    return true;
}

/* Prints what job j wrote, as it wrote it. */
static void print_output(const struct job *j)
{
    char buf[8192];
    ssize_t n;
    off_t at = 0;
    while ((n = pread(j->out_fd, buf, sizeof buf, at)) > 0) {
        fwrite(buf, 1, (size_t)n, stdout);
        at += n;
    }
}

/* Job j has ended with status (what it left running is killed): removes
 * its temp dir, prints its result line and, if it failed or verbose, its
 * output. */
static void finish_job(struct job *j, int status, bool verbose)
{
    j->took_s = now_s() - j->started_s;
    j->ran = true;
    j->ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    nftw(j->tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    printf("%s %s (%.1f s)\n", j->ok ? "ok  " : "FAIL", j->name, j->took_s);
    if (!j->ok || verbose)
        print_output(j);
    if (WIFSIGNALED(status))
        printf("  killed by signal %d%s\n", WTERMSIG(status),
               WTERMSIG(status) == SIGALRM ? " (time limit)" : "");
    fflush(stdout);
    close(j->out_fd);
    j->out_fd = -1;
    j->pid = 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: tests/run [-j N] [-v] [SUBSTRING...]\n"
                    "  -j N  run N cases at once (default: the number of online cores)\n"
                    "  -v    show every case's output, not only a failing one's\n");
}

int main(int argc, char **argv)
{
    int passed = 0, failed = 0, parallel = 0;
    bool verbose = false;
    int first = 1;
    for (; first < argc && argv[first][0] == '-'; first++) {
        const char *a = argv[first];
        if (!strcmp(a, "-v"))
            verbose = true;
        else if (!strncmp(a, "-j", 2) && (a[2] || first + 1 < argc))
            parallel = atoi(a[2] ? a + 2 : argv[++first]);
        else if (!strcmp(a, "--")) {
            first++;
            break;
        } else {
            usage();
            return 2;
        }
    }
    if (parallel <= 0)
        parallel = (int)sysconf(_SC_NPROCESSORS_ONLN);
    parallel = parallel < 1 ? 1 : parallel > TEST_MAX_JOBS ? TEST_MAX_JOBS : parallel;
    const char *env = getenv("WELKOM_BUILD");
    if (env)
        snprintf(build_dir, sizeof build_dir, "%s", env);
    if (!getcwd(root, sizeof root))
        snprintf(root, sizeof root, ".");
    int ends[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++)
        signal(ends[i], on_signal);

    add_jobs(argc, argv, first);
    /* A sanitizer build's first run orders by the plain build's times. */
    if (!read_hints(build_dir))
        read_hints("build");
    guess_unknown();
    qsort(jobs, (size_t)job_count, sizeof jobs[0], by_hint);

    double t0 = now_s();
    int next = 0, active = 0;
    while (next < job_count || active > 0) {
        while (active < parallel && next < job_count) {
            struct job *j = &jobs[next++];
            if (!start_job(j)) {
                printf("FAIL %s (could not start)\n", j->name);
                failed++;
                continue;
            }
            for (int i = 0; i < TEST_MAX_JOBS; i++)
                if (running[i] <= 0) {
                    running[i] = j->pid;
                    break;
                }
            active++;
        }
        if (active == 0)
            continue;
        /* Which case ended, without reaping it yet: its process group
         * is killed while its pid can not have been reused. */
        siginfo_t info = { 0 };
        if (waitid(P_ALL, 0, &info, WEXITED | WNOWAIT) < 0) {
            if (errno == EINTR)
                continue;
            break;                      /* no child: cannot happen */
        }
        pid_t pid = info.si_pid;
        kill(-pid, SIGKILL);
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        for (int i = 0; i < job_count; i++)
            if (jobs[i].pid == pid) {
                for (int r = 0; r < TEST_MAX_JOBS; r++)
                    if (running[r] == pid)
                        running[r] = 0;
                active--;
                finish_job(&jobs[i], status, verbose);
                jobs[i].ok ? passed++ : failed++;
            }
    }
    write_hints();
    printf("%d cases in %.1f s (%d at once)\n", passed + failed, now_s() - t0, parallel);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
