/* sync.h — the kiosk's side of the conversation with welkom-hub
 * (docs/protocol.md), on a thread of its own: it sends the queued
 * submissions oldest first, tells the hub how the kiosk is doing, and
 * fetches new content. The UI thread never waits on the network: it wakes
 * the worker when a resident sends something, and hears back only through
 * sync_take_event, after the worker's notify callback has nudged it. */
#ifndef SYNC_H
#define SYNC_H

#include "../core/wk.h"
#include "../content/content.h"

/* Defaults and bounds of the schedule (docs/ARCHITECTURE.md, "Sync"). */
#define SYNC_DEFAULT_HEARTBEAT_S 300
#define SYNC_MIN_HEARTBEAT_S 10
#define SYNC_MAX_HEARTBEAT_S 3600
#define SYNC_DEFAULT_POLL_S 900          /* when the bundle has no bundle_poll_s */
/* The first poll soon after start (new content after a reboot), but not
 * at once: the first frame and the queue come first. */
#define SYNC_DEFAULT_FIRST_POLL_MS 2000
#define SYNC_DEFAULT_TIMEOUT_S 20        /* one submission or heartbeat, all in */
#define SYNC_MAX_BACKOFF_MS (10 * 60 * 1000)
#define SYNC_FIRST_BACKOFF_MS 1000
/* sync_stop returns within this, whatever the network is doing. */
#define SYNC_STOP_MS 2000
#define SYNC_MAX_URL 512
#define SYNC_MAX_TOKEN 128

struct sync_config {
    const char *hub_url;            /* "https://hub.example.org" (a path prefix is kept) */
    const char *token;              /* this kiosk's, from welkomctl kiosk add */
    const char *ca_file;            /* a pinned CA bundle; NULL: the system's */
    const char *proxy;              /* NULL or "": no proxy at all, whatever http_proxy,
                                       https_proxy or ALL_PROXY say (sync_check_proxy) */
    const char *state_db;           /* the queue; the worker opens its own handle */
    const char *state_dir;          /* where bundles are installed (content/store.h) */
    const struct content_keys *publisher_keys;   /* copied */
    int64_t content_version;        /* what the kiosk shows now */
    const char *firmware;           /* reported in heartbeats */
    int heartbeat_s;                /* 0: SYNC_DEFAULT_HEARTBEAT_S */
    int poll_s;                     /* 0: SYNC_DEFAULT_POLL_S; jittered ±20 % */
    int first_poll_ms;              /* after start; 0: SYNC_DEFAULT_FIRST_POLL_MS; ±50 % */
    int timeout_s;                  /* 0: SYNC_DEFAULT_TIMEOUT_S */
    /* Why the kiosk does not show the content it should (the installed
     * bundle was refused and the demo is shown, ...): reported as the
     * heartbeat's last_error until the worker installs a good bundle.
     * Copied; NULL or "": none. */
    const char *content_warning;
    /* The architecture whose firmware packages are fetched for the root
     * helper (firmware_this_arch()); NULL or "": none are. */
    const char *firmware_arch;
    /* The helper's last update failed (its status file): reported as the
     * heartbeat's last_error until a new package is downloaded. */
    const char *firmware_warning;
    /* Called on the worker's thread when an event waits; it must only
     * nudge the UI thread (plat_inject of WK_EV_WAKE). */
    void (*notify)(void *user);
    void *notify_user;
};

/* Whether url is one the worker will talk to: https://, or http:// to this
 * machine only (a token must not cross a network in clear). */
int sync_check_url(const char *url, char err[WK_ERR_MAX]);

/* Whether proxy may carry this kiosk's requests to hub_url: only to an
 * https:// hub, as a tunnel (CONNECT), so the token and the answers
 * travel inside TLS and the proxy sees only the hub's name. An http://
 * hub (this machine only) is never reached through a proxy: the proxy
 * would read the token. The proxy itself is http://, https:// or
 * socks5h://. */
int sync_check_proxy(const char *proxy, const char *hub_url, char err[WK_ERR_MAX]);

struct sync;
/* Checks the config and starts the worker; it opens the queue itself. */
int sync_start(const struct sync_config *config, struct sync **out, char err[WK_ERR_MAX]);
/* Stops the worker (an unfinished request is abandoned: the hub either
 * stored it, and the retry after the next start gets 200, or did not) and
 * frees everything, within SYNC_STOP_MS. NULL is fine. */
void sync_stop(struct sync *s);

/* A resident just queued something: try now, even during a backoff. */
void sync_wake(struct sync *s);

/* The content now shown asks for another poll interval (its
 * bundle_poll_s; 0: SYNC_DEFAULT_POLL_S): the next poll is rescheduled. */
void sync_set_poll_interval(struct sync *s, int poll_s);

enum sync_event_type {
    SYNC_EV_NONE = 0,
    SYNC_EV_CONTENT_INSTALLED,      /* STATE/current now holds content_version */
};
struct sync_event {
    enum sync_event_type type;
    int64_t content_version;
};
/* The next event for the UI thread: true with *ev filled, false if none. */
bool sync_take_event(struct sync *s, struct sync_event *ev);

/* What the worker has done since it started, for logs, tests and staff. */
struct sync_stats {
    uint64_t delivered, rejected;       /* rows the hub took, or refused for good */
    uint64_t attempts, failures;        /* submission requests; those to retry */
    uint64_t heartbeats, polls, downloads, bundles_installed;
    int64_t content_version;            /* the newest installed by the worker or shown */
    int64_t firmware_version;           /* the firmware high-water mark: the newest downloaded */
    int64_t last_poll_ms;               /* wall clock of the last content check the hub
                                           answered; 0: none yet */
    int backoff_ms;                     /* the current wait after failures; 0: none */
    char last_error[WK_ERR_MAX];        /* "" once the hub answers again */
    char firmware_error[WK_ERR_MAX];    /* a refused package or the helper's failed update */
};
void sync_get_stats(struct sync *s, struct sync_stats *out);

#endif
