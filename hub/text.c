/* text.c — making text from a kiosk safe to print (text.h). A heartbeat's
 * last_error comes from the kiosk's own messages, but a compromised or
 * broken kiosk could send escape sequences (ESC, or the one-byte C1
 * CSI) that a terminal runs, or bidi overrides that make one line read
 * as another; `welkomctl status` must show neither. */
#include "text.h"
#include "../app/core/utf8.h"

#include <string.h>

#define UTF8_REPLACEMENT "\xef\xbf\xbd"     /* U+FFFD */

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
        size_t len = wk_utf8_next((const char *)s + i, n - i, &cp);
        const char *put = (const char *)s + i;
        size_t put_len = len;
        if (len == 1 && cp == WK_UTF8_REPLACEMENT) {      /* an invalid byte */
            put = UTF8_REPLACEMENT;
            put_len = strlen(UTF8_REPLACEMENT);
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
