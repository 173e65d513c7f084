// Numbers as JSON Schema draft-07 counts them.
#pragma once

#include <optional>

#include "json/json.hpp"

namespace casebook {

// The whole number a JSON number is: 16, 16.0 and 1.6e1 are all 16 (draft-07
// counts each an integer). Nullopt for a non-number, a fraction, or a value
// beyond +-2^53 (where a double no longer holds every whole number).
std::optional<long long> whole_number(const Json& value);

} // namespace casebook
