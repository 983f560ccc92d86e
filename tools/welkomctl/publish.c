/* publish.c — `welkomctl publish BUNDLE --key PUBLISHER.pub`: puts a
 * signed bundle on the hub, where kiosks fetch it at their next poll
 * (docs/protocol.md, "GET /v1/bundle/…"). The bundle is checked exactly as
 * a kiosk checks it (content_open: the signature against the publisher
 * keys the kiosks pin, then the whole database) before the hub's database
 * hears of it, so nothing a kiosk would refuse is ever offered to one.
 * The hub keeps its own copy of the two files (hub/store.h); a copy whose
 * SHA-256 is not that of the bytes hashed here is refused. Like the other
 * commands it prints one line of what it did, or one line on stderr of
 * why it did nothing, and exits 0 or 1. */
#include "welkomctl.h"
#include "../../app/content/content.h"
#include "../../hub/store.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CTL_PATH_MAX 1100
#define CTL_HASH_CHUNK (256 * 1024)
/* Hex digits of the hash in the line publish prints: enough to tell two
 * bundles apart at a glance, and to find in the manifest. */
#define CTL_SHA256_SHOWN 12

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "welkomctl: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 1;
}

/* The SHA-256 of the file at path, in lowercase hex, and its size. */
static int sha256_file(const char *path, char hex[HUB_SHA256_HEX + 1], int64_t *size, char err[WK_ERR_MAX])
{
    crypto_hash_sha256_state sha;
    unsigned char hash[crypto_hash_sha256_BYTES];
    unsigned char *buf = malloc(CTL_HASH_CHUNK);
    int fd = open(path, O_RDONLY | O_CLOEXEC), rc = WK_EIO;
    *size = 0;
    crypto_hash_sha256_init(&sha);
    if (!buf || fd < 0) {
        wk_seterr(err, "cannot read %s: %s", path, buf ? strerror(errno) : "out of memory");
        goto out;
    }
    for (;;) {
        ssize_t n = read(fd, buf, CTL_HASH_CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            wk_seterr(err, "cannot read %s: %s", path, strerror(errno));
            goto out;
        }
        if (n == 0)
            break;
        crypto_hash_sha256_update(&sha, buf, (unsigned long long)n);
        *size += n;
    }
    crypto_hash_sha256_final(&sha, hash);
    sodium_bin2hex(hex, HUB_SHA256_HEX + 1, hash, sizeof hash);
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    free(buf);
    return rc;
}

int ctl_cmd_publish(int argc, char **argv)
{
    static const struct option opts[] = { { "key", required_argument, NULL, 'k' },
                                          { "hub-db", required_argument, NULL, 'd' }, { 0 } };
    static const char usage[] = "usage: welkomctl publish BUNDLE --key PUBLISHER.pub [--key ...] [--hub-db FILE]";
    struct content_keys keys = { 0 };
    const char *db = HUB_STORE_DEFAULT_PATH;
    char err[WK_ERR_MAX];
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 'k') {
            if (keys.count == CONTENT_MAX_KEYS)
                return fail("at most %d publisher keys", CONTENT_MAX_KEYS);
            if (content_key_file_read(optarg, keys.key[keys.count], CONTENT_KEY_BYTES, err))
                return fail("%s", err);
            keys.count++;
        } else if (opt == 'd') {
            db = optarg;
        } else {
            return fail("%s", usage);
        }
    }
    /* --key is not optional: a bundle signed by a key the kiosks do not
     * pin would be fetched by every kiosk and refused by every one. */
    if (optind != argc - 1 || keys.count == 0)
        return fail("%s", usage);
    const char *bundle = argv[optind];
    char sig[CTL_PATH_MAX], hex[HUB_SHA256_HEX + 1];
    int64_t size;
    if ((size_t)snprintf(sig, sizeof sig, "%s.sig", bundle) >= sizeof sig)
        return fail("the path %s is too long", bundle);
    if (access(sig, F_OK) != 0)
        return fail("%s has no signature (%s; see welkomctl bundle sign): nothing published", bundle, sig);

    struct content *c;
    if (content_open(bundle, &keys, &c, err))
        return fail("%s: a kiosk would refuse it, nothing published: %s", bundle, err);
    int64_t version = content_meta(c)->content_version;
    content_close(c);
    if (sha256_file(bundle, hex, &size, err))
        return fail("%s", err);

    struct hub_store *s;
    if (hub_store_open(db, false, &s, err))
        return fail("%s", err);
    int rc = hub_store_bundle_publish(s, version, bundle, sig, hex, hub_now_ms(), err);
    hub_store_close(s);
    if (rc)
        return fail("%s: nothing published", err);
    printf("published content version %lld (%lld bytes, sha256 %.*s…) to %s; kiosks pick it up at their next poll\n",
           (long long)version, (long long)size, CTL_SHA256_SHOWN, hex, db);
    return 0;
}
