/* hubproc.c — starting and killing the real welkom-hub and the fault proxy
 * for the sync tests (hubproc.h). Both print the port they listen on; the
 * test waits for that line rather than sleeping. */
#include "hubproc.h"
#include "test.h"
#include "../hub/store.h"
#include "../app/outbox/outbox.h"

#include <sodium.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define HUBPROC_START_MS 10000
/* What a test waits for from the proxy comes within this, or not at all. */
#define HUBPROC_WAIT_MS 10000

int64_t hubproc_now_ms(void)
{
    return wk_mono_ms();
}

int hubproc_post_row(unsigned port, const char *token, const struct outbox_row *row)
{
    char b64[sodium_base64_ENCODED_LEN(OUTBOX_MAX_PAYLOAD, sodium_base64_VARIANT_ORIGINAL)];
    char body[HUBPROC_PATH], cmd[HUBPROC_PATH * 2], code[16] = "";
    sodium_bin2base64(b64, sizeof b64, row->payload, row->payload_size, sodium_base64_VARIANT_ORIGINAL);
    snprintf(body, sizeof body, "%s/body.json", test_tmpdir());
    FILE *f = fopen(body, "w");
    CHECK(f);
    fprintf(f, "{\"uuid\": \"%s\", \"kind\": \"%s\", \"ref\": \"%s\", \"created_at\": %lld, \"payload\": \"%s\"}",
            row->uuid, row->kind, row->ref, (long long)row->created_at_ms, b64);
    fclose(f);
    snprintf(cmd, sizeof cmd, "curl -s -o /dev/null -w '%%{http_code}' --max-time 10 -H 'Content-Type: application/json'"
             " -H 'Authorization: Bearer %s' -H 'Idempotency-Key: %s' --data-binary @%s http://127.0.0.1:%u/v1/submissions",
             token, row->uuid, body, port);
    FILE *c = popen(cmd, "r");
    CHECK(c);
    if (!fgets(code, sizeof code, c))
        code[0] = '\0';
    pclose(c);
    return atoi(code);
}

/* Runs argv with stdout and stderr into log (appended). */
static pid_t spawn(const char *const *argv, const char *log)
{
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        /* A failed case must not leave a hub listening behind it. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
            _exit(90);
        execv(argv[0], (char *const *)argv);
        _exit(91);
    }
    return pid;
}

/* The port in the last line of log that holds marker and a ":PORT". */
static unsigned wait_for_port(pid_t pid, const char *log, const char *marker)
{
    int64_t until = hubproc_now_ms() + HUBPROC_START_MS;
    while (hubproc_now_ms() < until) {
        FILE *f = fopen(log, "r");
        char line[1024];
        unsigned port = 0;
        while (f && fgets(line, sizeof line, f)) {
            const char *m = strstr(line, marker);
            if (m && strstr(m, "127.0.0.1:"))
                port = (unsigned)atoi(strstr(m, "127.0.0.1:") + strlen("127.0.0.1:"));
        }
        if (f)
            fclose(f);
        if (port)
            return port;
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid)
            test_fail(__FILE__, __LINE__, "%s exited before listening (see %s)", marker, log);
        usleep(20 * 1000);
    }
    test_fail(__FILE__, __LINE__, "nothing listened within %d ms (see %s)", HUBPROC_START_MS, log);
}

int hubproc_run(const char *const *argv)
{
    char log[HUBPROC_PATH];
    snprintf(log, sizeof log, "%s/cmd.log", test_tmpdir());
    pid_t pid = spawn(argv, log);
    int status;
    CHECK(waitpid(pid, &status, 0) == pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void hubproc_start(struct hubproc *h, unsigned port, const char *const *extra)
{
    char bin[HUBPROC_PATH], listen[64];
    snprintf(bin, sizeof bin, "%s/welkom-hub", test_build_dir());
    snprintf(h->db, sizeof h->db, "%s/hub.db", test_tmpdir());
    snprintf(h->log, sizeof h->log, "%s/hub.log", test_tmpdir());
    snprintf(listen, sizeof listen, "127.0.0.1:%u", port);
    const char *argv[32] = { bin, "--db", h->db, "--listen", listen,
                             /* the tests send faster than a kiosk would */
                             "--rate-per-minute", "100000", "--burst", "100000" };
    size_t n = 9;
    for (size_t i = 0; extra && extra[i] && n < WK_ARRAY_LEN(argv) - 1; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;
    truncate(h->log, 0);
    h->pid = spawn(argv, h->log);
    h->port = wait_for_port(h->pid, h->log, "listening on");
    snprintf(h->url, sizeof h->url, "http://127.0.0.1:%u", h->port);
}

void hubproc_stop(struct hubproc *h, int sig)
{
    if (h->pid <= 0)
        return;
    kill(h->pid, sig);
    int status;
    waitpid(h->pid, &status, 0);
    h->pid = 0;
}

void hubproc_enrol(struct hubproc *h, const char *name, char token[64])
{
    char err[WK_ERR_MAX] = "", t[HUB_TOKEN_CHARS + 1];
    struct hub_store *s;
    if (hub_store_open(h->db, true, &s, err))
        test_fail(__FILE__, __LINE__, "%s", err);
    if (hub_store_kiosk_add(s, name, wk_wall_ms(), t, err))
        test_fail(__FILE__, __LINE__, "%s", err);
    hub_store_close(s);
    snprintf(token, 64, "%s", t);
}

void hubproc_revoke(struct hubproc *h, const char *name)
{
    char err[WK_ERR_MAX] = "";
    struct hub_store *s;
    if (hub_store_open(h->db, false, &s, err) || hub_store_kiosk_revoke(s, name, wk_wall_ms(), err))
        test_fail(__FILE__, __LINE__, "%s", err);
    hub_store_close(s);
}

struct walk {
    struct hub_tally *t;
    char (*uuids)[40];
    int max;                            /* room in uuids */
    int64_t group_received, group_max, before_group;
    const char *find;
    bool found;
};

static int count_row(void *user, const struct hub_stored_submission *row)
{
    struct walk *w = user;
    if (w->find) {
        w->found |= !strcmp(row->sub.uuid, w->find);
        return 0;
    }
    if (w->t->rows < w->max)
        snprintf(w->uuids[w->t->rows], sizeof w->uuids[0], "%s", row->sub.uuid);
    w->t->rows++;
    /* Rows received in the same millisecond come in uuid order: compare
     * each with the rows received in earlier milliseconds only. */
    if (row->received_at_ms != w->group_received) {
        w->before_group = WK_MAX(w->before_group, w->group_max);
        w->group_received = row->received_at_ms;
    }
    if (row->sub.created_at_ms < w->before_group)
        w->t->out_of_order++;
    w->group_max = WK_MAX(w->group_max, row->sub.created_at_ms);
    return 0;
}

static int compare_uuids(const void *a, const void *b) { return strcmp(a, b); }

static void walk(struct hubproc *h, struct walk *w)
{
    char err[WK_ERR_MAX] = "";
    struct hub_store *s;
    if (hub_store_open(h->db, false, &s, err) || hub_store_submissions_each(s, NULL, count_row, w, err))
        test_fail(__FILE__, __LINE__, "%s", err);
    hub_store_close(s);
}

/* Walks every row into t, the first max uuids sorted into uuids. */
static void tally_into(struct hubproc *h, struct hub_tally *t, char (*uuids)[40], int max)
{
    *t = (struct hub_tally){ 0 };
    struct walk w = { .t = t, .uuids = uuids, .max = max };
    walk(h, &w);
    int n = WK_MIN(t->rows, max);
    qsort(uuids, (size_t)n, sizeof uuids[0], compare_uuids);
    for (int i = 0, run = 0; i < n; i++) {
        run = i > 0 && !strcmp(uuids[i], uuids[i - 1]) ? run + 1 : 1;
        t->most_copies = WK_MAX(t->most_copies, run);
    }
}

void hubproc_tally(struct hubproc *h, struct hub_tally *t)
{
    char (*uuids)[40] = calloc(HUBPROC_MAX_UUIDS, 40);
    CHECK(uuids);
    tally_into(h, t, uuids, HUBPROC_MAX_UUIDS);
    free(uuids);
}

int hubproc_uuids(struct hubproc *h, char (*uuids)[40], int max)
{
    struct hub_tally t;
    tally_into(h, &t, uuids, max);
    return t.rows;
}

bool hubproc_has(struct hubproc *h, const char *uuid)
{
    struct hub_tally t = { 0 };
    struct walk w = { .t = &t, .find = uuid };
    walk(h, &w);
    return w.found;
}

void proxyproc_start(struct proxyproc *p, unsigned target_port, const char *mode)
{
    char bin[HUBPROC_PATH], to[64];
    snprintf(bin, sizeof bin, "%s/tests/faultproxy", test_build_dir());
    snprintf(to, sizeof to, "127.0.0.1:%u", target_port);
    snprintf(p->mode_file, sizeof p->mode_file, "%s/proxy-mode", test_tmpdir());
    snprintf(p->log, sizeof p->log, "%s/proxy.log", test_tmpdir());
    proxyproc_mode(p, mode);
    const char *argv[] = { bin, "--listen", "127.0.0.1:0", "--to", to, "--mode-file", p->mode_file, NULL };
    p->pid = spawn(argv, p->log);
    p->port = wait_for_port(p->pid, p->log, "listening on");
    snprintf(p->url, sizeof p->url, "http://127.0.0.1:%u", p->port);
}

void proxyproc_mode(struct proxyproc *p, const char *mode)
{
    char tmp[HUBPROC_PATH + 8];
    snprintf(tmp, sizeof tmp, "%s.new", p->mode_file);
    FILE *f = fopen(tmp, "w");
    CHECK(f);
    fprintf(f, "%s\n", mode);
    CHECK(fclose(f) == 0);
    CHECK(rename(tmp, p->mode_file) == 0);
}

void proxyproc_wait_connections(struct proxyproc *p, int n)
{
    int64_t until = hubproc_now_ms() + HUBPROC_WAIT_MS;
    int seen = 0;
    while (hubproc_now_ms() < until) {
        FILE *f = fopen(p->log, "r");
        char line[1024];
        seen = 0;
        while (f && fgets(line, sizeof line, f))
            seen += !strncmp(line, "conn ", strlen("conn "));
        if (f)
            fclose(f);
        if (seen >= n)
            return;
        usleep(20 * 1000);
    }
    test_fail(__FILE__, __LINE__, "the proxy took %d connections, not %d, within %d ms (see %s)", seen, n,
              HUBPROC_WAIT_MS, p->log);
}

void proxyproc_stop(struct proxyproc *p)
{
    if (p->pid <= 0)
        return;
    kill(p->pid, SIGTERM);
    int status;
    waitpid(p->pid, &status, 0);
    p->pid = 0;
}
