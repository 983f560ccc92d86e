/* api.c — the endpoints of docs/protocol.md behind the HTTP front: what a
 * kiosk sends is checked field by field (a 400 names the field, so staff
 * reading a rejected row on the kiosk know what was wrong), then stored,
 * and answered with the status the kiosk acts on. The hub never opens a
 * payload here: it only checks that it is base64 of something the size
 * of a sealed box. Nothing personal is logged (no payload, no reference
 * code). */
#include "hub.h"
#include "../app/core/utf8.h"
#include "text.h"
#include "../app/outbox/outbox.h"       /* the kiosk's limits; the ids are app/core/ids.h */

#include <cjson/cJSON.h>
#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A sealed box of an empty message is crypto_box_SEALBYTES long; the
 * kiosk seals at most OUTBOX_MAX_PAYLOAD bytes in all. */
#define HUB_MIN_PAYLOAD crypto_box_SEALBYTES
#define HUB_MAX_PAYLOAD OUTBOX_MAX_PAYLOAD
#define HUB_MAX_PAYLOAD_B64 (sodium_base64_ENCODED_LEN(HUB_MAX_PAYLOAD, sodium_base64_VARIANT_ORIGINAL) - 1)
/* Integers in JSON are doubles; past 2^53 they are no longer exact. */
#define HUB_MAX_JSON_INT 9007199254740992.0

/* --- replies ---------------------------------------------------------------- */

static void reply_json(struct hub_reply *r, unsigned status, const char *key, const char *value)
{
    cJSON *o = cJSON_CreateObject();
    r->status = status;
    r->json = NULL;
    if (o && cJSON_AddStringToObject(o, key, value))
        r->json = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!r->json)   /* out of memory: the status alone still tells the kiosk */
        wk_log(WK_LOG_ERROR, "hub: out of memory for a %u answer", status);
}

void hub_reply_error(struct hub_reply *r, unsigned status, const char *message)
{
    reply_json(r, status, "error", message);
}

void hub_reply_free(struct hub_reply *r)
{
    if (!r)
        return;
    cJSON_free(r->json);
    r->json = NULL;
    if (r->file)
        close(r->fd);
    r->file = false;
}

/* --- checking fields -------------------------------------------------------- */

/* A whole number from 0 to 2^53, into *out. */
static bool count_ok(const cJSON *v, int64_t *out)
{
    if (!cJSON_IsNumber(v))
        return false;
    double d = v->valuedouble;
    if (!isfinite(d) || d < 0 || d > HUB_MAX_JSON_INT || d != floor(d))
        return false;
    *out = (int64_t)d;
    return true;
}

static const char *string_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The body as a JSON object, or NULL with r set to the 400. body has a
 * NUL after its size bytes; one inside them is not JSON. */
static cJSON *parse_object(const char *body, size_t size, struct hub_reply *r)
{
    cJSON *o = NULL;
    if (!memchr(body, '\0', size))
        o = cJSON_ParseWithLengthOpts(body, size + 1, NULL, 1);
    if (!cJSON_IsObject(o)) {
        cJSON_Delete(o);
        hub_reply_error(r, 400, "the body is not a JSON object");
        return NULL;
    }
    return o;
}

/* --- POST /v1/submissions ------------------------------------------------- */

/* Decodes the payload into *out (malloc'ed); a message if it is not
 * base64 of HUB_MIN_PAYLOAD to HUB_MAX_PAYLOAD bytes. */
static const char *decode_payload(const char *b64, unsigned char **out, size_t *size)
{
    *out = NULL;
    if (!b64)
        return "payload is missing or not a string";
    size_t len = strlen(b64);
    if (len > HUB_MAX_PAYLOAD_B64)
        return "payload is larger than a sealed submission may be (64 KiB)";
    unsigned char *bin = wk_malloc(HUB_MAX_PAYLOAD);
    if (!bin)
        return "out of memory";
    if (sodium_base642bin(bin, HUB_MAX_PAYLOAD, b64, len, NULL, size, NULL, sodium_base64_VARIANT_ORIGINAL)) {
        free(bin);
        return "payload is not base64";
    }
    if (*size < HUB_MIN_PAYLOAD) {
        free(bin);
        return "payload is too short to be a sealed box";
    }
    *out = bin;
    return NULL;
}

void hub_api_submission(struct hub_store *store, const struct hub_kiosk *k, const char *idempotency_key,
                        const char *body, size_t size, struct hub_reply *r)
{
    unsigned char *payload = NULL;
    size_t payload_size = 0;
    cJSON *o = parse_object(body, size, r);
    if (!o)
        return;
    const char *uuid = string_of(o, "uuid"), *kind = string_of(o, "kind"), *ref = string_of(o, "ref");
    const cJSON *created = cJSON_GetObjectItemCaseSensitive(o, "created_at");
    const cJSON *keep = cJSON_GetObjectItemCaseSensitive(o, "keep_days");
    int64_t created_at = 0, keep_days = 0;
    const char *problem = NULL;
    char kind_problem[WK_ERR_MAX];
    if (!wk_uuid_ok(uuid))
        problem = "uuid is missing or not a lowercase version 4 uuid";
    else if (!idempotency_key || strcmp(idempotency_key, uuid) != 0)
        problem = "the Idempotency-Key header is missing or differs from the uuid";
    else if (!wk_submission_kind_ok(kind)) {
        snprintf(kind_problem, sizeof kind_problem, "kind is not one of %s", wk_submission_kind_list());
        problem = kind_problem;
    }
    else if (!wk_ref_ok(ref))
        problem = "ref is not a reference code such as K7Q-XM4";
    else if (!count_ok(created, &created_at))
        problem = "created_at is not a time in milliseconds";
    else if (keep && (!count_ok(keep, &keep_days) || keep_days < 1 || keep_days > WK_MAX_KEEP_DAYS))
        problem = "keep_days is not a whole number of days from 1 to 3650";
    else
        problem = decode_payload(string_of(o, "payload"), &payload, &payload_size);
    if (problem) {
        hub_reply_error(r, 400, problem);
        goto out;
    }
    char err[WK_ERR_MAX];
    enum hub_put_result result;
    struct hub_submission sub = { .uuid = uuid, .kind = kind, .ref = ref, .created_at_ms = created_at,
                                  .payload = payload, .payload_size = payload_size,
                                  .keep_days = (int)keep_days };
    if (hub_store_submission_put(store, k->id, &sub, wk_wall_ms(), &result, err)) {
        wk_log(WK_LOG_ERROR, "hub: kiosk %s: %s", k->name, err);
        hub_reply_error(r, 500, "the hub cannot store submissions now; try again later");
    } else if (result == HUB_PUT_NEW) {
        wk_log(WK_LOG_INFO, "hub: kiosk %s: stored a %s (%zu sealed bytes)", k->name, kind, payload_size);
        reply_json(r, 201, "stored", "new");
    } else if (result == HUB_PUT_ALREADY) {
        reply_json(r, 200, "stored", "already");
    } else {
        /* Another kiosk's uuid: a copied state.db or a kiosk probing.
         * Say no more than that. */
        wk_log(WK_LOG_WARN, "hub: kiosk %s sent a uuid another kiosk sent before", k->name);
        hub_reply_error(r, 409, "this uuid was stored from another kiosk");
    }
out:
    free(payload);
    cJSON_Delete(o);
}

/* --- POST /v1/heartbeat ------------------------------------------------------ */

/* printable ASCII, such as "0.1.0" or "0.2.0-rc1+pi5" */
static bool firmware_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > HUB_FIRMWARE_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < 0x20 || s[i] > 0x7e)
            return false;
    return true;
}

void hub_api_heartbeat(struct hub_store *store, const struct hub_kiosk *k, const char *body, size_t size,
                       struct hub_reply *r)
{
    cJSON *o = parse_object(body, size, r);
    if (!o)
        return;
    struct hub_heartbeat hb = { 0 };
    const char *firmware = string_of(o, "firmware"), *last_error = string_of(o, "last_error");
    const char *problem = NULL;
    if (!firmware_ok(firmware))
        problem = "firmware is missing, too long or not printable";
    else if (!count_ok(cJSON_GetObjectItemCaseSensitive(o, "content_version"), &hb.content_version))
        problem = "content_version is not a whole number";
    else if (!count_ok(cJSON_GetObjectItemCaseSensitive(o, "queued"), &hb.queued))
        problem = "queued is not a whole number";
    else if (!count_ok(cJSON_GetObjectItemCaseSensitive(o, "oldest_queued_age_s"), &hb.oldest_queued_age_s))
        problem = "oldest_queued_age_s is not a whole number";
    else if (!count_ok(cJSON_GetObjectItemCaseSensitive(o, "uptime_s"), &hb.uptime_s))
        problem = "uptime_s is not a whole number";
    else if (!last_error)
        problem = "last_error is missing or not a string";
    if (problem) {
        hub_reply_error(r, 400, problem);
        goto out;
    }
    snprintf(hb.firmware, sizeof hb.firmware, "%s", firmware);
    hub_text_clean(hb.last_error, sizeof hb.last_error, last_error);
    char err[WK_ERR_MAX];
    if (hub_store_heartbeat_put(store, k->id, &hb, wk_wall_ms(), err)) {
        wk_log(WK_LOG_ERROR, "hub: kiosk %s: %s", k->name, err);
        hub_reply_error(r, 500, "the hub cannot store heartbeats now");
        goto out;
    }
    wk_log(WK_LOG_DEBUG, "hub: kiosk %s: heartbeat, %lld queued", k->name, (long long)hb.queued);
    *r = (struct hub_reply){ .status = 204 };
out:
    cJSON_Delete(o);
}
