/* test_qr.c — QR codes, as a resident's phone sees them: drawn by the
 * headless platform, saved as a PNG and read back by zbarimg (zbar-tools),
 * byte for byte; compared module by module with libqrencode's own matrix;
 * placed but never flipped in right-to-left languages; too long a text
 * draws nothing; and the frame fingerprint tells two codes apart. */
#include "test.h"
#include "pixels.h"
#include "../app/ui/ui.h"
#include "../app/ui/theme.h"
#include "../app/text/text.h"
#include "../platform/platform.h"

#include <SDL.h>
#include <SDL_image.h>
#include <qrencode.h>
#include <stdlib.h>

#define WHITE 0xffffffffu
#define GREY 0xd0d0d0ffu
#define RED 0xd02020ffu
#define INK 0x102040ffu
#define ZBAR_OUTPUT_MAX (64 * 1024)

/* What a service card could carry: several lines, Arabic, Ethiopic, a URL. */
static const char SERVICE_TEXT[] =
    "Voedselbank Utrecht — di/do 10:00–14:00\n"
    "بنك الطعام: الثلاثاء والخميس\n"
    "የምግብ ባንክ፡ ማክሰኞ እና ሐሙስ\n"
    "Kanaalstraat 12, 3531 CJ Utrecht\n"
    "https://example.org/voedselbank?lang=ar&ref=welkom";

static struct plat *open_headless(void)
{
    struct plat *plat = NULL;
    char err[WK_ERR_MAX] = "";
    if (plat_open(&(struct plat_desc){ .headless = true }, NULL, &plat, err) != 0)
        test_fail(__FILE__, __LINE__, "plat_open: %s", err);
    return plat;
}

/* Presents the frame and saves it as tmpdir/NAME.png; returns the path. */
static const char *present_and_save(struct plat *plat, const struct ui_frame *frame,
                                    const char *name)
{
    static char path[600];
    char err[WK_ERR_MAX] = "";
    plat_present(plat, frame);
    snprintf(path, sizeof path, "%s/%s.png", test_tmpdir(), name);
    if (plat_screenshot(plat, path, err) != 0)
        test_fail(__FILE__, __LINE__, "plat_screenshot: %s", err);
    return path;
}


/* The smallest rectangle holding every pixel of colour c (w 0: none). */
static struct ui_rect bbox_of(const SDL_Surface *s, uint32_t c)
{
    int x0 = s->w, y0 = s->h, x1 = -1, y1 = -1;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++)
            if (test_pixel(s, x, y) == c) {
                x0 = WK_MIN(x0, x); y0 = WK_MIN(y0, y);
                x1 = WK_MAX(x1, x); y1 = WK_MAX(y1, y);
            }
    return x1 < 0 ? (struct ui_rect){ 0 } : (struct ui_rect){ x0, y0, x1 - x0 + 1, y1 - y0 + 1 };
}

/* The bytes zbarimg reads from the PNG, with one trailing newline (its
 * own) removed; NUL-terminated for messages, length in *len. Fails the
 * test if zbarimg is missing. */
static char *zbar_read(const char *png, size_t *len)
{
    if (system("command -v zbarimg >/dev/null 2>&1") != 0)
        test_fail(__FILE__, __LINE__, "zbarimg is not installed: it comes with the "
                  "zbar-tools package (make deps / tools/install-deps.sh)");
    char cmd[700];
    snprintf(cmd, sizeof cmd, "zbarimg --quiet --raw -Sbinary '%s' 2>/dev/null", png);
    FILE *p = popen(cmd, "r");
    CHECK(p != NULL);
    char *out = malloc(ZBAR_OUTPUT_MAX + 1);
    CHECK(out != NULL);
    size_t n = 0, got;
    while (n < ZBAR_OUTPUT_MAX && (got = fread(out + n, 1, ZBAR_OUTPUT_MAX - n, p)) > 0)
        n += got;
    int status = pclose(p);
    if (n > 0 && out[n - 1] == '\n')
        n--;
    out[n] = '\0';
    *len = n;
    if (status != 0)
        test_fail(__FILE__, __LINE__, "zbarimg found no QR code in %s (status %d)", png, status);
    return out;
}

static void check_scans_as(const char *png, const char *want)
{
    size_t len;
    char *got = zbar_read(png, &len);
    if (len != strlen(want) || memcmp(got, want, len) != 0)
        test_fail(__FILE__, __LINE__, "zbarimg read %zu bytes \"%s\", want %zu bytes \"%s\"",
                  len, got, strlen(want), want);
    free(got);
}

/* A one-command frame on white, in physical pixels. */
static struct ui_frame qr_frame(const struct ui_cmd *cmds, size_t count)
{
    return (struct ui_frame){ .width = PLAT_DEFAULT_WIDTH, .height = PLAT_DEFAULT_HEIGHT,
                              .background = WHITE, .cmds = cmds, .cmd_count = count };
}

TEST(qr_code_scans_back_to_the_exact_utf8_text_sharp_and_centred)
{
    struct plat *plat = open_headless();
    const struct ui_cmd cmds[] = {
        { .kind = UI_CMD_RECT, .rect = { 0, 0, 1280, 800 }, .color = GREY },
        { .kind = UI_CMD_QR, .rect = { 100, 50, 700, 600 }, .color = INK, .text = SERVICE_TEXT },
    };
    struct ui_frame frame = qr_frame(cmds, WK_ARRAY_LEN(cmds));
    plat_present(plat, &frame);   /* the second present draws from the cache */
    const char *png = present_and_save(plat, &frame, "qr");
    check_scans_as(png, SERVICE_TEXT);

    /* Module by module what libqrencode encodes at level M: whole pixels
     * per module, the largest that fits, centred in the rect, white quiet
     * zone of 4 modules, and nothing but white and the ink inside. */
    QRcode *code = QRcode_encodeString(SERVICE_TEXT, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    CHECK(code != NULL);
    int side = code->width + 8, module = 600 / side, px = side * module;
    CHECK(module >= 2);
    int x0 = 100 + (700 - px) / 2, y0 = 50 + (600 - px) / 2;
    SDL_Surface *s = test_load_argb(png);
    for (int y = 0; y < px; y++)
        for (int x = 0; x < px; x++) {
            int mx = x / module - 4, my = y / module - 4;
            bool dark = mx >= 0 && my >= 0 && mx < code->width && my < code->width &&
                        (code->data[my * code->width + mx] & 1);
            uint32_t got = test_pixel(s, x0 + x, y0 + y);
            if (got != (dark ? INK : WHITE))
                test_fail(__FILE__, __LINE__, "pixel (%d,%d) of the code is %08x, want %08x",
                          x, y, got, dark ? INK : WHITE);
        }
    /* Around it, the card is untouched. */
    CHECK(test_pixel(s, x0 - 1, y0 + px / 2) == GREY);
    CHECK(test_pixel(s, x0 + px, y0 + px / 2) == GREY);
    CHECK(test_pixel(s, x0 + px / 2, y0 - 1) == GREY);
    CHECK(test_pixel(s, x0 + px / 2, y0 + px) == GREY);
    SDL_FreeSurface(s);
    QRcode_free(code);
    plat_close(plat);
}

TEST(qr_code_too_long_for_level_m_falls_back_to_l_and_still_scans)
{
    /* About 2500 bytes of 8-bit data: over level M's 2331, under L's 2953. */
    static const char piece[] = "welkom, ሰላም ";
    char text[2501] = "";
    while (strlen(text) + strlen(piece) < sizeof text)
        strcat(text, piece);
    CHECK(QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) == NULL);
    struct plat *plat = open_headless();
    const struct ui_cmd cmds[] = {
        { .kind = UI_CMD_QR, .rect = { 100, 10, 780, 780 }, .text = text },
    };
    struct ui_frame frame = qr_frame(cmds, WK_ARRAY_LEN(cmds));
    const char *png = present_and_save(plat, &frame, "qr-l");
    check_scans_as(png, text);
    /* Colour 0 is black; the code is level L's, as large as fits. */
    QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1);
    CHECK(code != NULL);
    int module = 780 / (code->width + 8);
    CHECK(module >= 2);
    SDL_Surface *s = test_load_argb(png);
    struct ui_rect dark = bbox_of(s, 0x000000ffu);
    CHECK_INT_EQ(dark.w, code->width * module);
    CHECK_INT_EQ(dark.h, code->width * module);
    QRcode_free(code);
    SDL_FreeSurface(s);
    plat_close(plat);
}

TEST(qr_code_too_long_for_any_version_draws_nothing_and_the_rest_still_draws)
{
    char *text = malloc(5001);
    CHECK(text != NULL);
    for (int i = 0; i < 5000; i++)
        text[i] = "welkom "[i % 7];
    text[5000] = '\0';
    struct plat *plat = open_headless();
    const struct ui_cmd cmds[] = {
        { .kind = UI_CMD_RECT, .rect = { 0, 0, 1280, 800 }, .color = GREY },
        { .kind = UI_CMD_QR, .rect = { 100, 100, 600, 600 }, .color = INK, .text = text },
        { .kind = UI_CMD_RECT, .rect = { 800, 100, 100, 100 }, .color = RED },
        /* Too small a rect: still drawn, at one pixel per module. */
        { .kind = UI_CMD_QR, .rect = { 1000, 400, 20, 20 }, .color = INK, .text = "hi" },
    };
    struct ui_frame frame = qr_frame(cmds, WK_ARRAY_LEN(cmds));
    plat_present(plat, &frame);
    const char *png = present_and_save(plat, &frame, "qr-none");
    SDL_Surface *s = test_load_argb(png);
    for (int y = 100; y < 700; y += 7)
        for (int x = 100; x < 700; x += 7)
            CHECK(test_pixel(s, x, y) == GREY);
    CHECK(test_pixel(s, 850, 150) == RED);
    struct ui_rect tiny = bbox_of(s, INK);
    CHECK(tiny.w == 21 && tiny.h == 21);   /* version 1: 21 modules */
    CHECK(tiny.x == 1000 + (20 - 29) / 2 + 4);
    SDL_FreeSurface(s);
    plat_close(plat);
    free(text);
}

struct qr_screen { struct text_ctx *text; struct ui *ui; };

static void open_ui(struct qr_screen *q)
{
    char fonts[1200], err[WK_ERR_MAX];
    snprintf(fonts, sizeof fonts, "%s/fonts", test_root());
    CHECK_OK(text_open(&(struct text_config){ .fonts_dir = fonts }, &q->text, err));
    CHECK_OK(ui_open(q->text, &q->ui, err));
}

static void close_ui(struct qr_screen *q)
{
    ui_close(q->ui);
    text_close(q->text);
}

/* A screen with one QR code at the start edge. */
static const struct ui_frame *qr_pass(struct qr_screen *q, bool rtl, const char *text)
{
    ui_begin(q->ui, PLAT_DEFAULT_WIDTH, PLAT_DEFAULT_HEIGHT, rtl, rtl ? "ar" : "en", 0, NULL);
    ui_qr(q->ui, (struct ui_rect){ 40, 100, 400, 400 }, text);
    return ui_end(q->ui);
}

TEST(qr_code_moves_to_the_start_edge_in_rtl_but_is_never_flipped)
{
    struct qr_screen q;
    open_ui(&q);
    struct plat *plat = open_headless();

    const struct ui_frame *f = qr_pass(&q, false, SERVICE_TEXT);
    CHECK_INT_EQ(f->cmd_count, 1);
    CHECK_INT_EQ(f->cmds[0].kind, UI_CMD_QR);
    CHECK_INT_EQ(f->cmds[0].rect.x, 40);
    SDL_Surface *ltr = test_load_argb(present_and_save(plat, f, "ltr"));

    f = qr_pass(&q, true, SERVICE_TEXT);
    CHECK_INT_EQ(f->cmds[0].rect.x, PLAT_DEFAULT_WIDTH - 40 - 400);
    CHECK(!f->cmds[0].mirror);
    const char *png = present_and_save(plat, f, "rtl");
    check_scans_as(png, SERVICE_TEXT);
    SDL_Surface *rtl = test_load_argb(png);

    /* The same picture, moved to the right, not mirrored. */
    struct ui_rect a = bbox_of(ltr, THEME_INK), b = bbox_of(rtl, THEME_INK);
    CHECK(a.w > 300 && a.x + a.w <= 440);
    CHECK(b.x >= PLAT_DEFAULT_WIDTH - 440);
    CHECK_INT_EQ(b.x - a.x, PLAT_DEFAULT_WIDTH - 2 * 40 - 400);
    for (int y = 100; y < 500; y++)
        for (int x = 40; x < 440; x++)
            if (test_pixel(ltr, x, y) != test_pixel(rtl, x + b.x - a.x, y))
                test_fail(__FILE__, __LINE__, "pixel (%d,%d) differs between LTR and RTL", x, y);
    SDL_FreeSurface(ltr);
    SDL_FreeSurface(rtl);
    plat_close(plat);
    close_ui(&q);
}

TEST(qr_code_text_is_part_of_the_frame_fingerprint)
{
    struct qr_screen q;
    open_ui(&q);
    uint64_t a = qr_pass(&q, false, "https://example.org/a")->fingerprint;
    uint64_t same = qr_pass(&q, false, "https://example.org/a")->fingerprint;
    uint64_t b = qr_pass(&q, false, "https://example.org/b")->fingerprint;
    CHECK(a == same);
    CHECK(a != b);
    close_ui(&q);
}
