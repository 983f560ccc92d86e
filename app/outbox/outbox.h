/* outbox.h — the durable queue of sealed submissions (state.db). What a
 * resident sends is sealed to the hub's public key before it gets here, so
 * the queue only ever holds bytes the kiosk itself cannot read. A row is
 * written in one transaction (WAL, synchronous=FULL, secure_delete) before
 * the receipt is shown, and is never dropped: delivered rows lose their
 * payload but keep their metadata for the counts; rejected rows are kept
 * for staff. */
#ifndef OUTBOX_H
#define OUTBOX_H

#include "../core/ids.h"

/* A sealed submission is a few hundred bytes; this bounds what a broken
 * form or a hostile bundle can make the kiosk store. */
#define OUTBOX_MAX_PAYLOAD (64 * 1024)
#define OUTBOX_UUID_BYTES WK_UUID_BYTES  /* the formats are app/core/ids.h */
#define OUTBOX_KIND_BYTES 32
#define OUTBOX_REF_SYMBOLS WK_REF_SYMBOLS
#define OUTBOX_REF_LEN WK_REF_LEN
#define OUTBOX_REF_BYTES WK_REF_BYTES
#define OUTBOX_ERROR_BYTES 200

enum outbox_state { OUTBOX_QUEUED = 0, OUTBOX_DELIVERED = 1, OUTBOX_REJECTED = 2 };

struct outbox;

/* Once per process, before any other SQLite call (first thing in the
 * kiosk's, welkom-hub's and welkomctl's main): SQLite, for every database
 * of the process, allocates through wk_malloc, so the allocation seam of
 * app/core/wk.h covers it. WK_EUNSUPPORTED (logged) when SQLite was used
 * before the call. Defined in db.c. */
int outbox_use_wk_alloc(void);

/* Opens (creating) the queue at path. A file SQLite cannot read is moved
 * aside to path.corrupt-TIME and a new queue is started; outbox_recovered()
 * then says so, for staff. */
int outbox_open(const char *path, struct outbox **out, char err[WK_ERR_MAX]);
void outbox_close(struct outbox *o);
/* Non-NULL when outbox_open had to set a damaged queue aside: its path. */
const char *outbox_recovered(const struct outbox *o);

/* A new random uuid (v4, from libsodium's randombytes) and a reference
 * code no row of this queue has, for a submission about to be sealed (both
 * go inside the sealed payload too). */
int outbox_new_ids(struct outbox *o, char uuid[OUTBOX_UUID_BYTES], char ref[OUTBOX_REF_BYTES],
                   char err[WK_ERR_MAX]);

/* A sign-up for an activity session, counted on this kiosk at once. */
struct outbox_signup {
    const char *activity;
    int32_t day;                        /* days since 1970-01-01, local */
    int places;
    int64_t bundle_version;             /* the content_version it was made under */
};

/* A sealed record to queue: a form's submission, a check-in or a
 * check-out. keep_days is how long the consent page said the hub keeps
 * it (the form's keep_days, 1 to WK_MAX_KEEP_DAYS), sent with it so the
 * hub deletes it then; 0 for a record no form made (a check-in), which
 * the hub keeps (volunteers' hours are summed from them). */
struct outbox_record {
    const char *uuid, *ref, *kind;
    const unsigned char *sealed;
    size_t size;
    int keep_days;
};

/* One submission, already sealed. Writes it and, for a sign-up, its places
 * in one transaction, durably (synchronous=FULL) before returning 0. On
 * any failure nothing is written and the caller must tell the resident it
 * was not saved. */
int outbox_add(struct outbox *o, const struct outbox_record *record, const struct outbox_signup *signup,
               int64_t now_ms, char err[WK_ERR_MAX]);

/* --- volunteers checked in at this kiosk (presence.c; docs/volunteers.md) --- */
#define OUTBOX_EVENT_BYTES 128
/* Where a volunteer is checked in: no name, no code. */
struct outbox_presence {
    uint32_t volunteer;
    char event[OUTBOX_EVENT_BYTES];
    char checkin[OUTBOX_UUID_BYTES];     /* the check-in's uuid */
    int64_t at_ms;                       /* wall clock of the check-in */
    int64_t until_local;                 /* the window's end, local minutes (content_local_min) */
};
/* Where volunteer is checked in, if the window it was checked in for has
 * not ended at now_local (a row past its window is deleted). 1 and *out,
 * 0 when nowhere, or an error. */
int outbox_presence_get(struct outbox *o, uint32_t volunteer, int64_t now_local,
                        struct outbox_presence *out, char err[WK_ERR_MAX]);
/* Queues the records (a check-out, a check-in, or a check-out and then a
 * check-in elsewhere) and makes volunteer's presence *here (or none, when
 * here is NULL), all in one transaction, durably. */
int outbox_add_presence(struct outbox *o, const struct outbox_record *records, int count,
                        uint32_t volunteer, const struct outbox_presence *here, int64_t now_ms,
                        char err[WK_ERR_MAX]);

/* A queued row as the sync worker sees it. */
struct outbox_row {
    char uuid[OUTBOX_UUID_BYTES];
    char kind[OUTBOX_KIND_BYTES];
    char ref[OUTBOX_REF_BYTES];
    int64_t created_at_ms;
    int keep_days;                      /* 0: none said (outbox_record) */
    int attempts;
    int64_t next_attempt_ms;
    unsigned char *payload;             /* malloc'ed; free with outbox_row_free */
    size_t payload_size;
    enum outbox_state state;            /* outbox_list only */
    char last_error[OUTBOX_ERROR_BYTES];/* outbox_list only: why it was
                                           rejected, or its last failure */
};
void outbox_row_free(struct outbox_row *row);

/* Calls each(user, row) for every row, oldest first, whatever its state
 * (delivered rows without payload): for staff export and for checks that
 * nothing is lost. The row and its payload are valid during the call
 * only. A non-zero return from each stops the walk and is returned. */
int outbox_list(struct outbox *o, int (*each)(void *user, const struct outbox_row *row), void *user,
                char err[WK_ERR_MAX]);

/* The oldest queued row due at now_ms: 1 with *row filled, 0 if none. */
int outbox_next_due(struct outbox *o, int64_t now_ms, struct outbox_row *row, char err[WK_ERR_MAX]);
/* The time the next queued row is due, or INT64_MAX if none is queued.
 * On an error (logged) 0, "due now": the caller then meets the error in
 * outbox_next_due and backs off, rather than sleeping past queued rows. */
int64_t outbox_next_due_ms(struct outbox *o);

/* The hub has it: the payload is wiped, the metadata stays. */
int outbox_mark_delivered(struct outbox *o, const char *uuid, int64_t now_ms, char err[WK_ERR_MAX]);
/* The hub refused it for good: kept, with the reason, for staff. */
int outbox_mark_rejected(struct outbox *o, const char *uuid, const char *reason, char err[WK_ERR_MAX]);
/* Try again later: attempts + 1, the next time, the last error. */
int outbox_reschedule(struct outbox *o, const char *uuid, int64_t next_attempt_ms,
                      const char *last_error, char err[WK_ERR_MAX]);

struct outbox_counts {
    int queued, delivered, rejected;
    int64_t oldest_queued_ms;           /* created_at of the oldest queued; 0 if none */
    int64_t last_delivered_ms;          /* when the hub last took one; 0: never */
    char last_error[OUTBOX_ERROR_BYTES];
};
int outbox_counts(struct outbox *o, struct outbox_counts *out, char err[WK_ERR_MAX]);

/* What staff see of a rejected row at the kiosk: its metadata and the
 * hub's reason, never its payload (staff mode). */
struct outbox_rejected_row {
    char kind[OUTBOX_KIND_BYTES];
    char ref[OUTBOX_REF_BYTES];
    int64_t created_at_ms;
    char reason[OUTBOX_ERROR_BYTES];
};
/* The newest rejected rows, at most max, into rows; their number in *n. */
int outbox_rejected(struct outbox *o, struct outbox_rejected_row *rows, int max, int *n,
                    char err[WK_ERR_MAX]);
/* Staff asked to try the rejected rows again (the hub's problem is
 * mended): each that still has its payload is queued, due now, its
 * attempts from 0. How many in *count. */
int outbox_retry_rejected(struct outbox *o, int64_t now_ms, int *count, char err[WK_ERR_MAX]);

/* Places this kiosk has taken for an activity on a day under bundle
 * version bundle_version or later: a newer bundle carries the hub's counts,
 * which include what reached it. Returns 0 on any error (logged). */
int outbox_signups(struct outbox *o, const char *activity, int32_t day, int64_t bundle_version);

/* --- the connection -------------------------------------------------- */

/* One handle belongs to one thread; the sync worker opens its own on the
 * same file. A writer waits this long for the other to finish (the lock
 * is held for one short transaction) before outbox_add reports "busy".
 * 2 s was seen running out on a loaded machine with two writers each
 * committing 500 rows back to back (fsync per commit); an SD card's fsync
 * can be slower still, and a resident's submission that waits is better
 * than one refused. Well under the watchdog's interval. */
#define OUTBOX_BUSY_TIMEOUT_MS 5000
/* The queue never grows past this many pages (4 KiB each: 128 MiB), so a
 * runaway sender cannot fill the card the system and its logs live on.
 * Typical sealed submissions are ~1 KiB and delivered rows keep ~200 bytes
 * of metadata: years of use at one centre. */
#define OUTBOX_MAX_PAGES 32768

/* Copies what the write-ahead log holds into state.db and truncates the
 * log to nothing, so no wiped payload lingers there. SQLite checkpoints
 * on its own as the log grows; the sync worker calls this after a batch
 * is delivered. "Busy" if another handle is reading at that moment. */
int outbox_checkpoint(struct outbox *o, char err[WK_ERR_MAX]);
/* The size cap in pages (OUTBOX_MAX_PAGES at open), for this handle. SQLite
 * never sets it below the current size, so 1 means "not one page more":
 * the seam tests use to make the disk full. 0, or WK_EINVAL / WK_EIO. */
int outbox_set_max_pages(struct outbox *o, int pages);
/* How long this handle waits for another's write lock (OUTBOX_BUSY_TIMEOUT_MS
 * at open). 0, or WK_EINVAL for a negative time. */
int outbox_set_busy_timeout(struct outbox *o, int ms);

#endif
