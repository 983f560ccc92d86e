#!/bin/sh
# hub.sh — welkom-hub under the load of 50 kiosks posting at once: the real
# hub on a free loopback port with a fresh database, 50 kiosks enrolled
# with welkomctl, then build/hubload (tools/hubload) sends 10,000
# submissions and 10,000 heartbeats, 50 in flight. Prints name=value lines
# (bench/README.md says what each is) and checks that the hub stored
# exactly the submissions it answered 201.
#
# The hub runs with its per-kiosk rate limit raised out of the way (its
# defaults, 120 a minute and a burst of 60, would answer nearly all of
# this 429: a benchmark measures the serving, not the throttle) and with
# connection limits above 50 from the one address 127.0.0.1.
set -eu
BUILD=${WELKOM_BUILD:-build}
KIOSKS=50
REQUESTS=10000
HUB_FLAGS="--rate-per-minute 1000000 --burst 1000000 --max-connections 256 --max-per-ip 128"

for b in welkom-hub welkomctl hubload; do
    [ -x "$BUILD/$b" ] || { echo "hub.sh: no $BUILD/$b (make $BUILD/$b)" >&2; exit 1; }
done

T=$(mktemp -d /tmp/welkom-bench-hub.XXXXXX)
DB=$T/hub.db
HUB_PID=
cleanup() {
    if [ -n "$HUB_PID" ]; then
        kill -TERM "$HUB_PID" 2>/dev/null || true
        wait "$HUB_PID" 2>/dev/null || true
    fi
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() { echo "hub.sh: $*" >&2; exit 1; }

# 50 kiosks; welkomctl prints each token once, as "token = ...".
i=1
while [ $i -le $KIOSKS ]; do
    "$BUILD/welkomctl" kiosk add "bench-$i" --hub-db "$DB" >"$T/add.out" || fail "kiosk add bench-$i failed"
    sed -n 's/^token = //p' "$T/add.out" >>"$T/tokens"
    i=$((i + 1))
done
[ "$(wc -l <"$T/tokens")" -eq $KIOSKS ] || fail "not $KIOSKS tokens from welkomctl kiosk add"

# --listen 127.0.0.1:0: the kernel picks a free port, the hub logs it.
"$BUILD/welkom-hub" --db "$DB" --listen 127.0.0.1:0 $HUB_FLAGS 2>"$T/hub.log" &
HUB_PID=$!
PORT=
for _ in $(seq 200); do
    PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$T/hub.log")
    [ -n "$PORT" ] && break
    kill -0 "$HUB_PID" 2>/dev/null || fail "the hub did not start: $(cat "$T/hub.log")"
    sleep 0.05
done
[ -n "$PORT" ] || fail "the hub does not listen: $(cat "$T/hub.log")"
URL=http://127.0.0.1:$PORT

value() { sed -n "s/^$1=//p" "$2"; }

# load KIND NAME: REQUESTS of KIND, then NAME's figures. A failed load
# (no answer, or a 5xx) is reported after every figure is printed.
LOAD_FAILED=0
load() {
    "$BUILD/hubload" --url "$URL" --tokens "$T/tokens" --requests $REQUESTS --concurrency $KIOSKS \
        --kind "$1" >"$T/$2.out" || LOAD_FAILED=1
    echo "hub_$2_rps=$(value rps "$T/$2.out")"
    echo "hub_$2_p99_ms=$(value p99_ms "$T/$2.out")"
    # Anything but 2xx (a 429 would mean the limits above did not hold).
    echo "hub_$2_errors=$(value errors "$T/$2.out")"
}
load submissions submissions
load heartbeat heartbeat

echo "hub_peak_rss_kib=$(sed -n 's/^VmHWM:[^0-9]*\([0-9]*\) kB/\1/p' /proc/$HUB_PID/status)"
kill -TERM "$HUB_PID"
wait "$HUB_PID" || fail "the hub exited $? on SIGTERM: $(tail -5 "$T/hub.log")"
HUB_PID=

# Every 201 is a row, and nothing else is.
created=$(value status_201 "$T/submissions.out")
stored=$(sqlite3 "$DB" 'SELECT count(*) FROM submissions')
[ "${created:-0}" -eq "$stored" ] && echo "hub_stored_matches=1" || echo "hub_stored_matches=0"
[ "${created:-0}" -eq "$stored" ] || echo "hub.sh: $stored rows stored, ${created:-0} answered 201" >&2

[ $LOAD_FAILED = 0 ] || fail "requests failed: $(grep -h -e no_answer -e 'status_5' "$T/submissions.out" "$T/heartbeat.out" | tr '\n' ' ')"
