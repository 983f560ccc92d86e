/* sync_internal.h — what the sync worker's files hand each other: one HTTP
 * exchange with the hub (http.c, libcurl), the submission and heartbeat
 * requests and what their answers mean (deliver.c), and fetching and
 * installing a bundle (bundle.c). worker.c owns the thread and the
 * schedule. Everything here runs on the worker's thread. */
#ifndef SYNC_INTERNAL_H
#define SYNC_INTERNAL_H

#include "sync.h"
#include "../outbox/outbox.h"

#include <stdatomic.h>
#include <stdio.h>

/* The part of an answer the worker reads (JSON errors and manifests are
 * a few hundred bytes); the rest is dropped. */
#define SYNC_MAX_ANSWER 4096
/* A bundle download may take this long in all, and is abandoned when it
 * moves slower than SYNC_LOW_SPEED_BYTES a second for SYNC_LOW_SPEED_S. */
#define SYNC_DOWNLOAD_TIMEOUT_S 600
#define SYNC_LOW_SPEED_BYTES 256
#define SYNC_LOW_SPEED_S 30
#define SYNC_CONNECT_TIMEOUT_S 10
#define SYNC_MAX_ETAG 64

/* --- http.c ------------------------------------------------------------ */

struct sync_http;

struct sync_http_desc {
    const char *base_url;
    const char *token;
    const char *ca_file;
    const char *proxy;              /* NULL or "": none, and none from the environment */
    int timeout_s;
    const atomic_bool *stopping;    /* a request in flight ends when this is set */
};
int sync_http_open(const struct sync_http_desc *desc, struct sync_http **out, char err[WK_ERR_MAX]);
void sync_http_close(struct sync_http *h);

struct sync_request {
    const char *method;             /* "GET" or "POST" */
    const char *path;               /* "/v1/submissions" */
    const char *body;               /* JSON for a POST */
    const char *idempotency_key;
    const char *if_none_match;
    FILE *sink;                     /* a GET's body goes here, not to the answer */
    int64_t max_bytes;              /* a sink's body may not be longer */
};

struct sync_answer {
    long status;                    /* the HTTP status */
    char body[SYNC_MAX_ANSWER];     /* NUL-terminated, cut at SYNC_MAX_ANSWER - 1 */
    int retry_after_s;              /* from a 429 or 503; 0 if none */
    char etag[SYNC_MAX_ETAG];
};

/* One exchange. 0 when the hub answered (any status, in *a); WK_ENET with
 * err when it did not (refused, timed out, closed early, TLS refused, a
 * download longer than max_bytes, or the worker is stopping). */
int sync_http_exchange(struct sync_http *h, const struct sync_request *req, struct sync_answer *a,
                       char err[WK_ERR_MAX]);

/* --- deliver.c ----------------------------------------------------------- */

enum sync_outcome {
    SYNC_DELIVERED,                 /* 2xx: the hub has it */
    SYNC_REJECTED,                  /* a 4xx that retrying cannot change */
    SYNC_RETRY,                     /* no answer, 5xx, 408, 429: the hub's trouble */
    SYNC_RETRY_TOKEN,               /* 401, 403: this kiosk's token, fixed by staff */
};

/* What an answer to a submission means (docs/protocol.md); reason gets
 * the words staff read for a rejection or a retry. */
enum sync_outcome sync_outcome_of(const struct sync_answer *a, char reason[OUTBOX_ERROR_BYTES]);

/* Sends one queued row. *retry_after_s is the hub's Retry-After, if any. */
enum sync_outcome sync_deliver(struct sync_http *h, const struct outbox_row *row,
                               char reason[OUTBOX_ERROR_BYTES], int *retry_after_s);

struct sync_health {
    const char *firmware;
    int64_t content_version;
    int64_t uptime_s;
    const char *last_error;
};
/* Posts a heartbeat with the queue's counts; 0 on a 204. */
int sync_heartbeat(struct sync_http *h, struct outbox *o, const struct sync_health *health,
                   int64_t now_ms, char err[WK_ERR_MAX]);

/* --- bundle.c -------------------------------------------------------------- */

struct sync_fetch {
    const char *state_dir;
    const struct content_keys *keys;
    int64_t have_version;           /* newest shown or installed */
    char etag[SYNC_MAX_ETAG];       /* of the last manifest seen; kept between polls */
    int64_t refused_version;        /* a version that failed its checks: not fetched again */
    uint64_t downloads;             /* bundles asked for */
};

enum sync_fetch_result {
    SYNC_FETCH_NOTHING,             /* 304, 404, or nothing newer */
    SYNC_FETCH_INSTALLED,           /* *version is installed in STATE/current */
    SYNC_FETCH_FAILED,              /* try again at the next poll; err says why */
    SYNC_FETCH_REFUSED,             /* the bundle failed its checks; err says why */
};

/* GET of a manifest at path, with If-None-Match etag: 1 with a 200 in
 * *a, 0 for 304 or 404 (nothing new), -1 with err ("WHAT manifest: ...")
 * when the hub did not answer or answered otherwise. */
int sync_get_manifest(struct sync_http *h, const char *path, const char *etag, const char *what,
                      struct sync_answer *a, char err[WK_ERR_MAX]);

/* GET path into the file `file`, fsynced, at most max_bytes; 0 only for
 * a 200. */
int sync_download(struct sync_http *h, const char *path, const char *file, int64_t max_bytes,
                  char err[WK_ERR_MAX]);

/* Asks for the manifest and, if it offers a newer version, downloads the
 * bundle and its signature into STATE/download/, checks them and installs
 * them (content_store_install: signature, no rollback, atomic switch). */
enum sync_fetch_result sync_fetch_bundle(struct sync_http *h, struct sync_fetch *f, int64_t *version,
                                         char err[WK_ERR_MAX]);

/* --- firmware.c ------------------------------------------------------------ */

/* STATE/firmware/: the package waiting for the root helper, its
 * signature, and the firmware high-water mark. */
#define SYNC_FIRMWARE_DIR "firmware"
#define SYNC_FIRMWARE_DEB "welkom.deb"
#define SYNC_FIRMWARE_MARK "version"

struct sync_firmware {
    const char *state_dir;
    const struct content_keys *keys;
    const char *arch;               /* "arm64"; the manifest asked for is this one's */
    int64_t have_version;           /* the high-water mark: the newest taken */
    char etag[SYNC_MAX_ETAG];       /* of the last manifest seen */
    uint64_t downloads;
    int64_t last_download_ms;       /* download and checks of the last package */
};

/* Asks for the firmware manifest of fw->arch and, when it offers a
 * version above the high-water mark, signed by a pinned key, downloads
 * the package into STATE/firmware/ for the helper (SYNC_FETCH_INSTALLED
 * means it waits there now). */
enum sync_fetch_result sync_fetch_firmware(struct sync_http *h, struct sync_firmware *fw, int64_t *version,
                                           char err[WK_ERR_MAX]);

#endif
