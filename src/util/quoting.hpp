// How messages quote values from the input: never a value bound for a field
// marked "x-sensitive", never more than max_quoted_chars of any other.
#pragma once

#include <string>
#include <string_view>

#include "util/limits.hpp"

namespace casebook {

// text as a message may quote it: at most max_quoted_chars characters, cut
// between characters and ending in "..." when longer.
std::string shorten(std::string_view text);

// What a message says instead of a sensitive value: "(sensitive value, 21 characters)".
std::string sensitive_placeholder(std::string_view text);

} // namespace casebook
