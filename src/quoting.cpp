#include "casebook/quoting.hpp"

#include "casebook/json.hpp"
#include "casebook/schema.hpp"

namespace casebook {

namespace {

std::size_t characters(std::string_view text)
{
    std::size_t n = 0;
    for (char c : text) {
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return n;
}

} // namespace

std::string shorten(std::string_view text)
{
    if (characters(text) <= max_quoted_chars) {
        return std::string(text);
    }
    // Cut at a character boundary, keeping room for the "...".
    std::size_t kept = 0;
    std::size_t cut = 0;
    while (cut < text.size()) {
        if ((static_cast<unsigned char>(text[cut]) & 0xC0) != 0x80) {
            if (kept == max_quoted_chars - 3) {
                break;
            }
            ++kept;
        }
        ++cut;
    }
    return std::string(text.substr(0, cut)) + "...";
}

std::string sensitive_placeholder(std::string_view text)
{
    std::size_t n = characters(text);
    return "(sensitive value, " + std::to_string(n) + (n == 1 ? " character)" : " characters)");
}

namespace {

bool marked_sensitive(const Json& node)
{
    auto s = node.find("x-sensitive");
    return s != node.end() && s->is_boolean() && s->get<bool>();
}

// node with "$ref": "#/definitions/x" followed (the form the case schema uses).
const Json* resolved(const Json* node)
{
    for (int hops = 0; hops < 16 && node->is_object(); ++hops) {
        auto ref = node->find("$ref");
        const std::string prefix = "#/definitions/";
        if (ref == node->end() || !ref->is_string() || ref->get_ref<const std::string&>().rfind(prefix, 0) != 0) {
            break;
        }
        const Json& defs = embedded_schema().at("definitions");
        auto target = defs.find(ref->get_ref<const std::string&>().substr(prefix.size()));
        if (target == defs.end()) {
            break;
        }
        if (marked_sensitive(*node)) {
            return node; // the mark beside the $ref is what matters
        }
        node = &*target;
    }
    return node;
}

} // namespace

bool is_sensitive_field(std::string_view pointer)
{
    const Json* node = &embedded_schema();
    std::size_t start = pointer.empty() ? std::string_view::npos : 1;
    while (node != nullptr && node->is_object()) {
        if (marked_sensitive(*node)) {
            return true;
        }
        node = resolved(node);
        if (marked_sensitive(*node)) {
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
