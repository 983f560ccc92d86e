#!/bin/sh
# staff.sh — the staff console's figures (bench/README.md, "Staff
# console"): the inbox's first page over 10,000 submissions, time to the
# first byte (curl) and to the painted rows in chromium
# (bench/staff_paint.mjs); and the hub's memory with 20 staff sessions
# open, each holding the hub key unwrapped. The real hub on a free
# loopback port with a fresh database; the submissions are written with
# sqlite3 (sealed payloads of random bytes: the list never opens them).
set -eu
BUILD=${WELKOM_BUILD:-build}
HERE=$(dirname "$0")
SUBMISSIONS=10000
SESSIONS=20
RUNS=20
PW="bench password 12345"
KEY=assets/demo/keys/test-hub.key

T=$(mktemp -d /tmp/welkom-bench-staff.XXXXXX)
DB=$T/hub.db
HUB=
fail() { echo "staff.sh: $*" >&2; exit 1; }
. "$HERE/lib.sh"
trap 'stop "$HUB"; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM

"$BUILD/welkomctl" kiosk add hall-1 --hub-db "$DB" >/dev/null || fail "kiosk add"
# 10,000 submissions of every kind over a month, a tenth of them handled.
sqlite3 "$DB" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $SUBMISSIONS)
  INSERT INTO submissions (uuid, kiosk_id, kind, ref, created_at, received_at, payload)
  SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a'
               || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))), 1,
         CASE i % 4 WHEN 0 THEN 'signup' WHEN 1 THEN 'buddy' WHEN 2 THEN 'volunteer' ELSE 'message' END,
         (SELECT substr(a, i % 31 + 1, 1) || substr(a, i / 31 % 31 + 1, 1) || substr(a, i / 961 % 31 + 1, 1) || '-'
                 || substr(a, i * 7 % 31 + 1, 1) || 'XM' FROM (SELECT '23456789ABCDEFGHJKMNPQRSTUVWXYZ' AS a)),
         1767603600000 + i * 260000, 1767603600000 + i * 260000,
         randomblob(900) FROM n;
  INSERT INTO submission_states SELECT uuid, 'done', received_at, 'bench' FROM submissions WHERE rowid % 10 = 0;"

start_hub "$DB" "$T/hub.log" 127.0.0.1:0
URL=http://127.0.0.1:$PORT
rss() { status_kib "$HUB" "$1"; }

"$BUILD/welkomctl" staff add cas --role caseworker --url "$URL" --hub-db "$DB" >"$T/add.out" || fail "staff add"
token=$(sed -n 's/^set-up link = .*#//p' "$T/add.out")
curl -sf -o /dev/null "$URL/api/staff/setup" -H 'Content-Type: application/json' \
    -d "{\"token\": \"$token\", \"password\": \"$PW\"}" || fail "set-up"
echo "$PW" | "$BUILD/welkomctl" staff slot cas --key $KEY --hub-db "$DB" >/dev/null 2>&1 || fail "staff slot"
login() {
    curl -sf -c "$1" -o "$T/login.out" "$URL/api/staff/login" -H 'Content-Type: application/json' \
        -d "{\"name\": \"cas\", \"password\": \"$PW\"}" || fail "login"
    grep -q '"hub":true' "$T/login.out" || fail "the session holds no hub key"
}

# Time to the first byte of the inbox's first page, median of RUNS.
login "$T/jar"
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] * 1000 }'; }
ttfb() {
    for _ in $(seq $RUNS); do
        curl -s -b "$T/jar" -o "$T/page" -w '%{time_starttransfer}\n' "$URL/api/staff/submissions?$1"
    done | median
}
echo "staff_inbox_ttfb_10000_ms=$(ttfb page=1)"
grep -q "\"total\":$SUBMISSIONS" "$T/page" || fail "the inbox does not count $SUBMISSIONS: $(head -c 200 "$T/page")"
echo "staff_inbox_filtered_ttfb_10000_ms=$(ttfb 'kind=buddy&state=new&page=20')"
# A reference code as a resident reads it out: lower case, a space.
ref=$(sqlite3 "$DB" "SELECT lower(replace(ref, '-', '%20')) FROM submissions WHERE rowid = $((SUBMISSIONS / 2))")
echo "staff_inbox_ref_ttfb_10000_ms=$(ttfb "ref=$ref")"
grep -q '"total":[1-9]' "$T/page" || fail "the search by reference code found nothing: $(head -c 200 "$T/page")"

# Painted in chromium (where there is one).
if [ -x /usr/bin/chromium ] && command -v chromedriver >/dev/null && command -v node >/dev/null; then
    node "$HERE/staff_paint.mjs" "$URL" cas "$PW" "$T" $RUNS || fail "chromium"
fi

# Memory: the hub idle with one session, then with SESSIONS open.
rss1=$(rss VmRSS)
i=1
while [ $i -lt $SESSIONS ]; do login "$T/jar-$i"; i=$((i + 1)); done
curl -sf -b "$T/jar" -o "$T/session" "$URL/api/staff/session" || fail "the first session ended"
echo "staff_hub_rss_1_session_kib=$rss1"
echo "staff_hub_rss_${SESSIONS}_sessions_kib=$(rss VmRSS)"
echo "staff_hub_peak_rss_${SESSIONS}_sessions_kib=$(rss VmHWM)"
echo "staff_hub_locked_kib=$(rss VmLck)"
