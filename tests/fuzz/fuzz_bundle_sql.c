/* fuzz_bundle_sql.c — validly signed bundles with hostile content. The
 * input is SQL run on a copy of the demo bundle (assets/demo, built at
 * the start of the run by welkomctl's own code): ids of the
 * wrong type or given twice, views and triggers in place of tables,
 * huge rows, NULLs, deleted rows a reference still names. The result is
 * signed with the test key, so it gets past the signature, and opened as
 * the kiosk opens one; what opens is read in every language.
 *
 * What the SQL may do is bounded so that the fuzzer spends its time on
 * the loader, not on SQLite's own work: no ATTACH (no files but the
 * copy), a step budget (no endless recursive CTE), a size cap on the
 * result. */
#include "fuzz.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* SQLite virtual machine steps one input's SQL may take (progress
 * handler called every FUZZ_SQL_STEP_CHECK ops). */
#define FUZZ_SQL_STEP_CHECK 1000
#define FUZZ_SQL_MAX_CHECKS 10000
/* The largest bundle an input may make: the loader's own caps are tested
 * by tests/test_content*.c; here, 4 MiB keeps a run fast. */
#define FUZZ_SQL_MAX_BUNDLE (4 * 1024 * 1024)

static unsigned char *base;
static size_t base_size;
static char path[FUZZ_PATH_BYTES];

static int too_long(void *user)
{
    int *checks = user;
    return ++*checks > FUZZ_SQL_MAX_CHECKS;
}

/* Only what changes the one database: no ATTACH, no functions that read
 * files (the shell's readfile is not there anyway). */
static int authorize(void *user, int action, const char *a, const char *b, const char *db,
                     const char *trigger)
{
    (void)user, (void)a, (void)b, (void)db, (void)trigger;
    return action == SQLITE_ATTACH || action == SQLITE_DETACH ? SQLITE_DENY : SQLITE_OK;
}

/* The bundle every input starts from, kept in memory. */
static void read_base(void)
{
    snprintf(path, sizeof path, "%s/base.db", fuzz_tmpdir());
    fuzz_demo_bundle(path);
    if (!(base = fuzz_slurp(path, &base_size)))
        abort();
    snprintf(path, sizeof path, "%s/bundle.db", fuzz_tmpdir());
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!base) {
        fuzz_quiet();
        read_base();
    }
    char *sql = malloc(size + 1);
    sqlite3 *db = NULL;
    unsigned char *bytes = NULL;
    if (!sql)
        return 0;
    memcpy(sql, data, size);
    sql[size] = '\0';

    /* The copy, writable, in memory: SQLite frees it (SQLITE_DESERIALIZE_FREEONCLOSE). */
    unsigned char *copy = sqlite3_malloc64(base_size);
    if (!copy || sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        sqlite3_free(copy);
        goto out;
    }
    memcpy(copy, base, base_size);
    if (sqlite3_deserialize(db, "main", copy, (sqlite3_int64)base_size, (sqlite3_int64)base_size,
                            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK)
        goto out;
    int checks = 0;
    sqlite3_progress_handler(db, FUZZ_SQL_STEP_CHECK, too_long, &checks);
    sqlite3_set_authorizer(db, authorize, NULL);
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, FUZZ_SQL_MAX_BUNDLE / 4);
    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_exec(db, sql, NULL, NULL, NULL);    /* what fails of it is simply not done */
    sqlite3_progress_handler(db, 0, NULL, NULL);

    sqlite3_int64 n = 0;
    bytes = sqlite3_serialize(db, "main", &n, 0);
    if (!bytes || n <= 0 || n > FUZZ_SQL_MAX_BUNDLE)
        goto out;
    fuzz_write(path, bytes, (size_t)n);
    fuzz_sign(path, bytes, (size_t)n);
    struct content *c = NULL;
    char err[WK_ERR_MAX] = "";
    if (content_open(path, fuzz_keys(), &c, err) == 0) {
        fuzz_walk_content(c);
        content_close(c);
    }
out:
    sqlite3_free(bytes);
    sqlite3_close(db);
    free(sql);
    return 0;
}
