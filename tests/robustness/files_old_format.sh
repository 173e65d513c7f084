# A database in an older format on read-only storage can still be read
# (export, show, table, query): reading never migrates the file, it reads a
# migrated private copy. Only a write migrates, after one backup per format
# ("<db>.v1.bak", never a new .v1.N.bak on each try). As root permissions stop
# nothing: the file is made immutable (chattr +i) or casebook runs as nobody.
source "$SOURCE_DIR/tests/robustness/lib.bash"
EXAMPLES="$SOURCE_DIR/examples/northern-triangle"
chmod 755 "$WORK"
export TMPDIR="$WORK/tmp" XDG_STATE_HOME="$WORK/state"
mkdir -m 1777 "$TMPDIR"
mkdir -m 777 ro
AS=()
MODE=chmod
if [ "$(id -u)" = 0 ]; then
    touch probe
    if chattr +i probe 2>/dev/null; then
        chattr -i probe
        MODE=chattr
        trap 'chattr -i "$WORK"/ro/* 2>/dev/null; rm -rf "$WORK"' EXIT
    elif command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$CASEBOOK"; then
        MODE=nobody
        AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    else
        echo "SKIP: root, and neither chattr +i nor setpriv works here" >&2
        exit 77
    fi
fi
echo "read-only by: $MODE"
protect() { if [ $MODE = chattr ]; then chattr +i "$1"; else chmod 400 "$1"; fi; }
unprotect() { if [ $MODE = chattr ]; then chattr -i "$1"; else chmod 600 "$1"; fi; }
cb() {
    timeout -k 5 "$LIMIT" "${AS[@]}" "$CASEBOOK" "$@" >"$WORK/.out" 2>"$WORK/.err" </dev/null
    CODE=$?
    OUT=$(cat "$WORK/.out")
    ERR=$(cat "$WORK/.err")
    no_crash "casebook $*"
}
# old DB: a database of format 1 with two cases, owned by whoever runs casebook.
old() {
    rm -f "$1"*
    format_1_database "$1"
    [ $MODE != nobody ] || chown 65534:65534 "$1"
}
TRIED=0
backups() { find ro -name 'o.db.v*.bak' | wc -l; }

old ro/o.db
BEFORE=$(sha256sum ro/o.db)
protect ro/o.db
for round in 1 2 3; do
    TRIED=$((TRIED + 1))
    cb export --db ro/o.db
    expect_code 0 "export, read-only format 1 (try $round)"
    [ "$(printf '%s\n' "$OUT" | wc -l)" = 2 ] || fail "export, read-only format 1: $OUT"
    expect_out_contains '"id":"sv-001"' "export, read-only format 1"
    expect_err "export: left out no case" "export, read-only format 1: only the count of cases left out, no upgrade notice"
    cb show sv-001 --db ro/o.db
    expect_code 0 "show, read-only format 1"
    expect_out_contains "Outcome    killed (verified: killed)" "show: derived values as a fresh import derives them"
    cb table --rows origin --db ro/o.db --format csv
    expect_code 0 "table, read-only format 1"
    expect_out_contains "SLV,1" "table, read-only format 1"
    cb query --db ro/o.db --format tsv --columns id,origin,outcome
    expect_code 0 "query, read-only format 1"
    expect_out "$(printf 'id\torigin\toutcome\ngt-001\tGTM\tdisappeared\nsv-001\tSLV\tkilled')" "query, read-only format 1"
    cb backup --db ro/o.db "ro/copy-$round.db"
    expect_code 0 "backup of a read-only format 1 database"
    # A write is refused at once, before any backup.
    cb delete sv-001 --db ro/o.db
    expect_code 3 "delete, read-only format 1"
    expect_err_contains "casebook: error: cannot write to the database ro/o.db: attempt to write a readonly database" "delete, read-only format 1"
    [ "$(backups)" = 0 ] || fail "try $round left backups: $(ls ro)"
done
unprotect ro/o.db
[ "$(sha256sum ro/o.db)" = "$BEFORE" ] || fail "reading a format 1 database changed it"
[ "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA user_version").fetchone()[0])' ro/o.db)" = 1 ] ||
    fail "reading migrated the file"
TRIED=$((TRIED + 1))
cb query --count --db ro/copy-1.db
expect_out 2 "the backup of a format 1 database"

# The first write migrates, after one backup.
TRIED=$((TRIED + 1))
cb delete sv-001 --db ro/o.db
expect_code 0 "delete, writable format 1"
expect_err_contains "casebook: ro/o.db upgraded from database format 1 to 7; the old file is kept as ro/o.db.v1.bak" "delete, writable format 1"
[ "$(backups)" = 1 ] || fail "backups after the migration: $(ls ro)"
[ "$(stat -c %a ro/o.db.v1.bak)" = 600 ] || fail "the backup has mode $(stat -c %a ro/o.db.v1.bak)"

# A backup left by an earlier try is replaced by the new one, not added to.
TRIED=$((TRIED + 1))
old ro/o.db
echo "an earlier try" >ro/o.db.v1.bak
[ $MODE != nobody ] || chown 65534:65534 ro/o.db.v1.bak
cb delete sv-001 --db ro/o.db
expect_code 0 "delete, format 1 with a backup left"
expect_err_contains "the old file is kept as ro/o.db.v1.bak" "delete, format 1 with a backup left"
[ "$(backups)" = 1 ] || fail "a second backup beside the first: $(ls ro)"
cb query --count --db ro/o.db.v1.bak
expect_out 2 "the backup is the database before the write"

echo "attacks tried: $TRIED"
finish
