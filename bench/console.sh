#!/bin/sh
# console.sh — the staff console's figures (bench/README.md, "The staff
# console"): the real hub on a free loopback port with a fresh database;
# an editor with a publisher slot publishes a generated source of 5,000
# items (2,500 services, 2,500 activities, 11 languages; bench_source.c)
# through POST /api/staff/content/publish, and lists the draft. Each a
# median of RUNS, over curl on loopback. (The inbox over 10,000
# submissions is bench/staff.sh's.)
set -eu
BUILD=${WELKOM_BUILD:-build}
RUNS=3
PW="correct horse battery"
KEYS=assets/demo/keys
T=$(mktemp -d /tmp/welkom-bench-console.XXXXXX)
DB=$T/hub.db
HUB_PID=
cleanup() {
    [ -n "$HUB_PID" ] && kill -TERM "$HUB_PID" 2>/dev/null && wait "$HUB_PID" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "console.sh: $*" >&2; exit 1; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

"$BUILD/welkom-hub" --db $DB --listen 127.0.0.1:0 --kiosk-binary none 2>$T/hub.log &
HUB_PID=$!
for _ in $(seq 200); do
    PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' $T/hub.log)
    [ -n "$PORT" ] && break
    sleep 0.05
done
[ -n "$PORT" ] || fail "the hub did not start: $(cat $T/hub.log)"
URL=http://127.0.0.1:$PORT

# person NAME ROLE: added and set up; login NAME: a cookie jar and CSRF token.
person() {
    token=$("$BUILD/welkomctl" staff add $1 --role $2 --url $URL --hub-db $DB | sed -n 's/^set-up link = .*#//p')
    curl -sf -o /dev/null $URL/api/staff/setup -H 'Content-Type: application/json' \
        -d "{\"token\": \"$token\", \"password\": \"$PW\"}" || fail "set-up of $1"
}
login() {
    curl -sf -c $T/jar-$1 $URL/api/staff/login -H 'Content-Type: application/json' \
        -d "{\"name\": \"$1\", \"password\": \"$PW\"}" | sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p' > $T/csrf-$1
}
person eda editor
echo "$PW" | "$BUILD/welkomctl" staff slot eda --key $KEYS/test-publisher.key --kind publisher --hub-db $DB >/dev/null
login eda

# 5,000 items, imported as the draft, published RUNS times (each a new version).
mkdir $T/src
"$BUILD/bench/run" write-source $T/src 2500 2500
"$BUILD/welkomctl" content import $T/src --hub-db $DB >/dev/null || fail "import"
for _ in $(seq $RUNS); do
    curl -s -o $T/body -w '%{http_code} %{time_total}\n' -b $T/jar-eda -H "X-CSRF-Token: $(cat $T/csrf-eda)" \
        -H 'Content-Type: application/json' -d '{}' $URL/api/staff/content/publish >> $T/publish.txt
done
grep -qv '^200 ' $T/publish.txt && fail "a publish failed: $(cat $T/body)"
echo "console_publish_5000_items_ms=$(awk '{ print $2 * 1000 }' $T/publish.txt | median)"
for _ in $(seq $RUNS); do
    curl -s -o /dev/null -w '%{time_total}\n' -b $T/jar-eda $URL/api/staff/content
done | awk '{ print $1 * 1000 }' | median | sed 's/^/console_content_list_5000_items_ms=/'

