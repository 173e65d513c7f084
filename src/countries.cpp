#include "casebook/countries.hpp"

#include <algorithm>
#include <cctype>

namespace casebook {

const std::vector<Country>& countries()
{
    static const std::vector<Country> table = {
#include "countries_data.inc"
    };
    return table;
}

const Country* find_country(std::string_view code)
{
    const auto& all = countries();
    auto it = std::lower_bound(all.begin(), all.end(), code, [](const Country& c, std::string_view v) { return c.code < v; });
    if (it != all.end() && it->code == code) {
        return &*it;
    }
    return nullptr;
}

namespace {
bool iequal(std::string_view a, std::string_view b)
{
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}
} // namespace

std::optional<std::string_view> country_code_for_name(std::string_view name)
{
    for (const Country& c : countries()) {
        if (iequal(c.name, name) || (!c.official_name.empty() && iequal(c.official_name, name)) ||
            (!c.common_name.empty() && iequal(c.common_name, name))) {
            return c.code;
        }
    }
    return std::nullopt;
}

std::string country_name(std::string_view code)
{
    const Country* c = find_country(code);
    if (c == nullptr) {
        return std::string(code);
    }
    return std::string(c->common_name.empty() ? c->name : c->common_name);
}

} // namespace casebook
