// Cross-field rules (DESIGN.md): each with a record that passes and one that fails,
// checking the code, the pointer and the exact message.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../case_fixtures.hpp"
#include "record/validate.hpp"

using casebook::Json;
using casebook::Problem;
using casebook::Severity;
using casebook::test::complete_case;
using casebook::test::describe;
using casebook::test::rule_problems;

namespace {

// The one problem the rules find in a record.
Problem only_problem(const Json& record)
{
    std::vector<Problem> problems = rule_problems(record);
    INFO(describe(problems));
    REQUIRE(problems.size() == 1);
    return problems[0];
}

void require_no_problems(const Json& record)
{
    std::vector<Problem> problems = rule_problems(record);
    INFO(describe(problems));
    CHECK(problems.empty());
}

} // namespace

TEST_CASE("the complete fixture passes the schema and every rule", "[rules]")
{
    Json c = complete_case();
    std::vector<Problem> all = casebook::record::check_record(c);
    INFO(describe(all));
    CHECK(all.empty());
}

TEST_CASE("rule: flight date on or before entering the first country", "[rules][date_order]")
{
    Json c = complete_case();
    c["flight"]["date"] = "2017-09"; // same month as journey[0].entered 2017-09-12: in order
    require_no_problems(c);
    c["flight"]["date"] = "2017-09-12";
    require_no_problems(c);

    c["flight"]["date"] = "2017-10";
    Problem p = only_problem(c);
    CHECK(p.code == "date_order");
    CHECK(p.pointer == "/journey/0/entered");
    CHECK(p.severity == Severity::error);
    CHECK(p.message ==
          "\"2017-09-12\" is before /flight/date (\"2017-10\"), but the flight must come before entering the first country of the journey");

    // Only the first leg is compared with the flight.
    c = complete_case();
    c["journey"][0].erase("entered");
    c["flight"]["date"] = "2017-09-14";
    require_no_problems(c);
}

TEST_CASE("rule: journey legs' entered dates never go backwards", "[rules][date_order]")
{
    Json c = complete_case();
    c["journey"][1]["entered"] = "2017-09"; // shares only the month with 2017-09-12: in order
    require_no_problems(c);

    c = complete_case();
    c["journey"][1]["entered"] = "2017-09-10";
    Problem p = only_problem(c);
    CHECK(p.code == "date_order");
    CHECK(p.pointer == "/journey/1/entered");
    CHECK(p.message ==
          "\"2017-09-10\" is before /journey/0/entered (\"2017-09-12\"), but journey legs must be in the order they happened");

    // A leg without a date is skipped: the next dated leg is compared with the last dated one.
    c = complete_case();
    c["journey"][1].erase("entered");
    c["journey"][2]["entered"] = "2017-08";
    std::vector<Problem> problems = rule_problems(c);
    INFO(describe(problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].pointer == "/journey/2/entered");
    CHECK(problems[0].message ==
          "\"2017-08\" is before /journey/0/entered (\"2017-09-12\"), but journey legs must be in the order they happened");
}

TEST_CASE("rule: returns' dates never go backwards", "[rules][date_order]")
{
    Json c = complete_case();
    Json second = c["returns"][0];
    second["date"] = "2018";
    c["returns"].push_back(second); // 2018 vs 2018-02-06: same year, in order
    require_no_problems(c);

    c["returns"][1]["date"] = "2018-01-31";
    Problem p = only_problem(c);
    CHECK(p.code == "date_order");
    CHECK(p.pointer == "/returns/1/date");
    CHECK(p.message == "\"2018-01-31\" is before /returns/0/date (\"2018-02-06\"), but returns must be in the order they happened");
}

TEST_CASE("rule: the first return comes after entering the first country", "[rules][date_order]")
{
    Json c = complete_case();
    c["returns"][0]["date"] = "2017"; // same year as 2017-09-12: cannot be told apart
    c["after_return"]["harms"][0]["date"] = "2018";
    require_no_problems(c);

    c = complete_case();
    c["returns"][0]["date"] = "2017-08-30";
    c["after_return"]["harms"][0].erase("date");
    Problem p = only_problem(c);
    CHECK(p.code == "date_order");
    CHECK(p.pointer == "/returns/0/date");
    CHECK(p.message ==
          "\"2017-08-30\" is before /journey/0/entered (\"2017-09-12\"), but the first return must come after entering the first country of the journey");
}

TEST_CASE("rule: later legs may come after the first return (a person may travel again)", "[rules][date_order]")
{
    Json c = complete_case();
    Json again = c["journey"][1];
    again["entered"] = "2018-05-01";
    c["journey"].push_back(again);
    Json second = c["returns"][0];
    second["date"] = "2018-06-10";
    second["from"] = "MEX";
    c["returns"].push_back(second);
    require_no_problems(c);
}

TEST_CASE("rule: harms are dated on or after the first return", "[rules][date_order]")
{
    Json c = complete_case();
    c["after_return"]["harms"][0]["date"] = "2018-02"; // the month of the return: in order
    require_no_problems(c);
    c["after_return"]["harms"][0]["date"] = "2018-02-06"; // the day of the return
    require_no_problems(c);

    c["after_return"]["harms"][0]["date"] = "2018-01-25";
    Problem p = only_problem(c);
    CHECK(p.code == "date_order");
    CHECK(p.pointer == "/after_return/harms/0/date");
    CHECK(p.message ==
          "\"2018-01-25\" is before /returns/0/date (\"2018-02-06\"), but harms after return must be dated on or after the first return");

    // Compared with the first return, not the latest one.
    c = complete_case();
    Json second = c["returns"][0];
    second["date"] = "2019-05";
    c["returns"].push_back(second);
    c["after_return"]["harms"][0]["date"] = "2018-06";
    require_no_problems(c);

    // Every harm is checked.
    c = complete_case();
    Json harm = c["after_return"]["harms"][0];
    harm["date"] = "2017";
    c["after_return"]["harms"].push_back(harm);
    harm["date"] = "2018-01";
    c["after_return"]["harms"].push_back(harm);
    std::vector<Problem> problems = rule_problems(c);
    INFO(describe(problems));
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].pointer == "/after_return/harms/1/date");
    CHECK(problems[1].pointer == "/after_return/harms/2/date");
}

TEST_CASE("rule: dates in order ignore dates the schema rejects", "[rules][date_order]")
{
    Json c = complete_case();
    c["flight"]["date"] = "autumn 2017";
    c["journey"][0]["entered"] = "2017-13-01";
    c["returns"][0]["date"] = 2018;
    require_no_problems(c);
}

TEST_CASE("rule: dates must be days of the calendar", "[rules][invalid_date]")
{
    Json c = complete_case();
    c["journey"][2]["asylum"]["decided"] = "2018-02-28";
    require_no_problems(c);

    c["journey"][2]["asylum"]["decided"] = "2018-02-30";
    Problem p = only_problem(c);
    CHECK(p.code == "invalid_date");
    CHECK(p.pointer == "/journey/2/asylum/decided");
    CHECK(p.message == "\"2018-02-30\" is not a day of the calendar: check the day and month");

    // Every date field of the record is checked.
    const std::vector<std::pair<std::vector<std::string>, std::string>> fields = {
        {{"recorded", "date"}, "/recorded/date"},
        {{"flight", "date"}, "/flight/date"},
        {{"journey", "1", "entered"}, "/journey/1/entered"},
        {{"returns", "0", "date"}, "/returns/0/date"},
        {{"after_return", "harms", "0", "date"}, "/after_return/harms/0/date"},
        {{"after_return", "last_contact"}, "/after_return/last_contact"},
        {{"sources", "1", "date"}, "/sources/1/date"},
        {{"consent", "date"}, "/consent/date"},
    };
    for (const auto& [path, pointer] : fields) {
        c = complete_case();
        Json* v = &c;
        for (const std::string& key : path) {
            v = v->is_array() ? &(*v)[std::stoul(key)] : &(*v)[key];
        }
        *v = "2019-02-29";
        std::vector<Problem> problems = rule_problems(c);
        INFO(pointer << "\n" << describe(problems));
        bool found = false;
        for (const Problem& q : problems) {
            found = found || (q.code == "invalid_date" && q.pointer == pointer);
        }
        CHECK(found);
    }
}

TEST_CASE("rule: only date fields are checked as calendar dates", "[rules][invalid_date]")
{
    // Free text that happens to look like an impossible date is not a date.
    Json c = complete_case();
    c["recorded"]["project"] = "2019-02-29";
    c["sources"][0]["id"] = "2018-02-30";
    c["after_return"]["harms"][0]["sources"][0] = "2018-02-30";
    c["sources"][1]["reference"] = "2018-02-31";
    require_no_problems(c);
}

TEST_CASE("rule: every harm source names an entry of sources", "[rules][unknown_source]")
{
    Json c = complete_case();
    c["after_return"]["harms"][0]["sources"] = Json::array({"s1", "s2"});
    require_no_problems(c);

    c["after_return"]["harms"][0]["sources"] = Json::array({"s1", "s9"});
    Problem p = only_problem(c);
    CHECK(p.code == "unknown_source");
    CHECK(p.pointer == "/after_return/harms/0/sources/1");
    CHECK(p.message == "source \"s9\" is not listed in /sources (listed: s1, s2): add it there or correct the id");

    c.erase("sources");
    c["after_return"]["harms"][0]["sources"] = Json::array({"s1"});
    p = only_problem(c);
    CHECK(p.code == "unknown_source");
    CHECK(p.pointer == "/after_return/harms/0/sources/0");
    CHECK(p.message == "source \"s1\" is not listed in /sources (no sources are listed): add it there or correct the id");
}

TEST_CASE("rule: source ids are unique within a case", "[rules][duplicate_source_id]")
{
    Json c = complete_case();
    require_no_problems(c);

    c["sources"][1]["id"] = "s1";
    Problem p = only_problem(c);
    CHECK(p.code == "duplicate_source_id");
    CHECK(p.pointer == "/sources/1/id");
    CHECK(p.message == "source id \"s1\" is used twice in this case: give each source its own id");
}

TEST_CASE("rule: a killed person is not at home or remigrated", "[rules][killed_situation]")
{
    Json c = complete_case();
    c["after_return"]["harms"][0]["type"] = "killed";
    c["after_return"]["situation"] = Json::array({"deceased"});
    require_no_problems(c);
    c["after_return"].erase("situation");
    require_no_problems(c);

    c["after_return"]["situation"] = Json::array({"in_hiding", "at_home"});
    Problem p = only_problem(c);
    CHECK(p.code == "killed_situation");
    CHECK(p.pointer == "/after_return/situation/1");
    CHECK(p.message == "a harm says the person was killed, but the situation says \"at_home\": use \"deceased\" or correct the harm");

    c["after_return"]["situation"] = Json::array({"remigrated", "at_home"});
    std::vector<Problem> problems = rule_problems(c);
    INFO(describe(problems));
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].pointer == "/after_return/situation/1");
    CHECK(problems[1].pointer == "/after_return/situation/0");
    CHECK(problems[1].message ==
          "a harm says the person was killed, but the situation says \"remigrated\": use \"deceased\" or correct the harm");

    // Not killed: at home is fine.
    c = complete_case();
    c["after_return"]["situation"] = Json::array({"at_home"});
    require_no_problems(c);
}

TEST_CASE("rule: a minor at flight needs traveled_with (a warning)", "[rules][minor_traveled_with]")
{
    Json c = complete_case();
    c["person"].erase("birth_year"); // the age alone: no birth year to disagree with
    c["person"]["age_at_flight"] = 15;
    require_no_problems(c); // traveled_with is "alone"
    c["person"]["traveled_with"] = "unknown";
    require_no_problems(c);

    c["person"].erase("traveled_with");
    c["person"]["age_at_flight"] = 18;
    require_no_problems(c);

    c["person"]["age_at_flight"] = 17;
    Problem p = only_problem(c);
    CHECK(p.code == "minor_traveled_with");
    CHECK(p.pointer == "/person/age_at_flight");
    CHECK(p.severity == Severity::warning);
    CHECK(p.message == "the person was a minor at flight: record who they traveled with (person.traveled_with), or \"unknown\"");
    CHECK_FALSE(casebook::record::has_errors({p}));

    c["person"]["age_at_flight"] = 0;
    CHECK(only_problem(c).code == "minor_traveled_with");
}

TEST_CASE("rule: a complete case has origin, journey, returns and after_return", "[rules][complete_requires]")
{
    Json c = complete_case();
    require_no_problems(c);

    for (const char* field : {"origin", "journey", "returns", "after_return"}) {
        Json d = complete_case();
        d.erase(field);
        std::vector<Problem> problems = rule_problems(d);
        INFO(field << "\n" << describe(problems));
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == "complete_requires");
        CHECK(problems[0].pointer == std::string("/") + field);
    }

    Json d = complete_case();
    d["returns"] = Json::array();
    Problem p = only_problem(d);
    CHECK(p.pointer == "/returns");
    CHECK(p.message == "a case with status \"complete\" needs at least one return; keep status \"draft\" until it has it");

    d = complete_case();
    d["journey"] = Json::array();
    p = only_problem(d);
    CHECK(p.pointer == "/journey");
    CHECK(p.message == "a case with status \"complete\" needs at least one journey leg; keep status \"draft\" until it has it");

    d = casebook::test::minimal_case();
    d["status"] = "complete";
    std::vector<Problem> problems = rule_problems(d);
    INFO(describe(problems));
    REQUIRE(problems.size() == 4);
    CHECK(problems[0].pointer == "/origin");
    CHECK(problems[0].message == "a case with status \"complete\" needs the origin (origin.country); keep status \"draft\" until it has it");
    CHECK(problems[1].pointer == "/journey");
    CHECK(problems[2].pointer == "/returns");
    CHECK(problems[3].pointer == "/after_return");
    CHECK(problems[3].message ==
          "a case with status \"complete\" needs what happened after return (after_return); keep status \"draft\" until it has it");

    // Drafts may be partial.
    d["status"] = "draft";
    require_no_problems(d);
    d.erase("status");
    require_no_problems(d);
}

TEST_CASE("rules tolerate records of the wrong shape", "[rules]")
{
    require_no_problems(Json::array());
    require_no_problems(Json("text"));
    require_no_problems(Json(nullptr));

    Json c = casebook::test::minimal_case();
    c["flight"] = "2017";
    c["journey"] = Json::object({{"entered", "2017"}});
    c["returns"] = 5;
    c["after_return"] = Json::array({"killed"});
    c["sources"] = Json::array({1, Json::object({{"id", 7}}), "s1"});
    c["person"] = Json::object({{"age_at_flight", "twelve"}});
    c["status"] = 1;
    require_no_problems(c);

    c = casebook::test::minimal_case();
    c["journey"] = Json::array({1, Json::array(), Json::object({{"entered", nullptr}})});
    c["returns"] = Json::array({Json::object({{"date", Json::array()}})});
    c["after_return"] = Json::object({{"harms", Json::array({Json::object({{"type", "killed"}, {"sources", "s1"}})})},
                                      {"situation", "at_home"}});
    require_no_problems(c);
}

TEST_CASE("check_record reports schema problems, then rule problems", "[rules]")
{
    Json c = complete_case();
    c["returns"][0]["mechanism"] = "deported";
    c["after_return"]["harms"][0]["sources"] = Json::array({"s7"});
    std::vector<Problem> problems = casebook::record::check_record(c);
    INFO(describe(problems));
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].code == "enum");
    CHECK(problems[1].code == "unknown_source");
    CHECK(casebook::record::has_errors(problems));
}

TEST_CASE("rule: refused or withdrawn consent has no scope", "[rules][consent]")
{
    Json c = complete_case();
    c["consent"] = casebook::test::parsed(R"({"obtained": false, "date": "2018-03-20"})");
    require_no_problems(c);
    c["consent"]["scope"] = "full";
    Problem p = only_problem(c);
    CHECK(p.code == "consent_scope_refused");
    CHECK(p.pointer == "/consent/scope");
    CHECK(p.severity == Severity::error);
    CHECK(p.message == "consent was refused or withdrawn (obtained: false), so it has no scope: remove the scope, or "
                       "correct obtained");
}

TEST_CASE("rule: no date is in the future, consent's included", "[rules][future_date]")
{
    for (const char* pointer : {"/consent/date", "/recorded/date", "/after_return/last_contact", "/sources/1/date"}) {
        INFO(pointer);
        Json c = complete_case();
        c[Json::json_pointer(pointer)] = "2999-01";
        std::vector<Problem> problems = rule_problems(c);
        INFO(describe(problems));
        REQUIRE(!problems.empty());
        CHECK(problems[0].code == "future_date");
        CHECK(problems[0].pointer == pointer);
        CHECK(problems[0].severity == Severity::error);
        CHECK(problems[0].message == "\"2999-01\" is in the future: check the year, month and day");
    }
    Json c = complete_case();
    c["consent"]["date"] = "2020"; // the past, at any precision
    require_no_problems(c);
}

TEST_CASE("rule: birth year and age at flight agree within a year", "[rules][age_mismatch]")
{
    Json c = complete_case(); // born 1990, fled 2017: 26 or 27
    for (int age : {25, 26, 27, 28}) {
        c["person"]["age_at_flight"] = age;
        INFO(age);
        require_no_problems(c);
    }
    c["person"]["age_at_flight"] = 30;
    Problem p = only_problem(c);
    CHECK(p.code == "age_mismatch");
    CHECK(p.pointer == "/person/age_at_flight");
    CHECK(p.severity == Severity::warning);
    CHECK(p.message == "age at flight 30 does not fit birth year 1990 and a flight in 2017 (age 26 or 27): check both");
    c["person"]["age_at_flight"] = 24;
    CHECK(only_problem(c).code == "age_mismatch");
    c.erase("flight"); // no flight year: nothing to compare
    c["journey"][0].erase("entered");
    require_no_problems(c);
}

TEST_CASE("rule: a return goes to another country", "[rules][return_to_same_country]")
{
    Json c = complete_case();
    c["returns"][0]["to"] = "USA";
    Problem p = only_problem(c);
    CHECK(p.code == "return_to_same_country");
    CHECK(p.pointer == "/returns/0/to");
    CHECK(p.severity == Severity::warning);
    CHECK(p.message == "a return from USA to USA: a return takes the person to another country; check from and to");
}

TEST_CASE("rule: the last contact is not before the first return", "[rules][last_contact_before_return]")
{
    Json c = complete_case();
    c["after_return"]["last_contact"] = "2018-02"; // same month as the return: cannot be told apart
    require_no_problems(c);
    c["after_return"]["last_contact"] = "2018-01-30";
    Problem p = only_problem(c);
    CHECK(p.code == "last_contact_before_return");
    CHECK(p.pointer == "/after_return/last_contact");
    CHECK(p.severity == Severity::warning);
    CHECK(p.message == "the last contact (\"2018-01-30\") is before the first return (\"2018-02-06\"): what happened "
                       "after return then comes from others; check the date");
}

TEST_CASE("rule: an asylum decision comes after entering that leg's country", "[rules][date_order]")
{
    Json c = complete_case();
    c["journey"][2]["asylum"]["decided"] = "2017-10"; // the month of entry: in order
    require_no_problems(c);
    c["journey"][2]["asylum"]["decided"] = "2017-09-30";
    Problem p = only_problem(c);
    CHECK(p.code == "date_order");
    CHECK(p.pointer == "/journey/2/asylum/decided");
    CHECK(p.message == "\"2017-09-30\" is before /journey/2/entered (\"2017-10-02\"), but an asylum claim is decided "
                       "after the person entered that country");
}
