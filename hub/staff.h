/* staff.h — the staff console of welkom-hub (docs/hub.md, "The staff
 * console"; its API in docs/protocol.md): accounts and roles, set-up
 * links, passwords and the lockout after wrong ones, the key slots that
 * hold the hub's secret key and the publisher's signing key wrapped with
 * a person's password, and the audit log (staff_store.c); sessions held in
 * memory with the keys they unwrapped (staff_session.c); the JSON API
 * (staff_api.c, staff_inbox.c) and the static pages (staff_static.c).
 * welkomctl uses the store half to add people and create their slots. */
#ifndef HUB_STAFF_H
#define HUB_STAFF_H

#include "store.h"

#include <sodium.h>

/* --- accounts (staff_store.c) -------------------------------------------- */

/* What a person may do; every endpoint checks it on the server. An admin
 * runs accounts and kiosks and reads the audit log, not residents'
 * requests: those are a caseworker's. */
enum hub_role { HUB_ROLE_EDITOR = 1, HUB_ROLE_CASEWORKER = 2, HUB_ROLE_ADMIN = 4 };
/* "editor", "caseworker", "admin"; the role of a name, or 0. */
const char *hub_role_name(enum hub_role role);
enum hub_role hub_role_parse(const char *name);

/* Names like kiosks' (letters, digits, '.', '_', '-'): they go into the
 * audit log and the logs as they are. */
#define HUB_STAFF_NAME_MAX 64
/* A set-up link works once, this long. */
#define HUB_STAFF_SETUP_S (72 * 3600)
/* A password is at least this long: a slot's key is derived from it, and
 * an offline guess at a copy of hub.db is bounded only by its length. */
#define HUB_PASSWORD_MIN 10
#define HUB_PASSWORD_MAX 256
/* After this many wrong passwords in a row, each further attempt waits
 * HUB_LOCKOUT_BASE_S, doubled for every wrong one more, up to
 * HUB_LOCKOUT_MAX_S. A right password ends the count. */
#define HUB_LOCKOUT_AFTER 3
#define HUB_LOCKOUT_BASE_S 5
#define HUB_LOCKOUT_MAX_S (15 * 60)

struct hub_staff_member {
    int64_t id;
    char name[HUB_STAFF_NAME_MAX + 1];
    enum hub_role role;
    bool set_up;                    /* has a password */
    int64_t created_at_ms;
    int64_t revoked_at_ms;          /* 0: active */
    int failures;
    int64_t locked_until_ms;
    bool hub_key, publisher_key;    /* has a slot of each */
};

/* Adds a person with role and writes a new set-up token (the only copy:
 * the store keeps its hash) that works once, for HUB_STAFF_SETUP_S.
 * WK_EINVAL for a bad name or one taken (also by a revoked person); a
 * lost link or a forgotten password is hub_staff_reset's. */
int hub_staff_add(struct hub_store *s, const char *name, enum hub_role role, int64_t now_ms,
                  char token[HUB_TOKEN_CHARS + 1], char err[WK_ERR_MAX]);
/* Sets the password of the set-up token's person, and ends the token.
 * WK_ENOTFOUND for a token that is unknown, used or expired; WK_EINVAL
 * for a password out of bounds. */
int hub_staff_setup(struct hub_store *s, const char *token, const char *password, int64_t now_ms,
                    struct hub_staff_member *out, char err[WK_ERR_MAX]);
/* Checks name's password. 0 with *out; WK_EPERM for a wrong password, an
 * unknown or revoked name (the same answer, after the same work), or a
 * locked account, with *retry_after_s how long until it may try again
 * (0 when it may at once). */
int hub_staff_login(struct hub_store *s, const char *name, const char *password, int64_t now_ms,
                    struct hub_staff_member *out, int *retry_after_s, char err[WK_ERR_MAX]);
/* The person with this id; WK_ENOTFOUND if none. */
int hub_staff_get(struct hub_store *s, int64_t id, struct hub_staff_member *out, char err[WK_ERR_MAX]);
/* The person named name; WK_ENOTFOUND if none. */
int hub_staff_find(struct hub_store *s, const char *name, struct hub_staff_member *out, char err[WK_ERR_MAX]);
/* Revokes name: it can no longer log in, its slots are deleted. */
int hub_staff_revoke(struct hub_store *s, const char *name, int64_t now_ms, char err[WK_ERR_MAX]);
/* Every person, by name. */
int hub_staff_each(struct hub_store *s, int (*each)(void *user, const struct hub_staff_member *m), void *user,
                   char err[WK_ERR_MAX]);

/* --- key slots (staff_store.c) -------------------------------------------- */

enum hub_key_kind { HUB_KEY_HUB, HUB_KEY_PUBLISHER, HUB_KEY_KINDS };
/* The hub's X25519 secret key (opens submissions) and the publisher's
 * Ed25519 secret key (signs bundles). */
#define HUB_KEY_SECRET_MAX crypto_sign_SECRETKEYBYTES
size_t hub_key_secret_size(enum hub_key_kind kind);
const char *hub_key_kind_name(enum hub_key_kind kind);
/* The public half of a secret key of kind (32 bytes). */
void hub_key_public(enum hub_key_kind kind, const unsigned char *secret, unsigned char pk[32]);

/* The cost of a password hash and of a slot's key: libsodium's
 * "interactive" limits (64 MiB, ~0.1 s here), so a login stays quick on
 * a small server; a slot records its own limits, so they can be raised. */
#define HUB_PWHASH_OPS crypto_pwhash_OPSLIMIT_INTERACTIVE
#define HUB_PWHASH_MEM crypto_pwhash_MEMLIMIT_INTERACTIVE
#define HUB_SLOT_KEY_BYTES crypto_secretbox_KEYBYTES

/* A new set-up token (the only copy, for a link) and its hash (kept). */
void hub_staff_token_new(char text[HUB_TOKEN_CHARS + 1], unsigned char hash[crypto_generichash_BYTES]);
/* Whether a password's length is in bounds; err says the bounds. */
bool hub_password_ok(const char *password, char err[WK_ERR_MAX]);
/* password as a crypto_pwhash_str string. */
int hub_password_hash(const char *password, char stored[crypto_pwhash_STRBYTES], char err[WK_ERR_MAX]);

/* Wraps secret (hub_key_secret_size bytes) with a key derived from
 * name's password (crypto_pwhash, a new salt) and stores it as name's
 * slot of kind, replacing one there. The password is checked first;
 * a secret whose public half differs from other people's slots of kind
 * is refused (it is another key). */
int hub_staff_slot_put(struct hub_store *s, const char *name, enum hub_key_kind kind, const char *password,
                       const unsigned char *secret, int64_t now_ms, char err[WK_ERR_MAX]);
/* Unwraps staff_id's slot of kind into secret (hub_key_secret_size
 * bytes, the caller's locked memory). WK_ENOTFOUND without a slot. */
int hub_staff_slot_open(struct hub_store *s, int64_t staff_id, enum hub_key_kind kind, const char *password,
                        unsigned char *secret, char err[WK_ERR_MAX]);

/* --- keys from the console (staff_keys.c) ----------------------------------
 *
 * Each person who has set a password also has a box key pair (X25519),
 * its secret half wrapped with their password like a slot. An admin whose
 * session holds a key gives it to a person by sealing it to that
 * person's public box key (crypto_box_seal): a grant, which only that
 * person's password opens. At the person's next login the hub opens their
 * grants with their box key and turns each into a slot of their own. No
 * key is ever on the disk unwrapped, and the admin never learns the
 * person's password. */

/* At setup and each login, with the password just checked: makes the
 * person's box key pair if they have none, and turns their grants into
 * slots. A grant that does not open is logged and left. */
int hub_staff_keys_at_login(struct hub_store *s, const struct hub_staff_member *m, const char *password,
                            int64_t now_ms, char err[WK_ERR_MAX]);
/* Seals secret (of kind) to name's box key as a grant from by. WK_ENOTFOUND
 * for nobody of that name (or revoked), WK_EINVAL for a person without
 * a box key yet (never set a password) or a key other than the one
 * other people's slots hold. */
int hub_staff_grant(struct hub_store *s, const char *name, enum hub_key_kind kind, const unsigned char *secret,
                    const char *by, int64_t now_ms, char err[WK_ERR_MAX]);
/* Whether name has a grant of kind waiting. */
bool hub_staff_grant_waiting(struct hub_store *s, int64_t staff_id, enum hub_key_kind kind);
/* Changes staff_id's password from old to new: every slot and the box
 * key are unwrapped with old and wrapped again with new, in one
 * transaction with the new hash. WK_EPERM for a wrong old password (it
 * counts towards the lockout; retry_after_s as hub_staff_login's). */
int hub_staff_password_change(struct hub_store *s, const char *name, const char *old, const char *new_password,
                              int64_t now_ms, int *retry_after_s, char err[WK_ERR_MAX]);
/* An admin's reset of name's password: a new set-up token (token, the
 * only copy), the password gone, and with it every slot, grant and the
 * box key, which only the old password opened: after the person sets a
 * new password, keys must be given again. WK_ENOTFOUND for nobody of
 * that name or a revoked one. */
int hub_staff_reset(struct hub_store *s, const char *name, int64_t now_ms, char token[HUB_TOKEN_CHARS + 1],
                    char err[WK_ERR_MAX]);
/* Deletes name's slots, grants and box key; the caller holds s's lock
 * (a revoke, a reset). */
int hub_staff_keys_delete(struct hub_store *s, const char *name, char err[WK_ERR_MAX]);

/* --- the audit log (staff_store.c) ---------------------------------------- */

/* Who did what to which thing: "published" 8, "opened" a uuid, "matched"
 * two uuids, "logged in". Never a content, an answer or a password. */
#define HUB_AUDIT_TARGET_MAX 200
int hub_staff_audit(struct hub_store *s, const char *who, const char *action, const char *target, int64_t now_ms,
                    char err[WK_ERR_MAX]);
struct hub_audit_entry {
    int64_t at_ms;
    const char *staff, *action, *target;
};
/* The newest limit entries, newest first. */
int hub_staff_audit_each(struct hub_store *s, int limit, int (*each)(void *user, const struct hub_audit_entry *e),
                         void *user, char err[WK_ERR_MAX]);

/* --- requests: submissions and what staff did with them (staff_store.c) --- */

/* The states of a request, as the inbox shows them. */
#define HUB_STATE_NEW "new"
#define HUB_STATE_IN_HAND "in_hand"
#define HUB_STATE_DONE "done"
bool hub_state_ok(const char *state);

struct hub_inbox_filter {
    const char *kind, *kiosk, *state, *ref;     /* NULL: any */
    int limit, offset;
};
struct hub_inbox_row {
    const char *uuid, *kiosk, *kind, *ref, *state;
    int64_t created_at_ms, received_at_ms, updated_at_ms;
    const char *updated_by;                     /* "" while new */
};
/* The submissions the filter lets through, newest first, and how many
 * there are in all (*total). */
int hub_staff_inbox_each(struct hub_store *s, const struct hub_inbox_filter *f,
                         int (*each)(void *user, const struct hub_inbox_row *row), void *user, int64_t *total,
                         char err[WK_ERR_MAX]);
/* One submission by uuid, still sealed (hub_store_submissions_each's row
 * shape), handed to each; WK_ENOTFOUND if none. */
int hub_staff_submission_get(struct hub_store *s, const char *uuid,
                             int (*each)(void *user, const struct hub_stored_submission *row), void *user,
                             char err[WK_ERR_MAX]);
/* Sets a submission's state; WK_ENOTFOUND for no such uuid. */
int hub_staff_submission_state(struct hub_store *s, const char *uuid, const char *state, const char *who,
                               int64_t now_ms, char err[WK_ERR_MAX]);

/* --- sessions (staff_session.c) ------------------------------------------- */

/* A session ends after this long without a request (a setting). */
#define HUB_SESSION_IDLE_DEFAULT_S (30 * 60)
#define HUB_SESSION_IDLE_MAX_S (24 * 3600)
/* How many sessions the hub holds at once; the oldest goes first. */
#define HUB_SESSIONS_MAX 256

struct hub_sessions;

/* What a request learns of its session. */
struct hub_session_view {
    int64_t staff_id;
    char name[HUB_STAFF_NAME_MAX + 1];
    enum hub_role role;
    char csrf[HUB_TOKEN_CHARS + 1];
    bool keys[HUB_KEY_KINDS];       /* which keys it holds unwrapped */
};

int hub_sessions_new(int idle_s, struct hub_sessions **out);
/* Ends every session and wipes their keys. */
void hub_sessions_free(struct hub_sessions *ss);
/* A new session for m, holding the keys given (NULL for one it does not
 * hold; each copied into locked memory, the caller wipes its own). Its id
 * goes to id: the only copy, the hub keeps its hash. */
int hub_sessions_open(struct hub_sessions *ss, const struct hub_staff_member *m,
                      const unsigned char *const keys[HUB_KEY_KINDS], int64_t now_ms,
                      char id[HUB_TOKEN_CHARS + 1], struct hub_session_view *view);
/* The session of id, if it has not been idle too long (then it is ended
 * and its keys wiped); a request keeps it alive. WK_ENOTFOUND if none. */
int hub_sessions_find(struct hub_sessions *ss, const char *id, int64_t now_ms, struct hub_session_view *view);
/* Ends the session of id (logout). */
void hub_sessions_end(struct hub_sessions *ss, const char *id);
/* Ends every session of staff_id (revoked). */
void hub_sessions_end_staff(struct hub_sessions *ss, int64_t staff_id);
/* Ends the sessions idle too long; their keys are wiped. */
void hub_sessions_expire(struct hub_sessions *ss, int64_t now_ms);
/* Runs use(user, secret) with the session's key of kind readable (it is
 * kept inaccessible otherwise); WK_ENOTFOUND if the session is gone or
 * holds no such key. */
int hub_sessions_use_key(struct hub_sessions *ss, const char *id, enum hub_key_kind kind,
                         int (*use)(void *user, const unsigned char *secret), void *user);
/* How many sessions are open. */
int hub_sessions_count(struct hub_sessions *ss);

#endif
