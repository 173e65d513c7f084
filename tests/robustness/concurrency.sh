# Two imports and an edit at once on one database: each succeeds, or fails
# cleanly (exit 3, "busy", nothing of it written); nothing is lost, nothing is
# duplicated, and an import without --update never replaces a case that another
# command added meanwhile.
source "$SOURCE_DIR/tests/robustness/lib.bash"
EXAMPLES="$SOURCE_DIR/examples/northern-triangle"
export CASEBOOK_DB="$WORK/cases.db"
export TMPDIR="$WORK/tmp"
mkdir "$TMPDIR"
python3 - <<'PY'
import json
for name in ("a", "b"):
    with open(f"{name}.jsonl", "w") as f:
        for i in range(2000):
            f.write(json.dumps({"schema_version": "1", "id": f"{name}-{i:05d}", "origin": {"country": "GTM"},
                                "returns": [{"from": "MEX", "to": "GTM", "mechanism": "deportation"}]}) + "\n")
# The same ids as a.jsonl, other content.
with open("a2.jsonl", "w") as f:
    for i in range(2000):
        f.write(json.dumps({"schema_version": "1", "id": f"a-{i:05d}", "origin": {"country": "HND"}}) + "\n")
PY
cat >slow-editor.sh <<'SH'
#!/bin/sh
# Edits while the imports run, then saves.
sleep 1.5
sed -i 's/"pseudonym": "Marisol"/"pseudonym": "M."/' "$1"
SH
chmod +x slow-editor.sh
count() { "$CASEBOOK" query --count --where "$1" 2>/dev/null; }
# `casebook import --quiet` of two files at once: exit codes in ca and cb,
# standard error in a.err and b.err.
two_imports() {
    timeout "$LIMIT" "$CASEBOOK" import --quiet "$1" >a.out 2>a.err &
    local ia=$!
    timeout "$LIMIT" "$CASEBOOK" import --quiet "$2" >b.out 2>b.err &
    local ib=$!
    wait $ia
    ca=$?
    wait $ib
    cb=$?
}
fresh_db() { rm -f "$CASEBOOK_DB"* && "$CASEBOOK" init 2>/dev/null; }
history_rows() { "$CASEBOOK" log 2>/dev/null | wc -l; }

# --- Two imports of different cases and an edit, at once.
"$CASEBOOK" init 2>/dev/null && "$CASEBOOK" import --quiet "$EXAMPLES" 2>/dev/null || fail "setup"
EDITOR="$WORK/slow-editor.sh" timeout "$LIMIT" "$CASEBOOK" edit sv-001 >edit.out 2>edit.err &
edit=$!
sleep 0.3
two_imports a.jsonl b.jsonl
wait $edit; ce=$?
expected=10
for x in a b; do
    code=$(eval echo "\$c$x")
    ERR=$(cat $x.err) CODE=$code
    no_crash "import $x.jsonl"
    case $code in
    0) expect_err "2000 records: 2000 added, 0 updated, 0 unchanged, 0 rejected" "import $x.jsonl"
        expected=$((expected + 2000)) ;;
    3) expect_err_contains "is busy (another casebook is writing to it): try again" "import $x.jsonl" ;;
    *) fail "import $x.jsonl: exit code $code ($ERR)" ;;
    esac
    n=$("$CASEBOOK" query --sql "SELECT count(*) FROM cases_v WHERE id LIKE '$x-%'" --format csv | tail -n 1 | tr -d '\r')
    if [ "$code" = 0 ]; then [ "$n" = 2000 ] || fail "import $x.jsonl: $n of its cases stored"; else [ "$n" = 0 ] || fail "a failed import left $n cases"; fi
done
ERR=$(cat edit.err) CODE=$ce
no_crash "edit"
# The edit must be saved: the imports commit while the editor is open, which
# must not stop the save (each write waits up to the busy timeout).
expect_code 0 "an edit while two imports run"
expect_err "sv-001: saved revision 2" "an edit while two imports run"
[ "$("$CASEBOOK" query --count)" = "$expected" ] || fail "after the concurrent writes: $("$CASEBOOK" query --count) cases, expected $expected"
dups=$("$CASEBOOK" export | python3 -c '
import json, sys, collections
ids = collections.Counter(json.loads(l)["id"] for l in sys.stdin)
print(sum(1 for n in ids.values() if n > 1))')
[ "$dups" = 0 ] || fail "$dups ids exported twice"
if [ "$ce" = 0 ]; then
    "$CASEBOOK" show sv-001 --format json | grep -q '"pseudonym": "M."' || fail "the saved edit was lost"
    [ "$(history_rows)" = $((expected + 1)) ] || fail "history: $(history_rows) entries, expected $((expected + 1))"
else
    [ "$(history_rows)" = "$expected" ] || fail "history: $(history_rows) entries, expected $expected"
fi
if command -v sqlite3 >/dev/null; then
    [ "$(sqlite3 "$CASEBOOK_DB" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after concurrent writes"
fi

# --- Two imports of the same ids at once, different content, without --update:
# one adds them; the other must not silently replace them (it is refused, as it
# would be run after the first), and nothing is duplicated.
fresh_db
two_imports a.jsonl a2.jsonl
for x in a b; do ERR=$(cat $x.err) CODE=$(eval echo "\$c$x"); no_crash "same ids: import $x"; done
[ "$("$CASEBOOK" query --count)" = 2000 ] || fail "same ids: $("$CASEBOOK" query --count) cases, expected 2000"
[ "$(history_rows)" = 2000 ] || fail "same ids: $(history_rows) history entries, expected 2000 (one import replaced the other's cases without --update: $(cat a.err) / $(cat b.err))"
gtm=$(count origin=GTM)
hnd=$(count origin=HND)
if [ "$gtm" = 2000 ] && [ "$ca" = 0 ] && [ "$cb" != 0 ]; then
    :
elif [ "$hnd" = 2000 ] && [ "$cb" = 0 ] && [ "$ca" != 0 ]; then
    :
else
    fail "same ids: exactly one import may win, whole (GTM $gtm, HND $hnd; exit codes $ca and $cb: $(cat a.err) / $(cat b.err))"
fi
for x in a b; do
    code=$(eval echo "\$c$x")
    [ "$code" = 0 ] && continue
    ERR=$(cat $x.err)
    CODE=$code
    [ "$code" = 1 ] || [ "$code" = 3 ] || fail "same ids: the refused import exited $code"
    expect_err_contains "already in the database" "same ids: the refused import says why"
done

# --- The same file imported twice at once: one adds, the other finds every case unchanged.
fresh_db
two_imports b.jsonl b.jsonl
[ "$ca" = 0 ] && [ "$cb" = 0 ] || fail "the same file twice: exit codes $ca and $cb"
[ "$("$CASEBOOK" query --count)" = 2000 ] || fail "the same file twice: $("$CASEBOOK" query --count) cases"
[ "$(history_rows)" = 2000 ] || fail "the same file twice: $(history_rows) history entries"
summaries="$(cat a.err)"$'\n'"$(cat b.err)"
case "$summaries" in
*"2000 records: 2000 added, 0 updated, 0 unchanged, 0 rejected"*"2000 records: 0 added, 0 updated, 2000 unchanged, 0 rejected"* | \
    *"2000 records: 0 added, 0 updated, 2000 unchanged, 0 rejected"*"2000 records: 2000 added, 0 updated, 0 unchanged, 0 rejected"*) ;;
*) fail "the same file twice: the summaries do not add up:"$'\n'"$summaries" ;;
esac

finish
