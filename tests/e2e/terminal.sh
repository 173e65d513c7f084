# Guided entry in a real terminal (tmux): a pasted multi-line narrative stays
# one answer (bracketed paste) and nothing spills into the next questions; a
# 10,000-character answer typed at the keyboard is stored whole (no 4,095-byte
# line limit); an answer changed by number at the final review; kill -9 in the
# middle, then create --resume completes the same case.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/terminal.bash"

# The answers up to the narrative (as in tests/e2e/guided.sh).
first_half=("" R01 2018-03-20 PNR Ana 1 1990 "" fam "El Salvador" "" 2016-03 "1,extortion" gang y no_resp
    y gtm 2016-04 transit n n "")
second_half=(y USA 2016-05 dest y y y y credible denied n 2016-09 "no_legal, prolonged"
    n y 2016-10 "" "" removal n n n y threat 2017-01 gang y alleged s1 n in_hiding 2017-06
    y "" interview 2017-06 "" n y anon 2017-06)
# A line holding only "." inside the paste: typed, it would end the text; pasted, it is text.
narrative=$'Me amenazaron en la colonia.\n.\n\nsu apodo era el Flaco'
notes=$(head -c 10000 /dev/zero | tr '\0' 'n')

run init --db cases.db
expect_code 0 "init"

start create --db cases.db
wait_for "id [Enter: assigned when saved"
# A multi-line paste at a one-line question (the locality) is refused whole, and answers nothing else.
type_answers "${first_half[@]:0:10}"
wait_for "locality"
paste $'Colonia Centro\n2016-03\nsu apodo'
type_answers ""
wait_for "the answer holds a line break"
type_answers "${first_half[@]:10}" "${second_half[@]}"
wait_for "(several lines; a line holding only . ends the text"
paste "$narrative"
type_answers "" "."
wait_for "notes"
type_answers "$notes" "."
type_answers "pnr-2017, test" complete
wait_for "Save this case?"
screen | grep -q "    4. /person/pseudonym: Ana" || fail "the review does not show the pseudonym in full, numbered 4"
type_answers 4
wait_for "pseudonym [Ana]"
type_answers Beatriz
wait_for "4. /person/pseudonym: Beatriz"
type_answers y
wait_exit
[ "$(cat "$WORK/code")" = 0 ] || fail "create in a terminal exited $(cat "$WORK/code"):"$'\n'"$(screen | tail -20)"
[ "$(cat "$WORK/stdout")" = SLV-0001 ] || fail "create printed [$(cat "$WORK/stdout")], expected SLV-0001"

run show SLV-0001 --db cases.db --format json
expect_code 0 "show the case entered in a terminal"
stored() { printf '%s' "$OUT" | python3 -c "import json,sys; d=json.load(sys.stdin); print(json.dumps($1, ensure_ascii=False))"; }
[ "$(stored 'd["narrative"]')" = "$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1], ensure_ascii=False))' "$narrative")" ] ||
    fail "the pasted narrative was not stored whole: $(stored 'd["narrative"]')"
[ "$(stored 'len(d["notes"])')" = 10000 ] || fail "the 10,000-character notes were cut to $(stored 'len(d["notes"])')"
[ "$(stored 'd["tags"]')" = '["pnr-2017", "test"]' ] || fail "the tags are not what was typed: $(stored 'd["tags"]')"
[ "$(stored 'd["person"]["pseudonym"]')" = '"Beatriz"' ] || fail "the answer changed at the review was not stored"
[ "$(stored 'd["status"]')" = '"complete"' ] || fail "status: $(stored 'd["status"]')"
[ -z "$(ls "$XDG_STATE_HOME/casebook" | grep recovery)" ] || fail "a recovery file was left after the case was saved"

# kill -9 in the middle of the journey, then create --resume completes the case.
start create --db cases.db
wait_for "id [Enter: assigned when saved"
type_answers "${first_half[@]}"
wait_for "Another journey leg?"
kill -9 "$(cat "$WORK/pid")"
wait_exit
recovery=$(ls "$XDG_STATE_HOME"/casebook/casebook-recovery-*.json 2>/dev/null)
[ -n "$recovery" ] || fail "kill -9 left no recovery file"
[ "$(stat -c %a "$recovery")" = 600 ] || fail "the recovery file is mode $(stat -c %a "$recovery")"
grep -q '"transit"' "$recovery" || fail "the recovery file lacks the answers given before the kill"

start create --resume --db cases.db
wait_for "Another journey leg?"
case "$(screen)" in *"pseudonym"*) fail "resume asked the first questions again" ;; esac
type_answers "${second_half[@]}" "Texto corto." "." "" "" complete y
wait_exit
[ "$(cat "$WORK/code")" = 0 ] || fail "create --resume exited $(cat "$WORK/code"):"$'\n'"$(screen | tail -20)"
[ "$(cat "$WORK/stdout")" = SLV-0002 ] || fail "create --resume printed [$(cat "$WORK/stdout")]"
run show SLV-0002 --db cases.db --format json
expect_out_contains '"pseudonym": "Ana"' "the resumed case keeps the answers from before the kill"
expect_out_contains '"country": "USA"' "and the answers after it"
expect_out_contains '"narrative": "Texto corto."' "and the narrative"
[ -e "$recovery" ] && fail "the recovery file was kept after the resumed case was saved"

finish
