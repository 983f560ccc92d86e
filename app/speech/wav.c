/* wav.c — the recordings staff attach to texts: a strict WAV reader (the
 * only recorded format; see docs/bundle.md) and the conversion to what the
 * speaker plays, mono at SPEECH_SAMPLE_RATE. */
#include "speech_internal.h"

#include <stdlib.h>
#include <string.h>

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static unsigned le16(const unsigned char *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }

int speech_wav_parse(const void *file, size_t size, struct speech_wav *out, char err[WK_ERR_MAX])
{
    const unsigned char *p = file;
    *out = (struct speech_wav){ 0 };
    if (size > SPEECH_MAX_RECORDING_BYTES) {
        wk_seterr(err, "the recording is %zu bytes; at most %d", size, SPEECH_MAX_RECORDING_BYTES);
        return WK_EFORMAT;
    }
    if (size < 12 || memcmp(p, "RIFF", 4) || memcmp(p + 8, "WAVE", 4)) {
        wk_seterr(err, "not a WAV file (RIFF/WAVE) or an Ogg/Opus file");
        return WK_EFORMAT;
    }
    bool have_fmt = false;
    unsigned bits = 0;
    for (size_t at = 12; at + 8 <= size;) {
        uint32_t len = le32(p + at + 4);
        if (len > size - at - 8) {
            wk_seterr(err, "the WAV chunk \"%.4s\" runs past the end of the file", (const char *)p + at);
            return WK_EFORMAT;
        }
        const unsigned char *body = p + at + 8;
        if (!memcmp(p + at, "fmt ", 4)) {
            if (len < 16) {
                wk_seterr(err, "the WAV fmt chunk is too short");
                return WK_EFORMAT;
            }
            unsigned format = le16(body);
            out->channels = (int)le16(body + 2);
            out->rate = (int)le32(body + 4);
            bits = le16(body + 14);
            if (format != 1 || bits != 16) {
                wk_seterr(err, "the WAV file is not 16-bit PCM (format %u, %u bits)", format, bits);
                return WK_EFORMAT;
            }
            if (out->channels < 1 || out->channels > 2) {
                wk_seterr(err, "the WAV file has %d channels; 1 or 2", out->channels);
                return WK_EFORMAT;
            }
            if (out->rate < SPEECH_MIN_RECORDING_RATE || out->rate > SPEECH_MAX_RECORDING_RATE) {
                wk_seterr(err, "the WAV file is at %d Hz; %d to %d", out->rate,
                          SPEECH_MIN_RECORDING_RATE, SPEECH_MAX_RECORDING_RATE);
                return WK_EFORMAT;
            }
            have_fmt = true;
        } else if (!memcmp(p + at, "data", 4)) {
            if (!have_fmt) {
                wk_seterr(err, "the WAV data comes before its fmt chunk");
                return WK_EFORMAT;
            }
            out->data = body;
            out->frames = len / (2u * (unsigned)out->channels);
            if (out->frames == 0) {
                wk_seterr(err, "the WAV file holds no sound");
                return WK_EFORMAT;
            }
            if (out->frames > (size_t)out->rate * SPEECH_MAX_RECORDING_MS / 1000) {
                wk_seterr(err, "the recording is longer than %d s", SPEECH_MAX_RECORDING_MS / 1000);
                return WK_EFORMAT;
            }
            return 0;
        }
        at += 8 + len + (len & 1);
    }
    wk_seterr(err, have_fmt ? "the WAV file has no data chunk" : "the WAV file has no fmt chunk");
    return WK_EFORMAT;
}

/* Linear interpolation to SPEECH_SAMPLE_RATE: speech, not music; a
 * recording at 22050 Hz is copied sample for sample. Takes mono. */
int speech_resample(int16_t *mono, size_t frames, int rate, int16_t **pcm, size_t *count,
                    char err[WK_ERR_MAX])
{
    if (rate == SPEECH_SAMPLE_RATE) {
        *pcm = mono;
        *count = frames;
        return 0;
    }
    size_t n = (size_t)((double)frames * SPEECH_SAMPLE_RATE / rate);
    int16_t *s = wk_malloc(WK_MAX(n, 1) * sizeof *s);
    if (!s) {
        free(mono);
        wk_seterr(err, "out of memory for a recording");
        return WK_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        double at = (double)i * rate / SPEECH_SAMPLE_RATE;
        size_t a = WK_MIN((size_t)at, frames - 1), b = WK_MIN(a + 1, frames - 1);
        double t = at - (double)a;
        s[i] = (int16_t)((1 - t) * mono[a] + t * mono[b]);
    }
    free(mono);
    *pcm = s;
    *count = n;
    return 0;
}

static int wav_decode(const struct speech_wav *w, int16_t **pcm, size_t *count, char err[WK_ERR_MAX])
{
    int16_t *mono = wk_malloc(w->frames * sizeof *mono);
    if (!mono) {
        wk_seterr(err, "out of memory for a recording");
        return WK_ENOMEM;
    }
    for (size_t i = 0; i < w->frames; i++) {
        const unsigned char *f = w->data + i * 2u * (unsigned)w->channels;
        int sum = 0;
        for (int c = 0; c < w->channels; c++)
            sum += (int16_t)le16(f + 2 * c);
        mono[i] = (int16_t)(sum / w->channels);
    }
    return speech_resample(mono, w->frames, w->rate, pcm, count, err);
}

static bool is_ogg(const void *file, size_t size) { return size >= 4 && !memcmp(file, "OggS", 4); }

int speech_sound_check(const void *file, size_t size, char err[WK_ERR_MAX])
{
    struct speech_wav wav;
    if (size > SPEECH_MAX_RECORDING_BYTES) {
        wk_seterr(err, "the recording is %zu bytes; at most %d", size, SPEECH_MAX_RECORDING_BYTES);
        return WK_EFORMAT;
    }
    if (is_ogg(file, size))
        return speech_opus_decode(file, size, NULL, NULL, err);
    return speech_wav_parse(file, size, &wav, err);
}

int speech_sound_decode(const void *file, size_t size, int16_t **pcm, size_t *count, char err[WK_ERR_MAX])
{
    struct speech_wav wav;
    if (is_ogg(file, size))
        return speech_opus_decode(file, size, pcm, count, err);
    int rc = speech_wav_parse(file, size, &wav, err);
    return rc ? rc : wav_decode(&wav, pcm, count, err);
}
