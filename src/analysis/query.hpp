// `casebook query`: the cases that match --where, as columns or whole
// records. --sql runs in a sandbox of its own: see sql_sandbox.hpp.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/open_settings.hpp"
#include "record/consent.hpp"
#include "json/json.hpp"
#include "record/where.hpp"

namespace casebook::analysis {

// One column `query --columns` can print.
struct QueryColumn {
    std::string_view name;
    std::string_view meaning;
};

// Every column: id, the stored columns of cases_v, and each multi-valued
// dimension (its values joined by ';').
const std::vector<QueryColumn>& query_columns();

// id, origin, returned_from, return_date, mechanism, outcome, flags, status.
std::vector<std::string> default_query_columns();

// Parses a comma-separated --columns list; throws Error(usage) with a did-you-mean.
std::vector<std::string> parse_query_columns(std::string_view list);

// What to list.
struct RecordQuery {
    std::vector<record::Condition> where;
    std::vector<std::string> columns = default_query_columns();
    std::string sort = "id";          // a column that is not multi-valued
    bool descending = false;          // --sort -COLUMN
    std::optional<long long> limit;
};

// Parses --sort ("return_date", "-return_date") into the query; throws Error(usage).
void set_sort(RecordQuery& query, std::string_view sort);

// A row of results: one JSON value (string, number or null) per column.
using ResultRow = std::vector<Json>;

// How many cases match, of those tables count (consent.hpp, Output::counts).
long long count_matching(const store::DatabaseFile& db_file, const std::vector<record::Condition>& where);

// Calls row for each matching case tables count, in sort order, with query.columns.
void select_cases(const store::DatabaseFile& db_file, const RecordQuery& query, const std::function<void(const ResultRow&)>& row);

// Calls record for the stored document of each matching case that `output`
// may print (consent.hpp), in sort order; the caller redacts shared records.
void select_documents(const store::DatabaseFile& db_file, const RecordQuery& query, record::Output output,
                      const std::function<void(const Json&)>& record);

} // namespace casebook::analysis
