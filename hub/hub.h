/* hub.h — the parts of welkom-hub and what they hand each other: the
 * HTTP front (http.c: libmicrohttpd, routes, limits), the endpoints
 * (api.c: checking what a kiosk sends and storing it; bundle.c: serving
 * published bundles), the per-kiosk rate limit (rate.c), deleting what
 * is past its keep_days (retention.c). The database is
 * store.h; main.c reads the config and runs it all until SIGTERM. The
 * protocol is docs/protocol.md. */
#ifndef HUB_H
#define HUB_H

#include "store.h"

#include <sys/socket.h>

#define HUB_VERSION "0.1.0"

/* Limits of docs/protocol.md. A sealed submission is ~1 KiB and at most
 * 64 KiB of payload, which base64 and JSON make ~88 KiB. */
#define HUB_MAX_BODY (96 * 1024)
/* libmicrohttpd's memory per connection, which the request line and the
 * headers must fit in (it also buffers the body as it arrives). */
#define HUB_CONNECTION_MEMORY (8 * 1024)

/* What the config file and the flags set (main.c checks every value). */
struct hub_limits {
    int rate_per_minute;        /* requests a kiosk may make, on average */
    int burst;                  /* ... and at once after a quiet spell */
    int max_connections;        /* in total */
    int max_per_ip;             /* from one address (an IPv6 /64); 0: no limit */
    int idle_timeout_s;         /* a connection without progress this long is dropped */
    int headers_deadline_s;     /* the request line and headers must be in by then */
    int body_deadline_s;        /* ... and the whole body this long after them */
};

/* --- http.c --------------------------------------------------------------- */

struct hub_http;

/* TLS on the hub's own port (docs/hub.md): the PEM text of its
 * certificate, the chain after it if any, and of its private key
 * (unencrypted). The text must stay until hub_http_stop. */
struct hub_tls {
    const char *cert_pem;
    const char *key_pem;
};
/* A PEM file is a few KiB; a certificate chain of four is under 16. */
#define HUB_TLS_PEM_MAX (64 * 1024)

/* Listens on listen ("127.0.0.1:8470", "[::1]:8470"; port 0 picks a free
 * one) and serves the protocol from threads of its own until
 * hub_http_stop: over TLS with tls, else plain HTTP (tls NULL), which is
 * only for 127.0.0.1 behind a reverse proxy that does TLS: anywhere else
 * it logs a warning. */
struct hub_staff;
int hub_http_start(struct hub_store *store, const char *listen, const struct hub_limits *limits,
                   const struct hub_tls *tls, struct hub_staff *staff, struct hub_http **out,
                   char err[WK_ERR_MAX]);
/* Whether this libmicrohttpd can do TLS at all and tls is a certificate
 * and the key that belongs to it, so a mistake is reported before
 * anything is opened. */
int hub_http_check_tls(const struct hub_tls *tls, char err[WK_ERR_MAX]);
/* Whether listen is an address hub_http_start can take, so a typo is
 * reported before anything is opened. */
int hub_http_check_listen(const char *listen, char err[WK_ERR_MAX]);
/* The port it listens on (the one picked, for port 0). */
unsigned hub_http_port(const struct hub_http *h);
/* Stops listening, closes every connection and waits for requests in
 * progress to finish (a submission being stored is committed). */
void hub_http_stop(struct hub_http *h);

/* --- guard.c -------------------------------------------------------------- */

/* Which connections the hub keeps: an absolute deadline for a request's
 * headers and one for its body, and under pressure the connection that
 * has waited longest for its headers makes room for a new one (guard.c).
 * And the log lines strangers can cause, kept to a few a minute. */
struct hub_guard;
struct hub_guard_conn;

/* Starts the guard's thread, with limits' max_connections, max_per_ip
 * and deadlines. */
int hub_guard_new(const struct hub_limits *limits, struct hub_guard **out);
/* Stops it and logs how many lines it held back. Every connection must
 * be closed before (MHD_stop_daemon). */
void hub_guard_free(struct hub_guard *g);
/* libmicrohttpd's notices of a connection accepted on socket fd from
 * addr, and of its end (before fd is closed); *out is NULL only if it
 * could not be watched (then it is already being shut down). */
void hub_guard_opened(struct hub_guard *g, int fd, const struct sockaddr *addr, struct hub_guard_conn **out);
void hub_guard_closed(struct hub_guard *g, struct hub_guard_conn *c);
/* Where c's request is: its headers are in (the body deadline starts),
 * all of it is in (no deadline while the answer goes out), the answer is
 * sent (the next request has the idle timeout and the headers deadline
 * to come in). c may be NULL. */
void hub_guard_headers_read(struct hub_guard *g, struct hub_guard_conn *c);
void hub_guard_request_read(struct hub_guard *g, struct hub_guard_conn *c);
void hub_guard_request_done(struct hub_guard *g, struct hub_guard_conn *c);

/* Log lines a client without a valid token can cause, by kind. */
enum hub_noise {
    HUB_NOISE_REFUSED,          /* 401 and other refusals before a kiosk is known */
    HUB_NOISE_DROPPED,          /* connections the guard closed */
    HUB_NOISE_SERVER,           /* libmicrohttpd's messages (a full hub, a bad TLS hello) */
    HUB_NOISE_KINDS,
};
/* At most this many lines of each kind a window, then one line saying
 * how many more there were: a flood costs the journal a few lines a
 * minute. */
#define HUB_LOG_WINDOW_S 60
#define HUB_LOG_LINES_PER_WINDOW 20
#define HUB_LOG_LINE_MAX 512
/* wk_log, unless HUB_LOG_LINES_PER_WINDOW lines of kind were logged in
 * this window already. */
void hub_guard_log(struct hub_guard *g, enum hub_noise kind, enum wk_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* --- api.c ---------------------------------------------------------------- */

/* A Set-Cookie header of the staff console: the session id and its
 * attributes. */
#define HUB_COOKIE_MAX 256

/* An entity tag as the hub writes them: "v9", "v9-sig". */
#define HUB_ETAG_MAX 32

/* An answer: a status and a JSON body (malloc'ed), or none for 204 and
 * 304; or, for a bundle download, a file. Zero is "no such part". */
struct hub_reply {
    unsigned status;
    char *json;                 /* from cJSON's allocator, which wipes it when it is freed */
    char etag[HUB_ETAG_MAX];    /* sent as ETag unless "" */
    bool file;                  /* send fd instead of json: file_size bytes */
    int fd;                     /* the reply's until it is sent or freed */
    uint64_t file_size;
    const char *content_type;   /* of the file, or of json when it is not JSON (a CSV export) */
    /* The staff console's answers (staff_api.c, staff_static.c): sent
     * with the console's security headers (a Content-Security-Policy
     * without inline script, no framing, no sniffing, no referrer). */
    bool staff;
    char set_cookie[HUB_COOKIE_MAX];    /* sent as Set-Cookie unless "" */
    const char *disposition;            /* Content-Disposition, or NULL */
    int retry_after_s;                  /* for a 429 */
};
/* {"error": message} with status. */
void hub_reply_error(struct hub_reply *r, unsigned status, const char *message);
void hub_reply_free(struct hub_reply *r);

/* POST /v1/submissions from kiosk k: body (size bytes, NUL after them)
 * checked, stored once per uuid, and the answer of the protocol. */
void hub_api_submission(struct hub_store *store, const struct hub_kiosk *k, const char *idempotency_key,
                        const char *body, size_t size, struct hub_reply *r);
/* POST /v1/heartbeat from kiosk k: kept as its last one; 204. */
void hub_api_heartbeat(struct hub_store *store, const struct hub_kiosk *k, const char *body, size_t size,
                       struct hub_reply *r);

/* --- bundle.c ------------------------------------------------------------- */

/* GET or HEAD /v1/bundle/NAME from kiosk k, NAME being "manifest",
 * "VERSION" or "VERSION.sig": the manifest of the newest bundle or one of
 * a published version's files, with its ETag; 304 when if_none_match
 * (the header, or NULL) names it. */
void hub_api_bundle(struct hub_store *store, const struct hub_kiosk *k, const char *name,
                    const char *if_none_match, bool head, struct hub_reply *r);
/* GET or HEAD /v1/firmware/NAME, NAME being "ARCH" (the newest package's
 * signature, its manifest) or "ARCH/VERSION.deb" (the package). */
void hub_api_firmware(struct hub_store *store, const struct hub_kiosk *k, const char *name,
                      const char *if_none_match, bool head, struct hub_reply *r);

/* --- the staff console (staff_api.c, staff_static.c; staff.h) ----------- */

struct hub_staff_options {
    const char *dir;            /* the static pages; NULL: where they are installed (or the build tree's) */
    int session_idle_s;         /* 0: HUB_SESSION_IDLE_DEFAULT_S */
    bool tls;                   /* the hub speaks TLS: cookies are Secure */
    const char *kiosk_binary;   /* welkom, for previews; NULL: beside welkom-hub if there, "" for none */
};
/* The console, over store: its sessions, and the pages in o->dir. */
int hub_staff_new(struct hub_store *store, const struct hub_staff_options *o, struct hub_staff **out,
                  char err[WK_ERR_MAX]);
/* Ends every session (their keys wiped). */
void hub_staff_free(struct hub_staff *st);
/* Where the pages are when no dir is given. */
const char *hub_staff_default_dir(void);

/* One request to /api/staff/..., as http.c hands it over. */
struct hub_staff_request {
    const char *method;
    const char *path;           /* after "/api/staff/" */
    const char *session;        /* the session cookie, or NULL */
    const char *csrf;           /* X-CSRF-Token, or NULL */
    const char *content_type;   /* or NULL */
    const char *origin, *host;  /* or NULL */
    /* A query argument by name, or NULL. */
    const char *(*arg)(void *ctx, const char *name);
    void *ctx;
    const char *body;           /* NUL after size bytes */
    size_t size;
};
void hub_staff_api(struct hub_staff *st, const struct hub_staff_request *req, struct hub_reply *r);
/* GET or HEAD /staff/PATH: a file of the console's directory; 404 for
 * anything else, a path that climbs out of it among them. */
void hub_staff_static(struct hub_staff *st, const char *path, bool head, struct hub_reply *r);

/* --- retention.c --------------------------------------------------------- */

/* How often the hub looks for submissions whose keep_days are over. */
#define HUB_PRUNE_INTERVAL_S 3600
/* Deletes what is due now (hub_store_prune), then starts a thread that
 * does it again every HUB_PRUNE_INTERVAL_S until hub_retention_stop. */
struct hub_retention;
int hub_retention_start(struct hub_store *store, struct hub_retention **out, char err[WK_ERR_MAX]);
void hub_retention_stop(struct hub_retention *r);

/* --- rate.c --------------------------------------------------------------- */

/* A token bucket per kiosk: burst requests at once, refilled at
 * per_minute a minute. Thread-safe. */
struct hub_rate;
int hub_rate_new(int per_minute, int burst, struct hub_rate **out);
void hub_rate_free(struct hub_rate *r);
/* Takes one request of kiosk_id's bucket at now_ms (a monotonic clock):
 * true if there was one; false with the seconds until there is. */
bool hub_rate_take(struct hub_rate *r, int64_t kiosk_id, int64_t now_ms, int *retry_after_s);

#endif
