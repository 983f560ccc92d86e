/* store.h — the hub's database (hub.db, SQLite): the enrolled kiosks and
 * the hashes of their tokens, the sealed submissions they delivered, the
 * last heartbeat of each, and the content bundles published to them (the
 * files beside hub.db in bundles/). welkom-hub and welkomctl share it; every
 * write is committed durably (WAL, synchronous=FULL) before the function
 * returns, so an answer the hub gives is never undone by a crash. */
#ifndef HUB_STORE_H
#define HUB_STORE_H

#include "../app/core/ids.h"

/* A kiosk token: 32 random bytes, base64url without padding. */
#define HUB_TOKEN_BYTES WK_TOKEN_BYTES
#define HUB_TOKEN_CHARS WK_TOKEN_CHARS
/* Kiosk names: letters, digits, '.', '_' and '-', so they line up in
 * `welkomctl status` and go into logs as they are. */
#define HUB_KIOSK_NAME_MAX 64
/* What a heartbeat may carry as text; longer errors are cut, at a UTF-8
 * character boundary. */
#define HUB_FIRMWARE_MAX 64
#define HUB_LAST_ERROR_MAX 256

/* Where welkom-hub and welkomctl look for it unless told otherwise. */
#define HUB_STORE_DEFAULT_PATH "/var/lib/welkom-hub/hub.db"

struct hub_store;

/* Opens the database at path; create says whether a missing file is made
 * (mode 0600: it holds token hashes and sealed payloads) or is an error.
 * The handle may be used from several threads: calls take turns. */
int hub_store_open(const char *path, bool create, struct hub_store **out, char err[WK_ERR_MAX]);
void hub_store_close(struct hub_store *s);

/* Enrols a kiosk named name and writes its new token to token: the only
 * time it exists outside the kiosk (the store keeps its BLAKE2b-256 hash).
 * WK_EINVAL for a malformed name or one that is taken, also by a revoked
 * kiosk. */
int hub_store_kiosk_add(struct hub_store *s, const char *name, int64_t now_ms,
                        char token[HUB_TOKEN_CHARS + 1], char err[WK_ERR_MAX]);
/* Its token stops working (403 from then on). WK_ENOTFOUND for no such
 * kiosk; revoking twice keeps the first time. */
int hub_store_kiosk_revoke(struct hub_store *s, const char *name, int64_t now_ms, char err[WK_ERR_MAX]);

struct hub_kiosk {
    int64_t id;
    char name[HUB_KIOSK_NAME_MAX + 1];
    bool revoked;
};
/* The kiosk whose token this is: 0 with *k filled, WK_ENOTFOUND for a
 * malformed or unknown token, or an error. The token is looked up by its
 * hash, so no comparison ever runs over the token itself. */
int hub_store_kiosk_by_token(struct hub_store *s, const char *token, struct hub_kiosk *k,
                             char err[WK_ERR_MAX]);

/* One sealed submission, as checked by the API. */
struct hub_submission {
    const char *uuid;
    const char *kind;
    const char *ref;
    int64_t created_at_ms;                  /* the kiosk's clock */
    const unsigned char *payload;
    size_t payload_size;
    int keep_days;                          /* 1 to WK_MAX_KEEP_DAYS; 0: kept */
};
enum hub_put_result {
    HUB_PUT_NEW,            /* stored now */
    HUB_PUT_ALREADY,        /* this kiosk sent this uuid before */
    HUB_PUT_CONFLICT,       /* another kiosk sent this uuid: nothing stored */
};
/* Stores it once per uuid and commits before returning 0. One with
 * keep_days is to be deleted keep_days after now_ms (hub_store_prune). */
int hub_store_submission_put(struct hub_store *s, int64_t kiosk_id, const struct hub_submission *sub,
                             int64_t now_ms, enum hub_put_result *result, char err[WK_ERR_MAX]);

struct hub_heartbeat {
    char firmware[HUB_FIRMWARE_MAX + 1];
    int64_t content_version;
    int64_t queued;
    int64_t oldest_queued_age_s;
    char last_error[HUB_LAST_ERROR_MAX + 1];
    int64_t uptime_s;
};
/* Keeps it as the kiosk's last heartbeat. */
int hub_store_heartbeat_put(struct hub_store *s, int64_t kiosk_id, const struct hub_heartbeat *hb,
                            int64_t now_ms, char err[WK_ERR_MAX]);

/* A kiosk as staff see it in `welkomctl status`. */
struct hub_kiosk_status {
    char name[HUB_KIOSK_NAME_MAX + 1];
    int64_t created_at_ms;
    int64_t revoked_at_ms;                  /* 0: active */
    int64_t heartbeat_at_ms;                /* 0: never heard from */
    struct hub_heartbeat heartbeat;         /* valid if heartbeat_at_ms */
    int64_t submissions;                    /* stored from this kiosk */
    int64_t last_submission_at_ms;          /* 0: none */
};
/* Calls each(user, k) for every kiosk, by name. A non-zero return from
 * each stops the walk and is returned. */
int hub_store_status_each(struct hub_store *s, int (*each)(void *user, const struct hub_kiosk_status *k),
                          void *user, char err[WK_ERR_MAX]);

/* A stored submission as `welkomctl submissions export` reads it: still
 * sealed (only the hub's secret key opens the payload). */
struct hub_stored_submission {
    struct hub_submission sub;              /* uuid, kind, ref, created_at, payload */
    const char *kiosk;                      /* the name of the kiosk that sent it */
    int64_t received_at_ms;                 /* the hub's clock */
    int64_t delete_at_ms;                   /* when hub_store_prune deletes it; 0: never */
};
/* Which submissions to walk; zero is all of them. */
struct hub_submission_filter {
    int64_t since_ms;                       /* received at or after this; 0: any time */
    const char *kind;                       /* only this kind; NULL: every kind */
};
/* Calls each(user, row) for every submission the filter (NULL: all)
 * lets through, oldest first by received_at (then uuid), in one read of
 * the database, so a walk sees one consistent state however much a hub
 * beside it stores meanwhile. row and its strings and payload are valid
 * during the call only. A non-zero return from each stops the walk and is
 * returned. */
int hub_store_submissions_each(struct hub_store *s, const struct hub_submission_filter *filter,
                               int (*each)(void *user, const struct hub_stored_submission *row),
                               void *user, char err[WK_ERR_MAX]);

/* --- published bundles -------------------------------------------------- */

/* A version goes into a URL as at most 18 digits (docs/protocol.md), so
 * every version the hub publishes fits in one. */
#define HUB_BUNDLE_VERSION_MAX 999999999999999999LL
#define HUB_SHA256_HEX 64
/* The database's directory, "/bundles/", a version and ".db.sig". */
#define HUB_BUNDLE_PATH_MAX 1100

/* A published bundle: its row in hub.db and where its two files are,
 * DIR/bundles/VERSION.db and VERSION.db.sig beside DIR/hub.db. A row is
 * written only once both files are in place, and the files of a version
 * that has a row are never written again. */
struct hub_bundle {
    int64_t version;                        /* the bundle's content_version */
    int64_t size;                           /* bytes of VERSION.db */
    int64_t sig_size;                       /* bytes of VERSION.db.sig */
    char sha256[HUB_SHA256_HEX + 1];        /* of VERSION.db, lowercase hex */
    int64_t published_at_ms;
    char path[HUB_BUNDLE_PATH_MAX];
    char sig_path[HUB_BUNDLE_PATH_MAX];
};

/* Publishes a bundle the caller has checked as a kiosk would (welkomctl
 * publish): copies bundle_path and sig_path into the bundles directory
 * (each through a temp file, fsync, rename, fsync of the directory) and
 * records them in one transaction, committed before it returns 0. sha256,
 * unless NULL, is the hex SHA-256 of the bytes the caller checked: a copy
 * that differs (the file changed meanwhile) is refused. WK_EINVAL, with
 * nothing published, for a version out of range or not newer than every
 * published one ("content version 7 is not newer than the published
 * version 8"). */
int hub_store_bundle_publish(struct hub_store *s, int64_t version, const char *bundle_path,
                             const char *sig_path, const char *sha256, int64_t now_ms, char err[WK_ERR_MAX]);
/* The SHA-256 of the file at path, in lowercase hex, and its size: what
 * welkomctl publish hands hub_store_bundle_publish as sha256. */
int hub_store_bundle_sha256(const char *path, char hex[HUB_SHA256_HEX + 1], int64_t *size, char err[WK_ERR_MAX]);
/* The newest published bundle; WK_ENOTFOUND if none is. */
int hub_store_bundle_latest(struct hub_store *s, struct hub_bundle *out, char err[WK_ERR_MAX]);
/* The bundle published as version; WK_ENOTFOUND if there is none. */
int hub_store_bundle_get(struct hub_store *s, int64_t version, struct hub_bundle *out, char err[WK_ERR_MAX]);

/* --- firmware packages (store_firmware.c) -------------------------------- */

#define HUB_FIRMWARE_ARCH_MAX 16

/* A published firmware package: DIR/firmware/ARCH/VERSION.deb and its
 * signature VERSION.deb.sig beside DIR/hub.db. */
struct hub_firmware {
    int64_t version;
    int64_t size, sig_size;
    char path[HUB_BUNDLE_PATH_MAX];
    char sig_path[HUB_BUNDLE_PATH_MAX];
};

/* Whether arch is a name the hub keeps packages under (lowercase letters
 * and digits: "amd64", "arm64"). */
bool hub_firmware_arch_ok(const char *arch);
/* Publishes a package the caller has checked (welkomctl firmware
 * publish): its two files are copied in, the signature last. WK_EINVAL,
 * nothing published, for a version not newer than every one published
 * for arch. */
int hub_store_firmware_publish(struct hub_store *s, const char *arch, int64_t version, const char *deb_path,
                               const char *sig_path, char err[WK_ERR_MAX]);
/* The newest package published for arch; WK_ENOTFOUND if none is. */
int hub_store_firmware_latest(struct hub_store *s, const char *arch, struct hub_firmware *out, char err[WK_ERR_MAX]);
/* The package published as version for arch; WK_ENOTFOUND if none. */
int hub_store_firmware_get(struct hub_store *s, const char *arch, int64_t version, struct hub_firmware *out,
                           char err[WK_ERR_MAX]);

/* --- retention (store_retention.c) --------------------------------------- */

/* Deletes every submission whose time (received + keep_days) has come by
 * now_ms, with what staff recorded of it (its state, its buddy match), in
 * one transaction; secure_delete overwrites the freed bytes, and the
 * write-ahead log is emptied after. *deleted gets how many; the audit log
 * says how many, never which. */
int hub_store_prune(struct hub_store *s, int64_t now_ms, int64_t *deleted, char err[WK_ERR_MAX]);

#endif
