/* welkomctl.h — the staff tool's parts: reading ini source files with line
 * numbers (ini.c), building a bundle from a source directory (build.c,
 * source.c), the publisher's commands (commands.c) and the hub's
 * (hub_commands.c, publish.c, export.c), the one line a command prints
 * when it fails (fail.c), and every command's usage and help (usage.c).
 * main.c only dispatches. */
#ifndef WELKOMCTL_H
#define WELKOMCTL_H

#include "../../app/core/wk.h"

#include <stdio.h>

#define WELKOMCTL_VERSION "0.1.0"

/* Problems found in source files, printed as "FILE:LINE: problem" the
 * moment they are found; a build with any error writes nothing. */
struct ctl_report {
    FILE *out;
    bool quiet;                 /* no warnings, no summary */
    bool no_summary;            /* warnings, but no summary (the hub's console) */
    int errors, warnings;
};
void ctl_error(struct ctl_report *r, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void ctl_warning(struct ctl_report *r, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Why a command did nothing: "welkomctl: " and the message, one line on
 * stderr. Returns 1, the command's exit status. */
int ctl_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One "key = value" of an ini file, continuation lines joined. */
struct ini_entry {
    char section[64];
    char key[64];
    char *value;
    int line;
    bool used;                  /* taken by the reader; the rest are unknown */
};
struct ini_file {
    const char *path;           /* as shown in messages (relative to the source) */
    struct ini_entry *entries;
    size_t count;
};

/* Longest line inih reads whole (its INI_MAX_LINE of 200, minus the NUL). */
#define CTL_MAX_LINE_BYTES 199

/* Reads path; problems (overlong lines, syntax, a key given twice) go to
 * the report. Returns 0 if the file could be read at all. */
int ini_file_read(const char *path, const char *shown_as, struct ini_file *f, struct ctl_report *r);
void ini_file_free(struct ini_file *f);
/* The entry for section/key (marks it used), or NULL. */
struct ini_entry *ini_get(struct ini_file *f, const char *section, const char *key);
/* Reports every entry no reader took as "unknown key". */
void ini_report_unused(struct ini_file *f, struct ctl_report *r);

struct ctl_build_options {
    const char *source_dir;
    const char *output;
    const char *assets_dir;     /* where pictograms/ is; NULL: no check */
};
/* Builds the bundle; returns 0, or an error after reporting every problem. */
int ctl_build(const struct ctl_build_options *o, struct ctl_report *r, char err[WK_ERR_MAX]);

/* usage.c: one command as main.c finds it ("kiosk add" is two words). */
struct ctl_command {
    const char *words;          /* "keygen", "bundle build", "kiosk add" ... */
    const char *usage;          /* the arguments, after "welkomctl " */
    const char *help;           /* what it does and its options, for --help */
    int (*run)(int argc, char **argv);  /* argv[0] is its last word */
};
extern const struct ctl_command ctl_commands[];
extern const size_t ctl_command_count;
/* The command named words, or NULL. */
const struct ctl_command *ctl_command_find(const char *words);
/* A command's answer to arguments it cannot take: its usage line on
 * stderr, as ctl_fail. Returns 1. */
int ctl_usage_fail(const char *words);

int ctl_cmd_keygen(int argc, char **argv);
int ctl_cmd_build(int argc, char **argv);
int ctl_cmd_sign(int argc, char **argv);
int ctl_cmd_verify(int argc, char **argv);
int ctl_cmd_show(int argc, char **argv);
/* hub_commands.c: the hub's kiosks and their status (hub/store.h). */
int ctl_cmd_kiosk_add(int argc, char **argv);
int ctl_cmd_kiosk_revoke(int argc, char **argv);
int ctl_cmd_status(int argc, char **argv);
/* publish.c: a signed bundle, checked as a kiosk would, onto the hub. */
int ctl_cmd_publish(int argc, char **argv);
/* The options of publish and firmware publish: --key PUB (one or more,
 * required), --hub-db FILE, and one operand at argv[optind]. 0, or the
 * exit status after saying what is wrong. */
struct content_keys;
int ctl_publisher_options(int argc, char **argv, const char *command, struct content_keys *keys, const char **db);
int ctl_cmd_firmware_sign(int argc, char **argv);
int ctl_cmd_firmware_publish(int argc, char **argv);
/* export.c: submissions opened with the hub's secret key, as CSV or JSON. */
int ctl_cmd_export(int argc, char **argv);
/* The hub's secret key from path (the NAME.key of `welkomctl keygen NAME
 * --box`) and its public half; 1 after saying why not (a public key
 * given for it, among others). */
int ctl_read_hub_key(const char *path, unsigned char sk[32], unsigned char pk[32]);
/* content_commands.c: the staff console's draft from and to a source
 * directory. */
int ctl_cmd_content_import(int argc, char **argv);
int ctl_cmd_content_export(int argc, char **argv);
/* staff_commands.c: the staff console's people and their key slots. */
int ctl_cmd_staff_add(int argc, char **argv);
int ctl_cmd_staff_list(int argc, char **argv);
int ctl_cmd_staff_revoke(int argc, char **argv);
int ctl_cmd_staff_slot(int argc, char **argv);
int ctl_cmd_staff_pin(int argc, char **argv);
/* volunteer_commands.c: the volunteers' roster and hours (hub/volunteer.h). */
int ctl_cmd_volunteers_import(int argc, char **argv);
int ctl_cmd_volunteers_hours(int argc, char **argv);

#endif
