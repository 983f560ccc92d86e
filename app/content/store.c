/* store.c — the bundle a kiosk has installed, in its state directory:
 *
 *   STATE/bundle-7/bundle.db, bundle.db.sig    one directory per version
 *   STATE/current -> bundle-7                  a symlink, swapped by rename
 *   STATE/content_version                      7: the highest ever installed
 *
 * Installing checks the candidate fully (content_open) and refuses one that
 * is not newer than what is installed, writes the new pair into its own
 * directory, fsyncs it, and swaps the symlink with one rename. A power cut
 * at any point leaves the old bundle or the new one, never a mix; a failed
 * write (a full disk) leaves the old one in place. The high-water mark is
 * written (temp file, fsync, rename, fsync of the directory) once the new
 * bundle is current, and checked again when a kiosk starts: a bundle older
 * than it, copied into current by hand, is not shown. */
#include "content_internal.h"
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STORE_CURRENT "current"
#define STORE_PREFIX "bundle-"
#define STATE_DIR_MAX 1024
#define STORE_HIGH_WATER "content_version"

void content_store_path(const char *state_dir, char *out, size_t size)
{
    snprintf(out, size, "%s/" STORE_CURRENT "/bundle.db", state_dir);
}

static int write_file(const char *path, const void *data, size_t size, char err[WK_ERR_MAX])
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        wk_seterr(err, "cannot create %s: %s", path, strerror(errno));
        return WK_EIO;
    }
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(fd, (const char *)data + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            wk_seterr(err, "cannot write %s: %s", path, strerror(errno));
            close(fd);
            return WK_EIO;
        }
        done += (size_t)n;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        wk_seterr(err, "cannot write %s: %s", path, strerror(errno));
        return WK_EIO;
    }
    return 0;
}

/* Removes STATE/NAME/ and the two files a bundle directory holds. */
static void remove_bundle_dir(const char *state_dir, const char *name)
{
    char path[STATE_DIR_MAX + 128];
    static const char *const files[] = { "bundle.db", "bundle.db.sig" };
    for (size_t i = 0; i < WK_ARRAY_LEN(files); i++) {
        snprintf(path, sizeof path, "%s/%s/%s", state_dir, name, files[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/%s", state_dir, name);
    rmdir(path);
}

/* Old versions go once the new one is current: the kiosk never goes back. */
static void remove_old_bundles(const char *state_dir, const char *keep)
{
    DIR *d = opendir(state_dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)))
        if (!strncmp(e->d_name, STORE_PREFIX, strlen(STORE_PREFIX)) && strcmp(e->d_name, keep))
            remove_bundle_dir(state_dir, e->d_name);
    closedir(d);
}

/* STATE/content_version: the highest version installed, one number; 0
 * when there is none, or when it does not read as a version. */
int64_t content_mark_read(const char *path)
{
    char text[32] = "";
    FILE *f = fopen(path, "r");
    int64_t v = 0;
    if (f) {
        if (!fgets(text, sizeof text, f))
            text[0] = '\0';
        fclose(f);
        text[strcspn(text, "\n")] = '\0';
        if (content_version_parse(text, &v) != 0)
            v = 0;
    }
    return v;
}

int content_mark_write(const char *dir, const char *name, int64_t version, char err[WK_ERR_MAX])
{
    char path[STATE_DIR_MAX + 64], tmp[STATE_DIR_MAX + 80], text[32];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(tmp, sizeof tmp, "%s.new", path);
    int n = snprintf(text, sizeof text, "%lld\n", (long long)version);
    int rc = write_file(tmp, text, (size_t)n, err);
    if (rc == 0 && (rename(tmp, path) != 0 || wk_fsync_dir(dir) != 0)) {
        wk_seterr(err, "cannot record version %lld in %s: %s", (long long)version, path, strerror(errno));
        rc = WK_EIO;
    }
    return rc;
}

int64_t content_store_version(const char *state_dir)
{
    char path[STATE_DIR_MAX + 32];
    snprintf(path, sizeof path, "%s/" STORE_HIGH_WATER, state_dir);
    return content_mark_read(path);
}

/* Opens a bundle of the state directory, refused when it is older than
 * high_water: valid once, but the kiosk has been further since. */
static int open_not_older(const char *path, const struct content_keys *keys, int64_t high_water,
                          struct content **out, char err[WK_ERR_MAX])
{
    struct content *c = NULL;
    int rc = content_open(path, keys, &c, err);
    if (rc)
        return rc;
    if (content_meta(c)->content_version < high_water) {
        wk_seterr(err, "bundle version %lld is older than version %lld, installed here before "
                  "(no rollback; was an old bundle copied in?)",
                  (long long)content_meta(c)->content_version, (long long)high_water);
        content_close(c);
        return WK_EINVAL;
    }
    *out = c;
    return 0;
}

int content_store_open(const char *state_dir, const struct content_keys *keys, struct content **out,
                       char err[WK_ERR_MAX])
{
    char path[STATE_DIR_MAX + 32];
    if (strlen(state_dir) >= STATE_DIR_MAX) {
        wk_seterr(err, "path too long");
        return WK_EINVAL;
    }
    content_store_path(state_dir, path, sizeof path);
    return open_not_older(path, keys, content_store_version(state_dir), out, err);
}

int content_store_open_kept(const char *state_dir, const struct content_keys *keys,
                            struct content **out, char err[WK_ERR_MAX])
{
    char path[STATE_DIR_MAX + 128], ignored[WK_ERR_MAX];
    int64_t high_water = content_store_version(state_dir), version;
    struct content *best = NULL, *c;
    DIR *d = strlen(state_dir) < STATE_DIR_MAX ? opendir(state_dir) : NULL;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        /* bundle-N only: not bundle-N.tmp, a copy that never finished. */
        if (strncmp(e->d_name, STORE_PREFIX, strlen(STORE_PREFIX)) != 0 ||
            content_version_parse(e->d_name + strlen(STORE_PREFIX), &version) != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s/bundle.db", state_dir, e->d_name);
        if (open_not_older(path, keys, high_water, &c, ignored) != 0)
            continue;
        if (best && content_meta(best)->content_version >= content_meta(c)->content_version) {
            content_close(c);
        } else {
            content_close(best);
            best = c;
        }
    }
    if (d)
        closedir(d);
    if (!best) {
        wk_seterr(err, "no bundle kept in %s opens and is at least version %lld", state_dir,
                  (long long)high_water);
        return WK_ENOTFOUND;
    }
    *out = best;
    return 0;
}

int content_store_install(const char *state_dir, const char *bundle_path,
                          const struct content_keys *keys, int64_t *installed_version,
                          char err[WK_ERR_MAX])
{
    struct content *candidate = NULL, *current = NULL;
    unsigned char *sig = NULL;
    size_t sig_size = 0;
    /* Directories fit STATE_DIR_MAX; files in them get room for a name. */
    char name[64], tmp[STATE_DIR_MAX + 80], dir[STATE_DIR_MAX + 80];
    char path[sizeof tmp + 32], sig_path[STATE_DIR_MAX + 8];
    if (strlen(state_dir) >= STATE_DIR_MAX || strlen(bundle_path) >= STATE_DIR_MAX) {
        wk_seterr(err, "path too long");
        return WK_EINVAL;
    }
    int rc = content_open(bundle_path, keys, &candidate, err);
    if (rc)
        return rc;
    snprintf(sig_path, sizeof sig_path, "%s.sig", bundle_path);
    if ((rc = content_read_file(sig_path, CONTENT_MAX_SIG_BYTES, &sig, &sig_size, true, err)))
        goto out;

    char ignored[WK_ERR_MAX];
    content_store_path(state_dir, path, sizeof path);
    int64_t version = candidate->meta.content_version;
    /* The highest version ever installed is remembered apart from the
     * bundle: a damaged or no longer trusted bundle must not open the door
     * to an older one. */
    int64_t mark = content_store_version(state_dir), installed = mark;
    bool current_good = false;
    if (content_open(path, keys, &current, ignored) == 0) {
        installed = WK_MAX(installed, current->meta.content_version);
        current_good = current->meta.content_version >= mark;
    }
    /* One exception, a repair: the very version of the mark again when
     * the installed bundle no longer opens (a damaged card) or is older
     * than the mark, so a kiosk is not left on the demo until something
     * newer is published. */
    bool repair = !current_good && version == mark && mark > 0;
    if (version <= installed && !repair) {
        wk_seterr(err, "bundle version %lld is not newer than the installed %lld (no rollback)",
                  (long long)version, (long long)installed);
        rc = WK_EINVAL;
        goto out;
    }

    if (mkdir(state_dir, 0755) != 0 && errno != EEXIST) {
        wk_seterr(err, "cannot create %s: %s", state_dir, strerror(errno));
        rc = WK_EIO;
        goto out;
    }
    snprintf(name, sizeof name, STORE_PREFIX "%lld", (long long)version);
    snprintf(tmp, sizeof tmp, "%s/%s.tmp", state_dir, name);
    snprintf(dir, sizeof dir, "%s/%s", state_dir, name);
    remove_bundle_dir(state_dir, strrchr(tmp, '/') + 1);
    remove_bundle_dir(state_dir, name);
    rc = WK_EIO;
    if (mkdir(tmp, 0755) != 0) {
        wk_seterr(err, "cannot create %s: %s", tmp, strerror(errno));
        goto out;
    }
    snprintf(path, sizeof path, "%s/bundle.db", tmp);
    if ((rc = write_file(path, candidate->bytes, candidate->size, err)))
        goto undo;
    snprintf(path, sizeof path, "%s/bundle.db.sig", tmp);
    if ((rc = write_file(path, sig, sig_size, err)))
        goto undo;
    rc = WK_EIO;
    if (wk_fsync_dir(tmp) != 0 || rename(tmp, dir) != 0) {
        wk_seterr(err, "cannot put the bundle in place in %s: %s", state_dir, strerror(errno));
        goto undo;
    }
    snprintf(path, sizeof path, "%s/" STORE_CURRENT ".new", state_dir);
    unlink(path);
    snprintf(tmp, sizeof tmp, "%s/" STORE_CURRENT, state_dir);
    if (symlink(name, path) != 0 || rename(path, tmp) != 0 ||
        wk_fsync_dir(state_dir) != 0) {
        wk_seterr(err, "cannot switch %s to the new bundle: %s", state_dir, strerror(errno));
        goto out;
    }
    remove_old_bundles(state_dir, name);
    if ((rc = content_mark_write(state_dir, STORE_HIGH_WATER, version, err)))
        goto out;
    if (installed_version)
        *installed_version = version;
    rc = 0;
    goto out;
undo:
    remove_bundle_dir(state_dir, strrchr(tmp, '/') + 1);
out:
    content_file_free(sig, sig_size);
    content_close(current);
    content_close(candidate);
    return rc;
}
