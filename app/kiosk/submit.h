/* submit.h — sending a filled form: serialise, seal, queue (submit.c). */
#ifndef KIOSK_SUBMIT_H
#define KIOSK_SUBMIT_H

#include "../screens/form_state.h"
#include "../outbox/outbox.h"

struct submit_request {
    const struct content_form *form;
    const struct form_state *state;
    const char *activity_id;            /* sign-ups: the activity; else NULL */
    const char *lang;                   /* the resident's language, so staff can answer in it */
    const unsigned char *hub_key;       /* pinned in the kiosk's config, never a
                                           bundle's; NULL: cannot seal */
    int64_t content_version;
    int64_t wall_ms;
};

/* The places a sign-up takes: its number field (people coming), else 1. */
int submit_places(const struct content_form *f, const struct form_state *st);

/* Once per process, before any submission: cJSON wipes what it frees. */
void kiosk_submit_init(void);

/* Seals the answers and queues them durably; ref gets the receipt's code.
 * Any failure leaves nothing queued and says why (no personal data). */
int kiosk_submit(struct outbox *o, const struct submit_request *r, char ref[OUTBOX_REF_BYTES],
                 char err[WK_ERR_MAX]);

#endif
