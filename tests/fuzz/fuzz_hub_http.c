/* fuzz_hub_http.c — the hub's HTTP front with any bytes on the wire: the
 * real hub (hub_http_start: libmicrohttpd, hub/http.c's routes, token
 * check, body limits and deadlines, hub/guard.c) on a loopback port of
 * its own, a real database behind it. Each input is sent as one
 * connection's bytes, the sending side is closed, and the answer read to
 * its end. "@TOKEN@" in an input becomes the token of the hub's kiosk,
 * so the seeds (requests of docs/protocol.md) get past authentication.
 * The hub must answer or close, never crash; after each input it must
 * still answer a well-formed request. */
#include "fuzz.h"
#include "../../hub/hub.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define TOKEN_MARK "@TOKEN@"
/* How long an answer may take before the input counts as a hang: far
 * above the deadlines below, so only a hub that never answers is one. */
#define FUZZ_HTTP_WAIT_MS 10000
#define FUZZ_HTTP_DEADLINE_S 2
/* Loopback answers come within a millisecond; under the sanitizers a
 * stored submission takes a few. */
#define FUZZ_HTTP_QUIET_MS 30
#define FUZZ_HTTP_ANSWER_BYTES 65536

static unsigned port;
static char token[64];

/* The input with each TOKEN_MARK replaced by the token. */
static char *with_token(const uint8_t *data, size_t size, size_t *out_size)
{
    size_t marks = 0, tlen = strlen(token), mlen = strlen(TOKEN_MARK);
    for (const uint8_t *p = data; (p = memmem(p, size - (size_t)(p - data), TOKEN_MARK, mlen)); p += mlen)
        marks++;
    char *out = malloc(size + marks * tlen + 1), *w = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < size;) {
        if (size - i >= mlen && !memcmp(data + i, TOKEN_MARK, mlen)) {
            memcpy(w, token, tlen);
            w += tlen;
            i += mlen;
        } else {
            *w++ = (char)data[i++];
        }
    }
    *out_size = (size_t)(w - out);
    return out;
}

/* Sends the bytes on a new connection and reads the answer into answer
 * (at most size - 1 bytes, NUL-terminated) until the hub closes or, once
 * it has answered, goes quiet for FUZZ_HTTP_QUIET_MS: the hub keeps a
 * connection it answered open for the next request (until its idle
 * timeout), and waiting for that would make every input take seconds.
 * Aborts if the hub neither answers nor closes within FUZZ_HTTP_WAIT_MS. */
static void exchange(const char *bytes, size_t n, char *answer, size_t size)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                                .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        fprintf(stderr, "fuzz: cannot connect to the hub: %s\n", strerror(errno));
        abort();
    }
    for (size_t sent = 0; sent < n;) {
        ssize_t w = send(fd, bytes + sent, n - sent, MSG_NOSIGNAL);
        if (w <= 0)
            break;      /* the hub closed early: an answer to read, or none */
        sent += (size_t)w;
    }
    shutdown(fd, SHUT_WR);
    size_t got = 0;
    bool answered = false;
    int64_t until = wk_mono_ms() + FUZZ_HTTP_WAIT_MS;
    for (;;) {
        int64_t left = answered ? FUZZ_HTTP_QUIET_MS : until - wk_mono_ms();
        struct pollfd p = { .fd = fd, .events = POLLIN };
        int ready = left > 0 ? poll(&p, 1, (int)left) : 0;
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready == 0 && answered)
            break;
        if (ready <= 0) {
            fprintf(stderr, "fuzz: the hub neither answered nor closed in %d ms\n", FUZZ_HTTP_WAIT_MS);
            abort();
        }
        char buf[4096];
        ssize_t r = recv(fd, buf, sizeof buf, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        size_t take = WK_MIN((size_t)r, size - 1 - got);
        memcpy(answer + got, buf, take);
        got += take;
        answered = true;
    }
    answer[got] = '\0';
    close(fd);
}

static void start_hub(void)
{
    char err[WK_ERR_MAX];
    struct hub_http *http;
    const struct hub_limits limits = {
        .rate_per_minute = 1000000, .burst = 1000000, .max_connections = 64, .max_per_ip = 0,
        .idle_timeout_s = FUZZ_HTTP_DEADLINE_S, .headers_deadline_s = FUZZ_HTTP_DEADLINE_S,
        .body_deadline_s = FUZZ_HTTP_DEADLINE_S,
    };
    fuzz_quiet();
    struct hub_store *store = fuzz_hub_store(token);
    /* The staff console too: its API and pages are on the wire like the
     * kiosks' endpoints. */
    struct hub_staff *staff = NULL;
    char pages[1024];
    snprintf(pages, sizeof pages, "%s/hub/staff", fuzz_root());
    if (hub_staff_new(store, &(struct hub_staff_options){ .dir = pages }, &staff, err) ||
        hub_http_start(store, "127.0.0.1:0", &limits, NULL, staff, &http, err)) {
        fprintf(stderr, "fuzz: hub_http_start: %s\n", err);
        abort();
    }
    port = hub_http_port(http);     /* runs until the process ends */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char answer[FUZZ_HTTP_ANSWER_BYTES];
    if (!port)
        start_hub();
    size_t n;
    char *bytes = with_token(data, size, &n);
    if (!bytes)
        return 0;
    exchange(bytes, n, answer, sizeof answer);
    free(bytes);

    /* Still serving: a manifest poll gets its 200. */
    char poll_request[256];
    snprintf(poll_request, sizeof poll_request,
             "GET /v1/bundle/manifest HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer %s\r\n"
             "Connection: close\r\n\r\n", token);
    exchange(poll_request, strlen(poll_request), answer, sizeof answer);
    if (strncmp(answer, "HTTP/1.1 200", 12) != 0) {
        fprintf(stderr, "fuzz: the hub no longer answers a manifest poll: %.80s\n", answer);
        abort();
    }
    return 0;
}
