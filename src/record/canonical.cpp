#include "record/canonical.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "json/numbers.hpp"
#include "schema/schema.hpp"

namespace casebook {

namespace {

// The part of the schema canonical order needs, compiled once: each object's
// properties in order and each array's items, with $ref already followed.
// (Looking keys up in the schema per value cost more than the rest of an import.)
struct Shape {
    std::vector<std::pair<std::string, const Shape*>> properties;
    const Shape* items = nullptr;
};

class Shapes {
public:
    Shapes() : root_(compile(embedded_schema())) {}
    const Shape* root() const { return root_; }

private:
    const Shape* compile(const Json& schema_in)
    {
        const Json& schema = resolve_ref(schema_in, embedded_schema());
        auto [it, fresh] = memo_.try_emplace(&schema);
        if (!fresh) {
            return it->second.get(); // a recursive $ref: compiled already, or being compiled
        }
        it->second = std::make_unique<Shape>();
        Shape* shape = it->second.get();
        if (auto props = schema.find("properties"); props != schema.end() && props->is_object()) {
            for (const auto& [key, sub] : props->items()) {
                shape->properties.emplace_back(key, nullptr);
            }
            std::size_t i = 0;
            for (const auto& [key, sub] : props->items()) {
                shape->properties[i++].second = compile(sub);
            }
        }
        if (auto items = schema.find("items"); items != schema.end() && items->is_object()) {
            shape->items = compile(*items);
        }
        return shape;
    }

    std::unordered_map<const Json*, std::unique_ptr<Shape>> memo_;
    const Shape* root_;
};

const Shape* root_shape()
{
    static const Shapes shapes;
    return shapes.root();
}

// Calls visit(key, member, shape) for an object's members in canonical order.
template <class Visit>
void in_canonical_order(const Json& value, const Shape* shape, Visit&& visit)
{
    const auto& members = value.get_ref<const Json::object_t&>();
    if (shape == nullptr || shape->properties.empty()) {
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
    for (const auto& [key, sub] : shape->properties) {
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

Json canonical(const Json& value, const Shape* shape)
{
    if (value.is_object()) {
        Json out = Json::object();
        out.get_ref<Json::object_t&>().reserve(value.size()); // growing an ordered_json object deep-copies its members
        in_canonical_order(value, shape, [&](const std::string& key, const Json& member, const Shape* sub) {
            out.get_ref<Json::object_t&>().emplace_back(key, canonical(member, sub));
        });
        return out;
    }
    if (value.is_array()) {
        Json out = Json::array();
        out.get_ref<Json::array_t&>().reserve(value.size());
        for (const Json& e : value) {
            out.push_back(canonical(e, shape != nullptr ? shape->items : nullptr));
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

void write_canonical(const Json& value, const Shape* shape, std::string& out)
{
    switch (value.type()) {
    case Json::value_t::object: {
        out += '{';
        bool first = true;
        in_canonical_order(value, shape, [&](const std::string& key, const Json& member, const Shape* sub) {
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
            write_canonical(e, shape != nullptr ? shape->items : nullptr, out);
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

Json placeholder(const Json& schema_in)
{
    const Json& schema = resolve_ref(schema_in, embedded_schema());
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
        if (auto pattern = schema.find("pattern"); pattern != schema.end() && &schema == &embedded_schema().at("definitions").at("date")) {
            return "YYYY-MM-DD";
        }
        return "";
    }
    return nullptr;
}

} // namespace

Json canonicalise(const Json& record)
{
    return canonical(record, root_shape());
}

std::string canonical_text(const Json& record)
{
    std::string out;
    out.reserve(2048);
    write_canonical(record, root_shape(), out);
    return out;
}

std::string pretty_text(const Json& record)
{
    return record.dump(2) + "\n";
}

Json case_template()
{
    return placeholder(embedded_schema());
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

} // namespace casebook
