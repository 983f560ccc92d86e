/* content_source.h — the hub's draft of the kiosks' content: an ini
 * directory in today's source format (docs/bundle.md) beside hub.db, in
 * DIR/content/draft, and the source of every version the console
 * published, in DIR/content/versions/N. The bundle is built from it by
 * welkomctl's own builder (ctl_build), so the console and `welkomctl
 * bundle build` check the same things. welkom-hub (staff_content.c)
 * edits it; welkomctl imports and exports it (`welkomctl content`). */
#ifndef HUB_CONTENT_SOURCE_H
#define HUB_CONTENT_SOURCE_H

#include "../app/core/wk.h"

#include <stddef.h>

#define HUB_CONTENT_PATH_MAX 1200
/* The item directories of a source and their single files. */
#define HUB_CONTENT_KINDS 4
/* "services", "activities", "forms", "events" (docs/volunteers.md) */
extern const char *const hub_content_kinds[HUB_CONTENT_KINDS];
/* Section and key names an item may use: letters a-z, digits, '.', '_',
 * '-' (a date in [exceptions] is a key), this long at most. */
#define HUB_CONTENT_NAME_MAX 63
/* One value, in bytes, and the entries of one file. */
#define HUB_CONTENT_VALUE_MAX (16 * 1024)
#define HUB_CONTENT_ENTRIES_MAX 4000

/* DIR/content/SUB beside the database at db_path. */
void hub_content_path(const char *db_path, const char *sub, char out[HUB_CONTENT_PATH_MAX]);

/* Whether name is a section or key name an item may use. */
bool hub_content_name_ok(const char *name);

/* Copies the source at src (centre.ini, categories.ini and the *.ini of
 * services/, activities/ and forms/; nothing else, so keys/ stays out)
 * into dst, which must not exist. share: files may be hard links to
 * src's (only between the hub's own copies, whose files are only ever
 * replaced whole: never for a directory people edit). */
int hub_content_copy(const char *src, const char *dst, bool share, char err[WK_ERR_MAX]);
/* Makes dst a copy of src: copied beside it, then renamed over it. */
int hub_content_replace(const char *src, const char *dst, bool share, char err[WK_ERR_MAX]);
/* Removes a source directory that hub_content_copy made (two levels). */
void hub_content_remove(const char *dir);

/* One "key = value" of a file to write. */
struct hub_content_entry {
    const char *section, *key, *value;
};
/* Writes entries (grouped by section in their order) to path, through
 * path.tmp and a rename: line breaks as "\n", lines over the reader's
 * 199 bytes continued on indented lines. WK_EINVAL, saying which, for a
 * name hub_content_name_ok refuses, a key given twice, a value that is
 * not UTF-8 text or a word too long to fit a line. */
int hub_content_write(const char *path, const char *comment, const struct hub_content_entry *e, size_t n,
                      char err[WK_ERR_MAX]);

/* Sets "key = value" of [bundle] in centre.ini at path, the rest of the
 * file as it was (comments too). */
int hub_content_set_bundle(const char *path, const char *key, const char *value, char err[WK_ERR_MAX]);

#endif
