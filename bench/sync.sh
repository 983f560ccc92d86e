#!/bin/sh
# sync.sh — the real kiosk (build/welkom in a window under a private Xvfb)
# and the real welkom-hub over loopback, as a centre meets them. Prints
# name=value lines (bench/README.md says what each is):
#
#   1. The hub down for BENCH_HUB_DOWN_S seconds (default 600) with 1,000
#      submissions queued: the kiosk's CPU and memory and how often it
#      knocked, beside the same kiosk with no [hub] at all (the baseline:
#      the attract screen changes language every 3 s), run at the same
#      time for the same length, each under an X server of its own.
#   2. Then the hub starts on the port the kiosk knocks at: how long until
#      the 1,000 rows are at the hub.
#   3. `welkomctl publish` to the new content on screen, with the bundle's
#      bundle_poll_s = 10.
#
# The queue is filled by `build/bench/run fill-queue` (bench_sync.c).
# `BENCH_HUB_DOWN_S=60 make bench` for a quick run.
set -eu
BUILD=${WELKOM_BUILD:-build}
DOWN_S=${BENCH_HUB_DOWN_S:-600}
QUEUED=1000
PUBLISHES=3
# Publishing: the poll interval under test, and the spread of the wait
# before each publish (so each lands at a random point of the kiosk's
# poll cycle, not right after the poll that fetched the last one).
POLL_S=10
# The hub with its per-kiosk limit out of the way when the backlog goes:
# its default (120 a minute, a burst of 60) paces 1,000 rows over ~8 min,
# which is the throttle's figure, not the kiosk's (see bench/README.md).
HUB_FLAGS="--rate-per-minute 1000000 --burst 1000000"
# How long a step may take before the benchmark gives up: the worker's
# longest backoff (10 min) and some.
BACK_LIMIT_S=900
SWITCH_LIMIT_S=60
KEYS=assets/demo/keys
C=$BUILD/welkomctl

for b in welkom welkom-hub welkomctl bench/run; do
    [ -x "$BUILD/$b" ] || { echo "sync.sh: no $BUILD/$b (make bench)" >&2; exit 1; }
done
command -v Xvfb >/dev/null || { echo "sync.sh: Xvfb missing (make deps)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sync.sh: sqlite3 missing (make deps)" >&2; exit 1; }
[ "$DOWN_S" -ge 10 ] 2>/dev/null || { echo "sync.sh: BENCH_HUB_DOWN_S must be 10 or more" >&2; exit 1; }

T=$(mktemp -d /tmp/welkom-bench-sync.XXXXXX)
# Every process started here, by its own variable; stopped at exit.
XVFB1= XVFB2= HUB= KIOSK= BASE=
cleanup() {
    for p in $KIOSK $BASE $HUB $XVFB1 $XVFB2; do stop "$p"; done
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() { echo "sync.sh: $*" >&2; exit 1; }
. "$(dirname "$0")/lib.sh"    # stop, start_xvfb, start_hub, enrol, write_config, start_kiosk, ...

hub_rows() { sqlite3 "$1" 'SELECT COUNT(*) FROM submissions' 2>/dev/null || echo 0; }

# --- 1. the hub down ----------------------------------------------------------

DB=$T/down-hub.db
TOKEN=$(enrol "$DB" hallway-down)
# A port that was the hub's and is closed now: the hub starts there later.
start_hub "$DB" "$T/probe-hub.log" 127.0.0.1:0
stop "$HUB"; HUB=
URL=http://127.0.0.1:$PORT

mkdir -p "$T/down/state" "$T/base/state"
"$BUILD/bench/run" fill-queue "$T/down/state/state.db" $QUEUED
"$BUILD/bench/run" fill-queue "$T/base/state/state.db" $QUEUED
write_config "$T/down.conf" "$T/down/state" "$URL" "$TOKEN"
write_config "$T/base.conf" "$T/base/state"

start_xvfb x1; XVFB1=$XVFB_PID; D1=$XVFB_DISPLAY
start_xvfb x2; XVFB2=$XVFB_PID; D2=$XVFB_DISPLAY
start_kiosk "$D1" "$T/down.conf" "$T/down.log"; KIOSK=$KIOSK_PID
start_kiosk "$D2" "$T/base.conf" "$T/base.log"; BASE=$KIOSK_PID
started=$(now_ms)
sleep 2
c0=$(cpu_ticks $KIOSK); b0=$(cpu_ticks $BASE); t0=$(now_ms)
sleep $((DOWN_S - 2))
c1=$(cpu_ticks $KIOSK); b1=$(cpu_ticks $BASE); t1=$(now_ms)
rss=$(status_kib $KIOSK VmRSS); hwm=$(status_kib $KIOSK VmHWM)
base_rss=$(status_kib $BASE VmRSS); base_hwm=$(status_kib $BASE VmHWM)
down_ms=$((t1 - started))
stop "$BASE"; BASE=
grep -q "sending submissions to $URL" "$T/down.log" || fail "the kiosk did not start its sync worker: $(tail -5 "$T/down.log")"
grep -q "no hub configured" "$T/base.log" || fail "the baseline kiosk has a hub?"

hz=$(getconf CLK_TCK)
pct() { awk -v d=$(($2 - $1)) -v hz=$hz -v ms=$3 'BEGIN { printf "%.2f", 100 * d / hz / (ms / 1000) }'; }
echo "sync_hub_down_s=$((down_ms / 1000))"
echo "sync_hub_down_cpu_pct=$(pct $c0 $c1 $((t1 - t0)))"
echo "sync_hub_down_baseline_cpu_pct=$(pct $b0 $b1 $((t1 - t0)))"
echo "sync_hub_down_attempts=$(grep -c 'sync: retrying in' "$T/down.log" || true)"
echo "sync_hub_down_last_wait_ms=$(sed -n 's/.*sync: retrying in \([0-9]*\) ms.*/\1/p' "$T/down.log" | tail -1)"
echo "sync_hub_down_poll_attempts=$(grep -c 'no new content this time' "$T/down.log" || true)"
echo "sync_hub_down_heartbeat_attempts=$(grep -c 'sync: POST /v1/heartbeat' "$T/down.log" || true)"
echo "sync_hub_down_log_lines=$(grep -vc '^welkom debug: ' "$T/down.log" || true)"
echo "sync_hub_down_rss_kib=$rss"
echo "sync_hub_down_hwm_kib=$hwm"
echo "sync_hub_down_baseline_rss_kib=$base_rss"
echo "sync_hub_down_baseline_hwm_kib=$base_hwm"

# --- 2. the hub back ----------------------------------------------------------

start_hub "$DB" "$T/down-hub.log" "127.0.0.1:$PORT" $HUB_FLAGS
up=$(now_ms)
until=$((up + BACK_LIMIT_S * 1000))
first=
while [ "$(hub_rows "$DB")" -lt $QUEUED ]; do
    [ "$(now_ms)" -lt $until ] || fail "$(hub_rows "$DB") of $QUEUED rows at the hub after ${BACK_LIMIT_S} s"
    kill -0 $KIOSK 2>/dev/null || fail "the kiosk exited: $(tail -5 "$T/down.log")"
    [ -z "$first" ] && grep -q "the hub answers again" "$T/down.log" && first=$(now_ms)
    sleep 0.1
done
done_ms=$(now_ms)
[ -n "$first" ] || first=$done_ms
echo "sync_hub_back_first_row_s=$(awk -v ms=$((first - up)) 'BEGIN { printf "%.1f", ms / 1000 }')"
echo "sync_hub_back_drain_s=$(awk -v ms=$((done_ms - up)) 'BEGIN { printf "%.1f", ms / 1000 }')"
stop "$KIOSK"; KIOSK=
stop "$HUB"; HUB=
[ "$(sqlite3 "$T/down/state/state.db" 'SELECT COUNT(*) FROM submissions WHERE state = 0')" = 0 ] ||
    fail "rows are still queued in the kiosk after the hub has them all"

# --- 3. publish to screen ------------------------------------------------------

P=$T/pub
mkdir -p "$P/state"
cp -r assets/demo "$P/src"
rm -rf "$P/src/keys"
sed -i "s/^bundle_poll_s = .*/bundle_poll_s = $POLL_S/" "$P/src/centre.ini"
grep -q "^bundle_poll_s = $POLL_S\$" "$P/src/centre.ini" || fail "assets/demo/centre.ini has no bundle_poll_s line any more"

build_version() {  # build_version N: $P/vN.db and its .sig
    sed -i "s/^content_version = .*/content_version = $1/" "$P/src/centre.ini"
    "$C" bundle build "$P/src" -o "$P/v$1.db" --quiet || fail "bundle build v$1 failed"
    "$C" bundle sign "$P/v$1.db" --key $KEYS/test-publisher.key --quiet || fail "bundle sign v$1 failed"
}
publish() {  # publish N
    "$C" publish "$P/v$1.db" --key $KEYS/test-publisher.pub --hub-db "$P/hub.db" >"$P/publish.out" 2>&1 ||
        fail "publish v$1 failed: $(cat "$P/publish.out")"
}

PTOKEN=$(enrol "$P/hub.db" hallway-publish)
# The hub with its defaults: a kiosk polling every 10 s is far below them.
start_hub "$P/hub.db" "$P/hub.log" 127.0.0.1:0
write_config "$P/kiosk.conf" "$P/state" "http://127.0.0.1:$PORT" "$PTOKEN"
build_version 2
publish 2
start_kiosk "$D1" "$P/kiosk.conf" "$P/kiosk.log"; KIOSK=$KIOSK_PID
wait_for_line "$P/kiosk.log" "content switched to version 2" $SWITCH_LIMIT_S $KIOSK ||
    fail "version 2 was not shown within ${SWITCH_LIMIT_S} s: $(grep sync "$P/kiosk.log" | tail -3)"
# From here the kiosk polls every 10 s: the worker takes a new bundle's
# bundle_poll_s as soon as the UI thread opens it (sync_set_poll_interval).
sleep 1

samples=
v=3
while [ $v -lt $((3 + PUBLISHES)) ]; do
    build_version $v
    # 0 to POLL_S s, so the publish falls anywhere in the poll cycle.
    sleep "$(od -An -N2 -tu2 /dev/urandom | awk -v s=$POLL_S '{ printf "%.2f", $1 * s / 65536 }')"
    t0=$(now_ms)
    publish $v
    wait_for_line "$P/kiosk.log" "content switched to version $v\$" $SWITCH_LIMIT_S $KIOSK ||
        fail "version $v was not shown within ${SWITCH_LIMIT_S} s: $(grep sync "$P/kiosk.log" | tail -3)"
    samples="$samples $(($(now_ms) - t0))"
    v=$((v + 1))
done
sorted=$(echo $samples | tr ' ' '\n' | sort -n)
echo "sync_publish_to_screen_ms_median=$(echo "$sorted" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"
echo "sync_publish_to_screen_ms_max=$(echo "$sorted" | tail -1)"
echo "sync_publish_to_screen_samples_ms=$(echo $samples | tr ' ' ',')"
