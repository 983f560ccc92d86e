/* db.c — the SQLite habits state.db and hub.db share (db.h). */
#include "db.h"

#include "outbox.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* "PRAGMA user_version = 2147483647" and its NUL. */
#define DB_PRAGMA_BYTES 48
/* SQLite asks for a block's size back: it is kept in front of the block,
 * in room that keeps malloc's alignment for what follows. */
#define DB_ALLOC_HEADER 16
#define DB_ALLOC_ALIGN 8

/* --- SQLite's memory through wk_malloc ----------------------------------- */

static unsigned char *block_of(void *p) { return (unsigned char *)p - DB_ALLOC_HEADER; }

static void *with_size(unsigned char *block, int n)
{
    if (!block)
        return NULL;
    size_t size = (size_t)n;
    memcpy(block, &size, sizeof size);
    return block + DB_ALLOC_HEADER;
}

static void *sql_malloc(int n) { return n > 0 ? with_size(wk_malloc(DB_ALLOC_HEADER + (size_t)n), n) : NULL; }

static void sql_free(void *p)
{
    if (p)
        wk_free(block_of(p));
}

static void *sql_realloc(void *p, int n)
{
    if (!p)
        return sql_malloc(n);
    return n > 0 ? with_size(wk_realloc(block_of(p), DB_ALLOC_HEADER + (size_t)n), n) : NULL;
}

static int sql_size(void *p)
{
    size_t size = 0;
    if (p)
        memcpy(&size, block_of(p), sizeof size);
    return (int)size;
}

static int sql_roundup(int n) { return (n + DB_ALLOC_ALIGN - 1) & ~(DB_ALLOC_ALIGN - 1); }
static int sql_init(void *unused) { (void)unused; return SQLITE_OK; }
static void sql_shutdown(void *unused) { (void)unused; }

static pthread_once_t alloc_once = PTHREAD_ONCE_INIT;
static int alloc_installed = SQLITE_MISUSE;

static void install_alloc(void)
{
    static const sqlite3_mem_methods methods = {
        .xMalloc = sql_malloc, .xFree = sql_free, .xRealloc = sql_realloc, .xSize = sql_size,
        .xRoundup = sql_roundup, .xInit = sql_init, .xShutdown = sql_shutdown,
    };
    alloc_installed = sqlite3_config(SQLITE_CONFIG_MALLOC, &methods);
}

int outbox_use_wk_alloc(void)
{
    pthread_once(&alloc_once, install_alloc);
    if (alloc_installed != SQLITE_OK) {
        /* SQLite was used before this call: it keeps its own allocator,
         * and the allocation seam no longer covers it. A bug in the
         * caller's order, not the machine's trouble. */
        wk_log(WK_LOG_ERROR, "SQLite allocates on its own (%s): call outbox_use_wk_alloc first",
               sqlite3_errstr(alloc_installed));
        return WK_EUNSUPPORTED;
    }
    return 0;
}

void db_lock_down(sqlite3 *db, int max_length, int busy_ms)
{
    sqlite3_extended_result_codes(db, 1);
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, max_length);
    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, (int *)NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    sqlite3_busy_timeout(db, busy_ms);
}

/* " (Permission denied)" for an errno, "" for none. */
static const char *system_words(int sys_errno, char buf[WK_ERR_MAX / 4])
{
    if (sys_errno)
        snprintf(buf, WK_ERR_MAX / 4, " (%s)", strerror(sys_errno));
    else
        buf[0] = '\0';
    return buf;
}

int db_error(sqlite3 *db, const struct db_desc *d, int code, const char *what, char err[WK_ERR_MAX])
{
    int sys = db ? sqlite3_system_errno(db) : 0;
    char why[WK_ERR_MAX / 4];
    switch (code & 0xff) {
    case SQLITE_FULL:
        wk_seterr(err, "%s: %s is full", what, d->disk);
        return WK_EIO;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        wk_seterr(err, "%s: %s is busy (another writer holds it)", what, d->name);
        return WK_EIO;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
        wk_seterr(err, "%s: %s cannot be written%s", what, d->name, system_words(sys, why));
        return WK_EIO;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        wk_seterr(err, "%s: %s is damaged or not a database", what, d->name);
        return WK_EFORMAT;
    case SQLITE_NOMEM:
        wk_seterr(err, "%s: out of memory", what);
        return WK_ENOMEM;
    case SQLITE_CONSTRAINT:
        if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
            wk_seterr(err, "%s: it is in %s already", what, d->name);
        else    /* SQLite names the column, never the value */
            wk_seterr(err, "%s: %s", what, db ? sqlite3_errmsg(db) : sqlite3_errstr(code));
        return WK_EINVAL;
    case SQLITE_IOERR:
        if (sys == ENOSPC || sys == EDQUOT)
            wk_seterr(err, "%s: %s is full", what, d->disk);
        else if (sys == EROFS || sys == EACCES || sys == EPERM)
            wk_seterr(err, "%s: %s cannot be written%s", what, d->name, system_words(sys, why));
        else
            wk_seterr(err, "%s: the disk failed%s", what, system_words(sys, why));
        return WK_EIO;
    default:
        wk_seterr(err, "%s: %s", what, db ? sqlite3_errmsg(db) : sqlite3_errstr(code));
        return WK_EIO;
    }
}

int db_prepare_rollback(sqlite3 *db, sqlite3_stmt **rollback)
{
    return sqlite3_prepare_v2(db, "ROLLBACK", -1, rollback, NULL);
}

void db_end_failed(sqlite3 *db, sqlite3_stmt *rollback)
{
    if (sqlite3_get_autocommit(db))
        return;
    if (!rollback) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return;
    }
    sqlite3_step(rollback);
    sqlite3_reset(rollback);
    /* Still in a transaction: the prepared ROLLBACK did not end it. Try
     * once more the plain way, and say so: a held write lock refuses
     * every later submission. */
    if (!sqlite3_get_autocommit(db) && sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK)
        wk_log(WK_LOG_ERROR, "a failed transaction could not be rolled back: %s", sqlite3_errmsg(db));
}

int db_migrate(sqlite3 *db, const struct db_desc *d, const char *path, char err[WK_ERR_MAX])
{
    char setting_up[WK_ERR_MAX / 2], creating[WK_ERR_MAX / 2];
    snprintf(setting_up, sizeof setting_up, "cannot set %s up", d->name);
    snprintf(creating, sizeof creating, "cannot create %s", d->name);
    sqlite3_stmt *st = NULL;
    int rc = 0, code = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (code != SQLITE_OK)
        return db_error(db, d, code, setting_up, err);
    code = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
    if (code == SQLITE_OK)
        code = sqlite3_step(st);
    if (code != SQLITE_ROW) {
        rc = db_error(db, d, code, setting_up, err);
        goto out;
    }
    int version = sqlite3_column_int(st, 0);
    if (version > d->migration_count) {
        wk_seterr(err, "%s was written by a newer %s (schema %d, this one reads %d)", path, d->writer,
                  version, d->migration_count);
        rc = WK_EUNSUPPORTED;
        goto out;
    }
    for (int v = version; v < d->migration_count; v++) {
        char sql[DB_PRAGMA_BYTES];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
        if ((code = sqlite3_exec(db, d->migrations[v], NULL, NULL, NULL)) != SQLITE_OK ||
            (code = sqlite3_exec(db, sql, NULL, NULL, NULL)) != SQLITE_OK) {
            rc = db_error(db, d, code, creating, err);
            goto out;
        }
    }
    if ((code = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
        rc = db_error(db, d, code, creating, err);
out:
    sqlite3_finalize(st);
    db_end_failed(db, NULL);
    return rc;
}

int db_check_schema(sqlite3 *db, const struct db_desc *d, const char *path, char err[WK_ERR_MAX])
{
    for (int i = 0; i < d->probe_count; i++) {
        sqlite3_stmt *st = NULL;
        int code = sqlite3_prepare_v2(db, d->probes[i], -1, &st, NULL);
        sqlite3_finalize(st);
        if (code != SQLITE_OK) {
            wk_seterr(err, "%s is not %s: %s", path, d->kind, sqlite3_errmsg(db));
            return WK_EFORMAT;
        }
    }
    return 0;
}
