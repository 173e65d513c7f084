# Security, written as tests: --sql cannot write, attach or load; user values
# reach SQL as bound parameters; every file casebook writes is 0600 and its
# temporary files are private and removed; sensitive values never appear in a
# diagnostic; $EDITOR runs without a shell.
# Also covered elsewhere: --where/--rows/--sql attacks in tests/e2e/table.sh,
# the database, kept edit file and recovery file modes in tests/e2e/store.sh and
# guided.sh, ids that look like SQL or paths in hostile_input.sh.
source "$SOURCE_DIR/tests/robustness/lib.bash"
EXAMPLES="$SOURCE_DIR/examples/northern-triangle"
export CASEBOOK_DB="$WORK/cases.db"
export TMPDIR="$WORK/tmp"
mkdir "$TMPDIR"
umask 000 # casebook's files must be private whatever the umask
"$CASEBOOK" init 2>/dev/null && "$CASEBOOK" import --quiet "$EXAMPLES" 2>/dev/null || fail "setup"

# --- --sql cannot write, attach or load (more in tests/e2e/table.sh).
BEFORE=$(snapshot "$CASEBOOK_DB")
while IFS= read -r sql; do
    runt query --sql "$sql"
    expect_code 2 "--sql $sql"
    expect_err_contains "casebook: error: " "--sql $sql"
done <<'SQL'
WITH x AS (SELECT 1) DELETE FROM cases
INSERT INTO cases(id) SELECT 'x' RETURNING id
REPLACE INTO meta VALUES ('schema', 'x')
SELECT * FROM cases_v; ATTACH DATABASE 'evil2.db' AS e
ATTACH 'file:evil3.db?mode=rwc' AS e
SELECT load_extension('./evil.so', 'sqlite3_evil_init')
SELECT doc FROM history
PRAGMA writable_schema = ON
SAVEPOINT s
ANALYZE
REINDEX
DETACH main
CREATE VIEW v AS SELECT 1
SQL
# The tables are not in --sql's sandbox (tests/robustness/sql_sandbox.sh): nothing to list.
runt query --sql "SELECT * FROM pragma_table_info('cases')"
expect_code 0 "pragma_table_info('cases')"
expect_out "" "pragma_table_info('cases') finds no such table"
[ -z "$(ls evil*.db 2>/dev/null)" ] || fail "--sql created $(ls evil*.db)"
[ "$(snapshot "$CASEBOOK_DB")" = "$BEFORE" ] || fail "--sql changed the database"

# --- User values are bound parameters: stored and found verbatim, never run.
EVIL="x'); DROP TABLE cases; --\" OR 1=1 %_\\"
python3 - "$EXAMPLES/sv-001.json" "$EVIL" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["id"] = "evil-1"
r["tags"] = ["a_b-c.d:e"]  # tags are labels: "_" is still a LIKE wildcard
r["recorded"]["project"] = sys.argv[2]
json.dump(r, open("evil.json", "w"))
PY
CASEBOOK_USER="$EVIL" runt create --from evil.json
expect_code 0 "a record full of SQL"
runt query --count --where "project=$EVIL"
expect_code 0 "--where with SQL in the value"
expect_out 1 "--where finds the value verbatim"
runt query --count --where "tag=a_b-c.d:e"
expect_out 1 "--where tag finds the value verbatim"
runt query --count --where "tag=aXb-c.d:e"
expect_out 0 "_ in a tag is not a LIKE wildcard"
runt query --count --where "project=x%"
expect_out 0 "% in a value is not a LIKE pattern"
CASEBOOK_USER="$EVIL" runt delete evil-1 --note "$EVIL"
expect_code 0 "delete with SQL in the note and the actor"
runt review sv-001 --approve --note "$EVIL" --reviewer "$EVIL"
expect_code 0 "review with SQL in the note and the reviewer"
runt log
expect_out_contains "$EVIL  create  evil-1 (revision 1)" "the actor is stored verbatim"
runt query --count
expect_out 10 "the cases are all there"

# --- Every file casebook writes is 0600, whatever the umask.
mode() { stat -c %a "$1"; }
[ "$(mode "$CASEBOOK_DB")" = 600 ] || fail "database: mode $(mode "$CASEBOOK_DB")"
# The -wal and -shm files, while casebook has the database open (seen from the editor).
cat >inspect.sh <<'SH'
#!/bin/sh
# Records the modes of the files casebook has open, and of the edit file.
f=$1
{
    echo "args $#"
    echo "file $(stat -c %a "$f") $f"
    echo "dir $(stat -c %a "$(dirname "$f")") $(dirname "$f")"
    echo "wal $(stat -c %a "$CASEBOOK_DB-wal" 2>/dev/null)"
    echo "shm $(stat -c %a "$CASEBOOK_DB-shm" 2>/dev/null)"
} >"$WORK_DIR/inspect.txt"
sed -i 's/"pseudonym": "Marisol"/"pseudonym": "M."/' "$f"
SH
chmod +x inspect.sh
WORK_DIR=$WORK EDITOR="$WORK/inspect.sh" runt edit sv-001
export -n WORK_DIR
expect_code 0 "edit with an inspecting editor"
grep -q '^args 1$' inspect.txt || fail "the editor got other arguments than the file: $(cat inspect.txt)"
grep -q '^file 600 ' inspect.txt || fail "edit file: $(grep '^file' inspect.txt)"
grep -q "^dir 700 $XDG_STATE_HOME/casebook$" inspect.txt || fail "edit folder: $(grep '^dir' inspect.txt)"
grep -Eq '^wal (600)?$' inspect.txt || fail "the -wal file: $(grep '^wal' inspect.txt)"
grep -Eq '^shm (600)?$' inspect.txt || fail "the -shm file: $(grep '^shm' inspect.txt)"
[ -z "$(ls -A "$TMPDIR")" ] || fail "edit left temporary files: $(ls -A "$TMPDIR")"
for f in "$CASEBOOK_DB"*; do [ "$(mode "$f")" = 600 ] || fail "$f: mode $(mode "$f")"; done
# The rejects file of import --skip-invalid holds whole records: private too.
cp "$SOURCE_DIR/examples/invalid/bad-day.json" bad.json
runt import --skip-invalid --rejects rejects.jsonl bad.json
expect_code 1 "import --skip-invalid"
[ -f rejects.jsonl ] || fail "no rejects file"
[ "$(mode rejects.jsonl)" = 600 ] || fail "the rejects file has mode $(mode rejects.jsonl), expected 600"
# A database created by init and a backup: 0600 (init is in tests/e2e/store.sh too).
runt init --db second.db
[ "$(mode second.db)" = 600 ] || fail "init: mode $(mode second.db)"

# import - reads stdin; a temporary copy of it, if it makes one, is 0600 in a
# private (0700) folder, and removed after.
mkfifo feed
timeout "$LIMIT" "$CASEBOOK" import --db second.db - <feed >imp.out 2>imp.err &
pid=$!
exec 3>feed
cat "$EXAMPLES/sv-001.json" >&3
sleep 0.5
while IFS= read -r copy; do
    [ "$(mode "$copy")" = 600 ] || fail "import -: the temporary file $copy has mode $(mode "$copy")"
    [ "$(dirname "$copy")" != "$TMPDIR" ] || fail "import -: the temporary file $copy is not in a private folder"
done < <(find "$TMPDIR" -type f)
while IFS= read -r dir; do
    [ "$(mode "$dir")" = 700 ] || fail "import -: the temporary folder $dir has mode $(mode "$dir")"
done < <(find "$TMPDIR" -mindepth 1 -type d)
exec 3>&-
wait $pid || fail "import - failed: $(cat imp.err)"
runt query --db second.db --count
expect_out 1 "import - through a pipe"
[ -z "$(ls -A "$TMPDIR")" ] || fail "import - left temporary files: $(ls -A "$TMPDIR")"
# Also on failure.
printf '{"schema_version": "1", "id": "x"' | "$CASEBOOK" import --db second.db - >/dev/null 2>&1
[ -z "$(ls -A "$TMPDIR")" ] || fail "a failed import - left temporary files: $(ls -A "$TMPDIR")"

# --- Sensitive values (x-sensitive) never appear in a diagnostic: the message
# names the field instead.
SECRET=Zq7-SECRET-VALUE
python3 - "$EXAMPLES/sv-001.json" "$SECRET" <<'PY'
import json, sys
base = json.load(open(sys.argv[1]))
s = sys.argv[2]
def case(name, change):
    r = json.loads(json.dumps(base))
    r["id"] = "sens-" + name
    change(r)
    json.dump(r, open(f"sens-{name}.json", "w"), indent=2)
long = (s + " ") * 20000
case("pseudonym-long", lambda r: r["person"].update(pseudonym=s + "x" * 300))
case("locality-long", lambda r: r["origin"].update(locality=s * 30))
case("reference-long", lambda r: r["sources"][0].update(reference=s * 30))
case("narrative-long", lambda r: r.update(narrative=long))
case("notes-long", lambda r: r.update(notes=long))
case("pseudonym-type", lambda r: r["person"].update(pseudonym=[s]))
case("locality-object", lambda r: r["origin"].update(locality={s: s}))
case("notes-empty-key", lambda r: r.update(notes={"": s}))
case("narative-typo", lambda r: r.update(narrative=s, narative=s))  # a misspelt sensitive field
PY
for f in sens-*.json; do
    field=${f#sens-}
    field=${field%%-*}
    for cmd in "validate $f" "validate --format json $f" "create --from $f" "import $f"; do
        # shellcheck disable=SC2086
        runt $cmd
        expect_code 1 "$cmd"
        case "$ERR$OUT" in *"$SECRET"*) fail "$cmd: the sensitive value was echoed: $(printf '%s' "$ERR$OUT" | head -c 600)" ;; esac
        case $cmd in
        *"--format json"*) expect_out_contains "/$field" "$cmd names the field" ;;
        *) expect_err_contains "/$field" "$cmd names the field" ;;
        esac
    done
done
# Through a schema of one's own too (valijson reports those).
cat >own.schema.json <<'JSON'
{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
 "properties": {"narrative": {"x-sensitive": true, "oneOf": [{"const": "a"}, {"pattern": "^b"}]},
                "notes": {"x-sensitive": true, "not": {"type": "string"}}}}
JSON
printf '{"schema_version": "1", "id": "own-1", "narrative": "%s", "notes": "%s"}\n' "$SECRET" "$SECRET" >own.json
runt validate --schema own.schema.json own.json
expect_code 1 "--schema with sensitive fields"
case "$ERR" in *"$SECRET"*) fail "--schema: the sensitive value was echoed: $ERR" ;; esac
expect_err_contains "/narrative" "--schema names the field"

# --- $EDITOR runs without a shell: a path with spaces and quotes works, and
# shell syntax injects nothing.
mkdir "$WORK/my \"editor\" it's"
ED="$WORK/my \"editor\" it's/ed it.sh"
cat >"$ED" <<'SH'
#!/bin/sh
echo "$#" >"$(dirname "$0")/args"
sed -i 's/"pseudonym": "Ernesto"/"pseudonym": "E."/' "$1"
SH
chmod +x "$ED"
EDITOR="$ED" runt edit sv-002
expect_code 0 "an editor path with spaces and quotes"
expect_err "sv-002: saved revision 2" "an editor path with spaces and quotes"
[ "$(cat "$WORK/my \"editor\" it's/args")" = 1 ] || fail "the editor did not get exactly one argument"
VISUAL="$ED" runt edit sv-003
expect_code 0 "\$VISUAL with spaces and quotes"
cd "$WORK" || exit 1
for editor in "true; touch pwned1" "true \$(touch pwned2)" "true \`touch pwned3\`" "true | touch pwned4" \
    "true && touch pwned5" "sh -c 'touch pwned6'" "true > pwned7" "touch\${IFS}pwned8"; do
    BEFORE=$(snapshot "$CASEBOOK_DB")
    printf 'n\n' | EDITOR="$editor" timeout "$LIMIT" "$CASEBOOK" edit sv-004 >"$WORK/.out" 2>"$WORK/.err"
    CODE=$?
    ERR=$(cat "$WORK/.err")
    no_crash "EDITOR=$editor"
    case $CODE in 0 | 1 | 2) ;; *) fail "EDITOR=$editor: exit code $CODE ($ERR)" ;; esac
    [ "$(snapshot "$CASEBOOK_DB")" = "$BEFORE" ] || fail "EDITOR=$editor changed the case"
done
[ -z "$(ls pwned* 2>/dev/null)" ] || fail "an editor setting ran shell syntax: $(ls pwned*)"
runt edit sv-004 </dev/null
EDITOR="sh -c 'touch pwned6'" runt edit sv-004
expect_code 2 "quotes in \$EDITOR"
expect_err_contains "runs the editor without a shell" "quotes in \$EDITOR"

finish
