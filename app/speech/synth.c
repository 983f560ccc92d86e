/* synth.c — espeak-ng (libespeak-ng) as the voice of the languages it
 * has: synchronous synthesis on the speech worker's thread, each chunk of
 * samples handed on as it comes, so the first words sound while the rest
 * is still being made. espeak-ng is one library-wide state (its voice, its
 * callback): a lock held across each sentence keeps two kiosks in one
 * process (tests) from mixing voices, and a count of users unloads it
 * after the last. */
#include "speech_internal.h"

#include <espeak-ng/espeak_ng.h>
#include <pthread.h>
#include <string.h>

static pthread_mutex_t espeak_lock = PTHREAD_MUTEX_INITIALIZER;
static int espeak_users;            /* under espeak_lock */

/* What the callback needs: it gets only espeak-ng's event, whose
 * user_data points here. */
struct sentence {
    struct speech *sp;
    uint64_t generation;
};

static int on_samples(short *wav, int count, espeak_EVENT *events)
{
    const struct sentence *s = events ? events->user_data : NULL;
    if (!s)
        return 0;
    if (!speech_current(s->sp, s->generation))
        return 1;                   /* abandoned: espeak-ng stops */
    if (wav && count > 0 && !speech_emit(s->sp, s->generation, wav, (size_t)count))
        return 1;
    return 0;
}

static bool load(struct synth *s)
{
    if (atomic_load(&s->loaded))
        return true;
    if (s->failed)
        return false;
    int64_t t0 = wk_mono_ms();
    if (espeak_users == 0) {
        espeak_ng_InitializePath(NULL);
        espeak_ng_ERROR_CONTEXT ctx = NULL;
        espeak_ng_STATUS st = espeak_ng_Initialize(&ctx);
        if (st == ENS_OK)
            st = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL);
        if (st != ENS_OK) {
            char msg[WK_ERR_MAX];
            espeak_ng_GetStatusCodeMessage(st, msg, sizeof msg);
            wk_log(WK_LOG_ERROR, "espeak-ng cannot be loaded (is espeak-ng-data installed?): %s; "
                   "only recordings are read aloud", msg);
            espeak_ng_ClearErrorContext(&ctx);
            s->failed = true;
            return false;
        }
        espeak_SetSynthCallback(on_samples);
        if (espeak_ng_GetSampleRate() != SPEECH_SAMPLE_RATE)
            wk_log(WK_LOG_WARN, "espeak-ng speaks at %d Hz, not %d: voices sound off",
                   espeak_ng_GetSampleRate(), SPEECH_SAMPLE_RATE);
    }
    espeak_users++;
    atomic_store(&s->loaded, true);
    wk_log(WK_LOG_INFO, "espeak-ng loaded in %lld ms", (long long)(wk_mono_ms() - t0));
    return true;
}

void synth_say(struct speech *sp, struct synth *s, uint64_t generation, const char *voice,
               const char *text)
{
    pthread_mutex_lock(&espeak_lock);
    if (!load(s))
        goto out;
    /* Set every time: another kiosk in this process may have changed it. */
    if (espeak_ng_SetVoiceByName(voice) != ENS_OK) {
        wk_log(WK_LOG_ERROR, "espeak-ng has no voice \"%s\"", voice);
        goto out;
    }
    s->voice = voice;
    espeak_ng_SetParameter(espeakRATE, SPEECH_WORDS_PER_MINUTE, 0);
    struct sentence sentence = { sp, generation };
    espeak_ng_STATUS st = espeak_ng_Synthesize(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
                                               espeakCHARS_UTF8, NULL, &sentence);
    if (st != ENS_OK && speech_current(sp, generation))
        wk_log(WK_LOG_WARN, "espeak-ng could not say a text in %s", voice);
out:
    pthread_mutex_unlock(&espeak_lock);
}

void synth_close(struct synth *s)
{
    if (!atomic_load(&s->loaded))
        return;
    pthread_mutex_lock(&espeak_lock);
    if (--espeak_users == 0)
        espeak_ng_Terminate();
    pthread_mutex_unlock(&espeak_lock);
    atomic_store(&s->loaded, false);
}
