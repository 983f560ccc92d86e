/* kiosk_internal.h — the kiosk's session state, shared by kiosk.c (the
 * screens, the idle timer, the wipe) and forms.c (starting, sending and
 * abandoning a form). Nobody else sees it. */
#ifndef KIOSK_INTERNAL_H
#define KIOSK_INTERNAL_H

#include "kiosk.h"
#include "../outbox/outbox.h"

/* Activity sessions whose places this kiosk has counted since the bundle
 * came: far more than a week of What's on shows. */
#define KIOSK_TALLY_SLOTS 256

#define KIOSK_MAX_DEPTH 8
/* A screen asks for at most this many passes per event (a tap that changes
 * the screen is one pass for the tap and one to draw the new screen). */
#define KIOSK_MAX_PASSES 4

struct kiosk {
    struct kiosk_config config;
    struct text_ctx *text;
    struct i18n *i18n;
    struct ui *ui;
    const struct ui_frame *frame;
    uint64_t presented_fingerprint;
    bool presented_once;
    bool quit;

    struct content *content;      /* owned; NULL: no bundle could be opened */
    struct content *next_content; /* waits for the end of the session */

    /* the session */
    struct page { enum screen_id screen; int arg; int32_t day; } stack[KIOSK_MAX_DEPTH];
    int depth;                    /* stack[depth - 1] is showing */
    int64_t shown_since_ms;
    int64_t last_touch_ms;
    int64_t warning_since_ms;     /* 0: no warning */
    bool language_from_attract;

    /* forms (forms.c) */
    struct outbox *outbox;        /* borrowed; NULL: submissions cannot be saved */
    bool has_hub_key;             /* false: not set up to send (nothing is sealed) */
    unsigned char hub_key[KIOSK_HUB_KEY_BYTES];
    void (*on_queued)(void *user);
    void *on_queued_user;
    struct form_state form;       /* the answers in progress; wiped with the session */
    struct signup_tally { int activity; int32_t day; int places; } tally[KIOSK_TALLY_SLOTS];
    int tally_count;

    /* staff mode (staff.c) */
    struct staff_view staff;      /* what its screens show; wiped when it ends */
    int64_t staff_press_ms;       /* a finger held in the corner since; 0: none */
    int staff_tries_left;         /* wrong PINs before the lock */
    int64_t staff_locked_until_ms;/* monotonic; 0: not locked */
    int64_t staff_lock_ms;        /* the next lock's length: doubles each time */
    int64_t staff_refresh_ms;     /* when the status is gathered again */

    /* volunteers checking in (volunteers.c) */
    struct volunteer_view volunteer;  /* typed code and name wiped after use;
                                         the lock outlasts the session */
    int volunteer_wrong_in_row;
    int64_t volunteer_lock_ms;        /* the next lock's length; 0: the first */
    bool volunteer_check_drawn;       /* "Checking your code" is on screen */

    /* night mode (night.c) */
    int64_t night_woken_until_ms; /* a touch at night shows the attract screen until */

    /* read-aloud (speak.c) */
    struct speech *speech;        /* borrowed; NULL: no speaker */
    bool holding;                 /* a finger is still on the screen */
    int64_t hold_since_ms;        /* since */
    int hold_x, hold_y;
    int64_t no_voice_until_ms;    /* "No voice for this language" shows until */
};

/* A finger still this long on a text reads it aloud; moving further than
 * the slop is a drag, not a hold. */
#define KIOSK_HOLD_MS 600
#define KIOSK_HOLD_SLOP_DP 10
#define KIOSK_NO_VOICE_NOTE_MS 4000

static inline enum screen_id kiosk_current(const struct kiosk *k)
{
    return k->stack[k->depth - 1].screen;
}

/* staff.c */
/* Whether screen belongs to staff mode (its own short idle, no warning). */
bool kiosk_staff_screen(enum screen_id screen);
/* A pointer event before the screens see it: the long press that opens
 * staff mode, the touch test's points. */
void kiosk_staff_pointer(struct kiosk *k, const struct wk_event *event, int64_t now_ms);
/* Opens the PIN screen once the press has lasted; refreshes the status
 * while staff mode shows. True when staff mode has been idle long enough
 * to end (the caller ends the session). */
bool kiosk_staff_tick(struct kiosk *k, int64_t now_ms);
int64_t kiosk_staff_deadline(const struct kiosk *k, int64_t now_ms);
/* NAV_STAFF: what a staff screen's button asked for. */
void kiosk_staff_action(struct kiosk *k, const struct nav *nav, int64_t now_ms);
/* Forgets everything staff mode showed or was typed (end of session). */
void kiosk_staff_wipe(struct kiosk *k);

/* volunteers.c */
/* A digit, backspace, dash or Enter typed (a USB badge scanner) on the
 * pad or the event list; true when it was taken. */
bool kiosk_volunteer_key(struct kiosk *k, int key, int64_t now_ms, int64_t wall_ms);
/* NAV_VOLUNTEER_CHECK: draw "Checking your code", then check. */
void kiosk_volunteer_begin_check(struct kiosk *k);
/* After a frame was presented: the check may run now. */
void kiosk_volunteer_presented(struct kiosk *k);
/* Runs a pending check once its frame is on screen; ends an expired lock. */
void kiosk_volunteer_tick(struct kiosk *k, int64_t now_ms, int64_t wall_ms);
int64_t kiosk_volunteer_deadline(const struct kiosk *k, int64_t now_ms);
/* Forgets the typed code and the name (not the lock). */
void kiosk_volunteer_wipe(struct kiosk *k);

/* night.c */
/* Whether the night screen shows instead of the attract screen. */
bool kiosk_night(const struct kiosk *k, int64_t now_ms, int64_t wall_ms);
/* A touch at night wakes the screen; true when it was taken for that. */
bool kiosk_night_touch(struct kiosk *k, const struct wk_event *event, int64_t now_ms, int64_t wall_ms);
/* When the screen next turns on or off, or the wake after a touch ends. */
int64_t kiosk_night_deadline(const struct kiosk *k, int64_t now_ms, int64_t wall_ms);

/* speak.c */
enum screen_voice kiosk_voice(const struct kiosk *k);
/* NAV_SPEAK: reads the frame just built (its title and main labels). */
void kiosk_speak_screen(struct kiosk *k, int64_t now_ms);
void kiosk_speech_pointer(struct kiosk *k, const struct wk_event *event, int64_t now_ms);
void kiosk_speech_tick(struct kiosk *k, int64_t now_ms);
int64_t kiosk_speech_deadline(const struct kiosk *k, int64_t now_ms);
/* Silence, and forget a hold and the no-voice note. */
void kiosk_speech_stop(struct kiosk *k);

/* forms.c */
void kiosk_open_screen(struct kiosk *k, enum screen_id to, int arg, int32_t day, int64_t now_ms);
void kiosk_start_form(struct kiosk *k, const struct nav *nav, int64_t now_ms);
void kiosk_send_form(struct kiosk *k, int64_t now_ms);
/* A hub key is pinned and the forms are the centre's (kiosk.c). */
bool kiosk_can_send(const struct kiosk *k);
void kiosk_abandon_form(struct kiosk *k, int64_t now_ms);
/* Zeroes every answer (sodium_memzero); the form is gone. */
void kiosk_wipe_form(struct kiosk *k);
/* Places taken here for an activity on a day (screen_ctx.taken_here). */
int kiosk_taken_here(const void *kiosk, int activity, int32_t day);
void kiosk_forget_tally(struct kiosk *k);

#endif
