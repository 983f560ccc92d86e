/* pixels.h — reading screenshots back in tests: a PNG as an ARGB8888
 * surface, and one pixel as 0xRRGGBBAA like the colours of a frame. */
#ifndef WK_PIXELS_H
#define WK_PIXELS_H

#include <SDL.h>
#include <stdint.h>

/* Fails the test if the file cannot be read. */
SDL_Surface *test_load_argb(const char *png_path);
uint32_t test_pixel(const SDL_Surface *s, int x, int y);

#endif
