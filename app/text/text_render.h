/* text_render.h — the platform's side of the text engine: rendered text as
 * SDL surfaces. Only platform/ and app/text/ include this (it pulls in SDL). */
#ifndef TEXT_RENDER_H
#define TEXT_RENDER_H

#include <SDL.h>
#include "text.h"

/* A rendered text block: an ARGB8888 surface with straight alpha, as wide as
 * the widest line (metrics.width x metrics.height); lines are aligned inside
 * it per style->align. The `texture` slot belongs to the platform (it caches
 * an SDL_Texture there) and is released through the callback given to
 * text_set_texture_free() when the entry is evicted. Once the platform has
 * made its texture it calls text_image_textured(), and the surface goes:
 * the pixels are held once, not twice; text_image_pixels() renders them
 * again if another drawer needs them. */
struct text_image {
    SDL_Surface *surface;
    struct text_metrics metrics;
    void *texture;
};

/* Renders utf8 (or finds it in the cache). The image belongs to the cache
 * and stays valid until the next text_end_frame(). Returns NULL only when
 * rendering is impossible (out of memory); the reason is logged. An empty
 * string gives an image with a NULL surface and zero width. */
struct text_image *text_render(struct text_ctx *ctx, const char *utf8,
                               const struct text_style *style);

/* The image's surface, rendered again from its layout if the pixels were
 * handed over to a texture. NULL for an empty text or out of memory. */
SDL_Surface *text_image_pixels(struct text_ctx *ctx, struct text_image *image);

/* Says a texture now holds the image's pixels (in its `texture` slot): the
 * surface is freed (wiped first if the text is secret). */
void text_image_textured(struct text_ctx *ctx, struct text_image *image);


/* wipe: the texture shows a resident's answer (style.secret), so its
 * pixels are zeroed before it is destroyed. */
void text_set_texture_free(struct text_ctx *ctx, void (*free_texture)(void *texture, bool wipe));

#endif
