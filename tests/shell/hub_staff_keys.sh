# hub_staff_keys.sh — keys and passwords from the console against the
# real hub: an admin whose session holds the hub key gives it to a
# caseworker, who has it at their next login (sealed to their box key
# until then: the key is never in hub.db in the clear); a person changes
# their own password and keeps their keys; an admin resets a password,
# which ends the person's sessions and deletes their keys, and the new
# set-up link works once. Refusals: the wrong role, no key to give, a
# person who is not there, SQL in names and kinds, a wrong old password.
. "$(dirname "$0")/lib/hub.sh"
. "$(dirname "$0")/lib/staff.sh"
NEW_PW="a new long password"
# try_login NAME PASSWORD: the status of a login, its answer in $T/body.
try_login() {
    curl -s -o $T/body -w '%{http_code}' $URL/api/staff/login -H 'Content-Type: application/json' \
        -d "{\"name\": \"$1\", \"password\": \"$2\"}"
}

start_hub --db $DB --listen 127.0.0.1:0
person ada admin
person cas caseworker
person eda editor
echo "$PW" | $C staff slot ada --key $KEYS/test-hub.key --hub-db $DB >/dev/null 2>$T/err || fail "slot: $(cat $T/err)"
login ada; login cas; login eda
grep -q '"keys":{"hub":true' $T/login-ada.out || fail "ada's session holds no hub key: $(cat $T/login-ada.out)"
grep -q '"keys":{"hub":false' $T/login-cas.out || fail "cas has a key already"
KEY_HEX=$(tail -1 $KEYS/test-hub.key | base64 -d | od -An -v -tx1 | tr -d ' \n' | tr a-f A-F)
[ ${#KEY_HEX} -ge 64 ] || fail "cannot read the test hub key as hex: '$KEY_HEX'"

# Refused: the wrong role, a kind that is not one, a key ada does not
# hold, nobody of that name, a name that is SQL.
expect 403 cas POST staff/eda/grant '{"kind": "hub"}'
expect 403 eda POST staff/cas/reset
expect 400 ada POST staff/cas/grant '{"kind": "hub\u0027 OR 1=1"}'
expect 400 ada POST staff/cas/grant '{}'
expect 409 ada POST staff/cas/grant '{"kind": "publisher"}'
expect 404 ada POST staff/nobody/grant '{"kind": "hub"}'
expect 404 ada POST "staff/x%27%20OR%20%271%27%3D%271/grant" '{"kind": "hub"}'
expect 404 ada POST "staff/x%27%20OR%20%271%27%3D%271/reset"
expect 409 ada POST staff/ada/reset
rows "SELECT count(*) FROM key_grants" | grep -qx 0 || fail "a refused grant was stored"

# Given: a grant waiting for cas, the key sealed, not in the clear.
expect 200 ada POST staff/cas/grant '{"kind": "hub"}'
expect 200 ada GET staff
grep -q '"name":"cas","role":"caseworker".*"hub_key":false,.*"hub_key_waiting":true' $T/body ||
    fail "the staff list does not show the waiting key: $(cat $T/body)"
rows "SELECT count(*) FROM key_grants g JOIN staff s ON s.id = g.staff_id WHERE s.name = 'cas'" | grep -qx 1 ||
    fail "no grant for cas"
sqlite3 $DB .dump | tr a-f A-F | grep -q "$KEY_HEX" && fail "the hub key is in hub.db in the clear"
# ... a slot of cas's own at the next login.
login cas
grep -q '"keys":{"hub":true' $T/login-cas.out || fail "cas's new session holds no hub key: $(cat $T/login-cas.out)"
rows "SELECT count(*) FROM key_grants" | grep -qx 0 || fail "the grant stayed after it became a slot"
rows "SELECT count(*) FROM key_slots k JOIN staff s ON s.id = k.staff_id WHERE s.name = 'cas' AND k.key = 'hub'" |
    grep -qx 1 || fail "cas has no hub slot"

# A new password of one's own: the old one checked, the keys kept.
expect 403 cas POST password "{\"old\": \"wrong password\", \"new\": \"$NEW_PW\"}"
expect 400 cas POST password "{\"old\": \"$PW\", \"new\": \"short\"}"
expect 400 cas POST password "{\"old\": \"$PW\"}"
expect 200 cas POST password "{\"old\": \"$PW\", \"new\": \"$NEW_PW\"}"
code=$(try_login cas "$PW")
[ $code = 401 ] || fail "the old password still logs in: $code"
code=$(try_login cas "$NEW_PW")
[ $code = 200 ] || fail "the new password does not log in: $code $(cat $T/body)"
grep -q '"keys":{"hub":true' $T/body || fail "the slot did not follow the new password: $(cat $T/body)"

# An admin's reset: cas's sessions end, the keys go, a new link once.
expect 200 ada POST staff/cas/reset
token=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' $T/body)
[ -n "$token" ] || fail "no set-up token: $(cat $T/body)"
expect 401 cas GET session
rows "SELECT (SELECT count(*) FROM key_slots) || ' ' || (SELECT count(*) FROM staff_boxes)
      FROM staff WHERE name = 'cas' AND password IS NULL" | grep -qx "1 2" ||
    fail "after the reset: $(rows 'SELECT staff_id, key FROM key_slots')"     # ada's slot, ada's and eda's boxes
for pw in "$NEW_PW" "$PW"; do
    code=$(try_login cas "$pw")
    [ $code = 401 ] || fail "a reset account logs in with an old password: $code"
done
code=$(curl -s -o $T/body -w '%{http_code}' $URL/api/staff/setup -H 'Content-Type: application/json' \
    -d "{\"token\": \"$token\", \"password\": \"$PW\"}")
[ $code = 200 ] || fail "the reset link does not work: $code $(cat $T/body)"
code=$(curl -s -o $T/body -w '%{http_code}' $URL/api/staff/setup -H 'Content-Type: application/json' \
    -d "{\"token\": \"$token\", \"password\": \"$PW\"}")
[ $code = 403 ] || fail "the reset link worked twice: $code"
login cas
grep -q '"keys":{"hub":false' $T/login-cas.out || fail "a reset kept a key"
expect 200 ada POST staff/cas/grant '{"kind": "hub"}'   # given again, at once: the set-up made the box key
login cas
grep -q '"keys":{"hub":true' $T/login-cas.out || fail "the key given again did not arrive"

# The audit log, and no password anywhere in the log.
expect 200 ada GET audit
for line in '"staff":"ada","action":"gave a key to","target":"cas hub"' \
            '"staff":"cas","action":"changed their password","target":""' \
            '"staff":"ada","action":"reset the password of","target":"cas"'; do
    grep -qF "$line" $T/body || fail "the audit log has no $line: $(head -c 600 $T/body)"
done
grep -q "$PW\|$NEW_PW\|$token" $T/hub.log && fail "a password or token reached the log"
exit 0
