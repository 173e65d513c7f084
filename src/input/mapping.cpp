#include "input/mapping.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>

#include <fmt/format.h>

#include "record/canonical.hpp"
#include "util/countries.hpp"
#include "util/dates.hpp"
#include "util/error.hpp"
#include "util/limits.hpp"
#include "util/quoting.hpp"
#include "schema/schema.hpp"
#include "util/i18n.hpp"

namespace casebook {

namespace {

std::string_view trim(std::string_view s)
{
    const char* space = " \t\r\n";
    std::size_t b = s.find_first_not_of(space);
    if (b == std::string_view::npos) {
        return {};
    }
    std::size_t e = s.find_last_not_of(space);
    return s.substr(b, e - b + 1);
}

// How value maps, headers and rules compare cells: trimmed, ASCII case ignored.
std::string fold(std::string_view s)
{
    std::string out(trim(s));
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

// How withheld markers compare: case and every white space ignored ("(b)(7)(c )" = "(b)(7)(C)").
std::string fold_marker(std::string_view s)
{
    std::string out;
    for (char c : s) {
        if (!std::isspace(static_cast<unsigned char>(c))) {
            out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        }
    }
    return out;
}

enum class CellType { string, integer, number, boolean };

// A field a mapping fills: a JSON Pointer, split into its reference tokens.
struct Target {
    std::string text; // "/returns/0/date"
    std::vector<std::string> tokens;
};

bool all_digits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Sets the field at target, creating objects and arrays on the way (a number or
// "-" makes an array; "-" appends). Returns the pointer of what was set ("-"
// resolved), or nullopt when the path runs into a value of another kind.
std::optional<std::string> set_field(Json& record, const Target& target, const Json& value)
{
    Json* at = &record;
    std::string path;
    for (const std::string& token : target.tokens) {
        bool index = all_digits(token) || token == "-";
        if (at->is_null()) {
            *at = index ? Json::array() : Json::object();
        }
        if (at->is_object()) {
            at = &(*at)[token];
            path += "/" + pointer_escape(token);
        } else if (at->is_array() && index) {
            std::size_t i = token == "-" ? at->size() : std::stoul(token);
            while (at->size() <= i) {
                at->push_back(nullptr);
            }
            at = &(*at)[i];
            path += "/" + std::to_string(i);
        } else {
            return std::nullopt;
        }
    }
    *at = value;
    return path;
}

struct ColumnSpec {
    std::string column;
    std::vector<Target> targets;
    bool has_values = false;
    std::unordered_map<std::string, Json> values; // folded cell -> field value (null: leave out)
    bool countries = false;
    std::vector<std::string> date_formats;
    CellType type = CellType::string;
    bool type_given = false;
    bool sensitive = false; // fills a field marked x-sensitive
};

struct RuleSpec {
    std::string column;
    std::set<std::string> equals; // folded
    std::vector<std::pair<Target, Json>> set;
    std::vector<Target> remove;
};

// Removes the field at target if it is there.
void remove_field(Json& record, const Target& target)
{
    Json* parent = nullptr;
    Json* at = &record;
    for (const std::string& token : target.tokens) {
        parent = at;
        if (at->is_object() && at->contains(token)) {
            at = &(*at)[token];
        } else if (at->is_array() && all_digits(token) && std::stoul(token) < at->size()) {
            at = &(*at)[std::stoul(token)];
        } else {
            return;
        }
    }
    if (parent->is_object()) {
        parent->erase(target.tokens.back());
    } else {
        parent->erase(std::stoul(target.tokens.back()));
    }
}

struct IdSpec {
    std::string column; // empty: row number
    std::string prefix;
    int digits = 0;
};

[[noreturn]] void bad_mapping(const std::string& where, const std::string& what)
{
    throw Error(Exit::usage, say("mapping {}: {}", where.empty() ? "(top level)" : where, what));
}

void allow_keys(const Json& object, const std::string& where, std::initializer_list<std::string_view> keys)
{
    if (!object.is_object()) {
        bad_mapping(where, tr("must be a JSON object"));
    }
    for (const auto& [key, value] : object.items()) {
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
            std::string known;
            for (std::string_view k : keys) {
                known += known.empty() ? "" : ", ";
                known += k;
            }
            bad_mapping(where, say("unknown key \"{}\" (known keys: {})", key, known));
        }
    }
}

std::string get_string(const Json& object, const std::string& key, const std::string& where)
{
    const Json& v = object.at(key);
    if (!v.is_string() || v.get<std::string>().empty()) {
        bad_mapping(where + "/" + key, tr("must be a non-empty string"));
    }
    return v.get<std::string>();
}

Target make_target(const Json& v, const std::string& where)
{
    if (!v.is_string()) {
        bad_mapping(where, tr("a field must be named by a JSON Pointer string such as \"/origin/country\""));
    }
    std::string text = v.get<std::string>();
    if (text.empty() || text == "/") {
        bad_mapping(where, tr("a field pointer cannot name the whole record"));
    }
    if (text.front() != '/') {
        bad_mapping(where, say("\"{}\" is not a JSON Pointer (it must start with / as in \"/origin/country\")", text));
    }
    Target t{text, {}};
    std::size_t start = 1;
    for (;;) {
        std::size_t slash = text.find('/', start);
        std::string token = text.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        std::string unescaped;
        for (std::size_t i = 0; i < token.size(); ++i) {
            if (token[i] == '~') {
                if (i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
                    unescaped.push_back(token[i + 1] == '0' ? '~' : '/');
                    ++i;
                    continue;
                }
                bad_mapping(where, say("\"{}\" is not a JSON Pointer: ~ must be written ~0", text));
            }
            unescaped.push_back(token[i]);
        }
        if (unescaped.empty()) {
            bad_mapping(where, say("\"{}\" has an empty step", text));
        }
        // Filling /journey/100000000 would make a hundred million empty legs first.
        if (all_digits(unescaped) && (unescaped.size() > 4 || std::stoul(unescaped) >= max_mapped_index)) {
            bad_mapping(where, say("\"{}\": a list position in a mapping must be below {}", shorten(text), max_mapped_index));
        }
        t.tokens.push_back(std::move(unescaped));
        if (slash == std::string::npos) {
            break;
        }
        start = slash + 1;
    }
    return t;
}

// Checks a date format: YYYY is required, and a day needs a month.
void check_date_format(const std::string& format, const std::string& where)
{
    bool year = format.find("YYYY") != std::string::npos;
    bool month = format.find('M') != std::string::npos;
    bool day = format.find('D') != std::string::npos;
    if (!year || (day && !month)) {
        bad_mapping(where, say("date format \"{}\" needs YYYY (and M before D is usable): e.g. \"M/D/YYYY\"", format));
    }
}

constexpr std::string_view month_names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};

} // namespace

struct CsvMapping::Spec {
    char delimiter = ',';
    std::optional<std::size_t> skip_rows;
    std::set<std::string> withheld; // fold_marker form
    IdSpec id;
    std::vector<std::pair<Target, Json>> constants;
    std::vector<ColumnSpec> columns;
    std::vector<RuleSpec> rules;
};

CsvMapping::CsvMapping(std::unique_ptr<Spec> spec) : spec_(std::move(spec)) {}
CsvMapping::CsvMapping(CsvMapping&&) noexcept = default;
CsvMapping& CsvMapping::operator=(CsvMapping&&) noexcept = default;
CsvMapping::~CsvMapping() = default;

CsvMapping CsvMapping::from_json(const Json& m)
{
    auto spec = std::make_unique<Spec>();
    allow_keys(m, "", {"$comment", "description", "delimiter", "skip_rows", "withheld", "id", "constants", "columns", "rules"});
    if (m.contains("delimiter")) {
        const Json& d = m["delimiter"];
        if (!d.is_string() || d.get<std::string>().size() != 1) {
            bad_mapping("/delimiter", tr("must be one character, such as \",\" or \";\""));
        }
        spec->delimiter = d.get<std::string>()[0];
    }
    if (m.contains("skip_rows")) {
        const Json& s = m["skip_rows"];
        if (!s.is_number_unsigned()) {
            bad_mapping("/skip_rows", tr("must be a whole number of rows (0 or more)"));
        }
        spec->skip_rows = s.get<std::size_t>();
    }
    if (m.contains("withheld")) {
        const Json& w = m["withheld"];
        if (!w.is_array()) {
            bad_mapping("/withheld", tr("must be a list of cell values, such as [\"(b)(6)\"]"));
        }
        for (std::size_t i = 0; i < w.size(); ++i) {
            if (!w[i].is_string() || fold_marker(w[i].get<std::string>()).empty()) {
                bad_mapping(fmt::format("/withheld/{}", i), tr("must be a non-blank string"));
            }
            spec->withheld.insert(fold_marker(w[i].get<std::string>()));
        }
    }
    if (!m.contains("id")) {
        bad_mapping("/id", tr("is missing: say how ids are made, {\"column\": \"Case ID\"} or {\"prefix\": \"x-\", \"row_number\": true}"));
    }
    {
        const Json& id = m["id"];
        allow_keys(id, "/id", {"column", "prefix", "row_number", "digits"});
        if (id.contains("prefix")) {
            if (!id["prefix"].is_string()) {
                bad_mapping("/id/prefix", tr("must be a string"));
            }
            spec->id.prefix = id["prefix"].get<std::string>();
        }
        bool by_row = id.contains("row_number");
        if (by_row && !(id["row_number"].is_boolean() && id["row_number"].get<bool>())) {
            bad_mapping("/id/row_number", tr("must be true (or left out when ids come from a column)"));
        }
        if (by_row == id.contains("column")) {
            bad_mapping("/id", tr("needs exactly one of \"column\" or \"row_number\": true"));
        }
        if (id.contains("column")) {
            spec->id.column = get_string(id, "column", "/id");
        }
        if (id.contains("digits")) {
            if (!id["digits"].is_number_unsigned() || id["digits"].get<int>() > 20) {
                bad_mapping("/id/digits", tr("must be a whole number from 0 to 20"));
            }
            spec->id.digits = id["digits"].get<int>();
        }
    }
    if (m.contains("constants")) {
        const Json& c = m["constants"];
        if (!c.is_object()) {
            bad_mapping("/constants", tr("must be an object of JSON Pointer -> value"));
        }
        for (const auto& [key, value] : c.items()) {
            spec->constants.emplace_back(make_target(Json(key), "/constants/" + pointer_escape(key)), value);
        }
    }
    if (!m.contains("columns") || !m["columns"].is_array()) {
        bad_mapping("/columns", tr("must be a list of {\"column\": …, \"pointer\": …} objects"));
    }
    const Json& columns = m["columns"];
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const std::string where = fmt::format("/columns/{}", i);
        const Json& c = columns[i];
        allow_keys(c, where, {"column", "pointer", "values", "countries", "date", "type", "$comment"});
        ColumnSpec col;
        if (!c.contains("column")) {
            bad_mapping(where, tr("needs \"column\": the header of the column"));
        }
        col.column = get_string(c, "column", where);
        if (!c.contains("pointer")) {
            bad_mapping(where, tr("needs \"pointer\": the field the column fills, such as \"/origin/country\""));
        }
        if (c["pointer"].is_array()) {
            for (std::size_t k = 0; k < c["pointer"].size(); ++k) {
                col.targets.push_back(make_target(c["pointer"][k], fmt::format("{}/pointer/{}", where, k)));
            }
            if (col.targets.empty()) {
                bad_mapping(where + "/pointer", tr("names no field"));
            }
        } else {
            col.targets.push_back(make_target(c["pointer"], where + "/pointer"));
        }
        col.sensitive = std::any_of(col.targets.begin(), col.targets.end(),
                                    [](const Target& t) { return is_sensitive_field(t.text); });
        if (c.contains("values")) {
            const Json& v = c["values"];
            if (!v.is_object()) {
                bad_mapping(where + "/values", tr("must be an object of cell value -> field value"));
            }
            col.has_values = true;
            for (const auto& [key, value] : v.items()) {
                auto [it, inserted] = col.values.emplace(fold(key), value);
                if (!inserted) {
                    bad_mapping(where + "/values", say("\"{}\" is listed twice (values compare ignoring case)", key));
                }
            }
        }
        if (c.contains("countries")) {
            if (!c["countries"].is_boolean()) {
                bad_mapping(where + "/countries", tr("must be true or false"));
            }
            col.countries = c["countries"].get<bool>();
        }
        if (c.contains("date")) {
            const Json& d = c["date"];
            if (d.is_string()) {
                col.date_formats.push_back(d.get<std::string>());
            } else if (d.is_array()) {
                for (const Json& f : d) {
                    if (!f.is_string()) {
                        bad_mapping(where + "/date", tr("must be a date format or a list of them"));
                    }
                    col.date_formats.push_back(f.get<std::string>());
                }
            } else {
                bad_mapping(where + "/date", tr("must be a date format such as \"M/D/YYYY\", or a list of them"));
            }
            for (const std::string& f : col.date_formats) {
                check_date_format(f, where + "/date");
            }
        }
        if (c.contains("type")) {
            const Json& t = c["type"];
            static const std::vector<std::pair<std::string, CellType>> types = {
                {"string", CellType::string}, {"integer", CellType::integer},
                {"number", CellType::number}, {"boolean", CellType::boolean}};
            auto it = std::find_if(types.begin(), types.end(), [&](const auto& p) { return t.is_string() && p.first == t.get<std::string>(); });
            if (it == types.end()) {
                bad_mapping(where + "/type", tr("must be one of string, integer, number, boolean"));
            }
            col.type = it->second;
            col.type_given = true;
        }
        spec->columns.push_back(std::move(col));
    }
    if (m.contains("rules")) {
        const Json& rules = m["rules"];
        if (!rules.is_array()) {
            bad_mapping("/rules", tr("must be a list of {\"column\", \"equals\" or \"in\", \"set\"} objects"));
        }
        for (std::size_t i = 0; i < rules.size(); ++i) {
            const std::string where = fmt::format("/rules/{}", i);
            const Json& r = rules[i];
            allow_keys(r, where, {"column", "equals", "in", "set", "remove", "$comment"});
            RuleSpec rule;
            if (!r.contains("column")) {
                bad_mapping(where, tr("needs \"column\""));
            }
            rule.column = get_string(r, "column", where);
            if (r.contains("equals") == r.contains("in")) {
                bad_mapping(where, tr("needs exactly one of \"equals\" (a value) or \"in\" (a list of values)"));
            }
            if (r.contains("equals")) {
                rule.equals.insert(fold(get_string(r, "equals", where)));
            } else {
                if (!r["in"].is_array()) {
                    bad_mapping(where + "/in", tr("must be a list of cell values"));
                }
                for (const Json& v : r["in"]) {
                    if (!v.is_string()) {
                        bad_mapping(where + "/in", tr("must be a list of cell values (strings)"));
                    }
                    rule.equals.insert(fold(v.get<std::string>()));
                }
            }
            if (!r.contains("set") && !r.contains("remove")) {
                bad_mapping(where, tr("needs \"set\" (fields to set) or \"remove\" (fields to leave out), or both"));
            }
            if (r.contains("set")) {
                if (!r["set"].is_object() || r["set"].empty()) {
                    bad_mapping(where + "/set", tr("must be an object of JSON Pointer -> value"));
                }
                for (const auto& [key, value] : r["set"].items()) {
                    rule.set.emplace_back(make_target(Json(key), where + "/set/" + pointer_escape(key)), value);
                }
            }
            if (r.contains("remove")) {
                if (!r["remove"].is_array() || r["remove"].empty()) {
                    bad_mapping(where + "/remove", tr("must be a list of JSON Pointers"));
                }
                for (std::size_t k = 0; k < r["remove"].size(); ++k) {
                    rule.remove.push_back(make_target(r["remove"][k], fmt::format("{}/remove/{}", where, k)));
                }
            }
            spec->rules.push_back(std::move(rule));
        }
    }
    return CsvMapping(std::move(spec));
}

CsvMapping CsvMapping::load(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        throw Error(Exit::io, say("cannot read mapping {}: {}", path, std::strerror(errno)));
    }
    std::ostringstream buffer;
    buffer << f.rdbuf();
    std::string text = std::move(buffer).str();
    ParseResult parsed = parse_json(text);
    if (!parsed.value) {
        Position at = position_at(text, parsed.error.offset);
        throw Error(Exit::usage, say("{}:{}:{}: mapping is not valid JSON: {}", path, at.line, at.column, parsed.error.message));
    }
    try {
        return from_json(*parsed.value);
    } catch (const Error& e) {
        throw Error(e.exit(), fmt::format("{}: {}", path, e.what()));
    }
}

std::optional<std::string> convert_date(std::string_view text, std::string_view format)
{
    text = trim(text);
    int year = -1, month = 0, day = 0;
    std::size_t t = 0;
    auto read_digits = [&](std::size_t min, std::size_t max) -> std::optional<int> {
        std::size_t n = 0;
        int v = 0;
        while (n < max && t < text.size() && text[t] >= '0' && text[t] <= '9') {
            v = v * 10 + (text[t] - '0');
            ++t;
            ++n;
        }
        if (n < min) {
            return std::nullopt;
        }
        return v;
    };
    for (std::size_t f = 0; f < format.size();) {
        std::string_view rest = format.substr(f);
        std::optional<int> v;
        if (rest.starts_with("YYYY")) {
            v = read_digits(4, 4);
            year = v.value_or(-1);
            f += 4;
        } else if (rest.starts_with("MMM")) {
            if (t + 3 > text.size()) {
                return std::nullopt;
            }
            std::string name = fold(text.substr(t, 3));
            auto it = std::find(std::begin(month_names), std::end(month_names), name);
            if (it == std::end(month_names)) {
                return std::nullopt;
            }
            month = static_cast<int>(it - std::begin(month_names)) + 1;
            v = month;
            t += 3;
            f += 3;
        } else if (rest.starts_with("MM") || rest.starts_with("M")) {
            v = read_digits(1, 2);
            month = v.value_or(0);
            f += rest.starts_with("MM") ? 2 : 1;
        } else if (rest.starts_with("DD") || rest.starts_with("D")) {
            v = read_digits(1, 2);
            day = v.value_or(0);
            f += rest.starts_with("DD") ? 2 : 1;
        } else {
            if (t >= text.size() || text[t] != format[f]) {
                return std::nullopt;
            }
            v = 0;
            ++t;
            ++f;
        }
        if (!v) {
            return std::nullopt;
        }
    }
    if (t != text.size() || year < 0) {
        return std::nullopt;
    }
    std::string iso = fmt::format("{:04}", year);
    if (month != 0) {
        iso += fmt::format("-{:02}", month);
        if (day != 0) {
            iso += fmt::format("-{:02}", day);
        }
    }
    if (!parse_partial_date(iso)) {
        return std::nullopt;
    }
    return iso;
}

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
        out.record = canonicalise(record);
        out.cells = std::move(row.cells);
        if (!visit(out)) {
            return;
        }
    }
}

} // namespace casebook
