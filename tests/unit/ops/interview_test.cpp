// Guided entry: answers piped into the interview build records; the answer
// parsers; recovery files that `create --from` accepts.
#include <algorithm>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "input/answers.hpp"
#include "ops/interview.hpp"
#include "ops/recovery.hpp"
#include "record/validate.hpp"
#include "../files.hpp"

using namespace casebook;

namespace {

// Options with this day for recorded.date, and ids taken (optional).
ops::InterviewOptions on_day(const std::string& today, std::function<bool(const std::string&)> id_taken = nullptr)
{
    ops::InterviewOptions o;
    o.today = today;
    o.id_taken = std::move(id_taken);
    return o;
}

// Runs an interview on these answers, one per line.
ops::InterviewResult interview(const std::vector<std::string>& answers, std::string* transcript = nullptr,
                          const ops::InterviewOptions& options = on_day("2024-05-01"), bool final_newline = true)
{
    std::string text;
    for (std::size_t i = 0; i < answers.size(); ++i) {
        text += answers[i];
        if (i + 1 < answers.size() || final_newline) {
            text += '\n';
        }
    }
    std::istringstream in(text);
    std::ostringstream out;
    ops::InterviewResult r = ops::run_interview(in, out, options);
    if (transcript != nullptr) {
        *transcript = out.str();
    }
    return r;
}

// Answers for a complete case, in interview order (see the comments for the question).
std::vector<std::string> complete_answers()
{
    return {
        "",                        // id: assigned when saved
        "R01", "", "PNR",          // recorded: by, date (Enter: today), project
        "Ana", "1", "1990", "",    // person: pseudonym, sex (number), birth year, age at flight
        "fam",                     // traveled with (prefix)
        "El Salvador", "",         // origin: country (name), locality
        "2016-13", "2016-03",      // flight date: impossible month, re-asked
        "1,extortion,threat_to",   // reasons: number, value, prefix
        "gang", "y", "no_resp",    // persecutors, sought protection at home, home failures
        "y",                       // add a journey leg
        "gtm", "2016-04", "transit", "n", // country, entered, role, detained
        "y", "", "n", "", "", "", "", "", // anything about asylum in Guatemala? yes; asylum; failures
        "y",                       // another leg
        "USA", "2016-05", "dest", "y", "y", "y", "y", "credible", "denied", "n", "2016-09", "no_legal, prolonged",
        "n",                       // no other leg
        "y",                       // add a return
        "2016-10", "United States", "SLV", "removal", "n", "n",
        "n",                       // no other return
        "y",                       // add a harm
        "threat", "2017-01", "gang", "y", "alleged", "s1",
        "n",                       // no other harm
        "in_hiding", "2017-06",    // situation, last contact
        "y",                       // add a source
        "", "interview", "2017-06", "", // id (Enter: s1, cited by the harm), type, date, reference
        "n",                       // no other source
        "y", "anon", "2017-06",    // consent
        "She was threatened again.", ".", "", // narrative (ended by "."), notes (Enter: left out)
        "pnr-2017, test",          // tags
        "complete",                // status
        "",                        // save? (Enter: yes)
    };
}

} // namespace

TEST_CASE("piped answers build a valid complete case", "[interview]")
{
    std::string transcript;
    ops::InterviewResult r = interview(complete_answers(), &transcript);
    INFO(transcript);
    REQUIRE(r.end == ops::InterviewEnd::confirmed);
    CHECK(r.finished());
    const Json& c = r.record;
    CHECK(c["schema_version"] == "1");
    CHECK_FALSE(c.contains("id"));
    CHECK(c["status"] == "complete");
    CHECK(c["recorded"] == Json::parse(R"({"by":"R01","date":"2024-05-01","project":"PNR"})"));
    CHECK(c["person"] == Json::parse(R"({"pseudonym":"Ana","sex":"female","birth_year":1990,"traveled_with":"family"})"));
    CHECK(c["origin"] == Json::parse(R"({"country":"SLV"})"));
    CHECK(c["flight"]["date"] == "2016-03");
    CHECK(c["flight"]["reasons"] == Json::parse(R"(["gang_threat","extortion","threat_to_life"])"));
    CHECK(c["flight"]["sought_protection_at_home"] == true);
    CHECK(c["flight"]["home_failures"] == Json::parse(R"(["no_response"])"));
    REQUIRE(c["journey"].size() == 2);
    CHECK(c["journey"][0] == Json::parse(R"({"country":"GTM","entered":"2016-04","role":"transit","detained":false,
                                             "asylum":{"sought":false}})"));
    CHECK(c["journey"][1]["role"] == "destination");
    CHECK(c["journey"][1]["asylum"] == Json::parse(R"({"fear_expressed":true,"sought":true,"procedure":"credible_fear",
                                                       "outcome":"denied","represented":false,"decided":"2016-09"})"));
    CHECK(c["journey"][1]["failures"] == Json::parse(R"(["no_legal_representation","prolonged_detention"])"));
    CHECK(c["returns"] == Json::parse(R"([{"date":"2016-10","from":"USA","to":"SLV","mechanism":"removal",
                                          "pending_claim":false,"unaccompanied_minor":false}])"));
    CHECK(c["after_return"] == Json::parse(R"({"harms":[{"type":"threat","date":"2017-01","perpetrator":"gang",
        "same_persecutor":true,"verification":"alleged","sources":["s1"]}],"situation":["in_hiding"],"last_contact":"2017-06"})"));
    CHECK(c["sources"] == Json::parse(R"([{"id":"s1","type":"interview","date":"2017-06"}])"));
    CHECK(c["consent"] == Json::parse(R"({"obtained":true,"scope":"anonymised_quotes","date":"2017-06"})"));
    CHECK(c["narrative"] == "She was threatened again.");
    CHECK_FALSE(c.contains("notes"));
    CHECK(c["tags"] == Json::parse(R"(["pnr-2017","test"])"));

    Json stored = c;
    stored["id"] = "SLV-0001";
    CHECK_FALSE(record::has_errors(record::check_record(stored)));

    // What the researcher saw: the bad date explained, choices echoed, the summary, sensitive values masked.
    CHECK(transcript.find("\"2016-13\" is not a date") != std::string::npos);
    CHECK(transcript.find("  = family") != std::string::npos);
    CHECK(transcript.find("  = SLV (El Salvador)") != std::string::npos);
    CHECK(transcript.find("When the person fled (YYYY, YYYY-MM or YYYY-MM-DD)") != std::string::npos);
    CHECK(transcript.find("forced_recruitment (pressure to join a gang or armed group)") != std::string::npos);
    CHECK(transcript.find("/person/pseudonym: (sensitive, 3 characters)") != std::string::npos);
    CHECK(transcript.find("Ana") == std::string::npos);
    CHECK(transcript.find("Save this case? [Y/n]") != std::string::npos);
}

TEST_CASE("the keys of a guided record come out in schema order", "[interview]")
{
    ops::InterviewResult r = interview(complete_answers());
    std::vector<std::string> keys;
    for (auto it = r.record.begin(); it != r.record.end(); ++it) {
        keys.push_back(it.key());
    }
    CHECK(keys == std::vector<std::string>{"schema_version", "status", "recorded", "person", "origin", "flight", "journey", "returns",
                                           "after_return", "sources", "consent", "narrative", "tags"});
}

TEST_CASE("end of input midway keeps the answers so far", "[interview]")
{
    std::vector<std::string> answers = complete_answers();
    // Stop inside the second journey leg, after its country and date.
    answers.resize(33);
    REQUIRE(answers.back() == "2016-05");
    ops::InterviewResult r = interview(answers);
    CHECK(r.end == ops::InterviewEnd::input_ended);
    CHECK_FALSE(r.finished());
    CHECK(r.record["recorded"]["by"] == "R01");
    CHECK(r.record["flight"]["date"] == "2016-03");
    REQUIRE(r.record["journey"].size() == 2);
    CHECK(r.record["journey"][1] == Json::parse(R"({"country":"USA","entered":"2016-05"})"));

    // The draft keeps every answer and is a valid record once create gives it an id.
    Json draft = ops::draft_of(r.record);
    CHECK(draft["status"] == "draft");
    CHECK(draft["journey"] == r.record["journey"]);
    CHECK_FALSE(draft.contains("id"));
    draft["id"] = "SLV-0001";
    CHECK_FALSE(record::has_errors(record::check_record(draft)));
}

TEST_CASE("a last answer without a newline still counts", "[interview]")
{
    std::vector<std::string> answers = complete_answers();
    answers.pop_back(); // the final Enter: the save question gets end of input instead
    answers.push_back("y");
    ops::InterviewResult r = interview(answers, nullptr, on_day("2024-05-01"), false);
    CHECK(r.end == ops::InterviewEnd::confirmed);
}

TEST_CASE("an item cut short by end of input is dropped from the draft", "[interview]")
{
    std::vector<std::string> answers = complete_answers();
    // Stop in the return, after its date: a return needs from and to.
    auto it = std::find(answers.begin(), answers.end(), "2016-10");
    answers.erase(it + 1, answers.end());
    ops::InterviewResult r = interview(answers);
    CHECK(r.end == ops::InterviewEnd::input_ended);
    CHECK(r.record["returns"] == Json::parse(R"([{"date":"2016-10"}])"));
    Json draft = ops::draft_of(r.record);
    CHECK_FALSE(draft.contains("returns"));
    draft["id"] = "x-1";
    CHECK_FALSE(record::has_errors(record::check_record(draft)));
}

TEST_CASE("Ctrl-C ends the interview with the answers so far", "[interview]")
{
    ops::interview_interrupted.store(true);
    ops::InterviewResult r = interview(complete_answers());
    ops::interview_interrupted.store(false);
    CHECK(r.end == ops::InterviewEnd::interrupted);
    CHECK(r.record == Json::parse(R"({"schema_version":"1"})"));
}

TEST_CASE("Enter on the first required field skips the object", "[interview]")
{
    // id, recorded (3), person (5), then Enter at origin.country: no origin, locality not asked.
    std::vector<std::string> answers = {"", "", "-", "", "", "", "", "", "", "", "2016"};
    std::string transcript;
    ops::InterviewResult r = interview(answers, &transcript);
    CHECK(r.end == ops::InterviewEnd::input_ended);
    CHECK_FALSE(r.record.contains("recorded"));
    CHECK_FALSE(r.record.contains("person"));
    CHECK_FALSE(r.record.contains("origin"));
    CHECK(r.record["flight"]["date"] == "2016");
    CHECK(transcript.find("country [code or name] (Enter: no origin)") != std::string::npos);
}

TEST_CASE("answers are validated as they are given", "[interview]")
{
    std::string transcript;
    // A bad id, an unknown country, a birth year out of range, an ambiguous prefix.
    std::vector<std::string> answers = {"-bad", "ok-1", "", "", "", "", "x", "oth", "1850", "1990", "", "e", "fam", "Narnia", "salvador"};
    ops::InterviewResult r = interview(answers, &transcript);
    INFO(transcript);
    CHECK(r.record["id"] == "ok-1");
    CHECK(r.record["person"]["sex"] == "other");
    CHECK(r.record["person"]["traveled_with"] == "family");
    CHECK(r.record["person"]["birth_year"] == 1990);
    CHECK(r.record["origin"]["country"] == "SLV");
    CHECK(transcript.find("is not a valid case id") != std::string::npos);
    CHECK(transcript.find("\"x\" is not one of the choices") != std::string::npos);
    CHECK(transcript.find("1850 is below the minimum, 1900") != std::string::npos);
    CHECK(transcript.find("\"Narnia\" is not a country code or name") != std::string::npos);
}

TEST_CASE("a date out of order with an earlier answer is re-asked", "[interview]")
{
    std::vector<std::string> answers = complete_answers();
    // The first leg entered before the flight (2016-03): refused, then 2016-04.
    auto it = std::find(answers.begin(), answers.end(), "gtm");
    answers.insert(it + 1, "2015");
    std::string transcript;
    ops::InterviewResult r = interview(answers, &transcript);
    CHECK(r.end == ops::InterviewEnd::confirmed);
    CHECK(r.record["journey"][0]["entered"] == "2016-04");
    CHECK(transcript.find("the flight must come before entering the first country of the journey") != std::string::npos);
}

TEST_CASE("a return defaults to the last country reached and the origin", "[interview]")
{
    std::vector<std::string> answers = complete_answers();
    auto it = std::find(answers.begin(), answers.end(), "United States");
    *it = "";       // from: Enter gives USA, the last journey leg
    *(it + 1) = ""; // to: Enter gives SLV, the origin
    std::string transcript;
    ops::InterviewResult r = interview(answers, &transcript);
    CHECK(r.end == ops::InterviewEnd::confirmed);
    CHECK(r.record["returns"][0]["from"] == "USA");
    CHECK(r.record["returns"][0]["to"] == "SLV");
    CHECK(transcript.find("from [code or name] [USA] (required): ") != std::string::npos);
}

TEST_CASE("an id already in the database is refused", "[interview]")
{
    ops::InterviewOptions options = on_day("", [](const std::string& id) { return id == "sv-001"; });
    std::string transcript;
    ops::InterviewResult r = interview({"sv-001", "sv-002"}, &transcript, options);
    CHECK(r.record["id"] == "sv-002");
    CHECK(transcript.find("id \"sv-001\" is already in the database") != std::string::npos);
}

TEST_CASE("a complete case that lacks what complete needs is offered as a draft", "[interview]")
{
    // Only an origin, then status complete: no journey, returns or after_return.
    std::vector<std::string> answers = {"", "", "-", "", "", "", "", "", "", "HND", "", "", "", "", "", "",
                                        "n", "n", "n", "", "", "n", "", "", "", "", "", "", "complete"};
    SECTION("yes: saved as a draft")
    {
        answers.push_back("y");
        std::string transcript;
        ops::InterviewResult r = interview(answers, &transcript);
        INFO(transcript);
        CHECK(r.end == ops::InterviewEnd::confirmed);
        CHECK(r.record["status"] == "draft");
        CHECK(transcript.find("error: /journey: a case with status \"complete\" needs at least one journey leg") != std::string::npos);
        CHECK(transcript.find("Save it as a draft?") != std::string::npos);
    }
    SECTION("no: declined, answers kept")
    {
        answers.push_back("n");
        ops::InterviewResult r = interview(answers);
        CHECK(r.end == ops::InterviewEnd::declined);
        CHECK(r.record["origin"]["country"] == "HND");
    }
}

TEST_CASE("no at the end declines the case", "[interview]")
{
    std::vector<std::string> answers = complete_answers();
    answers.back() = "n";
    ops::InterviewResult r = interview(answers);
    CHECK(r.end == ops::InterviewEnd::declined);
    CHECK(r.record["narrative"] == "She was threatened again.");
}

TEST_CASE("choices: number, value, prefix", "[interview][answers]")
{
    const std::vector<std::string> v = {"gang_threat", "extortion", "forced_recruitment", "threat_to_life", "other"};
    CHECK(input::parse_choice("2", v).value == "extortion");
    CHECK(input::parse_choice(" forced_recruitment ", v).value == "forced_recruitment");
    CHECK(input::parse_choice("FORCED", v).value == "forced_recruitment");
    CHECK(input::parse_choice("g", v).value == "gang_threat");
    CHECK_FALSE(input::parse_choice("0", v).value);
    CHECK_FALSE(input::parse_choice("6", v).value);
    CHECK_FALSE(input::parse_choice("x", v).value);
    input::Parsed<std::string> ambiguous = input::parse_choice("o", std::vector<std::string>{"other", "organized_crime"});
    CHECK_FALSE(ambiguous.value);
    CHECK(ambiguous.error == "\"o\" could be other, organized_crime: type more of the value, or its number");
    // An exact value wins over a longer one it is a prefix of.
    CHECK(input::parse_choice("other", std::vector<std::string>{"other_state_agent", "other"}).value == "other");

    CHECK(input::parse_choices("1, 3 extortion,1", v).value == std::vector<std::string>{"gang_threat", "forced_recruitment", "extortion"});
    CHECK_FALSE(input::parse_choices("1,9", v).value);
}

TEST_CASE("yes/no, countries, dates, numbers, lists", "[interview][answers]")
{
    CHECK(input::parse_yes_no("Y").value == true);
    CHECK(input::parse_yes_no("no").value == false);
    CHECK_FALSE(input::parse_yes_no("maybe").value);

    CHECK(input::parse_country("slv").value == "SLV");
    CHECK(input::parse_country("Guatemala").value == "GTM");
    CHECK(input::parse_country("united states").value == "USA");
    CHECK(input::parse_country("Salvador").value == "SLV");
    CHECK_FALSE(input::parse_country("XXX").value);
    CHECK_FALSE(input::parse_country("").value);

    CHECK(input::parse_date_answer("2017").value == "2017");
    CHECK(input::parse_date_answer("2017-03-09").value == "2017-03-09");
    CHECK(input::parse_date_answer("2018-02-30").error == "\"2018-02-30\" is not a day of the calendar: check the day and month");
    CHECK_FALSE(input::parse_date_answer("March 2017").value);

    CHECK(input::parse_integer("1996").value == 1996);
    CHECK_FALSE(input::parse_integer("19.5").value);
    CHECK_FALSE(input::parse_integer("").value);

    CHECK(input::text_problem("Ana María, 東京") == "");
    CHECK_FALSE(input::text_problem("Mar\xED" "a").empty());      // Latin-1, not UTF-8
    CHECK_FALSE(input::text_problem("\x1b[A").empty());         // an arrow key
    CHECK_FALSE(input::text_problem("\xED\xA0\x80").empty());   // a surrogate

    CHECK(input::split_list(" a, b ,,a, c d ") == std::vector<std::string>{"a", "b", "c d"});
}

TEST_CASE("draft_of lists sources that harms cite, and drops incomplete parts", "[interview]")
{
    Json answers = Json::parse(R"({"schema_version":"1","status":"complete","person":{},
        "origin":{"locality":"x"},
        "after_return":{"harms":[{"type":"threat","sources":["s2"]},{"date":"2020"}]}})");
    Json draft = ops::draft_of(answers);
    CHECK(draft == Json::parse(R"({"schema_version":"1","status":"draft",
        "after_return":{"harms":[{"type":"threat","sources":["s2"]}]},"sources":[{"id":"s2"}]})"));
    draft["id"] = "a";
    CHECK_FALSE(record::has_errors(record::check_record(draft)));
}

TEST_CASE("a recovery file is private, replaced whole, and read back", "[interview][recovery]")
{
    const test::TempDir dir;
    ops::Recovery r;
    r.started = "2024-05-01T10:00:00Z";
    r.today = "2024-05-01";
    r.language = "es";
    r.answers = {{1, ""}, {2, "R01"}};
    ops::save_recovery(r, dir.path() / "state");
    const std::string path = r.path.string();
    CHECK(test::mode_of(path) == 0600);
    CHECK(test::mode_of(dir.path() / "state") == 0700);
    CHECK(r.path.parent_path() == dir.path() / "state");
    r.answers.push_back({3, "línea 1\nlínea 2"});
    ops::save_recovery(r, dir.path() / "state");
    CHECK(r.path.string() == path); // the same file, replaced
    CHECK(test::mode_of(path) == 0600);
    ops::Recovery back = ops::read_recovery(path);
    CHECK(back.today == "2024-05-01");
    CHECK(back.language == "es");
    REQUIRE(back.answers.size() == 3);
    CHECK(back.answers[2].question == 3);
    CHECK(back.answers[2].text == "línea 1\nlínea 2");
    // Nothing else is left in the folder: the new version was renamed over the old.
    std::size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path() / "state")) {
        (void)e;
        ++files;
    }
    CHECK(files == 1);
    CHECK(ops::waiting_recoveries(dir.path() / "state").size() == 1);
    ops::remove_recovery(back);
    CHECK(ops::waiting_recoveries(dir.path() / "state").empty());
    CHECK_THROWS(ops::read_recovery(dir.path() / "missing.json"));
}

TEST_CASE("every answer is handed over at once, and a resume replays them", "[interview][recovery]")
{
    std::vector<ops::InterviewAnswer> saved;
    ops::InterviewOptions options = on_day("2024-05-01");
    options.on_answer = [&saved](const std::vector<ops::InterviewAnswer>& a) { saved = a; };
    std::vector<std::string> answers = complete_answers();
    answers.resize(33); // cut inside the second leg (a crash)
    ops::InterviewResult cut = interview(answers, nullptr, options);
    CHECK(cut.end == ops::InterviewEnd::input_ended);
    REQUIRE(saved.size() == 33);
    CHECK(saved.back().text == "2016-05");

    // Resume: the kept answers are replayed, then the rest is asked.
    ops::InterviewOptions again = on_day("2024-05-01");
    again.resume = saved;
    const std::vector<std::string> all = complete_answers();
    std::vector<std::string> rest(all.begin() + 33, all.end());
    std::string transcript;
    ops::InterviewResult done = interview(rest, &transcript, again);
    INFO(transcript);
    CHECK(done.end == ops::InterviewEnd::confirmed);
    CHECK(done.record == interview(all).record);
    // The replayed questions are not shown again; the one it stopped at is.
    CHECK(transcript.find("Add a journey leg?") == std::string::npos);
    CHECK(transcript.find("role") != std::string::npos);
}

TEST_CASE("< goes back one question, at any prompt", "[interview]")
{
    std::vector<std::string> answers = complete_answers();
    // At the pseudonym: back to the project, which is changed.
    auto it = std::find(answers.begin(), answers.end(), "Ana");
    answers.insert(it, {"<", "OTHER"});
    std::string transcript;
    ops::InterviewResult r = interview(answers, &transcript);
    INFO(transcript);
    CHECK(r.end == ops::InterviewEnd::confirmed);
    CHECK(r.record["recorded"]["project"] == "OTHER");
    CHECK(r.record["person"]["pseudonym"] == "Ana");
}

TEST_CASE("the review lists every answer and changes one by number", "[interview]")
{
    std::vector<std::string> answers = complete_answers();
    answers.pop_back();                     // instead of saving at once:
    answers.insert(answers.end(), {"4", "Beatriz", ""}); // change answer 4 (the pseudonym), then save
    std::string transcript;
    ops::InterviewOptions options = on_day("2024-05-01");
    options.show_sensitive = true;
    ops::InterviewResult r = interview(answers, &transcript, options);
    INFO(transcript);
    CHECK(r.end == ops::InterviewEnd::confirmed);
    CHECK(r.record["person"]["pseudonym"] == "Beatriz");
    CHECK(transcript.find("    4. /person/pseudonym: Ana\n") != std::string::npos);
    CHECK(transcript.find("    4. /person/pseudonym: Beatriz\n") != std::string::npos);
}

TEST_CASE("? explains the question; a block per leg can be skipped", "[interview]")
{
    std::vector<std::string> answers = complete_answers();
    auto it = std::find(answers.begin(), answers.end(), "fam");
    answers.insert(it, "?");
    // The first leg: nothing happened with asylum in Guatemala.
    auto leg = std::find(answers.begin(), answers.end(), "gtm");
    answers.erase(leg + 4, leg + 11);
    answers.insert(leg + 4, "n");
    std::string transcript;
    ops::InterviewResult r = interview(answers, &transcript);
    INFO(transcript);
    CHECK(r.end == ops::InterviewEnd::confirmed);
    CHECK(r.record["journey"][0] == Json::parse(R"({"country":"GTM","entered":"2016-04","role":"transit","detained":false})"));
    CHECK(transcript.find("Did anything happen with asylum in Guatemala? [y/N]") != std::string::npos);
    CHECK(transcript.find("    2. family") != std::string::npos);
    CHECK(transcript.find("< goes back one question") != std::string::npos);
}

TEST_CASE("free texts take several lines, ended by a line holding only a dot", "[interview]")
{
    std::vector<std::string> answers = complete_answers();
    const auto at = std::find(answers.begin(), answers.end(), "She was threatened again.") - answers.begin();
    answers[at] = "Línea uno.\n\nsu apodo era el Flaco";
    const std::string long_text(10000, 'x');
    answers[at + 2] = long_text;                   // notes: one very long line
    answers.insert(answers.begin() + at + 3, "."); // ends the notes
    ops::InterviewResult r = interview(answers);
    CHECK(r.end == ops::InterviewEnd::confirmed);
    CHECK(r.record["narrative"] == "Línea uno.\n\nsu apodo era el Flaco");
    CHECK(r.record["notes"] == long_text);
    CHECK(r.record["tags"] == Json::parse(R"(["pnr-2017","test"])"));
}

TEST_CASE("answers in Spanish or English", "[interview][answers]")
{
    CHECK(input::parse_yes_no("sí").value == true);
    CHECK(input::parse_yes_no("S").value == true);
    CHECK(input::parse_country("México").value == "MEX");
    CHECK(input::parse_country("Mexico").value == "MEX");
    CHECK(input::parse_country("MX").value == "MEX");
    CHECK(input::parse_country("mex").value == "MEX");
    CHECK(input::parse_country("Estados Unidos").value == "USA");
    CHECK(input::parse_country("EEUU").value == "USA");
    CHECK(input::parse_country("EE.UU.").value == "USA");
    CHECK(input::parse_country("EUA").value == "USA");
    const std::vector<std::string> sex = {"female", "male", "other", "unknown"};
    CHECK(input::parse_choice("mujer", sex).value == "female");
    CHECK(input::parse_choice("femenino", sex).value == "female");
    CHECK(input::parse_choice("masculino", sex).value == "male");
    // Did you mean: a typo near a name, never a country far from it.
    input::Parsed<std::string> typo = input::parse_country("Guatemal");
    CHECK(typo.value == "GTM");
    input::Parsed<std::string> close = input::parse_country("Hondura");
    CHECK(close.value == "HND");
    input::Parsed<std::string> wrong = input::parse_country("Gautemala");
    CHECK_FALSE(wrong.value);
    CHECK(wrong.error.find("did you mean Guatemala (GTM)?") != std::string::npos);
    CHECK(wrong.error.find("Monaco") == std::string::npos);
}
