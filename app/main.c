/* main.c — welkom, the kiosk: reads the config, opens the fonts, the
 * translations, the platform (a window, or headless for screenshots and
 * scripts) and runs the main loop. Exit codes: 0 ok, 1 bad usage or config,
 * 2 missing data (fonts), 3 no display, 4 a script step failed. */
#include "core/wk.h"
#include "kiosk/config.h"
#include "kiosk/kiosk.h"
#include "kiosk/loop.h"
#include "kiosk/bundles.h"
#include "content/firmware.h"
#include "content/store.h"
#include "kiosk/submit.h"
#include "outbox/outbox.h"
#include "sync/sync.h"
#include "speech/speech.h"
#include "i18n/i18n.h"
#include "text/text.h"
#include "../platform/platform.h"
#include "../platform/common/backlight.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

enum { EXIT_USAGE = 1, EXIT_DATA = 2, EXIT_DISPLAY = 3, EXIT_SCRIPT = 4 };

/* What the UI thread and the sync worker share: the worker nudges the
 * loop (plat_inject is safe from any thread); the loop takes the worker's
 * events; the kiosk wakes the worker when a resident sends something. */
struct hub_link {
    struct sync *sync;
    struct plat *plat;
    struct kiosk *kiosk;
    const struct config *cfg;
};

static void wake_ui(void *user)
{
    const struct hub_link *l = user;
    plat_inject(l->plat, &(struct wk_event){ .type = WK_EV_WAKE });
}

static void wake_sync(void *user)
{
    sync_wake(((const struct hub_link *)user)->sync);
}

/* A bundle the worker installed is opened here, on the UI thread, and
 * shown from the next attract screen on (kiosk_offer_content). */
static void take_sync_events(void *user)
{
    const struct hub_link *l = user;
    struct sync_event ev;
    while (sync_take_event(l->sync, &ev)) {
        if (ev.type != SYNC_EV_CONTENT_INSTALLED || !l->kiosk)
            continue;
        char err[WK_ERR_MAX];
        struct content *content;
        if (content_store_open(l->cfg->state_dir, &l->cfg->publisher_keys, &content, err)) {
            wk_log(WK_LOG_ERROR, "the new content cannot be opened: %s", err);
            continue;
        }
        /* The new bundle may ask for another poll interval. */
        sync_set_poll_interval(l->sync, content_meta(content)->bundle_poll_s);
        kiosk_offer_content(l->kiosk, content);
    }
}

/* Staff mode's view of the link to the hub (kiosk_config.network). */
static void network_state(void *user, struct kiosk_network *out)
{
    const struct hub_link *l = user;
    *out = (struct kiosk_network){ .running = l->sync != NULL };
    if (!l->sync)
        return;
    struct sync_stats st;
    sync_get_stats(l->sync, &st);
    /* A firmware update's trouble is not the network's: staff mode shows
     * it beside the firmware version. */
    out->trouble = (st.last_error[0] != '\0' && strcmp(st.last_error, st.firmware_error) != 0) ||
                   st.backoff_ms > 0;
    snprintf(out->firmware_error, sizeof out->firmware_error, "%s", st.firmware_error);
    snprintf(out->error, sizeof out->error, "%s", st.last_error);
    out->last_poll_ms = st.last_poll_ms;
}

/* welkom-update's last result (its status file, "result ...", "version
 * ...", "reason ..." lines): a failed or refused update, in words for the
 * heartbeat's last_error; "" when the last one went well or there was
 * none. */
static void update_warning(const char *path, char out[WK_ERR_MAX])
{
    char line[WK_ERR_MAX], result[32] = "", version[32] = "", reason[WK_ERR_MAX] = "";
    FILE *f = fopen(path, "r");
    out[0] = '\0';
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (!strncmp(line, "result ", 7))
            snprintf(result, sizeof result, "%.30s", line + 7);
        else if (!strncmp(line, "version ", 8))
            snprintf(version, sizeof version, "%.30s", line + 8);
        else if (!strncmp(line, "reason ", 7))
            snprintf(reason, sizeof reason, "%s", line + 7);
    }
    if (f)
        fclose(f);
    if (result[0] && strcmp(result, "installed") != 0)
        snprintf(out, WK_ERR_MAX, "firmware %.20s %.20s: %.180s", version, result, reason);
}

/* Starts the sync worker when a hub is configured. Without one, or if it
 * cannot start, submissions stay queued and the kiosk works on. */
static struct sync *start_sync(const struct config *cfg, const struct content *content, const char *state_db,
                               const char *content_warning, struct hub_link *link)
{
    if (!cfg->hub_url[0]) {
        wk_log(WK_LOG_INFO, "no hub configured ([hub] url): submissions stay queued here");
        return NULL;
    }
    char err[WK_ERR_MAX], firmware_warning[WK_ERR_MAX];
    struct sync *sync = NULL;
    update_warning(cfg->update_status_file, firmware_warning);
    if (firmware_warning[0])
        wk_log(WK_LOG_WARN, "%s", firmware_warning);
    struct sync_config sc = {
        .hub_url = cfg->hub_url, .token = cfg->hub_token,
        .ca_file = cfg->hub_ca_file[0] ? cfg->hub_ca_file : NULL, .proxy = cfg->hub_proxy,
        .content_warning = content_warning, .state_db = state_db, .state_dir = cfg->state_dir, .publisher_keys = &cfg->publisher_keys,
        .content_version = content ? content_meta(content)->content_version : 0,
        .firmware = WELKOM_VERSION, .heartbeat_s = cfg->hub_heartbeat_s,
        .poll_s = content ? content_meta(content)->bundle_poll_s : 0,
        .notify = wake_ui, .notify_user = link,
        .firmware_arch = cfg->firmware_updates ? firmware_this_arch() : NULL,
        .firmware_warning = firmware_warning,
    };
    if (sync_start(&sc, &sync, err)) {
        wk_log(WK_LOG_ERROR, "cannot talk to the hub: %s; submissions stay queued", err);
        return NULL;
    }
    wk_log(WK_LOG_INFO, "sending submissions to %s", cfg->hub_url);
    return sync;
}

/* --install-bundle: what a technician with a USB stick, or the sync
 * worker's download, does. Exit 0 when installed, 1 with the reason. */
static int install_bundle(const struct config *cfg)
{
    char err[WK_ERR_MAX];
    int64_t version = 0;
    if (content_store_install(cfg->state_dir, cfg->install_bundle, &cfg->publisher_keys, &version,
                              err)) {
        fprintf(stderr, "welkom: bundle %s not installed: %s\n", cfg->install_bundle, err);
        return EXIT_USAGE;
    }
    printf("installed content version %lld in %s\n", (long long)version, cfg->state_dir);
    return 0;
}

int main(int argc, char **argv)
{
    int64_t started_ms = wk_mono_ms();
    wk_memory_policy();
    outbox_use_wk_alloc();
    char err[WK_ERR_MAX] = "", content_warning[WK_ERR_MAX] = "";
    struct config cfg;
    int status = EXIT_USAGE;
    struct text_ctx *text = NULL;
    struct i18n *i18n = NULL;
    struct plat *plat = NULL;
    struct kiosk *kiosk = NULL;
    struct outbox *outbox = NULL;
    struct speech *speech = NULL;
    struct hub_link link = { .cfg = &cfg };

    int rc = config_load(argc, argv, &cfg, err);
    if (rc == CONFIG_EXIT_OK)
        return 0;
    if (rc < 0) {
        fprintf(stderr, "welkom: %s\n", err);
        return EXIT_USAGE;
    }
    wk_log_set_level(cfg.verbose ? WK_LOG_DEBUG : WK_LOG_INFO);
    if (cfg.install_bundle[0])
        return install_bundle(&cfg);
    struct content *content = kiosk_load_content(&(struct kiosk_content_desc){
        .bundle = cfg.bundle, .state_dir = cfg.state_dir, .demo_dir = cfg.demo_dir,
        .keys = &cfg.publisher_keys, .warning = content_warning });
    /* Times in the bundle are the centre's local times. Set here, before
     * any thread exists (setenv is not thread-safe); a bundle with another
     * zone takes effect at the next start. */
    if (content && content_meta(content)->timezone[0] && !getenv("TZ"))
        setenv("TZ", content_meta(content)->timezone, 1);
    tzset();

    char fonts_dir[CONFIG_MAX_PATH + 8], assets_dir[CONFIG_MAX_PATH + 8];
    snprintf(fonts_dir, sizeof fonts_dir, "%s/fonts", cfg.data_dir);
    snprintf(assets_dir, sizeof assets_dir, "%s/assets", cfg.data_dir);
    if (text_open(&(struct text_config){ .fonts_dir = fonts_dir }, &text, err)) {
        fprintf(stderr, "welkom: %s (is --data-dir right?)\n", err);
        status = EXIT_DATA;
        goto out;
    }
    if (i18n_open(cfg.locale_dir, &i18n, err)) {
        fprintf(stderr, "welkom: %s\n", err);
        goto out;
    }
    if (!i18n_find_language(cfg.default_language)) {
        wk_log(WK_LOG_WARN, "unknown language \"%s\"; starting in Dutch", cfg.default_language);
        snprintf(cfg.default_language, sizeof cfg.default_language, "nl");
    }
    struct plat_desc desc = {
        .headless = cfg.headless, .width = cfg.width, .height = cfg.height,
        .fullscreen = cfg.fullscreen, .rotation = cfg.rotation, .assets_dir = assets_dir,
        .wall_clock_ms = cfg.wall_clock_ms,
        .audio_out = cfg.audio_out[0] ? cfg.audio_out : NULL,
        /* Headless without a script is a kiosk without a screen (a hub's
         * smoke check, a test): real time, forwarding, until SIGTERM. */
        .real_clock = cfg.headless && !cfg.script[0] && !cfg.screenshot[0],
    };
    if ((rc = plat_open(&desc, text, &plat, err))) {
        fprintf(stderr, "welkom: %s\n", err);
        status = rc == WK_EDISPLAY ? EXIT_DISPLAY : EXIT_USAGE;
        goto out;
    }
    /* Read-aloud: nothing is loaded until the speaker is first tapped. */
    if (kiosk_speech_open(plat, cfg.volume, &speech, err)) {
        wk_log(WK_LOG_ERROR, "%s; no read-aloud", err);
        err[0] = '\0';
    }
    /* The queue of what residents send. Without it the kiosk still shows
     * content, and a form says "not saved, please ask staff". */
    char state_db[CONFIG_MAX_PATH + 16];
    snprintf(state_db, sizeof state_db, "%s/state.db", cfg.state_dir);
    kiosk_submit_init();
    if (mkdir(cfg.state_dir, 0700) != 0 && errno != EEXIST)
        wk_log(WK_LOG_ERROR, "cannot create %s: %s", cfg.state_dir, strerror(errno));
    if (outbox_open(state_db, &outbox, err)) {
        wk_log(WK_LOG_ERROR, "%s; submissions cannot be saved", err);
        err[0] = '\0';
    }
    else if (outbox_recovered(outbox))
        wk_log(WK_LOG_ERROR, "the queue was damaged and was set aside as %s: staff, please "
               "collect it", outbox_recovered(outbox));
    link.plat = plat;
    if (outbox)
        link.sync = start_sync(&cfg, content, state_db, content_warning, &link);
    if (!cfg.has_hub_public_key)
        wk_log(WK_LOG_WARN, "no hub key pinned ([hub] public_key): forms are shown, nothing is sent");
    struct kiosk_config kc = {
        .default_language = cfg.default_language,
        .idle_timeout_ms = cfg.idle_timeout_s * 1000,
        .idle_countdown_ms = cfg.idle_countdown_s * 1000,
        .content = content,
        .outbox = outbox,
        .on_queued = link.sync ? wake_sync : NULL, .on_queued_user = &link,
        .hub_key = cfg.has_hub_public_key ? cfg.hub_public_key : NULL,
        .hub_url = cfg.hub_url, .network = network_state, .network_user = &link,
        .speech = speech,
    };
    content = NULL;                     /* the kiosk owns it now */
    if (kiosk_open(&kc, text, i18n, &kiosk, err)) {
        fprintf(stderr, "welkom: %s\n", err);
        goto out;
    }

    link.kiosk = kiosk;
    char first_frame_file[CONFIG_MAX_PATH + 16];
    snprintf(first_frame_file, sizeof first_frame_file, "%s/first-frame", cfg.state_dir);
    struct kiosk_loop loop = { .kiosk = kiosk, .plat = plat, .text = text, .first_frame_ms = -1,
                               .first_frame_file = first_frame_file,
                               /* A window or a test never touches this machine's panel. */
                               .backlight = cfg.fullscreen && !cfg.headless ? backlight_open(cfg.backlight_dir) : NULL,
                               .quit_after_first_frame = cfg.quit_after_first_frame,
                               .hang_at_ms = cfg.debug_hang_after_s > 0
                                   ? wk_mono_ms() + cfg.debug_hang_after_s * 1000LL : 0,
                               .on_wake = take_sync_events, .on_wake_user = &link };
    status = 0;
    if (cfg.script[0] || cfg.screenshot[0]) {
        if (kiosk_script_run(&loop, cfg.script, err) == 0 && cfg.screenshot[0])
            plat_screenshot(plat, cfg.screenshot, err);
        if (err[0]) {
            fprintf(stderr, "welkom: %s\n", err);
            status = EXIT_SCRIPT;
        }
        if (!cfg.headless && !status)
            kiosk_loop_run(&loop);
    } else {
        kiosk_loop_run(&loop);
    }
    if (cfg.report_startup) {
        printf("first_frame_ms=%lld\n", (long long)(loop.first_frame_wall_ms - started_ms));
        printf("frames_presented=%llu\n", (unsigned long long)plat_frames_presented(plat));
    }
    backlight_close(loop.backlight);
out:
    sync_stop(link.sync);               /* first: it nudges the platform */
    content_close(content);
    kiosk_close(kiosk);
    speech_close(speech);               /* before the platform: it writes there */
    outbox_close(outbox);
    plat_close(plat);
    i18n_close(i18n);
    text_close(text);
    return status;
}
