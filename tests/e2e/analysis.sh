# The analyst examples (examples/analysis/) run on the example cases.
source "$(dirname "$0")/lib.bash"
ANALYSIS="$SOURCE_DIR/examples/analysis"
export CASEBOOK_DB=cases.db
"$CASEBOOK" init 2>/dev/null
"$CASEBOOK" import --quiet "$SOURCE_DIR/examples/northern-triangle" >/dev/null 2>&1 || fail "import of the examples"

# tables.sh: markdown tables, every one with the suppression footnote; no count below 5 shown.
CASEBOOK="$CASEBOOK" bash "$ANALYSIS/tables.sh" cases.db >tables.md 2>tables.err || fail "tables.sh: exit $? $(cat tables.err)"
[ "$(grep -c '^## ' tables.md)" = 7 ] || fail "tables.sh: expected 7 tables:"$'\n'"$(cat tables.md)"
[ "$(grep -c '^Note: Counts from 1 to 4 are hidden as x' tables.md)" = 7 ] || fail "tables.sh: a table lacks the suppression footnote"
grep -q '^| El Salvador |' tables.md || fail "tables.sh: countries should show as names"
# Every cell of every table is 0, hidden, or at least 5 (percentages aside).
small=$(grep '^| ' tables.md | tr '|' '\n' | sed 's/ (.*)//; s/^ *//; s/ *$//' | grep -xE '[1-4]' || true)
[ -z "$small" ] || fail "tables.sh printed counts below 5"
[ ! -s tables.err ] || fail "tables.sh wrote to stderr: $(cat tables.err)"
CASEBOOK="$CASEBOOK" bash "$ANALYSIS/tables.sh" cases.db 3 5 >rounded.md || fail "tables.sh with rounding"
grep -qi 'round' rounded.md || fail "tables.sh DB 3 5: no rounding footnote"
CASEBOOK="$CASEBOOK" bash "$ANALYSIS/tables.sh" 2>/dev/null && fail "tables.sh without a database should fail"

# summary.py: reads table and export CSV.
"$CASEBOOK" table outcomes --format csv >outcomes.csv
"$CASEBOOK" export --format csv >cases.csv
python3 "$ANALYSIS/summary.py" outcomes.csv cases.csv >summary.txt 2>summary.err || fail "summary.py: exit $? $(cat summary.err)"
for line in "Table by origin: 3 rows, 8 columns" "  cases: 10" "  most common physical_harm: 4" \
    "Exported cases: 10" "  origin: SLV 4, GTM 3, HND 3" "  first return from: USA 8, MEX 2" \
    "  sensitive fields: PRESENT: do not share this file"; do
    grep -qxF -- "$line" summary.txt || fail "summary.py: no line [$line] in"$'\n'"$(cat summary.txt)"
done
# With suppression and a redacted export: hidden counts reported, never guessed.
"$CASEBOOK" table outcomes --format csv --suppress 3 >outcomes3.csv
"$CASEBOOK" export --redact --format csv >shared.csv 2>/dev/null
python3 "$ANALYSIS/summary.py" outcomes3.csv shared.csv >summary3.txt || fail "summary.py on suppressed/redacted input"
for line in "  suppressed totals: killed, disappeared, physical_harm, other_harm, unknown" "Exported cases: 8" \
    "  sensitive fields: left out (redacted export)"; do
    grep -qxF -- "$line" summary3.txt || fail "summary.py: no line [$line] in"$'\n'"$(cat summary3.txt)"
done
python3 "$ANALYSIS/summary.py" >/dev/null 2>&1
[ $? = 2 ] || fail "summary.py without arguments should exit 2"

finish
