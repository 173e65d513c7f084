# Huge inputs: a 20 MB string and a 1 GB line. Each is refused with a clear
# message (exit 1), memory stays bounded (the line is never held whole), and the
# database is unchanged. Under AddressSanitizer the line is 100 MB instead of
# 1 GB (it is ~10 times slower there) and the memory bound is not checked (the
# sanitizer's own memory is not the program's).
source "$SOURCE_DIR/tests/robustness/lib.bash"
EXAMPLES="$SOURCE_DIR/examples/northern-triangle"
export CASEBOOK_DB="$WORK/cases.db"
export TMPDIR="$WORK/tmp"
mkdir -p "$TMPDIR"
"$CASEBOOK" init 2>/dev/null && "$CASEBOOK" import --quiet "$EXAMPLES" 2>/dev/null || { echo "setup failed" >&2; exit 1; }
BEFORE=$(snapshot "$CASEBOOK_DB")
unchanged() { [ "$(snapshot "$CASEBOOK_DB")" = "$BEFORE" ] || fail "$1: the database changed"; }

# --- A 20 MB string: in a sensitive field (narrative), a short one (a tag) and the id.
python3 - <<'PY'
big = "A" * (20 << 20)
with open("narrative.json", "w") as f:
    f.write('{"schema_version": "1", "id": "big-1",\n "narrative": "%s"}\n' % ("secret " * (3 << 20))[: 20 << 20])
with open("tag.json", "w") as f:
    f.write('{"schema_version": "1", "id": "big-2",\n "tags": ["%s"]}\n' % big)
with open("id.json", "w") as f:
    f.write('{"schema_version": "1",\n "id": "%s"}\n' % big)
PY
for name in narrative tag id; do
    case $name in
    narrative) message="narrative.json:2:15: error: /narrative: is 20971520 characters long; at most 100000 are allowed" ;;
    tag) message="tag.json:2:11: error: /tags/0: is 20971520 characters long; at most 64 are allowed" ;;
    id) message='id.json:2:8: error: /id: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA..." is not a valid case id' ;;
    esac
    for cmd in "validate $name.json" "create --from $name.json" "import $name.json"; do
        # shellcheck disable=SC2086
        runt $cmd
        expect_code 1 "20 MB string: $cmd"
        expect_err_contains "$message" "20 MB string: $cmd"
        [ "${#ERR}" -lt 2000 ] || fail "20 MB string: $cmd: the message is ${#ERR} bytes long, the value was echoed"
    done
    # On stdin too (a document over several lines is read whole, like a file).
    for cmd in "validate -" "create --from -" "import -"; do
        # shellcheck disable=SC2086
        runf "$name.json" $cmd
        expect_code 1 "20 MB string on stdin: $cmd"
        expect_err_contains "<stdin>:${message#$name.json:}" "20 MB string on stdin: $cmd"
        [ "${#ERR}" -lt 2000 ] || fail "20 MB string on stdin: $cmd: the value was echoed"
    done
done
case "$ERR" in *secret*) fail "the sensitive narrative was echoed" ;; esac
unchanged "20 MB strings"

# --- A 1 GB line, streamed through a pipe.
if [ "$SANITIZED" = 1 ]; then
    SIZE=$((100 << 20))
else
    SIZE=$((1 << 30))
fi
MAX_KB=$((256 << 10)) # 256 MB: the line is never held whole (a 16 MB window at most)
huge_line() {
    printf '{"schema_version": "1", "id": "'
    head -c "$SIZE" /dev/zero | tr '\0' 'a'
    printf '"}\n'
    # create takes one record: the line that follows is for validate and import.
    [ "$1" = create ] || printf '{"schema_version": "1", "id": "after-the-long-line", "origin": {"country": "SLV"}}\n'
}
if [ -x /usr/bin/time ]; then
    measure() { /usr/bin/time -f %M -o "$WORK/maxrss" "$@"; }
else
    measure() { (ulimit -v $((MAX_KB * 4)) && "$@"); echo 0 >"$WORK/maxrss"; }
fi
for cmd in "validate -" "create --from -" "import -"; do
    # shellcheck disable=SC2086
    huge_line "${cmd%% *}" | measure timeout -k 5 "$LIMIT" "$CASEBOOK" $cmd >"$WORK/.out" 2>"$WORK/.err"
    CODE=${PIPESTATUS[1]}
    OUT=$(cat "$WORK/.out")
    ERR=$(cat "$WORK/.err")
    # /usr/bin/time reports "Command exited with non-zero status 1" first: drop it.
    ERR=$(printf '%s\n' "$ERR" | grep -v '^Command exited with non-zero status')
    no_crash "1 GB line: $cmd"
    expect_code 1 "1 GB line: $cmd"
    expect_err_contains "<stdin>:1:1: error: this line is longer than 16 MB, far more than any case record: is this the right file?" "1 GB line: $cmd"
    [ "${#ERR}" -lt 2000 ] || fail "1 GB line: $cmd: ${#ERR} bytes of diagnostics"
    case $cmd in
    validate*) expect_err_contains "2 records: 1 valid, 1 invalid; 1 error, 0 warnings" "1 GB line: the next line is read" ;;
    import*) expect_err_contains "2 records: 1 invalid; nothing written" "1 GB line: $cmd" ;;
    esac
    if [ "$SANITIZED" = 0 ]; then
        kb=$(tail -n 1 "$WORK/maxrss")
        [ "$kb" -lt "$MAX_KB" ] || fail "1 GB line: $cmd used $((kb >> 10)) MB of memory (at most $((MAX_KB >> 10)) MB expected)"
    fi
done
unchanged "1 GB line"
[ -z "$(ls -A "$TMPDIR")" ] || fail "import - left temporary files: $(ls -A "$TMPDIR")"

finish
