/* commands.c — welkomctl's commands for publishers: keygen, and bundle
 * build, sign, verify and show. Each prints what it did on stdout, or one
 * line saying what is wrong on stderr, and exits 0 or 1. */
#include "welkomctl.h"
#include "../../app/content/content.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CTL_PATH_MAX 1100
#define B64 sodium_base64_VARIANT_ORIGINAL

static int fail(const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "welkomctl: ");
    fprintf(stderr, fmt, a, b);
    fputc('\n', stderr);
    return 1;
}

/* Writes text to path with mode; O_EXCL unless overwrite, so a key is
 * never replaced by accident. */
static int write_text(const char *path, const char *text, mode_t mode, bool overwrite)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (overwrite ? O_TRUNC : O_EXCL), mode);
    if (fd < 0)
        return -1;
    size_t n = strlen(text);
    /* A file replaced keeps its old mode: a secret key written over a
     * world-readable file must not stay world-readable. */
    int ok = (!overwrite || fchmod(fd, mode) == 0) && write(fd, text, n) == (ssize_t)n &&
             fsync(fd) == 0;
    return close(fd) == 0 && ok ? 0 : -1;
}

int ctl_cmd_keygen(int argc, char **argv)
{
    static const struct option opts[] = { { "test", no_argument, NULL, 't' },
                                          { "force", no_argument, NULL, 'f' },
                                          { "box", no_argument, NULL, 'b' }, { 0 } };
    bool test = false, force = false, box = false;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 't')
            test = true;
        else if (opt == 'f')
            force = true;
        else if (opt == 'b')
            box = true;
        else
            return ctl_usage_fail("keygen");
    }
    if (optind != argc - 1)
        return ctl_usage_fail("keygen");
    const char *name = argv[optind];
    char path[CTL_PATH_MAX];
    /* Both halves or neither: a new NAME.key next to an old NAME.pub is a
     * pair that does not match. */
    for (int i = 0; i < 2 && !force; i++) {
        snprintf(path, sizeof path, "%s.%s", name, i ? "pub" : "key");
        if (access(path, F_OK) == 0)
            return fail("%s exists (use --force to replace a key)%s", path, "");
    }
    if (sodium_init() < 0)
        return fail("libsodium could not start%s%s", "", "");
    /* A publisher signs bundles (Ed25519); a hub opens what kiosks seal to
     * it (--box: X25519, crypto_box_seal). */
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    size_t sk_size = box ? crypto_box_SECRETKEYBYTES : sizeof sk;
    if (box)
        crypto_box_keypair(pk, sk);
    else
        crypto_sign_keypair(pk, sk);
    char pk64[sodium_base64_ENCODED_LEN(sizeof pk, B64)], sk64[sodium_base64_ENCODED_LEN(sizeof sk, B64)];
    sodium_bin2base64(pk64, sizeof pk64, pk, sizeof pk, B64);
    sodium_bin2base64(sk64, sizeof sk64, sk, sk_size, B64);
    const char *warning = test ? "# TEST KEY: its secret half is public. Never pin it on a real kiosk.\n" : "";
    const char *what = box ? "hub sealing" : "publisher", *algo = box ? "X25519" : "Ed25519";
    const char *use = box ? "pin it in each kiosk's config as [hub] public_key" : "pin it as publisher_key";
    char pub[512], sec[512];
    snprintf(pub, sizeof pub, "# welkom %s public key (%s); %s\n%s%s\n", what, algo, use, warning, pk64);
    snprintf(sec, sizeof sec, "# welkom %s SECRET key (%s); keep it off kiosks\n%s%s\n", what, algo,
             warning, sk64);
    snprintf(path, sizeof path, "%s.key", name);
    int rc = write_text(path, sec, 0600, force);
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(sk64, sizeof sk64);
    sodium_memzero(sec, sizeof sec);
    if (rc)
        return fail("cannot write %s: %s (use --force to replace a key)", path, strerror(errno));
    snprintf(path, sizeof path, "%s.pub", name);
    if (write_text(path, pub, 0644, force))
        return fail("cannot write %s: %s", path, strerror(errno));
    printf("wrote %s.key (secret, mode 0600) and %s.pub\n%s = %s\n", name, name,
           box ? "public_key" : "publisher_key", pk64);
    return 0;
}

int ctl_cmd_build(int argc, char **argv)
{
    static const struct option opts[] = { { "output", required_argument, NULL, 'o' },
                                          { "assets", required_argument, NULL, 'a' },
                                          { "quiet", no_argument, NULL, 'q' }, { 0 } };
    struct ctl_build_options o = { 0 };
    struct ctl_report r = { .out = stderr };
    int opt;
    while ((opt = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        if (opt == 'o')
            o.output = optarg;
        else if (opt == 'a')
            o.assets_dir = optarg;
        else if (opt == 'q')
            r.quiet = true;
        else
            return ctl_usage_fail("bundle build");
    }
    if (optind != argc - 1 || !o.output)
        return ctl_usage_fail("bundle build");
    o.source_dir = argv[optind];
    /* Pictograms are checked against the firmware's set when it is here
     * (a checkout, or an installed kiosk). */
    if (!o.assets_dir && access("assets/pictograms", R_OK) == 0)
        o.assets_dir = "assets";
    char err[WK_ERR_MAX];
    if (ctl_build(&o, &r, err))
        return fail("%s%s", err, "");
    return 0;
}

int ctl_cmd_sign(int argc, char **argv)
{
    static const struct option opts[] = { { "key", required_argument, NULL, 'k' },
                                          { "quiet", no_argument, NULL, 'q' }, { 0 } };
    const char *key_path = NULL;
    bool quiet = false;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 'k')
            key_path = optarg;
        else if (opt == 'q')
            quiet = true;
        else
            return ctl_usage_fail("bundle sign");
    }
    if (optind != argc - 1 || !key_path)
        return ctl_usage_fail("bundle sign");
    const char *bundle = argv[optind];
    char err[WK_ERR_MAX], sig[1024], path[CTL_PATH_MAX];
    unsigned char sk[CONTENT_SECRET_KEY_BYTES];
    struct content_keys keys = { .count = 1 };
    if (content_key_file_read(key_path, sk, sizeof sk, err))
        return fail("%s%s", err, "");
    FILE *f = fopen(bundle, "rb");
    unsigned char *bytes = wk_malloc(CONTENT_MAX_BUNDLE_BYTES + 1);
    size_t size = f && bytes ? fread(bytes, 1, CONTENT_MAX_BUNDLE_BYTES + 1, f) : 0;
    int rc = 1;
    if (!f || !bytes || ferror(f) || size > CONTENT_MAX_BUNDLE_BYTES) {
        fail("cannot read %s (or it is over the size limit): %s", bundle, strerror(errno));
        goto out;
    }
    if (content_sign(bytes, size, sk, sig, sizeof sig, err)) {
        fail("%s%s", err, "");
        goto out;
    }
    snprintf(path, sizeof path, "%s.sig", bundle);
    if (write_text(path, sig, 0644, true)) {
        fail("cannot write %s: %s", path, strerror(errno));
        goto out;
    }
    /* Sign only what a kiosk would open: check it the kiosk's way. */
    struct content *c = NULL;
    crypto_sign_ed25519_sk_to_pk(keys.key[0], sk);
    if (content_open(bundle, &keys, &c, err)) {
        unlink(path);
        fail("%s is not a bundle a kiosk would open: %s", bundle, err);
        goto out;
    }
    if (!quiet)
        printf("signed %s (content_version %lld) -> %s\n", bundle,
               (long long)content_meta(c)->content_version, path);
    content_close(c);
    rc = 0;
out:
    sodium_memzero(sk, sizeof sk);
    free(bytes);
    if (f)
        fclose(f);
    return rc;
}

static int read_keys(int argc, char **argv, struct content_keys *keys, const char **lang)
{
    static const struct option opts[] = { { "key", required_argument, NULL, 'k' },
                                          { "lang", required_argument, NULL, 'l' }, { 0 } };
    int opt;
    char err[WK_ERR_MAX];
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 'l' && lang) {
            *lang = optarg;
        } else if (opt == 'k' && keys->count < CONTENT_MAX_KEYS) {
            if (content_key_file_read(optarg, keys->key[keys->count], CONTENT_KEY_BYTES, err))
                return fail("%s%s", err, "");
            keys->count++;
        } else {
            return 1;
        }
    }
    return optind == argc - 1 ? 0 : fail("give one BUNDLE%s%s", "", "");
}

int ctl_cmd_verify(int argc, char **argv)
{
    struct content_keys keys = { 0 };
    if (read_keys(argc, argv, &keys, NULL) || keys.count == 0)
        return ctl_usage_fail("bundle verify");
    char err[WK_ERR_MAX];
    struct content *c;
    if (content_open(argv[optind], &keys, &c, err))
        return fail("%s: REJECTED: %s", argv[optind], err);
    const struct content_meta *m = content_meta(c);
    printf("%s: ok (content_version %lld, schema %d, %s)\n", argv[optind],
           (long long)m->content_version, m->schema_version, m->centre);
    content_close(c);
    return 0;
}

static void print_text(const struct content_text *t)
{
    printf("%s", t->value ? t->value : "(no text)");
    if (t->fallback)
        printf(" [%s]", t->lang);
}

int ctl_cmd_show(int argc, char **argv)
{
    struct content_keys keys = { 0 };
    const char *lang = NULL;
    if (read_keys(argc, argv, &keys, &lang))
        return ctl_usage_fail("bundle show");
    const char *bundle = argv[optind];
    char err[WK_ERR_MAX], sig[CTL_PATH_MAX];
    bool pinned = keys.count > 0;
    snprintf(sig, sizeof sig, "%s.sig", bundle);
    /* Without --key, trust the key the signature names: enough to look,
     * and said plainly. */
    if (!pinned && content_signature_key(sig, keys.key[keys.count++], err))
        return fail("%s: %s", bundle, err);
    struct content *c;
    if (content_open(bundle, &keys, &c, err))
        return fail("%s: REJECTED: %s", bundle, err);
    if (lang && content_use_language(c, lang, err)) {
        content_close(c);
        return fail("%s%s", err, "");
    }
    const struct content_meta *m = content_meta(c);
    char when[32], key64[sodium_base64_ENCODED_LEN(CONTENT_KEY_BYTES, B64)];
    time_t t = (time_t)m->created_at;
    strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", gmtime(&t));
    content_signature_key(sig, keys.key[0], err);
    sodium_bin2base64(key64, sizeof key64, keys.key[0], CONTENT_KEY_BYTES, B64);
    printf("%s\n  centre           %s%s\n  content_version  %lld\n  schema           %d\n"
           "  created_at       %s\n  timezone         %s\n  default language %s\n"
           "  signed by        %s%s\n  languages       ", bundle, m->centre, m->demo ? " [DEMO]" : "",
           (long long)m->content_version, m->schema_version, when, m->timezone, m->default_language,
           key64, pinned ? " (checked against --key)" : " (not checked: pass --key NAME.pub)");
    size_t n;
    const struct content_language *l = content_languages(c, &n);
    for (size_t i = 0; i < n; i++)
        printf(" %s%s", l[i].code, l[i].enabled ? "" : "(off)");
    const struct content_category *cat = content_categories(c, &n);
    printf("\n  categories (%zu)\n", n);
    for (size_t i = 0; i < n; i++) {
        printf("    %-20s ", cat[i].id);
        print_text(&cat[i].title);
        printf("\n");
    }
    const struct content_service *s = content_services(c, &n);
    printf("  services (%zu)\n", n);
    for (size_t i = 0; i < n; i++) {
        printf("    %-20s %-10s ", s[i].id, cat[s[i].category].id);
        print_text(&s[i].title);
        printf("\n");
    }
    const struct content_activity *a = content_activities(c, &n);
    printf("  activities (%zu)\n", n);
    for (size_t i = 0; i < n; i++) {
        printf("    %-20s %-10s ", a[i].id, cat[a[i].category].id);
        print_text(&a[i].title);
        if (a[i].capacity)
            printf(" (%d places)", a[i].capacity);
        printf("\n");
    }
    content_close(c);
    return 0;
}
