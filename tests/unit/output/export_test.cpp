#include <catch2/catch.hpp>

#include "output/export.hpp"
#include "../case_fixtures.hpp"

using namespace casebook;
using casebook::test::parsed;

namespace {

const char* full = R"({"schema_version":"1","id":"x-1","person":{"pseudonym":"Ana","sex":"female"},
  "origin":{"country":"SLV","locality":"Somewhere"},"flight":{"reasons":["gang_threat","extortion"]},
  "journey":[{"country":"MEX"},{"country":"USA","asylum":{"fear_expressed":true}}],
  "sources":[{"id":"s1","type":"interview","reference":"file 12"}],
  "narrative":"long story","notes":"n","tags":["a","b"]})";

} // namespace

TEST_CASE("export: redaction drops every x-sensitive field, following the schema")
{
    Json r = output::redact(parsed(full));
    CHECK(r.dump() ==
          R"({"schema_version":"1","id":"x-1","person":{"sex":"female"},"origin":{"country":"SLV"},)"
          R"("flight":{"reasons":["gang_threat","extortion"]},"journey":[{"country":"MEX"},{"country":"USA","asylum":{"fear_expressed":true}}],)"
          R"("sources":[{"id":"s1","type":"interview"}],"tags":["a","b"]})");
}

TEST_CASE("export: redaction keeps only what the schema declares, even in a document it did not validate")
{
    Json r = parsed(full);
    r["person"]["real_name"] = "Ana Real";
    r["journey"][0]["smuggler"] = {{"phone", "555"}};
    r["origin"] = "not an object";
    r["sources"][0]["unknown"] = Json::array({"x"});
    Json shared = output::redact(r);
    CHECK(shared.at("person").dump() == R"({"sex":"female"})");
    CHECK(shared.at("journey").at(0).dump() == R"({"country":"MEX"})");
    CHECK(shared.at("sources").at(0).dump() == R"({"id":"s1","type":"interview"})");
    CHECK_FALSE(shared.contains("origin"));
}

TEST_CASE("export: the CSV layout has dotted names, numbered groups and joined lists")
{
    Json a = parsed(full);
    Json b = parsed(R"({"schema_version":"1","id":"x-2","journey":[{"country":"GTM"}]})");
    output::CsvLayout layout(output::CsvLayout::Redact::yes);
    layout.observe(a);
    layout.observe(b);
    std::vector<std::string> header = layout.header();
    auto col = [&](const std::string& name) {
        auto it = std::find(header.begin(), header.end(), name);
        REQUIRE(it != header.end());
        return static_cast<std::size_t>(it - header.begin());
    };
    CHECK(header[0] == "schema_version");
    CHECK(std::find(header.begin(), header.end(), "person.pseudonym") == header.end());
    CHECK(std::find(header.begin(), header.end(), "returns.0.date") == header.end()); // no case has a return
    std::vector<std::string> row = layout.row(a);
    REQUIRE(row.size() == header.size());
    CHECK(row[col("flight.reasons")] == "gang_threat;extortion");
    CHECK(row[col("journey.1.asylum.fear_expressed")] == "true");
    CHECK(row[col("sources.0.id")] == "s1");
    std::vector<std::string> row_b = layout.row(b);
    CHECK(row_b[col("journey.0.country")] == "GTM");
    CHECK(row_b[col("journey.1.country")] == "");
    output::CsvLayout full_layout(output::CsvLayout::Redact::no);
    full_layout.observe(a);
    auto h = full_layout.header();
    CHECK(std::find(h.begin(), h.end(), "person.pseudonym") != h.end());
}
