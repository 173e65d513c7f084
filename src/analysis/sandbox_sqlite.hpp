// The SQLite calls of the query --sql sandbox (sql_sandbox.cpp, and the views
// of sql_linked_views.cpp it fills): a failure is the sandbox's, exit 3.
// Internal to the library.
#pragma once

#include <memory>
#include <string>

#include <sqlite3.h>

namespace casebook::analysis::sandbox {

// A prepared statement, finalised when it goes.
using Prepared = std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)>;

// Prepares sql on db; throws Error(io) naming SQLite's reason.
Prepared prepare(sqlite3* db, const std::string& sql);

// Runs sql (any number of statements) on db; throws Error(io) naming SQLite's reason.
void exec(sqlite3* db, const std::string& sql);

} // namespace casebook::analysis::sandbox
