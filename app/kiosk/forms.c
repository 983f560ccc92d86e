/* forms.c — a form in the session: starting one from a home tile or an
 * activity, sending it (sealed and queued before the receipt shows), and
 * leaving it. The answers are the only personal data the kiosk holds in
 * plain form; every way out of a form zeroes them. Also the tally of the
 * places this kiosk has taken, so What's on counts a sign-up at once. */
#include "kiosk_internal.h"
#include "submit.h"
#include "../i18n/i18n.h"
#include "../text/text.h"

#include <sodium.h>
#include <string.h>

/* The answers, and every copy the screens made of them: the laid-out and
 * rendered text of the field and of the consent page (text_forget_secrets;
 * the frame's own copies are wiped at the next pass, ui_begin). */
void kiosk_wipe_form(struct kiosk *k)
{
    sodium_memzero(&k->form, sizeof k->form);
    k->form.form = -1;
    if (k->text)
        text_forget_secrets(k->text);
}

void kiosk_start_form(struct kiosk *k, const struct nav *nav, int64_t now_ms)
{
    kiosk_wipe_form(k);
    size_t count = 0;
    const struct content_form *forms = k->content ? content_forms(k->content, &count) : NULL;
    const struct content_form *f = k->content
        ? content_form_of_kind(k->content, (enum content_form_kind)nav->arg) : NULL;
    if (!f) {
        /* A bundle without this form: say so rather than lead nowhere. */
        wk_log(WK_LOG_WARN, "the bundle has no %s form", content_form_kind_name(
                   (enum content_form_kind)nav->arg));
        kiosk_open_screen(k, SCREEN_SOON, -1, 0, now_ms);
        return;
    }
    k->form.form = (int)(f - forms);
    k->form.activity = f->kind == FORM_SIGNUP ? nav->activity : -1;
    k->form.day = f->kind == FORM_SIGNUP ? nav->day : 0;
    k->form.step = 0;
    while ((size_t)k->form.step + 1 < f->field_count && !form_field_shown(f, &k->form, (size_t)k->form.step))
        k->form.step++;
    kiosk_open_screen(k, SCREEN_FORM, 0, 0, now_ms);
}

/* Back to where the form was started from: below its first page. */
static void leave_form_screens(struct kiosk *k)
{
    while (k->depth > 1 && (kiosk_current(k) == SCREEN_FORM || kiosk_current(k) == SCREEN_CONSENT ||
                            kiosk_current(k) == SCREEN_RECEIPT || kiosk_current(k) == SCREEN_NOT_SAVED))
        k->depth--;
}

void kiosk_abandon_form(struct kiosk *k, int64_t now_ms)
{
    kiosk_wipe_form(k);
    leave_form_screens(k);
    k->shown_since_ms = now_ms;
}

static void count_signup(struct kiosk *k, int activity, int32_t day, int places)
{
    for (int i = 0; i < k->tally_count; i++)
        if (k->tally[i].activity == activity && k->tally[i].day == day) {
            k->tally[i].places += places;
            return;
        }
    if (k->tally_count < KIOSK_TALLY_SLOTS)
        k->tally[k->tally_count++] = (struct signup_tally){ activity, day, places };
}

/* A submission is dated by the machine's clock, not the screen's: the
 * headless platform runs the screens on a fake clock, but the time the
 * hub stores, and the queue's age in heartbeats, are facts of the world. */
void kiosk_send_form(struct kiosk *k, int64_t now_ms)
{
    size_t count = 0, activities = 0;
    const struct content_form *forms = k->content ? content_forms(k->content, &count) : NULL;
    if (!forms || k->form.form < 0 || (size_t)k->form.form >= count)
        return;
    const struct content_form *f = &forms[k->form.form];
    const struct content_activity *acts = content_activities(k->content, &activities);
    const char *activity_id = k->form.activity >= 0 && (size_t)k->form.activity < activities
        ? acts[k->form.activity].id : NULL;
    if (!kiosk_can_send(k)) {
        /* No hub key, or the demo's forms on a real kiosk: the screen says
         * it is not set up to send (the form said so from its first page),
         * and the answers go. */
        wk_log(WK_LOG_INFO, "a %s was not sent: %s", content_form_kind_name(f->kind),
               k->has_hub_key ? "the demo content's forms send nothing to a real hub"
                              : "this kiosk has no hub key ([hub] public_key)");
        int form = k->form.form;
        kiosk_wipe_form(k);
        k->form.form = form;
        if (kiosk_current(k) != SCREEN_NOT_SAVED)
            kiosk_open_screen(k, SCREEN_NOT_SAVED, 0, 0, now_ms);
        return;
    }
    const struct content_meta *meta = content_meta(k->content);
    struct submit_request r = {
        .form = f, .state = &k->form, .activity_id = activity_id,
        .lang = i18n_current(k->i18n)->code, .hub_key = k->hub_key,
        .content_version = meta->content_version, .wall_ms = wk_wall_ms(),
    };
    char ref[OUTBOX_REF_BYTES], err[WK_ERR_MAX];
    if (activity_id)
        kiosk_taken_here(k, k->form.activity, k->form.day);  /* the count before this one */
    if (kiosk_submit(k->outbox, &r, ref, err) != 0) {
        /* The answers stay, for "Try again"; the reason is for the log. */
        wk_log(WK_LOG_ERROR, "a %s was not saved: %s", content_form_kind_name(f->kind), err);
        snprintf(k->form.failure, sizeof k->form.failure, "%s", err);
        if (kiosk_current(k) != SCREEN_NOT_SAVED)
            kiosk_open_screen(k, SCREEN_NOT_SAVED, 0, 0, now_ms);
        return;
    }
    if (k->on_queued)
        k->on_queued(k->on_queued_user);
    if (activity_id)
        count_signup(k, k->form.activity, k->form.day, submit_places(f, &k->form));
    int form = k->form.form, activity = k->form.activity;
    int32_t day = k->form.day;
    kiosk_wipe_form(k);
    /* The receipt needs only the code, the kind of form and, for a
     * sign-up, what it was for (no answer of the resident's). */
    k->form.form = form;
    k->form.activity = activity;
    k->form.day = day;
    memcpy(k->form.ref, ref, sizeof k->form.ref);
    leave_form_screens(k);
    kiosk_open_screen(k, SCREEN_RECEIPT, 0, 0, now_ms);
}

/* The first time What's on asks about a session, the queue is asked once
 * (sign-ups made on this kiosk under this bundle); then the tally answers,
 * and grows with every sign-up sent. */
int kiosk_taken_here(const void *kiosk, int activity, int32_t day)
{
    struct kiosk *k = (struct kiosk *)kiosk;
    for (int i = 0; i < k->tally_count; i++)
        if (k->tally[i].activity == activity && k->tally[i].day == day)
            return k->tally[i].places;
    size_t n = 0;
    const struct content_activity *acts = k->content ? content_activities(k->content, &n) : NULL;
    int places = 0;
    if (k->outbox && acts && activity >= 0 && (size_t)activity < n)
        places = outbox_signups(k->outbox, acts[activity].id, day,
                                content_meta(k->content)->content_version);
    count_signup(k, activity, day, places);
    return places;
}

void kiosk_forget_tally(struct kiosk *k)
{
    k->tally_count = 0;
}
