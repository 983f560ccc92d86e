/* staff_api.c — the staff console's JSON API under /api/staff/
 * (docs/protocol.md, "The staff console's API"): logging in and out,
 * setting a password from a set-up link, the session, and the admin's
 * endpoints (kiosks, people, the audit log); staff_inbox.c has the
 * caseworker's. Every endpoint is checked here, on the server, in one
 * place (authorize): a live session, a person not revoked since, a role
 * the endpoint allows, and for every request that changes something the
 * session's CSRF token in X-CSRF-Token, a JSON body, and no Origin of
 * another site. Answers are JSON built with cJSON; what people typed goes
 * back as JSON strings, which the pages put into the DOM as text. Nothing
 * of a password, a token or a submission reaches a log. */
#include "staff_internal.h"
#include "export.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STAFF_COOKIE_NAME "welkom_staff"
/* A kiosk that has not sent a heartbeat for this long is shown as
 * stale: kiosks send one a minute. */
#define STAFF_STALE_S (3 * 60)
#define STAFF_AUDIT_SHOWN 200
#define STAFF_ROLES_ALL (HUB_ROLE_EDITOR | HUB_ROLE_CASEWORKER | HUB_ROLE_ADMIN)
/* Volunteers (roster, badges, hours, who is here) are the admin's: the
 * roster names people and makes their codes, and the hours need the hub
 * key. The one place to widen it (docs/volunteers.md). */
#define STAFF_ROLES_VOLUNTEERS HUB_ROLE_ADMIN

/* --- replies -------------------------------------------------------------------- */

void staff_reply(struct hub_reply *r, unsigned status, cJSON *o)
{
    r->staff = true;
    r->status = status;
    if (!o)
        o = cJSON_CreateObject();
    r->json = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!r->json) {
        r->status = 500;
        wk_log(WK_LOG_ERROR, "hub: out of memory for a console answer");
    }
}

void staff_error(struct hub_reply *r, unsigned status, const char *message)
{
    cJSON *o = cJSON_CreateObject();
    if (o)
        cJSON_AddStringToObject(o, "error", message);
    staff_reply(r, status, o);
    r->status = status;
}

cJSON *staff_array_push(cJSON *array)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(array, o)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

bool staff_has_hub_key(const struct staff_call *c, struct hub_reply *r)
{
    if (c->who.keys[HUB_KEY_HUB])
        return true;
    staff_error(r, 409, "your session holds no hub key: an admin gives you a key slot "
                        "(welkomctl staff slot add), then log in again");
    return false;
}

bool staff_reply_csv(struct hub_reply *r, char *text, size_t size, const char *disposition)
{
    /* Into a buffer of cJSON's, which is wiped when freed; the stream's
     * own is wiped here. */
    char *body = text ? cJSON_malloc(size + 1) : NULL;
    if (body) {
        memcpy(body, text, size);
        body[size] = '\0';
    }
    if (text)
        export_free_wiped(text, size);
    if (!body)
        return false;
    r->staff = true;
    r->status = 200;
    r->json = body;
    r->content_type = "text/csv; charset=utf-8";
    r->disposition = disposition;
    return true;
}

const char *staff_body_string(const struct staff_call *c, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->body, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void set_cookie(const struct staff_call *c, struct hub_reply *r, const char *id)
{
    snprintf(r->set_cookie, sizeof r->set_cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
             STAFF_COOKIE_NAME, id, id[0] ? "" : "; Max-Age=0", c->st->tls ? "; Secure" : "");
}

static cJSON *session_json(const struct hub_session_view *v)
{
    cJSON *o = cJSON_CreateObject(), *keys = cJSON_CreateObject();
    if (!o || !keys) {
        cJSON_Delete(o);
        cJSON_Delete(keys);
        return NULL;
    }
    cJSON_AddStringToObject(o, "name", v->name);
    cJSON_AddStringToObject(o, "role", hub_role_name(v->role));
    cJSON_AddStringToObject(o, "csrf", v->csrf);
    cJSON_AddBoolToObject(keys, "hub", v->keys[HUB_KEY_HUB]);
    cJSON_AddBoolToObject(keys, "publisher", v->keys[HUB_KEY_PUBLISHER]);
    cJSON_AddItemToObject(o, "keys", keys);
    return o;
}

static void audit(const struct staff_call *c, const char *action, const char *target)
{
    char err[WK_ERR_MAX];
    if (hub_staff_audit(c->st->store, c->who.name, action, target, c->now_ms, err))
        wk_log(WK_LOG_ERROR, "hub: %s", err);
}

/* --- checks ---------------------------------------------------------------------- */

/* A request that changes something comes from the console's own pages:
 * a JSON body (a form of another site cannot send one without the
 * browser asking first) and, when the browser names its origin, this
 * host. */
static bool same_site_post(const struct hub_staff_request *q, struct hub_reply *r)
{
    if (!q->content_type || strncasecmp(q->content_type, "application/json", strlen("application/json"))) {
        staff_error(r, 415, "send JSON (Content-Type: application/json)");
        return false;
    }
    if (q->origin && strcmp(q->origin, "null")) {
        const char *slashes = strstr(q->origin, "://");
        if (!slashes || !q->host || strcasecmp(slashes + 3, q->host)) {
            staff_error(r, 403, "a request from another site");
            return false;
        }
    }
    return true;
}

/* Whether the call may go on: a live session of a person who is not
 * revoked, whose role is among roles, and for a change the session's
 * CSRF token. Else r is the refusal. */
static bool authorize(struct staff_call *c, int roles, bool change, struct hub_reply *r)
{
    struct hub_staff *st = c->st;
    hub_sessions_expire(st->sessions, c->now_ms);
    if (!c->session || hub_sessions_find(st->sessions, c->session, c->now_ms, &c->who)) {
        staff_error(r, 401, "not logged in, or the session has ended");
        set_cookie(c, r, "");
        return false;
    }
    struct hub_staff_member m;
    char err[WK_ERR_MAX];
    int rc = hub_staff_get(st->store, c->who.staff_id, &m, err);
    if (rc == 0 && m.revoked_at_ms) {
        hub_sessions_end_staff(st->sessions, m.id);
        rc = WK_ENOTFOUND;
    }
    if (rc) {
        staff_error(r, rc == WK_ENOTFOUND ? 401 : 500, rc == WK_ENOTFOUND ? "this account is revoked" : err);
        return false;
    }
    if (!(c->who.role & roles)) {
        staff_error(r, 403, "your role may not do this");
        return false;
    }
    if (change) {
        const char *t = c->req->csrf;
        if (!t || strlen(t) != strlen(c->who.csrf) || sodium_memcmp(t, c->who.csrf, strlen(t)) != 0) {
            staff_error(r, 403, "missing or wrong CSRF token: reload the page");
            return false;
        }
    }
    return true;
}

/* --- logging in -------------------------------------------------------------------------- */

static void login(struct staff_call *c, struct hub_reply *r)
{
    const char *name = staff_body_string(c, "name"), *password = staff_body_string(c, "password");
    struct hub_staff_member m;
    int retry = 0;
    char err[WK_ERR_MAX];
    int rc = hub_staff_login(c->st->store, name, password, c->now_ms, &m, &retry, err);
    if (rc == WK_EPERM) {
        staff_error(r, retry ? 429 : 401, err);
        r->retry_after_s = retry;
        return;
    }
    if (rc) {
        wk_log(WK_LOG_ERROR, "hub: %s", err);
        staff_error(r, 500, "the hub cannot log anyone in now");
        return;
    }
    /* Keys given from the console become this person's slots now. */
    if (hub_staff_keys_at_login(c->st->store, &m, password, c->now_ms, err))
        wk_log(WK_LOG_WARN, "hub: %s's keys: %s", m.name, err);
    else
        hub_staff_get(c->st->store, m.id, &m, err);
    /* The slots this person has, unwrapped into locked memory for the
     * session's copy, then wiped. A slot that does not open is logged
     * (by kind, never anything of it) and the session goes without. */
    unsigned char *keys[HUB_KEY_KINDS] = { 0 };
    bool has[HUB_KEY_KINDS] = { [HUB_KEY_HUB] = m.hub_key, [HUB_KEY_PUBLISHER] = m.publisher_key };
    for (int k = 0; k < HUB_KEY_KINDS; k++) {
        if (!has[k] || !(keys[k] = sodium_malloc(hub_key_secret_size((enum hub_key_kind)k))))
            continue;
        if (hub_staff_slot_open(c->st->store, m.id, (enum hub_key_kind)k, password, keys[k], err)) {
            wk_log(WK_LOG_WARN, "hub: %s's %s: %s", m.name, hub_key_kind_name((enum hub_key_kind)k), err);
            sodium_free(keys[k]);
            keys[k] = NULL;
        }
    }
    char id[HUB_TOKEN_CHARS + 1];
    rc = hub_sessions_open(c->st->sessions, &m, (const unsigned char *const *)keys, c->now_ms, id, &c->who);
    for (int k = 0; k < HUB_KEY_KINDS; k++)
        if (keys[k])
            sodium_free(keys[k]);
    if (rc) {
        staff_error(r, 500, "out of memory");
        return;
    }
    set_cookie(c, r, id);
    sodium_memzero(id, sizeof id);
    audit(c, "logged in", "");
    wk_log(WK_LOG_INFO, "hub: %s logged in to the console", m.name);
    staff_reply(r, 200, session_json(&c->who));
}

static void setup(struct staff_call *c, struct hub_reply *r)
{
    struct hub_staff_member m;
    char err[WK_ERR_MAX];
    int rc = hub_staff_setup(c->st->store, staff_body_string(c, "token"), staff_body_string(c, "password"),
                             c->now_ms, &m, err);
    if (rc) {
        staff_error(r, rc == WK_ENOTFOUND ? 403 : rc == WK_EINVAL ? 400 : 500, err);
        return;
    }
    snprintf(c->who.name, sizeof c->who.name, "%s", m.name);
    audit(c, "set a password", "");
    /* The box key, so an admin can give this person keys at once. */
    if (hub_staff_keys_at_login(c->st->store, &m, staff_body_string(c, "password"), c->now_ms, err))
        wk_log(WK_LOG_WARN, "hub: %s's keys: %s", m.name, err);
    cJSON *o = cJSON_CreateObject();
    if (o)
        cJSON_AddStringToObject(o, "name", m.name);
    staff_reply(r, 200, o);
}

/* --- the admin's endpoints ------------------------------------------------------------------ */

struct kiosk_walk { cJSON *list; int64_t now_ms; };

static int kiosk_json(void *user, const struct hub_kiosk_status *k)
{
    struct kiosk_walk *w = user;
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(w->list, o)) {
        cJSON_Delete(o);
        return WK_ENOMEM;
    }
    char firmware[HUB_FIRMWARE_MAX + 1], error[HUB_LAST_ERROR_MAX + 1];
    const struct hub_heartbeat *hb = &k->heartbeat;
    bool beat = k->heartbeat_at_ms > 0;
    cJSON_AddStringToObject(o, "name", k->name);
    cJSON_AddNumberToObject(o, "created_at", (double)k->created_at_ms);
    cJSON_AddBoolToObject(o, "revoked", k->revoked_at_ms != 0);
    cJSON_AddNumberToObject(o, "heartbeat_at", (double)k->heartbeat_at_ms);
    cJSON_AddBoolToObject(o, "stale", !k->revoked_at_ms &&
                                          (!beat || w->now_ms - k->heartbeat_at_ms > STAFF_STALE_S * 1000LL));
    cJSON_AddStringToObject(o, "firmware", beat ? hub_text_clean(firmware, sizeof firmware, hb->firmware) : "");
    cJSON_AddNumberToObject(o, "content_version", beat ? (double)hb->content_version : 0);
    cJSON_AddNumberToObject(o, "queued", beat ? (double)hb->queued : 0);
    cJSON_AddNumberToObject(o, "oldest_queued_age_s", beat && hb->queued ? (double)hb->oldest_queued_age_s : 0);
    cJSON_AddStringToObject(o, "last_error", beat ? hub_text_clean(error, sizeof error, hb->last_error) : "");
    cJSON_AddNumberToObject(o, "submissions", (double)k->submissions);
    cJSON_AddNumberToObject(o, "last_submission_at", (double)k->last_submission_at_ms);
    return 0;
}

static void kiosks(struct staff_call *c, struct hub_reply *r)
{
    char err[WK_ERR_MAX];
    struct kiosk_walk w = { cJSON_CreateArray(), c->now_ms };
    cJSON *o = cJSON_CreateObject();
    if (!w.list || !o || hub_store_status_each(c->st->store, kiosk_json, &w, err)) {
        cJSON_Delete(w.list);
        cJSON_Delete(o);
        staff_error(r, 500, "cannot read the kiosks");
        return;
    }
    cJSON_AddItemToObject(o, "kiosks", w.list);
    cJSON_AddNumberToObject(o, "stale_after_s", STAFF_STALE_S);
    staff_reply(r, 200, o);
}

static void kiosk_enrol(struct staff_call *c, struct hub_reply *r)
{
    const char *name = staff_body_string(c, "name");
    char err[WK_ERR_MAX], token[HUB_TOKEN_CHARS + 1];
    int rc = name ? hub_store_kiosk_add(c->st->store, name, c->now_ms, token, err) : WK_EINVAL;
    if (rc) {
        staff_error(r, rc == WK_EINVAL ? 400 : 500, name ? err : "give the kiosk's name");
        return;
    }
    audit(c, "enrolled kiosk", name);
    cJSON *o = cJSON_CreateObject();
    if (o) {
        cJSON_AddStringToObject(o, "name", name);
        cJSON_AddStringToObject(o, "token", token);
    }
    sodium_memzero(token, sizeof token);
    staff_reply(r, 201, o);
}

static void kiosk_revoke(struct staff_call *c, const char *name, struct hub_reply *r)
{
    char err[WK_ERR_MAX];
    int rc = hub_store_kiosk_revoke(c->st->store, name, c->now_ms, err);
    if (rc) {
        staff_error(r, rc == WK_ENOTFOUND ? 404 : 500, rc == WK_ENOTFOUND ? "no such kiosk" : err);
        return;
    }
    audit(c, "revoked kiosk", name);
    staff_reply(r, 200, NULL);
}

static int member_json(void *user, const struct hub_staff_member *m)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(user, o)) {
        cJSON_Delete(o);
        return WK_ENOMEM;
    }
    cJSON_AddStringToObject(o, "name", m->name);
    cJSON_AddStringToObject(o, "role", hub_role_name(m->role));
    cJSON_AddBoolToObject(o, "set_up", m->set_up);
    cJSON_AddBoolToObject(o, "revoked", m->revoked_at_ms != 0);
    cJSON_AddBoolToObject(o, "hub_key", m->hub_key);
    cJSON_AddBoolToObject(o, "publisher_key", m->publisher_key);
    cJSON_AddNumberToObject(o, "locked_until", (double)m->locked_until_ms);
    return 0;
}

static void people(struct staff_call *c, struct hub_reply *r)
{
    char err[WK_ERR_MAX];
    cJSON *list = cJSON_CreateArray(), *o = cJSON_CreateObject();
    if (!list || !o || hub_staff_each(c->st->store, member_json, list, err)) {
        cJSON_Delete(list);
        cJSON_Delete(o);
        staff_error(r, 500, "cannot read the staff");
        return;
    }
    /* Keys given and waiting for the person's next login. */
    cJSON *p;
    cJSON_ArrayForEach(p, list) {
        struct hub_staff_member m;
        if (hub_staff_find(c->st->store, cJSON_GetStringValue(cJSON_GetObjectItem(p, "name")), &m, err))
            continue;
        cJSON_AddBoolToObject(p, "hub_key_waiting", hub_staff_grant_waiting(c->st->store, m.id, HUB_KEY_HUB));
        cJSON_AddBoolToObject(p, "publisher_key_waiting",
                              hub_staff_grant_waiting(c->st->store, m.id, HUB_KEY_PUBLISHER));
    }
    cJSON_AddItemToObject(o, "staff", list);
    staff_reply(r, 200, o);
}

static void person_revoke(struct staff_call *c, const char *name, struct hub_reply *r)
{
    char err[WK_ERR_MAX];
    struct hub_staff_member m;
    int rc = hub_staff_find(c->st->store, name, &m, err);
    if (rc == 0)
        rc = hub_staff_revoke(c->st->store, name, c->now_ms, err);
    if (rc) {
        staff_error(r, rc == WK_ENOTFOUND ? 404 : 500, rc == WK_ENOTFOUND ? "nobody has this name" : err);
        return;
    }
    hub_sessions_end_staff(c->st->sessions, m.id);     /* now, and their keys wiped */
    audit(c, "revoked staff", name);
    staff_reply(r, 200, NULL);
}

/* A person's own new password: every slot of theirs wrapped again. The
 * session goes on; their other sessions too, with the keys they hold. */
static void password_change(struct staff_call *c, struct hub_reply *r)
{
    char err[WK_ERR_MAX];
    int retry = 0;
    int rc = hub_staff_password_change(c->st->store, c->who.name, staff_body_string(c, "old"),
                                       staff_body_string(c, "new"), c->now_ms, &retry, err);
    if (rc) {
        r->retry_after_s = retry;
        staff_error(r, rc == WK_EINVAL ? 400 : rc == WK_EPERM ? (retry ? 429 : 403) : 500,
                    rc == WK_EINVAL || rc == WK_EPERM ? err : "cannot change the password");
        return;
    }
    audit(c, "changed their password", "");
    staff_reply(r, 200, NULL);
}

/* An admin's reset: a new set-up link, shown once; the person's slots
 * are gone with their old password. */
static void person_reset(struct staff_call *c, const char *name, struct hub_reply *r)
{
    char err[WK_ERR_MAX], token[HUB_TOKEN_CHARS + 1];
    struct hub_staff_member m;
    if (!strcmp(name, c->who.name)) {
        staff_error(r, 409, "change your own password instead: a reset would delete your key slots");
        return;
    }
    int rc = hub_staff_find(c->st->store, name, &m, err);
    if (rc == 0)
        rc = hub_staff_reset(c->st->store, name, c->now_ms, token, err);
    if (rc) {
        staff_error(r, rc == WK_ENOTFOUND ? 404 : 500, rc == WK_ENOTFOUND ? "nobody active has this name" : err);
        return;
    }
    hub_sessions_end_staff(c->st->sessions, m.id);
    audit(c, "reset the password of", name);
    cJSON *o = cJSON_CreateObject();
    if (o) {
        cJSON_AddStringToObject(o, "name", name);
        cJSON_AddStringToObject(o, "token", token);
    }
    sodium_memzero(token, sizeof token);
    staff_reply(r, 200, o);
}

struct grant_call { struct staff_call *c; const char *name; enum hub_key_kind kind; char err[WK_ERR_MAX]; };

static int grant_with_key(void *user, const unsigned char *secret)
{
    struct grant_call *g = user;
    return hub_staff_grant(g->c->st->store, g->name, g->kind, secret, g->c->who.name, g->c->now_ms, g->err);
}

/* An admin gives name a key the admin's session holds: sealed to that
 * person's box key, a slot at their next login. */
static void person_grant(struct staff_call *c, const char *name, struct hub_reply *r)
{
    const char *kind = staff_body_string(c, "kind");
    struct grant_call g = { .c = c, .name = name };
    if (!kind || (strcmp(kind, "hub") && strcmp(kind, "publisher"))) {
        staff_error(r, 400, "kind is hub or publisher");
        return;
    }
    g.kind = strcmp(kind, "hub") ? HUB_KEY_PUBLISHER : HUB_KEY_HUB;
    if (!c->who.keys[g.kind]) {
        staff_error(r, 409, "your session holds no such key to give");
        return;
    }
    int rc = hub_sessions_use_key(c->st->sessions, c->session, g.kind, grant_with_key, &g);
    if (rc) {
        staff_error(r, rc == WK_ENOTFOUND ? 404 : rc == WK_EINVAL ? 409 : 500,
                    g.err[0] ? g.err : "your session holds no such key to give");
        return;
    }
    char target[HUB_AUDIT_TARGET_MAX];
    snprintf(target, sizeof target, "%s %s", name, kind);
    audit(c, "gave a key to", target);
    staff_reply(r, 200, NULL);
}

static int audit_json(void *user, const struct hub_audit_entry *e)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(user, o)) {
        cJSON_Delete(o);
        return WK_ENOMEM;
    }
    cJSON_AddNumberToObject(o, "at", (double)e->at_ms);
    cJSON_AddStringToObject(o, "staff", e->staff);
    cJSON_AddStringToObject(o, "action", e->action);
    cJSON_AddStringToObject(o, "target", e->target);
    return 0;
}

static void audit_log(struct staff_call *c, struct hub_reply *r)
{
    char err[WK_ERR_MAX];
    cJSON *list = cJSON_CreateArray(), *o = cJSON_CreateObject();
    if (!list || !o || hub_staff_audit_each(c->st->store, STAFF_AUDIT_SHOWN, audit_json, list, err)) {
        cJSON_Delete(list);
        cJSON_Delete(o);
        staff_error(r, 500, "cannot read the audit log");
        return;
    }
    cJSON_AddItemToObject(o, "audit", list);
    staff_reply(r, 200, o);
}

/* --- routing ------------------------------------------------------------------------------------ */

/* Whether path is prefix, a name of no '/', then suffix; the name into
 * param. */
static bool match(const char *path, const char *prefix, const char *suffix, char *param, size_t size)
{
    size_t p = strlen(prefix), s = strlen(suffix), n = strlen(path);
    if (n <= p + s || strncmp(path, prefix, p) || strcmp(path + n - s, suffix))
        return false;
    size_t len = n - p - s;
    if (len >= size || memchr(path + p, '/', len))
        return false;
    memcpy(param, path + p, len);
    param[len] = '\0';
    return true;
}

void hub_staff_api(struct hub_staff *st, const struct hub_staff_request *q, struct hub_reply *r)
{
    struct staff_call c = { .st = st, .req = q, .session = q->session, .now_ms = wk_wall_ms() };
    bool post = !strcmp(q->method, "POST");
    const char *p = q->path;
    char param[HUB_STAFF_NAME_MAX + 64];
    r->staff = true;
    if (post) {
        if (!same_site_post(q, r))
            return;
        c.body = cJSON_ParseWithLength(q->body, q->size);
        if (!cJSON_IsObject(c.body)) {
            cJSON_Delete(c.body);
            staff_error(r, 400, "the body is not a JSON object");
            return;
        }
    }
    if (post && !strcmp(p, "login")) {
        login(&c, r);
    } else if (post && !strcmp(p, "setup")) {
        setup(&c, r);
    } else if (!post && !strcmp(p, "session")) {
        if (authorize(&c, STAFF_ROLES_ALL, false, r))
            staff_reply(r, 200, session_json(&c.who));
    } else if (post && !strcmp(p, "logout")) {
        if (authorize(&c, STAFF_ROLES_ALL, true, r)) {
            audit(&c, "logged out", "");
            hub_sessions_end(st->sessions, c.session);
            staff_reply(r, 200, NULL);
            set_cookie(&c, r, "");
        }
    } else if (!post && !strcmp(p, "submissions")) {
        if (authorize(&c, HUB_ROLE_CASEWORKER, false, r))
            staff_inbox_list(&c, r);
    } else if (!post && !strcmp(p, "submissions.csv")) {
        if (authorize(&c, HUB_ROLE_CASEWORKER, false, r))
            staff_inbox_csv(&c, r);
    } else if (!post && !strcmp(p, "signups")) {
        if (authorize(&c, HUB_ROLE_CASEWORKER, false, r))
            staff_inbox_signups(&c, r);
    } else if (post && match(p, "submissions/", "/state", param, sizeof param)) {
        if (authorize(&c, HUB_ROLE_CASEWORKER, true, r))
            staff_inbox_state(&c, param, r);
    } else if (!post && match(p, "submissions/", "", param, sizeof param)) {
        if (authorize(&c, HUB_ROLE_CASEWORKER, false, r))
            staff_inbox_open(&c, param, r);
    } else if (!strcmp(p, "buddies")) {
        if (authorize(&c, HUB_ROLE_CASEWORKER, post, r))
            post ? staff_buddies_put(&c, r) : staff_buddies_list(&c, r);
    } else if (post && match(p, "buddies/", "/remove", param, sizeof param)) {
        if (authorize(&c, HUB_ROLE_CASEWORKER, true, r))
            staff_buddies_remove(&c, param, r);
    } else if (!post && !strcmp(p, "buddy-requests")) {
        if (authorize(&c, HUB_ROLE_CASEWORKER, false, r))
            staff_buddy_requests(&c, r);
    } else if (post && match(p, "buddy-requests/", "/match", param, sizeof param)) {
        if (authorize(&c, HUB_ROLE_CASEWORKER, true, r))
            staff_buddy_match(&c, param, r);
    } else if (!post && match(p, "buddy-requests/", "", param, sizeof param)) {
        if (authorize(&c, HUB_ROLE_CASEWORKER, false, r))
            staff_buddy_suggest(&c, param, r);
    } else if (!strcmp(p, "kiosks")) {
        if (authorize(&c, HUB_ROLE_ADMIN, post, r))
            post ? kiosk_enrol(&c, r) : kiosks(&c, r);
    } else if (post && match(p, "kiosks/", "/revoke", param, sizeof param)) {
        if (authorize(&c, HUB_ROLE_ADMIN, true, r))
            kiosk_revoke(&c, param, r);
    } else if (!post && !strcmp(p, "staff")) {
        if (authorize(&c, HUB_ROLE_ADMIN, false, r))
            people(&c, r);
    } else if (post && match(p, "staff/", "/revoke", param, sizeof param)) {
        if (authorize(&c, HUB_ROLE_ADMIN, true, r))
            person_revoke(&c, param, r);
    } else if (post && match(p, "staff/", "/reset", param, sizeof param)) {
        if (authorize(&c, HUB_ROLE_ADMIN, true, r))
            person_reset(&c, param, r);
    } else if (post && match(p, "staff/", "/grant", param, sizeof param)) {
        if (authorize(&c, HUB_ROLE_ADMIN, true, r))
            person_grant(&c, param, r);
    } else if (post && !strcmp(p, "password")) {
        if (authorize(&c, STAFF_ROLES_ALL, true, r))
            password_change(&c, r);
    } else if (!strncmp(p, "content", strlen("content")) && (!p[7] || p[7] == '/')) {
        if (authorize(&c, HUB_ROLE_EDITOR, post, r))
            staff_content(&c, post, p + strlen("content"), r);
    } else if (!strcmp(p, "volunteers")) {
        if (authorize(&c, STAFF_ROLES_VOLUNTEERS, post, r))
            post ? staff_volunteer_add(&c, r) : staff_volunteers_list(&c, r);
    } else if (!post && (!strcmp(p, "volunteers/hours") || !strcmp(p, "volunteers/hours.csv"))) {
        if (authorize(&c, STAFF_ROLES_VOLUNTEERS, false, r))
            staff_volunteer_hours(&c, !strcmp(p, "volunteers/hours.csv"), r);
    } else if (!post && !strcmp(p, "volunteers/here")) {
        if (authorize(&c, STAFF_ROLES_VOLUNTEERS, false, r))
            staff_volunteers_here(&c, r);
    } else if (post && match(p, "volunteers/", "/code", param, sizeof param)) {
        if (authorize(&c, STAFF_ROLES_VOLUNTEERS, true, r))
            staff_volunteer_code(&c, param, r);
    } else if (post && match(p, "volunteers/", "/deactivate", param, sizeof param)) {
        if (authorize(&c, STAFF_ROLES_VOLUNTEERS, true, r))
            staff_volunteer_deactivate(&c, param, r);
    } else if (post && !strcmp(p, "organisations")) {
        if (authorize(&c, STAFF_ROLES_VOLUNTEERS, true, r))
            staff_organisation_put(&c, r);
    } else if (!post && !strcmp(p, "audit")) {
        if (authorize(&c, HUB_ROLE_ADMIN, false, r))
            audit_log(&c, r);
    } else {
        staff_error(r, 404, "no such endpoint");
    }
    cJSON_Delete(c.body);
    sodium_memzero(&c.who, sizeof c.who);
}
