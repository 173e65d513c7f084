#include "input/mapping_target.hpp"

#include <algorithm>
#include <string_view>

#include "util/limits.hpp"
#include "util/quoting.hpp"
#include "input/mapping_spec.hpp"
#include "util/i18n.hpp"

namespace casebook::input {

namespace {

bool all_digits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

std::optional<std::string> set_field(Json& record, const Target& target, const Json& value)
{
    Json* at = &record;
    std::string path;
    for (const std::string& token : target.tokens) {
        bool index = all_digits(token) || token == "-";
        if (at->is_null()) {
            *at = index ? Json::array() : Json::object();
        }
        if (at->is_object()) {
            at = &(*at)[token];
            path += "/" + pointer_escape(token);
        } else if (at->is_array() && index) {
            std::size_t i = token == "-" ? at->size() : std::stoul(token);
            while (at->size() <= i) {
                at->push_back(nullptr);
            }
            at = &(*at)[i];
            path += "/" + std::to_string(i);
        } else {
            return std::nullopt;
        }
    }
    *at = value;
    return path;
}

void remove_field(Json& record, const Target& target)
{
    Json* parent = nullptr;
    Json* at = &record;
    for (const std::string& token : target.tokens) {
        parent = at;
        if (at->is_object() && at->contains(token)) {
            at = &(*at)[token];
        } else if (at->is_array() && all_digits(token) && std::stoul(token) < at->size()) {
            at = &(*at)[std::stoul(token)];
        } else {
            return;
        }
    }
    if (parent->is_object()) {
        parent->erase(target.tokens.back());
    } else {
        parent->erase(std::stoul(target.tokens.back()));
    }
}

Target make_target(const Json& v, const std::string& where)
{
    if (!v.is_string()) {
        bad_mapping(where, tr("a field must be named by a JSON Pointer string such as \"/origin/country\""));
    }
    std::string text = v.get<std::string>();
    if (text.empty() || text == "/") {
        bad_mapping(where, tr("a field pointer cannot name the whole record"));
    }
    if (text.front() != '/') {
        bad_mapping(where, say("\"{}\" is not a JSON Pointer (it must start with / as in \"/origin/country\")", text));
    }
    Target t{text, {}};
    std::size_t start = 1;
    for (;;) {
        std::size_t slash = text.find('/', start);
        std::string token = text.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        std::string unescaped;
        for (std::size_t i = 0; i < token.size(); ++i) {
            if (token[i] == '~') {
                if (i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
                    unescaped.push_back(token[i + 1] == '0' ? '~' : '/');
                    ++i;
                    continue;
                }
                bad_mapping(where, say("\"{}\" is not a JSON Pointer: ~ must be written ~0", text));
            }
            unescaped.push_back(token[i]);
        }
        if (unescaped.empty()) {
            bad_mapping(where, say("\"{}\" has an empty step", text));
        }
        // Filling /journey/100000000 would make a hundred million empty legs first.
        if (all_digits(unescaped) && (unescaped.size() > 4 || std::stoul(unescaped) >= max_mapped_index)) {
            bad_mapping(where, say("\"{}\": a list position in a mapping must be below {}", shorten(text), max_mapped_index));
        }
        t.tokens.push_back(std::move(unescaped));
        if (slash == std::string::npos) {
            break;
        }
        start = slash + 1;
    }
    return t;
}

} // namespace casebook::input
