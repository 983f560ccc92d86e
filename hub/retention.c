/* retention.c — the hub's thread that deletes submissions whose keep_days
 * are over (hub_store_prune, store_retention.c): once when the hub starts,
 * so a hub that was down for a month catches up before it serves, then
 * every HUB_PRUNE_INTERVAL_S. Deletion is to the day the consent page
 * promised, so an hour late is on time; a failure is logged and tried
 * again at the next round. */
#include "hub.h"
#include "../app/core/cond.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct hub_retention {
    struct hub_store *store;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;        /* wk_cond_init_monotonic */
    bool stop;
};

static void prune_now(struct hub_store *store)
{
    char err[WK_ERR_MAX];
    int64_t deleted = 0;
    if (hub_store_prune(store, wk_wall_ms(), &deleted, err))
        wk_log(WK_LOG_ERROR, "hub: %s", err);
    else if (deleted > 0)
        wk_log(WK_LOG_INFO, "hub: deleted %" PRId64 " submission%s whose keep_days were over", deleted,
               deleted == 1 ? "" : "s");
}

static void *retention_main(void *arg)
{
    struct hub_retention *r = arg;
    pthread_mutex_lock(&r->lock);
    while (!r->stop) {
        int64_t until = wk_mono_ms() + HUB_PRUNE_INTERVAL_S * 1000LL;
        while (!r->stop && wk_mono_ms() < until)
            wk_cond_wait_until(&r->wake, &r->lock, until);
        if (r->stop)
            break;
        pthread_mutex_unlock(&r->lock);
        prune_now(r->store);
        pthread_mutex_lock(&r->lock);
    }
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

int hub_retention_start(struct hub_store *store, struct hub_retention **out, char err[WK_ERR_MAX])
{
    *out = NULL;
    prune_now(store);
    struct hub_retention *r = wk_calloc(1, sizeof *r);
    if (!r) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    r->store = store;
    wk_cond_init_monotonic(&r->wake);
    pthread_mutex_init(&r->lock, NULL);
    int e = pthread_create(&r->thread, NULL, retention_main, r);
    if (e) {
        wk_seterr(err, "cannot start the thread that deletes old submissions: %s", strerror(e));
        pthread_cond_destroy(&r->wake);
        pthread_mutex_destroy(&r->lock);
        free(r);
        return WK_EIO;
    }
    *out = r;
    return 0;
}

void hub_retention_stop(struct hub_retention *r)
{
    if (!r)
        return;
    pthread_mutex_lock(&r->lock);
    r->stop = true;
    pthread_cond_signal(&r->wake);
    pthread_mutex_unlock(&r->lock);
    pthread_join(r->thread, NULL);
    pthread_cond_destroy(&r->wake);
    pthread_mutex_destroy(&r->lock);
    free(r);
}
