// The sub-record views of query --sql: legs_v, returns_v, harms_v and
// sources_v, the linked tables of linked_tables.hpp without their sensitive
// columns, for the cases tables count (consent.hpp, Output::counts).
// Internal to the library (src/sql_sandbox.cpp).
#pragma once

#include <string>
#include <vector>

#include "store/open_settings.hpp"

struct sqlite3;

namespace casebook::analysis {

// The names of the views filled from the documents, in table order.
const std::vector<std::string>& linked_view_names();

// Creates each linked view as a table in the sandbox, and fills those the
// statement names (lowered_sql: the statement in lower case) from the
// documents of the database db_file. Throws Error(io).
void fill_linked_views(const store::DatabaseFile& db_file, sqlite3* sandbox, const std::string& lowered_sql);

} // namespace casebook::analysis
