/* store_retention.c — deleting submissions when the days their form
 * promised are over. The consent page tells a resident "How long they are
 * kept: N days" (the form's keep_days); the kiosk sends N with the
 * submission and the hub stored delete_at = received + N days
 * (store.c). Counting from the hub's receipt, never the kiosk's clock: a
 * Pi without a clock battery may believe it is 1970, and a submission
 * must not be deleted before staff could read it. */
#include "store_internal.h"

#include <stdio.h>

/* The rows to delete, as a subquery each statement repeats. */
#define EXPIRED "SELECT uuid FROM submissions WHERE delete_at <= ?1"

int hub_store_prune(struct hub_store *s, int64_t now_ms, int64_t *deleted, char err[WK_ERR_MAX])
{
    *deleted = 0;
    const char *what = "cannot delete submissions past their keep_days";
    const struct hub_param at = { 'i', .i = now_ms };
    int changes = 0, rc = 0;
    pthread_mutex_lock(&s->lock);
    int code = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (code != SQLITE_OK) {
        rc = hub_store_db_error(s, code, what, err);
        goto out;
    }
    /* What staff recorded of them first: both tables point at the uuid. */
    if ((rc = hub_store_exec(s, "DELETE FROM buddy_matches WHERE uuid IN (" EXPIRED ")", &at, 1, NULL, what, err)) ||
        (rc = hub_store_exec(s, "DELETE FROM submission_states WHERE uuid IN (" EXPIRED ")", &at, 1, NULL, what,
                             err)) ||
        (rc = hub_store_exec(s, "DELETE FROM submissions WHERE delete_at <= ?1", &at, 1, &changes, what, err)))
        goto out;
    if (changes > 0) {
        char target[64];
        snprintf(target, sizeof target, "%d submission%s past their keep_days", changes, changes == 1 ? "" : "s");
        const struct hub_param p[] = { at, { 't', .text = "welkom-hub" }, { 't', .text = "deleted" },
                                       { 't', .text = target } };
        if ((rc = hub_store_exec(s, "INSERT INTO audit (at, staff, action, target) VALUES (?, ?, ?, ?)", p, 4,
                                 NULL, what, err)))
            goto out;
    }
    if ((code = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK) {
        rc = hub_store_db_error(s, code, what, err);
        goto out;
    }
    *deleted = changes;
    /* The log still holds the pages as they were before the delete; a
     * checkpoint writes the overwritten pages into hub.db and empties it.
     * A reader in the middle of a walk makes it wait for the next prune,
     * which is no error. */
    if (changes > 0 && sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) != SQLITE_OK)
        wk_log(WK_LOG_INFO, "hub: the write-ahead log is in use; it is emptied at the next prune");
out:
    db_end_failed(s->db, s->rollback);
    pthread_mutex_unlock(&s->lock);
    return rc;
}
