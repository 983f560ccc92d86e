# faultproxy.sh — the real welkom-hub behind tests/tools/faultproxy, the
# network's fault seam: each mode does to a curl what it says (an injected
# 500 that never reaches the hub, an answer too late for the client's
# timeout, an answer lost after the hub stored the submission, a cut
# transfer, a peer that never answers, a refused connection), and a
# submission whose answer was lost is stored once and a retry gets
# "already". The proxy survives thousands of connections and fifty at
# once without keeping a descriptor, and stops with 0 on SIGTERM.
. "$(dirname "$0")/lib/hub.sh"
P=$B/tests/faultproxy
MODE=$T/mode
[ -x $P ] || fail "no $P"
PROXY_PID=
KILL_AT_EXIT="HUB_PID PROXY_PID"

# start_proxy: the proxy in front of the hub (HUB_PORT) on a free port;
# sets PROXY_PID, PORT and URL.
start_proxy() {
    $P --listen 127.0.0.1:0 --to 127.0.0.1:$HUB_PORT --mode-file $MODE >$T/proxy.out 2>$T/proxy.log &
    PROXY_PID=$!
    wait_listening proxy $PROXY_PID $T/proxy.out $T/proxy.log 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p'
    URL=http://127.0.0.1:$PORT
}

mode() { echo "$*" >$MODE; }
# post PATH BODY [IDEMPOTENCY_KEY] [CURL_ARGS...]: as hub_api.sh, through
# the proxy; sets CODE (the status, 000 for none) and RC (curl's exit).
post() {
    local path=$1 body=$2 key=${3:-}
    shift 3 2>/dev/null || shift $#
    local args=(-s -o $T/body -w '%{http_code}' --max-time 5 -H 'Content-Type: application/json'
                -H "Authorization: Bearer $TOKEN")
    [ -n "$key" ] && args+=(-H "Idempotency-Key: $key")
    CODE=$(curl "${args[@]}" "$@" --data-binary "$body" "$URL$path")
    RC=$?
}
stored() { rows "SELECT count(*) FROM submissions WHERE uuid = '$1'"; }
# wait_stored UUID: the hub stores before it answers, but a client that gave
# up does not know when that was; waits up to 5 s for the row.
wait_stored() {
    for _ in $(seq 100); do [ "$(stored $1)" = 1 ] && return 0; sleep 0.05; done
    return 1
}
fd_count() { ls /proc/$PROXY_PID/fd | wc -l; }

enrol hall-1
TOKEN=$(token_of hall-1)
[ ${#TOKEN} -eq 43 ] || fail "no token: $(cat $T/add-hall-1.out)"
# Every client is 127.0.0.1 behind the proxy: no per-address limit.
start_hub --db $DB --listen 127.0.0.1:0 --max-per-ip 0 --rate-per-minute 100000 --burst 100000
HUB_PORT=$PORT
rm -f $MODE
start_proxy
FDS=$(fd_count)

# --- its command line.
$P --listen 127.0.0.1:0 >$T/out 2>&1 && fail "the proxy started without --to"
grep -q "usage" $T/out || fail "no usage for a missing --to: $(cat $T/out)"

# --- pass (no mode file is pass too).
post /v1/heartbeat "$(heartbeat 0)"
[ "$CODE" = 204 ] || fail "a heartbeat with no mode file got $CODE (curl $RC)"
mode pass
post /v1/heartbeat "$(heartbeat 1)"
[ "$CODE" = 204 ] || fail "a heartbeat through pass got $CODE (curl $RC)"
[ "$(rows "SELECT queued FROM heartbeats")" = 1 ] || fail "the hub did not get the heartbeat"

# --- status 500: the answer is the proxy's, the hub sees nothing.
mode status 500
U=$(new_uuid)
post /v1/submissions "$(submission $U)" $U
[ "$CODE" = 500 ] || fail "status 500 gave $CODE (curl $RC)"
grep -q '"error":"injected"' $T/body || fail "the 500 body: $(cat $T/body)"
mode status 503
post /v1/heartbeat "$(heartbeat 2)" "" -H 'Expect: 100-continue'
[ "$CODE" = 503 ] || fail "status 503 with Expect: 100-continue gave $CODE (curl $RC)"
[ "$(stored $U)" = 0 ] || fail "a submission answered by the proxy reached the hub"
[ "$(rows "SELECT queued FROM heartbeats")" = 1 ] || fail "a heartbeat answered by the proxy reached the hub"

# --- delay: the client's timeout fires first, yet the hub stored it.
mode delay 1500
U=$(new_uuid)
post /v1/submissions "$(submission $U)" $U --max-time 0.5
[ $RC = 28 ] || fail "a 1.5 s delay with a 0.5 s timeout: curl exited $RC, status $CODE"
wait_stored $U || fail "the submission whose answer came too late is not stored"
mode delay 300
post /v1/heartbeat "$(heartbeat 3)"
[ "$CODE" = 204 ] || fail "a 0.3 s delay within the timeout gave $CODE (curl $RC)"

# --- drop-response: stored, no answer; the retry gets "already".
mode drop-response
U=$(new_uuid)
BODY=$(submission $U)
post /v1/submissions "$BODY" $U
[ $RC = 52 ] || fail "drop-response: curl exited $RC, status $CODE, not an empty reply"
[ "$(stored $U)" = 1 ] || fail "the submission whose answer was dropped is not stored"
mode pass
post /v1/submissions "$BODY" $U
[ "$CODE" = 200 ] || fail "the retry after a dropped answer got $CODE (curl $RC)"
grep -q '"stored":"already"' $T/body || fail "the retry's body: $(cat $T/body)"
[ "$(stored $U)" = 1 ] || fail "the submission is not stored once"

# --- cut: a few bytes of the head, or the body cut half-way.
mode cut 10
post /v1/submissions "$BODY" $U
[ $RC != 0 ] || fail "a transfer cut after 10 bytes succeeded with $CODE"
mode pass
curl -s -o $T/body -D $T/headers --max-time 5 -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: $U" --data-binary "$BODY" $URL/v1/submissions
HEAD=$(wc -c <$T/headers); SIZE=$(wc -c <$T/body)
mode cut $((HEAD + SIZE / 2))
post /v1/submissions "$BODY" $U
[ $RC = 18 ] || fail "a body cut half-way: curl exited $RC, status $CODE, not a partial transfer"
[ "$(wc -c <$T/body)" = $((SIZE / 2)) ] || fail "the cut body has $(wc -c <$T/body) bytes, not $((SIZE / 2))"

# --- hang: never an answer.
mode hang
post /v1/heartbeat "$(heartbeat 4)" "" --max-time 1
[ $RC = 28 ] || fail "hang: curl exited $RC, status $CODE, not a timeout"

# --- refuse: closed at once.
mode refuse
post /v1/heartbeat "$(heartbeat 4)"
case $RC in 52|55|56) ;; *) fail "refuse: curl exited $RC, status $CODE";; esac
[ "$(rows "SELECT queued FROM heartbeats")" = 3 ] || fail "a hung or refused heartbeat reached the hub"

# --- many connections: 2000 one after the other (one curl, a new
# connection each), then 50 at once; none is kept open afterwards.
mode pass
urls=(); for _ in $(seq 2000); do urls+=(-o /dev/null "$URL/v1/bundle/manifest"); done
curl -s -w '%{http_code}\n' --max-time 20 -H 'Connection: close' -H "Authorization: Bearer $TOKEN" \
    "${urls[@]}" >$T/codes
[ "$(grep -c '^404$' $T/codes)" = 2000 ] || fail "2000 connections: $(sort $T/codes | uniq -c)"
urls=(); for _ in $(seq 50); do urls+=(-o /dev/null "$URL/v1/heartbeat"); done
curl -s -w '%{http_code}\n' --max-time 20 -Z --parallel-max 50 -H 'Connection: close' \
    -H "Authorization: Bearer $TOKEN" --data-binary "$(heartbeat 5)" "${urls[@]}" >$T/codes 2>$T/curl.err
[ "$(grep -c '^204$' $T/codes)" = 50 ] || fail "50 at once: $(sort $T/codes | uniq -c)"
# Threads close their descriptors just after the last byte; give them a moment.
for _ in $(seq 40); do [ "$(fd_count)" -le $FDS ] && break; sleep 0.05; done
[ "$(fd_count)" -le $FDS ] || fail "the proxy holds $(fd_count) descriptors, $FDS before: $(ls -l /proc/$PROXY_PID/fd)"

# --- its log, and a clean stop.
grep -q "^conn 1 mode pass$" $T/proxy.log || fail "no log of the first connection: $(head $T/proxy.log)"
grep -q "^conn [0-9]* mode delay 1500$" $T/proxy.log || fail "no log of the delay: $(head -20 $T/proxy.log)"
[ "$(grep -c '^conn ' $T/proxy.log)" -ge 2060 ] || fail "not every connection logged: $(grep -c '^conn ' $T/proxy.log)"
kill -TERM $PROXY_PID; wait $PROXY_PID; rc=$?; PROXY_PID=
[ $rc = 0 ] || fail "the proxy exited $rc on SIGTERM: $(tail $T/proxy.log)"
kill -TERM $HUB_PID; wait $HUB_PID; HUB_PID=
exit 0
