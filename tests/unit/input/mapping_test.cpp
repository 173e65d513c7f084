#include <sstream>

#include <catch2/catch.hpp>

#include "util/error.hpp"
#include "input/mapping.hpp"
#include "input/mapped_rows.hpp"
#include "input/mapping_date.hpp"
#include "record/validate.hpp"
#include "../case_fixtures.hpp"

using namespace casebook;
using casebook::test::parsed;

namespace {

std::vector<input::MappedRow> map_all(const std::string& csv, const std::string& mapping)
{
    input::CsvMapping m = input::CsvMapping::from_json(parsed(mapping));
    std::istringstream in(csv);
    std::vector<input::MappedRow> rows;
    input::read_mapped_csv(in, "data.csv", m, [&](input::MappedRow& row) {
        rows.push_back(row);
        return true;
    });
    return rows;
}

const char* ice_like_mapping = R"js({
  "withheld": ["(b)(6)", "(b)(6),(b)(7)(c )", "(b)(7)(E )"],
  "id": {"prefix": "t-", "row_number": true, "digits": 3},
  "constants": {"/status": "draft", "/journey/0/country": "USA", "/returns/0/from": "USA", "/tags": ["test"]},
  "columns": [
    {"column": "Country of Citizenship", "pointer": ["/origin/country", "/returns/0/to"], "countries": true,
     "values": {"CHINA, PEOPLES REPUBLIC OF": "CHN", "UNKNOWN": null}},
    {"column": "Departed Date", "pointer": "/returns/0/date", "date": "M/D/YYYY"},
    {"column": "Gender", "pointer": "/person/sex", "values": {"Male": "male", "Female": "female"}},
    {"column": "Date of Birth", "pointer": "/person/birth_year", "type": "integer"},
    {"column": "Case Category", "pointer": "/tags/-", "values": {"[8F] Expedited Removal": "er", "[8G] Expedited Removal - Credible Fear Referral": "er-cf"}}
  ],
  "rules": [
    {"column": "Case Category", "equals": "[8G] Expedited Removal - Credible Fear Referral",
     "set": {"/journey/0/asylum/fear_expressed": true}}
  ]
})js";

const char* ice_like_csv =
    "Agency report,,,,\r\n"
    "For Official Use Only,,,,\r\n"
    ",,,,\r\n"
    "Departed Date,Date of Birth,Gender,Country of Citizenship,Case Category\r\n"
    "1/3/2012,\"(b)(6),(b)(7)(c )\",Male,FRANCE,[8F] Expedited Removal\r\n"
    "12/25/2016,1990,Female,\"CHINA, PEOPLES REPUBLIC OF\",[8G] Expedited Removal - Credible Fear Referral\r\n"
    ",,,,\r\n"
    "2/29/2016,,female,el salvador,[8G] Expedited Removal - Credible Fear Referral\r\n";

} // namespace

TEST_CASE("mapping: the header is found after a preamble; rows become valid records")
{
    auto rows = map_all(ice_like_csv, ice_like_mapping);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].row_number == 1);
    CHECK(rows[0].line == 5);
    CHECK(rows[2].row_number == 3); // the blank row is not counted
    CHECK(rows[2].line == 8);
    CHECK(rows[0].record.dump() ==
          R"({"schema_version":"1","id":"t-001","status":"draft","person":{"sex":"male"},"origin":{"country":"FRA"},)"
          R"("journey":[{"country":"USA"}],"returns":[{"date":"2012-01-03","from":"USA","to":"FRA"}],"tags":["test","er"]})");
    CHECK(rows[1].record["origin"]["country"] == "CHN");
    CHECK(rows[1].record["person"]["birth_year"] == 1990);
    CHECK(rows[1].record["journey"][0]["asylum"]["fear_expressed"] == true);
    CHECK(rows[2].record["id"] == "t-003");
    CHECK(rows[2].record["origin"]["country"] == "SLV"); // iso-codes names, any case
    CHECK(rows[2].record["returns"][0]["date"] == "2016-02-29");
    for (const input::MappedRow& r : rows) {
        CHECK(r.unmapped.empty());
        CHECK(r.problems.empty());
        CHECK_FALSE(record::has_errors(record::check_record(r.record)));
    }
}

TEST_CASE("mapping: unmapped values are reported once each, with their count")
{
    std::string csv = std::string(ice_like_csv) +
                      "13/45/2012,,Femme,ATLANTIS,[8F] Expedited Removal\r\n"
                      "1/4/2012,,Femme,ATLANTIS,[9] Something else\r\n";
    auto rows = map_all(csv, ice_like_mapping);
    REQUIRE(rows.size() == 5);
    input::UnmappedReport report;
    for (const input::MappedRow& r : rows) {
        report.add(r);
    }
    CHECK(report.rows() == 2);
    CHECK(report.distinct() == 4);
    auto diags = report.diagnostics("data.csv");
    REQUIRE(diags.size() == 4);
    CHECK(diags[0].line == 9);
    CHECK(diags[0].column == 19);
    CHECK(diags[0].pointer == "/origin/country"); // columns are reported in mapping order
    CHECK(diags[0].message ==
          "column \"Country of Citizenship\": \"ATLANTIS\" is neither a country name in iso-codes nor in the mapping's \"values\" (2 rows): "
          "add it to the column's \"values\" in the mapping");
    CHECK(diags[1].message.find("\"13/45/2012\" is not a date in the format M/D/YYYY (1 row)") != std::string::npos);
    CHECK(diags[2].message.find("\"Femme\" is not in the mapping's \"values\" (2 rows)") != std::string::npos);
    CHECK(diags[3].message.find("\"[9] Something else\"") != std::string::npos);
    // An unmapped value leaves its field out.
    CHECK_FALSE(rows[3].record.contains("origin"));
}

TEST_CASE("mapping: withheld markers and null values leave fields out")
{
    std::string csv = "Departed Date,Date of Birth,Gender,Country of Citizenship,Case Category\n"
                      "1/3/2012,(b)(6),(B)(7)(E),UNKNOWN,\n";
    auto rows = map_all(csv, ice_like_mapping);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].unmapped.empty());
    CHECK_FALSE(rows[0].record.contains("person"));
    CHECK_FALSE(rows[0].record.contains("origin"));
    CHECK_FALSE(rows[0].record["returns"][0].contains("to"));
}

TEST_CASE("mapping: ids from a column, skip_rows, other delimiters and types")
{
    std::string mapping = R"({
      "delimiter": ";", "skip_rows": 1,
      "id": {"column": "Code", "prefix": "k-"},
      "columns": [
        {"column": "Origin", "pointer": "/origin/country", "countries": true},
        {"column": "Age", "pointer": "/person/age_at_flight", "type": "integer"},
        {"column": "Detained", "pointer": "/journey/0/detained", "type": "boolean"},
        {"column": "Entered", "pointer": "/journey/0/entered", "date": ["DD.MM.YYYY", "MMM YYYY", "YYYY"]},
        {"column": "Country", "pointer": "/journey/0/country"}
      ]})";
    std::string csv = "exported by kobo;;;;;\n"
                      "Code;Origin;Age;Detained;Entered;Country\n"
                      "a1;HND;17;yes;09.03.2017;MEX\n"
                      "a2;Honduras;x;maybe;Mar 2017;MEX\n"
                      ";GTM;;;2016;MEX\n";
    auto rows = map_all(csv, mapping);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].record["id"] == "k-a1");
    CHECK(rows[0].record["origin"]["country"] == "HND");
    CHECK(rows[0].record["person"]["age_at_flight"] == 17);
    CHECK(rows[0].record["journey"][0]["detained"] == true);
    CHECK(rows[0].record["journey"][0]["entered"] == "2017-03-09");
    CHECK(rows[1].record["journey"][0]["entered"] == "2017-03");
    CHECK(rows[1].unmapped.size() == 2);
    CHECK(rows[2].record["journey"][0]["entered"] == "2016");
    REQUIRE(rows[2].problems.size() == 1);
    CHECK(rows[2].problems[0].code == "missing_id");
}

TEST_CASE("mapping: a row of the wrong width is a problem; a missing header is an error")
{
    std::string mapping = R"({"id": {"prefix": "r", "row_number": true},
      "columns": [{"column": "Country", "pointer": "/origin/country", "countries": true}]})";
    auto rows = map_all("Country,Other\nMEX,1,2\nMEX,,\n", mapping);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].problems.size() == 1);
    CHECK(rows[0].problems[0].code == "csv_row_width");
    CHECK(rows[1].problems.empty()); // extra empty cells are tolerated
    CHECK_THROWS_WITH(map_all("Nation\nMEX\n", mapping),
                      "data.csv: no header row naming every column of the mapping (\"Country\") in the first 2 rows");
}

TEST_CASE("mapping: positions point at the cell that filled a field")
{
    auto rows = map_all(ice_like_csv, ice_like_mapping);
    REQUIRE(rows.size() == 3);
    CellPosition p = rows[0].position_of("/returns/0/date");
    CHECK(p.line == 5);
    CHECK(p.column == 1);
    p = rows[0].position_of("/origin/country");
    CHECK(p.column == 35);
    CHECK(rows[0].position_of("/notes").column == 1);
    CHECK(rows[0].raw()["Gender"] == "Male");
}

TEST_CASE("mapping: dates in formats")
{
    CHECK(input::convert_date("1/3/2012", "M/D/YYYY") == "2012-01-03");
    CHECK(input::convert_date(" 12/31/2019 ", "M/D/YYYY") == "2019-12-31");
    CHECK(input::convert_date("2/30/2019", "M/D/YYYY") == std::nullopt);
    CHECK(input::convert_date("13/1/2019", "M/D/YYYY") == std::nullopt);
    CHECK(input::convert_date("1/3/12", "M/D/YYYY") == std::nullopt);
    CHECK(input::convert_date("1/3/2012 0:00", "M/D/YYYY") == std::nullopt);
    CHECK(input::convert_date("09.03.2017", "DD.MM.YYYY") == "2017-03-09");
    CHECK(input::convert_date("2017-03", "YYYY-MM") == "2017-03");
    CHECK(input::convert_date("sep 2018", "MMM YYYY") == "2018-09");
}

TEST_CASE("mapping: mistakes in a mapping are usage errors that say where")
{
    auto error_of = [](const std::string& text) {
        try {
            input::CsvMapping::from_json(parsed(text));
        } catch (const Error& e) {
            CHECK(e.exit() == Exit::usage);
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(error_of(R"({"columns": []})").find("mapping /id: is missing") == 0);
    CHECK(error_of(R"({"id": {"prefix": "x", "row_number": true}, "colums": []})") ==
          "mapping (top level): unknown key \"colums\" (known keys: $comment, description, delimiter, skip_rows, withheld, id, "
          "constants, columns, rules)");
    CHECK(error_of(R"({"id": {"prefix": "x", "row_number": true}, "columns": [{"column": "A", "pointer": "origin"}]})") ==
          "mapping /columns/0/pointer: \"origin\" is not a JSON Pointer (it must start with / as in \"/origin/country\")");
    CHECK(error_of(R"({"id": {"prefix": "x", "row_number": true}, "columns": [{"column": "A", "pointer": "/a", "date": "D/YYYY"}]})")
              .find("mapping /columns/0/date: date format \"D/YYYY\"") == 0);
    CHECK(error_of(R"({"id": {"prefix": "x", "row_number": true}, "columns": [{"column": "A", "pointer": "/a", "values": {"x": 1, "X": 2}}]})") ==
          "mapping /columns/0/values: \"X\" is listed twice (values compare ignoring case)");
}
