/* languages.c — the table of languages the firmware ships UI strings for.
 * Adding a language is a locales/XX.po file plus one line here. The order
 * is the language picker's: the centre's own language first, then by how
 * many residents read it. The English names are translated for "Shown in
 * English" under a text the centre has not translated. */
#include "i18n.h"

#include <string.h>

static const struct i18n_language languages[] = {
    { "nl", "Nederlands", N_("Dutch"), false },
    { "en", "English", N_("English"), false },
    { "fr", "Français", N_("French"), false },
    { "ar", "العربية", N_("Arabic"), true },
    { "fa", "دری", N_("Dari"), true },
    { "ps", "پښتو", N_("Pashto"), true },
    { "ti", "ትግርኛ", N_("Tigrinya"), false },
    { "so", "Soomaali", N_("Somali"), false },
    { "tr", "Türkçe", N_("Turkish"), false },
    { "uk", "Українська", N_("Ukrainian"), false },
    { "ru", "Русский", N_("Russian"), false },
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
