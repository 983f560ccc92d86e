/* bidi.c — from UTF-8 to an analysed paragraph: code points (invalid UTF-8
 * shown as U+FFFD), FriBidi embedding levels with the paragraph direction of
 * the UI language, the script of every character (Common and Inherited ones
 * such as spaces, digits and punctuation join the run around them), the font
 * face that will draw it, and libunibreak's line break opportunities. */
#include "text_internal.h"

#include <linebreak.h>
#include <stdlib.h>
#include <string.h>

/* A run of digits and separators with at least this many digits is taken
 * for a phone number. Dates (8 digits) and times stay with plain bidi. */
#define PHONE_MIN_DIGITS 9
#define PHONE_MIN_DIGITS_AFTER_PLUS 6

int text_utf8_decode(const char *utf8, uint32_t **out)
{
    size_t n = strlen(utf8);
    if (n > TEXT_MAX_BYTES) {
        wk_log(WK_LOG_WARN, "text of %zu bytes cut to %d", n, TEXT_MAX_BYTES);
        n = TEXT_MAX_BYTES;
    }
    uint32_t *cps = wk_calloc(n + 1, sizeof *cps);
    if (!cps)
        return WK_ENOMEM;
    size_t count = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += wk_utf8_next(utf8 + i, n - i, &cp);
        if (cp == '\t')
            cp = ' ';
        else if (cp == '\r' || (cp < 0x20 && cp != '\n') || cp == 0x7f)
            continue;           /* controls draw nothing useful */
        cps[count++] = cp;
    }
    *out = cps;
    return (int)count;
}

static bool is_neutral_script(hb_script_t s)
{
    return s == HB_SCRIPT_COMMON || s == HB_SCRIPT_INHERITED || s == HB_SCRIPT_UNKNOWN;
}

/* Resolves every Common/Inherited character to the script before it (or,
 * at the start, the first real script after it; Latin if there is none),
 * so "العنوان: 12" is one Arabic run and a space never splits a run. One
 * exception: neutral characters that bidi put left to right next to
 * right-to-left script (numbers, phone numbers) are Latin, so that they are
 * drawn as one run in the Latin font, whose digits and signs are complete. */
static void resolve_scripts(const uint32_t *cps, const FriBidiLevel *levels, int len,
                            hb_script_t *scripts)
{
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    hb_script_t first = HB_SCRIPT_INVALID;
    for (int i = 0; i < len; i++) {
        scripts[i] = hb_unicode_script(uf, cps[i]);
        if (first == HB_SCRIPT_INVALID && !is_neutral_script(scripts[i]))
            first = scripts[i];
    }
    if (first == HB_SCRIPT_INVALID)
        first = HB_SCRIPT_LATIN;
    hb_script_t current = first;
    for (int i = 0; i < len; i++) {
        if (!is_neutral_script(scripts[i]))
            current = scripts[i];
        else if ((levels[i] & 1) == 0 &&
                 hb_script_get_horizontal_direction(current) == HB_DIRECTION_RTL &&
                 scripts[i] == HB_SCRIPT_COMMON)
            scripts[i] = HB_SCRIPT_LATIN;
        else
            scripts[i] = current;
    }
}

/* Characters that belong with the one before them whatever the coverage:
 * combining marks and invisible format controls (ZWJ, ZWNJ, bidi marks). */
bool text_cp_attaches(uint32_t cp)
{
    hb_unicode_general_category_t gc =
        hb_unicode_general_category(hb_unicode_funcs_get_default(), cp);
    return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_FORMAT ||
           (cp >= 0xfe00 && cp <= 0xfe0f);
}

/* Characters that draw nothing and need no glyph: controls, format
 * characters (ZWNJ, bidi marks), variation selectors, spaces HarfBuzz
 * draws as space. */
static bool draws_nothing(uint32_t cp)
{
    hb_unicode_general_category_t gc =
        hb_unicode_general_category(hb_unicode_funcs_get_default(), cp);
    return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ||
           gc == HB_UNICODE_GENERAL_CATEGORY_FORMAT ||
           gc == HB_UNICODE_GENERAL_CATEGORY_SPACE_SEPARATOR ||
           (cp >= 0xfe00 && cp <= 0xfe0f);
}

/* Picks the face for each character: its script's own face if that has the
 * glyph, else the first face that has it, else the script's face anyway
 * (SDL_ttf draws its "missing" box, and the paragraph counts it as
 * missing so a test can say which character no font has). */
static void choose_faces(struct text_ctx *ctx, const uint32_t *cps, const hb_script_t *scripts,
                         int len, unsigned char *faces, struct text_para *para)
{
    for (int i = 0; i < len; i++) {
        int prefer = fonts_face_for_script(scripts[i]);
        if (!fonts_face_present(ctx, prefer))
            prefer = TEXT_FACE_LATIN;
        int face = prefer;
        if (i > 0 && text_cp_attaches(cps[i])) {
            int prev = faces[i - 1];
            if (fonts_has_glyph(ctx, prev, cps[i]) ||
                !fonts_has_glyph(ctx, prefer, cps[i])) {
                faces[i] = (unsigned char)prev;
                continue;
            }
        }
        if (!fonts_has_glyph(ctx, prefer, cps[i])) {
            bool found = false;
            for (int f = 0; f < TEXT_FACE_COUNT && !found; f++)
                if (f != prefer && fonts_has_glyph(ctx, f, cps[i])) {
                    face = f;
                    found = true;
                }
            if (!found && !draws_nothing(cps[i])) {
                if (!para->missing)
                    para->first_missing = cps[i];
                para->missing++;
            }
        }
        faces[i] = (unsigned char)face;
    }
}

static bool is_digit(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0x0660 && c <= 0x0669) || (c >= 0x06f0 && c <= 0x06f9);
}

static bool is_phone_separator(uint32_t c)
{
    return c == ' ' || c == 0x00a0 || c == '-' || c == '.' || c == '/' || c == '(' || c == ')';
}

/* Phone numbers stay left to right. Plain bidi splits "020-1234567" next
 * to Arabic into two number runs shown right to left ("1234567-020"),
 * correct for ranges like 9-17 but wrong for a number to dial. A stretch
 * of digits and separators with enough digits (or a leading +) is made
 * strongly LTR before levels are resolved. */
static void keep_phone_numbers_ltr(const uint32_t *cps, int len, FriBidiCharType *types)
{
    for (int i = 0; i < len;) {
        bool plus = cps[i] == '+' && i + 1 < len && is_digit(cps[i + 1]);
        if (!plus && !is_digit(cps[i])) {
            i++;
            continue;
        }
        int j = plus ? i + 1 : i, digits = 0, end = j;
        for (; j < len && (is_digit(cps[j]) || is_phone_separator(cps[j])); j++)
            if (is_digit(cps[j])) {
                digits++;
                end = j + 1;
            }
        if (digits >= PHONE_MIN_DIGITS || (plus && digits >= PHONE_MIN_DIGITS_AFTER_PLUS))
            for (int k = i; k < end; k++)
                types[k] = FRIBIDI_TYPE_LTR;
        i = WK_MAX(j, i + 1);
    }
}

/* A half of a flag emoji (U+1F1E6..U+1F1FF, line break class RI).
 * libunibreak 1.1, Debian 12's, does not know the class and asserts on it:
 * one flag in a bundle's text aborted the kiosk (found by
 * tests/fuzz/fuzz_text.c). It is handed them as letters (class AL), which
 * never break from each other, so a flag stays whole on its line. */
static bool is_regional_indicator(uint32_t cp) { return cp >= 0x1F1E6 && cp <= 0x1F1FF; }

int para_analyse(struct text_ctx *ctx, const uint32_t *cps, int len, bool rtl,
                 const char *lang, struct text_para *para)
{
    size_t n = (size_t)len + 1;     /* room for an ellipsis */
    *para = (struct text_para){ .len = len, .base = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR };
    para->cps = wk_calloc(n, sizeof *para->cps);
    para->types = wk_calloc(n, sizeof *para->types);
    para->levels = wk_calloc(n, sizeof *para->levels);
    para->scripts = wk_calloc(n, sizeof *para->scripts);
    para->faces = wk_calloc(n, sizeof *para->faces);
    para->breaks = wk_calloc(n, sizeof *para->breaks);
    FriBidiBracketType *brackets = wk_calloc(n, sizeof *brackets);
    if (!para->cps || !para->types || !para->levels || !para->scripts || !para->faces ||
        !para->breaks || !brackets) {
        free(brackets);
        para_free(para);
        return WK_ENOMEM;
    }
    if (len == 0) {
        free(brackets);
        return 0;
    }
    memcpy(para->cps, cps, (size_t)len * sizeof *cps);

    fribidi_get_bidi_types(para->cps, len, para->types);
    keep_phone_numbers_ltr(para->cps, len, para->types);
    fribidi_get_bracket_types(para->cps, len, para->types, brackets);
    FriBidiParType base = para->base;
    FriBidiLevel max = fribidi_get_par_embedding_levels_ex(para->types, brackets, len, &base,
                                                           para->levels);
    if (max == 0) {
        free(brackets);
        para_free(para);
        return WK_ENOMEM;   /* FriBidi fails only when it cannot allocate */
    }

    resolve_scripts(para->cps, para->levels, len, para->scripts);
    choose_faces(ctx, para->cps, para->scripts, len, para->faces, para);
    /* The brackets' buffer, done with, holds the text libunibreak sees. */
    _Static_assert(sizeof *brackets == sizeof(utf32_t), "a bracket slot holds a code point");
    utf32_t *for_breaks = (utf32_t *)brackets;
    for (int i = 0; i < len; i++)
        for_breaks[i] = is_regional_indicator(cps[i]) ? 'A' : cps[i];
    set_linebreaks_utf32(for_breaks, (size_t)len, lang, para->breaks);
    text_wipe_free(brackets, n * sizeof *brackets);     /* it held the text */
    return 0;
}

/* FriBidi's rule for the direction of a paragraph (UAX #9 P2, P3): that of
 * its first strong character, skipping what is inside isolates. */
bool text_is_rtl(const char *utf8, bool default_rtl)
{
    if (!utf8 || !*utf8)
        return default_rtl;
    uint32_t *cps;
    int len = text_utf8_decode(utf8, &cps);
    if (len < 0)
        return default_rtl;
    FriBidiCharType *types = wk_calloc((size_t)len + 1, sizeof *types);
    bool rtl = default_rtl;
    if (types && len > 0) {
        fribidi_get_bidi_types(cps, len, types);
        FriBidiParType dir = fribidi_get_par_direction(types, len);
        if (dir == FRIBIDI_PAR_RTL)
            rtl = true;
        else if (dir == FRIBIDI_PAR_LTR)
            rtl = false;
    }
    free(types);
    text_wipe_free(cps, ((size_t)len + 1) * sizeof *cps);
    return rtl;
}

void para_free(struct text_para *para)
{
    size_t n = (size_t)WK_MAX(para->len, 0) + 1;    /* as para_analyse allocates */
    text_wipe_free(para->cps, n * sizeof *para->cps);
    text_wipe_free(para->types, n * sizeof *para->types);
    text_wipe_free(para->levels, n * sizeof *para->levels);
    text_wipe_free(para->scripts, n * sizeof *para->scripts);
    text_wipe_free(para->faces, n * sizeof *para->faces);
    text_wipe_free(para->breaks, n * sizeof *para->breaks);
    *para = (struct text_para){ 0 };
}
