// "Did you mean": the allowed values closest to what was given.
#pragma once

#include <string>
#include <vector>

namespace casebook {

// The allowed values of an enum, closest to `given` first (edit distance,
// ASCII case folded), for "did you mean" messages.
std::vector<std::string> closest_first(const std::string& given, const std::vector<std::string>& allowed);

} // namespace casebook
