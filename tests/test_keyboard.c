/* test_keyboard.c — the on-screen keyboards and the text field, with the
 * real toolkit and the real fonts: a resident types a name in every
 * script by tapping keys by their labels, backspace takes whole
 * characters, limits hold without ever cutting a character in half, keys
 * are big enough at every screen size and stand where the physical
 * keyboard has them in either UI direction, and the field's caret sits at
 * the end of what was typed. */
#include "test.h"
#include "../app/ui/keyboard_layouts.h"
#include "../app/ui/theme.h"
#include "../app/core/utf8.h"
#include "../app/text/text_internal.h"
#include "../platform/platform.h"

#include <stdlib.h>
#include <sys/stat.h>

#define TEXT_BYTES 256

struct kb_screen {
    struct text_ctx *text;
    struct ui *ui;
    int width, height;
    bool rtl;
    const char *lang;
    struct ui_keyboard_state kb;
    char text_buf[TEXT_BYTES];
    struct ui_text_buffer buf;
    bool done;
    const struct ui_frame *frame;
    struct ui_rect keyboard;     /* physical */
};

static void open_screen(struct kb_screen *s, int width, int height, bool rtl, const char *lang,
                        enum ui_keyboard_layout layout)
{
    char fonts[1200], err[WK_ERR_MAX];
    *s = (struct kb_screen){ .width = width, .height = height, .rtl = rtl, .lang = lang,
                             .kb = { .layout = layout } };
    snprintf(fonts, sizeof fonts, "%s/fonts", test_root());
    CHECK_OK(text_open(&(struct text_config){ .fonts_dir = fonts }, &s->text, err));
    CHECK_OK(ui_open(s->text, &s->ui, err));
    s->buf = (struct ui_text_buffer){ s->text_buf, sizeof s->text_buf, 0 };
}

static void close_screen(struct kb_screen *s)
{
    ui_close(s->ui);
    text_close(s->text);
}

/* A form screen: a field at the top, the keyboard at the bottom. */
static const struct ui_frame *pass(struct kb_screen *s, enum wk_event_type type, int x, int y)
{
    struct wk_event ev = { .type = type, .x = x, .y = y };
    ui_begin(s->ui, s->width, s->height, s->rtl, s->lang, 0, type ? &ev : NULL);
    struct ui_rect screen = ui_screen_rect(s->ui);
    struct ui_rect kr = ui_cut_bottom(&screen, ui_keyboard_height(s->ui));
    s->keyboard = ui_to_screen(s->ui, kr);
    s->done = ui_keyboard(s->ui, kr, &s->kb, &s->buf, "Next");
    struct ui_rect field = ui_inset(screen, ui_dp(s->ui, THEME_MARGIN));
    ui_text_field(s->ui, ui_cut_top(&field, ui_text_field_height(s->ui)), "Name", s->text_buf,
                  "", true);
    s->frame = ui_end(s->ui);
    text_end_frame(s->text);
    return s->frame;
}

static const struct ui_widget *find(const struct ui_frame *f, const char *label)
{
    for (size_t i = 0; i < f->widget_count; i++)
        if (f->widgets[i].kind != UI_WIDGET_LABEL && strcmp(f->widgets[i].label, label) == 0)
            return &f->widgets[i];
    return NULL;
}

#define tap(s, label) tap_at_line(s, label, __LINE__)
static void tap_at_line(struct kb_screen *s, const char *label, int line)
{
    if (!s->frame)
        pass(s, WK_EV_NONE, 0, 0);
    const struct ui_widget *w = find(s->frame, label);
    if (!w)
        test_fail(__FILE__, line, "no key labelled \"%s\"", label);
    int x = w->rect.x + w->rect.w / 2, y = w->rect.y + w->rect.h / 2;
    pass(s, WK_EV_POINTER_DOWN, x, y);
    pass(s, WK_EV_POINTER_UP, x, y);
}

/* Taps each key of a space-separated list. */
#define type(s, keys) type_at_line(s, keys, __LINE__)
static void type_at_line(struct kb_screen *s, const char *keys, int line)
{
    char copy[512];
    snprintf(copy, sizeof copy, "%s", keys);
    for (char *save = NULL, *k = strtok_r(copy, " ", &save); k; k = strtok_r(NULL, " ", &save))
        tap_at_line(s, k, line);
}

TEST(typing_a_name_with_shift_and_an_accent)
{
    struct kb_screen s;
    open_screen(&s, 800, 480, false, "nl", UI_KB_LATIN);
    type(&s, UI_KB_KEY_SHIFT " A m i n a");
    CHECK_STR_EQ(s.text_buf, "Amina");           /* shift holds for one letter */
    type(&s, UI_KB_KEY_PAGE " é");
    CHECK_STR_EQ(s.text_buf, "Aminaé");
    tap(&s, UI_KB_KEY_BACKSPACE);
    CHECK_STR_EQ(s.text_buf, "Amina");
    /* Capitals of the accents, and Turkish dotless ı / dotted İ. */
    type(&s, UI_KB_KEY_SHIFT " É ı İ ' -");
    CHECK_STR_EQ(s.text_buf, "AminaÉıİ'-");
    type(&s, UI_KB_KEY_SHIFT " I");
    CHECK_STR_EQ(s.text_buf, "AminaÉıİ'-I");
    type(&s, UI_KB_KEY_PAGE " " UI_KB_KEY_SPACE " b");
    CHECK_STR_EQ(s.text_buf, "AminaÉıİ'-I b");
    CHECK(!s.done);
    tap(&s, UI_KB_KEY_DONE);
    CHECK(s.done);
    close_screen(&s);
}

TEST(typing_arabic_pashto_and_ukrainian_gives_exactly_those_code_points)
{
    struct kb_screen s;
    open_screen(&s, 800, 480, true, "ar", UI_KB_ARABIC);
    type(&s, "س ل ا م");
    CHECK_STR_EQ(s.text_buf, "\u0633\u0644\u0627\u0645");     /* سلام */
    close_screen(&s);

    open_screen(&s, 800, 480, true, "ps", UI_KB_PASHTO);
    type(&s, "ښ ځ ه");
    CHECK_STR_EQ(s.text_buf, "\u069a\u0681\u0647");           /* ښځه */
    close_screen(&s);

    /* Dari types the Persian keh and yeh, not the Arabic ones. */
    open_screen(&s, 800, 480, true, "fa", UI_KB_DARI);
    type(&s, "ک ی گ پ چ ژ");
    CHECK_STR_EQ(s.text_buf, "\u06a9\u06cc\u06af\u067e\u0686\u0698");
    CHECK(find(s.frame, "\u0643") == NULL && find(s.frame, "\u064a") == NULL);
    close_screen(&s);

    open_screen(&s, 800, 480, false, "uk", UI_KB_UKRAINIAN);
    type(&s, UI_KB_KEY_SHIFT " Ї ж а к");
    CHECK_STR_EQ(s.text_buf, "\u0407\u0436\u0430\u043a");     /* Їжак */
    type(&s, UI_KB_KEY_SPACE " і м ʼ я");
    CHECK_STR_EQ(s.text_buf, "Їжак імʼя");
    CHECK(strstr(s.text_buf, "\u02bc") != NULL);              /* the letter apostrophe */
    close_screen(&s);
}

TEST(tigrinya_is_typed_by_consonant_then_vowel_order)
{
    struct kb_screen s;
    open_screen(&s, 800, 480, false, "ti", UI_KB_ETHIOPIC);
    /* ሰ: row ሰ, order 1; ላ: row ለ, order 4; ም: row መ, order 6. */
    tap(&s, "ሰ");
    CHECK_INT_EQ(s.kb.ethiopic_row, 6);
    for (const char *o = "ሰሱሲሳሴስሶ"; *o; o += 3) {
        char one[4] = { o[0], o[1], o[2], 0 };
        CHECK(find(s.frame, one) != NULL);
    }
    CHECK(find(s.frame, "ሷ") != NULL);                  /* the labialised form */
    CHECK(find(s.frame, "ለ") == NULL);                  /* the grid has gone */
    tap(&s, "ሰ");
    CHECK_INT_EQ(s.kb.ethiopic_row, 0);
    CHECK(find(s.frame, "ለ") != NULL);                  /* and is back */
    type(&s, "ለ ላ መ ም");
    CHECK_STR_EQ(s.text_buf, "ሰላም");
    /* Back to the consonants without typing. */
    type(&s, "ቀ " UI_KB_KEY_CONSONANTS);
    CHECK_STR_EQ(s.text_buf, "ሰላም");
    CHECK(find(s.frame, "ቀ") != NULL && find(s.frame, "ቁ") == NULL);
    /* Labialised rows where Tigrinya has them. */
    static const char *const rows[][2] = {
        { "ቀ", "ቈ ቊ ቋ ቌ ቍ" }, { "ከ", "ኰ ኲ ኳ ኴ ኵ" }, { "ገ", "ጐ ጒ ጓ ጔ ጕ" },
        { "ሀ", "ኈ ኊ ኋ ኌ ኍ" }, { "ቐ", "ቘ ቚ ቛ ቜ ቝ" }, { "ኸ", "ዀ ዂ ዃ ዄ ዅ" },
    };
    for (size_t i = 0; i < WK_ARRAY_LEN(rows); i++) {
        tap(&s, rows[i][0]);
        char copy[64];
        snprintf(copy, sizeof copy, "%s", rows[i][1]);
        for (char *save = NULL, *k = strtok_r(copy, " ", &save); k; k = strtok_r(NULL, " ", &save))
            if (!find(s.frame, k))
                test_fail(__FILE__, __LINE__, "row %s has no key %s", rows[i][0], k);
        tap(&s, UI_KB_KEY_CONSONANTS);
    }
    type(&s, "ቀ ቋ");
    CHECK_STR_EQ(s.text_buf, "ሰላምቋ");
    /* Punctuation and digits on the second page. */
    type(&s, UI_KB_KEY_PAGE " ። 1 2");
    CHECK_STR_EQ(s.text_buf, "ሰላምቋ።12");
    close_screen(&s);
}

TEST(phone_pad_types_a_number_and_has_no_layout_key)
{
    struct kb_screen s;
    open_screen(&s, 800, 480, true, "ar", UI_KB_PHONE);
    type(&s, "+ 3 2 " UI_KB_KEY_SPACE " 4 7 0");
    CHECK_STR_EQ(s.text_buf, "+32 470");
    CHECK(find(s.frame, UI_KB_KEY_LAYOUT) == NULL);
    CHECK(find(s.frame, UI_KB_KEY_PAGE) == NULL);
    /* 1 2 3 left to right, in an Arabic screen too. */
    CHECK(find(s.frame, "1")->rect.x < find(s.frame, "2")->rect.x);
    CHECK(find(s.frame, "2")->rect.x < find(s.frame, "3")->rect.x);
    tap(&s, UI_KB_KEY_BACKSPACE);
    CHECK_STR_EQ(s.text_buf, "+32 47");
    tap(&s, UI_KB_KEY_DONE);
    CHECK(s.done);
    close_screen(&s);
}

TEST(phone_pads_in_arabic_and_persian_digits_type_western_ones)
{
    struct kb_screen s;
    open_screen(&s, 800, 480, true, "ar", ui_keyboard_phone(I18N_DIGITS_ARABIC_INDIC));
    type(&s, "+ ٣ ٢ " UI_KB_KEY_SPACE " ٤ ٧ ٠");
    CHECK_STR_EQ(s.text_buf, "+32 470");
    CHECK(find(s.frame, "3") == NULL);
    CHECK(find(s.frame, "١")->rect.x < find(s.frame, "٢")->rect.x);
    close_screen(&s);
    open_screen(&s, 800, 480, true, "fa", ui_keyboard_phone(I18N_DIGITS_EXTENDED));
    type(&s, "۰ ۴ ۷ ۰ ۱ ۲");
    CHECK_STR_EQ(s.text_buf, "047012");
    CHECK(find(s.frame, UI_KB_KEY_LAYOUT) == NULL);
    close_screen(&s);
    /* The Western pad where the centre left the digits Western. */
    CHECK_INT_EQ(ui_keyboard_phone(I18N_DIGITS_WESTERN), UI_KB_PHONE);
}

TEST(backspace_removes_one_user_perceived_character)
{
    struct kb_screen s;
    open_screen(&s, 800, 480, false, "ti", UI_KB_ETHIOPIC);
    type(&s, "ሰ ሰ ለ ላ መ ም");
    tap(&s, UI_KB_KEY_BACKSPACE);
    CHECK_STR_EQ(s.text_buf, "ሰላ");
    close_screen(&s);

    /* An Arabic letter with a haraka goes as one. */
    open_screen(&s, 800, 480, true, "ar", UI_KB_ARABIC);
    type(&s, "ب " UI_KB_KEY_PAGE " ـَ ـّ");
    CHECK_STR_EQ(s.text_buf, "\u0628\u064e\u0651");
    tap(&s, UI_KB_KEY_BACKSPACE);
    CHECK_STR_EQ(s.text_buf, "");
    /* The lam-alef key types two letters, ل and ا, and Unicode (like every
     * Arabic keyboard) counts them as two characters: backspace leaves ل. */
    type(&s, UI_KB_KEY_PAGE " لا");
    CHECK_STR_EQ(s.text_buf, "\u0644\u0627");
    tap(&s, UI_KB_KEY_BACKSPACE);
    CHECK_STR_EQ(s.text_buf, "\u0644");
    tap(&s, UI_KB_KEY_BACKSPACE);
    CHECK_STR_EQ(s.text_buf, "");
    tap(&s, UI_KB_KEY_BACKSPACE);                   /* on nothing: nothing */
    CHECK_STR_EQ(s.text_buf, "");
    close_screen(&s);

    /* What a keyboard cannot type but a buffer may hold. */
    static const struct { const char *text, *left; } cases[] = {
        { "Ame\u0301", "Am" },                                  /* e + combining acute */
        { "x\U0001F1E7\U0001F1EA", "x" },                       /* a flag: two RIs */
        { "\U0001F1E7\U0001F1EA\U0001F1F3\U0001F1F1", "\U0001F1E7\U0001F1EA" },
        { "a\U0001F469\u200D\U0001F469\u200D\U0001F467", "a" }, /* a ZWJ family */
        { "a\U0001F44D\U0001F3FD", "a" },                       /* a skin tone */
        { "\u0633\u0644\u0627\u0645", "\u0633\u0644\u0627" },
        { "a\r\n", "a" },
        { "\xe1\x88", "\xe1" },                                 /* broken UTF-8: a byte */
        { "\u1100\u1161\u11a8", "" },                           /* Hangul jamo: one */
    };
    for (size_t i = 0; i < WK_ARRAY_LEN(cases); i++) {
        size_t len = strlen(cases[i].text);
        size_t at = text_last_grapheme_start(cases[i].text, len);
        if (at != strlen(cases[i].left) || memcmp(cases[i].text, cases[i].left, at) != 0)
            test_fail(__FILE__, __LINE__, "case %zu: cut at %zu, wanted %zu", i, at,
                      strlen(cases[i].left));
    }
    CHECK_INT_EQ(text_last_grapheme_start("", 0), 0);
}

TEST(max_chars_stops_input_and_capacity_never_overflows)
{
    struct kb_screen s;
    open_screen(&s, 800, 480, true, "ar", UI_KB_ARABIC);
    s.buf.max_chars = 3;
    type(&s, "ب ي ت ن");
    CHECK_STR_EQ(s.text_buf, "\u0628\u064a\u062a");
    tap(&s, UI_KB_KEY_BACKSPACE);
    tap(&s, "لا");                  /* two code points, one place left: nothing */
    CHECK_STR_EQ(s.text_buf, "\u0628\u064a");
    tap(&s, UI_KB_KEY_SPACE);
    CHECK_STR_EQ(s.text_buf, "\u0628\u064a ");
    close_screen(&s);

    /* 16 bytes hold five Ethiopic syllables of three bytes and the NUL. */
    open_screen(&s, 800, 480, false, "ti", UI_KB_ETHIOPIC);
    char small[16];
    memset(small, 0x55, sizeof small);
    small[0] = '\0';
    s.buf = (struct ui_text_buffer){ small, sizeof small, 0 };
    for (int i = 0; i < 8; i++)
        type(&s, "ሰ ሳ");
    CHECK_INT_EQ(strlen(small), 15);
    CHECK_STR_EQ(small, "ሳሳሳሳሳ");
    tap(&s, UI_KB_KEY_SPACE);       /* one byte would fit the bytes, not the NUL */
    CHECK_INT_EQ(strlen(small), 15);
    tap(&s, UI_KB_KEY_BACKSPACE);
    CHECK_STR_EQ(small, "ሳሳሳሳ");
    for (int i = 12; i < 16; i++)
        CHECK(small[i] == 0);       /* the removed bytes are wiped */
    type(&s, UI_KB_KEY_SPACE " " UI_KB_KEY_SPACE " " UI_KB_KEY_SPACE " " UI_KB_KEY_SPACE);
    CHECK_INT_EQ(strlen(small), 15);
    type(&s, "ሰ ሳ");                /* 3 bytes do not fit in the 0 left */
    CHECK_STR_EQ(small, "ሳሳሳሳ   ");
    close_screen(&s);
}

/* Every key of the current view: at least 48 dp high (and not absurdly
 * narrow), inside the keyboard. */
static void check_keys(struct kb_screen *s, const char *what)
{
    const struct ui_frame *f = s->frame;
    double scale = WK_MIN((double)WK_MAX(s->width, s->height) / UI_BASE_LONG_SIDE,
                          (double)WK_MIN(s->width, s->height) / UI_BASE_SHORT_SIDE);
    int min_h = (int)(UI_MIN_TOUCH_DP * scale), min_w = (int)(32 * scale);
    struct ui_rect k = s->keyboard;
    int keys = 0;
    for (size_t i = 0; i < f->widget_count; i++) {
        const struct ui_widget *w = &f->widgets[i];
        if (w->kind != UI_WIDGET_KEY)
            continue;
        keys++;
        if (w->rect.h < min_h || w->rect.w < min_w)
            test_fail(__FILE__, __LINE__, "%dx%d %s %s: \"%s\" is %dx%d px, under %dx%d", s->width,
                      s->height, ui_keyboard_name(s->kb.layout), what, w->label, w->rect.w,
                      w->rect.h, min_w, min_h);
        if (w->rect.x < k.x || w->rect.y < k.y || w->rect.x + w->rect.w > k.x + k.w ||
            w->rect.y + w->rect.h > k.y + k.h)
            test_fail(__FILE__, __LINE__, "%dx%d %s %s: \"%s\" is outside the keyboard",
                      s->width, s->height, ui_keyboard_name(s->kb.layout), what, w->label);
    }
    CHECK(keys >= 4);
}

TEST(keys_are_touch_targets_inside_the_keyboard_at_every_size)
{
    static const int sizes[][2] = { { 800, 480 }, { 1280, 800 }, { 1080, 1920 } };
    for (size_t z = 0; z < WK_ARRAY_LEN(sizes); z++)
        for (int layout = 0; layout < UI_KB_LAYOUT_COUNT; layout++) {
            struct kb_screen s;
            open_screen(&s, sizes[z][0], sizes[z][1], false, "en", (enum ui_keyboard_layout)layout);
            pass(&s, WK_EV_NONE, 0, 0);
            CHECK(s.keyboard.h <= sizes[z][1] * UI_KB_MAX_HEIGHT_PERCENT / 100);
            for (int page = 0; page < kb_layouts[layout].page_count; page++) {
                check_keys(&s, "page");
                if (find(s.frame, UI_KB_KEY_SHIFT)) {
                    tap(&s, UI_KB_KEY_SHIFT);
                    check_keys(&s, "shifted");
                    tap(&s, UI_KB_KEY_SHIFT);
                }
                if (kb_layouts[layout].syllabary && page == 0) {
                    tap(&s, "ቀ");                      /* the longest row of orders */
                    check_keys(&s, "orders");
                    tap(&s, UI_KB_KEY_CONSONANTS);
                }
                if (find(s.frame, UI_KB_KEY_PAGE))
                    tap(&s, UI_KB_KEY_PAGE);
            }
            if (find(s.frame, UI_KB_KEY_LAYOUT)) {
                tap(&s, UI_KB_KEY_LAYOUT);
                check_keys(&s, "chooser");
            }
            close_screen(&s);
        }
}

TEST(keys_stand_where_the_physical_keyboard_has_them_in_either_direction)
{
    for (int rtl = 0; rtl < 2; rtl++) {
        struct kb_screen s;
        open_screen(&s, 800, 480, rtl, rtl ? "ar" : "en", UI_KB_LATIN);
        pass(&s, WK_EV_NONE, 0, 0);
        const struct ui_widget *q = find(s.frame, "q"), *w = find(s.frame, "w");
        const struct ui_widget *p = find(s.frame, "p");
        CHECK(q && w && p);
        CHECK(q->rect.x < w->rect.x && w->rect.x < p->rect.x);
        CHECK(q->rect.x < 800 / 8);                   /* QWERTY from the left */
        close_screen(&s);

        /* Arabic keyboards put ض on the Q key, top left, and ⌫ at the right
         * end, as the Arabic 101 layout (XKB "ara") has them. */
        open_screen(&s, 800, 480, rtl, rtl ? "ar" : "en", UI_KB_ARABIC);
        pass(&s, WK_EV_NONE, 0, 0);
        const struct ui_widget *dad = find(s.frame, "ض"), *sad = find(s.frame, "ص");
        const struct ui_widget *dal = find(s.frame, "د"), *bs = find(s.frame, UI_KB_KEY_BACKSPACE);
        const struct ui_widget *sheen = find(s.frame, "ش"), *yeh_hamza = find(s.frame, "ئ");
        CHECK(dad && sad && dal && bs && sheen && yeh_hamza);
        CHECK(dad->rect.x < sad->rect.x && sad->rect.x < dal->rect.x);
        CHECK(dad->rect.y < sheen->rect.y && sheen->rect.y < yeh_hamza->rect.y);
        CHECK(bs->rect.x > 800 / 2 && bs->rect.y == yeh_hamza->rect.y);
        /* The layout chooser is a menu: it follows the UI's direction. */
        tap(&s, UI_KB_KEY_LAYOUT);
        const struct ui_widget *abc = find(s.frame, "ABC"), *ar = find(s.frame, "العربية");
        CHECK(abc && ar);
        CHECK(rtl ? abc->rect.x > ar->rect.x : abc->rect.x < ar->rect.x);
        close_screen(&s);
    }
}

TEST(the_layout_chooser_names_every_script_and_switches)
{
    struct kb_screen s;
    open_screen(&s, 800, 480, false, "ti", UI_KB_ETHIOPIC);
    tap(&s, UI_KB_KEY_LAYOUT);
    CHECK(s.kb.choosing_layout);
    for (int i = 0; i < UI_KB_LAYOUT_COUNT; i++)
        CHECK((find(s.frame, ui_keyboard_name((enum ui_keyboard_layout)i)) != NULL) ==
              !ui_keyboard_is_phone((enum ui_keyboard_layout)i));
    tap(&s, "ABC");
    CHECK_INT_EQ(s.kb.layout, UI_KB_LATIN);
    CHECK(!s.kb.choosing_layout);
    type(&s, "a " UI_KB_KEY_PAGE " @");
    CHECK_STR_EQ(s.text_buf, "a@");
    /* The layout key closes the chooser again without a change. */
    type(&s, UI_KB_KEY_LAYOUT " " UI_KB_KEY_LAYOUT);
    CHECK(!s.kb.choosing_layout);
    CHECK_INT_EQ(s.kb.layout, UI_KB_LATIN);
    CHECK_INT_EQ(ui_keyboard_for_language("ti"), UI_KB_ETHIOPIC);
    CHECK_INT_EQ(ui_keyboard_for_language("fa"), UI_KB_DARI);
    CHECK_INT_EQ(ui_keyboard_for_language("so"), UI_KB_LATIN);
    CHECK_INT_EQ(ui_keyboard_for_language(NULL), UI_KB_LATIN);
    /* A state from nowhere is made valid, not trusted. */
    s.kb = (struct ui_keyboard_state){ .layout = (enum ui_keyboard_layout)99, .page = 7,
                                       .ethiopic_row = 500 };
    pass(&s, WK_EV_NONE, 0, 0);
    CHECK_INT_EQ(s.kb.layout, UI_KB_LATIN);
    CHECK_INT_EQ(s.kb.page, 0);
    close_screen(&s);
}

/* Counts keys of a data row. */
static int keys_in(const char *row)
{
    int n = 0;
    for (const char *p = row; *p;) {
        size_t len = strcspn(p, " ");
        if (len) {
            n++;
            if (len >= KB_MAX_KEY_BYTES)
                test_fail(__FILE__, __LINE__, "key \"%.*s\" is too long", (int)len, p);
        }
        p += len;
        p += strspn(p, " ");
    }
    return n;
}

static bool any_face_has(struct text_ctx *ctx, uint32_t cp)
{
    for (int f = 0; f < TEXT_FACE_COUNT; f++)
        if (fonts_face_present(ctx, f) && fonts_has_glyph(ctx, f, cp))
            return true;
    return false;
}

/* Every character a key, a page name or a layout name shows is in a
 * shipped font: no missing-glyph boxes. */
static void check_drawable(struct text_ctx *ctx, const char *s, const char *where)
{
    uint32_t *cps;
    int n = text_utf8_decode(s, &cps);
    CHECK(n >= 0);
    for (int i = 0; i < n; i++) {
        bool special = false;
        const char *specials[] = { UI_KB_KEY_SHIFT, UI_KB_KEY_BACKSPACE, UI_KB_KEY_SPACE,
                                   UI_KB_KEY_PAGE, UI_KB_KEY_LAYOUT, UI_KB_KEY_DONE,
                                   UI_KB_KEY_CONSONANTS, UI_KB_KEY_ZWNJ };
        for (size_t k = 0; k < WK_ARRAY_LEN(specials); k++) {
            uint32_t *sp;
            text_utf8_decode(specials[k], &sp);
            special |= sp[0] == cps[i];
            free(sp);
        }
        if (!special && cps[i] != ' ' && !any_face_has(ctx, cps[i]))
            test_fail(__FILE__, __LINE__, "%s: U+%04X has no glyph in any shipped font", where,
                      cps[i]);
    }
    free(cps);
}

/* No two keys of a page (shifted or not) share a label: a test or a
 * script tapping one by its label must find the one it means. */
static void check_unique(const struct kb_page *page, bool shifted, const char *layout)
{
    char keys[KB_MAX_ROWS * KB_MAX_ROW_KEYS][KB_MAX_KEY_BYTES];
    int n = 0;
    for (int r = 0; r < KB_MAX_ROWS && page->rows[r]; r++) {
        const char *row = shifted && page->shifted[r] ? page->shifted[r] : page->rows[r];
        for (const char *p = row; *p; p += strspn(p, " ")) {
            size_t len = strcspn(p, " ");
            snprintf(keys[n], sizeof keys[n], "%.*s", (int)len, p);
            for (int i = 0; i < n; i++)
                if (strcmp(keys[i], keys[n]) == 0)
                    test_fail(__FILE__, __LINE__, "%s: two keys \"%s\" on one page", layout,
                              keys[n]);
            n++;
            p += len;
        }
    }
}

TEST(layout_data_is_consistent_and_every_key_has_a_glyph)
{
    char fonts[1200], err[WK_ERR_MAX];
    struct text_ctx *ctx;
    snprintf(fonts, sizeof fonts, "%s/fonts", test_root());
    CHECK_OK(text_open(&(struct text_config){ .fonts_dir = fonts }, &ctx, err));
    for (int l = 0; l < UI_KB_LAYOUT_COUNT; l++) {
        const struct kb_layout *lay = &kb_layouts[l];
        CHECK(lay->page_count >= 1 && lay->page_count <= KB_MAX_PAGES);
        check_drawable(ctx, lay->name, lay->name);
        CHECK(strlen(lay->name) < KB_MAX_KEY_BYTES);
        for (int p = 0; p < lay->page_count; p++) {
            const struct kb_page *page = &lay->pages[p];
            check_drawable(ctx, page->name, lay->name);
            check_unique(page, false, lay->name);
            check_unique(page, true, lay->name);
            for (int r = 0; r < KB_MAX_ROWS && page->rows[r]; r++) {
                int n = keys_in(page->rows[r]);
                CHECK(n >= 1 && n <= KB_MAX_ROW_KEYS);
                check_drawable(ctx, page->rows[r], lay->name);
                if (page->shifted[r]) {
                    CHECK_INT_EQ(keys_in(page->shifted[r]), n);
                    check_drawable(ctx, page->shifted[r], lay->name);
                }
            }
        }
    }
    /* Ethiopic orders and their extras. */
    const struct kb_layout *et = &kb_layouts[UI_KB_ETHIOPIC];
    for (int r = 0; r < 3; r++) {
        for (const char *p = et->pages[0].rows[r]; *p; p += strcspn(p, " "), p += strspn(p, " ")) {
            if (strncmp(p, UI_KB_KEY_BACKSPACE, strlen(UI_KB_KEY_BACKSPACE)) == 0)
                continue;
            const unsigned char *u = (const unsigned char *)p;
            uint32_t base = (uint32_t)(u[0] & 0x0f) << 12 | (uint32_t)(u[1] & 0x3f) << 6 | (u[2] & 0x3f);
            for (uint32_t o = 0; o < KB_ETHIOPIC_ORDERS; o++)
                if (!any_face_has(ctx, base + o))
                    test_fail(__FILE__, __LINE__, "U+%04X has no glyph", base + o);
            check_drawable(ctx, kb_ethiopic_extra(base), "ethiopic extras");
        }
    }
    /* Pashto has all its own letters, on one page or the other. */
    const char *pashto[] = { "ټ", "ډ", "ړ", "ږ", "ښ", "ګ", "ڼ", "ې", "ۍ", "ئ", "ځ", "څ", "پ", "ژ" };
    for (size_t i = 0; i < WK_ARRAY_LEN(pashto); i++) {
        const struct kb_layout *ps = &kb_layouts[UI_KB_PASHTO];
        bool found = false;
        for (int p = 0; p < ps->page_count; p++)
            for (int r = 0; r < KB_MAX_ROWS && ps->pages[p].rows[r]; r++)
                found |= strstr(ps->pages[p].rows[r], pashto[i]) != NULL;
        if (!found)
            test_fail(__FILE__, __LINE__, "Pashto keyboard has no %s", pashto[i]);
    }
    text_close(ctx);
}

static const struct ui_cmd *find_text(struct kb_screen *s, const char *text);

/* True when a key types a letter: not a digit, a punctuation mark, a
 * combining mark on its kashida, or a special key. */
static bool is_letter_key(const char *key)
{
    static const char *const not_letters[] = {
        "،", "؛", "؟", "፣", "።", "፤", "፡", "፧", UI_KB_KEY_SHIFT, UI_KB_KEY_BACKSPACE,
        UI_KB_KEY_SPACE, UI_KB_KEY_PAGE, UI_KB_KEY_LAYOUT, UI_KB_KEY_DONE, UI_KB_KEY_ZWNJ,
        UI_KB_KEY_CONSONANTS };
    for (size_t i = 0; i < WK_ARRAY_LEN(not_letters); i++)
        if (strcmp(key, not_letters[i]) == 0)
            return false;
    unsigned char c = (unsigned char)key[0];
    return c >= 0x80 ? strncmp(key, "\u0640", 2) != 0 : (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* Whether the page has a key that types exactly key. */
static bool page_has_key(const struct kb_page *page, const char *key)
{
    for (int r = 0; r < KB_MAX_ROWS && page->rows[r]; r++)
        for (int shifted = 0; shifted < 2; shifted++) {
            const char *row = shifted ? page->shifted[r] : page->rows[r];
            for (const char *p = row ? row : ""; *p; p += strspn(p, " ")) {
                size_t len = strcspn(p, " ");
                if (len == strlen(key) && strncmp(p, key, len) == 0)
                    return true;
                p += len;
            }
        }
    return false;
}

TEST(page_keys_show_letters_of_the_page_they_open)
{
    /* The data: every character of a page's name is a key of that page,
     * and a page with letters is named by some of them (the Arabic page
     * of أ إ آ was named "123"). */
    for (int l = 0; l < UI_KB_LAYOUT_COUNT; l++) {
        const struct kb_layout *lay = &kb_layouts[l];
        for (int p = 0; p < lay->page_count; p++) {
            const struct kb_page *page = &lay->pages[p];
            bool page_has_letters = false, name_has_letters = false;
            for (int r = 0; r < KB_MAX_ROWS && page->rows[r]; r++)
                for (const char *k = page->rows[r]; *k; k += strspn(k, " ")) {
                    char key[KB_MAX_KEY_BYTES];
                    size_t len = strcspn(k, " ");
                    snprintf(key, sizeof key, "%.*s", (int)len, k);
                    page_has_letters |= is_letter_key(key);
                    k += len;
                }
            for (const char *c = page->name; *c;) {
                uint32_t cp;
                size_t len = wk_utf8_next(c, strlen(c), &cp);
                char key[KB_MAX_KEY_BYTES];
                snprintf(key, sizeof key, "%.*s", (int)len, c);
                if (cp != ' ' && !page_has_key(page, key))
                    test_fail(__FILE__, __LINE__, "%s page %d is named \"%s\" but has no key %s",
                              lay->name, p + 1, page->name, key);
                name_has_letters |= cp != ' ' && is_letter_key(key);
                c += len;
            }
            if (page_has_letters && !name_has_letters)
                test_fail(__FILE__, __LINE__, "%s page %d has letters but is named \"%s\"",
                          lay->name, p + 1, page->name);
        }
    }
    /* On screen: the page key shows the next page's name whole, at every
     * size, and tapping it opens that page. */
    static const int sizes[][2] = { { 800, 480 }, { 1280, 800 }, { 1080, 1920 } };
    for (size_t z = 0; z < WK_ARRAY_LEN(sizes); z++)
        for (int l = 0; l < UI_KB_LAYOUT_COUNT; l++) {
            const struct kb_layout *lay = &kb_layouts[l];
            if (lay->page_count < 2)
                continue;
            struct kb_screen s;
            open_screen(&s, sizes[z][0], sizes[z][1], lay->rtl, lay->lang,
                        (enum ui_keyboard_layout)l);
            for (int p = 0; p < lay->page_count; p++) {
                const char *next = lay->pages[(p + 1) % lay->page_count].name;
                pass(&s, WK_EV_NONE, 0, 0);
                const struct ui_cmd *label = find_text(&s, next);
                if (!label || label->truncated || label->overflows || label->missing)
                    test_fail(__FILE__, __LINE__, "%dx%d %s: the page key does not show \"%s\" whole",
                              sizes[z][0], sizes[z][1], lay->name, next);
                tap(&s, UI_KB_KEY_PAGE);
                CHECK_INT_EQ(s.kb.page, (p + 1) % lay->page_count);
            }
            close_screen(&s);
        }
}

/* "نیم‌فاصله", half-space: what the non-joiner's key shows. */
#define ZWNJ_LABEL "\u0646\u06cc\u0645\u200c\u0641\u0627\u0635\u0644\u0647"

TEST(dari_and_pashto_type_a_zero_width_non_joiner)
{
    /* می‌خواهم, "I want": the prefix stands apart from the verb, unjoined
     * but with no space. */
    static const struct { enum ui_keyboard_layout layout; const char *lang; } kbs[] = {
        { UI_KB_DARI, "fa" }, { UI_KB_PASHTO, "ps" } };
    for (size_t i = 0; i < WK_ARRAY_LEN(kbs); i++) {
        struct kb_screen s;
        open_screen(&s, 800, 480, true, kbs[i].lang, kbs[i].layout);
        type(&s, "م ی " UI_KB_KEY_ZWNJ " خ و ا ه م");
        CHECK_STR_EQ(s.text_buf, "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645");
        /* Shaped: the yeh before the non-joiner takes its final form, not
         * the medial one it has in میخواهم, so the word is wider. */
        struct text_style st = { .size = 32, .rtl = true, .lang = kbs[i].lang };
        struct text_metrics apart, joined;
        CHECK_OK(text_measure(s.text, s.text_buf, &st, &apart));
        CHECK_OK(text_measure(s.text, "\u0645\u06cc\u062e\u0648\u0627\u0647\u0645", &st, &joined));
        CHECK(apart.width > joined.width);
        const struct text_layout *lay = text_layout_of(s.text, s.text_buf, &st);
        CHECK(lay && lay->run_count == 1 && lay->runs[0].face == TEXT_FACE_ARABIC);
        close_screen(&s);
        /* Its key says what it is, whole, in letters the fonts have, at
         * every size. */
        static const int sizes[][2] = { { 800, 480 }, { 1280, 800 }, { 1080, 1920 } };
        for (size_t z = 0; z < WK_ARRAY_LEN(sizes); z++) {
            open_screen(&s, sizes[z][0], sizes[z][1], true, kbs[i].lang, kbs[i].layout);
            pass(&s, WK_EV_NONE, 0, 0);
            const struct ui_cmd *label = find_text(&s, ZWNJ_LABEL);
            if (!label || label->truncated || label->overflows || label->missing)
                test_fail(__FILE__, __LINE__, "%dx%d %s: the non-joiner key is not labelled whole",
                          sizes[z][0], sizes[z][1], kbs[i].lang);
            close_screen(&s);
        }
    }
    /* Arabic does not write it: no such key there. */
    struct kb_screen s;
    open_screen(&s, 800, 480, true, "ar", UI_KB_ARABIC);
    pass(&s, WK_EV_NONE, 0, 0);
    CHECK(find(s.frame, UI_KB_KEY_ZWNJ) == NULL);
    close_screen(&s);
}

/* The caret is the 2 dp bar drawn after the field's text. */
static const struct ui_cmd *find_caret(struct kb_screen *s)
{
    int w = ui_dp(s->ui, 2);
    const struct ui_cmd *caret = NULL;
    for (size_t i = 0; i < s->frame->cmd_count; i++) {
        const struct ui_cmd *c = &s->frame->cmds[i];
        if (c->kind == UI_CMD_RECT && c->rect.w == w && c->color == THEME_INK)
            caret = c;
    }
    return caret;
}

static const struct ui_cmd *find_text(struct kb_screen *s, const char *text)
{
    for (size_t i = 0; i < s->frame->cmd_count; i++)
        if (s->frame->cmds[i].kind == UI_CMD_TEXT && strcmp(s->frame->cmds[i].text, text) == 0)
            return &s->frame->cmds[i];
    return NULL;
}

TEST(the_text_field_caret_sits_at_the_logical_end_of_the_text)
{
    for (int ui_rtl = 0; ui_rtl < 2; ui_rtl++) {
        struct kb_screen s;
        open_screen(&s, 800, 480, ui_rtl, ui_rtl ? "ar" : "en", UI_KB_LATIN);
        const struct ui_widget *field = NULL;
        /* Latin: left to right from the left, caret at the right end. */
        snprintf(s.text_buf, sizeof s.text_buf, "Amina");
        pass(&s, WK_EV_NONE, 0, 0);
        field = find(s.frame, "Name");
        CHECK(field != NULL && field->kind == UI_WIDGET_FIELD);
        const struct ui_cmd *t = find_text(&s, "Amina"), *caret = find_caret(&s);
        CHECK(t && caret);
        CHECK(!t->style.rtl);
        struct text_metrics m;
        text_measure(s.text, "Amina", &t->style, &m);
        CHECK_INT_EQ(t->rect.w, m.width);
        CHECK_INT_EQ(caret->rect.x, t->rect.x + m.width);
        CHECK(t->rect.x - field->rect.x < ui_dp(s.ui, 40));         /* at the left */

        /* Arabic: from the right, caret at the left end. */
        snprintf(s.text_buf, sizeof s.text_buf, "\u0633\u0644\u0627\u0645");
        pass(&s, WK_EV_NONE, 0, 0);
        t = find_text(&s, "\u0633\u0644\u0627\u0645");
        caret = find_caret(&s);
        CHECK(t && caret);
        CHECK(t->style.rtl);
        text_measure(s.text, "\u0633\u0644\u0627\u0645", &t->style, &m);
        CHECK_INT_EQ(t->rect.w, m.width);
        CHECK_INT_EQ(caret->rect.x + caret->rect.w, t->rect.x);
        CHECK(field->rect.x + field->rect.w - (t->rect.x + t->rect.w) < ui_dp(s.ui, 40));

        /* Longer than the field: the end shows, the caret at the edge. */
        char long_name[TEXT_BYTES] = "";
        for (int i = 0; i < 12; i++)
            strcat(long_name, "Wolfeschlegel");
        snprintf(s.text_buf, sizeof s.text_buf, "%s", long_name);
        pass(&s, WK_EV_NONE, 0, 0);
        t = find_text(&s, long_name);
        caret = find_caret(&s);
        CHECK(t && caret);
        CHECK(t->rect.x < field->rect.x);
        CHECK(caret->rect.x + caret->rect.w <= field->rect.x + field->rect.w);
        CHECK(caret->rect.x > field->rect.x + field->rect.w * 3 / 4);
        CHECK_INT_EQ(caret->rect.x, t->rect.x + t->rect.w);
        close_screen(&s);
    }
}

/* Pictures to look at: KEYBOARD_SHOTS=DIR keeps them (default the test's
 * temp dir). Also checks that the keys really draw. */
TEST(keyboard_pictures)
{
    const char *dir = getenv("KEYBOARD_SHOTS") ? getenv("KEYBOARD_SHOTS") : test_tmpdir();
    mkdir(dir, 0755);
    char assets[1200], err[WK_ERR_MAX];
    snprintf(assets, sizeof assets, "%s/assets", test_root());
    static const struct { const char *name; enum ui_keyboard_layout layout; const char *lang;
                          const char *taps; int w, h; } shots[] = {
        { "arabic", UI_KB_ARABIC, "ar", "س ل ا م", 800, 480 },
        { "arabic-page2", UI_KB_ARABIC, "ar", UI_KB_KEY_PAGE, 800, 480 },
        { "dari", UI_KB_DARI, "fa", "م ی " UI_KB_KEY_ZWNJ " خ و ا ه م", 800, 480 },
        { "dari-portrait", UI_KB_DARI, "fa", "", 1080, 1920 },
        { "arabic-page2-portrait", UI_KB_ARABIC, "ar", UI_KB_KEY_PAGE, 1080, 1920 },
        { "pashto", UI_KB_PASHTO, "ps", "ښ ځ ه", 800, 480 },
        { "pashto-page2", UI_KB_PASHTO, "ps", UI_KB_KEY_PAGE, 800, 480 },
        { "tigrinya", UI_KB_ETHIOPIC, "ti", "ሰ ሰ ለ ላ", 800, 480 },
        { "tigrinya-orders", UI_KB_ETHIOPIC, "ti", "ቀ", 800, 480 },
        { "tigrinya-page2", UI_KB_ETHIOPIC, "ti", UI_KB_KEY_PAGE, 800, 480 },
        { "latin", UI_KB_LATIN, "nl", UI_KB_KEY_SHIFT " A m i n a " UI_KB_KEY_SHIFT, 800, 480 },
        { "latin-accents", UI_KB_LATIN, "nl", UI_KB_KEY_PAGE, 800, 480 },
        { "latin-in-arabic-ui", UI_KB_LATIN, "ar", "a b c", 800, 480 },
        { "russian", UI_KB_RUSSIAN, "ru", "", 800, 480 },
        { "ukrainian", UI_KB_UKRAINIAN, "uk", UI_KB_KEY_SHIFT, 800, 480 },
        { "phone", UI_KB_PHONE, "nl", "+ 3 2 " UI_KB_KEY_SPACE " 4 7 0", 800, 480 },
        { "chooser", UI_KB_ETHIOPIC, "ti", UI_KB_KEY_LAYOUT, 800, 480 },
        { "chooser-rtl", UI_KB_ARABIC, "ar", UI_KB_KEY_LAYOUT, 800, 480 },
        { "arabic-1280", UI_KB_ARABIC, "ar", "س ل ا م", 1280, 800 },
        { "tigrinya-portrait", UI_KB_ETHIOPIC, "ti", "ሰ ሰ", 1080, 1920 },
        { "latin-portrait", UI_KB_LATIN, "en", "", 1080, 1920 },
    };
    for (size_t i = 0; i < WK_ARRAY_LEN(shots); i++) {
        struct kb_screen s;
        bool rtl = strcmp(shots[i].lang, "ar") == 0 || strcmp(shots[i].lang, "fa") == 0 ||
                   strcmp(shots[i].lang, "ps") == 0;
        open_screen(&s, shots[i].w, shots[i].h, rtl, shots[i].lang, shots[i].layout);
        struct plat *plat;
        if (plat_open(&(struct plat_desc){ .headless = true, .width = shots[i].w,
                                           .height = shots[i].h, .assets_dir = assets },
                      s.text, &plat, err))
            test_fail(__FILE__, __LINE__, "plat_open: %s", err);
        pass(&s, WK_EV_NONE, 0, 0);
        if (*shots[i].taps)
            type(&s, shots[i].taps);
        plat_present(plat, s.frame);
        char png[1400];
        snprintf(png, sizeof png, "%s/keyboard-%s.png", dir, shots[i].name);
        if (plat_screenshot(plat, png, err))
            test_fail(__FILE__, __LINE__, "screenshot: %s", err);
        plat_close(plat);
        close_screen(&s);
    }
}
