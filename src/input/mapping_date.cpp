#include "input/mapping_date.hpp"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "util/dates.hpp"
#include "input/mapping_spec.hpp"

namespace casebook::input {

namespace {

constexpr std::string_view month_names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};

} // namespace

std::optional<std::string> convert_date(std::string_view text, std::string_view format)
{
    text = trim(text);
    int year = -1, month = 0, day = 0;
    std::size_t t = 0;
    auto read_digits = [&](std::size_t min, std::size_t max) -> std::optional<int> {
        std::size_t n = 0;
        int v = 0;
        while (n < max && t < text.size() && text[t] >= '0' && text[t] <= '9') {
            v = v * 10 + (text[t] - '0');
            ++t;
            ++n;
        }
        if (n < min) {
            return std::nullopt;
        }
        return v;
    };
    for (std::size_t f = 0; f < format.size();) {
        std::string_view rest = format.substr(f);
        std::optional<int> v;
        if (rest.starts_with("YYYY")) {
            v = read_digits(4, 4);
            year = v.value_or(-1);
            f += 4;
        } else if (rest.starts_with("MMM")) {
            if (t + 3 > text.size()) {
                return std::nullopt;
            }
            std::string name = fold(text.substr(t, 3));
            auto it = std::find(std::begin(month_names), std::end(month_names), name);
            if (it == std::end(month_names)) {
                return std::nullopt;
            }
            month = static_cast<int>(it - std::begin(month_names)) + 1;
            v = month;
            t += 3;
            f += 3;
        } else if (rest.starts_with("MM") || rest.starts_with("M")) {
            v = read_digits(1, 2);
            month = v.value_or(0);
            f += rest.starts_with("MM") ? 2 : 1;
        } else if (rest.starts_with("DD") || rest.starts_with("D")) {
            v = read_digits(1, 2);
            day = v.value_or(0);
            f += rest.starts_with("DD") ? 2 : 1;
        } else {
            if (t >= text.size() || text[t] != format[f]) {
                return std::nullopt;
            }
            v = 0;
            ++t;
            ++f;
        }
        if (!v) {
            return std::nullopt;
        }
    }
    if (t != text.size() || year < 0) {
        return std::nullopt;
    }
    std::string iso = fmt::format("{:04}", year);
    if (month != 0) {
        iso += fmt::format("-{:02}", month);
        if (day != 0) {
            iso += fmt::format("-{:02}", day);
        }
    }
    if (!parse_partial_date(iso)) {
        return std::nullopt;
    }
    return iso;
}

} // namespace casebook::input
