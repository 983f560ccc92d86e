/* json_wipe.h — cJSON allocating through wk_malloc (so the allocation
 * seam covers it) with hooks that wipe every block it frees, for the
 * processes whose JSON holds what residents typed: the kiosk sealing a
 * submission (app/kiosk/submit.c) and welkomctl opening them
 * (tools/welkomctl/export.c); welkom-hub installs them too. */
#ifndef WK_JSON_WIPE_H
#define WK_JSON_WIPE_H

#include "wk.h"

/* Once per process, before the first cJSON call: from then on cJSON's
 * memory (trees and printed text alike, through cJSON_free) is zeroed
 * when it is freed. */
void wk_json_wipe_install(void);

#endif
