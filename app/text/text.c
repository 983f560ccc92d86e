/* text.c — the public face of the text engine (text.h, text_render.h):
 * opening and closing it, resolving style defaults, and answering measure
 * and render requests from the cache. */
#include "text_internal.h"

#include <linebreak.h>
#include <stdlib.h>

#define TEXT_DEFAULT_LANG "en"

struct text_style text_style_resolve(const struct text_style *style)
{
    struct text_style s = style ? *style : (struct text_style){ 0 };
    if (s.size <= 0)
        s.size = TEXT_DEFAULT_SIZE;
    s.size = WK_CLAMP(s.size, TEXT_MIN_SIZE, TEXT_MAX_SIZE);
    if (s.color == 0)
        s.color = TEXT_DEFAULT_COLOR;
    if (!s.lang || !s.lang[0])
        s.lang = TEXT_DEFAULT_LANG;
    if (s.max_width < 0)
        s.max_width = 0;
    if (s.max_lines < 0)
        s.max_lines = 0;
    if (s.align != TEXT_ALIGN_CENTER && s.align != TEXT_ALIGN_END)
        s.align = TEXT_ALIGN_START;
    return s;
}

int text_open(const struct text_config *config, struct text_ctx **out, char err[WK_ERR_MAX])
{
    *out = NULL;
    if (!config || !config->fonts_dir) {
        wk_seterr(err, "no fonts directory given");
        return WK_EINVAL;
    }
    if (TTF_Init() != 0) {
        wk_seterr(err, "cannot start SDL_ttf: %s", TTF_GetError());
        return WK_EUNSUPPORTED;
    }
    init_linebreak();
    int rc = WK_ENOMEM;
    struct text_ctx *ctx = wk_calloc(1, sizeof *ctx);
    if (!ctx) {
        wk_seterr(err, "out of memory");
        goto out;
    }
    size_t budget = config->cache_budget_bytes ? config->cache_budget_bytes
                                               : TEXT_DEFAULT_CACHE_BYTES;
    if ((rc = cache_init(&ctx->cache, budget))) {
        wk_seterr(err, "out of memory");
        goto out;
    }
    if ((rc = fonts_open(ctx, config->fonts_dir, err)))
        goto out;
    rc = 0;
out:
    if (rc) {
        if (ctx) {
            fonts_close(ctx);
            free(ctx->cache.buckets);
            free(ctx);
        }
        TTF_Quit();
        return rc;
    }
    *out = ctx;
    return 0;
}

void text_close(struct text_ctx *ctx)
{
    if (!ctx)
        return;
    cache_free(ctx);
    fonts_close(ctx);
    free(ctx);
    TTF_Quit();
}

int text_measure(struct text_ctx *ctx, const char *utf8, const struct text_style *style,
                 struct text_metrics *out)
{
    *out = (struct text_metrics){ 0 };
    if (!ctx || !utf8)
        return WK_EINVAL;
    struct text_style s = text_style_resolve(style);
    struct text_cache_entry *e;
    int rc = cache_lookup(ctx, utf8, &s, &e);
    if (rc)
        return rc;
    *out = cache_entry_layout(e)->metrics;
    return 0;
}

struct text_image *text_render(struct text_ctx *ctx, const char *utf8,
                               const struct text_style *style)
{
    if (!ctx || !utf8)
        return NULL;
    struct text_style s = text_style_resolve(style);
    struct text_cache_entry *e;
    int rc = cache_lookup(ctx, utf8, &s, &e);
    if (rc) {
        wk_log(WK_LOG_ERROR, "cannot lay out text: %s", wk_strerror(rc));
        return NULL;
    }
    return cache_entry_image(ctx, e, &s);
}

const struct text_layout *text_layout_of(struct text_ctx *ctx, const char *utf8,
                                         const struct text_style *style)
{
    struct text_style s = text_style_resolve(style);
    struct text_cache_entry *e;
    if (cache_lookup(ctx, utf8, &s, &e))
        return NULL;
    return cache_entry_layout(e);
}

void text_end_frame(struct text_ctx *ctx)
{
    cache_evict(ctx);
    ctx->frame++;
}

void text_get_stats(const struct text_ctx *ctx, struct text_stats *out)
{
    *out = ctx->stats;
    out->cache_bytes = ctx->cache.bytes;
    out->cache_entries = ctx->cache.entries;
    out->screen_bytes_peak = ctx->cache.screen_bytes_peak;
}

void text_set_texture_free(struct text_ctx *ctx, void (*free_texture)(void *texture, bool wipe))
{
    ctx->free_texture = free_texture;
}
