/* kiosk.h — the kiosk's session: which screen shows, in which language,
 * since when; the idle timer and its countdown; and the wipe that ends a
 * session. It turns events and the passing of time into frames. */
#ifndef KIOSK_H
#define KIOSK_H

#include "../core/wk.h"
#include "../core/event.h"
#include "../ui/frame.h"
#include "../screens/screens.h"

struct kiosk;
struct text_ctx;
struct i18n;
struct content;
struct outbox;
struct speech;

#define KIOSK_DEFAULT_IDLE_TIMEOUT_MS 60000
#define KIOSK_DEFAULT_IDLE_COUNTDOWN_MS 15000
/* While something glides, the next pass comes one 60 Hz frame later. */
#define KIOSK_ANIMATION_FRAME_MS 16
#define KIOSK_NO_DEADLINE INT64_MAX

/* What staff mode shows of the link to the hub; main.c asks the sync
 * worker (kiosk_config.network). */
struct kiosk_network {
    bool running;               /* a hub is configured and the worker runs */
    bool trouble;               /* the last request failed; error says why */
    char error[WK_ERR_MAX];
    int64_t last_poll_ms;       /* wall clock of the last content check answered; 0: none */
    char firmware_error[WK_ERR_MAX];    /* a refused package or a failed update; "" if none */
};

/* Zero means the default for every field. */
struct kiosk_config {
    const char *default_language;  /* the attract screen's; "nl" */
    int idle_timeout_ms;           /* without a touch, before the warning */
    int idle_countdown_ms;         /* the warning's countdown */
    struct content *content;       /* the bundle to show; the kiosk owns it
                                      from here on (NULL: none) */
    struct outbox *outbox;         /* where submissions are queued; borrowed
                                      (NULL: forms say "not saved") */
    void (*on_queued)(void *user); /* after each submission is queued (the
                                      sync worker is woken); may be NULL */
    void *on_queued_user;
    /* The hub key pinned in the kiosk's config, the only key submissions
     * are sealed to (KIOSK_HUB_KEY_BYTES, copied). NULL: this kiosk is not
     * set up to send; its forms can be looked at, nothing is queued. */
    const unsigned char *hub_key;
    /* Staff mode (staff.c): the hub's address as configured (NULL: none),
     * and how the link to it is (NULL: not known). Send now calls
     * on_queued. */
    const char *hub_url;
    void (*network)(void *user, struct kiosk_network *out);
    void *network_user;
    /* Read-aloud (kiosk_speech_open); borrowed. NULL: no speaker button. */
    struct speech *speech;
};
#define KIOSK_HUB_KEY_BYTES 32

int kiosk_open(const struct kiosk_config *config, struct text_ctx *text, struct i18n *i18n,
               struct kiosk **out, char err[WK_ERR_MAX]);
void kiosk_close(struct kiosk *k);

/* Handles one event (NULL: only time passed) at monotonic time now_ms and
 * wall time wall_ms on a drawable of width x height, and builds the frame.
 * Returns true when the frame differs from the last one presented. */
bool kiosk_update(struct kiosk *k, const struct wk_event *event, int width, int height,
                  int64_t now_ms, int64_t wall_ms);
const struct ui_frame *kiosk_frame(const struct kiosk *k);
void kiosk_mark_presented(struct kiosk *k);

/* When the kiosk must look again with no event: the next language of the
 * attract screen, the next minute of its clock, the idle timeout, the next
 * second of the countdown, the next animation frame. KIOSK_NO_DEADLINE when
 * nothing will change by itself. */
int64_t kiosk_next_deadline(const struct kiosk *k, int64_t now_ms, int64_t wall_ms);
/* Whether the night screen shows now (outside the bundle's screen hours,
 * not woken by a touch): the backlight is dimmed meanwhile. */
bool kiosk_night_now(const struct kiosk *k, int64_t now_ms, int64_t wall_ms);

/* A new bundle, shown from the next session on (the kiosk owns it). */
void kiosk_offer_content(struct kiosk *k, struct content *content);
const struct content *kiosk_content(const struct kiosk *k);

/* Whether the wall clock can be believed: after 2023-11-14 and not before
 * the bundle was made. */
#define KIOSK_EARLIEST_PLAUSIBLE_MS 1700000000000LL
bool kiosk_clock_trusted(const struct content *content, int64_t wall_ms);

bool kiosk_quit_requested(const struct kiosk *k);
enum screen_id kiosk_screen(const struct kiosk *k);
const char *kiosk_language(const struct kiosk *k);
bool kiosk_idle_warning_shown(const struct kiosk *k);
/* Something is being read aloud. */
bool kiosk_speaking(const struct kiosk *k);

#endif
