/* bench_kiosk.c — frame costs and memory of the headless kiosk, printed as
 * name=value lines: the time of a redraw with cached text, of a full
 * re-layout in Arabic (every text shaped and rendered again), and the
 * resident memory after 1000 scripted taps through every language; and
 * main(), which runs these and the other groups (bench_content.c,
 * bench_outbox.c, bench_sync.c). */
#include "bench.h"
#include "../app/text/text.h"
#include "../app/i18n/i18n.h"
#include "../platform/platform.h"
#include "../app/kiosk/config.h"
#include "../app/speech/speech.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#define REDRAWS 300
#define RELAYOUTS 60
#define TAPS 1000

const char *bench_build_dir(void)
{
    const char *build = getenv("WELKOM_BUILD");
    return build && build[0] ? build : "build";
}

double bench_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

long bench_rss_kib(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

void bench_die(const char *what, const char *err)
{
    fprintf(stderr, "bench: %s: %s\n", what, err);
    exit(1);
}

void bench_open(struct bench *b, const struct bench_desc *d)
{
    char err[WK_ERR_MAX];
    char locales[512];
    snprintf(locales, sizeof locales, "%s/locale", bench_build_dir());
    *b = (struct bench){ 0 };
    if (text_open(&(struct text_config){ .fonts_dir = "fonts", .cache_budget_bytes = d->cache_budget },
                  &b->text, err))
        bench_die("text", err);
    if (i18n_open(locales, &b->i18n, err))
        bench_die("i18n", err);
    if (plat_open(&(struct plat_desc){ .headless = true, .assets_dir = "assets",
                                       .wall_clock_ms = d->wall_clock_ms }, b->text, &b->plat, err))
        bench_die("platform", err);
    if (d->speech && kiosk_speech_open(b->plat, CONFIG_DEFAULT_VOLUME, &b->speech, err))
        bench_die("speech", err);
    if (kiosk_open(&(struct kiosk_config){ .idle_timeout_ms = 600000, .content = d->content,
                                           .default_language = d->default_language,
                                           .outbox = d->outbox, .hub_key = d->hub_key,
                                           .speech = b->speech },
                   b->text, b->i18n, &b->kiosk, err))
        bench_die("kiosk", err);
    b->loop = (struct kiosk_loop){ .kiosk = b->kiosk, .plat = b->plat, .text = b->text,
                                   .first_frame_ms = -1 };
}

void bench_close(struct bench *b)
{
    kiosk_close(b->kiosk);
    speech_close(b->speech);
    plat_close(b->plat);
    i18n_close(b->i18n);
    text_close(b->text);
}

void bench_script(struct bench *b, const char *steps)
{
    char err[WK_ERR_MAX];
    if (kiosk_script_run(&b->loop, steps, err))
        bench_die(steps, err);
}

/* One pass of the UI and a draw of its frame, as the loop would do on a
 * change: what a person waits for after a touch. */
static double frame(struct bench *b)
{
    int w, h;
    plat_size(b->plat, &w, &h);
    double t0 = bench_now_ms();
    kiosk_update(b->kiosk, NULL, w, h, plat_now_ms(b->plat), plat_wall_ms(b->plat));
    plat_present(b->plat, kiosk_frame(b->kiosk));
    text_end_frame(b->text);
    return bench_now_ms() - t0;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void bench_report(const char *name, double *samples, int n)
{
    qsort(samples, (size_t)n, sizeof *samples, by_value);
    printf("%s_p50_ms=%.3f\n%s_p99_ms=%.3f\n", name, samples[n / 2], name,
           samples[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1]);
}

double bench_median(double *samples, int n)
{
    qsort(samples, (size_t)n, sizeof *samples, by_value);
    return samples[n / 2];
}

static void bench_kiosk(void)
{
    static double samples[REDRAWS];
    struct bench b;

    /* A redraw of the Arabic home screen with every text in the cache. */
    bench_open(&b, &(struct bench_desc){ 0 });
    bench_script(&b, "tap:العربية");
    frame(&b);
    struct text_stats before, after;
    text_get_stats(b.text, &before);
    for (int i = 0; i < REDRAWS; i++)
        samples[i] = frame(&b);
    text_get_stats(b.text, &after);
    bench_report("redraw_cached_ar", samples, REDRAWS);
    printf("redraw_cached_ar_layouts=%llu\n", (unsigned long long)(after.layouts - before.layouts));
    bench_close(&b);

    /* Full re-layout: a cache too small to keep anything a frame did not
     * use. From the language picker, a tap on Arabic or Dari lays out and
     * renders every text of the home screen again; the figure is the tap
     * (press and release passes) through to the new screen presented. */
    bench_open(&b, &(struct bench_desc){ .cache_budget = 1 });
    bench_script(&b, "tap:العربية");
    for (int i = 0; i < RELAYOUTS; i++) {
        bench_script(&b, i % 2 ? "tap:زبان" : "tap:اللغة");
        text_get_stats(b.text, &before);
        double t0 = bench_now_ms();
        bench_script(&b, i % 2 ? "tap:العربية" : "tap:دری");
        samples[i] = bench_now_ms() - t0;
        text_get_stats(b.text, &after);
        if (after.layouts == before.layouts)
            bench_die("relayout", "the new screen was served from the cache");
    }
    bench_report("tap_to_home_relayout_ar_fa", samples, RELAYOUTS);
    bench_close(&b);

    /* Memory: first frame, then 1000 taps through languages and screens. */
    bench_open(&b, &(struct bench_desc){ 0 });
    frame(&b);
    printf("rss_first_frame_headless_kib=%ld\n", bench_rss_kib());
    size_t count;
    const struct i18n_language *langs = i18n_languages(&count);
    int taps = 0;
    for (size_t i = 0; taps < TAPS; i++) {
        const struct i18n_language *l = &langs[i % count];
        char steps[512];
        snprintf(steps, sizeof steps, "tap:%s;tap:%s;tap:%s;tap:%s", l->endonym,
                 tr_in(b.i18n, l->code, "Help"), tr_in(b.i18n, l->code, "Back"),
                 tr_in(b.i18n, l->code, "Done"));
        bench_script(&b, steps);
        taps += 4;
    }
    printf("rss_after_1000_taps_headless_kib=%ld\n", bench_rss_kib());
    struct text_stats s;
    text_get_stats(b.text, &s);
    printf("text_cache_kib_after_1000_taps=%zu\n", s.cache_bytes / 1024);
    printf("text_cache_kib_largest_screen_1000_taps=%zu\n", s.screen_bytes_peak / 1024);
    bench_close(&b);
}

/* `run NAME...` runs those groups in this process; `run` runs each group
 * in a process of its own (this program again), so that memory and
 * allocator state are each group's own: heap one group freed stays
 * resident, and a bench may tune the allocator (bench_content.c).
 * `run fill-queue PATH N` is a tool, not a group: bench/sync.sh queues
 * rows with it for the real kiosk. */
int main(int argc, char **argv)
{
    wk_memory_policy();   /* as the kiosk's main does: the figures are the kiosk's */
    if (argc > 1 && !strcmp(argv[1], "fill-queue")) {
        if (argc != 4)
            bench_die("fill-queue", "usage: run fill-queue PATH ROWS");
        bench_fill_queue(argv[2], atoi(argv[3]));
        return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "write-source")) {     /* bench/console.sh */
        if (argc != 5)
            bench_die("write-source", "usage: run write-source DIR SERVICES ACTIVITIES");
        bench_write_source(argv[2], atoi(argv[3]), atoi(argv[4]), -1);
        return 0;
    }
    static const struct { const char *name; void (*run)(void); } groups[] = {
        { "kiosk", bench_kiosk },
        { "bundles", bench_bundles },
        { "scroll", bench_scroll },
        { "browse", bench_browse },
        { "outbox", bench_outbox },
        { "sync", bench_sync },
        { "speech", bench_speech },
        { "volunteer", bench_volunteer },
        { "hub_hours", bench_hub_hours },
        { "hub_retention", bench_hub_retention },
    };
    for (size_t g = 0; argc == 1 && g < WK_ARRAY_LEN(groups); g++) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            execl("/proc/self/exe", argv[0], groups[g].name, (char *)NULL);
            bench_die("exec /proc/self/exe", strerror(errno));
        }
        int status;
        if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
            WEXITSTATUS(status) != 0)
            bench_die(groups[g].name, "the group failed");
    }
    for (int i = 1; i < argc; i++) {
        size_t g = 0;
        while (g < WK_ARRAY_LEN(groups) && strcmp(argv[i], groups[g].name) != 0)
            g++;
        if (g == WK_ARRAY_LEN(groups))
            bench_die(argv[i], "not a benchmark group (kiosk, bundles, scroll, browse, outbox, sync, speech, volunteer,"
                      " hub_hours, hub_retention)");
        groups[g].run();
    }
    return 0;
}
