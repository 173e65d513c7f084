# Bash completion: source completion/casebook.bash and drive _casebook as bash
# would (COMP_LINE, COMP_POINT, COMP_WORDS, COMP_CWORD), checking COMPREPLY.
source "$(dirname "$0")/lib.bash"
source "$SOURCE_DIR/completion/casebook.bash" || fail "sourcing completion/casebook.bash"
complete -p casebook >/dev/null 2>&1 || fail "casebook.bash does not register a completion for casebook"

"$CASEBOOK" init --db cases.db 2>/dev/null
"$CASEBOOK" import --quiet --db cases.db "$SOURCE_DIR/examples/northern-triangle" >/dev/null 2>&1 ||
    fail "import of the examples"

# complete LINE: completes at the end of "casebook LINE"; the replies, sorted, one per line, in REPLY.
complete_line() {
    COMP_LINE="$CASEBOOK $1"
    COMP_POINT=${#COMP_LINE}
    # bash splits at blanks and at the characters of COMP_WORDBREAKS.
    read -r -a COMP_WORDS <<<"$(sed -E 's/([=:])/ \1 /g' <<<"$COMP_LINE")"
    [[ $COMP_LINE =~ [[:space:]]$ ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _casebook casebook "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    REPLY=$(printf '%s\n' "${COMPREPLY[@]}" | sort)
}

# expect LINE WANTED: the replies are exactly WANTED (lines).
expect() { complete_line "$1"; [ "$REPLY" = "$2" ] || fail "completing [casebook $1]: got"$'\n'"$REPLY"$'\n'"expected"$'\n'"$2"; }
# expect_has LINE WORD...: the replies include each WORD.
expect_has() {
    local line=$1 w
    shift
    complete_line "$line"
    for w in "$@"; do grep -qxF -- "$w" <<<"$REPLY" || fail "completing [casebook $line]: no [$w] in"$'\n'"$REPLY"; done
}

# Commands: every one casebook --help lists.
complete_line ""
[ "$REPLY" = "$("$CASEBOOK" --help | awk '/^Subcommands:/ { i = 1; next } i && /^  [a-z]/ { print $1 }' | sort)" ] ||
    fail "command completion: $REPLY"
expect "ta" "table"
expect "re" $'restore\nreview'
expect "--v" "--version"

# Options per command, from its --help.
expect "table --su" $'--suppress\n--suppress-zeros'
expect "table --no" $'--no-totals\n--nonzero\n--notes'
expect "export --re" "--redact"
expect "merge --dr" "--dry-run"
expect_has "query --" --where --sql --columns --format --db --count
expect "review sv-001 --ap" "--approve"

# Option values.
expect "table --percent " $'col\nnone\nrow\ntotal'
expect "export --format " $'csv\njson\njsonl\npackage\nspss\nstata'
expect "table --format " $'csv\njson\nlong\nmarkdown\ntable\ntsv'
expect "query --format js" $'json\njsonl'
expect "table --totals --no" $'--no-totals\n--nonzero\n--notes'
expect "validate --format j" "json"
expect "merge --prefer " $'ours\ntheirs'
expect "table --count " $'cases\nharms\nlegs\nreturns'
expect "export --dates " $'day\nmonth\nyear'
expect_has "table --by " origin sex
expect_has "export --out " cases.db
# The FOLDER of a folder format: folders only.
mkdir -p exports/old
expect "export --format stata ex" "exports"
expect "export --format spss exports/" "exports/old"
expect "export --format jsonl ex" ""
expect_has "verify --export " cases.db
expect "purge sv-001 --reason " ""
expect_has "" checkpoint verify purge keys
expect_has "export --" --out --sign --key --force
expect "table --rows orig" "origin"
expect "table --rows origin --cols ver" $'verification\nverified_outcome'
expect "table out" "outcomes"
expect_has "query --columns id,ori" "id,origin"

# --where: dimension names, then vocabulary values, then values in the database.
expect "query --where outc" "outcome="
expect "query --where outcome=ph" "physical_harm"
expect "table --where flag=chain_return,fe" "chain_return,fear_not_screened"
expect "query --where flag!=no_" "no_representation"
expect "query --where age_group=1" $'12-17\n18-25'
expect "query --db cases.db --where origin=" $'GTM\nHND\nSLV'
CASEBOOK_DB=cases.db expect_has "table --where return_year=201" 2016 2017 2018 2019

# Case ids from the database (--db on the line, else $CASEBOOK_DB).
expect "show --db cases.db sv-00" $'sv-001\nsv-002\nsv-003\nsv-004'
CASEBOOK_DB=cases.db expect "edit hn" $'hn-001\nhn-002\nhn-003'
# ... and nothing, silently, without a database.
CASEBOOK_DB=missing.db expect "show sv" ""
[ ! -e missing.db ] || fail "completion created a database"

# Files.
touch notes.json
expect "validate note" "notes.json"
expect "create --from note" "notes.json"

finish
