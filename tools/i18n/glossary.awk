# glossary.awk — checks texts against the glossary (locales/glossary.tsv).
#
#   awk -f tools/i18n/strings.awk FILES... |
#       awk -f tools/i18n/glossary.awk locales/glossary.tsv -
#
# The first file is the glossary, the second the lines of strings.awk
# (LANG, WHERE, ENGLISH, TEXT).  Prints one line per problem:
#   LANG <TAB> WHERE <TAB> what is wrong
# and nothing when all is well.  A string carries a concept when its
# English holds one of the concept's en forms; its text must then hold one
# of LANG's forms.  Forbidden words are looked for in every text of LANG.
# POSIX awk, bytes and literal substrings only (no regular expressions
# built from the glossary's words).

BEGIN { FS = "\t" }

function has_any(text, alts,    k, m, a) {
    m = split(alts, a, "|")
    for (k = 1; k <= m; k++) if (a[k] != "" && index(text, a[k])) return 1
    return 0
}

function strip(text, s,    i) {
    while ((i = index(text, s)) > 0) text = substr(text, 1, i - 1) substr(text, i + length(s))
    return text
}

FNR == NR {
    if ($0 ~ /^#/ || $0 ~ /^[ \t]*$/) next
    if ($1 == "term") {
        if (!($2 in seen)) { seen[$2] = 1; concepts[++nc] = $2 }
        term[$2, $3] = $4; match_[$2, $3] = $5
    } else if ($1 == "forbid") {
        nf_[$2]++; forbid[$2, nf_[$2]] = $3; why[$2, nf_[$2]] = $4
    } else if ($1 == "allow") {
        na_[$2]++; allow[$2, na_[$2]] = $3
    } else if ($1 == "nolatin") {
        nolatin[$2] = 1
    } else if ($1 == "latin") {
        latin[$2, $3] = 1
    } else if ($1 == "except") {
        except_[$2, $3, $4] = 1
    } else {
        printf "glossary\t%s:%d\tunknown kind of line \"%s\"\n", FILENAME, FNR, $1
        bad = 1
    }
    next
}

{
    lang = $1; where = $2; en = $3; text = $4
    if (lang == "en") next
    for (c = 1; c <= nc; c++) {
        k = concepts[c]
        if (!((k, "en") in match_) || !has_any(en, match_[k, "en"])) continue
        if (!((k, lang) in match_)) {
            printf "%s\t%s\tno %s term in the glossary for this language\n", lang, where, k
            continue
        }
        if ((k, lang, where) in except_) continue
        if (!has_any(text, match_[k, lang]))
            printf "%s\t%s\t%s: says \"%s\" where the glossary has \"%s\"\n", lang, where, k,
                   substr(text, 1, 160), term[k, lang]
    }
    t = text
    for (i = 1; i <= na_["*"]; i++) t = strip(t, allow["*", i])
    for (i = 1; i <= na_[lang]; i++) t = strip(t, allow[lang, i])
    for (i = 1; i <= nf_[lang]; i++)
        if (index(t, forbid[lang, i]))
            printf "%s\t%s\tforbidden \"%s\" (%s)\n", lang, where, forbid[lang, i], why[lang, i]
    if (lang in nolatin && where !~ / \[languages\]$/) latin_words(lang, where, t)
}

# A language written in another script holds no Latin-script word but the
# names the glossary lists ("latin" lines): no English left in a title.
# Line breaks (\n), printf placeholders, e-mail addresses and web
# addresses are not words.
function latin_words(lang, where, t,    w) {
    gsub(/\\n/, " ", t)
    gsub(/%([0-9]+\$)?[-+ 0#]*[0-9]*(\.[0-9]+)?(hh|h|ll|l|z)?[a-zA-Z]/, " ", t)
    gsub(/[^ ]*@[^ ]*/, " ", t)
    gsub(/https?:\/\/[^ ]*/, " ", t)
    while (match(t, /[A-Za-z][A-Za-z0-9'-]*/)) {
        w = substr(t, RSTART, RLENGTH)
        t = substr(t, RSTART + RLENGTH)
        sub(/[-']+$/, "", w)
        if (!((lang, w) in latin) && !(("*", w) in latin))
            printf "%s\t%s\tLatin-script word \"%s\" in %s (translate it, or list it as a name: latin)\n",
                   lang, where, w, lang
    }
}

END { if (bad) exit 2 }
