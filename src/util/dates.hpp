// Partial ISO 8601 dates (YYYY, YYYY-MM, YYYY-MM-DD), as researchers record them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace casebook {

// A date known to the year, the month or the day.
struct PartialDate {
    int year = 0;
    int month = 0; // 0 when only the year is known
    int day = 0;   // 0 when only the year or month is known
};

// Parses "2017", "2017-03" or "2017-03-09"; nullopt for anything else,
// including dates that do not exist (2018-02-30, 2019-02-29).
std::optional<PartialDate> parse_partial_date(std::string_view text);

// True when text has the shape of a date but names no calendar day (2018-02-30).
bool is_impossible_date(std::string_view text);

// Compares on the precision both dates share: -1 if a is before b, 1 if after,
// 0 if they cannot be told apart (2018 vs 2018-05-20).
int compare_dates(const PartialDate& a, const PartialDate& b);

// The first and the last calendar day a partial date can mean, as
// YYYY-MM-DD ("2020-02" spans 2020-02-01 to 2020-02-29): the honest bounds of
// an interval between two partial dates.
std::string first_day(const PartialDate& date);
std::string last_day(const PartialDate& date);

// The days from 1970-01-01 to a calendar day (negative before it), for
// writers that store dates as numbers (Stata, SPSS).
long long days_since_1970(int year, int month, int day);

// How precisely a partial date is known: "year", "month" or "day".
std::string_view precision_name(const PartialDate& date);

// Today's date where it is latest on Earth now (UTC+14): a date after it is
// in the future for every researcher, whatever their time zone.
PartialDate latest_today();

} // namespace casebook
