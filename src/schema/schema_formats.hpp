// The draft-07 "format"s of strings that casebook checks (section 7.3).
#pragma once

#include <optional>
#include <string>

namespace casebook {

// Whether s is in the named format: nullopt when it is (or when casebook does
// not know the format: draft-07 lets unknown formats pass), else the problem
// in a researcher's words, translated. date, time and date-time are checked by
// the validator itself (schema/valijson_re2.hpp).
std::optional<std::string> format_problem(const std::string& format, const std::string& s);

} // namespace casebook
