# translations_report.sh — the review path a native speaker at the centre
# follows: `make translations-report` names, per language, what to read;
# marking a language as reviewed keeps the catalog valid and unfuzzy; a
# string changed after its review, an emptied one and a glossary slip are
# listed under that language.
set -u
T=$TEST_TMPDIR
fail() { echo "  $*"; exit 1; }
R=tools/i18n/translations-report.sh

# --- today: machine-written everywhere, nothing missing, no mismatch
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory translations-report >$T/out 2>$T/err || fail "make translations-report: $(cat $T/err)"
for l in ti ps so fa ar fr tr uk ru nl; do
    grep -q "^== $l: " $T/out || fail "no section for $l: $(cat $T/out)"
done
[ "$(grep -c '^  never reviewed: all ' $T/out)" = 10 ] || fail "not every language is unreviewed: $(cat $T/out)"
[ "$(grep -c '^  glossary mismatches: 0$' $T/out)" = 10 ] || fail "mismatches: $(cat $T/out)"
[ "$(grep -c '^  untranslated: 0$' $T/out)" = 10 ] || fail "untranslated: $(cat $T/out)"
[ "$(head -1 $T/out | cut -c1-6)" = "== ti:" ] || fail "Tigrinya, the most urgent, is not first: $(head -1 $T/out)"

# --- a reviewer marks Arabic; the catalog stays valid and nothing is fuzzy
mkdir $T/loc
cp locales/*.po locales/welkom.pot locales/glossary.tsv $T/loc/
WELKOM_LOCALES=$T/loc $R --mark ar "Test Reviewer" >$T/out 2>&1 || fail "--mark: $(cat $T/out)"
msgfmt --check -o /dev/null $T/loc/ar.po || fail "the marked catalog does not compile"
grep -q "fuzzy" $T/loc/ar.po && fail "marking added a fuzzy flag"
msgcat --no-wrap locales/ar.po >$T/before
msgcat --no-wrap $T/loc/ar.po | grep -v '^# reviewed: ' >$T/after
cmp -s $T/before $T/after || fail "marking changed more than comments"
WELKOM_LOCALES=$T/loc $R ar >$T/out 2>&1 || fail "report: $(cat $T/out)"
grep -q "^  changed since their review: 0$" $T/out || fail "after marking: $(cat $T/out)"
grep -q "^  never reviewed: 0$" $T/out || fail "after marking: $(cat $T/out)"

# --- then a developer changes a reviewed string, empties a French one and
# puts the official-registration word back into Arabic
sed -i 's/^msgstr "لا ترسل"$/msgstr "لا ترسلها"/; s/^msgstr "سجّل اسمك"$/msgstr "التسجيل"/' $T/loc/ar.po
sed -i 's/^msgstr "Suivant"$/msgstr ""/' $T/loc/fr.po
WELKOM_LOCALES=$T/loc $R ar fr >$T/out 2>&1 || fail "report: $(cat $T/out)"
sed -n '/^== ar/,/^== fr/p' $T/out >$T/ar
grep -q "^  changed since their review: 2$" $T/ar || fail "two changed strings: $(cat $T/ar)"
grep -q "^    - \"Do not send\"  (reviewed by Test Reviewer, " $T/ar || fail "Do not send: $(cat $T/ar)"
grep -q "^    - \"Sign up\"  (reviewed by Test Reviewer, " $T/ar || fail "Sign up: $(cat $T/ar)"
grep -q "^  glossary mismatches: 2$" $T/ar || fail "التسجيل: $(cat $T/ar)"
sed -n '/^== fr/,$p' $T/out >$T/fr
grep -q "^  untranslated: 1$" $T/fr && grep -q '^    - "Next"$' $T/fr || fail "the emptied Next: $(cat $T/fr)"
exit 0
