/* fuzz_forms.c — the form definition, from the publisher's file to the
 * kiosk's screen. Each input is a form's .ini (forms/ of a bundle's
 * source; docs/bundle.md), put beside the demo's centre.ini and
 * categories.ini, built by welkomctl's own code, signed with the test
 * key and opened by the kiosk's loader (app/content/forms.c): whatever
 * welkomctl lets through, the kiosk must either refuse or show. The
 * seeds are the demo's four forms. */
#include "fuzz.h"
#include "../../tools/welkomctl/welkomctl.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static char src[FUZZ_PATH_BYTES], form[FUZZ_PATH_BYTES + 16], out[FUZZ_PATH_BYTES];
static FILE *report;

static void copy_from_demo(const char *name)
{
    char from[FUZZ_PATH_BYTES], to[FUZZ_PATH_BYTES + 32];
    size_t size;
    snprintf(from, sizeof from, "%s/assets/demo/%s", fuzz_root(), name);
    snprintf(to, sizeof to, "%s/%s", src, name);
    unsigned char *bytes = fuzz_slurp(from, &size);
    if (!bytes) {
        fprintf(stderr, "fuzz: cannot read %s\n", from);
        abort();
    }
    fuzz_write(to, bytes, size);
    free(bytes);
}

static void setup(void)
{
    fuzz_quiet();
    snprintf(src, sizeof src, "%s/src", fuzz_tmpdir());
    snprintf(form, sizeof form, "%s/forms", src);
    mkdir(src, 0700);
    mkdir(form, 0700);
    snprintf(form, sizeof form, "%s/forms/fuzzed.ini", src);
    snprintf(out, sizeof out, "%s/bundle.db", fuzz_tmpdir());
    copy_from_demo("centre.ini");
    copy_from_demo("categories.ini");
    report = fopen("/dev/null", "w");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!report)
        setup();
    fuzz_write(form, data, size);
    remove(out);
    struct ctl_report r = { .out = report, .quiet = true };
    char err[WK_ERR_MAX] = "";
    if (ctl_build(&(struct ctl_build_options){ .source_dir = src, .output = out }, &r, err))
        return 0;
    size_t n;
    unsigned char *bytes = fuzz_slurp(out, &n);
    if (!bytes)
        return 0;
    fuzz_sign(out, bytes, n);
    free(bytes);
    struct content *c = NULL;
    if (content_open(out, fuzz_keys(), &c, err) == 0) {
        fuzz_walk_content(c);
        content_close(c);
    }
    return 0;
}
