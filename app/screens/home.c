/* home.c — the home screen: what a resident can do here, as big tiles with
 * a pictogram and a few words, and the privacy promise of a shared screen.
 * The parts behind the tiles come with the content bundle; until a part
 * exists its tile opens a plain "coming soon" screen, never a dead end.
 * Help is a person: a picture of the reception desk and where to ask. */
#include "screens.h"
#include "../ui/theme.h"

static const struct home_topic topics[] = {
    /* TRANSLATORS: home tiles, each a title with a subtitle under it. This one:
       services of the centre and the city (health, legal help, shops). */
    { N_("Services"), N_("Help in the centre and in the city"), "services", SCREEN_CATEGORIES, -1, NULL, NULL },
    /* TRANSLATORS: home tile: the calendar of activities and events. */
    { N_("What's on"), N_("Today and this week"), "whats-on", SCREEN_WHATS_ON, -1, NULL, NULL },
    /* TRANSLATORS: home tile: ask for a buddy, a local volunteer who meets you regularly. */
    { N_("Find a buddy"), N_("Meet someone who lives here"), "buddy", SCREEN_FORM, FORM_BUDDY, NULL, NULL },
    /* TRANSLATORS: home tile: offer to volunteer, or check in and out for a shift. */
    { N_("Volunteering"), N_("Help out, or check in for your shift"), "volunteers", SCREEN_FORM,
      FORM_VOLUNTEER, NULL, NULL },
    /* TRANSLATORS: home tile: send a message or a request to the staff of the centre. */
    { N_("Leave a message"), N_("Ask the staff something"), "message", SCREEN_FORM, FORM_MESSAGE, NULL, NULL },
    /* TRANSLATORS: home tile: where to get help (a person at the reception desk). */
    { .title = N_("Help"), .subtitle = N_("Ask at the reception desk"), .pictogram = "help",
      .opens = SCREEN_SOON, .form_kind = -1, .page_pictogram = "reception-desk",
      /* TRANSLATORS: the Help page, under a picture of the reception desk. */
      .page_text = N_("Ask at the reception desk. The staff there will help you.") },
};

const struct home_topic *home_topics(size_t *count)
{
    *count = WK_ARRAY_LEN(topics);
    return topics;
}

void screen_home(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    struct ui_rect r = ui_screen_rect(ui);
    /* TRANSLATORS: title in the header of the home screen. */
    screen_header(sc, &r, tr(sc->i18n, "Welcome"), false, nav);

    r = ui_inset(r, ui_dp(ui, THEME_MARGIN));
    /* The footer: the privacy promise, then the reading aids and the
     * demo badge at the end edge. */
    int button_h = ui_button_height(ui, UI_MIN_TOUCH_DP);
    struct ui_rect aids = ui_cut_bottom(&r, button_h);
    ui_cut_bottom(&r, ui_dp(ui, 6));
    /* TRANSLATORS: button on the home screen: make all text larger (steps through three sizes). Very short. */
    const char *larger = tr(sc->i18n, "A+");
    /* TRANSLATORS: button on the home screen: white and yellow on black, for weak eyes. Short. */
    const char *contrast = tr(sc->i18n, "High contrast");
    struct ui_button_desc larger_b = { .label = larger, .pictogram = "text-size",
                                       .kind = UI_BUTTON_SECONDARY, .text_size_dp = THEME_TEXT_BODY };
    struct ui_button_desc contrast_b = { .label = contrast, .pictogram = "contrast",
                                         .kind = UI_BUTTON_SECONDARY, .text_size_dp = THEME_TEXT_BODY };
    int aid_w = WK_MIN(aids.w / 3, ui_dp(ui, 260));
    if (ui_button(ui, ui_cut_start(&aids, aid_w * 2 / 3), &larger_b))
        nav->kind = NAV_TEXT_LARGER;
    ui_cut_start(&aids, ui_dp(ui, THEME_GAP));
    struct text_metrics cm;
    text_measure(ui_text_ctx(ui), contrast, &(struct text_style){
        .size = ui_font(ui, THEME_TEXT_BODY) * 7 / 10, .bold = true, .lang = ui_lang(ui),
        .rtl = ui_rtl(ui) }, &cm);
    /* The pictogram alone when the words do not fit on one line. */
    contrast_b.icon_only = cm.width > aid_w - ui_font(ui, THEME_TEXT_BODY) * 3 / 2 - ui_dp(ui, 32);
    if (ui_button(ui, ui_cut_start(&aids, contrast_b.icon_only ? button_h * 3 / 2 : aid_w),
                  &contrast_b))
        nav->kind = NAV_CONTRAST;
    ui_cut_start(&aids, ui_dp(ui, THEME_GAP));
    /* Demo content must never pass for a real centre's. */
    if (sc->content && content_meta(sc->content)->demo) {
        /* TRANSLATORS: badge in the home screen's footer while the kiosk shows example
           content, not the centre's own. Short: at most a third of the footer. */
        const char *demo = tr(sc->i18n, "Demo content");
        int w = WK_MIN(ui_badge_width(ui, demo), aids.w);
        struct ui_rect badge = ui_cut_end(&aids, w);
        int bh = ui_font(ui, THEME_TEXT_SMALL) * 2;
        badge.y += (badge.h - bh) / 2;
        badge.h = bh;
        ui_badge(ui, badge, demo, THEME_LATER, THEME_ON_PRIMARY);
    }
    size_t count;
    const struct home_topic *t = home_topics(&count);
    int cols = ui_portrait(ui) ? 2 : 3, rows = ((int)count + cols - 1) / cols;
    int gap = ui_dp(ui, THEME_GAP);
    /* The question above the tiles and the privacy promise under them
     * scroll with them: with large text on a small screen, the tiles
     * keep the room. */
    /* TRANSLATORS: home screen question above the tiles; one line. */
    const char *question = tr(sc->i18n, "What are you looking for?");
    struct text_style qs = { .size = ui_font(ui, THEME_TEXT_TITLE), .bold = true };
    int qh = ui_text_height(ui, r.w, question, qs) + ui_dp(ui, 8);
    /* TRANSLATORS: footer of the home screen, a privacy promise on a shared screen.
       Small print, at most two lines. */
    const char *privacy = tr(sc->i18n, "When you press Done or walk away, everything you typed is erased.");
    struct text_style ps = { .size = ui_font(ui, THEME_TEXT_SMALL), .color = THEME_INK_MUTED };
    int lock = ui_dp(ui, 28), lock_gap = ui_dp(ui, 8);
    int ph = WK_MAX(ui_text_height(ui, r.w - lock - lock_gap, privacy, ps), lock) + ui_dp(ui, 8);
    /* Tiles fill the space, but never shrink below what their texts and
     * pictograms need: past that the area scrolls. */
    int cell_w = (r.w - (cols - 1) * gap) / cols, min_h = 0;
    /* Subtitles when all tiles fit with them; else pictograms and titles,
     * which carry the meaning, and no scrolling to find the sixth. */
    bool subtitles = true;
    int texts_h = 0;                    /* the tallest tile's texts, with pads */
    int grid_texts_h = 0;               /* the same without: one pictogram size */
    for (int pass = 0; pass < 2; pass++) {
        min_h = ui_dp(ui, 96);
        texts_h = grid_texts_h = 0;
        for (size_t i = 0; i < count; i++) {
            struct ui_tile_desc d = { .title = tr(sc->i18n, t[i].title),
                                      .subtitle = subtitles ? tr(sc->i18n, t[i].subtitle) : NULL,
                                      .pictogram = t[i].pictogram };
            min_h = WK_MAX(min_h, ui_tile_height(ui, cell_w, &d));
            grid_texts_h = WK_MAX(grid_texts_h, ui_tile_texts_height(ui, cell_w, &d));
            d.pictogram = NULL;
            texts_h = WK_MAX(texts_h, ui_tile_height(ui, cell_w, &d));
        }
        if (rows * min_h + (rows - 1) * gap + qh + ph <= r.h)
            break;
        subtitles = false;
    }
    /* Still too tall (long titles, larger scripts, a small screen): the
     * question goes first (the tiles say what there is, the header greets,
     * and a resident who reads little follows the pictograms). Then the
     * tiles shrink to the room there is, their pads giving way, as long as
     * the pictograms keep a third of the tile (ui_tile_least_height). Then
     * the privacy line goes below the fold (the area scrolls for it alone):
     * the tiles end above the scroll hint's fade, so no label is washed
     * out. Only past that do the pictograms give way to the titles, as
     * long as one of UI_TILE_MIN_ICON_DP still fits; and past that the
     * tiles scroll too. */
    int third_h = WK_MIN(min_h, ui_tile_least_height(ui, grid_texts_h));
    int least_h = WK_MIN(third_h, texts_h + ui_dp(ui, UI_TILE_MIN_ICON_DP));
    int with_question = (r.h - qh - ph - (rows - 1) * gap) / rows;
    int without_question = (r.h - ph - (rows - 1) * gap) / rows;
    int fade = ui_scroll_fade_height(ui, r.h);
    int above_fold = (r.h - fade - (rows - 1) * gap) / rows;
    int grid_h;
    if (with_question >= min_h) {
        grid_h = r.h - qh - ph;                 /* all fits */
    } else if (without_question >= third_h) {
        qh = 0;
        grid_h = r.h - ph;
    } else if (above_fold >= third_h) {
        qh = 0;
        grid_h = r.h - fade;
    } else if (without_question >= least_h) {
        qh = 0;
        grid_h = r.h - ph;
    } else {
        qh = 0;         /* the area scrolls: the tiles first, not a line of text */
        grid_h = rows * min_h + (rows - 1) * gap;
    }
    int content_h = qh + grid_h + ph;
    int top = ui_scroll_begin(ui, "home", r, content_h);
    struct ui_rect flow = { r.x, top, r.w, content_h };
    if (qh)
        ui_label(ui, ui_cut_top(&flow, qh), question, qs, UI_VALIGN_TOP);
    struct ui_rect grid = ui_cut_top(&flow, grid_h);
    struct ui_rect footer = ui_cut_bottom(&flow, ph - ui_dp(ui, 8));
    struct ui_rect pic = ui_cut_start(&footer, lock);
    ui_image(ui, (struct ui_rect){ pic.x, pic.y + (pic.h - lock) / 2, lock, lock }, "lock",
             THEME_INK_MUTED, false);
    ui_cut_start(&footer, lock_gap);
    ui_text(ui, footer, privacy, ps, UI_VALIGN_CENTER);
    for (size_t i = 0; i < count; i++) {
        struct ui_rect cell = ui_grid_cell(grid, cols, rows, gap, (int)i % cols, (int)i / cols);
        if (ui_tile(ui, cell, &(struct ui_tile_desc){
                .title = tr(sc->i18n, t[i].title),
                .subtitle = subtitles ? tr(sc->i18n, t[i].subtitle) : NULL,
                .pictogram = t[i].pictogram, .texts_h = grid_texts_h })) {
            nav->kind = t[i].form_kind >= 0 ? NAV_START_FORM : NAV_OPEN;
            nav->to = t[i].opens;
            /* a form's kind, or which topic is coming */
            nav->arg = t[i].form_kind >= 0 ? t[i].form_kind : t[i].opens == SCREEN_SOON ? (int)i : 0;
            /* Where the centre has events for volunteers, the tile asks
             * first: offer to help (the form) or check in or out. */
            size_t events;
            if (t[i].form_kind == FORM_VOLUNTEER && content_events(sc->content, &events) && events > 0)
                *nav = (struct nav){ .kind = NAV_OPEN, .to = SCREEN_VOLUNTEER };
        }
    }
    ui_scroll_end(ui);
}

void screen_soon(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    size_t count;
    const struct home_topic *t = home_topics(&count);
    /* arg < 0: a form this centre's bundle does not have. */
    const struct home_topic *topic = sc->arg >= 0 ? &t[WK_MIN(sc->arg, (int)count - 1)] : NULL;
    struct ui_rect r = ui_screen_rect(ui);
    screen_header(sc, &r, topic ? tr(sc->i18n, topic->title) : "", true, nav);
    r = ui_inset(r, ui_dp(ui, THEME_MARGIN * 2));
    const char *picture = topic ? (topic->page_pictogram ? topic->page_pictogram : topic->pictogram)
                                : "info";
    /* TRANSLATORS: shown on a part of the kiosk that this centre has not set up yet. */
    const char *says = topic && topic->page_text ? tr(sc->i18n, topic->page_text)
        : topic ? tr(sc->i18n, "This part of the kiosk is coming soon.")
        /* TRANSLATORS: a form this centre has not set up (no buddy form, say). */
        : tr(sc->i18n, "This is not available at this kiosk yet. Please ask at the reception desk.");
    screen_picture_and_words(ui, r, picture, THEME_PRIMARY, says);
}
