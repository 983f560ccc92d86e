/* texts.c — the per-language texts of a bundle. For one language at a time
 * every item's fields are resolved in one query, best language first
 * (chosen → English → Dutch → the bundle's default), into an arena; a text
 * that comes from a fallback says so. Also the arena itself. */
#include "content_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Texts of all items over all languages: far above a real centre. */
#define CONTENT_MAX_TEXT_ROWS 1000000
#define ARENA_CHUNK_BYTES (64 * 1024)

struct arena_chunk { struct arena_chunk *next; size_t size; unsigned char data[]; };

void *arena_alloc(struct arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (!a->head || a->used + size > a->head->size) {
        size_t cap = WK_MAX(size, (size_t)ARENA_CHUNK_BYTES);
        struct arena_chunk *chunk = wk_malloc(sizeof *chunk + cap);
        if (!chunk)
            return NULL;
        chunk->next = a->head;
        chunk->size = cap;
        a->head = chunk;
        a->used = 0;
    }
    void *p = a->head->data + a->used;
    a->used += size;
    return p;
}

const char *arena_strdup(struct arena *a, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = arena_alloc(a, n);
    return p ? memcpy(p, s, n) : NULL;
}

void arena_free(struct arena *a)
{
    while (a->head) {
        struct arena_chunk *next = a->head->next;
        free(a->head);
        a->head = next;
    }
    a->used = 0;
}

/* The text slot of item "KIND:ID" for field, or NULL if there is none. */
static struct content_text *slot(struct content *c, const char *item, const char *field)
{
    const char *colon = strchr(item, ':');
    if (!colon)
        return NULL;
    if (!strncmp(item, "event:", 6) || !strncmp(item, "organisation:", 13))
        return content_volunteer_slot(c, item, field);
    if (!strncmp(item, "form:", 5) || !strncmp(item, "field:", 6) || !strncmp(item, "option:", 7))
        return content_form_slot(c, item, field);
    const char *id = colon + 1;
    size_t kind = (size_t)(colon - item);
    if (kind == 8 && !strncmp(item, "category", kind)) {
        int i = content_find(c->category_ix, c->category_count, id);
        return i >= 0 && !strcmp(field, "title") ? &c->categories[i].title : NULL;
    }
    if (kind == 7 && !strncmp(item, "service", kind)) {
        int i = content_find(c->service_ix, c->service_count, id);
        if (i < 0)
            return NULL;
        struct content_service *s = &c->services[i];
        return !strcmp(field, "title") ? &s->title : !strcmp(field, "summary") ? &s->summary
             : !strcmp(field, "body") ? &s->body : !strcmp(field, "directions") ? &s->directions
             : !strcmp(field, "takeaway") ? &s->takeaway : NULL;
    }
    if (kind == 8 && !strncmp(item, "activity", kind)) {
        int i = content_find(c->activity_ix, c->activity_count, id);
        if (i < 0)
            return NULL;
        struct content_activity *a = &c->activities[i];
        return !strcmp(field, "title") ? &a->title : !strcmp(field, "summary") ? &a->summary
             : !strcmp(field, "body") ? &a->body : !strcmp(field, "place") ? &a->place : NULL;
    }
    return NULL;
}

static void clear_texts(struct content *c)
{
    for (size_t i = 0; i < c->category_count; i++)
        c->categories[i].title = (struct content_text){ 0 };
    for (size_t i = 0; i < c->service_count; i++) {
        struct content_service *s = &c->services[i];
        s->title = s->summary = s->body = s->directions = s->takeaway = (struct content_text){ 0 };
    }
    for (size_t i = 0; i < c->activity_count; i++) {
        struct content_activity *a = &c->activities[i];
        a->title = a->summary = a->body = a->place = (struct content_text){ 0 };
    }
    content_clear_form_texts(c);
    content_clear_volunteer_texts(c);
}

/* The longest item name: "option:FORM:FIELD:VALUE", each part an id. */
#define CONTENT_MAX_ITEM_BYTES (4 * CONTENT_MAX_FIELD_BYTES)

/* The four columns of a texts row (item, lang, field, value: every query
 * here selects them in this order), checked; item names the row. */
static int text_row(struct content_rows *r, const char *col[4], char err[WK_ERR_MAX])
{
    static const size_t max[4] = { CONTENT_MAX_ITEM_BYTES, CONTENT_MAX_FIELD_BYTES,
                                   CONTENT_MAX_FIELD_BYTES, CONTENT_MAX_TEXT_BYTES + 1 };
    int rc = content_rows_text(r, 0, false, max[0], &col[0], err);
    r->item = col[0];
    for (int i = 1; i < 4 && !rc; i++)
        rc = content_rows_text(r, i, false, max[i], &col[i], err);
    return rc;
}

/* Every text of every language is checked when the bundle is opened: too
 * many, too long, or not text is refused then, not found out when a
 * resident picks a language in the middle of a session. */
int content_check_texts(struct content *c, char err[WK_ERR_MAX])
{
    struct content_rows r;
    size_t rows, read = 0;
    int rc = content_count_rows(c->db, "texts", CONTENT_MAX_TEXT_ROWS, &rows, err);
    if (rc || (rc = content_rows_open(c->db, &r, "texts", "SELECT item, lang, field, value, rowid "
                                      "FROM texts", err)))
        return rc;
    while ((rc = content_rows_next(&r, err)) > 0) {
        const char *col[4];
        if ((rc = read++ == rows ? content_rows_fail(&r, err, "more rows than were counted")
                                 : text_row(&r, col, err)))
            break;
    }
    content_rows_close(&r);
    return rc;
}

/* How good a text in text_lang is for a resident reading lang: their own
 * language, then English, Dutch, the bundle's default. Lower is better. */
static int rank(const char *text_lang, const char *lang, const struct content *c)
{
    return !strcmp(text_lang, lang) ? 0 : !strcmp(text_lang, "en") ? 1
         : !strcmp(text_lang, "nl") ? 2 : !strcmp(text_lang, c->meta.default_language) ? 3 : 4;
}

int content_load_texts(struct content *c, const char *lang, char err[WK_ERR_MAX])
{
    /* No ORDER BY: sorting 100,000 rows costs more than keeping the best
     * language per slot as the rows come (rank below). */
    static const char *const sql =
        "SELECT item, lang, field, value, rowid FROM texts WHERE lang IN (?1, 'en', 'nl', ?2)";
    struct content_rows r;
    int rc = content_rows_open(c->db, &r, "texts", sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(r.st, 1, lang, -1, SQLITE_STATIC);
    sqlite3_bind_text(r.st, 2, c->meta.default_language, -1, SQLITE_STATIC);

    /* The arena of the language before last is reused; the last one's
     * pointers stay valid until the next switch. */
    int next = c->language[0] ? !c->texts_current : c->texts_current;
    struct arena *arena = &c->texts[next];
    arena_free(arena);
    clear_texts(c);
    while ((rc = content_rows_next(&r, err)) > 0) {
        const char *col[4];
        if ((rc = text_row(&r, col, err)))
            break;
        const char *item = col[0], *text_lang = col[1], *field = col[2], *value = col[3];
        struct content_text *t = slot(c, item, field);
        if (!t || !value[0] ||
            (t->value && rank(t->lang, lang, c) <= rank(text_lang, lang, c)))
            continue;                       /* unknown, or a better language came first */
        const char *v = arena_strdup(arena, value);
        const char *l = arena_strdup(arena, text_lang);
        if (!v || !l) {
            wk_seterr(err, "out of memory loading texts");
            rc = WK_ENOMEM;
            break;
        }
        *t = (struct content_text){ v, l, strcmp(l, lang) != 0 };
    }
    content_rows_close(&r);
    if (rc == 0) {
        c->texts_current = next;
        snprintf(c->language, sizeof c->language, "%s", lang);
    } else {
        /* The texts were cleared: no language is loaded, so the next
         * switch, even to the same language, loads again. */
        c->language[0] = '\0';
    }
    return rc;
}

int content_use_language(struct content *c, const char *lang, char err[WK_ERR_MAX])
{
    if (!strcmp(c->language, lang))
        return 0;
    return content_load_texts(c, lang, err);
}
