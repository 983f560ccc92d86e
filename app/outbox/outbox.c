/* outbox.c — the rows of the durable queue of sealed submissions
 * (state.db). A row is written with the places of its sign-up in one
 * transaction, durably, before the receipt is shown; the sync worker takes
 * the oldest due row and marks it delivered (the payload is wiped, the
 * metadata stays for the counts), rejected (kept with the reason, for
 * staff) or due again later. No row is ever deleted. The payloads are
 * sealed to the hub before they get here, and nothing in this file logs a
 * payload or a reference code. */
#include "outbox_internal.h"
#include "../core/utf8.h"

#include <limits.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* A reference code is drawn again while a row already has it. With 31^6
 * codes even a queue of a million rows needs a second draw one time in
 * 900; needing this many means the random source is broken. */
#define OUTBOX_REF_TRIES 32
/* What one sign-up may carry: bounds for a broken form, not a policy. */
#define OUTBOX_MAX_PLACES 1000
#define OUTBOX_ACTIVITY_BYTES 128

/* --- checking what the caller hands in --------------------------------- */

static int check_submission(const struct outbox_record *r, const struct outbox_signup *signup,
                            int64_t now_ms, char err[WK_ERR_MAX])
{
    const char *problem = NULL;
    if (!wk_uuid_ok(r->uuid))
        problem = "its id is malformed";
    else if (!wk_ref_ok(r->ref))
        problem = "its reference code is malformed";
    else if (!wk_name_ok(r->kind, OUTBOX_KIND_BYTES - 1))     /* the hub judges the kind */
        problem = "its kind is empty, too long or has odd characters";
    else if (!r->sealed || r->size == 0 || r->size > OUTBOX_MAX_PAYLOAD)
        problem = "the sealed payload is empty or too large";
    else if (r->keep_days < 0 || r->keep_days > WK_MAX_KEEP_DAYS)
        problem = "how long the hub keeps it is not 0 to 3650 days";
    else if (now_ms < 0)
        problem = "the clock is before 1970";
    else if (signup && (!signup->activity || !signup->activity[0] ||
                        strlen(signup->activity) >= OUTBOX_ACTIVITY_BYTES))
        problem = "the sign-up names no activity, or a too long one";
    else if (signup && (signup->places < 1 || signup->places > OUTBOX_MAX_PLACES))
        problem = "the sign-up takes no places, or too many";
    else if (signup && signup->bundle_version < 0)
        problem = "the sign-up has a negative bundle version";
    if (!problem)
        return 0;
    wk_seterr(err, "the submission was not saved: %s", problem);
    return WK_EINVAL;
}

static void bind_error(sqlite3_stmt *st, int index, const char *text)
{
    if (text)
        sqlite3_bind_text(st, index, text, (int)wk_utf8_cut(text, OUTBOX_ERROR_BYTES - 1), SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, index);
}

/* Named states stay named in SQL: statements say :queued, :delivered and
 * :rejected, and this prepares sql and binds whichever of them it names
 * to the values of enum outbox_state. SQLite numbers a named parameter
 * one past the highest number used before it in the text, so a numbered
 * ?N goes before the first state, or is at most the count before it. */
static int prepare(struct outbox *o, const char *sql, sqlite3_stmt **st)
{
    static const struct { const char *name; enum outbox_state state; } states[] = {
        { ":queued", OUTBOX_QUEUED }, { ":delivered", OUTBOX_DELIVERED }, { ":rejected", OUTBOX_REJECTED },
    };
    int code = sqlite3_prepare_v2(o->db, sql, -1, st, NULL);
    for (size_t i = 0; code == SQLITE_OK && i < WK_ARRAY_LEN(states); i++) {
        int index = sqlite3_bind_parameter_index(*st, states[i].name);
        if (index)
            code = sqlite3_bind_int(*st, index, states[i].state);
    }
    return code;
}

/* --- adding ------------------------------------------------------------- */

int outbox_insert(struct outbox *o, const struct outbox_record *r, int64_t now_ms)
{
    sqlite3_stmt *st;
    int code = prepare(o, "INSERT INTO submissions (uuid, ref, kind, created_at, payload, keep_days, state,"
                          " next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, :queued, ?4)", &st);
    if (code != SQLITE_OK)
        return code;
    sqlite3_bind_text(st, 1, r->uuid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, r->ref, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, r->kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, now_ms);
    sqlite3_bind_blob(st, 5, r->sealed, (int)r->size, SQLITE_STATIC);
    if (r->keep_days > 0)
        sqlite3_bind_int(st, 6, r->keep_days);
    code = sqlite3_step(st);
    sqlite3_finalize(st);
    return code;
}

int outbox_check_record(const struct outbox_record *r, int64_t now_ms, char err[WK_ERR_MAX])
{
    return check_submission(r, NULL, now_ms, err);
}

int outbox_add(struct outbox *o, const struct outbox_record *record, const struct outbox_signup *signup,
               int64_t now_ms, char err[WK_ERR_MAX])
{
    int rc = check_submission(record, signup, now_ms, err);
    if (rc) {
        wk_log(WK_LOG_WARN, "outbox: %s", err);
        return rc;
    }
    sqlite3_stmt *st = NULL;
    int code = sqlite3_exec(o->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (code != SQLITE_OK)
        goto out;
    if ((code = outbox_insert(o, record, now_ms)) != SQLITE_DONE)
        goto out;
    if (signup) {
        code = sqlite3_prepare_v2(o->db,
                                  "INSERT INTO local_signups (uuid, activity, day, places,"
                                  " bundle_version) VALUES (?, ?, ?, ?, ?)",
                                  -1, &st, NULL);
        if (code != SQLITE_OK)
            goto out;
        sqlite3_bind_text(st, 1, record->uuid, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, signup->activity, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, signup->day);
        sqlite3_bind_int(st, 4, signup->places);
        sqlite3_bind_int64(st, 5, signup->bundle_version);
        if ((code = sqlite3_step(st)) != SQLITE_DONE)
            goto out;
    }
    code = sqlite3_exec(o->db, "COMMIT", NULL, NULL, NULL);
out:
    if (code != SQLITE_OK && code != SQLITE_DONE)
        rc = outbox_db_error(o, code, "the submission was not saved", err);
    sqlite3_finalize(st);
    db_end_failed(o->db, o->rollback);
    if (rc)
        wk_log(WK_LOG_WARN, "outbox: %s (kind %s)", err, record->kind);
    return rc;
}

/* --- ids ---------------------------------------------------------------- */

int outbox_new_ids(struct outbox *o, char uuid[OUTBOX_UUID_BYTES], char ref[OUTBOX_REF_BYTES],
                   char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int rc = WK_EIO;
    int code = sqlite3_prepare_v2(o->db, "SELECT 1 FROM submissions WHERE ref = ?", -1, &st, NULL);
    if (code != SQLITE_OK) {
        rc = outbox_db_error(o, code, "cannot make a reference code", err);
        goto out;
    }
    wk_uuid_new(uuid);
    for (int i = 0; i < OUTBOX_REF_TRIES; i++) {
        wk_ref_new(ref);
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
        code = sqlite3_step(st);
        if (code == SQLITE_DONE) {
            rc = 0;
            goto out;
        }
        if (code != SQLITE_ROW) {
            rc = outbox_db_error(o, code, "cannot make a reference code", err);
            goto out;
        }
    }
    wk_seterr(err, "no free reference code after %d tries", OUTBOX_REF_TRIES);
out:
    sqlite3_finalize(st);
    if (rc)
        uuid[0] = ref[0] = '\0';
    return rc;
}

/* --- the sync worker's side --------------------------------------------- */

void outbox_row_free(struct outbox_row *row)
{
    if (!row)
        return;
    if (row->payload) {
        sodium_memzero(row->payload, row->payload_size);
        free(row->payload);
    }
    memset(row, 0, sizeof *row);
}

static void copy_text(char *dst, size_t size, const unsigned char *src)
{
    snprintf(dst, size, "%s", src ? (const char *)src : "");
}

/* Fills row from the current result of the next-due or the list query
 * (uuid, kind, ref, created_at, attempts, next_attempt_at, payload,
 * keep_days): 0, 1 if the row has no payload (only a damaged or edited
 * file has that), or WK_ENOMEM. */
static int read_row(sqlite3_stmt *st, struct outbox_row *row, char err[WK_ERR_MAX])
{
    copy_text(row->uuid, sizeof row->uuid, sqlite3_column_text(st, 0));
    copy_text(row->kind, sizeof row->kind, sqlite3_column_text(st, 1));
    copy_text(row->ref, sizeof row->ref, sqlite3_column_text(st, 2));
    row->created_at_ms = sqlite3_column_int64(st, 3);
    row->attempts = sqlite3_column_int(st, 4);
    row->next_attempt_ms = sqlite3_column_int64(st, 5);
    row->keep_days = sqlite3_column_int(st, 7);         /* NULL reads as 0 */
    const void *blob = sqlite3_column_blob(st, 6);
    int n = sqlite3_column_bytes(st, 6);
    if (!blob || n <= 0)
        return 1;
    row->payload = wk_malloc((size_t)n);
    if (!row->payload) {
        wk_seterr(err, "out of memory reading the queue");
        return WK_ENOMEM;
    }
    memcpy(row->payload, blob, (size_t)n);
    row->payload_size = (size_t)n;
    return 0;
}

/* A row without a payload can never be delivered; rejecting it (kept, for
 * staff) keeps it from blocking every row behind it. */
#define OUTBOX_NO_PAYLOAD "the queue holds no payload for this submission"

int outbox_next_due(struct outbox *o, int64_t now_ms, struct outbox_row *row, char err[WK_ERR_MAX])
{
    memset(row, 0, sizeof *row);
    sqlite3_stmt *st = NULL;
    int rc = 0;
    /* "+next_attempt_at": the time is checked row by row while
     * submissions_queue gives the rows oldest first; ranging over it
     * instead would sort every queued row at each call. */
    int code = prepare(o, "SELECT uuid, kind, ref, created_at, attempts, next_attempt_at, payload,"
                          " keep_days FROM submissions WHERE +next_attempt_at <= ?1 AND state = :queued"
                          " ORDER BY created_at, rowid LIMIT 1", &st);
    if (code != SQLITE_OK)
        goto out;
    sqlite3_bind_int64(st, 1, now_ms);
    for (;;) {
        code = sqlite3_step(st);
        if (code != SQLITE_ROW)
            break;
        rc = read_row(st, row, err);
        if (rc <= 0)
            break;
        char uuid[OUTBOX_UUID_BYTES];
        memcpy(uuid, row->uuid, sizeof uuid);
        wk_log(WK_LOG_WARN, "outbox: a queued %s submission has no payload; rejected", row->kind);
        memset(row, 0, sizeof *row);
        sqlite3_reset(st);
        if ((rc = outbox_mark_rejected(o, uuid, OUTBOX_NO_PAYLOAD, err)))
            break;
    }
out:
    if (code != SQLITE_ROW && code != SQLITE_DONE)
        rc = outbox_db_error(o, code, "cannot read the queue", err);
    sqlite3_finalize(st);
    if (rc < 0) {
        outbox_row_free(row);
        return rc;
    }
    return code == SQLITE_ROW;
}

/* On an error (logged) 0: "due now", so the caller asks outbox_next_due,
 * meets the error itself and backs off, instead of sleeping past rows. */
int64_t outbox_next_due_ms(struct outbox *o)
{
    sqlite3_stmt *st = NULL;
    int64_t due = 0;
    int code = prepare(o, "SELECT MIN(next_attempt_at) FROM submissions WHERE state = :queued", &st);
    if (code == SQLITE_OK)
        code = sqlite3_step(st);
    if (code == SQLITE_ROW)
        due = sqlite3_column_type(st, 0) == SQLITE_NULL ? INT64_MAX : sqlite3_column_int64(st, 0);
    else {
        char err[WK_ERR_MAX];
        outbox_db_error(o, code, "cannot read the queue", err);
        wk_log(WK_LOG_WARN, "outbox: %s", err);
    }
    sqlite3_finalize(st);
    return due;
}

/* Runs an UPDATE of one row by uuid (?1). 0 if it changed the row; if it
 * did not, WK_ENOTFOUND when no row has that uuid, else 1 (the row is in a
 * state the update leaves alone), for the caller to judge. */
static int update_row(struct outbox *o, sqlite3_stmt *st, const char *uuid, const char *what,
                      char err[WK_ERR_MAX])
{
    int code = sqlite3_step(st);
    if (code != SQLITE_DONE)
        return outbox_db_error(o, code, what, err);
    if (sqlite3_changes(o->db) > 0)
        return 0;
    sqlite3_stmt *find = NULL;
    code = sqlite3_prepare_v2(o->db, "SELECT 1 FROM submissions WHERE uuid = ?", -1, &find, NULL);
    if (code == SQLITE_OK) {
        sqlite3_bind_text(find, 1, uuid, -1, SQLITE_STATIC);
        code = sqlite3_step(find);
    }
    int rc = 1;
    if (code == SQLITE_DONE) {
        wk_seterr(err, "%s: no submission with that id is in the queue", what);
        rc = WK_ENOTFOUND;
    } else if (code != SQLITE_ROW) {
        rc = outbox_db_error(o, code, what, err);
    }
    sqlite3_finalize(find);
    return rc;
}

/* Prepares sql and binds uuid as ?1; the message for a failure to prepare
 * is the caller's `what`. */
static int prepare_for(struct outbox *o, const char *sql, const char *uuid, sqlite3_stmt **st,
                       const char *what, char err[WK_ERR_MAX])
{
    if (!wk_uuid_ok(uuid)) {
        wk_seterr(err, "%s: the id is malformed", what);
        return WK_EINVAL;
    }
    int code = prepare(o, sql, st);
    if (code != SQLITE_OK)
        return outbox_db_error(o, code, what, err);
    sqlite3_bind_text(*st, 1, uuid, -1, SQLITE_STATIC);
    return 0;
}

/* Marking a row delivered again is fine (the hub answered twice); so is a
 * row that had been rejected, if the hub has it after all. The payload
 * goes: with secure_delete its bytes are overwritten in the file. */
int outbox_mark_delivered(struct outbox *o, const char *uuid, int64_t now_ms, char err[WK_ERR_MAX])
{
    static const char what[] = "cannot mark the submission delivered";
    sqlite3_stmt *st = NULL;
    int rc = prepare_for(o,
                         "UPDATE submissions SET payload = NULL, delivered_at = ?2, state = :delivered"
                         " WHERE uuid = ?1 AND state <> :delivered",
                         uuid, &st, what, err);
    if (rc == 0) {
        sqlite3_bind_int64(st, 2, now_ms);
        rc = update_row(o, st, uuid, what, err);
        if (rc == 1)
            rc = 0;                                     /* delivered already */
    }
    sqlite3_finalize(st);
    return rc;
}

int outbox_mark_rejected(struct outbox *o, const char *uuid, const char *reason, char err[WK_ERR_MAX])
{
    static const char what[] = "cannot mark the submission rejected";
    sqlite3_stmt *st = NULL;
    int rc = prepare_for(o, "UPDATE submissions SET last_error = ?2, state = :rejected"
                            " WHERE uuid = ?1 AND state <> :delivered",
                         uuid, &st, what, err);
    if (rc == 0) {
        bind_error(st, 2, reason);
        rc = update_row(o, st, uuid, what, err);
        if (rc == 1) {
            wk_seterr(err, "%s: it was delivered already", what);
            rc = WK_EINVAL;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

int outbox_reschedule(struct outbox *o, const char *uuid, int64_t next_attempt_ms,
                      const char *last_error, char err[WK_ERR_MAX])
{
    static const char what[] = "cannot reschedule the submission";
    sqlite3_stmt *st = NULL;
    int rc = prepare_for(o,
                         "UPDATE submissions SET attempts = attempts + 1, next_attempt_at = ?2,"
                         " last_error = ?3, failed_seq = (SELECT COALESCE(MAX(failed_seq), 0) + 1"
                         " FROM submissions WHERE state = :queued) WHERE uuid = ?1 AND state = :queued",
                         uuid, &st, what, err);
    if (rc == 0) {
        sqlite3_bind_int64(st, 2, next_attempt_ms);
        bind_error(st, 3, last_error);
        rc = update_row(o, st, uuid, what, err);
        if (rc == 1) {
            wk_seterr(err, "%s: it is no longer queued", what);
            rc = WK_EINVAL;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

/* --- what staff and heartbeats see -------------------------------------- */

/* One statement, so the numbers come from one snapshot of the queue. */
int outbox_counts(struct outbox *o, struct outbox_counts *out, char err[WK_ERR_MAX])
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    int rc = 0;
    int code = prepare(o,
        "SELECT (SELECT COUNT(*) FROM submissions WHERE state = :queued),"
        " (SELECT COUNT(*) FROM submissions WHERE state = :delivered),"
        " (SELECT COUNT(*) FROM submissions WHERE state = :rejected),"
        " (SELECT MIN(created_at) FROM submissions WHERE state = :queued),"
        " (SELECT last_error FROM submissions WHERE state = :queued AND failed_seq IS NOT NULL"
        "  ORDER BY failed_seq DESC LIMIT 1),"
        " (SELECT MAX(delivered_at) FROM submissions WHERE state = :delivered)", &st);
    if (code == SQLITE_OK)
        code = sqlite3_step(st);
    if (code != SQLITE_ROW) {
        rc = outbox_db_error(o, code, "cannot count the queue", err);
        goto out;
    }
    out->queued = sqlite3_column_int(st, 0);
    out->delivered = sqlite3_column_int(st, 1);
    out->rejected = sqlite3_column_int(st, 2);
    out->oldest_queued_ms = sqlite3_column_int64(st, 3);    /* NULL reads as 0 */
    copy_text(out->last_error, sizeof out->last_error, sqlite3_column_text(st, 4));
    out->last_delivered_ms = sqlite3_column_int64(st, 5);   /* NULL reads as 0 */
out:
    sqlite3_finalize(st);
    return rc;
}

/* The payload column is not even read: what staff see at the kiosk cannot
 * hold a resident's words, sealed or not. */
int outbox_rejected(struct outbox *o, struct outbox_rejected_row *rows, int max, int *n,
                    char err[WK_ERR_MAX])
{
    *n = 0;
    sqlite3_stmt *st = NULL;
    int code = prepare(o, "SELECT kind, ref, created_at, last_error FROM submissions"
                          " WHERE state = :rejected ORDER BY created_at DESC, rowid DESC", &st);
    while (code == SQLITE_OK && (code = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
        struct outbox_rejected_row *r = &rows[(*n)++];
        copy_text(r->kind, sizeof r->kind, sqlite3_column_text(st, 0));
        copy_text(r->ref, sizeof r->ref, sqlite3_column_text(st, 1));
        r->created_at_ms = sqlite3_column_int64(st, 2);
        copy_text(r->reason, sizeof r->reason, sqlite3_column_text(st, 3));
        code = SQLITE_OK;
    }
    int rc = code == SQLITE_DONE || code == SQLITE_ROW ? 0
           : outbox_db_error(o, code, "cannot read the rejected submissions", err);
    sqlite3_finalize(st);
    return rc;
}

int outbox_retry_rejected(struct outbox *o, int64_t now_ms, int *count, char err[WK_ERR_MAX])
{
    *count = 0;
    sqlite3_stmt *st = NULL;
    /* ?1 before the named states: they are numbered after it. */
    int code = prepare(o, "UPDATE submissions SET next_attempt_at = ?1, state = :queued, attempts = 0,"
                          " failed_seq = NULL WHERE state = :rejected AND payload IS NOT NULL", &st);
    if (code == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, now_ms);
        code = sqlite3_step(st);
    }
    int rc = 0;
    if (code == SQLITE_DONE)
        *count = sqlite3_changes(o->db);
    else
        rc = outbox_db_error(o, code, "cannot queue the rejected submissions again", err);
    sqlite3_finalize(st);
    return rc;
}

int outbox_signups(struct outbox *o, const char *activity, int32_t day, int64_t bundle_version)
{
    if (!activity)
        return 0;
    sqlite3_stmt *st = NULL;
    int64_t places = 0;
    int code = prepare(o, "SELECT COALESCE(SUM(l.places), 0) FROM local_signups l"
                          " JOIN submissions s ON s.uuid = l.uuid"
                          " WHERE l.activity = ?1 AND l.day = ?2 AND l.bundle_version >= ?3"
                          " AND s.state <> :rejected", &st);
    if (code == SQLITE_OK) {
        sqlite3_bind_text(st, 1, activity, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, day);
        sqlite3_bind_int64(st, 3, bundle_version);
        code = sqlite3_step(st);
    }
    if (code == SQLITE_ROW) {
        places = sqlite3_column_int64(st, 0);
    } else {
        char err[WK_ERR_MAX];
        outbox_db_error(o, code, "cannot count the sign-ups", err);
        wk_log(WK_LOG_WARN, "outbox: %s", err);
    }
    sqlite3_finalize(st);
    return (int)WK_CLAMP(places, 0, INT_MAX);
}

int outbox_list(struct outbox *o, int (*each)(void *user, const struct outbox_row *row), void *user,
                char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    int code = sqlite3_prepare_v2(o->db,
                                  "SELECT uuid, kind, ref, created_at, attempts, next_attempt_at, payload,"
                                  " keep_days, state, last_error FROM submissions ORDER BY created_at, rowid",
                                  -1, &st, NULL);
    while (code == SQLITE_OK || code == SQLITE_ROW) {
        code = sqlite3_step(st);
        if (code != SQLITE_ROW)
            break;
        struct outbox_row row = { 0 };
        if ((rc = read_row(st, &row, err)) < 0)
            break;
        row.state = (enum outbox_state)sqlite3_column_int(st, 8);
        copy_text(row.last_error, sizeof row.last_error, sqlite3_column_text(st, 9));
        rc = each(user, &row);
        outbox_row_free(&row);
        if (rc)
            break;
    }
    if (code != SQLITE_ROW && code != SQLITE_DONE)
        rc = outbox_db_error(o, code, "cannot read the queue", err);
    sqlite3_finalize(st);
    return rc;
}
