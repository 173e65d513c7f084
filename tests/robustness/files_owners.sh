# A database whose files others may change or read: a -wal, -shm or -journal
# planted by another user (or left writable by others, or a link) would
# capture or forge the cases casebook writes and reads. casebook refuses to
# open such a database, naming the file and the fix; it warns about a
# database others can read; CASEBOOK_SHARED_GROUP=1 lets a group share one.
# Runs as root and as an ordinary user (nobody, through setpriv, when root);
# the parts that need two users are skipped when the test runs as one.
source "$SOURCE_DIR/tests/robustness/lib.bash"
EXAMPLES="$SOURCE_DIR/examples/northern-triangle"
chmod 755 "$WORK"
export TMPDIR="$WORK/tmp" XDG_STATE_HOME="$WORK/state"
mkdir -m 1777 "$TMPDIR"
sed 's/"id": "sv-001"/"id": "new-1"/; s/"pseudonym": "Marisol"/"pseudonym": "CAPTURED-NAME"/' "$EXAMPLES/sv-001.json" >new.json
chmod 644 new.json
ME=$(id -u)
OTHER=
if [ "$ME" = 0 ] && command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$CASEBOOK"; then
    OTHER=65534
fi
TRIED=0

# fresh DIR: DIR/s.db with the ten examples, owned by whoever runs casebook there ($AS).
fresh() {
    rm -rf "$1"
    mkdir -m 777 "$1"
    "${AS[@]}" "$CASEBOOK" init --db "$1/s.db" 2>/dev/null &&
        "${AS[@]}" "$CASEBOOK" import --db "$1/s.db" --quiet "$EXAMPLES" 2>/dev/null || fail "setup $1"
}
# cb ARGS...: casebook as $AS.
cb() {
    timeout -k 5 "$LIMIT" "${AS[@]}" "$CASEBOOK" "$@" >"$WORK/.out" 2>"$WORK/.err" </dev/null
    CODE=$?
    OUT=$(cat "$WORK/.out")
    ERR=$(cat "$WORK/.err")
    no_crash "casebook $*"
}
# refuses WHAT MESSAGE: every command refuses the database d/s.db with exit 3 and MESSAGE, and writes nothing.
refuses() {
    local what=$1 message=$2 cmd
    TRIED=$((TRIED + 1))
    local before
    before=$(sha256sum d/s.db)
    for cmd in "create --from new.json" "show sv-001" "query --count" "export" "backup d/copy.db"; do
        # shellcheck disable=SC2086
        cb $cmd --db d/s.db
        expect_code 3 "$what: $cmd"
        expect_err_contains "casebook: error: $message" "$what: $cmd"
        case "$OUT$ERR" in *Marisol* | *CAPTURED*) fail "$what: $cmd printed a case" ;; esac
    done
    [ "$(sha256sum d/s.db)" = "$before" ] || fail "$what: the database changed"
    [ ! -e d/copy.db ] || fail "$what: a backup was written"
    ! grep -rqa CAPTURED-NAME d 2>/dev/null || fail "$what: the new case reached a file: $(grep -rla CAPTURED-NAME d)"
}
# works WHAT: the database opens and takes a write.
works() {
    TRIED=$((TRIED + 1))
    cb query --count --db d/s.db
    expect_code 0 "$1: query"
    expect_out 10 "$1: query"
    cb create --from new.json --db d/s.db
    expect_code 0 "$1: create"
}

for who in me other; do
    AS=()
    if [ $who = other ]; then
        # An ordinary user's casebook, and root (the other user) planting files.
        [ -n "$OTHER" ] || continue
        AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
        PLANTER=0
    else
        PLANTER=$OTHER
    fi
    echo "as: $who ${AS[*]}"
    # plant FILE MODE: FILE made by the other user (when there is one) with MODE.
    plant() {
        : >"$1"
        [ -z "$PLANTER" ] || chown "$PLANTER:$PLANTER" "$1"
        chmod "$2" "$1"
    }

    # Files planted by another user, beside a private database.
    if [ -n "$PLANTER" ]; then
        for companion in wal shm journal; do
            fresh d
            plant "d/s.db-$companion" 666
            refuses "a -$companion planted by another user" "d/s.db-$companion (a companion file of the database d/s.db) belongs to another user, "
            expect_err_contains "someone may have planted it to capture what you write: remove it" "planted -$companion"
            plant "d/s.db-$companion" 600
            refuses "a private -$companion of another user" "d/s.db-$companion (a companion file of the database d/s.db) belongs to another user, "
        done
        fresh d
        [ "$who" = me ] && chown 65534:65534 d/s.db || chown 0:0 d/s.db
        refuses "a database of another user" "d/s.db belongs to another user, "
        expect_err_contains "ask for a copy made with 'casebook backup'" "a database of another user"
    fi
    # A companion of one's own that every user may change, or that is a link.
    fresh d
    "${AS[@]}" sh -c ': >d/s.db-wal; chmod 666 d/s.db-wal'
    refuses "a -wal every user may change" "d/s.db-wal (a companion file of the database d/s.db) can be changed by every user (mode 0666)"
    fresh d
    "${AS[@]}" sh -c 'echo precious >d/victim; ln -s victim d/s.db-wal'
    refuses "a -wal that is a link" "d/s.db-wal is not a regular file (a link, a pipe or a device): SQLite would send the changes of the database d/s.db through it; remove it"
    [ "$(cat d/victim)" = precious ] || fail "the link's target was written"
    # The database's own mode.
    for m in 666 662 660 620; do
        fresh d
        "${AS[@]}" chmod $m d/s.db
        refuses "a $m database" "d/s.db can be changed by "
        expect_err_contains "if you trust it, 'chmod 600 d/s.db'; for a folder shared by a group, set CASEBOOK_SHARED_GROUP=1" "a $m database"
    done
    for m in 644 640 604; do
        fresh d
        "${AS[@]}" chmod $m d/s.db
        TRIED=$((TRIED + 1))
        cb query --count --db d/s.db
        expect_code 0 "a $m database"
        expect_out 10 "a $m database"
        expect_err_contains "casebook: warning: the database d/s.db can be read by " "a $m database"
        expect_err_contains "(mode 0$m): 'chmod 600 d/s.db' makes it yours only" "a $m database"
        # Its companions, made by SQLite with the database's mode, are made private.
        cb create --from new.json --db d/s.db
        expect_code 0 "a $m database: create"
        for c in d/s.db-wal d/s.db-shm; do
            [ ! -e $c ] || [ "$(stat -c %a $c)" = 600 ] || fail "a $m database: $c has mode $(stat -c %a $c)"
        done
    done
    # A -wal of one's own that others may read is made private, and the database opens.
    fresh d
    "${AS[@]}" sh -c ': >d/s.db-wal; chmod 644 d/s.db-wal'
    works "a -wal of one's own others may read"
    [ ! -e d/s.db-wal ] || [ "$(stat -c %a d/s.db-wal)" = 600 ] || fail "the -wal was not made private"

    # The override for a folder shared by a group: the group's files, never others'.
    fresh d
    "${AS[@]}" chmod 660 d/s.db
    CASEBOOK_SHARED_GROUP=1 works "CASEBOOK_SHARED_GROUP=1, a 0660 database"
    for c in d/s.db-wal d/s.db-shm; do
        [ ! -e $c ] || [ "$(stat -c %a $c)" = 660 ] || fail "shared group: $c has mode $(stat -c %a $c)"
    done
    fresh d
    "${AS[@]}" chmod 666 d/s.db
    CASEBOOK_SHARED_GROUP=1 refuses "CASEBOOK_SHARED_GROUP=1, a 0666 database" "d/s.db can be changed by every user (mode 0666)"
    if [ -n "$PLANTER" ]; then
        # Another member's database, in a group this user is in.
        fresh d
        mygroup=$("${AS[@]}" id -g)
        chown "$PLANTER:$mygroup" d/s.db
        chmod 660 d/s.db
        refuses "another member's database, no override" "d/s.db belongs to another user, "
        CASEBOOK_SHARED_GROUP=1 works "CASEBOOK_SHARED_GROUP=1, another member's database"
        # ... but not in a group this user is not in.
        fresh d
        chown "$PLANTER:12345" d/s.db
        chmod 660 d/s.db
        CASEBOOK_SHARED_GROUP=1 refuses "CASEBOOK_SHARED_GROUP=1, another group's database" "d/s.db belongs to another user, "
    fi
done

echo "attacks tried: $TRIED"
finish
