/* evqueue.h — a small bounded FIFO of app events, safe to fill from any
 * thread: how plat_inject reaches the UI thread in both backends. */
#ifndef EVQUEUE_H
#define EVQUEUE_H

#include <SDL.h>
#include "../../app/core/wk.h"
#include "../../app/core/event.h"

/* Injected events are a few per tap (tests) or one per sync result; 256
 * unread means the UI thread is stuck, and dropping is then better than
 * growing without bound. */
#define EVQUEUE_CAPACITY 256

struct evqueue {
    SDL_mutex *lock;
    struct wk_event items[EVQUEUE_CAPACITY];
    size_t head, count;
    uint64_t dropped;
};

int evqueue_init(struct evqueue *queue, char err[WK_ERR_MAX]);
void evqueue_destroy(struct evqueue *queue);
/* False (and the event is dropped, logged) when the queue is full. */
bool evqueue_push(struct evqueue *queue, const struct wk_event *event);
bool evqueue_pop(struct evqueue *queue, struct wk_event *out);

#endif
