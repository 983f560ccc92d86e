/* utf8.h — UTF-8 as every part of welkom reads, counts and cuts it: the
 * text engine, the on-screen keyboard, a form's length rules, the queue's
 * and the hub's error texts, welkomctl's checks. One decoder, strict: an
 * overlong form, a surrogate, a code point past U+10FFFF, a stray or
 * missing continuation byte are each invalid, one byte at a time. */
#ifndef WK_UTF8_H
#define WK_UTF8_H

#include "wk.h"

#define WK_UTF8_REPLACEMENT 0xfffdu   /* what an invalid byte reads as */
#define WK_UTF8_MAX_BYTES 4           /* of one code point */

/* Decodes the sequence at s (n > 0 bytes left): its length in bytes (at
 * least 1) and its code point, or 1 and U+FFFD for an invalid byte. */
size_t wk_utf8_next(const char *s, size_t n, uint32_t *cp);
/* Encodes cp (a valid code point) into out: 1 to 4 bytes, no NUL. */
size_t wk_utf8_encode(uint32_t cp, char out[WK_UTF8_MAX_BYTES]);
/* Whether s[0..n) is well-formed UTF-8 without a NUL. */
bool wk_utf8_valid(const char *s, size_t n);
/* The code points in s[0..n), an invalid byte counting as one (as it
 * shows, as one U+FFFD). */
size_t wk_utf8_chars(const char *s, size_t n);
/* The length of the longest start of the string s that has at most max
 * bytes and ends between two characters (an invalid byte is a character
 * of its own): where a text is cut so no half character is left. */
size_t wk_utf8_cut(const char *s, size_t max);

#endif
