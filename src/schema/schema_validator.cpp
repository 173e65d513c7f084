// The schema check. The built-in schema (and any schema using only the same
// keywords) is read into a schema::Model, whose nodes are compiled once into
// checks of records that explain problems in a researcher's words; other
// schemas go through valijson.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "util/i18n.hpp"
#include "util/countries.hpp"
#include "util/error.hpp"
#include "util/limits.hpp"
#include "json/numbers.hpp"
#include "util/pattern.hpp"
#include "util/quoting.hpp"
#include "schema/schema.hpp"
#include "util/sealed_text.hpp"
#include "schema/schema_model.hpp"
#include "schema/schema_nodes.hpp"
#include "schema/schema_uri.hpp"
#include "schema/schema_valijson.hpp"
#include "schema/schema_validator.hpp"
#include "schema/schema_vetting.hpp"
#include "util/suggest.hpp"
#include "json/pointer_path.hpp"

namespace casebook {

using namespace schema_nodes;

namespace {

const std::set<std::string>& supported_keywords()
{
    static const std::set<std::string> k = {
        "$schema", "$id", "title", "description", "type", "properties", "required", "additionalProperties",
        "items", "enum", "const", "pattern", "minimum", "maximum", "minLength", "maxLength", "minItems",
        "maxItems", "uniqueItems", "$ref", "definitions", "default", "x-sensitive", "examples", "$comment"};
    return k;
}

} // namespace

class SchemaValidator::Impl {
public:
    Impl(const Json& schema, const SchemaDocuments& others) : documents_(absolutised(schema, others)), root_(documents_.at(""))
    {
        vet_schema(documents_); // throws before anything is compiled
        if (uses_only_supported(root_)) {
            try {
                const schema::Model model(root_);
                root_node_ = compile(model.root());
                compiled_ = true;
            } catch (const std::logic_error&) {
                nodes_.clear(); // a recursive $ref: leave it to valijson
            }
        }
        if (!compiled_) {
            valijson_ = std::make_unique<ValijsonSchema>(documents_);
        }
    }

    void check(const Json& record, std::vector<Problem>& out) const
    {
        if (compiled_) {
            check_node(root_node_, record, PointerPath(""), out);
        } else {
            valijson_->check(record, out);
        }
    }

private:
    // The schema as document "" and the others by URI (the draft-07 meta-schema
    // among them), each "$ref" local or absolute.
    static SchemaDocuments absolutised(const Json& schema, const SchemaDocuments& others)
    {
        if (!schema.is_object() && !schema.is_boolean()) {
            throw Error(Exit::usage, tr("the schema must be a JSON object (or true or false)"));
        }
        SchemaDocuments documents;
        for (const auto& [uri, document] : others) {
            Json& copy = documents[without_fragment(uri)] = document;
            absolutise_refs(copy, without_fragment(uri));
        }
        const std::string meta_uri(meta_schema_uri);
        if (documents.count(meta_uri) == 0) {
            static const Json meta = Json::parse(embedded_meta_schema_text());
            absolutise_refs(documents[meta_uri] = meta, meta_uri);
        }
        absolutise_refs(documents[""] = schema, "");
        return documents;
    }

    // Whether a schema is an object using only the keywords the nodes check,
    // its "$ref"s each "#/definitions/<name>" and its subschemas objects too.
    static bool uses_only_supported(const Json& s)
    {
        if (!s.is_object()) {
            return false; // a boolean schema
        }
        for (auto it = s.begin(); it != s.end(); ++it) {
            const std::string& k = it.key();
            const Json& v = it.value();
            if (supported_keywords().count(k) == 0 || (k == "type" && !v.is_string()) ||
                (k == "additionalProperties" && !v.is_boolean()) || (k == "items" && !uses_only_supported(v))) {
                return false;
            }
            if (k == "$ref") {
                const std::string prefix = "#/definitions/";
                const std::string ref = v.is_string() ? v.get<std::string>() : "";
                if (ref.rfind(prefix, 0) != 0 || ref.find_first_of("/~%", prefix.size()) != std::string::npos) {
                    return false;
                }
            }
            if (k == "properties" || k == "definitions") {
                if (!v.is_object()) {
                    return false;
                }
                for (auto p = v.begin(); p != v.end(); ++p) {
                    if (!uses_only_supported(p.value())) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    // The checks of a place of the schema's model. A place that says "$ref"
    // checks what its definition checks (sharing the definition's node unless
    // it gives a description or sensitivity of its own).
    int compile(const schema::Node& s)
    {
        if (s.dangling) {
            throw std::logic_error("unresolved $ref"); // vetting refuses these; valijson has the last word
        }
        if (s.ref != nullptr) {
            const int target = compile_definition(*s.ref);
            const Node& definition = node(target);
            if (s.description == definition.description && s.sensitive == definition.sensitive) {
                return target;
            }
            const int copy = static_cast<int>(nodes_.size());
            nodes_.push_back(definition);
            nodes_.back().description = s.description;
            nodes_.back().sensitive = s.sensitive;
            return copy;
        }
        return compile_fields(s, "");
    }

    // A definition's checks, compiled once; its name is the kind of value messages name.
    int compile_definition(const schema::Node& definition)
    {
        if (auto done = definitions_.find(&definition); done != definitions_.end()) {
            if (done->second < 0) {
                throw std::logic_error("recursive $ref");
            }
            return done->second;
        }
        constexpr std::string_view prefix = "/definitions/";
        const std::string kind = definition.pointer.rfind(prefix, 0) == 0 ? definition.pointer.substr(prefix.size()) : "";
        definitions_[&definition] = -1; // guards against $ref cycles
        const int index = compile_fields(definition, kind);
        definitions_[&definition] = index;
        return index;
    }

    int compile_fields(const schema::Node& s, const std::string& kind)
    {
        const int index = static_cast<int>(nodes_.size());
        nodes_.emplace_back();
        Node n;
        n.kind = kind;
        if (!s.type.empty()) {
            static const std::map<std::string, Type> types = {
                {"object", Type::object}, {"array", Type::array}, {"string", Type::string}, {"integer", Type::integer},
                {"number", Type::number}, {"boolean", Type::boolean}, {"null", Type::null}};
            auto found = types.find(s.type);
            if (found == types.end()) {
                throw Error(Exit::usage, say("the schema names an unknown type \"{}\"", s.type));
            }
            n.type = found->second;
        }
        n.description = s.description;
        n.sensitive = s.sensitive;
        n.required = s.required;
        n.closed = s.closed;
        if (s.choices) {
            for (const Json& v : s.allowed) {
                n.enum_values.push_back(v);
                std::string key;
                equality_key(v, key);
                n.enum_keys.insert(key);
                if (v.is_string()) {
                    n.enum_strings.insert(v.get<std::string>());
                    n.enum_list.push_back(v.get<std::string>());
                } else {
                    n.all_enum_strings = false;
                }
            }
        }
        if (s.constant) {
            n.const_value = *s.constant;
            equality_key(*s.constant, n.const_key);
        }
        if (s.pattern) {
            n.pattern_text = *s.pattern;
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
        n.minimum = s.minimum;
        n.maximum = s.maximum;
        n.min_length = s.min_length;
        n.max_length = s.max_length;
        n.min_items = s.min_items;
        n.max_items = s.max_items;
        n.unique_items = s.unique_items;
        nodes_[static_cast<std::size_t>(index)] = n;
        for (const auto& [name, property] : s.properties) {
            const int child = compile(*property);
            Node& self = nodes_[static_cast<std::size_t>(index)];
            self.property_index[name] = static_cast<int>(self.properties.size());
            self.properties.emplace_back(name, child);
        }
        if (s.items != nullptr) {
            const int child = compile(*s.items);
            nodes_[static_cast<std::size_t>(index)].items = child;
        }
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
        std::string key; // v's equality key, when an enum or const needs it
        if (n.const_value || (!n.enum_values.empty() && !(v.is_string() && n.all_enum_strings))) {
            equality_key(v, key);
        }
        if (n.const_value && key != n.const_key) {
            out.push_back({at.str(), "const", say("must be {}", n.const_value->dump()), Severity::error});
        }
        if (!n.enum_values.empty()) {
            bool ok = v.is_string() && n.all_enum_strings
                          ? n.enum_strings.count(v.get_ref<const std::string&>()) != 0
                          : n.enum_keys.count(key) != 0;
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

    SchemaDocuments documents_;
    const Json& root_;
    bool compiled_ = false;
    std::vector<Node> nodes_;
    std::unordered_map<const schema::Node*, int> definitions_; // compiled definitions (-1: being compiled)
    int root_node_ = 0;
    std::unique_ptr<ValijsonSchema> valijson_;
};

SchemaValidator::SchemaValidator(const Json& schema, const std::map<std::string, Json>& documents)
    : impl_(std::make_unique<Impl>(schema, documents))
{
}
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
