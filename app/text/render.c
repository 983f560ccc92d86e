/* render.c — a layout rasterised into one ARGB8888 surface with straight
 * alpha: each run rendered by SDL_ttf (shaped again there, with the same
 * direction and script as when measured), placed on its line so that all
 * fonts share one baseline, and lines aligned inside the block. Runs are
 * combined with "over" on coverage, so touching glyphs of two runs do not
 * cut into each other. */
#include "text_internal.h"

#include <sodium.h>

/* Where a line of width lw starts inside a block of width bw. */
static int line_left(const struct text_style *style, int bw, int lw)
{
    switch (style->align) {
    case TEXT_ALIGN_CENTER: return (bw - lw) / 2;
    case TEXT_ALIGN_END: return style->rtl ? 0 : bw - lw;
    case TEXT_ALIGN_START:
    default: return style->rtl ? bw - lw : 0;
    }
}

/* Adds the coverage (alpha) of a rendered run into dst at (x, y), with the
 * ink colour rgb. */
static void composite(SDL_Surface *dst, SDL_Surface *src, int x, int y, uint32_t rgb)
{
    for (int sy = 0; sy < src->h; sy++) {
        int dy = y + sy;
        if (dy < 0 || dy >= dst->h)
            continue;
        const uint32_t *sp = (const uint32_t *)((const uint8_t *)src->pixels + sy * src->pitch);
        uint32_t *dp = (uint32_t *)((uint8_t *)dst->pixels + dy * dst->pitch);
        for (int sx = 0; sx < src->w; sx++) {
            int dx = x + sx;
            uint32_t a = sp[sx] >> 24;
            if (a == 0 || dx < 0 || dx >= dst->w)
                continue;
            uint32_t d = dp[dx] >> 24;
            uint32_t out = a + d * (255 - a) / 255;
            dp[dx] = (out << 24) | rgb;
        }
    }
}

/* The final alpha is coverage times the colour's alpha. */
static void apply_alpha(SDL_Surface *s, uint32_t alpha)
{
    if (alpha == 255)
        return;
    for (int y = 0; y < s->h; y++) {
        uint32_t *p = (uint32_t *)((uint8_t *)s->pixels + y * s->pitch);
        for (int x = 0; x < s->w; x++) {
            uint32_t a = (p[x] >> 24) * alpha / 255;
            p[x] = (a << 24) | (p[x] & 0xffffffu);
        }
    }
}

void text_free_surface(SDL_Surface *s, bool wipe)
{
    /* The pixels of a typed answer show it as plainly as its bytes. */
    if (s && wipe && !SDL_LockSurface(s)) {
        sodium_memzero(s->pixels, (size_t)s->pitch * (size_t)s->h);
        SDL_UnlockSurface(s);
    }
    SDL_FreeSurface(s);
}

int layout_render(struct text_ctx *ctx, const struct text_layout *layout,
                  const struct text_style *style, SDL_Surface **out)
{
    const struct text_metrics *m = &layout->metrics;
    *out = NULL;
    if (m->width <= 0 || m->height <= 0)
        return 0;
    SDL_Surface *dst = SDL_CreateRGBSurfaceWithFormat(0, m->width, m->height, 32,
                                                      SDL_PIXELFORMAT_ARGB8888);
    if (!dst) {
        wk_log(WK_LOG_ERROR, "cannot allocate a %dx%d text surface: %s", m->width, m->height,
               SDL_GetError());
        return WK_ENOMEM;
    }
    SDL_memset(dst->pixels, 0, (size_t)dst->pitch * (size_t)dst->h);
    uint32_t rgb = style->color >> 8;
    for (int i = 0; i < layout->line_count; i++) {
        const struct text_line *ln = &layout->lines[i];
        int left = line_left(style, m->width, ln->width);
        int baseline = ln->y + ln->ascent;
        for (int r = ln->first_run; r < ln->first_run + ln->run_count; r++) {
            const struct text_run *run = &layout->runs[r];
            SDL_Surface *s = shape_render(ctx, run->font, run->rtl, run->script,
                                          layout->pool + run->text);
            if (!s) {
                text_free_surface(dst, style->secret);
                return WK_ENOMEM;
            }
            composite(dst, s, left + run->x, baseline - ctx->fonts[run->font].ascent, rgb);
            text_free_surface(s, style->secret);
        }
    }
    apply_alpha(dst, style->color & 0xffu);
    ctx->stats.renders++;
    *out = dst;
    return 0;
}
