# The files casebook writes (the rejects of an import, a backup, a new
# database) never replace the database, its -wal/-shm/-journal, an input of
# the same run, or (without --force) any existing file; they are compared by
# device and inode, not by name, and written whole in a private folder before
# they get their name, so that no planted link is ever written through.
# backup is a consistent copy where cp is not; init and open refuse what is no
# database file (:memory:, pipes, devices, folders).
source "$SOURCE_DIR/tests/robustness/lib.bash"
EXAMPLES="$SOURCE_DIR/examples/northern-triangle"
export CASEBOOK_DB="$WORK/study.db"
export TMPDIR="$WORK/tmp" XDG_STATE_HOME="$WORK/state"
mkdir "$TMPDIR"
LIMIT=20 # a loop (the rejects file read as it grows) counts as a hang
"$CASEBOOK" init 2>/dev/null && "$CASEBOOK" import --quiet "$EXAMPLES" 2>/dev/null || fail "setup"
cp "$SOURCE_DIR/examples/invalid/bad-day.json" bad.json
mode() { stat -c %a "$1"; }
TRIED=0
tried() { TRIED=$((TRIED + 1)); }

# refused CODE WHAT ARGS...: casebook refuses with CODE and leaves the database as it was.
refused() {
    local code=$1 what=$2
    shift 2
    tried
    local before
    before=$(snapshot "$CASEBOOK_DB")
    runt "$@"
    expect_code "$code" "$what"
    expect_err_contains "casebook: error: " "$what"
    [ "$(snapshot "$CASEBOOK_DB")" = "$before" ] || fail "$what: the database changed"
    [ "$("$CASEBOOK" query --count 2>&1)" = 10 ] || fail "$what: the cases are not all there"
}

# --- The rejects file never replaces the database or its companions, by any name, even with --force.
ln study.db hard.db
ln -s study.db link.db
ln -s "$WORK/study.db-wal" link-wal
for force in "" --force; do
    for target in study.db "$WORK/study.db" ./study.db hard.db link.db study.db-wal study.db-shm study.db-journal link-wal; do
        # shellcheck disable=SC2086
        refused 2 "--rejects $target $force" import --skip-invalid --rejects "$target" $force bad.json
        expect_err_contains "casebook: error: the rejects file $target would replace " "--rejects $target $force"
    done
done
[ "$(stat -c %h study.db)" = 2 ] && [ -L link.db ] || fail "the links to the database were replaced"

# --- ... nor an input of the same run: a file, a file in an input folder, standard input, the CSV mapping.
sed 's/"id": "sv-001"/"id": "new-1"/' "$EXAMPLES/sv-001.json" >new.json
{ cat bad.json | tr -d '\n'; echo; tr -d '\n' <new.json; echo; } >batch.jsonl
cp batch.jsonl batch.orig
mkdir in
cp batch.jsonl in/
for force in "" --force; do
    # shellcheck disable=SC2086
    refused 2 "--rejects on the input $force" import --skip-invalid --rejects batch.jsonl $force batch.jsonl
    expect_err_contains "would replace an input of this run (batch.jsonl)" "--rejects on the input"
    # shellcheck disable=SC2086
    refused 2 "--rejects in an input folder $force" import --skip-invalid --rejects in/batch.jsonl $force in
    # shellcheck disable=SC2086
    refused 2 "--rejects in an input folder, another spelling $force" import --skip-invalid --rejects "$WORK/in/../in/batch.jsonl" $force ./in/
    tried
    # shellcheck disable=SC2086
    runf batch.jsonl import --skip-invalid --rejects /dev/stdin $force -
    expect_code 2 "--rejects /dev/stdin, stdin a file $force"
done
cmp -s batch.jsonl batch.orig && cmp -s in/batch.jsonl batch.orig || fail "an input was changed"
DATA=/work/shared/data/ice-seattle
if [ -f "$DATA/SeattleAORExpeditedRemovals.csv" ]; then
    head -20 "$DATA/SeattleAORExpeditedRemovals.csv" >ice.csv
    cp "$SOURCE_DIR/examples/ice-seattle/expedited-removals.mapping.json" map.json
    cp map.json map.orig
    refused 2 "--rejects on the mapping" import --skip-invalid --csv ice.csv --mapping map.json --rejects map.json --force
    refused 2 "--rejects on the CSV" import --skip-invalid --csv ice.csv --mapping map.json --rejects ice.csv --force
    cmp -s map.json map.orig || fail "the mapping was changed"
fi

# --- Importing the rejects file into itself: refused at once, not a file that grows forever.
runt import --skip-invalid --rejects rej.jsonl bad.json
expect_code 1 "a first rejects file"
[ "$(mode rej.jsonl)" = 600 ] || fail "the rejects file has mode $(mode rej.jsonl)"
cp rej.jsonl rej.orig
refused 2 "the rejects file imported into itself" import --skip-invalid --rejects rej.jsonl --force rej.jsonl
cmp -s rej.jsonl rej.orig || fail "the rejects file imported into itself changed"

# --- An existing file is never replaced without --force; with it, the name is
# replaced and not what it links to.
echo "precious" >victim
chmod 644 victim
refused 3 "--rejects on an existing file" import --skip-invalid --rejects victim bad.json
expect_err_contains "the rejects file victim already exists: casebook never overwrites a file; choose another name, or add --force to replace it" "existing file"
ln -s victim planted
ln -s nowhere dangling
for target in planted dangling; do
    refused 3 "--rejects on a planted link ($target)" import --skip-invalid --rejects "$target" bad.json
    [ -L "$target" ] || fail "$target: the link was replaced without --force"
done
[ ! -e nowhere ] || fail "a dangling link was followed: nowhere was created"
ln victim victim-hard
tried
runt import --skip-invalid --rejects planted --force bad.json
expect_code 1 "--rejects on a planted link, --force"
[ ! -L planted ] && [ "$(mode planted)" = 600 ] && grep -q '"errors"' planted || fail "--force: planted is not a new private rejects file"
[ "$(cat victim)" = precious ] && [ "$(mode victim)" = 644 ] || fail "--force wrote through the link: victim is $(mode victim): $(cat victim)"
tried
runt import --skip-invalid --rejects victim-hard --force bad.json
expect_code 1 "--rejects on a hard link, --force"
[ "$(cat victim)" = precious ] || fail "--force wrote through a hard link"
mkdir afolder
refused 3 "--rejects on a folder" import --skip-invalid --rejects afolder --force bad.json
refused 3 "--rejects in a missing folder" import --skip-invalid --rejects nofolder/r.jsonl bad.json
# Refused before anything is read or written: a valid record beside is not imported.
refused 3 "--rejects refused first" import --skip-invalid --rejects victim new.json

# --- The path swapped for a link while the import runs: the file is put in
# place at the end, by a rename that never follows the new link.
mkfifo feed
for force in "" --force; do
    tried
    rm -f swapped
    echo "precious" >victim
    # shellcheck disable=SC2086
    timeout "$LIMIT" "$CASEBOOK" import --skip-invalid --rejects swapped $force - <feed >swap.out 2>swap.err &
    pid=$!
    exec 3>feed
    # More lines than a pipe holds (64 KiB): the writes return only once
    # casebook is reading, past its checks of --rejects, whatever the load.
    line=$(tr -d '\n' <bad.json)
    for _ in $(seq 400); do printf '%s\n' "$line"; done >&3
    ln -s victim swapped
    exec 3>&-
    wait $pid
    code=$?
    [ "$(cat victim)" = precious ] || fail "a link swapped in during the import was written through ($force)"
    if [ -z "$force" ]; then
        [ $code = 3 ] || fail "a swapped-in link without --force: exit $code ($(cat swap.err))"
        grep -q "appeared meanwhile" swap.err || fail "a swapped-in link: $(cat swap.err)"
        [ -L swapped ] || fail "the swapped-in link was replaced without --force"
    else
        [ $code = 1 ] && [ ! -L swapped ] && grep -q '"errors"' swapped || fail "a swapped-in link, --force: exit $code ($(cat swap.err))"
    fi
done
[ -z "$(ls -A | grep '^\.casebook-')" ] || fail "staging folders were left behind: $(ls -A)"

# --- backup: a consistent 0600 copy, with what is still in the -wal, where cp misses it.
python3 - "$CASEBOOK_DB" <<'PY' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN")
db.execute("SELECT count(*) FROM cases").fetchone()  # a reader holds its snapshot
open("reader.ready", "w").close()
while not __import__("os").path.exists("reader.stop"):
    time.sleep(0.05)
db.execute("COMMIT")
PY
reader=$!
for _ in $(seq 100); do [ -e reader.ready ] && break; sleep 0.1; done
for i in 1 2 3 4 5; do sed "s/\"id\": \"sv-001\"/\"id\": \"late-$i\"/" "$EXAMPLES/sv-001.json" | tr -d '\n'; echo; done >late.jsonl
"$CASEBOOK" import --quiet late.jsonl 2>/dev/null || fail "import while a reader reads"
[ -s study.db-wal ] || fail "setup: the -wal is empty (the cases it holds are what this checks)"
cp study.db plain-copy.db
plain=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM cases').fetchone()[0])" plain-copy.db)
[ "$plain" -lt 15 ] || fail "setup: cp copied every case ($plain): the -wal was folded in"
tried
runt backup copy.db
expect_code 0 "backup while a reader reads"
expect_err "backed up $CASEBOOK_DB to copy.db" "backup"
[ "$(mode copy.db)" = 600 ] || fail "the backup has mode $(mode copy.db)"
check=$(python3 -c "import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); print(d.execute('PRAGMA integrity_check').fetchone()[0], d.execute('SELECT count(*) FROM cases').fetchone()[0])" copy.db)
[ "$check" = "ok 15" ] || fail "the backup: $check (cp had $plain cases)"
[ "$("$CASEBOOK" query --count --db copy.db 2>&1)" = 15 ] || fail "casebook cannot read the backup"
[ "$("$CASEBOOK" export --db copy.db | sha256sum)" = "$("$CASEBOOK" export | sha256sum)" ] || fail "the backup's cases differ"
touch reader.stop
wait $reader
"$CASEBOOK" delete late-1 2>/dev/null && "$CASEBOOK" delete late-2 2>/dev/null && "$CASEBOOK" delete late-3 2>/dev/null &&
    "$CASEBOOK" delete late-4 2>/dev/null && "$CASEBOOK" delete late-5 2>/dev/null || fail "setup: delete the late cases"
[ "$("$CASEBOOK" query --count 2>&1)" = 10 ] || fail "setup: 10 cases again"
# Never over an existing file without --force; never over the database or its companions.
cp copy.db copy.orig
refused 3 "backup over an existing file" backup copy.db
cmp -s copy.db copy.orig || fail "backup replaced an existing file without --force"
for target in study.db hard.db link.db study.db-wal study.db-shm link-wal; do
    refused 2 "backup to $target --force" backup "$target" --force
done
echo "precious" >victim
ln -s victim planted3
refused 3 "backup to a planted link" backup planted3
tried
runt backup planted3 --force
expect_code 0 "backup --force over a link"
[ "$(cat victim)" = precious ] && [ ! -L planted3 ] && [ "$(mode planted3)" = 600 ] || fail "backup --force wrote through a link"
runt backup --db nothing.db x.db
expect_code 3 "backup of a missing database"
[ ! -e x.db ] || fail "backup of a missing database wrote a file"

# --- init refuses names that are no file, and everything that exists.
refused 2 "init :memory:" init --db :memory:
expect_err_contains '":memory:" names no file' "init :memory:"
refused 2 "init file: URI" init --db "file:x.db?mode=memory"
mkfifo pipe.db
refused 3 "init on a FIFO" init --db pipe.db
refused 3 "init on a device" init --db /dev/null
refused 3 "init on a folder" init --db afolder
refused 3 "init on an existing file" init --db victim
refused 3 "init on a dangling link" init --db dangling
[ ! -e nowhere ] || fail "init followed a dangling link"
[ "$(cat victim)" = precious ] || fail "init changed an existing file"
[ -p pipe.db ] || fail "the FIFO was replaced"
# Opening one: refused at once, never waiting on the pipe.
for what in pipe.db /dev/null /dev/zero; do
    refused 3 "show on $what" show sv-001 --db "$what"
done
[ -z "$(ls -A | grep '^\.casebook-')" ] || fail "staging folders were left behind: $(ls -A)"

echo "attacks tried: $TRIED"
finish
