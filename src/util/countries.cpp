#include "util/countries.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "util/i18n.hpp"

namespace casebook {

const std::vector<Country>& countries()
{
    static const std::vector<Country> table = {
#include "util/countries_data.inc"
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

namespace {

// Names people use that no catalog gives, folded (see folded()).
struct Alias {
    const char* folded;
    const char* code;
};
constexpr Alias aliases[] = {
    {"eeuu", "USA"}, {"eua", "USA"}, {"us", "USA"}, {"usa", "USA"}, {"estadosunidos", "USA"},
    {"unitedstates", "USA"}, {"america", "USA"}, {"gringolandia", "USA"}, {"uk", "GBR"},
    {"holanda", "NLD"}, {"inglaterra", "GBR"},
};

// Levenshtein distance between two short folded strings.
std::size_t distance(const std::string& a, const std::string& b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// Every name of a country, folded: codes, English names, the name in the chosen language.
std::vector<std::string> folded_names(const Country& c)
{
    std::vector<std::string> names = {folded(c.code), folded(c.alpha_2)};
    for (std::string_view n : {c.name, c.official_name, c.common_name}) {
        if (!n.empty()) {
            names.push_back(folded(n));
        }
    }
    names.push_back(folded(country_label(c.code)));
    return names;
}

} // namespace

std::optional<std::string_view> country_code_for_answer(std::string_view answer)
{
    const std::string key = folded(answer);
    if (key.empty()) {
        return std::nullopt;
    }
    for (const Alias& a : aliases) {
        if (key == a.folded) {
            return find_country(a.code)->code;
        }
    }
    for (const Country& c : countries()) {
        for (const std::string& name : folded_names(c)) {
            if (name == key) {
                return c.code;
            }
        }
    }
    return std::nullopt;
}

std::vector<std::string_view> countries_like(std::string_view answer, std::size_t limit)
{
    const std::string key = folded(answer);
    std::vector<std::pair<std::size_t, std::string_view>> scored;
    for (const Country& c : countries()) {
        std::size_t best = std::string::npos;
        for (const std::string& name : folded_names(c)) {
            if (name.size() < 2) {
                continue;
            }
            std::size_t d = distance(key, name);
            // Typing the start of a long name is close to it.
            if (key.size() >= 4 && name.rfind(key, 0) == 0) {
                d = 0;
            }
            best = std::min(best, d);
        }
        // Allow about one mistake in three letters.
        if (best <= std::max<std::size_t>(1, key.size() / 3)) {
            scored.emplace_back(best, c.code);
        }
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string_view> out;
    for (std::size_t i = 0; i < scored.size() && out.size() < limit; ++i) {
        out.push_back(scored[i].second);
    }
    return out;
}

std::string country_name(std::string_view code)
{
    return country_label(code);
}

} // namespace casebook
