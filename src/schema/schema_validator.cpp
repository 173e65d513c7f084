// The schema check. The built-in schema (and any schema using only the same
// keywords) is compiled once into a tree of nodes that check records directly
// and explain problems in a researcher's words; other schemas go through valijson.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "util/i18n.hpp"
#include "util/countries.hpp"
#include "util/error.hpp"
#include "util/limits.hpp"
#include "json/numbers.hpp"
#include "util/pattern.hpp"
#include "util/quoting.hpp"
#include "schema/schema.hpp"
#include "util/sealed_text.hpp"
#include "schema/schema_validator.hpp"
#include "util/suggest.hpp"
#include "json/pointer_path.hpp"
#include "schema/valijson_re2.hpp"

namespace casebook {

namespace {

const std::set<std::string>& supported_keywords()
{
    static const std::set<std::string> k = {
        "$schema", "$id", "title", "description", "type", "properties", "required", "additionalProperties",
        "items", "enum", "const", "pattern", "minimum", "maximum", "minLength", "maxLength", "minItems",
        "maxItems", "uniqueItems", "$ref", "definitions", "default", "x-sensitive", "examples", "$comment"};
    return k;
}

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

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

bool is_alnum(char c)
{
    return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// date_pattern: YYYY, YYYY-MM (01-12) or YYYY-MM-DD (01-31).
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
    std::optional<Json> const_value;
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

// Keys whose values are data, not schemas: a "$ref" or "pattern" in them means nothing.
bool holds_data(const std::string& key)
{
    return key == "enum" || key == "const" || key == "default" || key == "examples";
}

// Checks what a schema asks for before any record is checked against it:
// every pattern (and patternProperties name) compiles in RE2, and no "$ref"
// leads back to itself, which would recurse without end when checking
// (a stack overflow). Throws Error(usage) naming the pattern or the cycle.
class SchemaVetting {
public:
    explicit SchemaVetting(const Json& root) : root_(root) { walk(root); }

private:
    void walk(const Json& node)
    {
        if (node.is_array()) {
            for (const Json& e : node) {
                walk(e);
            }
            return;
        }
        if (!node.is_object()) {
            return;
        }
        for (auto it = node.begin(); it != node.end(); ++it) {
            const std::string& key = it.key();
            if (holds_data(key)) {
                continue;
            }
            if (key == "pattern" && it.value().is_string()) {
                shared_pattern(it.value().get<std::string>());
            } else if (key == "patternProperties" && it.value().is_object()) {
                for (auto p = it.value().begin(); p != it.value().end(); ++p) {
                    shared_pattern(p.key());
                }
            } else if (key == "$ref" && it.value().is_string()) {
                follow(it.value().get<std::string>());
                continue;
            }
            walk(it.value());
        }
    }

    void follow(const std::string& ref)
    {
        if (ref.empty() || ref.front() != '#' || done_.count(ref) != 0) {
            return; // another document: valijson refuses what it cannot fetch
        }
        if (std::find(chain_.begin(), chain_.end(), ref) != chain_.end()) {
            std::string cycle;
            for (auto it = std::find(chain_.begin(), chain_.end(), ref); it != chain_.end(); ++it) {
                cycle += "\"" + shorten(*it) + "\" -> ";
            }
            throw Error(Exit::usage, say("the schema's $ref {}\"{}\" leads back to itself: casebook does not take "
                                                 "recursive schemas (checking would never end)",
                                                 cycle, shorten(ref)));
        }
        const Json* target = nullptr;
        try {
            const Json::json_pointer pointer(ref.substr(1));
            if (root_.contains(pointer)) {
                target = &root_.at(pointer);
            }
        } catch (const Json::exception&) {
        }
        if (target == nullptr) {
            throw Error(Exit::usage, say("the schema refers to {}, which it does not define", shorten(ref)));
        }
        chain_.push_back(ref);
        walk(*target);
        chain_.pop_back();
        done_.insert(ref);
    }

    const Json& root_;
    std::vector<std::string> chain_; // the $refs being followed, outermost first
    std::set<std::string> done_;     // $refs followed to the end without a cycle
};

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

} // namespace

class SchemaValidator::Impl {
public:
    explicit Impl(const Json& schema) : root_(schema)
    {
        if (!schema.is_object()) {
            throw Error(Exit::usage, tr("the schema must be a JSON object"));
        }
        [[maybe_unused]] const SchemaVetting vetted(schema); // throws before anything is compiled
        if (uses_only_supported(schema)) {
            try {
                root_node_ = compile(schema, "");
                compiled_ = true;
            } catch (const std::logic_error&) {
                nodes_.clear(); // a recursive $ref: leave it to valijson
            }
        }
        if (!compiled_) {
            compile_valijson(schema);
        }
    }

    void check(const Json& record, std::vector<Problem>& out) const
    {
        if (compiled_) {
            check_node(root_node_, record, PointerPath(""), out);
        } else {
            check_valijson(record, out);
        }
    }

private:
    static bool uses_only_supported(const Json& s)
    {
        if (s.is_array()) {
            return std::all_of(s.begin(), s.end(), [](const Json& e) { return uses_only_supported(e); });
        }
        if (!s.is_object()) {
            return true;
        }
        for (auto it = s.begin(); it != s.end(); ++it) {
            const std::string& k = it.key();
            if (supported_keywords().count(k) == 0) {
                return false;
            }
            if (k == "type" && !it.value().is_string()) {
                return false;
            }
            if (k == "items" && !it.value().is_object()) {
                return false;
            }
            if (k == "additionalProperties" && !(it.value().is_boolean())) {
                return false;
            }
            if (k == "$ref" && !(it.value().is_string() && it.value().get<std::string>().rfind("#/definitions/", 0) == 0)) {
                return false;
            }
            if (k == "properties" || k == "definitions") {
                for (auto p = it.value().begin(); p != it.value().end(); ++p) {
                    if (!uses_only_supported(p.value())) {
                        return false;
                    }
                }
            } else if (k == "items" && !uses_only_supported(it.value())) {
                return false;
            }
        }
        return true;
    }

    int compile(const Json& s, const std::string& kind)
    {
        if (auto ref = s.find("$ref"); ref != s.end()) {
            std::string name = ref->get<std::string>().substr(std::string("#/definitions/").size());
            int target = compile_definition(name);
            // Siblings of $ref are annotations only (draft-07): keep the description.
            if (auto d = s.find("description"); d != s.end() && d->is_string()) {
                int copy = static_cast<int>(nodes_.size());
                nodes_.push_back(nodes_[static_cast<std::size_t>(target)]);
                nodes_.back().description = d->get<std::string>();
                if (s.value("x-sensitive", false)) {
                    nodes_.back().sensitive = true;
                }
                return copy;
            }
            return target;
        }
        int index = static_cast<int>(nodes_.size());
        nodes_.emplace_back();
        Node n;
        n.kind = kind;
        if (auto t = s.find("type"); t != s.end()) {
            static const std::map<std::string, Type> types = {
                {"object", Type::object}, {"array", Type::array}, {"string", Type::string}, {"integer", Type::integer},
                {"number", Type::number}, {"boolean", Type::boolean}, {"null", Type::null}};
            auto found = types.find(t->get<std::string>());
            if (found == types.end()) {
                throw Error(Exit::usage, say("the schema names an unknown type \"{}\"", t->get<std::string>()));
            }
            n.type = found->second;
        }
        if (auto d = s.find("description"); d != s.end() && d->is_string()) {
            n.description = d->get<std::string>();
        }
        n.sensitive = s.value("x-sensitive", false);
        if (auto r = s.find("required"); r != s.end() && r->is_array()) {
            for (const Json& name : *r) {
                n.required.push_back(name.get<std::string>());
            }
        }
        n.closed = s.contains("additionalProperties") && !s["additionalProperties"].get<bool>();
        if (auto e = s.find("enum"); e != s.end() && e->is_array()) {
            for (const Json& v : *e) {
                n.enum_values.push_back(v);
                if (v.is_string()) {
                    n.enum_strings.insert(v.get<std::string>());
                    n.enum_list.push_back(v.get<std::string>());
                } else {
                    n.all_enum_strings = false;
                }
            }
        }
        if (auto c = s.find("const"); c != s.end()) {
            n.const_value = *c;
        }
        if (auto p = s.find("pattern"); p != s.end()) {
            n.pattern_text = p->get<std::string>();
            n.pattern = std::make_shared<const Pattern>(n.pattern_text); // throws Error(usage) for one RE2 cannot take
            if (n.pattern_text == date_pattern) {
                n.matcher = Matcher::date;
            } else if (n.pattern_text == case_id_pattern) {
                n.matcher = Matcher::case_id;
            } else if (n.pattern_text == researcher_pattern) {
                n.matcher = Matcher::researcher;
            } else if (n.pattern_text == tag_pattern) {
                n.matcher = Matcher::tag;
            }
        }
        auto number = [&](const char* key) -> std::optional<double> {
            if (auto v = s.find(key); v != s.end() && v->is_number()) {
                return v->get<double>();
            }
            return std::nullopt;
        };
        auto count = [&](const char* key) -> std::optional<std::size_t> {
            if (auto v = s.find(key); v != s.end() && v->is_number_unsigned()) {
                return v->get<std::size_t>();
            }
            return std::nullopt;
        };
        n.minimum = number("minimum");
        n.maximum = number("maximum");
        n.min_length = count("minLength");
        n.max_length = count("maxLength");
        n.min_items = count("minItems");
        n.max_items = count("maxItems");
        n.unique_items = s.value("uniqueItems", false);
        nodes_[static_cast<std::size_t>(index)] = n;
        if (auto props = s.find("properties"); props != s.end() && props->is_object()) {
            for (auto it = props->begin(); it != props->end(); ++it) {
                int child = compile(it.value(), "");
                Node& self = nodes_[static_cast<std::size_t>(index)];
                self.property_index[it.key()] = static_cast<int>(self.properties.size());
                self.properties.emplace_back(it.key(), child);
            }
        }
        if (auto items = s.find("items"); items != s.end()) {
            int child = compile(*items, "");
            nodes_[static_cast<std::size_t>(index)].items = child;
        }
        return index;
    }

    int compile_definition(const std::string& name)
    {
        if (auto done = definitions_.find(name); done != definitions_.end()) {
            if (done->second < 0) {
                throw std::logic_error("recursive $ref");
            }
            return done->second;
        }
        auto defs = root_.find("definitions");
        if (defs == root_.end() || !defs->contains(name)) {
            throw Error(Exit::usage, say("the schema refers to #/definitions/{}, which it does not define", name));
        }
        definitions_[name] = -1; // guards against $ref cycles
        int index = compile((*defs)[name], name);
        definitions_[name] = index;
        return index;
    }

    const Node& node(int i) const { return nodes_[static_cast<std::size_t>(i)]; }

    std::string enum_message(const Node& n, const Json& v) const
    {
        if (!v.is_string() || !n.all_enum_strings) {
            return say("{} is not one of the allowed values", shown(v));
        }
        const std::string given = v.get<std::string>();
        if (n.kind == "country") {
            std::string hint;
            if (find_country(upper(given)) != nullptr) {
                hint = say("; did you mean \"{}\"? (codes are upper case)", upper(given));
            } else if (auto code = country_code_for_name(given)) {
                hint = say("; did you mean \"{}\" ({})?", *code, country_name(*code));
            } else {
                auto close = closest_first(upper(given), n.enum_list);
                if (!close.empty()) {
                    hint = say("; did you mean \"{}\" ({})?", close[0], country_name(close[0]));
                }
            }
            return say("{} is not an ISO 3166-1 alpha-3 country code{}", shown(v), hint);
        }
        auto close = closest_first(given, n.enum_list);
        std::string what = n.kind.empty() ? std::string(tr("an allowed value")) : say("a valid {}", tr(humanize(n.kind).c_str()));
        return say("{} is not {}; did you mean \"{}\"? allowed: {}", shown(v), what, close[0],
                           join_quoted(close, 20));
    }

    void check_node(int index, const Json& v, const PointerPath& at, std::vector<Problem>& out) const
    {
        if (out.size() > max_problems_per_record) {
            return; // check_record says there were more
        }
        const Node& n = node(index);
        if (!type_matches(n.type, v)) {
            out.push_back({at.str(), "type", say("expected {}, found {}", type_name(n.type), found_name(v)), Severity::error});
            return;
        }
        if (n.const_value && v != *n.const_value) {
            out.push_back({at.str(), "const", say("must be {}", n.const_value->dump()), Severity::error});
        }
        if (!n.enum_values.empty()) {
            bool ok = v.is_string() && n.all_enum_strings
                          ? n.enum_strings.count(v.get_ref<const std::string&>()) != 0
                          : std::find(n.enum_values.begin(), n.enum_values.end(), v) != n.enum_values.end();
            if (!ok) {
                out.push_back({at.str(), "enum", n.sensitive ? std::string(tr("is not one of the allowed values")) : enum_message(n, v), Severity::error});
            }
        }
        switch (v.type()) {
        case Json::value_t::object: check_object(n, v, at, out); break;
        case Json::value_t::array: check_array(n, v, at, out); break;
        case Json::value_t::string: check_string(n, v, at, out); break;
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned:
        case Json::value_t::number_float: {
            double d = v.get<double>();
            if (n.minimum && d < *n.minimum) {
                out.push_back({at.str(), "minimum", say("{} is below the minimum, {}", n.sensitive ? std::string(tr("the value")) : v.dump(), *n.minimum), Severity::error});
            }
            if (n.maximum && d > *n.maximum) {
                out.push_back({at.str(), "maximum", say("{} is above the maximum, {}", n.sensitive ? std::string(tr("the value")) : v.dump(), *n.maximum), Severity::error});
            }
            break;
        }
        default: break;
        }
    }

    void check_object(const Node& n, const Json& v, const PointerPath& at, std::vector<Problem>& out) const
    {
        for (const std::string& name : n.required) {
            if (!v.contains(name)) {
                std::string what;
                if (auto p = n.property_index.find(name); p != n.property_index.end()) {
                    const Node& child = node(n.properties[static_cast<std::size_t>(p->second)].second);
                    if (!child.description.empty()) {
                        what = " (" + std::string(tr(child.description.c_str())) + ")";
                    }
                }
                out.push_back({at.str() + "/" + pointer_escape(name), "required",
                               say("required field \"{}\" is missing{}", name, what), Severity::error});
            }
        }
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (out.size() > max_problems_per_record) {
                return;
            }
            PointerPath child(at, it.key());
            auto p = n.property_index.find(it.key());
            if (p != n.property_index.end()) {
                check_node(n.properties[static_cast<std::size_t>(p->second)].second, it.value(), child, out);
            } else if (n.closed) {
                std::vector<std::string> names;
                for (const auto& prop : n.properties) {
                    names.push_back(prop.first);
                }
                std::string hint;
                auto close = closest_first(it.key(), names);
                std::string field = shorten(it.key());
                if (!close.empty()) {
                    hint = say("; did you mean \"{}\"? fields allowed here: {}", close[0], join_quoted(names, 30));
                }
                out.push_back({child.str(), "additional_property", say("unknown field \"{}\"{}", field, hint), Severity::error});
            }
        }
    }

    void check_array(const Node& n, const Json& v, const PointerPath& at, std::vector<Problem>& out) const
    {
        if (n.min_items && v.size() < *n.min_items) {
            out.push_back({at.str(), "min_items", say("needs at least {} entries, has {}", *n.min_items, v.size()), Severity::error});
        }
        if (n.max_items && v.size() > *n.max_items) {
            out.push_back({at.str(), "max_items", say("allows at most {} entries, has {}", *n.max_items, v.size()), Severity::error});
        }
        if (n.items >= 0) {
            for (std::size_t i = 0; i < v.size(); ++i) {
                check_node(n.items, v[i], PointerPath(at, i), out);
            }
        }
        if (n.unique_items) {
            // One pass with a hash of each entry's equality key: linear, where
            // comparing every pair took minutes for 300,000 tags.
            std::unordered_map<std::string, std::size_t> first_at;
            first_at.reserve(v.size());
            std::string key;
            for (std::size_t i = 0; i < v.size(); ++i) {
                key.clear();
                equality_key(v[i], key);
                auto [it, fresh] = first_at.try_emplace(key, i);
                if (!fresh) {
                    const std::string ptr = at.str();
                    out.push_back({ptr + "/" + std::to_string(i), "unique_items",
                                   say("{} is listed twice (also at {}/{}): list each value once",
                                               n.sensitive ? std::string(tr("this value")) : shown(v[i]), ptr, it->second),
                                   Severity::error});
                }
            }
        }
    }

    bool pattern_matches(const Node& n, const std::string& s) const
    {
        switch (n.matcher) {
        case Matcher::date: return matches_date_pattern(s);
        case Matcher::case_id: return matches_label(s, 64, "._-");
        case Matcher::researcher: return matches_label(s, 32, "._-");
        case Matcher::tag: return matches_label(s, 64, "._:-");
        case Matcher::regex: break;
        }
        return n.pattern->search(s);
    }

    void check_string(const Node& n, const Json& v, const PointerPath& at, std::vector<Problem>& out) const
    {
        const std::string& s = v.get_ref<const std::string&>();
        // A sealed value's length is not its text's, which was checked before
        // it was sealed (src/crypto/seal.hpp); a sealed value's pattern neither.
        if (n.sensitive && seal::is_sealed(s)) {
            return;
        }
        if (n.min_length || n.max_length) {
            std::size_t len = utf8_length(s);
            if (n.min_length && len < *n.min_length) {
                out.push_back({at.str(), "min_length", *n.min_length == 1 ? std::string(tr("must not be empty (leave the field out if it is not recorded)"))
                                                                     : say("must be at least {} characters long", *n.min_length), Severity::error});
            }
            if (n.max_length && len > *n.max_length) {
                out.push_back({at.str(), "max_length", say("is {} characters long; at most {} are allowed", len, *n.max_length), Severity::error});
            }
        }
        if (n.pattern && !pattern_matches(n, s)) {
            const std::string ptr = at.str();
            std::string value = n.sensitive ? std::string(tr("the value")) : shown(v);
            std::string message;
            if (n.kind == "date") {
                message = say("{} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2017, 2017-03 or 2017-03-09)", value);
            } else if (ptr == "/id") {
                message = say("{} is not a valid case id: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit", value);
            } else if (n.matcher == Matcher::researcher) {
                // The value is not repeated: what fails here is often a name.
                message = tr("is not a researcher code: 1 to 32 letters, digits, '.', '_' or '-', starting with a letter "
                             "or digit (e.g. R01), never a name or a phone number");
            } else if (n.matcher == Matcher::tag) {
                message = tr("is not a tag: 1 to 64 letters, digits, '.', '_', ':' or '-', starting with a letter or "
                             "digit; names and free text belong in notes");
            } else {
                message = say("{} does not match the pattern {}", value, shorten(n.pattern_text));
            }
            out.push_back({ptr, "pattern", message, Severity::error});
        }
    }

    void compile_valijson(const Json& schema)
    {
        plain_schema_ = nlohmann::json(schema);
        valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
        valijson::adapters::NlohmannJsonAdapter adapter(plain_schema_);
        try {
            parser.populateSchema(adapter, valijson_schema_);
        } catch (const std::exception& e) {
            throw Error(Exit::usage, say("the schema is not a usable draft-07 JSON Schema: {}", e.what()));
        }
    }

    static std::string context_to_pointer(const std::vector<std::string>& context)
    {
        // valijson context: "<root>", "[journey]", "[1]", ...
        std::string ptr;
        for (const std::string& part : context) {
            if (part == "<root>") {
                continue;
            }
            std::string token = part;
            if (token.size() >= 2 && token.front() == '[' && token.back() == ']') {
                token = token.substr(1, token.size() - 2);
            }
            if (token.size() >= 2 && token.front() == '"' && token.back() == '"') {
                token = token.substr(1, token.size() - 2);
            }
            ptr += "/" + pointer_escape(token);
        }
        return ptr;
    }

    void check_valijson(const Json& record, std::vector<Problem>& out) const
    {
        nlohmann::json plain(record);
        valijson::Validator validator;
        valijson::ValidationResults results;
        valijson::adapters::NlohmannJsonAdapter adapter(plain);
        if (validator.validate(valijson_schema_, adapter, &results)) {
            return;
        }
        const std::size_t before = out.size();
        std::vector<valijson::ValidationResults::Error> errors;
        valijson::ValidationResults::Error e;
        while (results.popError(e)) {
            errors.push_back(e);
        }
        // Fold the cascading "Failed to validate ..." parents into the errors under them.
        std::set<std::pair<std::string, std::string>> reported;
        for (const auto& err : errors) {
            // "Failed to validate against child schema #N" only announces the errors listed beside it.
            if (err.description.rfind("Failed to validate against child schema", 0) == 0) {
                continue;
            }
            bool parent = err.description.rfind("Failed to validate", 0) == 0;
            if (parent) {
                bool has_child = std::any_of(errors.begin(), errors.end(), [&](const auto& other) {
                    return &other != &err && other.context.size() > err.context.size() &&
                           std::equal(err.context.begin(), err.context.end(), other.context.begin());
                });
                if (has_child) {
                    continue;
                }
            }
            std::string pointer = context_to_pointer(err.context);
            if (reported.emplace(pointer, err.description).second) { // oneOf/anyOf repeat the same failure per branch
                out.push_back({pointer, "schema", err.description, Severity::error});
            }
        }
        if (out.size() == before) {
            // Some keywords (propertyNames) fail without a word: never call such a record valid.
            out.push_back({"", "schema", tr("does not match the schema"), Severity::error});
        }
    }

    const Json& root_;
    bool compiled_ = false;
    std::vector<Node> nodes_;
    std::map<std::string, int> definitions_;
    int root_node_ = 0;
    nlohmann::json plain_schema_;
    valijson::Schema valijson_schema_;
};

SchemaValidator::SchemaValidator(const Json& schema) : impl_(std::make_unique<Impl>(schema)) {}
SchemaValidator::~SchemaValidator() = default;
SchemaValidator::SchemaValidator(SchemaValidator&&) noexcept = default;
SchemaValidator& SchemaValidator::operator=(SchemaValidator&&) noexcept = default;

const SchemaValidator& SchemaValidator::builtin()
{
    static const SchemaValidator validator(embedded_schema());
    return validator;
}

void SchemaValidator::check(const Json& record, std::vector<Problem>& out) const
{
    impl_->check(record, out);
}

} // namespace casebook
