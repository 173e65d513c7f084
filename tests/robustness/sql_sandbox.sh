# query --sql under attack (issue 15, "The read-only SQL is not read-only
# enough"): no spelling of a statement reads a document, the history, meta,
# case_dims, case_values or a deleted case; nothing is written; a runaway
# statement stops on time and within its memory; a writer's -wal does not
# grow while a statement runs; text that is not UTF-8 is a clear error; and
# --where takes hundreds of values.
source "$SOURCE_DIR/tests/robustness/lib.bash"
# Memory (ulimit -v) and time bounds mean nothing under AddressSanitizer, whose shadow memory
# needs terabytes of address space: the Release build runs this script in full.
if ldd "$CASEBOOK" 2>/dev/null | grep -q libasan; then echo "SKIP: bounds not meaningful under ASan"; exit 77; fi
EXAMPLES="$SOURCE_DIR/examples/northern-triangle"
export CASEBOOK_DB="$WORK/cases.db"

# A database whose every secret says SECRET: the pseudonym, locality and
# narrative of a live case (and of its earlier version in history), a deleted
# case's id-free values (a tag, a pseudonym), history notes.
"$CASEBOOK" init 2>/dev/null && "$CASEBOOK" import --quiet "$EXAMPLES" 2>/dev/null || fail "setup"
python3 - "$EXAMPLES/sv-001.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["id"] = "secret-1"
r["person"]["pseudonym"] = "SECRETPSEUDO"
r["origin"]["locality"] = "SECRETTOWN"
r["narrative"] = "SECRETSTORY"
for src in r.get("sources", []):
    src["reference"] = "SECRETREF"
json.dump(r, open("secret.json", "w"))
r["narrative"] = "SECRETSTORY, second version"
json.dump(r, open("secret2.json", "w"))
r["id"] = "gone-1"
r["person"]["pseudonym"] = "SECRETGONE"
r["tags"] = ["SECRETTAG"]
json.dump(r, open("gone.json", "w"))
PY
"$CASEBOOK" create --from secret.json >/dev/null 2>&1 || fail "setup: secret-1"
"$CASEBOOK" import --quiet --update secret2.json >/dev/null 2>&1 || fail "setup: secret-1 edited"
"$CASEBOOK" create --from gone.json >/dev/null 2>&1 || fail "setup: gone-1"
"$CASEBOOK" delete gone-1 --note "SECRETNOTE" >/dev/null 2>&1 || fail "setup: delete gone-1"
[ "$("$CASEBOOK" query --count)" = 11 ] || fail "setup: 11 live cases"
BEFORE=$(snapshot "$CASEBOOK_DB")

TRIED=0
LEAKED=0
# leaks WHAT: the last run printed a secret.
leaks() {
    case "$OUT$ERR" in
    *SECRET* | *gone-1*) LEAKED=$((LEAKED + 1)); fail "$1 leaked: $(printf '%s' "$OUT$ERR" | head -c 300)"; return 0 ;;
    esac
    return 1
}

# --- Statements that name what is not an analysis view: refused (exit 2),
# whatever the spelling, and nothing of it printed. The first two are the
# audit's own.
while IFS= read -r sql; do
    [ -n "$sql" ] || continue
    TRIED=$((TRIED + 1))
    runt query --sql "$sql" --format tsv
    leaks "--sql $sql" && continue
    if [ "$CODE" != 2 ]; then
        LEAKED=$((LEAKED + 1))
        fail "--sql $sql: exit $CODE, expected 2 (a refusal): $(printf '%s' "$OUT" | head -c 300)"
    fi
    expect_err_contains "casebook: error: --sql" "--sql $sql"
done <<'SQL'
SELECT id, json_extract(doc,'$.person.pseudonym') FROM (SELECT NULL id, NULL deleted, NULL doc WHERE 0) FULL JOIN cases USING(id, deleted, doc)
SELECT * FROM (SELECT NULL case_id, NULL actor, NULL note, NULL doc WHERE 0) FULL JOIN history USING(case_id, actor, note, doc)
SELECT case_id, actor, note, doc FROM (SELECT NULL case_id, NULL actor, NULL note, NULL doc WHERE 0) FULL JOIN history USING(case_id, actor, note, doc)
SELECT doc FROM (SELECT NULL doc WHERE 0) FULL JOIN cases USING(doc)
SELECT doc FROM (SELECT NULL doc WHERE 0) LEFT JOIN cases USING(doc) UNION ALL SELECT doc FROM (SELECT NULL doc WHERE 0) RIGHT JOIN cases USING(doc)
SELECT doc FROM (SELECT NULL AS doc WHERE 0) NATURAL FULL JOIN cases
SELECT * FROM (SELECT NULL AS note WHERE 0) NATURAL FULL JOIN history
SELECT note FROM (SELECT NULL note WHERE 0) FULL JOIN history USING(note)
SELECT value FROM (SELECT NULL key, NULL value WHERE 0) FULL JOIN meta USING(key, value)
SELECT id FROM (SELECT NULL id, NULL deleted WHERE 0) FULL JOIN cases USING(id, deleted) WHERE deleted = 1
SELECT count(*) FROM (SELECT NULL doc WHERE 0) FULL JOIN cases USING(doc) WHERE doc LIKE '%SECRET%'
SELECT tag FROM (SELECT NULL tag WHERE 0) FULL JOIN case_dims USING(tag)
SELECT value FROM (SELECT NULL value WHERE 0) FULL JOIN case_values USING(value)
SELECT j.value FROM (SELECT NULL doc WHERE 0) FULL JOIN cases USING(doc), json_tree(doc) j WHERE j.key = 'pseudonym'
SELECT * FROM json_each((SELECT doc FROM (SELECT NULL doc WHERE 0) FULL JOIN cases USING(doc) LIMIT 1))
WITH x AS (SELECT doc FROM (SELECT NULL doc WHERE 0) FULL JOIN cases USING(doc)) SELECT * FROM x
WITH RECURSIVE r(d) AS (SELECT doc FROM (SELECT NULL doc WHERE 0) FULL JOIN history USING(doc)) SELECT d FROM r
SELECT (SELECT group_concat(doc) FROM (SELECT NULL doc WHERE 0) FULL JOIN cases USING(doc))
SELECT id FROM cases_v WHERE EXISTS (SELECT 1 FROM (SELECT NULL doc WHERE 0) FULL JOIN cases USING(doc) WHERE doc LIKE '%SECRET%')
SELECT doc FROM cases
SELECT DOC FROM CASES
SELECT doc FROM "cases"
SELECT doc FROM [cases]
SELECT doc FROM `cases`
SELECT doc FROM main.cases
SELECT doc FROM "main"."cases"
SELECT doc FROM temp.cases
SELECT * FROM history
SELECT * FROM meta
SELECT * FROM case_dims
SELECT * FROM case_values
SELECT * FROM cases_v UNION ALL SELECT id, status, origin, returned_from, returned_to, mechanism, return_date, return_year, flight_year, sex, age_group, minor, outcome, verified_outcome, project, doc, revision, created_at, updated_at FROM cases
SELECT json_extract(doc, '$.narrative') FROM cases
SELECT c.id FROM cases_v c JOIN cases d USING(id) WHERE d.deleted = 1
SELECT id FROM cases_v NATURAL JOIN cases
SELECT * FROM cases_v WHERE id IN (SELECT case_id FROM history WHERE note LIKE 'SECRET%')
SELECT group_concat(note) FROM history
SELECT sqlite_offset(doc) FROM cases
SELECT * FROM cases_v WINDOW w AS (PARTITION BY (SELECT doc FROM cases LIMIT 1))
SELECT doc FROM cases INDEXED BY sqlite_autoindex_cases_1
SELECT * FROM pragma_table_info('cases') JOIN cases
ATTACH 'cases.db' AS x
ATTACH 'file:cases.db?mode=ro' AS x
SELECT load_extension('libsqlite3.so')
SELECT readfile('cases.db')
SELECT writefile('out.txt', 'x')
SELECT edit('x', 'vi')
VACUUM INTO 'copy.db'
VACUUM
PRAGMA query_only = 0
PRAGMA writable_schema = 1
PRAGMA journal_mode = DELETE
PRAGMA user_version = 9
DELETE FROM cases_v
DELETE FROM harms_v
INSERT INTO legs_v(case_id) VALUES ('x')
UPDATE sources_v SET source_id = 'x'
DROP TABLE returns_v
INSERT INTO cases_v(id) VALUES ('x')
UPDATE cases_v SET origin = 'x'
CREATE TABLE x AS SELECT * FROM cases_v
CREATE TEMP TABLE x(a)
CREATE TEMP VIEW v AS SELECT 1
CREATE TEMP TRIGGER t AFTER INSERT ON cases_v BEGIN SELECT 1; END
DROP TABLE cases_v
ALTER TABLE cases_v RENAME TO x
BEGIN
SAVEPOINT s
ANALYZE
REINDEX
DETACH main
SELECT 1; SELECT doc FROM cases
SQL

# --- Statements that may run on the views' copy: whatever they print holds
# no secret, and a listing of the sandbox shows only the views.
while IFS= read -r sql; do
    [ -n "$sql" ] || continue
    TRIED=$((TRIED + 1))
    runt query --sql "$sql" --format tsv
    leaks "--sql $sql" && continue
    case "$CODE" in 0 | 2) ;; *) fail "--sql $sql: exit $CODE" ;; esac
done <<'SQL'
SELECT * FROM cases_v
SELECT * FROM flags_v NATURAL FULL JOIN harms_v NATURAL FULL JOIN tags_v
SELECT * FROM legs_v
SELECT * FROM returns_v
SELECT * FROM harms_v
SELECT * FROM sources_v
SELECT * FROM sources_v NATURAL FULL JOIN harms_v NATURAL FULL JOIN legs_v NATURAL FULL JOIN returns_v
SELECT reference FROM sources_v
SELECT pseudonym, narrative FROM legs_v, cases_v
SELECT * FROM legs_v WHERE case_id = 'gone-1'
SELECT group_concat(sql) FROM sqlite_schema WHERE name LIKE '%s_v'
SELECT * FROM cases_v NATURAL FULL JOIN tags_v
SELECT * FROM (SELECT NULL id, NULL deleted, NULL doc WHERE 0) FULL JOIN cases_v USING(id)
SELECT sql FROM sqlite_schema
SELECT * FROM sqlite_master
SELECT * FROM sqlite_temp_schema
SELECT * FROM pragma_table_list
SELECT * FROM pragma_table_info('cases')
SELECT * FROM pragma_table_info('history')
SELECT * FROM pragma_database_list
SELECT * FROM pragma_function_list
SELECT hex(data) FROM sqlite_dbpage
SELECT * FROM dbstat
SELECT name, hex(data) FROM sqlite_dbpage('main')
SELECT * FROM json_tree((SELECT json_group_array(json_object('id', id, 'tags', tag)) FROM tags_v))
SELECT group_concat(tag) FROM tags_v
SELECT id FROM cases_v WHERE id LIKE '%gone%'
SELECT * FROM cases_v WHERE deleted = 1
SELECT * FROM cases_v, pragma_table_xinfo('cases_v')
SELECT * FROM pragma_query_only
SELECT hex(fts3_tokenizer('simple'))
SQL
runt query --sql "SELECT name, type FROM sqlite_schema ORDER BY name" --format tsv
expect_code 0 "listing the sandbox"
expect_out "name	type
cases_v	table
failures_v	table
flags_v	table
harms_v	table
legs_v	table
persecutors_v	table
reasons_v	table
returns_v	table
sources_v	table
tags_v	table
transits_v	table
verifications_v	table" "the sandbox holds the analysis views and nothing else"
runt query --sql "SELECT group_concat(name, ',') AS c FROM pragma_table_info('cases_v')" --format tsv
expect_out_contains "id,status,origin,returned_from,returned_to,mechanism,return_date,return_year,flight_year,sex,age_group,minor,outcome,verified_outcome,project,consent,flags,revision,created_at,updated_at" "pragma_table_info lists cases_v's columns"
runt query --sql "SELECT count(*) FROM cases_v" --format tsv
expect_out "count(*)
11" "cases_v counts the live cases"
runt query --sql "SELECT count(*) FROM tags_v WHERE case_id = 'gone-1'" --format tsv
expect_out "count(*)
0" "tags_v holds no deleted case"
[ -z "$(ls copy.db out.txt x 2>/dev/null)" ] || fail "--sql wrote a file: $(ls copy.db out.txt x 2>/dev/null)"
[ "$(snapshot "$CASEBOOK_DB")" = "$BEFORE" ] || fail "--sql changed the database"
echo "sql_sandbox: $TRIED statements tried, $LEAKED leaked or were not refused" >&2

# --- A statement that never ends stops at --timeout, exit 3.
START=$(date +%s)
runt query --sql "WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n+1 FROM c) SELECT max(n) FROM c" --timeout 1
expect_code 3 "a recursive CTE without end"
expect_err "casebook: error: --sql stopped: the statement ran longer than 1 seconds; give it more time with --timeout SECONDS" "the time limit's message"
[ $(($(date +%s) - START)) -le 20 ] || fail "--timeout 1 took $(($(date +%s) - START)) s"
# ... and by default, after a few seconds.
START=$(date +%s)
runt query --sql "WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n+1 FROM c) SELECT max(n) FROM c"
expect_code 3 "a recursive CTE without end, default time limit"
expect_err_contains "ran longer than 5 seconds" "the default time limit is 5 seconds"
[ $(($(date +%s) - START)) -le 30 ] || fail "the default time limit took $(($(date +%s) - START)) s"
runt query --sql "SELECT 1" --timeout 0
expect_code 2 "--timeout 0 is a usage error"
runt query --timeout 3
expect_code 2 "--timeout without --sql"

# --- Memory: s||s doubling and a growing UNION stop with exit 3, using at
# most about the sandbox's limit (512 MiB) and never GBs.
peak() { # ARGS...: runs casebook; leaves CODE, ERR, and PEAK_MB, its peak memory
    python3 - "$CASEBOOK" "$@" >"$WORK/.peak" 2>"$WORK/.err" <<'PY'
import resource, subprocess, sys
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)
sys.stderr.buffer.write(p.stderr)
print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
PY
    read -r CODE PEAK_MB <"$WORK/.peak"
    ERR=$(cat "$WORK/.err")
}
if [ "$SANITIZED" = 0 ]; then
    peak query --sql "WITH RECURSIVE c(s) AS (SELECT 'x' UNION ALL SELECT s||s FROM c) SELECT max(length(s)) FROM c" --timeout 300
    expect_code 3 "s||s doubling"
    expect_err_contains "casebook: error: --sql stopped:" "s||s doubling"
    [ "$PEAK_MB" -le 900 ] || fail "s||s doubling used $PEAK_MB MB"
    peak query --sql "WITH RECURSIVE c(n, b) AS (SELECT 0, zeroblob(1000000) UNION SELECT n+1, (n+1) || zeroblob(1000000) FROM c) SELECT count(*) FROM c" --timeout 300
    expect_code 3 "a UNION of 1 MB rows without end"
    expect_err "casebook: error: --sql stopped: the statement needed more than 512 MiB of memory" "the memory limit's message"
    [ "$PEAK_MB" -le 900 ] || fail "a UNION of 1 MB rows used $PEAK_MB MB"
    peak query --sql "SELECT length(group_concat(zeroblob(1000000))) FROM (WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n+1 FROM c WHERE n < 5000) SELECT n FROM c)" --timeout 300
    expect_code 3 "group_concat of 5 GB"
    [ "$PEAK_MB" -le 900 ] || fail "group_concat of 5 GB used $PEAK_MB MB"
fi

# --- A writer's -wal does not grow while a statement runs: the views are
# copied first, and the main database's read transaction ends before the
# statement starts, so checkpoints can restart the -wal.
python3 "$SOURCE_DIR/bench/gen.py" --seed 7 --count 4000 >corpus.jsonl
split -l 100 --additional-suffix=.jsonl corpus.jsonl batch-
"$CASEBOOK" query --sql "WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n+1 FROM c) SELECT max(n) FROM c" \
    --timeout 600 >/dev/null 2>&1 &
READER=$!
sleep 1
WAL=0
for f in batch-*; do
    "$CASEBOOK" import --quiet "$f" >/dev/null 2>&1 || fail "import $f beside a running --sql"
    SIZE=$(stat -c %s "$CASEBOOK_DB-wal" 2>/dev/null || echo 0)
    [ "$SIZE" -le "$WAL" ] || WAL=$SIZE
done
kill -0 "$READER" 2>/dev/null || fail "the --sql statement ended before the imports did"
kill "$READER" 2>/dev/null
wait "$READER" 2>/dev/null
# 40 imports of 100 cases write over 20 MB; a pinned snapshot would keep all of it.
[ "$WAL" -le $((8 * 1024 * 1024)) ] || fail "the -wal grew to $WAL bytes while --sql ran"
[ "$("$CASEBOOK" query --count)" = 4011 ] || fail "the imports beside --sql are all there"

# --- Text that is not UTF-8 is a clear error (exit 2), in every format.
for format in jsonl json csv tsv; do
    for sql in "SELECT CAST(x'ff' AS TEXT) AS a" "SELECT json_object('a', CAST(x'c3' AS TEXT)) AS a" \
        "SELECT json(CAST(x'22ff22' AS TEXT)) AS a" "SELECT 1 AS \"$(printf '\xff')\""; do
        runt query --sql "$sql" --format "$format"
        expect_code 2 "--sql $sql --format $format"
        expect_err_contains "is not UTF-8" "--sql $sql --format $format"
        case "$ERR" in *json.exception*) fail "--sql $sql: a raw exception: $ERR" ;; esac
    done
done
runt query --sql "SELECT json_extract(CAST(x'ff' AS TEXT), '\$') AS a" --format jsonl
expect_code 2 "json_extract of bytes that are not UTF-8"
expect_err "casebook: error: --sql failed: malformed JSON" "json_extract of bytes that are not UTF-8"
runt query --sql "SELECT hex(CAST(x'ff' AS TEXT)) AS a" --format jsonl
expect_out '{"a":"FF"}' "hex() shows the bytes"

# --- --where with hundreds of values, and hundreds of --where.
TAGS=$(python3 -c "print(','.join(['SECRETTAG'] + ['t%d' % i for i in range(300)]))")
runt query --count --where "tag=$TAGS"
expect_code 0 "--where tag= with 301 values"
expect_out 0 "a deleted case's tag matches nothing"
COUNTRIES=$(python3 -c "
import json; print(','.join(sorted({c['alpha_3'] for c in json.load(open('/usr/share/iso-codes/json/iso_3166-1.json'))['3166-1']})))")
runt query --count --where "origin=$COUNTRIES"
expect_code 0 "--where origin= with every country"
expect_out 4011 "every country matches every case"
runt query --count --where "harm=$(python3 -c "print(','.join(['killed','threat'] * 1))"),$(python3 -c "print(','.join('x%d' % i for i in range(200)))" | sed 's/x[0-9]*/threat/g')"
expect_code 0 "--where harm= with 202 values, repeated"
MANY=()
for i in $(seq 1 1500); do MANY+=(--where "origin!=AFG"); done
runt query --count "${MANY[@]}"
expect_code 0 "1500 --where"
expect_out 4011 "1500 --where that all hold"
MANY=()
for i in $(seq 1 300); do MANY+=(--where "tag!=t$i"); done
runt table --rows origin "${MANY[@]}" --format tsv
expect_code 0 "table with 300 --where on a multi-valued dimension"
runt export --format jsonl --where "tag=$TAGS"
expect_code 0 "export --where with 301 values"
expect_out "" "export: a deleted case's tag matches nothing"

finish
