/* form.c — a form, one question a page: the question in big words, a line
 * of help, and the answer in the shape the field asks for — tiles with
 * pictograms to choose from, languages by their own names, a week of
 * mornings, afternoons and evenings, a number with − and +, yes or no, or
 * a text field with the on-screen keyboard of the resident's script.
 * Next checks the answer and says in plain words what is missing; Back
 * goes to the previous question, and from the first one leaves the form,
 * wiping what was typed. On a kiosk that is not set up to send (no hub key
 * pinned), the first question says so before anyone types a word. */
#include "screens.h"
#include "../ui/theme.h"

#include <stdio.h>
#include <string.h>

#define OPTION_TILE_H_DP 120
#define LANGUAGE_TILE_H_DP 72
#define GRID_ROW_H_DP 52
#define GRID_HEAD_ICON_DP 48
#define NEXT_BAR_H_DP 64
#define SELECTED_BORDER_DP 5
/* A text answer that may be longer than this many characters (a message;
 * no limit at all) is typed in a box of 3 to 5 lines that wraps, not on
 * one line that scrolls sideways. */
#define FORM_ONE_LINE_MAX_CHARS 80
#define FORM_BOX_MIN_LINES 3
#define FORM_BOX_MAX_LINES 5

static bool message_box(const struct content_field *fd)
{
    return fd->type == FIELD_TEXT && (fd->max <= 0 || fd->max > FORM_ONE_LINE_MAX_CHARS);
}

static const char *text_of(const struct content_text *t, const char *fallback)
{
    return t->value ? t->value : fallback;
}

/* Moves to the next (dir 1) or previous (dir -1) field that is asked;
 * returns false when there is none. */
static bool move_step(const struct content_form *f, struct form_state *st, int dir)
{
    for (int i = st->step + dir; i >= 0 && i < (int)f->field_count; i += dir)
        if (form_field_shown(f, st, (size_t)i)) {
            st->step = i;
            st->show_error = false;
            return true;
        }
    return false;
}

static void refresh(struct nav *nav)
{
    if (nav->kind == NAV_STAY)
        nav->kind = NAV_REFRESH;
}

/* A tile that stays marked when chosen: a thick border and a tick. */
static bool choice_tile(struct screen_ctx *sc, struct ui_rect r, const struct ui_tile_desc *d,
                        bool selected)
{
    struct ui *ui = sc->ui;
    bool tapped = ui_tile(ui, r, d);
    if (selected) {
        ui_frame_rect(ui, r, 0, THEME_PRIMARY, ui_dp(ui, SELECTED_BORDER_DP), ui_dp(ui, THEME_RADIUS));
        int tick = ui_dp(ui, 30);
        struct ui_rect corner = { r.x + r.w - tick - ui_dp(ui, 8), r.y + ui_dp(ui, 8), tick, tick };
        ui_fill(ui, corner, THEME_PRIMARY, tick / 2);
        ui_image(ui, ui_inset(corner, ui_dp(ui, 5)), "check", THEME_ON_PRIMARY, false);
    }
    return tapped;
}

static int grid_cols(const struct ui *ui, int min_w_dp)
{
    return WK_CLAMP(ui_width(ui) / ui_dp(ui, min_w_dp), 2, 4);
}

static void options(struct screen_ctx *sc, struct ui_rect r, const struct content_field *fd,
                    struct form_answer *a, struct nav *nav)
{
    struct ui *ui = sc->ui;
    int n = (int)fd->option_count, cols = grid_cols(ui, 250), rows = (n + cols - 1) / cols;
    int gap = ui_dp(ui, THEME_GAP), h = ui_dp(ui, OPTION_TILE_H_DP);
    int cell_w = (r.w - (cols - 1) * gap) / cols, texts_h = 0;
    for (int i = 0; i < n; i++) {
        const struct content_option *o = &fd->options[i];
        struct text_style ts = content_text_style(&o->label, (struct text_style){ 0 });
        struct ui_tile_desc d = { .title = text_of(&o->label, o->value), .pictogram = o->pictogram,
                                  .lang = ts.lang, .rtl = ts.rtl };
        h = WK_MAX(h, ui_tile_height(ui, cell_w, &d));
        texts_h = WK_MAX(texts_h, ui_tile_texts_height(ui, cell_w, &d));
    }
    int top = ui_scroll_begin(ui, "options", r, rows * h + (rows - 1) * gap);
    struct ui_rect grid = { r.x, top, r.w, rows * h + (rows - 1) * gap };
    for (int i = 0; i < n; i++) {
        const struct content_option *o = &fd->options[i];
        struct text_style ts = content_text_style(&o->label, (struct text_style){ 0 });
        bool on = a->chosen & (1ULL << i);
        if (choice_tile(sc, ui_grid_cell(grid, cols, rows, gap, i % cols, i / cols),
                        &(struct ui_tile_desc){ .title = text_of(&o->label, o->value),
                                                .pictogram = o->pictogram, .lang = ts.lang,
                                                .rtl = ts.rtl, .texts_h = texts_h }, on)) {
            a->chosen = fd->type == FIELD_MULTI ? a->chosen ^ (1ULL << i) : 1ULL << i;
            refresh(nav);
        }
    }
    ui_scroll_end(ui);
}

static void languages(struct screen_ctx *sc, struct ui_rect r, struct form_answer *a, struct nav *nav)
{
    struct ui *ui = sc->ui;
    size_t count;
    const struct i18n_language *langs = i18n_languages(&count);
    int n = (int)count, cols = grid_cols(ui, 190), rows = (n + cols - 1) / cols;
    int gap = ui_dp(ui, THEME_GAP), h = ui_dp(ui, LANGUAGE_TILE_H_DP);
    int cell_w = (r.w - (cols - 1) * gap) / cols;
    for (int i = 0; i < n; i++)
        h = WK_MAX(h, ui_tile_height(ui, cell_w, &(struct ui_tile_desc){
            .title = langs[i].endonym, .lang = langs[i].code, .rtl = langs[i].rtl }));
    int top = ui_scroll_begin(ui, "languages", r, rows * h + (rows - 1) * gap);
    struct ui_rect grid = { r.x, top, r.w, rows * h + (rows - 1) * gap };
    for (int i = 0; i < n; i++)
        if (choice_tile(sc, ui_grid_cell(grid, cols, rows, gap, i % cols, i / cols),
                        &(struct ui_tile_desc){ .title = langs[i].endonym, .lang = langs[i].code,
                                                .rtl = langs[i].rtl },
                        a->chosen & (1ULL << i))) {
            a->chosen ^= 1ULL << i;
            refresh(nav);
        }
    ui_scroll_end(ui);
}

static void availability(struct screen_ctx *sc, struct ui_rect r, struct form_answer *a,
                         struct nav *nav)
{
    /* TRANSLATORS: columns of the "when are you free?" grid, one short word each. */
    static const char *const parts[FORM_AVAILABILITY_PARTS] = {
        N_("Morning"), N_("Afternoon"), N_("Evening") };
    /* The sun rising, the sun high, the moon: over each column, large, and
     * faint in each free cell, so the grid reads without the words. */
    static const char *const part_pictos[FORM_AVAILABILITY_PARTS] = {
        "morning", "afternoon", "evening" };
    struct ui *ui = sc->ui;
    struct text_style hs = { .size = ui_font(ui, THEME_TEXT_BODY), .bold = true,
                             .align = TEXT_ALIGN_CENTER, .max_lines = 2 };
    struct text_style ds = { .size = ui_font(ui, THEME_TEXT_BODY), .max_lines = 2 };
    int gap = ui_dp(ui, 6);
    int day_w = WK_MIN(ui_dp(ui, 190), r.w / 4);
    int part_w = (r.w - day_w - (FORM_AVAILABILITY_PARTS - 1) * gap) / FORM_AVAILABILITY_PARTS;
    int row_h = ui_dp(ui, GRID_ROW_H_DP), head_text_h = 0;
    /* Smaller where the grid has little room (large text on a small
     * screen), so that the first row shows without scrolling. */
    int head_icon = WK_MIN(WK_MIN(ui_dp(ui, GRID_HEAD_ICON_DP), part_w / 2), r.h / 5);
    for (int p = 0; p < FORM_AVAILABILITY_PARTS; p++)
        head_text_h = WK_MAX(head_text_h, ui_text_height(ui, part_w, tr(sc->i18n, parts[p]), hs));
    int head_h = WK_MAX(row_h, head_icon + ui_dp(ui, 4) + head_text_h);
    for (int d = 0; d < 7; d++)
        row_h = WK_MAX(row_h, ui_text_height(ui, day_w, weekday_name(sc, d), ds) + ui_dp(ui, 8));
    int top = ui_scroll_begin(ui, "availability", r, head_h + 7 * (row_h + gap));
    struct ui_rect row = { r.x, top, r.w, head_h };
    struct ui_rect head = row;
    ui_cut_start(&head, day_w);
    for (int p = 0; p < FORM_AVAILABILITY_PARTS; p++) {
        struct ui_rect col = ui_grid_cell(head, FORM_AVAILABILITY_PARTS, 1, gap, p, 0);
        ui_image(ui, ui_cut_top(&col, head_icon), part_pictos[p], THEME_PRIMARY, false);
        ui_cut_top(&col, ui_dp(ui, 4));
        ui_text_fit(ui, col, tr(sc->i18n, parts[p]), hs, UI_VALIGN_TOP);
    }
    row.y += head_h - row_h;
    row.h = row_h;
    for (int d = 0; d < 7; d++) {
        row.y += row_h + gap;
        struct ui_rect cells = row;
        ui_text_fit(ui, ui_cut_start(&cells, day_w), weekday_name(sc, d), ds, UI_VALIGN_CENTER);
        for (int p = 0; p < FORM_AVAILABILITY_PARTS; p++) {
            uint32_t bit = 1u << (d * FORM_AVAILABILITY_PARTS + p);
            char label[96];
            snprintf(label, sizeof label, "%s %s", weekday_name(sc, d), tr(sc->i18n, parts[p]));
            bool on = a->availability & bit;
            struct ui_rect cell = ui_grid_cell(cells, FORM_AVAILABILITY_PARTS, 1, gap, p, 0);
            ui_frame_rect(ui, cell, on ? THEME_PRIMARY : THEME_SURFACE, THEME_PRIMARY, ui_dp(ui, 2),
                          ui_dp(ui, THEME_RADIUS));
            if (on)
                ui_image(ui, ui_inset(cell, ui_dp(ui, 10)), "check", THEME_ON_PRIMARY, false);
            else
                ui_image(ui, ui_inset(cell, ui_dp(ui, 10)), part_pictos[p], THEME_BORDER, false);
            /* Found by tests and scripts as "Monday Morning". */
            if (ui_touch_area(ui, cell, label)) {
                a->availability ^= bit;
                refresh(nav);
            }
        }
    }
    ui_scroll_end(ui);
}

static void number(struct screen_ctx *sc, struct ui_rect r, const struct content_field *fd,
                   struct form_answer *a, struct nav *nav)
{
    struct ui *ui = sc->ui;
    int lo = WK_MAX(fd->min, 1), hi = fd->max ? fd->max : 99, size = ui_dp(ui, 96);
    struct ui_rect row = { r.x + (r.w - 3 * size - 2 * ui_dp(ui, 24)) / 2, r.y + ui_dp(ui, 20),
                           3 * size + 2 * ui_dp(ui, 24), size };
    struct ui_rect minus = ui_cut_start(&row, size), plus = ui_cut_end(&row, size);
    char value[16];
    snprintf(value, sizeof value, "%d", a->number ? a->number : lo);
    screen_native(sc, value, sizeof value);
    /* Pictograms, not the minus sign: U+2212 is in none of the shipped
     * fonts, and a hyphen is too thin to see at arm's length. */
    /* TRANSLATORS: the "-" button of a number (how many people): one less. Read aloud. */
    if (ui_button(ui, minus, &(struct ui_button_desc){ .label = tr(sc->i18n, "One less"),
                                                      .pictogram = "minus", .icon_only = true,
                                                      .kind = UI_BUTTON_SECONDARY })) {
        a->number = WK_MAX((a->number ? a->number : lo) - 1, lo);
        refresh(nav);
    }
    ui_label(ui, row, value, (struct text_style){ .size = ui_font(ui, THEME_TEXT_HUGE), .bold = true,
                                                  .align = TEXT_ALIGN_CENTER }, UI_VALIGN_CENTER);
    /* TRANSLATORS: the "+" button of a number (how many people): one more. Read aloud. */
    if (ui_button(ui, plus, &(struct ui_button_desc){ .label = tr(sc->i18n, "One more"),
                                                     .pictogram = "plus", .icon_only = true,
                                                     .kind = UI_BUTTON_SECONDARY })) {
        a->number = WK_MIN((a->number ? a->number : lo - 1) + 1, hi);
        refresh(nav);
    }
    if (!a->number)
        a->number = lo;     /* what is shown is the answer, as on a paper form */
}

static void yes_no(struct screen_ctx *sc, struct ui_rect r, struct form_answer *a, struct nav *nav)
{
    struct ui *ui = sc->ui;
    struct ui_rect row = ui_cut_top(&r, WK_MIN(r.h, ui_dp(ui, 150)));
    const char *labels[2] = { tr(sc->i18n, "Yes"), tr(sc->i18n, "No") };
    const char *pictos[2] = { "check", "close" };
    for (int i = 0; i < 2; i++)
        if (choice_tile(sc, ui_grid_cell(row, 2, 1, ui_dp(ui, THEME_GAP), i, 0),
                        &(struct ui_tile_desc){ .title = labels[i], .pictogram = pictos[i] },
                        a->chosen & (1ULL << i))) {
            a->chosen = 1ULL << i;
            refresh(nav);
        }
}

/* Text and phone: the field, and the keyboard under it, whose own key
 * moves on. Returns true when the resident pressed it. */
static bool typing(struct screen_ctx *sc, struct ui_rect field, struct ui_rect keys,
                   const struct content_field *fd, struct form_answer *a, struct nav *nav,
                   const char *next_label)
{
    struct ui *ui = sc->ui;
    struct form_state *st = sc->form;
    if (st->keyboard_step != st->step + 1) {
        /* A new question starts on the resident's own script, or digits. */
        st->keyboard = (struct ui_keyboard_state){
            .layout = fd->type == FIELD_PHONE ? ui_keyboard_phone(screen_digits(sc))
                                             : ui_keyboard_for_language(ui_lang(ui)) };
        st->keyboard_step = st->step + 1;
    }
    if (message_box(fd))
        ui_text_box(ui, field, text_of(&fd->label, fd->name), a->text, true);
    else
        ui_text_field(ui, field, text_of(&fd->label, fd->name), a->text, "", true);
    struct ui_keyboard_state before = st->keyboard;
    size_t len = strlen(a->text);
    uint64_t hash = wk_hash(a->text, len, WK_HASH_SEED);
    size_t max = fd->max > 0 ? (size_t)fd->max : 0;
    bool done = ui_keyboard(ui, keys, &st->keyboard,
                            &(struct ui_text_buffer){ a->text, sizeof a->text, max }, next_label);
    if (memcmp(&before, &st->keyboard, sizeof before) || strlen(a->text) != len ||
        wk_hash(a->text, strlen(a->text), WK_HASH_SEED) != hash)
        refresh(nav);
    return done;
}

static void next(struct screen_ctx *sc, const struct content_form *f, struct nav *nav)
{
    struct form_state *st = sc->form;
    if (form_answer_problem(&f->fields[st->step], &st->answers[st->step])) {
        st->show_error = true;
        refresh(nav);
    } else if (move_step(f, st, 1)) {
        nav->kind = NAV_REPLACE;
        nav->to = SCREEN_FORM;
    } else {
        nav->kind = NAV_OPEN;
        nav->to = SCREEN_CONSENT;
    }
}

void screen_form(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    struct ui_rect r = ui_screen_rect(ui);
    const struct content_form *f = screen_current_form(sc);
    if (!f || sc->form->step < 0 || (size_t)sc->form->step >= f->field_count) {
        screen_header(sc, &r, "", true, nav);
        return;
    }
    struct form_state *st = sc->form;
    const struct content_field *fd = &f->fields[st->step];
    struct form_answer *a = &st->answers[st->step];
    bool types = fd->type == FIELD_TEXT || fd->type == FIELD_PHONE;
    /* Over a keyboard, or with large text on a small screen, the question
     * is the page's title: the form's own would take the room the
     * question and its choices need. */
    const char *title = text_of(&f->title, f->id);
    if (types || (ui_text_step(ui) > 0 && ui_height(ui) <= ui_dp(ui, UI_BASE_SHORT_SIDE)))
        title = "";
    screen_header(sc, &r, title, true, nav);
    if (nav->kind == NAV_BACK) {
        /* Back is the previous question; before the first, out of the form. */
        if (move_step(f, st, -1)) {
            nav->kind = NAV_REPLACE;
            nav->to = SCREEN_FORM;
        } else {
            nav->kind = NAV_ABANDON_FORM;
        }
        return;
    }
    /* Typing: the keyboard at its full height at the bottom and the field
     * above it come first; the question gets what is left. */
    struct ui_rect keys = { 0 }, field = { 0 };
    if (types) {
        keys = ui_cut_bottom(&r, ui_keyboard_height(ui));
        r = (struct ui_rect){ r.x + ui_dp(ui, THEME_MARGIN / 2), r.y + ui_dp(ui, 4),
                              r.w - ui_dp(ui, THEME_MARGIN), r.h - ui_dp(ui, 8) };
    } else {
        r = ui_inset(r, ui_dp(ui, THEME_MARGIN));
    }

    int shown = 0, position = 0;
    for (size_t i = 0; i < f->field_count; i++)
        if (form_field_shown(f, st, i)) {
            shown++;
            position += (int)i <= st->step;
        }
    char progress[64];
    /* TRANSLATORS: above each question of a form: "Question 2 of 5". */
    snprintf(progress, sizeof progress, tr(sc->i18n, "Question %1$d of %2$d"), position, shown);
    screen_native(sc, progress, sizeof progress);
    /* Above a keyboard the room is short: the help, then the progress
     * line give way before the question would be cut. */
    struct text_style ps = { .size = ui_font(ui, THEME_TEXT_SMALL), .color = THEME_INK_MUTED,
                             .max_lines = 1 };
    struct text_style ws = { .size = ui_font(ui, THEME_TEXT_BODY), .bold = true,
                             .color = THEME_ACCENT, .max_lines = 2 };
    struct text_style label = content_text_style(&fd->label, (struct text_style){
        .size = ui_font(ui, THEME_TEXT_TITLE), .bold = true, .max_lines = 4 });
    struct text_style help = content_text_style(&fd->help, (struct text_style){
        .size = ui_font(ui, THEME_TEXT_BODY), .color = THEME_INK_MUTED, .max_lines = 4 });
    struct text_style es = { .size = ui_font(ui, THEME_TEXT_BODY), .bold = true,
                             .color = THEME_ACCENT, .max_lines = 2 };
    const char *warning = !sc->can_send && position == 1
        ? tr(sc->i18n, "This kiosk is not set up to send forms.") : NULL;
    const char *problem = st->show_error ? form_answer_problem(fd, a) : NULL;
    const char *question = text_of(&fd->label, fd->name), *hint = fd->help.value;
    int ph = ui_text_height(ui, r.w, progress, ps) + ui_dp(ui, 4);
    int wh = warning ? ui_text_height(ui, r.w, warning, ws) + ui_dp(ui, 4) : 0;
    int lh = ui_text_height(ui, r.w, question, label) + ui_dp(ui, 4);
    int hh = hint ? ui_text_height(ui, r.w, hint, help) : 0;
    int eh = problem ? ui_text_height(ui, r.w, tr(sc->i18n, problem), es) : 0;
    /* Only the box: the question above is its label. A message box
     * grows from 3 to 5 lines with the text, as far as the room under
     * the question goes. */
    if (types) {
        int fh = ui_button_height(ui, UI_MIN_TOUCH_DP + 8) + ui_dp(ui, 4);
        if (message_box(fd)) {
            /* Three lines as tall as the resident's script's (Naskh and
             * Ethiopic lines are taller than Latin ones): the question's
             * and the page's own words are in it, and so may what is
             * typed be. */
            int least = ui_text_box_height(ui, r.w, a->text, FORM_BOX_MIN_LINES, FORM_BOX_MIN_LINES);
            least = WK_MAX(least, ui_text_box_height(ui, r.w, question, FORM_BOX_MIN_LINES,
                                                     FORM_BOX_MIN_LINES));
            least = WK_MAX(least, ui_text_box_height(ui, r.w, progress, FORM_BOX_MIN_LINES,
                                                     FORM_BOX_MIN_LINES));
            int want = WK_MAX(least, ui_text_box_height(ui, r.w, a->text, FORM_BOX_MIN_LINES,
                                                        FORM_BOX_MAX_LINES));
            /* Over a keyboard on a small screen, until three lines of the
             * message show: the question in the size of a label; the keys
             * a little shorter, never under a finger's width; the question
             * in the size of body text; no air around it. The warning and
             * the progress line give way below. */
            int air = ui_dp(ui, 4);
            if (r.h - lh - air < least) {
                label.size = ui_font(ui, THEME_TEXT_LABEL);
                lh = ui_text_height(ui, r.w, question, label) + air;
            }
            int give = WK_MIN(least - (r.h - lh - air), keys.h - ui_keyboard_least_height(ui));
            if (give > 0) {
                keys.y += give;
                keys.h -= give;
                r.h += give;
            }
            if (r.h - lh - air < least) {
                label.size = ui_font(ui, THEME_TEXT_BODY);
                lh = ui_text_height(ui, r.w, question, label) + air;
            }
            if (r.h - lh - air < least) {
                lh -= air;
                r.y -= air;             /* the page's own air above it */
                r.h += air;
                air = 0;
            }
            fh = WK_MAX(fh, WK_MIN(want, r.h - lh - air));
        }
        field = ui_cut_bottom(&r, fh);
    }
    /* Choices keep room for a row of tiles under the question, and the
     * Next button its bar. */
    struct ui_rect bar = { 0 };
    if (!types) {
        bar = ui_cut_bottom(&r, ui_button_height(ui, NEXT_BAR_H_DP));
        ui_cut_bottom(&r, ui_dp(ui, THEME_GAP));
    }
    int room = r.h - (types ? 0 : ui_dp(ui, OPTION_TILE_H_DP));
    if (ph + wh + lh + hh + eh > room)
        hint = NULL, hh = 0;
    if (ph + wh + lh + hh + eh > room)
        ph = 0;
    if (types && ph + wh + lh + hh + eh > room)
        warning = NULL, wh = 0;     /* while typing: the box first */
    if (ph)
        ui_text(ui, ui_cut_top(&r, ph), progress, ps, UI_VALIGN_TOP);
    if (warning)
        ui_label(ui, ui_cut_top(&r, wh), warning, ws, UI_VALIGN_TOP);
    ui_label(ui, ui_cut_top(&r, lh), question, label, UI_VALIGN_TOP);
    if (hint)
        ui_text(ui, ui_cut_top(&r, hh), hint, help, UI_VALIGN_TOP);
    if (problem)
        ui_label(ui, ui_cut_top(&r, eh), tr(sc->i18n, problem), es, UI_VALIGN_TOP);
    ui_cut_top(&r, ui_dp(ui, 10));

    const char *next_label = tr(sc->i18n, "Next");
    if (types) {
        if (typing(sc, field, keys, fd, a, nav, next_label))
            next(sc, f, nav);
        return;
    }
    switch (fd->type) {
    case FIELD_CHOICE:
    case FIELD_MULTI: options(sc, r, fd, a, nav); break;
    case FIELD_LANGUAGES: languages(sc, r, a, nav); break;
    case FIELD_AVAILABILITY: availability(sc, r, a, nav); break;
    case FIELD_NUMBER: number(sc, r, fd, a, nav); break;
    case FIELD_YESNO: yes_no(sc, r, a, nav); break;
    default: break;
    }
    if (ui_button(ui, ui_cut_end(&bar, WK_MIN(bar.w, ui_dp(ui, 260))), &(struct ui_button_desc){
            .label = next_label, .pictogram = "forward", .mirror_pictogram = true }))
        next(sc, f, nav);
}
