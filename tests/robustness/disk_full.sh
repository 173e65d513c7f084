# A full disk: the database lives on a 2 MB tmpfs, mounted in a private mount
# namespace (unshare: as root, or as a user with user namespaces), so nothing
# outside this test sees it. A write that does not fit is refused with a clear
# message and exit 3, all or nothing; reading still works; once there is room
# again the database is whole and writable. Skips (77) where no tmpfs can be
# mounted. (SQLite's max_page_count is per connection, so it cannot be set from
# outside the binary: a real full file system is used instead.)
if [ -z "${CASEBOOK_IN_MOUNT_NAMESPACE:-}" ]; then
    export CASEBOOK_IN_MOUNT_NAMESPACE=1
    for how in "unshare --mount --propagation private" "unshare --map-root-user --mount --propagation private"; do
        # shellcheck disable=SC2086
        if $how true 2>/dev/null; then
            # shellcheck disable=SC2086
            exec $how bash "$0" "$@"
        fi
    done
    echo "SKIP: cannot make a private mount namespace (unshare)" >&2
    exit 77
fi
source "$SOURCE_DIR/tests/robustness/lib.bash"
EXAMPLES="$SOURCE_DIR/examples/northern-triangle"
mkdir small
mount -t tmpfs -o size=2m,mode=0700 casebook-test small 2>/dev/null || { echo "SKIP: cannot mount a tmpfs" >&2; exit 77; }
trap 'umount small 2>/dev/null; rm -rf "$WORK"' EXIT
export CASEBOOK_DB=small/cases.db
"$CASEBOOK" init 2>/dev/null && "$CASEBOOK" import --quiet "$EXAMPLES" 2>/dev/null || fail "setup"

# 300 cases of 60 KB each: about 18 MB, far more than fits.
python3 - <<'PY'
import json
with open("many.jsonl", "w") as f:
    for i in range(300):
        f.write(json.dumps({"schema_version": "1", "id": f"m-{i:04d}", "origin": {"country": "GTM"},
                            "narrative": "x" * 60000}) + "\n")
PY
sed 's/"id": "sv-001"/"id": "new-1"/' "$EXAMPLES/sv-001.json" >new.json
BEFORE=$(snapshot "$CASEBOOK_DB")

runt import many.jsonl
expect_code 3 "an import larger than the disk"
expect_err "casebook: error: cannot write to the database small/cases.db: the disk is full" "an import larger than the disk"
[ "$(snapshot "$CASEBOOK_DB")" = "$BEFORE" ] || fail "a refused import left part of its records"

# Fill what is left: even one case does not fit, and reading still works.
dd if=/dev/zero of=small/filler bs=4k 2>/dev/null
runt create --from new.json
expect_code 3 "create on a full disk"
expect_err_contains "casebook: error: cannot write to the database small/cases.db: the disk is full" "create on a full disk"
runt delete sv-001
expect_code 3 "delete on a full disk"
expect_err_contains "the disk is full" "delete on a full disk"
runt query --count
expect_code 0 "query on a full disk"
expect_out 10 "query on a full disk"
[ "$(snapshot "$CASEBOOK_DB")" = "$BEFORE" ] || fail "a write on a full disk changed the database"

# Room again: nothing was damaged, and writes work.
rm small/filler
runt create --from new.json
expect_code 0 "create once there is room"
expect_out new-1 "create once there is room"
runt query --count
expect_out 11 "the database after a full disk"
if command -v sqlite3 >/dev/null; then
    [ "$(sqlite3 "$CASEBOOK_DB" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after a full disk"
fi

finish
