/* volunteer_commands.c — `welkomctl volunteers import` and `welkomctl
 * volunteers hours` (docs/volunteers.md, "At the hub"). import reads a
 * CSV of first names and organisations, gives each volunteer the next
 * number and a new code, stores only the sealed entry in hub.db and
 * writes volunteers.ini and organisations.ini into the console's draft;
 * the codes go to stdout once, as CSV for the badges, and nowhere else.
 * hours opens the check-in and check-out records with the hub's secret
 * key in memory and writes the hours per volunteer, event and
 * organisation as CSV. */
#include "welkomctl.h"
#include "../../hub/export.h"
#include "../../hub/volunteer.h"

#include <errno.h>
#include <getopt.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A CSV line of the import, at most, and its rows. */
#define IMPORT_LINE_MAX 512
#define IMPORT_ROWS_MAX HUB_VOLUNTEERS_MAX

struct import_row {
    char first_name[VOLUNTEER_NAME_MAX + 1];
    char organisation[HUB_ORG_NAME_MAX + 1];
};

/* The next field of a CSV line at *p (quoted with "" for a quote, or
 * bare up to the comma) into out; false when it does not fit or a quote
 * is not closed. */
static bool csv_field(const char **p, char *out, size_t size)
{
    const char *s = *p;
    size_t n = 0;
    bool fits = true;
    if (*s == '"') {
        for (s++;; s++) {
            if (!*s)
                return false;
            if (*s == '"' && s[1] != '"')
                break;
            if (*s == '"')
                s++;
            if (n + 1 < size)
                out[n++] = *s;
            else
                fits = false;
        }
        s++;
    } else {
        for (; *s && *s != ','; s++)
            if (n + 1 < size)
                out[n++] = *s;
            else
                fits = false;
    }
    out[n] = '\0';
    if (*s == ',')
        s++;
    else if (*s)
        return false;
    *p = s;
    return fits;
}

static void chomp(char *line)
{
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
}

/* Every row of path, checked before anything is stored, so a file with a
 * mistake imports nothing. Returns the count, or -1 after saying why. */
static int read_import(const char *path, struct import_row *rows)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        ctl_fail("cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    char line[IMPORT_LINE_MAX + 2];
    int n = 0, lineno = 0, name_col = -1, org_col = -1, rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(f)) {
            rc = ctl_fail("%s:%d: a line over %d bytes", path, lineno, IMPORT_LINE_MAX);
            break;
        }
        chomp(line);
        if (lineno == 1 && !strncmp(line, "\xEF\xBB\xBF", 3))
            memmove(line, line + 3, strlen(line + 3) + 1);
        if (!line[0])
            continue;
        char fields[2][HUB_ORG_NAME_MAX + 1] = { "", "" }, extra[IMPORT_LINE_MAX];
        const char *p = line;
        if (name_col < 0) {
            /* The header names the two columns, in either order. */
            for (int c = 0; *p && c < 8; c++) {
                if (!csv_field(&p, extra, sizeof extra))
                    break;
                if (!strcmp(extra, "first_name"))
                    name_col = c;
                else if (!strcmp(extra, "organisation"))
                    org_col = c;
            }
            if (name_col < 0 || org_col < 0)
                rc = ctl_fail("%s:%d: the first line names the columns: first_name,organisation", path, lineno);
            continue;
        }
        int c = 0;
        bool ok = true;
        while (ok && *p) {
            char *to = c == name_col ? fields[0] : c == org_col ? fields[1] : extra;
            size_t size = c == name_col ? VOLUNTEER_NAME_MAX + 1 : c == org_col ? HUB_ORG_NAME_MAX + 1 : sizeof extra;
            ok = csv_field(&p, to, size);
            c++;
        }
        if (!ok)
            rc = ctl_fail("%s:%d: a field too long (a first name is at most %d bytes, an organisation %d) or a "
                          "quote not closed", path, lineno, VOLUNTEER_NAME_MAX, HUB_ORG_NAME_MAX);
        else if (!fields[0][0] || !fields[1][0])
            rc = ctl_fail("%s:%d: a volunteer needs a first name and an organisation", path, lineno);
        else if (n == IMPORT_ROWS_MAX)
            rc = ctl_fail("%s: more than %d volunteers", path, IMPORT_ROWS_MAX);
        else {
            snprintf(rows[n].first_name, sizeof rows[n].first_name, "%.*s", VOLUNTEER_NAME_MAX, fields[0]);
            snprintf(rows[n].organisation, sizeof rows[n].organisation, "%s", fields[1]);
            n++;
        }
    }
    if (rc == 0 && ferror(f))
        rc = ctl_fail("cannot read %s: %s", path, strerror(errno));
    if (rc == 0 && name_col < 0)
        rc = ctl_fail("%s is empty: the first line names the columns first_name,organisation", path);
    fclose(f);
    return rc ? -1 : n;
}

static int db_option(int argc, char **argv, const char *words, const char **db)
{
    static const struct option opts[] = { { "hub-db", required_argument, NULL, 'd' }, { 0 } };
    int opt;
    *db = HUB_STORE_DEFAULT_PATH;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt != 'd')
            return ctl_usage_fail(words);
        *db = optarg;
    }
    return optind == argc - 1 ? 0 : ctl_usage_fail(words);
}

int ctl_cmd_volunteers_import(int argc, char **argv)
{
    const char *db = NULL;
    if (db_option(argc, argv, "volunteers import", &db))
        return 1;
    const char *path = argv[optind];
    struct import_row *rows = wk_calloc(IMPORT_ROWS_MAX, sizeof *rows);
    if (!rows)
        return ctl_fail("out of memory");
    int n = read_import(path, rows), rc = 0;
    char err[WK_ERR_MAX];
    struct hub_store *s = NULL;
    if (n < 0 || (n >= 0 && hub_store_open(db, true, &s, err) && (rc = ctl_fail("%s", err)))) {
        free(rows);
        return 1;
    }
    if (sodium_init() < 0) {
        hub_store_close(s);
        free(rows);
        return ctl_fail("libsodium could not start");
    }
    printf("\"number\",\"first_name\",\"organisation\",\"code\"\r\n");
    int added = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        struct hub_volunteer v;
        char code[VOLUNTEER_CODE_MAX];
        if (hub_volunteer_add(s, rows[i].first_name, rows[i].organisation, wk_wall_ms(), &v, code, err)) {
            rc = ctl_fail("%s (line of %s): %s; the %d before it are stored and printed above", rows[i].first_name,
                          path, err, added);
            break;
        }
        char number[16];
        snprintf(number, sizeof number, "%u", (unsigned)v.id);
        export_csv_cell(stdout, number, false);
        export_csv_cell(stdout, v.first_name, false);
        export_csv_cell(stdout, v.organisation, false);
        export_csv_cell(stdout, code, true);
        sodium_memzero(code, sizeof code);
        added++;
    }
    fflush(stdout);
    bool written = false;
    if (added && hub_volunteers_write_draft(s, &written, err))
        rc = ctl_fail("the roster is stored, but not written into the draft: %s", err);
    hub_store_close(s);
    sodium_memzero(rows, IMPORT_ROWS_MAX * sizeof *rows);
    free(rows);
    if (rc == 0)
        fprintf(stderr, "welkomctl: %d volunteers added; their codes are printed above only: print the badges now. "
                        "The next publish in the console carries the roster%s.\n", added,
                written ? " (written into the draft)" : "");
    return rc;
}

int ctl_cmd_volunteers_hours(int argc, char **argv)
{
    static const struct option opts[] = { { "from", required_argument, NULL, 'f' },
                                          { "to", required_argument, NULL, 't' },
                                          { "key", required_argument, NULL, 'k' },
                                          { "hub-db", required_argument, NULL, 'd' }, { 0 } };
    const char *from = NULL, *to = NULL, *key = NULL, *db = HUB_STORE_DEFAULT_PATH;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 'f')
            from = optarg;
        else if (opt == 't')
            to = optarg;
        else if (opt == 'k')
            key = optarg;
        else if (opt == 'd')
            db = optarg;
        else
            return ctl_usage_fail("volunteers hours");
    }
    if (optind != argc || !from || !to || !key)
        return ctl_usage_fail("volunteers hours");
    if (sodium_init() < 0)
        return ctl_fail("libsodium could not start");
    unsigned char sk[crypto_box_SECRETKEYBYTES], pk[crypto_box_PUBLICKEYBYTES];
    if (ctl_read_hub_key(key, sk, pk))
        return 1;
    char err[WK_ERR_MAX], tz[64];
    struct hub_store *s = NULL;
    struct hub_shifts h = { 0 };
    struct hub_hours_row *rows = NULL;
    size_t count = 0;
    int unreadable = 0, rc = 0;
    int64_t from_ms, to_ms;
    if (hub_store_open(db, false, &s, err))
        rc = ctl_fail("%s", err);
    else if (hub_shifts_load_events(s, &h, tz, err))
        rc = ctl_fail("%s", err);
    else if (hub_local_days(tz, from, to, &from_ms, &to_ms))
        rc = ctl_fail("--from and --to are days like 2026-12-01, --to not before --from");
    else if (hub_shifts_load(s, pk, sk, &h, &unreadable, err))
        rc = ctl_fail("%s", err);
    else if (hub_shifts_pair(&h, wk_wall_ms(), tz) || hub_hours_sum(&h, from_ms, to_ms, &rows, &count))
        rc = ctl_fail("out of memory");
    else if (hub_hours_csv(s, rows, count, stdout, err))
        rc = ctl_fail("%s", err);
    sodium_memzero(sk, sizeof sk);
    if (rc == 0 && (unreadable || h.orphans || h.duplicates))
        fprintf(stderr, "welkomctl: %d records did not open with this key or were not check-ins or check-outs; "
                        "%d check-outs name no check-in the hub has; %d check-outs were a second one of a "
                        "check-in (left out)\n", unreadable, h.orphans, h.duplicates);
    free(rows);
    hub_shifts_free(&h);
    if (s)
        hub_store_close(s);
    return rc;
}
