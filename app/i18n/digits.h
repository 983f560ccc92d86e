/* digits.h — the digits a number is shown in. Residents from Syria and
 * Iraq read the Arabic-Indic ٠١٢٣٤٥٦٧٨٩, from Afghanistan the Extended
 * Arabic-Indic (Persian) ۰۱۲۳۴۵۶۷۸۹; many read Western 0-9 too, so Western
 * is the default and a centre chooses per language in its bundle
 * ([settings] digits_ar, digits_fa, digits_ps). Times, dates, counts and
 * places left are shown in the chosen digits; phone numbers and reference
 * codes stay as the desk needs them. What a resident types, in either set,
 * is kept and sent in Western digits. */
#ifndef I18N_DIGITS_H
#define I18N_DIGITS_H

#include <stdbool.h>
#include <stddef.h>

enum i18n_digits {
    I18N_DIGITS_WESTERN = 0,        /* 0-9 */
    I18N_DIGITS_ARABIC_INDIC,       /* U+0660..U+0669 */
    I18N_DIGITS_EXTENDED,           /* U+06F0..U+06F9, Persian and Pashto */
    I18N_DIGITS_COUNT
};

/* The setting's words ("western", "arabic-indic", "extended-arabic-indic")
 * to the enum: 0, or WK_EINVAL for any other word. */
int i18n_digits_parse(const char *name, enum i18n_digits *out);
const char *i18n_digits_name(enum i18n_digits d);

/* Rewrites the Western digits of s, in place, in the set d. Every other
 * byte is kept. A result that would not fit in size bytes (with its NUL)
 * is WK_EINVAL and leaves s as it was, so a caller never shows half a
 * number. */
int i18n_native_digits(char *s, size_t size, enum i18n_digits d);

/* The value 0-9 of the digit, in any of the three sets, that s starts
 * with, and its length in bytes in *len; -1 when s does not start with
 * a digit. */
int i18n_digit_at(const char *s, size_t *len);

/* Rewrites, in place, the Arabic-Indic and Extended Arabic-Indic digits
 * of s as Western ones (each is one byte shorter), and wipes the bytes
 * freed at the end. */
void i18n_western_digits(char *s);

/* True when s holds a digit that d would show differently. */
bool i18n_digits_differ(const char *s, enum i18n_digits d);

#endif
