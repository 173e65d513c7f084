// A table in long form: one record per number, margins included, for csv
// (--format long) and for the "cells" of the JSON output (table_output.hpp).
#pragma once

#include <vector>

#include "analysis/crosstab.hpp"
#include "json/json.hpp"
#include "output/format.hpp"

namespace casebook::analysis {

// The table in long form (--format long, written as csv): one row per number,
// columns row, col, count, shown, suppressed, percent. Margins have an empty
// row (column totals), an empty col (row totals) or both (the grand total): no
// value of a dimension is empty, so a value named "total" never collides with
// them. count is the number (rounded when rounding applies), empty when hidden;
// shown is what the table prints ("12", "x", "<5"); suppressed is primary,
// complementary or empty; percent is the share, empty when none. A one-way
// table has an empty col throughout.
output::Grid long_grid(const PublishedTable& table);

// The slices of a --by table (count_by, published) as one long table: a
// first column named after the --by dimension holds each slice's value.
output::Grid long_grid_by(const std::vector<PublishedTable>& slices);

// The numbers of a table in long form as JSON records ("cells" of table_output.hpp).
Json table_cells_json(const PublishedTable& table);

} // namespace casebook::analysis
