/* welkom-update — the kiosk's root helper for firmware updates
 * (platform/pi/README.md, "Firmware updates"). The kiosk, which has no
 * root, downloads and checks a package the hub offers and leaves it in
 * STATE/firmware/ (app/sync/firmware.c). At night a systemd timer runs
 * this helper, which:
 *   1. copies the package and its signature out of the kiosk's directory
 *      into its own (root's), so what it checks is what dpkg installs;
 *   2. checks them itself, trusting nothing the kiosk did: a publisher key
 *      of /etc/welkom/welkom.conf, this machine's architecture, a firmware
 *      version above its own high-water mark, the signed size and hash,
 *      and the .deb's control (welkom, the signed version);
 *   3. installs it with dpkg, restarts the kiosk and waits for the kiosk's
 *      first-frame report (STATE/first-frame, written after the first
 *      frame is presented);
 *   4. keeps it as the current package when the report comes, or, when
 *      none comes within the timeout (60 s), installs the package it had
 *      (DIR/current.deb) again and restarts the kiosk.
 * Either way the version becomes its high-water mark (a failed package is
 * not tried again every night) and the outcome goes to DIR/status, which
 * the kiosk reports in its heartbeat and staff mode. Exit 0: nothing to
 * do or installed; 1: refused or rolled back; 2: usage. */
#include "../../app/core/wk.h"
#include "../../app/content/firmware.h"
#include "../../app/content/store.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <ini.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define UPD_PATH_MAX 1024
#define UPD_FILE_MAX (UPD_PATH_MAX + 64)
#define UPD_DEFAULT_TIMEOUT_S 60
#define UPD_POLL_MS 100
#define UPD_COPY_CHUNK (64 * 1024)

struct options {
    char config[UPD_PATH_MAX];
    char state_dir[UPD_PATH_MAX];       /* the kiosk's: STATE/firmware, STATE/first-frame */
    char dir[UPD_PATH_MAX];             /* the helper's own, root's */
    char restart[UPD_PATH_MAX];         /* a shell command that (re)starts the kiosk */
    int timeout_s;                      /* for the first frame */
};

struct update {
    const struct options *o;
    struct firmware_meta m;
    char incoming[UPD_FILE_MAX], incoming_sig[UPD_FILE_MAX + 8];
    char current[UPD_FILE_MAX], current_sig[UPD_FILE_MAX + 8];
};

static int on_ini(void *user, const char *section, const char *key, const char *value)
{
    struct content_keys *keys = user;
    if (!strcmp(section, "content") && !strcmp(key, "publisher_key"))
        content_keys_add(keys, value, NULL);
    return 1;
}

/* DIR/status: how the last update went, for the kiosk and for a
 * technician (platform/pi/README.md). */
static void write_status(const struct update *u, const char *result, const char *reason)
{
    char path[UPD_FILE_MAX], tmp[UPD_FILE_MAX + 8];
    snprintf(path, sizeof path, "%s/status", u->o->dir);
    snprintf(tmp, sizeof tmp, "%s.new", path);
    FILE *f = fopen(tmp, "w");
    if (!f || fprintf(f, "result %s\nversion %lld\npackage %s\nat %lld\nreason %s\n", result,
                      (long long)u->m.version, u->m.package, (long long)time(NULL), reason) < 0 ||
        fclose(f) != 0 || rename(tmp, path) != 0)
        fprintf(stderr, "welkom-update: cannot write %s: %s\n", path, strerror(errno));
    printf("welkom-update: firmware %lld (%s): %s%s%s\n", (long long)u->m.version, u->m.package[0] ? u->m.package : "?",
           result, reason[0] ? ": " : "", reason);
}

/* Copies src, a name in the kiosk's directory dir (opened without
 * following a link: the kiosk's user owns it), into dst (root's),
 * refusing a symbolic link or anything but a regular file there. */
static int copy_out(int dir, const char *src, const char *dst, int64_t max, char err[WK_ERR_MAX])
{
    int in = openat(dir, src, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC), out = -1, rc = WK_EIO;
    struct stat st;
    char buf[UPD_COPY_CHUNK];
    int64_t total = 0;
    if (in < 0 || fstat(in, &st) != 0 || !S_ISREG(st.st_mode)) {
        wk_seterr(err, "cannot read %s: %s", src, in < 0 ? strerror(errno) : "not a file");
        goto out;
    }
    if ((out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600)) < 0) {
        wk_seterr(err, "cannot write %s: %s", dst, strerror(errno));
        goto out;
    }
    for (ssize_t n; (n = read(in, buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || (total += n) > max || write(out, buf, (size_t)n) != n) {
            wk_seterr(err, "cannot copy %s: %s", src, total > max ? "too large" : strerror(errno));
            goto out;
        }
    }
    rc = fsync(out) == 0 ? 0 : WK_EIO;
    if (rc)
        wk_seterr(err, "cannot write %s: %s", dst, strerror(errno));
out:
    if (in >= 0)
        close(in);
    if (out >= 0 && close(out) != 0 && !rc)
        rc = WK_EIO;
    return rc;
}

/* Runs argv (or, with argv[0] NULL, sh -c command), waits; its exit code,
 * or -1 when it could not run. Its output goes to the journal as ours. */
static int run(char *const argv[])
{
    extern char **environ;
    pid_t pid;
    int status;
    fflush(stdout);
    if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) != 0)
        return -1;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int dpkg_install(const char *deb)
{
    char *argv[] = { "dpkg", "--force-confold", "--force-downgrade", "-i", (char *)deb, NULL };
    printf("welkom-update: dpkg -i %s\n", deb);
    return run(argv);
}

static void restart_kiosk(const struct options *o)
{
    char *argv[] = { "sh", "-c", (char *)o->restart, NULL };
    if (run(argv) != 0)
        fprintf(stderr, "welkom-update: \"%s\" failed\n", o->restart);
}

/* Waits for STATE/first-frame (removed before the install) for at most
 * timeout_s; the milliseconds it took, or -1. */
static int64_t wait_first_frame(const struct options *o, const char *report)
{
    int64_t start = wk_mono_ms(), deadline = start + (int64_t)o->timeout_s * 1000;
    while (wk_mono_ms() < deadline) {
        int fd = open(report, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0) {
            char text[128] = "";
            ssize_t n = read(fd, text, sizeof text - 1);
            close(fd);
            text[n > 0 ? n : 0] = '\0';
            text[strcspn(text, "\n")] = '\0';
            printf("welkom-update: the kiosk reports its first frame (%s)\n", text);
            return wk_mono_ms() - start;
        }
        struct timespec ts = { 0, UPD_POLL_MS * 1000000L };
        nanosleep(&ts, NULL);
    }
    return -1;
}

/* Copies the pending pair out and checks it; the pair is removed from
 * the kiosk's directory whatever the outcome (its high-water mark keeps
 * it from coming back). */
static int take_pending(struct update *u, char err[WK_ERR_MAX])
{
    const struct options *o = u->o;
    char path[UPD_FILE_MAX], text[FIRMWARE_MAX_SIG_BYTES + 1], mark[UPD_FILE_MAX];
    const char *deb = FIRMWARE_PACKAGE_NAME ".deb", *sig = FIRMWARE_PACKAGE_NAME ".deb.sig";
    struct content_keys keys = { 0 };
    snprintf(path, sizeof path, "%.1000s/firmware", o->state_dir);
    int dir = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dir < 0) {
        wk_seterr(err, "cannot open %s: %s", path, strerror(errno));
        return WK_EIO;
    }
    int rc = copy_out(dir, sig, u->incoming_sig, FIRMWARE_MAX_SIG_BYTES, err);
    if (!rc)
        rc = copy_out(dir, deb, u->incoming, FIRMWARE_MAX_BYTES, err);
    unlinkat(dir, sig, 0);
    unlinkat(dir, deb, 0);
    close(dir);
    if (rc)
        return rc;
    if (ini_parse(o->config, on_ini, &keys) < 0) {
        wk_seterr(err, "cannot read %s", o->config);
        return WK_EIO;
    }
    snprintf(mark, sizeof mark, "%s/version", o->dir);
    if ((rc = firmware_read_sig(u->incoming_sig, text, err)) ||
        (rc = firmware_check_sig(text, &keys, firmware_this_arch(), content_mark_read(mark), &u->m, err)) ||
        (rc = firmware_check_file(u->incoming, &u->m, err)) || (rc = firmware_check_control(u->incoming, &u->m, err)))
        return rc;
    if (access(u->current, R_OK) != 0) {
        wk_seterr(err, "no previous package is kept in %s to go back to if this one fails: install the "
                  "kiosk with platform/pi/setup.sh --deb, which keeps it", u->current);
        return WK_ENOTFOUND;
    }
    return 0;
}

static int update(struct update *u)
{
    const struct options *o = u->o;
    char err[WK_ERR_MAX], report[UPD_FILE_MAX], reason[WK_ERR_MAX];
    snprintf(u->incoming, sizeof u->incoming, "%.1000s/incoming.deb", o->dir);
    snprintf(u->incoming_sig, sizeof u->incoming_sig, "%s.sig", u->incoming);
    snprintf(u->current, sizeof u->current, "%.1000s/current.deb", o->dir);
    snprintf(u->current_sig, sizeof u->current_sig, "%s.sig", u->current);
    snprintf(report, sizeof report, "%.1000s/first-frame", o->state_dir);
    if (take_pending(u, err)) {
        write_status(u, "refused", err);
        unlink(u->incoming);
        unlink(u->incoming_sig);
        return 1;
    }
    /* From here the version is spent, whatever happens. */
    if (content_mark_write(o->dir, "version", u->m.version, err))
        fprintf(stderr, "welkom-update: %s\n", err);
    write_status(u, "installing", "");
    int64_t started = wk_mono_ms();
    unlink(report);
    int dpkg = dpkg_install(u->incoming);
    int64_t took = -1;
    if (dpkg == 0) {
        restart_kiosk(o);
        took = wait_first_frame(o, report);
    }
    if (took >= 0) {
        char previous[UPD_FILE_MAX];
        snprintf(previous, sizeof previous, "%.1000s/previous.deb", o->dir);
        if (rename(u->current, previous) != 0 || rename(u->incoming, u->current) != 0 ||
            rename(u->incoming_sig, u->current_sig) != 0)
            fprintf(stderr, "welkom-update: cannot keep %s as the current package: %s\n", u->incoming,
                    strerror(errno));
        snprintf(reason, sizeof reason, "first frame %lld ms after the install began",
                 (long long)(wk_mono_ms() - started));
        write_status(u, "installed", reason);
        return 0;
    }
    if (dpkg != 0)
        snprintf(reason, sizeof reason, "dpkg could not install it (exit %d)", dpkg);
    else
        snprintf(reason, sizeof reason, "no first frame within %d s", o->timeout_s);
    printf("welkom-update: %s; going back to %s\n", reason, u->current);
    unlink(report);
    int back = dpkg_install(u->current);
    if (back == 0) {
        restart_kiosk(o);
        back = wait_first_frame(o, report) >= 0 ? 0 : 1;
    }
    size_t n = strlen(reason);
    snprintf(reason + n, sizeof reason - n, back == 0 ? "; the previous package runs again"
                                                      : "; the previous package did not come back either");
    write_status(u, "failed", reason);
    unlink(u->incoming);
    unlink(u->incoming_sig);
    return 1;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: welkom-update [--config FILE] [--state-dir DIR] [--dir DIR] [--timeout S] [--restart CMD]\n"
                 "Installs the firmware package the kiosk downloaded (STATE/firmware/welkom.deb), after checking\n"
                 "it, and goes back to the previous package when the kiosk reports no first frame in time.\n"
                 "  --config FILE    the kiosk's config, for its publisher keys (/etc/welkom/welkom.conf)\n"
                 "  --state-dir DIR  the kiosk's state directory (/var/lib/welkom)\n"
                 "  --dir DIR        this helper's own: kept packages, mark, status (/var/lib/welkom-update)\n"
                 "  --timeout S      seconds to wait for the first frame (%d)\n"
                 "  --restart CMD    how the kiosk is restarted (systemctl restart welkom.service)\n",
            UPD_DEFAULT_TIMEOUT_S);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "config", required_argument, NULL, 'c' }, { "state-dir", required_argument, NULL, 's' },
        { "dir", required_argument, NULL, 'd' }, { "timeout", required_argument, NULL, 't' },
        { "restart", required_argument, NULL, 'r' }, { "help", no_argument, NULL, 'h' }, { 0 } };
    struct options o = { .config = "/etc/welkom/welkom.conf", .state_dir = "/var/lib/welkom",
                         .dir = "/var/lib/welkom-update", .restart = "systemctl restart welkom.service",
                         .timeout_s = UPD_DEFAULT_TIMEOUT_S };
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *target = opt == 'c' ? o.config : opt == 's' ? o.state_dir : opt == 'd' ? o.dir
                     : opt == 'r' ? o.restart : NULL;
        if (target) {
            if (strlen(optarg) >= UPD_PATH_MAX) {
                fprintf(stderr, "welkom-update: %s is too long\n", optarg);
                return 2;
            }
            snprintf(target, UPD_PATH_MAX, "%s", optarg);
        } else if (opt == 't' && wk_parse_int(optarg, 1, 3600, &o.timeout_s) == 0) {
            continue;
        } else {
            usage(opt == 'h' ? stdout : stderr);
            return opt == 'h' ? 0 : 2;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return 2;
    }
    char sig[UPD_FILE_MAX + 32];
    snprintf(sig, sizeof sig, "%s/firmware/" FIRMWARE_PACKAGE_NAME ".deb.sig", o.state_dir);
    if (access(sig, F_OK) != 0) {
        printf("welkom-update: no firmware package waits in %s/firmware\n", o.state_dir);
        return 0;
    }
    if (mkdir(o.dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "welkom-update: cannot create %s: %s\n", o.dir, strerror(errno));
        return 1;
    }
    struct update u = { .o = &o };
    return update(&u);
}
