// The derivation rules of DESIGN.md, rule by rule: a case that triggers each
// rule and one that just misses it.
#include <catch2/catch.hpp>

#include "record/derive.hpp"
#include "schema/schema.hpp"

using casebook::record::derive;
using casebook::Json;

namespace {

Json record(const char* text)
{
    return Json::parse(text);
}

bool has_flag(const Json& r, const std::string& flag)
{
    auto flags = derive(r).flags;
    return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

std::string outcome(const char* after_return)
{
    Json r = Json::object();
    r["after_return"] = Json::parse(after_return);
    return derive(r).outcome;
}

// A record with one harm of this type after return.
Json with_harm(const std::string& type)
{
    Json harm = Json::object();
    harm["type"] = type;
    Json r = Json::object();
    r["after_return"]["harms"] = Json::array({harm});
    return r;
}

// A record with this situation after return.
Json with_situation(const std::string& situation)
{
    Json r = Json::object();
    r["after_return"]["situation"] = Json::array({situation});
    return r;
}

std::string verified(const char* after_return)
{
    Json r = Json::object();
    r["after_return"] = Json::parse(after_return);
    return derive(r).verified_outcome;
}

} // namespace

TEST_CASE("outcome vocabulary is in rule order", "[derive]")
{
    std::vector<std::string> names;
    for (const auto& v : casebook::record::outcome_values()) {
        names.emplace_back(v.name);
    }
    CHECK(names == std::vector<std::string>{"killed", "disappeared", "physical_harm", "other_harm", "displaced", "remigrated",
                                            "no_harm_known", "unknown"});
}

TEST_CASE("flag vocabulary is in DESIGN.md order", "[derive]")
{
    std::vector<std::string> names;
    for (const auto& v : casebook::record::flag_values()) {
        names.emplace_back(v.name);
    }
    CHECK(names == std::vector<std::string>{"fear_not_screened", "returned_pending_claim", "unaccompanied_minor_returned",
                                            "chain_return", "coerced_voluntary_return", "harm_linked_to_flight",
                                            "no_representation"});
}

TEST_CASE("outcome rule 1: killed", "[derive]")
{
    CHECK(outcome(R"({"harms": [{"type": "killed"}]})") == "killed");
    CHECK(outcome(R"({"situation": ["deceased"]})") == "killed");
    CHECK(outcome(R"({"harms": [{"type": "threat"}, {"type": "killed"}], "situation": ["in_hiding"]})") == "killed");
    CHECK(outcome(R"({"harms": [{"type": "disappeared"}]})") != "killed");
}

TEST_CASE("outcome rule 2: disappeared", "[derive]")
{
    CHECK(outcome(R"({"harms": [{"type": "disappeared"}, {"type": "torture"}]})") == "disappeared");
    CHECK(outcome(R"({"harms": [{"type": "kidnapping"}]})") != "disappeared");
}

TEST_CASE("outcome rule 3: physical_harm", "[derive]")
{
    for (const char* harm : {"physical_assault", "sexual_violence", "torture", "kidnapping"}) {
        CHECK(derive(with_harm(harm)).outcome == "physical_harm");
    }
    CHECK(outcome(R"({"harms": [{"type": "threat"}]})") != "physical_harm");
}

TEST_CASE("outcome rule 4: other_harm", "[derive]")
{
    for (const char* harm : {"threat", "extortion", "forced_recruitment", "arbitrary_detention", "family_member_harmed", "other"}) {
        CHECK(derive(with_harm(harm)).outcome == "other_harm");
    }
    CHECK(outcome(R"({"harms": [], "situation": ["in_hiding"]})") != "other_harm");
}

TEST_CASE("outcome rule 5: displaced", "[derive]")
{
    CHECK(outcome(R"({"situation": ["in_hiding"]})") == "displaced");
    CHECK(outcome(R"({"situation": ["internally_displaced", "remigrated"]})") == "displaced");
    CHECK(outcome(R"({"situation": ["remigrated"]})") != "displaced");
}

TEST_CASE("outcome rule 6: remigrated", "[derive]")
{
    CHECK(outcome(R"({"situation": ["remigrated", "at_home"]})") == "remigrated");
    CHECK(outcome(R"({"situation": ["at_home"]})") != "remigrated");
}

TEST_CASE("outcome rule 7: no_harm_known", "[derive]")
{
    CHECK(outcome(R"({"situation": ["at_home"]})") == "no_harm_known");
    CHECK(outcome(R"({"situation": ["detained", "lost_contact"]})") == "no_harm_known");
    CHECK(outcome(R"({"situation": ["lost_contact", "unknown"]})") != "no_harm_known");
}

TEST_CASE("outcome rule 8: unknown", "[derive]")
{
    CHECK(derive(Json::object()).outcome == "unknown");
    CHECK(outcome(R"({})") == "unknown");
    CHECK(outcome(R"({"situation": ["lost_contact"], "last_contact": "2018"})") == "unknown");
    CHECK(outcome(R"({"situation": ["unknown"]})") == "unknown");
}

TEST_CASE("every harm type and situation of the schema is classified", "[derive]")
{
    const Json& defs = casebook::embedded_schema().at("definitions");
    for (const Json& harm : defs.at("harm_type").at("enum")) {
        CHECK(derive(with_harm(harm.get<std::string>())).outcome != "unknown");
    }
    for (const Json& situation : defs.at("situation").at("enum")) {
        const std::string s = situation.get<std::string>();
        CHECK((derive(with_situation(s)).outcome == "unknown") == (s == "lost_contact" || s == "unknown"));
    }
}

TEST_CASE("verified_outcome counts only confirmed or corroborated harms", "[derive]")
{
    const char* after = R"({"harms": [{"type": "killed", "verification": "alleged"},
                                      {"type": "torture"},
                                      {"type": "threat", "verification": "corroborated"}]})";
    CHECK(outcome(after) == "killed");
    CHECK(verified(after) == "other_harm");
    CHECK(verified(R"({"harms": [{"type": "killed", "verification": "confirmed"}]})") == "killed");
    CHECK(verified(R"({"harms": [{"type": "killed", "verification": "alleged"}], "situation": ["at_home"]})") == "no_harm_known");
    // Rules 5-8 do not depend on verification; deceased is a situation.
    CHECK(verified(R"({"harms": [{"type": "threat"}], "situation": ["deceased"]})") == "killed");
    CHECK(verified(R"({"harms": [{"type": "threat"}]})") == "unknown");
}

TEST_CASE("flag fear_not_screened", "[derive]")
{
    CHECK(has_flag(record(R"({"journey": [{"country": "USA", "asylum": {"fear_expressed": true, "procedure": "none"}}]})"),
                   "fear_not_screened"));
    CHECK(has_flag(record(R"({"journey": [{"country": "USA", "asylum": {"fear_expressed": true},
                               "failures": ["no_credible_fear_screening"]}]})"),
                   "fear_not_screened"));
    CHECK(has_flag(record(R"({"journey": [{"country": "USA", "asylum": {"fear_expressed": true},
                               "failures": ["fear_not_recorded"]}]})"),
                   "fear_not_screened"));
    // Just misses: no fear expressed; or fear expressed and screened.
    CHECK_FALSE(has_flag(record(R"({"journey": [{"country": "USA", "asylum": {"fear_expressed": false, "procedure": "none"},
                                     "failures": ["fear_not_recorded"]}]})"),
                         "fear_not_screened"));
    CHECK_FALSE(has_flag(record(R"({"journey": [{"country": "USA", "asylum": {"fear_expressed": true, "procedure": "credible_fear"}}]})"),
                         "fear_not_screened"));
    // The failure must be on the leg where fear was expressed.
    CHECK_FALSE(has_flag(record(R"({"journey": [{"country": "MEX", "failures": ["fear_not_recorded"]},
                                                {"country": "USA", "asylum": {"fear_expressed": true, "procedure": "defensive"}}]})"),
                         "fear_not_screened"));
}

TEST_CASE("flag returned_pending_claim", "[derive]")
{
    CHECK(has_flag(record(R"({"returns": [{"from": "USA", "to": "SLV", "pending_claim": true}]})"), "returned_pending_claim"));
    CHECK(has_flag(record(R"({"journey": [{"country": "USA", "failures": ["returned_while_claim_pending"]}]})"),
                   "returned_pending_claim"));
    CHECK_FALSE(has_flag(record(R"({"returns": [{"from": "USA", "to": "SLV", "pending_claim": false}],
                                    "journey": [{"country": "USA", "failures": ["claim_denied_without_hearing"]}]})"),
                         "returned_pending_claim"));
}

TEST_CASE("flag unaccompanied_minor_returned", "[derive]")
{
    CHECK(has_flag(record(R"({"returns": [{"from": "MEX", "to": "HND"}, {"from": "USA", "to": "HND", "unaccompanied_minor": true}]})"),
                   "unaccompanied_minor_returned"));
    CHECK_FALSE(has_flag(record(R"({"person": {"age_at_flight": 15}, "returns": [{"from": "USA", "to": "HND", "unaccompanied_minor": false}]})"),
                         "unaccompanied_minor_returned"));
}

TEST_CASE("flag chain_return", "[derive]")
{
    CHECK(has_flag(record(R"({"origin": {"country": "HND"}, "returns": [{"from": "USA", "to": "GTM"}]})"), "chain_return"));
    CHECK(has_flag(record(R"({"origin": {"country": "HND"}, "returns": [{"from": "USA", "to": "HND", "mechanism": "aca_transfer"}]})"),
                   "chain_return"));
    CHECK(has_flag(record(R"({"returns": [{"from": "USA", "to": "MEX", "mechanism": "mpp_return"}]})"), "chain_return"));
    CHECK_FALSE(has_flag(record(R"({"origin": {"country": "HND"}, "returns": [{"from": "USA", "to": "HND", "mechanism": "removal"}]})"),
                         "chain_return"));
    // Without a known origin, only the mechanism can tell.
    CHECK_FALSE(has_flag(record(R"({"returns": [{"from": "USA", "to": "GTM", "mechanism": "removal"}]})"), "chain_return"));
}

TEST_CASE("flag coerced_voluntary_return", "[derive]")
{
    for (const char* mechanism : {"voluntary_departure", "voluntary_return", "assisted_return", "assisted_voluntary_return", "self_return"}) {
        Json r = record(R"({"journey": [{"country": "MEX", "detained": true}], "returns": [{"from": "MEX", "to": "GTM"}]})");
        r["returns"][0]["mechanism"] = mechanism;
        CHECK(has_flag(r, "coerced_voluntary_return"));
    }
    CHECK(has_flag(record(R"({"journey": [{"country": "USA", "failures": ["pressured_to_accept_return"]}],
                              "returns": [{"from": "USA", "to": "GTM", "mechanism": "voluntary_departure"}]})"),
                   "coerced_voluntary_return"));
    // Any leg in that country counts (a person may enter a country twice).
    CHECK(has_flag(record(R"({"journey": [{"country": "MEX", "detained": true}, {"country": "USA"}, {"country": "MEX"}],
                              "returns": [{"from": "MEX", "to": "GTM", "mechanism": "assisted_return"}]})"),
                   "coerced_voluntary_return"));
    // Just misses: not a voluntary mechanism; detained in another country; not detained.
    CHECK_FALSE(has_flag(record(R"({"journey": [{"country": "MEX", "detained": true}], "returns": [{"from": "MEX", "to": "GTM", "mechanism": "deportation"}]})"),
                         "coerced_voluntary_return"));
    CHECK_FALSE(has_flag(record(R"({"journey": [{"country": "MEX", "detained": true}, {"country": "USA"}],
                                    "returns": [{"from": "USA", "to": "GTM", "mechanism": "voluntary_return"}]})"),
                         "coerced_voluntary_return"));
    CHECK_FALSE(has_flag(record(R"({"journey": [{"country": "MEX", "detained": false}], "returns": [{"from": "MEX", "to": "GTM", "mechanism": "self_return"}]})"),
                         "coerced_voluntary_return"));
}

TEST_CASE("flag harm_linked_to_flight", "[derive]")
{
    CHECK(has_flag(record(R"({"after_return": {"harms": [{"type": "threat", "same_persecutor": true}]}})"), "harm_linked_to_flight"));
    CHECK(has_flag(record(R"({"flight": {"persecutors": ["police", "gang"]}, "after_return": {"harms": [{"type": "threat", "perpetrator": "gang"}]}})"),
                   "harm_linked_to_flight"));
    // Just misses: a different perpetrator; unknown/other never link.
    CHECK_FALSE(has_flag(record(R"({"flight": {"persecutors": ["gang"]}, "after_return": {"harms": [{"type": "threat", "perpetrator": "police", "same_persecutor": false}]}})"),
                         "harm_linked_to_flight"));
    CHECK_FALSE(has_flag(record(R"({"flight": {"persecutors": ["unknown", "other"]}, "after_return": {"harms": [{"type": "threat", "perpetrator": "unknown"}, {"type": "threat", "perpetrator": "other"}]}})"),
                         "harm_linked_to_flight"));
}

TEST_CASE("flag no_representation", "[derive]")
{
    CHECK(has_flag(record(R"({"journey": [{"country": "USA", "asylum": {"outcome": "denied", "represented": false}}]})"), "no_representation"));
    CHECK_FALSE(has_flag(record(R"({"journey": [{"country": "USA", "asylum": {"outcome": "denied", "represented": true}}]})"), "no_representation"));
    // Representation not recorded is not "false".
    CHECK_FALSE(has_flag(record(R"({"journey": [{"country": "USA", "asylum": {"outcome": "denied"}}]})"), "no_representation"));
    CHECK_FALSE(has_flag(record(R"({"journey": [{"country": "USA", "asylum": {"outcome": "pending", "represented": false}}]})"), "no_representation"));
}

TEST_CASE("flags come in vocabulary order and tolerate wrongly shaped records", "[derive]")
{
    Json r = record(R"({"origin": {"country": "SLV"},
                        "journey": [{"country": "USA", "asylum": {"outcome": "denied", "represented": false, "fear_expressed": true, "procedure": "none"}}],
                        "returns": [{"from": "USA", "to": "MEX", "pending_claim": true}]})");
    CHECK(derive(r).flags == std::vector<std::string>{"fear_not_screened", "returned_pending_claim", "chain_return", "no_representation"});
    Json odd = record(R"({"journey": 3, "returns": [1, "x", {"from": 7}], "after_return": {"harms": {"type": "killed"}, "situation": "deceased"}})");
    CHECK(derive(odd).outcome == "unknown");
    CHECK(derive(odd).flags.empty());
}
