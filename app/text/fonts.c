/* fonts.c — the shipped fonts: finding the files in fonts/, opening one
 * TTF_Font per face and weight and setting it to the pixel size of each use
 * (TTF_SetFontSize), keeping each size's metrics, and answering "does this
 * face have a glyph for this character" for font fallback. Only the
 * primary Latin font is required; a missing script font is a warning and
 * its script falls back.
 *
 * One TTF_Font per face rather than per size: each TTF_Font holds its own
 * FreeType face, HarfBuzz face and font (with copies of the shaping
 * tables) and a glyph cache, ~0.4 MiB for these faces; a kiosk screen uses
 * four or five sizes in three faces and two weights, ~23 fonts once every
 * screen has been seen. A size change empties that font's glyph cache;
 * rendered texts are cached above it (cache.c), so that costs little. */
#include "text_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Opens a font from the bytes read at text_open, at a pixel size. */
static TTF_Font *open_from_memory(const struct text_ctx *ctx, int face, int bold, int size)
{
    SDL_RWops *rw = SDL_RWFromConstMem(ctx->face_data[face][bold], (int)ctx->face_size[face][bold]);
    return rw ? TTF_OpenFontRW(rw, 1, size) : NULL;
}

#define FONT_PATH_MAX 1024

static const char *const face_files[TEXT_FACE_COUNT][2] = {
    [TEXT_FACE_LATIN] = { "NotoSans-Regular.ttf", "NotoSans-Bold.ttf" },
    [TEXT_FACE_ARABIC] = { "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf" },
    [TEXT_FACE_ETHIOPIC] = { "NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf" },
};

int fonts_open(struct text_ctx *ctx, const char *dir, char err[WK_ERR_MAX])
{
    char path[FONT_PATH_MAX];
    for (int face = 0; face < TEXT_FACE_COUNT; face++) {
        for (int bold = 0; bold < 2; bold++) {
            snprintf(path, sizeof path, "%s/%s", dir, face_files[face][bold]);
            bool primary = face == TEXT_FACE_LATIN && !bold;
            if (access(path, R_OK) != 0) {
                if (primary) {
                    wk_seterr(err, "the primary font %s is missing", path);
                    return WK_ENOTFOUND;
                }
                wk_log(WK_LOG_WARN, "font %s is missing; %s", path,
                       bold && ctx->face_paths[face][0] ? "the regular weight is used, made bold"
                            : "its text falls back to other fonts");
                continue;
            }
            ctx->face_data[face][bold] = SDL_LoadFile(path, &ctx->face_size[face][bold]);
            ctx->face_paths[face][bold] = wk_strdup(path);
            if (!ctx->face_data[face][bold] || !ctx->face_paths[face][bold]) {
                wk_seterr(err, "cannot read font %s: %s", path, SDL_GetError());
                return WK_EIO;
            }
        }
        if (!ctx->face_paths[face][0])
            continue;
        TTF_Font *regular = open_from_memory(ctx, face, 0, TEXT_COVERAGE_SIZE);
        if (regular) {
            TTF_SetFontHinting(regular, TTF_HINTING_LIGHT);
            ctx->open[face][0] = (struct text_face_font){ .ttf = regular,
                                                          .size = TEXT_COVERAGE_SIZE };
        } else {
            if (face == TEXT_FACE_LATIN) {
                wk_seterr(err, "cannot open the primary font %s: %s",
                          ctx->face_paths[face][0], TTF_GetError());
                return WK_EFORMAT;
            }
            wk_log(WK_LOG_WARN, "cannot open font %s (%s); its text falls back to other fonts",
                   ctx->face_paths[face][0], TTF_GetError());
            for (int bold = 0; bold < 2; bold++) {
                free(ctx->face_paths[face][bold]);
                SDL_free(ctx->face_data[face][bold]);
                ctx->face_paths[face][bold] = NULL;
                ctx->face_data[face][bold] = NULL;
            }
        }
    }
    return 0;
}

void fonts_close(struct text_ctx *ctx)
{
    ctx->font_count = 0;
    for (int face = 0; face < TEXT_FACE_COUNT; face++) {
        for (int bold = 0; bold < 2; bold++) {
            if (ctx->open[face][bold].ttf)
                TTF_CloseFont(ctx->open[face][bold].ttf);
            ctx->open[face][bold] = (struct text_face_font){ 0 };
        }
        for (int bold = 0; bold < 2; bold++) {
            free(ctx->face_paths[face][bold]);
            SDL_free(ctx->face_data[face][bold]);
            ctx->face_paths[face][bold] = NULL;
            ctx->face_data[face][bold] = NULL;
        }
    }
}

bool fonts_face_present(const struct text_ctx *ctx, int face)
{
    return face >= 0 && face < TEXT_FACE_COUNT && ctx->open[face][0].ttf != NULL;
}

bool fonts_has_glyph(struct text_ctx *ctx, int face, uint32_t cp)
{
    if (!fonts_face_present(ctx, face))
        return false;
    return TTF_GlyphIsProvided32(ctx->open[face][0].ttf, cp) != 0;
}

int fonts_face_for_script(hb_script_t script)
{
    switch (script) {
    case HB_SCRIPT_ARABIC: return TEXT_FACE_ARABIC;
    case HB_SCRIPT_ETHIOPIC: return TEXT_FACE_ETHIOPIC;
    default: return TEXT_FACE_LATIN;
    }
}

int fonts_face_size(int face, int size)
{
    int pct = face == TEXT_FACE_ARABIC ? TEXT_SCALE_ARABIC_PCT
            : face == TEXT_FACE_ETHIOPIC ? TEXT_SCALE_ETHIOPIC_PCT : TEXT_SCALE_LATIN_PCT;
    return WK_CLAMP((size * pct + 50) / 100, TEXT_MIN_SIZE, TEXT_MAX_SIZE);
}

/* The shared font of a face and weight, opened on first use: a bold
 * request for a face whose bold file is missing gets the regular file with
 * SDL_ttf's synthetic bold. NULL (logged) if it cannot be opened. */
static struct text_face_font *face_font(struct text_ctx *ctx, int face, bool bold)
{
    struct text_face_font *ff = &ctx->open[face][bold];
    if (ff->ttf)
        return ff;
    bool synthetic_bold = bold && !ctx->face_data[face][1];
    int weight = bold && !synthetic_bold;
    TTF_Font *ttf = open_from_memory(ctx, face, weight, TEXT_COVERAGE_SIZE);
    if (!ttf) {
        wk_log(WK_LOG_ERROR, "cannot open font %s: %s", ctx->face_paths[face][weight],
               TTF_GetError());
        return NULL;
    }
    if (synthetic_bold)
        TTF_SetFontStyle(ttf, TTF_STYLE_BOLD);
    TTF_SetFontHinting(ttf, TTF_HINTING_LIGHT);
    *ff = (struct text_face_font){ .ttf = ttf, .size = TEXT_COVERAGE_SIZE };
    return ff;
}

/* Sets a shared font to a pixel size unless it is there already. SDL_ttf
 * empties the font's glyph cache and tells HarfBuzz the new scale. */
static int resize(struct text_ctx *ctx, struct text_face_font *ff, int size)
{
    if (ff->size == size)
        return 0;
    if (TTF_SetFontSize(ff->ttf, size) != 0) {
        wk_log(WK_LOG_ERROR, "cannot set a font to %d px: %s", size, TTF_GetError());
        return WK_EIO;
    }
    ff->size = size;
    ctx->resizes++;
    return 0;
}

TTF_Font *fonts_sized(struct text_ctx *ctx, int font)
{
    const struct text_font *f = &ctx->fonts[font];
    struct text_face_font *ff = &ctx->open[f->face][f->bold];
    resize(ctx, ff, f->size);
    return ff->ttf;
}

/* Looks up a (face, weight, size), or adds it with that size's metrics. A
 * missing face gets the primary Latin font (which text_open guaranteed). */
int fonts_get(struct text_ctx *ctx, int face, bool bold, int size)
{
    if (!fonts_face_present(ctx, face))
        face = TEXT_FACE_LATIN;
    for (int i = 0; i < ctx->font_count; i++) {
        const struct text_font *f = &ctx->fonts[i];
        if (f->face == face && f->bold == bold && f->size == size)
            return i;
    }
    if (ctx->font_count >= TEXT_MAX_FONTS) {
        wk_log(WK_LOG_ERROR, "more than %d font sizes in use; refusing size %d",
               TEXT_MAX_FONTS, size);
        return WK_EUNSUPPORTED;
    }
    struct text_face_font *ff = face_font(ctx, face, bold);
    if (!ff)
        return WK_EIO;
    int rc = resize(ctx, ff, size);
    if (rc)
        return rc;
    int i = ctx->font_count++;
    ctx->fonts[i] = (struct text_font){
        .face = face, .bold = bold, .size = size,
        .ascent = TTF_FontAscent(ff->ttf), .descent = -TTF_FontDescent(ff->ttf),
    };
    return i;
}
