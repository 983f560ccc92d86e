/* seal.c — sealing a submission to the hub (crypto_box_seal, libsodium):
 * an anonymous sender, an X25519 key pair made for each message and
 * forgotten at once, so only the holder of the hub's secret key can open
 * it — not the kiosk, not the next resident, not a thief of the SD card. */
#include "seal.h"

#include <sodium.h>
#include <stdlib.h>

int outbox_seal(const unsigned char hub_key[OUTBOX_HUB_KEY_BYTES], const unsigned char *plain,
                size_t size, unsigned char **sealed, size_t *sealed_size, char err[WK_ERR_MAX])
{
    if (sodium_init() < 0) {
        wk_seterr(err, "libsodium could not start");
        return WK_EUNSUPPORTED;
    }
    if (size == 0 || size + crypto_box_SEALBYTES > OUTBOX_MAX_PAYLOAD) {
        wk_seterr(err, "a submission of %zu bytes cannot be queued", size);
        return WK_EINVAL;
    }
    unsigned char *out = wk_malloc(size + crypto_box_SEALBYTES);
    if (!out) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    if (crypto_box_seal(out, plain, size, hub_key) != 0) {
        free(out);
        wk_seterr(err, "the submission could not be sealed (bad hub key?)");
        return WK_EINVAL;
    }
    *sealed = out;
    *sealed_size = size + crypto_box_SEALBYTES;
    return 0;
}
