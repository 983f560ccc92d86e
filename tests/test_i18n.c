/* test_i18n.c — the UI catalogs: every shipped language loads, plural
 * forms follow each language's rule (Arabic has six), and a missing,
 * truncated or foreign catalog falls back to English without a crash. */
#include "test.h"
#include "../app/i18n/i18n.h"
#include "../app/i18n/catalog.h"
#include "../app/i18n/plural.h"
#include "../app/i18n/digits.h"

#include <stdio.h>
#include <stdlib.h>

static struct i18n *open_built(void)
{
    char dir[1200], err[WK_ERR_MAX];
    struct i18n *i18n;
    snprintf(dir, sizeof dir, "%s/%s/locale", test_root(), test_build_dir());
    CHECK_OK(i18n_open(dir, &i18n, err));
    return i18n;
}

static const char *countdown(struct i18n *i18n, unsigned long n)
{
    return trn(i18n, "Going back to the start in %d second.",
               "Going back to the start in %d seconds.", n);
}

TEST(every_shipped_language_has_a_complete_catalog)
{
    struct i18n *i18n = open_built();
    size_t count;
    const struct i18n_language *langs = i18n_languages(&count);
    CHECK_INT_EQ(count, 11);
    for (size_t i = 0; i < count; i++) {
        char err[WK_ERR_MAX];
        CHECK_OK(i18n_set_language(i18n, langs[i].code, err));
        if (strcmp(langs[i].code, "en") == 0)
            continue;
        /* Every language translates the words a passer-by reads first. */
        if (strcmp(tr(i18n, "Touch to start"), "Touch to start") == 0)
            test_fail(__FILE__, __LINE__, "%s does not translate \"Touch to start\"", langs[i].code);
        if (strcmp(tr(i18n, "Done"), "Done") == 0)
            test_fail(__FILE__, __LINE__, "%s does not translate \"Done\"", langs[i].code);
    }
    i18n_close(i18n);
}

TEST(arabic_has_six_plural_forms)
{
    struct i18n *i18n = open_built();
    char err[WK_ERR_MAX];
    CHECK_OK(i18n_set_language(i18n, "ar", err));
    unsigned long samples[] = { 0, 1, 2, 3, 11, 100 };
    const char *forms[6];
    for (int i = 0; i < 6; i++) {
        forms[i] = countdown(i18n, samples[i]);
        CHECK(strstr(forms[i], "Going back") == NULL);
        for (int j = 0; j < i; j++)
            if (strcmp(forms[i], forms[j]) == 0)
                test_fail(__FILE__, __LINE__, "ar forms for %lu and %lu are the same: %s",
                          samples[i], samples[j], forms[i]);
    }
    /* 4..10 take the same form as 3; 12..99 that of 11; 102 that of 100. */
    CHECK_STR_EQ(countdown(i18n, 7), forms[3]);
    CHECK_STR_EQ(countdown(i18n, 42), forms[4]);
    CHECK_STR_EQ(countdown(i18n, 102), forms[5]);
    i18n_close(i18n);
}

TEST(slavic_plurals_follow_the_last_digits)
{
    struct i18n *i18n = open_built();
    char err[WK_ERR_MAX];
    CHECK_OK(i18n_set_language(i18n, "uk", err));
    const char *one = countdown(i18n, 1), *few = countdown(i18n, 3), *many = countdown(i18n, 5);
    CHECK(strcmp(one, few) != 0 && strcmp(few, many) != 0 && strcmp(one, many) != 0);
    CHECK_STR_EQ(countdown(i18n, 21), one);
    CHECK_STR_EQ(countdown(i18n, 11), many);
    CHECK_STR_EQ(countdown(i18n, 24), few);
    i18n_close(i18n);
}

TEST(plural_rules_parse_and_evaluate)
{
    struct plural_rule r;
    char err[WK_ERR_MAX];
    CHECK_OK(plural_parse_header("Plural-Forms: nplurals=2; plural=(n > 1);\n", &r, err));
    CHECK_INT_EQ(plural_index(&r, 0), 0);
    CHECK_INT_EQ(plural_index(&r, 1), 0);
    CHECK_INT_EQ(plural_index(&r, 2), 1);
    CHECK_OK(plural_parse_header("Plural-Forms: nplurals=1; plural=0;\n", &r, err));
    CHECK_INT_EQ(plural_index(&r, 5), 0);
    /* No header: the Germanic rule. */
    CHECK_OK(plural_parse_header("Content-Type: text/plain\n", &r, err));
    CHECK_INT_EQ(plural_index(&r, 1), 0);
    CHECK_INT_EQ(plural_index(&r, 3), 1);
    /* Broken rules are refused with a reason. */
    CHECK_INT_EQ(plural_parse_header("Plural-Forms: nplurals=2; plural=(n > ;\n", &r, err), WK_EFORMAT);
    CHECK_INT_EQ(plural_parse_header("Plural-Forms: nplurals=2; plural=n%0;\n", &r, err), WK_EFORMAT);
    CHECK_INT_EQ(plural_parse_header("Plural-Forms: nplurals=2; plural=n;\n", &r, err), WK_EFORMAT);
    CHECK_INT_EQ(plural_parse_header("Plural-Forms: nplurals=2; plural=((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((n))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))));\n", &r, err), WK_EFORMAT);
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    CHECK(fwrite(data, 1, len, f) == len);
    fclose(f);
}

static size_t read_file(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

/* Copies the real French catalog into a fresh locale dir, damaged by
 * `damage`, and checks the kiosk speaks English instead of crashing. */
static void check_damaged_catalog(void (*damage)(char *buf, size_t *len))
{
    static char buf[1 << 20];
    char src[1200], dir[1200], path[1400], err[WK_ERR_MAX];
    snprintf(src, sizeof src, "%s/%s/locale/fr/LC_MESSAGES/welkom.mo", test_root(), test_build_dir());
    size_t len = read_file(src, buf, sizeof buf);
    damage(buf, &len);
    snprintf(dir, sizeof dir, "%s/fr/LC_MESSAGES", test_tmpdir());
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
    CHECK_INT_EQ(system(cmd), 0);
    snprintf(path, sizeof path, "%s/welkom.mo", dir);
    write_file(path, buf, len);

    struct i18n *i18n;
    CHECK_OK(i18n_open(test_tmpdir(), &i18n, err));
    CHECK_OK(i18n_set_language(i18n, "fr", err));
    CHECK_STR_EQ(tr(i18n, "Done"), "Done");
    CHECK_STR_EQ(countdown(i18n, 2), "Going back to the start in %d seconds.");
    i18n_close(i18n);
}

static void truncate_half(char *buf, size_t *len) { (void)buf; *len /= 2; }
static void bad_magic(char *buf, size_t *len) { (void)len; buf[0] ^= 0x5a; }
static void wild_offsets(char *buf, size_t *len)
{
    (void)len;
    /* The offset of the translation table points far past the end. */
    buf[16] = buf[17] = buf[18] = (char)0x7f;
}
static void empty(char *buf, size_t *len) { (void)buf; *len = 0; }

TEST(damaged_catalogs_fall_back_to_english)
{
    check_damaged_catalog(truncate_half);
    check_damaged_catalog(bad_magic);
    check_damaged_catalog(wild_offsets);
    check_damaged_catalog(empty);
}

TEST(missing_catalog_and_unknown_language)
{
    struct i18n *i18n;
    char err[WK_ERR_MAX];
    CHECK_OK(i18n_open(test_tmpdir(), &i18n, err));
    CHECK_OK(i18n_set_language(i18n, "ti", err));
    CHECK_STR_EQ(i18n_current(i18n)->code, "ti");
    CHECK_STR_EQ(tr(i18n, "Done"), "Done");
    CHECK_INT_EQ(i18n_set_language(i18n, "xx", err), WK_ENOTFOUND);
    CHECK(strstr(err, "xx") != NULL);
    CHECK_STR_EQ(i18n_current(i18n)->code, "ti");
    i18n_close(i18n);
}

TEST(tr_in_reads_another_language_without_switching)
{
    struct i18n *i18n = open_built();
    char err[WK_ERR_MAX];
    CHECK_OK(i18n_set_language(i18n, "nl", err));
    const char *nl = tr(i18n, "Done");
    const char *ti = tr_in(i18n, "ti", "Done");
    CHECK(strcmp(nl, ti) != 0);
    CHECK_STR_EQ(tr(i18n, "Done"), nl);
    CHECK_STR_EQ(i18n_current(i18n)->code, "nl");
    i18n_close(i18n);
}

/* Times, dates and counts in the digits a centre chose for Arabic or
 * Dari; a string that would not fit is left whole in Western digits; what
 * a resident types in either set comes back Western. */
TEST(digits_turn_native_and_back)
{
    char s[32] = "09:00\u201312:30, 5 left";
    CHECK_OK(i18n_native_digits(s, sizeof s, I18N_DIGITS_ARABIC_INDIC));
    CHECK_STR_EQ(s, "٠٩:٠٠\u2013١٢:٣٠, ٥ left");
    char t[16] = "10:45";
    CHECK_OK(i18n_native_digits(t, sizeof t, I18N_DIGITS_EXTENDED));
    CHECK_STR_EQ(t, "۱۰:۴۵");
    CHECK_OK(i18n_native_digits(t, sizeof t, I18N_DIGITS_WESTERN));
    CHECK_STR_EQ(t, "۱۰:۴۵");
    char tight[10] = "10:45";      /* four digits of two bytes, the colon, the NUL: 10 */
    CHECK_OK(i18n_native_digits(tight, sizeof tight, I18N_DIGITS_ARABIC_INDIC));
    char small[9] = "10:45";
    CHECK_INT_EQ(i18n_native_digits(small, sizeof small, I18N_DIGITS_ARABIC_INDIC), WK_EINVAL);
    CHECK_STR_EQ(small, "10:45");
    char typed[32] = "+٣٢ ۴۷۰ 12";
    i18n_western_digits(typed);
    CHECK_STR_EQ(typed, "+32 470 12");
    size_t len;
    CHECK_INT_EQ(i18n_digit_at("٧", &len), 7);
    CHECK_INT_EQ(len, 2);
    CHECK_INT_EQ(i18n_digit_at("ب", &len), -1);
    CHECK(i18n_digits_differ("K7Q-XM4", I18N_DIGITS_ARABIC_INDIC));
    CHECK(!i18n_digits_differ("KAQ-XMB", I18N_DIGITS_ARABIC_INDIC));
    CHECK(!i18n_digits_differ("K7Q-XM4", I18N_DIGITS_WESTERN));
    enum i18n_digits d;
    CHECK_OK(i18n_digits_parse("extended-arabic-indic", &d));
    CHECK_INT_EQ(d, I18N_DIGITS_EXTENDED);
    CHECK_INT_EQ(i18n_digits_parse("hindi", &d), WK_EINVAL);
}

TEST(each_language_separates_list_items_with_its_own_comma)
{
    static const struct { const char *code, *joined; } langs[] = {
        { "nl", "maandag, 10:00" }, { "en", "maandag, 10:00" }, { "fr", "maandag, 10:00" },
        { "so", "maandag, 10:00" }, { "tr", "maandag, 10:00" }, { "uk", "maandag, 10:00" },
        { "ru", "maandag, 10:00" },
        { "ar", "maandag\u060c 10:00" }, { "fa", "maandag\u060c 10:00" },
        { "ps", "maandag\u060c 10:00" }, { "ti", "maandag\u1363 10:00" },
    };
    size_t count;
    i18n_languages(&count);
    CHECK_INT_EQ(count, WK_ARRAY_LEN(langs));       /* every shipped language is here */
    for (size_t i = 0; i < WK_ARRAY_LEN(langs); i++) {
        char list[64] = "";
        CHECK_OK(i18n_list_append(list, sizeof list, langs[i].code, "maandag"));
        CHECK_STR_EQ(list, "maandag");              /* the first item stands alone */
        CHECK_OK(i18n_list_append(list, sizeof list, langs[i].code, "10:00"));
        CHECK_STR_EQ(list, langs[i].joined);
    }
    /* A language the firmware does not ship: the Latin comma. */
    CHECK_STR_EQ(i18n_list_separator("xx"), ", ");
    CHECK_STR_EQ(i18n_list_separator(NULL), ", ");
    /* What would not fit is not added, not cut: "يناير، 1" is no time. */
    char small[16] = "يناير";
    CHECK_INT_EQ(i18n_list_append(small, sizeof small, "ar", "14:00"), WK_EINVAL);
    CHECK_STR_EQ(small, "يناير");
    CHECK_OK(i18n_list_append(small, sizeof small, "ar", "14"));
    CHECK_STR_EQ(small, "يناير\u060c 14");
}
