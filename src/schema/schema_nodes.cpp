// The words and small checks of the compiled schema nodes (schema_nodes.hpp).
#include "schema/schema_nodes.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "util/i18n.hpp"
#include "util/quoting.hpp"
#include "json/numbers.hpp"

namespace casebook::schema_nodes {

namespace {

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

bool is_alnum(char c)
{
    return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}


} // namespace

bool matches_date_pattern(std::string_view s)
{
    if (s.size() != 4 && s.size() != 7 && s.size() != 10) {
        return false;
    }
    if (!is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[2]) || !is_digit(s[3])) {
        return false;
    }
    if (s.size() >= 7) {
        if (s[4] != '-' || !is_digit(s[5]) || !is_digit(s[6])) {
            return false;
        }
        int month = (s[5] - '0') * 10 + (s[6] - '0');
        if (month < 1 || month > 12) {
            return false;
        }
    }
    if (s.size() == 10) {
        if (s[7] != '-' || !is_digit(s[8]) || !is_digit(s[9])) {
            return false;
        }
        int day = (s[8] - '0') * 10 + (s[9] - '0');
        if (day < 1 || day > 31) {
            return false;
        }
    }
    return true;
}

// case_id_pattern, researcher_pattern and tag_pattern: 1 to `longest` letters,
// digits and `marks`, the first a letter or digit.
bool matches_label(std::string_view s, std::size_t longest, std::string_view marks)
{
    if (s.empty() || s.size() > longest || !is_alnum(s[0])) {
        return false;
    }
    for (char c : s.substr(1)) {
        if (!is_alnum(c) && marks.find(c) == std::string_view::npos) {
            return false;
        }
    }
    return true;
}

std::string type_name(Type t)
{
    switch (t) {
    case Type::object: return tr("an object");
    case Type::array: return tr("a list (array)");
    case Type::string: return tr("text (a string in double quotes)");
    case Type::integer: return tr("a whole number");
    case Type::number: return tr("a number");
    case Type::boolean: return tr("true or false");
    case Type::null: return tr("null");
    default: return tr("a value");
    }
}

std::string found_name(const Json& v)
{
    switch (v.type()) {
    case Json::value_t::object: return tr("an object");
    case Json::value_t::array: return tr("a list");
    case Json::value_t::string: return tr("a string");
    case Json::value_t::boolean: return tr("true/false");
    case Json::value_t::null: return tr("null");
    case Json::value_t::number_float: return tr("a decimal number");
    default: return tr("a number");
    }
}

bool type_matches(Type t, const Json& v)
{
    switch (t) {
    case Type::any: return true;
    case Type::object: return v.is_object();
    case Type::array: return v.is_array();
    case Type::string: return v.is_string();
    case Type::integer:
        return v.is_number_integer() || (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>());
    case Type::number: return v.is_number();
    case Type::boolean: return v.is_boolean();
    case Type::null: return v.is_null();
    }
    return false;
}

// Appends a text that two JSON values share exactly when JSON Schema counts
// them equal: object members in key order, 1 and 1.0 the same number.
void equality_key(const Json& v, std::string& out)
{
    switch (v.type()) {
    case Json::value_t::object: {
        std::vector<const std::pair<const std::string, Json>*> members;
        for (const auto& m : v.get_ref<const Json::object_t&>()) {
            members.push_back(&m);
        }
        std::sort(members.begin(), members.end(), [](auto* a, auto* b) { return a->first < b->first; });
        out += '{';
        for (auto* m : members) {
            out += Json(m->first).dump();
            out += ':';
            equality_key(m->second, out);
            out += ',';
        }
        out += '}';
        return;
    }
    case Json::value_t::array:
        out += '[';
        for (const Json& e : v) {
            equality_key(e, out);
            out += ',';
        }
        out += ']';
        return;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
        if (auto whole = whole_number(v)) {
            out += std::to_string(*whole);
        } else {
            out += v.dump();
        }
        return;
    default:
        out += v.dump();
        return;
    }
}

// A value as it may appear in a message: short, quoted, never a sensitive one.
std::string shown(const Json& v)
{
    return v.is_string() ? "\"" + shorten(v.get_ref<const std::string&>()) + "\"" : shorten(v.dump());
}

std::string humanize(std::string s)
{
    std::replace(s.begin(), s.end(), '_', ' ');
    return s;
}

std::size_t utf8_length(const std::string& s)
{
    std::size_t n = 0;
    for (unsigned char c : s) {
        if ((c & 0xC0) != 0x80) {
            ++n;
        }
    }
    return n;
}

std::string upper(std::string s)
{
    for (char& c : s) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return s;
}

std::string join_quoted(const std::vector<std::string>& v, std::size_t limit)
{
    std::string out;
    for (std::size_t i = 0; i < v.size() && i < limit; ++i) {
        out += (i ? ", " : "") + v[i];
    }
    if (v.size() > limit) {
        out += say(", ... ({} in all)", v.size());
    }
    return out;
}

} // namespace casebook::schema_nodes
