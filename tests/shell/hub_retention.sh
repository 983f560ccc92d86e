# hub_retention.sh — the real welkom-hub deletes what residents sent once
# the days their form promised are over: a hub that was off while a
# request's day ran out deletes it when it starts, before it serves; the
# request sent without keep_days (a volunteer's check-in) stays; the log
# and the audit log say how many, never which; the database holds none of
# its bytes after. (The rules to the millisecond: test_hub_retention.c.)
. "$(dirname "$0")/lib/hub.sh"

start_hub --db $DB --listen 127.0.0.1:0
enrol hall-1
TOKEN=$(token_of hall-1)
# A payload with a marker in it, as a sealed box would never have, so its
# bytes can be looked for in the files.
MARK=$(printf 'RETENTION-MARKER-%.0s' $(seq 8) | base64 -w0)
GO=$(new_uuid) STAY=$(new_uuid) CHECKIN=$(new_uuid)
code=$(post /v1/submissions "$TOKEN" "$(submission $GO message AAA-BBB "$MARK" 1)" $GO)
[ "$code" = 201 ] || fail "the message kept 1 day got $code: $(cat $T/body)"
code=$(post /v1/submissions "$TOKEN" "$(submission $STAY buddy CCC-DDD "$(sealed)" 180)" $STAY)
[ "$code" = 201 ] || fail "the buddy request kept 180 days got $code: $(cat $T/body)"
code=$(post /v1/submissions "$TOKEN" "$(submission $CHECKIN checkin EEE-FFF)" $CHECKIN)
[ "$code" = 201 ] || fail "the check-in got $code: $(cat $T/body)"
stop_hub
grep -q "deleted" $T/hub.log && fail "a hub deleted what was not due: $(cat $T/hub.log)"
grep -q "RETENTION-MARKER" $DB || fail "the marker is not in hub.db to begin with"

# Two days pass while the hub is off (its rows are moved back in time).
rows "UPDATE submissions SET received_at = received_at - 2 * 86400000,
      delete_at = delete_at - 2 * 86400000" || fail "could not move the rows back"
start_hub --db $DB --listen 127.0.0.1:0
grep -q "hub: deleted 1 submission whose keep_days were over" $T/hub.log ||
    fail "the hub did not say it deleted one: $(cat $T/hub.log)"
# It deleted before it listened.
[ "$(grep -n "deleted 1 submission" $T/hub.log | cut -d: -f1)" -lt "$(grep -n "listening on" $T/hub.log | cut -d: -f1)" ] ||
    fail "the hub served before it deleted: $(cat $T/hub.log)"
[ "$(rows "SELECT count(*) FROM submissions WHERE uuid = '$GO'")" = 0 ] || fail "the message is still there"
[ "$(rows "SELECT count(*) FROM submissions WHERE uuid IN ('$STAY', '$CHECKIN')")" = 2 ] ||
    fail "the buddy request or the check-in went too"
[ "$(rows "SELECT staff || ' ' || action || ' ' || target FROM audit ORDER BY id DESC LIMIT 1")" = \
  "welkom-hub deleted 1 submission past their keep_days" ] || fail "audit: $(rows "SELECT * FROM audit")"
grep -q "AAA-BBB\|$GO" $T/hub.log && fail "the log names what was deleted"
stop_hub
for f in $DB $DB-wal; do
    [ -e $f ] && grep -q "RETENTION-MARKER" $f && fail "the deleted message's bytes are still in $f"
done
exit 0
