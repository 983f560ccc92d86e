/* plural.h — evaluates the Plural-Forms rule of a gettext catalog
 * ("nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : ...);"), the C-like
 * expression msgfmt copies verbatim into the .mo header. */
#ifndef I18N_PLURAL_H
#define I18N_PLURAL_H

#include "../core/wk.h"

/* The longest rule accepted; real ones are under 200 bytes. */
#define PLURAL_MAX_RULE 512

struct plural_rule {
    int nplurals;
    char expr[PLURAL_MAX_RULE];
};

/* Parses the Plural-Forms value out of a catalog header. A header without
 * one gets the Germanic rule (n != 1) with two forms. A malformed rule is
 * WK_EFORMAT with a message. */
int plural_parse_header(const char *header, struct plural_rule *out, char err[WK_ERR_MAX]);

/* The index of the plural form for n: always in [0, nplurals). */
int plural_index(const struct plural_rule *rule, unsigned long n);

#endif
