/* qr.c — QR codes: a command's text encoded with libqrencode (8-bit mode,
 * case kept, error correction M, or L when M is too big), drawn as dark
 * modules in the command's ink on opaque white with a quiet zone of 4
 * modules. A code is made once as a texture of one pixel per module and
 * scaled by a whole number with nearest-pixel sampling, so every module is
 * a sharp square in both the software and the GLES2 renderer. The last few
 * codes are cached by (text, ink): a screen is redrawn many times, and
 * encoding a long text costs milliseconds on a Pi. */
#include "qr.h"

#include <errno.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

/* A screen shows one code, rarely two; a few entries cover going back and
 * forth between services without re-encoding. */
#define QR_CACHE_MAX 4
/* White around the code, in modules: the QR standard's minimum. */
#define QR_QUIET_ZONE 4
/* Below this many pixels per module phones struggle to read a code. */
#define QR_MIN_MODULE_PX 2
#define QR_LIGHT 0xffffffffu
#define QR_DEFAULT_INK 0x000000ffu

struct qr_entry {
    char *text;                  /* NULL: free slot */
    uint32_t ink;
    SDL_Texture *texture;        /* NULL: the text fits no QR code */
    int side;                    /* modules across, quiet zone included */
    uint64_t last_used;
};

struct qr_cache {
    SDL_Renderer *renderer;
    uint64_t clock;              /* counts lookups, for least recently used */
    bool warned_small;
    struct qr_entry entries[QR_CACHE_MAX];
};

int qr_cache_create(SDL_Renderer *renderer, struct qr_cache **out, char err[WK_ERR_MAX])
{
    *out = wk_calloc(1, sizeof **out);
    if (!*out) {
        wk_seterr(err, "out of memory making the QR code cache");
        return WK_ENOMEM;
    }
    (*out)->renderer = renderer;
    return 0;
}

static void clear_entry(struct qr_entry *e)
{
    if (e->texture)
        SDL_DestroyTexture(e->texture);
    free(e->text);
    *e = (struct qr_entry){ 0 };
}

void qr_cache_destroy(struct qr_cache *cache)
{
    if (!cache)
        return;
    for (size_t i = 0; i < QR_CACHE_MAX; i++)
        clear_entry(&cache->entries[i]);
    free(cache);
}

/* Level M first (15% of the code may be lost to glare or a scratch); a
 * text too long for M may still fit at L (7%). NULL when neither fits. */
static QRcode *encode(const char *text)
{
    QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code)
        code = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1);
    if (!code)
        wk_log(WK_LOG_WARN, "a QR code of %zu bytes cannot be made (%s); not drawn",
               strlen(text), errno == ERANGE ? "too long for any QR code" : strerror(errno));
    return code;
}

/* The code as an opaque texture, one pixel per module, quiet zone
 * included; fills e->texture and e->side, or leaves them empty. */
static void make_texture(SDL_Renderer *renderer, struct qr_entry *e)
{
    QRcode *code = encode(e->text);
    if (!code)
        return;
    int side = code->width + 2 * QR_QUIET_ZONE;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, side, side, 32, SDL_PIXELFORMAT_RGBA8888);
    if (!s) {
        wk_log(WK_LOG_WARN, "cannot make a %dx%d QR code surface: %s", side, side, SDL_GetError());
        goto out;
    }
    for (int y = 0; y < side; y++) {
        uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch);
        for (int x = 0; x < side; x++) {
            int mx = x - QR_QUIET_ZONE, my = y - QR_QUIET_ZONE;
            bool dark = mx >= 0 && my >= 0 && mx < code->width && my < code->width &&
                        (code->data[my * code->width + mx] & 1);
            row[x] = dark ? e->ink : QR_LIGHT;
        }
    }
    e->texture = SDL_CreateTextureFromSurface(renderer, s);
    if (!e->texture) {
        wk_log(WK_LOG_WARN, "cannot make a QR code texture: %s", SDL_GetError());
        goto out;
    }
    /* Opaque, and no smoothing between modules when scaled up. */
    SDL_SetTextureBlendMode(e->texture, SDL_BLENDMODE_NONE);
    SDL_SetTextureScaleMode(e->texture, SDL_ScaleModeNearest);
    e->side = side;
out:
    SDL_FreeSurface(s);
    QRcode_free(code);
}

/* The entry for (text, ink), encoded now into a free or the least
 * recently used slot if it is not cached. NULL only when out of memory. */
static struct qr_entry *lookup(struct qr_cache *cache, const char *text, uint32_t ink)
{
    struct qr_entry *victim = &cache->entries[0];
    cache->clock++;
    for (size_t i = 0; i < QR_CACHE_MAX; i++) {
        struct qr_entry *e = &cache->entries[i];
        if (e->text && e->ink == ink && strcmp(e->text, text) == 0) {
            e->last_used = cache->clock;
            return e;
        }
        if (victim->text && (!e->text || e->last_used < victim->last_used))
            victim = e;
    }
    clear_entry(victim);
    victim->text = wk_strdup(text);
    if (!victim->text)
        return NULL;
    victim->ink = ink;
    victim->last_used = cache->clock;
    make_texture(cache->renderer, victim);
    return victim;
}

void qr_draw(struct qr_cache *cache, const struct ui_cmd *cmd)
{
    const struct ui_rect *r = &cmd->rect;
    if (!cmd->text || !*cmd->text || r->w <= 0 || r->h <= 0)
        return;
    /* Scanners need contrast even on a tinted card: the ink is opaque. */
    uint32_t ink = (cmd->color ? cmd->color : QR_DEFAULT_INK) | 0xffu;
    struct qr_entry *e = lookup(cache, cmd->text, ink);
    if (!e || !e->texture)
        return;
    int module = WK_MIN(r->w, r->h) / e->side;
    if (module < QR_MIN_MODULE_PX) {
        if (!cache->warned_small)
            wk_log(WK_LOG_DEBUG, "a QR code of %d modules gets %d px per module in %dx%d; "
                   "phones may not read it", e->side, module, r->w, r->h);
        cache->warned_small = true;
        module = WK_MAX(module, 1);
    }
    int px = module * e->side;
    SDL_Rect dst = { r->x + (r->w - px) / 2, r->y + (r->h - px) / 2, px, px };
    SDL_RenderCopy(cache->renderer, e->texture, NULL, &dst);
}
