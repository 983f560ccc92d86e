/* buddy.h — buddy matching in the staff console (docs/hub.md, "Buddy
 * matching"): the roster of buddies (volunteers who offer to be one),
 * kept in hub.db (buddy_store.c), and how well each fits a resident's
 * buddy request (buddy.c). The request is sealed: its wish is read from
 * the answers opened in memory with a session's hub key, ranked there,
 * and wiped; only the match (request, buddy, who, when) is stored. */
#ifndef HUB_BUDDY_H
#define HUB_BUDDY_H

#include "store.h"

#include <cjson/cJSON.h>

/* A list of words: language codes ("ar"), interests ("walking") or
 * times of the week ("mon-evening"): a week has 21 such times. */
#define BUDDY_WORDS_MAX 32
#define BUDDY_WORD_MAX 24               /* bytes with the NUL */
/* A first name, in bytes: the roster holds no more of a volunteer. */
#define HUB_BUDDY_NAME_MAX 40
/* How many residents one buddy may have at once. */
#define HUB_BUDDY_CAPACITY_MAX 10
/* The roster of one centre: more would be a list nobody reads. */
#define HUB_BUDDIES_MAX 1000

struct buddy_words {
    int count;
    char word[BUDDY_WORDS_MAX][BUDDY_WORD_MAX];
};

/* Whether w is a word of a list: 1 to BUDDY_WORD_MAX - 1 of a-z, 0-9, '-'. */
bool buddy_word_ok(const char *w);
/* Adds w to list unless it is there; WK_EINVAL for a word that is not
 * one, or a full list. */
int buddy_words_add(struct buddy_words *list, const char *w);
/* "ar nl" into list; WK_EINVAL (with err) for a word that is not one. */
int buddy_words_parse(struct buddy_words *list, const char *text, char err[WK_ERR_MAX]);
/* list as "ar nl" into out. */
void buddy_words_join(const struct buddy_words *list, char *out, size_t size);
/* A JSON array of strings into list; what is not a word is left out. */
void buddy_words_from_json(struct buddy_words *list, const cJSON *array);
cJSON *buddy_words_json(const struct buddy_words *list);

/* One buddy of the roster. gender is "woman", "man", "other" or ""; age
 * one of the request form's groups ("16-25", "26-40", "41-60",
 * "over-60") or "". */
struct hub_buddy {
    int64_t id;
    char first_name[HUB_BUDDY_NAME_MAX + 1];
    struct buddy_words languages, interests, availability;
    char gender[BUDDY_WORD_MAX], age[BUDDY_WORD_MAX];
    int capacity;                       /* residents at once, 1 or more */
    int matches;                        /* residents now matched (read only) */
};

/* What a resident asked for, read from a buddy request's answers (the
 * demo form's fields: languages, interests, availability, age and
 * buddy-gender, which is "woman", "man" or "either"). */
struct buddy_wish {
    struct buddy_words languages, interests, availability;
    char gender[BUDDY_WORD_MAX], age[BUDDY_WORD_MAX];
};
void buddy_wish_from_answers(struct buddy_wish *w, const cJSON *answers);

/* How one buddy fits one wish, and why. The score orders the
 * suggestions: a shared language counts more than anything else (without
 * one they cannot talk), then a time both are free (without one they
 * cannot meet), then interests and age; a buddy of another gender than
 * the resident asked for (or of none on the roster) comes after every
 * buddy who is of it, and each
 * resident a buddy has already costs a little, so the free ones come
 * first. A buddy with as many residents as they offered is full: not
 * suggested at all. */
enum buddy_age_fit { BUDDY_AGE_UNKNOWN, BUDDY_AGE_SAME, BUDDY_AGE_NEAR, BUDDY_AGE_FAR };
enum buddy_gender_fit { BUDDY_GENDER_ANY, BUDDY_GENDER_AS_ASKED, BUDDY_GENDER_OTHER };
struct buddy_fit {
    int score;
    bool full;
    struct buddy_words languages, interests, times;     /* shared */
    enum buddy_gender_fit gender;
    enum buddy_age_fit age;
};
#define BUDDY_SCORE_LANGUAGE 1000       /* the first shared language */
#define BUDDY_SCORE_MORE_LANGUAGE 20    /* each further one */
#define BUDDY_SCORE_TIME 400            /* the first shared time of the week */
#define BUDDY_SCORE_MORE_TIME 10        /* each further one, up to BUDDY_TIMES_COUNTED */
#define BUDDY_TIMES_COUNTED 5
#define BUDDY_SCORE_INTEREST 40         /* each shared interest */
#define BUDDY_SCORE_AGE_SAME 30
#define BUDDY_SCORE_AGE_NEAR 10
#define BUDDY_PENALTY_GENDER 10000
#define BUDDY_PENALTY_MATCH 50          /* each resident the buddy has already */
void buddy_fit(const struct buddy_wish *w, const struct hub_buddy *b, struct buddy_fit *out);
/* The fit's reasons as JSON: {languages, interests, times, gender, age,
 * matches}, for the page to put into words. */
cJSON *buddy_fit_json(const struct buddy_fit *f, const struct hub_buddy *b);

/* --- the roster and the matches in hub.db (buddy_store.c) ------------------- */

/* Adds b (b->id 0; its new id into b->id) or changes the buddy b->id.
 * WK_EINVAL (with err) for a field out of bounds, WK_ENOTFOUND for a
 * buddy that is not (or no longer) there. */
int hub_buddy_put(struct hub_store *s, struct hub_buddy *b, int64_t now_ms, char err[WK_ERR_MAX]);
/* Removes buddy id from the roster: their details are erased, the id
 * stays for the match records. */
int hub_buddy_remove(struct hub_store *s, int64_t id, int64_t now_ms, char err[WK_ERR_MAX]);
/* Every buddy on the roster, by first name, with their matches. */
int hub_buddy_each(struct hub_store *s, int (*each)(void *user, const struct hub_buddy *b), void *user,
                   char err[WK_ERR_MAX]);

/* A buddy request nobody has matched yet (metadata only). */
struct hub_buddy_request {
    const char *uuid, *kiosk, *ref;
    int64_t received_at_ms;
};
/* The open buddy requests, oldest first (they waited longest). */
int hub_buddy_requests_each(struct hub_store *s, int (*each)(void *user, const struct hub_buddy_request *r),
                            void *user, char err[WK_ERR_MAX]);
/* Records that who matched the buddy request uuid with buddy id; the
 * request leaves the open list. WK_ENOTFOUND for no such buddy request
 * or buddy, WK_EINVAL (with err) for a request matched already or a
 * buddy who is full. */
int hub_buddy_match(struct hub_store *s, const char *uuid, int64_t buddy_id, const char *who, int64_t now_ms,
                    char err[WK_ERR_MAX]);

#endif
