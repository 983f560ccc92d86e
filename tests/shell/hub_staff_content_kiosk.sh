# hub_staff_content_kiosk.sh — an editor's change reaches a kiosk: the
# demo source imported into the hub and published as version 1 (polled
# every 10 s), a headless kiosk on the real clock polling the hub
# installs it; then an editor in Debian's chromium
# (tests/browser/staff_content.mjs) changes a service's Arabic title,
# previews it and publishes; the running kiosk installs the new version
# at its next poll, and the kiosk, in Arabic, shows the new title on the
# service's screen (its frame's text, checked by expect:).
. "$(dirname "$0")/lib/hub.sh"
. "$(dirname "$0")/lib/staff.sh"
KIOSK=
KILL_AT_EXIT="KIOSK HUB_PID"
need_browser

start_hub --db $DB --listen 127.0.0.1:0 --kiosk-binary $B/welkom
person eda editor
echo "$PW" | $C staff slot eda --key $KEYS/test-publisher.key --kind publisher --hub-db $DB >/dev/null 2>$T/err ||
    fail "staff slot: $(cat $T/err)"
cp -r assets/demo $T/src
sed -i 's/^bundle_poll_s = .*/bundle_poll_s = 10/' $T/src/centre.ini
$C content import $T/src --hub-db $DB >/dev/null 2>$T/err || fail "content import: $(cat $T/err)"
login eda
expect 200 eda POST content/publish
grep -q '"version":1' $T/body || fail "the first publish: $(cat $T/body)"

enrol hall-c
kiosk_conf hall-c "[content]
publisher_key = $(tail -1 $KEYS/test-publisher.pub)"
$B/welkom --config $T/welkom.conf --headless >$T/kiosk.out 2>$T/kiosk.log &
KIOSK=$!
# waits_for TEXT: bounded, for a line of the kiosk's log.
waits_for() {
    for _ in $(seq 600); do
        grep -q "$1" $T/kiosk.log && return 0
        kill -0 $KIOSK 2>/dev/null || fail "the kiosk exited: $(tail -5 $T/kiosk.log)"
        sleep 0.05
    done
    fail "the kiosk never logged \"$1\": $(grep -i 'sync\|content' $T/kiosk.log | tail -3)"
}
waits_for "content switched to version 1"

# Markup in a text, for the page to show as text.
expect 200 eda GET content/services/legal-help
node -e 'const o = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    o.entries.find((e) => e[0] === "en" && e[1] === "summary")[2] = "<img src=x onerror=alert(1)><script>alert(2)</script>";
    process.stdout.write(JSON.stringify({ entries: o.entries }));' $T/body > $T/markup.json
expect 200 eda POST content/services/legal-help "$(cat $T/markup.json)"
NEW_TITLE="مساعدة قانونية جديدة"
node tests/browser/staff_content.mjs "$URL" legal-help "$NEW_TITLE" "$T" >$T/browser.out 2>&1 ||
    fail "in chromium: $(cat $T/browser.out)"
[ "$(tail -1 $T/browser.out)" = 2 ] || fail "the editor did not publish version 2: $(cat $T/browser.out)"
for png in content-en content-preview content-ar-phone; do [ -s $T/$png.png ] || fail "no screenshot $png"; done
[ -n "${WELKOM_SHOTS:-}" ] && cp $T/content-*.png "$WELKOM_SHOTS/"

# The running kiosk takes version 2 at its next poll.
waits_for "content switched to version 2"
kill -TERM $KIOSK; wait $KIOSK; KIOSK=
# What it shows now, in Arabic, on the service's screen.
$B/welkom --config $T/welkom.conf --size 1080x1920 --screenshot $T/kiosk-ar.png \
    --script "tap:العربية;tap:الخدمات;tap:معلومات ونصائح;tap:$NEW_TITLE;expect:$NEW_TITLE" >$T/shot.out 2>&1 ||
    fail "the kiosk does not show the new title: $(tail -2 $T/shot.out)"
grep -q "version 2" $T/shot.out || fail "the kiosk did not start on version 2: $(grep content $T/shot.out)"
[ -n "${WELKOM_SHOTS:-}" ] && cp $T/kiosk-ar.png "$WELKOM_SHOTS/"
exit 0
