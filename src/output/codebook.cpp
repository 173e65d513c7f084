#include "output/codebook.hpp"

#include "record/derive.hpp"
#include "util/i18n.hpp"
#include "record/linked_tables.hpp"
#include "schema/schema_model.hpp"

namespace casebook::output {

namespace {

std::string type_name(record::ColumnType type)
{
    switch (type) {
    case record::ColumnType::integer:
        return "integer";
    case record::ColumnType::boolean:
        return "boolean";
    case record::ColumnType::date:
        return "date";
    case record::ColumnType::string:
    case record::ColumnType::list:
        break;
    }
    return "string";
}

// The meaning the schema's vocabulary definition gives a value, written in
// its description as "value (meaning)"; empty when it gives none.
std::string schema_meaning(const std::vector<std::string>& values, const std::string& value)
{
    for (const auto& [name, definition] : schema::case_model().definitions()) {
        if (!definition->choices || *definition->choices != values) {
            continue;
        }
        if (std::string meaning = definition->meaning(value); !meaning.empty()) {
            return meaning;
        }
    }
    return "";
}

std::string meaning_of(const record::LinkedColumn& column, const std::string& value)
{
    for (const auto* list : {&record::outcome_values(), &record::flag_values()}) {
        for (const record::DerivedValue& d : *list) {
            if (d.name == value && (column.name == "flag" || column.name.find("outcome") != std::string::npos)) {
                return std::string(d.meaning);
            }
        }
    }
    std::string meaning = schema_meaning(column.values, value);
    return meaning.empty() ? value_label(value) : meaning;
}

bool is_key(const record::LinkedTable& table, const std::string& column)
{
    for (const std::string& k : table.primary_key) {
        if (k == column) {
            return true;
        }
    }
    return false;
}

CodebookEntry entry_of(const record::LinkedTable& table, const record::LinkedColumn& column)
{
    CodebookEntry e{table.name, column.name, type_name(column.type), column.sensitive, is_key(table, column.name),
                    column.description, {}};
    if (column.type == record::ColumnType::list) {
        e.description += " (values separated by \";\")";
    }
    for (const std::string& v : column.values) {
        e.values.push_back({v, meaning_of(column, v)});
    }
    return e;
}

} // namespace

std::vector<CodebookEntry> codebook()
{
    std::vector<CodebookEntry> out;
    for (const record::LinkedTable& t : record::linked_tables(record::SensitiveColumns::kept)) {
        for (const record::LinkedColumn& c : t.columns) {
            out.push_back(entry_of(t, c));
        }
    }
    return out;
}

Json codebook_json()
{
    Json tables = Json::array();
    for (const record::LinkedTable& t : record::linked_tables(record::SensitiveColumns::kept)) {
        Json columns = Json::array();
        for (const record::LinkedColumn& c : t.columns) {
            const CodebookEntry e = entry_of(t, c);
            Json values = Json::array();
            for (const CodebookValue& v : e.values) {
                values.push_back({{"value", v.value}, {"meaning", v.meaning}});
            }
            columns.push_back({{"name", e.column}, {"type", e.type}, {"key", e.key}, {"sensitive", e.sensitive},
                               {"description", e.description}, {"values", std::move(values)}});
        }
        Json keys = Json::array();
        for (const record::ForeignKey& k : t.foreign_keys) {
            keys.push_back({{"fields", k.fields}, {"table", k.table}, {"table_fields", k.table_fields}});
        }
        tables.push_back({{"name", t.name}, {"description", t.description}, {"primary_key", t.primary_key},
                          {"foreign_keys", std::move(keys)}, {"columns", std::move(columns)}});
    }
    return {{"tables", std::move(tables)}};
}

Grid codebook_grid()
{
    Grid g;
    g.header = {"table", "column", "type", "key", "sensitive", "description", "value", "meaning"};
    for (const CodebookEntry& e : codebook()) {
        std::vector<std::string> row = {e.table, e.column, e.type, e.key ? "yes" : "no", e.sensitive ? "yes" : "no",
                                        e.description, "", ""};
        if (e.values.empty()) {
            g.rows.push_back(row);
        }
        for (const CodebookValue& v : e.values) {
            row[6] = v.value;
            row[7] = v.meaning;
            g.rows.push_back(row);
        }
    }
    return g;
}

std::string codebook_markdown()
{
    // A cell of a Markdown table: pipes escaped, no line breaks.
    auto cell = [](std::string text) {
        std::string out;
        for (char c : text) {
            out += c == '|' ? std::string("\\|") : c == '\n' ? std::string(" ") : std::string(1, c);
        }
        return out;
    };
    std::string out = "# Codebook of casebook's linked tables\n\n"
                      "Each table is a CSV file of `export --format package` (and a view of `query --sql` for legs, "
                      "returns, harms and sources). Missing values are `NA`; booleans `TRUE`/`FALSE`; sensitive "
                      "columns are left out by `--redact`.\n";
    for (const record::LinkedTable& t : record::linked_tables(record::SensitiveColumns::kept)) {
        out += "\n## " + t.name + "\n\n" + t.description + ". Primary key: ";
        for (std::size_t i = 0; i < t.primary_key.size(); ++i) {
            out += (i == 0 ? "`" : ", `") + t.primary_key[i] + "`";
        }
        out += ".\n\n| column | type | description | values |\n|---|---|---|---|\n";
        for (const record::LinkedColumn& c : t.columns) {
            const CodebookEntry e = entry_of(t, c);
            std::string values;
            for (const CodebookValue& v : e.values) {
                values += (values.empty() ? "`" : "; `") + v.value + "`" + (v.meaning == v.value ? "" : ": " + v.meaning);
            }
            out += "| `" + e.column + "`" + (e.sensitive ? " (sensitive)" : "") + " | " + e.type + " | " +
                   cell(e.description) + " | " + cell(values) + " |\n";
        }
    }
    return out;
}

} // namespace casebook::output
