# hub_bundles.sh — new content reaching kiosks through welkom-hub, the real
# process over loopback (docs/protocol.md, "GET /v1/bundle/…"): staff
# publish a signed bundle with welkomctl; a kiosk's token gets the
# manifest, 304 for what it has, and the bundle and its signature byte for
# byte, also as HEAD; unknown and malformed versions are 404, strangers
# 401. welkomctl refuses, publishing nothing, the same version again, an
# older one, a bundle with one byte changed, one signed by a key the
# kiosks do not pin, and one without its .sig; the manifest shows the last
# good version after each. A published file changed on disk is a 500 and
# a line in the log, never served.
. "$(dirname "$0")/lib/hub.sh"
PUB=$KEYS/test-publisher.pub
[ -f $B/demo/bundle.db.sig ] || fail "no demo bundle in $B/demo"

# get PATH TOKEN [CURL ARGS...]: prints the status; the body is in
# $T/body (none: no file), the headers in $T/headers.
get() {
    local path=$1 token=$2
    shift 2
    local args=(-s -o $T/body -D $T/headers -w '%{http_code}' --max-time 5)
    [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
    rm -f $T/body $T/headers        # curl writes no file for an empty body
    curl "${args[@]}" "$@" "$URL$path"
}
# header NAME: its value in the last answer.
header() { tr -d '\r' <$T/headers | sed -n "s/^$1: //Ip"; }
expect() {  # expect WHAT STATUS PATH [CURL ARGS...]
    local what=$1 want=$2 path=$3
    shift 3
    code=$(get "$path" "$TOKEN" "$@")
    [ "$code" = "$want" ] || fail "$what ($path) got $code, not $want: $(cat $T/body)"
}
size_of() { stat -c %s "$1"; }
sha_of() { sha256sum "$1" | cut -d' ' -f1; }
manifest_of() {  # manifest_of VERSION BUNDLE: the manifest the hub must send
    printf '{"content_version":%s,"size":%s,"sha256":"%s","etag":"\\"v%s\\""}' \
        "$1" "$(size_of $2)" "$(sha_of $2)" "$1"
}
# refused WHAT WORDS BUNDLE [FLAGS]: publish fails with one line naming
# WORDS, and nothing changes: the manifest, the rows, the files.
refused() {
    local what=$1 words=$2
    shift 2
    local before
    before=$(ls -a $T/bundles)
    publish "$@" && fail "$what was published: $(cat $T/out)"
    [ -s $T/out ] && fail "$what: output on stdout: $(cat $T/out)"
    [ "$(wc -l <$T/err)" = 1 ] || fail "$what: not one line on stderr: $(cat $T/err)"
    grep -q "^welkomctl: .*$words" $T/err || fail "$what: the refusal does not say \"$words\": $(cat $T/err)"
    [ "$(ls -a $T/bundles)" = "$before" ] || fail "$what: files changed in bundles/: $(ls -a $T/bundles)"
    [ "$(sqlite3 $DB 'SELECT group_concat(version) FROM bundles')" = "$LAST" ] \
        || fail "$what: the rows changed: $(sqlite3 $DB 'SELECT * FROM bundles')"
    expect "the manifest after $what" 200 /v1/bundle/manifest
    [ "$(cat $T/body)" = "$(manifest_of $LAST $T/v$LAST.db)" ] \
        || fail "the manifest after $what: $(cat $T/body)"
}

make_bundle v5 5
make_bundle v7 7
enrol hall-1
TOKEN=$(token_of hall-1)
start_hub --db $DB --listen 127.0.0.1:0 --burst 1000

# --- nothing published yet.
expect "the manifest before publishing" 404 /v1/bundle/manifest
[ "$(cat $T/body)" = '{"error":"no bundle is published"}' ] || fail "404 body: $(cat $T/body)"
expect "a version before publishing" 404 /v1/bundle/1

# --- publishing version 5.
publish $T/v5.db || fail "publish v5: $(cat $T/err)"
SHA=$(sha_of $T/v5.db)
[ "$(cat $T/out)" = "published content version 5 ($(size_of $T/v5.db) bytes, sha256 ${SHA:0:12}…) to $DB; kiosks pick it up at their next poll" ] \
    || fail "publish said: $(cat $T/out)"
[ -s $T/err ] && fail "publish wrote to stderr: $(cat $T/err)"
cmp -s $T/bundles/5.db $T/v5.db || fail "bundles/5.db is not the published bundle"
cmp -s $T/bundles/5.db.sig $T/v5.db.sig || fail "bundles/5.db.sig is not the published signature"
LAST=5

# --- the manifest, its ETag and 304.
expect "the manifest" 200 /v1/bundle/manifest
[ "$(cat $T/body)" = "$(manifest_of 5 $T/v5.db)" ] || fail "manifest: $(cat $T/body)"
[ "$(header ETag)" = '"v5"' ] || fail "manifest ETag: $(cat $T/headers)"
[ "$(header Content-Type)" = application/json ] || fail "manifest type: $(cat $T/headers)"
expect "the manifest the kiosk has" 304 /v1/bundle/manifest -H 'If-None-Match: "v5"'
[ -s $T/body ] && fail "a 304 with a body: $(cat $T/body)"
[ "$(header ETag)" = '"v5"' ] || fail "304 ETag: $(cat $T/headers)"
expect "the manifest, weak and in a list" 304 /v1/bundle/manifest -H 'If-None-Match: "v3", W/"v5"'
expect "the manifest the kiosk has older" 200 /v1/bundle/manifest -H 'If-None-Match: "v4"'
expect "the manifest with a tag that only starts alike" 200 /v1/bundle/manifest -H 'If-None-Match: "v50"'

# --- the files, byte for byte.
expect "bundle 5" 200 /v1/bundle/5
cmp -s $T/body $T/v5.db || fail "the downloaded bundle is not the published one"
[ "$(header Content-Type)" = application/octet-stream ] || fail "bundle type: $(cat $T/headers)"
[ "$(header Content-Length)" = "$(size_of $T/v5.db)" ] || fail "bundle length: $(cat $T/headers)"
[ "$(header ETag)" = '"v5"' ] || fail "bundle ETag: $(cat $T/headers)"
expect "bundle 5's signature" 200 /v1/bundle/5.sig
cmp -s $T/body $T/v5.db.sig || fail "the downloaded signature is not the published one"
[ "$(header Content-Type)" = text/plain ] || fail "signature type: $(cat $T/headers)"
[ "$(header Content-Length)" = "$(size_of $T/v5.db.sig)" ] || fail "signature length: $(cat $T/headers)"
[ "$(header ETag)" = '"v5-sig"' ] || fail "signature ETag: $(cat $T/headers)"
expect "bundle 5 the kiosk has" 304 /v1/bundle/5 -H 'If-None-Match: "v5"'
[ -s $T/body ] && fail "a 304 with a body"
expect "the signature the kiosk has" 304 /v1/bundle/5.sig -H 'If-None-Match: "v5-sig"'
expect "the signature with the bundle's tag" 200 /v1/bundle/5.sig -H 'If-None-Match: "v5"'
cmp -s $T/body $T/v5.db.sig || fail "the signature after a non-matching tag"
grep -q "info: hub: kiosk hall-1 downloads bundle 5 ($(size_of $T/v5.db) bytes)" $T/hub.log \
    || fail "no log of the download: $(cat $T/hub.log)"

# --- HEAD: the headers, no body.
expect "HEAD of the manifest" 200 /v1/bundle/manifest -I
[ "$(header ETag)" = '"v5"' ] || fail "HEAD manifest ETag: $(cat $T/headers)"
expect "HEAD of bundle 5" 200 /v1/bundle/5 -I
[ "$(header Content-Length)" = "$(size_of $T/v5.db)" ] || fail "HEAD length: $(cat $T/headers)"
[ "$(header ETag)" = '"v5"' ] || fail "HEAD ETag: $(cat $T/headers)"
# curl does not read a body after HEAD; a raw connection shows there is none.
exec 3<>/dev/tcp/127.0.0.1/$PORT
printf 'HEAD /v1/bundle/5 HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer %s\r\nConnection: close\r\n\r\n' \
    "$TOKEN" >&3
timeout 5 cat <&3 >$T/raw
exec 3<&-
head -1 $T/raw | grep -q "^HTTP/1.1 200" || fail "raw HEAD: $(cat $T/raw)"
[ "$(sed -n '/^\r$/,$p' $T/raw | wc -c)" = 2 ] || fail "HEAD sent more than headers: $(head -c 400 $T/raw | cat -A)"
expect "HEAD of the signature" 200 /v1/bundle/5.sig -I
[ "$(header Content-Length)" = "$(size_of $T/v5.db.sig)" ] || fail "HEAD signature length: $(cat $T/headers)"
expect "HEAD with the tag" 304 /v1/bundle/5 -I -H 'If-None-Match: "v5"'

# --- what is not there, or not a version.
for p in 4 6 05 0 -5 +5 5.db 5.sig.sig 5x 5.SIG 1234567890123456789 99999999999999999999999 \
         manifest.sig manifest/ "" 5/6; do
    expect "a name that is no published version" 404 "/v1/bundle/$p"
done
expect "an 18-digit version not published" 404 /v1/bundle/999999999999999999
code=$(get /v1/bundle/5 "")
[ "$code" = 401 ] || fail "bundle 5 without a token got $code"
[ -s $T/body ] && ! grep -q '"error"' $T/body && fail "the 401 sent something else: $(head -c 100 $T/body)"
code=$(get /v1/bundle/manifest "")
[ "$code" = 401 ] || fail "the manifest without a token got $code"
code=$(get /v1/bundle/manifest "$(head -c 32 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '=')")
[ "$code" = 401 ] || fail "the manifest with an unknown token got $code"
expect "POST of a bundle" 405 /v1/bundle/5 --data-binary x

# --- refusals: nothing is published, the manifest stays at 5.
refused "the same version again" "content version 5 is not newer than the published version 5" $T/v5.db
refused "an older version" "content version 1 is not newer than the published version 5" $B/demo/bundle.db
cp $T/v7.db $T/changed.db; cp $T/v7.db.sig $T/changed.db.sig
printf 'Z' | dd of=$T/changed.db bs=1 seek=9000 conv=notrunc 2>/dev/null
cmp -s $T/changed.db $T/v7.db && { printf 'Y' | dd of=$T/changed.db bs=1 seek=9000 conv=notrunc 2>/dev/null; }
[ "$(cmp -l $T/changed.db $T/v7.db | wc -l)" = 1 ] || fail "changed.db does not differ by one byte"
refused "a bundle with one byte changed" "hash does not match its signature" $T/changed.db
$C keygen $T/other --test >/dev/null || fail "keygen other"
cp $T/v7.db $T/other7.db
$C bundle sign $T/other7.db --key $T/other.key --quiet || fail "sign with the other key"
refused "a bundle signed by a key the kiosks do not pin" "signed by a key this kiosk does not trust" $T/other7.db
cp $T/v7.db $T/nosig.db
refused "a bundle without its .sig" "nosig.db has no signature" $T/nosig.db
head -c 5000 $T/v7.db >$T/cut.db; cp $T/v7.db.sig $T/cut.db.sig
refused "a truncated bundle" "a kiosk would refuse it, nothing published: the bundle's hash" $T/cut.db
$C publish $T/v7.db --hub-db $DB >$T/out 2>$T/err && fail "publish without --key succeeded"
grep -q "^welkomctl: usage: welkomctl publish BUNDLE --key" $T/err || fail "no usage without --key: $(cat $T/err)"
$C publish $T/v7.db --key $PUB --hub-db $T/none.db >$T/out 2>$T/err && fail "publish to a missing hub.db succeeded"
grep -q "no hub database" $T/err || fail "a missing hub.db is not named: $(cat $T/err)"
[ -e $T/none.db ] && fail "publish made a hub database"

# --- the next version: the manifest moves on, the old files stay.
publish $T/v7.db --key $T/other.pub || fail "publish v7 (with a second pinned key): $(cat $T/err)"
grep -q "^published content version 7 " $T/out || fail "publish v7 said: $(cat $T/out)"
LAST=7
expect "the manifest after version 7" 200 /v1/bundle/manifest -H 'If-None-Match: "v5"'
[ "$(cat $T/body)" = "$(manifest_of 7 $T/v7.db)" ] || fail "manifest after v7: $(cat $T/body)"
expect "bundle 7" 200 /v1/bundle/7
cmp -s $T/body $T/v7.db || fail "the downloaded bundle 7 is not the published one"
expect "bundle 7's signature" 200 /v1/bundle/7.sig
cmp -s $T/body $T/v7.db.sig || fail "the downloaded signature 7 is not the published one"
expect "bundle 5 after 7" 200 /v1/bundle/5
cmp -s $T/body $T/v5.db || fail "bundle 5 changed when 7 was published"
[ "$(sqlite3 $DB 'SELECT group_concat(version) FROM bundles')" = "5,7" ] || fail "rows: $(sqlite3 $DB 'SELECT * FROM bundles')"

# --- a published file changed on disk: 500 and a log line, never sent;
# put back, it is served again.
printf 'x' >>$T/bundles/7.db
expect "a bundle changed on disk" 500 /v1/bundle/7
grep -q "error: hub: bundle file 7 changed on disk" $T/hub.log || fail "no log of the change: $(cat $T/hub.log)"
truncate -s "$(size_of $T/v7.db)" $T/bundles/7.db
expect "the bundle put back" 200 /v1/bundle/7
cmp -s $T/body $T/v7.db || fail "the bundle put back is not the published one"
rm $T/bundles/7.db.sig
expect "a signature gone from the disk" 500 /v1/bundle/7.sig
grep -q "error: hub: bundle file 7.sig is missing" $T/hub.log || fail "no log of the missing file: $(cat $T/hub.log)"

# The log names kiosks and versions, never a token.
grep -q -- "$TOKEN" $T/hub.log && fail "a token is in the log"
stop_hub
exit 0
