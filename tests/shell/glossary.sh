# glossary.sh — one word per concept and language (locales/glossary.tsv):
# the shipped catalogs and the demo content use the glossary's term wherever
# the English says buddy, sign up, reception desk, reference code or Done,
# and none of the words the translation review struck out; and a catalog or
# a content file that slips back is named, string by string.
set -u
T=$TEST_TMPDIR
fail() { echo "  $*"; exit 1; }
CHECK=tools/i18n/glossary-check.sh

# --- every concept has one term in each of the eleven languages
for c in buddy signup reception reference done; do
    n=$(awk -F'\t' -v c=$c '$1 == "term" && $2 == c { print $3 }' locales/glossary.tsv | sort -u | wc -l)
    [ "$n" = 11 ] || fail "the glossary has $n languages for $c, not 11"
done

# --- the shipped catalogs and demo content pass
$CHECK >$T/out 2>$T/err || fail "the shipped texts break the glossary:
$(head -20 $T/out) $(cat $T/err)"

# --- a copy where Arabic "Sign up" is the official التسجيل again, Ukrainian
# content says бадді, and French content drops binôme for "ami"
mkdir -p $T/loc $T/demo
cp locales/*.po locales/glossary.tsv $T/loc/
cp -R assets/demo/. $T/demo/
awk '{ print } /^msgid "Sign up"$/ { getline; print "msgstr \"التسجيل\"" }' locales/ar.po >$T/loc/ar.po
grep -q '^msgstr "التسجيل"$' $T/loc/ar.po || fail "could not break ar.po"
sed -i 's/^help\.uk = Це допоможе нам знайти друга-волонтера/help.uk = Це допоможе нам знайти бадді/' $T/demo/forms/buddy.ini
sed -i 's/^help\.fr = Cela nous aide à trouver un binôme/help.fr = Cela nous aide à trouver un ami/' $T/demo/forms/buddy.ini
$CHECK $T/loc $T/demo >$T/out 2>$T/err; rc=$?
[ $rc = 1 ] || fail "a broken copy exited $rc: $(cat $T/out $T/err)"
grep -q "^ar	$T/loc/ar.po: Sign up	signup: says \"التسجيل\" where the glossary has \"سجّل اسمك\"" $T/out \
    || fail "the ar Sign up is not named: $(cat $T/out)"
grep -q "^ar	$T/loc/ar.po: Sign up	forbidden \"التسجيل\"" $T/out || fail "التسجيل is not refused: $(cat $T/out)"
grep -q "^uk	$T/demo/forms/buddy.ini \[field.age\] help	forbidden \"бадді\"" $T/out \
    || fail "бадді is not refused: $(cat $T/out)"
grep -q "^fr	$T/demo/forms/buddy.ini \[field.age\] help	buddy: says \"Cela nous aide à trouver un ami" $T/out \
    || fail "the missing binôme is not named: $(cat $T/out)"
[ $(wc -l <$T/out) = 5 ] || fail "more than the five problems of the three breaks were named: $(cat $T/out)"

# --- English left inside titles written in other scripts: "(volunteer)" in
# the Tigrinya title of the buddy project, "(buddy)" in the Arabic home
# tile, "Free" in a Ukrainian summary; the names the glossary lists
# (Jobteam, OKAN, NT2) and e-mail addresses stay allowed
rm -rf $T/loc $T/demo
mkdir -p $T/loc $T/demo
cp locales/*.po locales/glossary.tsv $T/loc/
cp -R assets/demo/. $T/demo/
awk '{ print } /^msgid "Find a buddy"$/ { getline; print "msgstr \"طلب صديق مرافق (buddy)\"" }' locales/ar.po >$T/loc/ar.po
sed -i '/^\[ti\]/,/^title/ s/^title = \(.*\)$/title = \1 (volunteer)/' $T/demo/services/buddy-project.ini
sed -i '/^\[uk\]/,/^summary/ s/^summary = \(.*\)$/summary = \1 Free./' $T/demo/services/buddy-project.ini
grep -q "(volunteer)$" $T/demo/services/buddy-project.ini || fail "could not break the ti title"
$CHECK $T/loc $T/demo >$T/out 2>$T/err; rc=$?
[ $rc = 1 ] || fail "English in other scripts exited $rc: $(cat $T/out $T/err)"
grep -q "^ti	$T/demo/services/buddy-project.ini \[ti\] title	Latin-script word \"volunteer\" in ti" $T/out \
    || fail "the English in the ti title is not named: $(cat $T/out)"
grep -q "^ar	$T/loc/ar.po: Find a buddy	Latin-script word \"buddy\" in ar" $T/out \
    || fail "the English in the ar home tile is not named: $(cat $T/out)"
grep -q "^uk	$T/demo/services/buddy-project.ini \[uk\] summary	Latin-script word \"Free\" in uk" $T/out \
    || fail "the English in the uk summary is not named: $(cat $T/out)"
# the three words, and the ar "buddy" the glossary forbids as well
[ $(wc -l <$T/out) = 4 ] || fail "more than the three English words were named: $(cat $T/out)"
exit 0
