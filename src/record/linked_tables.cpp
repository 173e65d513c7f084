// The linked tables (linked_tables.hpp): each column is declared once, with
// where its value comes from; its type, description, vocabulary and
// sensitivity are read from the schema (or the derivation rules), never
// written here a second time.
#include "record/linked_tables.hpp"

#include <utility>

#include "util/dates.hpp"
#include "record/derive.hpp"
#include "record/dims.hpp"
#include "util/error.hpp"
#include "schema/schema_model.hpp"
#include "json/record_access.hpp"

namespace casebook::record {

namespace {

using namespace access;
using Path = std::vector<std::string>;

// What one row of a table is about.
struct Element {
    const Json& record;
    const Derived& derived;
    const std::string& case_id;
    const Json* item;     // the leg, return, harm or source; the record for cases
    std::size_t position; // 1-based position of item in its array (0 for cases)
    std::size_t parent;   // 1-based position of the leg or harm a list belongs to
    const Json* value;    // the list value of a long table
};

using CellOf = std::function<Cell(const Element&)>;

struct ColumnSpec {
    LinkedColumn column;
    CellOf cell;
};

// The rows of a table in one record: the elements to visit.
using Visit = std::function<void(const Json*, std::size_t, std::size_t, const Json*)>;
using Elements = std::function<void(const Json& record, const Derived& derived, const Visit&)>;

struct TableSpec {
    LinkedTable table;
    std::vector<CellOf> cells;
    Elements elements;
};

const Json* walk(const Json* v, const Path& path)
{
    for (const std::string& key : path) {
        v = member(v, key);
    }
    return v;
}

// The schema node of the field at path (keys of objects; arrays are entered through their items).
const schema::Node& schema_field(const Path& path)
{
    const schema::Node* node = &schema::case_model().root();
    for (const std::string& key : path) {
        if (node->type == "array" && node->items != nullptr) {
            node = node->items;
        }
        node = node->property(key);
        if (node == nullptr) {
            throw Error(Exit::io, "linked tables: no schema field " + key);
        }
    }
    return *node;
}

// The vocabulary of a field, or of the items of a list.
std::vector<std::string> enum_of(const schema::Node& node)
{
    const schema::Node* values = node.type == "array" && node.items != nullptr ? node.items : &node;
    return values->choices.value_or(std::vector<std::string>());
}

Cell scalar_cell(const Json* v)
{
    if (v == nullptr || v->is_null()) {
        return std::nullopt;
    }
    if (v->is_boolean()) {
        return std::string(v->get<bool>() ? "TRUE" : "FALSE");
    }
    if (v->is_string()) {
        return v->get<std::string>();
    }
    if (v->is_number_integer() || v->is_number_unsigned()) {
        return v->dump();
    }
    return std::nullopt; // a wrongly shaped value of a draft
}

// A field of the element: its column is described by the schema at base + path.
ColumnSpec field(std::string name, const Path& base, const Path& path)
{
    Path full = base;
    full.insert(full.end(), path.begin(), path.end());
    const schema::Node& node = schema_field(full);
    const std::string& type = node.type;
    LinkedColumn c;
    c.name = std::move(name);
    c.type = type == "boolean" ? ColumnType::boolean : type == "integer" ? ColumnType::integer
             : type == "array" ? ColumnType::list : ColumnType::string;
    c.description = node.description;
    c.values = enum_of(node);
    c.sensitive = node.sensitive;
    const ColumnType kind = c.type;
    return {std::move(c), [path, kind](const Element& e) -> Cell {
                const Json* v = walk(e.item, path);
                if (kind != ColumnType::list) {
                    return scalar_cell(v);
                }
                if (v == nullptr || !v->is_array() || v->empty()) {
                    return std::nullopt;
                }
                std::string joined;
                for (const Json& x : *v) {
                    joined += (joined.empty() ? "" : ";") + scalar_cell(&x).value_or("");
                }
                return joined;
            }};
}

std::optional<PartialDate> date_at(const Element& e, const Path& path)
{
    const Json* v = walk(e.item, path);
    return v != nullptr && v->is_string() ? parse_partial_date(v->get<std::string>()) : std::nullopt;
}

// A date field as its four columns: name, name_precision, name_first, name_last.
std::vector<ColumnSpec> date_fields(const std::string& name, const Path& base, const Path& path)
{
    std::vector<ColumnSpec> out;
    out.push_back(field(name, base, path));
    const std::string what = out.front().column.description;
    auto extra = [&](std::string suffix, ColumnType type, std::string description, std::vector<std::string> values,
                     std::function<std::string(const PartialDate&)> text) {
        LinkedColumn c{name + suffix, type, std::move(description), std::move(values), out.front().column.sensitive};
        out.push_back({std::move(c), [path, text](const Element& e) -> Cell {
                           auto d = date_at(e, path);
                           return d ? Cell(text(*d)) : std::nullopt;
                       }});
    };
    extra("_precision", ColumnType::string, "How precisely " + name + " is known", {"year", "month", "day"},
          [](const PartialDate& d) { return std::string(precision_name(d)); });
    extra("_first", ColumnType::date, "The first day " + name + " can mean", {}, first_day);
    extra("_last", ColumnType::date, "The last day " + name + " can mean", {}, last_day);
    return out;
}

std::string derived_description(std::string_view meaning)
{
    const std::string text(meaning);
    return text.find("derived") == std::string::npos ? text + " (derived by casebook)" : text;
}

// A value casebook derives (a single-valued dimension of dims.hpp).
ColumnSpec derived(const std::string& name, const std::string& dimension)
{
    const Dimension* d = find_dimension(dimension);
    if (d == nullptr) {
        throw Error(Exit::io, "linked tables: no dimension " + dimension);
    }
    LinkedColumn c{name, d->kind == ValueKind::year ? ColumnType::integer : ColumnType::string,
                   derived_description(d->meaning), d->values, false};
    return {std::move(c), [d](const Element& e) -> Cell {
                std::vector<std::string> values = d->extract(e.record, e.derived);
                return values.empty() ? std::nullopt : Cell(values.front());
            }};
}

ColumnSpec count_of(const std::string& name, const Path& path, const std::string& description)
{
    return {{name, ColumnType::integer, description, {}, false},
            [path](const Element& e) -> Cell { return std::to_string(elements(walk(&e.record, path)).size()); }};
}

ColumnSpec case_key()
{
    return {{"case_id", ColumnType::string, schema_field({"id"}).description, {}, false},
            [](const Element& e) -> Cell { return e.case_id; }};
}

ColumnSpec position(const std::string& name, const std::string& description, bool of_parent = false)
{
    return {{name, ColumnType::integer, description, {}, false}, [of_parent](const Element& e) -> Cell {
                return std::to_string(of_parent ? e.parent : e.position);
            }};
}

// The element's fields under another object of it (a return's first element).
ColumnSpec under(ColumnSpec spec, std::function<const Json*(const Element&)> item)
{
    CellOf inner = std::move(spec.cell);
    spec.cell = [inner, item](const Element& e) {
        Element moved{e.record, e.derived, e.case_id, item(e), e.position, e.parent, e.value};
        return inner(moved);
    };
    return spec;
}

void append(std::vector<ColumnSpec>& to, std::vector<ColumnSpec> more)
{
    for (ColumnSpec& c : more) {
        to.push_back(std::move(c));
    }
}

// An array of objects at path: one element per item.
Elements items_at(Path path)
{
    return [path](const Json& record, const Derived&, const Visit& visit) {
        std::size_t i = 0;
        for (const Json& item : elements(walk(&record, path))) {
            visit(&item, ++i, 0, nullptr);
        }
    };
}

// A list of values at path: one element per value.
Elements values_at(Path path)
{
    return [path](const Json& record, const Derived&, const Visit& visit) {
        for (const Json& v : elements(walk(&record, path))) {
            visit(&record, 0, 0, &v);
        }
    };
}

// A list of values at inner in each item of the array at outer.
Elements values_in_items(Path outer, Path inner)
{
    return [outer, inner](const Json& record, const Derived&, const Visit& visit) {
        std::size_t i = 0;
        for (const Json& item : elements(walk(&record, outer))) {
            ++i;
            for (const Json& v : elements(walk(&item, inner))) {
                visit(&item, 0, i, &v);
            }
        }
    };
}

// The value column of a long table, described by the list's items in the schema.
ColumnSpec list_value(const std::string& name, const Path& list)
{
    const schema::Node& node = schema_field(list);
    LinkedColumn c{name, ColumnType::string, node.description, enum_of(node), false};
    return {std::move(c), [](const Element& e) { return scalar_cell(e.value); }};
}

ForeignKey to_case() { return {{"case_id"}, "cases", {"case_id"}}; }

std::vector<TableSpec> make_specs()
{
    std::vector<TableSpec> specs;
    auto table = [&](std::string name, std::string description, std::vector<ColumnSpec> columns,
                     std::vector<std::string> key, std::vector<ForeignKey> keys, Elements elements) {
        TableSpec t;
        t.table.name = std::move(name);
        t.table.description = std::move(description);
        t.table.primary_key = std::move(key);
        t.table.foreign_keys = std::move(keys);
        for (ColumnSpec& c : columns) {
            t.table.columns.push_back(std::move(c.column));
            t.cells.push_back(std::move(c.cell));
        }
        t.elements = std::move(elements);
        specs.push_back(std::move(t));
    };
    const Path root;

    std::vector<ColumnSpec> cases = {case_key(), field("status", root, {"status"}), derived("outcome", "outcome"),
                                     derived("verified_outcome", "verified_outcome"),
                                     field("consent_obtained", root, {"consent", "obtained"}),
                                     field("consent_scope", root, {"consent", "scope"})};
    append(cases, date_fields("consent_date", root, {"consent", "date"}));
    cases.push_back(field("recorded_by", root, {"recorded", "by"}));
    append(cases, date_fields("recorded_date", root, {"recorded", "date"}));
    for (ColumnSpec c : {field("project", root, {"recorded", "project"}), field("pseudonym", root, {"person", "pseudonym"}),
                         field("sex", root, {"person", "sex"}), field("birth_year", root, {"person", "birth_year"}),
                         field("age_at_flight", root, {"person", "age_at_flight"}), derived("age_group", "age_group"),
                         derived("minor", "minor"), field("traveled_with", root, {"person", "traveled_with"}),
                         field("origin_country", root, {"origin", "country"}),
                         field("origin_locality", root, {"origin", "locality"})}) {
        cases.push_back(std::move(c));
    }
    append(cases, date_fields("flight_date", root, {"flight", "date"}));
    for (ColumnSpec c : {derived("flight_year", "flight_year"),
                         field("sought_protection_at_home", root, {"flight", "sought_protection_at_home"}),
                         count_of("n_legs", {"journey"}, "How many legs the journey has (rows in legs)"),
                         count_of("n_returns", {"returns"}, "How many returns the case has (rows in returns)"),
                         count_of("n_harms", {"after_return", "harms"}, "How many harms after return the case has (rows in harms)"),
                         count_of("n_sources", {"sources"}, "How many sources the case has (rows in sources)")}) {
        cases.push_back(std::move(c));
    }
    auto first_return = [](const Element& e) -> const Json* {
        const auto& all = elements(member(&e.record, "returns"));
        return all.empty() ? nullptr : &all.front();
    };
    for (ColumnSpec& c : date_fields("first_return_date", {"returns"}, {"date"})) {
        cases.push_back(under(std::move(c), first_return));
    }
    cases.push_back(derived("return_year", "return_year"));
    cases.push_back(under(field("first_return_from", {"returns"}, {"from"}), first_return));
    cases.push_back(under(field("first_return_to", {"returns"}, {"to"}), first_return));
    cases.push_back(under(field("first_return_mechanism", {"returns"}, {"mechanism"}), first_return));
    append(cases, date_fields("last_contact", root, {"after_return", "last_contact"}));
    cases.push_back(field("narrative", root, {"narrative"}));
    cases.push_back(field("notes", root, {"notes"}));
    table("cases", "One row per case: who, consent, status, the values casebook derives and the first return",
          std::move(cases), {"case_id"}, {},
          [](const Json& record, const Derived&, const Visit& visit) { visit(&record, 0, 0, nullptr); });

    const Path leg = {"journey"};
    std::vector<ColumnSpec> legs = {case_key(), position("leg_no", "Position of the leg in the journey (1 = first)"),
                                    field("country", leg, {"country"})};
    append(legs, date_fields("entered", leg, {"entered"}));
    for (ColumnSpec c : {field("role", leg, {"role"}), field("detained", leg, {"detained"}),
                         field("fear_expressed", leg, {"asylum", "fear_expressed"}), field("sought", leg, {"asylum", "sought"}),
                         field("procedure", leg, {"asylum", "procedure"}), field("asylum_outcome", leg, {"asylum", "outcome"}),
                         field("represented", leg, {"asylum", "represented"})}) {
        legs.push_back(std::move(c));
    }
    append(legs, date_fields("decided", leg, {"asylum", "decided"}));
    table("legs", "One row per leg of the journey, in order, with the asylum claim made there", std::move(legs),
          {"case_id", "leg_no"}, {to_case()}, items_at(leg));

    const Path ret = {"returns"};
    std::vector<ColumnSpec> returns = {case_key(), position("return_no", "Position of the return among the case's returns (1 = first)")};
    append(returns, date_fields("return_date", ret, {"date"}));
    for (ColumnSpec c : {field("returned_from", ret, {"from"}), field("returned_to", ret, {"to"}),
                         field("mechanism", ret, {"mechanism"}), field("pending_claim", ret, {"pending_claim"}),
                         field("unaccompanied_minor", ret, {"unaccompanied_minor"})}) {
        returns.push_back(std::move(c));
    }
    table("returns", "One row per return, in order", std::move(returns), {"case_id", "return_no"}, {to_case()}, items_at(ret));

    const Path harm = {"after_return", "harms"};
    std::vector<ColumnSpec> harms = {case_key(), position("harm_no", "Position of the harm in the case's list of harms (1 = first)"),
                                     field("harm", harm, {"type"})};
    append(harms, date_fields("harm_date", harm, {"date"}));
    for (ColumnSpec c : {field("perpetrator", harm, {"perpetrator"}), field("same_persecutor", harm, {"same_persecutor"}),
                         field("verification", harm, {"verification"}), field("sources", harm, {"sources"})}) {
        harms.push_back(std::move(c));
    }
    table("harms", "One row per harm after return", std::move(harms), {"case_id", "harm_no"}, {to_case()}, items_at(harm));

    const Path src = {"sources"};
    std::vector<ColumnSpec> sources = {case_key(), field("source_id", src, {"id"}), field("source_type", src, {"type"})};
    append(sources, date_fields("source_date", src, {"date"}));
    sources.push_back(field("reference", src, {"reference"}));
    table("sources", "One row per source of a case", std::move(sources), {"case_id", "source_id"}, {to_case()}, items_at(src));

    LinkedColumn flag{"flag", ColumnType::string, "A refoulement flag of the case (derived by casebook)", {}, false};
    for (const DerivedValue& v : flag_values()) {
        flag.values.emplace_back(v.name);
    }
    table("flags", "One row per refoulement flag of a case (derived)",
          {case_key(), {flag, [](const Element& e) { return scalar_cell(e.value); }}}, {"case_id", "flag"}, {to_case()},
          [](const Json& record, const Derived& d, const Visit& visit) {
              for (const std::string& f : d.flags) {
                  const Json v = f;
                  visit(&record, 0, 0, &v);
              }
          });
    auto long_table = [&](std::string name, std::string value, Path path, std::string description) {
        table(std::move(name), std::move(description), {case_key(), list_value(value, path)}, {"case_id", value},
              {to_case()}, values_at(path));
    };
    long_table("reasons", "reason", {"flight", "reasons"}, "One row per reason the person fled");
    long_table("persecutors", "persecutor", {"flight", "persecutors"}, "One row per persecutor the person fled");
    long_table("home_failures", "failure", {"flight", "home_failures"}, "One row per failure of protection at home");
    table("leg_failures", "One row per failure of protection in a leg of the journey",
          {case_key(), position("leg_no", "The leg (legs.leg_no) the failure happened in", true),
           list_value("failure", {"journey", "failures"})},
          {"case_id", "leg_no", "failure"}, {to_case(), {{"case_id", "leg_no"}, "legs", {"case_id", "leg_no"}}},
          values_in_items(leg, {"failures"}));
    long_table("situations", "situation", {"after_return", "situation"}, "One row per situation of the person after return");
    long_table("tags", "tag", {"tags"}, "One row per tag of a case");
    table("harm_sources", "One row per source that reports a harm",
          {case_key(), position("harm_no", "The harm (harms.harm_no) the source reports", true),
           list_value("source_id", {"after_return", "harms", "sources"})},
          {"case_id", "harm_no", "source_id"},
          {to_case(), {{"case_id", "harm_no"}, "harms", {"case_id", "harm_no"}},
           {{"case_id", "source_id"}, "sources", {"case_id", "source_id"}}},
          values_in_items(harm, {"sources"}));
    return specs;
}

const std::vector<TableSpec>& specs()
{
    static const std::vector<TableSpec> all = make_specs();
    return all;
}

// The indices of the columns kept, per table.
const std::vector<std::vector<std::size_t>>& kept(SensitiveColumns sensitive)
{
    auto make = [](SensitiveColumns s) {
        std::vector<std::vector<std::size_t>> out;
        for (const TableSpec& t : specs()) {
            std::vector<std::size_t> columns;
            for (std::size_t i = 0; i < t.table.columns.size(); ++i) {
                if (s == SensitiveColumns::kept || !t.table.columns[i].sensitive) {
                    columns.push_back(i);
                }
            }
            out.push_back(std::move(columns));
        }
        return out;
    };
    static const auto with = make(SensitiveColumns::kept);
    static const auto without = make(SensitiveColumns::dropped);
    return sensitive == SensitiveColumns::kept ? with : without;
}

} // namespace

const std::vector<LinkedTable>& linked_tables(SensitiveColumns sensitive)
{
    auto make = [](SensitiveColumns s) {
        std::vector<LinkedTable> out;
        for (std::size_t t = 0; t < specs().size(); ++t) {
            LinkedTable table = specs()[t].table;
            table.columns.clear();
            for (std::size_t i : kept(s)[t]) {
                table.columns.push_back(specs()[t].table.columns[i]);
            }
            out.push_back(std::move(table));
        }
        return out;
    };
    static const auto with = make(SensitiveColumns::kept);
    static const auto without = make(SensitiveColumns::dropped);
    return sensitive == SensitiveColumns::kept ? with : without;
}

void linked_rows(const Json& record, SensitiveColumns sensitive,
                 const std::function<void(std::size_t table, const LinkedRow& row)>& visit)
{
    const Derived d = derive(record);
    const std::string case_id = text(&record, "id").value_or("");
    LinkedRow row;
    for (std::size_t t = 0; t < specs().size(); ++t) {
        const TableSpec& spec = specs()[t];
        const auto& columns = kept(sensitive)[t];
        spec.elements(record, d, [&](const Json* item, std::size_t pos, std::size_t parent, const Json* value) {
            Element e{record, d, case_id, item, pos, parent, value};
            row.clear();
            for (std::size_t i : columns) {
                row.push_back(spec.cells[i](e));
            }
            visit(t, row);
        });
    }
}

} // namespace casebook::record
