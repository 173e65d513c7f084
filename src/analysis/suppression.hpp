// Secondary suppression by optimisation, and the audit that proves it: the
// disclosure control of published tables (README, "Disclosure control").
//
// A table (or a set of tables published together) is a list of published
// numbers, each a variable with a true count, and linear relations that are
// true of them (a line of a single-valued dimension adds up to its total; a
// cell of a multi-valued one is at most its total). An attacker sees every
// number that is shown, knows the relations and the bounds the display
// reveals, and solves a linear program for the least and the greatest value of
// each hidden number: its interval.
//
// The rule (protection level):
// - a primary cell (a count from 1 to N-1, or a zero with --suppress-zeros)
//   shown as x: its interval is at least N wide;
// - a primary cell shown as <N: its interval is the whole of what the display
//   already says (1..N-1, or 0..N-1 with --suppress-zeros): nothing more is learnt;
// - a complementary cell (hidden only to protect others): its interval is never
//   a single value.
// Complementary cells are chosen by GLPK: for each primary cell that is not yet
// protected, a linear program finds the cheapest way to move its value up (and
// down) by the protection level through cells an attacker cannot see; every cell
// that move goes through is hidden. Cost: each newly hidden cell costs 1 plus
// its count over (grand total + 1), so fewer cells win, then smaller counts; a
// total costs 4 (hidden only when that saves more than three cells). Hiding
// more only widens intervals, so each cell protected stays protected; the
// audit at the end is what footnotes report.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace casebook::analysis {

// How hidden numbers read: all alike (x), or small ones as <N and complementary ones as x.
enum class HiddenMark { alike, below_n };

// One published number as the solver sees it.
struct Variable {
    long long count = 0;   // the true count
    bool is_total = false; // a margin: dearer to hide
};

// A linear relation an attacker knows: sum of coef * variable, == 0 or <= 0.
struct Relation {
    enum class Kind { equal, at_most } kind = Kind::equal;
    std::vector<std::pair<std::size_t, double>> terms;
};

// What the solver is asked to protect.
struct ProtectionProblem {
    std::vector<Variable> variables;
    std::vector<Relation> relations;
    long long threshold = 0;      // N of --suppress
    bool suppress_zeros = false;  // zeros are primary too
    HiddenMark mark = HiddenMark::alike;
};

// Why a number is hidden, as the solver decided.
enum class Protection { shown, primary, complementary };

// The attacker's interval of a hidden number; upper empty: unbounded.
struct Interval {
    double lower = 0;
    std::optional<double> upper;
    // The width the rule requires of this number, and whether it has it.
    double required = 0;
    bool protected_ = false;
};

// The decision and its audit, per variable.
struct ProtectionResult {
    std::vector<Protection> status;
    std::vector<Interval> intervals; // meaningful for hidden variables
    std::size_t linear_programs = 0; // how many GLPK solved (for the benchmark)
};

// Chooses primary and complementary numbers to hide and audits every hidden one.
// Throws Error(io) if GLPK fails.
ProtectionResult protect(const ProtectionProblem& problem);

// The attacker's intervals of the hidden numbers of a given pattern (the audit alone).
std::vector<Interval> attacker_intervals(const ProtectionProblem& problem, const std::vector<Protection>& status,
                                         std::size_t* linear_programs = nullptr);

} // namespace casebook::analysis
