# Helpers for end-to-end tests: run the built binary in a private temporary
# folder and compare its exact stdout, stderr and exit code.
set -u
: "${CASEBOOK:?set CASEBOOK to the built binary}"
: "${SOURCE_DIR:?set SOURCE_DIR to the source tree}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
unset CASEBOOK_DB
export NO_COLOR=1
FAILURES=0

# run ARGS...: runs casebook, leaving OUT, ERR and CODE.
run() {
    "$CASEBOOK" "$@" >"$WORK/.out" 2>"$WORK/.err" </dev/null
    CODE=$?
    OUT=$(cat "$WORK/.out")
    ERR=$(cat "$WORK/.err")
}

# run_in INPUT ARGS...: like run, with INPUT on stdin.
run_in() {
    local input=$1
    shift
    printf '%s' "$input" | "$CASEBOOK" "$@" >"$WORK/.out" 2>"$WORK/.err"
    CODE=$?
    OUT=$(cat "$WORK/.out")
    ERR=$(cat "$WORK/.err")
}

fail() {
    echo "FAIL: $*" >&2
    FAILURES=$((FAILURES + 1))
}

expect_code() { [ "$CODE" = "$1" ] || fail "${2:-}: exit code $CODE, expected $1 (stderr: $ERR)"; }
expect_out() { [ "$OUT" = "$1" ] || fail "${2:-}: stdout differs:"$'\n'"--- expected"$'\n'"$1"$'\n'"--- actual"$'\n'"$OUT"; }
expect_err() { [ "$ERR" = "$1" ] || fail "${2:-}: stderr differs:"$'\n'"--- expected"$'\n'"$1"$'\n'"--- actual"$'\n'"$ERR"; }
expect_err_contains() { case "$ERR" in *"$1"*) ;; *) fail "${2:-}: stderr lacks [$1]:"$'\n'"$ERR" ;; esac; }
expect_out_contains() { case "$OUT" in *"$1"*) ;; *) fail "${2:-}: stdout lacks [$1]:"$'\n'"$OUT" ;; esac; }

finish() {
    if [ "$FAILURES" -ne 0 ]; then
        echo "$FAILURES check(s) failed" >&2
        exit 1
    fi
    echo "all checks passed"
}
