/* ids.h — the two ids every submission carries, in the one spelling the
 * kiosk makes and the hub takes (docs/protocol.md): a uuid, its key on
 * both sides and the Idempotency-Key of its delivery, and the reference
 * code a resident reads off the receipt. ids.c makes and checks them. */
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

/* Whether s is spelled as WK_UUID_BYTES says, version 4 and the RFC 4122
 * variant: the nil uuid and time-based ones are refused. */
bool wk_uuid_ok(const char *s);
bool wk_ref_ok(const char *s);

/* A fresh random v4 uuid and a fresh random reference code, from
 * libsodium's randombytes. A reference code is not unique: the outbox
 * draws again while its queue already has the one drawn. */
void wk_uuid_new(char out[WK_UUID_BYTES]);
void wk_ref_new(char out[WK_REF_BYTES]);

#endif
