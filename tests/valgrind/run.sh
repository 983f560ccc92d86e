#!/bin/sh
# run.sh — `make valgrind`: the headless scenario suite under valgrind's
# memcheck, which must find no error and no definitely lost block.
#
#   tests/valgrind/run.sh BUILD
#
# 1. The cases of tests/run that drive the headless kiosk the way a
#    resident does (every screen, every language, the keyboard, forms,
#    the wipe after Done), each in its forked child, which valgrind
#    follows: a leak or an invalid read fails that case.
# 2. The kiosk binary itself from main() to exit: a message written and
#    queued (sealed to the test hub key, no hub), and the first screens in
#    Arabic, Tigrinya and Ukrainian at the landscape and portrait sizes.
# Noise of system libraries is in welkom.supp, each entry with its reason.
set -eu
B=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
VG="valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=1
    --suppressions=$here/welkom.supp"
# VALGRIND_CASES narrows step 1 (CI runs the forms and the wipe only).
CASES=${VALGRIND_CASES:-"test_kiosk test_browse test_forms test_ui test_keyboard test_golden test_privacy test_fuzz_found"}

echo "valgrind: the headless cases ($CASES)"
# shellcheck disable=SC2086
WELKOM_BUILD=$B $VG "$B/tests/run" $CASES

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
HUB_KEY=$(grep -v '^#' assets/demo/keys/test-hub.pub | head -n 1)
MESSAGE="tap:English;tap:Leave a message;tap:Something else;tap:Next;tap:h;tap:i;tap:⏎;tap:a;tap:⏎;"
MESSAGE="${MESSAGE}tap:At the reception desk;tap:Next;tap:Send;expect:Your reference code:;tap:Done"
echo "valgrind: the kiosk, a message queued"
# shellcheck disable=SC2086
$VG "$B/welkom" --state-dir "$T/state" --hub-public-key "$HUB_KEY" --size 1280x800 --headless \
    --script "$MESSAGE" --screenshot "$T/message.png" 2>"$T/kiosk.log" || { cat "$T/kiosk.log" >&2; exit 1; }
for run in ar:800x480 ti:1080x1920 uk:800x480; do
    echo "valgrind: the kiosk in ${run%%:*} at ${run#*:}"
    # shellcheck disable=SC2086
    $VG "$B/welkom" --state-dir "$T/state-${run%%:*}" --lang "${run%%:*}" --size "${run#*:}" \
        --screenshot "$T/${run%%:*}.png" 2>"$T/kiosk.log" || { cat "$T/kiosk.log" >&2; exit 1; }
done
echo "valgrind: no error, no definite leak"
