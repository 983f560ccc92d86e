/* hub.h — the parts of welkom-hub and what they hand each other: the
 * HTTP front (http.c: libmicrohttpd, routes, limits), the endpoints
 * (api.c: checking what a kiosk sends and storing it; bundle.c: serving
 * published bundles), the per-kiosk rate limit (rate.c). The database is
 * store.h; main.c reads the config and runs it all until SIGTERM. The
 * protocol is docs/protocol.md. */
#ifndef HUB_H
#define HUB_H

#include "store.h"

#define HUB_VERSION "0.1.0"

/* Limits of docs/protocol.md. A sealed submission is ~1 KiB and at most
 * 64 KiB of payload, which base64 and JSON make ~88 KiB. */
#define HUB_MAX_BODY (96 * 1024)
/* A slow or stalled client is dropped after this long without progress. */
#define HUB_CONNECTION_TIMEOUT_S 10
/* libmicrohttpd's memory per connection, which the request line and the
 * headers must fit in (it also buffers the body as it arrives). */
#define HUB_CONNECTION_MEMORY (8 * 1024)

/* What the config file and the flags set (main.c checks every value). */
struct hub_limits {
    int rate_per_minute;        /* requests a kiosk may make, on average */
    int burst;                  /* ... and at once after a quiet spell */
    int max_connections;        /* in total */
    int max_per_ip;             /* from one address; 0: no limit */
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
int hub_http_start(struct hub_store *store, const char *listen, const struct hub_limits *limits,
                   const struct hub_tls *tls, struct hub_http **out, char err[WK_ERR_MAX]);
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

/* --- api.c ---------------------------------------------------------------- */

/* An entity tag as the hub writes them: "v9", "v9-sig". */
#define HUB_ETAG_MAX 32

/* An answer: a status and a JSON body (malloc'ed), or none for 204 and
 * 304; or, for a bundle download, a file. Zero is "no such part". */
struct hub_reply {
    unsigned status;
    char *json;
    char etag[HUB_ETAG_MAX];    /* sent as ETag unless "" */
    bool file;                  /* send fd instead of json: file_size bytes */
    int fd;                     /* the reply's until it is sent or freed */
    uint64_t file_size;
    const char *content_type;   /* of the file */
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
