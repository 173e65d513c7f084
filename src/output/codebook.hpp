// casebook codebook: every column of the linked tables (linked_tables.hpp) --
// its table, type, meaning, whether it is sensitive, and its values with
// their meanings -- generated from the schema and the derivation rules, the
// same model the exports use, so no meaning is written twice.
#pragma once

#include <string>
#include <vector>

#include "output/format.hpp"
#include "json/json.hpp"

namespace casebook::output {

// One value of a coded column and what it means.
struct CodebookValue {
    std::string value;
    std::string meaning;
};

// One column of one linked table.
struct CodebookEntry {
    std::string table;
    std::string column;
    std::string type;        // the Table Schema type: string, integer, boolean, date
    bool sensitive = false;  // left out by --redact and by query --sql
    bool key = false;        // part of the table's primary key
    std::string description;
    std::vector<CodebookValue> values; // empty when the values are free
};

// Every column of every table, in table and column order.
std::vector<CodebookEntry> codebook();

// The codebook as JSON: {"tables": [{"name", "description", "primary_key",
// "foreign_keys": [{"fields", "table", "table_fields"}], "columns": [{"name",
// "type", "key", "sensitive", "description", "values": [{"value", "meaning"}]}]}]}.
Json codebook_json();

// The codebook in long form for csv and tsv: one row per value of a coded
// column, one row (value and meaning empty) per other column.
Grid codebook_grid();

// The codebook as a Markdown document: a section per table.
std::string codebook_markdown();

} // namespace casebook::output
