# The case store end to end: init, create, show, edit, delete, restore, log.
source "$(dirname "$0")/lib.bash"
EXAMPLES="$SOURCE_DIR/examples/northern-triangle"

# init: mode 0600 whatever the umask; never overwrites.
(umask 000 && "$CASEBOOK" init --db cases.db 2>/dev/null)
[ "$(stat -c %a cases.db)" = 600 ] || fail "init: mode $(stat -c %a cases.db), expected 600"
run init --db cases.db
expect_code 3 "init on an existing file"
expect_err "casebook: error: the database cases.db already exists: casebook never overwrites a file; choose another name" "init on an existing file"
export CASEBOOK_DB=cases.db

# Reading a missing or foreign database.
run show sv-001 --db missing.db
expect_code 3 "missing database"
expect_err "casebook: error: no database at missing.db: create one with 'casebook init'" "missing database"
[ ! -e missing.db ] || fail "show created missing.db"
printf 'not a database\n' >junk.db
run log --db junk.db
expect_code 3 "foreign file"
expect_err_contains "junk.db is not a casebook database" "foreign file"

# Every example round-trips create --from -> show --format json, byte for byte.
for file in "$EXAMPLES"/*.json; do
    id=$(basename "$file" .json)
    run create --from "$file"
    expect_code 0 "create $id"
    expect_out "$id" "create $id"
    "$CASEBOOK" show "$id" --format json >shown.json
    cmp -s shown.json "$file" || fail "show --format json $id differs from $file"
done

# A rejected create leaves the database byte for byte as it was.
cp cases.db before.db
run create --from "$SOURCE_DIR/examples/invalid/bad-day.json"
expect_code 1 "invalid create"
expect_out "" "invalid create"
expect_err_contains "bad-day.json:" "invalid create"
cmp -s cases.db before.db || fail "a rejected create changed the database"

# An existing id is refused, pointing to edit and import --update.
run create --from "$EXAMPLES/sv-001.json"
expect_code 1 "existing id"
expect_err_contains "/id: case \"sv-001\" is already in the database: change it with 'casebook edit sv-001', or replace it with 'casebook import --update FILE'" "existing id"
cmp -s cases.db before.db || fail "a refused create changed the database"

# A case without an id gets <ORIGIN>-NNNN, printed on stdout.
run_in '{"schema_version": "1", "origin": {"country": "HND"}}' create --from -
expect_code 0 "create without id"
expect_out "HND-0001" "create without id"
run_in '{"schema_version": "1", "origin": {"country": "HND"}}' create --from -
expect_out "HND-0002" "second create without id"

# create needs --from, --template or a terminal.
run create
expect_code 2 "create without input"
expect_err_contains "use --from FILE" "create without input"

# The template has every field and is not valid until filled in.
run create --template
expect_code 0 "template"
expect_out_contains '"traveled_with": "alone | family | children | smuggler | group | unknown"' "template"
"$CASEBOOK" create --template | "$CASEBOOK" create --from - >/dev/null 2>&1
[ $? = 1 ] || fail "an unfilled template was accepted"

# show text: the summary.
run show sv-001
expect_code 0 "show text"
expect_out_contains "Journey    Guatemala (2016-02-20, transit) → Mexico (2016-02-24, transit) → United States (2016-03-11, destination, detained)" "show text"
expect_out_contains "Outcome    killed (verified: killed)" "show text"

# edit: a valid change is a new revision; an invalid one can be abandoned.
cat >rename.sh <<'SH'
#!/bin/sh
sed -i 's/"pseudonym": "Marisol"/"pseudonym": "M."/' "$1"
SH
cat >break.sh <<'SH'
#!/bin/sh
sed -i 's/"status": "complete"/"status": "finished"/' "$1"
SH
cat >nothing.sh <<'SH'
#!/bin/sh
exit 0
SH
chmod +x rename.sh break.sh nothing.sh
EDITOR="$WORK/rename.sh" run edit sv-001
expect_code 0 "edit"
expect_err "sv-001: saved revision 2" "edit"
run show sv-001 --format json
expect_out_contains '"pseudonym": "M."' "edit"
VISUAL="$WORK/nothing.sh" run edit sv-001
expect_code 0 "edit without change"
expect_err "sv-001: no changes" "edit without change"

cp cases.db before.db
printf 'n\n' | EDITOR="$WORK/break.sh" "$CASEBOOK" edit sv-002 >"$WORK/.out" 2>"$WORK/.err"
CODE=$?
ERR=$(cat "$WORK/.err")
expect_code 1 "abandoned edit"
expect_err_contains '/status: ' "abandoned edit"
expect_err_contains "re-open the editor? [Y/n]" "abandoned edit"
expect_err_contains "nothing saved; your edited record is kept in " "abandoned edit"
kept=$(printf '%s' "$ERR" | sed -n "s/.*kept in \(.*\) ('casebook edit .*/\1/p")
[ -f "$kept" ] && grep -q '"finished"' "$kept" || fail "abandoned edit: the edited file was not kept ($kept)"
[ "$(stat -c %a "$kept")" = 600 ] || fail "abandoned edit: the kept file is not 0600"
rm -rf "$(dirname "$kept")"
cmp -s cases.db before.db || fail "an abandoned edit changed the database"

# delete is soft and restore brings the case back.
run delete sv-002
expect_code 0 "delete"
run show sv-002
expect_code 1 "show deleted"
expect_err "casebook: error: case \"sv-002\" is deleted: 'casebook restore sv-002' brings it back, 'casebook log sv-002' shows its history" "show deleted"
run delete sv-002
expect_code 1 "delete twice"
run restore sv-002
expect_code 0 "restore"
run show sv-002 --format json
expect_code 0 "show restored"

# log: every action, oldest first; --diff as JSON Pointer old -> new.
run log sv-001 --diff
expect_code 0 "log"
LOG=$(printf '%s\n' "$OUT" | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/')
expect_log='rev 7  TIME  test  create  sv-001 (revision 1)
rev 13  TIME  test  edit  sv-001 (revision 2)
  /person/pseudonym: "Marisol" → "M."'
[ "$LOG" = "$expect_log" ] || fail "log sv-001 --diff:"$'\n'"$LOG"
run log sv-002
LOG=$(printf '%s\n' "$OUT" | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/')
expect_log='rev 8  TIME  test  create  sv-002 (revision 1)
rev 14  TIME  test  delete  sv-002 (revision 2)
rev 15  TIME  test  restore  sv-002 (revision 3)'
[ "$LOG" = "$expect_log" ] || fail "log sv-002:"$'\n'"$LOG"
run log nope
expect_code 1 "log of an unknown case"
[ "$(stat -c %a cases.db)" = 600 ] || fail "the database is no longer 0600"

# A database of format 1 (as casebook 0.1 wrote it, from the migration's own
# SQL) is read as it is, and upgraded by the first command that writes to it,
# after a backup, and the command says so once.
format_1_database old.db
run table --rows origin --cols outcome --db old.db --format csv
expect_code 0 "table on a format 1 database"
expect_err "" "reading a format 1 database says nothing"
expect_out_contains "SLV," "the format 1 database is counted"
run query --db old.db --format tsv --columns id,origin,outcome
expect_out "$(printf 'id\torigin\toutcome\ngt-001\tGTM\tdisappeared\nsv-001\tSLV\tkilled')" "derived values rebuilt, as a fresh import derives them"
[ ! -e old.db.v1.bak ] || fail "reading made a backup"
run review sv-001 --approve --db old.db
expect_code 0 "a write to a format 1 database"
expect_err_contains "casebook: old.db upgraded from database format 1 to 7; the old file is kept as old.db.v1.bak" "a write to a format 1 database"
[ "$(stat -c %a old.db.v1.bak)" = 600 ] || fail "the backup is not 0600"
run query --db old.db --format tsv --columns id,origin,outcome
expect_err "" "no second notice"
expect_out "$(printf 'id\torigin\toutcome\ngt-001\tGTM\tdisappeared\nsv-001\tSLV\tkilled')" "derived values kept by the upgrade"

finish
