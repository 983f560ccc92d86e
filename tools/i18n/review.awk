# review.awk — what a native speaker has reviewed in a catalog, and what
# changed since. POSIX awk (mawk), bytes only.
#
# A reviewed string carries a translator comment as the first line of its
# entry (never the fuzzy flag, which would hide the string):
#   # reviewed: NAME, YYYY-MM-DD, HASH
# HASH is a checksum of the entry's msgid, msgid_plural and msgstr texts
# (as strings, so rewrapping by msgmerge does not change it). When the
# msgid or the translation changes, the checksum no longer matches and the
# string is due for review again.
#
#   awk -v mode=report -f review.awk ar.po
#       prints  STATE <TAB> MSGID <TAB> DETAIL  for every entry, STATE one of
#       reviewed, changed (DETAIL: who and when), unreviewed, untranslated,
#       fuzzy
#   awk -v mode=mark -v who="NAME" -v date=YYYY-MM-DD -f review.awk ar.po
#       prints the catalog with every translated entry marked as reviewed
#       by NAME on date (an older mark is replaced)

BEGIN {
    for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i
    n = 0
}

function unquote(s) {
    sub(/^[^"]*"/, "", s); sub(/"[ \t\r]*$/, "", s)
    return s
}

# A 32-bit checksum (a multiplicative hash; exact in awk's doubles).
function checksum(s,    h, i) {
    h = 5381
    for (i = 1; i <= length(s); i++) h = (h * 33 + ord[substr(s, i, 1)]) % 4294967296
    return sprintf("%08x", h)
}

function flush(    i, k, text, translated, state, detail, mark) {
    if (nl == 0) return
    text = ""; translated = 1; mark = ""
    for (i = 1; i <= nl; i++) {
        if (line[i] ~ /^msg/) { k = line[i]; sub(/ .*/, "", k); text = text "\001" k "\002" unquote(line[i]) }
        else if (line[i] ~ /^"/) text = text unquote(line[i])
        if (line[i] ~ /^# reviewed: /) mark = line[i]
    }
    # an empty msgstr (any form) is untranslated
    split(text, parts, "\001")
    for (i in parts) if (parts[i] ~ /^msgstr(\[[0-9]+\])?\002$/) translated = 0
    header = (id == "")
    if (mode == "mark") {
        for (i = 1; i <= nl; i++) {
            if (i == 1 && !header && !obsolete && translated && !fuzzy)
                print "# reviewed: " who ", " date ", " checksum(text)
            if (line[i] !~ /^# reviewed: /) print line[i]
        }
        print ""
    } else if (!header && !obsolete) {
        if (fuzzy) state = "fuzzy"
        else if (!translated) state = "untranslated"
        else if (mark == "") state = "unreviewed"
        else {
            detail = mark; sub(/^# reviewed: /, "", detail)
            state = (detail ~ (", " checksum(text) "$")) ? "reviewed" : "changed"
            sub(/, [0-9a-f]+$/, "", detail)
        }
        printf "%s\t%s\t%s\n", state, id, detail
    }
    nl = 0; id = ""; fuzzy = 0; obsolete = 0; inid = 0; detail = ""
}

/^[ \t\r]*$/ { flush(); next }
{
    line[++nl] = $0
    if ($0 ~ /^#~/) obsolete = 1
    if ($0 ~ /^#,.*fuzzy/) fuzzy = 1
    if ($0 ~ /^msgid "/) { id = unquote($0); inid = 1; next }
    if ($0 ~ /^"/ && inid) { id = id unquote($0); next }
    inid = 0
}
END {
    flush()
    # mark mode: the last entry's blank line was added by flush; nothing more
}
