/* ids.c — makes a submission's uuid and reference code, and checks their
 * spelling (ids.h), for the kiosk's outbox, the hub and hubload alike. */
#include "ids.h"

#include <sodium.h>
#include <string.h>

#define UUID_RANDOM_BYTES 16

/* Where, in the 36 characters, the version digit and the variant digit
 * of a uuid are (xxxxxxxx-xxxx-Vxxx-Nxxx-xxxxxxxxxxxx). */
#define UUID_VERSION_AT 14
#define UUID_VARIANT_AT 19

/* 8-4-4-4-12 lowercase hex digits, version 4 and the RFC 4122 variant
 * (N is 8, 9, a or b): the uuids wk_uuid_new makes, and no other. */
bool wk_uuid_ok(const char *s)
{
    if (!s || strlen(s) != WK_UUID_BYTES - 1)
        return false;
    for (size_t i = 0; i < WK_UUID_BYTES - 1; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    }
    return s[UUID_VERSION_AT] == '4' && strchr("89ab", s[UUID_VARIANT_AT]) != NULL;
}

bool wk_ref_ok(const char *s)
{
    if (!s || strlen(s) != WK_REF_LEN + 1)
        return false;
    for (size_t i = 0; i < WK_REF_LEN + 1; i++) {
        bool dash = i == WK_REF_LEN / 2;
        if (dash ? s[i] != '-' : !strchr(WK_REF_SYMBOLS, s[i]))
            return false;
    }
    return true;
}

void wk_uuid_new(char out[WK_UUID_BYTES])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char b[UUID_RANDOM_BYTES];
    randombytes_buf(b, sizeof b);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);       /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);       /* RFC 4122 variant */
    size_t j = 0;
    for (size_t i = 0; i < sizeof b; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[j++] = '-';
        out[j++] = hex[b[i] >> 4];
        out[j++] = hex[b[i] & 0x0f];
    }
    out[j] = '\0';
}

/* Each symbol uniformly from the alphabet (randombytes_uniform has no
 * modulo bias), a dash in the middle. */
void wk_ref_new(char out[WK_REF_BYTES])
{
    static const char symbols[] = WK_REF_SYMBOLS;
    size_t j = 0;
    for (int i = 0; i < WK_REF_LEN; i++) {
        if (i == WK_REF_LEN / 2)
            out[j++] = '-';
        out[j++] = symbols[randombytes_uniform(sizeof symbols - 1)];
    }
    out[j] = '\0';
}
