# import, export, review, merge: all-or-nothing imports, kill -9 safety,
# redaction, export -> import round trips, merge conflicts.
. "$(dirname "$0")/lib.bash"
EX=$SOURCE_DIR/examples/northern-triangle

run init --db a.db
expect_code 0 "init"

# One invalid record among many: nothing written, exit 1, the error reported as validate does.
python3 - <<'PY'
import json
with open('many.jsonl', 'w') as f:
    for i in range(500):
        r = {"schema_version": "1", "id": f"m-{i:04d}", "origin": {"country": "SLV"}}
        if i == 250:
            r["origin"]["country"] = "XXX"
        f.write(json.dumps(r) + "\n")
PY
run import --db a.db many.jsonl
expect_code 1 "one invalid record"
expect_err_contains "many.jsonl:251:" "located like validate"
expect_err_contains "500 records: 1 invalid; nothing written" "summary"
run export --db a.db
expect_out "" "nothing was written"

# --skip-invalid writes the valid ones and the rejects, with their errors.
run import --db a.db many.jsonl --skip-invalid --rejects rej.jsonl
expect_code 1 "skip-invalid still says some were rejected"
expect_err_contains "500 records: 499 added, 0 updated, 0 unchanged, 1 rejected"
[ "$(wc -l <rej.jsonl)" = 1 ] || fail "one reject"
grep -q '"m-0250"' rej.jsonl || fail "the rejected record is in the rejects file"

# The same again is a no-op; a changed record needs --update.
run import --db a.db "$EX"
expect_code 0 "import the examples"
run import --db a.db "$EX"
expect_err_contains "10 records: 0 added, 0 updated, 10 unchanged, 0 rejected" "identical is a no-op"
sed 's/"Marisol"/"Marisela"/' "$EX/sv-001.json" >sv-001.json
run import --db a.db sv-001.json
expect_code 1 "existing id"
expect_err_contains "is already in the database with other content: --update"
run import --db a.db sv-001.json --update
expect_code 0 "--update"
expect_err_contains "1 record: 0 added, 1 updated"

# export --redact: no sensitive value, no aggregate_only case.
run export --db a.db --redact
expect_code 0 "export --redact"
expect_err_contains "whose consent does not allow sharing the record (aggregate_only, no scope or none recorded: tables only)"
printf '%s\n' "$OUT" >redacted.jsonl
python3 - "$SOURCE_DIR" <<'PY' || fail "redacted export holds sensitive data"
import json, sys
bad = []
for line in open('redacted.jsonl'):
    d = json.loads(line)
    if d.get('consent', {}).get('scope') == 'aggregate_only': bad.append(d['id'])
    if 'pseudonym' in d.get('person', {}) or 'locality' in d.get('origin', {}) or 'narrative' in d or 'notes' in d: bad.append(d['id'])
    if any('reference' in s for s in d.get('sources', [])): bad.append(d['id'])
sys.exit(1 if bad else 0)
PY
for word in Marisela Tomás invented; do
    case "$OUT" in *"$word"*) fail "redacted export contains $word" ;; esac
done

# export -> import into an empty database reproduces every case exactly (jsonl and json).
"$CASEBOOK" export --db a.db >a.jsonl
"$CASEBOOK" export --db a.db --format json >a.json
for f in a.jsonl a.json; do
    rm -f b.db
    "$CASEBOOK" init --db b.db 2>/dev/null
    run import --db b.db $f
    expect_code 0 "import $f"
    "$CASEBOOK" export --db b.db >b.jsonl
    cmp -s a.jsonl b.jsonl || fail "round trip through $f"
done
# stdin through a pipe (read once, never seekable): the same, all or nothing.
rm -f b.db
"$CASEBOOK" init --db b.db 2>/dev/null
{ head -n 3 a.jsonl; printf '{"schema_version":"1","id":"pipe-1","origin":{"country":"XXX"}}\n'; } |
    "$CASEBOOK" import --db b.db --quiet - >/dev/null 2>"$WORK/.err"
CODE=$?
ERR=$(cat "$WORK/.err")
expect_code 1 "an invalid record on stdin"
expect_err_contains "<stdin>:4:" "located on stdin"
expect_err_contains "4 records: 1 invalid; nothing written" "stdin summary"
[ -z "$("$CASEBOOK" export --db b.db)" ] || fail "a refused stdin import wrote something"
cat a.jsonl | "$CASEBOOK" import --db b.db --quiet - 2>/dev/null || fail "import from a pipe"
"$CASEBOOK" export --db b.db >b.jsonl
cmp -s a.jsonl b.jsonl || fail "round trip through a pipe"

run export --db a.db --format csv
expect_code 0 "csv"
case "$OUT" in "schema_version,id,status,recorded.by,"*) ;; *) fail "csv header" ;; esac

# review
run review --db a.db sv-002 --approve --reviewer R9 --note "checked"
expect_code 0 "approve"
expect_err "sv-002: reviewed by R9 (revision 2)"
run review --db a.db m-0001 --approve --reviewer R9
expect_code 1 "a draft that is not complete cannot be approved"
expect_err_contains "not approved: m-0001 is not valid as a complete case"
run review --db a.db m-0001 --reject --reviewer R9 --note "no journey"
expect_code 0 "reject"

# merge: new cases come in, conflicts are reported and left untouched.
rm -f c.db
"$CASEBOOK" init --db c.db 2>/dev/null
"$CASEBOOK" import --db c.db "$EX" 2>/dev/null
printf '{"schema_version":"1","id":"new-1","origin":{"country":"HND"}}\n' >new.jsonl
"$CASEBOOK" import --db c.db new.jsonl 2>/dev/null
run merge --db a.db c.db --dry-run
expect_code 1 "dry run with a conflict"
expect_err_contains "conflict: sv-001: differs at /person/pseudonym"
expect_err_contains "merge (dry run): 1 added, 0 updated, 0 deleted, 0 purged, 8 identical, 2 conflicts"
run merge --db a.db c.db
expect_code 1 "merge with conflicts"
expect_err_contains "merge: 1 added, 0 updated, 0 deleted, 0 purged, 8 identical, 2 conflicts (left untouched"
run show --db a.db sv-001 --format json
expect_out_contains '"Marisela"' "conflict left untouched"
run show --db a.db new-1 --format json
expect_code 0 "new case merged"
run merge --db a.db c.db --prefer theirs
expect_code 0 "prefer theirs"
run show --db a.db sv-001 --format json
expect_out_contains '"Marisol"' "theirs taken"

# kill -9 in the middle of a 100,000-record import: the database is as it was.
python3 - <<'PY'
import json
with open('big.jsonl', 'w') as f:
    for i in range(100000):
        # ~1.5 KB each, so the write pass outgrows SQLite's page cache and the WAL grows while it runs.
        f.write(json.dumps({"schema_version": "1", "id": f"big-{i:06d}", "origin": {"country": "GTM"},
                            "returns": [{"from": "MEX", "to": "GTM", "mechanism": "deportation"}],
                            "notes": f"record {i} " + "x" * 1400}) + "\n")
PY
before=$("$CASEBOOK" export --db a.db | md5sum)
"$CASEBOOK" import --db a.db --quiet big.jsonl 2>/dev/null &
pid=$!
# Wait for the write pass: the WAL file grows past 2 MB.
for _ in $(seq 1 1200); do
    size=$(stat -c %s a.db-wal 2>/dev/null || echo 0)
    [ "$size" -gt 2000000 ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.05
done
kill -9 $pid 2>/dev/null || fail "the import ended before it could be killed"
wait $pid 2>/dev/null
[ "$(sqlite3 a.db 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after kill -9"
after=$("$CASEBOOK" export --db a.db | md5sum)
[ "$before" = "$after" ] || fail "the database changed after kill -9"
[ "$(sqlite3 a.db "SELECT count(*) FROM cases WHERE id LIKE 'big-%'")" = 0 ] || fail "partial import visible"
finish
