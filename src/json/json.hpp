// Strict JSON parsing that remembers where things are in the text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

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

// A 1-based line and column (column counted in characters, not bytes).
struct Position {
    std::size_t line = 1;
    std::size_t column = 1;
};

// Line and column of a byte offset in text.
Position position_at(std::string_view text, std::size_t offset);

// Byte offset of the value a JSON Pointer names in a (syntactically valid)
// JSON text; for a pointer that does not exist, the offset of the deepest
// existing value on its path (the object a required field is missing from).
std::size_t locate(std::string_view text, std::string_view pointer);

// Escapes one reference token for a JSON Pointer ("~" -> "~0", "/" -> "~1").
std::string pointer_escape(std::string_view token);

} // namespace casebook
