/* form_state.c — the rules of a form's answers: which fields are asked
 * (show_if) and whether an answer will do. */
#include "form_state.h"
#include "../core/utf8.h"
#include "../i18n/i18n.h"

#include <string.h>

bool form_field_shown(const struct content_form *f, const struct form_state *st, size_t i)
{
    const struct content_field *fd = &f->fields[i];
    if (fd->show_if_field < 0)
        return true;
    const struct content_field *on = &f->fields[fd->show_if_field];
    uint64_t chosen = st->answers[fd->show_if_field].chosen;
    for (size_t o = 0; o < on->option_count; o++)
        if ((chosen & (1ULL << o)) && !strcmp(on->options[o].value, fd->show_if_value))
            return true;
    return false;
}

bool form_has_answers(const struct content_form *f, const struct form_state *st)
{
    for (size_t i = 0; f && i < f->field_count; i++) {
        const struct form_answer *a = &st->answers[i];
        if (a->text[0] || a->chosen || a->availability || a->number > WK_MAX(f->fields[i].min, 1))
            return true;
    }
    return false;
}

static size_t digits(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s >= '0' && *s <= '9';
    return n;
}

/* A phone number a person can be called on: Belgian numbers have 9 or 10
 * digits, international ones up to 15 (E.164). */
#define PHONE_MIN_DIGITS 9
#define PHONE_MAX_DIGITS 15

const char *form_answer_problem(const struct content_field *fd, const struct form_answer *a)
{
    bool empty = false;
    switch (fd->type) {
    case FIELD_TEXT: {
        size_t n = wk_utf8_chars(a->text, strlen(a->text));
        empty = strspn(a->text, " ") == strlen(a->text);
        if (!empty && fd->min && n < (size_t)fd->min)
            return N_("This is too short.");
        if (fd->max && n > (size_t)fd->max)
            return N_("This is too long.");
        break;
    }
    case FIELD_PHONE: {
        size_t n = digits(a->text);
        empty = n == 0;
        if (!empty && (n < PHONE_MIN_DIGITS || n > PHONE_MAX_DIGITS))
            return N_("This does not look like a phone number.");
        break;
    }
    case FIELD_NUMBER:
        empty = a->number == 0;
        if (!empty && (a->number < fd->min || (fd->max && a->number > fd->max)))
            return N_("Choose a number in the range shown.");
        break;
    case FIELD_AVAILABILITY:
        empty = a->availability == 0;
        break;
    default:
        empty = a->chosen == 0;
        break;
    }
    if (empty && fd->required)
        return fd->type == FIELD_TEXT || fd->type == FIELD_PHONE ? N_("Please write an answer.")
                                                                 : N_("Please choose an answer.");
    return NULL;
}
