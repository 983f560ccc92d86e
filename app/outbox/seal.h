/* seal.h — sealing a submission to the hub's public key (seal.c). */
#ifndef OUTBOX_SEAL_H
#define OUTBOX_SEAL_H

#include "outbox.h"

#define OUTBOX_HUB_KEY_BYTES 32

/* Seals plain to hub_key; *sealed is malloc'ed (size + 48 bytes). */
int outbox_seal(const unsigned char hub_key[OUTBOX_HUB_KEY_BYTES], const unsigned char *plain,
                size_t size, unsigned char **sealed, size_t *sealed_size, char err[WK_ERR_MAX]);

#endif
