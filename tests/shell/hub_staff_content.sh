# hub_staff_content.sh — the editor's side of the staff console against
# the real hub: the demo source imported with welkomctl and exported back
# (the bundle built from the export is the bundle built from the demo,
# byte for byte); every content endpoint refused without a session, with
# the wrong role, without or with a wrong CSRF token; script and SQL in
# the fields stay text; an editor changes a service's Arabic title,
# checks the draft and publishes it with the publisher key of her slot;
# a kiosk's view of the hub (GET /v1/bundle) then offers that version,
# which opens with the test publisher key and holds the new title; the
# history says who published when; a restore publishes the old content
# as a new version; and a preview is the kiosk binary's own picture.
. "$(dirname "$0")/lib/hub.sh"
. "$(dirname "$0")/lib/staff.sh"

start_hub --db $DB --listen 127.0.0.1:0 --kiosk-binary $B/welkom
person eda editor
person ned editor
person cas caseworker
person ada admin
echo "$PW" | $C staff slot eda --key $KEYS/test-publisher.key --kind publisher --hub-db $DB >/dev/null 2>$T/err ||
    fail "staff slot: $(cat $T/err)"
login eda; login ned; login cas; login ada

# No draft yet: the list says so, a save is refused.
expect 200 eda GET content
grep -q '"draft":false' $T/body || fail "a draft before any import: $(cat $T/body)"

# Import refuses a source that does not build, then takes the demo.
mkdir -p $T/broken && cp assets/demo/centre.ini $T/broken/ && echo "[bundle" >> $T/broken/centre.ini
$C content import $T/broken --hub-db $DB >/dev/null 2>$T/err && fail "a broken source was imported"
grep -q "nothing imported" $T/err || fail "no reason for refusing the import: $(cat $T/err)"
$C content import assets/demo --hub-db $DB >$T/out 2>$T/err || fail "content import: $(cat $T/err)"
[ -d $T/content/draft/keys ] && fail "the keys directory was imported"
# Exported again, the source builds the same bundle as the demo's.
$C content export $T/export --hub-db $DB >/dev/null 2>$T/err || fail "content export: $(cat $T/err)"
$C bundle build assets/demo -o $T/demo.db --quiet || fail "build the demo"
$C bundle build $T/export -o $T/export.db --quiet || fail "build the export"
cmp -s $T/demo.db $T/export.db || fail "the exported source builds another bundle"
$C content export $T/export --hub-db $DB >/dev/null 2>&1 && fail "an export overwrote a directory"

# Every endpoint: no session (401), a caseworker or an admin (403), and
# for a change no or a wrong CSRF token (403).
ITEM=services/legal-help
for ep in "GET content" "GET content/$ITEM" "GET content/history" "GET content/categories" \
          "GET content/preview?kind=services&id=legal-help&lang=en" "POST content/check" \
          "POST content/publish" "POST content/restore" "POST content/$ITEM" "POST content/$ITEM/delete"; do
    set -- $ep
    expect 401 - $1 "$2" '{}' -
    expect 403 cas $1 "$2"
    expect 403 ada $1 "$2"
    [ $1 = POST ] || continue
    expect 403 eda POST "$2" '{}' -
    expect 403 eda POST "$2" '{}' "$(cat $T/csrf-eda | rev)"
    expect 403 eda POST "$2" '{}' "$(cat $T/csrf-ned)"
done
[ -f $T/content/draft/$ITEM.ini ] || fail "a refused call deleted the item"
rows "SELECT count(*) FROM bundles" | grep -qx 0 || fail "a refused call published"

# The list and one item: the languages side by side come from centre.ini.
expect 200 eda GET content
grep -q '"code":"ar","endonym":"العربية","dir":"rtl"' $T/body || fail "no Arabic right to left: $(head -c 400 $T/body)"
grep -q '"kind":"services","id":"legal-help","title":"Uitleg over uw asielprocedure"' $T/body ||
    fail "the list has no legal-help in the default language: $(head -c 400 $T/body)"
expect 200 eda GET content/$ITEM
cp $T/body $T/item.json
grep -qF '["ar","title","معلومات عن إجراءات لجوئك"]' $T/item.json || fail "no Arabic title: $(head -c 300 $T/item.json)"

# Paths and ids that are not ones: refused, nothing outside the draft read.
for p in "services/..%2f..%2fhub" "services/..%2Fcentre" "nothing/x" "services/UPPER" "services/a%27%20OR%201%3D1" \
         "centre/x" "services/legal-help/x/y"; do
    expect 404 eda GET "content/$p"
done

# Script and SQL in a text and in a key come back as the text they were,
# or are refused; the draft builds with them as text.
edit() {   # edit FILE SECTION KEY VALUE: the entries of FILE with one value set
    node -e '
        const [f, s, k, v] = process.argv.slice(1);
        const o = JSON.parse(require("fs").readFileSync(f, "utf8"));
        const row = o.entries.find(e => e[0] === s && e[1] === k);
        if (row) row[2] = v; else o.entries.push([s, k, v]);
        process.stdout.write(JSON.stringify({ entries: o.entries }));' "$@"
}
MARKUP='<script>alert(1)</script><img src=x onerror=alert(2)>'
SQL="x'); DROP TABLE bundles;--"
expect 200 eda POST content/$ITEM "$(edit $T/item.json en summary "$MARKUP $SQL")"
expect 200 eda GET content/$ITEM
node -e 'const o = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
         const r = o.entries.find(e => e[0] === "en" && e[1] === "summary");
         if (r[2] !== process.argv[2]) { console.log(r[2]); process.exit(1); }' $T/body "$MARKUP $SQL" ||
    fail "the summary did not come back as the text it was"
rows "SELECT count(*) FROM bundles" | grep -qx 0 || fail "SQL in a text ran"
# Every field of the item at once: all come back as that text.
EVERY=$(node -e 'const o = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    process.stdout.write(JSON.stringify({ entries: o.entries.map(([s, k]) => [s, k, process.argv[2]]) }));' \
    $T/item.json "$MARKUP $SQL")
expect 200 eda POST content/$ITEM "$EVERY"
expect 200 eda GET content/$ITEM
node -e 'const o = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
         const n = JSON.parse(process.argv[3]).entries.length;
         if (o.entries.length !== n || o.entries.some((e) => e[2] !== process.argv[2])) process.exit(1);' \
    $T/body "$MARKUP $SQL" "$EVERY" || fail "not every field came back as the text it was"
expect 200 eda POST content/$ITEM "$(edit $T/item.json en summary "$MARKUP $SQL")"
expect 400 eda POST content/$ITEM "$(edit $T/item.json "en'; --" title x)"
expect 400 eda POST content/$ITEM "$(edit $T/item.json en "title]" x)"
expect 400 eda POST content/$ITEM "$(edit $T/item.json en title "$(printf 'a\001b')")"
expect 400 eda POST content/$ITEM '{"entries": [["en", "title"]]}'
expect 400 eda POST content/$ITEM '{"entries": [["en", "title", "a"], ["en", "title", "b"]]}'
expect 404 eda POST "content/services/..%2fx" '{"entries": []}'
[ -e $T/content/x.ini ] && fail "a save climbed out of services/"
# A long text with line breaks is kept whole.
LONG=$(printf 'word%.0s ' $(seq 200)); LONG=${LONG% }
expect 200 eda POST content/$ITEM "$(edit $T/item.json en body "first line
$LONG
last line")"
expect 200 eda GET content/$ITEM
grep -qF '"first line\n'"$LONG"'\nlast line"' $T/body || fail "the long text changed: $(head -c 200 $T/body)"

# A new service, then deleted; a broken one shows in the check.
expect 200 eda POST content/services/new-desk '{"entries": [["service", "category", "info"], ["service", "pictogram", "legal"],
    ["nl", "title", "Nieuw"], ["nl", "summary", "Kort"], ["nl", "body", "Lang"]]}'
expect 200 eda POST content/check
grep -q '"ok":true' $T/body || fail "the draft with a new service does not check: $(cat $T/body)"
# A pictogram the kiosk does not have is a problem (the checkout's assets/ beside the pages).
expect 200 eda POST content/services/new-desk '{"entries": [["service", "category", "info"], ["service", "pictogram", "no-such-picture"],
    ["nl", "title", "Nieuw"], ["nl", "summary", "Kort"], ["nl", "body", "Lang"]]}'
expect 200 eda POST content/check
grep -q 'pictogram \\"no-such-picture\\" does not exist' $T/body || fail "the check missed a pictogram: $(cat $T/body)"
expect 200 eda POST content/services/new-desk '{"entries": [["service", "category", "nowhere"], ["nl", "title", "x"]]}'
expect 200 eda POST content/check
grep -q '"ok":false' $T/body && grep -q 'services/new-desk.ini' $T/body || fail "the check missed a bad category: $(cat $T/body)"
expect 422 eda POST content/publish
rows "SELECT count(*) FROM bundles" | grep -qx 0 || fail "a draft with errors was published"
expect 200 eda POST content/services/new-desk/delete
expect 404 eda POST content/services/new-desk/delete

# The Arabic title changed, published: version 1 (nothing was published before).
NEW_TITLE="عنوان جديد للمساعدة القانونية"
expect 200 eda GET content/$ITEM
expect 200 eda POST content/$ITEM "$(edit $T/body ar title "$NEW_TITLE")"
expect 409 ned POST content/publish                 # ned has no publisher slot
grep -q "no publisher key" $T/body || fail "ned's refusal says nothing: $(cat $T/body)"
expect 200 eda POST content/publish
grep -q '"version":1' $T/body || fail "not version 1: $(cat $T/body)"
# What a kiosk fetches: the bundle, signed by the test publisher key, with the title.
enrol hall-1
curl -s -o $T/v1.db -H "Authorization: Bearer $(token_of hall-1)" $URL/v1/bundle/1
curl -s -o $T/v1.db.sig -H "Authorization: Bearer $(token_of hall-1)" $URL/v1/bundle/1.sig
$C bundle verify $T/v1.db --key $KEYS/test-publisher.pub >/dev/null || fail "the published bundle does not verify"
$C bundle show $T/v1.db --key $KEYS/test-publisher.pub --lang ar > $T/show.txt || fail "bundle show"
grep -qF "$NEW_TITLE" $T/show.txt || sqlite3 $T/v1.db "SELECT value FROM texts WHERE item LIKE '%legal-help' AND lang='ar' AND field='title'" |
    grep -qxF "$NEW_TITLE" || fail "the published bundle lacks the new title"
grep -q '^content_version = 1$' $T/content/draft/centre.ini || fail "the draft's version is not the published one"

# A second publish is version 2; the history names who and when; a
# restore of 1 is version 3 with version 1's content.
expect 200 eda GET content/$ITEM
expect 200 eda POST content/$ITEM "$(edit $T/body ar title "عنوان ثالث")"
expect 200 eda POST content/publish
grep -q '"version":2' $T/body || fail "not version 2: $(cat $T/body)"
expect 200 eda GET content/history
grep -q '"version":2,"published_at":[0-9]*,"size":[0-9]*,"by":"eda","restored_from":0,"restorable":true' $T/body ||
    fail "the history lacks who published 2: $(cat $T/body)"
grep -q '"version":1,' $T/body || fail "the history lacks version 1: $(cat $T/body)"
expect 400 eda POST content/restore '{"version": "1 OR 1=1"}'
expect 404 eda POST content/restore '{"version": 9}'
expect 200 eda POST content/restore '{"version": 1}'
grep -q '"version":3' $T/body || fail "the restore is not version 3: $(cat $T/body)"
sqlite3 $DB "SELECT count(*) FROM bundles" | grep -qx 3 || fail "not three versions"
curl -s -o $T/v3.db -H "Authorization: Bearer $(token_of hall-1)" $URL/v1/bundle/3
sqlite3 $T/v3.db "SELECT value FROM texts WHERE item LIKE '%legal-help' AND lang='ar' AND field='title'" |
    grep -qxF "$NEW_TITLE" || fail "version 3 does not hold version 1's title"
expect 200 eda GET content/history
grep -q '"version":3,[^}]*"by":"eda","restored_from":1' $T/body || fail "the history does not say 3 restores 1: $(cat $T/body)"

# A preview: the kiosk's own picture of the service in Arabic, a PNG.
code=$(curl -s -o $T/preview.png -w '%{http_code} %{content_type}' -b $T/jar-eda \
    "$URL/api/staff/content/preview?kind=services&id=legal-help&lang=ar")
[ "$code" = "200 image/png" ] || fail "preview answered $code: $(head -c 300 $T/preview.png)"
[ "$(head -c 4 $T/preview.png | tail -c 3)" = PNG ] || fail "the preview is not a PNG"
code=$(curl -s -o $T/preview-a.png -w '%{http_code}' -b $T/jar-eda \
    "$URL/api/staff/content/preview?kind=activities&id=football&lang=fa")
[ "$code" = 200 ] || fail "an activity's preview answered $code: $(head -c 300 $T/preview-a.png)"
expect 400 eda GET "content/preview?kind=services&id=legal-help&lang=xx"
expect 404 eda GET "content/preview?kind=services&id=nothing-here&lang=en"
[ -n "${WELKOM_SHOTS:-}" ] && cp $T/preview*.png "$WELKOM_SHOTS/"
ls $T/content | grep -q 'work-\|preview-' && fail "a work directory was left: $(ls $T/content)"

# Without a kiosk binary, the preview says how to get one.
stop_hub
start_hub --db $DB --listen 127.0.0.1:0 --kiosk-binary none
login eda
expect 409 eda GET "content/preview?kind=services&id=legal-help&lang=ar"
grep -q -- "--kiosk-binary" $T/body || fail "the refusal does not say what to do: $(cat $T/body)"

# The audit log: who published and restored, no text of the content.
login ada
expect 200 ada GET audit
for line in '"staff":"eda","action":"published version","target":"1"' '"action":"restored version","target":"1 as 3"' \
            '"staff":"eda","action":"edited content","target":"legal-help"'; do
    grep -qF "$line" $T/body || fail "the audit log has no $line: $(head -c 600 $T/body)"
done
grep -qF "$NEW_TITLE" $T/body $T/hub.log && fail "a content text reached the audit log or the hub's log"
exit 0
