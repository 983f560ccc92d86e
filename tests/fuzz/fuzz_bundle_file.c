/* fuzz_bundle_file.c — any bytes as a bundle file. Each input is written
 * as bundle.db, signed with the test key (an unsigned file stops at the
 * signature, which is not what is tested here) and opened as the kiosk
 * opens one: SQLite must refuse whatever is not a sound database, and
 * the loader whatever is not a welkom bundle, with a message and no
 * crash; what opens is read in every language. The seeds are the demo
 * bundle and small valid ones; libFuzzer cuts and flips them. */
#include "fuzz.h"

#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[FUZZ_PATH_BYTES];
    if (!path[0]) {
        fuzz_quiet();
        snprintf(path, sizeof path, "%s/bundle.db", fuzz_tmpdir());
    }
    fuzz_write(path, data, size);
    fuzz_sign(path, data, size);
    struct content *c = NULL;
    char err[WK_ERR_MAX] = "";
    if (content_open(path, fuzz_keys(), &c, err) == 0) {
        fuzz_walk_content(c);
        content_close(c);
    }
    return 0;
}
