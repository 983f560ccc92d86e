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

void hub_staff_token_new(char text[HUB_TOKEN_CHARS + 1], unsigned char hash[crypto_generichash_BYTES])
{
    unsigned char raw[HUB_TOKEN_BYTES];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(text, HUB_TOKEN_CHARS + 1, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    secret_hash(text, hash);
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
    unsigned char hash[crypto_generichash_BYTES];
    char text[HUB_TOKEN_CHARS + 1];
    hub_staff_token_new(text, hash);
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

bool hub_password_ok(const char *password, char err[WK_ERR_MAX])
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
    if (!hub_password_ok(password, err))
        return WK_EINVAL;
    unsigned char hash[crypto_generichash_BYTES];
    secret_hash(token, hash);
    char stored[crypto_pwhash_STRBYTES];
    int rc = hub_password_hash(password, stored, err);
    if (rc)
        return rc;
    int changes = 0;
    const struct hub_param p[] = { { 't', .text = stored }, { 'b', .blob = hash, .blob_size = sizeof hash },
                               { 'i', .i = now_ms } };
    rc = hub_store_exec_locked(s, "UPDATE staff SET password = ?1, setup_hash = NULL, setup_expires = 0, failures = 0,"
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

int hub_password_hash(const char *password, char stored[crypto_pwhash_STRBYTES], char err[WK_ERR_MAX])
{
    if (crypto_pwhash_str(stored, password, strlen(password), HUB_PWHASH_OPS, HUB_PWHASH_MEM) != 0) {
        wk_seterr(err, "out of memory hashing the password");
        return WK_ENOMEM;
    }
    return 0;
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
        rc = hub_staff_keys_delete(s, name, err);
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
    int code = sqlite3_prepare_v2(s->db, "SELECT s.uuid, k.name, s.kind, s.ref, s.created_at, s.received_at, s.payload,"
                                         " coalesce(s.delete_at, 0)"
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
            .delete_at_ms = sqlite3_column_int64(st, 7),
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
