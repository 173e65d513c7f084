// How a table and its values are named in print: the labels of dimensions,
// the title with its N, the labels of values and of the margins.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "analysis/crosstab.hpp"

namespace casebook::analysis {

// How a dimension is named in titles ("country of origin").
std::string dimension_label(std::string_view dim);

// The title: "Cases by country of origin and post-return outcome, N = 10", or
// of another unit "Harms after return by type and verification, N = 14 harms in 8 cases".
std::string table_title(const PublishedTable& table);

// How many cases the counted units belong to, as published: withheld (nullopt)
// when the grand total is hidden or, under --suppress N, when fewer than N; rounded as counts are.
std::optional<long long> cases_shown(const PublishedTable& table);

// The text with its first letter in upper case ("Country of origin").
std::string capitalised(std::string s);

// A value of an axis as printed: the value itself, or where names are shown
// (table and markdown) a country's name or a value's label in the language.
std::string value_label(const Axis& axis, const std::string& value, bool names);

// The label of an axis's margin (the totals row, or the totals column):
// "total" ("Total" where names are shown), bracketed as often as it takes
// not to read as one of the axis's own values.
std::string margin_label(const Axis& axis, bool names);

} // namespace casebook::analysis
