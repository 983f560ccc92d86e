/* wk.c — error names, logging and the small helpers declared in wk.h. */
#include "wk.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static enum wk_log_level min_log_level = WK_LOG_INFO;

const char *wk_strerror(int status)
{
    switch (status) {
    case WK_OK: return "ok";
    case WK_EIO: return "input/output error";
    case WK_ENOMEM: return "out of memory";
    case WK_EINVAL: return "invalid input";
    case WK_ENOTFOUND: return "not found";
    case WK_EFORMAT: return "malformed data";
    case WK_EUNSUPPORTED: return "not supported";
    case WK_EDISPLAY: return "no display";
    case WK_ENET: return "no answer over the network";
    case WK_EPERM: return "not allowed";
    default: return "unknown error";
    }
}

void wk_log_set_level(enum wk_log_level level) { min_log_level = level; }

void wk_log(enum wk_log_level level, const char *fmt, ...)
{
    static const char *const names[] = { "debug", "info", "warn", "error" };
    if (level < min_log_level)
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(stderr, "welkom %s: %s\n", names[level], line);
}

void wk_seterr(char *err, const char *fmt, ...)
{
    if (!err)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, WK_ERR_MAX, fmt, ap);
    va_end(ap);
}

/* Allocations left before they fail (-1: none fails), and those refused. */
static _Atomic long allocs_left = -1;
static _Atomic long allocs_refused;

void wk_alloc_fail_after(long n)
{
    atomic_store(&allocs_left, n < 0 ? -1 : n);
    atomic_store(&allocs_refused, 0);
}

long wk_alloc_failures(void) { return atomic_load(&allocs_refused); }

/* Whether the seam lets this allocation through. */
static bool alloc_allowed(void)
{
    long left = atomic_load(&allocs_left);
    while (left > 0 && !atomic_compare_exchange_weak(&allocs_left, &left, left - 1))
        ;
    if (left != 0)
        return true;
    atomic_fetch_add(&allocs_refused, 1);
    return false;
}

static void *out_of_memory(size_t count, size_t size)
{
    wk_log(WK_LOG_ERROR, "out of memory allocating %zu x %zu bytes", count, size);
    return NULL;
}

void *wk_malloc(size_t size)
{
    void *p = alloc_allowed() ? malloc(size ? size : 1) : NULL;
    return p ? p : out_of_memory(1, size);
}

void *wk_calloc(size_t count, size_t size)
{
    void *p = alloc_allowed() ? calloc(count ? count : 1, size ? size : 1) : NULL;
    return p ? p : out_of_memory(count, size);
}

void *wk_realloc(void *p, size_t size)
{
    void *q = alloc_allowed() ? realloc(p, size ? size : 1) : NULL;
    return q ? q : out_of_memory(1, size);
}

void wk_free(void *p) { free(p); }

/* Blocks at least this large are mapped on their own (wk_memory_policy). */
#define WK_MMAP_THRESHOLD (128 * 1024)

void wk_memory_policy(void)
{
    /* A sanitizer's allocator (ASan) refuses: it has its own rules. */
    if (mallopt(M_MMAP_THRESHOLD, WK_MMAP_THRESHOLD) != 1)
        wk_log(WK_LOG_DEBUG, "memory: the allocator keeps its own mapping threshold");
}

char *wk_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = wk_calloc(1, n);
    if (p)
        memcpy(p, s, n);
    return p;
}

static int64_t clock_ms(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t wk_mono_ms(void) { return clock_ms(CLOCK_MONOTONIC); }
int64_t wk_wall_ms(void) { return clock_ms(CLOCK_REALTIME); }

int wk_parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end != '\0' || v < lo || v > hi)
        return WK_EINVAL;
    *out = v;
    return 0;
}

int wk_parse_int(const char *s, int lo, int hi, int *out)
{
    long v;
    int rc = wk_parse_long(s, lo, hi, &v);
    if (rc == 0)
        *out = (int)v;
    return rc;
}

uint64_t wk_hash(const void *data, size_t len, uint64_t h)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

int wk_fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int r = fsync(fd);
    int saved = errno;
    close(fd);
    errno = saved;
    return r;
}

bool wk_exe_in_dir(const char *dir)
{
    char exe[PATH_MAX], real[PATH_MAX];
    if (!dir || !realpath("/proc/self/exe", exe) || !realpath(dir, real))
        return false;
    char *slash = strrchr(exe, '/');
    if (!slash)
        return false;
    *slash = '\0';
    return strcmp(exe, real) == 0;
}
