/* volunteer_store.c — the roster of volunteers and organisations in
 * hub.db (volunteer.h), and its two files in the content draft. A
 * volunteer's row holds their number, first name, organisation and the
 * entry a bundle carries (salt, verifier, sealed name: volunteer_code.c);
 * never the code, which the caller shows once and wipes. Numbers are
 * given in order and never given again, so a number on an old badge
 * never names someone else. */
#include "volunteer.h"
#include "content_source.h"
#include "store_internal.h"
#include "text.h"
#include "../tools/welkomctl/fields.h"
#include "../tools/welkomctl/welkomctl.h"

#include <errno.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define B64 sodium_base64_VARIANT_ORIGINAL
#define VOLUNTEER_COLUMNS "id, first_name, organisation, active"
/* The languages an organisation's name is written under, at most. */
#define ORG_LANGS_MAX 16

struct volunteer_cost hub_volunteer_cost(void)
{
    return (struct volunteer_cost){ VOLUNTEER_COST_KIB_DEFAULT, VOLUNTEER_COST_PASSES_DEFAULT };
}

/* --- organisations --------------------------------------------------------------------- */

int hub_org_id_from(const char *typed, char id[HUB_ORG_ID_MAX + 1], char err[WK_ERR_MAX])
{
    size_t n = 0;
    bool dash = false;
    for (const unsigned char *p = (const unsigned char *)(typed ? typed : ""); *p && n < HUB_ORG_ID_MAX; p++) {
        unsigned char ch = *p >= 'A' && *p <= 'Z' ? (unsigned char)(*p - 'A' + 'a') : *p;
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
            if (dash && n)
                id[n++] = '-';
            if (n < HUB_ORG_ID_MAX)
                id[n++] = (char)ch;
            dash = false;
        } else {
            dash = true;
        }
    }
    id[n] = '\0';
    if (n == 0) {
        wk_seterr(err, "an organisation needs a name with letters or digits (a-z, 0-9)");
        return WK_EINVAL;
    }
    return 0;
}

/* name made printable and trimmed into out; false when nothing is left. */
static bool clean_name(char *out, size_t size, const char *name)
{
    char clean[HUB_ORG_NAME_MAX * 2 + 1];
    hub_text_clean(clean, sizeof clean, name ? name : "");
    size_t start = strspn(clean, " "), n = strlen(clean + start);
    while (n && clean[start + n - 1] == ' ')
        n--;
    if (n == 0 || n >= size)
        return false;
    snprintf(out, size, "%.*s", (int)n, clean + start);
    return true;
}

static int org_put_locked(struct hub_store *s, const char *id, const char *name, int64_t now_ms,
                          char err[WK_ERR_MAX])
{
    char clean[HUB_ORG_NAME_MAX + 1];
    if (!id || !ctl_valid_id(id) || strlen(id) > HUB_ORG_ID_MAX) {
        wk_seterr(err, "an organisation's id is 1 to %d of a-z, 0-9 and '-'", HUB_ORG_ID_MAX);
        return WK_EINVAL;
    }
    if (!clean_name(clean, sizeof clean, name)) {
        wk_seterr(err, "an organisation has a name of 1 to %d bytes", HUB_ORG_NAME_MAX);
        return WK_EINVAL;
    }
    int changes = 0;
    const struct hub_param p[] = { { 't', .text = id }, { 't', .text = clean }, { 'i', .i = now_ms },
                                   { 'i', .i = HUB_ORGS_MAX } };
    int rc = hub_store_exec(s, "INSERT INTO organisations (id, name, created_at)"
                               " SELECT ?1, ?2, ?3 WHERE (SELECT count(*) FROM organisations) < ?4"
                               " ON CONFLICT (id) DO UPDATE SET name = excluded.name",
                            p, 4, &changes, "cannot store the organisation", err);
    if (rc == 0 && changes == 0) {
        wk_seterr(err, "the hub holds %d organisations already", HUB_ORGS_MAX);
        rc = WK_EINVAL;
    }
    return rc;
}

int hub_org_put(struct hub_store *s, const char *id, const char *name, int64_t now_ms, char err[WK_ERR_MAX])
{
    pthread_mutex_lock(&s->lock);
    int rc = org_put_locked(s, id, name, now_ms, err);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

int hub_org_each(struct hub_store *s, int (*each)(void *user, const struct hub_organisation *o), void *user,
                 char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    pthread_mutex_lock(&s->lock);
    int code = sqlite3_prepare_v2(s->db, "SELECT o.id, o.name, (SELECT count(*) FROM volunteers v"
                                         " WHERE v.organisation = o.id AND v.active) FROM organisations o"
                                         " ORDER BY o.name COLLATE NOCASE, o.id", -1, &st, NULL);
    while (code == SQLITE_OK && (code = sqlite3_step(st)) == SQLITE_ROW) {
        struct hub_organisation o = { .volunteers = sqlite3_column_int(st, 2) };
        hub_store_copy_column(o.id, sizeof o.id, st, 0);
        hub_store_copy_column(o.name, sizeof o.name, st, 1);
        if ((rc = each(user, &o)) != 0)
            break;
        code = SQLITE_OK;
    }
    if (rc == 0 && code != SQLITE_DONE)
        rc = hub_store_db_error(s, code, "cannot read the organisations", err);
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

/* --- volunteers ------------------------------------------------------------------------ */

static void read_volunteer(sqlite3_stmt *st, struct hub_volunteer *v)
{
    memset(v, 0, sizeof *v);
    v->id = (uint32_t)sqlite3_column_int64(st, 0);
    hub_store_copy_column(v->first_name, sizeof v->first_name, st, 1);
    hub_store_copy_column(v->organisation, sizeof v->organisation, st, 2);
    v->active = sqlite3_column_int(st, 3) != 0;
}

static int get_locked(struct hub_store *s, uint32_t id, struct hub_volunteer *v, char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int code = sqlite3_prepare_v2(s->db, "SELECT " VOLUNTEER_COLUMNS " FROM volunteers WHERE id = ?", -1, &st, NULL);
    if (code == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, id);
        code = sqlite3_step(st);
    }
    int rc = 0;
    if (code == SQLITE_ROW) {
        read_volunteer(st, v);
    } else if (code == SQLITE_DONE) {
        wk_seterr(err, "no volunteer has number %u", (unsigned)id);
        rc = WK_ENOTFOUND;
    } else {
        rc = hub_store_db_error(s, code, "cannot read the volunteer", err);
    }
    sqlite3_finalize(st);
    return rc;
}

int hub_volunteer_get(struct hub_store *s, uint32_t id, struct hub_volunteer *v, char err[WK_ERR_MAX])
{
    pthread_mutex_lock(&s->lock);
    int rc = get_locked(s, id, v, err);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

/* A new code for number id and its entry sealed under it, stored in the
 * row (made with first_name and org when insert). */
static int seal_and_store(struct hub_store *s, uint32_t id, const char *first_name, const char *org, bool insert,
                          int64_t now_ms, char code[VOLUNTEER_CODE_MAX], char err[WK_ERR_MAX])
{
    struct volunteer_sealed e;
    int rc = volunteer_code_new(id, code, err);
    if (rc == 0)
        rc = volunteer_seal(code, first_name, hub_volunteer_cost(), &e, err);
    if (rc) {
        sodium_memzero(code, VOLUNTEER_CODE_MAX);
        return rc;
    }
    const struct hub_param p[] = {
        { 'i', .i = id }, { 't', .text = first_name }, { 't', .text = org },
        { 'b', .blob = e.salt, .blob_size = (int)sizeof e.salt },
        { 'b', .blob = e.verifier, .blob_size = (int)sizeof e.verifier },
        { 'b', .blob = e.name, .blob_size = (int)e.name_len }, { 'i', .i = now_ms } };
    int changes = 0;
    if (insert)
        rc = hub_store_exec(s, "INSERT INTO volunteers (id, first_name, organisation, salt, verifier, name_sealed,"
                               " active, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?7)",
                            p, 7, &changes, "cannot add the volunteer", err);
    else
        rc = hub_store_exec(s, "UPDATE volunteers SET salt = ?4, verifier = ?5, name_sealed = ?6, active = 1,"
                               " updated_at = ?7 WHERE id = ?1 AND ?2 IS NOT NULL AND ?3 IS NOT NULL",
                            p, 7, &changes, "cannot store the new code", err);
    sodium_memzero(&e, sizeof e);
    if (rc == 0 && changes != 1) {
        wk_seterr(err, "no volunteer has number %u", (unsigned)id);
        rc = WK_ENOTFOUND;
    }
    if (rc)
        sodium_memzero(code, VOLUNTEER_CODE_MAX);
    return rc;
}

static int64_t active_count(struct hub_store *s)
{
    sqlite3_stmt *st = NULL;
    int64_t n = HUB_VOLUNTEERS_MAX;
    if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM volunteers WHERE active", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

int hub_volunteer_add(struct hub_store *s, const char *first_name, const char *organisation, int64_t now_ms,
                      struct hub_volunteer *v, char code[VOLUNTEER_CODE_MAX], char err[WK_ERR_MAX])
{
    char org[HUB_ORG_ID_MAX + 1];
    memset(v, 0, sizeof *v);
    if (!clean_name(v->first_name, sizeof v->first_name, first_name)) {
        wk_seterr(err, "a volunteer has a first name of 1 to %d bytes", VOLUNTEER_NAME_MAX);
        return WK_EINVAL;
    }
    int rc = hub_org_id_from(organisation, org, err);
    if (rc)
        return rc;
    pthread_mutex_lock(&s->lock);
    int code_rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    rc = code_rc == SQLITE_OK ? 0 : hub_store_db_error(s, code_rc, "cannot add the volunteer", err);
    /* The organisation as typed becomes one, unless its id is there. */
    sqlite3_stmt *st = NULL;
    int64_t exists = 0, next = 1;
    if (rc == 0 && (code_rc = sqlite3_prepare_v2(s->db, "SELECT (SELECT count(*) FROM organisations WHERE id = ?),"
                                                        " (SELECT coalesce(max(id), 0) + 1 FROM volunteers)",
                                                 -1, &st, NULL)) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, org, -1, SQLITE_STATIC);
        if ((code_rc = sqlite3_step(st)) == SQLITE_ROW) {
            exists = sqlite3_column_int64(st, 0);
            next = sqlite3_column_int64(st, 1);
            code_rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    if (rc == 0 && code_rc != SQLITE_OK)
        rc = hub_store_db_error(s, code_rc, "cannot add the volunteer", err);
    if (rc == 0 && next > VOLUNTEER_ID_MAX) {
        wk_seterr(err, "every number up to %d has been given", VOLUNTEER_ID_MAX);
        rc = WK_EINVAL;
    }
    if (rc == 0 && active_count(s) >= HUB_VOLUNTEERS_MAX) {
        wk_seterr(err, "the roster holds %d active volunteers already: deactivate some first", HUB_VOLUNTEERS_MAX);
        rc = WK_EINVAL;
    }
    if (rc == 0 && !exists)
        rc = org_put_locked(s, org, organisation, now_ms, err);
    if (rc == 0)
        rc = seal_and_store(s, (uint32_t)next, v->first_name, org, true, now_ms, code, err);
    if (rc == 0 && (code_rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
        rc = hub_store_db_error(s, code_rc, "cannot add the volunteer", err);
    db_end_failed(s->db, s->rollback);
    pthread_mutex_unlock(&s->lock);
    if (rc) {
        sodium_memzero(code, VOLUNTEER_CODE_MAX);
        return rc;
    }
    v->id = (uint32_t)next;
    snprintf(v->organisation, sizeof v->organisation, "%s", org);
    v->active = true;
    return 0;
}

int hub_volunteer_new_code(struct hub_store *s, uint32_t id, int64_t now_ms, struct hub_volunteer *v,
                           char code[VOLUNTEER_CODE_MAX], char err[WK_ERR_MAX])
{
    pthread_mutex_lock(&s->lock);
    int rc = get_locked(s, id, v, err);
    if (rc == 0 && !v->active && active_count(s) >= HUB_VOLUNTEERS_MAX) {
        wk_seterr(err, "the roster holds %d active volunteers already: deactivate some first", HUB_VOLUNTEERS_MAX);
        rc = WK_EINVAL;
    }
    if (rc == 0)
        rc = seal_and_store(s, id, v->first_name, v->organisation, false, now_ms, code, err);
    pthread_mutex_unlock(&s->lock);
    v->active = rc == 0 || v->active;
    return rc;
}

int hub_volunteer_deactivate(struct hub_store *s, uint32_t id, int64_t now_ms, char err[WK_ERR_MAX])
{
    int changes = 0;
    const struct hub_param p[] = { { 'i', .i = now_ms }, { 'i', .i = id } };
    int rc = hub_store_exec_locked(s, "UPDATE volunteers SET active = 0, updated_at = ?1 WHERE id = ?2", p, 2,
                                   &changes, "cannot deactivate the volunteer", err);
    if (rc == 0 && changes == 0) {
        wk_seterr(err, "no volunteer has number %u", (unsigned)id);
        rc = WK_ENOTFOUND;
    }
    return rc;
}

int hub_volunteer_each(struct hub_store *s, int (*each)(void *user, const struct hub_volunteer *v), void *user,
                       char err[WK_ERR_MAX])
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    struct hub_volunteer v;
    pthread_mutex_lock(&s->lock);
    int code = sqlite3_prepare_v2(s->db, "SELECT " VOLUNTEER_COLUMNS " FROM volunteers ORDER BY id", -1, &st, NULL);
    while (code == SQLITE_OK && (code = sqlite3_step(st)) == SQLITE_ROW) {
        read_volunteer(st, &v);
        if ((rc = each(user, &v)) != 0)
            break;
        code = SQLITE_OK;
    }
    if (rc == 0 && code != SQLITE_DONE)
        rc = hub_store_db_error(s, code, "cannot read the volunteers", err);
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

/* --- the draft's files ---------------------------------------------------------------- */

/* Entries whose strings live in one arena, freed together. */
struct entries {
    struct hub_content_entry *e;
    size_t count, capacity;
    char **strings;
    size_t string_count, string_capacity;
    bool failed;
};

static const char *keep(struct entries *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *keep(struct entries *x, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (x->string_count == x->string_capacity) {
        size_t cap = x->string_capacity ? 2 * x->string_capacity : 64;
        char **grown = wk_realloc(x->strings, cap * sizeof *grown);
        if (!grown) {
            x->failed = true;
            return "";
        }
        x->strings = grown;
        x->string_capacity = cap;
    }
    char *s = wk_strdup(buf);
    if (!s) {
        x->failed = true;
        return "";
    }
    x->strings[x->string_count++] = s;
    return s;
}

static void add(struct entries *x, const char *section, const char *key, const char *value)
{
    if (x->count == x->capacity) {
        size_t cap = x->capacity ? 2 * x->capacity : 64;
        struct hub_content_entry *grown = wk_realloc(x->e, cap * sizeof *grown);
        if (!grown) {
            x->failed = true;
            return;
        }
        x->e = grown;
        x->capacity = cap;
    }
    x->e[x->count++] = (struct hub_content_entry){ section, key, value };
}

static void entries_free(struct entries *x)
{
    for (size_t i = 0; i < x->string_count; i++)
        free(x->strings[i]);
    free(x->strings);
    free(x->e);
    memset(x, 0, sizeof *x);
}

static const char *b64(struct entries *x, const unsigned char *bin, size_t n)
{
    char out[sodium_base64_ENCODED_LEN(VOLUNTEER_SEALED_NAME_MAX, B64)];
    sodium_bin2base64(out, sizeof out, bin, n, B64);
    return keep(x, "%s", out);
}

static int roster_entries(struct hub_store *s, struct entries *x, char err[WK_ERR_MAX])
{
    struct volunteer_cost cost = hub_volunteer_cost();
    add(x, "roster", "cost_kib", keep(x, "%u", (unsigned)cost.kib));
    add(x, "roster", "cost_passes", keep(x, "%u", (unsigned)cost.passes));
    sqlite3_stmt *st = NULL;
    int code = sqlite3_prepare_v2(s->db, "SELECT id, organisation, salt, verifier, name_sealed FROM volunteers"
                                         " WHERE active ORDER BY id", -1, &st, NULL);
    while (code == SQLITE_OK && (code = sqlite3_step(st)) == SQLITE_ROW) {
        const char *section = keep(x, "volunteer.%lld", (long long)sqlite3_column_int64(st, 0));
        int salt = sqlite3_column_bytes(st, 2), ver = sqlite3_column_bytes(st, 3), name = sqlite3_column_bytes(st, 4);
        if (salt != VOLUNTEER_SALT_BYTES || ver != VOLUNTEER_VERIFIER_BYTES || name <= 0 ||
            name > VOLUNTEER_SEALED_NAME_MAX) {
            code = SQLITE_CORRUPT;
            break;
        }
        add(x, section, "organisation", keep(x, "%s", (const char *)sqlite3_column_text(st, 1)));
        add(x, section, "salt", b64(x, sqlite3_column_blob(st, 2), (size_t)salt));
        add(x, section, "verifier", b64(x, sqlite3_column_blob(st, 3), (size_t)ver));
        add(x, section, "name", b64(x, sqlite3_column_blob(st, 4), (size_t)name));
        code = SQLITE_OK;
    }
    int rc = code == SQLITE_DONE ? 0 : hub_store_db_error(s, code, "cannot read the roster", err);
    sqlite3_finalize(st);
    return rc;
}

/* The languages of the draft's centre.ini shown on the kiosks ("en" when
 * it has none), for the organisations' names. */
static int draft_languages(const char *draft, char langs[ORG_LANGS_MAX][8])
{
    char path[HUB_CONTENT_PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/centre.ini", draft);
    struct ctl_report quiet = { .quiet = true };
    FILE *devnull = fopen("/dev/null", "w");
    quiet.out = devnull;
    struct ini_file f = { 0 };
    int n = 0;
    if (devnull && ini_file_read(path, "centre.ini", &f, &quiet) == 0)
        for (size_t i = 0; i < f.count && n < ORG_LANGS_MAX; i++)
            if (!strcmp(f.entries[i].section, "languages") && !strcmp(f.entries[i].value, "yes") &&
                strlen(f.entries[i].key) < 8)
                snprintf(langs[n++], 8, "%.7s", f.entries[i].key);
    ini_file_free(&f);
    if (devnull)
        fclose(devnull);
    if (n == 0)
        snprintf(langs[n++], 8, "en");
    return n;
}

/* The organisations of hub.db, each with its name under every language
 * of the draft; then those the draft's organisations.ini has and hub.db
 * does not (an imported source's, which its events may name), as they
 * were. */
static int org_entries(struct hub_store *s, const char *draft, struct entries *x, char err[WK_ERR_MAX])
{
    char langs[ORG_LANGS_MAX][8];
    int nlangs = draft_languages(draft, langs);
    sqlite3_stmt *st = NULL, *known = NULL;
    int code = sqlite3_prepare_v2(s->db, "SELECT id, name FROM organisations ORDER BY id", -1, &st, NULL);
    while (code == SQLITE_OK && (code = sqlite3_step(st)) == SQLITE_ROW) {
        const char *section = keep(x, "org.%s", (const char *)sqlite3_column_text(st, 0));
        const char *name = keep(x, "%s", (const char *)sqlite3_column_text(st, 1));
        for (int l = 0; l < nlangs; l++)
            add(x, section, keep(x, "%s", langs[l]), name);
        code = SQLITE_OK;
    }
    int rc = code == SQLITE_DONE ? 0 : hub_store_db_error(s, code, "cannot read the organisations", err);
    sqlite3_finalize(st);
    char path[HUB_CONTENT_PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/organisations.ini", draft);
    FILE *devnull = fopen("/dev/null", "w");
    struct ctl_report quiet = { .out = devnull, .quiet = true };
    struct ini_file f = { 0 };
    if (rc == 0 && devnull && access(path, F_OK) == 0 && ini_file_read(path, "organisations.ini", &f, &quiet) == 0 &&
        sqlite3_prepare_v2(s->db, "SELECT count(*) FROM organisations WHERE id = ?", -1, &known, NULL) == SQLITE_OK) {
        for (size_t i = 0; i < f.count; i++) {
            const struct ini_entry *e = &f.entries[i];
            if (strncmp(e->section, "org.", 4))
                continue;
            sqlite3_reset(known);
            sqlite3_bind_text(known, 1, e->section + 4, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(known) == SQLITE_ROW && sqlite3_column_int(known, 0) == 0)
                add(x, keep(x, "%s", e->section), keep(x, "%s", e->key), keep(x, "%s", e->value));
        }
    }
    sqlite3_finalize(known);
    ini_file_free(&f);
    if (devnull)
        fclose(devnull);
    return rc;
}

int hub_volunteers_write_draft(struct hub_store *s, bool *written, char err[WK_ERR_MAX])
{
    char draft[HUB_CONTENT_PATH_MAX], path[HUB_CONTENT_PATH_MAX + 32];
    hub_content_path(s->path, "draft", draft);
    *written = false;
    /* No draft, or no roster: nothing to write (a draft of a centre
     * without volunteers stays as it is). */
    sqlite3_stmt *st = NULL;
    int64_t orgs_held = 0;
    pthread_mutex_lock(&s->lock);
    if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM organisations", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        orgs_held = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    if (access(draft, F_OK) != 0 || orgs_held == 0)
        return 0;
    struct entries roster = { 0 }, orgs = { 0 };
    pthread_mutex_lock(&s->lock);
    int rc = roster_entries(s, &roster, err);
    if (rc == 0)
        rc = org_entries(s, draft, &orgs, err);
    pthread_mutex_unlock(&s->lock);
    if (rc == 0 && (roster.failed || orgs.failed)) {
        wk_seterr(err, "out of memory writing the roster");
        rc = WK_ENOMEM;
    }
    if (rc == 0) {
        snprintf(path, sizeof path, "%s/volunteers.ini", draft);
        rc = hub_content_write(path, "the volunteers' roster, written by welkom-hub from hub.db: no names, no codes"
                               " (docs/volunteers.md)", roster.e, roster.count, err);
    }
    if (rc == 0) {
        snprintf(path, sizeof path, "%s/organisations.ini", draft);
        rc = hub_content_write(path, "the organisations, written by welkom-hub from hub.db", orgs.e, orgs.count,
                               err);
    }
    entries_free(&roster);
    entries_free(&orgs);
    *written = rc == 0;
    return rc;
}
