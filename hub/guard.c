/* guard.c — which connections the hub keeps, and how much of the journal
 * strangers may fill (hub.h, "guard"). libmicrohttpd's own timeout counts
 * idle time only: a client sending one header byte every few seconds
 * would keep its connection for ever, and 256 of them would hold every
 * kiosk off. So the guard keeps a list of every open connection with the
 * phase its request is in and an absolute deadline for that phase:
 *
 *   headers   from the connection's start until the request line and
 *             headers are in: headers_deadline_s (after a previous
 *             request on the connection, idle_timeout_s more);
 *   body      from the headers until the whole body is in:
 *             body_deadline_s;
 *   answering the request is read and its answer goes out (a 64 MiB
 *             bundle may take minutes): no deadline, only the idle
 *             timeout.
 *
 * A thread of its own sleeps until the next deadline and shuts down the
 * socket of each connection past its own; libmicrohttpd then sees the
 * connection end and closes it. Under pressure the guard sheds rather than
 * refuses: a new connection over max_connections, or over max_per_ip from
 * one address, closes the oldest connection still waiting for its
 * headers (from that address, for max_per_ip), so clients that trickle
 * their headers lose their places to clients that send a request, and a
 * device behind a centre's NAT can not crowd out the kiosks beside it.
 * Only when nothing is waiting for its headers is the new one closed.
 *
 * The socket is shut down (never closed) by the guard, under the lock
 * that libmicrohttpd's "closed" notice also takes; libmicrohttpd closes
 * the descriptor only after that notice, so the guard can never touch a
 * descriptor that already belongs to a newer connection.
 *
 * Log lines that strangers can cause (refusals of clients without a
 * valid token, connections the guard drops, libmicrohttpd's messages)
 * go through hub_guard_log: at most HUB_LOG_LINES_PER_WINDOW of each kind
 * a minute, then one line saying how many more there were. */
#include "hub.h"
#include "../app/core/cond.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define MS_PER_S 1000
/* An IPv6 client is counted by its /64: one home or office network has
 * one, and an address of its own for every connection costs it nothing. */
#define IPV6_NETWORK_BYTES 8
#define ADDRESS_BYTES 16

enum phase { PHASE_HEADERS, PHASE_BODY, PHASE_ANSWERING };

struct hub_guard_conn {
    struct hub_guard_conn *prev, *next;     /* in the order they came */
    int fd;
    unsigned char address[ADDRESS_BYTES];   /* IPv4 as ::ffff:a.b.c.d; IPv6 as its /64 */
    enum phase phase;
    int64_t deadline_ms;                    /* 0: none */
    bool shed;                              /* shut down, waiting for libmicrohttpd */
};

/* Lines are formatted under the lock and written after it, so a journal
 * that stops reading never holds up the threads that take the lock on
 * every connection. At most this many wait: a window's lines of every
 * kind and its summary, which is all the rate allows between two writes. */
#define GUARD_PENDING_MAX (HUB_NOISE_KINDS * (HUB_LOG_LINES_PER_WINDOW + 1))

struct pending_line {
    enum wk_log_level level;
    char text[HUB_LOG_LINE_MAX];
};

/* One kind of log line a stranger can cause, and how many this window. */
struct log_window {
    const char *what;                       /* "more lines like that", in the summary */
    int64_t start_ms;
    int lines;
    long suppressed;
};

struct hub_guard {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t sweeper;
    bool sweeping, stopping;
    struct hub_limits limits;
    struct hub_guard_conn *head, *tail;
    int live;                               /* open and not shed */
    struct log_window logs[HUB_NOISE_KINDS];
    struct pending_line pending[GUARD_PENDING_MAX];
    int pending_count;
};

/* The monotonic time seconds after now_ms. */
static int64_t deadline_after(int64_t now_ms, int seconds)
{
    return now_ms + (int64_t)seconds * MS_PER_S;
}

/* --- log lines ---------------------------------------------------------- */

/* Keeps a formatted line to be written at unlock_and_write. Under g->lock. */
static void vqueue_line(struct hub_guard *g, enum wk_log_level level, const char *fmt, va_list ap)
{
    if (g->pending_count == GUARD_PENDING_MAX)
        return;                 /* the rate allows no more between two writes */
    struct pending_line *p = &g->pending[g->pending_count++];
    p->level = level;
    vsnprintf(p->text, sizeof p->text, fmt, ap);
}

static void queue_line(struct hub_guard *g, enum wk_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void queue_line(struct hub_guard *g, enum wk_log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vqueue_line(g, level, fmt, ap);
    va_end(ap);
}

/* Releases g->lock, then writes the lines that were queued under it. */
static void unlock_and_write(struct hub_guard *g)
{
    int n = g->pending_count;
    if (n == 0) {
        pthread_mutex_unlock(&g->lock);
        return;
    }
    struct pending_line *lines = wk_malloc((size_t)n * sizeof *lines);
    if (lines)
        memcpy(lines, g->pending, (size_t)n * sizeof *lines);
    g->pending_count = 0;
    pthread_mutex_unlock(&g->lock);
    for (int i = 0; lines && i < n; i++)
        wk_log(lines[i].level, "%s", lines[i].text);
    free(lines);
}

/* Says how many lines of window w were not written, and starts a new
 * window at now_ms. Under g->lock. */
static void end_window(struct hub_guard *g, struct log_window *w, int64_t now_ms)
{
    if (w->suppressed)
        queue_line(g, WK_LOG_WARN, "hub: %ld more %s not logged (at most %d a minute are)",
                   w->suppressed, w->what, HUB_LOG_LINES_PER_WINDOW);
    w->start_ms = now_ms;
    w->lines = 0;
    w->suppressed = 0;
}

/* Whether a line of w may be written at now_ms; counts it either way.
 * Under g->lock. */
static bool take_line(struct hub_guard *g, struct log_window *w, int64_t now_ms)
{
    if (w->start_ms == 0 || now_ms - w->start_ms >= (int64_t)HUB_LOG_WINDOW_S * MS_PER_S)
        end_window(g, w, now_ms);
    if (w->lines < HUB_LOG_LINES_PER_WINDOW) {
        w->lines++;
        return true;
    }
    w->suppressed++;
    return false;
}

static void vlog_noise(struct hub_guard *g, enum hub_noise kind, enum wk_log_level level, const char *fmt,
                       va_list ap)
{
    if (take_line(g, &g->logs[kind], wk_mono_ms()))
        vqueue_line(g, level, fmt, ap);
}

void hub_guard_log(struct hub_guard *g, enum hub_noise kind, enum wk_log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&g->lock);
    vlog_noise(g, kind, level, fmt, ap);
    unlock_and_write(g);
    va_end(ap);
}

/* Under g->lock. */
static void log_noise(struct hub_guard *g, enum hub_noise kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void log_noise(struct hub_guard *g, enum hub_noise kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog_noise(g, kind, WK_LOG_INFO, fmt, ap);
    va_end(ap);
}

/* --- connections -------------------------------------------------------- */

/* Ends c's connection: libmicrohttpd sees it end at once and closes it.
 * Under g->lock. */
static void shed(struct hub_guard *g, struct hub_guard_conn *c)
{
    shutdown(c->fd, SHUT_RDWR);
    c->shed = true;
    c->deadline_ms = 0;
    g->live--;
}

/* The address key of addr: the IPv4 address as a mapped IPv6 one, or
 * the /64 of an IPv6 address. */
static void address_key(const struct sockaddr *addr, unsigned char key[ADDRESS_BYTES])
{
    memset(key, 0, ADDRESS_BYTES);
    if (addr && addr->sa_family == AF_INET) {
        key[10] = key[11] = 0xff;
        memcpy(key + 12, &((const struct sockaddr_in *)addr)->sin_addr, 4);
    } else if (addr && addr->sa_family == AF_INET6) {
        const unsigned char *a = ((const struct sockaddr_in6 *)addr)->sin6_addr.s6_addr;
        bool mapped = IN6_IS_ADDR_V4MAPPED((const struct in6_addr *)a);
        memcpy(key, a, mapped ? ADDRESS_BYTES : IPV6_NETWORK_BYTES);
    }
}

/* The connection that has waited longest for its headers, other than
 * not, and from address if it is not NULL; NULL if none. Under g->lock. */
static struct hub_guard_conn *oldest_waiting(const struct hub_guard *g, const struct hub_guard_conn *not,
                                             const unsigned char *address)
{
    for (struct hub_guard_conn *c = g->head; c; c = c->next)
        if (c != not && !c->shed && c->phase == PHASE_HEADERS &&
            (!address || !memcmp(c->address, address, ADDRESS_BYTES)))
            return c;
    return NULL;
}

/* Makes room for the new connection c past a limit: sheds the oldest
 * connection waiting for its headers (from c's address for the
 * per-address limit), or c itself. Under g->lock. */
static void make_room(struct hub_guard *g, struct hub_guard_conn *c, bool same_address, const char *limit)
{
    struct hub_guard_conn *victim = oldest_waiting(g, c, same_address ? c->address : NULL);
    if (victim)
        log_noise(g, HUB_NOISE_DROPPED, "hub: %s: closed the connection that waited longest for its headers",
                  limit);
    else
        log_noise(g, HUB_NOISE_DROPPED, "hub: %s, every one of them busy: closed the new connection", limit);
    shed(g, victim ? victim : c);
}

void hub_guard_opened(struct hub_guard *g, int fd, const struct sockaddr *addr, struct hub_guard_conn **out)
{
    *out = NULL;
    struct hub_guard_conn *c = wk_calloc(1, sizeof *c);
    if (!c) {
        shutdown(fd, SHUT_RDWR);        /* one the guard can not watch is not kept */
        return;
    }
    char limit[HUB_LOG_LINE_MAX];
    c->fd = fd;
    address_key(addr, c->address);
    pthread_mutex_lock(&g->lock);
    c->phase = PHASE_HEADERS;
    c->deadline_ms = deadline_after(wk_mono_ms(), g->limits.headers_deadline_s);
    c->prev = g->tail;
    if (g->tail)
        g->tail->next = c;
    else
        g->head = c;
    g->tail = c;
    g->live++;
    if (g->limits.max_per_ip > 0) {
        int same = 0;
        for (const struct hub_guard_conn *o = g->head; o; o = o->next)
            same += !o->shed && !memcmp(o->address, c->address, ADDRESS_BYTES);
        if (same > g->limits.max_per_ip) {
            snprintf(limit, sizeof limit, "%d connections from one address", g->limits.max_per_ip);
            make_room(g, c, true, limit);
        }
    }
    if (g->live > g->limits.max_connections) {
        snprintf(limit, sizeof limit, "%d connections in all", g->limits.max_connections);
        make_room(g, c, false, limit);
    }
    pthread_cond_signal(&g->wake);
    unlock_and_write(g);
    *out = c;
}

void hub_guard_closed(struct hub_guard *g, struct hub_guard_conn *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&g->lock);
    if (c->prev)
        c->prev->next = c->next;
    else
        g->head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    else
        g->tail = c->prev;
    if (!c->shed)
        g->live--;
    pthread_mutex_unlock(&g->lock);
    free(c);
}

/* c enters phase, with a deadline seconds from now (0: none). */
static void enter(struct hub_guard *g, struct hub_guard_conn *c, enum phase phase, int seconds)
{
    if (!c)
        return;
    pthread_mutex_lock(&g->lock);
    if (!c->shed) {
        c->phase = phase;
        c->deadline_ms = seconds ? deadline_after(wk_mono_ms(), seconds) : 0;
        if (seconds)
            pthread_cond_signal(&g->wake);
    }
    pthread_mutex_unlock(&g->lock);
}

void hub_guard_headers_read(struct hub_guard *g, struct hub_guard_conn *c)
{
    enter(g, c, PHASE_BODY, g->limits.body_deadline_s);
}

void hub_guard_request_read(struct hub_guard *g, struct hub_guard_conn *c)
{
    enter(g, c, PHASE_ANSWERING, 0);
}

/* A kept-alive connection may idle before its next request starts (the
 * idle timeout ends that, silently); a deadline of the headers alone
 * would race the idle timeout and log a kiosk's idle connection as a
 * slow client. */
void hub_guard_request_done(struct hub_guard *g, struct hub_guard_conn *c)
{
    enter(g, c, PHASE_HEADERS, g->limits.idle_timeout_s + g->limits.headers_deadline_s);
}

/* --- the sweeper ---------------------------------------------------------- */

/* Sheds every connection past its deadline; the time of the next
 * deadline or log summary, INT64_MAX if none. Under g->lock. */
static int64_t sweep(struct hub_guard *g, int64_t now_ms)
{
    int64_t next = INT64_MAX;
    for (struct hub_guard_conn *c = g->head; c; c = c->next) {
        if (c->shed || !c->deadline_ms)
            continue;
        if (c->deadline_ms > now_ms) {
            next = WK_MIN(next, c->deadline_ms);
            continue;
        }
        if (c->phase == PHASE_HEADERS)
            log_noise(g, HUB_NOISE_DROPPED, "hub: closed a connection: no request line and headers within %d s",
                      g->limits.headers_deadline_s);
        else
            log_noise(g, HUB_NOISE_DROPPED, "hub: closed a connection: its body took longer than %d s",
                      g->limits.body_deadline_s);
        shed(g, c);
    }
    for (size_t i = 0; i < HUB_NOISE_KINDS; i++) {
        struct log_window *w = &g->logs[i];
        int64_t end = w->start_ms + (int64_t)HUB_LOG_WINDOW_S * MS_PER_S;
        if (!w->suppressed)
            continue;
        if (end <= now_ms)
            end_window(g, w, now_ms);
        else
            next = WK_MIN(next, end);
    }
    return next;
}

static void *sweeper(void *arg)
{
    struct hub_guard *g = arg;
    pthread_mutex_lock(&g->lock);
    while (!g->stopping) {
        int64_t next = sweep(g, wk_mono_ms());
        if (g->pending_count) {
            /* Write outside the lock, then sweep again: the deadlines may
             * have changed meanwhile, and a wake must not be missed. */
            unlock_and_write(g);
            pthread_mutex_lock(&g->lock);
            continue;
        }
        wk_cond_wait_until(&g->wake, &g->lock, next);
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

int hub_guard_new(const struct hub_limits *limits, struct hub_guard **out)
{
    *out = NULL;
    struct hub_guard *g = wk_calloc(1, sizeof *g);
    if (!g)
        return WK_ENOMEM;
    g->limits = *limits;
    g->logs[HUB_NOISE_REFUSED].what = "refusals of clients without a valid token";
    g->logs[HUB_NOISE_DROPPED].what = "connections closed by the hub's limits";
    g->logs[HUB_NOISE_SERVER].what = "messages of libmicrohttpd";
    pthread_mutex_init(&g->lock, NULL);
    wk_cond_init_monotonic(&g->wake);
    int code = pthread_create(&g->sweeper, NULL, sweeper, g);
    if (code) {
        wk_log(WK_LOG_ERROR, "hub: cannot start the connection guard: %s", strerror(code));
        hub_guard_free(g);
        return WK_ENOMEM;
    }
    g->sweeping = true;
    *out = g;
    return 0;
}

void hub_guard_free(struct hub_guard *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&g->lock);
    g->stopping = true;
    pthread_cond_signal(&g->wake);
    pthread_mutex_unlock(&g->lock);
    if (g->sweeping)
        pthread_join(g->sweeper, NULL);
    pthread_mutex_lock(&g->lock);
    for (size_t i = 0; i < HUB_NOISE_KINDS; i++)
        end_window(g, &g->logs[i], wk_mono_ms());   /* say what was held back */
    unlock_and_write(g);
    while (g->head) {               /* none after MHD_stop_daemon; a guard never started has none */
        struct hub_guard_conn *c = g->head;
        g->head = c->next;
        free(c);
    }
    pthread_cond_destroy(&g->wake);
    pthread_mutex_destroy(&g->lock);
    free(g);
}
