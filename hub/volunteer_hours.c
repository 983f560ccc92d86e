/* volunteer_hours.c — the volunteers' hours (volunteer.h): check-in and
 * check-out records, sealed by the kiosks to the hub's key
 * (docs/volunteers.md, "Records"), opened here in memory and wiped at
 * once, keeping only number, event, times and uuids; paired into stays
 * (a checkout names its check-in's uuid); a check-in without checkout
 * closed at its event's window end (ends + margin, from the published
 * source's events/) and marked closed_by_window; and summed per
 * organisation, event and volunteer between two times. Nothing opened is
 * stored. Event times in the source are the centre's local time: they
 * become instants here with the source's time zone, so the day the
 * clocks change counts the hours that really passed. */
#include "volunteer.h"
#include "content_source.h"
#include "export.h"
#include "store_internal.h"
#include "../app/core/utf8.h"
#include "../tools/welkomctl/fields.h"
#include "../tools/welkomctl/welkomctl.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The plaintext format of the kiosk's checkin and checkout this reads. */
#define SHIFT_FORMAT 1
#define MS_PER_MIN 60000LL
/* The margin an event may set, at most (a day). */
#define EVENT_MARGIN_MAX_MIN (24 * 60)
#define TZ_MAX 64

/* --- local time -------------------------------------------------------------------------- */

/* mktime and localtime_r read TZ: one caller at a time sets it to the
 * centre's zone and puts the old one back. */
static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

struct tz_saved { char value[TZ_MAX + 8]; bool had; };

static void tz_enter(const char *tz, struct tz_saved *saved)
{
    pthread_mutex_lock(&tz_lock);
    const char *old = getenv("TZ");
    saved->had = old != NULL;
    snprintf(saved->value, sizeof saved->value, "%s", old ? old : "");
    if (tz && tz[0])
        setenv("TZ", tz, 1);
    tzset();
}

static void tz_leave(const struct tz_saved *saved)
{
    if (saved->had)
        setenv("TZ", saved->value, 1);
    else
        unsetenv("TZ");
    tzset();
    pthread_mutex_unlock(&tz_lock);
}

/* "YYYY-MM-DDTHH:MM" (or "YYYY-MM-DD", as 00:00) in zone tz as ms since
 * 1970; WK_EINVAL for anything else. */
static int local_ms(const char *tz, const char *text, int64_t *ms)
{
    int y, mo, d, h = 0, mi = 0, n = 0;
    size_t len = strlen(text);
    if (len == 16 ? sscanf(text, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5
                  : len != 10 || sscanf(text, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
        return WK_EINVAL;
    if ((size_t)n != len || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || h < 0 || mi < 0)
        return WK_EINVAL;
    struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi,
                     .tm_isdst = -1 };
    struct tz_saved saved;
    tz_enter(tz, &saved);
    time_t t = mktime(&tm);
    tz_leave(&saved);
    if (t == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != mo - 1)
        return WK_EINVAL;       /* 2026-02-30 */
    *ms = (int64_t)t * 1000;
    return 0;
}

/* The end of the local day (the next midnight) of at_ms in zone tz. */
static int64_t local_day_end(const char *tz, int64_t at_ms)
{
    time_t t = (time_t)(at_ms / 1000);
    struct tm tm;
    struct tz_saved saved;
    tz_enter(tz, &saved);
    localtime_r(&t, &tm);
    tm.tm_mday++;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    time_t end = mktime(&tm);
    tz_leave(&saved);
    return (int64_t)end * 1000;
}

int hub_local_days(const char *tz, const char *from, const char *to, int64_t *from_ms, int64_t *to_ms)
{
    int64_t last;
    if (!from || !to || strlen(from) != 10 || strlen(to) != 10 || local_ms(tz, from, from_ms) ||
        local_ms(tz, to, &last) || last < *from_ms)
        return WK_EINVAL;
    *to_ms = local_day_end(tz, last);
    return 0;
}

/* When a check-in at in_ms of the general shift e closes: the end of
 * that weekday's hours + margin, or the end of the local day when the
 * day has no hours or the check-in came after them. */
static int64_t general_close(const char *tz, const struct hub_event_window *e, int64_t in_ms)
{
    time_t t = (time_t)(in_ms / 1000);
    struct tm tm;
    struct tz_saved saved;
    tz_enter(tz, &saved);
    localtime_r(&t, &tm);
    int closes = e->closes_min[(tm.tm_wday + 6) % 7];
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    if (closes >= 0) {
        tm.tm_hour = closes / 60;
        tm.tm_min = closes % 60;
    } else {
        tm.tm_mday++;
    }
    tm.tm_isdst = -1;
    time_t end = mktime(&tm);
    tz_leave(&saved);
    int64_t ms = (int64_t)end * 1000 + (closes >= 0 ? e->margin_min * MS_PER_MIN : 0);
    return closes >= 0 && ms <= in_ms ? local_day_end(tz, in_ms) : ms;
}

/* --- the set ------------------------------------------------------------------------------ */

/* Room for one more of count items of size bytes in *items, doubling
 * *capacity (first: the first); WK_ENOMEM. */
static int room_for_one(void **items, size_t *capacity, size_t count, size_t size, size_t first)
{
    if (count < *capacity)
        return 0;
    size_t cap = *capacity ? 2 * *capacity : first;
    void *grown = wk_realloc(*items, cap * size);
    if (!grown)
        return WK_ENOMEM;
    *items = grown;
    *capacity = cap;
    return 0;
}

int hub_shifts_add(struct hub_shifts *h, const struct hub_shift_record *r)
{
    if (room_for_one((void **)&h->records, &h->capacity, h->count, sizeof *h->records, 256))
        return WK_ENOMEM;
    h->records[h->count++] = *r;
    return 0;
}

int hub_shifts_add_event(struct hub_shifts *h, const struct hub_event_window *e)
{
    for (size_t i = 0; i < h->event_count; i++)
        if (!strcmp(h->events[i].id, e->id))
            return 0;           /* the first source read wins */
    if (room_for_one((void **)&h->events, &h->event_capacity, h->event_count, sizeof *h->events, 32))
        return WK_ENOMEM;
    h->events[h->event_count++] = *e;
    return 0;
}

void hub_shifts_free(struct hub_shifts *h)
{
    free(h->records);
    free(h->events);
    free(h->stays);
    memset(h, 0, sizeof *h);
}

static const struct hub_event_window *event_of(const struct hub_shifts *h, const char *id)
{
    for (size_t i = 0; i < h->event_count; i++)
        if (!strcmp(h->events[i].id, id))
            return &h->events[i];
    return NULL;
}

const char *hub_shifts_event_org(const struct hub_shifts *h, const char *event)
{
    const struct hub_event_window *e = event_of(h, event);
    return e ? e->organisation : "";
}

const char *hub_shifts_event_title(const struct hub_shifts *h, const char *event)
{
    const struct hub_event_window *e = event_of(h, event);
    return e ? e->title : event;
}

/* --- pairing ------------------------------------------------------------------------------ */

static int by_uuid(const void *a, const void *b)
{
    const struct hub_shift_record *x = a, *y = b;
    int c = strcmp(x->uuid, y->uuid);
    return c ? c : (int)x->kind - (int)y->kind;
}

static int by_checkin_then_time(const void *a, const void *b)
{
    const struct hub_shift_record *x = *(const struct hub_shift_record *const *)a,
                                  *y = *(const struct hub_shift_record *const *)b;
    int c = strcmp(x->checkin, y->checkin);
    if (c)
        return c;
    return x->at_ms < y->at_ms ? -1 : x->at_ms > y->at_ms ? 1 : strcmp(x->uuid, y->uuid);
}

int hub_shifts_pair(struct hub_shifts *h, int64_t now_ms, const char *tz)
{
    free(h->stays);
    h->stays = NULL;
    h->stay_count = h->orphans = h->duplicates = 0;
    /* One record per uuid: a retry stored twice counts once. */
    qsort(h->records, h->count, sizeof *h->records, by_uuid);
    size_t n = 0;
    for (size_t i = 0; i < h->count; i++)
        if (n == 0 || strcmp(h->records[n - 1].uuid, h->records[i].uuid))
            h->records[n++] = h->records[i];
    h->count = n;
    size_t checkins = 0, checkouts = 0;
    for (size_t i = 0; i < n; i++)
        h->records[i].kind == HUB_CHECKIN ? checkins++ : checkouts++;
    h->stays = wk_calloc(checkins ? checkins : 1, sizeof *h->stays);
    const struct hub_shift_record **outs = wk_calloc(checkouts ? checkouts : 1, sizeof *outs);
    if (!h->stays || !outs) {
        free(outs);
        return WK_ENOMEM;
    }
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        if (h->records[i].kind == HUB_CHECKOUT)
            outs[o++] = &h->records[i];
    qsort(outs, checkouts, sizeof *outs, by_checkin_then_time);
    /* Check-ins are in uuid order, and so are the checkouts' check-ins:
     * one walk pairs them. */
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        const struct hub_shift_record *in = &h->records[i];
        if (in->kind != HUB_CHECKIN)
            continue;
        while (j < checkouts && strcmp(outs[j]->checkin, in->uuid) < 0) {
            h->orphans++;
            j++;
        }
        struct hub_stay *st = &h->stays[h->stay_count++];
        *st = (struct hub_stay){ .volunteer = in->volunteer, .in_ms = in->at_ms };
        snprintf(st->event, sizeof st->event, "%s", in->event);
        snprintf(st->checkin, sizeof st->checkin, "%s", in->uuid);
        if (j < checkouts && !strcmp(outs[j]->checkin, in->uuid)) {
            st->end = HUB_STAY_CHECKED_OUT;
            st->out_ms = WK_MAX(outs[j]->at_ms, in->at_ms);
            for (j++; j < checkouts && !strcmp(outs[j]->checkin, in->uuid); j++)
                h->duplicates++;
            continue;
        }
        const struct hub_event_window *e = event_of(h, in->event);
        int64_t closes = e && e->general ? general_close(tz, e, in->at_ms)
                         : e && e->closes_ms ? e->closes_ms : local_day_end(tz, in->at_ms);
        if (now_ms >= closes) {
            st->end = HUB_STAY_CLOSED_BY_WINDOW;
            st->out_ms = WK_MAX(closes, in->at_ms);
        } else {
            st->end = HUB_STAY_OPEN;
        }
    }
    h->orphans += (int)(checkouts - j);
    free(outs);
    return 0;
}

/* --- summing ------------------------------------------------------------------------------ */

static int row_order(const void *a, const void *b)
{
    const struct hub_hours_row *x = a, *y = b;
    int c = strcmp(x->organisation, y->organisation);
    if (!c)
        c = strcmp(x->event, y->event);
    return c ? c : (x->volunteer > y->volunteer) - (x->volunteer < y->volunteer);
}

/* One stay's share before the sum. */
struct part { struct hub_hours_row row; int64_t ms; };

static int part_order(const void *a, const void *b)
{
    return row_order(&((const struct part *)a)->row, &((const struct part *)b)->row);
}

int hub_hours_sum(const struct hub_shifts *h, int64_t from_ms, int64_t to_ms, struct hub_hours_row **rows,
                  size_t *count)
{
    *rows = NULL;
    *count = 0;
    struct part *p = wk_calloc(h->stay_count ? h->stay_count : 1, sizeof *p);
    if (!p)
        return WK_ENOMEM;
    /* Each stay's part inside [from, to); a stay that began inside counts
     * as one even when it lasted no time. */
    size_t n = 0;
    for (size_t i = 0; i < h->stay_count; i++) {
        const struct hub_stay *st = &h->stays[i];
        int64_t a = WK_MAX(st->in_ms, from_ms), b = WK_MIN(st->out_ms, to_ms);
        if (st->end == HUB_STAY_OPEN || (b <= a && !(st->in_ms >= from_ms && st->in_ms < to_ms)))
            continue;
        struct part *x = &p[n++];
        x->row.volunteer = st->volunteer;
        snprintf(x->row.event, sizeof x->row.event, "%s", st->event);
        snprintf(x->row.organisation, sizeof x->row.organisation, "%s", hub_shifts_event_org(h, st->event));
        x->ms = WK_MAX(b - a, 0);
        x->row.stays = 1;
        x->row.closed_by_window = st->end == HUB_STAY_CLOSED_BY_WINDOW;
    }
    qsort(p, n, sizeof *p, part_order);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m && !row_order(&p[m - 1].row, &p[i].row)) {
            p[m - 1].ms += p[i].ms;
            p[m - 1].row.stays++;
            p[m - 1].row.closed_by_window += p[i].row.closed_by_window;
        } else {
            p[m++] = p[i];
        }
    }
    struct hub_hours_row *r = wk_calloc(m ? m : 1, sizeof *r);
    if (!r) {
        free(p);
        return WK_ENOMEM;
    }
    for (size_t k = 0; k < m; k++) {
        r[k] = p[k].row;
        r[k].minutes = (p[k].ms + MS_PER_MIN / 2) / MS_PER_MIN;
    }
    free(p);
    *rows = r;
    *count = m;
    return 0;
}

/* --- the records, opened ------------------------------------------------------------------- */

struct loader {
    const unsigned char *pk, *sk;
    struct hub_shifts *h;
    int unreadable;
};

static bool uuid_ok(const char *u)
{
    if (!u || strlen(u) != HUB_UUID_CHARS)
        return false;
    for (int i = 0; i < HUB_UUID_CHARS; i++)
        if ((i == 8 || i == 13 || i == 18 || i == 23) ? u[i] != '-' : !strchr("0123456789abcdef", u[i]))
            return false;
    return true;
}

/* The opened plaintext as a record of the stored row's kind; false when
 * it is not one (never saying what it held). */
static bool record_of(const char *plain, const struct hub_stored_submission *row, struct hub_shift_record *r)
{
    cJSON *j = cJSON_Parse(plain);
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(j, "format"),
                *kind = cJSON_GetObjectItemCaseSensitive(j, "kind"),
                *volunteer = cJSON_GetObjectItemCaseSensitive(j, "volunteer"),
                *event = cJSON_GetObjectItemCaseSensitive(j, "event"),
                *at = cJSON_GetObjectItemCaseSensitive(j, "at"),
                *checkin = cJSON_GetObjectItemCaseSensitive(j, "checkin"),
                *uuid = cJSON_GetObjectItemCaseSensitive(j, "uuid");
    bool ok = cJSON_IsObject(j) && cJSON_IsNumber(format) && format->valuedouble == SHIFT_FORMAT &&
              cJSON_IsString(kind) && !strcmp(kind->valuestring, row->sub.kind) && cJSON_IsNumber(volunteer) &&
              volunteer->valuedouble >= 1 && volunteer->valuedouble <= VOLUNTEER_ID_MAX &&
              volunteer->valuedouble == floor(volunteer->valuedouble) && cJSON_IsString(event) &&
              ctl_valid_id(event->valuestring) && strlen(event->valuestring) <= HUB_EVENT_ID_MAX &&
              cJSON_IsNumber(at) && at->valuedouble > 0 && at->valuedouble < 1e15 &&
              (!uuid || (cJSON_IsString(uuid) && !strcmp(uuid->valuestring, row->sub.uuid))) &&
              uuid_ok(row->sub.uuid);
    r->kind = strcmp(row->sub.kind, "checkin") ? HUB_CHECKOUT : HUB_CHECKIN;
    if (ok && r->kind == HUB_CHECKOUT)
        ok = cJSON_IsString(checkin) && uuid_ok(checkin->valuestring);
    if (ok) {
        snprintf(r->uuid, sizeof r->uuid, "%s", row->sub.uuid);
        snprintf(r->checkin, sizeof r->checkin, "%s", r->kind == HUB_CHECKOUT ? checkin->valuestring : "");
        snprintf(r->event, sizeof r->event, "%s", event->valuestring);
        r->volunteer = (uint32_t)volunteer->valuedouble;
        r->at_ms = (int64_t)at->valuedouble;
    }
    cJSON_Delete(j);
    return ok;
}

static int on_record(void *user, const struct hub_stored_submission *row)
{
    struct loader *l = user;
    const struct hub_submission *sub = &row->sub;
    if (!sub->payload || sub->payload_size <= crypto_box_SEALBYTES) {
        l->unreadable++;
        return 0;
    }
    size_t n = sub->payload_size - crypto_box_SEALBYTES;
    char *plain = wk_malloc(n + 1);
    if (!plain)
        return WK_ENOMEM;
    struct hub_shift_record r = { 0 };
    bool ok = crypto_box_seal_open((unsigned char *)plain, sub->payload, sub->payload_size, l->pk, l->sk) == 0;
    plain[ok ? n : 0] = '\0';
    ok = ok && wk_utf8_valid(plain, n) && record_of(plain, row, &r);
    export_free_wiped(plain, n + 1);
    if (!ok) {
        l->unreadable++;
        return 0;
    }
    return hub_shifts_add(l->h, &r);
}

int hub_shifts_load(struct hub_store *s, const unsigned char *pk, const unsigned char *sk, struct hub_shifts *h,
                    int *unreadable, char err[WK_ERR_MAX])
{
    struct loader l = { pk, sk, h, 0 };
    static const char *const kinds[] = { "checkin", "checkout" };
    int rc = 0;
    for (size_t k = 0; rc == 0 && k < WK_ARRAY_LEN(kinds); k++) {
        struct hub_submission_filter f = { .kind = kinds[k] };
        rc = hub_store_submissions_each(s, &f, on_record, &l, err);
        if (rc == WK_ENOMEM)
            wk_seterr(err, "out of memory opening the volunteers' records");
    }
    *unreadable = l.unreadable;
    return rc;
}

/* --- the events' windows ------------------------------------------------------------------ */

/* The centre's zone from dir/centre.ini, or "" (the process's zone),
 * and its default language ("en" when it names none). */
static void source_meta(const char *dir, struct ctl_report *quiet, char tz[TZ_MAX], char lang[8])
{
    char path[HUB_CONTENT_PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/centre.ini", dir);
    struct ini_file f = { 0 };
    tz[0] = '\0';
    if (ini_file_read(path, "centre.ini", &f, quiet) == 0) {
        struct ini_entry *e = ini_get(&f, "bundle", "timezone");
        if (e && strlen(e->value) < TZ_MAX && !strstr(e->value, "..") && e->value[0] != '/')
            snprintf(tz, TZ_MAX, "%s", e->value);
        e = ini_get(&f, "settings", "default_language");
        snprintf(lang, 8, "%.7s", e && strlen(e->value) < 8 ? e->value : "en");
    } else {
        snprintf(lang, 8, "en");
    }
    ini_file_free(&f);
}

/* "09:00-12:00, 13:00-17:00" as the minute the day's last range ends;
 * HUB_EVENT_NO_HOURS for "closed" or what does not read. */
static int day_closes(const char *value)
{
    const char *dash = strrchr(value, '-');
    int h, m, n = 0;
    if (!dash || sscanf(dash + 1, "%2d:%2d%n", &h, &m, &n) != 2 || dash[1 + n] || h < 0 || h > 24 || m < 0 ||
        m > 59)
        return HUB_EVENT_NO_HOURS;
    return h * 60 + m;
}

/* An event file's window (docs/volunteers.md, "Source format"): closes
 * at ends + margin_min; a general shift (general = yes) at the end of
 * each weekday's [hours] + margin; a file that says neither, at the end
 * of the day of each check-in. */
static int read_event(const char *path, const char *id, const char *tz, const char *lang, struct ctl_report *quiet,
                      struct hub_shifts *h)
{
    struct ini_file f = { 0 };
    if (ini_file_read(path, id, &f, quiet) != 0) {
        ini_file_free(&f);
        return 0;
    }
    struct hub_event_window w = { 0 };
    snprintf(w.id, sizeof w.id, "%s", id);
    struct ini_entry *org = ini_get(&f, "event", "organisation"), *ends = ini_get(&f, "event", "ends"),
                     *margin = ini_get(&f, "event", "margin_min"), *general = ini_get(&f, "event", "general");
    if (org && ctl_valid_id(org->value) && strlen(org->value) <= HUB_ORG_ID_MAX)
        snprintf(w.organisation, sizeof w.organisation, "%s", org->value);
    struct ini_entry *title = ini_get(&f, lang, "title");
    if (!title)
        title = ini_get(&f, "en", "title");
    snprintf(w.title, sizeof w.title, "%s", title ? title->value : id);
    long m = 0;
    char *end = NULL;
    if (margin) {
        m = strtol(margin->value, &end, 10);
        if (*end || m < 0 || m > EVENT_MARGIN_MAX_MIN)
            m = 0;
    }
    w.margin_min = (int)m;
    w.general = general && (!strcmp(general->value, "yes") || !strcmp(general->value, "true"));
    static const char *const days[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
    for (int d = 0; d < 7; d++) {
        struct ini_entry *hours = w.general ? ini_get(&f, "hours", days[d]) : NULL;
        w.closes_min[d] = hours ? day_closes(hours->value) : HUB_EVENT_NO_HOURS;
    }
    int64_t ends_ms;
    if (!w.general && ends && local_ms(tz, ends->value, &ends_ms) == 0)
        w.closes_ms = ends_ms + m * MS_PER_MIN;
    ini_file_free(&f);
    return hub_shifts_add_event(h, &w);
}

static int read_events(const char *dir, struct hub_shifts *h, char tz[TZ_MAX])
{
    FILE *devnull = fopen("/dev/null", "w");
    struct ctl_report quiet = { .out = devnull, .quiet = true };
    char sub[HUB_CONTENT_PATH_MAX + 16], path[HUB_CONTENT_PATH_MAX + 300], id[HUB_EVENT_ID_MAX + 1];
    char zone[TZ_MAX], lang[8];
    source_meta(dir, &quiet, zone, lang);
    if (!tz[0])
        snprintf(tz, TZ_MAX, "%s", zone);
    snprintf(sub, sizeof sub, "%s/events", dir);
    DIR *d = devnull ? opendir(sub) : NULL;
    struct dirent *de;
    int rc = 0;
    while (d && rc == 0 && (de = readdir(d))) {
        size_t n = strlen(de->d_name);
        if (n <= 4 || n - 4 > HUB_EVENT_ID_MAX || strcmp(de->d_name + n - 4, ".ini"))
            continue;
        snprintf(id, sizeof id, "%.*s", (int)(n - 4), de->d_name);
        if (!ctl_valid_id(id))
            continue;
        snprintf(path, sizeof path, "%s/%s", sub, de->d_name);
        rc = read_event(path, id, zone, lang, &quiet, h);
    }
    if (d)
        closedir(d);
    if (devnull)
        fclose(devnull);
    return rc;
}

int hub_shifts_load_events(struct hub_store *s, struct hub_shifts *h, char tz[64], char err[WK_ERR_MAX])
{
    struct hub_bundle latest;
    char dir[HUB_CONTENT_PATH_MAX + 32], versions[HUB_CONTENT_PATH_MAX];
    tz[0] = '\0';
    int rc = hub_store_bundle_latest(s, &latest, err);
    if (rc && rc != WK_ENOTFOUND)
        return rc;
    /* The latest published source first, then the draft's events not
     * published yet. */
    if (rc == 0) {
        hub_content_path(s->path, "versions", versions);
        snprintf(dir, sizeof dir, "%s/%lld", versions, (long long)latest.version);
        if ((rc = read_events(dir, h, tz)))
            return wk_seterr(err, "out of memory reading the events"), rc;
    }
    hub_content_path(s->path, "draft", dir);
    rc = read_events(dir, h, tz);
    return rc ? (wk_seterr(err, "out of memory reading the events"), rc) : 0;
}

/* --- CSV ---------------------------------------------------------------------------------- */

int hub_hours_csv(struct hub_store *s, const struct hub_hours_row *rows, size_t count, FILE *out,
                  char err[WK_ERR_MAX])
{
    bool ok = true;
    static const char *const head[] = { "organisation", "event", "volunteer", "first_name", "hours", "minutes", "stays",
                                        "closed_by_window" };
    for (size_t i = 0; i < WK_ARRAY_LEN(head); i++)
        ok &= export_csv_cell(out, head[i], i + 1 == WK_ARRAY_LEN(head));
    for (size_t i = 0; i < count; i++) {
        const struct hub_hours_row *r = &rows[i];
        struct hub_volunteer v = { 0 };
        char verr[WK_ERR_MAX], number[16], hours[32], minutes[24], stays[16], closed[16];
        if (hub_volunteer_get(s, r->volunteer, &v, verr))
            v.first_name[0] = v.organisation[0] = '\0';
        snprintf(number, sizeof number, "%u", (unsigned)r->volunteer);
        snprintf(hours, sizeof hours, "%lld.%02lld", (long long)(r->minutes / 60),
                 (long long)(((r->minutes % 60) * 100 + 30) / 60));
        snprintf(minutes, sizeof minutes, "%lld", (long long)r->minutes);
        snprintf(stays, sizeof stays, "%d", r->stays);
        snprintf(closed, sizeof closed, "%d", r->closed_by_window);
        ok &= export_csv_cell(out, r->organisation[0] ? r->organisation : v.organisation, false);
        ok &= export_csv_cell(out, r->event, false);
        ok &= export_csv_cell(out, number, false);
        ok &= export_csv_cell(out, v.first_name, false);
        ok &= export_csv_cell(out, hours, false);
        ok &= export_csv_cell(out, minutes, false);
        ok &= export_csv_cell(out, stays, false);
        ok &= export_csv_cell(out, closed, true);
    }
    if (!ok || fflush(out) != 0) {
        wk_seterr(err, "cannot write the hours: %s", strerror(errno));
        return WK_EIO;
    }
    return 0;
}
