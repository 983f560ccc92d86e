/* test_hub_retention.c — the hub keeps a submission as long as its form's
 * consent page said and no longer (hub_store_prune, store_retention.c):
 * deleted at received + keep_days to the millisecond, with its state and
 * its buddy match, its bytes gone from hub.db and its write-ahead log;
 * one without keep_days (a check-in) stays; the audit log counts what
 * went and names none of it. On real files, read back byte for byte. */
#include "test.h"
#include "fixture.h"
#include "../app/core/ids.h"
#include "../hub/buddy.h"
#include "../hub/staff.h"
#include "../hub/store.h"

#include <string.h>
#include <unistd.h>

#define PATH_BYTES 1024
#define PAYLOAD_BYTES 300
#define T0 1767603600000LL               /* 2026-01-05 09:00 UTC: received */
#define YEAR_MS (365 * WK_MS_PER_DAY)

static const char *const UUID_BUDDY = "2b0c1f4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
static const char *const UUID_MESSAGE = "3c1d2a5f-6b7c-4d8e-9fa0-1b2c3d4e5f60";
static const char *const UUID_CHECKIN = "4d2e3b6a-7c8d-4e9f-a0b1-2c3d4e5f6071";

struct stored {
    struct hub_store *store;
    int64_t kiosk;
    char path[PATH_BYTES];
};

/* A payload that spells marker over and over, so its bytes can be looked
 * for in the files. */
static void put(struct stored *h, const char *uuid, const char *kind, int keep_days, const char *marker)
{
    unsigned char payload[PAYLOAD_BYTES];
    size_t n = strlen(marker);
    for (size_t i = 0; i < sizeof payload; i++)
        payload[i] = (unsigned char)marker[i % n];
    struct hub_submission sub = { .uuid = uuid, .kind = kind, .ref = "K7Q-XM4", .created_at_ms = T0 - 60000,
                                  .payload = payload, .payload_size = sizeof payload, .keep_days = keep_days };
    enum hub_put_result r;
    char err[WK_ERR_MAX] = "";
    CHECK_OK(hub_store_submission_put(h->store, h->kiosk, &sub, T0, &r, err));
    CHECK_INT_EQ(r, HUB_PUT_NEW);
}

static void open_with_a_kiosk(struct stored *h)
{
    char err[WK_ERR_MAX] = "", token[HUB_TOKEN_CHARS + 1];
    snprintf(h->path, sizeof h->path, "%s/hub.db", test_tmpdir());
    CHECK_OK(hub_store_open(h->path, true, &h->store, err));
    CHECK_OK(hub_store_kiosk_add(h->store, "hall-1", T0, token, err));
    struct hub_kiosk k;
    CHECK_OK(hub_store_kiosk_by_token(h->store, token, &k, err));
    h->kiosk = k.id;
}

static int64_t prune(struct stored *h, int64_t now_ms)
{
    char err[WK_ERR_MAX] = "";
    int64_t deleted = -1;
    CHECK_OK(hub_store_prune(h->store, now_ms, &deleted, err));
    return deleted;
}

static int gather(void *user, const struct hub_stored_submission *row)
{
    char *uuids = user;
    strcat(uuids, row->sub.uuid);
    strcat(uuids, " ");
    return 0;
}

/* The uuids stored, oldest first, each followed by a space. */
static const char *uuids_stored(struct stored *h, char out[4 * WK_UUID_BYTES])
{
    char err[WK_ERR_MAX] = "";
    out[0] = '\0';
    CHECK_OK(hub_store_submissions_each(h->store, NULL, gather, out, err));
    return out;
}

/* Whether marker is in hub.db or in its write-ahead log (which a
 * checkpoint may have removed: a missing log holds nothing). */
static bool hub_files_hold(const struct stored *h, const char *marker)
{
    char wal[PATH_BYTES + 8];
    snprintf(wal, sizeof wal, "%s-wal", h->path);
    return fixture_file_holds(h->path, marker) ||
           (access(wal, F_OK) == 0 && fixture_file_holds(wal, marker));
}

static int newest_audit(void *user, const struct hub_audit_entry *e)
{
    snprintf(user, 256, "%s %s %s", e->staff, e->action, e->target);
    return 0;
}

static int matches_of(void *user, const struct hub_buddy *b)
{
    *(int *)user = b->matches;
    return 0;
}

TEST(hub_prune_deletes_a_submission_when_its_days_are_over_and_nothing_else)
{
    struct stored h;
    char err[WK_ERR_MAX] = "", uuids[4 * WK_UUID_BYTES], audit[256] = "";
    open_with_a_kiosk(&h);
    put(&h, UUID_BUDDY, "buddy", 1, "AMAL-WANTS-A-BUDDY-");
    put(&h, UUID_MESSAGE, "message", 30, "MESSAGE-KEPT-30-DAYS-");
    put(&h, UUID_CHECKIN, WK_KIND_CHECKIN, 0, "CHECKIN-KEPT-");
    /* Staff handled the buddy request and matched it. */
    CHECK_OK(hub_staff_submission_state(h.store, UUID_BUDDY, HUB_STATE_DONE, "cas", T0 + 1000, err));
    struct hub_buddy olena = { .first_name = "Olena", .capacity = 1 };
    CHECK_OK(hub_buddy_put(h.store, &olena, T0, err));
    CHECK_OK(hub_buddy_match(h.store, UUID_BUDDY, olena.id, "cas", T0 + 2000, err));
    CHECK(hub_files_hold(&h, "AMAL-WANTS-A-BUDDY-"));       /* the search finds what is there */

    /* One millisecond before its day is over: nothing goes. */
    CHECK_INT_EQ(prune(&h, T0 + WK_MS_PER_DAY - 1), 0);
    CHECK_STR_EQ(uuids_stored(&h, uuids),
                 "2b0c1f4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f 3c1d2a5f-6b7c-4d8e-9fa0-1b2c3d4e5f60 "
                 "4d2e3b6a-7c8d-4e9f-a0b1-2c3d4e5f6071 ");
    CHECK_OK(hub_staff_audit_each(h.store, 1, newest_audit, audit, err));
    CHECK(strstr(audit, "deleted") == NULL);

    /* Its day is over: the request goes, and what staff recorded of it. */
    CHECK_INT_EQ(prune(&h, T0 + WK_MS_PER_DAY), 1);
    CHECK_STR_EQ(uuids_stored(&h, uuids),
                 "3c1d2a5f-6b7c-4d8e-9fa0-1b2c3d4e5f60 4d2e3b6a-7c8d-4e9f-a0b1-2c3d4e5f6071 ");
    CHECK_INT_EQ(hub_staff_submission_state(h.store, UUID_BUDDY, HUB_STATE_DONE, "cas", T0, err), WK_ENOTFOUND);
    CHECK_INT_EQ(hub_buddy_match(h.store, UUID_BUDDY, olena.id, "cas", T0, err), WK_ENOTFOUND);
    /* Olena's place is free again: her one match is gone with the request. */
    int matches = -1;
    CHECK_OK(hub_buddy_each(h.store, matches_of, &matches, err));
    CHECK_INT_EQ(matches, 0);
    /* Its bytes are in neither file; the others' still are. */
    CHECK(!hub_files_hold(&h, "AMAL-WANTS-A-BUDDY-"));
    CHECK(hub_files_hold(&h, "MESSAGE-KEPT-30-DAYS-"));
    /* The audit log counts, and names no uuid. */
    CHECK_OK(hub_staff_audit_each(h.store, 1, newest_audit, audit, err));
    CHECK_STR_EQ(audit, "welkom-hub deleted 1 submission past their keep_days");

    /* Nothing more is due the same day: no second audit line. */
    CHECK_INT_EQ(prune(&h, T0 + WK_MS_PER_DAY + 5000), 0);
    CHECK_INT_EQ(prune(&h, T0 + 30 * WK_MS_PER_DAY - 1), 0);
    CHECK_INT_EQ(prune(&h, T0 + 30 * WK_MS_PER_DAY), 1);
    CHECK(!hub_files_hold(&h, "MESSAGE-KEPT-30-DAYS-"));
    /* A check-in no form promised anything of stays, twenty years on. */
    CHECK_INT_EQ(prune(&h, T0 + 20 * YEAR_MS), 0);
    CHECK_STR_EQ(uuids_stored(&h, uuids), "4d2e3b6a-7c8d-4e9f-a0b1-2c3d4e5f6071 ");
    hub_store_close(h.store);
}

/* A keep_days no form can have is refused before anything is written. */
TEST(hub_store_refuses_keep_days_no_form_can_promise)
{
    struct stored h;
    char err[WK_ERR_MAX] = "", uuids[4 * WK_UUID_BYTES];
    open_with_a_kiosk(&h);
    unsigned char payload[PAYLOAD_BYTES] = { 1 };
    const int bad[] = { -1, WK_MAX_KEEP_DAYS + 1, 1 << 30 };
    for (size_t i = 0; i < WK_ARRAY_LEN(bad); i++) {
        struct hub_submission sub = { .uuid = UUID_MESSAGE, .kind = "message", .ref = "K7Q-XM4",
                                      .created_at_ms = T0, .payload = payload, .payload_size = sizeof payload,
                                      .keep_days = bad[i] };
        enum hub_put_result r;
        CHECK_INT_EQ(hub_store_submission_put(h.store, h.kiosk, &sub, T0, &r, err), WK_EINVAL);
        CHECK(strstr(err, "keep_days"));
    }
    CHECK_STR_EQ(uuids_stored(&h, uuids), "");
    /* The longest a form may promise is kept that long. */
    put(&h, UUID_MESSAGE, "message", WK_MAX_KEEP_DAYS, "TEN-YEARS-");
    CHECK_INT_EQ(prune(&h, T0 + WK_MAX_KEEP_DAYS * WK_MS_PER_DAY - 1), 0);
    CHECK_INT_EQ(prune(&h, T0 + WK_MAX_KEEP_DAYS * WK_MS_PER_DAY), 1);
    hub_store_close(h.store);
}
