/* staff_pin.c — `welkomctl staff-pin`: turns the PIN that opens staff mode
 * at the kiosks into the line for the bundle's centre.ini. The PIN is read
 * from standard input (a line; not an argument, which `ps` and the shell's
 * history would show) and only its Argon2id hash is printed. */
#include "welkomctl.h"
#include "../../app/content/content.h"

#include <sodium.h>
#include <string.h>

int ctl_cmd_staff_pin(int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return ctl_usage_fail("staff-pin");
    char pin[CONTENT_STAFF_PIN_MAX + 8] = "", hash[CONTENT_STAFF_HASH_BYTES], err[WK_ERR_MAX];
    if (!fgets(pin, sizeof pin, stdin)) {
        return ctl_fail("staff-pin: no PIN on standard input (echo PIN | welkomctl staff-pin, "
                        "or type it and press Enter)");
    }
    pin[strcspn(pin, "\r\n")] = '\0';
    int rc = content_staff_pin_hash(pin, hash, err);
    sodium_memzero(pin, sizeof pin);
    if (rc)
        return ctl_fail("staff-pin: %s", err);
    printf("# the staff PIN of welkom kiosks: put this line in centre.ini, section [settings]\n"
           "staff_pin_hash = %s\n", hash);
    return 0;
}
