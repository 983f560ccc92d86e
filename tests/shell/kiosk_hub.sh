# kiosk_hub.sh — the whole path as people meet it: the real kiosk in a
# window under Xvfb, enrolled to the real welkom-hub over loopback. A
# resident leaves a message; it arrives at the hub, to be deleted when the
# days its consent page said are over, and staff read it with
# `welkomctl submissions export`; content staff publish reaches the screen
# at the next attract screen; `welkomctl status` shows the kiosk's
# heartbeat, and in its last error that the kiosk started on the demo
# content; the kiosk stops cleanly on SIGTERM with the hub still there.
# The kiosk is pinned to the TEST hub key (a test set-up).
. "$(dirname "$0")/lib/hub.sh"
command -v Xvfb >/dev/null || fail "Xvfb missing (make deps)"

XVFB= KIOSK=
KILL_AT_EXIT="KIOSK HUB_PID XVFB"

# Xvfb picks a free display number itself (-displayfd: no race with the
# cases beside this one) and writes it once it takes connections.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>$T/display >/dev/null 2>&1 &
XVFB=$!
for _ in $(seq 200); do [ -s $T/display ] && break; kill -0 $XVFB 2>/dev/null || break; sleep 0.05; done
[ -s $T/display ] || fail "Xvfb did not start"
export DISPLAY=:$(cat $T/display)

start_hub --db $DB --listen 127.0.0.1:0
enrol hallway-e2e
TOKEN=$(token_of hallway-e2e)
kiosk_conf hallway-e2e "[content]
publisher_key = $(tail -1 $KEYS/test-publisher.pub)"

# Staff publish version 2 of the demo centre before the kiosk starts; the
# kiosk's first poll, a few seconds after start, fetches it.
make_bundle v2 2
publish $T/v2.db || fail "publish failed: $(cat $T/err)"

MESSAGE="tap:English;tap:Leave a message;tap:Something else;tap:Next;tap:h;tap:i;tap:⏎;tap:a;tap:⏎;"
MESSAGE="${MESSAGE}tap:At the reception desk;tap:Next;tap:Send;expect:Your reference code:;tap:Done"
$B/welkom --config $T/welkom.conf --size 1280x800 --idle-timeout 600 --script "$MESSAGE" \
    >$T/kiosk.out 2>$T/kiosk.log &
KIOSK=$!

# The message reaches the hub.
for _ in $(seq 400); do
    [ "$(sqlite3 $DB 'SELECT COUNT(*) FROM submissions' 2>/dev/null)" = 1 ] && break
    kill -0 $KIOSK 2>/dev/null || fail "the kiosk exited: $(tail -5 $T/kiosk.log)"
    sleep 0.05
done
[ "$(sqlite3 $DB 'SELECT COUNT(*) FROM submissions')" = 1 ] ||
    fail "the message did not reach the hub: $(grep sync $T/kiosk.log | tail -3)"
REF=$(sed -n 's/.*queued a message, reference \([A-Z0-9-]*\).*/\1/p' $T/kiosk.log)
[ -n "$REF" ] || fail "no reference in the kiosk's log"
# The consent page said the demo message form's keep_days (60): the hub
# deletes it 60 days after it came.
[ "$(sqlite3 $DB 'SELECT delete_at - received_at FROM submissions')" = $((60 * 86400000)) ] ||
    fail "the message is kept $(sqlite3 $DB 'SELECT delete_at - received_at FROM submissions') ms, not 60 days"

# Staff open it with the hub's (TEST) secret key.
$C submissions export --key $KEYS/test-hub.key --hub-db $DB --format json > $T/export.json 2>$T/export.err ||
    fail "export failed: $(cat $T/export.err)"
grep -q "\"$REF\"" $T/export.json || fail "the export has no $REF: $(head -c 600 $T/export.json)"
grep -q '"hi"' $T/export.json || fail "the export does not show the message text"
grep -q '"hallway-e2e"' $T/export.json || fail "the export does not name the kiosk"

# The new content is installed and shown from the attract screen on.
for _ in $(seq 400); do grep -q "content switched to version 2" $T/kiosk.log && break; sleep 0.05; done
grep -q "installed content version 2" $T/kiosk.log || fail "version 2 was not installed: $(grep sync $T/kiosk.log | tail -3)"
grep -q "content switched to version 2" $T/kiosk.log || fail "version 2 was not shown"
[ "$(readlink $T/state/current)" = "bundle-2" ] || fail "STATE/current is $(readlink $T/state/current)"

# Staff see the kiosk's heartbeat.
$C status --hub-db $DB > $T/status.out || fail "status failed"
grep "hallway-e2e" $T/status.out | grep -q "active" || fail "status: $(cat $T/status.out)"
grep "hallway-e2e" $T/status.out | grep -q "never" && fail "no heartbeat: $(cat $T/status.out)"
# Its first heartbeat, before version 2 came, said it showed the demo.
grep "hallway-e2e" $T/status.out | grep -q "showing the demo content: no content installed" ||
    fail "status does not say the kiosk fell back to the demo: $(cat $T/status.out)"
grep -q "sealing to the TEST hub key: test set-up only" $T/kiosk.log || fail "no test set-up warning"

# A clean stop.
kill -TERM $KIOSK
wait $KIOSK
rc=$?
KIOSK=
[ $rc = 0 ] || fail "the kiosk exited $rc on SIGTERM"
grep -q "$REF" $T/hub.log && fail "the hub logged a reference code"
grep -q "$TOKEN" $T/kiosk.log $T/hub.log && fail "a token is in a log"
exit 0
