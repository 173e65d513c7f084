// Where values sit in a JSON text: the line and column of a byte offset, and
// the value a JSON Pointer names. Used when a problem is reported, on text
// that parse_json (json/json.hpp) has already accepted.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace casebook {

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
