/* utf8.c — the one UTF-8 decoder and what is built on it (utf8.h). */
#include "utf8.h"

#include <string.h>

#define UTF8_MAX_CODE_POINT 0x10ffffu
#define UTF8_SURROGATE_FIRST 0xd800u
#define UTF8_SURROGATE_LAST 0xdfffu

size_t wk_utf8_next(const char *str, size_t n, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned char c = s[0];
    size_t len;
    uint32_t v, least;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xe0) == 0xc0) {
        len = 2, v = c & 0x1f, least = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        len = 3, v = c & 0x0f, least = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
        len = 4, v = c & 0x07, least = 0x10000;
    } else {
        *cp = WK_UTF8_REPLACEMENT;
        return 1;
    }
    *cp = WK_UTF8_REPLACEMENT;
    if (len > n)
        return 1;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 1;
        v = v << 6 | (s[i] & 0x3f);
    }
    if (v < least || v > UTF8_MAX_CODE_POINT || (v >= UTF8_SURROGATE_FIRST && v <= UTF8_SURROGATE_LAST))
        return 1;
    *cp = v;
    return len;
}

size_t wk_utf8_encode(uint32_t cp, char out[WK_UTF8_MAX_BYTES])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

bool wk_utf8_valid(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = wk_utf8_next(s + i, n - i, &cp);
        /* A U+FFFD written in the text (three bytes) is valid; one
         * standing for an invalid byte is not. */
        if (cp == 0 || (cp == WK_UTF8_REPLACEMENT && len == 1))
            return false;
        i += len;
    }
    return true;
}

size_t wk_utf8_chars(const char *s, size_t n)
{
    size_t chars = 0;
    for (size_t i = 0; i < n; chars++) {
        uint32_t cp;
        i += wk_utf8_next(s + i, n - i, &cp);
    }
    return chars;
}

size_t wk_utf8_cut(const char *s, size_t max)
{
    size_t n = strnlen(s, max + WK_UTF8_MAX_BYTES), end = 0;
    if (n <= max)
        return n;
    for (;;) {
        uint32_t cp;
        size_t len = wk_utf8_next(s + end, n - end, &cp);
        if (end + len > max)
            return end;
        end += len;
    }
}
