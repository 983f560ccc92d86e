/* screens.h — the kiosk's screens. Each is a function of what it shows
 * (the session, the clock, the language) that runs one UI pass and says
 * where the person wants to go next; none holds state or does I/O. */
#ifndef SCREENS_H
#define SCREENS_H

#include "../ui/ui.h"
#include "../i18n/i18n.h"
#include "../content/content.h"
#include "form_state.h"

enum screen_id {
    SCREEN_ATTRACT = 0,     /* nobody is using the kiosk */
    SCREEN_LANGUAGE,        /* pick a language by its own name */
    SCREEN_HOME,            /* the tiles */
    SCREEN_SOON,            /* a part this kiosk does not have yet */
    SCREEN_CATEGORIES,      /* services: the categories as tiles */
    SCREEN_SERVICE_LIST,    /* the services of category `arg` */
    SCREEN_SERVICE,         /* service `arg` in full, with its QR code */
    SCREEN_WHATS_ON,        /* activities: today (arg 0), tomorrow (1), this week (2) */
    SCREEN_ACTIVITY,        /* activity `arg` on `day` */
    SCREEN_FORM,            /* the form in the session's form state, one question a page */
    SCREEN_CONSENT,         /* what is sent, to whom, why, for how long; Send */
    SCREEN_RECEIPT,         /* sent: the reference code and what happens next */
    SCREEN_NOT_SAVED,       /* the queue could not take it: please ask staff */
    SCREEN_STAFF_PIN,       /* staff mode: the PIN pad (after a long press in the corner) */
    SCREEN_STAFF,           /* staff mode: how the kiosk is doing, and its buttons */
    SCREEN_STAFF_TOUCH,     /* staff mode: a dot where each touch lands */
    SCREEN_STAFF_BARS,      /* staff mode: colour bars and a grey ramp */
    SCREEN_VOLUNTEER,       /* volunteering: offer to help, or check in or out */
    SCREEN_VOLUNTEER_EVENTS,/* the events and shifts open for check-in now */
    SCREEN_VOLUNTEER_PAD,   /* a volunteer's code for event `arg` (content_events) */
    SCREEN_VOLUNTEER_DONE,  /* welcome or goodbye, then back to the start */
};

/* What a screen asks the session to do after its pass. */
enum nav_kind {
    NAV_STAY = 0,
    NAV_OPEN,               /* push screen `to` with `arg` and `day` */
    NAV_REPLACE,            /* show `to` with `arg` instead of the current screen */
    NAV_BACK,               /* pop to the previous screen */
    NAV_HOME,               /* back to the home tiles, keeping the session (a form
                               in progress is left and its answers wiped) */
    NAV_LANGUAGE_CHOSEN,    /* switch to `lang` and go home */
    NAV_END_SESSION,        /* wipe and return to the attract screen */
    NAV_KEEP_ALIVE,         /* dismiss the idle warning */
    NAV_START_FORM,         /* a fresh form of kind `arg` (sign-ups: activity `activity`, `day`) */
    NAV_SUBMIT,             /* seal and queue the form; receipt or not saved */
    NAV_ABANDON_FORM,       /* wipe the answers and leave the form */
    NAV_REFRESH,            /* the screen changed its own state: draw it again */
    NAV_TEXT_LARGER,        /* A+: the next text step (the largest goes back to the first) */
    NAV_CONTRAST,           /* the high contrast theme on or off */
    NAV_STAFF,              /* a staff mode button: `arg` is an enum staff_action */
    NAV_SPEAK,              /* the speaker: read this screen aloud */
    NAV_VOLUNTEER_CHECK,    /* OK on a volunteer's code: check it */
};

enum staff_action {
    STAFF_CHECK_PIN = 0,    /* OK on the PIN pad */
    STAFF_SEND_NOW,
    STAFF_RETRY_REJECTED,
    STAFF_TOUCH_TEST,
    STAFF_SCREEN_TEST,
    STAFF_RESTART,
    STAFF_LEAVE,
};

struct nav {
    enum nav_kind kind;
    enum screen_id to;
    const char *lang;       /* NAV_LANGUAGE_CHOSEN */
    int arg;                /* what the opened screen shows (see enum screen_id) */
    int32_t day;
    int activity;           /* NAV_START_FORM of a sign-up */
};

/* What staff mode shows: how this kiosk is doing, never a resident's data
 * (rejected rows by their metadata and the hub's reason only). The kiosk
 * gathers it (app/kiosk/staff.c); the PIN pad writes pin. */
#define STAFF_MAX_ROWS 20
#define STAFF_TOUCH_POINTS 64
#define STAFF_PIN_BYTES 16
#define STAFF_NOTICE_BYTES 256
struct staff_row {
    char kind[32], ref[16];
    int64_t created_ms;         /* wall clock */
    char reason[200];
};
struct staff_view {
    char pin[STAFF_PIN_BYTES];  /* typed so far; wiped at every check */
    bool has_pin;               /* the bundle sets a staff PIN */
    bool wrong;                 /* the last PIN was not it */
    int tries_left;
    int64_t locked_until_ms;    /* monotonic; 0: not locked */

    const char *firmware;
    int64_t content_version;
    bool demo;
    const char *hub_url;        /* NULL: no hub configured */
    bool network_known, hub_running, hub_trouble;
    char hub_error[256];
    char firmware_error[256];           /* a refused package or a failed update */
    int64_t last_poll_ms, last_delivered_ms;   /* wall clock; 0: never */
    bool queue_ok;              /* false: the queue could not be read */
    int queued, rejected;
    int64_t oldest_queued_ms;   /* wall clock; 0: none queued */
    struct staff_row rows[STAFF_MAX_ROWS];
    int row_count;
    char notice[STAFF_NOTICE_BYTES];   /* what the last button did */

    struct { int x, y; } touches[STAFF_TOUCH_POINTS];  /* drawable pixels, oldest first */
    int touch_count;
};

/* A volunteer checking in or out (docs/volunteers.md): the kiosk keeps it
 * (app/kiosk/volunteers.c), the pad writes typed. The typed code and the
 * name are wiped when they are used and at the end of the session; the
 * lock after wrong codes is not (it outlasts the screen and the session). */
#define VOLUNTEER_DONE_MS 6000      /* the welcome shows this long, then the start */
#define VOLUNTEER_MAX_OPEN 32       /* events listed at once */
enum volunteer_state {
    VOLUNTEER_TYPING = 0,
    VOLUNTEER_CHECKING,             /* OK: "Checking your code" is drawn, then checked */
    VOLUNTEER_WRONG,                /* the last code was not one */
    VOLUNTEER_NOT_SAVED,            /* right, but it could not be queued */
};
struct volunteer_view {
    char typed[VOLUNTEER_CODE_DIGITS + 1];
    enum volunteer_state state;
    int64_t locked_until_ms;        /* monotonic; 0: not locked */
    bool checked_out;               /* the result: out (true) or in */
    char name[VOLUNTEER_NAME_MAX + 1];
    int64_t at_ms;                  /* wall clock of the check-in or out */
    int stay_minutes;               /* checked out: since the check-in */
};

/* Everything a screen may read. */
/* Read-aloud, as the header's speaker shows it. */
enum screen_voice {
    SCREEN_VOICE_OFF = 0,   /* volume 0 or no speaker: no button */
    SCREEN_VOICE,           /* a voice or recordings in this language */
    SCREEN_NO_VOICE,        /* neither: the speaker is crossed out */
};

struct screen_ctx {
    struct ui *ui;
    struct i18n *i18n;
    int64_t now_ms;         /* monotonic */
    int64_t wall_ms;        /* wall clock, ms since the epoch */
    bool clock_known;       /* false when the wall clock cannot be trusted */
    int64_t shown_since_ms; /* when this screen (or the attract cycle) began */
    const struct content *content;  /* NULL: the kiosk has no content */
    int arg;                /* what this screen shows (see enum screen_id) */
    int32_t day;
    int32_t today;          /* the local day and minute, when clock_known */
    int minute;
    struct form_state *form;        /* the answers of the form in progress */
    bool can_send;          /* a hub key is pinned; false: forms say at once that
                               this kiosk is not set up to send, and Send sends nothing */
    /* Places this kiosk has taken for an activity on a day, not yet in the
     * bundle's count; NULL: none. */
    int (*taken_here)(const void *kiosk, int activity, int32_t day);
    const void *kiosk;
    bool came_from_attract; /* SCREEN_LANGUAGE: back goes to the attract screen */
    bool home_below;        /* the home tiles are under this screen: the header
                               has a Home button */
    int idle_seconds_left;  /* > 0: the idle warning is up with this countdown */
    int idle_seconds_total; /* the whole countdown, for its bar */
    struct staff_view *staff;   /* the staff screens' */
    struct volunteer_view *volunteer;   /* the volunteer screens' */
    enum screen_voice voice;    /* the header's speaker */
    bool no_voice_note;         /* the crossed-out speaker was just tapped */
};

/* Draws "No voice for this language" over the screen, near the bottom,
 * after the crossed-out speaker was tapped (common.c). */
void screen_no_voice_note(struct screen_ctx *sc);
/* The speaker's label for this voice state; NULL: no speaker. */
const char *screen_speak_label(const struct screen_ctx *sc);

/* How long each language shows on the attract screen. */
#define ATTRACT_CYCLE_MS 3000

void screen_attract(struct screen_ctx *sc, struct nav *nav);
void screen_language(struct screen_ctx *sc, struct nav *nav);
void screen_home(struct screen_ctx *sc, struct nav *nav);
void screen_soon(struct screen_ctx *sc, struct nav *nav);
void screen_categories(struct screen_ctx *sc, struct nav *nav);
void screen_service_list(struct screen_ctx *sc, struct nav *nav);
void screen_service(struct screen_ctx *sc, struct nav *nav);
void screen_whats_on(struct screen_ctx *sc, struct nav *nav);
void screen_activity(struct screen_ctx *sc, struct nav *nav);
void screen_form(struct screen_ctx *sc, struct nav *nav);
void screen_consent(struct screen_ctx *sc, struct nav *nav);
void screen_receipt(struct screen_ctx *sc, struct nav *nav);
void screen_not_saved(struct screen_ctx *sc, struct nav *nav);
/* Outside the bundle's screen hours, instead of the attract screen. */
void screen_night(struct screen_ctx *sc, struct nav *nav);
void screen_staff_pin(struct screen_ctx *sc, struct nav *nav);
void screen_staff(struct screen_ctx *sc, struct nav *nav);
void screen_staff_touch(struct screen_ctx *sc, struct nav *nav);
void screen_staff_bars(struct screen_ctx *sc, struct nav *nav);
void screen_volunteer(struct screen_ctx *sc, struct nav *nav);
void screen_volunteer_events(struct screen_ctx *sc, struct nav *nav);
void screen_volunteer_pad(struct screen_ctx *sc, struct nav *nav);
void screen_volunteer_done(struct screen_ctx *sc, struct nav *nav);
/* The events open for check-in now (indexes into content_events), at most
 * max; none when the clock is not trusted. */
size_t screen_open_events(const struct screen_ctx *sc, int *out, size_t max);
/* "Erase your answers?" over a form, after Done or Home (form->leaving). */
void screen_leave_form(struct screen_ctx *sc, struct nav *nav);
/* The "are you still there?" dialog over whatever screen is showing. */
void screen_idle_warning(struct screen_ctx *sc, struct nav *nav);

/* The home tiles, shared by the home screen and the screens they open. */
struct home_topic {
    const char *title, *subtitle, *pictogram;
    enum screen_id opens;
    int form_kind;          /* opens a form of this kind; -1: a screen */
    const char *page_pictogram, *page_text;   /* SCREEN_SOON: what the page shows
                                                 instead of "coming soon" (Help) */
};
const struct home_topic *home_topics(size_t *count);

/* The header every screen inside a session has: back, home (below the
 * home tiles), title, language, done. Fills nav for the button pressed. */
void screen_header(struct screen_ctx *sc, struct ui_rect *r, const char *title, bool back,
                   struct nav *nav);

/* The form in the session's form state, or NULL. */
const struct content_form *screen_current_form(const struct screen_ctx *sc);

/* The languages a resident can choose: the bundle's enabled ones in its
 * order, or all the firmware has when there is no bundle. */
#define SCREEN_MAX_LANGUAGES 32
size_t screen_languages(const struct screen_ctx *sc, const struct i18n_language **out, size_t max);

/* A bundle text's style: its own language and direction when it is shown
 * in a fallback language. */
struct text_style content_text_style(const struct content_text *t, struct text_style style);
/* "Shown in English" for a fallback text, in the UI language; NULL if the
 * text is in the chosen language. */
const char *fallback_note(struct screen_ctx *sc, const struct content_text *t);
/* The index of the language the attract screen shows at now_ms. */
size_t attract_language_index(const struct screen_ctx *sc, size_t language_count);

/* "14:05" and "Monday 5 January" now, in the language code: its words,
 * its order, and the digits and month names the centre chose for it (the
 * attract screen shows them in the language its greeting is in). */
void format_clock(const struct screen_ctx *sc, const char *code, char *out, size_t size);
void format_date(const struct screen_ctx *sc, const char *code, char *out, size_t size);
/* "Monday 5 January" of a local day. */
void format_day(const struct screen_ctx *sc, int32_t day, char *out, size_t size);
/* Whether a service is open, as a badge for lists and a sentence for its
 * page; all empty when the clock is not trusted or it has no fixed hours. */
struct open_label {
    const char *badge;      /* "Open now", "Opens at 13:30", "Closed today" */
    uint32_t fill;          /* the badge's colour */
    char detail[160];       /* what the badge does not say: "Closes at
                               16:30", "Opens Monday at 09:00." */
};
void service_open_label(struct screen_ctx *sc, const struct content_service *s,
                        struct open_label *out);

/* A line with a pictogram at the start edge; its height, with the gap
 * under it. draw false: measured only. The line is cut from the top of *r. */
/* A pictogram over the words, centred: the words whole, the picture up to
 * half of what is left, giving way to them on a small screen. */
void screen_picture_and_words(struct ui *ui, struct ui_rect r, const char *pictogram, uint32_t color,
                              const char *says);
int screen_fact(struct screen_ctx *sc, struct ui_rect *r, const char *pictogram, const char *text,
                struct text_style st, bool draw);
/* The session of an activity on a day (its first), or NULL. */
#define SCREEN_MAX_SESSIONS_A_DAY 64
const struct content_session *screen_session(const struct screen_ctx *sc, int activity, int32_t day,
                                             struct content_session *out);

/* "09:00" and "09:00–12:00", in the resident's digits. */
void format_minutes(const struct screen_ctx *sc, int minutes, char *out, size_t size);
void format_range(const struct screen_ctx *sc, int from, int to, char *out, size_t size);

/* The digits the resident's language is shown in at this centre
 * (content_digits; Western without content). */
enum i18n_digits screen_digits(const struct screen_ctx *sc);
/* A time, date, count or number of places formatted with Western digits,
 * rewritten in place in the resident's digits. Never for a phone number
 * or a reference code: those stay as the desk needs them. */
void screen_native(const struct screen_ctx *sc, char *s, size_t size);
/* Appends item to the list in out after the resident's language's list
 * separator ("، " in Arabic script, "፣ " in Ethiopic; i18n_list_append):
 * whole, or not at all when it would not fit. */
void screen_list_append(const struct screen_ctx *sc, char *out, size_t size, const char *item);
/* A number pad: a dot per digit typed (never the digits), then 1-9, ⌫,
 * 0 and OK where a phone has them. A key pressed edits typed (at most
 * size - 1 digits) and says what it did. The staff PIN and volunteers'
 * codes. */
enum digit_pad_press { DIGIT_PAD_NONE = 0, DIGIT_PAD_TYPED, DIGIT_PAD_ERASED, DIGIT_PAD_OK };
enum digit_pad_press screen_digit_pad(struct screen_ctx *sc, struct ui_rect r, char *typed, size_t size);

/* A weekday's name; 0 = Monday. */
const char *weekday_name(struct screen_ctx *sc, int weekday);

#endif
