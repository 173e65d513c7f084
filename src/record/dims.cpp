// The registry of dimensions. Decisions, so that every command agrees:
// - Single-valued return dimensions (returned_from, returned_to, mechanism,
//   return_year) describe the FIRST return (returns[0]): the return the study
//   is about; later returns show up in the flags and in the record.
// - age_group and minor come from person.age_at_flight; else from
//   flight year - birth_year when both are known; else "unknown". They always
//   have a value.
// - transit: the countries of journey legs whose role is transit.
// - failure: home_failures and every leg's failures, in one vocabulary.
// - persecutor: flight.persecutors (who the person fled from), not the
//   perpetrators of harms after return.
// - verification: the verification of each harm; a harm without one counts
//   as "not_assessed". A case without harms has no verification value.
// - status: a record without status is a draft (the schema's default).
// - consent: always one value (consent.hpp): full, anonymised_quotes,
//   aggregate_only, no_scope, not_recorded or refused. Tables never count
//   refused cases; the value lets --where and tables see the others.
// - A missing single value gives no value at all (no case_values row): tables
//   count such cases under "no value".
#include "record/dims.hpp"

#include "util/i18n.hpp"

#include <algorithm>
#include <unordered_set>

#include "record/consent.hpp"
#include "util/dates.hpp"
#include "schema/schema_model.hpp"
#include "util/error.hpp"
#include "json/record_access.hpp"

namespace casebook::record {

using namespace access;

namespace {

using Values = std::vector<std::string>;

// Values of several vocabularies merged, each value once; "other" and "unknown" last.
Values merged(std::initializer_list<std::string_view> names)
{
    Values out, tail;
    for (std::string_view name : names) {
        for (std::string& v : vocabulary(name)) {
            Values& into = (v == "other" || v == "unknown") ? tail : out;
            if (std::find(into.begin(), into.end(), v) == into.end()) {
                into.push_back(std::move(v));
            }
        }
    }
    out.insert(out.end(), tail.begin(), tail.end());
    return out;
}

Values names_of(const std::vector<DerivedValue>& derived)
{
    Values out;
    for (const DerivedValue& v : derived) {
        out.emplace_back(v.name);
    }
    return out;
}

Values one(std::optional<std::string> v)
{
    return v ? Values{std::move(*v)} : Values{};
}

// Adds v unless already present (multi-valued dimensions count a case once per value).
void add_unique(Values& out, std::string v)
{
    if (std::find(out.begin(), out.end(), v) == out.end()) {
        out.push_back(std::move(v));
    }
}

// The strings of an array, each once, in order: one pass with a hash set (a
// search of the values so far per string took minutes over 300,000 tags).
Values unique_strings(const Json* array)
{
    Values out;
    std::unordered_set<std::string> seen;
    for (std::string& s : strings(array)) {
        if (seen.insert(s).second) {
            out.push_back(std::move(s));
        }
    }
    return out;
}

const Json* first_return(const Json& r)
{
    const auto& all = elements(member(&r, "returns"));
    return all.empty() ? nullptr : &all.front();
}

std::optional<int> year_of(const Json* obj, std::string_view key)
{
    auto date = text(obj, key);
    if (!date) {
        return std::nullopt;
    }
    auto parsed = parse_partial_date(*date);
    if (!parsed) {
        return std::nullopt;
    }
    return parsed->year;
}

Values year_value(std::optional<int> year)
{
    return year ? Values{std::to_string(*year)} : Values{};
}

// Age at flight: recorded, or worked out from birth year and flight year.
std::optional<long long> age_at_flight(const Json& r)
{
    const Json* person = member(&r, "person");
    if (auto age = integer(person, "age_at_flight")) {
        return age;
    }
    auto born = integer(person, "birth_year");
    auto fled = year_of(member(&r, "flight"), "date");
    if (born && fled && *fled >= *born) {
        return *fled - *born;
    }
    return std::nullopt;
}

Values extract_origin(const Json& r, const Derived&) { return one(text(member(&r, "origin"), "country")); }
Values extract_returned_from(const Json& r, const Derived&) { return one(text(first_return(r), "from")); }
Values extract_returned_to(const Json& r, const Derived&) { return one(text(first_return(r), "to")); }
Values extract_mechanism(const Json& r, const Derived&) { return one(text(first_return(r), "mechanism")); }
Values extract_return_year(const Json& r, const Derived&) { return year_value(year_of(first_return(r), "date")); }
Values extract_flight_year(const Json& r, const Derived&) { return year_value(year_of(member(&r, "flight"), "date")); }
Values extract_sex(const Json& r, const Derived&) { return one(text(member(&r, "person"), "sex")); }

Values extract_age_group(const Json& r, const Derived&)
{
    auto age = age_at_flight(r);
    return {age ? age_group_of(*age) : "unknown"};
}

Values extract_minor(const Json& r, const Derived&)
{
    auto age = age_at_flight(r);
    return {!age ? "unknown" : *age < 18 ? "yes" : "no"};
}

Values extract_outcome(const Json&, const Derived& d) { return {d.outcome}; }
Values extract_verified_outcome(const Json&, const Derived& d) { return {d.verified_outcome}; }
Values extract_flag(const Json&, const Derived& d) { return d.flags; }

Values extract_harm(const Json& r, const Derived&)
{
    Values out;
    for (const Json& harm : elements(at(r, {"after_return", "harms"}))) {
        if (auto type = text(&harm, "type")) {
            add_unique(out, *type);
        }
    }
    return out;
}

Values extract_reason(const Json& r, const Derived&) { return unique_strings(at(r, {"flight", "reasons"})); }
Values extract_persecutor(const Json& r, const Derived&) { return unique_strings(at(r, {"flight", "persecutors"})); }

Values extract_failure(const Json& r, const Derived&)
{
    Values out = unique_strings(at(r, {"flight", "home_failures"}));
    for (const Json& leg : elements(member(&r, "journey"))) {
        for (std::string& f : strings(member(&leg, "failures"))) {
            add_unique(out, std::move(f));
        }
    }
    return out;
}

Values extract_transit(const Json& r, const Derived&)
{
    Values out;
    for (const Json& leg : elements(member(&r, "journey"))) {
        auto country = text(&leg, "country");
        if (country && text_is(&leg, "role", "transit")) {
            add_unique(out, *country);
        }
    }
    return out;
}

Values extract_status(const Json& r, const Derived&)
{
    return {text(&r, "status").value_or("draft")};
}

Values extract_consent(const Json& r, const Derived&) { return {std::string(consent_name(consent_state(r)))}; }

Values extract_project(const Json& r, const Derived&) { return one(text(member(&r, "recorded"), "project")); }
Values extract_tag(const Json& r, const Derived&) { return unique_strings(member(&r, "tags")); }

Values extract_verification(const Json& r, const Derived&)
{
    Values out;
    for (const Json& harm : elements(at(r, {"after_return", "harms"}))) {
        add_unique(out, text(&harm, "verification").value_or("not_assessed"));
    }
    return out;
}

// status is an enum of the record's own property, not a shared definition.
Values status_values()
{
    return schema::case_model().at("/status")->choices.value_or(Values());
}

Values verification_values()
{
    Values v = vocabulary("verification");
    v.push_back("not_assessed");
    return v;
}

} // namespace

std::vector<std::string> vocabulary(std::string_view name)
{
    const schema::Node* definition = schema::case_model().definition(name);
    if (definition == nullptr || !definition->choices) {
        throw Error(Exit::io, "the schema has no vocabulary " + std::string(name));
    }
    return *definition->choices;
}

std::string age_group_of(long long age)
{
    if (age < 12) {
        return "0-11";
    }
    if (age < 18) {
        return "12-17";
    }
    if (age < 26) {
        return "18-25";
    }
    if (age < 41) {
        return "26-40";
    }
    return "41+";
}

const std::vector<Dimension>& dimensions()
{
    using A = Arity;
    using K = ValueKind;
    // clang-format off
    static const std::vector<Dimension> registry = {
        // name             arity     kind           meaning                                                        values (natural order)                 extractor
        {"origin",          A::single, K::country,    N_("country the person fled from (origin.country)"),               {},                                     extract_origin},
        {"returned_from",   A::single, K::country,    N_("country of the first return's departure (returns[0].from)"),   {},                                     extract_returned_from},
        {"returned_to",     A::single, K::country,    N_("country the person was first returned to (returns[0].to)"),    {},                                     extract_returned_to},
        {"mechanism",       A::single, K::vocabulary, N_("how the person was first returned (returns[0].mechanism)"),    vocabulary("return_mechanism"),         extract_mechanism},
        {"return_year",     A::single, K::year,       N_("year of the first return (returns[0].date)"),                  {},                                     extract_return_year},
        {"flight_year",     A::single, K::year,       N_("year the person fled (flight.date)"),                          {},                                     extract_flight_year},
        {"sex",             A::single, K::vocabulary, N_("the person's sex (person.sex)"),                               vocabulary("sex"),                      extract_sex},
        {"age_group",       A::single, K::vocabulary, N_("age at flight (age_at_flight, else flight year - birth_year)"), {"0-11", "12-17", "18-25", "26-40", "41+", "unknown"}, extract_age_group},
        {"minor",           A::single, K::vocabulary, N_("under 18 at flight"),                                          {"yes", "no", "unknown"},               extract_minor},
        {"outcome",         A::single, K::vocabulary, N_("headline outcome after return (derived)"),                     names_of(outcome_values()),             extract_outcome},
        {"flag",            A::multi,  K::vocabulary, N_("signs of refoulement (derived)"),                              names_of(flag_values()),                extract_flag},
        {"harm",            A::multi,  K::vocabulary, N_("harms after return (after_return.harms[].type)"),              vocabulary("harm_type"),                extract_harm},
        {"reason",          A::multi,  K::vocabulary, N_("reasons for fleeing (flight.reasons)"),                        vocabulary("reason"),                   extract_reason},
        {"persecutor",      A::multi,  K::vocabulary, N_("who the person fled from (flight.persecutors)"),               vocabulary("persecutor"),               extract_persecutor},
        {"failure",         A::multi,  K::vocabulary, N_("failures of protection at home and on the journey"),           merged({"home_failure", "leg_failure"}), extract_failure},
        {"transit",         A::multi,  K::country,    N_("transit countries (journey legs with role transit)"),          {},                                     extract_transit},
        {"status",          A::single, K::vocabulary, N_("review status (absent = draft)"),                              status_values(),                        extract_status},
        {"consent",         A::single, K::vocabulary, N_("what the person's consent allows (consent.obtained and scope)"), consent_names(),                       extract_consent},
        {"project",         A::single, K::free,       N_("project the case belongs to (recorded.project)"),              {},                                     extract_project},
        {"tag",             A::multi,  K::free,       N_("free labels (tags)"),                                          {},                                     extract_tag},
        {"verified_outcome",A::single, K::vocabulary, N_("outcome counting only confirmed or corroborated harms"),       names_of(outcome_values()),             extract_verified_outcome},
        {"verification",    A::multi,  K::vocabulary, N_("verification of harms (absent = not_assessed)"),               verification_values(),                  extract_verification},
    };
    // clang-format on
    return registry;
}

const Dimension* find_dimension(std::string_view name)
{
    for (const Dimension& d : dimensions()) {
        if (d.name == name) {
            return &d;
        }
    }
    return nullptr;
}

std::string encode_values(const std::vector<std::string>& values)
{
    std::string out;
    for (const std::string& v : values) {
        out += std::to_string(v.size());
        out += ':';
        out += v;
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> dimension_values(const Json& record, const Derived& derived)
{
    std::vector<std::pair<std::string, std::string>> out;
    for (const Dimension& d : dimensions()) {
        for (std::string& v : d.extract(record, derived)) {
            out.emplace_back(std::string(d.name), std::move(v));
        }
    }
    return out;
}

} // namespace casebook::record
