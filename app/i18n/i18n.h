/* i18n.h — the UI strings of the kiosk in the resident's language. Strings
 * are written in English in the code (tr(ctx, "Done")), translated in
 * locales/XX.po and compiled by msgfmt into XX/LC_MESSAGES/welkom.mo, which
 * this module reads. The language switches per resident session without a
 * restart, and several languages can be asked at once (the attract screen
 * shows "Touch to start" in all of them). */
#ifndef I18N_H
#define I18N_H

#include "../core/wk.h"

struct i18n;

/* One language the kiosk can speak, as the language picker lists it. */
struct i18n_language {
    const char *code;        /* ISO 639-1: "ar", "ti" ("fa" is Dari here) */
    const char *endonym;     /* its own name in its own script */
    const char *english;     /* its name in English, for logs and docs */
    bool rtl;                /* written right to left */
    /* Between the items of a list, and between a day and its time: the
     * script's own comma and a space ("، " in Arabic script, "፣ " in
     * Ethiopic). */
    const char *list_separator;
};

/* The languages this firmware ships UI strings for, in the picker's order. */
const struct i18n_language *i18n_languages(size_t *count);
const struct i18n_language *i18n_find_language(const char *code);

#define I18N_SOURCE_LANGUAGE "en"

/* The list separator of the language code (its own comma and a space);
 * ", " for a code the firmware does not ship or NULL. */
const char *i18n_list_separator(const char *code);
/* Appends item to the list in out (a NUL-terminated string, "" for an
 * empty list), after the separator of the language code when out is not
 * empty: "يناير" + "14:00" is "يناير، 14:00". Whole or not at all: when
 * the result would not fit in size bytes, WK_EINVAL and out is as it was. */
int i18n_list_append(char *out, size_t size, const char *code, const char *item);

/* locale_dir holds XX/LC_MESSAGES/welkom.mo. Catalogs load on first use. */
int i18n_open(const char *locale_dir, struct i18n **out, char err[WK_ERR_MAX]);
void i18n_close(struct i18n *i18n);

/* Switches the UI language. An unknown code is WK_ENOTFOUND and leaves the
 * language as it was; a missing or broken catalog is logged once and that
 * language shows English strings (status 0: the switch happened). */
int i18n_set_language(struct i18n *i18n, const char *code, char err[WK_ERR_MAX]);
const struct i18n_language *i18n_current(const struct i18n *i18n);

/* The translation of msgid in the current language, or msgid itself. */
const char *tr(struct i18n *i18n, const char *msgid);
/* The plural form for n, chosen by the catalog's Plural-Forms rule. */
const char *trn(struct i18n *i18n, const char *msgid, const char *msgid_plural, unsigned long n);
/* The translation in a given language, without switching. */
const char *tr_in(struct i18n *i18n, const char *code, const char *msgid);

/* Marks a string for translation where it is defined, not where shown. */
#define N_(msgid) (msgid)

#endif
