# xvfb_window.sh — the real window under Xvfb, driven with xdotool like a
# finger: the kiosk opens on the software renderer without loading Mesa,
# a click on "English" opens the home screen, and an idle kiosk draws
# nothing and closes cleanly on SIGTERM.
set -u
B=${WELKOM_BUILD:-build}
T=$TEST_TMPDIR
fail() { echo "  $*"; kill $XVFB 2>/dev/null; exit 1; }
command -v Xvfb >/dev/null && command -v xdotool >/dev/null || { echo "  Xvfb or xdotool missing (make deps)"; exit 1; }

# Xvfb picks a display number nobody uses (-displayfd: no race with the
# cases beside this one) and writes it once it takes connections.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>$T/display >/dev/null 2>&1 &
XVFB=$!
for _ in $(seq 200); do [ -s $T/display ] && break; kill -0 $XVFB 2>/dev/null || break; sleep 0.05; done
[ -s $T/display ] || fail "Xvfb did not start"
export DISPLAY=:$(cat $T/display)

$B/welkom --data-dir . --locale-dir $B/locale --size 1280x800 --idle-timeout 600 --report-startup -v \
    >$T/out 2>$T/err &
K=$!
# Wait for the first frame (sanitizer builds start slowly).
for _ in $(seq 200); do grep -q "first frame presented" $T/err && break; sleep 0.05; done
kill -0 $K 2>/dev/null || fail "kiosk exited: $(cat $T/err)"
grep -q "renderer software" $T/err || fail "not the software renderer: $(cat $T/err)"
grep -qE 'libGL|libEGL|dri|mesa' /proc/$K/maps && fail "Mesa/GL was loaded under Xvfb"

# "English" is the second language chip on the attract screen (1280x800).
xdotool mousemove 330 620 click 1
for _ in $(seq 100); do grep -q "session in" $T/err && break; sleep 0.05; done
grep -q "session in en" $T/err || fail "the click did not open the home screen in English: $(cat $T/err)"
# Now on the home screen: a still screen, no frames while idle. The loop
# says when it goes to rest (nothing to draw before the idle timeout);
# a kiosk that redrew on any period would never get there.
for _ in $(seq 200); do sed -n '/session in en/,$p' $T/err | grep -q "at rest" && break; sleep 0.05; done
sed -n '/session in en/,$p' $T/err | grep -q "at rest" || fail "the home screen never went to rest: $(tail -5 $T/err)"
kill -TERM $K
wait $K; rc=$?
[ $rc -eq 0 ] || fail "kiosk exit $rc after SIGTERM: $(cat $T/err)"
frames=$(sed -n 's/^frames_presented=//p' $T/out)
# The first frame, perhaps one language step of the attract screen, the
# pressed chip, the home screen; nothing once at rest.
[ -n "$frames" ] && [ "$frames" -ge 2 ] && [ "$frames" -le 4 ] \
    || fail "frames presented: '$frames' (expected 2..4: idle draws none)"
kill $XVFB 2>/dev/null
exit 0
