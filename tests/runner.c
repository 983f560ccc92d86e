/* runner.c — runs every registered test case in a forked child with a time
 * limit, then every shell script in tests/shell/, and closes with one line
 * "N passed, N failed" so a run that tested nothing is visible.
 * Arguments are substrings: only cases whose name or file contains one of
 * them run (`make test TESTS=golden`). */
#include "test.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* A case that runs longer than this is stuck, not slow. Sanitizer builds
 * are several times slower, hence the margin. */
#define TEST_CASE_TIMEOUT_S 120
#define TEST_MAX_CASES 1024

struct test_case { const char *name; void (*fn)(void); const char *file; };

static struct test_case cases[TEST_MAX_CASES];
static int case_count;
static char tmpdir[256];
static char root[1024] = ".";
static char build_dir[1024] = "build";

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

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(path);
}

static bool selected(const char *name, const char *file, int argc, char **argv)
{
    if (argc <= 1)
        return true;
    for (int i = 1; i < argc; i++)
        if (strstr(name, argv[i]) || (file && strstr(file, argv[i])))
            return true;
    return false;
}

/* Runs fn (or the shell script) in a child; returns true if it passed. */
static bool run_case(const struct test_case *tc, const char *script)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/welkom-test-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        fprintf(stderr, "cannot make a temp dir: %s\n", strerror(errno));
        return false;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        alarm(TEST_CASE_TIMEOUT_S);
        if (script) {
            setenv("TEST_TMPDIR", tmpdir, 1);
            execlp("bash", "bash", script, (char *)NULL);
            _exit(127);
        }
        tc->fn();
        exit(0);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return true;
    if (WIFSIGNALED(status))
        fprintf(stderr, "  killed by signal %d%s\n", WTERMSIG(status),
                WTERMSIG(status) == SIGALRM ? " (time limit)" : "");
    return false;
}

static int by_file_then_order(const void *a, const void *b)
{
    const struct test_case *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    return c ? c : (x < y ? -1 : x > y);
}

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    const char *env = getenv("WELKOM_BUILD");
    if (env)
        snprintf(build_dir, sizeof build_dir, "%s", env);
    if (!getcwd(root, sizeof root))
        snprintf(root, sizeof root, ".");
    qsort(cases, (size_t)case_count, sizeof cases[0], by_file_then_order);

    for (int i = 0; i < case_count; i++) {
        if (!selected(cases[i].name, cases[i].file, argc, argv))
            continue;
        bool ok = run_case(&cases[i], NULL);
        printf("%s %s\n", ok ? "ok  " : "FAIL", cases[i].name);
        ok ? passed++ : failed++;
    }

    DIR *dir = opendir("tests/shell");
    struct dirent *de;
    char *scripts[256];
    int script_count = 0;
    while (dir && (de = readdir(dir)) && script_count < 256) {
        size_t n = strlen(de->d_name);
        if (n > 3 && strcmp(de->d_name + n - 3, ".sh") == 0)
            scripts[script_count++] = strdup(de->d_name);
    }
    if (dir)
        closedir(dir);
    for (int i = 0; i < script_count; i++) {
        for (int j = i + 1; j < script_count; j++)
            if (strcmp(scripts[j], scripts[i]) < 0) {
                char *t = scripts[i]; scripts[i] = scripts[j]; scripts[j] = t;
            }
    }
    for (int i = 0; i < script_count; i++) {
        char path[512];
        snprintf(path, sizeof path, "tests/shell/%s", scripts[i]);
        if (selected(scripts[i], NULL, argc, argv)) {
            bool ok = run_case(NULL, path);
            printf("%s %s\n", ok ? "ok  " : "FAIL", scripts[i]);
            ok ? passed++ : failed++;
        }
        free(scripts[i]);
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
