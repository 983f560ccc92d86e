/* draw.h — draws a struct ui_frame onto an SDL_Renderer. Both backends and
 * the screenshot path use this one code, so a screenshot is the picture the
 * window shows. Private to platform/. */
#ifndef DRAW_H
#define DRAW_H

#include <SDL.h>
#include "../../app/core/wk.h"
#include "../../app/ui/frame.h"

struct text_ctx;
struct draw;

struct draw_config {
    SDL_Renderer *renderer;
    struct text_ctx *text;       /* NULL: text commands are skipped */
    const char *assets_dir;      /* holds pictograms/NAME.svg */
    /* Keep text textures in the text cache's texture slot (the renderer
     * that shows frames). A one-off renderer (screenshots) says false and
     * makes a texture per text per frame instead. */
    bool cache_text_textures;
};

int draw_create(const struct draw_config *config, struct draw **out, char err[WK_ERR_MAX]);
/* Destroys every texture this drawer made, including those still held in
 * the text cache's slots, which are left empty for a later drawer. */
void draw_destroy(struct draw *draw);

/* Draws the whole frame onto the renderer's current target, starting with
 * the background; does not present. Leaves no clip rect set. */
void draw_frame(struct draw *draw, const struct ui_frame *frame);

/* A filled rectangle with rounded corners (radius 0 = square) and an
 * optional border drawn inside it. Colours are 0xRRGGBBAA. */
void draw_round_rect(SDL_Renderer *renderer, const struct ui_rect *rect, int radius,
                     uint32_t fill, uint32_t border, int border_width);

/* Draws frame with a fresh software renderer into an ARGB8888 surface of
 * the frame's size and writes it as a PNG. */
int draw_screenshot(const struct ui_frame *frame, struct text_ctx *text,
                    const char *assets_dir, const char *png_path, char err[WK_ERR_MAX]);

/* IMG_SavePNG with a message naming the path. */
int draw_save_png(SDL_Surface *surface, const char *png_path, char err[WK_ERR_MAX]);

/* The pictogram cache (picto.c), used by draw_frame. */
struct picto_cache;
struct picto_cache *picto_cache_create(SDL_Renderer *renderer, const char *assets_dir);
void picto_cache_destroy(struct picto_cache *cache);
void picto_draw(struct picto_cache *cache, const struct ui_cmd *cmd);
/* Marks a frame boundary for least-recently-used eviction. */
void picto_end_frame(struct picto_cache *cache);

#endif
