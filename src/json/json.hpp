// Strict JSON parsing that remembers where things are in the text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

// Positions, locate() and pointer_escape(), which every reader of JSON text uses with parse_json.
#include "json/locate.hpp"

namespace casebook {

// A case record in memory. Ordered so that a record keeps the field order of
// the schema (see canonicalise()) and prints in interview order.
using Json = nlohmann::ordered_json;

// Where a syntax error was found: a byte offset into the parsed text.
struct SyntaxError {
    std::size_t offset = 0;
    std::string message;
};

// The result of parse_json: a value, or the first syntax error.
struct ParseResult {
    std::optional<Json> value;
    SyntaxError error;
};

// Deepest nesting of arrays and objects accepted; deeper input is an error, not a crash.
inline constexpr std::size_t max_json_depth = 256;

// Parses one JSON text strictly: RFC 8259 syntax, valid UTF-8, no lone
// surrogates, no duplicate keys, nesting up to max_json_depth, nothing after the value.
ParseResult parse_json(std::string_view text);

} // namespace casebook
