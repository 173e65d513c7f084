#!/usr/bin/env python3
"""Counts of a table made straight from the case records (JSON files or JSON
Lines), written from DESIGN.md's rules and issue 17, nothing of casebook's
code: every harm, return and leg, values of one sub-record paired only with
values of the same sub-record. Compares them with casebook's --format long
output. Usage: units_reference.py LONG.csv UNIT ROWS COLS RECORDS..."""
import csv, glob, json, os, sys

long_csv, unit, rdim, cdim = sys.argv[1:5]
records = []
for path in sys.argv[5:]:
    files = sorted(glob.glob(os.path.join(path, "*.json"))) if os.path.isdir(path) else [path]
    for f in files:
        text = open(f, encoding="utf-8").read()
        if f.endswith(".jsonl"):
            records += [json.loads(l) for l in text.splitlines() if l.strip()]
        else:
            records.append(json.loads(text))

def yes_no(v):
    return None if not isinstance(v, bool) else ("yes" if v else "no")

def year(part):
    d = part.get("date")
    return d[:4] if d else None

HARM = {
    "harm": lambda h: h.get("type"),
    "verification": lambda h: h.get("verification", "not_assessed"),
    "perpetrator": lambda h: h.get("perpetrator"),
    "harm_year": year,
    "same_persecutor": lambda h: yes_no(h.get("same_persecutor")),
}
RETURN = {
    "mechanism": lambda r: r.get("mechanism"),
    "returned_from": lambda r: r.get("from"),
    "returned_to": lambda r: r.get("to"),
    "return_year": year,
    "pending_claim": lambda r: yes_no(r.get("pending_claim")),
    "unaccompanied_minor": lambda r: yes_no(r.get("unaccompanied_minor")),
}
LEG = {
    "leg_country": lambda l: l.get("country"),
    "leg_role": lambda l: l.get("role"),
    "detained": lambda l: yes_no(l.get("detained")),
    "procedure": lambda l: l.get("asylum", {}).get("procedure"),
    "asylum_outcome": lambda l: l.get("asylum", {}).get("outcome"),
    "represented": lambda l: yes_no(l.get("asylum", {}).get("represented")),
}
CASE = {  # single-valued dimensions of the case itself
    "origin": lambda c: c.get("origin", {}).get("country"),
    "sex": lambda c: c.get("person", {}).get("sex"),
    "first_mechanism": lambda c: (c.get("returns") or [{}])[0].get("mechanism"),
}

def level(dim):
    for name, table in (("harm", HARM), ("return", RETURN), ("leg", LEG)):
        if dim in table:
            return name
    return "case"

def parts(c, lvl):
    if lvl == "harm":
        return c.get("after_return", {}).get("harms", [])
    if lvl == "return":
        return c.get("returns", [])
    if lvl == "leg":
        return c.get("journey", [])
    return []

def extract(dim, part):
    return {**HARM, **RETURN, **LEG}[dim](part)

def case_values(dim, c):
    if level(dim) == "case":
        v = CASE[dim](c)
        return [v] if v is not None else []
    return sorted({v for p in parts(c, level(dim)) if (v := extract(dim, p)) is not None})

# Cases tables count: no refused consent, no rejected case (DESIGN.md version 2).
records = [c for c in records if c.get("consent", {}).get("obtained") is not False and c.get("status") != "rejected"]

cells, rtot, ctot, total = {}, {}, {}, 0
def add(rv, cv, pairs, rsingle, csingle):
    global total
    if (rsingle and not rv) or (cdim and csingle and not cv):
        return
    total += 1
    for r in rv:
        rtot[r] = rtot.get(r, 0) + 1
    for v in cv:
        ctot[v] = ctot.get(v, 0) + 1
    for p in pairs:
        cells[p] = cells.get(p, 0) + 1

for c in records:
    if unit == "cases":
        rv = case_values(rdim, c)
        cv = case_values(cdim, c) if cdim else []
        same = cdim and level(rdim) == level(cdim) != "case"
        if same:
            pairs = {(extract(rdim, p), extract(cdim, p)) for p in parts(c, level(rdim))
                     if extract(rdim, p) is not None and extract(cdim, p) is not None}
        else:
            pairs = {(r, v) for r in rv for v in cv}
        add(rv, cv, pairs, level(rdim) == "case", level(cdim) == "case")
    else:
        lvl = {"harms": "harm", "returns": "return", "legs": "leg"}[unit]
        for p in parts(c, lvl):
            def vals(dim):
                if level(dim) == "case":
                    return case_values(dim, c)
                v = extract(dim, p)
                return [v] if v is not None else []
            rv, cv = vals(rdim), vals(cdim) if cdim else []
            add(rv, cv, {(r, v) for r in rv for v in cv}, True, True)

expected = {}
for (r, v), n in cells.items():
    expected[(r, v)] = n
for r, n in rtot.items():
    expected[(r, "")] = n
for v, n in ctot.items():
    expected[("", v)] = n
expected[("", "")] = total

actual = {}
with open(long_csv, newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        actual[(row["row"], row["col"])] = int(row["count"])
if not cdim:  # a one-way table: the counts are the row totals
    expected = {k: n for k, n in expected.items() if k[1] == ""}
wrong = [f"{k}: casebook {actual.get(k, 0)}, records {expected.get(k, 0)}"
         for k in sorted(set(actual) | set(expected)) if actual.get(k, 0) != expected.get(k, 0)]
if wrong:
    sys.exit(f"--count {unit} --rows {rdim} --cols {cdim}: " + "; ".join(wrong[:8]))
