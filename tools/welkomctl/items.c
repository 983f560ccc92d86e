/* items.c — the items of a content source: services/ID.ini and
 * activities/ID.ini, with their opening hours, schedules and texts in
 * every language, checked and written into the bundle being built. */
#include "build.h"
#include "../../app/core/utf8.h"
#include "../../app/i18n/i18n.h"

#include <string.h>
#include <unistd.h>

/* The text fields of each kind of item, with their limits in characters. */
static const struct ctl_text_field SERVICE_FIELDS[] = {
    { "title", 80 }, { "summary", 200 }, { "body", 3000 }, { "directions", 400 },
    { "takeaway", 600 }, { NULL, 0 } };
static const struct ctl_text_field ACTIVITY_FIELDS[] = {
    { "title", 80 }, { "summary", 200 }, { "body", 3000 }, { "place", 120 }, { NULL, 0 } };
#define CONTACT_MAX_BYTES 200

bool ctl_language_enabled(const struct builder *b, const char *lang)
{
    for (size_t i = 0; i < b->language_count; i++)
        if (!strcmp(b->languages[i], lang))
            return true;
    return false;
}

void ctl_check_pictogram(struct builder *b, struct ini_file *f, const struct ini_entry *e)
{
    if (!ctl_valid_id(e->value)) {
        ctl_error(b->r, f->path, e->line, "pictogram \"%s\" is not a pictogram name", e->value);
        return;
    }
    if (!b->o->assets_dir)
        return;
    char path[CTL_MAX_PATH];
    snprintf(path, sizeof path, "%s/pictograms/%s.svg", b->o->assets_dir, e->value);
    if (access(path, R_OK) != 0)
        ctl_error(b->r, f->path, e->line, "pictogram \"%s\" does not exist (no %s)", e->value, path);
}

/* Checks one text value and stores it under item/lang/field. */
void ctl_add_text(struct builder *b, struct ini_file *f, const struct ini_entry *e,
                     const char *item, const char *lang, const char *field, size_t max_chars)
{
    size_t bytes = strlen(e->value), chars = wk_utf8_chars(e->value, bytes);
    if (!wk_utf8_valid(e->value, bytes)) {
        ctl_error(b->r, f->path, e->line, "[%s] %s is not valid UTF-8 (save the file as UTF-8)",
                  lang, field);
        return;
    }
    if (chars > max_chars) {
        ctl_error(b->r, f->path, e->line, "[%s] %s is %zu characters; at most %zu", lang, field,
                  chars, max_chars);
        return;
    }
    if (!e->value[0])
        return;
    INSERT(b, "INSERT INTO texts VALUES (?, ?, ?, ?)", item, lang, field, e->value);
    b->texts++;
}

void ctl_add_item_texts(struct builder *b, struct ini_file *f, const char *kind, const char *id,
                        const struct ctl_text_field *fields)
{
    char item[96];
    snprintf(item, sizeof item, "%s:%s", kind, id);
    size_t n;
    const struct i18n_language *langs = i18n_languages(&n);
    for (size_t l = 0; l < n; l++) {
        const char *code = langs[l].code;
        for (const struct ctl_text_field *tf = fields; tf->name; tf++) {
            const struct ini_entry *e = ini_get(f, code, tf->name);
            if (e)
                ctl_add_text(b, f, e, item, code, tf->name, tf->max_chars);
            bool required = !strcmp(tf->name, "title");
            if (!e && required && !strcmp(code, b->default_language))
                ctl_error(b->r, f->path, 0, "no title in the default language (%s)", code);
            else if (!e && required && ctl_language_enabled(b, code))
                ctl_warning(b->r, f->path, 0, "no title in %s; the kiosk shows it in English", code);
        }
    }
    /* A language section the firmware does not know is a typo or a
     * language without UI strings: say which. */
    for (size_t i = 0; i < f->count; i++)
        if (!f->entries[i].used && !i18n_find_language(f->entries[i].section) &&
            strcmp(f->entries[i].section, kind)) {
            ctl_error(b->r, f->path, f->entries[i].line,
                      "unknown section [%s]; languages are nl, en, fr, ar, fa, ps, ti, so, tr, uk, ru",
                      f->entries[i].section);
            f->entries[i].used = true;
        }
}

static int find_category(const struct builder *b, const char *id)
{
    for (size_t i = 0; i < b->category_count; i++)
        if (!strcmp(b->categories[i], id))
            return (int)i;
    return -1;
}

/* category and pictogram of [KIND]; returns the category index or -1. */
static int item_category(struct builder *b, struct ini_file *f, const char *kind, const char **pictogram)
{
    struct ini_entry *e = ini_get(f, kind, "category");
    *pictogram = NULL;
    if (!e) {
        ctl_error(b->r, f->path, 0, "[%s] has no category", kind);
        return -1;
    }
    int cat = find_category(b, e->value);
    if (cat < 0) {
        char known[512] = "";
        for (size_t i = 0; i < b->category_count; i++)
            snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "",
                     b->categories[i]);
        ctl_error(b->r, f->path, e->line, "unknown category \"%s\" (categories.ini has: %s)",
                  e->value, known);
        return -1;
    }
    struct ini_entry *p = ini_get(f, kind, "pictogram");
    if (p)
        ctl_check_pictogram(b, f, p);
    *pictogram = p ? p->value : b->category_pictograms[cat];
    return cat;
}

static int32_t date_value(struct builder *b, struct ini_file *f, const struct ini_entry *e,
                          const char *text)
{
    int32_t day = content_day_parse(text);
    if (day < 0)
        ctl_error(b->r, f->path, e->line, "\"%s\" is not a date like 2026-01-31", text);
    return day;
}

static void read_hours(struct builder *b, struct ini_file *f, const char *id, bool *has_hours)
{
    char msg[CTL_MSG_MAX], n1[24], n2[24], n3[24];
    *has_hours = false;
    for (size_t i = 0; i < f->count; i++) {
        struct ini_entry *e = &f->entries[i];
        bool weekly = !strcmp(e->section, "hours"), exception = !strcmp(e->section, "exceptions");
        if (!weekly && !exception)
            continue;
        e->used = true;
        *has_hours = true;
        int wd = weekly ? ctl_parse_weekday(e->key) : 0;
        if (weekly && wd < 0) {
            ctl_error(b->r, f->path, e->line, "[hours] \"%s\" is not a weekday (mon, tue, wed, thu, fri, sat, sun)", e->key);
            continue;
        }
        if (exception && date_value(b, f, e, e->key) < 0)
            continue;
        struct content_day_hours h;
        if (ctl_parse_ranges(e->value, &h, msg)) {
            ctl_error(b->r, f->path, e->line, "[%s] %s: %s", e->section, e->key, msg);
            continue;
        }
        if (exception && h.count == 0)
            INSERT(b, "INSERT INTO opening_exceptions VALUES (?, ?, NULL, NULL)", id, e->key);
        for (int k = 0; k < h.count; k++) {
            if (weekly)
                INSERT(b, "INSERT INTO opening_hours VALUES (?, ?, ?, ?)", id, ctl_num(n1, wd),
                       ctl_num(n2, h.range[k].opens), ctl_num(n3, h.range[k].closes));
            else
                INSERT(b, "INSERT INTO opening_exceptions VALUES (?, ?, ?, ?)", id, e->key,
                       ctl_num(n2, h.range[k].opens), ctl_num(n3, h.range[k].closes));
        }
    }
}

void ctl_build_service(struct builder *b, struct ini_file *f, const char *id)
{
    const char *pictogram;
    int cat = item_category(b, f, "service", &pictogram);
    const char *contact[4] = { NULL, NULL, NULL, NULL };
    static const char *const contact_keys[] = { "address", "phone", "email", "website" };
    for (int i = 0; i < 4; i++) {
        struct ini_entry *e = ini_get(f, "service", contact_keys[i]);
        if (e && strlen(e->value) > CONTACT_MAX_BYTES)
            ctl_error(b->r, f->path, e->line, "%s is longer than %d bytes", contact_keys[i],
                      CONTACT_MAX_BYTES);
        contact[i] = e && e->value[0] ? e->value : NULL;
    }
    bool has_hours;
    read_hours(b, f, id, &has_hours);
    char n1[24], n2[24];
    if (cat >= 0)
        INSERT(b, "INSERT INTO services VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, b->categories[cat],
               pictogram, ctl_num(n1, b->position++), ctl_num(n2, has_hours), contact[0], contact[1],
               contact[2], contact[3]);
    ctl_add_item_texts(b, f, "service", id, SERVICE_FIELDS);
    b->services++;
}

static void read_schedule(struct builder *b, struct ini_file *f, const char *id, long capacity)
{
    char msg[CTL_MSG_MAX], n1[24], n2[24], n3[24];
    const char *from = NULL, *until = NULL;
    struct ini_entry *e;
    if ((e = ini_get(f, "weekly", "from")) && date_value(b, f, e, e->value) >= 0)
        from = e->value;
    if ((e = ini_get(f, "weekly", "until")) && date_value(b, f, e, e->value) >= 0)
        until = e->value;
    if (from && until && content_day_parse(until) < content_day_parse(from))
        ctl_error(b->r, f->path, e->line, "[weekly] until %s is before from %s", until, from);
    int sessions = 0;
    for (size_t i = 0; i < f->count; i++) {
        e = &f->entries[i];
        bool weekly = !strcmp(e->section, "weekly"), dated = !strcmp(e->section, "dates");
        if (!strcmp(e->section, "cancelled") || !strcmp(e->section, "taken")) {
            e->used = true;
            long taken = 0;
            if (date_value(b, f, e, e->key) < 0)
                continue;
            if (!strcmp(e->section, "cancelled"))
                INSERT(b, "INSERT INTO activity_cancelled VALUES (?, ?)", id, e->key);
            else if (ctl_parse_int(e->value, 0, capacity ? capacity : 100000, &taken))
                ctl_error(b->r, f->path, e->line, "[taken] %s: \"%s\" is not a number from 0 to the capacity (%ld)",
                          e->key, e->value, capacity);
            else
                INSERT(b, "INSERT INTO activity_taken VALUES (?, ?, ?)", id, e->key, ctl_num(n1, taken));
            continue;
        }
        if ((!weekly && !dated) || e->used)
            continue;
        e->used = true;
        int wd = weekly ? ctl_parse_weekday(e->key) : 0;
        if (weekly && wd < 0) {
            ctl_error(b->r, f->path, e->line, "[weekly] \"%s\" is not a weekday, from or until", e->key);
            continue;
        }
        if (dated && date_value(b, f, e, e->key) < 0)
            continue;
        struct content_day_hours h;
        if (ctl_parse_ranges(e->value, &h, msg) || h.count == 0) {
            ctl_error(b->r, f->path, e->line, "[%s] %s: %s", e->section, e->key,
                      h.count ? msg : "an activity needs a time like 18:00-20:00");
            continue;
        }
        for (int k = 0; k < h.count; k++, sessions++) {
            if (weekly)
                INSERT(b, "INSERT INTO activity_weekly VALUES (?, ?, ?, ?, ?, ?)", id, ctl_num(n1, wd),
                       ctl_num(n2, h.range[k].opens), ctl_num(n3, h.range[k].closes), from, until);
            else
                INSERT(b, "INSERT INTO activity_dates VALUES (?, ?, ?, ?)", id, e->key,
                       ctl_num(n2, h.range[k].opens), ctl_num(n3, h.range[k].closes));
        }
    }
    if (sessions == 0)
        ctl_error(b->r, f->path, 0, "no [weekly] or [dates] session: when does it take place?");
}

void ctl_build_activity(struct builder *b, struct ini_file *f, const char *id)
{
    const char *pictogram;
    int cat = item_category(b, f, "activity", &pictogram);
    long capacity = 0;
    bool signup = false;
    struct ini_entry *e;
    if ((e = ini_get(f, "activity", "capacity")) && ctl_parse_int(e->value, 1, 10000, &capacity))
        ctl_error(b->r, f->path, e->line, "capacity \"%s\" is not a number from 1 to 10000", e->value);
    if ((e = ini_get(f, "activity", "signup")) && ctl_parse_bool(e->value, &signup))
        ctl_error(b->r, f->path, e->line, "signup must be yes or no, not \"%s\"", e->value);
    read_schedule(b, f, id, capacity);
    char n1[24], n2[24], n3[24];
    if (cat >= 0)
        INSERT(b, "INSERT INTO activities VALUES (?, ?, ?, ?, ?, ?)", id, b->categories[cat],
               pictogram, ctl_num(n1, b->position++), capacity ? ctl_num(n2, capacity) : NULL,
               ctl_num(n3, signup));
    ctl_add_item_texts(b, f, "activity", id, ACTIVITY_FIELDS);
    b->activities++;
}

