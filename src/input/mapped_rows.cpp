// Turning the rows of a CSV file into case records through a mapping, and
// reporting the cell values the mapping could not place.
#include "input/mapped_rows.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include <fmt/format.h>

#include "record/canonical.hpp"
#include "util/countries.hpp"
#include "util/error.hpp"
#include "util/quoting.hpp"
#include "schema/schema.hpp"
#include "input/mapping_date.hpp"
#include "input/mapping_spec.hpp"
#include "util/i18n.hpp"

namespace casebook::input {

CellPosition MappedRow::position_of(const std::string& pointer) const
{
    const std::pair<std::string, CellPosition>* best = nullptr;
    for (const auto& entry : filled) {
        const std::string& p = entry.first;
        bool related = pointer == p || (pointer.starts_with(p) && pointer[p.size()] == '/') ||
                       (p.starts_with(pointer) && (pointer.empty() || p[pointer.size()] == '/'));
        if (related && (best == nullptr || p.size() > best->first.size())) {
            best = &entry;
        }
    }
    return best != nullptr ? best->second : CellPosition{line, 1};
}

Json MappedRow::raw() const
{
    Json out = Json::object();
    for (std::size_t i = 0; i < cells.size(); ++i) {
        std::string key = header && i < header->size() ? (*header)[i] : fmt::format("column {}", i + 1);
        out[key] = cells[i];
    }
    return out;
}

void UnmappedReport::add(const MappedRow& row)
{
    if (row.unmapped.empty()) {
        return;
    }
    ++rows_;
    for (const UnmappedCell& cell : row.unmapped) {
        auto key = std::make_pair(cell.column, cell.value);
        auto it = index_.find(key);
        if (it == index_.end()) {
            index_.emplace(key, entries_.size());
            entries_.push_back(Entry{cell, 1});
        } else {
            ++entries_[it->second].count;
        }
    }
}

std::string unmapped_message(const UnmappedCell& c)
{
    std::string value = c.sensitive ? sensitive_placeholder(c.value) : "\"" + shorten(c.value) + "\"";
    return say("column \"{}\": {} {}", shorten(c.column), value, c.reason);
}

std::vector<Diagnostic> UnmappedReport::diagnostics(const std::string& file) const
{
    std::vector<Diagnostic> out;
    for (const Entry& e : entries_) {
        const UnmappedCell& c = e.first;
        std::string rows = e.count == 1 ? "1 row" : say("{} rows", e.count);
        out.push_back(Diagnostic{file, c.position.line, c.position.column, c.pointer, "unmapped_value",
                                 say("{} ({}): add it to the column's \"values\" in the mapping", unmapped_message(c), rows),
                                 Severity::error});
    }
    return out;
}

namespace {

// Turns one cell into a field value, or says why it cannot.
class CellConverter {
public:
    explicit CellConverter(const ColumnSpec& spec) : spec_(spec) {}

    // The value for a non-empty cell; nullopt with reason set when unmapped; a null Json to leave the field out.
    std::optional<Json> convert(std::string_view cell, std::string& reason)
    {
        std::string key = fold(cell);
        if (spec_.has_values) {
            auto it = spec_.values.find(key);
            if (it != spec_.values.end()) {
                return it->second;
            }
        }
        if (spec_.countries) {
            auto cached = country_cache_.find(key);
            if (cached == country_cache_.end()) {
                std::optional<std::string> code;
                if (auto by_name = country_code_for_name(trim(cell))) {
                    code = std::string(*by_name);
                } else if (find_country(trim(cell)) != nullptr) {
                    code = std::string(trim(cell));
                }
                cached = country_cache_.emplace(key, code).first;
            }
            if (cached->second) {
                return Json(*cached->second);
            }
            reason = tr("is neither a country name in iso-codes nor in the mapping's \"values\"");
            return std::nullopt;
        }
        if (!spec_.date_formats.empty()) {
            for (const std::string& f : spec_.date_formats) {
                if (auto iso = convert_date(cell, f)) {
                    return Json(*iso);
                }
            }
            std::string formats;
            for (const std::string& f : spec_.date_formats) {
                formats += formats.empty() ? f : " or " + f;
            }
            reason = say("is not a date in the format {}", formats);
            return std::nullopt;
        }
        if (spec_.has_values && !spec_.type_given) {
            reason = tr("is not in the mapping's \"values\"");
            return std::nullopt;
        }
        std::string_view v = trim(cell);
        switch (spec_.type) {
        case CellType::string:
            return Json(std::string(v));
        case CellType::integer: {
            long long n = 0;
            auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
            if (ec != std::errc() || end != v.data() + v.size()) {
                reason = tr("is not a whole number");
                return std::nullopt;
            }
            return Json(n);
        }
        case CellType::number: {
            ParseResult parsed = parse_json(v);
            if (!parsed.value || !parsed.value->is_number()) {
                reason = tr("is not a number");
                return std::nullopt;
            }
            return *parsed.value;
        }
        case CellType::boolean:
            if (key == "true" || key == "yes" || key == "1") {
                return Json(true);
            }
            if (key == "false" || key == "no" || key == "0") {
                return Json(false);
            }
            reason = tr("is not true/false, yes/no or 1/0");
            return std::nullopt;
        }
        return std::nullopt;
    }

private:
    const ColumnSpec& spec_;
    std::unordered_map<std::string, std::optional<std::string>> country_cache_;
};

// Every column a mapping names, in a stable order.
std::vector<std::string> named_columns(const CsvMapping::Spec& spec)
{
    std::vector<std::string> out;
    auto add = [&](const std::string& c) {
        if (std::find_if(out.begin(), out.end(), [&](const std::string& o) { return fold(o) == fold(c); }) == out.end()) {
            out.push_back(c);
        }
    };
    if (!spec.id.column.empty()) {
        add(spec.id.column);
    }
    for (const ColumnSpec& c : spec.columns) {
        add(c.column);
    }
    for (const RuleSpec& r : spec.rules) {
        add(r.column);
    }
    return out;
}

bool blank_row(const CsvRow& row)
{
    return std::all_of(row.cells.begin(), row.cells.end(), [](const std::string& c) { return trim(c).empty(); });
}

} // namespace

void read_mapped_csv(std::istream& in, const std::string& name, const CsvMapping& mapping, const MappedRowVisitor& visit)
{
    const CsvMapping::Spec& spec = mapping.spec();
    CsvReader reader(in, name, spec.delimiter);
    CsvRow row;
    const std::vector<std::string> needed = named_columns(spec);

    // Find the header row.
    std::unordered_map<std::string, std::size_t> index; // folded header -> cell index
    auto header = std::make_shared<std::vector<std::string>>();
    auto take_header = [&](const CsvRow& r) {
        index.clear();
        for (std::size_t i = 0; i < r.cells.size(); ++i) {
            index.emplace(fold(r.cells[i]), i);
        }
    };
    auto has_all = [&]() {
        return std::all_of(needed.begin(), needed.end(), [&](const std::string& c) { return index.count(fold(c)) != 0; });
    };
    bool found = false;
    std::size_t rows_read = 0;
    while (reader.next(row)) {
        ++rows_read;
        if (spec.skip_rows) {
            if (rows_read <= *spec.skip_rows) {
                continue;
            }
            take_header(row);
            if (!has_all()) {
                std::string missing;
                for (const std::string& c : needed) {
                    if (index.count(fold(c)) == 0) {
                        missing += fmt::format("{}\"{}\"", missing.empty() ? "" : ", ", c);
                    }
                }
                throw Error(Exit::invalid, say("{}:{}: the header row (after skip_rows {}) lacks the column(s) {} that the mapping names",
                                                       name, row.line, *spec.skip_rows, missing));
            }
            found = true;
            break;
        }
        take_header(row);
        if (has_all()) {
            found = true;
            break;
        }
        if (rows_read >= 1000) {
            break;
        }
    }
    if (!found) {
        std::string list;
        for (const std::string& c : needed) {
            list += fmt::format("{}\"{}\"", list.empty() ? "" : ", ", c);
        }
        throw Error(Exit::invalid, say("{}: no header row naming every column of the mapping ({}) in the first {} rows",
                                               name, list, rows_read));
    }
    *header = row.cells;
    auto column_index = [&](const std::string& c) { return index.at(fold(c)); };

    std::vector<CellConverter> converters;
    std::vector<std::size_t> column_at;
    for (const ColumnSpec& c : spec.columns) {
        converters.emplace_back(c);
        column_at.push_back(column_index(c.column));
    }
    std::vector<std::size_t> rule_at;
    for (const RuleSpec& r : spec.rules) {
        rule_at.push_back(column_index(r.column));
    }
    const bool has_id_column = !spec.id.column.empty();
    const std::size_t id_at = has_id_column ? column_index(spec.id.column) : 0;
    auto withheld = [&](std::string_view cell) { return !spec.withheld.empty() && spec.withheld.count(fold_marker(cell)) != 0; };
    auto usable = [&](std::string_view cell) { return !trim(cell).empty() && !withheld(cell); };

    std::size_t row_number = 0;
    while (reader.next(row)) {
        if (blank_row(row)) {
            continue;
        }
        ++row_number;
        MappedRow out;
        out.row_number = row_number;
        out.line = row.line;
        out.header = header;
        const std::size_t width = header->size();
        if (row.cells.size() != width) {
            bool extra_blank = row.cells.size() > width &&
                               std::all_of(row.cells.begin() + static_cast<std::ptrdiff_t>(width), row.cells.end(),
                                           [](const std::string& c) { return trim(c).empty(); });
            if (!extra_blank) {
                out.problems.push_back(Problem{"", "csv_row_width",
                                               say("this row has {} cells but the header has {}: a cell is missing or a "
                                                           "delimiter is unquoted",
                                                           row.cells.size(), width),
                                               Severity::error});
            }
            row.cells.resize(std::max(row.cells.size(), width));
            row.positions.resize(row.cells.size(), CellPosition{row.line, 1});
        }

        Json record = Json::object();
        record["schema_version"] = std::string(record_schema_version);
        if (has_id_column) {
            const std::string& cell = row.cells[id_at];
            if (usable(cell)) {
                record["id"] = spec.id.prefix + std::string(trim(cell));
                out.filled.emplace_back("/id", row.positions[id_at]);
            } else {
                out.problems.push_back(Problem{"/id", "missing_id",
                                               say("column \"{}\" is empty or withheld, so this row has no id", spec.id.column),
                                               Severity::error});
            }
        } else {
            record["id"] = spec.id.prefix + fmt::format("{:0{}}", row_number, spec.id.digits);
        }
        for (const auto& [target, value] : spec.constants) {
            if (!set_field(record, target, value)) {
                throw Error(Exit::usage, say("mapping: constant {} runs into a field of another kind", target.text));
            }
        }
        for (std::size_t c = 0; c < spec.columns.size(); ++c) {
            const ColumnSpec& col = spec.columns[c];
            const std::string& cell = row.cells[column_at[c]];
            if (!usable(cell)) {
                continue;
            }
            std::string reason;
            std::optional<Json> value = converters[c].convert(cell, reason);
            if (!value) {
                out.unmapped.push_back(UnmappedCell{col.column, std::string(trim(cell)), col.targets.front().text, reason,
                                                    row.positions[column_at[c]], col.sensitive});
                continue;
            }
            if (value->is_null()) {
                continue;
            }
            for (const Target& t : col.targets) {
                std::optional<std::string> filled = set_field(record, t, *value);
                if (!filled) {
                    throw Error(Exit::usage, say("mapping: column \"{}\" fills {}, which runs into a field of another kind",
                                                         col.column, t.text));
                }
                out.filled.emplace_back(std::move(*filled), row.positions[column_at[c]]);
            }
        }
        for (std::size_t r = 0; r < spec.rules.size(); ++r) {
            const RuleSpec& rule = spec.rules[r];
            const std::string& cell = row.cells[rule_at[r]];
            if (!usable(cell) || rule.equals.count(fold(cell)) == 0) {
                continue;
            }
            for (const auto& [target, value] : rule.set) {
                std::optional<std::string> filled = set_field(record, target, value);
                if (!filled) {
                    throw Error(Exit::usage, say("mapping: a rule sets {}, which runs into a field of another kind", target.text));
                }
                out.filled.emplace_back(std::move(*filled), row.positions[rule_at[r]]);
            }
            for (const Target& target : rule.remove) {
                remove_field(record, target);
            }
        }
        out.record = record::canonicalise(record);
        out.cells = std::move(row.cells);
        if (!visit(out)) {
            return;
        }
    }
}

} // namespace casebook::input
