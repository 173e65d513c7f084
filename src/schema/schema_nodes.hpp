// The nodes the built-in schema (and any schema using only its keywords) is
// compiled to, and the words their checks use (schema_validator.cpp).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "json/json.hpp"
#include "util/pattern.hpp"

namespace casebook::schema_nodes {

enum class Type { any, object, array, string, integer, number, boolean, null };

// How a pattern is checked. The built-in schema's patterns (dates, case ids,
// researcher codes and tags) are recognised when compiled and checked by
// hand-written matchers that give the regex's verdict without running one per
// value; any other pattern goes through RE2 (casebook/pattern.hpp).
enum class Matcher { regex, date, case_id, researcher, tag };

constexpr std::string_view date_pattern = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$";
constexpr std::string_view case_id_pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";
constexpr std::string_view researcher_pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$";
constexpr std::string_view tag_pattern = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$";

// date_pattern: YYYY, YYYY-MM (01-12) or YYYY-MM-DD (01-31).
bool matches_date_pattern(std::string_view s);

// case_id_pattern, researcher_pattern and tag_pattern: 1 to `longest` letters,
// digits and `marks`, the first a letter or digit.
bool matches_label(std::string_view s, std::size_t longest, std::string_view marks);

struct Node {
    Type type = Type::any;
    std::vector<std::pair<std::string, int>> properties; // in schema order
    std::unordered_map<std::string, int> property_index;
    std::vector<std::string> required;
    bool closed = false; // additionalProperties: false
    int items = -1;
    std::vector<Json> enum_values;
    std::unordered_set<std::string> enum_strings;
    std::vector<std::string> enum_list;
    bool all_enum_strings = true;
    std::unordered_set<std::string> enum_keys; // equality_key of each value
    std::optional<Json> const_value;
    std::string const_key;
    std::shared_ptr<const Pattern> pattern;
    Matcher matcher = Matcher::regex;
    std::string pattern_text;
    std::optional<double> minimum, maximum;
    std::optional<std::size_t> min_length, max_length, min_items, max_items;
    bool unique_items = false;
    bool sensitive = false;
    std::string description;
    std::string kind; // definition name ("country", "return_mechanism"), for messages
};

// A type as a researcher reads it ("a whole number").
std::string type_name(Type t);

// The type a value has, in the same words ("a decimal number").
std::string found_name(const Json& v);

// Whether a value is of a type ("integer" takes 1.0).
bool type_matches(Type t, const Json& v);

// Appends a text that two JSON values share exactly when JSON Schema counts
// them equal: object members in key order, 1 and 1.0 the same number.
void equality_key(const Json& v, std::string& out);

// A value as it may appear in a message: short, quoted, never a sensitive one.
std::string shown(const Json& v);

// A definition name as words: "return_mechanism" is "return mechanism".
std::string humanize(std::string s);

// The number of characters (code points) of UTF-8 text.
std::size_t utf8_length(const std::string& s);

// ASCII letters in upper case.
std::string upper(std::string s);

// The first `limit` values, comma-separated, and how many there are in all when there are more.
std::string join_quoted(const std::vector<std::string>& v, std::size_t limit);

} // namespace casebook::schema_nodes
