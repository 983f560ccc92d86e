/* screens.h — the kiosk's screens. Each is a function of what it shows
 * (the session, the clock, the language) that runs one UI pass and says
 * where the person wants to go next; none holds state or does I/O. */
#ifndef SCREENS_H
#define SCREENS_H

#include "../ui/ui.h"
#include "../i18n/i18n.h"

enum screen_id {
    SCREEN_ATTRACT = 0,     /* nobody is using the kiosk */
    SCREEN_LANGUAGE,        /* pick a language by its own name */
    SCREEN_HOME,            /* the tiles */
    SCREEN_SOON,            /* a part this kiosk does not have yet */
};

/* What a screen asks the session to do after its pass. */
enum nav_kind {
    NAV_STAY = 0,
    NAV_OPEN,               /* push screen `to` */
    NAV_BACK,               /* pop to the previous screen */
    NAV_LANGUAGE_CHOSEN,    /* switch to `lang` and go home */
    NAV_END_SESSION,        /* wipe and return to the attract screen */
    NAV_KEEP_ALIVE,         /* dismiss the idle warning */
};

struct nav {
    enum nav_kind kind;
    enum screen_id to;
    const char *lang;       /* NAV_LANGUAGE_CHOSEN */
    int topic;              /* NAV_OPEN of SCREEN_SOON: which home tile */
};

/* Everything a screen may read. */
struct screen_ctx {
    struct ui *ui;
    struct i18n *i18n;
    int64_t now_ms;         /* monotonic */
    int64_t wall_ms;        /* wall clock, ms since the epoch */
    bool clock_known;       /* false when the wall clock cannot be trusted */
    int64_t shown_since_ms; /* when this screen (or the attract cycle) began */
    int topic;              /* SCREEN_SOON: the home tile that led here */
    bool came_from_attract; /* SCREEN_LANGUAGE: back goes to the attract screen */
    int idle_seconds_left;  /* > 0: the idle warning is up with this countdown */
};

/* How long each language shows on the attract screen. */
#define ATTRACT_CYCLE_MS 3000

void screen_attract(struct screen_ctx *sc, struct nav *nav);
void screen_language(struct screen_ctx *sc, struct nav *nav);
void screen_home(struct screen_ctx *sc, struct nav *nav);
void screen_soon(struct screen_ctx *sc, struct nav *nav);
/* The "are you still there?" dialog over whatever screen is showing. */
void screen_idle_warning(struct screen_ctx *sc, struct nav *nav);

/* The home tiles, shared by the home screen and the screens they open. */
struct home_topic { const char *title, *subtitle, *pictogram; };
const struct home_topic *home_topics(size_t *count);

/* The index of the language the attract screen shows at now_ms. */
size_t attract_language_index(const struct screen_ctx *sc, size_t language_count);

/* "14:05" and "Monday 5 January" in the current language. */
void format_clock(const struct screen_ctx *sc, char *out, size_t size);
void format_date(const struct screen_ctx *sc, char *out, size_t size);

#endif
