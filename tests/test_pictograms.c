/* test_pictograms.c — pictograms that carry meaning, for a resident who
 * reads little: every category, service, activity, form choice and action
 * has a picture of its own, and the home tiles' pictures are large enough
 * to recognise at arm's length. */
#include "harness.h"
#include "../app/ui/ui.h"
#include "../app/ui/keyboard.h"

#include <sodium.h>
#include <string.h>
#include <unistd.h>

/* ---- home: a third of the tile ---- */

/* The pictogram drawn inside a widget: the largest image command whose box
 * lies in the widget's rect (a chosen tile's tick is smaller); NULL if none. */
static const struct ui_cmd *picture_in(const struct ui_frame *f, struct ui_rect r)
{
    const struct ui_cmd *best = NULL;
    for (size_t i = 0; i < f->cmd_count; i++) {
        const struct ui_cmd *c = &f->cmds[i];
        if (c->kind != UI_CMD_IMAGE || !c->image || c->rect.x < r.x || c->rect.y < r.y ||
            c->rect.x + c->rect.w > r.x + r.w || c->rect.y + c->rect.h > r.y + r.h)
            continue;
        if (!best || c->rect.w * c->rect.h > best->rect.w * best->rect.h)
            best = c;
    }
    return best;
}

/* The whole tile behind a widget, which is only its visible part when the
 * grid scrolls: the tile's bordered frame, drawn unclipped. */
static struct ui_rect whole_tile(const struct ui_frame *f, const struct ui_widget *w)
{
    for (size_t i = 0; i < f->cmd_count; i++) {
        const struct ui_rect *r = &f->cmds[i].rect;
        if (f->cmds[i].kind == UI_CMD_RECT && f->cmds[i].border_width > 0 && r->x == w->rect.x &&
            r->w == w->rect.w && r->y <= w->rect.y && r->y + r->h >= w->rect.y + w->rect.h)
            return *r;
    }
    return w->rect;
}

/* Each home tile on screen has its topic's pictogram, with a box at least
 * `least` pixels high, and at least a third of the tile's height when
 * `third`. The box is what is checked: the drawing fills it less a margin
 * of about 3 of its 48 units (assets/pictograms/README.md). At the normal
 * text size all six tiles must be on screen; at the largest text step the
 * grid scrolls, and the tiles out of view are not checked. */
static void check_home_pictograms(struct harness *h, const char *lang, int width, int height,
                                  bool third, int least)
{
    const struct ui_frame *f = kiosk_frame(h->kiosk);
    size_t count;
    const struct home_topic *t = home_topics(&count);
    int seen = 0;
    CHECK_INT_EQ(kiosk_screen(h->kiosk), SCREEN_HOME);
    for (size_t i = 0; i < count; i++) {
        const char *title = tr_in(h->i18n, lang, t[i].title);
        const struct ui_widget *w = kiosk_find_widget(h->kiosk, title);
        if (!w && third)
            test_fail(__FILE__, __LINE__, "%s %dx%d: no tile \"%s\"", lang, width, height, title);
        if (!w)
            continue;
        seen++;
        struct ui_rect tile = whole_tile(f, w);
        const struct ui_cmd *pic = picture_in(f, tile);
        if (!pic || strcmp(pic->image, t[i].pictogram) != 0)
            test_fail(__FILE__, __LINE__, "%s %dx%d: tile \"%s\" shows %s, not \"%s\"", lang, width,
                      height, title, pic ? pic->image : "no pictogram", t[i].pictogram);
        if (third && pic->rect.h * 3 < tile.h)
            test_fail(__FILE__, __LINE__, "%s %dx%d: the pictogram of \"%s\" is %d px high on a "
                      "tile of %d px: under a third", lang, width, height, title, pic->rect.h, tile.h);
        if (pic->rect.h < least)
            test_fail(__FILE__, __LINE__, "%s %dx%d: the pictogram of \"%s\" is %d px, under %d",
                      lang, width, height, title, pic->rect.h, least);
    }
    CHECK(seen > 0);
}

/* At the normal text size, in every language at every size, each home
 * tile's pictogram is at least a third of the tile's height: the home
 * screen gives way with its subtitles and its question line first. At the
 * largest text step (A+), long words need the room: there the pictogram
 * may give way to the title, but never below UI_TILE_MIN_ICON_DP. */
TEST(home_pictograms_are_a_third_of_their_tile_in_every_language_and_size)
{
    static const int sizes[][2] = { { 800, 480 }, { 1280, 800 }, { 1920, 1080 }, { 1080, 1920 } };
    size_t count;
    const struct i18n_language *langs = i18n_languages(&count);
    for (size_t s = 0; s < WK_ARRAY_LEN(sizes); s++) {
        int width = sizes[s][0], height = sizes[s][1];
        double scale = WK_MIN((double)WK_MAX(width, height) / UI_BASE_LONG_SIDE,
                              (double)WK_MIN(width, height) / UI_BASE_SHORT_SIDE);
        int least = (int)(UI_TILE_MIN_ICON_DP * scale);
        struct harness h;
        harness_open(&h, &(struct harness_desc){ .width = width, .height = height });
        for (size_t i = 0; i < count; i++) {
            if (i == 0)
                harness_tap(&h, langs[i].endonym);
            else {
                harness_tap(&h, tr_in(h.i18n, langs[i - 1].code, "Language"));
                harness_tap(&h, langs[i].endonym);
            }
            check_home_pictograms(&h, langs[i].code, width, height, true, least);
        }
        /* The largest text step, in the last language and then in Arabic
         * (a larger script) and Tigrinya (long words). */
        const char *last = langs[count - 1].code;
        for (int step = 1; step < UI_TEXT_STEPS; step++)
            harness_tap(&h, tr_in(h.i18n, last, "A+"));
        check_home_pictograms(&h, last, width, height, false, least);
        harness_tap(&h, tr_in(h.i18n, last, "Language"));
        harness_tap(&h, "العربية");
        check_home_pictograms(&h, "ar", width, height, false, least);
        harness_tap(&h, tr_in(h.i18n, "ar", "Language"));
        harness_tap(&h, "ትግርኛ");
        check_home_pictograms(&h, "ti", width, height, false, least);
        harness_close(&h);
    }
}

/* ---- one meaning, one pictogram ---- */

/* Deliberate shares: things that mean the same to a resident and so show
 * the same picture. Every other pictogram has one meaning: a second thing
 * with a different meaning that takes it fails the test below, and so does
 * a share listed here that the content no longer has. Uses are named
 * category:ID, service:ID, activity:ID, option:FORM:FIELD:VALUE and
 * action:LABEL (the English label of a button, tile or key). */
#define SHARE_MAX_USES 8
static const struct share {
    const char *pictogram, *meaning;
    const char *uses[SHARE_MAX_USES];
} deliberate_shares[] = {
    { "language-class", "learning Dutch",
      { "category:learn", "service:dutch-classes", "activity:dutch-conversation",
        "option:buddy:interests:dutch" } },
    { "work", "work", { "category:work", "service:jobteam", "activity:jobteam-intro" } },
    { "youth", "for young people",
      { "category:young", "service:ankerkracht", "service:youth-ambassadors",
        "activity:youth-evening" } },
    { "children", "children",
      { "category:children", "activity:children-play", "option:buddy:interests:children",
        "option:volunteer:skills:childcare", "option:volunteer:interests:children" } },
    { "health", "health care",
      { "category:health", "service:medical-post", "option:message:topic:health" } },
    { "buddy", "meeting people who live here",
      { "category:meet", "service:buddy-project", "activity:buddy-cafe",
        "option:volunteer:skills:welcoming", "action:Find a buddy" } },
    { "football", "sport",
      { "category:sport", "activity:football", "option:buddy:interests:sport",
        "option:volunteer:skills:sport", "option:volunteer:interests:sports-club" } },
    { "information-session", "an information session",
      { "category:info", "activity:info-asylum-procedure", "activity:info-housing" } },
    { "volunteers", "volunteering",
      { "service:refu-interim", "activity:giveaway-sorting", "action:Volunteering" } },
    { "giveaway", "things given away",
      { "service:giveaway-shop", "option:volunteer:skills:sorting",
        "option:volunteer:interests:giveaway-shop" } },
    { "psychosocial", "someone to talk to", { "service:mind-spring", "activity:mind-spring-group" } },
    { "bicycle", "bicycles", { "activity:bicycle-lessons", "option:volunteer:skills:bicycles" } },
    { "reception-desk", "the reception desk",
      { "service:reception-desk", "option:signup:contact:centre", "option:buddy:contact:centre",
        "option:volunteer:contact:centre", "option:message:contact:centre" } },
    { "phone", "a phone call",
      { "option:signup:contact:phone", "option:buddy:contact:phone",
        "option:volunteer:contact:phone", "option:message:contact:phone" } },
    { "whats-on", "events", { "option:buddy:interests:culture", "option:volunteer:interests:festival",
                              "action:What's on" } },
    { "cooking", "cooking",
      { "option:buddy:interests:cooking", "option:volunteer:skills:cooking",
        "option:volunteer:interests:kitchen" } },
    { "language", "another language (of the kiosk, or of the keyboard)",
      { "action:Language", "action:" UI_KB_KEY_LAYOUT } },
    { "age-older", "older people", { "option:buddy:age:over-60", "option:volunteer:interests:elderly" } },
};

#define USE_MAX 512
struct use {
    char name[160];
    char pictogram[64];
};
struct uses {
    struct use list[USE_MAX];
    size_t count;
};

/* Notes that `name` shows `pictogram` (once per pair). */
static void add_use(struct uses *u, const char *name, const char *pictogram)
{
    if (!pictogram || !*pictogram)
        test_fail(__FILE__, __LINE__, "%s has no pictogram", name);
    for (size_t i = 0; i < u->count; i++)
        if (!strcmp(u->list[i].name, name) && !strcmp(u->list[i].pictogram, pictogram))
            return;
    CHECK(u->count < USE_MAX);
    struct use *n = &u->list[u->count++];
    snprintf(n->name, sizeof n->name, "%s", name);
    snprintf(n->pictogram, sizeof n->pictogram, "%s", pictogram);
}

/* Every category, service, activity and form choice of the content. */
static void content_uses(const struct content *c, struct uses *u)
{
    char name[160];
    size_t n;
    const struct content_category *cats = content_categories(c, &n);
    for (size_t i = 0; i < n; i++) {
        snprintf(name, sizeof name, "category:%s", cats[i].id);
        add_use(u, name, cats[i].pictogram);
    }
    const struct content_service *svc = content_services(c, &n);
    for (size_t i = 0; i < n; i++) {
        snprintf(name, sizeof name, "service:%s", svc[i].id);
        add_use(u, name, svc[i].pictogram);
    }
    const struct content_activity *act = content_activities(c, &n);
    for (size_t i = 0; i < n; i++) {
        snprintf(name, sizeof name, "activity:%s", act[i].id);
        add_use(u, name, act[i].pictogram);
    }
    const struct content_form *forms = content_forms(c, &n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < forms[i].field_count; j++)
            for (size_t k = 0; k < forms[i].fields[j].option_count; k++) {
                const struct content_field *fd = &forms[i].fields[j];
                snprintf(name, sizeof name, "option:%s:%s:%s", forms[i].id, fd->name,
                         fd->options[k].value);
                add_use(u, name, fd->options[k].pictogram);
            }
}

/* The pictograms of what a resident can press on this screen: buttons,
 * keys, and tiles where they are actions (on the language picker, the
 * categories and a form's choices, tiles are the content's, counted from
 * the content itself). */
static void screen_uses(struct harness *h, struct uses *u)
{
    const struct ui_frame *f = kiosk_frame(h->kiosk);
    enum screen_id s = kiosk_screen(h->kiosk);
    bool content_tiles = s == SCREEN_CATEGORIES || s == SCREEN_FORM || s == SCREEN_LANGUAGE;
    for (size_t i = 0; i < f->widget_count; i++) {
        const struct ui_widget *w = &f->widgets[i];
        if (!(w->kind == UI_WIDGET_BUTTON || w->kind == UI_WIDGET_KEY ||
              (w->kind == UI_WIDGET_TILE && !content_tiles)))
            continue;
        const struct ui_cmd *pic = picture_in(f, w->rect);
        if (!pic)
            continue;
        char name[160];
        snprintf(name, sizeof name, "action:%s", w->label);
        add_use(u, name, pic->image);
    }
}

static bool tap_first_of(struct harness *h, enum ui_widget_kind kind)
{
    const struct ui_frame *f = kiosk_frame(h->kiosk);
    for (size_t i = 0; i < f->widget_count; i++) {
        const struct ui_widget *w = &f->widgets[i];
        if (w->kind == kind && w->enabled && w->rect.h > 8) {
            char at[64];
            snprintf(at, sizeof at, "tap-at:%d,%d", w->rect.x + w->rect.w / 2, w->rect.y + w->rect.h / 2);
            harness_run(h, at);
            return true;
        }
    }
    return false;
}

/* Through a form to its receipt, noting each page's actions. */
static void form_uses(struct harness *h, struct uses *u)
{
    for (int page = 0; page < 16 && kiosk_screen(h->kiosk) == SCREEN_FORM; page++) {
        screen_uses(h, u);
        if (kiosk_find_widget(h->kiosk, UI_KB_KEY_BACKSPACE)) {
            for (int k = 0; k < 9; k++)
                tap_first_of(h, UI_WIDGET_KEY);
            screen_uses(h, u);
            harness_tap(h, UI_KB_KEY_DONE);
            continue;
        }
        if (!tap_first_of(h, UI_WIDGET_TILE) && kiosk_find_widget(h->kiosk, "Monday Morning"))
            harness_tap(h, "Monday Morning");
        harness_tap(h, "Next");
    }
    CHECK_INT_EQ(kiosk_screen(h->kiosk), SCREEN_CONSENT);
    screen_uses(h, u);
    harness_tap(h, "Send");
    screen_uses(h, u);
}

/* Every category, service, activity and form choice of the demo content
 * and every action on the resident's main paths (browse, what's on, sign
 * up, ask for a buddy, leave a message) has a pictogram that exists; two
 * things with different meanings never share one (deliberate_shares lists
 * the things that mean the same). */
TEST(every_meaning_has_its_own_pictogram)
{
    static struct uses u;
    u.count = 0;
    unsigned char sk[crypto_box_SECRETKEYBYTES], pinned[KIOSK_HUB_KEY_BYTES];
    char key[1200], err[WK_ERR_MAX] = "";
    snprintf(key, sizeof key, "%s/assets/demo/keys/test-hub.key", test_root());
    CHECK_OK(content_key_file_read(key, sk, sizeof sk, err));
    crypto_scalarmult_base(pinned, sk);
    struct harness h;
    /* 07:00 in Ghent on Monday 5 January 2026: today's activities are ahead. */
    harness_open(&h, &(struct harness_desc){ .default_language = "en", .hub_key = pinned,
                                             .idle_timeout_ms = 600000,
                                             .wall_clock_ms = 1767592800000 });
    content_uses(kiosk_content(h.kiosk), &u);
    harness_tap(&h, "English");
    screen_uses(&h, &u);
    harness_tap(&h, "Services");
    screen_uses(&h, &u);
    CHECK(tap_first_of(&h, UI_WIDGET_TILE));
    screen_uses(&h, &u);
    CHECK(tap_first_of(&h, UI_WIDGET_ROW));
    screen_uses(&h, &u);
    harness_tap(&h, "Back");
    harness_tap(&h, "Back");
    harness_tap(&h, "Back");
    harness_tap(&h, "What's on");
    screen_uses(&h, &u);
    harness_tap(&h, "This week");
    screen_uses(&h, &u);
    harness_tap(&h, "Today");
    CHECK(tap_first_of(&h, UI_WIDGET_ROW));     /* sorting clothes at 10:00, places left */
    screen_uses(&h, &u);
    harness_tap(&h, "Sign up");
    form_uses(&h, &u);
    harness_tap(&h, "Done");
    harness_tap(&h, "English");
    harness_tap(&h, "Find a buddy");
    form_uses(&h, &u);
    harness_tap(&h, "Done");
    harness_tap(&h, "English");
    harness_tap(&h, "Leave a message");
    form_uses(&h, &u);
    harness_close(&h);

    /* Each pictogram exists. */
    for (size_t i = 0; i < u.count; i++) {
        char path[1400];
        snprintf(path, sizeof path, "%s/assets/pictograms/%s.svg", test_root(), u.list[i].pictogram);
        if (access(path, R_OK) != 0)
            test_fail(__FILE__, __LINE__, "%s: no pictogram %s", u.list[i].name, path);
    }
    /* Each pictogram has one meaning: one use, or uses that a deliberate
     * share lists together. */
    int shared = 0;
    for (size_t i = 0; i < u.count; i++)
        for (size_t j = i + 1; j < u.count; j++) {
            if (strcmp(u.list[i].pictogram, u.list[j].pictogram) != 0 ||
                !strcmp(u.list[i].name, u.list[j].name))
                continue;
            bool listed = false;
            for (size_t s = 0; s < WK_ARRAY_LEN(deliberate_shares) && !listed; s++) {
                const struct share *sh = &deliberate_shares[s];
                bool has_i = false, has_j = false;
                for (int k = 0; k < SHARE_MAX_USES && sh->uses[k]; k++) {
                    has_i |= !strcmp(sh->uses[k], u.list[i].name);
                    has_j |= !strcmp(sh->uses[k], u.list[j].name);
                }
                listed = !strcmp(sh->pictogram, u.list[i].pictogram) && has_i && has_j;
            }
            if (!listed) {
                fprintf(stderr, "  %s and %s share the pictogram \"%s\"\n", u.list[i].name,
                        u.list[j].name, u.list[i].pictogram);
                shared++;
            }
        }
    if (shared)
        test_fail(__FILE__, __LINE__, "%d pairs of different things share a pictogram (above): draw "
                  "one its own (tools/pictograms.py), or if they mean the same, list them in "
                  "deliberate_shares", shared);
    /* And each share listed is still there, with that pictogram. */
    for (size_t s = 0; s < WK_ARRAY_LEN(deliberate_shares); s++)
        for (int k = 0; k < SHARE_MAX_USES && deliberate_shares[s].uses[k]; k++) {
            bool found = false;
            for (size_t i = 0; i < u.count && !found; i++)
                found = !strcmp(u.list[i].name, deliberate_shares[s].uses[k]) &&
                        !strcmp(u.list[i].pictogram, deliberate_shares[s].pictogram);
            if (!found)
                test_fail(__FILE__, __LINE__, "deliberate_shares: %s no longer shows \"%s\"",
                          deliberate_shares[s].uses[k], deliberate_shares[s].pictogram);
        }
}

/* ---- a form's choices ---- */

/* Each choice tile on screen shows one of `field`'s pictograms, at least a
 * third of the tile's height; returns how many tiles it saw. */
static int check_choice_pictograms(struct harness *h, const struct content_field *fd,
                                   const char *where)
{
    const struct ui_frame *f = kiosk_frame(h->kiosk);
    int seen = 0;
    for (size_t i = 0; i < f->widget_count; i++) {
        const struct ui_widget *w = &f->widgets[i];
        if (w->kind != UI_WIDGET_TILE)
            continue;
        struct ui_rect tile = whole_tile(f, w);
        const struct ui_cmd *pic = picture_in(f, tile);
        bool ours = false;
        for (size_t k = 0; pic && k < fd->option_count; k++)
            ours |= !strcmp(pic->image, fd->options[k].pictogram);
        if (!ours)
            test_fail(__FILE__, __LINE__, "%s: choice \"%s\" shows %s, none of %s's", where, w->label,
                      pic ? pic->image : "no pictogram", fd->name);
        if (pic->rect.h * 3 < tile.h)
            test_fail(__FILE__, __LINE__, "%s: the pictogram of \"%s\" is %d px on a tile of %d px",
                      where, w->label, pic->rect.h, tile.h);
        seen++;
    }
    return seen;
}

static const struct content_field *field_named(const struct content_form *f, const char *name)
{
    for (size_t i = 0; i < f->field_count; i++)
        if (!strcmp(f->fields[i].name, name))
            return &f->fields[i];
    test_fail(__FILE__, __LINE__, "the buddy form has no field %s", name);
    return NULL;
}

/* The buddy form's age and woman/man questions, and its week of mornings,
 * afternoons and evenings, in Arabic, Tigrinya and Ukrainian at the
 * smallest and the portrait size: every choice shows its own pictogram, a
 * third of its tile at least, and the week its three parts of the day. */
TEST(form_choices_show_their_pictograms_large)
{
    static const int sizes[][2] = { { 800, 480 }, { 1080, 1920 } };
    static const char *const langs[][2] = { { "ar", "العربية" }, { "ti", "ትግርኛ" },
                                            { "uk", "Українська" } };
    for (size_t s = 0; s < WK_ARRAY_LEN(sizes); s++)
        for (size_t l = 0; l < WK_ARRAY_LEN(langs); l++) {
            const char *lang = langs[l][0];
            char where[96];
            struct harness h;
            harness_open(&h, &(struct harness_desc){ .width = sizes[s][0], .height = sizes[s][1] });
            const struct content_form *buddy = content_form_of_kind(kiosk_content(h.kiosk), FORM_BUDDY);
            CHECK(buddy != NULL);
            harness_tap(&h, langs[l][1]);
            harness_tap(&h, tr_in(h.i18n, lang, "Find a buddy"));
            harness_tap(&h, "English");                     /* the languages question */
            harness_tap(&h, tr_in(h.i18n, lang, "Next"));
            CHECK(tap_first_of(&h, UI_WIDGET_TILE));         /* what to do together */
            harness_tap(&h, tr_in(h.i18n, lang, "Next"));
            snprintf(where, sizeof where, "%s %dx%d, age", lang, sizes[s][0], sizes[s][1]);
            CHECK(check_choice_pictograms(&h, field_named(buddy, "age"), where) > 0);
            CHECK(tap_first_of(&h, UI_WIDGET_TILE));
            harness_tap(&h, tr_in(h.i18n, lang, "Next"));
            snprintf(where, sizeof where, "%s %dx%d, woman or man", lang, sizes[s][0], sizes[s][1]);
            CHECK(check_choice_pictograms(&h, field_named(buddy, "buddy-gender"), where) > 0);
            CHECK(tap_first_of(&h, UI_WIDGET_TILE));
            harness_tap(&h, tr_in(h.i18n, lang, "Next"));
            static const char *const parts[] = { "morning", "afternoon", "evening" };
            const struct ui_frame *f = kiosk_frame(h.kiosk);
            for (size_t p = 0; p < WK_ARRAY_LEN(parts); p++) {
                bool shown = false;
                for (size_t i = 0; i < f->cmd_count && !shown; i++)
                    shown = f->cmds[i].kind == UI_CMD_IMAGE && !strcmp(f->cmds[i].image, parts[p]);
                if (!shown)
                    test_fail(__FILE__, __LINE__, "%s %dx%d: the week has no %s pictogram", lang,
                              sizes[s][0], sizes[s][1], parts[p]);
            }
            harness_close(&h);
        }
}
