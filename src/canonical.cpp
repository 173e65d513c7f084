#include "casebook/canonical.hpp"

#include <string_view>

#include "casebook/schema.hpp"

namespace casebook {

namespace {

// Follows "$ref": "#/definitions/x" (the only form the case schema uses),
// merging nothing: the referenced schema's properties/items/enum are what matter.
const Json& resolve(const Json& schema)
{
    auto ref = schema.find("$ref");
    if (ref == schema.end() || !ref->is_string()) {
        return schema;
    }
    const std::string& target = ref->get_ref<const std::string&>();
    const std::string prefix = "#/definitions/";
    if (target.compare(0, prefix.size(), prefix) != 0) {
        return schema;
    }
    const Json& defs = embedded_schema().at("definitions");
    auto it = defs.find(target.substr(prefix.size()));
    return it == defs.end() ? schema : resolve(*it);
}

const Json* subschema(const Json& schema, std::string_view keyword)
{
    auto it = schema.find(keyword);
    return it == schema.end() ? nullptr : &*it;
}

Json canonical(const Json& value, const Json* schema_in)
{
    const Json* schema = schema_in ? &resolve(*schema_in) : nullptr;
    if (value.is_object()) {
        const Json* props = schema ? subschema(*schema, "properties") : nullptr;
        Json out = Json::object();
        out.get_ref<Json::object_t&>().reserve(value.size()); // growing an ordered_json object deep-copies its members
        if (props != nullptr && props->is_object()) {
            for (const auto& [key, sub] : props->items()) {
                auto it = value.find(key);
                if (it != value.end()) {
                    out[key] = canonical(*it, &sub);
                }
            }
        }
        for (const auto& [key, sub] : value.items()) {
            if (!out.contains(key)) {
                out[key] = canonical(sub, nullptr);
            }
        }
        return out;
    }
    if (value.is_array()) {
        const Json* items = schema ? subschema(*schema, "items") : nullptr;
        Json out = Json::array();
        for (const Json& e : value) {
            out.push_back(canonical(e, items != nullptr && items->is_object() ? items : nullptr));
        }
        return out;
    }
    return value;
}

// Vocabularies longer than this (countries) get an empty placeholder instead of a list.
constexpr std::size_t max_listed_choices = 20;

Json placeholder(const Json& schema_in)
{
    const Json& schema = resolve(schema_in);
    if (auto c = schema.find("const"); c != schema.end()) {
        return *c;
    }
    if (auto d = schema.find("default"); d != schema.end()) {
        return *d;
    }
    const std::string type = schema.value("type", "");
    if (type == "object") {
        Json out = Json::object();
        if (auto props = schema.find("properties"); props != schema.end()) {
            for (const auto& [key, sub] : props->items()) {
                out[key] = placeholder(sub);
            }
        }
        return out;
    }
    if (type == "array") {
        Json out = Json::array();
        if (auto items = schema.find("items"); items != schema.end()) {
            out.push_back(placeholder(*items));
        }
        return out;
    }
    if (type == "string") {
        auto choices = schema.find("enum");
        if (choices != schema.end() && choices->size() <= max_listed_choices) {
            std::string list;
            for (const Json& c : *choices) {
                list += (list.empty() ? "" : " | ") + c.get<std::string>();
            }
            return list;
        }
        if (auto pattern = schema.find("pattern"); pattern != schema.end() && &schema == &resolve(embedded_schema().at("definitions").at("date"))) {
            return "YYYY-MM-DD";
        }
        return "";
    }
    return nullptr;
}

} // namespace

Json canonicalise(const Json& record)
{
    return canonical(record, &embedded_schema());
}

std::string pretty_text(const Json& record)
{
    return record.dump(2) + "\n";
}

Json case_template()
{
    return placeholder(embedded_schema());
}

} // namespace casebook
