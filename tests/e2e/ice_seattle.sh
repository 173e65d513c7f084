# The real ICE Seattle FOIA files import through examples/ice-seattle/import.sh,
# and the database's counts by country and by case category equal the raw CSV's.
. "$(dirname "$0")/lib.bash"
DATA=${ICE_DATA:-$SOURCE_DIR/../shared/data/ice-seattle}
[ -d "$DATA" ] || DATA=/work/shared/data/ice-seattle
if [ ! -f "$DATA/SeattleAORExpeditedRemovals.csv" ]; then
    echo "skipped: no ICE Seattle data at $DATA"
    exit 0
fi
CASEBOOK="$CASEBOOK" sh "$SOURCE_DIR/examples/ice-seattle/import.sh" "$DATA" ice.db >out.txt 2>err.txt
CODE=$?
ERR=$(cat err.txt)
expect_code 0 "import.sh"
expect_err_contains "6529 records: 6529 added, 0 updated, 0 unchanged, 0 rejected" "expedited removals"
expect_err_contains "20384 records: 20384 added, 0 updated, 0 unchanged, 0 rejected" "other removals"
"$CASEBOOK" export --db ice.db --format jsonl >ice.jsonl || fail "export"

python3 - "$DATA" "$SOURCE_DIR/examples/ice-seattle" ice.jsonl <<'PY' || fail "counts differ from the raw CSV"
import collections, csv, json, sys
data, maps, exported = sys.argv[1:4]
iso = json.load(open('/usr/share/iso-codes/json/iso_3166-1.json'))['3166-1']
names = {}
for c in iso:
    for k in ('name', 'official_name', 'common_name'):
        if k in c:
            names[c[k].lower()] = c['alpha_3']
want_origin, want_tag, want_mech, want_fear = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter()
for f, m in (('SeattleAORExpeditedRemovals.csv', 'expedited-removals'), ('SeattleAOROtherRemovals.csv', 'other-removals')):
    mapping = json.load(open(f'{maps}/{m}.mapping.json'))
    cols = {c['column'] + c['pointer'] if isinstance(c['pointer'], str) else c['column']: c for c in mapping['columns']}
    own = {k.lower(): v for k, v in cols['Country of Citizenship']['values'].items()}
    mech = cols['Case Category/returns/0/mechanism']['values']
    rows = list(csv.reader(open(f'{data}/{f}', newline='', encoding='utf-8-sig')))[7:]
    for r in rows:
        country, category = r[3], r[6]
        code = own[country.lower()] if country.lower() in own else names[country.lower()]
        want_origin[code] += 1
        want_tag['ice-category-' + category[1:category.index(']')]] += 1
        if code is not None:
            want_mech[mech[category]] += 1
        if category.startswith('[8G]'):
            want_fear[code] += 1
got_origin, got_tag, got_mech, got_fear = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter()
for line in open(exported):
    d = json.loads(line)
    code = d.get('origin', {}).get('country')
    got_origin[code] += 1
    for t in d.get('tags', []):
        if t.startswith('ice-category-'):
            got_tag[t] += 1
    for ret in d.get('returns', []):
        got_mech[ret.get('mechanism')] += 1
    if d['journey'][0].get('asylum', {}).get('fear_expressed'):
        got_fear[code] += 1
ok = True
for name, want, got in (('origin', want_origin, got_origin), ('case category', want_tag, got_tag),
                        ('mechanism', want_mech, got_mech), ('credible fear by country', want_fear, got_fear)):
    if want != got:
        ok = False
        print(f'{name}: expected {sorted(want.items(), key=str)}\n got {sorted(got.items(), key=str)}', file=sys.stderr)
print('records:', sum(got_origin.values()), 'countries:', len(got_origin))
sys.exit(0 if ok and sum(got_origin.values()) == 26913 else 1)
PY

# Every record is valid per the schema and the cross-field rules.
run validate ice.jsonl
expect_code 0 "validate the exported records"
finish
