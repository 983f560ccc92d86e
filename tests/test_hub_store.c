/* test_hub_store.c — hub.db as welkom-hub and welkomctl use it, on real
 * files in the test's temp dir: enrolling gives a token that finds its
 * kiosk and is never stored as it is; names are not reused; a revoked
 * kiosk is known as revoked; a submission is stored once per uuid, and
 * another kiosk's uuid is a conflict; heartbeats replace each other;
 * status walks it all; four threads share one handle; and a file that is
 * not hub.db, or one from a newer hub, is refused. The sqlite3 shell reads
 * the files as a person would. */
#include "test.h"
#include "../hub/store.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>

#define PATH_BYTES 1024
#define PAYLOAD_BYTES 200
#define THREADS 4
#define THREAD_ROWS 40

static const char *db_path(char buf[PATH_BYTES])
{
    snprintf(buf, PATH_BYTES, "%s/hub.db", test_tmpdir());
    return buf;
}

static struct hub_store *open_ok(const char *path, bool create)
{
    struct hub_store *s = NULL;
    char err[WK_ERR_MAX] = "";
    int rc = hub_store_open(path, create, &s, err);
    if (rc)
        test_fail(__FILE__, __LINE__, "hub_store_open(%s) = %d: %s", path, rc, err);
    return s;
}

static void add_ok(struct hub_store *s, const char *name, char token[HUB_TOKEN_CHARS + 1])
{
    char err[WK_ERR_MAX] = "";
    int rc = hub_store_kiosk_add(s, name, hub_now_ms(), token, err);
    if (rc)
        test_fail(__FILE__, __LINE__, "kiosk_add(%s) = %d: %s", name, rc, err);
}

/* What the sqlite3 shell prints for query, as a number. */
static long long sql_number(const char *path, const char *query)
{
    char cmd[PATH_BYTES * 2];
    snprintf(cmd, sizeof cmd, "sqlite3 -init /dev/null '%s' \"%s\" 2>&1", path, query);
    FILE *p = popen(cmd, "r");
    CHECK(p);
    char line[256] = "";
    if (!fgets(line, sizeof line, p))
        line[0] = '\0';
    pclose(p);
    char *end;
    long long v = strtoll(line, &end, 10);
    if (end == line)
        test_fail(__FILE__, __LINE__, "%s: %s", query, line);
    return v;
}

static struct hub_submission a_submission(const char *uuid, unsigned char payload[PAYLOAD_BYTES])
{
    for (size_t i = 0; i < PAYLOAD_BYTES; i++)
        payload[i] = (unsigned char)(i * 7);
    return (struct hub_submission){ .uuid = uuid, .kind = "signup", .ref = "K7Q-XM4",
                                    .created_at_ms = 1767603600000, .payload = payload,
                                    .payload_size = PAYLOAD_BYTES };
}

TEST(hub_store_is_made_private_and_only_when_asked)
{
    char path[PATH_BYTES], err[WK_ERR_MAX];
    struct hub_store *s = NULL;
    CHECK_INT_EQ(hub_store_open(db_path(path), false, &s, err), WK_ENOTFOUND);
    CHECK(s == NULL);
    CHECK(strstr(err, "no hub database"));
    struct stat st;
    CHECK(stat(path, &st) != 0);
    s = open_ok(path, true);
    CHECK(stat(path, &st) == 0);
    CHECK_INT_EQ(st.st_mode & 0777, 0600);
    hub_store_close(s);
    CHECK_INT_EQ(sql_number(path, "SELECT count(*) FROM kiosks"), 0);
}

TEST(hub_store_token_finds_its_kiosk_and_only_its_hash_is_kept)
{
    char path[PATH_BYTES], err[WK_ERR_MAX], a[HUB_TOKEN_CHARS + 1], b[HUB_TOKEN_CHARS + 1];
    struct hub_store *s = open_ok(db_path(path), true);
    add_ok(s, "hall-1", a);
    add_ok(s, "hall-2", b);
    CHECK_INT_EQ(strlen(a), HUB_TOKEN_CHARS);
    CHECK(strcmp(a, b) != 0);
    CHECK(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == HUB_TOKEN_CHARS);
    struct hub_kiosk k;
    CHECK_OK(hub_store_kiosk_by_token(s, b, &k, err));
    CHECK_STR_EQ(k.name, "hall-2");
    CHECK(!k.revoked);
    /* one character off, too short, not base64url, empty */
    char wrong[HUB_TOKEN_CHARS + 1];
    memcpy(wrong, a, sizeof wrong);
    wrong[10] = wrong[10] == 'A' ? 'B' : 'A';
    CHECK_INT_EQ(hub_store_kiosk_by_token(s, wrong, &k, err), WK_ENOTFOUND);
    CHECK_INT_EQ(hub_store_kiosk_by_token(s, "abc", &k, err), WK_ENOTFOUND);
    wrong[10] = '+';
    CHECK_INT_EQ(hub_store_kiosk_by_token(s, wrong, &k, err), WK_ENOTFOUND);
    CHECK_INT_EQ(hub_store_kiosk_by_token(s, "", &k, err), WK_ENOTFOUND);
    hub_store_close(s);
    /* The file holds 32-byte hashes, never the token text. */
    char query[256];
    snprintf(query, sizeof query, "SELECT count(*) FROM kiosks WHERE instr(token_hash, CAST('%s' AS BLOB)) > 0"
             " OR length(token_hash) <> 32", a);
    CHECK_INT_EQ(sql_number(path, query), 0);
}

TEST(hub_store_names_are_checked_and_never_reused)
{
    char path[PATH_BYTES], err[WK_ERR_MAX], token[HUB_TOKEN_CHARS + 1];
    struct hub_store *s = open_ok(db_path(path), true);
    add_ok(s, "gent.hall_1-A", token);
    CHECK_INT_EQ(hub_store_kiosk_add(s, "gent.hall_1-A", 1, token, err), WK_EINVAL);
    CHECK(strstr(err, "gent.hall_1-A"));
    CHECK_INT_EQ(token[0], '\0');
    static const char *const bad[] = { "", "two words", "hall/1", "zaal\xc3\xa9",
        "a-name-that-is-much-too-long-for-a-kiosk-because-it-goes-on-and-on" };
    for (size_t i = 0; i < WK_ARRAY_LEN(bad); i++)
        CHECK_INT_EQ(hub_store_kiosk_add(s, bad[i], 1, token, err), WK_EINVAL);
    CHECK_OK(hub_store_kiosk_revoke(s, "gent.hall_1-A", 1000, err));
    CHECK_INT_EQ(hub_store_kiosk_add(s, "gent.hall_1-A", 2000, token, err), WK_EINVAL);
    hub_store_close(s);
    CHECK_INT_EQ(sql_number(path, "SELECT count(*) FROM kiosks"), 1);
}

TEST(hub_store_revoked_kiosk_is_known_as_revoked)
{
    char path[PATH_BYTES], err[WK_ERR_MAX], token[HUB_TOKEN_CHARS + 1];
    struct hub_store *s = open_ok(db_path(path), true);
    add_ok(s, "hall-1", token);
    CHECK_OK(hub_store_kiosk_revoke(s, "hall-1", 1000, err));
    CHECK_OK(hub_store_kiosk_revoke(s, "hall-1", 5000, err));      /* the first time stays */
    CHECK_INT_EQ(hub_store_kiosk_revoke(s, "hall-9", 1000, err), WK_ENOTFOUND);
    CHECK(strstr(err, "hall-9"));
    struct hub_kiosk k;
    CHECK_OK(hub_store_kiosk_by_token(s, token, &k, err));
    CHECK(k.revoked);
    hub_store_close(s);
    CHECK_INT_EQ(sql_number(path, "SELECT revoked_at FROM kiosks"), 1000);
}

TEST(hub_store_submission_is_stored_once_per_uuid)
{
    char path[PATH_BYTES], err[WK_ERR_MAX], t1[HUB_TOKEN_CHARS + 1], t2[HUB_TOKEN_CHARS + 1];
    unsigned char payload[PAYLOAD_BYTES];
    struct hub_store *s = open_ok(db_path(path), true);
    add_ok(s, "hall-1", t1);
    add_ok(s, "hall-2", t2);
    struct hub_kiosk k1, k2;
    CHECK_OK(hub_store_kiosk_by_token(s, t1, &k1, err));
    CHECK_OK(hub_store_kiosk_by_token(s, t2, &k2, err));
    struct hub_submission sub = a_submission("2b0c1f4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f", payload);
    enum hub_put_result r;
    CHECK_OK(hub_store_submission_put(s, k1.id, &sub, 1000, &r, err));
    CHECK_INT_EQ(r, HUB_PUT_NEW);
    CHECK_OK(hub_store_submission_put(s, k1.id, &sub, 2000, &r, err));
    CHECK_INT_EQ(r, HUB_PUT_ALREADY);
    CHECK_OK(hub_store_submission_put(s, k2.id, &sub, 3000, &r, err));
    CHECK_INT_EQ(r, HUB_PUT_CONFLICT);
    sub.payload_size = 0;
    CHECK_INT_EQ(hub_store_submission_put(s, k1.id, &sub, 3000, &r, err), WK_EINVAL);
    hub_store_close(s);
    CHECK_INT_EQ(sql_number(path, "SELECT count(*) FROM submissions"), 1);
    char query[256];
    snprintf(query, sizeof query, "SELECT kiosk_id * 1000000 + received_at FROM submissions");
    CHECK_INT_EQ(sql_number(path, query), k1.id * 1000000 + 1000);     /* the first is kept */
    CHECK_INT_EQ(sql_number(path, "SELECT length(payload) FROM submissions"), PAYLOAD_BYTES);
}

struct counts { int kiosks; long long submissions; struct hub_kiosk_status hall1; };

static int count_kiosk(void *user, const struct hub_kiosk_status *k)
{
    struct counts *c = user;
    c->kiosks++;
    c->submissions += k->submissions;
    if (!strcmp(k->name, "hall-1"))
        c->hall1 = *k;
    return 0;
}

TEST(hub_store_status_shows_the_last_heartbeat_and_the_counts)
{
    char path[PATH_BYTES], err[WK_ERR_MAX], token[HUB_TOKEN_CHARS + 1];
    unsigned char payload[PAYLOAD_BYTES];
    struct hub_store *s = open_ok(db_path(path), true);
    add_ok(s, "hall-1", token);
    add_ok(s, "hall-2", token);
    struct hub_kiosk k;
    CHECK_OK(hub_store_kiosk_by_token(s, token, &k, err));      /* hall-2 */
    struct hub_heartbeat hb = { .firmware = "0.1.0", .content_version = 7, .queued = 3,
                                .oldest_queued_age_s = 120, .last_error = "timeout", .uptime_s = 60 };
    struct counts c = { 0 };
    CHECK_OK(hub_store_heartbeat_put(s, k.id, &hb, 1000, err));
    hb.queued = 0;
    hb.last_error[0] = '\0';
    CHECK_OK(hub_store_heartbeat_put(s, k.id, &hb, 2000, err));
    const char *uuids[] = { "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002" };
    for (size_t i = 0; i < WK_ARRAY_LEN(uuids); i++) {
        struct hub_submission sub = a_submission(uuids[i], payload);
        enum hub_put_result r;
        CHECK_OK(hub_store_submission_put(s, k.id, &sub, 3000 + (int64_t)i, &r, err));
    }
    CHECK_OK(hub_store_status_each(s, count_kiosk, &c, err));
    CHECK_INT_EQ(c.kiosks, 2);
    CHECK_INT_EQ(c.submissions, 2);
    CHECK_INT_EQ(c.hall1.heartbeat_at_ms, 0);
    CHECK_INT_EQ(c.hall1.submissions, 0);
    hub_store_close(s);
    CHECK_INT_EQ(sql_number(path, "SELECT count(*) FROM heartbeats"), 1);
    CHECK_INT_EQ(sql_number(path, "SELECT queued * 10000 + received_at FROM heartbeats"), 2000);
    /* and what hall-2 shows, from a new handle */
    s = open_ok(path, false);
    struct counts again = { 0 };
    CHECK_OK(hub_store_status_each(s, count_kiosk, &again, err));
    CHECK_INT_EQ(again.submissions, 2);
    hub_store_close(s);
}

struct writer { struct hub_store *s; int64_t kiosk_id; int n; int failures; };

static void *write_rows(void *arg)
{
    struct writer *w = arg;
    unsigned char payload[PAYLOAD_BYTES];
    for (int i = 0; i < THREAD_ROWS; i++) {
        char uuid[64], err[WK_ERR_MAX];
        snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%06d%06d", w->n % 1000000, i % 1000000);
        struct hub_submission sub = a_submission(uuid, payload);
        enum hub_put_result r;
        if (hub_store_submission_put(w->s, w->kiosk_id, &sub, hub_now_ms(), &r, err) || r != HUB_PUT_NEW)
            w->failures++;
    }
    return NULL;
}

TEST(hub_store_one_handle_serves_several_threads)
{
    char path[PATH_BYTES], err[WK_ERR_MAX], token[HUB_TOKEN_CHARS + 1];
    struct hub_store *s = open_ok(db_path(path), true);
    add_ok(s, "hall-1", token);
    struct hub_kiosk k;
    CHECK_OK(hub_store_kiosk_by_token(s, token, &k, err));
    pthread_t threads[THREADS];
    struct writer writers[THREADS];
    for (int i = 0; i < THREADS; i++) {
        writers[i] = (struct writer){ s, k.id, i, 0 };
        CHECK(pthread_create(&threads[i], NULL, write_rows, &writers[i]) == 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        CHECK_INT_EQ(writers[i].failures, 0);
    }
    hub_store_close(s);
    CHECK_INT_EQ(sql_number(path, "SELECT count(*) FROM submissions"), THREADS * THREAD_ROWS);
}

TEST(hub_store_refuses_files_it_does_not_know)
{
    char path[PATH_BYTES], err[WK_ERR_MAX] = "";
    struct hub_store *s = NULL;
    db_path(path);
    FILE *f = fopen(path, "w");
    CHECK(f);
    fputs("this is not a database, but it is longer than a header would be..........................."
          "................................................................................", f);
    fclose(f);
    CHECK(hub_store_open(path, true, &s, err) != 0);
    CHECK(s == NULL);
    CHECK(strstr(err, "not a database") || strstr(err, "damaged"));
    remove(path);
    hub_store_close(open_ok(path, true));
    char cmd[PATH_BYTES + 64];
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'PRAGMA user_version = 99'", path);
    CHECK_INT_EQ(system(cmd), 0);
    CHECK_INT_EQ(hub_store_open(path, false, &s, err), WK_EUNSUPPORTED);
    CHECK(strstr(err, "newer"));
}
