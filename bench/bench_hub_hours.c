/* bench_hub_hours.c — the volunteers' hours at the hub (hub/volunteer_hours.c)
 * over 10,000 check-in and check-out records: 5,000 stays of 200
 * volunteers at 50 events, each record sealed to a hub key as a kiosk
 * seals it and stored in a hub.db; then the time to open them all with
 * the key, pair them and sum a month, as the console's hours page and
 * `welkomctl volunteers hours` do (median of 5), and the pairing and
 * summing alone. */
#include "bench.h"
#include "../hub/store.h"
#include "../hub/volunteer.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOURS_RECORDS 10000
#define HOURS_RUNS 5
#define HOURS_VOLUNTEERS 200
#define HOURS_EVENTS 50
/* 2025-12-01 09:00 UTC: the stays are that month's. */
#define HOURS_T0 1764579600000LL
#define MIN_MS 60000LL

static void put(struct hub_store *s, int64_t kiosk, const unsigned char *pk, const char *uuid, const char *kind,
                const char *plain)
{
    char err[WK_ERR_MAX];
    size_t n = strlen(plain);
    unsigned char sealed[512];
    if (n + crypto_box_SEALBYTES > sizeof sealed || crypto_box_seal(sealed, (const unsigned char *)plain, n, pk))
        bench_die("sealing a record", "too long");
    struct hub_submission sub = { .uuid = uuid, .kind = kind, .ref = "ABC-DEF", .created_at_ms = HOURS_T0,
                                  .payload = sealed, .payload_size = n + crypto_box_SEALBYTES };
    enum hub_put_result result;
    if (hub_store_submission_put(s, kiosk, &sub, HOURS_T0, &result, err))
        bench_die("storing a record", err);
}

void bench_hub_hours(void)
{
    char path[512], err[WK_ERR_MAX], token[HUB_TOKEN_CHARS + 1], tz[64];
    unsigned char pk[crypto_box_PUBLICKEYBYTES], sk[crypto_box_SECRETKEYBYTES];
    if (sodium_init() < 0)
        bench_die("libsodium", "cannot start");
    crypto_box_keypair(pk, sk);
    snprintf(path, sizeof path, "%s/hours-hub.db", bench_tmp_dir());
    struct hub_store *s;
    struct hub_kiosk k;
    if (hub_store_open(path, true, &s, err) || hub_store_kiosk_add(s, "hall-1", HOURS_T0, token, err) ||
        hub_store_kiosk_by_token(s, token, &k, err))
        bench_die("the hub's database", err);
    for (int i = 0; i < HOURS_RECORDS / 2; i++) {
        char in[40], out[40], plain[400];
        wk_uuid_new(in);
        wk_uuid_new(out);
        int v = 1 + i % HOURS_VOLUNTEERS, e = i % HOURS_EVENTS;
        int64_t at = HOURS_T0 + (int64_t)(i / HOURS_VOLUNTEERS) * 24 * 60 * MIN_MS / 8;
        snprintf(plain, sizeof plain, "{\"format\": 1, \"kind\": \"checkin\", \"volunteer\": %d, \"event\": "
                 "\"event-%d\", \"at\": %lld, \"content_version\": 7}", v, e, (long long)at);
        put(s, k.id, pk, in, "checkin", plain);
        snprintf(plain, sizeof plain, "{\"format\": 1, \"kind\": \"checkout\", \"volunteer\": %d, \"event\": "
                 "\"event-%d\", \"at\": %lld, \"content_version\": 7, \"checkin\": \"%s\"}", v, e,
                 (long long)(at + 150 * MIN_MS), in);
        put(s, k.id, pk, out, "checkout", plain);
    }
    double all[HOURS_RUNS], pair[HOURS_RUNS];
    size_t rows_n = 0;
    for (int r = 0; r < HOURS_RUNS; r++) {
        struct hub_shifts h = { 0 };
        struct hub_hours_row *rows = NULL;
        int unreadable = 0;
        int64_t from, to;
        double t0 = bench_now_ms();
        if (hub_shifts_load_events(s, &h, tz, err) || hub_shifts_load(s, pk, sk, &h, &unreadable, err))
            bench_die("opening the records", err);
        double t1 = bench_now_ms();
        if (hub_local_days("Europe/Brussels", "2025-12-01", "2025-12-31", &from, &to) ||
            hub_shifts_pair(&h, HOURS_T0 + 60LL * 24 * 60 * MIN_MS, "Europe/Brussels") ||
            hub_hours_sum(&h, from, to, &rows, &rows_n))
            bench_die("the hours", "failed");
        double t2 = bench_now_ms();
        if (h.count != HOURS_RECORDS || unreadable || h.stay_count != HOURS_RECORDS / 2)
            bench_die("the hours", "not every record was read and paired");
        all[r] = t2 - t0;
        pair[r] = t2 - t1;
        free(rows);
        hub_shifts_free(&h);
    }
    sodium_memzero(sk, sizeof sk);
    hub_store_close(s);
    printf("hub_hours_10000_records_open_pair_sum_ms=%.1f\n", bench_median(all, HOURS_RUNS));
    printf("hub_hours_10000_records_pair_sum_ms=%.2f\n", bench_median(pair, HOURS_RUNS));
    printf("hub_hours_10000_records_rows=%zu\n", rows_n);
}
