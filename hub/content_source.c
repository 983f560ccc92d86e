/* content_source.c — the draft content source beside hub.db
 * (content_source.h): copying a source directory, replacing one, and
 * writing one ini file the way welkomctl's reader (tools/welkomctl/ini.c)
 * reads it back to the same values. */
#include "content_source.h"
#include "../app/core/utf8.h"

#include <dirent.h>
#include <ftw.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The reader's longest line (CTL_MAX_LINE_BYTES) and the indent of a
 * continued one. */
#define LINE_MAX_BYTES 199
#define CONTINUATION "  "
#define COPY_CHUNK (64 * 1024)
#define CONTENT_FILE_MAX (4 * 1024 * 1024)

const char *const hub_content_kinds[HUB_CONTENT_KINDS] = { "services", "activities", "forms", "events" };
/* volunteers.ini and organisations.ini are written from hub.db's roster
 * (hub/volunteer_store.c), never edited by hand. */
static const char *const single_files[] = { "centre.ini", "categories.ini", "volunteers.ini", "organisations.ini" };

void hub_content_path(const char *db_path, const char *sub, char out[HUB_CONTENT_PATH_MAX])
{
    const char *slash = strrchr(db_path, '/');
    if (!slash)
        snprintf(out, HUB_CONTENT_PATH_MAX, "content/%s", sub);
    else
        snprintf(out, HUB_CONTENT_PATH_MAX, "%.*s/content/%s", (int)(slash - db_path), db_path, sub);
}

bool hub_content_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > HUB_CONTENT_NAME_MAX)
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-'))
            return false;
    return true;
}

/* dst as a copy of src; a hard link when share is set and the two are
 * on one file system (every writer of a source replaces a file by
 * renaming a new one over it, so a file is never changed in place). */
static int copy_file(const char *src, const char *dst, bool share, char err[WK_ERR_MAX])
{
    if (share && link(src, dst) == 0)
        return 0;
    FILE *in = fopen(src, "rb"), *out = in ? fopen(dst, "wbx") : NULL;
    char *buf = out ? wk_malloc(COPY_CHUNK) : NULL;
    size_t n, total = 0;
    int rc = 0;
    if (!in || !out || !buf) {
        wk_seterr(err, "cannot copy %s to %s: %s", src, dst, buf || !out ? strerror(errno) : "out of memory");
        rc = WK_EIO;
    }
    while (!rc && (n = fread(buf, 1, COPY_CHUNK, in)) > 0) {
        total += n;
        if (total > CONTENT_FILE_MAX || fwrite(buf, 1, n, out) != n) {
            wk_seterr(err, "cannot copy %s: %s", src, total > CONTENT_FILE_MAX ? "larger than 4 MiB" : strerror(errno));
            rc = WK_EIO;
        }
    }
    if (!rc && ferror(in)) {
        wk_seterr(err, "cannot read %s: %s", src, strerror(errno));
        rc = WK_EIO;
    }
    if (out && fflush(out) && !rc) {
        wk_seterr(err, "cannot write %s: %s", dst, strerror(errno));
        rc = WK_EIO;
    }
    free(buf);
    if (in)
        fclose(in);
    if (out)
        fclose(out);
    return rc;
}

static bool is_ini(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && name[0] != '.' && !strcmp(name + n - 4, ".ini");
}

/* The *.ini files of src/sub into dst/sub (created). A missing src/sub
 * is an empty one. */
static int copy_kind(const char *src, const char *dst, const char *sub, bool share, char err[WK_ERR_MAX])
{
    char from[HUB_CONTENT_PATH_MAX], to[HUB_CONTENT_PATH_MAX];
    snprintf(from, sizeof from, "%s/%s", src, sub);
    snprintf(to, sizeof to, "%s/%s", dst, sub);
    if (mkdir(to, 0755) != 0) {
        wk_seterr(err, "cannot create %s: %s", to, strerror(errno));
        return WK_EIO;
    }
    DIR *d = opendir(from);
    if (!d)
        return errno == ENOENT ? 0 : (wk_seterr(err, "cannot read %s: %s", from, strerror(errno)), WK_EIO);
    struct dirent *de;
    int rc = 0;
    while (!rc && (de = readdir(d))) {
        if (!is_ini(de->d_name))
            continue;
        char a[HUB_CONTENT_PATH_MAX + 256], b[HUB_CONTENT_PATH_MAX + 256];
        snprintf(a, sizeof a, "%s/%s", from, de->d_name);
        snprintf(b, sizeof b, "%s/%s", to, de->d_name);
        rc = copy_file(a, b, share, err);
    }
    closedir(d);
    return rc;
}

int hub_content_copy(const char *src, const char *dst, bool share, char err[WK_ERR_MAX])
{
    if (mkdir(dst, 0755) != 0) {
        wk_seterr(err, "cannot create %s: %s", dst, strerror(errno));
        return WK_EIO;
    }
    int rc = 0;
    for (size_t i = 0; !rc && i < WK_ARRAY_LEN(single_files); i++) {
        char a[HUB_CONTENT_PATH_MAX + 32], b[HUB_CONTENT_PATH_MAX + 32];
        snprintf(a, sizeof a, "%s/%s", src, single_files[i]);
        snprintf(b, sizeof b, "%s/%s", dst, single_files[i]);
        if (access(a, F_OK) == 0)
            rc = copy_file(a, b, share, err);
    }
    for (int k = 0; !rc && k < HUB_CONTENT_KINDS; k++)
        rc = copy_kind(src, dst, hub_content_kinds[k], share, err);
    /* One sync of the file system for all the files copied, not one per
     * file (shared ones are on disk already). */
    int fd = rc || share ? -1 : open(dst, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0 && syncfs(fd) != 0) {
        wk_seterr(err, "cannot write %s: %s", dst, strerror(errno));
        rc = WK_EIO;
    }
    if (fd >= 0)
        close(fd);
    if (rc)
        hub_content_remove(dst);
    return rc;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

void hub_content_remove(const char *dir)
{
    nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

int hub_content_replace(const char *src, const char *dst, bool share, char err[WK_ERR_MAX])
{
    char fresh[HUB_CONTENT_PATH_MAX + 8], old[HUB_CONTENT_PATH_MAX + 8];
    snprintf(fresh, sizeof fresh, "%s.new", dst);
    snprintf(old, sizeof old, "%s.old", dst);
    hub_content_remove(fresh);
    hub_content_remove(old);
    int rc = hub_content_copy(src, fresh, share, err);
    if (rc)
        return rc;
    bool had = rename(dst, old) == 0;
    if (!had && errno != ENOENT) {
        wk_seterr(err, "cannot replace %s: %s", dst, strerror(errno));
        hub_content_remove(fresh);
        return WK_EIO;
    }
    if (rename(fresh, dst) != 0) {
        wk_seterr(err, "cannot replace %s: %s", dst, strerror(errno));
        if (had)
            rename(old, dst);
        hub_content_remove(fresh);
        return WK_EIO;
    }
    hub_content_remove(old);
    return 0;
}

/* --- writing one file ------------------------------------------------------ */

/* Whether the value can be written so the reader gives it back: UTF-8,
 * no control character but the line break, no blank at either end. */
static bool value_ok(const char *v)
{
    size_t n = strlen(v);
    if (n > HUB_CONTENT_VALUE_MAX || !wk_utf8_valid(v, n))
        return false;
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
            return false;
    return true;
}

/* A value's text with line breaks as "\n", its blanks at both ends gone
 * (the reader drops them). */
static char *escaped(const char *v)
{
    while (*v == ' ' || *v == '\t' || *v == '\n')
        v++;
    size_t n = strlen(v);
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\n'))
        n--;
    char *out = wk_malloc(2 * n + 1), *w = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (v[i] == '\n') {
            *w++ = '\\';
            *w++ = 'n';
        } else {
            *w++ = v[i];
        }
    }
    *w = '\0';
    return out;
}

/* Where a line that may hold room bytes of text from s (a value's rest)
 * ends: at a single space whose next character does not start a comment
 * or a section on a continued line (the reader joins lines with one
 * space). 0 if none fits. */
static size_t break_at(const char *s, size_t room)
{
    size_t best = 0;
    for (size_t i = 1; i < room && s[i]; i++)
        if (s[i] == ' ' && s[i - 1] != ' ' && s[i + 1] && s[i + 1] != ' ' && !strchr("#;[", s[i + 1]))
            best = i;
    return best;
}

static int write_value(FILE *out, const char *key, const char *text, char err[WK_ERR_MAX])
{
    size_t lead = strlen(key) + strlen(" = ");
    fprintf(out, "%s =%s", key, *text ? " " : "");
    size_t room = LINE_MAX_BYTES - lead;
    while (strlen(text) > room) {
        size_t at = break_at(text, room);
        if (!at) {
            wk_seterr(err, "[%s]: a word is too long for a line of %d bytes: add a space", key, LINE_MAX_BYTES);
            return WK_EINVAL;
        }
        fprintf(out, "%.*s\n" CONTINUATION, (int)at, text);
        text += at + 1;
        room = LINE_MAX_BYTES - strlen(CONTINUATION);
    }
    fprintf(out, "%s\n", text);
    return 0;
}

/* The end of writing path through tmp (out, still open): flushed and
 * synced, renamed over path; tmp removed on any failure. rc is the
 * writing's result so far. */
static int finish_file(FILE *out, const char *tmp, const char *path, int rc, char err[WK_ERR_MAX])
{
    if (!rc && (fflush(out) || fsync(fileno(out)) || ferror(out))) {
        wk_seterr(err, "cannot write %s: %s", tmp, strerror(errno));
        rc = WK_EIO;
    }
    fclose(out);
    if (!rc && rename(tmp, path) != 0) {
        wk_seterr(err, "cannot write %s: %s", path, strerror(errno));
        rc = WK_EIO;
    }
    if (rc)
        unlink(tmp);
    return rc;
}

int hub_content_write(const char *path, const char *comment, const struct hub_content_entry *e, size_t n,
                      char err[WK_ERR_MAX])
{
    if (n > HUB_CONTENT_ENTRIES_MAX) {
        wk_seterr(err, "more than %d lines", HUB_CONTENT_ENTRIES_MAX);
        return WK_EINVAL;
    }
    for (size_t i = 0; i < n; i++) {
        if (!hub_content_name_ok(e[i].section) || !hub_content_name_ok(e[i].key)) {
            wk_seterr(err, "\"%.64s\" / \"%.64s\": names are a-z, 0-9, '.', '_' and '-'", e[i].section, e[i].key);
            return WK_EINVAL;
        }
        if (!value_ok(e[i].value)) {
            wk_seterr(err, "[%s] %s: not text (control characters, not UTF-8, or over %d bytes)", e[i].section,
                      e[i].key, HUB_CONTENT_VALUE_MAX);
            return WK_EINVAL;
        }
        for (size_t j = 0; j < i; j++)
            if (!strcmp(e[i].section, e[j].section) && !strcmp(e[i].key, e[j].key)) {
                wk_seterr(err, "[%s] %s is given twice", e[i].section, e[i].key);
                return WK_EINVAL;
            }
    }
    char tmp[HUB_CONTENT_PATH_MAX + 8];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *out = fopen(tmp, "w");
    if (!out) {
        wk_seterr(err, "cannot write %s: %s", tmp, strerror(errno));
        return WK_EIO;
    }
    int rc = 0;
    if (comment)
        fprintf(out, "# %s\n", comment);
    /* Sections in the order they first come, each with all its keys. */
    for (size_t i = 0; !rc && i < n; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = !strcmp(e[i].section, e[j].section);
        if (seen)
            continue;
        fprintf(out, "%s[%s]\n", ftell(out) > 0 ? "\n" : "", e[i].section);
        for (size_t j = i; !rc && j < n; j++) {
            if (strcmp(e[j].section, e[i].section))
                continue;
            char *text = escaped(e[j].value);
            rc = text ? write_value(out, e[j].key, text, err) : WK_ENOMEM;
            if (!text)
                wk_seterr(err, "out of memory");
            free(text);
        }
    }
    return finish_file(out, tmp, path, rc, err);
}

/* --- centre.ini's [bundle] --------------------------------------------------- */

int hub_content_set_bundle(const char *path, const char *key, const char *value, char err[WK_ERR_MAX])
{
    FILE *in = fopen(path, "r");
    if (!in) {
        wk_seterr(err, "cannot read %s: %s", path, strerror(errno));
        return WK_EIO;
    }
    char tmp[HUB_CONTENT_PATH_MAX + 8], line[LINE_MAX_BYTES + 2];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *out = fopen(tmp, "w");
    bool in_bundle = false, done = false;
    size_t klen = strlen(key);
    while (out && fgets(line, sizeof line, in)) {
        const char *p = line + strspn(line, " \t");
        if (*p == '[')
            in_bundle = !strncmp(p, "[bundle]", strlen("[bundle]"));
        bool ours = in_bundle && p == line && !strncmp(p, key, klen) && strchr(" \t=", p[klen]);
        if (ours && !done) {
            fprintf(out, "%s = %s\n", key, value);
            done = true;
        } else if (!ours) {
            fputs(line, out);
        }
    }
    fclose(in);
    if (!out) {
        wk_seterr(err, "cannot write %s: %s", tmp, strerror(errno));
        return WK_EIO;
    }
    if (!done)
        wk_seterr(err, "%s has no %s in [bundle]", path, key);
    return finish_file(out, tmp, path, done ? 0 : WK_EINVAL, err);
}
