# hub_slow_clients.sh — welkom-hub against clients that send their
# requests a byte at a time, the real process over loopback: 256 of them
# (eight addresses, 32 each: every place the hub has) do not keep a kiosk
# from being served at once, nor a kiosk behind the same address as 32 of
# them (a centre's NAT); an address whose every connection is busy with
# a request has a new one closed at once, the others are served; a client
# that keeps trickling its headers, or its body, is closed at the
# deadline however busy it looks; and strangers knocking a hundred times
# cost the journal a few lines and a count.
. "$(dirname "$0")/lib/hub.sh"
SLOW_PID=
KILL_AT_EXIT="HUB_PID SLOW_PID"

# slow.py PORT ADDRS PER EVERY_S STOP [TOKEN | again TOKEN]: PER
# connections from each of the source addresses ADDRS (comma-separated),
# each sending the start of a request and then one more byte every
# EVERY_S seconds: of a header line; with TOKEN, of the body of an
# otherwise whole heartbeat request; with "again", of the headers of a
# second request, after a first one (a kiosk's manifest poll) answered on
# the same connection, which the hub keeps open. Prints "open N" once all are
# connected. STOP is a file: when it exists, prints "still open N" and
# ends; or "closed": ends when the hub has closed every one ("all
# closed"), or after 60 s ("still open N").
cat >$T/slow.py <<'EOF'
import os, socket, sys, time
port, addrs, per, every, stop = int(sys.argv[1]), sys.argv[2].split(","), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
mode = sys.argv[6] if len(sys.argv) > 6 else None
start = b"POST /v1/heartbeat HTTP/1.1\r\nHost: hub\r\n"
if mode and mode != "again":
    start += b"Authorization: Bearer " + mode.encode() + b"\r\nContent-Type: application/json\r\n"
    start += b"Content-Length: 4096\r\n\r\n{"
else:
    start += b"X-Slow: "

def answered(s):
    """Sends a whole request the hub answers 404 and reads the answer."""
    s.sendall(b"GET /v1/bundle/manifest HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer " + sys.argv[7].encode() +
              b"\r\n\r\n")
    got = b""
    while b"\r\n\r\n" not in got:
        got += s.recv(4096)
    head, body = got.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 404"), head
    length = [int(l.split(b":")[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
    assert b"connection: close" not in head.lower(), head
    while len(body) < length[0]:
        body += s.recv(4096)

socks = []
for a in addrs:
    for _ in range(per):
        s = socket.socket()
        s.bind((a, 0))
        s.connect(("127.0.0.1", port))
        if mode == "again":
            answered(s)
        s.sendall(start)
        socks.append(s)
print("open %d" % len(socks), flush=True)

def is_open(s):
    try:
        return s.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False

until = time.monotonic() + 60
while True:
    time.sleep(every)
    live = [s for s in socks if is_open(s)]
    if stop != "closed" and os.path.exists(stop):
        print("still open %d" % len(live), flush=True)
        break
    if stop == "closed" and not live:
        print("all closed", flush=True)
        break
    if time.monotonic() > until:
        print("still open %d after 60 s" % len(live), flush=True)
        break
    for s in live:
        try:
            s.send(b"a")
        except OSError:
            pass
EOF
# slow ARGS...: slow.py in the background, what it prints in $T/slow.out;
# returns once it says "open".
slow() {
    rm -f $T/slow.out
    python3 $T/slow.py $PORT "$@" >$T/slow.out 2>&1 &
    SLOW_PID=$!
    for _ in $(seq 400); do grep -q "^open" $T/slow.out && return; kill -0 $SLOW_PID 2>/dev/null || break; sleep 0.05; done
    fail "the slow clients did not connect: $(cat $T/slow.out)"
}
# slow_end: waits for slow.py to end (it ends by itself); its last line
# in LAST.
slow_end() { wait $SLOW_PID; SLOW_PID=; LAST=$(tail -1 $T/slow.out); }
# heartbeat_from ADDR TOKEN: a kiosk's heartbeat from ADDR; the status.
heartbeat_from() {
    curl -s -o $T/body -w '%{http_code}' --max-time 8 --interface $1 -H "Authorization: Bearer $2" \
        -H 'Content-Type: application/json' --data-binary "$(heartbeat 0)" $URL/v1/heartbeat
}

enrol hall-1
enrol hall-2
TOKEN=$(token_of hall-1)

# --- the crowd: 256 clients trickling their headers hold every place the
# hub has (its default 256 in all, 32 an address), and for long: their
# deadline is 30 s here, so that a kiosk served "before the deadline" is
# not a matter of a busy machine's timing. A kiosk from another address,
# and one behind the same address as 32 of them, are served at once: each
# new connection closes the one that has waited longest for its headers,
# so at most two of the 256 are gone when both kiosks have their answer.
start_hub --db $DB --listen 127.0.0.1:0 --headers-deadline-s 30
slow 127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5,127.0.0.6,127.0.0.7,127.0.0.8,127.0.0.9 32 1 $T/served
grep -q "^open 256$" $T/slow.out || fail "not 256 slow clients: $(cat $T/slow.out)"
code=$(heartbeat_from 127.0.0.1 $TOKEN)
[ "$code" = 204 ] || fail "with 256 slow clients open, a kiosk got $code: $(tail -5 $T/hub.log)"
code=$(heartbeat_from 127.0.0.2 $(token_of hall-2))
[ "$code" = 204 ] || fail "a kiosk behind the address of 32 slow clients got $code: $(tail -5 $T/hub.log)"
touch $T/served
slow_end
case "$LAST" in "still open "*) ;; *) fail "the slow clients: $(cat $T/slow.out)";; esac
open=${LAST#still open }
[ "$open" -ge 254 ] || fail "only $open of the 256 slow clients were open when the kiosks had their answers"
grep -q "closed the connection that waited longest for its headers" $T/hub.log \
    || fail "no word of the connections closed to make room: $(tail -5 $T/hub.log)"
stop_hub

# --- a full address where no connection waits for its headers: two
# kiosks behind it are sending bodies (slowly, well within their
# deadline), which the hub does not cut short; a third connection from
# there is closed at once, not left waiting, and another address is
# served.
start_hub --db $DB --listen 127.0.0.1:0 --max-per-ip 2
rm -f $T/served
slow 127.0.0.3 2 0.25 $T/served $TOKEN
curl -s -o /dev/null --max-time 8 --interface 127.0.0.3 -H "Authorization: Bearer $TOKEN" \
    --data-binary "$(heartbeat 0)" $URL/v1/heartbeat; rc=$?
[ $rc != 0 ] && [ $rc != 28 ] || fail "a third connection from a full address: curl exit $rc (28: left waiting)"
grep -q "2 connections from one address, every one of them busy: closed the new connection" $T/hub.log \
    || fail "no word of the closed connection: $(tail -3 $T/hub.log)"
code=$(heartbeat_from 127.0.0.1 $TOKEN)
[ "$code" = 204 ] || fail "another address got $code beside a full one"
touch $T/served
slow_end
[ "$LAST" = "still open 2" ] || fail "the kiosks sending bodies were cut short: $(cat $T/slow.out)"
stop_hub

# --- the deadlines: a kiosk that trickles its body, 50 clients that keep
# trickling their headers (never idle long enough for the idle timeout)
# and one that does so with a second request on a kept-alive connection
# are closed by the deadlines of 2 s (4 s for the second request: the
# idle timeout and the headers deadline); a good request is answered. Strangers knock 100 times without a token: each gets its 401,
# the journal a few lines and then how many more there were.
start_hub --db $DB --listen 127.0.0.1:0 --headers-deadline-s 2 --body-deadline-s 2 --idle-timeout-s 2 \
    --max-per-ip 0
slow 127.0.0.1 1 0.25 closed $TOKEN
slow_end
[ "$LAST" = "all closed" ] || fail "a client trickling its body was not closed: $(cat $T/slow.out)"
slow 127.0.0.1 50 0.25 closed
slow_end
[ "$LAST" = "all closed" ] || fail "clients trickling their headers were not closed: $(cat $T/slow.out)"
slow 127.0.0.1 1 0.25 closed again $TOKEN
slow_end
[ "$LAST" = "all closed" ] || fail "a client trickling a second request was not closed: $(cat $T/slow.out)"
code=$(heartbeat_from 127.0.0.1 $TOKEN)
[ "$code" = 204 ] || fail "after the slow clients, a kiosk got $code"
urls=(); for _ in $(seq 100); do urls+=(-o /dev/null "$URL/v1/bundle/manifest"); done
curl -s -w '%{http_code}\n' --max-time 30 "${urls[@]}" >$T/codes
[ "$(grep -c '^401$' $T/codes)" = 100 ] || fail "100 requests without a token: $(sort $T/codes | uniq -c)"
stop_hub

# count LINE_PATTERN SUMMARY_WORDS: the lines of the log matching the
# pattern, and those the summaries say were not logged, added up;
# fails if more than two windows' worth were logged.
count() {
    local logged held
    logged=$(grep -c "$1" $T/hub.log)
    held=$(sed -n "s/.*hub: \([0-9]*\) more $2 not logged.*/\1/p" $T/hub.log | awk '{ n += $1 } END { print n + 0 }')
    [ "$logged" -le 40 ] || fail "$logged lines of \"$1\" logged: $(grep -c . $T/hub.log) lines in all"
    echo $((logged + held))
}
[ "$(count "401 to a client" "refusals of clients without a valid token")" = 100 ] \
    || fail "the 100 refusals are not each logged or counted: $(grep -e 401 -e refusals $T/hub.log | tail -3)"
[ "$(count "closed a connection: " "connections closed by the hub's limits")" = 52 ] \
    || fail "the 52 closed connections are not each logged or counted: $(grep closed $T/hub.log | tail -3)"
grep -q "no request line and headers within 2 s" $T/hub.log || fail "no word of the headers deadline"
grep -q "its body took longer than 2 s" $T/hub.log || fail "no word of the body deadline: $(grep body $T/hub.log)"
exit 0
