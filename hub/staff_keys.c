/* staff_keys.c — the keys staff hold (staff.h): slots (a secret key
 * wrapped with crypto_secretbox under a key crypto_pwhash derives from
 * one person's password), each person's box key pair that lets an admin
 * give them a key without knowing their password (a grant: the key
 * sealed with crypto_box_seal to the person's public box key, turned into
 * a slot at their next login), changing a password (every slot unwrapped
 * and wrapped again, in one transaction with the new hash) and an
 * admin's reset (the password and everything it wrapped gone, a new
 * set-up link). A secret is only ever unwrapped into sodium_malloc
 * memory, and wiped when done.
 *
 * crypto_pwhash costs a tenth of a second and 64 MiB: it runs outside
 * the store's lock, so kiosks storing submissions never wait for it. */
#include "staff.h"
#include "store_internal.h"

#include <stdio.h>
#include <string.h>

/* A secret wrapped with a password, as a row of key_slots or staff_boxes
 * holds it. */
struct wrapped {
    unsigned char pk[32], salt[crypto_pwhash_SALTBYTES], nonce[crypto_secretbox_NONCEBYTES];
    long long ops, mem;
    unsigned char box[HUB_KEY_SECRET_MAX + crypto_secretbox_MACBYTES];
    size_t size;                                /* of the secret */
};

/* What stands for a box key pair where a kind of key is asked: its
 * secret half is an X25519 key, like the hub's. */
#define BOX_KIND HUB_KEY_HUB
#define SEALED_MAX (HUB_KEY_SECRET_MAX + crypto_box_SEALBYTES)

static int wrap(const char *password, const unsigned char *secret, size_t size, enum hub_key_kind kind,
                struct wrapped *w, char err[WK_ERR_MAX])
{
    unsigned char *key = sodium_malloc(HUB_SLOT_KEY_BYTES);
    if (!key) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    memset(w, 0, sizeof *w);
    w->size = size;
    w->ops = (long long)HUB_PWHASH_OPS;
    w->mem = (long long)HUB_PWHASH_MEM;
    hub_key_public(kind, secret, w->pk);
    randombytes_buf(w->salt, sizeof w->salt);
    randombytes_buf(w->nonce, sizeof w->nonce);
    int rc = 0;
    if (crypto_pwhash(key, HUB_SLOT_KEY_BYTES, password, strlen(password), w->salt, HUB_PWHASH_OPS, HUB_PWHASH_MEM,
                      crypto_pwhash_ALG_ARGON2ID13) != 0) {
        wk_seterr(err, "out of memory deriving the slot's key");
        rc = WK_ENOMEM;
    } else {
        crypto_secretbox_easy(w->box, secret, size, w->nonce, key);
    }
    sodium_free(key);
    return rc;
}

/* w opened with password into secret (w->size bytes, locked memory),
 * and checked against its public half. */
static int unwrap(const char *password, const struct wrapped *w, enum hub_key_kind kind, unsigned char *secret,
                  const char *what, char err[WK_ERR_MAX])
{
    unsigned char *key = sodium_malloc(HUB_SLOT_KEY_BYTES);
    unsigned char check[32];
    int rc = 0;
    if (!key || w->ops < (long long)crypto_pwhash_OPSLIMIT_MIN || w->mem < (long long)crypto_pwhash_MEMLIMIT_MIN ||
        (unsigned long long)w->mem > crypto_pwhash_MEMLIMIT_SENSITIVE ||
        crypto_pwhash(key, HUB_SLOT_KEY_BYTES, password, strlen(password), w->salt, (unsigned long long)w->ops,
                      (size_t)w->mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        wk_seterr(err, "cannot derive the %s's key (out of memory, or limits out of range)", what);
        rc = WK_ENOMEM;
    } else if (crypto_secretbox_open_easy(secret, w->box, w->size + crypto_secretbox_MACBYTES, w->nonce, key) != 0) {
        wk_seterr(err, "the %s does not open with this password", what);
        rc = WK_EPERM;
    } else {
        hub_key_public(kind, secret, check);
        if (sodium_memcmp(check, w->pk, sizeof w->pk) != 0) {
            sodium_memzero(secret, w->size);
            wk_seterr(err, "the %s holds a key that does not match its public half", what);
            rc = WK_EFORMAT;
        }
    }
    if (key)
        sodium_free(key);
    return rc;
}

/* The wrapped secret of size bytes that sql (one row: public_key, salt,
 * nonce, opslimit, memlimit, wrapped; ?1 the person, ?2 the kind) finds;
 * the caller holds the lock. WK_ENOTFOUND for none. */
static int read_wrapped(struct hub_store *s, const char *sql, int64_t staff_id, const char *kind, size_t size,
                        struct wrapped *w, const char *what, char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    memset(w, 0, sizeof *w);
    w->size = size;
    int code = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (code == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, staff_id);
        sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
        code = sqlite3_step(st);
    }
    if (code == SQLITE_DONE) {
        wk_seterr(err, "no %s", what);
        rc = WK_ENOTFOUND;
    } else if (code != SQLITE_ROW) {
        rc = hub_store_db_error(s, code, "cannot read a key slot", err);
    } else if (sqlite3_column_bytes(st, 0) != (int)sizeof w->pk || sqlite3_column_bytes(st, 1) != (int)sizeof w->salt ||
               sqlite3_column_bytes(st, 2) != (int)sizeof w->nonce ||
               sqlite3_column_bytes(st, 5) != (int)(size + crypto_secretbox_MACBYTES)) {
        wk_seterr(err, "the %s is damaged", what);
        rc = WK_EFORMAT;
    } else {
        memcpy(w->pk, sqlite3_column_blob(st, 0), sizeof w->pk);
        memcpy(w->salt, sqlite3_column_blob(st, 1), sizeof w->salt);
        memcpy(w->nonce, sqlite3_column_blob(st, 2), sizeof w->nonce);
        w->ops = sqlite3_column_int64(st, 3);
        w->mem = sqlite3_column_int64(st, 4);
        memcpy(w->box, sqlite3_column_blob(st, 5), size + crypto_secretbox_MACBYTES);
    }
    sqlite3_finalize(st);
    return rc;
}

#define SLOT_SQL "SELECT public_key, salt, nonce, opslimit, memlimit, wrapped FROM key_slots WHERE staff_id = ?1 AND key = ?2"
#define BOX_SQL "SELECT public_key, salt, nonce, opslimit, memlimit, wrapped FROM staff_boxes WHERE staff_id = ?1 AND ?2 IS NULL"

/* Whether pk is another key of kind than other people's slots hold;
 * the caller holds the lock. */
static int another_key(struct hub_store *s, enum hub_key_kind kind, int64_t staff_id, const unsigned char pk[32],
                       char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int code = sqlite3_prepare_v2(s->db, "SELECT public_key FROM key_slots WHERE key = ? AND staff_id != ? LIMIT 1",
                                  -1, &st, NULL);
    if (code == SQLITE_OK) {
        sqlite3_bind_text(st, 1, hub_key_kind_name(kind), -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, staff_id);
        code = sqlite3_step(st);
    }
    int rc = 0;
    if (code == SQLITE_ROW && (sqlite3_column_bytes(st, 0) != 32 || memcmp(sqlite3_column_blob(st, 0), pk, 32) != 0)) {
        wk_seterr(err, "this is another %s key than the one other people's slots hold", hub_key_kind_name(kind));
        rc = WK_EINVAL;
    } else if (code != SQLITE_ROW && code != SQLITE_DONE) {
        rc = hub_store_db_error(s, code, "cannot read the key slots", err);
    }
    sqlite3_finalize(st);
    return rc;
}

/* w as staff_id's slot of kind (or, for kind HUB_KEY_KINDS, their box),
 * replacing one there; the caller holds the lock, in a transaction. */
static int store_wrapped(struct hub_store *s, int64_t staff_id, enum hub_key_kind kind, const struct wrapped *w,
                         int64_t now_ms, char err[WK_ERR_MAX])
{
    bool box = kind == HUB_KEY_KINDS;
    int rc = box ? 0 : another_key(s, kind, staff_id, w->pk, err);
    const struct hub_param p[] = {
        { 'i', .i = staff_id }, { 'b', .blob = w->pk, .blob_size = sizeof w->pk },
        { 'b', .blob = w->salt, .blob_size = sizeof w->salt }, { 'b', .blob = w->nonce, .blob_size = sizeof w->nonce },
        { 'i', .i = w->ops }, { 'i', .i = w->mem },
        { 'b', .blob = w->box, .blob_size = (int)(w->size + crypto_secretbox_MACBYTES) }, { 'i', .i = now_ms },
        { 't', .text = box ? "" : hub_key_kind_name(kind) } };
    if (rc == 0)
        rc = hub_store_exec(s, box ? "INSERT OR REPLACE INTO staff_boxes (staff_id, public_key, salt, nonce, opslimit,"
                                     " memlimit, wrapped, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                                   : "INSERT OR REPLACE INTO key_slots (staff_id, public_key, salt, nonce, opslimit,"
                                     " memlimit, wrapped, created_at, key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                            p, box ? 8 : 9, NULL, "cannot store the key slot", err);
    return rc;
}

/* run(s, user) in one BEGIN IMMEDIATE transaction under the lock. */
static int in_transaction(struct hub_store *s, int (*run)(struct hub_store *s, void *user, char err[WK_ERR_MAX]),
                          void *user, char err[WK_ERR_MAX])
{
    const char *what = "cannot change the keys";
    pthread_mutex_lock(&s->lock);
    int code = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    int rc = code == SQLITE_OK ? run(s, user, err) : hub_store_db_error(s, code, what, err);
    if (rc == 0 && (code = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
        rc = hub_store_db_error(s, code, what, err);
    db_end_failed(s->db, s->rollback);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

/* --- slots ------------------------------------------------------------------------ */

struct one_slot { int64_t staff_id; enum hub_key_kind kind; const struct wrapped *w; int64_t now_ms; };

static int put_one(struct hub_store *s, void *user, char err[WK_ERR_MAX])
{
    const struct one_slot *o = user;
    return store_wrapped(s, o->staff_id, o->kind, o->w, o->now_ms, err);
}

int hub_staff_slot_put(struct hub_store *s, const char *name, enum hub_key_kind kind, const char *password,
                       const unsigned char *secret, int64_t now_ms, char err[WK_ERR_MAX])
{
    struct hub_staff_member m;
    int retry = 0;
    int rc = hub_staff_login(s, name, password, now_ms, &m, &retry, err);
    struct wrapped w;
    if (rc == 0)
        rc = wrap(password, secret, hub_key_secret_size(kind), kind, &w, err);
    if (rc == 0)
        rc = in_transaction(s, put_one, &(struct one_slot){ m.id, kind, &w, now_ms }, err);
    return rc;
}

int hub_staff_slot_open(struct hub_store *s, int64_t staff_id, enum hub_key_kind kind, const char *password,
                        unsigned char *secret, char err[WK_ERR_MAX])
{
    struct wrapped w;
    char what[32];
    snprintf(what, sizeof what, "%s key slot", hub_key_kind_name(kind));
    pthread_mutex_lock(&s->lock);
    int rc = read_wrapped(s, SLOT_SQL, staff_id, hub_key_kind_name(kind), hub_key_secret_size(kind), &w, what, err);
    pthread_mutex_unlock(&s->lock);
    return rc ? rc : unwrap(password, &w, kind, secret, what, err);
}

/* --- the box key and grants ---------------------------------------------------------------- */

/* staff_id's box key pair: made (and stored, wrapped with password) if
 * there is none. sk is the caller's locked memory. */
static int box_open(struct hub_store *s, int64_t staff_id, const char *password, int64_t now_ms,
                    unsigned char pk[crypto_box_PUBLICKEYBYTES], unsigned char *sk, char err[WK_ERR_MAX])
{
    struct wrapped w;
    pthread_mutex_lock(&s->lock);
    int rc = read_wrapped(s, BOX_SQL, staff_id, NULL, crypto_box_SECRETKEYBYTES, &w, "box key", err);
    pthread_mutex_unlock(&s->lock);
    if (rc == 0) {
        memcpy(pk, w.pk, crypto_box_PUBLICKEYBYTES);
        return unwrap(password, &w, BOX_KIND, sk, "box key", err);
    }
    if (rc != WK_ENOTFOUND)
        return rc;
    crypto_box_keypair(pk, sk);
    rc = wrap(password, sk, crypto_box_SECRETKEYBYTES, BOX_KIND, &w, err);
    return rc ? rc : in_transaction(s, put_one, &(struct one_slot){ staff_id, HUB_KEY_KINDS, &w, now_ms }, err);
}

struct grant_turned { int64_t staff_id; enum hub_key_kind kind; const struct wrapped *w; int64_t now_ms; };

static int grant_to_slot(struct hub_store *s, void *user, char err[WK_ERR_MAX])
{
    const struct grant_turned *g = user;
    int rc = store_wrapped(s, g->staff_id, g->kind, g->w, g->now_ms, err);
    const struct hub_param p[] = { { 'i', .i = g->staff_id }, { 't', .text = hub_key_kind_name(g->kind) } };
    if (rc == 0)
        rc = hub_store_exec(s, "DELETE FROM key_grants WHERE staff_id = ? AND key = ?", p, 2, NULL,
                            "cannot remove the grant", err);
    return rc;
}

/* Whether staff_id has a box key, and grants waiting. */
static void box_state(struct hub_store *s, int64_t staff_id, bool *box, bool *grants)
{
    sqlite3_stmt *st = NULL;
    *box = *grants = false;
    pthread_mutex_lock(&s->lock);
    if (sqlite3_prepare_v2(s->db, "SELECT EXISTS (SELECT 1 FROM staff_boxes WHERE staff_id = ?1),"
                                  " EXISTS (SELECT 1 FROM key_grants WHERE staff_id = ?1)", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, staff_id);
        if (sqlite3_step(st) == SQLITE_ROW) {
            *box = sqlite3_column_int(st, 0) != 0;
            *grants = sqlite3_column_int(st, 1) != 0;
        }
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
}

int hub_staff_keys_at_login(struct hub_store *s, const struct hub_staff_member *m, const char *password,
                            int64_t now_ms, char err[WK_ERR_MAX])
{
    /* A box key is unwrapped (a password hash's cost) only for grants. */
    bool box, grants;
    box_state(s, m->id, &box, &grants);
    if (box && !grants)
        return 0;
    unsigned char pk[crypto_box_PUBLICKEYBYTES];
    unsigned char *sk = sodium_malloc(crypto_box_SECRETKEYBYTES), *secret = sodium_malloc(HUB_KEY_SECRET_MAX);
    int rc = sk && secret ? box_open(s, m->id, password, now_ms, pk, sk, err) : WK_ENOMEM;
    for (int k = 0; rc == 0 && k < HUB_KEY_KINDS; k++) {
        enum hub_key_kind kind = (enum hub_key_kind)k;
        size_t size = hub_key_secret_size(kind);
        unsigned char sealed[SEALED_MAX];
        int sealed_size = 0;
        sqlite3_stmt *st = NULL;
        pthread_mutex_lock(&s->lock);
        if (sqlite3_prepare_v2(s->db, "SELECT sealed FROM key_grants WHERE staff_id = ? AND key = ?", -1, &st,
                               NULL) == SQLITE_OK) {
            sqlite3_bind_int64(st, 1, m->id);
            sqlite3_bind_text(st, 2, hub_key_kind_name(kind), -1, SQLITE_STATIC);
            if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == (int)(size + crypto_box_SEALBYTES)) {
                sealed_size = sqlite3_column_bytes(st, 0);
                memcpy(sealed, sqlite3_column_blob(st, 0), (size_t)sealed_size);
            }
        }
        sqlite3_finalize(st);
        pthread_mutex_unlock(&s->lock);
        if (!sealed_size)
            continue;
        struct wrapped w;
        if (crypto_box_seal_open(secret, sealed, (unsigned long long)sealed_size, pk, sk) != 0) {
            wk_log(WK_LOG_WARN, "hub: %s's %s key grant does not open with their box key", m->name,
                   hub_key_kind_name(kind));
            continue;
        }
        rc = wrap(password, secret, size, kind, &w, err);
        sodium_memzero(secret, HUB_KEY_SECRET_MAX);
        if (rc == 0)
            rc = in_transaction(s, grant_to_slot, &(struct grant_turned){ m->id, kind, &w, now_ms }, err);
        if (rc == 0)
            wk_log(WK_LOG_INFO, "hub: %s's %s key grant is a slot now", m->name, hub_key_kind_name(kind));
    }
    if (rc == WK_ENOMEM && !(sk && secret))
        wk_seterr(err, "out of memory");
    if (sk)
        sodium_free(sk);
    if (secret)
        sodium_free(secret);
    return rc;
}

int hub_staff_grant(struct hub_store *s, const char *name, enum hub_key_kind kind, const unsigned char *secret,
                    const char *by, int64_t now_ms, char err[WK_ERR_MAX])
{
    struct hub_staff_member m;
    int rc = hub_staff_find(s, name, &m, err);
    if (rc == 0 && m.revoked_at_ms)
        rc = WK_ENOTFOUND;
    if (rc) {
        if (rc == WK_ENOTFOUND)
            wk_seterr(err, "nobody active has this name");
        return rc;
    }
    size_t size = hub_key_secret_size(kind);
    unsigned char pk[32], box_pk[32], sealed[SEALED_MAX];
    hub_key_public(kind, secret, pk);
    pthread_mutex_lock(&s->lock);
    sqlite3_stmt *st = NULL;
    int code = sqlite3_prepare_v2(s->db, "SELECT public_key FROM staff_boxes WHERE staff_id = ?", -1, &st, NULL);
    if (code == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, m.id);
        code = sqlite3_step(st);
    }
    if (code == SQLITE_ROW && sqlite3_column_bytes(st, 0) == (int)sizeof box_pk) {
        memcpy(box_pk, sqlite3_column_blob(st, 0), sizeof box_pk);
    } else if (code == SQLITE_DONE) {
        wk_seterr(err, "%s has no box key yet: give the key once they have set a password or logged in", name);
        rc = WK_EINVAL;
    } else {
        rc = hub_store_db_error(s, code == SQLITE_ROW ? SQLITE_CORRUPT : code, "cannot read the box key", err);
    }
    sqlite3_finalize(st);
    if (rc == 0)
        rc = another_key(s, kind, m.id, pk, err);
    if (rc == 0) {
        crypto_box_seal(sealed, secret, size, box_pk);
        const struct hub_param p[] = { { 'i', .i = m.id }, { 't', .text = hub_key_kind_name(kind) },
                                       { 'b', .blob = sealed, .blob_size = (int)(size + crypto_box_SEALBYTES) },
                                       { 't', .text = by }, { 'i', .i = now_ms } };
        rc = hub_store_exec(s, "INSERT OR REPLACE INTO key_grants (staff_id, key, sealed, granted_by, created_at)"
                               " VALUES (?, ?, ?, ?, ?)", p, 5, NULL, "cannot store the grant", err);
    }
    pthread_mutex_unlock(&s->lock);
    return rc;
}

bool hub_staff_grant_waiting(struct hub_store *s, int64_t staff_id, enum hub_key_kind kind)
{
    sqlite3_stmt *st = NULL;
    bool waiting = false;
    pthread_mutex_lock(&s->lock);
    if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM key_grants WHERE staff_id = ? AND key = ?", -1, &st, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_int64(st, 1, staff_id);
        sqlite3_bind_text(st, 2, hub_key_kind_name(kind), -1, SQLITE_STATIC);
        waiting = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    return waiting;
}

/* --- passwords ----------------------------------------------------------------------- */

/* A person's slots and box, wrapped again: index k < HUB_KEY_KINDS a
 * slot of kind k, HUB_KEY_KINDS the box; has[] which there are. */
struct rewrap {
    int64_t staff_id;
    const char *stored;                         /* the new password's hash */
    struct wrapped w[HUB_KEY_KINDS + 1];
    bool has[HUB_KEY_KINDS + 1];
    int64_t now_ms;
};

static int rewrap_store(struct hub_store *s, void *user, char err[WK_ERR_MAX])
{
    const struct rewrap *r = user;
    const struct hub_param p[] = { { 't', .text = r->stored }, { 'i', .i = r->staff_id } };
    int rc = hub_store_exec(s, "UPDATE staff SET password = ? WHERE id = ? AND revoked_at IS NULL", p, 2, NULL,
                            "cannot change the password", err);
    for (int k = 0; rc == 0 && k <= HUB_KEY_KINDS; k++)
        if (r->has[k])
            rc = store_wrapped(s, r->staff_id, (enum hub_key_kind)k, &r->w[k], r->now_ms, err);
    return rc;
}

int hub_staff_password_change(struct hub_store *s, const char *name, const char *old, const char *new_password,
                              int64_t now_ms, int *retry_after_s, char err[WK_ERR_MAX])
{
    struct hub_staff_member m;
    *retry_after_s = 0;
    if (!hub_password_ok(new_password, err))
        return WK_EINVAL;
    int rc = hub_staff_login(s, name, old, now_ms, &m, retry_after_s, err);
    if (rc)
        return rc;
    struct rewrap *r = sodium_malloc(sizeof *r);
    unsigned char *secret = sodium_malloc(HUB_KEY_SECRET_MAX);
    char stored[crypto_pwhash_STRBYTES];
    if (!r || !secret) {
        wk_seterr(err, "out of memory");
        rc = WK_ENOMEM;
    } else {
        memset(r, 0, sizeof *r);
        r->staff_id = m.id;
        r->now_ms = now_ms;
        r->stored = stored;
        rc = hub_password_hash(new_password, stored, err);
    }
    for (int k = 0; rc == 0 && k <= HUB_KEY_KINDS; k++) {
        bool box = k == HUB_KEY_KINDS;
        enum hub_key_kind kind = box ? BOX_KIND : (enum hub_key_kind)k;
        size_t size = box ? crypto_box_SECRETKEYBYTES : hub_key_secret_size(kind);
        const char *what = box ? "box key" : k == HUB_KEY_HUB ? "hub key slot" : "publisher key slot";
        struct wrapped w;
        pthread_mutex_lock(&s->lock);
        rc = read_wrapped(s, box ? BOX_SQL : SLOT_SQL, m.id, box ? NULL : hub_key_kind_name(kind), size, &w, what, err);
        pthread_mutex_unlock(&s->lock);
        if (rc == WK_ENOTFOUND) {
            rc = 0;
            continue;
        }
        if (rc == 0)
            rc = unwrap(old, &w, kind, secret, what, err);
        if (rc == 0)
            rc = wrap(new_password, secret, size, kind, &r->w[k], err);
        sodium_memzero(secret, HUB_KEY_SECRET_MAX);
        r->has[k] = rc == 0;
    }
    if (rc == 0)
        rc = in_transaction(s, rewrap_store, r, err);
    sodium_memzero(stored, sizeof stored);
    if (r)
        sodium_free(r);
    if (secret)
        sodium_free(secret);
    return rc;
}

int hub_staff_keys_delete(struct hub_store *s, const char *name, char err[WK_ERR_MAX])
{
    static const char *const sql[] = {
        "DELETE FROM key_slots WHERE staff_id = (SELECT id FROM staff WHERE name = ?)",
        "DELETE FROM key_grants WHERE staff_id = (SELECT id FROM staff WHERE name = ?)",
        "DELETE FROM staff_boxes WHERE staff_id = (SELECT id FROM staff WHERE name = ?)",
    };
    const struct hub_param p[] = { { 't', .text = name } };
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < WK_ARRAY_LEN(sql); i++)
        rc = hub_store_exec(s, sql[i], p, 1, NULL, "cannot delete the keys", err);
    return rc;
}

struct reset { const char *name; unsigned char hash[crypto_generichash_BYTES]; int64_t now_ms; };

static int reset_run(struct hub_store *s, void *user, char err[WK_ERR_MAX])
{
    const struct reset *r = user;
    int changes = 0;
    const struct hub_param p[] = { { 'b', .blob = r->hash, .blob_size = sizeof r->hash },
                                   { 'i', .i = r->now_ms + (int64_t)HUB_STAFF_SETUP_S * 1000 }, { 't', .text = r->name } };
    int rc = hub_store_exec(s, "UPDATE staff SET password = NULL, setup_hash = ?, setup_expires = ?, failures = 0,"
                               " locked_until = 0 WHERE name = ? AND revoked_at IS NULL", p, 3, &changes,
                            "cannot reset the password", err);
    if (rc == 0 && changes == 0) {
        wk_seterr(err, "nobody active has this name");
        rc = WK_ENOTFOUND;
    }
    return rc ? rc : hub_staff_keys_delete(s, r->name, err);
}

int hub_staff_reset(struct hub_store *s, const char *name, int64_t now_ms, char token[HUB_TOKEN_CHARS + 1],
                    char err[WK_ERR_MAX])
{
    struct reset r = { .name = name, .now_ms = now_ms };
    char text[HUB_TOKEN_CHARS + 1];
    token[0] = '\0';
    hub_staff_token_new(text, r.hash);
    int rc = in_transaction(s, reset_run, &r, err);
    if (rc == 0)
        memcpy(token, text, sizeof text);
    sodium_memzero(text, sizeof text);
    return rc;
}
