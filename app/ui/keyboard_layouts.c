/* keyboard_layouts.c — the keys of every on-screen keyboard, as data (the
 * format is in keyboard_layouts.h). Letter rows are those of the physical
 * keyboard a resident has used, left to right: QWERTY; Arabic 101 (ض on
 * the Q key, ش on A, ئ on Z); Persian ISIRI 9147 for Dari; the Persian rows
 * with the Pashto letters for Pashto (there is no single Pashto standard;
 * the Arabic letters that Pashto rarely writes, ث ص ض ط ظ ذ, wait on the
 * second page); ЙЦУКЕН for Russian and Ukrainian. Second pages hold digits
 * (Western: the kiosk shows Western digits), punctuation and the rarer
 * letters. A page is named, on the key that opens it, by a few of its own
 * letters ("أ إ 123"), so a resident sees where a letter waits. Dari and
 * Pashto have a zero-width non-joiner key beside space: both write it
 * inside words (می‌خواهم, the prefix apart from the verb). */
#include "keyboard_layouts.h"

/* The bottom row of a text keyboard: page, layout, space and Done, with
 * the punctuation a name or an address needs most. */
#define BOTTOM(punct_before, punct_after) \
    UI_KB_KEY_PAGE " " UI_KB_KEY_LAYOUT " " punct_before " " UI_KB_KEY_SPACE " " punct_after \
    " " UI_KB_KEY_DONE

#define DIGITS "1 2 3 4 5 6 7 8 9 0"

const struct kb_layout kb_layouts[UI_KB_LAYOUT_COUNT] = {
    [UI_KB_LATIN] = {
        .name = "ABC", .lang = "en", .page_count = 2,
        .pages = {
            { .name = "abc",
              .rows = { "q w e r t y u i o p",
                        "a s d f g h j k l",
                        "⇧ z x c v b n m ⌫",
                        BOTTOM("'", "-") },
              .shifted = { "Q W E R T Y U I O P",
                           "A S D F G H J K L",
                           "⇧ Z X C V B N M ⌫" } },
            /* nl, fr, tr and so: Somali needs only plain Latin and the
             * apostrophe; Turkish dotless ı has I as its capital, and İ is
             * the capital of the plain i. */
            { .name = "é 123",
              .rows = { DIGITS,
                        "é è ê ë à â ç ï î ô û",
                        "⇧ ü ö ñ ğ ş ı İ ' - ⌫",
                        BOTTOM("@ ,", ".") },
              .shifted = { NULL,
                           "É È Ê Ë À Â Ç Ï Î Ô Û",
                           "⇧ Ü Ö Ñ Ğ Ş I İ ' - ⌫" } },
        },
    },
    [UI_KB_ARABIC] = {
        .name = "العربية", .lang = "ar", .rtl = true, .page_count = 2,
        .pages = {
            { .name = "ا ب ت",
              .rows = { "ض ص ث ق ف غ ع ه خ ح ج د",
                        "ش س ي ب ل ا ت ن م ك ط ذ",
                        "ئ ء ؤ ر لا ى ة و ز ظ ⌫",
                        BOTTOM("،", ".") } },
            /* Hamza forms of alef, and the harakat: fatha, damma, kasra,
             * shadda, sukun and the three tanwin. */
            { .name = "أ إ 123",
              .rows = { DIGITS,
                        "أ إ آ ـَ ـُ ـِ ـّ ـْ ـً ـٌ ـٍ",
                        "؟ ! ؛ : - ' @ / ⌫",
                        BOTTOM("،", ".") } },
        },
    },
    [UI_KB_DARI] = {
        .name = "دری", .lang = "fa", .rtl = true, .page_count = 2,
        .pages = {
            /* Persian keh and yeh (ک ی), not the Arabic ك ي. */
            { .name = "ا ب پ",
              .rows = { "ض ص ث ق ف غ ع ه خ ح ج چ",
                        "ش س ی ب ل ا ت ن م ک گ",
                        "ظ ط ز ر ذ د پ و ژ ⌫",
                        BOTTOM("،", UI_KB_KEY_ZWNJ " .") } },
            { .name = "آ ء 123",
              .rows = { DIGITS,
                        "آ ء ئ ؤ أ إ ة ـً ـّ ـَ ـُ ـِ",
                        "؟ ! ؛ : - ' @ / ⌫",
                        BOTTOM("،", UI_KB_KEY_ZWNJ " .") } },
        },
    },
    [UI_KB_PASHTO] = {
        .name = "پښتو", .lang = "ps", .rtl = true, .page_count = 2,
        .pages = {
            /* The Persian rows, with Pashto's own letters where Pashto
             * leaves the Arabic ones aside. Pashto writes both ی and ي. */
            { .name = "ا ب پ",
              .rows = { "څ ځ ټ ق ف غ ع ه خ ح ج چ",
                        "ش س ی ب ل ا ت ن م ک ګ ښ",
                        "ې ي ز ر ړ د پ و ډ ږ ڼ ⌫",
                        BOTTOM("،", UI_KB_KEY_ZWNJ " .") } },
            { .name = "ۍ ژ 123",
              .rows = { DIGITS,
                        "ۍ ئ ژ ث ص ض ط ظ ذ آ ء",
                        "ـَ ـُ ـِ ـّ ـْ ؟ ! - ' @ ⌫",
                        BOTTOM("،", UI_KB_KEY_ZWNJ " .") } },
        },
    },
    [UI_KB_RUSSIAN] = {
        .name = "Русский", .lang = "ru", .page_count = 2,
        .pages = {
            { .name = "абв",
              .rows = { "й ц у к е н г ш щ з х ъ",
                        "ф ы в а п р о л д ж э",
                        "⇧ я ч с м и т ь б ю ⌫",
                        BOTTOM(",", ".") },
              .shifted = { "Й Ц У К Е Н Г Ш Щ З Х Ъ",
                           "Ф Ы В А П Р О Л Д Ж Э",
                           "⇧ Я Ч С М И Т Ь Б Ю ⌫" } },
            { .name = "ё 123",
              .rows = { DIGITS,
                        "⇧ ё @ - ' ! ? ( ) : ⌫",
                        BOTTOM(",", ".") },
              .shifted = { NULL, "⇧ Ё @ - ' ! ? ( ) : ⌫" } },
        },
    },
    [UI_KB_UKRAINIAN] = {
        /* Ukrainian has і ї є ґ and the apostrophe ʼ (U+02BC, a letter,
         * so a word like імʼя is one word) instead of ы э ъ ё. */
        .name = "Українська", .lang = "uk", .page_count = 2,
        .pages = {
            { .name = "абв",
              .rows = { "й ц у к е н г ш щ з х ї",
                        "ф і в а п р о л д ж є ґ",
                        "⇧ я ч с м и т ь б ю ʼ ⌫",
                        BOTTOM(",", ".") },
              .shifted = { "Й Ц У К Е Н Г Ш Щ З Х Ї",
                           "Ф І В А П Р О Л Д Ж Є Ґ",
                           "⇧ Я Ч С М И Т Ь Б Ю ʼ ⌫" } },
            { .name = "123",
              .rows = { DIGITS,
                        "@ - ' ! ? ( ) : ⌫",
                        BOTTOM(",", ".") } },
        },
    },
    [UI_KB_ETHIOPIC] = {
        /* The consonants Tigrinya writes, in the order of the fidel. */
        .name = "ትግርኛ", .lang = "ti", .syllabary = true, .page_count = 2,
        .pages = {
            { .name = "ሀ ለ ሐ",
              .rows = { "ሀ ለ ሐ መ ረ ሰ ሸ ቀ ቐ በ ቨ",
                        "ተ ቸ ነ ኘ አ ከ ኸ ወ ዐ ዘ ዠ",
                        "የ ደ ጀ ገ ጠ ጨ ጰ ጸ ፀ ፈ ፐ ⌫",
                        BOTTOM("፣", "።") } },
            { .name = "123 ።",
              .rows = { DIGITS,
                        "፤ ፡ ፧ ! ? . - ' @ ⌫",
                        BOTTOM("፣", "።") } },
        },
    },
    [UI_KB_PHONE] = {
        .name = "123", .lang = "en", .page_count = 1, .grid = true,
        .pages = {
            { .name = "123",
              .rows = { "1 2 3 " UI_KB_KEY_BACKSPACE,
                        "4 5 6 " UI_KB_KEY_SPACE,
                        "7 8 9 +",
                        "0 " UI_KB_KEY_DONE } },
        },
    },
    /* The pad in the digits a centre chose for Arabic, or for Dari and
     * Pashto: the keys show ٠-٩ or ۰-۹ and type 0-9 (keyboard_edit.c). */
    [UI_KB_PHONE_ARABIC_INDIC] = {
        .name = "١٢٣", .lang = "ar", .page_count = 1, .grid = true,
        .pages = {
            { .name = "١٢٣",
              .rows = { "١ ٢ ٣ " UI_KB_KEY_BACKSPACE,
                        "٤ ٥ ٦ " UI_KB_KEY_SPACE,
                        "٧ ٨ ٩ +",
                        "٠ " UI_KB_KEY_DONE } },
        },
    },
    [UI_KB_PHONE_EXTENDED] = {
        .name = "۱۲۳", .lang = "fa", .page_count = 1, .grid = true,
        .pages = {
            { .name = "۱۲۳",
              .rows = { "۱ ۲ ۳ " UI_KB_KEY_BACKSPACE,
                        "۴ ۵ ۶ " UI_KB_KEY_SPACE,
                        "۷ ۸ ۹ +",
                        "۰ " UI_KB_KEY_DONE } },
        },
    },
};

/* The labialised forms beyond the seven orders: "-wa" (ሏ is ለ + 7) for
 * most consonants, and the whole labialised series for the velars
 * ቀ ቐ ከ ኸ ገ, which Tigrinya writes (ቋንቋ, ኳዕሶ). ሀ also offers ኈ ኊ ኋ ኌ ኍ,
 * Unicode's labialised series of ኀ, a row Tigrinya has no key for: who
 * looks for ኋ finds it under the ሀ it sounds like. */
static const struct { uint32_t consonant; const char *extra; } ethiopic_extras[] = {
    { 0x1200, "ኈ ኊ ኋ ኌ ኍ" }, { 0x1208, "ሏ" }, { 0x1210, "ሗ" }, { 0x1218, "ሟ" },
    { 0x1228, "ሯ" }, { 0x1230, "ሷ" }, { 0x1238, "ሿ" }, { 0x1240, "ቈ ቊ ቋ ቌ ቍ" },
    { 0x1250, "ቘ ቚ ቛ ቜ ቝ" }, { 0x1260, "ቧ" }, { 0x1268, "ቯ" }, { 0x1270, "ቷ" },
    { 0x1278, "ቿ" }, { 0x1290, "ኗ" }, { 0x1298, "ኟ" }, { 0x12a0, "ኧ" },
    { 0x12a8, "ኰ ኲ ኳ ኴ ኵ" }, { 0x12b8, "ዀ ዂ ዃ ዄ ዅ" }, { 0x12d8, "ዟ" }, { 0x12e0, "ዧ" },
    { 0x12f0, "ዷ" }, { 0x1300, "ጇ" }, { 0x1308, "ጐ ጒ ጓ ጔ ጕ" }, { 0x1320, "ጧ" },
    { 0x1328, "ጯ" }, { 0x1330, "ጷ" }, { 0x1338, "ጿ" }, { 0x1348, "ፏ" }, { 0x1350, "ፗ" },
};

const char *kb_ethiopic_extra(uint32_t consonant)
{
    for (size_t i = 0; i < WK_ARRAY_LEN(ethiopic_extras); i++)
        if (ethiopic_extras[i].consonant == consonant)
            return ethiopic_extras[i].extra;
    return "";
}
