# Spanish through GNU gettext: po/es.po translates every message of the
# template (msgfmt --check, none untranslated or fuzzy), the template holds
# every message the sources and the schema give (scripts/po-template.sh), and
# the language follows LC_ALL, LC_MESSAGES, LANG (and LANGUAGE) unless --lang says.
. "$(dirname "$0")/lib.bash"

# The catalog: checked by msgfmt, nothing untranslated or fuzzy.
stats=$(msgfmt --check --statistics -o "$WORK/es.mo" "$SOURCE_DIR/po/es.po" 2>&1)
case "$stats" in
*untranslated* | *fuzzy*) fail "po/es.po is incomplete: $stats" ;;
*" translated messages.") ;;
*) fail "msgfmt --check po/es.po: $stats" ;;
esac

# The template is what the sources and the schema say today: a message added
# without running scripts/po-template.sh (and translating it) fails here.
bash "$SOURCE_DIR/scripts/po-template.sh" "$WORK/fresh.pot" 2>"$WORK/xgettext.err" || fail "po-template.sh: $(cat "$WORK/xgettext.err")"
diff -u "$SOURCE_DIR/po/casebook.pot" "$WORK/fresh.pot" >"$WORK/pot.diff" ||
    fail "po/casebook.pot is out of date (run scripts/po-template.sh):"$'\n'"$(head -40 "$WORK/pot.diff")"
msgmerge --quiet --no-fuzzy-matching -o "$WORK/merged.po" "$SOURCE_DIR/po/es.po" "$WORK/fresh.pot"
untranslated=$(msgattrib --untranslated --no-obsolete --no-wrap "$WORK/merged.po" | grep -c '^msgid ' || true)
[ "$untranslated" -le 1 ] || fail "messages without a Spanish translation:"$'\n'"$(msgattrib --untranslated --no-obsolete "$WORK/merged.po" | head -30)"

# Every translation uses only the arguments its message has (or that its
# TRANSLATORS comment names): fmt would throw on {2} given two.
python3 - "$WORK/merged.po" <<'PY' || fail "a translation's {} placeholders do not fit its message"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
bad = 0
for block in text.split("\n\n"):
    def field(name):
        m = re.search(r'^' + name + r' ((?:".*"\n?)+)', block, re.M)
        return "".join(re.findall(r'"(.*)"', m.group(1))) if m else None
    msgid, msgstr = field("msgid"), field("msgstr")
    if not msgid or not msgstr:
        continue
    named = [int(n) + 1 for n in re.findall(r"\{([0-9]+)\}", " ".join(re.findall(r"^#\. (.*)$", block, re.M)))]
    count = lambda s: max([len(re.findall(r"\{[0-9]*\}", s))] + named)
    indexed = [int(n) for n in re.findall(r"\{([0-9]+)\}", msgstr)]
    automatic = len(re.findall(r"\{\}", msgstr))
    if (indexed and automatic) or automatic > count(msgid) or any(n >= count(msgid) for n in indexed):
        print("placeholders differ:", msgid, "->", msgstr, file=sys.stderr)
        bad += 1
sys.exit(1 if bad else 0)
PY

# The language: LANG, LC_MESSAGES and LC_ALL (the first set of LC_ALL, LC_MESSAGES, LANG wins).
es_crate='casebook: error: el comando "crate" no existe; ¿quiso decir "create"? ('"'"'casebook help'"'"' lista los comandos)'
en_crate='casebook: error: unknown command "crate"; did you mean "create"? ('"'"'casebook help'"'"' lists the commands)'
LANG=es_SV.UTF-8 run crate
expect_code 2 "LANG=es_SV.UTF-8"
expect_err "$es_crate" "LANG=es_SV.UTF-8 speaks Spanish"
LANG=C LC_MESSAGES=es_SV.UTF-8 run crate
expect_err "$es_crate" "LC_MESSAGES=es_SV.UTF-8 speaks Spanish"
LANG=es_SV.UTF-8 LC_ALL=en_US.UTF-8 run crate
expect_err "$en_crate" "LC_ALL=en_US.UTF-8 wins over LANG"
LANG=es_SV.UTF-8 LC_ALL=C run crate
expect_err "$en_crate" "LC_ALL=C means English"
LANG=en_US.UTF-8 LANGUAGE=es run crate
expect_err "$es_crate" "LANGUAGE=es chooses Spanish under a locale that is not C"
LANGUAGE=es run crate
expect_err "$en_crate" "LANGUAGE is ignored in the C locale, as gettext does"
run crate
expect_err "$en_crate" "English by default"

# --lang overrides the environment, wherever it is given.
LANG=es_SV.UTF-8 run --lang en crate
expect_err "$en_crate" "--lang en overrides LANG=es_SV.UTF-8"
run crate --lang=es
expect_err "$es_crate" "--lang=es after the command"
run --lang fr crate
expect_code 2 "--lang fr"
expect_err 'casebook: error: --lang takes es or en, not "fr"' "--lang fr is refused"
run crate --lang
expect_code 2 "--lang without a value"
expect_err 'casebook: error: --lang needs a language: es or en' "--lang without a value is refused"
LANG=es_SV.UTF-8 run --lang fr crate
expect_err 'casebook: error: --lang acepta es o en, no "fr"' "the refusal of --lang fr is in the environment's language"

# Help in Spanish: CLI11's labels, the command summaries, the options.
run --lang es help validate
expect_code 0 "help validate in Spanish"
expect_out_contains 'Uso: casebook validate [OPCIONES] [inputs...]' "usage line in Spanish"
expect_out_contains 'Revisa registros de casos (archivos, carpetas, entrada estándar) contra el esquema y las reglas entre campos' "summary in Spanish"
expect_out_contains '  --db FILE                   Valida también cada caso guardado en esta base de datos' "option help in Spanish"
expect_out_contains 'Opciones:' "options heading in Spanish"
run --lang es --help
expect_out_contains '  init                        Crea una base de datos de casos nueva y vacía (modo 0600)' "command table in Spanish"
expect_out_contains 'Subcomandos:' "subcommands heading in Spanish"
run --help
expect_out_contains '  init                        Create a new, empty case database (mode 0600)' "command table in English"
expect_out_contains '  --lang LANG                 Language of messages and prompts: es or en' "--lang is documented"

# Diagnostics and the summary of validate, in Spanish; the same problems in English.
printf '%s\n' '{"schema_version":"1","id":"ñ","status":"draft","tags":["niñez"],"person":{"sex":"mujer"}}' >bad.json
LANG=es_SV.UTF-8 run validate bad.json
expect_code 1 "validate in Spanish"
expect_err 'bad.json:1:28: error: /id: "ñ" no es un identificador de caso válido: de 1 a 64 letras, dígitos, '"'.', '_' o '-'"', que empiece con letra o dígito
bad.json:1:57: error: /tags/0: no es una etiqueta: de 1 a 64 letras, dígitos, '"'.', '_', ':' o '-'"', que empiece con letra o dígito; los nombres y el texto libre van en las notas
bad.json:1:82: error: /person/sex: "mujer" no es un valor válido de sexo; ¿quiso decir "male"? permitidos: male, other, female, unknown
1 registro: 0 válidos, 1 inválidos; 3 errores, 0 advertencias' "validate speaks Spanish"
run validate bad.json
expect_code 1 "validate in English"
expect_err_contains '/person/sex: "mujer" is not a valid sex; did you mean "male"?' "validate speaks English"
expect_err_contains '1 record: 0 valid, 1 invalid; 3 errors, 0 warnings' "the English summary"

# Data never changes with the language: the same JSON in both.
run init --db cases.db
run create --from "$SOURCE_DIR/examples/northern-triangle/sv-001.json" --db cases.db
expect_code 0 "create sv-001"
run show sv-001 --db cases.db --format json
english=$OUT
run --lang es show sv-001 --db cases.db --format json
[ "$OUT" = "$english" ] || fail "show --format json changed with the language"

# Tables in Spanish: the title, the dimension, the labels of derived values and
# country names from iso-codes' Spanish catalog; CSV keeps the codes of English.
run import "$SOURCE_DIR/examples/northern-triangle" --db cases.db
expect_code 0 "import the examples"
LANG=es_SV.UTF-8 run table outcomes --format table --db cases.db
expect_code 0 "table outcomes in Spanish"
expect_out 'Casos por país de origen y resultado después del retorno, N = 10

País de origen  asesinada  desaparecida  daño físico  otro daño  desplazada  volvió a migrar  ningún daño conocido  se desconoce  Total
--------------  ---------  ------------  -----------  ---------  ----------  ---------------  --------------------  ------------  -----
El Salvador             1             0            1          1           0                0                     0             1      4
Guatemala               0             1            1          1           0                0                     0             0      3
Honduras                0             0            2          1           0                0                     0             0      3
--------------  ---------  ------------  -----------  ---------  ----------  ---------------  --------------------  ------------  -----
Total                   1             1            4          3           0                0                     0             1     10' "LANG=es_SV.UTF-8 table outcomes"
run table outcomes --format csv --db cases.db
english=$OUT
LANG=es_SV.UTF-8 run table outcomes --format csv --db cases.db
[ "$OUT" = "$english" ] || fail "table --format csv changed with the language:"$'\n'"$OUT"
expect_out_contains 'origin,killed,disappeared,physical_harm,other_harm,displaced,remigrated,no_harm_known,unknown,total' "CSV keeps codes"
run --lang es table --rows returned_from --format markdown --db cases.db
expect_out_contains '| México |' "markdown names countries in Spanish"

# Installed: the binary finds its catalogs under the prefix's share/locale;
# a copy without catalogs speaks English rather than failing.
build_dir=$(dirname "$CASEBOOK")
if [ -f "$build_dir/cmake_install.cmake" ]; then
    cmake --install "$build_dir" --prefix "$WORK/prefix" >/dev/null || fail "cmake --install"
    [ -f "$WORK/prefix/share/locale/es/LC_MESSAGES/casebook.mo" ] || fail "casebook.mo is not installed"
    CASEBOOK="$WORK/prefix/bin/casebook" LANG=es_SV.UTF-8 run crate
    expect_err "$es_crate" "the installed casebook finds its catalog"
fi
mkdir -p "$WORK/bare"
cp "$CASEBOOK" "$WORK/bare/casebook"
CASEBOOK="$WORK/bare/casebook" LANG=es_SV.UTF-8 run crate
expect_code 2 "a casebook without catalogs"
case "$ERR" in *'"crate"'*) ;; *) fail "a casebook without catalogs: $ERR" ;; esac
finish
