/* bundle.c — GET and HEAD /v1/bundle/… (docs/protocol.md): the manifest
 * of the newest published bundle, and the bundle and signature files of
 * any published version, each with an ETag ("v9", "v9-sig") so a kiosk
 * that has it already gets a 304 and no body. A file is handed to the
 * HTTP front as an open descriptor it sends from (sendfile), never read
 * into memory: a bundle may be 64 MiB and several kiosks fetch at once.
 * The hub does not check signatures here: welkomctl publish did, and
 * every kiosk does again. Logs name the kiosk and the version, nothing
 * else. */
#include "hub.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A version in a URL: decimal digits, no leading zero, at most this many
 * (HUB_BUNDLE_VERSION_MAX has 18 nines). */
#define HUB_VERSION_DIGITS_MAX 18
#define HUB_SIG_SUFFIX ".sig"

/* "9" or "9.sig": the version and which file. Anything else (a sign,
 * a leading zero, a 19th digit, another suffix) is no name of ours. */
static bool parse_name(const char *name, int64_t *version, bool *sig)
{
    size_t n = strspn(name, "0123456789");
    if (n == 0 || n > HUB_VERSION_DIGITS_MAX || name[0] == '0')
        return false;
    if (name[n] == '\0')
        *sig = false;
    else if (!strcmp(name + n, HUB_SIG_SUFFIX))
        *sig = true;
    else
        return false;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (name[i] - '0');
    *version = v;
    return true;
}

/* Whether If-None-Match names etag: "*", or a comma-separated list of
 * entity tags compared weakly (W/"v9" matches "v9", RFC 9110 13.1.2). */
static bool etag_matches(const char *header, const char *etag)
{
    size_t etag_len = strlen(etag);
    for (const char *p = header; p && *p;) {
        p += strspn(p, " \t,");
        size_t n = strcspn(p, ",");
        const char *next = p + n;
        while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        if (n == 1 && p[0] == '*')
            return true;
        if (n > 2 && !strncmp(p, "W/", 2)) {
            p += 2;
            n -= 2;
        }
        if (n == etag_len && !memcmp(p, etag, n))
            return true;
        p = next;
    }
    return false;
}

/* A store that cannot be read is the hub's trouble, not the kiosk's: 500,
 * and the reason in the hub's log. */
static void store_trouble(struct hub_reply *r, const char *err)
{
    wk_log(WK_LOG_ERROR, "hub: %s", err);
    hub_reply_error(r, 500, "the hub cannot read its bundles now");
}

static void manifest(struct hub_store *store, const char *if_none_match, struct hub_reply *r)
{
    struct hub_bundle b;
    char err[WK_ERR_MAX], number[24];
    int rc = hub_store_bundle_latest(store, &b, err);
    if (rc == WK_ENOTFOUND) {
        hub_reply_error(r, 404, "no bundle is published");
        return;
    }
    if (rc) {
        store_trouble(r, err);
        return;
    }
    char etag[HUB_ETAG_MAX];
    snprintf(etag, sizeof etag, "\"v%lld\"", (long long)b.version);
    if (etag_matches(if_none_match, etag)) {
        *r = (struct hub_reply){ .status = 304 };
        memcpy(r->etag, etag, sizeof etag);
        return;
    }
    /* Raw numbers: cJSON's are doubles, exact only up to 2^53. */
    cJSON *o = cJSON_CreateObject();
    bool ok = o != NULL;
    snprintf(number, sizeof number, "%lld", (long long)b.version);
    ok = ok && cJSON_AddRawToObject(o, "content_version", number);
    snprintf(number, sizeof number, "%lld", (long long)b.size);
    ok = ok && cJSON_AddRawToObject(o, "size", number);
    ok = ok && cJSON_AddStringToObject(o, "sha256", b.sha256);
    ok = ok && cJSON_AddStringToObject(o, "etag", etag);
    r->json = ok ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!r->json) {
        hub_reply_error(r, 500, "out of memory");
        return;
    }
    r->status = 200;
    memcpy(r->etag, etag, sizeof etag);
}

/* Hands the published file at path, expected to be size bytes, to the
 * HTTP front as an open descriptor; a file missing or of another size is
 * the hub's trouble (500, and the log says which). */
static void send_file(const struct hub_kiosk *k, const char *kind, const char *what, const char *path, int64_t size,
                      const char *etag, const char *content_type, bool head, struct hub_reply *r)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0) {
        wk_log(WK_LOG_ERROR, "hub: %s file %s %s: %s: %s", kind, what, errno == ENOENT ? "is missing" : "cannot be read",
               path, strerror(errno));
    } else if (!S_ISREG(st.st_mode) || st.st_size != size) {
        wk_log(WK_LOG_ERROR, "hub: %s file %s changed on disk: %s is %lld bytes, published as %lld", kind, what, path,
               (long long)st.st_size, (long long)size);
    } else {
        r->status = 200;
        snprintf(r->etag, sizeof r->etag, "%s", etag);
        r->file = true;
        r->fd = fd;
        r->file_size = (uint64_t)size;
        r->content_type = content_type;
        wk_log(WK_LOG_INFO, "hub: kiosk %s %s %s %s (%lld bytes)", k->name, head ? "asks about" : "downloads", kind,
               what, (long long)size);
        return;
    }
    if (fd >= 0)
        close(fd);
    hub_reply_error(r, 500, "the hub cannot send this file now");
}

static void file(struct hub_store *store, const struct hub_kiosk *k, int64_t version, bool sig,
                 const char *if_none_match, bool head, struct hub_reply *r)
{
    struct hub_bundle b;
    char err[WK_ERR_MAX];
    int rc = hub_store_bundle_get(store, version, &b, err);
    if (rc == WK_ENOTFOUND) {
        hub_reply_error(r, 404, "this content version is not published");
        return;
    }
    if (rc) {
        store_trouble(r, err);
        return;
    }
    const char *suffix = sig ? HUB_SIG_SUFFIX : "";
    char etag[HUB_ETAG_MAX];
    snprintf(etag, sizeof etag, "\"v%lld%s\"", (long long)version, sig ? "-sig" : "");
    if (etag_matches(if_none_match, etag)) {
        *r = (struct hub_reply){ .status = 304 };
        memcpy(r->etag, etag, sizeof etag);
        return;
    }
    /* Published files are never rewritten; one that is not the size it
     * was published at has been tampered with or damaged, and a kiosk
     * would refuse it anyway. */
    char what[64];
    snprintf(what, sizeof what, "%lld%s", (long long)version, suffix);
    send_file(k, "bundle", what, sig ? b.sig_path : b.path, sig ? b.sig_size : b.size, etag,
              sig ? "text/plain" : "application/octet-stream", head, r);
}

/* GET /v1/firmware/ARCH: the newest package's signature, which is its
 * manifest (arch, version, size, hash, all signed); GET
 * /v1/firmware/ARCH/VERSION.deb: the package. */
void hub_api_firmware(struct hub_store *store, const struct hub_kiosk *k, const char *name,
                      const char *if_none_match, bool head, struct hub_reply *r)
{
    char arch[HUB_FIRMWARE_ARCH_MAX], err[WK_ERR_MAX], etag[HUB_ETAG_MAX], what[64];
    size_t n = strcspn(name, "/");
    struct hub_firmware f;
    int64_t version = 0;
    bool sig;
    if (n >= sizeof arch) {
        hub_reply_error(r, 404, "no such firmware");
        return;
    }
    memcpy(arch, name, n);
    arch[n] = '\0';
    int rc;
    if (name[n] == '\0') {
        rc = hub_store_firmware_latest(store, arch, &f, err);
        sig = true;
    } else {
        char file_name[32];
        if (strlen(name + n + 1) >= sizeof file_name - 4) {
            hub_reply_error(r, 404, "no such firmware");
            return;
        }
        /* "7.deb": the name check of bundles, on "7" with ".deb" cut. */
        snprintf(file_name, sizeof file_name, "%s", name + n + 1);
        size_t len = strlen(file_name);
        bool is_sig_name;
        if (len < 5 || strcmp(file_name + len - 4, ".deb") != 0 ||
            (file_name[len - 4] = '\0', !parse_name(file_name, &version, &is_sig_name)) || is_sig_name) {
            hub_reply_error(r, 404, "no such firmware");
            return;
        }
        rc = hub_store_firmware_get(store, arch, version, &f, err);
        sig = false;
    }
    if (rc == WK_ENOTFOUND) {
        hub_reply_error(r, 404, "no such firmware is published");
        return;
    }
    snprintf(etag, sizeof etag, "\"fw%lld%s\"", (long long)f.version, sig ? "-sig" : "");
    if (etag_matches(if_none_match, etag)) {
        *r = (struct hub_reply){ .status = 304 };
        memcpy(r->etag, etag, sizeof etag);
        return;
    }
    snprintf(what, sizeof what, "%s %lld%s", arch, (long long)f.version, sig ? ".deb.sig" : ".deb");
    send_file(k, "firmware", what, sig ? f.sig_path : f.path, sig ? f.sig_size : f.size, etag,
              sig ? "text/plain" : "application/octet-stream", head, r);
}

void hub_api_bundle(struct hub_store *store, const struct hub_kiosk *k, const char *name,
                    const char *if_none_match, bool head, struct hub_reply *r)
{
    int64_t version;
    bool sig;
    if (!strcmp(name, "manifest"))
        manifest(store, if_none_match, r);
    else if (parse_name(name, &version, &sig))
        file(store, k, version, sig, if_none_match, head, r);
    else
        hub_reply_error(r, 404, "no such bundle");
}
