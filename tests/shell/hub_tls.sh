# hub_tls.sh — welkom-hub speaking HTTPS itself (docs/hub.md): a throwaway
# CA and a certificate for 127.0.0.1 are made here with openssl (no key
# material lives in the repository); the hub started with them from its
# config file answers curl that trusts the CA (401 without a token, 204
# for an enrolled kiosk's heartbeat, a published bundle byte for byte),
# and curl that does not trust it, or
# plain http:// to the same port, gets no answer. Half a pair, a missing
# file, a key of another certificate, a file that is no PEM: exit 1
# saying so, before a database is made. Without TLS on an address other
# than loopback the hub warns.
. "$(dirname "$0")/lib/hub.sh"
command -v openssl >/dev/null || fail "no openssl (tools/install-deps.sh installs it)"

# expect_refused WHAT MESSAGE FLAGS...: the hub exits 1 at once with
# MESSAGE on stderr, and makes no database.
expect_refused() {
    local what=$1 message=$2; shift 2
    rm -f $DB.refused
    timeout 10 $B/welkom-hub --db $DB.refused --listen 127.0.0.1:0 "$@" >$T/out 2>&1
    local rc=$?
    [ $rc = 1 ] || fail "$what: exit $rc, not 1: $(cat $T/out)"
    grep -q -- "$message" $T/out || fail "$what: no \"$message\" in: $(cat $T/out)"
    [ -e $DB.refused ] && fail "$what: the hub made its database before refusing"
    return 0
}

# --- a CA and the hub's certificate (P-256, a month), made now.
ssl() { openssl "$@" >>$T/openssl.log 2>&1 || fail "openssl $1: $(cat $T/openssl.log)"; }
ssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc -keyout $T/ca.key -out $T/ca.pem -days 2 \
    -subj "/CN=welkom test CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign"
ssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc -keyout $T/hub.key -out $T/hub.csr -subj "/CN=welkom hub"
printf 'subjectAltName = IP:127.0.0.1\nbasicConstraints = CA:FALSE\nextendedKeyUsage = serverAuth\n' >$T/ext.cnf
ssl x509 -req -in $T/hub.csr -CA $T/ca.pem -CAkey $T/ca.key -CAcreateserial -out $T/hub.pem -days 30 \
    -extfile $T/ext.cnf
# The same key in a certificate that ends tomorrow.
ssl x509 -req -in $T/hub.csr -CA $T/ca.pem -CAkey $T/ca.key -CAcreateserial -out $T/short.pem -days 1 \
    -extfile $T/ext.cnf
# Another key, of no certificate here.
ssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $T/other.key
chmod 600 $T/hub.key $T/other.key

# --- refused at start, each with its reason.
expect_refused "only a certificate" "needs both" --tls-cert $T/hub.pem
expect_refused "only a key" "only the key" --tls-key $T/hub.key
expect_refused "a missing key file" "cannot read the TLS key $T/none.key" --tls-cert $T/hub.pem --tls-key $T/none.key
expect_refused "a missing certificate" "cannot read the TLS certificate" --tls-cert $T/none.pem --tls-key $T/hub.key
expect_refused "the key of another certificate" "not the key of the TLS certificate" \
    --tls-cert $T/hub.pem --tls-key $T/other.key
echo "not a certificate" >$T/junk.pem
expect_refused "a file that is no PEM" "cannot use the TLS certificate" --tls-cert $T/junk.pem --tls-key $T/hub.key
printf '[hub]\ndb = %s\n[tls]\ncert = %s\n' $DB.refused $T/hub.pem >$T/typo.conf
expect_refused "a misspelt [tls] setting" "unknown setting \[tls\] cert" --config $T/typo.conf

# --- HTTPS from the config file.
enrol hall-1
TOKEN=$(token_of hall-1)
printf '[hub]\ndb = %s\nlisten = 127.0.0.1:0\n\n[tls]\ncert_file = %s\nkey_file = %s\n' $DB $T/hub.pem $T/hub.key \
    >$T/hub.conf
start_hub --config $T/hub.conf
grep -q "HTTPS (TLS)" $T/hub.log || fail "the hub does not say it speaks TLS: $(cat $T/hub.log)"
grep -q "warn" $T/hub.log && fail "a warning for a good certificate: $(cat $T/hub.log)"
URL=https://127.0.0.1:$PORT

code=$(curl -s -o $T/body -w '%{http_code}' --max-time 5 --cacert $T/ca.pem -X POST $URL/v1/heartbeat)
[ "$code" = 401 ] || fail "POST /v1/heartbeat without a token over TLS got $code (curl exit $?)"
HB='{"firmware": "0.1.0", "content_version": 7, "queued": 0, "oldest_queued_age_s": 0, "last_error": "", "uptime_s": 60}'
code=$(curl -s -o $T/body -w '%{http_code}' --max-time 5 --cacert $T/ca.pem -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' --data-binary "$HB" $URL/v1/heartbeat)
[ "$code" = 204 ] || fail "a heartbeat over TLS got $code: $(cat $T/body)"
[ "$(sqlite3 $DB 'SELECT count(*) FROM heartbeats')" = 1 ] || fail "the heartbeat over TLS is not stored"
# A bundle download over TLS: libmicrohttpd reads the file itself (no
# sendfile under TLS); byte for byte.
publish $B/demo/bundle.db || fail "publish: $(cat $T/err)"
V=$(sqlite3 $B/demo/bundle.db "SELECT value FROM meta WHERE key = 'content_version'")
code=$(curl -s -o $T/got.db -w '%{http_code}' --max-time 10 --cacert $T/ca.pem -H "Authorization: Bearer $TOKEN" \
    $URL/v1/bundle/$V)
[ "$code" = 200 ] || fail "GET /v1/bundle/$V over TLS got $code: $(head -c 300 $T/got.db)"
cmp -s $T/got.db $B/demo/bundle.db || fail "the bundle over TLS is not the published one"
# TLS 1.2 is enough, and offered.
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cacert $T/ca.pem --tls-max 1.2 -X POST $URL/v1/heartbeat)
[ "$code" = 401 ] || fail "TLS 1.2 got $code"

# Not trusting the CA: curl refuses the certificate (60). Plain HTTP to
# the TLS port: no HTTP answer at all.
curl -s -o /dev/null --max-time 5 -X POST $URL/v1/heartbeat; rc=$?
[ $rc = 60 ] || fail "curl without the CA exited $rc, not 60 (certificate not trusted)"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST http://127.0.0.1:$PORT/v1/heartbeat); rc=$?
[ $rc != 0 ] && [ "$code" = 000 ] || fail "plain HTTP to the TLS port got $code (curl exit $rc)"
# ... and the hub serves on.
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cacert $T/ca.pem -X POST $URL/v1/heartbeat)
[ "$code" = 401 ] || fail "after the plain HTTP try, TLS got $code"
stop_hub

# --- a key others can read, a certificate about to end: served, with a
# warning for each. Flags.
chmod 644 $T/hub.key
start_hub --db $DB --listen 127.0.0.1:0 --tls-cert $T/short.pem --tls-key $T/hub.key
grep -q "warn: hub: the TLS key .* can be read by other users" $T/hub.log || fail "no warning for a 0644 key: $(cat $T/hub.log)"
grep -q "warn: hub: the TLS certificate expires on 20" $T/hub.log || fail "no warning for a certificate near its end: $(cat $T/hub.log)"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cacert $T/ca.pem -X POST https://127.0.0.1:$PORT/v1/heartbeat)
[ "$code" = 401 ] || fail "with the short certificate, TLS got $code"
stop_hub
chmod 600 $T/hub.key

# --- plain HTTP: quiet on loopback, a warning anywhere else.
start_hub --db $DB --listen 127.0.0.1:0
grep -q "plain HTTP" $T/hub.log || fail "the hub does not say it speaks plain HTTP: $(cat $T/hub.log)"
grep -q "without TLS" $T/hub.log && fail "a warning for plain HTTP on loopback: $(cat $T/hub.log)"
stop_hub
start_hub_on 0.0.0.0 --db $DB --listen 0.0.0.0:0
grep -q "warn: hub: listening on 0.0.0.0:0 without TLS" $T/hub.log \
    || fail "no warning for plain HTTP on 0.0.0.0: $(cat $T/hub.log)"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST http://127.0.0.1:$PORT/v1/heartbeat)
[ "$code" = 401 ] || fail "plain HTTP on 0.0.0.0 got $code"
stop_hub
exit 0
