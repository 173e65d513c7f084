# export --format stata and spss: the linked tables of the package as Stata
# (.dta) and SPSS (.sav) files, written by the helper casebook-readstat, as
# R's haven and pandas load them: the package's columns and rows (examples and
# a generated corpus: two databases, one column set), value labels for every
# vocabulary (as_factor gives the package's words back), variable labels,
# dates as dates, keys that resolve, consent and redaction exactly as the
# package, files only the owner can read, and failures (no helper, a helper
# that fails, an existing folder) that exit non-zero and write nothing.
# R with haven (r-base-core, r-cran-haven) and pandas (python3-pandas) are
# test dependencies (scripts/deps.sh): without them this test fails, it never
# passes unrun.
. "$(dirname "$0")/lib.bash"
EX=$SOURCE_DIR/examples/northern-triangle
export CASEBOOK_USER=R01
command -v Rscript >/dev/null || { echo "FAIL: Rscript is missing: bash scripts/deps.sh installs r-base-core" >&2; exit 1; }
Rscript --vanilla -e 'library(haven)' >/dev/null 2>&1 || { echo "FAIL: R's haven is missing: bash scripts/deps.sh installs r-cran-haven" >&2; exit 1; }
PANDAS_PYTHON=/usr/bin/python3 # Debian's python3-pandas is for Debian's python
"$PANDAS_PYTHON" -c 'import pandas' 2>/dev/null || { echo "FAIL: pandas is missing: bash scripts/deps.sh installs python3-pandas" >&2; exit 1; }

no_staging() { [ -z "$(ls -A . | grep '^\.casebook')" ] || fail "$1: a staging folder was left behind: $(ls -A)"; }

# Two databases: the examples, with a case whose narrative is longer than a
# Stata str# holds, and a generated corpus.
python3 - "$EX" <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + "/sv-001.json"))
d["id"] = "long"; d["narrative"] = "Relato largo con acentos: áéíóú ñ. " * 120  # about 4400 bytes
open("long.json", "w").write(json.dumps(d, ensure_ascii=False))
PY
run init --db a.db
run import --db a.db "$EX" long.json
expect_code 0 "import the examples"
python3 "$SOURCE_DIR/bench/gen.py" --count 300 --seed 1 > corpus.jsonl
run init --db b.db
run import --db b.db corpus.jsonl
expect_code 0 "import a generated corpus"

for db in a b; do
    run export --db $db.db --format package ${db}_pkg
    expect_code 0 "the package of $db"
    package_err=$ERR
    for format in stata spss; do
        run export --db $db.db --format $format ${db}_$format
        expect_code 0 "export --format $format of $db"
        expect_err "${package_err//${db}_pkg/${db}_$format}" "$format says what the package says"
        [ "$(stat -c %a ${db}_$format)" = 700 ] || fail "${db}_$format is mode $(stat -c %a ${db}_$format), not 700"
        for f in ${db}_$format/*; do
            [ "$(stat -c %a "$f")" = 600 ] || fail "$f is mode $(stat -c %a "$f"), not 600"
        done
        ext=$([ $format = stata ] && echo dta || echo sav)
        want=$(ls ${db}_pkg/*.csv | xargs -n1 basename | sed "s/\.csv$/.$ext/" | tr '\n' ' ')
        [ "$(ls ${db}_$format | tr '\n' ' ')" = "$want" ] || fail "$format files: $(ls ${db}_$format | tr '\n' ' ')"
    done
done
no_staging "the exports"

# The records each package holds, counted: cases, legs, returns, harms.
counts() {
    python3 - "$1" <<'PY'
import json, sys
rs = [json.loads(l) for l in open(sys.argv[1] + "/records.jsonl")]
print(len(rs), sum(len(r.get("journey", [])) for r in rs), sum(len(r.get("returns", [])) for r in rs),
      sum(len(r.get("after_return", {}).get("harms", [])) for r in rs))
PY
}
# Each column as "table column type enum?" lines, from the package's descriptor.
fields() {
    python3 -c '
import json, sys
for r in json.load(open(sys.argv[1] + "/datapackage.json"))["resources"]:
    for f in r["schema"]["fields"]:
        print(r["name"], f["name"], f["type"], "coded" if "enum" in f.get("constraints", {}) else "free")' "$1"
}
fields a_pkg > a_fields.txt
fields b_pkg > b_fields.txt
cmp -s a_fields.txt b_fields.txt || fail "two databases give different package columns"

for db in a b; do
    Rscript --vanilla - "$db" "$(counts ${db}_pkg)" <<'R' >r_$db.out 2>&1 || fail "R (haven) on $db: $(cat r_$db.out)"
suppressMessages(library(haven))
db <- commandArgs(TRUE)[1]
counts <- as.integer(strsplit(commandArgs(TRUE)[2], " ")[[1]])
fields <- read.table(paste0(db, "_fields.txt"), col.names = c("table", "field", "type", "coded"), stringsAsFactors = FALSE)
for (format in c("stata", "spss")) {
  ext <- if (format == "stata") "dta" else "sav"
  read <- if (format == "stata") read_dta else read_sav
  tables <- list()
  for (t in unique(fields$table)) {
    x <- read(file.path(paste0(db, "_", format), paste0(t, ".", ext)))
    csv <- read.csv(file.path(paste0(db, "_pkg"), paste0(t, ".csv")), colClasses = "character", na.strings = "NA")
    f <- fields[fields$table == t, ]
    if (!identical(names(x), f$field)) stop(format, " ", t, ": columns ", paste(names(x), collapse = ","))
    if (nrow(x) != nrow(csv)) stop(format, " ", t, ": ", nrow(x), " rows, the package has ", nrow(csv))
    if (is.null(attr(x, "label")) || attr(x, "label") == "") stop(format, " ", t, ": no file label")
    for (i in seq_len(nrow(f))) {
      col <- x[[f$field[i]]]; want <- csv[[f$field[i]]]
      if (is.null(attr(col, "label"))) stop(format, " ", t, ".", f$field[i], ": no variable label")
      got <- if (f$coded[i] == "coded" || f$type[i] == "boolean") {
        if (!is.labelled(col)) stop(format, " ", t, ".", f$field[i], ": no value labels")
        as.character(as_factor(col, levels = "labels"))
      } else if (f$type[i] == "date") {
        if (!inherits(col, "Date")) stop(format, " ", t, ".", f$field[i], ": not a date but ", class(col)[1])
        format(col, "%Y-%m-%d")
      } else if (f$type[i] == "integer") {
        as.character(as.integer(col))
      } else {
        # SPSS pads every string with spaces: trailing spaces do not survive there.
        if (format == "spss") want <- sub(" +$", "", want)
        text <- as.character(zap_labels(col)); text[text == ""] <- NA_character_; text
      }
      got <- as.character(unname(got))
      if (!identical(got, want)) {
        bad <- which(is.na(got) != is.na(want) | (!is.na(got) & !is.na(want) & got != want))[1]
        stop(format, " ", t, ".", f$field[i], ": row ", bad, " is ", got[bad], ", the package has ", want[bad])
      }
    }
    tables[[t]] <- x
  }
  stopifnot(nrow(tables$cases) == counts[1], nrow(tables$legs) == counts[2],
            nrow(tables$returns) == counts[3], nrow(tables$harms) == counts[4])
  # Value labels: every outcome word, in the schema's order, killed first.
  labels <- attr(tables$cases$outcome, "labels")
  stopifnot(names(labels)[labels == 1] == "killed", "no_harm_known" %in% names(labels))
  stopifnot(attr(tables$cases$outcome, "label") != "", attr(tables$cases$consent_obtained, "labels")[["TRUE"]] == 1)
  # Foreign keys: case_id, and case_id plus a position.
  for (t in c("legs", "returns", "harms", "sources", "flags", "reasons", "leg_failures", "harm_sources"))
    stopifnot(all(tables[[t]]$case_id %in% tables$cases$case_id))
  stopifnot(all(paste(tables$leg_failures$case_id, tables$leg_failures$leg_no) %in% paste(tables$legs$case_id, tables$legs$leg_no)))
  stopifnot(all(paste(tables$harm_sources$case_id, tables$harm_sources$harm_no) %in% paste(tables$harms$case_id, tables$harms$harm_no)))
  stopifnot(all(paste(tables$harm_sources$case_id, tables$harm_sources$source_id) %in%
                paste(tables$sources$case_id, tables$sources$source_id)))
  stopifnot(sum(tables$cases$n_harms) == nrow(tables$harms))
  if (db == "a") stopifnot(nchar(tables$cases$narrative[tables$cases$case_id == "long"]) > 4000)
}
cat("R ok\n")
R
    grep -qx "R ok" r_$db.out || fail "R did not finish on $db: $(cat r_$db.out)"
done

"$PANDAS_PYTHON" - <<'PY' >p.out 2>&1 || fail "pandas (read_stata): $(cat p.out)"
import json
import pandas as pd
cols = {}
for db in ("a", "b"):
    d = json.load(open(db + "_pkg/datapackage.json"))
    for r in d["resources"]:
        csv = pd.read_csv(db + "_pkg/" + r["path"], dtype=str, keep_default_na=False, na_values=["NA"])
        path = db + "_stata/" + r["name"] + ".dta"
        df = pd.read_stata(path)
        names = [f["name"] for f in r["schema"]["fields"]]
        assert list(df.columns) == names, (path, list(df.columns))
        assert len(df) == len(csv), (path, len(df), len(csv))
        cols.setdefault(r["name"], list(df.columns))
        assert cols[r["name"]] == list(df.columns), r["name"]
        with pd.io.stata.StataReader(path) as reader:
            labels = reader.variable_labels()
            assert all(labels[n] for n in names), (path, labels)
            sets = reader.value_labels()
        for f in r["schema"]["fields"]:
            if "enum" in f.get("constraints", {}):
                assert f["name"] in sets and list(sets[f["name"]].values()) == f["constraints"]["enum"], (path, f["name"])
                got = df[f["name"]].astype(object).where(df[f["name"]].notna(), None)
                want = csv[f["name"]].where(csv[f["name"]].notna(), None)
                assert list(got) == list(want), (path, f["name"])
    cases = pd.read_stata(db + "_stata/cases.dta")
    assert "killed" in cases["outcome"].cat.categories
    legs = pd.read_stata(db + "_stata/legs.dta")
    assert legs["case_id"].isin(cases["case_id"]).all()
    harms = pd.read_stata(db + "_stata/harms.dta")
    assert str(harms["harm_date_first"].dtype).startswith("datetime64"), harms["harm_date_first"].dtype
print("pandas ok")
PY
grep -qx "pandas ok" p.out || fail "pandas did not finish: $(cat p.out)"

# Consent and redaction exactly as the package: the same cases left out, the
# same columns kept, the same left-out sentence.
python3 - "$EX" <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + "/sv-002.json")); d["id"] = "agg"; d["consent"] = {"obtained": True, "scope": "aggregate_only"}
e = json.load(open(sys.argv[1] + "/sv-003.json")); e["id"] = "refused"; e["consent"] = {"obtained": False}
open("more.jsonl", "w").write(json.dumps(d) + "\n" + json.dumps(e) + "\n")
PY
run import --db a.db more.jsonl
expect_code 0 "import an aggregate-only and a refused case"
run export --db a.db --format package shared_pkg --redact
expect_code 0 "a redacted package"
package_err=$ERR
expect_err_contains "export --redact: left out"
fields shared_pkg > shared_fields.txt
for format in stata spss; do
    run export --db a.db --format $format shared_$format --redact
    expect_code 0 "a redacted $format export"
    expect_err "${package_err//shared_pkg/shared_$format}" "redacted $format says what the package says"
done
Rscript --vanilla - <<'R' >r_shared.out 2>&1 || fail "R (haven) on the redacted exports: $(cat r_shared.out)"
suppressMessages(library(haven))
fields <- read.table("shared_fields.txt", col.names = c("table", "field", "type", "coded"), stringsAsFactors = FALSE)
for (t in unique(fields$table)) {
  csv <- read.csv(file.path("shared_pkg", paste0(t, ".csv")), colClasses = "character")
  for (x in list(read_dta(file.path("shared_stata", paste0(t, ".dta"))), read_sav(file.path("shared_spss", paste0(t, ".sav"))))) {
    stopifnot(identical(names(x), fields$field[fields$table == t]), nrow(x) == nrow(csv))
    if ("case_id" %in% names(x)) stopifnot(identical(sort(x$case_id), sort(csv$case_id)))
  }
}
cases <- read_dta("shared_stata/cases.dta")
stopifnot(!("agg" %in% cases$case_id), !("refused" %in% cases$case_id), !("pseudonym" %in% names(cases)),
          !("narrative" %in% names(cases)))
cat("R ok\n")
R
grep -qx "R ok" r_shared.out || fail "R did not finish on the redacted exports: $(cat r_shared.out)"
grep -q 'Tomás' shared_stata/* shared_spss/* && fail "a pseudonym is in a redacted export"
no_staging "the redacted exports"

# Never overwritten unasked; --force replaces an earlier export of the format and nothing else.
before=$(ls -l --time-style=full-iso a_stata)
run export --db b.db --format stata a_stata
expect_code 3 "an existing folder without --force"
expect_err "casebook: error: a_stata already exists: casebook never overwrites; choose another name, or add --force to replace an earlier export"
[ "$(ls -l --time-style=full-iso a_stata)" = "$before" ] || fail "the existing export changed"
run export --db b.db --format spss a_stata --force
expect_code 3 "--force on a folder of another format"
expect_err_contains "which is not part of an export of this format"
run export --db b.db --format stata a_stata --force
expect_code 0 "--force replaces an earlier Stata export"
Rscript --vanilla -e 'stopifnot(nrow(haven::read_dta("a_stata/cases.dta")) == 300)' >/dev/null 2>&1 || fail "--force did not replace the export"
no_staging "the replaced export"

# No helper: a copy of casebook in a folder without casebook-readstat.
mkdir lonely
cp "$CASEBOOK" lonely/casebook
CASEBOOK_REAL=$CASEBOOK
CASEBOOK=$WORK/lonely/casebook
run export --db b.db --format stata nohelper
expect_code 3 "export --format stata without the helper"
expect_err "casebook: error: export --format stata needs the helper program casebook-readstat, which is not installed with this casebook (looked for $WORK/lonely/casebook-readstat, $WORK/libexec/casebook/casebook-readstat); nothing written"
[ ! -e nohelper ] || fail "an export without the helper left a folder"
no_staging "an export without the helper"
run export --db b.db --format package nohelper
expect_code 0 "the package needs no helper"

# A helper that fails: nothing is left, and casebook says what it said.
printf '#!/bin/sh\ncat >/dev/null\necho "cases.sav: disk on fire" >&2\nexit 1\n' > lonely/casebook-readstat
chmod 755 lonely/casebook-readstat
run export --db b.db --format spss broken
expect_code 3 "a helper that fails"
expect_err "casebook: error: cannot write the SPSS files broken: cases.sav: disk on fire"
[ ! -e broken ] || fail "a failed export left a folder"
no_staging "a failed export"
printf '#!/bin/sh\nkill -9 $$\n' > lonely/casebook-readstat
run export --db b.db --format stata broken
expect_code 3 "a helper that dies without reading"
expect_err "casebook: error: cannot write the Stata files broken: it was ended by signal 9 (Killed)"
[ ! -e broken ] || fail "a killed helper left a folder"
no_staging "a killed helper"
CASEBOOK=$CASEBOOK_REAL

# Usage: a folder is needed, --out and --excel are for one-file formats.
run export --db a.db --format stata
expect_code 2 "stata without a folder"
expect_err "casebook: error: export --format stata writes a folder: name it (casebook export --format stata FOLDER)"
run export --db a.db --format spss x --out y.sav
expect_code 2 "spss with --out"
[ ! -e x ] && [ ! -e y.sav ] || fail "a usage error wrote something"

finish
