/* bench_outbox.c — what the queue of sealed submissions (state.db) costs,
 * printed as name=value lines (bench/README.md says what each means):
 *   - a tap on Send to the receipt on screen: the headless kiosk with the
 *     demo content and a queue of its own, a sign-up filled in with the
 *     on-screen keyboard up to the consent page, then the timed tap (the
 *     answers serialised, sealed and committed with synchronous=FULL,
 *     the receipt drawn and presented);
 *   - sealed inserts per second into a queue, and the seal alone;
 *   - the size of state.db after 10,000 queued sign-ups, and after all
 *     of them were delivered (payloads wiped).
 * Every file is in bench_tmp_dir(), under /tmp: fsync costs what that
 * file system and the disk under it make it cost. */
#include "bench.h"
#include "../app/content/content.h"
#include "../app/kiosk/bundles.h"
#include "../app/kiosk/submit.h"
#include "../app/outbox/outbox.h"
#include "../app/outbox/seal.h"
#include "../platform/platform.h"

#include <errno.h>
#include <ftw.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define PATH_BYTES 1024
#define DEMO_SRC "assets/demo"
#define TEST_KEY "assets/demo/keys/test-publisher"
#define HUB_KEY "assets/demo/keys/test-hub"
/* The demo's Tuesday activity with sign-up, for the fake clock's Monday
 * 5 January 2026 under "Tomorrow". Its 12 places would run out after 12
 * sign-ups, so the copy of the demo built here gives it the most
 * welkomctl accepts. */
#define SIGNUP_ACTIVITY_FILE "activities/jobteam-intro.ini"
#define SIGNUP_CAPACITY_DEMO "capacity = 12\n"
#define SIGNUP_CAPACITY_BENCH "capacity = 10000\n"
#define SIGNUP_PATH "tap:English;tap:What's on;tap:Tomorrow;tap:Introduction to Jobteam;tap:Sign up"
#define SIGNUP_NAME "amina"
#define SIGNUP_REST "tap:⏎;tap:Next;tap:At the reception desk;tap:Next"
#define SENDS 100
#define SEND_MAX_TURNS 16
/* Inserts: this long or this many rows, whichever comes first. */
#define INSERT_MS 3000.0
#define INSERT_MAX_ROWS 2000
#define INSERT_SEALED_BYTES 400
#define QUEUED_ROWS 10000
#define PLAIN_MAX 1024

/* --- the demo content, with room for every sign-up ---------------------- */

static char copy_to[PATH_BYTES];

static void write_file(const char *path, const char *bytes, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(bytes, 1, size, f) != size || fclose(f))
        bench_die(path, "cannot write");
}

/* Copies the demo's source files (not its keys), with the sign-up
 * activity's capacity raised. */
static int copy_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)ftw;
    const char *rel = path + strlen(DEMO_SRC);
    rel += *rel == '/';
    char to[PATH_BYTES * 2];
    snprintf(to, sizeof to, "%s/%s", copy_to, rel);
    if (strncmp(rel, "keys", 4) == 0)
        return 0;
    if (flag == FTW_D) {
        if (mkdir(to, 0755) && errno != EEXIST)
            bench_die(to, strerror(errno));
        return 0;
    }
    size_t n = strlen(rel);
    if (flag != FTW_F || n < 4 || strcmp(rel + n - 4, ".ini") != 0)
        return 0;
    FILE *f = fopen(path, "rb");
    static char text[256 * 1024];
    size_t size = f ? fread(text, 1, sizeof text - 1, f) : 0;
    if (!f || ferror(f) || size == sizeof text - 1)
        bench_die(path, "cannot read (or too long)");
    fclose(f);
    text[size] = '\0';
    if (strcmp(rel, SIGNUP_ACTIVITY_FILE) == 0) {
        char *at = strstr(text, SIGNUP_CAPACITY_DEMO);
        if (!at)
            bench_die(path, "has no \"" SIGNUP_CAPACITY_DEMO "\" any more (see bench_outbox.c)");
        static char patched[sizeof text + 16];
        size_t head = (size_t)(at - text);
        size = (size_t)snprintf(patched, sizeof patched, "%.*s%s%s", (int)head, text,
                                SIGNUP_CAPACITY_BENCH, at + strlen(SIGNUP_CAPACITY_DEMO));
        write_file(to, patched, size);
    } else {
        write_file(to, text, size);
    }
    return 0;
}

static struct content *demo_with_room(const char *dir)
{
    char bundle[PATH_BYTES];
    snprintf(copy_to, sizeof copy_to, "%s/demo-src", dir);
    snprintf(bundle, sizeof bundle, "%s/demo.db", dir);
    if (nftw(DEMO_SRC, copy_entry, 16, FTW_PHYS))
        bench_die(DEMO_SRC, "cannot copy the demo source");
    bench_build_bundle(copy_to, bundle);
    bench_sign(bundle);
    /* The test publisher key: build/demo/publisher.pub is a copy of it. */
    struct content_keys keys = bench_keys_from(TEST_KEY ".pub");
    struct content *c = kiosk_load_content(&(struct kiosk_content_desc){ .bundle = bundle,
                                                                         .keys = &keys });
    if (!c)
        bench_die(bundle, "refused (see the log)");
    return c;
}

struct outbox *bench_open_queue(const char *path)
{
    char err[WK_ERR_MAX] = "";
    struct outbox *o = NULL;
    if (outbox_open(path, &o, err))
        bench_die(path, err);
    return o;
}

/* --- Send to receipt ----------------------------------------------------- */

/* One turn of the loop with ev (if any) queued first; true if it
 * presented a frame. */
static bool turn(struct bench *b, const struct wk_event *ev)
{
    uint64_t presented = plat_frames_presented(b->plat);
    if (ev)
        plat_inject(b->plat, ev);
    kiosk_loop_once(&b->loop, 0);
    return plat_frames_presented(b->plat) > presented;
}

/* From the consent page: the finger down and up on Send, then turns until
 * a turn presents the receipt. ms. */
static double timed_send(struct bench *b)
{
    if (kiosk_screen(b->kiosk) != SCREEN_CONSENT)
        bench_die("send", "the sign-up did not reach the consent page");
    const struct ui_widget *w = kiosk_find_widget(b->kiosk, "Send");
    if (!w)
        bench_die("Send", "not on screen");
    int x = w->rect.x + w->rect.w / 2, y = w->rect.y + w->rect.h / 2;
    double t0 = bench_now_ms();
    bool shown = turn(b, &(struct wk_event){ .type = WK_EV_POINTER_DOWN, .x = x, .y = y }) &&
                 kiosk_screen(b->kiosk) == SCREEN_RECEIPT;
    if (!shown)
        shown = turn(b, &(struct wk_event){ .type = WK_EV_POINTER_UP, .x = x, .y = y }) &&
                kiosk_screen(b->kiosk) == SCREEN_RECEIPT;
    for (int i = 0; !shown && i < SEND_MAX_TURNS && kiosk_screen(b->kiosk) != SCREEN_NOT_SAVED; i++)
        shown = turn(b, NULL) && kiosk_screen(b->kiosk) == SCREEN_RECEIPT;
    double ms = bench_now_ms() - t0;
    if (!shown)
        bench_die("send", kiosk_screen(b->kiosk) == SCREEN_NOT_SAVED
                              ? "the kiosk says \"not saved\" (see the log)"
                              : "no receipt was presented");
    return ms;
}

struct last_row {
    int rows;
    char uuid[OUTBOX_UUID_BYTES], ref[OUTBOX_REF_BYTES];
    unsigned char sealed[OUTBOX_MAX_PAYLOAD];
    size_t size;
};

static int keep_last(void *user, const struct outbox_row *row)
{
    struct last_row *l = user;
    l->rows++;
    memcpy(l->uuid, row->uuid, sizeof l->uuid);
    memcpy(l->ref, row->ref, sizeof l->ref);
    l->size = WK_MIN(row->payload_size, sizeof l->sealed);
    memcpy(l->sealed, row->payload, l->size);
    return 0;
}

/* A sign-up as the kiosk writes it: its last queued plaintext (opened with
 * the test hub's secret key), for the 10,000 sign-ups below. */
struct signup_template {
    char plain[PLAIN_MAX];
    size_t size, uuid_at, ref_at;
    size_t sealed_size;
};

static void read_template(struct outbox *o, struct signup_template *t)
{
    char err[WK_ERR_MAX] = "";
    static struct last_row last;
    memset(&last, 0, sizeof last);
    if (outbox_list(o, keep_last, &last, err))
        bench_die("outbox_list", err);
    if (last.rows != SENDS)
        bench_die("send", "the queue does not hold one row per Send");
    unsigned char sk[crypto_box_SECRETKEYBYTES], pk[crypto_box_PUBLICKEYBYTES];
    if (content_key_file_read(HUB_KEY ".key", sk, sizeof sk, err))
        bench_die(HUB_KEY ".key", err);
    crypto_scalarmult_base(pk, sk);
    if (last.size <= crypto_box_SEALBYTES || last.size - crypto_box_SEALBYTES >= sizeof t->plain ||
        crypto_box_seal_open((unsigned char *)t->plain, last.sealed, last.size, pk, sk) != 0)
        bench_die("send", "the hub's test key does not open the queued sign-up");
    t->size = last.size - crypto_box_SEALBYTES;
    t->plain[t->size] = '\0';
    t->sealed_size = last.size;
    const char *uuid = strstr(t->plain, last.uuid), *ref = strstr(t->plain, last.ref);
    if (!uuid || !ref)
        bench_die("send", "the sealed sign-up holds no uuid or reference code");
    t->uuid_at = (size_t)(uuid - t->plain);
    t->ref_at = (size_t)(ref - t->plain);
}

static void read_hub_key(unsigned char key[OUTBOX_HUB_KEY_BYTES]);

static void send_to_receipt(const char *dir, struct signup_template *t)
{
    char path[PATH_BYTES], steps[1024];
    snprintf(path, sizeof path, "%s/kiosk-state.db", dir);
    struct outbox *o = bench_open_queue(path);
    struct bench b;
    unsigned char key[OUTBOX_HUB_KEY_BYTES];
    read_hub_key(key);                  /* the TEST hub key: a test set-up */
    bench_open(&b, &(struct bench_desc){ .content = demo_with_room(dir), .outbox = o, .hub_key = key });
    int n = snprintf(steps, sizeof steps, "%s", SIGNUP_PATH);
    for (const char *p = SIGNUP_NAME; *p; p++)
        n += snprintf(steps + n, sizeof steps - (size_t)n, ";tap:%c", *p);
    snprintf(steps + n, sizeof steps - (size_t)n, ";%s", SIGNUP_REST);

    static double samples[SENDS];
    for (int i = 0; i < SENDS; i++) {
        bench_script(&b, steps);
        samples[i] = timed_send(&b);
        bench_script(&b, "tap:Done");
        if (kiosk_screen(b.kiosk) != SCREEN_ATTRACT)
            bench_die("Done", "did not end the session");
    }
    bench_report("send_to_receipt", samples, SENDS);
    printf("send_to_receipt_samples=%d\n", SENDS);
    read_template(o, t);
    printf("signup_sealed_bytes=%zu\n", t->sealed_size);
    bench_close(&b);
    outbox_close(o);
}

/* --- inserts --------------------------------------------------------------- */

static void read_hub_key(unsigned char key[OUTBOX_HUB_KEY_BYTES])
{
    char err[WK_ERR_MAX] = "";
    if (content_key_file_read(HUB_KEY ".pub", key, OUTBOX_HUB_KEY_BYTES, err))
        bench_die(HUB_KEY ".pub", err);
}

/* A message to staff, as JSON, of size - 1 bytes (the text pads it);
 * bench_sync.c queues these too. */
size_t bench_message_json(char *out, size_t size, const char *uuid, const char *ref)
{
    static const char filler[] =
        "Hello, I would like to talk to someone about my appointment at the town hall next week. "
        "I do not understand the letter I received and I need help to fill in the form before "
        "Friday. I am here every morning. Thank you very much for your help, kind regards. "
        "Hello, I would like to talk to someone about my appointment at the town hall next week. ";
    int head = snprintf(out, size,
                        "{\"format\":1,\"kind\":\"message\",\"form\":\"message\",\"uuid\":\"%s\","
                        "\"ref\":\"%s\",\"created_at\":\"2026-01-05T09:00:00Z\",\"lang\":\"en\","
                        "\"content_version\":1,\"answers\":{\"topic\":\"other\",\"text\":\"",
                        uuid, ref);
    static const char tail[] = "\",\"name\":\"sam\",\"contact\":\"centre\"},\"consent\":true}";
    int text = (int)size - 1 - head - (int)strlen(tail);
    if (head < 0 || text < 0 || text > (int)strlen(filler))
        bench_die("message", "the plaintext does not fit the size");
    snprintf(out + head, size - (size_t)head, "%.*s%s", text, filler, tail);
    return size - 1;
}

static void sealed_inserts(const char *dir)
{
    char path[PATH_BYTES], err[WK_ERR_MAX] = "", plain[PLAIN_MAX];
    char uuid[OUTBOX_UUID_BYTES], ref[OUTBOX_REF_BYTES];
    unsigned char key[OUTBOX_HUB_KEY_BYTES];
    static double seal_ms[INSERT_MAX_ROWS], add_ms[INSERT_MAX_ROWS];
    read_hub_key(key);
    snprintf(path, sizeof path, "%s/inserts-state.db", dir);
    struct outbox *o = bench_open_queue(path);
    int rows = 0;
    double t0 = bench_now_ms(), elapsed = 0;
    while (rows < INSERT_MAX_ROWS && elapsed < INSERT_MS) {
        if (outbox_new_ids(o, uuid, ref, err))
            bench_die("outbox_new_ids", err);
        size_t size = bench_message_json(plain, INSERT_SEALED_BYTES - crypto_box_SEALBYTES + 1, uuid, ref);
        unsigned char *sealed = NULL;
        size_t sealed_size = 0;
        double t1 = bench_now_ms();
        if (outbox_seal(key, (const unsigned char *)plain, size, &sealed, &sealed_size, err))
            bench_die("outbox_seal", err);
        double t2 = bench_now_ms();
        if (outbox_add(o, &(struct outbox_record){ uuid, ref, "message", sealed, sealed_size, 0 }, NULL, 0, err))
            bench_die("outbox_add", err);
        double t3 = bench_now_ms();
        if (sealed_size != INSERT_SEALED_BYTES)
            bench_die("outbox_seal", "the sealed payload is not 400 bytes");
        free(sealed);
        seal_ms[rows] = t2 - t1;
        add_ms[rows++] = t3 - t2;
        elapsed = t3 - t0;
    }
    printf("sealed_inserts_per_s_sync_full=%.0f\n", rows / (elapsed / 1000));
    printf("sealed_inserts_rows=%d\n", rows);
    printf("seal_us=%.1f\n", bench_median(seal_ms, rows) * 1000);
    bench_report("outbox_add_400b", add_ms, rows);
    outbox_close(o);
}

/* --- 10,000 sign-ups --------------------------------------------------------- */

static long kib_of(const char *db)
{
    char wal[PATH_BYTES + 8];
    struct stat st;
    long long bytes = 0;
    if (stat(db, &st) == 0)
        bytes += st.st_size;
    snprintf(wal, sizeof wal, "%s-wal", db);
    if (stat(wal, &st) == 0)
        bytes += st.st_size;
    return (long)(bytes / 1024);
}

static void ten_thousand(const char *dir, const struct signup_template *t)
{
    char path[PATH_BYTES], err[WK_ERR_MAX] = "", plain[PLAIN_MAX];
    static char uuids[QUEUED_ROWS][OUTBOX_UUID_BYTES];
    char ref[OUTBOX_REF_BYTES];
    unsigned char key[OUTBOX_HUB_KEY_BYTES];
    read_hub_key(key);
    snprintf(path, sizeof path, "%s/queued-state.db", dir);
    struct outbox *o = bench_open_queue(path);
    memcpy(plain, t->plain, t->size);
    int32_t tuesday = content_day_from_ymd(2026, 1, 6);
    struct outbox_signup signup = { .activity = "jobteam-intro", .day = tuesday, .places = 1,
                                    .bundle_version = 1 };
    double t0 = bench_now_ms();
    for (int i = 0; i < QUEUED_ROWS; i++) {
        if (outbox_new_ids(o, uuids[i], ref, err))
            bench_die("outbox_new_ids", err);
        memcpy(plain + t->uuid_at, uuids[i], OUTBOX_UUID_BYTES - 1);
        memcpy(plain + t->ref_at, ref, OUTBOX_REF_BYTES - 1);
        unsigned char *sealed = NULL;
        size_t sealed_size = 0;
        if (outbox_seal(key, (const unsigned char *)plain, t->size, &sealed, &sealed_size, err))
            bench_die("outbox_seal", err);
        if (outbox_add(o, &(struct outbox_record){ uuids[i], ref, "signup", sealed, sealed_size, 0 },
                       &signup, 0, err))
            bench_die("outbox_add", err);
        free(sealed);
    }
    printf("adds_10000_s=%.2f\n", (bench_now_ms() - t0) / 1000);
    if (outbox_checkpoint(o, err))
        bench_die("outbox_checkpoint", err);
    printf("state_db_kib_after_10000_queued=%ld\n", kib_of(path));

    t0 = bench_now_ms();
    for (int i = 0; i < QUEUED_ROWS; i++)
        if (outbox_mark_delivered(o, uuids[i], 1, err))
            bench_die("outbox_mark_delivered", err);
    printf("mark_delivered_10000_s=%.2f\n", (bench_now_ms() - t0) / 1000);
    if (outbox_checkpoint(o, err))
        bench_die("outbox_checkpoint", err);
    printf("state_db_kib_after_10000_delivered=%ld\n", kib_of(path));
    struct outbox_counts counts;
    if (outbox_counts(o, &counts, err))
        bench_die("outbox_counts", err);
    if (counts.delivered != QUEUED_ROWS || counts.queued != 0)
        bench_die("outbox_mark_delivered", "not every row is delivered");
    outbox_close(o);
}

void bench_outbox(void)
{
    /* Times in the demo are local to Europe/Brussels, as on a kiosk there. */
    setenv("TZ", "Europe/Brussels", 1);
    tzset();
    kiosk_submit_init();
    /* Each Send logs one INFO line ("queued a signup, reference ...");
     * 100 of them would bury the figures. */
    wk_log_set_level(WK_LOG_WARN);
    const char *dir = bench_tmp_dir();
    static struct signup_template t;
    send_to_receipt(dir, &t);
    sealed_inserts(dir);
    ten_thousand(dir, &t);
}
