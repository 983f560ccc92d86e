/* buddy.c — how well a buddy of the roster fits a resident's buddy
 * request (buddy.h): shared languages, shared times of the week, shared
 * interests, the age group and the gender the resident asked for, and
 * how many residents the buddy has already. Pure: no store, no key; the
 * console's endpoint (staff_buddies.c) hands it a wish read in memory
 * from the opened request and wipes the wish after. */
#include "buddy.h"

#include <stdio.h>
#include <string.h>

/* The request form's age groups, youngest first: a buddy one group away
 * is "near". */
static const char *const age_groups[] = { "16-25", "26-40", "41-60", "over-60" };

bool buddy_word_ok(const char *w)
{
    size_t n = w ? strlen(w) : 0;
    if (n == 0 || n >= BUDDY_WORD_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((w[i] >= 'a' && w[i] <= 'z') || (w[i] >= '0' && w[i] <= '9') || w[i] == '-'))
            return false;
    return true;
}

static bool has_word(const struct buddy_words *list, const char *w)
{
    for (int i = 0; i < list->count; i++)
        if (!strcmp(list->word[i], w))
            return true;
    return false;
}

int buddy_words_add(struct buddy_words *list, const char *w)
{
    if (!buddy_word_ok(w))
        return WK_EINVAL;
    if (has_word(list, w))
        return 0;
    if (list->count >= BUDDY_WORDS_MAX)
        return WK_EINVAL;
    snprintf(list->word[list->count++], BUDDY_WORD_MAX, "%s", w);
    return 0;
}

int buddy_words_parse(struct buddy_words *list, const char *text, char err[WK_ERR_MAX])
{
    memset(list, 0, sizeof *list);
    for (const char *p = text ? text : ""; *p;) {
        size_t n = strcspn(p, " ");
        char w[BUDDY_WORD_MAX + 1];
        if (n > 0) {
            snprintf(w, sizeof w, "%.*s", (int)WK_MIN(n, (size_t)BUDDY_WORD_MAX), p);
            if (n >= BUDDY_WORD_MAX || buddy_words_add(list, w)) {
                wk_seterr(err, "\"%.*s\" is not a word of a-z, 0-9 and '-' (at most %d of them, %d letters each)",
                          (int)WK_MIN(n, (size_t)BUDDY_WORD_MAX), p, BUDDY_WORDS_MAX, BUDDY_WORD_MAX - 1);
                return WK_EINVAL;
            }
        }
        p += n + (p[n] == ' ');
    }
    return 0;
}

void buddy_words_join(const struct buddy_words *list, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < list->count && used < size; i++)
        used += (size_t)snprintf(out + used, size - used, "%s%s", i ? " " : "", list->word[i]);
}

void buddy_words_from_json(struct buddy_words *list, const cJSON *array)
{
    memset(list, 0, sizeof *list);
    const cJSON *v;
    cJSON_ArrayForEach(v, array)
        if (cJSON_IsString(v))
            buddy_words_add(list, v->valuestring);      /* not a word: left out */
}

cJSON *buddy_words_json(const struct buddy_words *list)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; a && i < list->count; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(list->word[i]));
    return a;
}

static void word_from_json(char out[BUDDY_WORD_MAX], const cJSON *v)
{
    out[0] = '\0';
    if (cJSON_IsString(v) && buddy_word_ok(v->valuestring))
        snprintf(out, BUDDY_WORD_MAX, "%s", v->valuestring);
}

void buddy_wish_from_answers(struct buddy_wish *w, const cJSON *answers)
{
    memset(w, 0, sizeof *w);
    buddy_words_from_json(&w->languages, cJSON_GetObjectItemCaseSensitive(answers, "languages"));
    buddy_words_from_json(&w->interests, cJSON_GetObjectItemCaseSensitive(answers, "interests"));
    buddy_words_from_json(&w->availability, cJSON_GetObjectItemCaseSensitive(answers, "availability"));
    word_from_json(w->gender, cJSON_GetObjectItemCaseSensitive(answers, "buddy-gender"));
    word_from_json(w->age, cJSON_GetObjectItemCaseSensitive(answers, "age"));
}

static void shared(const struct buddy_words *a, const struct buddy_words *b, struct buddy_words *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < a->count; i++)
        if (has_word(b, a->word[i]))
            buddy_words_add(out, a->word[i]);
}

static int age_index(const char *age)
{
    for (size_t i = 0; i < WK_ARRAY_LEN(age_groups); i++)
        if (!strcmp(age, age_groups[i]))
            return (int)i;
    return -1;
}

void buddy_fit(const struct buddy_wish *w, const struct hub_buddy *b, struct buddy_fit *out)
{
    memset(out, 0, sizeof *out);
    out->full = b->matches >= WK_MAX(b->capacity, 1);
    shared(&w->languages, &b->languages, &out->languages);
    shared(&w->interests, &b->interests, &out->interests);
    shared(&w->availability, &b->availability, &out->times);
    int score = 0;
    if (out->languages.count)
        score += BUDDY_SCORE_LANGUAGE + (out->languages.count - 1) * BUDDY_SCORE_MORE_LANGUAGE;
    if (out->times.count)
        score += BUDDY_SCORE_TIME + (WK_MIN(out->times.count, BUDDY_TIMES_COUNTED) - 1) * BUDDY_SCORE_MORE_TIME;
    score += out->interests.count * BUDDY_SCORE_INTEREST;
    int a = age_index(w->age), c = age_index(b->age);
    out->age = a < 0 || c < 0 ? BUDDY_AGE_UNKNOWN : a == c ? BUDDY_AGE_SAME
             : (a - c == 1 || c - a == 1) ? BUDDY_AGE_NEAR : BUDDY_AGE_FAR;
    score += out->age == BUDDY_AGE_SAME ? BUDDY_SCORE_AGE_SAME : out->age == BUDDY_AGE_NEAR ? BUDDY_SCORE_AGE_NEAR : 0;
    /* "either", nothing or a word the form does not have: no wish. */
    if (!strcmp(w->gender, "woman") || !strcmp(w->gender, "man")) {
        out->gender = strcmp(w->gender, b->gender) ? BUDDY_GENDER_OTHER : BUDDY_GENDER_AS_ASKED;
        if (out->gender == BUDDY_GENDER_OTHER)
            score -= BUDDY_PENALTY_GENDER;
    }
    score -= b->matches * BUDDY_PENALTY_MATCH;
    out->score = score;
}

cJSON *buddy_fit_json(const struct buddy_fit *f, const struct hub_buddy *b)
{
    static const char *const ages[] = { [BUDDY_AGE_UNKNOWN] = "unknown", [BUDDY_AGE_SAME] = "same",
                                        [BUDDY_AGE_NEAR] = "near", [BUDDY_AGE_FAR] = "far" };
    static const char *const genders[] = { [BUDDY_GENDER_ANY] = "any", [BUDDY_GENDER_AS_ASKED] = "as_asked",
                                           [BUDDY_GENDER_OTHER] = "other" };
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddItemToObject(o, "languages", buddy_words_json(&f->languages));
    cJSON_AddItemToObject(o, "interests", buddy_words_json(&f->interests));
    cJSON_AddItemToObject(o, "times", buddy_words_json(&f->times));
    cJSON_AddStringToObject(o, "gender", genders[f->gender]);
    cJSON_AddStringToObject(o, "age", ages[f->age]);
    cJSON_AddNumberToObject(o, "matches", b->matches);
    return o;
}
