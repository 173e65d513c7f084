#include "schema/schema_model.hpp"

#include <unordered_map>

#include "json/locate.hpp"
#include "json/pointer_token.hpp"
#include "schema/schema.hpp"

namespace casebook::schema {

namespace {

// Longer chains of "$ref" naming "$ref" are taken for a loop.
constexpr int max_ref_hops = 32;

// The JSON a place's local "$ref" names, following chains, and its pointer;
// nullptr when it has none, or it does not resolve, or loops.
const Json* referred(const Json& place, const Json& schema, std::string& pointer)
{
    const Json* at = &place;
    for (int hop = 0; hop < max_ref_hops; ++hop) {
        auto ref = at->is_object() ? at->find("$ref") : at->end();
        if (ref == at->end() || !ref->is_string() || ref->get_ref<const std::string&>().rfind('#', 0) != 0) {
            return at == &place ? nullptr : at;
        }
        const std::string target = ref->get_ref<const std::string&>().substr(1);
        try {
            at = &schema.at(Json::json_pointer(target));
        } catch (const nlohmann::json::exception&) {
            return at == &place ? nullptr : at;
        }
        pointer = target;
    }
    return nullptr;
}

// The definition name a "$ref" ends in ("#/definitions/date" is "date"); "" when it names none.
std::string definition_named(const Json& place)
{
    const std::string& ref = place.at("$ref").get_ref<const std::string&>();
    constexpr std::string_view marker = "/definitions/";
    const std::size_t at = ref.rfind(marker);
    if (at == std::string::npos || ref.find('/', at + marker.size()) != std::string::npos) {
        return "";
    }
    return ref.substr(at + marker.size());
}

// The string a place gives under key, if it gives one.
const std::string* text_of(const Json& place, const char* key)
{
    auto it = place.find(key);
    return it != place.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

bool marked_sensitive(const Json& place)
{
    auto it = place.find("x-sensitive");
    return it != place.end() && it->is_boolean() && it->get<bool>();
}

// The strings of a JSON array.
std::vector<std::string> strings_of(const Json& array)
{
    std::vector<std::string> out;
    for (const Json& v : array) {
        if (v.is_string()) {
            out.push_back(v.get<std::string>());
        }
    }
    return out;
}

// The annotations of a place without "$ref".
void annotate(Node& node, const Json& place)
{
    if (!place.is_object()) {
        return;
    }
    if (const std::string* type = text_of(place, "type")) {
        node.type = *type;
    }
    if (const std::string* description = text_of(place, "description")) {
        node.description = *description;
    }
    node.sensitive = marked_sensitive(place);
    if (auto e = place.find("enum"); e != place.end() && e->is_array()) {
        node.choices = strings_of(*e);
        node.allowed.assign(e->begin(), e->end());
    }
    if (auto c = place.find("const"); c != place.end()) {
        node.constant = *c;
    }
    if (auto d = place.find("default"); d != place.end()) {
        node.default_value = *d;
    }
    if (auto r = place.find("required"); r != place.end() && r->is_array()) {
        node.required = strings_of(*r);
    }
    auto flag = [&](const char* key) {
        auto it = place.find(key);
        return it != place.end() && it->is_boolean() && it->get<bool>();
    };
    auto number = [&](const char* key) -> std::optional<double> {
        auto it = place.find(key);
        return it != place.end() && it->is_number() ? std::optional<double>(it->get<double>()) : std::nullopt;
    };
    auto count = [&](const char* key) -> std::optional<std::size_t> {
        auto it = place.find(key);
        return it != place.end() && it->is_number_unsigned() ? std::optional<std::size_t>(it->get<std::size_t>())
                                                              : std::nullopt;
    };
    auto additional = place.find("additionalProperties");
    node.closed = additional != place.end() && additional->is_boolean() && !additional->get<bool>();
    if (const std::string* pattern = text_of(place, "pattern")) {
        node.pattern = *pattern;
    }
    node.minimum = number("minimum");
    node.maximum = number("maximum");
    node.min_length = count("minLength");
    node.max_length = count("maxLength");
    node.min_items = count("minItems");
    node.max_items = count("maxItems");
    node.unique_items = flag("uniqueItems");
}

// The reference tokens of a JSON Pointer, unescaped ("/sources/0/reference": sources, 0, reference).
std::vector<std::string> tokens_of(std::string_view pointer)
{
    std::vector<std::string> out;
    if (pointer.empty()) {
        return out;
    }
    for (std::size_t start = 1;;) {
        const std::size_t slash = pointer.find('/', start);
        out.push_back(pointer_unescape(pointer.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start)));
        if (slash == std::string_view::npos) {
            return out;
        }
        start = slash + 1;
    }
}

// The node a record's step leads to from node: its property, else its items.
const Node* step(const Node& node, const std::string& token)
{
    const Node* next = node.property(token);
    return next != nullptr ? next : node.items;
}

} // namespace

const Node* Node::property(std::string_view name) const
{
    for (const auto& [key, node] : properties) {
        if (key == name) {
            return node;
        }
    }
    return nullptr;
}

std::string Node::meaning(std::string_view choice) const
{
    const std::string& text = ref != nullptr && !ref->description.empty() ? ref->description : description;
    const std::string needle = std::string(choice) + " (";
    for (std::size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) {
        if (pos != 0 && text[pos - 1] != ' ') {
            continue; // "voluntary_return (" inside "assisted_voluntary_return ("
        }
        const std::size_t start = pos + needle.size();
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

// Builds the nodes: a place without "$ref" once per JSON value (so that a
// schema referring to itself ends), a place with one each time, completed
// from its definition when every definition is built.
class Model::Builder {
public:
    Builder(Model& model, const Json& schema) : model_(model), schema_(schema) {}

    void build()
    {
        model_.root_ = place(schema_, "");
        if (auto defs = schema_.find("definitions"); defs != schema_.end() && defs->is_object()) {
            for (const auto& [name, definition] : defs->items()) {
                model_.definitions_.emplace_back(name, place(definition, "/definitions/" + pointer_escape(name)));
            }
        }
        for (const Pending& p : pending_) {
            complete(*p.node, *p.node->ref, p.own_description);
        }
    }

private:
    struct Pending {
        Node* node;
        bool own_description;
    };

    Node* place(const Json& json, std::string pointer)
    {
        std::string target_pointer;
        if (const Json* target = referred(json, schema_, target_pointer)) {
            Node& node = model_.nodes_.emplace_back();
            node.pointer = std::move(pointer);
            node.definition = definition_named(json);
            const std::string* description = text_of(json, "description");
            node.description = description != nullptr ? *description : "";
            node.sensitive = marked_sensitive(json);
            pending_.push_back({&node, description != nullptr});
            node.ref = place(*target, std::move(target_pointer));
            return &node;
        }
        auto [it, fresh] = built_.try_emplace(&json, nullptr);
        if (!fresh) {
            return it->second; // built already, or being built (a schema that refers to itself)
        }
        Node& node = model_.nodes_.emplace_back();
        it->second = &node;
        node.pointer = std::move(pointer);
        annotate(node, json);
        node.dangling = json.is_object() && json.contains("$ref");
        if (!json.is_object()) {
            return &node;
        }
        if (auto props = json.find("properties"); props != json.end() && props->is_object()) {
            for (const auto& [key, sub] : props->items()) {
                node.properties.emplace_back(key, place(sub, node.pointer + "/properties/" + pointer_escape(key)));
            }
        }
        if (auto items = json.find("items"); items != json.end() && items->is_object()) {
            node.items = place(*items, node.pointer + "/items");
        }
        return &node;
    }

    // A place with "$ref" takes what its definition (a node without "$ref",
    // built by now) says, but for where it is, the definition it names, its
    // own description when it has one, and its own sensitivity besides.
    static void complete(Node& node, const Node& definition, bool own_description)
    {
        Node completed = definition;
        completed.pointer = std::move(node.pointer);
        completed.definition = std::move(node.definition);
        completed.ref = node.ref;
        if (own_description) {
            completed.description = std::move(node.description);
        }
        completed.sensitive = node.sensitive || definition.sensitive;
        node = std::move(completed);
    }

    Model& model_;
    const Json& schema_;
    std::unordered_map<const Json*, Node*> built_;
    std::vector<Pending> pending_;
};

Model::Model(const Json& schema)
{
    Builder(*this, schema).build();
}

const Node* Model::at(std::string_view pointer) const
{
    const Node* node = root_;
    for (const std::string& token : tokens_of(pointer)) {
        node = step(*node, token);
        if (node == nullptr) {
            return nullptr;
        }
    }
    return node;
}

bool Model::sensitive(std::string_view pointer) const
{
    const Node* node = root_;
    for (const std::string& token : tokens_of(pointer)) {
        if (node->sensitive) {
            return true;
        }
        node = step(*node, token);
        if (node == nullptr) {
            return false;
        }
    }
    return node->sensitive;
}

const Node* Model::definition(std::string_view name) const
{
    for (const auto& [key, node] : definitions_) {
        if (key == name) {
            return node;
        }
    }
    return nullptr;
}

const Model& case_model()
{
    static const Model model(embedded_schema());
    return model;
}

} // namespace casebook::schema
