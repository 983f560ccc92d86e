/* store.c — hub.db: opening it (WAL, synchronous=FULL, the schema and its
 * migrations by user_version), enrolling and revoking kiosks, finding a
 * kiosk by its token, storing submissions and heartbeats, and walking them
 * for staff; store_bundles.c publishes bundles. One connection serves the
 * whole process; a mutex makes the callers take
 * turns, since SQLite writes one at a time anyway and a store call is a
 * few milliseconds. Other processes (welkomctl beside a running hub) wait
 * up to HUB_BUSY_TIMEOUT_MS for a write lock. */
#include "store_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* welkomctl and the hub write the same file; a writer holds the lock for
 * one short transaction. */
#define HUB_BUSY_TIMEOUT_MS 5000
/* The longest string or blob SQLite may build: a payload and its row with
 * room to spare (payloads are at most 64 KiB). */
#define HUB_SQLITE_MAX_LENGTH (1024 * 1024)

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
    /* 2: published bundles; their files are in bundles/ (store_bundles.c). */
    "CREATE TABLE bundles ("
    " version INTEGER PRIMARY KEY CHECK (version > 0),"   /* the content_version */
    " size INTEGER NOT NULL,"
    " sig_size INTEGER NOT NULL,"
    " sha256 TEXT NOT NULL CHECK (length(sha256) = 64),"    /* lowercase hex */
    " published_at INTEGER NOT NULL);",
    /* 3: the staff console (staff_store.c): accounts, their key slots,
     * the audit log, and what staff did with each submission. A password
     * is a crypto_pwhash_str string; a set-up token is kept as its
     * BLAKE2b-256 hash, like a kiosk's. */
    "CREATE TABLE staff ("
    " id INTEGER PRIMARY KEY,"
    " name TEXT UNIQUE NOT NULL,"
    " role TEXT NOT NULL CHECK (role IN ('editor', 'caseworker', 'admin')),"
    " password TEXT,"                               /* NULL until set up */
    " setup_hash BLOB CHECK (setup_hash IS NULL OR length(setup_hash) = 32),"
    " setup_expires INTEGER NOT NULL DEFAULT 0,"
    " failures INTEGER NOT NULL DEFAULT 0,"         /* wrong passwords in a row */
    " locked_until INTEGER NOT NULL DEFAULT 0,"
    " created_at INTEGER NOT NULL,"
    " revoked_at INTEGER);"
    "CREATE UNIQUE INDEX staff_by_setup ON staff (setup_hash) WHERE setup_hash IS NOT NULL;"
    "CREATE TABLE key_slots ("
    " staff_id INTEGER NOT NULL REFERENCES staff (id),"
    " key TEXT NOT NULL CHECK (key IN ('hub', 'publisher')),"
    " public_key BLOB NOT NULL CHECK (length(public_key) = 32),"
    " salt BLOB NOT NULL, nonce BLOB NOT NULL,"
    " opslimit INTEGER NOT NULL, memlimit INTEGER NOT NULL,"
    " wrapped BLOB NOT NULL,"
    " created_at INTEGER NOT NULL,"
    " PRIMARY KEY (staff_id, key));"
    "CREATE TABLE audit ("
    " id INTEGER PRIMARY KEY,"
    " at INTEGER NOT NULL,"
    " staff TEXT NOT NULL,"
    " action TEXT NOT NULL,"
    " target TEXT NOT NULL);"
    "CREATE TABLE submission_states ("
    " uuid TEXT PRIMARY KEY REFERENCES submissions (uuid),"
    " state TEXT NOT NULL CHECK (state IN ('new', 'in_hand', 'done')),"
    " updated_at INTEGER NOT NULL,"
    " staff TEXT NOT NULL);"
    "CREATE INDEX submissions_by_received ON submissions (received_at);",
    /* 4: buddy matching (buddy_store.c): the roster of buddies, words
     * separated by spaces; a removed buddy keeps only their id, for the
     * matches. A match names the request and the buddy, never what the
     * request said. */
    "CREATE TABLE buddies ("
    " id INTEGER PRIMARY KEY,"
    " first_name TEXT NOT NULL,"
    " languages TEXT NOT NULL, interests TEXT NOT NULL, availability TEXT NOT NULL,"
    " gender TEXT NOT NULL, age TEXT NOT NULL,"
    " capacity INTEGER NOT NULL CHECK (capacity > 0),"
    " updated_at INTEGER NOT NULL,"
    " removed_at INTEGER);"
    "CREATE TABLE buddy_matches ("
    " uuid TEXT PRIMARY KEY REFERENCES submissions (uuid),"
    " buddy_id INTEGER NOT NULL REFERENCES buddies (id),"
    " staff TEXT NOT NULL,"
    " at INTEGER NOT NULL);"
    "CREATE INDEX buddy_matches_by_buddy ON buddy_matches (buddy_id);"
    /* Keys given from the console (staff_keys.c): a person's box key
     * pair, its secret half wrapped like a slot, and the keys sealed to
     * it, waiting for that person's next login. */
    "CREATE TABLE staff_boxes ("
    " staff_id INTEGER PRIMARY KEY REFERENCES staff (id),"
    " public_key BLOB NOT NULL CHECK (length(public_key) = 32),"
    " salt BLOB NOT NULL, nonce BLOB NOT NULL,"
    " opslimit INTEGER NOT NULL, memlimit INTEGER NOT NULL,"
    " wrapped BLOB NOT NULL,"
    " created_at INTEGER NOT NULL);"
    "CREATE TABLE key_grants ("
    " staff_id INTEGER NOT NULL REFERENCES staff (id),"
    " key TEXT NOT NULL CHECK (key IN ('hub', 'publisher')),"
    " sealed BLOB NOT NULL,"
    " granted_by TEXT NOT NULL,"
    " created_at INTEGER NOT NULL,"
    " PRIMARY KEY (staff_id, key));",
    /* 5: volunteers (volunteer_store.c): organisations, and the roster
     * of volunteers by number with the entry a bundle carries for each
     * (salt, verifier, sealed first name: app/content/volunteer_code.c);
     * never a code. */
    "CREATE TABLE organisations ("
    " id TEXT PRIMARY KEY NOT NULL,"
    " name TEXT NOT NULL,"
    " created_at INTEGER NOT NULL);"
    "CREATE TABLE volunteers ("
    " id INTEGER PRIMARY KEY CHECK (id BETWEEN 1 AND 9999),"
    " first_name TEXT NOT NULL,"
    " organisation TEXT NOT NULL REFERENCES organisations (id),"
    " salt BLOB NOT NULL CHECK (length(salt) = 16),"
    " verifier BLOB NOT NULL CHECK (length(verifier) = 32),"
    " name_sealed BLOB NOT NULL,"
    " active INTEGER NOT NULL CHECK (active IN (0, 1)),"
    " created_at INTEGER NOT NULL,"
    " updated_at INTEGER NOT NULL);",
    /* 6: when a submission is deleted (store_retention.c): received_at +
     * the keep_days its form promised; NULL keeps it (a check-in, or a
     * submission stored before). */
    ("ALTER TABLE submissions ADD COLUMN delete_at INTEGER;"
     "CREATE INDEX submissions_by_delete_at ON submissions (delete_at) WHERE delete_at IS NOT NULL;"),
};
#define HUB_SCHEMA_VERSION ((int)WK_ARRAY_LEN(migrations))

static const char connection_pragmas[] =
    "PRAGMA synchronous = FULL;"
    "PRAGMA secure_delete = ON;"            /* a deleted submission's bytes are overwritten */
    "PRAGMA foreign_keys = ON;"
    "PRAGMA trusted_schema = OFF;";

/* What the code reads and writes; a file shaped otherwise is not hub.db. */
static const char *const schema_probes[] = {
    "SELECT id, name, token_hash, created_at, revoked_at FROM kiosks LIMIT 0",
    "SELECT uuid, kiosk_id, kind, ref, created_at, received_at, payload, delete_at FROM submissions LIMIT 0",
    ("SELECT kiosk_id, received_at, firmware, content_version, queued, oldest_queued_age_s,"
     " last_error, uptime_s FROM heartbeats LIMIT 0"),
    "SELECT version, size, sig_size, sha256, published_at FROM bundles LIMIT 0",
    "SELECT id, name, role, password, setup_hash, setup_expires, failures, locked_until, created_at,"
    " revoked_at FROM staff LIMIT 0",
    "SELECT staff_id, key, public_key, salt, nonce, opslimit, memlimit, wrapped, created_at FROM key_slots LIMIT 0",
    "SELECT id, at, staff, action, target FROM audit LIMIT 0",
    "SELECT uuid, state, updated_at, staff FROM submission_states LIMIT 0",
    "SELECT id, first_name, languages, interests, availability, gender, age, capacity, updated_at, removed_at"
    " FROM buddies LIMIT 0",
    "SELECT uuid, buddy_id, staff, at FROM buddy_matches LIMIT 0",
    "SELECT staff_id, public_key, salt, nonce, opslimit, memlimit, wrapped, created_at FROM staff_boxes LIMIT 0",
    "SELECT staff_id, key, sealed, granted_by, created_at FROM key_grants LIMIT 0",
    "SELECT id, name, created_at FROM organisations LIMIT 0",
    "SELECT id, first_name, organisation, salt, verifier, name_sealed, active, created_at, updated_at"
    " FROM volunteers LIMIT 0",
};

static const struct db_desc hub_db = {
    .name = "the hub database", .disk = "the hub's disk", .writer = "welkom-hub",
    .kind = "a welkom hub database", .migrations = migrations, .migration_count = HUB_SCHEMA_VERSION,
    .probes = schema_probes, .probe_count = (int)WK_ARRAY_LEN(schema_probes),
};

int hub_store_db_error(struct hub_store *s, int code, const char *what, char err[WK_ERR_MAX])
{
    return db_error(s->db, &hub_db, code, what, err);
}

/* --- opening -------------------------------------------------------------- */

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
    db_lock_down(s->db, HUB_SQLITE_MAX_LENGTH, HUB_BUSY_TIMEOUT_MS);
    sqlite3_stmt *st = NULL;
    code = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
    if (code == SQLITE_OK)
        code = sqlite3_step(st);
    bool wal = code == SQLITE_ROW && sqlite3_column_text(st, 0) &&
               strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
    sqlite3_finalize(st);
    if (code != SQLITE_ROW) {
        rc = hub_store_db_error(s, code, "cannot open the hub database", err);
        goto out;
    }
    if (!wal) {
        wk_seterr(err, "the hub database %s cannot use a write-ahead log", path);
        goto out;
    }
    if ((code = sqlite3_exec(s->db, connection_pragmas, NULL, NULL, NULL)) != SQLITE_OK) {
        rc = hub_store_db_error(s, code, "cannot set the hub database up", err);
        goto out;
    }
    if ((rc = db_migrate(s->db, &hub_db, path, err)) || (rc = db_check_schema(s->db, &hub_db, path, err)))
        goto out;
    if ((code = db_prepare_rollback(s->db, &s->rollback)) != SQLITE_OK) {
        rc = hub_store_db_error(s, code, "cannot open the hub database", err);
        goto out;
    }
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
    sqlite3_finalize(s->rollback);
    if (sqlite3_close(s->db) != SQLITE_OK)
        wk_log(WK_LOG_ERROR, "hub: closing %s failed: %s", s->path, sqlite3_errmsg(s->db));
    pthread_mutex_destroy(&s->lock);
    free(s);
}

/* --- kiosks --------------------------------------------------------------- */

/* The hash of the token's text, which is what the store keeps. */
static void token_hash(const char *token, unsigned char hash[crypto_generichash_BYTES])
{
    crypto_generichash(hash, crypto_generichash_BYTES, (const unsigned char *)token, strlen(token), NULL, 0);
}

int hub_store_kiosk_add(struct hub_store *s, const char *name, int64_t now_ms,
                        char token[HUB_TOKEN_CHARS + 1], char err[WK_ERR_MAX])
{
    token[0] = '\0';
    if (!wk_name_ok(name, HUB_KIOSK_NAME_MAX)) {
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
        rc = hub_store_db_error(s, code, "cannot enrol the kiosk", err);
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
        rc = hub_store_db_error(s, code, "cannot revoke the kiosk", err);
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
    if (!wk_token_ok(token)) {
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
        rc = hub_store_db_error(s, code, "cannot look the token up", err);
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
    if (sub->keep_days < 0 || sub->keep_days > WK_MAX_KEEP_DAYS) {
        wk_seterr(err, "%s: keep_days is not 0 to %d", what, WK_MAX_KEEP_DAYS);
        return WK_EINVAL;
    }
    pthread_mutex_lock(&s->lock);
    int code = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (code == SQLITE_OK)
        code = sqlite3_prepare_v2(s->db, "INSERT INTO submissions (uuid, kiosk_id, kind, ref, created_at,"
                                         " received_at, payload, delete_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                                         " ON CONFLICT (uuid) DO NOTHING", -1, &ins, NULL);
    if (code == SQLITE_OK) {
        sqlite3_bind_text(ins, 1, sub->uuid, -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 2, kiosk_id);
        sqlite3_bind_text(ins, 3, sub->kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, sub->ref, -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 5, sub->created_at_ms);
        sqlite3_bind_int64(ins, 6, now_ms);
        sqlite3_bind_blob(ins, 7, sub->payload, (int)sub->payload_size, SQLITE_STATIC);
        if (sub->keep_days > 0)
            sqlite3_bind_int64(ins, 8, now_ms + sub->keep_days * WK_MS_PER_DAY);
        code = sqlite3_step(ins);
    }
    if (code != SQLITE_DONE) {
        rc = hub_store_db_error(s, code, what, err);
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
            rc = hub_store_db_error(s, code, what, err);
            goto out;
        }
        *result = sqlite3_column_int64(owner, 0) == kiosk_id ? HUB_PUT_ALREADY : HUB_PUT_CONFLICT;
    }
    if ((code = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
        rc = hub_store_db_error(s, code, what, err);
out:
    sqlite3_finalize(ins);
    sqlite3_finalize(owner);
    db_end_failed(s->db, s->rollback);
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
        rc = hub_store_db_error(s, code, "cannot store the heartbeat", err);
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

/* --- for staff ------------------------------------------------------------- */

void hub_store_copy_column(char *out, size_t size, sqlite3_stmt *st, int col)
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
        hub_store_copy_column(k.name, sizeof k.name, st, 0);
        k.created_at_ms = sqlite3_column_int64(st, 1);
        k.revoked_at_ms = sqlite3_column_int64(st, 2);
        k.heartbeat_at_ms = sqlite3_column_int64(st, 3);
        hub_store_copy_column(k.heartbeat.firmware, sizeof k.heartbeat.firmware, st, 4);
        k.heartbeat.content_version = sqlite3_column_int64(st, 5);
        k.heartbeat.queued = sqlite3_column_int64(st, 6);
        k.heartbeat.oldest_queued_age_s = sqlite3_column_int64(st, 7);
        hub_store_copy_column(k.heartbeat.last_error, sizeof k.heartbeat.last_error, st, 8);
        k.heartbeat.uptime_s = sqlite3_column_int64(st, 9);
        k.submissions = sqlite3_column_int64(st, 10);
        k.last_submission_at_ms = sqlite3_column_int64(st, 11);
        if ((rc = each(user, &k)) != 0)
            break;
        code = SQLITE_OK;
    }
    if (rc == 0 && code != SQLITE_DONE)
        rc = hub_store_db_error(s, code, "cannot read the kiosks", err);
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
        "SELECT s.uuid, k.name, s.kind, s.ref, s.created_at, s.received_at, s.payload,"
        " coalesce(s.delete_at, 0) FROM submissions s JOIN kiosks k ON k.id = s.kiosk_id"
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
            .delete_at_ms = sqlite3_column_int64(st, 7),
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
        rc = hub_store_db_error(s, code, "cannot read the submissions", err);
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    return rc;
}
