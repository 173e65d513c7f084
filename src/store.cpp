// The SQLite side of the store. SQLiteCpp is included here only.
#include "casebook/store.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <tuple>
#include <unordered_map>

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include "casebook/canonical.hpp"
#include "casebook/database_files.hpp"
#include "casebook/dims.hpp"
#include "casebook/error.hpp"
#include "casebook/private_file.hpp"
#include "casebook/validate.hpp"
#include "record_access.hpp"

namespace casebook {

namespace fs = std::filesystem;

namespace {

// PRAGMA application_id of a casebook database: "CSBK".
constexpr int application_id = 0x4353424B;
constexpr int busy_timeout_ms = 5000;

// Why SQLite may fail to open or write a database whose file looks fine: in
// WAL mode even a reader creates <db>-wal and <db>-shm beside it.
std::string folder_hint(const std::string& path)
{
    std::string folder = fs::path(path).parent_path().string();
    if (folder.empty()) {
        folder = ".";
    }
    if (::access(folder.c_str(), W_OK) == 0) {
        return "";
    }
    return fmt::format(" (the folder {} is not writable, and SQLite keeps {}-wal and {}-shm beside the database, "
                       "even to read it: make the folder writable, or copy the database elsewhere)",
                       folder, path, path);
}

[[noreturn]] void database_failure(const std::string& path, const SQLite::Exception& e)
{
    switch (e.getErrorCode()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        throw Error(Exit::io, fmt::format("the database {} is busy (another casebook is writing to it): try again", path));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        throw Error(Exit::io, fmt::format("{} is not a casebook database, or it is damaged ({}): restore it from a backup", path, e.what()));
    case SQLITE_READONLY:
        throw Error(Exit::io, fmt::format("cannot write to the database {}: {}{}", path, e.what(), folder_hint(path)));
    case SQLITE_CANTOPEN:
        throw Error(Exit::io, fmt::format("cannot open the database {}: {}{}", path, e.what(), folder_hint(path)));
    case SQLITE_FULL:
        throw Error(Exit::io, fmt::format("cannot write to the database {}: the disk is full", path));
    default:
        throw Error(Exit::io, fmt::format("database {}: {}", path, e.what()));
    }
}

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

std::string column_text(SQLite::Statement& st, int i)
{
    return st.getColumn(i).isNull() ? std::string() : st.getColumn(i).getString();
}

} // namespace

namespace {
MigrationNotice migration_notice;
OpenNotice open_notice;
} // namespace

void set_migration_notice(MigrationNotice notice) { migration_notice = std::move(notice); }
void set_open_notice(OpenNotice notice) { open_notice = std::move(notice); }

std::string database_path(const std::string& db_option)
{
    if (!db_option.empty()) {
        return db_option;
    }
    const char* env = std::getenv("CASEBOOK_DB");
    if (env != nullptr && *env != '\0') {
        return env;
    }
    return "casebook.db";
}

std::string current_actor()
{
    const char* env = std::getenv("CASEBOOK_USER");
    if (env != nullptr && *env != '\0') {
        return env;
    }
    if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr && pw->pw_name != nullptr && *pw->pw_name != '\0') {
        return pw->pw_name;
    }
    return "unknown";
}

std::string utc_now()
{
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

class Store::Impl {
public:
    Impl(std::string path, int flags) : Impl(path, path, flags) {}
    // A database named path in messages, in file (what SQLite opens: a name or a URI).
    Impl(std::string path, std::string file, int flags)
        : path(std::move(path)), file(std::move(file)), db(this->file, flags, busy_timeout_ms)
    {
        db.exec("PRAGMA cache_size = -65536"); // 64 MB, not 2: a large import updates ~16 B-trees per case
    }

    // A prepared statement for sql (a string literal), reused across calls.
    SQLite::Statement& statement(const char* sql)
    {
        auto& slot = cache[sql];
        if (!slot) {
            slot = std::make_unique<SQLite::Statement>(db, sql);
        } else {
            slot->reset();
            slot->clearBindings();
        }
        return *slot;
    }

    int user_version() { return db.execAndGet("PRAGMA user_version").getInt(); }

    void write(const std::function<void()>& body)
    {
        if (depth > 0) {
            body();
            return;
        }
        // IMMEDIATE: take the write lock now (waiting up to the busy timeout),
        // not halfway through when a reader upgrade could fail.
        db.exec("BEGIN IMMEDIATE");
        depth = 1;
        try {
            body();
            db.exec("COMMIT");
            depth = 0;
        } catch (...) {
            depth = 0;
            try {
                db.exec("ROLLBACK");
            } catch (const SQLite::Exception&) {
                // The transaction is gone already; the original error matters.
            }
            throw;
        }
    }

    // The column names of the derived values, in binding order: the
    // single-valued dimensions (registry order), return_date, flags.
    static const std::vector<std::string>& derived_columns()
    {
        static const std::vector<std::string> names = [] {
            std::vector<std::string> out;
            for (const Dimension& d : dimensions()) {
                if (d.arity == Arity::single) {
                    out.emplace_back(d.name);
                }
            }
            out.emplace_back("return_date");
            out.emplace_back("flags");
            return out;
        }();
        return names;
    }

    // Every dimension's values of one case (registry order), computed once per write.
    struct DerivedRow {
        std::vector<std::vector<std::string>> values;
        std::optional<std::string> return_date;
        std::string flags;
    };

    static DerivedRow derived_row(const Json& doc)
    {
        Derived derived = derive(doc);
        DerivedRow row;
        for (const Dimension& d : dimensions()) {
            row.values.push_back(d.extract(doc, derived));
        }
        const auto& returns = access::elements(access::member(&doc, "returns"));
        if (!returns.empty()) {
            row.return_date = access::text(&returns.front(), "date");
        }
        for (const std::string& f : derived.flags) {
            row.flags += (row.flags.empty() ? "" : ";") + f;
        }
        return row;
    }

    // Binds the derived columns, in derived_columns() order, from position first; returns the next position.
    static int bind_derived(SQLite::Statement& st, int first, const DerivedRow& row)
    {
        int at = first;
        const auto& dims = dimensions();
        for (std::size_t i = 0; i < dims.size(); ++i) {
            const Dimension& d = dims[i];
            if (d.arity != Arity::single) {
                continue;
            }
            const std::vector<std::string>& values = row.values[i];
            if (values.empty()) {
                st.bind(at++);
            } else if (d.kind == ValueKind::year) {
                st.bind(at++, static_cast<std::int64_t>(std::stoll(values.front())));
            } else {
                st.bind(at++, values.front());
            }
        }
        if (row.return_date) {
            st.bind(at++, *row.return_date);
        } else {
            st.bind(at++);
        }
        st.bind(at++, row.flags);
        return at;
    }

    // "a = ?, b = ?, ..." over derived_columns().
    static std::string derived_assignments()
    {
        std::string out;
        for (const std::string& c : derived_columns()) {
            out += (out.empty() ? "" : ", ") + c + " = ?";
        }
        return out;
    }

    static std::string marks(std::size_t n)
    {
        std::string out;
        for (std::size_t i = 0; i < n; ++i) {
            out += i == 0 ? "?" : ", ?";
        }
        return out;
    }

    // A new case's row in cases, derived columns included.
    void insert_case(const std::string& id, const std::string& text, const std::string& now, const DerivedRow& row)
    {
        static const std::string sql = [] {
            std::string columns;
            for (const std::string& c : derived_columns()) {
                columns += ", " + c;
            }
            return fmt::format("INSERT INTO cases(id, doc, revision, deleted, created_at, updated_at{}) VALUES ({})", columns,
                               marks(6 + derived_columns().size()));
        }();
        SQLite::Statement& st = statement(sql.c_str());
        st.bind(1, id);
        st.bindNoCopy(2, text); // no copy of the document: `text` outlives exec(), and statement() clears bindings
        st.bind(3, 1);
        st.bind(4, 0);
        st.bind(5, now);
        st.bind(6, now);
        bind_derived(st, 7, row);
        st.exec();
    }

    // A case's new document (and derived columns) in cases.
    void update_case(const std::string& id, const std::string& text, long long revision, const std::string& now,
                     const DerivedRow& row)
    {
        static const std::string sql =
            fmt::format("UPDATE cases SET doc = ?, revision = ?, updated_at = ?, {} WHERE id = ?", derived_assignments());
        SQLite::Statement& st = statement(sql.c_str());
        st.bindNoCopy(1, text);
        st.bind(2, static_cast<std::int64_t>(revision));
        st.bind(3, now);
        st.bind(bind_derived(st, 4, row), id);
        st.exec();
    }

    // The case's row in case_dims and its case_values rows; fresh: the case has none yet.
    void write_dims(const std::string& id, bool deleted, const DerivedRow& row, bool fresh)
    {
        static const std::string sql = [] {
            std::string columns;
            std::size_t n = 2 + derived_columns().size();
            for (const std::string& c : derived_columns()) {
                columns += ", " + c;
            }
            for (const Dimension& d : dimensions()) {
                if (d.arity == Arity::multi) {
                    columns += fmt::format(", {}", d.name);
                    ++n;
                }
            }
            return fmt::format("INSERT OR REPLACE INTO case_dims(id, deleted{}) VALUES ({})", columns, marks(n));
        }();
        SQLite::Statement& st = statement(sql.c_str());
        st.bind(1, id);
        st.bind(2, deleted ? 1 : 0);
        int at = bind_derived(st, 3, row);
        const auto& dims = dimensions();
        for (std::size_t i = 0; i < dims.size(); ++i) {
            if (dims[i].arity == Arity::multi) {
                st.bind(at++, encode_values(row.values[i]));
            }
        }
        st.exec();

        if (!fresh) {
            SQLite::Statement& clear = statement("DELETE FROM case_values WHERE case_id = ?");
            clear.bind(1, id);
            clear.exec();
        }
        SQLite::Statement& add = statement("INSERT OR IGNORE INTO case_values(case_id, dim, value) VALUES (?, ?, ?)");
        for (std::size_t i = 0; i < dims.size(); ++i) {
            if (dims[i].arity != Arity::multi) {
                continue;
            }
            for (const std::string& value : row.values[i]) {
                add.reset();
                add.bind(1, id);
                add.bind(2, std::string(dims[i].name));
                add.bind(3, value);
                add.exec();
            }
        }
    }

    void add_history(const std::string& id, long long revision, const std::string& at, const std::string& actor,
                     std::string_view action, std::string_view note, const std::string& doc)
    {
        SQLite::Statement& st = statement(
            "INSERT INTO history(case_id, revision, at, actor, action, note, doc) VALUES (?, ?, ?, ?, ?, ?, ?)");
        st.bind(1, id);
        st.bind(2, static_cast<std::int64_t>(revision));
        st.bind(3, at);
        st.bind(4, actor);
        st.bind(5, std::string(action));
        if (note.empty()) {
            st.bind(6);
        } else {
            st.bind(6, std::string(note));
        }
        st.bindNoCopy(7, doc);
        st.exec();
    }

    // Recomputes every case's derived columns, case_dims row and case_values
    // (a migration's Rebuild::yes), a batch of cases at a time so that memory
    // stays bounded whatever the database's size.
    void rebuild_all()
    {
        static const std::string update_sql = fmt::format("UPDATE cases SET {} WHERE id = ?", derived_assignments());
        std::string after;
        for (bool more = true; more;) {
            std::vector<std::tuple<std::string, std::string, bool>> batch;
            {
                SQLite::Statement page(db, "SELECT id, doc, deleted FROM cases WHERE id > ? ORDER BY id LIMIT 1000");
                page.bind(1, after);
                while (page.executeStep()) {
                    batch.emplace_back(page.getColumn(0).getString(), page.getColumn(1).getString(),
                                       page.getColumn(2).getInt() != 0);
                }
            }
            more = batch.size() == 1000;
            for (const auto& [id, text, deleted] : batch) {
                DerivedRow row = derived_row(Json::parse(text));
                SQLite::Statement& st = statement(update_sql.c_str());
                st.bind(bind_derived(st, 1, row), id);
                st.exec();
                write_dims(id, deleted, row, false);
                after = id;
            }
        }
    }

    // Runs the steps newer than the file's version in one transaction.
    void migrate(const std::vector<Migration>& steps, int from)
    {
        write([&] {
            bool rebuild = false;
            for (const Migration& m : steps) {
                if (m.version <= from) {
                    continue;
                }
                db.exec(std::string(m.sql));
                rebuild = rebuild || m.rebuild == Rebuild::yes;
                db.exec(fmt::format("PRAGMA user_version = {}", m.version));
            }
            // Once, after the last step: this build derives every column of
            // the newest format, which an intermediate format lacks.
            if (rebuild) {
                rebuild_all();
            }
        });
    }

    // A consistent copy of the database (what its -wal holds too) as a new
    // private file: SQLite's online backup, into a file put in place whole.
    void copy_to(const std::string& target, Overwrite overwrite, const std::string& what)
    {
        ProtectedFiles protect;
        protect.add_database(path);
        OutputFile out(target, overwrite, std::move(protect), what, "--force");
        {
            SQLite::Database copy(out.staged_path(), SQLite::OPEN_READWRITE);
            SQLite::Backup(copy, db).executeStep();
        }
        out.commit();
    }

    // The copy of the database kept before migrating: "<db>.v<N>.bak", one per
    // format (a new try replaces the copy an earlier, failed try left).
    std::string backup(int version)
    {
        std::string target = fmt::format("{}.v{}.bak", path, version);
        copy_to(target, Overwrite::yes, "the backup");
        return target;
    }

    StoredCase read_case(SQLite::Statement& st)
    {
        StoredCase c;
        c.id = st.getColumn(0).getString();
        c.doc = Json::parse(st.getColumn(1).getString());
        c.revision = st.getColumn(2).getInt64();
        c.deleted = st.getColumn(3).getInt() != 0;
        c.created_at = st.getColumn(4).getString();
        c.updated_at = st.getColumn(5).getString();
        return c;
    }

    std::optional<StoredCase> find(std::string_view id)
    {
        SQLite::Statement& st =
            statement("SELECT id, doc, revision, deleted, created_at, updated_at FROM cases WHERE id = ?");
        st.bind(1, std::string(id));
        if (!st.executeStep()) {
            return std::nullopt;
        }
        StoredCase found = read_case(st);
        // A statement left on its row keeps a read transaction open: a later
        // BEGIN IMMEDIATE would then fail at once (SQLITE_BUSY_SNAPSHOT) when
        // another writer has committed meanwhile, instead of waiting its turn.
        st.reset();
        return found;
    }

    std::string path;
    std::string file;
    SQLite::Database db;
    std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> cache;
    int depth = 0;
    int version = 0;
    std::optional<std::string> backup_file;
};

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Store Store::create(const std::string& path, const std::vector<Migration>& steps)
{
    if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) {
        throw Error(Exit::usage, fmt::format("\"{}\" names no file SQLite would keep (a database in memory is lost "
                                             "when casebook exits): name a file, such as study.db",
                                             path));
    }
    // Made whole in a private folder beside it, then given its name without
    // replacing anything: no existing file, link or pipe is ever opened.
    OutputFile out(path, Overwrite::no, ProtectedFiles{}, "the database");
    guarded(path, [&] {
        Impl impl(path, out.staged_path(), SQLite::OPEN_READWRITE);
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
    return open(path, Access::write, steps);
}

Store Store::open(const std::string& path, Access access, const std::vector<Migration>& steps)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) {
            throw Error(Exit::io, fmt::format("no database at {}: create one with 'casebook init'", path));
        }
        throw Error(Exit::io, fmt::format("cannot open the database {}: {}", path, std::strerror(errno)));
    }
    if (S_ISDIR(st.st_mode)) {
        throw Error(Exit::io, fmt::format("{} is a folder, not a database: name the database file with --db", path));
    }
    std::vector<std::string> warnings = check_database_files(path);
    writable_companions(path, st);
    const int latest = steps.empty() ? 0 : steps.back().version;
    const int flags = access == Access::read ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE;
    std::optional<std::string> backup_file;
    auto impl = guarded(path, [&] {
        auto impl = std::make_unique<Impl>(path, flags);
        // The first read: a file that is not SQLite fails here.
        int app = impl->db.execAndGet("PRAGMA application_id").getInt();
        int version = impl->user_version();
        if (app != application_id || version <= 0) {
            throw Error(Exit::io, fmt::format("{} is not a casebook database (create one with 'casebook init')", path));
        }
        if (version > latest) {
            throw Error(Exit::io,
                        fmt::format("{} was written by a newer casebook (database format {}; this casebook reads up to {}): "
                                    "upgrade casebook to use it",
                                    path, version, latest));
        }
        // SQLite opens a file it may not write read-only, silently: say so now,
        // not after an import or an edit, and before a migration makes a backup.
        if (access == Access::write && sqlite3_db_readonly(impl->db.getHandle(), "main") == 1) {
            throw Error(Exit::io, fmt::format("cannot write to the database {}: attempt to write a readonly database{}",
                                              path, folder_hint(path)));
        }
        if (version < latest && access == Access::read) {
            // Reading never changes the file (it may be on read-only storage):
            // a private copy in memory is migrated and read instead, named so
            // that the library's other readers (queries, tables) open it too.
            static int copies = 0;
            auto copy = std::make_unique<Impl>(
                path, fmt::format("file:casebook-copy-{}-{}?mode=memory&cache=shared", ::getpid(), ++copies),
                SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_URI);
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
            if (migration_notice) {
                migration_notice(path, version, latest, backup_file);
            }
        }
        impl->version = impl->user_version();
        return impl;
    });
    impl->backup_file = backup_file;
    // Again: SQLite has made the companions it needed meanwhile.
    check_database_files(path);
    if (open_notice) {
        open_notice(path, warnings);
    }
    return Store(std::move(impl));
}

const std::string& Store::path() const { return impl_->path; }
const std::string& Store::sqlite_name() const { return impl_->file; }
int Store::format_version() const { return impl_->version; }
const std::optional<std::string>& Store::backup_path() const { return impl_->backup_file; }

void Store::backup_to(const std::string& target, Overwrite overwrite) const
{
    guarded(impl_->path, [&] { impl_->copy_to(target, overwrite, "the backup"); });
}

std::optional<StoredCase> Store::find(std::string_view id) const
{
    return guarded(impl_->path, [&] { return impl_->find(id); });
}

void Store::for_each_case(const std::function<bool(const StoredCase&)>& visit) const
{
    guarded(impl_->path, [&] {
        // Its own statement: a visitor may call find() meanwhile.
        SQLite::Statement st(impl_->db, "SELECT id, doc, revision, deleted, created_at, updated_at FROM cases "
                                        "WHERE deleted = 0 ORDER BY id");
        while (st.executeStep()) {
            if (!visit(impl_->read_case(st))) {
                break;
            }
        }
    });
}

std::vector<std::string> Store::ids() const
{
    return guarded(impl_->path, [&] {
        std::vector<std::string> out;
        SQLite::Statement& st = impl_->statement("SELECT id FROM cases ORDER BY id");
        while (st.executeStep()) {
            out.push_back(st.getColumn(0).getString());
        }
        return out;
    });
}

std::string Store::next_id(std::string_view prefix) const
{
    return guarded(impl_->path, [&] {
        // substr, not LIKE: case-sensitive, and the prefix is bound, never spliced.
        SQLite::Statement& st = impl_->statement("SELECT id FROM cases WHERE substr(id, 1, ?) = ?");
        const std::string head = std::string(prefix) + "-";
        st.bind(1, static_cast<int>(head.size()));
        st.bind(2, head);
        long long highest = 0;
        while (st.executeStep()) {
            std::string rest = st.getColumn(0).getString().substr(head.size());
            if (!rest.empty() && rest.size() <= 12 && rest.find_first_not_of("0123456789") == std::string::npos) {
                highest = std::max(highest, std::stoll(rest));
            }
        }
        return fmt::format("{}{:04d}", head, highest + 1);
    });
}

std::vector<HistoryEntry> Store::history(const std::optional<std::string>& case_id) const
{
    return guarded(impl_->path, [&] {
        SQLite::Statement& st =
            case_id ? impl_->statement("SELECT rev, case_id, revision, at, actor, action, note, doc FROM history "
                                       "WHERE case_id = ? ORDER BY rev")
                    : impl_->statement("SELECT rev, case_id, revision, at, actor, action, note, doc FROM history ORDER BY rev");
        if (case_id) {
            st.bind(1, *case_id);
        }
        std::vector<HistoryEntry> out;
        while (st.executeStep()) {
            HistoryEntry e;
            e.rev = st.getColumn(0).getInt64();
            e.case_id = st.getColumn(1).getString();
            e.revision = st.getColumn(2).getInt64();
            e.at = st.getColumn(3).getString();
            e.actor = st.getColumn(4).getString();
            e.action = st.getColumn(5).getString();
            e.note = column_text(st, 6);
            if (!st.getColumn(7).isNull()) {
                e.doc = Json::parse(st.getColumn(7).getString());
            }
            out.push_back(std::move(e));
        }
        return out;
    });
}

void Store::write(const std::function<void()>& body)
{
    guarded(impl_->path, [&] { impl_->write(body); });
}

void Store::insert(const Json& record, const std::string& actor, std::string_view action, std::string_view note)
{
    // Derived values do not depend on key order: only the stored text is canonical.
    auto id = access::text(&record, "id");
    if (!id) {
        throw Error(Exit::invalid, "a case needs an id to be stored");
    }
    write([&] {
        if (impl_->find(*id)) {
            throw Error(Exit::invalid, fmt::format("case \"{}\" already exists in {}", *id, impl_->path));
        }
        const std::string now = utc_now();
        const std::string text = canonical_text(record);
        const Impl::DerivedRow row = Impl::derived_row(record);
        impl_->insert_case(*id, text, now, row);
        impl_->write_dims(*id, false, row, true);
        impl_->add_history(*id, 1, now, actor, action, note, text);
    });
}

bool Store::update(const Json& record, long long expected_revision, const std::string& actor, std::string_view action,
                   std::string_view note)
{
    auto id = access::text(&record, "id");
    if (!id) {
        throw Error(Exit::invalid, "a case needs an id to be stored");
    }
    bool changed = false;
    write([&] {
        auto current = impl_->find(*id);
        if (!current) {
            throw Error(Exit::invalid, fmt::format("no case \"{}\" in {}", *id, impl_->path));
        }
        if (current->revision != expected_revision) {
            throw Error(Exit::invalid, fmt::format("case \"{}\" changed meanwhile (revision {} is now {}): nothing saved",
                                                   *id, expected_revision, current->revision));
        }
        const std::string text = canonical_text(record);
        if (current->doc.dump() == text) {
            return;
        }
        changed = true;
        const std::string now = utc_now();
        const long long revision = current->revision + 1;
        const Impl::DerivedRow row = Impl::derived_row(record);
        impl_->update_case(*id, text, revision, now, row);
        impl_->write_dims(*id, false, row, false);
        impl_->add_history(*id, revision, now, actor, action, note, text);
    });
    return changed;
}

void Store::set_deleted(std::string_view id_view, bool deleted, const std::string& actor, std::string_view note)
{
    const std::string id(id_view);
    write([&] {
        auto current = impl_->find(id);
        if (!current) {
            throw Error(Exit::invalid, fmt::format("no case \"{}\" in {}", id, impl_->path));
        }
        if (current->deleted == deleted) {
            throw Error(Exit::invalid, deleted ? fmt::format("case \"{}\" is already deleted", id)
                                               : fmt::format("case \"{}\" is not deleted: nothing to restore", id));
        }
        const std::string now = utc_now();
        const long long revision = current->revision + 1;
        SQLite::Statement& st = impl_->statement("UPDATE cases SET deleted = ?, revision = ?, updated_at = ? WHERE id = ?");
        st.bind(1, deleted ? 1 : 0);
        st.bind(2, static_cast<std::int64_t>(revision));
        st.bind(3, now);
        st.bind(4, id);
        st.exec();
        SQLite::Statement& dims = impl_->statement("UPDATE case_dims SET deleted = ? WHERE id = ?");
        dims.bind(1, deleted ? 1 : 0);
        dims.bind(2, id);
        dims.exec();
        impl_->add_history(id, revision, now, actor, deleted ? "delete" : "restore", note, current->doc.dump());
    });
}

StoredCase live_case(const Store& store, std::string_view id)
{
    auto found = store.find(id);
    if (!found) {
        std::string hint;
        std::vector<std::string> ids = store.ids();
        if (!ids.empty()) {
            std::vector<std::string> closest = closest_first(std::string(id), ids);
            hint = fmt::format(" (did you mean \"{}\"?)", closest.front());
        }
        throw Error(Exit::invalid, fmt::format("no case \"{}\" in {}{}", id, store.path(), hint));
    }
    if (found->deleted) {
        throw Error(Exit::invalid, fmt::format("case \"{}\" is deleted: 'casebook restore {}' brings it back, "
                                               "'casebook log {}' shows its history",
                                               id, id, id));
    }
    return *found;
}

} // namespace casebook
