// Cross-field rules: what JSON Schema cannot say about a case (DESIGN.md, "Cross-field rules").
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "util/i18n.hpp"
#include "util/dates.hpp"
#include "util/limits.hpp"
#include "util/quoting.hpp"
#include "record/validate.hpp"
#include "json/pointer_path.hpp"

namespace casebook::record {

namespace {

// A date found in a record, with where it is: base ("/journey"), the index
// in that array (when there is one) and the key. The pointer is spelled out
// only when a problem is reported.
struct DatedField {
    const char* base;
    std::optional<std::size_t> index;
    const char* key;
    const std::string* text; // in the record, which outlives the check
    PartialDate date;

    std::string pointer() const
    {
        std::string out = base;
        if (index) {
            out += '/';
            out += std::to_string(*index);
        }
        out += '/';
        out += key;
        return out;
    }
};

const Json* member(const Json& obj, const char* key)
{
    if (!obj.is_object()) {
        return nullptr;
    }
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}

const Json* array_member(const Json& obj, const char* key)
{
    const Json* v = member(obj, key);
    return v != nullptr && v->is_array() ? v : nullptr;
}

// The date at obj[key] when it is a well-formed date; nullopt otherwise
// (a missing or malformed date is the schema's business). obj is at base, or
// at base/index when index is given.
std::optional<DatedField> date_at(const Json& obj, const char* key, const char* base, std::optional<std::size_t> index = std::nullopt)
{
    const Json* v = member(obj, key);
    if (v == nullptr || !v->is_string()) {
        return std::nullopt;
    }
    auto d = parse_partial_date(v->get_ref<const std::string&>());
    if (!d) {
        return std::nullopt;
    }
    return DatedField{base, index, key, &v->get_ref<const std::string&>(), *d};
}

// Reports when `later` comes before `earlier`.
void require_order(const std::optional<DatedField>& earlier, const std::optional<DatedField>& later,
                   const std::string& what, std::vector<Problem>& out)
{
    if (earlier && later && compare_dates(later->date, earlier->date) < 0) {
        out.push_back({later->pointer(), "date_order",
                       say("\"{}\" is before {} (\"{}\"), but {}", shorten(*later->text), earlier->pointer(),
                                   shorten(*earlier->text), what),
                       Severity::error});
    }
}

// Only fields that hold dates: free text (a project name, a source id or a
// sensitive reference) may look like an impossible date and is none of our business.
bool is_date_key(std::string_view key)
{
    return key == "date" || key == "entered" || key == "decided" || key == "last_contact";
}

void check_calendar_dates(const Json& v, const PointerPath& at, std::vector<Problem>& out, bool date_field = false)
{
    if (v.is_object()) {
        for (auto it = v.begin(); it != v.end(); ++it) {
            check_calendar_dates(it.value(), PointerPath(at, it.key()), out, is_date_key(it.key()));
        }
    } else if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i) {
            check_calendar_dates(v[i], PointerPath(at, i), out);
        }
    } else if (date_field && v.is_string() && is_impossible_date(v.get_ref<const std::string&>())) {
        out.push_back({at.str(), "invalid_date",
                       say("\"{}\" is not a day of the calendar: check the day and month", shorten(v.get_ref<const std::string&>())),
                       Severity::error});
    } else if (date_field && v.is_string()) {
        // Nothing this record holds has happened yet: a typo in the year, most often.
        static const PartialDate today = latest_today();
        auto date = parse_partial_date(v.get_ref<const std::string&>());
        if (date && compare_dates(*date, today) > 0) {
            out.push_back({at.str(), "future_date",
                           say("\"{}\" is in the future: check the year, month and day", v.get<std::string>()),
                           Severity::error});
        }
    }
}

void check_dates(const Json& c, std::vector<Problem>& out)
{
    // Calendar validity of every date-shaped field the record has.
    static const char* const date_fields[] = {"recorded", "flight", "journey", "returns", "after_return", "sources", "consent"};
    for (const char* f : date_fields) {
        if (const Json* v = member(c, f)) {
            const std::string root = std::string("/") + f;
            check_calendar_dates(*v, PointerPath(root), out);
        }
    }

    std::optional<DatedField> flight_date;
    if (const Json* flight = member(c, "flight")) {
        flight_date = date_at(*flight, "date", "/flight");
    }
    std::optional<DatedField> first_entered, previous_entered;
    if (const Json* journey = array_member(c, "journey")) {
        for (std::size_t i = 0; i < journey->size(); ++i) {
            auto entered = date_at((*journey)[i], "entered", "/journey", i);
            if (i == 0) {
                first_entered = entered;
                require_order(flight_date, entered, tr("the flight must come before entering the first country of the journey"), out);
            }
            if (entered) {
                require_order(previous_entered, entered, tr("journey legs must be in the order they happened"), out);
                previous_entered = entered;
            }
            if (const Json* asylum = member((*journey)[i], "asylum")) {
                const std::string base = fmt::format("/journey/{}/asylum", i);
                auto decided = date_at(*asylum, "decided", base.c_str());
                require_order(entered, decided, tr("an asylum claim is decided after the person entered that country"), out);
            }
        }
    }
    std::optional<DatedField> first_return, previous_return;
    if (const Json* returns = array_member(c, "returns")) {
        for (std::size_t i = 0; i < returns->size(); ++i) {
            auto date = date_at((*returns)[i], "date", "/returns", i);
            if (i == 0) {
                first_return = date;
                require_order(first_entered, date, tr("the first return must come after entering the first country of the journey"), out);
            }
            if (date) {
                require_order(previous_return, date, tr("returns must be in the order they happened"), out);
                previous_return = date;
            }
        }
    }
    if (const Json* after = member(c, "after_return")) {
        if (const Json* harms = array_member(*after, "harms")) {
            for (std::size_t i = 0; i < harms->size(); ++i) {
                auto date = date_at((*harms)[i], "date", "/after_return/harms", i);
                require_order(first_return, date, tr("harms after return must be dated on or after the first return"), out);
            }
        }
        auto last_contact = date_at(*after, "last_contact", "/after_return");
        if (first_return && last_contact && compare_dates(last_contact->date, first_return->date) < 0) {
            out.push_back({last_contact->pointer(), "last_contact_before_return",
                           say("the last contact (\"{}\") is before the first return (\"{}\"): what happened "
                                       "after return then comes from others; check the date",
                                       *last_contact->text, *first_return->text),
                           Severity::warning});
        }
    }
}

void check_sources(const Json& c, std::vector<Problem>& out)
{
    std::set<std::string_view> ids; // views into the record: no copies
    if (const Json* sources = array_member(c, "sources")) {
        for (std::size_t i = 0; i < sources->size(); ++i) {
            const Json* id = member((*sources)[i], "id");
            if (id == nullptr || !id->is_string()) {
                continue;
            }
            if (!ids.insert(id->get_ref<const std::string&>()).second) {
                out.push_back({fmt::format("/sources/{}/id", i), "duplicate_source_id",
                               say("source id \"{}\" is used twice in this case: give each source its own id",
                                           shorten(id->get_ref<const std::string&>())),
                               Severity::error});
            }
        }
    }
    const Json* after = member(c, "after_return");
    const Json* harms = after != nullptr ? array_member(*after, "harms") : nullptr;
    if (harms == nullptr) {
        return;
    }
    // The ids listed, said once for every unknown citation (and at most 20 of them).
    std::string known;
    std::size_t listed = 0;
    for (std::string_view id : ids) {
        if (++listed > 20) {
            known += say(", ... ({} in all)", ids.size());
            break;
        }
        known += known.empty() ? "" : ", ";
        known += shorten(id);
    }
    for (std::size_t i = 0; i < harms->size(); ++i) {
        const Json* cited = array_member((*harms)[i], "sources");
        if (cited == nullptr) {
            continue;
        }
        for (std::size_t k = 0; k < cited->size(); ++k) {
            const Json& s = (*cited)[k];
            if (s.is_string() && ids.count(s.get_ref<const std::string&>()) == 0) {
                out.push_back({fmt::format("/after_return/harms/{}/sources/{}", i, k), "unknown_source",
                               say("source \"{}\" is not listed in /sources ({}): add it there or correct the id",
                                           shorten(s.get_ref<const std::string&>()), known.empty() ? std::string(tr("no sources are listed")) : say("listed: {}", known)),
                               Severity::error});
            }
        }
    }
}

bool contains_string(const Json* array, const char* value)
{
    if (array == nullptr || !array->is_array()) {
        return false;
    }
    for (const Json& v : *array) {
        if (v.is_string() && v.get_ref<const std::string&>() == value) {
            return true;
        }
    }
    return false;
}

void check_killed(const Json& c, std::vector<Problem>& out)
{
    const Json* after = member(c, "after_return");
    if (after == nullptr) {
        return;
    }
    const Json* harms = array_member(*after, "harms");
    bool killed = false;
    if (harms != nullptr) {
        for (const Json& h : *harms) {
            const Json* type = member(h, "type");
            killed = killed || (type != nullptr && type->is_string() && type->get_ref<const std::string&>() == "killed");
        }
    }
    if (!killed) {
        return;
    }
    const Json* situation = member(*after, "situation");
    for (const char* alive : {"at_home", "remigrated"}) {
        if (contains_string(situation, alive)) {
            std::size_t index = 0;
            for (std::size_t i = 0; i < situation->size(); ++i) {
                if ((*situation)[i].is_string() && (*situation)[i].get_ref<const std::string&>() == alive) {
                    index = i;
                }
            }
            out.push_back({fmt::format("/after_return/situation/{}", index), "killed_situation",
                           say("a harm says the person was killed, but the situation says \"{}\": use \"deceased\" or correct the harm", alive),
                           Severity::error});
        }
    }
}

void check_minor(const Json& c, std::vector<Problem>& out)
{
    const Json* person = member(c, "person");
    if (person == nullptr) {
        return;
    }
    const Json* age = member(*person, "age_at_flight");
    if (age != nullptr && age->is_number() && age->get<double>() < 18 && member(*person, "traveled_with") == nullptr) {
        out.push_back({"/person/age_at_flight", "minor_traveled_with",
                       tr("the person was a minor at flight: record who they traveled with (person.traveled_with), or \"unknown\""),
                       Severity::warning});
    }
}

void check_consent(const Json& c, std::vector<Problem>& out)
{
    const Json* consent = member(c, "consent");
    if (consent == nullptr) {
        return;
    }
    const Json* obtained = member(*consent, "obtained");
    if (obtained != nullptr && obtained->is_boolean() && !obtained->get<bool>() && member(*consent, "scope") != nullptr) {
        out.push_back({"/consent/scope", "consent_scope_refused",
                       tr("consent was refused or withdrawn (obtained: false), so it has no scope: remove the scope, "
                          "or correct obtained"),
                       Severity::error});
    }
}

void check_age(const Json& c, std::vector<Problem>& out)
{
    const Json* person = member(c, "person");
    const Json* birth = person != nullptr ? member(*person, "birth_year") : nullptr;
    const Json* age = person != nullptr ? member(*person, "age_at_flight") : nullptr;
    const Json* flight = member(c, "flight");
    auto fled = flight != nullptr ? date_at(*flight, "date", "/flight") : std::nullopt;
    if (birth == nullptr || age == nullptr || !birth->is_number() || !age->is_number() || !fled) {
        return;
    }
    // A birthday not yet reached makes the age one less than the years between.
    const double expected = fled->date.year - birth->get<double>();
    const double given = age->get<double>();
    if (given > expected + 1 || given < expected - 2) {
        out.push_back({"/person/age_at_flight", "age_mismatch",
                       say("age at flight {} does not fit birth year {} and a flight in {} (age {} or {}): "
                                   "check both",
                                   age->dump(), birth->dump(), fled->date.year, expected - 1, expected),
                       Severity::warning});
    }
}

void check_returns(const Json& c, std::vector<Problem>& out)
{
    const Json* returns = array_member(c, "returns");
    if (returns == nullptr) {
        return;
    }
    for (std::size_t i = 0; i < returns->size(); ++i) {
        const Json* from = member((*returns)[i], "from");
        const Json* to = member((*returns)[i], "to");
        if (from != nullptr && to != nullptr && from->is_string() && *from == *to) {
            // A warning: a move inside one country recorded as a return is
            // more often a slip of the field than a new kind of return.
            out.push_back({fmt::format("/returns/{}/to", i), "return_to_same_country",
                           say("a return from {} to {}: a return takes the person to another country; check "
                                       "from and to",
                                       from->get<std::string>(), to->get<std::string>()),
                           Severity::warning});
        }
    }
}

void check_complete(const Json& c, std::vector<Problem>& out)
{
    const Json* status = member(c, "status");
    if (status == nullptr || !status->is_string() || status->get_ref<const std::string&>() != "complete") {
        return;
    }
    auto need = [&](const char* field, bool present, const char* what) {
        if (!present) {
            out.push_back({std::string("/") + field, "complete_requires",
                           say("a case with status \"complete\" needs {}; keep status \"draft\" until it has it", what),
                           Severity::error});
        }
    };
    const Json* journey = array_member(c, "journey");
    const Json* returns = array_member(c, "returns");
    need("origin", member(c, "origin") != nullptr, tr("the origin (origin.country)"));
    need("journey", journey != nullptr && !journey->empty(), tr("at least one journey leg"));
    need("returns", returns != nullptr && !returns->empty(), tr("at least one return"));
    need("after_return", member(c, "after_return") != nullptr, tr("what happened after return (after_return)"));
}

} // namespace

void check_cross_field_rules(const Json& record, std::vector<Problem>& out)
{
    if (!record.is_object()) {
        return;
    }
    check_dates(record, out);
    check_sources(record, out);
    check_killed(record, out);
    check_minor(record, out);
    check_consent(record, out);
    check_age(record, out);
    check_returns(record, out);
    check_complete(record, out);
}

std::vector<Problem> check_record(const Json& record, const SchemaValidator& schema)
{
    std::vector<Problem> out;
    schema.check(record, out);
    if (out.size() < max_problems_per_record) {
        check_cross_field_rules(record, out);
    }
    if (out.size() > max_problems_per_record) {
        out.resize(max_problems_per_record);
        out.push_back({"", "too_many_problems",
                       say("more than {} problems in this record: only the first {} are shown", max_problems_per_record,
                                   max_problems_per_record),
                       Severity::error});
    }
    return out;
}

bool has_errors(const std::vector<Problem>& problems)
{
    for (const Problem& p : problems) {
        if (p.severity == Severity::error) {
            return true;
        }
    }
    return false;
}

} // namespace casebook::record
