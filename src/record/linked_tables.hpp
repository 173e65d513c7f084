// Linked tables for statistics: the cases and each kind of sub-record (legs,
// returns, harms, sources) and each list (flags, reasons, ...) as a table of
// its own, joined by case_id and a position. The columns are the same for
// every database (they come from the schema and the derivation rules, never
// from the data), so scripts and rbind() keep working; export --format
// package, stata and spss and the sub-record views of query --sql all read them.
//
// Cells are text as a CSV holds them: booleans TRUE/FALSE (R's read.csv and
// pandas read them as logical), integers in decimal, missing values absent
// (written NA). Every date is four columns: the ISO text as recorded
// (2020-10), its precision (year, month or day) and the first and last day it
// can mean (2020-10-01, 2020-10-31), so an interval can be computed honestly.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "json/json.hpp"

namespace casebook::record {

// What a column holds.
enum class ColumnType {
    string,  // text or a code
    integer, // a whole number (a year, an age, a position, a count)
    boolean, // TRUE or FALSE
    date,    // a calendar day, YYYY-MM-DD
    list,    // values joined by ";" (the source ids of a harm)
};

// One column of a linked table.
struct LinkedColumn {
    std::string name;
    ColumnType type = ColumnType::string;
    std::string description;          // from the schema, or the rule that derives it
    std::vector<std::string> values;  // its vocabulary, in order; empty when the values are free
    bool sensitive = false;           // the schema marks the field x-sensitive
};

// Columns of one table that name a row of another.
struct ForeignKey {
    std::vector<std::string> fields;
    std::string table;
    std::vector<std::string> table_fields;
};

// One linked table.
struct LinkedTable {
    std::string name;
    std::string description;
    std::vector<LinkedColumn> columns;
    std::vector<std::string> primary_key;
    std::vector<ForeignKey> foreign_keys;
};

// Whether the tables keep the columns of sensitive fields (export) or leave
// them out (export --redact, query --sql).
enum class SensitiveColumns { kept, dropped };

// The tables in order: cases, legs, returns, harms, sources, then the long
// tables (flags, reasons, persecutors, home_failures, leg_failures,
// situations, tags, harm_sources).
const std::vector<LinkedTable>& linked_tables(SensitiveColumns sensitive);

// One cell: its text, or nullopt when the value is missing.
using Cell = std::optional<std::string>;
using LinkedRow = std::vector<Cell>;

// Calls visit(table, row) for every row one record gives, table being the
// index in linked_tables(sensitive) and row matching its columns. Tolerates
// partial records (drafts): a missing field is a missing cell.
void linked_rows(const Json& record, SensitiveColumns sensitive,
                 const std::function<void(std::size_t table, const LinkedRow& row)>& visit);

} // namespace casebook::record
