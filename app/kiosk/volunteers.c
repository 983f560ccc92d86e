/* volunteers.c — a volunteer checks in or out at this kiosk
 * (docs/volunteers.md). The code comes from the pad or from a USB badge
 * scanner typing it as keys; OK or Enter first draws "Checking your code",
 * then runs the one slow hash of the entry the number names
 * (volunteer_open, ~0.1 s here) on the UI thread, so the person sees the
 * kiosk took it. A right code queues a sealed check-in or check-out (both,
 * when the volunteer was checked in at another event) with the presence
 * in state.db in one transaction; five wrong codes in a row lock the pad
 * for 30 s, doubling each time up to 15 min. The lock lives in this
 * process's memory: it outlasts the screen and the session, not a restart
 * (which takes a power cut or staff). Codes, names and numbers never reach
 * the log. */
#include "kiosk_internal.h"
#include "../outbox/seal.h"
#include "../core/json_wipe.h"

#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define VOLUNTEER_WRONG_BEFORE_LOCK 5
#define VOLUNTEER_FIRST_LOCK_MS (30 * 1000)
#define VOLUNTEER_LONGEST_LOCK_MS (15 * 60 * 1000)
#define VOLUNTEER_RECORD_FORMAT 1
/* While the pad is locked, its countdown is drawn again this often. */
#define VOLUNTEER_LOCK_TICK_MS 1000

void kiosk_volunteer_wipe(struct kiosk *k)
{
    struct volunteer_view *v = &k->volunteer;
    sodium_memzero(v->typed, sizeof v->typed);
    sodium_memzero(v->name, sizeof v->name);
    v->state = VOLUNTEER_TYPING;
    v->checked_out = false;
    v->at_ms = 0;
    v->stay_minutes = 0;
    k->volunteer_check_drawn = false;
}

/* A wrong code: the fifth in a row locks the pad, each lock twice as long
 * as the one before, up to the longest. */
static void wrong_code(struct kiosk *k, int64_t now_ms)
{
    struct volunteer_view *v = &k->volunteer;
    v->state = VOLUNTEER_WRONG;
    if (++k->volunteer_wrong_in_row < VOLUNTEER_WRONG_BEFORE_LOCK)
        return;
    if (k->volunteer_lock_ms == 0)
        k->volunteer_lock_ms = VOLUNTEER_FIRST_LOCK_MS;
    v->locked_until_ms = now_ms + k->volunteer_lock_ms;
    k->volunteer_lock_ms = WK_MIN(k->volunteer_lock_ms * 2, VOLUNTEER_LONGEST_LOCK_MS);
    k->volunteer_wrong_in_row = 0;
    wk_log(WK_LOG_INFO, "volunteer pad locked for %lld s after %d wrong codes",
           (long long)((v->locked_until_ms - now_ms) / 1000), VOLUNTEER_WRONG_BEFORE_LOCK);
}

/* The sealed JSON of one record (docs/volunteers.md). */
static int seal_record(const struct kiosk *k, const char *kind, uint32_t volunteer, const char *event,
                       int64_t at_ms, const char *checkin, unsigned char **sealed, size_t *size,
                       char err[WK_ERR_MAX])
{
    cJSON *root = cJSON_CreateObject();
    if (!root) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    cJSON_AddNumberToObject(root, "format", VOLUNTEER_RECORD_FORMAT);
    cJSON_AddStringToObject(root, "kind", kind);
    cJSON_AddNumberToObject(root, "volunteer", volunteer);
    cJSON_AddStringToObject(root, "event", event);
    cJSON_AddNumberToObject(root, "at", (double)at_ms);
    cJSON_AddNumberToObject(root, "content_version", (double)content_meta(k->content)->content_version);
    if (checkin)
        cJSON_AddStringToObject(root, "checkin", checkin);
    char *json = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (!json) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    size_t n = strlen(json);
    int rc = outbox_seal(k->hub_key, (const unsigned char *)json, n, sealed, size, err);
    sodium_memzero(json, n);
    cJSON_free(json);
    return rc;
}

struct pending { char uuid[OUTBOX_UUID_BYTES], ref[OUTBOX_REF_BYTES]; unsigned char *sealed; size_t size; };

/* Queues what a right code means at event e: a check-out where the
 * volunteer is checked in (this event: that is all), a check-in here. */
static int record(struct kiosk *k, uint32_t id, const struct content_event *e, int64_t wall_ms,
                  char err[WK_ERR_MAX])
{
    struct volunteer_view *v = &k->volunteer;
    struct outbox_presence was, here = { .volunteer = id, .at_ms = wall_ms };
    content_local_min now = content_local_minute(wall_ms), until = now;
    if (!k->outbox || !kiosk_can_send(k)) {
        wk_seterr(err, "this kiosk cannot queue check-ins (no queue or no hub key)");
        return WK_EUNSUPPORTED;
    }
    int found = outbox_presence_get(k->outbox, id, now, &was, err);
    if (found < 0)
        return found;
    bool out_here = found && !strcmp(was.event, e->id);
    struct pending p[2] = { { .sealed = NULL }, { .sealed = NULL } };
    struct outbox_record records[2];
    int n = 0, rc = 0;
    if (found) {
        if ((rc = outbox_new_ids(k->outbox, p[n].uuid, p[n].ref, err)) ||
            (rc = seal_record(k, WK_KIND_CHECKOUT, id, was.event, wall_ms, was.checkin, &p[n].sealed,
                              &p[n].size, err)))
            goto out;
        records[n] = (struct outbox_record){ p[n].uuid, p[n].ref, WK_KIND_CHECKOUT, p[n].sealed, p[n].size, 0 };
        n++;
    }
    if (!out_here) {
        content_event_open(e, now, &until);
        if ((rc = outbox_new_ids(k->outbox, p[n].uuid, p[n].ref, err)) ||
            (rc = seal_record(k, WK_KIND_CHECKIN, id, e->id, wall_ms, NULL, &p[n].sealed, &p[n].size, err)))
            goto out;
        records[n] = (struct outbox_record){ p[n].uuid, p[n].ref, WK_KIND_CHECKIN, p[n].sealed, p[n].size, 0 };
        snprintf(here.event, sizeof here.event, "%s", e->id);
        memcpy(here.checkin, p[n].uuid, sizeof here.checkin);
        here.until_local = until;
        n++;
    }
    /* Two records when out elsewhere and in here; a new uuid may not repeat
     * the first's ref (outbox_new_ids looks at the queue, not at p[0]). */
    if (n == 2 && !strcmp(p[0].ref, p[1].ref)) {
        wk_seterr(err, "two records drew the same reference; try again");
        rc = WK_EIO;
        goto out;
    }
    if ((rc = outbox_add_presence(k->outbox, records, n, id, out_here ? NULL : &here, wall_ms, err)))
        goto out;
    v->checked_out = out_here;
    v->at_ms = wall_ms;
    v->stay_minutes = out_here ? (int)WK_MAX((wall_ms - was.at_ms) / 60000, 0) : 0;
    /* The kinds only: no number, no name, no event. */
    wk_log(WK_LOG_INFO, "queued a volunteer's %s%s", out_here ? "check-out" : "check-in",
           found && !out_here ? " (and the check-out elsewhere)" : "");
    if (k->on_queued)
        k->on_queued(k->on_queued_user);
out:
    free(p[0].sealed);
    free(p[1].sealed);
    return rc;
}

/* Checks the typed code against the entry its number names; the digits
 * are wiped whatever the answer. */
static void check(struct kiosk *k, int64_t now_ms, int64_t wall_ms)
{
    struct volunteer_view *v = &k->volunteer;
    const struct page *page = &k->stack[k->depth - 1];
    size_t count;
    const struct content_event *events = content_events(k->content, &count);
    char err[WK_ERR_MAX], digits[VOLUNTEER_CODE_DIGITS + 1];
    uint32_t id = 0;
    const struct volunteer_sealed *entry = NULL;
    k->volunteer_check_drawn = false;
    if (page->screen != SCREEN_VOLUNTEER_PAD || page->arg < 0 || (size_t)page->arg >= count) {
        kiosk_volunteer_wipe(k);
        return;
    }
    if (volunteer_code_parse(v->typed, &id, digits, err) == 0)
        entry = content_volunteer(k->content, id);
    sodium_memzero(digits, sizeof digits);
    int rc = entry ? volunteer_open(entry, v->typed, content_volunteer_cost(k->content), v->name, err)
                   : WK_EPERM;
    sodium_memzero(v->typed, sizeof v->typed);
    if (rc == WK_EPERM) {
        wrong_code(k, now_ms);
        return;
    }
    if (rc == 0) {
        k->volunteer_wrong_in_row = 0;
        k->volunteer_lock_ms = 0;
        rc = record(k, id, &events[page->arg], wall_ms, err);
    }
    if (rc) {
        /* err names no code, number or name (outbox and seal messages). */
        wk_log(WK_LOG_WARN, "a volunteer's check-in was not saved: %s", err);
        sodium_memzero(v->name, sizeof v->name);
        v->state = VOLUNTEER_NOT_SAVED;
        return;
    }
    v->state = VOLUNTEER_TYPING;
    k->stack[k->depth - 1] = (struct page){ SCREEN_VOLUNTEER_DONE, 0, 0 };
    k->shown_since_ms = now_ms;
}

void kiosk_volunteer_begin_check(struct kiosk *k)
{
    struct volunteer_view *v = &k->volunteer;
    if (!v->typed[0] || v->locked_until_ms)
        return;
    v->state = VOLUNTEER_CHECKING;
    k->volunteer_check_drawn = false;
}

void kiosk_volunteer_presented(struct kiosk *k)
{
    k->volunteer_check_drawn = k->volunteer.state == VOLUNTEER_CHECKING;
}

void kiosk_volunteer_tick(struct kiosk *k, int64_t now_ms, int64_t wall_ms)
{
    struct volunteer_view *v = &k->volunteer;
    if (v->locked_until_ms && now_ms >= v->locked_until_ms) {
        v->locked_until_ms = 0;
        v->state = VOLUNTEER_TYPING;
    }
    if (v->state == VOLUNTEER_CHECKING && k->volunteer_check_drawn)
        check(k, now_ms, wall_ms);
}

int64_t kiosk_volunteer_deadline(const struct kiosk *k, int64_t now_ms)
{
    const struct volunteer_view *v = &k->volunteer;
    enum screen_id s = kiosk_current(k);
    if (v->state == VOLUNTEER_CHECKING)
        return now_ms;                          /* drawn "Checking": check now */
    if (s == SCREEN_VOLUNTEER_DONE)
        return k->shown_since_ms + VOLUNTEER_DONE_MS;
    if (s == SCREEN_VOLUNTEER_PAD && v->locked_until_ms)
        return WK_MIN(v->locked_until_ms, now_ms + VOLUNTEER_LOCK_TICK_MS);
    return KIOSK_NO_DEADLINE;
}

bool kiosk_volunteer_key(struct kiosk *k, int key, int64_t now_ms, int64_t wall_ms)
{
    struct volunteer_view *v = &k->volunteer;
    enum screen_id s = kiosk_current(k);
    bool digit = key >= WK_KEY_DIGIT_0 && key <= WK_KEY_DIGIT_9;
    if (s == SCREEN_VOLUNTEER_EVENTS && digit && k->content) {
        /* A badge scanned on the list: when one event is open, it is
         * that one's (with more, the volunteer picks first). */
        int open[2];
        content_local_min now = content_local_minute(wall_ms);
        if (!kiosk_clock_trusted(k->content, wall_ms) || content_events_open(k->content, now, open, 2) != 1)
            return true;
        kiosk_open_screen(k, SCREEN_VOLUNTEER_PAD, open[0], 0, now_ms);
        s = SCREEN_VOLUNTEER_PAD;
    }
    if (s != SCREEN_VOLUNTEER_PAD || v->locked_until_ms || v->state == VOLUNTEER_CHECKING)
        return s == SCREEN_VOLUNTEER_PAD || s == SCREEN_VOLUNTEER_EVENTS;
    size_t len = strlen(v->typed);
    if (digit && len + 1 < sizeof v->typed) {
        v->typed[len] = (char)('0' + (key - WK_KEY_DIGIT_0));
        v->typed[len + 1] = '\0';
        v->state = VOLUNTEER_TYPING;
    } else if (key == WK_KEY_BACKSPACE && len) {
        v->typed[len - 1] = '\0';
    } else if (key == WK_KEY_ENTER) {
        kiosk_volunteer_begin_check(k);
    }
    k->last_touch_ms = now_ms;                  /* typing is being there */
    return true;
}
