# Researcher identity: with $CASEBOOK_KEY set, every history row a researcher
# makes names their signing key and carries its Ed25519 signature over the
# row hash; verify says who signed what, and catches a row changed after it
# was signed even when the hashes were recomputed (rechain.py), a signature
# copied onto another row, a signer swapped; merge keeps every signature.
source "$(dirname "$0")/lib.bash"
EXAMPLES="$SOURCE_DIR/examples/northern-triangle"
RECHAIN="$SOURCE_DIR/tests/robustness/rechain.py"
unset CASEBOOK_KEY CASEBOOK_PASSPHRASE_FD
printf 'a long passphrase for tests\n' >pass
export CASEBOOK_PASSPHRASE_FILE="$WORK/pass"
"$CASEBOOK" keys init --out alice.key >/dev/null 2>&1 || fail "keys init alice"
"$CASEBOOK" keys init --out bob.key >/dev/null 2>&1 || fail "keys init bob"
ALICE_FP=$("$CASEBOOK" keys show --key alice.key --only fingerprint)
ALICE_RW=$("$CASEBOOK" keys show --key alice.key --only minisign)
BOB_FP=$("$CASEBOOK" keys show --key bob.key --only fingerprint)
BOB_RW=$("$CASEBOOK" keys show --key bob.key --only minisign)

"$CASEBOOK" init --db alice.db 2>/dev/null
CASEBOOK_KEY=alice.key CASEBOOK_USER=alice run create --db alice.db --from "$EXAMPLES/sv-001.json"
expect_code 0 "a signed create"
CASEBOOK_KEY=alice.key CASEBOOK_USER=alice run create --db alice.db --from "$EXAMPLES/gt-001.json"
CASEBOOK_USER=carla run delete gt-001 --db alice.db --note "duplicate"
expect_code 0 "an unsigned change"
run verify --db alice.db
expect_code 0 "verify a signed history"
expect_out "$(printf '%s\n%s\n%s\n%s' "verified: 3 history rows, 2 cases, head $(sqlite3 alice.db "SELECT lower(hex(link)) FROM history ORDER BY rev DESC LIMIT 1")" \
    "signed by $ALICE_FP ($ALICE_RW): 2 rows by alice" "unsigned: 1 row" \
    "unsigned after a signed row of its case: case gt-001 revision 2 (rev 3)")" "verify names the signer"
# --all-signed: in a project where everyone signs, an unsigned row is a broken link.
run verify --db alice.db --all-signed
expect_code 1 "an unsigned row with --all-signed"
expect_err "alice.db: case gt-001 revision 2 (rev 3): the row is unsigned, and --all-signed asks every row to be signed
verify: 1 broken link in 3 history rows" "an unsigned row with --all-signed"
[ "$(sqlite3 alice.db "SELECT count(*) FROM history WHERE length(signature) = 64 AND signer LIKE 'casebook-pk1:%'")" = 2 ] ||
    fail "the signed rows do not hold a signature and a public key"

# A wrong passphrase changes nothing.
printf 'not it\n' >wrong
BEFORE=$(sqlite3 alice.db "SELECT count(*) FROM history")
CASEBOOK_KEY=alice.key CASEBOOK_PASSPHRASE_FILE="$WORK/wrong" run create --db alice.db --from "$EXAMPLES/hn-001.json"
expect_code 3 "a wrong passphrase"
[ "$(sqlite3 alice.db "SELECT count(*) FROM history")" = "$BEFORE" ] || fail "a wrong passphrase wrote a row"

# Bob, with write access to the file, changes alice's row and recomputes every hash: her signature no longer fits.
cp alice.db clean.db
python3 "$RECHAIN" alice.db "UPDATE history SET note = 'approved by alice' WHERE rev = 1" || fail "rechain"
run verify --db alice.db
expect_code 1 "a signed row changed and rechained"
expect_err_contains "case sv-001 revision 1 (rev 1): the signature does not match the row" "the forged row is named"
# ... or signs it with his own key instead: verify says bob's key signed alice's row.
rm -f alice.db-wal alice.db-shm && cp clean.db alice.db
python3 - alice.db "$("$CASEBOOK" keys show --key bob.key --only public)" <<'PY' || fail "re-sign"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); db.create_function("casebook_rewriting", 0, lambda: 1)
db.execute("UPDATE history SET signer = ?, signature = zeroblob(64) WHERE rev = 1", (sys.argv[2],)); db.commit(); db.close()
PY
python3 "$RECHAIN" alice.db
run verify --db alice.db
expect_code 1 "a signer swapped without the signer's secret key"
expect_err_contains "case sv-001 revision 1 (rev 1): the signature does not match the row" "a swapped signer"
# A signature copied from another row.
rm -f alice.db-wal alice.db-shm && cp clean.db alice.db
python3 "$RECHAIN" alice.db "UPDATE history SET signature = (SELECT signature FROM history WHERE rev = 2) WHERE rev = 1"
run verify --db alice.db
expect_code 1 "a copied signature"
expect_err_contains "case sv-001 revision 1 (rev 1): the signature does not match the row"
# A signature removed but the signer kept.
rm -f alice.db-wal alice.db-shm && cp clean.db alice.db
python3 "$RECHAIN" alice.db "UPDATE history SET signature = NULL WHERE rev = 2"
run verify --db alice.db
expect_code 1 "a removed signature"
expect_err_contains "case gt-001 revision 1 (rev 2): the row names a signer but its signature is missing or cut"
# Both removed, the row changed and every hash recomputed: the row passes as
# an unsigned one (anyone may write those), which --all-signed refuses.
rm -f alice.db-wal alice.db-shm && cp clean.db alice.db
python3 "$RECHAIN" alice.db "UPDATE history SET signer = NULL, signature = NULL, note = 'forged' WHERE rev = 1"
run verify --db alice.db
expect_code 0 "a stripped signature passes as an unsigned row"
expect_out_contains "signed by $ALICE_FP ($ALICE_RW): 1 row by alice" "a stripped signature"
expect_out_contains "unsigned: 2 rows" "a stripped signature"
run verify --db alice.db --all-signed
expect_code 1 "a stripped signature with --all-signed"
expect_err_contains "alice.db: case sv-001 revision 1 (rev 1): the row is unsigned, and --all-signed asks every row to be signed" \
    "a stripped signature with --all-signed"
rm -f alice.db-wal alice.db-shm && cp clean.db alice.db

# Merge keeps every original actor and signature: bob's database verifies alice's rows with her key.
"$CASEBOOK" init --db bob.db 2>/dev/null
CASEBOOK_KEY=bob.key CASEBOOK_USER=bob run create --db bob.db --from "$EXAMPLES/hn-001.json"
CASEBOOK_KEY=bob.key CASEBOOK_USER=bob run merge alice.db --db bob.db
expect_code 0 "merge of a signed history"
rows_of() { sqlite3 "$1" "SELECT group_concat(r, ',') FROM (SELECT actor || ':' || action || ':' || at || ':' || coalesce(hex(signature), '-') AS r FROM history WHERE case_id IN ('sv-001', 'gt-001') ORDER BY rev)"; }
[ -n "$(rows_of alice.db)" ] && [ "$(rows_of bob.db)" = "$(rows_of alice.db)" ] || fail "merge changed actors, times or signatures: $(rows_of bob.db)"
run verify --db bob.db
expect_code 0 "the merged history verifies"
expect_out_contains "signed by $BOB_FP ($BOB_RW): 1 row by bob" "bob's row"
expect_out_contains "signed by $ALICE_FP ($ALICE_RW): 2 rows by alice" "alice's rows, merged"

finish
