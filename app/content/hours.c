/* hours.c — the local calendar (days since 1970-01-01, weekdays from
 * Monday) and what a service's opening hours mean at a given moment:
 * open now until when, opening later today at when, or closed for the
 * day. Exceptions (holidays) replace the weekly rule for their day. */
#include "content_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Howard Hinnant's days_from_civil: exact for every Gregorian date. */
int32_t content_day_from_ymd(int year, int month, int mday)
{
    year -= month <= 2;
    int era = (year >= 0 ? year : year - 399) / 400;
    int yoe = year - era * 400;
    int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + mday - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void content_day_to_ymd(int32_t day, int *year, int *month, int *mday)
{
    int z = day + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *mday = doy - (153 * mp + 2) / 5 + 1;
    *month = mp < 10 ? mp + 3 : mp - 9;
    *year = yoe + era * 400 + (*month <= 2);
}

int content_weekday(int32_t day)
{
    return (int)(((day % 7) + 7 + 3) % 7);    /* 1970-01-01 was a Thursday */
}

int32_t content_day_parse(const char *ymd)
{
    /* Digits where digits belong: sscanf alone takes "2026-+1-05" and
     * "2026- 1-05" for 2026-01-05. */
    for (int i = 0; ymd && i < 10; i++)
        if (i == 4 || i == 7 ? ymd[i] != '-' : !(ymd[i] >= '0' && ymd[i] <= '9'))
            return -1;
    int y, m, d, n = 0;
    if (!ymd || sscanf(ymd, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || ymd[n] != '\0' || n != 10)
        return -1;
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    int32_t day = content_day_from_ymd(y, m, d);
    int y2, m2, d2;
    content_day_to_ymd(day, &y2, &m2, &d2);
    return y2 == y && m2 == m && d2 == d ? day : -1;   /* 2026-02-30 is not a date */
}

void content_local_time(int64_t wall_ms, int32_t *day, int *minute)
{
    time_t t = (time_t)(wall_ms / 1000);
    struct tm tm = { 0 };
    localtime_r(&t, &tm);
    *day = content_day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    *minute = tm.tm_hour * 60 + tm.tm_min;
}

const struct content_day_hours *content_hours_on(const struct content_service *s, int32_t day)
{
    for (size_t i = 0; i < s->exception_count; i++)
        if (s->exceptions[i].day == day)
            return &s->exceptions[i].hours;
    return &s->week[content_weekday(day)];
}

struct content_hours_status content_hours_at(const struct content_service *s, int32_t day,
                                             int minute)
{
    if (!s->has_hours)
        return (struct content_hours_status){ HOURS_UNKNOWN, 0 };
    const struct content_day_hours *h = content_hours_on(s, day);
    for (int i = 0; i < h->count; i++) {
        if (minute < h->range[i].opens)
            return (struct content_hours_status){ HOURS_OPENS_LATER, h->range[i].opens };
        if (minute < h->range[i].closes) {
            /* 09:00-12:00, 12:00-17:00 is open until 17:00. */
            int closes = h->range[i].closes;
            for (int j = i + 1; j < h->count && h->range[j].opens == closes; j++)
                closes = h->range[j].closes;
            return (struct content_hours_status){ HOURS_OPEN, closes };
        }
    }
    return (struct content_hours_status){ HOURS_CLOSED_TODAY, 0 };
}

int32_t content_hours_next_day(const struct content_service *s, int32_t after_day)
{
    for (int32_t d = after_day + 1; s->has_hours && d <= after_day + CONTENT_NEXT_OPENING_DAYS; d++)
        if (content_hours_on(s, d)->count > 0)
            return d;
    return -1;
}
