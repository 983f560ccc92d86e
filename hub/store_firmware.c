/* store_firmware.c — the firmware packages the hub offers (store.h), one
 * list per architecture, kept as files only: firmware/ARCH/VERSION.deb and
 * VERSION.deb.sig beside hub.db. The signature file is renamed into place
 * last, so a version is offered once both files are whole; the newest
 * version with a signature is the one kiosks are offered. The hub does not
 * read the signature: welkomctl firmware publish checked it, and each
 * kiosk and its root helper check it again. */
#include "store_internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HUB_FIRMWARE_DIR "firmware"
#define HUB_FIRMWARE_MAX_BYTES (128 * 1024 * 1024)   /* FIRMWARE_MAX_BYTES */
#define HUB_FIRMWARE_SIG_MAX 1024                    /* FIRMWARE_MAX_SIG_BYTES */
#define HUB_FIRMWARE_SIG_SUFFIX ".deb.sig"

bool hub_firmware_arch_ok(const char *arch)
{
    size_t n = strspn(arch, "abcdefghijklmnopqrstuvwxyz0123456789");
    return n > 0 && n < HUB_FIRMWARE_ARCH_MAX && arch[n] == '\0';
}

static void arch_dir(const struct hub_store *s, const char *arch, char out[HUB_DIR_MAX])
{
    char top[HUB_DIR_MAX];
    hub_store_dir_beside(s, HUB_FIRMWARE_DIR, top);
    snprintf(out, HUB_DIR_MAX, "%.*s/%s", HUB_DIR_MAX - HUB_FIRMWARE_ARCH_MAX - 2, top, arch);
}

static int fill(const struct hub_store *s, const char *arch, int64_t version, struct hub_firmware *out,
                char err[WK_ERR_MAX])
{
    char dir[HUB_DIR_MAX];
    struct stat deb, sig;
    arch_dir(s, arch, dir);
    memset(out, 0, sizeof *out);
    out->version = version;
    snprintf(out->path, sizeof out->path, "%s/%lld.deb", dir, (long long)version);
    snprintf(out->sig_path, sizeof out->sig_path, "%s/%lld" HUB_FIRMWARE_SIG_SUFFIX, dir, (long long)version);
    if (stat(out->sig_path, &sig) != 0 || stat(out->path, &deb) != 0) {
        wk_seterr(err, "firmware %lld for %s is not published", (long long)version, arch);
        return WK_ENOTFOUND;
    }
    out->size = deb.st_size;
    out->sig_size = sig.st_size;
    return 0;
}

/* The highest version of dir with a signature file; 0 if none. */
static int64_t newest_in(const char *dir)
{
    DIR *d = opendir(dir);
    int64_t newest = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        size_t n = strspn(e->d_name, "0123456789");
        if (n == 0 || n > 18 || e->d_name[0] == '0' || strcmp(e->d_name + n, HUB_FIRMWARE_SIG_SUFFIX) != 0)
            continue;
        int64_t v = 0;
        for (size_t i = 0; i < n; i++)
            v = v * 10 + (e->d_name[i] - '0');
        newest = WK_MAX(newest, v);
    }
    if (d)
        closedir(d);
    return newest;
}

int hub_store_firmware_latest(struct hub_store *s, const char *arch, struct hub_firmware *out, char err[WK_ERR_MAX])
{
    char dir[HUB_DIR_MAX];
    memset(out, 0, sizeof *out);
    if (!hub_firmware_arch_ok(arch)) {
        wk_seterr(err, "no firmware for that architecture");
        return WK_ENOTFOUND;
    }
    arch_dir(s, arch, dir);
    int64_t v = newest_in(dir);
    if (v == 0) {
        wk_seterr(err, "no firmware is published for %s", arch);
        return WK_ENOTFOUND;
    }
    return fill(s, arch, v, out, err);
}

int hub_store_firmware_get(struct hub_store *s, const char *arch, int64_t version, struct hub_firmware *out,
                           char err[WK_ERR_MAX])
{
    if (!hub_firmware_arch_ok(arch) || version < 1) {
        memset(out, 0, sizeof *out);
        wk_seterr(err, "no such firmware");
        return WK_ENOTFOUND;
    }
    return fill(s, arch, version, out, err);
}

static int make_dir(const char *dir, char err[WK_ERR_MAX])
{
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        wk_seterr(err, "cannot create %s: %s", dir, strerror(errno));
        return WK_EIO;
    }
    return 0;
}

/* The files are copied to temp names first, then, under the store's lock
 * (two welkomctl publishing at once are two processes: the check against
 * the newest is repeated there, and the rename of the signature, last, is
 * what offers the version), renamed into place. */
int hub_store_firmware_publish(struct hub_store *s, const char *arch, int64_t version, const char *deb_path,
                               const char *sig_path, char err[WK_ERR_MAX])
{
    char top[HUB_DIR_MAX], dir[HUB_DIR_MAX], name[48];
    char tmp_deb[HUB_BUNDLE_PATH_MAX] = "", tmp_sig[HUB_BUNDLE_PATH_MAX] = "";
    struct hub_firmware f;
    int64_t size;
    int rc;
    if (!hub_firmware_arch_ok(arch)) {
        wk_seterr(err, "\"%s\" is not an architecture name (amd64, arm64)", arch);
        return WK_EINVAL;
    }
    if (version < 1 || version > HUB_BUNDLE_VERSION_MAX) {
        wk_seterr(err, "firmware version %lld is not between 1 and %lld", (long long)version,
                  (long long)HUB_BUNDLE_VERSION_MAX);
        return WK_EINVAL;
    }
    hub_store_dir_beside(s, HUB_FIRMWARE_DIR, top);
    arch_dir(s, arch, dir);
    if ((rc = make_dir(top, err)) || (rc = make_dir(dir, err)))
        return rc;
    int64_t newest = newest_in(dir);
    if (version <= newest) {
        wk_seterr(err, "firmware version %lld is not newer than the published version %lld for %s",
                  (long long)version, (long long)newest, arch);
        return WK_EINVAL;
    }
    snprintf(name, sizeof name, "%lld.deb", (long long)version);
    if ((rc = hub_store_copy_in(deb_path, dir, name, HUB_FIRMWARE_MAX_BYTES, tmp_deb, &size, NULL, err)))
        goto out;
    snprintf(name, sizeof name, "%lld" HUB_FIRMWARE_SIG_SUFFIX, (long long)version);
    if ((rc = hub_store_copy_in(sig_path, dir, name, HUB_FIRMWARE_SIG_MAX, tmp_sig, &size, NULL, err)))
        goto out;
    pthread_mutex_lock(&s->lock);
    newest = newest_in(dir);
    fill(s, arch, version, &f, err);
    if (version <= newest) {
        wk_seterr(err, "firmware version %lld is not newer than the published version %lld for %s",
                  (long long)version, (long long)newest, arch);
        rc = WK_EINVAL;
    } else if (rename(tmp_deb, f.path) != 0 || (tmp_deb[0] = '\0', rename(tmp_sig, f.sig_path) != 0) ||
               wk_fsync_dir(dir) != 0) {
        wk_seterr(err, "cannot publish firmware %lld in %s: %s", (long long)version, dir, strerror(errno));
        rc = WK_EIO;
    } else {
        tmp_sig[0] = '\0';
    }
    pthread_mutex_unlock(&s->lock);
out:
    if (tmp_deb[0])
        unlink(tmp_deb);
    if (tmp_sig[0])
        unlink(tmp_sig);
    return rc;
}
