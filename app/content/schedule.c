/* schedule.c — the sessions of activities on a range of days: weekly rules
 * (within their from/until dates, minus cancelled days) and one-off dates,
 * with the places left from the bundle's count of places taken. */
#include "content_internal.h"

#include <stdlib.h>

static const struct day_mark *find_mark(const struct day_mark *marks, size_t n, int activity,
                                        int32_t day)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct day_mark *m = &marks[mid];
        if (m->activity == activity && m->day == day)
            return m;
        if (m->activity < activity || (m->activity == activity && m->day < day))
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static int compare_sessions(const void *a, const void *b)
{
    const struct content_session *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->starts != y->starts)
        return x->starts < y->starts ? -1 : 1;
    return (x->activity > y->activity) - (x->activity < y->activity);
}

static struct content_session make_session(const struct content *c, int activity, int32_t day,
                                           int starts, int ends)
{
    int capacity = c->activities[activity].capacity;
    const struct day_mark *taken = find_mark(c->taken, c->taken_count, activity, day);
    int left = capacity ? WK_MAX(capacity - (taken ? taken->taken : 0), 0) : -1;
    return (struct content_session){ activity, day, (int16_t)starts, (int16_t)ends, left };
}

size_t content_sessions(const struct content *c, int32_t first_day, int32_t last_day,
                        struct content_session *out, size_t max)
{
    size_t days = last_day >= first_day ? (size_t)(last_day - first_day + 1) : 0;
    /* A weekly rule meets its weekday once in every 7 days. */
    size_t cap = c->weekly_count * ((days + 6) / 7) + c->dated_count;
    struct content_session *all = wk_malloc((cap + 1) * sizeof *all);
    if (!all) {
        wk_log(WK_LOG_ERROR, "out of memory listing sessions");
        return 0;
    }
    size_t n = 0;
    for (int32_t day = first_day; day <= last_day; day++) {
        int wd = content_weekday(day);
        for (size_t i = 0; i < c->weekly_count && n < cap; i++) {
            const struct weekly_rule *r = &c->weekly[i];
            if (r->weekday == wd && day >= r->from && day <= r->until &&
                !find_mark(c->cancelled, c->cancelled_count, r->activity, day))
                all[n++] = make_session(c, r->activity, day, r->starts, r->ends);
        }
    }
    for (size_t i = 0; i < c->dated_count && n < cap; i++) {
        const struct dated_session *d = &c->dated[i];
        if (d->day >= first_day && d->day <= last_day)
            all[n++] = make_session(c, d->activity, d->day, d->starts, d->ends);
    }
    qsort(all, n, sizeof *all, compare_sessions);
    for (size_t i = 0; i < n && i < max && out; i++)
        out[i] = all[i];
    free(all);
    return n;
}
