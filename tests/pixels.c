/* pixels.c — see pixels.h. */
#include "pixels.h"
#include "test.h"

#include <SDL_image.h>

SDL_Surface *test_load_argb(const char *png_path)
{
    SDL_Surface *loaded = IMG_Load(png_path);
    if (!loaded)
        test_fail(__FILE__, __LINE__, "cannot read %s: %s", png_path, IMG_GetError());
    SDL_Surface *argb = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(loaded);
    CHECK(argb != NULL);
    return argb;
}

uint32_t test_pixel(const SDL_Surface *s, int x, int y)
{
    const uint32_t *row = (const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch);
    return (row[x] << 8) | (row[x] >> 24);
}
