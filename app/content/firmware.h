/* firmware.h — a signed firmware package (docs/protocol.md, "Firmware"):
 * a kiosk's .deb and, beside it, PACKAGE.deb.sig, the publisher's Ed25519
 * signature over the package's architecture, its firmware version (a
 * number that only rises: the kiosk's high-water mark), its dpkg version,
 * its size and its BLAKE2b-256 hash. welkomctl signs; the hub offers the
 * signature as the manifest; the kiosk checks it before it downloads the
 * package and the package against it after; the root helper welkom-update
 * checks both again before dpkg sees the package. */
#ifndef CONTENT_FIRMWARE_H
#define CONTENT_FIRMWARE_H

#include "content.h"

/* A kiosk package is a few MiB; this leaves room for growth. */
#define FIRMWARE_MAX_BYTES (128 * 1024 * 1024)
#define FIRMWARE_MAX_SIG_BYTES 1024
#define FIRMWARE_ARCH_MAX 16                /* "amd64", "arm64" */
#define FIRMWARE_PACKAGE_MAX 64             /* a dpkg version such as "0.15.0-1" */
#define FIRMWARE_VERSION_MAX 999999999999999999LL

/* The architecture dpkg calls this build's ("amd64", "arm64"), or "" for
 * one that is not packaged. */
const char *firmware_this_arch(void);

struct firmware_meta {
    char arch[FIRMWARE_ARCH_MAX];
    int64_t version;                        /* the high-water mark's number */
    char package[FIRMWARE_PACKAGE_MAX];     /* the package's dpkg Version */
    int64_t size;
    unsigned char hash[CONTENT_HASH_BYTES];
};

/* Signs deb_path as m's arch, version and package (m's size and hash are
 * filled from the file) with secret_key: the text of its .sig file. */
int firmware_sign(const char *deb_path, struct firmware_meta *m,
                  const unsigned char secret_key[CONTENT_SECRET_KEY_BYTES], char *sig_text, size_t sig_size,
                  char err[WK_ERR_MAX]);

/* Checks a signature's text: its format, a key among keys, the signature,
 * the architecture (arch, unless NULL) and a version above `above` (the
 * high-water mark; 0: any). Fills *m. The package is not read. */
int firmware_check_sig(const char *sig_text, const struct content_keys *keys, const char *arch, int64_t above,
                       struct firmware_meta *m, char err[WK_ERR_MAX]);

/* Reads a .sig file of at most FIRMWARE_MAX_SIG_BYTES into text. */
int firmware_read_sig(const char *sig_path, char text[FIRMWARE_MAX_SIG_BYTES + 1], char err[WK_ERR_MAX]);

/* Whether deb_path is exactly the package m describes: its size (a
 * truncated download says so) and its hash. */
int firmware_check_file(const char *deb_path, const struct firmware_meta *m, char err[WK_ERR_MAX]);

/* The package a firmware is: the kiosk's. */
#define FIRMWARE_PACKAGE_NAME "welkom"

/* One field of a .deb's control file (dpkg-deb --field). */
int firmware_deb_field(const char *deb_path, const char *field, char *out, size_t size, char err[WK_ERR_MAX]);
/* Whether the .deb's control says what m was signed as: the package
 * welkom, m's architecture and m's dpkg version. */
int firmware_check_control(const char *deb_path, const struct firmware_meta *m, char err[WK_ERR_MAX]);

#endif
