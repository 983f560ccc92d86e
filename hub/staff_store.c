/* staff_store.c — the staff console's half of hub.db (staff.h): people
 * and their roles, set-up tokens and passwords (crypto_pwhash_str), the
 * lockout after wrong passwords, the key slots (a secret key wrapped with
 * crypto_secretbox under a key crypto_pwhash derives from one person's
 * password), the audit log, and the state staff gave each submission.
 *
 * Password hashing costs a tenth of a second and 64 MiB on purpose: it
 * runs outside the store's lock, so kiosks storing submissions never wait
 * for a person logging in. */
#include "staff.h"
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The cost of a password hash and of a slot's key: libsodium's
 * "interactive" limits (64 MiB, ~0.1 s here), so a login stays quick on
 * a small server; a slot records its own limits, so they can be raised. */
#define HUB_PWHASH_OPS crypto_pwhash_OPSLIMIT_INTERACTIVE
#define HUB_PWHASH_MEM crypto_pwhash_MEMLIMIT_INTERACTIVE
#define HUB_SLOT_KEY_BYTES crypto_secretbox_KEYBYTES

/* Columns of a member, for every query that reads one. */
#define MEMBER_COLUMNS \
    "id, name, role, password IS NOT NULL, created_at, coalesce(revoked_at, 0), failures, locked_until," \
    " EXISTS (SELECT 1 FROM key_slots k WHERE k.staff_id = staff.id AND k.key = 'hub')," \
    " EXISTS (SELECT 1 FROM key_slots k WHERE k.staff_id = staff.id AND k.key = 'publisher')"

static const char *const role_names[] = { [HUB_ROLE_EDITOR] = "editor", [HUB_ROLE_CASEWORKER] = "caseworker",
                                          [HUB_ROLE_ADMIN] = "admin" };
static const char *const key_names[HUB_KEY_KINDS] = { [HUB_KEY_HUB] = "hub", [HUB_KEY_PUBLISHER] = "publisher" };

const char *hub_role_name(enum hub_role role)
{
    return role == HUB_ROLE_EDITOR || role == HUB_ROLE_CASEWORKER || role == HUB_ROLE_ADMIN ? role_names[role] : "";
}

enum hub_role hub_role_parse(const char *name)
{
    for (int r = HUB_ROLE_EDITOR; r <= HUB_ROLE_ADMIN; r *= 2)
        if (name && !strcmp(name, role_names[r]))
            return (enum hub_role)r;
    return 0;
}

const char *hub_key_kind_name(enum hub_key_kind kind)
{
    return kind < HUB_KEY_KINDS ? key_names[kind] : "";
}

size_t hub_key_secret_size(enum hub_key_kind kind)
{
    return kind == HUB_KEY_HUB ? crypto_box_SECRETKEYBYTES : crypto_sign_SECRETKEYBYTES;
}

void hub_key_public(enum hub_key_kind kind, const unsigned char *secret, unsigned char pk[32])
{
    if (kind == HUB_KEY_HUB)
        crypto_scalarmult_base(pk, secret);
    else
        crypto_sign_ed25519_sk_to_pk(pk, secret);
}

bool hub_state_ok(const char *state)
{
    return state && (!strcmp(state, HUB_STATE_NEW) || !strcmp(state, HUB_STATE_IN_HAND) ||
                     !strcmp(state, HUB_STATE_DONE));
}

static void secret_hash(const char *token, unsigned char hash[crypto_generichash_BYTES])
{
    crypto_generichash(hash, crypto_generichash_BYTES, (const unsigned char *)token, strlen(token), NULL, 0);
}

static void read_member(sqlite3_stmt *st, struct hub_staff_member *m)
{
    memset(m, 0, sizeof *m);
    m->id = sqlite3_column_int64(st, 0);
    hub_store_copy_column(m->name, sizeof m->name, st, 1);
    m->role = hub_role_parse((const char *)sqlite3_column_text(st, 2));
    m->set_up = sqlite3_column_int(st, 3) != 0;
    m->created_at_ms = sqlite3_column_int64(st, 4);
    m->revoked_at_ms = sqlite3_column_int64(st, 5);
    m->failures = sqlite3_column_int(st, 6);
    m->locked_until_ms = sqlite3_column_int64(st, 7);
    m->hub_key = sqlite3_column_int(st, 8) != 0;
    m->publisher_key = sqlite3_column_int(st, 9) != 0;
}

/* One member by a WHERE clause over one bound value (text or id). */
static int member_where(struct hub_store *s, const char *where, const char *text, int64_t id,
                        struct hub_staff_member *m, char err[WK_ERR_MAX])
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT " MEMBER_COLUMNS " FROM staff WHERE %s", where);
    sqlite3_stmt *st = NULL;
    int rc = 0;
    pthread_mutex_lock(&s->lock);
    int code = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (code == SQLITE_OK) {
        if (text)
            sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
        else
            sqlite3_bind_int64(st, 1, id);
        code = sqlite3_step(st);
    }
    if (code == SQLITE_ROW) {
        read_member(st, m);
    } else if (code == SQLITE_DONE) {
        wk_seterr(err, "no such person");
        rc = WK_ENOTFOUND;
    } else {
        rc = hub_store_db_error(s, code, "cannot read the staff", err);
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

int hub_staff_get(struct hub_store *s, int64_t id, struct hub_staff_member *out, char err[WK_ERR_MAX])
{
    return member_where(s, "id = ?", NULL, id, out, err);
}

int hub_staff_find(struct hub_store *s, const char *name, struct hub_staff_member *out, char err[WK_ERR_MAX])
{
    return member_where(s, "name = ?", name ? name : "", 0, out, err);
}

int hub_store_exec(struct hub_store *s, const char *sql, const struct hub_param *p, int n, int *changes,
                   const char *what, char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int code = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    for (int i = 0; code == SQLITE_OK && i < n; i++) {
        if (p[i].type == 't')
            code = sqlite3_bind_text(st, i + 1, p[i].text, -1, SQLITE_STATIC);
        else if (p[i].type == 'b')
            code = sqlite3_bind_blob(st, i + 1, p[i].blob, p[i].blob_size, SQLITE_STATIC);
        else
            code = sqlite3_bind_int64(st, i + 1, p[i].i);
    }
    if (code == SQLITE_OK)
        code = sqlite3_step(st);
    sqlite3_finalize(st);
    if (code == SQLITE_ROW || code == SQLITE_DONE) {
        if (changes)
            *changes = sqlite3_changes(s->db);
        return 0;
    }
    return hub_store_db_error(s, code, what, err);
}

int hub_store_exec_locked(struct hub_store *s, const char *sql, const struct hub_param *p, int n, int *changes,
                          const char *what, char err[WK_ERR_MAX])
{
    pthread_mutex_lock(&s->lock);
    int rc = hub_store_exec(s, sql, p, n, changes, what, err);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

/* --- accounts ------------------------------------------------------------- */

int hub_staff_add(struct hub_store *s, const char *name, enum hub_role role, int64_t now_ms,
                  char token[HUB_TOKEN_CHARS + 1], char err[WK_ERR_MAX])
{
    token[0] = '\0';
    if (!wk_name_ok(name, HUB_STAFF_NAME_MAX)) {
        wk_seterr(err, "a name is 1 to %d letters, digits, '.', '_' or '-'", HUB_STAFF_NAME_MAX);
        return WK_EINVAL;
    }
    if (!hub_role_name(role)[0]) {
        wk_seterr(err, "a role is editor, caseworker or admin");
        return WK_EINVAL;
    }
    unsigned char raw[HUB_TOKEN_BYTES], hash[crypto_generichash_BYTES];
    char text[HUB_TOKEN_CHARS + 1];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(text, sizeof text, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    secret_hash(text, hash);
    const struct hub_param p[] = { { 't', .text = name }, { 't', .text = hub_role_name(role) },
                               { 'b', .blob = hash, .blob_size = sizeof hash },
                               { 'i', .i = now_ms + (int64_t)HUB_STAFF_SETUP_S * 1000 }, { 'i', .i = now_ms } };
    pthread_mutex_lock(&s->lock);
    int rc = hub_store_exec(s, "INSERT INTO staff (name, role, setup_hash, setup_expires, created_at)"
                            " VALUES (?, ?, ?, ?, ?)", p, 5, NULL, "cannot add the person", err);
    if (rc && sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_UNIQUE) {
        wk_seterr(err, "%s has an account already (also after a revoke): choose another name", name);
        rc = WK_EINVAL;
    }
    pthread_mutex_unlock(&s->lock);
    if (rc == 0)
        memcpy(token, text, sizeof text);
    sodium_memzero(text, sizeof text);
    return rc;
}

static bool password_ok(const char *password, char err[WK_ERR_MAX])
{
    size_t n = password ? strlen(password) : 0;
    if (n < HUB_PASSWORD_MIN || n > HUB_PASSWORD_MAX) {
        wk_seterr(err, "a password is %d to %d characters", HUB_PASSWORD_MIN, HUB_PASSWORD_MAX);
        return false;
    }
    return true;
}

int hub_staff_setup(struct hub_store *s, const char *token, const char *password, int64_t now_ms,
                    struct hub_staff_member *out, char err[WK_ERR_MAX])
{
    if (!token || !wk_token_ok(token)) {
        wk_seterr(err, "this set-up link is not valid (used, expired or mistyped): ask for a new one");
        return WK_ENOTFOUND;
    }
    if (!password_ok(password, err))
        return WK_EINVAL;
    unsigned char hash[crypto_generichash_BYTES];
    secret_hash(token, hash);
    char stored[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(stored, password, strlen(password), HUB_PWHASH_OPS, HUB_PWHASH_MEM) != 0) {
        wk_seterr(err, "out of memory hashing the password");
        return WK_ENOMEM;
    }
    int changes = 0;
    const struct hub_param p[] = { { 't', .text = stored }, { 'b', .blob = hash, .blob_size = sizeof hash },
                               { 'i', .i = now_ms } };
    int rc = hub_store_exec_locked(s, "UPDATE staff SET password = ?1, setup_hash = NULL, setup_expires = 0, failures = 0,"
                            " locked_until = 0 WHERE setup_hash = ?2 AND setup_expires > ?3 AND revoked_at IS NULL",
                         p, 3, &changes, "cannot set the password", err);
    if (rc == 0 && changes != 1) {
        wk_seterr(err, "this set-up link is not valid (used, expired or mistyped): ask for a new one");
        return WK_ENOTFOUND;
    }
    if (rc)
        return rc;
    return member_where(s, "password = ?", stored, 0, out, err);
}

/* The wait after the n-th wrong password in a row. */
static int64_t lockout_ms(int failures)
{
    if (failures < HUB_LOCKOUT_AFTER)
        return 0;
    int64_t s = HUB_LOCKOUT_BASE_S;
    for (int i = HUB_LOCKOUT_AFTER; i < failures && s < HUB_LOCKOUT_MAX_S; i++)
        s *= 2;
    return WK_MIN(s, (int64_t)HUB_LOCKOUT_MAX_S) * 1000;
}

/* A hash to check a password against when the name is unknown, so an
 * unknown name costs the same time as a known one. */
static const char *dummy_hash(struct hub_store *s)
{
    pthread_mutex_lock(&s->lock);
    bool ready = s->dummy_hash[0] != '\0';
    pthread_mutex_unlock(&s->lock);
    if (!ready) {
        char pw[HUB_TOKEN_CHARS + 1], h[crypto_pwhash_STRBYTES];
        unsigned char raw[HUB_TOKEN_BYTES];
        randombytes_buf(raw, sizeof raw);
        sodium_bin2base64(pw, sizeof pw, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        if (crypto_pwhash_str(h, pw, strlen(pw), HUB_PWHASH_OPS, HUB_PWHASH_MEM) == 0) {
            pthread_mutex_lock(&s->lock);
            memcpy(s->dummy_hash, h, sizeof h);
            pthread_mutex_unlock(&s->lock);
        }
    }
    return s->dummy_hash;
}

int hub_staff_login(struct hub_store *s, const char *name, const char *password, int64_t now_ms,
                    struct hub_staff_member *out, int *retry_after_s, char err[WK_ERR_MAX])
{
    *retry_after_s = 0;
    memset(out, 0, sizeof *out);
    char stored[crypto_pwhash_STRBYTES] = "";
    struct hub_staff_member m = { 0 };
    bool known = false;
    if (name && password && wk_name_ok(name, HUB_STAFF_NAME_MAX) && strlen(password) <= HUB_PASSWORD_MAX) {
        sqlite3_stmt *st = NULL;
        pthread_mutex_lock(&s->lock);
        int code = sqlite3_prepare_v2(s->db, "SELECT " MEMBER_COLUMNS ", password FROM staff WHERE name = ?"
                                             " AND revoked_at IS NULL AND password IS NOT NULL", -1, &st, NULL);
        if (code == SQLITE_OK) {
            sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
            code = sqlite3_step(st);
        }
        if (code == SQLITE_ROW) {
            read_member(st, &m);
            hub_store_copy_column(stored, sizeof stored, st, 10);
            known = true;
        }
        int rc = code == SQLITE_ROW || code == SQLITE_DONE ? 0 : hub_store_db_error(s, code, "cannot log in", err);
        sqlite3_finalize(st);
        pthread_mutex_unlock(&s->lock);
        if (rc)
            return rc;
    }
    if (known && m.locked_until_ms > now_ms) {
        *retry_after_s = (int)((m.locked_until_ms - now_ms + 999) / 1000);
        wk_seterr(err, "too many wrong passwords: try again in %d s", *retry_after_s);
        return WK_EPERM;
    }
    const char *against = known ? stored : dummy_hash(s);
    bool right = password && against[0] &&
                 crypto_pwhash_str_verify(against, password, strlen(password)) == 0 && known;
    sodium_memzero(stored, sizeof stored);
    if (!known) {
        wk_seterr(err, "wrong name or password");
        return WK_EPERM;
    }
    int failures = right ? 0 : m.failures + 1;
    int64_t wait = lockout_ms(failures);
    const struct hub_param p[] = { { 'i', .i = failures }, { 'i', .i = wait ? now_ms + wait : 0 }, { 'i', .i = m.id } };
    int rc = hub_store_exec_locked(s, "UPDATE staff SET failures = ?, locked_until = ? WHERE id = ?", p, 3, NULL,
                         "cannot log in", err);
    if (rc)
        return rc;
    if (!right) {
        *retry_after_s = (int)(wait / 1000);
        wk_seterr(err, "wrong name or password");
        return WK_EPERM;
    }
    m.failures = 0;
    m.locked_until_ms = 0;
    *out = m;
    return 0;
}

int hub_staff_revoke(struct hub_store *s, const char *name, int64_t now_ms, char err[WK_ERR_MAX])
{
    const char *what = "cannot revoke the person";
    int changes = 0;
    pthread_mutex_lock(&s->lock);
    int code = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    int rc = code == SQLITE_OK ? 0 : hub_store_db_error(s, code, what, err);
    const struct hub_param p[] = { { 'i', .i = now_ms }, { 't', .text = name } };
    if (rc == 0)
        rc = hub_store_exec(s, "UPDATE staff SET revoked_at = coalesce(revoked_at, ?), password = NULL,"
                            " setup_hash = NULL WHERE name = ?", p, 2, &changes, what, err);
    if (rc == 0)
        rc = hub_store_exec(s, "DELETE FROM key_slots WHERE staff_id = (SELECT id FROM staff WHERE name = ?)",
                         p + 1, 1, NULL, what, err);
    if (rc == 0 && changes == 0) {
        wk_seterr(err, "nobody is named %s", name);
        rc = WK_ENOTFOUND;
    }
    if (rc == 0 && (code = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
        rc = hub_store_db_error(s, code, what, err);
    db_end_failed(s->db, s->rollback);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

int hub_staff_each(struct hub_store *s, int (*each)(void *user, const struct hub_staff_member *m), void *user,
                   char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    pthread_mutex_lock(&s->lock);
    int code = sqlite3_prepare_v2(s->db, "SELECT " MEMBER_COLUMNS " FROM staff ORDER BY name", -1, &st, NULL);
    while (code == SQLITE_OK && (code = sqlite3_step(st)) == SQLITE_ROW) {
        struct hub_staff_member m;
        read_member(st, &m);
        if ((rc = each(user, &m)) != 0)
            break;
        code = SQLITE_OK;
    }
    if (rc == 0 && code != SQLITE_DONE)
        rc = hub_store_db_error(s, code, "cannot read the staff", err);
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

/* --- key slots -------------------------------------------------------------- */

int hub_staff_slot_put(struct hub_store *s, const char *name, enum hub_key_kind kind, const char *password,
                       const unsigned char *secret, int64_t now_ms, char err[WK_ERR_MAX])
{
    struct hub_staff_member m;
    int retry = 0;
    int rc = hub_staff_login(s, name, password, now_ms, &m, &retry, err);
    if (rc)
        return rc;
    size_t size = hub_key_secret_size(kind);
    unsigned char pk[32], salt[crypto_pwhash_SALTBYTES], nonce[crypto_secretbox_NONCEBYTES];
    unsigned char wrapped[HUB_KEY_SECRET_MAX + crypto_secretbox_MACBYTES];
    unsigned char *key = sodium_malloc(HUB_SLOT_KEY_BYTES);
    if (!key) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    hub_key_public(kind, secret, pk);
    randombytes_buf(salt, sizeof salt);
    randombytes_buf(nonce, sizeof nonce);
    if (crypto_pwhash(key, HUB_SLOT_KEY_BYTES, password, strlen(password), salt, HUB_PWHASH_OPS, HUB_PWHASH_MEM,
                      crypto_pwhash_ALG_ARGON2ID13) != 0) {
        sodium_free(key);
        wk_seterr(err, "out of memory deriving the slot's key");
        return WK_ENOMEM;
    }
    crypto_secretbox_easy(wrapped, secret, size, nonce, key);
    sodium_free(key);

    const char *what = "cannot store the key slot";
    pthread_mutex_lock(&s->lock);
    sqlite3_stmt *other = NULL;
    int code = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (code == SQLITE_OK)
        code = sqlite3_prepare_v2(s->db, "SELECT public_key FROM key_slots WHERE key = ? AND staff_id != ?"
                                         " LIMIT 1", -1, &other, NULL);
    if (code == SQLITE_OK) {
        sqlite3_bind_text(other, 1, key_names[kind], -1, SQLITE_STATIC);
        sqlite3_bind_int64(other, 2, m.id);
        code = sqlite3_step(other);
    }
    if (code == SQLITE_ROW && (sqlite3_column_bytes(other, 0) != (int)sizeof pk ||
                               memcmp(sqlite3_column_blob(other, 0), pk, sizeof pk) != 0)) {
        wk_seterr(err, "this is another %s key than the one other people's slots hold", key_names[kind]);
        rc = WK_EINVAL;
    } else if (code != SQLITE_ROW && code != SQLITE_DONE) {
        rc = hub_store_db_error(s, code, what, err);
    } else {
        const struct hub_param p[] = {
            { 'i', .i = m.id }, { 't', .text = key_names[kind] }, { 'b', .blob = pk, .blob_size = sizeof pk },
            { 'b', .blob = salt, .blob_size = sizeof salt }, { 'b', .blob = nonce, .blob_size = sizeof nonce },
            { 'i', .i = (int64_t)HUB_PWHASH_OPS }, { 'i', .i = (int64_t)HUB_PWHASH_MEM },
            { 'b', .blob = wrapped, .blob_size = (int)(size + crypto_secretbox_MACBYTES) }, { 'i', .i = now_ms } };
        rc = hub_store_exec(s, "INSERT OR REPLACE INTO key_slots (staff_id, key, public_key, salt, nonce, opslimit,"
                            " memlimit, wrapped, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", p, 9, NULL,
                         what, err);
    }
    sqlite3_finalize(other);
    if (rc == 0 && (code = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
        rc = hub_store_db_error(s, code, what, err);
    db_end_failed(s->db, s->rollback);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

int hub_staff_slot_open(struct hub_store *s, int64_t staff_id, enum hub_key_kind kind, const char *password,
                        unsigned char *secret, char err[WK_ERR_MAX])
{
    size_t size = hub_key_secret_size(kind);
    unsigned char pk[32], salt[crypto_pwhash_SALTBYTES], nonce[crypto_secretbox_NONCEBYTES];
    unsigned char wrapped[HUB_KEY_SECRET_MAX + crypto_secretbox_MACBYTES];
    long long ops = 0, mem = 0;
    sqlite3_stmt *st = NULL;
    int rc = 0;
    pthread_mutex_lock(&s->lock);
    int code = sqlite3_prepare_v2(s->db, "SELECT public_key, salt, nonce, opslimit, memlimit, wrapped FROM key_slots"
                                         " WHERE staff_id = ? AND key = ?", -1, &st, NULL);
    if (code == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, staff_id);
        sqlite3_bind_text(st, 2, key_names[kind], -1, SQLITE_STATIC);
        code = sqlite3_step(st);
    }
    if (code == SQLITE_DONE) {
        wk_seterr(err, "no %s key slot", key_names[kind]);
        rc = WK_ENOTFOUND;
    } else if (code != SQLITE_ROW) {
        rc = hub_store_db_error(s, code, "cannot read the key slot", err);
    } else if (sqlite3_column_bytes(st, 0) != (int)sizeof pk || sqlite3_column_bytes(st, 1) != (int)sizeof salt ||
               sqlite3_column_bytes(st, 2) != (int)sizeof nonce ||
               sqlite3_column_bytes(st, 5) != (int)(size + crypto_secretbox_MACBYTES)) {
        wk_seterr(err, "the %s key slot is damaged", key_names[kind]);
        rc = WK_EFORMAT;
    } else {
        memcpy(pk, sqlite3_column_blob(st, 0), sizeof pk);
        memcpy(salt, sqlite3_column_blob(st, 1), sizeof salt);
        memcpy(nonce, sqlite3_column_blob(st, 2), sizeof nonce);
        ops = sqlite3_column_int64(st, 3);
        mem = sqlite3_column_int64(st, 4);
        memcpy(wrapped, sqlite3_column_blob(st, 5), size + crypto_secretbox_MACBYTES);
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    if (rc)
        return rc;
    unsigned char *key = sodium_malloc(HUB_SLOT_KEY_BYTES);
    unsigned char check[32];
    if (!key || ops < (long long)crypto_pwhash_OPSLIMIT_MIN || mem < (long long)crypto_pwhash_MEMLIMIT_MIN ||
        (unsigned long long)mem > crypto_pwhash_MEMLIMIT_SENSITIVE ||
        crypto_pwhash(key, HUB_SLOT_KEY_BYTES, password, strlen(password), salt, (unsigned long long)ops,
                      (size_t)mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        wk_seterr(err, "cannot derive the %s slot's key (out of memory, or limits out of range)", key_names[kind]);
        rc = WK_ENOMEM;
    } else if (crypto_secretbox_open_easy(secret, wrapped, size + crypto_secretbox_MACBYTES, nonce, key) != 0) {
        wk_seterr(err, "the %s key slot does not open with this password", key_names[kind]);
        rc = WK_EPERM;
    } else {
        hub_key_public(kind, secret, check);
        if (sodium_memcmp(check, pk, sizeof pk) != 0) {
            sodium_memzero(secret, size);
            wk_seterr(err, "the %s key slot holds a key that does not match its public half", key_names[kind]);
            rc = WK_EFORMAT;
        }
    }
    if (key)
        sodium_free(key);
    return rc;
}

/* --- the audit log ---------------------------------------------------------------- */

int hub_staff_audit(struct hub_store *s, const char *who, const char *action, const char *target, int64_t now_ms,
                    char err[WK_ERR_MAX])
{
    char cut[HUB_AUDIT_TARGET_MAX + 1];
    snprintf(cut, sizeof cut, "%s", target ? target : "");
    const struct hub_param p[] = { { 'i', .i = now_ms }, { 't', .text = who }, { 't', .text = action },
                               { 't', .text = cut } };
    return hub_store_exec_locked(s, "INSERT INTO audit (at, staff, action, target) VALUES (?, ?, ?, ?)", p, 4, NULL,
                       "cannot write the audit log", err);
}

int hub_staff_audit_each(struct hub_store *s, int limit, int (*each)(void *user, const struct hub_audit_entry *e),
                         void *user, char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    pthread_mutex_lock(&s->lock);
    int code = sqlite3_prepare_v2(s->db, "SELECT at, staff, action, target FROM audit ORDER BY id DESC LIMIT ?",
                                  -1, &st, NULL);
    if (code == SQLITE_OK)
        sqlite3_bind_int(st, 1, limit);
    while (code == SQLITE_OK && (code = sqlite3_step(st)) == SQLITE_ROW) {
        struct hub_audit_entry e = { sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
                                     (const char *)sqlite3_column_text(st, 2),
                                     (const char *)sqlite3_column_text(st, 3) };
        if (!e.staff || !e.action || !e.target) {
            code = SQLITE_NOMEM;            /* NOT NULL columns */
            break;
        }
        if ((rc = each(user, &e)) != 0)
            break;
        code = SQLITE_OK;
    }
    if (rc == 0 && code != SQLITE_DONE)
        rc = hub_store_db_error(s, code, "cannot read the audit log", err);
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

/* --- requests ---------------------------------------------------------------------- */

#define INBOX_FROM \
    " FROM submissions s JOIN kiosks k ON k.id = s.kiosk_id LEFT JOIN submission_states t ON t.uuid = s.uuid" \
    " WHERE (?1 IS NULL OR s.kind = ?1) AND (?2 IS NULL OR k.name = ?2)" \
    " AND (?3 IS NULL OR coalesce(t.state, ?7) = ?3) AND (?4 IS NULL OR s.ref = ?4)"

static void bind_filter(sqlite3_stmt *st, const struct hub_inbox_filter *f)
{
    const char *v[] = { f->kind, f->kiosk, f->state, f->ref };
    for (int i = 0; i < 4; i++)
        if (v[i])
            sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, HUB_STATE_NEW, -1, SQLITE_STATIC);
}

int hub_staff_inbox_each(struct hub_store *s, const struct hub_inbox_filter *f,
                         int (*each)(void *user, const struct hub_inbox_row *row), void *user, int64_t *total,
                         char err[WK_ERR_MAX])
{
    sqlite3_stmt *count = NULL, *st = NULL;
    int rc = 0;
    *total = 0;
    pthread_mutex_lock(&s->lock);
    /* One read transaction for the count and the page, so they agree. */
    int code = sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
    if (code == SQLITE_OK)
        code = sqlite3_prepare_v2(s->db, "SELECT count(*)" INBOX_FROM, -1, &count, NULL);
    if (code == SQLITE_OK) {
        bind_filter(count, f);
        if ((code = sqlite3_step(count)) == SQLITE_ROW) {
            *total = sqlite3_column_int64(count, 0);
            code = SQLITE_OK;
        }
    }
    if (code == SQLITE_OK)
        code = sqlite3_prepare_v2(s->db, "SELECT s.uuid, k.name, s.kind, s.ref, coalesce(t.state, ?7), s.created_at,"
                                         " s.received_at, coalesce(t.updated_at, 0), coalesce(t.staff, '')"
                                         INBOX_FROM " ORDER BY s.received_at DESC, s.uuid DESC LIMIT ?5 OFFSET ?6",
                                  -1, &st, NULL);
    if (code == SQLITE_OK) {
        bind_filter(st, f);
        sqlite3_bind_int(st, 5, f->limit);
        sqlite3_bind_int(st, 6, f->offset);
    }
    while (code == SQLITE_OK && (code = sqlite3_step(st)) == SQLITE_ROW) {
        struct hub_inbox_row row = {
            (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
            (const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
            (const char *)sqlite3_column_text(st, 4), sqlite3_column_int64(st, 5), sqlite3_column_int64(st, 6),
            sqlite3_column_int64(st, 7), (const char *)sqlite3_column_text(st, 8),
        };
        if (!row.uuid || !row.kiosk || !row.kind || !row.ref || !row.state || !row.updated_by) {
            code = SQLITE_NOMEM;
            break;
        }
        if ((rc = each(user, &row)) != 0)
            break;
        code = SQLITE_OK;
    }
    if (rc == 0 && code != SQLITE_DONE)
        rc = hub_store_db_error(s, code, "cannot read the inbox", err);
    sqlite3_finalize(count);
    sqlite3_finalize(st);
    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);        /* a read: nothing to lose */
    pthread_mutex_unlock(&s->lock);
    return rc;
}

int hub_staff_submission_get(struct hub_store *s, const char *uuid,
                             int (*each)(void *user, const struct hub_stored_submission *row), void *user,
                             char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    pthread_mutex_lock(&s->lock);
    int code = sqlite3_prepare_v2(s->db, "SELECT s.uuid, k.name, s.kind, s.ref, s.created_at, s.received_at, s.payload"
                                         " FROM submissions s JOIN kiosks k ON k.id = s.kiosk_id WHERE s.uuid = ?",
                                  -1, &st, NULL);
    if (code == SQLITE_OK) {
        sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
        code = sqlite3_step(st);
    }
    if (code == SQLITE_ROW) {
        struct hub_stored_submission row = {
            .sub = { .uuid = (const char *)sqlite3_column_text(st, 0), .kind = (const char *)sqlite3_column_text(st, 2),
                     .ref = (const char *)sqlite3_column_text(st, 3), .created_at_ms = sqlite3_column_int64(st, 4),
                     .payload = sqlite3_column_blob(st, 6), .payload_size = (size_t)sqlite3_column_bytes(st, 6) },
            .kiosk = (const char *)sqlite3_column_text(st, 1),
            .received_at_ms = sqlite3_column_int64(st, 5),
        };
        if (!row.sub.uuid || !row.sub.kind || !row.sub.ref || !row.kiosk)
            rc = hub_store_db_error(s, SQLITE_NOMEM, "cannot read the submission", err);
        else
            rc = each(user, &row);
    } else if (code == SQLITE_DONE) {
        wk_seterr(err, "no such submission");
        rc = WK_ENOTFOUND;
    } else {
        rc = hub_store_db_error(s, code, "cannot read the submission", err);
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

int hub_staff_submission_state(struct hub_store *s, const char *uuid, const char *state, const char *who,
                               int64_t now_ms, char err[WK_ERR_MAX])
{
    if (!hub_state_ok(state)) {
        wk_seterr(err, "a state is new, in_hand or done");
        return WK_EINVAL;
    }
    int changes = 0;
    const struct hub_param p[] = { { 't', .text = uuid }, { 't', .text = state }, { 'i', .i = now_ms },
                               { 't', .text = who } };
    int rc = hub_store_exec_locked(s, "INSERT INTO submission_states (uuid, state, updated_at, staff)"
                            " SELECT uuid, ?2, ?3, ?4 FROM submissions WHERE uuid = ?1"
                            " ON CONFLICT (uuid) DO UPDATE SET state = ?2, updated_at = ?3, staff = ?4",
                         p, 4, &changes, "cannot change the state", err);
    if (rc == 0 && changes == 0) {
        wk_seterr(err, "no such submission");
        rc = WK_ENOTFOUND;
    }
    return rc;
}
