# Units of count (issue 17, DESIGN.md version 2): tables of harms, returns and
# legs, and tables of cases by values of one harm, return or leg, equal counts
# made in Python straight from the records (units_reference.py) on the
# examples and a generated dataset: every pair of harm dimensions, every
# return (not only the first), every leg. Killed x corroborated is 0 on the
# examples (the only killing, sv-001, is confirmed; the corroborated harm of
# that case is a threat). Titles say what is counted; what cannot be counted
# honestly is a usage error.
source "$(dirname "$0")/lib.bash"
REF="$SOURCE_DIR/tests/e2e/units_reference.py"
NT="$SOURCE_DIR/examples/northern-triangle"

"$CASEBOOK" init --db nt.db >/dev/null 2>&1
for f in "$NT"/*.json; do
    "$CASEBOOK" create --db nt.db --from "$f" >/dev/null 2>&1 || fail "create $f"
done
python3 "$SOURCE_DIR/bench/gen.py" --seed 23 --count 400 >gen.jsonl
"$CASEBOOK" init --db gen.db >/dev/null 2>&1
"$CASEBOOK" import --db gen.db gen.jsonl >/dev/null 2>&1 || fail "import of the generated dataset"

# check DB RECORDS UNIT ROWS [COLS]: casebook's long table equals the reference.
check() {
    local db=$1 records=$2 unit=$3 rows=$4 cols=${5:-}
    local args=(--rows "$rows")
    [ -n "$cols" ] && args+=(--cols "$cols")
    "$CASEBOOK" table --db "$db" --count "$unit" "${args[@]}" --format long >long.csv 2>long.err ||
        { fail "table --count $unit ${args[*]}: exit $? ($(cat long.err))"; return; }
    python3 "$REF" long.csv "$unit" "$rows" "$cols" "$records" 2>ref.err || fail "$(cat ref.err)"
}

HARMS="harm verification perpetrator harm_year same_persecutor"
RETURNS="mechanism returned_from returned_to return_year pending_claim unaccompanied_minor"
LEGS="leg_country leg_role detained procedure asylum_outcome represented"
for set in "nt.db $NT" "gen.db gen.jsonl"; do
    db=${set%% *} records=${set#* }
    for group in "harms:$HARMS" "returns:$RETURNS" "legs:$LEGS"; do
        unit=${group%%:*} dims=${group#*:}
        # Every pair once (rows and columns swapped count the same pairs).
        read -ra names <<<"$dims"
        for ((i = 0; i < ${#names[@]}; i++)); do
            r=${names[i]}
            check "$db" "$records" "$unit" "$r"
            check "$db" "$records" cases "$r"
            check "$db" "$records" "$unit" "$r" origin
            for ((j = i + 1; j < ${#names[@]}; j++)); do
                check "$db" "$records" "$unit" "$r" "${names[j]}"
                check "$db" "$records" cases "$r" "${names[j]}"
            done
        done
        check "$db" "$records" cases origin "${dims%% *}"
    done
    # Dimensions of two kinds of sub-record: cases that have both, unpaired.
    check "$db" "$records" cases harm mechanism
    check "$db" "$records" cases leg_country verification
    check "$db" "$records" returns mechanism first_mechanism
done

# --- Killed x corroborated: 0, as cases and as harms.
run table --db nt.db --rows harm --cols verification --format csv
expect_code 0 "harm x verification"
expect_out "$(printf '%s\r\n' \
    'harm,confirmed,corroborated,alleged,not_assessed,total' \
    'killed,1,0,0,0,1' \
    'disappeared,0,1,0,0,1' \
    'physical_assault,1,0,0,0,1' \
    'sexual_violence,1,0,1,0,2' \
    'torture,0,0,0,0,0' \
    'kidnapping,0,0,1,0,1' \
    'threat,0,3,3,2,8' \
    'extortion,0,0,1,0,1' \
    'forced_recruitment,0,0,0,1,1' \
    'arbitrary_detention,1,0,0,0,1' \
    'family_member_harmed,0,0,0,0,0' \
    'other,0,0,0,0,0' \
    'total,4,3,6,3,10')" "harm x verification, cases"

run table --db nt.db --rows harm --cols verification --count harms --format markdown
expect_code 0 "harm x verification --count harms"
printf '%s\n' "$OUT" | head -1 | grep -qx 'Harms after return by type and verification, N = 17 harms in 9 cases' ||
    fail "the title of a table of harms: $(printf '%s\n' "$OUT" | head -1)"
printf '%s\n' "$OUT" | grep -q '^| killed | 1 | 0 | 0 | 0 | 1 |$' || fail "killed x corroborated as harms: $OUT"

# A table of cases by values of one harm says how it pairs them.
run table --db nt.db --rows harm --cols verification --format markdown
expect_code 0 "harm x verification markdown"
printf '%s\n' "$OUT" | grep -qx 'Note: A case counts in a cell when one of its harms has both values, not when one harm has one and another harm the other.' ||
    fail "the pairing note: $OUT"
run table --db nt.db --rows harm --cols mechanism --format markdown
printf '%s\n' "$OUT" | grep -qx 'Note: A case counts in a cell when it has both values, the harm after return in a harm and the return mechanism in a return: the record does not link its harms to its returns.' ||
    fail "the note of two kinds of sub-record: $OUT"

# Every return counts: the examples' 12 returns of 10 cases.
run table --db nt.db --rows mechanism --count returns --format json
expect_code 0 "returns as json"
printf '%s' "$OUT" | python3 -c '
import json, sys
t = json.load(sys.stdin)
assert t["unit"] == "returns" and t["n"] == 12 and t["cases"] == 10, t
assert t["title"] == "Returns by return mechanism, N = 12 returns in 10 cases", t["title"]' || fail "returns json: $OUT"

# Under --suppress N the number of cases is withheld when it is below N.
run table --db nt.db --rows harm --count harms --suppress 10 --format json
expect_code 0 "harms --suppress 10"
printf '%s' "$OUT" | python3 -c '
import json, sys
t = json.load(sys.stdin)
assert t["cases"] is None and "cases" not in t["title"], t["title"]' || fail "cases below N shown: $OUT"

# --- What cannot be counted honestly: a usage error that says why.
run table --db nt.db --rows harm --cols mechanism --count harms
expect_code 2 "harm x mechanism --count harms"
expect_err "casebook: error: --cols mechanism with --count harms: mechanism is a value of a return, and a record links a harm to no particular return; count cases (the default: cases that have both) or returns" "harm x mechanism --count harms"
run table --db nt.db --rows leg_country --count returns
expect_code 2 "leg_country --count returns"
run table --db nt.db --rows harm --count people
expect_code 2 "--count people"

finish
