/* digits.c — Western, Arabic-Indic and Extended Arabic-Indic digits: one
 * place that turns a formatted number into the digits a resident reads,
 * and what a resident typed back into the digits the desk and the hub
 * store. */
#include "digits.h"
#include "../core/wk.h"

#include <string.h>

/* The two-byte UTF-8 lead and the first trail byte of each set's zero:
 * U+0660 is d9 a0, U+06F0 is db b0; the ten digits follow in order and
 * share the lead byte. */
static const unsigned char lead[I18N_DIGITS_COUNT] = { 0, 0xd9, 0xdb };
static const unsigned char zero[I18N_DIGITS_COUNT] = { '0', 0xa0, 0xb0 };
static const char *const names[I18N_DIGITS_COUNT] = { "western", "arabic-indic", "extended-arabic-indic" };

int i18n_digits_parse(const char *name, enum i18n_digits *out)
{
    for (int d = 0; d < I18N_DIGITS_COUNT; d++)
        if (name && !strcmp(name, names[d])) {
            *out = (enum i18n_digits)d;
            return 0;
        }
    return WK_EINVAL;
}

const char *i18n_digits_name(enum i18n_digits d)
{
    return d >= 0 && d < I18N_DIGITS_COUNT ? names[d] : names[0];
}

int i18n_native_digits(char *s, size_t size, enum i18n_digits d)
{
    if (d <= I18N_DIGITS_WESTERN || d >= I18N_DIGITS_COUNT)
        return 0;
    size_t len = strlen(s), grow = 0;
    for (size_t i = 0; i < len; i++)
        grow += s[i] >= '0' && s[i] <= '9';
    if (len + grow + 1 > size)
        return WK_EINVAL;
    /* From the end, so every byte is read before it is overwritten. */
    s[len + grow] = '\0';
    for (size_t i = len; i-- > 0;) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            s[i + grow] = (char)(zero[d] + (c - '0'));
            s[i + grow - 1] = (char)lead[d];
            grow--;
        } else {
            s[i + grow] = c;
        }
    }
    return 0;
}

int i18n_digit_at(const char *s, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] >= '0' && u[0] <= '9') {
        *len = 1;
        return u[0] - '0';
    }
    for (int d = I18N_DIGITS_ARABIC_INDIC; d < I18N_DIGITS_COUNT; d++)
        if (u[0] == lead[d] && u[1] >= zero[d] && u[1] <= zero[d] + 9) {
            *len = 2;
            return u[1] - zero[d];
        }
    return -1;
}

void i18n_western_digits(char *s)
{
    size_t len = strlen(s), r = 0, w = 0, n;
    while (r < len) {
        int v = i18n_digit_at(s + r, &n);
        if (v >= 0) {
            s[w++] = (char)('0' + v);
            r += n;
        } else {
            s[w++] = s[r++];
        }
    }
    memset(s + w, 0, len - w);
}

bool i18n_digits_differ(const char *s, enum i18n_digits d)
{
    if (d <= I18N_DIGITS_WESTERN || d >= I18N_DIGITS_COUNT)
        return false;
    return strpbrk(s, "0123456789") != NULL;
}
