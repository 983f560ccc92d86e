/* buddy_store.c — the roster of buddies and the matches in hub.db
 * (buddy.h). A buddy is a volunteer's first name and what they offer
 * (languages, interests, times of the week, gender, age group, how many
 * residents at once); the roster stays on the hub, read and edited by
 * caseworkers only. Removing a buddy erases those details and keeps
 * the id, so a match made with them still names someone. A match is a
 * request's uuid, a buddy's id, who matched them and when: nothing the
 * resident wrote. */
#include "buddy.h"
#include "text.h"
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUDDY_COLUMNS \
    "b.id, b.first_name, b.languages, b.interests, b.availability, b.gender, b.age, b.capacity," \
    " (SELECT count(*) FROM buddy_matches m WHERE m.buddy_id = b.id)"
/* "ar nl" of a full list: BUDDY_WORDS_MAX words and their spaces. */
#define BUDDY_WORDS_TEXT (BUDDY_WORDS_MAX * BUDDY_WORD_MAX)

static bool gender_ok(const char *g)
{
    return !g[0] || !strcmp(g, "woman") || !strcmp(g, "man") || !strcmp(g, "other");
}

/* Whether b may be stored; its first name made printable on the way. */
static bool buddy_ok(struct hub_buddy *b, char err[WK_ERR_MAX])
{
    char clean[HUB_BUDDY_NAME_MAX + 1];
    hub_text_clean(clean, sizeof clean, b->first_name);
    size_t start = strspn(clean, " "), n = strlen(clean + start);
    while (n && clean[start + n - 1] == ' ')
        n--;
    if (n == 0) {
        wk_seterr(err, "a buddy has a first name (at most %d bytes)", HUB_BUDDY_NAME_MAX);
        return false;
    }
    snprintf(b->first_name, sizeof b->first_name, "%.*s", (int)n, clean + start);
    if (!gender_ok(b->gender)) {
        wk_seterr(err, "gender is woman, man, other or empty");
        return false;
    }
    if (b->age[0] && !buddy_word_ok(b->age)) {
        wk_seterr(err, "an age group is a word like 26-40");
        return false;
    }
    if (b->capacity < 1 || b->capacity > HUB_BUDDY_CAPACITY_MAX) {
        wk_seterr(err, "a buddy meets 1 to %d residents at once", HUB_BUDDY_CAPACITY_MAX);
        return false;
    }
    return true;
}

int hub_buddy_put(struct hub_store *s, struct hub_buddy *b, int64_t now_ms, char err[WK_ERR_MAX])
{
    if (!buddy_ok(b, err))
        return WK_EINVAL;
    char languages[BUDDY_WORDS_TEXT], interests[BUDDY_WORDS_TEXT], availability[BUDDY_WORDS_TEXT];
    buddy_words_join(&b->languages, languages, sizeof languages);
    buddy_words_join(&b->interests, interests, sizeof interests);
    buddy_words_join(&b->availability, availability, sizeof availability);
    const struct hub_param p[] = {
        { 't', .text = b->first_name }, { 't', .text = languages }, { 't', .text = interests },
        { 't', .text = availability }, { 't', .text = b->gender }, { 't', .text = b->age },
        { 'i', .i = b->capacity }, { 'i', .i = now_ms }, { 'i', .i = b->id } };
    int changes = 0, rc;
    pthread_mutex_lock(&s->lock);
    if (b->id == 0) {
        rc = hub_store_exec(s, "INSERT INTO buddies (first_name, languages, interests, availability, gender, age,"
                               " capacity, updated_at) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8"
                               " WHERE (SELECT count(*) FROM buddies WHERE removed_at IS NULL) < ?9",
                            (const struct hub_param[]){ p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7],
                                                        { 'i', .i = HUB_BUDDIES_MAX } },
                            9, &changes, "cannot add the buddy", err);
        if (rc == 0 && changes == 1)
            b->id = sqlite3_last_insert_rowid(s->db);
        if (rc == 0 && changes == 0) {
            wk_seterr(err, "the roster holds %d buddies already", HUB_BUDDIES_MAX);
            rc = WK_EINVAL;
        }
    } else {
        rc = hub_store_exec(s, "UPDATE buddies SET first_name = ?1, languages = ?2, interests = ?3, availability = ?4,"
                               " gender = ?5, age = ?6, capacity = ?7, updated_at = ?8"
                               " WHERE id = ?9 AND removed_at IS NULL", p, 9, &changes, "cannot change the buddy", err);
        if (rc == 0 && changes == 0) {
            wk_seterr(err, "no such buddy");
            rc = WK_ENOTFOUND;
        }
    }
    pthread_mutex_unlock(&s->lock);
    return rc;
}

int hub_buddy_remove(struct hub_store *s, int64_t id, int64_t now_ms, char err[WK_ERR_MAX])
{
    int changes = 0;
    const struct hub_param p[] = { { 'i', .i = now_ms }, { 'i', .i = id } };
    int rc = hub_store_exec_locked(s, "UPDATE buddies SET first_name = '', languages = '', interests = '',"
                                      " availability = '', gender = '', age = '', removed_at = ?1"
                                      " WHERE id = ?2 AND removed_at IS NULL", p, 2, &changes,
                                   "cannot remove the buddy", err);
    if (rc == 0 && changes == 0) {
        wk_seterr(err, "no such buddy");
        rc = WK_ENOTFOUND;
    }
    return rc;
}

/* A row of BUDDY_COLUMNS into b; what the hub wrote itself, so a word
 * that does not parse (a row written by hand) is left out. */
static void read_buddy(sqlite3_stmt *st, struct hub_buddy *b)
{
    char err[WK_ERR_MAX];
    memset(b, 0, sizeof *b);
    b->id = sqlite3_column_int64(st, 0);
    hub_store_copy_column(b->first_name, sizeof b->first_name, st, 1);
    buddy_words_parse(&b->languages, (const char *)sqlite3_column_text(st, 2), err);
    buddy_words_parse(&b->interests, (const char *)sqlite3_column_text(st, 3), err);
    buddy_words_parse(&b->availability, (const char *)sqlite3_column_text(st, 4), err);
    hub_store_copy_column(b->gender, sizeof b->gender, st, 5);
    hub_store_copy_column(b->age, sizeof b->age, st, 6);
    b->capacity = sqlite3_column_int(st, 7);
    b->matches = sqlite3_column_int(st, 8);
}

int hub_buddy_each(struct hub_store *s, int (*each)(void *user, const struct hub_buddy *b), void *user,
                   char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    struct hub_buddy *b = wk_malloc(sizeof *b);
    if (!b) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    pthread_mutex_lock(&s->lock);
    int code = sqlite3_prepare_v2(s->db, "SELECT " BUDDY_COLUMNS " FROM buddies b WHERE b.removed_at IS NULL"
                                         " ORDER BY b.first_name COLLATE NOCASE, b.id", -1, &st, NULL);
    while (code == SQLITE_OK && (code = sqlite3_step(st)) == SQLITE_ROW) {
        read_buddy(st, b);
        if ((rc = each(user, b)) != 0)
            break;
        code = SQLITE_OK;
    }
    if (rc == 0 && code != SQLITE_DONE)
        rc = hub_store_db_error(s, code, "cannot read the buddies", err);
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    free(b);
    return rc;
}

int hub_buddy_requests_each(struct hub_store *s, int (*each)(void *user, const struct hub_buddy_request *r),
                            void *user, char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    pthread_mutex_lock(&s->lock);
    int code = sqlite3_prepare_v2(s->db, "SELECT s.uuid, k.name, s.ref, s.received_at FROM submissions s"
                                         " JOIN kiosks k ON k.id = s.kiosk_id WHERE s.kind = 'buddy'"
                                         " AND NOT EXISTS (SELECT 1 FROM buddy_matches m WHERE m.uuid = s.uuid)"
                                         " ORDER BY s.received_at, s.uuid", -1, &st, NULL);
    while (code == SQLITE_OK && (code = sqlite3_step(st)) == SQLITE_ROW) {
        struct hub_buddy_request r = { (const char *)sqlite3_column_text(st, 0),
                                       (const char *)sqlite3_column_text(st, 1),
                                       (const char *)sqlite3_column_text(st, 2), sqlite3_column_int64(st, 3) };
        if (!r.uuid || !r.kiosk || !r.ref) {
            code = SQLITE_NOMEM;
            break;
        }
        if ((rc = each(user, &r)) != 0)
            break;
        code = SQLITE_OK;
    }
    if (rc == 0 && code != SQLITE_DONE)
        rc = hub_store_db_error(s, code, "cannot read the buddy requests", err);
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

/* The one row a query of one integer and one text parameter answers,
 * as a number; -1 for no row. */
static int64_t number_of(struct hub_store *s, const char *sql, int64_t i, const char *text, int *code)
{
    sqlite3_stmt *st = NULL;
    int64_t n = -1;
    *code = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (*code == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, i);
        sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
        *code = sqlite3_step(st);
    }
    if (*code == SQLITE_ROW) {
        n = sqlite3_column_int64(st, 0);
        *code = SQLITE_OK;
    } else if (*code == SQLITE_DONE) {
        *code = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return n;
}

int hub_buddy_match(struct hub_store *s, const char *uuid, int64_t buddy_id, const char *who, int64_t now_ms,
                    char err[WK_ERR_MAX])
{
    const char *what = "cannot record the match";
    pthread_mutex_lock(&s->lock);
    int code = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    int rc = code == SQLITE_OK ? 0 : hub_store_db_error(s, code, what, err);
    /* The request: -1 none, 0 open, 1 matched. The buddy: -1 none, else
     * how many more residents they can take. */
    int64_t request = -1, room = -1;
    if (rc == 0)
        request = number_of(s, "SELECT EXISTS (SELECT 1 FROM buddy_matches WHERE uuid = ?2) FROM submissions"
                               " WHERE uuid = ?2 AND kind = 'buddy'", 0, uuid, &code);
    if (rc == 0 && code == SQLITE_OK)
        room = number_of(s, "SELECT capacity - (SELECT count(*) FROM buddy_matches WHERE buddy_id = ?1) FROM buddies"
                            " WHERE id = ?1 AND removed_at IS NULL", buddy_id, "", &code);
    if (rc == 0 && code != SQLITE_OK) {
        rc = hub_store_db_error(s, code, what, err);
    } else if (rc == 0 && request < 0) {
        wk_seterr(err, "no such buddy request");
        rc = WK_ENOTFOUND;
    } else if (rc == 0 && room < 0) {
        wk_seterr(err, "no such buddy");
        rc = WK_ENOTFOUND;
    } else if (rc == 0 && request == 1) {
        wk_seterr(err, "this request has a buddy already");
        rc = WK_EINVAL;
    } else if (rc == 0 && room == 0) {
        wk_seterr(err, "this buddy has as many residents as they offered to meet");
        rc = WK_EINVAL;
    }
    const struct hub_param p[] = { { 't', .text = uuid }, { 'i', .i = buddy_id }, { 't', .text = who },
                                   { 'i', .i = now_ms } };
    if (rc == 0)
        rc = hub_store_exec(s, "INSERT INTO buddy_matches (uuid, buddy_id, staff, at) VALUES (?, ?, ?, ?)", p, 4,
                            NULL, what, err);
    if (rc == 0 && (code = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
        rc = hub_store_db_error(s, code, what, err);
    db_end_failed(s->db, s->rollback);
    pthread_mutex_unlock(&s->lock);
    return rc;
}
