# hub_staff_buddies.sh — buddy matching in the console's API against the
# real hub, beyond what hub_staff.sh tries on every endpoint (no session,
# another hub's cookie, the wrong role, CSRF, forms and origins): a
# volunteer's first name with script or SQL in it is stored and comes
# back as the text it was; words and numbers out of bounds are refused
# with a message and change nothing; the open buddy requests are the
# buddy ones not yet matched; suggestions need the hub key in the
# session; a match takes a request off the open list once, not twice,
# and not with a buddy who is full; the audit log says who matched which
# request with which buddy, and a removed buddy's name is gone from the
# hub's files.
. "$(dirname "$0")/lib/hub.sh"
. "$(dirname "$0")/lib/staff.sh"

start_hub --db $DB --listen 127.0.0.1:0
person cas caseworker
person ada admin
login cas; login ada
enrol hall-1
TOKEN=$(token_of hall-1)
post() {        # post UUID KIND REF: a submission from hall-1
    curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H "Idempotency-Key: $1" \
        -H 'Content-Type: application/json' -d "$(submission $1 $2 $3)" $URL/v1/submissions
}
B1=$(new_uuid); B2=$(new_uuid); MSG=$(new_uuid)
post $B1 buddy AAA-BBB >/dev/null; post $B2 buddy CCC-DDD >/dev/null; post $MSG message EEE-FFF >/dev/null

# Script and SQL in a first name: stored as they are, back as JSON text.
expect 201 cas POST buddies '{"first_name": "<script>alert(1)</script>", "languages": ["ar", "nl"],
    "interests": ["walking"], "availability": ["mon-evening"], "gender": "woman", "age": "26-40", "capacity": 1}'
grep -qx '{"id":1}' $T/body || fail "the first buddy is not 1: $(cat $T/body)"
expect 201 cas POST buddies '{"first_name": "Robert\u0027); DROP TABLE buddies;--", "languages": ["fr"]}'
expect 200 cas GET buddies
grep -qF '"first_name":"<script>alert(1)</script>"' $T/body || fail "script did not come back as text: $(cat $T/body)"
grep -qF "\"first_name\":\"Robert'); DROP TABLE buddies;--\"" $T/body || fail "SQL did not come back as text: $(cat $T/body)"
grep -qF '"languages":["ar","nl"]' $T/body || fail "the languages: $(cat $T/body)"
rows "SELECT count(*) FROM buddies" | grep -qx 2 || fail "the roster is not two buddies"

# Out of bounds: a clear message, nothing stored or changed.
for body in '{"first_name": ""}' '{"first_name": "   "}' '{"languages": ["ar"]}' \
            "{\"first_name\": \"$(printf 'x%.0s' $(seq 41))\"}" \
            '{"first_name": "Eva", "languages": ["ar\u0027--"]}' '{"first_name": "Eva", "languages": "ar"}' \
            '{"first_name": "Eva", "gender": "woman\u0027 OR \u00271\u0027=\u00271"}' \
            '{"first_name": "Eva", "gender": "unicorn"}' '{"first_name": "Eva", "age": "<b>"}' \
            '{"first_name": "Eva", "capacity": 0}' '{"first_name": "Eva", "capacity": 11}' \
            '{"first_name": "Eva", "capacity": 1.5}' '{"first_name": "Eva", "id": "1 OR 1=1"}' \
            '{"first_name": "Eva", "interests": [1, 2]}'; do
    expect 400 cas POST buddies "$body"
    grep -q '"error":"[a-z]' $T/body || fail "no message for $body: $(cat $T/body)"
done
expect 404 cas POST buddies '{"id": 99, "first_name": "Eva"}'
rows "SELECT count(*) FROM buddies" | grep -qx 2 || fail "a refused buddy was stored"
expect 200 cas POST buddies '{"id": 2, "first_name": "Robert", "languages": ["fr", "nl"], "capacity": 2}'
rows "SELECT first_name || ' ' || languages || ' ' || capacity FROM buddies WHERE id = 2" |
    grep -qx "Robert fr nl 2" || fail "the change: $(rows 'SELECT * FROM buddies')"
for p in "buddies/1%20OR%201=1/remove" "buddies/99/remove" "buddies/-1/remove" "buddies/%2e%2e/remove"; do
    expect 404 cas POST "$p"
done

# The open requests: the buddy ones, not the message.
expect 200 cas GET buddy-requests
grep -q "$B1" $T/body && grep -q "$B2" $T/body || fail "the open buddy requests: $(cat $T/body)"
grep -q "$MSG" $T/body && fail "a message is listed as a buddy request"
grep -q '"can_open":false' $T/body || fail "cas holds no key yet: $(cat $T/body)"
expect 409 cas GET "buddy-requests/$B1"          # no hub key: nothing opens, nothing ranked
grep -q "key slot" $T/body || fail "the refusal does not say what to do: $(cat $T/body)"
echo "$PW" | $C staff slot cas --key $KEYS/test-hub.key --hub-db $DB >/dev/null 2>$T/err || fail "slot: $(cat $T/err)"
login cas
expect 200 cas GET "buddy-requests/$B1"
grep -q '"suggestions":\[{' $T/body || fail "no suggestions: $(cat $T/body)"
expect 404 cas GET "buddy-requests/$MSG"
expect 404 cas GET "buddy-requests/%27%20OR%201%3D1"

# Matching: once, and not with a buddy who is full.
for body in '{"buddy": "1 OR 1=1"}' '{"buddy": 0}' '{}' '{"buddy": [1]}'; do
    expect 400 cas POST "buddy-requests/$B1/match" "$body"
done
expect 404 cas POST "buddy-requests/$MSG/match" '{"buddy": 1}'
expect 404 cas POST "buddy-requests/$B1/match" '{"buddy": 99}'
expect 200 cas POST "buddy-requests/$B1/match" '{"buddy": 1}'
expect 409 cas POST "buddy-requests/$B1/match" '{"buddy": 2}'
expect 409 cas POST "buddy-requests/$B2/match" '{"buddy": 1}'
grep -q "as many residents" $T/body || fail "the refusal does not say the buddy is full: $(cat $T/body)"
expect 200 cas GET buddy-requests
grep -q "$B1" $T/body && fail "a matched request is still open"
grep -q "$B2" $T/body || fail "the unmatched request left the list"
expect 200 cas GET buddies
grep -qF '"id":1,' $T/body && grep -q '"matches":1,"full":true' $T/body || fail "the roster: $(cat $T/body)"
rows "SELECT uuid || ' ' || buddy_id || ' ' || staff FROM buddy_matches" | grep -qx "$B1 1 cas" ||
    fail "the match record: $(rows 'SELECT * FROM buddy_matches')"

# Removed: off the roster, the name gone from the files; the match stays.
expect 200 cas POST buddies/1/remove
expect 200 cas GET buddies
grep -q 'script' $T/body && fail "a removed buddy is still listed"
expect 404 cas POST buddies '{"id": 1, "first_name": "Back"}'
rows "SELECT count(*) FROM buddy_matches" | grep -qx 1 || fail "the match went with the buddy"

# The audit log: who matched which request with which buddy; no names.
login ada
expect 200 ada GET audit
grep -qF "\"staff\":\"cas\",\"action\":\"matched\",\"target\":\"$B1 with buddy 1\"" $T/body ||
    fail "the audit log has no match: $(head -c 600 $T/body)"
grep -qF '"action":"added buddy","target":"2"' $T/body || fail "the audit log has no buddy added"
grep -q 'script\|Robert' $T/body && fail "a buddy's name is in the audit log"
stop_hub
sqlite3 $DB 'PRAGMA wal_checkpoint(TRUNCATE); VACUUM' >/dev/null
for f in $DB $DB-wal $T/hub.log; do
    [ -e $f ] && grep -qa 'alert(1)' $f && fail "a removed buddy's name is still in $f"
done
exit 0
