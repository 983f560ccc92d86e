/* test_speech.c — read-aloud as a resident hears it: the speaker in the
 * header reads the screen in the resident's language (espeak-ng, into the
 * headless speaker's WAV file, measured with sox); a recording staff put in
 * the bundle wins over the synthetic voice; Pashto, Tigrinya and Somali,
 * which espeak-ng cannot speak, show a crossed-out speaker and say nothing;
 * a new screen or the end of the session silences it; a finger held on a
 * text reads that text and taps nothing. */
#include "harness.h"
#include "fixture.h"
#include "../app/speech/speech.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* sox's RMS amplitude (full scale 1.0) of a spoken screen is 0.05-0.1;
 * silence or clicks stay far under this. */
#define SPEECH_RMS_FLOOR 0.01

static void wav_path(const char *name, char out[FIXTURE_PATH_BYTES])
{
    snprintf(out, FIXTURE_PATH_BYTES, "%s/%s.wav", test_tmpdir(), name);
}

/* The samples of a WAV file the speaker wrote (or a recording), copied
 * into *pcm; 0 samples when the file is not there. The speaker's file
 * holds everything played since the kiosk started. */
static size_t wav_samples(const char *path, int16_t **pcm)
{
    size_t size = 0;
    *pcm = NULL;
    if (access(path, F_OK) != 0)
        return 0;
    unsigned char *file = fixture_slurp(path, &size);
    struct speech_wav wav;
    char err[WK_ERR_MAX];
    size_t n = 0;
    if (speech_wav_parse(file, size, &wav, err) == 0) {
        CHECK_INT_EQ(wav.rate, SPEECH_SAMPLE_RATE);
        *pcm = malloc(wav.frames * 2);
        memcpy(*pcm, wav.data, wav.frames * 2);
        n = wav.frames;
    }
    free(file);
    return n;
}

/* sox FILE -n stat: its "RMS amplitude" line. */
static double sox_rms(const char *path)
{
    char cmd[FIXTURE_PATH_BYTES + 64], line[256];
    snprintf(cmd, sizeof cmd, "sox '%s' -n stat 2>&1", path);
    FILE *p = popen(cmd, "r");
    double rms = -1;
    while (p && fgets(line, sizeof line, p))
        if (strncmp(line, "RMS     amplitude:", 18) == 0)
            rms = atof(line + 18);
    if (p)
        pclose(p);
    return rms;
}

static void choose(struct harness *h, const char *lang)
{
    char step[256];
    snprintf(step, sizeof step, "tap:%s", i18n_find_language(lang)->endonym);
    harness_run(h, step);
}

/* A resident picks the language and taps the speaker: the home screen is
 * heard, and it is not silence. */
static void home_is_read_aloud_in(const char *lang)
{
    char out[FIXTURE_PATH_BYTES], step[256];
    wav_path(lang, out);
    struct harness h;
    harness_open(&h, &(struct harness_desc){ .audio_out = out });
    choose(&h, lang);
    CHECK(kiosk_find_widget(h.kiosk, tr_in(h.i18n, lang, "Read aloud")));
    CHECK(!speech_synth_loaded(h.speech));          /* nothing loaded before the tap */
    snprintf(step, sizeof step, "tap:%s;listen:120000", tr_in(h.i18n, lang, "Read aloud"));
    harness_run(&h, step);
    CHECK(!kiosk_speaking(h.kiosk));
    int16_t *pcm;
    size_t n = wav_samples(out, &pcm);
    free(pcm);
    if (n < SPEECH_SAMPLE_RATE)                     /* a title and six tiles: seconds */
        test_fail(__FILE__, __LINE__, "%s: only %zu samples read aloud", lang, n);
    double rms = sox_rms(out);
    if (rms < SPEECH_RMS_FLOOR)
        test_fail(__FILE__, __LINE__, "%s: the reading is silent (RMS %f)", lang, rms);
    harness_close(&h);
}

TEST(read_aloud_speaks_dutch) { home_is_read_aloud_in("nl"); }
TEST(read_aloud_speaks_arabic) { home_is_read_aloud_in("ar"); }
TEST(read_aloud_speaks_dari) { home_is_read_aloud_in("fa"); }
TEST(read_aloud_speaks_turkish) { home_is_read_aloud_in("tr"); }
TEST(read_aloud_speaks_russian) { home_is_read_aloud_in("ru"); }
TEST(read_aloud_speaks_ukrainian) { home_is_read_aloud_in("uk"); }
TEST(read_aloud_speaks_french) { home_is_read_aloud_in("fr"); }
TEST(read_aloud_speaks_english) { home_is_read_aloud_in("en"); }

static bool shows_image(struct harness *h, const char *name)
{
    const struct ui_frame *f = kiosk_frame(h->kiosk);
    for (size_t i = 0; i < f->cmd_count; i++)
        if (f->cmds[i].kind == UI_CMD_IMAGE && strcmp(f->cmds[i].image, name) == 0)
            return true;
    return false;
}

static int note_labels(struct harness *h, const char *text)
{
    int n = 0;
    const struct ui_frame *f = kiosk_frame(h->kiosk);
    for (size_t w = 0; w < f->widget_count; w++)
        n += f->widgets[w].kind == UI_WIDGET_LABEL && !strcmp(f->widgets[w].label, text);
    return n;
}

/* Pashto, Tigrinya and Somali have no voice: the speaker is crossed out,
 * tapping it says so on screen, and nothing is heard (no wrong language). */
TEST(a_language_without_a_voice_shows_the_crossed_out_speaker)
{
    static const char *const langs[] = { "ps", "ti", "so" };
    for (size_t i = 0; i < WK_ARRAY_LEN(langs); i++) {
        char out[FIXTURE_PATH_BYTES], step[256];
        wav_path(langs[i], out);
        struct harness h;
        harness_open(&h, &(struct harness_desc){ .audio_out = out });
        choose(&h, langs[i]);
        const char *no_voice = tr_in(h.i18n, langs[i], "No voice for this language");
        CHECK(kiosk_find_widget(h.kiosk, no_voice));
        CHECK(!kiosk_find_widget(h.kiosk, tr_in(h.i18n, langs[i], "Read aloud")));
        CHECK(shows_image(&h, "speaker-off"));
        CHECK(!shows_image(&h, "speaker"));
        CHECK_INT_EQ(note_labels(&h, no_voice), 0);
        snprintf(step, sizeof step, "tap:%s;listen:10000", no_voice);
        harness_run(&h, step);
        CHECK_INT_EQ(note_labels(&h, no_voice), 1);   /* the note, over the screen */
        int16_t *pcm;
        CHECK_INT_EQ(wav_samples(out, &pcm), 0);
        CHECK(!speech_synth_loaded(h.speech));
        harness_wait(&h, 5000);                       /* the note goes */
        CHECK_INT_EQ(note_labels(&h, no_voice), 0);
        harness_close(&h);
    }
}

/* A new screen silences the old one at once, and so does Done: what was
 * queued is dropped, not played on. */
TEST(speech_stops_when_the_screen_changes_or_the_session_ends)
{
    char out[FIXTURE_PATH_BYTES], step[512];
    wav_path("stop", out);
    struct harness h;
    harness_open(&h, &(struct harness_desc){ .audio_out = out });
    choose(&h, "en");
    /* The whole home screen, for comparison. */
    harness_run(&h, "tap:Read aloud;listen:120000");
    int16_t *pcm;
    size_t whole = wav_samples(out, &pcm);
    free(pcm);
    CHECK(whole > (size_t)SPEECH_SAMPLE_RATE);
    /* Again, and a tile at once: nothing more is heard than the instant
     * between the two taps. */
    harness_run(&h, "tap:Read aloud;tap:Services;listen:120000");
    CHECK(!kiosk_speaking(h.kiosk));
    size_t cut = wav_samples(out, &pcm) - whole;
    free(pcm);
    if (cut >= whole / 4)
        test_fail(__FILE__, __LINE__, "%zu samples played after the screen changed (whole: %zu)", cut, whole);
    /* Done ends the session: silence too. */
    size_t before = whole + cut;
    snprintf(step, sizeof step, "tap:Read aloud;tap:Done;listen:120000");
    harness_run(&h, step);
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_ATTRACT);
    cut = wav_samples(out, &pcm) - before;
    free(pcm);
    if (cut >= whole / 4)
        test_fail(__FILE__, __LINE__, "%zu samples played after Done", cut);
    harness_close(&h);
}

/* A finger held still on a tile reads its title, and lifting it does not
 * open the tile. */
TEST(holding_a_text_reads_it_and_does_not_tap_it)
{
    char out[FIXTURE_PATH_BYTES];
    wav_path("hold", out);
    struct harness h;
    harness_open(&h, &(struct harness_desc){ .audio_out = out });
    choose(&h, "en");
    harness_run(&h, "hold:Services:800;listen:60000");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_HOME);
    int16_t *pcm;
    size_t one = wav_samples(out, &pcm);
    free(pcm);
    CHECK(one > (size_t)SPEECH_SAMPLE_RATE / 10);
    /* One word, not the screen. */
    harness_run(&h, "tap:Read aloud;listen:120000");
    size_t whole = wav_samples(out, &pcm) - one;
    free(pcm);
    CHECK(one < whole / 3);
    /* A short press is still a tap. */
    harness_run(&h, "hold:Services:300");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_CATEGORIES);
    harness_close(&h);
}

/* A finger held on the screen's title, and what it reads heard out. */
static void hold_title_and_listen(struct harness *h)
{
    const struct ui_frame *f = kiosk_frame(h->kiosk);
    const struct ui_widget *title = NULL;
    for (size_t i = 0; i < f->widget_count && !title; i++)
        if (f->widgets[i].kind == UI_WIDGET_LABEL && !strcmp(f->widgets[i].label, f->title))
            title = &f->widgets[i];
    CHECK(title != NULL);
    char step[128];
    snprintf(step, sizeof step, "hold-at:%d,%d,800;listen:60000", title->rect.x + title->rect.w / 2,
             title->rect.y + title->rect.h / 2);
    harness_run(h, step);
}

/* Index of needle's first sample in hay, or -1. */
static long find_samples(const int16_t *hay, size_t n, const int16_t *needle, size_t m)
{
    for (size_t i = 0; m && i + m <= n; i++)
        if (memcmp(hay + i, needle, m * sizeof *needle) == 0)
            return (long)i;
    return -1;
}

/* Staff record the home title in Dutch and the language's own name in
 * Tigrinya (WAV files in the bundle): holding the Dutch title plays the
 * recording and not espeak-ng; Tigrinya, which has no voice, gets a
 * speaker; the language picker plays ትግርኛ from its recording among the
 * names the others' voices say. */
TEST(a_recorded_file_in_the_bundle_wins_over_synthesis)
{
    char src[FIXTURE_PATH_BYTES], bundle[FIXTURE_PATH_BYTES], cmd[4 * FIXTURE_PATH_BYTES];
    char rec_nl[FIXTURE_PATH_BYTES + 32], rec_ti[FIXTURE_PATH_BYTES + 32], out[FIXTURE_PATH_BYTES];
    fixture_paths("recordings", src, bundle);
    snprintf(cmd, sizeof cmd, "cp -R '%s/assets/demo' '%s' && mkdir '%s/recordings'", test_root(), src, src);
    CHECK_INT_EQ(system(cmd), 0);
    snprintf(rec_nl, sizeof rec_nl, "%s/recordings/welkom.wav", src);
    snprintf(rec_ti, sizeof rec_ti, "%s/recordings/tigrinya.wav", src);
    /* Two tones a person could not mistake for espeak-ng. */
    snprintf(cmd, sizeof cmd, "sox -n -r 22050 -c 1 -b 16 '%s' synth 0.4 sine 440 && "
             "sox -n -r 22050 -c 1 -b 16 '%s' synth 0.3 sine 660", rec_nl, rec_ti);
    CHECK_INT_EQ(system(cmd), 0);
    struct harness h;
    harness_open(&h, &(struct harness_desc){ .no_speech = true });
    char ini[1024];
    snprintf(ini, sizeof ini, "[welcome]\nlang = nl\ntext = %s\nfile = welkom.wav\n\n"
             "[tigrinya]\nlang = ti\ntext = %s\nfile = tigrinya.wav\n",
             tr_in(h.i18n, "nl", "Welcome"), i18n_find_language("ti")->endonym);
    harness_close(&h);
    fixture_put(src, "recordings.ini", ini);
    fixture_bundle(src, bundle);
    struct content_keys keys = fixture_test_keys();
    int16_t *nl, *ti, *pcm;
    size_t nl_n = wav_samples(rec_nl, &nl), ti_n = wav_samples(rec_ti, &ti), n;

    /* Held, the Dutch title plays its recording, sample for sample. */
    wav_path("recorded-nl", out);
    harness_open(&h, &(struct harness_desc){ .bundle = bundle, .keys = &keys, .audio_out = out,
                                             .volume = SPEECH_MAX_VOLUME });
    choose(&h, "nl");
    hold_title_and_listen(&h);
    n = wav_samples(out, &pcm);
    CHECK_INT_EQ(n, nl_n);
    CHECK(memcmp(pcm, nl, n * sizeof *pcm) == 0);
    CHECK(!speech_synth_loaded(h.speech));          /* espeak-ng was not asked */
    free(pcm);
    harness_close(&h);

    /* Tigrinya has a recording now: a speaker, not the crossed-out one; and
     * the picker, in Tigrinya, plays ትግርኛ from it among the other names. */
    wav_path("recorded-ti", out);
    harness_open(&h, &(struct harness_desc){ .bundle = bundle, .keys = &keys, .audio_out = out,
                                             .volume = SPEECH_MAX_VOLUME });
    choose(&h, "ti");
    CHECK(kiosk_find_widget(h.kiosk, tr_in(h.i18n, "ti", "Read aloud")));
    CHECK(shows_image(&h, "speaker"));
    char step[256];
    snprintf(step, sizeof step, "tap:%s;tap:%s;listen:120000", tr_in(h.i18n, "ti", "Language"),
             tr_in(h.i18n, "ti", "Read aloud"));
    harness_run(&h, step);
    n = wav_samples(out, &pcm);
    CHECK(n > ti_n + (size_t)SPEECH_SAMPLE_RATE);   /* the other names, spoken */
    CHECK(find_samples(pcm, n, ti, ti_n) >= 0);
    CHECK(find_samples(pcm, n, nl, nl_n) < 0);
    free(pcm);
    harness_close(&h);
    free(nl);
    free(ti);
}

/* Staff hear at build time what the kiosk would refuse: a file that is
 * not a 16-bit WAV, named with its line in recordings.ini; a language the
 * bundle does not have. */
TEST(welkomctl_refuses_a_recording_the_kiosk_could_not_play)
{
    char src[FIXTURE_PATH_BYTES], bundle[FIXTURE_PATH_BYTES], cmd[3 * FIXTURE_PATH_BYTES];
    char report[FIXTURE_REPORT_BYTES];
    fixture_paths("bad-recordings", src, bundle);
    snprintf(cmd, sizeof cmd, "cp -R '%s/assets/demo' '%s' && mkdir '%s/recordings'", test_root(), src, src);
    CHECK_INT_EQ(system(cmd), 0);
    fixture_put(src, "recordings/notes.wav", "these are not sounds\n");
    fixture_put(src, "recordings.ini", "[welcome]\nlang = nl\ntext = Welkom\nfile = notes.wav\n\n"
                                       "[klingon]\nlang = tlh\ntext = nuqneH\nfile = notes.wav\n");
    CHECK(fixture_build(src, bundle, report) != 0);
    CHECK(strstr(report, "recordings.ini:4: recordings/notes.wav: not a WAV file"));
    CHECK(strstr(report, "recordings.ini:7: [klingon] lang \"tlh\" is not a language of this bundle"));
    CHECK(access(bundle, F_OK) != 0);
}

/* A recording from a phone is Ogg/Opus: it plays too (decoded by
 * libopusfile, resampled), for as long as it lasts, and espeak-ng is not
 * asked. Opus is lossy: the length and the loudness are compared, not the
 * samples. */
TEST(an_ogg_opus_recording_plays_instead_of_synthesis)
{
    char src[FIXTURE_PATH_BYTES], bundle[FIXTURE_PATH_BYTES], cmd[8 * FIXTURE_PATH_BYTES];
    char out[FIXTURE_PATH_BYTES], ini[512];
    fixture_paths("opus", src, bundle);
    snprintf(cmd, sizeof cmd, "cp -R '%s/assets/demo' '%s' && mkdir '%s/recordings' && "
             "sox -n -r 48000 -c 1 -b 16 '%s/tone.wav' synth 0.6 sine 440 && "
             "opusenc --quiet '%s/tone.wav' '%s/recordings/welkom.opus'", test_root(), src, src, src, src, src);
    CHECK_INT_EQ(system(cmd), 0);
    struct harness h;
    harness_open(&h, &(struct harness_desc){ .no_speech = true });
    snprintf(ini, sizeof ini, "[welcome]\nlang = nl\ntext = %s\nfile = welkom.opus\n",
             tr_in(h.i18n, "nl", "Welcome"));
    harness_close(&h);
    fixture_put(src, "recordings.ini", ini);
    fixture_bundle(src, bundle);
    struct content_keys keys = fixture_test_keys();
    wav_path("opus", out);
    harness_open(&h, &(struct harness_desc){ .bundle = bundle, .keys = &keys, .audio_out = out });
    choose(&h, "nl");
    hold_title_and_listen(&h);
    int16_t *pcm;
    size_t n = wav_samples(out, &pcm);
    free(pcm);
    if (n < SPEECH_SAMPLE_RATE * 55 / 100 || n > SPEECH_SAMPLE_RATE * 65 / 100)
        test_fail(__FILE__, __LINE__, "%zu samples played for a 0.6 s recording", n);
    CHECK(sox_rms(out) > SPEECH_RMS_FLOOR);
    CHECK(!speech_synth_loaded(h.speech));
    harness_close(&h);
}
