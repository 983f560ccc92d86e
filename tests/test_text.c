/* test_text.c — the text engine with the real shipped fonts: Arabic joins,
 * Tigrinya uses the Ethiopic font, mixed Arabic/Latin/digits come out in
 * the right visual order, wrapping and truncation stay inside the box, the
 * cache does no work twice and keeps to its budget, and missing fonts or
 * broken UTF-8 are handled. */
#include "test.h"
#include "../app/text/text_internal.h"

#include <stdlib.h>

#define AR_HELLO "\u0645\u0631\u062d\u0628\u0627"   /* مرحبا */
#define ZWNJ "\u200c"
#define AR_HELLO_UNJOINED "\u0645" ZWNJ "\u0631" ZWNJ "\u062d" ZWNJ "\u0628" ZWNJ "\u0627"
#define TI_TIGRINYA "\u1275\u130d\u122d\u129b"       /* ትግርኛ */
#define AR_ADDRESS "\u0627\u0644\u0639\u0646\u0648\u0627\u0646: Main Street 12"

static const char *const font_files[] = {
    "NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
    "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf",
    "NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf",
};

static struct text_ctx *open_dir(const char *dir, size_t budget)
{
    char err[WK_ERR_MAX] = "";
    struct text_ctx *ctx = NULL;
    int rc = text_open(&(struct text_config){ .fonts_dir = dir, .cache_budget_bytes = budget },
                       &ctx, err);
    if (rc)
        test_fail(__FILE__, __LINE__, "text_open(%s): %d %s", dir, rc, err);
    return ctx;
}

static struct text_ctx *open_fonts(size_t budget)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/fonts", test_root());
    return open_dir(dir, budget);
}

/* Copies the shipped fonts into the test's temp dir, leaving out those
 * whose name contains skip. */
static const char *copy_fonts_without(const char *skip)
{
    static char dir[1024];
    snprintf(dir, sizeof dir, "%s", test_tmpdir());
    for (size_t i = 0; i < WK_ARRAY_LEN(font_files); i++) {
        if (strstr(font_files[i], skip))
            continue;
        char from[1200], to[1200];
        snprintf(from, sizeof from, "%s/fonts/%s", test_root(), font_files[i]);
        snprintf(to, sizeof to, "%s/%s", dir, font_files[i]);
        FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
        CHECK(in && out);
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, in)) > 0)
            CHECK(fwrite(buf, 1, n, out) == n);
        fclose(in);
        fclose(out);
    }
    return dir;
}

static const struct text_run *find_run(const struct text_layout *l, const char *needle)
{
    for (int i = 0; i < l->run_count; i++)
        if (strstr(l->pool + l->runs[i].text, needle))
            return &l->runs[i];
    return NULL;
}

TEST(text_arabic_letters_join)
{
    struct text_ctx *ctx = open_fonts(0);
    struct text_style st = { .size = 32, .rtl = true, .lang = "ar" };
    struct text_image *joined = text_render(ctx, AR_HELLO, &st);
    CHECK(joined && joined->surface);
    int joined_w = joined->metrics.width;
    struct text_image *apart = text_render(ctx, AR_HELLO_UNJOINED, &st);
    CHECK(apart && apart->surface);
    /* Joined (initial/medial/final) forms are narrower than isolated ones. */
    CHECK(joined_w > 0);
    CHECK(joined_w < apart->metrics.width);
    CHECK_INT_EQ(joined->surface->w, joined_w);
    const struct text_layout *l = text_layout_of(ctx, AR_HELLO, &st);
    CHECK_INT_EQ(l->run_count, 1);
    CHECK_INT_EQ(l->runs[0].face, TEXT_FACE_ARABIC);
    CHECK(l->runs[0].rtl);
    CHECK_STR_EQ(l->runs[0].script, "Arab");
    text_close(ctx);
}

TEST(text_tigrinya_uses_ethiopic_font)
{
    struct text_ctx *ctx = open_fonts(0);
    struct text_style st = { .size = 24, .lang = "ti" };
    struct text_metrics m;
    CHECK_OK(text_measure(ctx, TI_TIGRINYA, &st, &m));
    CHECK(m.width > 0);
    CHECK_INT_EQ(m.lines, 1);
    const struct text_layout *l = text_layout_of(ctx, TI_TIGRINYA, &st);
    CHECK_INT_EQ(l->faces_used, 1u << TEXT_FACE_ETHIOPIC);
    CHECK_STR_EQ(l->runs[0].script, "Ethi");
    struct text_image *img = text_render(ctx, TI_TIGRINYA, &st);
    CHECK(img && img->surface && img->surface->w == m.width);
    text_close(ctx);
}

TEST(text_arabic_with_latin_address_in_visual_order)
{
    struct text_ctx *ctx = open_fonts(0);
    struct text_style st = { .size = 24, .rtl = true, .lang = "ar" };
    const struct text_layout *l = text_layout_of(ctx, AR_ADDRESS, &st);
    CHECK(l && l->line_count == 1);
    const struct text_run *latin = find_run(l, "Main Street 12");
    const struct text_run *arabic = find_run(l, "\u0627\u0644\u0639\u0646\u0648\u0627\u0646");
    CHECK(latin && arabic);
    CHECK(!latin->rtl && arabic->rtl);
    CHECK_INT_EQ(latin->face, TEXT_FACE_LATIN);
    CHECK_INT_EQ(arabic->face, TEXT_FACE_ARABIC);
    CHECK(latin->x + latin->width <= arabic->x);   /* the address is left of the word */
    text_close(ctx);
}

TEST(text_phone_number_in_arabic_stays_ltr_between_words)
{
    struct text_ctx *ctx = open_fonts(0);
    struct text_style st = { .size = 24, .rtl = true, .lang = "ar" };
    /* "call 0612345678 now": first word rightmost, number in the middle. */
    const char *s = "\u0627\u062a\u0635\u0644 0612345678 \u0627\u0644\u0622\u0646";
    const struct text_layout *l = text_layout_of(ctx, s, &st);
    const struct text_run *first = find_run(l, "\u0627\u062a\u0635\u0644");
    const struct text_run *num = find_run(l, "0612345678");
    const struct text_run *last = find_run(l, "\u0627\u0644\u0622\u0646");
    CHECK(first && num && last);
    CHECK(!num->rtl);                              /* digits shaped left to right */
    CHECK(last->x < num->x && num->x < first->x);
    /* Mixed fonts on one line share a baseline. */
    CHECK_INT_EQ(l->lines[0].ascent, l->metrics.baseline);
    text_close(ctx);
}

TEST(text_dutch_phone_number_in_arabic_reads_left_to_right)
{
    struct text_ctx *ctx = open_fonts(0);
    struct text_style st = { .size = 24, .rtl = true, .lang = "ar" };
    /* "call us on 020-1234567 or +31 6 12345678" */
    const char *s = "\u0627\u062a\u0635\u0644\u0648\u0627 \u0639\u0644\u0649 020-1234567 "
                    "\u0623\u0648 +31 6 12345678";
    const struct text_layout *l = text_layout_of(ctx, s, &st);
    const struct text_run *local = find_run(l, "020-1234567");
    const struct text_run *intl = find_run(l, "+31 6 12345678");
    CHECK(local && !local->rtl);
    CHECK(intl && !intl->rtl);
    CHECK(intl->x < local->x);      /* the later number is further left */
    /* A range of hours keeps plain bidi: 17 is visually left of 9. */
    const char *hours = "\u0645\u0646 9-17";
    l = text_layout_of(ctx, hours, &st);
    const struct text_run *nine = find_run(l, "9");
    const struct text_run *five = find_run(l, "17");
    CHECK(nine && five && nine != five && five->x < nine->x);
    text_close(ctx);
}

/* Lays out text wrapped to max_width and checks every line fits. */
static void check_wraps(const char *text, const char *lang, bool rtl, int face)
{
    struct text_ctx *ctx = open_fonts(0);
    struct text_style st = { .size = 20, .rtl = rtl, .lang = lang, .max_width = 220 };
    const struct text_layout *l = text_layout_of(ctx, text, &st);
    CHECK(l);
    CHECK(l->line_count > 1);
    for (int i = 0; i < l->line_count; i++) {
        CHECK(l->lines[i].width <= 220);
        CHECK(l->lines[i].width > 0);
    }
    CHECK(l->metrics.width <= 220);
    CHECK(l->faces_used & (1u << face));
    struct text_image *img = text_render(ctx, text, &st);
    CHECK(img && img->surface && img->surface->w <= 220);
    CHECK_INT_EQ(img->surface->h, l->metrics.height);
    text_close(ctx);
}

TEST(text_wraps_latin)
{
    check_wraps("Welcome to the reception centre. Here you find activities, opening "
                "hours and how to reach the staff.", "en", false, TEXT_FACE_LATIN);
}

TEST(text_wraps_arabic)
{
    check_wraps("\u0645\u0631\u062d\u0628\u0627 \u0628\u0643\u0645 \u0641\u064a "
                "\u0645\u0631\u0643\u0632 \u0627\u0644\u0627\u0633\u062a\u0642\u0628"
                "\u0627\u0644. \u0647\u0646\u0627 \u062a\u062c\u062f \u0627\u0644\u0623"
                "\u0646\u0634\u0637\u0629 \u0648\u0645\u0648\u0627\u0639\u064a\u062f "
                "\u0627\u0644\u0639\u0645\u0644 \u0648\u0643\u064a\u0641\u064a\u0629 "
                "\u0627\u0644\u0648\u0635\u0648\u0644 \u0625\u0644\u0649 \u0627\u0644"
                "\u0645\u0648\u0638\u0641\u064a\u0646.", "ar", true, TEXT_FACE_ARABIC);
}

TEST(text_wraps_tigrinya)
{
    check_wraps("\u12a5\u1295\u124b\u12d5 \u1293\u1265 \u121b\u12d5\u12a8\u120d "
                "\u1218\u1240\u1260\u120d \u1260\u1230\u120b\u121d \u1218\u133b\u12a5\u12b9\u121d\u1361 "
                "\u12a3\u1265\u12da \u1295\u1325\u1348\u1273\u1275 \u12a3\u1308\u120d\u130d\u120e\u1275 "
                "\u12ad\u1275\u1228\u12a8\u1261 \u1275\u12bd\u12a5\u120d\u12e9\u1361",
                "ti", false, TEXT_FACE_ETHIOPIC);
}

TEST(text_word_wider_than_box_is_cut)
{
    struct text_ctx *ctx = open_fonts(0);
    struct text_style st = { .size = 20, .max_width = 60 };
    const struct text_layout *l = text_layout_of(ctx, "Aansprakelijkheidsverzekering", &st);
    CHECK(l->line_count > 1);
    for (int i = 0; i < l->line_count; i++)
        CHECK(l->lines[i].width <= 60);
    text_close(ctx);
}

static const char *last_visual_run_text(const struct text_layout *l, bool rightmost)
{
    const struct text_line *ln = &l->lines[l->line_count - 1];
    int i = rightmost ? ln->first_run + ln->run_count - 1 : ln->first_run;
    return l->pool + l->runs[i].text;
}

TEST(text_max_lines_truncates_with_ellipsis)
{
    struct text_ctx *ctx = open_fonts(0);
    struct text_style st = { .size = 20, .max_width = 150, .max_lines = 1 };
    const char *s = "Registration for the football match on Saturday";
    struct text_metrics m;
    CHECK_OK(text_measure(ctx, s, &st, &m));
    CHECK(m.truncated);
    CHECK_INT_EQ(m.lines, 1);
    CHECK(m.width <= 150 && m.width > 100);
    const struct text_layout *l = text_layout_of(ctx, s, &st);
    const char *end = last_visual_run_text(l, true);
    CHECK(strlen(end) >= 3 && strcmp(end + strlen(end) - 3, "\u2026") == 0);

    /* In an RTL paragraph the ellipsis is at the left end. */
    struct text_style ar = { .size = 20, .max_width = 120, .max_lines = 1, .rtl = true,
                             .lang = "ar" };
    const char *as = "\u0645\u0631\u062d\u0628\u0627 \u0628\u0643\u0645 \u0641\u064a "
                     "\u0645\u0631\u0643\u0632 \u0627\u0644\u0627\u0633\u062a\u0642\u0628\u0627\u0644";
    CHECK_OK(text_measure(ctx, as, &ar, &m));
    CHECK(m.truncated && m.lines == 1 && m.width <= 120);
    l = text_layout_of(ctx, as, &ar);
    CHECK(strstr(last_visual_run_text(l, false), "\u2026"));

    /* Two lines allowed: the second ends in the ellipsis. */
    st.max_lines = 2;
    CHECK_OK(text_measure(ctx, "one two three four five six seven eight nine ten eleven", &st, &m));
    CHECK(m.truncated && m.lines == 2 && m.width <= 150);
    /* Text that fits is not truncated. */
    CHECK_OK(text_measure(ctx, "Short", &st, &m));
    CHECK(!m.truncated && m.lines == 1);
    text_close(ctx);
}

TEST(text_hard_breaks_make_lines)
{
    struct text_ctx *ctx = open_fonts(0);
    struct text_metrics one, three;
    CHECK_OK(text_measure(ctx, "Open", NULL, &one));
    CHECK_OK(text_measure(ctx, "Open\n\nClosed", NULL, &three));
    CHECK_INT_EQ(three.lines, 3);
    CHECK_INT_EQ(three.height, 3 * one.height);
    struct text_style cut = { .max_lines = 2 };
    CHECK_OK(text_measure(ctx, "a\nb\nc", &cut, &three));
    CHECK(three.truncated && three.lines == 2);
    text_close(ctx);
}

/* The leftmost column with ink in rows [y0, y1) of s, or -1. */
static int leftmost_ink(const SDL_Surface *s, int y0, int y1)
{
    int best = -1;
    for (int y = y0; y < y1; y++) {
        const uint32_t *p = (const uint32_t *)((const uint8_t *)s->pixels + y * s->pitch);
        for (int x = 0; x < s->w; x++)
            if (p[x] >> 24) {
                if (best < 0 || x < best)
                    best = x;
                break;
            }
    }
    return best;
}

TEST(text_rtl_lines_align_right)
{
    struct text_ctx *ctx = open_fonts(0);
    struct text_style st = { .size = 20, .rtl = true, .lang = "ar", .color = 0x000000ff };
    struct text_image *img = text_render(ctx, AR_HELLO " " AR_HELLO " " AR_HELLO "\n" AR_HELLO, &st);
    CHECK(img && img->surface);
    const struct text_layout *l = text_layout_of(ctx, AR_HELLO " " AR_HELLO " " AR_HELLO "\n" AR_HELLO, &st);
    int first = leftmost_ink(img->surface, 0, l->lines[1].y);
    int second = leftmost_ink(img->surface, l->lines[1].y, img->surface->h);
    CHECK(first >= 0 && first < 5);
    CHECK(second > img->surface->w / 2);     /* the short line hugs the right */
    uint32_t px = 0;
    for (int y = 0; y < img->surface->h && !px; y++)
        for (int x = 0; x < img->surface->w && !px; x++) {
            uint32_t v = ((uint32_t *)((uint8_t *)img->surface->pixels + y * img->surface->pitch))[x];
            if ((v >> 24) == 255)
                px = v;
        }
    CHECK_INT_EQ(px, 0xff000000u);           /* straight alpha, ink colour */
    text_close(ctx);
}

TEST(text_redraw_shapes_nothing)
{
    struct text_ctx *ctx = open_fonts(0);
    struct text_style st = { .size = 18, .max_width = 300 };
    const char *labels[] = { "Activities", "Opening hours", AR_ADDRESS, TI_TIGRINYA };
    for (size_t i = 0; i < WK_ARRAY_LEN(labels); i++) {
        struct text_metrics m;
        CHECK_OK(text_measure(ctx, labels[i], &st, &m));
        CHECK(text_render(ctx, labels[i], &st));
    }
    text_end_frame(ctx);
    struct text_stats before, after;
    text_get_stats(ctx, &before);
    for (size_t i = 0; i < WK_ARRAY_LEN(labels); i++) {
        struct text_metrics m;
        CHECK_OK(text_measure(ctx, labels[i], &st, &m));
        CHECK(text_render(ctx, labels[i], &st));
    }
    text_end_frame(ctx);
    text_get_stats(ctx, &after);
    CHECK_INT_EQ(after.layouts, before.layouts);
    CHECK_INT_EQ(after.shaped_runs, before.shaped_runs);
    CHECK_INT_EQ(after.renders, before.renders);
    CHECK_INT_EQ(after.hits, before.hits + 2 * WK_ARRAY_LEN(labels));
    CHECK_INT_EQ(after.misses, before.misses);
    text_close(ctx);
}

static int textures_freed;
static void free_texture(void *texture, bool wipe)
{
    CHECK(!wipe);                       /* labels, not a resident's answers */
    CHECK(texture == &textures_freed);
    textures_freed++;
}

TEST(text_cache_keeps_to_budget)
{
    const size_t budget = 64 * 1024;
    struct text_ctx *ctx = open_fonts(budget);
    text_set_texture_free(ctx, free_texture);
    struct text_style st = { .size = 20 };
    for (int i = 0; i < 300; i++) {
        char s[64];
        snprintf(s, sizeof s, "Label number %d", i);
        struct text_image *img = text_render(ctx, s, &st);
        CHECK(img && img->surface);
        img->texture = &textures_freed;
        text_end_frame(ctx);
        struct text_stats stats;
        text_get_stats(ctx, &stats);
        CHECK(stats.cache_bytes <= budget);
    }
    CHECK(textures_freed > 200);
    /* An entry used in the frame that ends is never evicted, even over budget. */
    struct text_stats stats;
    struct text_image *img[40];
    for (int i = 0; i < 40; i++) {
        char s[64];
        snprintf(s, sizeof s, "A much longer label that takes room, copy %d", i);
        img[i] = text_render(ctx, s, &st);
        CHECK(img[i] && img[i]->surface);
    }
    text_end_frame(ctx);
    text_get_stats(ctx, &stats);
    CHECK_INT_EQ(stats.cache_entries, 40);
    CHECK(stats.cache_bytes > budget);
    text_end_frame(ctx);    /* nothing used in this frame: back under budget */
    text_get_stats(ctx, &stats);
    CHECK(stats.cache_bytes <= budget);
    int before = textures_freed;
    text_close(ctx);
    CHECK(textures_freed == before);    /* none of the 40 had a texture */
}

TEST(text_invalid_utf8_is_replaced)
{
    struct text_ctx *ctx = open_fonts(0);
    const char *bad[] = { "\xff\xfe", "ab\xc3", "\xe2\x82", "\xed\xa0\x80 surrogate",
                          "\xc0\xaf overlong", "\xf4\x90\x80\x80", "\x80\x80\x80", "\t\r\x01x" };
    for (size_t i = 0; i < WK_ARRAY_LEN(bad); i++) {
        struct text_metrics m;
        CHECK_OK(text_measure(ctx, bad[i], NULL, &m));
        CHECK(m.width > 0);
        CHECK(text_render(ctx, bad[i], &(struct text_style){ .rtl = true, .max_width = 40 }));
    }
    const struct text_layout *l = text_layout_of(ctx, "ab\xc3", NULL);
    CHECK_STR_EQ(l->pool + l->runs[0].text, "ab\xef\xbf\xbd");
    text_close(ctx);
}

TEST(text_empty_string)
{
    struct text_ctx *ctx = open_fonts(0);
    struct text_image *img = text_render(ctx, "", NULL);
    CHECK(img);
    CHECK(img->surface == NULL);
    CHECK_INT_EQ(img->metrics.width, 0);
    CHECK_INT_EQ(img->metrics.lines, 1);
    text_close(ctx);
}

TEST(text_missing_fonts_dir_names_the_file)
{
    char dir[1200], err[WK_ERR_MAX] = "";
    snprintf(dir, sizeof dir, "%s/no-such-fonts", test_tmpdir());
    struct text_ctx *ctx = NULL;
    CHECK_INT_EQ(text_open(&(struct text_config){ .fonts_dir = dir }, &ctx, err), WK_ENOTFOUND);
    CHECK(ctx == NULL);
    CHECK(strstr(err, "NotoSans-Regular.ttf"));
    CHECK(strstr(err, dir));
}

TEST(text_missing_ethiopic_font_still_renders)
{
    struct text_ctx *ctx = open_dir(copy_fonts_without("Ethiopic"), 0);
    struct text_image *img = text_render(ctx, "Welkom", NULL);
    CHECK(img && img->surface && img->metrics.width > 0);
    const struct text_layout *l = text_layout_of(ctx, TI_TIGRINYA, NULL);
    CHECK(l);
    CHECK(!(l->faces_used & (1u << TEXT_FACE_ETHIOPIC)));
    CHECK(text_render(ctx, TI_TIGRINYA, NULL));
    text_close(ctx);
}

TEST(text_missing_bold_falls_back_to_regular)
{
    struct text_ctx *ctx = open_dir(copy_fonts_without("Bold"), 0);
    struct text_metrics m;
    CHECK_OK(text_measure(ctx, "Bold " AR_HELLO, &(struct text_style){ .bold = true }, &m));
    CHECK(m.width > 0);
    text_close(ctx);
}

/* Counts the open TTF_Fonts of a context. */
static int open_ttf_fonts(const struct text_ctx *ctx)
{
    int n = 0;
    for (int face = 0; face < TEXT_FACE_COUNT; face++)
        n += (ctx->open[face][0].ttf != NULL) + (ctx->open[face][1].ttf != NULL);
    return n;
}

TEST(text_one_font_per_face_and_weight_at_every_size)
{
    struct text_ctx *ctx = open_fonts(0);
    /* Arabic, Tigrinya and Latin text, regular and bold, in 12 sizes. */
    const char *texts[] = { AR_ADDRESS, TI_TIGRINYA, "Opening hours" };
    for (int size = 14; size < 86; size += 6)
        for (size_t t = 0; t < WK_ARRAY_LEN(texts); t++)
            for (int bold = 0; bold < 2; bold++) {
                struct text_metrics m;
                CHECK_OK(text_measure(ctx, texts[t], &(struct text_style){ .size = size,
                                                         .bold = bold }, &m));
            }
    CHECK(ctx->font_count >= 3 * 2 * 12);
    CHECK_INT_EQ(open_ttf_fonts(ctx), TEXT_FACE_COUNT * 2);
    /* The metrics a shared font gives at a size are those of a font opened
     * at that size. */
    for (int i = 0; i < ctx->font_count; i++) {
        const struct text_font *f = &ctx->fonts[i];
        int weight = f->bold && ctx->face_data[f->face][1];
        SDL_RWops *rw = SDL_RWFromConstMem(ctx->face_data[f->face][weight],
                                           (int)ctx->face_size[f->face][weight]);
        TTF_Font *fresh = TTF_OpenFontRW(rw, 1, f->size);
        CHECK(fresh);
        CHECK_INT_EQ(f->ascent, TTF_FontAscent(fresh));
        CHECK_INT_EQ(f->descent, -TTF_FontDescent(fresh));
        TTF_CloseFont(fresh);
    }
    text_close(ctx);
}

/* A copy of a surface's pixels, to compare with a later rendering. */
static uint32_t *pixels_of(const SDL_Surface *s)
{
    uint32_t *copy = malloc((size_t)s->w * (size_t)s->h * sizeof *copy);
    CHECK(copy);
    for (int y = 0; y < s->h; y++)
        memcpy(copy + (size_t)y * (size_t)s->w, (const uint8_t *)s->pixels + y * s->pitch,
               (size_t)s->w * sizeof *copy);
    return copy;
}

TEST(text_pixels_handed_to_a_texture_are_held_once)
{
    struct text_ctx *ctx = open_fonts(0);
    text_set_texture_free(ctx, free_texture);
    struct text_style st = { .size = 24, .max_width = 300, .rtl = true, .lang = "ar" };
    struct text_image *img = text_render(ctx, AR_ADDRESS " " AR_ADDRESS, &st);
    CHECK(img && img->surface);
    uint32_t *before = pixels_of(img->surface);
    int w = img->surface->w, h = img->surface->h;
    struct text_stats with_surface, textured;
    text_get_stats(ctx, &with_surface);

    /* A drawer makes its texture and says so: the surface goes, the count
     * stays (the texture holds the same pixels). */
    img->texture = &textures_freed;
    text_image_textured(ctx, img);
    CHECK(img->surface == NULL);
    CHECK_INT_EQ(img->metrics.width, w);
    CHECK_INT_EQ(img->metrics.height, h);
    text_get_stats(ctx, &textured);
    CHECK_INT_EQ(textured.cache_bytes, with_surface.cache_bytes);

    /* Another drawer (a screenshot) gets the same pixels, rendered again. */
    text_end_frame(ctx);
    img = text_render(ctx, AR_ADDRESS " " AR_ADDRESS, &st);
    CHECK(img && img->surface == NULL);
    SDL_Surface *again = text_image_pixels(ctx, img);
    CHECK(again && again->w == w && again->h == h);
    uint32_t *after = pixels_of(again);
    CHECK(memcmp(before, after, (size_t)w * (size_t)h * sizeof *before) == 0);
    struct text_stats both;
    text_get_stats(ctx, &both);
    CHECK_INT_EQ(both.cache_bytes, with_surface.cache_bytes + (size_t)again->pitch * (size_t)h);
    free(before);
    free(after);
    int freed = textures_freed;
    text_close(ctx);
    CHECK_INT_EQ(textures_freed, freed + 1);
}
