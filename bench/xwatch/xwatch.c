/* xwatch.c — what a person sees on an X screen, timed from outside the
 * process that draws it: bench/run.sh measures the kiosk and bench/peer
 * measures Chromium with it, the same way.
 *
 *   xwatch pixel X Y RRGGBB TIMEOUT_MS
 *       waits until the screen's pixel at (X, Y) has that colour and prints
 *       the milliseconds it waited (a first paint: start xwatch right after
 *       the program).
 *   xwatch click X Y RX RY RW RH TIMEOUT_MS
 *       takes the rectangle RX,RY RWxRH of the screen, clicks at (X, Y)
 *       with XTest (the pointer moves there, a real button press and
 *       release, as xdotool does), and prints the milliseconds from the
 *       release (where a tap or a link acts) to the first poll that finds
 *       the rectangle changed: a touch to the screen changing. Choose a rectangle the pressed button does
 *       not touch (a title), so the button's own pressed look is not taken
 *       for the new screen.
 *
 * The screen is polled with XGetImage every POLL_US. Exit 1 (and a
 * message) on a timeout or when the display cannot be opened. */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XTest.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define POLL_US 500
/* A tap: the pointer rests this long where it will press, then the button
 * is held this long. Both act on the release, which starts the clock. */
#define SETTLE_MS 50
#define HOLD_MS 30

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void pause_poll(void)
{
    nanosleep(&(struct timespec){ 0, POLL_US * 1000L }, NULL);
}

static int usage(void)
{
    fprintf(stderr, "usage: xwatch pixel X Y RRGGBB TIMEOUT_MS\n"
                    "       xwatch click X Y RX RY RW RH TIMEOUT_MS\n");
    return 2;
}

/* The pixel at (x, y) of the root window as 0xRRGGBB; -1 if off screen. */
static long pixel_at(Display *d, Window root, int x, int y)
{
    XImage *img = XGetImage(d, root, x, y, 1, 1, AllPlanes, ZPixmap);
    if (!img)
        return -1;
    unsigned long p = XGetPixel(img, 0, 0);
    XDestroyImage(img);
    return (long)(p & 0xffffff);
}

static int watch_pixel(Display *d, Window root, char **argv)
{
    int x = atoi(argv[0]), y = atoi(argv[1]);
    long want = strtol(argv[2], NULL, 16);
    double timeout = atof(argv[3]), t0 = now_ms();
    long last = -1;
    while (now_ms() - t0 < timeout) {
        last = pixel_at(d, root, x, y);
        if (last == want) {
            printf("%.1f\n", now_ms() - t0);
            return 0;
        }
        pause_poll();
    }
    fprintf(stderr, "xwatch: (%d,%d) is %06lx, not %06lx, after %.0f ms\n", x, y, last, want,
            timeout);
    return 1;
}

/* Whether two images of the same rectangle differ. */
static int differ(const XImage *a, const XImage *b)
{
    return memcmp(a->data, b->data, (size_t)a->bytes_per_line * (size_t)a->height) != 0;
}

static int watch_click(Display *d, Window root, char **argv)
{
    int x = atoi(argv[0]), y = atoi(argv[1]);
    int rx = atoi(argv[2]), ry = atoi(argv[3]), rw = atoi(argv[4]), rh = atoi(argv[5]);
    double timeout = atof(argv[6]);
    /* The pointer arrives first and rests, as a finger does before it
     * presses: a browser takes a press without a move before it as no
     * click at all. */
    XTestFakeMotionEvent(d, -1, x, y, 0);
    XSync(d, False);
    nanosleep(&(struct timespec){ 0, SETTLE_MS * 1000000L }, NULL);
    XImage *before = XGetImage(d, root, rx, ry, (unsigned)rw, (unsigned)rh, AllPlanes, ZPixmap);
    if (!before) {
        fprintf(stderr, "xwatch: cannot read %dx%d+%d+%d of the screen\n", rw, rh, rx, ry);
        return 1;
    }
    XTestFakeButtonEvent(d, 1, True, 0);
    XSync(d, False);
    nanosleep(&(struct timespec){ 0, HOLD_MS * 1000000L }, NULL);
    XTestFakeButtonEvent(d, 1, False, 0);
    XSync(d, False);
    double t0 = now_ms();
    int rc = 1;
    while (now_ms() - t0 < timeout) {
        XImage *now = XGetImage(d, root, rx, ry, (unsigned)rw, (unsigned)rh, AllPlanes, ZPixmap);
        int changed = now && differ(before, now);
        if (now)
            XDestroyImage(now);
        if (changed) {
            printf("%.1f\n", now_ms() - t0);
            rc = 0;
            break;
        }
        pause_poll();
    }
    if (rc)
        fprintf(stderr, "xwatch: nothing changed in %dx%d+%d+%d within %.0f ms of the click\n",
                rw, rh, rx, ry, timeout);
    XDestroyImage(before);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage();
    Display *d = XOpenDisplay(NULL);
    if (!d) {
        fprintf(stderr, "xwatch: cannot open the display %s\n", getenv("DISPLAY") ? getenv("DISPLAY") : "(DISPLAY unset)");
        return 1;
    }
    Window root = DefaultRootWindow(d);
    int rc;
    if (!strcmp(argv[1], "pixel") && argc == 6)
        rc = watch_pixel(d, root, argv + 2);
    else if (!strcmp(argv[1], "click") && argc == 9)
        rc = watch_click(d, root, argv + 2);
    else
        rc = usage();
    XCloseDisplay(d);
    return rc;
}
