#!/usr/bin/env python3
"""Summary of a casebook database for a report, from casebook's CSV output only.

    casebook table outcomes --format csv > outcomes.csv
    casebook export --format csv > cases.csv
    python3 examples/analysis/summary.py outcomes.csv cases.csv

Reads a table (`casebook table ... --format csv`: first column the row value,
then one column per column value, then `total`; the last row is `total`) and
an export (`casebook export --format csv`: one row per case, dotted column
names such as origin.country and returns.0.mechanism; lists joined by ';').
Standard library only. Counts from a table printed with --suppress are kept as
printed ("<5", "x"): they are not numbers, and this script never guesses them.
"""
import csv
import sys
from collections import Counter


def read_csv(path):
    # newline="" as the csv module wants; casebook writes RFC 4180 with CRLF.
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def as_count(text):
    """A table cell as a number, or None when it was suppressed ("<5", "x") or empty."""
    try:
        return int(text)
    except ValueError:
        return None


def summarise_table(rows, out):
    if not rows:
        out.write("table: empty\n")
        return
    first = list(rows[0].keys())[0]
    columns = [c for c in rows[0].keys() if c != first and c != "total" and not c.endswith("_pct")]
    body = [r for r in rows if r[first] != "total"]
    totals = next((r for r in rows if r[first] == "total"), None)
    out.write(f"Table by {first}: {len(body)} rows, {len(columns)} columns\n")
    if totals is not None:
        out.write(f"  cases: {totals.get('total', '?')}\n")
        shown = [(c, as_count(totals[c])) for c in columns]
        ranked = sorted((n, c) for c, n in shown if n)
        for n, c in reversed(ranked[-3:]):
            out.write(f"  most common {c}: {n}\n")
        hidden = [c for c, n in shown if n is None and totals[c]]
        if hidden:
            out.write(f"  suppressed totals: {', '.join(hidden)}\n")
    suppressed = sum(1 for r in body for c in columns if as_count(r[c]) is None and r[c])
    if suppressed:
        out.write(f"  suppressed cells: {suppressed}\n")


def summarise_cases(cases, out):
    out.write(f"Exported cases: {len(cases)}\n")
    if not cases:
        return
    def count(column, split=False):
        c = Counter()
        for case in cases:
            value = case.get(column, "")
            for v in (value.split(";") if split else [value]):
                c[v or "(not recorded)"] += 1
        return c
    for label, column, split in [
        ("origin", "origin.country", False),
        ("status", "status", False),
        ("first return from", "returns.0.from", False),
        ("first return mechanism", "returns.0.mechanism", False),
        ("situation after return", "after_return.situation", True),
        ("consent scope", "consent.scope", False),
    ]:
        if column not in cases[0]:
            continue
        parts = ", ".join(f"{v} {n}" for v, n in sorted(count(column, split).items(), key=lambda x: (-x[1], x[0])))
        out.write(f"  {label}: {parts}\n")
    harm_columns = [c for c in cases[0] if c.startswith("after_return.harms.") and c.endswith(".type")]
    harms = Counter()
    for case in cases:
        for c in harm_columns:
            if case[c]:
                harms[case[c]] += 1
    if harms:
        out.write("  harms after return (all harms, not cases): " +
                  ", ".join(f"{h} {n}" for h, n in harms.most_common()) + "\n")
    redacted = "person.pseudonym" not in cases[0]
    out.write(f"  sensitive fields: {'left out (redacted export)' if redacted else 'PRESENT: do not share this file'}\n")


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    try:
        table, cases = read_csv(argv[1]), read_csv(argv[2])
    except OSError as e:
        sys.stderr.write(f"summary.py: error: {e}\n")
        return 3
    summarise_table(table, sys.stdout)
    summarise_cases(cases, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
