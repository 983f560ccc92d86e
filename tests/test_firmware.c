/* test_firmware.c — remote firmware updates (docs/protocol.md,
 * "Firmware"). Staff sign a kiosk package with the real welkomctl and
 * publish it to the real welkom-hub; the kiosk's sync worker finds it
 * above its high-water mark, downloads it and leaves it for the root
 * helper. A package signed by a key the kiosk does not trust, one signed
 * for another architecture, one damaged or cut short on the hub, and an
 * old one offered again are each refused with a reason staff can read,
 * and nothing is left for the helper. The helper itself (the real
 * welkom-update, run as an unprivileged user so dpkg could never touch
 * this machine) refuses the same things before dpkg, and a package when
 * there is nothing to go back to; installing and rolling back with dpkg
 * are tested as root in a Debian chroot (tests/deb/test-deb.sh). */
#include "test.h"
#include "hubproc.h"
#include "fixture.h"
#include "../app/sync/sync.h"
#include "../app/content/firmware.h"
#include "../app/content/store.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define WAIT_LIMIT_MS 30000
#define TEST_FIRST_POLL_MS 50
#define FW_PATH 1200

struct rig {
    struct hubproc hub;
    char token[64], state_dir[1024], ctl[1024];
    struct content_keys keys;
    struct sync *sync;
};

static const char *key_path(char buf[FW_PATH], const char *ext)
{
    snprintf(buf, FW_PATH, "%s/assets/demo/keys/test-publisher%s", test_root(), ext);
    return buf;
}

/* A real .deb of the package welkom, dpkg version `package`, for arch,
 * signed with key (a .key path) as firmware `version`: out is its path. */
static void make_package(const char *package, const char *arch, int version, const char *key, char out[FW_PATH])
{
    char cmd[6000], ctl[FW_PATH];
    snprintf(ctl, sizeof ctl, "%s/%s/welkomctl", test_root(), test_build_dir());
    snprintf(out, FW_PATH, "%s/welkom_%s_%s_%d.deb", test_tmpdir(), package, arch, version);
    snprintf(cmd, sizeof cmd,
             "set -e; d='%s/pkg'; rm -rf \"$d\"; mkdir -p \"$d/DEBIAN\" \"$d/usr/share/welkom\";"
             " printf 'Package: welkom\\nVersion: %s\\nArchitecture: %s\\nMaintainer: t <t@t.invalid>\\n"
             "Description: a test kiosk package\\n' >\"$d/DEBIAN/control\";"
             " head -c 300000 /dev/urandom >\"$d/usr/share/welkom/blob\";"
             " dpkg-deb --root-owner-group -Znone --build \"$d\" '%s' >/dev/null;"
             " '%s' firmware sign '%s' --version %d --key '%s' >/dev/null",
             test_tmpdir(), package, arch, out, ctl, out, version, key);
    if (system(cmd) != 0)
        test_fail(__FILE__, __LINE__, "could not make the package: %s", cmd);
}

static int publish(struct rig *r, const char *deb, const char *pub)
{
    const char *argv[] = { r->ctl, "firmware", "publish", deb, "--key", pub, "--hub-db", r->hub.db, NULL };
    return hubproc_run(argv);
}

static void rig_open(struct rig *r)
{
    memset(r, 0, sizeof *r);
    snprintf(r->state_dir, sizeof r->state_dir, "%s/state", test_tmpdir());
    snprintf(r->ctl, sizeof r->ctl, "%s/welkomctl", test_build_dir());
    r->keys = fixture_test_keys();
    hubproc_start(&r->hub, 0, NULL);
    hubproc_enrol(&r->hub, "hallway-1", r->token);
}

static void start(struct rig *r)
{
    char err[WK_ERR_MAX] = "", db[1100];
    snprintf(db, sizeof db, "%s/state.db", test_tmpdir());
    struct sync_config c = {
        .hub_url = r->hub.url, .token = r->token, .state_db = db, .state_dir = r->state_dir,
        .publisher_keys = &r->keys, .firmware = "test", .heartbeat_s = 3600, .poll_s = 1,
        .first_poll_ms = TEST_FIRST_POLL_MS, .firmware_arch = firmware_this_arch(),
    };
    if (sync_start(&c, &r->sync, err))
        test_fail(__FILE__, __LINE__, "%s", err);
}

static void rig_close(struct rig *r)
{
    sync_stop(r->sync);
    hubproc_stop(&r->hub, SIGTERM);
}

static struct sync_stats stats(struct rig *r)
{
    struct sync_stats st;
    sync_get_stats(r->sync, &st);
    return st;
}

/* Waits until the worker's last_error names words. */
static void wait_refused(struct rig *r, const char *words, int line)
{
    int64_t until = hubproc_now_ms() + WAIT_LIMIT_MS;
    while (!strstr(stats(r).last_error, words)) {
        if (hubproc_now_ms() > until)
            test_fail(__FILE__, line, "no refusal naming \"%s\" (last error: \"%s\")", words, stats(r).last_error);
        usleep(20 * 1000);
    }
}

static bool pending(const struct rig *r)
{
    char path[FW_PATH];
    snprintf(path, sizeof path, "%s/firmware/welkom.deb.sig", r->state_dir);
    return access(path, F_OK) == 0;
}

/* The hub's copy of a published package, to damage by hand. */
static void hub_file(const struct rig *r, const char *arch, int version, const char *ext, char out[FW_PATH])
{
    snprintf(out, FW_PATH, "%s/firmware/%s/%d%s", test_tmpdir(), arch, version, ext);
    (void)r;
}

TEST(firmware_a_signed_newer_package_waits_for_the_helper_byte_for_byte)
{
    struct rig r;
    char deb[FW_PATH], key[FW_PATH], pub[FW_PATH], path[FW_PATH];
    rig_open(&r);
    make_package("0.2.0", firmware_this_arch(), 3, key_path(key, ".key"), deb);
    CHECK_INT_EQ(publish(&r, deb, key_path(pub, ".pub")), 0);
    start(&r);
    int64_t until = hubproc_now_ms() + WAIT_LIMIT_MS;
    while (stats(&r).firmware_version != 3 || !pending(&r)) {
        if (hubproc_now_ms() > until)
            test_fail(__FILE__, __LINE__, "firmware 3 not downloaded (last error: %s)", stats(&r).last_error);
        usleep(20 * 1000);
    }
    size_t a_size, b_size;
    snprintf(path, sizeof path, "%s/firmware/welkom.deb", r.state_dir);
    unsigned char *a = fixture_slurp(deb, &a_size), *b = fixture_slurp(path, &b_size);
    CHECK(a_size == b_size && memcmp(a, b, a_size) == 0);
    free(a);
    free(b);
    snprintf(path, sizeof path, "%s/firmware/version", r.state_dir);
    CHECK_INT_EQ(content_mark_read(path), 3);
    CHECK_STR_EQ(stats(&r).last_error, "");
    rig_close(&r);
}

TEST(firmware_an_untrusted_a_foreign_a_damaged_and_a_truncated_package_are_refused)
{
    struct rig r;
    char deb[FW_PATH], key[FW_PATH], pub[FW_PATH], other[FW_PATH], stored[FW_PATH], cmd[FW_PATH * 3];
    const char *arch = firmware_this_arch(), *foreign = strcmp(arch, "arm64") ? "arm64" : "amd64";
    rig_open(&r);
    start(&r);

    /* Signed by someone the kiosk does not trust. */
    snprintf(other, sizeof other, "%s/other", test_tmpdir());
    const char *keygen[] = { r.ctl, "keygen", other, NULL };
    CHECK_INT_EQ(hubproc_run(keygen), 0);
    snprintf(key, sizeof key, "%.1100s.key", other);
    make_package("0.2.0", arch, 2, key, deb);
    snprintf(pub, sizeof pub, "%.1100s.pub", other);
    CHECK_INT_EQ(publish(&r, deb, pub), 0);
    wait_refused(&r, "firmware 2 is signed by a key this kiosk does not trust", __LINE__);

    /* Signed for another machine, offered under this one's name. */
    make_package("0.3.0", foreign, 3, key_path(key, ".key"), deb);
    CHECK_INT_EQ(publish(&r, deb, key_path(pub, ".pub")), 0);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s/firmware/%s/3.deb' && cp '%s.sig' '%s/firmware/%s/3.deb.sig'", deb,
             test_tmpdir(), arch, deb, test_tmpdir(), arch);
    CHECK_INT_EQ(system(cmd), 0);
    char words[128];
    snprintf(words, sizeof words, "firmware 3 is for %s, this kiosk is %s", foreign, arch);
    wait_refused(&r, words, __LINE__);

    /* Damaged on the hub: one byte changed, the size the same. */
    make_package("0.4.0", arch, 4, key_path(key, ".key"), deb);
    CHECK_INT_EQ(publish(&r, deb, key_path(pub, ".pub")), 0);
    hub_file(&r, arch, 4, ".deb", stored);
    snprintf(cmd, sizeof cmd, "printf 'X' | dd of='%s' bs=1 seek=5000 conv=notrunc status=none", stored);
    CHECK_INT_EQ(system(cmd), 0);
    wait_refused(&r, "firmware 4 is not the package that was signed", __LINE__);

    /* Cut short on the hub. */
    make_package("0.5.0", arch, 5, key_path(key, ".key"), deb);
    CHECK_INT_EQ(publish(&r, deb, key_path(pub, ".pub")), 0);
    hub_file(&r, arch, 5, ".deb", stored);
    CHECK_INT_EQ(truncate(stored, 100000), 0);
    wait_refused(&r, "truncated", __LINE__);
    CHECK(!pending(&r));
    char mark[FW_PATH];
    snprintf(mark, sizeof mark, "%s/firmware/version", r.state_dir);
    CHECK_INT_EQ(content_mark_read(mark), 0);

    /* A tampered package is refused by welkomctl before the hub hears of it. */
    make_package("0.6.0", arch, 6, key_path(key, ".key"), deb);
    snprintf(cmd, sizeof cmd, "printf 'X' | dd of='%s' bs=1 seek=5000 conv=notrunc status=none", deb);
    CHECK_INT_EQ(system(cmd), 0);
    CHECK_INT_EQ(publish(&r, deb, key_path(pub, ".pub")), 1);
    rig_close(&r);
}

TEST(firmware_an_old_package_offered_again_is_refused)
{
    struct rig r;
    char deb[FW_PATH], key[FW_PATH], pub[FW_PATH], dir[FW_PATH], err[WK_ERR_MAX] = "";
    rig_open(&r);
    /* The kiosk took version 7 once; the hub now offers a signed 6. */
    snprintf(dir, sizeof dir, "%s/firmware", r.state_dir);
    CHECK_INT_EQ(mkdir(r.state_dir, 0700), 0);
    CHECK_INT_EQ(mkdir(dir, 0755), 0);
    CHECK_OK(content_mark_write(dir, "version", 7, err));
    make_package("0.1.9", firmware_this_arch(), 6, key_path(key, ".key"), deb);
    CHECK_INT_EQ(publish(&r, deb, key_path(pub, ".pub")), 0);
    start(&r);
    wait_refused(&r, "firmware 6 is not newer than 7", __LINE__);
    CHECK(!pending(&r));
    rig_close(&r);
}

/* The test publisher key as a config's publisher_key takes it: the
 * .pub's one line after its # comments. */
static void test_key_line(char out[128])
{
    char key[FW_PATH];
    size_t size;
    char *pub = (char *)fixture_slurp(key_path(key, ".pub"), &size);
    const char *line = pub;
    while (*line == '#')
        line = strchr(line, '\n') + 1;
    snprintf(out, 128, "%.*s", (int)strcspn(line, "\n"), line);
    free(pub);
}

/* --- the root helper, before dpkg -------------------------------------- */

/* The architecture of the programs this case starts (the build
 * directory's, this machine's: under `make test-arm64` the cases run
 * under qemu, welkom-update does not). */
static void host_arch(char out[FIRMWARE_ARCH_MAX])
{
    FILE *p = popen("dpkg --print-architecture", "r");
    if (!p || !fgets(out, FIRMWARE_ARCH_MAX, p))
        test_fail(__FILE__, __LINE__, "dpkg --print-architecture did not answer");
    pclose(p);
    out[strcspn(out, "\n")] = '\0';
}

/* welkom-update over this case's directories; its exit status. The
 * case runs as an unprivileged user: dpkg could not install anything. */
static int helper(const char *config)
{
    char bin[FW_PATH], state[FW_PATH], dir[FW_PATH];
    snprintf(bin, sizeof bin, "%s/welkom-update", test_build_dir());
    snprintf(state, sizeof state, "%s/state", test_tmpdir());
    snprintf(dir, sizeof dir, "%s/update", test_tmpdir());
    const char *argv[] = { bin, "--config", config, "--state-dir", state, "--dir", dir, "--timeout", "1",
                           "--restart", "false", NULL };
    return hubproc_run(argv);
}

/* Leaves deb and its signature where the kiosk would. */
static void leave_pending(const char *deb)
{
    char cmd[FW_PATH * 3];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s/state/firmware' && cp '%s' '%s/state/firmware/welkom.deb' &&"
             " cp '%s.sig' '%s/state/firmware/welkom.deb.sig'", test_tmpdir(), deb, test_tmpdir(), deb, test_tmpdir());
    CHECK_INT_EQ(system(cmd), 0);
}

static void check_status(const char *result, const char *words, int line)
{
    char path[FW_PATH];
    size_t size;
    snprintf(path, sizeof path, "%s/update/status", test_tmpdir());
    char *text = (char *)fixture_slurp(path, &size);
    char want[64];
    snprintf(want, sizeof want, "result %s\n", result);
    if (!strstr(text, want) || !strstr(text, words))
        test_fail(__FILE__, line, "status is not \"%s\" naming \"%s\":\n%s", result, words, text);
    free(text);
    snprintf(path, sizeof path, "%s/state/firmware/welkom.deb.sig", test_tmpdir());
    if (access(path, F_OK) == 0)
        test_fail(__FILE__, line, "the package still waits in the kiosk's directory");
}

TEST(update_helper_refuses_before_dpkg_what_the_kiosk_should_not_run)
{
    fixture_as_unprivileged_user();
    char deb[FW_PATH], key[FW_PATH], config[FW_PATH], text[256], other[FW_PATH], err[WK_ERR_MAX] = "";
    char ctl[FW_PATH], dir[FW_PATH], pubkey[128], arch[FIRMWARE_ARCH_MAX];
    host_arch(arch);
    snprintf(ctl, sizeof ctl, "%s/welkomctl", test_build_dir());
    test_key_line(pubkey);
    snprintf(text, sizeof text, "[content]\npublisher_key = %s\n", pubkey);
    fixture_put(test_tmpdir(), "welkom.conf", text);
    snprintf(config, sizeof config, "%s/welkom.conf", test_tmpdir());

    CHECK_INT_EQ(helper(config), 0);        /* nothing waits: nothing to do */

    snprintf(other, sizeof other, "%s/other", test_tmpdir());
    const char *keygen[] = { ctl, "keygen", other, NULL };
    CHECK_INT_EQ(hubproc_run(keygen), 0);
    snprintf(key, sizeof key, "%.1100s.key", other);
    make_package("0.2.0", arch, 2, key, deb);
    leave_pending(deb);
    CHECK_INT_EQ(helper(config), 1);
    check_status("refused", "signed by a key this kiosk does not trust", __LINE__);

    make_package("0.3.0", strcmp(arch, "arm64") ? "arm64" : "amd64", 3, key_path(key, ".key"), deb);
    leave_pending(deb);
    CHECK_INT_EQ(helper(config), 1);
    check_status("refused", "this kiosk is", __LINE__);

    make_package("0.4.0", arch, 4, key_path(key, ".key"), deb);
    leave_pending(deb);
    snprintf(text, sizeof text, "printf 'X' | dd of='%s/state/firmware/welkom.deb' bs=1 seek=5000 conv=notrunc"
             " status=none", test_tmpdir());
    CHECK_INT_EQ(system(text), 0);
    CHECK_INT_EQ(helper(config), 1);
    check_status("refused", "not the package that was signed", __LINE__);

    /* A good package, but nothing kept to go back to: not installed. */
    make_package("0.5.0", arch, 5, key_path(key, ".key"), deb);
    leave_pending(deb);
    CHECK_INT_EQ(helper(config), 1);
    check_status("refused", "no previous package is kept", __LINE__);

    /* Its own high-water mark: an old package is never installed. */
    snprintf(dir, sizeof dir, "%s/update", test_tmpdir());
    CHECK_OK(content_mark_write(dir, "version", 9, err));
    make_package("0.6.0", arch, 6, key_path(key, ".key"), deb);
    leave_pending(deb);
    CHECK_INT_EQ(helper(config), 1);
    check_status("refused", "firmware 6 is not newer than 9", __LINE__);

    /* The kiosk's user owns its directory: a link there leads nowhere. */
    make_package("0.7.0", arch, 10, key_path(key, ".key"), deb);
    leave_pending(deb);
    snprintf(text, sizeof text, "cd '%s/state' && mv firmware elsewhere && ln -s elsewhere firmware", test_tmpdir());
    CHECK_INT_EQ(system(text), 0);
    CHECK_INT_EQ(helper(config), 1);
    char path[FW_PATH];
    size_t size;
    snprintf(path, sizeof path, "%s/update/status", test_tmpdir());
    char *status = (char *)fixture_slurp(path, &size);
    CHECK(strstr(status, "result refused\n") && strstr(status, "cannot open ") && strstr(status, "/state/firmware: "));
    free(status);
}

/* --- what staff see ----------------------------------------------------- */

TEST(staff_mode_and_the_heartbeat_show_a_failed_update_beside_the_firmware_version)
{
    char src[FIXTURE_PATH_BYTES], bundle[FIXTURE_PATH_BYTES], text[1024], hash[CONTENT_STAFF_HASH_BYTES];
    char err[WK_ERR_MAX], pubkey[128], status[FW_PATH], config[FW_PATH], bin[FW_PATH];
    char state[FW_PATH], shot[FW_PATH];
    /* A centre whose bundle has a staff PIN. */
    CHECK_OK(content_staff_pin_hash("246810", hash, err));
    fixture_paths("staff", src, bundle);
    snprintf(text, sizeof text, "[bundle]\ncentre = Test centre (demo)\ncontent_version = 7\n"
             "created_at = 2026-01-01T00:00:00Z\ntimezone = Europe/Brussels\ndemo = yes\n[languages]\nen = yes\n"
             "[settings]\ndefault_language = en\nstaff_pin_hash = %s\n", hash);
    fixture_put(src, "centre.ini", text);
    fixture_put(src, "categories.ini", "[work]\npictogram = work\nen = Work\n");
    fixture_bundle(src, bundle);
    /* welkom-update's record of an update that went back. */
    fixture_put(test_tmpdir(), "update/status", "result failed\nversion 7\npackage 0.2.0\nat 1767603600\n"
                "reason no first frame within 60 s; the previous package runs again\n");
    test_key_line(pubkey);
    size_t size;
    snprintf(status, sizeof status, "%s/update/status", test_tmpdir());
    /* A hub nobody answers at: the worker runs, the network is down. */
    snprintf(text, sizeof text, "[content]\npublisher_key = %s\n[hub]\nurl = http://127.0.0.1:9\n"
             "token = RW1OniHW1SzOsBb-Fu4xrzlaOEKI3LPN9MZyj5tQqlk\n[update]\nstatus_file = %.600s\n", pubkey, status);
    fixture_put(test_tmpdir(), "welkom.conf", text);
    snprintf(config, sizeof config, "%s/welkom.conf", test_tmpdir());
    snprintf(bin, sizeof bin, "%s/welkom", test_build_dir());
    snprintf(state, sizeof state, "%s/state", test_tmpdir());
    snprintf(shot, sizeof shot, "%s/staff.png", test_tmpdir());
    const char *argv[] = { bin, "--config", config, "--bundle", bundle, "--state-dir", state, "--lang", "en",
                           "--size", "800x480", "--screenshot", shot, "--script",
                           "hold-at:12,12,3100;tap:2;tap:4;tap:6;tap:8;tap:1;tap:0;tap:OK;expect:Firmware;"
                           "expect:Last update;expect:firmware 7 failed: no first frame within 60 s", NULL };
    int rc = hubproc_run(argv);
    char log[FW_PATH];
    snprintf(log, sizeof log, "%s/cmd.log", test_tmpdir());
    char *out = (char *)fixture_slurp(log, &size);
    if (rc != 0)
        test_fail(__FILE__, __LINE__, "the kiosk did not show it (exit %d):\n%s", rc, out);
    /* The same words are the kiosk's warning at start (and its heartbeat's last_error). */
    CHECK(strstr(out, "firmware 7 failed: no first frame within 60 s") != NULL);
    free(out);
}
