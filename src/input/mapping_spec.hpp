// A CSV mapping as compiled by CsvMapping::from_json (input/mapping.cpp) and
// applied to rows by read_mapped_csv (input/mapped_rows.cpp), and how both
// compare cells. Internal to the CSV mapping.
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "input/mapping.hpp"
#include "input/mapping_target.hpp"
#include "json/json.hpp"

namespace casebook::input {

// s without the spaces, tabs and line ends around it.
std::string_view trim(std::string_view s);

// How value maps, headers and rules compare cells: trimmed, ASCII case ignored.
std::string fold(std::string_view s);

// How withheld markers compare: case and every white space ignored ("(b)(7)(c )" = "(b)(7)(C)").
std::string fold_marker(std::string_view s);

// Throws Error(usage) naming the faulty part of a mapping ("mapping /columns/2: …").
[[noreturn]] void bad_mapping(const std::string& where, const std::string& what);

// What a column's cells are turned into when no other conversion applies.
enum class CellType { string, integer, number, boolean };

// One entry of "columns": which column fills which fields, and how.
struct ColumnSpec {
    std::string column;
    std::vector<Target> targets;
    bool has_values = false;
    std::unordered_map<std::string, Json> values; // folded cell -> field value (null: leave out)
    bool countries = false;
    std::vector<std::string> date_formats;
    CellType type = CellType::string;
    bool type_given = false;
    bool sensitive = false; // fills a field marked x-sensitive
};

// One entry of "rules": fields set or removed when a column has a given value.
struct RuleSpec {
    std::string column;
    std::set<std::string> equals; // folded
    std::vector<std::pair<Target, Json>> set;
    std::vector<Target> remove;
};

// How record ids are made ("id").
struct IdSpec {
    std::string column; // empty: row number
    std::string prefix;
    int digits = 0;
};

// The compiled mapping.
struct CsvMapping::Spec {
    char delimiter = ',';
    std::optional<std::size_t> skip_rows;
    std::set<std::string> withheld; // fold_marker form
    IdSpec id;
    std::vector<std::pair<Target, Json>> constants;
    std::vector<ColumnSpec> columns;
    std::vector<RuleSpec> rules;
};

} // namespace casebook::input
