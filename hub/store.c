/* store.c — hub.db: opening it (WAL, synchronous=FULL, the schema and its
 * migrations by user_version), enrolling and revoking kiosks, finding a
 * kiosk by its token, storing submissions and heartbeats, and publishing
 * bundles (rows here, files in bundles/ beside hub.db). One
 * connection serves the whole process; a mutex makes the callers take
 * turns, since SQLite writes one at a time anyway and a store call is a
 * few milliseconds. Other processes (welkomctl beside a running hub) wait
 * up to HUB_BUSY_TIMEOUT_MS for a write lock. */
#include "store.h"
#include "../app/content/content.h"     /* the size limits of a bundle and its .sig */

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* welkomctl and the hub write the same file; a writer holds the lock for
 * one short transaction. */
#define HUB_BUSY_TIMEOUT_MS 5000
/* The longest string or blob SQLite may build: a payload and its row with
 * room to spare (payloads are at most 64 KiB). */
#define HUB_SQLITE_MAX_LENGTH (1024 * 1024)
#define HUB_PATH_MAX 1024
/* Published bundles live in this directory beside hub.db. */
#define HUB_BUNDLES_DIR "bundles"
#define HUB_DIR_MAX (HUB_PATH_MAX + 16)
/* A bundle is copied in pieces of this size (a bundle may be 64 MiB). */
#define HUB_COPY_CHUNK (256 * 1024)

/* Entry i takes the schema from user_version i to i + 1; only ever adds.
 * Times are milliseconds since 1970. */
static const char *const migrations[] = {
    "CREATE TABLE kiosks ("
    " id INTEGER PRIMARY KEY,"
    " name TEXT UNIQUE NOT NULL,"
    " token_hash BLOB UNIQUE NOT NULL CHECK (length(token_hash) = 32),"
    " created_at INTEGER NOT NULL,"
    " revoked_at INTEGER);"
    "CREATE TABLE submissions ("
    " uuid TEXT PRIMARY KEY NOT NULL,"
    " kiosk_id INTEGER NOT NULL REFERENCES kiosks (id),"
    " kind TEXT NOT NULL,"
    " ref TEXT NOT NULL,"
    " created_at INTEGER NOT NULL,"                 /* the kiosk's clock */
    " received_at INTEGER NOT NULL,"                /* the hub's clock */
    " payload BLOB NOT NULL);"
    "CREATE INDEX submissions_by_kiosk ON submissions (kiosk_id, received_at);"
    "CREATE TABLE heartbeats ("
    " kiosk_id INTEGER PRIMARY KEY REFERENCES kiosks (id),"
    " received_at INTEGER NOT NULL,"
    " firmware TEXT NOT NULL,"
    " content_version INTEGER NOT NULL,"
    " queued INTEGER NOT NULL,"
    " oldest_queued_age_s INTEGER NOT NULL,"
    " last_error TEXT NOT NULL,"
    " uptime_s INTEGER NOT NULL);",
    /* 2: published bundles; their files are in HUB_BUNDLES_DIR. */
    "CREATE TABLE bundles ("
    " version INTEGER PRIMARY KEY CHECK (version > 0),"   /* the content_version */
    " size INTEGER NOT NULL,"
    " sig_size INTEGER NOT NULL,"
    " sha256 TEXT NOT NULL CHECK (length(sha256) = 64),"    /* lowercase hex */
    " published_at INTEGER NOT NULL);",
};
#define HUB_SCHEMA_VERSION ((int)WK_ARRAY_LEN(migrations))

static const char connection_pragmas[] =
    "PRAGMA synchronous = FULL;"
    "PRAGMA foreign_keys = ON;"
    "PRAGMA trusted_schema = OFF;";

/* What the code reads and writes; a file shaped otherwise is not hub.db. */
static const char *const schema_probes[] = {
    "SELECT id, name, token_hash, created_at, revoked_at FROM kiosks LIMIT 0",
    "SELECT uuid, kiosk_id, kind, ref, created_at, received_at, payload FROM submissions LIMIT 0",
    "SELECT kiosk_id, received_at, firmware, content_version, queued, oldest_queued_age_s,"
    " last_error, uptime_s FROM heartbeats LIMIT 0",
    "SELECT version, size, sig_size, sha256, published_at FROM bundles LIMIT 0",
};

struct hub_store {
    sqlite3 *db;
    pthread_mutex_t lock;
    char path[HUB_PATH_MAX];
};

int64_t hub_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The message for a failed SQLite call, in words staff can act on. */
static int db_error(struct hub_store *s, int code, const char *what, char err[WK_ERR_MAX])
{
    switch (code & 0xff) {
    case SQLITE_FULL:
        wk_seterr(err, "%s: the hub's disk is full", what);
        return WK_EIO;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        wk_seterr(err, "%s: %s is busy (another process holds it)", what, s->path);
        return WK_EIO;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        wk_seterr(err, "%s: %s is damaged or not a database", what, s->path);
        return WK_EFORMAT;
    case SQLITE_NOMEM:
        wk_seterr(err, "%s: out of memory", what);
        return WK_ENOMEM;
    default:
        wk_seterr(err, "%s: %s", what, sqlite3_errmsg(s->db));
        return WK_EIO;
    }
}

/* --- opening -------------------------------------------------------------- */

static int migrate(struct hub_store *s, char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int rc = 0, code = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (code != SQLITE_OK)
        return db_error(s, code, "cannot set the hub database up", err);
    code = sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL);
    if (code == SQLITE_OK)
        code = sqlite3_step(st);
    if (code != SQLITE_ROW) {
        rc = db_error(s, code, "cannot read the hub database", err);
        goto out;
    }
    int version = sqlite3_column_int(st, 0);
    if (version > HUB_SCHEMA_VERSION) {
        wk_seterr(err, "%s was written by a newer welkom-hub (schema %d, this one reads %d)",
                  s->path, version, HUB_SCHEMA_VERSION);
        rc = WK_EUNSUPPORTED;
        goto out;
    }
    for (int v = version; v < HUB_SCHEMA_VERSION; v++) {
        char sql[48];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
        if ((code = sqlite3_exec(s->db, migrations[v], NULL, NULL, NULL)) != SQLITE_OK ||
            (code = sqlite3_exec(s->db, sql, NULL, NULL, NULL)) != SQLITE_OK) {
            rc = db_error(s, code, "cannot create the hub database", err);
            goto out;
        }
    }
    if ((code = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
        rc = db_error(s, code, "cannot create the hub database", err);
out:
    sqlite3_finalize(st);
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

static int check_schema(struct hub_store *s, char err[WK_ERR_MAX])
{
    for (size_t i = 0; i < WK_ARRAY_LEN(schema_probes); i++) {
        sqlite3_stmt *st = NULL;
        int code = sqlite3_prepare_v2(s->db, schema_probes[i], -1, &st, NULL);
        sqlite3_finalize(st);
        if (code != SQLITE_OK) {
            wk_seterr(err, "%s is not a welkom hub database: %s", s->path, sqlite3_errmsg(s->db));
            return WK_EFORMAT;
        }
    }
    return 0;
}

/* A new file is made 0600 before SQLite opens it; SQLite gives its -wal
 * and -shm files the mode of the database. */
static int make_private_file(const char *path, bool create, char err[WK_ERR_MAX])
{
    int fd = open(path, O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0600);
    if (fd < 0) {
        if (errno == ENOENT && !create)
            wk_seterr(err, "there is no hub database at %s", path);
        else
            wk_seterr(err, "cannot open the hub database %s: %s", path, strerror(errno));
        return errno == ENOENT ? WK_ENOTFOUND : WK_EIO;
    }
    close(fd);
    return 0;
}

int hub_store_open(const char *path, bool create, struct hub_store **out, char err[WK_ERR_MAX])
{
    *out = NULL;
    if (!path || !path[0] || strlen(path) >= HUB_PATH_MAX) {
        wk_seterr(err, "the path of the hub database is empty or too long");
        return WK_EINVAL;
    }
    if (sodium_init() < 0) {
        wk_seterr(err, "libsodium cannot start (no source of random numbers?)");
        return WK_EIO;
    }
    int rc = make_private_file(path, create, err);
    if (rc)
        return rc;
    struct hub_store *s = wk_calloc(1, sizeof *s);
    if (!s) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    snprintf(s->path, sizeof s->path, "%s", path);
    pthread_mutex_init(&s->lock, NULL);
    rc = WK_EIO;
    int code = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (code != SQLITE_OK) {
        wk_seterr(err, "cannot open the hub database %s: %s", path, sqlite3_errstr(code));
        goto out;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_limit(s->db, SQLITE_LIMIT_LENGTH, HUB_SQLITE_MAX_LENGTH);
    sqlite3_limit(s->db, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, (int *)NULL);
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    sqlite3_busy_timeout(s->db, HUB_BUSY_TIMEOUT_MS);
    sqlite3_stmt *st = NULL;
    code = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
    if (code == SQLITE_OK)
        code = sqlite3_step(st);
    bool wal = code == SQLITE_ROW && sqlite3_column_text(st, 0) &&
               strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
    sqlite3_finalize(st);
    if (code != SQLITE_ROW) {
        rc = db_error(s, code, "cannot open the hub database", err);
        goto out;
    }
    if (!wal) {
        wk_seterr(err, "the hub database %s cannot use a write-ahead log", path);
        goto out;
    }
    if ((code = sqlite3_exec(s->db, connection_pragmas, NULL, NULL, NULL)) != SQLITE_OK) {
        rc = db_error(s, code, "cannot set the hub database up", err);
        goto out;
    }
    if ((rc = migrate(s, err)) || (rc = check_schema(s, err)))
        goto out;
    rc = 0;
out:
    if (rc) {
        hub_store_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

void hub_store_close(struct hub_store *s)
{
    if (!s)
        return;
    if (sqlite3_close(s->db) != SQLITE_OK)
        wk_log(WK_LOG_ERROR, "hub: closing %s failed: %s", s->path, sqlite3_errmsg(s->db));
    pthread_mutex_destroy(&s->lock);
    free(s);
}

/* --- kiosks --------------------------------------------------------------- */

static bool name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > HUB_KIOSK_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
              (name[i] >= '0' && name[i] <= '9') || name[i] == '.' || name[i] == '_' || name[i] == '-'))
            return false;
    return true;
}

/* 43 characters of the base64url alphabet: anything else is no token of
 * ours and needs no lookup. */
static bool token_ok(const char *token)
{
    if (!token || strlen(token) != HUB_TOKEN_CHARS)
        return false;
    for (size_t i = 0; i < HUB_TOKEN_CHARS; i++) {
        char c = token[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_'))
            return false;
    }
    return true;
}

/* The hash of the token's text, which is what the store keeps. */
static void token_hash(const char *token, unsigned char hash[crypto_generichash_BYTES])
{
    crypto_generichash(hash, crypto_generichash_BYTES, (const unsigned char *)token, strlen(token), NULL, 0);
}

int hub_store_kiosk_add(struct hub_store *s, const char *name, int64_t now_ms,
                        char token[HUB_TOKEN_CHARS + 1], char err[WK_ERR_MAX])
{
    token[0] = '\0';
    if (!name_ok(name)) {
        wk_seterr(err, "a kiosk name is 1 to %d letters, digits, '.', '_' or '-'", HUB_KIOSK_NAME_MAX);
        return WK_EINVAL;
    }
    unsigned char raw[HUB_TOKEN_BYTES], hash[crypto_generichash_BYTES];
    char text[sodium_base64_ENCODED_LEN(HUB_TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(text, sizeof text, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    token_hash(text, hash);

    pthread_mutex_lock(&s->lock);
    sqlite3_stmt *st = NULL;
    int rc = 0;
    int code = sqlite3_prepare_v2(s->db, "INSERT INTO kiosks (name, token_hash, created_at) VALUES (?, ?, ?)",
                                  -1, &st, NULL);
    if (code == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_blob(st, 2, hash, sizeof hash, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, now_ms);
        code = sqlite3_step(st);
    }
    if (code == SQLITE_CONSTRAINT_UNIQUE) {
        wk_seterr(err, "a kiosk named %s is enrolled already (also after a revoke): choose another name",
                  name);
        rc = WK_EINVAL;
    } else if (code != SQLITE_DONE) {
        rc = db_error(s, code, "cannot enrol the kiosk", err);
    } else {
        memcpy(token, text, HUB_TOKEN_CHARS + 1);
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    sodium_memzero(text, sizeof text);
    return rc;
}

int hub_store_kiosk_revoke(struct hub_store *s, const char *name, int64_t now_ms, char err[WK_ERR_MAX])
{
    pthread_mutex_lock(&s->lock);
    sqlite3_stmt *st = NULL;
    int rc = 0;
    int code = sqlite3_prepare_v2(s->db, "UPDATE kiosks SET revoked_at = coalesce(revoked_at, ?)"
                                         " WHERE name = ?", -1, &st, NULL);
    if (code == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, now_ms);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
        code = sqlite3_step(st);
    }
    if (code != SQLITE_DONE) {
        rc = db_error(s, code, "cannot revoke the kiosk", err);
    } else if (sqlite3_changes(s->db) == 0) {
        wk_seterr(err, "no kiosk is named %s", name);
        rc = WK_ENOTFOUND;
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

/* Comparing the presented token with stored ones byte by byte would leak,
 * through timing, how much of it is right. The lookup compares hashes
 * instead: what an attacker could learn is how many leading bytes of a
 * BLAKE2b hash match, which tells nothing about a token that would. */
int hub_store_kiosk_by_token(struct hub_store *s, const char *token, struct hub_kiosk *k,
                             char err[WK_ERR_MAX])
{
    memset(k, 0, sizeof *k);
    if (!token_ok(token)) {
        wk_seterr(err, "the token is malformed");
        return WK_ENOTFOUND;
    }
    unsigned char hash[crypto_generichash_BYTES];
    token_hash(token, hash);
    pthread_mutex_lock(&s->lock);
    sqlite3_stmt *st = NULL;
    int rc = 0;
    int code = sqlite3_prepare_v2(s->db, "SELECT id, name, revoked_at IS NOT NULL FROM kiosks"
                                         " WHERE token_hash = ?", -1, &st, NULL);
    if (code == SQLITE_OK) {
        sqlite3_bind_blob(st, 1, hash, sizeof hash, SQLITE_STATIC);
        code = sqlite3_step(st);
    }
    if (code == SQLITE_ROW) {
        const unsigned char *name = sqlite3_column_text(st, 1);
        k->id = sqlite3_column_int64(st, 0);
        snprintf(k->name, sizeof k->name, "%s", name ? (const char *)name : "");
        k->revoked = sqlite3_column_int(st, 2) != 0;
    } else if (code == SQLITE_DONE) {
        wk_seterr(err, "no kiosk has this token");
        rc = WK_ENOTFOUND;
    } else {
        rc = db_error(s, code, "cannot look the token up", err);
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

/* --- what kiosks send ------------------------------------------------------ */

/* One transaction: insert unless the uuid is there, then read whose it
 * is. COMMIT with synchronous=FULL returns once the row is on the disk. */
int hub_store_submission_put(struct hub_store *s, int64_t kiosk_id, const struct hub_submission *sub,
                             int64_t now_ms, enum hub_put_result *result, char err[WK_ERR_MAX])
{
    const char *what = "cannot store the submission";
    sqlite3_stmt *ins = NULL, *owner = NULL;
    int rc = 0;
    if (!sub->payload || sub->payload_size == 0 || sub->payload_size > HUB_SQLITE_MAX_LENGTH / 2) {
        wk_seterr(err, "%s: the payload is empty or too large", what);
        return WK_EINVAL;
    }
    pthread_mutex_lock(&s->lock);
    int code = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (code == SQLITE_OK)
        code = sqlite3_prepare_v2(s->db, "INSERT INTO submissions (uuid, kiosk_id, kind, ref, created_at,"
                                         " received_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?)"
                                         " ON CONFLICT (uuid) DO NOTHING", -1, &ins, NULL);
    if (code == SQLITE_OK) {
        sqlite3_bind_text(ins, 1, sub->uuid, -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 2, kiosk_id);
        sqlite3_bind_text(ins, 3, sub->kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, sub->ref, -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 5, sub->created_at_ms);
        sqlite3_bind_int64(ins, 6, now_ms);
        sqlite3_bind_blob(ins, 7, sub->payload, (int)sub->payload_size, SQLITE_STATIC);
        code = sqlite3_step(ins);
    }
    if (code != SQLITE_DONE) {
        rc = db_error(s, code, what, err);
        goto out;
    }
    if (sqlite3_changes(s->db) == 1) {
        *result = HUB_PUT_NEW;
    } else {
        code = sqlite3_prepare_v2(s->db, "SELECT kiosk_id FROM submissions WHERE uuid = ?", -1, &owner, NULL);
        if (code == SQLITE_OK) {
            sqlite3_bind_text(owner, 1, sub->uuid, -1, SQLITE_STATIC);
            code = sqlite3_step(owner);
        }
        if (code != SQLITE_ROW) {
            rc = db_error(s, code, what, err);
            goto out;
        }
        *result = sqlite3_column_int64(owner, 0) == kiosk_id ? HUB_PUT_ALREADY : HUB_PUT_CONFLICT;
    }
    if ((code = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
        rc = db_error(s, code, what, err);
out:
    sqlite3_finalize(ins);
    sqlite3_finalize(owner);
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

int hub_store_heartbeat_put(struct hub_store *s, int64_t kiosk_id, const struct hub_heartbeat *hb,
                            int64_t now_ms, char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    pthread_mutex_lock(&s->lock);
    int code = sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO heartbeats (kiosk_id, received_at, firmware,"
                                         " content_version, queued, oldest_queued_age_s, last_error, uptime_s)"
                                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1, &st, NULL);
    if (code == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, kiosk_id);
        sqlite3_bind_int64(st, 2, now_ms);
        sqlite3_bind_text(st, 3, hb->firmware, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, hb->content_version);
        sqlite3_bind_int64(st, 5, hb->queued);
        sqlite3_bind_int64(st, 6, hb->oldest_queued_age_s);
        sqlite3_bind_text(st, 7, hb->last_error, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 8, hb->uptime_s);
        code = sqlite3_step(st);
    }
    if (code != SQLITE_DONE)
        rc = db_error(s, code, "cannot store the heartbeat", err);
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

/* --- for staff ------------------------------------------------------------- */

static void copy_column(char *out, size_t size, sqlite3_stmt *st, int col)
{
    const unsigned char *v = sqlite3_column_text(st, col);
    snprintf(out, size, "%s", v ? (const char *)v : "");
}

int hub_store_status_each(struct hub_store *s, int (*each)(void *user, const struct hub_kiosk_status *k),
                          void *user, char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    pthread_mutex_lock(&s->lock);
    int code = sqlite3_prepare_v2(s->db,
        "SELECT k.name, k.created_at, coalesce(k.revoked_at, 0), coalesce(h.received_at, 0),"
        " h.firmware, h.content_version, h.queued, h.oldest_queued_age_s, h.last_error, h.uptime_s,"
        " (SELECT count(*) FROM submissions s WHERE s.kiosk_id = k.id),"
        " (SELECT coalesce(max(received_at), 0) FROM submissions s WHERE s.kiosk_id = k.id)"
        " FROM kiosks k LEFT JOIN heartbeats h ON h.kiosk_id = k.id ORDER BY k.name", -1, &st, NULL);
    while (code == SQLITE_OK && (code = sqlite3_step(st)) == SQLITE_ROW) {
        struct hub_kiosk_status k = { 0 };
        copy_column(k.name, sizeof k.name, st, 0);
        k.created_at_ms = sqlite3_column_int64(st, 1);
        k.revoked_at_ms = sqlite3_column_int64(st, 2);
        k.heartbeat_at_ms = sqlite3_column_int64(st, 3);
        copy_column(k.heartbeat.firmware, sizeof k.heartbeat.firmware, st, 4);
        k.heartbeat.content_version = sqlite3_column_int64(st, 5);
        k.heartbeat.queued = sqlite3_column_int64(st, 6);
        k.heartbeat.oldest_queued_age_s = sqlite3_column_int64(st, 7);
        copy_column(k.heartbeat.last_error, sizeof k.heartbeat.last_error, st, 8);
        k.heartbeat.uptime_s = sqlite3_column_int64(st, 9);
        k.submissions = sqlite3_column_int64(st, 10);
        k.last_submission_at_ms = sqlite3_column_int64(st, 11);
        if ((rc = each(user, &k)) != 0)
            break;
        code = SQLITE_OK;
    }
    if (rc == 0 && code != SQLITE_DONE)
        rc = db_error(s, code, "cannot read the kiosks", err);
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

/* One SELECT, so the walk reads one snapshot (WAL: a hub storing beside
 * it neither waits for it nor shows up in it halfway). The callback runs
 * with the store's lock held, like hub_store_status_each's. */
int hub_store_submissions_each(struct hub_store *s, const struct hub_submission_filter *filter,
                               int (*each)(void *user, const struct hub_stored_submission *row),
                               void *user, char err[WK_ERR_MAX])
{
    static const struct hub_submission_filter all = { 0 };
    const struct hub_submission_filter *f = filter ? filter : &all;
    sqlite3_stmt *st = NULL;
    int rc = 0;
    pthread_mutex_lock(&s->lock);
    int code = sqlite3_prepare_v2(s->db,
        "SELECT s.uuid, k.name, s.kind, s.ref, s.created_at, s.received_at, s.payload"
        " FROM submissions s JOIN kiosks k ON k.id = s.kiosk_id"
        " WHERE s.received_at >= ?1 AND (?2 IS NULL OR s.kind = ?2)"
        " ORDER BY s.received_at, s.uuid", -1, &st, NULL);
    if (code == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, f->since_ms);
        if (f->kind)
            sqlite3_bind_text(st, 2, f->kind, -1, SQLITE_STATIC);
    }
    while (code == SQLITE_OK && (code = sqlite3_step(st)) == SQLITE_ROW) {
        struct hub_stored_submission row = {
            .sub = {
                .uuid = (const char *)sqlite3_column_text(st, 0),
                .kind = (const char *)sqlite3_column_text(st, 2),
                .ref = (const char *)sqlite3_column_text(st, 3),
                .created_at_ms = sqlite3_column_int64(st, 4),
                .payload = sqlite3_column_blob(st, 6),
                .payload_size = (size_t)sqlite3_column_bytes(st, 6),
            },
            .kiosk = (const char *)sqlite3_column_text(st, 1),
            .received_at_ms = sqlite3_column_int64(st, 5),
        };
        if (!row.sub.uuid || !row.sub.kind || !row.sub.ref || !row.kiosk) {
            code = SQLITE_NOMEM;        /* the columns are NOT NULL: only memory can fail */
            break;
        }
        if ((rc = each(user, &row)) != 0)
            break;
        code = SQLITE_OK;
    }
    if (rc == 0 && code != SQLITE_DONE)
        rc = db_error(s, code, "cannot read the submissions", err);
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

/* --- published bundles ---------------------------------------------------- */

/* DIR/bundles beside DIR/hub.db ("bundles" for a hub.db in the working
 * directory). */
static void bundles_dir(const struct hub_store *s, char out[HUB_DIR_MAX])
{
    const char *slash = strrchr(s->path, '/');
    if (!slash)
        snprintf(out, HUB_DIR_MAX, HUB_BUNDLES_DIR);
    else
        snprintf(out, HUB_DIR_MAX, "%.*s/" HUB_BUNDLES_DIR, (int)(slash - s->path), s->path);
}

static void bundle_paths(const struct hub_store *s, struct hub_bundle *b)
{
    char dir[HUB_DIR_MAX];
    bundles_dir(s, dir);
    snprintf(b->path, sizeof b->path, "%s/%lld.db", dir, (long long)b->version);
    snprintf(b->sig_path, sizeof b->sig_path, "%s/%lld.db.sig", dir, (long long)b->version);
}

static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int r = fsync(fd);
    close(fd);
    return r;
}

/* Copies src (at most max bytes) into a new file of dir named .NAME.XXXXXX
 * (mode 0644: bundles are no secret), written and fsynced; its path goes
 * to tmp, its size to *size and, when hash is not NULL, the SHA-256 of the
 * bytes written to hash. Nothing is left behind on failure. */
static int copy_in(const char *src, const char *dir, const char *name, int64_t max, char tmp[HUB_BUNDLE_PATH_MAX],
                   int64_t *size, unsigned char hash[crypto_hash_sha256_BYTES], char err[WK_ERR_MAX])
{
    crypto_hash_sha256_state sha;
    unsigned char *buf = malloc(HUB_COPY_CHUNK);
    int in = open(src, O_RDONLY | O_CLOEXEC), out = -1, rc = WK_EIO;
    struct stat st;
    tmp[0] = '\0';
    *size = 0;
    crypto_hash_sha256_init(&sha);
    if (!buf) {
        wk_seterr(err, "out of memory");
        rc = WK_ENOMEM;
        goto out;
    }
    if (in < 0 || fstat(in, &st) != 0) {
        wk_seterr(err, "cannot read %s: %s", src, strerror(errno));
        rc = errno == ENOENT ? WK_ENOTFOUND : WK_EIO;
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        wk_seterr(err, "%s is not a file", src);
        rc = WK_EINVAL;
        goto out;
    }
    snprintf(tmp, HUB_BUNDLE_PATH_MAX, "%s/.%s.XXXXXX", dir, name);
    if ((out = mkostemp(tmp, O_CLOEXEC)) < 0 || fchmod(out, 0644) != 0) {
        wk_seterr(err, "cannot write in %s: %s", dir, strerror(errno));
        if (out < 0)
            tmp[0] = '\0';
        goto out;
    }
    for (;;) {
        ssize_t n = read(in, buf, HUB_COPY_CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            wk_seterr(err, "cannot read %s: %s", src, strerror(errno));
            goto out;
        }
        if (n == 0)
            break;
        if (*size + n > max) {
            wk_seterr(err, "%s is larger than %lld bytes", src, (long long)max);
            rc = WK_EINVAL;
            goto out;
        }
        crypto_hash_sha256_update(&sha, buf, (unsigned long long)n);
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0) {
                wk_seterr(err, "cannot write %s: %s", tmp, errno == ENOSPC ? "the hub's disk is full"
                                                                           : strerror(errno));
                goto out;
            }
            done += w;
        }
        *size += n;
    }
    if (fsync(out) != 0) {
        wk_seterr(err, "cannot write %s: %s", tmp, strerror(errno));
        goto out;
    }
    if (hash)
        crypto_hash_sha256_final(&sha, hash);
    rc = 0;
out:
    if (out >= 0 && close(out) != 0 && rc == 0) {
        wk_seterr(err, "cannot write %s: %s", tmp, strerror(errno));
        rc = WK_EIO;
    }
    if (rc && tmp[0]) {
        unlink(tmp);
        tmp[0] = '\0';
    }
    if (in >= 0)
        close(in);
    free(buf);
    return rc;
}

/* The highest published version, 0 if none, in the transaction (if any)
 * the caller holds. The lock is held. */
static int newest_version(struct hub_store *s, int64_t *newest, char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int rc = 0, code = sqlite3_prepare_v2(s->db, "SELECT coalesce(max(version), 0) FROM bundles", -1, &st, NULL);
    if (code == SQLITE_OK)
        code = sqlite3_step(st);
    if (code == SQLITE_ROW)
        *newest = sqlite3_column_int64(st, 0);
    else
        rc = db_error(s, code, "cannot read the published bundles", err);
    sqlite3_finalize(st);
    return rc;
}

static int refuse_older(int64_t version, int64_t newest, char err[WK_ERR_MAX])
{
    if (version > newest)
        return 0;
    wk_seterr(err, "content version %lld is not newer than the published version %lld", (long long)version,
              (long long)newest);
    return WK_EINVAL;
}

/* The files are copied to temp names first, outside any transaction (a
 * 64 MiB copy must not hold the write lock a hub storing submissions
 * waits for); then, in one write transaction, the version is checked
 * against the newest again (another welkomctl may have published
 * meanwhile), the temp files are renamed into place and the row is
 * inserted. Renaming only inside that transaction means the files of a
 * version that has a row are never replaced. A crash before COMMIT leaves
 * files without a row, which nothing serves and the next publish of that
 * version replaces. */
int hub_store_bundle_publish(struct hub_store *s, int64_t version, const char *bundle_path,
                             const char *sig_path, const char *sha256, int64_t now_ms, char err[WK_ERR_MAX])
{
    const char *what = "cannot publish the bundle";
    char dir[HUB_DIR_MAX], tmp_db[HUB_BUNDLE_PATH_MAX] = "", tmp_sig[HUB_BUNDLE_PATH_MAX] = "";
    char name[48], hex[HUB_SHA256_HEX + 1];
    unsigned char hash[crypto_hash_sha256_BYTES];
    struct hub_bundle b = { .version = version, .published_at_ms = now_ms };
    sqlite3_stmt *st = NULL;
    bool renamed = false;
    int64_t newest = 0;
    int rc, code;
    if (version < 1 || version > HUB_BUNDLE_VERSION_MAX) {
        wk_seterr(err, "content version %lld is not between 1 and %lld", (long long)version,
                  (long long)HUB_BUNDLE_VERSION_MAX);
        return WK_EINVAL;
    }
    /* Refused before anything is copied, and checked again below. */
    pthread_mutex_lock(&s->lock);
    rc = newest_version(s, &newest, err);
    pthread_mutex_unlock(&s->lock);
    if (rc || (rc = refuse_older(version, newest, err)))
        return rc;
    bundles_dir(s, dir);
    if (mkdir(dir, 0755) == 0) {
        char parent[HUB_DIR_MAX + 4];
        snprintf(parent, sizeof parent, "%s/..", dir);
        fsync_dir(parent);
    } else if (errno != EEXIST) {
        wk_seterr(err, "%s: cannot create %s: %s", what, dir, strerror(errno));
        return WK_EIO;
    }
    bundle_paths(s, &b);
    snprintf(name, sizeof name, "%lld.db", (long long)version);
    if ((rc = copy_in(bundle_path, dir, name, CONTENT_MAX_BUNDLE_BYTES, tmp_db, &b.size, hash, err)))
        goto out;
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    if (sha256 && strcasecmp(sha256, hex) != 0) {
        wk_seterr(err, "%s changed while it was being published: publish it again", bundle_path);
        rc = WK_EINVAL;
        goto out;
    }
    snprintf(b.sha256, sizeof b.sha256, "%s", hex);
    snprintf(name, sizeof name, "%lld.db.sig", (long long)version);
    if ((rc = copy_in(sig_path, dir, name, CONTENT_MAX_SIG_BYTES, tmp_sig, &b.sig_size, NULL, err)))
        goto out;

    pthread_mutex_lock(&s->lock);
    if ((code = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) != SQLITE_OK) {
        rc = db_error(s, code, what, err);
        goto unlock;
    }
    if ((rc = newest_version(s, &newest, err)) || (rc = refuse_older(version, newest, err)))
        goto unlock;
    renamed = true;
    bool moved = rename(tmp_db, b.path) == 0;
    if (moved) {
        tmp_db[0] = '\0';
        moved = rename(tmp_sig, b.sig_path) == 0;
    }
    if (moved) {
        tmp_sig[0] = '\0';
        moved = fsync_dir(dir) == 0;
    }
    if (!moved) {
        wk_seterr(err, "%s: cannot put it in %s: %s", what, dir, strerror(errno));
        rc = WK_EIO;
        goto unlock;
    }
    code = sqlite3_prepare_v2(s->db, "INSERT INTO bundles (version, size, sig_size, sha256, published_at)"
                                     " VALUES (?, ?, ?, ?, ?)", -1, &st, NULL);
    if (code == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, b.version);
        sqlite3_bind_int64(st, 2, b.size);
        sqlite3_bind_int64(st, 3, b.sig_size);
        sqlite3_bind_text(st, 4, b.sha256, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, b.published_at_ms);
        code = sqlite3_step(st);
    }
    if (code != SQLITE_DONE) {
        rc = db_error(s, code, what, err);
        goto unlock;
    }
    /* From here on the row may exist even if COMMIT reports a failure:
     * the files stay. */
    renamed = false;
    if ((code = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
        rc = db_error(s, code, what, err);
unlock:
    sqlite3_finalize(st);
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    if (renamed && rc) {        /* no row: what was renamed goes */
        unlink(b.path);
        unlink(b.sig_path);
    }
    pthread_mutex_unlock(&s->lock);
out:
    if (tmp_db[0])
        unlink(tmp_db);
    if (tmp_sig[0])
        unlink(tmp_sig);
    return rc;
}

/* The row sql selects (version, size, sig_size, sha256, published_at),
 * with version bound as ?1 when it is above 0. */
static int read_bundle(struct hub_store *s, const char *sql, int64_t version, struct hub_bundle *out,
                       char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&s->lock);
    int code = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (code == SQLITE_OK) {
        if (version > 0)
            sqlite3_bind_int64(st, 1, version);
        code = sqlite3_step(st);
    }
    if (code == SQLITE_ROW) {
        out->version = sqlite3_column_int64(st, 0);
        out->size = sqlite3_column_int64(st, 1);
        out->sig_size = sqlite3_column_int64(st, 2);
        copy_column(out->sha256, sizeof out->sha256, st, 3);
        out->published_at_ms = sqlite3_column_int64(st, 4);
        bundle_paths(s, out);
    } else if (code == SQLITE_DONE) {
        if (version > 0)
            wk_seterr(err, "content version %lld is not published", (long long)version);
        else
            wk_seterr(err, "no bundle is published");
        rc = WK_ENOTFOUND;
    } else {
        rc = db_error(s, code, "cannot read the published bundles", err);
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

int hub_store_bundle_latest(struct hub_store *s, struct hub_bundle *out, char err[WK_ERR_MAX])
{
    return read_bundle(s, "SELECT version, size, sig_size, sha256, published_at FROM bundles"
                          " ORDER BY version DESC LIMIT 1", 0, out, err);
}

int hub_store_bundle_get(struct hub_store *s, int64_t version, struct hub_bundle *out, char err[WK_ERR_MAX])
{
    if (version < 1) {
        memset(out, 0, sizeof *out);
        wk_seterr(err, "content version %lld is not published", (long long)version);
        return WK_ENOTFOUND;
    }
    return read_bundle(s, "SELECT version, size, sig_size, sha256, published_at FROM bundles"
                          " WHERE version = ?1", version, out, err);
}
