/* fuzz_common.c — see fuzz.h. */
#include "fuzz.h"
#include "../../hub/store.h"
#include "../../tools/welkomctl/welkomctl.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef FUZZ_ROOT
#error "FUZZ_ROOT: the Makefile passes the checkout's path"
#endif

/* Days of the calendar the walk asks a bundle's hours and sessions
 * about: a week either side of the day it was built. */
#define FUZZ_WALK_DAYS 7
#define FUZZ_WALK_SESSIONS 256

static char tmpdir[FUZZ_PATH_BYTES];

static void die(const char *what, const char *path)
{
    fprintf(stderr, "fuzz: %s %s: %s\n", what, path, strerror(errno));
    abort();
}

const char *fuzz_root(void) { return FUZZ_ROOT; }

void fuzz_quiet(void) { wk_log_set_level((enum wk_log_level)(WK_LOG_ERROR + 1)); }

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

static void remove_tmpdir(void)
{
    if (tmpdir[0])
        nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fuzz_tmpdir(void)
{
    if (tmpdir[0])
        return tmpdir;
    struct stat st;
    const char *base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0
                           ? "/dev/shm"
                           : (getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    snprintf(tmpdir, sizeof tmpdir, "%s/welkom-fuzz-XXXXXX", base);
    if (!mkdtemp(tmpdir))
        die("cannot make", tmpdir);
    atexit(remove_tmpdir);
    return tmpdir;
}

void fuzz_write(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        die("cannot write", path);
    if ((size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        die("cannot write", path);
}

unsigned char *fuzz_slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *buf = NULL;
    long n;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n) {
        buf[n] = '\0';
        *size = (size_t)n;
    } else {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

static unsigned char secret_key[CONTENT_SECRET_KEY_BYTES];
static struct content_keys keys;

static void read_keys(void)
{
    if (keys.count)
        return;
    char path[FUZZ_PATH_BYTES], err[WK_ERR_MAX];
    snprintf(path, sizeof path, "%s/assets/demo/keys/test-publisher.key", fuzz_root());
    if (content_key_file_read(path, secret_key, sizeof secret_key, err)) {
        fprintf(stderr, "fuzz: %s\n", err);
        abort();
    }
    snprintf(path, sizeof path, "%s/assets/demo/keys/test-publisher.pub", fuzz_root());
    if (content_key_file_read(path, keys.key[0], CONTENT_KEY_BYTES, err)) {
        fprintf(stderr, "fuzz: %s\n", err);
        abort();
    }
    keys.count = 1;
}

const struct content_keys *fuzz_keys(void)
{
    read_keys();
    return &keys;
}

void fuzz_sign(const char *path, const unsigned char *bytes, size_t size)
{
    char sig[CONTENT_MAX_SIG_BYTES], sig_path[FUZZ_PATH_BYTES + 8], err[WK_ERR_MAX];
    read_keys();
    if (content_sign(bytes, size, secret_key, sig, sizeof sig, err)) {
        fprintf(stderr, "fuzz: content_sign: %s\n", err);
        abort();
    }
    snprintf(sig_path, sizeof sig_path, "%s.sig", path);
    fuzz_write(sig_path, sig, strlen(sig));
}

/* Reads a text the way a screen does: every byte up to the NUL. */
static size_t touch(const struct content_text *t)
{
    return (t->value ? strlen(t->value) : 0) + (t->lang ? strlen(t->lang) : 0);
}

static size_t walk_forms(const struct content *c)
{
    size_t n, sum = 0;
    const struct content_form *forms = content_forms(c, &n);
    for (size_t i = 0; i < n; i++) {
        const struct content_form *f = &forms[i];
        sum += strlen(f->id) + strlen(content_form_kind_name(f->kind)) + touch(&f->title) +
               touch(&f->intro) + touch(&f->recipient) + touch(&f->purpose);
        for (size_t j = 0; j < f->field_count; j++) {
            const struct content_field *fd = &f->fields[j];
            sum += strlen(fd->name) + strlen(content_field_type_name(fd->type)) + touch(&fd->label) +
                   touch(&fd->help);
            if (fd->show_if_field >= 0)
                sum += strlen(f->fields[fd->show_if_field].name) + strlen(fd->show_if_value);
            for (size_t k = 0; k < fd->option_count; k++)
                sum += strlen(fd->options[k].value) + touch(&fd->options[k].label);
        }
    }
    for (int kind = 0; kind < FORM_KIND_COUNT; kind++)
        sum += content_form_of_kind(c, (enum content_form_kind)kind) != NULL;
    return sum;
}

static size_t walk_items(const struct content *c, int32_t today)
{
    size_t n, ncat, sum = 0;
    const struct content_category *cats = content_categories(c, &ncat);
    for (size_t i = 0; i < ncat; i++)
        sum += strlen(cats[i].id) + touch(&cats[i].title);
    const struct content_service *s = content_services(c, &n);
    for (size_t i = 0; i < n; i++) {
        sum += strlen(s[i].id) + touch(&s[i].title) + touch(&s[i].summary) + touch(&s[i].body) +
               touch(&s[i].directions) + touch(&s[i].takeaway) + (size_t)s[i].category;
        for (int32_t day = today - FUZZ_WALK_DAYS; day <= today + FUZZ_WALK_DAYS; day++) {
            sum += (size_t)content_hours_at(&s[i], day, 600).state;
            sum += (size_t)content_hours_on(&s[i], day)->count;
        }
        sum += (size_t)content_hours_next_day(&s[i], today);
    }
    const struct content_activity *a = content_activities(c, &n);
    for (size_t i = 0; i < n; i++)
        sum += strlen(a[i].id) + touch(&a[i].title) + touch(&a[i].summary) + touch(&a[i].body) +
               touch(&a[i].place) + (size_t)a[i].category;
    struct content_session sessions[FUZZ_WALK_SESSIONS];
    size_t count = content_sessions(c, today - FUZZ_WALK_DAYS, today + FUZZ_WALK_DAYS, sessions,
                                    FUZZ_WALK_SESSIONS);
    for (size_t i = 0; i < count && i < FUZZ_WALK_SESSIONS; i++)
        sum += strlen(a[sessions[i].activity].id) + (size_t)sessions[i].places_left;
    return sum;
}

void fuzz_walk_content(struct content *c)
{
    size_t n;
    const struct content_language *langs = content_languages(c, &n);
    int32_t today = (int32_t)(content_meta(c)->created_at / 86400);
    volatile size_t sum = 0;
    /* Each language, then one nobody has: every fallback path. */
    for (size_t i = 0; i <= n; i++) {
        char err[WK_ERR_MAX], code[CONTENT_MAX_LANGUAGE_CODE + 1];
        snprintf(code, sizeof code, "%s", i < n ? langs[i].code : "zz");
        if (content_use_language(c, code, err))
            continue;
        sum += walk_items(c, today) + walk_forms(c) + strlen(content_language_in_use(c));
    }
    (void)sum;
}

void fuzz_demo_bundle(const char *path)
{
    char src[FUZZ_PATH_BYTES], err[WK_ERR_MAX] = "";
    snprintf(src, sizeof src, "%s/assets/demo", fuzz_root());
    FILE *report = fopen("/dev/null", "w");
    struct ctl_report r = { .out = report, .quiet = true };
    size_t size;
    unsigned char *bytes = NULL;
    if (!report || ctl_build(&(struct ctl_build_options){ .source_dir = src, .output = path }, &r, err) ||
        !(bytes = fuzz_slurp(path, &size))) {
        fprintf(stderr, "fuzz: cannot build the demo bundle: %s\n", err);
        abort();
    }
    fclose(report);
    fuzz_sign(path, bytes, size);
    free(bytes);
}

struct hub_store *fuzz_hub_store(char token[64])
{
    static struct hub_store *store;
    static char kept[HUB_TOKEN_CHARS + 1];
    _Static_assert(HUB_TOKEN_CHARS + 1 <= 64, "a token fits the caller's buffer");
    if (!store) {
        char db[FUZZ_PATH_BYTES], bundle[FUZZ_PATH_BYTES], sig[FUZZ_PATH_BYTES + 8];
        char err[WK_ERR_MAX] = "";
        snprintf(db, sizeof db, "%s/hub.db", fuzz_tmpdir());
        snprintf(bundle, sizeof bundle, "%s/demo.db", fuzz_tmpdir());
        snprintf(sig, sizeof sig, "%s.sig", bundle);
        fuzz_demo_bundle(bundle);
        if (hub_store_open(db, true, &store, err) ||
            hub_store_kiosk_add(store, "fuzz", wk_wall_ms(), kept, err) ||
            hub_store_bundle_publish(store, 1, bundle, sig, NULL, wk_wall_ms(), err)) {
            fprintf(stderr, "fuzz: cannot make the hub store: %s\n", err);
            abort();
        }
    }
    snprintf(token, 64, "%s", kept);
    return store;
}
