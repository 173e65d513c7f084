# Every message a person reads, in Spanish under LANG=es_SV.UTF-8 (issue 22):
# import, export, the database (missing, not a database, busy), verify of a
# clean and of a tampered history, merge, purge, backup, delete and restore,
# query --sql refusals, --where errors, and CLI11's usage errors in casebook's
# words. The same commands under the C locale keep their English, word for word.
. "$(dirname "$0")/lib.bash"

# check NAME CODE SPANISH ENGLISH ARGS...: a command that changes nothing, in
# Spanish and then in English: the exit code and the exact stderr of each.
check() {
    local name=$1 code=$2 es=$3 en=$4
    shift 4
    LANG=es_SV.UTF-8 run "$@"
    expect_code "$code" "$name (es)"
    expect_err "$es" "$name (es)"
    run "$@"
    expect_code "$code" "$name (en)"
    expect_err "$en" "$name (en)"
}
help_es='Use --help para más información.'
help_en='Run with --help for more information.'

run init --db c.db
expect_code 0 "init"
run import "$SOURCE_DIR/examples/northern-triangle/sv-001.json" "$SOURCE_DIR/examples/northern-triangle/gt-001.json" --db c.db
expect_code 0 "import two cases"

# --- CLI11's parse errors, mapped by kind to casebook's wording.
check "unknown option" 2 \
    "casebook: error: opción desconocida --bogus"$'\n'"$help_es" \
    "casebook: error: unknown option --bogus"$'\n'"$help_en" \
    query --bogus --db c.db
check "mistyped option" 2 \
    "casebook: error: opción desconocida --wher; ¿quiso decir --where?"$'\n'"$help_es" \
    "casebook: error: unknown option --wher; did you mean --where?"$'\n'"$help_en" \
    query --wher origin=SLV --db c.db
# (CLI11 lists extra arguments last first: the same word twice keeps this test to the wording.)
check "two unexpected arguments" 2 \
    "casebook: error: No se esperaban estos argumentos: otro otro"$'\n'"$help_es" \
    "casebook: error: The following arguments were not expected: otro otro"$'\n'"$help_en" \
    info otro otro --db c.db
check "an option without its value" 2 \
    "casebook: error: --db: falta el valor (FILE)"$'\n'"$help_es" \
    "casebook: error: --db: 1 required FILE missing"$'\n'"$help_en" \
    verify --db
check "a required argument" 2 \
    "casebook: error: id es obligatorio"$'\n'"$help_es" \
    "casebook: error: id is required"$'\n'"$help_en" \
    review --db c.db
check "a required option" 2 \
    "casebook: error: --reason es obligatorio"$'\n'"$help_es" \
    "casebook: error: --reason is required"$'\n'"$help_en" \
    purge sv-001 --db c.db
check "a missing subcommand" 2 \
    "casebook: error: Se requiere un subcomando"$'\n'"$help_es" \
    "casebook: error: A subcommand is required"$'\n'"$help_en" \
    keys
check "a value not among the choices" 2 \
    "casebook: error: --percent: \"bogus\" no es uno de row, col, total, none"$'\n'"$help_es" \
    "casebook: error: --percent: \"bogus\" is not one of row, col, total, none"$'\n'"$help_en" \
    table outcomes --percent bogus --db c.db
check "not a number" 2 \
    "casebook: error: --limit: el valor abc no es un número de 0 o más"$'\n'"$help_es" \
    "casebook: error: --limit: Value abc is not a number of 0 or more"$'\n'"$help_en" \
    query --limit abc --db c.db
check "an unknown command" 2 \
    "casebook: error: el comando \"verfy\" no existe; ¿quiso decir \"verify\"? ('casebook help' lista los comandos)" \
    "casebook: error: unknown command \"verfy\"; did you mean \"verify\"? ('casebook help' lists the commands)" \
    verfy --db c.db

# --- The database: missing, not a database, busy.
check "no database" 3 \
    "casebook: error: no hay ninguna base de datos en nada.db: cree una con 'casebook init'" \
    "casebook: error: no database at nada.db: create one with 'casebook init'" \
    info --db nada.db
head -c 4096 /dev/urandom >junk.db
chmod 600 junk.db
check "not a database" 3 \
    "casebook: error: junk.db no es una base de datos de casebook, o está dañada (file is not a database): restáurela desde un respaldo" \
    "casebook: error: junk.db is not a casebook database, or it is damaged (file is not a database): restore it from a backup" \
    info --db junk.db
cp c.db locked.db
rm -f locked
python3 - locked.db <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open("locked", "w").close()
time.sleep(8)
c.execute("ROLLBACK")
PY
LOCKER=$!
for _ in $(seq 1 200); do [ -e locked ] && break; sleep 0.05; done
[ -e locked ] || fail "the lock could not be taken"
LANG=es_SV.UTF-8 run delete sv-001 --db locked.db
expect_code 3 "delete while another process writes"
expect_err "casebook: error: la base de datos locked.db está ocupada (otro casebook está escribiendo en ella): intente de nuevo" "busy, in Spanish"
wait "$LOCKER"

# --- import: a file that is not JSON, a file that is not there, a case already stored.
printf '{"id": "x-1",\n "status" "draft"}\n' >bad.json
check "import of a bad file" 1 \
    "bad.json:2:11: error: se esperaba ':' después del nombre de propiedad \"status\", se encontró '\"'"$'\n'"1 registro: 1 inválidos; no se escribió nada (errores: 1; --skip-invalid importa los válidos: 0)" \
    "bad.json:2:11: error: expected ':' after property name \"status\", found '\"'"$'\n'"1 record: 1 invalid; nothing written (1 error; --skip-invalid imports the 0 valid ones)" \
    import bad.json --db c.db
check "import of a missing file" 3 \
    "casebook: error: no se puede leer nada.json: no existe ese archivo ni esa carpeta" \
    "casebook: error: cannot read nada.json: no such file or folder" \
    import nada.json --db c.db
check "import of a stored case" 0 \
    "1 registro: 0 agregados, 0 actualizados, 1 sin cambios, 0 rechazados" \
    "1 record: 0 added, 0 updated, 1 unchanged, 0 rejected" \
    import "$SOURCE_DIR/examples/northern-triangle/sv-001.json" --db c.db

# --- export: to a file that exists; what it left out.
touch taken.jsonl
check "export to an existing file" 3 \
    "casebook: error: la exportación taken.jsonl ya existe: casebook nunca sobrescribe un archivo; elija otro nombre, o agregue --force para reemplazarlo" \
    "casebook: error: the export taken.jsonl already exists: casebook never overwrites a file; choose another name, or add --force to replace it" \
    export --out taken.jsonl --db c.db
LANG=es_SV.UTF-8 run export --out es.jsonl --db c.db
expect_code 0 "export in Spanish"
expect_err "export: no dejó fuera ningún caso" "export's summary in Spanish"
run export --out en.jsonl --db c.db
expect_err "export: left out no case" "export's summary in English"
cmp -s es.jsonl en.jsonl || fail "the exported records differ with the language"

# --- query --sql and --where.
check "query --sql that writes" 2 \
    "casebook: error: --sql rechazada: --sql solo lee: INSERT, UPDATE y DELETE no están permitidos" \
    "casebook: error: --sql refused: --sql only reads: INSERT, UPDATE and DELETE are not allowed" \
    query --sql "DELETE FROM cases_v" --db c.db
check "query --sql with two statements" 2 \
    "casebook: error: --sql rechazada: dé exactamente una consulta (hay más después del primer ';')" \
    "casebook: error: --sql refused: give exactly one statement (found more after the first ';')" \
    query --sql "SELECT 1; SELECT 2" --db c.db
check "query --where with a bad year" 2 \
    "casebook: error: --where \"return_year>=dos\": \"dos\" no es un año: return_year lleva cuatro dígitos, como 2017" \
    "casebook: error: --where \"return_year>=dos\": \"dos\" is not a year: return_year takes four digits, such as 2017" \
    query --where "return_year>=dos" --db c.db
check "show of an unknown case" 1 \
    "casebook: error: no hay ningún caso \"sv-01\" en c.db (¿quiso decir \"sv-001\"?)" \
    "casebook: error: no case \"sv-01\" in c.db (did you mean \"sv-001\"?)" \
    show sv-01 --db c.db

# --- show: the labels and words of the summary (values stay codes); the text
# column starts after the widest label, 11 columns in English.
LANG=es_SV.UTF-8 run show sv-001 --db c.db
expect_code 0 "show (es)"
expect_out_contains "sv-001  complete, revisión 1
Persona         Marisol (seudónimo), female, nació en 1994, 22 años al huir, viajó con smuggler" "show (es)"
expect_out_contains "
Consentimiento  obtenido, anonymised_quotes, 2017-04-02
Etiquetas       killed-after-return, denied-unrepresented, removal
Relato          72 palabras (show --format json muestra el texto)" "show (es)"
run show sv-001 --db c.db
expect_out_contains "sv-001  complete, revision 1
Person     Marisol (pseudonym), female, born 1994, 22 at flight, traveled with smuggler" "show (en)"
expect_out_contains "
Consent    obtained, anonymised_quotes, 2017-04-02
Tags       killed-after-return, denied-unrepresented, removal
Narrative  72 words (show --format json for the text)" "show (en)"

# --- table: the footnotes of a published table.
LANG=es_SV.UTF-8 run table outcomes --percent row --format table --db c.db
expect_code 0 "table (es)"
expect_out_contains "
Nota: Los porcentajes son partes del total de la fila." "table's note (es)"
run table outcomes --percent row --format table --db c.db
expect_out_contains "
Note: Percentages are shares of the row total." "table's note (en)"

# The notes a table builds from its dimensions and units: whole sentences in
# either language, never English nouns inside Spanish.
LANG=es_SV.UTF-8 run table --rows harm --cols verification --count harms --where origin=SLV --format markdown --db c.db
expect_code 0 "table of harms (es)"
expect_out_contains "Daños después del retorno por tipo y verificación, N = " "harms title (es)"
expect_out_contains "Nota: Solo los casos donde origin=SLV." "where note (es)"
run table --rows harm --cols verification --count harms --where origin=SLV --format markdown --db c.db
expect_out_contains "Harms after return by type and verification, N = " "harms title (en)"
expect_out_contains "Note: Only cases where origin=SLV." "where note (en)"
LANG=es_SV.UTF-8 run table --rows harm --cols leg_country --format markdown --db c.db
expect_out_contains "Nota: Un caso cuenta una vez en cada país del tramo del recorrido que tiene: las columnas no tienen por qué sumar los totales, y los porcentajes son proporciones de casos." "multi-valued note (es)"
expect_out_contains "Nota: Un caso cuenta en una celda cuando tiene ambos valores, daño después del retorno en un daño y país del tramo del recorrido en un tramo del recorrido: el registro no vincula sus daños con sus tramos del recorrido." "pairing note (es)"
run table --rows harm --cols leg_country --format markdown --db c.db
expect_out_contains "Note: A case counts in a cell when it has both values, the harm after return in a harm and the country of journey leg in a journey leg: the record does not link its harms to its journey legs." "pairing note (en)"

LANG=es_SV.UTF-8 run table --rows harm --count legs --db c.db
expect_code 2 "--count error (es)"
expect_err "casebook: error: --rows harm con --count legs: harm es un valor de un daño, y un registro no vincula un tramo del recorrido con ningún daño en particular; cuente casos (lo predeterminado: los casos que tienen ambos) o harms" "--count error (es)"

# casebook dims for people: meanings and presets in Spanish; the codes and the
# tsv (what scripts and completion read) stay as they are.
LANG=es_SV.UTF-8 run dims --format table
expect_code 0 "dims (es)"
expect_out_contains "origin  país del que huyó la persona (origin.country)
    valores: códigos de país ISO 3166-1 alfa-3 (SLV) o nombres (El Salvador)" "dims meanings (es)"
expect_out_contains "  outcomes (origin x outcome): resultados después del retorno por país de origen" "dims presets (es)"
LANG=es_SV.UTF-8 run dims --format tsv
expect_out_contains "origin	no	country		country the person fled from (origin.country)" "dims tsv stays as data"

# --- verify: a clean history, then one changed behind casebook's back.
run checkpoint --db c.db
head=$(printf '%s\n' "$OUT" | sed -n 's/.*\thead:\([0-9a-f]*\)\t.*/\1/p')
[ -n "$head" ] || fail "no head in: $OUT"
LANG=es_SV.UTF-8 run verify --db c.db
expect_code 0 "verify of a clean history (es)"
expect_out "verificado: 2 filas de historial, 2 casos, cabeza $head" "verify of a clean history (es)"
run verify --db c.db
expect_out "verified: 2 history rows, 2 cases, head $head" "verify of a clean history (en)"
cp c.db t.db
sqlite3 t.db "DROP TRIGGER history_no_update; UPDATE history SET actor = 'x' WHERE case_id = 'gt-001'" || fail "sqlite3 failed"
LANG=es_SV.UTF-8 run verify --db t.db
expect_code 1 "verify of a tampered history (es)"
expect_err "t.db: caso gt-001 revisión 1 (rev 2): la fila no corresponde a su hash: se cambió su caso, revisión, hora, autor, acción o nota
t.db: se quitaron o cambiaron los triggers que hacen el historial de solo agregar
verify: 2 enlaces rotos en 2 filas de historial" "verify of a tampered history (es)"
[ -z "$OUT" ] || fail "verify of a tampered history: stdout: $OUT"
run verify --db t.db
expect_code 1 "verify of a tampered history (en)"
expect_err "t.db: case gt-001 revision 1 (rev 2): the row does not match its hash: its case, revision, time, actor, action or note was changed
t.db: the append-only triggers on history were removed or changed
verify: 2 broken links in 2 history rows" "verify of a tampered history (en)"
check "merge of a tampered history" 1 \
    "casebook: error: t.db: su historial no se verifica en el caso gt-001 revisión 1: la fila no corresponde a su hash: se cambió su caso, revisión, hora, autor, acción o nota (y 1 más); no se fusionó nada ('casebook verify --db t.db' lista cada enlace roto)" \
    "casebook: error: t.db: its history does not verify at case gt-001 revision 1: the row does not match its hash: its case, revision, time, actor, action or note was changed (and 1 more); nothing merged ('casebook verify --db t.db' lists every broken link)" \
    merge t.db --db c.db

# --- backup, delete and restore, purge, merge: what each says it did.
LANG=es_SV.UTF-8 run backup copia.db --db c.db
expect_code 0 "backup (es)"
expect_err "respaldo de c.db hecho en copia.db" "backup (es)"
check "backup over an existing file" 3 \
    "casebook: error: el respaldo copia.db ya existe: casebook nunca sobrescribe un archivo; elija otro nombre, o agregue --force para reemplazarlo" \
    "casebook: error: the backup copia.db already exists: casebook never overwrites a file; choose another name, or add --force to replace it" \
    backup copia.db --db c.db
LANG=es_SV.UTF-8 run delete sv-001 --db copia.db
expect_err "sv-001 borrado (su historial se conserva: 'casebook restore sv-001' lo recupera)" "delete (es)"
check "delete of a deleted case" 1 \
    "casebook: error: el caso \"sv-001\" ya está borrado" \
    "casebook: error: case \"sv-001\" is already deleted" \
    delete sv-001 --db copia.db
LANG=es_SV.UTF-8 run restore sv-001 --db copia.db
expect_err "sv-001 recuperado" "restore (es)"
LANG=es_SV.UTF-8 run purge gt-001 --reason "pedido de la persona" --db copia.db
expect_code 0 "purge (es)"
expect_err "se purgó gt-001 en 1 versión; la lápida guarda quién, cuándo y por qué" "purge (es)"
check "merge --dry-run" 0 \
    "merge (simulación): 0 agregados, 1 actualizados, 0 borrados, 1 purgados, 0 idénticos, 0 conflictos" \
    "merge (dry run): 0 added, 1 updated, 0 deleted, 1 purged, 0 identical, 0 conflicts" \
    merge copia.db --db c.db --dry-run

finish
