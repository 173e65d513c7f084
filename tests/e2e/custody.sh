# Chain of custody: `casebook verify` catches every rewrite of the history
# made behind casebook's back (here with the sqlite3 CLI), names the case and
# revision, and exits 1; an untouched database verifies with exit 0.
source "$(dirname "$0")/lib.bash"
EXAMPLES="$SOURCE_DIR/examples/northern-triangle"
export CASEBOOK_DB=base.db

"$CASEBOOK" init 2>/dev/null
for id in sv-001 sv-002 gt-001; do
    "$CASEBOOK" create --from "$EXAMPLES/$id.json" >/dev/null 2>&1 || fail "create $id"
done
# sv-001 revision 2: a second version, by another researcher.
sed 's/"Marisol"/"M."/' "$EXAMPLES/sv-001.json" >sv-001.json
CASEBOOK_USER=R02 "$CASEBOOK" import --update sv-001.json >/dev/null 2>&1 || fail "import --update"
"$CASEBOOK" delete gt-001 >/dev/null 2>&1 || fail "delete"

run verify
expect_code 0 "untouched database"
case "$OUT" in
"verified: 5 history rows, 3 cases, head "[0-9a-f]*) ;;
*) fail "summary line: $OUT" ;;
esac
[ "$(printf '%s' "$OUT" | sed 's/.*head //' | tr -d '\n' | wc -c)" = 64 ] || fail "head is not a 32-byte hash: $OUT"
expect_err "" "untouched database: nothing on stderr"

# History stays append-only in any other program: the triggers need a
# function only casebook defines.
sqlite3 base.db "UPDATE history SET actor = 'x'" 2>/dev/null && fail "sqlite3 could update history"
sqlite3 base.db "DELETE FROM history" 2>/dev/null && fail "sqlite3 could delete history"
[ "$(sqlite3 base.db 'SELECT count(*) FROM history')" = 5 ] || fail "history changed"

rev_of() { sqlite3 base.db "SELECT rev FROM history WHERE case_id = '$1' AND revision = $2"; }
SV1_R1=$(rev_of sv-001 1)
SV1_R2=$(rev_of sv-001 2)

# Each version (three creates, one import) records the hash of its derived
# columns; the delete row holds no document and no derived hash.
[ "$(sqlite3 base.db "SELECT group_concat(action || ':' || ifnull(length(derived), '-'), ' ') FROM history ORDER BY rev")" = \
    "create:33 create:33 create:33 import:33 delete:-" ] || fail "derived hashes: $(sqlite3 base.db 'SELECT action, length(derived) FROM history')"

# tamper NAME SQL EXPECTED...: runs SQL (triggers dropped first, as an
# intruder would) on a copy of the database; verify, with and without --deep,
# must exit 1 and say each EXPECTED.
tamper() {
    local name=$1 sql=$2
    shift 2
    cp base.db t.db
    sqlite3 t.db "DROP TRIGGER history_no_update; DROP TRIGGER history_no_delete; $sql" || fail "$name: sqlite3 failed"
    local deep e
    for deep in "" --deep; do
        run verify --db t.db $deep
        expect_code 1 "$name $deep"
        for e in "$@"; do
            expect_err_contains "$e" "$name $deep"
        done
        expect_err_contains "t.db: the append-only triggers on history were removed or changed" "$name $deep"
        [ -z "$OUT" ] || fail "$name $deep: stdout: $OUT"
    done
    rm -f t.db t.db-wal t.db-shm
}

tamper "change a case's derived columns" "UPDATE cases SET outcome = 'no_harm_known' WHERE id = 'sv-001'" \
    "t.db: case sv-001 revision 2: the case's table and query columns do not match its document"
tamper "change the current document" "UPDATE history SET doc = replace(doc, '\"killed\"', '\"threat\"') WHERE rev = $SV1_R2" \
    "t.db: case sv-001 revision 2 (rev $SV1_R2): the document does not match its content hash (it was changed)"
tamper "change an old history document" "UPDATE history SET doc = replace(doc, 'Marisol', 'Ana') WHERE rev = $SV1_R1" \
    "t.db: case sv-001 revision 1 (rev $SV1_R1): the document does not match its content hash (it was changed)"
tamper "delete a history row" "DELETE FROM history WHERE rev = $SV1_R1" \
    "t.db: case sv-001 revision 2 (rev $SV1_R2): the case's first row claims a previous row" \
    "t.db: case sv-001 revision 2 (rev $SV1_R2): revision 2 follows revision 0"
tamper "reorder rows" "UPDATE history SET revision = 3 - revision WHERE case_id = 'sv-001'" \
    "t.db: case sv-001 revision 2 (rev $SV1_R1): the row does not match its hash" \
    "t.db: case sv-001 revision 1 (rev $SV1_R2): revision 1 follows revision 2"
tamper "change an actor" "UPDATE history SET actor = 'R09' WHERE rev = $SV1_R2" \
    "t.db: case sv-001 revision 2 (rev $SV1_R2): the row does not match its hash: its case, revision, time, actor, action or note was changed"
tamper "delete the last row of a case" "DELETE FROM history WHERE rev = $SV1_R2" \
    "t.db: case sv-001 revision 2: the case is at revision 2 (rev $SV1_R2), its history at revision 1 (rev $SV1_R1)"

# A row copied in from another researcher's database, hashes and all.
CASEBOOK_USER=R05 "$CASEBOOK" init --db other.db 2>/dev/null
sed 's/"Marisol"/"Other"/' "$EXAMPLES/sv-001.json" >other.json
"$CASEBOOK" create --db other.db --from other.json >/dev/null 2>&1
NEXT=$(($(sqlite3 base.db 'SELECT max(rev) FROM history') + 1))
tamper "copy a row from another database" \
    "ATTACH 'other.db' AS o; INSERT INTO history SELECT $NEXT, case_id, revision, at, actor, action, note, doc, salt, content_hash, prev_hash, hash, link, signer, signature, purged_by, derived FROM o.history WHERE case_id = 'sv-001'; UPDATE cases SET head = $NEXT, version = $NEXT, revision = 1 WHERE id = 'sv-001'" \
    "t.db: case sv-001 revision 1 (rev $NEXT): the database-wide chain is broken here" \
    "t.db: case sv-001 revision 1 (rev $NEXT): it does not follow the case's previous row (revision 2, rev $SV1_R2)"

# What tables and queries count: case_dims and case_values, each changed alone.
SV2_R1=$(rev_of sv-002 1)
tamper "change a case_dims column" "UPDATE case_dims SET origin = 'HND' WHERE id = 'sv-002'" \
    "t.db: case sv-002 revision 1: the case's table and query columns do not match its document"
tamper "remove a harm from case_values" "DELETE FROM case_values WHERE case_id = 'sv-001' AND value = 'killed'" \
    "t.db: case sv-001 revision 2: the case's table and query columns do not match its document"
tamper "add a harm to case_values" "INSERT INTO case_values VALUES ('sv-002', 'harm', 'killed')" \
    "t.db: case sv-002 revision 1: the case's table and query columns do not match its document"
tamper "change a harm in case_values" "UPDATE case_values SET value = 'beaten' WHERE case_id = 'sv-001' AND value = 'killed'" \
    "t.db: case sv-001 revision 2: the case's table and query columns do not match its document"
tamper "change a multi-valued case_dims column" "UPDATE case_dims SET harm = 'threat' WHERE id = 'sv-001'" \
    "t.db: case sv-001 revision 2: the case's table and query columns do not match its document"
tamper "change a column in cases and case_dims alike" \
    "UPDATE cases SET sex = 'female' WHERE id = 'sv-002'; UPDATE case_dims SET sex = 'female' WHERE id = 'sv-002'" \
    "t.db: case sv-002 revision 1: the case's table and query columns do not match its document"
# The derived hash itself is covered by the row's hash (and its signature).
tamper "change a version's derived hash" "UPDATE history SET derived = zeroblob(33) WHERE rev = $SV1_R2" \
    "t.db: case sv-001 revision 2 (rev $SV1_R2): the row does not match its hash"
tamper "remove a version's derived hash" "UPDATE history SET derived = NULL WHERE rev = $SV1_R2" \
    "t.db: case sv-001 revision 2 (rev $SV1_R2): the row does not match its hash"
tamper "remove a case's case_dims row" "DELETE FROM case_dims WHERE id = 'sv-002'" \
    "t.db: case sv-002 revision 1: the case's table and query columns do not match its document"
tamper "values of a case that is not in cases" \
    "INSERT INTO case_values VALUES ('aa-000', 'harm', 'killed'), ('sv-001x', 'harm', 'killed'), ('zz-999', 'harm', 'killed'), ('zz-999', 'tag', 'x')" \
    "t.db: case aa-000: case_values holds values of this case, which cases has no row for
t.db: case sv-001x: case_values holds values of this case, which cases has no row for
t.db: case zz-999: case_values holds values of this case, which cases has no row for"
tamper "remove a case's row" "DELETE FROM cases WHERE id = 'sv-002'" \
    "t.db: case sv-002 revision 1 (rev $SV2_R1): the case has a history but is missing from cases"
# A case_dims row of a case that cases has not (made up, or a purged case put back): tables count it.
tamper "a case_dims row of a case not in cases" \
    "INSERT INTO case_dims(id, status, outcome, verified_outcome) VALUES ('zz-999', 'complete', 'killed', 'confirmed')" \
    "t.db: case zz-999: case_dims holds a row of this case, which cases has no row for: tables count it"
# An id with a NUL in it is another id (SQL no longer links these values to sv-001).
tamper "a NUL in case_values' case ids" "UPDATE case_values SET case_id = 'sv-001' || char(0) WHERE case_id = 'sv-001'" \
    "t.db: case sv-001 revision 2: the case's table and query columns do not match its document" \
    't.db: case sv-001\u0000: case_values holds values of this case, which cases has no row for'
# Values of another storage type than casebook writes: their text is the
# same, but SQL compares them otherwise (deleted = 0 is false for 'no' and
# 0.5: a live case left out of every table; a BLOB equals no text).
WRONG_TYPE="holds a value of another storage type than casebook writes there: tables and queries would not count it as its document says"
tamper "deleted stored as text" "UPDATE cases SET deleted = 'no' WHERE id = 'sv-002'; UPDATE case_dims SET deleted = 'no' WHERE id = 'sv-002'" \
    "t.db: case sv-002 revision 1: the column cases.deleted $WRONG_TYPE"
tamper "deleted stored as a real" "UPDATE case_dims SET deleted = 0.5 WHERE id = 'sv-002'" \
    "t.db: case sv-002 revision 1: the column case_dims.deleted $WRONG_TYPE"
tamper "consent stored as a BLOB" "UPDATE cases SET consent = CAST(consent AS BLOB) WHERE id = 'sv-002'; UPDATE case_dims SET consent = CAST(consent AS BLOB) WHERE id = 'sv-002'" \
    "t.db: case sv-002 revision 1: the column cases.consent $WRONG_TYPE"
tamper "status stored as a BLOB" "UPDATE case_dims SET status = CAST(status AS BLOB) WHERE id = 'sv-002'" \
    "t.db: case sv-002 revision 1: the column case_dims.status $WRONG_TYPE"
tamper "origin stored as a BLOB" "UPDATE case_dims SET origin = CAST(origin AS BLOB) WHERE id = 'sv-002'" \
    "t.db: case sv-002 revision 1: the column case_dims.origin $WRONG_TYPE"
tamper "return_year stored as a BLOB" "UPDATE cases SET return_year = CAST(return_year AS BLOB) WHERE id = 'sv-002'" \
    "t.db: case sv-002 revision 1: the column cases.return_year $WRONG_TYPE"
tamper "a harm stored as a BLOB" "UPDATE case_values SET value = CAST(value AS BLOB) WHERE case_id = 'sv-002' AND dim = 'harm'" \
    "t.db: case sv-002 revision 1: the column case_values.value $WRONG_TYPE"
# A case's times are those of its first and last rows (which their hashes cover).
tamper "change a case's created_at" "UPDATE cases SET created_at = '2020-01-01T00:00:00Z' WHERE id = 'sv-002'" \
    "t.db: case sv-002 revision 1: the case's created_at is not the time of its first history row"
tamper "change a case's updated_at" "UPDATE cases SET updated_at = '2020-01-01T00:00:00Z' WHERE id = 'sv-001'" \
    "t.db: case sv-001 revision 2: the case's updated_at is not the time of its last history row"
# query --sql copies the database's views; tables and writes go through the
# indexes and triggers on the case tables: each as the migrations made it.
tamper "rewrite an analyst view" "DROP VIEW cases_v; CREATE VIEW cases_v AS SELECT * FROM cases WHERE deleted = 0 AND id <> 'sv-001'" \
    "t.db: the view cases_v is not the one casebook creates: it was added, removed or changed"
tamper "drop an index" "DROP INDEX case_dims_refused" \
    "t.db: the index case_dims_refused is not the one casebook creates: it was added, removed or changed"
tamper "add a trigger on case_values" "CREATE TRIGGER hide AFTER INSERT ON case_values BEGIN DELETE FROM case_values WHERE dim = 'harm'; END" \
    "t.db: the trigger hide is not the one casebook creates: it was added, removed or changed"

# A derived hash recomputed for columns changed by hand (rechain.py
# --derived): only verify --deep, which derives the document again, sees it.
O=$(sqlite3 base.db "SELECT outcome FROM cases WHERE id = 'sv-002'")
cp base.db t.db
python3 "$SOURCE_DIR/tests/robustness/rechain.py" --derived t.db "UPDATE cases SET outcome = 'no_harm_known' WHERE id = 'sv-002'" \
    "UPDATE case_dims SET outcome = 'no_harm_known' WHERE id = 'sv-002'" || fail "rechain.py --derived"
run verify --db t.db
expect_code 0 "a forged derived hash, without --deep"
run verify --db t.db --deep
expect_code 1 "a forged derived hash, --deep"
expect_err "t.db: case sv-002 revision 1: the case's table and query columns do not match its document
verify: 1 broken link in 5 history rows" "a forged derived hash, --deep"
# The columns put back: now the hash is what does not match (as after a merge of such a row).
sqlite3 t.db "UPDATE cases SET outcome = '$O' WHERE id = 'sv-002'; UPDATE case_dims SET outcome = '$O' WHERE id = 'sv-002'"
run verify --db t.db --deep
expect_code 1 "a forged derived hash, the columns right"
expect_err "t.db: case sv-002 revision 1: the derived hash recorded by revision 1 does not match its document
verify: 1 broken link in 5 history rows" "a forged derived hash, the columns right"
rm -f t.db t.db-wal t.db-shm

# Triggers dropped, nothing else changed: still reported.
cp base.db t.db
sqlite3 t.db "DROP TRIGGER history_no_update"
run verify --db t.db
expect_code 1 "a trigger dropped"
expect_err "t.db: the append-only triggers on history were removed or changed
verify: 1 broken link in 5 history rows" "a trigger dropped"

# --since: the head printed earlier is still in the chain after more work.
HEAD=$(printf '%s' "$(cd . && "$CASEBOOK" verify)" | sed 's/.*head //')
"$CASEBOOK" restore gt-001 >/dev/null 2>&1 || fail "restore"
run verify --since "$HEAD"
expect_code 0 "verify --since"
expect_out_contains "; 1 rows added since $HEAD" "verify --since"
run verify --since 00112233
expect_code 1 "verify --since an unknown head"
expect_err_contains "00112233 is not a head of this database's history" "verify --since an unknown head"

# log still reads every version; show reads the current one from history.
run show sv-001 --format json
expect_code 0 "show"
expect_out_contains '"pseudonym": "M."' "show reads the current version"

# A purge changes what is left of a version, and so its derived columns: that
# case is derived again from what is left (its version's derived hash no
# longer applies), so it verifies, and a change to its columns is still caught.
run purge sv-002 --field /flight/persecutors --reason "named the wrong group"
expect_code 0 "purge a dimension's value"
[ "$(sqlite3 base.db "SELECT persecutor FROM case_dims WHERE id = 'sv-002'")" = "" ] || fail "purge: case_dims kept the value"
run verify
expect_code 0 "verify after purging a dimension's value"
run verify --deep
expect_code 0 "verify --deep after purging a dimension's value"
cp base.db t.db
sqlite3 t.db "UPDATE case_dims SET persecutor = 'gang' WHERE id = 'sv-002'"
run verify --db t.db
expect_code 1 "a purged case's columns changed"
expect_err_contains "t.db: case sv-002 revision 2: the case's table and query columns do not match its document" \
    "a purged case's columns changed"
rm -f t.db

# verify parses and derives on every core (--jobs): the same verdicts, in the
# same order, with 1, 2 and 3 threads, on more cases than one block (256) holds.
python3 "$SOURCE_DIR/bench/gen.py" --seed 3 --count 1200 >many.jsonl || fail "gen.py"
"$CASEBOOK" init --db many.db 2>/dev/null
"$CASEBOOK" import --db many.db many.jsonl >/dev/null 2>&1 || fail "import many"
run verify --db many.db --jobs 2
expect_code 0 "untouched, 2 jobs"
expect_out_contains "verified: 1200 history rows, 1200 cases, head " "untouched, 2 jobs"
run verify --db many.db --deep
expect_code 0 "untouched, --deep"
expect_out_contains "verified: 1200 history rows, 1200 cases, head " "untouched, --deep"
[ "$(sqlite3 many.db "SELECT count(*) FROM history WHERE length(derived) = 33")" = 1200 ] || fail "import: derived hashes"
IDS=($(sqlite3 many.db "SELECT id FROM cases ORDER BY id" | sed -n '2p;300p;301p;777p;1199p'))
sqlite3 many.db "UPDATE cases SET outcome = 'x' WHERE id = '${IDS[0]}';
UPDATE case_dims SET sex = 'x' WHERE id IN ('${IDS[1]}', '${IDS[3]}');
INSERT INTO case_values VALUES ('${IDS[2]}', 'tag', 'x'), ('${IDS[2]}~', 'tag', 'x');
DELETE FROM case_dims WHERE id = '${IDS[4]}';
DELETE FROM cases WHERE id IN (SELECT id FROM cases ORDER BY id LIMIT 2 OFFSET 600)" || fail "tamper many"
for jobs in 1 2 3; do
    run verify --db many.db --jobs "$jobs"
    expect_code 1 "tampered, $jobs jobs"
    printf '%s\n' "$ERR" >"err.$jobs"
done
run verify --db many.db --jobs 2 --deep
expect_code 1 "tampered, --deep"
printf '%s\n' "$ERR" >err.deep
cmp -s err.1 err.2 || fail "verify --jobs 1 and --jobs 2 differ: $(diff err.1 err.2 | head -5)"
cmp -s err.1 err.3 || fail "verify --jobs 1 and --jobs 3 differ: $(diff err.1 err.3 | head -5)"
cmp -s err.1 err.deep || fail "verify and verify --deep differ: $(diff err.1 err.deep | head -5)"
for id in "${IDS[0]}" "${IDS[1]}" "${IDS[2]}" "${IDS[3]}" "${IDS[4]}"; do
    expect_err_contains "many.db: case $id revision 1: the case's table and query columns do not match its document" "tampered many: $id"
done
expect_err_contains "many.db: case ${IDS[2]}~: case_values holds values of this case, which cases has no row for" "tampered many: orphan"
[ "$(grep -c "the case has a history but is missing from cases" err.1)" = 2 ] || fail "two removed cases: $(cat err.1)"
grep "missing from cases" err.1 | sort -c || fail "the cases missing from cases are not in id order"
# The removed cases' values and case_dims rows are left behind: reported too.
[ "$(grep -c "case_values holds values of this case, which cases has no row for" err.1)" = 3 ] || fail "orphans: $(cat err.1)"
[ "$(grep -c "case_dims holds a row of this case, which cases has no row for" err.1)" = 2 ] || fail "case_dims orphans: $(cat err.1)"
[ "$(wc -l <err.1)" = 13 ] || fail "tampered many: $(cat err.1)"

# A database from before format 6: its rows keep no derived hash and the
# hashes they had; verify derives those cases from their documents, and rows
# written since carry a derived hash.
format_1_database old.db
"$CASEBOOK" delete sv-001 --db old.db >/dev/null 2>&1 || fail "delete in a format 1 database" # migrates it
"$CASEBOOK" restore sv-001 --db old.db >/dev/null 2>&1 || fail "restore in a format 1 database"
sqlite3 old.db "SELECT rev, hash FROM history ORDER BY rev" >hashes.6
[ "$(sqlite3 old.db "SELECT count(*) FROM history WHERE derived IS NOT NULL")" = 0 ] || fail "migrated rows have a derived hash"
# The same database as format 5 left it: no derived column, user_version 5.
cp old.db five.db
sqlite3 five.db "ALTER TABLE history DROP COLUMN derived; PRAGMA user_version = 5"
# Times that drifted from the history (purge and seal stamped updated_at a
# moment after their row): migration 7 sets them from the history.
sqlite3 five.db "UPDATE cases SET created_at = '2001-01-01T00:00:00Z', updated_at = '2001-01-01T00:00:00Z'"
sed 's/"Marisol"/"M."/' "$EXAMPLES/sv-001.json" >sv-001-five.json
run import --db five.db --update sv-001-five.json
expect_err_contains "casebook: five.db upgraded from database format 5 to 7; the old file is kept as five.db.v5.bak" "format 5 to 6"
[ "$(sqlite3 five.db "SELECT rev, hash FROM history WHERE derived IS NULL ORDER BY rev")" = "$(cat hashes.6)" ] ||
    fail "migration 6 changed the hashes of older rows"
[ "$(sqlite3 five.db "SELECT action, length(derived) FROM history WHERE derived IS NOT NULL")" = "import|33" ] ||
    fail "a row written after migration 6 has no derived hash"
[ "$(sqlite3 five.db "SELECT count(*) FROM cases c WHERE created_at = (SELECT at FROM history WHERE case_id = c.id AND revision = 1)
    AND updated_at = (SELECT at FROM history WHERE rev = c.head)")" = 2 ] || fail "migration 7 left times that are not the history's"
run verify --db five.db
expect_code 0 "format 5 database, migrated"
expect_out_contains "verified: 5 history rows, 2 cases, head " "format 5 database, migrated"
# gt-001's only version has no derived hash: its columns are derived again, so a change is caught without --deep.
sqlite3 five.db "UPDATE case_dims SET origin = 'HND' WHERE id = 'gt-001'"
run verify --db five.db
expect_code 1 "format 5 database, tampered"
expect_err "five.db: case gt-001 revision 1: the case's table and query columns do not match its document
verify: 1 broken link in 5 history rows" "format 5 database, tampered"

finish
