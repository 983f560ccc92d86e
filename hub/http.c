/* http.c — welkom-hub's HTTP front, on libmicrohttpd: the routes of
 * docs/protocol.md, the kiosk's bearer token, the per-kiosk rate, and the
 * limits that keep one client from taking the hub down.
 *
 * Threads: MHD_USE_INTERNAL_POLLING_THREAD with a pool of HUB_HTTP_THREADS
 * threads, each running its own epoll loop over its share of the
 * connections. A connection costs a socket and 8 KiB, not a thread, so a
 * client that sends half its headers and stalls (a "slow loris") holds
 * nothing but its own slot until the idle timeout drops it; one that
 * trickles them, a byte now and then, until the guard's headers deadline
 * (guard.c), which also sheds it when the hub is full. The pool keeps
 * serving while one thread waits for a commit of the store.
 *
 * A request is answered as early as it can be: 404/405 from the request
 * line, 401/403/429 from the headers, before any of the body is read; a
 * body is taken up to HUB_MAX_BODY and anything past that is read and
 * dropped (up to HUB_DISCARD_MAX) so the kiosk reliably gets its 413
 * rather than a reset connection. GET and HEAD of /v1/bundle/… have no
 * body: bundle.c answers them from the headers, a file straight from its
 * descriptor.
 *
 * TLS (docs/hub.md): with a certificate and key libmicrohttpd speaks TLS
 * through GnuTLS; without, plain HTTP, meant for 127.0.0.1 behind a
 * reverse proxy, and anywhere else the start logs a warning. */
#include "hub.h"

#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <microhttpd.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HUB_HTTP_THREADS 4
/* libmicrohttpd takes this many connections past max_connections: each
 * of them makes the guard shed an old one (guard.c), which libmicrohttpd
 * closes a moment later. Past that, it refuses new ones itself. */
#define HUB_SHED_ROOM 64
/* A body declared or found larger than this is not read to its end: the
 * connection is answered 413 at once (declared) or closed (chunked). */
#define HUB_DISCARD_MAX (1024 * 1024)
#define HUB_BODY_CHUNK (4 * 1024)
#define HUB_LISTEN_MAX 128
/* TLS 1.2 and 1.3 only, GnuTLS's default ciphers within them: the
 * kiosks' libcurl (Debian 12 and later) speaks both. */
#define HUB_TLS_PRIORITIES "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"
/* A certificate this close to its end is logged at every start. */
#define HUB_TLS_EXPIRY_WARN_S (14 * 24 * 3600)

struct hub_http {
    struct MHD_Daemon *daemon;
    struct hub_store *store;
    struct hub_rate *rate;
    struct hub_guard *guard;
    struct hub_staff *staff;    /* NULL: no console */
    unsigned port;
};

enum route { ROUTE_SUBMISSIONS, ROUTE_HEARTBEAT, ROUTE_BUNDLE, ROUTE_FIRMWARE, ROUTE_STAFF_API, ROUTE_STAFF_PAGE };
#define STAFF_API_PREFIX "/api/staff/"
#define STAFF_PAGE_PREFIX "/staff/"
#define STAFF_COOKIE "welkom_staff"
/* What the console's pages may do: scripts, styles and requests of the
 * hub's own origin only, no inline script, no framing. */
#define STAFF_CSP "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " \
                  "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

/* One request, from its headers to its answer. */
struct request {
    enum route route;
    struct hub_kiosk kiosk;
    char *body;                 /* with room for a NUL after it */
    size_t size, capacity;
    size_t dropped;             /* bytes past HUB_MAX_BODY */
    bool answered;
    int retry_after_s;          /* for a 429 */
    const char *allow;          /* for a 405 */
    const char *bundle;         /* ROUTE_BUNDLE, ROUTE_FIRMWARE: the name after /v1/bundle/ or /v1/firmware/; ROUTE_STAFF_*: the path */
    const char *method;
    bool head;
};

/* libmicrohttpd's messages: a client can cause most of them (a full
 * hub, a bad TLS hello), so they are kept to a few a minute. */
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    struct hub_http *h = cls;
    char line[HUB_LOG_LINE_MAX];
    vsnprintf(line, sizeof line, fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    hub_guard_log(h->guard, HUB_NOISE_SERVER, WK_LOG_WARN, "hub: libmicrohttpd: %s", line);
}

/* The guard's record of connection c (hub_guard_opened), or NULL. */
static struct hub_guard_conn *guarded(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

/* A connection accepted, or ended: the guard watches it in between. */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    struct hub_http *h = cls;
    if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        hub_guard_closed(h->guard, *socket_context);
        *socket_context = NULL;
        return;
    }
    const union MHD_ConnectionInfo *fd = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    const union MHD_ConnectionInfo *addr = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (fd)
        hub_guard_opened(h->guard, fd->connect_fd, addr ? addr->client_addr : NULL,
                         (struct hub_guard_conn **)socket_context);
}

/* A file reply is sent from its descriptor (sendfile where it can), which
 * libmicrohttpd then owns and closes. A reply with an ETag may be cached
 * if it is checked again (If-None-Match) before each use; others not. */
static enum MHD_Result send_reply(struct MHD_Connection *c, const struct request *req, struct hub_reply *r)
{
    char *json = r->json ? r->json : (char *)"";
    const char *type = r->json ? "application/json" : r->file ? r->content_type : NULL;
    if (r->json && r->content_type)
        type = r->content_type;
    struct MHD_Response *resp;
    if (r->file) {
        if ((resp = MHD_create_response_from_fd64(r->file_size, r->fd)))
            r->file = false;
    } else if (r->json) {
        /* libmicrohttpd frees it once sent, through cJSON, which wipes
         * it: a caseworker's answer holds what a resident wrote. */
        if ((resp = MHD_create_response_from_buffer_with_free_callback(strlen(json), json, cJSON_free)))
            r->json = NULL;
    } else {
        resp = MHD_create_response_from_buffer(0, json, MHD_RESPMEM_PERSISTENT);
    }
    if (!resp)
        return MHD_NO;
    bool ok = MHD_add_response_header(resp, "Cache-Control", r->etag[0] ? "no-cache" : "no-store") == MHD_YES;
    if (r->etag[0])
        ok = ok && MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, r->etag) == MHD_YES;
    if (type)
        ok = ok && MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type) == MHD_YES;
    if (r->status == MHD_HTTP_UNAUTHORIZED && !r->staff)
        ok = ok && MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer") == MHD_YES;
    if (r->staff) {
        ok = ok && MHD_add_response_header(resp, "Content-Security-Policy", STAFF_CSP) == MHD_YES;
        ok = ok && MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff") == MHD_YES;
        ok = ok && MHD_add_response_header(resp, "X-Frame-Options", "DENY") == MHD_YES;
        ok = ok && MHD_add_response_header(resp, "Referrer-Policy", "no-referrer") == MHD_YES;
        if (r->set_cookie[0])
            ok = ok && MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->set_cookie) == MHD_YES;
        if (r->disposition)
            ok = ok && MHD_add_response_header(resp, "Content-Disposition", r->disposition) == MHD_YES;
    }
    if (r->status == MHD_HTTP_METHOD_NOT_ALLOWED && req->allow)
        ok = ok && MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, req->allow) == MHD_YES;
    if (r->status == MHD_HTTP_TOO_MANY_REQUESTS) {
        char seconds[16];
        snprintf(seconds, sizeof seconds, "%d", WK_MAX(req->retry_after_s, r->retry_after_s));
        ok = ok && MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, seconds) == MHD_YES;
    }
    enum MHD_Result result = ok ? MHD_queue_response(c, r->status, resp) : MHD_NO;
    MHD_destroy_response(resp);
    return result;
}

/* Sends r, logs a refusal (never a body), frees r. 404s (scanners) and
 * 429s (a kiosk told to slow down, many times) are for debugging only
 * (--verbose); other refusals of a client that no token names (401,
 * 405 ...) are kept to a few a minute, since anyone can cause them. */
static enum MHD_Result answer(struct hub_http *h, struct MHD_Connection *c, struct request *req,
                              struct hub_reply *r)
{
    req->answered = true;
    bool debug = r->status == MHD_HTTP_NOT_FOUND || r->status == MHD_HTTP_TOO_MANY_REQUESTS;
    const char *json = r->json ? r->json : "";
    if (r->status >= 400 && !req->kiosk.name[0] && !debug)
        hub_guard_log(h->guard, HUB_NOISE_REFUSED, WK_LOG_INFO, "hub: %u to a client: %s", r->status, json);
    else if (r->status >= 400)
        wk_log(debug ? WK_LOG_DEBUG : WK_LOG_INFO, "hub: %u to %s%s: %s", r->status,
               req->kiosk.name[0] ? "kiosk " : "a client", req->kiosk.name, json);
    enum MHD_Result result = send_reply(c, req, r);
    hub_reply_free(r);
    return result;
}

/* The route of url and method; false with r set (404, 405) if none. */
static bool find_route(const struct hub_http *h, const char *url, const char *method, struct request *req,
                       struct hub_reply *r)
{
    bool post = !strcmp(method, MHD_HTTP_METHOD_POST);
    bool get = !strcmp(method, MHD_HTTP_METHOD_GET) || !strcmp(method, MHD_HTTP_METHOD_HEAD);
    bool submissions = !strcmp(url, "/v1/submissions");
    if (submissions || !strcmp(url, "/v1/heartbeat")) {
        req->route = submissions ? ROUTE_SUBMISSIONS : ROUTE_HEARTBEAT;
        req->allow = "POST";
        if (post)
            return true;
    } else if (!strncmp(url, "/v1/bundle/", strlen("/v1/bundle/")) ||
               !strncmp(url, "/v1/firmware/", strlen("/v1/firmware/"))) {
        req->route = !strncmp(url, "/v1/bundle/", strlen("/v1/bundle/")) ? ROUTE_BUNDLE : ROUTE_FIRMWARE;
        req->allow = "GET, HEAD";
        if (get)
            return true;
    } else if (h->staff && !strncmp(url, STAFF_API_PREFIX, strlen(STAFF_API_PREFIX))) {
        req->route = ROUTE_STAFF_API;
        req->bundle = url + strlen(STAFF_API_PREFIX);
        req->allow = "GET, POST";
        if (get || post)
            return true;
    } else if (h->staff && (!strncmp(url, STAFF_PAGE_PREFIX, strlen(STAFF_PAGE_PREFIX)) || !strcmp(url, "/staff"))) {
        req->route = ROUTE_STAFF_PAGE;
        req->bundle = url[strlen("/staff")] ? url + strlen(STAFF_PAGE_PREFIX) : "";
        req->allow = "GET, HEAD";
        if (get)
            return true;
    } else {
        hub_reply_error(r, MHD_HTTP_NOT_FOUND, "no such endpoint");
        return false;
    }
    hub_reply_error(r, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed here");
    return false;
}

/* The kiosk of "Authorization: Bearer TOKEN"; false with r set if none. */
static bool authenticate(struct hub_http *h, struct MHD_Connection *c, struct request *req, struct hub_reply *r)
{
    const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (!auth || strncasecmp(auth, "Bearer ", 7) != 0) {
        hub_reply_error(r, MHD_HTTP_UNAUTHORIZED, "no kiosk token (Authorization: Bearer TOKEN)");
        return false;
    }
    const char *token = auth + 7;
    while (*token == ' ')
        token++;
    char err[WK_ERR_MAX];
    int rc = hub_store_kiosk_by_token(h->store, token, &req->kiosk, err);
    if (rc == WK_ENOTFOUND) {
        hub_reply_error(r, MHD_HTTP_UNAUTHORIZED, "unknown kiosk token");
        return false;
    }
    if (rc) {
        wk_log(WK_LOG_ERROR, "hub: %s", err);
        hub_reply_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "the hub cannot check tokens now");
        return false;
    }
    if (req->kiosk.revoked) {
        hub_reply_error(r, MHD_HTTP_FORBIDDEN, "this kiosk is revoked");
        return false;
    }
    return true;
}

/* Everything that can be decided from the request line and the headers.
 * True if the request goes on to its body; false with r set. */
static bool begin(struct hub_http *h, struct MHD_Connection *c, const char *url, const char *method,
                  struct request *req, struct hub_reply *r)
{
    req->method = method;
    req->head = !strcmp(method, MHD_HTTP_METHOD_HEAD);
    if (!find_route(h, url, method, req, r))
        return false;
    /* The console's requests are its people's, with its own checks (a
     * session, a role, a CSRF token; the lockout for passwords). */
    if (req->route == ROUTE_STAFF_PAGE)
        return true;
    if (req->route != ROUTE_STAFF_API && !authenticate(h, c, req, r))
        return false;
    if (req->route == ROUTE_STAFF_API)
        goto body;
    if (!hub_rate_take(h->rate, req->kiosk.id, wk_mono_ms(), &req->retry_after_s)) {
        hub_reply_error(r, MHD_HTTP_TOO_MANY_REQUESTS, "too many requests from this kiosk; slow down");
        return false;
    }
    if (req->route == ROUTE_BUNDLE || req->route == ROUTE_FIRMWARE) {
        /* Answered at the next call, the request read to its end:
         * libmicrohttpd closes a connection answered before that, and a
         * kiosk's manifest polls would each cost a new (TLS) connection. */
        req->bundle = url + strlen(req->route == ROUTE_BUNDLE ? "/v1/bundle/" : "/v1/firmware/");
        return true;
    }
body:;
    const char *length = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (length && strtoull(length, NULL, 10) > HUB_DISCARD_MAX) {
        hub_reply_error(r, MHD_HTTP_CONTENT_TOO_LARGE, "the body is larger than 96 KiB");
        return false;
    }
    return true;
}

/* Takes a piece of the body; past HUB_MAX_BODY it is counted and
 * dropped, past HUB_DISCARD_MAX the connection is closed. */
static enum MHD_Result take_body(struct request *req, const char *data, size_t *size)
{
    size_t n = *size;
    *size = 0;
    if (req->dropped || req->size + n > HUB_MAX_BODY) {
        req->dropped += n;
        return req->size + req->dropped > HUB_DISCARD_MAX ? MHD_NO : MHD_YES;
    }
    if (req->size + n + 1 > req->capacity) {
        size_t capacity = req->capacity ? req->capacity : HUB_BODY_CHUNK;
        while (capacity < req->size + n + 1)
            capacity *= 2;
        capacity = WK_MIN(capacity, (size_t)HUB_MAX_BODY + 1);
        char *grown = wk_realloc(req->body, capacity);
        if (!grown)
            return MHD_NO;
        req->body = grown;
        req->capacity = capacity;
    }
    memcpy(req->body + req->size, data, n);
    req->size += n;
    return MHD_YES;
}

static const char *query_arg(void *ctx, const char *name)
{
    return MHD_lookup_connection_value(ctx, MHD_GET_ARGUMENT_KIND, name);
}

/* The whole body is in: the endpoint's answer. */
static void finish(struct hub_http *h, struct MHD_Connection *c, struct request *req, struct hub_reply *r)
{
    if (req->dropped) {
        hub_reply_error(r, MHD_HTTP_CONTENT_TOO_LARGE, "the body is larger than 96 KiB");
        return;
    }
    if (req->route == ROUTE_STAFF_PAGE) {
        hub_staff_static(h->staff, req->bundle, req->head, r);
        return;
    }
    if (req->route == ROUTE_BUNDLE || req->route == ROUTE_FIRMWARE) {
        (req->route == ROUTE_BUNDLE ? hub_api_bundle : hub_api_firmware)(
            h->store, &req->kiosk, req->bundle,
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH), req->head, r);
        return;
    }
    char empty[1] = "";
    char *body = req->body ? req->body : empty;
    body[req->size] = '\0';
    if (req->route == ROUTE_STAFF_API) {
        struct hub_staff_request sr = {
            .method = req->method, .path = req->bundle, .body = body, .size = req->size, .arg = query_arg, .ctx = c,
            .session = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, STAFF_COOKIE),
            .csrf = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token"),
            .content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE),
            .origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin"),
            .host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST),
        };
        hub_staff_api(h->staff, &sr, r);
        return;
    }
    if (req->route == ROUTE_SUBMISSIONS)
        hub_api_submission(h->store, &req->kiosk,
                           MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Idempotency-Key"), body,
                           req->size, r);
    else
        hub_api_heartbeat(h->store, &req->kiosk, body, req->size, r);
}

/* libmicrohttpd calls this first with the headers (*con_cls NULL), then
 * with each piece of the body, then once more with none. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    (void)version;
    struct hub_http *h = cls;
    struct request *req = *con_cls;
    struct hub_reply r = { 0 };
    if (!req) {
        if (!(req = wk_calloc(1, sizeof *req)))
            return MHD_NO;
        *con_cls = req;
        hub_guard_headers_read(h->guard, guarded(c));
        return begin(h, c, url, method, req, &r) ? MHD_YES : answer(h, c, req, &r);
    }
    if (req->answered) {        /* the rest of a body answered early */
        *upload_size = 0;
        return MHD_YES;
    }
    if (*upload_size)
        return take_body(req, upload, upload_size);
    hub_guard_request_read(h->guard, guarded(c));
    finish(h, c, req, &r);
    return answer(h, c, req, &r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode why)
{
    (void)why;
    struct hub_http *h = cls;
    hub_guard_request_done(h->guard, guarded(c));
    struct request *req = *con_cls;
    if (req) {
        free(req->body);
        free(req);
        *con_cls = NULL;
    }
}

/* "127.0.0.1:8470", "0.0.0.0:8470" or "[::1]:8470": numbers only, so
 * the hub never waits for a name server at start. */
static int parse_listen(const char *listen, struct sockaddr_storage *addr, bool *v6,
                        char err[WK_ERR_MAX])
{
    char host[HUB_LISTEN_MAX];
    const char *colon = strrchr(listen, ':');
    const char *host_start = listen, *host_end = colon;
    if (colon && listen[0] == '[' && colon > listen && colon[-1] == ']') {
        host_start = listen + 1;
        host_end = colon - 1;
    }
    struct addrinfo hints = { .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE,
                              .ai_socktype = SOCK_STREAM }, *found = NULL;
    if (!colon || host_end <= host_start || (size_t)(host_end - host_start) >= sizeof host || !colon[1] ||
        strspn(colon + 1, "0123456789") != strlen(colon + 1) || atoi(colon + 1) > 65535) {
        wk_seterr(err, "cannot listen on \"%s\": give ADDR:PORT such as 127.0.0.1:8470 or [::1]:8470", listen);
        return WK_EINVAL;
    }
    memcpy(host, host_start, (size_t)(host_end - host_start));
    host[host_end - host_start] = '\0';
    int code = getaddrinfo(host, colon + 1, &hints, &found);
    if (code != 0 || !found || found->ai_addrlen > sizeof *addr) {
        wk_seterr(err, "cannot listen on \"%s\": %s is not an IP address", listen, host);
        if (found)
            freeaddrinfo(found);
        return WK_EINVAL;
    }
    memcpy(addr, found->ai_addr, found->ai_addrlen);
    *v6 = found->ai_family == AF_INET6;
    freeaddrinfo(found);
    return 0;
}

int hub_http_check_listen(const char *listen, char err[WK_ERR_MAX])
{
    struct sockaddr_storage addr;
    bool v6;
    return parse_listen(listen, &addr, &v6, err);
}

/* --- TLS ------------------------------------------------------------------ */

int hub_http_check_tls(const struct hub_tls *tls, char err[WK_ERR_MAX])
{
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
        wk_seterr(err, "this libmicrohttpd is built without TLS: put a reverse proxy in front of the hub "
                       "(docs/hub.md) or install a libmicrohttpd with GnuTLS");
        return WK_EUNSUPPORTED;
    }
    if (!tls || !tls->cert_pem || !tls->key_pem) {
        wk_seterr(err, "TLS needs both a certificate and its key");
        return WK_EINVAL;
    }
    /* GnuTLS reads the pair the way libmicrohttpd will, and tells a key
     * of another certificate from a file that is no PEM at all. */
    gnutls_certificate_credentials_t cred;
    if (gnutls_certificate_allocate_credentials(&cred) < 0) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    gnutls_datum_t cert = { (unsigned char *)tls->cert_pem, (unsigned)strlen(tls->cert_pem) };
    gnutls_datum_t key = { (unsigned char *)tls->key_pem, (unsigned)strlen(tls->key_pem) };
    int code = gnutls_certificate_set_x509_key_mem2(cred, &cert, &key, GNUTLS_X509_FMT_PEM, NULL, 0);
    gnutls_certificate_free_credentials(cred);
    if (code == GNUTLS_E_CERTIFICATE_KEY_MISMATCH) {
        wk_seterr(err, "the TLS key is not the key of the TLS certificate");
        return WK_EINVAL;
    }
    if (code < 0) {
        wk_seterr(err, "cannot use the TLS certificate and key (PEM, the key unencrypted): %s",
                  gnutls_strerror(code));
        return WK_EFORMAT;
    }
    return 0;
}

/* Kiosks refuse a certificate past its end: say so at start, and a
 * fortnight before. */
static void log_certificate_dates(const char *cert_pem)
{
    gnutls_x509_crt_t crt;
    gnutls_datum_t pem = { (unsigned char *)cert_pem, (unsigned)strlen(cert_pem) };
    if (gnutls_x509_crt_init(&crt) < 0)
        return;
    if (gnutls_x509_crt_import(crt, &pem, GNUTLS_X509_FMT_PEM) == 0) {
        time_t now = time(NULL), end = gnutls_x509_crt_get_expiration_time(crt);
        time_t start = gnutls_x509_crt_get_activation_time(crt);
        char when[32] = "";
        struct tm tm;
        if (gmtime_r(&end, &tm))
            strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
        if (end != (time_t)-1 && end < now)
            wk_log(WK_LOG_WARN, "hub: the TLS certificate expired on %s: kiosks will not connect", when);
        else if (end != (time_t)-1 && end - now < HUB_TLS_EXPIRY_WARN_S)
            wk_log(WK_LOG_WARN, "hub: the TLS certificate expires on %s: renew it", when);
        else if (start != (time_t)-1 && start > now)
            wk_log(WK_LOG_WARN, "hub: the TLS certificate is not valid yet (is the clock right?)");
    }
    gnutls_x509_crt_deinit(crt);
}

/* 127.0.0.0/8 and ::1 (also as ::ffff:127.x.y.z): where a plain HTTP
 * hub belongs, behind a reverse proxy on the same machine. */
static bool is_loopback(const struct sockaddr_storage *addr, bool v6)
{
    if (!v6)
        return ntohl(((const struct sockaddr_in *)addr)->sin_addr.s_addr) >> 24 == 127;
    const struct in6_addr *a = &((const struct sockaddr_in6 *)addr)->sin6_addr;
    return IN6_IS_ADDR_LOOPBACK(a) || (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
}

/* --- the daemon -------------------------------------------------------------- */

int hub_http_start(struct hub_store *store, const char *listen, const struct hub_limits *limits,
                   const struct hub_tls *tls, struct hub_staff *staff, struct hub_http **out,
                   char err[WK_ERR_MAX])
{
    *out = NULL;
    struct sockaddr_storage addr;
    bool v6 = false;
    int rc = parse_listen(listen, &addr, &v6, err);
    if (rc || (tls && (rc = hub_http_check_tls(tls, err))))
        return rc;
    struct hub_http *h = wk_calloc(1, sizeof *h);
    if (!h) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    h->store = store;
    h->staff = staff;
    if (hub_rate_new(limits->rate_per_minute, limits->burst, &h->rate)) {
        wk_seterr(err, "the request rate must be at least 1 a minute with a burst of at least 1");
        rc = WK_EINVAL;
        goto out;
    }
    if ((rc = hub_guard_new(limits, &h->guard))) {
        wk_seterr(err, "cannot start the connection guard");
        goto out;
    }
    /* Only for libmicrohttpd's own messages: it binds to addr. */
    uint16_t port = ntohs(v6 ? ((struct sockaddr_in6 *)&addr)->sin6_port : ((struct sockaddr_in *)&addr)->sin_port);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG | (v6 ? MHD_USE_IPv6 : 0) |
                     (tls ? MHD_USE_TLS : 0);
    /* libmicrohttpd hands the PEM text to GnuTLS when it starts. */
    struct MHD_OptionItem tls_options[] = {
        { MHD_OPTION_HTTPS_MEM_CERT, 0, tls ? (void *)tls->cert_pem : NULL },
        { MHD_OPTION_HTTPS_MEM_KEY, 0, tls ? (void *)tls->key_pem : NULL },
        { MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)HUB_TLS_PRIORITIES },
        { MHD_OPTION_END, 0, NULL },
    }, no_options[] = { { MHD_OPTION_END, 0, NULL } };
    h->daemon = MHD_start_daemon(
        flags, port, NULL, NULL, on_request, h,
        MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, (void *)h,
        MHD_OPTION_ARRAY, tls ? tls_options : no_options,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)HUB_HTTP_THREADS,
        /* The guard keeps max_connections and max_per_ip, shedding
         * rather than refusing; libmicrohttpd only caps the total. */
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)(limits->max_connections + HUB_SHED_ROOM),
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)limits->idle_timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HUB_CONNECTION_MEMORY,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, (void *)h,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, (void *)h,
        MHD_OPTION_END);
    if (!h->daemon) {
        wk_seterr(err, "cannot listen on %s (in use, or not an address of this machine?)", listen);
        rc = WK_EIO;
        goto out;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_BIND_PORT);
    h->port = info ? info->port : 0;
    if (tls)
        log_certificate_dates(tls->cert_pem);
    else if (!is_loopback(&addr, v6))
        wk_log(WK_LOG_WARN, "hub: listening on %s without TLS: kiosk tokens cross the network readable by "
                            "anyone on the way. Listen on 127.0.0.1 behind a reverse proxy that does TLS, "
                            "or set [tls] cert_file and key_file (docs/hub.md)", listen);
    rc = 0;
out:
    if (rc) {
        hub_http_stop(h);
        return rc;
    }
    *out = h;
    return 0;
}

unsigned hub_http_port(const struct hub_http *h)
{
    return h->port;
}

void hub_http_stop(struct hub_http *h)
{
    if (!h)
        return;
    if (h->daemon)
        MHD_stop_daemon(h->daemon);
    hub_guard_free(h->guard);       /* after every connection is closed */
    hub_rate_free(h->rate);
    free(h);
}
