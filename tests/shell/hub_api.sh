# hub_api.sh — welkom-hub as kiosks and staff meet it, the real process over
# loopback (docs/protocol.md): staff enrol kiosks with welkomctl; a kiosk's
# submission is stored once however often it is sent; malformed ones get
# 400, strangers 401, a revoked kiosk 403, a huge body 413, a kiosk that
# sends far too fast 429 while the others carry on; heartbeats show in
# `welkomctl status`, printable whatever they carry; only version 4
# uuids are taken; stalled clients neither block others nor stay (their
# idle timeout shortened to 2 s; hub_slow_clients.sh has the rest); a hub
# killed with SIGKILL mid-traffic keeps every row it confirmed, and stops
# cleanly on SIGTERM.
. "$(dirname "$0")/lib/hub.sh"
LORIS_PID= LOAD_PID=
KILL_AT_EXIT="HUB_PID LORIS_PID LOAD_PID"

# --- the hub's command line.
$B/welkom-hub --help >$T/out 2>&1 || fail "--help exited $?"
grep -q -- "--listen" $T/out || fail "--help does not name --listen: $(cat $T/out)"
$B/welkom-hub --no-such-flag >$T/out 2>&1 && fail "a bad flag was accepted"
grep -q "no-such-flag" $T/out || fail "no message naming the bad flag: $(cat $T/out)"
$B/welkom-hub --db $DB --listen nowhere >$T/out 2>&1 && fail "--listen nowhere was accepted"
grep -q "ADDR:PORT" $T/out || fail "no hint for a bad --listen: $(cat $T/out)"
printf '[hub]\ndb = %s\nlisten = 127.0.0.1:0\nburst = lots\n' $DB >$T/bad.conf
$B/welkom-hub --config $T/bad.conf >$T/out 2>&1 && fail "burst = lots was accepted"
grep -q "line 4" $T/out || fail "no line number for a bad config value: $(cat $T/out)"
[ -e $DB ] && fail "a hub with a bad config made its database"
for bad in "--idle-timeout-s 0" "--headers-deadline-s 3601" "--body-deadline-s soon"; do
    timeout 10 $B/welkom-hub --db $DB --listen 127.0.0.1:0 $bad >$T/out 2>&1 && fail "$bad was accepted"
    grep -q -- "${bad% *}" $T/out || fail "no message naming $bad: $(cat $T/out)"
done
printf '[hub]\ndb = %s\nlisten = 127.0.0.1:0\nidle_timeout_s = 0\n' $DB >$T/bad.conf
timeout 10 $B/welkom-hub --config $T/bad.conf >$T/out 2>&1 && fail "idle_timeout_s = 0 was accepted"
grep -q "line 4.*idle_timeout_s" $T/out || fail "no line number for a bad idle_timeout_s: $(cat $T/out)"
# The config this run uses; flags override it. Stalled clients are
# dropped after 2 s without progress, not the 10 s of a real hub.
printf '[hub]\ndb = %s\nlisten = 127.0.0.1:8470\nrate_per_minute = 60\nburst = 100\nidle_timeout_s = 2\n' \
    $DB >$T/hub.conf

# --- enrolling: the token is shown once, names are never reused.
for k in hall-1 fast-1 gone-1 crash-1; do enrol $k; done
TOKEN=$(token_of hall-1)
[ ${#TOKEN} -eq 43 ] || fail "the token is not 43 characters: $(cat $T/add-hall-1.out)"
grep -qi "config" $T/add-hall-1.out || fail "no word on where the token goes: $(cat $T/add-hall-1.out)"
[ "$(stat -c %a $DB)" = 600 ] || fail "hub.db has mode $(stat -c %a $DB)"
[ "$(rows "SELECT count(*) FROM kiosks WHERE instr(token_hash, CAST('$TOKEN' AS BLOB)) > 0")" = 0 ] \
    || fail "the token is stored as it is"
$C kiosk add hall-1 --hub-db $DB >$T/out 2>$T/err && fail "a second hall-1 was enrolled"
grep -q "hall-1" $T/err || fail "no message naming hall-1: $(cat $T/err)"
$C kiosk revoke nobody --hub-db $DB 2>$T/err && fail "revoking an unknown kiosk succeeded"
$C status --hub-db $T/none.db 2>$T/err && fail "status on a missing database succeeded"
[ -e $T/none.db ] && fail "status made a database"

# The rate for this run: a burst of 100 a kiosk, so only the kiosk that
# floods (fast-1) ever meets it.
start_hub --config $T/hub.conf --listen 127.0.0.1:0

# --- a stalled client: half its headers, then nothing. Eight of them,
# more than the hub has threads, hold nothing the others need.
cat >$T/loris.py <<'EOF'
import socket, sys, time
port, count = int(sys.argv[1]), int(sys.argv[2])
socks = []
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"POST /v1/heartbeat HTTP/1.1\r\nHost: hub\r\nAuthoriz")
    socks.append(s)
start = time.monotonic()
print("stalled", flush=True)
for s in socks:
    s.settimeout(30)
    try:
        while s.recv(4096):
            pass
    except ConnectionResetError:
        pass
    except socket.timeout:
        print("still open after 30 s", flush=True)
        sys.exit(1)
print("dropped after %.1f s" % (time.monotonic() - start), flush=True)
EOF
python3 $T/loris.py $PORT 8 >$T/loris.out 2>&1 &
LORIS_PID=$!
for _ in $(seq 100); do grep -q stalled $T/loris.out && break; sleep 0.05; done
grep -q stalled $T/loris.out || fail "the stalled clients did not connect: $(cat $T/loris.out)"
code=$(post /v1/heartbeat "$TOKEN" "$(heartbeat 0)")
[ "$code" = 204 ] || fail "with stalled clients open, a heartbeat got $code"

# --- a submission: stored once, however often it is sent.
U=$(new_uuid)
BODY=$(submission $U)
code=$(post /v1/submissions "$TOKEN" "$BODY" $U)
[ "$code" = 201 ] || fail "first send got $code: $(cat $T/body)"
grep -q '"stored":"new"' $T/body || fail "201 body: $(cat $T/body)"
code=$(post /v1/submissions "$TOKEN" "$BODY" $U)
[ "$code" = 200 ] || fail "the retry got $code: $(cat $T/body)"
grep -q '"stored":"already"' $T/body || fail "200 body: $(cat $T/body)"
[ "$(rows "SELECT count(*) FROM submissions WHERE uuid = '$U'")" = 1 ] || fail "the uuid is not stored once"
[ "$(rows "SELECT k.name || ' ' || s.kind || ' ' || s.ref || ' ' || length(s.payload) FROM submissions s
           JOIN kiosks k ON k.id = s.kiosk_id WHERE uuid = '$U'")" = "hall-1 signup K7Q-XM4 120" ] \
    || fail "the row is not what was sent: $(rows "SELECT * FROM submissions")"
# Without keep_days it is kept; with it, deleted
# that many days after it came.
[ "$(rows "SELECT delete_at IS NULL FROM submissions WHERE uuid = '$U'")" = 1 ] || fail "no keep_days, yet a delete_at"
K=$(new_uuid)
code=$(post /v1/submissions "$TOKEN" "$(submission $K message K7Q-XM4 "$(sealed)" 60)" $K)
[ "$code" = 201 ] || fail "a submission kept 60 days got $code: $(cat $T/body)"
[ "$(rows "SELECT delete_at - received_at FROM submissions WHERE uuid = '$K'")" = $((60 * 86400000)) ] ||
    fail "kept 60 days, deleted at $(rows "SELECT delete_at - received_at FROM submissions WHERE uuid = '$K'") ms"

# --- malformed: 400, naming what is wrong, nothing stored.
expect_400() {  # expect_400 WHAT BODY KEY
    code=$(post /v1/submissions "$TOKEN" "$2" "$3")
    [ "$code" = 400 ] || fail "$1 got $code: $(cat $T/body)"
    grep -q '"error"' $T/body || fail "$1: no error in $(cat $T/body)"
}
V=$(new_uuid)
expect_400 "bad JSON" '{"uuid": "'$V'", "kind": ' $V
expect_400 "a uuid other than the Idempotency-Key" "$(submission $V)" $(new_uuid)
grep -q "Idempotency-Key" $T/body || fail "the 400 does not name the key: $(cat $T/body)"
expect_400 "no Idempotency-Key" "$(submission $V)" ""
expect_400 "a payload that is not base64" "$(submission $V signup K7Q-XM4 'not*base64!')" $V
grep -q "payload" $T/body || fail "the 400 does not name the payload: $(cat $T/body)"
expect_400 "a payload shorter than a sealed box" "$(submission $V signup K7Q-XM4 "$(sealed 47)")" $V
expect_400 "an unknown kind" "$(submission $V party)" $V
expect_400 "a malformed ref" "$(submission $V signup K0Q-XM4)" $V
# Only version 4 uuids (docs/protocol.md): not the all-zero one, not a
# time-based (version 1) one, not one of another variant.
for u in 00000000-0000-0000-0000-000000000000 6ba7b810-9dad-11d1-80b4-00c04fd430c8 \
         0b7e1f3c-5d2a-4c1b-1e8f-123456789abc; do
    expect_400 "the uuid $u" "$(submission $u)" $u
    grep -q '"uuid is' $T/body || fail "the 400 for $u does not name the uuid: $(cat $T/body)"
    [ "$(rows "SELECT count(*) FROM submissions WHERE uuid = '$u'")" = 0 ] || fail "the uuid $u was stored"
done
for keep in 0 -1 3651 1.5 '"60"' null 1e300; do
    expect_400 "keep_days $keep" "$(submission $V message K7Q-XM4 "$(sealed)" "$keep")" $V
    grep -q "keep_days" $T/body || fail "the 400 for keep_days $keep does not name it: $(cat $T/body)"
done
expect_400 "a string created_at" '{"uuid": "'$V'", "kind": "buddy", "ref": "K7Q-XM4", "created_at": "today", "payload": "'$(sealed)'"}' $V
[ "$(rows "SELECT count(*) FROM submissions WHERE uuid = '$V'")" = 0 ] || fail "a malformed submission was stored"

# --- strangers and revoked kiosks.
code=$(post /v1/submissions "" "$(submission $V)" $V)
[ "$code" = 401 ] || fail "no token got $code"
grep -qi "^WWW-Authenticate: Bearer" $T/headers || fail "a 401 without WWW-Authenticate: $(cat $T/headers)"
STRANGER=$(head -c 32 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '=')
code=$(post /v1/submissions "$STRANGER" "$(submission $V)" $V)
[ "$code" = 401 ] || fail "an unknown token got $code"
GONE=$(token_of gone-1)
code=$(post /v1/heartbeat "$GONE" "$(heartbeat 1)")
[ "$code" = 204 ] || fail "gone-1 before its revoke got $code"
$C kiosk revoke gone-1 --hub-db $DB >$T/out 2>$T/err || fail "revoke: $(cat $T/err)"
code=$(post /v1/submissions "$GONE" "$(submission $V)" $V)
[ "$code" = 403 ] || fail "a revoked kiosk got $code"
[ "$(rows "SELECT count(*) FROM submissions WHERE uuid = '$V'")" = 0 ] || fail "a refused submission was stored"
# Another kiosk's uuid is not "already" for this one.
code=$(post /v1/submissions "$(token_of crash-1)" "$BODY" $U)
[ "$code" = 409 ] || fail "crash-1 sending hall-1's uuid got $code: $(cat $T/body)"

# --- too large: a 200 KiB body (and 9 KiB of headers) are refused; the
# hub serves on.
head -c $((200 * 1024)) /dev/zero | tr '\0' 'a' >$T/big.json
code=$(post /v1/submissions "$TOKEN" @$T/big.json $V)
[ "$code" = 413 ] || fail "a 200 KiB body got $code"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "X-Filler: $(head -c 9000 /dev/zero | tr '\0' x)" \
    -H "Authorization: Bearer $TOKEN" --data-binary "$(heartbeat 0)" $URL/v1/heartbeat)
[ "$code" -ge 400 ] || fail "9 KiB of headers got $code"
code=$(post /v1/bundle/manifest "$TOKEN" "")     # POST: not allowed
[ "$code" = 405 ] || fail "POST of the manifest got $code"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Authorization: Bearer $TOKEN" $URL/v1/bundle/manifest)
[ "$code" = 404 ] || fail "the manifest with nothing published got $code"

# --- heartbeats as staff see them.
code=$(post /v1/heartbeat "$TOKEN" "$(heartbeat 3 'hub unreachable')")
[ "$code" = 204 ] || fail "heartbeat got $code: $(cat $T/body)"
code=$(post /v1/heartbeat "$TOKEN" '{"firmware": "0.1.0", "queued": -1}')
[ "$code" = 400 ] || fail "a malformed heartbeat got $code"
$C status --hub-db $DB >$T/status 2>$T/err || fail "status: $(cat $T/err)"
line=$(grep '^hall-1 ' $T/status) || fail "no hall-1 in status: $(cat $T/status)"
set -- $line
[ "$2 $5" = "active 3" ] || fail "hall-1 is not active with 3 queued: $line"
echo "$line" | grep -q "hub unreachable" || fail "no last error: $line"
grep -q '^gone-1 *revoked' $T/status || fail "gone-1 not shown revoked: $(cat $T/status)"
grep -q "^4 kiosks, 2 submissions stored" $T/status || fail "no totals: $(cat $T/status)"

# --- a last error that would work the terminal (escape sequences, the C1
# CSI, a bidi override, malformed UTF-8): the hub stores it printable, and
# welkomctl prints a row holding it raw (an older hub, or by hand)
# printable too.
# printable FILE: valid UTF-8 without controls (but line ends) or bidi
# controls.
printable() {
    python3 -c '
import sys
text = open(sys.argv[1], "rb").read().decode("utf-8")
bad = [hex(ord(c)) for c in text if (ord(c) < 0x20 and c != "\n") or 0x7f <= ord(c) <= 0x9f
       or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069 or ord(c) in (0x200e, 0x200f, 0x61c)]
sys.exit("unprintable: %s" % bad if bad else 0)' "$1"
}
FFFD=$'\xef\xbf\xbd'
printf '{"firmware": "0.1.0", "content_version": 7, "queued": 1, "oldest_queued_age_s": 120,
 "last_error": "disk \\u001b[2J\\u009b31m\\u202eexe\xff.txt\\u2066", "uptime_s": 3600}' >$T/hb.json
code=$(post /v1/heartbeat "$(token_of crash-1)" @$T/hb.json)
[ "$code" = 204 ] || fail "a heartbeat with escapes got $code: $(cat $T/body)"
rows "SELECT last_error FROM heartbeats h JOIN kiosks k ON k.id = h.kiosk_id WHERE name = 'crash-1'" >$T/stored
printable $T/stored || fail "the hub stored an unprintable last error: $(od -c $T/stored | head)"
[ "$(cat $T/stored)" = "disk  [2J 31mexe$FFFD.txt" ] || fail "the last error is not what was sent, cleaned: $(cat $T/stored)"
rows "UPDATE heartbeats SET last_error = CAST(X'1b5b324ac29b33316de280ae657865ff' AS TEXT)
      WHERE kiosk_id = (SELECT id FROM kiosks WHERE name = 'gone-1')"
$C status --hub-db $DB >$T/status 2>$T/err || fail "status: $(cat $T/err)"
printable $T/status || fail "status printed an unprintable last error: $(od -c $T/status | head -20)"
grep -q "^gone-1 .* \[2J 31mexe$FFFD\$" $T/status || fail "gone-1's last error is not shown cleaned: $(cat $T/status)"

# --- one kiosk far too fast: 429 with Retry-After, the others unaffected.
# One curl, one connection, 150 heartbeats.
FAST=$(token_of fast-1)
urls=(); for _ in $(seq 150); do urls+=(-o /dev/null "$URL/v1/heartbeat"); done
curl -s -w '%{http_code}\n' --max-time 20 -H "Authorization: Bearer $FAST" \
    --data-binary "$(heartbeat 0)" "${urls[@]}" >$T/codes
ok=$(grep -c '^204$' $T/codes); limited=$(grep -c '^429$' $T/codes)
[ $((ok + limited)) = 150 ] || fail "answers other than 204 and 429: $(sort $T/codes | uniq -c)"
[ $ok -ge 100 ] && [ $ok -le 105 ] || fail "$ok of 150 passed, the burst is 100"
code=$(post /v1/heartbeat "$FAST" "$(heartbeat 0)")
[ "$code" = 429 ] || fail "fast-1 right after got $code"
grep -qi "^Retry-After: [1-9]" $T/headers || fail "a 429 without Retry-After: $(cat $T/headers)"
code=$(post /v1/heartbeat "$TOKEN" "$(heartbeat 3)")
[ "$code" = 204 ] || fail "hall-1 got $code while fast-1 was limited"

# --- the stalled clients: dropped by the idle timeout of 2 s (loris.py
# gives up after 30 s).
wait $LORIS_PID; rc=$?; LORIS_PID=
[ $rc = 0 ] || fail "stalled clients: $(cat $T/loris.out)"
grep -q "^dropped after" $T/loris.out || fail "stalled clients: $(cat $T/loris.out)"

# --- power cut: SIGKILL while crash-1 is sending. Every submission the
# hub confirmed is there after a restart; sending them all again gets 200
# for those and 201 for the rest, each stored once.
CRASH=$(token_of crash-1)
(for i in $(seq 60); do
    u=$(new_uuid)
    echo "$u $(post /v1/submissions "$CRASH" "$(submission $u buddy)" $u)"
 done) >$T/sent 2>/dev/null &
LOAD_PID=$!
for _ in $(seq 200); do [ "$(wc -l <$T/sent)" -ge 15 ] && break; sleep 0.02; done
kill -KILL $HUB_PID; wait $HUB_PID 2>/dev/null; HUB_PID=
wait $LOAD_PID; LOAD_PID=
confirmed=$(grep -cE ' (200|201)$' $T/sent)
[ $confirmed -ge 15 ] || fail "only $confirmed submissions confirmed before the kill: $(cat $T/sent)"
[ $confirmed -lt 60 ] || fail "the kill came after all 60 submissions"
start_hub --db $DB --listen 127.0.0.1:0 --rate-per-minute 60 --burst 100
while read -r u code; do
    case $code in 200|201)
        [ "$(rows "SELECT count(*) FROM submissions WHERE uuid = '$u'")" = 1 ] \
            || fail "submission $u was confirmed ($code) and is lost after SIGKILL";;
    esac
done <$T/sent
[ "$(rows "SELECT count(*) FROM submissions WHERE uuid = '$U'")" = 1 ] || fail "hall-1's row is lost"
[ "$(rows "SELECT queued FROM heartbeats h JOIN kiosks k ON k.id = h.kiosk_id WHERE name = 'hall-1'")" = 3 ] \
    || fail "hall-1's heartbeat is lost"
while read -r u code; do
    again=$(post /v1/submissions "$CRASH" "$(submission $u buddy)" $u)
    case "$code/$again" in 200/200|201/200|000/201|000/200|/201|/200) ;;
        *) fail "$u: $code before the kill, $again after";; esac
done <$T/sent
[ "$(rows "SELECT count(*) FROM submissions s JOIN kiosks k ON k.id = s.kiosk_id WHERE name = 'crash-1'")" \
  = "$(wc -l <$T/sent)" ] || fail "crash-1's submissions are not each stored once"

# --- SIGTERM: a clean stop.
stop_hub
grep -q "stopping" $T/hub.log || fail "no word of stopping: $(cat $T/hub.log)"
exit 0
