/* firmware.c — `welkomctl firmware sign` and `welkomctl firmware publish`:
 * a kiosk package (the welkom .deb of `make deb`) signed with the
 * publisher's key as firmware version N (the number kiosks keep as their
 * high-water mark), and offered by the hub to the kiosks of its
 * architecture (docs/protocol.md, "Firmware"). Both check the package the
 * way the kiosk's root helper will (firmware_check_control: it is welkom,
 * of the architecture and dpkg version signed), so nothing a kiosk would
 * refuse is offered. One line of what was done, or of why not. */
#include "welkomctl.h"
#include "../../app/content/firmware.h"
#include "../../hub/store.h"

#include <errno.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CTL_PATH_MAX 1100

int ctl_cmd_firmware_sign(int argc, char **argv)
{
    static const struct option opts[] = { { "key", required_argument, NULL, 'k' },
                                          { "version", required_argument, NULL, 'v' }, { 0 } };
    const char *key_path = NULL, *version_text = NULL;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 'k')
            key_path = optarg;
        else if (opt == 'v')
            version_text = optarg;
        else
            return ctl_usage_fail("firmware sign");
    }
    if (optind != argc - 1 || !key_path || !version_text)
        return ctl_usage_fail("firmware sign");
    const char *deb = argv[optind];
    struct firmware_meta m = { 0 };
    char err[WK_ERR_MAX], sig[FIRMWARE_MAX_SIG_BYTES], path[CTL_PATH_MAX];
    unsigned char sk[CONTENT_SECRET_KEY_BYTES];
    if (content_version_parse(version_text, &m.version))
        return ctl_fail("--version %s is not a whole number from 1 up", version_text);
    if (firmware_deb_field(deb, "Architecture", m.arch, sizeof m.arch, err) ||
        firmware_deb_field(deb, "Version", m.package, sizeof m.package, err) ||
        content_key_file_read(key_path, sk, sizeof sk, err))
        return ctl_fail("%s", err);
    int rc = firmware_sign(deb, &m, sk, sig, sizeof sig, err);
    sodium_memzero(sk, sizeof sk);
    if (!rc)
        rc = firmware_check_control(deb, &m, err);
    if (rc)
        return ctl_fail("%s: nothing signed", err);
    if ((size_t)snprintf(path, sizeof path, "%s.sig", deb) >= sizeof path)
        return ctl_fail("the path %s is too long", deb);
    FILE *f = fopen(path, "w");
    if (!f || fputs(sig, f) < 0 || fclose(f) != 0)
        return ctl_fail("cannot write %s: %s", path, strerror(errno));
    printf("signed %s as firmware %lld for %s (package %s, %lld bytes) into %s\n", deb, (long long)m.version,
           m.arch, m.package, (long long)m.size, path);
    return 0;
}

int ctl_cmd_firmware_publish(int argc, char **argv)
{
    struct content_keys keys;
    const char *db;
    char err[WK_ERR_MAX];
    if (ctl_publisher_options(argc, argv, "firmware publish", &keys, &db))
        return 1;
    const char *deb = argv[optind];
    char sig_path[CTL_PATH_MAX], text[FIRMWARE_MAX_SIG_BYTES + 1];
    struct firmware_meta m;
    if ((size_t)snprintf(sig_path, sizeof sig_path, "%s.sig", deb) >= sizeof sig_path)
        return ctl_fail("the path %s is too long", deb);
    if (access(sig_path, F_OK) != 0)
        return ctl_fail("%s has no signature (%s; see welkomctl firmware sign): nothing published", deb, sig_path);
    if (firmware_read_sig(sig_path, text, err) || firmware_check_sig(text, &keys, NULL, 0, &m, err) ||
        firmware_check_file(deb, &m, err) || firmware_check_control(deb, &m, err))
        return ctl_fail("%s: a kiosk would refuse it, nothing published: %s", deb, err);
    struct hub_store *s;
    if (hub_store_open(db, false, &s, err))
        return ctl_fail("%s", err);
    int rc = hub_store_firmware_publish(s, m.arch, m.version, deb, sig_path, err);
    hub_store_close(s);
    if (rc)
        return ctl_fail("%s: nothing published", err);
    printf("published firmware %lld for %s (package %s, %lld bytes); kiosks download it at their next poll and "
           "install it at night\n", (long long)m.version, m.arch, m.package, (long long)m.size);
    return 0;
}
