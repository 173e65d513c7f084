# Hostile input: a corpus of broken, hostile and huge-but-not-too-huge inputs
# through validate, create --from and import, from a file and from stdin. Each
# must end with the exact exit code and a message that says what is wrong, with
# no crash and no hang, and leave the database exactly as it was.
# (The JSON parser's own cases are unit-tested in tests/unit/json/json_test.cpp; the
# 20 MB string and the 1 GB line are in big_input.sh.)
source "$SOURCE_DIR/tests/robustness/lib.bash"
EXAMPLES="$SOURCE_DIR/examples/northern-triangle"
export CASEBOOK_DB="$WORK/cases.db"
"$CASEBOOK" init 2>/dev/null && "$CASEBOOK" import --quiet "$EXAMPLES" 2>/dev/null || { echo "setup failed" >&2; exit 1; }
BEFORE=$(snapshot "$CASEBOOK_DB")
mkdir corpus

SHA=$(sha256sum "$CASEBOOK_DB")

# unchanged WHAT: the database file is byte for byte as it was (cheap).
same_file() {
    [ "$(sha256sum "$CASEBOOK_DB")" = "$SHA" ] || {
        fail "$1: the database file changed"
        SHA=$(sha256sum "$CASEBOOK_DB")
    }
}

# unchanged WHAT: the file, and every record and history entry casebook shows.
unchanged() {
    same_file "$1"
    [ "$(snapshot "$CASEBOOK_DB")" = "$BEFORE" ] || {
        fail "$1: the database changed"
        BEFORE=$(snapshot "$CASEBOOK_DB")
    }
}

# check NAME CODE MESSAGE [CREATE_CODE CREATE_MESSAGE]: corpus/NAME through
# validate, create --from and import, as a file and on stdin. Each exits CODE
# and says MESSAGE, at a place in the input (FILE:LINE:COL: error:); create may
# differ (a file of several records is a usage error for create).
check() {
    local name=$1 code=$2 message=$3 create_code=${4:-$2} create_message=${5:-$3}
    local file="corpus/$name"
    local mode want_code want_message where
    for mode in "validate $file" "validate -" "create --from $file" "create --from -" "import $file" "import -"; do
        want_code=$code
        want_message=$message
        case $mode in create*) want_code=$create_code want_message=$create_message ;; esac
        case $mode in *-) where="<stdin>:" ;; *) where="$file:" ;; esac
        # shellcheck disable=SC2086
        runf "$file" $mode
        expect_code "$want_code" "$name: $mode"
        expect_err_contains "$want_message" "$name: $mode"
        [ "$want_code" != 1 ] || expect_err_contains "$where" "$name: $mode names where"
        case $mode in validate*) expect_out "" "$name: $mode prints nothing on stdout" ;; esac
        case $mode in import*) [ "$want_code" != 1 ] || expect_err_contains "nothing written" "$name: $mode" ;; esac
        same_file "$name: $mode"
    done
    unchanged "$name"
}

# Empty, whitespace only.
: >corpus/empty.json
check empty.json 1 "error: unexpected end of input: a value is missing (is the file truncated?)"
printf ' \n\t\r\n  \n' >corpus/blank.json
check blank.json 1 "error: unexpected end of input: a value is missing (is the file truncated?)"

# Random bytes (reproducible), starting with a byte no JSON value starts with.
python3 -c '
import random, sys
random.seed(7)
sys.stdout.buffer.write(b"\xe5" + bytes(random.randrange(256) for _ in range(65536)))' >corpus/random.json
check random.json 1 "error: expected a value (object, array, string, number, true, false or null), found byte 0xE5"

# NUL bytes: a file of them, and one inside a string.
head -c 4096 /dev/zero >corpus/zeros.json
check zeros.json 1 "error: expected a value (object, array, string, number, true, false or null), found byte 0x00"
printf '{"schema_version": "1", "id": "nul\0-1"}\n' >corpus/nul-in-string.json
check nul-in-string.json 1 "error: a control character inside a string must be escaped"

# Invalid UTF-8: a Latin-1 byte, an overlong encoding, a UTF-16 byte-order mark.
printf '{"schema_version": "1", "id": "u-1", "narrative": "caf\xe9"}\n' >corpus/latin1.json
check latin1.json 1 "error: invalid UTF-8 in a string: save the file as UTF-8"
printf '{"schema_version": "1", "id": "u-2", "tags": ["\xc0\xaf"]}\n' >corpus/overlong.json
check overlong.json 1 "error: invalid UTF-8 in a string: save the file as UTF-8"
printf '\xff\xfe{\0"\0i\0d\0"\0' >corpus/utf16.json
check utf16.json 1 "error: expected a value (object, array, string, number, true, false or null), found byte 0xFF"

# Lone surrogate escapes.
printf '{"schema_version": "1", "id": "s-1", "notes": "a\\ud800b"}\n' >corpus/high-surrogate.json
check high-surrogate.json 1 'error: a lone UTF-16 surrogate escape (\uD800-\uDBFF must be followed by a low surrogate)'
printf '{"schema_version": "1", "id": "s-2", "notes": "\\udc00"}\n' >corpus/low-surrogate.json
check low-surrogate.json 1 'error: a lone UTF-16 surrogate escape (\uDC00-\uDFFF without a high surrogate before it)'

# Nesting 100,000 deep: arrays, objects, and both inside a record.
python3 -c 'print("[" * 100000 + "]" * 100000)' >corpus/deep-arrays.json
check deep-arrays.json 1 "error: arrays and objects are nested more than 256 deep"
python3 -c 'print("{\"a\": " * 100000 + "1" + "}" * 100000)' >corpus/deep-objects.json
check deep-objects.json 1 "error: arrays and objects are nested more than 256 deep"
python3 -c 'print("{\"schema_version\": \"1\", \"id\": \"d-1\", \"tags\": " + "[{\"x\": " * 50000 + "1" + "}]" * 50000 + "}")' >corpus/deep-record.json
check deep-record.json 1 "error: arrays and objects are nested more than 256 deep"

# Numbers out of range.
printf '{"schema_version": "1", "id": "n-1", "person": {"birth_year": 1e999}}\n' >corpus/huge-float.json
check huge-float.json 1 "error: number out of range"
printf '{"schema_version": "1", "id": "n-2", "person": {"birth_year": -1e400}}\n' >corpus/huge-negative.json
check huge-negative.json 1 "error: number out of range"
printf '{"schema_version": "1", "id": "n-3", "person": {"age_at_flight": 18446744073709551616}}\n' >corpus/huge-integer.json
check huge-integer.json 1 "/person/age_at_flight: 1.8446744073709552e+19 is above the maximum, 120"
printf '{"schema_version": "1", "id": "n-4", "person": {"age_at_flight": -9223372036854775809}}\n' >corpus/huge-negative-integer.json
check huge-negative-integer.json 1 "/person/age_at_flight: -9.223372036854776e+18 is below the minimum, 0"

# Top-level values that are not objects.
printf '"sv-001"\n' >corpus/string.json
check string.json 1 "error: expected an object, found a string"
printf '42\n' >corpus/number.json
check number.json 1 "error: expected an object, found a number"
printf 'null\n' >corpus/null.json
check null.json 1 "error: expected an object, found null"
printf 'true\n' >corpus/true.json
check true.json 1 "error: expected an object, found true/false"
printf '[[{"schema_version": "1", "id": "nested-1"}]]\n' >corpus/array-of-array.json
check array-of-array.json 1 "error: expected an object, found a list"
printf '[1, "two"]\n' >corpus/array-of-scalars.json
check array-of-scalars.json 1 "error: expected an object, found a number" \
    2 "holds more than one record; create takes one: use 'casebook import"

# Truncated files: a record cut inside a string and after a value; a JSON Lines
# file whose last line is cut (all or nothing: the whole line is rejected,
# nothing is written).
printf '{\n  "schema_version": "1",\n  "id": "cut-1",\n  "narrative": "She left in Ma' >corpus/cut-in-string.json
check cut-in-string.json 1 "error: a string is not closed: missing '\"' (is the file truncated?)"
sed -n '1,/"status"/p' "$EXAMPLES/sv-002.json" >corpus/cut-after-value.json
check cut-after-value.json 1 "error: unexpected end of input"
for f in "$EXAMPLES"/hn-00*.json; do tr -d '\n' <"$f"; echo; done >corpus/cut.jsonl
head -c -200 corpus/cut.jsonl >corpus/cut2.jsonl && mv corpus/cut2.jsonl corpus/cut.jsonl
check cut.jsonl 1 ":3:" 2 "holds more than one record; create takes one: use 'casebook import"
runt import corpus/cut.jsonl
expect_err_contains "3 records: 1 invalid; nothing written" "cut JSON Lines: the valid lines are not written either"

# Duplicate keys: an error at the second one, never one of them kept.
printf '{"schema_version": "1", "id": "dup-1", "id": "dup-2"}\n' >corpus/duplicate-id-key.json
check duplicate-id-key.json 1 ':1:40: error: duplicate property "id" in one object: keep only one'
sed 's/"country": "SLV"/"country": "SLV", "country": "GTM"/' "$EXAMPLES/sv-001.json" >corpus/duplicate-nested-key.json
check duplicate-nested-key.json 1 'error: duplicate property "country" in one object: keep only one'
runt query --count --where origin=GTM
expect_out 3 "a duplicate key kept no value"

# Ids that look like SQL or paths: refused by the id pattern, stored nowhere,
# and as arguments of show/log/edit/delete/review they are only looked up.
ID_MESSAGE="is not a valid case id: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"
i=0
for id in "x'; DROP TABLE cases; --" "sv-001' OR '1'='1" 'sv-001" OR 1=1 --' "../../../tmp/owned" "/etc/passwd" \
    "..%2f..%2fetc" "a/b" "CON" "sv-001\\x00" ". ." "-rf"; do
    i=$((i + 1))
    python3 -c 'import json, sys; print(json.dumps({"schema_version": "1", "id": sys.argv[1]}))' "$id" >"corpus/id-$i.json"
    case $i in
    1 | 2 | 4 | 5) check "id-$i.json" 1 "$ID_MESSAGE" ;;
    esac
    for cmd in show log delete restore edit; do
        EDITOR=true runt $cmd -- "$id"
        [ "$CODE" = 1 ] || fail "$cmd '$id': exit code $CODE, expected 1 ($ERR)"
        expect_err_contains "casebook: error: no case " "$cmd '$id'"
    done
    runt review --approve -- "$id"
    [ "$CODE" = 1 ] || fail "review '$id': exit code $CODE, expected 1 ($ERR)"
    unchanged "lookups of '$id'"
done
[ ! -e /tmp/owned ] || fail "an id made a file outside the work folder"
# "CON" is a valid id (nothing special on POSIX); "-rf" is not (it starts with '-').
check id-11.json 1 "$ID_MESSAGE"
runf corpus/id-8.json validate -
expect_code 0 "the id CON is an ordinary id"

# --- Accepted, not errors: CRLF line ends in JSON Lines, a UTF-8 byte-order mark.
for f in "$EXAMPLES"/*.json; do tr -d '\n' <"$f"; printf '\r\n'; done >plain.jsonl
{ printf '\xef\xbb\xbf'; cat plain.jsonl; } >corpus/crlf-bom.jsonl
runt validate corpus/crlf-bom.jsonl
expect_code 0 "CRLF and BOM in JSON Lines"
expect_err "10 records: 10 valid, 0 invalid; 0 errors, 0 warnings" "CRLF and BOM in JSON Lines"
runf corpus/crlf-bom.jsonl validate -
expect_code 0 "CRLF and BOM in JSON Lines on stdin"
expect_err "10 records: 10 valid, 0 invalid; 0 errors, 0 warnings" "CRLF and BOM in JSON Lines on stdin"
"$CASEBOOK" init --db bom.db 2>/dev/null
runt import --db bom.db corpus/crlf-bom.jsonl
expect_code 0 "import CRLF and BOM"
expect_err "10 records: 10 added, 0 updated, 0 unchanged, 0 rejected" "import CRLF and BOM"
[ "$("$CASEBOOK" export --db bom.db)" = "$("$CASEBOOK" export)" ] || fail "CRLF/BOM import: the records differ from the plain import"
"$CASEBOOK" init --db bom2.db 2>/dev/null
runf corpus/crlf-bom.jsonl import --db bom2.db -
expect_code 0 "import - with CRLF and BOM"
[ "$("$CASEBOOK" export --db bom2.db)" = "$("$CASEBOOK" export)" ] || fail "CRLF/BOM import from stdin: the records differ"
{ printf '\xef\xbb\xbf'; sed 's/$/\r/; s/"id": "sv-001"/"id": "bom-1"/' "$EXAMPLES/sv-001.json"; } >corpus/bom-crlf.json
for mode in "corpus/bom-crlf.json" "-"; do
    runf corpus/bom-crlf.json validate "$mode"
    expect_code 0 "validate a .json with BOM and CRLF ($mode)"
done
runt create --db bom.db --from corpus/bom-crlf.json
expect_code 0 "create from a .json with BOM and CRLF"
expect_out "bom-1" "create from a .json with BOM and CRLF"
unchanged "the accepted inputs went to other databases"

finish
