// Reading one typed answer of guided entry: choices, yes/no, countries, dates,
// numbers, lists. Each parser returns the value or a message that says what to type.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook::input {

// An answer turned into a value, or why it could not be.
template <class T>
struct Parsed {
    std::optional<T> value;
    std::string error; // a sentence saying what to type instead; empty when value is set
};

// The text with spaces, tabs and a trailing CR removed at both ends.
std::string trim_answer(std::string_view text);

// Why a typed answer cannot be stored as text (not UTF-8, control characters
// such as those arrow keys send, a line break where one line is asked), or "" when it can.
std::string text_problem(std::string_view answer, bool several_lines = false);

// One of `choices`, given as its 1-based number, the value itself, its label in
// the chosen language ("femenino") or an unambiguous prefix of either (case and
// accents do not count).
Parsed<std::string> parse_choice(std::string_view answer, const std::vector<std::string>& choices);

// Several of `choices`, separated by commas or spaces, each as parse_choice
// accepts it; repeats are kept once, in the order first given.
Parsed<std::vector<std::string>> parse_choices(std::string_view answer, const std::vector<std::string>& choices);

// y, yes, s, sí, n, no (any case, with or without accent); also true/false.
Parsed<bool> parse_yes_no(std::string_view answer);

// A country: its alpha-3 or alpha-2 code in any case ("slv", "sv"), its name in
// English or the chosen language ("México"), or a common alias ("EEUU");
// otherwise says which countries are close to what was typed.
Parsed<std::string> parse_country(std::string_view answer);

// A partial ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD that exists on the calendar.
Parsed<std::string> parse_date_answer(std::string_view answer);

// A whole number written in decimal digits, optionally with a leading minus.
Parsed<long long> parse_integer(std::string_view answer);

// Free-text items separated by commas, trimmed, empty ones and repeats dropped.
std::vector<std::string> split_list(std::string_view answer);

} // namespace casebook::input
