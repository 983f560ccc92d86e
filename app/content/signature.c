/* signature.c — Ed25519 signatures of bundles (libsodium): publisher keys,
 * the signature file's format (docs/bundle.md, "Signature"), signing for
 * welkomctl and verifying for the kiosk. The signature covers a domain
 * separator and the BLAKE2b-256 hash of the whole bundle file. */
#include "content.h"
#include "content_internal.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIG_MAGIC "welkom-bundle-signature 1"
/* Signing "welkom-bundle-v1" + hash, never a bare hash, means a key used
 * for something else can never be tricked into signing a bundle. */
static const unsigned char SIG_DOMAIN[16] = "welkom-bundle-v1";
#define B64_VARIANT sodium_base64_VARIANT_ORIGINAL

int content_crypto_init(char err[WK_ERR_MAX])
{
    if (sodium_init() < 0) {
        wk_seterr(err, "libsodium could not start");
        return WK_EUNSUPPORTED;
    }
    return 0;
}

int content_decode_base64(const char *text, unsigned char *out, size_t size, char err[WK_ERR_MAX],
                          const char *what)
{
    size_t len = 0;
    const char *end;
    if (sodium_base642bin(out, size, text, strlen(text), " \t\r\n", &len, &end, B64_VARIANT) != 0 ||
        len != size || *end != '\0') {
        wk_seterr(err, "%s is not %zu bytes of base64", what, size);
        return WK_EFORMAT;
    }
    return 0;
}

int content_keys_add(struct content_keys *keys, const char *base64, char err[WK_ERR_MAX])
{
    if (keys->count >= CONTENT_MAX_KEYS) {
        wk_seterr(err, "more than %d publisher keys", CONTENT_MAX_KEYS);
        return WK_EINVAL;
    }
    int rc = content_decode_base64(base64, keys->key[keys->count], CONTENT_KEY_BYTES, err, "publisher key");
    if (rc == 0)
        keys->count++;
    return rc;
}

int content_key_file_read(const char *path, unsigned char *key, size_t key_size,
                          char err[WK_ERR_MAX])
{
    FILE *f = fopen(path, "r");
    if (!f) {
        wk_seterr(err, "cannot read key %s: %s", path, strerror(errno));
        return WK_EIO;
    }
    char line[256];
    int rc = WK_EFORMAT;
    wk_seterr(err, "key file %s holds no key", path);
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        rc = content_decode_base64(line, key, key_size, err, path);
        break;
    }
    sodium_memzero(line, sizeof line);
    fclose(f);
    return rc;
}

static void hash_bytes(const unsigned char *data, size_t size, unsigned char hash[CONTENT_HASH_BYTES])
{
    crypto_generichash(hash, CONTENT_HASH_BYTES, data, size, NULL, 0);
}

static void signed_message(const unsigned char hash[CONTENT_HASH_BYTES],
                           unsigned char msg[sizeof SIG_DOMAIN + CONTENT_HASH_BYTES])
{
    memcpy(msg, SIG_DOMAIN, sizeof SIG_DOMAIN);
    memcpy(msg + sizeof SIG_DOMAIN, hash, CONTENT_HASH_BYTES);
}

int content_sign(const unsigned char *bundle, size_t size,
                 const unsigned char secret_key[CONTENT_SECRET_KEY_BYTES],
                 char *sig_text, size_t sig_size, char err[WK_ERR_MAX])
{
    int rc = content_crypto_init(err);
    if (rc)
        return rc;
    unsigned char hash[CONTENT_HASH_BYTES], sig[CONTENT_SIG_BYTES];
    unsigned char msg[sizeof SIG_DOMAIN + CONTENT_HASH_BYTES];
    hash_bytes(bundle, size, hash);
    signed_message(hash, msg);
    crypto_sign_detached(sig, NULL, msg, sizeof msg, secret_key);

    unsigned char public_key[CONTENT_KEY_BYTES];
    crypto_sign_ed25519_sk_to_pk(public_key, secret_key);
    char key_b64[sodium_base64_ENCODED_LEN(CONTENT_KEY_BYTES, B64_VARIANT)];
    char sig_b64[sodium_base64_ENCODED_LEN(CONTENT_SIG_BYTES, B64_VARIANT)];
    char hash_hex[CONTENT_HASH_BYTES * 2 + 1];
    sodium_bin2base64(key_b64, sizeof key_b64, public_key, sizeof public_key, B64_VARIANT);
    sodium_bin2base64(sig_b64, sizeof sig_b64, sig, sizeof sig, B64_VARIANT);
    sodium_bin2hex(hash_hex, sizeof hash_hex, hash, sizeof hash);
    if ((size_t)snprintf(sig_text, sig_size, SIG_MAGIC "\nkey %s\nhash %s\nsignature %s\n",
                         key_b64, hash_hex, sig_b64) >= sig_size) {
        wk_seterr(err, "signature buffer too small");
        return WK_EINVAL;
    }
    return 0;
}

struct sig_file {
    unsigned char key[CONTENT_KEY_BYTES];
    unsigned char hash[CONTENT_HASH_BYTES];
    unsigned char sig[CONTENT_SIG_BYTES];
};

/* Reads "NAME VALUE" lines in the fixed order of the format. */
static int parse_sig(char *text, struct sig_file *out, char err[WK_ERR_MAX])
{
    char *save = NULL;
    char *line = strtok_r(text, "\n", &save);
    if (!line || strcmp(line, SIG_MAGIC) != 0) {
        wk_seterr(err, "not a welkom bundle signature (first line must be \"" SIG_MAGIC "\")");
        return WK_EFORMAT;
    }
    static const char *const names[] = { "key ", "hash ", "signature " };
    for (size_t i = 0; i < WK_ARRAY_LEN(names); i++) {
        line = strtok_r(NULL, "\n", &save);
        if (!line || strncmp(line, names[i], strlen(names[i])) != 0) {
            wk_seterr(err, "signature file: expected a \"%s\" line", names[i]);
            return WK_EFORMAT;
        }
        const char *value = line + strlen(names[i]);
        size_t len = 0;
        int rc = 0;
        switch (i) {
        case 0: rc = content_decode_base64(value, out->key, sizeof out->key, err, "signature key"); break;
        case 1:
            if (sodium_hex2bin(out->hash, sizeof out->hash, value, strlen(value), NULL, &len,
                               NULL) != 0 || len != sizeof out->hash) {
                wk_seterr(err, "signature file: hash is not %d hex digits", CONTENT_HASH_BYTES * 2);
                rc = WK_EFORMAT;
            }
            break;
        case 2: rc = content_decode_base64(value, out->sig, sizeof out->sig, err, "signature"); break;
        }
        if (rc)
            return rc;
    }
    return 0;
}

int content_signature_key(const char *sig_path, unsigned char key[CONTENT_KEY_BYTES],
                          char err[WK_ERR_MAX])
{
    char *text = NULL;
    size_t size = 0;
    int rc = content_read_file(sig_path, CONTENT_MAX_SIG_BYTES, (unsigned char **)&text, &size,
                               true, err);
    struct sig_file sig;
    if (rc == 0 && (rc = parse_sig(text, &sig, err)) == 0)
        memcpy(key, sig.key, CONTENT_KEY_BYTES);
    content_file_free((unsigned char *)text, size);
    return rc;
}

int content_verify_bytes(const unsigned char *bundle, size_t size, const char *sig_path,
                         const struct content_keys *keys, char err[WK_ERR_MAX])
{
    int rc = content_crypto_init(err);
    if (rc)
        return rc;
    char *text = NULL;
    size_t text_size = 0;
    if ((rc = content_read_file(sig_path, CONTENT_MAX_SIG_BYTES, (unsigned char **)&text,
                                &text_size, true, err)))
        return rc;
    struct sig_file sig;
    if ((rc = parse_sig(text, &sig, err)))
        goto out;
    bool pinned = false;
    for (size_t i = 0; i < keys->count && !pinned; i++)
        pinned = sodium_memcmp(keys->key[i], sig.key, CONTENT_KEY_BYTES) == 0;
    if (!pinned) {
        wk_seterr(err, "signed by a key this kiosk does not trust");
        rc = WK_EINVAL;
        goto out;
    }
    unsigned char hash[CONTENT_HASH_BYTES];
    hash_bytes(bundle, size, hash);
    if (sodium_memcmp(hash, sig.hash, sizeof hash) != 0) {
        wk_seterr(err, "the bundle's hash does not match its signature (changed or truncated)");
        rc = WK_EINVAL;
        goto out;
    }
    unsigned char msg[sizeof SIG_DOMAIN + CONTENT_HASH_BYTES];
    signed_message(hash, msg);
    if (crypto_sign_verify_detached(sig.sig, msg, sizeof msg, sig.key) != 0) {
        wk_seterr(err, "the signature does not verify");
        rc = WK_EINVAL;
        goto out;
    }
    rc = 0;
out:
    content_file_free((unsigned char *)text, text_size);
    return rc;
}

int content_verify(const char *bundle_path, const char *sig_path, const struct content_keys *keys,
                   char err[WK_ERR_MAX])
{
    unsigned char *bytes = NULL;
    size_t size = 0;
    int rc = content_read_file(bundle_path, CONTENT_MAX_BUNDLE_BYTES, &bytes, &size, false, err);
    if (rc == 0)
        rc = content_verify_bytes(bytes, size, sig_path, keys, err);
    content_file_free(bytes, size);
    return rc;
}
