// The dimension registry: names and order of DESIGN.md, natural value orders,
// and each extractor's decisions.
#include <catch2/catch.hpp>

#include "record/dims.hpp"

using namespace casebook;

namespace {

std::vector<std::string> values_of(const char* dim, const Json& record)
{
    const record::Dimension* d = record::find_dimension(dim);
    REQUIRE(d != nullptr);
    return d->extract(record, record::derive(record));
}

using V = std::vector<std::string>;

} // namespace

TEST_CASE("the registry lists DESIGN.md's dimensions in order, stars as multi", "[dims]")
{
    V names, multi;
    for (const record::Dimension& d : record::dimensions()) {
        names.emplace_back(d.name);
        if (d.arity == record::Arity::multi) {
            multi.emplace_back(d.name);
        }
        CHECK_FALSE(d.meaning.empty());
        CHECK(d.values.empty() == (d.kind != record::ValueKind::vocabulary));
    }
    CHECK(names == V{"origin", "returned_from", "returned_to", "mechanism", "return_year", "flight_year", "sex", "age_group",
                     "minor", "outcome", "flag", "harm", "reason", "persecutor", "failure", "transit", "status", "consent", "project",
                     "tag", "verified_outcome", "verification"});
    CHECK(multi == V{"flag", "harm", "reason", "persecutor", "failure", "transit", "tag", "verification"});
    CHECK(record::find_dimension("nope") == nullptr);
}

TEST_CASE("vocabulary values come in natural order", "[dims]")
{
    CHECK(record::find_dimension("mechanism")->values.front() == "removal");
    CHECK(record::find_dimension("mechanism")->values.size() == 15);
    CHECK(record::find_dimension("age_group")->values == V{"0-11", "12-17", "18-25", "26-40", "41+", "unknown"});
    CHECK(record::find_dimension("minor")->values == V{"yes", "no", "unknown"});
    CHECK(record::find_dimension("outcome")->values.front() == "killed");
    CHECK(record::find_dimension("outcome")->values.back() == "unknown");
    CHECK(record::find_dimension("status")->values == V{"draft", "complete", "reviewed", "rejected"});
    CHECK(record::find_dimension("verification")->values == V{"confirmed", "corroborated", "alleged", "not_assessed"});
    const V& failures = record::find_dimension("failure")->values;
    CHECK(failures.front() == "no_response");
    CHECK(failures.back() == "other");
    CHECK(std::count(failures.begin(), failures.end(), "other") == 1);
    CHECK(std::find(failures.begin(), failures.end(), "pressured_to_accept_return") != failures.end());
}

TEST_CASE("single-valued return dimensions use the first return", "[dims]")
{
    Json r = Json::parse(R"({"returns": [{"date": "2017-02-03", "from": "USA", "to": "MEX", "mechanism": "mpp_return"},
                                         {"date": "2018", "from": "MEX", "to": "HND", "mechanism": "deportation"}]})");
    CHECK(values_of("returned_from", r) == V{"USA"});
    CHECK(values_of("returned_to", r) == V{"MEX"});
    CHECK(values_of("mechanism", r) == V{"mpp_return"});
    CHECK(values_of("return_year", r) == V{"2017"});
    Json none = Json::object();
    CHECK(values_of("returned_from", none).empty());
    CHECK(values_of("return_year", none).empty());
    CHECK(values_of("origin", none).empty());
    CHECK(values_of("project", none).empty());
}

TEST_CASE("age_group and minor: age at flight, else birth year and flight year, else unknown", "[dims]")
{
    CHECK(values_of("age_group", Json::parse(R"({"person": {"age_at_flight": 11}})")) == V{"0-11"});
    CHECK(values_of("age_group", Json::parse(R"({"person": {"age_at_flight": 12}})")) == V{"12-17"});
    CHECK(values_of("minor", Json::parse(R"({"person": {"age_at_flight": 17}})")) == V{"yes"});
    CHECK(values_of("minor", Json::parse(R"({"person": {"age_at_flight": 18}})")) == V{"no"});
    CHECK(values_of("age_group", Json::parse(R"({"person": {"age_at_flight": 25}})")) == V{"18-25"});
    CHECK(values_of("age_group", Json::parse(R"({"person": {"age_at_flight": 40}})")) == V{"26-40"});
    CHECK(values_of("age_group", Json::parse(R"({"person": {"age_at_flight": 41}})")) == V{"41+"});
    // Age at flight wins over the birth year.
    CHECK(values_of("age_group", Json::parse(R"({"person": {"age_at_flight": 30, "birth_year": 2000}, "flight": {"date": "2016"}})")) == V{"26-40"});
    CHECK(values_of("age_group", Json::parse(R"({"person": {"birth_year": 2000}, "flight": {"date": "2016-05"}})")) == V{"12-17"});
    CHECK(values_of("minor", Json::parse(R"({"person": {"birth_year": 2000}, "flight": {"date": "2018"}})")) == V{"no"});
    CHECK(values_of("age_group", Json::parse(R"({"person": {"birth_year": 2000}})")) == V{"unknown"});
    CHECK(values_of("minor", Json::object()) == V{"unknown"});
}

TEST_CASE("multi-valued dimensions give each value once", "[dims]")
{
    Json r = Json::parse(R"({
        "flight": {"date": "2016", "reasons": ["gang_threat", "extortion"], "persecutors": ["gang"], "home_failures": ["no_response", "other"]},
        "journey": [{"country": "GTM", "role": "transit"}, {"country": "MEX", "role": "transit", "failures": ["other", "prolonged_detention"]},
                    {"country": "USA", "role": "destination"}, {"country": "GTM", "role": "transit"}],
        "after_return": {"harms": [{"type": "threat", "verification": "alleged"}, {"type": "threat"}, {"type": "killed", "perpetrator": "police"}]},
        "tags": ["a", "b"]})");
    CHECK(values_of("reason", r) == V{"gang_threat", "extortion"});
    CHECK(values_of("persecutor", r) == V{"gang"});
    CHECK(values_of("failure", r) == V{"no_response", "other", "prolonged_detention"});
    CHECK(values_of("transit", r) == V{"GTM", "MEX"});
    CHECK(values_of("harm", r) == V{"threat", "killed"});
    CHECK(values_of("verification", r) == V{"alleged", "not_assessed"});
    CHECK(values_of("tag", r) == V{"a", "b"});
    CHECK(values_of("flight_year", r) == V{"2016"});
    CHECK(values_of("verification", Json::object()).empty());
}

TEST_CASE("derived dimensions and status", "[dims]")
{
    Json r = Json::parse(R"({"origin": {"country": "SLV"}, "returns": [{"from": "USA", "to": "MEX"}], "after_return": {"situation": ["at_home"]}})");
    CHECK(values_of("outcome", r) == V{"no_harm_known"});
    CHECK(values_of("verified_outcome", r) == V{"no_harm_known"});
    CHECK(values_of("flag", r) == V{"chain_return"});
    CHECK(values_of("status", r) == V{"draft"});
    CHECK(values_of("status", Json::parse(R"({"status": "complete"})")) == V{"complete"});
}

TEST_CASE("dimension_values lists every dimension's values in registry order", "[dims]")
{
    Json r = Json::parse(R"({"origin": {"country": "SLV"}, "tags": ["x"]})");
    auto all = record::dimension_values(r, record::derive(r));
    REQUIRE_FALSE(all.empty());
    CHECK(all.front() == std::pair<std::string, std::string>{"origin", "SLV"});
    CHECK(all.back() == std::pair<std::string, std::string>{"verified_outcome", "unknown"});
    CHECK(std::count(all.begin(), all.end(), std::pair<std::string, std::string>{"tag", "x"}) == 1);
}
