// The interview walks the case schema in property order, so a field added to
// the schema is asked without touching the interview; this file reads the
// schema into the questions it asks (interview_questions.hpp).
#include "ops/interview_questions.hpp"

#include <set>

#include "schema/schema.hpp"

namespace casebook::interview {

namespace {

// The meaning the vocabulary's description gives a value: "removal (after a removal order)" -> "after a removal order".
std::string gloss_of(const std::string& text, const std::string& value)
{
    const std::string needle = value + " (";
    for (std::size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) {
        if (pos != 0 && text[pos - 1] != ' ') {
            continue; // "voluntary_return (" inside "assisted_voluntary_return ("
        }
        std::size_t start = pos + needle.size();
        int depth = 1;
        for (std::size_t i = start; i < text.size(); ++i) {
            depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
            if (depth == 0) {
                return text.substr(start, i - start);
            }
        }
    }
    return "";
}

// One property of the schema as a question, following its $ref.
Field build_field(const std::string& key, const Json& node, const Json& root, bool required)
{
    // Follow $ref; the property's own keys (its description) win over the definition's.
    const Json& definition = resolve_ref(node, root);
    const bool referred = &definition != &node;
    Json s = referred ? definition : Json::object();
    std::string vocabulary_description = referred ? definition.value("description", "") : "";
    for (auto it = node.begin(); it != node.end(); ++it) {
        if (it.key() != "$ref") {
            s[it.key()] = it.value();
        }
    }
    if (vocabulary_description.empty()) {
        vocabulary_description = s.value("description", "");
    }

    Field f;
    f.key = key;
    f.description = s.value("description", "");
    f.required = required;
    f.sensitive = s.value("x-sensitive", false);
    if (auto d = s.find("default"); d != s.end()) {
        f.schema_default = *d;
    }
    const std::string type = s.value("type", "");
    if (refers_to_definition(node, "date")) {
        f.kind = Kind::date;
    } else if (refers_to_definition(node, "country")) {
        f.kind = Kind::country;
    } else if (s.contains("const")) {
        f.kind = Kind::constant;
    } else if (auto e = s.find("enum"); e != s.end() && e->is_array()) {
        f.kind = Kind::choice;
        for (const Json& v : *e) {
            if (v.is_string()) {
                f.choices.push_back(v.get<std::string>());
                f.glosses.push_back(gloss_of(vocabulary_description, f.choices.back()));
            }
        }
    } else if (type == "boolean") {
        f.kind = Kind::boolean;
    } else if (type == "integer") {
        f.kind = Kind::integer;
    } else if (type == "object") {
        f.kind = Kind::object;
        std::set<std::string> needed;
        if (auto req = s.find("required"); req != s.end() && req->is_array()) {
            for (const Json& r : *req) {
                needed.insert(r.get<std::string>());
            }
        }
        if (auto props = s.find("properties"); props != s.end() && props->is_object()) {
            for (auto it = props->begin(); it != props->end(); ++it) {
                f.fields.push_back(build_field(it.key(), it.value(), root, needed.count(it.key()) != 0));
            }
        }
    } else if (type == "array" && s.contains("items")) {
        Field item = build_field(key, s.at("items"), root, false);
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
    static const Field root = build_field("", embedded_schema(), embedded_schema(), false);
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

} // namespace casebook::interview
