# lib.sh — what the shell benchmarks that run the real kiosk and hub share
# (bench/sync.sh, bench/soak.sh; sourced, not run): stopping a process,
# clocks and /proc figures, a private Xvfb, the hub on a loopback port,
# enrolling a kiosk, a kiosk config, the kiosk in a window, waiting for a
# log line. The sourcing script sets BUILD, T (its temp dir), C
# (welkomctl), KEYS (assets/demo/keys) and fail() first.

stop() {  # stop PID: SIGTERM, then SIGKILL after 5 s
    [ -n "$1" ] || return 0
    kill -TERM "$1" 2>/dev/null || return 0
    for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

now_ms() { date +%s%3N; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
status_kib() { sed -n "s/^$2:[^0-9]*\([0-9]*\) kB/\1/p" "/proc/$1/status"; }

# A private X server (-displayfd: it picks a free display itself, so it
# never meets bench/run.sh's :77 or a test's), 1280x800 unless a screen
# size is given. Its pid in XVFB_PID, its display in XVFB_DISPLAY.
start_xvfb() {  # start_xvfb NAME [WxH]
    Xvfb -displayfd 3 -screen 0 "${2:-1280x800}x24" -nolisten tcp 3>"$T/$1.display" >/dev/null 2>&1 &
    XVFB_PID=$!
    XVFB_DISPLAY=
    for _ in $(seq 200); do
        XVFB_DISPLAY=$(cat "$T/$1.display" 2>/dev/null)
        [ -n "$XVFB_DISPLAY" ] && break
        sleep 0.05
    done
    [ -n "$XVFB_DISPLAY" ] || fail "Xvfb did not start"
    XVFB_DISPLAY=:$XVFB_DISPLAY
}

# The hub on ADDR (127.0.0.1:0 for any free port); its pid in HUB, its
# port in PORT.
start_hub() {  # start_hub DB LOG ADDR [FLAGS...]
    db=$1 log=$2 addr=$3; shift 3
    "$BUILD/welkom-hub" --db "$db" --listen "$addr" "$@" 2>"$log" &
    HUB=$!
    PORT=
    for _ in $(seq 200); do
        PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$log")
        [ -n "$PORT" ] && break
        kill -0 "$HUB" 2>/dev/null || fail "the hub did not start: $(cat "$log")"
        sleep 0.05
    done
    [ -n "$PORT" ] || fail "the hub does not listen: $(cat "$log")"
}

enrol() {  # enrol DB NAME: the token welkomctl prints once
    "$C" kiosk add "$2" --hub-db "$1" >"$T/add.out" || fail "kiosk add $2 failed"
    sed -n 's/^token = //p' "$T/add.out"
}

# A kiosk config: the demo, a state dir, the TEST publisher key pinned,
# and [hub] when a URL is given.
write_config() {  # write_config FILE STATE_DIR [URL TOKEN]
    {
        echo "[paths]"
        echo "data_dir = ."
        echo "locale_dir = $BUILD/locale"
        echo "demo_dir = $BUILD/demo"
        echo "state_dir = $2"
        echo "[content]"
        echo "publisher_key = $(tail -1 $KEYS/test-publisher.pub)"
        if [ $# -ge 4 ]; then
            echo "[hub]"
            echo "url = $3"
            echo "token = $4"
        fi
    } >"$1"
}

# The real kiosk as it runs in a hallway, on the attract screen; -v for
# the worker's debug lines ("sync: retrying in N ms"). More flags after
# the log replace the defaults (a later --size or --idle-timeout wins).
start_kiosk() {  # start_kiosk DISPLAY CONFIG LOG [FLAGS...]: its pid in KIOSK_PID
    d=$1 cfg=$2 log=$3; shift 3
    DISPLAY=$d "$BUILD/welkom" --config "$cfg" --size 1280x800 --idle-timeout 600 -v "$@" \
        >/dev/null 2>"$log" &
    KIOSK_PID=$!
}

wait_for_line() {  # wait_for_line LOG TEXT LIMIT_S PID: 0 once LOG has TEXT
    until=$(( $(now_ms) + $3 * 1000 ))
    while [ "$(now_ms)" -lt $until ]; do
        grep -q "$2" "$1" && return 0
        kill -0 "$4" 2>/dev/null || fail "the kiosk exited: $(tail -5 "$1")"
        sleep 0.05
    done
    return 1
}
