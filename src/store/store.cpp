// The SQLite side of the store. SQLiteCpp is included here only.
#include "store/store.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <tuple>
#include <unordered_map>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include "record/canonical.hpp"
#include "util/database_files.hpp"
#include "crypto/custody.hpp"
#include "record/dims.hpp"
#include "store/erasure.hpp"
#include "util/error.hpp"
#include "util/private_file.hpp"
#include "crypto/seal.hpp"
#include "util/suggest.hpp"
#include "json/record_access.hpp"
#include "util/i18n.hpp"

namespace casebook {

namespace fs = std::filesystem;

namespace {

// PRAGMA application_id of a casebook database: "CSBK".
constexpr int application_id = 0x4353424B;

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
    Impl(std::string path, int flags, int busy_timeout_ms) : Impl(path, path, flags, busy_timeout_ms) {}
    // A database named path in messages, in file (what SQLite opens: a name or a URI).
    Impl(std::string path, std::string file, int flags, int busy_timeout_ms)
        : path(std::move(path)), file(std::move(file)), db(this->file, flags, busy_timeout_ms)
    {
        db.exec("PRAGMA cache_size = -65536"); // 64 MB, not 2: a large import updates ~16 B-trees per case
        // The append-only triggers let an UPDATE or DELETE of history through
        // only while casebook_rewriting() is 1 (a purge); no other program
        // defines the function, so there the triggers always refuse.
        sqlite3_create_function_v2(
            db.getHandle(), "casebook_rewriting", 0, SQLITE_UTF8, &rewriting,
            [](sqlite3_context* context, int, sqlite3_value**) {
                sqlite3_result_int(context, *static_cast<int*>(sqlite3_user_data(context)));
            },
            nullptr, nullptr, nullptr);
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
        tail.reset(); // another writer may have appended since our last transaction
        try {
            body();
            db.exec("COMMIT");
            depth = 0;
        } catch (...) {
            depth = 0;
            tail.reset();
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
    // A new case's row in cases, derived columns included; its document is history row `rev`.
    void insert_case(const std::string& id, long long revision, bool deleted, long long version, long long head,
                     const std::string& created, const std::string& updated, const DerivedRow& row)
    {
        static const std::string sql = [] {
            std::string columns;
            for (const std::string& c : derived_columns()) {
                columns += ", " + c;
            }
            return fmt::format("INSERT INTO cases(id, revision, deleted, version, head, created_at, updated_at{}) VALUES ({})",
                               columns, marks(7 + derived_columns().size()));
        }();
        SQLite::Statement& st = statement(sql.c_str());
        st.bind(1, id);
        st.bind(2, static_cast<std::int64_t>(revision));
        st.bind(3, deleted ? 1 : 0);
        st.bind(4, static_cast<std::int64_t>(version));
        st.bind(5, static_cast<std::int64_t>(head));
        st.bind(6, created);
        st.bind(7, updated);
        bind_derived(st, 8, row);
        st.exec();
    }

    // A case's new document (history row `rev`) and derived columns in cases.
    void update_case(const std::string& id, long long revision, long long rev, const std::string& now, const DerivedRow& row)
    {
        static const std::string sql = fmt::format(
            "UPDATE cases SET version = ?, head = ?, revision = ?, updated_at = ?, {} WHERE id = ?", derived_assignments());
        SQLite::Statement& st = statement(sql.c_str());
        st.bind(1, static_cast<std::int64_t>(rev));
        st.bind(2, static_cast<std::int64_t>(rev));
        st.bind(3, static_cast<std::int64_t>(revision));
        st.bind(4, now);
        st.bind(bind_derived(st, 5, row), id);
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

    // The last row of the history (rev, link), read once per transaction.
    const std::pair<long long, custody::Bytes>& last_row()
    {
        if (!tail) {
            SQLite::Statement& st = statement("SELECT rev, link FROM history ORDER BY rev DESC LIMIT 1");
            if (st.executeStep()) {
                tail.emplace(st.getColumn(0).getInt64(), st.getColumn(1).getString());
            } else {
                tail.emplace(0, custody::Bytes());
            }
            st.reset();
        }
        return *tail;
    }

    // Appends one row as it is (hash and signature included), linking it to
    // the database-wide chain; returns its rev. Its document is doc (none:
    // null), bound without a copy. Called inside write().
    long long append(const HistoryEntry& e, const std::string* doc)
    {
        auto [previous, prev_link] = last_row();
        const long long rev = previous + 1;
        const custody::Bytes link = custody::link_hash(prev_link, rev, e.hash);
        SQLite::Statement& st = statement(
            "INSERT INTO history(rev, case_id, revision, at, actor, action, note, doc, salt, content_hash, prev_hash, hash, "
            "link, signer, signature, purged_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        auto blob = [&](int at, const std::string& bytes) {
            if (bytes.empty()) {
                st.bind(at);
            } else {
                st.bindNoCopy(at, bytes.data(), static_cast<int>(bytes.size()));
            }
        };
        auto text = [&](int at, const std::string& value) {
            if (value.empty()) {
                st.bind(at);
            } else {
                st.bindNoCopy(at, value); // no copy: the entry outlives exec(), and statement() clears bindings
            }
        };
        st.bind(1, static_cast<std::int64_t>(rev));
        st.bindNoCopy(2, e.case_id);
        st.bind(3, static_cast<std::int64_t>(e.revision));
        st.bindNoCopy(4, e.at);
        st.bindNoCopy(5, e.actor);
        st.bindNoCopy(6, e.action);
        text(7, e.note);
        if (doc != nullptr) {
            st.bindNoCopy(8, *doc);
        } else {
            st.bind(8);
        }
        blob(9, e.salt);
        blob(10, e.content_hash);
        blob(11, e.prev_hash);
        blob(12, e.hash);
        blob(13, link);
        text(14, e.signer);
        blob(15, e.signature);
        if (e.purged_by) {
            st.bind(16, static_cast<std::int64_t>(*e.purged_by));
        } else {
            st.bind(16);
        }
        st.exec();
        tail.emplace(rev, link);
        return rev;
    }

    // Appends a row made here: a version (doc set) gets a fresh salt and its
    // content hash; a row without a document (delete, restore) carries the
    // content hash of the version it applies to. Returns its rev.
    long long add_history(const std::string& id, long long revision, const std::string& at, const std::string& actor,
                          std::string_view action, std::string_view note, const std::string* doc,
                          const custody::Bytes& version_hash, const custody::Bytes& prev_hash)
    {
        HistoryEntry e;
        e.case_id = id;
        e.revision = revision;
        e.at = at;
        e.actor = actor;
        e.action = std::string(action);
        e.note = std::string(note);
        if (doc != nullptr) {
            e.salt = custody::new_salt();
            e.content_hash = custody::content_hash(e.salt, *doc);
        } else {
            e.content_hash = version_hash;
        }
        e.prev_hash = prev_hash;
        e.signer = signer;
        e.hash = custody::row_hash({e.case_id, e.revision, e.at, e.actor, e.action, e.note, e.signer, e.content_hash,
                                    e.prev_hash});
        if (sign) {
            e.signature = sign(e.hash);
        }
        return append(e, doc);
    }

    // Whether cases still has its own copy of each document (formats 1 and 2).
    bool cases_has_doc()
    {
        return db.execAndGet("SELECT count(*) FROM pragma_table_info('cases') WHERE name = 'doc'").getInt() != 0;
    }

    // Recomputes every case's derived columns, case_dims row and case_values
    // (a migration's Rebuild::yes), a batch of cases at a time so that memory
    // stays bounded whatever the database's size.
    void rebuild_all()
    {
        static const std::string update_sql = fmt::format("UPDATE cases SET {} WHERE id = ?", derived_assignments());
        const char* page_sql = cases_has_doc()
                                   ? "SELECT id, doc, deleted FROM cases WHERE id > ? ORDER BY id LIMIT 1000"
                                   : "SELECT c.id, h.doc, c.deleted FROM cases c JOIN history h ON h.rev = c.version "
                                     "WHERE c.id > ? ORDER BY c.id LIMIT 1000";
        std::string after;
        for (bool more = true; more;) {
            std::vector<std::tuple<std::string, std::string, bool>> batch;
            {
                SQLite::Statement page(db, page_sql);
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

    // A case's place in the chain while rows are appended in order.
    struct CaseTail {
        custody::Bytes hash;         // its last row's
        custody::Bytes version_hash; // its current version's content hash
        custody::Bytes version_salt;
        long long revision = 0;
        long long version = 0;       // rev of the current version
        long long head = 0;          // rev of its last row
    };

    // Migration 3 (Chain::yes): the rows of history_v2, in order, salted,
    // hashed and linked into the new history with their original actors,
    // times, actions and notes. A delete or restore that repeated the
    // document it applied to keeps only its content hash. Then every case
    // points at its current version and last row; a case whose own copy of
    // the document differs from its last history entry (possible only by
    // hand) keeps the copy in cases, as a "migrate" row.
    void rechain()
    {
        std::unordered_map<std::string, CaseTail> tails;
        {
            SQLite::Statement rows(db, "SELECT case_id, revision, at, actor, action, note, doc FROM history_v2 ORDER BY rev");
            while (rows.executeStep()) {
                const std::string id = rows.getColumn(0).getString();
                CaseTail& t = tails[id];
                const std::string action = rows.getColumn(4).getString();
                const bool has_doc = !rows.getColumn(6).isNull();
                std::string doc = has_doc ? rows.getColumn(6).getString() : std::string();
                const bool repeats = (action == "delete" || action == "restore") && t.version != 0 && has_doc &&
                                     custody::content_hash(t.version_salt, doc) == t.version_hash;
                const bool version = has_doc && !repeats;
                long long rev = add_history(id, rows.getColumn(1).getInt64(), rows.getColumn(2).getString(),
                                            rows.getColumn(3).getString(), action, column_text(rows, 5),
                                            version ? &doc : nullptr, t.version_hash, t.hash);
                record_tail(t, rev, rows.getColumn(1).getInt64(), version);
            }
        }
        SQLite::Statement& point = statement("UPDATE cases SET version = ?, head = ? WHERE id = ?");
        for (const auto& [id, t] : tails) {
            point.reset();
            point.bind(1, static_cast<std::int64_t>(t.version));
            point.bind(2, static_cast<std::int64_t>(t.head));
            point.bind(3, id);
            point.exec();
        }
        std::vector<std::tuple<std::string, std::string, long long>> differing;
        {
            SQLite::Statement check(db, "SELECT c.id, c.doc, c.revision, h.doc FROM cases c LEFT JOIN history h ON h.rev = c.version");
            while (check.executeStep()) {
                if (check.getColumn(3).isNull() || check.getColumn(1).getString() != check.getColumn(3).getString()) {
                    differing.emplace_back(check.getColumn(0).getString(), check.getColumn(1).getString(),
                                           check.getColumn(2).getInt64());
                }
            }
        }
        for (auto& [id, doc, revision_in_cases] : differing) {
            (void)revision_in_cases;
            CaseTail& t = tails[id];
            const long long next = t.revision + 1; // the case's history goes on from its last row
            long long rev = add_history(id, next, utc_now(), "casebook", "migrate",
                                        "the case's document differed from its last history entry: kept as it was in cases",
                                        &doc, t.version_hash, t.hash);
            record_tail(t, rev, next, true);
            SQLite::Statement& fix = statement("UPDATE cases SET version = ?, head = ?, revision = ? WHERE id = ?");
            fix.bind(1, static_cast<std::int64_t>(rev));
            fix.bind(2, static_cast<std::int64_t>(rev));
            fix.bind(3, static_cast<std::int64_t>(next));
            fix.bind(4, id);
            fix.exec();
        }
    }

    // After add_history: the case's tail moves to row rev.
    void record_tail(CaseTail& t, long long rev, long long revision, bool version)
    {
        SQLite::Statement& st = statement("SELECT hash, content_hash, salt FROM history WHERE rev = ?");
        st.bind(1, static_cast<std::int64_t>(rev));
        st.executeStep();
        t.hash = st.getColumn(0).getString();
        if (version) {
            t.version_hash = st.getColumn(1).getString();
            t.version_salt = st.getColumn(2).getString();
            t.version = rev;
        }
        st.reset();
        t.revision = revision;
        t.head = rev;
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
                if (m.chain == Chain::yes) {
                    rechain();
                }
                if (!m.after.empty()) {
                    // Statements cached on tables about to change would hold them.
                    cache.clear();
                    db.exec(std::string(m.after));
                }
                db.exec(fmt::format("PRAGMA user_version = {}", m.version));
            }
            // Once, after the last step: this build derives every column of
            // the newest format, which an intermediate format lacks.
            if (rebuild) {
                rebuild_all();
            }
        });
        cache.clear();
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
        copy_to(target, Overwrite::yes, tr("the backup"));
        return target;
    }

    // Makes a case's rows in cases, case_dims and case_values follow its
    // history: its current version (the last row holding a document), its last
    // row, whether it is deleted; a case purged as a whole has no row.
    void follow_history(const std::string& id)
    {
        long long version = 0;
        long long head = 0;
        long long revision = 0;
        bool deleted = false;
        bool purged = false;
        std::string created;
        std::string updated;
        std::string doc;
        {
            SQLite::Statement st(db, "SELECT rev, revision, at, action, doc FROM history WHERE case_id = ? ORDER BY rev");
            st.bind(1, id);
            while (st.executeStep()) {
                const std::string action = st.getColumn(3).getString();
                head = st.getColumn(0).getInt64();
                revision = st.getColumn(1).getInt64();
                updated = st.getColumn(2).getString();
                if (created.empty()) {
                    created = updated;
                }
                if (action == "delete" || action == "restore") {
                    deleted = action == "delete";
                } else if (action == "purge") {
                    auto record = parse_purge_record(column_text(st, 4));
                    purged = purged || (record && record->pointer.empty());
                } else if (!st.getColumn(4).isNull()) {
                    version = head;
                    doc = st.getColumn(4).getString();
                }
            }
        }
        for (const char* sql : {"DELETE FROM cases WHERE id = ?", "DELETE FROM case_dims WHERE id = ?",
                                "DELETE FROM case_values WHERE case_id = ?"}) {
            SQLite::Statement& del = statement(sql);
            del.bind(1, id);
            del.exec();
        }
        if (purged || version == 0) {
            return;
        }
        const DerivedRow row = derived_row(Json::parse(doc));
        insert_case(id, revision, deleted, version, head, created, updated, row);
        write_dims(id, deleted, row, true);
    }

    // Whether any history row names this case (a purged case has rows, no case).
    bool has_history(const std::string& id)
    {
        SQLite::Statement& st = statement("SELECT 1 FROM history WHERE case_id = ? LIMIT 1");
        st.bind(1, id);
        bool out = st.executeStep();
        st.reset();
        return out;
    }

    // The rev of a case's current version.
    long long version_rev(const std::string& id)
    {
        SQLite::Statement& st = statement("SELECT version FROM cases WHERE id = ?");
        st.bind(1, id);
        long long out = st.executeStep() ? st.getColumn(0).getInt64() : 0;
        st.reset();
        return out;
    }

    // The content hash of a case's current version.
    custody::Bytes version_hash(const std::string& id)
    {
        SQLite::Statement& st =
            statement("SELECT h.content_hash FROM cases c JOIN history h ON h.rev = c.version WHERE c.id = ?");
        st.bind(1, id);
        custody::Bytes out = st.executeStep() ? st.getColumn(0).getString() : custody::Bytes();
        st.reset();
        return out;
    }

    // The columns read_case reads, in order: the case and its current document.
    static constexpr const char* case_columns =
        "SELECT c.id, h.doc, c.revision, c.deleted, c.created_at, c.updated_at, t.hash FROM cases c "
        "LEFT JOIN history h ON h.rev = c.version LEFT JOIN history t ON t.rev = c.head ";

    StoredCase read_case(SQLite::Statement& st)
    {
        StoredCase c;
        c.id = st.getColumn(0).getString();
        if (st.getColumn(1).isNull()) {
            // Only a hand-made change to the file can get here.
            throw Error(Exit::io, say("the history of case \"{}\" in {} has lost its current document: "
                                              "'casebook verify' says what was changed",
                                              c.id, path));
        }
        c.doc = Json::parse(st.getColumn(1).getString());
        c.revision = st.getColumn(2).getInt64();
        c.deleted = st.getColumn(3).getInt() != 0;
        c.created_at = st.getColumn(4).getString();
        c.updated_at = st.getColumn(5).getString();
        c.head_hash = column_text(st, 6);
        return c;
    }

    std::optional<StoredCase> find(std::string_view id)
    {
        static const std::string sql = std::string(case_columns) + "WHERE c.id = ?";
        SQLite::Statement& st = statement(sql.c_str());
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


    // The project key of a sealed database, read when it is opened.
    void load_sealer()
    {
        if (!db.tableExists("meta")) {
            return;
        }
        SQLite::Statement st(db, "SELECT value FROM meta WHERE key = 'sealed_to'");
        if (st.executeStep()) {
            try {
                sealer.emplace(keys::parse_public_text(st.getColumn(0).getString()));
            } catch (const Error&) {
                throw Error(Exit::io, say("{} names a sealing key that is not a public key: the database was "
                                                  "changed outside casebook",
                                                  path));
            }
        }
    }

    // The text to store for record: canonical, and in a sealed database with
    // every sensitive value sealed (an unchanged one keeps the sealed form it
    // has in current, when the opener can tell). Sealed values must be this
    // database's.
    std::string stored_text(Json record, const StoredCase* current)
    {
        const std::optional<seal::KeyId> ours = sealer ? std::optional<seal::KeyId>(seal::key_id(sealer->to())) : std::nullopt;
        seal::for_each_sensitive(record, [&](Json& value, const std::string& pointer) {
            const std::string& text = value.get_ref<const std::string&>();
            if (!seal::is_sealed(text)) {
                return;
            }
            if (!ours) {
                throw Error(Exit::invalid, say("{} holds a sealed value, and {} is not sealed: open the values "
                                                       "where they were sealed (export --key) before bringing them here",
                                                       pointer, path));
            }
            if (seal::sealed_key_id(text) != ours) {
                throw Error(Exit::invalid, say("{} holds a value sealed to another project key than {} is sealed "
                                                       "to ({}): open it where it was sealed, and give it in clear",
                                                       pointer, path, keys::fingerprint(sealer->to())));
            }
        });
        if (!sealer) {
            return canonical_text(record);
        }
        if (current != nullptr && opener) {
            Json opened = current->doc;
            opener->open_record(opened, say("case {}", current->id));
            seal::keep_unchanged(record, current->doc, opened);
        }
        sealer->seal_record(record);
        return canonical_text(record);
    }

    // One row whose content a purge or a seal replaces: by text, or by nothing.
    struct Rewrite {
        long long rev = 0;
        long long revision = 0;
        std::optional<std::string> text;
    };

    // Writes a row `action` (note) recording which of the case's rows change
    // and a keyed hash of what is left of each, then gives each its new
    // content with a fresh salt, marked as changed by that row (verify checks
    // one against the other). Returns the new row's rev and revision.
    std::pair<long long, long long> rewrite_rows(const std::string& id, const StoredCase& current, std::string_view action,
                                                 const std::string& note, const std::string& actor,
                                                 const std::string& pointer, const std::vector<Rewrite>& rows)
    {
        const long long record_rev = last_row().first + 1;
        PurgeRecord record;
        record.pointer = pointer;
        std::vector<std::string> salts;
        for (const Rewrite& r : rows) {
            PurgedRow row{r.revision, ""};
            if (r.text) {
                salts.push_back(custody::new_salt());
                row.remaining = custody::content_hash(salts.back(), *r.text);
            } else {
                salts.emplace_back();
            }
            record.rows.push_back(std::move(row));
        }
        const std::string record_text = purge_record_text(record);
        const long long revision = current.revision + 1;
        const long long rev = add_history(id, revision, utc_now(), actor, action, note, &record_text, {}, current.head_hash);
        if (rev != record_rev) {
            throw Error(Exit::io, tr("the history moved while its rows were rewritten"));
        }
        rewriting = 1;
        try {
            SQLite::Statement& st = statement("UPDATE history SET doc = ?, salt = ?, purged_by = ? WHERE rev = ?");
            for (std::size_t i = 0; i < rows.size(); ++i) {
                st.reset();
                st.clearBindings();
                if (rows[i].text) {
                    st.bind(1, *rows[i].text);
                    st.bind(2, salts[i].data(), static_cast<int>(salts[i].size()));
                } else {
                    st.bind(1);
                    st.bind(2);
                }
                st.bind(3, static_cast<std::int64_t>(record_rev));
                st.bind(4, static_cast<std::int64_t>(rows[i].rev));
                st.exec();
            }
        } catch (...) {
            rewriting = 0;
            throw;
        }
        rewriting = 0;
        return {rev, revision};
    }

    // Moves a case's head after a row that is no version (purge, seal).
    void move_head(const std::string& id, long long rev, long long revision)
    {
        SQLite::Statement& head = statement("UPDATE cases SET head = ?, revision = ?, updated_at = ? WHERE id = ?");
        head.bind(1, static_cast<std::int64_t>(rev));
        head.bind(2, static_cast<std::int64_t>(revision));
        head.bind(3, utc_now());
        head.bind(4, id);
        head.exec();
    }

    std::string path;
    std::string file;
    SQLite::Database db;
    std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> cache;
    int depth = 0;
    int version = 0;
    int rewriting = 0; // casebook_rewriting(): 1 while a purge rewrites history
    std::optional<std::pair<long long, custody::Bytes>> tail; // last_row() of this transaction
    // A sealed database's sealer (meta "sealed_to"), and the opener of its
    // values when the command has the secret key (Store::open_with).
    std::optional<seal::Sealer> sealer;
    std::shared_ptr<const seal::Opener> opener;
    // Rows made here are signed when these are set (Store::sign_with).
    std::string signer;
    std::function<std::string(std::string_view)> sign;
    std::optional<std::string> backup_file;
};

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

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

const std::string& Store::path() const { return impl_->path; }
const std::string& Store::sqlite_name() const { return impl_->file; }
int Store::format_version() const { return impl_->version; }
const std::optional<std::string>& Store::backup_path() const { return impl_->backup_file; }

void Store::backup_to(const std::string& target, Overwrite overwrite) const
{
    guarded(impl_->path, [&] { impl_->copy_to(target, overwrite, tr("the backup")); });
}

std::optional<StoredCase> Store::find(std::string_view id) const
{
    return guarded(impl_->path, [&] { return impl_->find(id); });
}

void Store::for_each_case(const std::function<bool(const StoredCase&)>& visit) const
{
    guarded(impl_->path, [&] {
        // Its own statement: a visitor may call find() meanwhile.
        SQLite::Statement st(impl_->db, std::string(Impl::case_columns) + "WHERE c.deleted = 0 ORDER BY c.id");
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

std::vector<std::string> Store::ids_derived_alike(const Json& doc) const
{
    return guarded(impl_->path, [&] {
        static const std::string sql = [] {
            std::string where;
            for (const std::string& c : Impl::derived_columns()) {
                where += " AND " + c + " IS ?";
            }
            return "SELECT id FROM cases WHERE deleted = 0" + where + " ORDER BY id";
        }();
        SQLite::Statement st(impl_->db, sql);
        Impl::bind_derived(st, 1, Impl::derived_row(doc));
        std::vector<std::string> out;
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

void Store::sign_with(std::string signer, std::function<std::string(std::string_view)> sign)
{
    impl_->signer = std::move(signer);
    impl_->sign = std::move(sign);
}

Store::Head Store::head() const
{
    return guarded(impl_->path, [&] {
        Head head;
        SQLite::Statement st(impl_->db, "SELECT rev, link FROM history ORDER BY rev DESC LIMIT 1");
        if (st.executeStep()) {
            head.rows = st.getColumn(0).getInt64();
            head.hash = custody::hex(column_text(st, 1));
        }
        return head;
    });
}

std::vector<HistoryEntry> Store::history(const std::optional<std::string>& case_id) const
{
    return guarded(impl_->path, [&] {
        std::vector<HistoryEntry> out;
        for_each_history_row(*this, case_id, [&](HistoryEntry&& e) {
            out.push_back(std::move(e));
            return true;
        }, HistoryDocs::parsed);
        return out;
    });
}

void for_each_history_row(const Store& store, const std::optional<std::string>& case_id,
                          const std::function<bool(HistoryEntry&&)>& visit, HistoryDocs docs)
{
    Store::Impl& impl = *store.impl_;
    guarded(impl.path, [&] {
        static constexpr const char* columns =
            "SELECT rev, case_id, revision, at, actor, action, note, doc, salt, content_hash, prev_hash, hash, link, "
            "signer, signature, purged_by FROM history ";
        // Its own statement: a visitor may read the store meanwhile.
        SQLite::Statement st(impl.db, std::string(columns) + (case_id ? "WHERE case_id = ? ORDER BY rev" : "ORDER BY rev"));
        if (case_id) {
            st.bind(1, *case_id);
        }
        while (st.executeStep()) {
            HistoryEntry e;
            e.rev = st.getColumn(0).getInt64();
            e.case_id = st.getColumn(1).getString();
            e.revision = st.getColumn(2).getInt64();
            e.at = st.getColumn(3).getString();
            e.actor = st.getColumn(4).getString();
            e.action = st.getColumn(5).getString();
            e.note = column_text(st, 6);
            e.doc_text = column_text(st, 7);
            e.salt = column_text(st, 8);
            e.content_hash = column_text(st, 9);
            e.prev_hash = column_text(st, 10);
            e.hash = column_text(st, 11);
            e.link = column_text(st, 12);
            e.signer = column_text(st, 13);
            e.signature = column_text(st, 14);
            if (!st.getColumn(15).isNull()) {
                e.purged_by = st.getColumn(15).getInt64();
            }
            if (docs == HistoryDocs::parsed && !e.doc_text.empty() && e.action != "purge" && e.action != "seal") {
                e.doc = Json::parse(e.doc_text);
            }
            if (!visit(std::move(e))) {
                break;
            }
        }
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
        throw Error(Exit::invalid, tr("a case needs an id to be stored"));
    }
    write([&] {
        if (impl_->find(*id)) {
            throw Error(Exit::invalid, say("case \"{}\" already exists in {}", *id, impl_->path));
        }
        if (impl_->has_history(*id)) {
            throw Error(Exit::invalid, say("case \"{}\" was purged from {}: its id is not used again; choose another",
                                                   *id, impl_->path));
        }
        const std::string now = utc_now();
        const std::string text = impl_->stored_text(record, nullptr);
        const Impl::DerivedRow row = Impl::derived_row(record);
        const long long rev = impl_->add_history(*id, 1, now, actor, action, note, &text, {}, {});
        impl_->insert_case(*id, 1, false, rev, rev, now, now, row);
        impl_->write_dims(*id, false, row, true);
    });
}

bool Store::update(const Json& record, long long expected_revision, const std::string& actor, std::string_view action,
                   std::string_view note)
{
    auto id = access::text(&record, "id");
    if (!id) {
        throw Error(Exit::invalid, tr("a case needs an id to be stored"));
    }
    bool changed = false;
    write([&] {
        auto current = impl_->find(*id);
        if (!current) {
            throw Error(Exit::invalid, say("no case \"{}\" in {}", *id, impl_->path));
        }
        if (current->revision != expected_revision) {
            throw Error(Exit::invalid, say("case \"{}\" changed meanwhile (revision {} is now {}): nothing saved",
                                                   *id, expected_revision, current->revision));
        }
        const std::string text = impl_->stored_text(record, &*current);
        if (current->doc.dump() == text) {
            return;
        }
        changed = true;
        const std::string now = utc_now();
        const long long revision = current->revision + 1;
        const Impl::DerivedRow row = Impl::derived_row(record);
        const long long rev = impl_->add_history(*id, revision, now, actor, action, note, &text, {}, current->head_hash);
        impl_->update_case(*id, revision, rev, now, row);
        impl_->write_dims(*id, false, row, false);
    });
    return changed;
}

void Store::set_deleted(std::string_view id_view, bool deleted, const std::string& actor, std::string_view note)
{
    const std::string id(id_view);
    write([&] {
        auto current = impl_->find(id);
        if (!current) {
            throw Error(Exit::invalid, say("no case \"{}\" in {}", id, impl_->path));
        }
        if (current->deleted == deleted) {
            throw Error(Exit::invalid, deleted ? say("case \"{}\" is already deleted", id)
                                               : say("case \"{}\" is not deleted: nothing to restore", id));
        }
        const std::string now = utc_now();
        const long long revision = current->revision + 1;
        const long long rev = impl_->add_history(id, revision, now, actor, deleted ? "delete" : "restore", note, nullptr,
                                                 impl_->version_hash(id), current->head_hash);
        SQLite::Statement& st =
            impl_->statement("UPDATE cases SET deleted = ?, revision = ?, updated_at = ?, head = ? WHERE id = ?");
        st.bind(1, deleted ? 1 : 0);
        st.bind(2, static_cast<std::int64_t>(revision));
        st.bind(3, now);
        st.bind(4, static_cast<std::int64_t>(rev));
        st.bind(5, id);
        st.exec();
        SQLite::Statement& dims = impl_->statement("UPDATE case_dims SET deleted = ? WHERE id = ?");
        dims.bind(1, deleted ? 1 : 0);
        dims.bind(2, id);
        dims.exec();
    });
}

std::size_t Store::purge(const std::string& id, const std::optional<std::string>& pointer, const std::string& reason,
                         const std::string& actor, const std::function<void(const Json&)>& check_current)
{
    std::size_t changed = 0;
    write([&] {
        std::vector<HistoryEntry> rows = history(id);
        if (rows.empty()) {
            throw Error(Exit::invalid, say("no case \"{}\" in {}", id, impl_->path));
        }
        auto current = impl_->find(id);
        if (!current) {
            throw Error(Exit::invalid, say("case \"{}\" was purged already", id));
        }
        std::optional<Json::json_pointer> at;
        if (pointer) {
            try {
                at.emplace(*pointer);
            } catch (const std::exception&) {
                throw Error(Exit::usage, say("--field \"{}\" is not a JSON Pointer (like /person/pseudonym)", *pointer));
            }
            if (at->empty()) {
                throw Error(Exit::usage, tr("--field names one value (like /person/pseudonym); to purge the whole case, leave it out"));
            }
        }
        // What each version becomes: nothing (whole case), or its document without the value.
        std::vector<Impl::Rewrite> rewritten;
        std::optional<Json> new_current;
        for (HistoryEntry& e : rows) {
            if (!e.doc) {
                continue; // delete, restore, purge and seal rows hold no content of the case
            }
            if (!at) {
                rewritten.push_back({e.rev, e.revision, std::nullopt});
                continue;
            }
            if (!e.doc->contains(*at)) {
                continue;
            }
            Json doc = *e.doc;
            Json& parent = doc.at(at->parent_pointer());
            const std::string last = at->back();
            if (parent.is_array()) {
                parent.erase(static_cast<std::size_t>(std::stoul(last)));
            } else {
                parent.erase(last);
            }
            rewritten.push_back({e.rev, e.revision, canonical_text(doc)});
            if (e.rev == impl_->version_rev(id)) {
                new_current = doc;
            }
        }
        if (rewritten.empty()) {
            throw Error(Exit::invalid, say("no version of case \"{}\" has a value at {}", id, *pointer));
        }
        if (new_current && check_current) {
            check_current(*new_current);
        }
        const auto [rev, revision] =
            impl_->rewrite_rows(id, *current, "purge", reason, actor, pointer.value_or(""), rewritten);
        changed = rewritten.size();
        if (!at) {
            for (const char* sql : {"DELETE FROM cases WHERE id = ?", "DELETE FROM case_dims WHERE id = ?",
                                    "DELETE FROM case_values WHERE case_id = ?"}) {
                SQLite::Statement& del = impl_->statement(sql);
                del.bind(1, id);
                del.exec();
            }
            return;
        }
        impl_->move_head(id, rev, revision);
        if (new_current) {
            static const std::string sql = fmt::format("UPDATE cases SET {} WHERE id = ?", Impl::derived_assignments());
            const Impl::DerivedRow row = Impl::derived_row(*new_current);
            SQLite::Statement& st = impl_->statement(sql.c_str());
            st.bind(Impl::bind_derived(st, 1, row), id);
            st.exec();
            impl_->write_dims(id, current->deleted, row, false);
        }
    });
    return changed;
}

std::optional<keys::PublicKey> Store::sealed_to() const
{
    if (!impl_->sealer) {
        return std::nullopt;
    }
    return impl_->sealer->to();
}

void Store::open_with(std::shared_ptr<const seal::Opener> opener) { impl_->opener = std::move(opener); }

const seal::Opener* Store::opener() const { return impl_->opener.get(); }

std::size_t Store::seal_to(const keys::PublicKey& key, const std::string& actor)
{
    if (impl_->sealer && !(impl_->sealer->to() == key)) {
        throw Error(Exit::invalid, say("{} is sealed to another key already (fingerprint {})", impl_->path,
                                               keys::fingerprint(impl_->sealer->to())));
    }
    std::optional<seal::Sealer> sealer;
    if (!impl_->sealer) {
        sealer.emplace(key);
    }
    const seal::Sealer& with = impl_->sealer ? *impl_->sealer : *sealer;
    const seal::KeyId id_of_key = seal::key_id(key);
    std::size_t sealed = 0;
    write([&] {
        if (sealer) {
            SQLite::Statement& meta = impl_->statement("INSERT INTO meta(key, value) VALUES ('sealed_to', ?)");
            meta.bind(1, keys::public_text(key));
            meta.exec();
        }
        std::vector<std::string> cases;
        {
            SQLite::Statement st(impl_->db, "SELECT DISTINCT case_id FROM history ORDER BY case_id");
            while (st.executeStep()) {
                cases.push_back(st.getColumn(0).getString());
            }
        }
        for (const std::string& id : cases) {
            std::vector<Impl::Rewrite> rewritten;
            for (const HistoryEntry& e : history(id)) {
                if (!e.doc) {
                    continue;
                }
                Json doc = *e.doc;
                seal::for_each_sensitive(doc, [&](Json& value, const std::string& pointer) {
                    const std::string& text = value.get_ref<const std::string&>();
                    if (seal::is_sealed(text) && seal::sealed_key_id(text) != id_of_key) {
                        throw Error(Exit::invalid, say("case \"{}\" revision {} holds a value sealed to another "
                                                               "project key at {}: nothing was sealed",
                                                               id, e.revision, pointer));
                    }
                });
                if (with.seal_record(doc) != 0) {
                    rewritten.push_back({e.rev, e.revision, canonical_text(doc)});
                }
            }
            if (rewritten.empty()) {
                continue;
            }
            auto current = impl_->find(id);
            if (!current) { // purged as a whole: no content is left to seal
                continue;
            }
            const auto [rev, revision] = impl_->rewrite_rows(
                id, *current, "seal", fmt::format("sealed to {}", keys::fingerprint(key)), actor, "", rewritten);
            impl_->move_head(id, rev, revision);
            sealed += rewritten.size();
        }
    });
    if (sealer) {
        impl_->sealer.emplace(std::move(*sealer));
    }
    return sealed;
}

bool Store::adopt(const std::string& id, const std::vector<HistoryEntry>& theirs, std::size_t shared)
{
    bool erased = false;
    write([&] {
        std::vector<HistoryEntry> ours = history(id);
        if (shared > ours.size() || shared > theirs.size()) {
            throw Error(Exit::invalid, say("case \"{}\": the histories do not share {} rows", id, shared));
        }
        // Their revs become ours: shared rows are ours already, new rows follow our last row.
        std::unordered_map<long long, long long> rev_here;
        const long long base = impl_->last_row().first + 1;
        for (std::size_t i = 0; i < theirs.size(); ++i) {
            rev_here[theirs[i].rev] = i < shared ? ours[i].rev : base + static_cast<long long>(i - shared);
        }
        auto here = [&](const std::optional<long long>& rev) -> std::optional<long long> {
            if (!rev) {
                return std::nullopt;
            }
            auto it = rev_here.find(*rev);
            return it == rev_here.end() ? std::nullopt : std::optional<long long>(it->second);
        };
        for (std::size_t i = shared; i < theirs.size(); ++i) {
            HistoryEntry row = theirs[i];
            row.purged_by = here(row.purged_by);
            impl_->append(row, row.doc_text.empty() && row.salt.empty() ? nullptr : &row.doc_text);
            erased = erased || row.action == "purge";
        }
        if (impl_->last_row().first != base + static_cast<long long>(theirs.size() - shared) - 1) {
            throw Error(Exit::io, tr("the history moved during a merge"));
        }
        // Rows both have, purged there and not (or differently) here: take what is left there.
        SQLite::Statement& rewrite = impl_->statement("UPDATE history SET doc = ?, salt = ?, purged_by = ? WHERE rev = ?");
        impl_->rewriting = 1;
        try {
            for (std::size_t i = 0; i < shared; ++i) {
                const HistoryEntry& t = theirs[i];
                if (!t.purged_by || (ours[i].purged_by && ours[i].doc_text == t.doc_text && ours[i].salt == t.salt)) {
                    continue;
                }
                rewrite.reset();
                rewrite.clearBindings();
                if (t.doc_text.empty() && t.salt.empty()) {
                    rewrite.bind(1);
                    rewrite.bind(2);
                } else {
                    rewrite.bind(1, t.doc_text);
                    rewrite.bind(2, t.salt.data(), static_cast<int>(t.salt.size()));
                }
                if (auto by = here(t.purged_by)) {
                    rewrite.bind(3, static_cast<std::int64_t>(*by));
                } else {
                    rewrite.bind(3);
                }
                rewrite.bind(4, static_cast<std::int64_t>(ours[i].rev));
                rewrite.exec();
                erased = true;
            }
        } catch (...) {
            impl_->rewriting = 0;
            throw;
        }
        impl_->rewriting = 0;
        impl_->follow_history(id);
    });
    return erased;
}

void Store::set_secure_delete(bool on)
{
    guarded(impl_->path, [&] { impl_->db.exec(on ? "PRAGMA secure_delete = ON" : "PRAGMA secure_delete = OFF"); });
}

void Store::exec(const std::string& sql)
{
    guarded(impl_->path, [&] { impl_->db.exec(sql); });
}

std::vector<long long> Store::pragma_row(const std::string& sql)
{
    return guarded(impl_->path, [&] {
        SQLite::Statement st(impl_->db, sql);
        std::vector<long long> out;
        if (st.executeStep()) {
            for (int i = 0; i < st.getColumnCount(); ++i) {
                out.push_back(st.getColumn(i).getInt64());
            }
        }
        return out;
    });
}

namespace {

// A column as verify compares it: its text (integers as SQLite prints them), or nullopt for NULL.
std::optional<std::string> stored_text(const SQLite::Column& value)
{
    return value.isNull() ? std::nullopt : std::optional<std::string>(value.getString());
}

// What a document's derived columns should be, in StoredDerived's order.
struct ExpectedDerived {
    std::vector<std::optional<std::string>> singles; // Store's derived columns
    std::vector<std::string> multis;                 // each multi-valued dimension, encoded as case_dims holds it
    std::vector<std::pair<std::string, std::string>> values;
};

} // namespace

void for_each_case_check_row(const Store& store, const std::function<void(CaseCheckRow&&)>& visit,
                             const std::function<void(const std::string&)>& orphan)
{
    Store::Impl& impl = *store.impl_;
    const std::vector<std::string>& singles = Store::Impl::derived_columns();
    std::vector<std::string> multis;
    for (const Dimension& d : dimensions()) {
        if (d.arity == Arity::multi) {
            multis.emplace_back(d.name);
        }
    }
    std::string columns;
    for (const std::string& c : singles) {
        columns += ", c." + c;
    }
    columns += ", d.id IS NOT NULL";
    for (const std::string& c : singles) {
        columns += ", d." + c;
    }
    for (const std::string& c : multis) {
        columns += ", d." + c;
    }
    const std::string sql = fmt::format("SELECT c.id, c.revision, c.deleted, c.version, c.head, h.doc{}, "
                                        "c.deleted IS d.deleted FROM cases c LEFT JOIN case_dims d ON d.id = c.id "
                                        "LEFT JOIN history h ON h.rev = c.version ORDER BY c.id",
                                        columns);
    guarded(impl.path, [&] {
        SQLite::Statement st(impl.db, sql);
        // case_values in its own key order (case_id, dim, value), merged with the cases by id.
        SQLite::Statement values(impl.db, "SELECT case_id, dim, value FROM case_values ORDER BY case_id, dim, value");
        bool more_values = values.executeStep();
        std::string last_orphan;
        auto skip_orphans_before = [&](const std::string* id) {
            while (more_values) {
                const char* text = values.getColumn(0).getText();
                if (id != nullptr && id->compare(text) <= 0) {
                    return;
                }
                if (last_orphan != text) {
                    last_orphan = text;
                    orphan(last_orphan);
                }
                more_values = values.executeStep();
            }
        };
        const int n_singles = static_cast<int>(singles.size());
        const int n_multis = static_cast<int>(multis.size());
        while (st.executeStep()) {
            CaseCheckRow c;
            c.row = {st.getColumn(0).getString(), st.getColumn(1).getInt64(), st.getColumn(2).getInt() != 0,
                     st.getColumn(3).getInt64(), st.getColumn(4).getInt64()};
            if (!st.getColumn(5).isNull()) {
                const SQLite::Column doc = st.getColumn(5);
                c.doc_text.emplace(doc.getText(), static_cast<std::size_t>(doc.getBytes()));
            }
            int at = 6;
            c.stored.cases.reserve(singles.size());
            for (int i = 0; i < n_singles; ++i) {
                c.stored.cases.push_back(stored_text(st.getColumn(at++)));
            }
            c.stored.has_dims = st.getColumn(at++).getInt() != 0;
            c.stored.dims.reserve(singles.size() + multis.size());
            for (int i = 0; i < n_singles + n_multis; ++i) {
                c.stored.dims.push_back(stored_text(st.getColumn(at++)));
            }
            c.stored.deleted_agree = st.getColumn(at).getInt() != 0;
            skip_orphans_before(&c.row.id);
            while (more_values && c.row.id == values.getColumn(0).getText()) {
                c.stored.values.emplace_back(values.getColumn(1).getString(), values.getColumn(2).getString());
                more_values = values.executeStep();
            }
            visit(std::move(c));
        }
        skip_orphans_before(nullptr);
    });
}

bool derived_agree(const StoredDerived& stored, const Json& doc)
{
    Store::Impl::DerivedRow row;
    try {
        row = Store::Impl::derived_row(doc);
    } catch (const std::exception&) {
        return false;
    }
    ExpectedDerived want;
    const auto& dims = dimensions();
    for (std::size_t i = 0; i < dims.size(); ++i) {
        if (dims[i].arity == Arity::single) {
            want.singles.push_back(row.values[i].empty() ? std::nullopt : std::optional<std::string>(row.values[i].front()));
        }
    }
    want.singles.push_back(row.return_date);
    want.singles.emplace_back(row.flags);
    for (std::size_t i = 0; i < dims.size(); ++i) {
        if (dims[i].arity == Arity::multi) {
            want.multis.push_back(encode_values(row.values[i]));
            for (const std::string& v : row.values[i]) {
                want.values.emplace_back(dims[i].name, v);
            }
        }
    }
    std::sort(want.values.begin(), want.values.end());
    want.values.erase(std::unique(want.values.begin(), want.values.end()), want.values.end());

    if (!stored.has_dims || !stored.deleted_agree || stored.cases != want.singles ||
        stored.dims.size() != want.singles.size() + want.multis.size() || stored.values != want.values) {
        return false;
    }
    if (!std::equal(want.singles.begin(), want.singles.end(), stored.dims.begin())) {
        return false;
    }
    for (std::size_t i = 0; i < want.multis.size(); ++i) {
        if (stored.dims[want.singles.size() + i] != want.multis[i]) {
            return false;
        }
    }
    return true;
}

namespace {

std::vector<std::string> triggers_on(Store::Impl& impl, const char* table)
{
    SQLite::Statement st(impl.db, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name");
    st.bind(1, table);
    std::vector<std::string> found;
    while (st.executeStep()) {
        found.push_back(st.getColumn(0).getString());
    }
    return found;
}

} // namespace

bool history_is_append_only(const Store& store)
{
    Store::Impl& impl = *store.impl_;
    return guarded(impl.path, [&] {
        const std::vector<std::string> expected = {
            "CREATE TRIGGER history_no_delete BEFORE DELETE ON history WHEN casebook_rewriting() = 0\n"
            "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END",
            "CREATE TRIGGER history_no_update BEFORE UPDATE ON history WHEN casebook_rewriting() = 0\n"
            "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END",
        };
        return triggers_on(impl, "history") == expected;
    });
}

bool sealing_is_fixed(const Store& store)
{
    Store::Impl& impl = *store.impl_;
    return guarded(impl.path, [&] {
        const std::vector<std::string> expected = {
            "CREATE TRIGGER meta_sealed_to_no_delete BEFORE DELETE ON meta WHEN OLD.key = 'sealed_to'\n"
            "BEGIN SELECT RAISE(ABORT, 'a sealed database stays sealed'); END",
            "CREATE TRIGGER meta_sealed_to_no_update BEFORE UPDATE ON meta WHEN OLD.key = 'sealed_to' OR NEW.key = 'sealed_to'\n"
            "BEGIN SELECT RAISE(ABORT, 'a sealed database stays sealed to its key'); END",
        };
        return triggers_on(impl, "meta") == expected;
    });
}

StoredCase live_case(const Store& store, std::string_view id)
{
    auto found = store.find(id);
    if (!found && !store.history(std::string(id)).empty()) {
        throw Error(Exit::invalid, say("case \"{}\" was purged: 'casebook log {}' shows its tombstone", id, id));
    }
    if (!found) {
        std::string hint;
        std::vector<std::string> ids = store.ids();
        if (!ids.empty()) {
            std::vector<std::string> closest = closest_first(std::string(id), ids);
            hint = say(" (did you mean \"{}\"?)", closest.front());
        }
        throw Error(Exit::invalid, say("no case \"{}\" in {}{}", id, store.path(), hint));
    }
    if (found->deleted) {
        throw Error(Exit::invalid, say("case \"{}\" is deleted: 'casebook restore {}' brings it back, "
                                               "'casebook log {}' shows its history",
                                               id, id, id));
    }
    return *found;
}

} // namespace casebook
