/* evqueue.c — the bounded, mutex-protected FIFO behind plat_inject. */
#include "evqueue.h"

int evqueue_init(struct evqueue *queue, char err[WK_ERR_MAX])
{
    *queue = (struct evqueue){ 0 };
    queue->lock = SDL_CreateMutex();
    if (!queue->lock) {
        wk_seterr(err, "cannot create the event queue lock: %s", SDL_GetError());
        return WK_ENOMEM;
    }
    return 0;
}

void evqueue_destroy(struct evqueue *queue)
{
    if (queue->lock)
        SDL_DestroyMutex(queue->lock);
    queue->lock = NULL;
}

bool evqueue_push(struct evqueue *queue, const struct wk_event *event)
{
    bool ok = false;
    uint64_t dropped = 0;
    SDL_LockMutex(queue->lock);
    if (queue->count < EVQUEUE_CAPACITY) {
        queue->items[(queue->head + queue->count) % EVQUEUE_CAPACITY] = *event;
        queue->count++;
        ok = true;
    } else {
        dropped = ++queue->dropped;
    }
    SDL_UnlockMutex(queue->lock);
    /* Log the first drop and then every hundredth, not every one. */
    if (!ok && (dropped == 1 || dropped % 100 == 0))
        wk_log(WK_LOG_WARN, "event queue full (%d): dropped %llu injected events",
               EVQUEUE_CAPACITY, (unsigned long long)dropped);
    return ok;
}

bool evqueue_pop(struct evqueue *queue, struct wk_event *out)
{
    bool ok = false;
    SDL_LockMutex(queue->lock);
    if (queue->count > 0) {
        *out = queue->items[queue->head];
        queue->head = (queue->head + 1) % EVQUEUE_CAPACITY;
        queue->count--;
        ok = true;
    }
    SDL_UnlockMutex(queue->lock);
    return ok;
}
