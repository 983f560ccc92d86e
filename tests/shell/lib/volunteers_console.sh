# lib/volunteers_console.sh DAY — an admin with the hub key reads the
# volunteers' hours of DAY and who is here now from the console's API of
# the hub at $URL whose database is $TEST_TMPDIR/hub.db, into
# $TEST_TMPDIR/hours.json and here.json; then the page in chromium
# (tests/browser/staff_volunteers.mjs). Run by
# tests/test_volunteer_hours.c, which posted the records.
. "$(dirname "$0")/hub.sh"
. "$(dirname "$0")/staff.sh"
person ada admin
echo "$PW" | $C staff slot ada --key $KEYS/test-hub.key --hub-db $DB >/dev/null 2>$T/err || fail "slot: $(cat $T/err)"
login ada
expect 200 ada GET "volunteers/hours?from=$1&to=$1"
cp $T/body $T/hours.json
expect 200 ada GET volunteers/here
cp $T/body $T/here.json
expect 200 ada GET "volunteers/hours.csv?from=$1&to=$1"
grep -q '"2","'"'"'=Jo","4.00","240","1","1"' $T/body || fail "the CSV: $(cat $T/body)"
expect 400 ada GET "volunteers/hours?from=$1&to=2000-01-01"
expect 400 ada GET "volunteers/hours?from=$1"
# The same in chromium: who is here, the roster, badges, the hours.
need_browser
node tests/browser/staff_volunteers.mjs "$URL" "$1" "$T" 2>&1 || fail "the volunteers' page in chromium"
[ -n "${WELKOM_KEEP_SHOTS:-}" ] && cp $T/*.png $T/badges.pdf "$WELKOM_KEEP_SHOTS"/
true
