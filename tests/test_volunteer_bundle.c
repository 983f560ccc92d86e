/* test_volunteer_bundle.c — volunteering in the content bundle
 * (docs/volunteers.md): welkomctl builds organisations.ini,
 * volunteers.ini and events/ into tables, refusing a bad source with the
 * file and line of every problem; the kiosk reads them back and refuses a
 * hostile bundle naming the table; the demo's codes open their entries
 * and are, like the names, in no byte of the bundle; and an event's
 * check-in window opens and closes on the centre's local clock, the day
 * the clocks change too. */
#include "test.h"
#include "fixture.h"
#include "volunteers_demo.h"
#include "../app/content/content.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PATH_BYTES FIXTURE_PATH_BYTES

static const struct volunteer_cost cheap = { VOLUNTEER_COST_KIB_MIN, 1 };

static const char CENTRE[] =
    "[bundle]\ncentre = Volunteer centre\ncontent_version = 1\ncreated_at = 2026-01-01T00:00:00Z\n"
    "timezone = Europe/Brussels\n[languages]\nnl = yes\nen = yes\n[settings]\ndefault_language = en\n";
static const char CATEGORIES[] = "[meet]\npictogram = people-count\nen = Meet\n";
static const char ORGANISATIONS[] = "[org.refu]\nen = Refu (test)\n[org.centre]\nen = Centre (test)\n";

/* "salt = ...\nverifier = ...\nname = ...\n" of an entry sealed for code. */
static void entry_lines(const char *code, const char *name, char *out, size_t size)
{
    struct volunteer_sealed v;
    char err[WK_ERR_MAX], salt[64], verifier[64], sealed[200];
    CHECK_OK(volunteer_seal(code, name, cheap, &v, err));
    sodium_bin2base64(salt, sizeof salt, v.salt, sizeof v.salt, sodium_base64_VARIANT_ORIGINAL);
    sodium_bin2base64(verifier, sizeof verifier, v.verifier, sizeof v.verifier,
                      sodium_base64_VARIANT_ORIGINAL);
    sodium_bin2base64(sealed, sizeof sealed, v.name, v.name_len, sodium_base64_VARIANT_ORIGINAL);
    snprintf(out, size, "salt = %s\nverifier = %s\nname = %s\n", salt, verifier, sealed);
}

/* A small source: two organisations, two volunteers (427 Amina, 12 Jonas),
 * an event and the general shift. */
static void write_source(const char *src)
{
    char roster[2048], a[512], b[512];
    entry_lines("0427-83920571", "Amina", a, sizeof a);
    entry_lines("0012-55512345", "Jonas", b, sizeof b);
    snprintf(roster, sizeof roster, "[roster]\ncost_kib = %d\ncost_passes = 1\n"
             "[volunteer.427]\norganisation = refu\n%s[volunteer.12]\norganisation = centre\n%s",
             VOLUNTEER_COST_KIB_MIN, a, b);
    fixture_put(src, "centre.ini", CENTRE);
    fixture_put(src, "categories.ini", CATEGORIES);
    fixture_put(src, "organisations.ini", ORGANISATIONS);
    fixture_put(src, "volunteers.ini", roster);
    fixture_put(src, "events/sorting.ini",
                "[event]\norganisation = centre\npictogram = giveaway\nstarts = 2026-12-12T14:00\n"
                "ends = 2026-12-12T18:00\nmargin_min = 30\n[en]\ntitle = Sorting\nplace = Shop\n");
    fixture_put(src, "events/shift.ini",
                "[event]\norganisation = centre\ngeneral = yes\nmargin_min = 15\n"
                "[hours]\nmon = 09:00-17:00\nsun = 22:00-24:00\n[en]\ntitle = Shift\n");
}

static struct content *open_bundle(const char *db)
{
    struct content_keys keys = fixture_test_keys();
    struct content *c = NULL;
    char err[WK_ERR_MAX] = "";
    if (content_open(db, &keys, &c, err))
        test_fail(__FILE__, __LINE__, "bundle refused: %s", err);
    CHECK_OK(content_use_language(c, "en", err));
    return c;
}

TEST(volunteers_organisations_and_events_come_back_from_the_bundle)
{
    char src[PATH_BYTES], db[PATH_BYTES], err[WK_ERR_MAX], name[VOLUNTEER_NAME_MAX + 1];
    fixture_paths("vol", src, db);
    write_source(src);
    fixture_bundle(src, db);
    struct content *c = open_bundle(db);
    CHECK_INT_EQ((long)content_volunteer_count(c), 2);
    CHECK_INT_EQ((long)content_volunteer_cost(c).kib, VOLUNTEER_COST_KIB_MIN);
    CHECK_INT_EQ((long)content_volunteer_cost(c).passes, 1);
    const struct volunteer_sealed *v = content_volunteer(c, 427);
    CHECK(v != NULL);
    CHECK(content_volunteer(c, 428) == NULL);
    CHECK_OK(volunteer_open(v, "0427-83920571", content_volunteer_cost(c), name, err));
    CHECK_STR_EQ(name, "Amina");
    CHECK_INT_EQ(volunteer_open(content_volunteer(c, 12), "0427-83920571", content_volunteer_cost(c),
                                name, err), WK_EPERM);
    size_t n;
    const struct content_organisation *o = content_organisations(c, &n);
    CHECK_INT_EQ((long)n, 2);
    CHECK_STR_EQ(o[0].id, "refu");
    CHECK_STR_EQ(o[1].title.value, "Centre (test)");
    const struct content_event *e = content_events(c, &n);
    CHECK_INT_EQ((long)n, 2);
    CHECK_STR_EQ(e[0].id, "shift");               /* file name order */
    CHECK(e[0].general);
    CHECK_INT_EQ(e[0].week[0].range[0].opens, 9 * 60);
    CHECK_STR_EQ(e[1].title.value, "Sorting");
    CHECK_STR_EQ(e[1].place.value, "Shop");
    CHECK_STR_EQ(e[1].pictogram, "giveaway");
    CHECK_INT_EQ(e[1].margin_min, 30);
    content_close(c);
}

TEST(volunteers_a_bundle_without_volunteering_has_none)
{
    char src[PATH_BYTES], db[PATH_BYTES];
    fixture_paths("none", src, db);
    fixture_put(src, "centre.ini", CENTRE);
    fixture_put(src, "categories.ini", CATEGORIES);
    fixture_bundle(src, db);
    struct content *c = open_bundle(db);
    size_t n;
    CHECK(content_events(c, &n) == NULL || n == 0);
    CHECK_INT_EQ((long)n, 0);
    CHECK_INT_EQ((long)content_volunteer_count(c), 0);
    CHECK(content_volunteer(c, 1) == NULL);
    content_close(c);
}

/* One bad source file; the report names file:line and the problem. */
struct bad_source { const char *file, *text, *expect; };

TEST(volunteers_a_bad_source_is_refused_with_file_and_line)
{
    char good[512];
    entry_lines("0427-83920571", "Amina", good, sizeof good);
    char dup[2048], badorg[1024], cost[1024], nosalt[1024];
    snprintf(dup, sizeof dup, "[volunteer.427]\norganisation = refu\n%s\n[volunteer.0427]\n"
             "organisation = refu\n%s", good, good);
    snprintf(badorg, sizeof badorg, "[volunteer.5]\norganisation = nobody\n%s", good);
    snprintf(cost, sizeof cost, "[roster]\ncost_kib = 9999999\ncost_passes = 2\n");
    snprintf(nosalt, sizeof nosalt, "[volunteer.6]\norganisation = refu\nsalt = AAAA\n"
             "verifier = !!notbase64!!\nname = QUJD\n");
    const struct bad_source bad[] = {
        { "volunteers.ini", dup, "volunteers.ini:8: volunteer number 427 is given twice" },
        { "volunteers.ini", badorg, "volunteers.ini:2: organisation \"nobody\" is not in organisations.ini" },
        { "volunteers.ini", cost, "volunteers.ini:2: the roster's code cost is 9999999 KiB" },
        { "volunteers.ini", nosalt, "volunteers.ini:3: salt is 3 bytes; it must be 16" },
        { "volunteers.ini", nosalt, "volunteers.ini:4: verifier is not base64" },
        { "volunteers.ini", nosalt, "volunteers.ini:5: name is 3 bytes: too short to be a sealed name" },
        { "volunteers.ini", "[volunteer.10000]\norganisation = refu\n", "volunteers.ini:2: [volunteer.10000]: the number is 1 to 9999" },
        { "events/late.ini", "[event]\norganisation = refu\nstarts = 2026-12-12T18:00\nends = 2026-12-12T14:00\n[en]\ntitle = X\n",
          "events/late.ini:4: ends 2026-12-12T14:00 is not after starts 2026-12-12T18:00" },
        { "events/time.ini", "[event]\norganisation = refu\nstarts = 2026-12-12 14:00\nends = 2026-12-12T25:00\n[en]\ntitle = X\n",
          "events/time.ini:3: starts \"2026-12-12 14:00\" is not a local time" },
        { "events/time.ini", "[event]\norganisation = refu\nstarts = 2026-12-12 14:00\nends = 2026-12-12T25:00\n[en]\ntitle = X\n",
          "events/time.ini:4: ends \"2026-12-12T25:00\" is not a local time" },
        { "events/margin.ini", "[event]\norganisation = refu\nstarts = 2026-12-12T14:00\nends = 2026-12-12T15:00\nmargin_min = 999\n[en]\ntitle = X\n",
          "events/margin.ini:5: margin_min \"999\" is not a number of minutes from 0 to 240" },
        { "events/shift.ini", "[event]\norganisation = refu\ngeneral = yes\n[en]\ntitle = X\n",
          "events/shift.ini: a general shift needs [hours]" },
        { "events/notitle.ini", "[event]\norganisation = refu\nstarts = 2026-12-12T14:00\nends = 2026-12-12T15:00\n",
          "events/notitle.ini: no title in the default language (en)" },
        { "organisations.ini", "[refu]\nen = Refu\n", "organisations.ini:2: [refu] is not [org.ID]" },
    };
    for (size_t i = 0; i < WK_ARRAY_LEN(bad); i++) {
        char src[PATH_BYTES], db[PATH_BYTES], report[FIXTURE_REPORT_BYTES], name[32];
        snprintf(name, sizeof name, "bad%zu", i);
        fixture_paths(name, src, db);
        fixture_put(src, "centre.ini", CENTRE);
        fixture_put(src, "categories.ini", CATEGORIES);
        fixture_put(src, "organisations.ini", ORGANISATIONS);
        fixture_put(src, bad[i].file, bad[i].text);
        CHECK(fixture_build(src, db, report) != 0);
        if (!strstr(report, bad[i].expect))
            test_fail(__FILE__, __LINE__, "case %zu: expected \"%s\" in:\n%s", i, bad[i].expect, report);
    }
}

/* A signed bundle whose roster or events were changed by someone holding a
 * publisher key is refused at open, naming the table. */
TEST(volunteers_a_hostile_bundle_is_refused_naming_the_table)
{
    static const struct { const char *sql, *expect; } hostile[] = {
        { "UPDATE volunteers SET salt = zeroblob(15) WHERE id = 427", "bundle table volunteers, row" },
        { "UPDATE volunteers SET name = zeroblob(300) WHERE id = 427", "name is not a blob" },
        { "CREATE TABLE l AS SELECT * FROM volunteers; DROP TABLE volunteers; ALTER TABLE l RENAME TO volunteers;"
          "UPDATE volunteers SET id = 0 WHERE id = 12", "bundle table volunteers" },
        { "UPDATE events SET ends = '2026-12-12T13:00' WHERE id = 'sorting'", "the event ends before it starts" },
        { "UPDATE events SET starts = 'soon' WHERE id = 'sorting'", "starts \"soon\" is not a local time" },
        { "UPDATE events SET margin_min = 100000 WHERE id = 'sorting'", "bundle table events, row" },
        { "UPDATE settings SET value = '999999999' WHERE key = 'volunteer_cost_kib'", "code cost is 999999999 KiB" },
        { "DROP TABLE event_hours", "some of the volunteering tables" },
        { "INSERT INTO event_hours VALUES ('sorting', 0, 60, 120)", "not the general shift" },
    };
    for (size_t i = 0; i < WK_ARRAY_LEN(hostile); i++) {
        char src[PATH_BYTES], db[PATH_BYTES], name[32], err[WK_ERR_MAX] = "";
        snprintf(name, sizeof name, "h%zu", i);
        fixture_paths(name, src, db);
        write_source(src);
        fixture_bundle(src, db);
        fixture_sql(db, hostile[i].sql);
        fixture_sign(db);
        struct content_keys keys = fixture_test_keys();
        struct content *c = NULL;
        CHECK(content_open(db, &keys, &c, err) != 0);
        if (!strstr(err, hostile[i].expect))
            test_fail(__FILE__, __LINE__, "case %zu: expected \"%s\" in \"%s\"", i, hostile[i].expect, err);
    }
}

static bool file_holds(const unsigned char *bytes, size_t n, const char *needle)
{
    return memmem(bytes, n, needle, strlen(needle)) != NULL;
}

/* The demo roster: each demo code opens its own entry, and neither code
 * (with or without its dash), nor its secret digits, nor a first name is
 * anywhere in the bundle's bytes. */
TEST(volunteers_the_demo_bundle_holds_no_code_and_no_name)
{
    char db[PATH_BYTES], err[WK_ERR_MAX], name[VOLUNTEER_NAME_MAX + 1];
    fixture_demo_version(1, "assets/demo/keys/test-publisher", db);
    struct content *c = open_bundle(db);
    CHECK_INT_EQ((long)content_volunteer_count(c), DEMO_VOLUNTEER_COUNT);
    size_t size, n;
    unsigned char *bytes = fixture_slurp(db, &size);
    for (size_t i = 0; i < DEMO_VOLUNTEER_COUNT; i++) {
        const struct demo_volunteer *d = &DEMO_VOLUNTEERS[i];
        uint32_t id = (uint32_t)atoi(d->code);
        CHECK_OK(volunteer_open(content_volunteer(c, id), d->code, content_volunteer_cost(c), name, err));
        CHECK_STR_EQ(name, d->name);
        char undashed[VOLUNTEER_CODE_MAX];
        snprintf(undashed, sizeof undashed, "%.4s%s", d->code, d->code + 5);
        CHECK(!file_holds(bytes, size, d->code));
        CHECK(!file_holds(bytes, size, undashed));
        CHECK(!file_holds(bytes, size, d->code + 5));
        CHECK(!file_holds(bytes, size, d->name));
    }
    free(bytes);
    const struct content_event *e = content_events(c, &n);
    CHECK_INT_EQ((long)n, 3);
    CHECK(e[0].general);
    content_close(c);
}

static content_local_min at(int y, int mo, int d, int h, int mi)
{
    return (content_local_min)content_day_from_ymd(y, mo, d) * 1440 + h * 60 + mi;
}

static int64_t utc_ms(int y, int mo, int d, int h, int mi)
{
    struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi };
    return (int64_t)timegm(&tm) * 1000;
}

TEST(volunteers_an_events_window_opens_a_margin_before_and_closes_a_margin_after)
{
    const struct content_event e = { .starts = at(2026, 12, 12, 14, 0), .ends = at(2026, 12, 12, 18, 0),
                                     .margin_min = 30 };
    content_local_min end = 0;
    CHECK(!content_event_open(&e, at(2026, 12, 12, 13, 29), &end));
    CHECK(content_event_open(&e, at(2026, 12, 12, 13, 30), &end));
    CHECK_INT_EQ((long)end, (long)at(2026, 12, 12, 18, 30));
    CHECK(content_event_open(&e, at(2026, 12, 12, 18, 30), &end));
    CHECK(!content_event_open(&e, at(2026, 12, 12, 18, 31), &end));
    /* The general shift: Monday 09:00-17:00 and Sunday 22:00-24:00, 15 min. */
    struct content_event g = { .general = true, .margin_min = 15 };
    g.week[0] = (struct content_day_hours){ { { 540, 1020 } }, 1 };
    g.week[6] = (struct content_day_hours){ { { 1320, 1440 } }, 1 };
    CHECK(!content_event_open(&g, at(2026, 12, 7, 8, 44), &end));          /* a Monday */
    CHECK(content_event_open(&g, at(2026, 12, 7, 8, 45), &end));
    CHECK_INT_EQ((long)end, (long)at(2026, 12, 7, 17, 15));
    CHECK(!content_event_open(&g, at(2026, 12, 8, 9, 0), &end));           /* a Tuesday */
    /* Sunday's late range and its margin reach into Monday. */
    CHECK(content_event_open(&g, at(2026, 12, 7, 0, 10), &end));
    CHECK_INT_EQ((long)end, (long)at(2026, 12, 7, 0, 15));
}

/* On 2026-03-29 Brussels goes from 02:00 to 03:00. A night event from
 * 01:00 to 04:00 local with 30 min of margin: open from 00:30 local
 * (23:30 UTC the day before) to 04:30 local, which is 02:30 UTC, not
 * 03:30 UTC as it would be on a day without the change. */
TEST(volunteers_an_events_window_follows_the_local_clock_the_day_it_changes)
{
    setenv("TZ", "Europe/Brussels", 1);
    tzset();
    const struct content_event e = { .starts = at(2026, 3, 29, 1, 0), .ends = at(2026, 3, 29, 4, 0),
                                     .margin_min = 30 };
    content_local_min end;
    CHECK(!content_event_open(&e, content_local_minute(utc_ms(2026, 3, 28, 23, 29)), &end));
    CHECK(content_event_open(&e, content_local_minute(utc_ms(2026, 3, 28, 23, 30)), &end));
    CHECK(content_event_open(&e, content_local_minute(utc_ms(2026, 3, 29, 1, 0)), &end)); /* 03:00 */
    CHECK(content_event_open(&e, content_local_minute(utc_ms(2026, 3, 29, 2, 30)), &end));
    CHECK(!content_event_open(&e, content_local_minute(utc_ms(2026, 3, 29, 2, 31)), &end));
    /* And in October, when 03:00 comes back to 02:00: a 14:00-18:00 event
     * is 13:00-17:00 UTC that day. */
    const struct content_event oct = { .starts = at(2026, 10, 25, 14, 0), .ends = at(2026, 10, 25, 18, 0) };
    CHECK(!content_event_open(&oct, content_local_minute(utc_ms(2026, 10, 25, 12, 59)), &end));
    CHECK(content_event_open(&oct, content_local_minute(utc_ms(2026, 10, 25, 13, 0)), &end));
    CHECK(content_event_open(&oct, content_local_minute(utc_ms(2026, 10, 25, 17, 0)), &end));
    CHECK(!content_event_open(&oct, content_local_minute(utc_ms(2026, 10, 25, 17, 1)), &end));
}
