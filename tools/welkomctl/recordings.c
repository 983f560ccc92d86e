/* recordings.c — `welkomctl bundle build` reads recordings.ini: a sound
 * file per text and language, which the kiosk plays instead of its
 * synthetic voice (and the only voice Pashto, Tigrinya and Somali have).
 * Each recording is checked as the kiosk will check it (speech_sound_check)
 * and stored whole in the bundle's `recordings` table. */
#include "build.h"
#include "../../app/speech/speech.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RECORDINGS_DIR "recordings"

static const char RECORDINGS_SCHEMA[] =
    "CREATE TABLE recordings (lang TEXT NOT NULL, text TEXT NOT NULL, sound BLOB NOT NULL,"
    "  PRIMARY KEY (lang, text)) STRICT;";

/* The whole file, at most SPEECH_MAX_RECORDING_BYTES; NULL after a report. */
static unsigned char *read_sound(struct builder *b, const char *ini, int line, const char *name,
                                 size_t *size)
{
    char path[CTL_MAX_PATH * 2];
    if (!name[0] || strchr(name, '/') || name[0] == '.') {
        ctl_error(b->r, ini, line, "file \"%s\" must be a file name in %s/", name, RECORDINGS_DIR);
        return NULL;
    }
    snprintf(path, sizeof path, "%s/" RECORDINGS_DIR "/%s", b->o->source_dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        ctl_error(b->r, ini, line, "cannot read %s/%s: %s", RECORDINGS_DIR, name, strerror(errno));
        return NULL;
    }
    unsigned char *bytes = wk_malloc(SPEECH_MAX_RECORDING_BYTES + 1);
    size_t n = bytes ? fread(bytes, 1, SPEECH_MAX_RECORDING_BYTES + 1, f) : 0;
    bool bad = !bytes || ferror(f);
    fclose(f);
    if (bad) {
        ctl_error(b->r, ini, line, "cannot read %s/%s", RECORDINGS_DIR, name);
        free(bytes);
        return NULL;
    }
    *size = n;
    return bytes;
}

static void build_recording(struct builder *b, struct ini_file *f, const char *section, sqlite3_stmt *st)
{
    struct ini_entry *lang = ini_get(f, section, "lang"), *text = ini_get(f, section, "text"),
                     *file = ini_get(f, section, "file");
    if (!lang || !text || !file) {
        ctl_error(b->r, f->path, 0, "[%s] needs lang, text and file", section);
        return;
    }
    bool known = false;
    for (size_t i = 0; i < b->language_count && !known; i++)
        known = strcmp(b->languages[i], lang->value) == 0;
    if (!known) {
        ctl_error(b->r, f->path, lang->line, "[%s] lang \"%s\" is not a language of this bundle",
                  section, lang->value);
        return;
    }
    if (!text->value[0] || strlen(text->value) >= SPEECH_MAX_TEXT_BYTES) {
        ctl_error(b->r, f->path, text->line, "[%s] text is empty or longer than %d bytes", section,
                  SPEECH_MAX_TEXT_BYTES - 1);
        return;
    }
    size_t size = 0;
    unsigned char *sound = read_sound(b, f->path, file->line, file->value, &size);
    if (!sound)
        return;
    char why[WK_ERR_MAX];
    if (speech_sound_check(sound, size, why)) {
        ctl_error(b->r, f->path, file->line, "%s/%s: %s (the kiosk plays 16-bit PCM WAV and Ogg/Opus)",
                  RECORDINGS_DIR, file->value, why);
    } else {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, lang->value, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, text->value, -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 3, sound, (int)size, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE)
            ctl_error(b->r, f->path, text->line, "[%s] cannot be stored: %s (the same text twice?)",
                      section, sqlite3_errmsg(b->db));
    }
    free(sound);
}

void ctl_build_recordings(struct builder *b)
{
    char path[CTL_MAX_PATH];
    snprintf(path, sizeof path, "%s/recordings.ini", b->o->source_dir);
    FILE *probe = fopen(path, "r");
    if (!probe)
        return;                         /* no recordings: synthesis only */
    fclose(probe);
    struct ini_file f;
    if (ini_file_read(path, "recordings.ini", &f, b->r))
        return;
    sqlite3_stmt *st = NULL;
    if (sqlite3_exec(b->db, RECORDINGS_SCHEMA, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(b->db, "INSERT INTO recordings VALUES (?, ?, ?)", -1, &st, NULL) != SQLITE_OK) {
        ctl_error(b->r, "recordings.ini", 0, "cannot write: %s", sqlite3_errmsg(b->db));
    } else {
        for (size_t i = 0; i < f.count; i++) {
            bool first = true;
            for (size_t j = 0; j < i && first; j++)
                first = strcmp(f.entries[j].section, f.entries[i].section) != 0;
            if (first)
                build_recording(b, &f, f.entries[i].section, st);
        }
    }
    sqlite3_finalize(st);
    ini_report_unused(&f, b->r);
    ini_file_free(&f);
}
