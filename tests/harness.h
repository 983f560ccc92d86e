/* harness.h — a whole kiosk for a test: the real fonts, the real compiled
 * translations, the headless platform with its fake clock, driven the way a
 * person would ("tap Français", "wait a minute"). */
#ifndef WK_HARNESS_H
#define WK_HARNESS_H

#include "test.h"
#include "../app/kiosk/kiosk.h"
#include "../app/kiosk/loop.h"
#include "../app/kiosk/bundles.h"
#include "../app/outbox/outbox.h"
#include "../app/text/text.h"
#include "../app/i18n/i18n.h"
#include "../platform/platform.h"

struct harness {
    struct text_ctx *text;
    struct i18n *i18n;
    struct plat *plat;
    struct kiosk *kiosk;
    struct outbox *outbox;
    struct kiosk_loop loop;
    struct speech *speech;       /* NULL with no_speech */
    char content_warning[WK_ERR_MAX];   /* kiosk_content_desc.warning */
};

struct harness_desc {
    int width, height;           /* 0: 1280x800 */
    const char *default_language; /* 0: nl */
    int idle_timeout_ms;
    const char *bundle;          /* 0: the demo bundle build/demo/bundle.db */
    bool no_content;             /* start without any bundle */
    const struct content_keys *keys;  /* pinned keys for .bundle */
    int64_t wall_clock_ms;       /* the fake clock at start; 0: 2026-01-05 09:00 UTC */
    const char *state_db;        /* the queue; 0: TMPDIR/state.db */
    bool no_outbox;              /* start without a queue (forms cannot be saved) */
    const char *state_dir;       /* look for an installed bundle here first */
    const unsigned char *hub_key; /* the pinned hub key; 0: not set up to send */
    size_t text_cache_bytes;     /* the text cache's budget; 0: the default */
    int volume;                  /* read-aloud; 0: the kiosk's default (80) */
    bool no_speech;              /* volume 0: no speaker button */
    const char *audio_out;       /* the speaker into this WAV file; 0: nowhere */
};

/* Starts a kiosk (first frame drawn); fails the test if it cannot. */
void harness_open(struct harness *h, const struct harness_desc *desc);
void harness_close(struct harness *h);

/* Runs script steps (see loop.h); fails the test with the step's message. */
#define harness_run(h, script) harness_run_at(h, script, __FILE__, __LINE__)
void harness_run_at(struct harness *h, const char *script, const char *file, int line);

void harness_tap(struct harness *h, const char *label);
void harness_wait(struct harness *h, int ms);
bool harness_shows(struct harness *h, const char *text);

#endif
