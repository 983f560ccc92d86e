/* content_internal.h — what the content module's files share and nobody
 * else sees: the bundle struct, file reading with a size cap, and the
 * string arena the loaded content lives in. */
#ifndef CONTENT_INTERNAL_H
#define CONTENT_INTERNAL_H

#include "content.h"

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
struct content_text *content_form_slot(struct content *c, const char *item, const char *field);
void content_clear_form_texts(struct content *c);

/* Texts of the current language into the items (texts.c). */
int content_load_texts(struct content *c, const char *lang, char err[WK_ERR_MAX]);


#endif
