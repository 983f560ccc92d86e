/* audio.c — the ring between the speech worker and the speaker, and the
 * public plat_audio_* API over it. The device itself is the backend's
 * (plat_backend.audio_open): SDL opens it at the first utterance, never at
 * start, so a kiosk nobody asks to read aloud holds no audio device. The
 * headless backend has no device: its fake clock plays the ring, and with
 * --audio-out what is played is written to a WAV file a test can measure. */
#include "plat_internal.h"
#include "audio.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define WAV_HEADER_BYTES 44

int audio_ring_init(struct audio_ring *r, const char *wav_path, char err[WK_ERR_MAX])
{
    *r = (struct audio_ring){ 0 };
    r->lock = SDL_CreateMutex();
    r->room = SDL_CreateCond();
    if (wav_path && wav_path[0] && !(r->wav_path = wk_strdup(wav_path))) {
        wk_seterr(err, "out of memory");
        audio_ring_destroy(r);
        return WK_ENOMEM;
    }
    if (!r->lock || !r->room) {
        wk_seterr(err, "cannot make the audio lock: %s", SDL_GetError());
        audio_ring_destroy(r);
        return WK_EIO;
    }
    return 0;
}

void audio_ring_destroy(struct audio_ring *r)
{
    if (r->wav)
        fclose(r->wav);
    free(r->wav_path);
    free(r->samples);
    if (r->room)
        SDL_DestroyCond(r->room);
    if (r->lock)
        SDL_DestroyMutex(r->lock);
    *r = (struct audio_ring){ 0 };
}

static void put_le(unsigned char *p, uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* A canonical 44-byte header for mono 16-bit PCM; rewritten after every
 * write, so the file is a whole WAV at any moment a test looks. */
static void wav_header(unsigned char h[WAV_HEADER_BYTES], int rate, uint32_t samples)
{
    uint32_t data = samples * 2;
    memcpy(h, "RIFF", 4);
    put_le(h + 4, 36 + data, 4);
    memcpy(h + 8, "WAVEfmt ", 8);
    put_le(h + 16, 16, 4);
    put_le(h + 20, 1, 2);                 /* PCM */
    put_le(h + 22, 1, 2);                 /* mono */
    put_le(h + 24, (uint32_t)rate, 4);
    put_le(h + 28, (uint32_t)rate * 2, 4);
    put_le(h + 32, 2, 2);
    put_le(h + 34, 16, 2);
    memcpy(h + 36, "data", 4);
    put_le(h + 40, data, 4);
}

static void wav_append(struct audio_ring *r, const int16_t *pcm, size_t n)
{
    if (!r->wav || !n)
        return;
    unsigned char h[WAV_HEADER_BYTES];
    r->wav_samples += (uint32_t)n;
    wav_header(h, r->rate, r->wav_samples);
    if (fseek(r->wav, 0, SEEK_END) != 0 || fwrite(pcm, 2, n, r->wav) != n ||
        fseek(r->wav, 0, SEEK_SET) != 0 || fwrite(h, 1, sizeof h, r->wav) != sizeof h ||
        fflush(r->wav) != 0)
        wk_log(WK_LOG_ERROR, "cannot write %s: %s", r->wav_path, strerror(errno));
}

size_t audio_ring_take(struct audio_ring *r, int16_t *out, size_t n)
{
    SDL_LockMutex(r->lock);
    size_t got = WK_MIN(n, r->count);
    for (size_t i = 0; i < got; i++)
        out[i] = r->samples[(r->head + i) % r->cap];
    if (got) {
        r->head = (r->head + got) % r->cap;
        r->count -= got;
        wav_append(r, out, got);
        SDL_CondBroadcast(r->room);
    }
    SDL_UnlockMutex(r->lock);
    memset(out + got, 0, (n - got) * sizeof *out);
    return got;
}

void audio_ring_play_for(struct audio_ring *r, int64_t ms)
{
    if (ms <= 0)
        return;
    SDL_LockMutex(r->lock);       /* the worker sets the rate */
    double due = (double)ms * r->rate / 1000.0 + r->drain_carry;
    size_t n = (size_t)due;
    r->drain_carry = due - (double)n;
    SDL_UnlockMutex(r->lock);
    int16_t chunk[1024];
    while (n > 0) {
        size_t want = WK_MIN(n, WK_ARRAY_LEN(chunk));
        size_t got = audio_ring_take(r, chunk, want);
        n -= want;
        if (got < want)
            break;              /* nothing more queued: the speaker is silent */
    }
}

int plat_audio_start(struct plat *plat, int sample_rate, char err[WK_ERR_MAX])
{
    struct audio_ring *r = &plat->audio;
    if (sample_rate < PLAT_AUDIO_MIN_RATE || sample_rate > PLAT_AUDIO_MAX_RATE) {
        wk_seterr(err, "a sample rate of %d Hz is not one the speaker takes (%d to %d)",
                  sample_rate, PLAT_AUDIO_MIN_RATE, PLAT_AUDIO_MAX_RATE);
        return WK_EINVAL;
    }
    int rc = 0;
    SDL_LockMutex(r->lock);
    if (r->rate != sample_rate) {
        size_t cap = (size_t)sample_rate * PLAT_AUDIO_RING_MS / 1000;
        int16_t *s = wk_realloc(r->samples, cap * sizeof *s);
        if (!s) {
            wk_seterr(err, "out of memory for the audio ring");
            rc = WK_ENOMEM;
            goto out;
        }
        r->samples = s;
        r->cap = cap;
        r->head = r->count = 0;
        if (r->wav_path) {
            if (r->wav)
                fclose(r->wav);
            r->wav_samples = 0;
            unsigned char h[WAV_HEADER_BYTES];
            wav_header(h, sample_rate, 0);
            if (!(r->wav = fopen(r->wav_path, "w+b")) || fwrite(h, 1, sizeof h, r->wav) != sizeof h ||
                fflush(r->wav) != 0) {
                wk_seterr(err, "cannot write %s: %s", r->wav_path, strerror(errno));
                rc = WK_EIO;
                goto out;
            }
        }
        r->rate = sample_rate;
    }
    r->stopped = false;
out:
    SDL_UnlockMutex(r->lock);
    /* The device opens outside the lock: its callback takes it. */
    if (!rc && plat->backend->audio_open)
        rc = plat->backend->audio_open(plat, sample_rate, err);
    return rc;
}

bool plat_audio_write(struct plat *plat, const int16_t *pcm, size_t n)
{
    struct audio_ring *r = &plat->audio;
    SDL_LockMutex(r->lock);
    while (n > 0 && !r->stopped && r->cap) {
        while (r->count == r->cap && !r->stopped)
            SDL_CondWait(r->room, r->lock);
        size_t room = r->cap - r->count, put = WK_MIN(room, n);
        for (size_t i = 0; i < put && !r->stopped; i++)
            r->samples[(r->head + r->count + i) % r->cap] = pcm[i];
        if (!r->stopped)
            r->count += put;
        pcm += put;
        n -= put;
    }
    bool ok = !r->stopped && r->cap;
    SDL_UnlockMutex(r->lock);
    return ok;
}

void plat_audio_stop(struct plat *plat)
{
    struct audio_ring *r = &plat->audio;
    SDL_LockMutex(r->lock);
    r->stopped = true;
    r->head = r->count = 0;
    SDL_CondBroadcast(r->room);
    SDL_UnlockMutex(r->lock);
}

size_t plat_audio_queued(struct plat *plat)
{
    struct audio_ring *r = &plat->audio;
    SDL_LockMutex(r->lock);
    size_t n = r->count;
    SDL_UnlockMutex(r->lock);
    return n;
}
