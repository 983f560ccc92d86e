/* hubload.c — a bounded load tool for welkom-hub, for the benchmark
 * "requests per second with 50 kiosks posting at once" (bench/hub.sh).
 * Each token of --tokens is one simulated kiosk: a thread with its own
 * keep-alive curl handle that posts submissions (or heartbeats) one after
 * the other as fast as the hub answers, until --requests have been made in
 * all, with at most --concurrency in flight and a 10 s timeout on each.
 * What it sends is what a kiosk sends (docs/protocol.md): a fresh v4 uuid
 * as the uuid and Idempotency-Key, a valid reference code, and a payload
 * of random bytes in standard base64 standing in for the sealed box.
 *
 * It prints name=value lines: the counts, the wall time and rate, latency
 * percentiles, and a status_NNN count for every status it got. Exit 0; 1
 * if any request got no answer (transport error, timeout) or a 5xx; 2 on
 * bad usage. It is a benchmark tool, not a kiosk: it never retries. */
#include "app/core/ids.h"

#include <curl/curl.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { EXIT_LOAD_FAILED = 1, EXIT_USAGE = 2 };

/* A kiosk gives up on a request after this long (the hub drops a stalled
 * connection after its own 10 s, [hub] idle_timeout_s). */
#define HUBLOAD_TIMEOUT_MS 10000L
/* The payload's bounds from docs/protocol.md: crypto_box_SEALBYTES to
 * 64 KiB of sealed bytes. */
#define HUBLOAD_MIN_PAYLOAD 48
#define HUBLOAD_MAX_PAYLOAD (64 * 1024)
#define HUBLOAD_DEFAULT_PAYLOAD 900     /* about a sealed sign-up */
#define HUBLOAD_DEFAULT_CONCURRENCY 50
/* One thread per kiosk; more than this is not a centre's worth. */
#define HUBLOAD_MAX_KIOSKS 1024
/* One latency (a double) is kept per request: 10 million is 80 MB. */
#define HUBLOAD_MAX_REQUESTS 10000000L
/* A kiosk token is 43 characters; a line longer than this is not one. */
#define HUBLOAD_TOKEN_MAX 128
#define HUBLOAD_URL_MAX 1024
/* Once this many requests have had no answer the hub is gone or stuck:
 * the rest are not sent, so a dead hub cannot keep a run going for
 * requests x 10 s. */
#define HUBLOAD_GIVE_UP_AFTER 50
/* The JSON around the payload, with room to spare. */
#define HUBLOAD_JSON_OVERHEAD 512
#define HTTP_STATUS_END 600

enum kind { KIND_SUBMISSIONS, KIND_HEARTBEAT };

struct options {
    const char *url;
    const char *tokens;
    long requests;
    int concurrency;
    enum kind kind;
    int payload_bytes;
};

/* What every kiosk thread shares. */
struct load {
    struct options opt;
    char endpoint[HUBLOAD_URL_MAX];
    atomic_long next;           /* the number of the next request to make */
    atomic_long no_answer;      /* requests that got none, over all kiosks */
    sem_t in_flight;            /* at most opt.concurrency taken */
    double *latency_ms;         /* by request number; -1 until it is made */
    struct timespec start;
};

/* One simulated kiosk and what it saw. */
struct kiosk {
    struct load *load;
    char token[HUBLOAD_TOKEN_MAX];
    pthread_t thread;
    long made;
    long status[HTTP_STATUS_END];      /* by HTTP status; [0]: no answer */
    char first_error[CURL_ERROR_SIZE]; /* the first transport error */
};

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}


/* --- what a kiosk sends -------------------------------------------------- */

/* The body of one request into body (capacity bytes), its uuid into
 * uuid for a submission. The length, or 0 if it did not fit. */
static size_t make_body(const struct load *l, long number, char *body, size_t capacity,
                        unsigned char *sealed, char uuid[WK_UUID_BYTES])
{
    int n;
    if (l->opt.kind == KIND_HEARTBEAT) {
        n = snprintf(body, capacity,
                     "{\"firmware\": \"0.1.0\", \"content_version\": 7, \"queued\": %ld,"
                     " \"oldest_queued_age_s\": 0, \"last_error\": \"\", \"uptime_s\": %ld}",
                     number % 100, (long)seconds_since(&l->start));
        return n > 0 && (size_t)n < capacity ? (size_t)n : 0;
    }
    char ref[WK_REF_BYTES];
    wk_uuid_new(uuid);
    wk_ref_new(ref);
    n = snprintf(body, capacity,
                 "{\"uuid\": \"%s\", \"kind\": \"signup\", \"ref\": \"%s\", \"created_at\": %lld, \"payload\": \"",
                 uuid, ref, (long long)wk_wall_ms());
    size_t payload = (size_t)l->opt.payload_bytes;
    size_t encoded = sodium_base64_ENCODED_LEN(payload, sodium_base64_VARIANT_ORIGINAL);
    if (n <= 0 || (size_t)n + encoded + 2 > capacity)
        return 0;
    randombytes_buf(sealed, payload);
    sodium_bin2base64(body + n, encoded, sealed, payload, sodium_base64_VARIANT_ORIGINAL);
    size_t len = (size_t)n + encoded - 1;      /* encoded counts the NUL */
    memcpy(body + len, "\"}", 3);
    return len + 2;
}

/* --- the kiosks ----------------------------------------------------------- */

static size_t discard(char *data, size_t size, size_t count, void *user)
{
    (void)data, (void)user;
    return size * count;
}

static struct curl_slist *make_headers(const struct kiosk *k, const char *uuid)
{
    char auth[HUBLOAD_TOKEN_MAX + 32], key[WK_UUID_BYTES + 32];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", k->token);
    struct curl_slist *h = NULL, *next;
    /* "Expect:" off: curl would otherwise wait for a 100 Continue before
     * a body over 1 KiB, which no kiosk does and which costs a round trip. */
    const char *lines[] = { auth, "Content-Type: application/json", "Expect:", NULL };
    if (uuid[0]) {
        snprintf(key, sizeof key, "Idempotency-Key: %s", uuid);
        lines[3] = key;
    }
    for (size_t i = 0; i < WK_ARRAY_LEN(lines) && lines[i]; i++) {
        if (!(next = curl_slist_append(h, lines[i]))) {
            curl_slist_free_all(h);
            return NULL;
        }
        h = next;
    }
    return h;
}

/* One kiosk: takes request numbers until there are none left, posts each
 * and notes its status and latency. */
static void *kiosk_run(void *arg)
{
    struct kiosk *k = arg;
    struct load *l = k->load;
    size_t capacity = sodium_base64_ENCODED_LEN((size_t)l->opt.payload_bytes, sodium_base64_VARIANT_ORIGINAL) +
                      HUBLOAD_JSON_OVERHEAD;
    char *body = wk_malloc(capacity);
    unsigned char *sealed = wk_malloc((size_t)l->opt.payload_bytes);
    CURL *curl = curl_easy_init();
    if (!body || !sealed || !curl) {
        snprintf(k->first_error, sizeof k->first_error, "out of memory");
        goto out;
    }
    curl_easy_setopt(curl, CURLOPT_URL, l->endpoint);
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, HUBLOAD_TIMEOUT_MS);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, HUBLOAD_TIMEOUT_MS);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROXY, "");         /* never an http_proxy of the environment */
    char curl_err[CURL_ERROR_SIZE];
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_err);

    long number;
    while ((number = atomic_fetch_add(&l->next, 1)) < l->opt.requests &&
           atomic_load(&l->no_answer) < HUBLOAD_GIVE_UP_AFTER) {
        char uuid[WK_UUID_BYTES] = "";
        size_t len = make_body(l, number, body, capacity, sealed, uuid);
        struct curl_slist *headers = make_headers(k, uuid);
        if (!len || !headers) {
            curl_slist_free_all(headers);
            snprintf(k->first_error, sizeof k->first_error, "out of memory");
            break;
        }
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)len);
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_err[0] = '\0';

        struct timespec t0;
        while (sem_wait(&l->in_flight) && errno == EINTR) {}
        clock_gettime(CLOCK_MONOTONIC, &t0);
        CURLcode res = curl_easy_perform(curl);
        l->latency_ms[number] = seconds_since(&t0) * 1000;
        sem_post(&l->in_flight);
        curl_slist_free_all(headers);

        long status = 0;
        if (res == CURLE_OK)
            curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        if (status < 100 || status >= HTTP_STATUS_END) {
            status = 0;
            atomic_fetch_add(&l->no_answer, 1);
            if (!k->first_error[0])
                snprintf(k->first_error, sizeof k->first_error, "%s", curl_err[0] ? curl_err : curl_easy_strerror(res));
        }
        k->status[status]++;
        k->made++;
    }
out:
    curl_easy_cleanup(curl);
    free(sealed);
    free(body);
    return NULL;
}

/* --- the command line ----------------------------------------------------- */

static void print_usage(const char *program)
{
    printf("usage: %s --url URL --tokens FILE --requests N [options]\n"
           "Posts to welkom-hub as many kiosks at once, one thread and one kept-alive\n"
           "connection each, and prints name=value lines (requests, ok, errors, seconds,\n"
           "rps, p50_ms, p99_ms, max_ms, status_NNN).\n"
           "  --url URL             the hub, e.g. http://127.0.0.1:8470\n"
           "  --tokens FILE         one kiosk token per line: one simulated kiosk each\n"
           "  --requests N          requests in all (at most %ld)\n"
           "  --concurrency N       requests in flight at most (default %d)\n"
           "  --kind KIND           submissions (default) or heartbeat\n"
           "  --payload-bytes N     sealed bytes per submission, %d to %d (default %d)\n"
           "  --help\n"
           "Exit 0; 1 if a request got no answer (or timed out after %ld s) or a 5xx;\n"
           "2 on bad usage.\n",
           program, HUBLOAD_MAX_REQUESTS, HUBLOAD_DEFAULT_CONCURRENCY, HUBLOAD_MIN_PAYLOAD, HUBLOAD_MAX_PAYLOAD,
           HUBLOAD_DEFAULT_PAYLOAD, HUBLOAD_TIMEOUT_MS / 1000);
}

/* 0 and the options, 1 after --help, or a negative code with err set. */
static int parse_args(int argc, char **argv, struct options *o, char err[WK_ERR_MAX])
{
    enum { OPT_URL = 256, OPT_TOKENS, OPT_REQUESTS, OPT_CONCURRENCY, OPT_KIND, OPT_PAYLOAD, OPT_HELP };
    static const struct option options[] = {
        { "url", required_argument, NULL, OPT_URL },
        { "tokens", required_argument, NULL, OPT_TOKENS },
        { "requests", required_argument, NULL, OPT_REQUESTS },
        { "concurrency", required_argument, NULL, OPT_CONCURRENCY },
        { "kind", required_argument, NULL, OPT_KIND },
        { "payload-bytes", required_argument, NULL, OPT_PAYLOAD },
        { "help", no_argument, NULL, OPT_HELP },
        { 0 },
    };
    *o = (struct options){ .concurrency = HUBLOAD_DEFAULT_CONCURRENCY, .payload_bytes = HUBLOAD_DEFAULT_PAYLOAD };
    long v;
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (opt) {
        case OPT_HELP:
            print_usage(argv[0]);
            return 1;
        case OPT_URL:
            o->url = optarg;
            break;
        case OPT_TOKENS:
            o->tokens = optarg;
            break;
        case OPT_REQUESTS:
            if (wk_parse_long(optarg, 1, HUBLOAD_MAX_REQUESTS, &o->requests))
                goto bad_value;
            break;
        case OPT_CONCURRENCY:
            if (wk_parse_long(optarg, 1, HUBLOAD_MAX_KIOSKS, &v))
                goto bad_value;
            o->concurrency = (int)v;
            break;
        case OPT_KIND:
            if (!strcmp(optarg, "submissions"))
                o->kind = KIND_SUBMISSIONS;
            else if (!strcmp(optarg, "heartbeat"))
                o->kind = KIND_HEARTBEAT;
            else
                goto bad_value;
            break;
        case OPT_PAYLOAD:
            if (wk_parse_long(optarg, HUBLOAD_MIN_PAYLOAD, HUBLOAD_MAX_PAYLOAD, &v))
                goto bad_value;
            o->payload_bytes = (int)v;
            break;
        default:
            wk_seterr(err, "unknown option or missing value: %s (see --help)", argv[optind - 1]);
            return WK_EINVAL;
        }
    }
    if (optind < argc) {
        wk_seterr(err, "unexpected argument \"%s\" (see --help)", argv[optind]);
        return WK_EINVAL;
    }
    if (!o->url || !o->tokens || !o->requests) {
        wk_seterr(err, "--url, --tokens and --requests are needed (see --help)");
        return WK_EINVAL;
    }
    if (strncmp(o->url, "http://", 7) && strncmp(o->url, "https://", 8)) {
        wk_seterr(err, "--url %s: not http:// or https://", o->url);
        return WK_EINVAL;
    }
    return 0;
bad_value:
    wk_seterr(err, "bad value \"%s\" for %s (see --help)", optarg, argv[optind - 1]);
    return WK_EINVAL;
}

/* Reads one token a line (blank lines skipped) into kiosks. A token goes
 * into a header, so only the base64url alphabet is taken. */
static int read_tokens(const char *path, struct kiosk *kiosks, size_t *count, char err[WK_ERR_MAX])
{
    FILE *f = fopen(path, "r");
    if (!f) {
        wk_seterr(err, "cannot read %s: %s", path, strerror(errno));
        return WK_EIO;
    }
    int rc = 0;
    char line[HUBLOAD_TOKEN_MAX + 2];
    int number = 0;
    *count = 0;
    while (fgets(line, sizeof line, f)) {
        number++;
        size_t len = strcspn(line, "\r\n");
        if (len == strlen(line) && !feof(f)) {
            wk_seterr(err, "%s, line %d: longer than a token", path, number);
            rc = WK_EFORMAT;
            break;
        }
        line[len] = '\0';
        if (!len)
            continue;
        if (strspn(line, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != len) {
            wk_seterr(err, "%s, line %d: not a kiosk token", path, number);
            rc = WK_EFORMAT;
            break;
        }
        if (*count == HUBLOAD_MAX_KIOSKS) {
            wk_seterr(err, "%s: more than %d tokens", path, HUBLOAD_MAX_KIOSKS);
            rc = WK_EINVAL;
            break;
        }
        memcpy(kiosks[(*count)++].token, line, len + 1);
    }
    if (!rc && !*count) {
        wk_seterr(err, "%s: no tokens", path);
        rc = WK_EINVAL;
    }
    fclose(f);
    return rc;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The nearest-rank percentile p (0..100) of sorted[0..n). */
static double percentile(const double *sorted, long n, double p)
{
    long rank = (long)((p / 100) * (double)n + 0.999999);
    return sorted[WK_CLAMP(rank, 1, n) - 1];
}

/* The figures, one name=value a line; whether the run counts as failed. */
static bool report(const struct load *l, const struct kiosk *kiosks, size_t count, double seconds)
{
    long status[HTTP_STATUS_END] = { 0 }, made = 0;
    for (size_t i = 0; i < count; i++) {
        made += kiosks[i].made;
        for (int s = 0; s < HTTP_STATUS_END; s++)
            status[s] += kiosks[i].status[s];
        if (kiosks[i].first_error[0])
            fprintf(stderr, "hubload: kiosk %zu: %s\n", i + 1, kiosks[i].first_error);
    }
    long ok = 0, server_errors = 0;
    for (int s = 200; s < 300; s++)
        ok += status[s];
    for (int s = 500; s < HTTP_STATUS_END; s++)
        server_errors += status[s];
    /* A number taken but not sent (a kiosk giving up) kept its -1. */
    long timed = 0;
    for (long i = 0; i < l->opt.requests; i++)
        if (l->latency_ms[i] >= 0)
            l->latency_ms[timed++] = l->latency_ms[i];
    qsort(l->latency_ms, (size_t)timed, sizeof *l->latency_ms, compare_double);
    printf("requests=%ld\nok=%ld\nerrors=%ld\nno_answer=%ld\n", made, ok, made - ok, status[0]);
    printf("seconds=%.3f\nrps=%.0f\n", seconds, seconds > 0 ? (double)made / seconds : 0.0);
    if (timed)
        printf("p50_ms=%.2f\np99_ms=%.2f\nmax_ms=%.2f\n", percentile(l->latency_ms, timed, 50),
               percentile(l->latency_ms, timed, 99), l->latency_ms[timed - 1]);
    for (int s = 100; s < HTTP_STATUS_END; s++)
        if (status[s])
            printf("status_%d=%ld\n", s, status[s]);
    return status[0] || server_errors;
}

int main(int argc, char **argv)
{
    char err[WK_ERR_MAX] = "";
    struct options opt;
    int rc = parse_args(argc, argv, &opt, err);
    if (rc == 1)
        return 0;
    if (rc) {
        fprintf(stderr, "hubload: %s\n", err);
        return EXIT_USAGE;
    }

    int status = EXIT_USAGE;
    bool sem_ready = false;
    size_t count = 0, started = 0;
    struct load *l = wk_calloc(1, sizeof *l);
    struct kiosk *kiosks = wk_calloc(HUBLOAD_MAX_KIOSKS, sizeof *kiosks);
    if (!l || !kiosks || !(l->latency_ms = wk_calloc((size_t)opt.requests, sizeof *l->latency_ms))) {
        fprintf(stderr, "hubload: out of memory\n");
        goto out;
    }
    l->opt = opt;
    for (long i = 0; i < opt.requests; i++)
        l->latency_ms[i] = -1;
    const char *slash = opt.url[strlen(opt.url) - 1] == '/' ? "" : "/";
    const char *path = opt.kind == KIND_HEARTBEAT ? "v1/heartbeat" : "v1/submissions";
    if ((size_t)snprintf(l->endpoint, sizeof l->endpoint, "%s%s%s", opt.url, slash, path) >= sizeof l->endpoint) {
        fprintf(stderr, "hubload: --url is too long\n");
        goto out;
    }
    if (read_tokens(opt.tokens, kiosks, &count, err)) {
        fprintf(stderr, "hubload: %s\n", err);
        goto out;
    }
    status = EXIT_LOAD_FAILED;
    if (sodium_init() < 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        fprintf(stderr, "hubload: libsodium or libcurl did not start\n");
        goto out;
    }
    if (sem_init(&l->in_flight, 0, (unsigned)opt.concurrency)) {
        fprintf(stderr, "hubload: sem_init: %s\n", strerror(errno));
        goto out_curl;
    }
    sem_ready = true;

    clock_gettime(CLOCK_MONOTONIC, &l->start);
    for (size_t i = 0; i < count; i++) {
        kiosks[i].load = l;
        int e = pthread_create(&kiosks[i].thread, NULL, kiosk_run, &kiosks[i]);
        if (e) {
            /* The kiosks that did start take the remaining requests. */
            fprintf(stderr, "hubload: only %zu kiosk threads started: %s\n", i, strerror(e));
            break;
        }
        started++;
    }
    for (size_t i = 0; i < started; i++)
        pthread_join(kiosks[i].thread, NULL);
    double seconds = seconds_since(&l->start);
    status = started && !report(l, kiosks, started, seconds) ? 0 : EXIT_LOAD_FAILED;

    if (sem_ready)
        sem_destroy(&l->in_flight);
out_curl:
    curl_global_cleanup();
out:
    if (l)
        free(l->latency_ms);
    free(kiosks);
    free(l);
    return status;
}
