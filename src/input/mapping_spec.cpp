#include "input/mapping_spec.hpp"

#include <cctype>

#include "util/error.hpp"
#include "util/i18n.hpp"

namespace casebook::input {

std::string_view trim(std::string_view s)
{
    const char* space = " \t\r\n";
    std::size_t b = s.find_first_not_of(space);
    if (b == std::string_view::npos) {
        return {};
    }
    std::size_t e = s.find_last_not_of(space);
    return s.substr(b, e - b + 1);
}

std::string fold(std::string_view s)
{
    std::string out(trim(s));
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string fold_marker(std::string_view s)
{
    std::string out;
    for (char c : s) {
        if (!std::isspace(static_cast<unsigned char>(c))) {
            out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        }
    }
    return out;
}

[[noreturn]] void bad_mapping(const std::string& where, const std::string& what)
{
    throw Error(Exit::usage, say("mapping {}: {}", where.empty() ? "(top level)" : where, what));
}

} // namespace casebook::input
