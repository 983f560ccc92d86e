/* content.h — what the kiosk shows: a signed content bundle (docs/bundle.md)
 * opened read-only, checked, and held in memory as plain structs the screens
 * read without doing I/O. Texts are resolved for one language at a time
 * (chosen → English → Dutch → the bundle's default) and say which language
 * they came from, so a screen can mark a text shown in another language. */
#ifndef CONTENT_H
#define CONTENT_H

#include "../core/ids.h"
#include "../i18n/digits.h"
#include "volunteer_code.h"

/* The bundle schema versions this firmware reads: 1, and 2 (forms and the
 * hub's sealing key). */
#define CONTENT_SCHEMA_VERSION 2

/* Limits a bundle must stay within; anything bigger is refused, not
 * truncated. They are far above a real centre's content (a few hundred
 * items) and low enough that a hostile bundle cannot exhaust a Pi. */
#define CONTENT_MAX_BUNDLE_BYTES (64 * 1024 * 1024)
#define CONTENT_MAX_SIG_BYTES 1024
#define CONTENT_MAX_LANGUAGES 32
#define CONTENT_MAX_CATEGORIES 64
#define CONTENT_MAX_SERVICES 10000
#define CONTENT_MAX_ACTIVITIES 10000
#define CONTENT_MAX_SCHEDULE_ROWS 100000   /* hours, exceptions, sessions */
#define CONTENT_MAX_TEXT_BYTES (16 * 1024) /* one text field */
#define CONTENT_MAX_FIELD_BYTES 256        /* ids, pictograms, contact fields */
#define CONTENT_MAX_KEYS 8
#define CONTENT_MAX_FORMS 32
#define CONTENT_MAX_FIELDS 24              /* per form */
#define CONTENT_MAX_OPTIONS 24             /* per field */
/* How often a kiosk may ask the hub for new content: often enough that a
 * change reaches the hallway within the hour, rarely enough that a
 * hundred kiosks are no load. */
#define CONTENT_MIN_POLL_S 10
#define CONTENT_MAX_POLL_S 3600
/* How long a kiosk waits for a touch before "still there?" (the
 * bundle's idle_timeout_s): long enough to read a page, short enough
 * that the next resident does not find the last one's answers. */
#define CONTENT_MIN_IDLE_S 10
#define CONTENT_MAX_IDLE_S 600
#define CONTENT_MAX_META_ROWS 64           /* meta and settings, each */
#define CONTENT_MAX_LANGUAGE_CODE 3        /* ISO 639: "nl", "ti", "fil" */
#define CONTENT_MAX_ENDONYM_BYTES 64       /* "Українська" is 20 */
#define CONTENT_MAX_TIMEZONE_BYTES 64      /* "America/Argentina/ComodRivadavia" is 32 */
#define CONTENT_MAX_CAPACITY 100000        /* places in one session */
/* Volunteering (docs/volunteers.md): far above a centre's dozens of
 * organisations and events; an event's check-in margin of at most 4 hours
 * and length of at most 31 days (the Gentse Feesten take ten). */
#define CONTENT_MAX_ORGANISATIONS 500
#define CONTENT_MAX_EVENTS 1000
#define CONTENT_MAX_EVENT_MARGIN_MIN 240
#define CONTENT_MAX_EVENT_DAYS 31
#define CONTENT_MAX_KEEP_DAYS WK_MAX_KEEP_DAYS /* how long the hub keeps a form's answers */
/* The largest content_version: 2^53. Versions travel as JSON numbers
 * (the hub's manifest, heartbeats), exact up to here; a signed bundle
 * above it, or with a version that is not a whole number, is refused, so
 * no bundle can push a kiosk to a version nothing can ever follow. */
#define CONTENT_MAX_VERSION (1LL << 53)
/* The last second a created_at may name: 9999-12-31T23:59:59Z. */
#define CONTENT_MAX_CREATED_AT 253402300799LL

#define CONTENT_KEY_BYTES 32               /* an Ed25519 public key */
#define CONTENT_SECRET_KEY_BYTES 64
#define CONTENT_SIG_BYTES 64
#define CONTENT_HASH_BYTES 32              /* BLAKE2b-256 */

/* The publisher keys a kiosk trusts. */
struct content_keys {
    unsigned char key[CONTENT_MAX_KEYS][CONTENT_KEY_BYTES];
    size_t count;
};

/* Adds a key given as base64 (the one line of a NAME.pub file). */
int content_keys_add(struct content_keys *keys, const char *base64, char err[WK_ERR_MAX]);
/* Reads a key file: '#' comment lines, then one base64 line. */
int content_key_file_read(const char *path, unsigned char *key, size_t key_size,
                          char err[WK_ERR_MAX]);

/* Checks that sig_path is a valid signature of bundle_path by one of keys,
 * without opening the bundle as a database. */
/* s as a content_version: decimal digits only, from 1 to
 * CONTENT_MAX_VERSION; WK_EINVAL otherwise. The one check of a version,
 * for the kiosk, its store and welkomctl's build. */
int content_version_parse(const char *s, int64_t *out);

int content_verify(const char *bundle_path, const char *sig_path, const struct content_keys *keys,
                   char err[WK_ERR_MAX]);

/* The key a signature file says it was made with (not checked). */
int content_signature_key(const char *sig_path, unsigned char key[CONTENT_KEY_BYTES],
                          char err[WK_ERR_MAX]);

/* The signature file's text for a bundle's bytes (welkomctl bundle sign). */
int content_sign(const unsigned char *bundle, size_t size,
                 const unsigned char secret_key[CONTENT_SECRET_KEY_BYTES],
                 char *sig_text, size_t sig_size, char err[WK_ERR_MAX]);

/* The languages whose digits a centre may choose (digits_XX settings):
 * Arabic, Dari and Pashto, whose readers may know only their own digits. */
#define CONTENT_DIGIT_LANGUAGES { "ar", "fa", "ps" }
#define CONTENT_DIGIT_LANGUAGE_COUNT 3
struct content_range { int16_t opens, closes; };   /* minutes after midnight */

#define CONTENT_MAX_RANGES_PER_DAY 4

struct content_day_hours {
    struct content_range range[CONTENT_MAX_RANGES_PER_DAY];
    int count;                  /* 0: closed */
};

/* The staff PIN (staff_pin.c): digits only, hashed with crypto_pwhash_str
 * (Argon2id, libsodium's interactive cost) into the bundle's settings. A
 * hash from a bundle is bounded before it is used: at most this much
 * memory and this many passes per check. */
#define CONTENT_STAFF_PIN_MIN 6
#define CONTENT_STAFF_PIN_MAX 12
#define CONTENT_STAFF_HASH_BYTES 128      /* crypto_pwhash_STRBYTES */
#define CONTENT_STAFF_HASH_MAX_KIB (256 * 1024)
#define CONTENT_STAFF_HASH_MAX_PASSES 16

/* Whether pin is a PIN staff may set: 6 to 12 digits. */
int content_staff_pin_valid(const char *pin, char err[WK_ERR_MAX]);
/* The hash of a valid PIN into out (welkomctl staff-pin). */
int content_staff_pin_hash(const char *pin, char out[CONTENT_STAFF_HASH_BYTES], char err[WK_ERR_MAX]);
/* Whether hash is one this firmware checks against: Argon2id, version 19,
 * one lane, its cost within the bounds above. */
int content_staff_hash_valid(const char *hash, char err[WK_ERR_MAX]);
/* Whether pin is the one hash was made of (false for an empty hash). */
bool content_staff_pin_matches(const char *hash, const char *pin);

struct content_meta {
    int schema_version;
    int64_t content_version;
    int64_t created_at;         /* unix seconds */
    char centre[CONTENT_MAX_FIELD_BYTES];
    char timezone[CONTENT_MAX_TIMEZONE_BYTES];
    char default_language[CONTENT_MAX_LANGUAGE_CODE + 1];
    bool demo;
    int idle_timeout_s;         /* 0: the kiosk's own */
    int bundle_poll_s;          /* how often kiosks ask the hub for new content;
                                   0: the kiosk's own (SYNC_DEFAULT_POLL_S) */
    /* The digits times, dates and counts are shown in, for the languages
     * of CONTENT_DIGIT_LANGUAGES in that order ([settings] digits_ar, ...);
     * zero: Western. */
    enum i18n_digits digits[CONTENT_DIGIT_LANGUAGE_COUNT];
    /* [settings] months_ar = levantine: Arabic dates name the months as
     * in Syria, Lebanon, Jordan, Palestine and Iraq (كانون الثاني), not
     * as in Egypt and the Gulf (يناير), which is the default. */
    bool levantine_months;
    /* The staff PIN's Argon2id hash (welkomctl staff-pin); "": staff mode
     * cannot be opened at this kiosk. */
    char staff_pin_hash[CONTENT_STAFF_HASH_BYTES];
    /* When the kiosks' screens are on ([screen_hours]); outside them the
     * attract screen is a dark night screen until a touch. false: always on. */
    bool has_screen_hours;
    struct content_day_hours screen_week[7];           /* 0 = Monday */
    /* No hub key: a bundle cannot choose where residents' answers go. The
     * kiosk seals to the key pinned in its own config ([hub] public_key). */
};

struct content_language {
    char code[CONTENT_MAX_LANGUAGE_CODE + 1];
    char endonym[CONTENT_MAX_ENDONYM_BYTES];
    bool rtl;
    bool enabled;
    int recordings;             /* recorded texts in this language */
};

/* A text in the current language, or in the first fallback that has it. */
struct content_text {
    const char *value;          /* NULL: no language has it */
    const char *lang;           /* the language it is in */
    bool fallback;              /* lang is not the chosen language */
};

struct content_category {
    const char *id, *pictogram;
    struct content_text title;
};



struct content_exception {
    int32_t day;                /* days since 1970-01-01, local calendar */
    struct content_day_hours hours;
};

struct content_service {
    const char *id, *pictogram;
    int category;               /* index into the categories */
    const char *address, *phone, *email, *website;   /* NULL when empty */
    bool has_hours;
    struct content_day_hours week[7];                 /* 0 = Monday */
    const struct content_exception *exceptions;
    size_t exception_count;
    struct content_text title, summary, body, directions, takeaway;
};

struct content_activity {
    const char *id, *pictogram;
    int category;
    int capacity;               /* 0: no limit */
    bool signup;
    struct content_text title, summary, body, place;
};

struct content;

/* --- forms (schema 2; forms.c) --- */
/* The kinds of app/core/ids.h, under the names the screens use. */
enum content_form_kind {
    FORM_SIGNUP = WK_KIND_SIGNUP, FORM_BUDDY = WK_KIND_BUDDY, FORM_VOLUNTEER = WK_KIND_VOLUNTEER,
    FORM_MESSAGE = WK_KIND_MESSAGE, FORM_KIND_COUNT = WK_KIND_COUNT
};

enum content_field_type {
    FIELD_TEXT = 0, FIELD_PHONE, FIELD_NUMBER, FIELD_CHOICE, FIELD_MULTI, FIELD_LANGUAGES,
    FIELD_AVAILABILITY, FIELD_YESNO, FIELD_TYPE_COUNT
};

struct content_option {
    const char *value, *pictogram;
    struct content_text label;
};

struct content_field {
    const char *name;
    enum content_field_type type;
    bool required;
    int min, max;               /* text: characters; number: the value */
    int show_if_field;          /* index of an earlier choice field, or -1 */
    const char *show_if_value;
    struct content_option *options;
    size_t option_count;
    struct content_text label, help;
};

struct content_form {
    const char *id;
    enum content_form_kind kind;
    int keep_days;
    struct content_field *fields;
    size_t field_count;
    struct content_text title, intro, recipient, purpose;
};

const struct content_form *content_forms(const struct content *c, size_t *count);
/* The first form of a kind, or NULL if the bundle has none. */
const struct content_form *content_form_of_kind(const struct content *c, enum content_form_kind kind);
/* "signup" → FORM_SIGNUP; -1 if unknown. Also for field types. */
int content_form_kind_parse(const char *s);
int content_field_type_parse(const char *s);
const char *content_form_kind_name(enum content_form_kind kind);
const char *content_field_type_name(enum content_field_type type);

struct content;

/* Reads the bundle at path into memory, verifies path.sig against keys,
 * opens the verified bytes read-only with defensive settings and checks
 * them (docs/bundle.md, "What the kiosk checks"). Texts start in the
 * bundle's default language. */
int content_open(const char *path, const struct content_keys *keys, struct content **out,
                 char err[WK_ERR_MAX]);
void content_close(struct content *c);

const struct content_meta *content_meta(const struct content *c);
/* The digits the centre chose for lang; Western for every other language,
 * and when c is NULL. */
enum i18n_digits content_digits(const struct content *c, const char *lang);
const char *content_path(const struct content *c);

/* Resolves every text for lang (chosen → en → nl → the bundle's default).
 * Pointers from the previous language stay valid until the next call. */
int content_use_language(struct content *c, const char *lang, char err[WK_ERR_MAX]);
const char *content_language_in_use(const struct content *c);

const struct content_language *content_languages(const struct content *c, size_t *count);

/* --- recordings (recordings.c): a WAV file per text and language, read
 * aloud instead of synthesis. Text is the text as shown. --- */
#define CONTENT_MAX_RECORDINGS 4000
bool content_has_recordings(const struct content *c, const char *lang);
/* The WAV file recorded for text in lang, copied (free() it), or
 * WK_ENOTFOUND. */
int content_recording(const struct content *c, const char *lang, const char *text, void **data,
                      size_t *size);
const struct content_category *content_categories(const struct content *c, size_t *count);
const struct content_service *content_services(const struct content *c, size_t *count);
const struct content_activity *content_activities(const struct content *c, size_t *count);

/* --- opening hours (hours.c) --- */
enum content_hours_state {
    HOURS_UNKNOWN = 0,          /* no fixed hours, or the clock is not trusted */
    HOURS_OPEN,                 /* open now, until `minutes` */
    HOURS_OPENS_LATER,          /* closed now, opens today at `minutes` */
    HOURS_CLOSED_TODAY,         /* no more opening today */
};
struct content_hours_status {
    enum content_hours_state state;
    int minutes;
};
/* The state of a service at local day `day` (days since the epoch) and
 * minute `minute` of that day. */
struct content_hours_status content_hours_at(const struct content_service *s, int32_t day,
                                             int minute);
/* The hours on a given day: the exception for that day, else the week. */
const struct content_day_hours *content_hours_on(const struct content_service *s, int32_t day);
/* The first day after after_day on which the service opens, looking at
 * most CONTENT_NEXT_OPENING_DAYS ahead; -1 if none. */
#define CONTENT_NEXT_OPENING_DAYS 14
int32_t content_hours_next_day(const struct content_service *s, int32_t after_day);

/* --- activity sessions (schedule.c) --- */
struct content_session {
    int activity;               /* index into the activities */
    int32_t day;
    int16_t starts, ends;       /* minutes after midnight */
    int places_left;            /* -1: no limit */
};
/* Every session on days [first_day, last_day], by day and start time.
 * Returns how many there are; at most max are written to out (out may be
 * NULL to count). */
size_t content_sessions(const struct content *c, int32_t first_day, int32_t last_day,
                        struct content_session *out, size_t max);

/* --- the screen's hours (screen_hours.c) --- */
/* Whether the screen is on at minute of local day (always, without
 * [screen_hours]). */
bool content_screen_on(const struct content_meta *m, int32_t day, int minute);
/* Minutes from minute of day until the screen next turns on or off; -1
 * when it never does (no hours, or the same all week). */
int content_screen_next_change(const struct content_meta *m, int32_t day, int minute);

/* --- volunteering (volunteers.c; docs/volunteers.md) --- */
/* Local times of an event as minutes since 1970-01-01 00:00 on the
 * centre's calendar (day * 1440 + minute): compared with the local clock,
 * not UTC, so 14:00 is 14:00 on the day the clocks change too. */
typedef int64_t content_local_min;

struct content_organisation {
    const char *id;
    struct content_text title;
};

struct content_event {
    const char *id, *pictogram;
    const char *place_plain;                 /* [event] place; NULL when empty */
    int organisation;                        /* index into the organisations */
    bool general;                            /* the centre's general shift: week, not starts/ends */
    content_local_min starts, ends;          /* not general */
    int margin_min;                          /* check-in opens and closes this much around */
    struct content_day_hours week[7];        /* general; 0 = Monday */
    struct content_text title, place;
};

/* A bundle without volunteering has none of these (count 0, cost 0). */
const struct content_organisation *content_organisations(const struct content *c, size_t *count);
const struct content_event *content_events(const struct content *c, size_t *count);
size_t content_volunteer_count(const struct content *c);
struct volunteer_cost content_volunteer_cost(const struct content *c);
/* The roster entry of number id, or NULL. */
const struct volunteer_sealed *content_volunteer(const struct content *c, uint32_t id);
/* Whether check-in at e is open at local minute now: starts - margin <=
 * now <= ends + margin, or for the general shift within a range of the
 * day's hours widened by the margin. *window_end: the last minute of the
 * window now is in (when open). */
bool content_event_open(const struct content_event *e, content_local_min now,
                        content_local_min *window_end);
/* The indexes of the events open at now, in the bundle's order, at most
 * max; returns how many are open. */
size_t content_events_open(const struct content *c, content_local_min now, int *out, size_t max);
/* The local minute of a wall clock time (content_local_time's day and
 * minute as one number). */
content_local_min content_local_minute(int64_t wall_ms);

/* --- local calendar (hours.c) --- */
/* Days since 1970-01-01 for a local date, and back; weekday 0 = Monday. */
int32_t content_day_from_ymd(int year, int month, int mday);
void content_day_to_ymd(int32_t day, int *year, int *month, int *mday);
int content_weekday(int32_t day);
/* "2026-01-05" → day; -1 on a malformed or impossible date. */
int32_t content_day_parse(const char *ymd);
/* The local day and minute of a wall clock time (the process time zone). */
void content_local_time(int64_t wall_ms, int32_t *day, int *minute);

#endif
