// Units of count and the sub-record dimensions of tables (units.hpp).
// Decisions:
// - A boolean of a sub-record reads "yes" or "no"; absent, it has no value.
// - verification: a harm without one is "not_assessed" (as in dims.cpp).
// - harm_year, return_year: the year of the sub-record's date, when it has one.
// - Every harm, return and leg counts, not only the first; first_* dimensions
//   are the first return's (the registry's mechanism, returned_from, ...).
#include "analysis/units.hpp"

#include <algorithm>
#include <unordered_set>

#include <fmt/format.h>

#include "util/dates.hpp"
#include "util/error.hpp"
#include "json/record_access.hpp"
#include "util/i18n.hpp"

namespace casebook::analysis {

using namespace access;

namespace {

using Values = std::vector<std::string>;

std::optional<std::string> yes_no(const Json& part, std::string_view key)
{
    const Json* v = member(&part, key);
    if (v == nullptr || !v->is_boolean()) {
        return std::nullopt;
    }
    return std::string(v->get<bool>() ? "yes" : "no");
}

std::optional<std::string> year(const Json& part)
{
    auto date = text(&part, "date");
    auto parsed = date ? parse_partial_date(*date) : std::nullopt;
    return parsed ? std::optional<std::string>(std::to_string(parsed->year)) : std::nullopt;
}

std::optional<std::string> harm_type(const Json& h) { return text(&h, "type"); }
std::optional<std::string> harm_verification(const Json& h) { return text(&h, "verification").value_or("not_assessed"); }
std::optional<std::string> harm_perpetrator(const Json& h) { return text(&h, "perpetrator"); }
std::optional<std::string> harm_same_persecutor(const Json& h) { return yes_no(h, "same_persecutor"); }
std::optional<std::string> return_mechanism(const Json& r) { return text(&r, "mechanism"); }
std::optional<std::string> return_from(const Json& r) { return text(&r, "from"); }
std::optional<std::string> return_to(const Json& r) { return text(&r, "to"); }
std::optional<std::string> return_pending_claim(const Json& r) { return yes_no(r, "pending_claim"); }
std::optional<std::string> return_unaccompanied(const Json& r) { return yes_no(r, "unaccompanied_minor"); }
std::optional<std::string> leg_country(const Json& l) { return text(&l, "country"); }
std::optional<std::string> leg_role(const Json& l) { return text(&l, "role"); }
std::optional<std::string> leg_detained(const Json& l) { return yes_no(l, "detained"); }
std::optional<std::string> leg_procedure(const Json& l) { return text(member(&l, "asylum"), "procedure"); }
std::optional<std::string> leg_outcome(const Json& l) { return text(member(&l, "asylum"), "outcome"); }
std::optional<std::string> leg_represented(const Json& l)
{
    const Json* asylum = member(&l, "asylum");
    return asylum == nullptr ? std::nullopt : yes_no(*asylum, "represented");
}

Values with_not_assessed(Values v)
{
    v.push_back("not_assessed");
    return v;
}

} // namespace

Unit parse_unit(std::string_view text)
{
    for (Unit u : {Unit::cases, Unit::harms, Unit::returns, Unit::legs}) {
        if (unit_name(u) == text) {
            return u;
        }
    }
    throw Error(Exit::usage, say("--count \"{}\": expected cases, harms, returns or legs", text));
}

std::string_view unit_name(Unit unit)
{
    switch (unit) {
    case Unit::harms:
        return "harms";
    case Unit::returns:
        return "returns";
    case Unit::legs:
        return "legs";
    case Unit::cases:
        break;
    }
    return "cases";
}

std::string_view unit_noun(Unit unit, long long n)
{
    const bool one = n == 1;
    switch (unit) {
    case Unit::harms:
        return one ? "harm" : "harms";
    case Unit::returns:
        return one ? "return" : "returns";
    case Unit::legs:
        return one ? "journey leg" : "journey legs";
    case Unit::cases:
        break;
    }
    return one ? "case" : "cases";
}

Level level_of(Unit unit)
{
    switch (unit) {
    case Unit::harms:
        return Level::harm;
    case Unit::returns:
        return Level::return_event;
    case Unit::legs:
        return Level::leg;
    case Unit::cases:
        break;
    }
    return Level::case_record;
}

const std::vector<TableDimension>& part_dimensions()
{
    using L = Level;
    using K = record::ValueKind;
    static const std::vector<TableDimension> all = [] {
        auto reg = [](std::string_view name) { return record::find_dimension(name); };
        const Values yes_no_values{"yes", "no"};
        // clang-format off
        return std::vector<TableDimension>{
            // name                  level            kind           values                                meaning                                                         part                    case_dim               column
            {"harm",                 L::harm,         K::vocabulary, record::vocabulary("harm_type"),              N_("type of each harm after return (after_return.harms[].type)"),   harm_type,              nullptr,               reg("harm")},
            {"verification",         L::harm,         K::vocabulary, with_not_assessed(record::vocabulary("verification")), N_("verification of each harm (absent = not_assessed)"), harm_verification,      nullptr,               reg("verification")},
            {"perpetrator",          L::harm,         K::vocabulary, record::vocabulary("persecutor"),             N_("who did each harm (after_return.harms[].perpetrator)"),         harm_perpetrator,       nullptr,               nullptr},
            {"harm_year",            L::harm,         K::year,       {},                                   N_("year of each harm (after_return.harms[].date)"),                year,                   nullptr,               nullptr},
            {"same_persecutor",      L::harm,         K::vocabulary, yes_no_values,                        N_("each harm by the persecutor the person fled (yes/no)"),         harm_same_persecutor,   nullptr,               nullptr},
            {"mechanism",            L::return_event, K::vocabulary, record::vocabulary("return_mechanism"),       N_("how the person was returned, each return (returns[].mechanism)"), return_mechanism,   nullptr,               nullptr},
            {"returned_from",        L::return_event, K::country,    {},                                   N_("country of each return's departure (returns[].from)"),          return_from,            nullptr,               nullptr},
            {"returned_to",          L::return_event, K::country,    {},                                   N_("country of each return's arrival (returns[].to)"),              return_to,              nullptr,               nullptr},
            {"return_year",          L::return_event, K::year,       {},                                   N_("year of each return (returns[].date)"),                         year,                   nullptr,               nullptr},
            {"pending_claim",        L::return_event, K::vocabulary, yes_no_values,                        N_("returned while a claim was pending, each return (yes/no)"),     return_pending_claim,   nullptr,               nullptr},
            {"unaccompanied_minor",  L::return_event, K::vocabulary, yes_no_values,                        N_("returned as an unaccompanied minor, each return (yes/no)"),     return_unaccompanied,   nullptr,               nullptr},
            {"first_mechanism",      L::case_record,  K::vocabulary, record::vocabulary("return_mechanism"),       N_("how the person was first returned (returns[0].mechanism)"),     nullptr,                reg("mechanism"),      reg("mechanism")},
            {"first_returned_from",  L::case_record,  K::country,    {},                                   N_("country of the first return's departure (returns[0].from)"),    nullptr,                reg("returned_from"),  reg("returned_from")},
            {"first_returned_to",    L::case_record,  K::country,    {},                                   N_("country the person was first returned to (returns[0].to)"),     nullptr,                reg("returned_to"),    reg("returned_to")},
            {"first_return_year",    L::case_record,  K::year,       {},                                   N_("year of the first return (returns[0].date)"),                   nullptr,                reg("return_year"),    reg("return_year")},
            {"leg_country",          L::leg,          K::country,    {},                                   N_("country of each journey leg (journey[].country)"),              leg_country,            nullptr,               nullptr},
            {"leg_role",             L::leg,          K::vocabulary, record::vocabulary("leg_role"),               N_("transit or destination, each leg (journey[].role)"),            leg_role,               nullptr,               nullptr},
            {"detained",             L::leg,          K::vocabulary, yes_no_values,                        N_("detained in that country, each leg (yes/no)"),                  leg_detained,           nullptr,               nullptr},
            {"procedure",            L::leg,          K::vocabulary, record::vocabulary("asylum_procedure"),       N_("asylum procedure, each leg (journey[].asylum.procedure)"),      leg_procedure,          nullptr,               nullptr},
            {"asylum_outcome",       L::leg,          K::vocabulary, record::vocabulary("asylum_outcome"),         N_("asylum outcome, each leg (journey[].asylum.outcome)"),          leg_outcome,            nullptr,               nullptr},
            {"represented",          L::leg,          K::vocabulary, yes_no_values,                        N_("had a legal representative, each leg (yes/no)"),                leg_represented,        nullptr,               nullptr},
        };
        // clang-format on
    }();
    return all;
}

std::optional<TableDimension> find_table_dimension(std::string_view name)
{
    for (const TableDimension& d : part_dimensions()) {
        if (d.name == name) {
            return d;
        }
    }
    const record::Dimension* d = record::find_dimension(name);
    if (d == nullptr) {
        return std::nullopt;
    }
    return TableDimension{d->name, Level::case_record, d->kind, d->values, d->meaning, nullptr, d, d};
}

std::vector<std::string> table_dimension_names()
{
    std::vector<std::string> out;
    for (const record::Dimension& d : record::dimensions()) {
        out.emplace_back(d.name);
    }
    for (const TableDimension& d : part_dimensions()) {
        if (std::find(out.begin(), out.end(), d.name) == out.end()) {
            out.emplace_back(d.name);
        }
    }
    return out;
}

const std::vector<Json>& parts_of(const Json& record, Level level)
{
    switch (level) {
    case Level::harm:
        return elements(at(record, {"after_return", "harms"}));
    case Level::return_event:
        return elements(member(&record, "returns"));
    case Level::leg:
        return elements(member(&record, "journey"));
    case Level::case_record:
        break;
    }
    return elements(nullptr);
}

std::vector<std::string> case_values_of(const TableDimension& dim, const Json& record, const record::Derived& derived)
{
    if (dim.level == Level::case_record) {
        return dim.case_dim->extract(record, derived);
    }
    Values out;
    std::unordered_set<std::string> seen;
    for (const Json& part : parts_of(record, dim.level)) {
        if (auto v = dim.part(part); v && seen.insert(*v).second) {
            out.push_back(std::move(*v));
        }
    }
    return out;
}

void check_unit(Unit unit, const TableDimension& dim, std::string_view option)
{
    if (unit == Unit::cases || dim.level == Level::case_record || dim.level == level_of(unit)) {
        return;
    }
    // "a harm", and "harm" after "no particular": words of the sentence, translated with it.
    auto with_article = [](Level l) {
        return l == Level::harm ? tr("a harm") : l == Level::return_event ? tr("a return") : tr("a journey leg");
    };
    auto bare = [](Level l) {
        return l == Level::harm           ? tr_in("sub-record", "harm")
               : l == Level::return_event ? tr_in("sub-record", "return")
                                          : tr_in("sub-record", "journey leg");
    };
    throw Error(Exit::usage,
                say("{} {} with --count {}: {} is a value of {}, and a record links {} to no particular {}; count cases "
                    "(the default: cases that have both) or {}",
                    option, dim.name, unit_name(unit), dim.name, with_article(dim.level), with_article(level_of(unit)),
                    bare(dim.level),
                    dim.level == Level::harm ? "harms" : dim.level == Level::return_event ? "returns" : "legs"));
}

} // namespace casebook::analysis
