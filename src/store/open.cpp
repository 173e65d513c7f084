// Creating and opening a database file: the checks of the file, the format,
// and the migration (in place, or of a private copy to read).
#include "store/store_impl.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SQLiteCpp/Backup.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include "store/database_error.hpp"
#include "util/database_files.hpp"
#include "util/error.hpp"
#include "util/i18n.hpp"

namespace casebook::store {

namespace fs = std::filesystem;

namespace {

// PRAGMA application_id of a casebook database: "CSBK".
constexpr int application_id = 0x4353424B;

// A reader of a read-only (0400) database leaves -wal and -shm files of that
// mode behind (it may not remove them). Once the database is writable again,
// such a read-only -shm would make every write fail as "readonly": give the
// owner's write bit back to companions of ours, before SQLite opens them.
void writable_companions(const std::string& path, const struct stat& db)
{
    if ((db.st_mode & S_IWUSR) == 0) {
        return;
    }
    for (const char* suffix : {"-wal", "-shm"}) {
        std::string companion = path + suffix;
        struct stat st {};
        if (::stat(companion.c_str(), &st) == 0 && st.st_uid == ::geteuid() && (st.st_mode & S_IWUSR) == 0) {
            ::chmod(companion.c_str(), 0600);
        }
    }
}

} // namespace

Store Store::create(const std::string& path, const OpenSettings& settings, const std::vector<Migration>& steps)
{
    if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) {
        throw Error(Exit::usage, say("\"{}\" names no file SQLite would keep (a database in memory is lost "
                                             "when casebook exits): name a file, such as study.db",
                                             path));
    }
    // Made whole in a private folder beside it, then given its name without
    // replacing anything: no existing file, link or pipe is ever opened.
    OutputFile out(path, Overwrite::no, ProtectedFiles{}, tr("the database"));
    guarded(path, [&] {
        Impl impl(path, out.staged_path(), SQLite::OPEN_READWRITE, settings.busy_timeout_ms);
        // Before anything is written: a case's document (~2 KB) leaves half of a
        // 4 KB page empty; 16 KB pages hold seven, and a large import writes less.
        impl.db.exec("PRAGMA page_size = 16384");
        impl.db.exec("PRAGMA journal_mode = WAL");
        impl.db.exec(fmt::format("PRAGMA application_id = {}", application_id));
        impl.migrate(steps, 0);
        impl.write([&] {
            SQLite::Statement& st = impl.statement("INSERT INTO meta(key, value) VALUES (?, ?)");
            for (const auto& [key, value] : {std::pair<std::string, std::string>{"created_at", utc_now()},
                                             {"created_by", std::string("casebook ") + CASEBOOK_VERSION}}) {
                st.reset();
                st.bind(1, key);
                st.bind(2, value);
                st.exec();
            }
        });
    }); // closing the last connection folds the -wal into the file
    out.commit();
    return open(path, Access::write, settings, steps);
}

Store Store::open(const std::string& path, Access access, const OpenSettings& settings, const std::vector<Migration>& steps)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) {
            throw Error(Exit::io, say("no database at {}: create one with 'casebook init'", path));
        }
        throw Error(Exit::io, say("cannot open the database {}: {}", path, std::strerror(errno)));
    }
    if (S_ISDIR(st.st_mode)) {
        throw Error(Exit::io, say("{} is a folder, not a database: name the database file with --db", path));
    }
    std::vector<std::string> warnings = check_database_files(path, settings.sharing);
    writable_companions(path, st);
    const int latest = steps.empty() ? 0 : steps.back().version;
    const int flags = access == Access::read ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE;
    std::optional<std::string> backup_file;
    auto impl = guarded(path, [&] {
        auto impl = std::make_unique<Impl>(path, flags, settings.busy_timeout_ms);
        // The first read: a file that is not SQLite fails here.
        int app = impl->db.execAndGet("PRAGMA application_id").getInt();
        int version = impl->user_version();
        if (app != application_id || version <= 0) {
            throw Error(Exit::io, say("{} is not a casebook database (create one with 'casebook init')", path));
        }
        if (version > latest) {
            throw Error(Exit::io,
                        say("{} was written by a newer casebook (database format {}; this casebook reads up to {}): "
                                    "upgrade casebook to use it",
                                    path, version, latest));
        }
        // SQLite opens a file it may not write read-only, silently: say so now,
        // not after an import or an edit, and before a migration makes a backup.
        if (access == Access::write && sqlite3_db_readonly(impl->db.getHandle(), "main") == 1) {
            throw Error(Exit::io, say("cannot write to the database {}: attempt to write a readonly database{}",
                                              path, folder_hint(path)));
        }
        if (version < latest && access == Access::read) {
            // Reading never changes the file (it may be on read-only storage):
            // a private copy in memory is migrated and read instead, named so
            // that the library's other readers (queries, tables) open it too.
            static int copies = 0;
            auto copy = std::make_unique<Impl>(
                path, fmt::format("file:casebook-copy-{}-{}?mode=memory&cache=shared", ::getpid(), ++copies),
                SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_URI, settings.busy_timeout_ms);
            SQLite::Backup(copy->db, impl->db).executeStep();
            copy->migrate(steps, version);
            impl = std::move(copy);
        } else if (version < latest) {
            bool has_cases = impl->db.tableExists("cases") &&
                             impl->db.execAndGet("SELECT EXISTS (SELECT 1 FROM cases)").getInt() != 0;
            if (has_cases) {
                backup_file = impl->backup(version);
            }
            try {
                impl->migrate(steps, version);
            } catch (...) {
                // Rolled back: the database is as it was, and the copy of no use.
                if (backup_file) {
                    std::error_code ec;
                    fs::remove(*backup_file, ec);
                }
                throw;
            }
            if (settings.migrated) {
                settings.migrated(path, version, latest, backup_file);
            }
        }
        impl->version = impl->user_version();
        impl->load_sealer();
        return impl;
    });
    impl->backup_file = backup_file;
    // Again: SQLite has made the companions it needed meanwhile.
    check_database_files(path, settings.sharing);
    if (settings.opened) {
        settings.opened(path, warnings);
    }
    return Store(std::move(impl));
}

} // namespace casebook::store
