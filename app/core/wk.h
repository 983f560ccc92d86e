/* wk.h — the conventions every module of welkom shares: the one error
 * convention (int status, 0 ok, negative WK_E* on failure, with a message a
 * person can read in a caller-provided buffer), logging, and small helpers
 * for sizes and time. Include this first in every .c file. */
#ifndef WK_H
#define WK_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* Status codes. 0 is success; every failure is negative. */
enum {
    WK_OK = 0,
    WK_EIO = -1,        /* a file or device could not be read or written */
    WK_ENOMEM = -2,     /* an allocation failed */
    WK_EINVAL = -3,     /* the caller or the input is wrong */
    WK_ENOTFOUND = -4,  /* a named thing (font, language, file) is missing */
    WK_EFORMAT = -5,    /* data is there but malformed */
    WK_EUNSUPPORTED = -6, /* valid, but not something this build can do */
    WK_EDISPLAY = -7,   /* no display or renderer could be opened */
    WK_ENET = -8,       /* the other side of a connection did not answer */
    WK_EPERM = -9,      /* refused: a wrong password, a locked account, no right to it */
};

/* Room for an error message a person will read. Every function that can
 * fail in a way worth explaining takes `char err[WK_ERR_MAX]`. */
#define WK_ERR_MAX 256

/* A short English name of a status code, for logs. */
const char *wk_strerror(int status);

enum wk_log_level { WK_LOG_DEBUG, WK_LOG_INFO, WK_LOG_WARN, WK_LOG_ERROR };

/* One line per event to stderr with a level; journald picks it up.
 * Never pass personal data to it. */
void wk_log(enum wk_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void wk_log_set_level(enum wk_log_level min_level);

/* snprintf into err without caring whether err is NULL. */
void wk_seterr(char *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define WK_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define WK_MIN(a, b) ((a) < (b) ? (a) : (b))
#define WK_MAX(a, b) ((a) > (b) ? (a) : (b))
#define WK_CLAMP(v, lo, hi) WK_MIN(WK_MAX((v), (lo)), (hi))

/* Every allocation of welkom's own goes through these (SQLite's and
 * cJSON's too: outbox_use_wk_alloc, json_wipe.h), so a test can make the
 * Nth fail and walk every error path. They log and return NULL on
 * failure; wk_realloc then leaves p as it was. The blocks are malloc's:
 * free() gives them back as well as wk_free. */
void *wk_malloc(size_t size);
void *wk_calloc(size_t count, size_t size);
void *wk_realloc(void *p, size_t size);
char *wk_strdup(const char *s);
void wk_free(void *p);

/* The seam for tests (tests/test_alloc_faults.c): after n more
 * allocations succeed, every one fails, until the next call; n = -1 (the
 * start) fails none. Counted across threads. */
void wk_alloc_fail_after(long n);
/* Makes every block of 128 KiB or more its own mapping, returned to the
 * system when freed. glibc otherwise raises that threshold to the size of
 * the largest block freed, so rendered paragraphs (up to 2.6 MB each) come
 * from the heap and leave it grown after they go: browsing every screen in
 * eleven languages held 42.0 MiB instead of 38.0. Once, at start, before
 * any thread. */
void wk_memory_policy(void);
/* How many allocations were refused since the last wk_alloc_fail_after. */
long wk_alloc_failures(void);

/* s as a whole decimal number from lo to hi into *out, for flags and
 * config values: WK_EINVAL (and *out untouched) for an empty string,
 * anything after the digits, or a number out of range. */
int wk_parse_long(const char *s, long lo, long hi, long *out);
int wk_parse_int(const char *s, int lo, int hi, int *out);

/* fsync of a directory, so a rename or a new file in it survives a power
 * cut. 0, or -1 with errno set. */
int wk_fsync_dir(const char *dir);

/* Whether this process's executable sits in dir itself (not a copy
 * installed elsewhere): a binary run from its build tree finds the files
 * of the checkout it was built from. Both sides go through realpath, so
 * a symlinked checkout or a relative dir compares right. */
bool wk_exe_in_dir(const char *dir);

/* Milliseconds on the monotonic clock, for waits, deadlines and uptimes
 * (it never jumps, also not when NTP sets the wall clock after boot), and
 * on the wall clock, since 1970 UTC, for times that are stored, sent or
 * shown. The one place either is read; the headless platform's fake clock
 * is its own (plat_now_ms). */
int64_t wk_mono_ms(void);
int64_t wk_wall_ms(void);

/* 64-bit FNV-1a, for cache keys and frame fingerprints. */
uint64_t wk_hash(const void *data, size_t len, uint64_t seed);
#define WK_HASH_SEED 0xcbf29ce484222325ULL

#endif
