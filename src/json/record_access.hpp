// Read-only access to fields of a case record that may be partial or wrongly
// shaped (drafts, records that failed validation): a missing or mistyped field
// reads as absent, never throws. Internal to the library.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.hpp"
#include "json/numbers.hpp"

namespace casebook::access {

// obj[key] when obj is an object that has it, else nullptr.
inline const Json* member(const Json* obj, std::string_view key)
{
    if (obj == nullptr || !obj->is_object()) {
        return nullptr;
    }
    auto it = obj->find(key);
    return it == obj->end() ? nullptr : &*it;
}

// The value at a path of keys ("after_return", "harms"), or nullptr.
inline const Json* at(const Json& obj, std::initializer_list<std::string_view> path)
{
    const Json* v = &obj;
    for (std::string_view key : path) {
        v = member(v, key);
    }
    return v;
}

// The elements of an array (empty when v is absent or not an array).
inline const std::vector<Json>& elements(const Json* v)
{
    static const std::vector<Json> none;
    return v != nullptr && v->is_array() ? v->get_ref<const Json::array_t&>() : none;
}

// The string at obj[key], if it is one.
inline std::optional<std::string> text(const Json* obj, std::string_view key)
{
    const Json* v = member(obj, key);
    if (v == nullptr || !v->is_string()) {
        return std::nullopt;
    }
    return v->get<std::string>();
}

// True when obj[key] is the boolean `want`.
inline bool flag_is(const Json* obj, std::string_view key, bool want)
{
    const Json* v = member(obj, key);
    return v != nullptr && v->is_boolean() && v->get<bool>() == want;
}

// True when obj[key] is the string `want`.
inline bool text_is(const Json* obj, std::string_view key, std::string_view want)
{
    const Json* v = member(obj, key);
    return v != nullptr && v->is_string() && v->get_ref<const std::string&>() == want;
}

// The strings of an array of strings (others skipped).
inline std::vector<std::string> strings(const Json* v)
{
    std::vector<std::string> out;
    for (const Json& e : elements(v)) {
        if (e.is_string()) {
            out.push_back(e.get<std::string>());
        }
    }
    return out;
}

// True when the array v holds the string `want`.
inline bool contains(const Json* v, std::string_view want)
{
    for (const Json& e : elements(v)) {
        if (e.is_string() && e.get_ref<const std::string&>() == want) {
            return true;
        }
    }
    return false;
}

// True when value is one of `set`.
inline bool one_of(std::string_view value, const std::vector<std::string_view>& set)
{
    return std::find(set.begin(), set.end(), value) != set.end();
}

// The whole number at obj[key], if it is one the schema accepts as an integer (16 or 16.0).
inline std::optional<long long> integer(const Json* obj, std::string_view key)
{
    const Json* v = member(obj, key);
    return v == nullptr ? std::nullopt : whole_number(*v);
}

} // namespace casebook::access
