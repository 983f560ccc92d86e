/* kiosk.c — the session state machine. A session starts when someone
 * leaves the attract screen and ends with Done, "Start again" or the idle
 * countdown; ending it always returns to the attract screen in the default
 * language with nothing of the last person left in the screens' state. */
#include "kiosk_internal.h"
#include "config.h"
#include "../ui/ui.h"
#include "../i18n/i18n.h"
#include "../text/text.h"
#include "../content/content.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>


static void set_language(struct kiosk *k, const char *code)
{
    char err[WK_ERR_MAX];
    if (i18n_set_language(k->i18n, code, err) != 0) {
        wk_log(WK_LOG_WARN, "%s; using %s", err, k->config.default_language);
        i18n_set_language(k->i18n, k->config.default_language, err);
    }
    if (k->content && content_use_language(k->content, i18n_current(k->i18n)->code, err))
        wk_log(WK_LOG_ERROR, "content texts: %s", err);
}

/* A new bundle replaces the old one only here, between two people. */
static void switch_content(struct kiosk *k)
{
    if (!k->next_content)
        return;
    const struct content_meta *m = content_meta(k->next_content);
    wk_log(WK_LOG_INFO, "content switched to version %lld", (long long)m->content_version);
    content_close(k->content);
    k->content = k->next_content;
    k->next_content = NULL;
    kiosk_forget_tally(k);
}

/* Back to the attract screen in the default language. Everything that
 * belonged to the person (screen history, scroll positions, presses) is
 * dropped here. */
static void end_session(struct kiosk *k, int64_t now_ms)
{
    k->depth = 1;
    k->stack[0] = (struct page){ SCREEN_ATTRACT, 0, 0 };
    k->shown_since_ms = now_ms;
    k->warning_since_ms = 0;
    kiosk_wipe_form(k);
    kiosk_staff_wipe(k);
    kiosk_volunteer_wipe(k);
    k->staff_press_ms = 0;
    kiosk_speech_stop(k);
    ui_reset_interaction(k->ui);
    ui_set_text_step(k->ui, 0);         /* the reading aids are one resident's */
    ui_set_high_contrast(k->ui, false);
    switch_content(k);
    set_language(k, k->config.default_language);
}

/* What residents type lives in this process's memory until the session
 * ends: no core file, and no other process of the same user (ptrace,
 * /proc/PID/mem), may read it. */
static void forbid_core_dumps(void)
{
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        wk_log(WK_LOG_WARN, "cannot switch core dumps off: a crash could write answers to disk");
}

int kiosk_open(const struct kiosk_config *config, struct text_ctx *text, struct i18n *i18n,
               struct kiosk **out, char err[WK_ERR_MAX])
{
    struct kiosk *k = wk_calloc(1, sizeof *k);
    if (!k) {
        content_close(config->content);
        wk_seterr(err, "out of memory");
        return WK_ENOMEM;
    }
    k->config = *config;
    if (!k->config.default_language || !i18n_find_language(k->config.default_language)) {
        if (k->config.default_language)
            wk_log(WK_LOG_WARN, "unknown default language \"%s\"; using nl",
                   k->config.default_language);
        k->config.default_language = "nl";
    }
    k->content = config->content;
    k->outbox = config->outbox;
    k->on_queued = config->on_queued;
    k->on_queued_user = config->on_queued_user;
    k->speech = config->speech;
    if (config->hub_key) {
        memcpy(k->hub_key, config->hub_key, sizeof k->hub_key);
        k->has_hub_key = true;
    }
    k->form.form = -1;
    forbid_core_dumps();
    /* The kiosk's own config wins; then the bundle's setting. */
    if (k->config.idle_timeout_ms <= 0 && k->content && content_meta(k->content)->idle_timeout_s > 0)
        k->config.idle_timeout_ms = content_meta(k->content)->idle_timeout_s * 1000;
    if (k->config.idle_timeout_ms <= 0)
        k->config.idle_timeout_ms = KIOSK_DEFAULT_IDLE_TIMEOUT_MS;
    if (k->config.idle_countdown_ms <= 0)
        k->config.idle_countdown_ms = KIOSK_DEFAULT_IDLE_COUNTDOWN_MS;
    k->text = text;
    k->i18n = i18n;
    int rc = ui_open(text, &k->ui, err);
    if (rc) {
        content_close(k->content);
        free(k);
        return rc;
    }
    end_session(k, 0);
    *out = k;
    return 0;
}

void kiosk_close(struct kiosk *k)
{
    if (!k)
        return;
    kiosk_wipe_form(k);
    ui_close(k->ui);
    content_close(k->next_content);
    content_close(k->content);
    free(k);
}

void kiosk_offer_content(struct kiosk *k, struct content *content)
{
    content_close(k->next_content);
    k->next_content = content;
    if (kiosk_current(k) == SCREEN_ATTRACT)
        end_session(k, k->shown_since_ms);
}

const struct content *kiosk_content(const struct kiosk *k) { return k->content; }

void kiosk_open_screen(struct kiosk *k, enum screen_id to, int arg, int32_t day, int64_t now_ms)
{
    if (kiosk_current(k) == SCREEN_ATTRACT)
        k->last_touch_ms = now_ms;
    if (to == SCREEN_LANGUAGE)
        k->language_from_attract = kiosk_current(k) == SCREEN_ATTRACT;
    if (k->depth < KIOSK_MAX_DEPTH)
        k->depth++;
    k->stack[k->depth - 1] = (struct page){ to, arg, day };
    k->shown_since_ms = now_ms;
}

/* Applies what a screen asked for; returns true if the screen changed. */
static bool apply(struct kiosk *k, const struct nav *nav, int64_t now_ms)
{
    switch (nav->kind) {
    case NAV_STAY:
        return false;
    case NAV_REFRESH:
        return true;                  /* same screen, same scroll and presses */
    case NAV_TEXT_LARGER:
        ui_set_text_step(k->ui, (ui_text_step(k->ui) + 1) % UI_TEXT_STEPS);
        return true;
    case NAV_CONTRAST:
        ui_set_high_contrast(k->ui, !ui_high_contrast(k->ui));
        return true;
    case NAV_SPEAK:
        kiosk_speak_screen(k, now_ms);
        return true;
    case NAV_VOLUNTEER_CHECK:
        kiosk_volunteer_begin_check(k);
        return true;
    case NAV_START_FORM:
        kiosk_start_form(k, nav, now_ms);
        break;
    case NAV_SUBMIT:
        kiosk_send_form(k, now_ms);
        break;
    case NAV_ABANDON_FORM:
        kiosk_abandon_form(k, now_ms);
        break;
    case NAV_OPEN:
        kiosk_open_screen(k, nav->to, nav->arg, nav->day, now_ms);
        break;
    case NAV_REPLACE:
        k->stack[k->depth - 1] = (struct page){ nav->to, nav->arg, nav->day };
        k->shown_since_ms = now_ms;
        break;
    case NAV_BACK:
        if (k->depth > 1)
            k->depth--;
        k->shown_since_ms = now_ms;
        break;
    case NAV_HOME:
        /* Whatever was open above home closes; a form's answers go with it
         * (the header asked first if any were given). */
        kiosk_wipe_form(k);
        while (k->depth > 1 && kiosk_current(k) != SCREEN_HOME)
            k->depth--;
        k->shown_since_ms = now_ms;
        break;
    case NAV_LANGUAGE_CHOSEN:
        kiosk_wipe_form(k);           /* a new language starts from home */
        set_language(k, nav->lang);
        wk_log(WK_LOG_INFO, "session in %s", i18n_current(k->i18n)->code);
        k->depth = 1;
        kiosk_open_screen(k, SCREEN_HOME, 0, 0, now_ms);
        break;
    case NAV_END_SESSION:
        end_session(k, now_ms);
        break;
    case NAV_KEEP_ALIVE:
        k->warning_since_ms = 0;
        k->last_touch_ms = now_ms;
        break;
    case NAV_STAFF:
        if (nav->arg == STAFF_LEAVE)
            end_session(k, now_ms);
        else
            kiosk_staff_action(k, nav, now_ms);
        break;
    }
    ui_reset_interaction(k->ui);
    return true;
}

/* A Pi has no real-time clock: until NTP answers, its time is 1970 or
 * whenever it was last shut down. A clock earlier than the bundle it runs
 * on is certainly wrong, and then the kiosk claims nothing about "open
 * now" or "today". */
/* Whether Send may seal and queue: a hub key is pinned, and the forms
 * are the centre's own. The demo bundle's forms promise the demo's
 * readers and keeping time; a real kiosk fallen back to it (a damaged
 * installed bundle) must not send residents' answers under those words.
 * The TEST hub key's set-up (make run, tests) may: the demo is what it
 * shows. */
bool kiosk_can_send(const struct kiosk *k)
{
    if (!k->has_hub_key || !k->content)
        return false;
    return !content_meta(k->content)->demo || config_is_test_hub_key(k->hub_key);
}

bool kiosk_clock_trusted(const struct content *content, int64_t wall_ms)
{
    if (wall_ms < KIOSK_EARLIEST_PLAUSIBLE_MS)
        return false;
    return !content || wall_ms >= content_meta(content)->created_at * 1000;
}

/* Whether the home tiles are on the stack under the current screen. */
static bool home_below(const struct kiosk *k)
{
    for (int i = 0; i < k->depth - 1; i++)
        if (k->stack[i].screen == SCREEN_HOME)
            return true;
    return false;
}

static void run_pass(struct kiosk *k, const struct wk_event *event, int width, int height,
                     int64_t now_ms, int64_t wall_ms, struct nav *nav)
{
    const struct i18n_language *lang = i18n_current(k->i18n);
    int countdown_ms = k->warning_since_ms
        ? k->config.idle_countdown_ms - (int)(now_ms - k->warning_since_ms) : 0;
    const struct page *page = &k->stack[k->depth - 1];
    struct screen_ctx sc = {
        .ui = k->ui, .i18n = k->i18n, .now_ms = now_ms, .wall_ms = wall_ms,
        .clock_known = kiosk_clock_trusted(k->content, wall_ms),
        .shown_since_ms = k->shown_since_ms, .content = k->content,
        .arg = page->arg, .day = page->day,
        .came_from_attract = k->language_from_attract,
        .home_below = home_below(k),
        .idle_seconds_left = (countdown_ms + 999) / 1000,
        .idle_seconds_total = (k->config.idle_countdown_ms + 999) / 1000,
        .form = &k->form, .taken_here = kiosk_taken_here, .kiosk = k,
        .can_send = kiosk_can_send(k), .staff = &k->staff, .volunteer = &k->volunteer,
        .voice = kiosk_voice(k), .no_voice_note = now_ms < k->no_voice_until_ms,
    };
    if (sc.clock_known)
        content_local_time(wall_ms, &sc.today, &sc.minute);
    *nav = (struct nav){ 0 };
    ui_begin(k->ui, width, height, lang->rtl, lang->code, now_ms, event);
    ui_block_input(k->ui, k->warning_since_ms != 0 || k->form.leaving != FORM_LEAVE_NONE);
    switch (kiosk_current(k)) {
    case SCREEN_ATTRACT:
        if (kiosk_night(k, now_ms, wall_ms))
            screen_night(&sc, nav);
        else
            screen_attract(&sc, nav);
        break;
    case SCREEN_LANGUAGE: screen_language(&sc, nav); break;
    case SCREEN_HOME: screen_home(&sc, nav); break;
    case SCREEN_SOON: screen_soon(&sc, nav); break;
    case SCREEN_CATEGORIES: screen_categories(&sc, nav); break;
    case SCREEN_SERVICE_LIST: screen_service_list(&sc, nav); break;
    case SCREEN_SERVICE: screen_service(&sc, nav); break;
    case SCREEN_WHATS_ON: screen_whats_on(&sc, nav); break;
    case SCREEN_ACTIVITY: screen_activity(&sc, nav); break;
    case SCREEN_FORM: screen_form(&sc, nav); break;
    case SCREEN_CONSENT: screen_consent(&sc, nav); break;
    case SCREEN_RECEIPT: screen_receipt(&sc, nav); break;
    case SCREEN_NOT_SAVED: screen_not_saved(&sc, nav); break;
    case SCREEN_STAFF_PIN: screen_staff_pin(&sc, nav); break;
    case SCREEN_STAFF: screen_staff(&sc, nav); break;
    case SCREEN_STAFF_TOUCH: screen_staff_touch(&sc, nav); break;
    case SCREEN_STAFF_BARS: screen_staff_bars(&sc, nav); break;
    case SCREEN_VOLUNTEER: screen_volunteer(&sc, nav); break;
    case SCREEN_VOLUNTEER_EVENTS: screen_volunteer_events(&sc, nav); break;
    case SCREEN_VOLUNTEER_PAD: screen_volunteer_pad(&sc, nav); break;
    case SCREEN_VOLUNTEER_DONE: screen_volunteer_done(&sc, nav); break;
    }
    if (k->form.leaving != FORM_LEAVE_NONE) {
        ui_block_input(k->ui, k->warning_since_ms != 0);
        screen_leave_form(&sc, nav);
    }
    screen_no_voice_note(&sc);
    if (k->warning_since_ms) {
        ui_block_input(k->ui, false);
        screen_idle_warning(&sc, nav);
    }
    k->frame = ui_end(k->ui);
}

static void check_idle(struct kiosk *k, int64_t now_ms)
{
    if (kiosk_staff_tick(k, now_ms)) {
        end_session(k, now_ms);
        return;
    }
    /* Staff mode has its own short idle time and no warning. */
    if (kiosk_current(k) == SCREEN_ATTRACT || kiosk_staff_screen(kiosk_current(k)))
        return;
    if (!k->warning_since_ms && now_ms - k->last_touch_ms >= k->config.idle_timeout_ms)
        k->warning_since_ms = now_ms;
    if (k->warning_since_ms && now_ms - k->warning_since_ms >= k->config.idle_countdown_ms) {
        wk_log(WK_LOG_INFO, "session ended by the idle timeout");
        end_session(k, now_ms);
    }
}

bool kiosk_update(struct kiosk *k, const struct wk_event *event, int width, int height,
                  int64_t now_ms, int64_t wall_ms)
{
    if (event && (event->type == WK_EV_QUIT ||
                  (event->type == WK_EV_KEY && event->key == WK_KEY_QUIT))) {
        k->quit = true;
        return false;
    }
    if (event && event->type == WK_EV_POINTER_DOWN && !k->warning_since_ms)
        k->last_touch_ms = now_ms;
    if (event && (event->type == WK_EV_POINTER_DOWN || event->type == WK_EV_POINTER_MOVE ||
                  event->type == WK_EV_POINTER_UP))
    {
        kiosk_staff_pointer(k, event, now_ms);
        kiosk_speech_pointer(k, event, now_ms);
    }
    kiosk_speech_tick(k, now_ms);
    /* The touch that wakes the night screen does nothing else. */
    static const struct wk_event woken = { .type = WK_EV_EXPOSE };
    if (event && kiosk_night_touch(k, event, now_ms, wall_ms))
        event = &woken;
    check_idle(k, now_ms);
    kiosk_volunteer_tick(k, now_ms, wall_ms);

    struct nav nav;
    /* What a keyboard or a badge scanner types goes to the volunteer pad. */
    if (event && event->type == WK_EV_KEY && event->key != WK_KEY_BACK && event->key != WK_KEY_QUIT &&
        !k->warning_since_ms && kiosk_volunteer_key(k, event->key, now_ms, wall_ms))
        event = NULL;
    if (event && event->type == WK_EV_KEY && event->key == WK_KEY_BACK) {
        nav = (struct nav){ .kind = kiosk_current(k) == SCREEN_HOME ? NAV_STAY : NAV_BACK };
        if (k->warning_since_ms)
            nav.kind = NAV_KEEP_ALIVE;
        apply(k, &nav, now_ms);
        event = NULL;
    }
    struct page before = k->stack[k->depth - 1];
    int depth_before = k->depth;
    run_pass(k, event, width, height, now_ms, wall_ms, &nav);
    for (int pass = 1; pass < KIOSK_MAX_PASSES && apply(k, &nav, now_ms); pass++)
        run_pass(k, NULL, width, height, now_ms, wall_ms, &nav);
    /* Off the pad, no typed digit stays behind. */
    if (kiosk_current(k) != SCREEN_VOLUNTEER_PAD && k->volunteer.typed[0])
        sodium_memzero(k->volunteer.typed, sizeof k->volunteer.typed);
    if (kiosk_current(k) != SCREEN_VOLUNTEER_PAD && k->volunteer.state == VOLUNTEER_WRONG)
        k->volunteer.state = VOLUNTEER_TYPING;
    /* Another screen: what was being read belongs to the last one. */
    const struct page *now_page = &k->stack[k->depth - 1];
    if (k->depth != depth_before || now_page->screen != before.screen ||
        now_page->arg != before.arg || now_page->day != before.day)
        kiosk_speech_stop(k);

    bool expose = event && event->type == WK_EV_EXPOSE;
    return expose || !k->presented_once || k->frame->fingerprint != k->presented_fingerprint;
}

const struct ui_frame *kiosk_frame(const struct kiosk *k) { return k->frame; }

void kiosk_mark_presented(struct kiosk *k)
{
    k->presented_fingerprint = k->frame->fingerprint;
    k->presented_once = true;
    kiosk_volunteer_presented(k);
}

int64_t kiosk_next_deadline(const struct kiosk *k, int64_t now_ms, int64_t wall_ms)
{
    int64_t next = KIOSK_NO_DEADLINE;
    if (ui_animating(k->ui))
        next = now_ms + KIOSK_ANIMATION_FRAME_MS;
    if (kiosk_night(k, now_ms, wall_ms)) {
        /* Dark until the hours begin, or a touch: no frame meanwhile. */
        next = WK_MIN(next, kiosk_night_deadline(k, now_ms, wall_ms));
    } else if (kiosk_current(k) == SCREEN_ATTRACT) {
        next = WK_MIN(next, kiosk_night_deadline(k, now_ms, wall_ms));
        int64_t elapsed = now_ms - k->shown_since_ms;
        next = WK_MIN(next, now_ms + ATTRACT_CYCLE_MS - elapsed % ATTRACT_CYCLE_MS);
        /* The clock shows minutes: wake when the next one begins. */
        int64_t to_minute = 60000 - (wall_ms % 60000 + 60000) % 60000;
        next = WK_MIN(next, now_ms + to_minute);
    } else if (k->warning_since_ms) {
        int64_t elapsed = now_ms - k->warning_since_ms;
        int64_t left = k->config.idle_countdown_ms - elapsed;
        /* Wake when the displayed second changes, or at the end. */
        int64_t to_second = left % 1000 ? left % 1000 : 1000;
        next = WK_MIN(next, now_ms + WK_MIN(to_second, WK_MAX(left, 0)));
    } else if (!kiosk_staff_screen(kiosk_current(k))) {
        next = WK_MIN(next, k->last_touch_ms + k->config.idle_timeout_ms);
    }
    next = WK_MIN(next, kiosk_speech_deadline(k, now_ms));
    next = WK_MIN(next, kiosk_volunteer_deadline(k, now_ms));
    return WK_MIN(next, kiosk_staff_deadline(k, now_ms));
}

bool kiosk_quit_requested(const struct kiosk *k) { return k->quit; }
enum screen_id kiosk_screen(const struct kiosk *k) { return kiosk_current(k); }
const char *kiosk_language(const struct kiosk *k) { return i18n_current(k->i18n)->code; }
bool kiosk_idle_warning_shown(const struct kiosk *k) { return k->warning_since_ms != 0; }
