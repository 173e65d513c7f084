// Reading a CSV mapping file and compiling it (input/mapping_spec.hpp); every
// fault is reported with the JSON Pointer of the part of the mapping it is in.
#include "input/mapping.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "util/error.hpp"
#include "schema/schema.hpp"
#include "input/mapping_spec.hpp"
#include "util/i18n.hpp"

namespace casebook::input {

namespace {

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

} // namespace

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

} // namespace casebook::input
