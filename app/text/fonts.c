/* fonts.c — the shipped fonts: finding the files in fonts/, opening one
 * TTF_Font per (face, weight, pixel size) on first use and keeping it for the
 * life of the engine, and answering "does this face have a glyph for this
 * character" for font fallback. Only the primary Latin font is required;
 * a missing script font is a warning and its script falls back. */
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
        ctx->coverage[face] = open_from_memory(ctx, face, 0, TEXT_COVERAGE_SIZE);
        if (!ctx->coverage[face]) {
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
    for (int i = 0; i < ctx->font_count; i++)
        TTF_CloseFont(ctx->fonts[i].ttf);
    ctx->font_count = 0;
    for (int face = 0; face < TEXT_FACE_COUNT; face++) {
        if (ctx->coverage[face])
            TTF_CloseFont(ctx->coverage[face]);
        ctx->coverage[face] = NULL;
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
    return face >= 0 && face < TEXT_FACE_COUNT && ctx->coverage[face] != NULL;
}

bool fonts_has_glyph(struct text_ctx *ctx, int face, uint32_t cp)
{
    if (!fonts_face_present(ctx, face))
        return false;
    return TTF_GlyphIsProvided32(ctx->coverage[face], cp) != 0;
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

/* Looks up an open font, or opens it. A bold request for a face whose bold
 * file is missing gets the regular file with SDL_ttf's synthetic bold; a
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
    bool synthetic_bold = bold && !ctx->face_data[face][1];
    int weight = bold && !synthetic_bold;
    TTF_Font *ttf = open_from_memory(ctx, face, weight, size);
    if (!ttf) {
        wk_log(WK_LOG_ERROR, "cannot open font %s at %d px: %s", ctx->face_paths[face][weight],
               size, TTF_GetError());
        return WK_EIO;
    }
    if (synthetic_bold)
        TTF_SetFontStyle(ttf, TTF_STYLE_BOLD);
    TTF_SetFontHinting(ttf, TTF_HINTING_LIGHT);
    int i = ctx->font_count++;
    ctx->fonts[i] = (struct text_font){
        .face = face, .bold = bold, .size = size, .ttf = ttf,
        .ascent = TTF_FontAscent(ttf), .descent = -TTF_FontDescent(ttf),
    };
    return i;
}
