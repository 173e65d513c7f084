// Schema identifiers: "$id" base URIs and "$ref"s resolved against them (draft-07, RFC 3986).
#pragma once

#include <map>
#include <string>

#include "json/json.hpp"

namespace casebook {

// A URI reference resolved against a base URI (RFC 3986 section 5.2):
// resolve_uri("http://x/a/b.json", "c.json#/d") is "http://x/a/c.json#/d".
std::string resolve_uri(const std::string& base, const std::string& ref);

// Rewrites every "$ref" of a schema document whose URI is doc_uri (empty when
// it has none) so that it no longer depends on "$id": a reference into the
// document itself becomes "#<JSON Pointer>" (also one that names a subschema
// by its "$id" or a "#name" fragment), a reference to another document its
// absolute URI. Each "$id" is then dropped. Values that are data (enum, const,
// default, examples) and the siblings of a "$ref" (which draft-07 ignores) are
// left as they are.
void absolutise_refs(Json& document, const std::string& doc_uri);

// The part of a URI before its fragment.
std::string without_fragment(const std::string& uri);

// Whether a schema keyword's value is data, not schemas: a "$ref" or "pattern" in it means nothing.
bool holds_data(const std::string& keyword);

// Whether a keyword's value is an object whose members' values are schemas
// (its member names are property names, not keywords).
bool holds_schema_map(const std::string& keyword);

} // namespace casebook
