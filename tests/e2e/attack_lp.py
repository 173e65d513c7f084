#!/usr/bin/env python3
"""An attacker's linear program over a published casebook table (CSV), written
independently of casebook's solver: it reads only the CSV and solves with
glpsol (glpk-utils) from a CPLEX LP file it writes.

    attack_lp.py TABLE.csv N MARK ROWS_MULTI COLS_MULTI [ZEROS]

MARK is x or below; ROWS_MULTI/COLS_MULTI are 1 when that side is a
multi-valued dimension (its lines do not add up: each cell is at most its
total); ZEROS is 1 when zeros may be hidden too. The attacker knows every shown
number, that the lines of a single-valued side add up to their totals, that a
hidden number is 1 or more when zeros are shown, and under MARK below that <N
is 1..N-1 and x is N or more. Exits 1, naming the cell, if any hidden number
is pinned to one value, or (MARK x) can be proved to be below N, or (MARK
below) is narrowed inside 1..N-1. Prints one line per hidden number otherwise.
"""

import csv
import os
import subprocess
import sys
import tempfile


def solve(lines, objective, sense):
    with tempfile.TemporaryDirectory() as tmp:
        lp = os.path.join(tmp, "a.lp")
        out = os.path.join(tmp, "a.txt")
        with open(lp, "w") as f:
            f.write(("Maximize" if sense == "max" else "Minimize") + "\n obj: " + objective + "\n")
            f.write(lines)
            f.write("End\n")
        r = subprocess.run(["glpsol", "--lp", lp, "-w", out], capture_output=True, text=True)
        if "NO PRIMAL FEASIBLE" in r.stdout or "INFEASIBLE" in r.stdout:
            sys.exit("attacker's LP infeasible: the published table contradicts itself")
        # The true counts are a solution, so no dual solution means unbounded.
        if "UNBOUNDED PRIMAL" in r.stdout or "NO DUAL FEASIBLE" in r.stdout:
            return None
        if r.returncode != 0:
            sys.exit("glpsol failed: " + r.stdout + r.stderr)
        # glpsol's plain solution file: the objective value is on the "s bas/mip" line.
        for row in open(out):
            parts = row.split()
            if parts and parts[0] == "s":
                if parts[4] != "f":  # the primal status of an optimum
                    sys.exit("glpsol found no optimum: " + r.stdout)
                return float(parts[-1])
    sys.exit("glpsol wrote no solution")


def main():
    path, n, mark, rows_multi, cols_multi = sys.argv[1:6]
    zeros = len(sys.argv) > 6 and sys.argv[6] == "1"
    n = int(n)
    rows_multi, cols_multi = rows_multi == "1", cols_multi == "1"
    table = list(csv.reader(open(path, newline="")))
    header = table[0]
    body = [r for r in table[1:] if r and not r[0].startswith("Note:")]
    keep = [i for i, h in enumerate(header) if i > 0 and not h.endswith("_pct")]
    one_way = len(keep) == 1
    grid = [[r[i] for i in keep] for r in body]
    R, C = len(grid), len(keep)  # the last row is the totals row, the last column the totals
    name = {}
    bounds = []
    for r in range(R):
        for c in range(C):
            v = f"v{r}_{c}"
            name[(r, c)] = v
            text = grid[r][c]
            low = 0 if zeros else 1
            if text == "x":
                bounds.append(f" {v} >= {n if mark == 'below' else low}")
            elif text.startswith("<"):
                bounds.append(f" {low} <= {v} <= {n - 1}")
            else:
                bounds.append(f" {v} = {int(text)}")
    rel = []
    k = 0

    def line(parts, total, adds_up):
        nonlocal k
        if adds_up:
            k += 1
            rel.append(f" r{k}: " + " + ".join(parts) + f" - {total} = 0")
        else:
            for p in parts:
                k += 1
                rel.append(f" r{k}: {p} - {total} <= 0")

    if one_way:
        line([name[(r, 0)] for r in range(R - 1)], name[(R - 1, 0)], not rows_multi)
    else:
        for r in range(R):
            line([name[(r, c)] for c in range(C - 1)], name[(r, C - 1)], not cols_multi)
        for c in range(C):
            line([name[(r, c)] for r in range(R - 1)], name[(R - 1, c)], not rows_multi)
    text = "Subject To\n" + ("\n".join(rel) if rel else " r0: v0_0 >= 0") + "\nBounds\n" + "\n".join(bounds) + "\n"
    bad = 0
    for (r, c), v in name.items():
        shown = grid[r][c]
        if shown != "x" and not shown.startswith("<"):
            continue
        lo = solve(text, v, "min")
        hi = solve(text, v, "max")
        label = f"{body[r][0]} x {header[keep[c]]} ({shown})"
        print(f"{label}: {lo:g}..{'inf' if hi is None else f'{hi:g}'}")
        if hi is not None and hi - lo < 0.5:
            print(f"PINNED: {label} is {lo:g}", file=sys.stderr)
            bad += 1
        elif shown == "x" and mark == "x" and hi is not None and hi < n - 0.5:
            print(f"SMALL: {label} is at most {hi:g}", file=sys.stderr)
            bad += 1
        elif shown.startswith("<") and (lo > (0 if zeros else 1) + 0.5 or (hi is not None and hi < n - 1.5)):
            print(f"NARROWED: {label} is {lo:g}..{hi:g}", file=sys.stderr)
            bad += 1
    sys.exit(1 if bad else 0)


main()
