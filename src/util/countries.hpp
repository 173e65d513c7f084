// ISO 3166-1 countries, generated from Debian's iso-codes (tools/gen-countries.py).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

// One country: alpha-3 code and its names.
struct Country {
    std::string_view code;          // "SLV"
    std::string_view name;          // "El Salvador"
    std::string_view official_name; // "Republic of El Salvador", or empty
    std::string_view common_name;   // "Bolivia", or empty
    std::string_view alpha_2;       // "SV"
};

// Every country, sorted by code.
const std::vector<Country>& countries();

// The country with this alpha-3 code (exact, upper case), if any.
const Country* find_country(std::string_view code);

// The code of a country named `name` (any of its names, case-insensitively), if any.
std::optional<std::string_view> country_code_for_name(std::string_view name);

// The code of the country a person typed: its alpha-3 or alpha-2 code, any of
// its English names, its name in the chosen language ("México"), or a common
// alias ("EEUU", "EUA"); case, accents, spaces and dots do not matter.
std::optional<std::string_view> country_code_for_answer(std::string_view answer);

// Countries whose code or name (in English or the chosen language) is close
// to what was typed, best first, at most `limit`: for "did you mean".
std::vector<std::string_view> countries_like(std::string_view answer, std::size_t limit = 3);

// The display name of a code ("El Salvador" for "SLV"); the code itself when unknown.
std::string country_name(std::string_view code);

} // namespace casebook
