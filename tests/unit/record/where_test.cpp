// --where: parsing against the dimension registry, did-you-mean errors, and
// SQL in which no value ever appears (every value a bound parameter).
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "util/error.hpp"
#include "record/where.hpp"

using namespace casebook;

namespace {

// The usage error message of a bad expression.
std::string error_of(const std::string& expr)
{
    try {
        record::parse_where(std::string_view(expr));
    } catch (const Error& e) {
        CHECK(e.exit() == Exit::usage);
        return e.what();
    }
    FAIL("no error for " << expr);
    return "";
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("parse_where: operators, lists, normalised values")
{
    record::Condition c = record::parse_where(std::string_view("origin=SLV"));
    CHECK(c.dim->name == "origin");
    CHECK(c.op == record::WhereOp::any_of);
    CHECK(c.values == std::vector<std::string>{"SLV"});

    c = record::parse_where(std::string_view(" outcome != killed , disappeared "));
    CHECK(c.dim->name == "outcome");
    CHECK(c.op == record::WhereOp::none_of);
    CHECK(c.values == std::vector<std::string>{"killed", "disappeared"});

    c = record::parse_where(std::string_view("return_year>=2017"));
    CHECK(c.op == record::WhereOp::at_least);
    CHECK(c.values == std::vector<std::string>{"2017"});
    c = record::parse_where(std::string_view("flight_year<=2016"));
    CHECK(c.op == record::WhereOp::at_most);

    // Countries by lower-case code or by name.
    c = record::parse_where(std::string_view("returned_from=usa,Mexico"));
    CHECK(c.values == std::vector<std::string>{"USA", "MEX"});

    c = record::parse_where(std::string_view("flag=chain_return,chain_return"));
    CHECK(c.values == std::vector<std::string>{"chain_return"}); // each value once

    c = record::parse_where(std::string_view("tag=anything at all"));
    CHECK(c.values == std::vector<std::string>{"anything at all"});
}

TEST_CASE("parse_where: unknown dimensions and values are usage errors with a did-you-mean")
{
    std::string e = error_of("orign=SLV");
    CHECK(contains(e, "unknown dimension \"orign\""));
    CHECK(contains(e, "did you mean \"origin\""));
    CHECK(contains(e, "returned_from"));

    e = error_of("outcome=kiled");
    CHECK(contains(e, "\"kiled\" is not a value of outcome; did you mean \"killed\"?"));
    CHECK(contains(e, "no_harm_known"));

    e = error_of("origin=SLX");
    CHECK(contains(e, "not an ISO 3166-1 alpha-3 country code"));

    CHECK(contains(error_of("return_year=17"), "not a year"));
    CHECK(contains(error_of("outcome>=killed"), ">= and <= apply to years"));
    CHECK(contains(error_of("return_year>=2017,2018"), "one year"));
    CHECK(contains(error_of("return_year>2017"), "operators are"));
    CHECK(contains(error_of("origin"), "expected DIM=VALUE"));
    CHECK(contains(error_of("origin="), "value is missing"));
    CHECK(contains(error_of("origin=SLV,"), "value is missing"));
}

TEST_CASE("compile_where: values only as parameters")
{
    const std::string evil = "x'); DROP TABLE cases; --";
    auto conds = record::parse_where(std::vector<std::string>{"project=" + evil, "tag!=" + evil, "origin=SLV,GTM",
                                                      "return_year>=2017", "outcome!=killed"});
    record::SqlFilter f = record::compile_where(conds, "c");
    CHECK_FALSE(contains(f.sql, "DROP"));
    CHECK_FALSE(contains(f.sql, "'"));
    CHECK_FALSE(contains(f.sql, "SLV"));
    CHECK_FALSE(contains(f.sql, "2017"));
    CHECK(f.sql == "((c.project IN (?) AND NOT casebook_has(c.tag, ?)) AND (c.origin IN (?, ?) AND (c.return_year >= ? "
                   "AND (c.outcome IS NULL OR c.outcome NOT IN (?)))))");
    REQUIRE(f.params.size() == 6);
    CHECK(std::get<std::string>(f.params[0]) == evil);
    CHECK(std::get<std::string>(f.params[1]) == record::encode_values({evil}));
    CHECK(std::get<long long>(f.params[4]) == 2017);

    CHECK(record::compile_where({}).sql == "1");
}
