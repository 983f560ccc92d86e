/* form_state.h — what a resident has answered so far in one form: the
 * only personal data the kiosk ever holds in plain form. It lives in the
 * session and nowhere else, and is zeroed (sodium_memzero) when the form
 * is sent, abandoned, or the session ends. */
#ifndef FORM_STATE_H
#define FORM_STATE_H

#include "../content/content.h"
#include "../ui/keyboard.h"

/* A text answer: a first name, a phone number, a message of 300
 * characters of up to 4 bytes each, with room to spare. */
#define FORM_TEXT_BYTES 1300
#define FORM_REF_BYTES 8
#define FORM_AVAILABILITY_PARTS 3       /* morning, afternoon, evening */

struct form_answer {
    char text[FORM_TEXT_BYTES];         /* text, phone */
    int number;                         /* number: 0 until chosen */
    uint64_t chosen;                    /* choice, multi: bit per option; languages: bit per
                                           firmware language; yes/no: bit 0 yes, bit 1 no */
    uint32_t availability;              /* bit weekday * 3 + part (0 = Monday morning) */
};

/* Done or Home pressed on a form with answers: what the dialog that asks
 * before erasing them will do if the resident says yes. */
enum form_leave { FORM_LEAVE_NONE = 0, FORM_LEAVE_DONE, FORM_LEAVE_HOME };

struct form_state {
    int form;                           /* index into the bundle's forms; -1: none */
    int activity;                       /* sign-ups: the activity and its day */
    int32_t day;
    int step;                           /* the field being asked */
    bool show_error;                    /* the resident pressed Next on a missing answer */
    struct form_answer answers[CONTENT_MAX_FIELDS];
    struct ui_keyboard_state keyboard;
    int keyboard_step;                  /* step + 1 the keyboard was set up for */
    enum form_leave leaving;            /* the "erase your answers?" dialog is up */
    char ref[FORM_REF_BYTES];           /* the receipt's reference code */
    char failure[WK_ERR_MAX];           /* why it was not saved (for the log, no personal data) */
};

/* Whether field i is asked, given the answers before it (show_if). */
bool form_field_shown(const struct content_form *f, const struct form_state *st, size_t i);
/* Whether the resident has typed or chosen anything yet (a number
 * counts once it differs from the one first shown). */
bool form_has_answers(const struct content_form *f, const struct form_state *st);
/* NULL if field i's answer is acceptable, else what is wrong, as a
 * translatable English msgid. */
const char *form_answer_problem(const struct content_field *fd, const struct form_answer *a);

#endif
