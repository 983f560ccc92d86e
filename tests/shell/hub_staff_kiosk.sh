# hub_staff_kiosk.sh — a resident's message from a headless kiosk to a
# caseworker's screen: the kiosk seals it to the hub's key and forwards
# it; nothing of what the resident typed is ever in the hub's files (the
# database, its write-ahead log, the log) while the caseworker, whose key
# slot was made from the hub's key file, reads it in the console — over
# the API and in Debian's chromium driven through chromedriver
# (tests/browser/staff_inbox.mjs), with screenshots in the temp dir. A
# buddy request from the same kiosk is matched in the console with a
# buddy the caseworker adds there, and leaves the open list.
. "$(dirname "$0")/lib/hub.sh"
. "$(dirname "$0")/lib/staff.sh"
KIOSK=
KILL_AT_EXIT="KIOSK HUB_PID"
need_browser

start_hub --db $DB --listen 127.0.0.1:0
person cas caseworker
person ada admin
echo "$PW" | $C staff slot cas --key $KEYS/test-hub.key --hub-db $DB >$T/slot.out 2>$T/err ||
    fail "staff slot: $(cat $T/err)"
grep -q "delete the plaintext key file" $T/slot.out || fail "staff slot does not say to delete the key file"
enrol hall-e2e
kiosk_conf hall-e2e

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
# The kiosk on the real clock forwards its queue and sends a heartbeat.
$B/welkom --config $T/welkom.conf --headless >>$T/kiosk.log 2>&1 &
KIOSK=$!
for _ in $(seq 400); do
    [ "$(rows 'SELECT count(*) FROM submissions')" = 2 ] && [ "$(rows 'SELECT count(*) FROM heartbeats')" = 1 ] && break
    kill -0 $KIOSK 2>/dev/null || fail "the kiosk exited: $(tail -5 $T/kiosk.log)"
    sleep 0.05
done
[ "$(rows 'SELECT count(*) FROM submissions')" = 2 ] || fail "the message and the buddy request did not reach the hub"
kill -TERM $KIOSK; wait $KIOSK; KIOSK=
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
expect 200 cas GET submissions.csv
grep -q "$MARKER" $T/body || fail "the CSV export does not hold the message"

# Two buddies on the roster (the browser adds a third): a man who
# shares more, and a woman who shares no language.
expect 201 cas POST buddies '{"first_name": "Karel", "languages": ["nl", "ar"], "interests": ["walking", "dutch"],
    "availability": ["mon-evening", "tue-evening"], "gender": "man", "age": "26-40", "capacity": 1}'
expect 201 cas POST buddies '{"first_name": "Olena", "languages": ["uk"], "availability": ["sat-morning"],
    "gender": "woman", "age": "41-60", "capacity": 2}'

# In a browser, as people do it.
node tests/browser/staff_inbox.mjs "$URL" "$REF" "$MARKER" "$T" "$BUDDY_REF" \
    >$T/browser.out 2>&1 || fail "in chromium: $(cat $T/browser.out)"
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
exit 0
