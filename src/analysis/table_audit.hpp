// The audit of a published table (--audit): for each hidden number, the
// interval an attacker can infer from what is shown (suppression.hpp), and
// whether it is as wide as the rule requires.
#pragma once

#include "analysis/crosstab.hpp"
#include "json/json.hpp"
#include "output/format.hpp"

namespace casebook::analysis {

// The audit of a published table (--audit): one line per hidden number with
// the attacker's interval, the width the rule requires and whether it has it.
output::Grid audit_grid(const PublishedTable& table, output::Format format);

// The same as JSON: {"title": ..., "hidden": [{"row": ..., "col": ..., "display": "x",
// "lower": 1, "upper": 6 or null (unbounded), "required": 5, "protected": true}, ...]}.
Json audit_json(const PublishedTable& table);

} // namespace casebook::analysis
