// What the interview reads back from the record it is building: the ids of
// the sources listed and of those harms cite, the last country of the journey.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "json/json.hpp"

namespace casebook::ops::interview {

// The string member `key` of each item of the list at list_pointer ("/sources", "id"), in order.
std::vector<std::string> string_members(const Json& doc, const std::string& list_pointer, const std::string& key);

// The last item's string member `key` of the list at list_pointer, if any.
std::optional<std::string> last_string(const Json& doc, const std::string& list_pointer, const std::string& key);

// The ids of the sources harms cite, each once, in order.
std::vector<std::string> cited_sources(const Json& doc);

} // namespace casebook::ops::interview
