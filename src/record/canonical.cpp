#include "record/canonical.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/numbers.hpp"
#include "schema/schema_model.hpp"

namespace casebook::record {

namespace {

using schema::Node;

// The case schema's root: each object's properties in order and each array's items, with $ref followed.
const Node* root_node()
{
    return &schema::case_model().root();
}

// Calls visit(key, member, node) for an object's members in canonical order.
template <class Visit>
void in_canonical_order(const Json& value, const Node* node, Visit&& visit)
{
    const auto& members = value.get_ref<const Json::object_t&>();
    if (node == nullptr || node->properties.empty()) {
        for (const auto& [key, member] : members) {
            visit(key, member, nullptr);
        }
        return;
    }
    // Which members the schema placed: on the stack for the usual small object.
    const std::size_t n = members.size();
    constexpr std::size_t inline_size = 64;
    bool placed_inline[inline_size] = {};
    std::unique_ptr<bool[]> placed_heap(n > inline_size ? new bool[n]() : nullptr);
    bool* placed = n > inline_size ? placed_heap.get() : placed_inline;
    std::size_t found = 0;
    for (const auto& [key, sub] : node->properties) {
        std::size_t i = 0;
        for (auto it = members.begin(); it != members.end(); ++it, ++i) {
            if (!placed[i] && it->first == key) {
                placed[i] = true;
                ++found;
                visit(it->first, it->second, sub);
                break;
            }
        }
        if (found == n) {
            return;
        }
    }
    std::size_t i = 0;
    for (auto it = members.begin(); it != members.end(); ++it, ++i) {
        if (!placed[i]) {
            visit(it->first, it->second, nullptr);
        }
    }
}

Json canonical(const Json& value, const Node* node)
{
    if (value.is_object()) {
        Json out = Json::object();
        out.get_ref<Json::object_t&>().reserve(value.size()); // growing an ordered_json object deep-copies its members
        in_canonical_order(value, node, [&](const std::string& key, const Json& member, const Node* sub) {
            out.get_ref<Json::object_t&>().emplace_back(key, canonical(member, sub));
        });
        return out;
    }
    if (value.is_array()) {
        Json out = Json::array();
        out.get_ref<Json::array_t&>().reserve(value.size());
        for (const Json& e : value) {
            out.push_back(canonical(e, node != nullptr ? node->items : nullptr));
        }
        return out;
    }
    if (value.is_number_float()) {
        if (auto whole = whole_number(value)) {
            return Json(*whole); // 16.0 is the integer 16 to the schema: stored as one, read as one
        }
    }
    return value;
}

// A JSON string as nlohmann's dump() writes it (UTF-8 as is, control characters escaped).
void write_string(const std::string& text, std::string& out)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    const char* run = text.data(); // start of the characters not yet written, none needing an escape
    const char* const end = text.data() + text.size();
    for (const char* p = run; p != end; ++p) {
        const auto u = static_cast<unsigned char>(*p);
        if (u >= 0x20 && u != '"' && u != '\\') {
            continue;
        }
        out.append(run, p);
        run = p + 1;
        switch (u) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            out += "\\u00";
            out += hex[u >> 4];
            out += hex[u & 0xf];
        }
    }
    out.append(run, end);
    out += '"';
}

void write_canonical(const Json& value, const Node* node, std::string& out)
{
    switch (value.type()) {
    case Json::value_t::object: {
        out += '{';
        bool first = true;
        in_canonical_order(value, node, [&](const std::string& key, const Json& member, const Node* sub) {
            if (!first) {
                out += ',';
            }
            first = false;
            write_string(key, out);
            out += ':';
            write_canonical(member, sub, out);
        });
        out += '}';
        return;
    }
    case Json::value_t::array: {
        out += '[';
        bool first = true;
        for (const Json& e : value) {
            if (!first) {
                out += ',';
            }
            first = false;
            write_canonical(e, node != nullptr ? node->items : nullptr, out);
        }
        out += ']';
        return;
    }
    case Json::value_t::string:
        write_string(value.get_ref<const std::string&>(), out);
        return;
    case Json::value_t::number_float:
        if (auto whole = whole_number(value)) {
            out += std::to_string(*whole); // as canonical() does: 16.0 and 1e1 are integers
            return;
        }
        out += value.dump();
        return;
    default:
        out += value.dump(); // numbers, booleans, null: nlohmann's own formatting
        return;
    }
}

// Vocabularies longer than this (countries) get an empty placeholder instead of a list.
constexpr std::size_t max_listed_choices = 20;

Json placeholder(const Node& node)
{
    if (node.constant) {
        return *node.constant;
    }
    if (node.default_value) {
        return *node.default_value;
    }
    if (node.type == "object") {
        Json out = Json::object();
        for (const auto& [key, sub] : node.properties) {
            out[key] = placeholder(*sub);
        }
        return out;
    }
    if (node.type == "array") {
        Json out = Json::array();
        if (node.items != nullptr) {
            out.push_back(placeholder(*node.items));
        }
        return out;
    }
    if (node.type == "string") {
        if (node.choices && node.choices->size() <= max_listed_choices) {
            std::string list;
            for (const std::string& c : *node.choices) {
                list += (list.empty() ? "" : " | ") + c;
            }
            return list;
        }
        if (node.definition == "date") {
            return "YYYY-MM-DD";
        }
        return "";
    }
    return nullptr;
}

} // namespace

Json canonicalise(const Json& record)
{
    return canonical(record, root_node());
}

std::string canonical_text(const Json& record)
{
    std::string out;
    out.reserve(2048);
    write_canonical(record, root_node(), out);
    return out;
}

std::string pretty_text(const Json& record)
{
    return record.dump(2) + "\n";
}

Json case_template()
{
    return placeholder(schema::case_model().root());
}

namespace {

// A value as case_template() writes it where nothing is known (never a constant or a default).
bool placeholder_form(const Json& value)
{
    if (value.is_null()) {
        return true;
    }
    if (!value.is_string()) {
        return false;
    }
    const std::string& s = value.get_ref<const std::string&>();
    return s.empty() || s == "YYYY-MM-DD" || s.find(" | ") != std::string::npos;
}

// Whether value is still what the template holds at its place (blank).
bool unfilled(const Json& value, const Json& blank)
{
    if (value.is_object() && blank.is_object()) {
        for (const auto& [key, member] : value.items()) {
            auto b = blank.find(key);
            if (b == blank.end() || !unfilled(member, *b)) {
                return false;
            }
        }
        return !value.empty();
    }
    if (value.is_array() && blank.is_array() && blank.size() == 1) {
        for (const Json& element : value) {
            if (!unfilled(element, blank.front())) {
                return false;
            }
        }
        return !value.empty();
    }
    return placeholder_form(value) && value == blank;
}

std::size_t drop_unfilled(Json& value, const Json& blank)
{
    std::size_t dropped = 0;
    if (value.is_object() && blank.is_object()) {
        for (auto it = value.begin(); it != value.end();) {
            auto b = blank.find(it.key());
            if (b != blank.end() && unfilled(*it, *b)) {
                it = value.erase(it);
                ++dropped;
            } else {
                if (b != blank.end()) {
                    dropped += drop_unfilled(*it, *b);
                }
                ++it;
            }
        }
    } else if (value.is_array() && blank.is_array() && blank.size() == 1) {
        for (Json& element : value) {
            dropped += drop_unfilled(element, blank.front());
        }
    }
    return dropped;
}

} // namespace

std::size_t drop_unfilled_placeholders(Json& record)
{
    static const Json blank = case_template();
    return drop_unfilled(record, blank);
}

} // namespace casebook::record
