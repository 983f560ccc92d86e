/* bench_content.c — what content costs the kiosk, printed as name=value
 * lines (bench/README.md says what each means and its aim):
 *   - opening the demo bundle (read, BLAKE2b + Ed25519, deserialize,
 *     quick_check, load) and switching its texts to Arabic;
 *   - the same for a generated bundle of 5,000 items in 11 languages, built
 *     with the real welkomctl code and signed with the test key, and the
 *     sessions of a week in it;
 *   - a momentum scroll through 200 activities in Arabic: every frame the
 *     loop draws while a finger flicks the list and it glides to rest;
 *   - memory after browsing every screen of the demo bundle in every
 *     language.
 * Generated sources live in a mkdtemp() directory under /tmp, removed at
 * exit. */
#include "bench.h"
#include "../app/content/content.h"
#include "../app/kiosk/bundles.h"
#include "../app/text/text.h"
#include "../app/i18n/i18n.h"
#include "../platform/platform.h"
#include "../tools/welkomctl/welkomctl.h"

#include <errno.h>
#include <ftw.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define PATH_BYTES 1024
#define MAX_RUNS 64
#define BENCH_MMAP_THRESHOLD (128 * 1024)
#define DEMO_OPENS 20
#define DEMO_SWITCHES 20
#define BIG_SERVICES 2500
#define BIG_ACTIVITIES 2500
#define BIG_OPENS 7
#define BIG_SWITCHES 7
#define BIG_SESSION_RUNS 21
#define WEEK_DAYS 7
#define SCROLL_ACTIVITIES 200
#define SCROLL_SERVICES 20
/* A flick: the finger moves FLICK_MOVES times, one 60 Hz sample apart, in
 * ~150 ms (504 px: 3.5 px/ms, a brisk flick that glides ~1.1k px), then
 * lets go; FLINGS of them, half down the list, half back. */
#define FLICK_MOVES 9
#define FLICK_STEP_PX 56
#define FLICK_EDGE_PX 12
#define FLICK_SAMPLE_MS 16
#define FLINGS 8
#define SCROLL_MAX_FRAMES 4000
/* Browsing: a list is paged with slow drags (the finger rests before it
 * lets go, so nothing glides); at most this many pages or drags. */
#define BROWSE_MAX_PAGES 40
#define BROWSE_MAX_VISITED 256
#define BROWSE_LABEL_BYTES 256
#define BROWSE_PAGE_MOVES 2
#define BROWSE_REST_MS 150
#define BROWSE_MIN_TAP_PX 24
#define TEST_KEY "assets/demo/keys/test-publisher"

/* Times in bundles are local to Europe/Brussels, as on a kiosk there. */
static void local_time(void)
{
    setenv("TZ", "Europe/Brussels", 1);
    tzset();
}

/* --- opening bundles ------------------------------------------------- */

/* The median time of `runs` content_open() + content_close(). */
static double open_ms(const char *bundle, const struct content_keys *keys, int runs)
{
    double samples[MAX_RUNS];
    char err[WK_ERR_MAX] = "";
    runs = WK_MIN(runs, MAX_RUNS);
    for (int i = 0; i < runs; i++) {
        struct content *c = NULL;
        double t0 = bench_now_ms();
        if (content_open(bundle, keys, &c, err))
            bench_die(bundle, err);
        samples[i] = bench_now_ms() - t0;
        content_close(c);
    }
    return bench_median(samples, runs);
}

/* The median time of a switch to `lang`, switching back to nl between. */
static double switch_ms(struct content *c, const char *lang, int runs)
{
    double samples[MAX_RUNS];
    char err[WK_ERR_MAX] = "";
    runs = WK_MIN(runs, MAX_RUNS);
    for (int i = 0; i < runs; i++) {
        double t0 = bench_now_ms();
        if (content_use_language(c, lang, err))
            bench_die(lang, err);
        samples[i] = bench_now_ms() - t0;
        if (content_use_language(c, "nl", err))
            bench_die("nl", err);
    }
    return bench_median(samples, runs);
}

static struct content *open_or_die(const char *bundle, const struct content_keys *keys)
{
    char err[WK_ERR_MAX] = "";
    struct content *c = NULL;
    if (content_open(bundle, keys, &c, err))
        bench_die(bundle, err);
    return c;
}

static void demo_bundle(const char *demo_dir)
{
    char bundle[PATH_BYTES + 32], pub[PATH_BYTES + 32];
    snprintf(bundle, sizeof bundle, "%s/bundle.db", demo_dir);
    snprintf(pub, sizeof pub, "%s/publisher.pub", demo_dir);
    struct content_keys keys = bench_keys_from(pub);
    printf("content_open_demo_ms=%.3f\n", open_ms(bundle, &keys, DEMO_OPENS));
    struct content *c = open_or_die(bundle, &keys);
    printf("content_use_language_demo_ar_ms=%.3f\n", switch_ms(c, "ar", DEMO_SWITCHES));
    content_close(c);
}

static void big_bundle(const char *dir, const struct content_keys *keys)
{
    char src[PATH_BYTES], bundle[PATH_BYTES];
    snprintf(src, sizeof src, "%s/big", dir);
    snprintf(bundle, sizeof bundle, "%s/big.db", dir);
    if (mkdir(src, 0755))
        bench_die(src, strerror(errno));
    bench_write_source(src, BIG_SERVICES, BIG_ACTIVITIES, -1);
    printf("build_5000_items_ms=%.1f\n", bench_build_bundle(src, bundle));
    struct stat st;
    if (stat(bundle, &st))
        bench_die(bundle, strerror(errno));
    printf("bundle_5000_items_bytes=%lld\n", (long long)st.st_size);
    bench_sign(bundle);

    /* The signature check alone (read, BLAKE2b, Ed25519), then all of it. */
    char sig[PATH_BYTES + 8], err[WK_ERR_MAX] = "";
    double samples[MAX_RUNS];
    snprintf(sig, sizeof sig, "%s.sig", bundle);
    for (int i = 0; i < BIG_OPENS; i++) {
        double t0 = bench_now_ms();
        if (content_verify(bundle, sig, keys, err))
            bench_die(bundle, err);
        samples[i] = bench_now_ms() - t0;
    }
    printf("content_verify_5000_items_ms=%.3f\n", bench_median(samples, BIG_OPENS));
    printf("content_verify_open_5000_items_ms=%.3f\n", open_ms(bundle, keys, BIG_OPENS));
    long rss_before = bench_rss_kib();
    struct content *c = open_or_die(bundle, keys);
    printf("content_use_language_5000_items_ms=%.3f\n", switch_ms(c, "ar", BIG_SWITCHES));
    /* What holding it costs: the file's bytes (SQLite reads them in place)
     * and the structs and texts of one language. */
    printf("content_5000_items_rss_kib=%ld\n", bench_rss_kib() - rss_before);

    int32_t first = content_day_from_ymd(2026, 1, 5);
    size_t n = content_sessions(c, first, first + WEEK_DAYS - 1, NULL, 0);
    struct content_session *out = malloc((n + 1) * sizeof *out);
    if (!out)
        bench_die("sessions", "out of memory");
    for (int i = 0; i < BIG_SESSION_RUNS; i++) {
        double t0 = bench_now_ms();
        content_sessions(c, first, first + WEEK_DAYS - 1, out, n);
        samples[i] = bench_now_ms() - t0;
    }
    printf("content_sessions_week_5000_items_ms=%.3f\n", bench_median(samples, BIG_SESSION_RUNS));
    printf("content_sessions_week_5000_items_count=%zu\n", n);
    free(out);
    content_close(c);
}

/* --- scrolling --------------------------------------------------------- */

struct frames {
    double ms[SCROLL_MAX_FRAMES];
    int count, shaping, presented;
    uint64_t layouts;
};

static bool gliding(const struct bench *b)
{
    int64_t now = plat_now_ms(b->plat);
    return kiosk_next_deadline(b->kiosk, now, plat_wall_ms(b->plat)) <=
           now + KIOSK_ANIMATION_FRAME_MS;
}

/* One turn of the loop, timed: the event (if any) or the glide's next
 * step, the UI pass, and the draw into the headless surface. */
static void timed_turn(struct bench *b, const struct wk_event *ev, struct frames *fr)
{
    struct text_stats before, after;
    uint64_t presented = plat_frames_presented(b->plat);
    text_get_stats(b->text, &before);
    double t0 = bench_now_ms();
    if (ev)
        plat_inject(b->plat, ev);
    kiosk_loop_once(&b->loop, ev ? 0 : -1);
    double ms = bench_now_ms() - t0;
    text_get_stats(b->text, &after);
    if (fr && fr->count < SCROLL_MAX_FRAMES) {
        fr->ms[fr->count++] = ms;
        fr->shaping += after.layouts > before.layouts;
        fr->layouts += after.layouts - before.layouts;
        fr->presented += plat_frames_presented(b->plat) > presented;
    }
}

/* Lets the fake clock move on by ms with nothing happening, as between
 * two samples of a moving finger. */
static void pass_time(struct bench *b, int ms)
{
    struct wk_event ev;
    plat_wait_event(b->plat, ms, &ev);
}

/* A finger down at (x, y), moved by dy in `moves` samples 16 ms apart;
 * with rest_ms > 0 it stops that long before it lets go (no glide). Then
 * every turn until the list is still. */
static void drag(struct bench *b, int x, int y, int dy, int moves, int rest_ms, struct frames *fr)
{
    timed_turn(b, &(struct wk_event){ .type = WK_EV_POINTER_DOWN, .x = x, .y = y }, fr);
    for (int i = 1; i <= moves; i++) {
        pass_time(b, FLICK_SAMPLE_MS);
        timed_turn(b, &(struct wk_event){ .type = WK_EV_POINTER_MOVE, .x = x,
                                          .y = y + dy * i / moves }, fr);
    }
    pass_time(b, rest_ms > 0 ? rest_ms : FLICK_SAMPLE_MS);
    timed_turn(b, &(struct wk_event){ .type = WK_EV_POINTER_UP, .x = x, .y = y + dy }, fr);
    for (int i = 0; i < SCROLL_MAX_FRAMES && gliding(b); i++)
        timed_turn(b, NULL, fr);
}

/* The part of the screen where the rows of a list show, from the row
 * widgets in the frame; false if there are none. */
static bool list_window(const struct bench *b, struct ui_rect *out)
{
    const struct ui_frame *f = kiosk_frame(b->kiosk);
    int top = INT32_MAX, bottom = -1;
    for (size_t i = 0; i < f->widget_count; i++) {
        const struct ui_widget *w = &f->widgets[i];
        if (w->kind != UI_WIDGET_ROW && w->kind != UI_WIDGET_TILE)
            continue;
        *out = w->rect;
        top = WK_MIN(top, w->rect.y);
        bottom = WK_MAX(bottom, w->rect.y + w->rect.h);
    }
    out->y = top;
    out->h = bottom - top;
    return bottom >= 0;
}

static void scroll_list(const char *dir, const struct content_keys *keys)
{
    char src[PATH_BYTES], bundle[PATH_BYTES], steps[512];
    snprintf(src, sizeof src, "%s/scroll", dir);
    snprintf(bundle, sizeof bundle, "%s/scroll.db", dir);
    if (mkdir(src, 0755))
        bench_die(src, strerror(errno));
    /* Every activity on Mondays, after 10:30: the fake clock's Monday
     * 2026-01-05 10:00 shows all 200 under "Today". */
    bench_write_source(src, SCROLL_SERVICES, SCROLL_ACTIVITIES, 0);
    bench_build_bundle(src, bundle);
    bench_sign(bundle);
    struct content *c = kiosk_load_content(&(struct kiosk_content_desc){ .bundle = bundle,
                                                                         .keys = keys });
    if (!c)
        bench_die(bundle, "refused (see the log)");

    struct bench b;
    bench_open(&b, &(struct bench_desc){ .content = c, .default_language = "ar" });
    snprintf(steps, sizeof steps, "tap:%s;tap:%s;tap:%s", i18n_find_language("ar")->endonym,
             tr_in(b.i18n, "ar", "What's on"), tr_in(b.i18n, "ar", "Today"));
    bench_script(&b, steps);
    struct ui_rect list;
    if (kiosk_screen(b.kiosk) != SCREEN_WHATS_ON || !list_window(&b, &list))
        bench_die("scroll", "What's on shows no list");

    int32_t today = content_day_from_ymd(2026, 1, 5);
    if (content_sessions(kiosk_content(b.kiosk), today, today, NULL, 0) != SCROLL_ACTIVITIES)
        bench_die("scroll", "the bundle does not have 200 sessions today");

    static struct frames fr;
    int x = list.x + list.w / 2, travel = FLICK_MOVES * FLICK_STEP_PX;
    for (int i = 0; i < FLINGS; i++) {
        /* A finger moving up the screen moves down the list; then back. */
        if (i < FLINGS / 2)
            drag(&b, x, list.y + list.h - FLICK_EDGE_PX, -travel, FLICK_MOVES, 0, &fr);
        else
            drag(&b, x, list.y + FLICK_EDGE_PX, travel, FLICK_MOVES, 0, &fr);
    }
    if (fr.count < FLINGS * (FLICK_MOVES + 10))
        bench_die("scroll", "the list did not glide");
    printf("scroll_whats_on_200_ar_frames=%d\n", fr.count);
    printf("scroll_whats_on_200_ar_presented=%d\n", fr.presented);
    printf("scroll_whats_on_200_ar_frames_shaping=%d\n", fr.shaping);
    printf("scroll_whats_on_200_ar_layouts=%llu\n", (unsigned long long)fr.layouts);
    bench_report("scroll_whats_on_200_ar_frame", fr.ms, fr.count);
    bench_close(&b);
}

/* --- browsing everything ------------------------------------------------ */

struct browse {
    struct bench *b;
    const char *lang;
    int screens;
};

static void tap_at(struct bench *b, int x, int y)
{
    timed_turn(b, &(struct wk_event){ .type = WK_EV_POINTER_DOWN, .x = x, .y = y }, NULL);
    timed_turn(b, &(struct wk_event){ .type = WK_EV_POINTER_UP, .x = x, .y = y }, NULL);
}

/* Taps the widget showing the translation of msgid. */
static void tap_label(struct browse *br, const char *msgid)
{
    const char *label = tr_in(br->b->i18n, br->lang, msgid);
    const struct ui_widget *w = kiosk_find_widget(br->b->kiosk, label);
    if (!w)
        bench_die(label, "not on screen");
    tap_at(br->b, w->rect.x + w->rect.w / 2, w->rect.y + w->rect.h / 2);
}

/* The same, for a tap that must change the screen. */
static void tap_ui(struct browse *br, const char *msgid)
{
    uint64_t before = kiosk_frame(br->b->kiosk)->fingerprint;
    tap_label(br, msgid);
    if (kiosk_frame(br->b->kiosk)->fingerprint == before)
        bench_die(tr_in(br->b->i18n, br->lang, msgid), "the tap changed nothing");
}

/* Scrolls a page to its end with slow drags. */
static void scroll_through(struct bench *b)
{
    int w, h;
    plat_size(b->plat, &w, &h);
    for (int i = 0; i < BROWSE_MAX_PAGES; i++) {
        uint64_t before = kiosk_frame(b->kiosk)->fingerprint;
        drag(b, w / 2, h * 7 / 8, -h * 5 / 8, BROWSE_PAGE_MOVES, BROWSE_REST_MS, NULL);
        if (kiosk_frame(b->kiosk)->fingerprint == before)
            break;
    }
}

static bool seen_before(char (*visited)[BROWSE_LABEL_BYTES], int n, const char *label)
{
    for (int i = 0; i < n; i++)
        if (strcmp(visited[i], label) == 0)
            return true;
    return false;
}

/* Opens every row or tile of the list on screen, one after the other,
 * paging down to reach them (back from an item shows the list from the
 * top again), and calls visit on each opened screen before going back. */
static void visit_all(struct browse *br, enum ui_widget_kind kind, void (*visit)(struct browse *))
{
    char visited[BROWSE_MAX_VISITED][BROWSE_LABEL_BYTES];   /* a list has no other ids */
    int n = 0;
    for (bool opened = true; opened && n < BROWSE_MAX_VISITED;) {
        opened = false;
        for (int page = 0; page < BROWSE_MAX_PAGES && !opened; page++) {
            const struct ui_frame *f = kiosk_frame(br->b->kiosk);
            for (size_t i = 0; i < f->widget_count && !opened; i++) {
                const struct ui_widget *w = &f->widgets[i];
                if (w->kind != kind || w->rect.h < BROWSE_MIN_TAP_PX ||
                    seen_before(visited, n, w->label))
                    continue;
                snprintf(visited[n++], sizeof visited[0], "%s", w->label);
                enum screen_id list_screen = kiosk_screen(br->b->kiosk);
                tap_at(br->b, w->rect.x + w->rect.w / 2, w->rect.y + w->rect.h / 2);
                if (kiosk_screen(br->b->kiosk) == list_screen)
                    bench_die(visited[n - 1], "the tap opened nothing");
                br->screens++;
                visit(br);
                tap_ui(br, "Back");
                opened = true;
            }
            struct ui_rect list;
            if (opened || !list_window(br->b, &list))
                break;
            uint64_t before = f->fingerprint;
            drag(br->b, list.x + list.w / 2, list.y + list.h * 5 / 6, -list.h * 2 / 3,
                 BROWSE_PAGE_MOVES, BROWSE_REST_MS, NULL);
            if (kiosk_frame(br->b->kiosk)->fingerprint == before)
                break;                /* the end of the list */
        }
    }
}

static void visit_page(struct browse *br) { scroll_through(br->b); }

static void visit_services(struct browse *br) { visit_all(br, UI_WIDGET_ROW, visit_page); }

void bench_browse(void)
{
    char demo_dir[PATH_BYTES];
    snprintf(demo_dir, sizeof demo_dir, "%s/demo", bench_build_dir());
    local_time();
    struct content_keys none = { 0 };
    struct content *c = kiosk_load_content(&(struct kiosk_content_desc){ .demo_dir = demo_dir,
                                                                         .keys = &none });
    if (!c)
        bench_die(demo_dir, "the demo bundle was refused (see the log)");
    struct bench b;
    bench_open(&b, &(struct bench_desc){ .content = c });
    bench_script(&b, "wait:1");
    printf("rss_first_frame_demo_content_kib=%ld\n", bench_rss_kib());
    static const char *const tabs[] = { "Today", "Tomorrow", "This week" };
    size_t count;
    const struct i18n_language *langs = i18n_languages(&count);
    struct browse br = { .b = &b };
    double t0 = bench_now_ms();
    for (size_t l = 0; l < count; l++) {
        char step[256];
        br.lang = langs[l].code;
        snprintf(step, sizeof step, "tap:%s", langs[l].endonym);
        bench_script(&b, step);
        br.screens++;
        tap_ui(&br, "Services");
        br.screens++;
        visit_all(&br, UI_WIDGET_TILE, visit_services);
        tap_ui(&br, "Back");
        tap_ui(&br, "What's on");
        for (size_t t = 0; t < WK_ARRAY_LEN(tabs); t++) {
            tap_label(&br, tabs[t]);   /* the tab What's on opens on takes it as a no-op */
            br.screens++;
            visit_all(&br, UI_WIDGET_ROW, visit_page);
        }
        tap_ui(&br, "Done");
        if (kiosk_screen(b.kiosk) != SCREEN_ATTRACT)
            bench_die(langs[l].code, "Done did not end the session");
    }
    double ms = bench_now_ms() - t0;
    struct text_stats s;
    text_get_stats(b.text, &s);
    printf("browse_all_languages_screens=%d\n", br.screens);
    printf("browse_all_languages_s=%.1f\n", ms / 1000);
    printf("rss_after_browsing_all_languages_kib=%ld\n", bench_rss_kib());
    printf("text_cache_kib_after_browsing=%zu\n", s.cache_bytes / 1024);
    printf("text_cache_kib_largest_screen=%zu\n", s.screen_bytes_peak / 1024);
    bench_close(&b);
}

void bench_bundles(void)
{
    char demo_dir[PATH_BYTES];
    local_time();
    /* A kiosk reads its bundle once, into fresh pages. A fixed mmap
     * threshold (glibc's default value, but no longer raised after the
     * first big free) gives every open here fresh pages too, and gives
     * each freed bundle back, so the resident set after one says what
     * holding a bundle costs. */
    mallopt(M_MMAP_THRESHOLD, BENCH_MMAP_THRESHOLD);
    snprintf(demo_dir, sizeof demo_dir, "%s/demo", bench_build_dir());
    demo_bundle(demo_dir);
    struct content_keys test_keys = bench_keys_from(TEST_KEY ".pub");
    big_bundle(bench_tmp_dir(), &test_keys);
}

void bench_scroll(void)
{
    local_time();
    struct content_keys test_keys = bench_keys_from(TEST_KEY ".pub");
    scroll_list(bench_tmp_dir(), &test_keys);
}
