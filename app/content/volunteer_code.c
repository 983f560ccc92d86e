/* volunteer_code.c — volunteers' check-in codes and the sealed roster
 * entries that stand for them in a bundle (volunteer_code.h). */
#include "volunteer_code.h"

#include "../core/utf8.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

_Static_assert(VOLUNTEER_SALT_BYTES == crypto_pwhash_SALTBYTES, "the salt's size");
_Static_assert(VOLUNTEER_SEALED_NAME_MAX ==
                   crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + VOLUNTEER_NAME_MAX,
               "the sealed name's room");

/* Argon2id(code, salt) cut in two: the verifier stored in the bundle and
 * the key that seals the name. */
struct derived {
    unsigned char verifier[VOLUNTEER_VERIFIER_BYTES];
    unsigned char key[crypto_secretbox_KEYBYTES];
};

int volunteer_cost_valid(struct volunteer_cost cost, char err[WK_ERR_MAX])
{
    if (cost.kib < VOLUNTEER_COST_KIB_MIN || cost.kib > VOLUNTEER_COST_KIB_MAX || cost.passes < 1 ||
        cost.passes > VOLUNTEER_COST_PASSES_MAX) {
        wk_seterr(err, "the roster's code cost is %u KiB and %u passes (allowed: %d to %d KiB, "
                  "1 to %d passes)", (unsigned)cost.kib, (unsigned)cost.passes, VOLUNTEER_COST_KIB_MIN,
                  VOLUNTEER_COST_KIB_MAX, VOLUNTEER_COST_PASSES_MAX);
        return WK_EFORMAT;
    }
    return 0;
}

int volunteer_code_new(uint32_t id, char code[VOLUNTEER_CODE_MAX], char err[WK_ERR_MAX])
{
    if (id < 1 || id > VOLUNTEER_ID_MAX) {
        wk_seterr(err, "a volunteer's number is 1 to %d, not %u", VOLUNTEER_ID_MAX, (unsigned)id);
        return WK_EINVAL;
    }
    if (sodium_init() < 0) {
        wk_seterr(err, "libsodium could not start");
        return WK_EIO;
    }
    int n = snprintf(code, VOLUNTEER_CODE_MAX, "%0*u-", VOLUNTEER_ID_DIGITS, (unsigned)id);
    for (int i = 0; i < VOLUNTEER_SECRET_DIGITS; i++)
        code[n + i] = (char)('0' + randombytes_uniform(10));
    code[n + VOLUNTEER_SECRET_DIGITS] = '\0';
    return 0;
}

int volunteer_code_parse(const char *typed, uint32_t *id, char digits[VOLUNTEER_CODE_DIGITS + 1],
                         char err[WK_ERR_MAX])
{
    int n = 0;
    for (const char *p = typed; *p; p++) {
        if (*p == ' ' || *p == '-')
            continue;
        if (*p < '0' || *p > '9' || n == VOLUNTEER_CODE_DIGITS) {
            n = -1;
            break;
        }
        digits[n++] = *p;
    }
    if (n != VOLUNTEER_CODE_DIGITS) {
        sodium_memzero(digits, VOLUNTEER_CODE_DIGITS + 1);
        wk_seterr(err, "a volunteer's code is %d digits", VOLUNTEER_CODE_DIGITS);
        return WK_EINVAL;
    }
    digits[n] = '\0';
    uint32_t number = 0;
    for (int i = 0; i < VOLUNTEER_ID_DIGITS; i++)
        number = number * 10 + (uint32_t)(digits[i] - '0');
    if (number < 1) {
        sodium_memzero(digits, VOLUNTEER_CODE_DIGITS + 1);
        wk_seterr(err, "a volunteer's code is %d digits", VOLUNTEER_CODE_DIGITS);
        return WK_EINVAL;
    }
    *id = number;
    return 0;
}

static int derive(const char digits[VOLUNTEER_CODE_DIGITS + 1], const unsigned char *salt,
                  struct volunteer_cost cost, struct derived *out, char err[WK_ERR_MAX])
{
    int rc = volunteer_cost_valid(cost, err);
    if (rc)
        return rc;
    if (sodium_init() < 0 ||
        crypto_pwhash((unsigned char *)out, sizeof *out, digits, VOLUNTEER_CODE_DIGITS, salt,
                      cost.passes, (size_t)cost.kib * 1024, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        wk_seterr(err, "cannot hash a volunteer's code (out of memory?)");
        return WK_ENOMEM;
    }
    return 0;
}

int volunteer_seal(const char *code, const char *first_name, struct volunteer_cost cost,
                   struct volunteer_sealed *out, char err[WK_ERR_MAX])
{
    size_t name_len = strlen(first_name);
    if (name_len < 1 || name_len > VOLUNTEER_NAME_MAX || !wk_utf8_valid(first_name, name_len)) {
        wk_seterr(err, "a first name is 1 to %d bytes of UTF-8", VOLUNTEER_NAME_MAX);
        return WK_EINVAL;
    }
    char digits[VOLUNTEER_CODE_DIGITS + 1];
    int rc = volunteer_code_parse(code, &out->id, digits, err);
    if (rc)
        return rc;
    struct derived d;
    randombytes_buf(out->salt, sizeof out->salt);
    rc = derive(digits, out->salt, cost, &d, err);
    sodium_memzero(digits, sizeof digits);
    if (rc)
        return rc;
    memcpy(out->verifier, d.verifier, sizeof out->verifier);
    unsigned char *nonce = out->name;
    randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(out->name + crypto_secretbox_NONCEBYTES, (const unsigned char *)first_name,
                          name_len, nonce, d.key);
    out->name_len = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + name_len;
    sodium_memzero(&d, sizeof d);
    return 0;
}

int volunteer_open(const struct volunteer_sealed *v, const char *typed, struct volunteer_cost cost,
                   char name[VOLUNTEER_NAME_MAX + 1], char err[WK_ERR_MAX])
{
    const size_t overhead = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
    if (v->name_len <= overhead || v->name_len > VOLUNTEER_SEALED_NAME_MAX) {
        wk_seterr(err, "volunteer %u's entry has no name that can be opened", (unsigned)v->id);
        return WK_EFORMAT;
    }
    uint32_t id = 0;
    char digits[VOLUNTEER_CODE_DIGITS + 1];
    int rc = volunteer_code_parse(typed, &id, digits, err);
    if (rc)
        return WK_EPERM;
    if (id != v->id) {
        sodium_memzero(digits, sizeof digits);
        wk_seterr(err, "not this volunteer's code");
        return WK_EPERM;
    }
    struct derived d;
    rc = derive(digits, v->salt, cost, &d, err);
    sodium_memzero(digits, sizeof digits);
    if (rc)
        return rc;
    if (sodium_memcmp(d.verifier, v->verifier, sizeof d.verifier) != 0) {
        sodium_memzero(&d, sizeof d);
        wk_seterr(err, "not this volunteer's code");
        return WK_EPERM;
    }
    size_t len = v->name_len - overhead;
    rc = crypto_secretbox_open_easy((unsigned char *)name, v->name + crypto_secretbox_NONCEBYTES,
                                    v->name_len - crypto_secretbox_NONCEBYTES, v->name, d.key);
    sodium_memzero(&d, sizeof d);
    if (rc != 0 || !wk_utf8_valid(name, len)) {
        sodium_memzero(name, VOLUNTEER_NAME_MAX + 1);
        wk_seterr(err, "volunteer %u's name does not open with the right code", (unsigned)v->id);
        return WK_EFORMAT;
    }
    name[len] = '\0';
    return 0;
}
