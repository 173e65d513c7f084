#include "analysis/table_long.hpp"

#include <optional>
#include <string>

namespace casebook::analysis {

namespace {

// One number of a table in long form (long_grid, and table_json's "cells").
struct LongCell {
    std::string row, col;          // empty for a margin
    std::optional<long long> count; // none when hidden
    std::string shown;              // as the table prints it
    std::string suppressed;         // primary, complementary or empty
    std::optional<double> percent;
};

std::vector<LongCell> long_cells(const PublishedTable& table)
{
    const CrossTable& t = table.source;
    const std::size_t rows = t.rows.labels.size(), cols = t.cols.labels.size();
    std::vector<LongCell> out;
    for (std::size_t r = 0; r <= rows; ++r) {
        for (std::size_t c = 0; c < (t.one_way() ? 1 : cols + 1); ++c) {
            const Shown& s = table.grid[r][c];
            out.push_back({r == rows ? "" : t.rows.labels[r], t.one_way() || c == cols ? "" : t.cols.labels[c],
                           s.hidden == Hidden::no ? std::optional<long long>(s.count) : std::nullopt,
                           display_count(s, table.controls),
                           s.hidden == Hidden::primary ? "primary" : s.hidden == Hidden::secondary ? "complementary" : "",
                           s.percent ? std::optional<double>(std::stod(display_percent(*s.percent))) : std::nullopt});
        }
    }
    return out;
}

} // namespace

output::Grid long_grid(const PublishedTable& table)
{
    output::Grid g;
    g.header = {"row", "col", "count", "shown", "suppressed", "percent"};
    for (const LongCell& cell : long_cells(table)) {
        g.rows.push_back({cell.row, cell.col, cell.count ? std::to_string(*cell.count) : "", cell.shown,
                          cell.suppressed, cell.percent ? display_percent(*cell.percent) : ""});
    }
    return g;
}

output::Grid long_grid_by(const std::vector<PublishedTable>& slices)
{
    output::Grid g;
    for (const PublishedTable& table : slices) {
        output::Grid one = long_grid(table);
        if (g.header.empty()) {
            g.header = one.header;
            g.header.insert(g.header.begin(), table.source.slice_dim);
        }
        for (std::vector<std::string>& row : one.rows) {
            row.insert(row.begin(), table.source.slice_value);
            g.rows.push_back(std::move(row));
        }
    }
    return g;
}

Json table_cells_json(const PublishedTable& table)
{
    Json cells = Json::array();
    for (const LongCell& cell : long_cells(table)) {
        Json j = Json::object();
        j["row"] = cell.row.empty() ? Json(nullptr) : Json(cell.row);
        j["col"] = cell.col.empty() ? Json(nullptr) : Json(cell.col);
        j["count"] = cell.count ? Json(*cell.count) : Json(nullptr);
        j["shown"] = cell.shown;
        j["suppressed"] = cell.suppressed.empty() ? Json(nullptr) : Json(cell.suppressed);
        j["percent"] = cell.percent ? Json(*cell.percent) : Json(nullptr);
        cells.push_back(std::move(j));
    }
    return cells;
}

} // namespace casebook::analysis
