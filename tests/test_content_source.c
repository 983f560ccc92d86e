/* test_content_source.c — what the staff console writes into its draft
 * (hub/content_source.c) is what welkomctl's reader gives back: texts with
 * line breaks, ';' and '#', Arabic, a text far over a line's 199 bytes;
 * what cannot be written so is refused with the reason, and nothing of
 * the file it would replace is lost. And the version bump of centre.ini
 * keeps the rest of the file, comments too. */
#include "test.h"
#include "../hub/content_source.h"
#include "../tools/welkomctl/welkomctl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void path_of(const char *name, char out[HUB_CONTENT_PATH_MAX])
{
    snprintf(out, HUB_CONTENT_PATH_MAX, "%s/%s", test_tmpdir(), name);
}

/* The file read back the builder's way; no problem reported. */
static void read_back(const char *path, struct ini_file *f)
{
    FILE *out = tmpfile();
    struct ctl_report r = { .out = out };
    CHECK_OK(ini_file_read(path, path, f, &r));
    CHECK_INT_EQ(r.errors, 0);
    fclose(out);
}

static const char *value_of(struct ini_file *f, const char *section, const char *key)
{
    struct ini_entry *e = ini_get(f, section, key);
    return e ? e->value : "(missing)";
}

TEST(content_values_come_back_as_they_were_written)
{
    char path[HUB_CONTENT_PATH_MAX], err[WK_ERR_MAX], long_text[4000] = "";
    for (int i = 0; i < 120; i++)
        strcat(long_text, i % 10 == 9 ? "#word ;x [y " : "word ");
    strcat(long_text, "end");
    const struct hub_content_entry e[] = {
        { "service", "category", "info" },
        { "service", "phone", "" },
        { "en", "title", "Legal help; lawyers # by appointment" },
        { "ar", "title", "معلومات عن إجراءات لجوئك" },
        { "en", "body", "First line\nsecond line\n\nafter a blank line" },
        { "en", "summary", long_text },
        { "field.name", "label.nl", "Wat is uw voornaam?" },
        { "exceptions", "2026-12-25", "closed" },
    };
    path_of("item.ini", path);
    CHECK_OK(hub_content_write(path, "item — a test", e, WK_ARRAY_LEN(e), err));
    struct ini_file f;
    read_back(path, &f);
    CHECK_INT_EQ((long)f.count, (long)WK_ARRAY_LEN(e));
    for (size_t i = 0; i < WK_ARRAY_LEN(e); i++)
        CHECK_STR_EQ(value_of(&f, e[i].section, e[i].key), e[i].value);
    ini_file_free(&f);
}

TEST(content_a_value_that_would_not_come_back_is_refused_and_the_file_stays)
{
    char path[HUB_CONTENT_PATH_MAX], err[WK_ERR_MAX], word[400];
    path_of("keep.ini", path);
    const struct hub_content_entry good[] = { { "en", "title", "Kept" } };
    CHECK_OK(hub_content_write(path, NULL, good, 1, err));
    memset(word, 'x', sizeof word - 1);
    word[sizeof word - 1] = '\0';
    const struct hub_content_entry bad[][2] = {
        { { "en", "title", "a\001b" }, { "en", "x", "" } },                 /* a control character */
        { { "en", "title", "\xff\xfe" }, { "en", "x", "" } },               /* not UTF-8 */
        { { "en]", "title", "x" }, { "en", "x", "" } },                     /* a section that closes early */
        { { "en", "title = x", "x" }, { "en", "x", "" } },                  /* a key with '=' */
        { { "en", "title", "a" }, { "en", "title", "b" } },                 /* a key twice */
        { { "en", "title", word }, { "en", "x", "" } },                     /* a word longer than a line */
    };
    for (size_t i = 0; i < WK_ARRAY_LEN(bad); i++) {
        err[0] = '\0';
        CHECK_INT_EQ(hub_content_write(path, NULL, bad[i], 2, err), WK_EINVAL);
        CHECK(err[0]);
    }
    struct ini_file f;
    read_back(path, &f);
    CHECK_STR_EQ(value_of(&f, "en", "title"), "Kept");
    ini_file_free(&f);
}

TEST(content_the_version_bump_keeps_the_rest_of_centre_ini)
{
    char path[HUB_CONTENT_PATH_MAX], err[WK_ERR_MAX], text[512];
    path_of("centre.ini", path);
    FILE *f = fopen(path, "w");
    fputs("# The centre.\n[bundle]\ncentre = Test\ncontent_version = 4\n# why 4\ncreated_at = x\n"
          "[settings]\ncontent_version_note = 1\n", f);
    fclose(f);
    CHECK_OK(hub_content_set_bundle(path, "content_version", "5", err));
    CHECK_INT_EQ(hub_content_set_bundle(path, "timezone", "Europe/Brussels", err), WK_EINVAL);
    f = fopen(path, "r");
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    CHECK_STR_EQ(text, "# The centre.\n[bundle]\ncentre = Test\ncontent_version = 5\n# why 4\ncreated_at = x\n"
                       "[settings]\ncontent_version_note = 1\n");
}
