// query --sql in a private in-memory database holding only the analysis views
// (see sql_sandbox.hpp for the guarantee and why it is structural).
#include "analysis/sql_sandbox.hpp"

#include <algorithm>
#include <cctype>
#include <memory>

#include <sqlite3.h>

#include "record/dims.hpp"
#include "util/error.hpp"
#include "analysis/reader.hpp"
#include "analysis/sandbox_sqlite.hpp"
#include "analysis/sql_linked_views.hpp"
#include "util/i18n.hpp"

namespace casebook::analysis {

namespace {

using Connection = std::unique_ptr<sqlite3, int (*)(sqlite3*)>;
using sandbox::Prepared;
using sandbox::exec;
using sandbox::prepare;

// A name as a quoted SQL identifier.
std::string quoted(const std::string& name)
{
    std::string out = "\"";
    for (char c : name) {
        out += c == '"' ? "\"\"" : std::string(1, c);
    }
    return out + "\"";
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}



Connection open_sandbox()
{
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    Connection db(raw, sqlite3_close);
    if (rc != SQLITE_OK) {
        throw Error(Exit::io, say("cannot open the --sql sandbox: {}", sqlite3_errstr(rc)));
    }
    sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_limit(raw, SQLITE_LIMIT_ATTACHED, 0);
    // Sorts, DISTINCT and CTE queues stay in memory, under the heap limit:
    // no temporary file can fill the disk.
    exec(raw, "PRAGMA temp_store = MEMORY");
    return db;
}

// Whether `name` appears in the statement, ASCII case-insensitively. SQL has
// no way to name a table other than spelling it, so a view not spelled is
// one the statement cannot read, and need not be filled.
bool mentions(const std::string& lowered_sql, const std::string& name)
{
    return lowered_sql.find(lower(name)) != std::string::npos;
}

// Copies the rows of the database's analysis views into tables of the same
// names and columns in the sandbox (empty when the statement cannot read
// them), in one read transaction that ends before the statement runs.
void copy_views(const store::DatabaseFile& db_file, sqlite3* sandbox, const std::string& sql)
{
    SQLite::Database source = reading::open_reader(db_file);
    sqlite3* from = source.getHandle();
    const std::string lowered = lower(sql);
    reading::guarded(db_file.path, [&] {
        source.exec("BEGIN");
        exec(sandbox, "BEGIN");
        for (const std::string& view : analysis_views()) {
            const auto& linked = linked_view_names();
            if (std::find(linked.begin(), linked.end(), view) != linked.end()) {
                continue; // filled from the documents (fill_linked_views)
            }
            SQLite::Statement exists(source, "SELECT 1 FROM sqlite_schema WHERE type = 'view' AND name = ?");
            exists.bind(1, view);
            if (!exists.executeStep()) {
                continue;
            }
            Prepared rows = prepare(from, fmt::format("SELECT * FROM {}", quoted(view)));
            const int n = sqlite3_column_count(rows.get());
            std::string columns;
            std::string marks;
            for (int i = 0; i < n; ++i) {
                const char* type = sqlite3_column_decltype(rows.get(), i);
                columns += fmt::format("{}{} {}", i == 0 ? "" : ", ", quoted(sqlite3_column_name(rows.get(), i)),
                                       type == nullptr ? "" : type);
                marks += i == 0 ? "?" : ", ?";
            }
            exec(sandbox, fmt::format("CREATE TABLE {} ({})", quoted(view), columns));
            if (!mentions(lowered, view)) {
                continue;
            }
            Prepared insert = prepare(sandbox, fmt::format("INSERT INTO {} VALUES ({})", quoted(view), marks));
            int rc = SQLITE_OK;
            while ((rc = sqlite3_step(rows.get())) == SQLITE_ROW) {
                for (int i = 0; i < n; ++i) {
                    sqlite3_bind_value(insert.get(), i + 1, sqlite3_column_value(rows.get(), i));
                }
                if (sqlite3_step(insert.get()) != SQLITE_DONE) {
                    throw Error(Exit::io, say("cannot copy {} into the --sql sandbox: {}", view,
                                                      sqlite3_errmsg(sandbox)));
                }
                sqlite3_reset(insert.get());
            }
            if (rc != SQLITE_DONE) {
                throw Error(Exit::io, say("database {}: cannot read {}: {}", db_file.path, view, sqlite3_errmsg(from)));
            }
        }
        exec(sandbox, "COMMIT");
        source.exec("COMMIT");
    });
}

// What the sandbox's authorizer allows, and why it refused the last thing it refused.
struct Guard {
    std::string refused;
    bool reads = false; // the statement is a SELECT (or a listing PRAGMA)
};

// PRAGMAs that only list what the sandbox holds.
bool is_listing_pragma(std::string_view name)
{
    return name == "table_info" || name == "table_xinfo" || name == "table_list" || name == "index_list" ||
           name == "index_info" || name == "index_xinfo" || name == "function_list" || name == "collation_list";
}

int authorize(void* data, int action, const char* a1, const char* a2, const char* /*database*/, const char* /*view*/)
{
    auto& guard = *static_cast<Guard*>(data);
    auto refuse = [&](std::string why) {
        guard.refused = std::move(why);
        return SQLITE_DENY;
    };
    switch (action) {
    case SQLITE_SELECT:
        guard.reads = true;
        return SQLITE_OK;
    case SQLITE_RECURSIVE:
    case SQLITE_READ:
        return SQLITE_OK;
    case SQLITE_FUNCTION: {
        std::string name = lower(a2 == nullptr ? "" : a2);
        if (name == "load_extension") {
            return refuse(tr("the function load_extension() is not allowed"));
        }
        return SQLITE_OK;
    }
    case SQLITE_PRAGMA: {
        std::string name = lower(a1 == nullptr ? "" : a1);
        if (is_listing_pragma(name)) {
            guard.reads = true;
            return SQLITE_OK;
        }
        return refuse(say("PRAGMA {} is not allowed (only table_info, table_xinfo, table_list and the "
                                  "other listing pragmas)",
                                  name));
    }
    case SQLITE_ATTACH:
    case SQLITE_DETACH:
        return refuse(tr("ATTACH and DETACH are not allowed"));
    case SQLITE_UPDATE:
        // Preparing a pragma function (pragma_table_info(...)) asks for
        // sqlite_schema's columns as if to update them; nothing is written
        // (the sandbox is query_only and defensive, and only a statement
        // SQLite calls read-only runs).
        if (a1 != nullptr && std::string_view(a1) == "sqlite_master") {
            return SQLITE_OK;
        }
        return refuse(tr("--sql only reads: INSERT, UPDATE and DELETE are not allowed"));
    case SQLITE_INSERT:
    case SQLITE_DELETE:
        return refuse(tr("--sql only reads: INSERT, UPDATE and DELETE are not allowed"));
    case SQLITE_TRANSACTION:
    case SQLITE_SAVEPOINT:
        return refuse(tr("transactions are not allowed"));
    default:
        return refuse(tr("--sql runs one SELECT: schema changes and other statements are not allowed"));
    }
}

bool only_space_and_comments(const char* text)
{
    std::string_view s = text == nullptr ? "" : text;
    std::size_t i = 0;
    while (i < s.size()) {
        if (std::isspace(static_cast<unsigned char>(s[i])) != 0 || s[i] == ';') {
            ++i;
        } else if (s.substr(i, 2) == "--") {
            std::size_t end = s.find('\n', i);
            i = end == std::string_view::npos ? s.size() : end + 1;
        } else if (s.substr(i, 2) == "/*") {
            std::size_t end = s.find("*/", i + 2);
            i = end == std::string_view::npos ? s.size() : end + 2;
        } else {
            return false;
        }
    }
    return true;
}

// Whether text is UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool is_utf8(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        const auto lead = static_cast<unsigned char>(s[i]);
        const std::size_t more = lead < 0x80 ? 0 : (lead >> 5) == 0x6 ? 1 : (lead >> 4) == 0xE ? 2 : (lead >> 3) == 0x1E ? 3 : 4;
        if (more == 4 || more >= s.size() - i) {
            return more == 0;
        }
        char32_t cp = more == 0 ? lead : lead & (0x3Fu >> more);
        for (std::size_t k = 1; k <= more; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if ((b & 0xC0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (b & 0x3Fu);
        }
        constexpr char32_t least[] = {0, 0x80, 0x800, 0x10000};
        if (cp < least[more] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += more + 1;
    }
    return true;
}

// The time limit: SQLite calls this every few thousand virtual machine steps.
struct Deadline {
    std::chrono::steady_clock::time_point at;
    bool passed = false;
};

int past_deadline(void* data)
{
    auto& deadline = *static_cast<Deadline*>(data);
    deadline.passed = std::chrono::steady_clock::now() >= deadline.at;
    return deadline.passed ? 1 : 0;
}

// The process's hard heap limit, set to `bytes` more than is in use now for
// as long as it lives, then put back (it is process-wide: nothing else runs
// meanwhile, and the main database's connection is already closed).
class HeapLimit {
public:
    explicit HeapLimit(std::int64_t bytes) : before_(sqlite3_hard_heap_limit64(-1))
    {
        if (sqlite3_memory_used() <= 0) {
            throw Error(Exit::io, tr("cannot bound the memory of --sql: SQLite does not count memory in this process"));
        }
        sqlite3_hard_heap_limit64(sqlite3_memory_used() + bytes);
    }
    HeapLimit(const HeapLimit&) = delete;
    HeapLimit& operator=(const HeapLimit&) = delete;
    ~HeapLimit() { sqlite3_hard_heap_limit64(before_); }

private:
    sqlite3_int64 before_;
};

std::string seconds(std::chrono::milliseconds time)
{
    const auto ms = time.count();
    return ms % 1000 == 0 ? std::to_string(ms / 1000) : fmt::format("{:.3g}", static_cast<double>(ms) / 1000.0);
}

// The error for a statement that stopped with rc; message: "--sql refused: {}"
// or "--sql failed: {}" (N_), the reason in its {}.
[[noreturn]] void stopped(sqlite3* db, int rc, const Guard& guard, const Deadline& deadline, const SqlLimits& limits,
                          const char* message)
{
    if (rc == SQLITE_INTERRUPT && deadline.passed) {
        throw Error(Exit::io, say("--sql stopped: the statement ran longer than {} seconds; give it more "
                                          "time with --timeout SECONDS",
                                          seconds(limits.time)));
    }
    if (rc == SQLITE_NOMEM) {
        throw Error(Exit::io, say("--sql stopped: the statement needed more than {} MiB of memory",
                                          limits.memory >> 20));
    }
    if (rc == SQLITE_TOOBIG) {
        throw Error(Exit::io, say("--sql stopped: the statement made a value longer than {} MiB",
                                          limits.value_length >> 20));
    }
    std::string why = guard.refused.empty() ? sqlite3_errmsg(db) : guard.refused;
    throw Error(Exit::usage, say(message, why));
}

Json value_at(sqlite3_stmt* st, int i, long long row, const std::vector<std::string>& names)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER:
        return static_cast<long long>(sqlite3_column_int64(st, i));
    case SQLITE_FLOAT:
        return sqlite3_column_double(st, i);
    case SQLITE_NULL:
        return nullptr;
    case SQLITE_BLOB:
        return fmt::format("<blob of {} bytes>", sqlite3_column_bytes(st, i));
    default: {
        std::string text(reinterpret_cast<const char*>(sqlite3_column_text(st, i)),
                         static_cast<std::size_t>(sqlite3_column_bytes(st, i)));
        if (!is_utf8(text)) {
            throw Error(Exit::usage, say("--sql: column {} of row {} is text that is not UTF-8; select "
                                                 "hex(...) of it to see its bytes",
                                                 names[static_cast<std::size_t>(i)], row));
        }
        return text;
    }
    }
}

} // namespace

std::vector<std::string> analysis_views()
{
    std::vector<std::string> out = {"cases_v"};
    for (const std::string& v : linked_view_names()) {
        out.push_back(v);
    }
    for (const record::Dimension& d : record::dimensions()) {
        const std::string view = std::string(d.name) + "s_v";
        if (d.arity == record::Arity::multi && std::find(out.begin(), out.end(), view) == out.end()) {
            out.push_back(view);
        }
    }
    return out;
}

void run_sql(const store::DatabaseFile& db_file, const std::string& sql, const SqlLimits& limits,
             const std::function<void(const std::vector<std::string>&)>& header,
             const std::function<void(const ResultRow&)>& row)
{
    Connection sandbox = open_sandbox();
    sqlite3* db = sandbox.get();
    copy_views(db_file, db, sql);
    exec(db, "BEGIN");
    fill_linked_views(db_file, db, lower(sql));
    exec(db, "COMMIT");
    exec(db, "PRAGMA query_only = 1");
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, limits.value_length);
    sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 1 << 20);
    Guard guard;
    sqlite3_set_authorizer(db, authorize, &guard);
    Deadline deadline{std::chrono::steady_clock::now() + limits.time};
    sqlite3_progress_handler(db, 1000, past_deadline, &deadline);
    HeapLimit heap(limits.memory);

    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()) + 1, &raw, &tail);
    Prepared stmt(raw, sqlite3_finalize);
    if (rc != SQLITE_OK) {
        stopped(db, rc, guard, deadline, limits, N_("--sql refused: {}"));
    }
    if (!stmt) {
        throw Error(Exit::usage, tr("--sql: no statement given"));
    }
    if (!only_space_and_comments(tail)) {
        throw Error(Exit::usage, tr("--sql refused: give exactly one statement (found more after the first ';')"));
    }
    if (!guard.reads) {
        throw Error(Exit::usage, "--sql refused: --sql runs one SELECT: schema changes and other statements are not allowed");
    }
    if (sqlite3_stmt_readonly(stmt.get()) == 0) {
        throw Error(Exit::usage, tr("--sql refused: the statement would change the database"));
    }
    const int n = sqlite3_column_count(stmt.get());
    std::vector<std::string> names;
    for (int i = 0; i < n; ++i) {
        const char* name = sqlite3_column_name(stmt.get(), i);
        names.emplace_back(name == nullptr ? "" : name);
        if (!is_utf8(names.back())) {
            throw Error(Exit::usage, say("--sql: the name of column {} is not UTF-8", i + 1));
        }
    }
    header(names);
    ResultRow values(static_cast<std::size_t>(n));
    long long count = 0;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
        ++count;
        for (int i = 0; i < n; ++i) {
            values[static_cast<std::size_t>(i)] = value_at(stmt.get(), i, count, names);
        }
        row(values);
    }
    if (rc != SQLITE_DONE) {
        stopped(db, rc, guard, deadline, limits, N_("--sql failed: {}"));
    }
}

} // namespace casebook::analysis
