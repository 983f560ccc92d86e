/* fuzz_text.c — the text engine with any text in any style: bidi
 * (FriBidi), shaping (HarfBuzz through SDL2_ttf) with the shipped fonts
 * and their fallbacks, line breaking (libunibreak), wrapping, ellipsis,
 * rendering and the cache. Headless: the engine renders into SDL
 * surfaces, no window.
 *
 * The first FUZZ_TEXT_HEADER bytes choose the style (size, bold, the
 * paragraph's direction, the UI language, wrap width, line limit,
 * alignment, secret); the rest is the text, which need not be UTF-8.
 * Besides, the backspace helper (text_last_grapheme_start) must land on
 * a boundary inside the text, and the direction guess must not read past
 * it. The seeds are texts of every language the kiosk has. */
#include "fuzz.h"
#include "../../app/text/text_render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_TEXT_HEADER 4
/* Longer texts are cut: a screen's longest is a service's body. */
#define FUZZ_TEXT_MAX (CONTENT_MAX_TEXT_BYTES)
/* Small, so eviction runs too. */
#define FUZZ_TEXT_CACHE_BYTES (512 * 1024)
#define FUZZ_TEXT_MIN_SIZE 6
#define FUZZ_TEXT_SIZES 64

static const char *const langs[] = { NULL, "nl", "en", "fr", "ar", "fa", "ps", "ti", "so", "tr",
                                     "uk", "ru", "zz", "" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct text_ctx *ctx;
    static unsigned frame;
    if (!ctx) {
        char fonts[FUZZ_PATH_BYTES], err[WK_ERR_MAX];
        fuzz_quiet();
        snprintf(fonts, sizeof fonts, "%s/fonts", fuzz_root());
        if (text_open(&(struct text_config){ .fonts_dir = fonts,
                                             .cache_budget_bytes = FUZZ_TEXT_CACHE_BYTES },
                      &ctx, err)) {
            fprintf(stderr, "fuzz: text_open: %s\n", err);
            abort();
        }
    }
    if (size < FUZZ_TEXT_HEADER)
        return 0;
    size_t len = size - FUZZ_TEXT_HEADER;
    if (len > FUZZ_TEXT_MAX)
        len = FUZZ_TEXT_MAX;
    char *text = malloc(len + 1);
    if (!text)
        return 0;
    memcpy(text, data + FUZZ_TEXT_HEADER, len);
    text[len] = '\0';

    uint8_t flags = data[1];
    struct text_style style = {
        .size = FUZZ_TEXT_MIN_SIZE + data[0] % FUZZ_TEXT_SIZES,
        .bold = flags & 1,
        .rtl = flags & 2,
        .secret = flags & 4,
        .align = (enum text_align)((flags >> 3) % 3),
        .lang = langs[(flags >> 5) % (sizeof langs / sizeof *langs)],
        .max_width = data[2] * 4,
        .max_lines = data[3] % 8,
    };
    struct text_metrics m;
    if (text_measure(ctx, text, &style, &m) == 0 && (m.width < 0 || m.height < 0 || m.lines < 0))
        abort();
    struct text_image *image = text_render(ctx, text, &style);
    if (image && image->surface && (image->surface->w <= 0 || image->surface->h <= 0))
        abort();

    /* Backspace over the whole text, one character at a time. */
    size_t end = strlen(text);
    while (end > 0) {
        size_t start = text_last_grapheme_start(text, end);
        if (start >= end)
            abort();
        end = start;
    }
    (void)text_is_rtl(text, style.rtl);

    text_end_frame(ctx);
    if (++frame % 16 == 0)
        text_forget_secrets(ctx);
    free(text);
    return 0;
}
