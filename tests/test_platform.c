/* test_platform.c — the headless platform: what it draws (checked pixel by
 * pixel in its screenshots), its fake clock, scripted input, frame counting,
 * size checks and the systemd watchdog ping. */
#include "test.h"
#include "pixels.h"
#include "../platform/platform.h"
#include "../platform/common/evqueue.h"

#include <SDL.h>
#include <SDL_image.h>
#include <errno.h>
#include <stddef.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define WHITE 0xffffffffu
#define RED 0xd02020ffu
#define BLUE 0x2040d0ffu
#define GREEN 0x20a040ffu
#define BLACK 0x000000ffu
#define INK 0x1060c0ffu
#define PLACEHOLDER 0xc8c8c8ffu

/* A square black pictogram, and one black only in its left half (an arrow
 * stand-in, to see mirroring). */
static const char SQUARE_SVG[] =
    "<svg xmlns='http://www.w3.org/2000/svg' width='24' height='24' viewBox='0 0 24 24'>"
    "<rect x='0' y='0' width='24' height='24' fill='#000'/></svg>";
static const char HALF_SVG[] =
    "<svg xmlns='http://www.w3.org/2000/svg' width='24' height='24' viewBox='0 0 24 24'>"
    "<rect x='0' y='0' width='12' height='24' fill='#000'/></svg>";

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    fputs(text, f);
    fclose(f);
}

/* An assets dir in the temp dir with pictograms/square.svg and half.svg. */
static const char *make_assets(void)
{
    static char dir[512];
    char path[600];
    snprintf(dir, sizeof dir, "%s/assets", test_tmpdir());
    snprintf(path, sizeof path, "%s/assets", test_tmpdir());
    CHECK(mkdir(path, 0700) == 0);
    snprintf(path, sizeof path, "%s/pictograms", dir);
    CHECK(mkdir(path, 0700) == 0);
    snprintf(path, sizeof path, "%s/pictograms/square.svg", dir);
    write_file(path, SQUARE_SVG);
    snprintf(path, sizeof path, "%s/pictograms/half.svg", dir);
    write_file(path, HALF_SVG);
    return dir;
}

static struct plat *open_headless(const struct plat_desc *extra)
{
    struct plat_desc desc = extra ? *extra : (struct plat_desc){ 0 };
    desc.headless = true;
    struct plat *plat = NULL;
    char err[WK_ERR_MAX] = "";
    int rc = plat_open(&desc, NULL, &plat, err);
    if (rc != 0)
        test_fail(__FILE__, __LINE__, "plat_open: %s", err);
    return plat;
}

/* The screenshot, loaded back as ARGB8888. */
static SDL_Surface *screenshot(struct plat *plat)
{
    char path[600], err[WK_ERR_MAX] = "";
    snprintf(path, sizeof path, "%s/shot.png", test_tmpdir());
    if (plat_screenshot(plat, path, err) != 0)
        test_fail(__FILE__, __LINE__, "plat_screenshot: %s", err);
    return test_load_argb(path);
}


#define CHECK_PIXEL(s, x, y, want)                                                  \
    do { uint32_t got_ = test_pixel((s), (x), (y));                                      \
         if (got_ != (want))                                                        \
             test_fail(__FILE__, __LINE__, "pixel (%d,%d) is %08x, want %08x",      \
                       (x), (y), got_, (unsigned)(want)); } while (0)

TEST(headless_draws_rects_rounded_corners_and_borders)
{
    struct plat *plat = open_headless(&(struct plat_desc){ .width = 800, .height = 480 });
    const struct ui_cmd cmds[] = {
        { .kind = UI_CMD_RECT, .rect = { 10, 10, 100, 50 }, .color = RED },
        { .kind = UI_CMD_RECT, .rect = { 200, 10, 100, 100 }, .color = BLUE, .radius = 30 },
        { .kind = UI_CMD_RECT, .rect = { 400, 10, 100, 100 }, .color = GREEN,
          .border_color = BLACK, .border_width = 6 },
        { .kind = UI_CMD_RECT, .rect = { 600, 10, 100, 100 }, .color = GREEN, .radius = 20,
          .border_color = BLACK, .border_width = 6 },
        /* Half-transparent black over white gives mid grey. */
        { .kind = UI_CMD_RECT, .rect = { 10, 200, 50, 50 }, .color = 0x00000080u },
    };
    struct ui_frame frame = { .width = 800, .height = 480, .background = WHITE,
                              .cmds = cmds, .cmd_count = WK_ARRAY_LEN(cmds) };
    plat_present(plat, &frame);
    SDL_Surface *s = screenshot(plat);
    CHECK_INT_EQ(s->w, 800);
    CHECK_INT_EQ(s->h, 480);

    CHECK_PIXEL(s, 5, 5, WHITE);
    CHECK_PIXEL(s, 10, 10, RED);
    CHECK_PIXEL(s, 109, 59, RED);
    CHECK_PIXEL(s, 110, 30, WHITE);
    /* Rounded: the corner pixel is background, the edge middles are fill. */
    CHECK_PIXEL(s, 201, 11, WHITE);
    CHECK_PIXEL(s, 298, 108, WHITE);
    CHECK_PIXEL(s, 250, 60, BLUE);
    CHECK_PIXEL(s, 201, 60, BLUE);
    CHECK_PIXEL(s, 250, 11, BLUE);
    /* Border inside the rect. */
    CHECK_PIXEL(s, 400, 10, BLACK);
    CHECK_PIXEL(s, 405, 60, BLACK);
    CHECK_PIXEL(s, 406, 60, GREEN);
    CHECK_PIXEL(s, 499, 109, BLACK);
    CHECK_PIXEL(s, 450, 60, GREEN);
    /* Rounded with a border. */
    CHECK_PIXEL(s, 601, 11, WHITE);
    CHECK_PIXEL(s, 602, 60, BLACK);
    CHECK_PIXEL(s, 602, 89, BLACK);   /* where the arc meets the edge: no gap */
    CHECK_PIXEL(s, 650, 13, BLACK);
    CHECK_PIXEL(s, 650, 60, GREEN);
    uint32_t grey = test_pixel(s, 30, 220);
    CHECK((grey >> 24) >= 0x7c && (grey >> 24) <= 0x83);
    CHECK_INT_EQ(grey & 0xff, 0xff);
    SDL_FreeSurface(s);
    plat_close(plat);
}

TEST(headless_draws_pictograms_recoloured_fitted_and_mirrored)
{
    struct plat *plat = open_headless(&(struct plat_desc){ .assets_dir = make_assets() });
    const struct ui_cmd cmds[] = {
        /* 100x50 box: the square fits as 50x50, centred at x 125..175. */
        { .kind = UI_CMD_IMAGE, .rect = { 100, 100, 100, 50 }, .color = INK, .image = "square" },
        { .kind = UI_CMD_IMAGE, .rect = { 300, 100, 80, 80 }, .color = INK, .image = "half" },
        { .kind = UI_CMD_IMAGE, .rect = { 400, 100, 80, 80 }, .color = INK, .image = "half",
          .mirror = true },
        { .kind = UI_CMD_IMAGE, .rect = { 500, 100, 100, 100 }, .color = INK,
          .image = "not-drawn-yet" },
        { .kind = UI_CMD_IMAGE, .rect = { 650, 100, 100, 100 }, .color = INK,
          .image = "../escape" },
    };
    struct ui_frame frame = { .width = 1280, .height = 800, .background = WHITE,
                              .cmds = cmds, .cmd_count = WK_ARRAY_LEN(cmds) };
    plat_present(plat, &frame);
    plat_present(plat, &frame);  /* from the cache this time */
    SDL_Surface *s = screenshot(plat);
    CHECK_PIXEL(s, 150, 125, INK);
    CHECK_PIXEL(s, 127, 102, INK);
    CHECK_PIXEL(s, 110, 125, WHITE);
    CHECK_PIXEL(s, 190, 125, WHITE);
    /* Ink on the left half, mirrored on the right half. */
    CHECK_PIXEL(s, 310, 140, INK);
    CHECK_PIXEL(s, 370, 140, WHITE);
    CHECK_PIXEL(s, 410, 140, WHITE);
    CHECK_PIXEL(s, 470, 140, INK);
    /* Missing and invalid names: a grey placeholder, not a crash. */
    CHECK_PIXEL(s, 550, 150, PLACEHOLDER);
    CHECK_PIXEL(s, 502, 102, WHITE);
    CHECK_PIXEL(s, 700, 150, PLACEHOLDER);
    SDL_FreeSurface(s);
    plat_close(plat);
}

TEST(headless_clip_limits_drawing_until_cleared)
{
    struct plat *plat = open_headless(NULL);
    const struct ui_cmd cmds[] = {
        { .kind = UI_CMD_CLIP, .rect = { 100, 100, 50, 50 } },
        { .kind = UI_CMD_RECT, .rect = { 0, 0, 400, 400 }, .color = RED },
        { .kind = UI_CMD_CLIP, .rect = { 0 } },
        { .kind = UI_CMD_RECT, .rect = { 500, 0, 10, 10 }, .color = BLUE },
    };
    struct ui_frame frame = { .width = 1280, .height = 800, .background = WHITE,
                              .cmds = cmds, .cmd_count = WK_ARRAY_LEN(cmds) };
    plat_present(plat, &frame);
    SDL_Surface *s = screenshot(plat);
    CHECK_PIXEL(s, 120, 120, RED);
    CHECK_PIXEL(s, 99, 120, WHITE);
    CHECK_PIXEL(s, 150, 120, WHITE);
    CHECK_PIXEL(s, 10, 10, WHITE);
    CHECK_PIXEL(s, 505, 5, BLUE);
    SDL_FreeSurface(s);
    plat_close(plat);
}

TEST(headless_fake_clock_advances_only_while_waiting_idle)
{
    struct plat *plat = open_headless(NULL);
    struct wk_event ev;
    CHECK_INT_EQ(plat_now_ms(plat), 0);
    CHECK_INT_EQ(plat_wall_ms(plat), 1767603600000LL);
    CHECK_INT_EQ(plat_wait_event(plat, 250, &ev), 0);
    CHECK_INT_EQ(plat_now_ms(plat), 250);
    CHECK_INT_EQ(plat_wall_ms(plat), 1767603600250LL);
    CHECK_INT_EQ(plat_wait_event(plat, -1, &ev), 0);
    CHECK_INT_EQ(plat_now_ms(plat), 250);
    /* A queued event comes out at once; the clock stands still. */
    plat_inject(plat, &(struct wk_event){ .type = WK_EV_WAKE });
    CHECK_INT_EQ(plat_wait_event(plat, 30 * 60 * 1000, &ev), 1);
    CHECK_INT_EQ(ev.type, WK_EV_WAKE);
    CHECK_INT_EQ(plat_now_ms(plat), 250);
    CHECK_INT_EQ(plat_wait_event(plat, 30 * 60 * 1000, &ev), 0);
    CHECK_INT_EQ(plat_now_ms(plat), 250 + 30 * 60 * 1000);
    plat_close(plat);

    plat = open_headless(&(struct plat_desc){ .wall_clock_ms = 1000 });
    CHECK_INT_EQ(plat_wall_ms(plat), 1000);
    plat_close(plat);
}

TEST(headless_injected_events_come_out_in_order)
{
    struct plat *plat = open_headless(NULL);
    const struct wk_event script[] = {
        { .type = WK_EV_POINTER_DOWN, .x = 10, .y = 20 },
        { .type = WK_EV_POINTER_MOVE, .x = 15, .y = 25 },
        { .type = WK_EV_POINTER_UP, .x = 15, .y = 25 },
        { .type = WK_EV_KEY, .key = WK_KEY_BACK },
        { .type = WK_EV_RESIZE, .width = 1920, .height = 1080 },
    };
    for (size_t i = 0; i < WK_ARRAY_LEN(script); i++)
        plat_inject(plat, &script[i]);
    for (size_t i = 0; i < WK_ARRAY_LEN(script); i++) {
        struct wk_event ev;
        CHECK_INT_EQ(plat_wait_event(plat, 1000, &ev), 1);
        CHECK_INT_EQ(ev.type, script[i].type);
        CHECK_INT_EQ(ev.x, script[i].x);
        CHECK_INT_EQ(ev.y, script[i].y);
        CHECK_INT_EQ(ev.key, script[i].key);
        CHECK_INT_EQ(ev.width, script[i].width);
    }
    struct wk_event ev;
    CHECK_INT_EQ(plat_wait_event(plat, 1000, &ev), 0);
    plat_close(plat);
}

struct injector { struct plat *plat; int count; };

static int inject_from_thread(void *arg)
{
    const struct injector *inj = arg;
    for (int i = 0; i < inj->count; i++)
        plat_inject(inj->plat, &(struct wk_event){ .type = WK_EV_WAKE, .x = i });
    return 0;
}

TEST(headless_inject_is_safe_from_another_thread_and_bounded)
{
    struct plat *plat = open_headless(NULL);
    struct injector inj = { plat, 200 };
    SDL_Thread *thread = SDL_CreateThread(inject_from_thread, "injector", &inj);
    CHECK(thread != NULL);
    int seen = 0;
    while (seen < inj.count) {
        struct wk_event ev;
        if (plat_wait_event(plat, 0, &ev)) {
            CHECK_INT_EQ(ev.x, seen);
            seen++;
        }
    }
    SDL_WaitThread(thread, NULL);

    /* More than the queue holds: the overflow is dropped, nothing breaks. */
    for (int i = 0; i < EVQUEUE_CAPACITY + 10; i++)
        plat_inject(plat, &(struct wk_event){ .type = WK_EV_WAKE, .x = i });
    struct wk_event ev;
    int popped = 0;
    while (plat_wait_event(plat, 10, &ev))
        CHECK_INT_EQ(ev.x, popped++);
    CHECK_INT_EQ(popped, EVQUEUE_CAPACITY);
    plat_close(plat);
}

TEST(headless_counts_presented_frames)
{
    struct plat *plat = open_headless(NULL);
    char err[WK_ERR_MAX] = "";
    char path[600];
    snprintf(path, sizeof path, "%s/none.png", test_tmpdir());
    CHECK_INT_EQ(plat_frames_presented(plat), 0);
    CHECK(plat_screenshot(plat, path, err) != 0);
    CHECK(strstr(err, "no frame") != NULL);
    struct ui_frame frame = { .width = 1280, .height = 800, .background = WHITE };
    for (int i = 0; i < 3; i++)
        plat_present(plat, &frame);
    CHECK_INT_EQ(plat_frames_presented(plat), 3);
    /* Waiting idle draws nothing. */
    struct wk_event ev;
    plat_wait_event(plat, 60000, &ev);
    CHECK_INT_EQ(plat_frames_presented(plat), 3);
    int w = 0, h = 0;
    plat_size(plat, &w, &h);
    CHECK_INT_EQ(w, 1280);
    CHECK_INT_EQ(h, 800);
    plat_close(plat);
}

TEST(headless_rejects_too_small_or_bad_descriptions_with_a_message)
{
    struct plat *plat = NULL;
    char err[WK_ERR_MAX] = "";
    CHECK_INT_EQ(plat_open(&(struct plat_desc){ .headless = true, .width = 640, .height = 480 },
                           NULL, &plat, err), WK_EINVAL);
    CHECK(plat == NULL);
    CHECK(strstr(err, "640x480") != NULL);
    CHECK(strstr(err, "800x480") != NULL);
    err[0] = '\0';
    CHECK_INT_EQ(plat_open(&(struct plat_desc){ .headless = true, .width = 800, .height = 479 },
                           NULL, &plat, err), WK_EINVAL);
    CHECK(err[0] != '\0');
    err[0] = '\0';
    CHECK_INT_EQ(plat_open(&(struct plat_desc){ .headless = true, .rotation = 45 },
                           NULL, &plat, err), WK_EINVAL);
    CHECK(strstr(err, "rotation") != NULL);
    CHECK_OK(plat_open(&(struct plat_desc){ .headless = true, .width = 1080, .height = 1920 },
                       NULL, &plat, err));
    plat_close(plat);
}

/* A datagram socket standing in for systemd's notify socket. */
static int notify_socket(const char *name, bool abstract)
{
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    CHECK(fd >= 0);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", name);
    socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(name) + 1);
    if (abstract) {
        addr.sun_path[0] = '\0';
        len--;
    }
    CHECK(bind(fd, (struct sockaddr *)&addr, len) == 0);
    setenv("NOTIFY_SOCKET", name, 1);
    return fd;
}

static bool received(int fd, const char *want)
{
    char buf[64] = "";
    ssize_t n = recv(fd, buf, sizeof buf - 1, MSG_DONTWAIT);
    /* The first datagram also carries READY=1 on a line before. */
    const char *last = strrchr(buf, '\n');
    return n > 0 && strcmp(last ? last + 1 : buf, want) == 0;
}

TEST(watchdog_pings_notify_socket_at_most_once_a_second)
{
    char name[600];
    snprintf(name, sizeof name, "%s/notify", test_tmpdir());
    int fd = notify_socket(name, false);
    struct plat *plat = open_headless(NULL);
    struct wk_event ev;
    plat_watchdog_ping(plat);
    CHECK(received(fd, "WATCHDOG=1"));
    plat_watchdog_ping(plat);
    CHECK(!received(fd, "WATCHDOG=1"));
    plat_wait_event(plat, 999, &ev);
    plat_watchdog_ping(plat);
    CHECK(!received(fd, "WATCHDOG=1"));
    plat_wait_event(plat, 1, &ev);
    plat_watchdog_ping(plat);
    CHECK(received(fd, "WATCHDOG=1"));
    plat_close(plat);
    close(fd);
}

TEST(watchdog_reaches_an_abstract_notify_socket)
{
    char name[64];
    snprintf(name, sizeof name, "@welkom-test-%d", (int)getpid());
    int fd = notify_socket(name, true);
    struct plat *plat = open_headless(NULL);
    plat_watchdog_ping(plat);
    CHECK(received(fd, "WATCHDOG=1"));
    plat_close(plat);
    close(fd);

    /* No NOTIFY_SOCKET: a no-op. */
    unsetenv("NOTIFY_SOCKET");
    plat = open_headless(NULL);
    plat_watchdog_ping(plat);
    plat_close(plat);
}

/* Whether file holds text, looked at until within_ms have passed. */
static bool log_says(const char *file, const char *text, int within_ms)
{
    for (int64_t until = wk_mono_ms() + within_ms; wk_mono_ms() < until;) {
        char buf[8192] = "";
        FILE *f = fopen(file, "r");
        size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
        if (f)
            fclose(f);
        buf[n] = '\0';
        if (strstr(buf, text))
            return true;
        poll(NULL, 0, 20);
    }
    return false;
}

/* The kiosk as systemd runs it (NOTIFY_SOCKET, WATCHDOG_USEC), with the
 * debug flag that stops its main loop: the pings come, then stop, while
 * the process lives on. systemd (WatchdogSec) would kill and restart it
 * then; a chroot has no systemd, so that part is checked by hand on a Pi
 * (platform/pi/README.md). */
TEST(a_hung_main_loop_stops_the_watchdog_pings)
{
    char name[600], log[600], state[600], bin[600];
    snprintf(name, sizeof name, "%s/notify", test_tmpdir());
    snprintf(log, sizeof log, "%s/kiosk.log", test_tmpdir());
    snprintf(state, sizeof state, "%s/state", test_tmpdir());
    snprintf(bin, sizeof bin, "%s/%s/welkom", test_root(), test_build_dir());
    int fd = notify_socket(name, false);
    setenv("WATCHDOG_USEC", "2000000", 1);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        int out = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (out < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
            _exit(90);
        execl(bin, bin, "--headless", "--debug-hang-after", "1", "--state-dir", state, (char *)NULL);
        _exit(91);
    }
    struct pollfd p = { .fd = fd, .events = POLLIN };
    CHECK(poll(&p, 1, 10000) == 1);             /* READY=1 and the first ping */
    CHECK(log_says(log, "the main loop hangs now", 10000));
    char buf[64];
    while (recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0) {}
    /* Two ping intervals (WATCHDOG_MIN_INTERVAL_MS) and more without a
     * ping, and the kiosk is still there. */
    CHECK(poll(&p, 1, 2500) == 0);
    CHECK(waitpid(pid, NULL, WNOHANG) == 0);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    close(fd);
}
