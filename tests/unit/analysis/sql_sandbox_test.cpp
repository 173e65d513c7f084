// query --sql's sandbox: only the analysis views' rows are there to read,
// whatever the statement; limits on time, memory and value length.
#include <chrono>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "util/error.hpp"
#include "analysis/sql_sandbox.hpp"
#include "store/store.hpp"
#include "../files.hpp"

using namespace casebook;

namespace {

Json secret_record(const std::string& id)
{
    return Json::parse(R"({"schema_version": "1", "id": ")" + id + R"(", "status": "draft",
        "person": {"pseudonym": "UNITSECRET"}, "origin": {"country": "HND", "locality": "UNITSECRET"},
        "tags": ["open"]})");
}

std::string make_db(const test::TempDir& dir)
{
    const std::string path = dir / "cases.db";
    store::Store store = store::Store::create(path);
    store.insert(secret_record("live-1"), "UNITSECRET");
    store.insert(secret_record("gone-1"), "UNITSECRET");
    store.set_deleted("gone-1", true, "UNITSECRET", "UNITSECRET");
    return path;
}

// Every row the statement gives, each as its values joined by '|'.
std::vector<std::string> rows_of(const std::string& db, const std::string& sql, const analysis::SqlLimits& limits = {})
{
    std::vector<std::string> out;
    analysis::run_sql(db, sql, limits, [](const std::vector<std::string>&) {},
            [&](const analysis::ResultRow& row) {
                std::string line;
                for (const Json& v : row) {
                    line += (line.empty() ? "" : "|") + (v.is_string() ? v.get<std::string>() : v.dump());
                }
                out.push_back(line);
            });
    return out;
}

Exit exit_of(const std::string& db, const std::string& sql, const analysis::SqlLimits& limits = {})
{
    try {
        rows_of(db, sql, limits);
    } catch (const Error& e) {
        return e.exit();
    }
    return Exit::ok;
}

} // namespace

TEST_CASE("sql sandbox: a USING join cannot reach cases.doc or history; only the views are there", "[sql]")
{
    test::TempDir dir;
    const std::string db = make_db(dir);
    CHECK(exit_of(db, "SELECT id, json_extract(doc,'$.person.pseudonym') FROM (SELECT NULL id, NULL deleted, NULL doc "
                      "WHERE 0) FULL JOIN cases USING(id, deleted, doc)") == Exit::usage);
    CHECK(exit_of(db, "SELECT case_id, actor, note, doc FROM (SELECT NULL case_id, NULL actor, NULL note, NULL doc "
                      "WHERE 0) FULL JOIN history USING(case_id, actor, note, doc)") == Exit::usage);
    CHECK(rows_of(db, "SELECT name FROM sqlite_schema WHERE name IN ('cases_v', 'tags_v', 'cases', 'history') ORDER BY "
                      "name") == std::vector<std::string>{"cases_v", "tags_v"});
    CHECK(rows_of(db, "SELECT id, origin FROM cases_v") == std::vector<std::string>{"live-1|HND"});
    CHECK(rows_of(db, "SELECT case_id, tag FROM tags_v") == std::vector<std::string>{"live-1|open"});
    // A view the statement does not name is there, empty: its columns list.
    CHECK(rows_of(db, "SELECT count(*) FROM pragma_table_info('harms_v')") == std::vector<std::string>{"11"});
}

TEST_CASE("sql sandbox: time and memory and length limits stop a statement with Error(io)", "[sql]")
{
    test::TempDir dir;
    const std::string db = make_db(dir);
    analysis::SqlLimits quick;
    quick.time = std::chrono::milliseconds(200);
    const auto start = std::chrono::steady_clock::now();
    CHECK(exit_of(db, "WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n+1 FROM c) SELECT max(n) FROM c", quick) ==
          Exit::io);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));

    analysis::SqlLimits small;
    small.memory = std::int64_t{16} << 20;
    CHECK(exit_of(db, "WITH RECURSIVE c(n, b) AS (SELECT 0, randomblob(100000) UNION SELECT n+1, randomblob(100000) "
                      "FROM c) SELECT count(*) FROM c",
                  small) == Exit::io);
    CHECK(exit_of(db, "WITH RECURSIVE c(s) AS (SELECT 'x' UNION ALL SELECT s||s FROM c) SELECT max(length(s)) FROM c",
                  small) == Exit::io);
    // The limits are lifted afterwards: the next statement runs as usual.
    CHECK(rows_of(db, "SELECT length(zeroblob(30000000))") == std::vector<std::string>{"30000000"});
}

TEST_CASE("sql sandbox: text that is not UTF-8 is Error(usage)", "[sql]")
{
    test::TempDir dir;
    const std::string db = make_db(dir);
    CHECK(exit_of(db, "SELECT CAST(x'ff' AS TEXT)") == Exit::usage);
    CHECK(exit_of(db, "SELECT CAST(x'c3a9' AS TEXT)") == Exit::ok);
    CHECK(exit_of(db, "SELECT CAST(x'eda080' AS TEXT)") == Exit::usage); // a surrogate
    CHECK(exit_of(db, "SELECT CAST(x'c0af' AS TEXT)") == Exit::usage);   // overlong
    CHECK(exit_of(db, "SELECT CAST(x'f09f9880' AS TEXT)") == Exit::ok);
    CHECK(exit_of(db, "SELECT CAST(x'f09f98' AS TEXT)") == Exit::usage); // cut short
}
