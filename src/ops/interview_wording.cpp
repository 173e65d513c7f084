// The interview's words for questions and answers (interview_wording.hpp).
#include "ops/interview_wording.hpp"

#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "schema/schema_nodes.hpp"
#include "util/i18n.hpp"

namespace casebook::ops::interview {

namespace {

// Values separated by ", ".
std::string joined(const std::vector<std::string>& values)
{
    std::string out;
    for (const std::string& v : values) {
        out += (out.empty() ? "" : ", ") + v;
    }
    return out;
}

} // namespace

std::string label_of(const std::string& key)
{
    std::string t = key;
    for (char& c : t) {
        c = c == '_' ? ' ' : c;
    }
    return t;
}

std::string capitalised(std::string t)
{
    static const std::pair<std::string_view, std::string_view> accented[] = {
        {"á", "Á"}, {"é", "É"}, {"í", "Í"}, {"ó", "Ó"}, {"ú", "Ú"}, {"ñ", "Ñ"}};
    if (!t.empty() && t[0] >= 'a' && t[0] <= 'z') {
        t[0] = static_cast<char>(t[0] - 'a' + 'A');
    }
    for (const auto& [lower, upper] : accented) {
        if (t.rfind(lower, 0) == 0) {
            t.replace(0, lower.size(), upper);
        }
    }
    return t;
}

std::string title_of(const std::string& key)
{
    return capitalised(tr(label_of(key).c_str()));
}

std::string item_noun(const std::string& key)
{
    if (key == "journey") {
        return "journey leg";
    }
    std::string noun = label_of(key);
    if (noun.size() > 1 && noun.back() == 's') {
        noun.pop_back();
    }
    return noun;
}

std::string with_article(const std::string& noun)
{
    bool vowel = !noun.empty() && std::string_view("aeiou").find(noun[0]) != std::string_view::npos;
    return (vowel ? "an " : "a ") + noun;
}

std::string shown(const Field& f, const Json& v, bool show_sensitive)
{
    if (f.sensitive && !show_sensitive) {
        return v.is_string() ? say("(sensitive, {} characters)", schema_nodes::utf8_length(v.get<std::string>())) : tr("(sensitive)");
    }
    if (v.is_boolean()) {
        return v.get<bool>() ? tr("yes") : tr("no");
    }
    if (v.is_string()) {
        const std::string s = v.get<std::string>();
        if (f.kind == Kind::country) {
            return fmt::format("{} ({})", s, country_label(s));
        }
        if (f.kind == Kind::choice && language() != "en") {
            return fmt::format("{} ({})", s, value_label(s));
        }
        return s;
    }
    if (v.is_array()) {
        std::vector<std::string> items;
        for (const Json& x : v) {
            std::string item = x.is_string() ? x.get<std::string>() : x.dump();
            if (f.kind == Kind::choice_list && language() != "en") {
                item = fmt::format("{} ({})", item, value_label(item));
            }
            items.push_back(item);
        }
        return joined(items);
    }
    return v.dump();
}

std::string typed(const Json& v)
{
    if (v.is_boolean()) {
        return v.get<bool>() ? "y" : "n";
    }
    if (v.is_string()) {
        return v.get<std::string>();
    }
    if (v.is_array()) {
        std::vector<std::string> items;
        for (const Json& x : v) {
            items.push_back(x.is_string() ? x.get<std::string>() : x.dump());
        }
        return joined(items);
    }
    return v.dump();
}

} // namespace casebook::ops::interview
