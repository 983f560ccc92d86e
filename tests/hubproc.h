/* hubproc.h — the real welkom-hub, and the fault proxy in front of it, as
 * processes a test starts, kills and starts again on the same port over
 * loopback; and what the test asks the hub's database afterwards. */
#ifndef TEST_HUBPROC_H
#define TEST_HUBPROC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define HUBPROC_PATH 1024
#define HUBPROC_MAX_UUIDS 20000

struct hubproc {
    pid_t pid;                  /* 0: not running */
    unsigned port;
    char db[HUBPROC_PATH];      /* TMPDIR/hub.db */
    char log[HUBPROC_PATH];
    char url[64];               /* http://127.0.0.1:PORT */
};

/* Starts the hub on port (0: one the kernel picks, then kept for
 * restarts) with its database in the case's temp dir; waits until it
 * listens. extra: more flags, NULL-terminated (may be NULL). */
void hubproc_start(struct hubproc *h, unsigned port, const char *const *extra);
/* Sends sig and waits for the process to end. */
void hubproc_stop(struct hubproc *h, int sig);
/* Enrols a kiosk through the hub's store; its token into token. */
void hubproc_enrol(struct hubproc *h, const char *name, char token[64]);
void hubproc_revoke(struct hubproc *h, const char *name);

/* How many submissions the hub holds, and how often the most repeated
 * uuid is among them (1 when each is stored once; 0 with none). */
struct hub_tally {
    int rows;
    int most_copies;
    int64_t out_of_order;       /* rows received before an earlier-made row */
};
void hubproc_tally(struct hubproc *h, struct hub_tally *t);
/* The uuids of the submissions the hub holds, sorted (strcmp), at most
 * max of them; returns how many it holds in all. */
int hubproc_uuids(struct hubproc *h, char (*uuids)[40], int max);
/* Whether uuid is stored at the hub. */
bool hubproc_has(struct hubproc *h, const char *uuid);

/* tests/tools/faultproxy in front of target_port; its mode is the first
 * line of a file, read at each new connection (faultproxy.c). */
struct proxyproc {
    pid_t pid;
    unsigned port;
    char mode_file[HUBPROC_PATH];
    char log[HUBPROC_PATH];     /* "conn N mode MODE" a connection */
    char url[64];
};
void proxyproc_start(struct proxyproc *p, unsigned target_port, const char *mode);
void proxyproc_mode(struct proxyproc *p, const char *mode);
/* Waits until the proxy has taken n connections in all (a client's
 * request is on its way), or fails the test after a limit. */
void proxyproc_wait_connections(struct proxyproc *p, int n);
void proxyproc_stop(struct proxyproc *p);

/* Runs a command (build/welkomctl ...) to its end, its output into
 * TMPDIR/cmd.log; returns its exit status. */
int hubproc_run(const char *const *argv);

/* Posts a queued row to the hub on port as the sync worker does (the
 * protocol's JSON, the kiosk's token, the uuid as Idempotency-Key), with
 * curl; the HTTP status. */
struct outbox_row;
int hubproc_post_row(unsigned port, const char *token, const struct outbox_row *row);

/* Milliseconds on the monotonic clock, for waiting with a limit. */
int64_t hubproc_now_ms(void);

#endif
