#include "analysis/crosstab.hpp"

#include <limits>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "util/error.hpp"
#include "analysis/suppression.hpp"
#include "util/i18n.hpp"

namespace casebook::analysis {

Percent parse_percent(std::string_view text)
{
    if (text == "none") {
        return Percent::none;
    }
    if (text == "row") {
        return Percent::row;
    }
    if (text == "col" || text == "column") {
        return Percent::col;
    }
    if (text == "total") {
        return Percent::total;
    }
    throw Error(Exit::usage, say("--percent \"{}\": expected row, col, total or none", text));
}

CrossTable CrossTable::zeros(Axis rows, Axis cols)
{
    CrossTable t;
    if (cols.dim.empty() && cols.labels.empty()) {
        cols.labels = {"cases"};
    }
    t.rows = std::move(rows);
    t.cols = std::move(cols);
    t.counts.assign(t.rows.labels.size(), std::vector<long long>(t.cols.labels.size(), 0));
    t.row_totals.assign(t.rows.labels.size(), 0);
    t.col_totals.assign(t.cols.labels.size(), 0);
    return t;
}

void CrossTable::sum_totals()
{
    row_totals.assign(counts.size(), 0);
    col_totals.assign(cols.labels.size(), 0);
    total = 0;
    for (std::size_t r = 0; r < counts.size(); ++r) {
        for (std::size_t c = 0; c < counts[r].size(); ++c) {
            row_totals[r] += counts[r][c];
            col_totals[c] += counts[r][c];
            total += counts[r][c];
        }
    }
}

CrossTable drop_empty(const CrossTable& table)
{
    std::vector<std::size_t> keep_rows, keep_cols;
    for (std::size_t r = 0; r < table.rows.labels.size(); ++r) {
        if (table.row_totals[r] != 0) {
            keep_rows.push_back(r);
        }
    }
    for (std::size_t c = 0; c < table.cols.labels.size(); ++c) {
        // The single column of a one-way table always stays.
        if (table.col_totals[c] != 0 || table.one_way()) {
            keep_cols.push_back(c);
        }
    }
    CrossTable out;
    out.rows = table.rows;
    out.cols = table.cols;
    out.rows.labels.clear();
    out.cols.labels.clear();
    for (std::size_t r : keep_rows) {
        out.rows.labels.push_back(table.rows.labels[r]);
        out.row_totals.push_back(table.row_totals[r]);
        std::vector<long long> line;
        for (std::size_t c : keep_cols) {
            line.push_back(table.counts[r][c]);
        }
        out.counts.push_back(std::move(line));
    }
    for (std::size_t c : keep_cols) {
        out.cols.labels.push_back(table.cols.labels[c]);
        out.col_totals.push_back(table.col_totals[c]);
    }
    out.total = table.total;
    out.unit = table.unit;
    out.cases = table.cases;
    out.slice_dim = table.slice_dim;
    out.slice_value = table.slice_value;
    return out;
}

std::size_t PublishedTable::hidden_count(Hidden why) const
{
    std::size_t n = 0;
    for (const auto& line : grid) {
        for (const Shown& s : line) {
            n += s.hidden == why ? 1 : 0;
        }
    }
    return n;
}

namespace {

// The table with its margins as one grid of values: (R+1) x (C+1).
std::vector<std::vector<long long>> with_margins(const CrossTable& t)
{
    const std::size_t rows = t.rows.labels.size(), cols = t.cols.labels.size();
    std::vector<std::vector<long long>> v(rows + 1, std::vector<long long>(cols + 1, 0));
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < cols; ++c) {
            v[r][c] = t.counts[r][c];
        }
        v[r][cols] = t.row_totals[r];
    }
    for (std::size_t c = 0; c < cols; ++c) {
        v[rows][c] = t.col_totals[c];
    }
    v[rows][cols] = t.total;
    return v;
}

// Adds one table's numbers and relations to a protection problem, and returns
// the variable of each entry of its grid with margins. Totals equal to one
// already in the problem (same dimension, value and count) are that number.
// Slices of a --by table are different cases: their totals are never shared.
struct SharedTotals {
    std::map<std::tuple<std::string, std::string, std::string, long long>, std::size_t> totals;
    std::map<std::pair<std::string, long long>, std::size_t> grand;
};

std::vector<std::vector<std::size_t>> add_table(ProtectionProblem& problem, const CrossTable& t, SharedTotals& shared)
{
    const std::size_t rows = t.rows.labels.size(), cols = t.cols.labels.size();
    const auto values = with_margins(t);
    auto fresh = [&](long long count, bool total) {
        problem.variables.push_back({count, total});
        return problem.variables.size() - 1;
    };
    auto total_of = [&](const std::string& dim, const std::string& value, long long count) {
        auto [it, inserted] = shared.totals.try_emplace({t.slice_key(), dim, value, count}, 0);
        if (inserted) {
            it->second = fresh(count, true);
        }
        return it->second;
    };
    std::vector<std::vector<std::size_t>> var(rows + 1, std::vector<std::size_t>(cols + 1));
    {
        auto [it, inserted] = shared.grand.try_emplace({t.slice_key(), t.total}, 0);
        if (inserted) {
            it->second = fresh(t.total, true);
        }
        var[rows][cols] = it->second;
    }
    for (std::size_t r = 0; r < rows; ++r) {
        var[r][cols] = total_of(t.rows.dim, t.rows.labels[r], t.row_totals[r]);
    }
    for (std::size_t c = 0; c < cols; ++c) {
        // A one-way table's single column is its grand total.
        var[rows][c] = t.one_way() ? var[rows][cols] : total_of(t.cols.dim, t.cols.labels[c], t.col_totals[c]);
    }
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < cols; ++c) {
            var[r][c] = t.one_way() ? var[r][cols] : fresh(values[r][c], false);
        }
    }
    // A line adds up to its total when each case in it has exactly one value
    // of the crossing dimension; otherwise each entry is at most the total.
    auto line = [&](std::vector<std::size_t> parts, std::size_t total, bool adds_up) {
        if (adds_up) {
            Relation rel{Relation::Kind::equal, {}};
            for (std::size_t v : parts) {
                rel.terms.emplace_back(v, 1.0);
            }
            rel.terms.emplace_back(total, -1.0);
            problem.relations.push_back(std::move(rel));
            return;
        }
        for (std::size_t v : parts) {
            problem.relations.push_back({Relation::Kind::at_most, {{v, 1.0}, {total, -1.0}}});
        }
    };
    if (!t.one_way()) {
        for (std::size_t r = 0; r <= rows; ++r) {
            std::vector<std::size_t> parts;
            for (std::size_t c = 0; c < cols; ++c) {
                parts.push_back(var[r][c]);
            }
            line(parts, var[r][cols], !t.cols.multi);
        }
    }
    for (std::size_t c = 0; c <= (t.one_way() ? 0 : cols); ++c) {
        std::vector<std::size_t> parts;
        for (std::size_t r = 0; r < rows; ++r) {
            parts.push_back(var[r][c]);
        }
        line(parts, var[rows][c], !t.rows.multi);
    }
    return var;
}

std::size_t linear_programs_solved = 0;

ProtectionProblem problem_for(const Controls& controls)
{
    ProtectionProblem problem;
    problem.threshold = controls.suppress;
    problem.suppress_zeros = controls.suppress_zeros;
    problem.mark = controls.mark;
    return problem;
}

Hidden hidden_of(Protection p)
{
    return p == Protection::primary ? Hidden::primary : p == Protection::complementary ? Hidden::secondary : Hidden::no;
}

} // namespace

void check_controls(const Controls& controls, bool audit)
{
    if (controls.suppress <= 1) {
        if (controls.suppress_zeros || controls.mark != HiddenMark::alike || audit) {
            throw Error(Exit::usage, say("{} needs --suppress N (N of 2 or more)",
                                                 audit ? "--audit" : controls.suppress_zeros ? "--suppress-zeros" : "--mark below"));
        }
        return;
    }
    if (controls.mark == HiddenMark::below_n && controls.suppress < 3) {
        throw Error(Exit::usage, say("--mark below with --suppress {0}: \"<{0}\" would show the count itself; "
                                             "use --suppress 3 or more, or leave out --mark below",
                                             controls.suppress));
    }
}

std::vector<std::vector<Hidden>> suppression_pattern(const CrossTable& table, const Controls& controls)
{
    const std::size_t rows = table.rows.labels.size(), cols = table.cols.labels.size();
    std::vector<std::vector<Hidden>> hidden(rows + 1, std::vector<Hidden>(cols + 1, Hidden::no));
    if (controls.suppress <= 1) {
        return hidden;
    }
    ProtectionProblem problem = problem_for(controls);
    SharedTotals shared;
    auto var = add_table(problem, table, shared);
    ProtectionResult result = protect(problem);
    linear_programs_solved = result.linear_programs;
    for (std::size_t r = 0; r <= rows; ++r) {
        for (std::size_t c = 0; c <= cols; ++c) {
            hidden[r][c] = hidden_of(result.status[var[r][c]]);
        }
    }
    return hidden;
}

std::size_t last_linear_programs() { return linear_programs_solved; }

long long round_to(long long value, long long n)
{
    if (n <= 1) {
        return value;
    }
    long long down = value / n * n;
    return value - down >= n - (value - down) ? down + n : down;
}

namespace {

std::optional<double> share(const Shown& part, const Shown& whole)
{
    if (part.hidden != Hidden::no || whole.hidden != Hidden::no || whole.count == 0) {
        return std::nullopt;
    }
    return 100.0 * static_cast<double>(part.count) / static_cast<double>(whole.count);
}

} // namespace

namespace {

// The footnotes of suppression: what the audit proved, no more.
void suppression_notes(PublishedTable& out, std::size_t tables_in_set, std::size_t unprotected_in_set)
{
    const Controls& c = out.controls;
    const long long n = c.suppress;
    const std::size_t k = out.hidden_count(Hidden::secondary);
    auto counted = [](const char* message, std::size_t count) { return fmt::format(fmt::runtime(message), count); };
    const std::string small = c.suppress_zeros ? say("Counts from 0 to {}", n - 1) : say("Counts from 1 to {}", n - 1);
    const std::string others = k == 0 ? std::string()
                                      : counted(tr_plural(", and so is {} other number chosen by a linear program",
                                                          ", and so are {} other numbers chosen by a linear program", k),
                                                k);
    if (c.mark == HiddenMark::alike) {
        out.footnotes.push_back(say("{} are hidden as x{}. An attacker's linear program over every number "
                                    "shown, the totals and what x means ({}) leaves each hidden count below "
                                    "{} a range at least {} wide, and no hidden number a single value "
                                    "(--audit prints each range).",
                                    small, others, c.suppress_zeros ? tr("0 or more") : tr("1 or more"), n, n));
    } else {
        const std::string lows = c.suppress_zeros ? "0" : "1";
        out.footnotes.push_back(say(
            "{} are shown as <{}{}. An attacker's linear program over every number shown, the totals and what <{} "
            "and x mean ({} to {}, and {} or more) leaves each <{} the whole range {} to {}, and no x a single value "
            "(--audit prints each range).",
            small, n,
            k == 0 ? std::string()
                   : counted(tr_plural("; {} other number, chosen by a linear program, is hidden as x",
                                       "; {} other numbers, chosen by a linear program, are hidden as x", k),
                             k),
            n, lows, n - 1, n, n, lows, n - 1));
    }
    if (tables_in_set > 1) {
        out.footnotes.push_back(say("The {} tables published together were protected as one set: a total "
                                    "they share is one number, hidden in all or in none.",
                                    tables_in_set));
    }
    if (unprotected_in_set > 0) {
        out.footnotes.push_back(counted(tr_plural("Warning: the audit found {} hidden number with a narrower range "
                                                  "than the rule asks (--audit lists them).",
                                                  "Warning: the audit found {} hidden numbers with a narrower range "
                                                  "than the rule asks (--audit lists them).",
                                                  unprotected_in_set),
                                        unprotected_in_set));
    }
}

void other_notes(PublishedTable& out)
{
    const Controls& controls = out.controls;
    if (controls.round > 1) {
        out.footnotes.push_back(say("Counts and totals are rounded to the nearest {}{}; totals are rounded "
                                    "separately and may differ from the sum of their rounded counts.",
                                    controls.round, controls.suppress > 1 ? tr(" after suppression") : ""));
    }
    switch (controls.percent) {
    case Percent::row:
        out.footnotes.push_back(tr("Percentages are shares of the row total."));
        break;
    case Percent::col:
        out.footnotes.push_back(tr("Percentages are shares of the column total."));
        break;
    case Percent::total:
        out.footnotes.push_back(tr("Percentages are shares of the grand total."));
        break;
    case Percent::none:
        break;
    }
    if (controls.percent != Percent::none && (controls.suppress > 1 || controls.round > 1)) {
        out.footnotes.push_back(tr("Percentages are computed from the published counts and left out where a count or "
                                   "its total is suppressed."));
    }
}

} // namespace

std::vector<PublishedTable> publish_set(const std::vector<CrossTable>& tables, const Controls& controls)
{
    ProtectionProblem problem = problem_for(controls);
    SharedTotals shared;
    std::vector<std::vector<std::vector<std::size_t>>> vars;
    for (const CrossTable& t : tables) {
        vars.push_back(add_table(problem, t, shared));
    }
    ProtectionResult result = protect(problem);
    linear_programs_solved = result.linear_programs;
    std::size_t unprotected = 0;
    for (std::size_t i = 0; i < result.status.size(); ++i) {
        unprotected += result.status[i] != Protection::shown && !result.intervals[i].protected_ ? 1 : 0;
    }

    std::vector<PublishedTable> published;
    for (std::size_t k = 0; k < tables.size(); ++k) {
        const CrossTable& table = tables[k];
        PublishedTable& out = published.emplace_back();
        out.source = table;
        out.controls = controls;
        const auto values = with_margins(table);
        const std::size_t rows = table.rows.labels.size(), cols = table.cols.labels.size();
        out.grid.assign(rows + 1, std::vector<Shown>(cols + 1));
        for (std::size_t r = 0; r <= rows; ++r) {
            for (std::size_t c = 0; c <= cols; ++c) {
                Shown& s = out.grid[r][c];
                std::size_t v = vars[k][r][c];
                s.hidden = hidden_of(result.status[v]);
                s.interval = result.intervals[v];
                s.count = s.hidden == Hidden::no ? round_to(values[r][c], controls.round) : 0;
            }
        }
        if (controls.percent != Percent::none) {
            for (std::size_t r = 0; r <= rows; ++r) {
                for (std::size_t c = 0; c <= cols; ++c) {
                    const Shown& whole = controls.percent == Percent::row   ? out.grid[r][cols]
                                         : controls.percent == Percent::col ? out.grid[rows][c]
                                                                            : out.grid[rows][cols];
                    out.grid[r][c].percent = share(out.grid[r][c], whole);
                }
            }
        }
        if (controls.suppress > 1) {
            suppression_notes(out, tables.size(), unprotected);
        }
        other_notes(out);
    }
    return published;
}

void refuse_unprotected(const std::vector<PublishedTable>& tables)
{
    std::size_t k = 0;
    for (const PublishedTable& t : tables) {
        for (const auto& line : t.grid) {
            for (const Shown& s : line) {
                k += s.hidden != Hidden::no && !s.interval.protected_ ? 1 : 0;
            }
        }
    }
    if (k > 0) {
        throw Error(Exit::invalid,
                    say("{} hidden {} cannot be protected as the rule asks, whatever else is hidden: "
                                "the table is not printed. --audit shows which; under --mark below the <N marks can "
                                "give counts away by themselves (a line whose total is itself below N): leave out "
                                "--mark below",
                                k, k == 1 ? "number" : "numbers"));
    }
}

PublishedTable publish(const CrossTable& table, const Controls& controls)
{
    return std::move(publish_set({table}, controls).front());
}

std::string display_count(const Shown& shown, const Controls& controls)
{
    switch (shown.hidden) {
    case Hidden::primary:
        return controls.mark == HiddenMark::below_n ? fmt::format("<{}", controls.suppress) : "x";
    case Hidden::secondary:
        return "x";
    case Hidden::no:
        break;
    }
    return std::to_string(shown.count);
}

std::string display_percent(double percent)
{
    return fmt::format("{:.1f}", percent);
}

} // namespace casebook::analysis
