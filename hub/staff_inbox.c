/* staff_inbox.c — the caseworker's endpoints of the console: the inbox
 * (submissions by kind, kiosk, state and reference code: what the hub
 * knows without opening them), one submission opened, its state set, the
 * CSV export, and the sign-up list of each activity session.
 *
 * Opening needs the hub's secret key, which only a session holds, in
 * locked memory, unwrapped from its person's slot at login
 * (staff_session.c). What opens lives in memory only: it goes into the
 * answer, whose buffer is wiped once sent (http.c), and cJSON's buffers
 * are wiped when freed (json_wipe). Nothing of it is stored or logged;
 * the audit log says who opened which uuid. Locks: the session's (around
 * the key) is taken before the store's, never after it. */
#include "staff_internal.h"
#include "export.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INBOX_PAGE_SIZE 50
#define INBOX_PAGE_MAX 100000
/* The sign-up list holds at most this many sessions (activity and day). */
#define SIGNUP_SESSIONS_MAX 2000
#define SIGNUP_ID_MAX 64

void staff_audit(const struct staff_call *c, const char *action, const char *target)
{
    char err[WK_ERR_MAX];
    if (hub_staff_audit(c->st->store, c->who.name, action, target, c->now_ms, err))
        wk_log(WK_LOG_ERROR, "hub: %s", err);
}

/* "k7q xm4", "K7QXM4", "k7q-xm4" as the code "K7Q-XM4" into out. */
static bool normal_ref(const char *in, char out[WK_REF_BYTES])
{
    size_t n = 0;
    for (const char *p = in; *p && n < WK_REF_BYTES; p++) {
        if (*p == '-' || *p == ' ')
            continue;
        if (n == 3)
            out[n++] = '-';
        if (n < WK_REF_BYTES - 1)
            out[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
        else
            return false;
    }
    out[WK_MIN(n, (size_t)WK_REF_BYTES - 1)] = '\0';
    return wk_ref_ok(out);
}

/* The query's filter, checked; false with r the 400. */
static bool read_filter(const struct staff_call *c, struct hub_inbox_filter *f, char ref[WK_REF_BYTES],
                        struct hub_reply *r)
{
    const struct hub_staff_request *q = c->req;
    *f = (struct hub_inbox_filter){ .limit = INBOX_PAGE_SIZE };
    const char *v;
    if ((v = q->arg(q->ctx, "kind")) && v[0]) {
        if (wk_kind_parse(v) < 0)
            return staff_error(r, 400, "kind is signup, buddy, volunteer or message"), false;
        f->kind = v;
    }
    if ((v = q->arg(q->ctx, "state")) && v[0]) {
        if (!hub_state_ok(v))
            return staff_error(r, 400, "state is new, in_hand or done"), false;
        f->state = v;
    }
    if ((v = q->arg(q->ctx, "kiosk")) && v[0]) {
        if (!wk_name_ok(v, HUB_KIOSK_NAME_MAX))
            return staff_error(r, 400, "no kiosk has this name"), false;
        f->kiosk = v;
    }
    if ((v = q->arg(q->ctx, "ref")) && v[0]) {
        if (!normal_ref(v, ref))
            return staff_error(r, 400, "a reference code is 3 letters or digits, a dash, 3 more (K7Q-XM4)"), false;
        f->ref = ref;
    }
    int page = 1;
    if ((v = q->arg(q->ctx, "page")) && v[0] && wk_parse_int(v, 1, INBOX_PAGE_MAX, &page))
        return staff_error(r, 400, "page is a number from 1"), false;
    f->offset = (page - 1) * INBOX_PAGE_SIZE;
    return true;
}

static int row_json(void *user, const struct hub_inbox_row *row)
{
    cJSON *o = staff_array_push(user);
    if (!o)
        return WK_ENOMEM;
    cJSON_AddStringToObject(o, "uuid", row->uuid);
    cJSON_AddStringToObject(o, "kiosk", row->kiosk);
    cJSON_AddStringToObject(o, "kind", row->kind);
    cJSON_AddStringToObject(o, "ref", row->ref);
    cJSON_AddStringToObject(o, "state", row->state);
    cJSON_AddNumberToObject(o, "created_at", (double)row->created_at_ms);
    cJSON_AddNumberToObject(o, "received_at", (double)row->received_at_ms);
    cJSON_AddNumberToObject(o, "updated_at", (double)row->updated_at_ms);
    cJSON_AddStringToObject(o, "updated_by", row->updated_by);
    return 0;
}

void staff_inbox_list(struct staff_call *c, struct hub_reply *r)
{
    struct hub_inbox_filter f;
    char ref[WK_REF_BYTES], err[WK_ERR_MAX];
    if (!read_filter(c, &f, ref, r))
        return;
    int64_t total = 0;
    cJSON *list = cJSON_CreateArray(), *o = cJSON_CreateObject();
    if (!list || !o || hub_staff_inbox_each(c->st->store, &f, row_json, list, &total, err)) {
        cJSON_Delete(list);
        cJSON_Delete(o);
        staff_error(r, 500, "cannot read the inbox");
        return;
    }
    cJSON_AddItemToObject(o, "submissions", list);
    cJSON_AddNumberToObject(o, "total", (double)total);
    cJSON_AddNumberToObject(o, "page_size", INBOX_PAGE_SIZE);
    cJSON_AddBoolToObject(o, "can_open", c->who.keys[HUB_KEY_HUB]);
    staff_reply(r, 200, o);
}

/* --- opening with the session's key -------------------------------------------- */

struct opening {
    struct staff_call *c;
    const char *uuid;
    unsigned char pk[crypto_box_PUBLICKEYBYTES];
    const unsigned char *sk;
    int (*each)(struct opening *o, const struct hub_stored_submission *row);
    cJSON *out;                                 /* the one opened (staff_inbox_open) */
    struct export_writer w;                     /* the CSV export */
    struct signup *signups;
    size_t signup_count;
    int failures;
    char err[WK_ERR_MAX];
};

static int on_row(void *user, const struct hub_stored_submission *row)
{
    struct opening *o = user;
    return o->each(o, row);
}

/* Runs with the key readable: the walk or the lookup, under the store's
 * lock. */
static int with_key(void *user, const unsigned char *sk)
{
    struct opening *o = user;
    o->sk = sk;
    crypto_scalarmult_base(o->pk, sk);
    int rc = o->uuid ? hub_staff_submission_get(o->c->st->store, o->uuid, on_row, o, o->err)
                     : hub_store_submissions_each(o->c->st->store, &(struct hub_submission_filter){
                           .kind = o->signups ? "signup" : NULL }, on_row, o, o->err);
    o->sk = NULL;
    sodium_memzero(o->pk, sizeof o->pk);
    return rc;
}

/* with_key with the session's hub key; false with r the refusal. */
static bool open_with_session_key(struct staff_call *c, struct opening *o, struct hub_reply *r)
{
    if (!staff_has_hub_key(c, r))
        return false;
    int rc = hub_sessions_use_key(c->st->sessions, c->session, HUB_KEY_HUB, with_key, o);
    if (rc == WK_ENOTFOUND && o->uuid && o->err[0]) {
        staff_error(r, 404, "no such submission");
        return false;
    }
    if (rc) {
        if (o->err[0])
            wk_log(WK_LOG_ERROR, "hub: %s", o->err);
        staff_error(r, 500, "cannot open the submissions now");
        return false;
    }
    return true;
}

static int open_one(struct opening *o, const struct hub_stored_submission *row)
{
    struct export_record rec;
    cJSON *json = NULL;
    enum export_opened opened;
    if (export_open(o->pk, o->sk, row, &rec, &json, &opened))
        return WK_ENOMEM;
    cJSON *out = cJSON_CreateObject();
    if (out) {
        cJSON_AddStringToObject(out, "uuid", rec.uuid);
        cJSON_AddStringToObject(out, "kiosk", rec.kiosk);
        cJSON_AddStringToObject(out, "kind", rec.kind);
        cJSON_AddStringToObject(out, "ref", rec.ref);
        cJSON_AddNumberToObject(out, "created_at", (double)rec.created_at_ms);
        cJSON_AddNumberToObject(out, "received_at", (double)rec.received_at_ms);
        if (row->delete_at_ms)          /* when the hub deletes it: its form's keep_days */
            cJSON_AddNumberToObject(out, "delete_at", (double)row->delete_at_ms);
        cJSON_AddStringToObject(out, "error", rec.error);
        static const char *const copied[] = { "form", "lang", "content_version", "activity", "day", "answers" };
        for (size_t i = 0; json && i < WK_ARRAY_LEN(copied); i++) {
            cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(json, copied[i]);
            if (v)
                cJSON_AddItemToObject(out, copied[i], v);
        }
    }
    cJSON_Delete(json);
    export_record_free(&rec);
    o->out = out;
    return out ? 0 : WK_ENOMEM;
}

cJSON *staff_inbox_opened(struct staff_call *c, const char *uuid, struct hub_reply *r)
{
    if (!wk_uuid_ok(uuid)) {
        staff_error(r, 404, "no such submission");
        return NULL;
    }
    struct opening o = { .c = c, .uuid = uuid, .each = open_one };
    if (!open_with_session_key(c, &o, r))
        return NULL;
    staff_audit(c, "opened", uuid);
    return o.out;
}

void staff_inbox_open(struct staff_call *c, const char *uuid, struct hub_reply *r)
{
    cJSON *out = staff_inbox_opened(c, uuid, r);
    if (out)
        staff_reply(r, 200, out);
}

void staff_inbox_state(struct staff_call *c, const char *uuid, struct hub_reply *r)
{
    const char *state = staff_body_string(c, "state");
    char err[WK_ERR_MAX];
    if (!wk_uuid_ok(uuid)) {
        staff_error(r, 404, "no such submission");
        return;
    }
    int rc = hub_staff_submission_state(c->st->store, uuid, state, c->who.name, c->now_ms, err);
    if (rc) {
        staff_error(r, rc == WK_EINVAL ? 400 : rc == WK_ENOTFOUND ? 404 : 500,
                    rc == WK_EINVAL ? err : rc == WK_ENOTFOUND ? "no such submission" : "cannot change the state");
        return;
    }
    char target[HUB_AUDIT_TARGET_MAX];
    snprintf(target, sizeof target, "%s %s", uuid, state);
    staff_audit(c, "set the state of", target);
    staff_reply(r, 200, NULL);
}

/* --- the CSV export ------------------------------------------------------------------ */

static int export_one(struct opening *o, const struct hub_stored_submission *row)
{
    struct export_record rec;
    cJSON *json = NULL;
    enum export_opened opened;
    if (export_open(o->pk, o->sk, row, &rec, &json, &opened))
        return WK_ENOMEM;
    o->failures += opened != EXPORT_OPENED;
    int rc = export_add(&o->w, &rec, json);
    cJSON_Delete(json);
    export_record_free(&rec);
    return rc;
}

void staff_inbox_csv(struct staff_call *c, struct hub_reply *r)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    struct opening o = { .c = c, .each = export_one, .w = { .format = EXPORT_CSV, .out = out } };
    bool ok = out != NULL;
    if (ok) {
        export_begin(&o.w);
        ok = open_with_session_key(c, &o, r);
        if (ok)
            export_end(&o.w);
        ok = fclose(out) == 0 && ok && !o.w.failed;
    } else {
        staff_error(r, 500, "out of memory");
    }
    export_writer_free(&o.w);
    if (!ok && text)
        export_free_wiped(text, size);
    if (!ok || !staff_reply_csv(r, ok ? text : NULL, size, "attachment; filename=\"submissions.csv\"")) {
        if (ok)
            staff_error(r, 500, "out of memory");
        else if (!r->status)
            staff_error(r, 500, "the export could not be written whole");
        return;
    }
    char target[64];
    snprintf(target, sizeof target, "%d submissions%s", o.w.rows, o.failures ? ", some not opened" : "");
    staff_audit(c, "exported", target);
}

/* --- the sign-up list ------------------------------------------------------------------ */

struct signup {
    char activity[SIGNUP_ID_MAX], day[16];
    int taken, count;
    cJSON *refs;            /* [{uuid, ref}] */
};

/* How many places a sign-up takes: its first number answer, at least 1,
 * as the kiosk counts them (app/kiosk/submit.c, submit_places). */
static int places_of(const cJSON *answers)
{
    const cJSON *a;
    cJSON_ArrayForEach(a, answers)
        if (cJSON_IsNumber(a))
            return WK_MAX((int)a->valuedouble, 1);
    return 1;
}

static int signup_one(struct opening *o, const struct hub_stored_submission *row)
{
    struct export_record rec;
    cJSON *json = NULL;
    enum export_opened opened;
    if (export_open(o->pk, o->sk, row, &rec, &json, &opened))
        return WK_ENOMEM;
    const cJSON *activity = cJSON_GetObjectItemCaseSensitive(json, "activity");
    const cJSON *day = cJSON_GetObjectItemCaseSensitive(json, "day");
    int rc = 0;
    if (cJSON_IsString(activity) && cJSON_IsString(day) && strlen(activity->valuestring) < SIGNUP_ID_MAX &&
        strlen(day->valuestring) < 16) {
        struct signup *s = NULL;
        for (size_t i = 0; i < o->signup_count && !s; i++)
            if (!strcmp(o->signups[i].activity, activity->valuestring) && !strcmp(o->signups[i].day, day->valuestring))
                s = &o->signups[i];
        if (!s && o->signup_count < SIGNUP_SESSIONS_MAX) {
            s = &o->signups[o->signup_count++];
            snprintf(s->activity, sizeof s->activity, "%s", activity->valuestring);
            snprintf(s->day, sizeof s->day, "%s", day->valuestring);
            s->refs = cJSON_CreateArray();
        }
        cJSON *who = cJSON_CreateObject();
        if (s && who && s->refs) {
            s->taken += places_of(cJSON_GetObjectItemCaseSensitive(json, "answers"));
            s->count++;
            cJSON_AddStringToObject(who, "uuid", rec.uuid);
            cJSON_AddStringToObject(who, "ref", rec.ref);
            cJSON_AddItemToArray(s->refs, who);
        } else {
            cJSON_Delete(who);
            rc = s ? WK_ENOMEM : 0;
        }
    }
    cJSON_Delete(json);
    export_record_free(&rec);
    return rc;
}

/* Each activity's capacity and title (in lang, else English, else its
 * id) from the newest published bundle: what the kiosks show. */
static void add_capacities(struct hub_store *store, cJSON *list, const char *lang)
{
    struct hub_bundle b;
    char err[WK_ERR_MAX];
    sqlite3 *db = NULL;
    if (hub_store_bundle_latest(store, &b, err) ||
        sqlite3_open_v2(b.path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT a.capacity, coalesce((SELECT value FROM texts WHERE item = 'activity:' || a.id"
                               " AND field = 'title' AND lang = ?2), (SELECT value FROM texts WHERE"
                               " item = 'activity:' || a.id AND field = 'title' AND lang = 'en'), a.id)"
                               " FROM activities a WHERE a.id = ?1", -1, &st, NULL) == SQLITE_OK) {
        cJSON *s;
        cJSON_ArrayForEach(s, list) {
            const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(s, "activity"));
            sqlite3_reset(st);
            sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
            if (sqlite3_step(st) != SQLITE_ROW)
                continue;
            const unsigned char *title = sqlite3_column_text(st, 1);
            if (title)
                cJSON_ReplaceItemInObjectCaseSensitive(s, "title", cJSON_CreateString((const char *)title));
            if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
                int capacity = sqlite3_column_int(st, 0);
                int taken = (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(s, "taken"));
                cJSON_ReplaceItemInObjectCaseSensitive(s, "capacity", cJSON_CreateNumber(capacity));
                cJSON_ReplaceItemInObjectCaseSensitive(s, "left", cJSON_CreateNumber(WK_MAX(capacity - taken, 0)));
            }
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static int by_day(const void *a, const void *b)
{
    const struct signup *x = a, *y = b;
    int d = strcmp(x->day, y->day);
    return d ? d : strcmp(x->activity, y->activity);
}

void staff_inbox_signups(struct staff_call *c, struct hub_reply *r)
{
    struct opening o = { .c = c, .each = signup_one, .signups = wk_calloc(SIGNUP_SESSIONS_MAX, sizeof(struct signup)) };
    if (!o.signups) {
        staff_error(r, 500, "out of memory");
        return;
    }
    cJSON *list = cJSON_CreateArray(), *out = cJSON_CreateObject();
    if (list && out && open_with_session_key(c, &o, r)) {
        qsort(o.signups, o.signup_count, sizeof *o.signups, by_day);
        for (size_t i = 0; i < o.signup_count; i++) {
            struct signup *s = &o.signups[i];
            cJSON *item = cJSON_CreateObject();
            if (!item || !cJSON_AddItemToArray(list, item)) {
                cJSON_Delete(item);
                continue;
            }
            cJSON_AddStringToObject(item, "activity", s->activity);
            cJSON_AddStringToObject(item, "title", s->activity);
            cJSON_AddStringToObject(item, "day", s->day);
            cJSON_AddNumberToObject(item, "signups", s->count);
            cJSON_AddNumberToObject(item, "taken", s->taken);
            cJSON_AddNullToObject(item, "capacity");
            cJSON_AddNullToObject(item, "left");
            cJSON_AddItemToObject(item, "people", s->refs);
            s->refs = NULL;
        }
        const char *lang = c->req->arg(c->req->ctx, "lang");
        add_capacities(c->st->store, list, lang && strlen(lang) < 8 ? lang : "en");
        cJSON_AddItemToObject(out, "sessions", list);
        list = NULL;
        staff_audit(c, "opened the sign-up lists", "");
        staff_reply(r, 200, out);
        out = NULL;
    } else if (!r->status) {
        staff_error(r, 500, "out of memory");
    }
    for (size_t i = 0; i < o.signup_count; i++)
        cJSON_Delete(o.signups[i].refs);
    free(o.signups);
    cJSON_Delete(list);
    cJSON_Delete(out);
}
