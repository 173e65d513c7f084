// The library's defences against inputs built to hurt: terminal controls
// escaped, patterns through RE2, whole numbers as the schema counts them,
// unique items in linear time, echoes cut and sensitive values never quoted,
// and another database's history checked before a merge takes it.
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "record/canonical.hpp"
#include "util/error.hpp"
#include "util/limits.hpp"
#include "ops/merge.hpp"
#include "json/json.hpp"
#include "json/numbers.hpp"
#include "util/pattern.hpp"
#include "util/quoting.hpp"
#include "schema/schema.hpp"
#include "store/store.hpp"
#include "util/terminal.hpp"
#include "record/validate.hpp"
#include "../case_fixtures.hpp"

using casebook::Json;
using casebook::LineBreaks;
using casebook::terminal_safe;
using casebook::test::parsed;

TEST_CASE("terminal_safe escapes every control that can drive a terminal", "[terminal]")
{
    CHECK(terminal_safe("plain é 日本") == "plain é 日本");
    CHECK(terminal_safe("a\tb\nc") == "a\tb\nc");
    CHECK(terminal_safe("a\nb", LineBreaks::escape) == "a\\u000ab");
    CHECK(terminal_safe("\x1b[2K\r\x1b[1A") == "\\u001b[2K\\u000d\\u001b[1A");
    CHECK(terminal_safe("row\r\n") == "row\r\n"); // CSV's line end
    CHECK(terminal_safe("\x1b]52;c;aGk=\a") == "\\u001b]52;c;aGk=\\u0007");
    CHECK(terminal_safe("\x7f") == "\\u007f");
    CHECK(terminal_safe("\xc2\x9b" "31m") == "\\u009b31m");   // C1 CSI
    CHECK(terminal_safe("\xe2\x80\xae" "evil") == "\\u202eevil"); // RIGHT-TO-LEFT OVERRIDE
    CHECK(terminal_safe("\xe2\x81\xa6") == "\\u2066");
    CHECK(terminal_safe("\xd8\x9c") == "\\u061c");
    CHECK(terminal_safe("\x9b" "x\xff") == "\\x9bx\\xff");     // not UTF-8
    CHECK(terminal_safe("\xe2\x80") == "\\xe2\\x80");          // cut short
    CHECK(terminal_safe("\xed\xa0\x80") == "\\xed\\xa0\\x80"); // a surrogate
}

TEST_CASE("TerminalSafeBuffer sees a sequence split across writes whole", "[terminal]")
{
    std::ostringstream sink;
    {
        casebook::TerminalSafeBuffer safe(sink.rdbuf());
        std::ostream out(&safe);
        out << "a\xe2" << std::flush << "\x80" << "\xae" << "b\r" << std::flush << "\nc\r";
        out.put('\x1b');
        out << "\xc3";
    }
    CHECK(sink.str() == "a\\u202eb\r\nc\\u000d\\u001b\\xc3");
}

TEST_CASE("patterns: ECMA-262 through RE2, in linear time", "[pattern]")
{
    using casebook::Pattern;
    CHECK(Pattern("^(a|b)*$").search(std::string(200000, 'a')));
    std::string evil(50, 'a');
    evil += '!';
    CHECK_FALSE(Pattern("^(a+)+$").search(evil));
    CHECK(Pattern("b").search("abc")); // not anchored
    CHECK(Pattern("^\\u00e9$").search("é"));
    CHECK(Pattern("^\\uD83D\\uDE00$").search("\xf0\x9f\x98\x80"));
    CHECK(Pattern("^\\u{1F600}$").search("\xf0\x9f\x98\x80"));
    CHECK(Pattern("^[\\b]$").search("\b"));
    CHECK(Pattern("^\\cJ$").search("\n"));
    CHECK(Pattern("^(?<year>[0-9]{4})$").search("2017"));
    CHECK(Pattern("^\\/\\-$").search("/-"));
    CHECK(casebook::ecma_to_re2("\\e\\d") == "e\\d");
    for (const char* p : {"(?=a)", "(?!a)", "(?<=a)b", "(?<!a)b", "(a)\\1", "(?<n>a)\\k<n>", "[]", "[^]", "a\\"}) {
        CAPTURE(p);
        CHECK_THROWS_AS(Pattern(p), casebook::Error);
    }
    CHECK_THROWS_WITH(Pattern("(a"), Catch::Contains("the schema's pattern \"(a\" cannot be used: it is not a regular expression RE2 can take"));
    CHECK(&casebook::shared_pattern("x+") == &casebook::shared_pattern("x+"));
}

TEST_CASE("a $ref cycle that does not go deeper into the record is refused when the schema is compiled", "[schema][ref]")
{
    for (const char* s : {R"({"$ref":"#"})", R"({"anyOf":[{"$ref":"#"}]})", R"({"not":{"if":{"$ref":"#"}}})",
                          R"({"$ref":"#/definitions/a","definitions":{"a":{"$ref":"#/definitions/b"},"b":{"allOf":[{"$ref":"#/definitions/a"}]}}})",
                          R"({"$id":"http://x/root","definitions":{"a":{"$id":"a","dependencies":{"k":{"$ref":"root"}}}},"allOf":[{"$ref":"a"}]})"}) {
        CAPTURE(s);
        CHECK_THROWS_WITH(casebook::SchemaValidator(parsed(s)),
                          Catch::Contains("leads back to itself without going deeper into the record: checking would never end"));
    }
    // One that goes deeper (into items, properties) ends with the record, which is at most max_json_depth deep.
    casebook::SchemaValidator nested(parsed(
        R"({"$ref":"#/definitions/a","definitions":{"a":{"$ref":"#/definitions/b"},"b":{"type":["array","string"],"items":{"$ref":"#/definitions/a"}}}})"));
    std::vector<casebook::Problem> problems;
    nested.check(parsed(R"([["x", ["y"]], "z"])"), problems);
    CHECK(problems.empty());
    nested.check(parsed(R"([["x", [1]]])"), problems);
    REQUIRE_FALSE(problems.empty());
    CHECK(problems[0].pointer == "/0/1/0");
    std::string deep(casebook::max_json_depth, '[');
    deep += std::string(casebook::max_json_depth, ']');
    problems.clear();
    nested.check(parsed(deep), problems);
    CHECK(problems.empty());
    // One that reaches itself twice at each level doubles the work per level
    // (2^256 subschemas for this record): the check stops, saying why.
    casebook::SchemaValidator doubling(parsed(R"({"type":"array","anyOf":[{"items":{"$ref":"#"}},{"items":{"$ref":"#"}}]})"));
    std::string deep_text = std::string(casebook::max_json_depth - 1, '[') + "\"x\"" + std::string(casebook::max_json_depth - 1, ']');
    doubling.check(parsed(deep_text), problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].pointer.empty());
    CHECK_THAT(problems[0].message, Catch::StartsWith("checking this record took more than 10000000 steps of the schema, so it was stopped"));
    problems.clear();
    doubling.check(parsed(R"([[["x"]]])"), problems);
    REQUIRE(problems.size() >= 1);
    CHECK(problems[0].pointer == "/0/0/0"); // a small record gets its problems
    problems.clear();
    doubling.check(parsed(R"([[[]]])"), problems);
    CHECK(problems.empty());
    // The same definition used twice is no cycle.
    casebook::SchemaValidator twice(parsed(R"({"properties":{"a":{"$ref":"#/definitions/d"},"b":{"$ref":"#/definitions/d"}},"definitions":{"d":{"type":"string"}}})"));
    std::vector<casebook::Problem> out;
    twice.check(parsed(R"({"a":"x","b":1})"), out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].pointer == "/b");
}

TEST_CASE("whole numbers as draft-07 counts them", "[json][numbers]")
{
    using casebook::whole_number;
    CHECK(whole_number(parsed("16")) == 16);
    CHECK(whole_number(parsed("16.0")) == 16);
    CHECK(whole_number(parsed("1e1")) == 10);
    CHECK(whole_number(parsed("-0.0")) == 0);
    CHECK_FALSE(whole_number(parsed("16.5")));
    CHECK_FALSE(whole_number(parsed("1e300")));
    CHECK_FALSE(whole_number(parsed("\"16\"")));
    CHECK_FALSE(whole_number(parsed("18446744073709551615")));
    // The canonical form stores them as integers.
    Json r = parsed(R"({"schema_version":"1","id":"a","person":{"age_at_flight":16.0,"birth_year":1.99e3}})");
    CHECK(casebook::record::canonical_text(r) == R"({"schema_version":"1","id":"a","person":{"birth_year":1990,"age_at_flight":16}})");
    CHECK(casebook::record::canonicalise(r).at("person").at("age_at_flight").is_number_integer());
}

TEST_CASE("uniqueItems: equal items found in linear time, whatever their spelling", "[schema][unique]")
{
    casebook::SchemaValidator unique(parsed(R"({"type":"array","uniqueItems":true})"));
    auto problems = [&](const std::string& text) {
        std::vector<casebook::Problem> out;
        unique.check(parsed(text), out);
        return out;
    };
    CHECK(problems(R"([1, "1", [1], {"1":1}, true, null, 1.5])").empty());
    CHECK(problems(R"([1, 1.0])").size() == 1);
    CHECK(problems(R"([{"a":1,"b":[2]}, {"b":[2.0],"a":1}])").size() == 1);
    CHECK(problems(R"(["a,\"b", "a", ",\"b"])").empty());
    auto dup = problems(R"(["x", "y", "x", "x"])");
    REQUIRE(dup.size() == 2);
    CHECK(dup[0].pointer == "/2");
    CHECK(dup[0].message == "\"x\" is listed twice (also at /0): list each value once");
    CHECK(dup[1].pointer == "/3");
}

TEST_CASE("echoes are cut, and sensitive fields are known", "[diagnostic]")
{
    CHECK(casebook::shorten("short") == "short");
    CHECK(casebook::shorten(std::string(60, 'x')) == std::string(60, 'x'));
    CHECK(casebook::shorten(std::string(61, 'x')) == std::string(57, 'x') + "...");
    std::string accents;
    for (int i = 0; i < 70; ++i) {
        accents += "é";
    }
    std::string cut = casebook::shorten(accents);
    CHECK(cut.size() == 57 * 2 + 3); // cut between characters, never inside one
    CHECK(casebook::sensitive_placeholder("SECRET-TOWN Colonia X") == "(sensitive value, 21 characters)");
    CHECK(casebook::sensitive_placeholder("é") == "(sensitive value, 1 character)");
    CHECK(casebook::is_sensitive_field("/origin/locality"));
    CHECK(casebook::is_sensitive_field("/person/pseudonym"));
    CHECK(casebook::is_sensitive_field("/sources/3/reference"));
    CHECK(casebook::is_sensitive_field("/sources/-/reference"));
    CHECK(casebook::is_sensitive_field("/narrative"));
    CHECK_FALSE(casebook::is_sensitive_field("/origin/country"));
    CHECK_FALSE(casebook::is_sensitive_field("/sources/0/id"));
    CHECK_FALSE(casebook::is_sensitive_field("/nothing/here"));
    CHECK_FALSE(casebook::is_sensitive_field(""));
}

TEST_CASE("problems of one record are bounded", "[validate]")
{
    Json r = parsed(R"({"schema_version":"1","id":"many","origin":{"country":"SLV"}})");
    for (int i = 0; i < 5000; ++i) {
        r["unknown_" + std::to_string(i)] = 1;
    }
    auto problems = casebook::record::check_record(r);
    REQUIRE(problems.size() == casebook::max_problems_per_record + 1);
    CHECK(problems.back().code == "too_many_problems");
}

namespace {

casebook::store::HistoryEntry entry(long long revision, std::string action, std::string actor, std::string doc)
{
    casebook::store::HistoryEntry e;
    e.rev = revision;
    e.case_id = "c-1";
    e.revision = revision;
    e.at = "2026-01-01T00:00:00Z";
    e.actor = std::move(actor);
    e.action = std::move(action);
    if (!doc.empty()) {
        e.doc = parsed(doc);
    }
    return e;
}

const char* const draft = R"({"schema_version":"1","id":"c-1","status":"draft","origin":{"country":"SLV"}})";
const char* const reviewed = R"({"schema_version":"1","id":"c-1","status":"reviewed","origin":{"country":"SLV"}})";
const char* const reviewed_noted = R"({"schema_version":"1","id":"c-1","status":"reviewed","origin":{"country":"SLV"},"notes":"n"})";
const char* const reviewed_moved = R"({"schema_version":"1","id":"c-1","status":"reviewed","origin":{"country":"GTM"}})";

std::vector<std::string> codes(const std::vector<casebook::Problem>& problems)
{
    std::vector<std::string> out;
    for (const auto& p : problems) {
        out.push_back(p.code);
    }
    return out;
}

} // namespace

TEST_CASE("another database's history is checked like an import", "[merge]")
{
    using casebook::ops::check_their_history;
    using V = std::vector<std::string>;
    CHECK(check_their_history("c-1", {entry(1, "create", "R01", draft), entry(2, "review", "R02", reviewed),
                                      entry(3, "edit", "R01", reviewed_noted), entry(4, "delete", "R01", "")})
              .empty());
    CHECK(codes(check_their_history("c-1", {entry(1, "create", "R01", reviewed)})) == V{"merge_status"});
    CHECK(codes(check_their_history("c-1", {entry(1, "create", "R01", draft), entry(2, "review", "R02", reviewed),
                                            entry(3, "edit", "R01", reviewed_moved)})) == V{"merge_status"});
    CHECK(codes(check_their_history("c-1", {entry(1, "create", "R01",
                                                  R"({"schema_version":"1","id":"c-1","origin":{"country":"SLV"},"bogus":1})")})) ==
          V{"additional_property"});
    CHECK(codes(check_their_history("c-1", {entry(1, "create", "R01", R"({"schema_version":"1","id":"c-2"})")})) == V{"merge_id"});
    CHECK(codes(check_their_history("c-1", {entry(1, "rewrite", "R01", draft)})) == V{"merge_action"});
    for (const char* actor : {"", "   ", "a\nrev 9 forged", "\x1b[2Kboss", "x\xe2\x80\xae"}) {
        CAPTURE(actor);
        CHECK(codes(check_their_history("c-1", {entry(1, "create", actor, draft)})) == V{"merge_actor"});
    }
    CHECK(codes(check_their_history("c-1", {entry(1, "create", std::string(65, 'r'), draft)})) == V{"merge_actor"});
    auto problems = check_their_history("c-1", {entry(7, "create", "R01", reviewed)});
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message == "revision 7 (history rev 7): status \"reviewed\" was set by \"create\", not by a review");
}
