/* test_platform_text.c — text commands through the headless platform: the
 * text engine's image lands where the command says, with its own size, and
 * its texture is cached in the engine's slot so a redraw renders nothing
 * new; the platform may close before the text engine (textures go with the
 * renderer, the slots are emptied, not left dangling). */
#include "test.h"
#include "../platform/platform.h"
#include "../app/text/text.h"

#include <SDL.h>
#include <SDL_image.h>

#define WHITE 0xffffffffu
#define INK 0x000000ffu

static struct text_ctx *open_text(void)
{
    char fonts[1024], err[WK_ERR_MAX] = "";
    struct text_ctx *text = NULL;
    snprintf(fonts, sizeof fonts, "%s/fonts", test_root());
    if (text_open(&(struct text_config){ .fonts_dir = fonts }, &text, err) != 0)
        test_fail(__FILE__, __LINE__, "text_open: %s", err);
    return text;
}

static struct plat *open_headless(struct text_ctx *text)
{
    struct plat *plat = NULL;
    char err[WK_ERR_MAX] = "";
    if (plat_open(&(struct plat_desc){ .headless = true }, text, &plat, err) != 0)
        test_fail(__FILE__, __LINE__, "plat_open: %s", err);
    return plat;
}

/* How many pixels of rect in the screenshot are darker than mid grey. */
static int dark_pixels(struct plat *plat, const struct ui_rect *rect)
{
    char path[600], err[WK_ERR_MAX] = "";
    snprintf(path, sizeof path, "%s/text.png", test_tmpdir());
    if (plat_screenshot(plat, path, err) != 0)
        test_fail(__FILE__, __LINE__, "plat_screenshot: %s", err);
    SDL_Surface *loaded = IMG_Load(path);
    CHECK(loaded != NULL);
    SDL_Surface *s = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(loaded);
    int dark = 0;
    for (int y = WK_MAX(rect->y, 0); y < WK_MIN(rect->y + rect->h, s->h); y++) {
        const uint32_t *row = (const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch);
        for (int x = WK_MAX(rect->x, 0); x < WK_MIN(rect->x + rect->w, s->w); x++)
            if (((row[x] >> 8) & 0xff) < 0x80)
                dark++;
    }
    SDL_FreeSurface(s);
    return dark;
}

TEST(headless_draws_text_where_the_command_says)
{
    struct text_ctx *text = open_text();
    struct plat *plat = open_headless(text);
    struct text_style style = { .size = 40, .color = INK };
    struct text_metrics m;
    CHECK_OK(text_measure(text, "Welkom", &style, &m));
    CHECK(m.width > 40);
    CHECK(m.height > 20);

    struct ui_cmd cmds[] = {
        { .kind = UI_CMD_TEXT, .rect = { 100, 100, m.width, m.height }, .text = "Welkom",
          .style = style },
    };
    struct ui_frame frame = { .width = 1280, .height = 800, .background = WHITE,
                              .cmds = cmds, .cmd_count = WK_ARRAY_LEN(cmds) };
    plat_present(plat, &frame);
    text_end_frame(text);
    CHECK(dark_pixels(plat, &cmds[0].rect) > 100);
    /* Nothing outside the block. */
    CHECK_INT_EQ(dark_pixels(plat, &(struct ui_rect){ 0, 0, 1280, 100 }), 0);
    CHECK_INT_EQ(dark_pixels(plat, &(struct ui_rect){ 0, 100, 100, 700 }), 0);
    CHECK_INT_EQ(dark_pixels(plat, &(struct ui_rect){ 100 + m.width, 100, 1000, 700 }), 0);

    /* Drawn again: the texture comes from the slot, nothing is rendered. */
    struct text_stats before, after;
    text_get_stats(text, &before);
    plat_present(plat, &frame);
    text_end_frame(text);
    text_get_stats(text, &after);
    CHECK_INT_EQ(after.renders, before.renders);
    CHECK(dark_pixels(plat, &cmds[0].rect) > 100);

    /* Moved: same image, new place. */
    cmds[0].rect.x = 600;
    plat_present(plat, &frame);
    text_end_frame(text);
    CHECK_INT_EQ(dark_pixels(plat, &(struct ui_rect){ 100, 100, 400, m.height }), 0);
    CHECK(dark_pixels(plat, &cmds[0].rect) > 100);
    plat_close(plat);
    text_close(text);
}

TEST(platform_can_close_before_the_text_engine_and_a_new_one_reuses_it)
{
    struct text_ctx *text = open_text();
    struct ui_cmd cmds[] = {
        { .kind = UI_CMD_TEXT, .rect = { 10, 10, 400, 60 }, .text = "مرحبا Welkom ሰላም",
          .style = { .size = 32 } },
    };
    struct ui_frame frame = { .width = 1280, .height = 800, .background = WHITE,
                              .cmds = cmds, .cmd_count = WK_ARRAY_LEN(cmds) };
    for (int round = 0; round < 2; round++) {
        struct plat *plat = open_headless(text);
        plat_present(plat, &frame);
        CHECK(dark_pixels(plat, &cmds[0].rect) > 50);
        plat_close(plat);
        text_end_frame(text);
    }
    text_close(text);
}
