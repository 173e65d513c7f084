// "Did you mean": the allowed values closest to what was given.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace casebook {

// The allowed values of an enum, closest to `given` first (edit distance,
// ASCII case folded), for "did you mean" messages.
std::vector<std::string> closest_first(const std::string& given, const std::vector<std::string>& allowed);

// The allowed value closest to `given` when it is close enough to be a slip
// (at most one edit in three characters, and at least one): "--fromat" finds
// "--format", "--bogus" nothing.
std::optional<std::string> closest_within(const std::string& given, const std::vector<std::string>& allowed);

} // namespace casebook
