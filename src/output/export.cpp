#include "output/export.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "util/error.hpp"
#include "schema/schema_model.hpp"
#include "util/i18n.hpp"

namespace casebook::output {

namespace {

std::string coarsened(const std::string& date, DatePrecision dates)
{
    // "2017-03-09": the year is 4 characters, the month 7.
    std::size_t keep = dates == DatePrecision::year ? 4 : dates == DatePrecision::month ? 7 : date.size();
    return date.substr(0, std::min(keep, date.size()));
}

// Whether value has the type the schema node gives (any, when it gives none).
bool has_schema_type(const Json& value, const schema::Node& node)
{
    const std::string& t = node.type;
    return t.empty() || (t == "object" && value.is_object()) || (t == "array" && value.is_array()) ||
           (t == "string" && value.is_string()) || (t == "boolean" && value.is_boolean()) ||
           (t == "integer" && value.is_number_integer()) || (t == "number" && value.is_number()) ||
           (t == "null" && value.is_null());
}

// The allowed part of value, which the schema node describes; nullopt when
// nothing of it may be shared (not of the schema's type, or an object or
// array the schema does not describe).
std::optional<Json> allowed(const Json& value, const schema::Node& node, DatePrecision dates)
{
    if (!has_schema_type(value, node)) {
        return std::nullopt;
    }
    if (value.is_object()) {
        if (node.properties.empty()) {
            return std::nullopt;
        }
        Json out = Json::object();
        for (const auto& [key, v] : value.items()) {
            const schema::Node* prop = node.property(key);
            if (prop == nullptr || prop->sensitive) {
                continue;
            }
            if (auto kept = allowed(v, *prop, dates)) {
                out[key] = std::move(*kept);
            }
        }
        return out;
    }
    if (value.is_array()) {
        if (node.items == nullptr) {
            return std::nullopt;
        }
        Json out = Json::array();
        for (const Json& v : value) {
            if (auto kept = allowed(v, *node.items, dates)) {
                out.push_back(std::move(*kept));
            }
        }
        return out;
    }
    if (value.is_string() && node.definition == "date") {
        return Json(coarsened(value.get<std::string>(), dates));
    }
    return value;
}

std::string scalar_text(const Json& v)
{
    if (v.is_string()) {
        return v.get<std::string>();
    }
    if (v.is_boolean()) {
        return v.get<bool>() ? "true" : "false";
    }
    if (v.is_null()) {
        return "";
    }
    return v.dump();
}

} // namespace

DatePrecision parse_date_precision(std::string_view text)
{
    if (text == "day") {
        return DatePrecision::day;
    }
    if (text == "month") {
        return DatePrecision::month;
    }
    if (text == "year") {
        return DatePrecision::year;
    }
    throw Error(Exit::usage, say("--dates \"{}\": say day, month or year", text));
}

Json redact(const Json& record, DatePrecision dates)
{
    return allowed(record, schema::case_model().root(), dates).value_or(Json::object());
}

RecordRelease::RecordRelease(record::Output output, bool status_asked, DatePrecision dates)
    : output_(output), status_asked_(status_asked), dates_(dates)
{
}

std::optional<Json> RecordRelease::release(const Json& stored)
{
    if (auto why = casebook::record::left_out(output_, stored, status_asked_)) {
        left_.add(*why);
        return std::nullopt;
    }
    if (output_ == record::Output::shared_records) {
        return redact(stored, dates_);
    }
    return stored;
}

// One field of the layout: a column, a list column, an object or an array of objects.
struct CsvLayout::Node {
    enum class Kind { value, list, object, objects };
    std::string name;
    Kind kind = Kind::value;
    std::string key; // "journey", "after_return.harms": for the width of an array of objects
    std::vector<Node> children;
};

namespace {

using Node = CsvLayout::Node;

void build(Node& parent, const schema::Node& object_node, CsvLayout::Redact redact, const std::string& key)
{
    for (const auto& [name, prop] : object_node.properties) {
        if (redact == CsvLayout::Redact::yes && prop->sensitive) {
            continue;
        }
        Node n;
        n.name = name;
        n.key = key.empty() ? name : key + "." + name;
        if (prop->type == "object") {
            n.kind = Node::Kind::object;
            build(n, *prop, redact, n.key);
        } else if (prop->type == "array") {
            if (prop->items != nullptr && prop->items->type == "object") {
                n.kind = Node::Kind::objects;
                build(n, *prop->items, redact, n.key);
            } else {
                n.kind = Node::Kind::list;
            }
        }
        parent.children.push_back(std::move(n));
    }
}

void observe_node(const Node& node, const Json& value, std::map<std::string, std::size_t>& widths)
{
    for (const Node& child : node.children) {
        auto it = value.find(child.name);
        if (it == value.end()) {
            continue;
        }
        if (child.kind == Node::Kind::object && it->is_object()) {
            observe_node(child, *it, widths);
        } else if (child.kind == Node::Kind::objects && it->is_array()) {
            std::size_t& w = widths[child.key];
            w = std::max(w, it->size());
            for (const Json& element : *it) {
                if (element.is_object()) {
                    observe_node(child, element, widths);
                }
            }
        }
    }
}

void header_of(const Node& node, const std::string& prefix, const std::map<std::string, std::size_t>& widths,
               std::vector<std::string>& out)
{
    for (const Node& child : node.children) {
        std::string name = prefix + child.name;
        if (child.kind == Node::Kind::object) {
            header_of(child, name + ".", widths, out);
        } else if (child.kind == Node::Kind::objects) {
            auto w = widths.find(child.key);
            for (std::size_t i = 0; w != widths.end() && i < w->second; ++i) {
                header_of(child, name + "." + std::to_string(i) + ".", widths, out);
            }
        } else {
            out.push_back(name);
        }
    }
}

void row_of(const Node& node, const Json* value, const std::map<std::string, std::size_t>& widths, std::vector<std::string>& out)
{
    static const Json nothing;
    for (const Node& child : node.children) {
        const Json* v = nullptr;
        if (value != nullptr && value->is_object()) {
            auto it = value->find(child.name);
            if (it != value->end()) {
                v = &*it;
            }
        }
        if (child.kind == Node::Kind::object) {
            row_of(child, v, widths, out);
        } else if (child.kind == Node::Kind::objects) {
            auto w = widths.find(child.key);
            for (std::size_t i = 0; w != widths.end() && i < w->second; ++i) {
                const Json* element = v != nullptr && v->is_array() && i < v->size() ? &(*v)[i] : nullptr;
                row_of(child, element, widths, out);
            }
        } else if (v == nullptr) {
            out.emplace_back();
        } else if (child.kind == Node::Kind::list && v->is_array()) {
            std::string joined;
            for (std::size_t i = 0; i < v->size(); ++i) {
                joined += (i == 0 ? "" : ";") + scalar_text((*v)[i]);
            }
            out.push_back(std::move(joined));
        } else {
            out.push_back(scalar_text(*v));
        }
    }
}

} // namespace

CsvLayout::CsvLayout(Redact redact) : root_(std::make_unique<Node>())
{
    build(*root_, schema::case_model().root(), redact, "");
}

CsvLayout::~CsvLayout() = default;
CsvLayout::CsvLayout(CsvLayout&&) noexcept = default;
CsvLayout& CsvLayout::operator=(CsvLayout&&) noexcept = default;

void CsvLayout::observe(const Json& record)
{
    if (record.is_object()) {
        observe_node(*root_, record, widths_);
    }
}

std::vector<std::string> CsvLayout::header() const
{
    std::vector<std::string> out;
    header_of(*root_, "", widths_, out);
    return out;
}

std::vector<std::string> CsvLayout::row(const Json& record) const
{
    std::vector<std::string> out;
    row_of(*root_, &record, widths_, out);
    return out;
}

} // namespace casebook::output
