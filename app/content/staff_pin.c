/* staff_pin.c — the PIN that opens staff mode at a kiosk. welkomctl
 * hashes it with crypto_pwhash_str (Argon2id) into the bundle's settings;
 * the kiosk checks what staff type against that hash and never holds the
 * PIN itself. Like everything in a bundle the hash is untrusted input: its
 * cost is read and bounded before libsodium is handed it, so a bundle
 * cannot make a kiosk spend gigabytes or minutes on one check. */
#include "content.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

_Static_assert(CONTENT_STAFF_HASH_BYTES == crypto_pwhash_STRBYTES, "the hash's room");

/* "$argon2id$v=19$m=65536,t=2,p=1$" and then the salt and the hash. */
#define ARGON2ID_PREFIX "$argon2id$v=19$"

int content_staff_pin_valid(const char *pin, char err[WK_ERR_MAX])
{
    size_t n = strlen(pin);
    if (n < CONTENT_STAFF_PIN_MIN || n > CONTENT_STAFF_PIN_MAX ||
        strspn(pin, "0123456789") != n) {
        wk_seterr(err, "a staff PIN is %d to %d digits", CONTENT_STAFF_PIN_MIN, CONTENT_STAFF_PIN_MAX);
        return WK_EINVAL;
    }
    return 0;
}

int content_staff_pin_hash(const char *pin, char out[CONTENT_STAFF_HASH_BYTES], char err[WK_ERR_MAX])
{
    int rc = content_staff_pin_valid(pin, err);
    if (rc)
        return rc;
    if (sodium_init() < 0 ||
        crypto_pwhash_str_alg(out, pin, strlen(pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        wk_seterr(err, "cannot hash the PIN (out of memory?)");
        return WK_ENOMEM;
    }
    return 0;
}

int content_staff_hash_valid(const char *hash, char err[WK_ERR_MAX])
{
    unsigned long kib = 0, passes = 0, lanes = 0;
    int used = 0;
    size_t n = strnlen(hash, CONTENT_STAFF_HASH_BYTES);
    if (n == CONTENT_STAFF_HASH_BYTES || strncmp(hash, ARGON2ID_PREFIX, strlen(ARGON2ID_PREFIX)) ||
        sscanf(hash + strlen(ARGON2ID_PREFIX), "m=%lu,t=%lu,p=%lu$%n", &kib, &passes, &lanes, &used) != 3 ||
        used == 0) {
        wk_seterr(err, "staff_pin_hash is not an Argon2id hash made by welkomctl staff-pin");
        return WK_EFORMAT;
    }
    if (kib > CONTENT_STAFF_HASH_MAX_KIB || passes > CONTENT_STAFF_HASH_MAX_PASSES || lanes != 1) {
        wk_seterr(err, "staff_pin_hash asks for %lu KiB, %lu passes and %lu lanes (at most %d KiB, "
                  "%d passes, 1 lane)", kib, passes, lanes, CONTENT_STAFF_HASH_MAX_KIB,
                  CONTENT_STAFF_HASH_MAX_PASSES);
        return WK_EFORMAT;
    }
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)hash[i] <= ' ' || (unsigned char)hash[i] > '~') {
            wk_seterr(err, "staff_pin_hash holds a character no hash has");
            return WK_EFORMAT;
        }
    return 0;
}

bool content_staff_pin_matches(const char *hash, const char *pin)
{
    char err[WK_ERR_MAX];
    if (!hash[0] || content_staff_hash_valid(hash, err) || sodium_init() < 0)
        return false;
    return crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
}
