// Aggregate tables: counts of cases by one or two dimensions with their totals,
// and the disclosure controls of published tables of small, sensitive
// populations (DESIGN.md, "Dimensions"): shares, suppression, rounding.
//
// Suppression (--suppress N): counts from 1 to N-1 (and zeros with
// --suppress-zeros), cells and totals alike, are primary; GLPK chooses the
// complementary numbers to hide so that an attacker's linear program over
// everything published cannot narrow any of them (suppression.hpp has the rule).
// The relations it knows are only the true ones: a line of a single-valued
// dimension adds up to its total; a cell of a multi-valued one is at most its
// total. Tables published together are protected together, their equal
// totals (same dimension, value and count) being one number.
// Rounding (--round N) rounds every shown count and total to the nearest
// multiple of N (halves up), after suppression; shares are computed from the
// shown (rounded) numbers, and are hidden when the count or its total is.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/suppression.hpp"
#include "analysis/units.hpp"

namespace casebook::analysis {

// What shares a table adds to its counts.
enum class Percent { none, row, col, total };

// Parses "row", "col", "total" or "none"; throws Error(usage) otherwise.
Percent parse_percent(std::string_view text);

// One side of a table: the dimension whose values label the rows or columns.
struct Axis {
    std::string dim;                 // "origin"; empty for the single column of a one-way table
    bool multi = false;              // multi-valued: a case counts under each of its values
    bool country = false;            // values are ISO 3166-1 alpha-3 codes
    std::vector<std::string> labels; // values, in display order
};

// Counts of cases (or harms, returns, legs: units.hpp) by row and column
// value. Totals are counts of the same units (for a multi-valued dimension
// they are not the sums of the counts).
struct CrossTable {
    Axis rows;
    Axis cols;                                  // one-way table: dim empty, one label "cases"
    std::vector<std::vector<long long>> counts; // counts[row][col]
    std::vector<long long> row_totals;          // cases with each row value
    std::vector<long long> col_totals;          // cases with each column value
    long long total = 0;                        // cases (or units) in the table
    Unit unit = Unit::cases;                    // what the counts count (units.hpp)
    long long cases = 0;                        // the cases the counted units belong to
    std::string slice_dim, slice_value;         // --by: the value of the third dimension this table is of

    // Which slice of a --by table this is ("" for a table without --by).
    std::string slice_key() const { return slice_dim.empty() ? std::string() : slice_dim + '\0' + slice_value; }

    // A table of zeros with these axes (a one-way table when cols.dim is empty and cols has no labels).
    static CrossTable zeros(Axis rows, Axis cols);
    // True for a one-way table (counts by the row dimension only).
    bool one_way() const { return cols.dim.empty(); }
    // Sets the totals to the sums of the counts (right when both dimensions are single-valued).
    void sum_totals();
};

// Drops the rows and columns whose total is zero (--nonzero).
CrossTable drop_empty(const CrossTable& table);

// Why a number is not shown.
enum class Hidden { no, primary, secondary };

// One published number: a count (rounded when rounding applies) or a hidden one, and its share.
struct Shown {
    long long count = 0;           // meaningful only when not hidden
    Hidden hidden = Hidden::no;
    std::optional<double> percent; // 0-100, when shares were asked for and can be shown
    Interval interval;             // the attacker's interval, when hidden
};

// The controls applied when publishing a table.
struct Controls {
    Percent percent = Percent::none;
    long long suppress = 0; // N of --suppress; 0 or 1: none
    long long round = 0;    // N of --round; 0 or 1: none
    bool suppress_zeros = false;           // --suppress-zeros: zeros are hidden too
    HiddenMark mark = HiddenMark::alike;   // --mark x (default) or below (<N)
};

// A table as published: the grid of counts with its margins, each possibly hidden.
struct PublishedTable {
    CrossTable source;                   // the counts it was made from (never printed)
    Controls controls;
    std::vector<std::vector<Shown>> grid; // (rows+1) x (cols+1): last row column totals, last column row totals
    std::vector<std::string> footnotes;  // one sentence per control applied

    // The published count of a cell, a row total, a column total, the grand total.
    const Shown& cell(std::size_t r, std::size_t c) const { return grid[r][c]; }
    const Shown& row_total(std::size_t r) const { return grid[r].back(); }
    const Shown& col_total(std::size_t c) const { return grid.back()[c]; }
    const Shown& total() const { return grid.back().back(); }
    // How many numbers were hidden, by reason.
    std::size_t hidden_count(Hidden why) const;
};

// Checks that the controls make sense together (--mark below needs --suppress 3
// or more: "<2" would show the count); throws Error(usage).
void check_controls(const Controls& controls, bool audit);

// Which entries of the table with margins (rows+1 x cols+1, as PublishedTable::grid)
// the controls hide, and why.
std::vector<std::vector<Hidden>> suppression_pattern(const CrossTable& table, const Controls& controls);

// Rounds to the nearest multiple of n (halves up); n <= 1 leaves the value as it is.
long long round_to(long long value, long long n);

// Applies the controls: suppression on the true counts, then rounding, then shares.
PublishedTable publish(const CrossTable& table, const Controls& controls);

// The same for tables published together: protected as one set.
std::vector<PublishedTable> publish_set(const std::vector<CrossTable>& tables, const Controls& controls);

// Throws Error(invalid) when the audit of a table found a hidden number the rule
// does not protect (possible only under --mark below, whose <N marks can give
// counts away by themselves), naming how many and what to do.
void refuse_unprotected(const std::vector<PublishedTable>& tables);

// How many linear programs the last publish or publish_set solved (for the benchmark).
std::size_t last_linear_programs();

// How a published number reads: "12", "x" (hidden), or "<5" for a primary
// one under --mark below.
std::string display_count(const Shown& shown, const Controls& controls);

// A share as printed: one decimal ("33.3").
std::string display_percent(double percent);

} // namespace casebook::analysis
