/* harness.c — see harness.h. */
#include "harness.h"
#include "../app/kiosk/submit.h"
#include "../app/kiosk/config.h"
#include "../app/speech/speech.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void harness_open(struct harness *h, const struct harness_desc *desc)
{
    char err[WK_ERR_MAX] = "", fonts[1200], assets[1200], locales[1200];
    *h = (struct harness){ 0 };
    setenv("TZ", "Europe/Brussels", 1);
    tzset();       /* glibc reads TZ once unless told to read it again */
    snprintf(fonts, sizeof fonts, "%s/fonts", test_root());
    snprintf(assets, sizeof assets, "%s/assets", test_root());
    snprintf(locales, sizeof locales, "%s/%s/locale", test_root(), test_build_dir());
    if (text_open(&(struct text_config){ .fonts_dir = fonts, .cache_budget_bytes = desc->text_cache_bytes },
                  &h->text, err))
        test_fail(__FILE__, __LINE__, "text_open: %s", err);
    if (i18n_open(locales, &h->i18n, err))
        test_fail(__FILE__, __LINE__, "i18n_open: %s", err);
    struct plat_desc pd = { .headless = true, .width = desc->width, .height = desc->height,
                            .assets_dir = assets, .wall_clock_ms = desc->wall_clock_ms,
                            .audio_out = desc->audio_out };
    if (plat_open(&pd, h->text, &h->plat, err))
        test_fail(__FILE__, __LINE__, "plat_open: %s", err);
    if (kiosk_speech_open(h->plat, desc->no_speech ? 0 : desc->volume ? desc->volume : CONFIG_DEFAULT_VOLUME,
                          &h->speech, err))
        test_fail(__FILE__, __LINE__, "kiosk_speech_open: %s", err);
    char demo[1200];
    snprintf(demo, sizeof demo, "%s/%s/demo", test_root(), test_build_dir());
    struct content_keys none = { 0 };
    struct content *content = desc->no_content ? NULL : kiosk_load_content(
        &(struct kiosk_content_desc){ .bundle = desc->bundle, .demo_dir = demo,
                                      .state_dir = desc->state_dir, .warning = h->content_warning,
                                      .keys = desc->keys ? desc->keys : &none });
    if (!desc->no_content && !content)
        test_fail(__FILE__, __LINE__, "no bundle could be opened (see the log above)");
    char state_db[1200];
    snprintf(state_db, sizeof state_db, "%s/state.db", test_tmpdir());
    kiosk_submit_init();
    if (!desc->no_outbox && outbox_open(desc->state_db ? desc->state_db : state_db, &h->outbox, err))
        test_fail(__FILE__, __LINE__, "outbox_open: %s", err);
    struct kiosk_config kc = { .outbox = h->outbox, .default_language = desc->default_language,
                               .idle_timeout_ms = desc->idle_timeout_ms, .content = content,
                               .hub_key = desc->hub_key, .speech = h->speech };
    if (kiosk_open(&kc, h->text, h->i18n, &h->kiosk, err))
        test_fail(__FILE__, __LINE__, "kiosk_open: %s", err);
    h->loop = (struct kiosk_loop){ .kiosk = h->kiosk, .plat = h->plat, .text = h->text,
                                   .first_frame_ms = -1 };
    kiosk_loop_once(&h->loop, 0);
}

void harness_close(struct harness *h)
{
    kiosk_close(h->kiosk);
    speech_close(h->speech);
    outbox_close(h->outbox);
    plat_close(h->plat);
    i18n_close(h->i18n);
    text_close(h->text);
}

void harness_run_at(struct harness *h, const char *script, const char *file, int line)
{
    char err[WK_ERR_MAX] = "";
    if (kiosk_script_run(&h->loop, script, err))
        test_fail(file, line, "script \"%s\": %s", script, err);
}

void harness_tap(struct harness *h, const char *label)
{
    char step[512];
    snprintf(step, sizeof step, "tap:%s", label);
    harness_run(h, step);
}

void harness_wait(struct harness *h, int ms)
{
    char step[64];
    snprintf(step, sizeof step, "wait:%d", ms);
    harness_run(h, step);
}

bool harness_shows(struct harness *h, const char *text)
{
    return kiosk_shows_text(h->kiosk, text);
}
