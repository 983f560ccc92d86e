# lib/hub.sh — what the shell tests that run the real welkom-hub share,
# sourced at their top: the paths (B, T, C, DB, KEYS), fail, the cleanup
# that kills what is left at exit, starting a hub on a free port, enrolling
# kiosks, building and publishing bundles, and the bodies a kiosk sends
# (docs/protocol.md). Not a test itself: the runner (tests/runner.c) runs
# only the *.sh files directly in tests/shell/.
set -u
B=${WELKOM_BUILD:-build}
T=$TEST_TMPDIR
C=$B/welkomctl
DB=$T/hub.db
KEYS=assets/demo/keys
fail() { echo "  $*"; exit 1; }
[ -x $B/welkom-hub ] || fail "no $B/welkom-hub"

# KILL_AT_EXIT: the names of the variables holding the pids cleanup kills,
# in that order; a script that starts more than the hub sets it. A pid
# waited for is set to "" so it is not killed twice.
HUB_PID=
KILL_AT_EXIT=HUB_PID
cleanup() {
    local v
    for v in $KILL_AT_EXIT; do [ -n "${!v:-}" ] && kill -KILL ${!v} 2>/dev/null; done
    wait 2>/dev/null
}
trap cleanup EXIT

# wait_listening WHAT PID OUT LOG SED: waits up to 10 s for process PID
# (the WHAT) to write in OUT the port it listens on, which the sed script
# SED prints, and sets PORT; fails showing LOG if it exits first or never
# says.
wait_listening() {
    local what=$1 pid=$2 out=$3 log=$4 script=$5
    PORT=
    for _ in $(seq 200); do
        PORT=$(sed -n "$script" $out 2>/dev/null)    # not there yet: the process has not opened it
        [ -n "$PORT" ] && break
        kill -0 $pid 2>/dev/null || fail "the $what did not start: $(cat $log)"
        sleep 0.05
    done
    [ -n "$PORT" ] || fail "the $what does not listen: $(cat $log)"
}
# start_hub_on HOST FLAGS...: a hub listening on HOST (--listen HOST:0 in
# FLAGS or its config: the kernel picks a free port, the hub logs it once
# it listens); sets HUB_PID, PORT and URL (http://HOST:PORT).
start_hub_on() {
    local host=$1; shift
    $B/welkom-hub "$@" 2>$T/hub.log &
    HUB_PID=$!
    wait_listening hub $HUB_PID $T/hub.log $T/hub.log "s/.*listening on ${host//./\\.}:\([0-9]*\),.*/\1/p"
    URL=http://$host:$PORT
}
# start_hub FLAGS...: start_hub_on 127.0.0.1.
start_hub() { start_hub_on 127.0.0.1 "$@"; }
# stop_hub: SIGTERM, and the hub must exit 0.
stop_hub() {
    kill -TERM $HUB_PID; wait $HUB_PID; local rc=$?; HUB_PID=
    [ $rc = 0 ] || fail "the hub exited $rc on SIGTERM: $(cat $T/hub.log)"
}

# enrol NAME: welkomctl kiosk add NAME, its output in $T/add-NAME.out;
# token_of NAME: the token it printed.
enrol() { $C kiosk add $1 --hub-db $DB >$T/add-$1.out 2>$T/err || fail "kiosk add $1: $(cat $T/err)"; }
token_of() { sed -n 's/^token = //p' $T/add-$1.out; }

# kiosk_conf NAME [EXTRA]: $T/welkom.conf of a kiosk enrolled as NAME to
# the hub at $URL, sealing to the TEST hub key (a test set-up), its state
# in $T/state; EXTRA lines go before [hub] (a [content] section, say).
kiosk_conf() {
    cat > $T/welkom.conf <<CONF
[paths]
data_dir = .
locale_dir = $B/locale
demo_dir = $B/demo
state_dir = $T/state
${2:-}
[hub]
url = $URL
token = $(token_of $1)
# TEST hub key: a test set-up.
public_key = $(tail -1 $KEYS/test-hub.pub)
CONF
}

# make_bundle NAME VERSION: the demo source at another version in
# $T/src-NAME, built into $T/NAME.db and signed with the test publisher
# key (what the kiosks of these tests pin).
make_bundle() {
    rm -rf $T/src-$1
    cp -r assets/demo $T/src-$1
    sed -i "s/^content_version = .*/content_version = $2/" $T/src-$1/centre.ini
    $C bundle build $T/src-$1 -o $T/$1.db --quiet || fail "build $1"
    $C bundle sign $T/$1.db --key $KEYS/test-publisher.key --quiet || fail "sign $1"
}
# publish BUNDLE [FLAGS]: welkomctl publish with the test publisher key
# pinned; what it says is in $T/out and $T/err.
publish() { $C publish "$@" --key $KEYS/test-publisher.pub --hub-db $DB >$T/out 2>$T/err; }

# What a kiosk sends.
new_uuid() { cat /proc/sys/kernel/random/uuid; }
sealed() { head -c ${1:-120} /dev/urandom | base64 -w0; }
# submission UUID [KIND] [REF] [PAYLOAD] [KEEP_DAYS]: the JSON of one
# submission; KEEP_DAYS goes in as it is written ("30", '"30"', null).
submission() {
    printf '{"uuid": "%s", "kind": "%s", "ref": "%s", "created_at": 1767603600000, %s"payload": "%s"}' \
        "$1" "${2:-signup}" "${3:-K7Q-XM4}" "${5:+\"keep_days\": $5, }" "${4:-$(sealed)}"
}
# heartbeat QUEUED [LAST_ERROR]: the JSON of one heartbeat.
heartbeat() {
    printf '{"firmware": "0.1.0", "content_version": 7, "queued": %s, "oldest_queued_age_s": 120,' "$1"
    printf ' "last_error": "%s", "uptime_s": 3600}' "${2:-}"
}
rows() { sqlite3 $DB "$1"; }
# post PATH TOKEN BODY [IDEMPOTENCY_KEY]: a kiosk's request; prints the
# status; the answer is in $T/body, its headers in $T/headers. BODY may be @FILE.
post() {
    local args=(-s -o $T/body -D $T/headers -w '%{http_code}' --max-time 5 -H 'Content-Type: application/json')
    [ -n "$2" ] && args+=(-H "Authorization: Bearer $2")
    [ -n "${4:-}" ] && args+=(-H "Idempotency-Key: $4")
    curl "${args[@]}" --data-binary "$3" "$URL$1"
}

