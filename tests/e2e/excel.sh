# --excel: csv that Excel in Spanish opens right (a UTF-8 byte-order mark so
# that accents survive, ';' between cells, decimals with a comma), for
# export, table and query; the same cells as the plain csv otherwise.
. "$(dirname "$0")/lib.bash"
EX=$SOURCE_DIR/examples/northern-triangle
export CASEBOOK_DB=a.db
run init
run import "$EX"
expect_code 0 "import the examples"
BOM=$'\xef\xbb\xbf'

# export: --excel alone means csv; the same cells as --format csv, accents intact.
run export --excel
expect_code 0 "export --excel"
"$CASEBOOK" export --excel 2>/dev/null >excel.csv
"$CASEBOOK" export --format csv 2>/dev/null >plain.csv
[ "$(head -c 3 excel.csv)" = "$BOM" ] || fail "export --excel: no byte-order mark"
[ "$(head -c 3 plain.csv)" != "$BOM" ] || fail "plain csv has a byte-order mark"
python3 - <<'PY' || fail "export --excel: cells differ from the plain csv"
import csv, re
excel = list(csv.reader(open("excel.csv", encoding="utf-8-sig", newline=""), delimiter=";"))
plain = list(csv.reader(open("plain.csv", encoding="utf-8", newline="")))
assert len(excel) == len(plain) == 11, (len(excel), len(plain))
for e, p in zip(excel, plain):
    p = [re.sub(r"^(-?\d+)\.(\d+)$", r"\1,\2", c) for c in p]
    assert e == p, (e[:5], p[:5])
text = open("excel.csv", encoding="utf-8-sig").read()
assert any(ch in text for ch in "áéíóúñ"), "no accented letter in the export to check"
PY
run export --format csv --excel --redact
expect_code 0 "export --format csv --excel --redact"

# table: decimals with a comma, counts as they are.
run table outcomes --percent row --excel
expect_code 0 "table --excel"
[ "$(printf '%s' "$OUT" | head -c 3)" = "$BOM" ] || fail "table --excel: no byte-order mark"
line2=$(printf '%s\n' "$OUT" | sed -n 2p)
case "$line2" in
*";"*","[0-9]*) ;;
*) fail "table --excel: not ';' and decimal commas: $line2" ;;
esac
"$CASEBOOK" table outcomes --percent row --format csv 2>/dev/null >plain_table.csv
python3 - "$OUT" <<'PY' || fail "table --excel: cells differ from the plain csv"
import csv, io, sys
excel = list(csv.reader(io.StringIO(sys.argv[1].lstrip("\ufeff")), delimiter=";"))
plain = list(csv.reader(open("plain_table.csv", encoding="utf-8", newline="")))
assert [[c.replace(".", ",") for c in r] for r in plain] == excel
PY
run table outcomes --format long --excel
expect_code 0 "table --format long --excel"
[ "$(printf '%s' "$OUT" | head -c 3)" = "$BOM" ] || fail "table --format long --excel: no byte-order mark"

# query: a cell holding ';' is quoted.
run query --excel --columns id,flags --where origin=SLV --sort id
expect_code 0 "query --excel"
first=$(printf '%s\n' "$OUT" | sed -n 1p)
[ "$first" = "${BOM}id;flags"$'\r' ] || fail "query --excel header: $first"
printf '%s\n' "$OUT" | grep -q '^sv-001;"harm_linked_to_flight;no_representation"'$'\r''$' ||
    fail "query --excel: a cell with ';' is not quoted: $OUT"

# Any other format with --excel is a usage error, in the user's language too.
for cmd in "export --format json" "export --format package pkg" "table outcomes --format json" "query --format jsonl"; do
    run $cmd --excel
    expect_code 2 "$cmd --excel"
    expect_err_contains "casebook: error: --excel writes csv for a spreadsheet: it goes with --format csv (or no --format), not --format" "$cmd --excel"
done
[ ! -e pkg ] || fail "export --format package --excel wrote a package"
LANG=es_SV.UTF-8 run query --format json --excel
expect_code 2 "in Spanish"
expect_err_contains "casebook: error: --excel escribe" "in Spanish"

finish
