// The schema check: the built-in schema's messages (what a field researcher reads),
// sensitive values never echoed, other schemas through valijson, and the schema
// itself checked against the draft-07 meta-schema.
#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "util/error.hpp"
#include "schema/schema.hpp"
#include "schema/schema_validator.hpp"
#include "util/suggest.hpp"
#include "../case_fixtures.hpp"
#include "../files.hpp"

using casebook::Json;
using casebook::Problem;
using casebook::SchemaValidator;
using casebook::test::complete_case;
using casebook::test::describe;
using casebook::test::minimal_case;
using casebook::test::parsed;
using casebook::test::read_file;
using casebook::test::schema_problems;
using casebook::test::TempDir;
using casebook::test::write_file;

namespace {

// The one problem the built-in schema finds in a record.
Problem only_problem(const Json& record)
{
    std::vector<Problem> problems = schema_problems(record);
    INFO(describe(problems));
    REQUIRE(problems.size() == 1);
    return problems[0];
}

// The one schema problem of the complete fixture with one value replaced.
Problem problem_with(const std::string& pointer, const Json& value)
{
    Json c = complete_case();
    c[Json::json_pointer(pointer)] = value;
    INFO("set " << pointer << " = " << value.dump());
    return only_problem(c);
}

const std::string source_dir = CASEBOOK_SOURCE_DIR;

} // namespace

TEST_CASE("the built-in schema accepts the minimal draft and the complete fixture", "[schema]")
{
    CHECK(schema_problems(minimal_case()).empty());
    std::vector<Problem> problems = schema_problems(complete_case());
    INFO(describe(problems));
    CHECK(problems.empty());
}

TEST_CASE("enum: did you mean the closest value, then every allowed value closest first", "[schema][enum]")
{
    Problem p = problem_with("/returns/0/mechanism", "expidited_removal");
    CHECK(p.code == "enum");
    CHECK(p.pointer == "/returns/0/mechanism");
    CHECK(p.message ==
          "\"expidited_removal\" is not a valid return mechanism; did you mean \"expedited_removal\"? allowed: expedited_removal, "
          "removal, assisted_return, administrative_removal, reinstatement, expulsion, mpp_return, voluntary_return, "
          "deportation, self_return, aca_transfer, other, unknown, voluntary_departure, assisted_voluntary_return");

    p = problem_with("/after_return/harms/0/type", "threatened");
    CHECK(p.pointer == "/after_return/harms/0/type");
    CHECK(p.message ==
          "\"threatened\" is not a valid harm type; did you mean \"threat\"? allowed: threat, torture, killed, disappeared, other, "
          "kidnapping, extortion, sexual_violence, physical_assault, forced_recruitment, arbitrary_detention, family_member_harmed");

    p = problem_with("/after_return/situation/0", "hiding");
    CHECK(p.pointer == "/after_return/situation/0");
    CHECK(p.message ==
          "\"hiding\" is not a valid situation; did you mean \"in_hiding\"? allowed: in_hiding, detained, at_home, unknown, "
          "deceased, remigrated, lost_contact, internally_displaced");

    // An enum written in place (no definition name): case-insensitive closeness.
    p = problem_with("/status", "Complete");
    CHECK(p.pointer == "/status");
    CHECK(p.message == "\"Complete\" is not an allowed value; did you mean \"complete\"? allowed: complete, draft, reviewed, rejected");

    // Ties keep the vocabulary's order.
    CHECK(casebook::closest_first("x", {"ab", "cd", "a"}) == std::vector<std::string>{"a", "ab", "cd"});
    CHECK(casebook::closest_first("", {"bb", "a", "cc"}) == std::vector<std::string>{"a", "bb", "cc"});
    CHECK(casebook::closest_first("anything", {}).empty());
}

TEST_CASE("enum: a value of another type is not one of the allowed values", "[schema][enum]")
{
    Problem p = problem_with("/person/sex", "F");
    CHECK(p.message.rfind("\"F\" is not a valid sex; did you mean", 0) == 0);

    // The wrong type is reported as a type error, once.
    p = problem_with("/person/sex", 1);
    CHECK(p.code == "type");
    CHECK(p.message == "expected text (a string in double quotes), found a number");
}

TEST_CASE("country: a name gets its code as a hint", "[schema][enum][country]")
{
    Problem p = problem_with("/origin/country", "El Salvador");
    CHECK(p.code == "enum");
    CHECK(p.pointer == "/origin/country");
    CHECK(p.message == "\"El Salvador\" is not an ISO 3166-1 alpha-3 country code; did you mean \"SLV\" (El Salvador)?");

    p = problem_with("/journey/0/country", "guatemala");
    CHECK(p.message == "\"guatemala\" is not an ISO 3166-1 alpha-3 country code; did you mean \"GTM\" (Guatemala)?");

    p = problem_with("/returns/0/from", "United States of America");
    CHECK(p.pointer == "/returns/0/from");
    CHECK(p.message == "\"United States of America\" is not an ISO 3166-1 alpha-3 country code; did you mean \"USA\" (United States)?");
}

TEST_CASE("country: a lower-case code gets the upper-case code as a hint", "[schema][enum][country]")
{
    Problem p = problem_with("/journey/1/country", "mex");
    CHECK(p.code == "enum");
    CHECK(p.pointer == "/journey/1/country");
    CHECK(p.message == "\"mex\" is not an ISO 3166-1 alpha-3 country code; did you mean \"MEX\"? (codes are upper case)");

    p = problem_with("/returns/0/to", "Slv");
    CHECK(p.message == "\"Slv\" is not an ISO 3166-1 alpha-3 country code; did you mean \"SLV\"? (codes are upper case)");
}

TEST_CASE("country: anything else gets the closest code", "[schema][enum][country]")
{
    // An alpha-2 code: SLV, SVK and SVN are all one edit away; the first in code order wins.
    Problem p = problem_with("/origin/country", "SV");
    CHECK(p.message == "\"SV\" is not an ISO 3166-1 alpha-3 country code; did you mean \"SLV\" (El Salvador)?");

    p = problem_with("/origin/country", "HDN");
    CHECK(p.message.rfind("\"HDN\" is not an ISO 3166-1 alpha-3 country code; did you mean \"", 0) == 0);
}

TEST_CASE("additional_property: an unknown key gets the closest allowed key", "[schema][additional_property]")
{
    Json c = complete_case();
    c["person"]["psuedonym"] = "Ana";
    c["person"].erase("pseudonym");
    Problem p = only_problem(c);
    CHECK(p.code == "additional_property");
    CHECK(p.pointer == "/person/psuedonym");
    CHECK(p.message ==
          "unknown field \"psuedonym\"; did you mean \"pseudonym\"? fields allowed here: pseudonym, sex, birth_year, age_at_flight, traveled_with");

    c = complete_case();
    c["narative"] = "text";
    p = only_problem(c);
    CHECK(p.pointer == "/narative");
    CHECK(p.message ==
          "unknown field \"narative\"; did you mean \"narrative\"? fields allowed here: schema_version, id, status, recorded, "
          "person, origin, flight, journey, returns, after_return, sources, consent, narrative, notes, tags");

    // Keys are escaped in the pointer; very long keys are cut short in the message.
    c = complete_case();
    c["origin"]["a/b~c"] = 1;
    p = only_problem(c);
    CHECK(p.pointer == "/origin/a~1b~0c");

    c = complete_case();
    c["consent"][std::string(100, 'k')] = true;
    p = only_problem(c);
    CHECK(p.message.rfind("unknown field \"" + std::string(57, 'k') + "...\"; did you mean", 0) == 0);
}

TEST_CASE("required: a missing field is named with its description", "[schema][required]")
{
    Problem p = problem_with("/origin", Json::object());
    CHECK(p.code == "required");
    CHECK(p.pointer == "/origin/country");
    CHECK(p.message == "required field \"country\" is missing (Country the person fled from (ISO 3166-1 alpha-3 code, e.g. SLV))");

    p = problem_with("/after_return/harms/0", Json::object({{"date", "2018-03"}}));
    CHECK(p.pointer == "/after_return/harms/0/type");
    CHECK(p.message == "required field \"type\" is missing (What happened to the person)");

    Json c = complete_case();
    c["sources"][1].erase("id");
    p = only_problem(c);
    CHECK(p.pointer == "/sources/1/id");
    CHECK(p.message ==
          "required field \"id\" is missing (Identifier of a source of this case, unique within the case (e.g. s1))");

    std::vector<Problem> problems = schema_problems(Json::object());
    INFO(describe(problems));
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].pointer == "/schema_version");
    CHECK(problems[0].message == "required field \"schema_version\" is missing (Version of the case record format; always \"1\")");
    CHECK(problems[1].pointer == "/id");
}

TEST_CASE("type: expected and found, in plain words", "[schema][type]")
{
    Problem p = problem_with("/journey/0/detained", "yes");
    CHECK(p.code == "type");
    CHECK(p.pointer == "/journey/0/detained");
    CHECK(p.message == "expected true or false, found a string");

    CHECK(problem_with("/person/age_at_flight", "twelve").message == "expected a whole number, found a string");
    CHECK(problem_with("/person/age_at_flight", 12.5).message == "expected a whole number, found a decimal number");
    CHECK(problem_with("/journey", Json::object()).message == "expected a list (array), found an object");
    CHECK(problem_with("/origin", "SLV").message == "expected an object, found a string");
    CHECK(problem_with("/id", 7).message == "expected text (a string in double quotes), found a number");
    CHECK(problem_with("/narrative", nullptr).message == "expected text (a string in double quotes), found null");
    CHECK(problem_with("/tags", true).message == "expected a list (array), found true/false");
    CHECK(problem_with("/flight/reasons", Json::array({"gang_threat", Json::array()})).message ==
          "expected text (a string in double quotes), found a list");

    // 27.0 is a whole number (draft-07: an integer is any number with a zero fractional part).
    Json c = complete_case();
    c["person"]["age_at_flight"] = 27.0;
    CHECK(schema_problems(c).empty());

    Problem whole = only_problem(Json::array());
    CHECK(whole.pointer.empty());
    CHECK(whole.message == "expected an object, found a list");
}

TEST_CASE("pattern: dates and ids", "[schema][pattern]")
{
    for (const char* bad : {"March 2017", "2017-3", "17-03-2017", "2017-03-09T10:00", "2017-13", "2017-00-10", "2017-02-32", "2017 ",
                            "2017-03-09\n", ""}) {
        Problem p = problem_with("/flight/date", bad);
        CHECK(p.code == "pattern");
        CHECK(p.pointer == "/flight/date");
        CHECK(p.message == "\"" + std::string(bad) + "\" is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2017, 2017-03 or 2017-03-09)");
    }
    for (const char* good : {"2017", "2017-03", "2017-03-09", "2018-02-30"}) { // 02-30: the rules' business, not the schema's
        Json c = complete_case();
        c["consent"]["date"] = good;
        CHECK(schema_problems(c).empty());
    }
    CHECK(problem_with("/sources/0/date", "2018-13-02").pointer == "/sources/0/date");

    for (const std::string& bad : {std::string("-bad"), std::string("has space"), std::string(""), std::string("caf\xC3\xA9"),
                                   std::string(65, 'a'), std::string("sv-001\n"), std::string(".x")}) {
        Problem p = problem_with("/id", bad);
        CHECK(p.code == "pattern");
        CHECK(p.pointer == "/id");
        CHECK(p.message.find("is not a valid case id: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit") !=
              std::string::npos);
    }
    CHECK(problem_with("/id", "-bad").message ==
          "\"-bad\" is not a valid case id: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    for (const std::string& good : {std::string("a"), std::string("SV-2017.04_b"), std::string(64, 'z'), std::string("0")}) {
        Json c = complete_case();
        c["id"] = good;
        CHECK(schema_problems(c).empty());
    }
}

TEST_CASE("const: schema_version must be \"1\"", "[schema][const]")
{
    Problem p = problem_with("/schema_version", "2");
    CHECK(p.code == "const");
    CHECK(p.pointer == "/schema_version");
    CHECK(p.message == "must be \"1\"");

    CHECK(problem_with("/schema_version", 1).code == "type");
}

TEST_CASE("minimum and maximum", "[schema][minimum][maximum]")
{
    Problem p = problem_with("/person/age_at_flight", -1);
    CHECK(p.code == "minimum");
    CHECK(p.pointer == "/person/age_at_flight");
    CHECK(p.message == "-1 is below the minimum, 0");

    p = problem_with("/person/age_at_flight", 121);
    CHECK(p.code == "maximum");
    CHECK(p.message == "121 is above the maximum, 120");

    p = problem_with("/person/birth_year", 1899);
    CHECK(p.code == "minimum");
    CHECK(p.message == "1899 is below the minimum, 1900");

    p = problem_with("/person/birth_year", 2101);
    CHECK(p.code == "maximum");
    CHECK(p.message == "2101 is above the maximum, 2100");

    Json c = complete_case();
    c["person"]["age_at_flight"] = 0;
    c["person"]["birth_year"] = 2100;
    CHECK(schema_problems(c).empty());
    c["person"]["age_at_flight"] = 120;
    c["person"]["birth_year"] = 1900;
    CHECK(schema_problems(c).empty());
}

TEST_CASE("uniqueItems: the repeated entry is reported", "[schema][unique_items]")
{
    Problem p = problem_with("/flight/reasons", Json::array({"gang_threat", "extortion", "gang_threat"}));
    CHECK(p.code == "unique_items");
    CHECK(p.pointer == "/flight/reasons/2");
    CHECK(p.message == "\"gang_threat\" is listed twice (also at /flight/reasons/0): list each value once");

    p = problem_with("/tags", Json::array({"a", "a"}));
    CHECK(p.pointer == "/tags/1");
}

TEST_CASE("length limits on text", "[schema][min_length][max_length]")
{
    Problem p = problem_with("/recorded/project", "");
    CHECK(p.code == "min_length");
    CHECK(p.pointer == "/recorded/project");
    CHECK(p.message == "must not be empty (leave the field out if it is not recorded)");

    p = problem_with("/recorded/project", std::string(201, 'r'));
    CHECK(p.code == "max_length");
    CHECK(p.message == "is 201 characters long; at most 200 are allowed");

    // Characters, not bytes: 200 two-byte characters are allowed.
    std::string accents;
    for (int i = 0; i < 200; ++i) {
        accents += "\xC3\xA9";
    }
    Json c = complete_case();
    c["recorded"]["project"] = accents;
    CHECK(schema_problems(c).empty());
}

TEST_CASE("a researcher code and a tag are labels, and a failing one is not echoed", "[schema][pattern]")
{
    for (const char* good : {"R01", "r.lopez", "team-2_a"}) {
        CHECK(schema_problems([&] { Json c = complete_case(); c["recorded"]["by"] = good; return c; }()).empty());
    }
    for (const std::string& bad : std::vector<std::string>{"", "Ana Lopez", "R01 +503 5555", "-R01", std::string(33, 'r')}) {
        INFO(bad);
        Problem p = problem_with("/recorded/by", bad);
        CHECK(p.code == "pattern");
        CHECK(p.message == "is not a researcher code: 1 to 32 letters, digits, '.', '_' or '-', starting with a letter or "
                           "digit (e.g. R01), never a name or a phone number");
    }
    for (const char* good : {"ice-category-8G", "point-of-no-return-2017", "a:b.c_d"}) {
        CHECK(schema_problems([&] { Json c = complete_case(); c["tags"] = Json::array({good}); return c; }()).empty());
    }
    for (const char* bad : {"Ana María", "=HYPERLINK(1)", ".x", "x/y"}) {
        INFO(bad);
        Problem p = problem_with("/tags/0", bad);
        CHECK(p.code == "pattern");
        CHECK(p.message == "is not a tag: 1 to 64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit; "
                           "names and free text belong in notes");
    }
}

TEST_CASE("sensitive values are never echoed in messages", "[schema][sensitive]")
{
    const std::string secret = "Maria Secreta Gonzalez";
    auto long_secret = [&](std::size_t n) {
        std::string s;
        while (s.size() < n) {
            s += secret + " ";
        }
        return s;
    };
    struct Case {
        std::string pointer;
        Json value;
        std::string code;
    };
    const std::vector<Case> cases = {
        {"/person/pseudonym", "", "min_length"},
        {"/person/pseudonym", long_secret(300), "max_length"},
        {"/origin/locality", long_secret(300), "max_length"},
        {"/sources/0/reference", long_secret(300), "max_length"},
        {"/narrative", long_secret(100010), "max_length"},
        {"/notes", long_secret(100010), "max_length"},
        {"/narrative", "", "min_length"},
        {"/person/pseudonym", 12345678, "type"},
    };
    for (const Case& c : cases) {
        Problem p = problem_with(c.pointer, c.value);
        INFO(c.pointer << ": " << p.message.substr(0, 200));
        CHECK(p.code == c.code);
        CHECK(p.pointer == c.pointer);
        CHECK(p.message.find("Secreta") == std::string::npos);
        CHECK(p.message.find("12345678") == std::string::npos);
        CHECK(p.message.size() < 200);
    }

    // Keywords the built-in schema does not use on sensitive fields, in another schema.
    const Json schema = parsed(R"({
      "type": "object",
      "properties": {
        "code": {"type": "string", "pattern": "^[A-Z]+$", "x-sensitive": true},
        "name": {"type": "string", "enum": ["Alpha", "Beta"], "x-sensitive": true},
        "age": {"type": "integer", "minimum": 0, "maximum": 10, "x-sensitive": true},
        "aliases": {"type": "array", "items": {"type": "string"}, "uniqueItems": true, "x-sensitive": true},
        "via_ref": {"$ref": "#/definitions/word", "description": "A sensitive word", "x-sensitive": true},
        "bare_ref": {"$ref": "#/definitions/word", "x-sensitive": true},
        "plain_ref": {"$ref": "#/definitions/word"}
      },
      "definitions": {"word": {"type": "string", "pattern": "^[a-z]+$"}}
    })");
    SchemaValidator validator(schema);
    Json record = Json::object({{"code", "secret-code"}, {"name", "Alphonse"}, {"age", 4711}, {"aliases", {"Zed", "Zed"}},
                                {"via_ref", "Secreta"}, {"bare_ref", "Secreta"}, {"plain_ref", "Shown"}});
    std::vector<Problem> problems;
    validator.check(record, problems);
    INFO(describe(problems));
    REQUIRE(problems.size() == 7);
    // A "$ref" marked sensitive without a description of its own is sensitive
    // too; the same definition used elsewhere without the mark is not.
    const auto shown = std::find_if(problems.begin(), problems.end(), [](const Problem& p) { return p.pointer == "/plain_ref"; });
    REQUIRE(shown != problems.end());
    CHECK(shown->message.find("\"Shown\"") != std::string::npos);
    problems.erase(shown);
    for (const Problem& p : problems) {
        CHECK(p.message.find("secret") == std::string::npos);
        CHECK(p.message.find("Alphonse") == std::string::npos);
        CHECK(p.message.find("Alpha") == std::string::npos); // no hint that would give the value away
        CHECK(p.message.find("4711") == std::string::npos);
        CHECK(p.message.find("Zed") == std::string::npos);
        CHECK(p.message.find("Secreta") == std::string::npos);
    }
}

TEST_CASE("every problem of a record is reported, not just the first", "[schema]")
{
    Json c = complete_case();
    c["status"] = "done";
    c["person"]["sex"] = "f";
    c["journey"][0]["country"] = "Guatemala";
    c["journey"][2]["asylum"]["represented"] = "no";
    c["returns"][0]["date"] = "6 Feb 2018";
    c["extra"] = 1;
    std::vector<Problem> problems = schema_problems(c);
    INFO(describe(problems));
    REQUIRE(problems.size() == 6);
    std::vector<std::string> pointers;
    for (const Problem& p : problems) {
        pointers.push_back(p.pointer);
    }
    CHECK(pointers == std::vector<std::string>{"/status", "/person/sex", "/journey/0/country", "/journey/2/asylum/represented",
                                               "/returns/0/date", "/extra"});
}

TEST_CASE("another schema using oneOf is checked by valijson, with pointers", "[schema][valijson]")
{
    const Json schema = parsed(R"({
      "$schema": "http://json-schema.org/draft-07/schema#",
      "type": "object",
      "properties": {
        "id": {"type": "string"},
        "journey": {
          "type": "array",
          "items": {
            "type": "object",
            "properties": {
              "country": {"oneOf": [{"const": "SLV"}, {"const": "GTM"}]},
              "days": {"type": "integer"}
            },
            "additionalProperties": false
          }
        }
      },
      "required": ["id"]
    })");
    SchemaValidator validator(schema);

    std::vector<Problem> problems;
    validator.check(parsed(R"({"id": "a", "journey": [{"country": "SLV"}, {"country": "GTM", "days": 3}]})"), problems);
    CHECK(problems.empty());

    validator.check(parsed(R"({"journey": [{"country": "SLV"}, {"country": "XXX", "days": "3", "extra": 1}]})"), problems);
    INFO(describe(problems));
    REQUIRE_FALSE(problems.empty());
    std::vector<std::string> pointers;
    for (const Problem& p : problems) {
        CHECK(p.code == "schema");
        CHECK_FALSE(p.message.empty());
        pointers.push_back(p.pointer);
    }
    auto has = [&](const std::string& ptr) { return std::find(pointers.begin(), pointers.end(), ptr) != pointers.end(); };
    CHECK(has("/journey/1/country"));
    CHECK(has("/journey/1/days"));
    CHECK(has("/journey/1")); // valijson names the unknown property in the message, at its object
    CHECK(has(""));           // and a missing required property at the object it is missing from
    // The cascading parents ("Failed to validate item #1 in array", "... against child
    // schema #0") are folded into the errors under them; a failure repeated by every
    // branch of a oneOf is reported once.
    CHECK_FALSE(has("/journey"));
    CHECK_FALSE(has("/journey/0"));
    for (std::size_t i = 0; i < problems.size(); ++i) {
        CHECK(problems[i].message.rfind("Failed to validate item", 0) != 0);
        CHECK(problems[i].message.rfind("Failed to validate against child schema", 0) != 0);
        for (std::size_t j = 0; j < i; ++j) {
            CHECK_FALSE((problems[i].pointer == problems[j].pointer && problems[i].message == problems[j].message));
        }
    }
    CHECK(std::count(pointers.begin(), pointers.end(), "/journey/1/country") == 2); // the const, and the oneOf
}

TEST_CASE("another schema with only supported keywords is compiled", "[schema]")
{
    const Json schema = parsed(R"({
      "type": "object",
      "properties": {
        "kind": {"$ref": "#/definitions/return_mechanism"},
        "list": {"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "number"}},
        "word": {"type": "string", "minLength": 3, "pattern": "^w"}
      },
      "required": ["kind"],
      "additionalProperties": false,
      "definitions": {"return_mechanism": {"type": "string", "enum": ["removal", "expulsion"]}}
    })");
    SchemaValidator validator(schema);
    std::vector<Problem> problems;
    validator.check(parsed(R"({"kind": "removl", "list": [], "word": "xy"})"), problems);
    INFO(describe(problems));
    REQUIRE(problems.size() == 4);
    CHECK(problems[0].code == "enum");
    CHECK(problems[0].message == "\"removl\" is not a valid return mechanism; did you mean \"removal\"? allowed: removal, expulsion");
    CHECK(problems[1].code == "min_items");
    CHECK(problems[1].pointer == "/list");
    CHECK(problems[2].code == "min_length");
    CHECK(problems[2].message == "must be at least 3 characters long");
    CHECK(problems[3].code == "pattern");
    CHECK(problems[3].message == "\"xy\" does not match the pattern ^w");

    problems.clear();
    validator.check(parsed(R"({"kind": "removal", "list": [1, 2, 3]})"), problems);
    INFO(describe(problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == "max_items");
}

TEST_CASE("an unusable schema is a usage error", "[schema][errors]")
{
    auto usage_error = [](const std::string& text, const std::string& message_part) {
        INFO(text);
        try {
            SchemaValidator v(parsed(text));
            FAIL("no error");
        } catch (const casebook::Error& e) {
            CHECK(e.exit() == casebook::Exit::usage);
            CHECK_THAT(e.what(), Catch::Contains(message_part));
        }
    };
    usage_error("[]", "the schema must be a JSON object");
    usage_error(R"({"type": "text"})", "the schema names an unknown type \"text\"");
    usage_error(R"({"type": "string", "pattern": "(["})", "the schema's pattern \"([\" cannot be used: it is not a regular expression RE2 can take (missing ]: [)");
    usage_error(R"({"properties": {"a": {"$ref": "#/definitions/nope"}}})",
                "the schema refers to #/definitions/nope, which it does not define");
    usage_error(R"({"oneOf": 5})", "the schema is not a usable draft-07 JSON Schema");
}

TEST_CASE("a schema file that is not JSON is a usage error; a missing one an I/O error", "[schema][errors]")
{
    TempDir dir;
    const std::string bad = dir / "bad.json";
    write_file(bad, "{ not json }");
    try {
        casebook::load_schema_file(bad);
        FAIL("no error");
    } catch (const casebook::Error& e) {
        CHECK(e.exit() == casebook::Exit::usage);
        CHECK(std::string(e.what()) ==
              bad + ":1:3: the schema is not valid JSON: expected a property name in double quotes, found 'n'");
    }

    const std::string good = dir / "good.json";
    write_file(good, R"({"type": "object"})");
    CHECK(casebook::load_schema_file(good)["type"].get<std::string>() == "object");

    try {
        casebook::load_schema_file("/nonexistent/schema.json");
        FAIL("no error");
    } catch (const casebook::Error& e) {
        CHECK(e.exit() == casebook::Exit::io);
        CHECK(std::string(e.what()) == "cannot read schema /nonexistent/schema.json: No such file or directory");
    }
}

TEST_CASE("the embedded schema is schemas/case.schema.json, byte for byte", "[schema][meta]")
{
    CHECK(casebook::embedded_schema_text() == read_file(source_dir + "/schemas/case.schema.json"));
    CHECK(casebook::embedded_schema()["$schema"].get<std::string>() == "http://json-schema.org/draft-07/schema#");
}

namespace {

// Validates a document against a schema with valijson; the error descriptions, empty when valid.
std::vector<std::string> valijson_errors(const nlohmann::json& schema_doc, const nlohmann::json& doc)
{
    valijson::Schema schema;
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_doc);
    // The meta-schema refers to itself by its $id: resolve that to the same document.
    auto fetch = [&](const std::string& uri) -> const nlohmann::json* {
        return uri.rfind("http://json-schema.org/draft-07/schema", 0) == 0 ? new nlohmann::json(schema_doc) : nullptr;
    };
    auto release = [](const nlohmann::json* d) { delete d; };
    parser.populateSchema(schema_adapter, schema, std::function<const nlohmann::json*(const std::string&)>(fetch),
                          std::function<void(const nlohmann::json*)>(release));
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(doc);
    std::vector<std::string> errors;
    if (!validator.validate(schema, target, &results)) {
        valijson::ValidationResults::Error e;
        while (results.popError(e)) {
            std::string where;
            for (const std::string& c : e.context) {
                where += c;
            }
            errors.push_back(where + ": " + e.description);
        }
        if (errors.empty()) {
            errors.push_back("invalid");
        }
    }
    return errors;
}

std::string joined(const std::vector<std::string>& v)
{
    std::string s;
    for (const std::string& e : v) {
        s += e + "\n";
    }
    return s;
}

} // namespace

TEST_CASE("schemas/case.schema.json is a valid draft-07 schema", "[schema][meta]")
{
    const nlohmann::json meta = nlohmann::json::parse(read_file(source_dir + "/schemas/json-schema-draft-07.json"));
    const nlohmann::json schema = nlohmann::json::parse(read_file(source_dir + "/schemas/case.schema.json"));

    std::vector<std::string> errors = valijson_errors(meta, schema);
    INFO(joined(errors));
    CHECK(errors.empty());

    // The meta-schema really checks: broken schemas fail it.
    for (const char* broken : {R"({"type": "text"})", R"({"required": "id"})", R"({"properties": {"a": 5}})",
                               R"({"minLength": -1})", R"({"enum": {}})", R"({"additionalProperties": "no"})",
                               R"({"items": [{"type": "string"}, 3]})", R"({"definitions": {"d": {"type": ["string", "string"]}}})"}) {
        INFO(broken);
        CHECK_FALSE(valijson_errors(meta, nlohmann::json::parse(broken)).empty());
    }
    // And the meta-schema is valid against itself.
    errors = valijson_errors(meta, meta);
    INFO(joined(errors));
    CHECK(errors.empty());
}

namespace {

// Calls visit(pointer, node) for every subschema: properties, items and definitions.
void each_subschema(const Json& node, const std::string& pointer, const std::function<void(const std::string&, const Json&)>& visit)
{
    visit(pointer, node);
    if (auto props = node.find("properties"); props != node.end()) {
        for (auto it = props->begin(); it != props->end(); ++it) {
            each_subschema(it.value(), pointer + "/properties/" + it.key(), visit);
        }
    }
    if (auto items = node.find("items"); items != node.end()) {
        each_subschema(*items, pointer + "/items", visit);
    }
    if (auto defs = node.find("definitions"); defs != node.end()) {
        for (auto it = defs->begin(); it != defs->end(); ++it) {
            each_subschema(it.value(), pointer + "/definitions/" + it.key(), visit);
        }
    }
}

} // namespace

TEST_CASE("the case schema describes every field and closes every object", "[schema][meta]")
{
    const Json& schema = casebook::embedded_schema();
    std::size_t objects = 0, described = 0;
    std::vector<std::string> sensitive;
    each_subschema(schema, "", [&](const std::string& ptr, const Json& node) {
        INFO(ptr);
        // Every property, array item and definition says what it is: these are the words users see.
        auto d = node.find("description");
        CHECK((d != node.end() && d->is_string() && d->get<std::string>().size() >= 3));
        described += d != node.end() ? 1 : 0;
        if (node.value("type", "") == "object") {
            ++objects;
            CHECK(node.contains("additionalProperties"));
            CHECK(node.value("additionalProperties", true) == false);
        }
        if (node.value("x-sensitive", false)) {
            sensitive.push_back(ptr);
        }
        // Dates are anchored patterns, never "format" (valijson 1.0 is slow with it).
        CHECK_FALSE(node.contains("format"));
    });
    CHECK(objects >= 12);
    CHECK(described >= 90);
    // The sensitive fields of DESIGN.md, and only those.
    CHECK(sensitive == std::vector<std::string>{"/properties/person/properties/pseudonym", "/properties/origin/properties/locality",
                                                "/properties/sources/items/properties/reference", "/properties/narrative",
                                                "/properties/notes"});
}
