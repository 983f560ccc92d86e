# kiosk_bundles.sh — the kiosk binary and the bundles it is given, as a
# technician meets them: a broken installed bundle falls back to the demo,
# installing refuses rollbacks and bad files and keeps what it has, an
# older bundle copied in by hand is not shown at start, and the public test
# key is trusted for the firmware's own demo bundle only.
set -u
B=${WELKOM_BUILD:-build}
T=$TEST_TMPDIR
W="$B/welkom --data-dir . --locale-dir $B/locale --demo-dir $B/demo --state-dir $T/state"
TEST_PUB=$(grep -v '^#' assets/demo/keys/test-publisher.pub)
fail() { echo "  $*"; exit 1; }

# A centre's own bundle: the demo source with another name and version,
# signed by a key of the test's own (pinned), and one by the test key.
mkdir -p $T/keys
$B/welkomctl keygen $T/keys/centre >/dev/null || fail "keygen"
CENTRE_PUB=$(grep -v '^#' $T/keys/centre.pub)
make_bundle() {  # make_bundle NAME VERSION KEY
    rm -rf $T/src-$1; cp -r assets/demo $T/src-$1
    sed -i "s/^content_version = .*/content_version = $2/; s/^centre = .*/centre = Centre $1/" $T/src-$1/centre.ini
    $B/welkomctl bundle build $T/src-$1 -o $T/$1.db --quiet || fail "build $1"
    $B/welkomctl bundle sign $T/$1.db --key $3 --quiet || fail "sign $1"
}
make_bundle v2 2 $T/keys/centre.key
make_bundle v3 3 $T/keys/centre.key
make_bundle testsigned 5 assets/demo/keys/test-publisher.key

# Nothing installed: the demo bundle, marked as demo on the home screen.
$W --headless --script "tap:English;expect:Demo content" --screenshot $T/a.png 2>$T/err \
    || fail "fresh kiosk: $(cat $T/err)"
grep -q "the demo bundle" $T/err || fail "no log of the demo bundle: $(cat $T/err)"

# Installing: v3, then v2 (rollback) and v3 again are refused.
$W --publisher-key $CENTRE_PUB --install-bundle $T/v3.db >$T/out 2>$T/err || fail "install v3: $(cat $T/err)"
grep -q "version 3" $T/out || fail "no report of version 3: $(cat $T/out)"
$W --publisher-key $CENTRE_PUB --install-bundle $T/v2.db 2>$T/err && fail "v2 over v3 was installed"
grep -q "not newer" $T/err || fail "rollback not named: $(cat $T/err)"
$W --publisher-key $CENTRE_PUB --install-bundle $T/v3.db 2>$T/err && fail "v3 twice was installed"

# A damaged candidate is refused and the installed one stays.
head -c 20000 $T/v2.db > $T/cut.db; cp $T/v2.db.sig $T/cut.db.sig
$W --publisher-key $CENTRE_PUB --install-bundle $T/cut.db 2>$T/err && fail "a truncated bundle was installed"
grep -q "hash does not match" $T/err || fail "truncation not named: $(cat $T/err)"
echo "not a database" > $T/junk.db; $B/welkomctl bundle sign $T/junk.db --key $T/keys/centre.key --quiet 2>/dev/null
$W --publisher-key $CENTRE_PUB --install-bundle $T/junk.db 2>$T/err && fail "junk was installed"
$W --publisher-key $CENTRE_PUB --headless --quit-after-first-frame 2>$T/err || fail "start: $(cat $T/err)"
grep -q "the installed bundle $T/state/current/bundle.db, version 3" $T/err \
    || fail "the kiosk does not run on v3: $(cat $T/err)"

# The same key not pinned (a kiosk of another centre): refused, demo.
$W --headless --quit-after-first-frame 2>$T/err || fail "start without key"
grep -q "installed bundle refused: signed by a key this kiosk does not trust" $T/err \
    || fail "untrusted key not named: $(cat $T/err)"
grep -q "the demo bundle" $T/err || fail "no fallback to the demo: $(cat $T/err)"

# The installed bundle damaged on disk: logged, and the demo is shown.
chmod u+w $T/state/current/bundle.db
printf 'XXXX' | dd of=$T/state/current/bundle.db bs=1 seek=5000 conv=notrunc 2>/dev/null
$W --publisher-key $CENTRE_PUB --headless --script "tap:English;expect:Demo content" --screenshot $T/b.png 2>$T/err \
    || fail "damaged installed bundle stopped the kiosk: $(cat $T/err)"
grep -q "installed bundle refused" $T/err || fail "damage not logged: $(cat $T/err)"
# ... and the damage does not open the door to an older bundle.
$W --publisher-key $CENTRE_PUB --install-bundle $T/v2.db 2>$T/err && fail "v2 installed over a damaged v3"
grep -q "not newer than the installed 3" $T/err || fail "rollback after damage: $(cat $T/err)"

# An older bundle copied over the installed one is not shown at start: the
# kiosk remembers the newest version it installed (STATE/content_version).
W2="$B/welkom --data-dir . --locale-dir $B/locale --demo-dir $B/demo --state-dir $T/state2 --publisher-key $CENTRE_PUB"
$W2 --install-bundle $T/v2.db >/dev/null 2>$T/err || fail "install v2: $(cat $T/err)"
$W2 --install-bundle $T/v3.db >/dev/null 2>$T/err || fail "install v3 over v2: $(cat $T/err)"
cp -f $T/v2.db $T/state2/current/bundle.db; cp -f $T/v2.db.sig $T/state2/current/bundle.db.sig
$W2 --headless --quit-after-first-frame 2>$T/err || fail "start over a copied-in v2: $(cat $T/err)"
grep -q "installed bundle refused: bundle version 2 is older than version 3" $T/err \
    || fail "rollback at start not named: $(cat $T/err)"
grep -q "the demo bundle" $T/err || fail "no fallback to the demo: $(cat $T/err)"
grep -q "the installed bundle $T/state2/current/bundle.db, version 2" $T/err && fail "v2 shown: $(cat $T/err)"

# A bundle signed with the public test key is not trusted outside the demo.
$W --bundle $T/testsigned.db --headless --quit-after-first-frame 2>$T/err
grep -q "signed by a key this kiosk does not trust" $T/err || fail "test key trusted: $(cat $T/err)"
# ... unless a development setup pins it on purpose.
$W --bundle $T/testsigned.db --publisher-key $TEST_PUB --headless --quit-after-first-frame 2>$T/err \
    || fail "pinned test key: $(cat $T/err)"
grep -q "version 5" $T/err || fail "pinned test key not used: $(cat $T/err)"
exit 0
