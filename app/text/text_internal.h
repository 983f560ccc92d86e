/* text_internal.h — what the files of app/text share and nobody else sees:
 * the engine context, the shipped faces and their per-size fonts, the
 * analysed paragraph (code points with bidi levels, scripts, faces and break
 * opportunities), the finished layout (lines of visual runs) and the cache.
 * Tests include it to look inside a layout (which faces were used, in what
 * visual order the runs came out). */
#ifndef TEXT_INTERNAL_H
#define TEXT_INTERNAL_H

#include "text_render.h"
#include "../core/utf8.h"

#include <SDL_ttf.h>
#include <fribidi.h>
#include <hb.h>

/* The script families we ship a font for. The order is the fallback order
 * when a character is not in its script's own font. */
enum text_face {
    TEXT_FACE_LATIN = 0,   /* Noto Sans: Latin, Cyrillic, Greek, punctuation */
    TEXT_FACE_ARABIC,      /* Noto Naskh Arabic: Arabic, Persian, Pashto */
    TEXT_FACE_ETHIOPIC,    /* Noto Sans Ethiopic: Tigrinya, Amharic */
    TEXT_FACE_COUNT,
};

/* Each face and weight is opened once, as one TTF_Font that is set to the
 * pixel size of each use (TTF_SetFontSize); a (face, weight, size) is an
 * entry of ctx->fonts with that size's metrics, kept until text_close
 * (layouts in the cache refer to them by index). A kiosk uses a handful
 * of sizes; this caps a runaway caller. */
#define TEXT_MAX_FONTS 96
/* Sizes outside this range are clamped: smaller is unreadable on a kiosk,
 * larger is a bug that would allocate huge surfaces. */
#define TEXT_MIN_SIZE 6
#define TEXT_MAX_SIZE 400
/* Longest string laid out, in bytes of UTF-8; the rest is dropped (logged).
 * The longest real text (a service description) is a few thousand. */
#define TEXT_MAX_BYTES (64 * 1024)
/* The size a face's regular font is opened at; coverage checks use that
 * font at whatever size it is set to (they do not depend on it). */
#define TEXT_COVERAGE_SIZE 16

/* A (face, weight, pixel size) in use: which shared TTF_Font draws it and
 * that size's metrics. fonts_sized() sets the shared font to the size. */
struct text_font {
    int face;              /* enum text_face */
    bool bold;
    int size;
    int ascent;            /* pixels above the baseline */
    int descent;           /* pixels below the baseline, positive */
};

/* One open TTF_Font of a face and weight (its FreeType face, HarfBuzz font
 * and glyph cache), and the pixel size it is set to now. */
struct text_face_font {
    TTF_Font *ttf;
    int size;
};

/* One visual run of one line: a stretch of text with one bidi level, one
 * script and one font, drawn by a single SDL_ttf call. */
struct text_run {
    size_t text;           /* offset of its NUL-terminated UTF-8 in layout->pool */
    int font;              /* index into ctx->fonts */
    int face;              /* enum text_face, for tests and stats */
    bool rtl;
    char script[5];        /* ISO 15924 tag for TTF_SetFontScriptName */
    int x;                 /* left edge relative to the line's left edge */
    int width;
};

struct text_line {
    int first_run, run_count;
    int width;
    int ascent, descent;   /* of the tallest fonts on the line */
    int y;                 /* top of the line inside the block */
};

/* A laid-out text: everything needed to report metrics and to render
 * without shaping anything again (shaping happens once more at render
 * time inside SDL_ttf, counted as shaped runs). */
struct text_layout {
    struct text_line *lines;
    int line_count;
    struct text_run *runs;
    int run_count;
    char *pool;            /* the runs' UTF-8, back to back */
    size_t pool_len;
    struct text_metrics metrics;
    unsigned faces_used;   /* bit (1 << enum text_face) per face drawn */
    size_t bytes;          /* heap memory held, for the cache budget */
};

/* One paragraph (text between hard breaks) after analysis, in logical
 * order. Arrays are parallel, len entries each. */
struct text_para {
    uint32_t *cps;
    FriBidiCharType *types;
    FriBidiLevel *levels;
    hb_script_t *scripts;
    unsigned char *faces;  /* enum text_face per code point */
    char *breaks;          /* libunibreak: break allowed after this char? */
    int len;
    FriBidiParType base;   /* FRIBIDI_PAR_RTL or FRIBIDI_PAR_LTR */
    int missing;           /* code points no face has a glyph for */
    uint32_t first_missing;
};

struct text_cache_entry;

struct text_cache {
    struct text_cache_entry **buckets;
    size_t bucket_count;   /* a power of two */
    struct text_cache_entry *lru_head, *lru_tail;  /* head = most recent */
    size_t bytes, entries, budget;
    size_t screen_bytes_peak;  /* see struct text_stats */
};

struct text_ctx {
    char *face_paths[TEXT_FACE_COUNT][2];      /* [face][bold]; NULL if absent */
    /* The font files, read once: FreeType then loads glyphs from memory
     * instead of seeking and reading the file for every glyph it has to
     * load again (SDL_ttf's glyph cache is small; Arabic misses it often). */
    void *face_data[TEXT_FACE_COUNT][2];
    size_t face_size[TEXT_FACE_COUNT][2];
    /* [face][bold]: [face][0] is opened by text_open (NULL: the face is
     * absent) and answers coverage; [face][1] on first bold use, from the
     * bold file or, without one, the regular one made bold by SDL_ttf. */
    struct text_face_font open[TEXT_FACE_COUNT][2];
    uint64_t resizes;      /* TTF_SetFontSize calls, for the benchmark */
    struct text_font fonts[TEXT_MAX_FONTS];
    int font_count;
    struct text_cache cache;
    struct text_stats stats;
    uint64_t frame;
    void (*free_texture)(void *texture, bool wipe);
};

/* fonts.c */
int fonts_open(struct text_ctx *ctx, const char *dir, char err[WK_ERR_MAX]);
void fonts_close(struct text_ctx *ctx);
/* Index into ctx->fonts of the font for (face, bold, size), opening it on
 * first use; a missing face or weight falls back to one that exists.
 * Negative WK_E* if nothing can be opened. */
int fonts_get(struct text_ctx *ctx, int face, bool bold, int size);
/* The shared TTF_Font of ctx->fonts[font], set to its size. */
TTF_Font *fonts_sized(struct text_ctx *ctx, int font);
bool fonts_face_present(const struct text_ctx *ctx, int face);
/* Whether the face has a glyph for cp (size-independent). */
bool fonts_has_glyph(struct text_ctx *ctx, int face, uint32_t cp);
int fonts_face_for_script(hb_script_t script);
/* The pixel size a face is drawn at for a nominal style size
 * (TEXT_SCALE_*_PCT in text.h). */
int fonts_face_size(int face, int size);

/* bidi.c */
/* Decodes UTF-8 into code points; invalid sequences become U+FFFD.
 * *out is allocated (free it); returns the count or a negative WK_E*. */
int text_utf8_decode(const char *utf8, uint32_t **out);
/* Combining marks and invisible format controls: they belong with the
 * character before them (same font; never a line break before them). */
bool text_cp_attaches(uint32_t cp);
/* Analyses cps[0..len) as one paragraph: bidi levels with the given base
 * direction, scripts (Common/Inherited joined to their neighbours), the
 * face for each code point, and line break opportunities for lang. */
int para_analyse(struct text_ctx *ctx, const uint32_t *cps, int len, bool rtl,
                 const char *lang, struct text_para *para);
void para_free(struct text_para *para);

/* shape.c */
/* The shaped advance width of cps[0..n) in one font, direction and script,
 * exactly as SDL_ttf will render it. */
int shape_measure(struct text_ctx *ctx, int font, bool rtl, const char *script,
                  const char *utf8, int *width);
SDL_Surface *shape_render(struct text_ctx *ctx, int font, bool rtl, const char *script,
                          const char *utf8);

/* line.c: one line being built, reused between attempts while wrapping. */
struct line_build {
    struct text_run *runs;
    int run_count;
    size_t run_cap;
    char *pool;
    size_t pool_len, pool_cap;
    int start, end;        /* the paragraph range it was built from */
    int width, ascent, descent;
    FriBidiLevel *levels;  /* scratch for fribidi_reorder_line */
    size_t levels_cap;
    FriBidiStrIndex *map;
    size_t map_cap;
};
int text_grow(void **p, size_t *cap, size_t need, size_t elem);
int line_build(struct text_ctx *ctx, const struct text_para *para, int s, int e,
               bool bold, int size, struct line_build *lb);
void line_build_free(struct line_build *lb);

/* wrap.c */
/* Lays out a whole string per style into a new layout. */
int layout_build(struct text_ctx *ctx, const char *utf8, const struct text_style *style,
                 struct text_layout **out);
void layout_free(struct text_layout *layout);

/* render.c */
/* Composites every run of the layout into one ARGB8888 surface with
 * straight alpha. *out is NULL for an empty layout. */
int layout_render(struct text_ctx *ctx, const struct text_layout *layout,
                  const struct text_style *style, SDL_Surface **out);
/* Frees s (NULL is fine), its pixels zeroed first when wipe (secret text). */
void text_free_surface(SDL_Surface *s, bool wipe);

/* Zeroes size bytes at p (sodium_memzero: not optimised away), then frees
 * p: every buffer that held a string to show goes this way, since the
 * string may be what a resident typed. */
void text_wipe_free(void *p, size_t size);

/* cache.c */
int cache_init(struct text_cache *cache, size_t budget);
void cache_free(struct text_ctx *ctx);
/* The cached entry for (utf8, style), laid out if needed. */
int cache_lookup(struct text_ctx *ctx, const char *utf8, const struct text_style *style,
                 struct text_cache_entry **out);
const struct text_layout *cache_entry_layout(const struct text_cache_entry *entry);
struct text_image *cache_entry_image(struct text_ctx *ctx, struct text_cache_entry *entry,
                                     const struct text_style *style);
void cache_evict(struct text_ctx *ctx);

/* text.c: the layout of a string, from the cache, for tests and the
 * benchmark. Valid until the next text_end_frame. */
const struct text_layout *text_layout_of(struct text_ctx *ctx, const char *utf8,
                                         const struct text_style *style);

/* A style with every zero replaced by its default. */
struct text_style text_style_resolve(const struct text_style *style);

#endif
