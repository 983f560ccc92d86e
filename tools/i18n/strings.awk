# strings.awk — every translated text of the kiosk, one per line, so that
# the glossary check and the translations report read catalogs and demo
# content the same way.  POSIX awk (mawk on a fresh Debian), bytes only.
#
#   awk -f tools/i18n/strings.awk locales/ar.po assets/demo/forms/buddy.ini ...
#
# prints  LANG <TAB> WHERE <TAB> ENGLISH <TAB> TEXT  for every text that has
# a language, where WHERE names the string (a msgid's file, or an ini file
# with its [section] and key) and ENGLISH is the English source of the same
# string (the msgid; in the demo content, the en text of the same key).
#
# Catalogs (*.po): the language is the file name; obsolete (#~) entries and
# the header are left out; each plural form is its own line, with the
# msgid_plural as its English.  The msgstr is as written in the file, with
# \" and \\ undone and \n kept as the two characters.
#
# Demo content (*.ini), in its three shapes:
#   [ar]        title = ...     a language section      -> key "title"
#   [field.x]   label.ar = ...  a key ending in .LANG   -> key "field.x label"
#   [learn]     ar = ...        a key that is a LANG    -> key "learn"
# A line that starts with white space continues the value before it.

BEGIN {
    FS = "\n"
    nlang = split("nl en fr ar fa ps ti so tr uk ru", L, " ")
    for (i = 1; i <= nlang; i++) islang[L[i]] = 1
    n = 0
}

function unquote(s) {
    sub(/^[^"]*"/, "", s); sub(/"[ \t\r]*$/, "", s)
    gsub(/\\"/, "\"", s); gsub(/\\\\/, "\\", s); gsub(/\t/, " ", s)
    return s
}

function po_flush() {
    if (state != "" && msgid != "" && !obsolete) {
        for (k = 0; k < nforms; k++)
            emit(polang, curfile ": " msgid, (k > 0 && plural != "") ? plural : msgid, form[k])
    }
    state = ""; msgid = ""; plural = ""; nforms = 0; obsolete = 0
    for (k in form) delete form[k]
}

function emit(lang, where, en, text) {
    n++; rl[n] = lang; rw[n] = where; re[n] = en; rt[n] = text
}

function ini_flush() {
    if (ikey == "") return
    gsub(/\t/, " ", ival)
    sub(/[ \t\r]+$/, "", ival)
    if (ilang == "en") en_of[curfile SUBSEP iwhere] = ival
    emit(ilang, curfile " " iwhere, "", ival)
    ifile[n] = curfile SUBSEP iwhere
    ikey = ""
}

FNR == 1 {
    if (prevfile ~ /\.po$/) po_flush()
    if (prevfile ~ /\.ini$/) ini_flush()
    prevfile = FILENAME; curfile = FILENAME
    polang = FILENAME; sub(/^.*\//, "", polang); sub(/\.po$/, "", polang)
    section = ""; state = ""; nforms = 0; msgid = ""; plural = ""; obsolete = 0; ikey = ""
}

# ---- catalogs
FILENAME ~ /\.po$/ && /^#~/ { obsolete = 1; next }
FILENAME ~ /\.po$/ && /^msgid "/ { po_flush(); state = "id"; msgid = unquote($0); next }
FILENAME ~ /\.po$/ && /^msgid_plural "/ { state = "pl"; plural = unquote($0); next }
FILENAME ~ /\.po$/ && /^msgstr(\[[0-9]+\])? "/ {
    state = "str"; cur = nforms++; form[cur] = unquote($0); next
}
FILENAME ~ /\.po$/ && /^"/ {
    if (state == "id") msgid = msgid unquote($0)
    else if (state == "pl") plural = plural unquote($0)
    else if (state == "str") form[cur] = form[cur] unquote($0)
    next
}
FILENAME ~ /\.po$/ && /^[ \t\r]*$/ { po_flush(); next }
FILENAME ~ /\.po$/ { next }

# ---- demo content
FILENAME ~ /\.ini$/ && /^[ \t]*[#;]/ { next }
FILENAME ~ /\.ini$/ && /^[ \t]+[^ \t\r]/ {
    if (ikey != "") { v = $0; sub(/^[ \t]+/, "", v); sub(/\r$/, "", v); ival = ival " " v }
    next
}
FILENAME ~ /\.ini$/ && /^\[/ {
    ini_flush(); section = $0; sub(/^\[/, "", section); sub(/\].*$/, "", section); next
}
FILENAME ~ /\.ini$/ && /=/ {
    ini_flush()
    key = $0; sub(/[ \t]*=.*$/, "", key)
    val = $0; sub(/^[^=]*=[ \t]*/, "", val); sub(/\r$/, "", val)
    lang = ""
    if (section in islang) { lang = section; where = "[" section "] " key; iwhere = key }
    else if (key in islang) { lang = key; iwhere = "[" section "]" }
    else if (match(key, /\.[a-z][a-z]$/) && (substr(key, RSTART + 1) in islang)) {
        lang = substr(key, RSTART + 1); iwhere = "[" section "] " substr(key, 1, RSTART - 1)
    }
    if (lang == "") next
    if (section in islang) iwhere = "[" section "] " key
    ikey = key; ilang = lang; ival = val
    next
}

END {
    if (prevfile ~ /\.po$/) po_flush()
    if (prevfile ~ /\.ini$/) ini_flush()
    for (i = 1; i <= n; i++) {
        en = re[i]
        if (i in ifile) {
            k = ifile[i]
            # a language section names its key as "[ar] title": the English
            # is the same key in [en]
            if (k ~ /\[[a-z][a-z]\] /) { sub(/\[[a-z][a-z]\] /, "[en] ", k) }
            en = (k in en_of) ? en_of[k] : ""
        }
        printf "%s\t%s\t%s\t%s\n", rl[i], rw[i], en, rt[i]
    }
}
