/* languages.c — the table of languages the firmware ships UI strings for.
 * Adding a language is a locales/XX.po file plus one line here. The order
 * is the language picker's: the centre's own language first, then by how
 * many residents read it. The English names are translated for "Shown in
 * English" under a text the centre has not translated. */
#include "i18n.h"

#include <stdio.h>
#include <string.h>

#define LATIN_COMMA ", "
#define ARABIC_COMMA "\u060c "     /* ، */
#define ETHIOPIC_COMMA "\u1363 "   /* ፣ */

static const struct i18n_language languages[] = {
    /* TRANSLATORS: the English names of the languages, put into "Shown in %s" under
       a text the centre has not translated: use the form that fits there. */
    { "nl", "Nederlands", N_("Dutch"), false, LATIN_COMMA },
    /* TRANSLATORS: a language's name, as it fits into "Shown in %s". */
    { "en", "English", N_("English"), false, LATIN_COMMA },
    /* TRANSLATORS: a language's name, as it fits into "Shown in %s". */
    { "fr", "Français", N_("French"), false, LATIN_COMMA },
    /* TRANSLATORS: a language's name, as it fits into "Shown in %s". */
    { "ar", "العربية", N_("Arabic"), true, ARABIC_COMMA },
    /* TRANSLATORS: a language's name, as it fits into "Shown in %s". */
    { "fa", "دری", N_("Dari"), true, ARABIC_COMMA },
    /* TRANSLATORS: a language's name, as it fits into "Shown in %s". */
    { "ps", "پښتو", N_("Pashto"), true, ARABIC_COMMA },
    /* TRANSLATORS: a language's name, as it fits into "Shown in %s". */
    { "ti", "ትግርኛ", N_("Tigrinya"), false, ETHIOPIC_COMMA },
    /* TRANSLATORS: a language's name, as it fits into "Shown in %s". */
    { "so", "Soomaali", N_("Somali"), false, LATIN_COMMA },
    /* TRANSLATORS: a language's name, as it fits into "Shown in %s". */
    { "tr", "Türkçe", N_("Turkish"), false, LATIN_COMMA },
    /* TRANSLATORS: a language's name, as it fits into "Shown in %s". */
    { "uk", "Українська", N_("Ukrainian"), false, LATIN_COMMA },
    /* TRANSLATORS: a language's name, as it fits into "Shown in %s". */
    { "ru", "Русский", N_("Russian"), false, LATIN_COMMA },
};

const struct i18n_language *i18n_languages(size_t *count)
{
    *count = WK_ARRAY_LEN(languages);
    return languages;
}

const struct i18n_language *i18n_find_language(const char *code)
{
    for (size_t i = 0; code && i < WK_ARRAY_LEN(languages); i++)
        if (strcmp(languages[i].code, code) == 0)
            return &languages[i];
    return NULL;
}

const char *i18n_list_separator(const char *code)
{
    const struct i18n_language *l = i18n_find_language(code);
    return l ? l->list_separator : LATIN_COMMA;
}

int i18n_list_append(char *out, size_t size, const char *code, const char *item)
{
    if (!out || size == 0 || !item)
        return WK_EINVAL;
    size_t len = strnlen(out, size);
    const char *sep = len ? i18n_list_separator(code) : "";
    if (len >= size || len + strlen(sep) + strlen(item) + 1 > size)
        return WK_EINVAL;
    snprintf(out + len, size - len, "%s%s", sep, item);
    return 0;
}
