/* cache.c — laid-out and rendered text, kept between frames so that
 * redrawing an unchanged screen shapes nothing. Entries are keyed by the
 * string and every style field, found through a hash table, and kept in
 * least-recently-used order. The budget is in bytes (surfaces, layouts,
 * keys); eviction happens only in text_end_frame and never touches an entry
 * used in the frame that is ending, so images handed out stay valid.
 * Entries of secret text (style.secret: a resident's answers) are dropped
 * at the end of each session (text_forget_secrets), and every entry is
 * wiped as it is freed, so a resident's words do not outlive the session
 * in freed memory (a core file, a swap page). */
#include "text_internal.h"

#include <sodium.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_INITIAL_BUCKETS 256

struct text_cache_entry {
    uint64_t hash;
    char *utf8;
    struct text_style style;        /* resolved; style.lang points at lang */
    char *lang;
    struct text_layout *layout;
    struct text_image image;
    bool rendered;
    bool textured;                  /* a drawer holds the pixels as a texture */
    size_t pixel_bytes;             /* of one copy of the rendered pixels */
    uint64_t last_frame;
    size_t bytes;
    struct text_cache_entry *bucket_next;
    struct text_cache_entry *lru_prev, *lru_next;
};

int cache_init(struct text_cache *cache, size_t budget)
{
    *cache = (struct text_cache){ .budget = budget };
    cache->buckets = wk_calloc(CACHE_INITIAL_BUCKETS, sizeof *cache->buckets);
    if (!cache->buckets)
        return WK_ENOMEM;
    cache->bucket_count = CACHE_INITIAL_BUCKETS;
    return 0;
}

static uint64_t hash_key(const char *utf8, const struct text_style *st)
{
    uint64_t h = wk_hash(utf8, strlen(utf8), WK_HASH_SEED);
    h = wk_hash(st->lang, strlen(st->lang) + 1, h);
    int32_t fields[] = { st->size, (int32_t)st->color, st->bold, st->rtl, st->max_width,
                         st->max_lines, (int32_t)st->align, st->secret };
    return wk_hash(fields, sizeof fields, h);
}

static bool same_key(const struct text_cache_entry *e, uint64_t hash, const char *utf8,
                     const struct text_style *st)
{
    const struct text_style *k = &e->style;
    return e->hash == hash && k->size == st->size && k->color == st->color &&
           k->bold == st->bold && k->rtl == st->rtl && k->max_width == st->max_width &&
           k->max_lines == st->max_lines && k->align == st->align && k->secret == st->secret &&
           strcmp(k->lang, st->lang) == 0 && strcmp(e->utf8, utf8) == 0;
}

static void lru_unlink(struct text_cache *c, struct text_cache_entry *e)
{
    if (e->lru_prev) e->lru_prev->lru_next = e->lru_next; else c->lru_head = e->lru_next;
    if (e->lru_next) e->lru_next->lru_prev = e->lru_prev; else c->lru_tail = e->lru_prev;
    e->lru_prev = e->lru_next = NULL;
}

static void lru_push_front(struct text_cache *c, struct text_cache_entry *e)
{
    e->lru_prev = NULL;
    e->lru_next = c->lru_head;
    if (c->lru_head)
        c->lru_head->lru_prev = e;
    c->lru_head = e;
    if (!c->lru_tail)
        c->lru_tail = e;
}

/* Doubles the bucket array when entries outnumber buckets. A failed
 * allocation only makes chains longer, so it is not an error. */
static void maybe_grow(struct text_cache *c)
{
    if (c->entries <= c->bucket_count)
        return;
    size_t n = c->bucket_count * 2;
    struct text_cache_entry **b = wk_calloc(n, sizeof *b);
    if (!b)
        return;
    for (size_t i = 0; i < c->bucket_count; i++) {
        struct text_cache_entry *e = c->buckets[i], *next;
        for (; e; e = next) {
            next = e->bucket_next;
            size_t j = e->hash & (n - 1);
            e->bucket_next = b[j];
            b[j] = e;
        }
    }
    free(c->buckets);
    c->buckets = b;
    c->bucket_count = n;
}

void text_wipe_free(void *p, size_t size)
{
    if (!p)
        return;
    sodium_memzero(p, size);
    free(p);
}

/* Frees an entry's surface; the pixels of a typed answer show it as
 * plainly as its bytes, so those are wiped first. */
static void free_surface(struct text_cache_entry *e)
{
    text_free_surface(e->image.surface, e->style.secret);
    e->image.surface = NULL;
}

static void entry_free(struct text_ctx *ctx, struct text_cache_entry *e)
{
    if (e->image.texture && ctx->free_texture)
        ctx->free_texture(e->image.texture, e->style.secret);
    free_surface(e);
    layout_free(e->layout);
    if (e->utf8)
        text_wipe_free(e->utf8, strlen(e->utf8));
    if (e->lang)
        text_wipe_free(e->lang, strlen(e->lang));
    text_wipe_free(e, sizeof *e);
}

/* What an entry holds without its pixels. */
static size_t entry_base_bytes(const struct text_cache_entry *e)
{
    return sizeof *e + strlen(e->utf8) + 1 + strlen(e->lang) + 1 + e->layout->bytes;
}

/* Counts an entry's pixels again after they changed hands: one copy in
 * the surface if it is there, one in the texture if a drawer made one.
 * A drawer that goes away (tests; a screenshot drawer makes none) leaves
 * the texture counted until the entry goes: the count errs high. */
static void recount(struct text_cache *c, struct text_cache_entry *e)
{
    size_t copies = (e->image.surface != NULL) + e->textured;
    size_t bytes = entry_base_bytes(e) + copies * e->pixel_bytes;
    c->bytes = c->bytes - e->bytes + bytes;
    e->bytes = bytes;
}

/* The entry an image is part of. */
static struct text_cache_entry *entry_of(struct text_image *image)
{
    return (struct text_cache_entry *)(void *)((char *)image -
                                              offsetof(struct text_cache_entry, image));
}

int cache_lookup(struct text_ctx *ctx, const char *utf8, const struct text_style *style,
                 struct text_cache_entry **out)
{
    struct text_cache *c = &ctx->cache;
    uint64_t hash = hash_key(utf8, style);
    struct text_cache_entry **bucket = &c->buckets[hash & (c->bucket_count - 1)];
    for (struct text_cache_entry *e = *bucket; e; e = e->bucket_next) {
        if (!same_key(e, hash, utf8, style))
            continue;
        ctx->stats.hits++;
        e->last_frame = ctx->frame;
        if (c->lru_head != e) {
            lru_unlink(c, e);
            lru_push_front(c, e);
        }
        *out = e;
        return 0;
    }
    ctx->stats.misses++;

    struct text_cache_entry *e = wk_calloc(1, sizeof *e);
    if (!e)
        return WK_ENOMEM;
    e->utf8 = wk_strdup(utf8);
    e->lang = wk_strdup(style->lang);
    int rc = WK_ENOMEM;
    if (!e->utf8 || !e->lang || (rc = layout_build(ctx, utf8, style, &e->layout))) {
        entry_free(ctx, e);
        return rc;
    }
    e->hash = hash;
    e->style = *style;
    e->style.lang = e->lang;
    e->last_frame = ctx->frame;
    e->image.metrics = e->layout->metrics;
    e->bytes = entry_base_bytes(e);
    e->bucket_next = *bucket;
    *bucket = e;
    lru_push_front(c, e);
    c->entries++;
    c->bytes += e->bytes;
    maybe_grow(c);
    *out = e;
    return 0;
}

const struct text_layout *cache_entry_layout(const struct text_cache_entry *entry)
{
    return entry->layout;
}

struct text_image *cache_entry_image(struct text_ctx *ctx, struct text_cache_entry *e,
                                     const struct text_style *style)
{
    if (!e->rendered) {
        if (layout_render(ctx, e->layout, style, &e->image.surface))
            return NULL;
        e->rendered = true;
        if (e->image.surface)
            e->pixel_bytes = (size_t)e->image.surface->pitch * (size_t)e->image.surface->h;
        recount(&ctx->cache, e);
    }
    return &e->image;
}

SDL_Surface *text_image_pixels(struct text_ctx *ctx, struct text_image *image)
{
    struct text_cache_entry *e = entry_of(image);
    if (!e->image.surface && e->pixel_bytes) {
        if (layout_render(ctx, e->layout, &e->style, &e->image.surface))
            return NULL;
        recount(&ctx->cache, e);
    }
    return e->image.surface;
}

void text_image_textured(struct text_ctx *ctx, struct text_image *image)
{
    struct text_cache_entry *e = entry_of(image);
    e->textured = true;
    free_surface(e);
    recount(&ctx->cache, e);
}

static void entry_remove(struct text_ctx *ctx, struct text_cache_entry *e)
{
    struct text_cache *c = &ctx->cache;
    struct text_cache_entry **p = &c->buckets[e->hash & (c->bucket_count - 1)];
    while (*p != e)
        p = &(*p)->bucket_next;
    *p = e->bucket_next;
    lru_unlink(c, e);
    c->entries--;
    c->bytes -= e->bytes;
    entry_free(ctx, e);
}

/* Evicts least recently used entries until the cache is within budget,
 * stopping at the first entry used in the current frame (everything in
 * front of it in LRU order was used this frame too). */
void cache_evict(struct text_ctx *ctx)
{
    struct text_cache *c = &ctx->cache;
    size_t screen = 0;
    for (const struct text_cache_entry *e = c->lru_head; e && e->last_frame == ctx->frame;
         e = e->lru_next)
        screen += e->bytes;
    c->screen_bytes_peak = WK_MAX(c->screen_bytes_peak, screen);
    while (c->bytes > c->budget && c->lru_tail && c->lru_tail->last_frame != ctx->frame)
        entry_remove(ctx, c->lru_tail);
}

void text_forget_secrets(struct text_ctx *ctx)
{
    struct text_cache_entry *e = ctx->cache.lru_head, *next;
    for (; e; e = next) {
        next = e->lru_next;
        if (e->style.secret)
            entry_remove(ctx, e);
    }
}

void cache_free(struct text_ctx *ctx)
{
    struct text_cache *c = &ctx->cache;
    while (c->lru_tail)
        entry_remove(ctx, c->lru_tail);
    free(c->buckets);
    *c = (struct text_cache){ 0 };
}
