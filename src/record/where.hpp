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

#include "record/derive.hpp"
#include "record/dims.hpp"
#include "json/json.hpp"

struct sqlite3; // <sqlite3.h>

namespace casebook::record {

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

// Compiles conditions to a boolean SQL expression over `case_dims` aliased as
// `alias`: single-valued dimensions are its columns; a multi-valued one is
// casebook_has(<its column>, ?), true when the case has any of the values
// (bound as one encode_values text; a function that register_where_functions
// adds to a connection). Conditions are joined by AND as a balanced tree.
// No condition gives "1"; more than 30000 values in all is Error(usage).
SqlFilter compile_where(const std::vector<Condition>& conditions, std::string_view alias = "c");

// Adds casebook_has(encoded, wanted) to a connection: whether the
// length-prefixed values of a case_dims column (encode_values) include any
// of the values of wanted (encoded the same way). Deterministic, with no side effect.
void register_where_functions(sqlite3* db);

// Whether a case record holds all conditions, computed from the record itself
// (the dimension extractors), not from the database.
bool matches(const std::vector<Condition>& conditions, const Json& record, const Derived& derived);

} // namespace casebook::record
