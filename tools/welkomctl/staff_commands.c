/* staff_commands.c — welkomctl's commands for the people of the staff
 * console (docs/hub.md, "The staff console"): add a person with a role
 * (a one-time set-up link is printed), list and revoke people, and put
 * today's key files into a person's key slot, wrapped with that person's
 * password, which they type at this terminal. After the first slots are
 * made, the plaintext key files should go. They work on hub.db beside a
 * running hub; a running hub ends a revoked person's sessions at their
 * next request. */
#include "welkomctl.h"
#include "../../app/content/content.h"
#include "../../hub/staff.h"

#include <errno.h>
#include <getopt.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define CTL_URL_MAX 512

/* NAME, --role, --url, --hub-db, --key, --kind: whichever the command
 * takes (a NULL out is not taken). */
struct staff_args { const char *name, *role, *url, *db, *key, *kind; };

static int read_staff_args(int argc, char **argv, bool want_name, struct staff_args *a)
{
    static const struct option opts[] = {
        { "hub-db", required_argument, NULL, 'd' }, { "role", required_argument, NULL, 'r' },
        { "url", required_argument, NULL, 'u' }, { "key", required_argument, NULL, 'k' },
        { "kind", required_argument, NULL, 'K' }, { 0 } };
    int opt;
    a->db = HUB_STORE_DEFAULT_PATH;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        const char **to = opt == 'd' ? &a->db : opt == 'r' ? &a->role : opt == 'u' ? &a->url
                        : opt == 'k' ? &a->key : opt == 'K' ? &a->kind : NULL;
        if (!to)
            return 1;
        *to = optarg;
    }
    if (optind != argc - (want_name ? 1 : 0))
        return 1;
    if (want_name)
        a->name = argv[optind];
    return 0;
}

int ctl_cmd_staff_add(int argc, char **argv)
{
    struct staff_args a = { .url = "https://HUB" };
    if (read_staff_args(argc, argv, true, &a) || !a.role || !hub_role_parse(a.role) ||
        strlen(a.url) > CTL_URL_MAX)
        return ctl_usage_fail("staff add");
    char err[WK_ERR_MAX], token[HUB_TOKEN_CHARS + 1];
    struct hub_store *s;
    if (hub_store_open(a.db, true, &s, err))
        return ctl_fail("%s", err);
    int rc = hub_staff_add(s, a.name, hub_role_parse(a.role), wk_wall_ms(), token, err);
    hub_store_close(s);
    if (rc)
        return ctl_fail("%s", err);
    size_t n = strlen(a.url);
    printf("added %s (%s)\n"
           "set-up link = %.*s/staff/setup.html#%s\n"
           "Give this link to %s only: it sets their password, works once, and ends in %d hours.\n"
           "It is shown only now: the hub keeps only a hash of it.\n",
           a.name, a.role, (int)(n && a.url[n - 1] == '/' ? n - 1 : n), a.url, token, a.name,
           HUB_STAFF_SETUP_S / 3600);
    sodium_memzero(token, sizeof token);
    return 0;
}

int ctl_cmd_staff_revoke(int argc, char **argv)
{
    struct staff_args a = { 0 };
    if (read_staff_args(argc, argv, true, &a) || a.role || a.url || a.key || a.kind)
        return ctl_usage_fail("staff revoke");
    char err[WK_ERR_MAX];
    struct hub_store *s;
    if (hub_store_open(a.db, false, &s, err))
        return ctl_fail("%s", err);
    int rc = hub_staff_revoke(s, a.name, wk_wall_ms(), err);
    hub_store_close(s);
    if (rc)
        return ctl_fail("%s", err);
    printf("revoked %s: they can no longer log in, and their key slots are deleted\n", a.name);
    return 0;
}

static int print_member(void *user, const struct hub_staff_member *m)
{
    (void)user;
    printf("%-20s %-10s %-8s %-4s %-9s\n", m->name, hub_role_name(m->role),
           m->revoked_at_ms ? "revoked" : m->set_up ? "active" : "set-up", m->hub_key ? "yes" : "-",
           m->publisher_key ? "yes" : "-");
    return 0;
}

int ctl_cmd_staff_list(int argc, char **argv)
{
    struct staff_args a = { 0 };
    if (read_staff_args(argc, argv, false, &a) || a.role || a.url || a.key || a.kind)
        return ctl_usage_fail("staff list");
    char err[WK_ERR_MAX];
    struct hub_store *s;
    if (hub_store_open(a.db, false, &s, err))
        return ctl_fail("%s", err);
    printf("%-20s %-10s %-8s %-4s %-9s\n", "NAME", "ROLE", "STATE", "HUB", "PUBLISHER");
    int rc = hub_staff_each(s, print_member, NULL, err);
    hub_store_close(s);
    return rc ? ctl_fail("%s", err) : 0;
}

/* A password from the terminal without echo, or a line of stdin when it
 * is not a terminal (scripts, tests). */
static int read_password(const char *name, char *out, size_t size)
{
    bool tty = isatty(STDIN_FILENO);
    struct termios old, quiet;
    if (tty) {
        fprintf(stderr, "%s's password: ", name);
        tcgetattr(STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    bool ok = fgets(out, (int)size, stdin) != NULL;
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (!ok)
        return -1;
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

int ctl_cmd_staff_slot(int argc, char **argv)
{
    struct staff_args a = { .kind = "hub" };
    if (read_staff_args(argc, argv, true, &a) || !a.key || a.role || a.url ||
        (strcmp(a.kind, "hub") && strcmp(a.kind, "publisher")))
        return ctl_usage_fail("staff slot");
    if (sodium_init() < 0)
        return ctl_fail("libsodium could not start");
    enum hub_key_kind kind = strcmp(a.kind, "hub") ? HUB_KEY_PUBLISHER : HUB_KEY_HUB;
    size_t size = hub_key_secret_size(kind);
    unsigned char *secret = sodium_malloc(HUB_KEY_SECRET_MAX);
    char *password = sodium_malloc(HUB_PASSWORD_MAX + 2);
    char err[WK_ERR_MAX];
    struct hub_store *s = NULL;
    int status = 1;
    if (!secret || !password) {
        ctl_fail("out of memory");
        goto out;
    }
    if (content_key_file_read(a.key, secret, size, err)) {
        ctl_fail("%s (--key needs the %s's secret key file)", err,
                 kind == HUB_KEY_HUB ? "hub's X25519 (welkomctl keygen NAME --box)" : "publisher's Ed25519");
        goto out;
    }
    if (read_password(a.name, password, HUB_PASSWORD_MAX + 2)) {
        ctl_fail("no password given");
        goto out;
    }
    if (hub_store_open(a.db, false, &s, err) ||
        hub_staff_slot_put(s, a.name, kind, password, secret, wk_wall_ms(), err)) {
        ctl_fail("%s", err);
        goto out;
    }
    printf("%s's %s key slot is made: the console unwraps it when %s logs in.\n"
           "Once everyone who needs the key has a slot, delete the plaintext key file\n"
           "(shred -u %s), keeping only the offline copies in the centre's safe.\n",
           a.name, a.kind, a.name, a.key);
    status = 0;
out:
    hub_store_close(s);
    sodium_free(secret);
    sodium_free(password);
    return status;
}
