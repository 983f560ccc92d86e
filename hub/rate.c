/* rate.c — the per-kiosk request rate: a token bucket for each kiosk
 * that has made a request, holding up to `burst` requests and refilled at
 * `per_minute` a minute. A kiosk over it gets 429 and backs off; the
 * others never notice. Buckets are kept for enrolled kiosks only (the
 * caller has checked the token), so their number is bounded by the
 * kiosks table; they live in a sorted array, found by binary search. */
#include "hub.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct bucket {
    int64_t kiosk_id;
    double tokens;
    int64_t updated_ms;
};

struct hub_rate {
    pthread_mutex_t lock;
    double per_ms;              /* refill */
    double burst;               /* capacity */
    struct bucket *buckets;     /* sorted by kiosk_id */
    size_t count, capacity;
};

int hub_rate_new(int per_minute, int burst, struct hub_rate **out)
{
    *out = NULL;
    if (per_minute < 1 || burst < 1)
        return WK_EINVAL;
    struct hub_rate *r = wk_calloc(1, sizeof *r);
    if (!r)
        return WK_ENOMEM;
    pthread_mutex_init(&r->lock, NULL);
    r->per_ms = per_minute / 60000.0;
    r->burst = burst;
    *out = r;
    return 0;
}

void hub_rate_free(struct hub_rate *r)
{
    if (!r)
        return;
    pthread_mutex_destroy(&r->lock);
    free(r->buckets);
    free(r);
}

/* kiosk_id's bucket, made full if it is new; NULL if out of memory. */
static struct bucket *find(struct hub_rate *r, int64_t kiosk_id, int64_t now_ms)
{
    size_t lo = 0, hi = r->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->buckets[mid].kiosk_id < kiosk_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < r->count && r->buckets[lo].kiosk_id == kiosk_id)
        return &r->buckets[lo];
    if (r->count == r->capacity) {
        size_t capacity = r->capacity ? 2 * r->capacity : 64;
        struct bucket *grown = wk_realloc(r->buckets, capacity * sizeof *grown);
        if (!grown)
            return NULL;
        r->buckets = grown;
        r->capacity = capacity;
    }
    memmove(&r->buckets[lo + 1], &r->buckets[lo], (r->count - lo) * sizeof *r->buckets);
    r->count++;
    r->buckets[lo] = (struct bucket){ kiosk_id, r->burst, now_ms };
    return &r->buckets[lo];
}

bool hub_rate_take(struct hub_rate *r, int64_t kiosk_id, int64_t now_ms, int *retry_after_s)
{
    bool ok = true;
    *retry_after_s = 0;
    pthread_mutex_lock(&r->lock);
    struct bucket *b = find(r, kiosk_id, now_ms);
    if (b) {        /* out of memory: let it through rather than lock kiosks out */
        if (now_ms > b->updated_ms)
            b->tokens = fmin(r->burst, b->tokens + (double)(now_ms - b->updated_ms) * r->per_ms);
        b->updated_ms = now_ms;
        if (b->tokens >= 1.0) {
            b->tokens -= 1.0;
        } else {
            ok = false;
            *retry_after_s = (int)ceil((1.0 - b->tokens) / r->per_ms / 1000.0);
            if (*retry_after_s < 1)
                *retry_after_s = 1;
        }
    }
    pthread_mutex_unlock(&r->lock);
    return ok;
}
