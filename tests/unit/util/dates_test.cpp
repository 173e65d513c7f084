// Partial ISO 8601 dates: parsing, calendar validity, comparison on shared precision.
#include <optional>
#include <string>

#include <catch2/catch.hpp>

#include "util/dates.hpp"

using casebook::compare_dates;
using casebook::is_impossible_date;
using casebook::parse_partial_date;
using casebook::PartialDate;

namespace {

PartialDate date(std::string_view text)
{
    auto d = parse_partial_date(text);
    INFO("date: " << text);
    REQUIRE(d.has_value());
    return *d;
}

} // namespace

TEST_CASE("parse_partial_date reads years, months and days", "[dates]")
{
    PartialDate y = date("2017");
    CHECK(y.year == 2017);
    CHECK(y.month == 0);
    CHECK(y.day == 0);

    PartialDate m = date("2017-03");
    CHECK(m.year == 2017);
    CHECK(m.month == 3);
    CHECK(m.day == 0);

    PartialDate d = date("2017-03-09");
    CHECK(d.year == 2017);
    CHECK(d.month == 3);
    CHECK(d.day == 9);

    CHECK(date("0001-01-01").year == 1);
    CHECK(date("2018-12-31").day == 31);
    CHECK(date("2018-01-31").day == 31);
}

TEST_CASE("parse_partial_date rejects text that is not a date", "[dates]")
{
    for (const char* text : {"", "17", "201", "20170", "2017-3", "2017-03-9", "2017-3-09", "2017/03/09", "2017-03-09T10:00",
                             "2017-03-09 ", " 2017", "2017-", "2017-03-", "abcd", "2017-ab", "-017", "+2017", "2017-00",
                             "2017-13", "2017-01-00", "2017-01-32", "2017-99-99", "09-03-2017", "March 2017"}) {
        INFO("text: \"" << text << "\"");
        CHECK_FALSE(parse_partial_date(text).has_value());
    }
}

TEST_CASE("parse_partial_date rejects days that do not exist", "[dates]")
{
    for (const char* text : {"2018-02-30", "2018-02-29", "2019-02-29", "1900-02-29", "2100-02-29", "2018-04-31",
                             "2018-06-31", "2018-09-31", "2018-11-31"}) {
        INFO("text: " << text);
        CHECK_FALSE(parse_partial_date(text).has_value());
        CHECK(is_impossible_date(text));
    }
}

TEST_CASE("leap years follow the Gregorian rules", "[dates]")
{
    CHECK(parse_partial_date("2020-02-29").has_value()); // divisible by 4
    CHECK(parse_partial_date("2016-02-29").has_value());
    CHECK(parse_partial_date("2000-02-29").has_value()); // divisible by 400
    CHECK_FALSE(parse_partial_date("1900-02-29").has_value()); // divisible by 100, not 400
    CHECK_FALSE(parse_partial_date("2019-02-29").has_value());
    CHECK(parse_partial_date("2019-02-28").has_value());
    CHECK_FALSE(is_impossible_date("2020-02-29"));
    CHECK_FALSE(is_impossible_date("2000-02-29"));
}

TEST_CASE("is_impossible_date is true only for well-shaped dates that name no day", "[dates]")
{
    CHECK(is_impossible_date("2018-02-30"));
    CHECK_FALSE(is_impossible_date("2018-02-28"));
    CHECK_FALSE(is_impossible_date("2018-02")); // a month is never impossible
    CHECK_FALSE(is_impossible_date("2018"));
    CHECK_FALSE(is_impossible_date("2018-13-01")); // not the shape of a date: the pattern's business
    CHECK_FALSE(is_impossible_date("2018-02-32"));
    CHECK_FALSE(is_impossible_date("not a date"));
    CHECK_FALSE(is_impossible_date(""));
}

TEST_CASE("compare_dates orders full dates", "[dates]")
{
    CHECK(compare_dates(date("2018-05-20"), date("2018-05-21")) == -1);
    CHECK(compare_dates(date("2018-05-21"), date("2018-05-20")) == 1);
    CHECK(compare_dates(date("2018-05-20"), date("2018-05-20")) == 0);
    CHECK(compare_dates(date("2017-12-31"), date("2018-01-01")) == -1);
    CHECK(compare_dates(date("2018-01-31"), date("2018-02-01")) == -1);
    CHECK(compare_dates(date("2019-01-01"), date("2018-12-31")) == 1);
}

TEST_CASE("compare_dates compares on the precision both dates share, both ways", "[dates]")
{
    // A year and a day in that year cannot be told apart: in order both ways.
    CHECK(compare_dates(date("2018"), date("2018-05-20")) == 0);
    CHECK(compare_dates(date("2018-05-20"), date("2018")) == 0);
    CHECK(compare_dates(date("2018-05"), date("2018-05-20")) == 0);
    CHECK(compare_dates(date("2018-05-20"), date("2018-05")) == 0);
    CHECK(compare_dates(date("2018"), date("2018-05")) == 0);
    CHECK(compare_dates(date("2018-05"), date("2018")) == 0);

    // Different at the shared precision: ordered.
    CHECK(compare_dates(date("2017"), date("2018-01-01")) == -1);
    CHECK(compare_dates(date("2018-01-01"), date("2017")) == 1);
    CHECK(compare_dates(date("2018-04"), date("2018-05-01")) == -1);
    CHECK(compare_dates(date("2018-05-01"), date("2018-04")) == 1);
    CHECK(compare_dates(date("2018-06"), date("2018-05-31")) == 1);
    CHECK(compare_dates(date("2019"), date("2018-12")) == 1);
    CHECK(compare_dates(date("2018-12"), date("2019")) == -1);
}
