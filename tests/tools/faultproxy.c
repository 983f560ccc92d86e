/* faultproxy.c — a TCP proxy that tests put in front of a real welkom-hub
 * to meet the network faults a kiosk meets: a slow answer, an injected
 * 5xx, an answer lost after the hub stored the request, a download cut
 * half-way, a peer that never answers, a refused connection. It is the
 * network's fault-injection seam (STYLE.md): the hub and the kiosk run
 * unchanged behind it.
 *
 *   faultproxy --listen 127.0.0.1:0 --to 127.0.0.1:PORT --mode-file FILE
 *
 * prints "listening on HOST:PORT" once it listens, and for each new client
 * connection reads the first line of FILE (no file: "pass") to choose what
 * that whole connection gets:
 *   pass            bytes both ways until either side closes
 *   delay MS        the request at once, the hub's answer held MS ms
 *                   (each answer that follows a request, on keep-alive)
 *   status CODE     "HTTP/1.1 CODE Error" to one request, the hub untouched
 *   drop-response   the request to the hub, its whole answer swallowed,
 *                   then the client closed without a byte
 *   cut BYTES       only the first BYTES bytes of the answer, then close
 *   hang            read and discard until the client goes
 *   refuse          close right after accept
 * Each connection is logged on stderr as "conn N mode MODE". One thread a
 * connection; SIGTERM or SIGINT ends the proxy with status 0. */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

/* One read or write at a time; HTTP headers up to this are parsed (the hub
 * refuses more than 8 KiB of them anyway). */
#define PROXY_CHUNK (16 * 1024)
#define PROXY_HEAD_MAX (16 * 1024)
#define PROXY_MODE_MAX 128
#define PROXY_BACKLOG 128
#define PROXY_FULL_PAUSE_MS 10

enum mode { MODE_PASS, MODE_DELAY, MODE_STATUS, MODE_DROP, MODE_CUT, MODE_HANG, MODE_REFUSE };

struct conn {
    int client;
    enum mode mode;
    long long arg;                      /* delay ms, status code or cut bytes */
    struct sockaddr_storage to;         /* the hub */
    socklen_t to_len;
};

static volatile sig_atomic_t stopping;

static void on_stop(int sig) { (void)sig; stopping = 1; }

static int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

static ssize_t read_some(int fd, char *buf, size_t len)
{
    ssize_t n;
    while ((n = read(fd, buf, len)) < 0 && errno == EINTR) {}
    return n;
}

static void sleep_ms(long long ms)
{
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {}
}

/* The number after header NAME (with its colon) in the head [p, end),
 * or -1. The head ends in "\r\n\r\n", which stops strtoll. */
static long long header_number(const char *p, const char *end, const char *name)
{
    size_t n = strlen(name);
    for (const char *q = p; q < end && (q = memchr(q, '\n', (size_t)(end - q))); q++)
        if ((size_t)(end - q - 1) > n && !strncasecmp(q + 1, name, n))
            return strtoll(q + 1 + n, NULL, 10);
    return -1;
}

static const char *head_end(const char *buf, size_t len)
{
    const char *e = memmem(buf, len, "\r\n\r\n", 4);
    return e ? e + 4 : NULL;
}

/* status CODE: reads one request (headers, then Content-Length bytes of
 * body) and answers it without the hub. A client that waits for
 * "100 Continue" before its body gets one. */
static void answer_status(int client, long long code)
{
    char buf[PROXY_HEAD_MAX + 1];
    size_t len = 0;
    const char *end = NULL;
    while (!end && len < PROXY_HEAD_MAX) {
        ssize_t n = read_some(client, buf + len, PROXY_HEAD_MAX - len);
        if (n <= 0)
            return;
        len += (size_t)n;
        end = head_end(buf, len);
    }
    buf[len] = '\0';
    long long body = end ? header_number(buf, end, "Content-Length:") : 0;
    long long have = end ? (long long)(buf + len - end) : 0;
    if (end && have < body && strcasestr(buf, "\nExpect: 100-continue"))
        write_all(client, "HTTP/1.1 100 Continue\r\n\r\n", 25);
    while (have < body) {
        ssize_t n = read_some(client, buf, sizeof buf);
        if (n <= 0)
            return;
        have += n;
    }
    static const char json[] = "{\"error\":\"injected\"}";
    char head[256];
    int n = snprintf(head, sizeof head, "HTTP/1.1 %lld Error\r\nContent-Type: application/json\r\n"
                     "Content-Length: %zu\r\nConnection: close\r\n\r\n%s", code, sizeof json - 1, json);
    write_all(client, head, (size_t)n);
}

/* drop-response: follows the hub's answer as it comes, to know when it
 * has come whole. 1xx answers are skipped; 204 and 304 carry no body;
 * otherwise Content-Length says, and without one only the hub's close
 * ends it (the hub always sends one). */
struct answer {
    char head[PROXY_HEAD_MAX + 1];
    size_t len;
    long long body_left;                /* -1: in the head, -2: until close */
};

static bool answer_feed(struct answer *a, const char *p, size_t n)
{
    while (n > 0 && a->body_left != -2) {
        if (a->body_left >= 0) {
            size_t take = (long long)n < a->body_left ? n : (size_t)a->body_left;
            a->body_left -= (long long)take;
            p += take;
            n -= take;
            if (a->body_left == 0)
                return true;
            continue;
        }
        size_t take = n < PROXY_HEAD_MAX - a->len ? n : PROXY_HEAD_MAX - a->len;
        if (take == 0) {                /* a head this long: wait for the close */
            a->body_left = -2;
            break;
        }
        memcpy(a->head + a->len, p, take);
        a->head[a->len + take] = '\0';
        const char *end = head_end(a->head, a->len + take);
        size_t used = end ? (size_t)(end - a->head) - a->len : take;
        p += used;
        n -= used;
        a->len += used;
        if (!end)
            continue;
        int status = 0;
        sscanf(a->head, "HTTP/%*d.%*d %d", &status);
        long long body = header_number(a->head, end, "Content-Length:");
        a->len = 0;
        if (status >= 100 && status < 200)
            continue;
        if (status == 204 || status == 304 || body == 0)
            return true;
        a->body_left = body < 0 ? -2 : body;
    }
    return false;
}

/* Everything but status, hang and refuse: the client's bytes go to the
 * hub as they come; the hub's are delayed, counted, cut or swallowed as
 * the mode says. Returns when either side closes or the fault is done. */
static void relay(int client, int hub, enum mode mode, long long arg)
{
    char buf[PROXY_CHUNK];
    struct answer answer = { .body_left = -1 };
    long long left = mode == MODE_CUT ? arg : -1;
    bool delayed = false;
    if (left == 0)
        return;
    for (;;) {
        struct pollfd p[2] = { { .fd = client, .events = POLLIN }, { .fd = hub, .events = POLLIN } };
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        if (p[0].revents) {
            ssize_t n = read_some(client, buf, sizeof buf);
            if (n <= 0 || write_all(hub, buf, (size_t)n) < 0)
                return;
            delayed = false;            /* a new request: its answer is held too */
        }
        if (!p[1].revents)
            continue;
        ssize_t n = read_some(hub, buf, sizeof buf);
        if (n <= 0)
            return;
        if (mode == MODE_DROP) {
            if (answer_feed(&answer, buf, (size_t)n))
                return;
            continue;
        }
        if (mode == MODE_DELAY && !delayed) {
            sleep_ms(arg);
            delayed = true;
        }
        size_t send = left >= 0 && left < n ? (size_t)left : (size_t)n;
        if (write_all(client, buf, send) < 0)
            return;
        if (left >= 0 && (left -= (long long)send) == 0)
            return;
    }
}

static void *serve(void *arg)
{
    struct conn c = *(struct conn *)arg;
    free(arg);
    if (c.mode == MODE_STATUS) {
        answer_status(c.client, c.arg);
    } else if (c.mode == MODE_HANG) {
        char buf[PROXY_CHUNK];
        while (read_some(c.client, buf, sizeof buf) > 0) {}
    } else {
        int hub = socket(c.to.ss_family, SOCK_STREAM, 0);
        if (hub < 0 || connect(hub, (const struct sockaddr *)&c.to, c.to_len) < 0)
            perror("faultproxy: connecting to the hub");
        else
            relay(c.client, hub, c.mode, c.arg);
        if (hub >= 0)
            close(hub);
    }
    close(c.client);
    return NULL;
}

/* The first line of the mode file, parsed; no file is "pass". Writes the
 * line, as read, to text for the log. */
static int read_mode(const char *path, enum mode *mode, long long *arg, char text[static PROXY_MODE_MAX])
{
    static const struct { const char *name; enum mode mode; bool has_arg; } modes[] = {
        { "pass", MODE_PASS, false }, { "delay", MODE_DELAY, true }, { "status", MODE_STATUS, true },
        { "drop-response", MODE_DROP, false }, { "cut", MODE_CUT, true },
        { "hang", MODE_HANG, false }, { "refuse", MODE_REFUSE, false },
    };
    snprintf(text, PROXY_MODE_MAX, "pass");
    FILE *f = fopen(path, "r");
    if (f) {
        if (!fgets(text, PROXY_MODE_MAX, f))
            snprintf(text, PROXY_MODE_MAX, "pass");
        fclose(f);
    }
    text[strcspn(text, "\r\n")] = '\0';
    char name[PROXY_MODE_MAX];
    char extra;
    int fields = sscanf(text, "%127s %lld %c", name, arg, &extra);
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        if (fields >= 1 && !strcmp(name, modes[i].name) && fields == (modes[i].has_arg ? 2 : 1)
            && (!modes[i].has_arg || *arg >= 0)) {
            *mode = modes[i].mode;
            return 0;
        }
    }
    return -1;
}

/* "HOST:PORT" into an address; the host may be a name. */
static int parse_addr(const char *text, bool passive, struct sockaddr_storage *out, socklen_t *out_len)
{
    char host[256];
    const char *colon = strrchr(text, ':');
    if (!colon || (size_t)(colon - text) >= sizeof host)
        return -1;
    memcpy(host, text, (size_t)(colon - text));
    host[colon - text] = '\0';
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = passive ? AI_PASSIVE : 0 }, *ai;
    if (getaddrinfo(host[0] ? host : NULL, colon + 1, &hints, &ai) != 0)
        return -1;
    memcpy(out, ai->ai_addr, ai->ai_addrlen);
    *out_len = ai->ai_addrlen;
    freeaddrinfo(ai);
    return 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: faultproxy --listen HOST:PORT --to HOST:PORT --mode-file FILE\n"
                    "modes: pass | delay MS | status CODE | drop-response | cut BYTES | hang | refuse\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *listen_at = NULL, *to_text = NULL, *mode_file = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--listen")) listen_at = argv[i + 1];
        else if (!strcmp(argv[i], "--to")) to_text = argv[i + 1];
        else if (!strcmp(argv[i], "--mode-file")) mode_file = argv[i + 1];
        else return usage();
    }
    if (argc % 2 == 0 || !listen_at || !to_text || !mode_file)
        return usage();

    /* SIGTERM and SIGINT stay blocked (threads inherit that) except in
     * pselect below, so only the accept loop ever sees them. Set
     * before "listening on", so a test may stop the proxy right after it. */
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa = { .sa_handler = on_stop };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigset_t block, waiting;
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    pthread_sigmask(SIG_BLOCK, &block, &waiting);
    sigdelset(&waiting, SIGTERM);
    sigdelset(&waiting, SIGINT);

    struct sockaddr_storage la, to;
    socklen_t la_len, to_len;
    if (parse_addr(listen_at, true, &la, &la_len) < 0 || parse_addr(to_text, false, &to, &to_len) < 0) {
        fprintf(stderr, "faultproxy: cannot resolve %s or %s\n", listen_at, to_text);
        return 2;
    }
    int lfd = socket(la.ss_family, SOCK_STREAM, 0), one = 1;
    if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0
        || bind(lfd, (struct sockaddr *)&la, la_len) < 0 || listen(lfd, PROXY_BACKLOG) < 0) {
        perror("faultproxy: listen");
        return 1;
    }
    la_len = sizeof la;
    getsockname(lfd, (struct sockaddr *)&la, &la_len);
    char host[INET6_ADDRSTRLEN] = "?";
    const void *ip = la.ss_family == AF_INET6 ? (const void *)&((struct sockaddr_in6 *)&la)->sin6_addr
                                              : (const void *)&((struct sockaddr_in *)&la)->sin_addr;
    inet_ntop(la.ss_family, ip, host, sizeof host);
    unsigned port = ntohs(la.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&la)->sin6_port
                                                   : ((struct sockaddr_in *)&la)->sin_port);
    printf("listening on %s:%u\n", host, port);
    fflush(stdout);

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    for (unsigned long long id = 1; !stopping;) {
        fd_set rd;
        FD_ZERO(&rd);
        FD_SET(lfd, &rd);
        if (pselect(lfd + 1, &rd, NULL, NULL, NULL, &waiting) <= 0)
            continue;                   /* EINTR: stopping is set */
        int client = accept(lfd, NULL, NULL);
        if (client < 0) {
            if (errno == EMFILE || errno == ENFILE)
                sleep_ms(PROXY_FULL_PAUSE_MS);  /* no spinning while out of descriptors */
            continue;
        }
        struct conn *c = malloc(sizeof *c);
        char text[PROXY_MODE_MAX];
        if (!c) {
            close(client);
            continue;
        }
        *c = (struct conn){ .client = client, .to = to, .to_len = to_len };
        if (read_mode(mode_file, &c->mode, &c->arg, text) < 0) {
            fprintf(stderr, "conn %llu mode pass (not a mode: '%s')\n", id++, text);
            c->mode = MODE_PASS;
        } else {
            fprintf(stderr, "conn %llu mode %s\n", id++, text);
        }
        pthread_t t;
        if (c->mode == MODE_REFUSE || pthread_create(&t, &attr, serve, c) != 0) {
            close(client);
            free(c);
        }
    }
    pthread_attr_destroy(&attr);
    close(lfd);
    return 0;
}
