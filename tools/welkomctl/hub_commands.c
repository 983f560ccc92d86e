/* hub_commands.c — welkomctl's commands for the people who run a hub:
 * enrol a kiosk (its token is printed once), revoke one, and see the
 * status of every kiosk from the hub's database (hub/store.h). They work
 * on the database directly, beside a running hub (SQLite takes turns).
 * Each prints what it did on stdout, or one line saying what is wrong on
 * stderr, and exits 0 or 1. */
#include "welkomctl.h"
#include "../../hub/store.h"
#include "../../hub/text.h"

#include <getopt.h>
#include <string.h>

static int fail(const char *fmt, const char *a)
{
    fprintf(stderr, "welkomctl: ");
    fprintf(stderr, fmt, a);
    fputc('\n', stderr);
    return 1;
}

/* [NAME] --hub-db FILE: the name (if one is wanted) into *name, the
 * database path into *db (the hub's default when not given). */
static int read_args(int argc, char **argv, bool want_name, const char **name, const char **db)
{
    static const struct option opts[] = { { "hub-db", required_argument, NULL, 'd' }, { 0 } };
    int opt;
    *db = HUB_STORE_DEFAULT_PATH;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt != 'd')
            return 1;
        *db = optarg;
    }
    if (optind != argc - (want_name ? 1 : 0))
        return 1;
    if (want_name)
        *name = argv[optind];
    return 0;
}

int ctl_cmd_kiosk_add(int argc, char **argv)
{
    const char *name = NULL, *db = NULL;
    if (read_args(argc, argv, true, &name, &db))
        return ctl_usage_fail("kiosk add");
    char err[WK_ERR_MAX], token[HUB_TOKEN_CHARS + 1];
    struct hub_store *s;
    if (hub_store_open(db, true, &s, err))
        return fail("%s", err);
    int rc = hub_store_kiosk_add(s, name, wk_wall_ms(), token, err);
    hub_store_close(s);
    if (rc)
        return fail("%s", err);
    printf("enrolled kiosk %s\n"
           "token = %s\n"
           "Put this line in the [hub] section of the kiosk's config (/etc/welkom/welkom.conf),\n"
           "with public_key = the last line of the hub's NAME.pub (welkomctl keygen NAME --box):\n"
           "the kiosk seals what residents send to that key only, and sends nothing without it.\n"
           "It is shown only now: the hub keeps only a hash of it. If it is lost, revoke\n"
           "the kiosk and enrol it again under a new name.\n",
           name, token);
    return 0;
}

int ctl_cmd_kiosk_revoke(int argc, char **argv)
{
    const char *name = NULL, *db = NULL;
    if (read_args(argc, argv, true, &name, &db))
        return ctl_usage_fail("kiosk revoke");
    char err[WK_ERR_MAX];
    struct hub_store *s;
    if (hub_store_open(db, false, &s, err))
        return fail("%s", err);
    int rc = hub_store_kiosk_revoke(s, name, wk_wall_ms(), err);
    hub_store_close(s);
    if (rc)
        return fail("%s", err);
    printf("revoked kiosk %s: its token gets 403 from now on; what it stored stays\n", name);
    return 0;
}

/* A span of seconds as staff read it at a glance: "12s", "5m", "3h", "2d". */
static const char *span(int64_t s, char out[24])
{
    if (s < 120)
        snprintf(out, 24, "%llds", (long long)WK_MAX(s, 0));
    else if (s < 2 * 3600)
        snprintf(out, 24, "%lldm", (long long)(s / 60));
    else if (s < 2 * 86400)
        snprintf(out, 24, "%lldh", (long long)(s / 3600));
    else
        snprintf(out, 24, "%lldd", (long long)(s / 86400));
    return out;
}

/* "12s ago", or "never" for a time of 0. */
static const char *ago(int64_t then_ms, int64_t now_ms, char out[24])
{
    char s[24];
    if (then_ms <= 0)
        return "never";
    snprintf(out, 24, "%s ago", span((now_ms - then_ms) / 1000, s));
    return out;
}

struct status_walk {
    int64_t now_ms;
    int kiosks;
    long long submissions;
};

/* One kiosk's line. What its heartbeat says is cleaned again before it
 * reaches the terminal (hub/text.h): the hub stores it clean, but a row
 * of an older hub, or one written by hand, may not be. */
static int print_kiosk(void *user, const struct hub_kiosk_status *k)
{
    struct status_walk *w = user;
    char heard[24], oldest[24], last[24], firmware[HUB_FIRMWARE_MAX + 1], error[HUB_LAST_ERROR_MAX + 1];
    const struct hub_heartbeat *hb = &k->heartbeat;
    bool beat = k->heartbeat_at_ms > 0;
    printf("%-20s %-8s %-10s", k->name, k->revoked_at_ms ? "revoked" : "active",
           ago(k->heartbeat_at_ms, w->now_ms, heard));
    if (beat)
        printf(" %6lld %6s %7lld %-9s", (long long)hb->queued,
               hb->queued ? span(hb->oldest_queued_age_s, oldest) : "-", (long long)hb->content_version,
               hub_text_clean(firmware, sizeof firmware, hb->firmware));
    else
        printf(" %6s %6s %7s %-9s", "-", "-", "-", "-");
    printf(" %7lld %-10s %s\n", (long long)k->submissions, ago(k->last_submission_at_ms, w->now_ms, last),
           beat && hb->last_error[0] ? hub_text_clean(error, sizeof error, hb->last_error) : "-");
    w->kiosks++;
    w->submissions += k->submissions;
    return 0;
}

int ctl_cmd_status(int argc, char **argv)
{
    const char *db = NULL;
    if (read_args(argc, argv, false, NULL, &db))
        return ctl_usage_fail("status");
    char err[WK_ERR_MAX];
    struct hub_store *s;
    if (hub_store_open(db, false, &s, err))
        return fail("%s", err);
    struct status_walk w = { .now_ms = wk_wall_ms() };
    printf("%-20s %-8s %-10s %6s %6s %7s %-9s %7s %-10s %s\n", "KIOSK", "STATE", "HEARTBEAT", "QUEUED",
           "OLDEST", "CONTENT", "FIRMWARE", "STORED", "LAST SUB", "LAST ERROR");
    int rc = hub_store_status_each(s, print_kiosk, &w, err);
    hub_store_close(s);
    if (rc)
        return fail("%s", err);
    printf("%d kiosk%s, %lld submission%s stored\n", w.kiosks, w.kiosks == 1 ? "" : "s", w.submissions,
           w.submissions == 1 ? "" : "s");
    return 0;
}
