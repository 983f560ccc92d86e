#!/bin/sh
# run.sh — the kiosk's benchmarks, one name=value line each (see
# bench/README.md for what each measures and the budgets).
# Start-up and idle figures come from the real binary (headless and in a
# window under Xvfb); frame costs, content, memory, the queue and its
# drain to a hub from bench/run (bench_kiosk.c, bench_content.c,
# bench_outbox.c, bench_sync.c); the hub under load from bench/hub.sh;
# the real kiosk with the hub down and publishing from bench/sync.sh; the
# kiosk beside Chromium from bench/peer.
#
# Everything it prints goes to the terminal as it comes; after a run that
# succeeded the name=value lines are also in bench/results.txt, and
# bench/results.md has them as a table (bench/report.sh), the kiosk beside
# Chromium first (bench/peer).
set -eu
BUILD=${WELKOM_BUILD:-build}
HERE=$(dirname "$0")
if [ -z "${BENCH_INNER:-}" ]; then
    out=$(mktemp /tmp/welkom-bench-out.XXXXXX)
    rcf=$(mktemp /tmp/welkom-bench-rc.XXXXXX)
    { BENCH_INNER=1 sh "$0" "$@" && echo 0 >"$rcf" || echo $? >"$rcf"; } | tee "$out"
    rc=$(cat "$rcf")
    if [ "$rc" = 0 ]; then
        grep -E '^[a-z0-9_]+=' "$out" >"$HERE/results.txt"
        sh "$HERE/report.sh" "$HERE/results.txt" \
            "\`make bench\` of $(date -u +%Y-%m-%d) on $(nproc) cores, BENCH_HUB_DOWN_S=${BENCH_HUB_DOWN_S:-600}." \
            >"$HERE/results.md"
        echo "bench: $HERE/results.txt and $HERE/results.md" >&2
    fi
    rm -f "$out" "$rcf"
    exit "$rc"
fi
# The kiosk as it starts on a fresh machine: the demo bundle, and an empty
# state directory of its own (nothing installed).
STATE=$(mktemp -d /tmp/welkom-bench-state.XXXXXX)
trap 'rm -rf "$STATE"' EXIT
WELKOM="$BUILD/welkom --data-dir . --locale-dir $BUILD/locale --demo-dir $BUILD/demo --state-dir $STATE"
RUNS=10

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

now_ms() { date +%s%3N; }

# Exec to first presented frame, measured outside the process; and inside
# it from main() (the difference is the dynamic loader).
startup() {  # startup NAME ARGS...
    name=$1; shift
    inner=""; outer=""
    for _ in $(seq $RUNS); do
        t0=$(now_ms)
        v=$($WELKOM "$@" --quit-after-first-frame --report-startup | sed -n 's/^first_frame_ms=//p')
        t1=$(now_ms)
        inner="$inner $v"; outer="$outer $((t1 - t0))"
    done
    echo "startup_${name}_main_to_first_frame_ms=$(echo $inner | tr ' ' '\n' | median)"
    echo "startup_${name}_exec_to_exit_ms=$(echo $outer | tr ' ' '\n' | median)"
}

maxrss() {  # KiB of the peak resident set of a run to the first frame
    /usr/bin/env time -f %M $WELKOM "$@" --quit-after-first-frame 2>&1 >/dev/null | tail -1
}

startup headless --headless
echo "rss_first_frame_headless_peak_kib=$(maxrss --headless)"

# A private X server for the window figures.
DISPLAY_NUM=:77
Xvfb $DISPLAY_NUM -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
trap 'kill $XVFB 2>/dev/null || true; rm -rf "$STATE"' EXIT
for _ in $(seq 50); do [ -e /tmp/.X11-unix/X${DISPLAY_NUM#:} ] && break; sleep 0.1; done
export DISPLAY=$DISPLAY_NUM

startup xvfb_1280x800 --size 1280x800
echo "rss_first_frame_xvfb_peak_kib=$(maxrss --size 1280x800)"

# Idle: 20 s on the home screen (nothing moves: 0 frames expected) and on
# the attract screen (the welcome changes language every 3 s). Frames are
# counted by the kiosk; CPU from /proc between 2 s and 22 s after start.
idle() {  # idle NAME SCRIPT
    out=/tmp/welkom-idle.$$
    $WELKOM --size 1280x800 --idle-timeout 600 --report-startup --script "$2" > $out &
    pid=$!
    sleep 2
    t0=$(awk '{ print $14 + $15 }' /proc/$pid/stat)
    sleep 20
    t1=$(awk '{ print $14 + $15 }' /proc/$pid/stat)
    kill -TERM $pid; wait $pid || true
    hz=$(getconf CLK_TCK)
    echo "idle_${1}_cpu_pct_20s=$(awk -v d=$((t1 - t0)) -v hz=$hz 'BEGIN { printf "%.2f", 100 * d / hz / 20 }')"
    echo "idle_${1}_frames_22s=$(sed -n 's/^frames_presented=//p' $out)"
    rm -f $out
}
idle home "tap:English"
idle attract ""

# The kiosk beside Chromium in kiosk mode on this X server (bench/peer):
# first paint, a click to the next screen seen from outside, idle CPU, PSS.
WELKOM_BUILD="$BUILD" sh "$HERE/peer"

# Each group of figures in a process of its own (bench/run does that).
"$BUILD/bench/run"
WELKOM_BUILD="$BUILD" sh "$HERE/hub.sh"    # welkom-hub under 50 kiosks (bench/hub.sh)
WELKOM_BUILD="$BUILD" sh "$HERE/staff.sh"  # the staff console: inbox, sessions (bench/staff.sh)
WELKOM_BUILD="$BUILD" sh "$HERE/console.sh"    # the staff console: publish, list, inbox (bench/console.sh)
# The real kiosk with the hub down, back, and publishing (bench/sync.sh);
# BENCH_HUB_DOWN_S (default 600) is most of its time.
WELKOM_BUILD="$BUILD" sh "$HERE/sync.sh"
