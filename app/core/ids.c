/* ids.c — checks the spelling of a submission's uuid and reference code
 * (ids.h), for the kiosk's outbox and for the hub alike. */
#include "ids.h"

#include <string.h>

bool wk_uuid_ok(const char *s)
{
    if (!s || strlen(s) != WK_UUID_BYTES - 1)
        return false;
    for (size_t i = 0; i < WK_UUID_BYTES - 1; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    }
    return true;
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
