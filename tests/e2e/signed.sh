# Signed exports and checkpoints: what export --sign and checkpoint --sign
# write verifies with Debian's minisign alone (minisign -V -P <key line>) and
# with casebook verify --export; one changed byte fails both; the records are
# checked against the history's content hashes; a checkpoint's head is what
# verify --since takes later.
source "$(dirname "$0")/lib.bash"
EXAMPLES="$SOURCE_DIR/examples/northern-triangle"
unset CASEBOOK_KEY CASEBOOK_PASSPHRASE_FD
printf 'a long passphrase for tests\n' >pass
export CASEBOOK_PASSPHRASE_FILE="$WORK/pass"
command -v minisign >/dev/null || fail "minisign is needed (scripts/deps.sh installs it)"
"$CASEBOOK" keys init --out project.key >/dev/null 2>&1 || fail "keys init"
KEYLINE=$("$CASEBOOK" keys show --key project.key --only minisign)
"$CASEBOOK" keys init --out other.key >/dev/null 2>&1 || fail "keys init (other)"
OTHERLINE=$("$CASEBOOK" keys show --key other.key --only minisign)
"$CASEBOOK" init 2>/dev/null
"$CASEBOOK" import "$EXAMPLES" --quiet >/dev/null 2>&1 || fail "import"
HEAD=$("$CASEBOOK" verify | sed 's/.* head //')

run export --sign
expect_code 2 "--sign without --out"
expect_err "casebook: error: --sign needs --out FILE: the signature is written beside the file, as FILE.minisig"

# Every format signs; minisign checks each with the public key line alone.
for format in jsonl json csv; do
    run export --format "$format" --out "cases.$format" --sign --key project.key
    expect_code 0 "export --format $format --sign"
    expect_err_contains "signed cases.$format in cases.$format.minisig (check: minisign -Vm cases.$format -P $KEYLINE)" "export --sign says how to check"
    [ "$(stat -c %a "cases.$format")" = 600 ] || fail "the export is not 0600"
    [ "$(stat -c %a "cases.$format.minisig")" = 600 ] || fail "the signature is not 0600"
    minisign -Vm "cases.$format" -P "$KEYLINE" >minisign.out 2>&1 || fail "minisign -V rejects casebook's signature of $format: $(cat minisign.out)"
    grep -q "^Trusted comment: casebook export	records:10	format:$format	redacted:no	head:$HEAD	timestamp:[0-9]*	file:cases.$format$" minisign.out ||
        fail "the trusted comment of $format: $(cat minisign.out)"
    run verify --export "cases.$format" --pubkey "$KEYLINE"
    expect_code 0 "verify --export $format"
done
expect_out "verified cases.csv: signed by $KEYLINE; 10 records (csv), database head $HEAD; in casebook.db's history (0 rows added since)" "verify --export csv"
run verify --export cases.jsonl --pubkey "$KEYLINE"
expect_out "verified cases.jsonl: signed by $KEYLINE; 10 records (jsonl), database head $HEAD; in casebook.db's history (0 rows added since); every record is a version its history holds" "verify --export jsonl"
[ "$(wc -l <cases.jsonl)" = 10 ] || fail "the signed export is not the export"
"$CASEBOOK" export >plain.jsonl 2>/dev/null
cmp -s plain.jsonl cases.jsonl || fail "export --out writes other bytes than export to standard output"

# A partner without the database: the signature and the count.
mkdir partner && cp cases.jsonl cases.jsonl.minisig partner/
(cd partner && CASEBOOK_DB="$WORK/partner/none.db" "$CASEBOOK" verify --export cases.jsonl --pubkey "$KEYLINE") >partner.out 2>&1 ||
    fail "verify --export without the database: $(cat partner.out)"
grep -qx "verified cases.jsonl: signed by $KEYLINE; 10 records (jsonl), database head $HEAD" partner.out || fail "partner: $(cat partner.out)"

# One changed byte: minisign and casebook both refuse.
cp cases.jsonl good.jsonl
python3 -c 'import sys; p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[100] ^= 1; open(p, "wb").write(bytes(b))' cases.jsonl
minisign -Vm cases.jsonl -P "$KEYLINE" >/dev/null 2>&1 && fail "minisign accepts a changed export"
run verify --export cases.jsonl --pubkey "$KEYLINE"
expect_code 1 "verify --export of a changed byte"
expect_err "cases.jsonl: the signature cases.jsonl.minisig does not verify with this key: the file or its signature was changed, or another key signed it"
cp good.jsonl cases.jsonl
# Another key, or a changed trusted comment.
run verify --export cases.jsonl --pubkey "$OTHERLINE"
expect_code 1 "verify --export with another key"
minisign -Vm cases.jsonl -P "$OTHERLINE" >/dev/null 2>&1 && fail "minisign accepts another key"
sed 's/records:10/records:9/' cases.jsonl.minisig >forged.minisig
run verify --export cases.jsonl --signature forged.minisig --pubkey "$KEYLINE"
expect_code 1 "a changed trusted comment"
minisign -Vm cases.jsonl -x forged.minisig -P "$KEYLINE" >/dev/null 2>&1 && fail "minisign accepts a changed trusted comment"

# Signed by the right key, but not records this history holds: an export
# re-signed after its content was changed is caught against the database.
run export --out resigned.jsonl --sign --key project.key
sed 's/"killed"/"threatened"/' resigned.jsonl >resigned2.jsonl
run verify --export resigned2.jsonl --signature resigned.jsonl.minisig --pubkey "$KEYLINE"
expect_code 1 "content changed after signing"

# A redacted export signs too; its records are no stored version, so only the signature and count are checked.
run export --redact --out shared.jsonl --sign --key project.key
expect_code 0 "export --redact --sign"
minisign -Vm shared.jsonl -P "$KEYLINE" >/dev/null 2>&1 || fail "minisign rejects a redacted export's signature"
run verify --export shared.jsonl --pubkey "$KEYLINE"
expect_code 0 "verify --export of a redacted export"
expect_out_contains "(jsonl, redacted)" "verify --export of a redacted export"

# A wrong passphrase signs nothing and writes nothing.
printf 'not it\n' >wrong
CASEBOOK_PASSPHRASE_FILE="$WORK/wrong" run export --out nope.jsonl --sign --key project.key
expect_code 3 "a wrong passphrase"
[ ! -e nope.jsonl ] && [ ! -e nope.jsonl.minisig ] || fail "a wrong passphrase left files"
run export --out cases.jsonl
expect_code 3 "export --out onto an existing file"
run export --out casebook.db --force
expect_code 2 "export --out onto the database"

# Checkpoints: the head, signed; verify --since proves the history only grew.
run checkpoint
expect_code 0 "checkpoint"
case "$OUT" in "casebook checkpoint	head:$HEAD	rows:10	cases:10	at:"*) ;; *) fail "checkpoint: $OUT" ;; esac
run checkpoint --out head.txt --sign --key project.key
expect_code 0 "checkpoint --sign"
minisign -Vm head.txt -P "$KEYLINE" >minisign.out 2>&1 || fail "minisign rejects a signed checkpoint: $(cat minisign.out)"
grep -q "^Trusted comment: casebook checkpoint	head:$HEAD	rows:10" minisign.out || fail "checkpoint trusted comment: $(cat minisign.out)"
"$CASEBOOK" delete sv-001 --note "test" >/dev/null 2>&1 || fail "delete"
run verify --since "$HEAD"
expect_code 0 "verify --since a checkpoint"
expect_out_contains "; 1 rows added since $HEAD" "verify --since"
run verify --export cases.csv --pubkey "$KEYLINE"
expect_code 0 "an export from before a later change"
expect_out_contains "(1 rows added since)" "an older export"
sqlite3 casebook.db "DROP TRIGGER history_no_update; UPDATE history SET actor = 'forger' WHERE rev = 2" || fail "tamper"
run checkpoint
expect_code 1 "checkpoint of a tampered history"
expect_err_contains "its history does not verify" "checkpoint of a tampered history"

finish
