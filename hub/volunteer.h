/* volunteer.h — volunteers at the hub (docs/volunteers.md, "At the hub"):
 * the roster in hub.db (volunteer_store.c): volunteers (number, first
 * name, organisation, the sealed entry a bundle carries, active) and
 * organisations, written into the content draft as volunteers.ini and
 * organisations.ini whenever it changes; and their hours (volunteer_hours.c):
 * check-in and check-out records, opened in memory with the hub's key,
 * paired into stays and summed. A code is made, shown once to whoever
 * made it and sealed; no table, file or log keeps it. */
#ifndef HUB_VOLUNTEER_H
#define HUB_VOLUNTEER_H

#include "store.h"
#include "../app/content/volunteer_code.h"

#include <stdio.h>

/* An organisation's id: like an item's (a-z, 0-9, '-'), this long. */
#define HUB_ORG_ID_MAX 40
#define HUB_ORG_NAME_MAX 80
/* Organisations of one centre, at most. */
#define HUB_ORGS_MAX 500

/* Active volunteers in one bundle, at most: volunteers.ini's 4 lines
 * each within the draft writer's HUB_CONTENT_ENTRIES_MAX. */
#define HUB_VOLUNTEERS_MAX 990

struct hub_volunteer {
    uint32_t id;                                /* the number, 1..9999 */
    char first_name[VOLUNTEER_NAME_MAX + 1];
    char organisation[HUB_ORG_ID_MAX + 1];
    bool active;
};

struct hub_organisation {
    char id[HUB_ORG_ID_MAX + 1];
    char name[HUB_ORG_NAME_MAX + 1];
    int volunteers;                             /* active ones (read only) */
};

/* The cost every entry of the roster is sealed at (written as [roster]). */
struct volunteer_cost hub_volunteer_cost(void);

/* An organisation's id for what someone typed: "Refu Interim" becomes
 * "refu-interim". WK_EINVAL when nothing of it is left. */
int hub_org_id_from(const char *typed, char id[HUB_ORG_ID_MAX + 1], char err[WK_ERR_MAX]);
/* Adds the organisation or renames it. */
int hub_org_put(struct hub_store *s, const char *id, const char *name, int64_t now_ms, char err[WK_ERR_MAX]);
int hub_org_each(struct hub_store *s, int (*each)(void *user, const struct hub_organisation *o), void *user,
                 char err[WK_ERR_MAX]);

/* A new volunteer of organisation (an id, or a name made into one and
 * added when it is not there yet) with the next free number, a new code
 * into code (the only copy: show it once, then wipe it) and their entry
 * sealed under it. v gets what was stored. */
int hub_volunteer_add(struct hub_store *s, const char *first_name, const char *organisation, int64_t now_ms,
                      struct hub_volunteer *v, char code[VOLUNTEER_CODE_MAX], char err[WK_ERR_MAX]);
/* A new code for volunteer id (active or not: it makes them active);
 * the old one stops working with the next published bundle. */
int hub_volunteer_new_code(struct hub_store *s, uint32_t id, int64_t now_ms, struct hub_volunteer *v,
                           char code[VOLUNTEER_CODE_MAX], char err[WK_ERR_MAX]);
/* Leaves volunteer id out of the bundles from the next one on; their
 * hours stay. WK_ENOTFOUND. */
int hub_volunteer_deactivate(struct hub_store *s, uint32_t id, int64_t now_ms, char err[WK_ERR_MAX]);
int hub_volunteer_get(struct hub_store *s, uint32_t id, struct hub_volunteer *v, char err[WK_ERR_MAX]);
/* Every volunteer by number, the inactive ones too. */
int hub_volunteer_each(struct hub_store *s, int (*each)(void *user, const struct hub_volunteer *v), void *user,
                       char err[WK_ERR_MAX]);

/* Writes volunteers.ini (the active volunteers' sealed entries) and
 * organisations.ini into the draft beside hub.db (content/draft), when
 * there is a draft: *written says whether there was. */
int hub_volunteers_write_draft(struct hub_store *s, bool *written, char err[WK_ERR_MAX]);

/* --- hours (volunteer_hours.c) ------------------------------------------------------------ */

#define HUB_EVENT_ID_MAX 64
#define HUB_UUID_CHARS 36

/* One opened record, what the hours need of it. */
enum hub_shift_kind { HUB_CHECKIN, HUB_CHECKOUT };
struct hub_shift_record {
    enum hub_shift_kind kind;
    char uuid[HUB_UUID_CHARS + 1];
    char checkin[HUB_UUID_CHARS + 1];           /* a checkout's check-in, or "" */
    uint32_t volunteer;
    char event[HUB_EVENT_ID_MAX + 1];
    int64_t at_ms;                              /* the kiosk's clock */
};

/* An event's window as published: check-ins are closed at closes_ms
 * (ends + margin). The general shift (general) closes a check-in at the
 * end of that weekday's [hours] + margin: closes_min[0..6] (Monday
 * first), minutes after midnight, -1 on a day it has none. A check-in of
 * an event not known, or after its day's hours, closes at the end of its
 * local day. */
#define HUB_EVENT_NO_HOURS (-1)
#define HUB_EVENT_TITLE_MAX 160
struct hub_event_window {
    char id[HUB_EVENT_ID_MAX + 1];
    char organisation[HUB_ORG_ID_MAX + 1];
    char title[HUB_EVENT_TITLE_MAX + 1];        /* in the default language, or the id */
    int64_t closes_ms;
    bool general;
    int margin_min;
    int closes_min[7];
};

/* A check-in and what ended it. */
enum hub_stay_end { HUB_STAY_CHECKED_OUT, HUB_STAY_CLOSED_BY_WINDOW, HUB_STAY_OPEN };
struct hub_stay {
    uint32_t volunteer;
    char event[HUB_EVENT_ID_MAX + 1];
    char checkin[HUB_UUID_CHARS + 1];
    int64_t in_ms, out_ms;                      /* out_ms 0 while open */
    enum hub_stay_end end;
};

/* The records and event windows as one set; stays made from them. */
struct hub_shifts {
    struct hub_shift_record *records;
    size_t count, capacity;
    struct hub_event_window *events;
    size_t event_count, event_capacity;
    struct hub_stay *stays;
    size_t stay_count;
    int orphans;                                /* checkouts of no known check-in */
    int duplicates;                             /* a second checkout of one check-in */
};

int hub_shifts_add(struct hub_shifts *h, const struct hub_shift_record *r);
int hub_shifts_add_event(struct hub_shifts *h, const struct hub_event_window *e);
/* Pairs each checkout with its check-in (a uuid seen twice counts once;
 * a second checkout of one check-in is counted in duplicates; a checkout
 * whose check-in is not there in orphans), and closes a check-in without
 * checkout at its event's window end when now_ms is past it (the general
 * shift's at the end of its local day, in zone tz), into h->stays. */
int hub_shifts_pair(struct hub_shifts *h, int64_t now_ms, const char *tz);
void hub_shifts_free(struct hub_shifts *h);
/* An event's organisation, or ""; its title, or event. */
const char *hub_shifts_event_org(const struct hub_shifts *h, const char *event);
const char *hub_shifts_event_title(const struct hub_shifts *h, const char *event);

/* The minutes of the stays between from_ms and to_ms (a stay counts in
 * the part of it inside), per volunteer, event and organisation. */
struct hub_hours_row {
    uint32_t volunteer;
    char event[HUB_EVENT_ID_MAX + 1];
    char organisation[HUB_ORG_ID_MAX + 1];
    int64_t minutes;
    int stays, closed_by_window;
};
int hub_hours_sum(const struct hub_shifts *h, int64_t from_ms, int64_t to_ms, struct hub_hours_row **rows,
                  size_t *count);

/* Reads every checkin and checkout the hub holds, opened with the hub's
 * key pair in memory, into h; the plaintext is wiped at once. Records
 * that do not open are counted in *unreadable. */
int hub_shifts_load(struct hub_store *s, const unsigned char *pk, const unsigned char *sk, struct hub_shifts *h,
                    int *unreadable, char err[WK_ERR_MAX]);
/* The event windows from the latest published bundle's source
 * (content/versions/N/events/, one ini file per event), or the draft's when none has any. */
int hub_shifts_load_events(struct hub_store *s, struct hub_shifts *h, char tz[64], char err[WK_ERR_MAX]);

/* The days from and to ("YYYY-MM-DD", both included) in zone tz ("":
 * the process's) as [from_ms, to_ms); WK_EINVAL for a day that is not
 * one or to before from. */
int hub_local_days(const char *tz, const char *from, const char *to, int64_t *from_ms, int64_t *to_ms);

/* Writes the hours as CSV: organisation, event, volunteer, first_name,
 * hours (2 decimals), minutes, stays, closed_by_window; names come from the roster, every
 * cell through the formula guard. */
int hub_hours_csv(struct hub_store *s, const struct hub_hours_row *rows, size_t count, FILE *out,
                  char err[WK_ERR_MAX]);

#endif
