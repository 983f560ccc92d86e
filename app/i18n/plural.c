/* plural.c — a recursive-descent evaluator for gettext plural rules: the
 * ternary, ||, &&, comparisons, + - * / %, !, parentheses, n and numbers.
 * The rule is parsed again on each call (it is tiny); the header parser
 * evaluates it once for n = 0..200 so a broken rule is caught at load. */
#include "plural.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How deeply parentheses and ternaries may nest before the rule counts as
 * malformed; real rules nest three or four levels. */
#define PLURAL_MAX_DEPTH 64

struct parser {
    const char *p;
    unsigned long n;
    int depth;
    bool failed;
};

static unsigned long parse_ternary(struct parser *ps);

static void skip_space(struct parser *ps)
{
    while (isspace((unsigned char)*ps->p))
        ps->p++;
}

static bool accept(struct parser *ps, const char *token)
{
    skip_space(ps);
    size_t len = strlen(token);
    if (strncmp(ps->p, token, len) != 0)
        return false;
    /* "<" must not match the start of "<=", nor "=" of "==", etc. */
    if (len == 1 && strchr("<>!=", token[0]) && ps->p[1] == '=')
        return false;
    ps->p += len;
    return true;
}

static unsigned long parse_primary(struct parser *ps)
{
    skip_space(ps);
    if (++ps->depth > PLURAL_MAX_DEPTH) {
        ps->failed = true;
        return 0;
    }
    unsigned long v = 0;
    if (accept(ps, "(")) {
        v = parse_ternary(ps);
        if (!accept(ps, ")"))
            ps->failed = true;
    } else if (accept(ps, "!")) {
        v = !parse_primary(ps);
    } else if (*ps->p == 'n') {
        ps->p++;
        v = ps->n;
    } else if (isdigit((unsigned char)*ps->p)) {
        while (isdigit((unsigned char)*ps->p))
            v = v * 10 + (unsigned long)(*ps->p++ - '0');
    } else {
        ps->failed = true;
    }
    ps->depth--;
    return v;
}

static unsigned long parse_product(struct parser *ps)
{
    unsigned long v = parse_primary(ps);
    for (;;) {
        if (accept(ps, "*")) {
            v *= parse_primary(ps);
        } else if (accept(ps, "/") || accept(ps, "%")) {
            char op = ps->p[-1];
            unsigned long d = parse_primary(ps);
            if (d == 0) {
                ps->failed = true;
                return 0;
            }
            v = op == '/' ? v / d : v % d;
        } else {
            return v;
        }
    }
}

static unsigned long parse_sum(struct parser *ps)
{
    unsigned long v = parse_product(ps);
    for (;;) {
        if (accept(ps, "+"))
            v += parse_product(ps);
        else if (accept(ps, "-"))
            v -= parse_product(ps);
        else
            return v;
    }
}

static unsigned long parse_relation(struct parser *ps)
{
    unsigned long v = parse_sum(ps);
    for (;;) {
        if (accept(ps, "<="))
            v = v <= parse_sum(ps);
        else if (accept(ps, ">="))
            v = v >= parse_sum(ps);
        else if (accept(ps, "<"))
            v = v < parse_sum(ps);
        else if (accept(ps, ">"))
            v = v > parse_sum(ps);
        else
            return v;
    }
}

static unsigned long parse_equality(struct parser *ps)
{
    unsigned long v = parse_relation(ps);
    for (;;) {
        if (accept(ps, "=="))
            v = v == parse_relation(ps);
        else if (accept(ps, "!="))
            v = v != parse_relation(ps);
        else
            return v;
    }
}

static unsigned long parse_and(struct parser *ps)
{
    unsigned long v = parse_equality(ps);
    while (accept(ps, "&&")) {
        unsigned long r = parse_equality(ps);
        v = v && r;
    }
    return v;
}

static unsigned long parse_or(struct parser *ps)
{
    unsigned long v = parse_and(ps);
    while (accept(ps, "||")) {
        unsigned long r = parse_and(ps);
        v = v || r;
    }
    return v;
}

/* Both branches are parsed (to move past them); only one value is kept. */
static unsigned long parse_ternary(struct parser *ps)
{
    if (++ps->depth > PLURAL_MAX_DEPTH) {
        ps->failed = true;
        return 0;
    }
    unsigned long cond = parse_or(ps);
    unsigned long v = cond;
    if (accept(ps, "?")) {
        unsigned long a = parse_ternary(ps);
        if (!accept(ps, ":"))
            ps->failed = true;
        unsigned long b = parse_ternary(ps);
        v = cond ? a : b;
    }
    ps->depth--;
    return v;
}

/* Evaluates; returns false if the expression is malformed. */
static bool evaluate(const char *expr, unsigned long n, unsigned long *out)
{
    struct parser ps = { .p = expr, .n = n };
    *out = parse_ternary(&ps);
    accept(&ps, ";");
    skip_space(&ps);
    return !ps.failed && *ps.p == '\0';
}

int plural_index(const struct plural_rule *rule, unsigned long n)
{
    unsigned long v = 0;
    if (!evaluate(rule->expr, n, &v) || v >= (unsigned long)rule->nplurals)
        return 0;
    return (int)v;
}

int plural_parse_header(const char *header, struct plural_rule *out, char err[WK_ERR_MAX])
{
    *out = (struct plural_rule){ .nplurals = 2, .expr = "n != 1" };
    const char *field = strstr(header, "Plural-Forms:");
    if (!field)
        return 0;
    const char *np = strstr(field, "nplurals=");
    const char *pl = strstr(field, "plural=");
    if (np && pl == np + 2) /* "plural=" found inside "nplurals=" */
        pl = strstr(np + 9, "plural=");
    /* strtol, not sscanf: a number too big for an int is refused, not undefined. */
    char *end = NULL;
    long nplurals = np ? strtol(np + 9, &end, 10) : 0;
    if (!np || !pl || end == np + 9 || nplurals < 1 || nplurals > 16) {
        wk_seterr(err, "malformed Plural-Forms header");
        return WK_EFORMAT;
    }
    out->nplurals = (int)nplurals;
    pl += strlen("plural=");
    size_t len = strcspn(pl, "\n");
    if (len >= PLURAL_MAX_RULE) {
        wk_seterr(err, "Plural-Forms rule longer than %d bytes", PLURAL_MAX_RULE);
        return WK_EFORMAT;
    }
    memcpy(out->expr, pl, len);
    out->expr[len] = '\0';
    for (unsigned long n = 0; n <= 200; n++) {
        unsigned long v = 0;
        if (!evaluate(out->expr, n, &v) || v >= (unsigned long)out->nplurals) {
            wk_seterr(err, "Plural-Forms rule \"%s\" is malformed or gives %lu for n=%lu",
                      out->expr, v, n);
            return WK_EFORMAT;
        }
    }
    return 0;
}
