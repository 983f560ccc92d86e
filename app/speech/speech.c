/* speech.c — the read-aloud queue: one request at a time, spoken on a
 * worker thread; a new request or speech_stop() abandons the one being
 * spoken (the generation counter, which espeak-ng's callback and every
 * write look at) and silences the speaker (speech_out.stop). The worker
 * and espeak-ng are started by the first request, not by speech_open. */
#include "speech.h"
#include "speech_internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* The languages espeak-ng 1.51 (Debian 12) speaks, by the kiosk's code
 * and espeak-ng's voice name. Pashto, Tigrinya and Somali have none, and
 * Amharic is another language than Tigrinya: those speak only recordings. */
static const struct { const char *lang, *voice; } synth_voices[] = {
    { "nl", "nl" }, { "en", "en" }, { "fr", "fr" }, { "ar", "ar" }, { "fa", "fa" },
    { "tr", "tr" }, { "ru", "ru" }, { "uk", "uk" },
};

static const char *synth_voice(const char *lang)
{
    for (size_t i = 0; lang && i < WK_ARRAY_LEN(synth_voices); i++)
        if (strcmp(synth_voices[i].lang, lang) == 0)
            return synth_voices[i].voice;
    return NULL;
}

bool speech_has_synth_voice(const char *lang) { return synth_voice(lang) != NULL; }

struct job {
    size_t count;
    struct speech_segment segs[SPEECH_MAX_SEGMENTS];
};

struct speech {
    struct speech_config config;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    bool started, quit;
    struct job *next;             /* waiting for the worker */
    bool speaking;                /* the worker has a job */
    _Atomic uint64_t generation;  /* bumped by every request and stop */
    struct synth synth;           /* the worker's own */
};

static void free_job(struct job *j)
{
    if (!j)
        return;
    for (size_t i = 0; i < j->count; i++) {
        free((void *)j->segs[i].text);
        free((void *)j->segs[i].lang);
        free((void *)j->segs[i].recording);
    }
    free(j);
}

int speech_open(const struct speech_config *config, struct speech **out, char err[WK_ERR_MAX])
{
    struct speech *sp = wk_calloc(1, sizeof *sp);
    if (!sp) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    sp->config = *config;
    sp->config.volume = WK_CLAMP(config->volume, 0, SPEECH_MAX_VOLUME);
    pthread_mutex_init(&sp->lock, NULL);
    pthread_cond_init(&sp->wake, NULL);
    atomic_init(&sp->generation, 0);
    *out = sp;
    return 0;
}

void speech_close(struct speech *sp)
{
    if (!sp)
        return;
    speech_stop(sp);
    pthread_mutex_lock(&sp->lock);
    sp->quit = true;
    pthread_cond_broadcast(&sp->wake);
    pthread_mutex_unlock(&sp->lock);
    if (sp->started)
        pthread_join(sp->thread, NULL);
    free_job(sp->next);
    pthread_cond_destroy(&sp->wake);
    pthread_mutex_destroy(&sp->lock);
    free(sp);
}

/* Scales by the volume and hands the samples to the speaker, unless the
 * request was abandoned meanwhile. */
bool speech_emit(struct speech *sp, uint64_t generation, const int16_t *pcm, size_t n)
{
    int16_t buf[512];
    while (n > 0) {
        if (atomic_load(&sp->generation) != generation)
            return false;
        size_t k = WK_MIN(n, WK_ARRAY_LEN(buf));
        for (size_t i = 0; i < k; i++)
            buf[i] = (int16_t)(pcm[i] * sp->config.volume / SPEECH_MAX_VOLUME);
        if (!sp->config.out.write(sp->config.out.user, buf, k))
            return false;
        pcm += k;
        n -= k;
    }
    return true;
}

bool speech_current(struct speech *sp, uint64_t generation)
{
    return atomic_load(&sp->generation) == generation;
}

static void play_recording(struct speech *sp, uint64_t gen, const struct speech_segment *s)
{
    char err[WK_ERR_MAX];
    int16_t *pcm = NULL;
    size_t n = 0;
    if (speech_sound_decode(s->recording, s->recording_size, &pcm, &n, err)) {
        wk_log(WK_LOG_ERROR, "a recording in %s cannot be played: %s", s->lang, err);
        return;
    }
    speech_emit(sp, gen, pcm, n);
    free(pcm);
}

static void speak_job(struct speech *sp, struct job *j, uint64_t gen)
{
    char err[WK_ERR_MAX];
    if (sp->config.out.start(sp->config.out.user, SPEECH_SAMPLE_RATE, err)) {
        wk_log(WK_LOG_ERROR, "cannot read aloud: %s", err);
        return;
    }
    for (size_t i = 0; i < j->count && speech_current(sp, gen); i++) {
        const struct speech_segment *s = &j->segs[i];
        if (s->recording)
            play_recording(sp, gen, s);
        else if (synth_voice(s->lang))
            synth_say(sp, &sp->synth, gen, synth_voice(s->lang), s->text);
    }
}

static void *worker(void *arg)
{
    struct speech *sp = arg;
    pthread_mutex_lock(&sp->lock);
    for (;;) {
        while (!sp->next && !sp->quit)
            pthread_cond_wait(&sp->wake, &sp->lock);
        if (sp->quit)
            break;
        struct job *j = sp->next;
        sp->next = NULL;
        sp->speaking = true;
        uint64_t gen = atomic_load(&sp->generation);
        pthread_mutex_unlock(&sp->lock);
        speak_job(sp, j, gen);
        free_job(j);
        pthread_mutex_lock(&sp->lock);
        sp->speaking = false;
    }
    pthread_mutex_unlock(&sp->lock);
    synth_close(&sp->synth);
    return NULL;
}

static char *copy_text(const char *s)
{
    size_t n = strnlen(s, SPEECH_MAX_TEXT_BYTES);
    char *c = wk_malloc(n + 1);
    if (c) {
        memcpy(c, s, n);
        c[n] = '\0';
        while (n > 0 && ((unsigned char)c[n] & 0xc0) == 0x80)   /* no half character */
            c[--n] = '\0';
    }
    return c;
}

int speech_say(struct speech *sp, const struct speech_segment *segs, size_t count,
               char err[WK_ERR_MAX])
{
    struct job *j = wk_calloc(1, sizeof *j);
    if (!j)
        goto oom;
    for (size_t i = 0; i < count && j->count < SPEECH_MAX_SEGMENTS; i++) {
        const struct speech_segment *s = &segs[i];
        if (!s->text || !s->lang || (!s->recording && !synth_voice(s->lang)))
            continue;
        struct speech_segment *d = &j->segs[j->count++];
        d->text = copy_text(s->text);
        d->lang = wk_strdup(s->lang);
        if (!d->text || !d->lang)
            goto oom;
        if (s->recording) {
            void *r = wk_malloc(s->recording_size);
            if (!r)
                goto oom;
            memcpy(r, s->recording, s->recording_size);
            d->recording = r;
            d->recording_size = s->recording_size;
        }
    }
    speech_stop(sp);
    if (j->count == 0) {
        free_job(j);
        return 0;
    }
    pthread_mutex_lock(&sp->lock);
    if (!sp->started) {
        if (pthread_create(&sp->thread, NULL, worker, sp) != 0) {
            pthread_mutex_unlock(&sp->lock);
            free_job(j);
            wk_seterr(err, "cannot start the read-aloud thread");
            return WK_EIO;
        }
        sp->started = true;
    }
    free_job(sp->next);
    sp->next = j;
    pthread_cond_broadcast(&sp->wake);
    pthread_mutex_unlock(&sp->lock);
    return 0;
oom:
    free_job(j);
    wk_seterr(err, "out of memory");
    return WK_ENOMEM;
}

void speech_stop(struct speech *sp)
{
    atomic_fetch_add(&sp->generation, 1);
    pthread_mutex_lock(&sp->lock);
    free_job(sp->next);
    sp->next = NULL;
    pthread_mutex_unlock(&sp->lock);
    sp->config.out.stop(sp->config.out.user);
}

bool speech_busy(struct speech *sp)
{
    pthread_mutex_lock(&sp->lock);
    bool busy = sp->speaking || sp->next;
    pthread_mutex_unlock(&sp->lock);
    return busy;
}

bool speech_synth_loaded(struct speech *sp)
{
    return atomic_load(&sp->synth.loaded);
}
