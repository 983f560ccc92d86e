# lib/staff.sh — what the staff console's shell tests share, sourced
# after lib/hub.sh: adding people with welkomctl and setting their
# passwords through the set-up link, logging in with curl (a cookie jar
# per person, its CSRF token in CSRF_NAME), and calling the API.
PW="correct horse battery"

# person NAME ROLE: added, password PW set through the set-up endpoint.
person() {
    $C staff add $1 --role $2 --url $URL --hub-db $DB >$T/add-$1.out 2>$T/err || fail "staff add $1: $(cat $T/err)"
    local token; token=$(sed -n 's/^set-up link = .*#//p' $T/add-$1.out)
    [ -n "$token" ] || fail "no set-up link for $1: $(cat $T/add-$1.out)"
    local code; code=$(curl -s -o $T/setup.out -w '%{http_code}' $URL/api/staff/setup -H 'Content-Type: application/json' \
        -d "{\"token\": \"$token\", \"password\": \"$PW\"}")
    [ "$code" = 200 ] || fail "set-up of $1: $code $(cat $T/setup.out)"
}
# login NAME [URL]: a session in $T/jar-NAME; its CSRF token in $T/csrf-NAME.
login() {
    local code; code=$(curl -s -c $T/jar-$1 -o $T/login-$1.out -w '%{http_code}' ${2:-$URL}/api/staff/login \
        -H 'Content-Type: application/json' -d "{\"name\": \"$1\", \"password\": \"$PW\"}")
    [ "$code" = 200 ] || fail "login $1: $code $(cat $T/login-$1.out)"
    sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p' $T/login-$1.out > $T/csrf-$1
}
# call AS METHOD PATH [BODY] [CSRF]: the status of a request to the API as
# AS ("-" for nobody), the body in $T/body; a POST carries AS's CSRF token
# unless CSRF is given ("-" for none).
call() {
    local as=$1 method=$2 path=$3 body=${4:-'{}'} csrf=${5:-} args=()
    [ "$as" != - ] && args+=(-b $T/jar-$as)
    if [ "$method" = POST ]; then
        [ -z "$csrf" ] && [ "$as" != - ] && csrf=$(cat $T/csrf-$as)
        [ -n "$csrf" ] && [ "$csrf" != - ] && args+=(-H "X-CSRF-Token: $csrf")
        args+=(-H 'Content-Type: application/json' --data-binary "$body")
    fi
    curl -s -o $T/body -w '%{http_code}' -X $method "${args[@]}" "$URL/api/staff/$path"
}
# expect CODE AS METHOD PATH [BODY] [CSRF]: fails unless call answers CODE.
expect() {
    local want=$1; shift
    local got; got=$(call "$@")
    [ "$got" = "$want" ] || fail "$* answered $got, not $want: $(head -c 300 $T/body)"
}
# need_browser: fails unless Debian's chromium, chromedriver and node are here.
# A hub built with ASan or TSan answers several times slower: the page's
# steps get longer to happen (tests/browser/webdriver.mjs).
need_browser() {
    [ -x /usr/bin/chromium ] || fail "no chromium (make deps)"
    command -v chromedriver >/dev/null && command -v node >/dev/null || fail "chromedriver or node missing (make deps)"
    case $B in *-asan*|*-tsan*) export WELKOM_BROWSER_WAIT_MS=30000 ;; esac
}
