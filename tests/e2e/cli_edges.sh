# The edges of the command line: a mistyped command or option names the closest
# one, "casebook help [COMMAND]", --db before the command, a template left
# partly unfilled, the same record created twice without an id.
. "$(dirname "$0")/lib.bash"

run crate
expect_code 2 "a mistyped command is a usage error"
expect_err "casebook: error: unknown command \"crate\"; did you mean \"create\"? ('casebook help' lists the commands)" "it names the closest command"

run help
expect_code 0 "casebook help"
expect_out_contains "Usage: casebook [OPTIONS] SUBCOMMAND" "casebook help is casebook --help"

run help create
expect_code 0 "casebook help create"
expect_out_contains "Usage: casebook create [OPTIONS]" "casebook help create is casebook create --help"

run help crate
expect_code 2 "help for a mistyped command"
expect_err_contains "did you mean \"create\"?" "help for a mistyped command names the closest one"

run init --db cases.db
expect_code 0 "init"
run --db cases.db query --format csv
expect_code 0 "--db before the command"
expect_out_contains "id,origin,returned_from,return_date,mechanism,outcome,flags,status" "--db before the command reads that database"
run --db=missing.db query --format csv
expect_code 3 "--db=FILE before the command"
expect_err_contains "missing.db" "--db=FILE before the command names that database"

run create --tempalte
expect_code 2 "a mistyped option"
expect_err "casebook: error: unknown option --tempalte; did you mean --template?"$'\n'"Run with --help for more information." "it names the closest option"
run table outcomes --supress=5 --db cases.db
expect_code 2 "a mistyped option with its value"
expect_err_contains "unknown option --supress; did you mean --suppress?" "the value is not part of the name"

# The template: what still holds its placeholder is not recorded. An
# untouched template is no case at all.
run create --template
printf '%s\n' "$OUT" >template.json
run create --from template.json --db cases.db
expect_code 1 "an untouched template"
expect_err "casebook: note: 13 fields still held the template's placeholder and are left out (not recorded)"$'\n'"casebook: error: template.json holds only the template's placeholders: fill in what you know of the case first" "an untouched template is refused"
python3 - template.json <<'PY' || fail "filling in the template"
import json, sys
t = json.load(open(sys.argv[1]))
t["origin"]["country"] = "SLV"
t["person"]["sex"] = "female"
t["flight"]["date"] = "2019-03"
t["flight"]["reasons"] = ["extortion", t["flight"]["reasons"][0]]  # one placeholder left in a filled list
json.dump(t, open("partly.json", "w"), indent=2)
t["flight"]["reasons"] = ["extortion"]
json.dump(t, open("filled.json", "w"), indent=2)
PY
run create --from partly.json --db cases.db
expect_code 1 "a placeholder left in a list that was filled in"
expect_err_contains 'partly.json:25:7: error: /flight/reasons/1: "gang_threat | extortion' "the placeholder left in the list is an error where it is"
run create --from filled.json --db cases.db
expect_code 0 "a template filled in part"
expect_out "SLV-0001" "a template filled in part"
expect_err "casebook: note: 18 fields still held the template's placeholder and are left out (not recorded)" "what is left is counted"
run show SLV-0001 --format json --db cases.db
python3 - "$OUT" <<'PY' || fail "the case from the template: $OUT"
import json, sys
d = json.loads(sys.argv[1])
assert d["person"] == {"sex": "female"}, d["person"]
assert d["origin"] == {"country": "SLV"}, d["origin"]
assert d["flight"] == {"date": "2019-03", "reasons": ["extortion"]}, d["flight"]
assert set(d) == {"schema_version", "id", "status", "person", "origin", "flight"}, sorted(d)
PY

# The same record twice without an id: stored, with a warning naming the first.
run create --from filled.json --db cases.db
expect_code 0 "the same record again"
expect_out "SLV-0002" "the same record again"
expect_err_contains "filled.json:3:9: warning: /id: this record has no id and holds exactly what case \"SLV-0001\" holds: it is stored as a new case SLV-0002; if it was entered twice, 'casebook delete SLV-0002' removes the copy" "a record created twice is named"
sed 's/"2019-03"/"2019-04"/' filled.json >other.json
run create --from other.json --db cases.db
expect_code 0 "a different record"
expect_err_contains "18 fields" "a different record"
case "$ERR" in *warning*) fail "a different record warned: $ERR" ;; esac

finish
