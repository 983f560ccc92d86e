/* test_privacy.c — what a resident typed does not outlive the session in
 * the kiosk's memory, and the kiosk's secrets are not left for others to
 * read: after Done, a marker typed at the kiosk is found nowhere in the
 * process's writable memory (what a core file would hold); the process
 * cannot dump core; a config that holds the token and that every user may
 * read is warned about at start. The kiosk runs in this process (the
 * harness), so its memory is this test's own, read through /proc/self/mem
 * (which, unlike a plain read, also works on freed memory under ASan). */
#include "harness.h"
#include "fixture.h"
#include "../app/kiosk/config.h"

#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

/* Memory is read in pieces this big; consecutive pieces overlap by the
 * marker's length so a marker across a boundary is found. */
#define SCAN_CHUNK (1024 * 1024)
/* Mappings bigger than this are skipped: they are AddressSanitizer's shadow
 * memory (terabytes reserved, mostly never touched, holding no data of
 * the kiosk's); the kiosk's own heap is a few tens of MiB. */
#define SCAN_MAX_MAPPING (16UL * 1024 * 1024 * 1024)

/* Letters the on-screen keyboard has on its first page, in an order no
 * word of the UI, the fonts or the bundle has. */
static const char MARKER[] = "qzxwvjkmarker";

struct scan { char where[512]; int found; };

/* Looks for needle in every readable and writable mapping of this
 * process: the heap, the stacks, the libraries' data, anonymous maps. */
static void scan_memory(const void *needle, size_t n, struct scan *out)
{
    static unsigned char buf[SCAN_CHUNK];
    memset(out, 0, sizeof *out);
    FILE *maps = fopen("/proc/self/maps", "r");
    int mem = open("/proc/self/mem", O_RDONLY);
    CHECK(maps != NULL && mem >= 0);
    char line[512];
    while (fgets(line, sizeof line, maps)) {
        unsigned long lo, hi;
        char perms[8] = "";
        if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) != 3 || perms[0] != 'r' || perms[1] != 'w')
            continue;
        if (strstr(line, "[vvar") || strstr(line, "[vsyscall]") || hi - lo > SCAN_MAX_MAPPING)
            continue;
        for (unsigned long at = lo; at < hi;) {
            size_t want = (size_t)WK_MIN(hi - at, (unsigned long)SCAN_CHUNK);
            ssize_t got = pread(mem, buf, want, (off_t)at);
            if (got <= 0)
                break;
            /* Every match but the needle itself (a test's own array). */
            for (const unsigned char *m = buf; (m = memmem(m, (size_t)got - (size_t)(m - buf), needle, n));
                 m++) {
                if (at + (unsigned long)(m - buf) == (unsigned long)(uintptr_t)needle)
                    continue;
                if (!out->found++)
                    snprintf(out->where, sizeof out->where, "%s", line);
            }
            if (at + (unsigned long)got >= hi || (size_t)got <= n)
                break;
            at += (unsigned long)got - n + 1;
        }
        sodium_memzero(buf, sizeof buf);
    }
    close(mem);
    fclose(maps);
}

static void type(struct harness *h, const char *word)
{
    for (const char *p = word; *p; p++) {
        char step[16];
        snprintf(step, sizeof step, "tap:%c", *p);
        harness_run(h, step);
    }
}

/* Core dumps, swapped-out pages and a debugger's view of the kiosk hold
 * whatever its memory holds: after Done it holds nothing of the resident.
 * The scan first finds the marker while the form is open (so a scan that
 * finds nothing is not a broken scan), then not after Done, neither when
 * the message was sent nor when it was abandoned at consent. */
TEST(after_done_nothing_a_resident_typed_is_left_in_the_kiosks_memory)
{
    unsigned char pk[crypto_box_PUBLICKEYBYTES], sk[crypto_box_SECRETKEYBYTES];
    fixture_test_hub_keys(pk, sk);          /* the demo's forms send only in a test set-up */
    struct harness h;
    harness_open(&h, &(struct harness_desc){ .hub_key = pk });
    /* The marker as UTF-8 and as the code points (UTF-32) the text engine
     * lays out, bidi-orders and breaks. */
    uint32_t marker32[sizeof MARKER - 1];
    for (size_t i = 0; i < sizeof marker32 / sizeof marker32[0]; i++)
        marker32[i] = (unsigned char)MARKER[i];
    struct scan s, s32;
    for (int send = 1; send >= 0; send--) {
        harness_run(&h, "tap:English;tap:Leave a message;tap:Something else;tap:Next");
        type(&h, MARKER);
        scan_memory(MARKER, strlen(MARKER), &s);
        scan_memory(marker32, sizeof marker32, &s32);
        CHECK(s.found > 0);                          /* the scan sees the form */
        harness_run(&h, "tap:⏎");
        type(&h, "sam");
        harness_run(&h, "tap:⏎;tap:At the reception desk;tap:Next;expect:Before you send");
        harness_run(&h, send ? "tap:Send;expect:Your reference code:;tap:Done" : "tap:Do not send;tap:Done");
        CHECK_INT_EQ(kiosk_screen(h.kiosk), SCREEN_ATTRACT);
        scan_memory(MARKER, strlen(MARKER), &s);
        if (s.found)
            test_fail(__FILE__, __LINE__, "after Done (%s) the marker is in memory %d time(s), first in %s",
                      send ? "sent" : "not sent", s.found, s.where);
        scan_memory(marker32, sizeof marker32, &s32);
        if (s32.found)
            test_fail(__FILE__, __LINE__, "after Done (%s) the marker's code points are in memory %d "
                      "time(s), first in %s", send ? "sent" : "not sent", s32.found, s32.where);
    }
    harness_close(&h);
}

TEST(a_kiosk_cannot_dump_core)
{
    CHECK_INT_EQ(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);   /* as every test process starts */
    struct harness h;
    harness_open(&h, &(struct harness_desc){ 0 });
    CHECK_INT_EQ(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
    harness_close(&h);
}

/* Loads path as the kiosk's config with its log in log; returns the log. */
static char *load_config(const char *path, const char *log)
{
    char err[WK_ERR_MAX] = "";
    char *argv[] = { "welkom", "--config", (char *)path, NULL };
    static struct config cfg;
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    CHECK(freopen(log, "w", stderr) != NULL);
    int rc = config_load(3, argv, &cfg, err);
    fflush(stderr);
    CHECK(dup2(saved, STDERR_FILENO) >= 0);
    close(saved);
    if (rc != CONFIG_RUN)
        test_fail(__FILE__, __LINE__, "config_load: %s", err);
    size_t size;
    return (char *)fixture_slurp(log, &size);
}

TEST(a_config_holding_the_token_that_every_user_can_read_is_warned_about)
{
    char conf[FIXTURE_PATH_BYTES], log[FIXTURE_PATH_BYTES];
    snprintf(log, sizeof log, "%s/start.log", test_tmpdir());
    fixture_put(test_tmpdir(), "welkom.conf",
                "[hub]\nurl = http://127.0.0.1:8470\ntoken = abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG\n");
    snprintf(conf, sizeof conf, "%s/welkom.conf", test_tmpdir());

    CHECK(chmod(conf, 0644) == 0);
    char *text = load_config(conf, log);
    CHECK(strstr(text, "can be read by every user") != NULL);
    CHECK(strstr(text, "0644") != NULL);
    CHECK(strstr(text, "abcdefghij") == NULL);       /* not the token itself */
    free(text);

    CHECK(chmod(conf, 0640) == 0);                   /* root:welkom, as setup.sh installs it */
    text = load_config(conf, log);
    CHECK(strstr(text, "can be read") == NULL);
    free(text);

    /* No token, nothing to warn about. */
    fixture_put(test_tmpdir(), "welkom.conf", "[kiosk]\ndefault_language = en\n");
    CHECK(chmod(conf, 0644) == 0);
    text = load_config(conf, log);
    CHECK(strstr(text, "can be read") == NULL);
    free(text);
}

/* make run pins the TEST hub key; the kiosk says at start that this is a
 * test set-up. The compiled-in copy of the key is the repository's. */
TEST(a_kiosk_pinned_to_the_test_hub_key_says_it_is_a_test_set_up)
{
    char conf[FIXTURE_PATH_BYTES], log[FIXTURE_PATH_BYTES], text[512], path[FIXTURE_PATH_BYTES];
    snprintf(path, sizeof path, "%s/assets/demo/keys/test-hub.pub", test_root());
    size_t size;
    char *pub = (char *)fixture_slurp(path, &size);
    CHECK(strstr(pub, CONFIG_TEST_HUB_PUBLIC_KEY) != NULL);
    free(pub);
    snprintf(log, sizeof log, "%s/start.log", test_tmpdir());
    snprintf(conf, sizeof conf, "%s/welkom.conf", test_tmpdir());
    snprintf(text, sizeof text, "[hub]\npublic_key = %s\n", CONFIG_TEST_HUB_PUBLIC_KEY);
    fixture_put(test_tmpdir(), "welkom.conf", text);
    char *out = load_config(conf, log);
    CHECK(strstr(out, "sealing to the TEST hub key: test set-up only") != NULL);
    free(out);

    unsigned char pk[crypto_box_PUBLICKEYBYTES], sk[crypto_box_SECRETKEYBYTES];
    char b64[sodium_base64_ENCODED_LEN(crypto_box_PUBLICKEYBYTES, sodium_base64_VARIANT_ORIGINAL)];
    crypto_box_keypair(pk, sk);
    sodium_bin2base64(b64, sizeof b64, pk, sizeof pk, sodium_base64_VARIANT_ORIGINAL);
    snprintf(text, sizeof text, "[hub]\npublic_key = %s\n", b64);
    fixture_put(test_tmpdir(), "welkom.conf", text);
    out = load_config(conf, log);
    CHECK(strstr(out, "TEST") == NULL);
    free(out);

    fixture_put(test_tmpdir(), "welkom.conf", "[hub]\npublic_key = not a key\n");
    char err[WK_ERR_MAX] = "";
    char *argv[] = { "welkom", "--config", conf, NULL };
    static struct config cfg;
    CHECK(config_load(3, argv, &cfg, err) == WK_EINVAL);
    CHECK(strstr(err, "public_key") != NULL);
}
