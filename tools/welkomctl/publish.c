/* publish.c — `welkomctl publish BUNDLE --key PUBLISHER.pub`: puts a
 * signed bundle on the hub, where kiosks fetch it at their next poll
 * (docs/protocol.md, "GET /v1/bundle/…"). The bundle is checked exactly as
 * a kiosk checks it (content_open: the signature against the publisher
 * keys the kiosks pin, then the whole database) before the hub's database
 * hears of it, so nothing a kiosk would refuse is ever offered to one.
 * The hub keeps its own copy of the two files (hub/store.h); a copy whose
 * SHA-256 is not that of the bytes hashed here (hub_store_bundle_sha256)
 * is refused. Like the other
 * commands it prints one line of what it did, or one line on stderr of
 * why it did nothing, and exits 0 or 1. */
#include "welkomctl.h"
#include "../../app/content/content.h"
#include "../../hub/store.h"

#include <getopt.h>
#include <unistd.h>

#define CTL_PATH_MAX 1100
/* Hex digits of the hash in the line publish prints: enough to tell two
 * bundles apart at a glance, and to find in the manifest. */
#define CTL_SHA256_SHOWN 12

int ctl_publisher_options(int argc, char **argv, const char *command, struct content_keys *keys, const char **db)
{
    static const struct option opts[] = { { "key", required_argument, NULL, 'k' },
                                          { "hub-db", required_argument, NULL, 'd' }, { 0 } };
    char err[WK_ERR_MAX];
    int opt;
    *keys = (struct content_keys){ 0 };
    *db = HUB_STORE_DEFAULT_PATH;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 'k') {
            if (keys->count == CONTENT_MAX_KEYS)
                return ctl_fail("at most %d publisher keys", CONTENT_MAX_KEYS);
            if (content_key_file_read(optarg, keys->key[keys->count], CONTENT_KEY_BYTES, err))
                return ctl_fail("%s", err);
            keys->count++;
        } else if (opt == 'd') {
            *db = optarg;
        } else {
            return ctl_usage_fail(command);
        }
    }
    /* --key is not optional: a bundle or package signed by a key the
     * kiosks do not pin would be fetched by every kiosk and refused by
     * every one. */
    if (optind != argc - 1 || keys->count == 0)
        return ctl_usage_fail(command);
    return 0;
}

int ctl_cmd_publish(int argc, char **argv)
{
    struct content_keys keys;
    const char *db;
    char err[WK_ERR_MAX];
    if (ctl_publisher_options(argc, argv, "publish", &keys, &db))
        return 1;
    const char *bundle = argv[optind];
    char sig[CTL_PATH_MAX], hex[HUB_SHA256_HEX + 1];
    int64_t size;
    if ((size_t)snprintf(sig, sizeof sig, "%s.sig", bundle) >= sizeof sig)
        return ctl_fail("the path %s is too long", bundle);
    if (access(sig, F_OK) != 0)
        return ctl_fail("%s has no signature (%s; see welkomctl bundle sign): nothing published", bundle, sig);

    struct content *c;
    if (content_open(bundle, &keys, &c, err))
        return ctl_fail("%s: a kiosk would refuse it, nothing published: %s", bundle, err);
    int64_t version = content_meta(c)->content_version;
    content_close(c);
    if (hub_store_bundle_sha256(bundle, hex, &size, err))
        return ctl_fail("%s", err);

    struct hub_store *s;
    if (hub_store_open(db, false, &s, err))
        return ctl_fail("%s", err);
    int rc = hub_store_bundle_publish(s, version, bundle, sig, hex, wk_wall_ms(), err);
    hub_store_close(s);
    if (rc)
        return ctl_fail("%s: nothing published", err);
    printf("published content version %lld (%lld bytes, sha256 %.*s…) to %s; kiosks pick it up at their next poll\n",
           (long long)version, (long long)size, CTL_SHA256_SHOWN, hex, db);
    return 0;
}
