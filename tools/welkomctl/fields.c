/* fields.c — the small languages inside content source values: item ids,
 * yes/no, whole numbers, dates, "HH:MM-HH:MM, HH:MM-HH:MM" opening ranges
 * and UTF-8 text lengths. Each parser explains what is wrong in words a
 * staff member can act on. */
#include "fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool ctl_valid_id(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > CTL_MAX_ID)
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return false;
    return true;
}

int ctl_parse_bool(const char *v, bool *out)
{
    if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1"))
        return *out = true, 0;
    if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0"))
        return *out = false, 0;
    return WK_EINVAL;
}

int ctl_parse_int(const char *v, long lo, long hi, long *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (end == v || *end != '\0' || n < lo || n > hi)
        return WK_EINVAL;
    *out = n;
    return 0;
}

/* "09:30" → 570; "24:00" is allowed as an end. */
static int parse_clock(const char *s, int *minutes)
{
    int h, m, n = 0;
    /* Exactly HH:MM: sscanf alone would take "12:000" or "+9:00". */
    for (int i = 0; i < 5; i++)
        if (i == 2 ? s[i] != ':' : !(s[i] >= '0' && s[i] <= '9'))
            return WK_EINVAL;
    if (sscanf(s, "%2d:%2d%n", &h, &m, &n) != 2 || n != 5 || s[n] != '\0' || h < 0 || h > 24 ||
        m < 0 || m > 59 || (h == 24 && m != 0))
        return WK_EINVAL;
    *minutes = h * 60 + m;
    return 0;
}

int ctl_parse_ranges(const char *v, struct content_day_hours *out, char msg[CTL_MSG_MAX])
{
    *out = (struct content_day_hours){ 0 };
    if (!strcmp(v, "closed"))
        return 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", v);
    char *save = NULL;
    for (char *part = strtok_r(buf, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
        part += strspn(part, " ");
        char *end = part + strcspn(part, " ");
        /* "09:00-12:00 13:00-16:00" (a comma forgotten) is an error, not
         * a day that silently ends at 12:00. */
        bool rest = end[strspn(end, " ")] != '\0';
        *end = '\0';
        char *dash = strchr(part, '-');
        int opens, closes;
        if (rest || !dash || (*dash = '\0', parse_clock(part, &opens)) ||
            parse_clock(dash + 1, &closes)) {
            snprintf(msg, CTL_MSG_MAX, "\"%s\" is not \"closed\" or times like 09:00-12:00, 13:00-16:30", v);
            return WK_EINVAL;
        }
        if (closes <= opens) {
            snprintf(msg, CTL_MSG_MAX, "%s-%s ends before it starts", part, dash + 1);
            return WK_EINVAL;
        }
        if (out->count > 0 && opens < out->range[out->count - 1].closes) {
            snprintf(msg, CTL_MSG_MAX, "%s-%s overlaps or comes before the range before it", part, dash + 1);
            return WK_EINVAL;
        }
        if (out->count == CONTENT_MAX_RANGES_PER_DAY) {
            snprintf(msg, CTL_MSG_MAX, "more than %d time ranges in one day", CONTENT_MAX_RANGES_PER_DAY);
            return WK_EINVAL;
        }
        out->range[out->count++] = (struct content_range){ (int16_t)opens, (int16_t)closes };
    }
    if (out->count == 0) {
        snprintf(msg, CTL_MSG_MAX, "no times given (write \"closed\" for a closed day)");
        return WK_EINVAL;
    }
    return 0;
}

int ctl_parse_weekday(const char *key)
{
    static const char *const days[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
    for (int i = 0; i < 7; i++)
        if (!strcmp(key, days[i]))
            return i;
    return -1;
}

