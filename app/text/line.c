/* line.c — one line of an analysed paragraph, from logical order to shaped
 * visual runs: FriBidi reorders the line (rule L1 and L2 on this line only,
 * which is why wrapping happens before reordering), the line is cut into
 * runs of one level, script and face, each run is shaped to get its width,
 * and runs are placed left to right with the line's ascent and descent
 * taken from the tallest fonts on it. */
#include "text_internal.h"

#include <stdlib.h>
#include <string.h>

#define RUNS_INITIAL 8
#define POOL_INITIAL 256

/* Grows *p (of *cap elements) to hold at least need elements. Not
 * realloc: the old block is wiped before it is freed (text_wipe_free). */
int text_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 8;
    while (n < need)
        n *= 2;
    void *q = wk_malloc(n * elem);
    if (!q) {
        wk_log(WK_LOG_ERROR, "out of memory growing a text buffer to %zu x %zu", n, elem);
        return WK_ENOMEM;
    }
    if (*p)
        memcpy(q, *p, *cap * elem);
    text_wipe_free(*p, *cap * elem);
    *p = q;
    *cap = n;
    return 0;
}

void line_build_free(struct line_build *lb)
{
    text_wipe_free(lb->runs, lb->run_cap * sizeof *lb->runs);
    text_wipe_free(lb->pool, lb->pool_cap);
    text_wipe_free(lb->levels, lb->levels_cap * sizeof *lb->levels);
    text_wipe_free(lb->map, lb->map_cap * sizeof *lb->map);
    *lb = (struct line_build){ 0 };
}

static bool is_trailing_space(uint32_t cp)
{
    return cp == ' ' || cp == 0x3000 || cp == 0x00a0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200a) || cp == 0x205f;
}

/* Appends text cps[a..b) as UTF-8 plus a NUL to the pool; returns its
 * offset through *off. */
static int pool_add(struct line_build *lb, const uint32_t *cps, int a, int b, size_t *off)
{
    size_t need = lb->pool_len + (size_t)(b - a) * 4 + 1;
    if (text_grow((void **)&lb->pool, &lb->pool_cap, WK_MAX(need, POOL_INITIAL), 1))
        return WK_ENOMEM;
    *off = lb->pool_len;
    char *p = lb->pool + lb->pool_len;
    for (int i = a; i < b; i++)
        p += wk_utf8_encode(cps[i], p);
    *p++ = '\0';
    lb->pool_len = (size_t)(p - lb->pool);
    return 0;
}

/* Sets the line's ascent and descent from the primary font, for an empty
 * line (a blank line between paragraphs is as tall as a Latin line). */
static int empty_line(struct text_ctx *ctx, bool bold, int size, struct line_build *lb)
{
    int font = fonts_get(ctx, TEXT_FACE_LATIN, bold, size);
    if (font < 0)
        return font;
    lb->ascent = ctx->fonts[font].ascent;
    lb->descent = ctx->fonts[font].descent;
    return 0;
}

/* Shapes one logical run (cps[a..b) of the paragraph, uniform level, script
 * and face) into lb, at the end of the runs array. */
static int add_run(struct text_ctx *ctx, const struct text_para *para, int a, int b,
                   FriBidiLevel level, bool bold, int size, struct line_build *lb)
{
    int font = fonts_get(ctx, para->faces[a], bold, fonts_face_size(para->faces[a], size));
    if (font < 0)
        return font;
    if (text_grow((void **)&lb->runs, &lb->run_cap, (size_t)lb->run_count + 1,
                  sizeof *lb->runs))
        return WK_ENOMEM;
    struct text_run *run = &lb->runs[lb->run_count];
    *run = (struct text_run){ .font = font, .face = ctx->fonts[font].face, .rtl = level & 1 };
    hb_tag_t tag = hb_script_to_iso15924_tag(para->scripts[a]);
    hb_tag_to_string(tag, run->script);
    run->script[4] = '\0';
    if (pool_add(lb, para->cps, a, b, &run->text))
        return WK_ENOMEM;
    int rc = shape_measure(ctx, font, run->rtl, run->script, lb->pool + run->text, &run->width);
    if (rc)
        return rc;
    lb->run_count++;
    lb->ascent = WK_MAX(lb->ascent, ctx->fonts[font].ascent);
    lb->descent = WK_MAX(lb->descent, ctx->fonts[font].descent);
    return 0;
}

/* Lays out para[s..e) as one line into lb (which is reset first). Trailing
 * spaces are dropped: they take no room at the end of a line. */
int line_build(struct text_ctx *ctx, const struct text_para *para, int s, int e,
               bool bold, int size, struct line_build *lb)
{
    lb->run_count = 0;
    lb->pool_len = 0;
    lb->width = lb->ascent = lb->descent = 0;
    lb->start = s;
    lb->end = e;
    while (e > s && is_trailing_space(para->cps[e - 1]))
        e--;
    int n = e - s;
    if (n == 0)
        return empty_line(ctx, bold, size, lb);

    if (text_grow((void **)&lb->levels, &lb->levels_cap, (size_t)n, sizeof *lb->levels) ||
        text_grow((void **)&lb->map, &lb->map_cap, (size_t)n * 2, sizeof *lb->map))
        return WK_ENOMEM;
    FriBidiLevel *lv = lb->levels;
    FriBidiStrIndex *map = lb->map, *visual_pos = lb->map + n;
    memcpy(lv, para->levels + s, (size_t)n * sizeof *lv);
    for (int i = 0; i < n; i++)
        map[i] = i;
    if (!fribidi_reorder_line(0, para->types + s, n, 0, para->base, lv, NULL, map))
        return WK_ENOMEM;
    for (int v = 0; v < n; v++)
        visual_pos[map[v]] = v;

    /* Logical runs: maximal stretches of one level (after L1), script and
     * face. Each is contiguous in visual order too, so it is placed by the
     * visual position of its first character and shaped as one piece. */
    for (int a = 0; a < n;) {
        int b = a + 1;
        while (b < n && lv[b] == lv[a] && para->scripts[s + b] == para->scripts[s + a] &&
               para->faces[s + b] == para->faces[s + a])
            b++;
        int rc = add_run(ctx, para, s + a, s + b, lv[a], bold, size, lb);
        if (rc)
            return rc;
        /* Remember where the run sits visually: its leftmost character. */
        int left = n;
        for (int i = a; i < b; i++)
            left = WK_MIN(left, visual_pos[i]);
        lb->runs[lb->run_count - 1].x = left;
        a = b;
    }

    /* Sort runs by visual position (insertion sort: a line has few runs),
     * then turn positions into pixel offsets. */
    for (int i = 1; i < lb->run_count; i++) {
        struct text_run r = lb->runs[i];
        int j = i;
        while (j > 0 && lb->runs[j - 1].x > r.x) {
            lb->runs[j] = lb->runs[j - 1];
            j--;
        }
        lb->runs[j] = r;
    }
    int x = 0;
    for (int i = 0; i < lb->run_count; i++) {
        lb->runs[i].x = x;
        x += lb->runs[i].width;
    }
    lb->width = x;
    return 0;
}
