/* outbox_internal.h — what open.c (the connection, the schema, the
 * recovery of a damaged file) and outbox.c (the rows) share. */
#ifndef OUTBOX_INTERNAL_H
#define OUTBOX_INTERNAL_H

#include "db.h"
#include "outbox.h"

#include <sqlite3.h>

/* The longest path of state.db accepted; the set-aside name adds a suffix. */
#define OUTBOX_PATH_MAX 1024
#define OUTBOX_ASIDE_SUFFIX_MAX 48

struct outbox {
    sqlite3 *db;
    sqlite3_stmt *rollback;     /* db_prepare_rollback */
    char path[OUTBOX_PATH_MAX];
    char recovered[OUTBOX_PATH_MAX + OUTBOX_ASIDE_SUFFIX_MAX];  /* "" if not */
};

/* Turns an SQLite result code into a WK_E* code and a message that starts
 * with `what` and says in plain words what went wrong ("the kiosk's disk
 * is full", "the queue is busy", "the queue cannot be written"). Call it
 * before anything else touches the connection. */
int outbox_db_error(struct outbox *o, int code, const char *what, char err[WK_ERR_MAX]);

/* One queued row, inside the caller's transaction; the step's result
 * (SQLITE_DONE when written). */
int outbox_insert(struct outbox *o, const struct outbox_record *r, int64_t now_ms);
/* What outbox_add checks of a record before writing it. */
int outbox_check_record(const struct outbox_record *r, int64_t now_ms, char err[WK_ERR_MAX]);

#endif
