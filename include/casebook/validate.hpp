// Validation of case records: the schema (structure, vocabularies) then the cross-field rules.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "casebook/diagnostic.hpp"
#include "casebook/json.hpp"

namespace casebook {

// Checks records against a draft-07 JSON Schema. The built-in schema is
// compiled once into direct checks with researcher-friendly messages; another
// schema (validate --schema) that uses keywords beyond those goes through valijson.
class SchemaValidator {
public:
    // Compiles a schema; throws Error(usage) when it is not a usable draft-07 schema.
    explicit SchemaValidator(const Json& schema);
    ~SchemaValidator();
    SchemaValidator(SchemaValidator&&) noexcept;
    SchemaValidator& operator=(SchemaValidator&&) noexcept;

    // The validator for the embedded case schema (built once, shared).
    static const SchemaValidator& builtin();

    // Appends every structural problem of one record to out.
    void check(const Json& record, std::vector<Problem>& out) const;

    class Impl;

private:
    std::unique_ptr<Impl> impl_;
};

// Appends every violation of the cross-field rules of DESIGN.md (dates in
// order, harm sources exist, unique source ids, killed vs situation, minors
// without traveled_with, what a complete case needs). Tolerates records that
// failed the schema: values of the wrong shape are skipped, never trusted.
void check_cross_field_rules(const Json& record, std::vector<Problem>& out);

// Schema then cross-field rules, in pointer order of discovery.
std::vector<Problem> check_record(const Json& record, const SchemaValidator& schema = SchemaValidator::builtin());

// True when any problem is an error (warnings do not make a record invalid).
bool has_errors(const std::vector<Problem>& problems);

// The allowed values of an enum, closest to `given` first (edit distance), for
// "did you mean" messages.
std::vector<std::string> closest_first(const std::string& given, const std::vector<std::string>& allowed);

} // namespace casebook
