# Guided entry in a real terminal (tmux), in Spanish (LANG=es_SV.UTF-8): a
# pasted multi-line narrative with accents stays one answer; a 10,000-character
# text of ñ typed at the keyboard is stored whole (20,000 bytes, no cut); an
# accented answer changed by number at the final review; kill -9 in the
# middle, then create --resume completes the same case.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/terminal.bash"
TERMINAL_ENV="LANG=es_SV.UTF-8"

first_half=("" R01 2018-03-20 PNR "Ána" mujer 1990 "" familia "El Salvador" "" 2016-03 "amenaza de pandillas, extorsión"
    pandilla s "sin respuesta" s Guatemala 2016-04 tránsito n n "")
second_half=(s "Estados Unidos" 2016-05 destino s s s s "miedo creíble" negada n 2016-09 "sin representación, detención prolongada"
    n s 2016-10 EEUU "" "remoción con orden" n n n s amenaza 2017-01 pandilla s alegado s1 n escondida 2017-06
    s "" entrevista 2017-06 "" n s "citas anon" 2017-06)
narrative=$'Me amenazaron en la colonia.\n.\n\nsu apodo era el Flaco; la señora de la tienda lo vio'
notes=$(python3 -c 'print("ñ" * 10000, end="")')

run init --db cases.db
expect_code 0 "init"

start create --db cases.db
wait_for "identificador [Enter: se asigna al guardar"
type_answers "${first_half[@]:0:10}"
wait_for "localidad"
paste $'Colonia Centro\n2016-03\nsu apodo'
type_answers ""
wait_for "la respuesta trae un salto de línea"
type_answers "${first_half[@]:10}" "${second_half[@]}"
wait_for "(varias líneas; una línea con solo un . termina el texto"
paste "$narrative"
type_answers "" "."
wait_for "notas"
type_long "$notes"
type_answers "."
type_answers "pnr-2017, prueba" completo
wait_for "¿Guardar este caso?"
screen | grep -q "    4. /person/pseudonym: Ána" || fail "the review does not show the pseudonym in full, numbered 4:"$'\n'"$(screen | tail -30)"
screen | grep -q "    8. /origin/country: SLV (El Salvador)" || fail "the review does not show the country's Spanish name"
type_answers 4
wait_for "seudónimo [Ána]"
type_answers "Beatriz Peña"
wait_for "4. /person/pseudonym: Beatriz Peña"
type_answers s
wait_exit
[ "$(cat "$WORK/code")" = 0 ] || fail "create in a terminal exited $(cat "$WORK/code"):"$'\n'"$(screen | tail -20)"
[ "$(cat "$WORK/stdout")" = SLV-0001 ] || fail "create printed [$(cat "$WORK/stdout")], expected SLV-0001"

run show SLV-0001 --db cases.db --format json
expect_code 0 "show the case entered in a terminal"
stored() { printf '%s' "$OUT" | python3 -c "import json,sys; d=json.load(sys.stdin); print(json.dumps($1, ensure_ascii=False))"; }
[ "$(stored 'd["narrative"]')" = "$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1], ensure_ascii=False))' "$narrative")" ] ||
    fail "the pasted narrative was not stored whole: $(stored 'd["narrative"]')"
[ "$(stored 'd["notes"] == "ñ" * 10000')" = true ] || fail "the 10,000 ñ of the notes were not stored whole: $(stored 'len(d["notes"])')"
[ "$(stored 'd["person"]')" = '{"pseudonym": "Beatriz Peña", "sex": "female", "birth_year": 1990, "traveled_with": "family"}' ] ||
    fail "the person: $(stored 'd["person"]')"
[ "$(stored 'd["flight"]["reasons"]')" = '["gang_threat", "extortion"]' ] || fail "the reasons: $(stored 'd["flight"]["reasons"]')"
[ "$(stored '[l["country"] for l in d["journey"]]')" = '["GTM", "USA"]' ] || fail "the journey: $(stored 'd["journey"]')"
[ "$(stored 'd["returns"][0]')" = '{"date": "2016-10", "from": "USA", "to": "SLV", "mechanism": "removal", "pending_claim": false, "unaccompanied_minor": false}' ] ||
    fail "the return: $(stored 'd["returns"][0]')"
[ "$(stored 'd["tags"]')" = '["pnr-2017", "prueba"]' ] || fail "the tags: $(stored 'd["tags"]')"
[ "$(stored 'd["status"]')" = '"complete"' ] || fail "status: $(stored 'd["status"]')"
[ -z "$(ls "$XDG_STATE_HOME/casebook" | grep recovery)" ] || fail "a recovery file was left after the case was saved"

# kill -9 in the middle of the journey, then create --resume completes the case.
start create --db cases.db
wait_for "identificador [Enter: se asigna al guardar"
type_answers "${first_half[@]}"
wait_for "¿Agregar un tramo del recorrido más?"
kill -9 "$(cat "$WORK/pid")"
wait_exit
recovery=$(ls "$XDG_STATE_HOME"/casebook/casebook-recovery-*.json 2>/dev/null)
[ -n "$recovery" ] || fail "kill -9 left no recovery file"
[ "$(stat -c %a "$recovery")" = 600 ] || fail "the recovery file is mode $(stat -c %a "$recovery")"
grep -q '"tránsito"' "$recovery" || fail "the recovery file lacks the answers given before the kill"

start create --db cases.db
wait_for "hay una entrevista interrumpida pendiente"
tmx send-keys -t "$SESSION" C-d
wait_exit
start create --resume --db cases.db
wait_for "¿Agregar un tramo del recorrido más?"
case "$(screen)" in *"seudónimo"*) fail "resume asked the first questions again" ;; esac
type_answers "${second_half[@]}" "Texto corto, señal débil." "." "" "" completo s
wait_exit
[ "$(cat "$WORK/code")" = 0 ] || fail "create --resume exited $(cat "$WORK/code"):"$'\n'"$(screen | tail -20)"
[ "$(cat "$WORK/stdout")" = SLV-0002 ] || fail "create --resume printed [$(cat "$WORK/stdout")]"
run show SLV-0002 --db cases.db --format json
expect_out_contains '"pseudonym": "Ána"' "the resumed case keeps the answers from before the kill"
expect_out_contains '"country": "USA"' "and the answers after it"
expect_out_contains '"narrative": "Texto corto, señal débil."' "and the narrative, accents and all"
[ -e "$recovery" ] && fail "the recovery file was kept after the resumed case was saved"

finish
