#include "casebook/crosstab.hpp"

#include <limits>

#include <fmt/format.h>

#include "casebook/error.hpp"

namespace casebook {

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
    throw Error(Exit::usage, fmt::format("--percent \"{}\": expected row, col, total or none", text));
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

struct Entry {
    std::size_t r, c;
};

// The entries of line `index` of the grid: rows first (0..R), then columns
// (R+1..R+C+1). The line's total is the last entry.
std::vector<Entry> line_entries(std::size_t index, std::size_t rows, std::size_t cols)
{
    std::vector<Entry> out;
    if (index <= rows) {
        for (std::size_t c = 0; c <= cols; ++c) {
            out.push_back({index, c});
        }
    } else {
        std::size_t c = index - rows - 1;
        for (std::size_t r = 0; r <= rows; ++r) {
            out.push_back({r, c});
        }
    }
    return out;
}

} // namespace

std::vector<std::vector<Hidden>> suppression_pattern(const CrossTable& table, long long n)
{
    const auto values = with_margins(table);
    const std::size_t rows = table.rows.labels.size(), cols = table.cols.labels.size();
    std::vector<std::vector<Hidden>> hidden(rows + 1, std::vector<Hidden>(cols + 1, Hidden::no));
    if (n <= 1) {
        return hidden;
    }
    for (std::size_t r = 0; r <= rows; ++r) {
        for (std::size_t c = 0; c <= cols; ++c) {
            if (values[r][c] > 0 && values[r][c] < n) {
                hidden[r][c] = Hidden::primary;
            }
        }
    }
    const std::size_t lines = rows + 1 + cols + 1;
    auto hidden_in = [&](std::size_t line) {
        std::size_t k = 0;
        for (const Entry& e : line_entries(line, rows, cols)) {
            k += hidden[e.r][e.c] != Hidden::no ? 1 : 0;
        }
        return k;
    };
    bool changed = true;
    while (changed) {
        changed = false;
        for (std::size_t line = 0; line < lines; ++line) {
            if (hidden_in(line) != 1) {
                continue;
            }
            const auto entries = line_entries(line, rows, cols);
            // The smallest non-zero shown cell (not the line's total), preferring
            // one whose crossing line also has exactly one hidden entry.
            std::optional<std::size_t> best;
            long long best_value = std::numeric_limits<long long>::max();
            bool best_helps = false;
            for (std::size_t i = 0; i + 1 < entries.size(); ++i) {
                const Entry& e = entries[i];
                long long v = values[e.r][e.c];
                if (hidden[e.r][e.c] != Hidden::no || v == 0) {
                    continue;
                }
                std::size_t crossing = line <= rows ? rows + 1 + e.c : e.r;
                bool helps = hidden_in(crossing) == 1;
                if (v < best_value || (v == best_value && helps && !best_helps)) {
                    best = i;
                    best_value = v;
                    best_helps = helps;
                }
            }
            if (!best) {
                const Entry& last = entries.back();
                if (hidden[last.r][last.c] == Hidden::no && values[last.r][last.c] != 0) {
                    best = entries.size() - 1;
                }
            }
            if (best) {
                const Entry& e = entries[*best];
                hidden[e.r][e.c] = Hidden::secondary;
                changed = true;
            }
        }
    }
    return hidden;
}

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

PublishedTable publish(const CrossTable& table, const Controls& controls)
{
    PublishedTable out;
    out.source = table;
    out.controls = controls;
    const auto values = with_margins(table);
    const auto pattern = suppression_pattern(table, controls.suppress);
    const std::size_t rows = table.rows.labels.size(), cols = table.cols.labels.size();
    out.grid.assign(rows + 1, std::vector<Shown>(cols + 1));
    for (std::size_t r = 0; r <= rows; ++r) {
        for (std::size_t c = 0; c <= cols; ++c) {
            Shown& s = out.grid[r][c];
            s.hidden = pattern[r][c];
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
        out.footnotes.push_back(fmt::format("Counts from 1 to {} are shown as <{} (suppressed).", controls.suppress - 1,
                                            controls.suppress));
        if (std::size_t k = out.hidden_count(Hidden::secondary); k > 0) {
            out.footnotes.push_back(fmt::format(
                "{} further {} shown as x so that no suppressed count can be worked out from the totals.", k,
                k == 1 ? "number is" : "numbers are"));
        }
    }
    if (controls.round > 1) {
        out.footnotes.push_back(fmt::format("Counts and totals are rounded to the nearest {}; totals are rounded "
                                            "separately and may differ from the sum of their rounded counts.",
                                            controls.round));
    }
    switch (controls.percent) {
    case Percent::row:
        out.footnotes.push_back("Percentages are shares of the row total.");
        break;
    case Percent::col:
        out.footnotes.push_back("Percentages are shares of the column total.");
        break;
    case Percent::total:
        out.footnotes.push_back("Percentages are shares of the grand total.");
        break;
    case Percent::none:
        break;
    }
    if (controls.percent != Percent::none && (controls.suppress > 1 || controls.round > 1)) {
        out.footnotes.push_back("Percentages are computed from the published counts and left out where a count or "
                                "its total is suppressed.");
    }
    return out;
}

std::string display_count(const Shown& shown, long long suppress)
{
    switch (shown.hidden) {
    case Hidden::primary:
        return fmt::format("<{}", suppress);
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

} // namespace casebook
