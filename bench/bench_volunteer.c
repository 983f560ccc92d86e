/* bench_volunteer.c — what a volunteer's check-in costs (docs/volunteers.md):
 * one code check (volunteer_open: Argon2id at the roster's default cost,
 * 32 MiB and 2 passes) here, and an estimate for a Raspberry Pi 4; and the
 * time from Enter after the last digit (what a badge scanner sends) to the
 * welcome on screen, headless, on the demo bundle.
 *
 * The Pi 4 figure is scaled, not measured: Argon2id at 32 MiB is bound by
 * memory bandwidth, so the time here is multiplied by this machine's
 * memcpy bandwidth over a Pi 4's (PI4_MEMCPY_MB_S, about what STREAM's
 * copy reports for a Pi 4 at 1.5 GHz on one core). It is a lower bound:
 * libsodium has no NEON Argon2 on arm64, so the Pi also computes slower
 * (a qemu run of the arm64 build would measure qemu, not a Pi). */
#include "bench.h"
#include "../app/content/content.h"
#include "../app/content/volunteer_code.h"
#include "../app/outbox/outbox.h"
#include "../app/outbox/seal.h"
#include "../app/kiosk/bundles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECKS 9
#define ENTERS 8
#define PI4_MEMCPY_MB_S 4000.0
#define MEMCPY_BYTES (64 * 1024 * 1024)
#define MEMCPY_ROUNDS 5
/* Saturday 2026-12-12 15:00 in Brussels: the demo's sorting afternoon. */
#define DEMO_EVENT_WALL_MS 1797084000000LL
#define DEMO_CODE "0001-48213907"       /* DEMO/TEST code (tests/volunteers_demo.h) */

/* memcpy of 64 MiB, best of a few, in MB/s. */
static double memcpy_mb_s(void)
{
    char *a = malloc(MEMCPY_BYTES), *b = malloc(MEMCPY_BYTES);
    if (!a || !b)
        bench_die("memcpy", "out of memory");
    memset(a, 1, MEMCPY_BYTES);
    memset(b, 2, MEMCPY_BYTES);
    double best = 1e9;
    for (int i = 0; i < MEMCPY_ROUNDS; i++) {
        double t0 = bench_now_ms();
        memcpy(b, a, MEMCPY_BYTES);
        best = WK_MIN(best, bench_now_ms() - t0);
        a[i] = b[MEMCPY_BYTES - 1 - i];
    }
    free(a);
    free(b);
    return MEMCPY_BYTES / 1e6 / (best / 1000.0);
}

static void code_check(void)
{
    struct volunteer_cost cost = { VOLUNTEER_COST_KIB_DEFAULT, VOLUNTEER_COST_PASSES_DEFAULT };
    struct volunteer_sealed v;
    char err[WK_ERR_MAX], name[VOLUNTEER_NAME_MAX + 1];
    if (volunteer_seal(DEMO_CODE, "Amina", cost, &v, err))
        bench_die("volunteer_seal", err);
    static double samples[CHECKS];
    for (int i = 0; i < CHECKS; i++) {
        double t0 = bench_now_ms();
        if (volunteer_open(&v, DEMO_CODE, cost, name, err))
            bench_die("volunteer_open", err);
        samples[i] = bench_now_ms() - t0;
    }
    double here = bench_median(samples, CHECKS);
    bench_report("volunteer_code_check", samples, CHECKS);
    double bw = memcpy_mb_s();
    printf("memcpy_mb_s_here=%.0f\n", bw);
    printf("pi4_memcpy_mb_s_assumed=%.0f\n", PI4_MEMCPY_MB_S);
    printf("volunteer_code_check_pi4_estimate_ms=%.0f\n", here * bw / PI4_MEMCPY_MB_S);
}

static void enter_to_welcome(void)
{
    char path[1024], err[WK_ERR_MAX] = "";
    snprintf(path, sizeof path, "%s/volunteer-state.db", bench_tmp_dir());
    struct outbox *o = bench_open_queue(path);
    unsigned char key[OUTBOX_HUB_KEY_BYTES];
    if (content_key_file_read("assets/demo/keys/test-hub.pub", key, sizeof key, err))
        bench_die("test-hub.pub", err);
    struct content_keys keys;
    if (content_key_file_read("assets/demo/keys/test-publisher.pub", keys.key[0], CONTENT_KEY_BYTES, err))
        bench_die("test-publisher.pub", err);
    keys.count = 1;
    char demo[1024];
    snprintf(demo, sizeof demo, "%s/demo/bundle.db", bench_build_dir());
    struct content *c = kiosk_load_content(&(struct kiosk_content_desc){ .bundle = demo, .keys = &keys });
    if (!c)
        bench_die(demo, "refused");
    struct bench b;
    bench_open(&b, &(struct bench_desc){ .content = c, .outbox = o, .hub_key = key,
                                         .wall_clock_ms = DEMO_EVENT_WALL_MS });
    static double samples[ENTERS];
    for (int i = 0; i < ENTERS; i++) {
        bench_script(&b, "tap:English;tap:Volunteering;tap:Check in or out;tap:Sorting at the giveaway shop;"
                         "type:0001-4821390;type:7");
        double t0 = bench_now_ms();
        /* Enter draws "Checking your code"; the next turn checks and draws
         * the welcome (or the goodbye: every other round checks out). */
        bench_script(&b, "key:enter;wait:1");
        if (kiosk_screen(b.kiosk) != SCREEN_VOLUNTEER_DONE)
            bench_die("enter", "no welcome on screen");
        samples[i] = bench_now_ms() - t0;
        bench_script(&b, "tap:Done");
    }
    bench_report("volunteer_enter_to_welcome", samples, ENTERS);
    bench_close(&b);
    outbox_close(o);
}

void bench_volunteer(void)
{
    code_check();
    enter_to_welcome();
}
