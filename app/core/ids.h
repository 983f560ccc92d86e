/* ids.h — the names and ids the kiosk and the hub both spell, in the one
 * spelling each side makes and takes (docs/protocol.md): a submission's
 * uuid (its key on both sides and the Idempotency-Key of its delivery),
 * the reference code a resident reads off the receipt, the kinds of
 * submission, a kiosk's token and the short names of kiosks and kinds.
 * ids.c makes and checks them. */
#ifndef WK_IDS_H
#define WK_IDS_H

#include "wk.h"

/* A version 4 uuid, 8-4-4-4-12 lowercase hex digits: 36 characters and
 * the NUL. Only lowercase, so one uuid cannot arrive in two spellings. */
#define WK_UUID_BYTES 37
/* "K7Q-XM4": six symbols a person can read out without mixing them up
 * (no 0/O, 1/I/L), 31^6 = 887 million codes, a dash in the middle. */
#define WK_REF_SYMBOLS "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#define WK_REF_LEN 6
#define WK_REF_BYTES (WK_REF_LEN + 2)   /* with the dash and the NUL */

/* A kiosk's token, printed once by `welkomctl kiosk add` for its config:
 * 32 random bytes in base64url without padding, 43 characters. */
#define WK_TOKEN_BYTES 32
#define WK_TOKEN_CHARS 43

/* The kinds of submission a form makes and the hub takes. */
enum wk_kind { WK_KIND_SIGNUP = 0, WK_KIND_BUDDY, WK_KIND_VOLUNTEER, WK_KIND_MESSAGE, WK_KIND_COUNT };

/* The kinds of record a kiosk sends that no form makes: a volunteer's
 * check-in and check-out (docs/volunteers.md). */
#define WK_KIND_CHECKIN "checkin"
#define WK_KIND_CHECKOUT "checkout"
/* The longest a form may promise the hub keeps its answers, in days (a
 * form's keep_days, said on the consent page; sent with each submission
 * and kept by the hub to the day: docs/protocol.md). */
#define WK_MAX_KEEP_DAYS 3650
#define WK_MS_PER_DAY 86400000LL

/* Whether the hub takes a submission of kind s: a form's kind, checkin or
 * checkout; and all of them joined for messages. */
bool wk_submission_kind_ok(const char *s);
const char *wk_submission_kind_list(void);

/* Whether s is spelled as WK_UUID_BYTES says, version 4 and the RFC 4122
 * variant: the nil uuid and time-based ones are refused. */
bool wk_uuid_ok(const char *s);
bool wk_ref_ok(const char *s);
/* WK_TOKEN_CHARS of the base64url alphabet: anything else is no token
 * (a kiosk refuses it at start; the hub needs no lookup for it). */
bool wk_token_ok(const char *s);
/* 1 to max letters, digits, '.', '_' or '-': a name that goes into logs,
 * `welkomctl status` and the hub's routes as it is (a kiosk's name; the
 * kind of a queued row, which the hub judges). */
bool wk_name_ok(const char *s, size_t max);

/* A kind's enum wk_kind from its name ("signup"), or -1; its name. */
int wk_kind_parse(const char *s);
const char *wk_kind_name(enum wk_kind kind);
/* "signup, buddy, volunteer, message": the kinds, for messages. */
const char *wk_kind_list(void);

/* A fresh random v4 uuid and a fresh random reference code, from
 * libsodium's randombytes. A reference code is not unique: the outbox
 * draws again while its queue already has the one drawn. */
void wk_uuid_new(char out[WK_UUID_BYTES]);
void wk_ref_new(char out[WK_REF_BYTES]);

#endif
