/* ini.c — reads a content source file with inih and keeps every value with
 * the line it came from, so build errors can name FILE:LINE. inih is fed
 * through ini_parse_stream with a reader of our own that counts lines,
 * refuses lines inih would silently cut (over 199 bytes), and hides ';'
 * from inih's inline-comment rule: in content, "Oui ; non" is text. */
#include "welkomctl.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Stands for ';' while inih looks at a line; never valid in UTF-8 text
 * that staff type, and turned back before anyone sees the value. */
#define SEMICOLON_STAND_IN '\x1f'

static void report(struct ctl_report *r, const char *kind, const char *file, int line,
                   const char *fmt, va_list ap)
{
    if (line > 0)
        fprintf(r->out, "%s:%d: %s", file, line, kind);
    else
        fprintf(r->out, "%s: %s", file, kind);
    vfprintf(r->out, fmt, ap);
    fputc('\n', r->out);
}

void ctl_error(struct ctl_report *r, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(r, "", file, line, fmt, ap);
    va_end(ap);
    r->errors++;
}

void ctl_warning(struct ctl_report *r, const char *file, int line, const char *fmt, ...)
{
    r->warnings++;
    if (r->quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    report(r, "warning: ", file, line, fmt, ap);
    va_end(ap);
}

struct reader {
    FILE *in;
    struct ini_file *file;
    struct ctl_report *report;
    int line;
    bool continuation;          /* the last line read started with a blank */
    bool in_comment;
};

static char *read_line(char *str, int num, void *stream)
{
    struct reader *rd = stream;
    if (!fgets(str, num, rd->in))
        return NULL;
    rd->line++;
    size_t len = strlen(str);
    /* A full buffer without its newline: a line of exactly num - 1 bytes
     * (its newline or the end of the file comes next) is whole; inih
     * takes it without the newline. */
    int ch = 0;
    if (len == (size_t)num - 1 && str[len - 1] != '\n' && (ch = fgetc(rd->in)) != '\n' &&
        ch != EOF) {
        ctl_error(rd->report, rd->file->path, rd->line,
                  "line is longer than %d bytes; continue the text on the next line, "
                  "indented with spaces", CTL_MAX_LINE_BYTES);
        while ((ch = fgetc(rd->in)) != EOF && ch != '\n')
            ;
        str[0] = '\n';
        str[1] = '\0';
        return str;
    }
    const char *p = str + strspn(str, " \t");
    rd->continuation = p != str;
    rd->in_comment = *p == ';' || *p == '#';
    if (!rd->in_comment)
        for (char *s = str; *s; s++)
            if (*s == ';')
                *s = SEMICOLON_STAND_IN;
    return str;
}

static char *restore(char *s)
{
    for (char *p = s; *p; p++)
        if (*p == SEMICOLON_STAND_IN)
            *p = ';';
    return s;
}

/* "\n" in a value is a line break on screen. */
static void unescape(char *s)
{
    char *w = s;
    for (const char *p = s; *p; p++) {
        if (p[0] == '\\' && p[1] == 'n') {
            *w++ = '\n';
            p++;
        } else {
            *w++ = *p;
        }
    }
    *w = '\0';
}

static int on_value(void *user, const char *section, const char *key, const char *value)
{
    struct reader *rd = user;
    struct ini_file *f = rd->file;
    struct ini_entry *last = f->count ? &f->entries[f->count - 1] : NULL;
    if (rd->continuation && last && !strcmp(last->section, section) && !strcmp(last->key, key)) {
        size_t a = strlen(last->value), b = strlen(value);
        char *joined = wk_realloc(last->value, a + b + 2);
        if (!joined)
            return 0;
        joined[a] = ' ';
        memcpy(joined + a + 1, value, b + 1);
        last->value = joined;
        return 1;
    }
    for (size_t i = 0; i < f->count; i++)
        if (!strcmp(f->entries[i].section, section) && !strcmp(f->entries[i].key, key)) {
            ctl_error(rd->report, f->path, rd->line, "[%s] %s is given twice (first on line %d)",
                      section, key, f->entries[i].line);
            return 1;
        }
    struct ini_entry *e = wk_realloc(f->entries, (f->count + 1) * sizeof *e);
    if (!e)
        return 0;
    f->entries = e;
    e = &f->entries[f->count];
    *e = (struct ini_entry){ .line = rd->line };
    snprintf(e->section, sizeof e->section, "%s", section);
    snprintf(e->key, sizeof e->key, "%s", key);
    if (!(e->value = wk_strdup(value)))
        return 0;
    f->count++;
    return 1;
}

int ini_file_read(const char *path, const char *shown_as, struct ini_file *f, struct ctl_report *r)
{
    *f = (struct ini_file){ .path = shown_as };
    FILE *in = fopen(path, "r");
    if (!in) {
        ctl_error(r, shown_as, 0, "cannot read: %s", strerror(errno));
        return WK_EIO;
    }
    struct reader rd = { .in = in, .file = f, .report = r };
    int line = ini_parse_stream(read_line, &rd, on_value, &rd);
    fclose(in);
    if (line > 0)
        ctl_error(r, shown_as, line, "not a \"key = value\" line or a [section] (or out of memory)");
    for (size_t i = 0; i < f->count; i++) {
        unescape(restore(f->entries[i].value));
        restore(f->entries[i].section);
    }
    return 0;
}

void ini_file_free(struct ini_file *f)
{
    for (size_t i = 0; i < f->count; i++)
        free(f->entries[i].value);
    free(f->entries);
    *f = (struct ini_file){ 0 };
}

struct ini_entry *ini_get(struct ini_file *f, const char *section, const char *key)
{
    for (size_t i = 0; i < f->count; i++)
        if (!strcmp(f->entries[i].section, section) && !strcmp(f->entries[i].key, key)) {
            f->entries[i].used = true;
            return &f->entries[i];
        }
    return NULL;
}

void ini_report_unused(struct ini_file *f, struct ctl_report *r)
{
    for (size_t i = 0; i < f->count; i++)
        if (!f->entries[i].used)
            ctl_error(r, f->path, f->entries[i].line, "unknown key \"%s\" in [%s]",
                      f->entries[i].key, f->entries[i].section);
}
