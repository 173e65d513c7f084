// How a database is opened (Store::open): the settings the command line takes
// from the environment, and the notices it prints.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/database_files.hpp"

namespace casebook::store {

// Told when Store::open has migrated a database to this build's format: the
// file, its old and new format, and the backup copy made first (none when the
// database held no case).
using MigrationNotice =
    std::function<void(const std::string& path, int from, int to, const std::optional<std::string>& backup)>;

// Told when Store::open has opened a database, with warnings about its files
// (a database others can read: see database_files.hpp).
using OpenNotice = std::function<void(const std::string& path, const std::vector<std::string>& warnings)>;

// How a database is opened: what the command line takes from the environment
// and whom it tells what opening did. The defaults hear nothing.
struct OpenSettings {
    int busy_timeout_ms = 5000;       // how long a write waits for another writer's lock
    Sharing sharing = Sharing::owner; // whose the database's files may be
    MigrationNotice migrated;         // told of a migration (the command line says so, once)
    OpenNotice opened;                // told of the warnings about the files
};

// A database to open, and how: what the command line hands to the readers of
// the analysis layer. A bare path (tests, tools) opens with the defaults.
struct DatabaseFile {
    DatabaseFile(std::string path, OpenSettings settings = {}) // NOLINT(google-explicit-constructor): a path is a database with the defaults
        : path(std::move(path)), settings(std::move(settings))
    {
    }
    DatabaseFile(const char* path) : DatabaseFile(std::string(path)) {} // NOLINT(google-explicit-constructor)
    std::string path;
    OpenSettings settings;
};

} // namespace casebook::store
