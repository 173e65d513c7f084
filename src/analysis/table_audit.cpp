#include "analysis/table_audit.hpp"

#include <cmath>

#include <fmt/format.h>

#include "analysis/table_labels.hpp"

namespace casebook::analysis {

namespace {

// The hidden numbers of a table in grid order, with the labels of their row and column.
struct AuditLine {
    std::string row, col;
    const Shown* shown;
};

std::vector<AuditLine> audit_lines(const PublishedTable& table, bool names)
{
    const CrossTable& t = table.source;
    const std::size_t rows = t.rows.labels.size(), cols = t.cols.labels.size();
    std::vector<AuditLine> out;
    for (std::size_t r = 0; r <= rows; ++r) {
        // A one-way table's count column and its total column are the same numbers.
        for (std::size_t c = 0; c < (t.one_way() ? 1 : cols + 1); ++c) {
            const Shown& s = table.grid[r][c];
            if (s.hidden == Hidden::no) {
                continue;
            }
            std::string row = r == rows ? margin_label(t.rows, false) : value_label(t.rows, t.rows.labels[r], names);
            std::string col = t.one_way() ? "" : c == cols ? margin_label(t.cols, false) : value_label(t.cols, t.cols.labels[c], names);
            out.push_back({row, col, &s});
        }
    }
    return out;
}

std::string number_text(double v)
{
    return fmt::format("{}", static_cast<long long>(std::llround(v)));
}

} // namespace

output::Grid audit_grid(const PublishedTable& table, output::Format format)
{
    const CrossTable& t = table.source;
    const bool names = output::shows_country_names(format);
    output::Grid g;
    g.title = "Audit of " + table_title(table);
    g.header = {names ? capitalised(dimension_label(t.rows.dim)) : t.rows.dim};
    if (!t.one_way()) {
        g.header.push_back(names ? capitalised(dimension_label(t.cols.dim)) : t.cols.dim);
    }
    for (const char* h : {"shown", "lower", "upper", "width", "required", "protected"}) {
        g.header.emplace_back(h);
    }
    g.align.assign(g.header.size(), output::Align::right);
    g.align[0] = output::Align::left;
    if (!t.one_way()) {
        g.align[1] = output::Align::left;
    }
    for (const AuditLine& line : audit_lines(table, names)) {
        const Interval& in = line.shown->interval;
        std::vector<std::string> cells{line.row};
        if (!t.one_way()) {
            cells.push_back(line.col);
        }
        cells.push_back(display_count(*line.shown, table.controls));
        cells.push_back(number_text(in.lower));
        cells.push_back(in.upper ? number_text(*in.upper) : (names ? "unbounded" : ""));
        cells.push_back(in.upper ? number_text(*in.upper - in.lower) : (names ? "unbounded" : ""));
        cells.push_back(number_text(in.required));
        cells.push_back(in.protected_ ? "yes" : "no");
        g.rows.push_back(std::move(cells));
    }
    g.footnotes.push_back(fmt::format(
        "Each range is the least and the greatest value of a hidden number in a linear program (GLPK) over every "
        "number shown, the totals, the relations that hold between them and what the marks say; an empty upper "
        "bound is unbounded. Required: {}.",
        table.controls.mark == HiddenMark::alike
            ? fmt::format("a hidden count below {0} spans at least {0}; any other hidden number is not a single value",
                          table.controls.suppress)
            : fmt::format("a <{0} spans all of what <{0} says; an x is not a single value", table.controls.suppress)));
    return g;
}

Json audit_json(const PublishedTable& table)
{
    Json j = Json::object();
    j["title"] = "Audit of " + table_title(table);
    Json hidden = Json::array();
    for (const AuditLine& line : audit_lines(table, false)) {
        const Interval& in = line.shown->interval;
        Json h = Json::object();
        h["row"] = line.row;
        h["col"] = table.source.one_way() ? Json(nullptr) : Json(line.col);
        h["display"] = display_count(*line.shown, table.controls);
        h["lower"] = std::llround(in.lower);
        h["upper"] = in.upper ? Json(std::llround(*in.upper)) : Json(nullptr);
        h["required"] = std::llround(in.required);
        h["protected"] = in.protected_;
        hidden.push_back(std::move(h));
    }
    j["hidden"] = std::move(hidden);
    return j;
}

} // namespace casebook::analysis
