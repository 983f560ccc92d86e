/* opus.c — recordings in Ogg/Opus, the format a phone or a recording app
 * saves speech in, decoded by libopusfile (always at 48 kHz) and
 * resampled to what the speaker plays. Like libespeak-ng, libopusfile is
 * opened (dlopen) at the first Ogg file, not linked: a kiosk without Opus
 * recordings never maps it. */
#include "speech_internal.h"

#include <dlfcn.h>
#include <opusfile.h>
#include <pthread.h>
#include <stdlib.h>

#define OPUSFILE_LIBRARY "libopusfile.so.0"
/* libopusfile decodes to 48 kHz whatever the encoder was given. */
#define OPUS_RATE 48000
#define OPUS_CHUNK_FRAMES 5760          /* 120 ms, the longest Opus packet */

static pthread_once_t opusfile_once = PTHREAD_ONCE_INIT;
static struct {
    bool ok;
    __typeof__(op_open_memory) *open_memory;
    __typeof__(op_channel_count) *channel_count;
    __typeof__(op_pcm_total) *pcm_total;
    __typeof__(op_read_stereo) *read_stereo;
    __typeof__(op_free) *free;
} op;                                   /* written once, under opusfile_once */

static void open_library(void)
{
    void *h = dlopen(OPUSFILE_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (!h)
        return;
    *(void **)&op.open_memory = dlsym(h, "op_open_memory");
    *(void **)&op.channel_count = dlsym(h, "op_channel_count");
    *(void **)&op.pcm_total = dlsym(h, "op_pcm_total");
    *(void **)&op.read_stereo = dlsym(h, "op_read_stereo");
    *(void **)&op.free = dlsym(h, "op_free");
    op.ok = op.open_memory && op.channel_count && op.pcm_total && op.read_stereo && op.free;
    if (!op.ok)
        dlclose(h);
}

int speech_opus_decode(const void *file, size_t size, int16_t **pcm, size_t *count, char err[WK_ERR_MAX])
{
    pthread_once(&opusfile_once, open_library);
    if (!op.ok) {
        wk_seterr(err, "Ogg/Opus recordings need %s (Debian: libopusfile0)", OPUSFILE_LIBRARY);
        return WK_EUNSUPPORTED;
    }
    int error = 0;
    OggOpusFile *of = op.open_memory(file, size, &error);
    if (!of) {
        wk_seterr(err, "not an Ogg/Opus file libopusfile can open (error %d)", error);
        return WK_EFORMAT;
    }
    int rc = WK_EFORMAT;
    int16_t *mono = NULL;
    ogg_int64_t total = op.pcm_total(of, -1);
    if (op.channel_count(of, -1) > 2) {
        wk_seterr(err, "the Ogg/Opus file has %d channels; 1 or 2", op.channel_count(of, -1));
        goto out;
    }
    if (total <= 0 || total > (ogg_int64_t)OPUS_RATE * SPEECH_MAX_RECORDING_MS / 1000) {
        wk_seterr(err, total <= 0 ? "the Ogg/Opus file holds no sound"
                                  : "the recording is longer than %d s", SPEECH_MAX_RECORDING_MS / 1000);
        goto out;
    }
    if (!pcm) {
        rc = 0;
        goto out;
    }
    rc = WK_ENOMEM;
    if (!(mono = wk_malloc((size_t)total * sizeof *mono))) {
        wk_seterr(err, "out of memory for a recording");
        goto out;
    }
    size_t n = 0;
    opus_int16 chunk[2 * OPUS_CHUNK_FRAMES];
    for (;;) {
        int got = op.read_stereo(of, chunk, (int)WK_ARRAY_LEN(chunk));
        if (got < 0) {
            wk_seterr(err, "the Ogg/Opus file is damaged (error %d)", got);
            rc = WK_EFORMAT;
            goto out;
        }
        if (got == 0)
            break;
        for (int i = 0; i < got && n < (size_t)total; i++)
            mono[n++] = (int16_t)((chunk[2 * i] + chunk[2 * i + 1]) / 2);
    }
    op.free(of);
    of = NULL;
    if (n == 0) {
        wk_seterr(err, "the Ogg/Opus file holds no sound");
        rc = WK_EFORMAT;
        goto out;
    }
    rc = speech_resample(mono, n, OPUS_RATE, pcm, count, err);
    mono = NULL;                        /* speech_resample took it */
out:
    if (of)
        op.free(of);
    free(mono);
    return rc;
}
