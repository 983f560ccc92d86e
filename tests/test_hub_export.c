/* test_hub_export.c — `welkomctl submissions export` as staff use it, end
 * to end: the kiosk's own code (kiosk_submit) fills forms a resident could
 * have sent — Arabic, a comma, quotes, a line break, a phone number that
 * starts with "+", a message that starts with "=" — and seals them to the
 * demo hub key (assets/demo/keys/test-hub.pub); they are posted with curl
 * to the real welkom-hub on a loopback port, with the token the real
 * `welkomctl kiosk add` printed; then the real welkomctl exports them
 * with test-hub.key, and the CSV and JSON are compared byte for byte. A
 * payload sealed to another key and one that opens to no JSON are listed
 * with their error and make the exit code 1; the file is 0600 and
 * replaced whole; nothing personal reaches stderr or the hub's log.
 * And a CSV cell a spreadsheet would run as a formula, also behind white
 * space or a line break, is written as text. */
#include "test.h"
#include "fixture.h"
#include "hubproc.h"
#include "../app/kiosk/submit.h"
#include "../app/outbox/seal.h"
#include "../hub/store.h"
#include "../hub/export.h"

#include <signal.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PATH_BYTES 1024
#define CMD_BYTES 4096
#define ROWS 5
/* 2026-01-05 09:00 UTC, and the day of the activity signed up for. */
#define T0 1767603600000LL
#define ACTIVITY_DAY 20463          /* 2026-01-10 */

static struct hubproc hub;      /* tests/hubproc.h: killed with this process */

/* Runs a shell command; its exit status. */
static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
    char cmd[CMD_BYTES];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int status = system(cmd);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static char *slurp(const char *dir, const char *name)
{
    char path[PATH_BYTES];
    size_t size;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return (char *)fixture_slurp(path, &size);
}

/* --- what residents send ------------------------------------------------------ */

static struct content_option contact_options[] = { { .value = "phone" }, { .value = "centre" } };
static struct content_field signup_fields[] = {
    { .name = "name", .type = FIELD_TEXT, .show_if_field = -1 },
    { .name = "people", .type = FIELD_NUMBER, .show_if_field = -1 },
    { .name = "contact", .type = FIELD_CHOICE, .show_if_field = -1, .options = contact_options, .option_count = 2 },
    { .name = "phone", .type = FIELD_PHONE, .show_if_field = 2, .show_if_value = "phone" },
    { .name = "note", .type = FIELD_TEXT, .show_if_field = -1 },
    { .name = "first-time", .type = FIELD_YESNO, .show_if_field = -1 },
};
static struct content_field message_fields[] = {
    { .name = "message", .type = FIELD_TEXT, .show_if_field = -1 },
};
/* "kind" is also a column of the export's own: the answer is headed
 * answer.kind. */
static struct content_option buddy_options[] = { { .value = "walks" }, { .value = "language-cafe" } };
static struct content_field buddy_fields[] = {
    { .name = "name", .type = FIELD_TEXT, .show_if_field = -1 },
    { .name = "kind", .type = FIELD_CHOICE, .show_if_field = -1, .options = buddy_options, .option_count = 2 },
    { .name = "languages", .type = FIELD_LANGUAGES, .show_if_field = -1 },
    { .name = "when", .type = FIELD_AVAILABILITY, .show_if_field = -1 },
};
static const struct content_form signup_form = { .id = "signup", .kind = FORM_SIGNUP, .fields = signup_fields,
                                                 .field_count = WK_ARRAY_LEN(signup_fields) };
static const struct content_form message_form = { .id = "ask-staff", .kind = FORM_MESSAGE,
                                                  .fields = message_fields, .field_count = 1 };
static const struct content_form buddy_form = { .id = "buddy", .kind = FORM_BUDDY, .fields = buddy_fields,
                                                .field_count = WK_ARRAY_LEN(buddy_fields) };

static void submit(struct outbox *o, const struct content_form *f, const struct form_state *st,
                   const char *activity, const char *lang, const unsigned char *key, int64_t wall_ms)
{
    char ref[OUTBOX_REF_BYTES], err[WK_ERR_MAX] = "";
    struct submit_request r = { .form = f, .state = st, .activity_id = activity, .lang = lang, .hub_key = key,
                                .content_version = 7, .wall_ms = wall_ms };
    int rc = kiosk_submit(o, &r, ref, err);
    if (rc)
        test_fail(__FILE__, __LINE__, "kiosk_submit: %d %s", rc, err);
}

/* The five rows of the queue, in the order they were made: a sign-up, a
 * message, a buddy request, one sealed to another key, and one sealed to
 * the hub that holds no JSON. */
static void queue_submissions(struct outbox *o)
{
    char path[PATH_BYTES], err[WK_ERR_MAX] = "";
    unsigned char hub_key[crypto_box_PUBLICKEYBYTES], other_key[crypto_box_PUBLICKEYBYTES],
                  other_secret[crypto_box_SECRETKEYBYTES];
    snprintf(path, sizeof path, "%s/assets/demo/keys/test-hub.pub", test_root());
    CHECK_OK(content_key_file_read(path, hub_key, sizeof hub_key, err));
    crypto_box_keypair(other_key, other_secret);
    kiosk_submit_init();
    wk_log_set_level(WK_LOG_WARN);          /* "queued a signup, reference …" four times */
    struct form_state *st = calloc(1, sizeof *st);
    CHECK(st);
    st->day = ACTIVITY_DAY;
    snprintf(st->answers[0].text, FORM_TEXT_BYTES, "أمينة");
    st->answers[1].number = 3;
    st->answers[2].chosen = 1;                                  /* phone */
    snprintf(st->answers[3].text, FORM_TEXT_BYTES, "+32 470 12 34 56");
    snprintf(st->answers[4].text, FORM_TEXT_BYTES, "Late, after 18:00\nwith my \"little\" brother");
    st->answers[5].chosen = 1;                                  /* yes */
    submit(o, &signup_form, st, "football", "ar", hub_key, T0);

    memset(st, 0, sizeof *st);
    snprintf(st->answers[0].text, FORM_TEXT_BYTES, "=HYPERLINK(\"http://x.example\",\"ok\")");
    submit(o, &message_form, st, NULL, "fr", hub_key, T0 + 60000);

    memset(st, 0, sizeof *st);
    snprintf(st->answers[0].text, FORM_TEXT_BYTES, "Yusuf");
    st->answers[1].chosen = 2;                                  /* language-cafe */
    st->answers[2].chosen = 1u << 1 | 1u << 3;                  /* en, ar */
    st->answers[3].availability = 1u << 0 | 1u << (5 * 3 + 2);  /* Monday morning, Saturday evening */
    submit(o, &buddy_form, st, NULL, "en", hub_key, T0 + 120000);

    memset(st, 0, sizeof *st);
    snprintf(st->answers[0].text, FORM_TEXT_BYTES, "sealed to someone else");
    submit(o, &message_form, st, NULL, "nl", other_key, T0 + 180000);
    free(st);

    static const char junk[] = "this opens, but it is no submission";
    unsigned char *sealed = NULL;
    size_t sealed_size = 0;
    char uuid[OUTBOX_UUID_BYTES], ref[OUTBOX_REF_BYTES];
    CHECK_OK(outbox_new_ids(o, uuid, ref, err));
    CHECK_OK(outbox_seal(hub_key, (const unsigned char *)junk, strlen(junk), &sealed, &sealed_size, err));
    CHECK_OK(outbox_add(o, &(struct outbox_record){ uuid, ref, "volunteer", sealed, sealed_size, 0 },
                        NULL, T0 + 240000, err));
    free(sealed);
}

struct posted { char uuid[ROWS][OUTBOX_UUID_BYTES], ref[ROWS][OUTBOX_REF_BYTES]; int count; unsigned port;
                const char *token; };

/* Posts one queued row to the hub as the sync worker will: the protocol's
 * JSON, the kiosk's token, the uuid as Idempotency-Key. */
static int post_row(void *user, const struct outbox_row *row)
{
    struct posted *p = user;
    int code = hubproc_post_row(p->port, p->token, row);
    if (code != 201)
        test_fail(__FILE__, __LINE__, "posting %s got %d", row->uuid, code);
    CHECK(p->count < ROWS);
    memcpy(p->uuid[p->count], row->uuid, OUTBOX_UUID_BYTES);
    memcpy(p->ref[p->count], row->ref, OUTBOX_REF_BYTES);
    p->count++;
    usleep(5000);               /* each its own received_at: the export's order is theirs */
    return 0;
}

struct received { const struct posted *p; char at[ROWS][32]; int found; };

static int keep_received(void *user, const struct hub_stored_submission *row)
{
    struct received *r = user;
    for (int i = 0; i < r->p->count; i++)
        if (!strcmp(r->p->uuid[i], row->sub.uuid)) {
            time_t t = (time_t)(row->received_at_ms / 1000);
            strftime(r->at[i], sizeof r->at[i], "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
            r->found++;
        }
    return 0;
}

/* Enrols hall-1 with the real welkomctl, starts the hub, sends the five
 * submissions; fills p and the hub's received_at of each. */
static void five_submissions_at_the_hub(const char *db, struct posted *p, struct received *r)
{
    const char *t = test_tmpdir();
    char path[PATH_BYTES], err[WK_ERR_MAX] = "";
    CHECK_INT_EQ(run("%s/welkomctl kiosk add hall-1 --hub-db %s >%s/add.out", test_build_dir(), db, t), 0);
    char *out = slurp(t, "add.out");
    char *token = strstr(out, "token = ");
    CHECK(token);
    token += strlen("token = ");
    token[strcspn(token, "\n")] = '\0';
    static char token_copy[HUB_TOKEN_CHARS + 1];
    snprintf(token_copy, sizeof token_copy, "%s", token);
    free(out);
    hubproc_start(&hub, 0, NULL);
    CHECK_STR_EQ(hub.db, db);
    *p = (struct posted){ .port = hub.port, .token = token_copy };

    struct outbox *o = NULL;
    snprintf(path, sizeof path, "%s/state.db", t);
    CHECK_OK(outbox_open(path, &o, err));
    queue_submissions(o);
    CHECK_OK(outbox_list(o, post_row, p, err));
    outbox_close(o);
    CHECK_INT_EQ(p->count, ROWS);

    struct hub_store *s = NULL;
    CHECK_OK(hub_store_open(db, false, &s, err));
    *r = (struct received){ .p = p };
    CHECK_OK(hub_store_submissions_each(s, NULL, keep_received, r, err));
    hub_store_close(s);
    CHECK_INT_EQ(r->found, ROWS);
}

/* --- what staff get ------------------------------------------------------------ */

#define HEADER "\xef\xbb\xbf\"uuid\",\"kiosk\",\"kind\",\"ref\",\"created_at\",\"received_at\",\"error\",\"form\"," \
               "\"lang\",\"content_version\",\"activity\",\"day\",\"consent\",\"name\",\"people\",\"contact\"," \
               "\"phone\",\"note\",\"first-time\",\"message\",\"answer.kind\",\"languages\",\"when\"\r\n"

static void expected_csv(const struct posted *p, const struct received *r, char *out, size_t size)
{
    snprintf(out, size, HEADER
        "\"%s\",\"hall-1\",\"signup\",\"%s\",\"2026-01-05T09:00:00Z\",\"%s\",\"\",\"signup\",\"ar\",\"7\","
        "\"football\",\"2026-01-10\",\"yes\",\"أمينة\",\"3\",\"phone\",\"'+32 470 12 34 56\","
        "\"Late, after 18:00\nwith my \"\"little\"\" brother\",\"yes\",\"\",\"\",\"\",\"\"\r\n"
        "\"%s\",\"hall-1\",\"message\",\"%s\",\"2026-01-05T09:01:00Z\",\"%s\",\"\",\"ask-staff\",\"fr\",\"7\","
        "\"\",\"\",\"yes\",\"\",\"\",\"\",\"\",\"\",\"\",\"'=HYPERLINK(\"\"http://x.example\"\",\"\"ok\"\")\","
        "\"\",\"\",\"\"\r\n"
        "\"%s\",\"hall-1\",\"buddy\",\"%s\",\"2026-01-05T09:02:00Z\",\"%s\",\"\",\"buddy\",\"en\",\"7\","
        "\"\",\"\",\"yes\",\"Yusuf\",\"\",\"\",\"\",\"\",\"\",\"\",\"language-cafe\",\"en; ar\","
        "\"mon-morning; sat-evening\"\r\n"
        "\"%s\",\"hall-1\",\"message\",\"%s\",\"2026-01-05T09:03:00Z\",\"%s\",\"it does not open with this key\","
        "\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\"\r\n"
        "\"%s\",\"hall-1\",\"volunteer\",\"%s\",\"2026-01-05T09:04:00Z\",\"%s\",\"it opened, but to no JSON object\","
        "\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\"\r\n",
        p->uuid[0], p->ref[0], r->at[0], p->uuid[1], p->ref[1], r->at[1], p->uuid[2], p->ref[2], r->at[2],
        p->uuid[3], p->ref[3], r->at[3], p->uuid[4], p->ref[4], r->at[4]);
}

static void expected_json(const struct posted *p, const struct received *r, char *out, size_t size)
{
    snprintf(out, size, "[\n"
        "  {\"uuid\":\"%s\",\"kiosk\":\"hall-1\",\"kind\":\"signup\",\"ref\":\"%s\","
        "\"created_at\":\"2026-01-05T09:00:00Z\",\"received_at\":\"%s\",\"form\":\"signup\",\"lang\":\"ar\","
        "\"content_version\":7,\"activity\":\"football\",\"day\":\"2026-01-10\",\"answers\":{\"name\":\"أمينة\","
        "\"people\":3,\"contact\":\"phone\",\"phone\":\"+32 470 12 34 56\","
        "\"note\":\"Late, after 18:00\\nwith my \\\"little\\\" brother\",\"first-time\":true},\"consent\":true},\n"
        "  {\"uuid\":\"%s\",\"kiosk\":\"hall-1\",\"kind\":\"message\",\"ref\":\"%s\","
        "\"created_at\":\"2026-01-05T09:01:00Z\",\"received_at\":\"%s\",\"form\":\"ask-staff\",\"lang\":\"fr\","
        "\"content_version\":7,\"answers\":{\"message\":\"=HYPERLINK(\\\"http://x.example\\\",\\\"ok\\\")\"},"
        "\"consent\":true},\n"
        "  {\"uuid\":\"%s\",\"kiosk\":\"hall-1\",\"kind\":\"buddy\",\"ref\":\"%s\","
        "\"created_at\":\"2026-01-05T09:02:00Z\",\"received_at\":\"%s\",\"form\":\"buddy\",\"lang\":\"en\","
        "\"content_version\":7,\"answers\":{\"name\":\"Yusuf\",\"kind\":\"language-cafe\","
        "\"languages\":[\"en\",\"ar\"],\"when\":[\"mon-morning\",\"sat-evening\"]},\"consent\":true},\n"
        "  {\"uuid\":\"%s\",\"kiosk\":\"hall-1\",\"kind\":\"message\",\"ref\":\"%s\","
        "\"created_at\":\"2026-01-05T09:03:00Z\",\"received_at\":\"%s\",\"error\":\"it does not open with this key\"},\n"
        "  {\"uuid\":\"%s\",\"kiosk\":\"hall-1\",\"kind\":\"volunteer\",\"ref\":\"%s\","
        "\"created_at\":\"2026-01-05T09:04:00Z\",\"received_at\":\"%s\",\"error\":\"it opened, but to no JSON object\"}\n"
        "]\n",
        p->uuid[0], p->ref[0], r->at[0], p->uuid[1], p->ref[1], r->at[1], p->uuid[2], p->ref[2], r->at[2],
        p->uuid[3], p->ref[3], r->at[3], p->uuid[4], p->ref[4], r->at[4]);
}

static void check_same(const char *what, const char *got, const char *want)
{
    if (strcmp(got, want)) {
        size_t i = 0;
        while (got[i] && got[i] == want[i])
            i++;
        test_fail(__FILE__, __LINE__, "%s differs at byte %zu:\n--- got\n%s\n--- want\n%s", what, i, got + i,
                  want + i);
    }
}

static int file_mode(const char *dir, const char *name)
{
    char path[PATH_BYTES];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

TEST(hub_export_opens_what_residents_sent_as_csv_and_json)
{
    test_time_limit(200);
    const char *t = test_tmpdir(), *b = test_build_dir();
    char db[PATH_BYTES], key[PATH_BYTES];
    snprintf(db, sizeof db, "%s/hub.db", t);
    snprintf(key, sizeof key, "%s/assets/demo/keys/test-hub.key", test_root());
    static struct posted p;
    static struct received r;
    five_submissions_at_the_hub(db, &p, &r);
    static char want[16384];

    /* CSV to a file that was there before, world-readable: replaced by a
     * 0600 file, exit 1 for the two rows that did not open, and no temp
     * file left behind. */
    CHECK_INT_EQ(run("echo old >%s/subs.csv && chmod 644 %s/subs.csv", t, t), 0);
    CHECK_INT_EQ(run("%s/welkomctl submissions export --key %s --hub-db %s -o %s/subs.csv >%s/out 2>%s/err",
                     b, key, db, t, t, t), 1);
    char *csv = slurp(t, "subs.csv"), *err = slurp(t, "err"), *out = slurp(t, "out");
    expected_csv(&p, &r, want, sizeof want);
    check_same("the CSV", csv, want);
    CHECK_INT_EQ(file_mode(t, "subs.csv"), 0600);
    CHECK_INT_EQ(run("test $(ls %s | grep -c '^subs.csv') = 1", t), 0);
    CHECK(strstr(err, "1 submission could not be opened: is --key the hub's secret key?\n"));
    CHECK(strstr(err, "1 submission opened but is not what this welkomctl reads"));
    CHECK(strstr(out, "wrote 5 submissions to"));
    CHECK(!strstr(err, "أمينة") && !strstr(err, "HYPERLINK") && !strstr(out, "أمينة"));
    free(csv);
    free(err);
    free(out);

    /* The same to stdout, as JSON. */
    CHECK_INT_EQ(run("%s/welkomctl submissions export --key %s --hub-db %s --format json >%s/subs.json 2>%s/err",
                     b, key, db, t, t), 1);
    char *json = slurp(t, "subs.json");
    expected_json(&p, &r, want, sizeof want);
    check_same("the JSON", json, want);
    free(json);
    CHECK_INT_EQ(run("python3 -c 'import json,sys; d=json.load(open(sys.argv[1], encoding=\"utf-8\"));"
                     " assert len(d) == 5 and d[0][\"answers\"][\"name\"] == \"\\u0623\\u0645\\u064a\\u0646\\u0629\"'"
                     " %s/subs.json", t), 0);
    CHECK_INT_EQ(run("python3 -c 'import csv,sys; rows=list(csv.reader(open(sys.argv[1], encoding=\"utf-8-sig\","
                     " newline=\"\"))); assert len(rows) == 6 and rows[1][17] == \"Late, after 18:00\\nwith my"
                     " \\\"little\\\" brother\", rows[1]'"
                     " %s/subs.csv", t), 0);

    /* Only what opens: exit 0. --kind and --since (received on or after,
     * UTC) choose rows. */
    CHECK_INT_EQ(run("%s/welkomctl submissions export --key %s --hub-db %s --kind buddy --format json"
                     " >%s/buddy.json 2>%s/err", b, key, db, t, t), 0);
    json = slurp(t, "buddy.json");
    err = slurp(t, "err");
    CHECK(strstr(json, p.uuid[2]) && !strstr(json, p.uuid[0]) && !strstr(json, p.uuid[1]));
    CHECK_STR_EQ(err, "");
    free(json);
    free(err);
    CHECK_INT_EQ(run("%s/welkomctl submissions export --key %s --hub-db %s --since 2999-01-01 >%s/none.csv",
                     b, key, db, t), 0);
    csv = slurp(t, "none.csv");
    CHECK_STR_EQ(csv, "\xef\xbb\xbf\"uuid\",\"kiosk\",\"kind\",\"ref\",\"created_at\",\"received_at\",\"error\","
                      "\"form\",\"lang\",\"content_version\",\"activity\",\"day\",\"consent\"\r\n");
    free(csv);
    CHECK_INT_EQ(run("%s/welkomctl submissions export --key %s --hub-db %s --since 2000-01-01 --kind signup"
                     " >%s/signup.csv 2>/dev/null", b, key, db, t), 0);

    /* Another key opens nothing: every row listed with its error. A public
     * key, a bad day or kind, a missing database: refused, saying why. */
    CHECK_INT_EQ(run("%s/welkomctl keygen %s/other --box >/dev/null", b, t), 0);
    CHECK_INT_EQ(run("%s/welkomctl submissions export --key %s/other.key --hub-db %s --format json >%s/x.json"
                     " 2>%s/err", b, t, db, t, t), 1);
    err = slurp(t, "err");
    json = slurp(t, "x.json");
    CHECK(strstr(err, "5 submissions could not be opened: is --key the hub's secret key?"));
    CHECK(!strstr(json, "answers") && !strstr(json, "أمينة"));
    free(err);
    free(json);
    CHECK_INT_EQ(run("%s/welkomctl submissions export --key %s/assets/demo/keys/test-hub.pub --hub-db %s"
                     " >/dev/null 2>%s/err", b, test_root(), db, t), 1);
    err = slurp(t, "err");
    CHECK(strstr(err, "is a public key"));
    free(err);
    CHECK_INT_EQ(run("%s/welkomctl submissions export --key %s --hub-db %s --since 2026-02-30 2>/dev/null",
                     b, key, db), 1);
    CHECK_INT_EQ(run("%s/welkomctl submissions export --key %s --hub-db %s --kind party 2>/dev/null", b, key, db), 1);
    CHECK_INT_EQ(run("%s/welkomctl submissions export --key %s --hub-db %s/none.db 2>/dev/null", b, key, t), 1);
    CHECK_INT_EQ(file_mode(t, "none.db"), -1);
    CHECK_INT_EQ(run("%s/welkomctl submissions export --hub-db %s 2>/dev/null", b, db), 1);    /* no --key */

    /* Nothing a resident typed is in what the hub logged. */
    hubproc_stop(&hub, SIGTERM);
    CHECK_INT_EQ(run("grep -q -e 'أمينة' -e Yusuf -e HYPERLINK -e 470 -e little %s/hub.log", t), 1);
}

/* --- cells a spreadsheet would run ----------------------------------------------- */

/* One message answered text, as the export writes it: a record with the
 * opened JSON a kiosk seals. */
static void add_message(struct export_writer *w, int n, const char *text)
{
    char uuid[OUTBOX_UUID_BYTES];
    snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", n);
    cJSON *json = cJSON_CreateObject(), *answers = cJSON_CreateObject();
    CHECK(json && answers);
    cJSON_AddNumberToObject(json, "format", 1);
    cJSON_AddStringToObject(json, "form", "ask-staff");
    cJSON_AddStringToObject(json, "uuid", uuid);
    cJSON_AddStringToObject(answers, "message", text);
    cJSON_AddItemToObject(json, "answers", answers);
    char *plain = cJSON_PrintUnformatted(json);
    CHECK(plain);
    struct export_record r = { .uuid = strdup(uuid), .kiosk = strdup("hall-1"), .kind = strdup("message"),
                               .ref = strdup("K7Q-XM4"), .created_at_ms = T0, .received_at_ms = T0,
                               .plain = plain, .plain_size = strlen(plain) + 1 };
    CHECK_OK(export_add(w, &r, json));
    export_record_free(&r);
    cJSON_Delete(json);
}

/* A resident's answer that a spreadsheet would take for a formula (=, +,
 * -, @) is written as text, with an apostrophe in front, also when white
 * space or a line break comes before the sign: Excel and LibreOffice skip
 * those and run " =1+1" all the same. Other text is written as it is. */
TEST(hub_export_csv_writes_formulas_as_text_also_after_white_space)
{
    static const struct { const char *typed, *cell; } cases[] = {
        { "=1+1", "'=1+1" },
        { " =1+1", "' =1+1" },
        { "\n=2+2", "'\n=2+2" },
        { "\r\n\t @SUM(A1:A9)", "'\r\n\t @SUM(A1:A9)" },
        { "   -3+4", "'   -3+4" },
        { "\v\f+32 470 12 34 56", "'\v\f+32 470 12 34 56" },
        { "  hello = world", "  hello = world" },
        { "a=b", "a=b" },
        { "   ", "   " },
    };
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    CHECK(out);
    struct export_writer w = { .format = EXPORT_CSV, .out = out };
    export_begin(&w);
    for (size_t i = 0; i < WK_ARRAY_LEN(cases); i++)
        add_message(&w, (int)i, cases[i].typed);
    export_end(&w);
    CHECK(!w.failed);
    export_writer_free(&w);
    fclose(out);

    static char want[8192];
    size_t n = (size_t)snprintf(want, sizeof want, "\xef\xbb\xbf\"uuid\",\"kiosk\",\"kind\",\"ref\",\"created_at\","
                                "\"received_at\",\"error\",\"form\",\"lang\",\"content_version\",\"activity\",\"day\","
                                "\"consent\",\"message\"\r\n");
    for (size_t i = 0; i < WK_ARRAY_LEN(cases); i++)
        n += (size_t)snprintf(want + n, sizeof want - n, "\"00000000-0000-4000-8000-%012zu\",\"hall-1\",\"message\","
                              "\"K7Q-XM4\",\"2026-01-05T09:00:00Z\",\"2026-01-05T09:00:00Z\",\"\",\"ask-staff\",\"\","
                              "\"\",\"\",\"\",\"\",\"%s\"\r\n", i, cases[i].cell);
    CHECK(n < sizeof want);
    check_same("the CSV", text, want);
    free(text);
}
