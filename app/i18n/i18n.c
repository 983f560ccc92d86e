/* i18n.c — the current UI language and the catalogs behind it. Catalogs load
 * on first use and stay loaded (eleven catalogs are a few dozen KiB). A
 * language whose catalog is missing or broken is logged once and speaks
 * English, so a bad translation file never leaves a resident without text. */
#include "i18n.h"
#include "catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define I18N_MAX_LANGUAGES 32
#define I18N_DOMAIN "welkom"

struct loaded {
    const struct i18n_language *language;
    struct catalog *catalog;     /* NULL: English strings (missing or broken) */
};

struct i18n {
    char *locale_dir;
    struct loaded loaded[I18N_MAX_LANGUAGES];
    size_t loaded_count;
    const struct i18n_language *current;
    const struct catalog *current_catalog;
};

int i18n_open(const char *locale_dir, struct i18n **out, char err[WK_ERR_MAX])
{
    struct i18n *i18n = wk_calloc(1, sizeof *i18n);
    if (!i18n || !(i18n->locale_dir = wk_strdup(locale_dir))) {
        free(i18n);
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    i18n->current = i18n_find_language(I18N_SOURCE_LANGUAGE);
    *out = i18n;
    return 0;
}

void i18n_close(struct i18n *i18n)
{
    if (!i18n)
        return;
    for (size_t i = 0; i < i18n->loaded_count; i++)
        catalog_free(i18n->loaded[i].catalog);
    free(i18n->locale_dir);
    free(i18n);
}

/* The catalog of a language, loading it the first time it is asked for. */
static const struct catalog *catalog_for(struct i18n *i18n, const struct i18n_language *lang)
{
    for (size_t i = 0; i < i18n->loaded_count; i++)
        if (i18n->loaded[i].language == lang)
            return i18n->loaded[i].catalog;
    if (i18n->loaded_count == I18N_MAX_LANGUAGES)
        return NULL;
    char path[1024], err[WK_ERR_MAX] = "";
    struct catalog *cat = NULL;
    snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/%s.mo", i18n->locale_dir, lang->code,
             I18N_DOMAIN);
    int rc = catalog_load(path, &cat, err);
    if (rc && strcmp(lang->code, I18N_SOURCE_LANGUAGE) != 0)
        wk_log(WK_LOG_WARN, "no usable translation for %s (%s); showing English: %s",
               lang->english, lang->code, err);
    i18n->loaded[i18n->loaded_count++] = (struct loaded){ lang, cat };
    return cat;
}

int i18n_set_language(struct i18n *i18n, const char *code, char err[WK_ERR_MAX])
{
    const struct i18n_language *lang = i18n_find_language(code);
    if (!lang) {
        wk_seterr(err, "unknown language code \"%s\"", code ? code : "(none)");
        return WK_ENOTFOUND;
    }
    i18n->current = lang;
    i18n->current_catalog = catalog_for(i18n, lang);
    return 0;
}

const struct i18n_language *i18n_current(const struct i18n *i18n) { return i18n->current; }

const char *tr(struct i18n *i18n, const char *msgid)
{
    const char *s = i18n->current_catalog ? catalog_get(i18n->current_catalog, msgid) : NULL;
    return s ? s : msgid;
}

const char *trn(struct i18n *i18n, const char *msgid, const char *msgid_plural, unsigned long n)
{
    const char *s = i18n->current_catalog ? catalog_nget(i18n->current_catalog, msgid, n) : NULL;
    return s ? s : n == 1 ? msgid : msgid_plural;
}

const char *tr_in(struct i18n *i18n, const char *code, const char *msgid)
{
    const struct i18n_language *lang = i18n_find_language(code);
    const struct catalog *cat = lang ? catalog_for(i18n, lang) : NULL;
    const char *s = cat ? catalog_get(cat, msgid) : NULL;
    return s ? s : msgid;
}
