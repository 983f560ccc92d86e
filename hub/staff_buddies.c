/* staff_buddies.c — buddy matching in the console, a caseworker's work
 * (buddy.h): the roster of buddies (list, add, change, remove), the
 * open buddy requests, the buddies suggested for one request with the
 * reasons, and confirming a match.
 *
 * The roster is volunteers' personal data (first names, what they
 * offer): it stays in hub.db and only caseworkers, who match, read or
 * change it; the audit log names a buddy by id. A request's wish is in
 * its sealed answers: the suggestions open it with the session's hub key
 * (staff_inbox_opened), read the wish into memory, rank the roster
 * against it, and wipe it; the match stores the request's uuid, the
 * buddy's id, who and when. */
#include "staff_internal.h"
#include "buddy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How many suggestions a request shows: the best; the rest would not
 * be read. */
#define BUDDY_SUGGESTIONS_SHOWN 20

static cJSON *buddy_json(const struct hub_buddy *b)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddNumberToObject(o, "id", (double)b->id);
    cJSON_AddStringToObject(o, "first_name", b->first_name);
    cJSON_AddItemToObject(o, "languages", buddy_words_json(&b->languages));
    cJSON_AddItemToObject(o, "interests", buddy_words_json(&b->interests));
    cJSON_AddItemToObject(o, "availability", buddy_words_json(&b->availability));
    cJSON_AddStringToObject(o, "gender", b->gender);
    cJSON_AddStringToObject(o, "age", b->age);
    cJSON_AddNumberToObject(o, "capacity", b->capacity);
    cJSON_AddNumberToObject(o, "matches", b->matches);
    cJSON_AddBoolToObject(o, "full", b->matches >= b->capacity);
    return o;
}

static int roster_json(void *user, const struct hub_buddy *b)
{
    cJSON *o = buddy_json(b);
    if (!o || !cJSON_AddItemToArray(user, o)) {
        cJSON_Delete(o);
        return WK_ENOMEM;
    }
    return 0;
}

void staff_buddies_list(struct staff_call *c, struct hub_reply *r)
{
    char err[WK_ERR_MAX];
    cJSON *list = cJSON_CreateArray(), *o = cJSON_CreateObject();
    if (!list || !o || hub_buddy_each(c->st->store, roster_json, list, err)) {
        cJSON_Delete(list);
        cJSON_Delete(o);
        staff_error(r, 500, "cannot read the buddies");
        return;
    }
    cJSON_AddItemToObject(o, "buddies", list);
    staff_reply(r, 200, o);
}

/* A list of words from the body's key; false (with err) for anything
 * but an array of words. */
static bool body_words(const struct staff_call *c, const char *key, struct buddy_words *list, char err[WK_ERR_MAX])
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(c->body, key), *v;
    memset(list, 0, sizeof *list);
    if (!a)
        return true;
    if (!cJSON_IsArray(a)) {
        wk_seterr(err, "%s is a list", key);
        return false;
    }
    cJSON_ArrayForEach(v, a) {
        if (!cJSON_IsString(v) || buddy_words_add(list, v->valuestring)) {
            wk_seterr(err, "%s holds at most %d words of a-z, 0-9 and '-'", key, BUDDY_WORDS_MAX);
            return false;
        }
    }
    return true;
}

static bool body_word(const struct staff_call *c, const char *key, char out[BUDDY_WORD_MAX], char err[WK_ERR_MAX])
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->body, key);
    out[0] = '\0';
    if (!v || (cJSON_IsString(v) && !v->valuestring[0]))
        return true;
    if (!cJSON_IsString(v) || !buddy_word_ok(v->valuestring)) {
        wk_seterr(err, "%s is a word of a-z, 0-9 and '-'", key);
        return false;
    }
    snprintf(out, BUDDY_WORD_MAX, "%s", v->valuestring);
    return true;
}

void staff_buddies_put(struct staff_call *c, struct hub_reply *r)
{
    struct hub_buddy *b = wk_calloc(1, sizeof *b);
    char err[WK_ERR_MAX] = "";
    if (!b) {
        staff_error(r, 500, "out of memory");
        return;
    }
    const char *name = staff_body_string(c, "first_name");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(c->body, "id");
    const cJSON *capacity = cJSON_GetObjectItemCaseSensitive(c->body, "capacity");
    bool ok = true;
    if (id && (!cJSON_IsNumber(id) || id->valuedouble < 1 || id->valuedouble > 1e15)) {
        wk_seterr(err, "id is a buddy's number");
        ok = false;
    } else if (!name || strlen(name) > HUB_BUDDY_NAME_MAX) {
        wk_seterr(err, "a buddy has a first name (at most %d bytes)", HUB_BUDDY_NAME_MAX);
        ok = false;
    } else if (capacity && (!cJSON_IsNumber(capacity) || capacity->valuedouble != (int)capacity->valuedouble)) {
        wk_seterr(err, "capacity is a whole number");
        ok = false;
    }
    ok = ok && body_words(c, "languages", &b->languages, err) && body_words(c, "interests", &b->interests, err) &&
         body_words(c, "availability", &b->availability, err) && body_word(c, "gender", b->gender, err) &&
         body_word(c, "age", b->age, err);
    int rc = WK_EINVAL;
    if (ok) {
        b->id = id ? (int64_t)id->valuedouble : 0;
        snprintf(b->first_name, sizeof b->first_name, "%s", name);
        b->capacity = capacity ? (int)capacity->valuedouble : 1;
        rc = hub_buddy_put(c->st->store, b, c->now_ms, err);
    }
    if (rc) {
        staff_error(r, rc == WK_EINVAL ? 400 : rc == WK_ENOTFOUND ? 404 : 500,
                    rc == WK_EINVAL || rc == WK_ENOTFOUND ? err : "cannot store the buddy");
    } else {
        char target[32];
        snprintf(target, sizeof target, "%lld", (long long)b->id);
        staff_audit(c, id ? "changed buddy" : "added buddy", target);
        cJSON *o = cJSON_CreateObject();
        if (o)
            cJSON_AddNumberToObject(o, "id", (double)b->id);
        staff_reply(r, id ? 200 : 201, o);
    }
    free(b);
}

/* A buddy's id in a path: digits only. */
static bool path_id(const char *text, int64_t *id)
{
    char *end = NULL;
    long long v = strtoll(text, &end, 10);
    if (!text[0] || *end || text[0] < '0' || text[0] > '9' || v < 1)
        return false;
    *id = v;
    return true;
}

void staff_buddies_remove(struct staff_call *c, const char *text, struct hub_reply *r)
{
    int64_t id = 0;
    char err[WK_ERR_MAX];
    int rc = path_id(text, &id) ? hub_buddy_remove(c->st->store, id, c->now_ms, err) : WK_ENOTFOUND;
    if (rc) {
        staff_error(r, rc == WK_ENOTFOUND ? 404 : 500, rc == WK_ENOTFOUND ? "no such buddy" : "cannot remove the buddy");
        return;
    }
    staff_audit(c, "removed buddy", text);
    staff_reply(r, 200, NULL);
}

static int request_json(void *user, const struct hub_buddy_request *q)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(user, o)) {
        cJSON_Delete(o);
        return WK_ENOMEM;
    }
    cJSON_AddStringToObject(o, "uuid", q->uuid);
    cJSON_AddStringToObject(o, "kiosk", q->kiosk);
    cJSON_AddStringToObject(o, "ref", q->ref);
    cJSON_AddNumberToObject(o, "received_at", (double)q->received_at_ms);
    return 0;
}

void staff_buddy_requests(struct staff_call *c, struct hub_reply *r)
{
    char err[WK_ERR_MAX];
    cJSON *list = cJSON_CreateArray(), *o = cJSON_CreateObject();
    if (!list || !o || hub_buddy_requests_each(c->st->store, request_json, list, err)) {
        cJSON_Delete(list);
        cJSON_Delete(o);
        staff_error(r, 500, "cannot read the buddy requests");
        return;
    }
    cJSON_AddItemToObject(o, "requests", list);
    cJSON_AddBoolToObject(o, "can_open", c->who.keys[HUB_KEY_HUB]);
    staff_reply(r, 200, o);
}

/* --- suggestions ------------------------------------------------------------------- */

struct ranked { struct hub_buddy buddy; struct buddy_fit fit; };
struct ranking {
    const struct buddy_wish *wish;
    struct ranked *list;
    size_t count, full;
};

static int rank_one(void *user, const struct hub_buddy *b)
{
    struct ranking *k = user;
    if (k->count >= HUB_BUDDIES_MAX)
        return 0;
    struct ranked *x = &k->list[k->count];
    buddy_fit(k->wish, b, &x->fit);
    if (x->fit.full) {
        k->full++;
        return 0;
    }
    x->buddy = *b;
    k->count++;
    return 0;
}

static int by_score(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (x->fit.score != y->fit.score)
        return x->fit.score > y->fit.score ? -1 : 1;
    return x->buddy.id < y->buddy.id ? -1 : x->buddy.id > y->buddy.id;
}

static cJSON *wish_json(const struct buddy_wish *w)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddItemToObject(o, "languages", buddy_words_json(&w->languages));
    cJSON_AddItemToObject(o, "interests", buddy_words_json(&w->interests));
    cJSON_AddItemToObject(o, "availability", buddy_words_json(&w->availability));
    cJSON_AddStringToObject(o, "gender", w->gender);
    cJSON_AddStringToObject(o, "age", w->age);
    return o;
}

void staff_buddy_suggest(struct staff_call *c, const char *uuid, struct hub_reply *r)
{
    cJSON *opened = staff_inbox_opened(c, uuid, r);
    if (!opened)
        return;
    const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(opened, "kind"));
    if (!kind || strcmp(kind, "buddy")) {
        cJSON_Delete(opened);
        staff_error(r, 404, "no such buddy request");
        return;
    }
    /* The wish lives here, in memory, until the ranking is done. */
    struct buddy_wish *wish = sodium_malloc(sizeof *wish);
    struct ranking k = { .wish = wish, .list = wk_calloc(HUB_BUDDIES_MAX, sizeof *k.list) };
    char err[WK_ERR_MAX];
    cJSON *out = cJSON_CreateObject(), *list = cJSON_CreateArray();
    int rc = wish && k.list && out && list ? 0 : WK_ENOMEM;
    if (rc == 0) {
        buddy_wish_from_answers(wish, cJSON_GetObjectItemCaseSensitive(opened, "answers"));
        rc = hub_buddy_each(c->st->store, rank_one, &k, err);
    }
    if (rc == 0) {
        qsort(k.list, k.count, sizeof *k.list, by_score);
        for (size_t i = 0; i < WK_MIN(k.count, (size_t)BUDDY_SUGGESTIONS_SHOWN); i++) {
            cJSON *o = buddy_json(&k.list[i].buddy);
            if (!o || !cJSON_AddItemToArray(list, o)) {
                cJSON_Delete(o);
                continue;
            }
            cJSON_AddNumberToObject(o, "score", k.list[i].fit.score);
            cJSON_AddItemToObject(o, "reasons", buddy_fit_json(&k.list[i].fit, &k.list[i].buddy));
        }
        static const char *const copied[] = { "uuid", "ref", "kiosk", "received_at" };
        for (size_t i = 0; i < WK_ARRAY_LEN(copied); i++) {
            cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(opened, copied[i]);
            if (v)
                cJSON_AddItemToObject(out, copied[i], v);
        }
        cJSON_AddItemToObject(out, "wish", wish_json(wish));
        cJSON_AddItemToObject(out, "suggestions", list);
        cJSON_AddNumberToObject(out, "full", (double)k.full);
        list = NULL;
        staff_reply(r, 200, out);
        out = NULL;
    } else {
        staff_error(r, 500, rc == WK_ENOMEM ? "out of memory" : "cannot read the buddies");
    }
    if (wish)
        sodium_free(wish);                      /* wiped */
    if (k.list) {
        sodium_memzero(k.list, HUB_BUDDIES_MAX * sizeof *k.list);
        free(k.list);
    }
    cJSON_Delete(list);
    cJSON_Delete(out);
    cJSON_Delete(opened);
}

void staff_buddy_match(struct staff_call *c, const char *uuid, struct hub_reply *r)
{
    const cJSON *buddy = cJSON_GetObjectItemCaseSensitive(c->body, "buddy");
    char err[WK_ERR_MAX];
    if (!wk_uuid_ok(uuid)) {
        staff_error(r, 404, "no such buddy request");
        return;
    }
    if (!cJSON_IsNumber(buddy) || buddy->valuedouble < 1 || buddy->valuedouble > 1e15) {
        staff_error(r, 400, "buddy is a buddy's number");
        return;
    }
    int64_t id = (int64_t)buddy->valuedouble;
    int rc = hub_buddy_match(c->st->store, uuid, id, c->who.name, c->now_ms, err);
    if (rc) {
        staff_error(r, rc == WK_EINVAL ? 409 : rc == WK_ENOTFOUND ? 404 : 500,
                    rc == WK_EINVAL || rc == WK_ENOTFOUND ? err : "cannot record the match");
        return;
    }
    char target[HUB_AUDIT_TARGET_MAX];
    snprintf(target, sizeof target, "%s with buddy %lld", uuid, (long long)id);
    staff_audit(c, "matched", target);
    staff_reply(r, 200, NULL);
}
