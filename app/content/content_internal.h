/* content_internal.h — what the content module's files share and nobody
 * else sees: the bundle struct, file reading with a size cap, and the
 * string arena the loaded content lives in. */
#ifndef CONTENT_INTERNAL_H
#define CONTENT_INTERNAL_H

#include "content.h"
#include "volunteer_code.h"

#include <sqlite3.h>

/* Strings of one load live in chunks freed together. */
struct arena_chunk;
struct arena { struct arena_chunk *head; size_t used; };
const char *arena_strdup(struct arena *a, const char *s);
void *arena_alloc(struct arena *a, size_t size);
void arena_free(struct arena *a);

/* id → index of an item, sorted by id for bsearch. */
struct id_index { const char *id; int index; };
int content_find(const struct id_index *ix, size_t n, const char *id);

struct content {
    char path[1024];
    unsigned char *bytes;               /* the verified file SQLite reads */
    size_t size;
    sqlite3 *db;
    struct content_meta meta;
    struct arena arena;                 /* ids, pictograms, contact, hours */
    struct arena texts[2];              /* this language's and the last one's */
    int texts_current;
    char language[8];

    struct content_language *languages;
    size_t language_count;
    struct content_category *categories;
    size_t category_count;
    struct content_service *services;
    size_t service_count;
    struct content_activity *activities;
    size_t activity_count;
    struct id_index *category_ix, *service_ix, *activity_ix;
    struct content_form *forms;        /* CONTENT_MAX_FORMS slots */
    struct content_organisation *organisations;
    size_t organisation_count;
    struct content_event *events;
    size_t event_count;
    struct id_index *organisation_ix, *event_ix;
    struct volunteer_sealed *volunteers;  /* sorted by number */
    size_t volunteer_count;
    struct volunteer_cost volunteer_cost;
    size_t form_count;

    /* activity schedules, sorted by activity */
    struct weekly_rule { int activity; int8_t weekday; int16_t starts, ends;
                         int32_t from, until; } *weekly;
    size_t weekly_count;
    struct dated_session { int activity; int32_t day; int16_t starts, ends; } *dated;
    size_t dated_count;
    struct day_mark { int activity; int32_t day; int taken; } *cancelled, *taken;
    size_t cancelled_count, taken_count;
};

int content_crypto_init(char err[WK_ERR_MAX]);
/* Exactly size bytes of base64 (what names it in err). */
int content_decode_base64(const char *text, unsigned char *out, size_t size, char err[WK_ERR_MAX],
                          const char *what);

/* Reads a whole file of at most max bytes into memory, NUL-terminated
 * (and refused if it holds a NUL when text is true). Free it with
 * content_file_free and the size it gave. */
int content_read_file(const char *path, size_t max, unsigned char **out, size_t *size, bool text,
                      char err[WK_ERR_MAX]);
void content_file_free(unsigned char *bytes, size_t size);

int content_verify_bytes(const unsigned char *bundle, size_t size, const char *sig_path,
                         const struct content_keys *keys, char err[WK_ERR_MAX]);

/* Loads languages, categories, services, activities and schedules (load.c). */
int content_load(struct content *c, char err[WK_ERR_MAX]);
/* Forms, fields and options of a schema-2 bundle (forms.c). */
int content_load_forms(struct content *c, char err[WK_ERR_MAX]);
/* Checks every recording and counts them per language (recordings.c). */
int content_load_recordings(struct content *c, char err[WK_ERR_MAX]);
struct content_text *content_form_slot(struct content *c, const char *item, const char *field);
void content_clear_form_texts(struct content *c);

/* Texts of the current language into the items (texts.c); at open, every
 * text row of every language is checked first (content_check_texts). */
int content_load_texts(struct content *c, const char *lang, char err[WK_ERR_MAX]);
int content_check_texts(struct content *c, char err[WK_ERR_MAX]);

/* --- reading tables (rows.c) --- */

/* One query over one table. The query's last column is the rowid, so a
 * refusal can name the row; item, once a loader knows it, names the
 * item too. */
struct content_rows {
    sqlite3_stmt *st;
    const char *table;
    const char *item;                   /* valid until the next row */
    sqlite3_int64 row;
    int rowid_col;
};

int content_rows_open(sqlite3 *db, struct content_rows *r, const char *table, const char *sql,
                      char err[WK_ERR_MAX]);
/* 1: the next row is there; 0: SQLITE_DONE; negative: any other step
 * result, which refuses the bundle (err says so). */
int content_rows_next(struct content_rows *r, char err[WK_ERR_MAX]);
void content_rows_close(struct content_rows *r);
/* Refuses the bundle at the current row: "bundle table T, row N (item): what". */
int content_rows_fail(const struct content_rows *r, char err[WK_ERR_MAX], const char *what);

/* Column col stored as text, without a NUL byte, shorter than max bytes
 * ("" allowed); a NULL only when null_ok (*out is then NULL). The pointer
 * is valid until the next row. */
int content_rows_text(const struct content_rows *r, int col, bool null_ok, size_t max,
                      const char **out, char err[WK_ERR_MAX]);
/* A short text column (an id, a pictogram, a contact field) copied into
 * c->arena, at most CONTENT_MAX_FIELD_BYTES: refused when longer (not
 * cut), and when NULL or empty if required; *out NULL then otherwise. */
int content_rows_field(struct content *c, const struct content_rows *r, int col, bool required,
                       const char **out, char err[WK_ERR_MAX]);
/* Column col stored as an integer from lo to hi; a NULL only when null_ok
 * (*out is then left as it was: the caller's default). */
int content_rows_int(const struct content_rows *r, int col, bool null_ok, int64_t lo, int64_t hi,
                     int64_t *out, char err[WK_ERR_MAX]);
int content_rows_small(const struct content_rows *r, int col, bool null_ok, int lo, int hi, int *out,
                       char err[WK_ERR_MAX]);

/* COUNT(*) of a table, refused above max. */
int content_count_rows(sqlite3 *db, const char *table, size_t max, size_t *out, char err[WK_ERR_MAX]);

/* The rows of a key/value table (meta, settings): both text, no key
 * twice, at most max rows; strings in c->arena. */
struct content_pair { const char *key, *value; };
int content_read_pairs(struct content *c, const char *table, struct content_pair *pairs, size_t max,
                       size_t *count, char err[WK_ERR_MAX]);
const char *content_pair_value(const struct content_pair *pairs, size_t n, const char *key);

/* s copied into out for a message, control bytes shown as '?': what a
 * hostile bundle holds must not drive the terminal that reads the log. */
const char *content_printable(const char *s, char *out, size_t size);
/* The settings screen_hours_mon ... into m (screen_hours.c). */
int content_load_screen_hours(struct content_meta *m, const struct content_pair *pairs, size_t n,
                              char err[WK_ERR_MAX]);

/* An index of n items (each starting with its id) of table, refused when
 * an id is there twice (load.c). */
int content_index_ids(const void *items, size_t n, size_t stride, const char *table,
                      struct id_index **out, char err[WK_ERR_MAX]);
/* The index of the item whose id is in column col, refused if none has it. */
int content_rows_item(const struct content_rows *r, int col, const struct id_index *ix, size_t n,
                      int *out, char err[WK_ERR_MAX]);
/* Adds a range to a day's hours, refused when it ends before it starts,
 * overlaps the one before or is one too many. */
int content_add_range(struct content_day_hours *h, int opens, int closes, const struct content_rows *r,
                      char err[WK_ERR_MAX]);
/* Organisations, the roster and events, when the bundle has them
 * (volunteers.c); the text slots of their items and their release. */
int content_load_volunteers(struct content *c, char err[WK_ERR_MAX]);
struct content_text *content_volunteer_slot(struct content *c, const char *item, const char *field);
void content_clear_volunteer_texts(struct content *c);
void content_free_volunteers(struct content *c);

/* "nl", "ti": 2 or 3 letters a-z (load.c). */
bool content_language_code_ok(const char *s);

/* A whole number written in decimal digits only, from lo to hi. */
int content_parse_whole(const char *s, int64_t lo, int64_t hi, int64_t *out);


#endif
