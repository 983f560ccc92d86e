/* test_layout.c — does every text fit? A resident walks every screen
 * (attract, languages, home, services, a service, what's on today,
 * tomorrow and this week, an activity, help, the buddy and message forms
 * page by page, "erase your answers?", consent, the receipt, the idle
 * warning) in every language
 * at 800x480, 1280x800, portrait 1080x1920 and at the largest A+ step on
 * 800x480; on each screen the frame's text blocks must be whole: no
 * ellipsis in a title or button, nothing taller or wider than its box or
 * past the screen's edge, no character the shipped fonts cannot draw, no
 * word under a scroll hint's arrow. The
 * text engine says which blocks it cut and which glyphs it lacks
 * (frame.h), so nothing here is guessed from pixels. A last case measures
 * every string of every catalog and every line of the demo content with
 * the real fonts: no code point may be missing from all of them. One case
 * per language, so the walk runs in parallel. */
#include "harness.h"
#include "../app/ui/frame.h"

#include <dirent.h>
#include <sodium.h>
#include <stdlib.h>
#include <sys/stat.h>

/* The walk stops filling in a form after this many pages. */
#define LAYOUT_MAX_FORM_PAGES 12

struct walk {
    struct harness h;
    const char *lang;
    const char *size;       /* for messages: "800x480", "A+ 800x480" */
    int width, height;
};

static const char *trl(struct walk *w, const char *msgid)
{
    return tr_in(w->h.i18n, w->lang, msgid);
}

/* A scroll hint's arrow badge (the round frame drawn just before its
 * "more-below" or "more-above" arrow) hides no word: no text drawn before
 * it that shows (inside its own clip and the badge's) meets the badge.
 * Returns the words it hides, or NULL. */
static const char *hint_hides(const struct ui_frame *f, struct ui_rect *badge_out)
{
    struct ui_rect screen = { 0, 0, f->width, f->height }, clip = screen;
    for (size_t i = 0; i < f->cmd_count; i++) {
        const struct ui_cmd *c = &f->cmds[i];
        if (c->kind == UI_CMD_CLIP)
            clip = c->rect.w > 0 ? c->rect : screen;
        if (c->kind != UI_CMD_IMAGE || (strcmp(c->image, "more-below") != 0 &&
                                        strcmp(c->image, "more-above") != 0))
            continue;
        struct ui_rect badge = i > 0 && f->cmds[i - 1].kind == UI_CMD_RECT ? f->cmds[i - 1].rect
                                                                          : c->rect;
        struct ui_rect text_clip = screen;
        for (size_t j = 0; j < i; j++) {
            const struct ui_cmd *t = &f->cmds[j];
            if (t->kind == UI_CMD_CLIP)
                text_clip = t->rect.w > 0 ? t->rect : screen;
            if (t->kind == UI_CMD_TEXT && ui_rects_meet(badge, ui_rect_and(ui_rect_and(t->rect, text_clip), clip))) {
                *badge_out = badge;
                return t->text;
            }
        }
    }
    return NULL;
}

/* Fails with where the walk was and what did not fit. */
static void check_screen(struct walk *w, const char *where)
{
    const struct ui_frame *f = kiosk_frame(w->h.kiosk);
    for (size_t i = 0; i < f->cmd_count; i++) {
        const struct ui_cmd *c = &f->cmds[i];
        if (c->kind != UI_CMD_TEXT)
            continue;
        const char *why = NULL;
        char buf[64];
        if (c->missing) {
            snprintf(buf, sizeof buf, "U+%04X is in none of the fonts", (unsigned)c->first_missing);
            why = buf;
        } else if (c->truncated && !c->cut_ok) {
            why = "ends in an ellipsis";
        } else if (c->overflows) {
            why = "does not fit its box";
        } else if (c->rect.x < 0 || c->rect.x + c->rect.w > f->width) {
            why = "runs past the screen's edge";
        }
        if (why) {
            /* The picture, to see it: build/layout-failed-LANG.png. */
            char shot[1400];
            snprintf(shot, sizeof shot, "screenshot:%s/%s/layout-failed-%s.png", test_root(),
                     test_build_dir(), w->lang);
            harness_run(&w->h, shot);
            test_fail(__FILE__, __LINE__, "%s %s, %s: \"%s\" %s (%dx%d at %d,%d, %d px)", w->lang,
                      w->size, where, c->text, why, c->rect.w, c->rect.h, c->rect.x, c->rect.y,
                      c->style.size);
        }
    }
    struct ui_rect badge;
    const char *hidden = hint_hides(f, &badge);
    if (hidden)
        test_fail(__FILE__, __LINE__, "%s %s, %s: the scroll hint's arrow (%dx%d at %d,%d) hides "
                  "\"%s\"", w->lang, w->size, where, badge.w, badge.h, badge.x, badge.y, hidden);
    for (size_t i = 0; i < f->widget_count; i++) {
        const struct ui_widget *wd = &f->widgets[i];
        if (wd->rect.x < 0 || wd->rect.x + wd->rect.w > f->width)
            test_fail(__FILE__, __LINE__, "%s %s, %s: \"%s\" runs past the screen's edge",
                      w->lang, w->size, where, wd->label);
    }
}

static void step(struct walk *w, const char *kind, const char *arg)
{
    char s[600];
    snprintf(s, sizeof s, "%s:%s", kind, arg);
    harness_run(&w->h, s);
}

static const struct ui_widget *widget(struct walk *w, const char *label)
{
    const struct ui_frame *f = kiosk_frame(w->h.kiosk);
    for (size_t i = 0; i < f->widget_count; i++)
        if (strcmp(f->widgets[i].label, label) == 0)
            return &f->widgets[i];
    return NULL;
}

static bool shows_widget(struct walk *w, const char *label)
{
    return widget(w, label) != NULL;
}

/* Taps the widget labelled so, scrolling the screen's list, grid or page
 * up (as a finger would) until it shows, if it is below the fold. */
static void reveal(struct walk *w, const char *label)
{
    for (int i = 0; i < 8 && !shows_widget(w, label); i++) {
        const struct ui_frame *f = kiosk_frame(w->h.kiosk);
        const char *handle = NULL;
        for (size_t j = 0; j < f->widget_count && !handle; j++)
            if (f->widgets[j].kind == UI_WIDGET_TILE || f->widgets[j].kind == UI_WIDGET_ROW)
                handle = f->widgets[j].label;
        /* A page of text (consent): its last label is on the page. */
        for (size_t j = 0; j < f->widget_count && !handle; j++)
            if (f->widgets[f->widget_count - 1 - j].kind == UI_WIDGET_LABEL)
                handle = f->widgets[f->widget_count - 1 - j].label;
        if (!handle)
            break;
        char drag[500];
        snprintf(drag, sizeof drag, "%s:%d", handle, -w->height / 4);
        step(w, "drag", drag);
        step(w, "wait", "2000");     /* the fling comes to rest */
    }
}

static void tap(struct walk *w, const char *label)
{
    reveal(w, label);
    step(w, "tap", label);
}

/* Consent: who reads the answers, why and for how long show first, and
 * Send only under them: on screen at once above it, or reached by
 * scrolling past them. */
static void check_consent_order(struct walk *w)
{
    const char *how_long = trl(w, "How long they are kept"), *send = trl(w, "Send");
    CHECK(widget(w, trl(w, "Who reads them")) != NULL);
    bool at_once = widget(w, send) != NULL;
    if (!at_once)
        reveal(w, send);
    const struct ui_widget *s = widget(w, send), *h = widget(w, how_long);
    CHECK(s != NULL);
    if (at_once && !h)
        test_fail(__FILE__, __LINE__, "%s %s, consent: Send shows, \"%s\" does not", w->lang,
                  w->size, how_long);
    if (h && h->rect.y + h->rect.h > s->rect.y)
        test_fail(__FILE__, __LINE__, "%s %s, consent: Send (y %d) before \"%s\" (y %d..%d)",
                  w->lang, w->size, s->rect.y, how_long, h->rect.y, h->rect.y + h->rect.h);
}

static const struct ui_widget *first_widget(struct walk *w, enum ui_widget_kind kind)
{
    const struct ui_frame *f = kiosk_frame(w->h.kiosk);
    for (size_t i = 0; i < f->widget_count; i++)
        if (f->widgets[i].kind == kind && f->widgets[i].enabled && f->widgets[i].rect.h > 8)
            return &f->widgets[i];
    return NULL;
}

/* Taps the first tile, row or key on the screen (whatever it says in
 * this language); false if there is none. */
static bool tap_first(struct walk *w, enum ui_widget_kind kind)
{
    const struct ui_widget *wd = first_widget(w, kind);
    if (!wd)
        return false;
    char at[64];
    snprintf(at, sizeof at, "%d,%d", wd->rect.x + wd->rect.w / 2, wd->rect.y + wd->rect.h / 2);
    step(w, "tap-at", at);
    return true;
}

/* Answers each page of the form with its first choice or a few letters,
 * checking every page, then consent and the receipt. */
static void fill_form(struct walk *w, const char *name)
{
    char where[128];
    for (int page = 1; page <= LAYOUT_MAX_FORM_PAGES; page++) {
        enum screen_id s = kiosk_screen(w->h.kiosk);
        if (s != SCREEN_FORM)
            break;
        snprintf(where, sizeof where, "%s form, page %d", name, page);
        check_screen(w, where);
        if (first_widget(w, UI_WIDGET_KEY)) {
            for (int k = 0; k < 9; k++)
                tap_first(w, UI_WIDGET_KEY);
            snprintf(where, sizeof where, "%s form, page %d, typing", name, page);
            check_screen(w, where);
            tap(w, "\u23ce");   /* the keyboard's own Next: the next page */
            continue;
        } else if (!tap_first(w, UI_WIDGET_TILE)) {
            char cell[256];      /* the availability grid */
            snprintf(cell, sizeof cell, "%s %s", trl(w, "Monday"), trl(w, "Morning"));
            tap(w, cell);
        }
        if (page == 1) {
            /* An answer given: Done asks before erasing it. */
            tap(w, trl(w, "Done"));
            snprintf(where, sizeof where, "%s form, erase your answers?", name);
            check_screen(w, where);
            tap(w, trl(w, "Keep my answers"));
        }
        tap(w, trl(w, "Next"));
    }
    CHECK_INT_EQ(kiosk_screen(w->h.kiosk), SCREEN_CONSENT);
    snprintf(where, sizeof where, "%s form, consent", name);
    check_screen(w, where);
    check_consent_order(w);
    tap(w, trl(w, "Send"));
    snprintf(where, sizeof where, "%s form, receipt", name);
    check_screen(w, where);
    CHECK_INT_EQ(kiosk_screen(w->h.kiosk), SCREEN_RECEIPT);
}

static void back(struct walk *w, int times)
{
    for (int i = 0; i < times; i++)
        tap(w, trl(w, "Back"));
}

/* From the attract screen through the language picker to home, with the
 * text at its largest step if asked. */
static void start_session(struct walk *w, const char *endonym, bool larger)
{
    char at[32];
    check_screen(w, "attract");
    snprintf(at, sizeof at, "%d,%d", w->width / 2, w->height / 2);
    step(w, "tap-at", at);
    check_screen(w, "language");
    tap(w, endonym);
    if (larger)
        for (int i = 0; i < UI_TEXT_STEPS - 1; i++)
            tap(w, trl(w, "A+"));
    check_screen(w, "home");
}

static void walk_at(const char *lang, const char *endonym, int width, int height, bool larger)
{
    /* The TEST hub key of assets/demo/keys: the receipt needs a sealed form. */
    unsigned char sk[crypto_box_SECRETKEYBYTES], pinned[KIOSK_HUB_KEY_BYTES];
    char key[1200], err[WK_ERR_MAX] = "";
    snprintf(key, sizeof key, "%s/assets/demo/keys/test-hub.key", test_root());
    CHECK_OK(content_key_file_read(key, sk, sizeof sk, err));
    crypto_scalarmult_base(pinned, sk);
    struct walk w = { .lang = lang, .width = width, .height = height };
    char size[32];
    snprintf(size, sizeof size, "%s%dx%d", larger ? "A+ " : "", width, height);
    w.size = size;
    harness_open(&w.h, &(struct harness_desc){ .width = width, .height = height,
                                                .hub_key = pinned, .idle_timeout_ms = 600000 });
    start_session(&w, endonym, larger);

    tap(&w, trl(&w, "Services"));
    check_screen(&w, "categories");
    CHECK(tap_first(&w, UI_WIDGET_TILE));
    check_screen(&w, "services of a category");
    CHECK(tap_first(&w, UI_WIDGET_ROW));
    check_screen(&w, "a service");
    back(&w, 3);

    tap(&w, trl(&w, "What's on"));
    check_screen(&w, "what's on today");
    tap(&w, trl(&w, "Tomorrow"));
    check_screen(&w, "what's on tomorrow");
    tap(&w, trl(&w, "This week"));
    check_screen(&w, "what's on this week");
    CHECK(tap_first(&w, UI_WIDGET_ROW));
    check_screen(&w, "an activity");
    back(&w, 2);

    tap(&w, trl(&w, "Help"));
    check_screen(&w, "help");
    back(&w, 1);

    tap(&w, trl(&w, "Find a buddy"));
    fill_form(&w, "buddy");
    tap(&w, trl(&w, "Done"));
    CHECK_INT_EQ(kiosk_screen(w.h.kiosk), SCREEN_ATTRACT);

    start_session(&w, endonym, larger);
    tap(&w, trl(&w, "Leave a message"));
    fill_form(&w, "message");
    step(&w, "wait", "600500");
    CHECK(kiosk_idle_warning_shown(w.h.kiosk));
    check_screen(&w, "the idle warning");
    harness_close(&w.h);
}

/* The message box over the keyboard shows three lines of the resident's
 * script at least: a word typed on the keyboard is one line (the typed
 * text's block, drawn inside the box's clip), and the clip, the box's
 * inside, holds three of them. */
static void check_message_box(const char *lang, const char *endonym, int width, int height)
{
    struct walk w = { .lang = lang, .width = width, .height = height };
    char size[32];
    snprintf(size, sizeof size, "%dx%d", width, height);
    w.size = size;
    harness_open(&w.h, &(struct harness_desc){ .width = width, .height = height });
    tap(&w, endonym);
    tap(&w, trl(&w, "Leave a message"));
    CHECK(tap_first(&w, UI_WIDGET_TILE));
    tap(&w, trl(&w, "Next"));
    CHECK(first_widget(&w, UI_WIDGET_KEY) != NULL);
    for (int k = 0; k < 6; k++)
        tap_first(&w, UI_WIDGET_KEY);
    check_screen(&w, "the message box");
    const struct ui_frame *f = kiosk_frame(w.h.kiosk);
    struct ui_rect inside = { 0 };
    const struct ui_cmd *typed = NULL;
    for (size_t i = 0; i < f->cmd_count && !typed; i++) {
        if (f->cmds[i].kind == UI_CMD_CLIP)
            inside = f->cmds[i].rect;
        else if (f->cmds[i].kind == UI_CMD_TEXT && f->cmds[i].style.secret)
            typed = &f->cmds[i];
    }
    CHECK(typed != NULL);
    CHECK(strlen(typed->text) > 1);     /* a word and the caret */
    if (inside.h < 3 * typed->rect.h)
        test_fail(__FILE__, __LINE__, "%s %s: the message box holds %d px, under three lines of "
                  "%d px (\"%s\")", lang, size, inside.h, typed->rect.h, typed->text);
    harness_close(&w.h);
}

TEST(the_message_box_shows_three_lines_over_the_keyboard)
{
    static const char *const langs[][2] = { { "ar", "العربية" }, { "ti", "ትግርኛ" },
                                            { "uk", "Українська" } };
    for (size_t i = 0; i < WK_ARRAY_LEN(langs); i++) {
        check_message_box(langs[i][0], langs[i][1], 800, 480);
        check_message_box(langs[i][0], langs[i][1], 1080, 1920);
    }
}

static void walk_language(const char *lang, const char *endonym)
{
    test_time_limit(240);
    walk_at(lang, endonym, 800, 480, false);
    walk_at(lang, endonym, 1280, 800, false);
    walk_at(lang, endonym, 1080, 1920, false);
    walk_at(lang, endonym, 800, 480, true);
}

TEST(layout_nl) { walk_language("nl", "Nederlands"); }
TEST(layout_en) { walk_language("en", "English"); }
TEST(layout_fr) { walk_language("fr", "Français"); }
TEST(layout_ar) { walk_language("ar", "العربية"); }
TEST(layout_fa) { walk_language("fa", "دری"); }
TEST(layout_ps) { walk_language("ps", "پښتو"); }
TEST(layout_ti) { walk_language("ti", "ትግርኛ"); }
TEST(layout_so) { walk_language("so", "Soomaali"); }
TEST(layout_tr) { walk_language("tr", "Türkçe"); }
TEST(layout_uk) { walk_language("uk", "Українська"); }
TEST(layout_ru) { walk_language("ru", "Русский"); }

/* Every string of every catalog (msgstr, with its C escapes) and every
 * value of the demo content (assets/demo, "key = value" and continued
 * lines), measured with the shipped fonts. */
static int missing_in(struct text_ctx *text, const char *s, const char *where, int *checked)
{
    struct text_metrics m;
    CHECK_OK(text_measure(text, s, &(struct text_style){ .size = 20 }, &m));
    (*checked)++;
    if (m.missing)
        fprintf(stderr, "%s: U+%04X is in none of the fonts: \"%s\"\n", where,
                (unsigned)m.first_missing, s);
    return m.missing;
}

/* The string literal of a .po line from its first quote, unescaped. */
static void po_unquote(const char *line, char *out, size_t size)
{
    const char *p = strchr(line, '"');
    size_t n = 0;
    for (p = p ? p + 1 : ""; *p && *p != '"' && n + 1 < size; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            out[n++] = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
        } else {
            out[n++] = *p;
        }
    }
    out[n] = '\0';
}

static int missing_in_po(struct text_ctx *text, const char *path, int *checked)
{
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    char line[4096], s[4096];
    int missing = 0;
    bool in_msgstr = false;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "msgstr", 6) == 0)
            in_msgstr = true;
        else if (line[0] != '"')
            in_msgstr = false;
        if (!in_msgstr)
            continue;
        po_unquote(line, s, sizeof s);
        if (s[0])
            missing += missing_in(text, s, path, checked);
    }
    fclose(f);
    return missing;
}

static int missing_in_ini_dir(struct text_ctx *text, const char *dir, int *checked)
{
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    int missing = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        char path[2048], line[4096];
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            missing += missing_in_ini_dir(text, path, checked);
            continue;
        }
        size_t len = strlen(e->d_name);
        if (len < 4 || strcmp(e->d_name + len - 4, ".ini") != 0)
            continue;
        FILE *f = fopen(path, "r");
        CHECK(f != NULL);
        while (fgets(line, sizeof line, f)) {
            line[strcspn(line, "\n")] = '\0';
            const char *v = line[0] == ' ' ? line : strchr(line, '=');
            if (line[0] == '#' || line[0] == '[' || !v)
                continue;
            v += *v == '=';
            while (*v == ' ')
                v++;
            if (*v)
                missing += missing_in(text, v, path, checked);
        }
        fclose(f);
    }
    closedir(d);
    return missing;
}

TEST(every_ui_string_and_demo_text_has_glyphs_in_the_shipped_fonts)
{
    char fonts[1200], dir[1200], err[WK_ERR_MAX];
    struct text_ctx *text;
    snprintf(fonts, sizeof fonts, "%s/fonts", test_root());
    CHECK_OK(text_open(&(struct text_config){ .fonts_dir = fonts }, &text, err));
    /* The check itself sees a character no font has. */
    int checked = 0;
    CHECK_INT_EQ(missing_in(text, "\u2212 1", "a minus sign", &checked), 1);
    int missing = 0;
    snprintf(dir, sizeof dir, "%s/locales", test_root());
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    struct dirent *e;
    int catalogs = 0;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len > 3 && strcmp(e->d_name + len - 3, ".po") == 0) {
            char path[2400];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            missing += missing_in_po(text, path, &checked);
            catalogs++;
        }
    }
    closedir(d);
    CHECK(catalogs >= 10);
    snprintf(dir, sizeof dir, "%s/assets/demo", test_root());
    missing += missing_in_ini_dir(text, dir, &checked);
    CHECK(checked > 2000);
    CHECK_INT_EQ(missing, 0);
    text_close(text);
}
