/* qr.h — draws UI_CMD_QR commands: the text encoded with libqrencode, one
 * texture per code at one pixel per module, scaled up by whole pixels.
 * Owned by a drawer (draw.c) because textures belong to one renderer.
 * Private to platform/. */
#ifndef QR_H
#define QR_H

#include <SDL.h>
#include "../../app/core/wk.h"
#include "../../app/ui/frame.h"

struct qr_cache;

int qr_cache_create(SDL_Renderer *renderer, struct qr_cache **out, char err[WK_ERR_MAX]);
void qr_cache_destroy(struct qr_cache *cache);

/* Draws cmd's QR code centred in cmd->rect; draws nothing when the text
 * does not fit in any QR code (logged once while it stays cached). */
void qr_draw(struct qr_cache *cache, const struct ui_cmd *cmd);

#endif
