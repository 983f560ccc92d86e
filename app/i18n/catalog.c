/* catalog.c — reads a GNU .mo file: a header, a table of original strings
 * and a table of translations, each entry a (length, offset) pair. Every
 * offset and length is checked against the file size before use, and the
 * entries are indexed in sorted order so lookups are a binary search that
 * does not trust the file to be sorted. */
#include "catalog.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MO_MAGIC 0x950412deu
#define MO_MAGIC_SWAPPED 0xde120495u
#define MO_HEADER_BYTES 28

struct entry {
    const char *original;      /* msgid (a plural entry: msgid NUL msgid_plural) */
    const char *translation;   /* msgstr, or the forms separated by NUL */
    uint32_t translation_len;
};

struct catalog {
    char *data;
    size_t size;
    struct entry *entries;     /* sorted by original */
    uint32_t count;
    struct plural_rule plural;
};

static uint32_t read_u32(const char *p, bool swapped)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return swapped ? __builtin_bswap32(v) : v;
}

static int read_file(const char *path, char **data, size_t *size, char err[WK_ERR_MAX])
{
    int rc = WK_EIO;
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    if (!f) {
        wk_seterr(err, "cannot open %s: %s", path, strerror(errno));
        return errno == ENOENT ? WK_ENOTFOUND : WK_EIO;
    }
    if (fseek(f, 0, SEEK_END) != 0)
        goto out;
    long len = ftell(f);
    if (len < 0 || (unsigned long)len > CATALOG_MAX_BYTES) {
        wk_seterr(err, "%s: size %ld is not that of a UI catalog", path, len);
        rc = WK_EFORMAT;
        goto out;
    }
    rewind(f);
    buf = wk_malloc((size_t)len + 1);
    if (!buf) {
        rc = WK_ENOMEM;
        goto out;
    }
    if (fread(buf, 1, (size_t)len, f) != (size_t)len) {
        wk_seterr(err, "cannot read %s", path);
        goto out;
    }
    buf[len] = '\0';
    *data = buf;
    *size = (size_t)len;
    buf = NULL;
    rc = 0;
out:
    free(buf);
    fclose(f);
    return rc;
}

/* A string table entry is valid if it lies inside the file and is followed
 * by the NUL that msgfmt always writes. */
static const char *string_at(const struct catalog *cat, size_t table, uint32_t i,
                             bool swapped, uint32_t *len_out)
{
    size_t pos = table + (size_t)i * 8;
    if (pos + 8 > cat->size)
        return NULL;
    uint32_t len = read_u32(cat->data + pos, swapped);
    uint32_t off = read_u32(cat->data + pos + 4, swapped);
    if ((size_t)off + len >= cat->size || cat->data[off + len] != '\0')
        return NULL;
    *len_out = len;
    return cat->data + off;
}

static int by_original(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->original, ((const struct entry *)b)->original);
}

int catalog_load(const char *path, struct catalog **out, char err[WK_ERR_MAX])
{
    int rc;
    struct catalog *cat = wk_calloc(1, sizeof *cat);
    if (!cat)
        return WK_ENOMEM;
    rc = read_file(path, &cat->data, &cat->size, err);
    if (rc)
        goto out;
    rc = WK_EFORMAT;
    if (cat->size < MO_HEADER_BYTES) {
        wk_seterr(err, "%s is too short to be a .mo catalog", path);
        goto out;
    }
    uint32_t magic;
    memcpy(&magic, cat->data, sizeof magic);
    bool swapped = magic == MO_MAGIC_SWAPPED;
    if (magic != MO_MAGIC && !swapped) {
        wk_seterr(err, "%s is not a .mo catalog (bad magic number)", path);
        goto out;
    }
    uint32_t count = read_u32(cat->data + 8, swapped);
    size_t originals = read_u32(cat->data + 12, swapped);
    size_t translations = read_u32(cat->data + 16, swapped);
    if (count > cat->size / 16) {
        wk_seterr(err, "%s claims %u strings, more than fit in it", path, count);
        goto out;
    }
    cat->entries = wk_calloc(count, sizeof *cat->entries);
    if (!cat->entries) {
        rc = WK_ENOMEM;
        goto out;
    }
    for (uint32_t i = 0; i < count; i++) {
        uint32_t olen, tlen;
        const char *o = string_at(cat, originals, i, swapped, &olen);
        const char *t = string_at(cat, translations, i, swapped, &tlen);
        if (!o || !t) {
            wk_seterr(err, "%s is truncated or corrupt (string %u out of bounds)", path, i);
            goto out;
        }
        cat->entries[i] = (struct entry){ o, t, tlen };
    }
    cat->count = count;
    qsort(cat->entries, count, sizeof *cat->entries, by_original);
    const char *header = catalog_get(cat, "");
    rc = plural_parse_header(header ? header : "", &cat->plural, err);
    if (rc)
        goto out;
    *out = cat;
    return 0;
out:
    catalog_free(cat);
    return rc;
}

void catalog_free(struct catalog *cat)
{
    if (!cat)
        return;
    free(cat->entries);
    free(cat->data);
    free(cat);
}

static const struct entry *find(const struct catalog *cat, const char *msgid)
{
    struct entry key = { .original = msgid };
    return cat->count ? bsearch(&key, cat->entries, cat->count, sizeof key, by_original) : NULL;
}

const char *catalog_get(const struct catalog *cat, const char *msgid)
{
    const struct entry *e = find(cat, msgid);
    return e && e->translation[0] ? e->translation : NULL;
}

/* The forms of a plural entry follow one another, each ended by a NUL. */
const char *catalog_nget(const struct catalog *cat, const char *msgid, unsigned long n)
{
    const struct entry *e = find(cat, msgid);
    if (!e)
        return NULL;
    int index = plural_index(&cat->plural, n);
    const char *form = e->translation, *end = e->translation + e->translation_len;
    for (int i = 0; i < index && form < end; i++)
        form += strlen(form) + 1;
    return form < end && form[0] ? form : NULL;
}
