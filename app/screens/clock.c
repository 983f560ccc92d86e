/* clock.c — times and dates as the screens show them (the clock of the
 * attract screen, days of activities, opening hours), in the
 * kiosk's local time zone and the current language's words and order. */
#include "screens.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const weekdays[] = {
    /* TRANSLATORS: weekday names: in dates ("Monday 5 January"), in opening hours,
       and as %1$s in "Opens %1$s at %2$s." */
    N_("Sunday"), N_("Monday"), N_("Tuesday"), N_("Wednesday"),
    N_("Thursday"), N_("Friday"), N_("Saturday"),
};
static const char *const months[] = {
    /* TRANSLATORS: month name as it stands after a day number in a date ("5 January"). */
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
};

/* Arabic month names as Syria, Lebanon, Jordan, Palestine and Iraq use
 * them (a centre's choice: [settings] months_ar = levantine). Data, not a
 * translation: the catalog keeps the names most Arabic readers share. */
static const char *const levantine_months[] = {
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
    "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
};

/* The code of the resident's language, or NULL. */
static const char *current_code(const struct screen_ctx *sc)
{
    const struct i18n_language *l = i18n_current(sc->i18n);
    return l ? l->code : NULL;
}

/* month 0-11, in the language code and the centre's choice. */
static const char *month_name(const struct screen_ctx *sc, const char *code, int month)
{
    if (sc->content && content_meta(sc->content)->levantine_months && code && !strcmp(code, "ar"))
        return levantine_months[month % 12];
    return tr_in(sc->i18n, code, months[month % 12]);
}

/* Rewrites the Western digits of s in those the centre chose for code. */
static void native_in(const struct screen_ctx *sc, const char *code, char *s, size_t size)
{
    /* Too long in native digits: shown in Western ones (screen_native). */
    (void)i18n_native_digits(s, size, content_digits(sc->content, code));
}

static struct tm local_time(const struct screen_ctx *sc)
{
    time_t t = (time_t)(sc->wall_ms / 1000);
    struct tm tm = { 0 };
    localtime_r(&t, &tm);
    return tm;
}

void format_clock(const struct screen_ctx *sc, const char *code, char *out, size_t size)
{
    struct tm tm = local_time(sc);
    snprintf(out, size, "%02d:%02d", tm.tm_hour, tm.tm_min);
    native_in(sc, code, out, size);
}

void format_date(const struct screen_ctx *sc, const char *code, char *out, size_t size)
{
    struct tm tm = local_time(sc);
    /* The translation may reorder the three arguments (%2$d %3$s ...). */
    /* TRANSLATORS: a date, on the attract screen and for days of activities and holidays.
       %1$s is the weekday name, %2$d the day of the month, %3$s the month name:
       "Monday 5 January". Reorder as your language writes dates; keep the three
       placeholders. */
    snprintf(out, size, tr_in(sc->i18n, code, "%1$s %2$d %3$s"),
             tr_in(sc->i18n, code, weekdays[tm.tm_wday % 7]), tm.tm_mday,
             month_name(sc, code, tm.tm_mon));
    native_in(sc, code, out, size);
}

void format_day(const struct screen_ctx *sc, int32_t day, char *out, size_t size)
{
    int y, m, d;
    content_day_to_ymd(day, &y, &m, &d);
    int wd = (content_weekday(day) + 1) % 7;   /* weekdays[] starts on Sunday */
    snprintf(out, size, tr(sc->i18n, "%1$s %2$d %3$s"), tr(sc->i18n, weekdays[wd]), d,
             month_name(sc, current_code(sc), m - 1));
    screen_native(sc, out, size);
}

const char *weekday_name(struct screen_ctx *sc, int weekday)
{
    return tr(sc->i18n, weekdays[(weekday + 1) % 7]);
}

void format_minutes(const struct screen_ctx *sc, int minutes, char *out, size_t size)
{
    snprintf(out, size, "%02d:%02d", minutes / 60 % 25, minutes % 60);
    screen_native(sc, out, size);
}

/* An en dash between two times; the text engine keeps the run of digits
 * left to right inside Arabic, Dari and Pashto text. */
void format_range(const struct screen_ctx *sc, int from, int to, char *out, size_t size)
{
    snprintf(out, size, "%02d:%02d\u2013%02d:%02d", from / 60 % 25, from % 60, to / 60 % 25, to % 60);
    screen_native(sc, out, size);
}
