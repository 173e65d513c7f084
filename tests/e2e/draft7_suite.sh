# validate --schema end to end on schemas of the official JSON Schema draft-07
# test suite (Debian's json-schema-test-suite): a boolean schema, $ref to
# definitions, $id changing the base URI, a $ref to the draft-07 meta-schema
# (built in), const, propertyNames and formats.
# Each test's data is written to a file and checked by the built binary: exit
# 0 when the suite calls it valid, 1 when invalid. The whole suite runs in
# tests/unit/schema/draft7_suite_test.cpp; this checks the command line sees the same.
source "$(dirname "$0")/lib.bash"
suite=/usr/share/json-schema-test-suite/tests/draft7
[ -d "$suite" ] || fail "the JSON Schema test suite is missing: install json-schema-test-suite (scripts/deps.sh)"

# Writes <n>.schema.json and <n>-<i>.json for each chosen group, and prints
# "<n> <i> <valid> <what>" for each test. A .json file holding a list is a
# list of records, so data that is a list is written as the one record of one.
python3 - "$suite" >cases.txt <<'EOF' || fail "cannot read the suite"
import json, sys
suite = sys.argv[1]
chosen = [
    ("boolean_schema.json", "boolean schema 'false'"),
    ("boolean_schema.json", "boolean schema 'true'"),
    ("ref.json", "$ref to boolean schema false"),
    ("ref.json", "nested refs"),
    ("ref.json", "Recursive references between schemas"),
    ("definitions.json", "invalid definition"),
    ("const.json", "const with object"),
    ("propertyNames.json", "propertyNames validation"),
    ("propertyNames.json", "propertyNames with boolean schema false"),
    ("optional/format/ipv4.json", "validation of IP addresses"),
    ("optional/format/email.json", "validation of e-mail addresses"),
    ("optional/format/json-pointer.json", "validation of JSON-pointers (JSON String Representation)"),
]
for n, (file, description) in enumerate(chosen):
    groups = [g for g in json.load(open(f"{suite}/{file}")) if g["description"] == description]
    if len(groups) != 1:
        sys.exit(f"{file}: no group {description!r}")
    group = groups[0]
    json.dump(group["schema"], open(f"g{n}.schema.json", "w"), indent=1)
    for i, test in enumerate(group["tests"]):
        data = test["data"]
        json.dump([data] if isinstance(data, list) else data, open(f"g{n}-{i}.json", "w"))
        print(f"g{n} {i} {'valid' if test['valid'] else 'invalid'} {file}: {description}: {test['description']}")
EOF
[ "$(wc -l <cases.txt)" -ge 40 ] || fail "too few cases written: $(wc -l <cases.txt)"

while read -r group i verdict what; do
    run validate --schema "$group.schema.json" "$group-$i.json"
    if [ "$verdict" = valid ]; then
        expect_code 0 "$what (valid)"
    else
        expect_code 1 "$what (invalid)"
    fi
done <cases.txt

# One exact diagnostic of each kind: a keyword that fails without a word
# (propertyNames), a format, a $ref across an $id, and a boolean schema.
run validate --schema g7.schema.json g7-1.json
expect_err "g7-1.json:1:1: error: does not match the schema
1 record: 0 valid, 1 invalid; 1 error, 0 warnings" "propertyNames"
run validate --schema g9.schema.json g9-2.json
expect_err 'g9-2.json:1:1: error: is not an IPv4 address (format "ipv4")
1 record: 0 valid, 1 invalid; 1 error, 0 warnings' "format ipv4"
run validate --schema g4.schema.json g4-1.json
expect_err "g4-1.json:1:90: error: /nodes/0/subtree/nodes/0/value: Value type not permitted by 'type' constraint.
1 record: 0 valid, 1 invalid; 1 error, 0 warnings" "\$ref across \$id"
run validate --schema g0.schema.json g0-0.json
expect_err "g0-0.json:1:1: error: does not match the schema
1 record: 0 valid, 1 invalid; 1 error, 0 warnings" "the schema false"

# A schema refused: a $ref to another document casebook does not fetch, and a cycle.
printf '%s\n' '{"$ref":"http://localhost:1234/integer.json"}' >remote.schema.json
run validate --schema remote.schema.json g0-0.json
expect_code 2 "a remote \$ref"
expect_err_contains 'the schema refers to http://localhost:1234/integer.json, in another document: casebook reads only the schema file itself' "a remote \$ref"
printf '%s\n' '{"$id":"http://x/a/","allOf":[{"$ref":"b.json"}],"definitions":{"b":{"$id":"b.json","not":{"$ref":"http://x/a/"}}}}' >cycle.schema.json
run validate --schema cycle.schema.json g0-0.json
expect_code 2 "a cycle through \$id"
expect_err_contains "the schema's \$ref \"#/definitions/b\" -> \"#\" -> \"#/definitions/b\" leads back to itself without going deeper into the record: checking would never end" "a cycle through \$id"
finish
