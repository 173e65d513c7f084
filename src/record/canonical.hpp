// The canonical form of a case record: keys in the schema's property order,
// so that a stored record prints the same way every time, in interview order.
#pragma once

#include <cstddef>
#include <string>

#include "json/json.hpp"

namespace casebook::record {

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

// Takes out of record what case_template() wrote and nobody filled in, so that
// a template partly filled means "not recorded" where it was left alone: a
// member whose value is still its placeholder ("", null, "YYYY-MM-DD" or the
// "a | b | c" list of its vocabulary), an object whose members all are, an
// array whose elements all are. An array with some elements filled is kept
// whole (the placeholders left in it are reported as the errors they are), and
// constants and defaults ("schema_version", "status") are never taken out.
// Returns the number of members taken out.
std::size_t drop_unfilled_placeholders(Json& record);

} // namespace casebook::record
