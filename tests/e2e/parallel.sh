# validate and import --jobs N: records parsed and checked on N threads give
# byte for byte the diagnostics, reports, exit codes and database of one
# thread, on a corpus with every kind of problem (syntax, schema, rules,
# duplicate ids across blocks and files, blank and CRLF lines, a BOM, stdin).
source "$(dirname "$0")/lib.bash"

python3 "$SOURCE_DIR/bench/gen.py" --seed 5 --count 3000 >clean.jsonl
mkdir -p more
python3 - <<'PY'
import json
lines = open("clean.jsonl", encoding="utf-8").read().splitlines()
out = []
for i, line in enumerate(lines):
    doc = json.loads(line)
    k = i % 97
    if k == 3:
        out.append(line[: len(line) // 2])                    # syntax error
        continue
    if k == 11:
        doc["id"] = json.loads(lines[i - 600])["id"]           # duplicate, several blocks back
    if k == 19:
        doc["person"]["psuedonym"] = "x"                     # unknown field
    if k == 23:
        doc["returns"][0]["date"] = "2018-02-30"             # not a day
    if k == 31:
        doc["origin"]["country"] = "El Salvador"              # not a code
    if k == 37:
        out.append("")                                       # blank line
    if k == 41:
        out.append("[1, 2]")                                  # not an object
    if k == 43:
        out.append("   \t ")
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    out.append(text + ("\r" if k == 47 else ""))
open("mixed.jsonl", "w", encoding="utf-8", newline="\n").write("\ufeff" + "\n".join(out) + "\n")
# A folder whose files repeat ids of mixed.jsonl and of each other.
first = [json.loads(l) for l in lines[:40]]
with open("more/a.jsonl", "w", encoding="utf-8") as f:
    for d in first[:20]:
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
with open("more/b.ndjson", "w", encoding="utf-8") as f:
    for d in first[10:40]:
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
PY

same() { # same NAME FILE1 FILE2
    cmp -s "$2" "$3" || fail "$1: $2 and $3 differ: $(diff "$2" "$3" | head -5)"
}

# --- validate: stderr (text) and stdout (json), and the exit code -------------
for jobs in 1 2 3 8; do
    "$CASEBOOK" validate --jobs "$jobs" mixed.jsonl more >"v$jobs.out" 2>"v$jobs.err"
    echo $? >"v$jobs.code"
    "$CASEBOOK" validate --jobs "$jobs" --format json mixed.jsonl more >"j$jobs.out" 2>"j$jobs.err"
    echo $? >"j$jobs.code"
    "$CASEBOOK" validate --jobs "$jobs" - <mixed.jsonl >"s$jobs.out" 2>"s$jobs.err"
    echo $? >"s$jobs.code"
done
for jobs in 2 3 8; do
    for f in v j s; do
        for part in out err code; do
            same "validate --jobs $jobs ($f)" "${f}1.$part" "${f}$jobs.$part"
        done
    done
done
# What one thread says is the whole story: every kind of problem is there.
[ "$(cat v1.code)" = 1 ] || fail "validate of mixed.jsonl: exit $(cat v1.code), expected 1"
for code in "error: expected" "is already used by the record at mixed.jsonl:" "is already used by the record at more/a.jsonl:" \
    "unknown field \"psuedonym\"" "is not a day of the calendar" "is not an ISO 3166-1" "expected an object"; do
    grep -qF "$code" v1.err || fail "validate of mixed.jsonl: stderr lacks [$code]"
done
grep -qF '"duplicate_id"' j1.out || fail "validate --format json: no duplicate_id in the report"
tail -1 v1.err | grep -qE '^3[0-9]{3} records: ' || fail "summary line: $(tail -1 v1.err)"

# The default is the number of cores; it says the same.
"$CASEBOOK" validate mixed.jsonl more >vd.out 2>vd.err
echo $? >vd.code
for part in out err code; do same "validate (default jobs)" "v1.$part" "vd.$part"; done

# A clean corpus is clean on any number of threads.
run validate --jobs 2 clean.jsonl
expect_code 0 "clean corpus, 2 jobs"

# --- usage --------------------------------------------------------------------
run validate --jobs 0 clean.jsonl
expect_code 2 "--jobs 0"
run validate --jobs 65 clean.jsonl
expect_code 2 "--jobs 65"
run import --jobs x --db x.db clean.jsonl
expect_code 2 "import --jobs x"

# --- import: refused with the same diagnostics; clean, the same database ------
for jobs in 1 2; do
    "$CASEBOOK" init --db "m$jobs.db" >/dev/null 2>&1
    "$CASEBOOK" import --quiet --jobs "$jobs" --db "m$jobs.db" mixed.jsonl >"i$jobs.out" 2>"i$jobs.err"
    echo $? >"i$jobs.code"
    "$CASEBOOK" init --db "c$jobs.db" >/dev/null 2>&1
    "$CASEBOOK" import --quiet --jobs "$jobs" --db "c$jobs.db" clean.jsonl >"k$jobs.out" 2>"k$jobs.err"
    echo $? >"k$jobs.code"
    "$CASEBOOK" export --db "c$jobs.db" --format jsonl >"e$jobs.jsonl" 2>/dev/null
    mkdir "w$jobs" # the summary names the rejects file: the same name in two folders
    (cd "w$jobs" && "$CASEBOOK" import --quiet --jobs "$jobs" --skip-invalid --rejects rejects.jsonl --db "../c$jobs.db" \
        --update ../mixed.jsonl >"../u$jobs.out" 2>"../u$jobs.err"
        echo $? >"../u$jobs.code")
    "$CASEBOOK" export --db "c$jobs.db" --format jsonl >"f$jobs.jsonl" 2>/dev/null
done
for f in i k u; do
    for part in out err code; do same "import --jobs 2 ($f)" "${f}1.$part" "${f}2.$part"; done
done
same "import --jobs 2: exported cases" e1.jsonl e2.jsonl
same "import --jobs 2 --skip-invalid: exported cases" f1.jsonl f2.jsonl
same "import --jobs 2 --skip-invalid: rejects" w1/rejects.jsonl w2/rejects.jsonl
[ "$(cat i1.code)" = 1 ] || fail "import of mixed.jsonl: exit $(cat i1.code), expected 1"
[ "$(wc -l <e1.jsonl)" = 3000 ] || fail "import of clean.jsonl: $(wc -l <e1.jsonl) cases exported, expected 3000"
[ -s w1/rejects.jsonl ] || fail "import --skip-invalid: no rejects"

finish
