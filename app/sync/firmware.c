/* firmware.c — a new firmware package from the hub (docs/protocol.md,
 * "Firmware"). The manifest is the package's signature: it is checked
 * first (a pinned publisher key, this kiosk's architecture, a firmware
 * version above the one this kiosk last took), so nothing unsigned, for
 * another machine, or older is even downloaded; then the package is
 * downloaded into STATE/firmware/ with the signed size as its cap and
 * checked against the signed size and hash. Only then is it put where the
 * root helper welkom-update looks for it, welkom.deb and then
 * welkom.deb.sig (the signature last: its presence says the pair is
 * whole), and the high-water mark STATE/firmware/version raised. The
 * kiosk never installs anything itself: it has no root, and the helper
 * checks both files again before dpkg sees them. */
#include "sync_internal.h"
#include "../content/firmware.h"
#include "../content/store.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FW_DIR_MAX 1100
#define FW_PATH_MAX (FW_DIR_MAX + 32)

static int write_text(const char *path, const char *text, char err[WK_ERR_MAX])
{
    FILE *f = fopen(path, "w");
    bool ok = f && fputs(text, f) >= 0 && fflush(f) == 0 && fsync(fileno(f)) == 0;
    if ((f && fclose(f) != 0) || !ok) {
        wk_seterr(err, "cannot write %s: %s", path, strerror(errno));
        return WK_EIO;
    }
    return 0;
}

enum sync_fetch_result sync_fetch_firmware(struct sync_http *h, struct sync_firmware *fw, int64_t *version,
                                           char err[WK_ERR_MAX])
{
    char path[96];
    struct sync_answer a;
    snprintf(path, sizeof path, "/v1/firmware/%s", fw->arch);
    int got = sync_get_manifest(h, path, fw->etag, "firmware", &a, err);
    if (got <= 0)
        return got < 0 ? SYNC_FETCH_FAILED : SYNC_FETCH_NOTHING;
    /* The one this kiosk has already is no news; an older one is a replay. */
    struct firmware_meta m;
    int rc = firmware_check_sig(a.body, fw->keys, fw->arch, 0, &m, err);
    *version = m.version;
    if (!rc && m.version == fw->have_version) {
        snprintf(fw->etag, sizeof fw->etag, "%s", a.etag);
        return SYNC_FETCH_NOTHING;
    }
    if (!rc && m.version < fw->have_version)
        rc = firmware_check_sig(a.body, fw->keys, fw->arch, fw->have_version, &m, err);
    if (rc) {
        snprintf(fw->etag, sizeof fw->etag, "%s", a.etag);      /* not this one again */
        return SYNC_FETCH_REFUSED;
    }

    char dir[FW_DIR_MAX], part[FW_PATH_MAX], deb[FW_PATH_MAX], sig[FW_PATH_MAX], sig_new[FW_PATH_MAX + 8];
    snprintf(dir, sizeof dir, "%s/" SYNC_FIRMWARE_DIR, fw->state_dir);
    snprintf(part, sizeof part, "%s/.download.deb", dir);
    snprintf(deb, sizeof deb, "%s/" SYNC_FIRMWARE_DEB, dir);
    snprintf(sig, sizeof sig, "%s/" SYNC_FIRMWARE_DEB ".sig", dir);
    snprintf(sig_new, sizeof sig_new, "%s.new", sig);
    if ((mkdir(fw->state_dir, 0700) != 0 && errno != EEXIST) || (mkdir(dir, 0755) != 0 && errno != EEXIST)) {
        wk_seterr(err, "cannot create %s: %s", dir, strerror(errno));
        return SYNC_FETCH_FAILED;
    }
    fw->downloads++;
    snprintf(path, sizeof path, "/v1/firmware/%s/%lld.deb", fw->arch, (long long)m.version);
    enum sync_fetch_result result = SYNC_FETCH_FAILED;
    int64_t started = wk_mono_ms();
    if (sync_download(h, path, part, m.size, err))
        goto out;
    rc = firmware_check_file(part, &m, err);
    if (rc == WK_EINVAL) {
        snprintf(fw->etag, sizeof fw->etag, "%s", a.etag);
        result = SYNC_FETCH_REFUSED;
        goto out;
    }
    if (rc || (rc = write_text(sig_new, a.body, err)))
        goto out;
    /* The helper takes the pair once the signature is there: the package
     * first, then its signature, then the mark. */
    if (rename(part, deb) != 0 || rename(sig_new, sig) != 0 || wk_fsync_dir(dir) != 0) {
        wk_seterr(err, "cannot put firmware %lld in %s: %s", (long long)m.version, dir, strerror(errno));
        goto out;
    }
    if (content_mark_write(dir, SYNC_FIRMWARE_MARK, m.version, err))
        wk_log(WK_LOG_WARN, "sync: %s", err);
    fw->have_version = m.version;
    fw->last_download_ms = wk_mono_ms() - started;
    snprintf(fw->etag, sizeof fw->etag, "%s", a.etag);
    result = SYNC_FETCH_INSTALLED;
out:
    unlink(part);
    unlink(sig_new);
    return result;
}
