#include <catch2/catch.hpp>

#include <map>

#include "output/data_package.hpp"
#include "record/linked_tables.hpp"
#include "../case_fixtures.hpp"

using namespace casebook;
using casebook::test::parsed;

namespace {

// Every row of a record, per table name, as cells by column name.
std::map<std::string, std::vector<std::map<std::string, record::Cell>>> rows_of(const Json& record, record::SensitiveColumns s)
{
    std::map<std::string, std::vector<std::map<std::string, record::Cell>>> out;
    const auto& tables = record::linked_tables(s);
    record::linked_rows(record, s, [&](std::size_t t, const record::LinkedRow& row) {
        REQUIRE(row.size() == tables[t].columns.size());
        std::map<std::string, record::Cell> named;
        for (std::size_t i = 0; i < row.size(); ++i) {
            named[tables[t].columns[i].name] = row[i];
        }
        out[tables[t].name].push_back(std::move(named));
    });
    return out;
}

std::vector<std::string> names(const record::LinkedTable& t)
{
    std::vector<std::string> out;
    for (const record::LinkedColumn& c : t.columns) {
        out.push_back(c.name);
    }
    return out;
}

} // namespace

TEST_CASE("linked tables: one row per sub-record, keys and positions, partial dates as their bounds")
{
    Json r = parsed(R"({"schema_version":"1","id":"x-1","person":{"pseudonym":"Ana","age_at_flight":16},
      "journey":[{"country":"MEX","detained":true,"failures":["no_interpreter"]},{"country":"USA","entered":"2020-02"}],
      "returns":[{"date":"2020","from":"USA","to":"MEX","mechanism":"mpp_return"},{"date":"2021-03-04","from":"MEX","to":"SLV"}],
      "after_return":{"harms":[{"type":"threat","date":"2021-03","sources":["s1"]}]},
      "sources":[{"id":"s1","type":"interview","reference":"file 12"}]})");
    auto rows = rows_of(r, record::SensitiveColumns::kept);
    REQUIRE(rows["cases"].size() == 1);
    REQUIRE(rows["legs"].size() == 2);
    REQUIRE(rows["returns"].size() == 2);
    REQUIRE(rows["harms"].size() == 1);
    CHECK(rows["legs"][1]["leg_no"] == record::Cell("2"));
    CHECK(rows["legs"][0]["detained"] == record::Cell("TRUE"));
    CHECK(rows["legs"][1]["detained"] == std::nullopt);
    CHECK(rows["legs"][1]["entered_last"] == record::Cell("2020-02-29"));
    CHECK(rows["returns"][0]["return_date_precision"] == record::Cell("year"));
    CHECK(rows["returns"][0]["return_date_first"] == record::Cell("2020-01-01"));
    CHECK(rows["returns"][0]["return_date_last"] == record::Cell("2020-12-31"));
    CHECK(rows["returns"][1]["return_no"] == record::Cell("2"));
    CHECK(rows["returns"][1]["mechanism"] == std::nullopt);
    CHECK(rows["cases"][0]["first_return_mechanism"] == record::Cell("mpp_return"));
    CHECK(rows["cases"][0]["minor"] == record::Cell("yes"));
    CHECK(rows["cases"][0]["n_returns"] == record::Cell("2"));
    CHECK(rows["cases"][0]["pseudonym"] == record::Cell("Ana"));
    CHECK(rows["leg_failures"].size() == 1);
    CHECK(rows["leg_failures"][0]["leg_no"] == record::Cell("1"));
    CHECK(rows["harm_sources"][0]["source_id"] == record::Cell("s1"));
    CHECK(rows["flags"].size() >= 1); // chain_return: mpp_return
}

TEST_CASE("linked tables: the columns never depend on the data, sensitive ones dropped when redacting")
{
    const auto& kept = record::linked_tables(record::SensitiveColumns::kept);
    const auto& dropped = record::linked_tables(record::SensitiveColumns::dropped);
    REQUIRE(kept.size() == dropped.size());
    auto empty = rows_of(parsed(R"({"schema_version":"1","id":"e"})"), record::SensitiveColumns::dropped);
    CHECK(empty["cases"].size() == 1);
    CHECK(empty.count("legs") == 0);
    for (const record::LinkedColumn& c : dropped[0].columns) {
        CHECK_FALSE(c.sensitive);
    }
    const auto cases = names(kept[0]);
    CHECK(std::find(cases.begin(), cases.end(), "pseudonym") != cases.end());
    const auto shared = names(dropped[0]);
    CHECK(std::find(shared.begin(), shared.end(), "pseudonym") == shared.end());
    CHECK(std::find(shared.begin(), shared.end(), "narrative") == shared.end());
    // The description and vocabulary come from the schema.
    for (const record::LinkedColumn& c : kept[2].columns) {
        CHECK_FALSE(c.description.empty());
        if (c.name == "mechanism") {
            CHECK(c.values.front() == "removal");
        }
    }
}

TEST_CASE("data package: every key names fields and tables that exist")
{
    Json d = output::data_package_descriptor(record::SensitiveColumns::dropped, output::PackageFacts{});
    std::map<std::string, std::vector<std::string>> fields;
    for (const Json& r : d["resources"]) {
        for (const Json& f : r["schema"]["fields"]) {
            fields[r["name"].get<std::string>()].push_back(f["name"].get<std::string>());
        }
    }
    auto has = [&](const std::string& table, const Json& field) {
        const auto& f = fields[table];
        return std::find(f.begin(), f.end(), field.get<std::string>()) != f.end();
    };
    for (const Json& r : d["resources"]) {
        const std::string name = r["name"].get<std::string>();
        for (const Json& k : r["schema"]["primaryKey"]) {
            CHECK(has(name, k));
        }
        for (const Json& fk : r["schema"].value("foreignKeys", Json::array())) {
            for (const Json& k : fk["fields"]) {
                CHECK(has(name, k));
            }
            for (const Json& k : fk["reference"]["fields"]) {
                CHECK(has(fk["reference"]["resource"].get<std::string>(), k));
            }
        }
    }
    CHECK(d["resources"][0]["schema"]["missingValues"] == Json::array({"NA"}));
}
