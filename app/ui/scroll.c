/* scroll.c — vertically scrolling areas that follow a finger and keep
 * gliding after it lets go (momentum), slowing down exponentially like a
 * phone's list. While an area glides the toolkit reports that it is
 * animating, so the main loop asks for the next pass ~16 ms later; when it
 * rests, no frame is drawn. Where the content goes on past the area's
 * bottom (or top) edge, the edge fades out and a round arrow points that
 * way: a resident who does not know to swipe sees there is more. */
#include "ui_internal.h"
#include "theme.h"

#include <math.h>
#include <limits.h>
#include <string.h>

/* Velocity halves about every 225 ms (time constant 325 ms), and a glide
 * stops below 0.02 px/ms; a flick gives at most 6 px/ms. */
#define SCROLL_DECAY_MS 325.0
#define SCROLL_STOP_SPEED 0.02
#define SCROLL_MAX_SPEED 6.0
/* Move samples older than this at release mean the finger had stopped. */
#define SCROLL_FLICK_WINDOW_MS 100
/* The scroll hint: a fade this tall in this many bands, from clear to
 * nearly the background, and a round arrow badge. Content that continues
 * by fewer pixels than the slack is not worth a hint. */
#define SCROLL_FADE_DP 36
#define SCROLL_FADE_BANDS 9
#define SCROLL_FADE_MAX_ALPHA 0xe0
#define SCROLL_HINT_BADGE_DP 48
#define SCROLL_HINT_MIN_BADGE_DP 28  /* smaller, to fit a gap between words */
#define SCROLL_HINT_INSET_DP 6
#define SCROLL_HINT_SLACK_PX 2

static struct scroll_state *scroll_for(struct ui *ui, uint64_t id)
{
    struct scroll_state *free_slot = NULL;
    for (size_t i = 0; i < UI_MAX_SCROLLS; i++) {
        if (ui->scrolls[i].id == id)
            return &ui->scrolls[i];
        if (!free_slot && ui->scrolls[i].id == 0)
            free_slot = &ui->scrolls[i];
    }
    if (!free_slot)
        free_slot = &ui->scrolls[0];
    memset(free_slot, 0, sizeof *free_slot);
    free_slot->id = id;
    return free_slot;
}

int ui_scroll_begin(struct ui *ui, const char *id, struct ui_rect r, int content_height)
{
    uint64_t sid = ui_id(id);
    struct scroll_state *s = scroll_for(ui, sid);
    struct ui_rect physical = ui_to_screen(ui, r);
    s->max_offset = WK_MAX(content_height - r.h, 0);

    if (ui->event == WK_EV_POINTER_DOWN && !ui->input_blocked && ui_contains(physical, ui->pointer_x, ui->pointer_y)) {
        ui->drag_scroll_id = sid;
        ui->drag_start_offset = s->offset;
        s->velocity = 0;
    }
    if (ui->drag_scroll_id == sid && ui->dragging) {
        if (ui->event == WK_EV_POINTER_MOVE)
            s->offset = ui->drag_start_offset - (ui->pointer_y - ui->press_y);
        if (ui->event == WK_EV_POINTER_UP) {
            int64_t dt = ui->move_ms[1] - ui->move_ms[0];
            bool recent = ui->now_ms - ui->move_ms[1] < SCROLL_FLICK_WINDOW_MS;
            s->velocity = dt > 0 && recent ? -(double)(ui->move_y[1] - ui->move_y[0]) / (double)dt : 0;
            s->velocity = fmax(-SCROLL_MAX_SPEED, fmin(SCROLL_MAX_SPEED, s->velocity));
            s->last_ms = ui->now_ms;
        }
    } else if (s->velocity != 0) {
        double dt = (double)(ui->now_ms - s->last_ms);
        s->last_ms = ui->now_ms;
        /* Distance covered while the speed decays: the integral of
         * v * exp(-t / T) from 0 to dt. */
        double decay = exp(-dt / SCROLL_DECAY_MS);
        s->offset += s->velocity * SCROLL_DECAY_MS * (1 - decay);
        s->velocity *= decay;
        if (fabs(s->velocity) < SCROLL_STOP_SPEED)
            s->velocity = 0;
    }
    if (s->offset < 0 || s->offset > s->max_offset) {
        s->offset = fmax(0, fmin(s->offset, s->max_offset));
        s->velocity = 0;
    }
    if (s->velocity != 0)
        ui->animating = true;

    ui->scroll = s;
    ui->scroll_rect = r;
    ui->scroll_saved_clip = ui->clip;
    ui->clip = physical;
    ui_push(ui, &(struct ui_cmd){ .kind = UI_CMD_CLIP, .rect = physical });
    ui->scroll_cmd_from = ui->cmd_count;
    ui->scroll_shift = (int)lround(s->offset);
    return r.y;
}

void ui_scroll_to(struct ui *ui, const char *id, int offset)
{
    struct scroll_state *s = scroll_for(ui, ui_id(id));
    s->offset = WK_MAX(offset, 0);     /* ui_scroll_begin keeps it under the end */
    s->velocity = 0;
}

/* True if the badge at physical would cover any part of a text the area's
 * content drew that shows (inside the clip it was drawn under: the area,
 * or a text field's inside it); with pictures, of a pictogram too. */
static bool badge_hides(const struct ui *ui, struct ui_rect physical, bool pictures)
{
    struct ui_rect area = ui_to_screen(ui, ui->scroll_rect), clip = area;
    for (size_t i = ui->scroll_cmd_from; i < ui->cmd_count; i++) {
        const struct ui_cmd *c = &ui->cmds[i];
        if (c->kind == UI_CMD_CLIP)
            clip = c->rect.w > 0 ? c->rect : area;
        else if ((c->kind == UI_CMD_TEXT || (pictures && c->kind == UI_CMD_IMAGE)) &&
                 ui_rects_meet(physical, ui_rect_and(c->rect, clip)))
            return true;
    }
    return false;
}

/* Where the arrow badge goes, so that it never hides a word: by the open
 * edge, at the inline-end corner (right in LTR, left in RTL: where a
 * reader's line ends), else a step at a time toward the start edge, into
 * the middle of the first gap: tiles and rows centre their texts, so their
 * corners and the borders between them are free. Then the same a step
 * further in from the edge, within the fade; then a smaller badge, down to
 * SCROLL_HINT_MIN_BADGE_DP. A place that hides no pictogram either and
 * keeps an inset clear of words is taken first. Where no place is free of
 * words, the badge is left out and the fade alone says there is more:
 * every word stays readable. Returns false then. */
static bool badge_place(const struct ui *ui, struct ui_rect area, int size, int fade, bool below,
                        struct ui_rect *out)
{
    int inset = ui_dp(ui, SCROLL_HINT_INSET_DP);
    int least = WK_MIN(size, ui_dp(ui, SCROLL_HINT_MIN_BADGE_DP));
    /* Strict first: clear of pictograms and an inset clear of words;
     * then of words only, an inset clear; then of words only. */
    for (int pass = 0; pass < 3; pass++)
        for (int sz = size; sz >= least; sz -= WK_MAX(size / 8, 1))
            for (int in = inset, step = WK_MAX(sz / 4, 1); in == inset || in + sz <= fade + sz / 2;
                 in += step) {
                int corner = area.x + area.w - sz - inset;
                struct ui_rect badge = { corner, below ? area.y + area.h - sz - in : area.y + in,
                                         sz, sz };
                /* The first free run of places, from the corner: the badge
                 * at the corner, or in the middle of the gap. Logical,
                 * unshifted (ui_scroll_end has ended the shift). */
                int first = INT_MIN, last = INT_MIN, clear = pass < 2 ? inset : 0;
                for (int x = corner; x >= area.x; x -= step) {
                    badge.x = x;
                    if (badge_hides(ui, ui_place(ui, ui_inset(badge, -clear)), pass == 0)) {
                        if (first != INT_MIN)
                            break;
                        continue;
                    }
                    if (first == INT_MIN)
                        first = x;
                    last = x;
                }
                if (first != INT_MIN) {
                    badge.x = first == corner ? corner : (first + last) / 2;
                    *out = badge;
                    return true;
                }
            }
    return false;
}

int ui_scroll_fade_height(struct ui *ui, int area_h)
{
    return WK_MIN(ui_dp(ui, SCROLL_FADE_DP), area_h / 3);
}

/* A fade over one edge of the area, toward the background, and the
 * arrow badge by it (badge_place). below: the bottom edge, arrow down. */
static void scroll_hint(struct ui *ui, struct ui_rect area, bool below)
{
    int fade = ui_scroll_fade_height(ui, area.h);
    uint32_t base = (ui_high_contrast(ui) ? 0x000000ffu : THEME_BACKGROUND) & ~0xffu;
    for (int i = 0; i < SCROLL_FADE_BANDS; i++) {
        /* Band i of the fade, counted from the open edge inward. */
        int y0 = fade * i / SCROLL_FADE_BANDS, y1 = fade * (i + 1) / SCROLL_FADE_BANDS;
        uint32_t alpha = (uint32_t)(SCROLL_FADE_MAX_ALPHA * (SCROLL_FADE_BANDS - i) / SCROLL_FADE_BANDS);
        struct ui_rect band = { area.x, below ? area.y + area.h - y1 : area.y + y0, area.w, y1 - y0 };
        ui_fill(ui, band, base | alpha, 0);
    }
    int size = WK_MIN(ui_dp(ui, SCROLL_HINT_BADGE_DP), area.h / 3);
    struct ui_rect badge;
    if (!badge_place(ui, area, size, fade, below, &badge))
        return;
    ui_frame_rect(ui, badge, THEME_PRIMARY, THEME_SURFACE, ui_dp(ui, 2), badge.w / 2);
    ui_image(ui, ui_inset(badge, badge.w / 5), below ? "more-below" : "more-above", THEME_ON_PRIMARY,
             false);
}

void ui_scroll_end(struct ui *ui)
{
    struct scroll_state *s = ui->scroll;
    ui->scroll = NULL;
    ui->scroll_shift = 0;
    /* Drawn over the content, unshifted, still clipped to the area. */
    if (s && s->offset > SCROLL_HINT_SLACK_PX)
        scroll_hint(ui, ui->scroll_rect, false);
    if (s && s->offset < s->max_offset - SCROLL_HINT_SLACK_PX)
        scroll_hint(ui, ui->scroll_rect, true);
    ui->clip = ui->scroll_saved_clip;
    ui_push(ui, &(struct ui_cmd){ .kind = UI_CMD_CLIP, .rect = ui->clip });
}
