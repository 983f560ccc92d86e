/* staff_volunteers.c — the console's volunteers (docs/protocol.md,
 * "Volunteers"): the roster (list, add, a new code, deactivate), the
 * organisations, and the badges' cards. A code is made here, answered
 * once with its QR code (SVG path data made with libqrencode) for the
 * badge sheet, and wiped: it is stored nowhere. Every change of the
 * roster writes volunteers.ini and organisations.ini into the draft, so
 * the next publish carries it. staff_api.c has checked the session, the
 * role and, for a change, the CSRF token. */
#include "staff_internal.h"
#include "export.h"
#include "volunteer.h"

#include <qrencode.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The quiet zone around a QR code, in modules (the standard's 4). */
#define QR_QUIET 4

static int number_of(const char *text, uint32_t *id)
{
    char *end;
    long n = text ? strtol(text, &end, 10) : 0;
    if (!text || !text[0] || *end || n < 1 || n > VOLUNTEER_ID_MAX)
        return WK_EINVAL;
    *id = (uint32_t)n;
    return 0;
}

/* The roster changed: its files into the draft; a failure is logged (the
 * roster itself is stored, and the next publish writes them again). */
static void roster_to_draft(const struct staff_call *c)
{
    char err[WK_ERR_MAX];
    bool written;
    if (hub_volunteers_write_draft(c->st->store, &written, err))
        wk_log(WK_LOG_ERROR, "hub: the roster into the draft: %s", err);
}

/* --- the roster ------------------------------------------------------------------------ */

static int volunteer_json(void *user, const struct hub_volunteer *v)
{
    cJSON *o = staff_array_push(user);
    if (!o)
        return WK_ENOMEM;
    cJSON_AddNumberToObject(o, "number", v->id);
    cJSON_AddStringToObject(o, "first_name", v->first_name);
    cJSON_AddStringToObject(o, "organisation", v->organisation);
    cJSON_AddBoolToObject(o, "active", v->active);
    return 0;
}

static int org_json(void *user, const struct hub_organisation *g)
{
    cJSON *o = staff_array_push(user);
    if (!o)
        return WK_ENOMEM;
    cJSON_AddStringToObject(o, "id", g->id);
    cJSON_AddStringToObject(o, "name", g->name);
    cJSON_AddNumberToObject(o, "volunteers", g->volunteers);
    return 0;
}

void staff_volunteers_list(struct staff_call *c, struct hub_reply *r)
{
    char err[WK_ERR_MAX];
    cJSON *o = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(o, "volunteers"),
          *orgs = cJSON_AddArrayToObject(o, "organisations");
    if (!list || !orgs || hub_volunteer_each(c->st->store, volunteer_json, list, err) ||
        hub_org_each(c->st->store, org_json, orgs, err)) {
        cJSON_Delete(o);
        staff_error(r, 500, "cannot read the roster");
        return;
    }
    cJSON_AddNumberToObject(o, "max", HUB_VOLUNTEERS_MAX);
    staff_reply(r, 200, o);
}

/* The QR code of text as SVG path data of dark modules, one unit each,
 * in a square of *size units with its quiet zone; NULL when it does not
 * encode. */
static char *qr_path(const char *text, int *size)
{
    QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q)
        return NULL;
    int w = q->width;
    /* "M12 34h1v1h-1z" at most 20 bytes a module */
    size_t cap = (size_t)w * (size_t)w * 20 + 1, n = 0;
    char *d = wk_malloc(cap);
    for (int y = 0; d && y < w; y++)
        for (int x = 0; x < w; x++)
            if (q->data[y * w + x] & 1)
                n += (size_t)snprintf(d + n, cap - n, "M%d %dh1v1h-1z", x + QR_QUIET, y + QR_QUIET);
    if (d)
        d[n] = '\0';
    *size = w + 2 * QR_QUIET;
    QRcode_free(q);
    return d;
}

/* The answer to a code made: one card for the badge sheet, the code in
 * it as text and as a QR code. The code is wiped by the caller. */
static void card_reply(const struct hub_volunteer *v, const char *code, unsigned status, struct hub_reply *r)
{
    int size = 0;
    char *path = qr_path(code, &size);
    cJSON *o = cJSON_CreateObject(), *cards = cJSON_AddArrayToObject(o, "cards"), *card = cJSON_CreateObject();
    if (!cards || !card || !cJSON_AddItemToArray(cards, card) || !path) {
        if (!cards || !cJSON_GetArraySize(cards))
            cJSON_Delete(card);
        cJSON_Delete(o);
        free(path);
        staff_error(r, 500, "cannot make the badge");
        return;
    }
    cJSON_AddNumberToObject(card, "number", v->id);
    cJSON_AddStringToObject(card, "first_name", v->first_name);
    cJSON_AddStringToObject(card, "organisation", v->organisation);
    cJSON_AddStringToObject(card, "code", code);
    cJSON *qr = cJSON_AddObjectToObject(card, "qr");
    if (qr) {
        cJSON_AddNumberToObject(qr, "size", size);
        cJSON_AddStringToObject(qr, "path", path);
    }
    free(path);
    staff_reply(r, status, o);
}

void staff_volunteer_add(struct staff_call *c, struct hub_reply *r)
{
    char err[WK_ERR_MAX], code[VOLUNTEER_CODE_MAX];
    struct hub_volunteer v;
    const char *name = staff_body_string(c, "first_name"), *org = staff_body_string(c, "organisation");
    int rc = hub_volunteer_add(c->st->store, name, org, c->now_ms, &v, code, err);
    if (rc) {
        staff_error(r, rc == WK_EINVAL ? 400 : 500, rc == WK_EINVAL ? err : "cannot add the volunteer");
        if (rc != WK_EINVAL)
            wk_log(WK_LOG_ERROR, "hub: %s", err);
        return;
    }
    char target[32];
    snprintf(target, sizeof target, "volunteer %u", (unsigned)v.id);
    staff_audit(c, "added", target);
    roster_to_draft(c);
    card_reply(&v, code, 201, r);
    sodium_memzero(code, sizeof code);
}

void staff_volunteer_code(struct staff_call *c, const char *number, struct hub_reply *r)
{
    char err[WK_ERR_MAX] = "", code[VOLUNTEER_CODE_MAX];
    struct hub_volunteer v;
    uint32_t id;
    int rc = number_of(number, &id);
    if (rc == 0)
        rc = hub_volunteer_new_code(c->st->store, id, c->now_ms, &v, code, err);
    if (rc) {
        staff_error(r, rc == WK_ENOTFOUND || (rc == WK_EINVAL && !err[0]) ? 404 : rc == WK_EINVAL ? 409 : 500,
                    rc == WK_ENOTFOUND || (rc == WK_EINVAL && !err[0]) ? "no such volunteer"
                    : rc == WK_EINVAL ? err : "cannot make a new code");
        return;
    }
    char target[32];
    snprintf(target, sizeof target, "volunteer %u", (unsigned)id);
    staff_audit(c, "gave a new code to", target);
    roster_to_draft(c);
    card_reply(&v, code, 200, r);
    sodium_memzero(code, sizeof code);
}

void staff_volunteer_deactivate(struct staff_call *c, const char *number, struct hub_reply *r)
{
    char err[WK_ERR_MAX];
    uint32_t id;
    int rc = number_of(number, &id);
    if (rc == 0)
        rc = hub_volunteer_deactivate(c->st->store, id, c->now_ms, err);
    if (rc) {
        staff_error(r, rc == WK_ENOTFOUND || rc == WK_EINVAL ? 404 : 500,
                    rc == WK_ENOTFOUND || rc == WK_EINVAL ? "no such volunteer" : "cannot deactivate");
        return;
    }
    char target[32];
    snprintf(target, sizeof target, "volunteer %u", (unsigned)id);
    staff_audit(c, "deactivated", target);
    roster_to_draft(c);
    staff_reply(r, 200, NULL);
}

/* POST organisations {id?, name}: adds one (its id made from the name
 * when not given) or renames it. */
void staff_organisation_put(struct staff_call *c, struct hub_reply *r)
{
    char err[WK_ERR_MAX], id[HUB_ORG_ID_MAX + 1];
    const char *given = staff_body_string(c, "id"), *name = staff_body_string(c, "name");
    int rc = given && given[0] ? (snprintf(id, sizeof id, "%s", given), 0) : hub_org_id_from(name, id, err);
    if (rc == 0)
        rc = hub_org_put(c->st->store, id, name, c->now_ms, err);
    if (rc) {
        staff_error(r, rc == WK_EINVAL ? 400 : 500, rc == WK_EINVAL ? err : "cannot store the organisation");
        return;
    }
    staff_audit(c, "stored organisation", id);
    roster_to_draft(c);
    cJSON *o = cJSON_CreateObject();
    if (o)
        cJSON_AddStringToObject(o, "id", id);
    staff_reply(r, 200, o);
}

/* --- hours and who is here ---------------------------------------------------------------- */

struct shifts_call {
    struct hub_store *store;
    struct hub_shifts *h;
    int unreadable;
    char err[WK_ERR_MAX];
};

static int load_with_key(void *user, const unsigned char *sk)
{
    struct shifts_call *x = user;
    unsigned char pk[crypto_box_PUBLICKEYBYTES];
    crypto_scalarmult_base(pk, sk);
    int rc = hub_shifts_load(x->store, pk, sk, x->h, &x->unreadable, x->err);
    sodium_memzero(pk, sizeof pk);
    return rc;
}

/* Every check-in and check-out opened with the session's hub key and
 * paired as of now, the events' windows and the zone into tz; false with
 * r the refusal. */
static bool shifts_of(struct staff_call *c, struct hub_shifts *h, char tz[64], int *unreadable, struct hub_reply *r)
{
    if (!staff_has_hub_key(c, r))
        return false;
    struct shifts_call x = { .store = c->st->store, .h = h };
    int rc = hub_shifts_load_events(c->st->store, h, tz, x.err);
    if (rc == 0)
        rc = hub_sessions_use_key(c->st->sessions, c->session, HUB_KEY_HUB, load_with_key, &x);
    if (rc == 0)
        rc = hub_shifts_pair(h, c->now_ms, tz);
    if (rc) {
        wk_log(WK_LOG_ERROR, "hub: the volunteers' records: %s", x.err[0] ? x.err : "out of memory");
        staff_error(r, 500, "cannot open the volunteers' records now");
        return false;
    }
    *unreadable = x.unreadable;
    return true;
}

/* The roster by number, for the first names (NULL when out of memory). */
struct roster { struct hub_volunteer *by_id; };

static int keep_volunteer(void *user, const struct hub_volunteer *v)
{
    struct roster *ro = user;
    ro->by_id[v->id] = *v;
    return 0;
}

static bool roster_read(struct staff_call *c, struct roster *ro)
{
    char err[WK_ERR_MAX];
    ro->by_id = wk_calloc(VOLUNTEER_ID_MAX + 1, sizeof *ro->by_id);
    if (ro->by_id && hub_volunteer_each(c->st->store, keep_volunteer, ro, err) == 0)
        return true;
    free(ro->by_id);
    ro->by_id = NULL;
    return false;
}

static const struct hub_volunteer *roster_get(const struct roster *ro, uint32_t id)
{
    return id >= 1 && id <= VOLUNTEER_ID_MAX ? &ro->by_id[id] : &ro->by_id[0];
}

/* GET volunteers/hours?from=DAY&to=DAY (JSON) or volunteers/hours.csv. */
void staff_volunteer_hours(struct staff_call *c, bool csv, struct hub_reply *r)
{
    const struct hub_staff_request *q = c->req;
    struct hub_shifts h = { 0 };
    struct hub_hours_row *rows = NULL;
    struct roster ro = { 0 };
    size_t count = 0;
    char tz[64], err[WK_ERR_MAX];
    int unreadable = 0;
    int64_t from_ms, to_ms;
    if (!shifts_of(c, &h, tz, &unreadable, r))
        goto done;
    if (hub_local_days(tz, q->arg(q->ctx, "from"), q->arg(q->ctx, "to"), &from_ms, &to_ms)) {
        staff_error(r, 400, "from and to are days like 2026-12-01, to not before from");
        goto done;
    }
    if (hub_hours_sum(&h, from_ms, to_ms, &rows, &count) || !roster_read(c, &ro)) {
        staff_error(r, 500, "out of memory");
        goto done;
    }
    staff_audit(c, "read the volunteers' hours", csv ? "CSV" : "");
    if (csv) {
        char *text = NULL;
        size_t size = 0;
        FILE *out = open_memstream(&text, &size);
        int rc = out ? hub_hours_csv(c->st->store, rows, count, out, err) : WK_ENOMEM;
        if (out && fclose(out) != 0)
            rc = WK_EIO;
        if (rc && text)
            export_free_wiped(text, size);
        if (!staff_reply_csv(r, rc ? NULL : text, size, "attachment; filename=\"volunteer-hours.csv\""))
            staff_error(r, 500, "the hours could not be written");
        goto done;
    }
    cJSON *o = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(o, "hours");
    for (size_t i = 0; list && i < count; i++) {
        const struct hub_volunteer *v = roster_get(&ro, rows[i].volunteer);
        cJSON *x = staff_array_push(list);
        if (!x)
            break;
        cJSON_AddStringToObject(x, "organisation", rows[i].organisation[0] ? rows[i].organisation : v->organisation);
        cJSON_AddStringToObject(x, "event", rows[i].event);
        cJSON_AddStringToObject(x, "title", hub_shifts_event_title(&h, rows[i].event));
        cJSON_AddNumberToObject(x, "volunteer", rows[i].volunteer);
        cJSON_AddStringToObject(x, "first_name", v->first_name);
        cJSON_AddNumberToObject(x, "minutes", (double)rows[i].minutes);
        cJSON_AddNumberToObject(x, "stays", rows[i].stays);
        cJSON_AddNumberToObject(x, "closed_by_window", rows[i].closed_by_window);
    }
    cJSON_AddNumberToObject(o, "unreadable", unreadable);
    cJSON_AddNumberToObject(o, "checkouts_without_checkin", h.orphans);
    cJSON_AddNumberToObject(o, "second_checkouts", h.duplicates);
    staff_reply(r, 200, o);
done:
    free(rows);
    free(ro.by_id);
    hub_shifts_free(&h);
}

static int stay_order(const void *a, const void *b)
{
    const struct hub_stay *x = a, *y = b;
    int c = strcmp(x->event, y->event);
    return c ? c : (x->in_ms > y->in_ms) - (x->in_ms < y->in_ms);
}

/* GET volunteers/here: per event, who checked in and has not checked
 * out while its window is open, with the time; for a roll call. */
void staff_volunteers_here(struct staff_call *c, struct hub_reply *r)
{
    struct hub_shifts h = { 0 };
    struct roster ro = { 0 };
    char tz[64];
    int unreadable = 0;
    if (!shifts_of(c, &h, tz, &unreadable, r))
        goto done;
    if (!roster_read(c, &ro)) {
        staff_error(r, 500, "out of memory");
        goto done;
    }
    qsort(h.stays, h.stay_count, sizeof *h.stays, stay_order);
    cJSON *o = cJSON_CreateObject(), *events = cJSON_AddArrayToObject(o, "events"), *ev = NULL, *people = NULL;
    const char *last = "";
    for (size_t i = 0; events && i < h.stay_count; i++) {
        const struct hub_stay *st = &h.stays[i];
        if (st->end != HUB_STAY_OPEN)
            continue;
        if (!ev || strcmp(last, st->event)) {
            if (!(ev = staff_array_push(events)))
                break;
            cJSON_AddStringToObject(ev, "event", st->event);
            cJSON_AddStringToObject(ev, "title", hub_shifts_event_title(&h, st->event));
            cJSON_AddStringToObject(ev, "organisation", hub_shifts_event_org(&h, st->event));
            people = cJSON_AddArrayToObject(ev, "volunteers");
            last = st->event;
        }
        cJSON *p = people ? staff_array_push(people) : NULL;
        if (!p)
            break;
        cJSON_AddNumberToObject(p, "number", st->volunteer);
        cJSON_AddStringToObject(p, "first_name", roster_get(&ro, st->volunteer)->first_name);
        cJSON_AddNumberToObject(p, "since", (double)st->in_ms);
    }
    cJSON_AddNumberToObject(o, "now", (double)c->now_ms);
    cJSON_AddNumberToObject(o, "unreadable", unreadable);
    staff_reply(r, 200, o);
done:
    free(ro.by_id);
    hub_shifts_free(&h);
}
