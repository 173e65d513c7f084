// Units of count (DESIGN.md, version 2): a table counts cases unless
// `--count harms|returns|legs` says otherwise, and each of its dimensions
// belongs to the case or to one of its sub-records: a harm after return
// (after_return.harms[]), a return (returns[]) or a journey leg (journey[]).
// Values of one sub-record are never paired with values of another sub-record
// of the same kind: `--rows harm --cols verification` counts a killing under
// the verification of that killing, not under every verification of the case.
//
// The dimensions of tables are those of dims.hpp, with these changes of level:
// harm and verification belong to a harm; mechanism, returned_from,
// returned_to and return_year to a return (every return, not only the first;
// first_mechanism, first_returned_from, first_returned_to and
// first_return_year are the first return's, as --where reads them); and the
// sub-record dimensions of part_dimensions() below, which only tables know.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "record/dims.hpp"
#include "json/json.hpp"

namespace casebook::analysis {

// What a table counts.
enum class Unit { cases, harms, returns, legs };

// Parses "cases", "harms", "returns" or "legs"; throws Error(usage) otherwise.
Unit parse_unit(std::string_view text);

// The plural noun of a unit ("harms"), as --count names it.
std::string_view unit_name(Unit unit);

// The noun for one and for several, as titles and notes use them ("harm", "harms").
std::string_view unit_noun(Unit unit, long long n);

// What a dimension's values belong to.
enum class Level { case_record, harm, return_event, leg };

// The level a unit counts (cases: the case record).
Level level_of(Unit unit);

// A value of one sub-record (a harm, a return, a leg), or none.
using PartExtractor = std::optional<std::string> (*)(const Json& part);

// A dimension as a table counts it.
struct TableDimension {
    std::string_view name;
    Level level = Level::case_record;
    record::ValueKind kind = record::ValueKind::vocabulary;
    std::vector<std::string> values;      // natural order of a vocabulary; else empty
    std::string_view meaning;             // one line for --help and the man page
    PartExtractor part = nullptr;         // level other than case_record: the value of one sub-record
    const record::Dimension* case_dim = nullptr;  // case_record: the registry dimension (first_*: mechanism, ...)
    // The case_dims column that holds the case's values of this dimension
    // (for a sub-record dimension: the union over its sub-records), so that a
    // table of cases needs no document; nullptr when none does.
    const record::Dimension* column = nullptr;
};

// The sub-record dimensions that only tables know, and the first_* ones.
const std::vector<TableDimension>& part_dimensions();

// The table dimension with this name (a registry one or one above), or nullopt.
std::optional<TableDimension> find_table_dimension(std::string_view name);

// Every table dimension's name: the registry's, then part_dimensions()'.
std::vector<std::string> table_dimension_names();

// The sub-records of a case at a level (its harms, returns or legs).
const std::vector<Json>& parts_of(const Json& record, Level level);

// A case's values of a dimension: the case's own (case_record) or the union,
// each value once in order, over its sub-records of the dimension's level.
std::vector<std::string> case_values_of(const TableDimension& dim, const Json& record, const record::Derived& derived);

// Throws Error(usage) when a table of `unit` cannot count `dim` honestly: a
// dimension of another kind of sub-record, which the record links to none
// of the counted ones (a harm is linked to no particular return or leg).
void check_unit(Unit unit, const TableDimension& dim, std::string_view option);

} // namespace casebook::analysis
