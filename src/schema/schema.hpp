// The case schema: embedded at build time from schemas/case.schema.json.
#pragma once

#include <string>
#include <string_view>

#include "json/json.hpp"

namespace casebook {

// The text of schemas/case.schema.json as built into this binary.
std::string_view embedded_schema_text();

// The text of schemas/json-schema-draft-07.json (the draft-07 meta-schema) as built into this binary.
std::string_view embedded_meta_schema_text();

// The URI (without fragment) a "$ref" names the draft-07 meta-schema by.
inline constexpr std::string_view meta_schema_uri = "http://json-schema.org/draft-07/schema";

// The embedded schema, parsed once.
const Json& embedded_schema();

// The version of the record format this build writes and reads ("1").
inline constexpr std::string_view record_schema_version = "1";

} // namespace casebook

namespace casebook {

// Reads and parses a schema file (validate --schema); throws Error(io) or Error(usage).
Json load_schema_file(const std::string& path);

// Whether the field at a JSON Pointer ("/origin/locality", "/sources/0/reference")
// is marked "x-sensitive" in the embedded schema, or lies inside one that is
// (schema::case_model().sensitive(pointer): schema_model.hpp).
bool is_sensitive_field(std::string_view pointer);

} // namespace casebook
