// Database failures as the library's one error type: SQLite's exceptions
// become Error(io) with a message that says what to do.
#pragma once

#include <string>

#include <SQLiteCpp/Exception.h>

namespace casebook::store {

// Why SQLite may fail to open or write a database whose file looks fine: in
// WAL mode even a reader creates <db>-wal and <db>-shm beside it.
std::string folder_hint(const std::string& path);

// Throws the Error(io) that says what the SQLite failure e on path means.
[[noreturn]] void database_failure(const std::string& path, const SQLite::Exception& e);

// Runs f, turning SQLite's exceptions into the library's one error type.
template <class F>
auto guarded(const std::string& path, F&& f) -> decltype(f())
{
    try {
        return f();
    } catch (const SQLite::Exception& e) {
        database_failure(path, e);
    }
}

} // namespace casebook::store
