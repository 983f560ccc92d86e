#!/bin/sh
# glossary-check.sh — the UI catalogs and the demo content against the
# glossary (locales/glossary.tsv): prints one line per string that does not
# use the agreed word, or uses a forbidden one, and exits 1 if there is any.
#
#   tools/i18n/glossary-check.sh [LOCALES_DIR [DEMO_DIR]]
#
# Defaults: locales and assets/demo of the checkout this script is in.
# POSIX sh and awk only (a fresh Debian has mawk and no python).
set -u
here=$(dirname "$0")
top=$here/../..
loc=${1:-$top/locales}
demo=${2:-$top/assets/demo}
[ -f "$loc/glossary.tsv" ] || { echo "glossary-check: no $loc/glossary.tsv" >&2; exit 2; }
out=$(
    LC_ALL=C awk -f "$here/strings.awk" "$loc"/*.po $(find "$demo" -name '*.ini' | LC_ALL=C sort) |
        LC_ALL=C awk -f "$here/glossary.awk" "$loc/glossary.tsv" -
) || { echo "glossary-check: the check itself failed" >&2; exit 2; }
[ -z "$out" ] && exit 0
printf '%s\n' "$out"
exit 1
