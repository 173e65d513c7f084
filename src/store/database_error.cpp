// Database failures as the library's one error type.
#include "store/database_error.hpp"

#include <filesystem>

#include <unistd.h>

#include <sqlite3.h>

#include "util/error.hpp"
#include "util/i18n.hpp"

namespace casebook::store {

namespace fs = std::filesystem;

std::string folder_hint(const std::string& path)
{
    std::string folder = fs::path(path).parent_path().string();
    if (folder.empty()) {
        folder = ".";
    }
    if (::access(folder.c_str(), W_OK) == 0) {
        return "";
    }
    return say(" (the folder {} is not writable, and SQLite keeps {}-wal and {}-shm beside the database, "
                       "even to read it: make the folder writable, or copy the database elsewhere)",
                       folder, path, path);
}

[[noreturn]] void database_failure(const std::string& path, const SQLite::Exception& e)
{
    switch (e.getErrorCode()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        throw Error(Exit::io, say("the database {} is busy (another casebook is writing to it): try again", path));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        throw Error(Exit::io, say("{} is not a casebook database, or it is damaged ({}): restore it from a backup", path, e.what()));
    case SQLITE_READONLY:
        throw Error(Exit::io, say("cannot write to the database {}: {}{}", path, e.what(), folder_hint(path)));
    case SQLITE_CANTOPEN:
        throw Error(Exit::io, say("cannot open the database {}: {}{}", path, e.what(), folder_hint(path)));
    case SQLITE_FULL:
        throw Error(Exit::io, say("cannot write to the database {}: the disk is full", path));
    default:
        throw Error(Exit::io, say("database {}: {}", path, e.what()));
    }
}

} // namespace casebook::store
