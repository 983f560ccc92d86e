/* shape.c — one run through HarfBuzz, by way of SDL2_ttf: every call sets
 * the font's direction and ISO 15924 script first (SDL_ttf keeps them per
 * font, and without them Arabic comes out as isolated letters), so the width
 * measured here is exactly the width rendered later. */
#include "text_internal.h"

static void set_run_props(TTF_Font *ttf, bool rtl, const char *script)
{
    TTF_SetFontDirection(ttf, rtl ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
    TTF_SetFontScriptName(ttf, script);
}

int shape_measure(struct text_ctx *ctx, int font, bool rtl, const char *script,
                  const char *utf8, int *width)
{
    TTF_Font *ttf = fonts_sized(ctx, font);
    set_run_props(ttf, rtl, script);
    ctx->stats.shaped_runs++;
    int w = 0, h = 0;
    if (TTF_SizeUTF8(ttf, utf8, &w, &h) != 0) {
        wk_log(WK_LOG_ERROR, "cannot measure a text run: %s", TTF_GetError());
        *width = 0;
        return WK_EFORMAT;
    }
    *width = w;
    return 0;
}

SDL_Surface *shape_render(struct text_ctx *ctx, int font, bool rtl, const char *script,
                          const char *utf8)
{
    TTF_Font *ttf = fonts_sized(ctx, font);
    set_run_props(ttf, rtl, script);
    ctx->stats.shaped_runs++;
    /* The ink colour is applied when compositing; only alpha is used. */
    SDL_Surface *s = TTF_RenderUTF8_Blended(ttf, utf8, (SDL_Color){ 255, 255, 255, 255 });
    if (!s)
        wk_log(WK_LOG_ERROR, "cannot render a text run: %s", TTF_GetError());
    return s;
}
