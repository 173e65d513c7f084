// query and table over a real store: the SQL path (--where compiled to SQL,
// GROUP BY counts) agrees with the records themselves (dimension extractors,
// matches(), count_records) for every dimension and pair of dimensions; --sql
// refuses everything that is not one read-only SELECT over the views, and
// leaves the file as it was.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "record/canonical.hpp"
#include "record/derive.hpp"
#include "record/dims.hpp"
#include "util/error.hpp"
#include "analysis/query.hpp"
#include "analysis/sql_sandbox.hpp"
#include "store/store.hpp"
#include "analysis/table_labels.hpp"
#include "analysis/table_output.hpp"
#include "analysis/tables.hpp"
#include "record/where.hpp"
#include "../case_fixtures.hpp"
#include "../files.hpp"

using namespace casebook;

namespace {

// The ten examples plus partial drafts that leave dimensions without a value.
std::vector<Json> sample_records()
{
    std::vector<Json> out;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(CASEBOOK_SOURCE_DIR) + "/examples/northern-triangle")) {
        if (entry.path().extension() == ".json") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        out.push_back(test::parsed(test::read_file(f)));
    }
    REQUIRE(out.size() == 10);
    Json d1 = out[0]; // a draft without returns or after_return
    d1["id"] = "d-1";
    d1["status"] = "draft";
    d1.erase("returns");
    d1.erase("after_return");
    Json d2 = out[1]; // no person, no persecutors, a tag with a quote
    d2["id"] = "d-2";
    d2["status"] = "draft";
    d2.erase("person");
    d2["flight"].erase("persecutors");
    d2["tags"] = Json::array({"it's", "x\"; DROP TABLE cases; --"});
    Json d3 = out[7]; // no origin
    d3["id"] = "d-3";
    d3["status"] = "draft";
    d3.erase("origin");
    out.push_back(d1);
    out.push_back(d2);
    out.push_back(d3);
    for (Json& r : out) {
        r = record::canonicalise(r);
    }
    return out;
}

// A store holding the records, and one more case that is deleted.
std::string make_store(const test::TempDir& dir, const std::vector<Json>& records)
{
    std::string path = dir / "cases.db";
    store::Store store = store::Store::create(path);
    for (const Json& r : records) {
        store.insert(r, "test");
    }
    Json gone = records.front();
    gone["id"] = "gone-1";
    store.insert(gone, "test");
    store.set_deleted("gone-1", true, "test");
    return path;
}

std::vector<std::string> ids_by_sql(const std::string& db, const std::vector<record::Condition>& where)
{
    analysis::RecordQuery q;
    q.where = where;
    q.columns = {"id"};
    std::vector<std::string> ids;
    analysis::select_cases(db, q, [&](const analysis::ResultRow& row) { ids.push_back(row[0].get<std::string>()); });
    return ids;
}

std::vector<std::string> ids_in_memory(const std::vector<Json>& records, const std::vector<record::Condition>& where)
{
    std::vector<std::string> ids;
    for (const Json& r : records) {
        if (record::matches(where, r, record::derive(r))) {
            ids.push_back(r.at("id").get<std::string>());
        }
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

} // namespace

TEST_CASE("query --where selects the same cases in SQL as in the records", "[query]")
{
    test::TempDir dir;
    auto records = sample_records();
    std::string db = make_store(dir, records);
    // Every value of every vocabulary dimension, both ways, and the other kinds.
    std::vector<std::string> exprs = {"origin=SLV", "origin!=SLV", "origin=GTM,HND", "returned_from=USA",
                                      "returned_to!=SLV", "transit=GTM", "transit!=GTM", "return_year>=2018",
                                      "return_year<=2017", "flight_year=2016", "flight_year>=2017",
                                      "project=point-of-no-return-synthetic", "project!=nothing", "tag=it's",
                                      "tag=x\"; DROP TABLE cases; --", "tag!=removal", "status=draft"};
    for (const record::Dimension& d : record::dimensions()) {
        for (const std::string& v : d.values) {
            exprs.push_back(std::string(d.name) + "=" + v);
            exprs.push_back(std::string(d.name) + "!=" + v);
        }
    }
    for (const std::string& e : exprs) {
        INFO("--where " << e);
        auto where = record::parse_where(std::vector<std::string>{e});
        CHECK(ids_by_sql(db, where) == ids_in_memory(records, where));
    }
    // Conditions combine with AND.
    auto where = record::parse_where(std::vector<std::string>{"origin=SLV,HND", "flag=harm_linked_to_flight", "status!=draft"});
    CHECK(ids_by_sql(db, where) == ids_in_memory(records, where));
    CHECK(analysis::count_matching(db, where) == static_cast<long long>(ids_in_memory(records, where).size()));
    CHECK(analysis::count_matching(db, {}) == 13); // the deleted case is not counted
}

TEST_CASE("table counts in SQL equal counts over the records, for every pair of dimensions", "[query]")
{
    test::TempDir dir;
    auto records = sample_records();
    std::string db = make_store(dir, records);
    std::vector<std::string> names{""};
    for (const record::Dimension& d : record::dimensions()) {
        names.emplace_back(d.name);
    }
    for (const std::string& rows : names) {
        if (rows.empty()) {
            continue;
        }
        for (const std::string& cols : names) {
            if (cols == rows) {
                continue;
            }
            INFO("--rows " << rows << " --cols " << cols);
            analysis::TableSpec spec{rows, cols, {}, {}};
            analysis::CaseCounts sql = analysis::count_cases(db, spec);
            analysis::CaseCounts memory = analysis::count_records(records, spec);
            CHECK(sql.table.rows.labels == memory.table.rows.labels);
            CHECK(sql.table.cols.labels == memory.table.cols.labels);
            CHECK(sql.table.counts == memory.table.counts);
            CHECK(sql.table.row_totals == memory.table.row_totals);
            CHECK(sql.table.col_totals == memory.table.col_totals);
            CHECK(sql.table.total == memory.table.total);
            CHECK(sql.notes == memory.notes);
        }
    }
    // With a filter.
    analysis::TableSpec spec{"origin", "harm", {"status!=draft"}, record::parse_where(std::vector<std::string>{"status!=draft"})};
    analysis::CaseCounts sql = analysis::count_cases(db, spec);
    CHECK(sql.table.counts == analysis::count_records(records, spec).table.counts);
    CHECK(sql.table.total == 10);
}

TEST_CASE("table outcomes on the examples", "[query]")
{
    test::TempDir dir;
    auto records = sample_records();
    records.resize(10);
    std::string db = make_store(dir, records);
    analysis::CaseCounts counts = analysis::count_cases(db, {"origin", "outcome", {}, {}});
    const analysis::CrossTable& t = counts.table;
    CHECK(t.rows.labels == std::vector<std::string>{"SLV", "GTM", "HND"});
    CHECK(t.cols.labels == std::vector<std::string>{"killed", "disappeared", "physical_harm", "other_harm", "displaced",
                                                    "remigrated", "no_harm_known", "unknown"});
    CHECK(t.counts == std::vector<std::vector<long long>>{{1, 0, 1, 1, 0, 0, 0, 1}, {0, 1, 1, 1, 0, 0, 0, 0},
                                                          {0, 0, 2, 1, 0, 0, 0, 0}});
    CHECK(t.total == 10);
    CHECK(counts.notes.empty());
    analysis::PublishedTable p = analysis::publish(t, {});
    CHECK(analysis::table_title(p) == "Cases by country of origin and post-return outcome, N = 10");
    output::Grid g = analysis::table_grid(p, counts.notes, output::Format::table, analysis::Totals::shown);
    CHECK(g.rows[0][0] == "El Salvador");
    CHECK(analysis::table_grid(p, counts.notes, output::Format::csv, analysis::Totals::shown).rows[0][0] == "SLV");
    Json j = analysis::table_json(p, counts.notes, analysis::Totals::shown);
    CHECK(j["data"][0]["counts"]["killed"]["count"].get<long long>() == 1);
    CHECK(j["totals"]["total"]["count"].get<long long>() == 10);
    Json hidden = analysis::table_json(analysis::publish(t, {analysis::Percent::none, 3, 0}), counts.notes, analysis::Totals::shown);
    CHECK(hidden["data"][0]["counts"]["killed"] == Json::parse(R"({"count": null, "suppressed": true, "display": "x"})"));
}

TEST_CASE("query lists columns in sort order, with multi-valued columns in vocabulary order", "[query]")
{
    test::TempDir dir;
    auto records = sample_records();
    std::string db = make_store(dir, records);
    analysis::RecordQuery q;
    q.columns = analysis::parse_query_columns("id, flag");
    analysis::set_sort(q, "-return_date");
    q.limit = 2;
    std::vector<analysis::ResultRow> rows;
    analysis::select_cases(db, q, [&](const analysis::ResultRow& r) { rows.push_back(r); });
    REQUIRE(rows.size() == 2);
    CHECK(rows[0][0].get<std::string>() == "sv-003"); // 2020-01-14
    CHECK(rows[0][1].get<std::string>() == "fear_not_screened;chain_return;harm_linked_to_flight");
    CHECK_THROWS_AS(analysis::parse_query_columns("id,orign"), Error);
    CHECK_THROWS_AS(analysis::set_sort(q, "flag"), Error);
    std::vector<std::string> ids;
    analysis::select_documents(db, analysis::RecordQuery{}, record::Output::records, [&](const Json& r) { ids.push_back(r.at("id").get<std::string>()); });
    CHECK(ids.size() == 13);
    CHECK(ids.front() == "d-1");
}

TEST_CASE("query --sql runs one read-only SELECT over the views and refuses anything else", "[query]")
{
    test::TempDir dir;
    auto records = sample_records();
    std::string db = make_store(dir, records);
    const std::string before = test::read_file(db);

    std::vector<std::string> header;
    std::vector<analysis::ResultRow> rows;
    analysis::run_sql(db, "SELECT origin, COUNT(*) AS n FROM cases_v WHERE origin IS NOT NULL GROUP BY origin ORDER BY origin", analysis::SqlLimits{},
            [&](const std::vector<std::string>& h) { header = h; }, [&](const analysis::ResultRow& r) { rows.push_back(r); });
    CHECK(header == std::vector<std::string>{"origin", "n"});
    REQUIRE(rows.size() == 3);
    CHECK(rows[2][0].get<std::string>() == "SLV");
    CHECK(rows[2][1].get<long long>() == 4);
    CHECK(rows[0][1].get<long long>() == 5); // GTM: three examples and two drafts

    const std::vector<std::string> refused = {
        "DELETE FROM cases",
        "UPDATE cases SET deleted = 1",
        "INSERT INTO meta VALUES ('a', 'b')",
        "DROP TABLE cases",
        "CREATE TABLE x(a)",
        "CREATE TEMP VIEW v AS SELECT 1",
        "SELECT 1; DELETE FROM cases",
        "SELECT 1; SELECT 2",
        "ATTACH DATABASE '" + (dir / "other.db") + "' AS other",
        "DETACH DATABASE main",
        "PRAGMA query_only = 0",
        "PRAGMA writable_schema = 1",
        "PRAGMA journal_mode = DELETE",
        "PRAGMA user_version = 7",
        "SELECT load_extension('/tmp/evil')",
        "SELECT doc FROM cases",
        "SELECT * FROM history",
        "SELECT narrative FROM cases_v",
        "BEGIN IMMEDIATE",
        "VACUUM",
        "VACUUM INTO '" + (dir / "copy.db") + "'",
        "REINDEX",
        "ANALYZE",
        "",
        "   ",
    };
    for (const std::string& sql : refused) {
        INFO(sql);
        try {
            analysis::run_sql(db, sql, analysis::SqlLimits{}, [](const std::vector<std::string>&) {}, [](const analysis::ResultRow&) {});
            FAIL("not refused");
        } catch (const Error& e) {
            CHECK(e.exit() == Exit::usage);
        }
    }
    CHECK_FALSE(std::filesystem::exists(dir / "other.db"));
    CHECK_FALSE(std::filesystem::exists(dir / "copy.db"));
    CHECK(test::read_file(db) == before);
}
