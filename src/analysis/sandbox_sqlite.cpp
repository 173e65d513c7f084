#include "analysis/sandbox_sqlite.hpp"

#include "util/error.hpp"
#include "util/i18n.hpp"

namespace casebook::analysis::sandbox {

Prepared prepare(sqlite3* db, const std::string& sql)
{
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr);
    Prepared st(raw, sqlite3_finalize);
    if (rc != SQLITE_OK) {
        throw Error(Exit::io, say("cannot prepare the --sql sandbox: {}", sqlite3_errmsg(db)));
    }
    return st;
}

void exec(sqlite3* db, const std::string& sql)
{
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
        throw Error(Exit::io, say("cannot prepare the --sql sandbox: {}", sqlite3_errmsg(db)));
    }
}

} // namespace casebook::analysis::sandbox
