// The derivation rules of DESIGN.md, "Derived classification", as tables.
#include "util/i18n.hpp"
#include "record/derive.hpp"

#include <functional>
#include <set>

#include "json/record_access.hpp"

namespace casebook::record {

using namespace access;

namespace {

// One headline-outcome rule: it applies when the case has any of `harms` or
// any of `situations` after return. Rules are tried in order; the last one
// (unknown) always applies.
struct OutcomeRule {
    std::string_view outcome;
    std::string_view meaning;
    std::vector<std::string_view> harms;
    std::vector<std::string_view> situations;
};

const std::vector<OutcomeRule>& outcome_rules()
{
    static const std::vector<OutcomeRule> rules = {
        {NC_("vocabulary", "killed"), "any harm killed, or situation deceased", {"killed"}, {"deceased"}},
        {NC_("vocabulary", "disappeared"), "any harm disappeared", {"disappeared"}, {}},
        {NC_("vocabulary", "physical_harm"), "any harm physical_assault, sexual_violence, torture or kidnapping",
         {"physical_assault", "sexual_violence", "torture", "kidnapping"}, {}},
        {NC_("vocabulary", "other_harm"), "any other harm (threat, extortion, forced_recruitment, arbitrary_detention, family_member_harmed, other)",
         {"threat", "extortion", "forced_recruitment", "arbitrary_detention", "family_member_harmed", "other"}, {}},
        {NC_("vocabulary", "displaced"), "situation in_hiding or internally_displaced", {}, {"in_hiding", "internally_displaced"}},
        {NC_("vocabulary", "remigrated"), "situation remigrated", {}, {"remigrated"}},
        // "a situation other than lost_contact/unknown": every other value of vocabulary G.
        {NC_("vocabulary", "no_harm_known"), "a situation after return other than lost_contact/unknown, and none of the above",
         {}, {"in_hiding", "internally_displaced", "remigrated", "at_home", "detained", "deceased"}},
        {NC_("vocabulary", "unknown"), "no after-return information, or only lost_contact/unknown", {}, {}},
    };
    return rules;
}

// Harm verifications that count for verified_outcome.
const std::vector<std::string_view> verified_levels = {"confirmed", "corroborated"};

std::string classify(const Json& record, bool verified_only)
{
    const Json* after = member(&record, "after_return");
    std::vector<std::string> harms;
    for (const Json& harm : elements(member(after, "harms"))) {
        auto type = text(&harm, "type");
        if (!type) {
            continue;
        }
        if (verified_only) {
            auto level = text(&harm, "verification");
            if (!level || !one_of(*level, verified_levels)) {
                continue;
            }
        }
        harms.push_back(*type);
    }
    std::vector<std::string> situations = strings(member(after, "situation"));
    for (const OutcomeRule& rule : outcome_rules()) {
        for (const std::string& h : harms) {
            if (one_of(h, rule.harms)) {
                return std::string(rule.outcome);
            }
        }
        for (const std::string& s : situations) {
            if (one_of(s, rule.situations)) {
                return std::string(rule.outcome);
            }
        }
    }
    return "unknown";
}

// One refoulement flag: its name, meaning and test.
struct FlagRule {
    std::string_view name;
    std::string_view meaning;
    std::function<bool(const Json& record)> applies;
};

const std::vector<std::string_view> voluntary_mechanisms = {
    "voluntary_departure", "voluntary_return", "assisted_return", "assisted_voluntary_return", "self_return"};
const std::vector<std::string_view> third_country_mechanisms = {"mpp_return", "aca_transfer"};
const std::vector<std::string_view> unattributed_perpetrators = {"unknown", "other"};

const Json* legs(const Json& r) { return member(&r, "journey"); }
const Json* returns(const Json& r) { return member(&r, "returns"); }
const Json* harms(const Json& r) { return at(r, {"after_return", "harms"}); }

bool any_leg(const Json& r, const std::function<bool(const Json& leg)>& test)
{
    for (const Json& leg : elements(legs(r))) {
        if (test(leg)) {
            return true;
        }
    }
    return false;
}

bool any_return(const Json& r, const std::function<bool(const Json& ret)>& test)
{
    for (const Json& ret : elements(returns(r))) {
        if (test(ret)) {
            return true;
        }
    }
    return false;
}

bool any_harm(const Json& r, const std::function<bool(const Json& harm)>& test)
{
    for (const Json& harm : elements(harms(r))) {
        if (test(harm)) {
            return true;
        }
    }
    return false;
}

const std::vector<FlagRule>& flag_rules()
{
    static const std::vector<FlagRule> rules = {
        {NC_("vocabulary", "fear_not_screened"),
         "a leg with fear_expressed and procedure none, or a failure no_credible_fear_screening or fear_not_recorded",
         [](const Json& r) {
             return any_leg(r, [](const Json& leg) {
                 const Json* asylum = member(&leg, "asylum");
                 const Json* failures = member(&leg, "failures");
                 return flag_is(asylum, "fear_expressed", true) &&
                        (text_is(asylum, "procedure", "none") || contains(failures, "no_credible_fear_screening") ||
                         contains(failures, "fear_not_recorded"));
             });
         }},
        {NC_("vocabulary", "returned_pending_claim"), "a return with pending_claim, or a leg failure returned_while_claim_pending",
         [](const Json& r) {
             return any_return(r, [](const Json& ret) { return flag_is(&ret, "pending_claim", true); }) ||
                    any_leg(r, [](const Json& leg) { return contains(member(&leg, "failures"), "returned_while_claim_pending"); });
         }},
        {NC_("vocabulary", "unaccompanied_minor_returned"), "a return with unaccompanied_minor",
         [](const Json& r) { return any_return(r, [](const Json& ret) { return flag_is(&ret, "unaccompanied_minor", true); }); }},
        {NC_("vocabulary", "chain_return"), "a return to a country other than the origin, or by mpp_return or aca_transfer",
         [](const Json& r) {
             auto origin = text(member(&r, "origin"), "country");
             return any_return(r, [&origin](const Json& ret) {
                 auto to = text(&ret, "to");
                 auto mechanism = text(&ret, "mechanism");
                 return (origin && to && *to != *origin) || (mechanism && one_of(*mechanism, third_country_mechanisms));
             });
         }},
        {NC_("vocabulary", "coerced_voluntary_return"),
         "a 'voluntary' return from a country where the person was detained or pressured to accept return",
         [](const Json& r) {
             // "The journey leg in that country": any leg whose country is the
             // return's `from`. The countries of such legs are found in one pass,
             // then each return looks its own up (testing every leg for every
             // return was quadratic in a record of many of both).
             std::set<std::string> coercive;
             for (const Json& leg : elements(legs(r))) {
                 auto country = text(&leg, "country");
                 if (country && (flag_is(&leg, "detained", true) || contains(member(&leg, "failures"), "pressured_to_accept_return"))) {
                     coercive.insert(*country);
                 }
             }
             return !coercive.empty() && any_return(r, [&coercive](const Json& ret) {
                 auto mechanism = text(&ret, "mechanism");
                 auto from = text(&ret, "from");
                 return mechanism && from && one_of(*mechanism, voluntary_mechanisms) && coercive.count(*from) != 0;
             });
         }},
        {NC_("vocabulary", "harm_linked_to_flight"), "a harm by the same persecutor the person fled from",
         [](const Json& r) {
             const Json* persecutors = at(r, {"flight", "persecutors"});
             return any_harm(r, [persecutors](const Json& harm) {
                 if (flag_is(&harm, "same_persecutor", true)) {
                     return true;
                 }
                 auto perpetrator = text(&harm, "perpetrator");
                 return perpetrator && !one_of(*perpetrator, unattributed_perpetrators) && contains(persecutors, *perpetrator);
             });
         }},
        {NC_("vocabulary", "no_representation"), "a leg where asylum was denied without legal representation",
         [](const Json& r) {
             return any_leg(r, [](const Json& leg) {
                 const Json* asylum = member(&leg, "asylum");
                 return text_is(asylum, "outcome", "denied") && flag_is(asylum, "represented", false);
             });
         }},
    };
    return rules;
}

} // namespace

const std::vector<DerivedValue>& outcome_values()
{
    static const std::vector<DerivedValue> values = [] {
        std::vector<DerivedValue> v;
        for (const OutcomeRule& rule : outcome_rules()) {
            v.push_back({rule.outcome, rule.meaning});
        }
        return v;
    }();
    return values;
}

const std::vector<DerivedValue>& flag_values()
{
    static const std::vector<DerivedValue> values = [] {
        std::vector<DerivedValue> v;
        for (const FlagRule& rule : flag_rules()) {
            v.push_back({rule.name, rule.meaning});
        }
        return v;
    }();
    return values;
}

Derived derive(const Json& record)
{
    Derived d;
    d.outcome = classify(record, false);
    d.verified_outcome = classify(record, true);
    for (const FlagRule& rule : flag_rules()) {
        if (rule.applies(record)) {
            d.flags.emplace_back(rule.name);
        }
    }
    return d;
}

} // namespace casebook::record
