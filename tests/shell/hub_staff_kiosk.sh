# hub_staff_kiosk.sh — a resident's message from a headless kiosk to a
# caseworker's screen: the kiosk seals it to the hub's key and forwards
# it; nothing of what the resident typed is ever in the hub's files (the
# database, its write-ahead log, the log) while the caseworker, whose key
# slot was made from the hub's key file, reads it in the console — over
# the API and in Debian's chromium driven through chromedriver
# (tests/browser/staff_inbox.mjs), with screenshots in the temp dir.
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
# The kiosk on the real clock forwards its queue and sends a heartbeat.
$B/welkom --config $T/welkom.conf --headless >>$T/kiosk.log 2>&1 &
KIOSK=$!
for _ in $(seq 400); do
    [ "$(rows 'SELECT count(*) FROM submissions')" = 1 ] && [ "$(rows 'SELECT count(*) FROM heartbeats')" = 1 ] && break
    kill -0 $KIOSK 2>/dev/null || fail "the kiosk exited: $(tail -5 $T/kiosk.log)"
    sleep 0.05
done
[ "$(rows 'SELECT count(*) FROM submissions')" = 1 ] || fail "the message did not reach the hub"
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

# In a browser, as people do it.
node tests/browser/staff_inbox.mjs "$URL" "$REF" "$MARKER" "$T" \
    >$T/browser.out 2>&1 || fail "in chromium: $(cat $T/browser.out)"
for png in inbox detail inbox-ar-phone kiosks; do [ -s $T/$png.png ] || fail "no screenshot $png"; done
[ -n "${WELKOM_SHOTS:-}" ] && cp $T/*.png "$WELKOM_SHOTS/"

# Nothing the resident typed is in the hub's files, while it was shown.
stop_hub
for f in $DB $DB-wal $DB-shm $T/hub.log; do
    [ -e $f ] && grep -qa "$MARKER" $f && fail "the message is in the clear in $f"
done
grep -qa "$REF" $T/hub.log && fail "the reference code reached the hub's log"
exit 0
