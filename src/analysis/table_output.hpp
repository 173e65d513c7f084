// A counted table as it is printed: a grid for table, csv, tsv and markdown,
// or one JSON object.
//
// JSON output (--format json) is one object:
//   {"title": "...", "unit": "cases", "n": 10, "cases": 10, "rows": "origin", "cols": "outcome",
//    "multi_valued": [], "row_values": [...], "col_values": [...],
//    "data": [{"origin": "SLV", "counts": {"killed": CELL, ...}, "total": CELL}, ...],
//    "totals": {"counts": {"killed": CELL, ...}, "total": CELL},
//    "controls": {"percent": "row"|null, "suppress": 5|null, "round": 5|null},
//    "notes": ["...", ...],
//    "cells": [{"row": "SLV", "col": "killed", "count": 1, "shown": "1", "suppressed": null, "percent": null}, ...]}
// "cells" is the long form (long_grid) as records, one per number, margins
// with a null row (column totals), a null col (row totals) or both, "count"
// null when hidden, "suppressed" "primary" or "complementary" when hidden:
// pandas.DataFrame(t["cells"]) or jsonlite's fromJSON(...)$cells load it as is.
// where CELL is {"count": 3} (plus "percent": 42.9 when asked for) or, for a
// suppressed number, {"count": null, "suppressed": true, "display": "<5"}
// ("display": "x" for secondary suppression). A one-way table has "cols": null
// and only "total" in each row. "n" (the units counted: cases, harms,
// returns or legs) is null when the grand total is suppressed; "cases" (the
// cases they belong to) as cases_shown() says.
// In csv and tsv a suppressed number is the text "<5" or "x"; shares are
// extra columns named "<column>_pct" right after their counts, empty when
// hidden. Country codes in csv/tsv/json, names in table and markdown.
#pragma once

#include <string>
#include <vector>

#include "analysis/crosstab.hpp"
#include "json/json.hpp"
#include "output/format.hpp"

namespace casebook::analysis {

// Whether a printed table has its totals row and column.
enum class Totals { shown, hidden };

// The table as a grid for table, csv, tsv or markdown output; notes are the
// counting notes, printed after the controls' footnotes.
output::Grid table_grid(const PublishedTable& table, const std::vector<std::string>& notes, output::Format format, Totals totals);

// The table as the JSON object described above.
Json table_json(const PublishedTable& table, const std::vector<std::string>& notes, Totals totals);

} // namespace casebook::analysis
