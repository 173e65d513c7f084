// One reference token of a JSON Pointer, read back from its escaped form.
#pragma once

#include <string>
#include <string_view>

namespace casebook {

// Unescapes one reference token of a JSON Pointer ("~1" -> "/", "~0" -> "~").
std::string pointer_unescape(std::string_view token);

} // namespace casebook
