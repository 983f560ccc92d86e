/* bundle.c — new content from the hub: ask for the manifest (a 304 costs
 * a few hundred bytes), and when it offers a newer version, download the
 * signature and the bundle into STATE/download/ with a size cap and a
 * timeout, check size and SHA-256 against the manifest, and install it as
 * `welkom --install-bundle` would (content_store_install: the publisher's
 * signature, no rollback, an atomic switch). The kiosk shows it from its
 * next attract screen on; that is the UI thread's part. */
#include "sync_internal.h"
#include "../content/store.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHA256_HEX (crypto_hash_sha256_BYTES * 2)

struct manifest {
    int64_t version, size;
    char sha256[SHA256_HEX + 1];
};

static bool whole_number(const cJSON *v, int64_t lo, int64_t hi, int64_t *out)
{
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble != floor(v->valuedouble) ||
        v->valuedouble < (double)lo || v->valuedouble > (double)hi)
        return false;
    *out = (int64_t)v->valuedouble;
    return true;
}

static int parse_manifest(const char *body, struct manifest *m, char err[WK_ERR_MAX])
{
    cJSON *o = cJSON_Parse(body);
    const cJSON *sha = cJSON_GetObjectItemCaseSensitive(o, "sha256");
    int rc = WK_EFORMAT;
    if (!whole_number(cJSON_GetObjectItemCaseSensitive(o, "content_version"), 1, INT64_MAX / 2, &m->version))
        wk_seterr(err, "the manifest has no content_version");
    else if (!whole_number(cJSON_GetObjectItemCaseSensitive(o, "size"), 1, INT64_MAX / 2, &m->size))
        wk_seterr(err, "the manifest has no size");
    else if (!cJSON_IsString(sha) || strlen(sha->valuestring) != SHA256_HEX ||
             strspn(sha->valuestring, "0123456789abcdef") != SHA256_HEX)
        wk_seterr(err, "the manifest has no sha256");
    else {
        memcpy(m->sha256, sha->valuestring, SHA256_HEX + 1);
        rc = 0;
    }
    cJSON_Delete(o);
    return rc;
}

int sync_download(struct sync_http *h, const char *path, const char *file, int64_t max_bytes,
                  char err[WK_ERR_MAX])
{
    FILE *f = fopen(file, "wb");
    if (!f) {
        wk_seterr(err, "cannot write %s: %s", file, strerror(errno));
        return WK_EIO;
    }
    struct sync_answer a;
    int rc = sync_http_exchange(h, &(struct sync_request){ .method = "GET", .path = path, .sink = f,
                                                           .max_bytes = max_bytes }, &a, err);
    if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
        if (!rc)
            wk_seterr(err, "cannot write %s: %s", file, strerror(errno));
        rc = rc ? rc : WK_EIO;
    }
    fclose(f);
    if (!rc && a.status != 200) {
        wk_seterr(err, "GET %s: the hub answered %ld", path, a.status);
        rc = WK_ENET;
    }
    return rc;
}

/* Whether file is exactly the manifest's bytes. */
static int check_file(const char *file, const struct manifest *m, char err[WK_ERR_MAX])
{
    FILE *f = fopen(file, "rb");
    if (!f) {
        wk_seterr(err, "cannot read %s: %s", file, strerror(errno));
        return WK_EIO;
    }
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char buf[64 * 1024], digest[crypto_hash_sha256_BYTES];
    int64_t total = 0;
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        crypto_hash_sha256_update(&st, buf, n);
        total += (int64_t)n;
    }
    bool read_error = ferror(f);
    fclose(f);
    crypto_hash_sha256_final(&st, digest);
    char hex[SHA256_HEX + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    if (read_error) {
        wk_seterr(err, "cannot read %s", file);
        return WK_EIO;
    }
    if (total != m->size || strcmp(hex, m->sha256) != 0) {
        wk_seterr(err, "the downloaded bundle %lld is not the one the manifest describes "
                  "(%lld bytes, expected %lld, or another SHA-256)",
                  (long long)m->version, (long long)total, (long long)m->size);
        return WK_EFORMAT;
    }
    return 0;
}

int sync_get_manifest(struct sync_http *h, const char *path, const char *etag, const char *what,
                      struct sync_answer *a, char err[WK_ERR_MAX])
{
    if (sync_http_exchange(h, &(struct sync_request){ .method = "GET", .path = path, .if_none_match = etag },
                           a, err))
        return -1;
    if (a->status == 304 || a->status == 404)
        return 0;
    if (a->status != 200) {
        char reason[OUTBOX_ERROR_BYTES];
        sync_outcome_of(a, reason);
        wk_seterr(err, "%s manifest: %s", what, reason);
        return -1;
    }
    return 1;
}

enum sync_fetch_result sync_fetch_bundle(struct sync_http *h, struct sync_fetch *f, int64_t *version,
                                         char err[WK_ERR_MAX])
{
    struct sync_answer a;
    int got = sync_get_manifest(h, "/v1/bundle/manifest", f->etag, "bundle", &a, err);
    if (got <= 0)
        return got < 0 ? SYNC_FETCH_FAILED : SYNC_FETCH_NOTHING;
    struct manifest m;
    if (parse_manifest(a.body, &m, err))
        return SYNC_FETCH_FAILED;
    if (m.version <= f->have_version || m.version == f->refused_version) {
        snprintf(f->etag, sizeof f->etag, "%s", a.etag);
        return SYNC_FETCH_NOTHING;
    }
    *version = m.version;
    if (m.size > CONTENT_MAX_BUNDLE_BYTES) {
        wk_seterr(err, "bundle %lld is %lld bytes, more than a kiosk takes", (long long)m.version,
                  (long long)m.size);
        f->refused_version = m.version;
        return SYNC_FETCH_REFUSED;
    }

    char dir[1024], file[1100], sig[1110], path[64];
    snprintf(dir, sizeof dir, "%s/download", f->state_dir);
    snprintf(file, sizeof file, "%s/bundle.db", dir);
    snprintf(sig, sizeof sig, "%s.sig", file);
    if ((mkdir(f->state_dir, 0755) != 0 && errno != EEXIST) || (mkdir(dir, 0755) != 0 && errno != EEXIST)) {
        wk_seterr(err, "cannot create %s: %s", dir, strerror(errno));
        return SYNC_FETCH_FAILED;
    }
    enum sync_fetch_result result = SYNC_FETCH_FAILED;
    f->downloads++;
    snprintf(path, sizeof path, "/v1/bundle/%lld.sig", (long long)m.version);
    if (sync_download(h, path, sig, CONTENT_MAX_SIG_BYTES, err))
        goto out;
    snprintf(path, sizeof path, "/v1/bundle/%lld", (long long)m.version);
    if (sync_download(h, path, file, m.size, err))
        goto out;
    int64_t installed = 0;
    int rc = check_file(file, &m, err);
    if (!rc)
        rc = content_store_install(f->state_dir, file, f->keys, &installed, err);
    if (rc == WK_EIO || rc == WK_ENOMEM)
        goto out;                       /* the card or memory: try again later */
    if (rc) {
        /* Not this version again: a bad signature or an old version does
         * not become good by being downloaded once more. A newer one is. */
        f->refused_version = m.version;
        result = SYNC_FETCH_REFUSED;
        goto out;
    }
    f->have_version = installed;
    snprintf(f->etag, sizeof f->etag, "%s", a.etag);
    result = SYNC_FETCH_INSTALLED;
out:
    unlink(file);
    unlink(sig);
    return result;
}
