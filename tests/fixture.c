/* fixture.c — see fixture.h. */
#include "fixture.h"
#include "../tools/welkomctl/welkomctl.h"

#include <errno.h>
#include <grp.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define NOBODY 65534

void fixture_as_unprivileged_user(void)
{
    if (geteuid() != 0)
        return;
    CHECK(chown(test_tmpdir(), NOBODY, NOBODY) == 0);
    CHECK(setgroups(0, NULL) == 0);
    CHECK(setgid(NOBODY) == 0);
    CHECK(setuid(NOBODY) == 0);
    prctl(PR_SET_DUMPABLE, 1);      /* LeakSanitizer attaches to the process */
}

void fixture_put(const char *dir, const char *rel, const char *text)
{
    char path[FIXTURE_PATH_BYTES];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    mkdir(dir, 0755);
    for (char *p = path + strlen(dir) + 1; (p = strchr(p, '/')); p++) {
        *p = '\0';
        mkdir(path, 0755);
        *p = '/';
    }
    FILE *f = fopen(path, "w");
    if (!f)
        test_fail(__FILE__, __LINE__, "cannot write %s: %s", path, strerror(errno));
    fputs(text, f);
    CHECK(fclose(f) == 0);
}

unsigned char *fixture_slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        test_fail(__FILE__, __LINE__, "cannot read %s: %s", path, strerror(errno));
    CHECK(fseek(f, 0, SEEK_END) == 0);
    long n = ftell(f);
    CHECK(n >= 0);
    rewind(f);
    unsigned char *buf = malloc((size_t)n + 1);
    CHECK(buf != NULL);
    CHECK(fread(buf, 1, (size_t)n, f) == (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *size = (size_t)n;
    return buf;
}

bool fixture_file_holds(const char *path, const char *needle)
{
    size_t size;
    unsigned char *bytes = fixture_slurp(path, &size);
    bool found = memmem(bytes, size, needle, strlen(needle)) != NULL;
    free(bytes);
    return found;
}

void fixture_copy(const char *from, const char *to)
{
    size_t size;
    unsigned char *bytes = fixture_slurp(from, &size);
    FILE *f = fopen(to, "wb");
    if (!f)
        test_fail(__FILE__, __LINE__, "cannot write %s: %s", to, strerror(errno));
    CHECK(fwrite(bytes, 1, size, f) == size);
    CHECK(fclose(f) == 0);
    free(bytes);
}

void fixture_sql(const char *db, const char *sql)
{
    char cmd[FIXTURE_PATH_BYTES + 64];
    snprintf(cmd, sizeof cmd, "sqlite3 -batch -bail -init /dev/null '%s'", db);
    FILE *shell = popen(cmd, "w");
    if (!shell)
        test_fail(__FILE__, __LINE__, "cannot run %s: %s", cmd, strerror(errno));
    fprintf(shell, "%s;\n", sql);
    if (pclose(shell) != 0)
        test_fail(__FILE__, __LINE__, "the sqlite3 shell failed on %s: %s", db, sql);
}

int fixture_build(const char *src, const char *out, char report[FIXTURE_REPORT_BYTES])
{
    char path[FIXTURE_PATH_BYTES], err[WK_ERR_MAX] = "";
    snprintf(path, sizeof path, "%s.report", out);
    FILE *f = fopen(path, "w+");
    CHECK(f != NULL);
    struct ctl_report r = { .out = f, .quiet = true };
    int rc = ctl_build(&(struct ctl_build_options){ .source_dir = src, .output = out }, &r, err);
    rewind(f);
    size_t n = fread(report, 1, FIXTURE_REPORT_BYTES - 1, f);
    report[n] = '\0';
    fclose(f);
    if (rc)
        snprintf(report + n, FIXTURE_REPORT_BYTES - n, "%s", err);
    return rc;
}

void fixture_sign(const char *bundle)
{
    unsigned char sk[CONTENT_SECRET_KEY_BYTES];
    char path[FIXTURE_PATH_BYTES], err[WK_ERR_MAX] = "", text[CONTENT_MAX_SIG_BYTES];
    snprintf(path, sizeof path, "%s/assets/demo/keys/test-publisher.key", test_root());
    if (content_key_file_read(path, sk, sizeof sk, err))
        test_fail(__FILE__, __LINE__, "%s", err);
    size_t size;
    unsigned char *bytes = fixture_slurp(bundle, &size);
    if (content_sign(bytes, size, sk, text, sizeof text, err))
        test_fail(__FILE__, __LINE__, "content_sign: %s", err);
    free(bytes);
    snprintf(path, sizeof path, "%s.sig", bundle);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    fputs(text, f);
    CHECK(fclose(f) == 0);
}

struct content_keys fixture_test_keys(void)
{
    struct content_keys keys = { .count = 1 };
    char path[FIXTURE_PATH_BYTES], err[WK_ERR_MAX] = "";
    snprintf(path, sizeof path, "%s/assets/demo/keys/test-publisher.pub", test_root());
    if (content_key_file_read(path, keys.key[0], CONTENT_KEY_BYTES, err))
        test_fail(__FILE__, __LINE__, "%s", err);
    return keys;
}

void fixture_paths(const char *name, char src[FIXTURE_PATH_BYTES], char db[FIXTURE_PATH_BYTES])
{
    if (src)
        snprintf(src, FIXTURE_PATH_BYTES, "%s/src-%s", test_tmpdir(), name);
    if (db)
        snprintf(db, FIXTURE_PATH_BYTES, "%s/%s.db", test_tmpdir(), name);
}

void fixture_bundle(const char *src, const char *out)
{
    char report[FIXTURE_REPORT_BYTES];
    if (fixture_build(src, out, report))
        test_fail(__FILE__, __LINE__, "bundle build failed:\n%s", report);
    fixture_sign(out);
}

void fixture_test_hub_keys(unsigned char pk[crypto_box_PUBLICKEYBYTES],
                           unsigned char sk[crypto_box_SECRETKEYBYTES])
{
    char err[WK_ERR_MAX] = "", path[FIXTURE_PATH_BYTES];
    snprintf(path, sizeof path, "%s/assets/demo/keys/test-hub.key", test_root());
    if (content_key_file_read(path, sk, crypto_box_SECRETKEYBYTES, err))
        test_fail(__FILE__, __LINE__, "%s", err);
    crypto_scalarmult_base(pk, sk);
}

/* The demo centre as content version `version`, signed with key_name's
 * .key (assets/demo/keys/test-publisher, or a path without extension);
 * the bundle's path into out. */
void fixture_demo_version(int version, const char *key_name, char out[FIXTURE_PATH_BYTES])
{
    char cmd[4096];
    snprintf(out, FIXTURE_PATH_BYTES, "%s/v%d.db", test_tmpdir(), version);
    char ctl[FIXTURE_PATH_BYTES];
    snprintf(ctl, sizeof ctl, "%s/%s/welkomctl", test_root(), test_build_dir());
    snprintf(cmd, sizeof cmd,
             "set -e; cd '%s'; rm -rf '%s/src'; cp -r assets/demo '%s/src';"
             " sed -i 's/^content_version = .*/content_version = %d/' '%s/src/centre.ini';"
             " '%s' bundle build '%s/src' -o '%s' --quiet; '%s' bundle sign '%s' --key '%s.key' --quiet",
             test_root(), test_tmpdir(), test_tmpdir(), version, test_tmpdir(), ctl, test_tmpdir(), out, ctl,
             out, key_name);
    if (system(cmd) != 0)
        test_fail(__FILE__, __LINE__, "could not build version %d: %s", version, cmd);
}
