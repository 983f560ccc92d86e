/* test.h — the test framework: TEST() registers a case, CHECK*() fail it
 * with the file, line and values. The runner (tests/runner.c) runs every
 * case in its own forked process, so a crash fails one case, not the run,
 * and every case starts from a fresh state. */
#ifndef WK_TEST_H
#define WK_TEST_H

#include <stdio.h>
#include <string.h>

void test_register(const char *name, void (*fn)(void), const char *file);
void test_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));

/* A case that needs more than the usual 120 s (the crash test, under the
 * sanitizers) says so at its start. */
void test_time_limit(int seconds);

/* A fresh empty directory for this case, removed by the runner after it. */
const char *test_tmpdir(void);
/* The repository root (where fonts/, assets/, locales/ are) and the build
 * directory (build/ or build-asan/). */
const char *test_root(void);
const char *test_build_dir(void);

#define TEST(fn)                                                         \
    static void fn(void);                                                \
    __attribute__((constructor)) static void test_reg_##fn(void)         \
    { test_register(#fn, fn, __FILE__); }                                \
    static void fn(void)

#define CHECK(cond)                                                      \
    do { if (!(cond)) test_fail(__FILE__, __LINE__, "%s", #cond); } while (0)

#define CHECK_INT_EQ(a, b)                                               \
    do { long long a_ = (long long)(a), b_ = (long long)(b);             \
         if (a_ != b_) test_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", \
                                 #a, #b, a_, b_); } while (0)

#define CHECK_STR_EQ(a, b)                                               \
    do { const char *a_ = (a), *b_ = (b);                                \
         if (!a_ || !b_ || strcmp(a_, b_) != 0)                          \
             test_fail(__FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", \
                       #a, #b, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); } while (0)

#define CHECK_OK(expr)                                                   \
    do { int rc_ = (expr);                                               \
         if (rc_ != 0) test_fail(__FILE__, __LINE__, "%s returned %d", #expr, rc_); } while (0)

#endif
