// Validation of case records: the schema (structure, vocabularies) then the
// cross-field rules of DESIGN.md (src/record/rules.cpp).
#pragma once

#include <vector>

#include "json/diagnostic.hpp"
#include "json/json.hpp"
#include "schema/schema_validator.hpp"

namespace casebook::record {

// Appends every violation of the cross-field rules of DESIGN.md (dates in
// order, harm sources exist, unique source ids, killed vs situation, minors
// without traveled_with, what a complete case needs). Tolerates records that
// failed the schema: values of the wrong shape are skipped, never trusted.
void check_cross_field_rules(const Json& record, std::vector<Problem>& out);

// Schema then cross-field rules, in pointer order of discovery.
std::vector<Problem> check_record(const Json& record, const SchemaValidator& schema = SchemaValidator::builtin());

// True when any problem is an error (warnings do not make a record invalid).
bool has_errors(const std::vector<Problem>& problems);

} // namespace casebook::record
