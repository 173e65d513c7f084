# merge keeps custody and authorship: their history rows arrive as they are
# (actor, time, note, hashes), deletions and purges made there arrive here,
# a tampered database is refused, and conflicts say which side won.
source "$(dirname "$0")/lib.bash"
EXAMPLES="$SOURCE_DIR/examples/northern-triangle"

CASEBOOK_USER=R01 "$CASEBOOK" init --db a.db 2>/dev/null
for id in sv-001 sv-002 gt-001 gt-002; do
    CASEBOOK_USER=R01 "$CASEBOOK" create --db a.db --from "$EXAMPLES/$id.json" >/dev/null 2>&1 || fail "create $id"
done
# The colleague starts from a copy: both databases share these versions.
cp a.db b.db
export CASEBOOK_DB=b.db
sed 's/"Marisol"/"M."/' "$EXAMPLES/sv-001.json" >sv-001.json
CASEBOOK_USER=R02 "$CASEBOOK" import --update sv-001.json >/dev/null 2>&1 || fail "R02 edits sv-001"
CASEBOOK_USER=R02 "$CASEBOOK" review sv-002 --approve --reviewer R03 --note "checked against the court file" >/dev/null 2>&1 ||
    fail "R03 reviews sv-002"
CASEBOOK_USER=R02 "$CASEBOOK" delete gt-001 --note "consent withdrawn" >/dev/null 2>&1 || fail "R02 deletes gt-001"
CASEBOOK_USER=R02 "$CASEBOOK" create --from "$EXAMPLES/hn-001.json" >/dev/null 2>&1 || fail "R02 creates hn-001"
sed 's/"Marisol"/"Mari"/' "$EXAMPLES/sv-001.json" >sv-001.json
CASEBOOK_USER=R04 "$CASEBOOK" import --update sv-001.json >/dev/null 2>&1 || fail "R04 edits sv-001"
unset CASEBOOK_DB

their_log() { "$CASEBOOK" log "$1" --db b.db; }
SV1_THERE=$(their_log sv-001)
SV2_THERE=$(their_log sv-002)
GT1_THERE=$(their_log gt-001)
HN1_THERE=$(their_log hn-001)

run merge --db a.db b.db --dry-run
expect_code 0 "dry run"
expect_err "merge (dry run): 1 added, 2 updated, 1 deleted, 0 purged, 1 identical, 0 conflicts" "dry run"
run merge --db a.db b.db
expect_code 0 "merge"
expect_err "merge: 1 added, 2 updated, 1 deleted, 0 purged, 1 identical, 0 conflicts" "merge"
# Every revision and review with its own actor, time, action and note, in
# order (only the rev numbers are this database's own).
strip_rev() { sed -E 's/^rev [0-9]+  //'; }
for id in sv-001 sv-002 gt-001 hn-001; do
    here=$("$CASEBOOK" log "$id" --db a.db | strip_rev)
    there=$(their_log "$id" | strip_rev)
    [ "$here" = "$there" ] || fail "merge: the history of $id differs:"$'\n'"$here"$'\n---\n'"$there"
done
"$CASEBOOK" log sv-002 --db a.db | grep -q "R03  review  sv-002 (revision 2)" || fail "the review's reviewer"
"$CASEBOOK" log gt-001 --db a.db | grep -q "note: consent withdrawn" || fail "the deletion's note"
[ "$(sqlite3 a.db "SELECT hex(hash) FROM history WHERE case_id = 'sv-001' ORDER BY revision")" = \
  "$(sqlite3 b.db "SELECT hex(hash) FROM history WHERE case_id = 'sv-001' ORDER BY revision")" ] ||
    fail "the rows' hashes were not kept"
# Each version keeps the hash of its derived columns, which this database's columns match.
[ "$(sqlite3 a.db "SELECT group_concat(revision || ':' || hex(derived), ' ') FROM history WHERE case_id = 'sv-001'")" = \
  "$(sqlite3 b.db "SELECT group_concat(revision || ':' || hex(derived), ' ') FROM history WHERE case_id = 'sv-001'")" ] ||
    fail "the rows' derived hashes were not kept"
cp a.db t.db
sqlite3 t.db "UPDATE case_dims SET sex = 'female' WHERE id = 'hn-001'"
run verify --db t.db
expect_code 1 "a merged case's columns changed"
expect_err_contains "t.db: case hn-001 revision 1: the case's table and query columns do not match its document" \
    "a merged case's columns changed"
rm -f t.db
run show gt-001 --db a.db
expect_code 1 "deleted there: deleted here"
run verify --db a.db
expect_code 0 "the merged database verifies"
run merge --db a.db b.db
expect_code 0 "merge again"
expect_err "merge: 0 added, 0 updated, 0 deleted, 0 purged, 5 identical, 0 conflicts" "merge again: nothing new"

# A purge there comes across: the content leaves this file too.
CASEBOOK_USER=R02 "$CASEBOOK" purge sv-002 --db b.db --reason "consent withdrawn" 2>/dev/null || fail "purge there"
grep -qa "Ernesto" a.db* || fail "the pseudonym of sv-002 is not in a.db before (the test proves nothing)"
run merge --db a.db b.db
expect_code 0 "merge a purge"
expect_err "merge: 0 added, 0 updated, 0 deleted, 1 purged, 4 identical, 0 conflicts" "merge a purge"
for f in a.db*; do
    grep -qa "Ernesto" "$f" && fail "the purged pseudonym is still in $f"
done
[ "$(sqlite3 a.db 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after a merged purge"
run verify --db a.db
expect_code 0 "verify after a merged purge"
"$CASEBOOK" log sv-002 --db a.db | grep -q "R02  purge  sv-002" || fail "the purge's tombstone came across"

# Changed on both sides: a conflict, the same exit code with or without a dry run.
sed 's/"Marisol"/"Ma."/' "$EXAMPLES/sv-001.json" >mine.json
CASEBOOK_USER=R01 "$CASEBOOK" import --db a.db --update mine.json >/dev/null 2>&1 || fail "R01 edits sv-001"
sed 's/"Marisol"/"Mar."/' "$EXAMPLES/sv-001.json" >theirs.json
CASEBOOK_USER=R02 "$CASEBOOK" import --db b.db --update theirs.json >/dev/null 2>&1 || fail "R02 edits sv-001 again"
CASEBOOK_USER=R02 "$CASEBOOK" delete gt-002 --db b.db --note "duplicate" >/dev/null 2>&1 || fail "R02 deletes gt-002"
python3 -c '
import json,sys; d=json.load(open(sys.argv[1])); d["tags"]=["checked"]; print(json.dumps(d))' "$EXAMPLES/gt-002.json" >gt-002.json
CASEBOOK_USER=R01 "$CASEBOOK" import --db a.db --update gt-002.json >/dev/null 2>&1 || fail "R01 edits gt-002"
run merge --db a.db b.db --dry-run
DRY_CODE=$CODE
expect_err "b.db: conflict: sv-001: differs at /person/pseudonym
b.db: not taken: sv-001: conflict: left untouched
b.db: conflict: gt-002: deleted in b.db, changed in a.db since the version both have
b.db: not taken: gt-002: conflict: left untouched
merge (dry run): 0 added, 0 updated, 0 deleted, 0 purged, 3 identical, 2 conflicts (left untouched; --prefer theirs|ours decides)" "conflicts, dry run"
run merge --db a.db b.db
expect_code "$DRY_CODE" "the same exit code with or without a dry run"
expect_code 1 "conflicts left untouched"
run merge --db a.db b.db --prefer ours
expect_code 0 "--prefer ours"
expect_err_contains "b.db: conflict: sv-001: differs at /person/pseudonym (ours wins)" "--prefer ours says who won"
run merge --db a.db b.db --prefer theirs
expect_code 0 "--prefer theirs"
expect_err_contains "b.db: conflict: sv-001: differs at /person/pseudonym (theirs wins)" "--prefer theirs says who won"
expect_err_contains "2 conflicts (2 taken from theirs)" "--prefer theirs"
"$CASEBOOK" show sv-001 --db a.db --format json | grep -q '"Mar."' || fail "theirs taken"
run show gt-002 --db a.db
expect_code 1 "their deletion taken"
"$CASEBOOK" log sv-001 --db a.db | tail -2 | grep -q "taken from b.db (--prefer theirs): their revision 4 by R02" ||
    fail "the taking row names their revision and actor: $("$CASEBOOK" log sv-001 --db a.db)"
run verify --db a.db
expect_code 0 "verify after conflicts"

# A tampered database is refused, naming the case; nothing is merged.
cp b.db t.db
sqlite3 t.db "DROP TRIGGER history_no_update; UPDATE history SET actor = 'R01' WHERE case_id = 'hn-001'"
ROWS=$(sqlite3 a.db 'SELECT count(*) FROM history')
run merge --db a.db t.db
expect_code 1 "a tampered database"
expect_err_contains "casebook: error: t.db: its history does not verify at case hn-001 revision 1: the row does not match its hash"
[ "$(sqlite3 a.db 'SELECT count(*) FROM history')" = "$ROWS" ] || fail "a tampered merge wrote something"

# A new version whose derived hash was recomputed for columns changed by hand
# (rechain.py --derived): their database verifies without --deep, but the hash
# is not that of the version's document. Taken in, our columns (derived from
# the document) would fail verify for ever after: refused, nothing merged.
cp b.db t.db
python3 -c '
import json,sys; d=json.load(open(sys.argv[1])); d["tags"]=["checked"]; print(json.dumps(d))' "$EXAMPLES/hn-001.json" >hn-001.json
CASEBOOK_USER=R02 "$CASEBOOK" import --db t.db --update hn-001.json >/dev/null 2>&1 || fail "R02 edits hn-001"
python3 "$SOURCE_DIR/tests/robustness/rechain.py" --derived t.db "UPDATE cases SET outcome = 'no_harm_known' WHERE id = 'hn-001'" \
    "UPDATE case_dims SET outcome = 'no_harm_known' WHERE id = 'hn-001'" || fail "rechain.py --derived"
run verify --db t.db
expect_code 0 "a forged derived hash holds without --deep (the test proves something)"
run merge --db a.db t.db
expect_code 1 "a forged derived hash"
expect_err "casebook: error: t.db: its history does not verify at case hn-001 revision 2: the derived hash recorded by revision 2 does not match its document; nothing merged ('casebook verify --db t.db --deep' lists every broken link)" "a forged derived hash"
[ "$(sqlite3 a.db 'SELECT count(*) FROM history')" = "$ROWS" ] || fail "a merge of a forged derived hash wrote something"
run verify --db a.db
expect_code 0 "verify after a refused merge"

finish
