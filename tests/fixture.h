/* fixture.h — content bundles for tests: source files written into the
 * test's temp dir, built by the real welkomctl code and signed with the
 * test key, the way a publisher makes them. */
#ifndef WK_FIXTURE_H
#define WK_FIXTURE_H

#include "test.h"
#include <sodium.h>
#include "../app/content/content.h"

#define FIXTURE_PATH_BYTES 1024
#define FIXTURE_REPORT_BYTES 8192

/* Writes text to dir/rel, making the directories on the way. */
void fixture_put(const char *dir, const char *rel, const char *text);
/* The whole file, NUL-terminated; free() it. */
unsigned char *fixture_slurp(const char *path, size_t *size);
/* Whether the file at path holds needle's bytes anywhere (the file must
 * be readable: the test fails if it is not). */
bool fixture_file_holds(const char *path, const char *needle);
/* Copies a file byte for byte. */
void fixture_copy(const char *from, const char *to);
/* Runs sql on the SQLite file db with the sqlite3 shell (fed through a
 * pipe, so the SQL needs no quoting), the way someone with the file but
 * not the key would change it. Fails the test if the shell does. */
void fixture_sql(const char *db, const char *sql);
/* Builds src into out with ctl_build; the problems it reports go to report. */
int fixture_build(const char *src, const char *out, char report[FIXTURE_REPORT_BYTES]);
/* Writes out.sig with the test key (assets/demo/keys/test-publisher.key). */
void fixture_sign(const char *bundle);
/* The test key as the only pinned key. */
struct content_keys fixture_test_keys(void);
/* The TEST hub key pair of assets/demo/keys (its secret half is public):
 * what make run pins, the one key with which the demo's forms send. */
void fixture_test_hub_keys(unsigned char pk[crypto_box_PUBLICKEYBYTES],
                           unsigned char sk[crypto_box_SECRETKEYBYTES]);
/* TMP/src-NAME and TMP/NAME.db (either may be NULL): where a test writes
 * the source of a bundle NAME and builds it. */
void fixture_paths(const char *name, char src[FIXTURE_PATH_BYTES], char db[FIXTURE_PATH_BYTES]);

/* Run as root, the case goes on as nobody (owning its temp dir), so
 * file permissions hold for it as they do for the kiosk and the hub. */
void fixture_as_unprivileged_user(void);
/* The demo centre as content version `version`, built by the real
 * welkomctl into TMP/vVERSION.db and signed with key_name's .key
 * (assets/demo/keys/test-publisher, or a path without extension); the
 * bundle's path into out. */
void fixture_demo_version(int version, const char *key_name, char out[FIXTURE_PATH_BYTES]);
/* Builds and signs src into out; fails the test on a build error. */
void fixture_bundle(const char *src, const char *out);

#endif
