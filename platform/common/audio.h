/* audio.h — the sound both backends share: a ring of mono 16-bit samples
 * that the speech worker fills (plat_audio_write waits while it is full)
 * and the speaker empties: SDL's audio callback in a window, the fake
 * clock headless (into a WAV file with --audio-out). Private to platform/. */
#ifndef PLAT_AUDIO_H
#define PLAT_AUDIO_H

#include "../platform.h"

#include <SDL_mutex.h>
#include <stdio.h>

/* Half a second queued ahead of the speaker: a stop drops at most that,
 * and a blocked writer wakes at once. */
#define PLAT_AUDIO_RING_MS 500
#define PLAT_AUDIO_MIN_RATE 8000
#define PLAT_AUDIO_MAX_RATE 48000

struct audio_ring {
    SDL_mutex *lock;
    SDL_cond *room;              /* signalled when samples were taken or on stop */
    int16_t *samples;
    size_t cap, head, count;     /* head: the next sample to play */
    int rate;                    /* 0: never started */
    bool stopped;                /* plat_audio_stop since the last start */
    /* headless: what the speaker "played" goes here (NULL: nowhere) */
    FILE *wav;
    char *wav_path;
    uint32_t wav_samples;
    double drain_carry;          /* fraction of a sample owed by the clock */
};

int audio_ring_init(struct audio_ring *r, const char *wav_path, char err[WK_ERR_MAX]);
void audio_ring_destroy(struct audio_ring *r);
/* The speaker takes up to n samples into out (the rest of out is
 * silence); returns how many were real. Any thread. */
size_t audio_ring_take(struct audio_ring *r, int16_t *out, size_t n);
/* Headless: the clock moved on by ms; that much is played (written to
 * the WAV file, if any). */
void audio_ring_play_for(struct audio_ring *r, int64_t ms);

#endif
