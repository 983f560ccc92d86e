/* export_format.c — how `welkomctl submissions export` and the staff
 * console's CSV export write what they opened (export.h): JSON, one object per submission as each arrives, or
 * CSV, kept until the end because its columns are the union of every
 * submission's answer fields. Cells are built in buffers that are wiped
 * when reused and freed: they hold what residents typed. */
#include "export.h"

#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Past 2^53 a JSON number is no longer a whole number exactly. */
#define EXPORT_MAX_JSON_INT 9007199254740992.0

/* CSV columns: these, then one per answer field, the union over every
 * exported submission in the order first seen (a form's own order, as the
 * kiosk seals its fields in form order). One column per field rather than
 * one "answers" column of JSON: staff read these in a spreadsheet, where
 * "phone" in a column of its own can be sorted, filtered and called; a
 * cell of JSON cannot. A field named like one of these columns (field
 * names are a-z, 0-9 and -) is headed "answer.NAME" instead. */
static const char *const fixed_columns[] = {
    "uuid", "kiosk", "kind", "ref", "created_at", "received_at", "error",
    "form", "lang", "content_version", "activity", "day", "consent",
};
enum { COL_ERROR = 6, COL_FORM, COL_LANG, COL_VERSION, COL_ACTIVITY, COL_DAY, COL_CONSENT, FIXED_COLUMNS };

/* Excel opens a CSV file as UTF-8 only when it starts with a byte order
 * mark; without one, Arabic and Tigrinya answers come out as mojibake.
 * LibreOffice and most CSV readers take it (Python: utf-8-sig). */
#define CSV_BOM "\xef\xbb\xbf"

/* --- wiping memory --------------------------------------------------------- */

void export_free_wiped(char *s, size_t size)
{
    if (s) {
        sodium_memzero(s, size);
        free(s);
    }
}

/* A growing string for one cell, wiped when freed. */
struct abuf { char *b; size_t len, cap; bool failed; };

static void ab_add(struct abuf *a, const char *s, size_t n)
{
    if (a->failed)
        return;
    if (a->len + n + 1 > a->cap) {
        size_t cap = a->cap ? a->cap : 64;
        while (cap < a->len + n + 1)
            cap *= 2;
        char *grown = wk_malloc(cap);
        if (!grown) {
            a->failed = true;
            return;
        }
        if (a->b)
            memcpy(grown, a->b, a->len);
        export_free_wiped(a->b, a->cap);
        a->b = grown;
        a->cap = cap;
    }
    memcpy(a->b + a->len, s, n);
    a->len += n;
    a->b[a->len] = '\0';
}

static void ab_str(struct abuf *a, const char *s) { ab_add(a, s, strlen(s)); }
static const char *ab_text(const struct abuf *a) { return a->b && !a->failed ? a->b : ""; }
static void ab_clear(struct abuf *a) { if (a->b) sodium_memzero(a->b, a->cap); a->len = 0; }
static void ab_free(struct abuf *a) { export_free_wiped(a->b, a->cap); *a = (struct abuf){ 0 }; }

void export_record_free(struct export_record *r)
{
    free(r->uuid);
    free(r->kiosk);
    free(r->kind);
    free(r->ref);
    export_free_wiped(r->plain, r->plain_size);
}

/* --- values as text ----------------------------------------------------------- */

static void iso_time(int64_t ms, char out[32])
{
    time_t t = (time_t)(ms / 1000 - (ms % 1000 < 0));     /* floor, also before 1970 */
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(out, 32, "%lld", (long long)ms);
}

/* One answer as a spreadsheet cell: text as it is, whole numbers without
 * a fraction, yes/no, nothing for null, a list as "a; b". */
static void cell_of(struct abuf *a, const cJSON *v)
{
    char num[32];
    if (cJSON_IsString(v)) {
        ab_str(a, v->valuestring);
    } else if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (d == floor(d) && fabs(d) <= EXPORT_MAX_JSON_INT)
            snprintf(num, sizeof num, "%lld", (long long)d);
        else
            snprintf(num, sizeof num, "%.17g", d);
        ab_str(a, num);
    } else if (cJSON_IsBool(v)) {
        ab_str(a, cJSON_IsTrue(v) ? "yes" : "no");
    } else if (cJSON_IsArray(v)) {
        const cJSON *item;
        bool first = true;
        cJSON_ArrayForEach(item, v) {
            if (!first)
                ab_str(a, "; ");
            first = false;
            cell_of(a, item);
        }
    } else if (cJSON_IsObject(v)) {
        char *text = cJSON_PrintUnformatted(v);
        ab_str(a, text ? text : "");
        cJSON_free(text);                   /* wiped by the hooks */
    }
}

/* --- CSV ----------------------------------------------------------------------- */

/* What a spreadsheet skips at the start of a cell before it looks for a
 * formula, and the signs that start one. */
#define CSV_LEADING_SPACE " \t\r\n\v\f"
#define CSV_FORMULA_SIGNS "=+-@"

/* RFC 4180, every field quoted, quotes doubled. A cell that a spreadsheet
 * would take for a formula (= + - @, also after spaces, tabs or line
 * breaks: " =1+1" and "\n=2+2" run too) starts with an apostrophe, which
 * Excel and LibreOffice show as text and hide: residents type these
 * values, staff open the file. */
bool export_csv_cell(FILE *f, const char *s, bool last)
{
    fputc('"', f);
    const char *first = s + strspn(s, CSV_LEADING_SPACE);
    if (*first && strchr(CSV_FORMULA_SIGNS, *first))
        fputc('\'', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    return fputs(last ? "\"\r\n" : "\",", f) != EOF;
}

static void csv_cell(struct export_writer *w, const char *s, bool last)
{
    if (!export_csv_cell(w->out, s, last))
        w->failed = true;
}

static bool is_fixed(const char *name)
{
    for (size_t i = 0; i < FIXED_COLUMNS; i++)
        if (!strcmp(name, fixed_columns[i]))
            return true;
    return false;
}

/* Adds the answer names of json to the columns, in first-seen order. */
static int add_columns(struct export_writer *w, const cJSON *json)
{
    const cJSON *field;
    cJSON_ArrayForEach(field, cJSON_GetObjectItemCaseSensitive(json, "answers")) {
        size_t i = 0;
        while (i < w->column_count && strcmp(w->columns[i], field->string))
            i++;
        if (i < w->column_count)
            continue;
        if (w->column_count == w->column_capacity) {
            size_t cap = w->column_capacity ? w->column_capacity * 2 : 16;
            char **grown = wk_realloc(w->columns, cap * sizeof *grown);
            if (!grown)
                return WK_ENOMEM;
            w->columns = grown;
            w->column_capacity = cap;
        }
        if (!(w->columns[w->column_count] = wk_strdup(field->string)))
            return WK_ENOMEM;
        w->column_count++;
    }
    return 0;
}

static void csv_record(struct export_writer *w, const struct export_record *r, struct abuf *a)
{
    char created[32], received[32];
    iso_time(r->created_at_ms, created);
    iso_time(r->received_at_ms, received);
    const char *meta[] = { r->uuid, r->kiosk, r->kind, r->ref, created, received, r->error };
    size_t total = FIXED_COLUMNS + w->column_count;
    for (size_t i = 0; i < WK_ARRAY_LEN(meta); i++)
        csv_cell(w, meta[i], i + 1 == total);
    cJSON *json = r->plain ? cJSON_Parse(r->plain) : NULL;   /* checked when opened */
    const cJSON *answers = cJSON_GetObjectItemCaseSensitive(json, "answers");
    static const char *const keys[] = {
        [COL_FORM] = "form", [COL_LANG] = "lang", [COL_VERSION] = "content_version",
        [COL_ACTIVITY] = "activity", [COL_DAY] = "day", [COL_CONSENT] = "consent",
    };
    for (size_t i = COL_FORM; i < total; i++) {
        ab_clear(a);
        if (i < FIXED_COLUMNS)
            cell_of(a, cJSON_GetObjectItemCaseSensitive(json, keys[i]));
        else
            cell_of(a, cJSON_GetObjectItemCaseSensitive(answers, w->columns[i - FIXED_COLUMNS]));
        if (a->failed)
            w->failed = true;
        csv_cell(w, ab_text(a), i + 1 == total);
    }
    cJSON_Delete(json);
}

static void csv_write(struct export_writer *w)
{
    struct abuf a = { 0 };
    size_t total = FIXED_COLUMNS + w->column_count;
    fputs(CSV_BOM, w->out);
    for (size_t i = 0; i < total; i++) {
        const char *name = i < FIXED_COLUMNS ? fixed_columns[i] : w->columns[i - FIXED_COLUMNS];
        ab_clear(&a);
        if (i >= FIXED_COLUMNS && is_fixed(name))
            ab_str(&a, "answer.");
        ab_str(&a, name);
        csv_cell(w, ab_text(&a), i + 1 == total);
    }
    for (size_t i = 0; i < w->count; i++)
        csv_record(w, &w->records[i], &a);
    ab_free(&a);
}

/* --- JSON ---------------------------------------------------------------------- */

/* One object per submission: what the hub knows, then either "error" or
 * the opened fields with their JSON types kept (answers as sealed), taken
 * out of json (NULL for an error row). */
static int json_record(struct export_writer *w, const struct export_record *r, cJSON *json)
{
    char created[32], received[32];
    iso_time(r->created_at_ms, created);
    iso_time(r->received_at_ms, received);
    cJSON *o = cJSON_CreateObject();
    bool ok = o && cJSON_AddStringToObject(o, "uuid", r->uuid) && cJSON_AddStringToObject(o, "kiosk", r->kiosk) &&
              cJSON_AddStringToObject(o, "kind", r->kind) && cJSON_AddStringToObject(o, "ref", r->ref) &&
              cJSON_AddStringToObject(o, "created_at", created) &&
              cJSON_AddStringToObject(o, "received_at", received);
    if (ok && !json) {
        ok = cJSON_AddStringToObject(o, "error", r->error) != NULL;
    } else if (ok) {
        static const char *const keys[] = { "form", "lang", "content_version", "activity", "day", "answers",
                                            "consent" };
        for (size_t i = 0; i < WK_ARRAY_LEN(keys); i++) {
            cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(json, keys[i]);
            if (v)
                cJSON_AddItemToObject(o, keys[i], v);
        }
    }
    char *text = ok ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!text)
        return WK_ENOMEM;
    if (fprintf(w->out, "%s\n  %s", w->rows ? "," : "", text) < 0)
        w->failed = true;
    cJSON_free(text);
    return 0;
}

/* --- the writer ------------------------------------------------------------------ */

void export_begin(struct export_writer *w)
{
    if (w->format == EXPORT_JSON)
        fputs("[", w->out);
}

int export_add(struct export_writer *w, struct export_record *r, cJSON *json)
{
    int rc = 0;
    if (w->format == EXPORT_JSON) {
        rc = json_record(w, r, json);
    } else {
        rc = json ? add_columns(w, json) : 0;
        if (rc == 0 && w->count == w->capacity) {
            size_t cap = w->capacity ? w->capacity * 2 : 64;
            struct export_record *grown = wk_realloc(w->records, cap * sizeof *grown);
            if (grown) {
                w->records = grown;
                w->capacity = cap;
            } else {
                rc = WK_ENOMEM;
            }
        }
        if (rc == 0) {
            w->records[w->count++] = *r;
            *r = (struct export_record){ 0 };
        }
    }
    w->rows++;
    return rc;
}

void export_end(struct export_writer *w)
{
    if (w->format == EXPORT_JSON)
        fputs(w->rows ? "\n]\n" : "]\n", w->out);
    else
        csv_write(w);
}

void export_writer_free(struct export_writer *w)
{
    for (size_t i = 0; i < w->count; i++)
        export_record_free(&w->records[i]);
    free(w->records);
    for (size_t i = 0; i < w->column_count; i++)
        free(w->columns[i]);
    free(w->columns);
}
