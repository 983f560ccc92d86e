/* staff.c — the screens of staff mode (app/kiosk/staff.c opens and closes
 * it): the PIN pad, the status page with its buttons, the touch test (a dot
 * where each touch lands) and the screen test (colour bars and a grey
 * ramp). They show what the kiosk gathered in sc->staff: versions, the
 * hub, the queue's counts and the rejected rows' metadata, never a
 * resident's answers. */
#include "screens.h"
#include "../ui/theme.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define STAFF_TITLE_DP 56
#define STAFF_KEY_DP 56
#define STAFF_BUTTONS_W_DP 250
#define STAFF_LINE_DP 27
#define STAFF_LABEL_W_DP 236
#define STAFF_ROW_DP 44


/* The title bar: "Staff mode" and, at the end, the button that leaves. */
static void title_bar(struct screen_ctx *sc, struct ui_rect *r, const char *leave, struct nav *nav)
{
    struct ui *ui = sc->ui;
    struct ui_rect bar = ui_cut_top(r, ui_dp(ui, STAFF_TITLE_DP));
    if (ui_button(ui, ui_cut_end(&bar, ui_dp(ui, 150)),
                  &(struct ui_button_desc){ .label = leave, .kind = UI_BUTTON_SECONDARY })) {
        nav->kind = NAV_STAFF;
        nav->arg = STAFF_LEAVE;
    }
    /* TRANSLATORS: staff mode: the title of its screens (staff of the centre, not residents). */
    ui_label(ui, bar, tr(sc->i18n, "Staff mode"),
             (struct text_style){ .size = ui_dp(ui, THEME_TEXT_TITLE), .bold = true, .max_lines = 1 },
             UI_VALIGN_CENTER);
    ui_cut_top(r, ui_dp(ui, 8));
}

/* What the PIN pad says above the keys: the lock, a wrong PIN, or asks. */
static void pin_message(struct screen_ctx *sc, char *out, size_t size)
{
    const struct staff_view *v = sc->staff;
    if (!v->has_pin) {
        /* TRANSLATORS: staff mode: the content bundle sets no staff PIN (welkomctl staff-pin). */
        snprintf(out, size, "%s", tr(sc->i18n, "Staff mode is off: this content has no staff PIN."));
    } else if (v->locked_until_ms) {
        int minutes = (int)((v->locked_until_ms - sc->now_ms + 59999) / 60000);
        snprintf(out, size,
                 /* TRANSLATORS: staff mode: the PIN pad is locked after wrong PINs; %d minutes. */
                 trn(sc->i18n, "Too many wrong PINs. Try again in %d minute.",
                     "Too many wrong PINs. Try again in %d minutes.", (unsigned long)minutes), minutes);
    } else if (v->wrong) {
        snprintf(out, size,
                 /* TRANSLATORS: staff mode: a wrong PIN; %d tries are left before the lock. */
                 trn(sc->i18n, "Wrong PIN. %d try left.", "Wrong PIN. %d tries left.",
                     (unsigned long)v->tries_left), v->tries_left);
    } else {
        /* TRANSLATORS: staff mode: above the PIN pad. */
        snprintf(out, size, "%s", tr(sc->i18n, "Enter the staff PIN."));
    }
}

void screen_staff_pin(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    struct staff_view *v = sc->staff;
    struct ui_rect screen = ui_screen_rect(ui);
    ui_fill(ui, screen, THEME_BACKGROUND, 0);
    struct ui_rect r = ui_inset(screen, ui_dp(ui, THEME_MARGIN));
    /* TRANSLATORS: staff mode: leave the PIN pad without opening staff mode. */
    title_bar(sc, &r, tr(sc->i18n, "Cancel"), nav);

    char message[256];
    pin_message(sc, message, sizeof message);
    bool usable = v->has_pin && !v->locked_until_ms;
    ui_text(ui, ui_cut_top(&r, ui_dp(ui, 52)), message,
            (struct text_style){ .size = ui_dp(ui, THEME_TEXT_BODY), .align = TEXT_ALIGN_CENTER,
                                 .color = v->wrong || v->locked_until_ms ? THEME_ACCENT : 0, .max_lines = 2 },
            UI_VALIGN_CENTER);
    if (!usable)
        return;

    switch (screen_digit_pad(sc, r, v->pin, sizeof v->pin)) {
    case DIGIT_PAD_OK:
        nav->kind = NAV_STAFF;
        nav->arg = STAFF_CHECK_PIN;
        break;
    case DIGIT_PAD_TYPED:
        v->wrong = false;
        nav->kind = NAV_REFRESH;
        break;
    case DIGIT_PAD_ERASED:
        nav->kind = NAV_REFRESH;
        break;
    case DIGIT_PAD_NONE:
        break;
    }
}

/* "2026-01-05 09:12" of a wall clock time, or "never". */
static void format_when(struct screen_ctx *sc, int64_t wall_ms, char *out, size_t size)
{
    if (wall_ms <= 0) {
        /* TRANSLATORS: staff mode: a last delivery or content check that has not happened. */
        snprintf(out, size, "%s", tr(sc->i18n, "never"));
        return;
    }
    time_t t = (time_t)(wall_ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, size, "%Y-%m-%d %H:%M", &tm);
}

/* "3 minutes", "2 hours", "4 days": how long ago, roughly. */
static void format_age(struct screen_ctx *sc, int64_t ms, char *out, size_t size)
{
    int64_t minutes = WK_MAX(ms, 0) / 60000;
    if (minutes < 120)
        /* TRANSLATORS: staff mode: how long the oldest submission has waited. */
        snprintf(out, size, trn(sc->i18n, "%d minute", "%d minutes", (unsigned long)minutes), (int)minutes);
    else if (minutes < 48 * 60)
        snprintf(out, size, trn(sc->i18n, "%d hour", "%d hours", (unsigned long)(minutes / 60)),
                 (int)(minutes / 60));
    else
        snprintf(out, size, trn(sc->i18n, "%d day", "%d days", (unsigned long)(minutes / 1440)),
                 (int)(minutes / 1440));
}

/* One "name: value" line of the status page; a long value (a Ukrainian
 * queue, a network error) takes a second line rather than an ellipsis. */
static void status_line(struct screen_ctx *sc, struct ui_rect *r, const char *name, const char *value,
                        uint32_t color)
{
    struct ui *ui = sc->ui;
    int label_w = WK_MIN(ui_dp(ui, STAFF_LABEL_W_DP), r->w / 2), gap = ui_dp(ui, 8);
    struct text_style vs = { .size = ui_dp(ui, THEME_TEXT_SMALL), .color = color, .max_lines = 2 };
    int h = WK_MAX(ui_dp(ui, STAFF_LINE_DP),
                   ui_text_height(ui, r->w - label_w - gap, value, vs) + ui_dp(ui, 6));
    struct ui_rect line = ui_cut_top(r, h);
    struct ui_rect label = ui_cut_start(&line, label_w);
    ui_cut_start(&line, gap);
    ui_label(ui, label, name, (struct text_style){ .size = ui_dp(ui, THEME_TEXT_SMALL), .bold = true,
                                                   .color = THEME_INK_MUTED, .max_lines = 1 },
             UI_VALIGN_CENTER);
    ui_text(ui, line, value, vs, UI_VALIGN_CENTER);
}

static void status_lines(struct screen_ctx *sc, struct ui_rect *r)
{
    const struct staff_view *v = sc->staff;
    char value[512], when[64];
    /* TRANSLATORS: staff mode: the kiosk's software version. */
    status_line(sc, r, tr(sc->i18n, "Firmware"), v->firmware ? v->firmware : "?", 0);
    if (v->firmware_error[0])
        /* TRANSLATORS: staff mode: a firmware update that failed or was refused; the reason (technical, English) follows. */
        status_line(sc, r, tr(sc->i18n, "Last update"), v->firmware_error, THEME_ACCENT);
    /* TRANSLATORS: staff mode: "(demo)" after the version of the demo content. */
    snprintf(value, sizeof value, "%lld%s%s", (long long)v->content_version, v->demo ? " " : "",
             v->demo ? tr(sc->i18n, "(demo)") : "");
    /* TRANSLATORS: staff mode: the version of the content bundle shown. */
    status_line(sc, r, tr(sc->i18n, "Content version"), value, 0);
    /* TRANSLATORS: staff mode: the hub's address; "none configured" when the config has no [hub] url. */
    status_line(sc, r, tr(sc->i18n, "Hub"), v->hub_url ? v->hub_url : tr(sc->i18n, "none configured"), 0);
    uint32_t color = 0;
    if (!v->hub_url || !v->network_known || !v->hub_running) {
        /* TRANSLATORS: staff mode, network: the kiosk is not talking to a hub at all
           (no hub, or its token or key is missing: see the journal). */
        snprintf(value, sizeof value, "%s", tr(sc->i18n, "not talking to a hub"));
        color = v->hub_url ? THEME_ACCENT : 0;
    } else if (v->hub_trouble) {
        /* TRANSLATORS: staff mode, network: the last request failed; %s is why (technical, English). */
        snprintf(value, sizeof value, tr(sc->i18n, "trouble: %s"), v->hub_error);
        color = THEME_ACCENT;
    } else {
        /* TRANSLATORS: staff mode, network: the hub answers. */
        snprintf(value, sizeof value, "%s", tr(sc->i18n, "the hub answers"));
        color = THEME_OPEN;
    }
    /* TRANSLATORS: staff mode: the state of the network link to the hub. */
    status_line(sc, r, tr(sc->i18n, "Network"), value, color);
    format_when(sc, v->last_delivered_ms, when, sizeof when);
    /* TRANSLATORS: staff mode: when the hub last took a submission from this kiosk. */
    status_line(sc, r, tr(sc->i18n, "Last delivery"), when, 0);
    format_when(sc, v->last_poll_ms, when, sizeof when);
    /* TRANSLATORS: staff mode: when the kiosk last asked the hub for new content and got an answer. */
    status_line(sc, r, tr(sc->i18n, "Last content check"), when, 0);
    if (!v->queue_ok) {
        /* TRANSLATORS: staff mode: the queue of submissions on this kiosk cannot be read. */
        snprintf(value, sizeof value, "%s", tr(sc->i18n, "cannot be read"));
    } else {
        /* TRANSLATORS: staff mode: submissions waiting to be sent; %d is how many. */
        int n = snprintf(value, sizeof value, trn(sc->i18n, "%d waiting", "%d waiting",
                                                  (unsigned long)v->queued), v->queued);
        if (v->queued && v->oldest_queued_ms > 0 && n > 0 && (size_t)n < sizeof value) {
            format_age(sc, sc->wall_ms - v->oldest_queued_ms, when, sizeof when);
            /* TRANSLATORS: staff mode: after "3 waiting"; %s is how long the oldest has waited. */
            snprintf(value + n, sizeof value - (size_t)n, tr(sc->i18n, ", the oldest for %s"), when);
        }
    }
    /* TRANSLATORS: staff mode: the queue of submissions on this kiosk. */
    status_line(sc, r, tr(sc->i18n, "Queue"), value, v->queue_ok ? 0 : THEME_ACCENT);
    snprintf(value, sizeof value, "%d", v->rejected);
    /* TRANSLATORS: staff mode: submissions the hub refused for good (listed below with its reasons). */
    status_line(sc, r, tr(sc->i18n, "Rejected"), value, v->rejected ? THEME_ACCENT : 0);
}

/* The rejected rows: kind, reference, when, and the hub's reason. */
static void rejected_rows(struct screen_ctx *sc, struct ui_rect r)
{
    struct ui *ui = sc->ui;
    const struct staff_view *v = sc->staff;
    if (v->row_count == 0 || r.h <= 0)
        return;
    int row_h = ui_dp(ui, STAFF_ROW_DP);
    int top = ui_scroll_begin(ui, "staff-rejected", r, v->row_count * row_h);
    for (int i = 0; i < v->row_count; i++) {
        const struct staff_row *row = &v->rows[i];
        struct ui_rect line = { r.x, top + i * row_h, r.w, row_h };
        if (!ui_is_visible(ui, line))
            continue;
        char head[128], when[64];
        format_when(sc, row->created_ms, when, sizeof when);
        snprintf(head, sizeof head, "%s · %s · %s", row->kind, row->ref, when);
        ui_fill(ui, ui_inset(line, ui_dp(ui, 2)), THEME_CARD, ui_dp(ui, 6));
        struct ui_rect in = ui_inset(line, ui_dp(ui, 6));
        ui_label(ui, ui_cut_top(&in, in.h / 2), head,
                 (struct text_style){ .size = ui_dp(ui, 14), .bold = true, .max_lines = 1 }, UI_VALIGN_CENTER);
        /* The hub's reason is English and technical: shown left to right as it is. */
        ui_label(ui, in, row->reason,
                 (struct text_style){ .size = ui_dp(ui, 14), .color = THEME_INK_MUTED, .lang = "en",
                                      .max_lines = 1 }, UI_VALIGN_CENTER);
    }
    ui_scroll_end(ui);
}

void screen_staff(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    const struct staff_view *v = sc->staff;
    struct ui_rect screen = ui_screen_rect(ui);
    ui_fill(ui, screen, THEME_BACKGROUND, 0);
    struct ui_rect r = ui_inset(screen, ui_dp(ui, THEME_MARGIN));
    /* TRANSLATORS: staff mode: leave staff mode, back to the attract screen. */
    title_bar(sc, &r, tr(sc->i18n, "Leave"), nav);

    static const enum staff_action actions[] = { STAFF_SEND_NOW, STAFF_RETRY_REJECTED, STAFF_TOUCH_TEST,
                                                 STAFF_SCREEN_TEST, STAFF_RESTART };
    const char *labels[] = {
        /* TRANSLATORS: staff mode button: send the queued submissions to the hub now. */
        tr(sc->i18n, "Send now"),
        /* TRANSLATORS: staff mode button: queue the submissions the hub rejected once more. */
        tr(sc->i18n, "Retry rejected"),
        /* TRANSLATORS: staff mode button: a screen that draws a dot where it is touched. */
        tr(sc->i18n, "Touch test"),
        /* TRANSLATORS: staff mode button: colour bars, to check the display. */
        tr(sc->i18n, "Screen test"),
        /* TRANSLATORS: staff mode button: restart the kiosk's software. */
        tr(sc->i18n, "Restart"),
    };
    int gap = ui_dp(ui, 8);
    bool landscape = r.w > r.h;
    struct ui_rect buttons = landscape ? ui_cut_end(&r, ui_dp(ui, STAFF_BUTTONS_W_DP))
                                       : ui_cut_bottom(&r, 3 * ui_dp(ui, STAFF_KEY_DP) + 2 * gap);
    if (landscape)
        ui_cut_end(&r, ui_dp(ui, THEME_GAP));
    for (int i = 0; i < 5; i++) {
        struct ui_rect cell = landscape ? ui_grid_cell(buttons, 1, 5, gap, 0, i)
                                        : ui_grid_cell(buttons, 2, 3, gap, i % 2, i / 2);
        if (landscape)
            cell.h = WK_MIN(cell.h, ui_dp(ui, STAFF_KEY_DP + 8));
        if (ui_button(ui, cell, &(struct ui_button_desc){ .label = labels[i], .text_size_dp = 19,
                                                          .kind = i ? UI_BUTTON_SECONDARY : UI_BUTTON_PRIMARY })) {
            nav->kind = NAV_STAFF;
            nav->arg = actions[i];
        }
    }
    status_lines(sc, &r);
    if (v->notice[0])
        ui_label(ui, ui_cut_top(&r, ui_dp(ui, STAFF_LINE_DP)), v->notice,
                 (struct text_style){ .size = ui_dp(ui, THEME_TEXT_SMALL), .bold = true,
                                      .color = THEME_PRIMARY, .max_lines = 1 }, UI_VALIGN_CENTER);
    ui_cut_top(&r, ui_dp(ui, 4));
    rejected_rows(sc, r);
}

void screen_staff_touch(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    const struct staff_view *v = sc->staff;
    struct ui_rect screen = ui_screen_rect(ui);
    ui_fill(ui, screen, THEME_SURFACE, 0);
    /* Touches are in drawable pixels; draw them where they landed, in
     * every direction (ui_to_screen mirrors logical rectangles in RTL). */
    int dot = ui_dp(ui, 18);
    for (int i = 0; i < v->touch_count; i++) {
        struct ui_rect at = { v->touches[i].x - dot / 2, v->touches[i].y - dot / 2, dot, dot };
        if (ui_rtl(ui))
            at.x = screen.w - at.x - at.w;
        ui_fill(ui, at, i == v->touch_count - 1 ? THEME_ACCENT : THEME_PRIMARY, dot / 2);
    }
    struct ui_rect r = ui_inset(screen, ui_dp(ui, THEME_MARGIN));
    struct ui_rect bar = ui_cut_top(&r, ui_dp(ui, STAFF_TITLE_DP));
    if (ui_button(ui, ui_cut_end(&bar, ui_dp(ui, 150)),
                  &(struct ui_button_desc){ .label = tr(sc->i18n, "Back"), .kind = UI_BUTTON_SECONDARY }))
        nav->kind = NAV_BACK;
    if (v->touch_count) {
        char where[64];
        snprintf(where, sizeof where, "%d, %d", v->touches[v->touch_count - 1].x,
                 v->touches[v->touch_count - 1].y);
        ui_label(ui, bar, where, (struct text_style){ .size = ui_dp(ui, THEME_TEXT_LABEL), .lang = "en",
                                                      .max_lines = 1 }, UI_VALIGN_CENTER);
    } else {
        /* TRANSLATORS: staff mode, touch test: a dot shows wherever the screen is touched. */
        ui_label(ui, bar, tr(sc->i18n, "Touch anywhere: a dot shows where."),
                 (struct text_style){ .size = ui_dp(ui, THEME_TEXT_BODY), .max_lines = 1 }, UI_VALIGN_CENTER);
    }
}

void screen_staff_bars(struct screen_ctx *sc, struct nav *nav)
{
    struct ui *ui = sc->ui;
    struct ui_rect screen = ui_screen_rect(ui);
    /* SMPTE-like bars over a grey ramp of 16 steps, black to white. */
    static const uint32_t bars[] = { 0xffffffffu, 0xffff00ffu, 0x00ffffffu, 0x00ff00ffu,
                                     0xff00ffffu, 0xff0000ffu, 0x0000ffffu, 0x000000ffu };
    struct ui_rect top = ui_cut_top(&screen, screen.h * 2 / 3);
    for (int i = 0; i < 8; i++)
        ui_fill(ui, ui_grid_cell(top, 8, 1, 0, i, 0), bars[i], 0);
    for (int i = 0; i < 16; i++) {
        uint32_t g = (uint32_t)(i * 255 / 15);
        ui_fill(ui, ui_grid_cell(screen, 16, 1, 0, i, 0), g << 24 | g << 16 | g << 8 | 0xffu, 0);
    }
    /* TRANSLATORS: staff mode, screen test: touching the colour bars goes back. */
    if (ui_touch_area(ui, ui_screen_rect(ui), tr(sc->i18n, "Back")))
        nav->kind = NAV_BACK;
}
