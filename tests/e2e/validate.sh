# casebook validate end to end: the examples, every invalid example (exact stderr
# and exit code), the JSON report, stdin, usage and I/O errors, --schema, and
# casebook schema. Runs in a private folder holding a copy of examples/, so
# diagnostics name files as a user would (examples/invalid/...).
source "$(dirname "$0")/lib.bash"
cp -R "$SOURCE_DIR/examples" "$WORK/examples"

# --- The bundled dataset is valid -------------------------------------------
# A file a folder holds that is not read is named, before the diagnostics.
NT_NOTE="examples/northern-triangle/README.md: note: not read: casebook reads .json, .jsonl and .ndjson files"
run validate examples/northern-triangle
expect_code 0 "northern-triangle"
expect_out "" "northern-triangle"
expect_err "$NT_NOTE"$'\n'"10 records: 10 valid, 0 invalid; 0 errors, 0 warnings" "northern-triangle"

run validate examples/northern-triangle/sv-001.json
expect_code 0 "one valid file"
expect_err "1 record: 1 valid, 0 invalid; 0 errors, 0 warnings" "one valid file"

# --- Every invalid example: exact stderr and exit code ------------------------
declare -A EXPECTED
EXPECTED[bad-day.json]='examples/invalid/bad-day.json:50:20: error: /journey/2/asylum/decided: "2018-02-30" is not a day of the calendar: check the day and month'
EXPECTED[complete-without-returns.json]='examples/invalid/complete-without-returns.json:1:1: error: /returns: a case with status "complete" needs at least one return; keep status "draft" until it has it'
EXPECTED[country-name.json]='examples/invalid/country-name.json:17:16: error: /origin/country: "El Salvador" is not an ISO 3166-1 alpha-3 country code; did you mean "SLV" (El Salvador)?'
EXPECTED[duplicate-ids.jsonl]='examples/invalid/duplicate-ids.jsonl:2:28: error: /id: id "dup-001" is already used by the record at examples/invalid/duplicate-ids.jsonl:1: every case needs its own id'
EXPECTED[duplicate-source-id.json]='examples/invalid/duplicate-source-id.json:85:13: error: /sources/1/id: source id "s1" is used twice in this case: give each source its own id'
EXPECTED[flight-after-entry.json]='examples/invalid/flight-after-entry.json:31:18: error: /journey/0/entered: "2017-09-12" is before /flight/date ("2017-10"), but the flight must come before entering the first country of the journey'
EXPECTED[harm-before-return.json]='examples/invalid/harm-before-return.json:66:17: error: /after_return/harms/0/date: "2018-01-25" is before /returns/0/date ("2018-02-06"), but harms after return must be dated on or after the first return'
EXPECTED[key-typo.json]='examples/invalid/key-typo.json:11:18: error: /person/psuedonym: unknown field "psuedonym"; did you mean "pseudonym"? fields allowed here: pseudonym, sex, birth_year, age_at_flight, traveled_with'
EXPECTED[killed-at-home.json]='examples/invalid/killed-at-home.json:86:7: error: /after_return/situation/0: a harm says the person was killed, but the situation says "at_home": use "deceased" or correct the harm'
EXPECTED[lowercase-country.json]='examples/invalid/lowercase-country.json:35:18: error: /journey/1/country: "mex" is not an ISO 3166-1 alpha-3 country code; did you mean "MEX"? (codes are upper case)'
EXPECTED[mechanism-typo.json]='examples/invalid/mechanism-typo.json:59:20: error: /returns/0/mechanism: "expidited_removal" is not a valid return mechanism; did you mean "expedited_removal"? allowed: expedited_removal, removal, assisted_return, administrative_removal, reinstatement, expulsion, mpp_return, voluntary_return, deportation, self_return, aca_transfer, other, unknown, voluntary_departure, assisted_voluntary_return'
EXPECTED[minor-no-traveled-with.json]='examples/invalid/minor-no-traveled-with.json:13:22: warning: /person/age_at_flight: the person was a minor at flight: record who they traveled with (person.traveled_with), or "unknown"'
EXPECTED[missing-id.json]="examples/invalid/missing-id.json:1:1: error: /id: required field \"id\" is missing (Case identifier, unique in the database: letters, digits, '.', '_' or '-', starting with a letter or digit, at most 64 characters (e.g. sv-001))"
EXPECTED[month-13.json]='examples/invalid/month-13.json:82:15: error: /sources/0/date: "2018-13-02" is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2017, 2017-03 or 2017-03-09)'
EXPECTED[syntax-error.json]="examples/invalid/syntax-error.json:12:5: error: expected ',' or '}' after the value of \"pseudonym\", found '\"' (a missing comma?)"
EXPECTED[unknown-source.json]='examples/invalid/unknown-source.json:70:11: error: /after_return/harms/0/sources/0: source "s9" is not listed in /sources (listed: s1): add it there or correct the id'
EXPECTED[wrong-type.json]='examples/invalid/wrong-type.json:33:19: error: /journey/0/detained: expected true or false, found a string'

ONE_INVALID="1 record: 0 valid, 1 invalid; 1 error, 0 warnings"
for path in examples/invalid/*.json examples/invalid/*.jsonl; do
    name=$(basename "$path")
    [ -n "${EXPECTED[$name]+set}" ] || { fail "$name: no expected output in validate.sh (a new invalid example?)"; continue; }
    run validate "$path"
    expect_out "" "$name"
    case "$name" in
    minor-no-traveled-with.json)
        expect_code 0 "$name (a warning only)"
        expect_err "${EXPECTED[$name]}"$'\n'"1 record: 1 valid, 0 invalid; 0 errors, 1 warning" "$name"
        ;;
    duplicate-ids.jsonl)
        expect_code 1 "$name"
        expect_err "${EXPECTED[$name]}"$'\n'"2 records: 1 valid, 1 invalid; 1 error, 0 warnings" "$name"
        ;;
    *)
        expect_code 1 "$name"
        expect_err "${EXPECTED[$name]}"$'\n'"$ONE_INVALID" "$name"
        ;;
    esac
done
[ "${#EXPECTED[@]}" = "$(ls examples/invalid/*.json examples/invalid/*.jsonl | wc -l)" ] ||
    fail "validate.sh expects ${#EXPECTED[@]} invalid examples, the folder has $(ls examples/invalid/*.json* | wc -l)"

# The whole folder: every file's diagnostics, in file name order, then one summary.
ALL=""
for path in examples/invalid/*.json examples/invalid/*.jsonl; do
    ALL+="$(basename "$path")"$'\n'
done
ALL_EXPECTED="examples/invalid/README.md: note: not read: casebook reads .json, .jsonl and .ndjson files"$'\n'
for name in $(printf '%s' "$ALL" | LC_ALL=C sort); do
    ALL_EXPECTED+="${EXPECTED[$name]}"$'\n'
done
ALL_EXPECTED+="18 records: 2 valid, 16 invalid; 16 errors, 1 warning"
run validate examples/invalid
expect_code 1 "examples/invalid"
expect_out "" "examples/invalid"
expect_err "$ALL_EXPECTED" "examples/invalid"

# The README of examples/invalid shows this output verbatim.
README_BLOCK=$(awk '/^<!-- validate-output -->$/ {on = 1; next} on && /^```text$/ {inblock = 1; next} inblock && /^```$/ {exit} inblock {print}' \
    examples/invalid/README.md)
[ "$README_BLOCK" = "\$ casebook validate examples/invalid"$'\n'"$ALL_EXPECTED" ] ||
    fail "examples/invalid/README.md: the output block differs from what casebook prints:"$'\n'"$README_BLOCK"

# Both datasets at once: ids are unique across them.
run validate examples/northern-triangle examples/invalid
expect_code 1 "both folders"
expect_err_contains "28 records: 12 valid, 16 invalid; 16 errors, 1 warning" "both folders"

# The same case twice in one run: the duplicate id is reported at the second.
run validate examples/northern-triangle/sv-001.json examples/northern-triangle
expect_code 1 "a file given twice"
expect_err "$NT_NOTE"$'\n'"examples/northern-triangle/sv-001.json:3:9: error: /id: id \"sv-001\" is already used by the record at examples/northern-triangle/sv-001.json:3: every case needs its own id"$'\n'"11 records: 10 valid, 1 invalid; 1 error, 0 warnings" "a file given twice"

# --- --format json ------------------------------------------------------------
run validate examples/invalid --format json
expect_code 1 "json report"
expect_err "" "json report"
printf '%s\n' "$OUT" >report.json
python3 - report.json <<'PY' || fail "json report: fields differ (see above)"
import json, sys
report = json.load(open(sys.argv[1]))
expected_totals = {"records": 18, "valid": 2, "invalid": 16, "errors": 16, "warnings": 1}
ok = True
for key, value in expected_totals.items():
    if report.get(key) != value:
        print(f"json report: {key} = {report.get(key)!r}, expected {value}", file=sys.stderr)
        ok = False
expected = [
    ("bad-day.json", 50, 20, "/journey/2/asylum/decided", "invalid_date", "error"),
    ("complete-without-returns.json", 1, 1, "/returns", "complete_requires", "error"),
    ("country-name.json", 17, 16, "/origin/country", "enum", "error"),
    ("duplicate-ids.jsonl", 2, 28, "/id", "duplicate_id", "error"),
    ("duplicate-source-id.json", 85, 13, "/sources/1/id", "duplicate_source_id", "error"),
    ("flight-after-entry.json", 31, 18, "/journey/0/entered", "date_order", "error"),
    ("harm-before-return.json", 66, 17, "/after_return/harms/0/date", "date_order", "error"),
    ("key-typo.json", 11, 18, "/person/psuedonym", "additional_property", "error"),
    ("killed-at-home.json", 86, 7, "/after_return/situation/0", "killed_situation", "error"),
    ("lowercase-country.json", 35, 18, "/journey/1/country", "enum", "error"),
    ("mechanism-typo.json", 59, 20, "/returns/0/mechanism", "enum", "error"),
    ("minor-no-traveled-with.json", 13, 22, "/person/age_at_flight", "minor_traveled_with", "warning"),
    ("missing-id.json", 1, 1, "/id", "required", "error"),
    ("month-13.json", 82, 15, "/sources/0/date", "pattern", "error"),
    ("syntax-error.json", 12, 5, "", "syntax", "error"),
    ("unknown-source.json", 70, 11, "/after_return/harms/0/sources/0", "unknown_source", "error"),
    ("wrong-type.json", 33, 19, "/journey/0/detained", "type", "error"),
]
got = []
for d in report.get("diagnostics", []):
    if set(d) != {"file", "line", "column", "pointer", "code", "severity", "message", "record_id", "record_index"}:
        print(f"json report: diagnostic fields {sorted(d)}", file=sys.stderr)
        ok = False
    if not d.get("message"):
        print(f"json report: empty message in {d}", file=sys.stderr)
        ok = False
    got.append((d["file"].removeprefix("examples/invalid/"), d["line"], d["column"], d["pointer"], d["code"], d["severity"]))
if got != expected:
    print("json report: diagnostics differ:", file=sys.stderr)
    for g, e in zip(got + [None] * len(expected), expected + [None] * len(got)):
        if g != e:
            print(f"  got {g}\n  expected {e}", file=sys.stderr)
    ok = False
# Each diagnostic names its record: the id (null where there is none to read)
# and the record's place in its file, counted from 0.
records = [(d["file"].removeprefix("examples/invalid/"), d["record_id"], d["record_index"]) for d in report["diagnostics"]]
for want in [("duplicate-ids.jsonl", "dup-001", 1), ("missing-id.json", None, 0), ("syntax-error.json", None, 0),
             ("bad-day.json", "inv-bad-day", 0)]:
    if want not in records:
        print(f"json report: no diagnostic names record {want}: {records}", file=sys.stderr)
        ok = False
if report.get("skipped") != ["examples/invalid/README.md"]:
    print(f"json report: skipped = {report.get('skipped')!r}", file=sys.stderr)
    ok = False
by_file = {d["file"]: d for d in report["diagnostics"]}
if by_file["examples/invalid/country-name.json"]["message"] != '"El Salvador" is not an ISO 3166-1 alpha-3 country code; did you mean "SLV" (El Salvador)?':
    print("json report: message of country-name.json differs", file=sys.stderr)
    ok = False
sys.exit(0 if ok else 1)
PY

run validate examples/northern-triangle --format json
expect_code 0 "json report, valid"
expect_err "" "json report, valid"
printf '%s\n' "$OUT" >valid.json
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
sys.exit(0 if r == {"records": 10, "valid": 10, "invalid": 0, "errors": 0, "warnings": 0, "diagnostics": [],
                    "skipped": ["examples/northern-triangle/README.md"]} else 1)
' valid.json || fail "json report, valid: $OUT"

run validate examples/northern-triangle --format xml
expect_code 2 "--format xml"
expect_out "" "--format xml"
expect_err_contains "xml" "--format xml"

# --- stdin ----------------------------------------------------------------------
run_in "$(cat examples/invalid/wrong-type.json)" validate -
expect_code 1 "stdin, one JSON document"
expect_err '<stdin>:33:19: error: /journey/0/detained: expected true or false, found a string'$'\n'"$ONE_INVALID" "stdin, one JSON document"

run_in "$(cat examples/invalid/duplicate-ids.jsonl)" validate -
expect_code 1 "stdin, JSON Lines"
expect_err '<stdin>:2:28: error: /id: id "dup-001" is already used by the record at <stdin>:1: every case needs its own id'$'\n'"2 records: 1 valid, 1 invalid; 1 error, 0 warnings" "stdin, JSON Lines"

run_in "$(cat examples/northern-triangle/sv-002.json)" validate
expect_code 0 "stdin without -, off a terminal"
expect_err "1 record: 1 valid, 0 invalid; 0 errors, 0 warnings" "stdin without -"

run_in "$(cat examples/northern-triangle/gt-001.json)" validate examples/northern-triangle/sv-001.json - examples/invalid/minor-no-traveled-with.json
expect_code 0 "stdin among files"
expect_err "examples/invalid/minor-no-traveled-with.json:13:22: warning: /person/age_at_flight: the person was a minor at flight: record who they traveled with (person.traveled_with), or \"unknown\""$'\n'"3 records: 3 valid, 0 invalid; 0 errors, 1 warning" "stdin among files"

run_in "" validate -
expect_code 1 "empty stdin"
expect_err "<stdin>:1:1: error: unexpected end of input: a value is missing (is the file truncated?)"$'\n'"$ONE_INVALID" "empty stdin"

# --- I/O and usage errors --------------------------------------------------------
run validate nope.json
expect_code 3 "missing file"
expect_out "" "missing file"
expect_err "casebook: error: cannot read nope.json: no such file or folder" "missing file"

run validate examples/northern-triangle/sv-001.json nope.json
expect_code 3 "a missing file after a valid one"
expect_err_contains "casebook: error: cannot read nope.json: no such file or folder" "a missing file after a valid one"

# A reviewer's script reading --format json still gets a report: the missing
# input is a diagnostic of its own (code unreadable), the rest is validated, exit 3.
run validate nope.json examples/invalid/duplicate-ids.jsonl --format json
expect_code 3 "json report with a missing file"
expect_err "" "json report with a missing file"
printf '%s\n' "$OUT" >missing.json
python3 - missing.json <<'PY' || fail "json report with a missing file: $OUT"
import json, sys
r = json.load(open(sys.argv[1]))
assert (r["records"], r["invalid"], r["errors"]) == (2, 1, 2), r
missing = r["diagnostics"][0]
assert missing == {"file": "nope.json", "line": 0, "column": 0, "pointer": "", "severity": "error", "code": "unreadable",
                   "message": "no such file or folder", "record_id": None, "record_index": None}, missing
assert [(d["code"], d["record_id"], d["record_index"]) for d in r["diagnostics"][1:]] == [("duplicate_id", "dup-001", 1)], r
PY
run --lang es validate nope.json --format json
expect_code 3 "json report of only a missing file"
expect_out_contains '"message": "no existe ese archivo ni esa carpeta"' "json report of only a missing file, in Spanish"

# Skipped files are named in the text output too, whatever their name.
mkdir -p mixed
cp "$SOURCE_DIR/examples/northern-triangle/sv-001.json" mixed/
printf 'notes\n' >mixed/notes.txt
printf '{}' >mixed/cases.json.bak
run validate mixed
expect_code 0 "a folder with other files"
expect_err "mixed/cases.json.bak: note: not read: casebook reads .json, .jsonl and .ndjson files"$'\n'"mixed/notes.txt: note: not read: casebook reads .json, .jsonl and .ndjson files"$'\n'"1 record: 1 valid, 0 invalid; 0 errors, 0 warnings" "skipped files are listed"
run --lang es validate mixed
expect_err_contains "mixed/notes.txt: nota: no se leyó: casebook lee archivos .json, .jsonl y .ndjson" "skipped files in Spanish"
# A name made to drive the terminal (an escape sequence, a line break) is named escaped, on one line.
touch "mixed/$(printf 'x\033]0;owned\007\nfake: error.txt')"
run validate mixed
expect_code 0 "a folder with a hostile file name"
case "$ERR" in *$'\033'* | *$'\007'*) fail "a file name's terminal controls reached stderr: $(printf '%q' "$ERR")" ;; esac
[ "$(printf '%s\n' "$ERR" | grep -c 'note: not read')" = 3 ] || fail "a hostile file name was not named on one line: $(printf '%q' "$ERR")"
[ "$(printf '%s\n' "$ERR" | wc -l)" = 4 ] || fail "a hostile file name broke a line: $(printf '%q' "$ERR")"

run validate --bogus examples/northern-triangle
expect_code 2 "unknown option"
expect_out "" "unknown option"
expect_err "casebook: error: unknown option --bogus"$'\n'"Run with --help for more information." "unknown option"
run validate --fromat json examples/northern-triangle
expect_code 2 "mistyped option"
expect_err "casebook: error: unknown option --fromat; did you mean --format?"$'\n'"Run with --help for more information." "a mistyped option names the closest one"

# --- --schema ----------------------------------------------------------------------
# A stricter schema of our own: the built-in one with origin.locality required.
python3 - "$SOURCE_DIR/schemas/case.schema.json" strict.schema.json <<'PY'
import json, sys
schema = json.load(open(sys.argv[1]))
schema["properties"]["origin"]["required"].append("locality")
json.dump(schema, open(sys.argv[2], "w"), indent=2)
PY
run validate --schema strict.schema.json examples/northern-triangle
expect_code 1 "--schema, stricter"
expect_err "$NT_NOTE"$'\n'"examples/northern-triangle/sv-004.json:17:13: error: /origin/locality: required field \"locality\" is missing (Town, city or department the person fled from; sensitive, dropped by export --redact)"$'\n'"10 records: 9 valid, 1 invalid; 1 error, 0 warnings" "--schema, stricter"

# A schema with keywords beyond the built-in ones (oneOf) goes through valijson,
# still with file:line:col and a JSON Pointer.
cat >oneof.schema.json <<'EOF'
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "properties": {
    "origin": {
      "type": "object",
      "properties": {"country": {"oneOf": [{"const": "SLV"}, {"const": "GTM"}]}}
    }
  }
}
EOF
run validate --schema oneof.schema.json examples/northern-triangle
expect_code 1 "--schema with oneOf"
for id in hn-001 hn-002 hn-003; do
    expect_err_contains "examples/northern-triangle/$id.json:18:16: error: /origin/country: " "--schema with oneOf, $id"
done
expect_err_contains "10 records: 7 valid, 3 invalid;" "--schema with oneOf"

printf '{"type": "object",}' >broken.schema.json
run validate --schema broken.schema.json examples/northern-triangle
expect_code 2 "--schema not JSON"
expect_err "casebook: error: broken.schema.json:1:19: the schema is not valid JSON: expected a property name in double quotes, found '}'" "--schema not JSON"

run validate --schema missing.schema.json examples/northern-triangle
expect_code 3 "--schema missing"
expect_err "casebook: error: cannot read schema missing.schema.json: No such file or directory" "--schema missing"

# --- casebook schema ----------------------------------------------------------------
"$CASEBOOK" schema >printed.schema.json 2>schema.err
code=$?
[ "$code" = 0 ] || fail "schema: exit code $code"
[ ! -s schema.err ] || fail "schema: wrote to stderr: $(cat schema.err)"
cmp -s printed.schema.json "$SOURCE_DIR/schemas/case.schema.json" || fail "schema: output differs from schemas/case.schema.json"

# A folder without records is an error, not a clean dataset of 0 records (issue 22).
mkdir -p empty-folder
run validate empty-folder
expect_code 1 "validate an empty folder"
expect_err "casebook: error: no case records in empty-folder: nothing was validated (a folder is searched for .json, .jsonl and .ndjson files)" "an empty folder is an error"
run --lang es validate empty-folder
expect_err "casebook: error: no hay registros de casos en empty-folder: no se validó nada (en una carpeta se buscan archivos .json, .jsonl y .ndjson)" "the same in Spanish"
# Upper-case extensions (a folder copied from Windows) are read.
mkdir -p upper
cp "$SOURCE_DIR/examples/northern-triangle/sv-001.json" upper/A.JSON
python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))' "$SOURCE_DIR/examples/northern-triangle/gt-001.json" >upper/B.JSONL
run validate upper
expect_code 0 "validate .JSON and .JSONL"
expect_err "2 records: 2 valid, 0 invalid; 0 errors, 0 warnings" ".JSON and .JSONL files are read"

finish
