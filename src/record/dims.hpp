// The dimensions of cases (DESIGN.md, "Dimensions"): the one registry that
// `query --where`, `table --rows/--cols`, `dims` and the store's case_values
// all read. Adding a dimension is one row in src/dims.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "record/derive.hpp"
#include "json/json.hpp"

namespace casebook::record {

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

// A multi-valued dimension's values as one text (case_dims' columns): each
// value as its byte length, ':', then its bytes ("4:beat10:extortion").
// No value can break it, whatever it contains.
std::string encode_values(const std::vector<std::string>& values);

// Calls visit for every value of an encode_values text, in order; stops at
// the first malformed item (a damaged database), returning false.
template <class Visit>
bool decode_values(std::string_view text, Visit&& visit)
{
    while (!text.empty()) {
        std::size_t colon = text.find(':');
        if (colon == std::string_view::npos || colon == 0 || colon > 9) {
            return false;
        }
        std::size_t length = 0;
        for (std::size_t i = 0; i < colon; ++i) {
            if (text[i] < '0' || text[i] > '9') {
                return false;
            }
            length = length * 10 + static_cast<std::size_t>(text[i] - '0');
        }
        if (length > text.size() - colon - 1) {
            return false;
        }
        visit(text.substr(colon + 1, length));
        text.remove_prefix(colon + 1 + length);
    }
    return true;
}

// The values of the schema's vocabulary `name` (a definition with an enum), in schema order.
std::vector<std::string> vocabulary(std::string_view name);

// The age group of an age in years: 0-11, 12-17, 18-25, 26-40, 41+.
std::string age_group_of(long long age);

} // namespace casebook::record
