# Database faults: missing, not a database, damaged, not casebook's, locked by
# another writer. Each is a clear message and exit 3; a command that reads never
# creates a database; nothing is half-written. (Read-only files and folders are
# in readonly.sh, a full disk in disk_full.sh; kill -9 during an import is in
# tests/e2e/import.sh.)
source "$SOURCE_DIR/tests/robustness/lib.bash"
EXAMPLES="$SOURCE_DIR/examples/northern-triangle"
export TMPDIR="$WORK/tmp" # where a refused edit keeps its file
mkdir "$TMPDIR"
cp "$EXAMPLES/sv-001.json" in.json
sed 's/"id": "sv-001"/"id": "new-1"/' "$EXAMPLES/sv-001.json" >new.json
sed 's/"pseudonym": "Ernesto"/"pseudonym": "E."/' "$EXAMPLES/sv-002.json" >changed.json
"$CASEBOOK" init --db good.db 2>/dev/null && "$CASEBOOK" import --db good.db --quiet "$EXAMPLES" 2>/dev/null || exit 1

# Every command that opens the database, given DB.
commands() {
    local db=$1
    printf '%s\n' "show sv-001 --db $db" "log --db $db" "log sv-001 --diff --db $db" "query --count --db $db" \
        "query --sql SELECT_1 --db $db" "export --db $db" "table outcomes --db $db" "validate --db $db in.json" \
        "create --from new.json --db $db" "import in.json --db $db" "import --update in.json --db $db" \
        "delete sv-001 --db $db" "restore sv-001 --db $db" "edit sv-001 --db $db" "review sv-001 --approve --reviewer R9 --db $db" \
        "merge good.db --db $db" "merge $db --db good.db"
}
# each_command DB CODE MESSAGE: every command on DB exits CODE and says MESSAGE.
each_command() {
    local db=$1 code=$2 message=$3 cmd
    while read -r cmd; do
        if [ "${cmd#query --sql}" != "$cmd" ]; then
            runt query --sql "SELECT 1 AS one FROM cases_v" --db "$db"
        else
            # shellcheck disable=SC2086
            EDITOR=true runt $cmd
        fi
        expect_code "$code" "$cmd"
        expect_err_contains "$message" "$cmd"
        expect_out "" "$cmd prints nothing on stdout"
    done < <(commands "$db")
}
GOOD=$(snapshot good.db)

# --- Missing: an error that says to run init; never created.
each_command missing.db 3 "casebook: error: no database at missing.db: create one with 'casebook init'"
[ -z "$(ls missing.db* 2>/dev/null)" ] || fail "a command created $(ls missing.db*)"
runt show sv-001
expect_code 3 "the default database, missing"
expect_err "casebook: error: no database at casebook.db: create one with 'casebook init'" "the default database, missing"
CASEBOOK_DB=env.db runt export
expect_code 3 "\$CASEBOOK_DB, missing"
expect_err "casebook: error: no database at env.db: create one with 'casebook init'" "\$CASEBOOK_DB, missing"
[ -z "$(ls casebook.db* env.db* 2>/dev/null)" ] || fail "a command created $(ls casebook.db* env.db*)"
mkdir folder.db
each_command folder.db 3 "folder.db"
[ -z "$(ls -A folder.db)" ] || fail "a command wrote into the folder folder.db"

# --- A text file.
printf 'id,origin\nsv-001,SLV\n' >text.db
SHA=$(sha256sum text.db)
each_command text.db 3 "casebook: error: text.db is not a casebook database"
[ "$(sha256sum text.db)" = "$SHA" ] || fail "the text file was changed"
[ -z "$(ls text.db-* 2>/dev/null)" ] || fail "files left beside the text file: $(ls text.db-*)"

# --- An SQLite header followed by random bytes (three reproducible ones).
for seed in 1 2 3; do
    python3 -c '
import random, sys
random.seed(int(sys.argv[1]))
sys.stdout.buffer.write(b"SQLite format 3\0" + bytes(random.randrange(256) for _ in range(16384)))' "$seed" >header.db
    SHA=$(sha256sum header.db)
    each_command header.db 3 "casebook: error: header.db is not a casebook database, or it is damaged"
    [ "$(sha256sum header.db)" = "$SHA" ] || fail "the damaged file (seed $seed) was changed"
    [ -z "$(ls header.db-* 2>/dev/null)" ] || fail "files left beside the damaged file: $(ls header.db-*)"
done

# --- A casebook database cut in half (a bad copy).
cp good.db half.db
truncate -s $(($(stat -c %s good.db) / 2)) half.db
SHA=$(sha256sum half.db)
for cmd in "export --db half.db" "import in.json --update --db half.db" "create --from new.json --db half.db"; do
    # shellcheck disable=SC2086
    runt $cmd
    expect_code 3 "$cmd"
    expect_err_contains "casebook: error: half.db is not a casebook database, or it is damaged" "$cmd"
done
[ "$(sha256sum half.db)" = "$SHA" ] || fail "the damaged database was changed"

# --- Someone else's SQLite database: refused, and left as it was (no tables added).
python3 -c 'import sqlite3; c = sqlite3.connect("other.db"); c.execute("CREATE TABLE t(x)"); c.commit()'
SHA=$(sha256sum other.db)
each_command other.db 3 "casebook: error: other.db is not a casebook database (create one with 'casebook init')"
[ "$(sha256sum other.db)" = "$SHA" ] || fail "the other database was changed"
[ "$(snapshot good.db)" = "$GOOD" ] || fail "merging from a bad database changed good.db"

# --- A stored record that parses but is no record (a list, a string, a
# number where an object belongs), written behind casebook's back with its
# hashes made to hold (rechain.py): damaged data, exit 3, never a crash.
for doc in '[]' '"text"' '5'; do
    cp good.db odd.db
    python3 "$SOURCE_DIR/tests/robustness/rechain.py" odd.db "UPDATE history SET doc = '$doc' WHERE case_id = 'sv-001'"
    ODD=$(snapshot odd.db)
    runt review sv-001 --approve --reviewer R9 --db odd.db
    no_crash "review of a stored $doc"
    expect_code 3 "review of a stored $doc"
    expect_err "casebook: error: damaged data in the database: sv-001: must be a JSON object" "review of a stored $doc"
    [ "$(snapshot odd.db)" = "$ODD" ] || fail "review of a stored $doc changed the database"
    while read -r cmd; do
        [ "${cmd#query --sql}" = "$cmd" ] && [ "${cmd%--db good.db}" = "$cmd" ] || continue
        # shellcheck disable=SC2086
        EDITOR=true runt $cmd
        no_crash "$cmd, a stored $doc"
    done < <(commands odd.db)
    rm -f odd.db odd.db-wal odd.db-shm
done

# --- Locked by another writer: writers wait up to the busy timeout (5 s), then
# a clear error; readers are not blocked (WAL).
cp good.db locked.db
hold_lock() { # hold_lock SECONDS: a write transaction held by another process
    rm -f "$WORK/locked"
    python3 - locked.db "$1" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open("locked", "w").close()
time.sleep(float(sys.argv[2]))
c.execute("ROLLBACK")
PY
    LOCKER=$!
    for _ in $(seq 1 200); do [ -e "$WORK/locked" ] && return; sleep 0.05; done
    fail "the lock could not be taken"
}
cat >rename.sh <<'SH'
#!/bin/sh
sed -i 's/"pseudonym": "\(Marisol\|Ernesto\)"/"pseudonym": "M."/' "$1"
SH
chmod +x rename.sh
LOCKED=$(snapshot locked.db)
# Held far longer than a busy timeout of 1 s ($CASEBOOK_BUSY_TIMEOUT): a
# writer that ends with "busy" gave up on its own. The bound below is what a
# writer may take beyond the timeout to start and stop (seconds under
# AddressSanitizer, six writers and a reader on two cores), and still less
# than the lock's 9 s.
hold_lock 9
writers=("create --from new.json" "import --update changed.json" \
    "delete sv-003" "review sv-001 --approve --reviewer R9" "edit sv-001" "restore sv-003")
i=0
for cmd in "${writers[@]}"; do
    i=$((i + 1))
    # shellcheck disable=SC2086
    (
        start=$(date +%s%N)
        EDITOR="$WORK/rename.sh" CASEBOOK_BUSY_TIMEOUT=1 timeout -k 5 "$LIMIT" "$CASEBOOK" $cmd --db locked.db >"w$i.out" 2>"w$i.err" </dev/null
        echo $? >"w$i.code"
        echo $((($(date +%s%N) - start) / 1000000)) >"w$i.ms"
    ) &
done
# Readers go on while the writer holds its lock.
runt query --count --db locked.db
expect_code 0 "a reader while another process writes"
expect_out 10 "a reader while another process writes"
runt show sv-001 --db locked.db
expect_code 0 "show while another process writes"
wait
i=0
for cmd in "${writers[@]}"; do
    i=$((i + 1))
    CODE=$(cat "w$i.code") ERR=$(cat "w$i.err") OUT=$(cat "w$i.out")
    no_crash "$cmd, locked"
    expect_code 3 "$cmd, locked"
    expect_err_contains "casebook: error: the database locked.db is busy (another casebook is writing to it): try again" "$cmd, locked"
    ms=$(cat "w$i.ms")
    [ "$ms" -ge 900 ] || fail "$cmd, locked: gave up after ${ms} ms, before the 1 s busy timeout"
    [ "$ms" -lt 8000 ] || fail "$cmd, locked: waited ${ms} ms, far longer than the busy timeout"
done
wait "$LOCKER" 2>/dev/null
# The refused edit kept the record (so that no typing is lost): throw it away.
"$CASEBOOK" edit sv-001 --discard --db locked.db >/dev/null 2>&1 || fail "edit --discard"
[ "$(snapshot locked.db)" = "$LOCKED" ] || fail "a refused writer changed the database"

# A busy timeout that is not a number of seconds: a usage error, before anything is written.
for bad in abc -1 1e9 "5 s" nan; do
    CASEBOOK_BUSY_TIMEOUT="$bad" runt delete sv-003 --db locked.db
    expect_code 2 "CASEBOOK_BUSY_TIMEOUT=$bad"
    expect_err "casebook: error: \$CASEBOOK_BUSY_TIMEOUT is \"$bad\": set it to a number of seconds from 0 to 86400, such as 5" "CASEBOOK_BUSY_TIMEOUT=$bad"
done
[ "$(snapshot locked.db)" = "$LOCKED" ] || fail "a bad busy timeout changed the database"

# A busy timeout of 0: a writer does not wait for the lock, it fails at once
# with the same error, and writes nothing.
hold_lock 4
CASEBOOK_BUSY_TIMEOUT=0 runt delete sv-003 --db locked.db
no_crash "CASEBOOK_BUSY_TIMEOUT=0, locked"
expect_code 3 "CASEBOOK_BUSY_TIMEOUT=0, locked"
expect_err "casebook: error: the database locked.db is busy (another casebook is writing to it): try again" "CASEBOOK_BUSY_TIMEOUT=0, locked"
wait "$LOCKER" 2>/dev/null
[ "$(snapshot locked.db)" = "$LOCKED" ] || fail "a writer that did not wait changed the database"

# A lock released within the (default, 5 s) busy timeout: every writer waits and succeeds.
for cmd in "create --from new.json" "delete sv-003" "review sv-001 --approve --reviewer R9" "edit sv-002"; do
    hold_lock 1.5
    start=$(date +%s%N)
    # shellcheck disable=SC2086
    EDITOR="$WORK/rename.sh" runt $cmd --db locked.db
    ms=$((($(date +%s%N) - start) / 1000000))
    wait "$LOCKER"
    expect_code 0 "$cmd, after waiting for a short lock"
    [ "$ms" -ge 1000 ] || fail "$cmd did not wait for the lock (${ms} ms)"
done
runt show sv-002 --db locked.db --format json
expect_out_contains '"pseudonym": "M."' "the edit made after waiting is saved"

finish
