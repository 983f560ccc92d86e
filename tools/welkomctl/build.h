/* build.h — what the parts of `welkomctl bundle build` share: the builder
 * (the bundle being written and what the source has declared so far) and
 * the helpers that check a value and write a row. */
#ifndef CTL_BUILD_H
#define CTL_BUILD_H

#include "welkomctl.h"
#include "fields.h"

#include <sqlite3.h>

#define CTL_MAX_LANGUAGES 32
#define CTL_MAX_CATEGORIES CONTENT_MAX_CATEGORIES
#define CTL_MAX_PATH 1100

struct builder {
    const struct ctl_build_options *o;
    struct ctl_report *r;
    sqlite3 *db;
    char default_language[8];
    char languages[CTL_MAX_LANGUAGES][8];        /* enabled, in order */
    size_t language_count;
    char categories[CTL_MAX_CATEGORIES][64];          /* ids, sized like ini sections */
    char category_pictograms[CTL_MAX_CATEGORIES][64];
    size_t category_count;
    int position;
    int services, activities, texts;
    char (*organisations)[64];                        /* volunteers.c: ids read so far */
    size_t organisation_count;
    int volunteers, events;
};

/* A text field of an item kind and its limit in characters. */
struct ctl_text_field { const char *name; size_t max_chars; };

/* One INSERT with its values bound as text (NULL binds NULL); a failure is
 * reported as an error of the build. */
void ctl_insert(struct builder *b, const char *sql, int n, const char *const *values);
#define INSERT(b, sql, ...) \
    ctl_insert((b), (sql), (int)(sizeof((const char *[]){ __VA_ARGS__ }) / sizeof(const char *)), \
               (const char *[]){ __VA_ARGS__ })

/* v as decimal text in buf. */
const char *ctl_num(char buf[24], long v);

bool ctl_language_enabled(const struct builder *b, const char *lang);
void ctl_check_pictogram(struct builder *b, struct ini_file *f, const struct ini_entry *e);
/* Checks a text (UTF-8, length) and stores it under item/lang/field. */
void ctl_add_text(struct builder *b, struct ini_file *f, const struct ini_entry *e,
                  const char *item, const char *lang, const char *field, size_t max_chars);

/* The language sections of an item file ([nl] title = ...), stored as the
 * texts of item "KIND:ID"; a title in the default language is required. */
void ctl_add_item_texts(struct builder *b, struct ini_file *f, const char *kind, const char *id,
                        const struct ctl_text_field *fields);
/* Every DIR/ *.ini of the source in name order, each given to build. */
void ctl_build_items(struct builder *b, const char *dir_name,
                     void (*build)(struct builder *, struct ini_file *, const char *));

void ctl_build_service(struct builder *b, struct ini_file *f, const char *id);
void ctl_build_activity(struct builder *b, struct ini_file *f, const char *id);
void ctl_build_form(struct builder *b, struct ini_file *f, const char *id);

/* recordings.ini and recordings/ (recordings.c); none: no table. */
void ctl_build_recordings(struct builder *b);
/* organisations.ini, volunteers.ini and events/ (volunteers.c); none: no
 * volunteering tables. */
void ctl_build_volunteers(struct builder *b);

#endif
