// The fields a CSV mapping fills: JSON Pointers such as "/returns/0/date",
// checked when the mapping is read and followed, creating what is missing,
// when a row is turned into a record.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "json/json.hpp"

namespace casebook::input {

// A field a mapping fills: a JSON Pointer, split into its reference tokens.
struct Target {
    std::string text; // "/returns/0/date"
    std::vector<std::string> tokens;
};

// The target a mapping names at `where` (a pointer string); throws
// Error(usage) when it is not a pointer, names the whole record, has an empty
// step or a list position of max_mapped_index or more.
Target make_target(const Json& v, const std::string& where);

// Sets the field at target, creating objects and arrays on the way (a number or
// "-" makes an array; "-" appends). Returns the pointer of what was set ("-"
// resolved), or nullopt when the path runs into a value of another kind.
std::optional<std::string> set_field(Json& record, const Target& target, const Json& value);

// Removes the field at target if it is there.
void remove_field(Json& record, const Target& target);

} // namespace casebook::input
