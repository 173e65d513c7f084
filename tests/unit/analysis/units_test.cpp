// Units of count (units.hpp): values of one harm or return are paired only
// with values of the same harm or return, and every return counts.
#include <catch2/catch.hpp>

#include "util/error.hpp"
#include "analysis/tables.hpp"
#include "analysis/units.hpp"

using namespace casebook;

namespace {

// Two cases: one killed (confirmed) and threatened (corroborated), returned
// twice (USA by removal, then MEX by deportation); one threatened (alleged).
std::vector<Json> two_cases()
{
    return {Json::parse(R"({"schema_version": "1", "id": "a", "status": "complete", "origin": {"country": "SLV"},
        "returns": [{"from": "USA", "to": "SLV", "mechanism": "removal"}, {"from": "MEX", "to": "SLV", "mechanism": "deportation"}],
        "after_return": {"harms": [{"type": "killed", "verification": "confirmed"}, {"type": "threat", "verification": "corroborated"}]}})"),
            Json::parse(R"({"schema_version": "1", "id": "b", "status": "complete", "origin": {"country": "GTM"},
        "returns": [{"from": "USA", "to": "GTM", "mechanism": "expulsion"}],
        "after_return": {"harms": [{"type": "threat", "verification": "alleged"}]}})")};
}

long long cell(const CrossTable& t, const std::string& row, const std::string& col)
{
    auto r = std::find(t.rows.labels.begin(), t.rows.labels.end(), row);
    auto c = std::find(t.cols.labels.begin(), t.cols.labels.end(), col);
    REQUIRE(r != t.rows.labels.end());
    REQUIRE(c != t.cols.labels.end());
    return t.counts[static_cast<std::size_t>(r - t.rows.labels.begin())][static_cast<std::size_t>(c - t.cols.labels.begin())];
}

} // namespace

TEST_CASE("a harm's type is paired with its own verification", "[units]")
{
    TableSpec spec{"harm", "verification", {}, {}};
    CrossTable cases = count_records(two_cases(), spec).table;
    CHECK(cell(cases, "killed", "corroborated") == 0);
    CHECK(cell(cases, "killed", "confirmed") == 1);
    CHECK(cell(cases, "threat", "corroborated") == 1);
    CHECK(cases.total == 2);
    CHECK(cases.rows.multi);

    spec.unit = Unit::harms;
    CrossTable harms = count_records(two_cases(), spec).table;
    CHECK(harms.total == 3);
    CHECK(harms.cases == 2);
    CHECK(cell(harms, "threat", "alleged") == 1);
    CHECK_FALSE(harms.rows.multi); // each harm has one type: the lines add up
}

TEST_CASE("every return counts, and first_* is the first", "[units]")
{
    TableSpec spec{"returned_from", "mechanism", {}, {}, Unit::returns};
    CrossTable returns = count_records(two_cases(), spec).table;
    CHECK(returns.total == 3);
    CHECK(cell(returns, "MEX", "deportation") == 1);
    CHECK(cell(returns, "MEX", "removal") == 0);

    CrossTable first = count_records(two_cases(), {"first_returned_from", "", {}, {}}).table;
    CHECK(first.rows.labels == std::vector<std::string>{"USA"});
    CHECK(first.total == 2);
}

TEST_CASE("a dimension of another kind of sub-record cannot be counted", "[units]")
{
    TableSpec spec{"harm", "mechanism", {}, {}, Unit::harms};
    CHECK_THROWS_AS(check_table_dimensions(spec), Error);
    spec.unit = Unit::cases; // cases that have both
    CrossTable t = count_records(two_cases(), spec).table;
    CHECK(cell(t, "killed", "deportation") == 1);
    CHECK(cell(t, "threat", "expulsion") == 1);
}
