/* bench_hub_retention.c — the hub deleting what is past its keep_days
 * (hub_store_prune, hub/store_retention.c) in a hub.db of 20,000
 * submissions of 1 KiB, a quarter of them due: how long the one
 * transaction takes (secure_delete overwrites every freed page, and the
 * write-ahead log is emptied after), which is how long a kiosk's
 * submission arriving meanwhile waits for the store; and the hourly look
 * when nothing is due. Each run prunes a fresh copy of the same file;
 * median of 5. */
#include "bench.h"
#include "../hub/store.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RETENTION_ROWS 20000
#define RETENTION_DUE_EVERY 4               /* one row in four is kept 1 day */
#define RETENTION_PAYLOAD 1024
#define RETENTION_RUNS 5
#define RETENTION_T0 1767603600000LL        /* 2026-01-05 09:00 UTC */

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    if (!in || !out)
        bench_die("copying hub.db", from);
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            bench_die("copying hub.db", to);
    fclose(in);
    if (fclose(out))
        bench_die("copying hub.db", to);
}

static void fill(const char *path)
{
    char err[WK_ERR_MAX], token[HUB_TOKEN_CHARS + 1];
    struct hub_store *s;
    struct hub_kiosk k;
    if (hub_store_open(path, true, &s, err) || hub_store_kiosk_add(s, "hall-1", RETENTION_T0, token, err) ||
        hub_store_kiosk_by_token(s, token, &k, err))
        bench_die("the hub's database", err);
    unsigned char payload[RETENTION_PAYLOAD];
    for (int i = 0; i < RETENTION_ROWS; i++) {
        char uuid[WK_UUID_BYTES];
        wk_uuid_new(uuid);
        randombytes_buf(payload, sizeof payload);
        struct hub_submission sub = { .uuid = uuid, .kind = "message", .ref = "ABC-DEF",
                                      .created_at_ms = RETENTION_T0, .payload = payload,
                                      .payload_size = sizeof payload,
                                      .keep_days = i % RETENTION_DUE_EVERY ? 60 : 1 };
        enum hub_put_result result;
        if (hub_store_submission_put(s, k.id, &sub, RETENTION_T0, &result, err))
            bench_die("storing a submission", err);
    }
    hub_store_close(s);                     /* the last close checkpoints: one file to copy */
}

void bench_hub_retention(void)
{
    if (sodium_init() < 0)
        bench_die("libsodium", "cannot start");
    char full[512], path[512], err[WK_ERR_MAX];
    snprintf(full, sizeof full, "%s/retention-full.db", bench_tmp_dir());
    snprintf(path, sizeof path, "%s/retention.db", bench_tmp_dir());
    fill(full);
    double due[RETENTION_RUNS], idle[RETENTION_RUNS];
    int64_t deleted = 0;
    for (int r = 0; r < RETENTION_RUNS; r++) {
        copy_file(full, path);
        struct hub_store *s;
        if (hub_store_open(path, false, &s, err))
            bench_die("the copy of hub.db", err);
        double t0 = bench_now_ms();
        if (hub_store_prune(s, RETENTION_T0 + WK_MS_PER_DAY, &deleted, err))
            bench_die("pruning", err);
        double t1 = bench_now_ms();
        int64_t none = -1;
        if (hub_store_prune(s, RETENTION_T0 + WK_MS_PER_DAY, &none, err) || none != 0)
            bench_die("pruning again", "something was due twice");
        double t2 = bench_now_ms();
        if (deleted != RETENTION_ROWS / RETENTION_DUE_EVERY)
            bench_die("pruning", "not every row due was deleted");
        due[r] = t1 - t0;
        idle[r] = t2 - t1;
        hub_store_close(s);
    }
    printf("hub_prune_5000_of_20000_ms=%.1f\n", bench_median(due, RETENTION_RUNS));
    printf("hub_prune_nothing_due_20000_ms=%.3f\n", bench_median(idle, RETENTION_RUNS));
}
