// The strict JSON parser (every kind of syntax error, with its byte offset),
// position_at (lines, character columns) and locate (JSON Pointer -> offset).
#include <string>

#include <catch2/catch.hpp>

#include "json/json.hpp"
#include "json/scan.hpp"
#include "../case_fixtures.hpp"

using casebook::Json;
using casebook::locate;
using casebook::parse_json;
using casebook::position_at;
using casebook::test::parsed;

namespace {

// The error of a text that must not parse.
casebook::SyntaxError error_of(std::string_view text)
{
    casebook::ParseResult r = parse_json(text);
    INFO("text: " << text);
    REQUIRE_FALSE(r.value.has_value());
    return r.error;
}

std::string repeat(std::string_view s, std::size_t n)
{
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) {
        out += s;
    }
    return out;
}

} // namespace

TEST_CASE("parse_json accepts every kind of JSON value", "[json]")
{
    CHECK(parsed("null").is_null());
    CHECK(parsed("true").get<bool>());
    CHECK_FALSE(parsed("false").get<bool>());
    CHECK(parsed("0").get<std::uint64_t>() == 0);
    CHECK(parsed("-0").get<std::int64_t>() == 0);
    CHECK(parsed("42").get<int>() == 42);
    CHECK(parsed("-17").get<int>() == -17);
    CHECK(parsed("18446744073709551615").get<std::uint64_t>() == 18446744073709551615ULL);
    CHECK(parsed("-9223372036854775808").get<std::int64_t>() == INT64_MIN);
    CHECK(parsed("3.25").get<double>() == 3.25);
    CHECK(parsed("-1.5e3").get<double>() == -1500.0);
    CHECK(parsed("2E-2").get<double>() == Approx(0.02));
    CHECK(parsed("1e+2").get<double>() == 100.0);
    CHECK(parsed("1e-999").get<double>() == 0.0); // underflow is not an error
    CHECK(parsed("18446744073709551616").is_number_float()); // beyond uint64: kept as a double
    CHECK(parsed("\"text\"").get<std::string>() == "text");
    CHECK(parsed("[]").empty());
    CHECK(parsed("{}").empty());
    CHECK(parsed(" \t\r\n[ 1 , 2 ]\n").size() == 2);
}

TEST_CASE("parse_json decodes string escapes and keeps UTF-8", "[json]")
{
    CHECK(parsed(R"("a\"b\\c\/d\b\f\n\r\t")").get<std::string>() == "a\"b\\c/d\b\f\n\r\t");
    CHECK(parsed(R"("\u0041\u00e9\u20AC")").get<std::string>() == "A\xC3\xA9\xE2\x82\xAC");
    CHECK(parsed(R"("\uD83D\uDE00")").get<std::string>() == "\xF0\x9F\x98\x80"); // a surrogate pair: U+1F600
    CHECK(parsed("\"Jos\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"").get<std::string>() == "Jos\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
    CHECK(parsed(R"("\u0000")").get<std::string>() == std::string(1, '\0'));
}

TEST_CASE("parse_json keeps the order of object keys and nests values", "[json]")
{
    Json v = parsed(R"({"z": 1, "a": [true, null, {"m": "x"}], "k": {}})");
    std::vector<std::string> keys;
    for (auto it = v.begin(); it != v.end(); ++it) {
        keys.push_back(it.key());
    }
    CHECK(keys == std::vector<std::string>{"z", "a", "k"});
    CHECK(v["a"][2]["m"].get<std::string>() == "x");
}

TEST_CASE("parse_json reports a missing comma where the next token starts", "[json][syntax]")
{
    auto e = error_of(R"({"a": 1 "b": 2})");
    CHECK(e.offset == 8);
    CHECK(e.message == R"(expected ',' or '}' after the value of "a", found '"' (a missing comma?))");

    e = error_of("[1 2]");
    CHECK(e.offset == 3);
    CHECK(e.message == "expected ',' or ']' after an array element, found '2' (a missing comma?)");

    e = error_of(R"({"a" 1})");
    CHECK(e.offset == 5);
    CHECK(e.message == R"(expected ':' after property name "a", found '1')");
}

TEST_CASE("parse_json reports truncated input at its end", "[json][syntax]")
{
    auto e = error_of(R"({"a": [1, 2)");
    CHECK(e.offset == 11);
    CHECK(e.message == "unexpected end of input inside an array: missing ']' (is the file truncated?)");

    e = error_of(R"({"a": 1)");
    CHECK(e.offset == 7);
    CHECK(e.message == "unexpected end of input inside an object: missing '}' (is the file truncated?)");

    e = error_of(R"({"a":)");
    CHECK(e.offset == 5);
    CHECK(e.message == "unexpected end of input: a value is missing (is the file truncated?)");

    e = error_of(R"({"a": 1,)");
    CHECK(e.offset == 8);
    CHECK(e.message == "unexpected end of input inside an object (is the file truncated?)");

    e = error_of(R"({"name": "Ana)");
    CHECK(e.offset == 9); // the opening quote of the string that never closes
    CHECK(e.message == "a string is not closed: missing '\"' (is the file truncated?)");

    e = error_of(R"("ends in a backslash\)");
    CHECK(e.offset == 0);

    e = error_of(R"("\u12)");
    CHECK(e.message == "unexpected end of input in a \\u escape");
}

TEST_CASE("parse_json rejects bad escapes at the backslash", "[json][syntax]")
{
    auto e = error_of(R"("a\qb")");
    CHECK(e.offset == 2);
    CHECK(e.message == "invalid escape '\\q' in a string");

    e = error_of(R"("\x41")");
    CHECK(e.offset == 1);

    e = error_of(R"("\u12G4")");
    CHECK(e.offset == 5); // the character that is not a hexadecimal digit
    CHECK(e.message == "invalid \\u escape: expected four hexadecimal digits");
}

TEST_CASE("parse_json rejects lone UTF-16 surrogates", "[json][syntax]")
{
    auto e = error_of(R"(["\uD800"])");
    CHECK(e.offset == 2);
    CHECK(e.message == "a lone UTF-16 surrogate escape (\\uD800-\\uDBFF must be followed by a low surrogate)");

    e = error_of(R"("\uD800\u0041")"); // high surrogate followed by a non-surrogate
    CHECK(e.offset == 1);
    CHECK(e.message == "a lone UTF-16 surrogate escape (\\uD800-\\uDBFF must be followed by a low surrogate)");

    e = error_of(R"("\uD800\uD800")"); // two high surrogates
    CHECK(e.offset == 1);

    e = error_of(R"("ab\uDC00")");
    CHECK(e.offset == 3);
    CHECK(e.message == "a lone UTF-16 surrogate escape (\\uDC00-\\uDFFF without a high surrogate before it)");

    e = error_of(R"("\uDFFF\uD800")");
    CHECK(e.offset == 1);
}

TEST_CASE("parse_json rejects invalid UTF-8 at the first bad byte", "[json][syntax]")
{
    const std::string message = "invalid UTF-8 in a string: save the file as UTF-8";
    struct Case {
        std::string text;
        std::size_t offset;
    };
    const Case cases[] = {
        {"\"a\xFF" "b\"", 2},            // never valid in UTF-8
        {"\"\xC0\xAF\"", 1},             // overlong encoding of '/'
        {"\"\xE0\x80\xAF\"", 1},         // overlong, three bytes
        {"\"\xED\xA0\x80\"", 1},         // an encoded surrogate (U+D800)
        {"\"\xF4\x90\x80\x80\"", 1},     // beyond U+10FFFF
        {"\"ok \xE2\x82\"", 4},          // a truncated sequence
        {"\"\x80\"", 1},                 // a lone continuation byte
        {"\"caf\xE9\"", 4},              // Latin-1, not UTF-8
    };
    for (const Case& c : cases) {
        auto e = error_of(c.text);
        CHECK(e.offset == c.offset);
        CHECK(e.message == message);
    }

    auto e = error_of("\xFF");
    CHECK(e.offset == 0);
    CHECK(e.message == "expected a value (object, array, string, number, true, false or null), found byte 0xFF");

    e = error_of("\xEF\xBB\xBF{}"); // a byte-order mark is for the readers of files to strip
    CHECK(e.offset == 0);
}

TEST_CASE("parse_json rejects unescaped control characters in strings", "[json][syntax]")
{
    auto e = error_of("\"a\tb\"");
    CHECK(e.offset == 2);
    CHECK(e.message == "a control character inside a string must be escaped");

    e = error_of(std::string("\"a\x01\""));
    CHECK(e.offset == 2);

    e = error_of(std::string("\"a\0b\"", 5));
    CHECK(e.offset == 2);

    e = error_of("{\"a\": \"one\nline\"}");
    CHECK(e.offset == 10);
    CHECK(e.message == "a string is not closed before the end of the line (missing '\"'?)");
}

TEST_CASE("parse_json rejects malformed numbers", "[json][syntax]")
{
    auto e = error_of("01");
    CHECK(e.offset == 0);
    CHECK(e.message == "invalid number: leading zeros are not allowed");

    e = error_of("[1, -007]");
    CHECK(e.offset == 4);
    CHECK(e.message == "invalid number: leading zeros are not allowed");

    e = error_of("-");
    CHECK(e.offset == 1);
    CHECK(e.message == "invalid number: a digit must follow '-'");

    e = error_of("1.");
    CHECK(e.offset == 2);
    CHECK(e.message == "invalid number: a digit must follow the decimal point");

    e = error_of("1e");
    CHECK(e.offset == 2);
    CHECK(e.message == "invalid number: a digit must follow the exponent");

    e = error_of("1e+");
    CHECK(e.offset == 3);

    e = error_of(".5");
    CHECK(e.offset == 0);
    CHECK(e.message == "expected a value (object, array, string, number, true, false or null), found '.'");

    e = error_of("+1");
    CHECK(e.offset == 0);

    e = error_of("0x10");
    CHECK(e.offset == 1);
    CHECK(e.message == "unexpected text after the end of the JSON value");
}

TEST_CASE("parse_json rejects numbers out of range", "[json][syntax]")
{
    auto e = error_of("1e999");
    CHECK(e.offset == 0);
    CHECK(e.message == "number out of range");

    e = error_of(R"({"age": -1e999})");
    CHECK(e.offset == 8);
    CHECK(e.message == "number out of range");

    e = error_of("[" + std::string(400, '9') + "]");
    CHECK(e.offset == 1);
}

TEST_CASE("parse_json rejects words that are not JSON literals", "[json][syntax]")
{
    auto e = error_of("tru");
    CHECK(e.offset == 0);
    CHECK(e.message == "expected a value, found 't' (strings need double quotes)");

    e = error_of(R"({"a": nul})");
    CHECK(e.offset == 6);

    e = error_of("True");
    CHECK(e.message == "expected a value (object, array, string, number, true, false or null), found 'T'");

    e = error_of("{'a': 1}");
    CHECK(e.offset == 1);
    CHECK(e.message == "expected a property name in double quotes, found '''");

    e = error_of("[1,]");
    CHECK(e.offset == 3);
    CHECK(e.message == "expected a value (object, array, string, number, true, false or null), found ']'");

    e = error_of(R"({"a": 1,})");
    CHECK(e.offset == 8);
    CHECK(e.message == "expected a property name in double quotes, found '}'");
}

TEST_CASE("parse_json rejects duplicate keys at the second one", "[json][syntax]")
{
    auto e = error_of(R"({"a": 1, "a": 2})");
    CHECK(e.offset == 9);
    CHECK(e.message == R"(duplicate property "a" in one object: keep only one)");

    e = error_of(R"({"p": {"x": 1, "y": 2, "x": 3}})");
    CHECK(e.offset == 23);

    // Keys that differ only after decoding escapes are the same key.
    e = error_of(R"({"id": 1, "\u0069d": 2})");
    CHECK(e.offset == 10);

    // Duplicates in large objects, at every position: before, at and after
    // the point where the parser switches to a hash set.
    for (std::size_t size : {2, 15, 16, 17, 40}) {
        for (std::size_t dup = 0; dup < size; ++dup) {
            std::string text = "{";
            for (std::size_t i = 0; i < size; ++i) {
                text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
            }
            std::size_t at = text.size();
            text += "\"k" + std::to_string(dup) + "\": 0}";
            casebook::ParseResult r = parse_json(text);
            INFO(size << " keys, the key at index " << dup << " repeated");
            REQUIRE_FALSE(r.value.has_value());
            CHECK(r.error.offset == at);
        }
    }

    CHECK(parsed(R"({"a": {"b": 1}, "b": {"a": 2}})").size() == 2); // same names in different objects
}

TEST_CASE("parse_json limits nesting depth without crashing", "[json][syntax]")
{
    const std::size_t max = casebook::max_json_depth;
    REQUIRE(max == 256);
    CHECK(parsed(repeat("[", max) + repeat("]", max)).is_array());
    CHECK(parsed(repeat("{\"a\":", max) + "1" + repeat("}", max)).is_object());

    auto e = error_of(repeat("[", max + 1) + repeat("]", max + 1));
    CHECK(e.offset == max);
    CHECK(e.message == "arrays and objects are nested more than 256 deep");

    e = error_of(repeat("{\"a\":", max + 1) + "1" + repeat("}", max + 1));
    CHECK(e.offset == 5 * max);

    e = error_of(repeat("[", 100000));
    CHECK(e.offset == max);
    e = error_of(repeat("{\"a\":[", 100000));
    CHECK(e.message == "arrays and objects are nested more than 256 deep");
}

TEST_CASE("parse_json rejects text after the value, and empty text", "[json][syntax]")
{
    auto e = error_of("{} x");
    CHECK(e.offset == 3);
    CHECK(e.message == "unexpected text after the end of the JSON value");

    e = error_of("{}{}");
    CHECK(e.offset == 2);

    e = error_of("1 2");
    CHECK(e.offset == 2);

    e = error_of("truex");
    CHECK(e.offset == 4);

    e = error_of("");
    CHECK(e.offset == 0);
    CHECK(e.message == "unexpected end of input: a value is missing (is the file truncated?)");

    e = error_of(" \n\t\r\n ");
    CHECK(e.offset == 6);
    CHECK(e.message == "unexpected end of input: a value is missing (is the file truncated?)");
}

TEST_CASE("position_at counts lines and characters", "[json][position]")
{
    const std::string text = "ab\ncd\n\nef";
    auto at = [&](std::size_t offset) {
        casebook::Position p = position_at(text, offset);
        return std::make_pair(p.line, p.column);
    };
    CHECK(at(0) == std::make_pair<std::size_t, std::size_t>(1, 1));
    CHECK(at(1) == std::make_pair<std::size_t, std::size_t>(1, 2));
    CHECK(at(2) == std::make_pair<std::size_t, std::size_t>(1, 3)); // the newline itself ends line 1
    CHECK(at(3) == std::make_pair<std::size_t, std::size_t>(2, 1));
    CHECK(at(4) == std::make_pair<std::size_t, std::size_t>(2, 2));
    CHECK(at(6) == std::make_pair<std::size_t, std::size_t>(3, 1));
    CHECK(at(8) == std::make_pair<std::size_t, std::size_t>(4, 2));
    CHECK(at(9) == std::make_pair<std::size_t, std::size_t>(4, 3));   // the end of the text
    CHECK(at(999) == std::make_pair<std::size_t, std::size_t>(4, 3)); // clamped to the end

    CHECK(position_at("", 0).line == 1);
    CHECK(position_at("", 0).column == 1);
}

TEST_CASE("position_at counts UTF-8 characters, not bytes, and CRLF as one line end", "[json][position]")
{
    // "é" is 2 bytes, "€" 3, "😀" 4: each is one column.
    const std::string text = "{\"n\": \"Jos\xC3\xA9 \xE2\x82\xAC\xF0\x9F\x98\x80\", \"x\": 1}";
    std::size_t x = text.find("1}");
    CHECK(x == 28);
    CHECK(position_at(text, x).column == 23);

    const std::string crlf = "{\r\n  \"a\": 1\r\n}";
    casebook::Position p = position_at(crlf, crlf.find('1'));
    CHECK(p.line == 2);
    CHECK(p.column == 8);
    p = position_at(crlf, crlf.find('}'));
    CHECK(p.line == 3);
    CHECK(p.column == 1);
}

TEST_CASE("position_at places a syntax error", "[json][position]")
{
    const std::string text = "{\n  \"person\": {\n    \"pseudonym\": \"Ana\"\n    \"sex\": \"female\"\n  }\n}\n";
    auto e = error_of(text);
    casebook::Position p = position_at(text, e.offset);
    CHECK(p.line == 4);
    CHECK(p.column == 5);
}

namespace {

const std::string nested = R"({
  "a": {"b": [10, {"c": "x"}, []]},
  "d~e": 1,
  "f/g": 2,
  "q\"uote": 3,
  "\u0041": 4,
  "": 5,
  "s": "has \"quotes\", [brackets] and {braces}",
  "t": {"b": 6},
  "n": [1.5e3 , -2, true, null]
})";

// Where the value a pointer names starts, as a short excerpt of the text.
std::string at_pointer(std::string_view pointer)
{
    return nested.substr(locate(nested, pointer), 6);
}

} // namespace

TEST_CASE("locate finds values in nested objects and arrays", "[json][locate]")
{
    REQUIRE(parse_json(nested).value.has_value());
    CHECK(locate(nested, "") == 0);
    CHECK(at_pointer("/a") == R"({"b": )");
    CHECK(at_pointer("/a/b") == "[10, {");
    CHECK(at_pointer("/a/b/0") == "10, {\"");
    CHECK(at_pointer("/a/b/1") == R"({"c": )");
    CHECK(at_pointer("/a/b/1/c") == R"("x"}, )");
    CHECK(at_pointer("/a/b/2") == "[]]},\n");
    CHECK(at_pointer("/t/b") == "6},\n  ");
    CHECK(at_pointer("/n/0") == "1.5e3 ");
    CHECK(at_pointer("/n/1") == "-2, tr");
    CHECK(at_pointer("/n/3") == "null]\n");
    // A string holding brackets and quotes does not confuse the scanner.
    CHECK(at_pointer("/t") == R"({"b": )");
}

TEST_CASE("locate unescapes pointer tokens and JSON keys", "[json][locate]")
{
    CHECK(at_pointer("/d~0e") == "1,\n  \"");
    CHECK(at_pointer("/f~1g") == "2,\n  \"");
    CHECK(at_pointer("/q\"uote") == "3,\n  \"");
    CHECK(at_pointer("/A") == "4,\n  \"");
    CHECK(at_pointer("/") == "5,\n  \"");
    CHECK(casebook::pointer_escape("d~e/f") == "d~0e~1f");
    CHECK(casebook::pointer_escape("~1") == "~01");
}

TEST_CASE("locate finds keys written with non-ASCII \\u escapes", "[json][locate]")
{
    const std::string text = R"({"x": 0, "caf\u00e9": 1, "\uD83D\uDE00": 2})";
    REQUIRE(parse_json(text).value.has_value());
    CHECK(text.substr(locate(text, "/caf\xC3\xA9"), 2) == "1,");
    CHECK(text.substr(locate(text, "/\xF0\x9F\x98\x80"), 2) == "2}");
}

TEST_CASE("locate falls back to the deepest existing container", "[json][locate]")
{
    CHECK(at_pointer("/a/missing") == R"({"b": )");
    CHECK(at_pointer("/a/b/1/zz") == R"({"c": )");
    CHECK(at_pointer("/a/b/7") == "[10, {");  // index past the end
    CHECK(at_pointer("/a/b/x") == "[10, {");  // not an index
    CHECK(at_pointer("/a/b/-") == "[10, {");
    CHECK(at_pointer("/a/b/2/0") == "[]]},\n"); // into an empty array
    CHECK(at_pointer("/d~0e/x") == "1,\n  \""); // through a scalar
    CHECK(locate(nested, "/nothing/deeper") == 0);
    CHECK(locate(nested, "no-leading-slash") == 0);
}

TEST_CASE("locate works on a record inside an array and skips leading whitespace", "[json][locate]")
{
    const std::string text = "\n  [ {\"id\": \"a\"},\n    {\"id\": \"b\", \"x\": [1, {\"y\": 2}]} ]";
    casebook::Position p = position_at(text, locate(text, "/1/id"));
    CHECK(p.line == 3);
    CHECK(p.column == 12);
    CHECK(text.substr(locate(text, "/1/x/1/y"), 1) == "2");
    CHECK(text.substr(locate(text, ""), 1) == "[");
}

TEST_CASE("skip_value steps over one value of a valid text", "[json][locate]")
{
    using casebook::skip_value;
    using casebook::skip_whitespace;
    REQUIRE(parse_json(nested).value.has_value());
    const std::size_t a = nested.find("{\"b\"");
    CHECK(nested.substr(skip_value(nested, a), 2) == ",\n");
    const std::size_t s = nested.find("\"has");
    CHECK(nested.substr(skip_value(nested, s), 2) == ",\n");
    const std::size_t n = nested.find("1.5e3");
    CHECK(nested.substr(skip_value(nested, n), 3) == " , ");
    CHECK(nested.substr(skip_whitespace(nested, skip_value(nested, n)), 2) == ", ");
    CHECK(skip_value(nested, 0) == nested.size());
    CHECK(skip_value("[1, 2", 0) == 5); // a text cut short: never past its end
}

TEST_CASE("PositionCounter gives what position_at gives, counting on", "[json][position]")
{
    const std::string text = "{\r\n  \"n\": \"Jos\xC3\xA9\",\n\n  \"x\": [1, 2]\n}";
    casebook::PositionCounter counter(text);
    for (std::size_t offset = 0; offset <= text.size() + 1; ++offset) {
        casebook::Position counted = counter.at(offset);
        casebook::Position direct = position_at(text, offset);
        CHECK(counted.line == direct.line);
        CHECK(counted.column == direct.column);
    }
}
