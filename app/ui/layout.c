/* layout.c — rectangles in logical coordinates (x from the start edge) and
 * their mirroring into physical pixels. Screens lay out by cutting slices
 * off the screen rectangle: what remains is the space still free. */
#include "ui_internal.h"

struct ui_rect ui_cut_top(struct ui_rect *r, int h)
{
    h = WK_CLAMP(h, 0, r->h);
    struct ui_rect top = { r->x, r->y, r->w, h };
    r->y += h;
    r->h -= h;
    return top;
}

struct ui_rect ui_cut_bottom(struct ui_rect *r, int h)
{
    h = WK_CLAMP(h, 0, r->h);
    r->h -= h;
    return (struct ui_rect){ r->x, r->y + r->h, r->w, h };
}

struct ui_rect ui_cut_start(struct ui_rect *r, int w)
{
    w = WK_CLAMP(w, 0, r->w);
    struct ui_rect start = { r->x, r->y, w, r->h };
    r->x += w;
    r->w -= w;
    return start;
}

struct ui_rect ui_cut_end(struct ui_rect *r, int w)
{
    w = WK_CLAMP(w, 0, r->w);
    r->w -= w;
    return (struct ui_rect){ r->x + r->w, r->y, w, r->h };
}

struct ui_rect ui_inset(struct ui_rect r, int d)
{
    int dx = WK_MIN(d, r.w / 2), dy = WK_MIN(d, r.h / 2);
    return (struct ui_rect){ r.x + dx, r.y + dy, r.w - 2 * dx, r.h - 2 * dy };
}

struct ui_rect ui_rect_and(struct ui_rect a, struct ui_rect b)
{
    int x0 = WK_MAX(a.x, b.x), y0 = WK_MAX(a.y, b.y);
    int x1 = WK_MIN(a.x + a.w, b.x + b.w), y1 = WK_MIN(a.y + a.h, b.y + b.h);
    return (struct ui_rect){ x0, y0, WK_MAX(x1 - x0, 0), WK_MAX(y1 - y0, 0) };
}

bool ui_rects_meet(struct ui_rect a, struct ui_rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

struct ui_rect ui_screen_rect(const struct ui *ui)
{
    return (struct ui_rect){ 0, 0, ui->width, ui->height };
}

struct ui_rect ui_grid_cell(struct ui_rect area, int cols, int rows, int gap, int col, int row)
{
    cols = WK_MAX(cols, 1);
    rows = WK_MAX(rows, 1);
    int w = (area.w - gap * (cols - 1)) / cols;
    int h = (area.h - gap * (rows - 1)) / rows;
    return (struct ui_rect){ area.x + col * (w + gap), area.y + row * (h + gap), w, h };
}

struct ui_rect ui_to_screen(const struct ui *ui, struct ui_rect r)
{
    if (ui->rtl)
        r.x = ui->width - r.x - r.w;
    return r;
}

struct ui_rect ui_place(const struct ui *ui, struct ui_rect r)
{
    r.y -= ui->scroll_shift;
    return ui_to_screen(ui, r);
}
