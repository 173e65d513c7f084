# Sealed sensitive values: a database sealed to a project key holds no byte
# of any sensitive value in its file, its -wal or any file casebook wrote;
# tables and queries are byte-identical to the unsealed database; the key
# opens every value exactly; wrong keys, passphrases and damaged values are
# clear errors that write nothing.
source "$(dirname "$0")/lib.bash"
unset CASEBOOK_KEY CASEBOOK_PASSPHRASE_FD CASEBOOK_DB
EXAMPLES="$SOURCE_DIR/examples/northern-triangle"
export TMPDIR="$WORK/tmp" XDG_STATE_HOME="$WORK/state"
mkdir -p "$TMPDIR" "$XDG_STATE_HOME"
printf 'a long passphrase for tests\n' >pass
export CASEBOOK_PASSPHRASE_FILE="$WORK/pass"

"$CASEBOOK" keys init --out project.key >/dev/null 2>&1 || fail "keys init"
"$CASEBOOK" keys init --out other.key >/dev/null 2>&1 || fail "keys init (other)"
PUB=$("$CASEBOOK" keys show --key project.key --only public)
FP=$("$CASEBOOK" keys show --key project.key --only fingerprint)
OTHER_FP=$("$CASEBOOK" keys show --key other.key --only fingerprint)

# The corpus: the examples and 10,000 generated cases, in clear and sealed.
python3 "$SOURCE_DIR/bench/gen.py" --count 10000 --seed 7 >gen.jsonl || fail "gen.py"
cat "$EXAMPLES"/*.json | python3 -c 'import json, sys
dec = json.JSONDecoder(); text = sys.stdin.read(); i = 0
while True:
    while i < len(text) and text[i].isspace(): i += 1
    if i >= len(text): break
    doc, i = dec.raw_decode(text, i); print(json.dumps(doc, ensure_ascii=False))' >examples.jsonl
cat examples.jsonl gen.jsonl >all.jsonl

run init --db clear.db
expect_code 0 "init clear.db"
run import all.jsonl --db clear.db
expect_code 0 "import into clear.db"
run init --db sealed.db --seal-to "$PUB"
expect_code 0 "init --seal-to"
expect_err "created sealed.db, sealed to the project key with fingerprint $FP"
run import all.jsonl --db sealed.db
expect_code 0 "import into the sealed database"

run info --db sealed.db
expect_code 0 "info"
expect_out_contains "sealed: yes, to the project key with fingerprint $FP" "info names the key"
run info --db clear.db
expect_out_contains "sealed: no" "info of an unsealed database"

# Every sensitive value (and every 8-byte run of one) of every record,
# looked for in the raw bytes of every file casebook wrote here.
cat >needles.py <<'PY'
import json, os, sys
SENSITIVE = [("person", "pseudonym"), ("origin", "locality"), ("narrative",), ("notes",)]
def values(doc):
    for path in SENSITIVE:
        v = doc
        for k in path:
            v = v.get(k) if isinstance(v, dict) else None
        if isinstance(v, str):
            yield v
    for s in doc.get("sources", []):
        if isinstance(s.get("reference"), str):
            yield s["reference"]
def clear_strings(node, path=()):
    """The strings that stay in clear by design: codes, ids, dates, tags."""
    if isinstance(node, dict):
        for k, v in node.items():
            p = path + (k,)
            if p in SENSITIVE or (len(p) == 3 and p[0] == "sources" and p[2] == "reference"):
                continue
            yield from clear_strings(v, p)
    elif isinstance(node, list):
        for v in node:
            yield from clear_strings(v, path + ("*",))
    elif isinstance(node, str):
        yield node
runs = {}     # every 8-byte run of a sensitive value -> (value, where in it)
short = set() # values under 8 bytes, looked for whole
count = 0
clear = []
for line in open(sys.argv[1], encoding="utf-8"):
    doc = json.loads(line)
    clear.extend(clear_strings(doc))
    for v in values(doc):
        count += 1
        b = v.encode()
        # A short value of base64url letters alone turns up in sealed text by
        # chance (4 letters: once in 16 million); the others cannot.
        if len(b) < 8 and any(not (chr(c).isascii() and (chr(c).isalnum() or chr(c) in "-_")) for c in b):
            short.add(b)
        for i in range(len(b) - 7):
            runs.setdefault(b[i:i + 8], (b, i))
# What an empty casebook database holds (its schema's SQL text), the case
# schema's vocabularies and the derived values (codes such as
# "organized_crime" or "fear_not_screened" stay in clear, by design) and
# every value in clear by design (ids, dates, tags) are no one's secret:
# a run of ordinary words found there is no leak.
for data in [open(base, "rb").read() for base in os.environ.get("BASELINE", "").split()] + ["\n".join(clear).encode()]:
    for i in range(len(data) - 7):
        runs.pop(data[i:i + 8], None)
    short = {v for v in short if len(v) >= 4 and v not in data}
# A run found in a file counts when it is part of a longer match with its
# value (16 bytes, or the whole value): a code in clear followed by one of
# SQLite's own bytes ("detention" + " ") may match 8 bytes of a narrative
# by chance, a value left in clear matches whole.
def leaks(f):
    data = open(f, "rb").read()
    for i in range(len(data) - 7):
        hit = runs.get(data[i:i + 8])
        if hit is None:
            continue
        value, at = hit
        start, end = i, i + 8
        while start > 0 and at - (i - start) > 0 and data[start - 1] == value[at - (i - start) - 1]:
            start -= 1
        while end < len(data) and at + (end - i) < len(value) and data[end] == value[at + (end - i)]:
            end += 1
        if end - start >= min(len(value), 16):
            return f"{os.path.basename(f)} at {start}: {data[start:end]!r}"
    for v in short:
        if v in data:
            return f"{os.path.basename(f)} at {data.index(v)}: {v!r}"
    return None
# Each folder is a snapshot of the files casebook had written at one point.
print(f"{count} values, {len(runs)} runs, {len(short)} short values")
for folder in sys.argv[2:]:
    found = [hit for f in sorted(os.listdir(folder)) if (hit := leaks(os.path.join(folder, f)))]
    print(f"{os.path.basename(folder)}: " + ("clean" if not found else "FOUND in " + found[0]))
PY
"$CASEBOOK" init --db empty.db 2>/dev/null && "$CASEBOOK" init --db empty-sealed.db --seal-to "$PUB" 2>/dev/null || fail "init of empty databases"
"$CASEBOOK" dims >dims.txt 2>&1 || fail "dims"
export BASELINE="$WORK/empty.db $WORK/empty-sealed.db $SOURCE_DIR/schemas/case.schema.json $WORK/dims.txt"
written_files() { find "$WORK" -type f \( -name 'sealed.db*' -o -path "$XDG_STATE_HOME/*" -o -path "$TMPDIR/*" \) | sort; }
# snapshot NAME FILE...: the files as they are now, for needles.py at the end.
snapshot() { local name=$1; shift; mkdir -p "snap/$name" && cp "$@" "snap/$name/"; }
snapshot 0-clear clear.db
snapshot 1-sealed $(written_files)

# Tables and queries: byte-identical, sealed or not.
for preset in outcomes flags harms mechanisms timeline; do
    "$CASEBOOK" table --preset "$preset" --db clear.db >"clear.$preset" 2>&1
    "$CASEBOOK" table --preset "$preset" --db sealed.db >"sealed.$preset" 2>&1
    cmp -s "clear.$preset" "sealed.$preset" || fail "table --preset $preset differs when sealed: $(diff "clear.$preset" "sealed.$preset" | head -5)"
done
for args in "--count harms --by perpetrator" "--count returns mechanism" "origin --suppress 5"; do
    "$CASEBOOK" table $args --db clear.db >clear.t 2>&1
    "$CASEBOOK" table $args --db sealed.db >sealed.t 2>&1
    cmp -s clear.t sealed.t || fail "table $args differs when sealed"
done
for where in "origin=SLV" "outcome=killed" "harm=threat,flag=returned_while_claim_pending"; do
    "$CASEBOOK" query --where "$where" --db clear.db >clear.q 2>&1
    "$CASEBOOK" query --where "$where" --db sealed.db >sealed.q 2>&1
    cmp -s clear.q sealed.q || fail "query --where $where differs when sealed"
    [ -s clear.q ] || fail "query --where $where found nothing (the test proves nothing)"
done
"$CASEBOOK" export --redact --db clear.db >clear.redacted 2>&1
"$CASEBOOK" export --redact --db sealed.db >sealed.redacted 2>&1
cmp -s clear.redacted sealed.redacted || fail "export --redact differs when sealed"

# The key opens every value exactly: export with it equals the clear export.
"$CASEBOOK" export --db clear.db >clear.export 2>/dev/null || fail "export of clear.db"
run export --db sealed.db --key project.key
expect_code 0 "export --key"
printf '%s\n' "$OUT" | cmp -s - clear.export || fail "export --key does not give back every value exactly"
run export --db sealed.db
expect_code 2 "export of whole records without the key"
expect_err_contains "sealed.db is sealed: 'export --redact' shares it without the sealed values"
run show sv-001 --db sealed.db
expect_code 0 "show without the key"
expect_out_contains "(sealed)" "show marks sealed values"
expect_err_contains "sealed values shown as sealed" "show says values are sealed"
run show sv-001 --db sealed.db --key project.key --format json
expect_code 0 "show --key"
[ "$OUT" = "$("$CASEBOOK" show sv-001 --db clear.db --format json)" ] || fail "show --key differs from the clear record"
run verify --db sealed.db
expect_code 0 "a sealed database verifies"
expect_out_contains "sealed to $FP: " "verify counts sealed values"
run validate --db sealed.db
expect_code 0 "the stored sealed records are valid records"

# Wrong key, wrong passphrase, truncated key file, damaged value: clear errors, nothing written.
run show sv-001 --db sealed.db --key other.key
expect_code 3 "show with another project's key"
expect_err_contains "sealed to the project key with fingerprint $FP; the key file other.key is another (fingerprint $OTHER_FP)"
printf 'wrong passphrase\n' >wrong
CASEBOOK_PASSPHRASE_FILE="$WORK/wrong" run show sv-001 --db sealed.db --key project.key
expect_code 3 "show with a wrong passphrase"
expect_err_contains "passphrase"
head -c 200 project.key >cut.key
run show sv-001 --db sealed.db --key cut.key
expect_code 3 "show with a truncated key file"
cp sealed.db damaged.db
python3 - <<'PY'
import sqlite3
db = sqlite3.connect("damaged.db")
db.execute("PRAGMA journal_mode = DELETE")
db.execute("DROP TRIGGER history_no_update")
rev, doc = db.execute("SELECT h.rev, h.doc FROM cases c JOIN history h ON h.rev = c.version WHERE c.id = 'sv-001'").fetchone()
i = doc.index("casebook-sealed1:") + 60
doc = doc[:i] + ("A" if doc[i] != "A" else "B") + doc[i + 1:]
db.execute("UPDATE history SET doc = ? WHERE rev = ?", (doc, rev))
db.commit()
PY
before=$(sha256sum damaged.db)
run show sv-001 --db damaged.db --key project.key
expect_code 3 "show of a damaged sealed value"
expect_err_contains "does not open with this key"
[ "$before" = "$(sha256sum damaged.db)" ] || fail "a failed show changed the database"
run verify --db damaged.db
expect_code 1 "verify catches the damaged value"

# New values in a sealed database are sealed as they are written; without the key, edits keep sealed values.
printf '%s\n' "$(sed -n 1p gen.jsonl | python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); d["id"]="new-1"; d["person"]["pseudonym"]="Zacarías Nuevonombre"; print(json.dumps(d, ensure_ascii=False))')" >new.json
run create --from new.json --db sealed.db
expect_code 0 "create in a sealed database"
grep -qa "Nuevonombre" sealed.db sealed.db-wal 2>/dev/null && fail "a created value is in clear in the file"
run show new-1 --db sealed.db --key project.key --format json
expect_out_contains '"pseudonym": "Zacarías Nuevonombre"' "the created value opens"
"$CASEBOOK" show sv-001 --db sealed.db --format json 2>/dev/null >stored.json
run import --update stored.json --db sealed.db
expect_code 0 "re-import of the stored (sealed) record"
expect_err_contains "0 updated" "the sealed values kept as they are change nothing"
CASEBOOK_KEY=project.key run import --update examples.jsonl --db sealed.db
expect_code 0 "re-import in clear with the key"
expect_err_contains "0 updated" "with the key, unchanged values in clear are unchanged"

# Guided entry into a sealed database: the recovery file keeps sensitive answers sealed, and a resume stores them.
partial=$(printf '%s\n' "" R01 2018-03-20 PNR "Zacarías Guidedname" 1 1990 "" fam "El Salvador" "San Guidedtown")
rest=$(printf '%s\n' 2016-03 "1,extortion" gang y no_resp \
    y gtm 2016-04 transit n y "" n "" "" "" "" "" \
    y USA 2016-05 dest y y y y credible denied n 2016-09 "no_legal, prolonged" \
    n \
    y 2016-10 "United States" SLV removal n n \
    n \
    y threat 2017-01 gang y alleged s1 \
    n in_hiding 2017-06 \
    y "" interview 2017-06 "" \
    n y anon 2017-06 "She told of Guidedtown again." . "" "" complete \
    y)
run_in "$partial" create --interactive --db sealed.db
expect_code 1 "guided entry cut short"
expect_err_contains "your answers are kept in"
ls "$XDG_STATE_HOME"/casebook/casebook-recovery-*.json >/dev/null 2>&1 || fail "no recovery file"
grep -ql "Guided" "$XDG_STATE_HOME"/casebook/* && fail "a sensitive answer is in clear in a recovery file"
grep -q "casebook-sealed1:" "$XDG_STATE_HOME"/casebook/casebook-recovery-*.json || fail "the recovery file holds no sealed answer"
run_in "$rest" create --resume --db sealed.db
expect_code 0 "resume into the sealed database"
guided_id=$OUT
run show "$guided_id" --db sealed.db --key project.key --format json
expect_out_contains '"pseudonym": "Zacarías Guidedname"' "the resumed case's sealed answer opens"
expect_out_contains '"locality": "San Guidedtown"' "the resumed case's sealed locality opens"
grep -qa "Guided" sealed.db sealed.db-wal 2>/dev/null && fail "a guided answer is in clear in the database"

# edit with the key: the editor sees the values in clear; an abandoned edit is kept with them sealed.
cat >editor.sh <<'SH'
#!/bin/sh
python3 - "$1" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
open("editor-saw", "w").write(doc["person"]["pseudonym"])
doc["person"]["sex"] = "nope"
json.dump(doc, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
SH
chmod +x editor.sh
CASEBOOK_KEY=project.key VISUAL="$WORK/editor.sh" run_in "n" edit sv-003 --db sealed.db
expect_code 1 "an edit left invalid"
[ "$(cat editor-saw)" = Rosa ] || fail "with the key, the editor did not see the pseudonym in clear: $(cat editor-saw)"
kept=$(ls "$XDG_STATE_HOME"/casebook/edit-*-sv-003-* 2>/dev/null | grep -v '\.lock$' | head -1)
[ -n "$kept" ] || fail "no kept edit"
grep -q "Rosa" "$kept" && fail "the kept edit holds the pseudonym in clear"
grep -q '"pseudonym": "casebook-sealed1:' "$kept" || fail "the kept edit's pseudonym is not sealed: $(head -20 "$kept")"
run edit sv-003 --discard --db sealed.db
expect_code 0 "discard the kept edit"
# Without the key, the editor sees sealed values, and a change elsewhere keeps them.
cat >editor2.sh <<'SH'
#!/bin/sh
sed -i 's/"sex": "female"/"sex": "unknown"/' "$1"
SH
chmod +x editor2.sh
before=$(python3 -c 'import json, sqlite3; d = sqlite3.connect("sealed.db").execute("SELECT h.doc FROM history h JOIN cases c ON h.rev = c.version WHERE c.id = ?", ("sv-003",)).fetchone()[0]; print(json.loads(d)["person"]["pseudonym"])')
VISUAL="$WORK/editor2.sh" run edit sv-003 --db sealed.db
expect_code 0 "edit without the key"
after=$(python3 -c 'import json, sqlite3; d = sqlite3.connect("sealed.db").execute("SELECT h.doc FROM history h JOIN cases c ON h.rev = c.version WHERE c.id = ?", ("sv-003",)).fetchone()[0]; print(json.loads(d)["person"]["pseudonym"])')
[ "$before" = "$after" ] || fail "an edit without the key changed the sealed pseudonym"
run show sv-003 --db sealed.db --key project.key --format json
expect_out_contains '"pseudonym": "Rosa"' "the pseudonym still opens after the edit"
expect_out_contains '"sex": "unknown"' "the edit was stored"

# casebook seal of an existing plaintext database (and its migration backups) leaves no plaintext.
cp clear.db later.db
run seal --db later.db --to "$PUB"
expect_code 0 "seal an existing database"
expect_err_contains "casebook: sealed later.db to the project key with fingerprint $FP"
snapshot 2-sealed-later $(find "$WORK" -maxdepth 1 -name 'later.db*')
run verify --db later.db
expect_code 0 "a database sealed afterwards still verifies"
run export --db later.db --key project.key
printf '%s\n' "$OUT" | cmp -s - clear.export || fail "seal changed a value"
run log sv-001 --db later.db
expect_out_contains "seal" "the seal is in the history"
run seal --db later.db --to "$("$CASEBOOK" keys show --key other.key --only public)"
expect_code 1 "seal to another key"
expect_err_contains "is sealed to another key already (fingerprint $FP)"

# The key stays: removing it by hand (and its triggers) shows in verify.
cp later.db unsealed.db
python3 - <<'PY'
import sqlite3
db = sqlite3.connect("unsealed.db")
try:
    db.execute("DELETE FROM meta WHERE key = 'sealed_to'")
    raise SystemExit("the sealing key could be deleted")
except sqlite3.DatabaseError as e:
    assert "stays sealed" in str(e), e
db.execute("DROP TRIGGER meta_sealed_to_no_delete")
db.execute("DELETE FROM meta WHERE key = 'sealed_to'")
db.commit()
PY
run verify --db unsealed.db
expect_code 1 "verify after the sealing key was removed"
expect_err_contains "the triggers that keep a sealed database sealed were removed or changed"
expect_err_contains "sealed values, but the database is sealed to no key"

# Merge: same key moves sealed values as they are; into an unsealed database, refused.
# (A researcher's database of the examples: merge verifies every row it takes.)
"$CASEBOOK" init --db researcher.db --seal-to "$PUB" 2>/dev/null && "$CASEBOOK" import examples.jsonl --db researcher.db 2>/dev/null || fail "researcher.db"
run init --db coordinator.db --seal-to "$PUB"
run merge researcher.db --db coordinator.db
expect_code 0 "merge of databases sealed to the same key"
run verify --db coordinator.db
expect_code 0 "the merged database verifies"
run init --db plain.db
run merge researcher.db --db plain.db
expect_code 1 "merge of a sealed database into an unsealed one"
expect_err_contains "sealed to the project key with fingerprint $FP"
"$CASEBOOK" init --db mine.db --seal-to "$("$CASEBOOK" keys show --key other.key --only public)" 2>/dev/null
run merge researcher.db --db mine.db
expect_code 1 "merge of databases sealed to different keys"
python3 "$SOURCE_DIR/bench/gen.py" --count 200 --seed 8 | sed 's/"id": *"b8-/"id":"field-/' >field.jsonl
"$CASEBOOK" init --db field.db 2>/dev/null && "$CASEBOOK" import field.jsonl --db field.db 2>/dev/null || fail "field.db"
[ "$(grep -c field- field.jsonl)" = 200 ] || fail "field.jsonl ids: $(head -c 300 field.jsonl)"
run merge field.db --db coordinator.db
expect_code 0 "merge of an unsealed database into a sealed one seals what it brings"
expect_err_contains "merge: 200 added"
cat all.jsonl field.jsonl >everything.jsonl
run export --db coordinator.db --key project.key
expect_code 0 "export of the merged database with the key"
[ "$(printf '%s\n' "$OUT" | wc -l)" = 210 ] || fail "the merged database holds $(printf '%s\n' "$OUT" | wc -l) cases, expected 210"
snapshot 3-merged $(find "$WORK" -maxdepth 1 -name 'coordinator.db*')
snapshot 4-sealed-after-writes $(written_files)

# The raw bytes of every snapshot, against every sensitive value of every record.
python3 needles.py everything.jsonl snap/* >needles.out || fail "needles.py: $(cat needles.out)"
grep -q "^0-clear: FOUND" needles.out || fail "the clear database holds no sensitive value (the test proves nothing): $(cat needles.out)"
for name in 1-sealed 2-sealed-later 3-merged 4-sealed-after-writes; do
    grep -qx "$name: clean" needles.out || fail "plaintext in the files of a sealed database ($name): $(grep "^$name" needles.out)"
done
run verify --db coordinator.db
expect_code 0 "verify after sealing merged cases"
finish
