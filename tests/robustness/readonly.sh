# A read-only database file, and a database in a read-only folder: reading
# works where SQLite can, every write is refused with a clear message and exit 3,
# and nothing is written. As root (the CI), permissions alone do not stop a
# write: the file or folder is made immutable (chattr +i), or, where the file
# system has no such attribute, casebook runs as nobody (setpriv); the test
# skips (77) only when neither works.
source "$SOURCE_DIR/tests/robustness/lib.bash"
EXAMPLES="$SOURCE_DIR/examples/northern-triangle"
chmod 755 "$WORK"
mkdir ro inputs
cp "$EXAMPLES/sv-002.json" inputs/
sed 's/"id": "sv-001"/"id": "new-1"/' "$EXAMPLES/sv-001.json" >inputs/new.json
sed 's/"pseudonym": "Ernesto"/"pseudonym": "E."/' "$EXAMPLES/sv-002.json" >inputs/changed.json
chmod -R a+rX inputs
cat >ed.sh <<'SH'
#!/bin/sh
sed -i 's/"pseudonym": "Marisol"/"pseudonym": "M."/' "$1"
SH
chmod 755 ed.sh
export TMPDIR="$WORK/tmp"
mkdir -m 1777 "$TMPDIR"

# How to make a file or folder read-only for casebook, and how to undo it.
AS=()
MODE=
if [ "$(id -u)" != 0 ]; then
    MODE=chmod
else
    touch probe
    if chattr +i probe 2>/dev/null; then
        chattr -i probe
        MODE=chattr
        trap 'chattr -i "$WORK"/ro "$WORK"/ro/* 2>/dev/null; rm -rf "$WORK"' EXIT
    elif command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$CASEBOOK"; then
        MODE=nobody
        AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    else
        echo "SKIP: root, and neither chattr +i nor setpriv works here" >&2
        exit 77
    fi
fi
echo "read-only by: $MODE"
protect() { # protect PATH: read-only
    case $MODE in
    chmod) chmod a-w "$1" ;;
    chattr) chattr +i "$1" ;;
    nobody) chmod a-w "$1" ;;
    esac
}
unprotect() {
    case $MODE in
    chattr) chattr -i "$1" ;;
    *) chmod u+w "$1" ;;
    esac
}
fresh() { # a new database ro/r.db with the ten examples, owned by whoever runs casebook
    rm -rf ro/r.db*
    "$CASEBOOK" init --db ro/r.db 2>/dev/null && "$CASEBOOK" import --db ro/r.db --quiet "$EXAMPLES" 2>/dev/null || fail "setup"
    [ "$MODE" != nobody ] || chown -R 65534:65534 ro
}
# cb ARGS...: casebook as the unprivileged user when there is one.
cb() {
    EDITOR="$WORK/ed.sh" timeout -k 5 "$LIMIT" "${AS[@]}" "$CASEBOOK" "$@" >"$WORK/.out" 2>"$WORK/.err" </dev/null
    CODE=$?
    OUT=$(cat "$WORK/.out")
    ERR=$(cat "$WORK/.err")
    no_crash "casebook $*"
}
# The snapshot of a database, as the user who runs casebook sees it (casebook
# opens only databases whose files are the user's own).
snapshot() {
    sha256sum "$1" | cut -d' ' -f1
    "${AS[@]}" "$CASEBOOK" export --db "$1" --format jsonl 2>&1 | sha256sum
    "${AS[@]}" "$CASEBOOK" log --db "$1" 2>&1 | sha256sum
}
WRITES=("create --from inputs/new.json" "import inputs/changed.json --update" "delete sv-001" "edit sv-001"
    "review sv-001 --approve --reviewer R9")

# --- A read-only file in a writable folder.
fresh
BEFORE=$(snapshot ro/r.db)
protect ro/r.db
cb show sv-001 --db ro/r.db
expect_code 0 "show, read-only file"
expect_out_contains "sv-001  complete, revision 1" "show, read-only file"
cb query --count --db ro/r.db
expect_code 0 "query, read-only file"
expect_out 10 "query, read-only file"
cb export --db ro/r.db
expect_code 0 "export, read-only file"
for cmd in "${WRITES[@]}"; do
    # shellcheck disable=SC2086
    cb $cmd --db ro/r.db
    expect_code 3 "$cmd, read-only file"
    expect_err_contains "casebook: error: cannot write to the database ro/r.db: attempt to write a readonly database" "$cmd, read-only file"
done
unprotect ro/r.db
[ "$(snapshot ro/r.db)" = "$BEFORE" ] || fail "a write to a read-only file changed it"

# --- A writable file in a read-only folder: SQLite cannot make its -wal and
# -shm files beside it, so casebook cannot even read; it must say so.
fresh
BEFORE=$(snapshot ro/r.db)
# A reader leaves empty -wal and -shm files; with them a read-only folder
# stops nothing. Without them (the usual case: the last writer removes them):
[ ! -s ro/r.db-wal ] || fail "setup: the -wal file is not empty"
rm -f ro/r.db-wal ro/r.db-shm
protect ro
for cmd in "show sv-001" "query --count" "${WRITES[@]}"; do
    # shellcheck disable=SC2086
    cb $cmd --db ro/r.db
    expect_code 3 "$cmd, read-only folder"
    # The message names the database and says it cannot be opened or written
    # ("unable to open database file" with chattr, "attempt to write a readonly
    # database" as nobody: SQLite's words, not a reason a user can act on).
    expect_err_contains "casebook: error: cannot " "$cmd, read-only folder"
    expect_err_contains " the database ro/r.db: " "$cmd, read-only folder"
    expect_err_contains "(the folder ro is not writable, and SQLite keeps ro/r.db-wal and ro/r.db-shm beside the database, even to read it" "$cmd, read-only folder: the reason"
done
cb init --db ro/new.db
expect_code 3 "init in a read-only folder"
expect_err_contains "casebook: error: cannot create the database ro/new.db: " "init in a read-only folder"
[ -z "$(ls ro/r.db-* ro/new.db* 2>/dev/null)" ] || fail "files appeared in the read-only folder: $(ls ro)"
unprotect ro
[ "$(snapshot ro/r.db)" = "$BEFORE" ] || fail "a write in a read-only folder changed the database"

# --- A 0400 database that was read, then made writable again: the 0400 -wal
# and -shm files the reader had to leave behind must not block the next write.
# (Modes do not stop root: as root this part runs as nobody, when it can.)
RUNAS=()
if [ "$(id -u)" = 0 ]; then
    if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$CASEBOOK"; then
        RUNAS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    else
        RUNAS=(none)
    fi
fi
if [ "${RUNAS[0]:-}" != none ]; then
    mkdir -m 777 again
    "${RUNAS[@]}" "$CASEBOOK" init --db again/s.db 2>/dev/null &&
        "${RUNAS[@]}" "$CASEBOOK" import --db again/s.db --quiet "$EXAMPLES" 2>/dev/null || fail "setup: again/s.db"
    "${RUNAS[@]}" chmod 400 again/s.db
    [ "$("${RUNAS[@]}" "$CASEBOOK" query --count --db again/s.db 2>&1)" = 10 ] || fail "reading a 0400 database"
    [ "$(stat -c %a again/s.db-shm 2>/dev/null)" = 400 ] || fail "setup: the reader left no 0400 -shm (the case this checks)"
    "${RUNAS[@]}" chmod 600 again/s.db
    "${RUNAS[@]}" "$CASEBOOK" delete sv-001 --db again/s.db >/dev/null 2>again.err ||
        fail "a write after the database became writable again: $(cat again.err)"
    [ "$(stat -c %a again/s.db-shm 2>/dev/null || echo gone)" != 400 ] || fail "the -shm is still 0400"
fi

finish
