// The counts of a table before they are laid out: a Tally, and how it becomes
// a CrossTable in display order with the notes that say what was counted.
#pragma once

#include <map>
#include <string>
#include <utility>

#include "analysis/tables.hpp"
#include "analysis/units.hpp"
#include "record/consent.hpp"

namespace casebook::analysis {

// The counts before they are laid out as a table.
struct Tally {
    std::map<std::pair<std::string, std::string>, long long> cells;
    std::map<std::string, long long> row_totals, col_totals;
    long long total = 0;
    long long cases = 0;  // cases with at least one counted unit
    long long drafts = 0;
    long long rejected = 0; // counted because a --where condition on status asked for them
    long long rows_missing = 0; // cases without a row value (left out, or in totals only when multi-valued)
    long long cols_missing = 0;
};

// Whether a unit can have several values of a dimension: a case's own
// multi-valued ones, and under --count cases any sub-record dimension (a case
// has several harms); a sub-record counted by itself has one value at most.
bool multi_at(const TableDimension& d, Unit unit);

// The tally of spec as a table (values in the order tables.hpp gives) with
// its notes: the --where conditions, missing values, multi-valued sides,
// pairs of sub-records, drafts and rejected cases. cols is null for a one-way table.
CaseCounts assemble_counts(const TableSpec& spec, const TableDimension& rows, const TableDimension* cols,
                           const Tally& tally);

// The counts with a note on the cases consent or review left out (consent.hpp).
CaseCounts with_left_out(CaseCounts counts, const record::LeftOutCounts& left);

} // namespace casebook::analysis
