// Reading lists of the record being built (interview_sources.hpp).
#include "ops/interview_sources.hpp"

#include <algorithm>

namespace casebook::ops::interview {

std::vector<std::string> string_members(const Json& doc, const std::string& list_pointer, const std::string& key)
{
    std::vector<std::string> out;
    const Json::json_pointer p(list_pointer);
    if (!doc.contains(p) || !doc.at(p).is_array()) {
        return out;
    }
    for (const Json& item : doc.at(p)) {
        auto v = item.is_object() ? item.find(key) : item.end();
        if (item.is_object() && v != item.end() && v->is_string()) {
            out.push_back(v->get<std::string>());
        }
    }
    return out;
}

std::optional<std::string> last_string(const Json& doc, const std::string& list_pointer, const std::string& key)
{
    std::vector<std::string> all = string_members(doc, list_pointer, key);
    if (all.empty()) {
        return std::nullopt;
    }
    return all.back();
}

std::vector<std::string> cited_sources(const Json& doc)
{
    std::vector<std::string> out;
    const Json::json_pointer p("/after_return/harms");
    if (!doc.contains(p) || !doc.at(p).is_array()) {
        return out;
    }
    for (const Json& harm : doc.at(p)) {
        if (!harm.is_object() || !harm.contains("sources") || !harm.at("sources").is_array()) {
            continue;
        }
        for (const Json& s : harm.at("sources")) {
            if (s.is_string() && std::find(out.begin(), out.end(), s.get<std::string>()) == out.end()) {
                out.push_back(s.get<std::string>());
            }
        }
    }
    return out;
}

} // namespace casebook::ops::interview
