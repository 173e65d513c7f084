// `casebook table`: crosstabs of the cases in a database by the dimensions of
// dims.hpp, counted in one scan of the narrow case_dims table
// (never by loading documents), or record by record where a table needs them.
//
// Counting rules:
// - deleted cases never count; --where conditions must all hold;
// - a case with no value of a single-valued dimension of the table is left
//   out (a note says how many); a case with none of the values of a
//   multi-valued one stays in the totals (a note says how many);
// - a multi-valued dimension counts a case once under each of its values, so
//   its cells need not add up to the totals (a note says so);
// - every value of a vocabulary appears (zeros too) in vocabulary order;
//   countries and free values in order of their total, largest first (then by
//   code); years in order, every year from the first to the last.
//
// Presets are in table_presets.hpp, titles and labels in table_labels.hpp,
// the printed table in table_output.hpp (long form: table_long.hpp; audit of
// suppression: table_audit.hpp; --notes: table_notes.hpp).
#pragma once

#include <string>
#include <vector>

#include "analysis/crosstab.hpp"
#include "analysis/units.hpp"
#include "json/json.hpp"
#include "record/where.hpp"
#include "store/open_settings.hpp"

namespace casebook::analysis {

// What to count.
struct TableSpec {
    std::string rows;                    // a dimension name
    std::string cols;                    // a dimension name, or empty for a one-way table
    std::vector<std::string> where_text; // the --where expressions as given (for the note)
    std::vector<record::Condition> where;
    Unit unit = Unit::cases;             // --count: what each count counts
};

// Checks the dimension names of a spec; throws Error(usage) with a did-you-mean.
void check_table_dimensions(const TableSpec& spec);

// Counts of cases, with the notes on what was counted.
struct CaseCounts {
    CrossTable table;
    std::vector<std::string> notes; // multi-valued, cases without a value, filters, drafts
};

// Counts the cases of the database db_file. Throws Error(io) for database
// failures, Error(usage) for unknown dimensions.
CaseCounts count_cases(const store::DatabaseFile& db_file, const TableSpec& spec);

// A table of three dimensions (--by): one table of spec for each value of the
// case dimension `by` that a counted case has, each of the cases with that
// value (its CrossTable's slice_dim and slice_value say which). `by` is a
// dimension --where takes; a multi-valued one puts a case in several tables
// (a note says so); a case without a value of a single-valued one is in none.
// Throws Error(usage) for an unknown dimension or one the table is already by.
std::vector<CaseCounts> count_by(const store::DatabaseFile& db_file, const TableSpec& spec, const std::string& by);

// The same counts over records in memory (already canonical, not deleted):
// the reference the SQL path is tested against.
CaseCounts count_records(const std::vector<Json>& records, const TableSpec& spec);

} // namespace casebook::analysis
