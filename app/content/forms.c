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

/* The form an id column names, refused if the bundle has none. */
static int form_of(struct content *c, struct content_rows *r, int col, struct content_form **out,
                   char err[WK_ERR_MAX])
{
    const char *id;
    int rc = content_rows_text(r, col, false, CONTENT_MAX_FIELD_BYTES, &id, err);
    if (rc)
        return rc;
    r->item = id;
    if (!(*out = find_form(c, id)))
        return content_rows_fail(r, err, "a row of a form the bundle does not have");
    return 0;
}

static int form_row(struct content *c, struct content_rows *r, struct content_form *f,
                    char err[WK_ERR_MAX])
{
    const char *kind;
    int64_t position;
    int rc = content_rows_field(c, r, 0, true, &f->id, err);
    if (rc)
        return rc;
    r->item = f->id;
    if (find_form(c, f->id))
        return content_rows_fail(r, err, "the id is there twice");
    if ((rc = content_rows_text(r, 1, false, CONTENT_MAX_FIELD_BYTES, &kind, err)) ||
        (rc = content_rows_small(r, 2, false, 1, CONTENT_MAX_KEEP_DAYS, &f->keep_days, err)) ||
        (rc = content_rows_int(r, 3, false, INT64_MIN, INT64_MAX, &position, err)))
        return rc;
    int k = content_form_kind_parse(kind);
    if (k < 0)
        return content_rows_fail(r, err, "kind is not signup, buddy, volunteer or message");
    f->kind = (enum content_form_kind)k;
    if (!(f->fields = arena_alloc(&c->arena, CONTENT_MAX_FIELDS * sizeof *f->fields))) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    return 0;
}

static int load_form_rows(struct content *c, char err[WK_ERR_MAX])
{
    struct content_rows r;
    size_t rows;
    int rc = content_count_rows(c->db, "forms", CONTENT_MAX_FORMS, &rows, err);
    if (rc || (rc = content_rows_open(c->db, &r, "forms", "SELECT id, kind, keep_days, position, rowid "
                                      "FROM forms ORDER BY position, id", err)))
        return rc;
    c->forms = wk_calloc(CONTENT_MAX_FORMS, sizeof *c->forms);
    while (c->forms && (rc = content_rows_next(&r, err)) > 0) {
        struct content_form *f = &c->forms[c->form_count];
        if ((rc = c->form_count == rows ? content_rows_fail(&r, err, "more rows than were counted")
                                        : form_row(c, &r, f, err)))
            break;
        c->form_count++;
    }
    content_rows_close(&r);
    if (!c->forms) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    return rc;
}

static int field_row(struct content *c, struct content_rows *r, char err[WK_ERR_MAX])
{
    struct content_form *f;
    const char *type, *cond;
    int64_t required;
    int rc = form_of(c, r, 0, &f, err);
    if (rc)
        return rc;
    if (f->field_count == CONTENT_MAX_FIELDS)
        return content_rows_fail(r, err, "the form has more fields than the firmware takes");
    struct content_field *fd = &f->fields[f->field_count];
    *fd = (struct content_field){ .show_if_field = -1 };
    if ((rc = content_rows_field(c, r, 1, true, &fd->name, err)) ||
        (rc = content_rows_text(r, 2, false, CONTENT_MAX_FIELD_BYTES, &type, err)) ||
        (rc = content_rows_int(r, 3, false, 0, 1, &required, err)) ||
        (rc = content_rows_small(r, 4, true, 0, CONTENT_MAX_TEXT_BYTES, &fd->min, err)) ||
        (rc = content_rows_small(r, 5, true, 0, CONTENT_MAX_TEXT_BYTES, &fd->max, err)) ||
        (rc = content_rows_text(r, 6, true, CONTENT_MAX_FIELD_BYTES, &cond, err)) ||
        (rc = content_rows_field(c, r, 7, false, &fd->show_if_value, err)))
        return rc;
    if (find_field(f, fd->name))
        return content_rows_fail(r, err, "the form has a field of that name twice");
    int t = content_field_type_parse(type);
    if (t < 0)
        return content_rows_fail(r, err, "the field's type is not one the firmware knows");
    fd->type = (enum content_field_type)t;
    fd->required = required;
    if (!(fd->options = arena_alloc(&c->arena, CONTENT_MAX_OPTIONS * sizeof *fd->options))) {
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    if (cond) {
        struct content_field *on = find_field(f, cond);
        if (!on || on->type != FIELD_CHOICE || !fd->show_if_value)
            return bad(err, f->id, "show_if must name an earlier choice field and a value");
        fd->show_if_field = (int)(on - f->fields);
    }
    f->field_count++;
    return 0;
}

static int load_fields(struct content *c, char err[WK_ERR_MAX])
{
    struct content_rows r;
    int rc = content_rows_open(c->db, &r, "form_fields", "SELECT form, name, type, required, min, max, "
                               "show_if_field, show_if_value, rowid FROM form_fields "
                               "ORDER BY form, position", err);
    if (rc)
        return rc;
    while ((rc = content_rows_next(&r, err)) > 0 && (rc = field_row(c, &r, err)) == 0)
        ;
    content_rows_close(&r);
    return rc;
}

static int option_row(struct content *c, struct content_rows *r, char err[WK_ERR_MAX])
{
    struct content_form *f;
    const char *name;
    int rc = form_of(c, r, 0, &f, err);
    if (rc || (rc = content_rows_text(r, 1, false, CONTENT_MAX_FIELD_BYTES, &name, err)))
        return rc;
    struct content_field *fd = find_field(f, name);
    if (!fd || fd->option_count == CONTENT_MAX_OPTIONS)
        return bad(err, f->id, "an option of an unknown field, or too many options");
    struct content_option *o = &fd->options[fd->option_count];
    if ((rc = content_rows_field(c, r, 2, true, &o->value, err)) ||
        (rc = content_rows_field(c, r, 3, false, &o->pictogram, err)))
        return rc;
    r->item = o->value;
    for (size_t i = 0; i < fd->option_count; i++)
        if (!strcmp(fd->options[i].value, o->value))
            return content_rows_fail(r, err, "the field has an option of that value twice");
    fd->option_count++;
    return 0;
}

static int load_options(struct content *c, char err[WK_ERR_MAX])
{
    struct content_rows r;
    int rc = content_rows_open(c->db, &r, "form_options", "SELECT form, field, value, pictogram, rowid "
                               "FROM form_options ORDER BY form, field, position", err);
    if (rc)
        return rc;
    while ((rc = content_rows_next(&r, err)) > 0 && (rc = option_row(c, &r, err)) == 0)
        ;
    content_rows_close(&r);
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
