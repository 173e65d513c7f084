# The man page tells the truth: it lints clean, documents every command of the
# command table and every option each command's --help shows, and documents no
# command or option the binary does not have; --help works for every command.
source "$(dirname "$0")/lib.bash"
MAN="$SOURCE_DIR/man/casebook.1"

# The man page as plain words: roff escapes for "-" and fonts removed.
plain() { sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\&//g' "$@"; }

# The roff source of the section ".SS casebook CMD", up to the next .SS or .SH.
man_section() {
    awk -v want=".SS casebook $1" '
        $0 == want { inside = 1; next }
        inside && (/^\.SS / || /^\.SH /) { exit }
        inside { print }' "$MAN"
}

# Option names (-x, --xyz) in the option column of a --help text's "Options:" part.
help_options() {
    awk '/^Options:/ { inside = 1; next } /^[A-Za-z]/ { inside = 0 } inside' |
        grep -E '^  +-' | sed -E 's/^ +//; s/  .*//' |
        grep -oE '(^|[ ,])--?[A-Za-z][A-Za-z0-9-]*' | sed -E 's/^[ ,]//' | sort -u
}

# Lint: no message at any level (mandoc -T lint exits non-zero on anything).
if command -v mandoc >/dev/null; then
    lint=$(mandoc -T lint -W all "$MAN" 2>&1) || fail "mandoc -T lint: $lint"
    [ -z "$lint" ] || fail "mandoc -T lint: $lint"
else
    fail "mandoc is not installed (bash scripts/deps.sh installs it)"
fi

# The commands: the command table (src/cli/commands.cpp) and `casebook --help` agree.
run --help
expect_code 0 "casebook --help"
help_commands=$(printf '%s\n' "$OUT" | awk '/^Subcommands:/ { inside = 1; next } inside && /^  [a-z]/ { print $1 }')
table_commands=$(grep -oE '^\s*\{"[a-z][a-z-]*",' "$SOURCE_DIR/src/cli/commands.cpp" | grep -oE '[a-z][a-z-]*')
[ -n "$help_commands" ] || fail "casebook --help lists no commands"
[ "$(sort <<<"$help_commands")" = "$(sort <<<"$table_commands")" ] ||
    fail "casebook --help and src/cli/commands.cpp list different commands:"$'\n'"$help_commands"$'\n---\n'"$table_commands"

# Top-level options.
for option in $(printf '%s\n' "$OUT" | help_options); do
    plain "$MAN" | grep -qF -- "$option" || fail "casebook $option is not in the man page"
done

man_commands=$(sed -n 's/^\.SS casebook \([a-z-]*\)$/\1/p' "$MAN")
for cmd in $help_commands; do
    grep -qxF -- "$cmd" <<<"$man_commands" || fail "command $cmd has no section '.SS casebook $cmd' in man/casebook.1"
done
for cmd in $man_commands; do
    grep -qxF -- "$cmd" <<<"$help_commands" || fail "man/casebook.1 documents 'casebook $cmd', which casebook --help does not list"
done

for cmd in $help_commands; do
    run "$cmd" --help
    expect_code 0 "casebook $cmd --help"
    [ -n "$OUT" ] || fail "casebook $cmd --help printed nothing"
    [ -z "$ERR" ] || fail "casebook $cmd --help wrote to stderr: $ERR"
    grep -qF -- "$cmd" <<<"$OUT" || fail "casebook $cmd --help does not name the command"
    # -h also works.
    "$CASEBOOK" "$cmd" -h >/dev/null 2>&1 || fail "casebook $cmd -h: exit $?"

    section=$(man_section "$cmd" | plain)
    options=$(printf '%s\n' "$OUT" | help_options | grep -vxE -- '-h|--help')
    # A command with subcommands of its own (keys init, keys show): their options are its options.
    for sub in $(printf '%s\n' "$OUT" | awk '/^Subcommands:/ { inside = 1; next } inside && /^  [a-z]/ { print $1 }'); do
        options+=$'\n'$("$CASEBOOK" "$cmd" "$sub" --help | help_options | grep -vxE -- '-h|--help')
    done
    # Every option of --help is in the command's section of the man page.
    for option in $options; do
        grep -qE -- "(^|[^A-Za-z0-9-])$option([^A-Za-z0-9-]|$)" <<<"$section" ||
            fail "casebook $cmd $option (in --help) is not documented in its man section"
    done
    # Options read well: no CLI11 negation default ("--no-x{false}"), and an option
    # with a list of values shows it, each value documented in the section.
    grep -qE -- '\{(true|false)\}' <<<"$OUT" && fail "casebook $cmd --help shows a flag default like {false}"
    while read -r option choices; do
        [ -n "$option" ] || continue
        for value in ${choices//,/ }; do
            grep -qE -- "(^|[^A-Za-z0-9_-])$value([^A-Za-z0-9_-]|$)" <<<"$section" ||
                fail "casebook $cmd $option: the value $value (in --help) is not in its man section"
        done
    done < <(printf '%s\n' "$OUT" | sed -nE 's/^  +(--[a-z-]+) [A-Z]+:\{([^}]*)\}.*/\1 \2/p')
    for option in --format --percent --prefer; do
        line=$(printf '%s\n' "$OUT" | grep -E -- "^  +$option ") || continue
        grep -qF ':{' <<<"$line" || fail "casebook $cmd $option: --help does not list its values: $line"
    done
    # Options that take a value name what it is (FILE, EXPR, DIM, ...), not TEXT, unless a list follows.
    for option in --db --where --rows --cols --schema --csv --mapping --rejects --from --sql --columns --sort; do
        printf '%s\n' "$OUT" | grep -qE -- "^  +$option TEXT( |$)" && fail "casebook $cmd $option: --help shows TEXT, not what it takes"
    done

    # Every option the section documents (a .TP tag) exists.
    documented=$(awk 'prev == ".TP" { print } { prev = $0 }' <<<"$section" |
        grep -oE '(^|[ "])--[a-z][a-z0-9-]*' | sed -E 's/^[ "]//' | sort -u)
    for option in $documented; do
        grep -qxF -- "$option" <<<"$options" ||
            fail "man/casebook.1 documents 'casebook $cmd $option', which casebook $cmd --help does not show"
    done
done

# Exit codes and environment variables the program relies on are documented.
for word in CASEBOOK_DB CASEBOOK_USER VISUAL EDITOR NO_COLOR; do
    plain "$MAN" | grep -qw -- "$word" || fail "ENVIRONMENT: $word is not documented"
done
for section in NAME SYNOPSIS DESCRIPTION "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
    grep -qE "^\.SH \"?$section\"?$" "$MAN" || fail "man/casebook.1 has no $section section"
done

# The derived outcome and flag names in the man page are the ones the binary derives
# (the schema's vocabularies of the record are checked too).
for value in $("$CASEBOOK" schema | python3 -c '
import json, sys
schema = json.load(sys.stdin)
for name, d in schema["definitions"].items():
    for v in d.get("enum", []):
        if name != "country":
            print(v)
'); do
    plain "$MAN" | grep -qw -- "$value" || fail "vocabulary value $value is not in the man page"
done

finish
