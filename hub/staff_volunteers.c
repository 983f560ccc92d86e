/* staff_volunteers.c — the console's volunteers (docs/protocol.md,
 * "Volunteers"): the roster (list, add, a new code, deactivate), the
 * organisations, and the badges' cards. A code is made here, answered
 * once with its QR code (SVG path data made with libqrencode) for the
 * badge sheet, and wiped: it is stored nowhere. Every change of the
 * roster writes volunteers.ini and organisations.ini into the draft, so
 * the next publish carries it. staff_api.c has checked the session, the
 * role and, for a change, the CSRF token. */
#include "staff_internal.h"
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
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(user, o)) {
        cJSON_Delete(o);
        return WK_ENOMEM;
    }
    cJSON_AddNumberToObject(o, "number", v->id);
    cJSON_AddStringToObject(o, "first_name", v->first_name);
    cJSON_AddStringToObject(o, "organisation", v->organisation);
    cJSON_AddBoolToObject(o, "active", v->active);
    return 0;
}

static int org_json(void *user, const struct hub_organisation *g)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(user, o)) {
        cJSON_Delete(o);
        return WK_ENOMEM;
    }
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
    char err[WK_ERR_MAX], code[VOLUNTEER_CODE_MAX];
    struct hub_volunteer v;
    uint32_t id;
    int rc = number_of(number, &id);
    if (rc == 0)
        rc = hub_volunteer_new_code(c->st->store, id, c->now_ms, &v, code, err);
    if (rc) {
        staff_error(r, rc == WK_ENOTFOUND || rc == WK_EINVAL ? 404 : 500,
                    rc == WK_ENOTFOUND || rc == WK_EINVAL ? "no such volunteer" : "cannot make a new code");
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
