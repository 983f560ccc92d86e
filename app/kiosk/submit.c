/* submit.c — turns a filled form into a queued submission: the answers of
 * the fields that were asked, as JSON (cJSON), sealed to the hub key pinned
 * in the kiosk's config (never a key a bundle names) and
 * written to the outbox in one transaction before the receipt is shown.
 * Every buffer that held the plaintext is zeroed: cJSON allocates through
 * hooks that wipe on free (app/core/json_wipe.h), and the printed JSON is
 * wiped before it is freed. Nothing personal goes to the log. */
#include "submit.h"
#include "../outbox/seal.h"
#include "../i18n/i18n.h"
#include "../core/json_wipe.h"

#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SUBMISSION_FORMAT_VERSION 1
#define PART_NAMES { "morning", "afternoon", "evening" }
#define DAY_NAMES { "mon", "tue", "wed", "thu", "fri", "sat", "sun" }

void kiosk_submit_init(void)
{
    wk_json_wipe_install();
}

static void iso_time(int64_t wall_ms, char out[32])
{
    time_t t = (time_t)(wall_ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void iso_day(int32_t day, char out[16])
{
    int y, m, d;
    content_day_to_ymd(day, &y, &m, &d);
    snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
}

/* One answer as a JSON value, by the field's type. */
static cJSON *answer_json(const struct content_field *fd, const struct form_answer *a)
{
    static const char *const parts[] = PART_NAMES, *const days[] = DAY_NAMES;
    switch (fd->type) {
    case FIELD_TEXT:
    case FIELD_PHONE:
        return cJSON_CreateString(a->text);
    case FIELD_NUMBER:
        return cJSON_CreateNumber(a->number);
    case FIELD_YESNO:
        return cJSON_CreateBool(a->chosen & 1);
    case FIELD_CHOICE:
        for (size_t i = 0; i < fd->option_count; i++)
            if (a->chosen & (1ULL << i))
                return cJSON_CreateString(fd->options[i].value);
        return cJSON_CreateNull();
    case FIELD_MULTI:
    case FIELD_LANGUAGES:
    case FIELD_AVAILABILITY: {
        cJSON *list = cJSON_CreateArray();
        size_t n = 0;
        const struct i18n_language *langs = i18n_languages(&n);
        if (fd->type == FIELD_MULTI)
            n = fd->option_count;
        if (fd->type == FIELD_AVAILABILITY)
            n = 7 * FORM_AVAILABILITY_PARTS;
        for (size_t i = 0; list && i < n; i++) {
            char slot[32];
            const char *v = slot;
            if (fd->type == FIELD_MULTI && (a->chosen & (1ULL << i)))
                v = fd->options[i].value;
            else if (fd->type == FIELD_LANGUAGES && (a->chosen & (1ULL << i)))
                v = langs[i].code;
            else if (fd->type == FIELD_AVAILABILITY && (a->availability & (1u << i)))
                snprintf(slot, sizeof slot, "%s-%s", days[i / FORM_AVAILABILITY_PARTS],
                         parts[i % FORM_AVAILABILITY_PARTS]);
            else
                continue;
            cJSON_AddItemToArray(list, cJSON_CreateString(v));
        }
        return list;
    }
    case FIELD_TYPE_COUNT:
        break;
    }
    return cJSON_CreateNull();
}

static char *submission_json(const struct submit_request *r, const char *uuid, const char *ref)
{
    const struct content_form *f = r->form;
    char when[32], day[16];
    cJSON *root = cJSON_CreateObject(), *answers = cJSON_CreateObject();
    if (!root || !answers) {
        cJSON_Delete(root);
        cJSON_Delete(answers);
        return NULL;
    }
    iso_time(r->wall_ms, when);
    cJSON_AddNumberToObject(root, "format", SUBMISSION_FORMAT_VERSION);
    cJSON_AddStringToObject(root, "kind", content_form_kind_name(f->kind));
    cJSON_AddStringToObject(root, "form", f->id);
    cJSON_AddStringToObject(root, "uuid", uuid);
    cJSON_AddStringToObject(root, "ref", ref);
    cJSON_AddStringToObject(root, "created_at", when);
    cJSON_AddStringToObject(root, "lang", r->lang);
    cJSON_AddNumberToObject(root, "content_version", (double)r->content_version);
    if (r->activity_id) {
        iso_day(r->state->day, day);
        cJSON_AddStringToObject(root, "activity", r->activity_id);
        cJSON_AddStringToObject(root, "day", day);
    }
    for (size_t i = 0; i < f->field_count; i++)
        if (form_field_shown(f, r->state, i))
            cJSON_AddItemToObject(answers, f->fields[i].name, answer_json(&f->fields[i],
                                                                          &r->state->answers[i]));
    cJSON_AddItemToObject(root, "answers", answers);
    cJSON_AddBoolToObject(root, "consent", true);
    char *text = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return text;
}

int submit_places(const struct content_form *f, const struct form_state *st)
{
    for (size_t i = 0; i < f->field_count; i++)
        if (f->fields[i].type == FIELD_NUMBER && form_field_shown(f, st, i))
            return WK_MAX(st->answers[i].number, 1);
    return 1;
}

int kiosk_submit(struct outbox *o, const struct submit_request *r, char ref[OUTBOX_REF_BYTES],
                 char err[WK_ERR_MAX])
{
    char uuid[OUTBOX_UUID_BYTES];
    unsigned char *sealed = NULL;
    size_t sealed_size = 0;
    if (!o) {
        wk_seterr(err, "the kiosk has no queue (state.db could not be opened)");
        return WK_EIO;
    }
    if (!r->hub_key) {
        wk_seterr(err, "this kiosk has no hub key to seal submissions to ([hub] public_key)");
        return WK_EUNSUPPORTED;
    }
    int rc = outbox_new_ids(o, uuid, ref, err);
    if (rc)
        return rc;
    char *json = submission_json(r, uuid, ref);
    if (!json) {
        wk_seterr(err, "out of memory building the submission");
        return WK_ENOMEM;
    }
    size_t size = strlen(json);
    rc = outbox_seal(r->hub_key, (const unsigned char *)json, size, &sealed, &sealed_size, err);
    sodium_memzero(json, size);
    cJSON_free(json);
    if (rc)
        return rc;
    struct outbox_signup signup = {
        .activity = r->activity_id, .day = r->state->day, .places = submit_places(r->form, r->state),
        .bundle_version = r->content_version,
    };
    const struct outbox_record record = {
        .uuid = uuid, .ref = ref, .kind = content_form_kind_name(r->form->kind),
        .sealed = sealed, .size = sealed_size, .keep_days = r->form->keep_days,
    };
    rc = outbox_add(o, &record, r->activity_id ? &signup : NULL, r->wall_ms, err);
    free(sealed);
    if (rc == 0)
        /* The reference is not personal: it is what the resident shows. */
        wk_log(WK_LOG_INFO, "queued a %s, reference %s (%zu sealed bytes)",
               content_form_kind_name(r->form->kind), ref, sealed_size);
    return rc;
}
