/* bench.h — what the benchmark files share: a headless kiosk opened the
 * way a test opens one (real fonts, catalogs and pictograms; a fake clock),
 * the clocks and memory they read, and how figures are printed. main() is
 * in bench_kiosk.c and runs groups of figures; other files add groups. */
#ifndef BENCH_H
#define BENCH_H

#include "../app/kiosk/kiosk.h"
#include "../app/kiosk/loop.h"

struct text_ctx;
struct i18n;
struct plat;
struct content;
struct content_keys;
struct outbox;

struct bench {
    struct text_ctx *text;
    struct i18n *i18n;
    struct plat *plat;
    struct kiosk *kiosk;
    struct kiosk_loop loop;
    struct speech *speech;        /* NULL without bench_desc.speech */
};

/* Zero means the default for every field. */
struct bench_desc {
    size_t cache_budget;          /* the text cache's; 0: TEXT_DEFAULT_CACHE_BYTES */
    struct content *content;      /* the bundle to show; the kiosk owns it (NULL: none) */
    const char *default_language; /* 0: nl */
    struct outbox *outbox;        /* where forms are queued; borrowed (NULL: "not saved") */
    const unsigned char *hub_key; /* the pinned hub key; NULL: not set up to send */
    bool speech;                  /* read-aloud at the default volume (into no file) */
    int64_t wall_clock_ms;        /* the fake wall clock at start; 0: the platform's default */
};

/* Opens a headless 1280x800 kiosk on the attract screen; any failure ends
 * the process with a message. */
void bench_open(struct bench *b, const struct bench_desc *d);
void bench_close(struct bench *b);
/* Runs a script (kiosk_script_run) and ends the process if it fails. */
void bench_script(struct bench *b, const char *steps);

/* The directory make built into: $WELKOM_BUILD or "build". */
const char *bench_build_dir(void);
/* The real monotonic clock, in ms with a fraction. */
double bench_now_ms(void);
/* The resident set now, KiB (/proc/self/statm). */
long bench_rss_kib(void);
void bench_die(const char *what, const char *err) __attribute__((noreturn));
/* The queue at path, or the process ends with the reason (bench_outbox.c). */
struct outbox *bench_open_queue(const char *path);

/* Sorts samples and prints NAME_p50_ms and NAME_p99_ms. */
void bench_report(const char *name, double *samples, int n);
/* Sorts samples and returns the median. */
double bench_median(double *samples, int n);

/* bench_content.c: content bundles (open, verify, texts, sessions); a
 * momentum scroll through a long list; memory after browsing everything. */
void bench_bundles(void);
void bench_scroll(void);
void bench_browse(void);
/* bench_outbox.c: the queue of sealed submissions: a tap on Send to the
 * receipt, sealed inserts per second, state.db after 10,000 sign-ups. */
void bench_outbox(void);
/* A message to staff as the kiosk seals it, JSON of size - 1 bytes (the
 * text pads it to that); its length. */
size_t bench_message_json(char *out, size_t size, const char *uuid, const char *ref);
/* bench_sync.c: 10,000 queued submissions drained by the sync worker to
 * the real welkom-hub over loopback. */
void bench_sync(void);
/* bench_hub_hours.c: the volunteers' hours at the hub over 10,000
 * sealed check-in and check-out records. */
void bench_hub_hours(void);
/* bench_hub_retention.c: the hub deleting 5,000 of 20,000 submissions
 * whose keep_days are over, and its hourly look when nothing is due. */
void bench_hub_retention(void);
/* bench_speech.c: a tap on the speaker to the first sample; memory with
 * speech loaded. */
void bench_speech(void);
/* bench_volunteer.c: one volunteer code check at the roster's default
 * cost here, and what a Raspberry Pi 4 would need; Enter after the last
 * digit to the welcome on screen. */
void bench_volunteer(void);
/* `run fill-queue PATH N`: N sealed messages queued in the state.db at
 * PATH (made if missing), for bench/sync.sh's real kiosk. */
void bench_fill_queue(const char *path, int rows);

/* --- generated content (bench_source.c) --- */
/* Writes a centre's source into dir: services and activities in eleven
 * languages, every activity weekly on weekday (0 = Monday). */
void bench_write_source(const char *dir, int services, int activities, int weekday);
/* Builds dir into out with the real welkomctl code; the time it took, ms. */
double bench_build_bundle(const char *dir, const char *out);
/* Writes bundle.sig with the test key. */
void bench_sign(const char *bundle);
struct content_keys bench_keys_from(const char *pub_path);
/* A temporary directory for this run, removed at exit. */
const char *bench_tmp_dir(void);

#endif
