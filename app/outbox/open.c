/* open.c — opening state.db: the connection settings that make the queue
 * durable and private (WAL, synchronous=FULL, secure_delete), the schema
 * and its migrations (user_version), the size cap and the lock wait, and
 * what becomes of a file SQLite cannot read: it is set aside as
 * state.db.corrupt-TIME (kept for staff; it holds only sealed payloads)
 * and a new empty queue is started, so the kiosk keeps taking
 * submissions. A file or directory the kiosk may not write is not damage:
 * that is an error, and nothing is moved. The queue and the files SQLite
 * keeps beside it are for the kiosk's user alone (0600). */
#include "outbox_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The longest string or blob SQLite may build on this connection: a
 * payload and its row with room to spare. A damaged or tampered file
 * cannot make the kiosk allocate more. */
#define OUTBOX_SQLITE_MAX_LENGTH (4 * OUTBOX_MAX_PAYLOAD)
/* Two recoveries within one second get -1, -2, ...; past this many names
 * something is looping. */
#define OUTBOX_ASIDE_TRIES 100
/* state.db, -wal and -shm: read and written by the kiosk's user only. */
#define OUTBOX_FILE_MODE 0600
/* How often a handle looks again while another switches a new file to WAL. */
#define OUTBOX_WAL_RETRY_MS 10

/* Entry i takes the schema from user_version i to i + 1. Rows are never
 * deleted, so a migration only ever adds. failed_seq orders the rows by
 * when they last failed, for the "last error" staff and heartbeats see. */
static const char *const migrations[] = {
    "CREATE TABLE submissions ("
    " uuid TEXT PRIMARY KEY NOT NULL,"
    " ref TEXT UNIQUE NOT NULL,"
    " kind TEXT NOT NULL,"
    " created_at INTEGER NOT NULL,"                 /* ms since 1970 */
    " payload BLOB,"                                /* NULL once delivered */
    " state INTEGER NOT NULL DEFAULT 0 CHECK (state IN (0, 1, 2)),"
    " attempts INTEGER NOT NULL DEFAULT 0,"
    " next_attempt_at INTEGER NOT NULL,"
    " delivered_at INTEGER,"
    " last_error TEXT,"
    " failed_seq INTEGER);"
    "CREATE INDEX submissions_due ON submissions (state, next_attempt_at, created_at);"
    "CREATE INDEX submissions_failed ON submissions (failed_seq) WHERE state = 0;"
    "CREATE TABLE local_signups ("
    " uuid TEXT NOT NULL REFERENCES submissions (uuid),"
    " activity TEXT NOT NULL,"
    " day INTEGER NOT NULL,"
    " places INTEGER NOT NULL,"
    " bundle_version INTEGER NOT NULL);"
    "CREATE INDEX local_signups_session ON local_signups (activity, day);",
    /* The queue in the order it is sent: the oldest queued row is found
     * without sorting every queued row (outbox_next_due). */
    "CREATE INDEX submissions_queue ON submissions (state, created_at);",
    /* Who is checked in where at this kiosk (docs/volunteers.md): a
     * volunteer's number, the event, the check-in's uuid and time, and
     * the end of the event's window (local minutes) after which the row is
     * past. No name, no code. */
    "CREATE TABLE volunteer_presence ("
    " volunteer INTEGER PRIMARY KEY NOT NULL,"
    " event TEXT NOT NULL,"
    " checkin TEXT NOT NULL,"
    " at INTEGER NOT NULL,"                         /* ms since 1970 */
    " until_local INTEGER NOT NULL);",
    /* How long the consent page said the hub keeps it (outbox_record),
     * sent with it; NULL for a check-in and for rows queued before. */
    ("ALTER TABLE submissions ADD COLUMN keep_days INTEGER"
     " CHECK (keep_days IS NULL OR keep_days BETWEEN 1 AND 3650);"),
};
#define OUTBOX_SCHEMA_VERSION ((int)WK_ARRAY_LEN(migrations))
/* The schema's CHECK and partial index spell the states as numbers (a
 * CREATE takes no parameters); statements bind them by name (outbox.c). */
_Static_assert(OUTBOX_QUEUED == 0 && OUTBOX_DELIVERED == 1 && OUTBOX_REJECTED == 2,
               "enum outbox_state is the schema's state column");

/* Per connection, so every handle sets them. */
static const char connection_pragmas[] =
    "PRAGMA synchronous = FULL;"
    "PRAGMA secure_delete = ON;"
    "PRAGMA foreign_keys = ON;"
    "PRAGMA cell_size_check = ON;"
    "PRAGMA trusted_schema = OFF;";

/* What the code reads and writes; a file with these tables missing or
 * shaped otherwise is not a welkom queue. */
static const char *const schema_probes[] = {
    ("SELECT uuid, ref, kind, created_at, payload, state, attempts, next_attempt_at,"
     " delivered_at, last_error, failed_seq, keep_days FROM submissions LIMIT 0"),
    "SELECT uuid, activity, day, places, bundle_version FROM local_signups LIMIT 0",
    "SELECT volunteer, event, checkin, at, until_local FROM volunteer_presence LIMIT 0",
};

static const struct db_desc queue_db = {
    .name = "the queue", .disk = "the kiosk's disk", .writer = "firmware", .kind = "a welkom queue",
    .migrations = migrations, .migration_count = OUTBOX_SCHEMA_VERSION,
    .probes = schema_probes, .probe_count = (int)WK_ARRAY_LEN(schema_probes),
};

int outbox_db_error(struct outbox *o, int code, const char *what, char err[WK_ERR_MAX])
{
    return db_error(o->db, &queue_db, code, what, err);
}

/* The damage that sends a file aside; anything else (busy, no permission)
 * is reported as it is. */
static bool is_damage(int code)
{
    return (code & 0xff) == SQLITE_NOTADB || (code & 0xff) == SQLITE_CORRUPT;
}

/* The first read of the file: a file that is not a database fails here
 * already (preparing the pragma reads page 1), a damaged one in the check. */
static int quick_check(struct outbox *o, bool *damaged, char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    int code = sqlite3_prepare_v2(o->db, "PRAGMA quick_check(1)", -1, &st, NULL);
    if (code == SQLITE_OK)
        code = sqlite3_step(st);
    if (code != SQLITE_ROW) {
        *damaged = is_damage(code);
        rc = outbox_db_error(o, code, "cannot read the queue", err);
        goto out;
    }
    const char *verdict = (const char *)sqlite3_column_text(st, 0);
    if (!verdict || strcmp(verdict, "ok") != 0) {
        *damaged = true;
        wk_seterr(err, "the queue is damaged: %.120s", verdict ? verdict : "?");
        for (char *nl = err ? strchr(err, '\n') : NULL; nl; nl = strchr(nl, '\n'))
            *nl = ' ';                                  /* one log line */
        rc = WK_EFORMAT;
    }
out:
    sqlite3_finalize(st);
    return rc;
}

/* A pragma that answers with one value, such as journal_mode or
 * user_version: the value as text into out (or just run, if out is NULL). */
static int pragma_value(struct outbox *o, const char *sql, char *out, size_t size, bool *damaged,
                        char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    int code = sqlite3_prepare_v2(o->db, sql, -1, &st, NULL);
    if (code == SQLITE_OK)
        code = sqlite3_step(st);
    if (code != SQLITE_ROW) {
        *damaged = is_damage(code);
        rc = outbox_db_error(o, code, "cannot set the queue up", err);
        goto out;
    }
    if (out) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        snprintf(out, size, "%s", v ? v : "");
    }
out:
    sqlite3_finalize(st);
    return rc;
}

/* Switching a new file to WAL needs it alone for a moment, and SQLite
 * does not wait for that through the busy handler: a second handle opening
 * the same new file at that moment gets "busy" at once. It waits here as a
 * writer would. */
static int use_wal(struct outbox *o, bool *damaged, char err[WK_ERR_MAX])
{
    char mode[16] = "";
    int rc = 0;
    for (int waited = 0;; waited += OUTBOX_WAL_RETRY_MS) {
        sqlite3_stmt *st = NULL;
        int code = sqlite3_prepare_v2(o->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
        if (code == SQLITE_OK)
            code = sqlite3_step(st);
        const unsigned char *answer = code == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
        if (code == SQLITE_ROW)
            snprintf(mode, sizeof mode, "%s", answer ? (const char *)answer : "");
        else
            rc = outbox_db_error(o, code, "cannot set the queue up", err);
        sqlite3_finalize(st);
        if ((code & 0xff) != SQLITE_BUSY || waited >= OUTBOX_BUSY_TIMEOUT_MS) {
            *damaged = is_damage(code);
            break;
        }
        rc = 0;
        sqlite3_sleep(OUTBOX_WAL_RETRY_MS);
    }
    if (rc == 0 && strcmp(mode, "wal") != 0) {
        wk_seterr(err, "the queue %s cannot use a write-ahead log (journal mode %s)", o->path, mode);
        rc = WK_EIO;
    }
    return rc;
}

/* The directory path is in: "." for a bare name, "/" for /name. */
static void dir_of(const char *path, char dir[OUTBOX_PATH_MAX])
{
    snprintf(dir, OUTBOX_PATH_MAX, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, OUTBOX_PATH_MAX, ".");
    else
        slash[slash == dir] = '\0';
}

/* Why the queue could not be opened or written, in words, if it is a
 * matter of permissions: SQLite's own errno is that of its last attempt
 * (a read-only open after the read-write one failed, which for a directory
 * the kiosk may not write reads "No such file"), and a file it can write in
 * a directory it cannot fails only when SQLite wants to make state.db-shm.
 * False if the permissions look right. */
static bool why_not_writable(const struct outbox *o, char *out, size_t size)
{
    char dir[OUTBOX_PATH_MAX];
    dir_of(o->path, dir);
    struct stat st;
    bool exists = stat(o->path, &st) == 0;
    if (exists && access(o->path, R_OK | W_OK) != 0)
        snprintf(out, size, "the file cannot be read and written (%s)", strerror(errno));
    else if (access(dir, W_OK | X_OK) != 0)
        snprintf(out, size, "its directory cannot be written (%s)%s", strerror(errno),
                 exists ? ", and SQLite keeps the queue's log there" : "");
    else
        return false;
    return true;
}

/* state.db is made 0600 before SQLite opens it, and SQLite gives -wal and
 * -shm the mode of the database: sealed payloads, but also when and how
 * often residents sent something, are no other user's business. A queue
 * from before (0644) loses the bits for group and others, and only those:
 * a read-only file stays read-only. Failures here are left to SQLite to
 * report (a directory the kiosk cannot write, ...). */
static void make_private(const char *path)
{
    static const char *const companions[] = { "", "-wal", "-shm", "-journal" };
    char file[OUTBOX_PATH_MAX + 16];
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, OUTBOX_FILE_MODE);
    if (fd >= 0)
        close(fd);
    for (size_t i = 0; i < WK_ARRAY_LEN(companions); i++) {
        struct stat st;
        snprintf(file, sizeof file, "%s%s", path, companions[i]);
        if (lstat(file, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & (S_IRWXG | S_IRWXO)) &&
            chmod(file, st.st_mode & OUTBOX_FILE_MODE) != 0)
            wk_log(WK_LOG_WARN, "outbox: cannot make %s private: %s", file, strerror(errno));
    }
}

/* Opens o->path and readies it. On failure o->db is closed again, and
 * *damaged says whether the file itself is the problem (set it aside) or
 * something around it (permissions, a lock, a newer schema). */
static int open_db(struct outbox *o, bool *damaged, char err[WK_ERR_MAX])
{
    *damaged = false;
    int rc = WK_EIO;
    make_private(o->path);
    int code = sqlite3_open_v2(o->path, &o->db,
                               SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (code != SQLITE_OK) {
        int sys = o->db ? sqlite3_system_errno(o->db) : 0;
        wk_seterr(err, "cannot open the queue %s: %s", o->path,
                  sys ? strerror(sys) : sqlite3_errstr(code));
        goto out;
    }
    db_lock_down(o->db, OUTBOX_SQLITE_MAX_LENGTH, OUTBOX_BUSY_TIMEOUT_MS);
    if (sqlite3_db_readonly(o->db, "main") == 1) {
        wk_seterr(err, "the queue %s cannot be written (the file is read-only)", o->path);
        goto out;
    }
    if ((rc = quick_check(o, damaged, err)) || (rc = use_wal(o, damaged, err)))
        goto out;
    if ((code = sqlite3_exec(o->db, connection_pragmas, NULL, NULL, NULL)) != SQLITE_OK) {
        rc = outbox_db_error(o, code, "cannot set the queue up", err);
        goto out;
    }
    /* At every open: taking the write lock proves the queue can be
     * written before a resident relies on it. */
    if ((rc = db_migrate(o->db, &queue_db, o->path, err))) {
        *damaged = rc == WK_EFORMAT;
        goto out;
    }
    if ((rc = db_check_schema(o->db, &queue_db, o->path, err)))
        goto out;
    if ((code = db_prepare_rollback(o->db, &o->rollback)) != SQLITE_OK) {
        rc = outbox_db_error(o, code, "cannot set the queue up", err);
        goto out;
    }
    if ((rc = outbox_set_max_pages(o, OUTBOX_MAX_PAGES))) {
        wk_seterr(err, "cannot cap the size of the queue: %s", sqlite3_errmsg(o->db));
        goto out;
    }
out:
    if (rc) {
        char why[WK_ERR_MAX / 2];
        if (!*damaged && rc == WK_EIO && why_not_writable(o, why, sizeof why))
            wk_seterr(err, "cannot open the queue %s: %s", o->path, why);
        sqlite3_finalize(o->rollback);
        sqlite3_close(o->db);
        o->db = NULL;
        o->rollback = NULL;
    }
    return rc;
}

static int fsync_dir_of(const char *path)
{
    char dir[OUTBOX_PATH_MAX];
    dir_of(path, dir);
    return wk_fsync_dir(dir);
}

/* Renames state.db and the files SQLite keeps beside it to
 * state.db.corrupt-TIME (and -wal, -shm, -journal after that), so the set
 * still opens as one database for whoever looks at it, and no stale log
 * or journal is applied to the new queue. The name goes to o->recovered. */
static int set_aside(struct outbox *o, const char *why, char err[WK_ERR_MAX])
{
    static const char *const companions[] = { "-wal", "-shm", "-journal" };
    char aside[sizeof o->recovered], from[OUTBOX_PATH_MAX + 16], to[sizeof aside + 16];
    long long now = (long long)(wk_wall_ms() / 1000);
    struct stat st;
    int i = 0;
    for (;; i++) {
        if (i == OUTBOX_ASIDE_TRIES) {
            wk_seterr(err, "the queue %s is damaged and no free name is left to keep it", o->path);
            return WK_EIO;
        }
        if (i == 0)
            snprintf(aside, sizeof aside, "%s.corrupt-%lld", o->path, now);
        else
            snprintf(aside, sizeof aside, "%s.corrupt-%lld-%d", o->path, now, i);
        if (lstat(aside, &st) != 0 && errno == ENOENT)
            break;
    }
    if (rename(o->path, aside) != 0) {
        wk_seterr(err, "the queue %s is damaged (%s) and cannot be set aside: %s", o->path, why,
                  strerror(errno));
        return WK_EIO;
    }
    for (size_t k = 0; k < WK_ARRAY_LEN(companions); k++) {
        snprintf(from, sizeof from, "%s%s", o->path, companions[k]);
        snprintf(to, sizeof to, "%s%s", aside, companions[k]);
        if (rename(from, to) != 0 && errno != ENOENT)
            wk_log(WK_LOG_WARN, "outbox: cannot move %s aside: %s", from, strerror(errno));
    }
    if (fsync_dir_of(o->path) != 0)
        wk_log(WK_LOG_WARN, "outbox: cannot sync the directory of %s: %s", o->path, strerror(errno));
    snprintf(o->recovered, sizeof o->recovered, "%s", aside);
    wk_log(WK_LOG_WARN, "outbox: %s could not be read (%s); kept as %s for staff, "
           "a new empty queue is started", o->path, why, aside);
    return 0;
}

int outbox_open(const char *path, struct outbox **out, char err[WK_ERR_MAX])
{
    *out = NULL;
    if (!path || !path[0] || strlen(path) >= OUTBOX_PATH_MAX) {
        wk_seterr(err, "the path of the queue is empty or too long");
        return WK_EINVAL;
    }
    if (sodium_init() < 0) {
        wk_seterr(err, "libsodium cannot start (no source of random numbers?)");
        return WK_EIO;
    }
    struct outbox *o = wk_calloc(1, sizeof *o);
    if (!o) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    snprintf(o->path, sizeof o->path, "%s", path);
    bool damaged = false;
    int rc = open_db(o, &damaged, err);
    if (rc && damaged) {
        char why[WK_ERR_MAX];
        snprintf(why, sizeof why, "%s", err);
        if ((rc = set_aside(o, why, err)) == 0)
            rc = open_db(o, &damaged, err);
    }
    if (rc) {
        free(o);
        return rc;
    }
    *out = o;
    return 0;
}

void outbox_close(struct outbox *o)
{
    if (!o)
        return;
    sqlite3_finalize(o->rollback);
    if (sqlite3_close(o->db) != SQLITE_OK)
        wk_log(WK_LOG_ERROR, "outbox: closing the queue failed: %s", sqlite3_errmsg(o->db));
    free(o);
}

const char *outbox_recovered(const struct outbox *o)
{
    return o->recovered[0] ? o->recovered : NULL;
}

int outbox_checkpoint(struct outbox *o, char err[WK_ERR_MAX])
{
    int code = sqlite3_wal_checkpoint_v2(o->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    if (code != SQLITE_OK)
        return outbox_db_error(o, code, "cannot checkpoint the queue", err);
    return 0;
}

int outbox_set_max_pages(struct outbox *o, int pages)
{
    if (pages <= 0)
        return WK_EINVAL;
    char sql[48], ignored[WK_ERR_MAX];
    bool damaged;
    snprintf(sql, sizeof sql, "PRAGMA max_page_count = %d", pages);
    return pragma_value(o, sql, NULL, 0, &damaged, ignored);
}

int outbox_set_busy_timeout(struct outbox *o, int ms)
{
    if (ms < 0)
        return WK_EINVAL;
    sqlite3_busy_timeout(o->db, ms);
    return 0;
}
