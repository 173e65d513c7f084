# Erasure: `casebook purge` removes the content from every byte of every file
# casebook wrote (the database, its -wal, its backups, edit buffers and
# recovery files), keeps a tombstone (who, when, why) and a chain that verifies.
source "$(dirname "$0")/lib.bash"
EXAMPLES="$SOURCE_DIR/examples/northern-triangle"
export TMPDIR="$WORK/tmp" XDG_STATE_HOME="$WORK/state"
mkdir -p "$TMPDIR" "$XDG_STATE_HOME/casebook"
export CASEBOOK_DB=old.db

# A format 1 database (as casebook 0.1 wrote it), so that the first command
# migrates it and leaves a backup holding the name.
python3 - "$SOURCE_DIR" <<'PY'
import json, os, re, sqlite3, sys
src = open(os.path.join(sys.argv[1], "src/store/migrations.cpp")).read()
sql = re.search(r'format_1 = R"sql\((.*?)\)sql"', src, re.S).group(1)
db = sqlite3.connect("old.db")
db.executescript(sql)
db.execute("PRAGMA application_id = 1129529931")
db.execute("PRAGMA user_version = 1")
for name in ("sv-001", "gt-001", "hn-001"):
    doc = json.load(open(os.path.join(sys.argv[1], "examples/northern-triangle", name + ".json")))
    if name == "sv-001":
        doc["person"]["pseudonym"] = "Quetzalli Wrongname"
        doc["narrative"] = "Told by Xochitl Realname on the phone."
    text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
    db.execute("INSERT INTO cases(id, doc, revision, deleted, status, outcome, verified_outcome, created_at, updated_at) "
               "VALUES (?, ?, 1, 0, '', '', '', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')", (doc["id"], text))
    db.execute("INSERT INTO history(case_id, revision, at, actor, action, doc) VALUES (?, 1, '2020-01-01T00:00:00Z', 'R01', 'create', ?)",
               (doc["id"], text))
db.commit()
PY
chmod 600 old.db
run verify
expect_code 0 "a format 1 database verifies (read through its upgraded copy)"
expect_err "" "reading says nothing"
[ ! -e old.db.v1.bak ] || fail "reading made a backup"

# The name is corrected in a second version; both versions still hold it somewhere.
"$CASEBOOK" show sv-001 --format json | sed 's/"Quetzalli Wrongname"/"Q."/' >fixed.json
run import --update fixed.json
expect_code 0 "import --update"
expect_err_contains "casebook: old.db upgraded from database format 1 to 7; the old file is kept as old.db.v1.bak" "migration notice"
[ -e old.db.v1.bak ] || fail "no backup"
# Leftovers casebook knows of: an abandoned edit buffer and a guided-entry recovery file.
mkdir -p "$TMPDIR/casebook-edit-abc123" && "$CASEBOOK" show sv-001 --format json >"$TMPDIR/casebook-edit-abc123/sv-001-x1y2z3.json"
KEY=$(stat -c '%d.%i' old.db | python3 -c 'import sys; d, i = sys.stdin.read().strip().split("."); print(f"{int(d):x}.{int(i):x}")')
"$CASEBOOK" show sv-001 --format json >"$XDG_STATE_HOME/casebook/edit-$KEY-sv-001-r2-Ab12Cd.json"
printf '{"person":{"pseudonym":"Quetzalli Wrongname"}}\n' >"$XDG_STATE_HOME/casebook/casebook-recovery-aaaaaa.json"
printf '{"person":{"pseudonym":"Someone Else"}}\n' >"$XDG_STATE_HOME/casebook/casebook-recovery-bbbbbb.json"
grep -rqa "Quetzalli" . || fail "the name is not in any file before the purge (the test proves nothing)"

run purge sv-001 --field /person/pseudonym
expect_code 2 "purge without --reason"
run purge sv-001 --field /person/nothing --reason "x"
expect_code 1 "purge of a value no version has"
expect_err_contains "casebook: error: no version of case \"sv-001\" has a value at /person/nothing"
run purge sv-001 --field /origin/country --reason "x"
expect_code 1 "purge of a required value"
expect_err_contains "case \"sv-001\" would not be a valid record without /origin/country"

TABLE_BEFORE=$("$CASEBOOK" table --rows origin --format csv)
run purge sv-001 --field /person/pseudonym --reason "real name typed by mistake"
expect_code 0 "purge --field"
expect_err "casebook: an unsaved edit of sv-001 is kept in $XDG_STATE_HOME/casebook/edit-$KEY-sv-001-r2-Ab12Cd.json: 'casebook edit sv-001' resumes it, 'casebook edit sv-001 --discard' throws it away
purged /person/pseudonym of sv-001 from 2 versions; the tombstone keeps who, when and why
removed ./old.db.v1.bak (it held the purged content)
removed $XDG_STATE_HOME/casebook/casebook-recovery-aaaaaa.json (it held the purged content)
removed $XDG_STATE_HOME/casebook/edit-$KEY-sv-001-r2-Ab12Cd.json (it held the purged content)
removed $TMPDIR/casebook-edit-abc123/sv-001-x1y2z3.json (it held the purged content)" "purge --field"
grep -rla "Quetzalli" . "$TMPDIR" "$XDG_STATE_HOME" && fail "the purged name is still in a file"
[ -e "$XDG_STATE_HOME/casebook/casebook-recovery-bbbbbb.json" ] || fail "an unrelated recovery file was removed"
[ "$(sqlite3 old.db 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
[ "$("$CASEBOOK" table --rows origin --format csv)" = "$TABLE_BEFORE" ] || fail "the table changed with a pseudonym purge"
run show sv-001 --format json
case "$OUT" in *pseudonym*) fail "the current version still has a pseudonym" ;; esac
expect_out_contains '"narrative": "Told by Xochitl Realname on the phone."' "the rest of the case is kept"
run verify
expect_code 0 "verify after purge --field"
run log sv-001
expect_out_contains "test  purge  sv-001 (revision 3)" "the tombstone"
expect_out_contains "note: real name typed by mistake" "the tombstone's reason"

# The whole case: consent withdrawn.
run purge sv-001 --reason "consent withdrawn"
expect_code 0 "purge the whole case"
expect_err "purged sv-001 from 2 versions; the tombstone keeps who, when and why"
for f in old.db*; do
    grep -qa "Xochitl" "$f" && fail "the narrative is still in $f"
    grep -qa '"id":"sv-001"' "$f" && fail "a document of sv-001 is still in $f"
done
[ "$(sqlite3 old.db 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after the whole purge"
[ "$(sqlite3 old.db 'SELECT count(*) FROM cases')" = 2 ] || fail "the case is still in cases"
run table --rows origin --format csv
[ "$(printf '%s' "$OUT" | tr -d '\r')" = "$(printf 'origin,cases\nGTM,1\nHND,1\ntotal,2')" ] || fail "tables count the cases left: $OUT"
run verify
expect_code 0 "a purged case still verifies"
run show sv-001
expect_code 1 "show a purged case"
run create --from "$EXAMPLES/sv-001.json"
expect_code 1 "the id of a purged case is not reused"
expect_err_contains "case \"sv-001\" was purged"
run log sv-001
expect_code 0 "log of a purged case: the tombstones"
expect_out_contains "test  purge  sv-001 (revision 4)" "the whole purge's tombstone"
expect_out_contains "note: consent withdrawn"

finish
