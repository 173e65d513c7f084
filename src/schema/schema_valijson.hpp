// Schemas that use keywords beyond the built-in schema's, checked by valijson.
#pragma once

#include <memory>
#include <vector>

#include "json/diagnostic.hpp"
#include "json/json.hpp"
#include "schema/schema_vetting.hpp"

namespace casebook {

// A draft-07 schema compiled by valijson (the one translation unit that includes it).
class ValijsonSchema {
public:
    // Compiles documents.at(""), fetching the others its "$ref"s name from
    // documents; throws Error(usage) when valijson cannot use it.
    explicit ValijsonSchema(const SchemaDocuments& documents);
    ~ValijsonSchema();

    // Appends the problems of one record: a JSON Pointer each, in valijson's words.
    void check(const Json& record, std::vector<Problem>& out) const;

private:
    struct Compiled;
    std::unique_ptr<Compiled> compiled_;
};

} // namespace casebook
