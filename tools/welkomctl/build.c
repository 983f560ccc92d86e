/* build.c — `welkomctl bundle build`: turns a content source directory
 * (docs/bundle.md) into a bundle. Every file is read and checked in full,
 * every problem is reported with its file and line, and only a source
 * without errors produces a bundle: written to OUT.tmp, synced, renamed.
 * This file reads centre.ini and categories.ini and walks the item
 * directories; items.c reads the items. */
#include "build.h"
#include "../../app/i18n/i18n.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CATEGORY_TITLE_MAX_CHARS 40
#define CTL_MAX_ITEM_FILES 20000
#define ZONEINFO_DIR "/usr/share/zoneinfo"

/* STRICT tables (SQLite 3.37+): a value of the wrong type is an error
 * here, when the bundle is built, not a row a kiosk refuses later. The
 * kiosk checks every type on read all the same: a signed bundle need not
 * have been built by this code. */
static const char SCHEMA[] =
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
    "CREATE TABLE languages (code TEXT PRIMARY KEY, endonym TEXT NOT NULL,"
    "  direction TEXT NOT NULL CHECK (direction IN ('ltr', 'rtl')),"
    "  position INTEGER NOT NULL, enabled INTEGER NOT NULL) STRICT;"
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
    "CREATE TABLE categories (id TEXT PRIMARY KEY, pictogram TEXT NOT NULL, position INTEGER NOT NULL) STRICT;"
    "CREATE TABLE services (id TEXT PRIMARY KEY, category TEXT NOT NULL REFERENCES categories (id),"
    "  pictogram TEXT NOT NULL, position INTEGER NOT NULL, has_hours INTEGER NOT NULL,"
    "  address TEXT, phone TEXT, email TEXT, website TEXT) STRICT;"
    "CREATE TABLE opening_hours (service TEXT NOT NULL REFERENCES services (id),"
    "  weekday INTEGER NOT NULL, opens INTEGER NOT NULL, closes INTEGER NOT NULL) STRICT;"
    "CREATE TABLE opening_exceptions (service TEXT NOT NULL REFERENCES services (id),"
    "  day TEXT NOT NULL, opens INTEGER, closes INTEGER) STRICT;"
    "CREATE TABLE activities (id TEXT PRIMARY KEY, category TEXT NOT NULL REFERENCES categories (id),"
    "  pictogram TEXT NOT NULL, position INTEGER NOT NULL, capacity INTEGER, signup INTEGER NOT NULL) STRICT;"
    "CREATE TABLE activity_weekly (activity TEXT NOT NULL REFERENCES activities (id),"
    "  weekday INTEGER NOT NULL, starts INTEGER NOT NULL, ends INTEGER NOT NULL,"
    "  valid_from TEXT, valid_until TEXT) STRICT;"
    "CREATE TABLE activity_dates (activity TEXT NOT NULL REFERENCES activities (id),"
    "  day TEXT NOT NULL, starts INTEGER NOT NULL, ends INTEGER NOT NULL) STRICT;"
    "CREATE TABLE activity_cancelled (activity TEXT NOT NULL, day TEXT NOT NULL) STRICT;"
    "CREATE TABLE activity_taken (activity TEXT NOT NULL, day TEXT NOT NULL, taken INTEGER NOT NULL) STRICT;"
    "CREATE TABLE forms (id TEXT PRIMARY KEY, kind TEXT NOT NULL, keep_days INTEGER NOT NULL,"
    "  position INTEGER NOT NULL) STRICT;"
    "CREATE TABLE form_fields (form TEXT NOT NULL REFERENCES forms (id), name TEXT NOT NULL,"
    "  position INTEGER NOT NULL, type TEXT NOT NULL, required INTEGER NOT NULL,"
    "  min INTEGER, max INTEGER, show_if_field TEXT, show_if_value TEXT) STRICT;"
    "CREATE TABLE form_options (form TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,"
    "  position INTEGER NOT NULL, pictogram TEXT) STRICT;"
    "CREATE TABLE texts (item TEXT NOT NULL, lang TEXT NOT NULL, field TEXT NOT NULL,"
    "  value TEXT NOT NULL, PRIMARY KEY (item, lang, field)) STRICT;";

void ctl_insert(struct builder *b, const char *sql, int n, const char *const *values)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(b->db, sql, -1, &st, NULL) != SQLITE_OK) {
        ctl_error(b->r, b->o->output, 0, "cannot write: %s", sqlite3_errmsg(b->db));
        return;
    }
    for (int i = 0; i < n; i++)
        sqlite3_bind_text(st, i + 1, values[i], -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE)
        ctl_error(b->r, b->o->output, 0, "cannot write: %s", sqlite3_errmsg(b->db));
    sqlite3_finalize(st);
}

const char *ctl_num(char buf[24], long v)
{
    snprintf(buf, 24, "%ld", v);
    return buf;
}

static struct ini_entry *required(struct builder *b, struct ini_file *f, const char *section,
                                  const char *key)
{
    struct ini_entry *e = ini_get(f, section, key);
    if (!e || !e->value[0])
        ctl_error(b->r, f->path, e ? e->line : 0, "[%s] %s is missing", section, key);
    return e && e->value[0] ? e : NULL;
}

static void read_bundle_meta(struct builder *b, struct ini_file *f)
{
    struct ini_entry *e;
    char n[24];
    int64_t version;
    if ((e = required(b, f, "bundle", "centre")))
        INSERT(b, "INSERT INTO meta VALUES ('centre', ?)", e->value);
    if ((e = required(b, f, "bundle", "content_version"))) {
        /* The kiosk's own check, so every version built is one a kiosk takes. */
        if (content_version_parse(e->value, &version))
            ctl_error(b->r, f->path, e->line, "content_version \"%s\" is not a whole number from 1 to %lld",
                      e->value, (long long)CONTENT_MAX_VERSION);
        else
            INSERT(b, "INSERT INTO meta VALUES ('content_version', ?)", ctl_num(n, (long)version));
    }
    if ((e = required(b, f, "bundle", "created_at"))) {
        struct tm tm = { 0 };
        const char *end = strptime(e->value, "%Y-%m-%dT%H:%M:%SZ", &tm);
        if (!end || *end)
            ctl_error(b->r, f->path, e->line, "created_at \"%s\" is not like 2026-01-31T12:00:00Z", e->value);
        else
            INSERT(b, "INSERT INTO meta VALUES ('created_at', ?)", ctl_num(n, (long)timegm(&tm)));
    }
    if ((e = required(b, f, "bundle", "timezone"))) {
        char path[CTL_MAX_PATH];
        snprintf(path, sizeof path, ZONEINFO_DIR "/%s", e->value);
        if (strstr(e->value, "..") || (access(ZONEINFO_DIR, R_OK) == 0 && access(path, R_OK) != 0))
            ctl_error(b->r, f->path, e->line, "timezone \"%s\" is not a time zone like Europe/Brussels", e->value);
        INSERT(b, "INSERT INTO meta VALUES ('timezone', ?)", e->value);
    }
    bool demo = false;
    if ((e = ini_get(f, "bundle", "demo")) && ctl_parse_bool(e->value, &demo))
        ctl_error(b->r, f->path, e->line, "demo must be yes or no");
    INSERT(b, "INSERT INTO meta VALUES ('demo', ?)", demo ? "1" : "0");
    INSERT(b, "INSERT INTO meta VALUES ('schema_version', ?)", ctl_num(n, CONTENT_SCHEMA_VERSION));
    INSERT(b, "INSERT INTO meta VALUES ('built_by', ?)", "welkomctl " WELKOMCTL_VERSION);
}

static void read_languages(struct builder *b, struct ini_file *f)
{
    char n[24];
    int position = 0;
    for (size_t i = 0; i < f->count; i++) {
        struct ini_entry *e = &f->entries[i];
        if (strcmp(e->section, "languages"))
            continue;
        e->used = true;
        const struct i18n_language *l = i18n_find_language(e->key);
        bool enabled;
        if (!l) {
            ctl_error(b->r, f->path, e->line, "\"%s\" is not a language this firmware has "
                      "(nl, en, fr, ar, fa, ps, ti, so, tr, uk, ru)", e->key);
            continue;
        }
        if (ctl_parse_bool(e->value, &enabled)) {
            ctl_error(b->r, f->path, e->line, "%s must be yes or no", e->key);
            continue;
        }
        if (enabled && b->language_count < CTL_MAX_LANGUAGES)
            snprintf(b->languages[b->language_count++], sizeof b->languages[0], "%s", l->code);
        INSERT(b, "INSERT INTO languages VALUES (?, ?, ?, ?, ?)", l->code, l->endonym,
               l->rtl ? "rtl" : "ltr", ctl_num(n, position++), enabled ? "1" : "0");
    }
    if (b->language_count == 0)
        ctl_error(b->r, f->path, 0, "[languages] enables no language");
}

static void read_settings(struct builder *b, struct ini_file *f)
{
    struct ini_entry *e = required(b, f, "settings", "default_language");
    if (e && !ctl_language_enabled(b, e->value))
        ctl_error(b->r, f->path, e->line, "default_language \"%s\" is not enabled in [languages]", e->value);
    if (e) {
        snprintf(b->default_language, sizeof b->default_language, "%s", e->value);
        INSERT(b, "INSERT INTO meta VALUES ('default_language', ?)", e->value);
    }
    long idle, poll;
    char n[24];
    /* Bundles no longer name the key submissions are sealed to: each kiosk
     * pins its hub's key in its own config, so neither the demo nor a
     * stolen publisher key can redirect residents' answers. */
    if ((e = ini_get(f, "settings", "hub_public_key")))
        ctl_warning(b->r, f->path, e->line, "hub_public_key is no longer used and is left out of the "
                    "bundle: each kiosk seals to the key in its own config ([hub] public_key)");
    if ((e = ini_get(f, "settings", "idle_timeout_s"))) {
        if (ctl_parse_int(e->value, CONTENT_MIN_IDLE_S, CONTENT_MAX_IDLE_S, &idle))
            ctl_error(b->r, f->path, e->line, "idle_timeout_s must be %d to %d seconds",
                      CONTENT_MIN_IDLE_S, CONTENT_MAX_IDLE_S);
        else
            INSERT(b, "INSERT INTO settings VALUES ('idle_timeout_s', ?)", ctl_num(n, idle));
    }
    if ((e = ini_get(f, "settings", "staff_pin_hash"))) {
        char why[WK_ERR_MAX];
        if (content_staff_hash_valid(e->value, why))
            ctl_error(b->r, f->path, e->line, "%s", why);
        else
            INSERT(b, "INSERT INTO settings VALUES ('staff_pin_hash', ?)", e->value);
    }
    if ((e = ini_get(f, "settings", "bundle_poll_s"))) {
        if (ctl_parse_int(e->value, CONTENT_MIN_POLL_S, CONTENT_MAX_POLL_S, &poll))
            ctl_error(b->r, f->path, e->line, "bundle_poll_s must be %d to %d seconds",
                      CONTENT_MIN_POLL_S, CONTENT_MAX_POLL_S);
        else
            INSERT(b, "INSERT INTO settings VALUES ('bundle_poll_s', ?)", ctl_num(n, poll));
    }
    /* digits_ar, digits_fa, digits_ps: the digits times, dates and counts
     * are shown in for that language (docs/bundle.md). */
    static const char *const digit_langs[] = CONTENT_DIGIT_LANGUAGES;
    for (size_t i = 0; i < f->count; i++) {
        struct ini_entry *s = &f->entries[i];
        if (strcmp(s->section, "settings") || strncmp(s->key, "digits_", 7))
            continue;
        bool known = false;
        for (size_t l = 0; l < CONTENT_DIGIT_LANGUAGE_COUNT; l++)
            known |= !strcmp(s->key + 7, digit_langs[l]);
        enum i18n_digits d;
        s->used = true;
        if (!known)
            ctl_error(b->r, f->path, s->line, "%s: digits can be chosen for ar, fa and ps only", s->key);
        else if (i18n_digits_parse(s->value, &d))
            ctl_error(b->r, f->path, s->line, "%s must be western, arabic-indic or extended-arabic-indic",
                      s->key);
        else
            INSERT(b, "INSERT INTO settings VALUES (?, ?)", s->key, s->value);
    }
    /* months_ar: standard (يناير) or levantine (كانون الثاني) month names
     * in Arabic dates (docs/bundle.md). */
    for (size_t i = 0; i < f->count; i++) {
        struct ini_entry *s = &f->entries[i];
        if (strcmp(s->section, "settings") || strcmp(s->key, "months_ar"))
            continue;
        s->used = true;
        if (strcmp(s->value, "standard") && strcmp(s->value, "levantine"))
            ctl_error(b->r, f->path, s->line, "months_ar must be standard or levantine");
        else
            INSERT(b, "INSERT INTO settings VALUES (?, ?)", s->key, s->value);
    }
}

/* [screen_hours] mon = 07:30-22:00: when the kiosks' screens are on; outside
 * them the attract screen goes dark until a touch (night mode). A weekday
 * left out is dark all day; no section at all: always on. Stored as
 * settings screen_hours_mon ... = "450-1320,..." (minutes of the day). */
static void read_screen_hours(struct builder *b, struct ini_file *f)
{
    static const char *const days[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
    char value[7][CONTENT_MAX_RANGES_PER_DAY * 12 + 1] = { "" };
    bool any = false;
    for (size_t i = 0; i < f->count; i++) {
        struct ini_entry *e = &f->entries[i];
        if (strcmp(e->section, "screen_hours"))
            continue;
        e->used = true;
        any = true;
        int wd = ctl_parse_weekday(e->key);
        char msg[CTL_MSG_MAX];
        struct content_day_hours h;
        if (wd < 0) {
            ctl_error(b->r, f->path, e->line, "[screen_hours] \"%s\" is not a weekday (mon, tue, wed, thu, fri, sat, sun)", e->key);
            continue;
        }
        if (ctl_parse_ranges(e->value, &h, msg)) {
            ctl_error(b->r, f->path, e->line, "[screen_hours] %s: %s", e->key, msg);
            continue;
        }
        size_t n = 0;
        for (int k = 0; k < h.count; k++)
            n += (size_t)snprintf(value[wd] + n, sizeof value[wd] - n, "%s%d-%d", k ? "," : "",
                                  h.range[k].opens, h.range[k].closes);
    }
    for (int wd = 0; any && wd < 7; wd++) {
        char key[32];
        snprintf(key, sizeof key, "screen_hours_%s", days[wd]);
        INSERT(b, "INSERT INTO settings VALUES (?, ?)", key, value[wd]);
    }
}

static void read_categories(struct builder *b, struct ini_file *f)
{
    char n[24], item[96];
    for (size_t i = 0; i < f->count; i++) {
        struct ini_entry *e = &f->entries[i];
        if (e->used)
            continue;
        const char *id = e->section;
        if (!ctl_valid_id(id)) {
            ctl_error(b->r, f->path, e->line, "[%s] is not a category id (a-z, 0-9 and -, at most %d)",
                      id, CTL_MAX_ID);
            for (size_t k = i; k < f->count; k++)     /* once per section, not per line */
                if (!strcmp(f->entries[k].section, id))
                    f->entries[k].used = true;
            continue;
        }
        if (b->category_count == CTL_MAX_CATEGORIES) {
            ctl_error(b->r, f->path, e->line, "more than %d categories", CTL_MAX_CATEGORIES);
            return;
        }
        size_t c = b->category_count++;
        snprintf(b->categories[c], sizeof b->categories[c], "%s", id);
        struct ini_entry *p = required(b, f, id, "pictogram");
        if (p)
            ctl_check_pictogram(b, f, p);
        snprintf(b->category_pictograms[c], sizeof b->category_pictograms[c], "%s",
                 p ? p->value : "info");
        snprintf(item, sizeof item, "category:%s", id);
        INSERT(b, "INSERT INTO categories VALUES (?, ?, ?)", id, b->category_pictograms[c],
               ctl_num(n, (long)c));
        size_t count;
        const struct i18n_language *langs = i18n_languages(&count);
        for (size_t l = 0; l < count; l++) {
            struct ini_entry *t = ini_get(f, id, langs[l].code);
            if (t)
                ctl_add_text(b, f, t, item, langs[l].code, "title", CATEGORY_TITLE_MAX_CHARS);
            else if (!strcmp(langs[l].code, b->default_language))
                ctl_error(b->r, f->path, e->line, "[%s] has no title in the default language (%s)",
                          id, langs[l].code);
        }
        /* What is left of this section is unknown; left unused, the loop
         * would take its section for another category of the same id. */
        for (size_t k = i; k < f->count; k++)
            if (!f->entries[k].used && !strcmp(f->entries[k].section, id)) {
                f->entries[k].used = true;
                ctl_error(b->r, f->path, f->entries[k].line,
                          "unknown key \"%s\" in [%s] (pictogram or a language code)",
                          f->entries[k].key, id);
            }
    }
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* In name order, so positions do not depend on the disk. */
void ctl_build_items(struct builder *b, const char *dir_name,
                     void (*build)(struct builder *, struct ini_file *, const char *))
{
    char dir[CTL_MAX_PATH], path[CTL_MAX_PATH * 2], shown[CTL_MAX_PATH];
    snprintf(dir, sizeof dir, "%s/%s", b->o->source_dir, dir_name);
    DIR *d = opendir(dir);
    if (!d)
        return;                     /* a centre may have no activities */
    char **names = wk_calloc(CTL_MAX_ITEM_FILES, sizeof *names);
    size_t n = 0;
    struct dirent *e;
    while (names && (e = readdir(d)) && n < CTL_MAX_ITEM_FILES) {
        size_t len = strlen(e->d_name);
        if (len > 4 && !strcmp(e->d_name + len - 4, ".ini"))
            names[n++] = wk_strdup(e->d_name);
    }
    closedir(d);
    if (names)
        qsort(names, n, sizeof *names, compare_names);
    for (size_t i = 0; names && i < n; i++) {
        if (!names[i])
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        snprintf(shown, sizeof shown, "%s/%s", dir_name, names[i]);
        names[i][strlen(names[i]) - 4] = '\0';
        struct ini_file f;
        if (!ctl_valid_id(names[i]))
            ctl_error(b->r, shown, 0, "\"%s\" is not an id: name files with a-z, 0-9 and -, at most %d",
                      names[i], CTL_MAX_ID);
        else if (ini_file_read(path, shown, &f, b->r) == 0) {
            build(b, &f, names[i]);
            ini_report_unused(&f, b->r);
            ini_file_free(&f);
        }
        free(names[i]);
    }
    free(names);
}

static int read_top_file(struct builder *b, const char *name, struct ini_file *f)
{
    char path[CTL_MAX_PATH];
    snprintf(path, sizeof path, "%s/%s", b->o->source_dir, name);
    return ini_file_read(path, name, f, b->r);
}

static int finish(struct builder *b, const char *tmp, char err[WK_ERR_MAX])
{
    if (sqlite3_exec(b->db, "COMMIT; PRAGMA user_version = 2; VACUUM", NULL, NULL, NULL)) {
        wk_seterr(err, "cannot write %s: %s", tmp, sqlite3_errmsg(b->db));
        return WK_EIO;
    }
    if (sqlite3_close(b->db) != SQLITE_OK) {
        wk_seterr(err, "cannot close %s", tmp);
        return WK_EIO;
    }
    b->db = NULL;
    int fd = open(tmp, O_RDONLY | O_CLOEXEC);
    int synced = fd >= 0 && fsync(fd) == 0;
    if (fd >= 0)
        close(fd);
    if (!synced || rename(tmp, b->o->output) != 0) {
        wk_seterr(err, "cannot write %s: %s", b->o->output, strerror(errno));
        return WK_EIO;
    }
    return 0;
}

int ctl_build(const struct ctl_build_options *o, struct ctl_report *r, char err[WK_ERR_MAX])
{
    struct builder b = { .o = o, .r = r };
    char tmp[CTL_MAX_PATH];
    snprintf(tmp, sizeof tmp, "%s.tmp", o->output);
    unlink(tmp);
    if (sqlite3_open(tmp, &b.db) != SQLITE_OK ||
        sqlite3_exec(b.db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN", NULL, NULL,
                     NULL) ||
        sqlite3_exec(b.db, SCHEMA, NULL, NULL, NULL)) {
        wk_seterr(err, "cannot create %s: %s", tmp, sqlite3_errmsg(b.db));
        sqlite3_close(b.db);
        unlink(tmp);
        return WK_EIO;
    }
    struct ini_file centre, categories;
    if (read_top_file(&b, "centre.ini", &centre) == 0) {
        read_bundle_meta(&b, &centre);
        read_languages(&b, &centre);
        read_settings(&b, &centre);
        read_screen_hours(&b, &centre);
        ini_report_unused(&centre, r);
        ini_file_free(&centre);
    }
    if (read_top_file(&b, "categories.ini", &categories) == 0) {
        read_categories(&b, &categories);
        ini_file_free(&categories);
    }
    ctl_build_items(&b, "services", ctl_build_service);
    ctl_build_items(&b, "activities", ctl_build_activity);
    ctl_build_items(&b, "forms", ctl_build_form);
    ctl_build_recordings(&b);
    ctl_build_volunteers(&b);

    int rc = 0;
    if (r->errors) {
        wk_seterr(err, "%d error%s in %s; no bundle written", r->errors, r->errors == 1 ? "" : "s",
                  o->source_dir);
        rc = WK_EFORMAT;
    } else {
        rc = finish(&b, tmp, err);
    }
    sqlite3_close(b.db);
    if (rc)
        unlink(tmp);
    else if (!r->quiet && !r->no_summary)
        printf("built %s: %zu categories, %d services, %d activities, %d texts, "
                "%zu languages, %d volunteers, %d events (%d warning%s)\n", o->output, b.category_count,
                b.services, b.activities, b.texts, b.language_count, b.volunteers, b.events, r->warnings, r->warnings == 1 ? "" : "s");
    return rc;
}
