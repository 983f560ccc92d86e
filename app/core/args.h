/* args.h — the first pass over the command line of a program that also
 * reads an ini file (the kiosk, welkom-hub): find --config, or the default
 * file if it exists; stop at --help or --version; refuse an unknown option
 * or a stray argument. The caller then reads the file and makes its
 * second pass, so flags override the file. */
#ifndef WK_ARGS_H
#define WK_ARGS_H

#include "wk.h"

#include <getopt.h>

enum wk_args_result { WK_ARGS_RUN = 0, WK_ARGS_HELP = 1, WK_ARGS_VERSION = 2 };

struct wk_args_desc {
    const struct option *options;       /* as for getopt_long, short options "v" */
    int config_opt, help_opt, version_opt;
    const char *default_config;         /* used if it exists and no --config is given */
};

/* WK_ARGS_RUN with *config_path set (NULL: no file), WK_ARGS_HELP or
 * WK_ARGS_VERSION, or WK_EINVAL with err set. Leaves optind at 1 for the
 * second pass. */
int wk_args_first_pass(int argc, char **argv, const struct wk_args_desc *desc, const char **config_path,
                       char err[WK_ERR_MAX]);

#endif
