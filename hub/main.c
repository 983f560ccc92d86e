/* main.c — welkom-hub, the server kiosks forward submissions and
 * heartbeats to (docs/protocol.md): reads its config (an ini file, then
 * flags over it), opens hub.db, serves until SIGTERM or SIGINT, then stops
 * taking connections, lets requests in progress finish and closes the
 * database. With [tls] it speaks HTTPS itself; without, plain HTTP for a
 * reverse proxy on the same machine (docs/hub.md). Exit codes: 0 ok, 1 bad
 * usage or config (also an unusable TLS certificate or key), 2 the
 * database or the address could not be opened. */
#include "hub.h"
#include "staff.h"
#include "../app/core/json_wipe.h"
#include "../app/outbox/outbox.h"
#include "../app/core/args.h"

#include <errno.h>
#include <getopt.h>
#include <ini.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HUB_DEFAULT_CONFIG "/etc/welkom/hub.conf"
#define HUB_DEFAULT_LISTEN "127.0.0.1:8470"
#define HUB_PATH_MAX 1024

enum { EXIT_USAGE = 1, EXIT_OPEN = 2 };
#define CONFIG_EXIT_OK 1        /* load_config: --help or --version done */

/* A kiosk sends a heartbeat a minute and its submissions one by one;
 * after an outage it delivers its backlog at this pace (429 says wait). */
#define HUB_DEFAULT_RATE 120
#define HUB_DEFAULT_BURST 60
/* Several kiosks of a centre share one address behind its router; a
 * reverse proxy in front of the hub makes every client 127.0.0.1, and
 * should then do the per-address limit itself (max_per_ip = 0). */
#define HUB_DEFAULT_MAX_CONNECTIONS 256
#define HUB_DEFAULT_MAX_PER_IP 32
#define HUB_MAX_RATE 1000000
#define HUB_MAX_CONNECTIONS 65536
/* A slow or stalled client is dropped after this long without progress
 * (libmicrohttpd's timeout); whatever it sends, its request line and
 * headers must be in within the headers deadline, and its body within
 * the body deadline after them (guard.c). A kiosk sends a request in one
 * go and gives up on it after 20 s (SYNC_DEFAULT_TIMEOUT_S); a 96 KiB
 * body at the 256 B/s a kiosk's download needs at least would take 6 min,
 * but kiosks upload a few KiB. Tests shorten all three. */
#define HUB_DEFAULT_IDLE_TIMEOUT_S 10
#define HUB_DEFAULT_HEADERS_DEADLINE_S 10
#define HUB_DEFAULT_BODY_DEADLINE_S 30
#define HUB_MAX_TIMEOUT_S 3600

struct config {
    char db[HUB_PATH_MAX];
    char listen[HUB_PATH_MAX];
    struct hub_limits limits;
    char tls_cert[HUB_PATH_MAX];        /* [tls] cert_file; "" without TLS */
    char tls_key[HUB_PATH_MAX];         /* [tls] key_file */
    char staff_dir[HUB_PATH_MAX];       /* [staff] dir; "" for the default */
    int session_idle_s;                 /* [staff] session_idle_s */
    char kiosk_binary[HUB_PATH_MAX];    /* [staff] kiosk_binary; "" for the default, "none" for none */
    bool verbose;
};

static int copy(char *dst, size_t size, const char *value)
{
    return value[0] && (size_t)snprintf(dst, size, "%s", value) < size ? 0 : WK_EINVAL;
}

/* One setting by its section and name, the same for flags. */
static int set(struct config *c, const char *section, const char *name, const char *value)
{
    struct hub_limits *l = &c->limits;
    if (!strcmp(section, "staff")) {
        if (!strcmp(name, "dir"))
            return copy(c->staff_dir, sizeof c->staff_dir, value);
        if (!strcmp(name, "session_idle_s"))
            return wk_parse_int(value, 1, HUB_SESSION_IDLE_MAX_S, &c->session_idle_s);
        if (!strcmp(name, "kiosk_binary"))
            return copy(c->kiosk_binary, sizeof c->kiosk_binary, value);
        return WK_ENOTFOUND;
    }
    if (!strcmp(section, "tls")) {
        if (!strcmp(name, "cert_file"))
            return copy(c->tls_cert, sizeof c->tls_cert, value);
        if (!strcmp(name, "key_file"))
            return copy(c->tls_key, sizeof c->tls_key, value);
        return WK_ENOTFOUND;
    }
    if (strcmp(section, "hub"))
        return WK_ENOTFOUND;
    if (!strcmp(name, "db"))
        return copy(c->db, sizeof c->db, value);
    if (!strcmp(name, "listen"))
        return copy(c->listen, sizeof c->listen, value);
    if (!strcmp(name, "rate_per_minute"))
        return wk_parse_int(value, 1, HUB_MAX_RATE, &l->rate_per_minute);
    if (!strcmp(name, "burst"))
        return wk_parse_int(value, 1, HUB_MAX_RATE, &l->burst);
    if (!strcmp(name, "max_connections"))
        return wk_parse_int(value, 1, HUB_MAX_CONNECTIONS, &l->max_connections);
    if (!strcmp(name, "max_per_ip"))
        return wk_parse_int(value, 0, HUB_MAX_CONNECTIONS, &l->max_per_ip);
    if (!strcmp(name, "idle_timeout_s"))
        return wk_parse_int(value, 1, HUB_MAX_TIMEOUT_S, &l->idle_timeout_s);
    if (!strcmp(name, "headers_deadline_s"))
        return wk_parse_int(value, 1, HUB_MAX_TIMEOUT_S, &l->headers_deadline_s);
    if (!strcmp(name, "body_deadline_s"))
        return wk_parse_int(value, 1, HUB_MAX_TIMEOUT_S, &l->body_deadline_s);
    return WK_ENOTFOUND;
}

struct ini_state { struct config *cfg; char msg[WK_ERR_MAX]; int status; };

static int on_ini_value(void *user, const char *section, const char *key, const char *value)
{
    struct ini_state *st = user;
    int rc = set(st->cfg, section, key, value);
    if (rc == WK_ENOTFOUND)
        snprintf(st->msg, sizeof st->msg, "unknown setting [%s] %s", section, key);
    else if (rc)
        snprintf(st->msg, sizeof st->msg, "bad value \"%s\" for [%s] %s", value, section, key);
    if (rc)
        st->status = WK_EINVAL;
    return rc == 0;
}

static int load_ini(const char *path, struct config *cfg, char err[WK_ERR_MAX])
{
    struct ini_state st = { .cfg = cfg };
    int line = ini_parse(path, on_ini_value, &st);
    if (line < 0) {
        wk_seterr(err, "cannot read config %s: %s", path, strerror(errno));
        return WK_EIO;
    }
    if (st.status || line > 0) {    /* inih reports the first line it could not take */
        wk_seterr(err, "config %s, line %d: %s", path, line, st.msg[0] ? st.msg : "syntax error");
        return WK_EINVAL;
    }
    return 0;
}

static void print_usage(const char *program)
{
    printf("usage: %s [options]\n"
           "  --config FILE          ini file, section [hub] (default " HUB_DEFAULT_CONFIG " if present)\n"
           "  --db FILE              the hub database (default " HUB_STORE_DEFAULT_PATH ")\n"
           "  --listen ADDR:PORT     where to listen (default " HUB_DEFAULT_LISTEN "; port 0: any free)\n"
           "  --rate-per-minute N    requests a kiosk may make a minute (default %d)\n"
           "  --burst N              ... and at once (default %d)\n"
           "  --max-connections N    connections in all (default %d)\n"
           "  --max-per-ip N         connections from one address (IPv6: one /64), 0 for no limit (default %d)\n"
           "                         Past either limit, the connection that has waited longest for its\n"
           "                         headers is closed to make room.\n"
           "  --idle-timeout-s S     close a connection after S seconds without progress (default %d)\n"
           "  --headers-deadline-s S ... whose request line and headers are not in after S seconds (default %d)\n"
           "  --body-deadline-s S    ... whose body is not in S seconds after its headers (default %d)\n"
           "                         (1 to %d each)\n"
           "  --tls-cert FILE        HTTPS with this PEM certificate (and chain); [tls] cert_file\n"
           "  --tls-key FILE         ... and its private key (PEM, unencrypted); [tls] key_file\n"
           "                         Without them: plain HTTP, for 127.0.0.1 behind a TLS reverse proxy.\n"
           "  --staff-dir DIR        the staff console's pages; [staff] dir (default: where they are installed)\n"
           "  --session-idle-s S     a console session ends after S seconds without a request (default %d)\n"
           "  --kiosk-binary FILE    the kiosk's welkom, for content previews; [staff] kiosk_binary\n"
           "                         (default: welkom beside welkom-hub if there; none: no previews)\n"
           "  -v, --verbose          debug logging\n"
           "  --version, --help\n"
           "Kiosks are enrolled with `welkomctl kiosk add NAME --hub-db FILE`.\n",
           program, HUB_DEFAULT_RATE, HUB_DEFAULT_BURST, HUB_DEFAULT_MAX_CONNECTIONS, HUB_DEFAULT_MAX_PER_IP,
           HUB_DEFAULT_IDLE_TIMEOUT_S, HUB_DEFAULT_HEADERS_DEADLINE_S, HUB_DEFAULT_BODY_DEADLINE_S, HUB_MAX_TIMEOUT_S,
           HUB_SESSION_IDLE_DEFAULT_S);
}

enum { OPT_CONFIG = 256, OPT_DB, OPT_LISTEN, OPT_RATE, OPT_BURST, OPT_MAXCONN, OPT_PERIP, OPT_IDLE, OPT_HEADERS,
       OPT_BODY, OPT_TLS_CERT, OPT_TLS_KEY, OPT_STAFF_DIR, OPT_SESSION_IDLE, OPT_KIOSK_BINARY, OPT_VERSION, OPT_HELP };

static const struct option options[] = {
    { "config", required_argument, NULL, OPT_CONFIG },
    { "db", required_argument, NULL, OPT_DB },
    { "listen", required_argument, NULL, OPT_LISTEN },
    { "rate-per-minute", required_argument, NULL, OPT_RATE },
    { "burst", required_argument, NULL, OPT_BURST },
    { "max-connections", required_argument, NULL, OPT_MAXCONN },
    { "max-per-ip", required_argument, NULL, OPT_PERIP },
    { "idle-timeout-s", required_argument, NULL, OPT_IDLE },
    { "headers-deadline-s", required_argument, NULL, OPT_HEADERS },
    { "body-deadline-s", required_argument, NULL, OPT_BODY },
    { "tls-cert", required_argument, NULL, OPT_TLS_CERT },
    { "tls-key", required_argument, NULL, OPT_TLS_KEY },
    { "staff-dir", required_argument, NULL, OPT_STAFF_DIR },
    { "session-idle-s", required_argument, NULL, OPT_SESSION_IDLE },
    { "kiosk-binary", required_argument, NULL, OPT_KIOSK_BINARY },
    { "version", no_argument, NULL, OPT_VERSION },
    { "help", no_argument, NULL, OPT_HELP },
    { "verbose", no_argument, NULL, 'v' },
    { 0 },
};
/* The setting each flag sets, by option. */
static const struct { const char *section, *name; } setting_of[] = {
    [OPT_DB - OPT_CONFIG] = { "hub", "db" }, [OPT_LISTEN - OPT_CONFIG] = { "hub", "listen" },
    [OPT_RATE - OPT_CONFIG] = { "hub", "rate_per_minute" }, [OPT_BURST - OPT_CONFIG] = { "hub", "burst" },
    [OPT_MAXCONN - OPT_CONFIG] = { "hub", "max_connections" }, [OPT_PERIP - OPT_CONFIG] = { "hub", "max_per_ip" },
    [OPT_IDLE - OPT_CONFIG] = { "hub", "idle_timeout_s" }, [OPT_HEADERS - OPT_CONFIG] = { "hub", "headers_deadline_s" },
    [OPT_BODY - OPT_CONFIG] = { "hub", "body_deadline_s" },
    [OPT_TLS_CERT - OPT_CONFIG] = { "tls", "cert_file" }, [OPT_TLS_KEY - OPT_CONFIG] = { "tls", "key_file" },
    [OPT_STAFF_DIR - OPT_CONFIG] = { "staff", "dir" }, [OPT_SESSION_IDLE - OPT_CONFIG] = { "staff", "session_idle_s" },
    [OPT_KIOSK_BINARY - OPT_CONFIG] = { "staff", "kiosk_binary" },
};

/* Defaults, then the ini file, then the flags. CONFIG_EXIT_OK after
 * --help or --version, a negative code with err set on a mistake. */
static int load_config(int argc, char **argv, struct config *cfg, char err[WK_ERR_MAX])
{
    *cfg = (struct config){ .limits = { HUB_DEFAULT_RATE, HUB_DEFAULT_BURST, HUB_DEFAULT_MAX_CONNECTIONS,
                                        HUB_DEFAULT_MAX_PER_IP, HUB_DEFAULT_IDLE_TIMEOUT_S,
                                        HUB_DEFAULT_HEADERS_DEADLINE_S, HUB_DEFAULT_BODY_DEADLINE_S } };
    copy(cfg->db, sizeof cfg->db, HUB_STORE_DEFAULT_PATH);
    copy(cfg->listen, sizeof cfg->listen, HUB_DEFAULT_LISTEN);
    const char *config_path;
    int opt, rc = wk_args_first_pass(argc, argv, &(struct wk_args_desc){ .options = options,
        .config_opt = OPT_CONFIG, .help_opt = OPT_HELP, .version_opt = OPT_VERSION,
        .default_config = HUB_DEFAULT_CONFIG }, &config_path, err);
    if (rc == WK_ARGS_HELP)
        return print_usage(argv[0]), CONFIG_EXIT_OK;
    if (rc == WK_ARGS_VERSION)
        return printf("welkom-hub %s\n", HUB_VERSION), CONFIG_EXIT_OK;
    if (rc)
        return rc;
    if (config_path && (rc = load_ini(config_path, cfg, err)))
        return rc;
    while ((opt = getopt_long(argc, argv, "v", options, NULL)) != -1) {
        if (opt == 'v')
            cfg->verbose = true;
        else if (opt > OPT_CONFIG && opt <= OPT_KIOSK_BINARY &&
                 set(cfg, setting_of[opt - OPT_CONFIG].section, setting_of[opt - OPT_CONFIG].name, optarg)) {
            wk_seterr(err, "bad value \"%s\" for --%s (see --help)", optarg, options[opt - OPT_CONFIG].name);
            return WK_EINVAL;
        }
    }
    return 0;
}

/* The PEM text of a [tls] file, read once at start: a renewed
 * certificate is taken by restarting the hub. */
static int read_pem(const char *path, const char *what, char **out, char err[WK_ERR_MAX])
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f) {
        wk_seterr(err, "cannot read the TLS %s %s: %s", what, path, strerror(errno));
        return WK_EIO;
    }
    char *text = wk_malloc(HUB_TLS_PEM_MAX + 1);
    size_t n = text ? fread(text, 1, HUB_TLS_PEM_MAX + 1, f) : 0;
    int error = ferror(f) ? errno : 0;
    fclose(f);
    if (!text || error || n == 0 || n > HUB_TLS_PEM_MAX) {
        if (error)
            wk_seterr(err, "cannot read the TLS %s %s: %s", what, path, strerror(error));
        else
            wk_seterr(err, "the TLS %s %s is empty or larger than %d KiB", what, path, HUB_TLS_PEM_MAX / 1024);
        if (text)
            sodium_memzero(text, HUB_TLS_PEM_MAX + 1);
        free(text);
        return text ? WK_EFORMAT : WK_ENOMEM;
    }
    text[n] = '\0';
    *out = text;
    return 0;
}

/* Both files of [tls] or neither; read and checked as a pair (plain
 * HTTP when neither is given: tls->cert_pem stays NULL). */
static int load_tls(const struct config *cfg, struct hub_tls *tls, char err[WK_ERR_MAX])
{
    *tls = (struct hub_tls){ 0 };
    if (!cfg->tls_cert[0] && !cfg->tls_key[0])
        return 0;
    if (!cfg->tls_cert[0] || !cfg->tls_key[0]) {
        wk_seterr(err, "TLS needs both [tls] cert_file and key_file (or --tls-cert and --tls-key); only the %s "
                       "is given", cfg->tls_cert[0] ? "certificate" : "key");
        return WK_EINVAL;
    }
    char *cert = NULL, *key = NULL;
    int rc = read_pem(cfg->tls_cert, "certificate", &cert, err);
    if (rc == 0)
        rc = read_pem(cfg->tls_key, "key", &key, err);
    *tls = (struct hub_tls){ cert, key };       /* the caller frees them, also on an error */
    if (rc == 0)
        rc = hub_http_check_tls(tls, err);
    struct stat st;
    if (rc == 0 && stat(cfg->tls_key, &st) == 0 && (st.st_mode & 077))
        wk_log(WK_LOG_WARN, "hub: the TLS key %s can be read by other users (mode %03o): chmod 600 it",
               cfg->tls_key, (unsigned)(st.st_mode & 0777));
    return rc;
}

static void free_tls(struct hub_tls *tls)
{
    if (tls->key_pem)
        sodium_memzero((char *)tls->key_pem, strlen(tls->key_pem));
    free((char *)tls->cert_pem);
    free((char *)tls->key_pem);
    *tls = (struct hub_tls){ 0 };
}

int main(int argc, char **argv)
{
    char err[WK_ERR_MAX] = "";
    struct config cfg;
    struct hub_tls tls = { 0 };
    outbox_use_wk_alloc();      /* SQLite and cJSON allocate through wk_malloc */
    wk_json_wipe_install();
    int rc = load_config(argc, argv, &cfg, err);
    if (rc == CONFIG_EXIT_OK)
        return 0;
    if (rc || hub_http_check_listen(cfg.listen, err) || load_tls(&cfg, &tls, err)) {
        fprintf(stderr, "welkom-hub: %s\n", err);
        free_tls(&tls);
        return EXIT_USAGE;
    }
    wk_log_set_level(cfg.verbose ? WK_LOG_DEBUG : WK_LOG_INFO);

    /* The signals are taken by sigwait below, from this thread only:
     * blocked before any thread exists, so libmicrohttpd's threads
     * inherit the mask. A peer that hangs up is an error on send, not a
     * signal. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct hub_store *store = NULL;
    struct hub_http *http = NULL;
    struct hub_staff *staff = NULL;
    struct hub_retention *retention = NULL;
    int status = EXIT_OPEN;
    struct hub_staff_options staff_options = { .dir = cfg.staff_dir[0] ? cfg.staff_dir : NULL,
                                               .session_idle_s = cfg.session_idle_s, .tls = tls.cert_pem != NULL,
                                               .kiosk_binary = !cfg.kiosk_binary[0] ? NULL
                                                               : strcmp(cfg.kiosk_binary, "none") ? cfg.kiosk_binary : "" };
    if (hub_store_open(cfg.db, true, &store, err) || hub_retention_start(store, &retention, err) ||
        hub_staff_new(store, &staff_options, &staff, err) ||
        hub_http_start(store, cfg.listen, &cfg.limits, tls.cert_pem ? &tls : NULL, staff, &http, err)) {
        fprintf(stderr, "welkom-hub: %s\n", err);
        goto out;
    }
    char host[HUB_PATH_MAX];
    snprintf(host, sizeof host, "%s", cfg.listen);
    *strrchr(host, ':') = '\0';             /* checked by hub_http_start */
    wk_log(WK_LOG_INFO, "hub: listening on %s:%u, database %s, %s", host, hub_http_port(http), cfg.db,
           tls.cert_pem ? "HTTPS (TLS)" : "plain HTTP");

    int sig = 0;
    while (sigwait(&stop, &sig) != 0) {}
    wk_log(WK_LOG_INFO, "hub: stopping (%s)", sig == SIGINT ? "SIGINT" : "SIGTERM");
    status = 0;
out:
    hub_http_stop(http);
    hub_retention_stop(retention);
    hub_staff_free(staff);          /* every session ends, its keys wiped */
    hub_store_close(store);
    free_tls(&tls);
    return status;
}
