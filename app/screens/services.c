/* services.c — "Services": the bundle's categories as tiles, then the
 * services of one category as a list that says for each whether it is
 * open now. Only categories that hold services are shown; the detail of a
 * service is in service.c. */
#include "screens.h"
#include "../ui/theme.h"

#include <stdio.h>

#define CATEGORY_TILE_MIN_H_DP 130
#define SERVICE_ROW_H_DP 100

static size_t services_in(const struct content *c, int category)
{
    size_t n, count = 0;
    const struct content_service *s = content_services(c, &n);
    for (size_t i = 0; i < n; i++)
        count += s[i].category == category;
    return count;
}

/* What a screen shows when the kiosk has no bundle at all. */
static void no_content(struct screen_ctx *sc, struct ui_rect r)
{
    ui_label(sc->ui, ui_inset(r, ui_dp(sc->ui, THEME_MARGIN * 2)),
             /* TRANSLATORS: shown when the kiosk has no content at all. */
             tr(sc->i18n, "There is no information on this kiosk yet. Please ask at the reception desk."),
             (struct text_style){ .size = ui_font(sc->ui, THEME_TEXT_TITLE),
                                  .align = TEXT_ALIGN_CENTER }, UI_VALIGN_CENTER);
}

void screen_categories(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    struct ui_rect r = ui_screen_rect(ui);
    screen_header(sc, &r, tr(sc->i18n, "Services"), true, nav);
    if (!sc->content) {
        no_content(sc, r);
        return;
    }
    size_t count;
    const struct content_category *cats = content_categories(sc->content, &count);
    int shown[CONTENT_MAX_CATEGORIES], n = 0;
    for (size_t i = 0; i < count; i++)
        if (services_in(sc->content, (int)i) > 0)
            shown[n++] = (int)i;

    r = ui_inset(r, ui_dp(ui, THEME_MARGIN));
    int cols = ui_portrait(ui) ? 2 : 3, rows = (n + cols - 1) / cols;
    int gap = ui_dp(ui, THEME_GAP);
    struct ui_tile_desc tiles[CONTENT_MAX_CATEGORIES];
    char subtitles[CONTENT_MAX_CATEGORIES][64];
    int cell_w = (r.w - (cols - 1) * gap) / cols, tile_h = ui_dp(ui, CATEGORY_TILE_MIN_H_DP);
    int texts_h = 0;
    for (int i = 0; i < n; i++) {
        const struct content_category *cat = &cats[shown[i]];
        size_t k = services_in(sc->content, shown[i]);
        /* TRANSLATORS: subtitle of a category tile: how many services it holds (%zu). */
        snprintf(subtitles[i], sizeof subtitles[i], trn(sc->i18n, "%zu service", "%zu services", k), k);
        screen_native(sc, subtitles[i], sizeof subtitles[i]);
        struct text_style ts = content_text_style(&cat->title, (struct text_style){ 0 });
        tiles[i] = (struct ui_tile_desc){
            .title = cat->title.value ? cat->title.value : cat->id, .subtitle = subtitles[i],
            .pictogram = cat->pictogram, .lang = ts.lang, .rtl = ts.rtl };
        tile_h = WK_MAX(tile_h, ui_tile_height(ui, cell_w, &tiles[i]));
        texts_h = WK_MAX(texts_h, ui_tile_texts_height(ui, cell_w, &tiles[i]));
    }
    for (int i = 0; i < n; i++)
        tiles[i].texts_h = texts_h;    /* pictograms of one size in the grid */
    int content_h = WK_MAX(r.h, rows * tile_h + (rows - 1) * gap);
    int top = ui_scroll_begin(ui, "categories", r, content_h);
    struct ui_rect grid = { r.x, top, r.w, content_h };
    for (int i = 0; i < n; i++) {
        struct ui_rect cell = ui_grid_cell(grid, cols, rows, gap, i % cols, i / cols);
        if (ui_tile(ui, cell, &tiles[i])) {
            nav->kind = NAV_OPEN;
            nav->to = SCREEN_SERVICE_LIST;
            nav->arg = shown[i];
        }
    }
    ui_scroll_end(ui);
}

void service_open_label(struct screen_ctx *sc, const struct content_service *s,
                        struct open_label *out)
{
    *out = (struct open_label){ 0 };
    if (!sc->clock_known || !s->has_hours)
        return;
    struct content_hours_status st = content_hours_at(s, sc->today, sc->minute);
    char t[16];
    format_minutes(sc, st.minutes, t, sizeof t);
    switch (st.state) {
    case HOURS_OPEN:
        /* TRANSLATORS: badge on a service that is open now, in lists and on its page. */
        out->badge = tr(sc->i18n, "Open now");
        out->fill = THEME_OPEN;
        /* TRANSLATORS: on a service's page, under the "Open now" badge (so it does not
           say "open" again); %s is the closing time, e.g. "16:30". */
        snprintf(out->detail, sizeof out->detail, tr(sc->i18n, "Closes at %s"), t);
        break;
    case HOURS_OPENS_LATER:
        /* TRANSLATORS: badge: the service opens later today; %s is the time, e.g. "13:30". */
        snprintf(out->detail, sizeof out->detail, tr(sc->i18n, "Opens at %s"), t);
        out->badge = ui_intern(sc->ui, out->detail);
        out->fill = THEME_LATER;
        break;
    case HOURS_CLOSED_TODAY: {
        /* TRANSLATORS: badge on a service that does not open again today. */
        out->badge = tr(sc->i18n, "Closed today");
        out->fill = THEME_CLOSED;
        int32_t next = content_hours_next_day(s, sc->today);
        if (next >= 0) {
            char day[96];
            format_minutes(sc, content_hours_on(s, next)->range[0].opens, t, sizeof t);
            if (next == sc->today + 1)
                /* TRANSLATORS: put in for %1$s in "Opens %1$s at %2$s." instead of a
                   weekday name, when the service opens tomorrow. */
                snprintf(day, sizeof day, "%s", tr(sc->i18n, "tomorrow"));
            else
                snprintf(day, sizeof day, "%s", weekday_name(sc, content_weekday(next)));
            /* TRANSLATORS: on a service's page, under the "Closed today" badge (so it
               does not say "closed today" again). %1$s is a weekday name ("Monday") or
               "tomorrow", %2$s the opening time ("09:00"). */
            snprintf(out->detail, sizeof out->detail, tr(sc->i18n, "Opens %1$s at %2$s."), day, t);
        } else {
            snprintf(out->detail, sizeof out->detail, "%s", out->badge);
        }
        break;
    }
    case HOURS_UNKNOWN:
        break;
    }
}

/* The row of a service in its category's list. */
static void service_row(struct screen_ctx *sc, const struct content_service *s,
                        struct open_label *open, struct ui_row_desc *d)
{
    service_open_label(sc, s, open);
    const char *note = fallback_note(sc, &s->title);
    if (!note)
        note = fallback_note(sc, &s->summary);
    *d = (struct ui_row_desc){
        .title = s->title.value ? s->title.value : s->id, .subtitle = s->summary.value,
        .note = note, .pictogram = s->pictogram, .badge = open->badge,
        .badge_fill = open->fill, .badge_ink = open->fill ? THEME_ON_PRIMARY : 0,
        .title_style = content_text_style(&s->title, (struct text_style){ 0 }),
        .subtitle_style = content_text_style(&s->summary, (struct text_style){ 0 }) };
}

void screen_service_list(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    struct ui_rect r = ui_screen_rect(ui);
    size_t cat_count, count;
    const struct content_category *cats = sc->content ? content_categories(sc->content, &cat_count) : NULL;
    const struct content_category *cat = cats && sc->arg >= 0 && (size_t)sc->arg < cat_count
        ? &cats[sc->arg] : NULL;
    screen_header(sc, &r, cat && cat->title.value ? cat->title.value : tr(sc->i18n, "Services"),
                  true, nav);
    if (!cat) {
        no_content(sc, r);
        return;
    }
    const struct content_service *services = content_services(sc->content, &count);
    r = ui_inset(r, ui_dp(ui, THEME_MARGIN));
    int gap = ui_dp(ui, THEME_GAP), n = 0;
    /* One height for every row: the one the longest title needs. */
    int row_h = ui_dp(ui, SERVICE_ROW_H_DP);
    struct open_label open;
    struct ui_row_desc d;
    for (size_t i = 0; i < count; i++)
        if (services[i].category == sc->arg) {
            service_row(sc, &services[i], &open, &d);
            row_h = WK_MAX(row_h, ui_row_height(ui, r.w, &d));
            n++;
        }
    int top = ui_scroll_begin(ui, "services", r, n * row_h + WK_MAX(n - 1, 0) * gap);
    struct ui_rect row = { r.x, top, r.w, row_h };
    for (size_t i = 0; i < count; i++) {
        if (services[i].category != sc->arg)
            continue;
        service_row(sc, &services[i], &open, &d);
        if (ui_row(ui, row, &d)) {
            nav->kind = NAV_OPEN;
            nav->to = SCREEN_SERVICE;
            nav->arg = (int)i;
        }
        row.y += row_h + gap;
    }
    ui_scroll_end(ui);
}
