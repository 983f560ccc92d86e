/* firmware.c — signing and checking firmware packages (firmware.h). The
 * signature file's text is its own manifest:
 *
 *   welkom-firmware-signature 1
 *   arch arm64
 *   version 7
 *   package 0.15.0
 *   size 3456789
 *   hash <BLAKE2b-256 of the .deb, hex>
 *   key <publisher public key, base64>
 *   signature <Ed25519, base64>
 *
 * The signature covers "welkom-firmware1" (16 bytes, a domain separator
 * no bundle signature uses) followed by the file's bytes up to the key
 * line, so every field a kiosk or the helper acts on is signed, and a
 * package signed for arm64 or as version 6 cannot be passed off as
 * anything else. */
#include "firmware.h"
#include "content_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define FW_MAGIC "welkom-firmware-signature 1"
static const unsigned char FW_DOMAIN[16] = "welkom-firmware1";
#define FW_B64 sodium_base64_VARIANT_ORIGINAL
#define FW_HEX (CONTENT_HASH_BYTES * 2)
#define FW_CHUNK (64 * 1024)

const char *firmware_this_arch(void)
{
#if defined(__aarch64__)
    return "arm64";
#elif defined(__x86_64__)
    return "amd64";
#else
    return "";
#endif
}

/* BLAKE2b-256 and size of a file, read in pieces (a package is not read
 * into memory); at most FIRMWARE_MAX_BYTES. */
static int hash_file(const char *path, unsigned char hash[CONTENT_HASH_BYTES], int64_t *size, char err[WK_ERR_MAX])
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        wk_seterr(err, "cannot read %s: %s", path, strerror(errno));
        return errno == ENOENT ? WK_ENOTFOUND : WK_EIO;
    }
    unsigned char *buf = wk_malloc(FW_CHUNK);
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, CONTENT_HASH_BYTES);
    int rc = buf ? 0 : WK_ENOMEM;
    size_t n;
    *size = 0;
    while (!rc && (n = fread(buf, 1, FW_CHUNK, f)) > 0) {
        crypto_generichash_update(&st, buf, n);
        *size += (int64_t)n;
        if (*size > FIRMWARE_MAX_BYTES) {
            wk_seterr(err, "%s is larger than %d MiB", path, FIRMWARE_MAX_BYTES / (1024 * 1024));
            rc = WK_EINVAL;
        }
    }
    if (!rc && ferror(f)) {
        wk_seterr(err, "cannot read %s", path);
        rc = WK_EIO;
    }
    if (rc == WK_ENOMEM)
        wk_seterr(err, "out of memory");
    crypto_generichash_final(&st, hash, CONTENT_HASH_BYTES);
    free(buf);
    fclose(f);
    return rc;
}

/* A dpkg version or an architecture: printable, no space, not empty. */
static bool word_ok(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n >= max)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] <= ' ' || s[i] > '~')
            return false;
    return true;
}

static int signed_text(const struct firmware_meta *m, char *out, size_t size, char err[WK_ERR_MAX])
{
    char hex[FW_HEX + 1];
    sodium_bin2hex(hex, sizeof hex, m->hash, sizeof m->hash);
    int n = snprintf(out, size, FW_MAGIC "\narch %s\nversion %lld\npackage %s\nsize %lld\nhash %s\n", m->arch,
                     (long long)m->version, m->package, (long long)m->size, hex);
    if (n < 0 || (size_t)n >= size) {
        wk_seterr(err, "signature buffer too small");
        return WK_EINVAL;
    }
    return n;
}

static void signed_message(const char *text, size_t len, unsigned char *msg)
{
    memcpy(msg, FW_DOMAIN, sizeof FW_DOMAIN);
    memcpy(msg + sizeof FW_DOMAIN, text, len);
}

int firmware_sign(const char *deb_path, struct firmware_meta *m,
                  const unsigned char secret_key[CONTENT_SECRET_KEY_BYTES], char *sig_text, size_t sig_size,
                  char err[WK_ERR_MAX])
{
    int rc = content_crypto_init(err);
    if (rc)
        return rc;
    if (!word_ok(m->arch, sizeof m->arch) || !word_ok(m->package, sizeof m->package)) {
        wk_seterr(err, "the architecture or the package version is empty or has spaces");
        return WK_EINVAL;
    }
    if (m->version < 1 || m->version > FIRMWARE_VERSION_MAX) {
        wk_seterr(err, "firmware version %lld is not between 1 and %lld", (long long)m->version,
                  (long long)FIRMWARE_VERSION_MAX);
        return WK_EINVAL;
    }
    if ((rc = hash_file(deb_path, m->hash, &m->size, err)))
        return rc;
    int n = signed_text(m, sig_text, sig_size, err);
    if (n < 0)
        return n;
    unsigned char msg[sizeof FW_DOMAIN + FIRMWARE_MAX_SIG_BYTES], sig[CONTENT_SIG_BYTES], pk[CONTENT_KEY_BYTES];
    signed_message(sig_text, (size_t)n, msg);
    crypto_sign_detached(sig, NULL, msg, sizeof FW_DOMAIN + (size_t)n, secret_key);
    crypto_sign_ed25519_sk_to_pk(pk, secret_key);
    char key_b64[sodium_base64_ENCODED_LEN(CONTENT_KEY_BYTES, FW_B64)];
    char sig_b64[sodium_base64_ENCODED_LEN(CONTENT_SIG_BYTES, FW_B64)];
    sodium_bin2base64(key_b64, sizeof key_b64, pk, sizeof pk, FW_B64);
    sodium_bin2base64(sig_b64, sizeof sig_b64, sig, sizeof sig, FW_B64);
    if ((size_t)snprintf(sig_text + n, sig_size - (size_t)n, "key %s\nsignature %s\n", key_b64, sig_b64) >=
        sig_size - (size_t)n) {
        wk_seterr(err, "signature buffer too small");
        return WK_EINVAL;
    }
    return 0;
}

/* The value of the line "NAME VALUE" at *p, copied into out (at most
 * size - 1 bytes); *p moves past it. */
static bool take_line(const char **p, const char *name, char *out, size_t size)
{
    size_t name_len = strlen(name);
    if (strncmp(*p, name, name_len) != 0 || (*p)[name_len] != ' ')
        return false;
    const char *value = *p + name_len + 1, *end = strchr(value, '\n');
    if (!end || (size_t)(end - value) >= size)
        return false;
    memcpy(out, value, (size_t)(end - value));
    out[end - value] = '\0';
    *p = end + 1;
    return true;
}

int firmware_check_sig(const char *text, const struct content_keys *keys, const char *arch, int64_t above,
                       struct firmware_meta *m, char err[WK_ERR_MAX])
{
    int rc = content_crypto_init(err);
    if (rc)
        return rc;
    memset(m, 0, sizeof *m);
    char version[24], size[24], hex[FW_HEX + 1], key_b64[64], sig_b64[128];
    unsigned char key[CONTENT_KEY_BYTES], sig[CONTENT_SIG_BYTES];
    const char *p = text;
    size_t len = 0;
    if (strncmp(p, FW_MAGIC "\n", strlen(FW_MAGIC) + 1) != 0) {
        wk_seterr(err, "not a welkom firmware signature (first line must be \"" FW_MAGIC "\")");
        return WK_EFORMAT;
    }
    p += strlen(FW_MAGIC) + 1;
    if (!take_line(&p, "arch", m->arch, sizeof m->arch) || !word_ok(m->arch, sizeof m->arch) ||
        !take_line(&p, "version", version, sizeof version) || content_version_parse(version, &m->version) ||
        !take_line(&p, "package", m->package, sizeof m->package) || !word_ok(m->package, sizeof m->package) ||
        !take_line(&p, "size", size, sizeof size) || content_version_parse(size, &m->size) ||
        !take_line(&p, "hash", hex, sizeof hex) ||
        sodium_hex2bin(m->hash, sizeof m->hash, hex, strlen(hex), NULL, &len, NULL) != 0 || len != sizeof m->hash) {
        wk_seterr(err, "the firmware signature's arch, version, package, size or hash line is missing or bad");
        return WK_EFORMAT;
    }
    size_t signed_len = (size_t)(p - text);
    if (!take_line(&p, "key", key_b64, sizeof key_b64) || !take_line(&p, "signature", sig_b64, sizeof sig_b64) ||
        *p != '\0' || content_decode_base64(key_b64, key, sizeof key, err, "signature key") ||
        content_decode_base64(sig_b64, sig, sizeof sig, err, "signature")) {
        wk_seterr(err, "the firmware signature's key or signature line is missing or bad");
        return WK_EFORMAT;
    }
    bool pinned = false;
    for (size_t i = 0; i < keys->count && !pinned; i++)
        pinned = sodium_memcmp(keys->key[i], key, CONTENT_KEY_BYTES) == 0;
    if (!pinned) {
        wk_seterr(err, "firmware %lld is signed by a key this kiosk does not trust", (long long)m->version);
        return WK_EINVAL;
    }
    unsigned char msg[sizeof FW_DOMAIN + FIRMWARE_MAX_SIG_BYTES];
    if (signed_len > FIRMWARE_MAX_SIG_BYTES) {
        wk_seterr(err, "the firmware signature is too long");
        return WK_EFORMAT;
    }
    signed_message(text, signed_len, msg);
    if (crypto_sign_verify_detached(sig, msg, sizeof FW_DOMAIN + signed_len, key) != 0) {
        wk_seterr(err, "the firmware signature does not verify (changed after signing)");
        return WK_EINVAL;
    }
    if (arch && strcmp(arch, m->arch) != 0) {
        wk_seterr(err, "firmware %lld is for %s, this kiosk is %s", (long long)m->version, m->arch, arch);
        return WK_EINVAL;
    }
    if (m->version <= above) {
        wk_seterr(err, "firmware %lld is not newer than %lld, which this kiosk already had (an old package "
                  "offered again is never installed)", (long long)m->version, (long long)above);
        return WK_EINVAL;
    }
    if (m->size > FIRMWARE_MAX_BYTES) {
        wk_seterr(err, "firmware %lld is %lld bytes, more than a kiosk takes", (long long)m->version,
                  (long long)m->size);
        return WK_EINVAL;
    }
    return 0;
}

int firmware_read_sig(const char *sig_path, char text[FIRMWARE_MAX_SIG_BYTES + 1], char err[WK_ERR_MAX])
{
    unsigned char *bytes = NULL;
    size_t size = 0;
    int rc = content_read_file(sig_path, FIRMWARE_MAX_SIG_BYTES, &bytes, &size, true, err);
    if (rc == 0)
        memcpy(text, bytes, size + 1);
    content_file_free(bytes, size);
    return rc;
}

int firmware_check_file(const char *deb_path, const struct firmware_meta *m, char err[WK_ERR_MAX])
{
    unsigned char hash[CONTENT_HASH_BYTES];
    int64_t size = 0;
    int rc = hash_file(deb_path, hash, &size, err);
    if (rc)
        return rc;
    if (size != m->size) {
        wk_seterr(err, "firmware %lld is %lld bytes, signed as %lld (%s)", (long long)m->version, (long long)size,
                  (long long)m->size, size < m->size ? "truncated" : "something was added");
        return WK_EINVAL;
    }
    if (sodium_memcmp(hash, m->hash, sizeof hash) != 0) {
        wk_seterr(err, "firmware %lld is not the package that was signed (its hash differs: damaged or "
                  "changed)", (long long)m->version);
        return WK_EINVAL;
    }
    return 0;
}

/* dpkg-deb --field, run without a shell, its one line of output read
 * through a pipe. */
int firmware_deb_field(const char *deb_path, const char *field, char *out, size_t size, char err[WK_ERR_MAX])
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        wk_seterr(err, "cannot start dpkg-deb: %s", strerror(errno));
        return WK_EIO;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    char *argv[] = { "dpkg-deb", "--field", (char *)deb_path, (char *)field, NULL };
    extern char **environ;
    pid_t pid;
    int spawned = posix_spawnp(&pid, "dpkg-deb", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    size_t got = 0;
    ssize_t n;
    char buf[256];
    while (spawned == 0 && (n = read(fds[0], buf, sizeof buf)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        for (ssize_t i = 0; i < n; i++)
            if (got + 1 < size)
                out[got++] = buf[i];
    }
    close(fds[0]);
    out[got] = '\0';
    out[strcspn(out, "\n")] = '\0';
    int status = 0;
    if (spawned != 0) {
        wk_seterr(err, "cannot run dpkg-deb: %s", strerror(spawned));
        return WK_EIO;
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !out[0]) {
        wk_seterr(err, "%s is not a Debian package with a %s field", deb_path, field);
        return WK_EFORMAT;
    }
    return 0;
}

int firmware_check_control(const char *deb_path, const struct firmware_meta *m, char err[WK_ERR_MAX])
{
    char value[FIRMWARE_PACKAGE_MAX + 16];
    int rc = firmware_deb_field(deb_path, "Package", value, sizeof value, err);
    if (!rc && strcmp(value, FIRMWARE_PACKAGE_NAME) != 0) {
        wk_seterr(err, "%s is the package \"%s\", not " FIRMWARE_PACKAGE_NAME, deb_path, value);
        rc = WK_EINVAL;
    }
    if (!rc && !(rc = firmware_deb_field(deb_path, "Architecture", value, sizeof value, err)) &&
        strcmp(value, m->arch) != 0) {
        wk_seterr(err, "%s is built for %s, signed as %s", deb_path, value, m->arch);
        rc = WK_EINVAL;
    }
    if (!rc && !(rc = firmware_deb_field(deb_path, "Version", value, sizeof value, err)) &&
        strcmp(value, m->package) != 0) {
        wk_seterr(err, "%s is version %s, signed as %s", deb_path, value, m->package);
        rc = WK_EINVAL;
    }
    return rc;
}
