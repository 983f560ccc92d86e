/* catalog.h — one compiled gettext catalog (a .mo file written by msgfmt),
 * read whole into memory and checked so that a truncated or corrupt file is
 * refused with a reason instead of crashing the kiosk. */
#ifndef I18N_CATALOG_H
#define I18N_CATALOG_H

#include "plural.h"

/* A UI catalog is a few KiB; anything past this is not ours. */
#define CATALOG_MAX_BYTES (4u * 1024u * 1024u)

struct catalog;

int catalog_load(const char *path, struct catalog **out, char err[WK_ERR_MAX]);
void catalog_free(struct catalog *cat);

/* The translation of msgid, or NULL when the catalog has none. */
const char *catalog_get(const struct catalog *cat, const char *msgid);
/* The plural form for n, or NULL when the catalog has none. */
const char *catalog_nget(const struct catalog *cat, const char *msgid, unsigned long n);

#endif
