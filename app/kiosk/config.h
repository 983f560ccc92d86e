/* config.h — how this kiosk is set up: the ini file
 * (/etc/welkom/welkom.conf), then command-line flags over it. */
#ifndef KIOSK_CONFIG_H
#define KIOSK_CONFIG_H

#include "../core/wk.h"
#include "../content/content.h"
#include "../sync/sync.h"

#define CONFIG_DEFAULT_PATH "/etc/welkom/welkom.conf"
#define CONFIG_MAX_PATH 1024
#define CONFIG_MAX_SCRIPT 8192
#define WELKOM_VERSION "0.1.0"
#define CONFIG_DEFAULT_VOLUME 80
#define CONFIG_HUB_KEY_BYTES 32         /* X25519, crypto_box_seal */
/* The public half of assets/demo/keys/test-hub.key, whose secret half is
 * in the repository: a kiosk pinned to it is a test set-up and says so. */
#define CONFIG_TEST_HUB_PUBLIC_KEY "ty4m73MylKzb+gFhKI2CkYV9CHBGDnb4UuHi2shMnRs="

struct config {
    char data_dir[CONFIG_MAX_PATH];     /* holds fonts/ and assets/ */
    char locale_dir[CONFIG_MAX_PATH];   /* holds XX/LC_MESSAGES/welkom.mo */
    char default_language[16];
    int idle_timeout_s;                 /* 0: the bundle's, else 60 */
    int idle_countdown_s;
    int width, height;                  /* 0: the default or the display's */
    bool fullscreen;
    int rotation;
    bool headless;
    char screenshot[CONFIG_MAX_PATH];   /* write a PNG after the script and exit */
    char script[CONFIG_MAX_SCRIPT];
    int64_t wall_clock_ms;              /* headless fake clock start; 0: default */
    bool quit_after_first_frame;
    bool report_startup;                /* print first_frame_ms=N on exit */
    int debug_hang_after_s;             /* > 0: the loop hangs after this (watchdog check) */
    bool verbose;
    /* read-aloud ([audio]): 0 hides the speaker button and reads nothing */
    int volume;                         /* 0 .. 100; CONFIG_DEFAULT_VOLUME */
    char audio_out[CONFIG_MAX_PATH];    /* headless: the speaker into this WAV file */

    /* content (docs/bundle.md) */
    char state_dir[CONFIG_MAX_PATH];    /* the installed bundle lives here */
    char demo_dir[CONFIG_MAX_PATH];     /* the firmware's demo bundle; default DATA_DIR/demo */
    char bundle[CONFIG_MAX_PATH];       /* show this bundle only */
    char install_bundle[CONFIG_MAX_PATH];   /* install this bundle and exit */
    struct content_keys publisher_keys; /* [content] publisher_key, repeatable */

    /* the hub (docs/hub.md); without a url everything stays queued */
    char hub_url[SYNC_MAX_URL];
    char hub_token[SYNC_MAX_TOKEN + 1];
    char hub_ca_file[CONFIG_MAX_PATH];  /* a pinned CA; "": the system's */
    char hub_proxy[SYNC_MAX_URL];       /* "": no proxy, whatever the environment says */
    int hub_heartbeat_s;                /* 0: SYNC_DEFAULT_HEARTBEAT_S */
    /* The hub's sealing key, pinned at enrolment ([hub] public_key): the
     * only key residents' answers are sealed to. Without it the kiosk
     * shows its forms but sends nothing. */
    bool has_hub_public_key;
    unsigned char hub_public_key[CONFIG_HUB_KEY_BYTES];

    /* the backlight dimmed at night, fullscreen only ([display] backlight_dir) */
    char backlight_dir[CONFIG_MAX_PATH];

    /* remote firmware updates ([update]; platform/pi/README.md) */
    bool firmware_updates;              /* firmware = no: packages are not fetched */
    char update_status_file[CONFIG_MAX_PATH];   /* welkom-update's last result */
};

/* Where the root helper welkom-update says how its last update went. */
#define CONFIG_UPDATE_STATUS_FILE "/var/lib/welkom-update/status"

enum config_result { CONFIG_RUN = 0, CONFIG_EXIT_OK = 1 };

/* Fills cfg from the defaults, the ini file (--config FILE, or the default
 * path if it exists) and the flags. Returns CONFIG_RUN, CONFIG_EXIT_OK after
 * --help or --version, or a negative WK_E* code with a message. */
int config_load(int argc, char **argv, struct config *cfg, char err[WK_ERR_MAX]);

void config_print_usage(const char *program);

/* Whether key is the repository's TEST hub key (CONFIG_TEST_HUB_PUBLIC_KEY). */
bool config_is_test_hub_key(const unsigned char key[CONFIG_HUB_KEY_BYTES]);

#endif
