#include "analysis/table_output.hpp"

#include <optional>

#include <fmt/format.h>

#include "analysis/table_labels.hpp"
#include "analysis/table_long.hpp"
#include "util/i18n.hpp"

namespace casebook::analysis {

namespace {

// The footnote of a margin whose label had to change, or nothing.
void margin_note(const Axis& axis, bool names, std::string_view which, std::vector<std::string>& notes)
{
    const std::string label = margin_label(axis, names);
    const std::string plain = names ? tr("Total") : "total";
    if (label == plain) {
        return;
    }
    for (const std::string& v : axis.labels) {
        const std::string shown = value_label(axis, v, names);
        if (margin_label(Axis{axis.dim, false, false, {shown}}, names) != plain) {
            const char* f = which == "row" ? tr("The totals row is labelled \"{}\": a {} is named \"{}\".")
                                           : tr("The totals column is labelled \"{}\": a {} is named \"{}\".");
            notes.push_back(fmt::format(fmt::runtime(f), label, dimension_label(axis.dim), shown));
            return;
        }
    }
}

Json cell_json(const Shown& s, const Controls& controls)
{
    Json cell = Json::object();
    if (s.hidden != Hidden::no) {
        cell["count"] = nullptr;
        cell["suppressed"] = true;
        cell["display"] = display_count(s, controls);
        return cell;
    }
    cell["count"] = s.count;
    if (s.percent) {
        cell["percent"] = std::stod(display_percent(*s.percent));
    }
    return cell;
}

} // namespace

output::Grid table_grid(const PublishedTable& table, const std::vector<std::string>& notes, output::Format format, Totals totals)
{
    const CrossTable& t = table.source;
    const bool names = output::shows_country_names(format);
    const bool pct_columns = table.controls.percent != Percent::none && !names;
    const bool pct_inline = table.controls.percent != Percent::none && names;
    const std::size_t rows = t.rows.labels.size(), cols = t.cols.labels.size();
    const bool show_totals = totals == Totals::shown;
    output::Grid g;
    g.title = table_title(table);
    g.header.push_back(names ? capitalised(dimension_label(t.rows.dim)) : t.rows.dim);
    g.align.push_back(output::Align::left);

    // The count columns: each column value, then the row totals (one-way: the single count column).
    std::vector<std::size_t> columns;
    for (std::size_t c = 0; c < cols; ++c) {
        columns.push_back(c);
    }
    if (!t.one_way() && show_totals) {
        columns.push_back(cols);
    }
    for (std::size_t c : columns) {
        std::string head = t.one_way()  ? (names ? capitalised(std::string(unit_name(t.unit))) : std::string(unit_name(t.unit)))
                           : c == cols ? margin_label(t.cols, names)
                                       : value_label(t.cols, t.cols.labels[c], names);
        g.header.push_back(head);
        g.align.push_back(output::Align::right);
        if (pct_columns) {
            g.header.push_back(head + "_pct");
            g.align.push_back(output::Align::right);
        }
    }
    auto line = [&](std::string label, std::size_t r) {
        std::vector<std::string> cells{std::move(label)};
        for (std::size_t c : columns) {
            const Shown& s = table.grid[r][c];
            std::string count = display_count(s, table.controls);
            if (pct_inline && s.percent) {
                count += fmt::format(" ({}%)", display_percent(*s.percent));
            }
            cells.push_back(count);
            if (pct_columns) {
                cells.push_back(s.percent ? display_percent(*s.percent) : "");
            }
        }
        g.rows.push_back(std::move(cells));
    };
    for (std::size_t r = 0; r < rows; ++r) {
        line(value_label(t.rows, t.rows.labels[r], names), r);
    }
    if (show_totals) {
        g.totals_from = g.rows.size();
        line(margin_label(t.rows, names), rows);
    }
    g.footnotes = table.footnotes;
    g.footnotes.insert(g.footnotes.end(), notes.begin(), notes.end());
    if (show_totals) {
        margin_note(t.rows, names, "row", g.footnotes);
        if (!t.one_way()) {
            margin_note(t.cols, names, "column", g.footnotes);
        }
    }
    return g;
}

Json table_json(const PublishedTable& table, const std::vector<std::string>& notes, Totals totals)
{
    const CrossTable& t = table.source;
    const Controls& n = table.controls;
    const std::size_t rows = t.rows.labels.size(), cols = t.cols.labels.size();
    const bool show_totals = totals == Totals::shown;
    Json j = Json::object();
    j["title"] = table_title(table);
    j["unit"] = unit_name(t.unit);
    j["n"] = table.total().hidden == Hidden::no ? Json(table.total().count) : Json(nullptr);
    const std::optional<long long> cases = cases_shown(table);
    j["cases"] = cases ? Json(*cases) : Json(nullptr);
    j["rows"] = t.rows.dim;
    j["cols"] = t.one_way() ? Json(nullptr) : Json(t.cols.dim);
    if (!t.slice_dim.empty()) {
        j["by"] = Json::object({{"dim", t.slice_dim}, {"value", t.slice_value}});
    }
    Json multi = Json::array();
    for (const Axis* a : {&t.rows, &t.cols}) {
        if (a->multi) {
            multi.push_back(a->dim);
        }
    }
    j["multi_valued"] = multi;
    j["row_values"] = t.rows.labels;
    j["col_values"] = t.one_way() ? Json::array() : Json(t.cols.labels);
    auto counts_of = [&](std::size_t r) {
        Json counts = Json::object();
        for (std::size_t c = 0; c < cols && !t.one_way(); ++c) {
            counts[t.cols.labels[c]] = cell_json(table.grid[r][c], n);
        }
        return counts;
    };
    Json data = Json::array();
    for (std::size_t r = 0; r < rows; ++r) {
        Json row = Json::object();
        row[t.rows.dim] = t.rows.labels[r];
        if (!t.one_way()) {
            row["counts"] = counts_of(r);
        }
        if (show_totals || t.one_way()) {
            row["total"] = cell_json(table.grid[r][cols], n);
        }
        data.push_back(std::move(row));
    }
    j["data"] = std::move(data);
    if (show_totals) {
        Json sums = Json::object();
        if (!t.one_way()) {
            sums["counts"] = counts_of(rows);
        }
        sums["total"] = cell_json(table.grid[rows][cols], n);
        j["totals"] = std::move(sums);
    }
    const Controls& c = table.controls;
    Json controls = Json::object();
    controls["percent"] = c.percent == Percent::none ? Json(nullptr)
                          : c.percent == Percent::row ? Json("row")
                          : c.percent == Percent::col ? Json("col")
                                                      : Json("total");
    controls["suppress"] = c.suppress > 1 ? Json(c.suppress) : Json(nullptr);
    controls["round"] = c.round > 1 ? Json(c.round) : Json(nullptr);
    j["controls"] = std::move(controls);
    Json all_notes = table.footnotes;
    for (const std::string& note : notes) {
        all_notes.push_back(note);
    }
    j["notes"] = std::move(all_notes);
    j["cells"] = table_cells_json(table);
    return j;
}

} // namespace casebook::analysis
