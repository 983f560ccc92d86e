/* deliver.c — the two things a kiosk posts to the hub: one queued
 * submission (the sealed bytes as they are, with their uuid as the
 * idempotency key, so a retry after a lost answer is stored once) and a
 * heartbeat; and what each answer of docs/protocol.md means for the row.
 * Nothing here can read a submission: it only ever holds sealed bytes. */
#include "sync_internal.h"

#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* The hub's {"error": "..."}, or the status alone. */
static void hub_reason(const struct sync_answer *a, char reason[OUTBOX_ERROR_BYTES])
{
    cJSON *o = cJSON_Parse(a->body);
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "error");
    if (cJSON_IsString(e))
        snprintf(reason, OUTBOX_ERROR_BYTES, "hub answered %ld: %s", a->status, e->valuestring);
    else
        snprintf(reason, OUTBOX_ERROR_BYTES, "hub answered %ld", a->status);
    cJSON_Delete(o);
}

enum sync_outcome sync_outcome_of(const struct sync_answer *a, char reason[OUTBOX_ERROR_BYTES])
{
    long s = a->status;
    reason[0] = '\0';
    if (s >= 200 && s < 300)
        return SYNC_DELIVERED;
    if (s == 401)
        snprintf(reason, OUTBOX_ERROR_BYTES, "the hub does not know this kiosk's token (401): "
                 "staff, check [hub] token in the kiosk's config");
    else if (s == 403)
        snprintf(reason, OUTBOX_ERROR_BYTES, "the hub refuses this kiosk (403: revoked); "
                 "submissions stay queued until it is enrolled again");
    else
        hub_reason(a, reason);
    if (s == 401 || s == 403)
        return SYNC_RETRY_TOKEN;
    if (s >= 400 && s < 500 && s != 408 && s != 429)
        return SYNC_REJECTED;
    return SYNC_RETRY;
}

/* The request body of docs/protocol.md; NULL when out of memory. */
static char *submission_body(const struct outbox_row *row)
{
    size_t b64_size = sodium_base64_ENCODED_LEN(row->payload_size, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = wk_malloc(b64_size), *json = NULL;
    cJSON *o = cJSON_CreateObject();
    if (b64 && o) {
        sodium_bin2base64(b64, b64_size, row->payload, row->payload_size, sodium_base64_VARIANT_ORIGINAL);
        if (cJSON_AddStringToObject(o, "uuid", row->uuid) && cJSON_AddStringToObject(o, "kind", row->kind) &&
            cJSON_AddStringToObject(o, "ref", row->ref) &&
            cJSON_AddNumberToObject(o, "created_at", (double)row->created_at_ms) &&
            (row->keep_days <= 0 || cJSON_AddNumberToObject(o, "keep_days", row->keep_days)) &&
            cJSON_AddStringToObject(o, "payload", b64))
            json = cJSON_PrintUnformatted(o);
    }
    cJSON_Delete(o);
    free(b64);
    return json;
}

enum sync_outcome sync_deliver(struct sync_http *h, const struct outbox_row *row,
                               char reason[OUTBOX_ERROR_BYTES], int *retry_after_s)
{
    *retry_after_s = 0;
    char *body = submission_body(row);
    if (!body) {
        snprintf(reason, OUTBOX_ERROR_BYTES, "out of memory building the request");
        return SYNC_RETRY;
    }
    struct sync_answer a;
    char err[WK_ERR_MAX];
    int rc = sync_http_exchange(h, &(struct sync_request){ .method = "POST", .path = "/v1/submissions",
                                                           .body = body, .idempotency_key = row->uuid },
                                &a, err);
    cJSON_free(body);
    if (rc) {
        snprintf(reason, OUTBOX_ERROR_BYTES, "%.*s", OUTBOX_ERROR_BYTES - 1, err);
        return SYNC_RETRY;
    }
    *retry_after_s = a.retry_after_s;
    return sync_outcome_of(&a, reason);
}

int sync_heartbeat(struct sync_http *h, struct outbox *o, const struct sync_health *health,
                   int64_t now_ms, char err[WK_ERR_MAX])
{
    struct outbox_counts counts = { 0 };
    if (o && outbox_counts(o, &counts, err))
        return WK_EIO;
    int64_t oldest_age_s = counts.queued && counts.oldest_queued_ms > 0
        ? WK_MAX(now_ms - counts.oldest_queued_ms, 0) / 1000 : 0;
    cJSON *j = cJSON_CreateObject();
    char *body = NULL;
    if (j && cJSON_AddStringToObject(j, "firmware", health->firmware) &&
        cJSON_AddNumberToObject(j, "content_version", (double)health->content_version) &&
        cJSON_AddNumberToObject(j, "queued", counts.queued) &&
        cJSON_AddNumberToObject(j, "oldest_queued_age_s", (double)oldest_age_s) &&
        cJSON_AddStringToObject(j, "last_error", health->last_error) &&
        cJSON_AddNumberToObject(j, "uptime_s", (double)health->uptime_s))
        body = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    if (!body) {
        wk_seterr(err, "out of memory building a heartbeat");
        return WK_ENOMEM;
    }
    struct sync_answer a;
    int rc = sync_http_exchange(h, &(struct sync_request){ .method = "POST", .path = "/v1/heartbeat",
                                                           .body = body }, &a, err);
    cJSON_free(body);
    if (rc)
        return rc;
    if (a.status != 204) {
        char reason[OUTBOX_ERROR_BYTES];
        sync_outcome_of(&a, reason);
        wk_seterr(err, "heartbeat: %s", reason);
        return WK_ENET;
    }
    return 0;
}
