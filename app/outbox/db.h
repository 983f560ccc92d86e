/* db.h — the SQLite habits the kiosk's queue (state.db, app/outbox) and
 * the hub's store (hub.db, hub/) share: how a connection is locked down,
 * how a schema is brought up to date by user_version, how a failed call
 * becomes a WK_E* code and a message staff can act on, and how a
 * transaction a failure left open is ended. It lives in app/outbox because
 * only the modules that own a database (app/content, app/outbox, hub,
 * tools) may include sqlite3.h; welkom-hub links db.o with the core. */
#ifndef WK_DB_H
#define WK_DB_H

#include "../core/wk.h"

#include <sqlite3.h>

/* One database as its messages name it, and its schema. */
struct db_desc {
    const char *name;           /* "the queue", "the hub database" */
    const char *disk;           /* whose disk fills: "the kiosk's disk" */
    const char *writer;         /* who writes a newer schema: "firmware" */
    const char *kind;           /* what a file of the wrong shape is not: "a welkom queue" */
    /* Entry i takes the schema from user_version i to i + 1. */
    const char *const *migrations;
    int migration_count;
    /* Statements that prepare only if the tables are shaped as the code
     * reads and writes them. */
    const char *const *probes;
    int probe_count;
};

/* What every connection of ours sets first: extended result codes, no
 * string or blob longer than max_length, no attached files, no
 * extensions, defensive mode (no writes to the schema by hand), and a
 * wait of busy_ms for another writer's lock. */
void db_lock_down(sqlite3 *db, int max_length, int busy_ms);

/* Turns an SQLite result code into a WK_E* code and a message that starts
 * with `what` and says in plain words what went wrong ("the kiosk's disk
 * is full", "the queue is busy", "the queue cannot be written (Permission
 * denied)"); WK_EFORMAT means the file itself is damaged. Call it before
 * anything else touches the connection. */
int db_error(sqlite3 *db, const struct db_desc *d, int code, const char *what, char err[WK_ERR_MAX]);

/* Brings the schema to d->migration_count in one write transaction. The
 * version is read inside it, so two handles opening a new file at once
 * migrate it once, and taking the write lock proves the file can be
 * written. A file of a newer schema is WK_EUNSUPPORTED, and left alone. */
int db_migrate(sqlite3 *db, const struct db_desc *d, const char *path, char err[WK_ERR_MAX]);
/* WK_EFORMAT if a probe does not prepare: the file at path is not d->kind. */
int db_check_schema(sqlite3 *db, const struct db_desc *d, const char *path, char err[WK_ERR_MAX]);

/* ROLLBACK, prepared when the connection is opened, after its schema is
 * final (a statement prepared before a migration is prepared again at its
 * first step): ending a failed transaction must need no memory, as
 * running short of it is one way to fail, and a transaction left open
 * would keep the write lock. */
int db_prepare_rollback(sqlite3 *db, sqlite3_stmt **rollback);
/* Ends a transaction a failure left open (with rollback, or NULL while
 * opening, when a failure closes the connection anyway). SQLite rolls
 * some failures (a full disk among them) back itself; a failed COMMIT
 * leaves it open. Either way none of it stays. For the cleanup label
 * after BEGIN. */
void db_end_failed(sqlite3 *db, sqlite3_stmt *rollback);

#endif
