/* draw.c — walks a struct ui_frame and draws it with an SDL_Renderer:
 * background, rectangles (rounded corners as triangle fans through
 * SDL_RenderGeometry, borders inside the rect), text blocks rendered by the
 * text engine, pictograms (picto.c), QR codes (qr.c) and clip rects.
 * Colours are 0xRRGGBBAA with straight alpha, blended the same way by the
 * software and the GLES2 renderer. */
#include "draw.h"
#include "qr.h"
#include "../../app/text/text_render.h"

#include <SDL_image.h>
#include <math.h>
#include <stdlib.h>

/* Rounded corners: one segment per ROUND_PX_PER_SEGMENT pixels of radius,
 * within these bounds — smooth at 40 px radius, cheap at 4 px. */
#define ROUND_PX_PER_SEGMENT 2
#define ROUND_SEGMENTS_MIN 3
#define ROUND_SEGMENTS_MAX 16
#define ROUND_MAX_POINTS (4 * (ROUND_SEGMENTS_MAX + 1))
#define DRAW_PI 3.14159265358979323846f
#define ROUND_SNAP_EPSILON 1e-5f

/* A text texture living in a text cache entry's `texture` slot. The slot
 * outlives any one drawer (the text engine may be closed after the
 * platform, or reused by the next one in tests), so the slot holds this
 * wrapper: the drawer that made the texture keeps a list of its wrappers
 * and empties them when it goes, and the text engine frees the wrapper
 * through free_text_texture() when it evicts the entry. */
struct text_tex {
    SDL_Texture *texture;
    struct draw *owner;          /* NULL: orphaned, the next drawer adopts it */
    struct text_tex *prev, *next;
};

struct draw {
    SDL_Renderer *renderer;
    struct text_ctx *text;
    bool cache_text_textures;
    struct text_tex *text_textures;  /* list of wrappers this drawer filled */
    struct picto_cache *pictos;
    struct qr_cache *qrs;
    bool warned_no_text;
};

static SDL_Color to_sdl_color(uint32_t rgba)
{
    return (SDL_Color){ (Uint8)(rgba >> 24), (Uint8)(rgba >> 16), (Uint8)(rgba >> 8),
                        (Uint8)rgba };
}

static void set_color(SDL_Renderer *renderer, uint32_t rgba)
{
    SDL_Color c = to_sdl_color(rgba);
    SDL_SetRenderDrawColor(renderer, c.r, c.g, c.b, c.a);
}

/* An opaque fill needs no blending: the software renderer then copies
 * instead of mixing every pixel, several times faster on large areas. */
static void fill_rect(SDL_Renderer *renderer, int x, int y, int w, int h, uint32_t rgba)
{
    if (w <= 0 || h <= 0 || (rgba & 0xff) == 0)
        return;
    set_color(renderer, rgba);
    bool opaque = (rgba & 0xff) == 0xff;
    if (opaque)
        SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_NONE);
    SDL_RenderFillRect(renderer, &(SDL_Rect){ x, y, w, h });
    if (opaque)
        SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_BLEND);
}

/* sinf(pi) is not 0 in floats. The arcs' end points must sit exactly on
 * the straight edges, or the software renderer, which draws axis-aligned
 * pairs of triangles as rects, truncates a 89.999998 to 89 and leaves a
 * one-pixel gap in a border. */
static float snap(float v)
{
    return fabsf(v) < ROUND_SNAP_EPSILON ? 0.0f : v;
}

/* The outline of a rounded rect, clockwise on screen from the left end of
 * the top-left arc, segments + 1 points per corner. Radius 0 repeats the
 * corner point, so inner and outer outlines always pair up point by point. */
static int rounded_outline(float x, float y, float w, float h, float r, int segments,
                           SDL_FPoint *points)
{
    const float cx[4] = { x + r, x + w - r, x + w - r, x + r };
    const float cy[4] = { y + r, y + r, y + h - r, y + h - r };
    int n = 0;
    for (int corner = 0; corner < 4; corner++) {
        for (int i = 0; i <= segments; i++) {
            float a = DRAW_PI * (1.0f + 0.5f * (float)corner + 0.5f * (float)i / (float)segments);
            points[n++] = (SDL_FPoint){ cx[corner] + r * snap(cosf(a)),
                                        cy[corner] + r * snap(sinf(a)) };
        }
    }
    return n;
}

static SDL_Vertex vertex(SDL_FPoint p, SDL_Color c)
{
    return (SDL_Vertex){ .position = p, .color = c };
}

/* The band between two outlines of the same point count; closed = the
 * last point joins the first. */
static void fill_ring(SDL_Renderer *renderer, const SDL_FPoint *outer, const SDL_FPoint *inner,
                      int n, bool closed, SDL_Color c)
{
    SDL_Vertex verts[2 * ROUND_MAX_POINTS];
    int indices[6 * ROUND_MAX_POINTS];
    int quads = closed ? n : n - 1;
    for (int i = 0; i < n; i++) {
        verts[2 * i] = vertex(outer[i], c);
        verts[2 * i + 1] = vertex(inner[i], c);
    }
    for (int i = 0; i < quads; i++) {
        int j = (i + 1) % n;
        int *t = &indices[6 * i];
        t[0] = 2 * i; t[1] = 2 * j; t[2] = 2 * i + 1;
        t[3] = 2 * i + 1; t[4] = 2 * j; t[5] = 2 * j + 1;
    }
    SDL_RenderGeometry(renderer, NULL, verts, 2 * n, indices, 6 * quads);
}

/* A rounded rect's area: three plain rects for the cross and a fan for
 * each corner. Large cards cost what rects cost; only the corners go
 * through the (slow, in software) triangle rasteriser. */
static void fill_rounded(SDL_Renderer *renderer, int x, int y, int w, int h, int r,
                         const SDL_FPoint *outline, int segments, uint32_t rgba)
{
    if ((rgba & 0xff) == 0)
        return;
    fill_rect(renderer, x, y + r, w, h - 2 * r, rgba);
    fill_rect(renderer, x + r, y, w - 2 * r, r, rgba);
    fill_rect(renderer, x + r, y + h - r, w - 2 * r, r, rgba);
    const SDL_FPoint centres[4] = {
        { (float)(x + r), (float)(y + r) }, { (float)(x + w - r), (float)(y + r) },
        { (float)(x + w - r), (float)(y + h - r) }, { (float)(x + r), (float)(y + h - r) } };
    SDL_Color c = to_sdl_color(rgba);
    for (int corner = 0; corner < 4; corner++) {
        SDL_Vertex verts[ROUND_SEGMENTS_MAX + 2];
        int indices[3 * ROUND_SEGMENTS_MAX];
        const SDL_FPoint *arc = &outline[corner * (segments + 1)];
        verts[0] = vertex(centres[corner], c);
        for (int i = 0; i <= segments; i++)
            verts[i + 1] = vertex(arc[i], c);
        for (int i = 0; i < segments; i++) {
            indices[3 * i] = 0;
            indices[3 * i + 1] = i + 1;
            indices[3 * i + 2] = i + 2;
        }
        SDL_RenderGeometry(renderer, NULL, verts, segments + 2, indices, 3 * segments);
    }
}

void draw_round_rect(SDL_Renderer *renderer, const struct ui_rect *rect, int radius,
                     uint32_t fill, uint32_t border, int border_width)
{
    int x = rect->x, y = rect->y, w = rect->w, h = rect->h;
    if (w <= 0 || h <= 0)
        return;
    int r = WK_CLAMP(radius, 0, WK_MIN(w, h) / 2);
    int bw = (border && border_width > 0) ? WK_MIN(border_width, WK_MIN(w, h) / 2) : 0;

    if (r == 0) {
        /* Square corners: plain rects, the fast path of every renderer. */
        fill_rect(renderer, x + bw, y + bw, w - 2 * bw, h - 2 * bw, fill);
        if (bw > 0) {
            fill_rect(renderer, x, y, w, bw, border);
            fill_rect(renderer, x, y + h - bw, w, bw, border);
            fill_rect(renderer, x, y + bw, bw, h - 2 * bw, border);
            fill_rect(renderer, x + w - bw, y + bw, bw, h - 2 * bw, border);
        }
        return;
    }

    int segments = WK_CLAMP(r / ROUND_PX_PER_SEGMENT, ROUND_SEGMENTS_MIN, ROUND_SEGMENTS_MAX);
    SDL_FPoint outer[ROUND_MAX_POINTS], inner[ROUND_MAX_POINTS];
    rounded_outline((float)x, (float)y, (float)w, (float)h, (float)r, segments, outer);
    if (bw == 0) {
        fill_rounded(renderer, x, y, w, h, r, outer, segments, fill);
        return;
    }
    /* The border is inside the rect; the fill covers only what the border
     * leaves, so a translucent fill never blends over the border. */
    int ri = WK_MAX(r - bw, 0);
    rounded_outline((float)(x + bw), (float)(y + bw), (float)(w - 2 * bw), (float)(h - 2 * bw),
                    (float)ri, segments, inner);
    fill_rounded(renderer, x + bw, y + bw, w - 2 * bw, h - 2 * bw, ri, inner, segments, fill);
    if ((border & 0xff) == 0)
        return;
    /* The border: straight sides as rects, each corner as a ring slice. */
    fill_rect(renderer, x + r, y, w - 2 * r, bw, border);
    fill_rect(renderer, x + r, y + h - bw, w - 2 * r, bw, border);
    fill_rect(renderer, x, y + r, bw, h - 2 * r, border);
    fill_rect(renderer, x + w - bw, y + r, bw, h - 2 * r, border);
    for (int corner = 0; corner < 4; corner++)
        fill_ring(renderer, &outer[corner * (segments + 1)], &inner[corner * (segments + 1)],
                  segments + 1, false, to_sdl_color(border));
}

/* Destroys a texture, its pixels overwritten with zeros first when wipe
 * (a resident's answer): the renderer's copy shows it as plainly as the
 * text engine's surface, which is wiped too. */
static void destroy_texture(SDL_Texture *texture, bool wipe)
{
    int w = 0, h = 0;
    if (wipe && SDL_QueryTexture(texture, NULL, NULL, &w, &h) == 0 && w > 0 && h > 0) {
        void *zeros = wk_calloc((size_t)w * (size_t)h, sizeof(uint32_t));
        if (zeros)
            SDL_UpdateTexture(texture, NULL, zeros, w * (int)sizeof(uint32_t));
        free(zeros);
    }
    SDL_DestroyTexture(texture);
}

static void free_text_texture(void *slot, bool wipe)
{
    struct text_tex *tt = slot;
    if (!tt)
        return;
    if (tt->owner) {
        if (tt->prev)
            tt->prev->next = tt->next;
        else
            tt->owner->text_textures = tt->next;
        if (tt->next)
            tt->next->prev = tt->prev;
        destroy_texture(tt->texture, wipe);
    }
    free(tt);
}

static SDL_Texture *make_texture(SDL_Renderer *renderer, SDL_Surface *surface)
{
    SDL_Texture *texture = SDL_CreateTextureFromSurface(renderer, surface);
    if (!texture) {
        wk_log(WK_LOG_WARN, "cannot make a texture of %dx%d: %s", surface->w, surface->h,
               SDL_GetError());
        return NULL;
    }
    SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
    return texture;
}

/* A texture of an image's pixels (its surface, rendered again if the
 * pixels went to a texture of an earlier drawer). */
static SDL_Texture *texture_of_pixels(struct draw *draw, struct text_image *image)
{
    SDL_Surface *surface = text_image_pixels(draw->text, image);
    return surface ? make_texture(draw->renderer, surface) : NULL;
}

/* The texture of a text image: the one cached in its slot, or one made now
 * (and cached if this drawer caches: the text engine then drops its
 * surface, so the pixels are held once). *temporary says the caller must
 * destroy it after use. */
static SDL_Texture *text_texture(struct draw *draw, struct text_image *image, bool *temporary)
{
    *temporary = false;
    if (draw->cache_text_textures) {
        struct text_tex *tt = image->texture;
        if (!tt) {
            tt = wk_calloc(1, sizeof *tt);
            if (!tt)
                return NULL;
            image->texture = tt;
        }
        if (!tt->owner) {
            tt->texture = texture_of_pixels(draw, image);
            if (!tt->texture)
                return NULL;
            text_image_textured(draw->text, image);
            tt->owner = draw;
            tt->prev = NULL;
            tt->next = draw->text_textures;
            if (tt->next)
                tt->next->prev = tt;
            draw->text_textures = tt;
        }
        if (tt->owner == draw)
            return tt->texture;
    }
    *temporary = true;
    return texture_of_pixels(draw, image);
}

static void draw_text(struct draw *draw, const struct ui_cmd *cmd)
{
    if (!cmd->text)
        return;
    if (!draw->text) {
        if (!draw->warned_no_text)
            wk_log(WK_LOG_WARN, "no text engine: text is not drawn");
        draw->warned_no_text = true;
        return;
    }
    struct text_image *image = text_render(draw->text, cmd->text, &cmd->style);
    if (!image || image->metrics.width <= 0 || image->metrics.height <= 0)
        return;
    bool temporary;
    SDL_Texture *texture = text_texture(draw, image, &temporary);
    if (!texture)
        return;
    SDL_Rect dst = { cmd->rect.x, cmd->rect.y, image->metrics.width, image->metrics.height };
    SDL_RenderCopy(draw->renderer, texture, NULL, &dst);
    if (temporary)
        destroy_texture(texture, cmd->style.secret);
}

static void set_clip(SDL_Renderer *renderer, const struct ui_rect *rect)
{
    if (rect->w <= 0) {
        SDL_RenderSetClipRect(renderer, NULL);
        return;
    }
    SDL_RenderSetClipRect(renderer, &(SDL_Rect){ rect->x, rect->y, rect->w, WK_MAX(rect->h, 0) });
}

int draw_create(const struct draw_config *config, struct draw **out, char err[WK_ERR_MAX])
{
    *out = NULL;
    struct draw *draw = wk_calloc(1, sizeof *draw);
    if (!draw) {
        wk_seterr(err, "out of memory making the drawer");
        return WK_ENOMEM;
    }
    draw->renderer = config->renderer;
    draw->text = config->text;
    draw->cache_text_textures = config->cache_text_textures && config->text;
    draw->pictos = picto_cache_create(config->renderer, config->assets_dir);
    if (!draw->pictos) {
        free(draw);
        wk_seterr(err, "out of memory making the pictogram cache");
        return WK_ENOMEM;
    }
    int rc = qr_cache_create(config->renderer, &draw->qrs, err);
    if (rc) {
        picto_cache_destroy(draw->pictos);
        free(draw);
        return rc;
    }
    if (draw->cache_text_textures)
        text_set_texture_free(draw->text, free_text_texture);
    *out = draw;
    return 0;
}

void draw_destroy(struct draw *draw)
{
    if (!draw)
        return;
    for (struct text_tex *tt = draw->text_textures, *next; tt; tt = next) {
        next = tt->next;
        SDL_DestroyTexture(tt->texture);
        *tt = (struct text_tex){ 0 };
    }
    qr_cache_destroy(draw->qrs);
    picto_cache_destroy(draw->pictos);
    free(draw);
}

void draw_frame(struct draw *draw, const struct ui_frame *frame)
{
    SDL_Renderer *renderer = draw->renderer;
    SDL_RenderSetClipRect(renderer, NULL);
    set_color(renderer, frame->background);
    SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_NONE);
    SDL_RenderClear(renderer);
    SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_BLEND);
    for (size_t i = 0; i < frame->cmd_count; i++) {
        const struct ui_cmd *cmd = &frame->cmds[i];
        switch (cmd->kind) {
        case UI_CMD_RECT:
            draw_round_rect(renderer, &cmd->rect, cmd->radius, cmd->color, cmd->border_color,
                            cmd->border_width);
            break;
        case UI_CMD_TEXT:
            draw_text(draw, cmd);
            break;
        case UI_CMD_IMAGE:
            picto_draw(draw->pictos, cmd);
            break;
        case UI_CMD_CLIP:
            set_clip(renderer, &cmd->rect);
            break;
        case UI_CMD_QR:
            qr_draw(draw->qrs, cmd);
            break;
        }
    }
    SDL_RenderSetClipRect(renderer, NULL);
    picto_end_frame(draw->pictos);
}

int draw_save_png(SDL_Surface *surface, const char *png_path, char err[WK_ERR_MAX])
{
    if (IMG_SavePNG(surface, png_path) != 0) {
        wk_seterr(err, "cannot write the screenshot %s: %s", png_path, IMG_GetError());
        return WK_EIO;
    }
    return 0;
}

int draw_screenshot(const struct ui_frame *frame, struct text_ctx *text,
                    const char *assets_dir, const char *png_path, char err[WK_ERR_MAX])
{
    int rc = WK_EDISPLAY;
    SDL_Renderer *renderer = NULL;
    struct draw *draw = NULL;
    SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, frame->width, frame->height, 32,
                                                          SDL_PIXELFORMAT_ARGB8888);
    if (!surface) {
        wk_seterr(err, "cannot make a %dx%d surface for the screenshot: %s", frame->width,
                  frame->height, SDL_GetError());
        rc = WK_ENOMEM;
        goto out;
    }
    renderer = SDL_CreateSoftwareRenderer(surface);
    if (!renderer) {
        wk_seterr(err, "cannot make a software renderer for the screenshot: %s", SDL_GetError());
        goto out;
    }
    struct draw_config config = { .renderer = renderer, .text = text, .assets_dir = assets_dir };
    if ((rc = draw_create(&config, &draw, err)) != 0)
        goto out;
    draw_frame(draw, frame);
    SDL_RenderPresent(renderer);
    rc = draw_save_png(surface, png_path, err);
out:
    draw_destroy(draw);
    if (renderer)
        SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(surface);
    return rc;
}
