// The interview walks the case schema in property order, so a field added to
// the schema is asked without touching the interview; this file reads the
// schema into the questions it asks (interview_questions.hpp).
#include "ops/interview_questions.hpp"

#include <set>

#include "schema/schema_model.hpp"

namespace casebook::ops::interview {

namespace {

// One property of the schema as a question (its $ref followed by the model).
Field build_field(const std::string& key, const schema::Node& node, bool required)
{
    Field f;
    f.key = key;
    f.description = node.description;
    f.required = required;
    f.sensitive = node.sensitive;
    f.schema_default = node.default_value;
    if (node.definition == "date") {
        f.kind = Kind::date;
    } else if (node.definition == "country") {
        f.kind = Kind::country;
    } else if (node.constant) {
        f.kind = Kind::constant;
    } else if (node.choices) {
        f.kind = Kind::choice;
        f.choices = *node.choices;
        for (const std::string& v : f.choices) {
            f.glosses.push_back(node.meaning(v));
        }
    } else if (node.type == "boolean") {
        f.kind = Kind::boolean;
    } else if (node.type == "integer") {
        f.kind = Kind::integer;
    } else if (node.type == "object") {
        f.kind = Kind::object;
        const std::set<std::string> needed(node.required.begin(), node.required.end());
        for (const auto& [name, sub] : node.properties) {
            f.fields.push_back(build_field(name, *sub, needed.count(name) != 0));
        }
    } else if (node.type == "array" && node.items != nullptr) {
        Field item = build_field(key, *node.items, false);
        f.item_description = item.description;
        if (item.kind == Kind::object) {
            f.kind = Kind::object_list;
            f.fields = std::move(item.fields);
        } else if (item.kind == Kind::choice) {
            f.kind = Kind::choice_list;
            f.choices = std::move(item.choices);
            f.glosses = std::move(item.glosses);
        } else {
            f.kind = Kind::text_list;
        }
    }
    return f;
}

} // namespace

const Field& case_fields()
{
    static const Field root = build_field("", schema::case_model().root(), false);
    return root;
}

const Field* child(const Field& f, std::string_view key)
{
    for (const Field& c : f.fields) {
        if (c.key == key) {
            return &c;
        }
    }
    return nullptr;
}

} // namespace casebook::ops::interview
