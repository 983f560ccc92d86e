/* bench_kiosk.c — frame costs and memory of the headless kiosk, printed as
 * name=value lines: the time of a redraw with cached text, of a full
 * re-layout in Arabic (every text shaped and rendered again), and the
 * resident memory after 1000 scripted taps through every language. */
#include "../app/kiosk/kiosk.h"
#include "../app/kiosk/loop.h"
#include "../app/text/text.h"
#include "../app/i18n/i18n.h"
#include "../platform/platform.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define REDRAWS 300
#define RELAYOUTS 60
#define TAPS 1000

struct bench {
    struct text_ctx *text;
    struct i18n *i18n;
    struct plat *plat;
    struct kiosk *kiosk;
    struct kiosk_loop loop;
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static long rss_kib(void)
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

static void die(const char *what, const char *err)
{
    fprintf(stderr, "bench: %s: %s\n", what, err);
    exit(1);
}

static void open_bench(struct bench *b, size_t cache_budget)
{
    char err[WK_ERR_MAX];
    const char *build = getenv("WELKOM_BUILD") ? getenv("WELKOM_BUILD") : "build";
    char locales[512];
    snprintf(locales, sizeof locales, "%s/locale", build);
    if (text_open(&(struct text_config){ .fonts_dir = "fonts", .cache_budget_bytes = cache_budget },
                  &b->text, err))
        die("text", err);
    if (i18n_open(locales, &b->i18n, err))
        die("i18n", err);
    if (plat_open(&(struct plat_desc){ .headless = true, .assets_dir = "assets" }, b->text,
                  &b->plat, err))
        die("platform", err);
    if (kiosk_open(&(struct kiosk_config){ .idle_timeout_ms = 600000 }, b->text, b->i18n,
                   &b->kiosk, err))
        die("kiosk", err);
    b->loop = (struct kiosk_loop){ .kiosk = b->kiosk, .plat = b->plat, .text = b->text,
                                   .first_frame_ms = -1 };
}

static void close_bench(struct bench *b)
{
    kiosk_close(b->kiosk);
    plat_close(b->plat);
    i18n_close(b->i18n);
    text_close(b->text);
}

static void script(struct bench *b, const char *steps)
{
    char err[WK_ERR_MAX];
    if (kiosk_script_run(&b->loop, steps, err))
        die(steps, err);
}

/* One pass of the UI and a draw of its frame, as the loop would do on a
 * change: what a person waits for after a touch. */
static double frame(struct bench *b)
{
    int w, h;
    plat_size(b->plat, &w, &h);
    double t0 = now_ms();
    kiosk_update(b->kiosk, NULL, w, h, plat_now_ms(b->plat), plat_wall_ms(b->plat));
    plat_present(b->plat, kiosk_frame(b->kiosk));
    text_end_frame(b->text);
    return now_ms() - t0;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void report(const char *name, double *samples, int n)
{
    qsort(samples, (size_t)n, sizeof *samples, by_value);
    printf("%s_p50_ms=%.3f\n%s_p99_ms=%.3f\n", name, samples[n / 2], name,
           samples[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1]);
}

int main(void)
{
    static double samples[REDRAWS];
    struct bench b;

    /* A redraw of the Arabic home screen with every text in the cache. */
    open_bench(&b, 0);
    script(&b, "tap:العربية");
    frame(&b);
    struct text_stats before, after;
    text_get_stats(b.text, &before);
    for (int i = 0; i < REDRAWS; i++)
        samples[i] = frame(&b);
    text_get_stats(b.text, &after);
    report("redraw_cached_ar", samples, REDRAWS);
    printf("redraw_cached_ar_layouts=%llu\n", (unsigned long long)(after.layouts - before.layouts));
    close_bench(&b);

    /* Full re-layout: a cache too small to keep anything a frame did not
     * use. From the language picker, a tap on Arabic or Dari lays out and
     * renders every text of the home screen again; the figure is the tap
     * (press and release passes) through to the new screen presented. */
    open_bench(&b, 1);
    script(&b, "tap:العربية");
    for (int i = 0; i < RELAYOUTS; i++) {
        script(&b, i % 2 ? "tap:زبان" : "tap:اللغة");
        text_get_stats(b.text, &before);
        double t0 = now_ms();
        script(&b, i % 2 ? "tap:العربية" : "tap:دری");
        samples[i] = now_ms() - t0;
        text_get_stats(b.text, &after);
        if (after.layouts == before.layouts)
            die("relayout", "the new screen was served from the cache");
    }
    report("tap_to_home_relayout_ar_fa", samples, RELAYOUTS);
    close_bench(&b);

    /* Memory: first frame, then 1000 taps through languages and screens. */
    open_bench(&b, 0);
    frame(&b);
    printf("rss_first_frame_headless_kib=%ld\n", rss_kib());
    size_t count;
    const struct i18n_language *langs = i18n_languages(&count);
    int taps = 0;
    for (size_t i = 0; taps < TAPS; i++) {
        const struct i18n_language *l = &langs[i % count];
        char steps[512];
        snprintf(steps, sizeof steps, "tap:%s;tap:%s;tap:%s;tap:%s", l->endonym,
                 tr_in(b.i18n, l->code, "Help"), tr_in(b.i18n, l->code, "Back"),
                 tr_in(b.i18n, l->code, "Done"));
        script(&b, steps);
        taps += 4;
    }
    printf("rss_after_1000_taps_headless_kib=%ld\n", rss_kib());
    struct text_stats s;
    text_get_stats(b.text, &s);
    printf("text_cache_kib_after_1000_taps=%zu\n", s.cache_bytes / 1024);
    close_bench(&b);
    return 0;
}
