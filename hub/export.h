/* export.h — opening stored submissions and writing them for staff, as
 * `welkomctl submissions export` and the staff console's inbox and CSV
 * export do: export_open.c opens one stored submission into a struct
 * export_record; export_format.c writes the records as CSV or JSON
 * (struct export_writer). Both wipe what held plaintext before freeing it. */
#ifndef HUB_EXPORT_H
#define HUB_EXPORT_H

#include "../app/core/wk.h"
#include "store.h"

#include <stdio.h>

#include <cjson/cJSON.h>

#define EXPORT_WHY_MAX 160

enum export_format { EXPORT_CSV, EXPORT_JSON };

/* One submission as it will be written. plain is the opened JSON text
 * (NULL for a row listed with error); kept as text rather than as a parsed
 * tree, which is several times larger, until the CSV columns are known. */
struct export_record {
    char *uuid, *kiosk, *kind, *ref;
    int64_t created_at_ms, received_at_ms;
    char *plain;
    size_t plain_size;
    char error[EXPORT_WHY_MAX];
};

/* Where and how the records go. format and out are the caller's; the
 * rest starts zeroed. */
struct export_writer {
    enum export_format format;
    FILE *out;
    bool failed;                /* a write or an allocation failed: the output is not whole */
    int rows;                   /* records added */
    /* CSV: every record and the answer columns, until the end */
    struct export_record *records;
    size_t count, capacity;
    char **columns;
    size_t column_count, column_capacity;
};

/* The start of the output (JSON: its "["). */
void export_begin(struct export_writer *w);
/* One record and its checked plaintext json (NULL for an error row). JSON
 * writes it now, taking the fields it writes out of json; CSV keeps it
 * for export_end, taking r's contents and leaving *r empty. WK_ENOMEM. */
int export_add(struct export_writer *w, struct export_record *r, cJSON *json);
/* The rest of the output: JSON's "]", or the whole CSV file. */
void export_end(struct export_writer *w);
/* One CSV cell of s to f: quoted, quotes doubled, and an apostrophe
 * before what a spreadsheet would run as a formula; then a comma, or a
 * line end when last. False when the write failed. */
bool export_csv_cell(FILE *f, const char *s, bool last);
/* Frees what the writer kept; it does not close out. */
void export_writer_free(struct export_writer *w);

void export_record_free(struct export_record *r);

/* How export_open went. */
enum export_opened { EXPORT_OPENED, EXPORT_NOT_OPENED, EXPORT_UNREADABLE };
/* Opens row's payload with the hub's key pair into r (its uuid, kiosk,
 * kind, ref and times copied; r->plain the checked JSON text) and *json
 * (its tree, the caller's to cJSON_Delete), or r->error saying why not,
 * never quoting the plaintext. WK_ENOMEM, or 0 with *opened. */
int export_open(const unsigned char *pk, const unsigned char *sk, const struct hub_stored_submission *row,
                struct export_record *r, cJSON **json, enum export_opened *opened);
/* Zeroes size bytes of s, then frees it; s may be NULL. */
void export_free_wiped(char *s, size_t size);

#endif
