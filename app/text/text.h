/* text.h — the multilingual text engine: Unicode bidi (FriBidi), shaping
 * (HarfBuzz through SDL2_ttf, with direction and script set per run),
 * per-run font fallback over the fonts in fonts/, Unicode line breaking
 * (libunibreak) with bidi reordering per line, ellipsis, and a cache of laid
 * out and rendered text so that redrawing an unchanged screen shapes nothing.
 *
 * This header holds no SDL type: app/ui measures text through it. The
 * platform renders text through text_render.h. */
#ifndef TEXT_H
#define TEXT_H

#include "../core/wk.h"

struct text_ctx;

/* How big the cache of laid-out and rendered text may grow before entries
 * not used in the current frame are evicted (least recently used first):
 * what one screen needs. The largest demo screen (a service page whose
 * description is one ~1200x300 block) holds ~4.1 MiB of text pixels and
 * layouts, a home screen ~1.4 MiB (bench: text_cache_kib_largest_screen);
 * 4 MiB, a 1280x800 screenful of ARGB pixels, keeps the screen on show and
 * mostly the one before it, in the language in use. Entries of the frame
 * on show are never evicted, so a larger screen is drawn whole all the
 * same. */
#define TEXT_DEFAULT_CACHE_BYTES (4u * 1024u * 1024u)

struct text_config {
    const char *fonts_dir;       /* the shipped fonts (fonts/ or PREFIX/share/welkom/fonts) */
    size_t cache_budget_bytes;   /* 0 = TEXT_DEFAULT_CACHE_BYTES */
};

enum text_align {
    TEXT_ALIGN_START = 0,        /* left in LTR paragraphs, right in RTL ones */
    TEXT_ALIGN_CENTER,
    TEXT_ALIGN_END,
};

/* Zero means the sensible default for every field. */
struct text_style {
    int size;               /* pixel size of the font; 0 = 16 */
    uint32_t color;         /* 0xRRGGBBAA; 0 = the default ink, 0x1d1d1bff */
    bool bold;
    bool rtl;               /* paragraph direction: that of the UI language */
    const char *lang;       /* ISO 639-1 code of the UI language ("ar", "ti");
                               guides line breaking; NULL = "en" */
    int max_width;          /* wrap to this many pixels; 0 = never wrap */
    int max_lines;          /* 0 = no limit; text that needs more lines is cut
                               and its last line ends in an ellipsis (…).
                               max_lines = 1 with max_width is a one-line label */
    enum text_align align;  /* how lines align to each other inside the block */
    bool secret;            /* what a resident typed or answered: its cache
                               entries go, wiped, at text_forget_secrets */
};

struct text_metrics {
    int width;              /* of the widest line, in pixels */
    int height;             /* of all lines together */
    int lines;
    int baseline;           /* of the first line, from the top */
    bool truncated;         /* an ellipsis was needed */
    int missing;            /* code points no shipped font can draw (shown
                               as a box); invisible controls do not count */
    uint32_t first_missing; /* the first of them, for a message; 0 = none */
};

/* What the engine has done, so tests can assert that a redraw of an
 * unchanged screen shapes nothing and benchmarks can count work. */
struct text_stats {
    uint64_t layouts;       /* texts laid out from scratch (bidi+breaks+shaping) */
    uint64_t shaped_runs;   /* runs handed to HarfBuzz, for measuring or rendering */
    uint64_t renders;       /* texts rasterised into a surface */
    uint64_t hits;          /* lookups answered by the cache */
    uint64_t misses;
    size_t cache_bytes;
    size_t cache_entries;
    size_t screen_bytes_peak;  /* the most the entries used in one frame held:
                                  what the largest screen so far needs */
};

/* Opens the fonts. Fails (with a message naming the file) only if the
 * primary Latin font is missing or broken; a missing script font is logged
 * as a warning and that script falls back to whatever other font has it. */
int text_open(const struct text_config *config, struct text_ctx **out, char err[WK_ERR_MAX]);
void text_close(struct text_ctx *ctx);

/* Lays out utf8 (from cache if it was laid out before) and reports its size.
 * Invalid UTF-8 is shown as U+FFFD, never rejected. */
int text_measure(struct text_ctx *ctx, const char *utf8, const struct text_style *style,
                 struct text_metrics *out);

/* Marks the end of a frame: entries not used since the previous call may now
 * be evicted if the cache is over budget. Surfaces handed out by
 * text_render() stay valid until this call. */
void text_end_frame(struct text_ctx *ctx);

void text_get_stats(const struct text_ctx *ctx, struct text_stats *out);

/* Drops every cache entry of text drawn with style.secret, wiping its
 * string, its layout and its pixels: what one resident typed is not in the
 * kiosk's memory once the session ends (kiosk_wipe_form). Every other
 * entry stays warm. Call between frames: images of secret text handed out
 * before are gone. Every entry the cache frees, secret or not, has its
 * string and layout wiped. */
void text_forget_secrets(struct text_ctx *ctx);

/* --- for text input (no fonts, no context needed) --- */

/* Where the last user-perceived character (extended grapheme cluster,
 * UAX #29) of utf8[0..len) starts, in bytes; 0 if len is 0. Backspace cuts
 * the text there: a letter with its combining marks goes as one, a
 * Tigrinya syllable is one code point, a flag two. Note that the Arabic
 * lam-alef "لا" is two clusters (ل and ا), as Unicode and every Arabic
 * keyboard have it. */
size_t text_last_grapheme_start(const char *utf8, size_t len);

/* The direction of utf8 as a paragraph of its own, by its first strong
 * character (FriBidi, UAX #9 rules P2-P3): true for Arabic or Hebrew
 * letters, false for Latin, Cyrillic or Ethiopic ones; default_rtl when
 * there is no strong character (empty, digits, punctuation). */
bool text_is_rtl(const char *utf8, bool default_rtl);

/* How much larger than a Latin letter of the same nominal size a script
 * is drawn. Naskh Arabic at the size of Noto Sans looks two thirds as tall
 * (its letters sit low in a tall em box), and Ethiopic syllables carry
 * small distinguishing marks: both are drawn at least 1.2x. Applied per
 * run, so a mixed line ("Jobteam: مساعدة") grows only where it must. In
 * percent of style.size. */
#define TEXT_SCALE_LATIN_PCT 100
#define TEXT_SCALE_ARABIC_PCT 125
#define TEXT_SCALE_ETHIOPIC_PCT 120

/* The default style values, resolved, so callers can reason about sizes. */
#define TEXT_DEFAULT_SIZE 16
#define TEXT_DEFAULT_COLOR 0x1d1d1bffu

#endif
