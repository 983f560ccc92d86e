/* export_open.c — opening one stored submission for staff (export.h):
 * crypto_box_seal_open with the hub's key pair, then the plaintext — the
 * JSON app/kiosk/submit.c seals: format, kind, form, uuid, ref,
 * created_at, lang, content_version, activity and day for a sign-up,
 * answers, consent — checked to be a submission of the format this code
 * reads, sealed under the uuid it was stored with. A payload that does
 * not open, or opens to something else, still makes a record, with the
 * reason in its error and nothing of the payload. The plaintext lives in
 * memory only and is wiped when freed. */
#include "export.h"
#include "../app/core/utf8.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* The plaintext format of app/kiosk/submit.c this code reads. */
#define EXPORT_FORMAT_VERSION 1

static const char *string_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The plaintext as the submission object of format 1, or NULL with why.
 * why never quotes the plaintext. */
static cJSON *parse_plain(const char *plain, const char *uuid, char why[EXPORT_WHY_MAX])
{
    cJSON *json = cJSON_Parse(plain);
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(json, "format");
    const char *sealed_uuid = string_of(json, "uuid");
    if (!cJSON_IsObject(json))
        snprintf(why, EXPORT_WHY_MAX, "it opened, but to no JSON object");
    else if (!cJSON_IsNumber(format) || format->valuedouble < 1 || format->valuedouble != floor(format->valuedouble))
        snprintf(why, EXPORT_WHY_MAX, "it opened, but has no format number");
    else if (format->valuedouble != EXPORT_FORMAT_VERSION)
        snprintf(why, EXPORT_WHY_MAX, "it is of format %.0f; this welkomctl reads format %d",
                 format->valuedouble, EXPORT_FORMAT_VERSION);
    else if (!string_of(json, "form") || !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(json, "answers")))
        snprintf(why, EXPORT_WHY_MAX, "it opened, but has no form or no answers");
    else if (!sealed_uuid || strcmp(sealed_uuid, uuid) != 0)
        snprintf(why, EXPORT_WHY_MAX, "the uuid sealed inside is not the uuid it was stored under");
    else
        return json;
    cJSON_Delete(json);
    return NULL;
}

/* The payload into r->plain and *json, or r->error. */
static enum export_opened open_payload(const unsigned char *pk, const unsigned char *sk,
                                       const struct hub_submission *sub, struct export_record *r, cJSON **json)
{
    if (!sub->payload || sub->payload_size <= crypto_box_SEALBYTES) {
        snprintf(r->error, sizeof r->error, "the payload is too short to be a sealed submission");
        return EXPORT_NOT_OPENED;
    }
    size_t n = sub->payload_size - crypto_box_SEALBYTES;
    unsigned char *plain = wk_malloc(n + 1);
    if (!plain) {
        snprintf(r->error, sizeof r->error, "out of memory opening it");
        return EXPORT_NOT_OPENED;
    }
    if (crypto_box_seal_open(plain, sub->payload, sub->payload_size, pk, sk) != 0) {
        free(plain);
        snprintf(r->error, sizeof r->error, "it does not open with this key");
        return EXPORT_NOT_OPENED;
    }
    plain[n] = '\0';
    if (!wk_utf8_valid((const char *)plain, n))
        snprintf(r->error, sizeof r->error, "it opened, but is not UTF-8 text");
    else
        *json = parse_plain((const char *)plain, sub->uuid, r->error);
    if (!*json) {
        export_free_wiped((char *)plain, n + 1);
        return EXPORT_UNREADABLE;
    }
    r->plain = (char *)plain;
    r->plain_size = n + 1;
    return EXPORT_OPENED;
}

int export_open(const unsigned char *pk, const unsigned char *sk, const struct hub_stored_submission *row,
                struct export_record *r, cJSON **json, enum export_opened *opened)
{
    *r = (struct export_record){ .created_at_ms = row->sub.created_at_ms, .received_at_ms = row->received_at_ms };
    *json = NULL;
    *opened = open_payload(pk, sk, &row->sub, r, json);
    r->uuid = wk_strdup(row->sub.uuid);
    r->kiosk = wk_strdup(row->kiosk);
    r->kind = wk_strdup(row->sub.kind);
    r->ref = wk_strdup(row->sub.ref);
    if (r->uuid && r->kiosk && r->kind && r->ref)
        return 0;
    cJSON_Delete(*json);
    *json = NULL;
    export_record_free(r);
    return WK_ENOMEM;
}
