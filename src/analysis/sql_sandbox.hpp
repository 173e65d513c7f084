// `query --sql`: one analyst's statement, run where it cannot reach anything
// but the documented analysis views.
//
// The guarantee is structural, not a list of refusals: the database is read
// once, through its own views (cases_v and the <dim>s_v views, see store.hpp)
// and the documents' linked tables without their sensitive columns,
// into tables of the same names in a private in-memory database; the reading
// connection is closed (so its read transaction ends and a writer's -wal can
// be checkpointed) before the statement is even prepared. The statement runs
// on the in-memory database only, which holds no document, no history, no
// meta and no deleted case, so no spelling of a query (USING or NATURAL joins,
// subqueries, CTEs, pragma functions, sqlite_schema, JSON functions) can read
// them. On top of that the sandbox is query_only, keeps temporary data in
// memory, cannot ATTACH (limit 0 and refused), load extensions, or run
// PRAGMAs other than the listing ones, and its statement runs under a time
// limit and a heap limit.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "analysis/query.hpp"

namespace casebook::analysis {

// The bounds a --sql statement runs within; exceeding one is Error(io).
struct SqlLimits {
    std::chrono::milliseconds time{5000};            // --timeout
    std::int64_t memory = std::int64_t{512} << 20;   // bytes of heap beyond the copied views
    int value_length = 64 << 20;                     // bytes in one string or blob
};

// The analysis views a --sql statement can read: cases_v; the sub-record
// views legs_v, returns_v, harms_v and sources_v (one row per leg, return,
// harm or source: the linked tables of linked_tables.hpp without sensitive
// columns, filled from the documents of the cases tables count); then one per
// other multi-valued dimension (flags_v, reasons_v, ...), in registry order.
std::vector<std::string> analysis_views();

// Runs one read-only statement in the sandbox (above); calls header once with
// the column names, then row for each result row. A refused or failing
// statement is Error(usage); running past limits.time or limits.memory, or a
// value longer than limits.value_length, is Error(io); text that is not
// UTF-8 is Error(usage). The heap limit needs SQLite to count memory
// (SQLITE_CONFIG_MEMSTATUS, on by default).
void run_sql(const store::DatabaseFile& db_file, const std::string& sql, const SqlLimits& limits,
             const std::function<void(const std::vector<std::string>&)>& header,
             const std::function<void(const ResultRow&)>& row);

} // namespace casebook::analysis
