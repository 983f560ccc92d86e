/* wrap.c — a whole string laid out per style: split into paragraphs at hard
 * breaks, each analysed once (bidi, scripts, fonts, break opportunities),
 * then wrapped greedily: each line is the longest stretch up to a Unicode
 * break opportunity whose shaped width fits max_width (a word wider than
 * the box is cut between characters). Lines past max_lines are dropped and
 * the last kept line ends in an ellipsis that fits. */
#include "text_internal.h"

#include <linebreak.h>
#include <stdlib.h>
#include <string.h>

#define ELLIPSIS 0x2026u

struct wrap {
    struct text_ctx *ctx;
    const struct text_style *style;
    struct text_layout *layout;
    size_t line_cap, run_cap, pool_cap;
    struct line_build *best, *try;   /* best fitting attempt so far; scratch */
    int *cands;                      /* break candidates of the current line */
    double px_per_cp;                /* width estimate from text seen; 0 = none */
    size_t cand_cap;
};

static bool is_hard_break(uint32_t cp)
{
    return cp == '\n' || cp == 0x2028 || cp == 0x2029 || cp == 0x85 || cp == 0x0b ||
           cp == 0x0c;
}

/* Builds para[s..e) into w->try; if it fits (or there is no width limit)
 * it becomes w->best. Returns 1 if it fits, 0 if not, negative on error. */
static int attempt(struct wrap *w, const struct text_para *para, int s, int e)
{
    int rc = line_build(w->ctx, para, s, e, w->style->bold, w->style->size, w->try);
    if (rc)
        return rc;
    if (w->style->max_width > 0 && w->try->width > w->style->max_width)
        return 0;
    struct line_build *t = w->best;
    w->best = w->try;
    w->try = t;
    return 1;
}

/* How far past max_width (as a factor) a line may be estimated to reach
 * and still be tried; estimates come from the pixels per code point of the
 * text measured so far. Keeps wrapping a long text linear, not quadratic. */
#define WRAP_ESTIMATE_SLACK 1.5

/* The end of the line that starts at s, with that line built in w->best.
 * Tries the whole rest first when it may fit (the common case: a label),
 * then binary searches the break opportunities that may fit by estimate
 * (and beyond, one by one, if the estimate was short), then the characters
 * of an over-long first word. Assumes width grows with length. */
static int find_line_end(struct wrap *w, const struct text_para *para, int s, int *end)
{
    int len = para->len, rc;
    double limit_px = WRAP_ESTIMATE_SLACK * w->style->max_width;
    w->best->start = -1;    /* whatever it holds is from an earlier line */
    if (w->px_per_cp <= 0 || (len - s) * w->px_per_cp <= limit_px) {
        rc = attempt(w, para, s, len);
        if (rc != 0) {
            *end = len;
            return rc < 0 ? rc : 0;
        }
        if (len > s)
            w->px_per_cp = (double)w->try->width / (len - s);
    }
    size_t n = 0;
    int bound = -1;         /* last candidate index that may fit by estimate */
    for (int p = s + 1; p < len; p++) {
        if (para->breaks[p - 1] != LINEBREAK_ALLOWBREAK)
            continue;
        if (text_grow((void **)&w->cands, &w->cand_cap, n + 1, sizeof *w->cands))
            return WK_ENOMEM;
        if ((p - s) * w->px_per_cp <= limit_px || w->px_per_cp <= 0)
            bound = (int)n;
        w->cands[n++] = p;
    }
    int lo = 0, hi = bound, found = -1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if ((rc = attempt(w, para, s, w->cands[mid])) < 0)
            return rc;
        if (rc) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    /* The estimate was too cautious: walk on while lines still fit. */
    while (found >= 0 && found == bound && bound + 1 < (int)n) {
        if ((rc = attempt(w, para, s, w->cands[bound + 1])) < 0)
            return rc;
        if (!rc)
            break;
        found = ++bound;
    }
    if (found >= 0) {
        /* successes only grow during the search, so best holds found */
        *end = w->cands[found];
        w->px_per_cp = (double)WK_MAX(w->best->width, 1) / (*end - s);
        return 0;
    }
    /* The first word alone is too wide: cut it between characters (never
     * before a combining mark), keeping at least one character. */
    int stop = n ? w->cands[0] : len;
    int best = s + 1;
    while (best < stop && text_cp_attaches(para->cps[best]))
        best++;
    lo = best + 1;
    hi = stop - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        int p = mid;
        while (p < stop && text_cp_attaches(para->cps[p]))
            p++;
        if ((rc = attempt(w, para, s, p)) < 0)
            return rc;
        if (rc) { best = WK_MAX(best, p); lo = mid + 1; } else hi = mid - 1;
    }
    if (w->best->start != s || w->best->end != best)
        if ((rc = line_build(w->ctx, para, s, best, w->style->bold, w->style->size, w->best)))
            return rc;
    *end = best;
    return 0;
}

/* Where an ellipsis after para[s..p) really goes: never between a letter
 * and its combining mark, and after no trailing space. */
static int ellipsis_pos(const struct text_para *para, int s, int p)
{
    while (p > s && p < para->len && text_cp_attaches(para->cps[p]))
        p--;
    while (p > s && para->cps[p - 1] == ' ')
        p--;
    return p;
}

/* Builds para[s..p) + "…" (force: into w->best even if it does not fit).
 * The ellipsis is written into the paragraph at p (its arrays have room for
 * one more) with the paragraph's own level, so it lands at the logical end:
 * the right in LTR, the left in RTL. The paragraph is restored after. */
static int ellipsis_attempt(struct wrap *w, struct text_para *para, int s, int p, bool force)
{
    p = ellipsis_pos(para, s, p);
    if (w->best->start == s && w->best->end == p + 1 && w->best->run_count > 0 && force)
        return 1;
    uint32_t saved_cp = para->cps[p];
    FriBidiCharType saved_type = para->types[p];
    FriBidiLevel saved_level = para->levels[p];
    hb_script_t saved_script = para->scripts[p];
    unsigned char saved_face = para->faces[p];
    para->cps[p] = ELLIPSIS;
    para->types[p] = FRIBIDI_TYPE_ON;
    para->levels[p] = para->base == FRIBIDI_PAR_RTL ? 1 : 0;
    para->scripts[p] = p > s ? para->scripts[p - 1] : HB_SCRIPT_LATIN;
    int face = p > s ? para->faces[p - 1] : TEXT_FACE_LATIN;
    if (!fonts_has_glyph(w->ctx, face, ELLIPSIS))
        face = TEXT_FACE_LATIN;
    para->faces[p] = (unsigned char)face;
    int rc = force ? line_build(w->ctx, para, s, p + 1, w->style->bold, w->style->size, w->best)
                   : attempt(w, para, s, p + 1);
    para->cps[p] = saved_cp;
    para->types[p] = saved_type;
    para->levels[p] = saved_level;
    para->scripts[p] = saved_script;
    para->faces[p] = saved_face;
    return rc;
}

/* Builds the last allowed line into w->best: para[s..p) followed by "…",
 * with the largest p <= e that fits (just "…" if nothing does). */
static int ellipsis_line(struct wrap *w, struct text_para *para, int s, int e)
{
    w->best->start = -1;
    int rc = ellipsis_attempt(w, para, s, e, false);
    if (rc)
        return rc < 0 ? rc : 0;
    int lo = s + 1, hi = e - 1, found = s;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        rc = ellipsis_attempt(w, para, s, mid, false);
        if (rc < 0)
            return rc;
        if (rc) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    rc = ellipsis_attempt(w, para, s, found, true);
    return rc < 0 ? rc : 0;
}

/* Appends the line in w->best to the layout. */
static int emit_line(struct wrap *w)
{
    struct text_layout *l = w->layout;
    const struct line_build *b = w->best;
    if (text_grow((void **)&l->lines, &w->line_cap, (size_t)l->line_count + 1, sizeof *l->lines) ||
        text_grow((void **)&l->runs, &w->run_cap, (size_t)(l->run_count + b->run_count),
                  sizeof *l->runs) ||
        text_grow((void **)&l->pool, &w->pool_cap, l->pool_len + b->pool_len + 1, 1))
        return WK_ENOMEM;
    int y = 0;
    if (l->line_count > 0) {
        const struct text_line *prev = &l->lines[l->line_count - 1];
        y = prev->y + prev->ascent + prev->descent;
    }
    l->lines[l->line_count++] = (struct text_line){
        .first_run = l->run_count, .run_count = b->run_count, .width = b->width,
        .ascent = b->ascent, .descent = b->descent, .y = y,
    };
    for (int i = 0; i < b->run_count; i++) {
        struct text_run r = b->runs[i];
        r.text += l->pool_len;
        l->faces_used |= 1u << r.face;
        l->runs[l->run_count++] = r;
    }
    if (b->pool_len)
        memcpy(l->pool + l->pool_len, b->pool, b->pool_len);
    l->pool_len += b->pool_len;
    return 0;
}

/* Lays out one paragraph; *stop is set when max_lines has been reached. */
static int wrap_para(struct wrap *w, struct text_para *para, bool last_para, bool *stop)
{
    int max_lines = w->style->max_lines;
    int s = 0;
    do {
        int e, rc;
        if ((rc = find_line_end(w, para, s, &e)))
            return rc;
        bool more = e < para->len || !last_para;
        if (max_lines > 0 && w->layout->line_count == max_lines - 1 && more) {
            if ((rc = ellipsis_line(w, para, s, e)) || (rc = emit_line(w)))
                return rc;
            w->layout->metrics.truncated = true;
            *stop = true;
            return 0;
        }
        if ((rc = emit_line(w)))
            return rc;
        s = e;
    } while (s < para->len);
    return 0;
}

static void finish_metrics(struct text_layout *l)
{
    struct text_metrics *m = &l->metrics;
    m->lines = l->line_count;
    for (int i = 0; i < l->line_count; i++) {
        const struct text_line *ln = &l->lines[i];
        m->width = WK_MAX(m->width, ln->width);
        m->height = ln->y + ln->ascent + ln->descent;
    }
    m->baseline = l->line_count ? l->lines[0].ascent : 0;
    l->bytes = sizeof *l + (size_t)l->line_count * sizeof *l->lines +
               (size_t)l->run_count * sizeof *l->runs + l->pool_len;
}

int layout_build(struct text_ctx *ctx, const char *utf8, const struct text_style *style,
                 struct text_layout **out)
{
    int rc = WK_ENOMEM, n = 0;
    uint32_t *cps = NULL;
    struct line_build builds[2] = { 0 };
    struct text_para para = { 0 };
    struct wrap w = { .ctx = ctx, .style = style, .best = &builds[0], .try = &builds[1] };
    w.layout = wk_calloc(1, sizeof *w.layout);
    if (!w.layout)
        goto out;
    n = text_utf8_decode(utf8, &cps);
    if (n < 0) {
        rc = n;
        goto out;
    }
    ctx->stats.layouts++;
    bool stop = false;
    for (int start = 0; start <= n && !stop;) {
        int end = start;
        while (end < n && !is_hard_break(cps[end]))
            end++;
        if ((rc = para_analyse(ctx, cps + start, end - start, style->rtl, style->lang, &para)))
            goto out;
        if ((rc = wrap_para(&w, &para, end >= n, &stop)))
            goto out;
        if (para.missing && !w.layout->metrics.missing)
            w.layout->metrics.first_missing = para.first_missing;
        w.layout->metrics.missing += para.missing;
        para_free(&para);
        start = end + 1;
    }
    finish_metrics(w.layout);
    rc = 0;
out:
    para_free(&para);
    line_build_free(&builds[0]);
    line_build_free(&builds[1]);
    free(w.cands);
    text_wipe_free(cps, ((size_t)WK_MAX(n, 0) + 1) * sizeof *cps);
    if (rc) {
        layout_free(w.layout);
        return rc;
    }
    *out = w.layout;
    return 0;
}

void layout_free(struct text_layout *layout)
{
    if (!layout)
        return;
    text_wipe_free(layout->lines, (size_t)layout->line_count * sizeof *layout->lines);
    text_wipe_free(layout->runs, (size_t)layout->run_count * sizeof *layout->runs);
    text_wipe_free(layout->pool, layout->pool_len);
    text_wipe_free(layout, sizeof *layout);
}
