#include "casebook/tables.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "casebook/countries.hpp"
#include "casebook/derive.hpp"
#include "casebook/dims.hpp"
#include "casebook/validate.hpp"
#include "reader.hpp"

namespace casebook {

namespace {

// How dimensions read in titles and notes.
struct DimensionLabel {
    std::string_view dim;
    std::string_view label;
};

// clang-format off
constexpr DimensionLabel dimension_labels[] = {
    {"origin",           "country of origin"},
    {"returned_from",    "country returned from"},
    {"returned_to",      "country returned to"},
    {"mechanism",        "return mechanism"},
    {"return_year",      "year of return"},
    {"flight_year",      "year of flight"},
    {"sex",              "sex"},
    {"age_group",        "age group at flight"},
    {"minor",            "minor at flight"},
    {"outcome",          "post-return outcome"},
    {"flag",             "refoulement flag"},
    {"harm",             "harm after return"},
    {"reason",           "reason for flight"},
    {"persecutor",       "persecutor"},
    {"failure",          "protection failure"},
    {"transit",          "transit country"},
    {"status",           "review status"},
    {"project",          "project"},
    {"tag",              "tag"},
    {"verified_outcome", "verified post-return outcome"},
    {"verification",     "verification of harms"},
};

const std::vector<TablePreset> presets = {
    {"outcomes",   "origin",        "outcome",   "post-return outcomes by country of origin"},
    {"flags",      "origin",        "flag",      "signs of refoulement by country of origin"},
    {"harms",      "origin",        "harm",      "harms after return by country of origin"},
    {"mechanisms", "returned_from", "mechanism", "return mechanisms by the country that returned people"},
    {"timeline",   "return_year",   "outcome",   "post-return outcomes by year of return"},
};
// clang-format on

const Dimension& dimension_named(std::string_view name, std::string_view option)
{
    if (const Dimension* d = find_dimension(name)) {
        return *d;
    }
    std::vector<std::string> names;
    for (const Dimension& d : dimensions()) {
        names.emplace_back(d.name);
    }
    auto close = closest_first(std::string(name), names);
    std::string all;
    for (const std::string& n : names) {
        all += (all.empty() ? "" : ", ") + n;
    }
    throw Error(Exit::usage, fmt::format("{} \"{}\": unknown dimension; did you mean \"{}\"? dimensions: {}", option,
                                         name, close.empty() ? "" : close.front(), all));
}

std::string plural(long long n, std::string_view one, std::string_view many)
{
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

// The counts before they are laid out as a table.
struct Tally {
    std::map<std::pair<std::string, std::string>, long long> cells;
    std::map<std::string, long long> row_totals, col_totals;
    long long total = 0;
    long long drafts = 0;
    long long rows_missing = 0; // cases without a row value (left out, or in totals only when multi-valued)
    long long cols_missing = 0;
};

// The values of one side in display order (see tables.hpp).
std::vector<std::string> ordered_values(const Dimension& dim, const std::map<std::string, long long>& totals)
{
    std::vector<std::string> out;
    switch (dim.kind) {
    case ValueKind::vocabulary:
        out = dim.values;
        for (const auto& [value, n] : totals) {
            if (std::find(out.begin(), out.end(), value) == out.end()) {
                out.push_back(value); // not in the vocabulary: kept, last
            }
        }
        return out;
    case ValueKind::year: {
        if (totals.empty()) {
            return out;
        }
        long long first = std::stoll(totals.begin()->first), last = first;
        for (const auto& [value, n] : totals) {
            first = std::min(first, std::stoll(value));
            last = std::max(last, std::stoll(value));
        }
        for (long long y = first; y <= last; ++y) {
            out.push_back(std::to_string(y));
        }
        return out;
    }
    case ValueKind::country:
    case ValueKind::free:
        break;
    }
    for (const auto& [value, n] : totals) {
        out.push_back(value);
    }
    std::stable_sort(out.begin(), out.end(), [&](const std::string& a, const std::string& b) {
        return totals.at(a) > totals.at(b);
    });
    return out;
}

Axis axis_of(const Dimension& dim, const std::map<std::string, long long>& totals)
{
    Axis a;
    a.dim = std::string(dim.name);
    a.multi = dim.arity == Arity::multi;
    a.country = dim.kind == ValueKind::country;
    a.labels = ordered_values(dim, totals);
    return a;
}

long long lookup(const std::map<std::string, long long>& m, const std::string& key)
{
    auto it = m.find(key);
    return it == m.end() ? 0 : it->second;
}

CaseCounts assemble(const TableSpec& spec, const Dimension& rows, const Dimension* cols, const Tally& tally)
{
    CaseCounts out;
    Axis col_axis = cols != nullptr ? axis_of(*cols, tally.col_totals) : Axis{};
    CrossTable& t = out.table = CrossTable::zeros(axis_of(rows, tally.row_totals), col_axis);
    for (std::size_t r = 0; r < t.rows.labels.size(); ++r) {
        const std::string& rv = t.rows.labels[r];
        t.row_totals[r] = lookup(tally.row_totals, rv);
        for (std::size_t c = 0; c < t.cols.labels.size(); ++c) {
            if (cols == nullptr) {
                t.counts[r][c] = t.row_totals[r];
            } else {
                auto it = tally.cells.find({rv, t.cols.labels[c]});
                t.counts[r][c] = it == tally.cells.end() ? 0 : it->second;
            }
        }
    }
    for (std::size_t c = 0; c < t.cols.labels.size(); ++c) {
        t.col_totals[c] = cols == nullptr ? tally.total : lookup(tally.col_totals, t.cols.labels[c]);
    }
    t.total = tally.total;

    auto& notes = out.notes;
    if (!spec.where_text.empty()) {
        std::string conditions;
        for (const std::string& w : spec.where_text) {
            conditions += (conditions.empty() ? "" : " and ") + w;
        }
        notes.push_back(fmt::format("Only cases where {}.", conditions));
    }
    auto missing_note = [&](const Dimension& dim, long long n) {
        if (n == 0) {
            return;
        }
        std::string label = dimension_label(dim.name);
        if (dim.arity == Arity::single) {
            notes.push_back(fmt::format("{} with no {} recorded {} not counted.", plural(n, "case", "cases"), label,
                                        n == 1 ? "is" : "are"));
        } else {
            notes.push_back(fmt::format("{} with no {} {} in the totals only.", plural(n, "case", "cases"), label,
                                        n == 1 ? "counts" : "count"));
        }
    };
    missing_note(rows, tally.rows_missing);
    if (cols != nullptr) {
        missing_note(*cols, tally.cols_missing);
    }
    auto multi_note = [&](const Dimension& dim, std::string_view side) {
        if (dim.arity == Arity::multi) {
            std::string label = dimension_label(dim.name);
            notes.push_back(fmt::format("A case counts once under each {} it has: the {} need not add up to the "
                                        "totals, and percentages are shares of cases.",
                                        label, side));
        }
    };
    multi_note(rows, "rows");
    if (cols != nullptr) {
        multi_note(*cols, "columns");
    }
    if (tally.drafts > 0) {
        notes.push_back(fmt::format("Includes {} (not yet complete); --where status!=draft leaves them out.",
                                    plural(tally.drafts, "draft case", "draft cases")));
    }
    return out;
}

std::optional<std::string> text_of(const SQLite::Column& column)
{
    if (column.isNull()) {
        return std::nullopt;
    }
    if (column.isInteger()) {
        return std::to_string(column.getInt64());
    }
    return column.getString();
}

// SQL that names a dimension's value for each case: its column, or a join on case_values.
struct ValueSource {
    std::string value;   // SQL expression
    std::string join;    // a JOIN clause, or empty
    bool multi = false;
};

ValueSource source_of(const Dimension& dim, std::string_view alias)
{
    if (dim.arity == Arity::single) {
        return {fmt::format("c.{}", dim.name), "", false};
    }
    return {fmt::format("{}.value", alias),
            fmt::format(" JOIN case_values {0} ON {0}.case_id = c.id AND {0}.dim = ?", alias), true};
}

} // namespace

const std::vector<TablePreset>& table_presets() { return presets; }

const TablePreset* find_preset(std::string_view name)
{
    for (const TablePreset& p : presets) {
        if (p.name == name) {
            return &p;
        }
    }
    return nullptr;
}

std::string dimension_label(std::string_view dim)
{
    for (const DimensionLabel& l : dimension_labels) {
        if (l.dim == dim) {
            return std::string(l.label);
        }
    }
    std::string out(dim);
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

void check_table_dimensions(const TableSpec& spec)
{
    dimension_named(spec.rows, "--rows");
    if (!spec.cols.empty()) {
        dimension_named(spec.cols, "--cols");
        if (spec.cols == spec.rows) {
            throw Error(Exit::usage, fmt::format("--rows and --cols are both \"{}\": choose two dimensions, or leave "
                                                 "out --cols for a one-way table",
                                                 spec.rows));
        }
    }
}

CaseCounts count_cases(const std::string& db_path, const TableSpec& spec)
{
    check_table_dimensions(spec);
    const Dimension& rows = dimension_named(spec.rows, "--rows");
    const Dimension* cols = spec.cols.empty() ? nullptr : &dimension_named(spec.cols, "--cols");
    SQLite::Database db = reading::open_reader(db_path);
    const SqlFilter where = compile_where(spec.where, "c");
    const std::string base = fmt::format("c.deleted = 0 AND ({})", where.sql);
    Tally tally;

    return reading::guarded(db_path, [&] {
        const bool all_single = rows.arity == Arity::single && (cols == nullptr || cols->arity == Arity::single);
        if (all_single) {
            // One pass over the rows, counted here: SQLite's GROUP BY sorts every
            // row first, which is several times slower than a scan for a few groups.
            std::string sql = fmt::format("SELECT c.{}, {}, c.status = 'draft' FROM cases c WHERE {}", rows.name,
                                          cols == nullptr ? std::string("NULL") : "c." + std::string(cols->name), base);
            SQLite::Statement st(db, sql);
            reading::bind_all(st, where.params);
            struct Group {
                std::optional<std::string> row, col;
                long long n = 0, drafts = 0;
            };
            std::unordered_map<std::string, Group> groups;
            std::string key;
            while (st.executeStep()) {
                const SQLite::Column r = st.getColumn(0), k = st.getColumn(1);
                key.clear();
                key += r.isNull() ? '\0' : '\1';
                key += r.getText("");
                key += '\x1f';
                key += k.isNull() ? '\0' : '\1';
                key += k.getText("");
                auto [it, fresh] = groups.try_emplace(key);
                if (fresh) {
                    it->second.row = text_of(r);
                    it->second.col = text_of(k);
                }
                it->second.n += 1;
                it->second.drafts += st.getColumn(2).getInt();
            }
            for (const auto& [unused, g] : groups) {
                const long long n = g.n;
                tally.rows_missing += g.row ? 0 : n;
                tally.cols_missing += cols != nullptr && !g.col ? n : 0;
                if (!g.row || (cols != nullptr && !g.col)) {
                    continue;
                }
                tally.total += n;
                tally.drafts += g.drafts;
                tally.row_totals[*g.row] += n;
                if (cols != nullptr) {
                    tally.col_totals[*g.col] += n;
                    tally.cells[{*g.row, *g.col}] += n;
                }
            }
            return assemble(spec, rows, cols, tally);
        }

        // A multi-valued dimension: totals are counts of cases, each its own scan
        // (counted here rather than by GROUP BY, which sorts every row first).
        std::string in_table = base;
        for (const Dimension* d : {&rows, cols}) {
            if (d != nullptr && d->arity == Arity::single) {
                in_table += fmt::format(" AND c.{} IS NOT NULL", d->name);
            }
        }
        const ValueSource r = source_of(rows, "vr");
        auto run = [&](const std::string& sql, const std::vector<SqlValue>& before, const std::vector<SqlValue>& after,
                       auto&& row) {
            SQLite::Statement st(db, sql);
            reading::bind_all(st, before);
            reading::bind_all(st, where.params, static_cast<int>(before.size()) + 1);
            reading::bind_all(st, after, static_cast<int>(before.size() + where.params.size()) + 1);
            while (st.executeStep()) {
                row(st);
            }
        };
        auto join_params = [](const Dimension& d) {
            return d.arity == Arity::multi ? std::vector<SqlValue>{std::string(d.name)} : std::vector<SqlValue>{};
        };
        // One scan gives the cases of the table, the drafts and the totals of a
        // single-valued side; a two-way table's other totals are then sums of its cells
        // (each case has exactly one value on the single-valued side).
        const Dimension* single = rows.arity == Arity::single ? &rows
                                  : cols != nullptr && cols->arity == Arity::single ? cols
                                                                                    : nullptr;
        auto& single_totals = single == &rows ? tally.row_totals : tally.col_totals;
        run(fmt::format("SELECT {}, c.status = 'draft' FROM cases c WHERE {}",
                        single != nullptr ? "c." + std::string(single->name) : std::string("NULL"), in_table),
            {}, {}, [&](SQLite::Statement& st) {
                ++tally.total;
                tally.drafts += st.getColumn(1).getInt();
                if (single != nullptr) {
                    ++single_totals[*text_of(st.getColumn(0))];
                }
            });
        if (single == nullptr || cols == nullptr) {
            run(fmt::format("SELECT {} FROM cases c{} WHERE {}", r.value, r.join, in_table), join_params(rows), {},
                [&](SQLite::Statement& st) { ++tally.row_totals[*text_of(st.getColumn(0))]; });
        }
        // Cases without a value: single-valued ones are left out, multi-valued ones stay in the totals.
        auto missing = [&](const Dimension& d) {
            long long n = 0;
            if (d.arity == Arity::single) {
                run(fmt::format("SELECT COUNT(*) FROM cases c WHERE {} AND c.{} IS NULL", base, d.name), {}, {},
                    [&](SQLite::Statement& st) { n = st.getColumn(0).getInt64(); });
            } else {
                run(fmt::format("SELECT COUNT(*) FROM cases c WHERE {} AND NOT EXISTS (SELECT 1 FROM case_values m "
                                "WHERE m.case_id = c.id AND m.dim = ?)",
                                in_table),
                    {}, {std::string(d.name)}, [&](SQLite::Statement& st) { n = st.getColumn(0).getInt64(); });
            }
            return n;
        };
        tally.rows_missing = missing(rows);
        if (cols != nullptr) {
            const ValueSource k = source_of(*cols, "vk");
            if (single == nullptr) {
                run(fmt::format("SELECT {} FROM cases c{} WHERE {}", k.value, k.join, in_table), join_params(*cols), {},
                    [&](SQLite::Statement& st) { ++tally.col_totals[*text_of(st.getColumn(0))]; });
            }
            std::vector<SqlValue> joins = join_params(rows);
            for (SqlValue& v : join_params(*cols)) {
                joins.push_back(std::move(v));
            }
            run(fmt::format("SELECT {}, {} FROM cases c{}{} WHERE {}", r.value, k.value, r.join, k.join, in_table), joins,
                {}, [&](SQLite::Statement& st) { ++tally.cells[{*text_of(st.getColumn(0)), *text_of(st.getColumn(1))}]; });
            if (single != nullptr) {
                auto& other_totals = single == &rows ? tally.col_totals : tally.row_totals;
                for (const auto& [key, n] : tally.cells) {
                    other_totals[single == &rows ? key.second : key.first] += n;
                }
            }
            tally.cols_missing = missing(*cols);
        }
        return assemble(spec, rows, cols, tally);
    });
}

CaseCounts count_records(const std::vector<Json>& records, const TableSpec& spec)
{
    check_table_dimensions(spec);
    const Dimension& rows = dimension_named(spec.rows, "--rows");
    const Dimension* cols = spec.cols.empty() ? nullptr : &dimension_named(spec.cols, "--cols");
    const Dimension& status = dimension_named("status", "status");
    Tally tally;
    for (const Json& record : records) {
        Derived derived = derive(record);
        if (!matches(spec.where, record, derived)) {
            continue;
        }
        std::vector<std::string> rv = rows.extract(record, derived);
        std::vector<std::string> cv = cols != nullptr ? cols->extract(record, derived) : std::vector<std::string>{};
        bool left_out = (rows.arity == Arity::single && rv.empty()) ||
                        (cols != nullptr && cols->arity == Arity::single && cv.empty());
        if (rows.arity == Arity::single || !left_out) {
            tally.rows_missing += rv.empty() ? 1 : 0;
        }
        if (cols != nullptr && (cols->arity == Arity::single || !left_out)) {
            tally.cols_missing += cv.empty() ? 1 : 0;
        }
        if (left_out) {
            continue;
        }
        ++tally.total;
        tally.drafts += status.extract(record, derived) == std::vector<std::string>{"draft"} ? 1 : 0;
        for (const std::string& r : rv) {
            ++tally.row_totals[r];
            for (const std::string& c : cv) {
                ++tally.cells[{r, c}];
            }
        }
        for (const std::string& c : cv) {
            ++tally.col_totals[c];
        }
    }
    return assemble(spec, rows, cols, tally);
}

std::string table_title(const PublishedTable& table)
{
    const CrossTable& t = table.source;
    std::string n = display_count(table.total(), table.controls.suppress);
    if (t.one_way()) {
        return fmt::format("Cases by {}, N = {}", dimension_label(t.rows.dim), n);
    }
    return fmt::format("Cases by {} and {}, N = {}", dimension_label(t.rows.dim), dimension_label(t.cols.dim), n);
}

namespace {

std::string capitalised(std::string s)
{
    if (!s.empty()) {
        s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    }
    return s;
}

std::string value_label(const Axis& axis, const std::string& value, bool names)
{
    return axis.country && names ? country_name(value) : value;
}

Json cell_json(const Shown& s, long long suppress)
{
    Json cell = Json::object();
    if (s.hidden != Hidden::no) {
        cell["count"] = nullptr;
        cell["suppressed"] = true;
        cell["display"] = display_count(s, suppress);
        return cell;
    }
    cell["count"] = s.count;
    if (s.percent) {
        cell["percent"] = std::stod(display_percent(*s.percent));
    }
    return cell;
}

} // namespace

Grid table_grid(const PublishedTable& table, const std::vector<std::string>& notes, Format format, Totals totals)
{
    const CrossTable& t = table.source;
    const bool names = shows_country_names(format);
    const bool pct_columns = table.controls.percent != Percent::none && !names;
    const bool pct_inline = table.controls.percent != Percent::none && names;
    const long long n = table.controls.suppress;
    const std::size_t rows = t.rows.labels.size(), cols = t.cols.labels.size();
    const bool show_totals = totals == Totals::shown;
    Grid g;
    g.title = table_title(table);
    g.header.push_back(names ? capitalised(dimension_label(t.rows.dim)) : t.rows.dim);
    g.align.push_back(Align::left);

    // The count columns: each column value, then the row totals (one-way: the single count column).
    std::vector<std::size_t> columns;
    for (std::size_t c = 0; c < cols; ++c) {
        columns.push_back(c);
    }
    if (!t.one_way() && show_totals) {
        columns.push_back(cols);
    }
    for (std::size_t c : columns) {
        std::string head = t.one_way()  ? (names ? "Cases" : "cases")
                           : c == cols ? (names ? "Total" : "total")
                                       : value_label(t.cols, t.cols.labels[c], names);
        g.header.push_back(head);
        g.align.push_back(Align::right);
        if (pct_columns) {
            g.header.push_back(head + "_pct");
            g.align.push_back(Align::right);
        }
    }
    auto line = [&](std::string label, std::size_t r) {
        std::vector<std::string> cells{std::move(label)};
        for (std::size_t c : columns) {
            const Shown& s = table.grid[r][c];
            std::string count = display_count(s, n);
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
        line(names ? "Total" : "total", rows);
    }
    g.footnotes = table.footnotes;
    g.footnotes.insert(g.footnotes.end(), notes.begin(), notes.end());
    return g;
}

Json table_json(const PublishedTable& table, const std::vector<std::string>& notes, Totals totals)
{
    const CrossTable& t = table.source;
    const long long n = table.controls.suppress;
    const std::size_t rows = t.rows.labels.size(), cols = t.cols.labels.size();
    const bool show_totals = totals == Totals::shown;
    Json j = Json::object();
    j["title"] = table_title(table);
    j["n"] = table.total().hidden == Hidden::no ? Json(table.total().count) : Json(nullptr);
    j["rows"] = t.rows.dim;
    j["cols"] = t.one_way() ? Json(nullptr) : Json(t.cols.dim);
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
    return j;
}

} // namespace casebook
