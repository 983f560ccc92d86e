/* cond.c — condition waits on the monotonic clock (cond.h). */
#include "cond.h"

#include <time.h>

#define MS_PER_S 1000
#define NS_PER_MS 1000000

void wk_cond_init_monotonic(pthread_cond_t *cond)
{
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(cond, &attr);
    pthread_condattr_destroy(&attr);
}

void wk_cond_wait_until(pthread_cond_t *cond, pthread_mutex_t *lock, int64_t until_ms)
{
    if (until_ms == INT64_MAX) {
        pthread_cond_wait(cond, lock);
        return;
    }
    struct timespec until = { .tv_sec = until_ms / MS_PER_S, .tv_nsec = until_ms % MS_PER_S * NS_PER_MS };
    pthread_cond_timedwait(cond, lock, &until);
}
