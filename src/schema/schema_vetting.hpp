// What a schema asks for, checked before any record is checked against it.
#pragma once

#include <map>
#include <string>

#include "json/json.hpp"

namespace casebook {

// The schema documents a validator works with: the schema itself (URI "")
// and the other documents its "$ref"s may name, by URI without fragment;
// every "$ref" in them made local or absolute (absolutise_refs).
using SchemaDocuments = std::map<std::string, Json>;

// The schema a "$ref" (local "#/a/b" or absolute "uri#/a/b") names from the
// document doc_uri, or nullptr when none does.
const Json* ref_target(const SchemaDocuments& documents, const std::string& doc_uri, const std::string& ref);

// Checks every document: each pattern (and patternProperties name) compiles
// in RE2, each "$ref" names a schema, and no "$ref" leads back to itself
// without going deeper into the record (through allOf, anyOf, oneOf, not,
// if/then/else or dependencies only), which would recurse without end when
// checking. A schema that recurses into properties or items is fine: records
// are at most max_json_depth deep. Throws Error(usage) naming the problem.
void vet_schema(const SchemaDocuments& documents);

} // namespace casebook
