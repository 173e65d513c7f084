# A coordinator takes a partner's package back: `casebook import FOLDER` of an
# export --format package reads its records.jsonl (the records whole), once
# its SHA-256 matches what datapackage.json gives, and gets the same cases;
# a changed, cut or misplaced records file is refused and nothing is written.
. "$(dirname "$0")/lib.bash"
EX=$SOURCE_DIR/examples/northern-triangle
export CASEBOOK_USER=R01

run init --db a.db
run import --db a.db "$EX"
expect_code 0 "import the examples"
run export --db a.db --format package pkg
expect_code 0 "export a package"

# Every file the descriptor lists carries its size and SHA-256, as sha256sum prints it.
python3 - <<'PY' || fail "sizes and hashes in the descriptor"
import hashlib, json, os, sys
d = json.load(open("pkg/datapackage.json"))
files = [(r["path"], r) for r in d["resources"]] + [(d["casebook"]["records_file"]["path"], d["casebook"]["records_file"])]
for path, r in files:
    data = open(os.path.join("pkg", path), "rb").read()
    assert r["bytes"] == len(data), (path, r["bytes"], len(data))
    assert r["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), path
assert d["casebook"]["records_file"]["path"] == "records.jsonl"
assert sum(1 for _ in open("pkg/records.jsonl")) == 10
PY

# The round trip: the same cases, byte for byte, by the folder or by its descriptor.
for input in pkg pkg/datapackage.json; do
    rm -f b.db
    run init --db b.db
    run import --db b.db "$input"
    expect_code 0 "import $input"
    expect_err "10 records: 10 added, 0 updated, 0 unchanged, 0 rejected" "import $input"
    "$CASEBOOK" export --db a.db 2>/dev/null >a.jsonl
    "$CASEBOOK" export --db b.db 2>/dev/null >b.jsonl
    cmp -s a.jsonl b.jsonl || fail "import $input: the cases differ: $(diff a.jsonl b.jsonl | head -3)"
done
run validate pkg
expect_code 0 "validate a package"
expect_err "10 records: 10 valid, 0 invalid; 0 errors, 0 warnings" "validate a package reads its records"

# A folder holding two packages and a record: each package's records once, the
# descriptors not read as records.
mkdir -p many/one
cp -r pkg many/one/pkg
sed 's/"sv-001"/"sv-902"/' "$EX/sv-001.json" >902.json
"$CASEBOOK" init --db x.db >/dev/null 2>&1
"$CASEBOOK" import --db x.db 902.json >/dev/null 2>&1 || fail "import 902"
"$CASEBOOK" export --db x.db --format package many/two >/dev/null 2>&1 || fail "export many/two"
sed 's/"sv-001"/"sv-901"/' "$EX/sv-001.json" >many/extra.json
run init --db c.db
run import --db c.db many
expect_code 0 "a folder of packages"
expect_err "12 records: 12 added, 0 updated, 0 unchanged, 0 rejected" "a folder of packages"
[ "$(sqlite3 c.db "SELECT group_concat(id, ' ') FROM (SELECT id FROM cases WHERE id LIKE 'sv-90%' ORDER BY id)")" = "sv-901 sv-902" ] ||
    fail "a folder of packages: $(sqlite3 c.db 'SELECT id FROM cases')"

# What a partner's package may not do: refused, named, nothing written.
refused() {
    local name=$1 want=$2
    rm -f d.db
    "$CASEBOOK" init --db d.db >/dev/null 2>&1
    run import --db d.db bad
    expect_code 1 "$name"
    expect_err "casebook: error: $want" "$name"
    [ "$(sqlite3 d.db 'SELECT count(*) FROM history')" = 0 ] || fail "$name: something was written"
}
rm -rf bad && cp -r pkg bad && printf '{}\n' >>bad/records.jsonl
refused "a line added to the records" \
    "bad/datapackage.json: bad/records.jsonl does not match the SHA-256 the package gives for it: it was changed or cut after export"
LANG=es_SV.UTF-8 run import --db d.db bad
expect_err "casebook: error: bad/datapackage.json: bad/records.jsonl no coincide con el SHA-256 que el paquete da para él: lo cambiaron o lo cortaron después de exportarlo" "in Spanish"
rm -rf bad && cp -r pkg bad && head -c 100 pkg/records.jsonl >bad/records.jsonl
refused "the records cut" \
    "bad/datapackage.json: bad/records.jsonl does not match the SHA-256 the package gives for it: it was changed or cut after export"
rm -rf bad && cp -r pkg bad && rm bad/records.jsonl
refused "the records missing" "bad/datapackage.json: the package's records file bad/records.jsonl is missing"
# A link in the package, its hash written to match the file it points at: refused.
rm -rf bad && cp -r pkg bad && cp pkg/records.jsonl elsewhere.jsonl && ln -sf "$PWD/elsewhere.jsonl" bad/records.jsonl
refused "the records a link" "bad/datapackage.json: the package's records file bad/records.jsonl is a link, not a file of the package"
for path in ../a.jsonl /etc/passwd .. ""; do
    rm -rf bad && cp -r pkg bad
    python3 -c '
import json, sys
d = json.load(open("bad/datapackage.json"))
d["casebook"]["records_file"]["path"] = sys.argv[1]
json.dump(d, open("bad/datapackage.json", "w"))' "$path"
    refused "records file '$path'" "bad/datapackage.json: the package's records file is not a file name in its own folder"
done
rm -rf bad && cp -r pkg bad
python3 -c '
import json
d = json.load(open("bad/datapackage.json"))
del d["casebook"]["records_file"]["hash"]
json.dump(d, open("bad/datapackage.json", "w"))'
refused "no hash" "bad/datapackage.json: the package gives no SHA-256 of its records file"

# validate --schema checks the descriptor itself, not the records.
run validate --schema "$SOURCE_DIR/tests/data/tabular-data-package.schema.json" pkg/datapackage.json
expect_code 0 "validate --schema reads datapackage.json itself"
expect_err "1 record: 1 valid, 0 invalid; 0 errors, 0 warnings" "validate --schema reads datapackage.json itself"

finish
