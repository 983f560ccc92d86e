/* test_sync.c — the sync worker against the real welkom-hub process over
 * loopback, through faults a kiosk in a hallway meets: the hub down and
 * back, killed in the middle of a request, slow past the timeout,
 * answering 500, closing before it answers; the kiosk itself killed while
 * it delivers; a wrong or revoked token; a row the hub refuses. After each,
 * every submission is stored at the hub exactly once and no delivered row
 * is left queued. Faults go through their seams: a killable hub, the fault
 * proxy (tests/tools/faultproxy.c), SIGKILL for the kiosk. */
#include "test.h"
#include "hubproc.h"
#include "fixture.h"
#include "../app/sync/sync.h"
#include "../app/outbox/outbox.h"
#include "../app/outbox/seal.h"
#include "../app/content/content.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WAIT_LIMIT_MS 30000
#define BASE_CREATED_MS 1767603600000LL

struct rig {
    struct hubproc hub;
    struct proxyproc proxy;
    char token[64];
    char state_db[1024], state_dir[1024];
    struct content_keys keys;
    struct outbox *outbox;
    struct sync *sync;
    char uuids[2000][OUTBOX_UUID_BYTES];
    int queued;
};

static void rig_open(struct rig *r)
{
    char err[WK_ERR_MAX] = "";
    memset(r, 0, sizeof *r);
    snprintf(r->state_dir, sizeof r->state_dir, "%s/state", test_tmpdir());
    snprintf(r->state_db, sizeof r->state_db, "%s/state.db", test_tmpdir());
    r->keys = fixture_test_keys();
    if (outbox_open(r->state_db, &r->outbox, err))
        test_fail(__FILE__, __LINE__, "%s", err);
    hubproc_start(&r->hub, 0, NULL);
    hubproc_enrol(&r->hub, "hallway-1", r->token);
}

static void rig_close(struct rig *r)
{
    sync_stop(r->sync);
    outbox_close(r->outbox);
    proxyproc_stop(&r->proxy);
    hubproc_stop(&r->hub, SIGTERM);
}

/* Queues n sealed submissions of kind, made one millisecond apart. */
static void queue(struct rig *r, int n, const char *kind)
{
    char err[WK_ERR_MAX] = "", path[1024], ref[OUTBOX_REF_BYTES];
    unsigned char hub_key[32], *sealed;
    size_t sealed_size;
    snprintf(path, sizeof path, "%s/assets/demo/keys/test-hub.pub", test_root());
    CHECK_OK(content_key_file_read(path, hub_key, sizeof hub_key, err));
    for (int i = 0; i < n; i++) {
        CHECK(r->queued < (int)WK_ARRAY_LEN(r->uuids));
        char *uuid = r->uuids[r->queued];
        CHECK_OK(outbox_new_ids(r->outbox, uuid, ref, err));
        char plain[128];
        int len = snprintf(plain, sizeof plain, "{\"form\":\"test\",\"n\":%d}", r->queued);
        CHECK_OK(outbox_seal(hub_key, (unsigned char *)plain, (size_t)len, &sealed, &sealed_size, err));
        if (outbox_add(r->outbox, &(struct outbox_record){ uuid, ref, kind, sealed, sealed_size, 0 },
                       NULL, BASE_CREATED_MS + r->queued, err))
            test_fail(__FILE__, __LINE__, "%s", err);
        free(sealed);
        r->queued++;
    }
}

static void start(struct rig *r, const char *url, const char *token, int timeout_s)
{
    char err[WK_ERR_MAX] = "";
    struct sync_config c = {
        .hub_url = url, .token = token, .state_db = r->state_db, .state_dir = r->state_dir,
        .publisher_keys = &r->keys, .firmware = "test", .heartbeat_s = 3600, .poll_s = 3600,
        .timeout_s = timeout_s,
    };
    if (sync_start(&c, &r->sync, err))
        test_fail(__FILE__, __LINE__, "%s", err);
}

static struct outbox_counts counts(struct rig *r)
{
    char err[WK_ERR_MAX] = "";
    struct outbox_counts c;
    if (outbox_counts(r->outbox, &c, err))
        test_fail(__FILE__, __LINE__, "%s", err);
    return c;
}

/* Waits until the queue holds no queued row, or fails after the limit. */
static void wait_drained(struct rig *r, int line)
{
    int64_t until = hubproc_now_ms() + WAIT_LIMIT_MS;
    while (counts(r).queued > 0) {
        if (hubproc_now_ms() > until)
            test_fail(__FILE__, line, "%d rows still queued after %d ms (last error: %s)", counts(r).queued,
                      WAIT_LIMIT_MS, counts(r).last_error);
        usleep(20 * 1000);
    }
}

/* Waits until the worker has failed at least n times. */
static void wait_failures(struct rig *r, uint64_t n, int line)
{
    int64_t until = hubproc_now_ms() + WAIT_LIMIT_MS;
    struct sync_stats st;
    for (sync_get_stats(r->sync, &st); st.failures < n; sync_get_stats(r->sync, &st)) {
        if (hubproc_now_ms() > until)
            test_fail(__FILE__, line, "only %llu failures after %d ms", (unsigned long long)st.failures,
                      WAIT_LIMIT_MS);
        usleep(20 * 1000);
    }
}

/* Every queued submission is at the hub exactly once, none is queued,
 * and each was delivered (none rejected). */
static void check_all_once(struct rig *r, int line)
{
    struct hub_tally t;
    hubproc_tally(&r->hub, &t);
    struct outbox_counts c = counts(r);
    if (t.rows != r->queued || t.most_copies != 1 || c.queued != 0 || c.delivered != r->queued)
        test_fail(__FILE__, line, "hub has %d rows (a uuid up to %d times) of %d queued; kiosk: %d queued, "
                  "%d delivered, %d rejected", t.rows, t.most_copies, r->queued, c.queued, c.delivered,
                  c.rejected);
}

TEST(sync_delivers_the_queue_oldest_first_and_wipes_what_the_hub_has)
{
    struct rig r;
    rig_open(&r);
    queue(&r, 200, "signup");
    start(&r, r.hub.url, r.token, 0);
    wait_drained(&r, __LINE__);
    check_all_once(&r, __LINE__);
    struct hub_tally t;
    hubproc_tally(&r.hub, &t);
    CHECK_INT_EQ(t.out_of_order, 0);
    struct sync_stats st;
    sync_get_stats(r.sync, &st);
    CHECK_INT_EQ(st.delivered, 200);
    CHECK_INT_EQ(st.failures, 0);
    CHECK_STR_EQ(st.last_error, "");
    rig_close(&r);
}

TEST(sync_waits_out_a_dead_hub_and_delivers_once_it_is_back)
{
    struct rig r;
    rig_open(&r);
    unsigned port = r.hub.port;
    hubproc_stop(&r.hub, SIGTERM);
    queue(&r, 20, "buddy");
    start(&r, r.hub.url, r.token, 0);
    wait_failures(&r, 2, __LINE__);
    struct outbox_counts c = counts(&r);
    CHECK_INT_EQ(c.queued, 20);
    CHECK(strstr(c.last_error, "onnect") != NULL);   /* "Connection refused", "Couldn't connect" */
    struct sync_stats st;
    sync_get_stats(r.sync, &st);
    CHECK(st.backoff_ms > 0);
    CHECK(st.backoff_ms <= SYNC_MAX_BACKOFF_MS);
    hubproc_start(&r.hub, port, NULL);
    /* A resident sends something: the worker tries at once. */
    queue(&r, 1, "message");
    sync_wake(r.sync);
    wait_drained(&r, __LINE__);
    check_all_once(&r, __LINE__);
    rig_close(&r);
}

TEST(sync_stores_each_row_once_when_the_hub_is_killed_mid_request)
{
    test_time_limit(300);
    struct rig r;
    rig_open(&r);
    queue(&r, 1500, "signup");
    start(&r, r.hub.url, r.token, 0);
    /* Three times: kill the hub while rows flow, start it again. */
    for (int round = 1; round <= 3; round++) {
        struct hub_tally t;
        int64_t until = hubproc_now_ms() + WAIT_LIMIT_MS;
        do {
            usleep(5 * 1000);
            hubproc_tally(&r.hub, &t);
        } while (t.rows < round * 300 && hubproc_now_ms() < until);
        CHECK(t.rows >= round * 300);
        unsigned port = r.hub.port;
        hubproc_stop(&r.hub, SIGKILL);
        hubproc_start(&r.hub, port, NULL);
        sync_wake(r.sync);
    }
    wait_drained(&r, __LINE__);
    check_all_once(&r, __LINE__);
    rig_close(&r);
}

/* The hub behind the proxy in `mode` until the worker has failed twice;
 * then the network heals and a new submission wakes the worker. Returns
 * with the rig open, the faults seen, the queue not yet drained. */
static void fault_then_heal(struct rig *r, const char *mode, int timeout_s, const char *error, int line)
{
    proxyproc_start(&r->proxy, r->hub.port, mode);
    queue(r, 4, "signup");
    start(r, r->proxy.url, r->token, timeout_s);
    wait_failures(r, 2, line);
    struct outbox_counts c = counts(r);
    if (c.queued != 4 || !strstr(c.last_error, error))
        test_fail(__FILE__, line, "during \"%s\": %d queued, last error \"%s\" (expected \"%s\")", mode,
                  c.queued, c.last_error, error);
}

static void heal(struct rig *r, int line)
{
    proxyproc_mode(&r->proxy, "pass");
    queue(r, 1, "message");
    sync_wake(r->sync);
    wait_drained(r, line);
    check_all_once(r, line);
}

TEST(sync_retries_an_answer_that_came_too_late_and_the_hub_keeps_one)
{
    struct rig r;
    rig_open(&r);
    fault_then_heal(&r, "delay 2500", 1, "imed out", __LINE__);
    /* The hub stored the first row though the kiosk gave up waiting. */
    int64_t until = hubproc_now_ms() + WAIT_LIMIT_MS;
    while (!hubproc_has(&r.hub, r.uuids[0]) && hubproc_now_ms() < until)
        usleep(20 * 1000);
    CHECK(hubproc_has(&r.hub, r.uuids[0]));
    heal(&r, __LINE__);
    rig_close(&r);
}

TEST(sync_keeps_rows_through_500s_and_sends_them_when_the_hub_recovers)
{
    struct rig r;
    rig_open(&r);
    fault_then_heal(&r, "status 500", 0, "hub answered 500", __LINE__);
    struct hub_tally t;
    hubproc_tally(&r.hub, &t);
    CHECK_INT_EQ(t.rows, 0);
    heal(&r, __LINE__);
    rig_close(&r);
}

TEST(sync_retry_after_a_lost_answer_is_deduplicated_by_the_hub)
{
    struct rig r;
    rig_open(&r);
    fault_then_heal(&r, "drop-response", 0, "Empty reply", __LINE__);
    CHECK(hubproc_has(&r.hub, r.uuids[0]));       /* stored, though unanswered */
    heal(&r, __LINE__);
    rig_close(&r);
}

/* The kiosk's worker in a child process, killed with SIGKILL while it
 * delivers; a new one on the same state.db finishes the work. */
TEST(sync_after_the_kiosk_is_killed_during_delivery_nothing_is_lost_or_doubled)
{
    test_time_limit(300);
    struct rig r;
    rig_open(&r);
    queue(&r, 1500, "signup");
    /* No SQLite handle may cross a fork: the parent's is closed meanwhile. */
    outbox_close(r.outbox);
    r.outbox = NULL;
    for (int kill_round = 0; kill_round < 3; kill_round++) {
        pid_t pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            start(&r, r.hub.url, r.token, 0);
            for (;;)
                pause();
        }
        struct hub_tally t;
        int64_t until = hubproc_now_ms() + WAIT_LIMIT_MS;
        do {
            usleep(5 * 1000);
            hubproc_tally(&r.hub, &t);
        } while (t.rows < (kill_round + 1) * 300 && hubproc_now_ms() < until);
        kill(pid, SIGKILL);
        int status;
        waitpid(pid, &status, 0);
    }
    char err[WK_ERR_MAX] = "";
    if (outbox_open(r.state_db, &r.outbox, err))
        test_fail(__FILE__, __LINE__, "%s", err);
    start(&r, r.hub.url, r.token, 0);
    wait_drained(&r, __LINE__);
    check_all_once(&r, __LINE__);
    rig_close(&r);
}

struct stored_waits { int64_t now_ms; int tried, waiting; };

static int count_stored_waits(void *user, const struct outbox_row *row)
{
    struct stored_waits *w = user;
    if (row->state == OUTBOX_QUEUED && row->attempts > 0) {
        w->tried++;
        w->waiting += row->next_attempt_ms > w->now_ms;
    }
    return 0;
}

TEST(sync_with_a_wrong_or_revoked_token_keeps_everything_queued_and_says_why)
{
    struct rig r;
    rig_open(&r);
    queue(&r, 3, "buddy");
    start(&r, r.hub.url, "not-a-token-the-hub-knows-but-spelt-as-one-", 0);
    wait_failures(&r, 2, __LINE__);
    CHECK_INT_EQ(counts(&r).queued, 3);
    CHECK(strstr(counts(&r).last_error, "401") != NULL);
    CHECK(strstr(counts(&r).last_error, "[hub] token") != NULL);
    sync_stop(r.sync);

    hubproc_revoke(&r.hub, "hallway-1");
    start(&r, r.hub.url, r.token, 0);
    wait_failures(&r, 2, __LINE__);
    CHECK_INT_EQ(counts(&r).queued, 3);
    CHECK(strstr(counts(&r).last_error, "403") != NULL);
    struct hub_tally t;
    hubproc_tally(&r.hub, &t);
    CHECK_INT_EQ(t.rows, 0);
    sync_stop(r.sync);
    /* A refused token is staff's to mend, with a restart: no wait is kept
     * for that restart to sit out (the hub's own trouble would be). */
    struct stored_waits w = { .now_ms = wk_wall_ms() };
    char err[WK_ERR_MAX] = "";
    CHECK_OK(outbox_list(r.outbox, count_stored_waits, &w, err));
    CHECK_INT_EQ(w.tried, 1);               /* the head; the others wait behind it */
    CHECK_INT_EQ(w.waiting, 0);

    /* Staff enrol it again and put the new token in the config. */
    hubproc_enrol(&r.hub, "hallway-1b", r.token);
    start(&r, r.hub.url, r.token, 0);
    wait_drained(&r, __LINE__);
    check_all_once(&r, __LINE__);
    rig_close(&r);
}

struct rejected_walk {
    int count;
    char uuid[OUTBOX_UUID_BYTES], reason[OUTBOX_ERROR_BYTES];
};

static int find_rejected(void *user, const struct outbox_row *row)
{
    struct rejected_walk *w = user;
    if (row->state == OUTBOX_REJECTED) {
        w->count++;
        memcpy(w->uuid, row->uuid, sizeof w->uuid);
        memcpy(w->reason, row->last_error, sizeof w->reason);
    }
    return 0;
}

TEST(sync_rejects_a_row_the_hub_refuses_keeps_it_for_staff_and_goes_on)
{
    struct rig r;
    rig_open(&r);
    queue(&r, 2, "signup");
    queue(&r, 1, "survey");                 /* a kind this hub does not know: 400 */
    queue(&r, 2, "signup");
    start(&r, r.hub.url, r.token, 0);
    wait_drained(&r, __LINE__);
    struct outbox_counts c = counts(&r);
    CHECK_INT_EQ(c.delivered, 4);
    CHECK_INT_EQ(c.rejected, 1);
    char err[WK_ERR_MAX] = "";
    struct rejected_walk w = { 0 };
    CHECK_OK(outbox_list(r.outbox, find_rejected, &w, err));
    CHECK_INT_EQ(w.count, 1);
    CHECK_STR_EQ(w.uuid, r.uuids[2]);
    CHECK_STR_EQ(w.reason, "hub answered 400: kind is not one of signup, buddy, volunteer, message, checkin, checkout");
    CHECK(!hubproc_has(&r.hub, r.uuids[2]));
    CHECK(hubproc_has(&r.hub, r.uuids[4]));
    rig_close(&r);
}

TEST(sync_stops_promptly_while_a_request_hangs_and_the_row_stays_queued)
{
    struct rig r;
    rig_open(&r);
    proxyproc_start(&r.proxy, r.hub.port, "hang");
    queue(&r, 1, "message");
    start(&r, r.proxy.url, r.token, 20);
    proxyproc_wait_connections(&r.proxy, 1);   /* the request is on its way */
    sync_stop(r.sync);                      /* returns: the runner's limit would catch a hang */
    r.sync = NULL;
    CHECK_INT_EQ(counts(&r).queued, 1);
    rig_close(&r);
}

TEST(sync_start_refuses_plain_http_to_another_machine_and_a_missing_token)
{
    char err[WK_ERR_MAX] = "";
    CHECK(sync_check_url("http://hub.example.org", err) == WK_EINVAL);
    CHECK(strstr(err, "https://") != NULL);
    CHECK_OK(sync_check_url("https://hub.example.org/welkom", err));
    CHECK_OK(sync_check_url("http://127.0.0.1:8470", err));
    CHECK(sync_check_url("ftp://hub.example.org", err) == WK_EINVAL);
    CHECK(sync_check_url("not a url", err) == WK_EINVAL);
    struct sync *s = NULL;
    struct sync_config c = { .hub_url = "https://hub.example.org", .token = "",
                             .state_db = "/nonexistent/state.db", .state_dir = "/nonexistent" };
    CHECK(sync_start(&c, &s, err) == WK_EINVAL);
    CHECK(strstr(err, "token") != NULL);
    c.token = "has spaces";
    CHECK(sync_start(&c, &s, err) == WK_EINVAL);
    c.token = "one-character-short-of-a-token-from-welkom";     /* a copy that lost one */
    CHECK(sync_start(&c, &s, err) == WK_EINVAL);
    CHECK(s == NULL);
}

/* A CA and a certificate for 127.0.0.1 made now with openssl (no key
 * material in the repository), the hub serving TLS with them. */
static void start_tls_hub(struct rig *r)
{
    char cmd[4096];
    const char *t = test_tmpdir();
    snprintf(cmd, sizeof cmd,
             "set -e; cd '%s'; exec >openssl.log 2>&1;"
             " openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc -keyout ca.key -out ca.pem"
             "  -days 2 -subj '/CN=welkom test CA' -addext 'basicConstraints=critical,CA:TRUE'"
             "  -addext 'keyUsage=critical,keyCertSign';"
             " openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc -keyout tls.key -out tls.csr"
             "  -subj '/CN=welkom hub';"
             " printf 'subjectAltName = IP:127.0.0.1\\nextendedKeyUsage = serverAuth\\n' > ext.cnf;"
             " openssl x509 -req -in tls.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out tls.pem -days 2"
             "  -extfile ext.cnf; chmod 600 tls.key",
             t);
    if (system(cmd) != 0)
        test_fail(__FILE__, __LINE__, "openssl failed (see %s/openssl.log)", t);
    char cert[1100], key[1100];
    snprintf(cert, sizeof cert, "%s/tls.pem", t);
    snprintf(key, sizeof key, "%s/tls.key", t);
    hubproc_stop(&r->hub, SIGTERM);
    const char *tls[] = { "--tls-cert", cert, "--tls-key", key, NULL };
    hubproc_start(&r->hub, 0, tls);
    snprintf(r->hub.url, sizeof r->hub.url, "https://127.0.0.1:%u", r->hub.port);
}

TEST(sync_over_tls_trusts_the_pinned_ca_and_nothing_else)
{
    struct rig r;
    char err[WK_ERR_MAX] = "", ca[1100];
    rig_open(&r);
    start_tls_hub(&r);
    queue(&r, 3, "signup");
    /* Verification is on by default: a private CA is not trusted. */
    start(&r, r.hub.url, r.token, 0);
    wait_failures(&r, 1, __LINE__);
    CHECK(strstr(counts(&r).last_error, "certificate") != NULL);
    CHECK_INT_EQ(counts(&r).queued, 3);
    sync_stop(r.sync);
    /* With the CA pinned it is. */
    snprintf(ca, sizeof ca, "%s/ca.pem", test_tmpdir());
    struct sync_config c = {
        .hub_url = r.hub.url, .token = r.token, .ca_file = ca, .state_db = r.state_db,
        .state_dir = r.state_dir, .publisher_keys = &r.keys, .firmware = "test", .heartbeat_s = 3600,
        .poll_s = 3600,
    };
    if (sync_start(&c, &r.sync, err))
        test_fail(__FILE__, __LINE__, "%s", err);
    wait_drained(&r, __LINE__);
    check_all_once(&r, __LINE__);
    rig_close(&r);
}

/* --- proxies ------------------------------------------------------------------ */

/* A listening socket on 127.0.0.1 standing in for a proxy; its port in *port. */
static int listen_local(unsigned *port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof a;
    CHECK(fd >= 0);
    CHECK(bind(fd, (struct sockaddr *)&a, sizeof a) == 0 && listen(fd, 8) == 0);
    CHECK(getsockname(fd, (struct sockaddr *)&a, &len) == 0);
    *port = ntohs(a.sin_port);
    return fd;
}

/* Accepts one connection on fd within ms and reads its request head into
 * head; false if nobody connected. */
static bool take_request(int fd, int ms, char *head, size_t size)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };
    head[0] = '\0';
    if (poll(&p, 1, ms) != 1)
        return false;
    int c = accept(fd, NULL, NULL);
    CHECK(c >= 0);
    size_t got = 0;
    int64_t until = hubproc_now_ms() + WAIT_LIMIT_MS;
    while (got + 1 < size && !strstr(head, "\r\n\r\n") && hubproc_now_ms() < until) {
        struct pollfd q = { .fd = c, .events = POLLIN };
        if (poll(&q, 1, 100) != 1)
            continue;
        ssize_t n = read(c, head + got, size - 1 - got);
        if (n <= 0)
            break;
        got += (size_t)n;
        head[got] = '\0';
    }
    static const char refused[] = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    CHECK(write(c, refused, sizeof refused - 1) > 0);
    close(c);
    return true;
}

/* http_proxy and friends in the kiosk's environment must not carry its
 * requests: to a plain-http hub on this machine the proxy would read the
 * token. The proxy here is the test's own socket; the row must reach the
 * hub directly and the socket see nobody. */
TEST(sync_sends_nothing_through_a_proxy_named_in_the_environment)
{
    struct rig r;
    char proxy[64], head[4096];
    unsigned port;
    rig_open(&r);
    int fd = listen_local(&port);
    snprintf(proxy, sizeof proxy, "http://127.0.0.1:%u", port);
    static const char *const names[] = { "http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY" };
    for (size_t i = 0; i < WK_ARRAY_LEN(names); i++)
        setenv(names[i], proxy, 1);
    queue(&r, 1, "message");
    start(&r, r.hub.url, r.token, 0);
    int64_t until = hubproc_now_ms() + WAIT_LIMIT_MS;
    while (counts(&r).queued > 0 && hubproc_now_ms() < until)
        if (take_request(fd, 20, head, sizeof head))
            test_fail(__FILE__, __LINE__, "the kiosk went through the proxy of its environment%s: %.60s",
                      strstr(head, r.token) ? ", token and all" : "", head);
    check_all_once(&r, __LINE__);
    CHECK(!take_request(fd, 0, head, sizeof head));
    close(fd);
    rig_close(&r);
}

/* [hub] proxy is used, and only as a tunnel (CONNECT) to an https:// hub:
 * the proxy sees the hub's name, never the token. With a plain-http hub a
 * proxy is refused at start. */
TEST(sync_uses_the_configured_proxy_only_as_a_tunnel_to_an_https_hub)
{
    char err[WK_ERR_MAX] = "", proxy[64], hub[64], head[4096];
    CHECK(sync_check_proxy("http://proxy.example.org:3128", "http://127.0.0.1:8470", err) == WK_EINVAL);
    CHECK(strstr(err, "https://") != NULL);
    CHECK(sync_check_proxy("ftp://proxy.example.org", "https://hub.example.org", err) == WK_EINVAL);
    CHECK(sync_check_proxy("http://user:secret@proxy", "https://hub.example.org", err) == 0);
    CHECK_OK(sync_check_proxy("socks5h://proxy.example.org:1080", "https://hub.example.org", err));

    struct rig r;
    unsigned port;
    rig_open(&r);
    queue(&r, 1, "message");
    int fd = listen_local(&port);
    snprintf(proxy, sizeof proxy, "http://127.0.0.1:%u", port);
    struct sync_config c = {
        .hub_url = r.hub.url, .token = r.token, .proxy = proxy, .state_db = r.state_db,
        .state_dir = r.state_dir, .publisher_keys = &r.keys, .firmware = "test", .heartbeat_s = 3600,
        .poll_s = 3600,
    };
    CHECK(sync_start(&c, &r.sync, err) == WK_EINVAL);       /* http:// hub */
    CHECK(r.sync == NULL);
    snprintf(hub, sizeof hub, "https://127.0.0.1:%u", r.hub.port);
    c.hub_url = hub;
    if (sync_start(&c, &r.sync, err))
        test_fail(__FILE__, __LINE__, "%s", err);
    CHECK(take_request(fd, WAIT_LIMIT_MS, head, sizeof head));
    char connect[64];
    snprintf(connect, sizeof connect, "CONNECT 127.0.0.1:%u ", r.hub.port);
    if (strncmp(head, connect, strlen(connect)) != 0 || strstr(head, "Bearer") || strstr(head, r.token))
        test_fail(__FILE__, __LINE__, "the proxy was asked: %.200s", head);
    wait_failures(&r, 1, __LINE__);
    CHECK_INT_EQ(counts(&r).queued, 1);
    close(fd);
    rig_close(&r);
}
