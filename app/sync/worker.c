/* worker.c — the sync worker's thread and its schedule. One loop does
 * three things, each when it is due:
 *   - the queue: the oldest queued row is sent; 2xx marks it delivered,
 *     a final 4xx rejects it (kept for staff, with the hub's reason), and
 *     anything else is a hub-wide trouble: the row stays at the head of
 *     the queue and the worker waits, 1 s, 2 s, 4 s ... up to 10 minutes,
 *     each wait drawn at random from its upper half so a hundred kiosks
 *     coming back after an outage do not knock at the same second. The
 *     time of the next try is kept with the row (next_attempt_at), so a
 *     restarted kiosk waits on; a new submission ends the wait at once
 *     (sync_wake).
 *   - a heartbeat every few minutes;
 *   - a poll of the bundle manifest (bundle.c) and, when the kiosk takes
 *     firmware updates, of its architecture's firmware manifest
 *     (firmware.c: the package is left for the root helper).
 * The waits are on the monotonic clock, so a wall clock set right after
 * boot (a Pi has none until NTP) neither stalls nor floods the queue. The
 * UI thread hears of a new bundle only through sync_take_event. */
#include "sync_internal.h"
#include "../content/store.h"
#include "../core/cond.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define SYNC_MAX_EVENTS 8

struct sync {
    pthread_t thread;
    bool thread_started;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    atomic_bool stopping;

    /* under lock */
    bool woken;
    bool poll_changed;                  /* poll_ms was set by the UI thread */
    struct sync_event events[SYNC_MAX_EVENTS];
    size_t event_count;
    struct sync_stats stats;            /* last_error: the queue's trouble */
    char content_error[WK_ERR_MAX];     /* a refused bundle, until a good one */
    char firmware_error[WK_ERR_MAX];    /* a refused package, or the helper's failed update */

    /* the worker's own */
    struct outbox *outbox;
    struct sync_http *http;
    struct sync_fetch fetch;
    struct sync_firmware firmware_fetch;    /* .arch NULL: no firmware updates */
    char arch[16];
    struct content_keys keys;
    char state_dir[1024];
    char firmware[64];
    int heartbeat_ms;
    int poll_ms;                        /* under lock */
    int first_poll_ms;
    int64_t started_ms;
    int failure_streak;
    char poll_error[WK_ERR_MAX];        /* the last poll's trouble, logged once */
    void (*notify)(void *user);
    void *notify_user;
};

/* A random time in [ms * (100 - pct) / 100, ms * (100 + pct) / 100]. */
static int64_t jitter(int64_t ms, int pct)
{
    int64_t spread = ms * pct / 100;
    if (spread <= 0)
        return ms;
    return ms - spread + (int64_t)randombytes_uniform((uint32_t)WK_MIN(2 * spread + 1, UINT32_MAX));
}

/* The wait after the streak-th failure in a row: its upper half at random,
 * never below what the hub asked for in Retry-After. */
static int64_t backoff_ms(int streak, int retry_after_s)
{
    int64_t ms = SYNC_FIRST_BACKOFF_MS;
    for (int i = 1; i < streak && ms < SYNC_MAX_BACKOFF_MS; i++)
        ms *= 2;
    ms = WK_MIN(ms, SYNC_MAX_BACKOFF_MS);
    ms = ms / 2 + (int64_t)randombytes_uniform((uint32_t)(ms / 2 + 1));
    return WK_MAX(ms, WK_MIN((int64_t)retry_after_s * 1000, SYNC_MAX_BACKOFF_MS));
}

int sync_check_url(const char *url, char err[WK_ERR_MAX])
{
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL;
    int rc = WK_EINVAL;
    if (!u) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    if (strlen(url) >= SYNC_MAX_URL || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK)
        wk_seterr(err, "\"%s\" is not a hub address such as https://hub.example.org", url);
    else if (!strcmp(scheme, "https"))
        rc = 0;
    else if (!strcmp(scheme, "http") &&
             (!strcmp(host, "127.0.0.1") || !strcmp(host, "localhost") || !strcmp(host, "[::1]")))
        rc = 0;
    else
        wk_seterr(err, "the hub address must start with https:// (plain http only to this "
                  "machine, as behind a local proxy): %s", url);
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(u);
    return rc;
}

/* --- what the UI thread and the worker share ------------------------------ */

static void post_event(struct sync *s, const struct sync_event *ev)
{
    pthread_mutex_lock(&s->lock);
    if (s->event_count < SYNC_MAX_EVENTS)
        s->events[s->event_count++] = *ev;
    else                                   /* only the newest bundle matters */
        s->events[SYNC_MAX_EVENTS - 1] = *ev;
    pthread_mutex_unlock(&s->lock);
    if (s->notify)
        s->notify(s->notify_user);
}

bool sync_take_event(struct sync *s, struct sync_event *ev)
{
    if (!s)
        return false;
    pthread_mutex_lock(&s->lock);
    bool got = s->event_count > 0;
    if (got) {
        *ev = s->events[0];
        memmove(s->events, s->events + 1, --s->event_count * sizeof *ev);
    }
    pthread_mutex_unlock(&s->lock);
    return got;
}

void sync_wake(struct sync *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    s->woken = true;
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
}

void sync_set_poll_interval(struct sync *s, int poll_s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    s->poll_ms = (poll_s > 0 ? poll_s : SYNC_DEFAULT_POLL_S) * 1000;
    s->poll_changed = true;
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
}

void sync_get_stats(struct sync *s, struct sync_stats *out)
{
    pthread_mutex_lock(&s->lock);
    *out = s->stats;
    if (!out->last_error[0])
        snprintf(out->last_error, sizeof out->last_error, "%s", s->content_error);
    snprintf(out->firmware_error, sizeof out->firmware_error, "%s", s->firmware_error);
    if (!out->last_error[0])
        snprintf(out->last_error, sizeof out->last_error, "%s", s->firmware_error);
    pthread_mutex_unlock(&s->lock);
}

/* Records the worker's trouble for staff (heartbeats, logs), logging it
 * once when it starts or changes rather than at every retry. */
static void set_error(struct sync *s, const char *error)
{
    pthread_mutex_lock(&s->lock);
    bool changed = strcmp(s->stats.last_error, error) != 0;
    bool recovered = changed && !error[0];
    snprintf(s->stats.last_error, sizeof s->stats.last_error, "%s", error);
    pthread_mutex_unlock(&s->lock);
    if (recovered)
        wk_log(WK_LOG_INFO, "sync: the hub answers again");
    else if (changed)
        wk_log(WK_LOG_WARN, "sync: %s", error);
}

/* A refused bundle is news for staff until a good one is installed,
 * whatever the queue does meanwhile. */
static void set_content_error(struct sync *s, const char *error)
{
    pthread_mutex_lock(&s->lock);
    snprintf(s->content_error, sizeof s->content_error, "%s", error);
    pthread_mutex_unlock(&s->lock);
    if (error[0])
        wk_log(WK_LOG_WARN, "sync: %s", error);
}

/* --- the three jobs -------------------------------------------------------- */

enum turn { TURN_IDLE, TURN_AGAIN, TURN_BACKOFF };

/* Sends the oldest queued row, if there is one. */
static enum turn deliver_next(struct sync *s, int64_t *backoff_until)
{
    struct outbox_row row;
    char err[WK_ERR_MAX], reason[OUTBOX_ERROR_BYTES];
    /* The head of the queue whatever its next_attempt_at: the wait is on
     * the monotonic clock (backoff_until), which the wall clock's jumps do
     * not move; the stored time serves a restart (stored_backoff_until). */
    int got = outbox_next_due(s->outbox, INT64_MAX, &row, err);
    if (got < 0) {
        set_error(s, err);
        *backoff_until = wk_mono_ms() + backoff_ms(++s->failure_streak, 0);
        return TURN_BACKOFF;
    }
    if (got == 0)
        return TURN_IDLE;
    int retry_after_s = 0;
    enum sync_outcome outcome = sync_deliver(s->http, &row, reason, &retry_after_s);
    int rc = 0;
    pthread_mutex_lock(&s->lock);
    s->stats.attempts++;
    pthread_mutex_unlock(&s->lock);
    if (outcome == SYNC_DELIVERED)
        rc = outbox_mark_delivered(s->outbox, row.uuid, wk_wall_ms(), err);
    else if (outcome == SYNC_REJECTED) {
        wk_log(WK_LOG_WARN, "sync: the hub refused a %s for good (kept for staff): %s", row.kind, reason);
        rc = outbox_mark_rejected(s->outbox, row.uuid, reason, err);
    } else {
        /* The row keeps its place at the head; the wait is the worker's.
         * The hub's trouble is waited out across a restart too; a refused
         * token is not, since a restart with a new token is how staff
         * mend it, and the kiosk should then try at once. */
        int64_t wait = backoff_ms(++s->failure_streak, retry_after_s);
        int64_t kept = outcome == SYNC_RETRY_TOKEN ? 0 : wait;
        *backoff_until = wk_mono_ms() + wait;
        set_error(s, reason);
        if (outbox_reschedule(s->outbox, row.uuid, wk_wall_ms() + kept, reason, err))
            wk_log(WK_LOG_WARN, "sync: a restart would not keep this wait: %s", err);
        pthread_mutex_lock(&s->lock);
        s->stats.failures++;
        s->stats.backoff_ms = (int)wait;
        pthread_mutex_unlock(&s->lock);
        wk_log(WK_LOG_DEBUG, "sync: retrying in %lld ms", (long long)wait);
        outbox_row_free(&row);
        return TURN_BACKOFF;
    }
    outbox_row_free(&row);
    if (rc) {
        /* The hub has it but the queue could not say so (a full card):
         * the next try is answered 200 "already", so nothing is doubled. */
        set_error(s, err);
        *backoff_until = wk_mono_ms() + backoff_ms(++s->failure_streak, 0);
        return TURN_BACKOFF;
    }
    s->failure_streak = 0;
    set_error(s, "");
    pthread_mutex_lock(&s->lock);
    if (outcome == SYNC_DELIVERED)
        s->stats.delivered++;
    else
        s->stats.rejected++;
    s->stats.backoff_ms = 0;
    pthread_mutex_unlock(&s->lock);
    return TURN_AGAIN;
}

static void send_heartbeat(struct sync *s)
{
    char err[WK_ERR_MAX];
    struct sync_stats st;
    sync_get_stats(s, &st);
    struct sync_health health = {
        .firmware = s->firmware, .content_version = st.content_version,
        .uptime_s = (wk_mono_ms() - s->started_ms) / 1000, .last_error = st.last_error,
    };
    if (sync_heartbeat(s->http, s->outbox, &health, wk_wall_ms(), err)) {
        wk_log(WK_LOG_DEBUG, "sync: %s", err);
        return;
    }
    pthread_mutex_lock(&s->lock);
    s->stats.heartbeats++;
    pthread_mutex_unlock(&s->lock);
}

static void poll_bundle(struct sync *s)
{
    char err[WK_ERR_MAX];
    int64_t version = 0;
    enum sync_fetch_result r = sync_fetch_bundle(s->http, &s->fetch, &version, err);
    pthread_mutex_lock(&s->lock);
    s->stats.polls++;
    if (r != SYNC_FETCH_FAILED)
        s->stats.last_poll_ms = wk_wall_ms();
    s->stats.downloads = s->fetch.downloads;
    if (r == SYNC_FETCH_INSTALLED) {
        s->stats.bundles_installed++;
        s->stats.content_version = version;
    }
    pthread_mutex_unlock(&s->lock);
    if (r == SYNC_FETCH_INSTALLED) {
        wk_log(WK_LOG_INFO, "sync: installed content version %lld; shown from the next attract screen",
               (long long)version);
        set_content_error(s, "");
        post_event(s, &(struct sync_event){ .type = SYNC_EV_CONTENT_INSTALLED, .content_version = version });
    } else if (r == SYNC_FETCH_REFUSED) {
        char message[WK_ERR_MAX];
        snprintf(message, sizeof message, "content version %lld refused: %.200s", (long long)version, err);
        set_content_error(s, message);
    } else if (r == SYNC_FETCH_FAILED) {
        /* Once per kind of trouble: a hub down for a day is not 2,880
         * lines in the journal. */
        bool same = !strcmp(s->poll_error, err);
        wk_log(same ? WK_LOG_DEBUG : WK_LOG_INFO, "sync: no new content this time: %s", err);
        snprintf(s->poll_error, sizeof s->poll_error, "%s", err);
    }
    if (r != SYNC_FETCH_FAILED)
        s->poll_error[0] = '\0';
}

/* A firmware package for the root helper, when the hub offers a newer
 * one signed for this kiosk. */
static void poll_firmware(struct sync *s)
{
    char err[WK_ERR_MAX];
    int64_t version = 0;
    enum sync_fetch_result r = sync_fetch_firmware(s->http, &s->firmware_fetch, &version, err);
    if (r == SYNC_FETCH_INSTALLED) {
        wk_log(WK_LOG_INFO, "sync: firmware %lld downloaded and checked in %lld ms; welkom-update installs it "
               "at night", (long long)version, (long long)s->firmware_fetch.last_download_ms);
        pthread_mutex_lock(&s->lock);
        s->stats.firmware_version = version;
        s->firmware_error[0] = '\0';
        pthread_mutex_unlock(&s->lock);
    } else if (r == SYNC_FETCH_REFUSED) {
        pthread_mutex_lock(&s->lock);
        snprintf(s->firmware_error, sizeof s->firmware_error, "firmware refused: %.200s", err);
        pthread_mutex_unlock(&s->lock);
        wk_log(WK_LOG_WARN, "sync: firmware refused: %s", err);
    } else if (r == SYNC_FETCH_FAILED) {
        wk_log(WK_LOG_DEBUG, "sync: no new firmware this time: %s", err);
    }
}

/* --- the thread -------------------------------------------------------------- */

/* A restarted kiosk keeps the wait its last run set: the head row's
 * next_attempt_at (wall clock, stored, as the monotonic clock starts
 * again at boot) as a deadline on the monotonic clock, at most
 * SYNC_MAX_BACKOFF_MS away so a wall clock set wrong cannot freeze the
 * queue; and its attempts, so the next wait doubles on. Now if nothing is
 * queued, the head was never tried (its next_attempt_at is its creation
 * time, by a clock that may have been wrong then) or the queue cannot be
 * read (deliver_next meets that itself). */
static int64_t stored_backoff_until(struct sync *s)
{
    struct outbox_row row;
    char err[WK_ERR_MAX];
    int64_t now = wk_mono_ms(), wait = 0;
    if (outbox_next_due(s->outbox, INT64_MAX, &row, err) == 1) {
        if (row.attempts > 0)
            wait = WK_CLAMP(row.next_attempt_ms - wk_wall_ms(), 0, SYNC_MAX_BACKOFF_MS);
        s->failure_streak = row.attempts;
        outbox_row_free(&row);
    }
    if (wait > 0) {
        wk_log(WK_LOG_INFO, "sync: the hub was in trouble before the restart; next try in %lld s",
               (long long)(wait / 1000));
        pthread_mutex_lock(&s->lock);
        s->stats.backoff_ms = (int)wait;
        pthread_mutex_unlock(&s->lock);
    }
    return now + wait;
}

static void *run(void *user)
{
    struct sync *s = user;
    int64_t now = wk_mono_ms();
    int64_t backoff_until = stored_backoff_until(s), next_heartbeat = now, next_poll = now + jitter(s->first_poll_ms, 50);
    bool queue_idle = false, delivered_since_checkpoint = false;
    while (!atomic_load(&s->stopping)) {
        pthread_mutex_lock(&s->lock);
        if (s->woken) {
            s->woken = false;
            backoff_until = 0;          /* a resident is there: try now */
            queue_idle = false;
        }
        int poll_ms = s->poll_ms;
        if (s->poll_changed) {
            s->poll_changed = false;
            next_poll = WK_MIN(next_poll, wk_mono_ms() + jitter(poll_ms, 20));
        }
        pthread_mutex_unlock(&s->lock);

        now = wk_mono_ms();
        enum turn turn = TURN_IDLE;
        if (!queue_idle && now >= backoff_until) {
            turn = deliver_next(s, &backoff_until);
            queue_idle = turn == TURN_IDLE;
            delivered_since_checkpoint |= turn == TURN_AGAIN;
            /* Drained: the wiped payloads leave the write-ahead log now. */
            if (queue_idle && delivered_since_checkpoint) {
                char err[WK_ERR_MAX];
                if (outbox_checkpoint(s->outbox, err))
                    wk_log(WK_LOG_DEBUG, "sync: %s", err);
                delivered_since_checkpoint = false;
            }
        }
        if (atomic_load(&s->stopping))
            break;
        now = wk_mono_ms();
        if (now >= next_heartbeat) {
            send_heartbeat(s);
            next_heartbeat = wk_mono_ms() + jitter(s->heartbeat_ms, 10);
        }
        if (now >= next_poll) {
            poll_bundle(s);
            if (s->firmware_fetch.arch && !atomic_load(&s->stopping))
                poll_firmware(s);
            next_poll = wk_mono_ms() + jitter(poll_ms, 20);
        }
        if (turn == TURN_AGAIN)
            continue;                   /* draining: no wait between rows */

        int64_t until = WK_MIN(next_heartbeat, next_poll);
        if (!queue_idle)
            until = WK_MIN(until, backoff_until);
        pthread_mutex_lock(&s->lock);
        if (!s->woken && !s->poll_changed && !atomic_load(&s->stopping) && until > wk_mono_ms()) {
            wk_cond_wait_until(&s->wake, &s->lock, until);
        }
        pthread_mutex_unlock(&s->lock);
    }
    return NULL;
}

/* 1 when a version was installed here but the installed bundle no longer
 * opens (a damaged card, a key no longer trusted): the hub's copy of that
 * same version is then worth fetching again, and content_store_install
 * takes it as a repair. */
static int installed_needs_repair(const char *state_dir, const struct content_keys *keys, int64_t mark)
{
    struct content *c = NULL;
    char err[WK_ERR_MAX];
    if (mark <= 0)
        return 0;
    if (content_store_open(state_dir, keys, &c, err) == 0) {
        content_close(c);
        return 0;
    }
    wk_log(WK_LOG_WARN, "sync: the installed content (version %lld) does not open: %s; fetching it "
           "again", (long long)mark, err);
    return 1;
}

int sync_start(const struct sync_config *c, struct sync **out, char err[WK_ERR_MAX])
{
    *out = NULL;
    int rc = sync_check_url(c->hub_url ? c->hub_url : "", err);
    if (rc)
        return rc;
    if (!wk_token_ok(c->token)) {
        wk_seterr(err, "[hub] token is missing or is not a token printed by welkomctl kiosk add");
        return WK_EINVAL;
    }
    if (c->proxy && c->proxy[0] && (rc = sync_check_proxy(c->proxy, c->hub_url, err)))
        return rc;
    if (sodium_init() < 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        wk_seterr(err, "libsodium or libcurl could not start");
        return WK_EIO;
    }
    struct sync *s = wk_calloc(1, sizeof *s);
    if (!s) {
        curl_global_cleanup();
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    pthread_mutex_init(&s->lock, NULL);
    wk_cond_init_monotonic(&s->wake);
    atomic_init(&s->stopping, false);
    snprintf(s->state_dir, sizeof s->state_dir, "%s", c->state_dir);
    snprintf(s->firmware, sizeof s->firmware, "%s", c->firmware ? c->firmware : "unknown");
    if (c->publisher_keys)
        s->keys = *c->publisher_keys;
    s->heartbeat_ms = (c->heartbeat_s > 0 ? c->heartbeat_s : SYNC_DEFAULT_HEARTBEAT_S) * 1000;
    s->poll_ms = (c->poll_s > 0 ? c->poll_s : SYNC_DEFAULT_POLL_S) * 1000;
    s->first_poll_ms = c->first_poll_ms > 0 ? c->first_poll_ms : SYNC_DEFAULT_FIRST_POLL_MS;
    s->notify = c->notify;
    s->notify_user = c->notify_user;
    s->started_ms = wk_mono_ms();
    /* Until a good bundle is installed, as a refused download is. */
    snprintf(s->content_error, sizeof s->content_error, "%s", c->content_warning ? c->content_warning : "");
    /* Only versions newer than what was ever installed here are fetched;
     * the shipped demo does not count, so real content replaces it. */
    s->fetch = (struct sync_fetch){ .state_dir = s->state_dir, .keys = &s->keys,
                                    .have_version = content_store_version(s->state_dir) };
    s->fetch.have_version -= installed_needs_repair(s->state_dir, &s->keys, s->fetch.have_version);
    s->stats.content_version = WK_MAX(c->content_version, s->fetch.have_version);
    if (c->firmware_arch && c->firmware_arch[0]) {
        char mark[1100];
        snprintf(s->arch, sizeof s->arch, "%s", c->firmware_arch);
        snprintf(mark, sizeof mark, "%s/" SYNC_FIRMWARE_DIR "/" SYNC_FIRMWARE_MARK, s->state_dir);
        s->firmware_fetch = (struct sync_firmware){ .state_dir = s->state_dir, .keys = &s->keys, .arch = s->arch,
                                                    .have_version = content_mark_read(mark) };
        s->stats.firmware_version = s->firmware_fetch.have_version;
    }
    snprintf(s->firmware_error, sizeof s->firmware_error, "%s", c->firmware_warning ? c->firmware_warning : "");
    rc = outbox_open(c->state_db, &s->outbox, err);
    if (!rc)
        rc = sync_http_open(&(struct sync_http_desc){ .base_url = c->hub_url, .token = c->token,
                                                      .ca_file = c->ca_file, .proxy = c->proxy,
                                                      .timeout_s = c->timeout_s,
                                                      .stopping = &s->stopping }, &s->http, err);
    if (!rc) {
        if (pthread_create(&s->thread, NULL, run, s) == 0)
            s->thread_started = true;
        else {
            wk_seterr(err, "cannot start the sync thread");
            rc = WK_EIO;
        }
    }
    if (rc) {
        sync_stop(s);
        return rc;
    }
    *out = s;
    return 0;
}

void sync_stop(struct sync *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    atomic_store(&s->stopping, true);
    pthread_cond_broadcast(&s->wake);
    pthread_mutex_unlock(&s->lock);
    if (s->thread_started)
        pthread_join(s->thread, NULL);
    sync_http_close(s->http);
    outbox_close(s->outbox);
    pthread_cond_destroy(&s->wake);
    pthread_mutex_destroy(&s->lock);
    sodium_memzero(&s->keys, sizeof s->keys);
    free(s);
    curl_global_cleanup();
}
