/* bench_speech.c — read-aloud: a tap on the header's speaker to the first
 * sample ready for the loudspeaker (the first time, which loads espeak-ng,
 * and again), and the memory the kiosk holds with speech loaded beside the
 * same kiosk before anyone tapped the speaker. On a real device the sound
 * leaves one device buffer later (SDL_AUDIO_BUFFER_SAMPLES: 46 ms). */
#include "bench.h"
#include "../app/speech/speech.h"
#include "../platform/platform.h"

#include <stdio.h>
#include <time.h>

#define SPEECH_TAPS 10
/* Waiting for the first sample gives up after this (real time). */
#define SPEECH_FIRST_SAMPLE_MAX_MS 10000

/* Real ms from a tap on the speaker until the speech worker has put the
 * first sample in the speaker's ring. */
static double tap_to_first_sample(struct bench *b, const char *speaker)
{
    char step[128];
    snprintf(step, sizeof step, "tap:%s", speaker);
    double t0 = bench_now_ms();
    bench_script(b, step);
    while (plat_audio_queued(b->plat) == 0) {
        if (bench_now_ms() - t0 > SPEECH_FIRST_SAMPLE_MAX_MS)
            bench_die("speech", "no sample came");
        nanosleep(&(struct timespec){ .tv_nsec = 100000 }, NULL);
    }
    double ms = bench_now_ms() - t0;
    bench_script(b, "listen:120000");
    return ms;
}

void bench_speech(void)
{
    struct bench b;
    bench_open(&b, &(struct bench_desc){ .default_language = "en", .speech = true });
    bench_script(&b, "tap:English");
    long before = bench_rss_kib();
    printf("speech_rss_home_not_loaded_kib=%ld\n", before);
    printf("speech_tap_to_first_sample_cold_ms=%.1f\n", tap_to_first_sample(&b, "Read aloud"));
    double warm[SPEECH_TAPS];
    for (int i = 0; i < SPEECH_TAPS; i++)
        warm[i] = tap_to_first_sample(&b, "Read aloud");
    bench_report("speech_tap_to_first_sample", warm, SPEECH_TAPS);
    long after = bench_rss_kib();
    printf("speech_rss_home_loaded_kib=%ld\n", after);
    printf("speech_rss_loaded_minus_not_kib=%ld\n", after - before);
    bench_close(&b);
}
