/* test_core.c — the helpers every part of welkom shares (app/core): the
 * two clocks, and what the kiosk, the sync worker and the hub each
 * used to check or count in a copy of their own. */
#include "test.h"
#include "../app/core/ids.h"
#include "../app/core/utf8.h"

#include <time.h>

#define MS_PER_S 1000

/* --- clocks ------------------------------------------------------------- */

TEST(the_wall_clock_is_milliseconds_since_1970_and_the_monotonic_one_never_goes_back)
{
    /* Read beside the precise clock, not with time(), which glibc takes
     * from the coarse clock: a tick behind, it can still say the last
     * second when the precise clock is already in the next. */
    struct timespec before, after;
    clock_gettime(CLOCK_REALTIME, &before);
    int64_t wall = wk_wall_ms();
    clock_gettime(CLOCK_REALTIME, &after);
    CHECK(wall >= (int64_t)before.tv_sec * MS_PER_S && wall < ((int64_t)after.tv_sec + 1) * MS_PER_S);

    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int64_t mono = wk_mono_ms();
    CHECK(mono >= (int64_t)ts.tv_sec * MS_PER_S);
    for (int i = 0; i < 1000; i++) {
        int64_t next = wk_mono_ms();
        CHECK(next >= mono);
        mono = next;
    }
}

/* --- UTF-8 -------------------------------------------------------------- */

/* "é" (2 bytes), "ب" (2), "ሀ" (3), "😀" (4). */
#define E_ACUTE "\xc3\xa9"
#define BEH "\xd8\xa8"
#define HA "\xe1\x88\x80"
#define GRIN "\xf0\x9f\x98\x80"

TEST(utf8_decodes_every_length_and_refuses_each_kind_of_bad_byte)
{
    static const struct { const char *s; size_t len; uint32_t cp; } cases[] = {
        { "A", 1, 'A' }, { E_ACUTE, 2, 0xe9 }, { HA, 3, 0x1200 }, { GRIN, 4, 0x1f600 },
        { "\xef\xbf\xbd", 3, WK_UTF8_REPLACEMENT },     /* a real U+FFFD */
        { "\x80", 1, WK_UTF8_REPLACEMENT },             /* a stray continuation byte */
        { "\xc0\xaf", 1, WK_UTF8_REPLACEMENT },         /* "/" overlong */
        { "\xed\xa0\x80", 1, WK_UTF8_REPLACEMENT },     /* a surrogate */
        { "\xf4\x90\x80\x80", 1, WK_UTF8_REPLACEMENT }, /* past U+10FFFF */
        { "\xe1\x88", 1, WK_UTF8_REPLACEMENT },         /* cut short */
        { "\xe1\x41\x80", 1, WK_UTF8_REPLACEMENT },     /* a missing continuation */
        { "\xff", 1, WK_UTF8_REPLACEMENT },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t cp = 0;
        size_t len = wk_utf8_next(cases[i].s, strlen(cases[i].s), &cp);
        if (len != cases[i].len || cp != cases[i].cp)
            test_fail(__FILE__, __LINE__, "case %zu: %zu bytes, U+%04X", i, len, (unsigned)cp);
        bool valid = cases[i].cp != WK_UTF8_REPLACEMENT || cases[i].len == 3;
        CHECK(wk_utf8_valid(cases[i].s, strlen(cases[i].s)) == valid);
    }
    CHECK(!wk_utf8_valid("a\0b", 3));               /* a NUL inside is no text */
    CHECK(wk_utf8_valid("", 0));

    const uint32_t round[] = { 'z', 0xe9, 0x0628, 0x1200, 0xfffd, 0x1f600, 0x10ffff };
    for (size_t i = 0; i < sizeof round / sizeof round[0]; i++) {
        char buf[WK_UTF8_MAX_BYTES];
        uint32_t back = 0;
        size_t n = wk_utf8_encode(round[i], buf);
        CHECK_INT_EQ(wk_utf8_next(buf, n, &back), n);
        CHECK_INT_EQ(back, round[i]);
    }
}

TEST(utf8_counts_characters_and_an_invalid_byte_as_one)
{
    const char *s = "a" E_ACUTE BEH HA GRIN;
    CHECK_INT_EQ(wk_utf8_chars(s, strlen(s)), 5);
    CHECK_INT_EQ(wk_utf8_chars("", 0), 0);
    /* Two stray continuation bytes show as two U+FFFD: two characters,
     * as the form's length rule and the keyboard's max_chars see them. */
    CHECK_INT_EQ(wk_utf8_chars("x\x80\x80y", 4), 4);
    /* Only n bytes are read. */
    CHECK_INT_EQ(wk_utf8_chars(s, 3), 2);
}

TEST(utf8_cut_never_leaves_half_a_character)
{
    const char *s = "ab" HA GRIN;                   /* 2 + 3 + 4 bytes */
    CHECK_INT_EQ(wk_utf8_cut(s, 100), 9);
    CHECK_INT_EQ(wk_utf8_cut(s, 9), 9);
    CHECK_INT_EQ(wk_utf8_cut(s, 8), 5);
    CHECK_INT_EQ(wk_utf8_cut(s, 5), 5);
    CHECK_INT_EQ(wk_utf8_cut(s, 4), 2);
    CHECK_INT_EQ(wk_utf8_cut(s, 0), 0);
    /* Bad bytes are characters of their own: a cut may fall after one. */
    CHECK_INT_EQ(wk_utf8_cut("a\xe1\x88" "bc", 3), 3);
    /* A lead byte at the limit whose sequence is cut short by the end of
     * the string is one invalid byte. */
    CHECK_INT_EQ(wk_utf8_cut("abc\xf0", 3), 3);
    CHECK_INT_EQ(wk_utf8_cut("abc\xf0\x9f", 4), 4);
}

/* --- ids, names, kinds ------------------------------------------------- */

TEST(a_token_is_43_characters_of_base64url_and_nothing_else)
{
    CHECK(wk_token_ok("AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde"));
    CHECK(!wk_token_ok("AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd"));   /* 42 */
    CHECK(!wk_token_ok("AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdef")); /* 44 */
    CHECK(!wk_token_ok("AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/abcde"));  /* base64, not url */
    CHECK(!wk_token_ok("AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd "));
    CHECK(!wk_token_ok(""));
    CHECK(!wk_token_ok(NULL));
}

TEST(a_name_is_letters_digits_dots_dashes_and_underscores_up_to_its_limit)
{
    CHECK(wk_name_ok("hall-1", 6));
    CHECK(wk_name_ok("Front_door.2", 64));
    CHECK(!wk_name_ok("hall-12", 6));
    CHECK(!wk_name_ok("", 6));
    CHECK(!wk_name_ok(NULL, 6));
    CHECK(!wk_name_ok("hall 1", 64));
    CHECK(!wk_name_ok("hall/1", 64));
    CHECK(!wk_name_ok("h" E_ACUTE "l", 64));
    CHECK(!wk_name_ok("a\nb", 64));
}

TEST(the_kinds_of_submission_parse_name_and_list_as_one)
{
    char joined[128] = "";
    for (int k = 0; k < WK_KIND_COUNT; k++) {
        const char *name = wk_kind_name((enum wk_kind)k);
        CHECK(name[0]);
        CHECK_INT_EQ(wk_kind_parse(name), k);
        snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s%s", k ? ", " : "", name);
    }
    CHECK_STR_EQ(wk_kind_list(), joined);
    CHECK_INT_EQ(wk_kind_parse("survey"), -1);
    CHECK_INT_EQ(wk_kind_parse("Signup"), -1);
    CHECK_INT_EQ(wk_kind_parse(NULL), -1);
    CHECK_STR_EQ(wk_kind_name(WK_KIND_COUNT), "");
}
