/* args.c — the first pass over a command line with a config file
 * (args.h), shared by the kiosk and welkom-hub. */
#include "args.h"

#include <unistd.h>

int wk_args_first_pass(int argc, char **argv, const struct wk_args_desc *desc, const char **config_path,
                       char err[WK_ERR_MAX])
{
    int opt, result = WK_ARGS_RUN;
    *config_path = NULL;
    opterr = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "v", desc->options, NULL)) != -1) {
        if (opt == desc->config_opt)
            *config_path = optarg;
        else if (opt == desc->help_opt)
            result = WK_ARGS_HELP;
        else if (opt == desc->version_opt)
            result = result == WK_ARGS_RUN ? WK_ARGS_VERSION : result;
        else if (opt == '?' || opt == ':') {
            wk_seterr(err, "unknown option or missing value: %s (see --help)", argv[optind - 1]);
            optind = 1;
            return WK_EINVAL;
        }
    }
    if (result == WK_ARGS_RUN && optind < argc) {
        wk_seterr(err, "unexpected argument \"%s\" (see --help)", argv[optind]);
        optind = 1;
        return WK_EINVAL;
    }
    if (!*config_path && desc->default_config && access(desc->default_config, R_OK) == 0)
        *config_path = desc->default_config;
    optind = 1;
    return result;
}
