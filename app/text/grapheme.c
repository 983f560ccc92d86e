/* grapheme.c — where a user-perceived character starts, for the on-screen
 * keyboard's backspace: a Tigrinya syllable is one code point, an Arabic
 * letter with its harakat two or three, a flag two regional indicators, a
 * family emoji seven. Backspace must take the whole cluster so that no mark
 * is left floating on the letter before it.
 *
 * These are the extended grapheme cluster rules of UAX #29 (GB3 to GB13;
 * not GB9c, the Indic conjunct rule of Unicode 15.1). libunibreak has them
 * only from version 4, and Debian ships 1.1, so the rules are here, with
 * HarfBuzz's Unicode data for the general categories. Two properties are
 * approximated by ranges: Extended_Pictographic (the emoji blocks) and
 * SpacingMark (Mc, with the Grapheme_Extend exceptions listed below). */
#include "text_internal.h"

#include <string.h>

enum gcb {
    GCB_OTHER = 0, GCB_CR, GCB_LF, GCB_CONTROL, GCB_EXTEND, GCB_ZWJ, GCB_RI, GCB_PREPEND,
    GCB_SPACING_MARK, GCB_L, GCB_V, GCB_T, GCB_LV, GCB_LVT,
};

struct range { uint32_t lo, hi; };

static bool in_ranges(uint32_t cp, const struct range *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cp >= r[i].lo && cp <= r[i].hi)
            return true;
    return false;
}

/* Spacing marks that Unicode counts as Grapheme_Extend (Other_Grapheme_
 * Extend), plus the emoji skin tone modifiers and the tag characters. */
static const struct range extend_extra[] = {
    { 0x09be, 0x09be }, { 0x09d7, 0x09d7 }, { 0x0b3e, 0x0b3e }, { 0x0b57, 0x0b57 },
    { 0x0bbe, 0x0bbe }, { 0x0bd7, 0x0bd7 }, { 0x0cc2, 0x0cc2 }, { 0x0cd5, 0x0cd6 },
    { 0x0d3e, 0x0d3e }, { 0x0d57, 0x0d57 }, { 0x0dcf, 0x0dcf }, { 0x0ddf, 0x0ddf },
    { 0x1b35, 0x1b35 }, { 0x200c, 0x200c }, { 0x302e, 0x302f }, { 0xff9e, 0xff9f },
    { 0x1133e, 0x1133e }, { 0x11357, 0x11357 }, { 0x114b0, 0x114b0 }, { 0x114bd, 0x114bd },
    { 0x115af, 0x115af }, { 0x11930, 0x11930 }, { 0x1d165, 0x1d165 }, { 0x1d16e, 0x1d172 },
    { 0x1f3fb, 0x1f3ff }, { 0xe0020, 0xe007f },
};

/* Prepended_Concatenation_Mark and the other Prepend characters: they
 * stay with what follows (the Arabic number sign U+0600 before digits). */
static const struct range prepend[] = {
    { 0x0600, 0x0605 }, { 0x06dd, 0x06dd }, { 0x070f, 0x070f }, { 0x0890, 0x0891 },
    { 0x08e2, 0x08e2 }, { 0x0d4e, 0x0d4e }, { 0x110bd, 0x110bd }, { 0x110cd, 0x110cd },
    { 0x111c2, 0x111c3 }, { 0x1193f, 0x1193f }, { 0x11941, 0x11941 }, { 0x11a3a, 0x11a3a },
    { 0x11a84, 0x11a89 }, { 0x11d46, 0x11d46 },
};

/* Extended_Pictographic, by blocks: enough for emoji ZWJ sequences. */
static const struct range pictographic[] = {
    { 0x00a9, 0x00a9 }, { 0x00ae, 0x00ae }, { 0x203c, 0x203c }, { 0x2049, 0x2049 },
    { 0x2122, 0x2122 }, { 0x2139, 0x2139 }, { 0x2194, 0x2199 }, { 0x21a9, 0x21aa },
    { 0x231a, 0x231b }, { 0x2328, 0x2328 }, { 0x2388, 0x2388 }, { 0x23cf, 0x23cf },
    { 0x23e9, 0x23f3 }, { 0x23f8, 0x23fa }, { 0x24c2, 0x24c2 }, { 0x25aa, 0x25ab },
    { 0x25b6, 0x25b6 }, { 0x25c0, 0x25c0 }, { 0x25fb, 0x25fe }, { 0x2600, 0x27bf },
    { 0x2934, 0x2935 }, { 0x2b05, 0x2b07 }, { 0x2b1b, 0x2b1c }, { 0x2b50, 0x2b50 },
    { 0x2b55, 0x2b55 }, { 0x3030, 0x3030 }, { 0x303d, 0x303d }, { 0x3297, 0x3297 },
    { 0x3299, 0x3299 }, { 0x1f000, 0x1f0ff }, { 0x1f10d, 0x1f10f }, { 0x1f12f, 0x1f12f },
    { 0x1f16c, 0x1f171 }, { 0x1f17e, 0x1f17f }, { 0x1f18e, 0x1f18e }, { 0x1f191, 0x1f19a },
    { 0x1f1ad, 0x1f1e5 }, { 0x1f201, 0x1f20f }, { 0x1f21a, 0x1f21a }, { 0x1f22f, 0x1f22f },
    { 0x1f232, 0x1f23a }, { 0x1f23c, 0x1f23f }, { 0x1f249, 0x1f3fa }, { 0x1f400, 0x1f53d },
    { 0x1f546, 0x1f64f }, { 0x1f680, 0x1f6ff }, { 0x1f774, 0x1f77f }, { 0x1f7d5, 0x1f7ff },
    { 0x1f80c, 0x1f80f }, { 0x1f848, 0x1f84f }, { 0x1f85a, 0x1f85f }, { 0x1f888, 0x1f88f },
    { 0x1f8ae, 0x1f8ff }, { 0x1f90c, 0x1f93a }, { 0x1f93c, 0x1f945 }, { 0x1f947, 0x1faff },
    { 0x1fc00, 0x1fffd },
};

/* Hangul syllables are algorithmic: LV where the trailing jamo index is 0. */
#define HANGUL_BASE 0xac00u
#define HANGUL_COUNT 11172u
#define HANGUL_T_COUNT 28u

static enum gcb gcb_of(uint32_t cp)
{
    if (cp == '\r')
        return GCB_CR;
    if (cp == '\n')
        return GCB_LF;
    if (cp == 0x200d)
        return GCB_ZWJ;
    if (cp >= 0x1f1e6 && cp <= 0x1f1ff)
        return GCB_RI;
    if (in_ranges(cp, extend_extra, WK_ARRAY_LEN(extend_extra)))
        return GCB_EXTEND;
    if (in_ranges(cp, prepend, WK_ARRAY_LEN(prepend)))
        return GCB_PREPEND;
    if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0xa960 && cp <= 0xa97c))
        return GCB_L;
    if ((cp >= 0x1160 && cp <= 0x11a7) || (cp >= 0xd7b0 && cp <= 0xd7c6))
        return GCB_V;
    if ((cp >= 0x11a8 && cp <= 0x11ff) || (cp >= 0xd7cb && cp <= 0xd7fb))
        return GCB_T;
    if (cp >= HANGUL_BASE && cp < HANGUL_BASE + HANGUL_COUNT)
        return (cp - HANGUL_BASE) % HANGUL_T_COUNT == 0 ? GCB_LV : GCB_LVT;
    if (cp == 0x0e33 || cp == 0x0eb3)
        return GCB_SPACING_MARK;   /* Thai and Lao AM: letters that act as marks */
    switch (hb_unicode_general_category(hb_unicode_funcs_get_default(), cp)) {
    case HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK:
    case HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK:
        return GCB_EXTEND;
    case HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK:
        return GCB_SPACING_MARK;
    case HB_UNICODE_GENERAL_CATEGORY_CONTROL:
    case HB_UNICODE_GENERAL_CATEGORY_FORMAT:
    case HB_UNICODE_GENERAL_CATEGORY_LINE_SEPARATOR:
    case HB_UNICODE_GENERAL_CATEGORY_PARAGRAPH_SEPARATOR:
    case HB_UNICODE_GENERAL_CATEGORY_SURROGATE:
        return GCB_CONTROL;
    default:
        return GCB_OTHER;
    }
}

static bool is_pictographic(uint32_t cp)
{
    return in_ranges(cp, pictographic, WK_ARRAY_LEN(pictographic));
}

/* Whether the rules allow a break between prev and next. ri_run counts
 * the regional indicators in a row ending at prev; emoji says prev ends
 * "ExtPict Extend* ZWJ". */
static bool breaks_between(enum gcb prev, enum gcb next, int ri_run, bool emoji_zwj,
                           bool next_pictographic)
{
    if (prev == GCB_CR && next == GCB_LF)
        return false;                                       /* GB3 */
    if (prev == GCB_CR || prev == GCB_LF || prev == GCB_CONTROL)
        return true;                                        /* GB4 */
    if (next == GCB_CR || next == GCB_LF || next == GCB_CONTROL)
        return true;                                        /* GB5 */
    if (prev == GCB_L && (next == GCB_L || next == GCB_V || next == GCB_LV || next == GCB_LVT))
        return false;                                       /* GB6 */
    if ((prev == GCB_LV || prev == GCB_V) && (next == GCB_V || next == GCB_T))
        return false;                                       /* GB7 */
    if ((prev == GCB_LVT || prev == GCB_T) && next == GCB_T)
        return false;                                       /* GB8 */
    if (next == GCB_EXTEND || next == GCB_ZWJ || next == GCB_SPACING_MARK)
        return false;                                       /* GB9, GB9a */
    if (prev == GCB_PREPEND)
        return false;                                       /* GB9b */
    if (emoji_zwj && next_pictographic)
        return false;                                       /* GB11 */
    if (prev == GCB_RI && next == GCB_RI && ri_run % 2 == 1)
        return false;                                       /* GB12, GB13 */
    return true;                                            /* GB999 */
}

size_t text_last_grapheme_start(const char *utf8, size_t len)
{
    size_t last = 0;
    enum gcb prev = GCB_CONTROL;
    int ri_run = 0;
    /* GB11's state: 0 none, 1 in "ExtPict Extend*", 2 just after its ZWJ. */
    int emoji = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = wk_utf8_next(utf8 + i, len - i, &cp);
        enum gcb g = gcb_of(cp);
        bool pict = is_pictographic(cp);
        if (i > 0 && breaks_between(prev, g, ri_run, emoji == 2, pict))
            last = i;
        ri_run = g == GCB_RI ? ri_run + 1 : 0;
        if (pict)
            emoji = 1;
        else if (emoji == 1 && g == GCB_ZWJ)
            emoji = 2;
        else if (!(emoji == 1 && g == GCB_EXTEND))
            emoji = 0;
        prev = g;
        i += n;
    }
    return last;
}
