/* fuzz.h — what the libFuzzer harnesses of tests/fuzz share: a temp dir
 * of their own, the repository's test key for signing what they build,
 * and a walk over everything a loaded bundle holds, so that a fuzzed
 * bundle that opens is also read the way the screens read it.
 *
 * Each harness is one file with LLVMFuzzerTestOneInput, built with clang
 * -fsanitize=fuzzer,address,undefined into build-fuzz/fuzz/ (`make
 * fuzz`); its seed corpus is tests/fuzz/corpus/NAME/. A harness must not
 * exit or abort on bad input: refusing it is the behaviour under test. */
#ifndef WK_FUZZ_H
#define WK_FUZZ_H

#include "../../app/content/content.h"

#include <stddef.h>
#include <stdint.h>

#define FUZZ_PATH_BYTES 1024

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The checkout the harness was built from (for fonts/, assets/, keys). */
const char *fuzz_root(void);
/* A directory of this process, made at the first call and removed at
 * exit (in /dev/shm when there is one: SQLite's fsyncs cost nothing). */
const char *fuzz_tmpdir(void);
/* Silences wk_log: every refusal logs a line, a million of them are noise. */
void fuzz_quiet(void);

/* Writes size bytes to path (replacing it); aborts if it cannot. */
void fuzz_write(const char *path, const void *data, size_t size);
/* Reads a whole file; NULL if it cannot. free() it. */
unsigned char *fuzz_slurp(const char *path, size_t *size);
/* Writes path.sig for the size bytes at bytes (the file's content), signed
 * with the test publisher key, so that content_open gets past the
 * signature to what the harness means to test. */
void fuzz_sign(const char *path, const unsigned char *bytes, size_t size);
/* The test publisher key as the only trusted key. */
const struct content_keys *fuzz_keys(void);

/* Builds assets/demo into path with welkomctl's own code and signs it;
 * aborts if it cannot. */
void fuzz_demo_bundle(const char *path);

/* A hub database in the temp dir (made at the first call) with one
 * kiosk, "fuzz", whose token is written to token, and the demo bundle
 * published as its version 1. */
struct hub_store;
struct hub_store *fuzz_hub_store(char token[64]);

/* Reads every part of an opened bundle in each of its languages (texts,
 * forms, hours, sessions): what the screens would touch. */
void fuzz_walk_content(struct content *c);

#endif
