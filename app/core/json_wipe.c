/* json_wipe.c — the cJSON hooks of json_wipe.h: each allocation carries
 * its size in front, so free can wipe it (sodium_memzero, which the
 * compiler may not optimise away) before giving it back. */
#include "json_wipe.h"

#include <cjson/cJSON.h>
#include <sodium.h>

static void *wiping_malloc(size_t size)
{
    size_t *p = wk_malloc(sizeof(size_t) + size);
    if (!p)
        return NULL;
    *p = size;
    return p + 1;
}

static void wiping_free(void *ptr)
{
    if (!ptr)
        return;
    size_t *p = (size_t *)ptr - 1;
    sodium_memzero(ptr, *p);
    wk_free(p);
}

void wk_json_wipe_install(void)
{
    cJSON_InitHooks(&(cJSON_Hooks){ .malloc_fn = wiping_malloc, .free_fn = wiping_free });
}
