// The dimensions of cases (DESIGN.md, "Dimensions"): the one registry that
// `query --where`, `table --rows/--cols`, `dims` and the store's case_values
// all read. Adding a dimension is one row in src/dims.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "casebook/derive.hpp"
#include "casebook/json.hpp"

namespace casebook {

// Whether a case has at most one value of a dimension, or any number (starred in DESIGN.md).
enum class Arity { single, multi };

// What kind of values a dimension takes.
enum class ValueKind {
    vocabulary, // a fixed list, in natural order (Dimension::values)
    country,    // ISO 3166-1 alpha-3 codes: no fixed list
    year,       // four-digit years: no fixed list
    free,       // free text (project, tag): no fixed list
};

// A case's values of one dimension, computed from its record and derivation.
// Single-valued dimensions give zero or one value; no value means "no value"
// (tables count it as such); multi-valued ones give each value at most once.
using Extractor = std::vector<std::string> (*)(const Json& record, const Derived& derived);

// One dimension: what `casebook dims` lists.
struct Dimension {
    std::string_view name;
    Arity arity;
    ValueKind kind;
    std::string_view meaning;        // one line for `casebook dims` and --help
    std::vector<std::string> values; // natural order when kind is vocabulary; else empty
    Extractor extract;
};

// Every dimension, in the order of DESIGN.md.
const std::vector<Dimension>& dimensions();

// The dimension with this name, or nullptr.
const Dimension* find_dimension(std::string_view name);

// A case's values of every dimension, as (dimension, value) pairs in registry order.
std::vector<std::pair<std::string, std::string>> dimension_values(const Json& record, const Derived& derived);

// The age group of an age in years: 0-11, 12-17, 18-25, 26-40, 41+.
std::string age_group_of(long long age);

} // namespace casebook
