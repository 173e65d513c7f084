# Helpers for end-to-end tests: run the built binary in a private temporary
# folder and compare its exact stdout, stderr and exit code.
set -u
: "${CASEBOOK:?set CASEBOOK to the built binary}"
: "${SOURCE_DIR:?set SOURCE_DIR to the source tree}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
unset CASEBOOK_DB CASEBOOK_SHARED_GROUP
# Messages in English whatever the machine's locale; a test that wants Spanish says so.
unset LC_ALL LC_MESSAGES LANGUAGE
export LANG=C.UTF-8
# Kept edits and recovery files go to the test's folder, never the user's.
export XDG_STATE_HOME="$WORK/state"
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

# format_1_database FILE: a database of format 1, as casebook 0.1 wrote it
# (from the migration's own SQL), mode 0600, with the cases sv-001 and gt-001.
format_1_database() {
    python3 - "$SOURCE_DIR" "$1" <<'PY'
import json, os, re, sqlite3, sys
src = open(os.path.join(sys.argv[1], "src/store/migrations.cpp")).read()
sql = re.search(r'format_1 = R"sql\((.*?)\)sql"', src, re.S).group(1)
db = sqlite3.connect(sys.argv[2])
db.executescript(sql)
db.execute("PRAGMA application_id = 1129529931")  # 0x4353424B, "CSBK"
db.execute("PRAGMA user_version = 1")
for name in ("sv-001", "gt-001"):
    doc = json.load(open(os.path.join(sys.argv[1], "examples/northern-triangle", name + ".json")))
    db.execute("INSERT INTO cases(id, doc, revision, deleted, status, outcome, verified_outcome, created_at, updated_at) "
               "VALUES (?, ?, 1, 0, '', '', '', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')",
               (doc["id"], json.dumps(doc, separators=(",", ":"), ensure_ascii=False)))
db.commit()
PY
    chmod 600 "$1"
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
