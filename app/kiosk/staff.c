/* staff.c — staff mode at the kiosk: a finger held in the top left corner
 * of the attract screen opens a PIN pad; the bundle's staff PIN (only its
 * Argon2id hash is in the bundle) opens a page of how the kiosk is doing,
 * with a few buttons. Wrong PINs lock the pad for a while, longer each
 * time; staff mode ends by itself after a short idle time, back to the
 * attract screen. It only opens between two people, from the attract
 * screen, and shows no resident's data: rejected rows by their metadata
 * and the hub's reason, never their payload (outbox_rejected does not
 * read it). */
#include "kiosk_internal.h"
#include "config.h"
#include "../content/content.h"
#include "../ui/ui.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* The corner, in dp from the physical top left (the same corner in every
 * language and rotation), and how long a finger stays there. */
#define STAFF_CORNER_DP 72
#define STAFF_HOLD_MS 3000
/* Without a touch this long, staff mode goes back to the attract screen. */
#define STAFF_IDLE_MS 30000
/* Wrong PINs before the pad locks; the first lock's length, doubling up
 * to the longest. The lock outlives staff mode (not a restart: see
 * docs/ARCHITECTURE.md, "Staff mode"). */
#define STAFF_MAX_TRIES 5
#define STAFF_FIRST_LOCK_MS (5 * 60 * 1000)
#define STAFF_LONGEST_LOCK_MS (60 * 60 * 1000)
/* How often the status page looks again while it shows. */
#define STAFF_REFRESH_MS 5000

bool kiosk_staff_screen(enum screen_id screen)
{
    return screen == SCREEN_STAFF_PIN || screen == SCREEN_STAFF || screen == SCREEN_STAFF_TOUCH ||
           screen == SCREEN_STAFF_BARS;
}

static bool in_corner(const struct kiosk *k, const struct wk_event *e)
{
    int corner = ui_dp(k->ui, STAFF_CORNER_DP);
    return e->x >= 0 && e->y >= 0 && e->x < corner && e->y < corner;
}

void kiosk_staff_pointer(struct kiosk *k, const struct wk_event *e, int64_t now_ms)
{
    enum screen_id screen = kiosk_current(k);
    if (screen == SCREEN_STAFF_TOUCH && (e->type == WK_EV_POINTER_DOWN || e->type == WK_EV_POINTER_MOVE)) {
        struct staff_view *v = &k->staff;
        if (v->touch_count == STAFF_TOUCH_POINTS) {
            memmove(v->touches, v->touches + 1, sizeof v->touches - sizeof v->touches[0]);
            v->touch_count--;
        }
        v->touches[v->touch_count].x = e->x;
        v->touches[v->touch_count].y = e->y;
        v->touch_count++;
    }
    if (screen != SCREEN_ATTRACT || (e->type == WK_EV_POINTER_DOWN && !in_corner(k, e)) ||
        e->type == WK_EV_POINTER_UP || (e->type == WK_EV_POINTER_MOVE && !in_corner(k, e)))
        k->staff_press_ms = 0;
    else if (e->type == WK_EV_POINTER_DOWN)
        k->staff_press_ms = WK_MAX(now_ms, 1);
}

/* src into dst, cut to fit (a reason longer than the page's room). */
static void copy(char *dst, size_t size, const char *src)
{
    size_t n = strnlen(src, size - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Gathers what the status page shows: from the bundle, the queue (its
 * counts and the rejected rows' metadata) and the sync worker. */
static void gather(struct kiosk *k, int64_t now_ms)
{
    struct staff_view *v = &k->staff;
    const struct content_meta *m = k->content ? content_meta(k->content) : NULL;
    v->firmware = WELKOM_VERSION;
    v->content_version = m ? m->content_version : 0;
    v->demo = m && m->demo;
    v->hub_url = k->config.hub_url && k->config.hub_url[0] ? k->config.hub_url : NULL;
    struct kiosk_network net = { 0 };
    v->network_known = k->config.network != NULL;
    if (k->config.network)
        k->config.network(k->config.network_user, &net);
    v->hub_running = net.running;
    v->hub_trouble = net.trouble;
    copy(v->hub_error, sizeof v->hub_error, net.error);
    copy(v->firmware_error, sizeof v->firmware_error, net.firmware_error);
    v->last_poll_ms = net.last_poll_ms;

    char err[WK_ERR_MAX];
    struct outbox_counts counts;
    struct outbox_rejected_row rows[STAFF_MAX_ROWS];
    int n = 0;
    v->queue_ok = k->outbox && !outbox_counts(k->outbox, &counts, err) &&
                  !outbox_rejected(k->outbox, rows, STAFF_MAX_ROWS, &n, err);
    if (!v->queue_ok) {
        if (k->outbox)
            wk_log(WK_LOG_ERROR, "staff mode: %s", err);
        counts = (struct outbox_counts){ 0 };
        n = 0;
    }
    v->queued = counts.queued;
    v->rejected = counts.rejected;
    v->oldest_queued_ms = counts.oldest_queued_ms;
    v->last_delivered_ms = counts.last_delivered_ms;
    v->row_count = n;
    for (int i = 0; i < n; i++) {
        struct staff_row *r = &v->rows[i];
        copy(r->kind, sizeof r->kind, rows[i].kind);
        copy(r->ref, sizeof r->ref, rows[i].ref);
        copy(r->reason, sizeof r->reason, rows[i].reason);
        r->created_ms = rows[i].created_at_ms;
    }
    k->staff_refresh_ms = now_ms + STAFF_REFRESH_MS;
}

/* The PIN pad's state as the screen shows it: the bundle's PIN, the lock. */
static void show_lock(struct kiosk *k, int64_t now_ms)
{
    struct staff_view *v = &k->staff;
    if (k->staff_locked_until_ms && now_ms >= k->staff_locked_until_ms) {
        k->staff_locked_until_ms = 0;
        k->staff_tries_left = STAFF_MAX_TRIES;
    }
    v->has_pin = k->content && content_meta(k->content)->staff_pin_hash[0];
    v->tries_left = k->staff_tries_left;
    v->locked_until_ms = k->staff_locked_until_ms;
}

static void open_pin_pad(struct kiosk *k, int64_t now_ms)
{
    k->staff_press_ms = 0;
    kiosk_staff_wipe(k);
    if (k->staff_tries_left == 0 && !k->staff_locked_until_ms)
        k->staff_tries_left = STAFF_MAX_TRIES;
    show_lock(k, now_ms);
    kiosk_open_screen(k, SCREEN_STAFF_PIN, 0, 0, now_ms);
    k->last_touch_ms = now_ms;
    ui_reset_interaction(k->ui);
    wk_log(WK_LOG_INFO, "staff mode: the PIN pad opened");
}

bool kiosk_staff_tick(struct kiosk *k, int64_t now_ms)
{
    enum screen_id screen = kiosk_current(k);
    if (kiosk_staff_screen(screen) && now_ms - k->last_touch_ms >= STAFF_IDLE_MS) {
        wk_log(WK_LOG_INFO, "staff mode: left after %d s without a touch", STAFF_IDLE_MS / 1000);
        return true;
    }
    if (screen == SCREEN_ATTRACT && k->staff_press_ms && now_ms - k->staff_press_ms >= STAFF_HOLD_MS)
        open_pin_pad(k, now_ms);
    if (screen == SCREEN_STAFF_PIN)
        show_lock(k, now_ms);
    if (screen == SCREEN_STAFF && now_ms >= k->staff_refresh_ms)
        gather(k, now_ms);
    return false;
}

int64_t kiosk_staff_deadline(const struct kiosk *k, int64_t now_ms)
{
    (void)now_ms;
    enum screen_id screen = kiosk_current(k);
    int64_t next = KIOSK_NO_DEADLINE;
    if (screen == SCREEN_ATTRACT && k->staff_press_ms)
        next = k->staff_press_ms + STAFF_HOLD_MS;
    if (kiosk_staff_screen(screen))
        next = WK_MIN(next, k->last_touch_ms + STAFF_IDLE_MS);
    if (screen == SCREEN_STAFF)
        next = WK_MIN(next, k->staff_refresh_ms);
    if (screen == SCREEN_STAFF_PIN && k->staff_locked_until_ms)
        next = WK_MIN(next, k->staff_locked_until_ms);
    return next;
}

/* OK on the PIN pad. The check takes a noticeable moment (Argon2id, on
 * purpose); the PIN is wiped from memory right after it. */
static void check_pin(struct kiosk *k, int64_t now_ms)
{
    struct staff_view *v = &k->staff;
    show_lock(k, now_ms);
    if (!v->has_pin || k->staff_locked_until_ms) {
        sodium_memzero(v->pin, sizeof v->pin);
        return;
    }
    bool ok = content_staff_pin_matches(content_meta(k->content)->staff_pin_hash, v->pin);
    sodium_memzero(v->pin, sizeof v->pin);
    if (ok) {
        wk_log(WK_LOG_INFO, "staff mode: opened");
        k->staff_tries_left = STAFF_MAX_TRIES;
        k->staff_lock_ms = 0;
        v->wrong = false;
        k->stack[k->depth - 1] = (struct page){ SCREEN_STAFF, 0, 0 };
        k->shown_since_ms = now_ms;
        gather(k, now_ms);
        return;
    }
    v->wrong = true;
    if (--k->staff_tries_left <= 0) {
        k->staff_tries_left = 0;
        k->staff_lock_ms = k->staff_lock_ms ? WK_MIN(k->staff_lock_ms * 2, STAFF_LONGEST_LOCK_MS)
                                            : STAFF_FIRST_LOCK_MS;
        k->staff_locked_until_ms = now_ms + k->staff_lock_ms;
        wk_log(WK_LOG_WARN, "staff mode: %d wrong PINs; the pad is locked for %lld minutes",
               STAFF_MAX_TRIES, (long long)(k->staff_lock_ms / 60000));
    } else {
        wk_log(WK_LOG_INFO, "staff mode: a wrong PIN (%d tries left)", k->staff_tries_left);
    }
    show_lock(k, now_ms);
}

void kiosk_staff_action(struct kiosk *k, const struct nav *nav, int64_t now_ms)
{
    struct staff_view *v = &k->staff;
    char err[WK_ERR_MAX];
    int count = 0;
    switch ((enum staff_action)nav->arg) {
    case STAFF_CHECK_PIN:
        check_pin(k, now_ms);
        return;
    case STAFF_SEND_NOW:
        if (k->on_queued)
            k->on_queued(k->on_queued_user);
        /* TRANSLATORS: staff mode, after "Send now": the queue is being sent to the hub. */
        snprintf(v->notice, sizeof v->notice, "%s", k->on_queued ? tr(k->i18n, "Sending now.")
                 /* TRANSLATORS: staff mode, after "Send now" on a kiosk without a hub. */
                 : tr(k->i18n, "No hub is configured: nothing can be sent."));
        wk_log(WK_LOG_INFO, "staff mode: send now");
        break;
    case STAFF_RETRY_REJECTED:
        if (!k->outbox || outbox_retry_rejected(k->outbox, wk_wall_ms(), &count, err)) {
            wk_log(WK_LOG_ERROR, "staff mode: %s", k->outbox ? err : "no queue");
            /* TRANSLATORS: staff mode: the rejected rows could not be queued again. */
            snprintf(v->notice, sizeof v->notice, "%s", tr(k->i18n, "The queue could not be changed."));
            break;
        }
        if (count && k->on_queued)
            k->on_queued(k->on_queued_user);
        snprintf(v->notice, sizeof v->notice,
                 /* TRANSLATORS: staff mode, after "Retry rejected"; %d is how many. */
                 trn(k->i18n, "%d rejected submission is queued again.",
                     "%d rejected submissions are queued again.", (unsigned long)count), count);
        wk_log(WK_LOG_INFO, "staff mode: %d rejected rows queued again", count);
        break;
    case STAFF_TOUCH_TEST:
        v->touch_count = 0;
        kiosk_open_screen(k, SCREEN_STAFF_TOUCH, 0, 0, now_ms);
        return;
    case STAFF_SCREEN_TEST:
        kiosk_open_screen(k, SCREEN_STAFF_BARS, 0, 0, now_ms);
        return;
    case STAFF_RESTART:
        /* The unit restarts the kiosk whatever its exit (Restart=always). */
        wk_log(WK_LOG_INFO, "staff mode: restart asked for at the kiosk");
        k->quit = true;
        return;
    case STAFF_LEAVE:                 /* kiosk.c ends the session */
        return;
    }
    gather(k, now_ms);
}

void kiosk_staff_wipe(struct kiosk *k)
{
    sodium_memzero(&k->staff, sizeof k->staff);
}
