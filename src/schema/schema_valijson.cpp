// valijson (Debian's libvalijson-dev 1.0) behind ValijsonSchema: its error
// contexts turned into JSON Pointers, its cascading parents folded away.
#include "schema/schema_valijson.hpp"

#include <algorithm>
#include <functional>
#include <set>
#include <string>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "util/error.hpp"
#include "util/i18n.hpp"
#include "json/pointer_path.hpp"
#include "schema/valijson_re2.hpp"

namespace casebook {

struct ValijsonSchema::Compiled {
    valijson::Schema schema;
};

namespace {

std::string context_to_pointer(const std::vector<std::string>& context)
{
    // valijson context: "<root>", "[journey]", "[1]", ...
    std::string ptr;
    for (const std::string& part : context) {
        if (part == "<root>") {
            continue;
        }
        std::string token = part;
        if (token.size() >= 2 && token.front() == '[' && token.back() == ']') {
            token = token.substr(1, token.size() - 2);
        }
        if (token.size() >= 2 && token.front() == '"' && token.back() == '"') {
            token = token.substr(1, token.size() - 2);
        }
        ptr += "/" + pointer_escape(token);
    }
    return ptr;
}

} // namespace

ValijsonSchema::ValijsonSchema(const SchemaDocuments& documents) : compiled_(std::make_unique<Compiled>())
{
    const nlohmann::json plain(documents.at(""));
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(plain);
    // valijson asks for each other document a "$ref" names by its URI (every
    // such "$ref" is absolute, see absolutise_refs); vet_schema made sure it is one of documents.
    auto fetch = [&documents](const std::string& uri) -> const nlohmann::json* {
        auto doc = documents.find(uri);
        return doc == documents.end() || uri.empty() ? nullptr : new nlohmann::json(doc->second);
    };
    auto release = [](const nlohmann::json* doc) { delete doc; };
    try {
        parser.populateSchema(adapter, compiled_->schema, std::function<const nlohmann::json*(const std::string&)>(fetch),
                              std::function<void(const nlohmann::json*)>(release));
    } catch (const std::exception& e) {
        throw Error(Exit::usage, say("the schema is not a usable draft-07 JSON Schema: {}", e.what()));
    }
}

ValijsonSchema::~ValijsonSchema() = default;

void ValijsonSchema::check(const Json& record, std::vector<Problem>& out) const
{
    nlohmann::json plain(record);
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter adapter(plain);
    namespace steps = valijson::casebook_re2;
    struct StepLimit {
        StepLimit() { steps::steps_left = steps::max_steps; }
        ~StepLimit() { steps::steps_left = steps::no_step_limit; }
    } limit;
    try {
        // A first pass that stops at the first failure, a second one for the messages.
        if (validator.validate(compiled_->schema, adapter, nullptr)) {
            return;
        }
        steps::steps_left = steps::max_steps;
        validator.validate(compiled_->schema, adapter, &results);
    } catch (const steps::StepsExceeded&) {
        out.push_back({"", "schema",
                       say("checking this record took more than {} steps of the schema, so it was stopped: a very large "
                           "record, or a recursive $ref that each level of the record reaches more than once, which "
                           "doubles the work at every level",
                           steps::max_steps),
                       Severity::error});
        return;
    }
    const std::size_t before = out.size();
    std::vector<valijson::ValidationResults::Error> errors;
    valijson::ValidationResults::Error e;
    while (results.popError(e)) {
        errors.push_back(e);
    }
    // Fold the cascading "Failed to validate ..." parents into the errors under them.
    std::set<std::pair<std::string, std::string>> reported;
    for (const auto& err : errors) {
        // "Failed to validate against child schema #N" only announces the errors listed beside it.
        if (err.description.rfind("Failed to validate against child schema", 0) == 0) {
            continue;
        }
        bool parent = err.description.rfind("Failed to validate", 0) == 0;
        if (parent) {
            bool has_child = std::any_of(errors.begin(), errors.end(), [&](const auto& other) {
                return &other != &err && other.context.size() > err.context.size() &&
                       std::equal(err.context.begin(), err.context.end(), other.context.begin());
            });
            if (has_child) {
                continue;
            }
        }
        std::string pointer = context_to_pointer(err.context);
        if (reported.emplace(pointer, err.description).second) { // oneOf/anyOf repeat the same failure per branch
            out.push_back({pointer, "schema", err.description, Severity::error});
        }
    }
    if (out.size() == before) {
        // Some keywords (propertyNames) fail without a word: never call such a record valid.
        out.push_back({"", "schema", tr("does not match the schema"), Severity::error});
    }
}

} // namespace casebook
