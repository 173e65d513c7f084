# query --sql's sub-record views (legs_v, returns_v, harms_v, sources_v) as
# an analyst uses them: one row per leg, return, harm and source of the cases
# tables count (no refused consent, no rejected or deleted case), no
# sensitive column, typed columns, listable with sqlite_schema and
# pragma_table_info, and the README's three analyst queries.
. "$(dirname "$0")/lib.bash"
EX=$SOURCE_DIR/examples/northern-triangle
export CASEBOOK_USER=R01 CASEBOOK_DB=v.db

run init
run import "$EX"
python3 - "$EX" <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + "/sv-002.json")); d["id"] = "refused-1"; d["consent"] = {"obtained": False}
e = json.load(open(sys.argv[1] + "/sv-003.json")); e["id"] = "rejected-1"
f = json.load(open(sys.argv[1] + "/gt-001.json")); f["id"] = "deleted-1"
open("more.jsonl", "w").write("".join(json.dumps(x) + "\n" for x in (d, e, f)))
PY
run import more.jsonl
CASEBOOK_USER=R02 run review rejected-1 --reject --note "no source"
run delete deleted-1
expect_code 0 "setup"

# Row counts: the consented, live, unrejected cases' sub-records.
counts=$(python3 - "$EX" <<'PY'
import glob, json, sys
rs = [json.load(open(f)) for f in sorted(glob.glob(sys.argv[1] + "/*.json"))]
rs = [r for r in rs if r.get("consent", {}).get("obtained") is not False and r.get("status") != "rejected"]
print(sum(len(r.get("journey", [])) for r in rs), sum(len(r.get("returns", [])) for r in rs),
      sum(len(r.get("after_return", {}).get("harms", [])) for r in rs), sum(len(r.get("sources", [])) for r in rs))
PY
)
run query --sql "SELECT (SELECT count(*) FROM legs_v) || ' ' || (SELECT count(*) FROM returns_v) || ' ' || (SELECT count(*) FROM harms_v) || ' ' || (SELECT count(*) FROM sources_v) AS n" --format tsv
expect_code 0 "counting the sub-record views"
expect_out "n
$counts" "one row per leg, return, harm and source of the counted cases"
for view in legs_v returns_v harms_v sources_v; do
    run query --sql "SELECT count(*) AS n FROM $view WHERE case_id IN ('refused-1', 'rejected-1', 'deleted-1')" --format tsv
    expect_out "n
0" "$view holds no refused, rejected or deleted case"
done
run query --sql "SELECT count(DISTINCT case_id) AS n FROM harms_v WHERE case_id NOT IN (SELECT id FROM cases_v)" --format tsv
expect_out "n
0" "harms_v holds only cases cases_v holds"

# Listing: views and columns; no sensitive column anywhere.
run query --sql "SELECT group_concat(name, ',') AS c FROM pragma_table_info('sources_v')" --format tsv
expect_out "c
case_id,source_id,source_type,source_date,source_date_precision,source_date_first,source_date_last" "sources_v has no reference"
run query --sql "SELECT group_concat(name, ',') AS c FROM pragma_table_info('legs_v')" --format tsv
expect_out "c
case_id,leg_no,country,entered,entered_precision,entered_first,entered_last,role,detained,fear_expressed,sought,procedure,asylum_outcome,represented,decided,decided_precision,decided_first,decided_last"
run query --sql "SELECT count(*) AS n FROM sqlite_schema s, pragma_table_info(s.name) c WHERE c.name IN ('pseudonym', 'locality', 'origin_locality', 'reference', 'narrative', 'notes')" --format tsv
expect_out "n
0" "no view has a sensitive column"
run query --sql "SELECT typeof(same_persecutor) AS t, typeof(harm_no) AS n FROM harms_v WHERE same_persecutor IS NOT NULL LIMIT 1" --format tsv
expect_out "t	n
integer	integer" "booleans and positions are integers"

# The README's analyst queries, with the output it shows.
readme_sql() { awk -v n="$1" '/^casebook query --sql/ { i++; if (i == n) { sub(/^casebook query --sql /, ""); sub(/ --format table$/, ""); print } }' "$SOURCE_DIR/README.md"; }
for n in 2 3 4; do
    sql=$(readme_sql "$n")
    [ -n "$sql" ] || fail "README: no analyst query $n"
    sql=${sql#\'}
    sql=${sql%\'}
    run query --sql "$sql" --format table
    expect_code 0 "README analyst query $n: $sql"
    printf '%s\n' "$OUT" > shown.txt
    python3 -c 'import sys; sys.exit(open(sys.argv[1]).read() not in open(sys.argv[2]).read())' shown.txt "$SOURCE_DIR/README.md" ||
        fail "README analyst query $n: the README does not show its output:"$'\n'"$OUT"
done
run query --sql "SELECT perpetrator, count(*) AS harms FROM harms_v GROUP BY perpetrator ORDER BY harms DESC, perpetrator" --format tsv
expect_out "perpetrator	harms
gang	8
police	3
organized_crime	2
unknown	2
community	1
intimate_partner	1" "harms by perpetrator"

finish
