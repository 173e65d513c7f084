// `casebook table`: crosstabs of the cases in a database by the dimensions of
// dims.hpp, counted in one scan of the narrow case_dims table
// (never by loading documents), and their output in every format.
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
// JSON output (--format json) is one object:
//   {"title": "...", "unit": "cases", "n": 10, "cases": 10, "rows": "origin", "cols": "outcome",
//    "multi_valued": [], "row_values": [...], "col_values": [...],
//    "data": [{"origin": "SLV", "counts": {"killed": CELL, ...}, "total": CELL}, ...],
//    "totals": {"counts": {"killed": CELL, ...}, "total": CELL},
//    "controls": {"percent": "row"|null, "suppress": 5|null, "round": 5|null},
//    "notes": ["...", ...],
//    "cells": [{"row": "SLV", "col": "killed", "count": 1, "shown": "1", "suppressed": null, "percent": null}, ...]}
// "cells" is the long form (long_grid) as records, one per number, margins
// with a null row (column totals), a null col (row totals) or both, "count"
// null when hidden, "suppressed" "primary" or "complementary" when hidden:
// pandas.DataFrame(t["cells"]) or jsonlite's fromJSON(...)$cells load it as is.
// where CELL is {"count": 3} (plus "percent": 42.9 when asked for) or, for a
// suppressed number, {"count": null, "suppressed": true, "display": "<5"}
// ("display": "x" for secondary suppression). A one-way table has "cols": null
// and only "total" in each row. "n" (the units counted: cases, harms,
// returns or legs) is null when the grand total is suppressed; "cases" (the
// cases they belong to) as cases_shown() says.
// In csv and tsv a suppressed number is the text "<5" or "x"; shares are
// extra columns named "<column>_pct" right after their counts, empty when
// hidden. Country codes in csv/tsv/json, names in table and markdown.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/crosstab.hpp"
#include "output/format.hpp"
#include "json/json.hpp"
#include "record/where.hpp"

namespace casebook {

// A table every return-to-danger study publishes: `casebook table <name>`.
struct TablePreset {
    std::string_view name;
    std::string_view rows;
    std::string_view cols;
    std::string_view summary;
};

// The presets: outcomes, flags, harms, mechanisms, timeline.
const std::vector<TablePreset>& table_presets();

// The preset with this name, or nullptr.
const TablePreset* find_preset(std::string_view name);

// What to count.
struct TableSpec {
    std::string rows;                    // a dimension name
    std::string cols;                    // a dimension name, or empty for a one-way table
    std::vector<std::string> where_text; // the --where expressions as given (for the note)
    std::vector<Condition> where;
    Unit unit = Unit::cases;             // --count: what each count counts
};

// Checks the dimension names of a spec; throws Error(usage) with a did-you-mean.
void check_table_dimensions(const TableSpec& spec);

// Counts of cases, with the notes on what was counted.
struct CaseCounts {
    CrossTable table;
    std::vector<std::string> notes; // multi-valued, cases without a value, filters, drafts
};

// Counts the cases of the database at db_path. Throws Error(io) for database
// failures, Error(usage) for unknown dimensions.
CaseCounts count_cases(const std::string& db_path, const TableSpec& spec);

// A table of three dimensions (--by): one table of spec for each value of the
// case dimension `by` that a counted case has, each of the cases with that
// value (its CrossTable's slice_dim and slice_value say which). `by` is a
// dimension --where takes; a multi-valued one puts a case in several tables
// (a note says so); a case without a value of a single-valued one is in none.
// Throws Error(usage) for an unknown dimension or one the table is already by.
std::vector<CaseCounts> count_by(const std::string& db_path, const TableSpec& spec, const std::string& by);

// The same counts over records in memory (already canonical, not deleted):
// the reference the SQL path is tested against.
CaseCounts count_records(const std::vector<Json>& records, const TableSpec& spec);

// How a dimension is named in titles ("country of origin").
std::string dimension_label(std::string_view dim);

// The title: "Cases by country of origin and post-return outcome, N = 10", or
// of another unit "Harms after return by type and verification, N = 14 harms in 8 cases".
std::string table_title(const PublishedTable& table);

// How many cases the counted units belong to, as published: withheld (nullopt)
// when the grand total is hidden or, under --suppress N, when fewer than N; rounded as counts are.
std::optional<long long> cases_shown(const PublishedTable& table);

// Whether a printed table has its totals row and column.
enum class Totals { shown, hidden };

// The table as a grid for table, csv, tsv or markdown output; notes are the
// counting notes, printed after the controls' footnotes.
Grid table_grid(const PublishedTable& table, const std::vector<std::string>& notes, Format format, Totals totals);

// The numbers of a table in long form as JSON records ("cells" above).
Json table_cells_json(const PublishedTable& table);

// The table as the JSON object described above.
Json table_json(const PublishedTable& table, const std::vector<std::string>& notes, Totals totals);

// The table in long form (--format long, written as csv): one row per number,
// columns row, col, count, shown, suppressed, percent. Margins have an empty
// row (column totals), an empty col (row totals) or both (the grand total): no
// value of a dimension is empty, so a value named "total" never collides with
// them. count is the number (rounded when rounding applies), empty when hidden;
// shown is what the table prints ("12", "x", "<5"); suppressed is primary,
// complementary or empty; percent is the share, empty when none. A one-way
// table has an empty col throughout.
Grid long_grid(const PublishedTable& table);

// The slices of a --by table (count_by, published) as one long table: a
// first column named after the --by dimension holds each slice's value.
Grid long_grid_by(const std::vector<PublishedTable>& slices);

// Writes the titles and footnotes of csv, tsv or long output to path (--notes),
// mode 0600 like every file casebook writes, replacing what was there.
// Throws Error(io) saying why it could not.
void write_table_notes(const std::string& path, const std::string& text);

// The audit of a published table (--audit): one line per hidden number with
// the attacker's interval, the width the rule requires and whether it has it.
Grid audit_grid(const PublishedTable& table, Format format);

// The same as JSON: {"title": ..., "hidden": [{"row": ..., "col": ..., "display": "x",
// "lower": 1, "upper": 6 or null (unbounded), "required": 5, "protected": true}, ...]}.
Json audit_json(const PublishedTable& table);

} // namespace casebook
