/* test_browse.c — a resident browsing a centre's content: categories,
 * services with "open now" worked out from the hours and the kiosk's clock,
 * texts in another language marked as such, What's on with places left,
 * the QR code's text, a clock that cannot be trusted, and a new bundle that
 * waits for the end of a session. Each test builds its own bundle with the
 * real welkomctl code. */
#include "harness.h"
#include "fixture.h"
#include "../app/kiosk/bundles.h"

#include <stdio.h>
#include <string.h>

/* 2026-01-05 is a Monday; Brussels is UTC+1 in January. */
#define MON_0900_UTC 1767603600000LL
#define HOUR_MS 3600000LL

static const char CENTRE[] =
    "[bundle]\ncentre = Test centre (demo)\ncontent_version = %d\n"
    "created_at = 2026-01-01T00:00:00Z\ntimezone = Europe/Brussels\ndemo = yes\n"
    "[languages]\nnl = yes\nen = yes\nar = yes\nti = yes\n"
    "[settings]\ndefault_language = nl\n";

static const char CATEGORIES[] =
    "[work]\npictogram = work\nnl = Werk\nen = Work\nar = العمل\n"
    "[sport]\npictogram = football\nnl = Sport\nen = Sport\nar = الرياضة\n";

static const char DESK[] =
    "[service]\ncategory = work\naddress = Voorbeeldstraat 1 (demo)\nemail = desk@example.org\n"
    "[hours]\nmon = 09:00-12:00, 13:00-16:30\ntue = 13:30-16:00\n"
    "[exceptions]\n2026-01-06 = closed\n"
    "[nl]\ntitle = Onthaal\n"
    "[en]\ntitle = %s\nsummary = Questions, mail, appointments.\n"
    "takeaway = Reception desk (demo): open Monday 09:00-12:00\n"
    "[ar]\ntitle = مكتب الاستقبال\n";

static const char SHOP[] =
    "[service]\ncategory = work\n[hours]\nwed = 10:00-12:00\n"
    "[nl]\ntitle = Weggeefwinkel\n[en]\ntitle = Giveaway shop\n";

static const char FOOTBALL[] =
    "[activity]\ncategory = sport\npictogram = football\ncapacity = 22\nsignup = yes\n"
    "[weekly]\nmon = 18:00-20:00\n[dates]\n2026-01-06 = 10:00-11:00\n[taken]\n2026-01-05 = 22\n"
    "[nl]\ntitle = Voetbal\nplace = Sporthal (demo)\n"
    "[en]\ntitle = Football match\nplace = Sports hall (demo)\n"
    "[ar]\ntitle = مباراة كرة القدم\nplace = القاعة الرياضية (demo)\n";

/* tmp/NAME.db from the fixture, version and the desk's English title. */
static const char *make_bundle(const char *name, int version, const char *desk_title,
                               char out[FIXTURE_PATH_BYTES])
{
    char src[FIXTURE_PATH_BYTES], text[2048];
    snprintf(src, sizeof src, "%s/src-%s", test_tmpdir(), name);
    snprintf(text, sizeof text, CENTRE, version);
    fixture_put(src, "centre.ini", text);
    fixture_put(src, "categories.ini", CATEGORIES);
    snprintf(text, sizeof text, DESK, desk_title);
    fixture_put(src, "services/desk.ini", text);
    fixture_put(src, "services/shop.ini", SHOP);
    fixture_put(src, "activities/football.ini", FOOTBALL);
    snprintf(out, FIXTURE_PATH_BYTES, "%s/%s.db", test_tmpdir(), name);
    fixture_bundle(src, out);
    return out;
}

static void open_kiosk(struct harness *h, const char *lang, int64_t wall_ms, char bundle[])
{
    static struct content_keys keys;
    keys = fixture_test_keys();
    make_bundle("v1", 1, "Reception desk", bundle);
    harness_open(h, &(struct harness_desc){ .default_language = lang, .bundle = bundle,
                                            .keys = &keys, .wall_clock_ms = wall_ms });
}

/* The text of the first QR code on screen, or NULL. */
static const char *qr_text(struct harness *h)
{
    const struct ui_frame *f = kiosk_frame(h->kiosk);
    for (size_t i = 0; i < f->cmd_count; i++)
        if (f->cmds[i].kind == UI_CMD_QR)
            return f->cmds[i].text;
    return NULL;
}

/* How many texts on screen contain needle (case-insensitively: "Open
 * now" is also in "Open now, until 12:00"). */
static int texts_containing(struct harness *h, const char *needle)
{
    const struct ui_frame *f = kiosk_frame(h->kiosk);
    int n = 0;
    for (size_t i = 0; i < f->cmd_count; i++)
        if (f->cmds[i].kind == UI_CMD_TEXT && strcasestr(f->cmds[i].text, needle))
            n++;
    return n;
}

/* The type size of the first text block saying text, or 0. */
static int text_size(struct harness *h, const char *text)
{
    const struct ui_frame *f = kiosk_frame(h->kiosk);
    for (size_t i = 0; i < f->cmd_count; i++)
        if (f->cmds[i].kind == UI_CMD_TEXT && strcmp(f->cmds[i].text, text) == 0)
            return f->cmds[i].style.size;
    return 0;
}

static void to_desk(struct harness *h)
{
    harness_run(h, "tap:English;tap:Services;expect:2 services;tap:Work;tap:Reception desk");
}

TEST(a_service_page_says_it_is_open_until_noon_on_monday_morning)
{
    struct harness h;
    char bundle[FIXTURE_PATH_BYTES];
    open_kiosk(&h, "nl", 0, bundle);       /* Monday 10:00 in Brussels */
    harness_run(&h, "tap:English;tap:Services;tap:Work");
    CHECK(harness_shows(&h, "Open now"));  /* the desk's badge in the list */
    harness_tap(&h, "Reception desk");
    /* The badge says it once; the line under it, the closing time. */
    CHECK(harness_shows(&h, "Closes at 12:00"));
    CHECK_INT_EQ(texts_containing(&h, "Open now"), 1);
    CHECK(harness_shows(&h, "Opening hours"));
    const char *qr = qr_text(&h);
    CHECK(qr != NULL);
    CHECK_STR_EQ(qr, "Reception desk (demo): open Monday 09:00-12:00");
    harness_close(&h);
}

TEST(open_now_is_said_once_on_a_service_page_in_every_script)
{
    static const struct { const char *lang, *endonym, *category, *desk; } cases[] = {
        { "en", "English", "Work", "Reception desk" },
        { "ar", "العربية", "العمل", "مكتب الاستقبال" },
        { "ti", "ትግርኛ", "Work", "Reception desk" } };
    for (size_t i = 0; i < WK_ARRAY_LEN(cases); i++) {
        struct harness h;
        char bundle[FIXTURE_PATH_BYTES], step[512], closes[128];
        open_kiosk(&h, "nl", 0, bundle);       /* Monday 10:00 in Brussels */
        const char *l = cases[i].lang;
        snprintf(step, sizeof step, "tap:%s;tap:%s;tap:%s;tap:%s", cases[i].endonym,
                 tr_in(h.i18n, l, "Services"), cases[i].category, cases[i].desk);
        harness_run(&h, step);
        snprintf(closes, sizeof closes, tr_in(h.i18n, l, "Closes at %s"), "12:00");
        CHECK(harness_shows(&h, closes));
        if (texts_containing(&h, tr_in(h.i18n, l, "Open now")) != 1)
            test_fail(__FILE__, __LINE__, "%s: \"%s\" is said %d times", l,
                      tr_in(h.i18n, l, "Open now"), texts_containing(&h, tr_in(h.i18n, l, "Open now")));
        harness_close(&h);
    }
}

TEST(opening_hours_follow_the_clock_and_the_holidays)
{
    struct harness h;
    char bundle[FIXTURE_PATH_BYTES];
    open_kiosk(&h, "nl", MON_0900_UTC + 2 * HOUR_MS + 30 * 60000, bundle);   /* 12:30 local */
    to_desk(&h);
    CHECK(harness_shows(&h, "Opens at 13:00"));
    harness_close(&h);

    /* Monday 17:00 local: closed; Tuesday is a holiday, so next Monday. */
    open_kiosk(&h, "nl", MON_0900_UTC + 7 * HOUR_MS, bundle);
    to_desk(&h);
    CHECK(harness_shows(&h, "Closed today"));
    CHECK(harness_shows(&h, "Opens Monday at 09:00."));
    CHECK_INT_EQ(texts_containing(&h, "Closed today"), 1);
    harness_close(&h);
}

TEST(the_shop_without_hours_today_has_no_open_claim_and_its_qr_is_composed)
{
    struct harness h;
    char bundle[FIXTURE_PATH_BYTES];
    open_kiosk(&h, "nl", 0, bundle);
    harness_run(&h, "tap:English;tap:Services;tap:Work;tap:Giveaway shop");
    CHECK(harness_shows(&h, "Opens Wednesday at 10:00."));
    CHECK_INT_EQ(texts_containing(&h, "Closed today"), 1);
    const char *qr = qr_text(&h);
    CHECK(qr != NULL);
    /* No take-away text: title and the week, in the resident's language. */
    CHECK(strstr(qr, "Giveaway shop") == qr);
    CHECK(strstr(qr, "Wednesday: 10:00\u201312:00") != NULL);
    harness_close(&h);
}

TEST(a_text_missing_in_arabic_is_shown_in_english_and_marked)
{
    struct harness h;
    char bundle[FIXTURE_PATH_BYTES];
    open_kiosk(&h, "ar", 0, bundle);
    char step[512], note[256];
    snprintf(step, sizeof step, "tap:العربية;tap:%s;tap:العمل", tr_in(h.i18n, "ar", "Services"));
    harness_run(&h, step);
    CHECK(harness_shows(&h, "مكتب الاستقبال"));   /* translated: as is */
    CHECK(harness_shows(&h, "Giveaway shop"));     /* not translated: English */
    snprintf(note, sizeof note, tr_in(h.i18n, "ar", "Shown in %s"), tr_in(h.i18n, "ar", "English"));
    CHECK(strcmp(note, "Shown in English") != 0); /* the note itself is in Arabic */
    CHECK(harness_shows(&h, note));
    harness_close(&h);
}

TEST(a_clock_earlier_than_the_bundle_makes_no_claims)
{
    struct harness h;
    char bundle[FIXTURE_PATH_BYTES];
    open_kiosk(&h, "nl", 1748768400000LL /* 2025-06-01: before created_at */, bundle);
    to_desk(&h);
    CHECK(!harness_shows(&h, "Open now"));
    CHECK(!harness_shows(&h, "Closed today"));
    CHECK(harness_shows(&h, "This kiosk does not know the time right now, so it cannot say whether this is open."));
    harness_run(&h, "tap:Back;tap:Back;tap:Back;tap:What's on");
    CHECK(harness_shows(&h, "This kiosk does not know today's date right now. Please ask at the reception desk what is on."));
    CHECK(!harness_shows(&h, "Football match"));
    harness_close(&h);
}

TEST(whats_on_shows_places_left_today_and_tomorrow)
{
    struct harness h;
    char bundle[FIXTURE_PATH_BYTES];
    open_kiosk(&h, "nl", 0, bundle);
    harness_run(&h, "tap:English;tap:What's on");
    CHECK(harness_shows(&h, "Football match"));
    CHECK(harness_shows(&h, "Full"));              /* 22 of 22 taken today */
    harness_run(&h, "tap:Tomorrow");
    CHECK(harness_shows(&h, "22 places left"));    /* the one-off session */
    harness_run(&h, "tap:This week");
    CHECK(harness_shows(&h, "Today"));
    CHECK(harness_shows(&h, "Tomorrow · Tuesday 6 January"));  /* the one-off, under its day */
    CHECK(!harness_shows(&h, "Monday 12 January")); /* a week is today and six days */
    harness_run(&h, "tap:Tomorrow;tap:Football match");
    CHECK(harness_shows(&h, "Sports hall (demo)"));
    CHECK(harness_shows(&h, "Tuesday 6 January, 10:00\u201311:00"));
    harness_close(&h);
}

TEST(an_activity_day_and_time_are_joined_by_the_language_own_comma)
{
    /* Arabic writes ، and Tigrinya ፣ where English writes a comma:
     * "الثلاثاء 6 يناير، 10:00–11:00", never "يناير, 10:00". */
    static const struct { const char *lang, *endonym, *title, *joined; } cases[] = {
        { "en", "English", "Football match", ", 10:00–11:00" },
        { "ar", "العربية", "مباراة كرة القدم", "، 10:00–11:00" },
        { "ti", "ትግርኛ", "Football match", "፣ 10:00–11:00" },
    };
    for (size_t i = 0; i < WK_ARRAY_LEN(cases); i++) {
        struct harness h;
        char bundle[FIXTURE_PATH_BYTES], step[512];
        open_kiosk(&h, "nl", 0, bundle);
        snprintf(step, sizeof step, "tap:%s;tap:%s;tap:%s;tap:%s", cases[i].endonym,
                 tr_in(h.i18n, cases[i].lang, "What's on"), tr_in(h.i18n, cases[i].lang, "Tomorrow"),
                 cases[i].title);
        harness_run(&h, step);
        if (!harness_shows(&h, cases[i].joined))
            test_fail(__FILE__, __LINE__, "%s: no \"%s\" on the activity page", cases[i].lang,
                      cases[i].joined);
        if (strcmp(cases[i].lang, "en") != 0)
            CHECK(!harness_shows(&h, ", 10:00"));
        harness_close(&h);
    }
}

TEST(tomorrow_in_whats_on_says_which_day_it_is)
{
    /* Monday 5 January: Tomorrow heads its list with Tuesday's date, in
     * each language's words; so does tomorrow in This week. */
    static const struct { const char *lang, *endonym; } cases[] = {
        { "en", "English" }, { "ar", "العربية" }, { "ti", "ትግርኛ" } };
    for (size_t i = 0; i < WK_ARRAY_LEN(cases); i++) {
        struct harness h;
        char bundle[FIXTURE_PATH_BYTES], step[512], date[128], heading[192];
        open_kiosk(&h, "nl", 0, bundle);
        const char *l = cases[i].lang;
        snprintf(date, sizeof date, tr_in(h.i18n, l, "%1$s %2$d %3$s"), tr_in(h.i18n, l, "Tuesday"), 6,
                 tr_in(h.i18n, l, "January"));
        snprintf(heading, sizeof heading, tr_in(h.i18n, l, "Tomorrow · %s"), date);
        CHECK(strstr(heading, date) && strcmp(heading, date) != 0);
        snprintf(step, sizeof step, "tap:%s;tap:%s;tap:%s", cases[i].endonym,
                 tr_in(h.i18n, l, "What's on"), tr_in(h.i18n, l, "Tomorrow"));
        harness_run(&h, step);
        if (!harness_shows(&h, heading))
            test_fail(__FILE__, __LINE__, "%s: Tomorrow does not show \"%s\"", l, heading);
        snprintf(step, sizeof step, "tap:%s", tr_in(h.i18n, l, "This week"));
        harness_run(&h, step);
        CHECK(harness_shows(&h, heading));
        harness_close(&h);
    }
}

TEST(a_new_bundle_waits_for_the_end_of_the_session)
{
    struct harness h;
    char bundle[FIXTURE_PATH_BYTES], v2[FIXTURE_PATH_BYTES];
    open_kiosk(&h, "nl", 0, bundle);
    harness_run(&h, "tap:English;tap:Services;tap:Work");
    CHECK(harness_shows(&h, "Reception desk"));
    struct content_keys keys = fixture_test_keys();
    struct content *next = kiosk_load_content(&(struct kiosk_content_desc){
        .bundle = make_bundle("v2", 2, "Front desk", v2), .keys = &keys });
    CHECK(next != NULL);
    kiosk_offer_content(h.kiosk, next);
    harness_wait(&h, 100);
    CHECK(harness_shows(&h, "Reception desk"));    /* not in the middle of a session */
    harness_run(&h, "tap:Done;tap:English;tap:Services;tap:Work");
    CHECK(harness_shows(&h, "Front desk"));
    CHECK_INT_EQ(content_meta(kiosk_content(h.kiosk))->content_version, 2);
    harness_close(&h);
}

TEST(without_any_bundle_the_screens_say_so)
{
    struct harness h;
    harness_open(&h, &(struct harness_desc){ .no_content = true });
    harness_run(&h, "tap:English;tap:Services");
    CHECK(harness_shows(&h, "There is no information on this kiosk yet. Please ask at the reception desk."));
    harness_run(&h, "tap:Back;tap:What's on");
    CHECK(harness_shows(&h, "There is no information on this kiosk yet. Please ask at the reception desk."));
    harness_close(&h);
}

TEST(only_the_languages_the_bundle_enables_are_offered)
{
    struct harness h;
    char bundle[FIXTURE_PATH_BYTES];
    open_kiosk(&h, "nl", 0, bundle);            /* enables nl, en, ar, ti */
    CHECK(kiosk_find_widget(h.kiosk, "ትግርኛ") != NULL);
    CHECK(kiosk_find_widget(h.kiosk, "Русский") == NULL);
    harness_run(&h, "tap:English;tap:Language");
    CHECK(kiosk_find_widget(h.kiosk, "العربية") != NULL);
    CHECK(kiosk_find_widget(h.kiosk, "Soomaali") == NULL);
    CHECK(kiosk_find_widget(h.kiosk, "Français") == NULL);
    harness_close(&h);
}

TEST(home_in_the_header_goes_back_to_the_tiles_in_one_tap_and_keeps_the_session)
{
    struct harness h;
    char bundle[FIXTURE_PATH_BYTES];
    open_kiosk(&h, "nl", 0, bundle);
    harness_run(&h, "tap:English;tap:A+");
    CHECK(kiosk_find_widget(h.kiosk, "Home") == NULL);     /* home has none */
    int larger = text_size(&h, "Welcome");
    CHECK(larger > 0);
    harness_run(&h, "tap:Services;tap:Work;tap:Reception desk");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_SERVICE);
    harness_run(&h, "tap:Home");                           /* not three Backs */
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_HOME);
    CHECK(harness_shows(&h, "Welcome"));                   /* still in English */
    CHECK_INT_EQ(text_size(&h, "Welcome"), larger);        /* and A+ kept */
    /* Back from home goes nowhere: nothing was left above it. */
    harness_run(&h, "tap:What's on;tap:Home;tap:Services;tap:Back");
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_HOME);
    harness_close(&h);
}

/* The first QR code on screen lies whole inside the screen. */
static bool qr_in_sight(struct harness *h)
{
    const struct ui_frame *f = kiosk_frame(h->kiosk);
    for (size_t i = 0; i < f->cmd_count; i++)
        if (f->cmds[i].kind == UI_CMD_QR)
            return f->cmds[i].rect.y >= 0 && f->cmds[i].rect.y + f->cmds[i].rect.h <= f->height;
    return false;
}

TEST(the_take_away_code_is_in_the_residents_language_or_says_which_it_is_in)
{
    static struct content_keys keys;
    keys = fixture_test_keys();
    char bundle[FIXTURE_PATH_BYTES], step[512], note[256];
    make_bundle("v1", 1, "Reception desk", bundle);
    struct harness h;
    harness_open(&h, &(struct harness_desc){ .width = 800, .height = 480, .default_language = "nl",
                                             .bundle = bundle, .keys = &keys });
    /* Arabic: the centre wrote the desk's title in Arabic but its take-away
     * text only in English; the code is composed in Arabic instead, without
     * the English summary. */
    snprintf(step, sizeof step, "tap:العربية;tap:%s;tap:العمل;tap:مكتب الاستقبال",
             tr_in(h.i18n, "ar", "Services"));
    harness_run(&h, step);
    const char *qr = qr_text(&h);
    CHECK(qr != NULL);
    CHECK(strstr(qr, "مكتب الاستقبال") == qr);
    CHECK(strstr(qr, tr_in(h.i18n, "ar", "Monday")) != NULL);
    CHECK(strstr(qr, "Questions") == NULL && strstr(qr, "(demo): open") == NULL);
    snprintf(note, sizeof note, tr_in(h.i18n, "ar", "This text is in %s."), tr_in(h.i18n, "ar", "English"));
    CHECK(!harness_shows(&h, note));
    /* Two swipes down at 800x480: the button at the top jumps there. */
    CHECK(!qr_in_sight(&h));
    snprintf(step, sizeof step, "tap:%s", tr_in(h.i18n, "ar", "Take this with you"));
    harness_run(&h, step);
    CHECK(qr_in_sight(&h));
    CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_SERVICE);

    /* Tigrinya: nothing of the desk is in Tigrinya; the code holds the
     * centre's English take-away text, and the page says it is English. */
    snprintf(step, sizeof step, "tap:%s;tap:ትግርኛ;tap:%s;tap:Work;tap:Reception desk",
             tr_in(h.i18n, "ar", "Language"), tr_in(h.i18n, "ti", "Services"));
    harness_run(&h, step);
    qr = qr_text(&h);
    CHECK(qr != NULL);
    CHECK_STR_EQ(qr, "Reception desk (demo): open Monday 09:00-12:00");
    snprintf(note, sizeof note, tr_in(h.i18n, "ti", "This text is in %s."), tr_in(h.i18n, "ti", "English"));
    CHECK(strstr(note, "This text") == NULL);             /* said in Tigrinya */
    CHECK(harness_shows(&h, note));
    harness_close(&h);
}
