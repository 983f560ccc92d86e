/* presence.c — who is checked in where at this kiosk (docs/volunteers.md):
 * per volunteer number the event, the check-in's uuid and time, and the
 * end of the event's window. Written with the sealed check-in or check-out
 * it belongs to in one transaction, so the queue and the presence never
 * disagree after a power cut. No name and no code is ever stored: the
 * number says which roster entry the next code is checked against. A row
 * whose window has ended is past (the hub closes the stay). */
#include "outbox_internal.h"

#include <stdio.h>
#include <string.h>

int outbox_presence_get(struct outbox *o, uint32_t volunteer, int64_t now_local,
                        struct outbox_presence *out, char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int code = sqlite3_prepare_v2(o->db, "DELETE FROM volunteer_presence WHERE until_local < ?", -1, &st,
                                  NULL);
    if (code == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, now_local);
        code = sqlite3_step(st);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (code != SQLITE_DONE)
        return outbox_db_error(o, code, "the presence of volunteers could not be read", err);
    code = sqlite3_prepare_v2(o->db, "SELECT event, checkin, at, until_local FROM volunteer_presence"
                                     " WHERE volunteer = ?", -1, &st, NULL);
    if (code != SQLITE_OK)
        return outbox_db_error(o, code, "the presence of volunteers could not be read", err);
    sqlite3_bind_int64(st, 1, volunteer);
    int rc = 0;
    code = sqlite3_step(st);
    if (code == SQLITE_ROW) {
        const unsigned char *event = sqlite3_column_text(st, 0), *checkin = sqlite3_column_text(st, 1);
        *out = (struct outbox_presence){ .volunteer = volunteer, .at_ms = sqlite3_column_int64(st, 2),
                                         .until_local = sqlite3_column_int64(st, 3) };
        snprintf(out->event, sizeof out->event, "%s", event ? (const char *)event : "");
        snprintf(out->checkin, sizeof out->checkin, "%s", checkin ? (const char *)checkin : "");
        rc = 1;
        code = sqlite3_step(st);
    }
    if (code != SQLITE_DONE)
        rc = outbox_db_error(o, code, "the presence of volunteers could not be read", err);
    sqlite3_finalize(st);
    return rc;
}

int outbox_add_presence(struct outbox *o, const struct outbox_record *records, int count,
                        uint32_t volunteer, const struct outbox_presence *here, int64_t now_ms,
                        char err[WK_ERR_MAX])
{
    for (int i = 0; i < count; i++) {
        const struct outbox_record *r = &records[i];
        int rc = outbox_check_record(r, now_ms, err);
        if (rc)
            return rc;
    }
    if (here && (!here->event[0] || !wk_uuid_ok(here->checkin))) {
        wk_seterr(err, "the check-in was not saved: no event or a malformed id");
        return WK_EINVAL;
    }
    sqlite3_stmt *st = NULL;
    int rc = 0, code = sqlite3_exec(o->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    for (int i = 0; code == SQLITE_OK && i < count; i++) {
        const struct outbox_record *r = &records[i];
        code = outbox_insert(o, r, now_ms);
        if (code == SQLITE_DONE)
            code = SQLITE_OK;
    }
    if (code == SQLITE_OK)
        code = sqlite3_prepare_v2(o->db, "DELETE FROM volunteer_presence WHERE volunteer = ?", -1, &st, NULL);
    if (code == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, volunteer);
        code = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(o->db);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (code == SQLITE_OK && here) {
        code = sqlite3_prepare_v2(o->db, "INSERT INTO volunteer_presence (volunteer, event, checkin, at,"
                                         " until_local) VALUES (?, ?, ?, ?, ?)", -1, &st, NULL);
        if (code == SQLITE_OK) {
            sqlite3_bind_int64(st, 1, volunteer);
            sqlite3_bind_text(st, 2, here->event, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 3, here->checkin, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 4, here->at_ms);
            sqlite3_bind_int64(st, 5, here->until_local);
            code = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(o->db);
        }
        sqlite3_finalize(st);
    }
    if (code == SQLITE_OK)
        code = sqlite3_exec(o->db, "COMMIT", NULL, NULL, NULL);
    if (code != SQLITE_OK)
        rc = outbox_db_error(o, code, "the check-in or check-out was not saved", err);
    db_end_failed(o->db, o->rollback);
    if (rc)
        wk_log(WK_LOG_WARN, "outbox: %s", err);
    return rc;
}
