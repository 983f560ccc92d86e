/* staff_internal.h — what the console's files share (staff_api.c,
 * staff_inbox.c, staff_static.c): the console itself and the helpers
 * that answer in JSON. Other modules use hub.h and staff.h. */
#ifndef HUB_STAFF_INTERNAL_H
#define HUB_STAFF_INTERNAL_H

#include "hub.h"
#include "staff.h"

#include <cjson/cJSON.h>
#include <limits.h>

struct hub_staff {
    struct hub_store *store;
    struct hub_sessions *sessions;
    char dir[PATH_MAX];             /* the pages, resolved */
    bool tls;
    char kiosk_binary[PATH_MAX];    /* the kiosk's binary for previews, or "" */
    char assets[PATH_MAX];          /* the kiosk's assets (pictograms/) beside the pages, or "" */
};

/* A request past its checks: who asks, with which session. */
struct staff_call {
    struct hub_staff *st;
    const struct hub_staff_request *req;
    struct hub_session_view who;
    const char *session;            /* the cookie's id */
    cJSON *body;                    /* the parsed body of a POST, or NULL */
    int64_t now_ms;
};

/* r's status and body: o (taken; NULL answers {}), or an error. */
void staff_reply(struct hub_reply *r, unsigned status, cJSON *o);
void staff_error(struct hub_reply *r, unsigned status, const char *message);
/* A new object at the end of array; NULL (nothing added) when out of
 * memory. */
cJSON *staff_array_push(cJSON *array);
/* Whether the session holds the hub key; else r is the 409 saying how
 * to get one. */
bool staff_has_hub_key(const struct staff_call *c, struct hub_reply *r);
/* r as the CSV text (size bytes, the stream's buffer: wiped and freed
 * here; NULL when it could not be written) with disposition (a string
 * literal); false (nothing set) when there is none or out of memory. */
bool staff_reply_csv(struct hub_reply *r, char *text, size_t size, const char *disposition);
/* A string member of the body, or NULL. */
const char *staff_body_string(const struct staff_call *c, const char *key);

/* staff_inbox.c: the caseworker's endpoints. */
void staff_inbox_list(struct staff_call *c, struct hub_reply *r);
void staff_inbox_open(struct staff_call *c, const char *uuid, struct hub_reply *r);
void staff_inbox_state(struct staff_call *c, const char *uuid, struct hub_reply *r);
void staff_inbox_csv(struct staff_call *c, struct hub_reply *r);
void staff_inbox_signups(struct staff_call *c, struct hub_reply *r);
/* The submission uuid opened with the session's key, as
 * staff_inbox_open answers it ({uuid, kind, ref, ..., answers}), audited
 * as opened; NULL with r the refusal. The caller frees it (cJSON wipes
 * what it frees). */
cJSON *staff_inbox_opened(struct staff_call *c, const char *uuid, struct hub_reply *r);

/* staff_buddies.c: the roster of buddies and matching (caseworkers). */
void staff_buddies_list(struct staff_call *c, struct hub_reply *r);
void staff_buddies_put(struct staff_call *c, struct hub_reply *r);
void staff_buddies_remove(struct staff_call *c, const char *id, struct hub_reply *r);
void staff_buddy_requests(struct staff_call *c, struct hub_reply *r);
void staff_buddy_suggest(struct staff_call *c, const char *uuid, struct hub_reply *r);
void staff_buddy_match(struct staff_call *c, const char *uuid, struct hub_reply *r);
/* The person's name into the audit log: who did action to target. */
void staff_audit(const struct staff_call *c, const char *action, const char *target);

/* staff_volunteers.c: the roster, organisations and badges. */
void staff_volunteers_list(struct staff_call *c, struct hub_reply *r);
void staff_volunteer_add(struct staff_call *c, struct hub_reply *r);
void staff_volunteer_code(struct staff_call *c, const char *number, struct hub_reply *r);
void staff_volunteer_deactivate(struct staff_call *c, const char *number, struct hub_reply *r);
void staff_organisation_put(struct staff_call *c, struct hub_reply *r);
/* The hours (JSON, or CSV) and who is here now: opened with the
 * session's hub key, like the inbox. */
void staff_volunteer_hours(struct staff_call *c, bool csv, struct hub_reply *r);
void staff_volunteers_here(struct staff_call *c, struct hub_reply *r);

/* staff_content.c: the editor's endpoints; path is what follows
 * "content" ("", "/publish", "/services/ID", ...). */
void staff_content(struct staff_call *c, bool post, const char *path, struct hub_reply *r);
/* Builds the draft in the work directory work (WORK/src, WORK/bundle.db),
 * as version when it is above 0; the builder's report into *problems. */
int staff_content_build(const struct staff_call *c, const char *work, int64_t version, cJSON **problems,
                        char err[WK_ERR_MAX]);
/* The same for the draft as it is, while no one changes it. */
int staff_content_build_draft(const struct staff_call *c, const char *work, cJSON **problems, char err[WK_ERR_MAX]);
/* Reads an ini file of the draft the builder's way, its problems unsaid
 * (check and publish report them): what could be read, so the editor can
 * mend the rest; strict: WK_EINVAL if it has any problem. */
struct ini_file;
int staff_read_ini(const char *path, bool strict, struct ini_file *f);
/* staff_preview.c: GET content/preview, a PNG of the kiosk's binary. */
void staff_content_preview(struct staff_call *c, struct hub_reply *r);
/* The kiosk binary previews run: given (NULL: welkom beside this
 * program's binary, if it is there and runs; "": none), into out. */
void staff_kiosk_binary(const char *given, char out[PATH_MAX]);

#endif
