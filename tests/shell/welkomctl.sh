# welkomctl.sh — the staff tool as a publisher uses it, from the checkout
# (so pictograms are checked against assets/pictograms): make a key pair,
# build a source with mistakes and read every one as FILE:LINE, fix it,
# build, sign, verify, look inside; and a wrong key is refused.
set -u
B=${WELKOM_BUILD:-build}
W=$B/welkomctl
T=$TEST_TMPDIR
fail() { echo "  $*"; exit 1; }
[ -x $W ] || fail "no $W"

# --- the command line: every command answers --help with its usage on
# stdout (exit 0, nothing made); a command that does not exist is named
# before the usage (exit 2); an option a command does not take is refused
# with its usage line (exit 1).
mkdir $T/cwd
for cmd in keygen "bundle build" "bundle sign" "bundle verify" "bundle show" "kiosk add" "kiosk revoke" \
           status publish "submissions export"; do
    (cd $T/cwd && $OLDPWD/$W $cmd --help) >$T/out 2>$T/err || fail "welkomctl $cmd --help exited $?: $(cat $T/err)"
    head -1 $T/out | grep -q "^usage: welkomctl $cmd" || fail "welkomctl $cmd --help: $(cat $T/out)"
    [ $(wc -l <$T/out) -ge 2 ] || fail "welkomctl $cmd --help says no more than its usage: $(cat $T/out)"
    [ -s $T/err ] && fail "welkomctl $cmd --help wrote to stderr: $(cat $T/err)"
done
[ -z "$(ls $T/cwd)" ] || fail "--help made files: $(ls $T/cwd)"
$W --help >$T/out 2>$T/err || fail "welkomctl --help exited $?"
for cmd in keygen "bundle build" "kiosk add" status publish "submissions export"; do
    grep -q "^  $cmd " $T/out || fail "welkomctl --help does not list $cmd: $(cat $T/out)"
done
$W frob >$T/out 2>$T/err; rc=$?
[ $rc = 2 ] || fail "an unknown command exited $rc"
[ "$(head -1 $T/err)" = "welkomctl: unknown command 'frob'" ] || fail "an unknown command: $(cat $T/err)"
grep -q "^usage: welkomctl COMMAND" $T/err || fail "no usage after an unknown command: $(cat $T/err)"
$W kiosk frob >$T/out 2>$T/err; rc=$?
[ $rc = 2 ] && [ "$(head -1 $T/err)" = "welkomctl: unknown command 'kiosk frob'" ] \
    || fail "kiosk frob exited $rc: $(cat $T/err)"
$W >$T/out 2>$T/err; rc=$?
[ $rc = 2 ] && grep -q "no command" $T/err || fail "no command exited $rc: $(cat $T/err)"
$W bundle >$T/out 2>$T/err; rc=$?
[ $rc = 2 ] && grep -q "bundle build" $T/err || fail "bundle alone exited $rc: $(cat $T/err)"
$W keygen $T/x --frob >$T/out 2>$T/err; rc=$?
[ $rc = 1 ] || fail "keygen --frob exited $rc"
grep -q "frob" $T/err && grep -q "usage: welkomctl keygen NAME" $T/err || fail "keygen --frob: $(cat $T/err)"
[ -e $T/x.key ] && fail "keygen --frob made a key"

# --- keygen: the secret half is private and never overwritten by accident.
$W keygen $T/staff >$T/out 2>$T/err || fail "keygen failed: $(cat $T/err)"
[ "$(stat -c %a $T/staff.key)" = 600 ] || fail "staff.key has mode $(stat -c %a $T/staff.key)"
[ -s $T/staff.pub ] || fail "no staff.pub"
grep -q "^publisher_key = $(grep -v '^#' $T/staff.pub)\$" $T/out || fail "no publisher_key line: $(cat $T/out)"
cp $T/staff.key $T/staff.key.orig
$W keygen $T/staff >$T/out 2>$T/err && fail "keygen overwrote staff.key"
grep -q -- "--force" $T/err || fail "no hint about --force: $(cat $T/err)"
cmp -s $T/staff.key $T/staff.key.orig || fail "a refused keygen changed staff.key"
# --force replaces both halves, and a key written over a readable file is
# still private.
chmod 644 $T/staff.key
$W keygen $T/staff --force >$T/out 2>$T/err || fail "keygen --force failed: $(cat $T/err)"
cmp -s $T/staff.key $T/staff.key.orig && fail "keygen --force kept the old key"
[ "$(stat -c %a $T/staff.key)" = 600 ] || fail "keygen --force left staff.key mode $(stat -c %a $T/staff.key)"
# An old NAME.pub alone: no new NAME.key that does not match it.
echo old >$T/half.pub
$W keygen $T/half >$T/out 2>$T/err && fail "keygen wrote over half.pub"
[ -e $T/half.key ] && fail "keygen left half.key next to an old half.pub"
grep -q "half.pub" $T/err || fail "no message naming half.pub: $(cat $T/err)"

# --- a source full of mistakes: every one reported, nothing written.
S=$T/bad
mkdir -p $S/services $S/activities
cat >$S/centre.ini <<'EOF'
[bundle]
centre = Test centre
content_version = 3
created_at = 2026-01-01T00:00:00Z
timezone = Europe/Brussels
[languages]
nl = yes
en = yes
ar = yes
[settings]
default_language = nl
idle_timeout = 60
EOF
cat >$S/categories.ini <<'EOF'
[learn]
pictogram = school
nl = Leren
en = Learn
colour = blue

[sport]
pictogram = football
nl = Sport
EOF
A100=$(printf 'a%.0s' $(seq 100)); B100=$(printf 'b%.0s' $(seq 100))
LONG=$(printf 'x%.0s' $(seq 250))
AR81=$(printf 'ب%.0s' $(seq 81))
cat >$S/services/hours.ini <<EOF
[service]
category = sports
colour = red

[hours]
mon = 09:00-08:00
tue = 09:00-12:00 13:00-16:00
[exceptions]
2026-02-30 = closed
[nl]
title = Uren
summary = $A100
  $B100
body = $LONG
[xx]
title = Foo
[ar]
title = $AR81
EOF
cat >$S/services/notitle.ini <<'EOF'
[service]
category = learn
[en]
title = No Dutch title
EOF
cat >$S/activities/notime.ini <<'EOF'
[activity]
category = sport
[weekly]
thu =
[nl]
title = Geen tijd
EOF
cat >$S/activities/baddate.ini <<'EOF'
[activity]
category = sport
pictogram = nosuch
[dates]
2026-13-01 = 10:00-11:00
2026-03-01 = 10:00-11:00
[nl]
title = Foute datum
EOF
cp $S/activities/baddate.ini $S/activities/Bad_Name.ini
# A choice's pictogram is checked like a category's, and required: residents
# who do not read go by the picture.
mkdir -p $S/forms
cat >$S/forms/buddy.ini <<'EOF'
[form]
kind = buddy
keep_days = 30
[nl]
title = Een buddy vragen
recipient = het buddyteam
purpose = om een buddy te zoeken
[field.gender]
type = choice
required = yes
options = woman, man
option.woman.pictogram = nosuch-woman
option.woman.nl = Een vrouw
option.man.nl = Een man
label.nl = Een vrouw of een man?
EOF

$W bundle build $S -o $T/bad.db >$T/out 2>$T/err; rc=$?
[ $rc -ne 0 ] || fail "a broken source built"
[ -e $T/bad.db ] && fail "a broken source wrote bad.db"
[ -e $T/bad.db.tmp ] && fail "a broken source left bad.db.tmp"
expect() { grep -qF -- "$1" $T/err || fail "no \"$1\" in:
$(cat $T/err)"; }
N=0
want() { expect "$1"; N=$((N + 1)); }
want 'centre.ini:12: unknown key "idle_timeout" in [settings]'
want 'categories.ini:5: unknown key "colour" in [learn]'
want 'services/hours.ini:2: unknown category "sports" (categories.ini has: learn, sport)'
want 'services/hours.ini:3: unknown key "colour" in [service]'
want 'services/hours.ini:6: [hours] mon: 09:00-08:00 ends before it starts'
want 'services/hours.ini:7: [hours] tue: "09:00-12:00 13:00-16:00" is not "closed" or times'
want 'services/hours.ini:9: "2026-02-30" is not a date like 2026-01-31'
want 'services/hours.ini:12: [nl] summary is 201 characters; at most 200'
want 'services/hours.ini:14: line is longer than 199 bytes'
want 'services/hours.ini:16: unknown section [xx]'
want 'services/hours.ini:18: [ar] title is 81 characters; at most 80'
want 'services/notitle.ini: no title in the default language (nl)'
want 'activities/notime.ini:4: [weekly] thu: an activity needs a time like 18:00-20:00'
want 'activities/notime.ini: no [weekly] or [dates] session'
want 'activities/baddate.ini:3: pictogram "nosuch" does not exist'
want 'activities/baddate.ini:5: "2026-13-01" is not a date like 2026-01-31'
want 'activities/Bad_Name.ini: "Bad_Name" is not an id'
want 'forms/buddy.ini:12: pictogram "nosuch-woman" does not exist'
want 'forms/buddy.ini:11: [field.gender] option man has no option.man.pictogram (residents who do not read go by the picture)'
# Nothing else: no error counted twice, none made up.
expect "welkomctl: $N errors in $S; no bundle written"

# --- a good source: built, signed, verified, shown.
S=$T/good
mkdir -p $S/services $S/activities
cat >$S/centre.ini <<'EOF'
# the test centre; comments start with # or ;
; like this one
[bundle]
centre = Centre Oui ; non # not a comment
content_version = 3
created_at = 2026-01-01T00:00:00Z
timezone = Europe/Brussels
[languages]
nl = yes
en = yes
ar = yes
[settings]
default_language = nl
idle_timeout_s = 60
EOF
cat >$S/categories.ini <<'EOF'
[learn]
pictogram = school
nl = Leren ; studeren
en = Learn
[sport]
pictogram = football
nl = Sport
en = Sport
ar = رياضة
EOF
S189=$(printf 's%.0s' $(seq 189))
AR80=$(printf 'ب%.0s' $(seq 80))
cat >$S/services/desk.ini <<EOF
[service]
category = learn
address = Straat 1 ; 9000 Gent
[hours]
mon = 09:00-12:00, 13:00-16:00
[nl]
title = Onthaal: hulp bij
  werk zoeken
summary = $S189
[en]
title = Reception desk
[ar]
title = $AR80
EOF
cat >$S/activities/football.ini <<'EOF'
[activity]
category = sport
capacity = 22
signup = yes
[weekly]
thu = 18:00-20:00
[nl]
title = Voetbal
[en]
title = Football
EOF
[ "$(awk 'NR == 9 { print length($0) }' $S/services/desk.ini)" = 199 ] || fail "the test's long line is not 199 bytes"

$W bundle build $S -o $T/good.db >$T/out 2>$T/err || fail "good source did not build: $(cat $T/err)"
grep -q "built $T/good.db: 2 categories, 1 services, 1 activities" $T/out || fail "no summary: $(cat $T/out)"
[ -e $T/good.db.tmp ] && fail "build left good.db.tmp"
# A line of exactly 199 bytes is read whole.
[ "$(sqlite3 $T/good.db "SELECT length(value) FROM texts WHERE field = 'summary'")" = 189 ] \
    || fail "the 199-byte line was not read whole"
[ "$(sqlite3 $T/good.db "SELECT address FROM services")" = "Straat 1 ; 9000 Gent" ] \
    || fail "the address lost its semicolon"

$W bundle sign $T/good.db --key $T/staff.key >$T/out 2>$T/err || fail "sign failed: $(cat $T/err)"
grep -q "content_version 3" $T/out || fail "sign said: $(cat $T/out)"
head -1 $T/good.db.sig | grep -qx "welkom-bundle-signature 1" || fail "bad .sig: $(cat $T/good.db.sig)"
$W bundle verify $T/good.db --key $T/staff.pub >$T/out 2>$T/err || fail "verify failed: $(cat $T/err)"
grep -q "ok (content_version 3, schema 2" $T/out || fail "verify said: $(cat $T/out)"

# The wrong key, a missing signature, a changed bundle: REJECTED, exit 1.
$W bundle verify $T/good.db --key assets/demo/keys/test-publisher.pub >$T/out 2>$T/err; rc=$?
[ $rc -eq 1 ] || fail "verify with the wrong key gave exit $rc"
grep -q "REJECTED" $T/err || fail "no REJECTED: $(cat $T/err)"
grep -q "trust" $T/err || fail "no reason: $(cat $T/err)"
cp $T/good.db $T/copy.db
$W bundle verify $T/copy.db --key $T/staff.pub >/dev/null 2>$T/err && fail "verified without a .sig"
grep -q "REJECTED" $T/err || fail "no REJECTED for a missing .sig: $(cat $T/err)"
cp $T/good.db.sig $T/copy.db.sig
printf 'x' | dd of=$T/copy.db bs=1 seek=3000 conv=notrunc status=none
$W bundle verify $T/copy.db --key $T/staff.pub >/dev/null 2>$T/err && fail "verified a changed bundle"
grep -q "REJECTED.*hash" $T/err || fail "no hash mismatch: $(cat $T/err)"

# sign refuses what a kiosk would not open, and leaves no .sig.
echo "not a bundle" >$T/notes.db
$W bundle sign $T/notes.db --key $T/staff.key >$T/out 2>$T/err && fail "signed a text file"
[ -e $T/notes.db.sig ] && fail "left notes.db.sig"

# show: what is inside, semicolons and continuation lines as written.
$W bundle show $T/good.db --key $T/staff.pub >$T/out 2>$T/err || fail "show failed: $(cat $T/err)"
for s in "centre           Centre Oui ; non # not a comment" "content_version  3" \
         "(checked against --key)" "languages        nl en ar" "categories (2)" \
         "learn                Leren ; studeren" "sport                Sport" "services (1)" \
         "desk                 learn      Onthaal: hulp bij werk zoeken" "activities (1)" \
         "football             sport      Voetbal (22 places)"; do
    grep -qF -- "$s" $T/out || fail "show lacks \"$s\":
$(cat $T/out)"
done
# In Arabic: the Arabic title, and English marked where Arabic is missing.
$W bundle show $T/good.db --lang ar >$T/out 2>$T/err || fail "show --lang ar failed: $(cat $T/err)"
grep -qF "desk                 learn      $AR80" $T/out || fail "no Arabic title: $(cat $T/out)"
grep -qF "Football [en]" $T/out || fail "no fallback mark: $(cat $T/out)"
grep -qF "learn                Learn [en]" $T/out || fail "no fallback for the category: $(cat $T/out)"
grep -qF "(not checked" $T/out || fail "show without --key does not say so: $(cat $T/out)"
exit 0
