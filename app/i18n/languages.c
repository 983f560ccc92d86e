/* languages.c — the table of languages the firmware ships UI strings for.
 * Adding a language is a locales/XX.po file plus one line here. The order
 * is the language picker's: the centre's own language first, then by how
 * many residents read it. */
#include "i18n.h"

#include <string.h>

static const struct i18n_language languages[] = {
    { "nl", "Nederlands", "Dutch", false },
    { "en", "English", "English", false },
    { "fr", "Français", "French", false },
    { "ar", "العربية", "Arabic", true },
    { "fa", "دری", "Dari", true },
    { "ps", "پښتو", "Pashto", true },
    { "ti", "ትግርኛ", "Tigrinya", false },
    { "so", "Soomaali", "Somali", false },
    { "tr", "Türkçe", "Turkish", false },
    { "uk", "Українська", "Ukrainian", false },
    { "ru", "Русский", "Russian", false },
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
