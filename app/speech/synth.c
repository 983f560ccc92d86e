/* synth.c — espeak-ng (libespeak-ng) as the voice of the languages it
 * has: synchronous synthesis on the speech worker's thread, each chunk of
 * samples handed on as it comes, so the first words sound while the rest
 * is still being made. espeak-ng is one library-wide state (its voice, its
 * callback): a lock held across each sentence keeps two kiosks in one
 * process (tests) from mixing voices, and a count of users unloads it
 * after the last.
 * The library itself is opened (dlopen) at the first sentence, not linked:
 * linked, it and what it needs (libpcaudio, libpulse-simple, libsonic) were
 * mapped at every start, half a megabyte more before anyone asked for a
 * voice (bench: speech13 vs main). Compiled against espeak_ng.h, so every
 * call has the header's type. */
#include "speech_internal.h"

#include <dlfcn.h>
#include <espeak-ng/espeak_ng.h>
#include <pthread.h>
#include <string.h>

/* Debian 12's libespeak-ng1 (the package libespeak-ng-dev and the
 * kiosk's .deb depend on). */
#define ESPEAK_LIBRARY "libespeak-ng.so.1"

static pthread_mutex_t espeak_lock = PTHREAD_MUTEX_INITIALIZER;
static int espeak_users;            /* under espeak_lock */
static void *espeak_handle;         /* under espeak_lock; kept once opened */
static struct {
    __typeof__(espeak_ng_InitializePath) *InitializePath;
    __typeof__(espeak_ng_Initialize) *Initialize;
    __typeof__(espeak_ng_InitializeOutput) *InitializeOutput;
    __typeof__(espeak_ng_GetStatusCodeMessage) *GetStatusCodeMessage;
    __typeof__(espeak_ng_ClearErrorContext) *ClearErrorContext;
    __typeof__(espeak_SetSynthCallback) *SetSynthCallback;
    __typeof__(espeak_ng_GetSampleRate) *GetSampleRate;
    __typeof__(espeak_ng_SetVoiceByName) *SetVoiceByName;
    __typeof__(espeak_ng_SetParameter) *SetParameter;
    __typeof__(espeak_ng_Synthesize) *Synthesize;
    __typeof__(espeak_ng_Terminate) *Terminate;
} es;                               /* filled under espeak_lock */

/* Opens the library and finds every function; false with the reason
 * logged. */
static bool open_library(void)
{
    if (espeak_handle)
        return true;
    void *h = dlopen(ESPEAK_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        wk_log(WK_LOG_ERROR, "read-aloud: %s (install libespeak-ng1)", dlerror());
        return false;
    }
#define FIND(field, name) \
    if (!(*(void **)&es.field = dlsym(h, name))) { \
        wk_log(WK_LOG_ERROR, "read-aloud: %s has no %s", ESPEAK_LIBRARY, name); \
        dlclose(h); \
        return false; \
    }
    FIND(InitializePath, "espeak_ng_InitializePath")
    FIND(Initialize, "espeak_ng_Initialize")
    FIND(InitializeOutput, "espeak_ng_InitializeOutput")
    FIND(GetStatusCodeMessage, "espeak_ng_GetStatusCodeMessage")
    FIND(ClearErrorContext, "espeak_ng_ClearErrorContext")
    FIND(SetSynthCallback, "espeak_SetSynthCallback")
    FIND(GetSampleRate, "espeak_ng_GetSampleRate")
    FIND(SetVoiceByName, "espeak_ng_SetVoiceByName")
    FIND(SetParameter, "espeak_ng_SetParameter")
    FIND(Synthesize, "espeak_ng_Synthesize")
    FIND(Terminate, "espeak_ng_Terminate")
#undef FIND
    espeak_handle = h;
    return true;
}

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
        if (!open_library()) {
            s->failed = true;
            return false;
        }
        es.InitializePath(NULL);
        espeak_ng_ERROR_CONTEXT ctx = NULL;
        espeak_ng_STATUS st = es.Initialize(&ctx);
        if (st == ENS_OK)
            st = es.InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL);
        if (st != ENS_OK) {
            char msg[WK_ERR_MAX];
            es.GetStatusCodeMessage(st, msg, sizeof msg);
            wk_log(WK_LOG_ERROR, "espeak-ng cannot be loaded (is espeak-ng-data installed?): %s; "
                   "only recordings are read aloud", msg);
            es.ClearErrorContext(&ctx);
            s->failed = true;
            return false;
        }
        es.SetSynthCallback(on_samples);
        if (es.GetSampleRate() != SPEECH_SAMPLE_RATE)
            wk_log(WK_LOG_WARN, "espeak-ng speaks at %d Hz, not %d: voices sound off",
                   es.GetSampleRate(), SPEECH_SAMPLE_RATE);
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
    if (es.SetVoiceByName(voice) != ENS_OK) {
        wk_log(WK_LOG_ERROR, "espeak-ng has no voice \"%s\"", voice);
        goto out;
    }
    s->voice = voice;
    es.SetParameter(espeakRATE, SPEECH_WORDS_PER_MINUTE, 0);
    struct sentence sentence = { sp, generation };
    espeak_ng_STATUS st = es.Synthesize(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
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
        es.Terminate();
    pthread_mutex_unlock(&espeak_lock);
    atomic_store(&s->loaded, false);
}
