// An unfinished interview kept as a draft record.
#pragma once

#include "json/json.hpp"

namespace casebook::ops {

// The answers of an unfinished interview as a draft record that `create --from`
// accepts: schema_version "1", status "draft", list items and objects that lack
// a required field dropped, empty objects and lists dropped, and sources that
// harms cite but /sources does not list added with only their id.
Json draft_of(const Json& answers);

} // namespace casebook::ops
