/* fuzz_catalog.c — the translation catalogs the kiosk reads
 * (app/i18n/catalog.c: GNU .mo files, with the Plural-Forms rule of
 * their header, app/i18n/plural.c). Each input is written as a .mo file
 * and loaded; what loads is asked for a few msgids (real ones and odd ones) and for
 * plural forms of numbers small and huge. The seeds are the catalogs
 * msgfmt makes of locales/. */
#include "fuzz.h"
#include "../../app/i18n/catalog.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[FUZZ_PATH_BYTES];
    static const char *const asked[] = { "", "Dutch", "English", "%d day",
                                         "Tigrinya", "\xff\xfe", "Dutch\nEnglish" };
    static const unsigned long numbers[] = { 0, 1, 2, 3, 4, 5, 11, 21, 100, 101, 111, 1000000,
                                             ULONG_MAX };
    if (!path[0]) {
        fuzz_quiet();
        snprintf(path, sizeof path, "%s/welkom.mo", fuzz_tmpdir());
    }
    fuzz_write(path, data, size);
    struct catalog *cat = NULL;
    char err[WK_ERR_MAX] = "";
    if (catalog_load(path, &cat, err))
        return 0;
    volatile size_t sum = 0;
    for (size_t i = 0; i < sizeof asked / sizeof *asked; i++) {
        const char *t = catalog_get(cat, asked[i]);
        sum += t ? strlen(t) : 0;
        for (size_t j = 0; j < sizeof numbers / sizeof *numbers; j++) {
            t = catalog_nget(cat, asked[i], numbers[j]);
            sum += t ? strlen(t) : 0;
        }
    }
    (void)sum;
    catalog_free(cat);
    return 0;
}
