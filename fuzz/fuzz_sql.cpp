// libFuzzer target: query --sql through the real sandbox (run_sql). The
// database holds a marker in every place --sql must never reach: the
// documents (pseudonym, locality, narrative) in cases.doc and history, a
// history note, meta, and a deleted case (its id and tag in case_dims and
// case_values). Each input becomes a statement built from SQLite's grammar
// keywords, the view, table and column names and a few literals (one byte a
// token), or, after a leading '!', is the statement itself (the seeds in
// fuzz/seeds/fuzz_sql are such attacks). The target aborts when a result row
// or a message holds the marker, or when the database or the folder changed
// (a write, ATTACH or VACUUM INTO that got through).
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <string_view>

#include "util/error.hpp"
#include "json/json.hpp"
#include "analysis/sql_sandbox.hpp"
#include "store/store.hpp"

namespace {

constexpr std::string_view marker = "FZSECRET";

// Words the generator draws from: the grammar's keywords and punctuation,
// every name in the database (tables, views, columns) and functions that read
// structure or JSON.
constexpr std::string_view words[] = {
    "SELECT", "FROM", "WHERE", "JOIN", "FULL", "LEFT", "RIGHT", "INNER", "OUTER", "CROSS", "NATURAL", "USING", "ON",
    "AS", "WITH", "RECURSIVE", "UNION", "ALL", "INTERSECT", "EXCEPT", "VALUES", "GROUP", "BY", "HAVING", "ORDER",
    "LIMIT", "OFFSET", "DISTINCT", "EXISTS", "IN", "NOT", "NULL", "IS", "AND", "OR", "LIKE", "GLOB", "CASE", "WHEN",
    "THEN", "ELSE", "END", "CAST", "COLLATE", "INDEXED", "WINDOW", "OVER", "PARTITION", "FILTER", "RETURNING",
    "INSERT", "INTO", "UPDATE", "SET", "DELETE", "REPLACE", "CREATE", "TEMP", "TABLE", "VIEW", "TRIGGER", "DROP",
    "ALTER", "RENAME", "ATTACH", "DETACH", "DATABASE", "PRAGMA", "VACUUM", "BEGIN", "COMMIT", "SAVEPOINT", "ANALYZE",
    "REINDEX", "EXPLAIN", "QUERY", "PLAN", "MATERIALIZED",
    // names
    "cases", "history", "meta", "case_dims", "case_values", "cases_v", "flags_v", "harms_v", "reasons_v",
    "persecutors_v", "failures_v", "transits_v", "tags_v", "verifications_v", "sqlite_schema", "sqlite_master",
    "sqlite_temp_schema", "sqlite_dbpage", "dbstat", "main", "temp", "\"cases\"", "[history]", "`meta`", "main.cases",
    "doc", "note", "actor", "deleted", "id", "case_id", "key", "value", "dim", "tag", "rev", "revision", "at", "sql",
    "name", "type", "origin", "flags", "narrative", "*",
    // functions
    "json_extract(", "json_tree(", "json_each(", "json(", "json_group_array(", "group_concat(", "count(", "max(",
    "hex(", "length(", "substr(", "instr(", "zeroblob(", "randomblob(", "printf(", "sqlite_offset(",
    "load_extension(", "readfile(", "writefile(", "fts3_tokenizer(", "pragma_table_info(", "pragma_table_xinfo(",
    "pragma_table_list", "pragma_database_list", "pragma_function_list", "pragma_query_only", "pragma_index_list(",
    // literals and punctuation
    "'$.person.pseudonym'", "'$.narrative'", "'$'", "'cases'", "'history'", "'main'", "'x.db'",
    "'file:cases.db?mode=ro'", "'%FZ%'", "0", "1", "-1", "1000000", "x'ff'", "(", ")", ",", ";", ".", "=", "<>", "||",
    "+", "-", "/", "%", "<", ">", "?", ":a",
};

std::string from_tokens(const std::uint8_t* data, std::size_t size)
{
    std::string sql;
    for (std::size_t i = 0; i < size; ++i) {
        sql += words[data[i] % std::size(words)];
        sql += ' ';
    }
    return sql;
}

// The record every case is made from: valid, with the marker in each sensitive field.
casebook::Json record(const std::string& id, const std::string& secret)
{
    return casebook::Json::parse(R"({"schema_version": "1", "id": ")" + id + R"(", "status": "draft",
        "person": {"pseudonym": ")" + secret + R"(", "sex": "female"},
        "origin": {"country": "SLV", "locality": ")" + secret + R"("},
        "narrative": ")" + secret + R"(", "tags": ["visible"]})");
}

struct Fixture {
    std::filesystem::path folder;
    std::string db;
    std::string bytes; // the database file as it must stay
    std::set<std::string> files;
};

std::string contents(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::set<std::string> listing(const std::filesystem::path& folder)
{
    std::set<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        out.insert(entry.path().filename().string());
    }
    return out;
}

Fixture& fixture()
{
    static Fixture f = [] {
        Fixture out;
        char name[] = "/tmp/fuzz_sql-XXXXXX";
        if (mkdtemp(name) == nullptr) {
            std::perror("mkdtemp");
            std::abort();
        }
        out.folder = name;
        out.db = (out.folder / "cases.db").string();
        {
            casebook::store::Store store = casebook::store::Store::create(out.db);
            const std::string secret(marker);
            store.insert(record("live-1", secret), secret);
            store.insert(record("live-2", secret + "-2"), secret, "create", secret);
            casebook::Json edited = record("live-2", secret + "-edited");
            store.update(edited, 1, secret, "edit", secret);
            casebook::Json gone = record(secret + "-gone", secret);
            gone["tags"] = casebook::Json::array({secret + "-tag"});
            store.insert(gone, secret);
            store.set_deleted(secret + "-gone", true, secret, secret);
        }
        // Relative paths given to ATTACH or VACUUM INTO land in the fixture's folder, where they are seen.
        if (chdir(name) != 0) {
            std::perror("chdir");
            std::abort();
        }
        out.bytes = contents(out.db);
        out.files = listing(out.folder);
        return out;
    }();
    return f;
}

void check(bool ok, const char* what, const std::string& sql)
{
    if (!ok) {
        std::fprintf(stderr, "fuzz_sql: %s\nstatement: %s\n", what, sql.c_str());
        std::abort();
    }
}

// The secrets the fixture stores (below), longest first: the marker alone and
// with the suffixes of an edited, a second and a deleted case.
constexpr std::string_view secrets[] = {"FZSECRET-edited", "FZSECRET-gone", "FZSECRET-tag", "FZSECRET-2", "FZSECRET"};

// Whether text shows a secret the statement did not type. A secret the
// statement holds itself (a literal echoed in a result, a token quoted in a
// syntax error) is the user's own text, which casebook may repeat; any other
// is a leak. Longer secrets are looked for first and then set aside, so that
// "FZSECRET" typed does not excuse "FZSECRET-2" shown.
bool leaks(std::string text, const std::string& sql)
{
    for (std::string_view secret : secrets) {
        for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
            if (sql.find(secret) == std::string::npos) {
                return true;
            }
            text.replace(at, secret.size(), "*");
        }
    }
    return text.find(marker) != std::string::npos;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    Fixture& f = fixture();
    const std::string sql = size > 0 && data[0] == '!' ? std::string(reinterpret_cast<const char*>(data) + 1, size - 1)
                                                       : from_tokens(data, size);
    casebook::analysis::SqlLimits limits;
    limits.time = std::chrono::milliseconds(200);
    limits.memory = std::int64_t{64} << 20;
    limits.value_length = 1 << 20;
    try {
        casebook::analysis::run_sql(
            f.db, sql, limits,
            [&](const std::vector<std::string>& names) {
                for (const std::string& n : names) {
                    check(!leaks(n, sql), "a column name holds the marker", sql);
                }
            },
            [&](const casebook::analysis::ResultRow& row) {
                for (const casebook::Json& v : row) {
                    check(!leaks(v.is_string() ? v.get<std::string>() : v.dump(), sql), "a result holds the marker", sql);
                }
            });
    } catch (const casebook::Error& e) {
        check(!leaks(e.what(), sql), "an error message holds the marker", sql);
    }
    check(contents(f.db) == f.bytes, "the database changed", sql);
    std::set<std::string> now = listing(f.folder);
    now.erase("cases.db-wal"); // a reader of a WAL database may leave these
    now.erase("cases.db-shm");
    std::set<std::string> before = f.files;
    before.erase("cases.db-wal");
    before.erase("cases.db-shm");
    check(now == before, "a file appeared in the database's folder", sql);
    return 0;
}
