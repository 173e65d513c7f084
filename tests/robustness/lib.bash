# Helpers for the robustness tests (tests/robustness/*.sh): the end-to-end
# helpers of tests/e2e/lib.bash, plus a time limit on every run, checks that
# casebook never crashed, and a snapshot of a database to show it unchanged.
source "$SOURCE_DIR/tests/e2e/lib.bash"
export CASEBOOK_USER=test

# A build with AddressSanitizer (-DCASEBOOK_SANITIZE=ON) is slower and its
# memory use is not the program's own: the tests scale down there. GCC's
# sanitizer runtime is a shared library (ldd names libasan); clang's is linked in.
if ldd "$CASEBOOK" 2>/dev/null | grep -q libasan || grep -qa AddressSanitizer "$CASEBOOK"; then
    SANITIZED=1
else
    SANITIZED=0
fi

# Seconds a single command may take before it counts as a hang.
LIMIT=${LIMIT:-120}

# no_crash WHAT: the last run ended by itself, with a message and no crash.
no_crash() {
    [ "$CODE" != 124 ] || fail "$1: no answer after ${LIMIT}s (a hang)"
    [ "$CODE" -lt 128 ] || fail "$1: killed by signal $((CODE - 128))"
    local bad
    for bad in "terminate called" "casebook: internal error" "Segmentation" "what():" "AddressSanitizer" "runtime error:" "Aborted" "core dumped"; do
        case "$ERR" in *"$bad"*) fail "$1: stderr shows a crash ($bad): $(printf '%s' "$ERR" | head -c 2000)" ;; esac
    done
}

# runt ARGS...: run with a time limit, stdin from /dev/null; leaves OUT, ERR, CODE.
runt() { runf /dev/null "$@"; }

# runf FILE ARGS...: the same, with FILE on stdin.
runf() {
    local input=$1
    shift
    timeout -k 5 "$LIMIT" "$CASEBOOK" "$@" >"$WORK/.out" 2>"$WORK/.err" <"$input"
    CODE=$?
    OUT=$(cat "$WORK/.out")
    ERR=$(cat "$WORK/.err")
    no_crash "casebook $* < $input"
}

# snapshot DB: the file's checksum and everything casebook shows of it (every
# record, every history entry), so that a change hidden in a -wal file counts too.
snapshot() {
    local db=$1
    sha256sum "$db" | cut -d' ' -f1
    "$CASEBOOK" export --db "$db" --format jsonl 2>&1 | sha256sum
    "$CASEBOOK" log --db "$db" 2>&1 | sha256sum
}
