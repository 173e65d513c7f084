# export --format package: the linked tables as a Frictionless Data Package,
# as an analyst and a partner receive it: row counts equal to the records'
# legs, returns and harms, foreign keys that resolve, the same columns from
# any database, consent and redaction as every export, a descriptor that the
# Tabular Data Package schema accepts, files only the owner can read, and a
# folder that is never half-written nor overwritten unasked.
. "$(dirname "$0")/lib.bash"
EX=$SOURCE_DIR/examples/northern-triangle
SCHEMA=$SOURCE_DIR/tests/data/tabular-data-package.schema.json
export CASEBOOK_USER=R01

run init --db a.db
run import --db a.db "$EX"
expect_code 0 "import the examples"
run export --db a.db --format package pkg
expect_code 0 "export a package"
expect_err "export: wrote 10 cases to pkg
export: left out no case" "what the export says"
[ "$(stat -c %a pkg)" = 700 ] || fail "the package folder is $(stat -c %a pkg), not 700"
for f in pkg/*; do
    [ "$(stat -c %a "$f")" = 600 ] || fail "$f is mode $(stat -c %a "$f"), not 600"
done
[ -z "$(ls -A . | grep '^\.casebook')" ] || fail "a staging folder was left behind: $(ls -A)"
expect_files="cases.csv datapackage.json flags.csv harm_sources.csv harms.csv home_failures.csv leg_failures.csv legs.csv persecutors.csv reasons.csv records.jsonl returns.csv situations.csv sources.csv tags.csv"
[ "$(ls pkg | tr '\n' ' ')" = "$expect_files " ] || fail "package files: $(ls pkg | tr '\n' ' ')"

# The descriptor is a valid Tabular Data Package, and the schema can say no.
run validate --schema "$SCHEMA" pkg/datapackage.json
expect_code 0 "datapackage.json against the Tabular Data Package schema"
python3 -c '
import json, sys
d = json.load(open("pkg/datapackage.json"))
d["resources"][2]["schema"]["fields"][0]["type"] = "text"
d["resources"][0]["name"] = "Cases!"
json.dump(d, open("broken.json", "w"))'
run validate --schema "$SCHEMA" broken.json
expect_code 1 "a broken descriptor is refused"
expect_err_contains "/resources/0/name"
expect_err_contains "/resources/2/schema/fields/0/type"

# Counts, keys, types and the honest date bounds, read back from the files.
python3 - "$EX" pkg <<'PY' || fail "package contents (above)"
import csv, glob, json, os, sys
ex, pkg = sys.argv[1], sys.argv[2]
records = [json.load(open(f)) for f in sorted(glob.glob(ex + "/*.json"))]
desc = json.load(open(pkg + "/datapackage.json"))
tables = {}
for r in desc["resources"]:
    with open(os.path.join(pkg, r["path"]), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    names = [x["name"] for x in r["schema"]["fields"]]
    with open(os.path.join(pkg, r["path"]), encoding="utf-8") as f:
        assert f.readline().rstrip("\r\n").split(",") == names, r["name"] + ": header is not the schema's fields"
    tables[r["name"]] = (r, rows)
    for field in r["schema"]["fields"]:
        for row in rows:
            v = row[field["name"]]
            if v == "NA":
                continue
            if field["type"] == "boolean":
                assert v in ("TRUE", "FALSE"), (r["name"], field["name"], v)
            if field["type"] == "integer":
                assert v.lstrip("-").isdigit(), (r["name"], field["name"], v)
            enum = field.get("constraints", {}).get("enum")
            if enum:
                assert v in enum, (r["name"], field["name"], v, enum)
    key = r["schema"]["primaryKey"]
    seen = [tuple(row[k] for k in key) for row in rows]
    assert len(seen) == len(set(seen)), r["name"] + ": primary key repeats"
for name, (r, rows) in tables.items():
    for fk in r["schema"].get("foreignKeys", []):
        target = tables[fk["reference"]["resource"]][1]
        have = {tuple(t[k] for k in fk["reference"]["fields"]) for t in target}
        for row in rows:
            assert tuple(row[k] for k in fk["fields"]) in have, (name, fk, row)
n = lambda name: len(tables[name][1])
assert n("cases") == len(records) == 10
assert n("legs") == sum(len(r.get("journey", [])) for r in records), n("legs")
assert n("returns") == sum(len(r.get("returns", [])) for r in records), n("returns")
assert n("harms") == sum(len(r.get("after_return", {}).get("harms", [])) for r in records), n("harms")
assert n("sources") == sum(len(r.get("sources", [])) for r in records), n("sources")
h = {(row["case_id"], row["harm_no"]): row for row in tables["harms"][1]}
assert h[("gt-001", "1")]["harm_date"] == "2017-05"
assert h[("gt-001", "1")]["harm_date_precision"] == "month"
assert h[("gt-001", "1")]["harm_date_first"] == "2017-05-01"
assert h[("gt-001", "1")]["harm_date_last"] == "2017-05-31"
assert h[("gt-001", "1")]["same_persecutor"] == "TRUE"
assert h[("gt-001", "2")]["same_persecutor"] == "NA"
assert h[("gt-001", "1")]["sources"] == "s1;s2"
c = {row["case_id"]: row for row in tables["cases"][1]}
assert c["gt-001"]["outcome"] == "disappeared" and c["gt-001"]["n_harms"] == "2"
assert c["gt-001"]["pseudonym"] == "Tomás"
PY

# Another database, with other data: the same files and the same columns.
run init --db b.db
run import --db b.db "$EX/sv-001.json"
run export --db b.db --format package other
expect_code 0 "a one-case package"
for f in pkg/*.csv; do
    [ "$(head -1 "$f")" = "$(head -1 "other/${f#pkg/}")" ] || fail "columns of ${f#pkg/} depend on the data"
done
python3 -c '
import json
a = json.load(open("pkg/datapackage.json")); b = json.load(open("other/datapackage.json"))
for d in (a, b):
    d.pop("created"); d.pop("casebook"); d.pop("description")
    for r in d["resources"]:
        r.pop("bytes"); r.pop("hash")
assert a == b, "the descriptors differ"' || fail "two databases, one descriptor"

# Never overwritten unasked; --force replaces an earlier package and nothing else.
before=$(sha256sum pkg/cases.csv)
run export --db b.db --format package pkg
expect_code 3 "an existing folder"
expect_err_contains "pkg already exists: casebook never overwrites"
[ "$(sha256sum pkg/cases.csv)" = "$before" ] || fail "the refused export changed pkg"
run export --db b.db --format package pkg --force
expect_code 0 "--force replaces an earlier package"
[ "$(wc -l < pkg/cases.csv)" = 2 ] || fail "--force did not replace the package"
mkdir mine && echo precious > mine/thesis.txt
run export --db a.db --format package mine --force
expect_code 3 "--force on a folder that is not a package"
expect_err_contains "it holds thesis.txt, which is not part of an export of this format"
[ "$(cat mine/thesis.txt)" = precious ] || fail "--force touched a folder that is not a package"
ln -s mine link
run export --db a.db --format package link --force
expect_code 3 "--force on a symbolic link"
[ -L link ] && [ "$(cat mine/thesis.txt)" = precious ] || fail "--force replaced a symbolic link"
run export --db a.db --format package a.db --force
expect_code 2 "the database as the folder"
[ -f a.db ] || fail "the database was replaced"
run export --db a.db --format package
expect_code 2 "no folder named"
run export --db a.db --format csv pkg
expect_code 2 "a folder for a one-file format"
run export --db a.db --format package p2 --out x.csv
expect_code 2 "--out with a folder format"
run export --db a.db --format package nowhere/p
expect_code 3 "a folder in a missing folder"
[ -z "$(ls -A . | grep '^\.casebook')" ] || fail "a staging folder was left behind: $(ls -A)"

# Consent and redaction as every export: an aggregate-only case never leaves
# as a record with --redact, sensitive columns are gone, dates cut to the month.
python3 - "$EX" <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + "/sv-002.json")); d["id"] = "agg"; d["consent"] = {"obtained": True, "scope": "aggregate_only"}
e = json.load(open(sys.argv[1] + "/sv-003.json")); e["id"] = "refused"; e["consent"] = {"obtained": False}
open("more.jsonl", "w").write(json.dumps(d) + "\n" + json.dumps(e) + "\n")
PY
run import --db a.db more.jsonl
run export --db a.db --format package shared --redact
expect_code 0 "a redacted package"
expect_err_contains "export --redact: left out 4 cases: 1 whose consent was refused or withdrawn (counted nowhere), 3 whose consent"
grep -q '^agg,' shared/cases.csv && fail "an aggregate-only case left as a record"
grep -q '^refused,' shared/cases.csv && fail "a refused case left as a record"
for word in pseudonym origin_locality narrative notes reference; do
    grep -q "$word" shared/*.csv && fail "the redacted package has the sensitive column $word"
done
grep -q 'Tomás' shared/*.csv && fail "a pseudonym is in the redacted package"
python3 -c '
import csv, json
d = json.load(open("shared/datapackage.json"))
assert d["casebook"]["redacted"] is True and d["casebook"]["left_out"]["total"] == 4 and d["casebook"]["records"] == 8, d["casebook"]
rows = list(csv.DictReader(open("shared/harms.csv")))
assert rows and all(r["harm_date_precision"] in ("month", "year", "NA") for r in rows), "a day survived redaction"' || fail "redacted descriptor and dates"
run validate --schema "$SCHEMA" shared/datapackage.json
expect_code 0 "the redacted descriptor is valid"
run export --db a.db --format package team
expect_err_contains "export: left out 1 case"
grep -q '^agg,' team/cases.csv || fail "the research team's package lacks the aggregate-only case"

finish
