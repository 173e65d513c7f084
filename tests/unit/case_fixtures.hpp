// Records shared by the tests: JSON text parsed or the test fails, and a valid complete case to break one field at a time.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "json/json.hpp"
#include "record/validate.hpp"

namespace casebook::test {

// A JSON text parsed with casebook's strict parser; the test fails, saying where, if it is not valid.
inline Json parsed(std::string_view text)
{
    ParseResult r = parse_json(text);
    INFO("text: " << text << "\nerror at " << r.error.offset << ": " << r.error.message);
    REQUIRE(r.value.has_value());
    return *r.value;
}

// A valid, complete case that touches every part of the record.
inline Json complete_case()
{
    static const char* const text = R"json({
  "schema_version": "1",
  "id": "t-001",
  "status": "complete",
  "recorded": {"by": "R01", "date": "2018-03-20", "project": "tests"},
  "person": {"pseudonym": "Ana", "sex": "female", "birth_year": 1990, "age_at_flight": 27, "traveled_with": "alone"},
  "origin": {"country": "SLV", "locality": "Somewhere (invented)"},
  "flight": {"date": "2017-09", "reasons": ["gang_threat", "extortion"], "persecutors": ["gang"],
             "sought_protection_at_home": true, "home_failures": ["no_response"]},
  "journey": [
    {"country": "GTM", "entered": "2017-09-12", "role": "transit"},
    {"country": "MEX", "entered": "2017-09-15", "role": "transit"},
    {"country": "USA", "entered": "2017-10-02", "role": "destination", "detained": true,
     "asylum": {"fear_expressed": true, "sought": true, "procedure": "credible_fear", "outcome": "denied",
                "represented": false, "decided": "2018-01-10"},
     "failures": ["no_legal_representation"]}
  ],
  "returns": [
    {"date": "2018-02-06", "from": "USA", "to": "SLV", "mechanism": "removal", "pending_claim": false,
     "unaccompanied_minor": false}
  ],
  "after_return": {
    "harms": [
      {"type": "threat", "date": "2018-03", "perpetrator": "gang", "same_persecutor": true,
       "verification": "alleged", "sources": ["s1"]}
    ],
    "situation": ["in_hiding"],
    "last_contact": "2018-03"
  },
  "sources": [
    {"id": "s1", "type": "interview", "date": "2018-03-20", "reference": "Interview notes (invented)"},
    {"id": "s2", "type": "media", "date": "2018-03", "reference": "A newspaper (invented)"}
  ],
  "consent": {"obtained": true, "scope": "aggregate_only", "date": "2018-03-20"},
  "narrative": "An invented account.",
  "notes": "Invented notes.",
  "tags": ["test"]
})json";
    return parsed(text);
}

// The smallest valid record: a draft with only what the schema requires.
inline Json minimal_case()
{
    Json j = Json::object();
    j["schema_version"] = "1";
    j["id"] = "t-min";
    return j;
}

// The problems of the built-in schema alone.
inline std::vector<Problem> schema_problems(const Json& record)
{
    std::vector<Problem> out;
    SchemaValidator::builtin().check(record, out);
    return out;
}

// The problems of the cross-field rules alone.
inline std::vector<Problem> rule_problems(const Json& record)
{
    std::vector<Problem> out;
    record::check_cross_field_rules(record, out);
    return out;
}

// Describes problems for failure messages.
inline std::string describe(const std::vector<Problem>& problems)
{
    std::string s;
    for (const Problem& p : problems) {
        s += "  [" + p.code + "] " + p.pointer + ": " + p.message + "\n";
    }
    return s.empty() ? "  (no problems)\n" : s;
}

} // namespace casebook::test
