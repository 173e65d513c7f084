// The draft-07 JSON Schema validator: structure and vocabularies of records.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "json/diagnostic.hpp"
#include "json/json.hpp"

namespace casebook {

// Checks records against a draft-07 JSON Schema. The built-in schema is
// compiled once into direct checks with researcher-friendly messages; another
// schema (validate --schema) that uses keywords beyond those goes through valijson.
class SchemaValidator {
public:
    // Compiles a schema (an object, or true or false); throws Error(usage) when
    // it is not a usable draft-07 schema. A "$ref" to another document may name
    // one of documents (by URI without fragment) or the draft-07 meta-schema,
    // which is built in; nothing is ever fetched.
    explicit SchemaValidator(const Json& schema, const std::map<std::string, Json>& documents = {});
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

} // namespace casebook
