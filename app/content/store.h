/* store.h — where a kiosk keeps the bundle it has installed, and how a new
 * one is installed without a moment in which there is none (store.c). */
#ifndef CONTENT_STORE_H
#define CONTENT_STORE_H

#include "content.h"

/* STATE/current/bundle.db: what the kiosk opens at start. */
void content_store_path(const char *state_dir, char *out, size_t size);

/* The highest content version ever installed in state_dir (0: none); the
 * shipped demo bundle does not count. */
int64_t content_store_version(const char *state_dir);

/* Opens the installed bundle (STATE/current) like content_open, and
 * refuses it (WK_EINVAL) when it is older than the high-water mark: a
 * valid bundle copied in by hand must not take a kiosk back in time. */
int content_store_open(const char *state_dir, const struct content_keys *keys, struct content **out,
                       char err[WK_ERR_MAX]);

/* The newest STATE/bundle-N that opens and is not older than the
 * high-water mark (WK_ENOTFOUND if none): what a kiosk whose current
 * bundle was refused still has of its own. */
int content_store_open_kept(const char *state_dir, const struct content_keys *keys,
                            struct content **out, char err[WK_ERR_MAX]);

/* Checks bundle_path (and bundle_path.sig) like content_open, refuses it
 * unless its content_version is newer than the installed bundle's (or,
 * when the installed bundle no longer opens, the same version: a repair),
 * and makes it the installed one atomically. */
int content_store_install(const char *state_dir, const char *bundle_path,
                          const struct content_keys *keys, int64_t *installed_version,
                          char err[WK_ERR_MAX]);

/* A high-water mark kept in a file of one decimal line (the content's,
 * the firmware's); 0 if there is none or it does not parse. */
int64_t content_mark_read(const char *path);
/* Writes DIR/NAME through DIR/NAME.new, fsynced, and a rename. */
int content_mark_write(const char *dir, const char *name, int64_t version, char err[WK_ERR_MAX]);

#endif
