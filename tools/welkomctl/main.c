/* main.c — welkomctl, the command-line tool of the people who publish a
 * centre's content and run its hub: make keys, build a bundle from source
 * files, sign it, check or look into a bundle the way a kiosk would;
 * publish it to the hub; enrol and revoke kiosks, and see their status.
 * The commands are the table of usage.c; this file finds the one asked
 * for, answers --help, and says plainly when there is no such command.
 * Exit codes: 0 done, 1 the command failed or could not take its
 * arguments, 2 no such command. */
#include "welkomctl.h"
#include "../../app/outbox/outbox.h"
#include "../../hub/store.h"

#include <string.h>

enum { EXIT_NO_COMMAND = 2 };
/* Longest command name: two words. */
#define CTL_WORDS_MAX 64

static void print_usage(FILE *out)
{
    fprintf(out, "usage: welkomctl COMMAND ...\n");
    for (size_t i = 0; i < ctl_command_count; i++)
        fprintf(out, "  %s\n", ctl_commands[i].usage);
    fprintf(out, "  (--hub-db defaults to " HUB_STORE_DEFAULT_PATH ")\n"
                 "`welkomctl COMMAND --help` says what a command does; --version, --help.\n");
}

/* "welkomctl: unknown command 'frob'" and the usage, on stderr. */
static int unknown(const char *what)
{
    fprintf(stderr, "welkomctl: %s\n", what);
    print_usage(stderr);
    return EXIT_NO_COMMAND;
}

static bool is_help(const char *arg)
{
    return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

/* Whether --help (or -h) is among a command's arguments, before a "--". */
static bool asks_help(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
        if (is_help(argv[i]))
            return true;
    return false;
}

/* Whether c is one of group's commands ("bundle" has "bundle build"). */
static bool in_group(const struct ctl_command *c, const char *group)
{
    size_t n = strlen(group);
    return !strncmp(c->words, group, n) && c->words[n] == ' ';
}

/* Whether name is the first word of two-word commands. */
static bool is_group(const char *name)
{
    for (size_t i = 0; i < ctl_command_count; i++)
        if (in_group(&ctl_commands[i], name))
            return true;
    return false;
}

/* "welkomctl bundle" alone, or with --help: its commands. */
static int group_usage(const char *group, bool asked)
{
    FILE *out = asked ? stdout : stderr;
    if (!asked)
        fprintf(stderr, "welkomctl: '%s' needs a command:\n", group);
    for (size_t i = 0; i < ctl_command_count; i++)
        if (in_group(&ctl_commands[i], group))
            fprintf(out, "  welkomctl %s\n", ctl_commands[i].usage);
    return asked ? 0 : EXIT_NO_COMMAND;
}

int main(int argc, char **argv)
{
    outbox_use_wk_alloc();      /* SQLite allocates through wk_malloc */
    if (argc < 2)
        return unknown("no command given");
    if (is_help(argv[1]) || !strcmp(argv[1], "help")) {
        print_usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("welkomctl %s\n", WELKOMCTL_VERSION);
        return 0;
    }
    char words[CTL_WORDS_MAX], what[CTL_WORDS_MAX + 64];
    int used = 1;
    snprintf(words, sizeof words, "%s", argv[1]);
    if (is_group(argv[1])) {
        if (argc < 3 || is_help(argv[2]))
            return group_usage(argv[1], argc >= 3);
        snprintf(words, sizeof words, "%s %s", argv[1], argv[2]);
        used = 2;
    }
    const struct ctl_command *c = ctl_command_find(words);
    if (!c) {
        snprintf(what, sizeof what, "unknown command '%s'", words);
        return unknown(what);
    }
    int sub_argc = argc - used;
    char **sub_argv = argv + used;
    if (asks_help(sub_argc, sub_argv)) {
        printf("usage: welkomctl %s\n%s", c->usage, c->help);
        return 0;
    }
    return c->run(sub_argc, sub_argv);
}
