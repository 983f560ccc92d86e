/* test_hub_buddy.c — buddy matching as a caseworker meets it: a
 * resident's wish, as the kiosk writes a buddy request's answers, ranked
 * against buddies of a roster. A shared language counts more than any
 * number of shared interests; a buddy of another gender than the one
 * asked for comes after those who are not; no time in common and no
 * language in common are said, not hidden; a buddy with as many
 * residents as they offered is not suggested, and one with fewer comes
 * after a free one. Then the roster and the matches in a real hub.db: a
 * match takes the request off the open list, a second match of it and a
 * match with a full buddy are refused, and a removed buddy's details are
 * gone from the file. */
#include "test.h"
#include "../hub/buddy.h"
#include "../app/core/ids.h"

#include <stdlib.h>

#include <stdio.h>
#include <string.h>

#define PATH_BYTES 1024

/* The answers of a buddy request as app/kiosk/submit.c writes them. */
static void wish_of(struct buddy_wish *w, const char *answers_json)
{
    cJSON *answers = cJSON_Parse(answers_json);
    CHECK(answers);
    buddy_wish_from_answers(w, answers);
    cJSON_Delete(answers);
}

/* A buddy: "ar nl" of each list, as the roster keeps them. */
static struct hub_buddy buddy(int64_t id, const char *name, const char *languages, const char *interests,
                              const char *times, const char *gender, const char *age)
{
    struct hub_buddy b = { .id = id, .capacity = 1 };
    char err[WK_ERR_MAX];
    snprintf(b.first_name, sizeof b.first_name, "%s", name);
    CHECK_OK(buddy_words_parse(&b.languages, languages, err));
    CHECK_OK(buddy_words_parse(&b.interests, interests, err));
    CHECK_OK(buddy_words_parse(&b.availability, times, err));
    snprintf(b.gender, sizeof b.gender, "%s", gender);
    snprintf(b.age, sizeof b.age, "%s", age);
    return b;
}

static int score(const struct buddy_wish *w, const struct hub_buddy *b)
{
    struct buddy_fit f;
    buddy_fit(w, b, &f);
    return f.score;
}

TEST(buddy_a_shared_language_beats_every_shared_interest)
{
    struct buddy_wish w;
    wish_of(&w, "{\"languages\": [\"ar\", \"nl\"], \"interests\": [\"sport\", \"walking\", \"dutch\", \"culture\","
                " \"cooking\", \"games\", \"children\", \"coffee\"], \"availability\": [\"mon-evening\"],"
                " \"age\": \"26-40\", \"buddy-gender\": \"either\"}");
    struct hub_buddy speaks = buddy(1, "Amal", "ar", "", "", "woman", "");
    struct hub_buddy likes = buddy(2, "Bert", "fr", "sport walking dutch culture cooking games children coffee",
                                   "mon-evening", "man", "26-40");
    CHECK(score(&w, &speaks) > score(&w, &likes));
    struct buddy_fit f;
    buddy_fit(&w, &likes, &f);
    CHECK_INT_EQ(f.languages.count, 0);             /* said: no language in common */
    CHECK_INT_EQ(f.interests.count, 8);
    CHECK_INT_EQ(f.gender, BUDDY_GENDER_ANY);
    CHECK_INT_EQ(f.age, BUDDY_AGE_SAME);
    buddy_fit(&w, &speaks, &f);
    CHECK_INT_EQ(f.languages.count, 1);
    CHECK_STR_EQ(f.languages.word[0], "ar");
}

TEST(buddy_a_woman_asked_for_comes_before_a_man_who_fits_better)
{
    struct buddy_wish w;
    wish_of(&w, "{\"languages\": [\"uk\"], \"interests\": [\"walking\"], \"availability\": [\"sat-morning\"],"
                " \"buddy-gender\": \"woman\"}");
    struct hub_buddy man = buddy(1, "Karel", "uk ru nl", "walking", "sat-morning", "man", "");
    struct hub_buddy woman = buddy(2, "Olena", "uk", "", "", "woman", "");
    struct hub_buddy unsaid = buddy(3, "Sam", "uk", "", "", "", "");
    CHECK(score(&w, &woman) > score(&w, &man));
    struct buddy_fit f;
    /* A buddy the roster gives no gender is not known to be a woman. */
    buddy_fit(&w, &unsaid, &f);
    CHECK_INT_EQ(f.gender, BUDDY_GENDER_OTHER);
    CHECK(score(&w, &woman) > score(&w, &unsaid));
    buddy_fit(&w, &man, &f);
    CHECK_INT_EQ(f.gender, BUDDY_GENDER_OTHER);
    buddy_fit(&w, &woman, &f);
    CHECK_INT_EQ(f.gender, BUDDY_GENDER_AS_ASKED);
    /* "either": the man who fits better comes first. */
    wish_of(&w, "{\"languages\": [\"uk\"], \"interests\": [\"walking\"], \"availability\": [\"sat-morning\"],"
                " \"buddy-gender\": \"either\"}");
    CHECK(score(&w, &man) > score(&w, &woman));
}

TEST(buddy_no_time_in_common_is_said_and_counts_against)
{
    struct buddy_wish w;
    wish_of(&w, "{\"languages\": [\"ti\", \"en\"], \"interests\": [\"coffee\"], \"availability\": [\"mon-evening\","
                " \"tue-evening\"], \"age\": \"16-25\"}");
    struct hub_buddy weekend = buddy(1, "Eva", "en", "coffee", "sat-morning sun-afternoon", "woman", "16-25");
    struct hub_buddy evenings = buddy(2, "Joris", "en", "", "tue-evening", "man", "41-60");
    struct buddy_fit f;
    buddy_fit(&w, &weekend, &f);
    CHECK_INT_EQ(f.times.count, 0);
    cJSON *reasons = buddy_fit_json(&f, &weekend);
    CHECK_INT_EQ(cJSON_GetArraySize(cJSON_GetObjectItem(reasons, "times")), 0);
    CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(reasons, "age")), "same");
    CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItem(reasons, "languages"), 0)), "en");
    cJSON_Delete(reasons);
    buddy_fit(&w, &evenings, &f);
    CHECK_INT_EQ(f.times.count, 1);
    CHECK_STR_EQ(f.times.word[0], "tue-evening");
    CHECK_INT_EQ(f.age, BUDDY_AGE_FAR);
    CHECK(score(&w, &evenings) > score(&w, &weekend));
}

TEST(buddy_a_full_buddy_is_not_suggested_and_a_busy_one_comes_after_a_free_one)
{
    struct buddy_wish w;
    wish_of(&w, "{\"languages\": [\"fa\"], \"availability\": [\"wed-afternoon\"]}");
    struct hub_buddy free_one = buddy(1, "Lotte", "fa", "", "wed-afternoon", "woman", "");
    struct hub_buddy busy = free_one, full = free_one;
    busy.id = 2, busy.capacity = 2, busy.matches = 1;
    full.id = 3, full.capacity = 1, full.matches = 1;
    struct buddy_fit f;
    buddy_fit(&w, &full, &f);
    CHECK(f.full);
    buddy_fit(&w, &busy, &f);
    CHECK(!f.full);
    CHECK(score(&w, &free_one) > score(&w, &busy));
}

TEST(buddy_what_is_not_a_word_in_a_request_is_left_out)
{
    struct buddy_wish w;
    wish_of(&w, "{\"languages\": [\"ar\", \"<script>\", 7, \"ar\"], \"interests\": \"walking\","
                " \"buddy-gender\": \"' OR 1=1\", \"age\": null}");
    CHECK_INT_EQ(w.languages.count, 1);
    CHECK_INT_EQ(w.interests.count, 0);
    CHECK_STR_EQ(w.gender, "");
    CHECK_STR_EQ(w.age, "");
    struct buddy_words list;
    char err[WK_ERR_MAX];
    CHECK_INT_EQ(buddy_words_parse(&list, "ar <b>", err), WK_EINVAL);
    CHECK(strstr(err, "<b>"));
}

/* --- the roster and the matches in hub.db -------------------------------------------- */

static int count_open(void *user, const struct hub_buddy_request *r)
{
    (void)r;
    ++*(int *)user;
    return 0;
}

static int collect(void *user, const struct hub_buddy *b)
{
    struct hub_buddy *out = user;
    out[b->id - 1] = *b;
    return 0;
}

static int open_requests(struct hub_store *s)
{
    int n = 0;
    char err[WK_ERR_MAX];
    CHECK_OK(hub_buddy_requests_each(s, count_open, &n, err));
    return n;
}

TEST(buddy_a_match_takes_the_request_off_the_open_list_once)
{
    char path[PATH_BYTES], err[WK_ERR_MAX] = "", token[HUB_TOKEN_CHARS + 1];
    snprintf(path, sizeof path, "%s/hub.db", test_tmpdir());
    struct hub_store *s = NULL;
    CHECK_OK(hub_store_open(path, true, &s, err));
    CHECK_OK(hub_store_kiosk_add(s, "hall-1", 1000, token, err));
    struct hub_kiosk k;
    CHECK_OK(hub_store_kiosk_by_token(s, token, &k, err));
    char uuid[2][WK_UUID_BYTES];
    for (int i = 0; i < 2; i++) {
        wk_uuid_new(uuid[i]);
        enum hub_put_result put;
        const unsigned char sealed[] = "sealed, unread";
        CHECK_OK(hub_store_submission_put(s, k.id, &(struct hub_submission){ .uuid = uuid[i], .kind = "buddy",
            .ref = "K7Q-XM4", .created_at_ms = 1000, .payload = sealed, .payload_size = sizeof sealed },
            2000 + i, &put, err));
    }
    struct hub_buddy amal = buddy(0, "  Amal\x01", "ar nl", "walking", "mon-evening", "woman", "26-40");
    CHECK_OK(hub_buddy_put(s, &amal, 3000, err));
    CHECK_INT_EQ(amal.id, 1);
    CHECK_STR_EQ(amal.first_name, "Amal");          /* made printable and trimmed */
    struct hub_buddy bert = buddy(0, "Bert", "fr", "", "", "man", "");
    CHECK_OK(hub_buddy_put(s, &bert, 3000, err));
    bert.capacity = 0;
    CHECK_INT_EQ(hub_buddy_put(s, &bert, 3000, err), WK_EINVAL);
    CHECK_INT_EQ(open_requests(s), 2);

    CHECK_OK(hub_buddy_match(s, uuid[0], amal.id, "cas", 4000, err));
    CHECK_INT_EQ(open_requests(s), 1);
    CHECK_INT_EQ(hub_buddy_match(s, uuid[0], bert.id, "cas", 4000, err), WK_EINVAL);    /* matched already */
    CHECK_INT_EQ(hub_buddy_match(s, uuid[1], amal.id, "cas", 4000, err), WK_EINVAL);    /* Amal is full */
    CHECK(strstr(err, "as many residents"));
    CHECK_INT_EQ(hub_buddy_match(s, uuid[1], 99, "cas", 4000, err), WK_ENOTFOUND);
    struct hub_buddy roster[2];
    CHECK_OK(hub_buddy_each(s, collect, roster, err));
    CHECK_INT_EQ(roster[0].matches, 1);
    CHECK_INT_EQ(roster[1].matches, 0);
    CHECK_STR_EQ(roster[0].languages.word[1], "nl");

    /* Removed: gone from the roster and from the file, the match kept. */
    CHECK_OK(hub_buddy_remove(s, amal.id, 5000, err));
    CHECK_INT_EQ(hub_buddy_remove(s, amal.id, 5000, err), WK_ENOTFOUND);
    CHECK_INT_EQ(hub_buddy_match(s, uuid[1], amal.id, "cas", 4000, err), WK_ENOTFOUND);
    hub_store_close(s);
    char cmd[PATH_BYTES * 3];
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'PRAGMA wal_checkpoint(TRUNCATE); VACUUM' >/dev/null && "
             "! grep -qa Amal '%s'*", path, path);
    CHECK_INT_EQ(system(cmd), 0);
}
