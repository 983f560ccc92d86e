/* test_outbox.c — the queue of sealed submissions as the kiosk and its
 * sync worker use it, on real state.db files in the test's temp dir: rows
 * go in and come out oldest first, are delivered (and their bytes are gone
 * from the files), rejected or tried again; reference codes; two handles in
 * two threads; and the bad days — a full disk (max_page_count), a lock held
 * by someone else (the sqlite3 shell), a directory or file the kiosk may
 * not write, a file that is not a database. */
#include "test.h"
#include "fixture.h"
#include "../app/outbox/outbox.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PATH_BYTES 1024
#define PAYLOAD_BYTES 600
/* Bigger than a 4 KiB page: stored on overflow pages. */
#define BIG_PAYLOAD_BYTES (10 * 1024)
#define REF_ROUNDS 5000
#define THREAD_ROWS 500

/* --- helpers ------------------------------------------------------------ */

static const char *in_tmp(char buf[PATH_BYTES], const char *rel)
{
    snprintf(buf, PATH_BYTES, "%s/%s", test_tmpdir(), rel);
    return buf;
}

static struct outbox *open_ok(const char *path)
{
    struct outbox *o = NULL;
    char err[WK_ERR_MAX] = "";
    int rc = outbox_open(path, &o, err);
    if (rc)
        test_fail(__FILE__, __LINE__, "outbox_open(%s) = %d: %s", path, rc, err);
    return o;
}

/* A stand-in for a sealed payload: "sealed-000042|" over and over, so the
 * bytes of row 42 can be looked for in the files. */
static void fill_payload(unsigned char *buf, size_t size, int seed)
{
    char unit[32];
    int n = snprintf(unit, sizeof unit, "sealed-%06d|", seed);
    for (size_t i = 0; i < size; i++)
        buf[i] = (unsigned char)unit[i % (size_t)n];
}

static bool payload_is(const struct outbox_row *row, size_t size, int seed)
{
    unsigned char *want = malloc(size);
    fill_payload(want, size, seed);
    bool same = row->payload && row->payload_size == size && !memcmp(row->payload, want, size);
    free(want);
    return same;
}

/* Adds one row whose payload is fill_payload(seed); the ids go to uuid and
 * ref when they are not NULL. */
static int add_row(struct outbox *o, int seed, size_t size, int64_t now_ms,
                   const struct outbox_signup *signup, char *uuid_out, char *ref_out,
                   char err[WK_ERR_MAX])
{
    char uuid[OUTBOX_UUID_BYTES], ref[OUTBOX_REF_BYTES];
    unsigned char *payload = malloc(size);
    fill_payload(payload, size, seed);
    int rc = outbox_new_ids(o, uuid, ref, err);
    if (rc == 0)
        rc = outbox_add(o, &(struct outbox_record){ uuid, ref, signup ? "signup" : "message", payload, size,
                                                    0 },
                        signup, now_ms, err);
    free(payload);
    if (uuid_out)
        memcpy(uuid_out, uuid, OUTBOX_UUID_BYTES);
    if (ref_out)
        memcpy(ref_out, ref, OUTBOX_REF_BYTES);
    return rc;
}

#define ADD_OK(o, seed, now, uuid)                                                  \
    do { char e_[WK_ERR_MAX] = "";                                                  \
         int r_ = add_row((o), (seed), PAYLOAD_BYTES, (now), NULL, (uuid), NULL, e_); \
         if (r_) test_fail(__FILE__, __LINE__, "add_row = %d: %s", r_, e_); } while (0)

static struct outbox_counts counts_of(struct outbox *o)
{
    struct outbox_counts c;
    char err[WK_ERR_MAX] = "";
    if (outbox_counts(o, &c, err))
        test_fail(__FILE__, __LINE__, "outbox_counts: %s", err);
    return c;
}

/* The oldest due row's uuid into uuid (or "" if none); checks its payload. */
static int next_due_seed(struct outbox *o, int64_t now, char uuid[OUTBOX_UUID_BYTES], int seed)
{
    struct outbox_row row;
    char err[WK_ERR_MAX] = "";
    int got = outbox_next_due(o, now, &row, err);
    if (got < 0)
        test_fail(__FILE__, __LINE__, "outbox_next_due = %d: %s", got, err);
    uuid[0] = '\0';
    if (got) {
        snprintf(uuid, OUTBOX_UUID_BYTES, "%s", row.uuid);
        if (seed >= 0 && !payload_is(&row, PAYLOAD_BYTES, seed))
            test_fail(__FILE__, __LINE__, "row %s does not carry payload %d", row.uuid, seed);
    }
    outbox_row_free(&row);
    return got;
}

static unsigned char *read_all(const char *path, size_t *size)
{
    *size = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    *size = n;
    return buf;
}

/* Whether any of state.db, state.db-wal holds bytes of payload `seed`. */
static bool files_hold_payload(const char *db, int seed)
{
    char unit[32], path[PATH_BYTES + 8];
    int n = snprintf(unit, sizeof unit, "sealed-%06d|", seed);
    static const char *const suffixes[] = { "", "-wal" };
    for (size_t i = 0; i < WK_ARRAY_LEN(suffixes); i++) {
        snprintf(path, sizeof path, "%s%s", db, suffixes[i]);
        size_t size;
        unsigned char *bytes = read_all(path, &size);
        bool found = bytes && memmem(bytes, size, unit, (size_t)n);
        free(bytes);
        if (found)
            return true;
    }
    return false;
}

static void checkpoint(struct outbox *o)
{
    char err[WK_ERR_MAX] = "";
    if (outbox_checkpoint(o, err))
        test_fail(__FILE__, __LINE__, "outbox_checkpoint: %s", err);
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* Permissions mean nothing to root, so a test about them runs as nobody
 * (in its own forked process; the runner cleans up as root). */
/* --- rows in, rows out ---------------------------------------------------- */

TEST(outbox_round_trip_wipes_the_payload)
{
    char path[PATH_BYTES], uuid[OUTBOX_UUID_BYTES], ref[OUTBOX_REF_BYTES], err[WK_ERR_MAX] = "";
    struct outbox *o = open_ok(in_tmp(path, "state.db"));
    CHECK(outbox_recovered(o) == NULL);
    CHECK_INT_EQ(outbox_next_due_ms(o), INT64_MAX);
    CHECK_OK(add_row(o, 1, PAYLOAD_BYTES, 1000, NULL, uuid, ref, err));
    char big_uuid[OUTBOX_UUID_BYTES];
    CHECK_OK(add_row(o, 2, BIG_PAYLOAD_BYTES, 2000, NULL, big_uuid, NULL, err));

    /* The control: before delivery the bytes are in the file. */
    checkpoint(o);
    CHECK(files_hold_payload(path, 1));
    CHECK(files_hold_payload(path, 2));

    struct outbox_row row;
    CHECK_INT_EQ(outbox_next_due(o, 5000, &row, err), 1);
    CHECK_STR_EQ(row.uuid, uuid);
    CHECK_STR_EQ(row.ref, ref);
    CHECK_STR_EQ(row.kind, "message");
    CHECK_INT_EQ(row.created_at_ms, 1000);
    CHECK_INT_EQ(row.next_attempt_ms, 1000);
    CHECK_INT_EQ(row.attempts, 0);
    CHECK(payload_is(&row, PAYLOAD_BYTES, 1));
    outbox_row_free(&row);
    CHECK(row.payload == NULL && row.payload_size == 0);
    CHECK_OK(outbox_mark_delivered(o, uuid, 6000, err));

    CHECK_INT_EQ(outbox_next_due(o, 5000, &row, err), 1);
    CHECK_STR_EQ(row.uuid, big_uuid);
    CHECK(payload_is(&row, BIG_PAYLOAD_BYTES, 2));
    outbox_row_free(&row);
    CHECK_OK(outbox_mark_delivered(o, big_uuid, 6000, err));
    CHECK_INT_EQ(outbox_next_due(o, 5000, &row, err), 0);
    CHECK_INT_EQ(outbox_next_due_ms(o), INT64_MAX);

    struct outbox_counts c = counts_of(o);
    CHECK_INT_EQ(c.queued, 0);
    CHECK_INT_EQ(c.delivered, 2);
    CHECK_INT_EQ(c.rejected, 0);
    CHECK_INT_EQ(c.oldest_queued_ms, 0);

    /* secure_delete: once the log is folded in, neither file has them. */
    checkpoint(o);
    CHECK(!files_hold_payload(path, 1));
    CHECK(!files_hold_payload(path, 2));
    outbox_close(o);
    CHECK(!files_hold_payload(path, 1));
    CHECK(!files_hold_payload(path, 2));
}

TEST(outbox_oldest_first)
{
    char path[PATH_BYTES], a[OUTBOX_UUID_BYTES], b[OUTBOX_UUID_BYTES], c[OUTBOX_UUID_BYTES];
    char got[OUTBOX_UUID_BYTES], err[WK_ERR_MAX] = "";
    struct outbox *o = open_ok(in_tmp(path, "state.db"));
    ADD_OK(o, 1, 300, a);
    ADD_OK(o, 2, 100, b);
    ADD_OK(o, 3, 100, c);       /* same time as b, added after it */
    CHECK_INT_EQ(outbox_next_due_ms(o), 100);
    CHECK_INT_EQ(next_due_seed(o, 1000, got, 2), 1);
    CHECK_STR_EQ(got, b);
    CHECK_OK(outbox_mark_delivered(o, b, 1000, err));
    CHECK_INT_EQ(next_due_seed(o, 1000, got, 3), 1);
    CHECK_STR_EQ(got, c);
    CHECK_OK(outbox_mark_delivered(o, c, 1000, err));
    CHECK_INT_EQ(next_due_seed(o, 1000, got, 1), 1);
    CHECK_STR_EQ(got, a);
    CHECK_INT_EQ(outbox_next_due_ms(o), 300);
    outbox_close(o);
}

TEST(outbox_reschedule_waits_and_counts_attempts)
{
    char path[PATH_BYTES], a[OUTBOX_UUID_BYTES], b[OUTBOX_UUID_BYTES], got[OUTBOX_UUID_BYTES];
    char err[WK_ERR_MAX] = "";
    struct outbox *o = open_ok(in_tmp(path, "state.db"));
    ADD_OK(o, 1, 1000, a);
    ADD_OK(o, 2, 1500, b);
    CHECK_INT_EQ(next_due_seed(o, 999, got, -1), 0);          /* nothing is due yet */
    CHECK_INT_EQ(next_due_seed(o, 1000, got, 1), 1);
    CHECK_STR_EQ(got, a);

    CHECK_OK(outbox_reschedule(o, a, 5000, "the hub did not answer", err));
    /* a waits; b, younger but due, goes first meanwhile. */
    CHECK_INT_EQ(next_due_seed(o, 4999, got, 2), 1);
    CHECK_STR_EQ(got, b);
    CHECK_OK(outbox_reschedule(o, b, 9000, "HTTP 503", err));
    CHECK_INT_EQ(next_due_seed(o, 4999, got, -1), 0);
    CHECK_INT_EQ(outbox_next_due_ms(o), 5000);

    struct outbox_row row;
    CHECK_INT_EQ(outbox_next_due(o, 5000, &row, err), 1);
    CHECK_STR_EQ(row.uuid, a);
    CHECK_INT_EQ(row.attempts, 1);
    CHECK_INT_EQ(row.next_attempt_ms, 5000);
    outbox_row_free(&row);
    CHECK_OK(outbox_reschedule(o, a, 7000, "the hub did not answer", err));
    CHECK_INT_EQ(outbox_next_due(o, 7000, &row, err), 1);
    CHECK_INT_EQ(row.attempts, 2);
    outbox_row_free(&row);
    struct outbox_counts c = counts_of(o);
    CHECK_INT_EQ(c.queued, 2);
    CHECK_STR_EQ(c.last_error, "the hub did not answer");
    outbox_close(o);
}

/* The reason staff see for the row with uuid (outbox_list). */
struct reason_of { const char *uuid; char reason[OUTBOX_ERROR_BYTES]; int found; };

static int find_reason(void *user, const struct outbox_row *row)
{
    struct reason_of *r = user;
    if (!strcmp(row->uuid, r->uuid)) {
        snprintf(r->reason, sizeof r->reason, "%s", row->last_error);
        r->found++;
    }
    return 0;
}

TEST(outbox_rejected_is_kept_with_its_reason)
{
    char path[PATH_BYTES], a[OUTBOX_UUID_BYTES], got[OUTBOX_UUID_BYTES], err[WK_ERR_MAX] = "";
    struct outbox *o = open_ok(in_tmp(path, "state.db"));
    ADD_OK(o, 7, 1000, a);
    CHECK_OK(outbox_mark_rejected(o, a, "HTTP 422: the form is unknown", err));
    CHECK_INT_EQ(next_due_seed(o, 1000000, got, -1), 0);
    struct outbox_counts c = counts_of(o);
    CHECK_INT_EQ(c.queued, 0);
    CHECK_INT_EQ(c.rejected, 1);
    CHECK_INT_EQ(c.delivered, 0);
    /* Not retried, not wiped: the sealed bytes stay for staff. */
    CHECK(outbox_reschedule(o, a, 2000, "x", err) == WK_EINVAL);
    checkpoint(o);
    CHECK(files_hold_payload(path, 7));
    /* A reason longer than the column keeps whole UTF-8 characters. */
    char reason[OUTBOX_ERROR_BYTES * 2] = "";
    while (strlen(reason) + 2 < sizeof reason)
        strcat(reason, "é");
    CHECK_OK(outbox_mark_rejected(o, a, reason, err));
    struct reason_of kept = { .uuid = a };
    CHECK_OK(outbox_list(o, find_reason, &kept, err));
    CHECK_INT_EQ(kept.found, 1);
    size_t n = strlen(kept.reason);
    /* Cut to fit, at the end of a character (each "é" is two bytes; the
     * limit, OUTBOX_ERROR_BYTES - 1, is odd), one character short at most. */
    CHECK(n < OUTBOX_ERROR_BYTES);
    CHECK(n >= OUTBOX_ERROR_BYTES - 1 - strlen("é"));
    CHECK_INT_EQ(n % strlen("é"), 0);
    CHECK(!strncmp(kept.reason, reason, n));
    outbox_close(o);
}

TEST(outbox_counts_and_the_last_error)
{
    char path[PATH_BYTES], u[4][OUTBOX_UUID_BYTES], err[WK_ERR_MAX] = "";
    struct outbox *o = open_ok(in_tmp(path, "state.db"));
    struct outbox_counts c = counts_of(o);
    CHECK_INT_EQ(c.queued + c.delivered + c.rejected, 0);
    CHECK_INT_EQ(c.oldest_queued_ms, 0);
    CHECK_STR_EQ(c.last_error, "");
    for (int i = 0; i < 4; i++)
        ADD_OK(o, i, 1000 + 100 * i, u[i]);
    CHECK_OK(outbox_mark_delivered(o, u[0], 5000, err));
    CHECK_OK(outbox_mark_rejected(o, u[3], "HTTP 400", err));
    CHECK_OK(outbox_reschedule(o, u[1], 9000, "e1", err));
    CHECK_OK(outbox_reschedule(o, u[2], 8000, "e2", err));
    c = counts_of(o);
    CHECK_INT_EQ(c.queued, 2);
    CHECK_INT_EQ(c.delivered, 1);
    CHECK_INT_EQ(c.rejected, 1);
    CHECK_INT_EQ(c.oldest_queued_ms, 1100);
    CHECK_STR_EQ(c.last_error, "e2");       /* failed last, though due sooner */
    CHECK_OK(outbox_reschedule(o, u[1], 9500, "e3", err));
    CHECK_STR_EQ(counts_of(o).last_error, "e3");
    CHECK_OK(outbox_mark_delivered(o, u[1], 9600, err));
    c = counts_of(o);
    CHECK_STR_EQ(c.last_error, "e2");       /* of a row still queued */
    CHECK_INT_EQ(c.oldest_queued_ms, 1200);
    outbox_close(o);
}

TEST(outbox_delivered_twice_is_fine)
{
    char path[PATH_BYTES], a[OUTBOX_UUID_BYTES], err[WK_ERR_MAX] = "";
    struct outbox *o = open_ok(in_tmp(path, "state.db"));
    ADD_OK(o, 1, 1000, a);
    CHECK_OK(outbox_mark_delivered(o, a, 2000, err));
    CHECK_OK(outbox_mark_delivered(o, a, 3000, err));
    struct outbox_counts c = counts_of(o);
    CHECK_INT_EQ(c.delivered, 1);
    CHECK_INT_EQ(c.queued, 0);
    CHECK(outbox_mark_rejected(o, a, "too late", err) == WK_EINVAL);
    CHECK(outbox_reschedule(o, a, 4000, "too late", err) == WK_EINVAL);
    CHECK_INT_EQ(counts_of(o).delivered, 1);
    outbox_close(o);
}

TEST(outbox_unknown_or_malformed_uuid)
{
    char path[PATH_BYTES], a[OUTBOX_UUID_BYTES], err[WK_ERR_MAX] = "";
    static const char unknown[] = "0b7e1f3c-5d2a-4c1b-9e8f-123456789abc";
    struct outbox *o = open_ok(in_tmp(path, "state.db"));
    ADD_OK(o, 1, 1000, a);
    CHECK_INT_EQ(outbox_mark_delivered(o, unknown, 1, err), WK_ENOTFOUND);
    CHECK(strstr(err, "no submission"));
    CHECK_INT_EQ(outbox_mark_rejected(o, unknown, "x", err), WK_ENOTFOUND);
    CHECK_INT_EQ(outbox_reschedule(o, unknown, 1, "x", err), WK_ENOTFOUND);
    CHECK_INT_EQ(outbox_mark_delivered(o, "not-a-uuid", 1, err), WK_EINVAL);
    CHECK_INT_EQ(outbox_mark_delivered(o, NULL, 1, err), WK_EINVAL);
    struct outbox_counts c = counts_of(o);
    CHECK_INT_EQ(c.queued, 1);
    CHECK_INT_EQ(c.delivered + c.rejected, 0);
    outbox_close(o);
}

TEST(outbox_add_refuses_bad_input_and_writes_nothing)
{
    char path[PATH_BYTES], uuid[OUTBOX_UUID_BYTES], ref[OUTBOX_REF_BYTES], err[WK_ERR_MAX];
    char long_kind[OUTBOX_KIND_BYTES + 1];
    memset(long_kind, 'k', OUTBOX_KIND_BYTES);
    long_kind[OUTBOX_KIND_BYTES] = '\0';
    unsigned char *big = calloc(1, OUTBOX_MAX_PAYLOAD + 1), p[16] = "sealed";
    struct outbox *o = open_ok(in_tmp(path, "state.db"));
    CHECK_OK(outbox_new_ids(o, uuid, ref, err));
    struct outbox_signup no_places = { .activity = "yoga", .day = 1, .places = 0 };
    struct outbox_signup no_activity = { .activity = "", .day = 1, .places = 1 };
    struct {
        const char *uuid, *ref, *kind;
        const unsigned char *payload;
        size_t size;
        const struct outbox_signup *signup;
    } bad[] = {
        { "0B7E1F3C-5D2A-4C1B-9E8F-123456789ABC", ref, "message", p, 6, NULL },
        { "0b7e1f3c5d2a4c1b9e8f123456789abc", ref, "message", p, 6, NULL },
        { NULL, ref, "message", p, 6, NULL },
        { uuid, "K7Q-XM0", "message", p, 6, NULL },
        { uuid, "K7QXM4", "message", p, 6, NULL },
        { uuid, "k7q-xm4", "message", p, 6, NULL },
        { uuid, "O7Q-XM4", "message", p, 6, NULL },
        { uuid, NULL, "message", p, 6, NULL },
        { uuid, ref, "", p, 6, NULL },
        { uuid, ref, long_kind, p, 6, NULL },
        { uuid, ref, "mes sage", p, 6, NULL },
        { uuid, ref, "message", p, 0, NULL },
        { uuid, ref, "message", NULL, 6, NULL },
        { uuid, ref, "message", big, OUTBOX_MAX_PAYLOAD + 1, NULL },
        { uuid, ref, "signup", p, 6, &no_places },
        { uuid, ref, "signup", p, 6, &no_activity },
    };
    for (size_t i = 0; i < WK_ARRAY_LEN(bad); i++) {
        err[0] = '\0';
        int rc = outbox_add(o, &(struct outbox_record){ bad[i].uuid, bad[i].ref, bad[i].kind, bad[i].payload,
                                                        bad[i].size, 0 },
                            bad[i].signup, 1000, err);
        if (rc != WK_EINVAL || !strstr(err, "not saved"))
            test_fail(__FILE__, __LINE__, "case %zu: %d \"%s\"", i, rc, err);
    }
    CHECK_OK(outbox_add(o, &(struct outbox_record){ uuid, ref, "message", big, OUTBOX_MAX_PAYLOAD, 0 },
                        NULL, 1000, err));
    /* The same ids twice: refused, the first row stays as it was. */
    CHECK_INT_EQ(outbox_add(o, &(struct outbox_record){ uuid, ref, "message", p, 6, 0 },
                            NULL, 1000, err), WK_EINVAL);
    CHECK(strstr(err, "not saved"));
    struct outbox_counts c = counts_of(o);
    CHECK_INT_EQ(c.queued, 1);
    free(big);
    outbox_close(o);
}

static bool ref_format_ok(const char *ref)
{
    if (strlen(ref) != 7 || ref[3] != '-')
        return false;
    for (int i = 0; i < 7; i++)
        if (i != 3 && (!strchr(OUTBOX_REF_SYMBOLS, ref[i]) || strchr("0O1IL", ref[i])))
            return false;
    return true;
}

static int by_string(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

TEST(outbox_refs_are_readable_and_unique)
{
    char path[PATH_BYTES], err[WK_ERR_MAX] = "";
    static char refs[REF_ROUNDS][OUTBOX_REF_BYTES];
    static char uuids[REF_ROUNDS][OUTBOX_UUID_BYTES];
    unsigned char p[32] = "sealed bytes";
    int seen[256] = { 0 };
    struct outbox *o = open_ok(in_tmp(path, "state.db"));
    for (int i = 0; i < REF_ROUNDS; i++) {
        CHECK_OK(outbox_new_ids(o, uuids[i], refs[i], err));
        if (!ref_format_ok(refs[i]))
            test_fail(__FILE__, __LINE__, "bad reference code \"%s\"", refs[i]);
        /* uuid v4: version nibble 4, variant 10xx. */
        CHECK_INT_EQ(strlen(uuids[i]), 36);
        CHECK(uuids[i][14] == '4' && strchr("89ab", uuids[i][19]));
        for (int k = 0; k < 7; k++)
            seen[(unsigned char)refs[i][k]]++;
        if (outbox_add(o, &(struct outbox_record){ uuids[i], refs[i], "message", p, sizeof p, 0 }, NULL, i,
                       err))
            test_fail(__FILE__, __LINE__, "add %d: %s", i, err);
    }
    CHECK_INT_EQ(counts_of(o).queued, REF_ROUNDS);
    qsort(refs, REF_ROUNDS, sizeof refs[0], by_string);
    qsort(uuids, REF_ROUNDS, sizeof uuids[0], by_string);
    for (int i = 1; i < REF_ROUNDS; i++) {
        CHECK(strcmp(refs[i - 1], refs[i]) != 0);
        CHECK(strcmp(uuids[i - 1], uuids[i]) != 0);
    }
    /* Every symbol turns up, roughly as often as the others (30000 draws,
     * 31 symbols: ~968 each; 700..1250 is far outside chance). */
    for (const char *s = OUTBOX_REF_SYMBOLS; *s; s++)
        if (seen[(unsigned char)*s] < 700 || seen[(unsigned char)*s] > 1250)
            test_fail(__FILE__, __LINE__, "symbol %c drawn %d times", *s, seen[(unsigned char)*s]);
    outbox_close(o);
}

TEST(outbox_signups_count_places)
{
    char path[PATH_BYTES], u[5][OUTBOX_UUID_BYTES], err[WK_ERR_MAX] = "";
    struct outbox *o = open_ok(in_tmp(path, "state.db"));
    struct outbox_signup s[] = {
        { .activity = "yoga", .day = 20000, .places = 2, .bundle_version = 5 },
        { .activity = "yoga", .day = 20000, .places = 3, .bundle_version = 6 },
        { .activity = "yoga", .day = 20001, .places = 4, .bundle_version = 6 },
        { .activity = "chess", .day = 20000, .places = 1, .bundle_version = 6 },
        { .activity = "yoga", .day = 20000, .places = 10, .bundle_version = 6 },
    };
    for (int i = 0; i < 5; i++)
        CHECK_OK(add_row(o, i, PAYLOAD_BYTES, 1000 + i, &s[i], u[i], NULL, err));
    CHECK_INT_EQ(outbox_signups(o, "yoga", 20000, 5), 15);
    CHECK_INT_EQ(outbox_signups(o, "yoga", 20000, 6), 13);
    CHECK_INT_EQ(outbox_signups(o, "yoga", 20000, 7), 0);
    CHECK_INT_EQ(outbox_signups(o, "yoga", 20001, 0), 4);
    CHECK_INT_EQ(outbox_signups(o, "chess", 20000, 0), 1);
    CHECK_INT_EQ(outbox_signups(o, "knitting", 20000, 0), 0);
    /* Delivered places still count until a newer bundle carries them;
     * rejected ones never do. */
    CHECK_OK(outbox_mark_delivered(o, u[0], 2000, err));
    CHECK_OK(outbox_mark_rejected(o, u[4], "HTTP 409: full", err));
    CHECK_INT_EQ(outbox_signups(o, "yoga", 20000, 5), 5);
    outbox_close(o);
}

/* --- two handles, restarts ----------------------------------------------- */

TEST(outbox_survives_close_and_reopen)
{
    char path[PATH_BYTES], a[OUTBOX_UUID_BYTES], b[OUTBOX_UUID_BYTES], got[OUTBOX_UUID_BYTES];
    char err[WK_ERR_MAX] = "";
    struct outbox *o = open_ok(in_tmp(path, "state.db"));
    ADD_OK(o, 1, 1000, a);
    ADD_OK(o, 2, 2000, b);
    CHECK_OK(outbox_reschedule(o, a, 3000, "offline", err));
    outbox_close(o);

    o = open_ok(path);
    CHECK(outbox_recovered(o) == NULL);
    struct outbox_counts c = counts_of(o);
    CHECK_INT_EQ(c.queued, 2);
    CHECK_INT_EQ(c.oldest_queued_ms, 1000);
    CHECK_STR_EQ(c.last_error, "offline");
    CHECK_INT_EQ(next_due_seed(o, 2500, got, 2), 1);
    CHECK_STR_EQ(got, b);
    CHECK_INT_EQ(next_due_seed(o, 3000, got, 1), 1);
    CHECK_STR_EQ(got, a);
    outbox_close(o);
}

TEST(outbox_two_handles_see_each_other)
{
    char path[PATH_BYTES], a[OUTBOX_UUID_BYTES], got[OUTBOX_UUID_BYTES], err[WK_ERR_MAX] = "";
    struct outbox *kiosk = open_ok(in_tmp(path, "state.db"));
    struct outbox *worker = open_ok(path);
    ADD_OK(kiosk, 1, 1000, a);
    CHECK_INT_EQ(outbox_next_due_ms(worker), 1000);
    CHECK_INT_EQ(next_due_seed(worker, 1000, got, 1), 1);
    CHECK_STR_EQ(got, a);
    CHECK_OK(outbox_mark_delivered(worker, a, 1100, err));
    CHECK_INT_EQ(counts_of(kiosk).delivered, 1);
    outbox_close(worker);
    outbox_close(kiosk);
}

struct adder {
    const char *path;
    int first_seed;
    int added;
    char err[WK_ERR_MAX];
};

static void *add_many(void *arg)
{
    struct adder *a = arg;
    struct outbox *o = NULL;
    if (outbox_open(a->path, &o, a->err))
        return NULL;
    for (int i = 0; i < THREAD_ROWS; i++) {
        int seed = a->first_seed + i;
        if (add_row(o, seed, 64, seed, NULL, NULL, NULL, a->err))
            break;
        a->added++;
    }
    outbox_close(o);
    return NULL;
}

TEST(outbox_two_threads_two_handles)
{
    char path[PATH_BYTES];
    struct outbox *o = open_ok(in_tmp(path, "state.db"));
    struct adder adders[2] = { { .path = path, .first_seed = 0 },
                               { .path = path, .first_seed = THREAD_ROWS } };
    pthread_t threads[2];
    for (int i = 0; i < 2; i++)
        CHECK(pthread_create(&threads[i], NULL, add_many, &adders[i]) == 0);
    for (int i = 0; i < 2; i++)
        CHECK(pthread_join(threads[i], NULL) == 0);
    for (int i = 0; i < 2; i++)
        if (adders[i].added != THREAD_ROWS)
            test_fail(__FILE__, __LINE__, "thread %d added %d rows: %s", i, adders[i].added,
                      adders[i].err);
    CHECK_INT_EQ(counts_of(o).queued, 2 * THREAD_ROWS);
    outbox_close(o);
}

struct opener {
    char path[PATH_BYTES];
    int rc;
    char err[WK_ERR_MAX];
};

static void *open_and_close(void *arg)
{
    struct opener *a = arg;
    struct outbox *o = NULL;
    a->rc = outbox_open(a->path, &o, a->err);
    outbox_close(o);
    return NULL;
}

/* The kiosk and its sync worker starting together on a new state.db:
 * one of them switches it to WAL and creates the tables, the other waits. */
TEST(outbox_handles_opening_a_new_file_at_once)
{
    enum { ROUNDS = 50, HANDLES = 4 };
    for (int round = 0; round < ROUNDS; round++) {
        struct opener a[HANDLES];
        pthread_t t[HANDLES];
        for (int i = 0; i < HANDLES; i++) {
            snprintf(a[i].path, sizeof a[i].path, "%s/state-%d.db", test_tmpdir(), round);
            a[i].rc = 0;
            a[i].err[0] = '\0';
            CHECK(pthread_create(&t[i], NULL, open_and_close, &a[i]) == 0);
        }
        for (int i = 0; i < HANDLES; i++)
            CHECK(pthread_join(t[i], NULL) == 0);
        for (int i = 0; i < HANDLES; i++)
            if (a[i].rc)
                test_fail(__FILE__, __LINE__, "round %d: %d %s", round, a[i].rc, a[i].err);
    }
}

/* --- bad days ----------------------------------------------------------- */

TEST(outbox_disk_full_keeps_what_is_queued)
{
    char path[PATH_BYTES], uuid[OUTBOX_UUID_BYTES], got[OUTBOX_UUID_BYTES], err[WK_ERR_MAX] = "";
    struct outbox *o = open_ok(in_tmp(path, "state.db"));
    int queued = 0;
    for (; queued < 5; queued++)
        ADD_OK(o, queued, 1000 + queued, NULL);
    CHECK_OK(outbox_set_max_pages(o, 1));           /* not one page more */
    int rc = 0;
    for (int tries = 0; tries < 1000; tries++) {
        err[0] = '\0';
        rc = add_row(o, queued, PAYLOAD_BYTES, 1000 + queued, NULL, uuid, NULL, err);
        if (rc)
            break;
        queued++;
    }
    CHECK_INT_EQ(rc, WK_EIO);
    if (!strstr(err, "the submission was not saved: the kiosk's disk is full"))
        test_fail(__FILE__, __LINE__, "message: %s", err);
    CHECK_INT_EQ(outbox_mark_delivered(o, uuid, 1, err), WK_ENOTFOUND);   /* nothing of it */
    CHECK_INT_EQ(counts_of(o).queued, queued);

    /* Every row that was saved is whole, seen from a fresh handle. */
    struct outbox *worker = open_ok(path);
    for (int i = 0; i < queued; i++) {
        CHECK_INT_EQ(next_due_seed(worker, 1000000, got, i), 1);
        CHECK_OK(outbox_mark_delivered(worker, got, 2000000, err));
    }
    CHECK_INT_EQ(next_due_seed(worker, 1000000, got, -1), 0);
    outbox_close(worker);

    /* Room again: the wiped payloads' pages are reused, or the cap lifts. */
    CHECK_OK(outbox_set_max_pages(o, OUTBOX_MAX_PAGES));
    ADD_OK(o, 999, 5000, NULL);
    CHECK_INT_EQ(counts_of(o).queued, 1);
    outbox_close(o);
}

/* The sqlite3 shell, fed a script through a pipe, as another program
 * holding the queue's write lock. */
struct shell {
    pid_t pid;
    FILE *in, *out;
};

static struct shell shell_start(const char *db)
{
    int to[2], from[2];
    CHECK(pipe(to) == 0 && pipe(from) == 0);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        dup2(to[0], 0);
        dup2(from[1], 1);
        close(to[0]); close(to[1]); close(from[0]); close(from[1]);
        execlp("sqlite3", "sqlite3", "-batch", "-bail", "-init", "/dev/null", db, (char *)NULL);
        _exit(127);
    }
    close(to[0]);
    close(from[1]);
    return (struct shell){ pid, fdopen(to[1], "w"), fdopen(from[0], "r") };
}

static int shell_end(struct shell *sh)
{
    fclose(sh->in);
    fclose(sh->out);
    int status = 0;
    while (waitpid(sh->pid, &status, 0) < 0 && errno == EINTR) {}
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(outbox_busy_when_another_holds_the_lock)
{
    char path[PATH_BYTES], line[64], err[WK_ERR_MAX] = "";
    struct outbox *o = open_ok(in_tmp(path, "state.db"));
    ADD_OK(o, 1, 1000, NULL);
    struct shell sh = shell_start(path);
    /* .system echo writes straight to the pipe: the lock is held by then. */
    fputs("BEGIN IMMEDIATE;\n.system echo locked\n", sh.in);
    fflush(sh.in);
    CHECK(fgets(line, sizeof line, sh.out) && !strcmp(line, "locked\n"));

    CHECK_OK(outbox_set_busy_timeout(o, 100));
    int rc = add_row(o, 2, PAYLOAD_BYTES, 2000, NULL, NULL, NULL, err);
    CHECK_INT_EQ(rc, WK_EIO);
    if (!strstr(err, "the submission was not saved: the queue is busy"))
        test_fail(__FILE__, __LINE__, "message: %s", err);
    /* Readers are not held up by a writer (WAL). */
    CHECK_INT_EQ(counts_of(o).queued, 1);

    fputs("COMMIT;\n", sh.in);
    CHECK_INT_EQ(shell_end(&sh), 0);
    ADD_OK(o, 2, 2000, NULL);
    CHECK_INT_EQ(counts_of(o).queued, 2);
    outbox_close(o);
}

/* A directory the kiosk may not write: no queue, a clear message, and
 * nothing is moved (there is nothing wrong with the file). */
TEST(outbox_read_only_directory)
{
    char dir[PATH_BYTES], path[PATH_BYTES], err[WK_ERR_MAX] = "";
    fixture_as_unprivileged_user();
    struct outbox *o = NULL;

    /* A new queue in a directory that cannot be written. */
    CHECK(mkdir(in_tmp(dir, "ro"), 0555) == 0);
    in_tmp(path, "ro/state.db");
    CHECK(outbox_open(path, &o, err) < 0);
    CHECK(o == NULL);
    if (!strstr(err, "cannot open the queue") || !strstr(err, "directory cannot be written") ||
        !strstr(err, "Permission denied"))
        test_fail(__FILE__, __LINE__, "message: %s", err);
    CHECK(!exists(path));

    /* An existing queue, its directory made read-only while it is closed:
     * SQLite cannot make the -shm the log needs. */
    CHECK(chmod(dir, 0755) == 0);
    o = open_ok(path);
    ADD_OK(o, 1, 1000, NULL);
    outbox_close(o);
    CHECK(chmod(dir, 0555) == 0);
    err[0] = '\0';
    o = NULL;
    int rc = outbox_open(path, &o, err);
    CHECK_INT_EQ(rc, WK_EIO);
    wk_log(WK_LOG_INFO, "as expected: %s", err);
    if (!strstr(err, "cannot open the queue") || !strstr(err, "directory cannot be written"))
        test_fail(__FILE__, __LINE__, "message: %s", err);
    CHECK(o == NULL);
    glob_t g;
    char pattern[PATH_BYTES + 16];
    snprintf(pattern, sizeof pattern, "%s.corrupt-*", path);
    CHECK(glob(pattern, 0, NULL, &g) == GLOB_NOMATCH);

    /* Made read-only while open: the log and its index are open already,
     * so the queue goes on working, and rows still reach the disk. */
    CHECK(chmod(dir, 0755) == 0);
    o = open_ok(path);
    CHECK(chmod(dir, 0555) == 0);
    err[0] = '\0';
    rc = add_row(o, 2, PAYLOAD_BYTES, 2000, NULL, NULL, NULL, err);
    CHECK_OK(rc);
    CHECK_INT_EQ(counts_of(o).queued, 2);
    outbox_close(o);
    CHECK(chmod(dir, 0755) == 0);
    o = open_ok(path);
    CHECK_INT_EQ(counts_of(o).queued, 2);
    outbox_close(o);
}

TEST(outbox_file_not_writable_or_readable)
{
    char path[PATH_BYTES], err[WK_ERR_MAX] = "";
    fixture_as_unprivileged_user();
    struct outbox *o = open_ok(in_tmp(path, "state.db"));
    ADD_OK(o, 1, 1000, NULL);
    outbox_close(o);

    CHECK(chmod(path, 0444) == 0);
    o = NULL;
    CHECK_INT_EQ(outbox_open(path, &o, err), WK_EIO);
    if (!strstr(err, "cannot open the queue") || !strstr(err, "cannot be read and written"))
        test_fail(__FILE__, __LINE__, "message: %s", err);

    CHECK(chmod(path, 0000) == 0);
    err[0] = '\0';
    CHECK_INT_EQ(outbox_open(path, &o, err), WK_EIO);
    if (!strstr(err, "cannot open the queue") || !strstr(err, "cannot be read and written") ||
        !strstr(err, "Permission denied"))
        test_fail(__FILE__, __LINE__, "message: %s", err);

    glob_t g;
    char pattern[PATH_BYTES + 16];
    snprintf(pattern, sizeof pattern, "%s.corrupt-*", path);
    CHECK(glob(pattern, 0, NULL, &g) == GLOB_NOMATCH);
    CHECK(chmod(path, 0644) == 0);
    o = open_ok(path);
    CHECK_INT_EQ(counts_of(o).queued, 1);
    outbox_close(o);
}

static void check_set_aside(const char *path, const unsigned char *bytes, size_t size)
{
    struct outbox *o = open_ok(path);
    const char *aside = outbox_recovered(o);
    CHECK(aside != NULL);
    char prefix[PATH_BYTES + 16];
    snprintf(prefix, sizeof prefix, "%s.corrupt-", path);
    CHECK(!strncmp(aside, prefix, strlen(prefix)));
    size_t kept_size;
    unsigned char *kept = read_all(aside, &kept_size);
    CHECK(kept && kept_size == size && !memcmp(kept, bytes, size));
    free(kept);

    /* A new, empty queue that works. */
    struct outbox_counts c = counts_of(o);
    CHECK_INT_EQ(c.queued + c.delivered + c.rejected, 0);
    ADD_OK(o, 1, 1000, NULL);
    CHECK_INT_EQ(counts_of(o).queued, 1);
    outbox_close(o);
    o = open_ok(path);
    CHECK(outbox_recovered(o) == NULL);
    CHECK_INT_EQ(counts_of(o).queued, 1);
    outbox_close(o);
}

TEST(outbox_garbage_file_is_set_aside)
{
    char path[PATH_BYTES];
    unsigned char garbage[8192];
    for (size_t i = 0; i < sizeof garbage; i++)
        garbage[i] = (unsigned char)("not a database, just noise "[i % 27]);
    in_tmp(path, "state.db");
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(garbage, 1, sizeof garbage, f) == sizeof garbage && fclose(f) == 0);
    check_set_aside(path, garbage, sizeof garbage);
}

/* A real queue whose pages are damaged past the header: the file opens,
 * quick_check finds it out. */
TEST(outbox_damaged_pages_are_set_aside)
{
    char path[PATH_BYTES];
    struct outbox *o = open_ok(in_tmp(path, "state.db"));
    for (int i = 0; i < 40; i++)
        ADD_OK(o, i, 1000 + i, NULL);
    outbox_close(o);
    size_t size;
    unsigned char *bytes = read_all(path, &size);
    CHECK(bytes && size > 4 * 4096);
    for (size_t i = 4096 + 100; i < size; i += 7)
        bytes[i] ^= 0x5a;
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(bytes, 1, size, f) == size && fclose(f) == 0);
    check_set_aside(path, bytes, size);
    free(bytes);
}

/* Only an edited or damaged file has a queued row without a payload; it
 * is rejected (kept, for staff) so it cannot hold up the rows behind it. */
TEST(outbox_queued_row_without_payload_is_rejected)
{
    char path[PATH_BYTES], a[OUTBOX_UUID_BYTES], b[OUTBOX_UUID_BYTES], got[OUTBOX_UUID_BYTES];
    char cmd[2 * PATH_BYTES];
    struct outbox *o = open_ok(in_tmp(path, "state.db"));
    ADD_OK(o, 1, 1000, a);
    ADD_OK(o, 2, 2000, b);
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"UPDATE submissions SET payload = NULL WHERE uuid = '%s'\"",
             path, a);
    CHECK(system(cmd) == 0);
    CHECK_INT_EQ(next_due_seed(o, 5000, got, 2), 1);
    CHECK_STR_EQ(got, b);
    struct outbox_counts c = counts_of(o);
    CHECK_INT_EQ(c.queued, 1);
    CHECK_INT_EQ(c.rejected, 1);
    outbox_close(o);
}

TEST(outbox_newer_schema_is_refused_not_moved)
{
    char path[PATH_BYTES], cmd[PATH_BYTES + 64], err[WK_ERR_MAX] = "";
    struct outbox *o = open_ok(in_tmp(path, "state.db"));
    outbox_close(o);
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'PRAGMA user_version = 99'", path);
    CHECK(system(cmd) == 0);
    o = NULL;
    CHECK_INT_EQ(outbox_open(path, &o, err), WK_EUNSUPPORTED);
    CHECK(strstr(err, "newer firmware"));
    CHECK(exists(path));
}

static int keep_days_of_each(void *user, const struct outbox_row *row)
{
    char *out = user;
    snprintf(out + strlen(out), 64, "%s=%d ", row->kind, row->keep_days);
    return 0;
}

/* A state.db of the firmware before keep_days (schema 3), with a row
 * queued: it gains the column, the row stays queued and goes without
 * one; a new row keeps its form's days, read back as the sync worker and
 * staff read rows. Days no form can have are refused. */
TEST(outbox_from_an_older_firmware_gains_keep_days_and_keeps_its_rows)
{
    char path[PATH_BYTES], cmd[PATH_BYTES + 128], err[WK_ERR_MAX] = "", seen[256] = "";
    struct outbox *o = open_ok(in_tmp(path, "state.db"));
    ADD_OK(o, 1, 1000, NULL);
    outbox_close(o);
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'ALTER TABLE submissions DROP COLUMN keep_days; PRAGMA user_version = 3'",
             path);
    CHECK(system(cmd) == 0);
    o = open_ok(path);
    char uuid[OUTBOX_UUID_BYTES], ref[OUTBOX_REF_BYTES];
    unsigned char payload[64] = { 7 };
    CHECK_OK(outbox_new_ids(o, uuid, ref, err));
    CHECK_OK(outbox_add(o, &(struct outbox_record){ uuid, ref, "buddy", payload, sizeof payload, 180 }, NULL, 2000,
                        err));
    CHECK_OK(outbox_list(o, keep_days_of_each, seen, err));
    CHECK_STR_EQ(seen, "message=0 buddy=180 ");
    struct outbox_row row;
    CHECK_INT_EQ(outbox_next_due(o, 5000, &row, err), 1);
    CHECK_INT_EQ(row.keep_days, 0);                 /* the old row first */
    CHECK_OK(outbox_mark_delivered(o, row.uuid, 5000, err));
    outbox_row_free(&row);
    CHECK_INT_EQ(outbox_next_due(o, 5000, &row, err), 1);
    CHECK_STR_EQ(row.uuid, uuid);
    CHECK_INT_EQ(row.keep_days, 180);
    outbox_row_free(&row);
    for (int bad = -1; bad <= WK_MAX_KEEP_DAYS + 1; bad += WK_MAX_KEEP_DAYS + 2) {
        CHECK_OK(outbox_new_ids(o, uuid, ref, err));
        CHECK_INT_EQ(outbox_add(o, &(struct outbox_record){ uuid, ref, "buddy", payload, sizeof payload, bad },
                                NULL, 2000, err), WK_EINVAL);
        CHECK(strstr(err, "days"));
    }
    outbox_close(o);
}

TEST(outbox_checkpoint_and_seams)
{
    char path[PATH_BYTES], wal[PATH_BYTES + 8], err[WK_ERR_MAX] = "";
    struct outbox *o = open_ok(in_tmp(path, "state.db"));
    ADD_OK(o, 1, 1000, NULL);
    snprintf(wal, sizeof wal, "%s-wal", path);
    struct stat st;
    CHECK(stat(wal, &st) == 0 && st.st_size > 0);
    checkpoint(o);
    CHECK(stat(wal, &st) == 0 && st.st_size == 0);
    CHECK_INT_EQ(outbox_set_max_pages(o, 0), WK_EINVAL);
    CHECK_INT_EQ(outbox_set_busy_timeout(o, -1), WK_EINVAL);
    struct outbox *none = NULL;
    CHECK_INT_EQ(outbox_open("", &none, err), WK_EINVAL);
    outbox_close(o);
    outbox_close(NULL);
}

static unsigned mode_of(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        test_fail(__FILE__, __LINE__, "%s: %s", path, strerror(errno));
    return (unsigned)(st.st_mode & 07777);
}

/* The queue is the kiosk user's alone, whatever the umask: a new state.db
 * and the -wal and -shm SQLite makes beside it are 0600, and an old queue
 * made 0644 becomes 0600 when it is opened. */
TEST(outbox_files_are_readable_by_the_kiosk_user_only)
{
    char path[PATH_BYTES], wal[PATH_BYTES + 8], shm[PATH_BYTES + 8];
    mode_t old = umask(022);
    in_tmp(path, "state.db");
    snprintf(wal, sizeof wal, "%s-wal", path);
    snprintf(shm, sizeof shm, "%s-shm", path);
    struct outbox *o = open_ok(path);
    ADD_OK(o, 1, 1000, NULL);
    CHECK_INT_EQ(mode_of(path), 0600);
    CHECK_INT_EQ(mode_of(wal), 0600);
    CHECK_INT_EQ(mode_of(shm), 0600);
    outbox_close(o);

    /* A queue from before. */
    CHECK(chmod(path, 0644) == 0);
    o = open_ok(path);
    ADD_OK(o, 2, 2000, NULL);
    CHECK_INT_EQ(mode_of(path), 0600);
    CHECK_INT_EQ(mode_of(wal), 0600);
    CHECK_INT_EQ(mode_of(shm), 0600);
    CHECK_INT_EQ(counts_of(o).queued, 2);
    outbox_close(o);
    umask(old);
}
