// A read-only connection for queries and tables, internal to the library: the
// database is first opened through Store (missing file, wrong format and
// migrations are handled there), then again read-only for plain SELECTs.
#pragma once

#include <functional>
#include <string>
#include <variant>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <fmt/format.h>

#include "util/error.hpp"
#include "store/store.hpp"
#include "record/where.hpp"

namespace casebook::analysis::reading {

// Opens the database for reading; throws Error(io) when it cannot be.
inline SQLite::Database open_reader(const store::DatabaseFile& file)
{
    const std::string& path = file.path;
    store::Store checked = store::Store::open(path, store::Access::read, file.settings);
    try {
        const bool copy = checked.sqlite_name() != path; // a URI only then: a file may be named "file:..."
        SQLite::Database db(checked.sqlite_name(), SQLite::OPEN_READONLY | (copy ? SQLite::OPEN_URI : 0),
                             file.settings.busy_timeout_ms);
        db.exec("PRAGMA query_only = 1");
        record::register_where_functions(db.getHandle());
        return db;
    } catch (const SQLite::Exception& e) {
        throw Error(Exit::io, fmt::format("cannot read the database {}: {}", path, e.what()));
    }
}

// Binds parameters to "?" 1..n, after `first - 1` already bound.
inline void bind_all(SQLite::Statement& st, const std::vector<record::SqlValue>& params, int first = 1)
{
    int i = first;
    for (const record::SqlValue& v : params) {
        if (const auto* n = std::get_if<long long>(&v)) {
            st.bind(i++, static_cast<int64_t>(*n));
        } else {
            st.bind(i++, std::get<std::string>(v));
        }
    }
}

// Runs f, turning SQLite's exceptions into Error(io).
template <class F>
auto guarded(const std::string& path, F&& f) -> decltype(f())
{
    try {
        return f();
    } catch (const SQLite::Exception& e) {
        throw Error(Exit::io, fmt::format("database {}: {}", path, e.what()));
    }
}

} // namespace casebook::analysis::reading
