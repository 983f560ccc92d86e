# cli_bad_input.sh — the welkom binary meets bad input with a clear
# message and a distinct exit code, never a crash or a blank screen.
set -u
B=${WELKOM_BUILD:-build}
W="$B/welkom --data-dir . --locale-dir $B/locale"
T=$TEST_TMPDIR
fail() { echo "  $*"; exit 1; }

# A screen smaller than 800x480.
$W --headless --size 640x400 --quit-after-first-frame 2>$T/err; rc=$?
[ $rc -ne 0 ] || fail "640x400 was accepted"
grep -q "800x480" $T/err || fail "no message naming 800x480: $(cat $T/err)"

# Missing fonts: exit 2, naming the file.
$B/welkom --data-dir $T --locale-dir $B/locale --headless --quit-after-first-frame 2>$T/err; rc=$?
[ $rc -eq 2 ] || fail "missing fonts gave exit $rc"
grep -q "NotoSans-Regular.ttf" $T/err || fail "message does not name the font: $(cat $T/err)"

# No display: exit 3 with a hint, not a crash.
env -u DISPLAY -u WAYLAND_DISPLAY SDL_VIDEODRIVER= $W --quit-after-first-frame 2>$T/err; rc=$?
[ $rc -eq 3 ] || fail "no display gave exit $rc: $(cat $T/err)"
grep -qi "headless\|xvfb" $T/err || fail "no hint in: $(cat $T/err)"

# An unknown language: a warning, and the kiosk starts in Dutch.
$W --headless --lang xx --screenshot $T/xx.png 2>$T/err || fail "unknown language stopped the kiosk"
grep -q '"xx"' $T/err || fail "no warning about xx: $(cat $T/err)"
[ -s $T/xx.png ] || fail "no screenshot"

# Missing translations: English strings, a warning, a picture.
$B/welkom --data-dir . --locale-dir $T/none --headless --script "tap:العربية" --screenshot $T/en.png 2>$T/err \
    || fail "missing catalogs stopped the kiosk"
grep -q "showing English" $T/err || fail "no warning about the missing catalog: $(cat $T/err)"

# Bad flags and a bad config file name the problem.
$W --size banana 2>$T/err; [ $? -eq 1 ] || fail "--size banana accepted"
grep -q "size" $T/err || fail "no message for --size"
printf '[kiosk]\nidle_timeout = 2\n' > $T/bad.conf
$W --config $T/bad.conf --headless 2>$T/err; [ $? -eq 1 ] || fail "idle_timeout = 2 accepted"
grep -q "idle_timeout" $T/err || fail "no message for idle_timeout: $(cat $T/err)"

# A script step that finds nothing lists what is on screen.
$W --headless --script "tap:Nowhere" 2>$T/err; [ $? -eq 4 ] || fail "missing widget not reported"
grep -q "English" $T/err || fail "labels on screen not listed: $(cat $T/err)"
exit 0
