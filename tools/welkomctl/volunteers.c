/* volunteers.c — the volunteering part of a content source
 * (docs/volunteers.md): organisations.ini, volunteers.ini (the roster the
 * hub or welkomctl writes: per volunteer a salt, a verifier and a sealed
 * first name, never a code or a readable name) and events/ID.ini (events
 * and the centre's general shift). Each is checked in full, every problem
 * reported with its file and line, and written into the bundle's tables
 * organisations, volunteers, events and event_hours. A source with none of
 * these files has no volunteering and its bundle none of these tables. */
#include "build.h"

#include "../../app/content/volunteer_code.h"
#include "../../app/i18n/i18n.h"

#include <dirent.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ORGANISATION_TITLE_MAX_CHARS 80
#define EVENT_DEFAULT_PICTOGRAM "volunteers"

static const char VOLUNTEER_SCHEMA[] =
    "CREATE TABLE organisations (id TEXT PRIMARY KEY, position INTEGER NOT NULL) STRICT;"
    "CREATE TABLE volunteers (id INTEGER PRIMARY KEY,"
    "  organisation TEXT NOT NULL REFERENCES organisations (id),"
    "  salt BLOB NOT NULL, verifier BLOB NOT NULL, name BLOB NOT NULL) STRICT;"
    "CREATE TABLE events (id TEXT PRIMARY KEY, organisation TEXT NOT NULL REFERENCES organisations (id),"
    "  pictogram TEXT NOT NULL, general INTEGER NOT NULL, starts TEXT, ends TEXT,"
    "  margin_min INTEGER NOT NULL, place TEXT, position INTEGER NOT NULL) STRICT;"
    "CREATE TABLE event_hours (event TEXT NOT NULL REFERENCES events (id),"
    "  weekday INTEGER NOT NULL, opens INTEGER NOT NULL, closes INTEGER NOT NULL) STRICT;";

static const struct ctl_text_field EVENT_FIELDS[] = {
    { "title", 80 }, { "place", 120 }, { NULL, 0 } };

static bool org_known(const struct builder *b, const char *id)
{
    for (size_t i = 0; i < b->organisation_count; i++)
        if (!strcmp(b->organisations[i], id))
            return true;
    return false;
}

static bool source_has(const struct builder *b, const char *name)
{
    char path[CTL_MAX_PATH];
    snprintf(path, sizeof path, "%s/%s", b->o->source_dir, name);
    return access(path, F_OK) == 0;
}

/* Whether DIR has an .ini file: an empty events/ is no volunteering. */
static bool source_has_items(const struct builder *b, const char *dir_name)
{
    char path[CTL_MAX_PATH];
    snprintf(path, sizeof path, "%s/%s", b->o->source_dir, dir_name);
    DIR *d = opendir(path);
    struct dirent *e;
    bool found = false;
    while (d && !found && (e = readdir(d))) {
        size_t len = strlen(e->d_name);
        found = len > 4 && !strcmp(e->d_name + len - 4, ".ini");
    }
    if (d)
        closedir(d);
    return found;
}

static void read_organisations(struct builder *b)
{
    struct ini_file f;
    char path[CTL_MAX_PATH], n[24], item[96];
    snprintf(path, sizeof path, "%s/organisations.ini", b->o->source_dir);
    if (ini_file_read(path, "organisations.ini", &f, b->r))
        return;
    b->organisations = wk_calloc(CONTENT_MAX_ORGANISATIONS, sizeof *b->organisations);
    for (size_t i = 0; b->organisations && i < f.count; i++) {
        struct ini_entry *e = &f.entries[i];
        if (e->used)
            continue;
        const char *id = !strncmp(e->section, "org.", 4) ? e->section + 4 : NULL;
        if (!id || !ctl_valid_id(id)) {
            ctl_error(b->r, f.path, e->line, "[%s] is not [org.ID] (ID: a-z, 0-9 and -, at most %d)",
                      e->section, CTL_MAX_ID);
        } else if (b->organisation_count == CONTENT_MAX_ORGANISATIONS) {
            ctl_error(b->r, f.path, e->line, "more than %d organisations", CONTENT_MAX_ORGANISATIONS);
        } else {
            snprintf(b->organisations[b->organisation_count], sizeof b->organisations[0], "%s", id);
            INSERT(b, "INSERT INTO organisations VALUES (?, ?)", id,
                   ctl_num(n, (long)b->organisation_count));
            b->organisation_count++;
            snprintf(item, sizeof item, "organisation:%s", id);
            size_t count;
            const struct i18n_language *langs = i18n_languages(&count);
            for (size_t l = 0; l < count; l++) {
                struct ini_entry *t = ini_get(&f, e->section, langs[l].code);
                if (t)
                    ctl_add_text(b, &f, t, item, langs[l].code, "title", ORGANISATION_TITLE_MAX_CHARS);
                else if (!strcmp(langs[l].code, b->default_language))
                    ctl_error(b->r, f.path, e->line, "[%s] has no title in the default language (%s)",
                              e->section, langs[l].code);
            }
        }
        /* The rest of the section is unknown (or already reported). */
        for (size_t k = i; k < f.count; k++)
            if (!f.entries[k].used && !strcmp(f.entries[k].section, e->section)) {
                f.entries[k].used = true;
                if (id && ctl_valid_id(id))
                    ctl_error(b->r, f.path, f.entries[k].line,
                              "unknown key \"%s\" in [%s] (a language code)", f.entries[k].key, e->section);
            }
    }
    ini_file_free(&f);
}

/* A base64 value of exactly (or, with exact false, at most) size bytes. */
static int base64_value(struct builder *b, const struct ini_file *f, const struct ini_entry *e,
                        unsigned char *out, size_t size, bool exact, size_t *len)
{
    size_t n = 0;
    if (sodium_base642bin(out, size, e->value, strlen(e->value), NULL, &n, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
        ctl_error(b->r, f->path, e->line, "%s is not base64 of %s%zu bytes", e->key,
                  exact ? "" : "at most ", size);
        return -1;
    }
    if (exact && n != size) {
        ctl_error(b->r, f->path, e->line, "%s is %zu bytes; it must be %zu", e->key, n, size);
        return -1;
    }
    *len = n;
    return 0;
}

static void read_cost(struct builder *b, struct ini_file *f)
{
    long kib = VOLUNTEER_COST_KIB_DEFAULT, passes = VOLUNTEER_COST_PASSES_DEFAULT;
    struct ini_entry *ek = ini_get(f, "roster", "cost_kib"), *ep = ini_get(f, "roster", "cost_passes");
    if (ek && ctl_parse_int(ek->value, 1, 1L << 30, &kib)) {
        ctl_error(b->r, f->path, ek->line, "cost_kib \"%s\" is not a whole number", ek->value);
        return;
    }
    if (ep && ctl_parse_int(ep->value, 1, 1000, &passes)) {
        ctl_error(b->r, f->path, ep->line, "cost_passes \"%s\" is not a whole number", ep->value);
        return;
    }
    char why[WK_ERR_MAX], n[24];
    if (volunteer_cost_valid((struct volunteer_cost){ (uint32_t)kib, (uint32_t)passes }, why)) {
        ctl_error(b->r, f->path, ek ? ek->line : ep ? ep->line : 0, "%s", why);
        return;
    }
    INSERT(b, "INSERT INTO settings VALUES ('volunteer_cost_kib', ?)", ctl_num(n, kib));
    INSERT(b, "INSERT INTO settings VALUES ('volunteer_cost_passes', ?)", ctl_num(n, passes));
}

/* One [volunteer.N] section, whose first line is e. */
static void read_volunteer(struct builder *b, struct ini_file *f, const struct ini_entry *first,
                           unsigned char *seen)
{
    struct ini_entry *org = ini_get(f, first->section, "organisation");
    struct ini_entry *salt = ini_get(f, first->section, "salt");
    struct ini_entry *verifier = ini_get(f, first->section, "verifier");
    struct ini_entry *name = ini_get(f, first->section, "name");
    const char *number = first->section + strlen("volunteer.");
    long id;
    if (ctl_parse_int(number, 1, VOLUNTEER_ID_MAX, &id)) {
        ctl_error(b->r, f->path, first->line, "[%s]: the number is 1 to %d", first->section,
                  VOLUNTEER_ID_MAX);
        return;
    }
    if (seen[id]) {
        ctl_error(b->r, f->path, first->line, "volunteer number %ld is given twice", id);
        return;
    }
    seen[id] = 1;
    static const char *const keys[] = { "organisation", "salt", "verifier", "name" };
    const struct ini_entry *got[] = { org, salt, verifier, name };
    bool ok = true;
    for (int k = 0; k < 4; k++)
        if (!got[k] || !got[k]->value[0]) {
            ctl_error(b->r, f->path, first->line, "[%s] %s is missing", first->section, keys[k]);
            ok = false;
        }
    if (!ok)
        return;
    if (!org_known(b, org->value)) {
        ctl_error(b->r, f->path, org->line, "organisation \"%s\" is not in organisations.ini", org->value);
        ok = false;
    }
    struct volunteer_sealed v = { .name_len = 0 };
    size_t salt_len, verifier_len;
    ok &= base64_value(b, f, salt, v.salt, sizeof v.salt, true, &salt_len) == 0;
    ok &= base64_value(b, f, verifier, v.verifier, sizeof v.verifier, true, &verifier_len) == 0;
    if (base64_value(b, f, name, v.name, sizeof v.name, false, &v.name_len) == 0 &&
        v.name_len <= VOLUNTEER_SEALED_NAME_MAX - VOLUNTEER_NAME_MAX) {
        ctl_error(b->r, f->path, name->line, "name is %zu bytes: too short to be a sealed name",
                  v.name_len);
        ok = false;
    } else if (v.name_len == 0) {
        ok = false;
    }
    if (!ok)
        return;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(b->db, "INSERT INTO volunteers VALUES (?, ?, ?, ?, ?)", -1, &st, NULL)) {
        ctl_error(b->r, b->o->output, 0, "cannot write: %s", sqlite3_errmsg(b->db));
        return;
    }
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, org->value, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 3, v.salt, sizeof v.salt, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 4, v.verifier, sizeof v.verifier, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 5, v.name, (int)v.name_len, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE)
        ctl_error(b->r, b->o->output, 0, "cannot write: %s", sqlite3_errmsg(b->db));
    sqlite3_finalize(st);
    b->volunteers++;
}

static void read_roster(struct builder *b)
{
    struct ini_file f;
    char path[CTL_MAX_PATH];
    snprintf(path, sizeof path, "%s/volunteers.ini", b->o->source_dir);
    if (ini_file_read(path, "volunteers.ini", &f, b->r))
        return;
    read_cost(b, &f);
    unsigned char *seen = wk_calloc(VOLUNTEER_ID_MAX + 1, 1);
    for (size_t i = 0; seen && i < f.count; i++) {
        struct ini_entry *e = &f.entries[i];
        if (e->used || !strcmp(e->section, "roster"))
            continue;
        if (strncmp(e->section, "volunteer.", 10))
            ctl_error(b->r, f.path, e->line, "unknown section [%s] (roster or volunteer.NUMBER)", e->section);
        else
            read_volunteer(b, &f, e, seen);
        for (size_t k = i; k < f.count; k++)
            if (!f.entries[k].used && !strcmp(f.entries[k].section, e->section)) {
                f.entries[k].used = true;
                if (k != i || !strncmp(e->section, "volunteer.", 10))
                    ctl_error(b->r, f.path, f.entries[k].line, "unknown key \"%s\" in [%s]",
                              f.entries[k].key, e->section);
            }
    }
    free(seen);
    ini_report_unused(&f, b->r);
    ini_file_free(&f);
}

/* "2026-12-12T14:00" → local minutes since 1970-01-01; -1 if it is not one. */
static int64_t local_minutes(const char *v)
{
    char day[11];
    int h, m, end = 0;
    if (strlen(v) != 16 || v[10] != 'T')
        return -1;
    memcpy(day, v, 10);
    day[10] = '\0';
    int32_t d = content_day_parse(day);
    if (d < 0 || sscanf(v + 11, "%2d:%2d%n", &h, &m, &end) != 2 || end != 5 || h > 23 || m > 59 ||
        v[13] != ':')
        return -1;
    return (int64_t)d * 1440 + h * 60 + m;
}

static void read_event_hours(struct builder *b, struct ini_file *f, const char *id)
{
    char msg[CTL_MSG_MAX], n1[24], n2[24], n3[24];
    int ranges = 0;
    for (size_t i = 0; i < f->count; i++) {
        struct ini_entry *e = &f->entries[i];
        if (strcmp(e->section, "hours"))
            continue;
        e->used = true;
        int wd = ctl_parse_weekday(e->key);
        struct content_day_hours h;
        if (wd < 0) {
            ctl_error(b->r, f->path, e->line, "[hours] \"%s\" is not a weekday (mon, tue, wed, thu, fri, sat, sun)", e->key);
            continue;
        }
        if (ctl_parse_ranges(e->value, &h, msg)) {
            ctl_error(b->r, f->path, e->line, "[hours] %s: %s", e->key, msg);
            continue;
        }
        for (int k = 0; k < h.count; k++, ranges++)
            INSERT(b, "INSERT INTO event_hours VALUES (?, ?, ?, ?)", id, ctl_num(n1, wd),
                   ctl_num(n2, h.range[k].opens), ctl_num(n3, h.range[k].closes));
    }
    if (ranges == 0)
        ctl_error(b->r, f->path, 0, "a general shift needs [hours] (mon = 09:00-17:00 ...)");
}

static void build_event(struct builder *b, struct ini_file *f, const char *id)
{
    struct ini_entry *e, *org = ini_get(f, "event", "organisation");
    bool general = false;
    long margin = 0;
    char n1[24], n2[24], n3[24];
    if (!org || !org->value[0])
        ctl_error(b->r, f->path, 0, "[event] organisation is missing");
    else if (!org_known(b, org->value))
        ctl_error(b->r, f->path, org->line, "organisation \"%s\" is not in organisations.ini", org->value);
    if ((e = ini_get(f, "event", "general")) && ctl_parse_bool(e->value, &general))
        ctl_error(b->r, f->path, e->line, "general must be yes or no, not \"%s\"", e->value);
    if ((e = ini_get(f, "event", "margin_min")) &&
        ctl_parse_int(e->value, 0, CONTENT_MAX_EVENT_MARGIN_MIN, &margin))
        ctl_error(b->r, f->path, e->line, "margin_min \"%s\" is not a number of minutes from 0 to %d",
                  e->value, CONTENT_MAX_EVENT_MARGIN_MIN);
    const char *pictogram = EVENT_DEFAULT_PICTOGRAM;
    if ((e = ini_get(f, "event", "pictogram"))) {
        ctl_check_pictogram(b, f, e);
        pictogram = e->value;
    }
    const char *place = (e = ini_get(f, "event", "place")) && e->value[0] ? e->value : NULL;
    if (place && strlen(place) > CONTENT_MAX_FIELD_BYTES - 1)
        ctl_error(b->r, f->path, e->line, "place is longer than %d bytes", CONTENT_MAX_FIELD_BYTES - 1);
    struct ini_entry *starts = ini_get(f, "event", "starts"), *ends = ini_get(f, "event", "ends");
    if (general) {
        if (starts || ends)
            ctl_error(b->r, f->path, (starts ? starts : ends)->line,
                      "a general shift has [hours], not starts and ends");
        read_event_hours(b, f, id);
    } else {
        int64_t s = -1, t = -1;
        if (!starts || !ends)
            ctl_error(b->r, f->path, 0, "[event] needs starts and ends (like 2026-12-12T14:00), "
                      "or general = yes and [hours]");
        if (starts && (s = local_minutes(starts->value)) < 0)
            ctl_error(b->r, f->path, starts->line, "starts \"%s\" is not a local time like 2026-12-12T14:00",
                      starts->value);
        if (ends && (t = local_minutes(ends->value)) < 0)
            ctl_error(b->r, f->path, ends->line, "ends \"%s\" is not a local time like 2026-12-12T18:00",
                      ends->value);
        if (s >= 0 && t >= 0 && t <= s)
            ctl_error(b->r, f->path, ends->line, "ends %s is not after starts %s", ends->value, starts->value);
        if (s >= 0 && t >= 0 && t - s > CONTENT_MAX_EVENT_DAYS * 1440)
            ctl_error(b->r, f->path, ends->line, "the event is longer than %d days", CONTENT_MAX_EVENT_DAYS);
        for (size_t i = 0; i < f->count; i++)
            if (!strcmp(f->entries[i].section, "hours") && !f->entries[i].used) {
                f->entries[i].used = true;
                ctl_error(b->r, f->path, f->entries[i].line, "[hours] is for a general shift (general = yes)");
            }
    }
    if (org && org_known(b, org->value))
        INSERT(b, "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, org->value, pictogram,
               ctl_num(n1, general), general || !starts ? NULL : starts->value,
               general || !ends ? NULL : ends->value, ctl_num(n2, margin), place,
               ctl_num(n3, b->events));
    ctl_add_item_texts(b, f, "event", id, EVENT_FIELDS);
    b->events++;
}

static void build_event_file(struct builder *b, struct ini_file *f, const char *id)
{
    if (b->events == CONTENT_MAX_EVENTS) {
        ctl_error(b->r, f->path, 0, "more than %d events", CONTENT_MAX_EVENTS);
        return;
    }
    build_event(b, f, id);
}

void ctl_build_volunteers(struct builder *b)
{
    bool roster = source_has(b, "volunteers.ini"), orgs_file = source_has(b, "organisations.ini"),
         events = source_has_items(b, "events");
    if (!roster && !orgs_file && !events)
        return;
    if (sqlite3_exec(b->db, VOLUNTEER_SCHEMA, NULL, NULL, NULL)) {
        ctl_error(b->r, b->o->output, 0, "cannot write: %s", sqlite3_errmsg(b->db));
        return;
    }
    if (!orgs_file)
        ctl_error(b->r, "organisations.ini", 0, "missing: volunteers and events name an organisation");
    else
        read_organisations(b);
    if (roster)
        read_roster(b);
    ctl_build_items(b, "events", build_event_file);
    free(b->organisations);
    b->organisations = NULL;
}
