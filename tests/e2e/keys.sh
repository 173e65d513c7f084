# casebook keys: a key file made with a passphrase from a file, 0600 and
# never overwritten; its public forms; the recovery sheet round trip; every
# damaged key file or wrong passphrase a clear error with exit 3.
source "$(dirname "$0")/lib.bash"
unset CASEBOOK_KEY CASEBOOK_PASSPHRASE_FD
printf 'a long passphrase for tests\n' >pass
export CASEBOOK_PASSPHRASE_FILE="$WORK/pass"

(umask 000 && "$CASEBOOK" keys init --out project.key >init.out 2>init.err) || fail "keys init: exit $?"
[ "$(stat -c %a project.key)" = 600 ] || fail "keys init: mode $(stat -c %a project.key), expected 600"
grep -q "^casebook: wrote the key file project.key (mode 0600)$" init.err || fail "keys init: $(cat init.err)"
grep -q "gone for good" init.err || fail "keys init does not say what losing the key means"
grep -q "casebook keys recovery --key project.key" init.err || fail "keys init does not say how to print the recovery sheet"
grep -qE '^public key   casebook-pk1:[A-Za-z0-9_-]{86}$' init.out || fail "keys init: public key line: $(cat init.out)"
grep -qE '^fingerprint  ([0-9a-f]{4} ){7}[0-9a-f]{4}$' init.out || fail "keys init: fingerprint line: $(cat init.out)"
grep -qE '^minisign     RW[A-Za-z0-9+/]{54}$' init.out || fail "keys init: minisign line: $(cat init.out)"
grep -qF "a long passphrase" project.key && fail "the passphrase is in the key file"

# keys show prints what init printed, from --key or $CASEBOOK_KEY.
run keys show --key project.key
expect_code 0 "keys show"
expect_out "$(cat init.out)" "keys show"
CASEBOOK_KEY=project.key run keys show
expect_out "$(cat init.out)" "keys show with CASEBOOK_KEY"
run keys show --key project.key --only public
public=$OUT
expect_out "$(sed -n 's/^public key   //p' init.out)" "keys show --only public"
run keys show "$public" --only fingerprint
expect_out "$(sed -n 's/^fingerprint  //p' init.out)" "keys show PUBKEY --only fingerprint"
run keys show
expect_code 2 "keys show without a key"
expect_err "casebook: error: no key file: give --key FILE or set CASEBOOK_KEY"
run keys show "${public%?}"
expect_code 2 "keys show of a cut public key"
expect_err_contains "cut short or mistyped"

# Never overwritten.
cp project.key before.key
run keys init --out project.key
expect_code 3 "keys init on an existing file"
expect_err "casebook: error: the key file project.key already exists: casebook never overwrites a file; choose another name"
cmp -s project.key before.key || fail "keys init changed an existing file"

# The recovery sheet makes the same keys again.
run keys recovery --key project.key
expect_code 0 "keys recovery"
printf '%s\n' "$OUT" >sheet
grep -q '^casebook-sk1$' sheet || fail "keys recovery: $OUT"
printf 'another passphrase\n' >pass2
CASEBOOK_PASSPHRASE_FILE="$WORK/pass2" "$CASEBOOK" keys recover --out again.key <sheet >recover.out 2>/dev/null ||
    fail "keys recover: exit $?"
cmp -s recover.out init.out || fail "keys recover made other keys: $(cat recover.out)"
[ "$(stat -c %a again.key)" = 600 ] || fail "keys recover: mode $(stat -c %a again.key)"
sed 's/[0-9a-f]$/x/' sheet | sed '3s/^[0-9a-f]/0/;3s/^0/1/' >typo
run keys recover --out typo.key --from typo
expect_code 1 "keys recover with a typo"
[ ! -e typo.key ] || fail "keys recover wrote a key file from a mistyped sheet"

# A wrong passphrase, from a file or a descriptor: exit 3, nothing printed.
printf 'not it\n' >wrong
CASEBOOK_PASSPHRASE_FILE="$WORK/wrong" run keys recovery --key project.key
expect_code 3 "wrong passphrase"
expect_err "casebook: error: wrong passphrase for the key file project.key"
expect_out "" "wrong passphrase"
CASEBOOK_PASSPHRASE_FD=3 "$CASEBOOK" keys recovery --key project.key 3<wrong >/dev/null 2>fd.err
[ $? = 3 ] || fail "wrong passphrase from CASEBOOK_PASSPHRASE_FD: not exit 3"
grep -qF "wrong passphrase" fd.err || fail "wrong passphrase from fd: $(cat fd.err)"
CASEBOOK_PASSPHRASE_FD=3 "$CASEBOOK" keys recovery --key project.key 3<pass >fd.out 2>/dev/null ||
    fail "passphrase from CASEBOOK_PASSPHRASE_FD: exit $?"
cmp -s fd.out sheet || fail "keys recovery from fd differs"

# Truncated and corrupted key files: exit 3, a sentence, nothing written.
head -c 200 project.key >cut.key
run keys recovery --key cut.key
expect_code 3 "truncated key file"
expect_err_contains "the key file cut.key is damaged: it is cut short"
# The nonce's second character changed to another base64 character (A, or B
# where it was A), so the file is always damaged whatever the random nonce.
awk 'NR == 5 { c = substr($0, 8, 1); $0 = substr($0, 1, 7) (c == "A" ? "B" : "A") substr($0, 9) } { print }' \
    project.key >bad.key
cmp -s bad.key project.key && fail "the corrupted key file is not corrupted"
run keys show --key bad.key
expect_code 3 "corrupted key file"
expect_err_contains "the key file bad.key is damaged: its check line does not match its contents"
run keys show --key casebook-missing.key
expect_code 3 "missing key file"
expect_err_contains "cannot read the key file casebook-missing.key"

# No passphrase source and no terminal: a usage error, never a guess.
unset CASEBOOK_PASSPHRASE_FILE
setsid "$CASEBOOK" keys recovery --key project.key </dev/null >/dev/null 2>tty.err
[ $? = 2 ] || fail "no passphrase source: not exit 2"
grep -qF "set CASEBOOK_PASSPHRASE_FILE or CASEBOOK_PASSPHRASE_FD" tty.err || fail "no passphrase source: $(cat tty.err)"
finish
