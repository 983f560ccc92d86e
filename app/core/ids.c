/* ids.c — makes a submission's uuid and reference code, and checks their
 * spelling (ids.h), for the kiosk's outbox, the hub and hubload alike. */
#include "ids.h"

#include <sodium.h>
#include <string.h>

#define UUID_RANDOM_BYTES 16
#define NAME_EXTRA_CHARS "._-"
#define BASE64URL_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

static const char *const kind_names[WK_KIND_COUNT] = { "signup", "buddy", "volunteer", "message" };
/* kind_names joined; tests/test_core.c checks that they agree. */
static const char kind_list[] = "signup, buddy, volunteer, message";

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

bool wk_token_ok(const char *s)
{
    return s && strlen(s) == WK_TOKEN_CHARS && strspn(s, BASE64URL_CHARS) == WK_TOKEN_CHARS;
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr(NAME_EXTRA_CHARS, c));
}

bool wk_name_ok(const char *s, size_t max)
{
    size_t n = s ? strnlen(s, max + 1) : 0;
    if (n == 0 || n > max)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!name_char(s[i]))
            return false;
    return true;
}

int wk_kind_parse(const char *s)
{
    for (int i = 0; s && i < WK_KIND_COUNT; i++)
        if (!strcmp(s, kind_names[i]))
            return i;
    return -1;
}

const char *wk_kind_name(enum wk_kind kind)
{
    return (int)kind >= 0 && kind < WK_KIND_COUNT ? kind_names[kind] : "";
}

const char *wk_kind_list(void) { return kind_list; }

bool wk_submission_kind_ok(const char *s)
{
    return wk_kind_parse(s) >= 0 || (s && (!strcmp(s, WK_KIND_CHECKIN) || !strcmp(s, WK_KIND_CHECKOUT)));
}

const char *wk_submission_kind_list(void)
{
    return "signup, buddy, volunteer, message, " WK_KIND_CHECKIN ", " WK_KIND_CHECKOUT;
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
