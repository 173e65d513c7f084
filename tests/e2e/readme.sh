# The README's commands run as written: every line starting with "casebook " in
# a ```sh block preceded by a "<!-- tested -->" line, in order, from a copy of
# the examples, with CASEBOOK_DB=study.db (the tour starts with init and import).
# A line ending in "# exit N" must exit N; every other line must exit 0.
source "$(dirname "$0")/lib.bash"
README="$SOURCE_DIR/README.md"

mkdir -p bin examples
ln -s "$CASEBOOK" bin/casebook
export PATH="$WORK/bin:$PATH" CASEBOOK_DB=study.db
cp -r "$SOURCE_DIR/examples/." examples/

commands=$(awk '
    /^<!-- tested -->$/ { marked = 1; next }
    marked && /^```sh$/ { inside = 1; marked = 0; next }
    inside && /^```$/ { inside = 0; next }
    inside && /^casebook / { print }
    !/^$/ { marked = 0 }' "$README")
[ "$(grep -c . <<<"$commands")" -ge 15 ] || fail "found only these tested README commands:"$'\n'"$commands"

while IFS= read -r line; do
    want=0
    if [[ $line =~ \#\ exit\ ([0-9]+)$ ]]; then
        want=${BASH_REMATCH[1]}
    fi
    bash -c "$line" >/dev/null 2>"$WORK/.err" </dev/null
    code=$?
    [ "$code" = "$want" ] || fail "README: [$line] exited $code, expected $want: $(cat "$WORK/.err")"
done <<<"$commands"

# The analysis line (bash examples/...) and the python3 line are tested blocks too.
other=$(awk '
    /^<!-- tested -->$/ { marked = 1; next }
    marked && /^```sh$/ { inside = 1; marked = 0; next }
    inside && /^```$/ { inside = 0; next }
    inside && /^(bash|python3) examples\/analysis\// { print }
    !/^$/ { marked = 0 }' "$README")
while IFS= read -r line; do
    [ -n "$line" ] || continue
    CASEBOOK="$CASEBOOK" bash -c "$line" >/dev/null 2>"$WORK/.err" </dev/null ||
        fail "README: [$line] exited $?: $(cat "$WORK/.err")"
done <<<"$other"

# The tour did what it says.
[ "$(stat -c %a study.db)" = 600 ] || fail "README tour: study.db is not mode 0600"
[ "$(casebook query --count)" = 10 ] || fail "README tour: expected 10 cases"
[ "$(wc -l <shared.jsonl)" = 8 ] || fail "README tour: the redacted export should hold 8 cases"
grep -q pseudonym shared.jsonl && fail "README tour: the redacted export holds pseudonyms"

finish
