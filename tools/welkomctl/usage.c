/* usage.c — every welkomctl command with its usage line and its help, in
 * one table: main.c dispatches by it, `welkomctl COMMAND --help` prints a
 * command's help from it, and a command that cannot take its arguments
 * prints its usage line from it (ctl_usage_fail). */
#include "welkomctl.h"
#include "../../hub/store.h"

#include <string.h>

#define HUB_DB_HELP "  --hub-db FILE    the hub's database (default " HUB_STORE_DEFAULT_PATH ")\n"

const struct ctl_command ctl_commands[] = {
    { "keygen", "keygen NAME [--box] [--test] [--force]",
      "Makes a key pair: NAME.key (secret, mode 0600) and NAME.pub.\n"
      "  --box            a hub's sealing key (X25519) that kiosks seal answers to,\n"
      "                   instead of a publisher's signing key (Ed25519)\n"
      "  --test           mark both files as a test key, whose secret half is public\n"
      "  --force          replace NAME.key and NAME.pub if they exist\n",
      ctl_cmd_keygen },
    { "bundle build", "bundle build SRC_DIR -o BUNDLE [--assets DIR] [--quiet]",
      "Compiles a content source directory into one bundle file (docs/bundle.md);\n"
      "every problem is reported as FILE:LINE and a source with errors writes nothing.\n"
      "  -o, --output BUNDLE  the bundle to write\n"
      "  --assets DIR     check pictograms against DIR/pictograms (default assets/ if present)\n"
      "  --quiet          no warnings, no summary\n",
      ctl_cmd_build },
    { "bundle sign", "bundle sign BUNDLE --key NAME.key [--quiet]",
      "Signs BUNDLE with a publisher's secret key into BUNDLE.sig, after checking\n"
      "that a kiosk would open it.\n",
      ctl_cmd_sign },
    { "bundle verify", "bundle verify BUNDLE --key NAME.pub [--key ...]",
      "Checks BUNDLE and BUNDLE.sig as a kiosk would, against the publisher keys given.\n",
      ctl_cmd_verify },
    { "bundle show", "bundle show BUNDLE [--key NAME.pub] [--lang CODE]",
      "Prints what BUNDLE holds. Without --key the signature is not checked against\n"
      "a key you trust, and the output says so.\n",
      ctl_cmd_show },
    { "content import", "content import SRC_DIR [--hub-db FILE]",
      "Makes SRC_DIR (a content source directory, docs/bundle.md) the draft that the\n"
      "staff console edits and publishes. It must build without errors first.\n" HUB_DB_HELP,
      ctl_cmd_content_import },
    { "content export", "content export DIR [--hub-db FILE]",
      "Writes the staff console's draft to DIR (new) as a content source directory.\n" HUB_DB_HELP,
      ctl_cmd_content_export },
    { "kiosk add", "kiosk add NAME [--hub-db FILE]",
      "Enrols a kiosk and prints its token once, for the kiosk's [hub] token.\n" HUB_DB_HELP,
      ctl_cmd_kiosk_add },
    { "kiosk revoke", "kiosk revoke NAME [--hub-db FILE]",
      "Revokes a kiosk: its token gets 403 from then on; what it stored stays.\n" HUB_DB_HELP,
      ctl_cmd_kiosk_revoke },
    { "status", "status [--hub-db FILE]",
      "Lists every kiosk: state, last heartbeat, queue and its oldest row, content\n"
      "version, firmware, submissions stored and its last error.\n" HUB_DB_HELP,
      ctl_cmd_status },
    { "publish", "publish BUNDLE --key PUBLISHER.pub [--key ...] [--hub-db FILE]",
      "Checks BUNDLE and BUNDLE.sig as a kiosk would, against the publisher keys the\n"
      "kiosks pin, and offers it to kiosks at their next poll.\n" HUB_DB_HELP,
      ctl_cmd_publish },
    { "firmware sign", "firmware sign PACKAGE.deb --version N --key NAME.key",
      "Signs a kiosk package (the welkom .deb) as firmware version N into\n"
      "PACKAGE.deb.sig. N must rise with every package: kiosks never install a\n"
      "version at or below one they had.\n",
      ctl_cmd_firmware_sign },
    { "firmware publish", "firmware publish PACKAGE.deb --key PUBLISHER.pub [--key ...] [--hub-db FILE]",
      "Checks PACKAGE.deb and its signature as a kiosk would and offers it to the\n"
      "kiosks of its architecture; they install it at night and go back to the\n"
      "package they had if it shows no first frame within a minute.\n" HUB_DB_HELP,
      ctl_cmd_firmware_publish },
    { "submissions export",
      "submissions export --key HUB.key [--format csv|json] [-o FILE]\n"
      "      [--since YYYY-MM-DD] [--kind signup|buddy|volunteer|message] [--hub-db FILE]",
      "Opens what residents sent with the hub's secret key and writes it as CSV\n"
      "(default) or JSON. The output is personal data: -o FILE is written mode 0600.\n"
      "  --since DAY      only those received on or after DAY (UTC)\n"
      "  --kind KIND      only those of one kind\n" HUB_DB_HELP,
      ctl_cmd_export },
    { "staff add", "staff add NAME --role editor|caseworker|admin [--url https://HUB] [--hub-db FILE]",
      "Adds a person to the staff console and prints a set-up link, once: it sets\n"
      "their password, works once and ends in 72 hours.\n"
      "  --role ROLE      editor (content), caseworker (residents' requests) or admin\n"
      "                   (people, kiosks, the audit log)\n"
      "  --url URL        where staff reach the hub, for the link\n" HUB_DB_HELP,
      ctl_cmd_staff_add },
    { "staff list", "staff list [--hub-db FILE]",
      "Lists the console's people: role, state and which key slots they have.\n" HUB_DB_HELP,
      ctl_cmd_staff_list },
    { "staff revoke", "staff revoke NAME [--hub-db FILE]",
      "Revokes a person: they can no longer log in, their key slots are deleted.\n" HUB_DB_HELP,
      ctl_cmd_staff_revoke },
    { "staff slot", "staff slot NAME --key FILE [--kind hub|publisher] [--hub-db FILE]",
      "Puts a secret key file into NAME's key slot, wrapped with NAME's password,\n"
      "which NAME types at this terminal (or a line of stdin). The console unwraps it\n"
      "into locked memory when NAME logs in. Delete the key file once the slots are made.\n"
      "  --key FILE       the hub's secret key (welkomctl keygen NAME --box) or the\n"
      "                   publisher's (welkomctl keygen NAME)\n"
      "  --kind KIND      hub (default: opens submissions) or publisher (signs bundles)\n" HUB_DB_HELP,
      ctl_cmd_staff_slot },
    { "staff-pin", "staff-pin < PIN",
      "Reads a staff PIN (6 to 12 digits) from standard input and prints the line\n"
      "staff_pin_hash = ... for centre.ini's [settings]: the PIN that opens staff mode\n"
      "at the kiosks (a long press in the top left corner of the attract screen).\n"
      "Only the hash (Argon2id) goes into the bundle.\n",
      ctl_cmd_staff_pin },
    { "volunteers import", "volunteers import FILE.csv [--hub-db FILE]",
      "Adds the volunteers of FILE.csv (a first line naming the columns first_name\n"
      "and organisation) with the next numbers and new codes, and prints each one's\n"
      "number, first name, organisation and code as CSV, once: the hub keeps only a\n"
      "salted hash (docs/volunteers.md). Print the badges from it, then delete it.\n"
      "The roster goes into the console's draft for the next publish.\n" HUB_DB_HELP,
      ctl_cmd_volunteers_import },
    { "volunteers hours", "volunteers hours --from YYYY-MM-DD --to YYYY-MM-DD --key HUB.key [--hub-db FILE]",
      "Opens the volunteers' check-ins and check-outs with the hub's secret key and\n"
      "writes their hours per organisation, event and volunteer between the two days\n"
      "(both included, the centre's local time) as CSV. A check-in without check-out\n"
      "is closed at the end of its event's window and counted in closed_by_window.\n" HUB_DB_HELP,
      ctl_cmd_volunteers_hours },
};
const size_t ctl_command_count = WK_ARRAY_LEN(ctl_commands);

const struct ctl_command *ctl_command_find(const char *words)
{
    for (size_t i = 0; i < ctl_command_count; i++)
        if (!strcmp(ctl_commands[i].words, words))
            return &ctl_commands[i];
    return NULL;
}

int ctl_usage_fail(const char *words)
{
    const struct ctl_command *c = ctl_command_find(words);
    return ctl_fail("usage: welkomctl %s (see welkomctl %s --help)", c ? c->usage : words, words);
}
