/* languages.c — the table of languages the firmware ships UI strings for.
 * Adding a language is a locales/XX.po file plus one line here. The order
 * is the language picker's: the centre's own language first, then by how
 * many residents read it. The English names are translated for "Shown in
 * English" under a text the centre has not translated. */
#include "i18n.h"

#include <string.h>

static const struct i18n_language languages[] = {
    /* TRANSLATORS: the English names of the languages, put into "Shown in %s" under
       a text the centre has not translated: use the form that fits there. */
    { "nl", "Nederlands", N_("Dutch"), false },
    /* TRANSLATORS: a language's name, as it fits into "Shown in %s". */
    { "en", "English", N_("English"), false },
    /* TRANSLATORS: a language's name, as it fits into "Shown in %s". */
    { "fr", "Français", N_("French"), false },
    /* TRANSLATORS: a language's name, as it fits into "Shown in %s". */
    { "ar", "العربية", N_("Arabic"), true },
    /* TRANSLATORS: a language's name, as it fits into "Shown in %s". */
    { "fa", "دری", N_("Dari"), true },
    /* TRANSLATORS: a language's name, as it fits into "Shown in %s". */
    { "ps", "پښتو", N_("Pashto"), true },
    /* TRANSLATORS: a language's name, as it fits into "Shown in %s". */
    { "ti", "ትግርኛ", N_("Tigrinya"), false },
    /* TRANSLATORS: a language's name, as it fits into "Shown in %s". */
    { "so", "Soomaali", N_("Somali"), false },
    /* TRANSLATORS: a language's name, as it fits into "Shown in %s". */
    { "tr", "Türkçe", N_("Turkish"), false },
    /* TRANSLATORS: a language's name, as it fits into "Shown in %s". */
    { "uk", "Українська", N_("Ukrainian"), false },
    /* TRANSLATORS: a language's name, as it fits into "Shown in %s". */
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
