# Disclosure control under attack: over the bundled examples, the ICE Seattle
# import and a generated dataset, for every preset and for custom tables at
# thresholds 3, 5 and 10, an attacker's linear program written here
# (attack_lp.py, glpsol; nothing of casebook's solver) over the CSV output pins
# no hidden number and cannot narrow any below the documented rule. Includes
# the two tables of issue 17: El Salvador in `table outcomes --suppress 3` on
# the examples (four 1s with a total of 4), and Pakistan in
# `--rows origin --cols sex --suppress 5` on ICE Seattle (<5, 15, 0, <5 of 17).
source "$(dirname "$0")/lib.bash"
ATTACK="$SOURCE_DIR/tests/e2e/attack_lp.py"
command -v glpsol >/dev/null || { echo "FAIL: glpsol (glpk-utils) is needed" >&2; exit 1; }

# Multi-valued for a table of cases: the case's own multi-valued dimensions, and
# every dimension of a sub-record (a case has several harms, returns and legs).
multi() {
    case "$1" in
    flag | harm | reason | persecutor | failure | transit | tag | verification | perpetrator | harm_year | same_persecutor) echo 1 ;;
    mechanism | returned_from | returned_to | return_year | pending_claim | unaccompanied_minor) echo 1 ;;
    leg_country | leg_role | detained | procedure | asylum_outcome | represented) echo 1 ;;
    *) echo 0 ;;
    esac
}

# attack DB ROWS COLS N MARK [ARGS...]: the table as csv, attacked.
attack() {
    local db=$1 rows=$2 cols=$3 n=$4 mark=$5
    shift 5
    local args=(--rows "$rows")
    [ -n "$cols" ] && args+=(--cols "$cols")
    "$CASEBOOK" table --db "$db" "${args[@]}" --suppress "$n" --mark "$mark" --format csv "$@" >t.csv 2>t.err
    local code=$?
    # Under <N marks a table can be beyond protection: it must then not be printed.
    if [ "$code" = 1 ] && [ "$mark" = below ] && grep -q "cannot be protected" t.err && [ ! -s t.csv ]; then
        return
    fi
    [ "$code" = 0 ] || { fail "table $rows x $cols --suppress $n --mark $mark: exit $code ($(cat t.err))"; return; }
    python3 - "$n" t.csv <<'PY' || fail "table $rows x $cols --suppress $n: a count below N is shown"
import csv, sys
n = int(sys.argv[1])
rows = list(csv.reader(open(sys.argv[2], newline="")))
for r in rows[1:]:
    for v in r[1:]:
        if v.isdigit() and 0 < int(v) < n:
            sys.exit(f"{r[0]}: {v} shown")
PY
    local zeros=0
    case " $* " in *" --suppress-zeros "*) zeros=1 ;; esac
    python3 "$ATTACK" t.csv "$n" "$mark" "$(multi "$rows")" "$(multi "$cols")" "$zeros" >attack.txt 2>attack.err ||
        fail "table --rows $rows --cols $cols --suppress $n --mark $mark: $(cat attack.err)"
}

TABLES="origin:outcome origin:flag origin:harm returned_from:mechanism return_year:outcome origin:sex harm:verification sex:outcome origin: flag: outcome:age_group"

# --- The examples.
"$CASEBOOK" init --db nt.db >/dev/null
for f in "$SOURCE_DIR"/examples/northern-triangle/*.json; do
    "$CASEBOOK" create --db nt.db --from "$f" >/dev/null 2>&1 || fail "create $f"
done
for n in 3 5 10; do
    for t in $TABLES; do
        attack nt.db "${t%%:*}" "${t#*:}" "$n" x
        [ "$n" -ge 3 ] && attack nt.db "${t%%:*}" "${t#*:}" "$n" below
    done
done

# Issue 17's first table: El Salvador's four 1s (total 4) in outcomes --suppress 3.
run table outcomes --db nt.db --format csv --suppress 3
expect_code 0 "outcomes --suppress 3"
SLV=$(printf '%s\n' "$OUT" | grep '^SLV,' | tr -d '\r')
[ "$(printf '%s' "$SLV" | tr -cd 'x' | wc -c)" -ge 4 ] || fail "El Salvador's four small counts are not all hidden: $SLV"
printf '%s\n' "$OUT" >slv.csv
python3 "$ATTACK" slv.csv 3 x 0 0 >slv.txt 2>slv.err || fail "outcomes --suppress 3: $(cat slv.err)"
grep -q '^SLV x killed (x): 1..' slv.txt || fail "the killed cell of El Salvador is not attacked: $(cat slv.txt)"
# Showing <3 and the totals alone (the old rule without its secondary cells):
# the attacker pins every one of El Salvador's cells to 1.
python3 - >old.csv <<'PY'
truth = [["origin", "killed", "disappeared", "physical_harm", "other_harm", "displaced", "remigrated",
          "no_harm_known", "unknown", "total"],
         ["SLV", 1, 0, 1, 1, 0, 0, 0, 1, 4], ["GTM", 0, 1, 1, 1, 0, 0, 0, 0, 3],
         ["HND", 0, 0, 2, 1, 0, 0, 0, 0, 3], ["total", 1, 1, 4, 3, 0, 0, 0, 1, 10]]
for r in truth:
    print(",".join(str(v) if not isinstance(v, int) or not 0 < v < 3 else "<3" for v in r))
PY
if python3 "$ATTACK" old.csv 3 below 0 0 >/dev/null 2>old.err; then
    fail "the attacker does not pin the old <3 display (it should: 1+1+1+1 = 4)"
fi
grep -q 'PINNED: SLV x killed (<3) is 1' old.err || fail "old display: $(cat old.err)"

# --- A generated dataset.
python3 "$SOURCE_DIR/bench/gen.py" --seed 17 --count 600 >gen.jsonl
"$CASEBOOK" init --db gen.db >/dev/null
"$CASEBOOK" import --db gen.db --quiet gen.jsonl >/dev/null 2>&1 || fail "import the generated dataset"
for n in 3 5 10; do
    for t in origin:outcome origin:flag origin:harm returned_from:mechanism return_year:outcome harm:verification; do
        attack gen.db "${t%%:*}" "${t#*:}" "$n" x
    done
done
attack gen.db origin outcome 5 below
attack gen.db origin harm 10 below --suppress-zeros

# --- The ICE Seattle import.
DATA=${ICE_DATA:-$SOURCE_DIR/../shared/data/ice-seattle}
[ -d "$DATA" ] || DATA=/work/shared/data/ice-seattle
if [ -f "$DATA/SeattleAORExpeditedRemovals.csv" ]; then
    CASEBOOK="$CASEBOOK" sh "$SOURCE_DIR/examples/ice-seattle/import.sh" "$DATA" ice.db >/dev/null 2>&1 || fail "ICE import"
    for n in 3 5 10; do
        attack ice.db origin outcome "$n" x
    done
    for t in origin:flag returned_from:mechanism return_year:outcome sex:outcome; do
        attack ice.db "${t%%:*}" "${t#*:}" 5 x
    done
    # Issue 17's second table: Pakistan <5, 15, 0, <5 of 17 by sex.
    run table --db ice.db --rows origin --cols sex --suppress 5 --format csv
    expect_code 0 "ICE origin x sex --suppress 5"
    PAK=$(printf '%s\n' "$OUT" | grep '^PAK,' | tr -d '\r')
    case "$PAK" in
    PAK,x,*) ;;
    *) fail "Pakistan's small counts are not hidden: $PAK" ;;
    esac
    printf '%s\n' "$OUT" >pak.csv
    python3 "$ATTACK" pak.csv 5 x 0 0 >pak.txt 2>pak.err || fail "ICE origin x sex --suppress 5: $(cat pak.err)"
    grep -q '^PAK x female (x)' pak.txt || fail "Pakistan's female cell is not attacked: $(head pak.txt)"
    attack ice.db origin sex 5 below
else
    echo "note: no ICE Seattle data at $DATA: that part is skipped"
fi
finish
