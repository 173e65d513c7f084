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

long long cell(const analysis::CrossTable& t, const std::string& row, const std::string& col)
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
    analysis::TableSpec spec{"harm", "verification", {}, {}};
    analysis::CrossTable cases = analysis::count_records(two_cases(), spec).table;
    CHECK(cell(cases, "killed", "corroborated") == 0);
    CHECK(cell(cases, "killed", "confirmed") == 1);
    CHECK(cell(cases, "threat", "corroborated") == 1);
    CHECK(cases.total == 2);
    CHECK(cases.rows.multi);

    spec.unit = analysis::Unit::harms;
    analysis::CrossTable harms = analysis::count_records(two_cases(), spec).table;
    CHECK(harms.total == 3);
    CHECK(harms.cases == 2);
    CHECK(cell(harms, "threat", "alleged") == 1);
    CHECK_FALSE(harms.rows.multi); // each harm has one type: the lines add up
}

TEST_CASE("every return counts, and first_* is the first", "[units]")
{
    analysis::TableSpec spec{"returned_from", "mechanism", {}, {}, analysis::Unit::returns};
    analysis::CrossTable returns = analysis::count_records(two_cases(), spec).table;
    CHECK(returns.total == 3);
    CHECK(cell(returns, "MEX", "deportation") == 1);
    CHECK(cell(returns, "MEX", "removal") == 0);

    analysis::CrossTable first = analysis::count_records(two_cases(), {"first_returned_from", "", {}, {}}).table;
    CHECK(first.rows.labels == std::vector<std::string>{"USA"});
    CHECK(first.total == 2);
}

TEST_CASE("a dimension of another kind of sub-record cannot be counted", "[units]")
{
    analysis::TableSpec spec{"harm", "mechanism", {}, {}, analysis::Unit::harms};
    CHECK_THROWS_AS(analysis::check_table_dimensions(spec), Error);
    spec.unit = analysis::Unit::cases; // cases that have both
    analysis::CrossTable t = analysis::count_records(two_cases(), spec).table;
    CHECK(cell(t, "killed", "deportation") == 1);
    CHECK(cell(t, "threat", "expulsion") == 1);
}
