/* volunteer_code.h — volunteers' personal check-in codes, and the roster
 * entry a bundle holds for each volunteer instead of the code and the
 * name (issue 14; docs/volunteers.md). A code is the volunteer's number
 * (4 digits, not secret: it says which entry to check) and 8 secret digits,
 * typed on the kiosk's number pad or typed by a USB QR scanner from the
 * badge: "0427-83920571". The entry holds a random salt, a verifier and the
 * first name sealed under a key; verifier and key are the two halves of
 * Argon2id(code, salt). A stolen SD card therefore gives neither codes nor
 * names without guessing 10^8 codes per volunteer at the bundle's cost, and
 * the kiosk checks a code with one slow hash, whatever the roster's size. */
#ifndef WELKOM_VOLUNTEER_CODE_H
#define WELKOM_VOLUNTEER_CODE_H

#include "../core/wk.h"

#include <stddef.h>
#include <stdint.h>

#define VOLUNTEER_ID_DIGITS 4
#define VOLUNTEER_SECRET_DIGITS 8
#define VOLUNTEER_CODE_DIGITS (VOLUNTEER_ID_DIGITS + VOLUNTEER_SECRET_DIGITS)
#define VOLUNTEER_ID_MAX 9999
/* "0427-83920571" and its NUL. */
#define VOLUNTEER_CODE_MAX (VOLUNTEER_CODE_DIGITS + 2)
/* A first name as the welcome shows it: 1 to 64 bytes of UTF-8. */
#define VOLUNTEER_NAME_MAX 64
#define VOLUNTEER_SALT_BYTES 16       /* crypto_pwhash_SALTBYTES */
#define VOLUNTEER_VERIFIER_BYTES 32
/* nonce (24) + MAC (16) + the name */
#define VOLUNTEER_SEALED_NAME_MAX (24 + 16 + VOLUNTEER_NAME_MAX)

/* The cost of one check. welkomctl writes the default into the bundle;
 * the kiosk refuses a bundle asking for more than the maximum, so a bundle
 * cannot make one check cost gigabytes. The default takes about 23 ms on
 * the build machine and is meant to stay well under a second on a
 * Raspberry Pi 4 (bench/: volunteer_code_check_*; docs/volunteers.md). */
#define VOLUNTEER_COST_KIB_DEFAULT (32 * 1024)
#define VOLUNTEER_COST_PASSES_DEFAULT 2
#define VOLUNTEER_COST_KIB_MIN 8192
#define VOLUNTEER_COST_KIB_MAX (128 * 1024)
#define VOLUNTEER_COST_PASSES_MAX 4

struct volunteer_cost {
    uint32_t kib;
    uint32_t passes;
};

/* One volunteer as a bundle holds them: no code and no readable name. */
struct volunteer_sealed {
    uint32_t id;
    unsigned char salt[VOLUNTEER_SALT_BYTES];
    unsigned char verifier[VOLUNTEER_VERIFIER_BYTES];
    unsigned char name[VOLUNTEER_SEALED_NAME_MAX];
    size_t name_len;
};

/* 0 when cost is within the bounds above, else WK_EFORMAT naming them. */
int volunteer_cost_valid(struct volunteer_cost cost, char err[WK_ERR_MAX]);
/* A new code for volunteer id (1..9999): the id and 8 random digits. */
int volunteer_code_new(uint32_t id, char code[VOLUNTEER_CODE_MAX], char err[WK_ERR_MAX]);
/* Reads what was typed or scanned: 12 digits, spaces and dashes ignored
 * (scanners send either). Sets id and the 12 digits as one string.
 * WK_EINVAL for anything else; never says which digits were wrong. */
int volunteer_code_parse(const char *typed, uint32_t *id, char digits[VOLUNTEER_CODE_DIGITS + 1],
                         char err[WK_ERR_MAX]);
/* The entry for code (whose number becomes out->id) and first_name, with a
 * fresh salt. For welkomctl and the hub, which see the code once. */
int volunteer_seal(const char *code, const char *first_name, struct volunteer_cost cost,
                   struct volunteer_sealed *out, char err[WK_ERR_MAX]);
/* Checks typed against entry v: 0 and the first name in name when it is
 * v's code; WK_EPERM when it is not (or belongs to another number);
 * WK_EFORMAT for an entry that cannot be opened; WK_ENOMEM. The derived
 * key and the digits are wiped before it returns. */
int volunteer_open(const struct volunteer_sealed *v, const char *typed, struct volunteer_cost cost,
                   char name[VOLUNTEER_NAME_MAX + 1], char err[WK_ERR_MAX]);

#endif
