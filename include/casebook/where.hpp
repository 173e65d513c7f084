// --where filters (DESIGN.md, "Dimensions"): DIM=V, DIM!=V, DIM=V1,V2 (any
// of), and for year dimensions DIM>=N, DIM<=N. Conditions are checked against
// the dimension registry (dims.hpp) when parsed and compile to SQL in which
// every value is a bound parameter; the SQL text holds only registry names.
//
// Semantics: DIM=V1,V2 holds when the case has any of the values (for a
// multi-valued dimension: among its values); DIM!=V1,V2 when it has none of
// them (so a case with no value matches); DIM>=N and DIM<=N need a year.
// Several conditions must all hold.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "casebook/derive.hpp"
#include "casebook/dims.hpp"
#include "casebook/json.hpp"

namespace casebook {

// How a condition compares.
enum class WhereOp { any_of, none_of, at_least, at_most };

// One parsed --where condition, its values checked and normalised (country
// names and lower-case codes become codes).
struct Condition {
    const Dimension* dim = nullptr;
    WhereOp op = WhereOp::any_of;
    std::vector<std::string> values;
};

// Parses one --where expression; throws Error(usage) naming the valid
// dimensions or values, closest first, for anything unknown.
Condition parse_where(std::string_view expr);

// Parses every expression of a repeated --where.
std::vector<Condition> parse_where(const std::vector<std::string>& exprs);

// A value bound to a "?" of SQL text.
using SqlValue = std::variant<long long, std::string>;

// A piece of SQL with its parameters in order.
struct SqlFilter {
    std::string sql = "1"; // a boolean expression over the cases table
    std::vector<SqlValue> params;
};

// Compiles conditions to a boolean SQL expression over `cases` aliased as
// `alias` (single-valued dimensions are its columns; multi-valued ones are
// looked up in case_values). No condition gives "1".
SqlFilter compile_where(const std::vector<Condition>& conditions, std::string_view alias = "c");

// Whether a case record holds all conditions, computed from the record itself
// (the dimension extractors), not from the database.
bool matches(const std::vector<Condition>& conditions, const Json& record, const Derived& derived);

} // namespace casebook
