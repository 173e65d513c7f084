# Inputs built to hurt (issue 15): checks that were quadratic, numbers the
# schema accepts that the derived values misread, regular expressions and $ref
# loops that crashed or hung the validator, pointers and files that took
# gigabytes, diagnostics that echoed sensitive or huge values, terminal
# escapes in stored values, and a merge that trusted the other database.
# Each block failed on the main of 2026-12-01 (4245860) and holds now.
source "$SOURCE_DIR/tests/robustness/lib.bash"
# Memory (ulimit -v) and time bounds mean nothing under AddressSanitizer, whose shadow memory
# needs terabytes of address space: the Release build runs this script in full.
if ldd "$CASEBOOK" 2>/dev/null | grep -q libasan; then echo "SKIP: bounds not meaningful under ASan"; exit 77; fi
EXAMPLES="$SOURCE_DIR/examples/northern-triangle"
export CASEBOOK_DB="$WORK/cases.db"
"$CASEBOOK" init 2>/dev/null && "$CASEBOOK" import --quiet "$EXAMPLES" 2>/dev/null || { echo "setup failed" >&2; exit 1; }

# case ID [JQ-LIKE PYTHON EXPR]: a minimal valid draft, changed by a python statement on r.
case_json() {
    python3 -c '
import json, sys
r = {"schema_version": "1", "id": sys.argv[1], "status": "draft", "origin": {"country": "SLV"}}
exec(sys.argv[2] if len(sys.argv) > 2 else "")
print(json.dumps(r))' "$@"
}

# seconds_of CMD...: runs it (stdin /dev/null), leaving CODE, ERR and SECONDS_TAKEN.
seconds_of() {
    local start end
    start=$(date +%s.%N)
    runt "$@"
    end=$(date +%s.%N)
    SECONDS_TAKEN=$(python3 -c "print(round($end - $start, 1))")
}

slow() { python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) > float(sys.argv[2]) else 1)" "$1" "$2"; }

# --- uniqueItems was checked in O(n^2): 300,000 tags took over 120 s inside the import transaction.
case_json many-tags 'r["tags"] = ["t%d" % i for i in range(300000)]' >tags.jsonl
seconds_of validate tags.jsonl
expect_code 0 "300,000 distinct tags validate"
slow "$SECONDS_TAKEN" 20 && fail "300,000 tags took ${SECONDS_TAKEN}s to validate"
case_json many-tags-dup 'r["tags"] = ["t%d" % i for i in range(300000)] + ["t7"]' >tags-dup.jsonl
seconds_of validate tags-dup.jsonl
expect_code 1 "a repeated tag among 300,000"
expect_err_contains '/tags/300000: "t7" is listed twice (also at /tags/7)' "the repeat is found"
slow "$SECONDS_TAKEN" 20 && fail "300,001 tags took ${SECONDS_TAKEN}s to validate"
# Equal for JSON Schema is equal: 1 and 1.0, objects whatever their key order.
printf '%s\n' '{"type":"object","properties":{"a":{"type":"array","uniqueItems":true}}}' >unique.schema.json
printf '%s\n' '{"a":[1, 1.0]}' >numbers.json
runt validate --schema unique.schema.json numbers.json
expect_code 1 "1 and 1.0 are the same item"
expect_err_contains "/a/1: 1.0 is listed twice (also at /a/0)" "1 and 1.0 are the same item"
printf '%s\n' '{"a":[{"a":1,"b":2},{"b":2,"a":1}]}' >objects.json
runt validate --schema unique.schema.json objects.json
expect_code 1 "objects equal whatever their key order"
printf '%s\n' '{"a":["1", 1, [1], {"1":1}]}' >distinct.json
runt validate --schema unique.schema.json distinct.json
expect_code 0 "a string, a number, a list and an object are different items"
# Import holds the write lock only as long as a linear check takes.
seconds_of import --quiet tags.jsonl
expect_code 0 "300,000 tags import"
slow "$SECONDS_TAKEN" 30 && fail "importing 300,000 tags took ${SECONDS_TAKEN}s"

# --- Numbers as the schema counts them: 16.0 and 1e1 are integers for draft-07.
case_json age-decimal 'r["person"] = {"age_at_flight": 16.0, "traveled_with": "alone"}; r["tags"] = ["agetest"]' >ages.jsonl
printf '%s\n' '{"schema_version":"1","id":"age-exp","status":"draft","origin":{"country":"SLV"},"person":{"birth_year":1990,"age_at_flight":1e1,"traveled_with":"alone"},"flight":{"date":"2010"},"tags":["agetest"]}' >>ages.jsonl
runt import --quiet ages.jsonl
expect_code 0 "ages written as decimals import"
runt query --where tag=agetest --where minor=yes --columns id --format tsv
expect_out "id
age-decimal
age-exp" "16.0 and 1e1 are minors"
runt query --where tag=agetest --where age_group=12-17 --columns id --format tsv
expect_out "id
age-decimal" "16.0 is 12-17"
runt query --where tag=agetest --where age_group=0-11 --columns id --format tsv
expect_out "id
age-exp" "1e1 is 10, not the 20 of the birth year"
runt show age-decimal --format json
expect_out_contains '"age_at_flight": 16' "stored as an integer"
case "$OUT" in *16.0*) fail "16.0 stored as a decimal" ;; esac
# A fraction stays a fraction, and is no integer.
case_json age-fraction 'r["person"] = {"age_at_flight": 16.5}' >fraction.json
runt validate fraction.json
expect_code 1 "16.5 is no whole number"
expect_err_contains "/person/age_at_flight: expected a whole number, found a decimal number" "16.5"

# --- Regular expressions: RE2, linear in the text, for every pattern.
python3 -c 'print("{\"s\": \"" + "ab" * 50000 + "\"}")' >long.json
python3 -c 'print("{\"s\": \"" + "a" * 40 + "!\"}")' >evil.json
for keyword in plain anyOf; do
    for pattern in '^(a|b)*$' '^(a+)+$'; do
        if [ $keyword = plain ]; then
            printf '{"type":"object","properties":{"s":{"type":"string","pattern":"%s"}}}\n' "$pattern" >p.schema.json
        else # valijson's path (a keyword the compiled checks do not have)
            printf '{"anyOf":[{"type":"object","properties":{"s":{"type":"string","pattern":"%s"}}}]}\n' "$pattern" >p.schema.json
        fi
        seconds_of validate --schema p.schema.json long.json
        [ "$pattern" = '^(a|b)*$' ] && expect_code 0 "$keyword $pattern on 100,000 characters"
        [ "$pattern" = '^(a+)+$' ] && expect_code 1 "$keyword $pattern on 100,000 characters"
        slow "$SECONDS_TAKEN" 10 && fail "$keyword $pattern on 100,000 characters took ${SECONDS_TAKEN}s"
        seconds_of validate --schema p.schema.json evil.json
        expect_code 1 "$keyword $pattern on a catastrophic backtracking input"
        slow "$SECONDS_TAKEN" 10 && fail "$keyword $pattern took ${SECONDS_TAKEN}s"
    done
done
# patternProperties, propertyNames and the formats go through RE2 too.
printf '%s\n' '{"patternProperties":{"^(a|b)*$":{"type":"string"}}}' >pp.schema.json
python3 -c 'print("{\"" + "ab" * 50000 + "\": 1}")' >longkey.json
runt validate --schema pp.schema.json longkey.json
expect_code 1 "patternProperties on a 100,000-character key"
printf '%s\n' '{"propertyNames":{"pattern":"^(a+)+$"}}' >pn.schema.json
python3 -c 'print("{\"" + "a" * 40 + "!\": 1}")' >evilkey.json
runt validate --schema pn.schema.json evilkey.json
expect_code 1 "propertyNames with ^(a+)+$"
expect_err_contains "error: does not match the schema" "propertyNames fails with a word"
printf '%s\n' '{"properties":{"d":{"format":"date"}},"anyOf":[{}]}' >date.schema.json
python3 -c 'print("{\"d\": \"" + "1" * 200000 + "-01-01x\"}")' >longdate.json
runt validate --schema date.schema.json longdate.json
expect_code 1 "format date on 200,000 digits"
# What RE2 cannot take is refused when the schema is read, with the reason.
for case in '(?=a)a:a lookahead' 'a(?!b):a negative lookahead' '(a)\\1:a backreference (\1)' '(?<=a)b:a lookbehind'; do
    pattern=${case%%:*}
    printf '{"type":"string","pattern":"%s"}\n' "$pattern" >bad.schema.json
    runf /dev/null validate --schema bad.schema.json evil.json
    expect_code 2 "pattern $pattern"
    expect_err_contains "is not supported by casebook's regular expressions (RE2, which match in linear time)" "pattern $pattern"
    expect_err_contains "${case#*:}" "pattern $pattern names what"
done
printf '%s\n' '{"type":"string","pattern":"a{2,1}"}' >bad.schema.json
runt validate --schema bad.schema.json evil.json
expect_code 2 "an invalid pattern"
expect_err_contains 'the schema'"'"'s pattern "a{2,1}" cannot be used: it is not a regular expression RE2 can take' "an invalid pattern"
# ECMA-262 escapes RE2 spells otherwise.
printf '%s\n' '{"type":"object","properties":{"s":{"type":"string","pattern":"^\\u00e9\\d+$"}}}' >u.schema.json
printf '%s\n' '{"s":"é12"}' >u.json
runt validate --schema u.schema.json u.json
expect_code 0 '\u00e9 is é'

# --- $ref cycles that never go deeper into the record are refused when the
# schema is compiled, on both paths; a recursive schema that does go deeper ends.
printf '%s\n' '{"$ref":"#/definitions/a","definitions":{"a":{"$ref":"#/definitions/b"},"b":{"$ref":"#/definitions/a"}}}' >loop.schema.json
printf '%s\n' '{"anyOf":[{"$ref":"#"}]}' >self.schema.json
printf '%s\n' '{"$ref":"#"}' >root.schema.json
for s in loop self root; do
    runt validate --schema $s.schema.json u.json
    expect_code 2 "\$ref cycle in $s"
    expect_err_contains "leads back to itself without going deeper into the record: checking would never end" "\$ref cycle in $s"
done
printf '%s\n' '{"definitions":{"n":{"properties":{"next":{"$ref":"#/definitions/n"},"s":{"type":"integer"}}}},"$ref":"#/definitions/n"}' >tree.schema.json
printf '%s\n' '{"next":{"next":{"next":{}}}}' >chain.json
runt validate --schema tree.schema.json chain.json
expect_code 0 "a recursive schema"
runt validate --schema tree.schema.json u.json
expect_code 1 "a recursive schema finds a problem"
printf '%s\n' '{"$ref":"#/definitions/missing"}' >missing.schema.json
runt validate --schema missing.schema.json u.json
expect_code 2 "a \$ref to nothing"
expect_err_contains "the schema refers to #/definitions/missing, which it does not define" "a \$ref to nothing"

# --- A mapping's pointer may not name list position 100,000,000 (10 GB of empty legs).
printf 'Country\nSLV\n' >one.csv
printf '%s\n' '{"id":{"prefix":"m-","row_number":true},"columns":[{"column":"Country","pointer":"/journey/100000000/country"}]}' >far.mapping.json
runt import --csv one.csv --mapping far.mapping.json
expect_code 2 "a far list position"
expect_err_contains 'mapping /columns/0/pointer: "/journey/100000000/country": a list position in a mapping must be below 1000' "a far list position"
printf '%s\n' '{"id":{"prefix":"m-","row_number":true},"columns":[{"column":"Country","pointer":"/journey/99999999999999999999999/country"}]}' >far.mapping.json
runt import --csv one.csv --mapping far.mapping.json
expect_code 2 "a list position past 2^64"
printf '%s\n' '{"id":{"prefix":"m-","row_number":true},"columns":[{"column":"Country","pointer":"/journey/999/country"}]}' >near.mapping.json
runt import --csv one.csv --mapping near.mapping.json
expect_code 1 "position 999 is allowed (the legs before it are null, which the schema refuses)"

# --- Memory: a JSON document and a CSV row are bounded like a JSON line.
(ulimit -v 1500000; timeout 60 "$CASEBOOK" validate /dev/zero >"$WORK/.out" 2>"$WORK/.err"); CODE=$?
ERR=$(cat "$WORK/.err")
no_crash "validate /dev/zero"
expect_code 1 "validate /dev/zero"
expect_err_contains "/dev/zero: error: this file is larger than 256 MB, the most casebook reads as one JSON document" "validate /dev/zero"
(ulimit -v 1500000; head -c 300000000 /dev/zero | timeout 60 "$CASEBOOK" validate - >"$WORK/.out" 2>"$WORK/.err"); CODE=$?
ERR=$(cat "$WORK/.err")
no_crash "validate - < 300 MB of NUL"
expect_code 1 "validate - < 300 MB of NUL"
expect_err_contains "<stdin>" "the limit names stdin"
printf '%s\n' '{"id":{"prefix":"c-","row_number":true},"columns":[{"column":"Country","pointer":"/origin/country","countries":true}]}' >c.mapping.json
(ulimit -v 1500000; { printf 'Country\n"'; head -c 2000000000 /dev/zero | tr '\0' a; printf '"\n'; } 2>/dev/null |
    timeout 60 "$CASEBOOK" import --csv /dev/stdin --mapping c.mapping.json >"$WORK/.out" 2>"$WORK/.err"); CODE=$?
ERR=$(cat "$WORK/.err")
no_crash "a 2 GB CSV field"
expect_code 1 "a 2 GB CSV field"
expect_err_contains "/dev/stdin:2: this row is longer than 16 MB or has more than 16384 cells" "a 2 GB CSV field"
python3 -c 'print("a," * 20000 + "a")' >wide.csv
runt import --csv wide.csv --mapping c.mapping.json
expect_code 1 "a row of 20,001 cells"
expect_err_contains "wide.csv:1: this row is longer than 16 MB or has more than 16384 cells" "a row of 20,001 cells"

# --- Echoes: long values cut, sensitive ones never quoted.
python3 -c 'import json; print(json.dumps({"schema_version":"1","id":"k1","origin":{"country":"SLV"},"K"*1000000:1}))' >bigkey.json
runt validate bigkey.json
expect_code 1 "a 1 MB unknown key"
expect_err_contains "unknown field \"KKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK...\"" "the key is cut"
[ "${#ERR}" -lt 3000 ] || fail "a 1 MB unknown key gives ${#ERR} bytes of diagnostics"
python3 -c 'import json; print(json.dumps({"schema_version":"1","id":"k2","origin":{"country":"S"*1000000}}))' >bigvalue.json
runt validate bigvalue.json
expect_code 1 "a 1 MB country"
[ "${#ERR}" -lt 3000 ] || fail "a 1 MB value gives ${#ERR} bytes of diagnostics"
python3 -c 'print("{\"a\":1,\"" + "D"*1000000 + "\":1,\"" + "D"*1000000 + "\":2}")' >dupkey.json
runt validate dupkey.json
expect_code 1 "a duplicate 1 MB key"
[ "${#ERR}" -lt 3000 ] || fail "a duplicate 1 MB key gives ${#ERR} bytes of diagnostics"
python3 -c 'import json; print(json.dumps({"schema_version":"1","id":"k3","origin":{"country":"SLV"},"sources":[{"id":"s%d" % i} for i in range(20000)],"after_return":{"harms":[{"type":"threat","sources":["x%d" % i]} for i in range(20000)]}}))' >cites.json
seconds_of validate cites.json
expect_code 1 "20,000 unknown sources"
expect_err_contains "more than 1000 problems in this record: only the first 1000 are shown" "problems are bounded"
slow "$SECONDS_TAKEN" 20 && fail "20,000 unknown sources took ${SECONDS_TAKEN}s"
python3 -c 'import json; print(json.dumps({"schema_version":"1","id":"k4","origin":{"country":"SLV"}, **{"u%d" % i: 1 for i in range(300000)}}))' >manykeys.json
seconds_of validate manykeys.json
expect_code 1 "300,000 unknown keys"
slow "$SECONDS_TAKEN" 20 && fail "300,000 unknown keys took ${SECONDS_TAKEN}s"
[ "${#ERR}" -lt 1000000 ] || fail "300,000 unknown keys give ${#ERR} bytes of diagnostics"
printf 'Town\nSECRET-TOWN Colonia X\n' >town.csv
printf '%s\n' '{"id":{"prefix":"t-","row_number":true},"constants":{"/origin/country":"SLV"},"columns":[{"column":"Town","pointer":"/origin/locality","values":{"Elsewhere":"Elsewhere"}}]}' >town.mapping.json
runt import --csv town.csv --mapping town.mapping.json
expect_code 1 "an unmapped sensitive cell"
expect_err_contains '/origin/locality: column "Town": (sensitive value, 21 characters) is not in the mapping'"'"'s "values"' "placeholder"
case "$ERR" in *SECRET*) fail "the sensitive cell is echoed: $ERR" ;; esac
runt import --csv town.csv --mapping town.mapping.json --skip-invalid --rejects rejects.jsonl
case "$ERR" in *SECRET*) fail "the sensitive cell is echoed with --skip-invalid: $ERR" ;; esac

# --- Terminal escapes in stored values never reach a terminal raw.
ESC=$'\x1b'
python3 -c '
import json
r = {"schema_version": "1", "id": "esc-1", "status": "draft", "origin": {"country": "SLV", "locality": "X\u001b]52;c;cHduZWQ=\u0007"},
     "person": {"pseudonym": "A\u001b[2K\r\u001b[1AB\u009b31m\u202eevil"}, "recorded": {"project": "t\u001b[31mred n\nfake line"},
     "narrative": "line one\nline\u001b[2J two"}
print(json.dumps(r))' >esc.jsonl
runt import --quiet esc.jsonl
expect_code 0 "values with escapes import (they are text)"
no_raw() { # WHAT TEXT: no ESC, BEL, lone CR, C1 or bidi override in TEXT
    case "$2" in *"$ESC"* | *$'\a'* | *$'\r'* | *$'\xc2\x9b'* | *$'\xe2\x80\xae'*) fail "$1: a raw control reaches the output: $(printf '%s' "$2" | od -c | head -5)" ;; esac
}
runt show esc-1
no_raw "show" "$OUT"
expect_out_contains 'A\u001b[2K\u000d\u001b[1AB\u009b31m\u202eevil' "show escapes the pseudonym"
runt log esc-1
no_raw "log" "$OUT"
runt query --columns id,project --format table
no_raw "query --format table" "$OUT"
expect_out_contains 't\u001b[31mred' "query --format table shows the escape"
runt query --columns id,project --format markdown
no_raw "query --format markdown" "$OUT"
expect_out_contains 't\\u001b[31mred' "query --format markdown shows the escape (its backslash escaped)"
runt table --rows project --format table
no_raw "table" "$OUT"
printf '%s\n' '{"schema_version":"1","id":"esc-2","origin":{"country":"SLV"},"bad\u001b[2Jkey":1,"tags":["x\u001b]0;title\u0007","x\u001b]0;title\u0007"]}' >escdiag.json
runt validate escdiag.json
no_raw "validate diagnostics" "$ERR"
expect_err_contains 'unknown field "bad\u001b[2Jkey"' "the key is shown escaped"
runt validate --format json escdiag.json
no_raw "validate --format json" "$OUT"
# A line break in a history note cannot forge a history line.
runt review esc-1 --reject --reviewer R9 --note $'fine\nrev 99  2026-01-01T00:00:00Z  boss  review  esc-1 (revision 9)'
expect_code 0 "a note with a line break"
runt log esc-1
case "$OUT" in *$'\nrev 99'*) fail "a note forges a history line: $OUT" ;; esac
# Machine formats stay data off a terminal; on one (a pty), no raw control either.
runt show esc-1 --format json
case "$OUT" in *$'\xe2\x80\xae'*) ;; *) fail "show --format json off a terminal is no longer the data as stored" ;; esac
for cmd in "show esc-1 --format json" "export --format csv" "query --format jsonl" "query --format tsv --columns id,project" "log esc-1" "validate escdiag.json"; do
    # shellcheck disable=SC2086
    script -qec "$CASEBOOK $cmd" /dev/null </dev/null >pty.out 2>&1
    no_raw "$cmd on a terminal" "$(tr -d '\r' <pty.out | sed 's/\x1b\[K//g')"
done
script -qec "$CASEBOOK show esc-1 --format json" /dev/null </dev/null >pty.out 2>&1
tr -d '\r' <pty.out | python3 -c 'import json, sys; d = json.load(sys.stdin); sys.exit(0 if d["person"]["pseudonym"].endswith("\u202eevil") else 1)' ||
    fail "show --format json on a terminal is not the same JSON value"

# --- merge validates everything it takes: their documents and their history,
# even when a hostile partner recomputed every hash after the edit (rechain.py),
# so that their chain of custody holds together.
"$CASEBOOK" init --db other.db 2>/dev/null
case_json m-1 >m1.json
"$CASEBOOK" create --db other.db --from m1.json >/dev/null 2>&1
case_json m-1 'r["notes"] = "second"' >m1b.json
"$CASEBOOK" import --db other.db --update m1b.json --quiet >/dev/null 2>&1
BEFORE=$(snapshot "$CASEBOOK_DB")
cp other.db pristine.db
python3 "$SOURCE_DIR/tests/robustness/rechain.py" other.db "UPDATE history SET doc = json_set(doc, '\$.status', 'reviewed', '\$.bogus', 1), actor = 'boss' WHERE case_id = 'm-1' AND revision = 1"
runt merge other.db
expect_code 1 "a crafted history"
expect_err_contains 'other.db: error: /bogus: case "m-1": revision 1 (history rev' "names the other database, the case and the revision"
expect_err_contains 'unknown field "bogus"' "the field the schema lacks"
expect_err_contains 'status "reviewed" was set by "create", not by a review' "a status not from review"
expect_err_contains "merge: refused: 1 invalid document in the other database; nothing written" "refused"
[ "$(snapshot "$CASEBOOK_DB")" = "$BEFORE" ] || fail "a refused merge changed the database"
cp pristine.db other.db
python3 "$SOURCE_DIR/tests/robustness/rechain.py" other.db "UPDATE history SET actor = 'x' || char(10) || 'rev 1 forged' WHERE case_id = 'm-1' AND revision = 2"
runt merge other.db
expect_code 1 "a forged actor"
expect_err_contains "the actor is not a researcher code casebook would record" "a forged actor"
cp pristine.db other.db
python3 "$SOURCE_DIR/tests/robustness/rechain.py" other.db "UPDATE history SET doc = json_set(doc, '\$.id', 'sv-001') WHERE case_id = 'm-1' AND revision = 1"
runt merge other.db
expect_code 1 "a version of another case"
expect_err_contains "this version is of another case" "a version of another case"
[ "$(snapshot "$CASEBOOK_DB")" = "$BEFORE" ] || fail "a refused merge changed the database"
cp pristine.db other.db
sqlite3 other.db "DROP TRIGGER history_no_update; UPDATE history SET actor = 'boss' WHERE case_id = 'm-1' AND revision = 2"
runt merge other.db
expect_code 1 "an edited history, not rechained"
expect_err_contains "other.db: its history does not verify at case m-1 revision 2" "the chain of custody names the case and revision"
[ "$(snapshot "$CASEBOOK_DB")" = "$BEFORE" ] || fail "a refused merge changed the database"
cp pristine.db other.db
runt merge other.db
expect_code 0 "the untouched database merges"
expect_err_contains "merge: 1 added" "the untouched database merges"

finish
