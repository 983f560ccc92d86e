/* cond.h — waiting for a thread's wake-up or a deadline on wk_mono_ms's
 * clock (CLOCK_MONOTONIC), for the threads that sleep until their next
 * job: the kiosk's sync worker, the hub's connection guard and its
 * retention thread. A wall clock set by NTP neither cuts such a wait
 * short nor stretches it. */
#ifndef WK_COND_H
#define WK_COND_H

#include <pthread.h>
#include <stdint.h>

/* Initialises cond for wk_cond_wait_until. */
void wk_cond_init_monotonic(pthread_cond_t *cond);
/* With lock held: waits until cond is signalled or wk_mono_ms() reaches
 * until_ms (INT64_MAX: no deadline). Callers check their condition again
 * after it, as after any condition wait. */
void wk_cond_wait_until(pthread_cond_t *cond, pthread_mutex_t *lock, int64_t until_ms);

#endif
