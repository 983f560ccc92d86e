/* test_hub_store.c — hub.db as welkom-hub and welkomctl use it, on real
 * files in the test's temp dir: enrolling gives a token that finds its
 * kiosk and is never stored as it is; names are not reused; a revoked
 * kiosk is known as revoked; a submission is stored once per uuid, and
 * another kiosk's uuid is a conflict; heartbeats replace each other;
 * status walks it all; submissions are walked oldest first with their
 * kiosk, by time and kind; four threads share one handle; a published bundle
 * is copied byte for byte beside hub.db, only if newer than the last and
 * whole, and kept across reopening, also by a hub.db from before bundles;
 * and a file that is not hub.db, or one from a newer hub, is refused. The sqlite3 shell reads
 * the files as a person would. */
#include "test.h"
#include "fixture.h"
#include "../hub/store.h"
#include "../app/core/ids.h"
#include "../hub/hub.h"

#include <dirent.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <sys/stat.h>

#define PATH_BYTES 1024
#define PAYLOAD_BYTES 200
#define THREADS 4
#define THREAD_ROWS 40
#define UUIDS_DRAWN 10000

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
    int rc = hub_store_kiosk_add(s, name, wk_wall_ms(), token, err);
    if (rc)
        test_fail(__FILE__, __LINE__, "kiosk_add(%s) = %d: %s", name, rc, err);
}

/* hall-1 and hall-2, enrolled in s, as their tokens find them. */
static void add_two_kiosks(struct hub_store *s, struct hub_kiosk *k1, struct hub_kiosk *k2)
{
    char err[WK_ERR_MAX] = "", t1[HUB_TOKEN_CHARS + 1], t2[HUB_TOKEN_CHARS + 1];
    add_ok(s, "hall-1", t1);
    add_ok(s, "hall-2", t2);
    CHECK_OK(hub_store_kiosk_by_token(s, t1, k1, err));
    CHECK_OK(hub_store_kiosk_by_token(s, t2, k2, err));
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
    char path[PATH_BYTES], err[WK_ERR_MAX];
    unsigned char payload[PAYLOAD_BYTES];
    struct hub_store *s = open_ok(db_path(path), true);
    struct hub_kiosk k1, k2;
    add_two_kiosks(s, &k1, &k2);
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
        if (hub_store_submission_put(w->s, w->kiosk_id, &sub, wk_wall_ms(), &r, err) || r != HUB_PUT_NEW)
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

/* hub.db in a directory the hub may not write: SQLite cannot make the
 * -shm its log needs, and staff read that in words, not SQLite's
 * "unable to open database file". */
TEST(hub_store_says_when_it_may_not_write_its_directory)
{
    char dir[PATH_BYTES], path[PATH_BYTES + 16], err[WK_ERR_MAX] = "";
    fixture_as_unprivileged_user();
    snprintf(dir, sizeof dir, "%s/ro", test_tmpdir());
    snprintf(path, sizeof path, "%s/hub.db", dir);
    CHECK(mkdir(dir, 0755) == 0);
    hub_store_close(open_ok(path, true));
    CHECK(chmod(dir, 0555) == 0);
    struct hub_store *s = NULL;
    CHECK_INT_EQ(hub_store_open(path, false, &s, err), WK_EIO);
    CHECK(s == NULL);
    if (!strstr(err, "the hub database cannot be written"))
        test_fail(__FILE__, __LINE__, "message: %s", err);
    CHECK(chmod(dir, 0755) == 0);
}

struct walked { int rows; char order[8][64]; int64_t received[8]; bool payload_ok; int stop_after; };

static int keep_row(void *user, const struct hub_stored_submission *row)
{
    struct walked *w = user;
    unsigned char expected[PAYLOAD_BYTES];
    a_submission(row->sub.uuid, expected);
    if (w->rows < 8) {
        snprintf(w->order[w->rows], sizeof w->order[0], "%s %s %s %s %lld", row->kiosk, row->sub.kind,
                 row->sub.ref, row->sub.uuid + 24, (long long)row->sub.created_at_ms);
        w->received[w->rows] = row->received_at_ms;
    }
    if (row->sub.payload_size != PAYLOAD_BYTES || memcmp(row->sub.payload, expected, PAYLOAD_BYTES))
        w->payload_ok = false;
    w->rows++;
    return w->stop_after && w->rows == w->stop_after ? 42 : 0;
}

TEST(hub_store_submissions_are_walked_oldest_first_with_their_kiosk)
{
    char path[PATH_BYTES], err[WK_ERR_MAX];
    unsigned char payload[PAYLOAD_BYTES];
    struct hub_store *s = open_ok(db_path(path), true);
    struct hub_kiosk k1, k2;
    add_two_kiosks(s, &k1, &k2);
    /* Stored out of order of arrival: the walk goes by received_at, then
     * uuid for two at the same millisecond. */
    static const struct { const char *uuid, *kind; int kiosk; int64_t received; } rows[] = {
        { "00000000-0000-4000-8000-000000000003", "message", 1, 3000 },
        { "00000000-0000-4000-8000-000000000002", "signup", 2, 1000 },
        { "00000000-0000-4000-8000-000000000001", "signup", 1, 2000 },
        { "00000000-0000-4000-8000-000000000000", "buddy", 2, 2000 },
    };
    for (size_t i = 0; i < WK_ARRAY_LEN(rows); i++) {
        struct hub_submission sub = a_submission(rows[i].uuid, payload);
        sub.kind = rows[i].kind;
        sub.created_at_ms = 100 + (int64_t)i;
        enum hub_put_result r;
        CHECK_OK(hub_store_submission_put(s, rows[i].kiosk == 1 ? k1.id : k2.id, &sub, rows[i].received, &r, err));
    }
    struct walked w = { .payload_ok = true };
    CHECK_OK(hub_store_submissions_each(s, NULL, keep_row, &w, err));
    CHECK_INT_EQ(w.rows, 4);
    CHECK(w.payload_ok);
    CHECK_STR_EQ(w.order[0], "hall-2 signup K7Q-XM4 000000000002 101");
    CHECK_STR_EQ(w.order[1], "hall-2 buddy K7Q-XM4 000000000000 103");
    CHECK_STR_EQ(w.order[2], "hall-1 signup K7Q-XM4 000000000001 102");
    CHECK_STR_EQ(w.order[3], "hall-1 message K7Q-XM4 000000000003 100");
    CHECK_INT_EQ(w.received[0], 1000);
    CHECK_INT_EQ(w.received[3], 3000);
    /* since (inclusive) and kind */
    w = (struct walked){ .payload_ok = true };
    CHECK_OK(hub_store_submissions_each(s, &(struct hub_submission_filter){ .since_ms = 2000 }, keep_row, &w, err));
    CHECK_INT_EQ(w.rows, 3);
    CHECK_STR_EQ(w.order[0], "hall-2 buddy K7Q-XM4 000000000000 103");
    w = (struct walked){ .payload_ok = true };
    CHECK_OK(hub_store_submissions_each(s, &(struct hub_submission_filter){ .kind = "signup" }, keep_row, &w, err));
    CHECK_INT_EQ(w.rows, 2);
    CHECK_STR_EQ(w.order[1], "hall-1 signup K7Q-XM4 000000000001 102");
    w = (struct walked){ .payload_ok = true };
    CHECK_OK(hub_store_submissions_each(s, &(struct hub_submission_filter){ .since_ms = 2001, .kind = "signup" },
                                        keep_row, &w, err));
    CHECK_INT_EQ(w.rows, 0);
    /* a non-zero return stops the walk and is passed on; the store is
     * usable after */
    w = (struct walked){ .payload_ok = true, .stop_after = 2 };
    CHECK_INT_EQ(hub_store_submissions_each(s, NULL, keep_row, &w, err), 42);
    CHECK_INT_EQ(w.rows, 2);
    w = (struct walked){ .payload_ok = true };
    CHECK_OK(hub_store_submissions_each(s, NULL, keep_row, &w, err));
    CHECK_INT_EQ(w.rows, 4);
    hub_store_close(s);
}

/* --- published bundles ------------------------------------------------------ */

#define BUNDLE_BYTES (300 * 1024)       /* more than one piece of the copy */
#define SIG_BYTES 244

/* A file of size bytes that depend on seed, so two versions differ. */
static void write_bytes(const char *path, size_t size, unsigned seed)
{
    FILE *f = fopen(path, "wb");
    CHECK(f);
    for (size_t i = 0; i < size; i++)
        fputc((int)((i * 31 + seed * 7 + i / 4096) & 0xff), f);
    CHECK(fclose(f) == 0);
}

/* The whole file, malloc'ed; its size in *size. */
static unsigned char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        test_fail(__FILE__, __LINE__, "cannot read %s", path);
    unsigned char *bytes = malloc(BUNDLE_BYTES * 2);
    CHECK(bytes);
    *size = fread(bytes, 1, BUNDLE_BYTES * 2, f);
    fclose(f);
    return bytes;
}

static bool same_file(const char *a, const char *b)
{
    size_t na, nb;
    unsigned char *x = slurp(a, &na), *y = slurp(b, &nb);
    bool same = na == nb && memcmp(x, y, na) == 0;
    free(x);
    free(y);
    return same;
}

static void sha256_hex(const char *path, char hex[HUB_SHA256_HEX + 1])
{
    size_t n;
    unsigned char *bytes = slurp(path, &n), hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, bytes, n);
    sodium_bin2hex(hex, HUB_SHA256_HEX + 1, hash, sizeof hash);
    free(bytes);
}

/* TMP/src-NAME.db and its .sig, made of seed. */
static void a_bundle(const char *name, unsigned seed, char db[PATH_BYTES], char sig[PATH_BYTES])
{
    snprintf(db, PATH_BYTES, "%s/src-%s.db", test_tmpdir(), name);
    snprintf(sig, PATH_BYTES, "%s/src-%s.db.sig", test_tmpdir(), name);
    write_bytes(db, BUNDLE_BYTES + seed, seed);
    write_bytes(sig, SIG_BYTES, seed + 1);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* The names in TMP/bundles, sorted, joined by spaces. */
static const char *bundle_files(char out[PATH_BYTES])
{
    char dir[PATH_BYTES], names[16][64];
    int n = 0;
    snprintf(dir, sizeof dir, "%s/bundles", test_tmpdir());
    out[0] = '\0';
    DIR *d = opendir(dir);
    if (!d)
        return out;
    for (struct dirent *e; (e = readdir(d)) && n < 16;)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            snprintf(names[n++], sizeof names[0], "%.63s", e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], by_name);
    for (int i = 0; i < n; i++)
        snprintf(out + strlen(out), PATH_BYTES - strlen(out), "%s%s", i ? " " : "", names[i]);
    return out;
}

static void publish_ok(struct hub_store *s, int64_t version, const char *db, const char *sig, int64_t now_ms)
{
    char err[WK_ERR_MAX] = "", hex[HUB_SHA256_HEX + 1];
    sha256_hex(db, hex);
    int rc = hub_store_bundle_publish(s, version, db, sig, hex, now_ms, err);
    if (rc)
        test_fail(__FILE__, __LINE__, "bundle_publish(%lld) = %d: %s", (long long)version, rc, err);
}

TEST(hub_store_bundle_is_copied_beside_the_database_and_recorded)
{
    char path[PATH_BYTES], err[WK_ERR_MAX], db[PATH_BYTES], sig[PATH_BYTES], hex[HUB_SHA256_HEX + 1];
    char want[PATH_BYTES], files[PATH_BYTES];
    struct hub_store *s = open_ok(db_path(path), true);
    struct hub_bundle b;
    CHECK_INT_EQ(hub_store_bundle_latest(s, &b, err), WK_ENOTFOUND);
    CHECK_STR_EQ(err, "no bundle is published");
    a_bundle("v8", 8, db, sig);
    publish_ok(s, 8, db, sig, 1767603600000);

    CHECK_OK(hub_store_bundle_latest(s, &b, err));
    CHECK_INT_EQ(b.version, 8);
    CHECK_INT_EQ(b.size, BUNDLE_BYTES + 8);
    CHECK_INT_EQ(b.sig_size, SIG_BYTES);
    CHECK_INT_EQ(b.published_at_ms, 1767603600000);
    sha256_hex(db, hex);
    CHECK_STR_EQ(b.sha256, hex);
    CHECK_INT_EQ(strspn(b.sha256, "0123456789abcdef"), HUB_SHA256_HEX);
    snprintf(want, sizeof want, "%s/bundles/8.db", test_tmpdir());
    CHECK_STR_EQ(b.path, want);
    snprintf(want, sizeof want, "%s/bundles/8.db.sig", test_tmpdir());
    CHECK_STR_EQ(b.sig_path, want);
    CHECK(same_file(b.path, db));
    CHECK(same_file(b.sig_path, sig));
    struct stat st;
    CHECK(stat(b.path, &st) == 0);
    CHECK_INT_EQ(st.st_mode & 0777, 0644);
    CHECK_STR_EQ(bundle_files(files), "8.db 8.db.sig");        /* no temp file left */

    struct hub_bundle g;
    CHECK_OK(hub_store_bundle_get(s, 8, &g, err));
    CHECK(memcmp(&g, &b, sizeof g) == 0);
    CHECK_INT_EQ(hub_store_bundle_get(s, 9, &g, err), WK_ENOTFOUND);
    CHECK_INT_EQ(hub_store_bundle_get(s, 0, &g, err), WK_ENOTFOUND);
    CHECK_INT_EQ(hub_store_bundle_get(s, -8, &g, err), WK_ENOTFOUND);
    hub_store_close(s);
    CHECK_INT_EQ(sql_number(path, "SELECT count(*) FROM bundles WHERE version = 8 AND sha256 = lower(sha256)"), 1);
}

TEST(hub_store_bundle_refuses_a_version_that_is_not_newer)
{
    char path[PATH_BYTES], err[WK_ERR_MAX], files[PATH_BYTES];
    char v8[PATH_BYTES], v8sig[PATH_BYTES], v7[PATH_BYTES], v7sig[PATH_BYTES], v9[PATH_BYTES], v9sig[PATH_BYTES];
    char other[PATH_BYTES], other_sig[PATH_BYTES], kept[PATH_BYTES];
    struct hub_store *s = open_ok(db_path(path), true);
    a_bundle("v8", 8, v8, v8sig);
    a_bundle("v7", 7, v7, v7sig);
    a_bundle("v9", 9, v9, v9sig);
    a_bundle("other8", 80, other, other_sig);
    publish_ok(s, 8, v8, v8sig, 1000);

    CHECK_INT_EQ(hub_store_bundle_publish(s, 7, v7, v7sig, NULL, 2000, err), WK_EINVAL);
    CHECK_STR_EQ(err, "content version 7 is not newer than the published version 8");
    /* The same version again, with other bytes: refused, the files stay. */
    CHECK_INT_EQ(hub_store_bundle_publish(s, 8, other, other_sig, NULL, 2000, err), WK_EINVAL);
    CHECK_STR_EQ(err, "content version 8 is not newer than the published version 8");
    snprintf(kept, sizeof kept, "%s/bundles/8.db", test_tmpdir());
    CHECK(same_file(kept, v8));
    snprintf(kept, sizeof kept, "%s/bundles/8.db.sig", test_tmpdir());
    CHECK(same_file(kept, v8sig));
    CHECK_INT_EQ(hub_store_bundle_publish(s, 0, v9, v9sig, NULL, 2000, err), WK_EINVAL);
    CHECK_INT_EQ(hub_store_bundle_publish(s, HUB_BUNDLE_VERSION_MAX + 1, v9, v9sig, NULL, 2000, err), WK_EINVAL);
    CHECK_STR_EQ(bundle_files(files), "8.db 8.db.sig");

    struct hub_bundle b;
    CHECK_OK(hub_store_bundle_latest(s, &b, err));
    CHECK_INT_EQ(b.version, 8);
    CHECK_INT_EQ(b.published_at_ms, 1000);
    publish_ok(s, 9, v9, v9sig, 3000);
    CHECK_OK(hub_store_bundle_latest(s, &b, err));
    CHECK_INT_EQ(b.version, 9);
    CHECK(same_file(b.path, v9));
    CHECK_OK(hub_store_bundle_get(s, 8, &b, err));      /* the older one is still served */
    CHECK(same_file(b.path, v8));
    CHECK_STR_EQ(bundle_files(files), "8.db 8.db.sig 9.db 9.db.sig");
    hub_store_close(s);
    CHECK_INT_EQ(sql_number(path, "SELECT count(*) FROM bundles"), 2);
}

TEST(hub_store_bundle_that_changed_or_lacks_its_signature_is_not_published)
{
    char path[PATH_BYTES], err[WK_ERR_MAX], files[PATH_BYTES], db[PATH_BYTES], sig[PATH_BYTES];
    char hex[HUB_SHA256_HEX + 1], missing[PATH_BYTES];
    struct hub_store *s = open_ok(db_path(path), true);
    a_bundle("v8", 8, db, sig);
    /* The hash of the bytes checked is not that of the file any more. */
    sha256_hex(db, hex);
    hex[0] = hex[0] == '0' ? '1' : '0';
    CHECK_INT_EQ(hub_store_bundle_publish(s, 8, db, sig, hex, 1000, err), WK_EINVAL);
    CHECK(strstr(err, "changed while it was being published"));
    snprintf(missing, sizeof missing, "%s/none.db.sig", test_tmpdir());
    CHECK_INT_EQ(hub_store_bundle_publish(s, 8, db, missing, NULL, 1000, err), WK_ENOTFOUND);
    CHECK(strstr(err, missing));
    CHECK_INT_EQ(hub_store_bundle_publish(s, 8, test_tmpdir(), sig, NULL, 1000, err), WK_EINVAL);
    CHECK(strstr(err, "not a file"));
    CHECK_STR_EQ(bundle_files(files), "");          /* nothing copied stays */
    struct hub_bundle b;
    CHECK_INT_EQ(hub_store_bundle_latest(s, &b, err), WK_ENOTFOUND);
    /* ... and then it can be published. */
    publish_ok(s, 8, db, sig, 2000);
    CHECK_STR_EQ(bundle_files(files), "8.db 8.db.sig");
    hub_store_close(s);
}

TEST(hub_store_bundles_survive_reopening_and_an_older_hub_db_gains_them)
{
    char path[PATH_BYTES], err[WK_ERR_MAX], token[HUB_TOKEN_CHARS + 1], db[PATH_BYTES], sig[PATH_BYTES];
    char cmd[PATH_BYTES + 512];
    struct hub_bundle b;
    /* A hub.db as the hub before bundles (and the staff console) wrote it:
     * schema 1. */
    struct hub_store *s = open_ok(db_path(path), true);
    add_ok(s, "hall-1", token);
    hub_store_close(s);
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'DROP TABLE volunteers; DROP TABLE organisations; DROP TABLE key_grants; DROP TABLE staff_boxes; DROP TABLE buddy_matches; DROP TABLE buddies; DROP TABLE bundles; DROP TABLE submission_states; DROP TABLE audit;"
             " DROP TABLE key_slots; DROP TABLE staff; DROP INDEX submissions_by_received;"
             " DROP INDEX submissions_by_delete_at; ALTER TABLE submissions DROP COLUMN delete_at;"
             " PRAGMA user_version = 1'", path);
    CHECK_INT_EQ(system(cmd), 0);
    CHECK_INT_EQ(sql_number(path, "SELECT count(*) FROM sqlite_master WHERE name = 'bundles'"), 0);

    s = open_ok(path, false);
    struct hub_kiosk k;
    CHECK_OK(hub_store_kiosk_by_token(s, token, &k, err));
    CHECK_INT_EQ(hub_store_bundle_latest(s, &b, err), WK_ENOTFOUND);
    a_bundle("v3", 3, db, sig);
    publish_ok(s, 3, db, sig, 1000);
    hub_store_close(s);
    CHECK_INT_EQ(sql_number(path, "PRAGMA user_version"), 6);
    CHECK_INT_EQ(sql_number(path, "SELECT count(*) FROM sqlite_master WHERE name = 'staff'"), 1);

    s = open_ok(path, false);
    CHECK_OK(hub_store_bundle_latest(s, &b, err));
    CHECK_INT_EQ(b.version, 3);
    CHECK_INT_EQ(b.size, BUNDLE_BYTES + 3);
    CHECK(same_file(b.path, db));
    CHECK(same_file(b.sig_path, sig));
    hub_store_close(s);
}

/* The hub takes the uuids kiosks make (version 4, RFC 4122 variant) and
 * no other kind: a uuid that is not random is not one a kiosk sent. */
TEST(hub_uuids_are_the_version_4_ones_kiosks_make)
{
    char uuid[WK_UUID_BYTES];
    for (int i = 0; i < UUIDS_DRAWN; i++) {
        wk_uuid_new(uuid);
        if (!wk_uuid_ok(uuid))
            test_fail(__FILE__, __LINE__, "a uuid the kiosk made is refused: %s", uuid);
    }
    CHECK(wk_uuid_ok("0b7e1f3c-5d2a-4c1b-9e8f-123456789abc"));
    CHECK(wk_uuid_ok("0b7e1f3c-5d2a-4c1b-ae8f-123456789abc"));
    static const char *const refused[] = {
        "00000000-0000-0000-0000-000000000000",     /* the nil uuid */
        "6ba7b810-9dad-11d1-80b4-00c04fd430c8",     /* version 1 */
        "0b7e1f3c-5d2a-5c1b-9e8f-123456789abc",     /* version 5 */
        "0b7e1f3c-5d2a-4c1b-1e8f-123456789abc",     /* NCS variant */
        "0b7e1f3c-5d2a-4c1b-ce8f-123456789abc",     /* Microsoft variant */
        "0B7E1F3C-5D2A-4C1B-9E8F-123456789ABC",     /* uppercase */
        "0b7e1f3c5d2a4c1b9e8f123456789abc",
        "",
    };
    for (size_t i = 0; i < WK_ARRAY_LEN(refused); i++)
        if (wk_uuid_ok(refused[i]))
            test_fail(__FILE__, __LINE__, "%s is taken as a version 4 uuid", refused[i]);
    CHECK(!wk_uuid_ok(NULL));
}

struct last_error { char text[HUB_LAST_ERROR_MAX + 1]; };

static int keep_last_error(void *user, const struct hub_kiosk_status *k)
{
    struct last_error *e = user;
    snprintf(e->text, sizeof e->text, "%s", k->heartbeat.last_error);
    return 0;
}

/* Posts a heartbeat whose last_error is the JSON string json_error (as it
 * stands between the quotes) through the hub's endpoint; what the store
 * then holds as the kiosk's last error. */
static void heartbeat_with_error(struct hub_store *s, const struct hub_kiosk *k, const char *json_error,
                                 struct last_error *stored)
{
    char body[4096], err[WK_ERR_MAX];
    int n = snprintf(body, sizeof body, "{\"firmware\": \"0.1.0\", \"content_version\": 7, \"queued\": 0,"
                     " \"oldest_queued_age_s\": 0, \"uptime_s\": 60, \"last_error\": \"%s\"}", json_error);
    CHECK(n > 0 && (size_t)n < sizeof body);
    struct hub_reply r = { 0 };
    hub_api_heartbeat(s, k, body, (size_t)n, &r);
    if (r.status != 204)
        test_fail(__FILE__, __LINE__, "the heartbeat got %u: %s", r.status, r.json ? r.json : "");
    hub_reply_free(&r);
    CHECK_OK(hub_store_status_each(s, keep_last_error, stored, err));
}

/* A heartbeat's last_error is shown to staff in a terminal: the hub keeps
 * it as printable UTF-8. Escape sequences (ESC, the one-byte C1 CSI), tabs
 * and line breaks become spaces; bidi overrides, isolates and marks, which
 * make a line read as another, are dropped; each byte of malformed UTF-8
 * (a stray byte, a cut sequence, an overlong form, a surrogate) becomes
 * U+FFFD; Arabic and accents stay; a long one is cut at a character. */
TEST(hub_heartbeat_last_error_is_stored_printable)
{
    char path[PATH_BYTES], err[WK_ERR_MAX], token[HUB_TOKEN_CHARS + 1];
    struct hub_store *s = open_ok(db_path(path), true);
    add_ok(s, "hall-1", token);
    struct hub_kiosk k;
    CHECK_OK(hub_store_kiosk_by_token(s, token, &k, err));
    struct last_error stored;

    heartbeat_with_error(s, &k, "disk \\u001b[31mfull\\u001b[0m\\t\\u009b2J \\u202etxt.exe\\u2066x\\u2069\\u200e"
                                " \xff\xc3( \xc0\xaf \xed\xa0\x80 \xd8\xae\xd8\xb7\xd8\xa3 caf\xc3\xa9\\n", &stored);
    CHECK_STR_EQ(stored.text, "disk  [31mfull [0m  2J txt.exex "
                              "\xef\xbf\xbd\xef\xbf\xbd( \xef\xbf\xbd\xef\xbf\xbd "
                              "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd \xd8\xae\xd8\xb7\xd8\xa3 caf\xc3\xa9 ");

    /* 200 two-byte letters: cut to the 128 that fit in 256 bytes. */
    char long_error[1024] = "", want[1024] = "";
    for (int i = 0; i < 200; i++)
        strcat(long_error, "\xc3\xa9");
    for (int i = 0; i < HUB_LAST_ERROR_MAX / 2; i++)
        strcat(want, "\xc3\xa9");
    heartbeat_with_error(s, &k, long_error, &stored);
    CHECK_STR_EQ(stored.text, want);
    /* 100 stray bytes: as many U+FFFD as fit whole (85, 255 bytes). */
    memset(long_error, 0xff, 100);
    long_error[100] = '\0';
    want[0] = '\0';
    for (int i = 0; i < HUB_LAST_ERROR_MAX / 3; i++)
        strcat(want, "\xef\xbf\xbd");
    heartbeat_with_error(s, &k, long_error, &stored);
    CHECK_STR_EQ(stored.text, want);
    hub_store_close(s);
}
