/* test_volunteer_code.c — a volunteer's check-in code as welkomctl makes
 * it and a kiosk checks it: the sealed roster entry opens with that code
 * and no other, shows the first name only then, holds neither the code
 * nor the name in its bytes, and a bundle cannot ask for a costlier
 * check than the firmware allows. */
#include "test.h"
#include "../app/content/volunteer_code.h"

#include <string.h>

static const struct volunteer_cost cheap = { VOLUNTEER_COST_KIB_MIN, 1 };

static bool holds(const void *hay, size_t n, const char *needle)
{
    return memmem(hay, n, needle, strlen(needle)) != NULL;
}

TEST(a_volunteer_code_opens_its_own_entry_and_no_other)
{
    char err[WK_ERR_MAX], code[VOLUNTEER_CODE_MAX], other[VOLUNTEER_CODE_MAX];
    char name[VOLUNTEER_NAME_MAX + 1];
    CHECK_OK(volunteer_code_new(427, code, err));
    CHECK_INT_EQ((int)strlen(code), VOLUNTEER_CODE_DIGITS + 1);
    CHECK(strncmp(code, "0427-", 5) == 0);
    struct volunteer_sealed v;
    CHECK_OK(volunteer_seal(code, "Amina", cheap, &v, err));
    CHECK_INT_EQ((int)v.id, 427);
    /* Neither the code, its secret part nor the name is in the entry. */
    CHECK(!holds(&v, sizeof v, code + 5));
    CHECK(!holds(&v, sizeof v, "Amina"));

    CHECK_OK(volunteer_open(&v, code, cheap, name, err));
    CHECK_STR_EQ(name, "Amina");
    /* A scanner may send it without the dash, the pad with spaces. */
    char spaced[32];
    snprintf(spaced, sizeof spaced, "%.4s %.4s %.4s", code, code + 5, code + 9);
    CHECK_OK(volunteer_open(&v, spaced, cheap, name, err));

    /* One digit off, another volunteer's code, the right code for another
     * number: all "not this volunteer's code", and no name given. */
    strcpy(other, code);
    other[11] = other[11] == '9' ? '0' : (char)(other[11] + 1);
    memset(name, 0, sizeof name);
    CHECK_INT_EQ(volunteer_open(&v, other, cheap, name, err), WK_EPERM);
    CHECK_STR_EQ(name, "");
    CHECK_OK(volunteer_code_new(428, other, err));
    CHECK_INT_EQ(volunteer_open(&v, other, cheap, name, err), WK_EPERM);
    CHECK_INT_EQ(volunteer_open(&v, "0427", cheap, name, err), WK_EPERM);
    CHECK_INT_EQ(volunteer_open(&v, "0427-1234567x", cheap, name, err), WK_EPERM);

    /* The same code sealed twice gives different entries (fresh salts). */
    struct volunteer_sealed again;
    CHECK_OK(volunteer_seal(code, "Amina", cheap, &again, err));
    CHECK(memcmp(v.salt, again.salt, sizeof v.salt) != 0);
    CHECK(memcmp(v.verifier, again.verifier, sizeof v.verifier) != 0);
}

TEST(a_volunteer_code_is_twelve_digits_and_a_number_from_1_to_9999)
{
    char err[WK_ERR_MAX], code[VOLUNTEER_CODE_MAX], digits[VOLUNTEER_CODE_DIGITS + 1];
    uint32_t id = 0;
    CHECK(volunteer_code_new(0, code, err) == WK_EINVAL);
    CHECK(volunteer_code_new(10000, code, err) == WK_EINVAL);
    CHECK_OK(volunteer_code_new(9999, code, err));
    CHECK_OK(volunteer_code_parse(code, &id, digits, err));
    CHECK_INT_EQ((int)id, 9999);
    CHECK_INT_EQ(volunteer_code_parse("0000-12345678", &id, digits, err), WK_EINVAL);
    CHECK_INT_EQ(volunteer_code_parse("0001-123456789", &id, digits, err), WK_EINVAL);
    CHECK_INT_EQ(volunteer_code_parse("", &id, digits, err), WK_EINVAL);
    CHECK_INT_EQ(volunteer_code_parse("٠٠٠١-12345678", &id, digits, err), WK_EINVAL);
    CHECK_OK(volunteer_code_parse("0001 1234 5678", &id, digits, err));
    CHECK_STR_EQ(digits, "000112345678");
}

TEST(a_roster_cannot_ask_for_a_costlier_check_than_the_firmware_allows)
{
    char err[WK_ERR_MAX], code[VOLUNTEER_CODE_MAX], name[VOLUNTEER_NAME_MAX + 1];
    struct volunteer_sealed v;
    CHECK_OK(volunteer_code_new(7, code, err));
    CHECK_OK(volunteer_seal(code, "Olena", cheap, &v, err));
    struct volunteer_cost huge = { VOLUNTEER_COST_KIB_MAX + 1, 1 };
    CHECK_INT_EQ(volunteer_open(&v, code, huge, name, err), WK_EFORMAT);
    CHECK(strstr(err, "KiB") != NULL);
    struct volunteer_cost slow = { VOLUNTEER_COST_KIB_MIN, VOLUNTEER_COST_PASSES_MAX + 1 };
    CHECK_INT_EQ(volunteer_open(&v, code, slow, name, err), WK_EFORMAT);
    /* A damaged sealed name is an error of the entry, not a wrong code. */
    v.name[v.name_len - 1] ^= 1;
    CHECK_INT_EQ(volunteer_open(&v, code, cheap, name, err), WK_EFORMAT);
    v.name_len = 3;
    CHECK_INT_EQ(volunteer_open(&v, code, cheap, name, err), WK_EFORMAT);
    /* A first name is 1 to 64 bytes of UTF-8. */
    CHECK_INT_EQ(volunteer_seal(code, "", cheap, &v, err), WK_EINVAL);
    CHECK_INT_EQ(volunteer_seal(code, "\xff", cheap, &v, err), WK_EINVAL);
    CHECK_OK(volunteer_seal(code, "ሰላም", cheap, &v, err));
    CHECK_OK(volunteer_open(&v, code, cheap, name, err));
    CHECK_STR_EQ(name, "ሰላም");
}
