#include "schema/schema.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "util/error.hpp"
#include "util/i18n.hpp"

namespace casebook {

const Json& embedded_schema()
{
    static const Json schema = [] {
        ParseResult parsed = parse_json(embedded_schema_text());
        if (!parsed.value) {
            throw Error(Exit::io, "the built-in schema does not parse: " + parsed.error.message);
        }
        return *parsed.value;
    }();
    return schema;
}

const Json& resolve_ref(const Json& node, const Json& schema)
{
    auto ref = node.find("$ref");
    if (ref == node.end() || !ref->is_string()) {
        return node;
    }
    const std::string& target = ref->get_ref<const std::string&>();
    if (target.rfind('#', 0) != 0) {
        return node;
    }
    try {
        return resolve_ref(schema.at(Json::json_pointer(target.substr(1))), schema);
    } catch (const nlohmann::json::exception&) {
        return node;
    }
}

bool refers_to_definition(const Json& node, std::string_view name)
{
    auto ref = node.find("$ref");
    if (ref == node.end() || !ref->is_string()) {
        return false;
    }
    const std::string& target = ref->get_ref<const std::string&>();
    const std::string suffix = "/definitions/" + std::string(name);
    return target.size() >= suffix.size() && target.compare(target.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool marked_x_sensitive(const Json& node)
{
    auto s = node.find("x-sensitive");
    return s != node.end() && s->is_boolean() && s->get<bool>();
}

Json load_schema_file(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        throw Error(Exit::io, say("cannot read schema {}: {}", path, std::strerror(errno)));
    }
    std::ostringstream buffer;
    buffer << f.rdbuf();
    std::string text = std::move(buffer).str();
    ParseResult parsed = parse_json(text);
    if (!parsed.value) {
        Position pos = position_at(text, parsed.error.offset);
        throw Error(Exit::usage, say("{}:{}:{}: the schema is not valid JSON: {}", path, pos.line, pos.column, parsed.error.message));
    }
    return *parsed.value;
}

bool is_sensitive_field(std::string_view pointer)
{
    const Json* node = &embedded_schema();
    std::size_t start = pointer.empty() ? std::string_view::npos : 1;
    while (node != nullptr && node->is_object()) {
        if (marked_x_sensitive(*node)) {
            return true;
        }
        node = &resolve_ref(*node, embedded_schema());
        if (marked_x_sensitive(*node)) {
            return true;
        }
        if (start == std::string_view::npos || start > pointer.size()) {
            return false;
        }
        std::size_t slash = pointer.find('/', start);
        std::string token(pointer.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
        start = slash == std::string_view::npos ? std::string_view::npos : slash + 1;
        for (std::size_t i = 0; (i = token.find('~', i)) != std::string::npos; ++i) {
            token.replace(i, 2, i + 1 < token.size() && token[i + 1] == '1' ? "/" : "~");
        }
        auto props = node->find("properties");
        auto items = node->find("items");
        if (props != node->end() && props->is_object() && props->contains(token)) {
            node = &(*props)[token];
        } else if (items != node->end() && items->is_object()) {
            node = &*items;
        } else {
            return false;
        }
    }
    return false;
}

} // namespace casebook
