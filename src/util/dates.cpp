#include "util/dates.hpp"

#include <ctime>

#include <fmt/format.h>

namespace casebook {

namespace {

bool digits(std::string_view s)
{
    for (char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return !s.empty();
}

int to_int(std::string_view s)
{
    int v = 0;
    for (char c : s) {
        v = v * 10 + (c - '0');
    }
    return v;
}

int days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

// Shape only: YYYY, YYYY-MM or YYYY-MM-DD with digits, month 1-12, day 1-31.
std::optional<PartialDate> parse_shape(std::string_view t)
{
    PartialDate d;
    if (t.size() != 4 && t.size() != 7 && t.size() != 10) {
        return std::nullopt;
    }
    if (!digits(t.substr(0, 4))) {
        return std::nullopt;
    }
    d.year = to_int(t.substr(0, 4));
    if (t.size() >= 7) {
        if (t[4] != '-' || !digits(t.substr(5, 2))) {
            return std::nullopt;
        }
        d.month = to_int(t.substr(5, 2));
        if (d.month < 1 || d.month > 12) {
            return std::nullopt;
        }
    }
    if (t.size() == 10) {
        if (t[7] != '-' || !digits(t.substr(8, 2))) {
            return std::nullopt;
        }
        d.day = to_int(t.substr(8, 2));
        if (d.day < 1 || d.day > 31) {
            return std::nullopt;
        }
    }
    return d;
}

} // namespace

std::optional<PartialDate> parse_partial_date(std::string_view text)
{
    auto d = parse_shape(text);
    if (d && d->day != 0 && d->day > days_in_month(d->year, d->month)) {
        return std::nullopt;
    }
    return d;
}

bool is_impossible_date(std::string_view text)
{
    auto d = parse_shape(text);
    return d && d->day != 0 && d->day > days_in_month(d->year, d->month);
}

int compare_dates(const PartialDate& a, const PartialDate& b)
{
    if (a.year != b.year) {
        return a.year < b.year ? -1 : 1;
    }
    if (a.month == 0 || b.month == 0) {
        return 0;
    }
    if (a.month != b.month) {
        return a.month < b.month ? -1 : 1;
    }
    if (a.day == 0 || b.day == 0) {
        return 0;
    }
    if (a.day != b.day) {
        return a.day < b.day ? -1 : 1;
    }
    return 0;
}

PartialDate latest_today()
{
    const std::time_t later = std::time(nullptr) + 14 * 3600;
    std::tm utc{};
    gmtime_r(&later, &utc);
    return PartialDate{utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday};
}

long long days_since_1970(int year, int month, int day)
{
    // Howard Hinnant's days_from_civil: March-based years, 400-year eras.
    const long long y = static_cast<long long>(year) - (month <= 2 ? 1 : 0);
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const long long year_of_era = y - era * 400;
    const long long day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const long long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

std::string first_day(const PartialDate& date)
{
    return fmt::format("{:04d}-{:02d}-{:02d}", date.year, date.month == 0 ? 1 : date.month, date.day == 0 ? 1 : date.day);
}

std::string last_day(const PartialDate& date)
{
    const int month = date.month == 0 ? 12 : date.month;
    return fmt::format("{:04d}-{:02d}-{:02d}", date.year, month, date.day == 0 ? days_in_month(date.year, month) : date.day);
}

std::string_view precision_name(const PartialDate& date)
{
    return date.day != 0 ? "day" : date.month != 0 ? "month" : "year";
}

} // namespace casebook
