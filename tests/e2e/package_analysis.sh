# A package as R and pandas load it, without arguments: every column has the
# class its Table Schema type promises (logical, integer, character; dates
# parse as dates), row counts equal the records' legs, returns and harms,
# foreign keys resolve, and two different databases give the same columns.
# R (r-base-core) and pandas (python3-pandas) are test dependencies
# (scripts/deps.sh): without them this test fails, it never passes unrun.
. "$(dirname "$0")/lib.bash"
EX=$SOURCE_DIR/examples/northern-triangle
export CASEBOOK_USER=R01
command -v Rscript >/dev/null || { echo "FAIL: Rscript is missing: bash scripts/deps.sh installs r-base-core" >&2; exit 1; }
PANDAS_PYTHON=/usr/bin/python3 # Debian's python3-pandas is for Debian's python
"$PANDAS_PYTHON" -c 'import pandas' 2>/dev/null || { echo "FAIL: pandas is missing: bash scripts/deps.sh installs python3-pandas" >&2; exit 1; }

run init --db a.db
run import --db a.db "$EX"
run export --db a.db --format package pkg
expect_code 0 "a package of the examples"
run init --db b.db
run import --db b.db "$EX/hn-001.json"
run export --db b.db --format package one
expect_code 0 "a package of one case"
counts=$(python3 - "$EX" <<'PY'
import glob, json, sys
rs = [json.load(open(f)) for f in sorted(glob.glob(sys.argv[1] + "/*.json"))]
print(len(rs), sum(len(r.get("journey", [])) for r in rs), sum(len(r.get("returns", [])) for r in rs),
      sum(len(r.get("after_return", {}).get("harms", [])) for r in rs))
PY
)
# Each field's type, as "resource field type" lines, for R.
python3 -c '
import json
for r in json.load(open("pkg/datapackage.json"))["resources"]:
    for f in r["schema"]["fields"]:
        print(r["name"], f["name"], f["type"])' > types.txt

Rscript --vanilla - "$counts" <<'R' >r.out 2>&1 || fail "R (read.csv): $(cat r.out)"
counts <- as.integer(strsplit(commandArgs(TRUE)[1], " ")[[1]])
types <- read.table("types.txt", col.names = c("table", "field", "type"), stringsAsFactors = FALSE)
want <- c(string = "character", integer = "integer", boolean = "logical", date = "character")
tables <- list(); other <- list()
for (t in unique(types$table)) {
  tables[[t]] <- read.csv(file.path("pkg", paste0(t, ".csv")))
  other[[t]] <- read.csv(file.path("one", paste0(t, ".csv")))
  stopifnot(identical(names(tables[[t]]), types$field[types$table == t]))
  stopifnot(identical(names(tables[[t]]), names(other[[t]])))
  for (i in which(types$table == t)) {
    x <- tables[[t]][[types$field[i]]]
    if (all(is.na(x))) next  # read.csv gives an all-NA column class logical
    if (class(x) != want[[types$type[i]]]) stop(t, ".", types$field[i], " is ", class(x), ", not ", want[[types$type[i]]])
    if (types$type[i] == "date") stopifnot(!anyNA(as.Date(x[!is.na(x)])))
  }
}
stopifnot(nrow(tables$cases) == counts[1], nrow(tables$legs) == counts[2],
          nrow(tables$returns) == counts[3], nrow(tables$harms) == counts[4])
for (t in c("legs", "returns", "harms", "sources", "flags", "reasons"))
  stopifnot(all(tables[[t]]$case_id %in% tables$cases$case_id))
stopifnot(all(paste(tables$harm_sources$case_id, tables$harm_sources$source_id) %in%
              paste(tables$sources$case_id, tables$sources$source_id)))
stopifnot(is.logical(tables$cases$consent_obtained), is.integer(tables$cases$n_harms))
stopifnot(sum(tables$cases$n_harms) == nrow(tables$harms))
cat("R ok\n")
R
grep -qx "R ok" r.out || fail "R did not finish: $(cat r.out)"

"$PANDAS_PYTHON" - "$counts" <<'PY' >p.out 2>&1 || fail "pandas (read_csv): $(cat p.out)"
import json, sys
import pandas as pd
counts = [int(x) for x in sys.argv[1].split()]
d = json.load(open("pkg/datapackage.json"))
t = {}
for r in d["resources"]:
    df = pd.read_csv("pkg/" + r["path"])
    one = pd.read_csv("one/" + r["path"])
    assert list(df.columns) == [f["name"] for f in r["schema"]["fields"]] == list(one.columns), r["name"]
    for f in r["schema"]["fields"]:
        x = df[f["name"]]
        if x.isna().all():
            continue
        kind = x.dtype.kind
        if f["type"] == "integer":
            assert kind in "if", (r["name"], f["name"], x.dtype)  # float64 when a value is missing
            assert (x.dropna() == x.dropna().round()).all()
        elif f["type"] == "boolean":
            assert kind == "b" or set(x.dropna()) <= {True, False}, (r["name"], f["name"], set(x.dropna()))
        elif f["type"] == "date":
            pd.to_datetime(x.dropna(), format="%Y-%m-%d")
        else:
            assert kind == "O", (r["name"], f["name"], x.dtype)
    t[r["name"]] = df
assert [len(t["cases"]), len(t["legs"]), len(t["returns"]), len(t["harms"])] == counts, counts
assert t["cases"]["consent_obtained"].dtype == bool and t["cases"]["n_harms"].dtype == "int64"
for name in ("legs", "returns", "harms", "sources"):
    assert t[name]["case_id"].isin(t["cases"]["case_id"]).all(), name
m = t["harms"].merge(t["returns"][t["returns"]["return_no"] == 1], on="case_id")
days = (pd.to_datetime(m["harm_date_first"]) - pd.to_datetime(m["return_date_last"])).dt.days
assert days.notna().sum() > 0
print("pandas ok")
PY
grep -qx "pandas ok" p.out || fail "pandas did not finish: $(cat p.out)"

finish
