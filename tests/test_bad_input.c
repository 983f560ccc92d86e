/* test_bad_input.c — hostile input at each surface the fuzzers of
 * tests/fuzz drive, one case per surface, each with the same five kinds:
 * too long, invalid UTF-8, an embedded NUL, deep nesting, huge numbers.
 * Each must get a clear message (or, for what a resident sees, a
 * replacement character) and lose nothing that was there before.
 * Elsewhere already: hostile bundle tables (test_content_strict.c), a
 * damaged catalog (test_i18n.c), bad flags and screens (shell/
 * cli_bad_input.sh), HTTP limits and malformed submissions over the wire
 * (shell/hub_api.sh), typing past a field's limit (test_keyboard.c). */
#include "test.h"
#include "fixture.h"
#include "../app/content/content.h"
#include "../app/kiosk/config.h"
#include "../app/text/text.h"
#include "../hub/hub.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

#define LONG_BYTES (100 * 1024)
#define DEEP 100000

/* A string of n copies of c; free() it. */
static char *repeat(char c, size_t n)
{
    char *s = malloc(n + 1);
    CHECK(s != NULL);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

/* --- HTTP requests: the hub's endpoints, on a real database ------------- */

struct hub_rig { struct hub_store *store; struct hub_kiosk kiosk; };

static void hub_rig_open(struct hub_rig *h)
{
    char db[FIXTURE_PATH_BYTES], token[HUB_TOKEN_CHARS + 1], err[WK_ERR_MAX] = "";
    snprintf(db, sizeof db, "%s/hub.db", test_tmpdir());
    CHECK_OK(hub_store_open(db, true, &h->store, err));
    CHECK_OK(hub_store_kiosk_add(h->store, "hall-1", wk_wall_ms(), token, err));
    CHECK_OK(hub_store_kiosk_by_token(h->store, token, &h->kiosk, err));
}

static int count_row(void *user, const struct hub_stored_submission *row)
{
    (void)row;
    ++*(int *)user;
    return 0;
}

static int submissions_of(struct hub_store *s)
{
    char err[WK_ERR_MAX];
    int n = 0;
    CHECK_OK(hub_store_submissions_each(s, NULL, count_row, &n, err));
    return n;
}

/* Posts body (size bytes) as a submission with key; the status, and the
 * answer's "error" must be a JSON string naming something. */
static unsigned post(struct hub_rig *h, const char *key, const char *body, size_t size)
{
    struct hub_reply r = { 0 };
    char *copy = malloc(size + 1);
    CHECK(copy != NULL);
    memcpy(copy, body, size);
    copy[size] = '\0';
    hub_api_submission(h->store, &h->kiosk, key, copy, size, &r);
    unsigned status = r.status;
    if (status >= 400) {
        cJSON *j = cJSON_Parse(r.json);
        CHECK(cJSON_IsString(cJSON_GetObjectItem(j, "error")));
        CHECK(strlen(cJSON_GetObjectItem(j, "error")->valuestring) > 5);
        cJSON_Delete(j);
    }
    hub_reply_free(&r);
    free(copy);
    return status;
}

static unsigned heartbeat(struct hub_rig *h, const char *body)
{
    struct hub_reply r = { 0 };
    char *copy = wk_strdup(body);
    hub_api_heartbeat(h->store, &h->kiosk, copy, strlen(copy), &r);
    unsigned status = r.status;
    hub_reply_free(&r);
    free(copy);
    return status;
}

#define UUID "2b0c4f6e-8a1d-4c3b-9e5f-7a6b8c9d0e1f"
#define PAYLOAD "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9Q"
#define SUBMISSION(uuid, kind, created) \
    "{\"uuid\": \"" uuid "\", \"kind\": \"" kind "\", \"ref\": \"K7Q-XM4\", \"created_at\": " created \
    ", \"payload\": \"" PAYLOAD "\"}"

TEST(hostile_submissions_and_heartbeats_get_400_and_nothing_is_stored)
{
    struct hub_rig h;
    hub_rig_open(&h);
    /* Too long: a kind of 100 KiB, a uuid of 100 KiB. */
    char *lots = repeat('a', LONG_BYTES), *body = malloc(2 * LONG_BYTES);
    CHECK(lots && body);
    snprintf(body, 2 * LONG_BYTES, SUBMISSION(UUID, "%s", "1767603600000"), lots);
    CHECK_INT_EQ(post(&h, UUID, body, strlen(body)), 400);
    snprintf(body, 2 * LONG_BYTES, SUBMISSION("%s", "signup", "1767603600000"), lots);
    CHECK_INT_EQ(post(&h, lots, body, strlen(body)), 400);
    /* Invalid UTF-8 in the kind and in the key. */
    static const char bad_utf8[] = SUBMISSION(UUID, "sign\xff\xc0\x80up", "1767603600000");
    CHECK_INT_EQ(post(&h, UUID, bad_utf8, sizeof bad_utf8 - 1), 400);
    static const char good[] = SUBMISSION(UUID, "signup", "1767603600000");
    CHECK_INT_EQ(post(&h, UUID "\xff", good, sizeof good - 1), 400);
    /* An embedded NUL: what follows it is not read as the end of JSON. */
    static const char nul[] = SUBMISSION(UUID, "signup", "1767603600000") "\0{\"x\": 1}";
    CHECK_INT_EQ(post(&h, UUID, nul, sizeof nul - 1), 400);
    /* Deep nesting: 100000 arrays, as the body and inside a field. */
    char *deep = malloc(2 * DEEP + 1);
    CHECK(deep != NULL);
    memset(deep, '[', DEEP);
    memset(deep + DEEP, ']', DEEP);
    deep[2 * DEEP] = '\0';
    CHECK_INT_EQ(post(&h, UUID, deep, strlen(deep)), 400);
    snprintf(body, 2 * LONG_BYTES, SUBMISSION(UUID, "signup", "%s"), deep);
    CHECK_INT_EQ(post(&h, UUID, body, strlen(body)), 400);
    /* Huge numbers: past 2^53 (2^53 + 1 reads as the double 2^53, which
     * is taken), past a double, negative, a fraction. */
    static const char *const huge[] = { "9007199254740994", "1e400", "-1", "1767603600000.5",
                                        "18446744073709551616", "NaN" };
    for (size_t i = 0; i < sizeof huge / sizeof *huge; i++) {
        snprintf(body, 2 * LONG_BYTES, SUBMISSION(UUID, "signup", "%s"), huge[i]);
        CHECK_INT_EQ(post(&h, UUID, body, strlen(body)), 400);
    }
    CHECK_INT_EQ(submissions_of(h.store), 0);
    /* The good one is still taken after all of that. */
    CHECK_INT_EQ(post(&h, UUID, good, sizeof good - 1), 201);
    CHECK_INT_EQ(submissions_of(h.store), 1);

    /* Heartbeats: the same five. */
    snprintf(body, 2 * LONG_BYTES, "{\"firmware\": \"%s\", \"content_version\": 1, \"queued\": 0, "
             "\"oldest_queued_age_s\": 0, \"last_error\": \"\", \"uptime_s\": 1}", lots);
    CHECK_INT_EQ(heartbeat(&h, body), 400);
    CHECK_INT_EQ(heartbeat(&h, "{\"firmware\": \"0.1\xff\", \"content_version\": 1, \"queued\": 0, "
                               "\"oldest_queued_age_s\": 0, \"last_error\": \"\", \"uptime_s\": 1}"), 400);
    CHECK_INT_EQ(heartbeat(&h, deep), 400);
    CHECK_INT_EQ(heartbeat(&h, "{\"firmware\": \"0.1.0\", \"content_version\": 1e400, \"queued\": 0, "
                               "\"oldest_queued_age_s\": 0, \"last_error\": \"\", \"uptime_s\": 1}"), 400);
    /* A last error of 100 KiB of invalid UTF-8 is kept, cut and printable (204). */
    char *junk = repeat('\xff', LONG_BYTES);
    snprintf(body, 2 * LONG_BYTES, "{\"firmware\": \"0.1.0\", \"content_version\": 1, \"queued\": 0, "
             "\"oldest_queued_age_s\": 0, \"last_error\": \"%s\", \"uptime_s\": 1}", junk);
    CHECK_INT_EQ(heartbeat(&h, body), 204);
    free(junk);
    free(deep);
    free(body);
    free(lots);
    hub_store_close(h.store);
}

/* --- the config file and the command line --------------------------------- */

/* config_load of argv, its message in err; stderr kept out of the log. */
static int load(char **argv, char err[WK_ERR_MAX])
{
    static struct config cfg;
    int argc = 0;
    while (argv[argc])
        argc++;
    return config_load(argc, argv, &cfg, err);
}

static int load_conf(const char *text, size_t size, char err[WK_ERR_MAX])
{
    char path[FIXTURE_PATH_BYTES];
    snprintf(path, sizeof path, "%s/welkom.conf", test_tmpdir());
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    CHECK(fwrite(text, 1, size, f) == size);
    CHECK(fclose(f) == 0);
    char *argv[] = { "welkom", "--config", path, NULL };
    return load(argv, err);
}

TEST(hostile_config_files_and_flags_are_refused_with_a_message)
{
    char err[WK_ERR_MAX] = "";
    char *lots = repeat('7', LONG_BYTES), *conf = malloc(LONG_BYTES + 64);
    CHECK(lots && conf);
    /* Too long: a line of 100 KiB; a flag of 100 KiB. */
    snprintf(conf, LONG_BYTES + 64, "[kiosk]\nidle_timeout = %s\n", lots);
    CHECK(load_conf(conf, strlen(conf), err) != 0);
    CHECK(strstr(err, "welkom.conf") && strstr(err, "line"));
    CHECK(strlen(err) < WK_ERR_MAX);
    char *flag[] = { "welkom", "--state-dir", lots, NULL };
    CHECK(load(flag, err) != 0);
    CHECK(strstr(err, "too long"));
    /* Huge numbers, in the file and as flags. */
    static const char huge[] = "[kiosk]\nidle_timeout = 99999999999999999999\n";
    CHECK(load_conf(huge, sizeof huge - 1, err) != 0);
    CHECK(strstr(err, "idle_timeout"));
    char *size_flag[] = { "welkom", "--size", "99999999999999999999x480", NULL };
    CHECK(load(size_flag, err) != 0);
    CHECK(strstr(err, "--size"));
    char *idle_flag[] = { "welkom", "--idle-timeout", "1e999", NULL };
    CHECK(load(idle_flag, err) != 0);
    char *rotate_flag[] = { "welkom", "--rotate", "-4294967206", NULL };
    CHECK(load(rotate_flag, err) != 0);
    /* Invalid UTF-8 and an embedded NUL in the file. */
    static const char utf8[] = "[kiosk]\nidle_timeout = 6\xff\xfe\n";
    CHECK(load_conf(utf8, sizeof utf8 - 1, err) != 0);
    CHECK(strstr(err, "idle_timeout"));
    static const char nul[] = "[kiosk]\nidle_timeout = 60\0 junk\n[nonsense]\nx = 1\n";
    CHECK(load_conf(nul, sizeof nul - 1, err) != 0);
    /* Deep nesting, as INI has it: a section name of brackets. */
    memset(conf, '[', LONG_BYTES);
    snprintf(conf + LONG_BYTES, 64, "\nidle_timeout = 60\n");
    CHECK(load_conf(conf, strlen(conf), err) != 0);
    /* A file that is fine after all of that is read. */
    static const char fine[] = "[kiosk]\nidle_timeout = 60\n";
    CHECK_OK(load_conf(fine, sizeof fine - 1, err));
    free(conf);
    free(lots);
}

/* --- the bundle's texts, down to the screen ------------------------------- */

/* The demo bundle, one text changed by sql, signed again; opened. */
static int open_changed(const char *sql, struct content **c, char err[WK_ERR_MAX])
{
    char src[FIXTURE_PATH_BYTES], db[FIXTURE_PATH_BYTES];
    snprintf(src, sizeof src, "%s/assets/demo", test_root());
    fixture_paths("changed", NULL, db);
    fixture_bundle(src, db);
    fixture_sql(db, sql);
    fixture_sign(db);
    struct content_keys keys = fixture_test_keys();
    return content_open(db, &keys, c, err);
}

TEST(hostile_bundle_texts_are_refused_or_shown_replaced)
{
    char err[WK_ERR_MAX] = "";
    struct content *c = NULL;
    /* Too long (past CONTENT_MAX_TEXT_BYTES), and an embedded NUL: refused, naming the table. */
    CHECK(open_changed("UPDATE texts SET value = printf('%.*c', 20000, 'x') WHERE rowid = 1", &c, err) != 0);
    CHECK(strstr(err, "texts"));
    CHECK(open_changed("UPDATE texts SET value = 'a' || char(0) || 'b' WHERE rowid = 1", &c, err) != 0);
    CHECK(strstr(err, "texts"));
    /* Huge numbers: a capacity past CONTENT_MAX_CAPACITY, past an int.
     * (A position may be any integer: it only orders.) */
    CHECK(open_changed("UPDATE activities SET capacity = 99999999999999 WHERE rowid = 1", &c, err) != 0);
    CHECK(strstr(err, "activities"));
    /* Invalid UTF-8 and deeply nested bidi embeddings: the bundle opens,
     * and the text engine shows replacement characters and stays inside
     * its box. */
    static const char sql[] = "UPDATE texts SET value = CAST(x'ff41c080eda080' AS TEXT) || "
                              "replace(printf('%.*c', 200, '.'), '.', char(0x202B)) || 'x' "
                              "WHERE lang = 'nl' AND field = 'title'";
    CHECK_OK(open_changed(sql, &c, err));
    size_t n;
    const struct content_service *s = content_services(c, &n);
    CHECK(n > 0 && s[0].title.value != NULL);
    char fonts[FIXTURE_PATH_BYTES];
    snprintf(fonts, sizeof fonts, "%s/fonts", test_root());
    struct text_ctx *text = NULL;
    CHECK_OK(text_open(&(struct text_config){ .fonts_dir = fonts }, &text, err));
    struct text_metrics m;
    CHECK_OK(text_measure(text, s[0].title.value, &(struct text_style){ .size = 24, .max_width = 300,
                                                                       .max_lines = 2 }, &m));
    CHECK(m.width <= 300 && m.lines <= 2 && m.lines >= 1);
    text_close(text);
    content_close(c);
}
