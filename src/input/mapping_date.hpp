// Dates of a spreadsheet ("1/3/2012", "03.01.2012", "Jan 2012") turned into
// ISO 8601 by a CSV mapping's "date" formats.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace casebook::input {

// Converts a date written in format ("M/D/YYYY", "DD.MM.YYYY", "MMM YYYY") to
// ISO 8601 ("2012-01-03", "2012-01"); nullopt when it does not fit or names no day.
std::optional<std::string> convert_date(std::string_view text, std::string_view format);

} // namespace casebook::input
