# Table output an analyst loads without cleaning (issue 17): a value named
# "total" never reads as the totals; --format json carries the numbers as flat
# records ("cells") beside the nested form; rejected cases counted because
# --where asked for them are named in a note, as drafts are.
source "$(dirname "$0")/lib.bash"
export CASEBOOK_DB="$WORK/nt.db"
"$CASEBOOK" init >/dev/null 2>&1
for f in "$SOURCE_DIR"/examples/northern-triangle/*.json; do
    "$CASEBOOK" create --from "$f" >/dev/null 2>&1 || fail "create $f"
done
# A case tagged "total" (a free label may be any word).
python3 - "$SOURCE_DIR/examples/northern-triangle/sv-002.json" >total.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["id"], d["tags"] = "sv-902", ["total"]
print(json.dumps(d))
PY
run create --from total.json
expect_code 0 "create the case tagged total"

# --- csv: the totals row reads "(total)", the case's own tag "total".
run table --rows tag --format csv --where tag=total
expect_code 0 "tag table"
expect_out "$(printf '%s\r\n' 'tag,cases' 'total,1' '(total),1')" "a tag named total in csv"
run table --rows origin --cols tag --where tag=total --format csv
expect_out "$(printf '%s\r\n' 'origin,total,(total)' 'SLV,1,1' 'total,1,1')" "a column named total in csv"
run table --rows origin --cols tag --where tag=total --format markdown
expect_out "$(printf '%s\n' \
    'Cases by country of origin and tag, N = 1' '' \
    '| Country of origin | total | (Total) |' '|---|---:|---:|' '| El Salvador | 1 | 1 |' '| Total | 1 | 1 |' '' \
    'Note: Only cases where tag=total.' '' \
    'Note: A case counts once under each tag it has: the columns need not add up to the totals, and percentages are shares of cases.' '' \
    'Note: The totals column is labelled "(Total)": a tag is named "total".')" "a column named total in markdown"
# Without such a value, nothing changes.
run table --rows origin --format csv
expect_out "$(printf '%s\r\n' 'origin,cases' 'SLV,5' 'GTM,3' 'HND,3' 'total,11')" "no value named total"

# --- json: flat cells that pandas.DataFrame(t["cells"]) loads as they are.
run table outcomes --format json --suppress 3
expect_code 0 "outcomes json"
printf '%s' "$OUT" | python3 -c '
import json, sys
t = json.load(sys.stdin)
cells = t["cells"]
assert len(cells) == 4 * 9, len(cells)
assert set(cells[0]) == {"row", "col", "count", "shown", "suppressed", "percent"}, cells[0]
slv = {c["col"]: c for c in cells if c["row"] == "SLV"}
assert slv["killed"] == {"row": "SLV", "col": "killed", "count": None, "shown": "x", "suppressed": "primary", "percent": None}, slv["killed"]
assert slv["disappeared"]["count"] == 0 and slv["disappeared"]["suppressed"] is None
grand = [c for c in cells if c["row"] is None and c["col"] is None]
assert len(grand) == 1 and grand[0]["shown"] == ("x" if grand[0]["count"] is None else str(grand[0]["count"])), grand
run = [c for c in cells if c["row"] == "HND" and c["col"] is None]
assert len(run) == 1, run
' || fail "json cells: $OUT"

# --- Three dimensions (--by): one table per value, titled, protected as one set.
run table outcomes --by sex --format markdown
expect_code 0 "outcomes --by sex"
printf '%s\n' "$OUT" | grep -qx 'Cases by country of origin and post-return outcome (sex: female), N = 5' ||
    fail "the female slice's title: $OUT"
printf '%s\n' "$OUT" | grep -qx 'Cases by country of origin and post-return outcome (sex: male), N = 6' ||
    fail "the male slice's title: $OUT"
run table outcomes --by sex --format long
expect_code 0 "outcomes --by sex --format long"
printf '%s\n' "$OUT" | head -1 | tr -d '\r' | grep -qx 'sex,row,col,count,shown,suppressed,percent' || fail "long --by header: $OUT"
# The slices add up to the table of all cases (sex is single-valued, every example has one).
"$CASEBOOK" table outcomes --format long >all.csv
printf '%s\n' "$OUT" >by.csv
python3 - <<'PY' || fail "the --by slices do not add up to the whole table"
import csv
whole = {(r["row"], r["col"]): int(r["count"]) for r in csv.DictReader(open("all.csv", newline=""))}
sums = {}
for r in csv.DictReader(open("by.csv", newline="")):
    sums[(r["row"], r["col"])] = sums.get((r["row"], r["col"]), 0) + int(r["count"])
assert all(sums.get(k, 0) == n for k, n in whole.items()), (whole, sums)
PY
# Each slice under --suppress 3 and 5 holds against the attacker's linear program (attack_lp.py).
for n in 3 5; do
    run table outcomes --by sex --suppress "$n" --format long
    expect_code 0 "--by sex --suppress $n"
    printf '%s\n' "$OUT" >by.csv
    python3 - <<'PY'
import csv
rows = list(csv.DictReader(open("by.csv", newline="")))
for value in dict.fromkeys(r["sex"] for r in rows):
    part = [r for r in rows if r["sex"] == value]
    cols = list(dict.fromkeys(r["col"] for r in part if r["col"]))
    lines = list(dict.fromkeys(r["row"] for r in part if r["row"]))
    shown = {(r["row"], r["col"]): r["shown"] for r in part}
    with open(f"slice-{value}.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["origin"] + cols + ["total"])
        for line in lines + [""]:
            w.writerow([line or "total"] + [shown[(line, c)] for c in cols] + [shown[(line, "")]])
PY
    for f in slice-*.csv; do
        python3 "$SOURCE_DIR/tests/e2e/attack_lp.py" "$f" "$n" x 0 0 0 >attack.txt 2>attack.err ||
            fail "--by sex --suppress $n, $f: $(cat attack.err)"
    done
    rm -f slice-*.csv
done
run table outcomes --by origin --format markdown
expect_code 2 "--by the rows' dimension"
expect_err "casebook: error: --by origin: the table is already by origin; choose a third dimension" "--by origin"
run table outcomes --by leg_country --format markdown
expect_code 2 "--by a leg dimension"
run table outcomes --by sex --format csv
expect_code 2 "--by in csv"

# --- Rejected cases: left out and counted in a note; named when asked for.
run review sv-001 --reject --note "duplicate of sv-902" --reviewer lead
expect_code 0 "reject sv-001"
run table outcomes --format markdown
printf '%s\n' "$OUT" | grep -qx 'Note: Left out 1 case: 1 rejected in review (--where status=rejected shows them).' ||
    fail "the rejected case's note: $OUT"
printf '%s\n' "$OUT" | grep -q '^| Total | 0 |' || fail "the rejected killing counted: $OUT"
run table outcomes --format markdown --where status=rejected,complete
printf '%s\n' "$OUT" | grep -qx 'Note: Includes 1 case rejected in review, as the --where condition on status asks for them.' ||
    fail "the note of rejected cases asked for: $OUT"
run table --rows harm --cols verification --format markdown --where status=rejected,complete
printf '%s\n' "$OUT" | grep -qx 'Note: Includes 1 case rejected in review, as the --where condition on status asks for them.' ||
    fail "the note of rejected cases asked for, reading documents: $OUT"

finish
