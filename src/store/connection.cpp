// A connection to the database: opened with casebook's own SQL function,
// cached statements, transactions, and the Store calls that only pass through it.
#include "store/store_impl.hpp"

#include <sqlite3.h>

#include "store/database_error.hpp"

namespace casebook::store {

std::string column_text(SQLite::Statement& st, int i)
{
    return st.getColumn(i).isNull() ? std::string() : st.getColumn(i).getString();
}

Store::Impl::Impl(std::string path, std::string file, int flags, int busy_timeout_ms)
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

SQLite::Statement& Store::Impl::statement(const char* sql)
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

void Store::Impl::write(const std::function<void()>& body)
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

void Store::snapshot(const std::function<void()>& body) const
{
    Impl& impl = *impl_;
    if (sqlite3_get_autocommit(impl.db.getHandle()) == 0) {
        body(); // within a snapshot (or a write) already
        return;
    }
    // A deferred transaction takes its snapshot at its first read.
    guarded(impl.path, [&] {
        impl.db.exec("BEGIN");
        impl.db.execAndGet("SELECT count(*) FROM sqlite_schema");
    });
    try {
        body();
    } catch (...) {
        try {
            impl.db.exec("ROLLBACK");
        } catch (const SQLite::Exception&) {
            // The transaction is gone already; the original error matters.
        }
        throw;
    }
    guarded(impl.path, [&] { impl.db.exec("COMMIT"); });
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

const std::string& Store::path() const { return impl_->path; }
const std::string& Store::sqlite_name() const { return impl_->file; }
int Store::format_version() const { return impl_->version; }
const std::optional<std::string>& Store::backup_path() const { return impl_->backup_file; }

void Store::write(const std::function<void()>& body)
{
    guarded(impl_->path, [&] { impl_->write(body); });
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

} // namespace casebook::store
