# hub_staff_volunteers.sh — the volunteers' roster at the real hub
# (docs/volunteers.md, "At the hub"), beyond what hub_staff.sh tries on
# every endpoint: `welkomctl volunteers import` prints each new
# volunteer's code once, on stdout only, and neither hub.db (nor its
# -wal), the content directory nor the log holds any code printed, by
# welkomctl or by the console; names with script or SQL in them come back
# as text; bad rows import nothing; a new code and a deactivation change
# the draft's volunteers.ini, which never holds a name.
. "$(dirname "$0")/lib/hub.sh"
. "$(dirname "$0")/lib/staff.sh"

$C content import assets/demo --hub-db $DB >/dev/null 2>$T/err || fail "content import: $(cat $T/err)"
DRAFT=$T/content/draft
# An organisation the imported source had and hub.db has not: kept.
printf '[org.centre-volunteers]\nnl = Vrijwilligers\nti = ወለንተኛታት\n' >$DRAFT/organisations.ini

# A file with a mistake imports nothing, and says where.
printf 'first_name,organisation\nAmina,Refu Interim\n,Rode Kruis\n' >$T/bad.csv
$C volunteers import $T/bad.csv --hub-db $DB >$T/out 2>$T/err && fail "a row without a name was imported"
grep -q "bad.csv:3: a volunteer needs a first name" $T/err || fail "the message: $(cat $T/err)"
printf 'name,org\nAmina,Refu\n' >$T/bad.csv
$C volunteers import $T/bad.csv --hub-db $DB >$T/out 2>$T/err && fail "a file without the columns was imported"
grep -q "first_name,organisation" $T/err || fail "the message: $(cat $T/err)"
[ -f $DB ] && [ "$(rows 'SELECT count(*) FROM volunteers' 2>&1)" != 0 ] && fail "a refused file stored volunteers"

printf 'organisation,first_name\r\nRefu Interim,Amina\r\n"Rode Kruis","O""Brien, Jo"\r\nRefu Interim,<script>alert(1)</script>\r\n' >$T/v.csv
$C volunteers import $T/v.csv --hub-db $DB >$T/out.csv 2>$T/err || fail "import: $(cat $T/err)"
tr -d '\r' <$T/out.csv >$T/codes.csv
grep -qx '"number","first_name","organisation","code"' $T/codes.csv || fail "no header: $(cat $T/codes.csv)"
grep -qE '^"1","Amina","refu-interim","0001-[0-9]{8}"$' $T/codes.csv || fail "Amina: $(cat $T/codes.csv)"
grep -qE '^"2","O""Brien, Jo","rode-kruis","0002-[0-9]{8}"$' $T/codes.csv || fail "Jo: $(cat $T/codes.csv)"
grep -qE '^"3","<script>alert\(1\)</script>","refu-interim","0003-[0-9]{8}"$' $T/codes.csv || fail "3: $(cat $T/codes.csv)"
grep -qE '[0-9]{4}-[0-9]{8}' $T/err && fail "a code went to stderr"
grep -q "3 volunteers added" $T/err || fail "what it did: $(cat $T/err)"
grep -q '^\[volunteer.3\]' $DRAFT/volunteers.ini || fail "the draft has no roster: $(cat $DRAFT/volunteers.ini)"
grep -q '^\[org.rode-kruis\]' $DRAFT/organisations.ini || fail "organisations: $(cat $DRAFT/organisations.ini)"
grep -q '^nl = Rode Kruis' $DRAFT/organisations.ini || fail "the centre's languages: $(cat $DRAFT/organisations.ini)"
grep -A2 '^\[org.centre-volunteers\]' $DRAFT/organisations.ini | grep -q '^ti = ወለንተኛታት' ||
    fail "the source's own organisation was dropped: $(cat $DRAFT/organisations.ini)"
for name in Amina Brien script; do grep -q "$name" $DRAFT/volunteers.ini && fail "a name in volunteers.ini"; done

# The console: the list has names and no code; a new volunteer and a new
# code come back once, with the QR code.
start_hub --db $DB --listen 127.0.0.1:0
person ada admin
login ada
expect 200 ada GET volunteers
grep -qF '"first_name":"<script>alert(1)</script>"' $T/body || fail "script did not come back as text: $(cat $T/body)"
grep -qF '"first_name":"O\"Brien, Jo"' $T/body || fail "a quote: $(cat $T/body)"
grep -qE '[0-9]{4}-[0-9]{8}|"code"' $T/body && fail "the list shows a code: $(cat $T/body)"
expect 201 ada POST volunteers '{"first_name": "Robert\u0027); DROP TABLE volunteers;--", "organisation": "Rode Kruis"}'
grep -qE '"number":4,.*"code":"0004-[0-9]{8}","qr":\{"size":[0-9]+,"path":"M[0-9]' $T/body || fail "the card: $(cat $T/body)"
printf '%s\n' "$(sed -n 's/.*"code":"\([0-9-]*\)".*/4,x,x,\1/p' $T/body)" >>$T/codes.csv
expect 200 ada GET volunteers
grep -qF "\"first_name\":\"Robert'); DROP TABLE volunteers;--\"" $T/body || fail "SQL did not come back as text"
OLD_SALT=$(sed -n '/^\[volunteer.2\]/,/^$/s/^salt = //p' $DRAFT/volunteers.ini)
expect 200 ada POST volunteers/2/code
grep -qE '"number":2,"first_name":"O\\"Brien, Jo".*"code":"0002-[0-9]{8}"' $T/body || fail "the new code: $(cat $T/body)"
printf '%s\n' "$(sed -n 's/.*"code":"\([0-9-]*\)".*/2,x,x,\1/p' $T/body)" >>$T/codes.csv
NEW_SALT=$(sed -n '/^\[volunteer.2\]/,/^$/s/^salt = //p' $DRAFT/volunteers.ini)
[ -n "$NEW_SALT" ] && [ "$NEW_SALT" != "$OLD_SALT" ] || fail "the draft kept the old entry of 2"
expect 200 ada POST volunteers/3/deactivate
grep -q '^\[volunteer.3\]' $DRAFT/volunteers.ini && fail "a deactivated volunteer is still in the draft"
expect 200 ada GET volunteers
grep -qF '"number":3,"first_name":"<script>alert(1)</script>","organisation":"refu-interim","active":false' $T/body ||
    fail "3 is not listed as inactive: $(cat $T/body)"
for p in "volunteers/0/code" "volunteers/10000/code" "volunteers/99/code" "volunteers/1%20OR%201=1/code" \
         "volunteers/-1/deactivate" "volunteers/x/deactivate"; do
    expect 404 ada POST "$p"
done
for body in '{"first_name": "", "organisation": "Refu"}' '{"first_name": "Eva", "organisation": "!!!"}' \
            '{"first_name": "Eva"}' "{\"first_name\": \"$(printf 'x%.0s' $(seq 65))\", \"organisation\": \"Refu\"}"; do
    expect 400 ada POST volunteers "$body"
    grep -q '"error":"[a-z]' $T/body || fail "no message for $body: $(cat $T/body)"
done
expect 200 ada POST organisations '{"name": "Vluchtelingenwerk <b>Vlaanderen</b>"}'
grep -qF '"id":"vluchtelingenwerk-b-vlaanderen-b"' $T/body || fail "the organisation's id: $(cat $T/body)"
expect 400 ada POST organisations '{"id": "../x", "name": "X"}'
expect 200 ada GET volunteers
grep -qF '"name":"Vluchtelingenwerk <b>Vlaanderen</b>"' $T/body || fail "markup did not come back as text"
[ "$(rows 'SELECT count(*) FROM volunteers')" = 4 ] || fail "a refused volunteer was stored"
stop_hub

# No code printed rests anywhere: hub.db, its -wal, the content, the log.
[ "$(grep -cE '[0-9]{4}-[0-9]{8}"?$' $T/codes.csv)" = 5 ] || fail "not 5 codes: $(cat $T/codes.csv)"
for code in $(grep -oE '[0-9]{4}-[0-9]{8}' $T/codes.csv); do
    digits=${code/-/}
    for f in $DB $DB-wal $T/hub.log $(find $T/content -type f); do
        [ -f $f ] || continue
        grep -qaF -e "$code" -e "$digits" $f && fail "code $code is in $f"
    done
done
true
