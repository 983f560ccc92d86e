# hub_staff_kiosk.sh — the staff console end to end with a real kiosk,
# one scenario: an editor's change reaches the kiosk, a resident's words
# reach a caseworker, and a buddy request is matched.
# - The demo source is imported into the hub and published as version 1;
#   a headless kiosk on the real clock installs it at its poll (every
#   10 s) and forwards a message and a buddy request a resident sent.
# - An editor in Debian's chromium (tests/browser/staff_content.mjs)
#   changes a service's Arabic title, previews it and publishes; the
#   running kiosk installs the new version at its next poll and shows the
#   new title on the service's screen (its frame's text, by expect:).
# - A caseworker, whose key slot was made from the hub's key file, reads
#   the message over the API and in chromium (tests/browser/staff_inbox.mjs)
#   and matches the buddy request with a buddy added there; the request
#   leaves the open list.
# - Nothing the resident typed is ever in the hub's files (the database,
#   its write-ahead log, the log) while the console shows it.
# Screenshots of every page go to the temp dir (and WELKOM_SHOTS).
. "$(dirname "$0")/lib/hub.sh"
. "$(dirname "$0")/lib/staff.sh"
KIOSK=
KILL_AT_EXIT="KIOSK HUB_PID"
need_browser

start_hub --db $DB --listen 127.0.0.1:0 --kiosk-binary $B/welkom
person cas caseworker
person ada admin
person eda editor
echo "$PW" | $C staff slot cas --key $KEYS/test-hub.key --hub-db $DB >$T/slot.out 2>$T/err ||
    fail "staff slot: $(cat $T/err)"
grep -q "delete the plaintext key file" $T/slot.out || fail "staff slot does not say to delete the key file"
echo "$PW" | $C staff slot eda --key $KEYS/test-publisher.key --kind publisher --hub-db $DB >/dev/null 2>$T/err ||
    fail "staff slot: $(cat $T/err)"
# The centre's content, polled every 10 s, published as version 1.
cp -r assets/demo $T/src
sed -i 's/^bundle_poll_s = .*/bundle_poll_s = 10/' $T/src/centre.ini
$C content import $T/src --hub-db $DB >/dev/null 2>$T/err || fail "content import: $(cat $T/err)"
login eda
expect 200 eda POST content/publish
grep -q '"version":1' $T/body || fail "the first publish: $(cat $T/body)"
enrol hall-e2e
kiosk_conf hall-e2e "[content]
publisher_key = $(tail -1 $KEYS/test-publisher.pub)"

# The resident types a word no one else would: "zqxjv".
MARKER=zqxjv
MESSAGE="tap:English;tap:Leave a message;tap:Something else;tap:Next;tap:z;tap:q;tap:x;tap:j;tap:v;tap:⏎;"
MESSAGE="${MESSAGE}tap:a;tap:⏎;tap:At the reception desk;tap:Next;tap:Send;expect:Your reference code:;tap:Done"
$B/welkom --config $T/welkom.conf --headless --script "$MESSAGE" >$T/kiosk.out 2>$T/kiosk.log ||
    fail "the kiosk's script failed: $(tail -5 $T/kiosk.log)"
REF=$(sed -n 's/.*queued a message, reference \([A-Z0-9-]*\).*/\1/p' $T/kiosk.log)
[ -n "$REF" ] || fail "no reference in the kiosk's log: $(tail -5 $T/kiosk.log)"
# And a buddy request: Dutch and Arabic, walks and Dutch, 26 to 40, a
# woman as buddy, free on Monday and Tuesday evening, named with the marker.
BUDDY="tap:English;tap:Find a buddy;tap:العربية;tap:Nederlands;tap:Next;tap:Walks in the city;"
BUDDY="${BUDDY}tap:Practising Dutch;tap:Next;tap:26 to 40 years;tap:Next;tap:A woman;tap:Next;"
BUDDY="${BUDDY}tap-at:1098,458;tap-at:1098,551;tap:Next;tap:z;tap:q;tap:x;tap:j;tap:v;tap:⏎;"
BUDDY="${BUDDY}tap:At the reception desk;tap:Next;tap:Send;expect:Your reference code:;tap:Done"
$B/welkom --config $T/welkom.conf --headless --script "$BUDDY" >>$T/kiosk.out 2>>$T/kiosk.log ||
    fail "the kiosk's buddy script failed: $(tail -5 $T/kiosk.log)"
BUDDY_REF=$(sed -n 's/.*queued a buddy, reference \([A-Z0-9-]*\).*/\1/p' $T/kiosk.log)
[ -n "$BUDDY_REF" ] || fail "no buddy reference in the kiosk's log: $(tail -5 $T/kiosk.log)"
# The kiosk on the real clock forwards its queue, sends a heartbeat and
# installs version 1.
$B/welkom --config $T/welkom.conf --headless >$T/kiosk-real.log 2>&1 &
KIOSK=$!
# waits_for TEXT: bounded, for a line of the running kiosk's log.
waits_for() {
    for _ in $(seq 600); do
        grep -q "$1" $T/kiosk-real.log && return 0
        kill -0 $KIOSK 2>/dev/null || fail "the kiosk exited: $(tail -5 $T/kiosk-real.log)"
        sleep 0.05
    done
    fail "the kiosk never logged \"$1\": $(grep -i 'sync\|content' $T/kiosk-real.log | tail -3)"
}
for _ in $(seq 400); do
    [ "$(rows 'SELECT count(*) FROM submissions')" = 2 ] && [ "$(rows 'SELECT count(*) FROM heartbeats')" -ge 1 ] && break
    kill -0 $KIOSK 2>/dev/null || fail "the kiosk exited: $(tail -5 $T/kiosk-real.log)"
    sleep 0.05
done
[ "$(rows 'SELECT count(*) FROM submissions')" = 2 ] || fail "the message and the buddy request did not reach the hub"
waits_for "content switched to version 1"

# The editor: markup in a text, for the page to show as text; then, in
# chromium, a new Arabic title, previewed and published as version 2.
expect 200 eda GET content/services/legal-help
node -e 'const o = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    o.entries.find((e) => e[0] === "en" && e[1] === "summary")[2] = "<img src=x onerror=alert(1)><script>alert(2)</script>";
    process.stdout.write(JSON.stringify({ entries: o.entries }));' $T/body > $T/markup.json
expect 200 eda POST content/services/legal-help "$(cat $T/markup.json)"
NEW_TITLE="مساعدة قانونية جديدة"
node tests/browser/staff_content.mjs "$URL" legal-help "$NEW_TITLE" "$T" >$T/browser-content.out 2>&1 ||
    fail "in chromium, the editor: $(cat $T/browser-content.out); the hub last logged: $(tail -3 $T/hub.log)"
[ "$(tail -1 $T/browser-content.out)" = 2 ] || fail "the editor did not publish version 2: $(cat $T/browser-content.out)"
for png in content-en content-preview content-ar-phone; do [ -s $T/$png.png ] || fail "no screenshot $png"; done
# The running kiosk takes version 2 at its next poll.
waits_for "content switched to version 2"
kill -TERM $KIOSK; wait $KIOSK; KIOSK=
# What it shows now, in Arabic, on the service's screen.
$B/welkom --config $T/welkom.conf --size 1080x1920 --screenshot $T/kiosk-ar.png \
    --script "tap:العربية;tap:الخدمات;tap:معلومات ونصائح;tap:$NEW_TITLE;expect:$NEW_TITLE" >$T/shot.out 2>&1 ||
    fail "the kiosk does not show the new title: $(tail -2 $T/shot.out)"
grep -q "version 2" $T/shot.out || fail "the kiosk did not start on version 2: $(grep content $T/shot.out)"
# A heartbeat whose last error is markup, for the kiosks page.
curl -s -o /dev/null -H "Authorization: Bearer $(token_of hall-e2e)" -H 'Content-Type: application/json' \
    -d "$(heartbeat 0 '<script>alert(1)</script>')" $URL/v1/heartbeat

# The caseworker opens it over the API: the words are there.
login cas
expect 200 cas GET "submissions?ref=$REF"
UUID=$(sed -n 's/.*"uuid":"\([^"]*\)".*/\1/p' $T/body)
[ -n "$UUID" ] || fail "the inbox has no $REF: $(cat $T/body)"
expect 200 cas GET "submissions/$UUID"
grep -q "$MARKER" $T/body || fail "the opened request does not show the message: $(cat $T/body)"
grep -q '"delete_at":' $T/body || fail "the opened request does not say when it is deleted: $(cat $T/body)"
expect 200 cas GET submissions.csv
grep -q "$MARKER" $T/body || fail "the CSV export does not hold the message"

# Two buddies on the roster (the browser adds a third): a man who
# shares more, and a woman who shares no language.
expect 201 cas POST buddies '{"first_name": "Karel", "languages": ["nl", "ar"], "interests": ["walking", "dutch"],
    "availability": ["mon-evening", "tue-evening"], "gender": "man", "age": "26-40", "capacity": 1}'
expect 201 cas POST buddies '{"first_name": "Olena", "languages": ["uk"], "availability": ["sat-morning"],
    "gender": "woman", "age": "41-60", "capacity": 2}'

# The caseworker in a browser, as people do it.
node tests/browser/staff_inbox.mjs "$URL" "$REF" "$MARKER" "$T" "$BUDDY_REF" \
    >$T/browser.out 2>&1 || fail "in chromium: $(cat $T/browser.out); the hub last logged: $(tail -3 $T/hub.log)"
for png in inbox detail inbox-ar-phone kiosks people buddies buddies-ar-phone; do
    [ -s $T/$png.png ] || fail "no screenshot $png"
done
# The match is recorded, the request has left the open list.
expect 200 cas GET buddy-requests
grep -q "$BUDDY_REF" $T/body && fail "the matched buddy request is still open: $(cat $T/body)"
rows "SELECT b.first_name || ' ' || m.staff FROM buddy_matches m JOIN buddies b ON b.id = m.buddy_id" |
    grep -qx "Amal cas" || fail "the match: $(rows 'SELECT * FROM buddy_matches')"
[ -n "${WELKOM_SHOTS:-}" ] && cp $T/*.png "$WELKOM_SHOTS/"

# Nothing the resident typed is in the hub's files, while it was shown.
stop_hub
for f in $DB $DB-wal $DB-shm $T/hub.log; do
    [ -e $f ] && grep -qa "$MARKER" $f && fail "the message is in the clear in $f"
done
grep -qa "$REF" $T/hub.log && fail "the reference code reached the hub's log"
for f in $T/kiosk.log $T/kiosk-real.log; do grep -qa "$MARKER" $f && fail "the message is in the kiosk's log $f"; done
exit 0
