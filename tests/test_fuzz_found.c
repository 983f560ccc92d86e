/* test_fuzz_found.c — what the fuzzers of tests/fuzz found, each kept as
 * the input that found it and fed to the same code, so the fix stays:
 * a flag emoji that aborted the kiosk in the line breaker, a catalog
 * header whose rule had no count (undefined pointer arithmetic) or a
 * count past INT_MAX. Run under `make asan` too, where the undefined
 * ones would stop the case. */
#include "test.h"
#include "../app/i18n/catalog.h"
#include "../app/text/text.h"

#include <stdio.h>
#include <stdlib.h>

static struct text_ctx *open_text(void)
{
    char fonts[1024], err[WK_ERR_MAX] = "";
    struct text_ctx *ctx = NULL;
    snprintf(fonts, sizeof fonts, "%s/fonts", test_root());
    if (text_open(&(struct text_config){ .fonts_dir = fonts }, &ctx, err))
        test_fail(__FILE__, __LINE__, "text_open: %s", err);
    return ctx;
}

/* fuzz_text: U+1F1F3 U+1F1F1 (🇳🇱) hit an assertion of libunibreak 1.1
 * (Debian 12's), which does not know the regional indicators; the kiosk
 * aborted on a flag in any text of a bundle. */
TEST(a_flag_emoji_is_laid_out_and_wrapped)
{
    struct text_ctx *ctx = open_text();
    static const char *const texts[] = {
        "\U0001F1F3\U0001F1F1",
        "Welkom \U0001F1F3\U0001F1F1 \U0001F1FA\U0001F1E6 \U0001F1F8\U0001F1F4 Oekra\u00efne",
        "\u0645\u0631\u062d\u0628\u0627 \U0001F1F8\U0001F1FE\U0001F1F8\U0001F1FE",
        "\U0001F1E6",   /* half a flag */
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        struct text_metrics m;
        CHECK_OK(text_measure(ctx, texts[i], &(struct text_style){ .size = 24, .lang = "nl" }, &m));
        CHECK(m.width > 0);
        CHECK_INT_EQ(m.lines, 1);
        /* Narrow enough to wrap: it does, at the spaces. */
        CHECK_OK(text_measure(ctx, texts[i], &(struct text_style){ .size = 24, .max_width = 60, .rtl = i == 2 },
                              &m));
        CHECK(m.lines >= 1);
    }
    /* The fuzzer's input itself, every script at once. */
    struct text_metrics m;
    CHECK_OK(text_measure(ctx, "Open 09:00\u201317:00 \u00b7 \u0645\u0641\u062a\u0648\u062d \u200f(ar)\u200f "
                          "\u1230\u120b\u121d \u041f\u0440\u0438\u0432\u0456\u0442 \U0001F44B\U0001F3FD "
                          "\U0001F1F3\U0001F1F1 e\u0301\u0301\u0301 \u202eRLO\u202c \u2067iso\u2069",
                          &(struct text_style){ .size = 41, .bold = true, .lang = "fa", .max_width = 440,
                                                .max_lines = 1 }, &m));
    CHECK_INT_EQ(m.lines, 1);
    text_close(ctx);
}

/* fuzz_catalog: headers of a .mo file's Plural-Forms that the parser
 * read wrongly: a rule without nplurals (pointer arithmetic on NULL), a
 * count past INT_MAX (sscanf's undefined overflow), no count, an empty
 * rule (its verdict printed an unset value). Each is refused with a
 * reason, and a catalog that has one is not loaded. */
TEST(odd_plural_headers_are_refused)
{
    struct plural_rule r;
    char err[WK_ERR_MAX] = "";
    CHECK_INT_EQ(plural_parse_header("Plural-Forms: plural=n;\n", &r, err), WK_EFORMAT);
    CHECK(strstr(err, "Plural-Forms"));
    CHECK_INT_EQ(plural_parse_header("Plural-Forms: nplurals\n", &r, err), WK_EFORMAT);
    CHECK_INT_EQ(plural_parse_header("Plural-Forms: nplurals=99999999999999999999; plural=0;\n", &r, err),
                 WK_EFORMAT);
    CHECK_INT_EQ(plural_parse_header("Plural-Forms: nplurals=; plural=0;\n", &r, err), WK_EFORMAT);
    CHECK_INT_EQ(plural_parse_header("Plural-Forms: nplurals=2; plural=\n", &r, err), WK_EFORMAT);
    CHECK(strstr(err, "malformed"));
    /* Still read: the ones that are right. */
    CHECK_OK(plural_parse_header("Plural-Forms: nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;\n", &r, err));
    CHECK_INT_EQ(plural_index(&r, 2), 1);
}

/* The input fuzz_catalog wrote (a .mo whose header says
 * "Plural-Forms: nplurals" and nothing after it) as a whole file. */
TEST(a_catalog_with_half_a_plural_header_is_refused)
{
    static const char header[] = "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals\n";
    /* A .mo of one entry: "" → header (GNU gettext's layout). */
    unsigned char mo[28 + 16 + sizeof header + 1] = { 0 };
    uint32_t words[] = { 0x950412de, 0, 1, 28, 36, 0, 0 };
    memcpy(mo, words, sizeof words);
    uint32_t original[2] = { 0, 28 + 16 }, translation[2] = { sizeof header - 1, 28 + 16 + 1 };
    memcpy(mo + 28, original, sizeof original);
    memcpy(mo + 36, translation, sizeof translation);
    memcpy(mo + 28 + 16 + 1, header, sizeof header);
    char path[1024], err[WK_ERR_MAX] = "";
    snprintf(path, sizeof path, "%s/welkom.mo", test_tmpdir());
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    CHECK(fwrite(mo, 1, sizeof mo, f) == sizeof mo);
    CHECK(fclose(f) == 0);
    struct catalog *cat = NULL;
    CHECK_INT_EQ(catalog_load(path, &cat, err), WK_EFORMAT);
    CHECK(cat == NULL);
    CHECK(strstr(err, "Plural-Forms"));
}
