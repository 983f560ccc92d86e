/* speech_internal.h — what speech.c and synth.c share. */
#ifndef SPEECH_INTERNAL_H
#define SPEECH_INTERNAL_H

#include "speech.h"

#include <stdatomic.h>

/* espeak-ng as one worker uses it: loaded at its first sentence. */
struct synth {
    _Atomic bool loaded;
    bool failed;                  /* it could not be loaded: say so once */
    const char *voice;            /* the voice set last */
};

/* Says text with espeak-ng's voice, feeding the samples to speech_emit
 * until the request is abandoned. On the worker thread. */
void synth_say(struct speech *sp, struct synth *s, uint64_t generation, const char *voice,
               const char *text);
void synth_close(struct synth *s);

bool speech_emit(struct speech *sp, uint64_t generation, const int16_t *pcm, size_t n);
bool speech_current(struct speech *sp, uint64_t generation);

/* wav.c: mono at rate to SPEECH_SAMPLE_RATE; takes mono (freed). */
int speech_resample(int16_t *mono, size_t frames, int rate, int16_t **pcm, size_t *count,
                    char err[WK_ERR_MAX]);
/* opus.c: checks an Ogg/Opus file, and with pcm decodes it like
 * speech_sound_decode. */
int speech_opus_decode(const void *file, size_t size, int16_t **pcm, size_t *count,
                       char err[WK_ERR_MAX]);

#endif
