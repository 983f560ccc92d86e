/* test_content.c — the content bundle as a kiosk meets it: a small source
 * directory written by the test, built and signed by the real welkomctl
 * code with the test key, then opened and read (texts with fallback,
 * opening hours, sessions), tampered with in every way docs/bundle.md says
 * a kiosk refuses, and installed into a state directory over older and
 * newer versions. */
#include "test.h"
#include "fixture.h"
#include "../app/content/content.h"
#include "../app/content/store.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATH_BYTES FIXTURE_PATH_BYTES

/* --- files ------------------------------------------------------------ */

/* tmpdir/REL into buf. */
static const char *in_tmp(char buf[PATH_BYTES], const char *rel)
{
    snprintf(buf, PATH_BYTES, "%s/%s", test_tmpdir(), rel);
    return buf;
}

static void put_bytes(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        test_fail(__FILE__, __LINE__, "cannot write %s: %s", path, strerror(errno));
    CHECK(fwrite(data, 1, size, f) == size);
    CHECK(fclose(f) == 0);
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* --- the source ----------------------------------------------------- */

/* Two categories (in file order work, leisure: not alphabetical); four
 * services: jobteam (split and touching hours, two exceptions, texts in
 * nl/en/ar with gaps), library (no [hours]), shut (closed every week, open
 * on one day by exception),
 * townhall (its own exception on the day jobteam has one); two
 * activities: football (weekly with from/until, a one-off date, a
 * cancelled day, places taken) and language-cafe (dates only, no
 * capacity). January 2026: the 5th, 12th, 19th, 26th are Mondays. */
static void write_source(const char *dir, int version)
{
    char centre[1024];
    snprintf(centre, sizeof centre,
             "; the test centre\n"
             "[bundle]\n"
             "centre = Test centre ; Gent\n"
             "content_version = %d\n"
             "created_at = 2026-01-01T00:00:00Z\n"
             "timezone = Europe/Brussels\n"
             "demo = yes\n"
             "\n"
             "[languages]\n"
             "nl = yes\n"
             "en = yes\n"
             "ar = yes\n"
             "fr = no\n"
             "\n"
             "[settings]\n"
             "default_language = nl\n"
             "idle_timeout_s = 90\n", version);
    fixture_put(dir, "centre.ini", centre);
    fixture_put(dir, "categories.ini",
        "[work]\n"
        "pictogram = work\n"
        "nl = Werk\n"
        "en = Work\n"
        "ar = عمل\n"
        "\n"
        "[leisure]\n"
        "pictogram = leisure\n"
        "nl = Vrije tijd\n"
        "en = Leisure\n");
    fixture_put(dir, "services/jobteam.ini",
        "[service]\n"
        "category = work\n"
        "address = Voorbeeldstraat 1 ; 9000 Gent\n"
        "email = jobteam@example.org\n"
        "phone =\n"
        "\n"
        "[hours]\n"
        "mon = 09:00-12:00, 13:00-16:30\n"
        "tue = 09:00-12:00, 12:00-17:00\n"
        "wed = closed\n"
        "fri = 14:00-16:00\n"
        "\n"
        "[exceptions]\n"
        "2026-01-05 = closed\n"
        "2026-01-07 = 10:00-11:00, 14:00-15:00\n"
        "\n"
        "[nl]\n"
        "title = Jobteam\n"
        "summary = Hulp bij werk zoeken.\n"
        "body = Eerste regel\n"
        "  tweede regel\\nnieuwe alinea\n"
        "\n"
        "[en]\n"
        "title = Jobteam (en)\n"
        "summary = Help finding work.\n"
        "directions = Tram 1\n"
        "\n"
        "[ar]\n"
        "title = فريق العمل\n");
    fixture_put(dir, "services/library.ini",
        "[service]\n"
        "category = leisure\n"
        "\n"
        "[nl]\n"
        "title = Bibliotheek\n");
    fixture_put(dir, "services/shut.ini",
        "[service]\n"
        "category = work\n"
        "pictogram = lock\n"
        "[hours]\n"
        "mon = closed\n"
        "[exceptions]\n"
        "2026-01-19 = 10:00-11:00\n"
        "[nl]\n"
        "title = Gesloten dienst\n");
    fixture_put(dir, "services/townhall.ini",
        "[service]\n"
        "category = work\n"
        "[hours]\n"
        "mon = 08:00-12:00\n"
        "[exceptions]\n"
        "2026-01-05 = 13:00-14:00\n"
        "[nl]\n"
        "title = Stadhuis\n");
    fixture_put(dir, "activities/football.ini",
        "[activity]\n"
        "category = leisure\n"
        "pictogram = football\n"
        "capacity = 22\n"
        "signup = yes\n"
        "\n"
        "[weekly]\n"
        "thu = 18:00-20:00\n"
        "mon = 10:00-11:00\n"
        "from = 2026-01-06\n"
        "until = 2026-01-29\n"
        "\n"
        "[dates]\n"
        "2026-01-10 = 14:00-16:00\n"
        "\n"
        "[cancelled]\n"
        "2026-01-15 = yes\n"
        "\n"
        "[taken]\n"
        "2026-01-08 = 12\n"
        "2026-01-10 = 22\n"
        "\n"
        "[nl]\n"
        "title = Voetbal\n"
        "place = Sporthal\n"
        "[en]\n"
        "title = Football\n");
    fixture_put(dir, "activities/language-cafe.ini",
        "[activity]\n"
        "category = leisure\n"
        "[dates]\n"
        "2026-01-12 = 18:30-19:30\n"
        "2026-01-08 = 09:00-10:00\n"
        "[nl]\n"
        "title = Taalcafé\n");
}

/* Writes BUNDLE.sig for the file's current bytes with another key than
 * the test key (fixture_sign). */
static void sign_with(const char *bundle, const unsigned char sk[CONTENT_SECRET_KEY_BYTES])
{
    size_t size;
    unsigned char *bytes = fixture_slurp(bundle, &size);
    char text[CONTENT_MAX_SIG_BYTES], err[WK_ERR_MAX] = "", path[PATH_BYTES];
    if (content_sign(bytes, size, sk, text, sizeof text, err))
        test_fail(__FILE__, __LINE__, "content_sign: %s", err);
    free(bytes);
    snprintf(path, sizeof path, "%s.sig", bundle);
    put_bytes(path, text, strlen(text));
}

/* Source tmp/src-NAME, bundle tmp/NAME.db, built and signed; the bundle's
 * path in out. */
static const char *make_bundle(const char *name, int version, char out[PATH_BYTES])
{
    char src[PATH_BYTES];
    fixture_paths(name, src, out);
    write_source(src, version);
    fixture_bundle(src, out);
    return out;
}

static struct content *open_ok_with(const char *path, const struct content_keys *keys)
{
    struct content *c = NULL;
    char err[WK_ERR_MAX] = "";
    if (content_open(path, keys, &c, err) != 0)
        test_fail(__FILE__, __LINE__, "content_open %s: %s", path, err);
    return c;
}

static struct content *open_ok(const char *path)
{
    struct content_keys keys = fixture_test_keys();
    return open_ok_with(path, &keys);
}

/* The bundle is refused (with status want, unless 0) and the message
 * says why with word. */
#define CHECK_REFUSED(path, keys, want, word) check_refused(__LINE__, path, keys, want, word)
static void check_refused(int line, const char *path, const struct content_keys *keys, int want,
                          const char *word)
{
    struct content *c = NULL;
    char err[WK_ERR_MAX] = "";
    int rc = content_open(path, keys, &c, err);
    if (rc == 0) {
        content_close(c);
        test_fail(__FILE__, line, "%s was opened; expected a refusal mentioning \"%s\"", path, word);
    }
    if (c)
        test_fail(__FILE__, line, "a refused open left *out set");
    if (want && rc != want)
        test_fail(__FILE__, line, "status %d (%s), expected %d; message: %s", rc, wk_strerror(rc),
                  want, err);
    if (!strcasestr(err, word))
        test_fail(__FILE__, line, "message does not say \"%s\": %s", word, err);
}

static int32_t D(int y, int m, int d) { return content_day_from_ymd(y, m, d); }

static const struct content_service *service(const struct content *c, const char *id)
{
    size_t n;
    const struct content_service *s = content_services(c, &n);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(s[i].id, id))
            return &s[i];
    test_fail(__FILE__, __LINE__, "no service %s", id);
}

static int activity_index(const struct content *c, const char *id)
{
    size_t n;
    const struct content_activity *a = content_activities(c, &n);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(a[i].id, id))
            return (int)i;
    test_fail(__FILE__, __LINE__, "no activity %s", id);
}

#define CHECK_TEXT(t, want_value, want_lang, want_fallback)              \
    do { CHECK_STR_EQ((t).value, want_value); CHECK_STR_EQ((t).lang, want_lang); \
         CHECK_INT_EQ((t).fallback, want_fallback); } while (0)

/* --- opening and reading ------------------------------------------- */

TEST(content_open_reads_meta_and_items_in_order)
{
    char path[PATH_BYTES];
    struct content *c = open_ok(make_bundle("b", 5, path));
    const struct content_meta *m = content_meta(c);
    CHECK_INT_EQ(m->schema_version, CONTENT_SCHEMA_VERSION);
    CHECK_INT_EQ(m->content_version, 5);
    CHECK_INT_EQ(m->created_at, 1767225600);    /* 2026-01-01T00:00:00Z */
    CHECK_STR_EQ(m->centre, "Test centre ; Gent");
    CHECK_STR_EQ(m->timezone, "Europe/Brussels");
    CHECK_STR_EQ(m->default_language, "nl");
    CHECK(m->demo);
    CHECK_INT_EQ(m->idle_timeout_s, 90);
    CHECK_STR_EQ(content_path(c), path);
    CHECK_STR_EQ(content_language_in_use(c), "nl");

    size_t n;
    const struct content_language *l = content_languages(c, &n);
    CHECK_INT_EQ(n, 4);
    CHECK_STR_EQ(l[0].code, "nl");
    CHECK_STR_EQ(l[1].code, "en");
    CHECK_STR_EQ(l[2].code, "ar");
    CHECK_STR_EQ(l[2].endonym, "العربية");
    CHECK(l[2].rtl && !l[0].rtl);
    CHECK_STR_EQ(l[3].code, "fr");
    CHECK(l[0].enabled && l[2].enabled && !l[3].enabled);

    const struct content_category *cat = content_categories(c, &n);
    CHECK_INT_EQ(n, 2);
    CHECK_STR_EQ(cat[0].id, "work");            /* file order, not alphabetical */
    CHECK_STR_EQ(cat[0].pictogram, "work");
    CHECK_STR_EQ(cat[1].id, "leisure");

    const struct content_service *s = content_services(c, &n);
    CHECK_INT_EQ(n, 4);
    static const char *const service_ids[] = { "jobteam", "library", "shut", "townhall" };
    static const int service_category[] = { 0, 1, 0, 0 };
    for (size_t i = 0; i < n; i++) {
        CHECK_STR_EQ(s[i].id, service_ids[i]);
        CHECK_INT_EQ(s[i].category, service_category[i]);
    }
    CHECK_STR_EQ(s[0].pictogram, "work");       /* the category's */
    CHECK_STR_EQ(s[1].pictogram, "leisure");
    CHECK_STR_EQ(s[2].pictogram, "lock");       /* its own */
    CHECK_STR_EQ(s[0].address, "Voorbeeldstraat 1 ; 9000 Gent");
    CHECK_STR_EQ(s[0].email, "jobteam@example.org");
    CHECK(s[0].phone == NULL && s[0].website == NULL);
    CHECK(s[0].has_hours && !s[1].has_hours && s[2].has_hours);
    CHECK_INT_EQ(s[0].exception_count, 2);
    CHECK_INT_EQ(s[3].exception_count, 1);
    CHECK_INT_EQ(s[1].exception_count, 0);

    const struct content_activity *a = content_activities(c, &n);
    CHECK_INT_EQ(n, 2);
    CHECK_STR_EQ(a[0].id, "football");
    CHECK_STR_EQ(a[0].pictogram, "football");
    CHECK_INT_EQ(a[0].category, 1);
    CHECK_INT_EQ(a[0].capacity, 22);
    CHECK(a[0].signup);
    CHECK_STR_EQ(a[1].id, "language-cafe");
    CHECK_INT_EQ(a[1].capacity, 0);
    CHECK(!a[1].signup);
    CHECK_STR_EQ(a[1].pictogram, "leisure");
    content_close(c);
}

TEST(content_texts_fall_back_and_say_from_where)
{
    char path[PATH_BYTES];
    struct content *c = open_ok(make_bundle("b", 5, path));
    const struct content_service *job = service(c, "jobteam");
    const struct content_service *lib = service(c, "library");
    size_t n;
    const struct content_category *cat = content_categories(c, &n);

    /* Dutch, the default: its own texts; what Dutch lacks comes from English. */
    CHECK_TEXT(job->title, "Jobteam", "nl", false);
    CHECK_TEXT(job->summary, "Hulp bij werk zoeken.", "nl", false);
    /* Continuation joined with one space; \n is a line break. */
    CHECK_TEXT(job->body, "Eerste regel tweede regel\nnieuwe alinea", "nl", false);
    CHECK_TEXT(job->directions, "Tram 1", "en", true);
    CHECK(job->takeaway.value == NULL);
    CHECK_TEXT(cat[1].title, "Vrije tijd", "nl", false);
    const char *nl_title = job->title.value, *nl_summary = job->summary.value;

    char err[WK_ERR_MAX] = "";
    CHECK_OK(content_use_language(c, "ar", err));
    CHECK_STR_EQ(content_language_in_use(c), "ar");
    CHECK_TEXT(job->title, "فريق العمل", "ar", false);
    CHECK_TEXT(job->summary, "Help finding work.", "en", true);         /* no ar → en */
    CHECK_TEXT(job->body, "Eerste regel tweede regel\nnieuwe alinea", "nl", true); /* → nl */
    CHECK_TEXT(job->directions, "Tram 1", "en", true);
    CHECK(job->takeaway.value == NULL);
    CHECK_TEXT(lib->title, "Bibliotheek", "nl", true);
    CHECK_TEXT(cat[0].title, "عمل", "ar", false);
    CHECK_TEXT(cat[1].title, "Leisure", "en", true);
    /* The Dutch texts a screen still holds survive one switch. */
    CHECK_STR_EQ(nl_title, "Jobteam");
    CHECK_STR_EQ(nl_summary, "Hulp bij werk zoeken.");
    const char *ar_title = job->title.value, *en_summary = job->summary.value;

    /* The same language again is no reload: the pointers stay. */
    CHECK_OK(content_use_language(c, "ar", err));
    CHECK(job->title.value == ar_title);

    CHECK_OK(content_use_language(c, "nl", err));
    CHECK_TEXT(job->title, "Jobteam", "nl", false);
    CHECK_TEXT(job->summary, "Hulp bij werk zoeken.", "nl", false);
    CHECK_TEXT(cat[1].title, "Vrije tijd", "nl", false);
    CHECK_STR_EQ(ar_title, "فريق العمل");
    CHECK_STR_EQ(en_summary, "Help finding work.");

    /* A language no item has (French is off): English first, then Dutch. */
    CHECK_OK(content_use_language(c, "fr", err));
    CHECK_TEXT(job->title, "Jobteam (en)", "en", true);
    CHECK_TEXT(job->body, "Eerste regel tweede regel\nnieuwe alinea", "nl", true);
    const struct content_activity *a = content_activities(c, &n);
    CHECK_TEXT(a[0].title, "Football", "en", true);
    CHECK_TEXT(a[0].place, "Sporthal", "nl", true);
    CHECK(a[0].summary.value == NULL);

    CHECK_OK(content_use_language(c, "en", err));
    CHECK_TEXT(job->title, "Jobteam (en)", "en", false);
    CHECK_TEXT(a[1].title, "Taalcafé", "nl", true);
    content_close(c);
}

/* A centre whose default language is neither English nor Dutch: its texts
 * are the last fallback. */
TEST(content_texts_fall_back_to_the_bundle_default)
{
    char src[PATH_BYTES], out[PATH_BYTES];
    in_tmp(src, "src");
    fixture_put(src, "centre.ini",
        "[bundle]\ncentre = Centre\ncontent_version = 1\ncreated_at = 2026-01-01T00:00:00Z\n"
        "timezone = Europe/Brussels\n[languages]\nfr = yes\nar = yes\n"
        "[settings]\ndefault_language = fr\n");
    fixture_put(src, "categories.ini", "[info]\npictogram = info\nfr = Infos\n");
    fixture_put(src, "services/desk.ini",
        "[service]\ncategory = info\n[fr]\ntitle = Accueil\nsummary = Oui ; non\n[ar]\ntitle = استقبال\n");
    fixture_bundle(src, in_tmp(out, "fr.db"));
    struct content *c = open_ok(out);
    CHECK_STR_EQ(content_language_in_use(c), "fr");
    size_t n;
    const struct content_service *s = content_services(c, &n);
    CHECK_TEXT(s[0].summary, "Oui ; non", "fr", false);
    char err[WK_ERR_MAX] = "";
    CHECK_OK(content_use_language(c, "ar", err));
    CHECK_TEXT(s[0].title, "استقبال", "ar", false);
    CHECK_TEXT(s[0].summary, "Oui ; non", "fr", true);
    CHECK_TEXT(content_categories(c, &n)[0].title, "Infos", "fr", true);
    content_close(c);
}

/* --- opening hours ------------------------------------------------- */

#define CHECK_HOURS(s, day, hh, mm, want_state, want_minutes)                       \
    do { struct content_hours_status h_ = content_hours_at((s), (day), (hh) * 60 + (mm)); \
         CHECK_INT_EQ(h_.state, want_state);                                         \
         if ((want_state) == HOURS_OPEN || (want_state) == HOURS_OPENS_LATER)        \
             CHECK_INT_EQ(h_.minutes, want_minutes); } while (0)

TEST(content_hours_say_open_until_opens_at_or_closed)
{
    char path[PATH_BYTES];
    struct content *c = open_ok(make_bundle("b", 5, path));
    const struct content_service *job = service(c, "jobteam");
    int32_t mon = D(2026, 1, 12), tue = D(2026, 1, 13), wed = D(2026, 1, 14), thu = D(2026, 1, 15);
    CHECK_INT_EQ(content_weekday(mon), 0);

    /* Monday 09:00-12:00, 13:00-16:30. */
    CHECK_HOURS(job, mon, 8, 0, HOURS_OPENS_LATER, 9 * 60);
    CHECK_HOURS(job, mon, 9, 0, HOURS_OPEN, 12 * 60);
    CHECK_HOURS(job, mon, 11, 59, HOURS_OPEN, 12 * 60);
    CHECK_HOURS(job, mon, 12, 0, HOURS_OPENS_LATER, 13 * 60);
    CHECK_HOURS(job, mon, 14, 0, HOURS_OPEN, 16 * 60 + 30);
    CHECK_HOURS(job, mon, 16, 30, HOURS_CLOSED_TODAY, 0);
    /* Tuesday 09:00-12:00, 12:00-17:00: one stretch until 17:00. */
    CHECK_HOURS(job, tue, 10, 0, HOURS_OPEN, 17 * 60);
    CHECK_HOURS(job, tue, 12, 0, HOURS_OPEN, 17 * 60);
    CHECK_HOURS(job, tue, 16, 59, HOURS_OPEN, 17 * 60);
    CHECK_HOURS(job, tue, 17, 0, HOURS_CLOSED_TODAY, 0);
    /* Wednesday "closed", Thursday not listed. */
    CHECK_HOURS(job, wed, 0, 0, HOURS_CLOSED_TODAY, 0);
    CHECK_HOURS(job, thu, 10, 0, HOURS_CLOSED_TODAY, 0);
    CHECK_INT_EQ(content_hours_on(job, thu)->count, 0);
    CHECK_INT_EQ(content_hours_on(job, mon)->count, 2);

    /* Exceptions: Monday the 5th closed, Wednesday the 7th open twice. */
    CHECK_HOURS(job, D(2026, 1, 5), 10, 0, HOURS_CLOSED_TODAY, 0);
    CHECK_INT_EQ(content_hours_on(job, D(2026, 1, 5))->count, 0);
    CHECK_HOURS(job, D(2026, 1, 7), 9, 0, HOURS_OPENS_LATER, 10 * 60);
    CHECK_HOURS(job, D(2026, 1, 7), 10, 30, HOURS_OPEN, 11 * 60);
    CHECK_HOURS(job, D(2026, 1, 7), 11, 30, HOURS_OPENS_LATER, 14 * 60);
    CHECK_HOURS(job, D(2026, 1, 7), 15, 0, HOURS_CLOSED_TODAY, 0);
    /* Another service's exception on the 5th is its own, not jobteam's. */
    const struct content_service *town = service(c, "townhall");
    CHECK_HOURS(town, D(2026, 1, 5), 10, 0, HOURS_OPENS_LATER, 13 * 60);
    CHECK_HOURS(town, mon, 10, 0, HOURS_OPEN, 12 * 60);

    /* No [hours]: say nothing. Hours that never open: closed. */
    CHECK_HOURS(service(c, "library"), mon, 10, 0, HOURS_UNKNOWN, 0);
    CHECK_HOURS(service(c, "shut"), mon, 10, 0, HOURS_CLOSED_TODAY, 0);

    /* The next day it opens. Sunday the 4th → Monday the 5th is closed
     * by exception → Tuesday the 6th. */
    CHECK_INT_EQ(content_hours_next_day(job, D(2026, 1, 4)), D(2026, 1, 6));
    CHECK_INT_EQ(content_hours_next_day(job, D(2026, 1, 6)), D(2026, 1, 7));  /* exception */
    CHECK_INT_EQ(content_hours_next_day(job, wed), D(2026, 1, 16));          /* Friday */
    CHECK_INT_EQ(content_hours_next_day(job, D(2026, 1, 16)), D(2026, 1, 19));
    CHECK_INT_EQ(content_hours_next_day(service(c, "library"), mon), -1);
    /* At most CONTENT_NEXT_OPENING_DAYS (14) ahead: shut opens only on
     * the 19th, 14 days after the 5th, 15 after the 4th. */
    CHECK_INT_EQ(CONTENT_NEXT_OPENING_DAYS, 14);
    const struct content_service *shut = service(c, "shut");
    CHECK_INT_EQ(content_hours_next_day(shut, D(2026, 1, 5)), D(2026, 1, 19));
    CHECK_INT_EQ(content_hours_next_day(shut, D(2026, 1, 4)), -1);
    CHECK_INT_EQ(content_hours_next_day(shut, D(2026, 1, 19)), -1);
    CHECK_HOURS(shut, D(2026, 1, 19), 9, 0, HOURS_OPENS_LATER, 10 * 60);
    content_close(c);
}

/* --- the calendar -------------------------------------------------- */

static int days_in_month(int y, int m)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    return m == 2 && leap ? 29 : days[m - 1];
}

TEST(content_calendar_round_trips_every_day_1970_to_2100)
{
    int32_t expect = 0;
    int weekday = 3;                            /* 1970-01-01 was a Thursday */
    for (int y = 1970; y <= 2100; y++)
        for (int m = 1; m <= 12; m++)
            for (int d = 1; d <= days_in_month(y, m); d++, expect++, weekday = (weekday + 1) % 7) {
                int32_t day = content_day_from_ymd(y, m, d);
                if (day != expect)
                    test_fail(__FILE__, __LINE__, "%04d-%02d-%02d is day %d, expected %d", y, m,
                              d, day, expect);
                int y2, m2, d2;
                content_day_to_ymd(day, &y2, &m2, &d2);
                if (y2 != y || m2 != m || d2 != d)
                    test_fail(__FILE__, __LINE__, "day %d → %04d-%02d-%02d, expected %04d-%02d-%02d",
                              day, y2, m2, d2, y, m, d);
                if (content_weekday(day) != weekday)
                    test_fail(__FILE__, __LINE__, "weekday of %04d-%02d-%02d is %d, expected %d",
                              y, m, d, content_weekday(day), weekday);
                char text[32];
                snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
                if (content_day_parse(text) != day)
                    test_fail(__FILE__, __LINE__, "content_day_parse(%s) = %d, expected %d", text,
                              content_day_parse(text), day);
            }
    CHECK_INT_EQ(content_day_from_ymd(2101, 1, 1), expect);
    CHECK_INT_EQ(content_weekday(D(2026, 1, 5)), 0);       /* a Monday */
    CHECK_INT_EQ(content_weekday(D(2026, 1, 11)), 6);      /* a Sunday */
    CHECK_INT_EQ(content_weekday(-1), 2);                  /* 1969-12-31, a Wednesday */
}

TEST(content_day_parse_refuses_what_is_not_a_date)
{
    CHECK_INT_EQ(content_day_parse("2026-01-05"), D(2026, 1, 5));
    CHECK_INT_EQ(content_day_parse("2024-02-29"), D(2024, 2, 29));
    static const char *const bad[] = {
        "2026-02-30", "2025-02-29", "2100-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
        "2026-01-00", "2026-1-5", "2026-01-5", "26-01-05", "", "2026-01-05x", " 2026-01-05",
        "2026/01/05", "2026-01-05 ", "1969-12-31", "2026-+1-05", "2026-01-+5", "2026- 1-05",
        "+2026-01-05", "2026-01--5", "abcd-ef-gh",
    };
    for (size_t i = 0; i < WK_ARRAY_LEN(bad); i++)
        if (content_day_parse(bad[i]) != -1)
            test_fail(__FILE__, __LINE__, "\"%s\" parsed as day %d", bad[i], content_day_parse(bad[i]));
    CHECK_INT_EQ(content_day_parse(NULL), -1);
}

/* --- sessions ------------------------------------------------------ */

#define CHECK_SESSION(s, act, day_, h1, m1, h2, m2, left)                   \
    do { CHECK_INT_EQ((s).activity, act); CHECK_INT_EQ((s).day, day_);     \
         CHECK_INT_EQ((s).starts, (h1) * 60 + (m1)); CHECK_INT_EQ((s).ends, (h2) * 60 + (m2)); \
         CHECK_INT_EQ((s).places_left, left); } while (0)

TEST(content_sessions_of_a_week)
{
    char path[PATH_BYTES];
    struct content *c = open_ok(make_bundle("b", 5, path));
    int fb = activity_index(c, "football"), cafe = activity_index(c, "language-cafe");
    struct content_session s[16];

    /* Week of Monday the 5th: Monday is before `from`; Thursday the 8th
     * (12 of 22 taken) and the cafe that morning; Saturday the 10th
     * one-off, full. Sorted by day, then start. */
    size_t n = content_sessions(c, D(2026, 1, 5), D(2026, 1, 11), s, WK_ARRAY_LEN(s));
    CHECK_INT_EQ(n, 3);
    CHECK_SESSION(s[0], cafe, D(2026, 1, 8), 9, 0, 10, 0, -1);
    CHECK_SESSION(s[1], fb, D(2026, 1, 8), 18, 0, 20, 0, 10);
    CHECK_SESSION(s[2], fb, D(2026, 1, 10), 14, 0, 16, 0, 0);
    CHECK_INT_EQ(content_sessions(c, D(2026, 1, 5), D(2026, 1, 11), NULL, 0), 3);

    /* Week of the 12th: Monday football before the cafe that evening;
     * Thursday the 15th cancelled. */
    n = content_sessions(c, D(2026, 1, 12), D(2026, 1, 18), s, WK_ARRAY_LEN(s));
    CHECK_INT_EQ(n, 2);
    CHECK_SESSION(s[0], fb, D(2026, 1, 12), 10, 0, 11, 0, 22);
    CHECK_SESSION(s[1], cafe, D(2026, 1, 12), 18, 30, 19, 30, -1);

    /* The last week: `until` (the 29th) is included; after it, nothing. */
    n = content_sessions(c, D(2026, 1, 26), D(2026, 2, 1), s, WK_ARRAY_LEN(s));
    CHECK_INT_EQ(n, 2);
    CHECK_SESSION(s[0], fb, D(2026, 1, 26), 10, 0, 11, 0, 22);
    CHECK_SESSION(s[1], fb, D(2026, 1, 29), 18, 0, 20, 0, 22);
    CHECK_INT_EQ(content_sessions(c, D(2026, 1, 30), D(2026, 3, 1), s, WK_ARRAY_LEN(s)), 0);
    CHECK_INT_EQ(content_sessions(c, D(2026, 1, 11), D(2026, 1, 5), s, WK_ARRAY_LEN(s)), 0);

    /* Two months in one call: every weekly session on its weekday, sorted;
     * only max are written, the count is all of them. */
    n = content_sessions(c, D(2025, 12, 1), D(2026, 2, 28), s, WK_ARRAY_LEN(s));
    CHECK_INT_EQ(n, 9);   /* mon 12, 19, 26; thu 8, 22, 29; the 10th; cafe ×2 */
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            CHECK(s[i - 1].day < s[i].day ||
                  (s[i - 1].day == s[i].day && s[i - 1].starts <= s[i].starts));
        if (s[i].activity == fb && s[i].starts == 10 * 60)
            CHECK_INT_EQ(content_weekday(s[i].day), 0);
        if (s[i].activity == fb && s[i].starts == 18 * 60)
            CHECK_INT_EQ(content_weekday(s[i].day), 3);
        CHECK(s[i].day != D(2026, 1, 15));
    }
    struct content_session few[3];
    memset(few, 0x5a, sizeof few);
    CHECK_INT_EQ(content_sessions(c, D(2025, 12, 1), D(2026, 2, 28), few, 2), 9);
    CHECK_SESSION(few[0], cafe, D(2026, 1, 8), 9, 0, 10, 0, -1);
    CHECK_SESSION(few[1], fb, D(2026, 1, 8), 18, 0, 20, 0, 10);
    CHECK_INT_EQ(few[2].activity, 0x5a5a5a5a);              /* untouched */
    content_close(c);
}

/* The hub may know of more sign-ups than places (a capacity lowered
 * later): the kiosk shows 0 left, never a negative number. */
TEST(content_sessions_never_have_negative_places)
{
    char path[PATH_BYTES];
    make_bundle("b", 5, path);
    fixture_sql(path, "UPDATE activity_taken SET taken = 30 WHERE day = '2026-01-08'");
    fixture_sign(path);
    struct content *c = open_ok(path);
    struct content_session s[4];
    CHECK_INT_EQ(content_sessions(c, D(2026, 1, 8), D(2026, 1, 8), s, 4), 2);
    CHECK_INT_EQ(s[1].activity, activity_index(c, "football"));
    CHECK_INT_EQ(s[1].places_left, 0);
    content_close(c);
}

/* --- bundles a kiosk refuses -------------------------------------- */

TEST(content_refuses_a_bundle_without_signature)
{
    char path[PATH_BYTES], sig[PATH_BYTES + 8];
    make_bundle("b", 5, path);
    snprintf(sig, sizeof sig, "%s.sig", path);
    CHECK(unlink(sig) == 0);
    struct content_keys keys = fixture_test_keys();
    CHECK_REFUSED(path, &keys, WK_ENOTFOUND, ".sig");
}

TEST(content_refuses_a_bundle_signed_by_another_key)
{
    char path[PATH_BYTES];
    make_bundle("b", 5, path);
    CHECK_OK(sodium_init() < 0);
    unsigned char pk[CONTENT_KEY_BYTES], sk[CONTENT_SECRET_KEY_BYTES];
    crypto_sign_keypair(pk, sk);
    sign_with(path, sk);
    struct content_keys keys = fixture_test_keys();
    CHECK_REFUSED(path, &keys, WK_EINVAL, "trust");
    /* Pinning that key too opens it: the refusal was about the key. */
    memcpy(keys.key[keys.count++], pk, sizeof pk);
    content_close(open_ok_with(path, &keys));
}

/* The signature names the pinned key, but was made with another: the
 * signature itself must be checked, not only the key line. */
TEST(content_refuses_a_signature_that_does_not_verify)
{
    char path[PATH_BYTES], sig[PATH_BYTES + 8];
    make_bundle("b", 5, path);
    CHECK_OK(sodium_init() < 0);
    unsigned char pk[CONTENT_KEY_BYTES], sk[CONTENT_SECRET_KEY_BYTES];
    crypto_sign_keypair(pk, sk);
    sign_with(path, sk);
    snprintf(sig, sizeof sig, "%s.sig", path);
    size_t size;
    char *text = (char *)fixture_slurp(sig, &size);
    char *key_line = strstr(text, "\nkey ") + 5;
    struct content_keys keys = fixture_test_keys();
    char b64[sodium_base64_ENCODED_LEN(CONTENT_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, keys.key[0], CONTENT_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL);
    CHECK_INT_EQ(strcspn(key_line, "\n"), strlen(b64));
    memcpy(key_line, b64, strlen(b64));
    put_bytes(sig, text, size);
    free(text);
    CHECK_REFUSED(path, &keys, WK_EINVAL, "does not verify");
}

TEST(content_refuses_a_bundle_changed_after_signing)
{
    char path[PATH_BYTES], sig[PATH_BYTES + 8];
    make_bundle("b", 5, path);
    size_t size;
    unsigned char *bytes = fixture_slurp(path, &size);
    bytes[size / 2] ^= 0x01;
    put_bytes(path, bytes, size);
    struct content_keys keys = fixture_test_keys();
    CHECK_REFUSED(path, &keys, WK_EINVAL, "hash");

    /* Someone who also rewrites the hash line still has no signature. */
    unsigned char hash[CONTENT_HASH_BYTES];
    char hex[CONTENT_HASH_BYTES * 2 + 1];
    crypto_generichash(hash, sizeof hash, bytes, size, NULL, 0);
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    free(bytes);
    snprintf(sig, sizeof sig, "%s.sig", path);
    char *text = (char *)fixture_slurp(sig, &size);
    char *hash_line = strstr(text, "\nhash ") + 6;
    CHECK_INT_EQ(strcspn(hash_line, "\n"), strlen(hex));
    memcpy(hash_line, hex, strlen(hex));
    put_bytes(sig, text, size);
    free(text);
    CHECK_REFUSED(path, &keys, WK_EINVAL, "does not verify");
}

/* Signed, but not a whole bundle: SQLite or quick_check must say so. */
TEST(content_refuses_a_truncated_bundle_even_if_signed)
{
    char path[PATH_BYTES];
    make_bundle("b", 5, path);
    size_t size;
    unsigned char *bytes = fixture_slurp(path, &size);
    CHECK(size >= 4 * 4096);
    put_bytes(path, bytes, size / 2);
    free(bytes);
    fixture_sign(path);
    struct content_keys keys = fixture_test_keys();
    CHECK_REFUSED(path, &keys, WK_EFORMAT, "SQLite");
}

TEST(content_refuses_a_signed_file_that_is_not_sqlite)
{
    char path[PATH_BYTES];
    unsigned char noise[8192];
    randombytes_buf(noise, sizeof noise);
    put_bytes(in_tmp(path, "noise.db"), noise, sizeof noise);
    fixture_sign(path);
    struct content_keys keys = fixture_test_keys();
    CHECK_REFUSED(path, &keys, WK_EFORMAT, "SQLite");

    char text[8192] = "";
    while (strlen(text) + 64 < sizeof text)
        strcat(text, "[bundle]\ncentre = this is an ini file, not a bundle\n");
    fixture_put(test_tmpdir(), "text.db", text);
    fixture_sign(in_tmp(path, "text.db"));
    CHECK_REFUSED(path, &keys, WK_EFORMAT, "SQLite");

    fixture_put(test_tmpdir(), "empty.db", "");
    fixture_sign(in_tmp(path, "empty.db"));
    CHECK_REFUSED(path, &keys, WK_EFORMAT, "not a welkom bundle");
}

TEST(content_refuses_a_newer_schema)
{
    char path[PATH_BYTES];
    make_bundle("b", 5, path);
    fixture_sql(path, "UPDATE meta SET value = '99' WHERE key = 'schema_version'");
    fixture_sign(path);
    struct content_keys keys = fixture_test_keys();
    CHECK_REFUSED(path, &keys, WK_EUNSUPPORTED, "schema 99");

    fixture_sql(path, "DELETE FROM meta WHERE key = 'schema_version'");
    fixture_sign(path);
    CHECK_REFUSED(path, &keys, WK_EFORMAT, "schema_version");
}

/* A kiosk that reads schema 2 still opens the schema-1 bundles already
 * out there: no forms, no hub key. */
TEST(content_opens_a_schema_1_bundle)
{
    char path[PATH_BYTES];
    make_bundle("old", 5, path);
    fixture_sql(path, "DROP TABLE form_options; DROP TABLE form_fields; DROP TABLE forms; "
                 "DELETE FROM settings WHERE key = 'hub_public_key'; "
                 "UPDATE meta SET value = '1' WHERE key = 'schema_version'");
    fixture_sign(path);
    struct content *c = open_ok(path);
    size_t n;
    CHECK_INT_EQ(content_meta(c)->schema_version, 1);
    CHECK(content_forms(c, &n) != NULL || n == 0);
    CHECK_INT_EQ(n, 0);
    CHECK(content_form_of_kind(c, FORM_SIGNUP) == NULL);
    content_services(c, &n);
    CHECK(n > 0);
    content_close(c);
}

/* Refused on its size alone: no signature is there, so a refusal that
 * names the size was made before reading or hashing the rest. */
TEST(content_refuses_an_oversized_bundle_before_hashing)
{
    char path[PATH_BYTES];
    in_tmp(path, "huge.db");
    fixture_put(test_tmpdir(), "huge.db", "");
    CHECK(truncate(path, (off_t)CONTENT_MAX_BUNDLE_BYTES + 1) == 0);
    struct content_keys keys = fixture_test_keys();
    CHECK_REFUSED(path, &keys, WK_EINVAL, "at most 67108864");
    /* Exactly at the limit the size is fine: the missing .sig is next. */
    CHECK(truncate(path, (off_t)CONTENT_MAX_BUNDLE_BYTES) == 0);
    CHECK_REFUSED(path, &keys, WK_ENOTFOUND, ".sig");
}

/* The four lines of a good signature file, each changed in turn. */
TEST(content_refuses_a_malformed_signature_file)
{
    char path[PATH_BYTES], sig[PATH_BYTES + 8];
    make_bundle("b", 5, path);
    snprintf(sig, sizeof sig, "%s.sig", path);
    size_t size;
    char *good = (char *)fixture_slurp(sig, &size);
    char line[4][256];
    char *save = NULL, *p = good;
    for (int i = 0; i < 4; i++, p = NULL) {
        const char *l = strtok_r(p, "\n", &save);
        CHECK(l != NULL);
        snprintf(line[i], sizeof line[i], "%s", l);
    }
    free(good);
    CHECK_STR_EQ(line[0], "welkom-bundle-signature 1");
    struct content_keys keys = fixture_test_keys();

    char big[CONTENT_MAX_SIG_BYTES + 200];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    char text[2048];
    struct { const char *what, *fmt, *word; } cases[] = {
        { "garbage", "hello world\n", "first line" },
        { "empty", "", "first line" },
        { "version 2", "welkom-bundle-signature 2%1$.0s\n%2$s\n%3$s\n%4$s\n", "first line" },
        { "key not base64", "%1$s\nkey !!!!not-base64!!!!%2$.0s\n%3$s\n%4$s\n", "base64" },
        { "key too short", "%1$s\nkey AAAA%2$.0s\n%3$s\n%4$s\n", "base64" },
        { "hash not hex", "%1$s\n%2$s\nhash xyz%3$.0s\n%4$s\n", "hex" },
        { "signature not base64", "%1$s\n%2$s\n%3$s\nsignature ***%4$.0s\n", "base64" },
        { "no signature line", "%1$s\n%2$s\n%3$s\n%4$.0s", "expected" },
        { "lines swapped", "%1$s\n%3$s\n%2$s\n%4$s\n", "expected" },
        { "too big", "%1$s\n%2$s\n%3$s\n%4$s\n%5$s\n", "at most" },
    };
    for (size_t i = 0; i < WK_ARRAY_LEN(cases); i++) {
        snprintf(text, sizeof text, cases[i].fmt, line[0], line[1], line[2], line[3], big);
        put_bytes(sig, text, strlen(text));
        struct content *c = NULL;
        char err[WK_ERR_MAX] = "";
        int rc = content_open(path, &keys, &c, err);
        if (rc == 0 || !strcasestr(err, cases[i].word))
            test_fail(__FILE__, __LINE__, "%s: status %d, message \"%s\" (expected \"%s\")",
                      cases[i].what, rc, err, cases[i].word);
    }
    /* A NUL byte: not a text file. */
    put_bytes(sig, "welkom-bundle-signature 1\n\0key", 31);
    CHECK_REFUSED(path, &keys, WK_EFORMAT, "text");
    /* And the lines put back as they were open again. */
    snprintf(text, sizeof text, "%s\n%s\n%s\n%s\n", line[0], line[1], line[2], line[3]);
    put_bytes(sig, text, strlen(text));
    content_close(open_ok(path));
}

/* Bundles with a valid signature whose content breaks the schema or its
 * rules: each is refused whole, never half loaded. */
TEST(content_refuses_signed_bundles_that_break_the_rules)
{
    static const struct { const char *sql, *word; } cases[] = {
        { "DROP TABLE activities", "activities" },
        { "DROP TABLE texts", "texts" },
        { "ALTER TABLE services DROP COLUMN website", "website" },
        { "UPDATE opening_hours SET closes = opens - 1", "opening hours" },
        { "UPDATE opening_hours SET opens = 600 WHERE service = 'jobteam' AND opens = 780",
          "opening hours" },                  /* 09:00-12:00 and 10:00-16:30 overlap */
        { "UPDATE opening_hours SET closes = 1441 WHERE rowid = 1", "closes" },
        { "UPDATE opening_hours SET weekday = 7 WHERE rowid = 1", "weekday" },
        { "UPDATE opening_exceptions SET day = '2026-02-30'", "date" },
        { "UPDATE texts SET value = hex(randomblob(20000)) "
          "WHERE item = 'service:jobteam' AND field = 'body'", "texts" },
        { "UPDATE services SET category = 'nope' WHERE id = 'library'", "category" },
        { "UPDATE activity_weekly SET ends = starts", "activity_weekly" },
        { "UPDATE activity_dates SET day = 'soon'", "activity_dates" },
        { "UPDATE activity_weekly SET valid_from = 'soon'", "activity_weekly" },
        { "UPDATE activity_weekly SET valid_until = '2026-02-30'", "activity_weekly" },
        { "UPDATE activity_taken SET taken = -1", "activity_taken" },
        { "UPDATE activities SET capacity = -5", "capacity" },
        { "UPDATE meta SET value = '0' WHERE key = 'content_version'", "content_version" },
        { "UPDATE categories SET pictogram = ''", "pictogram" },
        { "UPDATE services SET address = hex(randomblob(300)) WHERE id = 'jobteam'", "longer" },
    };
    struct content_keys keys = fixture_test_keys();
    char good[PATH_BYTES], path[PATH_BYTES], sig[PATH_BYTES + 8];
    make_bundle("good", 5, good);
    in_tmp(path, "bad.db");
    snprintf(sig, sizeof sig, "%s.sig", path);
    for (size_t i = 0; i < WK_ARRAY_LEN(cases); i++) {
        fixture_copy(good, path);
        fixture_sql(path, cases[i].sql);
        fixture_sign(path);
        struct content *c = NULL;
        char err[WK_ERR_MAX] = "";
        int rc = content_open(path, &keys, &c, err);
        if (rc == 0) {
            content_close(c);
            test_fail(__FILE__, __LINE__, "opened after: %s", cases[i].sql);
        }
        if (!strcasestr(err, cases[i].word))
            test_fail(__FILE__, __LINE__, "after %s: message does not say \"%s\": %s",
                      cases[i].sql, cases[i].word, err);
    }
    /* The untouched copy still opens: the refusals were about the changes. */
    fixture_copy(good, path);
    fixture_sign(path);
    content_close(open_ok(path));
}

/* A bundle without volunteering tables or forms whose texts still name
 * events, organisations, forms, fields and options (found by the fuzzer:
 * the lookup ran on a table that was never built): the texts are
 * ignored, in every language, and the rest reads as before. */
TEST(content_ignores_texts_of_tables_the_bundle_does_not_have)
{
    struct content_keys keys = fixture_test_keys();
    char path[PATH_BYTES];
    make_bundle("notables", 5, path);
    fixture_sql(path, "INSERT INTO texts VALUES "
                      "('event:party', 'nl', 'title', 'Feest'), ('event:party', 'ar', 'place', 'x'), "
                      "('organisation:org', 'nl', 'title', 'Org'), ('form:f', 'nl', 'title', 'F'), "
                      "('field:f.q', 'nl', 'label', 'Q'), ('option:f.q.a', 'nl', 'label', 'A')");
    fixture_sign(path);
    struct content *c = open_ok_with(path, &keys);
    char err[WK_ERR_MAX] = "";
    CHECK_OK(content_use_language(c, "ar", err));
    CHECK_OK(content_use_language(c, "nl", err));
    CHECK_TEXT(service(c, "jobteam")->title, "Jobteam", "nl", false);
    content_close(c);
}

/* --- installing into the state directory ------------------------- */

static int64_t installed_version(const char *state)
{
    char path[PATH_BYTES];
    content_store_path(state, path, sizeof path);
    struct content *c = open_ok(path);
    int64_t v = content_meta(c)->content_version;
    content_close(c);
    return v;
}

static void check_current(const char *state, const char *want)
{
    char path[PATH_BYTES], target[64];
    snprintf(path, sizeof path, "%s/current", state);
    ssize_t n = readlink(path, target, sizeof target - 1);
    if (n < 0)
        test_fail(__FILE__, __LINE__, "%s is not a symlink: %s", path, strerror(errno));
    target[n] = '\0';
    CHECK_STR_EQ(target, want);
}

TEST(content_store_installs_newer_bundles_only)
{
    char state[PATH_BYTES], v4[PATH_BYTES], v5[PATH_BYTES], v6[PATH_BYTES], v7[PATH_BYTES];
    char path[PATH_BYTES], err[WK_ERR_MAX] = "";
    struct content_keys keys = fixture_test_keys();
    in_tmp(state, "state");
    make_bundle("v4", 4, v4);
    make_bundle("v5", 5, v5);
    make_bundle("v6", 6, v6);
    make_bundle("v7", 7, v7);

    /* Into an empty (not yet existing) state directory. */
    int64_t version = -1;
    if (content_store_install(state, v5, &keys, &version, err))
        test_fail(__FILE__, __LINE__, "install v5: %s", err);
    CHECK_INT_EQ(version, 5);
    CHECK_INT_EQ(installed_version(state), 5);
    check_current(state, "bundle-5");
    content_store_path(state, path, sizeof path);
    CHECK_STR_EQ(path + strlen(state), "/current/bundle.db");
    /* The signature came along, byte for byte. */
    size_t a_size, b_size;
    char sig_a[PATH_BYTES + 8], sig_b[PATH_BYTES + 8];
    snprintf(sig_a, sizeof sig_a, "%s.sig", v5);
    in_tmp(sig_b, "state/bundle-5/bundle.db.sig");
    unsigned char *a = fixture_slurp(sig_a, &a_size), *b = fixture_slurp(sig_b, &b_size);
    CHECK(a_size == b_size && !memcmp(a, b, a_size));
    free(a);
    free(b);

    /* The same version again, and an older one: no rollback. */
    version = -1;
    CHECK_INT_EQ(content_store_install(state, v5, &keys, &version, err), WK_EINVAL);
    CHECK(strstr(err, "not newer"));
    CHECK_INT_EQ(version, -1);
    CHECK_INT_EQ(content_store_install(state, v4, &keys, &version, err), WK_EINVAL);
    CHECK(strstr(err, "not newer"));
    CHECK_INT_EQ(installed_version(state), 5);
    check_current(state, "bundle-5");
    in_tmp(path, "state/bundle-4");
    CHECK(!exists(path));

    /* A newer one replaces it; the old directory goes. */
    if (content_store_install(state, v6, &keys, &version, err))
        test_fail(__FILE__, __LINE__, "install v6: %s", err);
    CHECK_INT_EQ(version, 6);
    CHECK_INT_EQ(installed_version(state), 6);
    check_current(state, "bundle-6");
    CHECK(!exists(in_tmp(path, "state/bundle-5")));
    CHECK(!exists(in_tmp(path, "state/current.new")));

    /* A bad candidate (changed after signing) leaves v6 as it was. */
    size_t size;
    unsigned char *bytes = fixture_slurp(v7, &size);
    bytes[size / 2] ^= 0x10;
    put_bytes(v7, bytes, size);
    free(bytes);
    version = -1;
    CHECK_INT_EQ(content_store_install(state, v7, &keys, &version, err), WK_EINVAL);
    CHECK(strstr(err, "hash"));
    CHECK_INT_EQ(version, -1);
    CHECK_INT_EQ(installed_version(state), 6);
    check_current(state, "bundle-6");
    CHECK(!exists(in_tmp(path, "state/bundle-7")));
    CHECK(!exists(in_tmp(path, "state/bundle-7.tmp")));

    /* So does a newer one signed by a key the kiosk does not pin. */
    unsigned char pk[CONTENT_KEY_BYTES], sk[CONTENT_SECRET_KEY_BYTES];
    CHECK_OK(sodium_init() < 0);
    crypto_sign_keypair(pk, sk);
    make_bundle("v8", 8, path);
    sign_with(path, sk);
    CHECK_INT_EQ(content_store_install(state, path, &keys, &version, err), WK_EINVAL);
    CHECK(strstr(err, "trust"));
    CHECK_INT_EQ(installed_version(state), 6);
    check_current(state, "bundle-6");
}
