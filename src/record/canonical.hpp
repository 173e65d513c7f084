// The canonical form of a case record: keys in the schema's property order,
// so that a stored record prints the same way every time, in interview order.
#pragma once

#include <string>

#include "json/json.hpp"

namespace casebook {

// A copy of record with every object's keys in the order the embedded schema
// lists its properties (following $ref); keys the schema does not know (only
// in invalid records) keep their order after the known ones. Values are unchanged.
Json canonicalise(const Json& record);

// canonicalise(record).dump(), written straight from record (no copy): the
// text the store keeps.
std::string canonical_text(const Json& record);

// The text of a canonical record as printed by `show --format json`:
// 2-space indent, UTF-8 as is, a final newline.
std::string pretty_text(const Json& record);

// A skeleton record with every field of the schema present, for filling in an
// editor: strings are "" (vocabularies list their choices, "a | b | c"), numbers
// and booleans null, arrays of objects one skeleton element. It is not valid as
// is: every placeholder must be filled in or the field deleted.
Json case_template();

} // namespace casebook
