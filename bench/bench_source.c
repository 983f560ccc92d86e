/* bench_source.c — content sources for benchmarks: a centre of any size in
 * eleven languages written as welkomctl source files, built with the real
 * welkomctl code and signed with the test key, in a temporary directory
 * removed at exit. */
#include "bench.h"
#include "../app/content/content.h"
#include "../tools/welkomctl/welkomctl.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PATH_BYTES 1024
#define WEEK_DAYS 7
#define TEST_KEY "assets/demo/keys/test-publisher"
/* Long values are broken at spaces into lines of at most this many bytes
 * (welkomctl reads lines of at most CTL_MAX_LINE_BYTES). */
#define SOURCE_LINE_BYTES 160

/* --- the generated source ------------------------------------------- */

enum { NL, EN, FR, AR, FA, PS, TI, SO, TR, UK, RU, LANGS };
static const char *const lang_codes[LANGS] = { "nl", "en", "fr", "ar", "fa", "ps",
                                               "ti", "so", "tr", "uk", "ru" };

static const struct { const char *id, *pictogram, *title[LANGS]; } categories[] = {
    { "learn", "language-class", { "Leren", "Learning", "Apprendre", "التعلّم", "آموزش", "زده کړه",
      "ምምሃር", "Waxbarasho", "Eğitim", "Навчання", "Учёба" } },
    { "work", "work", { "Werk", "Work", "Travail", "العمل", "کار", "کار", "ስራሕ", "Shaqo", "İş",
      "Робота", "Работа" } },
    { "young", "youth", { "Jongeren", "Young people", "Jeunes", "الشباب", "جوانان", "ځوانان",
      "መንእሰያት", "Dhallinyarada", "Gençler", "Молодь", "Молодёжь" } },
    { "children", "children", { "Kinderen", "Children", "Enfants", "الأطفال", "کودکان", "ماشومان",
      "ቆልዑ", "Carruurta", "Çocuklar", "Діти", "Дети" } },
    { "health", "health", { "Gezondheid", "Health", "Santé", "الصحة", "صحت", "روغتیا", "ጥዕና",
      "Caafimaad", "Sağlık", "Здоров'я", "Здоровье" } },
    { "daily", "shop", { "Dagelijks leven", "Daily life", "Vie quotidienne", "الحياة اليومية",
      "زندگی روزمره", "ورځنی ژوند", "ዕለታዊ ናብራ", "Nolol maalmeed", "Günlük yaşam",
      "Повсякденне життя", "Повседневная жизнь" } },
    { "meet", "buddy", { "Mensen ontmoeten", "Meet people", "Rencontrer des gens",
      "التعرّف على الناس", "آشنایی با مردم", "له خلکو سره لیدل", "ምስ ሰባት ምፍላጥ",
      "La kulan dadka", "İnsanlarla tanışın", "Знайомства", "Знакомства" } },
    { "sport", "football", { "Sport", "Sport", "Sport", "الرياضة", "سپورت", "لوبې", "ስፖርት",
      "Isboorti", "Spor", "Спорт", "Спорт" } },
    { "info", "info", { "Info en advies", "Information and advice", "Info et conseils",
      "معلومات ونصائح", "معلومات و مشوره", "معلومات او مشوره", "ሓበሬታን ምኽርን",
      "Macluumaad iyo talo", "Bilgi ve danışma", "Інформація та порада",
      "Информация и советы" } },
};
#define CATEGORY_COUNT ((int)WK_ARRAY_LEN(categories))

/* Templates; %d is the item's number, so every item's texts differ. */
static const char *const service_title[LANGS] = {
    "Spreekuur %d: hulp bij documenten en afspraken",
    "Drop-in %d: help with documents and appointments",
    "Permanence %d : aide pour les documents et les rendez-vous",
    "الاستشارة %d: مساعدة في الوثائق والمواعيد",
    "مشوره %d: کمک با اسناد و ملاقات‌ها",
    "مشوره %d: د اسنادو او ملاقاتونو سره مرسته",
    "ምኽሪ %d፦ ምስ ሰነዳትን ቆጸራታትን ሓገዝ",
    "Kulan %d: caawimo dukumentiyada iyo ballamaha",
    "Danışma %d: belgeler ve randevular için yardım",
    "Консультація %d: допомога з документами та записами",
    "Консультация %d: помощь с документами и записью",
};
static const char *const service_summary[LANGS] = {
    "Spreekuur %d is er elke week. Kom langs met vragen over je verblijf, je papieren of je afspraken in de stad.",
    "Drop-in %d is open every week. Come by with questions about your stay, your papers or your appointments in the city.",
    "La permanence %d a lieu chaque semaine. Passez avec vos questions sur votre séjour, vos papiers ou vos rendez-vous.",
    "الاستشارة %d كل أسبوع. تعال بأسئلتك عن إقامتك أو أوراقك أو مواعيدك في المدينة.",
    "مشوره %d هر هفته است. با سوال‌های خود درباره اقامت، اسناد یا ملاقات‌های تان در شهر بیایید.",
    "مشوره %d هره اونۍ ده. د خپل اوسېدو، اسنادو یا په ښار کې د ملاقاتونو په اړه پوښتنې راوړئ.",
    "ምኽሪ %d ኩሉ ሰሙን ኣሎ። ብዛዕባ ምጽናሕኩም፣ ሰነዳትኩም ወይ ቆጸራታትኩም ሕቶታት ሒዝኩም ምጹ።",
    "Kulanka %d waa toddobaad kasta. Kaalay su'aalo ku saabsan joogitaankaaga, waraaqahaaga ama ballamahaaga.",
    "Danışma %d her hafta açık. Kalışınız, belgeleriniz veya randevularınız hakkındaki sorularınızla gelin.",
    "Консультація %d працює щотижня. Приходьте з питаннями про перебування, документи чи записи в місті.",
    "Консультация %d работает каждую неделю. Приходите с вопросами о пребывании, документах или записи в городе.",
};
static const char *const activity_title[LANGS] = {
    "Taalcafé %d: samen Nederlands oefenen",
    "Language café %d: practise Dutch together",
    "Café langues %d : pratiquer le néerlandais ensemble",
    "مقهى اللغة %d: نتدرّب على الهولندية معًا",
    "کافه زبان %d: با هم هالندی تمرین کنیم",
    "د ژبې کافي %d: یوځای هالنډي تمرین کوو",
    "ካፈ ቋንቋ %d፦ ብሓባር ሆላንድኛ ንለማመድ",
    "Kafeega luqadda %d: aan wada barano Nederlandiga",
    "Dil kafesi %d: birlikte Felemenkçe pratik",
    "Мовне кафе %d: разом практикуємо нідерландську",
    "Языковое кафе %d: вместе практикуем нидерландский",
};
static const char *const activity_summary[LANGS] = {
    "Groep %d komt elke week samen. Iedereen is welkom, ook beginners; er is koffie en thee.",
    "Group %d meets every week. Everyone is welcome, beginners too; there is coffee and tea.",
    "Le groupe %d se retrouve chaque semaine. Tout le monde est bienvenu, les débutants aussi.",
    "تلتقي المجموعة %d كل أسبوع. الجميع مرحّب بهم، والمبتدئون أيضًا؛ يوجد قهوة وشاي.",
    "گروه %d هر هفته جمع می‌شود. همه خوش آمدید، تازه‌کارها هم؛ قهوه و چای هست.",
    "ډله %d هره اونۍ سره راټولېږي. ټول ښه راغلاست، نوي زده کوونکي هم؛ قهوه او چای شته.",
    "ጉጅለ %d ኩሉ ሰሙን ይራኸብ። ኩሉ ሰብ እንቋዕ ብደሓን መጸ፣ ጀመርቲ እውን።",
    "Kooxda %d waxay kulantaa toddobaad kasta. Qof walba waa la soo dhaweynayaa; waxaa jira kafee iyo shaah.",
    "Grup %d her hafta buluşuyor. Yeni başlayanlar dahil herkes gelebilir; kahve ve çay var.",
    "Група %d збирається щотижня. Запрошуємо всіх, також початківців; є кава і чай.",
    "Группа %d собирается каждую неделю. Приглашаем всех, начинающих тоже; есть кофе и чай.",
};
/* Place and body in Dutch, English and Arabic only, as a centre that has
 * not had everything translated yet: the rest falls back to English. */
static const char *const place[LANGS] = {
    [NL] = "Zaal %d, Voorbeeldstraat 1 (demo)", [EN] = "Room %d, Voorbeeldstraat 1 (demo)",
    [AR] = "القاعة %d، Voorbeeldstraat 1 (تجريبي)",
};
static const char *const body[LANGS] = {
    [NL] = "Nummer %d. Je hoeft je niet vooraf in te schrijven: kom gewoon langs en vraag naar de "
           "medewerker aan het onthaal. Breng je verblijfsdocument mee als je dat hebt.\\nEen tolk "
           "is er op afspraak in het Arabisch, Dari, Pasjtoe, Tigrinya en Somali. Vraag het minstens "
           "twee dagen op voorhand.\\nKun je niet komen? Zeg het aan het onthaal, dan krijgt iemand "
           "anders je plaats.",
    [EN] = "Number %d. You do not need to sign up in advance: just come by and ask for the staff "
           "member at the reception desk. Bring your residence document if you have one.\\nAn "
           "interpreter is available by appointment in Arabic, Dari, Pashto, Tigrinya and Somali. "
           "Ask at least two days ahead.\\nIf you cannot come, tell the reception desk so that "
           "someone else can have your place.",
    [AR] = "رقم %d. لا تحتاج إلى التسجيل مسبقًا: تعال واسأل عن الموظف في مكتب الاستقبال. أحضر "
           "وثيقة إقامتك إن كانت لديك.\\nيتوفر مترجم بموعد مسبق باللغات العربية والدرية والبشتو "
           "والتغرينية والصومالية. اطلب ذلك قبل يومين على الأقل.\\nإذا لم تستطع الحضور، أخبر "
           "مكتب الاستقبال ليأخذ شخص آخر مكانك.",
};
static const char *const activity_pictograms[] = {
    "language-class", "football", "bicycle", "children", "buddy", "information-session",
    "psychosocial", "giveaway", "school", "volunteers",
};
static const char *const weekdays[WEEK_DAYS] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

static FILE *create(const char *dir, const char *rel)
{
    char path[PATH_BYTES];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    FILE *f = fopen(path, "w");
    if (!f)
        bench_die(path, strerror(errno));
    return f;
}

static void close_file(FILE *f, const char *what)
{
    if (ferror(f) | fclose(f))
        bench_die(what, "cannot write the generated source");
}

/* "key = value", broken at spaces into continuation lines (indented) so
 * no line is longer than welkomctl reads; they are joined with one space. */
static void put_value(FILE *f, const char *key, const char *value)
{
    int width = fprintf(f, "%s =", key);
    for (const char *p = value + strspn(value, " "); *p; p += strspn(p, " ")) {
        int word = (int)strcspn(p, " ");
        if (width + 1 + word > SOURCE_LINE_BYTES) {
            fputs("\n ", f);
            width = 1;
        }
        width += fprintf(f, " %.*s", word, p);
        p += word;
    }
    fputc('\n', f);
}

static void put_template(FILE *f, const char *key, const char *template, int n)
{
    char text[2048];
    snprintf(text, sizeof text, template, n);
    put_value(f, key, text);
}

static void write_texts(FILE *f, const char *const titles[LANGS], const char *const summaries[LANGS],
                        int n, bool is_activity)
{
    for (int l = 0; l < LANGS; l++) {
        fprintf(f, "\n[%s]\n", lang_codes[l]);
        put_template(f, "title", titles[l], n);
        put_template(f, "summary", summaries[l], n);
        if (is_activity && place[l])
            put_template(f, "place", place[l], n);
        if (body[l])
            put_template(f, "body", body[l], n);
    }
}

static void write_service(const char *dir, int n)
{
    char rel[64];
    snprintf(rel, sizeof rel, "services/service-%05d.ini", n);
    FILE *f = create(dir, rel);
    const char *cat = categories[n % CATEGORY_COUNT].id;
    fprintf(f, "[service]\ncategory = %s\naddress = Voorbeeldstraat %d, 9000 Gent (demo)\n"
               "email = service-%d@example.org\nwebsite = https://example.org/%d\n\n[hours]\n",
            cat, n % 200 + 1, n, n);
    /* Three kinds of week: split days, alternating mornings, long days. */
    for (int wd = 0; wd < WEEK_DAYS; wd++) {
        const char *hours = "closed";
        if (n % 3 == 0 && wd < 5)
            hours = "09:00-12:00, 13:00-16:30";
        else if (n % 3 == 1 && wd < 5)
            hours = wd % 2 ? "13:00-17:00" : "09:00-12:00";
        else if (n % 3 == 2 && wd >= 1 && wd < 6)
            hours = "10:00-18:00";
        fprintf(f, "%s = %s\n", weekdays[wd], hours);
    }
    fprintf(f, "\n[exceptions]\n2026-01-%02d = %s\n", n % 28 + 1, n % 2 ? "closed" : "10:00-12:00");
    write_texts(f, service_title, service_summary, n, false);
    close_file(f, rel);
}

/* An activity once a week: on `weekday`, or spread over the week when
 * weekday < 0, at a time that moves with n. */
static void write_activity(const char *dir, int n, int weekday)
{
    char rel[64];
    snprintf(rel, sizeof rel, "activities/activity-%05d.ini", n);
    FILE *f = create(dir, rel);
    int capacity = 10 + n % 30;
    int starts = weekday < 0 ? 9 * 60 + (n % 20) * 30 : 10 * 60 + 30 + (n % 20) * 30;
    fprintf(f, "[activity]\ncategory = %s\npictogram = %s\ncapacity = %d\nsignup = %s\n\n"
               "[weekly]\n%s = %02d:%02d-%02d:%02d\n",
            categories[n % CATEGORY_COUNT].id,
            activity_pictograms[n % WK_ARRAY_LEN(activity_pictograms)], capacity,
            n % 2 ? "yes" : "no", weekdays[weekday < 0 ? n % WEEK_DAYS : weekday], starts / 60,
            starts % 60, (starts + 90) / 60, (starts + 90) % 60);
    if (n % 3 == 0)
        fprintf(f, "\n[taken]\n2026-01-%02d = %d\n", 5 + n % WEEK_DAYS, capacity / 2);
    write_texts(f, activity_title, activity_summary, n, true);
    close_file(f, rel);
}

/* A source directory: the centre (11 languages), 9 categories, then the
 * services and activities. */
void bench_write_source(const char *dir, int services, int activities, int weekday)
{
    char path[PATH_BYTES];
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s%s", dir, (const char *[]){ "", "/services", "/activities" }[i]);
        if (mkdir(path, 0755) && errno != EEXIST)
            bench_die(path, strerror(errno));
    }
    FILE *f = create(dir, "centre.ini");
    fputs("[bundle]\ncentre = Benchmark centre, Ghent (generated)\ncontent_version = 1\n"
          "created_at = 2026-01-01T00:00:00Z\ntimezone = Europe/Brussels\ndemo = yes\n\n[languages]\n", f);
    for (int l = 0; l < LANGS; l++)
        fprintf(f, "%s = yes\n", lang_codes[l]);
    fputs("\n[settings]\ndefault_language = nl\nidle_timeout_s = 60\n", f);
    close_file(f, "centre.ini");

    f = create(dir, "categories.ini");
    for (int c = 0; c < CATEGORY_COUNT; c++) {
        fprintf(f, "[%s]\npictogram = %s\n", categories[c].id, categories[c].pictogram);
        for (int l = 0; l < LANGS; l++)
            fprintf(f, "%s = %s\n", lang_codes[l], categories[c].title[l]);
        fputc('\n', f);
    }
    close_file(f, "categories.ini");
    for (int i = 1; i <= services; i++)
        write_service(dir, i);
    for (int i = 1; i <= activities; i++)
        write_activity(dir, i, weekday);
}

/* Builds dir into out with the real welkomctl code; returns the time it
 * took in ms. */
double bench_build_bundle(const char *dir, const char *out)
{
    char err[WK_ERR_MAX] = "";
    FILE *report = tmpfile();
    if (!report)
        bench_die("tmpfile", strerror(errno));
    struct ctl_report r = { .out = report, .quiet = true };
    double t0 = bench_now_ms();
    int rc = ctl_build(&(struct ctl_build_options){ .source_dir = dir, .output = out,
                                                    .assets_dir = "assets" }, &r, err);
    double ms = bench_now_ms() - t0;
    if (rc) {
        char text[4096];
        rewind(report);
        size_t n = fread(text, 1, sizeof text - 1, report);
        text[n] = '\0';
        fprintf(stderr, "%s", text);
        bench_die("build", err);
    }
    fclose(report);
    return ms;
}

/* Writes out.sig with the test key, as `welkomctl bundle sign` does. */
void bench_sign(const char *bundle)
{
    char err[WK_ERR_MAX] = "", path[PATH_BYTES], sig[CONTENT_MAX_SIG_BYTES];
    unsigned char sk[CONTENT_SECRET_KEY_BYTES];
    if (content_key_file_read(TEST_KEY ".key", sk, sizeof sk, err))
        bench_die("secret key", err);
    FILE *f = fopen(bundle, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st))
        bench_die(bundle, strerror(errno));
    unsigned char *bytes = malloc((size_t)st.st_size);
    if (!bytes || fread(bytes, 1, (size_t)st.st_size, f) != (size_t)st.st_size)
        bench_die(bundle, "cannot read");
    fclose(f);
    if (content_sign(bytes, (size_t)st.st_size, sk, sig, sizeof sig, err))
        bench_die("sign", err);
    free(bytes);
    snprintf(path, sizeof path, "%s.sig", bundle);
    f = fopen(path, "w");
    if (!f || fputs(sig, f) < 0 || fclose(f))
        bench_die(path, "cannot write");
}

struct content_keys bench_keys_from(const char *pub_path)
{
    char err[WK_ERR_MAX] = "";
    struct content_keys keys = { .count = 1 };
    if (content_key_file_read(pub_path, keys.key[0], CONTENT_KEY_BYTES, err))
        bench_die(pub_path, err);
    return keys;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

/* The generated sources and bundles: one temporary directory, removed at
 * exit, also when a benchmark dies half way (hence process-wide: atexit()
 * takes no argument). */
static struct { char path[32]; bool made; } tmp = { "/tmp/welkom-bench-XXXXXX", false };

static void remove_tmp_dir(void)
{
    nftw(tmp.path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *bench_tmp_dir(void)
{
    if (tmp.made)
        return tmp.path;
    if (!mkdtemp(tmp.path))
        bench_die("mkdtemp", strerror(errno));
    tmp.made = true;
    atexit(remove_tmp_dir);
    return tmp.path;
}

