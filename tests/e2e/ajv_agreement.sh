# An outside draft-07 validator (ajv 8, from npm, installed into the build folder,
# never committed) must reach the same verdict as casebook on the schema-level part
# of every example and invalid example. Exit 77 (skipped) when node, npm or the
# npm registry is unavailable.
set -u
: "${CASEBOOK:?set CASEBOOK to the built binary}"
: "${SOURCE_DIR:?set SOURCE_DIR to the source tree}"
BUILD=$(cd "$(dirname "$CASEBOOK")" && pwd)
AJV="$BUILD/ajv"

for tool in node npm python3; do
    command -v "$tool" >/dev/null || { echo "skipped: $tool is not installed (apt-get install nodejs npm)"; exit 77; }
done
if [ ! -f "$AJV/node_modules/ajv/package.json" ]; then
    mkdir -p "$AJV"
    if ! npm install --prefix "$AJV" --no-audit --no-fund --silent ajv@8 >"$AJV/npm.log" 2>&1; then
        echo "skipped: cannot install ajv@8 from the npm registry (see $AJV/npm.log)"
        exit 77
    fi
fi

FILES=()
for dir in northern-triangle invalid; do
    for f in "$SOURCE_DIR/examples/$dir"/*.json "$SOURCE_DIR/examples/$dir"/*.jsonl; do
        [ -e "$f" ] && FILES+=("$f")
    done
done
[ "${#FILES[@]}" -gt 0 ] || { echo "FAIL: no example files found" >&2; exit 1; }

node "$SOURCE_DIR/tests/external/ajv-check.js" "$AJV" "$SOURCE_DIR/schemas/case.schema.json" "${FILES[@]}" >"$BUILD/ajv-verdicts.jsonl" ||
    { echo "FAIL: ajv-check.js failed" >&2; exit 1; }

python3 - "$CASEBOOK" "$BUILD/ajv-verdicts.jsonl" <<'PY'
import json, subprocess, sys
casebook, verdicts = sys.argv[1], sys.argv[2]
# Codes of checks JSON Schema cannot express: left out of the comparison.
CROSS_FIELD = {"date_order", "unknown_source", "duplicate_source_id", "killed_situation", "complete_requires",
               "invalid_date", "minor_traveled_with", "duplicate_id", "syntax"}
failures = checked = invalid = 0
for line in open(verdicts):
    v = json.loads(line)
    where = f"{v['file']} record {v['index']}"
    if v["valid"] is None:  # not JSON: casebook must say so too, with a syntax error
        r = subprocess.run([casebook, "validate", "--format", "json", v["file"]], capture_output=True, text=True)
        codes = {d["code"] for d in json.loads(r.stdout)["diagnostics"]}
        if codes != {"syntax"}:
            print(f"FAIL: {where}: ajv cannot parse it, casebook reports {sorted(codes)}", file=sys.stderr)
            failures += 1
        continue
    # One record at a time on stdin, so that ids cannot collide across files.
    r = subprocess.run([casebook, "validate", "--format", "json", "-"], input=v["text"], capture_output=True, text=True)
    if r.returncode not in (0, 1):
        print(f"FAIL: {where}: casebook exited {r.returncode}: {r.stderr}", file=sys.stderr)
        failures += 1
        continue
    schema_level = [d for d in json.loads(r.stdout)["diagnostics"] if d["code"] not in CROSS_FIELD and d["severity"] == "error"]
    casebook_valid = not schema_level
    checked += 1
    invalid += 0 if v["valid"] else 1
    if casebook_valid != v["valid"]:
        failures += 1
        print(f"FAIL: {where}: ajv says {'valid' if v['valid'] else 'invalid'} {v['errors']}, "
              f"casebook says {'valid' if casebook_valid else 'invalid'} {[(d['pointer'], d['code']) for d in schema_level]}",
              file=sys.stderr)
if failures:
    print(f"{failures} disagreement(s)", file=sys.stderr)
    sys.exit(1)
print(f"ajv and casebook agree on {checked} records ({invalid} invalid at the schema level)")
PY
