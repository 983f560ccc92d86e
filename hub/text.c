/* text.c — making text from a kiosk safe to print (text.h). A heartbeat's
 * last_error comes from the kiosk's own messages, but a compromised or
 * broken kiosk could send escape sequences (ESC, or the one-byte C1
 * CSI) that a terminal runs, or bidi overrides that make one line read
 * as another; `welkomctl status` must show neither. */
#include "text.h"

#include <string.h>

#define UTF8_REPLACEMENT "\xef\xbf\xbd"     /* U+FFFD */

/* The character at s (n bytes available): its length, 1 to 4, with the
 * code point in *cp; 0 if s does not start with well-formed UTF-8 (a
 * stray or missing continuation byte, an overlong form, a surrogate,
 * past U+10FFFF, or cut short by n). */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
    static const uint32_t least[] = { 0, 0, 0x80, 0x800, 0x10000 };
    if (n == 0)
        return 0;
    unsigned c = s[0];
    size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
    if (len == 0 || len > n)
        return 0;
    uint32_t v = len == 1 ? c : c & (0x7fu >> len);
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xc0) != 0x80)
            return 0;
        v = v << 6 | (s[k] & 0x3fu);
    }
    if (v < least[len] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return len;
}

/* Controls a terminal may act on: C0, DEL and C1. */
static bool is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/* Invisible characters that change the order in which what follows is
 * shown: embeddings and overrides, isolates, and the direction marks. */
static bool is_bidi_control(uint32_t cp)
{
    return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f ||
           cp == 0x061c;
}

char *hub_text_clean(char *out, size_t size, const char *in)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t n = strlen(in), used = 0;
    if (size == 0)
        return out;
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        size_t len = utf8_next(s + i, n - i, &cp);
        const char *put = (const char *)s + i;
        size_t put_len = len;
        if (len == 0) {
            put = UTF8_REPLACEMENT;
            put_len = strlen(UTF8_REPLACEMENT);
            len = 1;
        } else if (is_control(cp)) {
            put = " ";
            put_len = 1;
        } else if (is_bidi_control(cp)) {
            put_len = 0;
        }
        if (used + put_len + 1 > size)
            break;
        memcpy(out + used, put, put_len);
        used += put_len;
        i += len;
    }
    out[used] = '\0';
    return out;
}
