/* main.c — welkomctl, the command-line tool of the people who publish a
 * centre's content and run its hub: make keys, build a bundle from source
 * files, sign it, check or look into a bundle the way a kiosk would;
 * publish it to the hub; enrol and revoke kiosks, and see their status. */
#include "welkomctl.h"
#include "../../app/outbox/outbox.h"
#include "../../hub/store.h"

#include <string.h>

static int usage(void)
{
    fprintf(stderr,
            "usage: welkomctl COMMAND ...\n"
            "  keygen NAME [--test]               make NAME.key (secret) and NAME.pub\n"
            "  bundle build SRC_DIR -o BUNDLE     compile content source (docs/bundle.md)\n"
            "  bundle sign BUNDLE --key NAME.key  write BUNDLE.sig\n"
            "  bundle verify BUNDLE --key NAME.pub   check it as a kiosk would\n"
            "  bundle show BUNDLE [--key NAME.pub] [--lang CODE]\n"
            "  kiosk add NAME [--hub-db FILE]     enrol a kiosk; prints its token once\n"
            "  kiosk revoke NAME [--hub-db FILE]  its token stops working\n"
            "  status [--hub-db FILE]             kiosks, heartbeats, queues, submissions\n"
            "  publish BUNDLE --key NAME.pub [--key ...] [--hub-db FILE]\n"
            "                                     check BUNDLE as a kiosk would; offer it to kiosks\n"
            "  submissions export --key HUB.key [--format csv|json] [-o FILE] [--since YYYY-MM-DD]\n"
            "                     [--kind KIND] [--hub-db FILE]   open what residents sent\n"
            "  (--hub-db defaults to " HUB_STORE_DEFAULT_PATH ")\n"
            "  --version\n");
    return 1;
}

int main(int argc, char **argv)
{
    outbox_use_wk_alloc();      /* SQLite allocates through wk_malloc */
    if (argc >= 2 && !strcmp(argv[1], "--version")) {
        printf("welkomctl %s\n", WELKOMCTL_VERSION);
        return 0;
    }
    if (argc >= 2 && !strcmp(argv[1], "keygen"))
        return ctl_cmd_keygen(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "status"))
        return ctl_cmd_status(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "publish"))
        return ctl_cmd_publish(argc - 1, argv + 1);
    if (argc >= 3 && !strcmp(argv[1], "submissions") && !strcmp(argv[2], "export"))
        return ctl_cmd_export(argc - 2, argv + 2);
    if (argc >= 3 && !strcmp(argv[1], "kiosk")) {
        if (!strcmp(argv[2], "add"))
            return ctl_cmd_kiosk_add(argc - 2, argv + 2);
        if (!strcmp(argv[2], "revoke"))
            return ctl_cmd_kiosk_revoke(argc - 2, argv + 2);
    }
    if (argc >= 3 && !strcmp(argv[1], "bundle")) {
        static const struct { const char *name; int (*run)(int, char **); } commands[] = {
            { "build", ctl_cmd_build }, { "sign", ctl_cmd_sign },
            { "verify", ctl_cmd_verify }, { "show", ctl_cmd_show },
        };
        for (size_t i = 0; i < WK_ARRAY_LEN(commands); i++)
            if (!strcmp(argv[2], commands[i].name))
                return commands[i].run(argc - 2, argv + 2);
    }
    return usage();
}
