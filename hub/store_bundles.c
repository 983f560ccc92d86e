/* store_bundles.c — the published bundles of hub.db (store.h): a row in
 * its bundles table for each, and the two files, VERSION.db and
 * VERSION.db.sig, in bundles/ beside hub.db. Publishing copies the files
 * in through temp files, outside any transaction, then renames them into
 * place and inserts the row in one; a version that has a row never has
 * its files written again. One publish at a time holds a lock on bundles/
 * (flock, let go when the publisher ends, even killed); holding it, the
 * temp files found there are a dead publisher's, and go. */
#include "store_internal.h"
#include "../app/content/content.h"     /* the size limits of a bundle and its .sig */

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Published bundles live in this directory beside hub.db. */
#define HUB_BUNDLES_DIR "bundles"
/* A bundle is copied in pieces of this size (a bundle may be 64 MiB). */
#define HUB_COPY_CHUNK (256 * 1024)

void hub_store_dir_beside(const struct hub_store *s, const char *name, char out[HUB_DIR_MAX])
{
    const char *slash = strrchr(s->path, '/');
    if (!slash)
        snprintf(out, HUB_DIR_MAX, "%s", name);
    else
        snprintf(out, HUB_DIR_MAX, "%.*s/%s", (int)(slash - s->path), s->path, name);
}

static void bundles_dir(const struct hub_store *s, char out[HUB_DIR_MAX])
{
    hub_store_dir_beside(s, HUB_BUNDLES_DIR, out);
}

static void bundle_paths(const struct hub_store *s, struct hub_bundle *b)
{
    char dir[HUB_DIR_MAX];
    bundles_dir(s, dir);
    snprintf(b->path, sizeof b->path, "%s/%lld.db", dir, (long long)b->version);
    snprintf(b->sig_path, sizeof b->sig_path, "%s/%lld.db.sig", dir, (long long)b->version);
}

/* Reads in, the file src, to its end through SHA-256 into hash (unless
 * NULL), writing each piece to out, the file dst, as well unless out is
 * -1; its size goes to *size. More than max bytes is WK_EINVAL. buf has
 * HUB_COPY_CHUNK bytes. */
static int pump(int in, const char *src, int out, const char *dst, int64_t max, unsigned char *buf,
                int64_t *size, unsigned char hash[crypto_hash_sha256_BYTES], char err[WK_ERR_MAX])
{
    crypto_hash_sha256_state sha;
    crypto_hash_sha256_init(&sha);
    *size = 0;
    for (;;) {
        ssize_t n = read(in, buf, HUB_COPY_CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            wk_seterr(err, "cannot read %s: %s", src, strerror(errno));
            return WK_EIO;
        }
        if (n == 0)
            break;
        if (*size + n > max) {
            wk_seterr(err, "%s is larger than %lld bytes", src, (long long)max);
            return WK_EINVAL;
        }
        crypto_hash_sha256_update(&sha, buf, (unsigned long long)n);
        for (ssize_t done = 0; out >= 0 && done < n;) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0) {
                wk_seterr(err, "cannot write %s: %s", dst, errno == ENOSPC ? "the hub's disk is full"
                                                                           : strerror(errno));
                return WK_EIO;
            }
            done += w;
        }
        *size += n;
    }
    if (hash)
        crypto_hash_sha256_final(&sha, hash);
    return 0;
}

int hub_store_copy_in(const char *src, const char *dir, const char *name, int64_t max, char tmp[HUB_BUNDLE_PATH_MAX],
                      int64_t *size, unsigned char hash[crypto_hash_sha256_BYTES], char err[WK_ERR_MAX])
{
    unsigned char *buf = wk_malloc(HUB_COPY_CHUNK);
    int in = open(src, O_RDONLY | O_CLOEXEC), out = -1, rc = WK_EIO;
    struct stat st;
    tmp[0] = '\0';
    *size = 0;
    if (!buf) {
        wk_seterr(err, "out of memory");
        rc = WK_ENOMEM;
        goto out;
    }
    if (in < 0 || fstat(in, &st) != 0) {
        wk_seterr(err, "cannot read %s: %s", src, strerror(errno));
        rc = errno == ENOENT ? WK_ENOTFOUND : WK_EIO;
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        wk_seterr(err, "%s is not a file", src);
        rc = WK_EINVAL;
        goto out;
    }
    snprintf(tmp, HUB_BUNDLE_PATH_MAX, "%s/.%s.XXXXXX", dir, name);
    if ((out = mkostemp(tmp, O_CLOEXEC)) < 0 || fchmod(out, 0644) != 0) {
        wk_seterr(err, "cannot write in %s: %s", dir, strerror(errno));
        if (out < 0)
            tmp[0] = '\0';
        goto out;
    }
    if ((rc = pump(in, src, out, tmp, max, buf, size, hash, err)))
        goto out;
    rc = WK_EIO;
    if (fsync(out) != 0) {
        wk_seterr(err, "cannot write %s: %s", tmp, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    if (out >= 0 && close(out) != 0 && rc == 0) {
        wk_seterr(err, "cannot write %s: %s", tmp, strerror(errno));
        rc = WK_EIO;
    }
    if (rc && tmp[0]) {
        unlink(tmp);
        tmp[0] = '\0';
    }
    if (in >= 0)
        close(in);
    free(buf);
    return rc;
}

int hub_store_bundle_sha256(const char *path, char hex[HUB_SHA256_HEX + 1], int64_t *size, char err[WK_ERR_MAX])
{
    unsigned char hash[crypto_hash_sha256_BYTES];
    unsigned char *buf = wk_malloc(HUB_COPY_CHUNK);
    int in = open(path, O_RDONLY | O_CLOEXEC), rc = WK_EIO;
    *size = 0;
    if (!buf || in < 0)
        wk_seterr(err, "cannot read %s: %s", path, buf ? strerror(errno) : "out of memory");
    else if ((rc = pump(in, path, -1, NULL, INT64_MAX, buf, size, hash, err)) == 0)
        sodium_bin2hex(hex, HUB_SHA256_HEX + 1, hash, sizeof hash);
    if (in >= 0)
        close(in);
    free(buf);
    return rc;
}

/* The highest published version, 0 if none, in the transaction (if any)
 * the caller holds. The lock is held. */
static int newest_version(struct hub_store *s, int64_t *newest, char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int rc = 0, code = sqlite3_prepare_v2(s->db, "SELECT coalesce(max(version), 0) FROM bundles", -1, &st, NULL);
    if (code == SQLITE_OK)
        code = sqlite3_step(st);
    if (code == SQLITE_ROW)
        *newest = sqlite3_column_int64(st, 0);
    else
        rc = hub_store_db_error(s, code, "cannot read the published bundles", err);
    sqlite3_finalize(st);
    return rc;
}

static int refuse_older(int64_t version, int64_t newest, char err[WK_ERR_MAX])
{
    if (version > newest)
        return 0;
    wk_seterr(err, "content version %lld is not newer than the published version %lld", (long long)version,
              (long long)newest);
    return WK_EINVAL;
}

/* The files are copied to temp names first, outside any transaction (a
 * 64 MiB copy must not hold the write lock a hub storing submissions
 * waits for); then, in one write transaction, the version is checked
 * against the newest again (another welkomctl may have published
 * meanwhile), the temp files are renamed into place and the row is
 * inserted. Renaming only inside that transaction means the files of a
 * version that has a row are never replaced. A crash before COMMIT leaves
 * files without a row, which nothing serves and the next publish of that
 * version replaces. */
/* Takes the publish lock of dir (waiting for another publish to end);
 * the descriptor to close, or -1 with err set. Then removes the temp
 * files (".NAME.XXXXXX", copy_in) a publisher killed half-way left: up to
 * a bundle's size each, they would stay for good. */
static int publish_lock(const char *dir, char err[WK_ERR_MAX])
{
    char path[HUB_BUNDLE_PATH_MAX];
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || flock(fd, LOCK_EX) != 0) {
        wk_seterr(err, "cannot lock %s: %s", dir, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] != '.' || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(path, sizeof path, "%s/%.*s", dir, (int)(sizeof path - strlen(dir) - 2), e->d_name);
        if (unlink(path) == 0)
            wk_log(WK_LOG_INFO, "hub: removed %s, left by a publish that did not finish", path);
    }
    if (d)
        closedir(d);
    return fd;
}

int hub_store_bundle_publish(struct hub_store *s, int64_t version, const char *bundle_path,
                             const char *sig_path, const char *sha256, int64_t now_ms, char err[WK_ERR_MAX])
{
    const char *what = "cannot publish the bundle";
    char dir[HUB_DIR_MAX], tmp_db[HUB_BUNDLE_PATH_MAX] = "", tmp_sig[HUB_BUNDLE_PATH_MAX] = "";
    char name[48], hex[HUB_SHA256_HEX + 1];
    unsigned char hash[crypto_hash_sha256_BYTES];
    struct hub_bundle b = { .version = version, .published_at_ms = now_ms };
    sqlite3_stmt *st = NULL;
    bool renamed = false;
    int64_t newest = 0;
    int rc, code;
    if (version < 1 || version > HUB_BUNDLE_VERSION_MAX) {
        wk_seterr(err, "content version %lld is not between 1 and %lld", (long long)version,
                  (long long)HUB_BUNDLE_VERSION_MAX);
        return WK_EINVAL;
    }
    /* Refused before anything is copied, and checked again below. */
    pthread_mutex_lock(&s->lock);
    rc = newest_version(s, &newest, err);
    pthread_mutex_unlock(&s->lock);
    if (rc || (rc = refuse_older(version, newest, err)))
        return rc;
    bundles_dir(s, dir);
    if (mkdir(dir, 0755) == 0) {
        char parent[HUB_DIR_MAX + 4];
        snprintf(parent, sizeof parent, "%s/..", dir);
        wk_fsync_dir(parent);
    } else if (errno != EEXIST) {
        wk_seterr(err, "%s: cannot create %s: %s", what, dir, strerror(errno));
        return WK_EIO;
    }
    int lock = publish_lock(dir, err);
    if (lock < 0)
        return WK_EIO;
    bundle_paths(s, &b);
    snprintf(name, sizeof name, "%lld.db", (long long)version);
    if ((rc = hub_store_copy_in(bundle_path, dir, name, CONTENT_MAX_BUNDLE_BYTES, tmp_db, &b.size, hash, err)))
        goto out;
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    if (sha256 && strcasecmp(sha256, hex) != 0) {
        wk_seterr(err, "%s changed while it was being published: publish it again", bundle_path);
        rc = WK_EINVAL;
        goto out;
    }
    snprintf(b.sha256, sizeof b.sha256, "%s", hex);
    snprintf(name, sizeof name, "%lld.db.sig", (long long)version);
    if ((rc = hub_store_copy_in(sig_path, dir, name, CONTENT_MAX_SIG_BYTES, tmp_sig, &b.sig_size, NULL, err)))
        goto out;

    pthread_mutex_lock(&s->lock);
    if ((code = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) != SQLITE_OK) {
        rc = hub_store_db_error(s, code, what, err);
        goto unlock;
    }
    if ((rc = newest_version(s, &newest, err)) || (rc = refuse_older(version, newest, err)))
        goto unlock;
    renamed = true;
    bool moved = rename(tmp_db, b.path) == 0;
    if (moved) {
        tmp_db[0] = '\0';
        moved = rename(tmp_sig, b.sig_path) == 0;
    }
    if (moved) {
        tmp_sig[0] = '\0';
        moved = wk_fsync_dir(dir) == 0;
    }
    if (!moved) {
        wk_seterr(err, "%s: cannot put it in %s: %s", what, dir, strerror(errno));
        rc = WK_EIO;
        goto unlock;
    }
    code = sqlite3_prepare_v2(s->db, "INSERT INTO bundles (version, size, sig_size, sha256, published_at)"
                                     " VALUES (?, ?, ?, ?, ?)", -1, &st, NULL);
    if (code == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, b.version);
        sqlite3_bind_int64(st, 2, b.size);
        sqlite3_bind_int64(st, 3, b.sig_size);
        sqlite3_bind_text(st, 4, b.sha256, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, b.published_at_ms);
        code = sqlite3_step(st);
    }
    if (code != SQLITE_DONE) {
        rc = hub_store_db_error(s, code, what, err);
        goto unlock;
    }
    /* From here on the row may exist even if COMMIT reports a failure:
     * the files stay. */
    renamed = false;
    if ((code = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
        rc = hub_store_db_error(s, code, what, err);
unlock:
    sqlite3_finalize(st);
    db_end_failed(s->db, s->rollback);
    if (renamed && rc) {        /* no row: what was renamed goes */
        unlink(b.path);
        unlink(b.sig_path);
    }
    pthread_mutex_unlock(&s->lock);
out:
    if (tmp_db[0])
        unlink(tmp_db);
    if (tmp_sig[0])
        unlink(tmp_sig);
    close(lock);
    return rc;
}

/* The row sql selects (version, size, sig_size, sha256, published_at),
 * with version bound as ?1 when it is above 0. */
static int read_bundle(struct hub_store *s, const char *sql, int64_t version, struct hub_bundle *out,
                       char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&s->lock);
    int code = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (code == SQLITE_OK) {
        if (version > 0)
            sqlite3_bind_int64(st, 1, version);
        code = sqlite3_step(st);
    }
    if (code == SQLITE_ROW) {
        out->version = sqlite3_column_int64(st, 0);
        out->size = sqlite3_column_int64(st, 1);
        out->sig_size = sqlite3_column_int64(st, 2);
        hub_store_copy_column(out->sha256, sizeof out->sha256, st, 3);
        out->published_at_ms = sqlite3_column_int64(st, 4);
        bundle_paths(s, out);
    } else if (code == SQLITE_DONE) {
        if (version > 0)
            wk_seterr(err, "content version %lld is not published", (long long)version);
        else
            wk_seterr(err, "no bundle is published");
        rc = WK_ENOTFOUND;
    } else {
        rc = hub_store_db_error(s, code, "cannot read the published bundles", err);
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

int hub_store_bundle_latest(struct hub_store *s, struct hub_bundle *out, char err[WK_ERR_MAX])
{
    return read_bundle(s, "SELECT version, size, sig_size, sha256, published_at FROM bundles"
                          " ORDER BY version DESC LIMIT 1", 0, out, err);
}

int hub_store_bundle_get(struct hub_store *s, int64_t version, struct hub_bundle *out, char err[WK_ERR_MAX])
{
    if (version < 1) {
        memset(out, 0, sizeof *out);
        wk_seterr(err, "content version %lld is not published", (long long)version);
        return WK_ENOTFOUND;
    }
    return read_bundle(s, "SELECT version, size, sig_size, sha256, published_at FROM bundles"
                          " WHERE version = ?1", version, out, err);
}
