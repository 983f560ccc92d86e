# hub_staff.sh — the staff console's API against the real hub, endpoint by
# endpoint, as an attacker would try it: no session, a session ended by
# inactivity, a session from another hub, the wrong role, a change without
# or with a wrong CSRF token, a form posted from another site, script and
# SQL in the text fields, wrong passwords until the lockout, and paths
# that climb out of the pages' directory. Then that the right person gets
# through, a revoked person's session ends at once, and the audit log
# names who did what and nothing of what residents wrote.
. "$(dirname "$0")/lib/hub.sh"
. "$(dirname "$0")/lib/staff.sh"

HUB2_PID= HUB3_PID=
KILL_AT_EXIT="HUB_PID HUB2_PID HUB3_PID"

# The pages from a copy, with a symbolic link in it that points out.
cp -r hub/staff $T/pages
echo secret-outside > $T/outside.html
ln -s $T/outside.html $T/pages/link.html
start_hub --db $DB --listen 127.0.0.1:0 --staff-dir $T/pages
person ada admin
person cas caseworker
person eda editor
login ada; login cas; login eda
enrol hall-1
TOKEN=$(token_of hall-1)
UUID=$(new_uuid)
curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" -H "Idempotency-Key: $UUID" -H 'Content-Type: application/json' \
    -d "$(submission $UUID message K7Q-XM4)" $URL/v1/submissions
curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "$(heartbeat 2 '<script>alert(1)</script><img src=x onerror=alert(2)>')" $URL/v1/heartbeat

# Every endpoint: who may (ROLE), how (METHOD PATH BODY).
ENDPOINTS="all|GET|session
all|POST|logout
cas|GET|submissions
cas|GET|submissions.csv
cas|GET|signups
cas|GET|submissions/$UUID
cas|POST|submissions/$UUID/state|{\"state\": \"in_hand\"}
cas|GET|buddies
cas|POST|buddies|{\"first_name\": \"Amal\", \"capacity\": 1}
cas|POST|buddies/1/remove
cas|GET|buddy-requests
cas|GET|buddy-requests/$UUID
cas|POST|buddy-requests/$UUID/match|{\"buddy\": 1}
ada|GET|kiosks
ada|POST|kiosks|{\"name\": \"hall-2\"}
ada|POST|kiosks/hall-2/revoke
ada|GET|staff
ada|POST|staff/nobody/revoke
ada|POST|staff/nobody/reset
ada|POST|staff/nobody/grant|{\"kind\": \"hub\"}
ada|GET|volunteers
ada|GET|volunteers/hours?from=2026-12-01&to=2026-12-31
ada|GET|volunteers/hours.csv?from=2026-12-01&to=2026-12-31
ada|GET|volunteers/here
ada|POST|volunteers|{\"first_name\": \"Amal\", \"organisation\": \"Refu Interim\"}
ada|POST|volunteers/1/code
ada|POST|volunteers/1/deactivate
ada|POST|organisations|{\"name\": \"Rode Kruis\"}
all|POST|password|{\"old\": \"correct horse battery\", \"new\": \"a new long password\"}
ada|GET|audit"

# A second hub (its own database and people): its cookie means nothing here.
$B/welkom-hub --db $T/other.db --listen 127.0.0.1:0 --staff-dir $T/pages 2>$T/hub2.log &
HUB2_PID=$!
wait_listening hub $HUB2_PID $T/hub2.log $T/hub2.log 's/.*listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p'
URL2=http://127.0.0.1:$PORT
MAIN_URL=$URL; URL=$URL2; DB_MAIN=$DB; DB=$T/other.db
person ada admin; person cas caseworker
cp $T/jar-ada $T/jar-main-ada; cp $T/jar-cas $T/jar-main-cas; cp $T/csrf-ada $T/csrf-main-ada; cp $T/csrf-cas $T/csrf-main-cas
login ada $URL2; login cas $URL2
for p in ada cas; do mv $T/jar-$p $T/jar-other-$p; mv $T/csrf-$p $T/csrf-other-$p
                     mv $T/jar-main-$p $T/jar-$p; mv $T/csrf-main-$p $T/csrf-$p; done
URL=$MAIN_URL; DB=$DB_MAIN

echo "$ENDPOINTS" | while IFS='|' read -r who method path body; do
    body=${body:-'{}'}
    # No session.
    expect 401 - $method "$path" "$body" -
    # A session of another hub, same names, same role.
    owner=${who/all/cas}
    expect 401 other-$owner $method "$path" "$body" "$(cat $T/csrf-other-$owner)"
    # The wrong role.
    if [ $who = cas ]; then expect 403 ada $method "$path" "$body"; expect 403 eda $method "$path" "$body"; fi
    if [ $who = ada ]; then expect 403 cas $method "$path" "$body"; expect 403 eda $method "$path" "$body"; fi
    [ $method = POST ] || continue
    # A change without, or with a wrong, CSRF token: refused, nothing done.
    [ $path = logout ] && owner=eda
    expect 403 $owner POST "$path" "$body" -
    expect 403 $owner POST "$path" "$body" "$(cat $T/csrf-$owner | rev)"
    expect 403 $owner POST "$path" "$body" "$(cat $T/csrf-other-${owner/eda/cas})"
    # A form of another site: not JSON, or an Origin that is not the hub.
    code=$(curl -s -o $T/body -w '%{http_code}' -b $T/jar-$owner -H "X-CSRF-Token: $(cat $T/csrf-$owner)" \
        -d 'state=done' "$URL/api/staff/$path")
    [ $code = 415 ] || fail "a form post to $path answered $code"
    code=$(curl -s -o $T/body -w '%{http_code}' -b $T/jar-$owner -H "X-CSRF-Token: $(cat $T/csrf-$owner)" \
        -H 'Content-Type: application/json' -H 'Origin: https://evil.example' -d "$body" "$URL/api/staff/$path")
    [ $code = 403 ] || fail "a post from another origin to $path answered $code"
done || exit 1
rows "SELECT count(*) FROM submission_states" | grep -qx 0 || fail "a refused change changed a state"
rows "SELECT count(*) FROM kiosks" | grep -qx 1 || fail "a refused enrolment enrolled a kiosk"
rows "SELECT count(*) FROM buddies" | grep -qx 0 || fail "a refused change added a buddy"
rows "SELECT count(*) FROM volunteers" | grep -qx 0 || fail "a refused change added a volunteer"
rows "SELECT count(*) FROM organisations" | grep -qx 0 || fail "a refused change added an organisation"

# The right people get through.
expect 200 cas GET submissions
grep -q '"ref":"K7Q-XM4"' $T/body || fail "the inbox does not list the submission: $(cat $T/body)"
expect 200 cas POST "submissions/$UUID/state" '{"state": "in_hand"}'
expect 200 cas GET "submissions?state=in_hand&ref=k7q%20xm4"
grep -q '"total":1' $T/body || fail "the search by reference code and state: $(cat $T/body)"
expect 409 cas GET "submissions/$UUID"          # no hub key in cas's session: nothing opens
expect 201 ada POST kiosks '{"name": "hall-2"}'
grep -q '"token":"' $T/body || fail "enrolment shows no token: $(cat $T/body)"
expect 200 ada POST kiosks/hall-2/revoke
expect 200 ada GET kiosks

# What a kiosk or a person typed comes back as a JSON string, never as
# markup: the type says JSON, the browser may not sniff it.
curl -s -D $T/headers -o $T/body -b $T/jar-ada $URL/api/staff/kiosks
grep -qi '^content-type: application/json' $T/headers || fail "kiosks is not sent as JSON: $(cat $T/headers)"
grep -qi '^x-content-type-options: nosniff' $T/headers || fail "no nosniff"
grep -qi "^content-security-policy: .*script-src 'self'" $T/headers || fail "no CSP: $(cat $T/headers)"
grep -qF '"last_error":"<script>alert(1)</script><img src=x onerror=alert(2)>"' $T/body ||
    fail "the last error does not come back as the text it was: $(cat $T/body)"
# ... and the pages put data into the DOM as text only, with no inline script.
grep -rn 'innerHTML\|outerHTML\|insertAdjacentHTML\|document.write\|eval(' hub/staff/*.js &&
    fail "a page writes HTML from data"
grep -n '<script>' hub/staff/*.html && fail "inline script in a page"

# SQL in every text field is only ever a value: refused or not found.
expect 400 cas GET "submissions?ref=%27%20OR%201%3D1%20--"
expect 400 cas GET "submissions?kiosk=x%27%20OR%20%271%27%3D%271"
expect 400 cas GET "submissions?state=new%27%20OR%201%3D1"
expect 400 cas GET "submissions?kind=message%27--"
expect 404 cas GET "submissions/%27%20OR%201%3D1"
expect 400 ada POST kiosks '{"name": "a\u0027; DROP TABLE kiosks;--"}'
expect 404 ada POST "kiosks/x%27%20OR%20%271%27%3D%271/revoke"
code=$(curl -s -o $T/body -w '%{http_code}' $URL/api/staff/login -H 'Content-Type: application/json' \
    -d "{\"name\": \"ada' OR '1'='1\", \"password\": \"' OR '1'='1\"}")
[ $code = 401 ] || fail "an SQL name logged in: $code"
rows "SELECT count(*) FROM kiosks" | grep -qx 2 || fail "the kiosks table changed"
rows "SELECT count(*) FROM kiosks WHERE revoked_at IS NOT NULL" | grep -qx 1 || fail "a kiosk was revoked by SQL"

# Wrong passwords: after three, even the right one waits, and longer each time.
for _ in 1 2 3; do
    code=$(curl -s -o $T/body -w '%{http_code}' $URL/api/staff/login -H 'Content-Type: application/json' \
        -d '{"name": "eda", "password": "wrong wrong wrong"}')
    [ $code = 401 ] || [ $code = 429 ] || fail "a wrong password answered $code"
done
code=$(curl -s -D $T/headers -o $T/body -w '%{http_code}' $URL/api/staff/login -H 'Content-Type: application/json' \
    -d "{\"name\": \"eda\", \"password\": \"$PW\"}")
[ $code = 429 ] || fail "a locked account logged in: $code $(cat $T/body)"
grep -qi '^retry-after: [1-9]' $T/headers || fail "no Retry-After: $(cat $T/headers)"

# A set-up link works once.
token=$(sed -n 's/^set-up link = .*#//p' $T/add-cas.out)
code=$(curl -s -o $T/body -w '%{http_code}' $URL/api/staff/setup -H 'Content-Type: application/json' \
    -d "{\"token\": \"$token\", \"password\": \"another password\"}")
[ $code = 403 ] || fail "a used set-up link worked again: $code"

# Pages: served with the CSP; nothing outside the directory, however asked.
code=$(curl -s -D $T/headers -o /dev/null -w '%{http_code}' $URL/staff/)
[ $code = 200 ] || fail "/staff/ answered $code"
grep -qi "^content-security-policy: default-src 'none'; script-src 'self'" $T/headers || fail "the page has no CSP"
for p in "../hub.db" "%2e%2e/hub.db" "..%2fhub.db" "%2e%2e%2f%2e%2e%2fetc%2fpasswd" "../../../../etc/passwd" \
         ".%2e/hub.db" "i18n/../../hub.db" "link.html" ".hidden.html" "/etc/passwd" \
         "i18n//en.json" "i18n/..%5c..%5chub.db"; do
    code=$(curl -s --path-as-is -o $T/body -w '%{http_code}' "$URL/staff/$p")
    [ $code = 404 ] || fail "/staff/$p answered $code: $(head -c 100 $T/body)"
done
grep -rq secret-outside $T/body && fail "a link out of the pages was followed"

# Revoking a person ends their session at once.
expect 200 ada POST staff/eda/revoke
rows "SELECT revoked_at IS NOT NULL FROM staff WHERE name = 'eda'" | grep -qx 1 || fail "eda not revoked"
expect 401 eda GET session

# A session ends after its idle time: a hub whose sessions last 1 s.
$B/welkom-hub --db $DB --listen 127.0.0.1:0 --staff-dir $T/pages --session-idle-s 1 2>$T/hub3.log &
HUB3_PID=$!
wait_listening hub $HUB3_PID $T/hub3.log $T/hub3.log 's/.*listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p'
URL=http://127.0.0.1:$PORT
login cas
login ada
expect 200 cas GET session
# Wait (bounded) until the hub says cas's session ended, asking as ada
# (a request of cas's own would keep it alive), then it stays gone.
ended=
for _ in $(seq 100); do
    call ada GET kiosks >/dev/null
    grep -q "cas's console session ended" $T/hub3.log && { ended=1; break; }
    login ada
    sleep 0.1
done
[ -n "$ended" ] || fail "the session did not end after 1 s idle: $(cat $T/hub3.log)"
echo "$ENDPOINTS" | while IFS='|' read -r who method path body; do
    [ $who = cas ] || [ $who = all ] || continue
    expect 401 cas $method "$path" "${body:-{\}}"
done || exit 1

# The audit log: who did what to which, nothing of what was written.
URL=http://127.0.0.1:$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' $T/hub.log)
login ada
expect 200 ada GET audit
for line in '"staff":"cas","action":"set the state of"' '"staff":"ada","action":"enrolled kiosk","target":"hall-2"' \
            '"staff":"ada","action":"revoked staff","target":"eda"' '"action":"logged in"'; do
    grep -qF "$line" $T/body || fail "the audit log has no $line: $(head -c 600 $T/body)"
done
grep -q "$PW\|K7Q-XM4" $T/hub.log $T/hub3.log && fail "a password or reference code reached the log"
exit 0
