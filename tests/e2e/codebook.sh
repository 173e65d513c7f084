# casebook codebook: generated from the same model as the package, so every
# column of every package file is in it with the same type, and every coded
# column lists its values with their meanings (the derivation rules for the
# derived ones, the schema's words for the recorded ones).
. "$(dirname "$0")/lib.bash"
export CASEBOOK_USER=R01

run codebook --format json
expect_code 0 "codebook --format json"
printf '%s\n' "$OUT" > codebook.json
run init --db a.db
run import --db a.db "$SOURCE_DIR/examples/northern-triangle"
run export --db a.db --format package pkg
python3 - <<'PY' || fail "codebook and package disagree (above)"
import json
book = {t["name"]: t for t in json.load(open("codebook.json"))["tables"]}
pkg = json.load(open("pkg/datapackage.json"))
assert sorted(book) == sorted(r["name"] for r in pkg["resources"])
for r in pkg["resources"]:
    cols = {c["name"]: c for c in book[r["name"]]["columns"]}
    assert [c["name"] for c in book[r["name"]]["columns"]] == [f["name"] for f in r["schema"]["fields"]], r["name"]
    assert book[r["name"]]["primary_key"] == r["schema"]["primaryKey"]
    for f in r["schema"]["fields"]:
        c = cols[f["name"]]
        assert c["type"] == f["type"], (r["name"], f["name"])
        assert [v["value"] for v in c["values"]] == f.get("constraints", {}).get("enum", []), (r["name"], f["name"])
        assert all(v["meaning"] for v in c["values"]), (r["name"], f["name"])
        assert c["description"], (r["name"], f["name"])
outcome = {v["value"]: v["meaning"] for v in next(c for c in book["cases"]["columns"] if c["name"] == "outcome")["values"]}
assert outcome["killed"] == "any harm killed, or situation deceased", outcome["killed"]
mech = {v["value"]: v["meaning"] for v in next(c for c in book["returns"]["columns"] if c["name"] == "mechanism")["values"]}
assert mech["voluntary_return"] == "a return without an order", mech
sens = sorted(c["name"] for t in book.values() for c in t["columns"] if c["sensitive"])
assert sens == ["narrative", "notes", "origin_locality", "pseudonym", "reference"], sens
PY

run codebook --format csv
expect_code 0 "codebook --format csv"
expect_out_contains 'returns,mechanism,string,no,no,"How the person was returned (unknown = asked, not known)",voluntary_return,a return without an order'
expect_out_contains 'harms,harm_no,integer,yes,no,Position of the harm in the case'
run codebook
expect_code 0 "codebook (markdown)"
expect_out_contains "## harms"
expect_out_contains '| `pseudonym` (sensitive) | string |'
expect_out_contains '`killed`: any harm killed, or situation deceased'
run codebook --format xml
expect_code 2 "an unknown format"
finish
