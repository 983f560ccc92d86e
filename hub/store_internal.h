/* store_internal.h — what the two halves of the hub's store share:
 * store.c (opening hub.db, kiosks, submissions, heartbeats) and
 * store_bundles.c (published bundles). Other modules use store.h. */
#ifndef HUB_STORE_INTERNAL_H
#define HUB_STORE_INTERNAL_H

#include "store.h"
#include "../app/outbox/db.h"

#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>

#define HUB_PATH_MAX 1024

/* One connection serves the whole process; callers take turns on lock. */
struct hub_store {
    sqlite3 *db;
    sqlite3_stmt *rollback;     /* db_prepare_rollback */
    pthread_mutex_t lock;
    char path[HUB_PATH_MAX];
    /* A password hash of nothing anyone knows, made at the first login
     * with an unknown name (staff_store.c): checking against it costs
     * what checking a real one does. */
    char dummy_hash[crypto_pwhash_STRBYTES];
};

/* The message for a failed SQLite call, in words staff can act on, and
 * the WK_E* code it comes to. */
int hub_store_db_error(struct hub_store *s, int code, const char *what, char err[WK_ERR_MAX]);
/* Column col of the current row as text into out ("" for NULL). */
void hub_store_copy_column(char *out, size_t size, sqlite3_stmt *st, int col);

#define HUB_DIR_MAX (HUB_PATH_MAX + 32)
/* DIR/NAME beside DIR/hub.db (NAME for a hub.db in the working
 * directory): where bundles/ and firmware/ live. */
void hub_store_dir_beside(const struct hub_store *s, const char *name, char out[HUB_DIR_MAX]);
/* Copies src (at most max bytes) into a new file of dir named .NAME.XXXXXX
 * (mode 0644: bundles and packages are no secret), written and fsynced;
 * its path goes to tmp, its size to *size and, when hash is not NULL, the
 * SHA-256 of the bytes written to hash. Nothing is left behind on
 * failure. */
int hub_store_copy_in(const char *src, const char *dir, const char *name, int64_t max, char tmp[HUB_BUNDLE_PATH_MAX],
                      int64_t *size, unsigned char hash[crypto_hash_sha256_BYTES], char err[WK_ERR_MAX]);
/* One statement with text and integer parameters in order ("t", "i",
 * "b" for a blob), stepped once; changes (if not NULL) gets how many
 * rows it changed. The caller holds s->lock, or calls the _locked one. */
struct hub_param { char type; const char *text; int64_t i; const void *blob; int blob_size; };
int hub_store_exec(struct hub_store *s, const char *sql, const struct hub_param *p, int n, int *changes,
                   const char *what, char err[WK_ERR_MAX]);
int hub_store_exec_locked(struct hub_store *s, const char *sql, const struct hub_param *p, int n, int *changes,
                          const char *what, char err[WK_ERR_MAX]);

#endif
