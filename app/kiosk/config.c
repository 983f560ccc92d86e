/* config.c — reads the ini file with inih and the flags with getopt_long.
 * Every value is checked here, once, with a message that names the file,
 * the line or the flag, so the rest of the kiosk can trust its config. */
#include "config.h"
#include "../../platform/common/backlight.h"
#include "paths.h"
#include "../core/args.h"

#include <errno.h>
#include <getopt.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Idle timeouts shorter than this leave no time to read a screen; longer
 * than this leave one person's choices on screen for the next. */
#define CONFIG_MIN_IDLE_S 10
#define CONFIG_MAX_IDLE_S 600

struct ini_state { struct config *cfg; char *err; int status; };

static int parse_size(const char *s, int *w, int *h)
{
    char extra;
    return sscanf(s, "%dx%d%c", w, h, &extra) == 2 && *w > 0 && *h > 0 ? 0 : WK_EINVAL;
}

static int parse_bool(const char *s, bool *out)
{
    if (!strcmp(s, "1") || !strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "on"))
        return *out = true, 0;
    if (!strcmp(s, "0") || !strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "off"))
        return *out = false, 0;
    return WK_EINVAL;
}

/* "2026-01-05T09:00" (UTC) as ms since the epoch. */
static int parse_time(const char *s, int64_t *out)
{
    struct tm tm = { 0 };
    const char *end = strptime(s, "%Y-%m-%dT%H:%M", &tm);
    if (!end || *end != '\0')
        return WK_EINVAL;
    *out = (int64_t)timegm(&tm) * 1000;
    return 0;
}

static int copy(char *dst, size_t size, const char *value)
{
    return (size_t)snprintf(dst, size, "%s", value) < size ? 0 : WK_EINVAL;
}

/* A 32-byte key spelled as the repository's keys are: one base64 line
 * (the last line of welkomctl keygen's NAME.pub). */
static int parse_key(const char *s, unsigned char out[CONFIG_HUB_KEY_BYTES], bool *has)
{
    struct content_keys k = { 0 };
    char ignored[WK_ERR_MAX];
    if (content_keys_add(&k, s, ignored))
        return WK_EINVAL;
    memcpy(out, k.key[0], CONFIG_HUB_KEY_BYTES);
    *has = true;
    return 0;
}

bool config_is_test_hub_key(const unsigned char key[CONFIG_HUB_KEY_BYTES])
{
    unsigned char test[CONFIG_HUB_KEY_BYTES];
    bool has = false;
    return parse_key(CONFIG_TEST_HUB_PUBLIC_KEY, test, &has) == 0 &&
           sodium_memcmp(test, key, CONFIG_HUB_KEY_BYTES) == 0;
}

/* One key of one section. Returns 0 if the value is bad or unknown. */
static int on_ini_value(void *user, const char *section, const char *key, const char *value)
{
    struct ini_state *st = user;
    struct config *c = st->cfg;
    int rc = WK_EINVAL;
    if (!strcmp(section, "kiosk") && !strcmp(key, "default_language"))
        rc = copy(c->default_language, sizeof c->default_language, value);
    else if (!strcmp(section, "kiosk") && !strcmp(key, "idle_timeout"))
        rc = wk_parse_int(value, CONFIG_MIN_IDLE_S, CONFIG_MAX_IDLE_S, &c->idle_timeout_s);
    else if (!strcmp(section, "kiosk") && !strcmp(key, "idle_countdown"))
        rc = wk_parse_int(value, 5, 120, &c->idle_countdown_s);
    else if (!strcmp(section, "audio") && !strcmp(key, "volume"))
        rc = wk_parse_int(value, 0, 100, &c->volume);
    else if (!strcmp(section, "display") && !strcmp(key, "size"))
        rc = parse_size(value, &c->width, &c->height);
    else if (!strcmp(section, "display") && !strcmp(key, "fullscreen"))
        rc = parse_bool(value, &c->fullscreen);
    else if (!strcmp(section, "display") && !strcmp(key, "rotation"))
        rc = wk_parse_int(value, 0, 270, &c->rotation);
    else if (!strcmp(section, "paths") && !strcmp(key, "data_dir"))
        rc = copy(c->data_dir, sizeof c->data_dir, value);
    else if (!strcmp(section, "paths") && !strcmp(key, "locale_dir"))
        rc = copy(c->locale_dir, sizeof c->locale_dir, value);
    else if (!strcmp(section, "paths") && !strcmp(key, "state_dir"))
        rc = copy(c->state_dir, sizeof c->state_dir, value);
    else if (!strcmp(section, "paths") && !strcmp(key, "demo_dir"))
        rc = copy(c->demo_dir, sizeof c->demo_dir, value);
    else if (!strcmp(section, "content") && !strcmp(key, "publisher_key"))
        rc = content_keys_add(&c->publisher_keys, value, NULL);
    else if (!strcmp(section, "hub") && !strcmp(key, "url"))
        rc = copy(c->hub_url, sizeof c->hub_url, value);
    else if (!strcmp(section, "hub") && !strcmp(key, "token"))
        rc = copy(c->hub_token, sizeof c->hub_token, value);
    else if (!strcmp(section, "hub") && !strcmp(key, "ca_file"))
        rc = copy(c->hub_ca_file, sizeof c->hub_ca_file, value);
    else if (!strcmp(section, "hub") && !strcmp(key, "public_key"))
        rc = parse_key(value, c->hub_public_key, &c->has_hub_public_key);
    else if (!strcmp(section, "hub") && !strcmp(key, "proxy"))
        rc = copy(c->hub_proxy, sizeof c->hub_proxy, value);
    else if (!strcmp(section, "hub") && !strcmp(key, "heartbeat_s"))
        rc = wk_parse_int(value, SYNC_MIN_HEARTBEAT_S, SYNC_MAX_HEARTBEAT_S, &c->hub_heartbeat_s);
    else if (!strcmp(section, "display") && !strcmp(key, "backlight_dir"))
        rc = copy(c->backlight_dir, sizeof c->backlight_dir, value);
    else if (!strcmp(section, "update") && !strcmp(key, "firmware"))
        rc = parse_bool(value, &c->firmware_updates);
    else if (!strcmp(section, "update") && !strcmp(key, "status_file"))
        rc = copy(c->update_status_file, sizeof c->update_status_file, value);
    else {
        wk_seterr(st->err, "unknown setting [%s] %s", section, key);
        st->status = WK_EINVAL;
        return 0;
    }
    if (rc) {
        /* A token, or a proxy's password, is a secret: not into logs or
         * onto a terminal. */
        bool secret = !strcmp(key, "token") || !strcmp(key, "proxy");
        wk_seterr(st->err, "bad value \"%s\" for [%s] %s%s", secret ? "..." : value, section, key,
                  !strcmp(key, "public_key") ? " (the base64 line of the hub's NAME.pub)" : "");
        st->status = rc;
        return 0;
    }
    return 1;
}

/* The token in the config lets whoever reads it post as this kiosk: the
 * file is for root and the welkom user (0640 root:welkom), not for every
 * account on the machine. A warning, not a refusal: the kiosk must still
 * start on a card someone copied carelessly. */
static void warn_if_readable(const char *path, const struct config *cfg)
{
    struct stat st;
    if (cfg->hub_token[0] && stat(path, &st) == 0 && (st.st_mode & S_IROTH))
        wk_log(WK_LOG_WARN, "%s holds the hub token and can be read by every user (mode %04o): "
               "chmod 640 it (root:welkom)", path, (unsigned)(st.st_mode & 07777));
}

static int load_ini(const char *path, struct config *cfg, char err[WK_ERR_MAX])
{
    struct ini_state st = { cfg, err, 0 };
    char msg[WK_ERR_MAX] = "";
    st.err = msg;
    int line = ini_parse(path, on_ini_value, &st);
    if (line < 0) {
        wk_seterr(err, "cannot read config %s: %s", path, strerror(errno));
        return WK_EIO;
    }
    if (st.status || line > 0) {
        /* inih reports the first line it could not take. */
        wk_seterr(err, "config %s, line %d: %s", path, line, msg[0] ? msg : "syntax error");
        return st.status ? st.status : WK_EFORMAT;
    }
    warn_if_readable(path, cfg);
    return 0;
}

void config_print_usage(const char *program)
{
    struct kiosk_paths paths;
    kiosk_default_paths(&paths);
    printf("usage: %s [options]\n"
           "  --config FILE        ini file (default " CONFIG_DEFAULT_PATH " if present)\n"
           "  --data-dir DIR       where fonts/ and assets/ are (default %s)\n"
           "  --locale-dir DIR     where XX/LC_MESSAGES/welkom.mo are (default %s)\n"
           "  --lang CODE          the default language (nl, en, fr, ar, fa, ps, ti, so, tr, uk, ru)\n"
           "  --size WxH           drawable size in pixels (at least 800x480)\n"
           "  --fullscreen         take the whole display\n"
           "  --rotate DEG         0, 90, 180 or 270, for portrait kiosks\n"
           "  --idle-timeout S     seconds without a touch before \"are you still there?\"\n"
           "  --headless           no window. With --script or --screenshot: a fake clock\n"
           "                       that jumps to each deadline, and exit after the script.\n"
           "                       Without: the real clock; the kiosk keeps forwarding its\n"
           "                       queue and polling for content until SIGTERM\n"
           "  --script STEPS       steps separated by ';': tap:LABEL, tap-at:X,Y, hold-at:X,Y,MS,\n"
           "                       drag:LABEL:DY, wait:MS, expect:TEXT, screenshot:FILE,\n"
           "                       listen:MS (play what is read aloud, up to MS),\n"
           "                       key:NAME (enter, back, backspace, - or a digit),\n"
           "                       type:DIGITS (each a key, as a badge scanner types)\n"
           "  --screenshot FILE    run the script headless, write FILE.png, exit\n"
           "  --volume N           read-aloud volume 0-100 ([audio] volume; 0: no speaker button)\n"
           "  --audio-out FILE     headless: write what is read aloud to FILE (WAV)\n"
           "  --time YYYY-MM-DDTHH:MM  the headless wall clock at start (UTC)\n"
           "  --state-dir DIR      the queue and the installed bundle (default %s)\n"
           "  --demo-dir DIR       the firmware's demo bundle (default %s)\n"
           "  --bundle FILE        show this bundle (FILE.sig next to it) and no other\n"
           "  --publisher-key KEY  trust bundles signed by KEY (base64; repeatable)\n"
           "  --install-bundle FILE  check FILE and install it in the state dir, then exit\n"
           "  --hub-url URL        send submissions to this hub ([hub] token in the config)\n"
           "  --hub-ca FILE        trust only this CA for the hub's certificate\n"
           "  --hub-public-key KEY seal submissions to KEY ([hub] public_key; base64)\n"
           "  --quit-after-first-frame, --report-startup   for benchmarks\n"
           "  --debug-hang-after S stop the main loop after S seconds, the process alive (a\n"
           "                       watchdog check: systemd should restart the kiosk)\n"
           "  -v, --verbose        debug logging\n"
           "  --version, --help\n"
           "%s",
           program, paths.data_dir, paths.locale_dir, paths.state_dir,
           paths.demo_dir ? paths.demo_dir : "DATA_DIR/demo",
           paths.build_tree ? "Run from its build tree: the defaults are that checkout's files.\n" : "");
}

enum { OPT_CONFIG = 256, OPT_DATA, OPT_LOCALE, OPT_LANG, OPT_SIZE, OPT_FULL, OPT_ROTATE,
       OPT_IDLE, OPT_HEADLESS, OPT_SCRIPT, OPT_SHOT, OPT_TIME, OPT_QUIT1, OPT_REPORT,
       OPT_STATE, OPT_DEMO, OPT_BUNDLE, OPT_KEY, OPT_INSTALL, OPT_HUB_URL, OPT_HUB_CA, OPT_HUB_KEY,
       OPT_DEBUG_HANG, OPT_VOLUME, OPT_AUDIO_OUT, OPT_VERSION,
       OPT_HELP };

static const struct option options[] = {
    { "config", required_argument, NULL, OPT_CONFIG },
    { "data-dir", required_argument, NULL, OPT_DATA },
    { "locale-dir", required_argument, NULL, OPT_LOCALE },
    { "lang", required_argument, NULL, OPT_LANG },
    { "size", required_argument, NULL, OPT_SIZE },
    { "fullscreen", no_argument, NULL, OPT_FULL },
    { "rotate", required_argument, NULL, OPT_ROTATE },
    { "idle-timeout", required_argument, NULL, OPT_IDLE },
    { "headless", no_argument, NULL, OPT_HEADLESS },
    { "script", required_argument, NULL, OPT_SCRIPT },
    { "screenshot", required_argument, NULL, OPT_SHOT },
    { "time", required_argument, NULL, OPT_TIME },
    { "quit-after-first-frame", no_argument, NULL, OPT_QUIT1 },
    { "report-startup", no_argument, NULL, OPT_REPORT },
    { "state-dir", required_argument, NULL, OPT_STATE },
    { "demo-dir", required_argument, NULL, OPT_DEMO },
    { "bundle", required_argument, NULL, OPT_BUNDLE },
    { "publisher-key", required_argument, NULL, OPT_KEY },
    { "install-bundle", required_argument, NULL, OPT_INSTALL },
    { "hub-url", required_argument, NULL, OPT_HUB_URL },
    { "hub-ca", required_argument, NULL, OPT_HUB_CA },
    { "hub-public-key", required_argument, NULL, OPT_HUB_KEY },
    { "debug-hang-after", required_argument, NULL, OPT_DEBUG_HANG },
    { "volume", required_argument, NULL, OPT_VOLUME },
    { "audio-out", required_argument, NULL, OPT_AUDIO_OUT },
    { "verbose", no_argument, NULL, 'v' },
    { "version", no_argument, NULL, OPT_VERSION },
    { "help", no_argument, NULL, OPT_HELP },
    { 0 },
};

/* The size of the buffer a string flag is copied into; SIZE_MAX for the
 * others, which are never "too long". */
static size_t copy_limit(const struct config *c, int opt)
{
    switch (opt) {
    case OPT_DATA: return sizeof c->data_dir;
    case OPT_LOCALE: return sizeof c->locale_dir;
    case OPT_LANG: return sizeof c->default_language;
    case OPT_SCRIPT: return sizeof c->script;
    case OPT_SHOT: return sizeof c->screenshot;
    case OPT_STATE: return sizeof c->state_dir;
    case OPT_DEMO: return sizeof c->demo_dir;
    case OPT_BUNDLE: return sizeof c->bundle;
    case OPT_INSTALL: return sizeof c->install_bundle;
    case OPT_HUB_URL: return sizeof c->hub_url;
    case OPT_HUB_CA: return sizeof c->hub_ca_file;
    case OPT_AUDIO_OUT: return sizeof c->audio_out;
    default: return SIZE_MAX;
    }
}

/* Paths neither the file nor a flag set come from kiosk_default_paths:
 * the build tree when the binary runs from it, else the installed ones.
 * Installed, the demo is DATA_DIR/demo; from a build tree it is always the
 * one that build made (a checkout has no demo/ of its own). */
static int fill_default_paths(struct config *cfg, char err[WK_ERR_MAX])
{
    struct kiosk_paths paths;
    kiosk_default_paths(&paths);
    int rc = 0;
    if (!cfg->data_dir[0])
        rc |= copy(cfg->data_dir, sizeof cfg->data_dir, paths.data_dir);
    if (!cfg->locale_dir[0])
        rc |= copy(cfg->locale_dir, sizeof cfg->locale_dir, paths.locale_dir);
    if (!cfg->state_dir[0])
        rc |= copy(cfg->state_dir, sizeof cfg->state_dir, paths.state_dir);
    if (!cfg->demo_dir[0] && paths.demo_dir)
        rc |= copy(cfg->demo_dir, sizeof cfg->demo_dir, paths.demo_dir);
    else if (!cfg->demo_dir[0] &&
             (size_t)snprintf(cfg->demo_dir, sizeof cfg->demo_dir, "%s/demo", cfg->data_dir) >= sizeof cfg->demo_dir)
        rc = WK_EINVAL;
    if (rc) {
        wk_seterr(err, "a path is too long (at most %d bytes)", CONFIG_MAX_PATH - 1);
        return WK_EINVAL;
    }
    return CONFIG_RUN;
}

static int apply_flag(struct config *c, int opt, const char *arg, char err[WK_ERR_MAX])
{
    int rc = 0;
    switch (opt) {
    case OPT_DATA: rc = copy(c->data_dir, sizeof c->data_dir, arg); break;
    case OPT_LOCALE: rc = copy(c->locale_dir, sizeof c->locale_dir, arg); break;
    case OPT_LANG: rc = copy(c->default_language, sizeof c->default_language, arg); break;
    case OPT_SIZE: rc = parse_size(arg, &c->width, &c->height); break;
    case OPT_FULL: c->fullscreen = true; break;
    case OPT_ROTATE:
        rc = wk_parse_int(arg, 0, 270, &c->rotation);
        rc = rc || c->rotation % 90 ? WK_EINVAL : 0;
        break;
    case OPT_IDLE: rc = wk_parse_int(arg, CONFIG_MIN_IDLE_S, CONFIG_MAX_IDLE_S, &c->idle_timeout_s); break;
    case OPT_HEADLESS: c->headless = true; break;
    case OPT_SCRIPT: rc = copy(c->script, sizeof c->script, arg); break;
    case OPT_SHOT:
        rc = copy(c->screenshot, sizeof c->screenshot, arg);
        c->headless = true;
        break;
    case OPT_TIME: rc = parse_time(arg, &c->wall_clock_ms); break;
    case OPT_QUIT1: c->quit_after_first_frame = true; break;
    case OPT_REPORT: c->report_startup = true; break;
    case OPT_STATE: rc = copy(c->state_dir, sizeof c->state_dir, arg); break;
    case OPT_DEMO: rc = copy(c->demo_dir, sizeof c->demo_dir, arg); break;
    case OPT_BUNDLE: rc = copy(c->bundle, sizeof c->bundle, arg); break;
    case OPT_KEY: rc = content_keys_add(&c->publisher_keys, arg, NULL); break;
    case OPT_INSTALL: rc = copy(c->install_bundle, sizeof c->install_bundle, arg); break;
    case OPT_HUB_URL: rc = copy(c->hub_url, sizeof c->hub_url, arg); break;
    case OPT_HUB_CA: rc = copy(c->hub_ca_file, sizeof c->hub_ca_file, arg); break;
    case OPT_HUB_KEY: rc = parse_key(arg, c->hub_public_key, &c->has_hub_public_key); break;
    case OPT_DEBUG_HANG: rc = wk_parse_int(arg, 1, 86400, &c->debug_hang_after_s); break;
    case OPT_VOLUME: rc = wk_parse_int(arg, 0, 100, &c->volume); break;
    case OPT_AUDIO_OUT: rc = copy(c->audio_out, sizeof c->audio_out, arg); break;
    case 'v': c->verbose = true; break;
    default: rc = WK_EINVAL; break;
    }
    const char *name = opt == 'v' ? "verbose" : options[opt - OPT_CONFIG].name;
    if (rc && arg && strlen(arg) >= copy_limit(c, opt))
        wk_seterr(err, "--%s is too long (%zu bytes; at most %zu)", name, strlen(arg),
                  copy_limit(c, opt) - 1);
    else if (rc)
        wk_seterr(err, "bad value \"%s\" for --%s (see --help)", arg ? arg : "", name);
    return rc;
}

int config_load(int argc, char **argv, struct config *cfg, char err[WK_ERR_MAX])
{
    *cfg = (struct config){ .idle_countdown_s = 15, .volume = CONFIG_DEFAULT_VOLUME, .firmware_updates = true };
    copy(cfg->default_language, sizeof cfg->default_language, "nl");
    copy(cfg->update_status_file, sizeof cfg->update_status_file, CONFIG_UPDATE_STATUS_FILE);
    copy(cfg->backlight_dir, sizeof cfg->backlight_dir, BACKLIGHT_CLASS_DIR);

    /* First pass: only --config, --help and --version, so the file is
     * read before the other flags override it. */
    const char *config_path;
    int opt, rc = wk_args_first_pass(argc, argv, &(struct wk_args_desc){ .options = options,
        .config_opt = OPT_CONFIG, .help_opt = OPT_HELP, .version_opt = OPT_VERSION,
        .default_config = CONFIG_DEFAULT_PATH }, &config_path, err);
    if (rc == WK_ARGS_HELP)
        return config_print_usage(argv[0]), CONFIG_EXIT_OK;
    if (rc == WK_ARGS_VERSION)
        return printf("welkom %s\n", WELKOM_VERSION), CONFIG_EXIT_OK;
    if (rc)
        return rc;
    if (config_path && (rc = load_ini(config_path, cfg, err)))
        return rc;
    while ((opt = getopt_long(argc, argv, "v", options, NULL)) != -1) {
        if (opt == OPT_CONFIG)
            continue;
        if ((rc = apply_flag(cfg, opt, optarg, err)))
            return rc;
    }
    if (cfg->hub_url[0]) {
        rc = sync_check_url(cfg->hub_url, err);
        if (!rc && !cfg->hub_token[0]) {
            wk_seterr(err, "a hub url is set but [hub] token is not (welkomctl kiosk add prints it)");
            rc = WK_EINVAL;
        }
        if (!rc && cfg->hub_proxy[0])
            rc = sync_check_proxy(cfg->hub_proxy, cfg->hub_url, err);
        if (rc)
            return rc;
    }
    if (cfg->has_hub_public_key && config_is_test_hub_key(cfg->hub_public_key))
        wk_log(WK_LOG_WARN, "sealing to the TEST hub key: test set-up only (its secret half is "
               "public; a real kiosk pins its hub's own key as [hub] public_key)");
    return fill_default_paths(cfg, err);
}
