# casebook table and query, end to end: the examples' outcomes table written
# out by hand; every preset on a generated dataset against counts computed here
# in Python straight from the JSON (DESIGN.md's rules, not casebook's code);
# --where and --sql attacks that must leave the database byte for byte as it was.
source "$(dirname "$0")/lib.bash"

export CASEBOOK_DB="$WORK/nt.db"
run init
expect_code 0 "init"
for f in "$SOURCE_DIR"/examples/northern-triangle/*.json; do
    run create --from "$f"
    expect_code 0 "create --from $f"
done

# --- The examples, by hand (README of the examples and DESIGN.md's outcome rules):
# SLV: sv-001 killed, sv-002 other_harm (threat, forced recruitment), sv-003
# physical_harm (sexual violence), sv-004 unknown (only lost_contact);
# GTM: gt-001 disappeared, gt-002 physical_harm (assault), gt-003 other_harm;
# HND: hn-001 physical_harm (kidnapping), hn-002 physical_harm, hn-003 other_harm.
run table outcomes --format csv
expect_code 0 "table outcomes --format csv"
expect_out "$(printf '%s\r\n' \
    'origin,killed,disappeared,physical_harm,other_harm,displaced,remigrated,no_harm_known,unknown,total' \
    'SLV,1,0,1,1,0,0,0,1,4' \
    'GTM,0,1,1,1,0,0,0,0,3' \
    'HND,0,0,2,1,0,0,0,0,3' \
    'total,1,1,4,3,0,0,0,1,10')" "outcomes csv"

run table outcomes --format table
expect_code 0 "table outcomes --format table"
expect_out_contains "Cases by country of origin and post-return outcome, N = 10" "title"
expect_out_contains "El Salvador" "country names in table output"

# Off a terminal the default is tsv.
run table --rows origin
expect_out "$(printf '%s\n' 'origin	cases' 'SLV	4' 'GTM	3' 'HND	3' 'total	10')" "one-way tsv by default"

# Suppression: no count below 3 is shown; every hidden number reads x (issue 17:
# the old <3 marks with their totals gave El Salvador's four 1s away).
run table outcomes --format csv --suppress 3 --no-totals
expect_out "$(printf '%s\r\n' \
    'origin,killed,disappeared,physical_harm,other_harm,displaced,remigrated,no_harm_known,unknown' \
    'SLV,x,0,x,x,0,0,0,x' \
    'GTM,0,x,x,x,0,0,0,0' \
    'HND,0,0,x,x,0,0,0,0')" "suppressed csv"
run table outcomes --format markdown --suppress 3
expect_out_contains "Note: Counts from 1 to 2 are hidden as x, and so are 6 other numbers chosen by a linear program. An attacker's linear program over every number shown, the totals and what x means (1 or more) leaves each hidden count below 3 a range at least 3 wide, and no hidden number a single value (--audit prints each range)." "suppression footnote"
# --mark below: <3 for small counts, x for the others; HND's 3 shows.
run table outcomes --format csv --suppress 3 --mark below
expect_out "$(printf '%s\r\n' \
    'origin,killed,disappeared,physical_harm,other_harm,displaced,remigrated,no_harm_known,unknown,total' \
    'SLV,<3,0,<3,<3,0,0,0,<3,x' \
    'GTM,0,<3,<3,<3,0,0,0,0,x' \
    'HND,0,0,<3,<3,0,0,0,0,3' \
    'total,<3,<3,4,x,0,0,0,<3,x')" "--mark below"
run table outcomes --format csv --suppress 2 --mark below
expect_code 2 "--mark below --suppress 2"
expect_err_contains '"<2" would show the count itself' "--mark below --suppress 2 says why"
run table outcomes --audit
expect_code 2 "--audit without --suppress"
# --audit: one line per hidden number with the attacker's range.
run table --rows origin --suppress 4 --audit --format csv
expect_code 0 "--audit"
expect_out "$(printf '%s\r\n' 'origin,shown,lower,upper,width,required,protected' \
    'GTM,x,1,5,4,4,yes' 'HND,x,1,5,4,4,yes')" "--audit csv: SLV 4 and the 10 show, GTM + HND = 6"
# --format long: one row per number; margins have an empty row or col.
run table --rows origin --cols sex --format long --suppress 3
expect_code 0 "--format long"
expect_out_contains "$(printf '%s\r\n' 'row,col,count,shown,suppressed,percent' 'SLV,female,,x,primary,')" "long header"
run table --rows origin --format long
expect_out "$(printf '%s\r\n' 'row,col,count,shown,suppressed,percent' 'SLV,,4,4,,' 'GTM,,3,3,,' 'HND,,3,3,,' ',,10,10,,')" "long one-way"
# --notes: the footnotes of csv output in a 0600 sidecar.
run table outcomes --format csv --suppress 3 --notes notes.txt
expect_code 0 "--notes"
grep -q '^Note: Counts from 1 to 2 are hidden as x' notes.txt || fail "--notes lacks the suppression note: $(cat notes.txt)"
[ "$(stat -c %a notes.txt)" = 600 ] || fail "--notes file is not 0600"
# Several presets are one set; csv cannot hold several tables.
run table outcomes flags harms --suppress 5 --format markdown
expect_code 0 "a set of tables"
[ "$(printf '%s\n' "$OUT" | grep -c 'The 3 tables published together were protected as one set')" = 3 ] || fail "set footnote"
run table outcomes flags --format csv
expect_code 2 "several tables as csv"

run table harms --format markdown
expect_out_contains "A case counts once under each harm after return it has" "multi-valued footnote"
expect_out_contains "1 case with no harm after return counts in the totals only." "no-value footnote"

run table --rows orign
expect_code 2 "unknown --rows"
expect_err_contains 'did you mean "origin"' "did-you-mean for --rows"
run table outcomes --where outcome=kiled
expect_code 2 "unknown value"
expect_err_contains 'did you mean "killed"' "did-you-mean for a value"
run table nonsense
expect_code 2 "unknown preset"

run query --count --where origin=SLV --where flag=fear_not_screened
expect_out "2" "query --count"
run query --format csv --columns id,outcome --where origin=HND
expect_out "$(printf '%s\r\n' 'id,outcome' 'hn-001,physical_harm' 'hn-002,physical_harm' 'hn-003,other_harm')" "query csv"

# --- A generated dataset: every preset against counts computed independently.
export CASEBOOK_DB="$WORK/gen.db"
run init
python3 - "$WORK/gen" <<'PY'
import datetime, json, os, random, sys
out = sys.argv[1]
os.makedirs(out)
rng = random.Random(4242)
B = ["gang", "organized_crime", "police", "military", "other_state_agent", "paramilitary", "family_member",
     "intimate_partner", "community", "unknown", "other"]
D = ["no_access_to_procedure", "fear_not_recorded", "no_credible_fear_screening", "no_interpreter",
     "no_legal_representation", "prolonged_detention", "family_separation", "pressured_to_accept_return",
     "mistreatment_in_custody", "claim_denied_without_hearing", "returned_while_claim_pending", "other"]
E = ["removal", "expedited_removal", "reinstatement", "administrative_removal", "voluntary_departure",
     "voluntary_return", "expulsion", "mpp_return", "aca_transfer", "deportation", "assisted_return",
     "assisted_voluntary_return", "self_return", "unknown", "other"]
F = ["killed", "disappeared", "physical_assault", "sexual_violence", "torture", "kidnapping", "threat", "extortion",
     "forced_recruitment", "arbitrary_detention", "family_member_harmed", "other"]
G = ["in_hiding", "internally_displaced", "remigrated", "at_home", "detained", "deceased", "lost_contact", "unknown"]
origins = ["SLV"] * 5 + ["GTM"] * 4 + ["HND"] * 4 + ["NIC"] * 2 + ["MEX"]
def day(d): return d.isoformat()
for i in range(400):
    origin = rng.choice(origins)
    fled = datetime.date(2014, 1, 1) + datetime.timedelta(days=rng.randrange(0, 6 * 365))
    age = rng.randrange(4, 60)
    rec = {"schema_version": "1", "id": "g-%04d" % i, "status": rng.choice(["complete"] * 4 + ["draft"]),
           "person": {"sex": rng.choice(["female", "male", "other", "unknown"]), "age_at_flight": age,
                      "traveled_with": rng.choice(["alone", "family", "smuggler"])},
           "origin": {"country": origin},
           "flight": {"date": day(fled), "persecutors": rng.sample(B, rng.randrange(0, 3))}}
    route = [c for c in ["GTM", "MEX", "USA"] if c != origin]
    legs = route[rng.randrange(0, len(route)):] if rng.random() < 0.5 else route
    when = fled
    journey = []
    for n, country in enumerate(legs):
        when += datetime.timedelta(days=rng.randrange(2, 40))
        leg = {"country": country, "entered": day(when), "role": "destination" if n == len(legs) - 1 else "transit"}
        if rng.random() < 0.4:
            leg["detained"] = rng.random() < 0.5
        if rng.random() < 0.6:
            leg["asylum"] = {"fear_expressed": rng.random() < 0.7,
                             "procedure": rng.choice(["affirmative", "defensive", "credible_fear", "mpp", "none", "unknown"]),
                             "outcome": rng.choice(["granted", "denied", "pending", "abandoned", "unknown"]),
                             "represented": rng.random() < 0.4}
        if rng.random() < 0.5:
            leg["failures"] = rng.sample(D, rng.randrange(1, 3))
        journey.append(leg)
    rec["journey"] = journey
    returns = []
    for n in range(rng.choice([1, 1, 1, 2])):
        when += datetime.timedelta(days=rng.randrange(30, 400))
        r = {"from": journey[-1]["country"] if n == 0 else returns[-1]["to"],
             "to": origin if rng.random() < 0.8 else "MEX" if origin != "MEX" else "GTM"}
        if rng.random() < 0.93:
            r["date"] = day(when)
        if rng.random() < 0.95:
            r["mechanism"] = rng.choice(E)
        if rng.random() < 0.2:
            r["pending_claim"] = rng.random() < 0.5
        if age < 18 and rng.random() < 0.5:
            r["unaccompanied_minor"] = rng.random() < 0.7
        returns.append(r)
    rec["returns"] = returns
    harms = []
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
        when += datetime.timedelta(days=rng.randrange(1, 90))
        h = {"type": rng.choice(F), "date": day(when), "perpetrator": rng.choice(B)}
        if rng.random() < 0.5:
            h["same_persecutor"] = rng.random() < 0.5
        if rng.random() < 0.7:
            h["verification"] = rng.choice(["confirmed", "corroborated", "alleged"])
        harms.append(h)
    after = {"harms": harms} if harms else {}
    situation = rng.sample(G, rng.randrange(0, 3))
    if any(h["type"] == "killed" for h in harms):
        situation = [s for s in situation if s not in ("at_home", "remigrated")]
    if situation:
        after["situation"] = situation
    rec["after_return"] = after
    with open(os.path.join(out, rec["id"] + ".json"), "w") as f:
        json.dump(rec, f, indent=2)
PY
run import --quiet "$WORK/gen"
expect_code 0 "import the generated dataset"

# expected PRESET [WHERE-PYTHON-EXPRESSION]: the preset's csv, from the JSON files.
expected() {
    python3 - "$WORK/gen" "$1" "${2:-True}" <<'PY'
import glob, json, sys
folder, preset, where = sys.argv[1], sys.argv[2], sys.argv[3]
OUTCOMES = ["killed", "disappeared", "physical_harm", "other_harm", "displaced", "remigrated", "no_harm_known", "unknown"]
FLAGS = ["fear_not_screened", "returned_pending_claim", "unaccompanied_minor_returned", "chain_return",
         "coerced_voluntary_return", "harm_linked_to_flight", "no_representation"]
HARMS = ["killed", "disappeared", "physical_assault", "sexual_violence", "torture", "kidnapping", "threat", "extortion",
         "forced_recruitment", "arbitrary_detention", "family_member_harmed", "other"]
MECHANISMS = ["removal", "expedited_removal", "reinstatement", "administrative_removal", "voluntary_departure",
              "voluntary_return", "expulsion", "mpp_return", "aca_transfer", "deportation", "assisted_return",
              "assisted_voluntary_return", "self_return", "unknown", "other"]
VOLUNTARY = {"voluntary_departure", "voluntary_return", "assisted_return", "assisted_voluntary_return", "self_return"}

def outcome(c):
    after = c.get("after_return", {})
    types = {h["type"] for h in after.get("harms", [])}
    situation = set(after.get("situation", []))
    if "killed" in types or "deceased" in situation: return "killed"
    if "disappeared" in types: return "disappeared"
    if types & {"physical_assault", "sexual_violence", "torture", "kidnapping"}: return "physical_harm"
    if types: return "other_harm"
    if situation & {"in_hiding", "internally_displaced"}: return "displaced"
    if "remigrated" in situation: return "remigrated"
    if situation - {"lost_contact", "unknown"}: return "no_harm_known"
    return "unknown"

def flags(c):
    legs, rets = c.get("journey", []), c.get("returns", [])
    harms = c.get("after_return", {}).get("harms", [])
    persecutors = set(c.get("flight", {}).get("persecutors", []))
    out = set()
    for leg in legs:
        a = leg.get("asylum", {})
        fails = set(leg.get("failures", []))
        if a.get("fear_expressed") is True and (a.get("procedure") == "none" or fails & {"no_credible_fear_screening", "fear_not_recorded"}):
            out.add("fear_not_screened")
        if "returned_while_claim_pending" in fails: out.add("returned_pending_claim")
        if a.get("outcome") == "denied" and a.get("represented") is False: out.add("no_representation")
    for r in rets:
        if r.get("pending_claim") is True: out.add("returned_pending_claim")
        if r.get("unaccompanied_minor") is True: out.add("unaccompanied_minor_returned")
        if r["to"] != c["origin"]["country"] or r.get("mechanism") in ("mpp_return", "aca_transfer"): out.add("chain_return")
        if r.get("mechanism") in VOLUNTARY and any(
                l["country"] == r["from"] and (l.get("detained") is True or "pressured_to_accept_return" in l.get("failures", []))
                for l in legs):
            out.add("coerced_voluntary_return")
    for h in harms:
        p = h.get("perpetrator")
        if h.get("same_persecutor") is True or (p not in (None, "unknown", "other") and p in persecutors):
            out.add("harm_linked_to_flight")
    return out

def year(c):
    d = c["returns"][0].get("date")
    return int(d[:4]) if d else None

cases = [json.load(open(f)) for f in sorted(glob.glob(folder + "/*.json"))]
cases = [c for c in cases if eval(where, {}, {"origin": c["origin"]["country"], "year": year(c), "outcome": outcome(c)})]
dims = {
    "origin": lambda c: [c["origin"]["country"]],
    # Return dimensions: every return, not only the first (units.hpp).
    "returned_from": lambda c: sorted({r["from"] for r in c["returns"]}),
    "mechanism": lambda c: sorted({r["mechanism"] for r in c["returns"] if "mechanism" in r}),
    "return_year": lambda c: sorted({r["date"][:4] for r in c["returns"] if r.get("date")}),
    "outcome": lambda c: [outcome(c)],
    "flag": lambda c: sorted(flags(c)),
    "harm": lambda c: sorted({h["type"] for h in c.get("after_return", {}).get("harms", [])}),
}
presets = {"outcomes": ("origin", "outcome", OUTCOMES), "flags": ("origin", "flag", FLAGS),
           "harms": ("origin", "harm", HARMS), "mechanisms": ("returned_from", "mechanism", MECHANISMS),
           "timeline": ("return_year", "outcome", OUTCOMES)}
rdim, cdim, cvalues = presets[preset]
single = {"origin", "outcome"}
table = [c for c in cases if (rdim not in single or dims[rdim](c)) and (cdim not in single or dims[cdim](c))]
# Two dimensions of returns pair within one return.
part = {"returned_from": "from", "mechanism": "mechanism"}
def pairs(c):
    if rdim in part and cdim in part:
        return {(r[part[rdim]], r[part[cdim]]) for r in c["returns"] if part[rdim] in r and part[cdim] in r}
    return {(r, v) for r in dims[rdim](c) for v in dims[cdim](c)}
rtot, ctot, cells = {}, {}, {}
for c in table:
    for r in dims[rdim](c):
        rtot[r] = rtot.get(r, 0) + 1
    for p in pairs(c):
        cells[p] = cells.get(p, 0) + 1
    for v in dims[cdim](c):
        ctot[v] = ctot.get(v, 0) + 1
if rdim == "return_year":
    rows = [str(y) for y in range(min(map(int, rtot)), max(map(int, rtot)) + 1)]
else:
    rows = sorted(rtot, key=lambda r: (-rtot[r], r))
lines = [",".join([rdim] + cvalues + ["total"])]
for r in rows:
    lines.append(",".join([r] + [str(cells.get((r, v), 0)) for v in cvalues] + [str(rtot.get(r, 0))]))
lines.append(",".join(["total"] + [str(ctot.get(v, 0)) for v in cvalues] + [str(len(table))]))
print("\n".join(lines))
PY
}

for preset in outcomes flags harms mechanisms timeline; do
    run table "$preset" --format csv
    expect_code 0 "table $preset"
    OUT=$(printf '%s' "$OUT" | tr -d '\r')
    expect_out "$(expected "$preset")" "table $preset on the generated dataset"
done
run table outcomes --format csv --where 'origin!=SLV' --where 'return_year>=2017'
OUT=$(printf '%s' "$OUT" | tr -d '\r')
expect_out "$(expected outcomes 'origin != "SLV" and year is not None and year >= 2017')" "table outcomes --where"
run table timeline --format csv --where 'outcome=killed,disappeared'
OUT=$(printf '%s' "$OUT" | tr -d '\r')
expect_out "$(expected timeline 'outcome in ("killed", "disappeared")')" "table timeline --where outcome"

# --- Attacks: nothing given to --where, --rows or --sql may change the database.
before=$(sha256sum "$CASEBOOK_DB" | cut -d' ' -f1)
cases_before=$("$CASEBOOK" query --count)
for where in "project=x'; DROP TABLE cases; --" "tag=a\"); DELETE FROM cases; --" \
    "tag=';ATTACH DATABASE 'evil.db' AS e;--" "project=1 OR 1=1" "tag=%' OR '1'='1"; do
    run query --count --where "$where"
    expect_code 0 "--where $where runs as a plain value"
    expect_out "0" "--where $where matches nothing"
    run table outcomes --where "$where" --format csv
    expect_code 0 "table --where $where"
done
for where in "origin=SLV'; DROP TABLE cases;--" "outcome=killed' OR '1'='1" "return_year>=2017; DELETE FROM cases" \
    "origin; DROP TABLE cases=SLV"; do
    run query --where "$where"
    expect_code 2 "--where $where is refused"
done
run table --rows "origin; DROP TABLE cases"
expect_code 2 "--rows with SQL"
for sql in "DELETE FROM cases" "UPDATE cases SET deleted = 1" "DROP TABLE cases" "INSERT INTO meta VALUES ('a','b')" \
    "SELECT 1; DELETE FROM cases" "ATTACH DATABASE 'evil.db' AS evil" "PRAGMA user_version = 99" \
    "PRAGMA journal_mode = DELETE" "SELECT load_extension('evil')" "SELECT doc FROM cases" "BEGIN" \
    "VACUUM INTO 'copy.db'" "CREATE TEMP TABLE t(x)" "SELECT * FROM cases_v; DROP TABLE cases"; do
    run query --sql "$sql"
    expect_code 2 "--sql $sql is refused"
done
run query --sql "SELECT COUNT(*) AS n FROM cases_v WHERE id = 'x''; DROP TABLE cases; --'" --format csv
expect_code 0 "a quoted string in a SELECT is just a string"
[ -e evil.db ] && fail "ATTACH created a file"
[ -e copy.db ] && fail "VACUUM INTO created a file"
after=$(sha256sum "$CASEBOOK_DB" | cut -d' ' -f1)
[ "$before" = "$after" ] || fail "the database changed: $before -> $after"
[ "$("$CASEBOOK" query --count)" = "$cases_before" ] || fail "the number of cases changed"

finish
