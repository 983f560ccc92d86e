#!/bin/sh
# translations-report.sh — what a native speaker at the centre should read,
# per language, in one sitting (`make translations-report`):
#   - the strings changed since they were last reviewed (and those never
#     reviewed, as a count when nobody has reviewed the language yet),
#   - the untranslated and fuzzy ones (the kiosk shows English for these),
#   - the glossary mismatches in the catalog and in the demo content.
# A reviewed string is marked by a translator comment in the .po file
# ("# reviewed: NAME, DATE, CHECKSUM", see tools/i18n/review.awk); mark a
# language after reviewing it with
#   tools/i18n/translations-report.sh --mark LANG "NAME"
# which marks every translated string of locales/LANG.po (remove the marks
# of strings you did not review). POSIX sh and awk; gettext's msgfmt.
#
#   tools/i18n/translations-report.sh [LANG...]
set -u
here=$(dirname "$0")
top=$here/../..
loc=${WELKOM_LOCALES:-$top/locales}   # a copy, for tests
export LC_ALL=C

# The order of urgency (docs/translations.md), then the rest.
ORDER="ti ps so fa ar fr tr uk ru nl"

if [ "${1:-}" = "--mark" ]; then
    [ $# = 3 ] || { echo "usage: $0 --mark LANG \"REVIEWER NAME\"" >&2; exit 2; }
    po=$loc/$2.po
    [ -f "$po" ] || { echo "$0: no $po" >&2; exit 2; }
    case $3 in *,*|"") echo "$0: the reviewer's name may not be empty or hold a comma" >&2; exit 2;; esac
    tmp=$po.marking
    awk -v mode=mark -v who="$3" -v date="$(date +%Y-%m-%d)" -f "$here/review.awk" "$po" >"$tmp" &&
        msgfmt --check -o /dev/null "$tmp" && mv "$tmp" "$po" ||
        { rm -f "$tmp"; echo "$0: could not mark $po" >&2; exit 1; }
    echo "marked $po as reviewed by $3"
    exit 0
fi

langs=${*:-$ORDER}
glossary=$("$here/glossary-check.sh" "$loc" 2>&1)
[ $? -le 1 ] || { echo "$0: the glossary check failed: $glossary" >&2; exit 1; }

for l in $langs; do
    po=$loc/$l.po
    [ -f "$po" ] || { echo "$0: no $po" >&2; exit 2; }
    states=$(awk -v mode=report -f "$here/review.awk" "$po")
    count() { printf '%s\n' "$states" | awk -F'\t' -v s="$1" '$1 == s' | wc -l | tr -d ' '; }
    list() { printf '%s\n' "$states" | awk -F'\t' -v s="$1" '$1 == s { printf "    - \"%s\"%s\n", $2, $3 == "" ? "" : "  (reviewed by " $3 ")" }'; }
    total=$(printf '%s\n' "$states" | grep -c .)
    reviewed=$(count reviewed); changed=$(count changed); unreviewed=$(count unreviewed)
    untranslated=$(count untranslated); fuzzy=$(count fuzzy)
    status=$(sed -n 's/^"X-Review-Status: \(.*\)\\n"$/\1/p' "$po")
    echo "== $l: $total strings; reviewed and unchanged: $reviewed${status:+ ($status)}"
    if [ "$reviewed" = 0 ] && [ "$changed" = 0 ]; then
        echo "  never reviewed: all $unreviewed translated strings (read the whole file)"
    else
        echo "  changed since their review: $changed"; list changed
        echo "  never reviewed: $unreviewed"; list unreviewed
    fi
    missing=$(msgcmp "$po" "$loc/welkom.pot" 2>&1 | sed -n 's/.*: this message is used but not defined.*//p' | wc -l | tr -d ' ')
    echo "  in welkom.pot but missing from $l.po: $missing"
    echo "  untranslated: $untranslated"; list untranslated
    echo "  fuzzy (hidden by msgfmt, shown in English): $fuzzy"; list fuzzy
    mism=$(printf '%s\n' "$glossary" | awk -F'\t' -v l="$l" '$1 == l { printf "    - %s: %s\n", $2, $3 }')
    echo "  glossary mismatches: $(printf '%s' "$mism" | grep -c .)"
    [ -n "$mism" ] && printf '%s\n' "$mism"
done
exit 0
