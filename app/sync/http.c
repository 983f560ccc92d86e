/* http.c — one HTTP exchange with the hub over libcurl, as the sync worker
 * needs it: the kiosk's bearer token on every request, TLS verified (the
 * system's CAs or one pinned CA file), no redirects, bounded time and
 * size, no proxy but the one the config names (never one from the
 * environment: http_proxy would read the token of a plain-http hub), and
 * an exchange that ends at once when the worker is stopping. One
 * easy handle is kept for the worker's life, so requests share a kept-alive
 * connection (a drain of thousands of rows is one TLS handshake). */
#include "sync_internal.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct sync_http {
    CURL *curl;
    char base[SYNC_MAX_URL];
    char authorization[SYNC_MAX_TOKEN + 32];
    char ca_file[1024];
    char proxy[SYNC_MAX_URL];               /* "": none */
    int timeout_s;
    const atomic_bool *stopping;
    char curl_error[CURL_ERROR_SIZE];
};

/* The scheme of url, lower case, into out; false if url is no URL. */
static bool url_scheme(const char *url, char *out, size_t size)
{
    CURLU *u = curl_url();
    char *scheme = NULL;
    bool ok = u && curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
              curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
              (size_t)snprintf(out, size, "%s", scheme) < size;
    curl_free(scheme);
    curl_url_cleanup(u);
    return ok;
}

int sync_check_proxy(const char *proxy, const char *hub_url, char err[WK_ERR_MAX])
{
    char scheme[16];
    if (!url_scheme(hub_url, scheme, sizeof scheme) || strcmp(scheme, "https") != 0) {
        wk_seterr(err, "[hub] proxy is for an https:// hub only: through a proxy, a plain-http "
                  "hub's token would be read by the proxy");
        return WK_EINVAL;
    }
    if (strlen(proxy) >= SYNC_MAX_URL || !url_scheme(proxy, scheme, sizeof scheme) ||
        (strcmp(scheme, "http") && strcmp(scheme, "https") && strcmp(scheme, "socks5h"))) {
        /* Not the value itself: it may hold a password. */
        wk_seterr(err, "[hub] proxy is not a proxy address such as http://proxy.example.org:3128 "
                  "(http://, https:// or socks5h://)");
        return WK_EINVAL;
    }
    return 0;
}

/* Where an answer being received goes. */
struct receiving {
    struct sync_answer *answer;
    size_t size;
    FILE *sink;
    int64_t max_bytes, written;
    bool too_long;
};

int sync_http_open(const struct sync_http_desc *desc, struct sync_http **out, char err[WK_ERR_MAX])
{
    struct sync_http *h = wk_calloc(1, sizeof *h);
    if (!h) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    size_t len = strlen(desc->base_url);
    while (len > 0 && desc->base_url[len - 1] == '/')
        len--;
    if (len >= sizeof h->base || strlen(desc->token) > SYNC_MAX_TOKEN ||
        (desc->ca_file && strlen(desc->ca_file) >= sizeof h->ca_file) ||
        (desc->proxy && strlen(desc->proxy) >= sizeof h->proxy)) {
        wk_seterr(err, "the hub url, token, CA file name or proxy is too long");
        free(h);
        return WK_EINVAL;
    }
    memcpy(h->base, desc->base_url, len);
    snprintf(h->authorization, sizeof h->authorization, "Authorization: Bearer %s", desc->token);
    snprintf(h->ca_file, sizeof h->ca_file, "%s", desc->ca_file ? desc->ca_file : "");
    snprintf(h->proxy, sizeof h->proxy, "%s", desc->proxy ? desc->proxy : "");
    h->timeout_s = desc->timeout_s > 0 ? desc->timeout_s : SYNC_DEFAULT_TIMEOUT_S;
    h->stopping = desc->stopping;
    if (!(h->curl = curl_easy_init())) {
        wk_seterr(err, "libcurl could not start");
        free(h);
        return WK_ENOMEM;
    }
    *out = h;
    return 0;
}

void sync_http_close(struct sync_http *h)
{
    if (!h)
        return;
    curl_easy_cleanup(h->curl);
    sodium_memzero(h->authorization, sizeof h->authorization);
    sodium_memzero(h->proxy, sizeof h->proxy);     /* it may hold a password */
    free(h);
}

static size_t on_body(char *data, size_t size, size_t count, void *user)
{
    struct receiving *r = user;
    size_t n = size * count;
    if (r->sink) {
        if (r->written + (int64_t)n > r->max_bytes) {
            r->too_long = true;
            return 0;                       /* libcurl ends the transfer */
        }
        r->written += (int64_t)n;
        return fwrite(data, 1, n, r->sink);
    }
    size_t room = sizeof r->answer->body - 1 - r->size;
    size_t take = WK_MIN(n, room);
    memcpy(r->answer->body + r->size, data, take);
    r->size += take;
    r->answer->body[r->size] = '\0';
    return n;                               /* the rest of a long answer is dropped */
}

/* The value of header line `line` if it is `name: value`, trimmed, into out. */
static bool header_value(const char *line, size_t len, const char *name, char *out, size_t size)
{
    size_t name_len = strlen(name);
    if (len <= name_len || strncasecmp(line, name, name_len) != 0 || line[name_len] != ':')
        return false;
    const char *v = line + name_len + 1, *end = line + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
        end--;
    size_t n = WK_MIN((size_t)(end - v), size - 1);
    memcpy(out, v, n);
    out[n] = '\0';
    return true;
}

static size_t on_header(char *line, size_t size, size_t count, void *user)
{
    struct receiving *r = user;
    size_t n = size * count;
    char retry[16];
    if (header_value(line, n, "ETag", r->answer->etag, sizeof r->answer->etag))
        return n;
    if (header_value(line, n, "Retry-After", retry, sizeof retry)) {
        char *end;
        long s = strtol(retry, &end, 10);
        r->answer->retry_after_s = (end != retry && *end == '\0' && s > 0)
            ? (int)WK_MIN(s, SYNC_MAX_BACKOFF_MS / 1000) : 0;
    }
    return n;
}

static int on_progress(void *user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
    (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
    const struct sync_http *h = user;
    return atomic_load(h->stopping) ? 1 : 0;    /* non-zero aborts the transfer */
}

/* Sets every option of one exchange on the kept handle. curl_easy_reset
 * keeps the open connection and the DNS cache, and clears what the last
 * exchange set. */
static CURLcode prepare(struct sync_http *h, const struct sync_request *req, const char *url,
                        struct curl_slist *headers, struct receiving *r)
{
    CURL *c = h->curl;
    CURLcode rc = CURLE_OK;
    bool download = req->sink != NULL;
    curl_easy_reset(c);
#define SET(opt, value) if (rc == CURLE_OK) rc = curl_easy_setopt(c, opt, value)
    SET(CURLOPT_URL, url);
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_FOLLOWLOCATION, 0L);
    SET(CURLOPT_NOSIGNAL, 1L);              /* we are a thread; no SIGALRM */
    SET(CURLOPT_SSL_VERIFYPEER, 1L);
    SET(CURLOPT_SSL_VERIFYHOST, 2L);
    /* "" switches off every proxy the environment names; a configured one
     * is only ever a tunnel (sync_check_proxy). */
    SET(CURLOPT_PROXY, h->proxy);
    SET(CURLOPT_NOPROXY, "");
    if (h->proxy[0])
        SET(CURLOPT_HTTPPROXYTUNNEL, 1L);
    if (h->ca_file[0]) {
        /* Pinned: this CA only. Debian's libcurl also looks in
         * /etc/ssl/certs unless the path is cleared. */
        SET(CURLOPT_CAINFO, h->ca_file);
        SET(CURLOPT_CAPATH, NULL);
    }
    SET(CURLOPT_HTTPHEADER, headers);
    SET(CURLOPT_USERAGENT, "welkom-kiosk");
    SET(CURLOPT_CONNECTTIMEOUT, (long)SYNC_CONNECT_TIMEOUT_S);
    SET(CURLOPT_TIMEOUT, (long)(download ? SYNC_DOWNLOAD_TIMEOUT_S : h->timeout_s));
    if (download) {
        SET(CURLOPT_LOW_SPEED_LIMIT, (long)SYNC_LOW_SPEED_BYTES);
        SET(CURLOPT_LOW_SPEED_TIME, (long)SYNC_LOW_SPEED_S);
        SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)req->max_bytes);
    }
    SET(CURLOPT_WRITEFUNCTION, on_body);
    SET(CURLOPT_WRITEDATA, r);
    SET(CURLOPT_HEADERFUNCTION, on_header);
    SET(CURLOPT_HEADERDATA, r);
    SET(CURLOPT_NOPROGRESS, 0L);
    SET(CURLOPT_XFERINFOFUNCTION, on_progress);
    SET(CURLOPT_XFERINFODATA, h);
    SET(CURLOPT_ERRORBUFFER, h->curl_error);
    if (!strcmp(req->method, "POST")) {
        SET(CURLOPT_POSTFIELDS, req->body ? req->body : "");
        SET(CURLOPT_POSTFIELDSIZE, (long)(req->body ? strlen(req->body) : 0));
    } else {
        SET(CURLOPT_HTTPGET, 1L);
    }
#undef SET
    return rc;
}

int sync_http_exchange(struct sync_http *h, const struct sync_request *req, struct sync_answer *a,
                       char err[WK_ERR_MAX])
{
    memset(a, 0, sizeof *a);
    char url[SYNC_MAX_URL + 128], idem[128], match[SYNC_MAX_ETAG + 32];
    snprintf(url, sizeof url, "%s%s", h->base, req->path);
    struct curl_slist *headers = NULL, *grown;
    const char *lines[5] = { h->authorization,
                             /* no "Expect: 100-continue" round trip before a body */
                             "Expect:", NULL, NULL, NULL };
    size_t n = 2;
    if (req->body)
        lines[n++] = "Content-Type: application/json";
    if (req->idempotency_key) {
        snprintf(idem, sizeof idem, "Idempotency-Key: %s", req->idempotency_key);
        lines[n++] = idem;
    }
    if (req->if_none_match && req->if_none_match[0]) {
        snprintf(match, sizeof match, "If-None-Match: %s", req->if_none_match);
        lines[n++] = match;
    }
    for (size_t i = 0; i < n; i++) {
        if (!(grown = curl_slist_append(headers, lines[i]))) {
            curl_slist_free_all(headers);
            wk_seterr(err, "out of memory");
            return WK_ENOMEM;
        }
        headers = grown;
    }
    struct receiving r = { .answer = a, .sink = req->sink, .max_bytes = req->max_bytes };
    h->curl_error[0] = '\0';
    CURLcode code = prepare(h, req, url, headers, &r);
    if (code == CURLE_OK)
        code = curl_easy_perform(h->curl);
    if (code == CURLE_OK)
        curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &a->status);
    curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, NULL);
    curl_slist_free_all(headers);
    if (code == CURLE_OK && a->status > 0)
        return 0;
    if (atomic_load(h->stopping))
        wk_seterr(err, "stopped");
    else if (r.too_long || code == CURLE_FILESIZE_EXCEEDED)
        wk_seterr(err, "%s: the answer is larger than %lld bytes", req->path, (long long)req->max_bytes);
    else
        wk_seterr(err, "%s %s: %s", req->method, req->path,
                  h->curl_error[0] ? h->curl_error : curl_easy_strerror(code));
    return WK_ENET;
}
