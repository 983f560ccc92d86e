/* content_commands.c — `welkomctl content import DIR` and `content export
 * DIR`: the draft the staff console edits (hub/content_source.h) from and
 * to an ini source directory of today's format (docs/bundle.md). An
 * import is built first with the same builder as `bundle build`, so a
 * draft never starts broken, then replaces the draft whole; an export
 * writes a directory `bundle build` and `import` take back unchanged. */
#include "welkomctl.h"
#include "../../hub/content_source.h"
#include "../../hub/store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The one argument and --hub-db of both commands. */
static int arguments(int argc, char **argv, const char *words, const char **dir, const char **db)
{
    static const struct option opts[] = { { "hub-db", required_argument, NULL, 'd' }, { 0 } };
    int opt;
    *db = HUB_STORE_DEFAULT_PATH;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt != 'd')
            return ctl_usage_fail(words);
        *db = optarg;
    }
    if (optind != argc - 1)
        return ctl_usage_fail(words);
    *dir = argv[optind];
    return 0;
}

int ctl_cmd_content_import(int argc, char **argv)
{
    const char *src, *db;
    if (arguments(argc, argv, "content import", &src, &db))
        return 1;
    char draft[HUB_CONTENT_PATH_MAX], parent[HUB_CONTENT_PATH_MAX], bundle[HUB_CONTENT_PATH_MAX + 32];
    char err[WK_ERR_MAX];
    hub_content_path(db, "", parent);
    hub_content_path(db, "draft", draft);
    if (mkdir(parent, 0700) != 0 && access(parent, W_OK) != 0)
        return ctl_fail("cannot create %s beside %s", parent, db);
    /* Checked as `bundle build` checks it; the problems on stderr. */
    snprintf(bundle, sizeof bundle, "%simport-check.db", parent);
    struct ctl_report r = { .out = stderr, .quiet = true };
    struct ctl_build_options o = { .source_dir = src, .output = bundle };
    int rc = ctl_build(&o, &r, err);
    unlink(bundle);
    if (rc)
        return ctl_fail("%s does not build (%s): nothing imported", src, err);
    if (hub_content_replace(src, draft, false, err))
        return ctl_fail("%s: nothing imported", err);
    printf("imported %s as the draft of the hub at %s; publish it from the staff console\n", src, db);
    return 0;
}

int ctl_cmd_content_export(int argc, char **argv)
{
    const char *dst, *db;
    if (arguments(argc, argv, "content export", &dst, &db))
        return 1;
    char draft[HUB_CONTENT_PATH_MAX], err[WK_ERR_MAX];
    hub_content_path(db, "draft", draft);
    if (access(draft, F_OK) != 0)
        return ctl_fail("the hub at %s has no draft yet (welkomctl content import DIR)", db);
    if (access(dst, F_OK) == 0)
        return ctl_fail("%s exists: export into a new directory", dst);
    if (hub_content_copy(draft, dst, false, err))
        return ctl_fail("%s: nothing exported", err);
    printf("exported the draft of the hub at %s to %s\n", db, dst);
    return 0;
}
