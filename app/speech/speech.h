/* speech.h — read-aloud: what the kiosk says, in which voice, and
 * stopping it. A request is a list of segments (a screen's title and its
 * main labels, or one held text), each with its language. Each segment is
 * spoken from the bundle's recording of that text when staff attached
 * one, else by espeak-ng when the language has a voice, else not at all:
 * never in a wrong language. Speaking happens on a worker thread started
 * at the first request, and espeak-ng is loaded then too, so a kiosk
 * nobody asks to read aloud starts and idles as before. No SDL here: the
 * samples go to a speech_out (the platform's speaker). */
#ifndef SPEECH_H
#define SPEECH_H

#include "../core/wk.h"

/* Everything is spoken at espeak-ng's rate; recordings are resampled. */
#define SPEECH_SAMPLE_RATE 22050
#define SPEECH_MAX_VOLUME 100
/* A screen is read as its title and at most this many labels. */
#define SPEECH_MAX_SEGMENTS 24
#define SPEECH_MAX_TEXT_BYTES 2048
/* espeak-ng's words per minute: slower than its 175, for people who
 * listen to a language they are still learning. */
#define SPEECH_WORDS_PER_MINUTE 150

struct speech_out {
    void *user;
    int (*start)(void *user, int sample_rate, char err[WK_ERR_MAX]);
    /* Waits while the speaker is busy; false: stopped, give up. */
    bool (*write)(void *user, const int16_t *pcm, size_t count);
    void (*stop)(void *user);   /* any thread */
};

struct speech_config {
    int volume;                 /* 1 .. SPEECH_MAX_VOLUME; samples are scaled */
    struct speech_out out;
};

struct speech_segment {
    const char *text;           /* UTF-8 */
    const char *lang;           /* the text's language code */
    const void *recording;      /* a WAV or Ogg/Opus file (speech_sound_check)
                                   from the bundle: wins over synthesis; NULL: none */
    size_t recording_size;
};

struct speech;

int speech_open(const struct speech_config *config, struct speech **out, char err[WK_ERR_MAX]);
void speech_close(struct speech *sp);

/* Whether espeak-ng has a voice for this language (nl en fr ar fa tr ru
 * uk; not ps ti so). */
bool speech_has_synth_voice(const char *lang);

/* Stops whatever is being said and says segs instead (copied: the caller
 * may free them at once). Segments with neither a recording nor a voice
 * are skipped. */
int speech_say(struct speech *sp, const struct speech_segment *segs, size_t count,
               char err[WK_ERR_MAX]);
/* Silence now: the screen changed or the session ended. */
void speech_stop(struct speech *sp);
/* Something is being said or is about to be. */
bool speech_busy(struct speech *sp);
/* espeak-ng has been loaded (the first synthesised request). */
bool speech_synth_loaded(struct speech *sp);

/* A recording as the kiosk plays it: a WAV file of 16-bit PCM or an
 * Ogg/Opus file, mono or stereo, at most SPEECH_MAX_RECORDING_MS long and
 * SPEECH_MAX_RECORDING_BYTES big. */
#define SPEECH_MAX_RECORDING_MS 60000
#define SPEECH_MAX_RECORDING_BYTES (6 * 1024 * 1024)
#define SPEECH_MIN_RECORDING_RATE 8000
#define SPEECH_MAX_RECORDING_RATE 48000
struct speech_wav {
    const unsigned char *data;  /* into the file: little-endian samples */
    size_t frames;
    int channels, rate;
};
/* Checks a WAV file strictly (RIFF, a PCM fmt chunk, 16 bits, 1 or 2
 * channels, the limits above, chunks inside the file) and points into it.
 * welkomctl refuses a bundle whose recording fails this; the kiosk checks
 * again before playing. */
int speech_wav_parse(const void *file, size_t size, struct speech_wav *out, char err[WK_ERR_MAX]);
/* Either format, told apart by its first bytes ("RIFF", "OggS"), checked
 * as strictly as speech_wav_parse (an Ogg/Opus file: libopusfile opens
 * it, at most two channels, the length above). welkomctl and the kiosk's
 * bundle loading call this. */
int speech_sound_check(const void *file, size_t size, char err[WK_ERR_MAX]);
/* The sound as mono samples at SPEECH_SAMPLE_RATE (wk_malloc'ed, *count
 * of them). */
int speech_sound_decode(const void *file, size_t size, int16_t **pcm, size_t *count,
                        char err[WK_ERR_MAX]);

#endif
