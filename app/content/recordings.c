/* recordings.c — sound files staff attach to texts in the bundle, for the
 * languages espeak-ng has no voice for (and any text they would rather
 * hear spoken by a person). Table `recordings` (optional: bundles without
 * it have none), keyed by language and the text itself as the kiosk shows
 * it, so a recording belongs to those exact words: change the words and
 * the old recording no longer plays. Every row is checked when the bundle
 * is opened (a known language, a text of a sane length, a WAV or Ogg/Opus
 * file that speech_sound_check takes); one bad row refuses the bundle. */
#include "content_internal.h"
#include "../speech/speech.h"

#include <stdlib.h>
#include <string.h>

static bool has_table(sqlite3 *db)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'recordings'",
                           -1, &st, NULL) != SQLITE_OK)
        return false;
    bool found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

static int language_index(const struct content *c, const char *code)
{
    for (size_t i = 0; i < c->language_count; i++)
        if (!strcmp(c->languages[i].code, code))
            return (int)i;
    return -1;
}

int content_load_recordings(struct content *c, char err[WK_ERR_MAX])
{
    if (!has_table(c->db))
        return 0;
    size_t rows;
    struct content_rows r;
    int rc = content_count_rows(c->db, "recordings", CONTENT_MAX_RECORDINGS, &rows, err);
    if (rc || (rc = content_rows_open(c->db, &r, "recordings",
                                      "SELECT lang, text, sound, rowid FROM recordings", err)))
        return rc;
    while ((rc = content_rows_next(&r, err)) > 0) {
        const char *lang, *text;
        char why[WK_ERR_MAX];
        if ((rc = content_rows_text(&r, 0, false, CONTENT_MAX_LANGUAGE_CODE + 1, &lang, err)))
            break;
        int li = language_index(c, lang);
        if (li < 0) {
            rc = content_rows_fail(&r, err, "a recording for a language the bundle does not have");
            break;
        }
        if ((rc = content_rows_text(&r, 1, false, SPEECH_MAX_TEXT_BYTES, &text, err)))
            break;
        r.item = text;
        if (!text[0]) {
            rc = content_rows_fail(&r, err, "a recording of an empty text");
            break;
        }
        if (sqlite3_column_type(r.st, 2) != SQLITE_BLOB) {
            rc = content_rows_fail(&r, err, "the sound is not a blob");
            break;
        }
        if (speech_sound_check(sqlite3_column_blob(r.st, 2), (size_t)sqlite3_column_bytes(r.st, 2),
                               why)) {
            rc = content_rows_fail(&r, err, why);
            break;
        }
        c->languages[li].recordings++;
    }
    content_rows_close(&r);
    return rc < 0 ? rc : 0;
}

bool content_has_recordings(const struct content *c, const char *lang)
{
    int li = c && lang ? language_index(c, lang) : -1;
    return li >= 0 && c->languages[li].recordings > 0;
}

int content_recording(const struct content *c, const char *lang, const char *text, void **data,
                      size_t *size)
{
    *data = NULL;
    *size = 0;
    if (!content_has_recordings(c, lang))
        return WK_ENOTFOUND;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, "SELECT sound FROM recordings WHERE lang = ? AND text = ?", -1, &st,
                           NULL) != SQLITE_OK)
        return WK_EIO;
    sqlite3_bind_text(st, 1, lang, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
    int rc = WK_ENOTFOUND;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_BLOB) {
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        void *copy = wk_malloc(n);
        if (!copy) {
            rc = WK_ENOMEM;
        } else {
            memcpy(copy, sqlite3_column_blob(st, 0), n);
            *data = copy;
            *size = n;
            rc = 0;
        }
    }
    sqlite3_finalize(st);
    return rc;
}
