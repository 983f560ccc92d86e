/* forms.c — forms/ID.ini of a content source (docs/bundle.md, "forms"):
 * the form, its fields in file order, their options and every label in
 * every language, checked and written into the bundle being built. */
#include "build.h"
#include "../../app/i18n/i18n.h"

#include <string.h>

#define FORM_TITLE_MAX_CHARS 80
#define FORM_INTRO_MAX_CHARS 300
#define FORM_RECIPIENT_MAX_CHARS 150
#define FORM_PURPOSE_MAX_CHARS 300
#define FIELD_LABEL_MAX_CHARS 120
#define FIELD_HELP_MAX_CHARS 200
#define OPTION_LABEL_MAX_CHARS 60
#define FIELD_PREFIX "field."
#define NUMBER_DEFAULT_MAX 99

struct field_seen {
    char name[64];
    enum content_field_type type;
    char options[CONTENT_MAX_OPTIONS][64];
    int option_count;
};

/* label.LANG (or the option's LANG) in every language; the default one
 * is required. */
static void add_labels(struct builder *b, struct ini_file *f, const char *section,
                       const char *prefix, const char *item, const char *field, size_t max,
                       bool required, int line)
{
    size_t n;
    const struct i18n_language *langs = i18n_languages(&n);
    char key[128];
    for (size_t l = 0; l < n; l++) {
        snprintf(key, sizeof key, "%s%s", prefix, langs[l].code);
        struct ini_entry *e = ini_get(f, section, key);
        if (e)
            ctl_add_text(b, f, e, item, langs[l].code, field, max);
        else if (required && !strcmp(langs[l].code, b->default_language))
            ctl_error(b->r, f->path, line, "[%s] has no %s in the default language (%s)", section,
                      key, langs[l].code);
        else if (required && ctl_language_enabled(b, langs[l].code))
            ctl_warning(b->r, f->path, line, "[%s] has no %s; the kiosk shows it in English",
                        section, key);
    }
}

static void read_options(struct builder *b, struct ini_file *f, const char *form, const char *section,
                         struct field_seen *fs, int line)
{
    struct ini_entry *e = ini_get(f, section, "options");
    bool choice = fs->type == FIELD_CHOICE || fs->type == FIELD_MULTI;
    if (!choice) {
        if (e)
            ctl_error(b->r, f->path, e->line, "[%s] options are only for choice and multi fields", section);
        return;
    }
    if (!e) {
        ctl_error(b->r, f->path, line, "[%s] a %s field needs options = a, b, c", section,
                  content_field_type_name(fs->type));
        return;
    }
    char list[512], item[256], key[128], n1[24];
    snprintf(list, sizeof list, "%s", e->value);
    char *save = NULL;
    for (char *v = strtok_r(list, ", ", &save); v; v = strtok_r(NULL, ", ", &save)) {
        if (!ctl_valid_id(v) || fs->option_count == CONTENT_MAX_OPTIONS) {
            ctl_error(b->r, f->path, e->line, "[%s] option \"%s\" is not an id, or there are more "
                      "than %d", section, v, CONTENT_MAX_OPTIONS);
            continue;
        }
        snprintf(fs->options[fs->option_count++], sizeof fs->options[0], "%s", v);
        snprintf(key, sizeof key, "option.%s.pictogram", v);
        struct ini_entry *p = ini_get(f, section, key);
        if (p)
            ctl_check_pictogram(b, f, p);
        else
            ctl_error(b->r, f->path, e->line, "[%s] option %s has no %s (residents who do not "
                      "read go by the picture)", section, v, key);
        INSERT(b, "INSERT INTO form_options VALUES (?, ?, ?, ?, ?)", form, fs->name, v,
               ctl_num(n1, fs->option_count), p ? p->value : NULL);
        snprintf(item, sizeof item, "option:%s:%s:%s", form, fs->name, v);
        snprintf(key, sizeof key, "option.%s.", v);
        add_labels(b, f, section, key, item, "label", OPTION_LABEL_MAX_CHARS, true, e->line);
    }
    if (fs->option_count < 2)
        ctl_error(b->r, f->path, e->line, "[%s] a choice needs at least two options", section);
}

/* show_if = FIELD:VALUE, naming an earlier choice field and one of its
 * options. */
static void read_show_if(struct builder *b, struct ini_file *f, const char *section,
                         const struct field_seen *seen, int count, char field[64], char value[64])
{
    struct ini_entry *e = ini_get(f, section, "show_if");
    field[0] = value[0] = '\0';
    if (!e)
        return;
    const char *colon = strchr(e->value, ':');
    snprintf(field, 64, "%.*s", colon ? (int)(colon - e->value) : 0, e->value);
    snprintf(value, 64, "%s", colon ? colon + 1 : "");
    for (int i = 0; i < count; i++) {
        if (strcmp(seen[i].name, field))
            continue;
        for (int o = 0; seen[i].type == FIELD_CHOICE && o < seen[i].option_count; o++)
            if (!strcmp(seen[i].options[o], value))
                return;
    }
    ctl_error(b->r, f->path, e->line, "[%s] show_if = %s: name an earlier choice field and one of "
              "its options, like contact:phone", section, e->value);
    field[0] = value[0] = '\0';
}

static void read_field(struct builder *b, struct ini_file *f, const char *form, const char *section,
                       struct field_seen *seen, int *count, int line)
{
    struct field_seen *fs = &seen[*count];
    *fs = (struct field_seen){ 0 };
    snprintf(fs->name, sizeof fs->name, "%s", section + strlen(FIELD_PREFIX));
    if (!ctl_valid_id(fs->name)) {
        ctl_error(b->r, f->path, line, "[%s] is not a field name (a-z, 0-9 and -)", section);
        return;
    }
    struct ini_entry *e = ini_get(f, section, "type");
    int type = e ? content_field_type_parse(e->value) : -1;
    if (type < 0) {
        ctl_error(b->r, f->path, e ? e->line : line, "[%s] type must be text, phone, number, "
                  "choice, multi, languages, availability or yesno", section);
        return;
    }
    fs->type = (enum content_field_type)type;
    bool required = false;
    long min = 0, max = fs->type == FIELD_NUMBER ? NUMBER_DEFAULT_MAX : 0;
    if ((e = ini_get(f, section, "required")) && ctl_parse_bool(e->value, &required))
        ctl_error(b->r, f->path, e->line, "[%s] required must be yes or no", section);
    if ((e = ini_get(f, section, "min")) && ctl_parse_int(e->value, 0, 10000, &min))
        ctl_error(b->r, f->path, e->line, "[%s] min must be a number from 0 to 10000", section);
    if ((e = ini_get(f, section, "max")) && ctl_parse_int(e->value, 1, 10000, &max))
        ctl_error(b->r, f->path, e->line, "[%s] max must be a number from 1 to 10000", section);
    if (max && min > max)
        ctl_error(b->r, f->path, line, "[%s] min is above max", section);
    char cond_field[64], cond_value[64], n1[24], n2[24], n3[24], n4[24], item[192];
    read_show_if(b, f, section, seen, *count, cond_field, cond_value);
    INSERT(b, "INSERT INTO form_fields VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", form, fs->name,
           ctl_num(n1, *count), content_field_type_name(fs->type), ctl_num(n2, required),
           ctl_num(n3, min), ctl_num(n4, max), cond_field[0] ? cond_field : NULL,
           cond_value[0] ? cond_value : NULL);
    snprintf(item, sizeof item, "field:%s:%s", form, fs->name);
    add_labels(b, f, section, "label.", item, "label", FIELD_LABEL_MAX_CHARS, true, line);
    add_labels(b, f, section, "help.", item, "help", FIELD_HELP_MAX_CHARS, false, line);
    read_options(b, f, form, section, fs, line);
    (*count)++;
}

void ctl_build_form(struct builder *b, struct ini_file *f, const char *id)
{
    struct ini_entry *e = ini_get(f, "form", "kind");
    int kind = e ? content_form_kind_parse(e->value) : -1;
    if (kind < 0)
        ctl_error(b->r, f->path, e ? e->line : 0, "[form] kind must be signup, buddy, volunteer "
                  "or message");
    long keep = 0;
    if (!(e = ini_get(f, "form", "keep_days")) || ctl_parse_int(e->value, 1, WK_MAX_KEEP_DAYS, &keep))
        ctl_error(b->r, f->path, e ? e->line : 0, "[form] keep_days must be how many days (1 to "
                  "3650) the answers are kept; the consent page says it");
    char n1[24], n2[24], item[96];
    INSERT(b, "INSERT INTO forms VALUES (?, ?, ?, ?)", id,
           kind >= 0 ? content_form_kind_name((enum content_form_kind)kind) : "?",
           ctl_num(n1, keep), ctl_num(n2, b->position++));

    /* Fields in the order their sections first appear in the file. */
    struct field_seen seen[CONTENT_MAX_FIELDS];
    int count = 0;
    for (size_t i = 0; i < f->count; i++) {
        const char *section = f->entries[i].section;
        if (strncmp(section, FIELD_PREFIX, strlen(FIELD_PREFIX)) != 0)
            continue;
        bool done = false;
        for (int k = 0; k < count && !done; k++)
            done = !strcmp(seen[k].name, section + strlen(FIELD_PREFIX));
        for (size_t j = 0; j < i && !done; j++)
            done = !strcmp(f->entries[j].section, section);
        if (done)
            continue;
        if (count == CONTENT_MAX_FIELDS) {
            ctl_error(b->r, f->path, f->entries[i].line, "more than %d fields", CONTENT_MAX_FIELDS);
            break;
        }
        read_field(b, f, id, section, seen, &count, f->entries[i].line);
    }
    if (count == 0)
        ctl_error(b->r, f->path, 0, "the form asks nothing: add a [field.NAME] section");

    static const struct { const char *name; size_t max; bool required; } texts[] = {
        { "title", FORM_TITLE_MAX_CHARS, true }, { "intro", FORM_INTRO_MAX_CHARS, false },
        { "recipient", FORM_RECIPIENT_MAX_CHARS, true }, { "purpose", FORM_PURPOSE_MAX_CHARS, true },
    };
    snprintf(item, sizeof item, "form:%s", id);
    size_t n;
    const struct i18n_language *langs = i18n_languages(&n);
    for (size_t l = 0; l < n; l++)
        for (size_t t = 0; t < WK_ARRAY_LEN(texts); t++) {
            struct ini_entry *te = ini_get(f, langs[l].code, texts[t].name);
            if (te)
                ctl_add_text(b, f, te, item, langs[l].code, texts[t].name, texts[t].max);
            else if (texts[t].required && !strcmp(langs[l].code, b->default_language))
                ctl_error(b->r, f->path, 0, "no %s in the default language (%s)%s", texts[t].name,
                          langs[l].code, t >= 2 ? ": the consent page says it" : "");
        }
}
