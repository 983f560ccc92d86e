/* test_sync_bundles.c — new content from the real welkom-hub: staff
 * publish with the real welkomctl, the sync worker polls, downloads,
 * checks and installs, and the UI thread hears of it once. A download cut
 * half-way is retried; a bundle signed by a key the kiosk does not trust
 * is refused and not fetched again; the kiosk never goes back to an older
 * version; unchanged content costs a 304. */
#include "test.h"
#include "hubproc.h"
#include "fixture.h"
#include "../app/sync/sync.h"
#include "../app/content/store.h"
#include "../app/outbox/outbox.h"

#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#define WAIT_LIMIT_MS 30000
/* The worker's first poll, soon after start: the tests do not wait out
 * the kiosk's default (SYNC_DEFAULT_FIRST_POLL_MS). */
#define TEST_FIRST_POLL_MS 50
#define TEST_CREATED_MS 1767603600000LL

struct rig {
    struct hubproc hub;
    struct proxyproc proxy;
    char token[64], state_dir[1024], ctl[1024];
    struct content_keys keys;
    struct sync *sync;
    atomic_int notified;
};

static void rig_open(struct rig *r)
{
    memset(r, 0, sizeof *r);
    snprintf(r->state_dir, sizeof r->state_dir, "%s/state", test_tmpdir());
    snprintf(r->ctl, sizeof r->ctl, "%s/welkomctl", test_build_dir());
    r->keys = fixture_test_keys();
    hubproc_start(&r->hub, 0, NULL);
    hubproc_enrol(&r->hub, "hallway-1", r->token);
}

static void rig_close(struct rig *r)
{
    sync_stop(r->sync);
    proxyproc_stop(&r->proxy);
    hubproc_stop(&r->hub, SIGTERM);
}

static void on_notify(void *user)
{
    struct rig *r = user;
    atomic_fetch_add(&r->notified, 1);
}

static void start(struct rig *r, const char *url)
{
    char err[WK_ERR_MAX] = "", db[1100];
    snprintf(db, sizeof db, "%s/state.db", test_tmpdir());
    struct sync_config c = {
        .hub_url = url, .token = r->token, .state_db = db, .state_dir = r->state_dir,
        .publisher_keys = &r->keys, .firmware = "test", .heartbeat_s = 3600, .poll_s = 1,
        .first_poll_ms = TEST_FIRST_POLL_MS, .notify = on_notify, .notify_user = r,
    };
    if (sync_start(&c, &r->sync, err))
        test_fail(__FILE__, __LINE__, "%s", err);
}

/* welkomctl publish BUNDLE --key PUB: its exit status. */
static int publish(struct rig *r, const char *bundle, const char *pub)
{
    const char *argv[] = { r->ctl, "publish", bundle, "--key", pub, "--hub-db", r->hub.db, NULL };
    return hubproc_run(argv);
}

static const char *test_key(char buf[1024], const char *ext)
{
    snprintf(buf, 1024, "%s/assets/demo/keys/test-publisher%s", test_root(), ext);
    return buf;
}

static struct sync_stats stats(struct rig *r)
{
    struct sync_stats st;
    sync_get_stats(r->sync, &st);
    return st;
}

/* Waits for the UI's event of version v. */
static void wait_installed(struct rig *r, int64_t v, int line)
{
    int64_t until = hubproc_now_ms() + WAIT_LIMIT_MS;
    struct sync_event ev;
    for (;;) {
        if (sync_take_event(r->sync, &ev)) {
            if (ev.type != SYNC_EV_CONTENT_INSTALLED || ev.content_version != v)
                test_fail(__FILE__, line, "event %d for version %lld, expected version %lld", ev.type,
                          (long long)ev.content_version, (long long)v);
            return;
        }
        if (hubproc_now_ms() > until)
            test_fail(__FILE__, line, "version %lld not installed after %d ms (last error: %s)", (long long)v,
                      WAIT_LIMIT_MS, stats(r).last_error);
        usleep(20 * 1000);
    }
}

/* Queues n rows (a resident sent something) and wakes the worker; the
 * hub takes them as they are (it does not open sealed payloads). */
static void queue_and_wake(struct rig *r, int n)
{
    char err[WK_ERR_MAX] = "", db[1100], uuid[OUTBOX_UUID_BYTES], ref[OUTBOX_REF_BYTES];
    unsigned char sealed[crypto_box_SEALBYTES + 16] = { 0 };
    struct outbox *o;
    snprintf(db, sizeof db, "%s/state.db", test_tmpdir());
    CHECK_OK(outbox_open(db, &o, err));
    for (int i = 0; i < n; i++) {
        CHECK_OK(outbox_new_ids(o, uuid, ref, err));
        CHECK_OK(outbox_add(o, &(struct outbox_record){ uuid, ref, "message", sealed, sizeof sealed, 0 },
                            NULL, TEST_CREATED_MS, err));
    }
    outbox_close(o);
    sync_wake(r->sync);
}

/* Waits until the worker has delivered n rows in all. */
static void wait_delivered(struct rig *r, uint64_t n, int line)
{
    int64_t until = hubproc_now_ms() + WAIT_LIMIT_MS;
    while (stats(r).delivered < n) {
        if (hubproc_now_ms() > until)
            test_fail(__FILE__, line, "%llu of %llu rows delivered (last error: %s)",
                      (unsigned long long)stats(r).delivered, (unsigned long long)n, stats(r).last_error);
        usleep(20 * 1000);
    }
}

/* Waits until the worker has polled n more times. */
static void wait_polls(struct rig *r, uint64_t n, int line)
{
    uint64_t target = stats(r).polls + n;
    int64_t until = hubproc_now_ms() + WAIT_LIMIT_MS;
    while (stats(r).polls < target) {
        if (hubproc_now_ms() > until)
            test_fail(__FILE__, line, "the worker stopped polling");
        usleep(20 * 1000);
    }
}

TEST(sync_installs_published_content_and_tells_the_ui_once)
{
    struct rig r;
    char v2[1024], v3[1024], pub[1024];
    rig_open(&r);
    fixture_demo_version(2, test_key(pub, ""), v2);
    CHECK_INT_EQ(publish(&r, v2, test_key(pub, ".pub")), 0);
    start(&r, r.hub.url);
    wait_installed(&r, 2, __LINE__);
    CHECK(atomic_load(&r.notified) >= 1);
    CHECK_INT_EQ(content_store_version(r.state_dir), 2);
    char path[1100], err[WK_ERR_MAX] = "";
    struct content *c = NULL;
    content_store_path(r.state_dir, path, sizeof path);
    CHECK_OK(content_open(path, &r.keys, &c, err));
    CHECK_INT_EQ(content_meta(c)->content_version, 2);
    content_close(c);

    /* Nothing new: polls cost a 304, nothing is downloaded again. */
    uint64_t downloads = stats(&r).downloads;
    wait_polls(&r, 3, __LINE__);
    CHECK_INT_EQ(stats(&r).downloads, downloads);
    struct sync_event ev;
    CHECK(!sync_take_event(r.sync, &ev));

    fixture_demo_version(3, test_key(pub, ""), v3);
    CHECK_INT_EQ(publish(&r, v3, test_key(pub, ".pub")), 0);
    wait_installed(&r, 3, __LINE__);
    CHECK_INT_EQ(content_store_version(r.state_dir), 3);
    CHECK_INT_EQ(stats(&r).bundles_installed, 2);
    rig_close(&r);
}

TEST(sync_retries_a_download_cut_half_way_and_installs_the_whole_bundle)
{
    struct rig r;
    char v2[1024], pub[1024], leftover[1100];
    rig_open(&r);
    fixture_demo_version(2, test_key(pub, ""), v2);
    CHECK_INT_EQ(publish(&r, v2, test_key(pub, ".pub")), 0);
    proxyproc_start(&r.proxy, r.hub.port, "cut 20000");
    start(&r, r.proxy.url);
    int64_t until = hubproc_now_ms() + WAIT_LIMIT_MS;
    while (stats(&r).downloads < 2 && hubproc_now_ms() < until)
        usleep(20 * 1000);
    CHECK(stats(&r).downloads >= 2);            /* cut, and tried again */
    CHECK_INT_EQ(stats(&r).bundles_installed, 0);
    CHECK_INT_EQ(content_store_version(r.state_dir), 0);
    snprintf(leftover, sizeof leftover, "%s/download/bundle.db", r.state_dir);
    CHECK(access(leftover, F_OK) != 0);          /* no half bundle left on the card */
    proxyproc_mode(&r.proxy, "pass");
    wait_installed(&r, 2, __LINE__);
    CHECK_INT_EQ(content_store_version(r.state_dir), 2);
    rig_close(&r);
}

TEST(sync_refuses_a_bundle_signed_by_a_key_it_does_not_trust_and_keeps_what_it_has)
{
    struct rig r;
    char v2[1024], v3[1024], pub[1024], other[1100];
    rig_open(&r);
    snprintf(other, sizeof other, "%s/other", test_tmpdir());
    const char *keygen[] = { r.ctl, "keygen", other, "--test", NULL };
    CHECK_INT_EQ(hubproc_run(keygen), 0);
    fixture_demo_version(2, other, v2);
    char other_pub[1200];
    snprintf(other_pub, sizeof other_pub, "%s.pub", other);
    /* The hub takes it (its publisher vouches for it with that key) ... */
    CHECK_INT_EQ(publish(&r, v2, other_pub), 0);
    start(&r, r.hub.url);
    int64_t until = hubproc_now_ms() + WAIT_LIMIT_MS;
    while (!strstr(stats(&r).last_error, "refused") && hubproc_now_ms() < until)
        usleep(20 * 1000);
    /* ... the kiosk does not: it pins the publisher's key. */
    CHECK(strstr(stats(&r).last_error, "content version 2 refused") != NULL);
    CHECK_INT_EQ(content_store_version(r.state_dir), 0);
    uint64_t downloads = stats(&r).downloads;
    CHECK_INT_EQ(downloads, 1);
    wait_polls(&r, 3, __LINE__);
    CHECK_INT_EQ(stats(&r).downloads, downloads);   /* not fetched again */
    struct sync_event ev;
    CHECK(!sync_take_event(r.sync, &ev));

    fixture_demo_version(3, test_key(pub, ""), v3);
    CHECK_INT_EQ(publish(&r, v3, test_key(pub, ".pub")), 0);
    wait_installed(&r, 3, __LINE__);
    CHECK_STR_EQ(stats(&r).last_error, "");
    rig_close(&r);
}

TEST(sync_never_goes_back_to_an_older_version_than_it_has_installed)
{
    struct rig r;
    char v4[1024], v5[1024], pub[1024], err[WK_ERR_MAX] = "";
    rig_open(&r);
    /* A technician installed version 5 from a USB stick; the hub still
     * offers version 4. */
    fixture_demo_version(5, test_key(pub, ""), v5);
    int64_t installed = 0;
    CHECK_OK(content_store_install(r.state_dir, v5, &r.keys, &installed, err));
    fixture_demo_version(4, test_key(pub, ""), v4);
    CHECK_INT_EQ(publish(&r, v4, test_key(pub, ".pub")), 0);
    start(&r, r.hub.url);
    wait_polls(&r, 3, __LINE__);
    CHECK_INT_EQ(stats(&r).downloads, 0);
    CHECK_INT_EQ(content_store_version(r.state_dir), 5);
    struct sync_event ev;
    CHECK(!sync_take_event(r.sync, &ev));
    /* And staff cannot publish an older version than the hub has. */
    fixture_demo_version(3, test_key(pub, ""), v4);
    CHECK(publish(&r, v4, test_key(pub, ".pub")) != 0);
    rig_close(&r);
}

TEST(sync_takes_the_poll_interval_of_new_content_without_a_restart)
{
    struct rig r;
    char err[WK_ERR_MAX] = "", db[1100];
    rig_open(&r);
    snprintf(db, sizeof db, "%s/state.db", test_tmpdir());
    struct sync_config c = {
        .hub_url = r.hub.url, .token = r.token, .state_db = db, .state_dir = r.state_dir,
        .publisher_keys = &r.keys, .firmware = "test", .heartbeat_s = 3600, .poll_s = 3600,
        .first_poll_ms = TEST_FIRST_POLL_MS,
    };
    if (sync_start(&c, &r.sync, err))
        test_fail(__FILE__, __LINE__, "%s", err);
    wait_polls(&r, 1, __LINE__);            /* the first poll, soon after start */
    /* Two rows wake the worker: it looks at its schedule after sending
     * the first, before the second, and does not poll ... */
    queue_and_wake(&r, 2);
    wait_delivered(&r, 2, __LINE__);
    CHECK_INT_EQ(stats(&r).polls, 1);       /* ... the next is an hour away ... */
    sync_set_poll_interval(r.sync, 1);      /* ... until content asks for 1 s */
    wait_polls(&r, 3, __LINE__);
    rig_close(&r);
}

/* One damaged byte of the installed bundle (a worn SD card): the kiosk
 * shows the demo at its next start, and its worker fetches the same
 * version from the hub once more and installs it as a repair, instead of
 * waiting for staff to publish something newer. Older stays refused. */
TEST(sync_repairs_a_damaged_installed_bundle_from_the_hub)
{
    struct rig r;
    char bundle[1024], pub[1024], path[1200], err[WK_ERR_MAX] = "";
    rig_open(&r);
    fixture_demo_version(2, test_key(pub, ""), bundle);
    CHECK_INT_EQ(publish(&r, bundle, test_key(pub, ".pub")), 0);
    start(&r, r.hub.url);
    wait_installed(&r, 2, __LINE__);
    sync_stop(r.sync);
    r.sync = NULL;

    content_store_path(r.state_dir, path, sizeof path);
    size_t size;
    unsigned char *bytes = fixture_slurp(path, &size);
    bytes[size / 2] ^= 0x01;
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL && fwrite(bytes, 1, size, f) == size && fclose(f) == 0);
    free(bytes);
    struct content *c = NULL;
    CHECK(content_store_open(r.state_dir, &r.keys, &c, err) != 0);

    start(&r, r.hub.url);
    wait_installed(&r, 2, __LINE__);
    CHECK_OK(content_store_open(r.state_dir, &r.keys, &c, err));
    CHECK_INT_EQ(content_meta(c)->content_version, 2);
    content_close(c);

    /* With the installed bundle whole again, version 2 is no repair. */
    char again[1024];
    fixture_demo_version(2, test_key(pub, ""), again);
    int64_t v = 0;
    CHECK(content_store_install(r.state_dir, again, &r.keys, &v, err) != 0);
    CHECK(strstr(err, "not newer") != NULL);
    rig_close(&r);
}
