/* forms.c — the forms of a schema-2 bundle (docs/bundle.md, "forms"): what
 * a resident fills in, field by field, with the options of each choice.
 * Loaded whole at open (a centre has a handful); their texts come with
 * the other texts, per language. Every row is checked: a type the
 * firmware does not know, a show_if pointing nowhere or too many fields
 * refuse the bundle. */
#include "content_internal.h"

#include <stdlib.h>
#include <string.h>

static const char *const type_names[FIELD_TYPE_COUNT] = {
    "text", "phone", "number", "choice", "multi", "languages", "availability", "yesno" };

static int parse_name(const char *s, const char *const *names, int n)
{
    for (int i = 0; s && i < n; i++)
        if (!strcmp(s, names[i]))
            return i;
    return -1;
}

int content_form_kind_parse(const char *s) { return wk_kind_parse(s); }
int content_field_type_parse(const char *s) { return parse_name(s, type_names, FIELD_TYPE_COUNT); }
const char *content_form_kind_name(enum content_form_kind k) { return wk_kind_name((enum wk_kind)k); }
const char *content_field_type_name(enum content_field_type t) { return type_names[t % FIELD_TYPE_COUNT]; }

const struct content_form *content_forms(const struct content *c, size_t *count)
{
    *count = c->form_count;
    return c->forms;
}

const struct content_form *content_form_of_kind(const struct content *c, enum content_form_kind kind)
{
    for (size_t i = 0; i < c->form_count; i++)
        if (c->forms[i].kind == kind)
            return &c->forms[i];
    return NULL;
}

static int bad(char err[WK_ERR_MAX], const char *form, const char *what)
{
    wk_seterr(err, "bundle form %s: %s", form ? form : "?", what);
    return WK_EFORMAT;
}

static const char *dup_column(struct content *c, sqlite3_stmt *st, int col)
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    if (!s || !s[0] || strlen(s) >= CONTENT_MAX_FIELD_BYTES)
        return NULL;
    return arena_strdup(&c->arena, s);
}

static struct content_form *find_form(struct content *c, const char *id)
{
    for (size_t i = 0; id && i < c->form_count; i++)
        if (!strcmp(c->forms[i].id, id))
            return &c->forms[i];
    return NULL;
}

static struct content_field *find_field(struct content_form *f, const char *name)
{
    for (size_t i = 0; name && i < f->field_count; i++)
        if (!strcmp(f->fields[i].name, name))
            return &f->fields[i];
    return NULL;
}

static int load_form_rows(struct content *c, char err[WK_ERR_MAX])
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, "SELECT id, kind, keep_days FROM forms ORDER BY position, id "
                                  "LIMIT 33", -1, &st, NULL))
        return bad(err, NULL, sqlite3_errmsg(c->db));
    c->forms = wk_calloc(CONTENT_MAX_FORMS, sizeof *c->forms);
    int rc = c->forms ? 0 : WK_ENOMEM;
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        if (c->form_count == CONTENT_MAX_FORMS) {
            rc = bad(err, NULL, "more forms than the firmware takes");
            break;
        }
        struct content_form *f = &c->forms[c->form_count++];
        f->id = dup_column(c, st, 0);
        int kind = content_form_kind_parse((const char *)sqlite3_column_text(st, 1));
        f->keep_days = sqlite3_column_int(st, 2);
        f->fields = arena_alloc(&c->arena, CONTENT_MAX_FIELDS * sizeof *f->fields);
        if (!f->id || kind < 0 || f->keep_days < 1 || f->keep_days > 3650 || !f->fields)
            rc = f->fields ? bad(err, f->id, "bad id, kind or keep_days") : WK_ENOMEM;
        else
            f->kind = (enum content_form_kind)kind;
    }
    sqlite3_finalize(st);
    if (rc == WK_ENOMEM)
        wk_seterr(err, "out of memory");
    return rc;
}

static int load_fields(struct content *c, char err[WK_ERR_MAX])
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, "SELECT form, name, type, required, min, max, show_if_field, "
                                  "show_if_value FROM form_fields ORDER BY form, position", -1, &st,
                           NULL))
        return bad(err, NULL, sqlite3_errmsg(c->db));
    int rc = 0;
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        struct content_form *f = find_form(c, (const char *)sqlite3_column_text(st, 0));
        if (!f || f->field_count == CONTENT_MAX_FIELDS) {
            rc = bad(err, f ? f->id : NULL, "a field of an unknown form, or too many fields");
            break;
        }
        struct content_field *fd = &f->fields[f->field_count];
        int type = content_field_type_parse((const char *)sqlite3_column_text(st, 2));
        *fd = (struct content_field){
            .name = dup_column(c, st, 1), .required = sqlite3_column_int(st, 3) != 0,
            .min = sqlite3_column_int(st, 4), .max = sqlite3_column_int(st, 5), .show_if_field = -1,
        };
        if (!fd->name || type < 0 || fd->min < 0 || fd->max < 0 || fd->max > CONTENT_MAX_TEXT_BYTES ||
            find_field(f, fd->name)) {
            rc = bad(err, f->id, "a field with a bad name, type or limits");
            break;
        }
        fd->type = (enum content_field_type)type;
        fd->options = arena_alloc(&c->arena, CONTENT_MAX_OPTIONS * sizeof *fd->options);
        if (!fd->options) {
            rc = WK_ENOMEM;
            wk_seterr(err, "out of memory");
            break;
        }
        const char *cond = (const char *)sqlite3_column_text(st, 6);
        if (cond) {
            struct content_field *on = find_field(f, cond);
            fd->show_if_value = dup_column(c, st, 7);
            if (!on || on->type != FIELD_CHOICE || !fd->show_if_value) {
                rc = bad(err, f->id, "show_if must name an earlier choice field and a value");
                break;
            }
            fd->show_if_field = (int)(on - f->fields);
        }
        f->field_count++;
    }
    sqlite3_finalize(st);
    return rc;
}

static int load_options(struct content *c, char err[WK_ERR_MAX])
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, "SELECT form, field, value, pictogram FROM form_options "
                                  "ORDER BY form, field, position", -1, &st, NULL))
        return bad(err, NULL, sqlite3_errmsg(c->db));
    int rc = 0;
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        struct content_form *f = find_form(c, (const char *)sqlite3_column_text(st, 0));
        struct content_field *fd = f ? find_field(f, (const char *)sqlite3_column_text(st, 1)) : NULL;
        if (!fd || fd->option_count == CONTENT_MAX_OPTIONS) {
            rc = bad(err, f ? f->id : NULL, "an option of an unknown field, or too many options");
            break;
        }
        struct content_option *o = &fd->options[fd->option_count++];
        o->value = dup_column(c, st, 2);
        o->pictogram = dup_column(c, st, 3);
        if (!o->value)
            rc = bad(err, f->id, "an option without a value");
    }
    sqlite3_finalize(st);
    /* A choice needs something to choose from, and a show_if value must
     * be one of its field's options. */
    for (size_t i = 0; !rc && i < c->form_count; i++) {
        struct content_form *f = &c->forms[i];
        for (size_t k = 0; !rc && k < f->field_count; k++) {
            struct content_field *fd = &f->fields[k];
            bool choice = fd->type == FIELD_CHOICE || fd->type == FIELD_MULTI;
            if (choice != (fd->option_count > 0))
                rc = bad(err, f->id, "choice fields, and only they, need options");
            if (!rc && fd->show_if_field >= 0) {
                const struct content_field *on = &f->fields[fd->show_if_field];
                bool found = false;
                for (size_t o = 0; o < on->option_count; o++)
                    found = found || !strcmp(on->options[o].value, fd->show_if_value);
                if (!found)
                    rc = bad(err, f->id, "show_if names a value its field does not offer");
            }
        }
    }
    return rc;
}

int content_load_forms(struct content *c, char err[WK_ERR_MAX])
{
    if (c->meta.schema_version < 2)
        return 0;                       /* schema 1 had no forms */
    int rc;
    if ((rc = load_form_rows(c, err)) || (rc = load_fields(c, err)) || (rc = load_options(c, err)))
        return rc;
    return 0;
}

/* The text slot of a form item: "form:ID", "field:FORM:NAME" or
 * "option:FORM:FIELD:VALUE". */
struct content_text *content_form_slot(struct content *c, const char *item, const char *field)
{
    char buf[4 * CONTENT_MAX_FIELD_BYTES];
    if (strlen(item) >= sizeof buf)
        return NULL;
    strcpy(buf, item);
    char *save = NULL, *kind = strtok_r(buf, ":", &save), *form_id = strtok_r(NULL, ":", &save);
    struct content_form *f = find_form(c, form_id);
    if (!kind || !f)
        return NULL;
    if (!strcmp(kind, "form")) {
        return !strcmp(field, "title") ? &f->title : !strcmp(field, "intro") ? &f->intro
             : !strcmp(field, "recipient") ? &f->recipient : !strcmp(field, "purpose") ? &f->purpose
             : NULL;
    }
    struct content_field *fd = find_field(f, strtok_r(NULL, ":", &save));
    if (!fd)
        return NULL;
    if (!strcmp(kind, "field"))
        return !strcmp(field, "label") ? &fd->label : !strcmp(field, "help") ? &fd->help : NULL;
    const char *value = strtok_r(NULL, "", &save);
    for (size_t i = 0; value && !strcmp(kind, "option") && i < fd->option_count; i++)
        if (!strcmp(fd->options[i].value, value))
            return !strcmp(field, "label") ? &fd->options[i].label : NULL;
    return NULL;
}

void content_clear_form_texts(struct content *c)
{
    for (size_t i = 0; i < c->form_count; i++) {
        struct content_form *f = &c->forms[i];
        f->title = f->intro = f->recipient = f->purpose = (struct content_text){ 0 };
        for (size_t k = 0; k < f->field_count; k++) {
            struct content_field *fd = &f->fields[k];
            fd->label = fd->help = (struct content_text){ 0 };
            for (size_t o = 0; o < fd->option_count; o++)
                fd->options[o].label = (struct content_text){ 0 };
        }
    }
}
