/* picto.c — pictograms: assets/pictograms/NAME.svg rasterised at the size a
 * command needs (fitted to its rect, aspect kept), recoloured to the
 * command's ink and cached as textures per (name, size, colour). The SVGs
 * are drawn in black; only their alpha is used. A missing or broken
 * pictogram is logged once and drawn as a neutral rounded square: a kiosk
 * in a hallway shows a grey tile rather than stopping. */
#include "draw.h"

#include <SDL_image.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* A screen shows a few dozen pictograms in two or three sizes; 128 covers
 * several screens, and each texture is small (a 128x128 icon is 64 KiB). */
#define PICTO_CACHE_MAX 128
/* Names are like "arrow-left" or "food_bank". */
#define PICTO_NAME_MAX 64
/* How many distinct missing names we remember having reported. */
#define PICTO_MISSING_MAX 64
#define PICTO_PLACEHOLDER_COLOR 0xc8c8c8ffu
#define PICTO_PLACEHOLDER_PERCENT 80
#define PICTO_PLACEHOLDER_RADIUS_DIV 6

struct picto_entry {
    bool used;
    char name[PICTO_NAME_MAX];
    int box_w, box_h;
    uint32_t color;
    SDL_Texture *texture;        /* NULL: missing or broken, draw the placeholder */
    int w, h;                    /* of the texture, fitted inside box_w x box_h */
    uint64_t last_used;
};

struct picto_cache {
    SDL_Renderer *renderer;
    char *assets_dir;
    uint64_t frame;
    struct picto_entry entries[PICTO_CACHE_MAX];
    uint64_t missing[PICTO_MISSING_MAX];   /* hashes of names already logged */
    size_t missing_count;
};

struct picto_cache *picto_cache_create(SDL_Renderer *renderer, const char *assets_dir)
{
    struct picto_cache *cache = wk_calloc(1, sizeof *cache);
    if (!cache)
        return NULL;
    cache->renderer = renderer;
    cache->assets_dir = wk_strdup(assets_dir ? assets_dir : ".");
    if (!cache->assets_dir) {
        free(cache);
        return NULL;
    }
    return cache;
}

void picto_cache_destroy(struct picto_cache *cache)
{
    if (!cache)
        return;
    for (size_t i = 0; i < PICTO_CACHE_MAX; i++)
        if (cache->entries[i].texture)
            SDL_DestroyTexture(cache->entries[i].texture);
    free(cache->assets_dir);
    free(cache);
}

void picto_end_frame(struct picto_cache *cache) { cache->frame++; }

/* A name is a file name without extension: letters, digits, '-' and '_'.
 * Anything else (a path, "..") is treated as missing. */
static bool valid_name(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len >= PICTO_NAME_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return false;
    }
    return true;
}

/* Logs a problem with a pictogram the first time it happens to that name. */
static void report_once(struct picto_cache *cache, const char *name, const char *what)
{
    uint64_t h = wk_hash(name, strlen(name), WK_HASH_SEED);
    for (size_t i = 0; i < cache->missing_count; i++)
        if (cache->missing[i] == h)
            return;
    if (cache->missing_count < PICTO_MISSING_MAX)
        cache->missing[cache->missing_count++] = h;
    wk_log(WK_LOG_WARN, "pictogram \"%s\" %s; drawing a placeholder", name, what);
}

/* Keeps each pixel's alpha (scaled by the ink's alpha) and paints it in the
 * ink's colour. The surface is ARGB8888. */
static void recolour(SDL_Surface *surface, uint32_t rgba)
{
    uint32_t rgb = (rgba >> 8) & 0xffffffu;
    uint32_t ink_alpha = rgba & 0xff;
    for (int y = 0; y < surface->h; y++) {
        uint32_t *row = (uint32_t *)((uint8_t *)surface->pixels + (size_t)y * (size_t)surface->pitch);
        for (int x = 0; x < surface->w; x++) {
            uint32_t a = (row[x] >> 24) * ink_alpha / 255;
            row[x] = (a << 24) | rgb;
        }
    }
}

static void load(struct picto_cache *cache, struct picto_entry *entry)
{
    char path[PATH_MAX];
    SDL_Surface *raw = NULL, *argb = NULL;

    if (!valid_name(entry->name)) {
        report_once(cache, entry->name, "is not a valid pictogram name");
        return;
    }
    snprintf(path, sizeof path, "%s/pictograms/%s.svg", cache->assets_dir, entry->name);
    SDL_RWops *rw = SDL_RWFromFile(path, "rb");
    if (!rw) {
        report_once(cache, entry->name, "is missing");
        return;
    }
    raw = IMG_LoadSizedSVG_RW(rw, entry->box_w, entry->box_h);
    SDL_RWclose(rw);
    if (raw)
        argb = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
    if (!argb || argb->w <= 0 || argb->h <= 0) {
        report_once(cache, entry->name, "cannot be read");
        goto out;
    }
    recolour(argb, entry->color);
    entry->texture = SDL_CreateTextureFromSurface(cache->renderer, argb);
    if (!entry->texture) {
        wk_log(WK_LOG_WARN, "pictogram \"%s\": no texture: %s", entry->name, SDL_GetError());
        goto out;
    }
    SDL_SetTextureBlendMode(entry->texture, SDL_BLENDMODE_BLEND);
    entry->w = argb->w;
    entry->h = argb->h;
out:
    SDL_FreeSurface(argb);
    SDL_FreeSurface(raw);
}

/* Finds the entry for (name, box, colour) or loads it into a free or the
 * least recently used slot. */
static struct picto_entry *lookup(struct picto_cache *cache, const char *name, int box_w,
                                  int box_h, uint32_t color)
{
    struct picto_entry *victim = &cache->entries[0];
    for (size_t i = 0; i < PICTO_CACHE_MAX; i++) {
        struct picto_entry *e = &cache->entries[i];
        if (e->used && e->box_w == box_w && e->box_h == box_h && e->color == color &&
            strncmp(e->name, name, PICTO_NAME_MAX) == 0)
            return e;
        if (victim->used && (!e->used || e->last_used < victim->last_used))
            victim = e;
    }
    if (victim->texture)
        SDL_DestroyTexture(victim->texture);
    *victim = (struct picto_entry){ .used = true, .box_w = box_w, .box_h = box_h,
                                    .color = color };
    snprintf(victim->name, sizeof victim->name, "%s", name);
    load(cache, victim);
    return victim;
}

void picto_draw(struct picto_cache *cache, const struct ui_cmd *cmd)
{
    const struct ui_rect *r = &cmd->rect;
    if (r->w <= 0 || r->h <= 0)
        return;
    const char *name = cmd->image ? cmd->image : "";
    struct picto_entry *e = lookup(cache, name, r->w, r->h, cmd->color);
    e->last_used = cache->frame;
    if (!e->texture) {
        int side = WK_MIN(r->w, r->h) * PICTO_PLACEHOLDER_PERCENT / 100;
        struct ui_rect square = { r->x + (r->w - side) / 2, r->y + (r->h - side) / 2, side, side };
        draw_round_rect(cache->renderer, &square, side / PICTO_PLACEHOLDER_RADIUS_DIV,
                        PICTO_PLACEHOLDER_COLOR, 0, 0);
        return;
    }
    SDL_Rect dst = { r->x + (r->w - e->w) / 2, r->y + (r->h - e->h) / 2, e->w, e->h };
    SDL_RenderCopyEx(cache->renderer, e->texture, NULL, &dst, 0.0, NULL,
                     cmd->mirror ? SDL_FLIP_HORIZONTAL : SDL_FLIP_NONE);
}
