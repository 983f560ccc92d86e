# kiosk_cli.sh — the kiosk's command line as a developer and a service use
# it: the build-tree binary finds its checkout's files from anywhere, a
# headless kiosk without a script runs on the real clock and stops cleanly
# on SIGTERM, and an over-long flag says so.
set -u
B=$(cd "${WELKOM_BUILD:-build}" && pwd)
T=$TEST_TMPDIR
fail() { echo "  $*"; kill "${K:-}" 2>/dev/null; exit 1; }

# From another directory, with no path flags, the binary in its build tree
# shows the demo centre (fonts, catalogs and demo bundle of its checkout)
# and keeps its state in the build tree.
(cd $T && $B/welkom --screenshot $T/en.png --script "tap:English;expect:Demo content") 2>$T/err \
    || fail "build/welkom without flags: $(cat $T/err)"
grep -q "demo bundle $B/demo/bundle.db" $T/err || fail "not the build's demo bundle: $(cat $T/err)"
grep -q "$B/state" $T/err || fail "state not in the build tree: $(cat $T/err)"
$B/welkom --help | grep -q "build tree" || fail "--help does not say the defaults are the build tree's"
# A copy outside its build tree takes the installed defaults.
cp $B/welkom $T/welkom-copy
$T/welkom-copy --help | grep -q "default /var/lib/welkom" || fail "a copy does not use the installed defaults"

# Headless without a script: the real clock, so an idle attract screen
# draws a frame per language step (3 s), not thousands; SIGTERM ends it
# with 0. Its own log files: a wait on $T/err could find the line of the
# run above before the background start has truncated the file.
start=$(date +%s%N)
$B/welkom --headless --state-dir $T/state --report-startup >$T/real-clock.out 2>$T/real-clock.err &
K=$!
for _ in $(seq 400); do grep -q "first frame presented" $T/real-clock.err && break; sleep 0.05; done
grep -q "first frame presented" $T/real-clock.err || fail "no first frame: $(cat $T/real-clock.err)"
kill -TERM $K
wait $K; rc=$?
ran_ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ $rc -eq 0 ] || fail "headless exit $rc after SIGTERM"
frames=$(sed -n 's/^frames_presented=//p' $T/real-clock.out)
most=$(( 2 + ran_ms / 3000 ))
[ -n "$frames" ] && [ "$frames" -le $most ] \
    || fail "headless drew $frames frames in $ran_ms ms (at most $most on the real clock)"

# A script longer than the kiosk takes is "too long", not a "bad value".
long=$(head -c 9000 /dev/zero | tr '\0' 'a')
$B/welkom --headless --script "$long" 2>$T/err; rc=$?
[ $rc -eq 1 ] || fail "a 9000-byte script gave exit $rc"
grep -q "too long" $T/err || fail "no 'too long' for a long script: $(cat $T/err)"
exit 0
