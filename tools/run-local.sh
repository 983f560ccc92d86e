#!/bin/sh
# run-local.sh — what `make run` starts: a welkom-hub on this machine, a
# kiosk enrolled to it, and the kiosk itself on the demo content, so a
# person can send a form and see it arrive:
#
#     build/welkomctl submissions export --key assets/demo/keys/test-hub.key \
#         --hub-db build/run/hub.db
#
# Everything lives in build/run/ (hub.db, the kiosk's config with its token,
# its state dir) and is kept between runs; `rm -rf build/run` starts afresh.
# The kiosk seals what it sends to the TEST hub key of assets/demo/keys
# (pinned in its config as [hub] public_key, marked as a test set-up; the
# kiosk logs "sealing to the TEST hub key" at start): anyone can open it.
# The kiosk also trusts the demo's TEST publisher key for content from the
# hub, so `welkomctl publish` of a bundle signed with it shows on screen.
# Extra arguments go to the kiosk (RUN_ARGS in make).
set -eu
BUILD=${BUILD:-build}
RUN=$BUILD/run
PORT=${WELKOM_HUB_PORT:-8470}
mkdir -p "$RUN"

# A config made before the kiosk pinned its hub key gets the TEST one
# ([hub] is its last section).
if [ -s "$RUN/welkom.conf" ] && ! grep -q '^public_key' "$RUN/welkom.conf"; then
    printf '# TEST hub key (assets/demo/keys/test-hub.pub): test set-up only.\npublic_key = %s\n' \
        "$(tail -1 assets/demo/keys/test-hub.pub)" >> "$RUN/welkom.conf"
fi

if [ ! -s "$RUN/welkom.conf" ]; then
    "$BUILD/welkomctl" kiosk add hallway-demo --hub-db "$RUN/hub.db" > "$RUN/enrol.out"
    token=$(sed -n 's/^token = //p' "$RUN/enrol.out")
    rm -f "$RUN/enrol.out"
    umask 077
    cat > "$RUN/welkom.conf" <<EOF
# Made by tools/run-local.sh for \`make run\`: a kiosk enrolled to the hub
# on this machine. A TEST SET-UP, not for a real centre: it trusts the TEST
# publisher key and seals residents' answers to the TEST hub key, whose
# secret half is in the repository.
[paths]
data_dir = .
locale_dir = $BUILD/locale
demo_dir = $BUILD/demo
state_dir = $RUN/state

[content]
publisher_key = $(tail -1 assets/demo/keys/test-publisher.pub)

[hub]
url = http://127.0.0.1:$PORT
token = $token
heartbeat_s = 60
# TEST hub key (assets/demo/keys/test-hub.pub): test set-up only.
public_key = $(tail -1 assets/demo/keys/test-hub.pub)
EOF
    umask 022
fi

# The staff console's content starts as the demo source.
[ -d "$RUN/content/draft" ] || "$BUILD/welkomctl" content import assets/demo --hub-db "$RUN/hub.db" >/dev/null

"$BUILD/welkom-hub" --db "$RUN/hub.db" --listen "127.0.0.1:$PORT" 2> "$RUN/hub.log" &
HUB=$!
trap 'kill $HUB 2>/dev/null; wait $HUB 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 100); do
    grep -q "listening on" "$RUN/hub.log" 2>/dev/null && break
    kill -0 $HUB 2>/dev/null || { cat "$RUN/hub.log" >&2; echo "run-local: the hub did not start (is port $PORT taken? WELKOM_HUB_PORT=...)" >&2; exit 1; }
    sleep 0.05
done
echo "hub on 127.0.0.1:$PORT (log: $RUN/hub.log); kiosk config: $RUN/welkom.conf"

status=0
"$BUILD/welkom" --config "$RUN/welkom.conf" "$@" || status=$?
echo
echo "What the kiosk sent, opened with the hub's TEST key:"
echo "  $BUILD/welkomctl submissions export --key assets/demo/keys/test-hub.key --hub-db $RUN/hub.db"
echo "Kiosks and their heartbeats:  $BUILD/welkomctl status --hub-db $RUN/hub.db"
exit $status
